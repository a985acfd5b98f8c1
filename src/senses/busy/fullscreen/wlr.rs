//! Fullscreen on wlroots compositors (sway, Hyprland, river, labwc...):
//! `zwlr_foreign_toplevel_manager_v1` announces every window (toplevel) and its states; one
//! that is both `activated` and `fullscreen` is a fullscreen window in front. The compositor
//! sends each window's states again, closed by `done`, whenever they change, so the thread
//! blocks in the event queue and looks again only after a `done` or a `closed`.

use std::collections::HashMap;

use tokio::sync::mpsc;
use wayland_client::backend::ObjectId;
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, Proxy, QueueHandle, event_created_child};
use wayland_protocols_wlr::foreign_toplevel::v1::client::{
    zwlr_foreign_toplevel_handle_v1::{self, ZwlrForeignToplevelHandleV1},
    zwlr_foreign_toplevel_manager_v1::{self, ZwlrForeignToplevelManagerV1},
};

use super::{Error, MeetingSignal, report};

pub const NAME: &str = "wlr-foreign-toplevel";

/// The states of one window: the latest complete set, and the one being sent.
#[derive(Debug, Default)]
struct Toplevel {
    states: Vec<u32>,
    /// States sent since the last `done`; `None` when only other properties changed.
    pending: Option<Vec<u32>>,
}

/// The windows the compositor announced, and what was last reported.
struct Windows {
    toplevels: HashMap<ObjectId, Toplevel>,
    signals: mpsc::Sender<MeetingSignal>,
    last: bool,
    /// Set when something changed since the last look.
    dirty: bool,
}

impl Windows {
    fn fullscreen_in_front(&self) -> bool {
        self.toplevels.values().any(|t| front_and_fullscreen(&t.states))
    }
}

/// Whether a window's states say it is active and fullscreen.
fn front_and_fullscreen(states: &[u32]) -> bool {
    let has = |state: zwlr_foreign_toplevel_handle_v1::State| states.contains(&(state as u32));
    has(zwlr_foreign_toplevel_handle_v1::State::Activated) && has(zwlr_foreign_toplevel_handle_v1::State::Fullscreen)
}

/// Connects to the compositor the environment names, binds the manager (version 2 or later:
/// `fullscreen` came in version 2), and runs the event queue on a thread of its own.
pub fn start(signals: mpsc::Sender<MeetingSignal>) -> Result<(), Error> {
    let conn = Connection::connect_to_env()?;
    let (globals, mut queue) = registry_queue_init::<Windows>(&conn)?;
    let qh = queue.handle();
    let _manager: ZwlrForeignToplevelManagerV1 = globals.bind(&qh, 2..=3, ())?;
    let mut windows = Windows { toplevels: HashMap::new(), signals, last: false, dirty: true };
    std::thread::Builder::new().name("posture-fullscreen-wayland".into()).spawn(move || {
        loop {
            if windows.dirty {
                windows.dirty = false;
                let now = windows.fullscreen_in_front();
                if !report(&windows.signals, &mut windows.last, now) {
                    return;
                }
            }
            if let Err(error) = queue.blocking_dispatch(&mut windows) {
                tracing::warn!("fullscreen windows are no longer seen: {error}");
                return;
            }
        }
    })?;
    Ok(())
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Windows {
    fn event(
        _: &mut Windows,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Windows>,
    ) {
    }
}

impl Dispatch<ZwlrForeignToplevelManagerV1, ()> for Windows {
    fn event(
        windows: &mut Windows,
        _: &ZwlrForeignToplevelManagerV1,
        event: zwlr_foreign_toplevel_manager_v1::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Windows>,
    ) {
        match event {
            zwlr_foreign_toplevel_manager_v1::Event::Toplevel { toplevel } => {
                windows.toplevels.insert(toplevel.id(), Toplevel::default());
            }
            // The compositor stopped announcing windows: nothing is known any more.
            zwlr_foreign_toplevel_manager_v1::Event::Finished => {
                windows.toplevels.clear();
                windows.dirty = true;
            }
            _ => {}
        }
    }

    event_created_child!(Windows, ZwlrForeignToplevelManagerV1, [
        zwlr_foreign_toplevel_manager_v1::EVT_TOPLEVEL_OPCODE => (ZwlrForeignToplevelHandleV1, ()),
    ]);
}

impl Dispatch<ZwlrForeignToplevelHandleV1, ()> for Windows {
    fn event(
        windows: &mut Windows,
        handle: &ZwlrForeignToplevelHandleV1,
        event: zwlr_foreign_toplevel_handle_v1::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Windows>,
    ) {
        match event {
            zwlr_foreign_toplevel_handle_v1::Event::State { state } => {
                if let Some(toplevel) = windows.toplevels.get_mut(&handle.id()) {
                    toplevel.pending =
                        Some(state.chunks_exact(4).map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]])).collect());
                }
            }
            zwlr_foreign_toplevel_handle_v1::Event::Done => {
                if let Some(states) =
                    windows.toplevels.get_mut(&handle.id()).and_then(|t| t.pending.take().map(|s| (t, s)))
                {
                    let (toplevel, states) = states;
                    toplevel.states = states;
                    windows.dirty = true;
                }
            }
            zwlr_foreign_toplevel_handle_v1::Event::Closed => {
                windows.toplevels.remove(&handle.id());
                handle.destroy();
                windows.dirty = true;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::front_and_fullscreen;

    #[test]
    fn only_a_window_both_in_front_and_fullscreen_counts() {
        // maximized 0, minimized 1, activated 2, fullscreen 3
        assert!(front_and_fullscreen(&[2, 3]));
        assert!(front_and_fullscreen(&[3, 0, 2]));
        assert!(!front_and_fullscreen(&[3]));
        assert!(!front_and_fullscreen(&[2, 0]));
        assert!(!front_and_fullscreen(&[]));
    }
}
