//! dunst, a real notification server, on an Xvfb display and a private session bus, for the
//! system tests that check what reaches a desktop; and the posture daemon on both.
//!
//! Include it next to `support/sandbox.rs`; it brings the display and the bus itself.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

#[path = "desktop.rs"]
mod desktop;
#[path = "fake_notifications.rs"]
mod fake_notifications;
#[path = "idle_process.rs"]
mod idle_process;

use std::fs;
use std::process::{Child, Command, Output, Stdio};

use desktop::Xvfb;
use fake_notifications::PrivateBus;

use crate::sandbox::{Daemon, Sandbox, eventually};

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

/// Xvfb, a bus, dunst on both and the daemon; stopped in that order backwards on drop.
pub struct Desktop {
    pub daemon: Daemon,
    pub sandbox: Sandbox,
    pub dunst: Dunst,
    bus: PrivateBus,
    xvfb: Xvfb,
}

impl Desktop {
    /// Starts the display, the bus, dunst and the daemon with `config` (TOML); `name` keeps
    /// the tests apart. `None` when the test must skip.
    pub fn start(name: &str, config: &str) -> Option<Desktop> {
        if !idle_process::tools_present(&["Xvfb", "dunst", "dunstctl"]) {
            return None;
        }
        let xvfb = Xvfb::start();
        let bus = PrivateBus::start();
        let dunst = Dunst::start(bus.address(), &xvfb.display);
        let sandbox = Sandbox::new(name);
        fs::write(sandbox.config_file(), config).unwrap();
        let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address()), ("DISPLAY", &xvfb.display)]);
        Some(Desktop { daemon, sandbox, dunst, bus, xvfb })
    }
}
