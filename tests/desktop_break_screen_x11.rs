//! The break screen on X11 (Xvfb, xdotool), opened by the real daemon: `posture break` opens a
//! window that shows the card, input pauses the countdown and quiet resumes it, Enter records
//! the break as taken; in fullscreen the window covers the screen and Escape skips. Without a
//! display the daemon shows the notification instead and says why in its log. Screenshots are
//! saved under target/tmp/ (English window, Dutch fullscreen).

#[path = "support/desktop.rs"]
mod desktop;
#[path = "support/idle_process.rs"]
mod idle_process;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use desktop::Xvfb;
use idle_process::tools_present;
use sandbox::{Sandbox, wait_for};
use serde_json::Value;
use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

/// A rest break long enough to watch its countdown; away_after long enough that the daemon's
/// own idle sense does not take the break while the test pauses.
const CONFIG: &str = "[rest]\nevery = \"50m\"\nduration = \"40s\"\n\
                      [activity]\naway_after = \"2m\"\n[notifications]\nsound = false\n";

/// The colour of "Hands off the keyboard and mouse to continue" (the screen's warning text).
const WARN: [u8; 3] = [0xb4, 0x4d, 0x12];

fn font_present() -> bool {
    let dirs = ["/usr/share/fonts", "/usr/local/share/fonts"];
    let found = dirs.iter().any(|dir| find_file(Path::new(dir), "DejaVuSans.ttf", 4));
    if !found {
        let reason = "DejaVuSans.ttf not installed (apt-get install -y fonts-dejavu-core)";
        if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
            panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
        }
        eprintln!("skipped: {reason}");
    }
    found
}

fn find_file(dir: &Path, name: &str, depth: usize) -> bool {
    let Ok(entries) = fs::read_dir(dir) else { return false };
    entries.flatten().any(|entry| {
        let path = entry.path();
        if path.is_dir() { depth > 0 && find_file(&path, name, depth - 1) } else { entry.file_name() == name }
    })
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let output = Command::new("xdotool").args(args).env("DISPLAY", display).output().expect("xdotool runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The break screen's window, once it is there.
fn break_window(display: &str) -> u32 {
    let mut window = None;
    wait_for("the break screen's window", || {
        window = xdotool(display, &["search", "--name", "posture break"]).lines().next().and_then(|l| l.parse().ok());
        window.is_some()
    });
    window.unwrap()
}

fn gone(display: &str) -> bool {
    xdotool(display, &["search", "--name", "posture break"]).trim().is_empty()
}

/// The window's pixels as RGB, read back from the server.
fn screenshot(display: &str, window: u32) -> (u16, u16, Vec<[u8; 3]>) {
    let (conn, _) = x11rb::connect(Some(display)).expect("the test connects to Xvfb");
    let geometry = conn.get_geometry(window).unwrap().reply().unwrap();
    let (w, h) = (geometry.width, geometry.height);
    let image = conn.get_image(ImageFormat::Z_PIXMAP, window, 0, 0, w, h, !0).unwrap().reply().unwrap();
    let pixels = image.data.chunks_exact(4).map(|p| [p[2], p[1], p[0]]).collect();
    (w, h, pixels)
}

/// Saves a screenshot as PNG under target/, for the README.
fn save(name: &str, (w, h, pixels): &(u16, u16, Vec<[u8; 3]>)) -> PathBuf {
    let data = pixels.iter().flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    let size = tiny_skia::IntSize::from_wh(u32::from(*w), u32::from(*h)).unwrap();
    let pixmap = tiny_skia::Pixmap::from_vec(data, size).unwrap();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    pixmap.save_png(&path).unwrap();
    path
}

const BACKGROUND: [u8; 3] = [0xee, 0xf2, 0xf6];

/// A screenshot once the first frame is on screen (the window's background shows before it).
fn first_frame(display: &str, window: u32) -> (u16, u16, Vec<[u8; 3]>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let shot = screenshot(display, window);
        if shot.2.len() - count(&shot.2, BACKGROUND) > 20_000 || Instant::now() > deadline {
            return shot;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn count(pixels: &[[u8; 3]], colour: [u8; 3]) -> usize {
    pixels.iter().filter(|p| **p == colour).count()
}

fn breaks_taken(sandbox: &Sandbox) -> u64 {
    sandbox.status()["today"]["breaks_taken"].as_u64().unwrap_or(0)
}

fn log_position(log: &str, needle: &str) -> usize {
    log.find(needle).unwrap_or_else(|| panic!("the log says `{needle}`:\n{log}"))
}

#[test]
fn a_window_shows_the_card_pauses_on_input_and_enter_records_done() {
    if !tools_present(&["Xvfb", "xdotool"]) || !font_present() {
        return;
    }
    let xvfb = Xvfb::start();
    let display = xvfb.display.as_str();
    let sandbox = Sandbox::new("bs-window");
    fs::write(sandbox.config_file(), format!("language = \"en\"\n{CONFIG}[break_screen]\nmode = \"window\"\n"))
        .unwrap();
    let daemon = sandbox.start_with(&[("DISPLAY", display)]);

    assert!(sandbox.run(&["break"]).status.success());
    let window = break_window(display);
    let geometry = xdotool(display, &["getwindowgeometry", &window.to_string()]);
    assert!(!geometry.contains("1024x768"), "a window, not the whole screen: {geometry}");
    let shot = first_frame(display, window);
    let path = save("break-screen-window.png", &shot);
    let background = count(&shot.2, BACKGROUND);
    let drawn = shot.2.len() - background;
    assert!(background > shot.2.len() / 2, "the screen's background fills the window ({})", path.display());
    assert!(drawn > 20_000, "the card is drawn: {drawn} pixels besides the background ({})", path.display());
    assert!(count(&shot.2, [0xff, 0xff, 0xff]) > 10_000, "the picture's white panel shows ({})", path.display());
    assert_eq!(count(&shot.2, WARN), 0, "the countdown runs at first");
    assert_eq!(sandbox.status()["pending"], "rest");

    // Hands on: the pointer keeps moving until the screen says so.
    let deadline = Instant::now() + Duration::from_secs(8);
    let mut step = 0;
    let held = loop {
        xdotool(display, &["mousemove_relative", "--", if step % 2 == 0 { "7" } else { "-7" }, "0"]);
        step += 1;
        std::thread::sleep(Duration::from_millis(250));
        let shot = screenshot(display, window);
        if count(&shot.2, WARN) > 50 {
            break shot;
        }
        assert!(Instant::now() < deadline, "input never showed \"hands off to continue\"");
    };
    save("break-screen-window-paused.png", &held);
    // Hands off again: the countdown resumes and the warning goes.
    let deadline = Instant::now() + Duration::from_secs(6);
    while count(&screenshot(display, window).2, WARN) > 0 {
        assert!(Instant::now() < deadline, "the countdown never resumed");
        std::thread::sleep(Duration::from_millis(200));
    }

    let before = breaks_taken(&sandbox);
    xdotool(display, &["key", "Return"]);
    wait_for("the break screen to close", || gone(display));
    wait_for("the break recorded as taken", || breaks_taken(&sandbox) == before + 1);
    assert_eq!(sandbox.status()["pending"], Value::Null);
    let log = daemon.stop();
    let paused = log_position(&log, "countdown paused, hands on");
    let resumed = log_position(&log, "countdown resumed, hands off");
    assert!(paused < resumed, "paused, then resumed:\n{log}");
    log_position(&log, "break screen: answered done");
    assert!(!log.contains("showing the notification instead"), "{log}");
}

#[test]
fn fullscreen_covers_the_screen_and_escape_skips() {
    if !tools_present(&["Xvfb", "xdotool"]) || !font_present() {
        return;
    }
    let xvfb = Xvfb::start();
    let display = xvfb.display.as_str();
    let sandbox = Sandbox::new("bs-full");
    fs::write(sandbox.config_file(), format!("language = \"nl\"\n{CONFIG}[break_screen]\nmode = \"fullscreen\"\n"))
        .unwrap();
    let daemon = sandbox.start_with(&[("DISPLAY", display)]);

    assert!(sandbox.run(&["break"]).status.success());
    let window = break_window(display);
    let geometry = xdotool(display, &["getwindowgeometry", &window.to_string()]);
    assert!(geometry.contains("Position: 0,0") && geometry.contains("Geometry: 1024x768"), "{geometry}");
    let shot = first_frame(display, window);
    // In Dutch, for the README's Dutch screenshot.
    save("break-screen-fullscreen-nl.png", &shot);
    assert!(shot.2.len() - count(&shot.2, BACKGROUND) > 20_000, "the card is drawn");

    xdotool(display, &["key", "Escape"]);
    wait_for("the break screen to close", || gone(display));
    wait_for("the break skipped", || sandbox.status()["pending"] == Value::Null);
    let log = daemon.stop();
    log_position(&log, "break screen: answered skip");
}

#[test]
fn without_a_display_the_notification_shows_and_the_log_says_why() {
    let sandbox = Sandbox::new("bs-nodisplay");
    fs::write(sandbox.config_file(), format!("language = \"en\"\n{CONFIG}[break_screen]\nmode = \"window\"\n"))
        .unwrap();
    // The sandbox has no DISPLAY, no WAYLAND_DISPLAY and no notification server: the reminder
    // falls back to the notifier, which prints it to stderr.
    let daemon = sandbox.start();
    assert!(sandbox.run(&["break"]).status.success());
    // The break screen gives up at once; two seconds is ample for it and the fallback.
    let deadline = Instant::now() + Duration::from_secs(2);
    let log = loop {
        std::thread::sleep(Duration::from_millis(300));
        if Instant::now() > deadline {
            break daemon.stop();
        }
        // The break is not lost: still pending, for the notification to answer.
        assert_eq!(sandbox.status()["pending"], "rest");
    };
    let cause = log_position(&log, "no display to show the break screen on");
    let fallback = log_position(&log, "cannot show on this desktop (see its line above); showing the notification");
    let printed = log_position(&log, "posture: Time for a movement break");
    assert!(cause < fallback && fallback < printed, "{log}");
}

#[test]
fn a_break_screen_that_dies_unanswered_leaves_the_break_to_the_notification() {
    if !tools_present(&["Xvfb", "xdotool"]) || !font_present() {
        return;
    }
    let xvfb = Xvfb::start();
    let display = xvfb.display.as_str();
    let sandbox = Sandbox::new("bs-crash");
    fs::write(sandbox.config_file(), format!("language = \"en\"\n{CONFIG}[break_screen]\nmode = \"window\"\n"))
        .unwrap();
    let daemon = sandbox.start_with(&[("DISPLAY", display)]);

    assert!(sandbox.run(&["break"]).status.success());
    let window = break_window(display);
    let pid = xdotool(display, &["getwindowpid", &window.to_string()]);
    let pid: i32 = pid.trim().parse().expect("the window names its process");
    // SAFETY: kill(2) on the break screen the daemon under test started for this test.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    wait_for("the window to go", || gone(display));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(sandbox.status()["pending"], "rest", "the break is still pending");
    let log = daemon.stop();
    let fallback = log_position(&log, "killed by signal 9; showing the notification instead");
    assert!(fallback < log_position(&log, "posture: Time for a movement break"), "{log}");
}
