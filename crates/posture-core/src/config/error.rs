//! The configuration error: one problem, named by its key and located in the file, and said in
//! either language (`ConfigError::render` in the user's, `Display` in English).

use std::fmt;
use std::ops::Range;
use std::time::Duration;

use chrono::NaiveTime;

use crate::Lang;
use crate::duration::{DurationError, format_duration};
use crate::located::Snippet;

/// A configuration problem, located in the file.
///
/// Displays compiler style: `file:line:column: key: message`, then the offending line with the
/// offending part underlined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file name given to [`Config::parse`](super::Config::parse).
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The dotted key concerned (`micro.every`), when one can be named.
    pub key: Option<String>,
    /// Boxed: errors travel in `Result`s, which stay small this way.
    pub problem: Box<Problem>,
    /// The offending line, without its line ending.
    pub source_line: String,
    /// How many characters from `column` on are underlined (at least 1).
    pub width: usize,
}

/// What is wrong, typed so each language can say it ([`crate::text::config_problem`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A TOML syntax error, in the words of the TOML parser (English).
    Syntax(String),
    /// A key not in `allowed`; `suggestion` is the allowed key a typo away, if any.
    UnknownKey {
        suggestion: Option<&'static str>,
        section: Option<String>,
        allowed: Vec<&'static str>,
    },
    /// A section that is not a table.
    NotATable {
        name: String,
        allowed: Vec<&'static str>,
        found: Found,
    },
    Expected {
        expected: Expected,
        found: Found,
    },
    UnknownLanguage(String),
    /// `[break_screen] mode` not one of the three.
    UnknownBreakScreenMode(String),
    /// `[break_screen] max_snoozes` above the most that still means something.
    TooManySnoozes {
        max: u32,
    },
    Duration(DurationError),
    /// A duration that could also have been "0" (off).
    DurationOrZero(DurationError),
    /// A daily limit that could also have been "off".
    DurationOrOff(DurationError),
    Zero,
    Fraction,
    OverADay(Duration),
    /// A break's `duration` not shorter than its `every` (`duration_side`: the duration line is
    /// the one pointed at).
    BreakTooLong {
        section: &'static str,
        every: Duration,
        length: Duration,
        duration_side: bool,
    },
    NoDays,
    UnknownDay(String),
    HoursFormat,
    SameHours(NaiveTime),
    UnknownArea(String),
    EmptyPath,
    CheckTooOften,
    EmptyItem(Expected),
    NotAbsolute(String),
    MissingDefault,
}

/// What a key takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Language,
    Duration,
    DurationOrZero,
    DurationOrOff,
    Days,
    Day,
    Hours,
    Areas,
    Area,
    TipFile,
    CalendarFile,
    Email,
    Pattern,
    Bool,
    /// `[break_screen] mode`.
    BreakScreenMode,
    /// A whole number of snoozes.
    SnoozeCount,
    /// A list of strings, each the inner one.
    ListOf(Box<Expected>),
}

/// What was found instead: an array, a table, or a value of a TOML type and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Array,
    Table,
    Value { type_name: &'static str, text: String },
}

impl ConfigError {
    /// A problem with the bytes `span` of `text`.
    pub(super) fn new(text: &str, origin: &str, span: Range<usize>, key: Option<String>, problem: Problem) -> Self {
        let Snippet { line, column, source_line, width } = Snippet::new(text, span);
        ConfigError { origin: origin.to_string(), line, column, key, problem: Box::new(problem), source_line, width }
    }

    /// The whole error in `lang`: where, the key, the problem and the underlined line.
    pub fn render(&self, lang: Lang) -> String {
        let message = crate::text::config_problem(lang, &self.problem);
        let headline = match &self.key {
            Some(key) => format!("{key}: {message}"),
            None => message,
        };
        let snippet =
            Snippet { line: self.line, column: self.column, source_line: self.source_line.clone(), width: self.width };
        snippet.render(&self.origin, &headline)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for ConfigError {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::config_problem(Lang::En, self))
    }
}

/// English texts of the problems; [`crate::text::config_problem`] has both languages.
pub(crate) fn english(problem: &Problem) -> String {
    let list = |items: &[&str]| items.join(", ");
    match problem {
        Problem::Syntax(message) => message.clone(),
        Problem::UnknownKey { suggestion, section, allowed } => {
            let suggestion = suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
            let listing = match section {
                Some(section) => format!("[{section}] allows"),
                None => "allowed top-level keys".to_string(),
            };
            format!("unknown key{suggestion}; {listing}: {}", list(allowed))
        }
        Problem::NotATable { name, allowed, found } => {
            format!("expected a [{name}] table with {}, found {}", list(allowed), english_found(found))
        }
        Problem::Expected { expected, found } => {
            format!("expected {}, found {}", english_expected(expected), english_found(found))
        }
        Problem::UnknownLanguage(other) => format!("unknown language `{other}`; expected \"auto\", \"nl\" or \"en\""),
        Problem::UnknownBreakScreenMode(other) => {
            format!("unknown mode `{other}`; expected \"off\", \"window\" or \"fullscreen\"")
        }
        Problem::TooManySnoozes { max } => format!("expected a whole number from 0 to {max}"),
        Problem::Duration(err) => err.to_string(),
        Problem::DurationOrZero(err) => format!("{err}; or \"0\" for off"),
        Problem::DurationOrOff(err) => format!("{err}; or \"off\" for no daily limit"),
        Problem::Zero => "must be longer than zero".into(),
        Problem::Fraction => "must be a whole number of seconds".into(),
        Problem::OverADay(value) => format!(
            "{} is longer than a day; the most allowed is {}",
            format_duration(*value),
            format_duration(super::parse::MAX_DURATION)
        ),
        Problem::BreakTooLong { section, every, length, duration_side: true } => {
            format!("{} must be shorter than {section}.every ({})", format_duration(*length), format_duration(*every))
        }
        Problem::BreakTooLong { section, every, length, duration_side: false } => {
            format!("{} must be longer than {section}.duration ({})", format_duration(*every), format_duration(*length))
        }
        Problem::NoDays => {
            format!(
                "no days listed; name at least one of {} (or leave `days` out for every day)",
                list(&super::parse::DAYS)
            )
        }
        Problem::UnknownDay(name) => format!("unknown day `{name}`; expected one of {}", list(&super::parse::DAYS)),
        Problem::HoursFormat => "expected hours like \"08:00-18:00\" (HH:MM-HH:MM, 24-hour clock)".into(),
        Problem::SameHours(at) => {
            format!("start and end are both {}; leave `hours` out to count all day", at.format("%H:%M"))
        }
        Problem::UnknownArea(name) => {
            let names: Vec<_> = crate::tips::Area::ALL.iter().map(|a| a.as_str()).collect();
            format!("unknown body area `{name}` (expected one of: {})", names.join(", "))
        }
        Problem::EmptyPath => "empty path; leave `extra_file` out when there is no tip file".into(),
        Problem::CheckTooOften => "must be at least 5s: checking more often only costs power".into(),
        Problem::EmptyItem(expected) => format!("empty; expected {}", english_expected(expected)),
        Problem::NotAbsolute(text) => format!("`{text}` is not an absolute path"),
        Problem::MissingDefault => "missing from the built-in defaults".into(),
    }
}

pub(crate) fn english_expected(expected: &Expected) -> String {
    match expected {
        Expected::Language => "\"auto\", \"nl\" or \"en\"".into(),
        Expected::Duration => "a duration string like \"25m\"".into(),
        Expected::DurationOrZero => "a duration string like \"30s\", or \"0\" for off".into(),
        Expected::DurationOrOff => "a duration string like \"8h\", or \"off\"".into(),
        Expected::Days => "a list of days like [\"mon\", \"tue\"]".into(),
        Expected::Day => "a day name like \"mon\"".into(),
        Expected::Hours => "hours like \"08:00-18:00\"".into(),
        Expected::Areas => "a list of body areas like [\"neck\", \"shoulders\"]".into(),
        Expected::Area => "a body area like \"neck\"".into(),
        Expected::TipFile => "a file path like \"my-tips.toml\"".into(),
        Expected::CalendarFile => "a calendar file path like \"~/work.ics\"".into(),
        Expected::Email => "an e-mail address like \"me@example.com\"".into(),
        Expected::Pattern => "an absolute path pattern like \"/dev/video*\"".into(),
        Expected::Bool => "true or false".into(),
        Expected::BreakScreenMode => "\"off\", \"window\" or \"fullscreen\"".into(),
        Expected::SnoozeCount => "a whole number, like 2".into(),
        Expected::ListOf(inner) => format!("a list of strings, each {}", english_expected(inner)),
    }
}

pub(crate) fn english_found(found: &Found) -> String {
    match found {
        Found::Array => "an array".into(),
        Found::Table => "a table".into(),
        Found::Value { type_name, text } => format!("{type_name} {text}"),
    }
}
