//! TZID values to IANA zones: IANA names as they are, the Windows names Outlook and Exchange
//! write (`W. Europe Standard Time`) through an embedded excerpt of CLDR's `windowsZones.xml`
//! (the "001" territory of each), the Mozilla/Evolution `/…/Europe/Amsterdam` prefixes, and
//! as a last resort Windows display names (`(UTC+01:00) Amsterdam, Berlin, …`): a city that
//! names an IANA zone, else the whole-hour offset as a fixed zone. A TZID none of these name is
//! read from the file's own VTIMEZONE block (Lotus Notes, custom names): its observances' offsets
//! and yearly rules, as a table of transitions.

use std::sync::Arc;

use chrono::{NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::ical::Component;
use crate::time::Time;

/// The zone of a date-time with a TZID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventZone {
    Iana(Tz),
    /// Defined by the file's VTIMEZONE.
    Defined(Arc<Defined>),
}

impl EventZone {
    /// The instant of a local time. Of a time that occurs twice (autumn) the first; a time in a
    /// daylight-saving gap is read with the offset before the gap, as RFC 5545 (3.3.5) says:
    /// 02:30 on the spring-forward night is 03:30 summer time.
    pub fn instant(&self, local: NaiveDateTime) -> Time {
        let wall = local.and_utc().timestamp();
        let offset = match self {
            EventZone::Iana(tz) => match tz.from_local_datetime(&local).earliest() {
                Some(t) => return Time::from_chrono(&t),
                // Gaps are a few hours long: a day before, the old offset holds.
                None => tz.offset_from_utc_datetime(&(local - chrono::Duration::days(1))).fix().local_minus_utc(),
            },
            EventZone::Defined(zone) => zone.offset_of_local(wall),
        };
        let micros = (wall - i64::from(offset)).saturating_mul(1_000_000);
        Time::from_micros(micros.saturating_add(i64::from(local.and_utc().timestamp_subsec_micros())))
    }
}

/// A VTIMEZONE's observances as transitions: UTC seconds at which an offset (seconds east of
/// UTC) starts, sorted, and the offset before the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defined {
    before: i32,
    transitions: Vec<(i64, i32)>,
}

/// Rules are followed to this year; later times keep the last offset.
const LAST_YEAR: i32 = 2100;

impl Defined {
    /// The zone a VTIMEZONE block defines, if it has at least one readable observance
    /// (`STANDARD` or `DAYLIGHT` with DTSTART, TZOFFSETFROM and TZOFFSETTO; RRULE and RDATE
    /// repeat it).
    pub fn from_component(vtimezone: &Component) -> Option<Defined> {
        let mut transitions = Vec::new();
        let mut first: Option<(NaiveDateTime, i32)> = None;
        for observance in vtimezone.children.iter().filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT") {
            let value = |name: &str| observance.property(name).map(|p| p.value.trim());
            let (Some(from), Some(to)) = (value("TZOFFSETFROM").and_then(offset), value("TZOFFSETTO").and_then(offset))
            else {
                continue;
            };
            let Some(start) = value("DTSTART").and_then(|v| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok())
            else {
                continue;
            };
            if first.is_none_or(|(t, _)| start < t) {
                first = Some((start, from));
            }
            let mut onsets = vec![start];
            for rdate in observance.properties("RDATE") {
                onsets.extend(rdate.value.split(',').filter_map(|v| {
                    NaiveDateTime::parse_from_str(v.trim().trim_end_matches('Z'), "%Y%m%dT%H%M%S").ok()
                }));
            }
            if let Some(rule) = value("RRULE") {
                onsets.extend(yearly_onsets(rule, start));
            }
            transitions.extend(onsets.into_iter().map(|local| (local.and_utc().timestamp() - i64::from(from), to)));
        }
        let (_, before) = first?;
        transitions.sort_unstable();
        Some(Defined { before, transitions })
    }

    fn offset_at(&self, utc: i64) -> i32 {
        match self.transitions.partition_point(|(at, _)| *at <= utc) {
            0 => self.before,
            n => self.transitions[n - 1].1,
        }
    }

    /// The offset of a local time given as seconds; see [`EventZone::instant`].
    fn offset_of_local(&self, wall: i64) -> i32 {
        let mut offsets: Vec<i32> = self.transitions.iter().map(|(_, o)| *o).chain([self.before]).collect();
        offsets.sort_unstable();
        offsets.dedup();
        // The largest offset gives the earliest instant, the first of a repeated hour.
        if let Some(&fits) = offsets.iter().rev().find(|&&o| self.offset_at(wall - i64::from(o)) == o) {
            return fits;
        }
        // In a gap: the offset that held before it.
        let largest = offsets.last().copied().unwrap_or(self.before);
        self.offset_at(wall - i64::from(largest))
    }
}

/// `+0100`, `-0530`, `+013000` as seconds east of UTC; less than a day.
fn offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits.get(range).map_or(0, |d| d.parse::<i32>().unwrap_or(0));
    let (hours, minutes, seconds) = (number(0..2), number(2..4), number(4..6));
    (hours < 24 && minutes < 60 && seconds < 60).then_some(sign * (hours * 3600 + minutes * 60 + seconds))
}

/// The local onsets an observance's RRULE gives after its DTSTART, up to [`LAST_YEAR`] or its
/// UNTIL. Expanded on the local times as if they were UTC: the rule is about the wall clock.
fn yearly_onsets(rule: &str, start: NaiveDateTime) -> Vec<NaiveDateTime> {
    let mut until = None;
    let parts: Vec<&str> = rule
        .split(';')
        .filter(|part| match part.split_once('=') {
            Some((key, value)) if key.eq_ignore_ascii_case("UNTIL") => {
                let value = value.trim().trim_end_matches(['Z', 'z']);
                until = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok().or_else(|| {
                    chrono::NaiveDate::parse_from_str(value, "%Y%m%d")
                        .ok()
                        .map(|d| d.and_hms_opt(23, 59, 59).expect("valid"))
                });
                false
            }
            _ => true,
        })
        .collect();
    let Ok(set) = parts
        .join(";")
        .parse::<rrule::RRule<rrule::Unvalidated>>()
        .and_then(|r| r.build(rrule::Tz::UTC.from_utc_datetime(&start)))
    else {
        return Vec::new();
    };
    let last = until.unwrap_or(NaiveDateTime::MAX);
    (&set)
        .into_iter()
        .take(2000)
        .map(|t| t.naive_utc())
        .take_while(|t| *t <= last && chrono::Datelike::year(t) <= LAST_YEAR)
        .collect()
}

/// Windows zone names to IANA zones, from CLDR `common/supplemental/windowsZones.xml`: the
/// zones of Europe, the Americas, Asia and Oceania that calendars commonly carry.
const WINDOWS: &[(&str, &str)] = &[
    ("Dateline Standard Time", "Etc/GMT+12"),
    ("UTC-11", "Etc/GMT+11"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Mountain Standard Time", "America/Denver"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Canada Central Standard Time", "America/Regina"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("Eastern Standard Time", "America/New_York"),
    ("US Eastern Standard Time", "America/Indianapolis"),
    ("Venezuela Standard Time", "America/Caracas"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("SA Western Standard Time", "America/La_Paz"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("Greenland Standard Time", "America/Godthab"),
    ("UTC-02", "Etc/GMT+2"),
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Cape Verde Standard Time", "Atlantic/Cape_Verde"),
    ("UTC", "Etc/UTC"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("Iran Standard Time", "Asia/Tehran"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("India Standard Time", "Asia/Calcutta"),
    ("Nepal Standard Time", "Asia/Katmandu"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("AUS Central Standard Time", "Australia/Darwin"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Tasmania Standard Time", "Australia/Hobart"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
];

/// The IANA zone a TZID names, if posture knows it.
pub fn resolve(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS.iter().find(|(name, _)| name.eq_ignore_ascii_case(tzid)) {
        return iana.parse().ok();
    }
    // "/mozilla.org/20050126_1/Europe/Amsterdam", "/freeassociation.sourceforge.net/Europe/Paris":
    // the IANA name is the last one or two path segments.
    let segments: Vec<&str> = tzid.split('/').filter(|s| !s.is_empty()).collect();
    if let Some(tz) =
        (1..=3.min(segments.len())).rev().find_map(|n| segments[segments.len() - n..].join("/").parse().ok())
    {
        return Some(tz);
    }
    display_name(tzid)
}

/// `(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`: the first city that is the
/// last part of an IANA name, else `(UTC±HH:00)` as a fixed `Etc/GMT∓H` zone (which ignores
/// daylight saving, so it is only the fallback).
fn display_name(tzid: &str) -> Option<Tz> {
    let rest = tzid.strip_prefix("(UTC")?;
    let (offset, cities) = rest.split_once(')')?;
    let city = cities.split(',').map(|c| c.trim().replace(' ', "_")).find_map(|city| {
        chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| tz.name().rsplit('/').next() == Some(city.as_str()))
    });
    if city.is_some() {
        return city;
    }
    let (hours, minutes) = offset.split_once(':').unwrap_or((offset, "00"));
    let hours: i32 = if hours.is_empty() { 0 } else { hours.parse().ok()? };
    if minutes != "00" {
        return None;
    }
    // The Etc zones count the other way round: UTC+1 is Etc/GMT-1.
    match hours {
        0 => Some(Tz::Etc__UTC),
        h => format!("Etc/GMT{:+}", -h).parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_windows_and_prefixed_names() {
        assert_eq!(resolve("Europe/Amsterdam"), Some(Tz::Europe__Amsterdam));
        assert_eq!(resolve("W. Europe Standard Time"), Some(Tz::Europe__Berlin));
        assert_eq!(resolve("Pacific Standard Time"), Some(Tz::America__Los_Angeles));
        assert_eq!(resolve("\"Romance Standard Time\""), Some(Tz::Europe__Paris));
        assert_eq!(resolve("/mozilla.org/20050126_1/Europe/Amsterdam"), Some(Tz::Europe__Amsterdam));
        assert_eq!(
            resolve("/freeassociation.sourceforge.net/America/Argentina/Buenos_Aires"),
            Some(Tz::America__Argentina__Buenos_Aires)
        );
        assert_eq!(resolve("Middle Earth Time"), None);
        assert_eq!(
            resolve("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
            Some(Tz::Europe__Amsterdam)
        );
        assert_eq!(resolve("(UTC-05:00) Bogota, Lima, Quito, Rio Branco"), Some(Tz::America__Bogota));
        assert_eq!(resolve("(UTC-08:00) Pacific Time (US & Canada)"), Some(Tz::Etc__GMTPlus8));
        assert_eq!(resolve("(UTC) Coordinated Universal Time"), Some(Tz::Etc__UTC));
        assert_eq!(resolve("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi"), Some(Tz::Asia__Kolkata));
        assert_eq!(resolve("(UTC+05:45) Kathmandu-ish"), None);
    }

    #[test]
    fn every_windows_entry_names_a_known_zone() {
        for (windows, iana) in WINDOWS {
            assert!(iana.parse::<Tz>().is_ok(), "{windows} -> {iana}");
        }
    }
}
