//! The outputs: turn engine actions into effects the user sees.
//! - [`notify`]: desktop notifications with Done / Snooze / Skip.
//! - [`picture`]: the exercise cards' pictures as PNG, cached for notifications.
//! - [`stats`]: the history database and its writer thread.
//! - `tray`: the tray icon and its menu (Linux: StatusNotifierItem; macOS and Windows need the
//!   tray on the main thread's event loop, which this daemon does not run, so they have none).

pub mod notify;
pub mod picture;
pub mod stats;
#[cfg(target_os = "linux")]
pub mod tray;
