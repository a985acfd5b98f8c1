//! A throwaway X desktop for system tests: Xvfb on a free display number. Whether the tools are
//! there at all is `idle_process::tools_present`.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// An Xvfb server, stopped on drop.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    /// Starts Xvfb and returns once it accepts clients. `-displayfd` lets Xvfb take a free
    /// display number itself and write it once it listens, so tests started at the same instant
    /// (in one binary or several) never pick the same number.
    pub fn start() -> Xvfb {
        // -noreset: by default Xvfb resets when its last client leaves, and a client connecting
        // during the reset is dropped; a readiness probe followed by openbox hit that about once
        // in 25 runs (openbox exited 1 with nothing said).
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp", "-noreset"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let mut number = String::new();
        BufReader::new(child.stdout.take().expect("Xvfb's stdout"))
            .read_line(&mut number)
            .expect("read Xvfb's display");
        let number = number.trim();
        assert!(!number.is_empty(), "Xvfb ended without a display: {:?}", child.wait());
        Xvfb { child, display: format!(":{number}") }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
