//! posture under the real GNOME compositor (Debian 12's mutter 43, headless Wayland) on a
//! private session bus: the daemon picks Mutter's idle monitor, goes away once input stops
//! for `away_after`, and is active again right after input arrives through
//! `org.gnome.Mutter.RemoteDesktop`, the way GNOME's own remote desktop injects it.
//!
//! Without mutter the test prints why and skips; CI installs it and forbids the skip.

#[path = "support/compositor.rs"]
mod compositor;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/tools.rs"]
mod tools;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use compositor::{Compositor, wait_for_state};
use fake_notifications::PrivateBus;
use sandbox::Sandbox;
use zbus::OwnedObjectPath;

const REMOTE_DESKTOP: &str = "org.gnome.Mutter.RemoteDesktop";
/// Idle after 5 s without input (the shortest idle threshold), away after 6 s.
const CONFIG: &str = "language = \"en\"\n[micro]\nduration = \"5s\"\n[activity]\naway_after = \"6s\"\n";
const AWAY_AFTER: Duration = Duration::from_secs(6);

/// A RemoteDesktop session: pointer motion through it is user input to mutter.
struct RemoteDesktop {
    session: zbus::Proxy<'static>,
}

impl RemoteDesktop {
    /// Connects to `bus` and starts a session, waiting for mutter to own the service first.
    async fn start(bus: &str) -> RemoteDesktop {
        let connection = zbus::connection::Builder::address(bus).build().await.expect("join the bus");
        let dbus = zbus::fdo::DBusProxy::new(&connection).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !dbus.name_has_owner(REMOTE_DESKTOP.try_into().unwrap()).await.unwrap() {
            assert!(Instant::now() < deadline, "mutter never offered {REMOTE_DESKTOP}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let manager = zbus::Proxy::new(&connection, REMOTE_DESKTOP, "/org/gnome/Mutter/RemoteDesktop", REMOTE_DESKTOP)
            .await
            .unwrap();
        let path: OwnedObjectPath = manager.call("CreateSession", &()).await.expect("CreateSession");
        let session = zbus::Proxy::new(&connection, REMOTE_DESKTOP, path, "org.gnome.Mutter.RemoteDesktop.Session")
            .await
            .unwrap();
        let _: () = session.call("Start", &()).await.expect("Start the RemoteDesktop session");
        RemoteDesktop { session }
    }

    async fn move_pointer(&self) {
        let _: () = self.session.call("NotifyPointerMotionRelative", &(5.0f64, 3.0f64)).await.expect("pointer motion");
    }
}

fn start_mutter(bus: &str) -> Compositor {
    let dir = Compositor::prepare("mutter");
    let args =
        ["--headless", "--wayland", "--no-x11", "--virtual-monitor", "1024x768", "--wayland-display=wayland-posture"];
    Compositor::start("mutter", dir, Path::new("mutter"), &args, &[], bus, "wayland-posture")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutter_43_idle_through_its_idle_monitor() {
    if !(tools::present("mutter", "mutter") && tools::present("dbus-daemon", "dbus")) {
        return;
    }
    let bus = PrivateBus::start();
    let mutter = start_mutter(bus.address());
    let input = RemoteDesktop::start(bus.address()).await;

    let sandbox = Sandbox::new("mutter");
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    // No XDG_CURRENT_DESKTOP: posture finds Mutter on the bus by itself.
    let daemon = sandbox.start_with(&[
        ("DBUS_SESSION_BUS_ADDRESS", bus.address()),
        ("WAYLAND_DISPLAY", mutter.socket_str()),
        ("XDG_SESSION_TYPE", "wayland"),
    ]);
    let status = sandbox.status();
    assert_eq!(status["idle_backend"], "gnome-mutter", "{status}\n{}", mutter.log());

    // Away `away_after` after the last input, give or take the polling.
    input.move_pointer().await;
    let away = tokio::task::block_in_place(|| {
        wait_for_state(|| sandbox.status(), "away", AWAY_AFTER + Duration::from_secs(5))
    });
    assert!(away + Duration::from_millis(500) >= AWAY_AFTER, "away after only {away:?}");

    input.move_pointer().await;
    let back = tokio::task::block_in_place(|| wait_for_state(|| sandbox.status(), "active", Duration::from_secs(2)));
    println!(
        "mutter 43: away {away:.2?} after the last input (away_after {AWAY_AFTER:?}); active {back:?} after pointer motion"
    );
    assert!(back < Duration::from_millis(500), "active only {back:?} after the input");
    daemon.stop();
}
