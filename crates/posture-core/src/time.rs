//! Time as the core sees it: a plain number, never read from a clock.
//!
//! [`Time`] counts microseconds since the Unix epoch. The caller (the daemon, the simulator, a
//! test) decides what "now" is and passes it in. [`Zone`] turns a `Time` into local civil time,
//! which the engine needs for two things only: where a day starts (the daily limit) and the
//! `[schedule]` days and hours.

use std::ops::{Add, Sub};
use std::time::Duration;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

use super::config::Schedule;

/// An instant: microseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Time(i64);

impl Time {
    pub const fn from_micros(micros: i64) -> Time {
        Time(micros)
    }

    pub const fn as_micros(self) -> i64 {
        self.0
    }

    pub fn from_chrono<Tz: TimeZone>(t: &DateTime<Tz>) -> Time {
        Time(t.timestamp_micros())
    }

    /// The time in UTC, for printing. Times beyond chrono's range clamp to a day inside its
    /// ends, so that moving the result into any zone's local time cannot overflow.
    pub fn to_utc(self) -> DateTime<chrono::Utc> {
        let day = chrono::TimeDelta::days(1);
        let earliest = DateTime::<chrono::Utc>::MIN_UTC + day;
        let latest = DateTime::<chrono::Utc>::MAX_UTC - day;
        DateTime::from_timestamp_micros(self.0)
            .map_or(if self.0 < 0 { earliest } else { latest }, |t| t.clamp(earliest, latest))
    }

    /// How long after `earlier` this is; zero if it is not later.
    pub fn since(self, earlier: Time) -> Duration {
        Duration::from_micros(self.0.saturating_sub(earlier.0).max(0) as u64)
    }

    /// Shifts by a signed number of microseconds (used when the wall clock jumps back).
    pub fn shifted(self, micros: i64) -> Time {
        Time(self.0.saturating_add(micros))
    }
}

/// Microseconds in a duration, saturating at `i64::MAX` so absurd configs cannot overflow.
pub fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

impl Add<Duration> for Time {
    type Output = Time;
    fn add(self, d: Duration) -> Time {
        Time(self.0.saturating_add(micros(d)))
    }
}

impl Sub<Duration> for Time {
    type Output = Time;
    fn sub(self, d: Duration) -> Time {
        Time(self.0.saturating_sub(micros(d)))
    }
}

/// The local time zone the engine uses for days and schedules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A fixed UTC offset: the simulator (from the trace) and tests.
    Fixed(FixedOffset),
    /// A named zone with its daylight-saving rules: the daemon passes in the system's zone.
    Named(chrono_tz::Tz),
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset is valid"))
    }

    /// Local civil time at `t`.
    pub fn local(&self, t: Time) -> NaiveDateTime {
        let utc = t.to_utc();
        match self {
            Zone::Fixed(offset) => utc.with_timezone(offset).naive_local(),
            Zone::Named(zone) => utc.with_timezone(zone).naive_local(),
        }
    }

    /// `t` in RFC 3339 to the second, with this zone's offset at that instant.
    pub fn rfc3339(&self, t: Time) -> String {
        let utc = t.to_utc();
        let format = chrono::SecondsFormat::Secs;
        match self {
            Zone::Fixed(offset) => utc.with_timezone(offset).to_rfc3339_opts(format, true),
            Zone::Named(zone) => utc.with_timezone(zone).to_rfc3339_opts(format, true),
        }
    }

    /// The instant of a local civil time. In a daylight-saving gap (a time that does not
    /// exist) the clock has jumped forward, so the first instant after the gap is used.
    pub fn instant(&self, local: NaiveDateTime) -> Time {
        match self {
            Zone::Fixed(offset) => resolve(offset, local),
            Zone::Named(zone) => resolve(zone, local),
        }
    }

    /// The next local midnight strictly after `t`: where the next day starts.
    pub fn next_midnight(&self, t: Time) -> Time {
        let tomorrow = self.local(t).date().succ_opt().unwrap_or(NaiveDate::MAX);
        self.instant(tomorrow.and_time(NaiveTime::MIN))
    }

    /// The next time strictly after `t` at which the local clock shows `at`.
    pub fn next_local_time(&self, t: Time, at: NaiveTime) -> Time {
        let local = self.local(t);
        let today = local.date().and_time(at);
        let candidate = self.instant(today);
        if candidate > t {
            candidate
        } else {
            let tomorrow = local.date().succ_opt().unwrap_or(NaiveDate::MAX);
            self.instant(tomorrow.and_time(at))
        }
    }

    /// Whether the schedule covers the instant `t`.
    pub fn in_schedule(&self, schedule: &Schedule, t: Time) -> bool {
        let local = self.local(t);
        if !schedule.days[local.weekday().num_days_from_monday() as usize] {
            return false;
        }
        match schedule.hours {
            None => true,
            Some(hours) => {
                let now = local.time();
                if hours.start < hours.end {
                    hours.start <= now && now < hours.end
                } else {
                    now >= hours.start || now < hours.end
                }
            }
        }
    }

    /// The next instant after `t` at which the schedule may switch on or off, or `None`
    /// when the schedule covers every moment.
    pub fn next_schedule_change(&self, schedule: &Schedule, t: Time) -> Option<Time> {
        let every_day = schedule.days.iter().all(|d| *d);
        let mut candidates = Vec::with_capacity(3);
        if !every_day {
            candidates.push(self.next_midnight(t));
        }
        if let Some(hours) = schedule.hours {
            candidates.push(self.next_local_time(t, hours.start));
            candidates.push(self.next_local_time(t, hours.end));
        }
        candidates.into_iter().min()
    }
}

/// The instant of a local civil time in any zone; in a daylight-saving gap, the first instant
/// after it.
pub fn resolve<Tz: TimeZone>(zone: &Tz, local: NaiveDateTime) -> Time {
    let mut probe = local;
    // A daylight-saving gap is at most a few hours; step forward until the time exists.
    for _ in 0..(4 * 60) {
        if let Some(t) = zone.from_local_datetime(&probe).earliest() {
            return Time::from_chrono(&t);
        }
        probe += chrono::Duration::minutes(1);
    }
    Time::from_chrono(&zone.from_utc_datetime(&local))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_far_ends_of_time_print_in_any_zone() {
        let east = Zone::Fixed(FixedOffset::east_opt(14 * 3600).unwrap());
        let west = Zone::Fixed(FixedOffset::west_opt(12 * 3600).unwrap());
        let amsterdam = Zone::Named(chrono_tz::Europe::Amsterdam);
        for t in [Time::from_micros(i64::MAX), Time::from_micros(i64::MIN), Time::from_micros(0)] {
            for zone in [east, west, amsterdam] {
                assert!(!zone.rfc3339(t).is_empty());
                zone.local(t);
                zone.next_midnight(t);
            }
        }
    }
    use crate::config::Hours;

    fn at(s: &str) -> Time {
        Time::from_chrono(&DateTime::parse_from_rfc3339(s).unwrap())
    }

    fn cet() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(3600).unwrap())
    }

    #[test]
    fn next_midnight_is_local() {
        assert_eq!(cet().next_midnight(at("2026-03-02T23:30:00+01:00")), at("2026-03-03T00:00:00+01:00"));
        assert_eq!(cet().next_midnight(at("2026-03-03T00:00:00+01:00")), at("2026-03-04T00:00:00+01:00"));
    }

    #[test]
    fn schedule_hours_and_days() {
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let mut days = [true; 7];
        days[5] = false;
        days[6] = false;
        let schedule = Schedule { days, hours: Some(Hours { start: time(8, 0), end: time(18, 0) }) };
        let z = cet();
        // 2026-03-02 is a Monday.
        assert!(z.in_schedule(&schedule, at("2026-03-02T08:00:00+01:00")));
        assert!(!z.in_schedule(&schedule, at("2026-03-02T18:00:00+01:00")));
        assert!(!z.in_schedule(&schedule, at("2026-03-07T10:00:00+01:00")));
        assert_eq!(
            z.next_schedule_change(&schedule, at("2026-03-02T12:00:00+01:00")),
            Some(at("2026-03-02T18:00:00+01:00"))
        );
    }

    #[test]
    fn schedule_wrapping_past_midnight() {
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let schedule = Schedule { days: [true; 7], hours: Some(Hours { start: time(22, 0), end: time(2, 0) }) };
        let z = cet();
        assert!(z.in_schedule(&schedule, at("2026-03-02T23:00:00+01:00")));
        assert!(z.in_schedule(&schedule, at("2026-03-03T01:59:00+01:00")));
        assert!(!z.in_schedule(&schedule, at("2026-03-03T02:00:00+01:00")));
        assert_eq!(
            z.next_schedule_change(&Schedule { days: [true; 7], hours: None }, at("2026-03-03T02:00:00+01:00")),
            None
        );
    }

    #[test]
    fn since_never_negative() {
        assert_eq!(Time::from_micros(5).since(Time::from_micros(10)), Duration::ZERO);
        assert_eq!(Time::from_micros(10).since(Time::from_micros(4)), Duration::from_micros(6));
    }
}
