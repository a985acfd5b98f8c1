//! A throwaway X desktop for system tests: Xvfb on a free display number, and the rule for
//! missing tools. Locally a test without Xvfb, xdotool or dunst skips with a printed reason;
//! with `POSTURE_REQUIRE_DESKTOP_TESTS=1` (set by `.ci/run`) it fails instead.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// True if every tool is on PATH. Otherwise prints why the test is skipped, or panics when
/// desktop tests are required.
pub fn have_tools(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|tool| !on_path(tool)).collect();
    if missing.is_empty() {
        return true;
    }
    let reason = format!("{test}: skipped, missing {} (apt-get install xvfb xdotool dunst)", missing.join(", "));
    if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").is_ok_and(|v| v == "1") {
        panic!("{reason}, but POSTURE_REQUIRE_DESKTOP_TESTS=1 forbids skipping");
    }
    eprintln!("{reason}");
    false
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// An Xvfb server, stopped on drop.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    pub fn start() -> Xvfb {
        // Pick a display number from the pid so parallel test binaries do not collide.
        let mut number = 100 + std::process::id() % 800;
        loop {
            if !Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
                && !Path::new(&format!("/tmp/.X{number}-lock")).exists()
            {
                break;
            }
            number += 1;
        }
        let display = format!(":{number}");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let socket = format!("/tmp/.X11-unix/X{number}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !Path::new(&socket).exists() {
            assert!(Instant::now() < deadline, "Xvfb never opened {socket}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Xvfb { child, display }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
