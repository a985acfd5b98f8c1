//! posture: a posture-break reminder daemon.
//!
//! The crate is split the way the program is built:
//! - [`core`]: the pure part. Configuration, the tip catalogue and the break engine, a
//!   deterministic state machine with no I/O and no clock of its own.
//! - [`commands`]: the command-line edges that need no running daemon (`config`, `tip`,
//!   `simulate`, `meetings`, `stats`, `report`, `autostart`). They read files and print; all
//!   decisions come from [`core`].
//! - [`senses`]: tasks that watch the desktop (idle, lock, suspend, meetings) and report
//!   observations.
//! - [`outputs`]: what the user sees (notifications, the tray icon) and what is kept (history).
//! - [`notification_server`]: the notification server's bus address, names and name query,
//!   shared by a sense and an output.
//! - [`break_screen`]: the optional break window, its own short-lived process.
//! - [`clock`]: the one place the wall clock is read.
//! - [`cli`]: the command-line definition shared by the binary and its generated docs.

pub mod atomic_file;
pub mod break_screen;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod control;
pub use posture_core as core;
pub mod daemon;
pub mod load;
pub mod logging;
pub mod notification_server;
pub mod outputs;
pub mod paths;
pub mod senses;
pub mod simulate;
