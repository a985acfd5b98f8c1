//! posture under the real KDE compositor (Debian 12's KWin 5.27, `kwin_wayland --virtual`) on
//! a private session bus: the daemon picks ext-idle-notify-v1 (version 1 is all KWin 5.27
//! offers), goes away once input stops for `away_after`, and is active again right after
//! input arrives through `org_kde_kwin_fake_input`, KDE's own input-injection protocol (KDE
//! Connect and the remote-desktop portal use it).
//!
//! Debian's kwin_wayland carries the file capability cap_sys_resource, which a container
//! without that capability refuses to run; the test runs a plain copy (copying drops the
//! capability). `KWIN_WAYLAND_NO_PERMISSION_CHECKS=1` lets the test's client use fake input.
//! Without KWin the test prints why and skips; CI installs it and forbids the skip.

#[path = "support/compositor.rs"]
mod compositor;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/tools.rs"]
mod tools;

use std::fs;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use compositor::{Compositor, wait_for_state};
use fake_notifications::PrivateBus;
use sandbox::Sandbox;
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, QueueHandle, delegate_noop};
use wayland_protocols_plasma::fake_input::client::org_kde_kwin_fake_input;

/// Idle after 5 s without input (the shortest idle threshold), away after 6 s.
const CONFIG: &str = "language = \"en\"\n[micro]\nduration = \"5s\"\n[activity]\naway_after = \"6s\"\n";
const AWAY_AFTER: Duration = Duration::from_secs(6);

fn start_kwin(bus: &str) -> Compositor {
    let dir = Compositor::prepare("kwin");
    let kwin = dir.join("kwin_wayland");
    fs::copy(tools::path_of("kwin_wayland").expect("checked before"), &kwin).unwrap();
    let args = ["--virtual", "--no-lockscreen", "--socket", "wayland-posture", "--width", "1024", "--height", "768"];
    let env = [
        ("KWIN_WAYLAND_NO_PERMISSION_CHECKS", "1"),
        ("QT_QPA_PLATFORM", "offscreen"),
        ("KWIN_COMPOSE", "Q"),
        ("XDG_CURRENT_DESKTOP", "KDE"),
    ];
    Compositor::start("kwin", dir, &kwin, &args, &env, bus, "wayland-posture")
}

struct FakeInput;

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for FakeInput {
    fn event(
        _: &mut FakeInput,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<FakeInput>,
    ) {
    }
}

delegate_noop!(FakeInput: ignore org_kde_kwin_fake_input::OrgKdeKwinFakeInput);

/// Moves the pointer through KWin's fake-input protocol: input, as far as KWin can tell.
fn move_pointer(socket: &Path) {
    let conn = Connection::from_socket(UnixStream::connect(socket).unwrap()).unwrap();
    let (globals, mut queue) = registry_queue_init::<FakeInput>(&conn).unwrap();
    let qh = queue.handle();
    let input: org_kde_kwin_fake_input::OrgKdeKwinFakeInput =
        globals.bind(&qh, 1..=4, ()).expect("KWin offers org_kde_kwin_fake_input");
    input.authenticate("posture test".into(), "input for an idle test".into());
    input.pointer_motion(5.0, 3.0);
    queue.roundtrip(&mut FakeInput).unwrap();
}

#[test]
fn kwin_5_27_idle_through_ext_idle_notify() {
    if !(tools::present("kwin_wayland", "kwin-wayland") && tools::present("dbus-daemon", "dbus")) {
        return;
    }
    let bus = PrivateBus::start();
    let kwin = start_kwin(bus.address());

    let sandbox = Sandbox::new("kwin");
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    let daemon = sandbox.start_with(&[
        ("DBUS_SESSION_BUS_ADDRESS", bus.address()),
        ("WAYLAND_DISPLAY", kwin.socket_str()),
        ("XDG_SESSION_TYPE", "wayland"),
        ("XDG_CURRENT_DESKTOP", "KDE"),
    ]);
    let status = sandbox.status();
    assert_eq!(status["idle_backend"], "ext-idle-notify-v1", "{status}\n{}", kwin.log());

    // Away `away_after` after the last input: KWin's idle timer fires up to a few hundred
    // milliseconds early.
    move_pointer(&kwin.socket);
    let away = wait_for_state(|| sandbox.status(), "away", AWAY_AFTER + Duration::from_secs(5));
    assert!(away + Duration::from_secs(1) >= AWAY_AFTER, "away after only {away:?}");

    move_pointer(&kwin.socket);
    let back = wait_for_state(|| sandbox.status(), "active", Duration::from_secs(2));
    println!(
        "KWin 5.27: away {away:.2?} after the last input (away_after {AWAY_AFTER:?}); active {back:?} after fake pointer motion"
    );
    assert!(back < Duration::from_millis(500), "active only {back:?} after the input");
    daemon.stop();
}
