//! Loading: files and the environment into core values.
//!
//! The daemon, the tray and the commands all start here: the configuration file and where it
//! lives, the tip catalogue with the user's own tips, the language, the calendar files and the
//! system's time zone. Nothing here decides anything; errors name the file they come from.

pub mod calendars;
pub mod config;
pub mod tips;
pub mod zone;

pub use config::{Loaded, resolve_lang};
