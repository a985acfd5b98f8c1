//! posture against dunst, a real notification server, under Xvfb on a private session bus:
//! the reminder reaches dunst, as `dunstctl history` shows.

#[path = "support/desktop.rs"]
mod desktop;
#[path = "support/dunst.rs"]
mod dunst;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/idle_process.rs"]
mod idle_process;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;

use desktop::Xvfb;
use dunst::{Dunst, eventually};
use fake_notifications::PrivateBus;
use idle_process::tools_present;
use sandbox::Sandbox;

#[test]
fn a_reminder_reaches_dunst() {
    if !tools_present(&["Xvfb", "dunst", "dunstctl"]) {
        return;
    }
    let xvfb = Xvfb::start();
    let bus = PrivateBus::start();
    let dunst = Dunst::start(bus.address(), &xvfb.display);

    let sandbox = Sandbox::new("dunst");
    fs::write(sandbox.config_file(), "language = \"en\"\n[micro]\nevery = \"2s\"\nduration = \"1s\"\n").unwrap();
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address()), ("DISPLAY", &xvfb.display)]);
    eventually("the reminder on screen", || {
        let count = dunst.ctl(&["count", "displayed"]);
        String::from_utf8_lossy(&count.stdout).trim().parse::<u32>().unwrap_or(0) > 0
    });
    // History holds what left the screen; closing moves the reminder there.
    assert!(dunst.ctl(&["close-all"]).status.success());
    let mut history = String::new();
    eventually("the reminder in dunstctl history", || {
        history = String::from_utf8_lossy(&dunst.ctl(&["history"]).stdout).into_owned();
        history.contains("posture check")
    });
    assert!(history.contains("\"posture\""), "the app name: {history}");
    println!("dunstctl history:\n{history}");
    daemon.stop();
}
