//! For the idle-detection system tests that run desktop programs (dbus-daemon, Xvfb): skipping
//! when one is missing, and child processes that end with the test.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::process::Child;
use std::time::Duration;

#[path = "tools.rs"]
mod tools;

/// Whether all `tools` are on `PATH`. When one is missing the test should return (skip), and
/// this says why; with `POSTURE_REQUIRE_DESKTOP_TESTS=1` (CI) it fails the test instead.
pub fn tools_present(tools: &[&str]) -> bool {
    tools::all_present(tools, "xvfb xdotool dbus")
}

/// A child process stopped when the test ends, passed or not.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        // SIGTERM first: Xvfb then removes its lock file and socket, which a SIGKILL leaves
        // behind for the next test's server to trip over.
        let pid = libc::pid_t::try_from(self.0.id()).expect("pids fit pid_t");
        // SAFETY: kill(2) with a pid we spawned and have not reaped yet.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        for _ in 0..100 {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        // Already gone is fine: the point is that it does not outlive the test.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
