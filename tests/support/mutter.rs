//! A real headless GNOME mutter (Wayland only, one virtual monitor) for system tests, on a
//! private session bus. Like sway it runs as the unprivileged user the tests create
//! (`posture-sway-test`), started directly (not under runuser) so that killing it ends it. Without
//! mutter, or without root, it prints why and gives `None`; under
//! `POSTURE_REQUIRE_DESKTOP_TESTS=1` (CI) that is a failure.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{sway, tools};

/// mutter and its session bus; both stopped on drop.
pub struct Mutter {
    children: Vec<Child>,
    pub socket: PathBuf,
    pub dir: PathBuf,
}

impl Drop for Mutter {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Mutter {
    /// Starts mutter with one virtual monitor of `size` ("1024x768"); `name` keeps tests apart.
    pub fn start(name: &str, size: &str) -> Option<Mutter> {
        if !tools::all_present(&["mutter", "dbus-daemon"], "mutter dbus") {
            return None;
        }
        let (uid, gid) = sway::user()?;
        let dir = std::env::temp_dir().join(format!("posture-mutter-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for sub in ["run", "home"] {
            fs::create_dir_all(dir.join(sub)).unwrap();
            std::os::unix::fs::chown(dir.join(sub), Some(uid), Some(gid)).unwrap();
            fs::set_permissions(dir.join(sub), fs::Permissions::from_mode(0o700)).unwrap();
        }
        let bus = format!("unix:path={}", dir.join("run/bus").display());
        let as_user = |program: &str| {
            let mut command = Command::new(program);
            command
                .uid(uid)
                .gid(gid)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", dir.join("home"))
                .env("XDG_RUNTIME_DIR", dir.join("run"))
                .env("DBUS_SESSION_BUS_ADDRESS", &bus)
                .env("XDG_SESSION_TYPE", "wayland")
                .stdin(Stdio::null())
                .stdout(Stdio::null());
            command
        };
        let mut mutter = Mutter { children: Vec::new(), socket: dir.join("run/wayland-posture"), dir: dir.clone() };
        let dbus = as_user("dbus-daemon")
            .args(["--session", "--nofork", "--address", &bus])
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        mutter.children.push(dbus);
        let log = fs::File::create(dir.join("mutter.log")).unwrap();
        let child = as_user("mutter")
            .args(["--headless", "--wayland", "--no-x11", "--virtual-monitor", size])
            .args(["--wayland-display", "wayland-posture"])
            .stderr(log)
            .spawn()
            .expect("mutter starts");
        mutter.children.push(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while UnixStream::connect(&mutter.socket).is_err() {
            assert!(Instant::now() < deadline, "mutter never opened its socket: {}", mutter.log());
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(mutter)
    }

    pub fn connect(&self) -> UnixStream {
        UnixStream::connect(&self.socket).unwrap()
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("mutter.log")).unwrap_or_default()
    }
}
