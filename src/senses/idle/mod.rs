//! Keyboard and mouse idle detection: one backend per desktop, chosen once at start.
//!
//! [`start`] picks the first backend that works and reports through [`Observation`]s:
//! `Active` when input resumes, `Idle { since }` once input has stopped for the threshold.
//! - **GNOME** (X11 or Wayland): Mutter's `org.gnome.Mutter.IdleMonitor` on the session bus
//!   ([`start_mutter`]). Event-driven: an idle watch and a one-shot user-active watch.
//! - **Other Wayland compositors** (KDE, sway, Hyprland…): `ext-idle-notify-v1`, or KDE's
//!   older `org_kde_kwin_idle` where that is missing (sway 1.7) ([`start_wayland`]).
//!   Event-driven, on its own thread.
//! - **Other X11 desktops**: MIT-SCREEN-SAVER's idle time, queried about once per threshold
//!   while the user is active, and XInput2 raw events to notice the return ([`start_x11`]).
//!
//! The Mutter and Wayland backends sleep until the desktop reports a change; the X11 one wakes
//! about once per threshold while the user is active and at most twice a minute while away.
//! A backend that fails mid-run logs a warning and stops; the daemon then runs on time alone.

mod mutter;
#[cfg(target_os = "linux")]
mod thread;
#[cfg(target_os = "linux")]
mod wayland;
#[cfg(target_os = "linux")]
mod x11;

use std::time::Duration;

use tokio::sync::watch;

pub use mutter::start_mutter;
#[cfg(target_os = "linux")]
pub use wayland::start_wayland;
#[cfg(target_os = "linux")]
pub use x11::start_x11;

use super::Observation;
use crate::clock;
use crate::core::engine::Input;
use crate::core::session::Stamp;

/// The shortest threshold a backend uses. Shorter ones would report every pause between two
/// keystrokes, and the X11 backend's clock comparison needs some margin.
pub const MIN_THRESHOLD: Duration = Duration::from_secs(1);

/// The idle monitor in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Backend {
    Mutter,
    ExtIdleNotify,
    /// KDE's older idle protocol, the fallback where ext-idle-notify-v1 is missing.
    KdeIdle,
    X11ScreenSaver,
    None,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Mutter => "gnome-mutter",
            Backend::ExtIdleNotify => "ext-idle-notify-v1",
            Backend::KdeIdle => "org-kde-kwin-idle",
            Backend::X11ScreenSaver => "x11-screensaver",
            Backend::None => "none",
        }
    }
}

/// Why a backend could not start (or stopped).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("D-Bus: {0}")]
    Bus(#[from] zbus::Error),
    #[error("the session bus connection closed")]
    BusClosed,
    #[cfg(target_os = "linux")]
    #[error("cannot connect to the Wayland compositor: {0}")]
    WaylandConnect(#[from] wayland_client::ConnectError),
    #[cfg(target_os = "linux")]
    #[error("cannot list the Wayland globals: {0}")]
    WaylandGlobals(#[from] wayland_client::globals::GlobalError),
    #[cfg(target_os = "linux")]
    #[error("the compositor does not offer {interface}: {source}")]
    WaylandBind { interface: &'static str, source: wayland_client::globals::BindError },
    #[cfg(target_os = "linux")]
    #[error("Wayland: {0}")]
    WaylandDispatch(#[from] wayland_client::DispatchError),
    #[cfg(target_os = "linux")]
    #[error("Wayland: {0}")]
    Wayland(#[from] wayland_client::backend::WaylandError),
    #[cfg(target_os = "linux")]
    #[error("cannot connect to the X server: {0}")]
    X11Connect(#[from] x11rb::errors::ConnectError),
    #[cfg(target_os = "linux")]
    #[error("X11: {0}")]
    X11(#[from] x11rb::errors::ConnectionError),
    #[cfg(target_os = "linux")]
    #[error("X11: {0}")]
    X11Reply(#[from] x11rb::errors::ReplyError),
    #[cfg(target_os = "linux")]
    #[error("the X server has no screen {0}")]
    NoScreen(usize),
    #[cfg(target_os = "linux")]
    #[error("idle thread: {0}")]
    Io(#[from] std::io::Error),
    #[cfg(target_os = "linux")]
    #[error("the idle thread ended before it was ready")]
    ThreadGone,
}

/// Detects the desktop, starts the first backend that works, and returns which one.
/// Events go to `tx` until `shutdown` changes to true (or `tx` is closed).
/// `threshold`: report `Idle { since: now - threshold }` once input has stopped this long
/// (at least [`MIN_THRESHOLD`]).
pub async fn start(
    threshold: Duration,
    tx: tokio::sync::mpsc::Sender<Observation>,
    shutdown: watch::Receiver<bool>,
) -> Backend {
    let desktop = std::env::var("XDG_CURRENT_DESKTOP").unwrap_or_default();
    match zbus::Connection::session().await {
        Ok(bus) => {
            if is_gnome(&desktop) || mutter::is_running(&bus).await {
                match start_mutter(&bus, threshold, tx.clone(), shutdown.clone()).await {
                    Ok(_) => return chosen(Backend::Mutter),
                    Err(err) => tracing::info!("idle: GNOME's idle monitor is not usable: {err}"),
                }
            }
        }
        Err(err) => tracing::debug!("idle: no session bus, so no GNOME idle monitor: {err}"),
    }
    #[cfg(target_os = "linux")]
    {
        let env = |name| std::env::var(name).unwrap_or_default();
        if is_wayland(&env("XDG_SESSION_TYPE"), &env("WAYLAND_DISPLAY")) {
            match start_wayland(None, threshold, tx, shutdown).await {
                Ok((_, backend)) => return chosen(backend),
                // Xwayland only sees input sent to X clients, so its idle time would call a user
                // typing in native Wayland windows away: better no idle detection than a wrong one.
                Err(err) => {
                    tracing::info!("idle: no Wayland idle protocol is usable, and X11 is not asked on Wayland: {err}")
                }
            }
        } else if !env("DISPLAY").is_empty() {
            match start_x11(None, threshold, tx, shutdown).await {
                Ok(_) => return chosen(Backend::X11ScreenSaver),
                Err(err) => tracing::info!("idle: the X11 screen saver extension is not usable: {err}"),
            }
        }
    }
    tracing::warn!(
        "no idle monitor found for this desktop; posture runs on time alone (keyboard and mouse are not watched)"
    );
    Backend::None
}

fn chosen(backend: Backend) -> Backend {
    // The daemon's start line names it.
    tracing::debug!("idle: watching keyboard and mouse with {}", backend.name());
    backend
}

/// Whether `XDG_CURRENT_DESKTOP` (a colon-separated list such as `ubuntu:GNOME`) names GNOME.
fn is_gnome(desktop: &str) -> bool {
    desktop.split(':').any(|name| name.to_ascii_uppercase().contains("GNOME"))
}

#[cfg(target_os = "linux")]
fn is_wayland(session_type: &str, wayland_display: &str) -> bool {
    session_type.eq_ignore_ascii_case("wayland") || !wayland_display.is_empty()
}

/// What a backend noticed, before it is stamped with the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Input resumed.
    Active,
    /// No input for this long.
    IdleFor(Duration),
}

impl Change {
    fn observe(self, now: Stamp) -> Observation {
        let input = match self {
            Change::Active => Input::Active,
            Change::IdleFor(idle) => Input::Idle { since: now.wall - idle },
        };
        Observation { input, at: now }
    }

    fn observe_now(self) -> Observation {
        self.observe(clock::stamp())
    }
}

/// Waits until `shutdown` says true. A dropped sender counts too: nobody is left to say it.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // Either way the backend stops, so whether the sender is still there does not matter.
    let _ = shutdown.wait_for(|stop| *stop).await;
}

fn effective(threshold: Duration) -> Duration {
    threshold.max(MIN_THRESHOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let all = [Backend::Mutter, Backend::ExtIdleNotify, Backend::X11ScreenSaver, Backend::None];
        let names: Vec<_> = all.iter().map(|b| b.name()).collect();
        assert_eq!(names, ["gnome-mutter", "ext-idle-notify-v1", "x11-screensaver", "none"]);
    }

    #[test]
    fn changes_become_observations() {
        let now =
            Stamp { wall: crate::core::time::Time::from_micros(1_000_000_000), steady: Some(Duration::from_secs(7)) };
        assert_eq!(Change::Active.observe(now), Observation { input: Input::Active, at: now });
        assert_eq!(
            Change::IdleFor(Duration::from_secs(90)).observe(now),
            Observation { input: Input::Idle { since: crate::core::time::Time::from_micros(910_000_000) }, at: now }
        );
    }

    #[test]
    fn desktop_detection() {
        assert!(is_gnome("GNOME"));
        assert!(is_gnome("ubuntu:GNOME"));
        assert!(is_gnome("GNOME-Classic:GNOME"));
        assert!(!is_gnome("KDE"));
        assert!(!is_gnome("sway"));
        assert!(!is_gnome(""));
        assert!(is_wayland("wayland", ""));
        assert!(is_wayland("", "wayland-1"));
        assert!(!is_wayland("x11", ""));
    }

    #[test]
    fn threshold_floor() {
        assert_eq!(effective(Duration::ZERO), MIN_THRESHOLD);
        assert_eq!(effective(Duration::from_secs(120)), Duration::from_secs(120));
    }
}
