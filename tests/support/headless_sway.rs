//! A headless sway 1.7 (wlroots) for system tests of programs that need a Wayland desktop
//! (notification servers, panels): run as an unprivileged user the test creates, since sway
//! refuses to run as root, on the test's own session bus, through [`Compositor`] so that sway
//! and every client started with [`Compositor::spawn`] are killed when it is dropped.
//!
//! Include it next to `support/compositor.rs` (as `mod compositor;`).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::compositor::Compositor;

/// The user sway runs as; the other sway tests use the same one.
const USER: &str = "posture-sway-test";

/// Starts sway on an 800x600 headless output and waits for its socket. `None`, with the
/// reason printed (or a failure under `POSTURE_REQUIRE_DESKTOP_TESTS=1`), when the unprivileged
/// user cannot be created because the test does not run as root.
pub fn start(name: &str, bus: &str) -> Option<Compositor> {
    let Some((uid, gid)) = test_user() else {
        let reason = "creating the unprivileged user sway needs takes root (useradd)";
        if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
            panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
        }
        eprintln!("skipped: {reason}");
        return None;
    };
    let dir = Compositor::prepare(name);
    fs::write(dir.join("sway.config"), "output HEADLESS-1 resolution 800x600\n").unwrap();
    chown_tree(&dir, uid, gid);
    // Clients run as the test's user and reach the socket through the directory.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let config = dir.join("sway.config");
    let args = ["-u", USER, "--", "sway", "-c", config.to_str().unwrap()];
    let env = [("WLR_BACKENDS", "headless"), ("WLR_LIBINPUT_NO_DEVICES", "1"), ("WLR_RENDERER", "pixman")];
    Some(Compositor::start("sway", dir, Path::new("runuser"), &args, &env, bus, "wayland-1"))
}

/// The unprivileged user's uid and gid, created when missing. `None` when not root.
fn test_user() -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, USER]).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().parse().ok())?
    };
    if id("-u").is_none() {
        // Another test binary may be creating it at the same moment: ask again either way.
        let _ = Command::new("useradd").args(["--system", "--no-create-home", USER]).status().ok()?;
    }
    Some((id("-u")?, id("-g")?))
}

fn chown_tree(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            chown_tree(&entry.unwrap().path(), uid, gid);
        }
    }
}
