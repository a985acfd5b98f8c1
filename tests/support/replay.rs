//! The scenario harness shared by `tests/scenarios.rs` and `tests/rules.rs`: compact traces
//! (`"09:00 active"`, `"10:00 command snooze 30m"`, `"+1d 09:00 active"` for the next day) turned
//! into real trace JSON, replayed through `posture::simulate`, and the output compared as
//! `[+Nd ]HH:MM:SS event field=value…` lines without tip ids and texts. The day is Monday
//! 2026-03-02, +01:00.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use posture::core::Lang;
use posture::core::calendar::Calendar;
use posture::core::config::Config;
use posture::core::time::{Time, Zone};
use posture::core::tips::Catalogue;
use posture::simulate::{self, trace};

pub const DATE: &str = "2026-03-02";
pub const OFFSET: &str = "+01:00";

pub fn base_date() -> NaiveDate {
    NaiveDate::parse_from_str(DATE, "%Y-%m-%d").unwrap()
}

/// Converts compact lines to trace JSON. `+Nd 09:00 …` is N days after [`DATE`].
pub fn trace_json(compact: &str) -> String {
    let mut out = String::new();
    for line in compact.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (date, line) = match line.strip_prefix('+') {
            Some(rest) => {
                let (days, rest) = rest.split_once("d ").expect("`+Nd HH:MM …`");
                let days: u64 = days.parse().expect("a day count");
                (base_date() + chrono::Days::new(days), rest)
            }
            None => (base_date(), line),
        };
        let (time, rest) = line.split_once(' ').unwrap();
        let time = if time.len() == 5 { format!("{time}:00") } else { time.to_string() };
        let at = format!("{date}T{time}{OFFSET}");
        let (key, value) = match rest.split_once(' ') {
            Some(("command", words)) => ("command", words.to_string()),
            Some(("notification", answer)) => ("notification", answer.to_string()),
            Some(("meeting", edge)) => ("meeting", edge.to_string()),
            _ => match rest {
                "active" | "none" => ("input", rest.to_string()),
                "lock" | "unlock" | "suspend" | "resume" => ("session", rest.to_string()),
                other => panic!("unknown compact trace line: {other}"),
            },
        };
        out.push_str(&serde_json::json!({ "at": at, key: value }).to_string());
        out.push('\n');
    }
    out
}

/// An RFC 3339 instant as `[+Nd ]HH:MM:SS`, days counted from [`DATE`].
pub fn show_time(rfc3339: &str) -> Option<String> {
    let t = DateTime::parse_from_rfc3339(rfc3339).ok()?;
    let days = (t.date_naive() - base_date()).num_days();
    let day = if days == 0 { String::new() } else { format!("+{days}d ") };
    Some(format!("{day}{}", t.format("%H:%M:%S")))
}

/// Replays and returns the raw JSON events, as `posture simulate` prints them.
pub fn events(config: &str, compact: &str) -> Vec<Value> {
    events_with_calendar(config, "", compact)
}

/// [`events`] with the meetings of an iCalendar text (none when empty), expanded over the
/// trace's days in its offset, as `posture simulate` does with the configured calendars.
pub fn events_with_calendar(config: &str, ics: &str, compact: &str) -> Vec<Value> {
    let config = Config::parse(config, "rules.toml").expect("test config is valid");
    let trace = trace::parse(&trace_json(compact)).expect("test trace is valid");
    let calendar = if ics.is_empty() {
        Vec::new()
    } else {
        let calendar = Calendar::parse(ics, "test.ics").expect("test calendar is valid");
        let zone = Zone::Fixed(*trace[0].at.offset());
        let from = Time::from_chrono(&trace[0].at) - std::time::Duration::from_secs(86_400);
        let to = Time::from_chrono(&trace[trace.len() - 1].at) + std::time::Duration::from_secs(86_400);
        let occurrences = calendar.expand(from, to, &config.meetings.me, &zone);
        occurrences.iter().filter(|o| o.is_meeting()).map(|o| (o.start, o.end)).collect()
    };
    simulate::run_with_calendar(config, Arc::new(Catalogue::builtin()), Lang::En, &trace, 7, calendar)
        .into_iter()
        .map(|event| serde_json::to_value(&event).unwrap())
        .collect()
}

pub fn replay(config: &str, compact: &str) -> Vec<String> {
    replay_with_calendar(config, "", compact)
}

pub fn replay_with_calendar(config: &str, ics: &str, compact: &str) -> Vec<String> {
    events_with_calendar(config, ics, compact)
        .into_iter()
        .map(|value| {
            let mut line =
                format!("{} {}", show_time(value["at"].as_str().unwrap()).unwrap(), value["event"].as_str().unwrap());
            for (key, field) in value.as_object().unwrap() {
                if matches!(key.as_str(), "at" | "event" | "tip" | "text") {
                    continue;
                }
                let shown = match field {
                    Value::String(s) => show_time(s).unwrap_or_else(|| s.clone()),
                    other => other.to_string(),
                };
                line.push_str(&format!(" {key}={shown}"));
            }
            line
        })
        .collect()
}

/// Replays and compares, printing both sides on a mismatch.
#[track_caller]
pub fn check(config: &str, compact: &str, expected: &[&str]) {
    check_lines(config, compact, |_| true, expected);
}

/// Like [`check`], comparing only the output lines `keep` accepts.
#[track_caller]
pub fn check_lines(config: &str, compact: &str, keep: impl Fn(&str) -> bool, expected: &[&str]) {
    let actual: Vec<String> = replay(config, compact).into_iter().filter(|l| keep(l)).collect();
    assert_eq!(actual, expected, "\nactual:\n  {}\nexpected:\n  {}\n", actual.join("\n  "), expected.join("\n  "));
}

/// The defaults: micro 25m/30s, rest 55m/5m, away after 3m, repeat 5m, snooze 10m, daily 8h.
pub const DEFAULTS: &str = "";
