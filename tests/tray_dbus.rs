//! The real daemon's tray icon, read by a fake tray host on a private D-Bus session bus: the
//! host owns `org.kde.StatusNotifierWatcher`, reads the item's tooltip, icon and menu
//! (`com.canonical.dbusmenu.GetLayout`), clicks entries with `Event(id, "clicked", …)` and checks
//! what changed through `posture status --json` and the config file.

#![cfg(target_os = "linux")]

#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fake_notifications::PrivateBus;
use sandbox::Sandbox;
use serde_json::Value as Json;
use zbus::Connection;
use zbus::object_server::SignalEmitter;
use zbus::{OwnedObjectPath, OwnedVariant, Variant};

const PATIENCE: Duration = Duration::from_secs(10);

/// A config with the user's own comments, which an interval change must keep.
const CONFIG: &str =
    "# my posture settings\nlanguage = \"en\"\n\n[micro]\n# a check every 25 minutes suits me\nevery = \"25m\"\n";

/// The watcher side of a tray host: records the items that register.
struct Watcher {
    items: Arc<Mutex<Vec<String>>>,
    /// How many registrations to ignore, as if they had happened before the host was up.
    lose: u32,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    async fn register_status_notifier_item(
        &mut self,
        service: String,
        #[zbus(header)] header: zbus::message::Header<'_>,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) {
        // An item may register an object path instead of a bus name; the sender names it then.
        let service = match (service.starts_with('/'), header.sender()) {
            (true, Some(sender)) => format!("{sender}{service}"),
            _ => service,
        };
        if self.lose > 0 {
            self.lose -= 1;
            return;
        }
        self.items.lock().unwrap().push(service.clone());
        let _ = Watcher::status_notifier_item_registered(&emitter, &service).await;
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items.lock().unwrap().clone()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }

    #[zbus(signal)]
    async fn status_notifier_item_registered(emitter: &SignalEmitter<'_>, service: &str) -> zbus::Result<()>;
}

/// One dbusmenu entry, as a host reads it.
#[derive(Debug, Clone)]
struct Item {
    id: i32,
    label: String,
    enabled: bool,
    /// `Some(checked)` for check items.
    checked: Option<bool>,
    children: Vec<Item>,
}

impl Item {
    /// Finds an entry by its labels from the top, e.g. `["Snooze", "15 minutes"]`.
    fn find(&self, path: &[&str]) -> Option<&Item> {
        let (first, rest) = path.split_first()?;
        let child = self.children.iter().find(|c| c.label == *first)?;
        if rest.is_empty() { Some(child) } else { child.find(rest) }
    }
}

/// `IconPixmap`: width, height and ARGB bytes per size.
type Pixmaps = Vec<(i32, i32, Vec<u8>)>;
/// `ToolTip`: icon name, pixmaps, title, description.
type ToolTip = (String, Pixmaps, String, String);

type RawLayout = (i32, HashMap<String, OwnedVariant>, Vec<OwnedVariant>);

fn item((id, properties, children): RawLayout) -> Item {
    let text = |key: &str| properties.get(key).and_then(|v| <&str>::try_from(v).ok()).map(str::to_string);
    Item {
        id,
        label: text("label").unwrap_or_default(),
        enabled: properties.get("enabled").and_then(|v| bool::try_from(v).ok()).unwrap_or(true),
        checked: (text("toggle-type").as_deref() == Some("checkmark"))
            .then(|| properties.get("toggle-state").and_then(|v| i32::try_from(v).ok()) == Some(1)),
        children: children
            .into_iter()
            .map(|child| item(RawLayout::try_from(child).expect("a child is a layout")))
            .collect(),
    }
}

struct Host {
    connection: Connection,
    items: Arc<Mutex<Vec<String>>>,
}

impl Host {
    async fn start(address: &str) -> Host {
        Host::start_losing(address, 0).await
    }

    /// A host that ignores the first `lose` registrations.
    async fn start_losing(address: &str, lose: u32) -> Host {
        let items = Arc::new(Mutex::new(Vec::new()));
        let connection = zbus::connection::Builder::address(address)
            .serve_at("/StatusNotifierWatcher", Watcher { items: Arc::clone(&items), lose })
            .name("org.kde.StatusNotifierWatcher")
            .build()
            .await
            .expect("start the fake watcher");
        Host { connection, items }
    }

    /// Waits for the daemon's item to register and returns its bus name.
    async fn wait_for_item(&self) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(name) = self.items.lock().unwrap().first() {
                return name.clone();
            }
            assert!(Instant::now() < deadline, "no StatusNotifierItem registered");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn proxy(&self, service: &str, path: &str, interface: &str) -> zbus::Proxy<'static> {
        zbus::Proxy::new(&self.connection, service.to_string(), path.to_string(), interface.to_string())
            .await
            .expect("a proxy")
    }

    async fn item_property<T>(&self, service: &str, name: &str) -> T
    where
        T: TryFrom<OwnedVariant>,
        T::Error: Into<zbus::Error>,
    {
        // Read with Properties.Get rather than a cached proxy property: the item's value now.
        let properties = self.proxy(service, "/StatusNotifierItem", "org.freedesktop.DBus.Properties").await;
        let value: OwnedVariant =
            properties.call("Get", &("org.kde.StatusNotifierItem", name)).await.expect("read an item property");
        T::try_from(value).map_err(Into::into).expect("the property's type")
    }

    async fn tooltip(&self, service: &str) -> String {
        let (_icon, _pixmaps, _title, description): ToolTip = self.item_property(service, "ToolTip").await;
        description
    }

    async fn icon(&self, service: &str) -> Pixmaps {
        self.item_property(service, "IconPixmap").await
    }

    async fn layout(&self, service: &str, menu: &str) -> Item {
        let proxy = self.proxy(service, menu, "com.canonical.dbusmenu").await;
        let (_revision, root): (u32, RawLayout) =
            proxy.call("GetLayout", &(0i32, -1i32, Vec::<String>::new())).await.expect("GetLayout");
        item(root)
    }

    async fn click(&self, service: &str, menu: &str, id: i32) {
        let proxy = self.proxy(service, menu, "com.canonical.dbusmenu").await;
        let _: () = proxy.call("Event", &(id, "clicked", Variant::from(0i32), 0u32)).await.expect("Event clicked");
    }

    /// Reads the menu until `check` accepts it; fails the test after a while.
    async fn wait_for_menu(&self, service: &str, menu: &str, what: &str, check: impl Fn(&Item) -> bool) -> Item {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let layout = self.layout(service, menu).await;
            if check(&layout) {
                return layout;
            }
            assert!(Instant::now() < deadline, "the menu never showed {what}: {layout:#?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Polls `posture status --json` until `check` accepts it.
async fn wait_for_status(sandbox: &Sandbox, what: &str, check: impl Fn(&Json) -> bool) -> Json {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let status = sandbox.status();
        if check(&status) {
            return status;
        }
        assert!(Instant::now() < deadline, "the status never showed {what}: {status}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tray_host_reads_the_menu_and_its_clicks_steer_the_daemon() {
    let bus = PrivateBus::start();
    let sandbox = Sandbox::new("tray");
    fs::write(sandbox.config_file(), CONFIG).unwrap();
    // A stand-in for the desktop's default handler: records what "Open settings" opens.
    let bin = sandbox.root.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let opened = sandbox.root.join("opened");
    fs::write(bin.join("xdg-open"), format!("#!/bin/sh\necho \"$1\" > {}\n", opened.display())).unwrap();
    fs::set_permissions(bin.join("xdg-open"), fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());

    // No tray host yet: the daemon runs all the same.
    let mut daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address()), ("PATH", &path)]);
    assert_eq!(sandbox.status()["state"], "active");

    // The host appears later; the icon registers with it.
    let host = Host::start(bus.address()).await;
    let service = host.wait_for_item().await;
    let menu: OwnedObjectPath = host.item_property(&service, "Menu").await;
    let menu = menu.as_str().to_string();

    // The tooltip says what `posture status` says.
    let line = String::from_utf8(sandbox.run(&["status"]).stdout).unwrap();
    assert!(line.starts_with("Next: posture check in 25 min"), "{line}");
    let tooltip = host.tooltip(&service).await;
    assert!(tooltip.starts_with("Next: posture check in 25 min · sitting "), "{tooltip}");
    let active_icon = host.icon(&service).await;
    assert!(!active_icon.is_empty() && !active_icon[0].2.is_empty(), "the item has an icon");

    let layout = host.layout(&service, &menu).await;
    let labels: Vec<&str> = layout.children.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            tooltip.as_str(),
            "Today: 0 min sitting · 0 breaks",
            "Keyboard and mouse unseen: time away counts as sitting",
            "",
            "Movement break now",
            "Posture check now",
            "Snooze",
            "Resume",
            "Pause",
            "Intervals",
            "",
            "When to see a doctor",
            "Open settings",
            "Quit"
        ],
    );
    assert!(!layout.children[0].enabled && !layout.children[1].enabled, "the status lines are not clickable");
    assert_eq!(layout.find(&["Intervals", "Posture check", "Every 25 min"]).unwrap().checked, Some(true));
    assert!(!layout.find(&["Resume"]).unwrap().enabled, "Resume is there, greyed out");
    // The host addresses entries by id; every later click below uses ids from this first read.
    let first = layout.clone();

    // Snooze, and the menu follows: Resume enabled and the snooze in the status line.
    host.click(&service, &menu, layout.find(&["Snooze", "15 minutes"]).unwrap().id).await;
    wait_for_status(&sandbox, "snoozed", |s| s["state"] == "snoozed").await;
    let layout =
        host.wait_for_menu(&service, &menu, "the snooze", |m| m.children[0].label.starts_with("Snoozed until ")).await;
    assert!(host.tooltip(&service).await.starts_with("Snoozed until "));
    assert_eq!(layout.find(&["Resume"]).unwrap().id, first.find(&["Resume"]).unwrap().id, "same id as before");
    host.click(&service, &menu, first.find(&["Resume"]).unwrap().id).await;
    wait_for_status(&sandbox, "the end of the snooze", |s| s["state"] == "active").await;

    // Pause until resumed: the icon changes, breaks are disabled, and Resume ends it.
    host.wait_for_menu(&service, &menu, "resume greyed out", |m| !m.find(&["Resume"]).unwrap().enabled).await;
    host.click(&service, &menu, first.find(&["Pause", "Until I resume"]).unwrap().id).await;
    wait_for_status(&sandbox, "the pause", |s| s["paused"] == true && s["state"] == "paused").await;
    let layout = host.wait_for_menu(&service, &menu, "the pause", |m| m.children[0].label == "Paused").await;
    assert!(!layout.find(&["Movement break now"]).unwrap().enabled);
    assert!(!layout.find(&["Pause"]).unwrap().enabled, "the pause submenu is greyed out while paused");
    assert_ne!(host.icon(&service).await, active_icon, "the paused icon differs");
    host.click(&service, &menu, layout.find(&["Resume"]).unwrap().id).await;
    wait_for_status(&sandbox, "the resume", |s| s["paused"] == false).await;

    // Movement break now: a movement break is due.
    let layout = host
        .wait_for_menu(&service, &menu, "breaks enabled", |m| m.find(&["Movement break now"]).unwrap().enabled)
        .await;
    host.click(&service, &menu, layout.find(&["Movement break now"]).unwrap().id).await;
    wait_for_status(&sandbox, "a due rest break", |s| s["pending"] == "rest").await;
    host.wait_for_menu(&service, &menu, "the due break", |m| m.children[0].label == "Due now: movement break").await;

    // Change an interval: it applies at once and lands in the file with the comments kept.
    let layout = host.layout(&service, &menu).await;
    host.click(&service, &menu, layout.find(&["Intervals", "Posture check", "Every 20 min"]).unwrap().id).await;
    wait_for_status(&sandbox, "the new interval", |s| s["every_seconds"]["micro"] == 1200).await;
    let text = fs::read_to_string(sandbox.config_file()).unwrap();
    assert!(text.contains("every = \"20m\""), "{text}");
    assert!(text.contains("# my posture settings") && text.contains("# a check every 25 minutes suits me"), "{text}");
    let layout = host
        .wait_for_menu(&service, &menu, "the new interval checked", |m| {
            m.find(&["Intervals", "Posture check", "Every 20 min"]).unwrap().checked == Some(true)
        })
        .await;
    assert_eq!(layout.find(&["Intervals", "Posture check", "Every 25 min"]).unwrap().checked, Some(false));

    // A change from elsewhere (the CLI) shows in the menu too, updated in place.
    assert!(sandbox.run(&["interval", "micro", "30m"]).status.success());
    let layout = host
        .wait_for_menu(&service, &menu, "the CLI's interval checked", |m| {
            m.find(&["Intervals", "Posture check", "Every 30 min"]).unwrap().checked == Some(true)
        })
        .await;
    assert_eq!(layout.find(&["Intervals", "Posture check", "Every 20 min"]).unwrap().checked, Some(false));

    // Open settings hands the config file to the desktop's handler.
    host.click(&service, &menu, layout.find(&["Open settings"]).unwrap().id).await;
    let deadline = Instant::now() + PATIENCE;
    while fs::read_to_string(&opened).map(|s| s.trim().to_string()).ok()
        != Some(sandbox.config_file().display().to_string())
    {
        assert!(Instant::now() < deadline, "xdg-open was never called with the config file");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Quit stops the daemon.
    host.click(&service, &menu, layout.find(&["Quit"]).unwrap().id).await;
    let mut child = daemon.child.take().unwrap();
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the daemon did not quit from the tray");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tray_enabled_false_shows_no_icon() {
    let bus = PrivateBus::start();
    let host = Host::start(bus.address()).await;
    let sandbox = Sandbox::new("tray-off");
    fs::write(sandbox.config_file(), "[tray]\nenabled = false\n").unwrap();
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address())]);
    assert_eq!(sandbox.status()["state"], "active");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(host.items.lock().unwrap().is_empty(), "an item registered although the tray is off");
    daemon.stop();
}

/// ksni registers once when the host appears; a host that started while ksni was starting can
/// miss that (here: the host drops the first registration). posture then registers the icon
/// itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_icon_the_host_missed_registers_again() {
    let bus = PrivateBus::start();
    let sandbox = Sandbox::new("tray-missed");
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address())]);
    assert_eq!(sandbox.status()["state"], "active");
    let host = Host::start_losing(bus.address(), 1).await;
    let service = host.wait_for_item().await;
    assert!(service.starts_with("org.kde.StatusNotifierItem-"), "{service}");
    let log = daemon.stop();
    assert!(log.contains("registering the icon with the tray host that just started"), "{log}");
    // The start line says "tray: on"; with no host yet, the log says why no icon shows.
    assert!(log.contains("No tray on this desktop yet"), "{log}");
}

/// With a tray host there from the start, nothing is said about a missing tray.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_at_start_gets_the_icon_without_a_notice() {
    let bus = PrivateBus::start();
    let host = Host::start(bus.address()).await;
    let sandbox = Sandbox::new("tray-host-first");
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address())]);
    host.wait_for_item().await;
    let log = daemon.stop();
    assert!(!log.contains("No tray on this desktop"), "{log}");
}
