//! Configuration: the typed settings, parsed from TOML with every error located.
//!
//! Parsing is pure (`Config::parse(text, origin)`); reading the file and choosing its path
//! happen at the edges (`commands::config`, later the daemon).
//!
//! Every key is optional. A key missing from the user's file takes its value from the embedded
//! `config/default.toml`, the same text `posture config init` prints, so the documented defaults
//! and the real ones cannot drift apart. The file is read as a spanned TOML tree
//! (`toml::de::DeTable`) and checked by hand rather than through serde, so each error can name
//! the exact key and point at the exact value, down to one element of a list.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveTime;
use thiserror::Error;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Kind;
use super::duration::{DurationError, format_duration, parse_duration};
use super::tips::Area;

/// The commented default configuration: printed by `posture config init` and the source of
/// every value a user's file leaves out.
pub const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

/// How the embedded defaults are named in messages (only seen if they were broken).
const DEFAULT_ORIGIN: &str = "default.toml";

/// Upper bound for every configured duration. Nothing in a day of sitting needs more, and the
/// bound keeps absurd values ("1000 years") away from the engine's time arithmetic.
const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// Keys allowed at the top level, in the order the messages list them.
const TOP_LEVEL_KEYS: &[&str] =
    &["language", "micro", "rest", "daily", "activity", "reminders", "schedule", "tips", "meetings", "tray"];

/// The sections and the keys each one allows.
const SECTIONS: &[(&str, &[&str])] = &[
    ("micro", &["every", "duration"]),
    ("rest", &["every", "duration"]),
    ("daily", &["limit"]),
    ("activity", &["away_after"]),
    ("reminders", &["repeat_after", "snooze"]),
    ("schedule", &["days", "hours"]),
    ("tips", &["focus", "extra_file"]),
    (
        "meetings",
        &[
            "camera",
            "microphone",
            "do_not_disturb",
            "calendars",
            "me",
            "check_every",
            "camera_devices",
            "microphone_devices",
            "microphone_status",
        ],
    ),
    ("tray", &["enabled"]),
];

/// Day names in `chrono::Weekday::num_days_from_monday()` order.
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const HOURS_FORMAT: &str = "expected hours like \"08:00-18:00\" (HH:MM-HH:MM, 24-hour clock)";

/// The `language` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Auto,
    Nl,
    En,
}

/// `every` and `duration` of one break kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakSettings {
    /// Sitting time after which the break is due.
    pub every: Duration,
    /// How long the break lasts; an away period this long counts as the break.
    pub duration: Duration,
}

/// Days and hours in which posture counts and reminds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Indexed by `chrono::Weekday::num_days_from_monday()`.
    pub days: [bool; 7],
    /// `None` means all day. `start > end` wraps past midnight.
    pub hours: Option<Hours>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub language: Language,
    pub micro: BreakSettings,
    pub rest: BreakSettings,
    /// `None` when `daily.limit = "off"`.
    pub daily_limit: Option<Duration>,
    /// `activity.away_after`.
    pub away_after: Duration,
    /// `reminders.repeat_after`.
    pub repeat_after: Duration,
    /// `reminders.snooze`.
    pub snooze: Duration,
    pub schedule: Schedule,
    /// `tips.focus`: body areas to favour.
    pub focus: Vec<Area>,
    /// `tips.extra_file`: a user tip file in the catalogue's format, resolved against the
    /// config file's directory.
    pub extra_tips: Option<PathBuf>,
    /// `tray.enabled`: show the tray icon.
    pub tray: bool,
    pub meetings: MeetingSettings,
}

/// `[meetings]`: where posture learns that the user is in a call or a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSettings {
    /// A process has a camera device open.
    pub camera: bool,
    /// A sound card is capturing.
    pub microphone: bool,
    /// The notification server's do-not-disturb switch is on.
    pub do_not_disturb: bool,
    /// iCalendar files, as written (`~/` is expanded where the file is read).
    pub calendars: Vec<PathBuf>,
    /// The user's addresses, lower case, to recognise declined invitations.
    pub me: Vec<String>,
    /// How often camera and microphone are checked when their devices cannot be watched, or
    /// a capture device is open without recording.
    pub check_every: Duration,
    /// Device paths counted as cameras (`*` and `?` wildcards).
    pub camera_devices: String,
    /// Capture device paths, watched for opens (`*` and `?` wildcards).
    pub microphone_devices: String,
    /// ALSA capture status files (`*` and `?` wildcards).
    pub microphone_status: String,
}

impl Default for Config {
    /// The embedded `config/default.toml`, parsed.
    fn default() -> Self {
        Config::parse(DEFAULT_TOML, DEFAULT_ORIGIN)
            .expect("the embedded config/default.toml is valid (checked by a unit test)")
    }
}

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
            schedule: Schedule {
                days: days(&layers.require(Some("schedule"), "days")?)?,
                hours: layers.get(Some("schedule"), "hours").map(|entry| hours(&entry)).transpose()?,
            },
            focus: focus(&layers.require(Some("tips"), "focus")?)?,
            extra_tips: layers.get(Some("tips"), "extra_file").map(|entry| extra_file(&entry)).transpose()?,
            meetings: meeting_settings(&layers)?,
            tray: boolean(&layers.require(Some("tray"), "enabled")?)?,
        })
    }

    pub fn breaks(&self, kind: Kind) -> &BreakSettings {
        match kind {
            Kind::Micro => &self.micro,
            Kind::Rest => &self.rest,
        }
    }

    pub fn breaks_mut(&mut self, kind: Kind) -> &mut BreakSettings {
        match kind {
            Kind::Micro => &mut self.micro,
            Kind::Rest => &mut self.rest,
        }
    }
}

/// A configuration problem, located in the file.
///
/// Displays compiler style: `file:line:column: key: message`, then the offending line with the
/// offending part underlined.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.render())]
pub struct ConfigError {
    /// The file name given to [`Config::parse`].
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The dotted key concerned (`micro.every`), when one can be named.
    pub key: Option<String>,
    pub message: String,
    /// The offending line, without its line ending.
    pub source_line: String,
    /// How many characters from `column` on are underlined (at least 1).
    pub width: usize,
}

impl ConfigError {
    fn new(text: &str, origin: &str, span: Range<usize>, key: Option<String>, message: String) -> Self {
        let start = char_boundary(text, span.start);
        let end = char_boundary(text, span.end).max(start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end].trim_end_matches('\r');
        // A span running past its line (a multi-line array) is underlined to the line's end.
        let underline_end = end.min(line_start + source_line.len()).max(start);
        ConfigError {
            origin: origin.to_string(),
            line: text[..start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            key,
            message,
            source_line: source_line.to_string(),
            width: text[start..underline_end].chars().count().max(1),
        }
    }

    fn render(&self) -> String {
        let mut out = format!("{}:{}:{}: ", self.origin, self.line, self.column);
        if let Some(key) = &self.key {
            out.push_str(key);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        // Tabs are kept so the marker sits under the same characters in a terminal.
        let indent: String = self
            .source_line
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ =
            write!(out, "\n{gutter} |\n{number} | {}\n{gutter} | {indent}{}", self.source_line, "^".repeat(self.width));
        out
    }
}

/// The nearest char boundary at or before `offset`, within `text`.
fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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
                Err(ConfigError::new(text, origin, span, key, err.message().to_string()))
            }
        }
    }

    fn error(&self, span: Range<usize>, key: &str, message: String) -> ConfigError {
        ConfigError::new(self.text, self.origin, span, Some(key.to_string()), message)
    }

    /// Rejects unknown keys and sections that are not tables, first in file order.
    fn check_keys(&self) -> Result<(), ConfigError> {
        for (key, value) in in_file_order(&self.root) {
            let name: &str = key.get_ref();
            if name == "language" {
                continue;
            }
            let Some(allowed) = section_keys(name) else {
                let message = unknown_key(name, TOP_LEVEL_KEYS, "allowed top-level keys");
                return Err(self.error(key.span(), name, message));
            };
            let DeValue::Table(table) = value.get_ref() else {
                let message = format!(
                    "expected a [{name}] table with {}, found {}",
                    allowed.join(", "),
                    describe(value, self.text)
                );
                return Err(self.error(value.span(), name, message));
            };
            for (sub, _) in in_file_order(table) {
                let sub_name: &str = sub.get_ref();
                if !allowed.contains(&sub_name) {
                    let message = unknown_key(sub_name, allowed, &format!("[{name}] allows"));
                    return Err(self.error(sub.span(), &format!("{name}.{sub_name}"), message));
                }
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

fn unknown_key(name: &str, allowed: &[&str], listing: &str) -> String {
    let suggestion = allowed
        .iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
        .unwrap_or_default();
    format!("unknown key{suggestion}; {listing}: {}", allowed.join(", "))
}

/// Levenshtein distance, for "did you mean" on misspelt keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// "integer 5", "an array", ...: what was found where something else was expected.
fn describe(value: &Spanned<DeValue<'_>>, text: &str) -> String {
    match value.get_ref() {
        DeValue::Array(_) => "an array".to_string(),
        DeValue::Table(_) => "a table".to_string(),
        other => {
            let source = text.get(value.span()).unwrap_or_default();
            let shown: String = source.chars().take(40).collect();
            let ellipsis = if shown.len() < source.len() { "..." } else { "" };
            format!("{} {shown}{ellipsis}", other.type_str())
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
        self.get(section, key).ok_or_else(|| {
            self.defaults.error(0..0, &dotted(section, key), "missing from the built-in defaults".to_string())
        })
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
    fn error(&self, message: String) -> ConfigError {
        self.doc.error(self.value.span(), &self.key, message)
    }

    fn item_error(&self, item: &Spanned<DeValue<'_>>, message: String) -> ConfigError {
        self.doc.error(item.span(), &self.key, message)
    }

    fn string(&self, expected: &str) -> Result<&str, ConfigError> {
        self.value
            .get_ref()
            .as_str()
            .ok_or_else(|| self.error(format!("expected {expected}, found {}", describe(self.value, self.doc.text))))
    }

    fn array(&self, expected: &str) -> Result<&[Spanned<DeValue<'_>>], ConfigError> {
        match self.value.get_ref() {
            DeValue::Array(items) => Ok(items),
            _ => Err(self.error(format!("expected {expected}, found {}", describe(self.value, self.doc.text)))),
        }
    }

    fn item_string<'v>(&self, item: &'v Spanned<DeValue<'_>>, expected: &str) -> Result<&'v str, ConfigError> {
        item.get_ref().as_str().ok_or_else(|| {
            self.item_error(item, format!("expected {expected}, found {}", describe(item, self.doc.text)))
        })
    }
}

fn language(entry: &Entry<'_>) -> Result<Language, ConfigError> {
    match entry.string("\"auto\", \"nl\" or \"en\"")? {
        "auto" => Ok(Language::Auto),
        "nl" => Ok(Language::Nl),
        "en" => Ok(Language::En),
        other => Err(entry.error(format!("unknown language `{other}`; expected \"auto\", \"nl\" or \"en\""))),
    }
}

/// A duration that must be a whole number of seconds, above zero and at most [`MAX_DURATION`].
fn duration(entry: &Entry<'_>) -> Result<Duration, ConfigError> {
    let text = entry.string("a duration string like \"25m\"")?;
    let value = parse_duration(text).map_err(|err| entry.error(err.to_string()))?;
    bounded(entry, value)
}

fn bounded(entry: &Entry<'_>, value: Duration) -> Result<Duration, ConfigError> {
    if value.is_zero() {
        return Err(entry.error("must be longer than zero".to_string()));
    }
    // posture counts in seconds; a fraction would be silently lost and shown wrongly.
    if value.subsec_nanos() != 0 {
        return Err(entry.error("must be a whole number of seconds".to_string()));
    }
    if value > MAX_DURATION {
        return Err(entry.error(format!(
            "{} is longer than a day; the most allowed is {}",
            format_duration(value),
            format_duration(MAX_DURATION)
        )));
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
        return Err(if duration_entry.from_user || !every_entry.from_user {
            duration_entry.error(format!(
                "{} must be shorter than {section}.every ({})",
                format_duration(length),
                format_duration(every)
            ))
        } else {
            every_entry.error(format!(
                "{} must be longer than {section}.duration ({})",
                format_duration(every),
                format_duration(length)
            ))
        });
    }
    Ok(BreakSettings { every, duration: length })
}

fn daily_limit(entry: &Entry<'_>) -> Result<Option<Duration>, ConfigError> {
    let text = entry.string("a duration string like \"8h\", or \"off\"")?;
    if text == "off" {
        return Ok(None);
    }
    let value = parse_duration(text).map_err(|err| match err {
        DurationError::Negative => entry.error(err.to_string()),
        _ => entry.error(format!("{err}; or \"off\" for no daily limit")),
    })?;
    bounded(entry, value).map(Some)
}

fn days(entry: &Entry<'_>) -> Result<[bool; 7], ConfigError> {
    let items = entry.array("a list of days like [\"mon\", \"tue\"]")?;
    if items.is_empty() {
        return Err(entry.error(format!(
            "no days listed; name at least one of {} (or leave `days` out for every day)",
            DAYS.join(", ")
        )));
    }
    let mut days = [false; 7];
    for item in items {
        let name = entry.item_string(item, "a day name like \"mon\"")?;
        let index = DAYS.iter().position(|day| *day == name).ok_or_else(|| {
            entry.item_error(item, format!("unknown day `{name}`; expected one of {}", DAYS.join(", ")))
        })?;
        days[index] = true;
    }
    Ok(days)
}

fn hours(entry: &Entry<'_>) -> Result<Hours, ConfigError> {
    let text = entry.string("hours like \"08:00-18:00\"")?;
    let (start, end) = parse_hours(text).ok_or_else(|| entry.error(HOURS_FORMAT.to_string()))?;
    if start == end {
        return Err(entry
            .error(format!("start and end are both {}; leave `hours` out to count all day", start.format("%H:%M"))));
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
    let items = entry.array("a list of body areas like [\"neck\", \"shoulders\"]")?;
    let mut areas = Vec::with_capacity(items.len());
    for item in items {
        let name = entry.item_string(item, "a body area like \"neck\"")?;
        let area: Area = name.parse().map_err(|err| entry.item_error(item, err))?;
        // A repeated area would only skew the weighting, never what the user meant.
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    Ok(areas)
}

fn extra_file(entry: &Entry<'_>) -> Result<PathBuf, ConfigError> {
    let text = entry.string("a file path like \"my-tips.toml\"")?;
    if text.trim().is_empty() {
        return Err(entry.error("empty path; leave `extra_file` out when there is no tip file".to_string()));
    }
    Ok(PathBuf::from(text))
}

fn meeting_settings(layers: &Layers<'_>) -> Result<MeetingSettings, ConfigError> {
    let section = Some("meetings");
    let check_every = duration(&layers.require(section, "check_every")?)?;
    if check_every < Duration::from_secs(5) {
        let entry = layers.require(section, "check_every")?;
        return Err(entry.error("must be at least 5s: checking more often only costs power".to_string()));
    }
    Ok(MeetingSettings {
        camera: boolean(&layers.require(section, "camera")?)?,
        microphone: boolean(&layers.require(section, "microphone")?)?,
        do_not_disturb: boolean(&layers.require(section, "do_not_disturb")?)?,
        calendars: strings(&layers.require(section, "calendars")?, "a calendar file path like \"~/work.ics\"")?
            .into_iter()
            .map(PathBuf::from)
            .collect(),
        me: strings(&layers.require(section, "me")?, "an e-mail address like \"me@example.com\"")?
            .into_iter()
            .map(|address| address.trim().trim_start_matches("mailto:").to_ascii_lowercase())
            .collect(),
        check_every,
        camera_devices: pattern(&layers.require(section, "camera_devices")?)?,
        microphone_devices: pattern(&layers.require(section, "microphone_devices")?)?,
        microphone_status: pattern(&layers.require(section, "microphone_status")?)?,
    })
}

fn boolean(entry: &Entry<'_>) -> Result<bool, ConfigError> {
    match entry.value.get_ref() {
        DeValue::Boolean(value) => Ok(*value),
        _ => Err(entry.error(format!("expected true or false, found {}", describe(entry.value, entry.doc.text)))),
    }
}

/// A list of non-empty strings.
fn strings(entry: &Entry<'_>, expected: &str) -> Result<Vec<String>, ConfigError> {
    let items = entry.array(&format!("a list of strings, each {expected}"))?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let text = entry.item_string(item, expected)?;
        if text.trim().is_empty() {
            return Err(entry.item_error(item, format!("empty; expected {expected}")));
        }
        out.push(text.to_string());
    }
    Ok(out)
}

/// An absolute path pattern.
fn pattern(entry: &Entry<'_>) -> Result<String, ConfigError> {
    let text = entry.string("an absolute path pattern like \"/dev/video*\"")?;
    if !text.starts_with('/') {
        return Err(entry.error(format!("`{text}` is not an absolute path")));
    }
    Ok(text.to_string())
}

/// Best-effort dotted key for a toml syntax error at `offset`, read from the source text since
/// the parser reports only a position.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    if let Some(header) = header_name(line) {
        return Some(header);
    }
    let above = &text[..line_start];
    let key = assignment_key(line)
        .map(|(key, _)| key)
        .or_else(|| open_value_key(text, line_start, offset))
        .or_else(|| normalize_key(strip_comment(line)))?;
    match above.lines().rev().find_map(header_name) {
        Some(table) => Some(format!("{table}.{key}")),
        None => Some(key),
    }
}

/// The key whose multi-line value (array or inline table) is still open at `offset`.
fn open_value_key(text: &str, line_start: usize, offset: usize) -> Option<String> {
    let above = text[..line_start].strip_suffix('\n')?;
    let mut end = above.len();
    // Split on '\n' only, keeping any '\r', so the offsets stay true for CRLF files.
    for line in above.rsplit('\n') {
        let start = end - line.len();
        if header_name(line).is_some() {
            return None;
        }
        if let Some((key, equals)) = assignment_key(line) {
            return (open_brackets(&text[start + equals + 1..offset]) > 0).then_some(key);
        }
        end = start.saturating_sub(1);
    }
    None
}

/// Net count of `[`/`{` over `]`/`}` outside strings and comments.
fn open_brackets(text: &str) -> i64 {
    let mut depth = 0;
    let mut quote = None;
    let mut comment = false;
    for c in text.chars() {
        match (quote, c) {
            (_, '\n') => {
                quote = None;
                comment = false;
            }
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => comment = true,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// `[name]` or `[[name]]` (with an optional comment) gives the dotted name.
fn header_name(line: &str) -> Option<String> {
    let line = strip_comment(line).trim();
    let inner = match line.strip_prefix("[[") {
        Some(rest) => rest.strip_suffix("]]")?,
        None => line.strip_prefix('[')?.strip_suffix(']')?,
    };
    normalize_key(inner)
}

/// The key of a `key = value` line and the byte position of its `=`.
fn assignment_key(line: &str) -> Option<(String, usize)> {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '=') => return normalize_key(&line[..i]).map(|key| (key, i)),
            (None, '#') => return None,
            _ => {}
        }
    }
    None
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) if !line[..i].contains(['"', '\'']) => &line[..i],
        _ => line,
    }
}

/// `micro . "every"` → `micro.every`; `None` if it is not a plausible key.
fn normalize_key(raw: &str) -> Option<String> {
    let parts: Option<Vec<&str>> = raw
        .split('.')
        .map(|part| {
            let part = part.trim();
            let unquoted = ['"', '\''].iter().find_map(|q| part.strip_prefix(*q)?.strip_suffix(*q));
            match unquoted {
                Some(inner) => Some(inner),
                None => {
                    let bare =
                        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    bare.then_some(part)
                }
            }
        })
        .collect();
    parts.map(|parts| parts.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn minutes(n: u64) -> Duration {
        Duration::from_secs(n * 60)
    }

    fn parse(text: &str) -> Config {
        match Config::parse(text, "config.toml") {
            Ok(config) => config,
            Err(err) => panic!("unexpected error:\n{err}"),
        }
    }

    fn error(text: &str) -> ConfigError {
        match Config::parse(text, "config.toml") {
            Ok(config) => panic!("expected an error, got {config:?}"),
            Err(err) => err,
        }
    }

    /// Asserts where an error points and that its message contains `needle`.
    fn assert_error(text: &str, line: usize, column: usize, key: Option<&str>, needle: &str) {
        let err = error(text);
        assert_eq!(err.origin, "config.toml");
        assert_eq!((err.line, err.column, err.key.as_deref()), (line, column, key), "location of:\n{err}");
        assert!(err.message.contains(needle), "{needle:?} not in:\n{err}");
    }

    #[test]
    fn embedded_defaults_parse_and_equal_an_empty_file() {
        let defaults = Config::parse(DEFAULT_TOML, DEFAULT_ORIGIN).unwrap();
        assert_eq!(defaults, parse(""));
        assert_eq!(defaults, Config::default());
    }

    #[test]
    fn default_values() {
        let config = Config::default();
        assert_eq!(config.language, Language::Auto);
        assert_eq!(config.micro, BreakSettings { every: minutes(25), duration: Duration::from_secs(30) });
        assert_eq!(config.rest, BreakSettings { every: minutes(55), duration: minutes(5) });
        assert_eq!(config.daily_limit, Some(minutes(8 * 60)));
        assert_eq!(config.away_after, minutes(3));
        assert_eq!(config.repeat_after, minutes(5));
        assert_eq!(config.snooze, minutes(10));
        assert_eq!(config.schedule, Schedule { days: [true; 7], hours: None });
        assert_eq!(config.focus, [Area::Neck, Area::Shoulders, Area::UpperBack, Area::LowerBack]);
        assert_eq!(config.extra_tips, None);
        assert_eq!(config.breaks(Kind::Rest).every, minutes(55));
    }

    #[test]
    fn a_full_file() {
        let config = parse(
            r#"
language = "nl"
[micro]
every = "20m"
duration = "45s"
[rest]
every = "1h 30m"
duration = "10m"
[daily]
limit = "off"
[activity]
away_after = "90s"
[reminders]
repeat_after = "2m"
snooze = "15m"
[schedule]
days = ["mon", "tue", "wed", "thu", "fri"]
hours = "08:00-18:00"
[tips]
focus = ["jaw", "whole_body", "jaw"]
extra_file = "my-tips.toml"
"#,
        );
        assert_eq!(config.language, Language::Nl);
        assert_eq!(config.micro.every, minutes(20));
        assert_eq!(config.micro.duration, Duration::from_secs(45));
        assert_eq!(config.rest.every, minutes(90));
        assert_eq!(config.rest.duration, minutes(10));
        assert_eq!(config.daily_limit, None);
        assert_eq!(config.away_after, Duration::from_secs(90));
        assert_eq!(config.repeat_after, minutes(2));
        assert_eq!(config.snooze, minutes(15));
        assert_eq!(config.schedule.days, [true, true, true, true, true, false, false]);
        let hours = config.schedule.hours.unwrap();
        assert_eq!(hours.start, NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(hours.end, NaiveTime::from_hms_opt(18, 0, 0).unwrap());
        assert_eq!(config.focus, [Area::Jaw, Area::WholeBody]);
        assert_eq!(config.extra_tips, Some(PathBuf::from("my-tips.toml")));
    }

    #[test]
    fn missing_keys_keep_their_defaults() {
        let config = parse("[micro]\nevery = \"20m\"\n");
        assert_eq!(config.micro.every, minutes(20));
        assert_eq!(config.micro.duration, Duration::from_secs(30));
        assert_eq!(config.rest, Config::default().rest);
    }

    #[test]
    fn hours_may_wrap_past_midnight() {
        let hours = parse("[schedule]\nhours = \"22:00-06:00\"").schedule.hours;
        let expected =
            Hours { start: NaiveTime::from_hms_opt(22, 0, 0).unwrap(), end: NaiveTime::from_hms_opt(6, 0, 0).unwrap() };
        assert_eq!(hours, Some(expected));
        let until_midnight = parse("[schedule]\nhours = \"8:30 - 24:00\"").schedule.hours;
        let expected = Hours { start: NaiveTime::from_hms_opt(8, 30, 0).unwrap(), end: NaiveTime::MIN };
        assert_eq!(until_midnight, Some(expected));
    }

    #[test]
    fn languages() {
        assert_eq!(parse("language = \"en\"").language, Language::En);
        assert_eq!(parse("language = \"auto\"").language, Language::Auto);
        assert_error("language = \"fr\"", 1, 12, Some("language"), "unknown language `fr`");
        assert_error("language = 1", 1, 12, Some("language"), "expected \"auto\"");
    }

    #[test]
    fn display_is_compiler_style() {
        let text = "language = \"en\"\n\n[micro]\nevery = \"-5m\"\n";
        assert_eq!(
            error(text).to_string(),
            "config.toml:4:9: micro.every: durations cannot be negative\n  \
             |\n\
             4 | every = \"-5m\"\n  \
             |         ^^^^^"
        );
    }

    #[test]
    fn display_widens_the_gutter_for_long_files() {
        let text = format!("{}[micro]\nevery = 5\n", "\n".repeat(10));
        let expected = [
            "config.toml:12:9: micro.every: expected a duration string like \"25m\", found \
             integer 5",
            "   |",
            "12 | every = 5",
            "   |         ^",
        ];
        assert_eq!(error(&text).to_string(), expected.join("\n"));
    }

    #[test]
    fn display_keeps_tabs_so_the_marker_lines_up() {
        let err = error("[micro]\n\tevery =\t\"0s\"\n");
        assert_eq!((err.line, err.column), (2, 10));
        assert!(err.to_string().ends_with("\n  | \t       \t^^^^"), "{err}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_error(
            "tips = { extra_file = \"é.toml\", focus = [\"toes\"] }",
            1,
            42,
            Some("tips.focus"),
            "unknown body area `toes`",
        );
        let err = error("[tips] # één\nfocus = [\"neck\", \"tóes\"]");
        assert_eq!((err.line, err.column, err.width), (2, 18, 6));
    }

    #[test]
    fn syntax_errors_are_located_with_their_key() {
        assert_error("[micro]\nevery = \"5m\n", 2, 12, Some("micro.every"), "invalid basic string");
        assert_error("[micro\n", 1, 7, None, "unclosed table");
        assert_error("[micro]\nevery = \"5m\"\nevery = \"6m\"\n", 3, 1, Some("micro.every"), "duplicate key");
        assert_error("[schedule]\ndays = [\n  \"mon\",\n  tue,\n]\n", 4, 3, Some("schedule.days"), "");
        assert_error("[micro]\nevery\n", 2, 6, Some("micro.every"), "");
    }

    #[test]
    fn unknown_keys_list_the_allowed_ones() {
        assert_error(
            "colour = \"blue\"",
            1,
            1,
            Some("colour"),
            "allowed top-level keys: language, micro, rest, daily, activity, reminders, \
             schedule, tips",
        );
        assert_error(
            "[micro]\nevry = \"5m\"",
            2,
            1,
            Some("micro.evry"),
            "unknown key (did you mean `every`?); [micro] allows: every, duration",
        );
        assert_error(
            "[reminders]\nsnooze = \"5m\"\n[reminders.extra]\n",
            3,
            12,
            Some("reminders.extra"),
            "[reminders] allows: repeat_after, snooze",
        );
    }

    #[test]
    fn the_first_unknown_key_in_the_file_is_reported() {
        // Tables iterate in key order; the report must follow the file instead.
        let err = error("zebra = 1\n[micro]\nalpha = 1\n");
        assert_eq!(err.key.as_deref(), Some("zebra"));
    }

    #[test]
    fn sections_must_be_tables() {
        assert_error("micro = 3", 1, 9, Some("micro"), "expected a [micro] table");
        assert_error("[[rest]]\nevery = \"5m\"", 1, 1, Some("rest"), "found an array");
    }

    #[test]
    fn wrong_types() {
        assert_error(
            "[micro]\nevery = 5",
            2,
            9,
            Some("micro.every"),
            "expected a duration string like \"25m\", found integer 5",
        );
        assert_error("[reminders]\nsnooze = true", 2, 10, Some("reminders.snooze"), "found boolean true");
        assert_error("[daily]\nlimit = 8", 2, 9, Some("daily.limit"), "or \"off\"");
        assert_error("[schedule]\ndays = \"mon\"", 2, 8, Some("schedule.days"), "expected a list of days");
        assert_error(
            "[schedule]\ndays = [\"mon\", 2]",
            2,
            16,
            Some("schedule.days"),
            "expected a day name like \"mon\", found integer 2",
        );
        assert_error("[tips]\nfocus = \"neck\"", 2, 9, Some("tips.focus"), "expected a list of body areas");
        assert_error("[tips]\nextra_file = []", 2, 14, Some("tips.extra_file"), "expected a file path");
    }

    #[test]
    fn durations_must_be_positive() {
        assert_error("[micro]\nevery = \"-5m\"", 2, 9, Some("micro.every"), "durations cannot be negative");
        assert_error("[activity]\naway_after = \"0s\"", 2, 14, Some("activity.away_after"), "must be longer than zero");
        assert_error(
            "[reminders]\nrepeat_after = \"soon\"",
            2,
            16,
            Some("reminders.repeat_after"),
            "write it like \"30s\", \"25m\" or \"1h 30m\"",
        );
        assert_error("[micro]\nduration = \"1500ms\"", 2, 12, Some("micro.duration"), "whole number of seconds");
        assert_eq!(parse("[micro]\nduration = \"1.5m\"").micro.duration, Duration::from_secs(90));
        assert_error("[daily]\nlimit = \"25h\"", 2, 9, Some("daily.limit"), "longer than a day");
    }

    #[test]
    fn a_break_must_be_shorter_than_its_interval() {
        assert_error(
            "[micro]\nduration = \"25m\"",
            2,
            12,
            Some("micro.duration"),
            "25m must be shorter than micro.every (25m)",
        );
        assert_error(
            "[rest]\nevery = \"10m\"\nduration = \"1h\"",
            3,
            12,
            Some("rest.duration"),
            "1h must be shorter than rest.every (10m)",
        );
        // Only `every` was written, so point there rather than at a default never seen.
        assert_error(
            "[micro]\nevery = \"20s\"",
            2,
            9,
            Some("micro.every"),
            "20s must be longer than micro.duration (30s)",
        );
    }

    #[test]
    fn daily_limit() {
        assert_eq!(parse("[daily]\nlimit = \"6h\"").daily_limit, Some(minutes(360)));
        assert_error("[daily]\nlimit = \"never\"", 2, 9, Some("daily.limit"), "or \"off\" for no daily limit");
        assert_error("[daily]\nlimit = \"-1h\"", 2, 9, Some("daily.limit"), "durations cannot be negative");
    }

    #[test]
    fn schedule_errors() {
        assert_error(
            "[schedule]\ndays = [\"mon\", \"monday\"]",
            2,
            16,
            Some("schedule.days"),
            "unknown day `monday`; expected one of mon, tue, wed, thu, fri, sat, sun",
        );
        assert_error("[schedule]\ndays = []", 2, 8, Some("schedule.days"), "no days listed");
        for bad in ["8-18", "08:00", "25:00-26:00", "08:60-09:00", "08:00-18:00-19:00", "24:00-08:00", "8:0-9:00"] {
            assert_error(
                &format!("[schedule]\nhours = \"{bad}\""),
                2,
                9,
                Some("schedule.hours"),
                "expected hours like \"08:00-18:00\"",
            );
        }
        assert_error(
            "[schedule]\nhours = \"08:00-08:00\"",
            2,
            9,
            Some("schedule.hours"),
            "start and end are both 08:00",
        );
    }

    #[test]
    fn focus_errors_list_the_areas() {
        assert_error(
            "[tips]\nfocus = [\"neck\", \"toes\"]",
            2,
            18,
            Some("tips.focus"),
            "unknown body area `toes` (expected one of: neck, shoulders, upper_back, \
             lower_back, arms, hips, legs, jaw, whole_body)",
        );
        assert!(parse("[tips]\nfocus = []").focus.is_empty());
        assert_error("[tips]\nextra_file = \" \"", 2, 14, Some("tips.extra_file"), "empty path");
    }

    #[test]
    fn crlf_files() {
        let config = parse("[micro]\r\nevery = \"20m\"\r\n[schedule]\r\ndays = [\r\n  \"sat\",\r\n]\r\n");
        assert_eq!(config.micro.every, minutes(20));
        let err = error("language = \"en\"\r\n[micro]\r\nevery = \"-5m\"\r\n");
        assert_eq!((err.line, err.column), (3, 9));
        assert_eq!(err.source_line, "every = \"-5m\"");
        assert!(err.to_string().ends_with("|         ^^^^^"), "{err}");
        assert_error("[schedule]\r\ndays = [\r\n  \"mon\",\r\n  tue,\r\n]\r\n", 4, 3, Some("schedule.days"), "");
    }

    #[test]
    fn dotted_quoted_and_inline_keys() {
        assert_eq!(parse("micro.every = \"20m\"").micro.every, minutes(20));
        assert_eq!(parse("[micro]\n\"every\" = \"20m\"").micro.every, minutes(20));
        assert_eq!(parse("rest = { every = \"1h\" }").rest.every, minutes(60));
        assert_error("micro.every = \"-5m\"", 1, 15, Some("micro.every"), "negative");
        assert_error("micro.evry = \"5m\"", 1, 7, Some("micro.evry"), "did you mean `every`?");
        assert_error("[micro]\n'every' = 5", 2, 11, Some("micro.every"), "expected a duration string");
        assert_error("micro.\"every\" = \"5m", 1, 20, Some("micro.every"), "");
    }

    #[test]
    fn errors_at_the_end_of_the_file() {
        let err = error("[micro]\nevery = ");
        assert_eq!((err.line, err.column, err.width), (2, 9, 1));
        assert_eq!(err.key.as_deref(), Some("micro.every"));
    }

    #[test]
    fn key_recovery_from_text() {
        assert_eq!(key_at("[a.b] # x\nc = 1", 11).as_deref(), Some("a.b.c"));
        assert_eq!(key_at("[[a]]\n", 1).as_deref(), Some("a"));
        assert_eq!(key_at("x = [\n1,\n# ]\n?", 13).as_deref(), Some("x"));
        assert_eq!(key_at("x = [1]\n?", 8), None);
        assert_eq!(key_at("a = \"#\" = 2", 8).as_deref(), Some("a"));
        assert_eq!(key_at("}", 0), None);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("every", "every"), 0);
        assert_eq!(edit_distance("evry", "every"), 1);
        assert_eq!(edit_distance("snoze", "snooze"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("colour", "tips"), 6);
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_any_text(text in "\\PC*") {
            let _ = Config::parse(&text, "config.toml");
        }

        #[test]
        fn parse_never_panics_on_config_like_text(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("[micro]"), Just("[rest]"), Just("[schedule]"), Just("[tips]"),
                    Just("[[daily]]"), Just("every = \"5m\""), Just("duration = \"-1s\""),
                    Just("days = [\"mon\","), Just("]"), Just("\"sat\""), Just("focus = [\"é\"]"),
                    Just("hours = \"22:00-06:00\""), Just("limit = \"off\""), Just("= 3"),
                    Just("micro.every = 5"), Just("\t# tab comment"), Just("x = \"\\q\""),
                    Just("\r"), Just("'"), Just("{"),
                ],
                0..12,
            )
        ) {
            let text = lines.join("\n");
            if let Err(err) = Config::parse(&text, "config.toml") {
                prop_assert!(err.line >= 1 && err.column >= 1 && err.width >= 1);
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }

    #[test]
    fn meetings_section() {
        let defaults = parse("");
        assert!(defaults.meetings.camera && defaults.meetings.microphone);
        assert!(defaults.meetings.calendars.is_empty());
        assert_eq!(defaults.meetings.check_every, Duration::from_secs(20));
        assert_eq!(defaults.meetings.camera_devices, "/dev/video*");
        let config = parse(
            "[meetings]\ncamera = false\ncalendars = [\"~/work.ics\", \"team.ics\"]\nme = [\"Me@Example.com\", \"mailto:me@home.nl\"]\n",
        );
        assert!(!config.meetings.camera);
        assert_eq!(config.meetings.calendars, [PathBuf::from("~/work.ics"), PathBuf::from("team.ics")]);
        assert_eq!(config.meetings.me, ["me@example.com", "me@home.nl"]);
        assert_error("[meetings]\ncamera = \"yes\"\n", 2, 10, Some("meetings.camera"), "expected true or false");
        assert_error(
            "[meetings]\ncalendars = [\"a.ics\", 3]\n",
            2,
            23,
            Some("meetings.calendars"),
            "expected a calendar file path",
        );
        assert_error("[meetings]\ncheck_every = \"1s\"\n", 2, 15, Some("meetings.check_every"), "at least 5s");
        assert_error("[meetings]\ncamera_devices = \"video*\"\n", 2, 18, Some("meetings.camera_devices"), "absolute");
        assert_error("[meetings]\nwebcam = true\n", 2, 1, Some("meetings.webcam"), "[meetings] allows");
    }

    #[test]
    fn tray_enabled_is_a_boolean() {
        assert!(Config::default().tray);
        assert!(!parse("[tray]\nenabled = false").tray);
        assert_error("[tray]\nenabled = \"no\"", 2, 11, Some("tray.enabled"), "expected true or false, found string");
        assert_error("[tray]\nenable = true", 2, 1, Some("tray.enable"), "did you mean `enabled`");
    }
}
