//! A throwaway X desktop for system tests: Xvfb on a free display number. Whether the tools are
//! there at all is `idle_process::tools_present`.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
        // -noreset: by default Xvfb resets when its last client leaves, and a client connecting
        // during the reset is dropped; a readiness probe followed by openbox hit that about once
        // in 25 runs (openbox exited 1 with nothing said).
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1024x768x24", "-nolisten", "tcp", "-noreset"])
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
