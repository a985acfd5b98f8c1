//! posture's tray icon in a real tray host: waybar (Debian 12's 0.9.17) with its `tray`
//! module on a headless sway 1.7. waybar owns the StatusNotifierWatcher on the session bus;
//! posture's item registers there, and a click through the item's menu (dbusmenu, what waybar
//! sends when the user picks an entry) changes the daemon.
//!
//! sway refuses to run as root, so it runs as an unprivileged user the test creates
//! (`posture-sway-test`); waybar and posture run as the test's own user on sway's socket and a
//! private bus. Without sway or waybar, or without root to create the user, the test prints
//! why and skips; CI installs them and forbids the skip.

#[path = "support/compositor.rs"]
mod compositor;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/sway.rs"]
mod sway;
#[path = "support/tools.rs"]
mod tools;

use std::collections::HashMap;
use std::fs;
use std::time::{Duration, Instant};

use compositor::{Compositor, wait_for_state};
use fake_notifications::PrivateBus;
use sandbox::Sandbox;
use sway::Sway;
use zbus::{OwnedObjectPath, OwnedVariant, Variant};

const WATCHER: &str = "org.kde.StatusNotifierWatcher";
const PATIENCE: Duration = Duration::from_secs(15);
/// A bar with nothing but the tray.
const WAYBAR_CONFIG: &str =
    r#"{ "layer": "top", "position": "top", "height": 24, "modules-right": ["tray"], "tray": { "spacing": 4 } }"#;

/// Headless sway with waybar (run by the test's user) as its bar.
fn start_sway_with_waybar(bus: &str) -> Option<Sway> {
    let mut sway = Sway::start("waybar", &["resolution 800x600"], Some(bus))?;
    let waybar_config = sway.dir.join("waybar.json");
    let waybar_style = sway.dir.join("waybar.css");
    fs::write(&waybar_config, WAYBAR_CONFIG).unwrap();
    fs::write(&waybar_style, "* { font-size: 12px; }\n").unwrap();
    sway.spawn("waybar", "waybar", &["-c", waybar_config.to_str().unwrap(), "-s", waybar_style.to_str().unwrap()]);
    Some(sway)
}

/// One dbusmenu entry, as a host reads it.
#[derive(Debug)]
struct Entry {
    id: i32,
    label: String,
    children: Vec<Entry>,
}

impl Entry {
    /// Finds an entry by its labels from the top, e.g. `["Snooze", "15 minutes"]`.
    fn find(&self, path: &[&str]) -> Option<&Entry> {
        let (first, rest) = path.split_first()?;
        let child = self.children.iter().find(|c| c.label == *first)?;
        if rest.is_empty() { Some(child) } else { child.find(rest) }
    }
}

type RawLayout = (i32, HashMap<String, OwnedVariant>, Vec<OwnedVariant>);

fn entry((id, properties, children): RawLayout) -> Entry {
    let label = properties.get("label").and_then(|v| <&str>::try_from(v).ok()).unwrap_or_default();
    Entry {
        id,
        label: label.to_string(),
        children: children.into_iter().map(|c| entry(RawLayout::try_from(c).expect("a child is a layout"))).collect(),
    }
}

async fn proxy(bus: &zbus::Connection, service: &str, path: &str, interface: &str) -> zbus::Proxy<'static> {
    zbus::Proxy::new(bus, service.to_string(), path.to_string(), interface.to_string()).await.expect("a proxy")
}

/// Reads a property with Properties.Get: the value now, not a cached one.
async fn property<T>(bus: &zbus::Connection, service: &str, path: &str, interface: &str, name: &str) -> T
where
    T: TryFrom<OwnedVariant>,
    T::Error: std::fmt::Debug,
{
    let properties = proxy(bus, service, path, "org.freedesktop.DBus.Properties").await;
    let value: OwnedVariant = properties.call("Get", &(interface, name)).await.expect("read a property");
    T::try_from(value).expect("the property's type")
}

/// Waits for waybar's watcher to list an item and returns it (`service/path` or `service`).
async fn registered_item(bus: &zbus::Connection, waybar: &Compositor) -> String {
    let dbus = zbus::fdo::DBusProxy::new(bus).await.unwrap();
    let deadline = Instant::now() + PATIENCE;
    while !dbus.name_has_owner(WATCHER.try_into().unwrap()).await.unwrap() {
        assert!(Instant::now() < deadline, "waybar never took {WATCHER}:\n{}", waybar.log_of("waybar"));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // waybar takes the watcher's name first and registers its own host a moment later.
    while !property::<bool>(bus, WATCHER, "/StatusNotifierWatcher", WATCHER, "IsStatusNotifierHostRegistered").await {
        assert!(Instant::now() < deadline, "waybar never registered itself as the host:\n{}", waybar.log_of("waybar"));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    loop {
        let items: Vec<String> =
            property(bus, WATCHER, "/StatusNotifierWatcher", WATCHER, "RegisteredStatusNotifierItems").await;
        if let Some(item) = items.into_iter().next() {
            return item;
        }
        assert!(Instant::now() < deadline, "posture's item never registered with waybar's watcher");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waybar_shows_the_icon_and_its_menu_steers_the_daemon() {
    if !(tools::present("sway", "sway") && tools::present("waybar", "waybar") && tools::present("dbus-daemon", "dbus"))
    {
        return;
    }
    let bus = PrivateBus::start();
    let Some(sway) = start_sway_with_waybar(bus.address()) else { return };
    let connection = zbus::connection::Builder::address(bus.address()).build().await.expect("join the bus");

    let sandbox = Sandbox::new("waybar");
    fs::write(sandbox.config_file(), "language = \"en\"\n").unwrap();
    let daemon = sandbox.start_with(&[
        ("DBUS_SESSION_BUS_ADDRESS", bus.address()),
        ("WAYLAND_DISPLAY", sway.socket_str()),
        ("XDG_SESSION_TYPE", "wayland"),
        ("XDG_CURRENT_DESKTOP", "sway"),
    ]);

    let started = Instant::now();
    let item = registered_item(&connection, &sway).await;
    let registered = started.elapsed();
    // The watcher lists `service/path`, or only the service for the default path.
    let (service, path) = match item.split_once('/') {
        Some((service, path)) => (service.to_string(), format!("/{path}")),
        None => (item.clone(), "/StatusNotifierItem".to_string()),
    };
    let menu: OwnedObjectPath = property(&connection, &service, &path, "org.kde.StatusNotifierItem", "Menu").await;

    // What waybar does when the user opens the menu and picks Snooze > 15 minutes.
    let dbusmenu = proxy(&connection, &service, menu.as_str(), "com.canonical.dbusmenu").await;
    let (_revision, root): (u32, RawLayout) =
        dbusmenu.call("GetLayout", &(0i32, -1i32, Vec::<String>::new())).await.expect("GetLayout");
    let root = entry(root);
    let snooze = root.find(&["Snooze", "15 minutes"]).unwrap_or_else(|| panic!("no Snooze > 15 minutes: {root:#?}"));
    let _: bool = dbusmenu.call("AboutToShow", &(0i32,)).await.expect("AboutToShow");
    let _: () = dbusmenu.call("Event", &(snooze.id, "clicked", Variant::from(""), 0u32)).await.expect("Event clicked");
    let snoozed = tokio::task::block_in_place(|| wait_for_state(|| sandbox.status(), "snoozed", PATIENCE));
    println!(
        "waybar: item {item} registered {registered:?} after the daemon started; snoozed {snoozed:?} after the click"
    );
    daemon.stop();
}
