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
use std::time::{Duration, Instant};

use compositor::{Compositor, wait_for_state};
use fake_notifications::PrivateBus;
use sandbox::{Daemon, Sandbox};
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::{wl_buffer, wl_compositor, wl_registry, wl_shm, wl_shm_pool, wl_surface};
use wayland_client::{Connection, Dispatch, EventQueue, QueueHandle, delegate_noop};
use wayland_protocols::wp::idle_inhibit::zv1::client::{zwp_idle_inhibit_manager_v1, zwp_idle_inhibitor_v1};
use wayland_protocols::xdg::shell::client::{xdg_surface, xdg_toplevel, xdg_wm_base};
use wayland_protocols_plasma::fake_input::client::org_kde_kwin_fake_input;

/// Idle after 5 s without input (the shortest idle threshold), away after 6 s.
const CONFIG: &str = "language = \"en\"\n[micro]\nduration = \"5s\"\n[activity]\naway_after = \"6s\"\n";
const AWAY_AFTER: Duration = Duration::from_secs(6);

/// KWin on a private bus, and posture with [`CONFIG`] on both.
struct Session {
    daemon: Daemon,
    sandbox: Sandbox,
    kwin: Compositor,
    bus: PrivateBus,
}

/// Starts KWin and posture, `name` keeping the tests apart; `None` when the test must skip.
fn start(name: &str) -> Option<Session> {
    if !(tools::present("kwin_wayland", "kwin-wayland") && tools::present("dbus-daemon", "dbus")) {
        return None;
    }
    let bus = PrivateBus::start();
    let dir = Compositor::prepare(name);
    let program = dir.join("kwin_wayland");
    fs::copy(tools::path_of("kwin_wayland").expect("checked before"), &program).unwrap();
    let args = ["--virtual", "--no-lockscreen", "--socket", "wayland-posture", "--width", "1024", "--height", "768"];
    let env = [
        ("KWIN_WAYLAND_NO_PERMISSION_CHECKS", "1"),
        ("QT_QPA_PLATFORM", "offscreen"),
        ("KWIN_COMPOSE", "Q"),
        ("XDG_CURRENT_DESKTOP", "KDE"),
    ];
    let kwin = Compositor::start("kwin", dir, &program, &args, &env, bus.address(), "wayland-posture");

    let sandbox = Sandbox::new(name);
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    let daemon = sandbox.start_with(&[
        ("DBUS_SESSION_BUS_ADDRESS", bus.address()),
        ("WAYLAND_DISPLAY", kwin.socket_str()),
        ("XDG_SESSION_TYPE", "wayland"),
        ("XDG_CURRENT_DESKTOP", "KDE"),
    ]);
    Some(Session { daemon, sandbox, kwin, bus })
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
    let Some(Session { daemon, sandbox, kwin, bus: _bus }) = start("kwin") else { return };
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

/// A window that asks KWin to keep the screen awake (`zwp_idle_inhibitor_v1`), as a video
/// player does while it plays; the inhibitor goes with the connection when dropped.
struct Inhibiting {
    _queue: EventQueue<Window>,
    _inhibitor: zwp_idle_inhibitor_v1::ZwpIdleInhibitorV1,
}

/// The window's side of the conversation: the configure serial it must acknowledge.
#[derive(Default)]
struct Window {
    configured: Option<u32>,
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Window {
    fn event(
        _: &mut Window,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Window>,
    ) {
    }
}

impl Dispatch<xdg_wm_base::XdgWmBase, ()> for Window {
    fn event(
        _: &mut Window,
        base: &xdg_wm_base::XdgWmBase,
        event: xdg_wm_base::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Window>,
    ) {
        if let xdg_wm_base::Event::Ping { serial } = event {
            base.pong(serial);
        }
    }
}

impl Dispatch<xdg_surface::XdgSurface, ()> for Window {
    fn event(
        window: &mut Window,
        _: &xdg_surface::XdgSurface,
        event: xdg_surface::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Window>,
    ) {
        if let xdg_surface::Event::Configure { serial } = event {
            window.configured = Some(serial);
        }
    }
}

delegate_noop!(Window: ignore wl_compositor::WlCompositor);
delegate_noop!(Window: ignore wl_surface::WlSurface);
delegate_noop!(Window: ignore wl_shm::WlShm);
delegate_noop!(Window: ignore wl_shm_pool::WlShmPool);
delegate_noop!(Window: ignore wl_buffer::WlBuffer);
delegate_noop!(Window: ignore xdg_toplevel::XdgToplevel);
delegate_noop!(Window: ignore zwp_idle_inhibit_manager_v1::ZwpIdleInhibitManagerV1);
delegate_noop!(Window: ignore zwp_idle_inhibitor_v1::ZwpIdleInhibitorV1);

/// Maps a small window on the compositor at `socket` and inhibits idleness on it.
fn inhibit_idle(socket: &Path, dir: &Path) -> Inhibiting {
    let conn = Connection::from_socket(UnixStream::connect(socket).unwrap()).unwrap();
    let (globals, mut queue) = registry_queue_init::<Window>(&conn).unwrap();
    let qh = queue.handle();
    let compositor: wl_compositor::WlCompositor = globals.bind(&qh, 1..=4, ()).unwrap();
    let shm: wl_shm::WlShm = globals.bind(&qh, 1..=1, ()).unwrap();
    let base: xdg_wm_base::XdgWmBase = globals.bind(&qh, 1..=2, ()).unwrap();
    let manager: zwp_idle_inhibit_manager_v1::ZwpIdleInhibitManagerV1 =
        globals.bind(&qh, 1..=1, ()).expect("KWin offers zwp_idle_inhibit_manager_v1");
    let surface = compositor.create_surface(&qh, ());
    let xdg = base.get_xdg_surface(&surface, &qh, ());
    let toplevel = xdg.get_toplevel(&qh, ());
    toplevel.set_title("video".into());
    surface.commit();
    let mut window = Window::default();
    while window.configured.is_none() {
        queue.blocking_dispatch(&mut window).unwrap();
    }
    xdg.ack_configure(window.configured.unwrap());
    // A 64x64 grey picture in shared memory: a window shows only once it has content.
    let (width, height) = (64, 64);
    let pixels = dir.join("window.shm");
    fs::write(&pixels, vec![0x80u8; width * height * 4]).unwrap();
    let file = fs::OpenOptions::new().read(true).write(true).open(&pixels).unwrap();
    let pool = shm.create_pool(std::os::fd::AsFd::as_fd(&file), (width * height * 4) as i32, &qh, ());
    let buffer =
        pool.create_buffer(0, width as i32, height as i32, width as i32 * 4, wl_shm::Format::Xrgb8888, &qh, ());
    surface.attach(Some(&buffer), 0, 0);
    surface.commit();
    let inhibitor = manager.create_inhibitor(&surface, &qh, ());
    surface.commit();
    queue.roundtrip(&mut window).unwrap();
    Inhibiting { _queue: queue, _inhibitor: inhibitor }
}

/// KWin 5.27 offers ext-idle-notify version 1, whose notifications honour idle inhibitors: while
/// a window keeps the screen awake, posture hears of no idleness and counts the time as
/// sitting. Once the window lets go, idleness comes through again.
#[test]
fn kwin_5_27_an_idle_inhibitor_hides_that_the_user_left() {
    let Some(Session { daemon, sandbox, kwin, bus: _bus }) = start("kwin-inhibit") else { return };
    assert_eq!(sandbox.status()["idle_backend"], "ext-idle-notify-v1");

    let video = inhibit_idle(&kwin.socket, &kwin.dir);
    move_pointer(&kwin.socket);
    let quiet = Instant::now();
    while quiet.elapsed() < AWAY_AFTER + Duration::from_secs(2) {
        let status = sandbox.status();
        assert_eq!(status["state"], "active", "away although a window inhibits idleness: {status}");
        std::thread::sleep(Duration::from_millis(200));
    }

    let held = quiet.elapsed();
    drop(video);
    let away = wait_for_state(|| sandbox.status(), "away", AWAY_AFTER + Duration::from_secs(5));
    println!(
        "KWin 5.27 with an idle inhibitor: active {held:.1?} after the last input; away {away:.2?} after it let go"
    );
    daemon.stop();
}
