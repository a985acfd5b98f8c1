//! A sandboxed posture daemon for integration tests: its own XDG directories under /tmp, no
//! desktop and no D-Bus unless a test passes a private bus, and helpers to run client commands.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::fs;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct Sandbox {
    pub root: PathBuf,
}

impl Sandbox {
    pub fn new(name: &str) -> Sandbox {
        // Under /tmp: a Unix socket path must stay under 108 bytes.
        let root = std::env::temp_dir().join(format!("posture-it-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for dir in ["run", "config/posture", "state", "home"] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        Sandbox { root }
    }

    pub fn config_file(&self) -> PathBuf {
        self.root.join("config/posture/config.toml")
    }

    pub fn socket(&self) -> PathBuf {
        self.root.join("run/posture/control.sock")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_posture"));
        command
            .args(args)
            .env("XDG_RUNTIME_DIR", self.root.join("run"))
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("XDG_STATE_HOME", self.root.join("state"))
            .env("XDG_CACHE_HOME", self.root.join("cache"))
            .env("HOME", self.root.join("home"))
            .env("LANG", "C")
            // No desktop and no buses: the daemon must run on time alone.
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("POSTURE_CONFIG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::null());
        command
    }

    pub fn start(&self) -> Daemon {
        self.start_with(&[])
    }

    /// Starts the daemon with extra environment variables (e.g. a private session bus).
    pub fn start_with(&self, env: &[(&str, &str)]) -> Daemon {
        let child = self
            .command(&[])
            .envs(env.iter().copied())
            .env("POSTURE_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the daemon starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while UnixStream::connect(self.socket()).is_err() {
            assert!(Instant::now() < deadline, "the daemon never opened its socket");
            std::thread::sleep(Duration::from_millis(20));
        }
        Daemon::new(child)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the client runs")
    }

    pub fn status(&self) -> Value {
        let output = self.run(&["status", "--json"]);
        assert!(output.status.success(), "status failed: {}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).expect("status --json is JSON")
    }
}

/// Waits up to 10 s for `condition`, failing the test with `what` when it never holds.
pub fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits up to 15 s for `check`, looking every 20 ms, and returns how long that took; for
/// desktop programs, slower to answer than the daemon alone.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < Duration::from_secs(15), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
    started.elapsed()
}

pub struct Daemon {
    pub child: Option<Child>,
    /// What the daemon logged so far, read as it comes: a full pipe would block its logging,
    /// and with it the daemon.
    log: Option<std::thread::JoinHandle<Vec<u8>>>,
}

impl Daemon {
    /// Takes over a daemon started with its stderr piped.
    pub fn new(mut child: Child) -> Daemon {
        let log = child.stderr.take().map(|mut stderr| {
            std::thread::spawn(move || {
                let mut log = Vec::new();
                let _ = std::io::Read::read_to_end(&mut stderr, &mut log);
                log
            })
        });
        Daemon { child: Some(child), log }
    }

    /// Stops the daemon with SIGTERM and returns what it logged.
    pub fn stop(mut self) -> String {
        let mut child = self.child.take().unwrap();
        terminate(&child);
        let status = child.wait().unwrap();
        assert!(status.success(), "the daemon exits cleanly on SIGTERM: {status:?}");
        let log = self.log.take().map(|reader| reader.join().unwrap()).unwrap_or_default();
        String::from_utf8_lossy(&log).into_owned()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn terminate(child: &Child) {
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
}
