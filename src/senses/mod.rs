//! The senses: tasks that watch the desktop and turn what they see into engine inputs.
//!
//! Each sense sends [`Observation`]s over a channel to the daemon, which feeds them to the
//! engine in order. Senses never decide anything; they only report what happened and when.
//! - [`idle`]: keyboard and mouse activity, one backend per desktop.
//! - [`session`]: screen lock and suspend, from logind (or the screensaver as a fallback).
//! - [`busy`]: signs that the user is in a call or does not want to be interrupted: camera and
//!   microphone in use, and do-not-disturb; woken by inotify and D-Bus signals, they report to
//!   their own channel as meeting sources.

pub mod busy;
pub mod idle;
pub mod session;

use crate::core::engine::Input;
use crate::core::session::Stamp;

/// Something a sense saw, with the time it happened (both clocks, see `core::session`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// One of `Active`, `Idle`, `Lock`, `Unlock`, `Suspend`, `Wake`.
    pub input: Input,
    pub at: Stamp,
}
