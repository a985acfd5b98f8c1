//! Benchmark: how long `posture simulate` takes to replay a year of workdays.
//!
//! Run with `cargo bench --bench simulate_year`. It builds a deterministic year (261 workdays
//! of typing, reading pauses, coffee walks, a lunch, meetings, a locked screen and the odd
//! snooze), replays it three times through the same code path as `posture simulate`, and prints
//! the figures. Target: under 1 s for the year in a release build.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use posture::core::Lang;
use posture::core::config::Config;
use posture::core::tips::Catalogue;
use posture::simulate::{self, trace};

/// A small deterministic generator, so every run replays the same year.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn workday(day: NaiveDate, rng: &mut Lcg, out: &mut String) {
    let offset = FixedOffset::east_opt(3600).expect("valid offset");
    let start = offset.from_local_datetime(&day.and_hms_opt(8, 30, 0).expect("valid time")).single().expect("fixed");
    let end = start + Duration::hours(9);
    let mut t = start + Duration::minutes(rng.next(30) as i64);
    let mut line = |at: DateTime<FixedOffset>, key: &str, value: &str| {
        out.push_str(&format!("{{\"at\":\"{}\",\"{key}\":\"{value}\"}}\n", at.to_rfc3339()));
    };
    let mut lunch_done = false;
    line(t, "session", "resume");
    while t < end {
        line(t, "input", "active");
        t += Duration::minutes(3 + rng.next(20) as i64);
        line(t, "input", "none");
        match rng.next(20) {
            // Reading or thinking: a short gap.
            0..=9 => t += Duration::seconds(20 + rng.next(150) as i64),
            // Coffee or a chat at someone's desk.
            10..=12 => t += Duration::minutes(4 + rng.next(8) as i64),
            13 => {
                line(t, "session", "lock");
                t += Duration::minutes(2 + rng.next(15) as i64);
                line(t, "session", "unlock");
            }
            14 => {
                line(t, "meeting", "start");
                t += Duration::minutes(30 + rng.next(60) as i64);
                line(t, "meeting", "end");
            }
            15 => {
                line(t, "command", "snooze 15m");
                t += Duration::seconds(30);
            }
            16 => {
                line(t, "notification", "done");
                t += Duration::seconds(40);
            }
            _ => t += Duration::seconds(5 + rng.next(40) as i64),
        }
        if !lunch_done && t.time() >= chrono::NaiveTime::from_hms_opt(12, 15, 0).expect("valid time") {
            line(t, "session", "lock");
            t += Duration::minutes(30 + rng.next(20) as i64);
            line(t, "session", "unlock");
            lunch_done = true;
        }
    }
    line(t, "session", "suspend");
}

fn main() {
    let mut rng = Lcg(2026);
    let mut text = String::new();
    let mut workdays = 0;
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date");
    for offset in 0..365 {
        let day = first + Duration::days(offset);
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        workday(day, &mut rng, &mut text);
        workdays += 1;
    }

    let parse_start = Instant::now();
    let lines = trace::parse(&text).expect("the generated trace is valid");
    let parse_time = parse_start.elapsed();

    let catalogue = Arc::new(Catalogue::builtin());
    let mut best = std::time::Duration::MAX;
    let mut events = Vec::new();
    for _ in 0..3 {
        let replay_start = Instant::now();
        events = black_box(simulate::run(Config::default(), catalogue.clone(), Lang::En, &lines, 1));
        best = best.min(replay_start.elapsed());
    }
    let reminders = events.iter().filter(|e| matches!(e.what, simulate::What::BreakDue { .. })).count();

    println!(
        "simulate_year: {workdays} workdays, {} trace lines, {} output events ({reminders} reminders)",
        lines.len(),
        events.len()
    );
    println!("simulate_year: parse {:.1} ms, replay {:.1} ms (best of 3)", ms(parse_time), ms(best));
    println!(
        "simulate_year: {:.1} µs per workday, {:.2} µs per trace line; target: year under 1000 ms -> {}",
        best.as_secs_f64() * 1e6 / workdays as f64,
        best.as_secs_f64() * 1e6 / lines.len() as f64,
        if parse_time + best < std::time::Duration::from_secs(1) { "met" } else { "MISSED" }
    );
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
