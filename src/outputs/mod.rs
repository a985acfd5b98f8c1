//! The outputs: turn engine actions into effects the user sees.
//! - [`notify`]: desktop notifications with Done / Snooze / Skip.
//! - [`tray`]: the tray icon and its menu.

pub mod notify;
pub mod tray;
