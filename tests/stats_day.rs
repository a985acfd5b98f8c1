//! History recording at the library level: a whole simulated day driven through a Session the
//! way the daemon drives it (wake at every deadline, observe after every event), recorded by the
//! tracker into a real SQLite file with a fake clock, then read back. The stored rows must equal
//! what was recorded in memory, the day's numbers must agree with the engine's own counts, and
//! the real `posture stats --json` must report the same numbers. The day is yesterday, local
//! time, so that `posture stats` (which counts back from today) sees it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};

use posture::core::config::Config;
use posture::core::engine::{Action, Answer, Command, Engine, Input, Timed};
use posture::core::session::Session;
use posture::core::stats::{History, Outcome, PeriodKind, Record, Tracker, summarize};
use posture::core::time::Time;
use posture::core::tips::Catalogue;
use posture::outputs::stats::store::{self, Store};

fn yesterday() -> NaiveDate {
    chrono::Local::now().date_naive() - chrono::Days::new(1)
}

fn at(hh: u32, mm: u32) -> Time {
    posture::load::zone::system().instant(yesterday().and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap()))
}

/// The daemon's loop with a fake clock: the session, the tracker, the store and the actions seen.
struct Day {
    session: Session,
    tracker: Tracker,
    store: Store,
    memory: History,
    actions: Vec<Timed>,
}

impl Day {
    fn after_event(&mut self, now: Time) {
        let mut actions = Vec::new();
        while let Some(timed) = self.session.poll_action() {
            actions.push(timed);
        }
        let records = self.tracker.observe(self.session.engine(), &actions, now);
        self.write(records);
        self.actions.extend(actions);
    }

    fn write(&mut self, records: Vec<Record>) {
        for record in &records {
            self.memory.apply(record);
        }
        self.store.write(&records).unwrap();
    }

    /// Sleeps until `t` as the daemon does: woken at every deadline on the way.
    fn run_until(&mut self, t: Time) {
        while let Some(deadline) = self.session.next_deadline().filter(|d| *d <= t) {
            self.session.handle_timeout(deadline);
            self.after_event(deadline);
        }
        self.session.handle_timeout(t);
        self.after_event(t);
    }

    fn feed(&mut self, t: Time, input: Input) {
        self.run_until(t);
        self.session.handle(input, t).unwrap();
        self.after_event(t);
        // The daemon checkpoints the open period with each state save.
        let checkpoint = self.tracker.checkpoint(t).into_iter().collect();
        self.write(checkpoint);
    }
}

#[test]
fn a_recorded_day_is_stored_and_adds_up_to_the_engines_own_numbers() {
    let dir = std::env::temp_dir().join(format!("posture-stats-day-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("posture/stats.db");
    let zone = posture::load::zone::system();
    let start = at(8, 0);
    let mut day = Day {
        session: Session::new(Engine::new(Config::default(), Arc::new(Catalogue::builtin()), zone, start, 7)),
        tracker: Tracker::default(),
        store: Store::open(&path, start).unwrap().store,
        memory: History::default(),
        actions: Vec::new(),
    };
    day.feed(at(8, 0), Input::Active);
    // 08:25 micro due; input stops at 08:26 for 30 s and more: the reminder is taken.
    day.feed(at(8, 26), Input::Idle { since: at(8, 26) });
    day.feed(at(8, 28), Input::Active);
    // Screen locked for 20 minutes: away, a natural rest break.
    day.feed(at(10, 0), Input::Lock);
    day.feed(at(10, 20), Input::Unlock);
    // The micro reminder at 10:45 is skipped.
    day.run_until(at(10, 50));
    day.feed(at(10, 50), Input::Answer(Answer::Skip));
    day.feed(at(11, 20), Input::Answer(Answer::Snooze));
    // Lunch: an hour without input.
    day.feed(at(12, 0), Input::Idle { since: at(12, 0) });
    day.feed(at(13, 0), Input::Active);
    day.feed(at(14, 0), Input::Command(Command::MeetingStart { until: None }));
    day.feed(at(15, 0), Input::Command(Command::MeetingEnd));
    day.feed(at(15, 30), Input::Command(Command::Pause { until: None }));
    day.feed(at(16, 0), Input::Command(Command::Resume));
    day.feed(at(17, 0), Input::Idle { since: at(17, 0) });
    day.run_until(at(17, 30));
    let engine_today = day.session.status(at(17, 30)).today_sitting.as_secs();
    let close = day.tracker.close(at(17, 30)).into_iter().collect();
    day.write(close);

    // What is in the file is what was recorded.
    let conn = store::open_read_only(&path).unwrap().expect("the database has a schema");
    let stored = store::load(&conn, at(0, 0)).unwrap();
    assert_eq!(stored.periods, day.memory.periods);
    assert_eq!(stored.breaks, day.memory.breaks);
    assert_eq!(stored.open, None);
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");

    // Periods follow each other without gaps or overlaps.
    for pair in stored.periods.windows(2) {
        assert_eq!(pair[0].end, pair[1].start, "{pair:?}");
        assert_ne!(pair[0].kind, pair[1].kind, "{pair:?}");
    }
    let kinds: Vec<PeriodKind> = stored.periods.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&PeriodKind::Meeting) && kinds.contains(&PeriodKind::Off), "{kinds:?}");

    let summary = summarize(&stored, &zone, at(17, 30), 1, false);
    let today = &summary[0];
    // Sitting as the engine counts it (pause excluded, meeting included).
    assert!(today.sitting_seconds.abs_diff(engine_today) <= 1, "{} vs engine {engine_today}", today.sitting_seconds);
    assert_eq!(today.meeting_seconds, 3600);
    // Away: 20 min locked, the lunch hour, the micro break at 08:26 and the end of the day.
    assert!(today.away_seconds >= (20 + 60 + 30) * 60, "{}", today.away_seconds);

    // Every reminder and break outcome the engine emitted is counted once.
    let count = |f: &dyn Fn(&Action) -> bool| day.actions.iter().filter(|t| f(&t.action)).count() as u32;
    let reminders = count(&|a| matches!(a, Action::BreakDue { repeat: 0, .. }));
    let natural = count(&|a| matches!(a, Action::BreakTaken { natural: true, .. }));
    assert_eq!(today.reminders, reminders);
    assert_eq!(today.natural, natural);
    assert!(today.natural >= 1, "the locked 20 minutes are a natural rest break");
    assert_eq!(today.skipped, count(&|a| matches!(a, Action::BreakSkipped { .. })));
    assert_eq!(today.snoozed, count(&|a| matches!(a, Action::BreakSnoozed { kind: Some(_), .. })));
    assert!(today.taken >= 1 && today.skipped == 1 && today.snoozed == 1, "{today:?}");
    assert_eq!(today.breaks_due, stored.breaks.len() as u32);
    assert_eq!(today.breaks_taken, today.taken + today.natural);
    let outcomes: Vec<Option<Outcome>> = stored.breaks.iter().map(|b| b.outcome).collect();
    assert!(outcomes.iter().all(|o| o.is_some()) || stored.pending.is_some(), "{outcomes:?}");
    // A meeting is sitting, so 13:00-15:30 is one stretch of 2.5 h, the longest; 08:28-10:00
    // (92 min) is long too, and lunch is not.
    assert_eq!(today.longest_stretch_seconds, Duration::from_secs(150 * 60).as_secs());
    assert_eq!(today.long_hours[13], 3600);
    assert_eq!(today.long_hours[8], 32 * 60, "{:?}", today.long_hours);
    assert_eq!(today.long_hours[12], 0, "{:?}", today.long_hours);

    // The real binary reads the file and reports the same day.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(["stats", "--json", "--days", "2"])
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let reported = &json["days"][0];
    assert_eq!(reported["date"], yesterday().to_string());
    assert_eq!(reported, &serde_json::to_value(today).unwrap());
    assert_eq!(json["days"][1]["sitting_seconds"], 0);

    // And replays it under the configuration: the defaults that recorded it, here.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(["simulate", "--history", "--days", "2"])
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with(&yesterday().to_string())).expect(&text);
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields[1], today.reminders.to_string(), "{text}");
    assert!(fields[2].parse::<u32>().unwrap() > 0, "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside_and_a_new_one_started() {
    let dir = std::env::temp_dir().join(format!("posture-stats-corrupt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("stats.db");
    std::fs::write(&path, "this is not a database, it is a text file that someone put here".repeat(100)).unwrap();
    let opened = Store::open(&path, Time::from_micros(1_700_000_000_000_000)).unwrap();
    let (reason, aside) = opened.moved_aside.expect("moved aside");
    assert_eq!(aside, dir.join("stats.db.corrupt-1700000000"));
    assert!(reason.to_string().contains("stats.db"), "{reason}");
    assert!(std::fs::read_to_string(&aside).unwrap().starts_with("this is not a database"));
    let mut store = opened.store;
    store.write(&[Record::Open { kind: PeriodKind::Sitting, start: Time::from_micros(1) }]).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_good_database_locked_by_another_process_is_left_where_it_is() {
    let dir = std::env::temp_dir().join(format!("posture-stats-locked-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("stats.db");
    let opened = Store::open(&path, Time::from_micros(1_700_000_000_000_000)).unwrap();
    let mut store = opened.store;
    store.write(&[Record::Open { kind: PeriodKind::Sitting, start: Time::from_micros(1) }]).unwrap();
    drop(store);
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
    let refused = Store::open(&path, Time::from_micros(1_700_000_000_000_000));
    assert!(refused.is_err(), "a locked database cannot be opened for writing");
    assert!(refused.err().unwrap().to_string().contains("locked"));
    drop(holder);
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("corrupt")), "nothing moved aside: {names:?}");
    assert!(Store::open(&path, Time::from_micros(1_700_000_000_000_000)).unwrap().moved_aside.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
