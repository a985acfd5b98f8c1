//! Benchmark: `posture stats --days 365` over a year of recorded history.
//!
//! Run with `cargo bench --bench stats_year`. It writes a deterministic year of workdays
//! (stretches of sitting, short and long away periods, lunch, meetings, reminders with every
//! outcome) into a fresh history database through the daemon's own store, then times the real
//! binary answering `posture stats --days 365` (text and `--json`) and prints the figures.
//! Target: under 100 ms.
//!
//! `STATS_BENCH_DAYS=7 STATS_BENCH_KEEP=DIR` writes only a week and keeps the state directory
//! (`DIR/posture/stats.db`), which is how the README's report screenshot is made.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use posture::core::Kind;
use posture::core::stats::{Outcome, PeriodKind, Record};
use posture::core::time::Time;
use posture::core::tips::Catalogue;
use posture::outputs::stats::store::Store;

/// Target for one `posture stats --days 365`.
const TARGET: Duration = Duration::from_millis(100);

/// A small deterministic generator, so every run records the same year.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn workday(day: NaiveDate, rng: &mut Lcg, tips: &[String], out: &mut Vec<Record>) {
    let zone = posture::load::zone::system();
    let at = |h: u32, m: u32| zone.instant(day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()));
    let mut t = at(8, 15) + minutes(rng.next(45));
    let end = at(17, 0) + minutes(rng.next(60));
    let mut lunch = false;
    let mut meeting_done = rng.next(3) == 0;
    while t < end {
        let (kind, length) = if !lunch && t >= at(12, 0) {
            lunch = true;
            (PeriodKind::Away, minutes(30 + rng.next(30)))
        } else if !meeting_done && t >= at(14, 0) {
            meeting_done = true;
            (PeriodKind::Meeting, minutes(30 + rng.next(60)))
        } else {
            (PeriodKind::Sitting, minutes(15 + rng.next(if t < at(12, 0) { 60 } else { 100 })))
        };
        out.push(Record::Open { kind, start: t });
        if kind == PeriodKind::Sitting && length > minutes(25) {
            // A reminder inside a long stretch, and how it ended.
            let reminded = t + minutes(25);
            let pick = rng.next(tips.len() as u64) as usize;
            let tip = Some(tips[pick].clone());
            let kind = if length > minutes(55) { Kind::Rest } else { Kind::Micro };
            out.push(Record::Reminder { at: reminded, kind, tip, requested: false });
            let outcome = match rng.next(10) {
                0..=5 => Outcome::Taken,
                6 => Outcome::Skipped,
                7 => Outcome::Snoozed,
                _ => Outcome::Ignored,
            };
            out.push(Record::Resolve { at: reminded + minutes(1), outcome });
        }
        t = t + length;
        out.push(Record::Close { end: t });
        let longest = if rng.next(4) == 0 { 15 } else { 4 };
        let away = minutes(1 + rng.next(longest));
        out.push(Record::Open { kind: PeriodKind::Away, start: t });
        if away >= minutes(5) {
            out.push(Record::Break { at: t + minutes(5), kind: Kind::Rest, outcome: Outcome::Natural });
        }
        t = t + away;
        out.push(Record::Close { end: t });
    }
}

fn main() {
    let days: u32 = std::env::var("STATS_BENCH_DAYS").ok().and_then(|v| v.parse().ok()).unwrap_or(365);
    let keep = std::env::var_os("STATS_BENCH_KEEP").map(PathBuf::from);
    let state = keep
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("posture-stats-bench-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(state.join("posture"));
    let path = state.join("posture/stats.db");

    let tips: Vec<String> = Catalogue::builtin().tips().iter().map(|t| t.id.clone()).collect();
    let today = chrono::Local::now().date_naive();
    let mut rng = Lcg(0x5eed);
    let mut records = Vec::new();
    let mut workdays = 0;
    for back in (0..days).rev() {
        let day = today - chrono::Days::new(u64::from(back));
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            workday(day, &mut rng, &tips, &mut records);
            workdays += 1;
        }
    }
    let started = Instant::now();
    let mut store = Store::open(&path, Time::from_micros(0)).expect("the database opens").store;
    store.write(&records).expect("the history is written");
    drop(store);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "stats_year: {days} days ({workdays} workdays), {} records written in {:.0?}, {:.1} MiB",
        records.len(),
        started.elapsed(),
        size as f64 / (1024.0 * 1024.0)
    );

    let run = |args: &[&str]| {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_posture"))
            .args(args)
            .env("XDG_STATE_HOME", &state)
            .env("XDG_CONFIG_HOME", state.join("config"))
            .env("NO_COLOR", "1")
            .output()
            .expect("posture runs");
        let elapsed = started.elapsed();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        (elapsed, output.stdout)
    };
    let days_arg = days.to_string();
    for (label, args) in
        [("text", vec!["stats", "--days", &days_arg]), ("json", vec!["stats", "--days", &days_arg, "--json"])]
    {
        let _ = run(&args);
        let mut times: Vec<Duration> = (0..9).map(|_| run(&args).0).collect();
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "stats_year: posture stats --days {days} ({label}): median {:.1} ms, min {:.1} ms, max {:.1} ms (target {} ms){}",
            median.as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            TARGET.as_millis(),
            if median <= TARGET { "" } else { "  ** over target **" }
        );
    }
    let (_, json) = run(&["stats", "--days", &days_arg, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    let sitting: u64 = json["days"].as_array().unwrap().iter().map(|d| d["sitting_seconds"].as_u64().unwrap()).sum();
    println!("stats_year: {} h of sitting reported", sitting / 3600);
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&state);
    }
}
