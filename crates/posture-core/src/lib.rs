//! The pure core: no I/O, no clock, no threads.
//!
//! Everything here takes its inputs as values (file contents, timestamps) and returns values, so
//! the daemon, `posture simulate` and the tests all drive the same code.

pub mod calendar;
pub mod command;
pub mod config;
pub mod config_edit;
pub mod duration;
pub mod engine;
pub mod figure;
pub mod located;
pub mod meeting_sources;
pub mod session;
pub mod stats;
pub mod text;
pub mod time;
pub mod tips;

use serde::{Deserialize, Serialize};

/// The two kinds of break. Each has its own sitting clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A short posture check and stretch at the desk.
    Micro,
    /// Stand up and move.
    Rest,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Micro, Kind::Rest];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Micro => "micro",
            Kind::Rest => "rest",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Kind::Micro => 0,
            Kind::Rest => 1,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "micro" => Ok(Kind::Micro),
            "rest" => Ok(Kind::Rest),
            other => Err(format!("unknown break kind `{other}` (expected micro or rest)")),
        }
    }
}

/// A language posture speaks. `auto` in the config resolves to one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    /// Picks the language from POSIX locale variables (LC_ALL, LC_MESSAGES, LANG, in that
    /// order of precedence): Dutch for any `nl*` locale, English otherwise.
    pub fn from_locale_vars(lc_all: Option<&str>, lc_messages: Option<&str>, lang: Option<&str>) -> Lang {
        let chosen = [lc_all, lc_messages, lang].into_iter().flatten().find(|v| !v.is_empty());
        match chosen {
            Some(v) if v.starts_with("nl") => Lang::Nl,
            _ => Lang::En,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}
