//! The tray icon: a StatusNotifierItem (tray-icon with its ksni backend, no GTK) showing where
//! the user stands, with a menu to take a break, snooze, pause, change the intervals, open the
//! settings or quit.
//!
//! tray-icon's items are `!Send`, so one std thread owns them. It receives the daemon's status
//! reports (forwarded from the status `watch` channel by a small task) and the menu's clicks
//! (from ksni's thread) on one channel. A click becomes control protocol words sent through the
//! daemon's `calls` channel, the same path as the CLI. Between reports the thread moves the
//! counting clocks forward itself and sleeps until the next visible change ([`menu::next_change`]),
//! so an idle daemon with clocks standing still never wakes for the tray.
//!
//! Without a tray host nothing fails, and ksni is not started until one appears (an
//! `org.kde.StatusNotifierWatcher` on the session bus): its threads and D-Bus connection cost
//! about 2 MiB, for nothing on a desktop that shows no tray icons. Once started, ksni registers
//! the item again with each host that appears (`watcher.rs` covers a host that appears while
//! ksni starts).

pub mod icon;
pub mod menu;
mod watcher;

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};
use tray_icon::menu::{CheckMenuItem, IsMenuItem, Menu, MenuEvent, MenuId, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{Icon, TrayIcon, TrayIconBuilder};

use crate::control::protocol::{Request, StatusReport};
use crate::control::server::Call;
use crate::core::text::{self, Message};
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
    std::thread::Builder::new()
        .name("tray".into())
        .spawn(move || Tray { calls, config_path, shown: None }.run(inbox, clicks))?;
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

/// What is on screen, to change only what differs.
struct Shown {
    entries: Vec<Entry>,
    /// The muda items of `entries`, in the same order, to update in place.
    items: Vec<Built>,
    tooltip: String,
    look: Look,
}

/// One built menu entry, kept to change its text, state or check mark without a rebuild.
enum Built {
    Item(MenuItem),
    Choice(CheckMenuItem),
    Submenu(Submenu, Vec<Built>),
    Separator(PredefinedMenuItem),
}

struct Tray {
    calls: mpsc::Sender<Call>,
    config_path: PathBuf,
    shown: Option<Shown>,
}

impl Tray {
    fn run(mut self, inbox: std_mpsc::Receiver<Event>, clicks: std_mpsc::Sender<Event>) {
        // Set once per process; ksni calls it on its own thread, so it only queues the id.
        MenuEvent::set_event_handler(Some(move |event: MenuEvent| {
            let _ = clicks.send(Event::Click(event.id.0));
        }));
        // The first report says which language to build the menu in; the icon is built once
        // there is a host to show it. Without a host at start the start line's "tray: on" would
        // leave a GNOME user looking for an icon, so say once why there is none.
        let (mut first, mut host, mut told) = (None::<(StatusReport, Instant)>, None, false);
        let (mut report, mut received) = loop {
            match inbox.recv() {
                Ok(Event::Status(report)) => first = Some((*report, Instant::now())),
                Ok(Event::Host(present)) => host = Some(present),
                Ok(Event::Click(_)) => {}
                Ok(Event::Stop) | Err(_) => return,
            }
            if let (Some(false), Some((report, _)), false) = (host, &first, told) {
                tracing::info!("{}", text::render(report.lang(), &Message::NoTrayHost));
                told = true;
            }
            if host == Some(true)
                && let Some(first) = first.take()
            {
                break first;
            }
        };
        let mut host = true;
        let mut tray = match TrayIconBuilder::new().with_id("posture").with_title("posture").build() {
            Ok(tray) => tray,
            Err(e) => {
                tracing::warn!("no tray icon: {e}");
                return;
            }
        };
        tracing::debug!("tray icon started for the desktop's StatusNotifierItem host");
        loop {
            let elapsed = received.elapsed().as_secs();
            let current = menu::advance(&report, elapsed);
            // Nobody sees the icon without a host: keep it as it is, and wake for nothing
            // but messages, until one appears.
            if host {
                self.show(&mut tray, &current);
            }
            let event = match menu::next_change(&current).filter(|_| host) {
                Some(seconds) => {
                    let wake = received + Duration::from_secs(elapsed + seconds);
                    match inbox.recv_timeout(wake.saturating_duration_since(Instant::now())) {
                        Ok(event) => Some(event),
                        Err(std_mpsc::RecvTimeoutError::Timeout) => None,
                        Err(std_mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
                None => match inbox.recv() {
                    Ok(event) => Some(event),
                    Err(_) => return,
                },
            };
            match event {
                None => {}
                Some(Event::Status(new)) => (report, received) = (*new, Instant::now()),
                Some(Event::Click(id)) => {
                    // A click on a check item toggles it in the menu; redraw from the model.
                    if let Some(shown) = &mut self.shown {
                        shown.entries.clear();
                    }
                    if let Some(new) = self.clicked(&id) {
                        (report, received) = (new, Instant::now());
                    }
                }
                Some(Event::Host(present)) => host = present,
                Some(Event::Stop) => return,
            }
        }
    }

    /// Brings the tray up to date with `report`, touching only what changed.
    fn show(&mut self, tray: &mut TrayIcon, report: &StatusReport) {
        let entries = menu::menu(report);
        let tooltip = menu::tooltip(report);
        let look = Look::of(report);
        let shown = self.shown.get_or_insert_with(|| Shown {
            entries: Vec::new(),
            items: Vec::new(),
            tooltip: String::new(),
            look,
        });
        let first = shown.entries.is_empty() && shown.tooltip.is_empty();
        if first || shown.look != look {
            let size = icon::SIZE;
            match Icon::from_rgba(icon::render(look, size), size, size) {
                Ok(image) => {
                    if let Err(e) = tray.set_icon(Some(image)) {
                        tracing::warn!("tray: cannot set the icon: {e}");
                    }
                }
                Err(e) => tracing::warn!("tray: bad icon: {e}"),
            }
            shown.look = look;
        }
        if shown.tooltip != tooltip {
            if let Err(e) = tray.set_tooltip(Some(&tooltip)) {
                tracing::warn!("tray: cannot set the tooltip: {e}");
            }
            shown.tooltip = tooltip;
        }
        if shown.entries != entries {
            // Every change to a muda item makes the host re-read the menu, so a menu of the
            // same shape is updated in place (usually just the status line), not rebuilt.
            if same_shape(&shown.entries, &entries) {
                update(&shown.items, &shown.entries, &entries);
            } else {
                match build(&entries) {
                    Ok((menu, items)) => {
                        tray.set_menu(Some(Box::new(menu)));
                        shown.items = items;
                    }
                    Err(e) => tracing::warn!("tray: cannot build the menu: {e}"),
                }
            }
            shown.entries = entries;
        }
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

/// The muda menu for a list of entries, and its items.
fn build(entries: &[Entry]) -> tray_icon::menu::Result<(Menu, Vec<Built>)> {
    let menu = Menu::new();
    let items = entries.iter().map(item).collect::<Result<Vec<_>, _>>()?;
    for built in &items {
        menu.append(built.as_item())?;
    }
    Ok((menu, items))
}

fn item(entry: &Entry) -> tray_icon::menu::Result<Built> {
    Ok(match entry {
        Entry::Label(text) => Built::Item(MenuItem::new(text, false, None)),
        Entry::Action { id, label, enabled } => Built::Item(MenuItem::with_id(MenuId::new(id), label, *enabled, None)),
        // muda has no radio items; a check item per choice, exactly one checked, does the same.
        Entry::Choice { id, label, checked } => {
            Built::Choice(CheckMenuItem::with_id(MenuId::new(id), label, true, *checked, None))
        }
        Entry::Submenu { label, enabled, entries } => {
            let children = entries.iter().map(item).collect::<Result<Vec<_>, _>>()?;
            let refs: Vec<&dyn IsMenuItem> = children.iter().map(Built::as_item).collect();
            Built::Submenu(Submenu::with_items(label, *enabled, &refs)?, children)
        }
        Entry::Separator => Built::Separator(PredefinedMenuItem::separator()),
    })
}

impl Built {
    fn as_item(&self) -> &dyn IsMenuItem {
        match self {
            Built::Item(item) => item,
            Built::Choice(item) => item,
            Built::Submenu(submenu, _) => submenu,
            Built::Separator(separator) => separator,
        }
    }
}

/// Whether two menus have the same entries in the same places, so one can become the other by
/// changing texts, states and check marks.
fn same_shape(old: &[Entry], new: &[Entry]) -> bool {
    old.len() == new.len()
        && old.iter().zip(new).all(|pair| match pair {
            (Entry::Label(_), Entry::Label(_)) | (Entry::Separator, Entry::Separator) => true,
            (Entry::Action { id: a, .. }, Entry::Action { id: b, .. })
            | (Entry::Choice { id: a, .. }, Entry::Choice { id: b, .. }) => a == b,
            (Entry::Submenu { entries: a, .. }, Entry::Submenu { entries: b, .. }) => same_shape(a, b),
            _ => false,
        })
}

/// Changes the built items from `old` to `new`, which have the same shape.
fn update(items: &[Built], old: &[Entry], new: &[Entry]) {
    for ((built, old), new) in items.iter().zip(old).zip(new) {
        match (built, old, new) {
            (Built::Item(item), Entry::Label(a), Entry::Label(b)) if a != b => item.set_text(b),
            (
                Built::Item(item),
                Entry::Action { label: a, enabled: x, .. },
                Entry::Action { label: b, enabled: y, .. },
            ) => {
                if a != b {
                    item.set_text(b);
                }
                if x != y {
                    item.set_enabled(*y);
                }
            }
            (
                Built::Choice(item),
                Entry::Choice { label: a, checked: x, .. },
                Entry::Choice { label: b, checked: y, .. },
            ) => {
                if a != b {
                    item.set_text(b);
                }
                if x != y {
                    item.set_checked(*y);
                }
            }
            (
                Built::Submenu(submenu, children),
                Entry::Submenu { label: a, enabled: x, entries: old },
                Entry::Submenu { label: b, enabled: y, entries: new },
            ) => {
                if a != b {
                    submenu.set_text(b);
                }
                if x != y {
                    submenu.set_enabled(*y);
                }
                update(children, old, new);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(json: &str) -> StatusReport {
        let base = serde_json::json!({
            "state": "active", "next_break": {"kind": "micro", "in_seconds": 420}, "pending": null,
            "sitting_seconds": {"micro": 1080, "rest": 2580}, "today_sitting_seconds": 10800,
            "idle_backend": "none", "session_source": "none", "paused": false, "language": "en",
            "pid": 1, "every_seconds": {"micro": 1500, "rest": 3300}
        });
        let mut value = base;
        for (key, v) in serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json).unwrap() {
            value[key] = v;
        }
        serde_json::from_value(value).unwrap()
    }

    fn texts(items: &[Built]) -> Vec<String> {
        items
            .iter()
            .flat_map(|built| match built {
                Built::Item(item) => vec![format!("{}{}", item.text(), if item.is_enabled() { "" } else { " (off)" })],
                Built::Choice(item) => vec![format!("{}{}", item.text(), if item.is_checked() { " [x]" } else { "" })],
                Built::Submenu(submenu, children) => {
                    let mut out = vec![format!("{}/", submenu.text())];
                    out.extend(texts(children));
                    out
                }
                Built::Separator(_) => vec!["---".into()],
            })
            .collect()
    }

    #[test]
    fn a_menu_of_the_same_shape_is_updated_in_place_to_what_a_rebuild_shows() {
        let before = menu::menu(&report("{}"));
        let (_menu, items) = build(&before).unwrap();
        let mut later = report(r#"{"next_break": {"kind": "micro", "in_seconds": 300}}"#);
        later.every_seconds.micro = 1200;
        let after = menu::menu(&later);
        assert!(same_shape(&before, &after));
        update(&items, &before, &after);
        let (_fresh, rebuilt) = build(&after).unwrap();
        assert_eq!(texts(&items), texts(&rebuilt));
        assert!(texts(&items).contains(&"Every 20 min [x]".to_string()));
    }

    #[test]
    fn states_update_the_menu_in_place_and_only_other_entries_rebuild_it() {
        let active = menu::menu(&report("{}"));
        let paused = menu::menu(&report(r#"{"state": "paused", "paused": true}"#));
        let snoozed = menu::menu(&report(r#"{"state": "snoozed", "snoozed_until": "2026-03-02T14:30:00+01:00"}"#));
        assert!(same_shape(&active, &paused), "Resume and Pause are greyed out, never removed");
        assert!(same_shape(&active, &snoozed));
        let mut custom = report("{}");
        custom.every_seconds.micro = 22 * 60;
        assert!(!same_shape(&active, &menu::menu(&custom)), "an unusual interval adds a choice");
    }
}
