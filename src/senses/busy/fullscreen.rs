//! A fullscreen window in front (a presentation, a film, a game), as a meeting source.
//!
//! One backend, chosen when `meetings.fullscreen` is first on: on Wayland the
//! `zwlr_foreign_toplevel_manager_v1` protocol (`wlr.rs`: sway, Hyprland, other wlroots
//! compositors), on X11 the window manager's `_NET_ACTIVE_WINDOW` and `_NET_WM_STATE` (`x11.rs`).
//! Both are event-driven on a thread of their own, blocked on the display connection until the
//! compositor or the X server says something changed. GNOME (mutter) and KDE Plasma on Wayland
//! offer neither to programs: there the source sees nothing, which is logged and shown as
//! `none` by `posture status`.
//!
//! Once started the backend stays, asleep, until the daemon ends: switching the setting off
//! makes the core ignore what it reports (`core::meeting_sources`), and switching it on again
//! applies what it last reported at once.

mod wlr;
mod x11;

use tokio::sync::{mpsc, watch};

use super::MeetingSignal;
use crate::core::config::MeetingSettings;
use crate::core::meeting_sources::Source;

/// What `posture status` says while no backend runs.
pub const NONE: &str = "none";

/// Why a backend could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot connect to the Wayland compositor: {0}")]
    WaylandConnect(#[from] wayland_client::ConnectError),
    #[error("cannot list the Wayland globals: {0}")]
    WaylandGlobals(#[from] wayland_client::globals::GlobalError),
    #[error("the compositor does not say which window is fullscreen (no {0})")]
    WaylandBind(#[from] wayland_client::globals::BindError),
    #[error("cannot connect to the X server: {0}")]
    X11Connect(#[from] x11rb::errors::ConnectError),
    #[error("X11: {0}")]
    X11(#[from] x11rb::errors::ConnectionError),
    #[error("X11: {0}")]
    X11Reply(#[from] x11rb::errors::ReplyError),
    #[error("the X server has no screen {0}")]
    NoScreen(usize),
    #[error("the window manager does not say which window is in front (no _NET_ACTIVE_WINDOW)")]
    NoActiveWindow,
    #[error("fullscreen thread: {0}")]
    Io(#[from] std::io::Error),
}

/// Reports a fullscreen window in front coming and going, from the moment
/// `meetings.fullscreen` is first on; `backend` names the backend in use.
pub fn spawn(
    mut settings: watch::Receiver<MeetingSettings>,
    signals: mpsc::Sender<MeetingSignal>,
    backend: watch::Sender<&'static str>,
    mut shutdown: watch::Receiver<bool>,
) {
    tokio::spawn(async move {
        tokio::select! {
            on = settings.wait_for(|s| s.fullscreen) => if on.is_err() { return },
            _ = shutdown.changed() => return,
        }
        let env = |name| std::env::var(name).unwrap_or_default();
        let wayland = env("XDG_SESSION_TYPE").eq_ignore_ascii_case("wayland") || !env("WAYLAND_DISPLAY").is_empty();
        let (name, started): (&'static str, Result<(), Error>) = if wayland {
            (wlr::NAME, wlr::start(signals))
        } else if !env("DISPLAY").is_empty() {
            (x11::NAME, x11::start(signals))
        } else {
            tracing::info!("fullscreen: no Wayland or X11 display; not watched");
            return;
        };
        match started {
            Ok(()) => {
                tracing::debug!("watching for a fullscreen window in front ({name})");
                backend.send_replace(name);
            }
            Err(error) => tracing::warn!("fullscreen windows are not seen: {error}"),
        }
    });
}

/// Sends a change of "a fullscreen window is in front" from a backend thread; false once the
/// daemon no longer listens.
fn report(signals: &mpsc::Sender<MeetingSignal>, last: &mut bool, now: bool) -> bool {
    if *last == now {
        return true;
    }
    *last = now;
    tracing::debug!(fullscreen = now, "fullscreen window in front");
    signals.blocking_send(MeetingSignal { source: Source::Fullscreen, active: now }).is_ok()
}
