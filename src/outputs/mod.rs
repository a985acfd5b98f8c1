//! The outputs: turn engine actions into effects the user sees.
//! - [`notify`]: desktop notifications with Done / Snooze / Skip.

pub mod notify;
