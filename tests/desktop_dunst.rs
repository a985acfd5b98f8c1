//! posture against dunst, a real notification server, under Xvfb on a private session bus:
//! the reminder reaches dunst, as `dunstctl history` shows.

#[path = "support/desktop.rs"]
mod desktop;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/idle_process.rs"]
mod idle_process;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use desktop::Xvfb;
use fake_notifications::PrivateBus;
use idle_process::tools_present;
use sandbox::Sandbox;

struct Dunst(Child);

impl Drop for Dunst {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dunstctl(bus: &str, display: &str, args: &[&str]) -> Output {
    Command::new("dunstctl")
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("DISPLAY", display)
        .output()
        .expect("dunstctl runs")
}

fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_reminder_reaches_dunst() {
    if !tools_present(&["Xvfb", "dunst", "dunstctl"]) {
        return;
    }
    let xvfb = Xvfb::start();
    let bus = PrivateBus::start();
    let _dunst = Dunst(
        Command::new("dunst")
            .env("DISPLAY", &xvfb.display)
            .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst starts"),
    );
    eventually("dunst to own the notification name", || {
        dunstctl(bus.address(), &xvfb.display, &["is-paused"]).status.success()
    });

    let sandbox = Sandbox::new("dunst");
    fs::write(sandbox.config_file(), "language = \"en\"\n[micro]\nevery = \"2s\"\nduration = \"1s\"\n").unwrap();
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address()), ("DISPLAY", &xvfb.display)]);
    eventually("the reminder on screen", || {
        let count = dunstctl(bus.address(), &xvfb.display, &["count", "displayed"]);
        String::from_utf8_lossy(&count.stdout).trim().parse::<u32>().unwrap_or(0) > 0
    });
    // History holds what left the screen; closing moves the reminder there.
    assert!(dunstctl(bus.address(), &xvfb.display, &["close-all"]).status.success());
    let mut history = String::new();
    eventually("the reminder in dunstctl history", || {
        history = String::from_utf8_lossy(&dunstctl(bus.address(), &xvfb.display, &["history"]).stdout).into_owned();
        history.contains("Posture check")
    });
    assert!(history.contains("\"posture\""), "the app name: {history}");
    println!("dunstctl history:\n{history}");
    daemon.stop();
}
