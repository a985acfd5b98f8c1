//! Calendars: iCalendar files into the meetings posture holds reminders for.
//!
//! [`Calendar::parse`] reads a file's events; [`Calendar::expand`] lists every occurrence that
//! overlaps a window, each with a [`Verdict`]: a meeting, or why it is not one. Recurring events
//! are expanded with the `rrule` crate (RRULE), with RDATE, EXDATE and moved or cancelled
//! instances (RECURRENCE-ID) applied here. Times carry their TZID (IANA or Windows names, see
//! `zones`), UTC (`Z`) or no zone at all (floating: the caller's local zone).
//!
//! Not meetings: all-day events, events marked free (`TRANSP:TRANSPARENT`, Outlook's
//! `X-MICROSOFT-CDO-BUSYSTATUS:FREE`), cancelled events and instances, events without a
//! duration, and events one of the user's addresses (`meetings.me`) declined. An event the user
//! organises is theirs, whatever its attendee list says.
//!
//! Only a file without `BEGIN:VCALENDAR` is rejected. What cannot be read (a line that is not a
//! property, a broken block structure, an event with a bad date) is reported with its line and
//! passed over, and the rest of the file is used.

pub mod ical;
pub mod zones;

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Serialize;

use super::time::{Time, Zone, resolve};
pub use ical::IcalError;

/// At most this many instances of one recurring event are expanded per window, so a broken rule
/// ("every second") cannot stall the daemon.
const MAX_INSTANCES: u16 = 2000;

/// At most this many instances of one rule are walked through to reach a window: a daily
/// meeting for 250 years, a weekly one for far longer. A rule that needs more (every minute
/// since last year) is left out rather than stalling the daemon.
const MAX_STEPS: usize = 100_000;

/// One occurrence of an event in the window, and whether posture treats it as a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    pub start: Time,
    pub end: Time,
    pub summary: String,
    /// The file it came from, as given to [`Calendar::parse`].
    pub calendar: String,
    /// Line of the VEVENT (the override's, for a moved instance).
    pub line: usize,
    /// Part of a recurring series.
    pub recurring: bool,
    /// A recurring instance the organiser moved or changed (RECURRENCE-ID).
    pub changed: bool,
    pub verdict: Verdict,
}

impl Occurrence {
    pub fn is_meeting(&self) -> bool {
        self.verdict == Verdict::Meeting
    }
}

/// Why an event is or is not a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Meeting,
    AllDay,
    Free,
    Cancelled,
    Declined,
    NoDuration,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Meeting => "meeting",
            Verdict::AllDay => "all_day",
            Verdict::Free => "free",
            Verdict::Cancelled => "cancelled",
            Verdict::Declined => "declined",
            Verdict::NoDuration => "no_duration",
        }
    }
}

/// A date, or a date-time in UTC, in a zone, or floating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stamp {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Zoned(NaiveDateTime, chrono_tz::Tz),
    Floating(NaiveDateTime),
}

impl Stamp {
    fn instant(self, floating: &Zone) -> Time {
        match self {
            Stamp::Date(d) => floating.instant(d.and_time(NaiveTime::MIN)),
            Stamp::Utc(t) => Time::from_chrono(&Utc.from_utc_datetime(&t)),
            Stamp::Zoned(t, tz) => resolve(&tz, t),
            Stamp::Floating(t) => floating.instant(t),
        }
    }

    /// The start of a recurrence in the `rrule` crate's terms. Floating times and dates are
    /// expanded as if they were UTC and put in the local zone afterwards, so that daylight
    /// saving does not move them.
    fn rrule_start(self) -> DateTime<rrule::Tz> {
        match self {
            Stamp::Zoned(t, tz) => {
                let zone = rrule::Tz::Tz(tz);
                zone.from_local_datetime(&t).earliest().unwrap_or_else(|| zone.from_utc_datetime(&t))
            }
            Stamp::Utc(t) | Stamp::Floating(t) => rrule::Tz::UTC.from_utc_datetime(&t),
            Stamp::Date(d) => rrule::Tz::UTC.from_utc_datetime(&d.and_time(NaiveTime::MIN)),
        }
    }

    /// An instance the rule produced, back as an instant.
    fn rrule_instant(self, produced: &DateTime<rrule::Tz>, floating: &Zone) -> Time {
        match self {
            Stamp::Floating(_) | Stamp::Date(_) => floating.instant(produced.naive_utc()),
            Stamp::Utc(_) | Stamp::Zoned(..) => Time::from_chrono(produced),
        }
    }
}

#[derive(Debug, Clone)]
enum Length {
    End(Stamp),
    Duration(chrono::Duration),
}

#[derive(Debug, Clone)]
struct Event {
    uid: String,
    summary: String,
    line: usize,
    start: Stamp,
    length: Option<Length>,
    rrule: Option<(String, usize)>,
    rdates: Vec<Stamp>,
    exdates: Vec<Stamp>,
    recurrence_id: Option<Stamp>,
    cancelled: bool,
    free: bool,
    all_day: bool,
    declined_by: Vec<String>,
    organizer: Option<String>,
}

/// The events of one iCalendar file.
#[derive(Debug, Clone)]
pub struct Calendar {
    origin: String,
    events: Vec<Event>,
    /// What could not be read (lines, events), located; each message says what was left out.
    pub problems: Vec<IcalError>,
}

impl Calendar {
    /// Reads an iCalendar file's text. `origin` names it in messages and occurrences.
    pub fn parse(text: &str, origin: &str) -> Result<Calendar, IcalError> {
        let (root, problems) = ical::parse(text, origin)?;
        let mut vevents = Vec::new();
        root.descendants("VEVENT", &mut vevents);
        let mut timezones = Vec::new();
        root.descendants("VTIMEZONE", &mut timezones);
        let aliases = timezone_aliases(&timezones);
        let mut calendar = Calendar { origin: origin.to_string(), events: Vec::new(), problems };
        for vevent in vevents {
            match read_event(vevent, &aliases) {
                Ok(event) => calendar.events.push(event),
                Err((line, column, message)) => calendar.problems.push(IcalError {
                    origin: origin.to_string(),
                    line,
                    column,
                    message: format!("{message}; the event is left out"),
                }),
            }
        }
        Ok(calendar)
    }

    /// Reads an iCalendar file's bytes: UTF-8, or Windows-1252 with a note among the problems.
    pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Calendar, IcalError> {
        let (text, note) = ical::decode(bytes, origin);
        let mut calendar = Calendar::parse(&text, origin)?;
        calendar.problems.splice(0..0, note);
        Ok(calendar)
    }

    /// Every occurrence overlapping `[from, to)`, sorted by start. `me` holds the user's
    /// addresses (lower case) for declined invitations; `floating` is the zone for times
    /// without one.
    pub fn expand(&self, from: Time, to: Time, me: &[String], floating: &Zone) -> Vec<Occurrence> {
        let mut overrides: HashMap<&str, Vec<&Event>> = HashMap::new();
        for event in self.events.iter().filter(|e| e.recurrence_id.is_some()) {
            overrides.entry(event.uid.as_str()).or_default().push(event);
        }
        let mut out = Vec::new();
        for master in self.events.iter().filter(|e| e.recurrence_id.is_none()) {
            let moved: Vec<&Event> = overrides.remove(master.uid.as_str()).unwrap_or_default();
            let replaced: Vec<Time> =
                moved.iter().filter_map(|e| e.recurrence_id.map(|r| r.instant(floating))).collect();
            let recurring = master.rrule.is_some() || !master.rdates.is_empty();
            let length = length(master, floating);
            for start in self.starts(master, from, to, length, floating) {
                if replaced.contains(&start) {
                    continue;
                }
                let end = start + length;
                if overlaps(start, end, from, to) {
                    out.push(self.occurrence(master, start, end, recurring, false, me));
                }
            }
            for event in moved {
                out.push(self.moved(event, me, floating));
            }
        }
        // Overrides whose series is not in this file (an invitation to one instance).
        for event in overrides.into_values().flatten() {
            out.push(self.moved(event, me, floating));
        }
        out.retain(|o| overlaps(o.start, o.end, from, to));
        out.sort_by(|a, b| (a.start, a.end, &a.summary).cmp(&(b.start, b.end, &b.summary)));
        out
    }

    fn moved(&self, event: &Event, me: &[String], floating: &Zone) -> Occurrence {
        let start = event.start.instant(floating);
        self.occurrence(event, start, start + length(event, floating), true, true, me)
    }

    fn occurrence(
        &self,
        event: &Event,
        start: Time,
        end: Time,
        recurring: bool,
        changed: bool,
        me: &[String],
    ) -> Occurrence {
        Occurrence {
            start,
            end,
            summary: event.summary.clone(),
            calendar: self.origin.clone(),
            line: event.line,
            recurring,
            changed,
            verdict: verdict(event, start, end, me),
        }
    }

    /// Start instants of a master event that may overlap the window.
    fn starts(&self, event: &Event, from: Time, to: Time, length: Duration, floating: &Zone) -> Vec<Time> {
        let exdates: Vec<Time> = event.exdates.iter().map(|s| s.instant(floating)).collect();
        let mut starts = vec![event.start.instant(floating)];
        starts.extend(event.rdates.iter().map(|s| s.instant(floating)));
        if let Some((rule, _)) = &event.rrule {
            starts.extend(expand_rule(event.start, rule, from - length, to, floating));
        }
        starts.retain(|s| !exdates.contains(s));
        starts.sort();
        starts.dedup();
        starts
    }
}

/// Whether `[start, end)` meets `[from, to)`; an instant event counts where it stands.
fn overlaps(start: Time, end: Time, from: Time, to: Time) -> bool {
    if start == end { start >= from && start < to } else { end > from && start < to }
}

/// Instances of one RRULE between `from` and `to`. UNTIL is applied here rather than by the
/// `rrule` crate, which rejects the floating or date-only UNTIL values real files contain.
fn expand_rule(start: Stamp, rule: &str, from: Time, to: Time, floating: &Zone) -> Vec<Time> {
    let mut until = None;
    let parts: Vec<&str> = rule
        .split(';')
        .filter(|part| match part.split_once('=') {
            Some((key, value)) if key.eq_ignore_ascii_case("UNTIL") => {
                until = parse_until(value, start, floating);
                false
            }
            _ => true,
        })
        .collect();
    let Ok(parsed) = parts.join(";").parse::<rrule::RRule<rrule::Unvalidated>>() else {
        return Vec::new();
    };
    let dt_start = start.rrule_start();
    let Ok(set) = parsed.build(dt_start) else {
        return Vec::new();
    };
    // The window in the crate's terms, a day wider on each side for floating times; the exact
    // cut happens on instants afterwards.
    let day = chrono::Duration::days(1);
    let after = rrule::Tz::UTC.from_utc_datetime(&(from.to_utc().naive_utc() - day));
    let end = until.map_or(to, |u: Time| u.min(to));
    let before = rrule::Tz::UTC.from_utc_datetime(&(end.to_utc().naive_utc() + day));
    // Iterated here rather than with the crate's window, which walks every instance from the
    // start: a rule every minute since years ago must not stall the daemon.
    let mut instances = Vec::new();
    for produced in (&set).into_iter().take(MAX_STEPS) {
        if produced > before || instances.len() >= usize::from(MAX_INSTANCES) {
            break;
        }
        if produced >= after {
            let t = start.rrule_instant(&produced, floating);
            if until.is_none_or(|u| t <= u) {
                instances.push(t);
            }
        }
    }
    instances
}

fn parse_until(value: &str, start: Stamp, floating: &Zone) -> Option<Time> {
    let stamp = parse_stamp(value, None, None).ok()?;
    Some(match (stamp, start) {
        // A date UNTIL includes that whole day.
        (Stamp::Date(d), Stamp::Zoned(_, tz)) => resolve(&tz, d.and_time(NaiveTime::MIN)) + Duration::from_secs(86_399),
        (Stamp::Date(d), _) => floating.instant(d.and_time(NaiveTime::MIN)) + Duration::from_secs(86_399),
        (Stamp::Floating(t), Stamp::Zoned(_, tz)) => resolve(&tz, t),
        (other, _) => other.instant(floating),
    })
}

fn length(event: &Event, floating: &Zone) -> Duration {
    let start = event.start.instant(floating);
    match &event.length {
        Some(Length::End(end)) => end.instant(floating).since(start),
        Some(Length::Duration(d)) => d.to_std().unwrap_or_default(),
        None if matches!(event.start, Stamp::Date(_)) => Duration::from_secs(86_400),
        None => Duration::ZERO,
    }
}

fn verdict(event: &Event, start: Time, end: Time, me: &[String]) -> Verdict {
    let mine = event.organizer.as_ref().is_some_and(|o| me.contains(o));
    if event.cancelled {
        Verdict::Cancelled
    } else if event.all_day {
        Verdict::AllDay
    } else if event.free {
        Verdict::Free
    } else if !mine && event.declined_by.iter().any(|a| me.contains(a)) {
        Verdict::Declined
    } else if end <= start {
        Verdict::NoDuration
    } else {
        Verdict::Meeting
    }
}

/// VTIMEZONE TZIDs that are not zone names themselves, mapped to the zone their block names
/// (`X-LIC-LOCATION`, written by Thunderbird, Evolution and Nextcloud).
fn timezone_aliases(timezones: &[&ical::Component]) -> HashMap<String, chrono_tz::Tz> {
    timezones
        .iter()
        .filter_map(|tz| {
            let id = tz.property("TZID")?.value.trim().to_string();
            let location = tz.property("X-LIC-LOCATION").map(|p| p.value.trim().to_string());
            let zone = location.as_deref().and_then(zones::resolve).or_else(|| zones::resolve(&id))?;
            Some((id, zone))
        })
        .collect()
}

type Located = (usize, usize, String);

fn read_event(vevent: &ical::Component, aliases: &HashMap<String, chrono_tz::Tz>) -> Result<Event, Located> {
    let line = vevent.line;
    let stamp_of = |p: &ical::Property| -> Result<Stamp, Located> {
        parse_stamp(&p.value, p.param("TZID"), Some(aliases)).map_err(|m| (p.line, p.column, m))
    };
    let dtstart = vevent.property("DTSTART").ok_or((line, 1, "an event without DTSTART".to_string()))?;
    let start = stamp_of(dtstart)?;
    let length = match (vevent.property("DTEND"), vevent.property("DURATION")) {
        (Some(end), _) => Some(Length::End(stamp_of(end)?)),
        (None, Some(d)) => Some(Length::Duration(parse_duration(d.value.trim()).ok_or((
            d.line,
            10,
            format!("`{}` is not a duration", d.value),
        ))?)),
        (None, None) => None,
    };
    let mut rdates = Vec::new();
    let mut exdates = Vec::new();
    for (name, list) in [("RDATE", &mut rdates), ("EXDATE", &mut exdates)] {
        for p in vevent.properties(name) {
            if p.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) {
                continue;
            }
            for value in p.value.split(',') {
                let stamp = parse_stamp(value, p.param("TZID"), Some(aliases)).map_err(|m| (p.line, p.column, m))?;
                list.push(stamp);
            }
        }
    }
    let text = |name: &str| vevent.property(name).map(|p| p.value.trim().to_ascii_uppercase());
    let email = |p: &ical::Property| {
        let v = p.value.trim();
        let v = if v.len() >= 7 && v[..7].eq_ignore_ascii_case("mailto:") { &v[7..] } else { v };
        v.to_ascii_lowercase()
    };
    Ok(Event {
        uid: vevent.property("UID").map(|p| p.value.trim().to_string()).unwrap_or_else(|| format!("line {line}")),
        summary: vevent.property("SUMMARY").map(|p| ical::unescape(p.value.trim())).unwrap_or_default(),
        line,
        start,
        length,
        rrule: vevent.property("RRULE").map(|p| (p.value.trim().to_string(), p.line)),
        rdates,
        exdates,
        recurrence_id: vevent.property("RECURRENCE-ID").map(stamp_of).transpose()?,
        cancelled: text("STATUS").as_deref() == Some("CANCELLED"),
        free: text("TRANSP").as_deref() == Some("TRANSPARENT")
            || text("X-MICROSOFT-CDO-BUSYSTATUS").as_deref() == Some("FREE"),
        all_day: matches!(start, Stamp::Date(_)) || text("X-MICROSOFT-CDO-ALLDAYEVENT").as_deref() == Some("TRUE"),
        declined_by: vevent
            .properties("ATTENDEE")
            .filter(|p| p.param("PARTSTAT").is_some_and(|s| s.eq_ignore_ascii_case("DECLINED")))
            .map(email)
            .collect(),
        organizer: vevent.property("ORGANIZER").map(email),
    })
}

/// A DATE or DATE-TIME value with its TZID.
fn parse_stamp(
    value: &str,
    tzid: Option<&str>,
    aliases: Option<&HashMap<String, chrono_tz::Tz>>,
) -> Result<Stamp, String> {
    let value = value.trim();
    if value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .map(Stamp::Date)
            .map_err(|_| format!("`{value}` is not a date (YYYYMMDD)"));
    }
    let (naive, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(v) => (v, true),
        None => (value, false),
    };
    let t = NaiveDateTime::parse_from_str(naive, "%Y%m%dT%H%M%S")
        .map_err(|_| format!("`{value}` is not a date-time (YYYYMMDDTHHMMSS)"))?;
    if utc {
        return Ok(Stamp::Utc(t));
    }
    match tzid {
        None => Ok(Stamp::Floating(t)),
        Some(id) => aliases
            .and_then(|a| a.get(id.trim()).copied())
            .or_else(|| zones::resolve(id))
            .map(|tz| Stamp::Zoned(t, tz))
            .ok_or_else(|| format!("unknown time zone `{id}`")),
    }
}

/// An RFC 5545 DURATION: `PT1H30M`, `P1D`, `P1W`, `-PT15M`.
fn parse_duration(text: &str) -> Option<chrono::Duration> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    // Longer than any meeting, and far inside what date arithmetic can add without overflow.
    const LONGEST: i64 = 3660 * 86_400;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => number.push(d),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit_seconds = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = n.checked_mul(unit_seconds)?.checked_add(total).filter(|t| *t <= LONGEST)?;
                any = true;
            }
        }
    }
    (any && number.is_empty()).then(|| chrono::Duration::seconds(sign * total))
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every occurrence in `[from, to)` over all `calendars`, sorted by start; `me` and `floating`
/// as in [`Calendar::expand`].
pub fn expand_all<'a>(
    calendars: impl IntoIterator<Item = &'a Calendar>,
    from: Time,
    to: Time,
    me: &[String],
    floating: &Zone,
) -> Vec<Occurrence> {
    let mut all: Vec<Occurrence> = calendars.into_iter().flat_map(|c| c.expand(from, to, me, floating)).collect();
    all.sort_by_key(|o| (o.start, o.end));
    all
}

/// The meetings among the occurrences, as `[start, end)` instants for the engine.
pub fn meeting_intervals(occurrences: &[Occurrence]) -> Vec<(Time, Time)> {
    occurrences.iter().filter(|o| o.is_meeting()).map(|o| (o.start, o.end)).collect()
}

#[cfg(test)]
mod tests;
