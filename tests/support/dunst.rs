//! dunst, a real notification server, on an Xvfb display and a private session bus, for the
//! system tests that check what reaches a desktop.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A running dunst; killed when dropped.
pub struct Dunst {
    child: Child,
    bus: String,
    display: String,
}

impl Dunst {
    /// Starts dunst and waits until it owns the notification name.
    pub fn start(bus: &str, display: &str) -> Dunst {
        let child = Command::new("dunst")
            .env("DISPLAY", display)
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst starts");
        let dunst = Dunst { child, bus: bus.to_string(), display: display.to_string() };
        eventually("dunst to own the notification name", || dunst.ctl(&["is-paused"]).status.success());
        dunst
    }

    /// Runs `dunstctl` against this dunst.
    pub fn ctl(&self, args: &[&str]) -> Output {
        Command::new("dunstctl")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .env("DISPLAY", &self.display)
            .output()
            .expect("dunstctl runs")
    }
}

impl Drop for Dunst {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to 15 s for `check` to hold.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
