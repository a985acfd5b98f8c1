//! A real headless sway (wlroots, `WLR_BACKENDS=headless`) for system tests. sway refuses to run
//! as root, so it runs as an unprivileged user the test creates (`posture-sway-test`), in a
//! private runtime directory; the test's own user (root) connects to its socket. Without sway,
//! or without root to create the user, it prints why and gives `None`; under
//! `POSTURE_REQUIRE_DESKTOP_TESTS=1` (CI) that is a failure.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::tools;

const USER: &str = "posture-sway-test";

/// A headless sway; stopped on drop.
pub struct Sway {
    child: Child,
    pub socket: PathBuf,
    pub dir: PathBuf,
}

impl Drop for Sway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Sway {
    /// Starts sway with one headless output per line of `outputs`, each a sway `output` command
    /// for HEADLESS-1, HEADLESS-2...; `name` keeps parallel tests apart.
    pub fn start(name: &str, outputs: &[&str]) -> Option<Sway> {
        if !tools::present("sway", "sway") {
            return None;
        }
        let (uid, gid) = user()?;
        let dir = std::env::temp_dir().join(format!("posture-sway-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("run")).unwrap();
        let config: String =
            outputs.iter().enumerate().map(|(i, output)| format!("output HEADLESS-{} {output}\n", i + 1)).collect();
        fs::write(dir.join("sway.config"), config).unwrap();
        for path in [&dir, &dir.join("run")] {
            std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
            fs::set_permissions(path, fs::Permissions::from_mode(0o700)).unwrap();
        }
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        let log = fs::File::create(dir.join("sway.log")).unwrap();
        // sway itself as the child, not under runuser: killing runuser would leave sway running.
        let child = Command::new("sway")
            .arg("-c")
            .arg(dir.join("sway.config"))
            .uid(uid)
            .gid(gid)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &dir)
            .env("XDG_RUNTIME_DIR", dir.join("run"))
            .env("WLR_BACKENDS", "headless")
            .env("WLR_HEADLESS_OUTPUTS", outputs.len().to_string())
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("sway starts");
        let socket = dir.join("run/wayland-1");
        let sway = Sway { child, socket, dir };
        let deadline = Instant::now() + Duration::from_secs(15);
        while UnixStream::connect(&sway.socket).is_err() {
            assert!(Instant::now() < deadline, "sway never opened its socket: {}", sway.log());
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(sway)
    }

    pub fn connect(&self) -> UnixStream {
        UnixStream::connect(&self.socket).unwrap()
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("sway.log")).unwrap_or_default()
    }
}

fn required(reason: &str) {
    if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
        panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
    }
    eprintln!("skipped: {reason}");
}

/// The unprivileged user the compositors run as (uid, gid), created when missing; `None`, with
/// the reason printed, when that takes root the test does not have.
pub fn user() -> Option<(u32, u32)> {
    let user = test_user();
    if user.is_none() {
        required("creating the unprivileged user a compositor runs as takes root (useradd)");
    }
    user
}

fn test_user() -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, USER]).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().parse().ok())?
    };
    if id("-u").is_none() {
        // Another test binary may be creating it at the same moment: look again after a failure.
        let _ = Command::new("useradd").args(["--system", "--no-create-home", USER]).status();
    }
    Some((id("-u")?, id("-g")?))
}
