//! A notification server of wlroots desktops (mako, swaync) on its own headless sway, and the
//! posture daemon on the same private bus and display, for the tests of what such a server
//! does with a reminder. sway runs as the unprivileged user `support/sway.rs` creates; the
//! server and posture run as the test's user.
//!
//! Include it next to `support/sandbox.rs`; it brings sway and the bus itself.

#[path = "compositor.rs"]
mod compositor;
#[path = "fake_notifications.rs"]
mod fake_notifications;
#[path = "sway.rs"]
mod sway;
#[path = "tools.rs"]
pub mod tools;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

pub use compositor::wait_for_state;
use fake_notifications::PrivateBus;
use sway::Sway;

use crate::sandbox::{Daemon, Sandbox};

/// How long a test may wait for the server to answer or for the reminder to show or go.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// The server on its sway, and the daemon; the server and sway stop first on drop.
pub struct Desktop {
    pub sway: Sway,
    pub bus: PrivateBus,
    pub sandbox: Sandbox,
    pub daemon: Daemon,
    /// The server's program name, whose log a timeout shows.
    server: &'static str,
}

impl Desktop {
    /// Starts a bus, sway, `server` with its configuration file `config_path` (below the
    /// config home, e.g. `mako/config`) holding what `server_config` writes given sway's
    /// directory, and the daemon with `config` (TOML). `None` when the test must skip.
    pub fn start(
        name: &str,
        server: &'static str,
        config_path: &str,
        server_config: impl FnOnce(&Path) -> String,
        config: &str,
    ) -> Option<Desktop> {
        let bus = PrivateBus::start();
        let mut sway = Sway::start(name, &["resolution 800x600"], Some(bus.address()))?;
        let file = sway.dir.join("home/.config").join(config_path);
        fs::create_dir_all(file.parent().expect("a file in a folder")).unwrap();
        fs::write(file, server_config(&sway.dir)).unwrap();
        sway.spawn(server, server, &[]);

        let sandbox = Sandbox::new(name);
        fs::write(sandbox.config_file(), config).unwrap();
        let daemon = sandbox.start_with(&sway.posture_env());
        Some(Desktop { sway, bus, sandbox, daemon, server })
    }

    /// Waits up to [`PATIENCE`] for `check`; a timeout shows what the server logged.
    pub fn eventually(&self, what: &str, mut check: impl FnMut() -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !check() {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; {}:\n{}",
                self.server,
                self.sway.log_of(self.server)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
