//! The break screen's sounds, opened by the real daemon on Xvfb: where `canberra-gtk-play` is
//! missing, the start (`bell`) and the end (`complete`) of the break reach the notification
//! server as `sound-name` hints, the path the reminders' sounds take; where it is installed, it
//! plays them and no notification is sent for them. The server is the recording stand-in of
//! `support/fake_notifications.rs`, which sees every hint a real server would be sent.

#[path = "support/desktop.rs"]
mod desktop;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/idle_process.rs"]
mod idle_process;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::time::Duration;

use desktop::Xvfb;
use fake_notifications::{FakeServer, Log, PrivateBus};
use idle_process::tools_present;
use sandbox::{Daemon, Sandbox, wait_for};

/// A three-second rest break: its countdown ends while the test waits.
const CONFIG: &str = "language = \"en\"\n[rest]\nevery = \"50m\"\nduration = \"3s\"\n\
                      [activity]\naway_after = \"2m\"\n[notifications]\nsound = true\n\
                      [break_screen]\nmode = \"window\"\n";

/// After the break the screen says "touch any key to close"; a key closes it, as the user's
/// return would (it shares the daemon's log pipe, which the test reads to its end).
fn touch_a_key(display: &str) {
    let typed = Command::new("xdotool").args(["key", "Return"]).env("DISPLAY", display).status().unwrap();
    assert!(typed.success());
    wait_for("the break screen to close", || {
        let found =
            Command::new("xdotool").args(["search", "--name", "posture break"]).env("DISPLAY", display).output();
        found.is_ok_and(|out| out.stdout.is_empty())
    });
}

/// The sound names the server was asked to play, with the notification's title.
fn sounds(log: &Log) -> Vec<(String, String)> {
    log.notifications.iter().filter_map(|n| Some((n.sound_name.clone()?, n.summary.clone()))).collect()
}

/// What a test needs around a break screen: Xvfb, a private bus with the recording server, and
/// a daemon that has just opened a three-second break screen.
struct Break {
    daemon: Daemon,
    sandbox: Sandbox,
    server: FakeServer,
    /// Kept to the end: the bus ends when dropped.
    _bus: PrivateBus,
    xvfb: Xvfb,
}

/// Starts it all; `path` gives the daemon's PATH, set up in the sandbox.
async fn open_break(name: &str, path: impl FnOnce(&Sandbox) -> String) -> Break {
    let xvfb = Xvfb::start();
    let bus = PrivateBus::start();
    let server = FakeServer::start(bus.address()).await;
    let sandbox = Sandbox::new(name);
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    let path = path(&sandbox);
    let daemon =
        sandbox.start_with(&[("DISPLAY", &xvfb.display), ("DBUS_SESSION_BUS_ADDRESS", bus.address()), ("PATH", &path)]);
    assert!(sandbox.run(&["break"]).status.success());
    Break { daemon, sandbox, server, _bus: bus, xvfb }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_canberra_the_sounds_go_through_the_notification_server() {
    if !tools_present(&["Xvfb", "xdotool"]) {
        return;
    }
    // An empty PATH: no canberra-gtk-play, whatever the machine has.
    let opened = open_break("bs-sound", |sandbox| {
        let bin = sandbox.root.join("empty-bin");
        fs::create_dir_all(&bin).unwrap();
        bin.display().to_string()
    })
    .await;
    let start = opened.server.wait_for("the start sound", |log| sounds(log).first().cloned()).await;
    assert_eq!(start, ("bell".into(), "Movement break".into()));
    let end = opened.server.wait_for("the end sound", |log| sounds(log).get(1).cloned()).await;
    assert_eq!(end, ("complete".into(), "Break done".into()));
    let transient =
        opened.server.log().notifications.iter().all(|n| n.sound_name.is_none() || n.transient == Some(true));
    assert!(transient, "sound notifications stay out of the history: {:?}", opened.server.log());
    touch_a_key(&opened.xvfb.display);
    let log = opened.daemon.stop();
    assert!(log.contains("break screen: answered done"), "{log}");
    assert!(!log.contains("showing the notification instead"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_canberra_the_sounds_play_without_notifications() {
    if !tools_present(&["Xvfb", "xdotool"]) {
        return;
    }
    // A stand-in for canberra-gtk-play (a container has no sound card): it notes what it plays.
    let opened = open_break("bs-canberra", |sandbox| {
        let bin = sandbox.root.join("bin");
        fs::create_dir_all(&bin).unwrap();
        let player = bin.join("canberra-gtk-play");
        fs::write(&player, format!("#!/bin/sh\necho \"$*\" >> {}\n", sandbox.root.join("played").display())).unwrap();
        fs::set_permissions(&player, fs::Permissions::from_mode(0o755)).unwrap();
        format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
    })
    .await;
    let played = opened.sandbox.root.join("played");
    wait_for("both sounds played", || fs::read_to_string(&played).is_ok_and(|p| p.lines().count() == 2));
    assert_eq!(fs::read_to_string(&played).unwrap(), "-i bell\n-i complete\n");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        sounds(&opened.server.log()).is_empty(),
        "no sound notification beside the player: {:?}",
        opened.server.log()
    );
    touch_a_key(&opened.xvfb.display);
    opened.daemon.stop();
}
