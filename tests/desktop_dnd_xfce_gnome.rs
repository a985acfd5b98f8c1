//! Do-not-disturb on XFCE and GNOME, with their real settings services on a private session bus.
//!
//! XFCE: the real xfce4-notifyd (on Xvfb) and xfconfd; `xfconf-query -c xfce4-notifyd -p
//! /do-not-disturb -s true` is what the notification area's switch does.
//!
//! GNOME: the real dconf service (started by the bus, as in a session) and `gsettings set
//! org.gnome.desktop.notifications show-banners false`, what GNOME's "Do Not Disturb" switch
//! writes. GNOME Shell itself cannot run here, so a stand-in owns `org.freedesktop.Notifications`
//! and only answers `GetServerInformation` with GNOME Shell's name: the test is about reading
//! the setting, which posture does from dconf, not from the shell.

#[path = "support/desktop.rs"]
mod desktop;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;
// Only `all_present` and `skip` are used here.
#[allow(dead_code)]
#[path = "support/tools.rs"]
mod tools;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use desktop::Xvfb;
use fake_notifications::{BusOptions, PrivateBus};
use sandbox::{Sandbox, eventually};

const CONFIG: &str = "[meetings]\ncamera = false\nmicrophone = false\n";
const XFCONFD: &str = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd";
const NOTIFYD: &str = "/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd";

/// A session bus that starts services as a desktop's does (dconf), with every program's
/// settings under `root`; stopped on drop with what it started.
struct Session {
    children: Vec<Child>,
    /// Stopped after the children, when the fields drop.
    bus: PrivateBus,
    root: PathBuf,
}

impl Drop for Session {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Session {
    /// `root` is the sandbox's: posture, the bus and the tools share its config and runtime
    /// directories, so dconf's database is one and the same for all. With `activation`, the bus
    /// starts the machine's services on demand (dconf); without it only what the test starts
    /// runs, so no other notification server is started in the notification daemon's place.
    fn start(root: &Path, activation: bool) -> Session {
        let mut dbus_daemon = Command::new("dbus-daemon");
        dbus_daemon.envs(session_env(root, None));
        let bus = PrivateBus::start_in(root, BusOptions { at_path: true, any_user: false, activation }, dbus_daemon);
        Session { children: Vec::new(), bus, root: root.to_path_buf() }
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.envs(session_env(&self.root, Some(self.bus.address()))).stdin(Stdio::null());
        command
    }

    fn spawn(&mut self, program: &str, display: &str) {
        let child = self
            .command(program)
            .env("DISPLAY", display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the program starts");
        self.children.push(child);
    }

    fn run(&self, program: &str, args: &[&str]) -> std::process::Output {
        self.command(program).args(args).output().expect("the tool runs")
    }
}

fn session_env(root: &Path, bus: Option<&str>) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_RUNTIME_DIR", "run")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), root.join(v).to_string_lossy().into_owned()))
        .collect();
    if let Some(bus) = bus {
        env.push(("DBUS_SESSION_BUS_ADDRESS".into(), bus.into()));
    }
    env
}

/// Whether the programs outside `PATH` are installed; skips (or fails in CI) as `tools` does.
fn installed(paths: &[&str], package: &str) -> bool {
    let missing: Vec<&str> = paths.iter().copied().filter(|p| !Path::new(p).exists()).collect();
    if missing.is_empty() {
        return true;
    }
    tools::skip(&format!("{} not installed (apt-get install -y {package})", missing.join(", ")));
    false
}

fn start_posture(sandbox: &Sandbox, session: &Session, server: &str) -> sandbox::Daemon {
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", session.bus.address())]);
    eventually(&format!("posture to follow {server}"), || sandbox.status()["do_not_disturb_server"] == server);
    assert_eq!(sandbox.status()["state"], "active");
    daemon
}

#[test]
fn xfce4_notifyd_do_not_disturb_is_a_meeting() {
    if !tools::all_present(&["Xvfb", "dbus-daemon", "xfconf-query"], "xvfb dbus xfconf xfce4-notifyd")
        || !installed(&[XFCONFD, NOTIFYD], "xfconf xfce4-notifyd")
    {
        return;
    }
    let xvfb = Xvfb::start();
    let sandbox = Sandbox::new("dnd-xfce");
    let mut session = Session::start(&sandbox.root, false);
    session.spawn(XFCONFD, &xvfb.display);
    session.spawn(NOTIFYD, &xvfb.display);
    let daemon = start_posture(&sandbox, &session, "xfce");

    let set = |on: &str| {
        let out = session
            .run("xfconf-query", &["-c", "xfce4-notifyd", "-p", "/do-not-disturb", "-n", "-t", "bool", "-s", on]);
        assert!(out.status.success(), "{out:?}");
    };
    set("true");
    let held = eventually("the meeting", || sandbox.status()["state"] == "meeting");
    assert_eq!(sandbox.status()["meeting_sources"], serde_json::json!(["do_not_disturb"]));
    set("false");
    let released = eventually("the end of the meeting", || sandbox.status()["state"] == "active");
    println!("xfce4-notifyd: meeting {held:?} after xfconf-query true, active {released:?} after false");
    daemon.stop();
}

/// Owns `org.freedesktop.Notifications` as GNOME Shell would, answering only its name.
struct Shell;

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Shell {
    fn get_server_information(&self) -> (String, String, String, String) {
        ("gnome-shell".into(), "GNOME".into(), "43".into(), "1.2".into())
    }
}

#[test]
fn gnome_banners_off_is_a_meeting() {
    if !tools::all_present(
        &["dbus-daemon", "gsettings"],
        "dbus libglib2.0-bin dconf-service dconf-gsettings-backend gsettings-desktop-schemas",
    ) || !installed(&["/usr/libexec/dconf-service"], "dconf-service")
    {
        return;
    }
    let sandbox = Sandbox::new("dnd-gnome");
    let session = Session::start(&sandbox.root, true);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let _shell = runtime.block_on(async {
        zbus::connection::Builder::address(session.bus.address())
            .name("org.freedesktop.Notifications")
            .serve_at("/org/freedesktop/Notifications", Shell)
            .build()
            .await
            .expect("the stand-in shell owns the notification name")
    });
    let daemon = start_posture(&sandbox, &session, "gnome");

    let banners = |on: &str| {
        let out = session.run("gsettings", &["set", "org.gnome.desktop.notifications", "show-banners", on]);
        assert!(out.status.success(), "{out:?}");
    };
    banners("false");
    let held = eventually("the meeting", || sandbox.status()["state"] == "meeting");
    assert_eq!(sandbox.status()["meeting_sources"], serde_json::json!(["do_not_disturb"]));
    banners("true");
    let released = eventually("the end of the meeting", || sandbox.status()["state"] == "active");
    println!("GNOME: meeting {held:?} after show-banners false, active {released:?} after true");
    daemon.stop();
}
