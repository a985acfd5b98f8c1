//! A real headless sway (Debian 12's sway 1.7, wlroots, `WLR_BACKENDS=headless`) for system
//! tests, through [`Compositor`]: sway and every client started through it are killed when it is
//! dropped, also when the test panics.
//!
//! sway refuses to run as root, so it runs as an unprivileged user the tests create
//! (`posture-sway-test`), with that user's ids, in a private runtime directory; the test's own
//! user (root) connects to its socket. [`Sway::start`] puts sway on a bus of the test's (or
//! none); [`Sway::start_session`] gives it a bus of its own, run by that user and open to any
//! user, for programs that run as that user ([`Sway::command`]). Without sway, or without root
//! to create the user, both print why and give `None`; under `POSTURE_REQUIRE_DESKTOP_TESTS=1`
//! (CI) that is a failure.
//!
//! Include it next to `support/compositor.rs`, `support/fake_notifications.rs` and
//! `support/tools.rs` (as `mod compositor;` and so on).

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::fs;
use std::ops::{Deref, DerefMut};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::compositor::Compositor;
use super::fake_notifications::{BusOptions, PrivateBus};
use super::tools;

/// The user sway runs as; mutter's tests use the same one.
const USER: &str = "posture-sway-test";

/// The bus of a sway started without one: nothing is there to join.
const NO_BUS: &str = "unix:path=/nonexistent/bus";

/// A headless sway run by [`USER`]; the [`Compositor`] it derefs to holds its socket, its
/// directory, its log and its clients.
pub struct Sway {
    compositor: Compositor,
    /// The bus of [`Sway::start_session`]; stopped after sway and its clients.
    session_bus: Option<PrivateBus>,
    /// [`USER`]'s uid and gid.
    ids: (u32, u32),
}

impl Deref for Sway {
    type Target = Compositor;

    fn deref(&self) -> &Compositor {
        &self.compositor
    }
}

impl DerefMut for Sway {
    fn deref_mut(&mut self) -> &mut Compositor {
        &mut self.compositor
    }
}

impl Sway {
    /// Starts sway with one headless output per line of `outputs`, each a sway `output` command
    /// for HEADLESS-1, HEADLESS-2..., on the session bus at `bus` if given; `name` keeps
    /// parallel tests apart.
    pub fn start(name: &str, outputs: &[&str], bus: Option<&str>) -> Option<Sway> {
        if !tools::present("sway", "sway") {
            return None;
        }
        let ids = user()?;
        let dir = prepare(name, outputs, ids);
        Some(Sway::launch(dir, outputs.len(), bus.unwrap_or(NO_BUS), ids, None))
    }

    /// Starts a session bus run by [`USER`] and sway on it, on one 800x600 output, when `tools`
    /// (with sway) are installed; `packages` name them.
    pub fn start_session(name: &str, tools: &[&str], packages: &str) -> Option<Sway> {
        let mut all = vec!["sway", "dbus-daemon"];
        all.extend_from_slice(tools);
        if !tools::all_present(&all, packages) {
            return None;
        }
        let ids = user()?;
        let outputs = ["resolution 800x600"];
        let dir = prepare(name, &outputs, ids);
        let mut dbus_daemon = Command::new("dbus-daemon");
        dbus_daemon.uid(ids.0).gid(ids.1);
        // Open to any user: posture, the test's user, joins it too.
        let options = BusOptions { at_path: true, any_user: true, activation: false };
        let bus = PrivateBus::start_in(&dir, options, dbus_daemon);
        let address = bus.address().to_string();
        Some(Sway::launch(dir, outputs.len(), &address, ids, Some(bus)))
    }

    fn launch(dir: PathBuf, outputs: usize, bus: &str, ids: (u32, u32), session_bus: Option<PrivateBus>) -> Sway {
        let mut command = Compositor::command(&dir, Path::new("sway"), bus);
        command
            .uid(ids.0)
            .gid(ids.1)
            .arg("-c")
            .arg(dir.join("sway.config"))
            .env("WLR_BACKENDS", "headless")
            .env("WLR_HEADLESS_OUTPUTS", outputs.to_string())
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman");
        let compositor = Compositor::launch("sway", dir, command, bus, "wayland-1");
        Sway { compositor, session_bus, ids }
    }

    pub fn connect(&self) -> UnixStream {
        UnixStream::connect(&self.socket).unwrap()
    }

    /// `program` run as [`USER`] in the session: its runtime directory, the compositor, the
    /// bus. GSettings keeps settings in memory: there is no dconf service on this bus, and
    /// without it a setting written would snap back (swaync's do-not-disturb does).
    pub fn command(&self, program: &str) -> Command {
        let mut command = Compositor::command(&self.dir, Path::new(program), self.bus());
        command
            .uid(self.ids.0)
            .gid(self.ids.1)
            .current_dir(&self.dir)
            .env("WAYLAND_DISPLAY", "wayland-1")
            .env("GSETTINGS_BACKEND", "memory");
        command
    }

    /// Starts `program` as [`USER`] in the session; it is stopped with sway.
    pub fn spawn_as_user(&mut self, program: &str, args: &[&str]) {
        let mut command = self.command(program);
        command.args(args);
        self.spawn_command(program, command);
    }

    /// Runs `program` as [`USER`] in the session to its end.
    pub fn run_as_user(&self, program: &str, args: &[&str]) -> Output {
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
    pub fn posture_env(&self) -> [(&str, &str); 3] {
        [
            ("DBUS_SESSION_BUS_ADDRESS", self.bus()),
            ("WAYLAND_DISPLAY", self.socket_str()),
            ("XDG_SESSION_TYPE", "wayland"),
        ]
    }
}

/// A fresh directory for sway `name` with its configuration, owned by the user with the ids.
fn prepare(name: &str, outputs: &[&str], (uid, gid): (u32, u32)) -> PathBuf {
    let dir = Compositor::prepare(name);
    fs::create_dir_all(dir.join("home/.config")).unwrap();
    let config: String =
        outputs.iter().enumerate().map(|(i, output)| format!("output HEADLESS-{} {output}\n", i + 1)).collect();
    fs::write(dir.join("sway.config"), config).unwrap();
    chown_tree(&dir, uid, gid);
    // Clients of the test's user reach the socket through the directory.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn chown_tree(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap().flatten() {
            chown_tree(&entry.path(), uid, gid);
        }
    }
}

/// The unprivileged user the compositors run as (uid, gid), created when missing; `None`, with
/// the reason printed, when that takes root the test does not have.
pub fn user() -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, USER]).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().parse().ok())?
    };
    if id("-u").is_none() {
        // Another test binary may be creating it at the same moment: look again after a failure.
        let _ = Command::new("useradd").args(["--system", "--no-create-home", USER]).status();
    }
    let ids = id("-u").zip(id("-g"));
    if ids.is_none() {
        tools::skip("creating the unprivileged user a compositor runs as takes root (useradd)");
    }
    ids
}
