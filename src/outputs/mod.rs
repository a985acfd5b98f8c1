//! The outputs: turn engine actions into effects the user sees.
//! - [`notify`]: desktop notifications with Done / Snooze / Skip.
//! - [`stats`]: the history database and its writer thread.

pub mod notify;
pub mod stats;
