//! The daemon on an X11 desktop (Xvfb) with the MIT-SCREEN-SAVER backend: input injected with
//! xdotool keeps the user present, no input makes them away, and an away period as long as the
//! breaks restarts the sitting clocks.

#[path = "support/desktop.rs"]
mod desktop;
#[path = "support/idle_process.rs"]
mod idle_process;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use desktop::Xvfb;
use idle_process::tools_present;
use sandbox::Sandbox;
use serde_json::Value;

/// Away after 3 s without input; both breaks are short enough for a natural one in seconds.
const CONFIG: &str = "[micro]\nevery = \"10m\"\nduration = \"2s\"\n[rest]\nevery = \"20m\"\nduration = \"4s\"\n\
                      [activity]\naway_after = \"3s\"\n";

fn xdotool(display: &str, args: &[&str]) {
    let status = Command::new("xdotool").args(args).env("DISPLAY", display).status().expect("xdotool runs");
    assert!(status.success(), "xdotool {args:?}");
}

fn until(what: &str, sandbox: &Sandbox, limit: Duration, check: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + limit;
    loop {
        let status = sandbox.status();
        if check(&status) {
            return status;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}; status: {status}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn input_keeps_the_user_present_and_a_natural_break_restarts_the_clock() {
    if !tools_present(&["Xvfb", "xdotool"]) {
        return;
    }
    let xvfb = Xvfb::start();
    let sandbox = Sandbox::new("x11");
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    let daemon = sandbox.start_with(&[("DISPLAY", &xvfb.display)]);
    assert_eq!(sandbox.status()["idle_backend"], "x11-screensaver");

    // Typing and moving the mouse for six seconds: present all along, sitting accumulates.
    for step in 0..12 {
        xdotool(&xvfb.display, &["mousemove_relative", "--", if step % 2 == 0 { "5" } else { "-5" }, "0"]);
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(sandbox.status()["state"], "active", "input keeps the user present");
    }
    let sitting = sandbox.status()["sitting_seconds"]["micro"].as_u64().unwrap();
    assert!(sitting >= 5, "six seconds of input counted as sitting: {sitting}");

    // No input: the idle monitor reports it, the gap passes away_after, the user is away.
    let away = until("the user to be away", &sandbox, Duration::from_secs(20), |s| s["state"] == "away");
    assert_eq!(away["idle_backend"], "x11-screensaver");
    // Stay away longer than both break durations (rest is 4 s).
    std::thread::sleep(Duration::from_secs(5));

    xdotool(&xvfb.display, &["key", "shift"]);
    let back = until("the user to be back", &sandbox, Duration::from_secs(10), |s| s["state"] == "active");
    let micro = back["sitting_seconds"]["micro"].as_u64().unwrap();
    let rest = back["sitting_seconds"]["rest"].as_u64().unwrap();
    assert!(micro < sitting && rest < sitting, "the natural break restarted both clocks: {back}");
    daemon.stop();
}
