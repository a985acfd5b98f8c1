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
//! Without a tray host nothing fails: ksni registers the item as soon as a
//! `org.kde.StatusNotifierWatcher` appears on the session bus.

pub mod icon;
pub mod menu;

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};
use tray_icon::menu::{CheckMenuItem, IsMenuItem, Menu, MenuEvent, MenuId, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{Icon, TrayIcon, TrayIconBuilder};

use crate::control::protocol::{Request, StatusReport};
use crate::control::server::Call;
use crate::core::config::DEFAULT_TOML;
use icon::Look;
use menu::{Click, Entry};

/// What the tray thread waits for.
enum Event {
    Status(StatusReport),
    Click(String),
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
    std::thread::Builder::new()
        .name("tray".into())
        .spawn(move || Tray { calls, config_path, shown: None }.run(inbox, clicks))?;
    tokio::spawn(async move {
        loop {
            let report = status.borrow_and_update().clone();
            if let Some(report) = report
                && events.send(Event::Status(report)).is_err()
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
    tooltip: String,
    look: Look,
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
        // The first report says which language to build the menu in.
        let (mut report, mut received) = loop {
            match inbox.recv() {
                Ok(Event::Status(report)) => break (report, Instant::now()),
                Ok(Event::Click(_)) => {}
                Ok(Event::Stop) | Err(_) => return,
            }
        };
        let mut tray = match TrayIconBuilder::new().with_id("posture").with_title("posture").build() {
            Ok(tray) => tray,
            Err(e) => {
                tracing::warn!("no tray icon: {e}");
                return;
            }
        };
        tracing::info!("tray icon started; it shows once the desktop has a StatusNotifierItem host");
        loop {
            let elapsed = received.elapsed().as_secs();
            let current = menu::advance(&report, elapsed);
            self.show(&mut tray, &current);
            let event = match menu::next_change(&current) {
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
                Some(Event::Status(new)) => (report, received) = (new, Instant::now()),
                Some(Event::Click(id)) => {
                    // A click on a check item toggles it in the menu; redraw from the model.
                    if let Some(shown) = &mut self.shown {
                        shown.entries.clear();
                    }
                    if let Some(new) = self.clicked(&id) {
                        (report, received) = (new, Instant::now());
                    }
                }
                Some(Event::Stop) => return,
            }
        }
    }

    /// Brings the tray up to date with `report`, touching only what changed.
    fn show(&mut self, tray: &mut TrayIcon, report: &StatusReport) {
        let entries = menu::menu(report);
        let tooltip = menu::tooltip(report);
        let look = Look::of(report);
        let shown = self.shown.get_or_insert_with(|| Shown { entries: Vec::new(), tooltip: String::new(), look });
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
            match build(&entries) {
                Ok(built) => tray.set_menu(Some(Box::new(built))),
                Err(e) => tracing::warn!("tray: cannot build the menu: {e}"),
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
        }
    }
}

/// Opens the config file with the desktop's default handler, creating it from the commented
/// defaults first when it does not exist.
fn open_settings(path: &std::path::Path) -> std::io::Result<()> {
    if !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, DEFAULT_TOML)?;
    }
    let mut child = std::process::Command::new("xdg-open")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()?;
    // Reaped off the tray thread: xdg-open may wait for the editor.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The muda menu for a list of entries.
fn build(entries: &[Entry]) -> tray_icon::menu::Result<Menu> {
    let menu = Menu::new();
    for entry in entries {
        menu.append(item(entry)?.as_ref())?;
    }
    Ok(menu)
}

fn item(entry: &Entry) -> tray_icon::menu::Result<Box<dyn IsMenuItem>> {
    Ok(match entry {
        Entry::Label(text) => Box::new(MenuItem::new(text, false, None)),
        Entry::Action { id, label, enabled } => Box::new(MenuItem::with_id(MenuId::new(id), label, *enabled, None)),
        // muda has no radio items; a check item per choice, exactly one checked, does the same.
        Entry::Choice { id, label, checked } => {
            Box::new(CheckMenuItem::with_id(MenuId::new(id), label, true, *checked, None))
        }
        Entry::Submenu { label, enabled, entries } => {
            let children = entries.iter().map(item).collect::<Result<Vec<_>, _>>()?;
            let children: Vec<&dyn IsMenuItem> = children.iter().map(|child| child.as_ref()).collect();
            Box::new(Submenu::with_items(label, *enabled, &children)?)
        }
        Entry::Separator => Box::new(PredefinedMenuItem::separator()),
    })
}
