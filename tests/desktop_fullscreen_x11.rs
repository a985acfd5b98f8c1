//! A fullscreen window in front on X11, for real: openbox (a small EWMH window manager) on
//! Xvfb manages a real window (xlogo); `wmctrl -r :ACTIVE: -b add,fullscreen` makes it
//! fullscreen as a film player would. posture follows `_NET_ACTIVE_WINDOW` and
//! `_NET_WM_STATE_FULLSCREEN`, holds reminders as a meeting, and lets go when the window leaves
//! fullscreen, and when another window comes in front of the fullscreen one.

#[path = "support/desktop.rs"]
mod desktop;
#[path = "support/sandbox.rs"]
mod sandbox;
// Only `all_present` is used here.
#[allow(dead_code)]
#[path = "support/tools.rs"]
mod tools;

use std::fs;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use desktop::Xvfb;
use sandbox::{Sandbox, eventually};

/// A program of the test's (openbox, a window), stopped when the test ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wmctrl(display: &str, args: &[&str]) -> String {
    let out = Command::new("wmctrl").args(args).env("DISPLAY", display).output().expect("wmctrl runs");
    assert!(out.status.success(), "wmctrl {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The windows `wmctrl -l` lists, or nothing while the window manager is not ready.
fn listed(display: &str) -> String {
    let out = Command::new("wmctrl").arg("-l").env("DISPLAY", display).output().expect("wmctrl runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Opens a window titled `title` (xlogo, a small real X client); closed when dropped. Once in a
/// CI run of many the window never reached the window manager's list; a second xlogo is
/// started then, and a third failure says what xlogo printed.
fn open_window(display: &str, title: &str) -> Killed {
    let log = std::env::temp_dir().join(format!("posture-xlogo-{}-{title}.log", std::process::id()));
    for _ in 0..3 {
        let mut child = Killed(
            Command::new("xlogo")
                .args(["-title", title])
                .env("DISPLAY", display)
                .stdout(Stdio::null())
                .stderr(fs::File::create(&log).unwrap())
                .spawn()
                .expect("xlogo starts"),
        );
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if listed(display).contains(title) {
                let _ = fs::remove_file(&log);
                return child;
            }
            if child.0.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Dropping `child` ends this xlogo before the next one starts.
        eprintln!("the {title} window did not appear; xlogo said: {}", fs::read_to_string(&log).unwrap_or_default());
    }
    panic!(
        "the {title} window never appeared; xlogo said: {}; wmctrl -l: {}",
        fs::read_to_string(&log).unwrap_or_default(),
        listed(display)
    );
}

#[test]
fn a_fullscreen_window_in_front_is_a_meeting_on_x11() {
    if !tools::all_present(&["Xvfb", "openbox", "wmctrl", "xlogo"], "xvfb openbox wmctrl x11-apps") {
        return;
    }
    let xvfb = Xvfb::start();
    // Xvfb's socket exists a moment before it accepts clients; openbox gives up on a refusal.
    eventually("Xvfb to accept clients", || {
        x11rb::rust_connection::RustConnection::connect(Some(&xvfb.display)).is_ok()
    });
    let log = std::env::temp_dir().join(format!("posture-openbox-{}.log", std::process::id()));
    let mut openbox = Killed(
        Command::new("openbox")
            .arg("--sm-disable")
            .env("DISPLAY", &xvfb.display)
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .expect("openbox starts"),
    );
    // `wmctrl -l` succeeds once openbox has set up its client list, a moment after it starts.
    eventually("openbox to manage the screen", || {
        let exited = openbox.0.try_wait().unwrap();
        assert!(exited.is_none(), "openbox ended ({exited:?}): {}", fs::read_to_string(&log).unwrap_or_default());
        Command::new("wmctrl").arg("-l").env("DISPLAY", &xvfb.display).output().is_ok_and(|o| o.status.success())
    });
    let _film = open_window(&xvfb.display, "film");

    let sandbox = Sandbox::new("fullscreen-x11");
    fs::write(
        sandbox.config_file(),
        "[meetings]\ncamera = false\nmicrophone = false\ndo_not_disturb = false\nfullscreen = true\n",
    )
    .unwrap();
    let daemon = sandbox.start_with(&[("DISPLAY", &xvfb.display)]);
    eventually("the fullscreen backend", || sandbox.status()["fullscreen_backend"] == "x11-ewmh");
    assert_eq!(sandbox.status()["state"], "active");

    wmctrl(&xvfb.display, &["-a", "film"]);
    wmctrl(&xvfb.display, &["-r", ":ACTIVE:", "-b", "add,fullscreen"]);
    let held = eventually("the meeting", || sandbox.status()["state"] == "meeting");
    assert_eq!(sandbox.status()["meeting_sources"], serde_json::json!(["fullscreen"]));
    wmctrl(&xvfb.display, &["-r", ":ACTIVE:", "-b", "remove,fullscreen"]);
    let released = eventually("the end of the meeting", || sandbox.status()["state"] == "active");

    // Fullscreen again, then another window comes in front: the film is no longer in front.
    wmctrl(&xvfb.display, &["-r", ":ACTIVE:", "-b", "add,fullscreen"]);
    eventually("the meeting again", || sandbox.status()["state"] == "meeting");
    let _mail = open_window(&xvfb.display, "mail");
    wmctrl(&xvfb.display, &["-a", "mail"]);
    let behind = eventually("the end when another window is in front", || sandbox.status()["state"] == "active");
    println!(
        "X11 (openbox): meeting {held:?} after add,fullscreen; active {released:?} after remove; {behind:?} after another window came in front"
    );
    daemon.stop();
}
