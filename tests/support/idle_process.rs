//! For the idle-detection system tests that run desktop programs (dbus-daemon, Xvfb): skipping
//! when one is missing, and child processes that end with the test.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Child;
use std::time::Duration;

/// Whether all `tools` are on `PATH`. When one is missing the test should return (skip), and
/// this says why; with `POSTURE_REQUIRE_DESKTOP_TESTS=1` (CI) it fails the test instead.
pub fn tools_present(tools: &[&str]) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| !std::env::split_paths(&path).any(|dir| is_executable(&dir.join(tool))))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let reason = format!("{} not installed (apt-get install -y xvfb xdotool dbus)", missing.join(", "));
    if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
        panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
    }
    eprintln!("skipped: {reason}");
    false
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
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
