//! posture under a real sway (Debian 12's sway 1.7, headless), the wlroots compositor that
//! offers only KDE's older `org_kde_kwin_idle`: the daemon picks that backend, goes away once
//! input stops, and is active again right after a virtual pointer moves (as a user would).
//!
//! sway refuses to run as root, so the test runs it as an unprivileged user it creates
//! (`posture-sway-test`), in a private runtime directory. posture and the pointer connect to
//! its socket from the test's own user. Without sway, or without root to create the user, the
//! test prints why and skips; CI installs sway and forbids the skip.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/tools.rs"]
mod tools;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sandbox::Sandbox;
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, QueueHandle, delegate_noop};
use wayland_protocols_wlr::virtual_pointer::v1::client::{zwlr_virtual_pointer_manager_v1, zwlr_virtual_pointer_v1};

const USER: &str = "posture-sway-test";

/// A headless sway run by [`USER`]; stopped on drop.
struct Sway {
    child: Child,
    socket: PathBuf,
    dir: PathBuf,
}

impl Drop for Sway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

fn start_sway() -> Option<Sway> {
    if !tools::present("sway", "sway") {
        return None;
    }
    let Some((uid, gid)) = test_user() else {
        required("creating the unprivileged user sway needs takes root (useradd)");
        return None;
    };
    let dir = std::env::temp_dir().join(format!("posture-sway-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("run")).unwrap();
    fs::write(dir.join("sway.config"), "output HEADLESS-1 resolution 800x600\n").unwrap();
    for path in [&dir, &dir.join("run")] {
        std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
        fs::set_permissions(path, fs::Permissions::from_mode(0o700)).unwrap();
    }
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let log = fs::File::create(dir.join("sway.log")).unwrap();
    // As the user directly, not through runuser, which forks: killing the child kills sway.
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
        .env("WLR_LIBINPUT_NO_DEVICES", "1")
        .env("WLR_RENDERER", "pixman")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("sway starts");
    let socket = dir.join("run/wayland-1");
    let deadline = Instant::now() + Duration::from_secs(15);
    while UnixStream::connect(&socket).is_err() {
        assert!(
            Instant::now() < deadline,
            "sway never opened its socket: {}",
            fs::read_to_string(dir.join("sway.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Sway { child, socket, dir })
}

struct Pointer;

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Pointer {
    fn event(
        _: &mut Pointer,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Pointer>,
    ) {
    }
}

delegate_noop!(Pointer: ignore zwlr_virtual_pointer_manager_v1::ZwlrVirtualPointerManagerV1);
delegate_noop!(Pointer: ignore zwlr_virtual_pointer_v1::ZwlrVirtualPointerV1);

/// Moves a virtual pointer on the compositor at `socket`: input, as far as sway can tell.
fn move_pointer(socket: &Path) {
    let conn = Connection::from_socket(UnixStream::connect(socket).unwrap()).unwrap();
    let (globals, mut queue) = registry_queue_init::<Pointer>(&conn).unwrap();
    let qh = queue.handle();
    let manager: zwlr_virtual_pointer_manager_v1::ZwlrVirtualPointerManagerV1 =
        globals.bind(&qh, 1..=2, ()).expect("sway offers zwlr_virtual_pointer_manager_v1");
    let pointer = manager.create_virtual_pointer(None, &qh, ());
    pointer.motion(1, 15.0, 10.0);
    pointer.frame();
    queue.roundtrip(&mut Pointer).unwrap();
    pointer.destroy();
    queue.roundtrip(&mut Pointer).unwrap();
}

fn wait_for_state(sandbox: &Sandbox, state: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if sandbox.status()["state"] == state {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "never {state}: {}", sandbox.status());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sway_1_7_idle_through_org_kde_kwin_idle() {
    let Some(sway) = start_sway() else { return };
    let sandbox = Sandbox::new("sway");
    // Idle after 5 s without input (the micro break's length), away after 8 s.
    fs::write(sandbox.config_file(), "[micro]\nduration = \"5s\"\n[activity]\naway_after = \"8s\"\n").unwrap();
    let socket = sway.socket.to_string_lossy().into_owned();
    let daemon = sandbox.start_with(&[("WAYLAND_DISPLAY", &socket), ("XDG_SESSION_TYPE", "wayland")]);
    let status = sandbox.status();
    assert_eq!(status["idle_backend"], "org-kde-kwin-idle", "{status}");

    let away = wait_for_state(&sandbox, "away", Duration::from_secs(20));
    move_pointer(&sway.socket);
    let back = wait_for_state(&sandbox, "active", Duration::from_secs(5));
    println!("sway 1.7: away {away:.1?} after start; active {back:?} after the pointer moved");
    daemon.stop();
}
