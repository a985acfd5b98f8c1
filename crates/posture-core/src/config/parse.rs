//! Reading a configuration file's TOML into the typed [`Config`], over the embedded defaults.
//!
//! The text is parsed into toml's spanned tree (`DeTable`, each key and value a `Spanned`) and
//! checked here rather than deserialised with serde: every message the tests pin down (the
//! allowed keys with a "did you mean", "expected a duration string like \"25m\", found integer
//! 5", a break longer than its interval pointed at the line the user wrote) differs from
//! serde's, and the first unknown key must be the first in the file, not in key order.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveTime;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{ConfigError, Expected, Found, Problem};
use super::model::{
    BreakScreenMode, BreakScreenSettings, BreakSettings, Config, Hours, Language, MeetingSettings,
    NotificationSettings, Schedule,
};
use super::syntax::key_at;
use super::{DEFAULT_ORIGIN, DEFAULT_TOML};
use crate::Kind;
use crate::duration::{DurationError, parse_duration};
use crate::located::char_boundary;
use crate::tips::Area;

/// Upper bound for every configured duration. Nothing in a day of sitting needs more, and the
/// bound keeps absurd values ("1000 years") away from the engine's time arithmetic.
pub(super) const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// Keys allowed at the top level, in the order the messages list them.
pub(super) const TOP_LEVEL_KEYS: &[&str] = &[
    "language",
    "micro",
    "rest",
    "daily",
    "activity",
    "reminders",
    "schedule",
    "tips",
    "meetings",
    "tray",
    "notifications",
    "break_screen",
];

/// The sections and the keys each one allows. A test checks that the parser reads each one.
pub(super) const SECTIONS: &[(&str, &[&str])] = &[
    ("micro", &["every", "duration"]),
    ("rest", &["every", "duration"]),
    ("daily", &["limit"]),
    ("activity", &["away_after"]),
    ("reminders", &["repeat_after", "snooze", "warn_before"]),
    ("schedule", &["days", "hours"]),
    ("tips", &["focus", "extra_file"]),
    (
        "meetings",
        &[
            "camera",
            "microphone",
            "do_not_disturb",
            "fullscreen",
            "calendars",
            "me",
            "check_every",
            "camera_devices",
            "microphone_devices",
            "microphone_status",
        ],
    ),
    ("tray", &["enabled"]),
    ("notifications", &["stay", "sound"]),
    ("break_screen", &["mode", "strict", "max_snoozes"]),
];

/// Day names in `chrono::Weekday::num_days_from_monday()` order.
pub(super) const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// More snoozes than breaks in a day would make `strict` mean nothing.
const MAX_SNOOZES: u32 = 20;

impl Config {
    /// Parses and validates a configuration file's text. `origin` names the file in errors.
    ///
    /// Keys the text leaves out take their values from [`DEFAULT_TOML`]. The first problem
    /// found is returned, located by line, column and key.
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let user = Doc::parse(text, origin)?;
        user.check_keys()?;
        let defaults = Doc::parse(DEFAULT_TOML, DEFAULT_ORIGIN)?;
        let layers = Layers { user: &user, defaults: &defaults };
        Ok(Config {
            language: language(&layers.require(None, "language")?)?,
            micro: break_settings(&layers, Kind::Micro)?,
            rest: break_settings(&layers, Kind::Rest)?,
            daily_limit: daily_limit(&layers.require(Some("daily"), "limit")?)?,
            away_after: duration(&layers.require(Some("activity"), "away_after")?)?,
            repeat_after: duration(&layers.require(Some("reminders"), "repeat_after")?)?,
            snooze: duration(&layers.require(Some("reminders"), "snooze")?)?,
            warn_before: duration_or_off(&layers.require(Some("reminders"), "warn_before")?)?,
            schedule: Schedule {
                days: days(&layers.require(Some("schedule"), "days")?)?,
                hours: layers.get(Some("schedule"), "hours").map(|entry| hours(&entry)).transpose()?,
            },
            focus: focus(&layers.require(Some("tips"), "focus")?)?,
            extra_tips: layers.get(Some("tips"), "extra_file").map(|entry| extra_file(&entry)).transpose()?,
            meetings: meeting_settings(&layers)?,
            tray: boolean(&layers.require(Some("tray"), "enabled")?)?,
            notifications: NotificationSettings {
                stay: boolean(&layers.require(Some("notifications"), "stay")?)?,
                sound: boolean(&layers.require(Some("notifications"), "sound")?)?,
            },
            break_screen: break_screen(&layers)?,
        })
    }
}

/// One parsed TOML document and where it came from.
struct Doc<'a> {
    text: &'a str,
    origin: &'a str,
    root: DeTable<'a>,
}

impl<'a> Doc<'a> {
    fn parse(text: &'a str, origin: &'a str) -> Result<Self, ConfigError> {
        match DeTable::parse(text) {
            Ok(root) => Ok(Doc { text, origin, root: root.into_inner() }),
            Err(err) => {
                // toml's syntax errors carry a span but no key; recover it from the text.
                let span = err.span().unwrap_or(0..0);
                let key = key_at(text, char_boundary(text, span.start));
                Err(ConfigError::new(text, origin, span, key, Problem::Syntax(err.message().to_string())))
            }
        }
    }

    fn error(&self, span: Range<usize>, key: &str, problem: Problem) -> ConfigError {
        ConfigError::new(self.text, self.origin, span, Some(key.to_string()), problem)
    }

    /// Rejects unknown keys and sections that are not tables, first in file order.
    fn check_keys(&self) -> Result<(), ConfigError> {
        for (key, value) in in_file_order(&self.root) {
            let name: &str = key.get_ref();
            if name == "language" {
                continue;
            }
            let Some(allowed) = section_keys(name) else {
                let problem = unknown_key(name, TOP_LEVEL_KEYS, None);
                return Err(self.error(key.span(), name, problem));
            };
            self.check_section(name, value, allowed)?;
        }
        Ok(())
    }

    /// Rejects a section that is not a table or holds a key it does not allow.
    fn check_section(
        &self,
        name: &str,
        value: &Spanned<DeValue<'_>>,
        allowed: &[&'static str],
    ) -> Result<(), ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            let problem = Problem::NotATable {
                name: name.to_string(),
                allowed: allowed.to_vec(),
                found: describe(value, self.text),
            };
            return Err(self.error(value.span(), name, problem));
        };
        for (sub, _) in in_file_order(table) {
            let sub_name: &str = sub.get_ref();
            if !allowed.contains(&sub_name) {
                let problem = unknown_key(sub_name, allowed, Some(name));
                return Err(self.error(sub.span(), &format!("{name}.{sub_name}"), problem));
            }
        }
        Ok(())
    }
}

type Entries<'t, 'a> = Vec<(&'t Spanned<std::borrow::Cow<'a, str>>, &'t Spanned<DeValue<'a>>)>;

/// A table's entries sorted by position, so the first problem reported is the first in the file.
fn in_file_order<'t, 'a>(table: &'t DeTable<'a>) -> Entries<'t, 'a> {
    let mut entries: Entries<'t, 'a> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

fn section_keys(name: &str) -> Option<&'static [&'static str]> {
    SECTIONS.iter().find(|(section, _)| *section == name).map(|(_, keys)| *keys)
}

/// The message for a key not in `allowed`, suggesting the closest allowed key if it is a typo away.
pub(super) fn unknown_key(name: &str, allowed: &[&'static str], section: Option<&str>) -> Problem {
    let suggestion = allowed
        .iter()
        .map(|candidate| (strsim::levenshtein(name, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate);
    Problem::UnknownKey { suggestion, section: section.map(str::to_string), allowed: allowed.to_vec() }
}

/// "integer 5", "an array", ...: what was found where something else was expected.
fn describe(value: &Spanned<DeValue<'_>>, text: &str) -> Found {
    match value.get_ref() {
        DeValue::Array(_) => Found::Array,
        DeValue::Table(_) => Found::Table,
        other => {
            let source = text.get(value.span()).unwrap_or_default();
            let shown: String = source.chars().take(40).collect();
            let ellipsis = if shown.len() < source.len() { "..." } else { "" };
            Found::Value { type_name: other.type_str(), text: format!("{shown}{ellipsis}") }
        }
    }
}

/// The user's document over the embedded defaults.
struct Layers<'d> {
    user: &'d Doc<'d>,
    defaults: &'d Doc<'d>,
}

impl<'d> Layers<'d> {
    fn get(&self, section: Option<&str>, key: &str) -> Option<Entry<'d>> {
        [(self.user, true), (self.defaults, false)].into_iter().find_map(|(doc, from_user)| {
            lookup(&doc.root, section, key).map(|value| Entry { doc, key: dotted(section, key), value, from_user })
        })
    }

    /// A key every configuration has: the defaults always provide it.
    fn require(&self, section: Option<&str>, key: &str) -> Result<Entry<'d>, ConfigError> {
        self.get(section, key).ok_or_else(|| self.defaults.error(0..0, &dotted(section, key), Problem::MissingDefault))
    }
}

fn dotted(section: Option<&str>, key: &str) -> String {
    match section {
        Some(section) => format!("{section}.{key}"),
        None => key.to_string(),
    }
}

fn lookup<'d>(root: &'d DeTable<'d>, section: Option<&str>, key: &str) -> Option<&'d Spanned<DeValue<'d>>> {
    let table = match section {
        None => root,
        Some(section) => match root.get(section)?.get_ref() {
            DeValue::Table(table) => table,
            _ => return None,
        },
    };
    table.get(key)
}

/// One value, with enough context to report a problem with it.
struct Entry<'d> {
    doc: &'d Doc<'d>,
    key: String,
    value: &'d Spanned<DeValue<'d>>,
    /// Whether the user's file set it (rather than the defaults).
    from_user: bool,
}

impl Entry<'_> {
    fn error(&self, problem: Problem) -> ConfigError {
        self.doc.error(self.value.span(), &self.key, problem)
    }

    fn item_error(&self, item: &Spanned<DeValue<'_>>, problem: Problem) -> ConfigError {
        self.doc.error(item.span(), &self.key, problem)
    }

    fn expected(&self, expected: Expected) -> ConfigError {
        self.error(Problem::Expected { expected, found: describe(self.value, self.doc.text) })
    }

    fn string(&self, expected: Expected) -> Result<&str, ConfigError> {
        self.value.get_ref().as_str().ok_or_else(|| self.expected(expected))
    }

    fn array(&self, expected: Expected) -> Result<&[Spanned<DeValue<'_>>], ConfigError> {
        match self.value.get_ref() {
            DeValue::Array(items) => Ok(items),
            _ => Err(self.expected(expected)),
        }
    }

    fn item_string<'v>(&self, item: &'v Spanned<DeValue<'_>>, expected: Expected) -> Result<&'v str, ConfigError> {
        item.get_ref()
            .as_str()
            .ok_or_else(|| self.item_error(item, Problem::Expected { expected, found: describe(item, self.doc.text) }))
    }
}

fn language(entry: &Entry<'_>) -> Result<Language, ConfigError> {
    match entry.string(Expected::Language)? {
        "auto" => Ok(Language::Auto),
        "nl" => Ok(Language::Nl),
        "en" => Ok(Language::En),
        other => Err(entry.error(Problem::UnknownLanguage(other.to_string()))),
    }
}

/// A duration that must be a whole number of seconds, above zero and at most [`MAX_DURATION`].
fn duration(entry: &Entry<'_>) -> Result<Duration, ConfigError> {
    let text = entry.string(Expected::Duration)?;
    let value = parse_duration(text).map_err(|err| entry.error(Problem::Duration(err)))?;
    bounded(entry, value)
}

/// A duration where `"0"` (or any zero duration) switches the feature off.
fn duration_or_off(entry: &Entry<'_>) -> Result<Option<Duration>, ConfigError> {
    let text = entry.string(Expected::DurationOrZero)?;
    if text.trim() == "0" {
        return Ok(None);
    }
    let value = parse_duration(text).map_err(|err| entry.error(Problem::DurationOrZero(err)))?;
    if value.is_zero() { Ok(None) } else { bounded(entry, value).map(Some) }
}

fn bounded(entry: &Entry<'_>, value: Duration) -> Result<Duration, ConfigError> {
    if value.is_zero() {
        return Err(entry.error(Problem::Zero));
    }
    // posture counts in seconds; a fraction would be silently lost and shown wrongly.
    if value.subsec_nanos() != 0 {
        return Err(entry.error(Problem::Fraction));
    }
    if value > MAX_DURATION {
        return Err(entry.error(Problem::OverADay(value)));
    }
    Ok(value)
}

fn break_settings(layers: &Layers<'_>, kind: Kind) -> Result<BreakSettings, ConfigError> {
    let section = kind.as_str();
    let every_entry = layers.require(Some(section), "every")?;
    let duration_entry = layers.require(Some(section), "duration")?;
    let every = duration(&every_entry)?;
    let length = duration(&duration_entry)?;
    if length >= every {
        // Point at what the user wrote: a too-short `every` over the default `duration` is the
        // user's `every` line, not a line they never saw.
        let duration_side = duration_entry.from_user || !every_entry.from_user;
        let problem = Problem::BreakTooLong { section, every, length, duration_side };
        return Err(if duration_side { duration_entry.error(problem) } else { every_entry.error(problem) });
    }
    Ok(BreakSettings { every, duration: length })
}

fn daily_limit(entry: &Entry<'_>) -> Result<Option<Duration>, ConfigError> {
    let text = entry.string(Expected::DurationOrOff)?;
    if text == "off" {
        return Ok(None);
    }
    let value = parse_duration(text).map_err(|err| match err {
        DurationError::Negative => entry.error(Problem::Duration(err)),
        _ => entry.error(Problem::DurationOrOff(err)),
    })?;
    bounded(entry, value).map(Some)
}

fn days(entry: &Entry<'_>) -> Result<[bool; 7], ConfigError> {
    let items = entry.array(Expected::Days)?;
    if items.is_empty() {
        return Err(entry.error(Problem::NoDays));
    }
    let mut days = [false; 7];
    for item in items {
        let name = entry.item_string(item, Expected::Day)?;
        let index = DAYS
            .iter()
            .position(|day| *day == name)
            .ok_or_else(|| entry.item_error(item, Problem::UnknownDay(name.to_string())))?;
        days[index] = true;
    }
    Ok(days)
}

fn hours(entry: &Entry<'_>) -> Result<Hours, ConfigError> {
    let text = entry.string(Expected::Hours)?;
    let (start, end) = parse_hours(text).ok_or_else(|| entry.error(Problem::HoursFormat))?;
    if start == end {
        return Err(entry.error(Problem::SameHours(start)));
    }
    Ok(Hours { start, end })
}

/// "HH:MM-HH:MM"; an end of "24:00" means midnight, as people write it.
fn parse_hours(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (start, end) = text.split_once('-')?;
    let start = parse_clock(start.trim())?;
    let end = match end.trim() {
        "24:00" => NaiveTime::MIN,
        other => parse_clock(other)?,
    };
    Some((start, end))
}

fn parse_clock(text: &str) -> Option<NaiveTime> {
    let (hour, minute) = text.split_once(':')?;
    let number = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !number(hour) || minute.len() != 2 || !number(minute) {
        return None;
    }
    NaiveTime::from_hms_opt(hour.parse().ok()?, minute.parse().ok()?, 0)
}

fn focus(entry: &Entry<'_>) -> Result<Vec<Area>, ConfigError> {
    let items = entry.array(Expected::Areas)?;
    let mut areas = Vec::with_capacity(items.len());
    for item in items {
        let name = entry.item_string(item, Expected::Area)?;
        let area: Area = name.parse().map_err(|_| entry.item_error(item, Problem::UnknownArea(name.to_string())))?;
        // A repeated area would only skew the weighting, never what the user meant.
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    Ok(areas)
}

fn extra_file(entry: &Entry<'_>) -> Result<PathBuf, ConfigError> {
    let text = entry.string(Expected::TipFile)?;
    if text.trim().is_empty() {
        return Err(entry.error(Problem::EmptyPath));
    }
    Ok(PathBuf::from(text))
}

fn meeting_settings(layers: &Layers<'_>) -> Result<MeetingSettings, ConfigError> {
    let section = Some("meetings");
    let check_every = duration(&layers.require(section, "check_every")?)?;
    if check_every < Duration::from_secs(5) {
        let entry = layers.require(section, "check_every")?;
        return Err(entry.error(Problem::CheckTooOften));
    }
    Ok(MeetingSettings {
        camera: boolean(&layers.require(section, "camera")?)?,
        microphone: boolean(&layers.require(section, "microphone")?)?,
        do_not_disturb: boolean(&layers.require(section, "do_not_disturb")?)?,
        fullscreen: boolean(&layers.require(section, "fullscreen")?)?,
        calendars: strings(&layers.require(section, "calendars")?, Expected::CalendarFile)?
            .into_iter()
            .map(PathBuf::from)
            .collect(),
        me: strings(&layers.require(section, "me")?, Expected::Email)?
            .into_iter()
            .map(|address| address.trim().trim_start_matches("mailto:").to_ascii_lowercase())
            .collect(),
        check_every,
        camera_devices: pattern(&layers.require(section, "camera_devices")?)?,
        microphone_devices: pattern(&layers.require(section, "microphone_devices")?)?,
        microphone_status: pattern(&layers.require(section, "microphone_status")?)?,
    })
}

fn break_screen(layers: &Layers<'_>) -> Result<BreakScreenSettings, ConfigError> {
    let section = Some("break_screen");
    let entry = layers.require(section, "mode")?;
    let mode = match entry.string(Expected::BreakScreenMode)? {
        "off" => BreakScreenMode::Off,
        "window" => BreakScreenMode::Window,
        "fullscreen" => BreakScreenMode::Fullscreen,
        other => return Err(entry.error(Problem::UnknownBreakScreenMode(other.to_string()))),
    };
    let entry = layers.require(section, "max_snoozes")?;
    let max_snoozes = match entry.value.get_ref() {
        DeValue::Integer(value) => u32::from_str_radix(value.as_str(), value.radix())
            .ok()
            .filter(|n| *n <= MAX_SNOOZES)
            .ok_or_else(|| entry.error(Problem::TooManySnoozes { max: MAX_SNOOZES }))?,
        _ => return Err(entry.expected(Expected::SnoozeCount)),
    };
    Ok(BreakScreenSettings { mode, strict: boolean(&layers.require(section, "strict")?)?, max_snoozes })
}

fn boolean(entry: &Entry<'_>) -> Result<bool, ConfigError> {
    match entry.value.get_ref() {
        DeValue::Boolean(value) => Ok(*value),
        _ => Err(entry.expected(Expected::Bool)),
    }
}

/// A list of non-empty strings.
fn strings(entry: &Entry<'_>, expected: Expected) -> Result<Vec<String>, ConfigError> {
    let items = entry.array(Expected::ListOf(Box::new(expected.clone())))?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let text = entry.item_string(item, expected.clone())?;
        if text.trim().is_empty() {
            return Err(entry.item_error(item, Problem::EmptyItem(expected)));
        }
        out.push(text.to_string());
    }
    Ok(out)
}

/// An absolute path pattern.
fn pattern(entry: &Entry<'_>) -> Result<String, ConfigError> {
    let text = entry.string(Expected::Pattern)?;
    if !text.starts_with('/') {
        return Err(entry.error(Problem::NotAbsolute(text.to_string())));
    }
    Ok(text.to_string())
}
