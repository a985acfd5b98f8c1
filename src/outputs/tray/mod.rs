//! The tray icon: a StatusNotifierItem (ksni, no GTK) showing where the user stands, with a menu
//! to take a break, snooze, pause, change the intervals, open the settings or quit.
//!
//! ksni is used directly rather than through tray-icon, whose ksni backend cannot set
//! `ItemIsMenu`: with it a left click opens the menu (waybar and others send a left click as
//! `Activate`, which a menu-less item would ignore). The item is plain data ([`Item`]: the menu
//! entries, tooltip and icon) that ksni turns into D-Bus properties and a dbusmenu layout,
//! diffing each update itself. The menu keeps one shape in every state (entries that do not
//! apply are disabled, not removed), so ksni never renumbers its entries and a click on a menu
//! left open across an update always finds its entry.
//!
//! One std thread owns the item's handle. It receives the daemon's status reports (forwarded
//! from the status `watch` channel by a small task) and the menu's clicks (from ksni's thread)
//! on one channel. A click becomes control protocol words sent through the daemon's `calls`
//! channel, the same path as the CLI. Between reports the thread moves the counting clocks
//! forward itself and sleeps until the next visible change ([`menu::next_change`]), so an idle
//! daemon with clocks standing still never wakes for the tray.
//!
//! Without a tray host nothing fails: ksni registers the item as soon as a
//! `org.kde.StatusNotifierWatcher` appears on the session bus (`watcher.rs` covers a host that
//! appears while ksni starts).

pub mod icon;
pub mod menu;
mod watcher;

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use ksni::blocking::{Handle, TrayMethods};
use tokio::sync::{mpsc, oneshot, watch};

use crate::control::protocol::{Request, StatusReport};
use crate::control::server::Call;
use icon::Look;
use menu::{Click, Entry};

/// What the tray thread waits for.
enum Event {
    Status(Box<StatusReport>),
    Click(String),
    /// Whether a tray host (a StatusNotifierWatcher) is on the bus.
    Host(bool),
    Stop,
}

/// Starts the tray thread and the task feeding it. Call from inside the daemon's runtime.
pub fn start(
    config_path: PathBuf,
    calls: mpsc::Sender<Call>,
    mut status: watch::Receiver<Option<StatusReport>>,
    mut shutdown: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let (events, inbox) = std_mpsc::channel();
    let clicks = events.clone();
    let hosts = events.clone();
    std::thread::Builder::new().name("tray".into()).spawn(move || Tray { calls, config_path }.run(inbox, clicks))?;
    tokio::spawn(watcher::keep_registered(
        move |present| {
            let _ = hosts.send(Event::Host(present));
        },
        shutdown.clone(),
    ));
    tokio::spawn(async move {
        loop {
            let report = status.borrow_and_update().clone();
            if let Some(report) = report
                && events.send(Event::Status(Box::new(report))).is_err()
            {
                return;
            }
            tokio::select! {
                changed = status.changed() => if changed.is_err() { break },
                _ = shutdown.changed() => break,
            }
        }
        let _ = events.send(Event::Stop);
    });
    Ok(())
}

/// What the item shows: ksni reads it through [`ksni::Tray`].
struct Item {
    entries: Vec<Entry>,
    tooltip: String,
    look: Look,
    icon: Vec<ksni::Icon>,
    clicks: std_mpsc::Sender<Event>,
}

impl ksni::Tray for Item {
    /// A left click (`Activate`) opens the menu.
    const MENU_ON_ACTIVATE: bool = true;

    fn id(&self) -> String {
        "posture".into()
    }

    fn title(&self) -> String {
        "posture".into()
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        self.icon.clone()
    }

    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip { title: "posture".into(), description: self.tooltip.clone(), ..Default::default() }
    }

    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        self.entries.iter().map(ksni_item).collect()
    }
}

/// One entry as a dbusmenu item; a click sends the entry's id to the tray thread.
fn ksni_item(entry: &Entry) -> ksni::MenuItem<Item> {
    use ksni::menu::{CheckmarkItem, StandardItem, SubMenu};
    let on_click = |id: &str| {
        let id = id.to_string();
        Box::new(move |item: &mut Item| {
            let _ = item.clicks.send(Event::Click(id.clone()));
        }) as Box<dyn Fn(&mut Item) + Send + Sync>
    };
    match entry {
        Entry::Label(text) => StandardItem { label: label(text), enabled: false, ..Default::default() }.into(),
        Entry::Action { id, label: text, enabled } => {
            StandardItem { label: label(text), enabled: *enabled, activate: on_click(id), ..Default::default() }.into()
        }
        Entry::Choice { id, label: text, checked } => {
            CheckmarkItem { label: label(text), checked: *checked, activate: on_click(id), ..Default::default() }.into()
        }
        Entry::Submenu { label: text, enabled, entries } => SubMenu {
            label: label(text),
            enabled: *enabled,
            submenu: entries.iter().map(ksni_item).collect(),
            ..Default::default()
        }
        .into(),
        Entry::Separator => ksni::MenuItem::Separator,
    }
}

/// dbusmenu reads `_` as a mnemonic marker; a literal one is written twice.
fn label(text: &str) -> String {
    text.replace('_', "__")
}

/// The icon in the StatusNotifierItem format: ARGB32, network byte order.
fn pixmap(look: Look) -> ksni::Icon {
    let size = icon::SIZE;
    let data = icon::render(look, size).chunks_exact(4).flat_map(|p| [p[3], p[0], p[1], p[2]]).collect();
    ksni::Icon { width: size as i32, height: size as i32, data }
}

struct Tray {
    calls: mpsc::Sender<Call>,
    config_path: PathBuf,
}

impl Tray {
    fn run(self, inbox: std_mpsc::Receiver<Event>, clicks: std_mpsc::Sender<Event>) {
        // The first report says which language to build the menu in.
        let (mut report, mut received) = loop {
            match inbox.recv() {
                Ok(Event::Status(report)) => break (*report, Instant::now()),
                Ok(Event::Click(_) | Event::Host(_)) => {}
                Ok(Event::Stop) | Err(_) => return,
            }
        };
        let look = Look::of(&report);
        let item = Item {
            entries: menu::menu(&report),
            tooltip: menu::tooltip(&report),
            look,
            icon: vec![pixmap(look)],
            clicks,
        };
        // Without a host yet, ksni registers the item once one appears (see `watcher.rs`).
        let handle = match item.assume_sni_available(true).spawn() {
            Ok(handle) => handle,
            Err(e) => {
                tracing::warn!("no tray icon: {e}");
                return;
            }
        };
        tracing::info!("tray icon started; it shows once the desktop has a StatusNotifierItem host");
        // Until the watcher task says otherwise, assume someone shows the icon.
        let mut host = true;
        loop {
            let elapsed = received.elapsed().as_secs();
            let current = menu::advance(&report, elapsed);
            // Nobody sees the icon without a host: keep it as it is, and wake for nothing
            // but messages, until one appears.
            if host {
                show(&handle, &current);
            }
            let event = match menu::next_change(&current).filter(|_| host) {
                Some(seconds) => {
                    let wake = received + Duration::from_secs(elapsed + seconds);
                    match inbox.recv_timeout(wake.saturating_duration_since(Instant::now())) {
                        Ok(event) => Some(event),
                        Err(std_mpsc::RecvTimeoutError::Timeout) => None,
                        Err(std_mpsc::RecvTimeoutError::Disconnected) => break,
                    }
                }
                None => match inbox.recv() {
                    Ok(event) => Some(event),
                    Err(_) => break,
                },
            };
            match event {
                None => {}
                Some(Event::Status(new)) => (report, received) = (*new, Instant::now()),
                Some(Event::Click(id)) => {
                    if let Some(new) = self.clicked(&id) {
                        (report, received) = (new, Instant::now());
                    }
                }
                Some(Event::Host(present)) => host = present,
                Some(Event::Stop) => break,
            }
        }
        handle.shutdown().wait();
    }

    /// Carries out a click; returns the daemon's status after a command.
    fn clicked(&self, id: &str) -> Option<StatusReport> {
        match menu::click(id, chrono::Local::now().fixed_offset())? {
            Click::Command(words) => {
                let (reply, answer) = oneshot::channel();
                self.calls.blocking_send((Request::new(words.clone()), reply)).ok()?;
                let response = answer.blocking_recv().ok()?;
                if let Some(error) = &response.error {
                    tracing::warn!("tray: `{words}` refused: {error}");
                }
                response.status
            }
            Click::OpenSettings => {
                if let Err(e) = open_settings(&self.config_path) {
                    tracing::warn!("tray: cannot open {}: {e}", self.config_path.display());
                }
                None
            }
            Click::WarningSigns(lang) => {
                if let Err(e) = open_warning_signs(lang) {
                    tracing::warn!("tray: cannot show the warning signs: {e:#}");
                }
                None
            }
        }
    }
}

/// Brings the item up to date with `report`; ksni tells the host only what changed.
fn show(handle: &Handle<Item>, report: &StatusReport) {
    let entries = menu::menu(report);
    let tooltip = menu::tooltip(report);
    let look = Look::of(report);
    handle.update(|item| {
        if item.look != look {
            item.look = look;
            item.icon = vec![pixmap(look)];
        }
        item.tooltip = tooltip;
        item.entries = entries;
    });
}

/// Writes the warning signs to `$XDG_CACHE_HOME/posture/warning-signs-<lang>.txt` and opens
/// that with the desktop's default handler, as "Open settings" opens the config file.
fn open_warning_signs(lang: crate::core::Lang) -> anyhow::Result<()> {
    let dir = crate::paths::cards_cache_dir()?;
    let path = dir.with_file_name(format!("warning-signs-{}.txt", lang.as_str()));
    crate::atomic_file::write(&path, crate::core::tips::warning_signs_text(lang).as_bytes())?;
    open_with_desktop(&path)?;
    Ok(())
}

/// Opens the config file with the desktop's default handler, creating it from the commented
/// defaults first when it does not exist.
fn open_settings(path: &std::path::Path) -> std::io::Result<()> {
    crate::load::config::create_default(path)?;
    open_with_desktop(path)
}

fn open_with_desktop(path: &std::path::Path) -> std::io::Result<()> {
    let mut child = std::process::Command::new("xdg-open")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()?;
    // Reaped off the tray thread: xdg-open may wait for the editor.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::Mode;

    fn report(state: Mode) -> StatusReport {
        let value = serde_json::json!({
            "state": state, "next_break": {"kind": "micro", "in_seconds": 420}, "pending": null,
            "sitting_seconds": {"micro": 1080, "rest": 2580}, "today_sitting_seconds": 10800,
            "idle_backend": "none", "session_source": "none", "paused": state == Mode::Paused,
            "language": "en", "pid": 1, "every_seconds": {"micro": 1500, "rest": 3300},
            "meeting_until": (state == Mode::Meeting).then_some("2026-03-02T14:30:00+01:00")
        });
        serde_json::from_value(value).unwrap()
    }

    /// The dbusmenu layout's shape: what ksni compares to decide whether to renumber.
    fn shape(items: &[ksni::MenuItem<Item>]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                ksni::MenuItem::SubMenu(submenu) => format!("[{}]", shape(&submenu.submenu).join(",")),
                ksni::MenuItem::Separator => "-".into(),
                _ => "*".into(),
            })
            .collect()
    }

    #[test]
    fn the_menu_keeps_one_shape_in_every_state() {
        let layout = |state| shape(&menu::menu(&report(state)).iter().map(ksni_item).collect::<Vec<_>>());
        let active = layout(Mode::Active);
        for state in [Mode::Paused, Mode::Snoozed, Mode::Meeting, Mode::Away, Mode::OutsideSchedule] {
            assert_eq!(layout(state), active, "{state:?}");
        }
    }

    #[test]
    fn the_icon_is_argb_in_network_order() {
        let look = Look::Paused;
        let rgba = icon::render(look, icon::SIZE);
        let argb = pixmap(look);
        assert_eq!((argb.width, argb.height), (icon::SIZE as i32, icon::SIZE as i32));
        assert_eq!(argb.data[..4], [rgba[3], rgba[0], rgba[1], rgba[2]]);
        assert_eq!(label("a_b"), "a__b");
    }
}
