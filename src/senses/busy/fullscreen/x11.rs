//! Fullscreen on X11: the window manager names the window in front in the root window's
//! `_NET_ACTIVE_WINDOW` and marks a fullscreen window with `_NET_WM_STATE_FULLSCREEN` in its
//! `_NET_WM_STATE` (EWMH, set by every common window manager: mutter, KWin, xfwm4, openbox...).
//!
//! The thread asks for PropertyNotify on the root and on the window in front (moving the
//! subscription when another comes in front), reads both properties again after each
//! notification about them, and otherwise blocks on the connection. Errors about a window that
//! closed meanwhile arrive as events and are skipped: the root announces the next one.

use tokio::sync::mpsc;
use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{AtomEnum, ChangeWindowAttributesAux, ConnectionExt, EventMask, Window};
use x11rb::rust_connection::RustConnection;

use super::{Error, MeetingSignal, report};

pub const NAME: &str = "x11-ewmh";

x11rb::atom_manager! {
    /// The EWMH atoms the watch reads, interned together in one round trip.
    Atoms: AtomsCookie {
        _NET_SUPPORTED,
        _NET_ACTIVE_WINDOW,
        _NET_WM_STATE,
        _NET_WM_STATE_FULLSCREEN,
    }
}

/// Connects to the display the environment names and runs the watch on a thread of its own.
pub fn start(signals: mpsc::Sender<MeetingSignal>) -> Result<(), Error> {
    let (conn, screen) = RustConnection::connect(None)?;
    let root = conn.setup().roots.get(screen).ok_or(Error::NoScreen(screen))?.root;
    let atoms = Atoms::new(&conn)?.reply()?;
    let subscribe = ChangeWindowAttributesAux::new().event_mask(EventMask::PROPERTY_CHANGE);
    conn.change_window_attributes(root, &subscribe)?.check()?;
    // Checked here, not mid-run: without an EWMH window manager there is nothing to follow.
    let supported = conn.get_property(false, root, atoms._NET_SUPPORTED, AtomEnum::ATOM, 0, u32::MAX)?.reply()?;
    if !supported.value32().is_some_and(|mut listed| listed.any(|a| a == atoms._NET_ACTIVE_WINDOW)) {
        return Err(Error::NoActiveWindow);
    }
    std::thread::Builder::new().name("posture-fullscreen-x11".into()).spawn(move || {
        if let Err(error) = run(&conn, root, &atoms, &signals) {
            tracing::warn!("fullscreen windows are no longer seen: {error}");
        }
    })?;
    Ok(())
}

fn run(conn: &RustConnection, root: Window, atoms: &Atoms, signals: &mpsc::Sender<MeetingSignal>) -> Result<(), Error> {
    let (mut watched, mut last) = (None::<Window>, false);
    loop {
        let active = active_window(conn, root, atoms)?;
        if active != watched {
            // The old window may be gone already: its error comes back as an event, skipped below.
            if let Some(old) = watched {
                conn.change_window_attributes(old, &ChangeWindowAttributesAux::new().event_mask(EventMask::NO_EVENT))?;
            }
            if let Some(new) = active {
                let subscribe = ChangeWindowAttributesAux::new().event_mask(EventMask::PROPERTY_CHANGE);
                conn.change_window_attributes(new, &subscribe)?;
            }
            watched = active;
        }
        // Read after subscribing, so a change in between is not lost.
        let now = match active {
            Some(window) => is_fullscreen(conn, window, atoms)?,
            None => false,
        };
        if !report(signals, &mut last, now) {
            return Ok(());
        }
        loop {
            match conn.wait_for_event()? {
                Event::PropertyNotify(e)
                    if (e.window == root && e.atom == atoms._NET_ACTIVE_WINDOW)
                        || (Some(e.window) == watched && e.atom == atoms._NET_WM_STATE) =>
                {
                    break;
                }
                _ => {}
            }
        }
    }
}

fn active_window(conn: &RustConnection, root: Window, atoms: &Atoms) -> Result<Option<Window>, Error> {
    let reply = conn.get_property(false, root, atoms._NET_ACTIVE_WINDOW, AtomEnum::WINDOW, 0, 1)?.reply()?;
    Ok(reply.value32().and_then(|mut v| v.next()).filter(|w| *w != x11rb::NONE))
}

/// Whether `window` is fullscreen; a window that closed meanwhile is not.
fn is_fullscreen(conn: &RustConnection, window: Window, atoms: &Atoms) -> Result<bool, Error> {
    match conn.get_property(false, window, atoms._NET_WM_STATE, AtomEnum::ATOM, 0, u32::MAX)?.reply() {
        Ok(reply) => Ok(reply.value32().is_some_and(|mut states| states.any(|s| s == atoms._NET_WM_STATE_FULLSCREEN))),
        Err(x11rb::errors::ReplyError::X11Error(_)) => Ok(false),
        Err(error) => Err(error.into()),
    }
}
