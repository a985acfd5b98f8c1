//! Configuration: the typed settings, parsed from TOML with every error located.
//!
//! Parsing is pure (`Config::parse(text, origin)`); reading the file and choosing its path
//! happen at the edges (`src/load`).
//!
//! Every key is optional. A key missing from the user's file takes its value from the embedded
//! `config/default.toml`, the same text `posture config init` prints, so the documented defaults
//! and the real ones cannot drift apart.
//!
//! - `model`: the typed settings the rest of posture reads.
//! - `parse`: the TOML text into the model, each value checked where it stands.
//! - `syntax`: the key a TOML syntax error is in.
//! - `error`: the located error and its compiler-style rendering.

pub(crate) mod error;
mod model;
mod parse;
mod syntax;
#[cfg(test)]
mod tests;

pub use error::{ConfigError, Expected, Found, Problem};
pub use model::{
    BreakScreenMode, BreakScreenSettings, BreakSettings, Config, Hours, Language, MeetingSettings,
    NotificationSettings, Schedule,
};

/// The commented default configuration: printed by `posture config init` and the source of
/// every value a user's file leaves out.
pub const DEFAULT_TOML: &str = include_str!("../../../../config/default.toml");

/// How the embedded defaults are named in messages (only seen if they were broken).
const DEFAULT_ORIGIN: &str = "default.toml";
