//! A headless sway (Debian 12's sway 1.7) with a session bus of its own, for the system tests
//! that run Wayland desktop programs (notification servers, windows) next to posture.
//!
//! sway refuses to run as root, so it runs as an unprivileged user the test creates
//! (`posture-sway-test`), in a private runtime directory, and so do the programs started with
//! [`Sway::spawn`]. They are started with that user's ids directly (not through `runuser`,
//! which forks), so stopping the child the test holds stops the program. The bus runs as that user too and lets any user connect, so posture (the
//! test's own user) joins it and the compositor's socket. Without sway, or without root to
//! create the user, [`Sway::start`] prints why and returns `None`; under
//! `POSTURE_REQUIRE_DESKTOP_TESTS=1` (CI) it fails instead.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "tools.rs"]
mod tools;

const USER: &str = "posture-sway-test";

/// A headless sway and a session bus, both run by [`USER`]; stopped on drop.
pub struct Sway {
    sway: Child,
    bus: Child,
    children: Vec<Child>,
    /// The compositor's socket, for `WAYLAND_DISPLAY`.
    pub socket: PathBuf,
    /// The bus, for `DBUS_SESSION_BUS_ADDRESS`.
    pub bus_address: String,
    pub dir: PathBuf,
    /// The user's uid and gid.
    ids: (u32, u32),
}

impl Drop for Sway {
    fn drop(&mut self) {
        for child in self.children.iter_mut().chain([&mut self.sway, &mut self.bus]) {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn required(reason: &str) {
    if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
        panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
    }
    eprintln!("skipped: {reason}");
}

/// The unprivileged user sway runs as, created when missing. `None` when not root.
fn test_user() -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, USER]).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().parse().ok())?
    };
    if id("-u").is_none() {
        let created = Command::new("useradd").args(["--system", "--no-create-home", USER]).status().ok()?;
        if !created.success() {
            return None;
        }
    }
    Some((id("-u")?, id("-g")?))
}

/// Waits up to 15 s for `check`.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Sway {
    /// Starts the bus and sway when `tools` (with sway) are installed; `packages` name them.
    pub fn start(name: &str, tools: &[&str], packages: &str) -> Option<Sway> {
        let mut all = vec!["sway", "dbus-daemon"];
        all.extend_from_slice(tools);
        if !tools::all_present(&all, packages) {
            return None;
        }
        let Some((uid, gid)) = test_user() else {
            required("creating the unprivileged user sway needs takes root (useradd)");
            return None;
        };
        let dir = std::env::temp_dir().join(format!("posture-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for sub in ["run", "home/.config"] {
            fs::create_dir_all(dir.join(sub)).unwrap();
        }
        fs::write(dir.join("sway.config"), "output HEADLESS-1 resolution 800x600\n").unwrap();
        let bus_path = dir.join("bus");
        fs::write(
            dir.join("bus.conf"),
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                bus_path.display()
            ),
        )
        .unwrap();
        chown_tree(&dir, uid, gid);
        fs::set_permissions(dir.join("run"), fs::Permissions::from_mode(0o700)).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();

        let mut bus = Command::new("dbus-daemon")
            .args(["--nofork", "--print-address"])
            .arg(format!("--config-file={}", dir.join("bus.conf").display()))
            .uid(uid)
            .gid(gid)
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon starts");
        let mut bus_address = String::new();
        BufReader::new(bus.stdout.take().unwrap()).read_line(&mut bus_address).expect("the bus address");
        let bus_address = bus_address.trim().to_string();

        let log = fs::File::create(dir.join("sway.log")).unwrap();
        let sway = session_command(&dir, &bus_address, (uid, gid), "sway")
            .arg("-c")
            .arg(dir.join("sway.config"))
            .env("WLR_BACKENDS", "headless")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("sway starts");
        let sway = Sway {
            sway,
            bus,
            children: Vec::new(),
            socket: dir.join("run/wayland-1"),
            bus_address,
            dir,
            ids: (uid, gid),
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while UnixStream::connect(&sway.socket).is_err() {
            assert!(Instant::now() < deadline, "sway never opened its socket: {}", sway.log());
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(sway)
    }

    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("sway.log")).unwrap_or_default()
    }

    /// `program` run as the sway user in the session: its runtime directory, the compositor, the
    /// bus. GSettings keeps settings in memory: there is no dconf service on this bus, and
    /// without it a setting written would snap back (swaync's do-not-disturb does).
    pub fn command(&self, program: &str) -> Command {
        session_command(&self.dir, &self.bus_address, self.ids, program)
    }

    /// Starts `program` in the session; it is stopped with sway.
    pub fn spawn(&mut self, program: &str, args: &[&str]) {
        let log = fs::File::create(self.dir.join(format!("{program}.log"))).unwrap();
        let child =
            self.command(program).args(args).stdout(Stdio::null()).stderr(log).spawn().expect("the program starts");
        self.children.push(child);
    }

    /// Runs `program` in the session to its end.
    pub fn run(&self, program: &str, args: &[&str]) -> Output {
        self.command(program).args(args).output().expect("the program runs")
    }

    /// `swaymsg` against this sway.
    pub fn swaymsg(&self, args: &[&str]) -> Output {
        let socket = fs::read_dir(self.dir.join("run"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("sway-ipc.")))
            .expect("sway's IPC socket");
        self.command("swaymsg").arg("-s").arg(socket).args(args).output().expect("swaymsg runs")
    }

    /// The environment posture needs to join this session.
    pub fn posture_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS", self.bus_address.clone()),
            ("WAYLAND_DISPLAY", self.socket.to_string_lossy().into_owned()),
            ("XDG_SESSION_TYPE", "wayland".into()),
        ]
    }
}

fn session_command(dir: &Path, bus_address: &str, (uid, gid): (u32, u32), program: &str) -> Command {
    let mut command = Command::new(program);
    command
        .uid(uid)
        .gid(gid)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.join("home"))
        .env("XDG_RUNTIME_DIR", dir.join("run"))
        .env("WAYLAND_DISPLAY", "wayland-1")
        .env("DBUS_SESSION_BUS_ADDRESS", bus_address)
        .env("GSETTINGS_BACKEND", "memory")
        .stdin(Stdio::null());
    command
}

fn chown_tree(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap().flatten() {
            chown_tree(&entry.path(), uid, gid);
        }
    }
}
