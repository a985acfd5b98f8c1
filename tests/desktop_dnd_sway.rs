//! Do-not-disturb of the notification servers of wlroots desktops, for real: mako and swaync
//! (Debian 12's mako 1.7 and swaync 0.7) under a headless sway, switched with their own tools.
//! posture names the server it follows in `posture status`, holds reminders as a meeting while
//! do-not-disturb is on, and lets go when it is off.
//!
//! mako announces no mode change on the bus; posture sees `makoctl`'s `SetModes` call as a bus
//! monitor (see `senses/busy/dnd/mako.rs`), so this test is also the proof that this works.

#[path = "support/compositor.rs"]
mod compositor;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/sway.rs"]
mod sway;
#[path = "support/tools.rs"]
mod tools;

use std::fs;
use std::time::Duration;

use sandbox::{Sandbox, eventually};
use sway::Sway;

const CONFIG: &str = "[meetings]\ncamera = false\nmicrophone = false\n";

/// Starts posture in `sway`'s session and waits until it follows `server`.
fn posture_following(sway: &Sway, name: &str, server: &str) -> (Sandbox, sandbox::Daemon) {
    let sandbox = Sandbox::new(name);
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    let daemon = sandbox.start_with(&sway.posture_env());
    eventually(&format!("posture to follow {server}"), || sandbox.status()["do_not_disturb_server"] == server);
    assert_eq!(sandbox.status()["state"], "active");
    (sandbox, daemon)
}

/// How long until `posture status` shows `state`.
fn until_state(sandbox: &Sandbox, state: &str) -> Duration {
    eventually(&format!("state {state}"), || sandbox.status()["state"] == state)
}

#[test]
fn mako_do_not_disturb_mode_is_a_meeting() {
    let Some(mut sway) = Sway::start_session("dnd-mako", &["mako", "makoctl", "jq"], "sway mako-notifier jq dbus")
    else {
        return;
    };
    sway.spawn_as_user("mako", &[]);
    eventually("mako on the bus", || sway.run_as_user("makoctl", &["mode"]).status.success());
    let (sandbox, daemon) = posture_following(&sway, "dnd-mako", "mako");

    assert!(sway.run_as_user("makoctl", &["mode", "-a", "do-not-disturb"]).status.success());
    let held = until_state(&sandbox, "meeting");
    assert_eq!(sandbox.status()["meeting_sources"], serde_json::json!(["do_not_disturb"]));
    // Another mode changing leaves do-not-disturb on.
    assert!(sway.run_as_user("makoctl", &["mode", "-a", "away"]).status.success());
    assert!(sway.run_as_user("makoctl", &["mode", "-r", "do-not-disturb"]).status.success());
    let released = until_state(&sandbox, "active");
    println!("mako: meeting {held:?} after `makoctl mode -a do-not-disturb`, active {released:?} after -r");
    daemon.stop();
}

#[test]
fn swaync_do_not_disturb_is_a_meeting() {
    let Some(mut sway) =
        Sway::start_session("dnd-swaync", &["swaync", "swaync-client"], "sway sway-notification-center dbus")
    else {
        return;
    };
    sway.spawn_as_user("swaync", &[]);
    eventually("swaync on the bus", || sway.run_as_user("swaync-client", &["--get-dnd"]).status.success());
    let (sandbox, daemon) = posture_following(&sway, "dnd-swaync", "swaync");

    // swaync 0.7's client: `-d` toggles and prints the new state.
    let on = sway.run_as_user("swaync-client", &["-d"]);
    assert_eq!(String::from_utf8_lossy(&on.stdout).trim(), "true", "{on:?}");
    let held = until_state(&sandbox, "meeting");
    assert_eq!(sandbox.status()["meeting_sources"], serde_json::json!(["do_not_disturb"]));
    let off = sway.run_as_user("swaync-client", &["-d"]);
    assert_eq!(String::from_utf8_lossy(&off.stdout).trim(), "false", "{off:?}");
    let released = until_state(&sandbox, "active");
    println!("swaync: meeting {held:?} after `swaync-client -d`, active {released:?} after the second");
    daemon.stop();
}
