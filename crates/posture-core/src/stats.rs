//! History and statistics, the pure part: what is recorded and how it adds up.
//!
//! The daemon's [`Tracker`] watches the engine after every event and turns what changed into
//! [`Record`]s: a period of one [`PeriodKind`] opening, being checkpointed or closing, and every
//! break with its outcome. The store (`outputs::stats`) writes the records to SQLite and
//! [`History::apply`] applies the same records in memory, so the daemon's "today" and
//! `posture stats` are computed by one function, [`summarize`], from the same rows.
//!
//! Periods follow the engine: away is the engine's away period (a gap counts as away from its
//! start once it reaches `activity.away_after`, a lock or suspend at once), `off` is a pause
//! or time outside the schedule, and a meeting counts as sitting, as the engine counts it.

use std::time::Duration;

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::Serialize;

use super::Kind;
use super::engine::{Action, Engine, Mode, Timed};
use super::time::{Time, Zone};

/// A stretch of sitting at least this long counts as a long stretch in the report's heatmap.
pub const LONG_STRETCH: Duration = Duration::from_secs(60 * 60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Sitting,
    Away,
    Meeting,
    /// Paused, or outside the schedule: nothing counts.
    Off,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [PeriodKind::Sitting, PeriodKind::Away, PeriodKind::Meeting, PeriodKind::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Sitting => "sitting",
            PeriodKind::Away => "away",
            PeriodKind::Meeting => "meeting",
            PeriodKind::Off => "off",
        }
    }

    pub fn parse(s: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the engine counts this period as sitting.
    pub fn sits(self) -> bool {
        matches!(self, PeriodKind::Sitting | PeriodKind::Meeting)
    }
}

/// How a break ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Taken after a reminder (or a break the user asked for).
    Taken,
    /// Taken with no reminder: the user was away long enough on their own.
    Natural,
    Skipped,
    Snoozed,
    /// The reminder went away unanswered (withdrawn, replaced, or never answered).
    Ignored,
}

impl Outcome {
    pub const ALL: [Outcome; 5] =
        [Outcome::Taken, Outcome::Natural, Outcome::Skipped, Outcome::Snoozed, Outcome::Ignored];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Taken => "taken",
            Outcome::Natural => "natural",
            Outcome::Skipped => "skipped",
            Outcome::Snoozed => "snoozed",
            Outcome::Ignored => "ignored",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: Time,
    pub end: Time,
}

/// One break: a reminder and how it ended, or a break taken without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakRow {
    pub kind: Kind,
    /// When the reminder came; `None` for a break without a reminder.
    pub reminded: Option<Time>,
    /// When it ended (the reminder time while it is still open).
    pub at: Time,
    /// `None` while the reminder is on screen.
    pub outcome: Option<Outcome>,
    pub tip: Option<String>,
    pub requested: bool,
}

/// What the store is asked to write. Applied in order, to the database or to a [`History`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A period starts; it is the open one until `Close`.
    Open {
        kind: PeriodKind,
        start: Time,
    },
    /// The open period has lasted at least until `at` (so a crash keeps that much of it).
    Checkpoint {
        at: Time,
    },
    Close {
        end: Time,
    },
    /// A reminder appears; it is the open break until `Resolve`.
    Reminder {
        at: Time,
        kind: Kind,
        tip: Option<String>,
        requested: bool,
    },
    Resolve {
        at: Time,
        outcome: Outcome,
    },
    /// A break with no reminder.
    Break {
        at: Time,
        kind: Kind,
        outcome: Outcome,
    },
}

/// Periods and breaks, with the open period and the open reminder, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub periods: Vec<Period>,
    /// The period in progress: its kind, start and the last instant it is known to have lasted.
    pub open: Option<Period>,
    pub breaks: Vec<BreakRow>,
    /// Index in `breaks` of the reminder still on screen.
    pub pending: Option<usize>,
}

impl History {
    pub fn apply(&mut self, record: &Record) {
        match record {
            Record::Open { kind, start } => {
                if let Some(open) = self.open.take() {
                    self.periods.push(open);
                }
                self.open = Some(Period { kind: *kind, start: *start, end: *start });
            }
            Record::Checkpoint { at } => {
                if let Some(open) = &mut self.open {
                    open.end = open.end.max(*at);
                }
            }
            Record::Close { end } => {
                if let Some(mut open) = self.open.take() {
                    open.end = open.start.max(*end);
                    self.periods.push(open);
                }
            }
            Record::Reminder { at, kind, tip, requested } => {
                self.breaks.push(BreakRow {
                    kind: *kind,
                    reminded: Some(*at),
                    at: *at,
                    outcome: None,
                    tip: tip.clone(),
                    requested: *requested,
                });
                self.pending = Some(self.breaks.len() - 1);
            }
            Record::Resolve { at, outcome } => {
                if let Some(row) = self.pending.take().and_then(|i| self.breaks.get_mut(i)) {
                    row.at = *at;
                    row.outcome = Some(*outcome);
                }
            }
            Record::Break { at, kind, outcome } => self.breaks.push(BreakRow {
                kind: *kind,
                reminded: None,
                at: *at,
                outcome: Some(*outcome),
                tip: None,
                requested: false,
            }),
        }
    }

    /// Drops what ended before `before` (the daemon keeps only today in memory).
    pub fn forget_before(&mut self, before: Time) {
        self.periods.retain(|p| p.end >= before);
        let pending = self.pending.map(|i| self.breaks[i].clone());
        self.breaks.retain(|b| b.at >= before || Some(b) == pending.as_ref());
        self.pending = pending.and_then(|p| self.breaks.iter().position(|b| *b == p));
    }
}

/// Watches the engine for the daemon and says what to record.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    open: Option<(PeriodKind, Time)>,
    pending: bool,
    /// Where the first period starts if it is sitting, when not at the first observation.
    resumed_from: Option<Time>,
}

impl Tracker {
    /// Continues from a history loaded from the store: its open reminder stays open. With
    /// `resumed_from` (the saved state's time, when the engine counted the gap since then as
    /// sitting), a first sitting period starts there, after the recorded ones, as the engine
    /// counts it.
    pub fn resume(history: &History, resumed_from: Option<Time>) -> Tracker {
        let recorded_until = history.periods.iter().chain(history.open.iter()).map(|p| p.end).max();
        Tracker {
            open: None,
            pending: history.pending.is_some(),
            resumed_from: resumed_from.map(|t| recorded_until.map_or(t, |end| end.max(t))),
        }
    }

    /// The records for the actions just drained from the engine and for the period the engine
    /// is in now.
    pub fn observe(&mut self, engine: &Engine, actions: &[Timed], now: Time) -> Vec<Record> {
        let mut records = Vec::new();
        for Timed { at, action } in actions {
            self.action(*at, action, &mut records);
        }
        let (kind, since) = period_of(engine, now);
        match self.open {
            Some((open, _)) if open == kind => {}
            Some((open, start)) => {
                // Sitting turns out to have been away since input stopped (the engine drops that
                // sitting too), but never before the open period began. Other changes are now.
                let at = if open.sits() && kind == PeriodKind::Away { since.max(start).min(now) } else { now };
                records.push(Record::Close { end: at });
                records.push(Record::Open { kind, start: at });
                self.open = Some((kind, at));
            }
            None => {
                let start = match self.resumed_from.take() {
                    Some(from) if kind == PeriodKind::Sitting => from.min(now),
                    _ => now,
                };
                records.push(Record::Open { kind, start });
                self.open = Some((kind, start));
            }
        }
        records
    }

    /// Keeps the open period up to `now` for the case of a crash.
    pub fn checkpoint(&self, now: Time) -> Option<Record> {
        self.open.map(|_| Record::Checkpoint { at: now })
    }

    /// Closes the open period at shutdown.
    pub fn close(&mut self, now: Time) -> Option<Record> {
        self.open.take().map(|_| Record::Close { end: now })
    }

    fn action(&mut self, at: Time, action: &Action, records: &mut Vec<Record>) {
        let mut resolve = |outcome| {
            if std::mem::take(&mut self.pending) {
                records.push(Record::Resolve { at, outcome });
                true
            } else {
                false
            }
        };
        match action {
            Action::BreakDue { repeat: 0, kind, tip, requested } => {
                resolve(Outcome::Ignored);
                records.push(Record::Reminder { at, kind: *kind, tip: tip.clone(), requested: *requested });
                self.pending = true;
            }
            Action::BreakTaken { kind, natural: true } => {
                records.push(Record::Break { at, kind: *kind, outcome: Outcome::Natural })
            }
            Action::BreakTaken { kind, natural: false } => {
                // A break asked for without a reminder, or one whose reminder came before a restart.
                let reminded = resolve(Outcome::Taken);
                if !reminded {
                    records.push(Record::Break { at, kind: *kind, outcome: Outcome::Taken });
                }
            }
            Action::BreakSkipped { .. } => {
                resolve(Outcome::Skipped);
            }
            Action::BreakSnoozed { kind: Some(_), .. } => {
                resolve(Outcome::Snoozed);
            }
            Action::BreakWithdrawn { .. } => {
                resolve(Outcome::Ignored);
            }
            _ => {}
        }
    }
}

/// The kind of period the engine is in at `now`, and since when if it knows (an away period
/// starts when input stopped).
fn period_of(engine: &Engine, now: Time) -> (PeriodKind, Time) {
    let status = engine.status(now);
    let state = engine.state();
    if matches!(status.mode, Mode::Paused | Mode::OutsideSchedule) {
        (PeriodKind::Off, now)
    } else if state.locked || state.suspended || state.away_since.is_some() {
        (PeriodKind::Away, state.away_since.unwrap_or(now))
    } else if state.meeting.is_some() {
        (PeriodKind::Meeting, now)
    } else {
        (PeriodKind::Sitting, now)
    }
}

/// One local day of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaySummary {
    pub date: NaiveDate,
    /// Sitting, meetings included, as the engine counts it.
    pub sitting_seconds: u64,
    pub meeting_seconds: u64,
    pub away_seconds: u64,
    /// The longest run of sitting with no away period in between.
    pub longest_stretch_seconds: u64,
    /// Breaks taken: after a reminder or on the user's own.
    pub breaks_taken: u32,
    /// Breaks that were due: every reminder, plus every break taken without one.
    pub breaks_due: u32,
    pub reminders: u32,
    pub taken: u32,
    pub natural: u32,
    pub skipped: u32,
    pub snoozed: u32,
    pub ignored: u32,
    /// Sitting per local hour of the day, in seconds.
    pub hours: [u32; 24],
    /// Sitting per local hour that was part of a stretch of at least [`LONG_STRETCH`].
    pub long_hours: [u32; 24],
    /// Tip ids shown by this day's reminders, in order.
    pub tips: Vec<String>,
}

impl DaySummary {
    fn empty(date: NaiveDate) -> DaySummary {
        DaySummary {
            date,
            sitting_seconds: 0,
            meeting_seconds: 0,
            away_seconds: 0,
            longest_stretch_seconds: 0,
            breaks_taken: 0,
            breaks_due: 0,
            reminders: 0,
            taken: 0,
            natural: 0,
            skipped: 0,
            snoozed: 0,
            ignored: 0,
            hours: [0; 24],
            long_hours: [0; 24],
            tips: Vec::new(),
        }
    }
}

/// The first of the `days` local days that end with the day of `now`.
pub fn first_day(zone: &Zone, now: Time, days: u32) -> NaiveDate {
    zone.local(now).date() - chrono::Days::new(u64::from(days.max(1) - 1))
}

/// The `days` local days ending with the day of `now`, oldest first. The open period counts up
/// to its last checkpoint, or to `now` with `extend_open` (the daemon, which knows it is still
/// going).
pub fn summarize(history: &History, zone: &Zone, now: Time, days: u32, extend_open: bool) -> Vec<DaySummary> {
    let last = zone.local(now).date();
    let first = first_day(zone, now, days);
    let mut out: Vec<DaySummary> = first.iter_days().take_while(|d| *d <= last).map(DaySummary::empty).collect();
    let index = |date: NaiveDate| -> Option<usize> {
        (first..=last).contains(&date).then(|| (date - first).num_days() as usize)
    };
    let range_start = zone.instant(first.and_time(NaiveTime::MIN));

    let mut periods: Vec<Period> = history.periods.iter().filter(|p| p.end > range_start).copied().collect();
    if let Some(mut open) = history.open {
        if extend_open {
            open.end = open.end.max(now);
        }
        periods.push(open);
    }
    periods.sort_by_key(|p| p.start);

    // A stretch is a run of sitting periods that touch; it is cut at local midnight so that
    // each day has its own longest one.
    let mut stretch: Option<(NaiveDate, Vec<(Time, Time)>)> = None;
    let finish = |stretch: Option<(NaiveDate, Vec<(Time, Time)>)>, out: &mut Vec<DaySummary>| {
        let Some((date, pieces)) = stretch else { return };
        let Some(i) = index(date) else { return };
        let length: i64 = pieces.iter().map(|(a, b)| b.as_micros() - a.as_micros()).sum();
        let day = &mut out[i];
        day.longest_stretch_seconds = day.longest_stretch_seconds.max((length / 1_000_000) as u64);
        if length >= LONG_STRETCH.as_micros() as i64 {
            for (a, b) in pieces {
                spread_hours(zone, a, b, &mut day.long_hours);
            }
        }
    };
    let mut last_end: Option<Time> = None;
    // Microseconds of sitting, meetings and away per day, rounded to seconds at the end so that
    // many short periods do not lose their fractions.
    let mut totals = vec![[0u128; 3]; out.len()];
    for period in periods {
        for (date, a, b) in split_days(zone, period.start, period.end) {
            if let Some(i) = index(date) {
                let micros = b.since(a).as_micros();
                let day = &mut out[i];
                match period.kind {
                    PeriodKind::Sitting => totals[i][0] += micros,
                    PeriodKind::Meeting => {
                        totals[i][0] += micros;
                        totals[i][1] += micros;
                    }
                    PeriodKind::Away => totals[i][2] += micros,
                    PeriodKind::Off => {}
                }
                if period.kind.sits() {
                    spread_hours(zone, a, b, &mut day.hours);
                }
            }
            let continues = stretch.as_ref().is_some_and(|(d, _)| *d == date) && last_end == Some(a);
            if period.kind.sits() {
                if !continues {
                    finish(stretch.take(), &mut out);
                    stretch = Some((date, Vec::new()));
                }
                if let Some((_, pieces)) = &mut stretch {
                    pieces.push((a, b));
                }
            } else {
                finish(stretch.take(), &mut out);
            }
            last_end = Some(b);
        }
    }
    finish(stretch.take(), &mut out);

    for row in &history.breaks {
        let Some(i) = index(zone.local(row.reminded.unwrap_or(row.at)).date()) else { continue };
        let day = &mut out[i];
        day.breaks_due += 1;
        if row.reminded.is_some() {
            day.reminders += 1;
            day.tips.extend(row.tip.clone());
        }
        match row.outcome {
            Some(Outcome::Taken) => day.taken += 1,
            Some(Outcome::Natural) => day.natural += 1,
            Some(Outcome::Skipped) => day.skipped += 1,
            Some(Outcome::Snoozed) => day.snoozed += 1,
            Some(Outcome::Ignored) => day.ignored += 1,
            None => {}
        }
    }
    for (day, [sitting, meeting, away]) in out.iter_mut().zip(totals) {
        day.sitting_seconds = (sitting / 1_000_000) as u64;
        day.meeting_seconds = (meeting / 1_000_000) as u64;
        day.away_seconds = (away / 1_000_000) as u64;
        day.breaks_taken = day.taken + day.natural;
    }
    out
}

/// Cuts `[a, b)` at local midnights: one piece per local day.
fn split_days(zone: &Zone, a: Time, b: Time) -> Vec<(NaiveDate, Time, Time)> {
    let mut pieces = Vec::new();
    let mut start = a;
    while start < b {
        let midnight = zone.next_midnight(start);
        let end = midnight.min(b);
        pieces.push((zone.local(start).date(), start, end));
        start = end;
    }
    pieces
}

/// Adds the seconds of `[a, b)` (within one day) to the local hours they fall in.
fn spread_hours(zone: &Zone, a: Time, b: Time, hours: &mut [u32; 24]) {
    let mut start = a;
    while start < b {
        let local = zone.local(start);
        let hour = local.hour() as usize;
        let into_hour = Duration::from_secs(u64::from(local.minute() * 60 + local.second()));
        let end = (start + (Duration::from_secs(3600) - into_hour)).min(b);
        hours[hour] += end.since(start).as_secs() as u32;
        if end <= start {
            break;
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(day: u32, hh: u32, mm: u32) -> Time {
        let date = NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        Zone::utc().instant(date.and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap()))
    }

    fn history(periods: &[(PeriodKind, Time, Time)]) -> History {
        let mut h = History::default();
        for (kind, start, end) in periods {
            h.apply(&Record::Open { kind: *kind, start: *start });
            h.apply(&Record::Close { end: *end });
        }
        h
    }

    #[test]
    fn a_period_over_midnight_counts_on_both_days_and_stretches_are_cut_there() {
        let h =
            history(&[(PeriodKind::Sitting, t(2, 23, 0), t(3, 1, 30)), (PeriodKind::Away, t(3, 1, 30), t(3, 2, 0))]);
        let days = summarize(&h, &Zone::utc(), t(3, 12, 0), 2, false);
        assert_eq!((days[0].sitting_seconds, days[1].sitting_seconds), (3600, 5400));
        assert_eq!((days[0].longest_stretch_seconds, days[1].longest_stretch_seconds), (3600, 5400));
        assert_eq!(days[0].hours[23], 3600);
        assert_eq!(days[1].long_hours[0..2], [3600, 1800]);
        assert_eq!(days[1].away_seconds, 1800);
    }

    #[test]
    fn the_open_period_counts_to_its_checkpoint_or_to_now_for_the_daemon() {
        let mut h = History::default();
        h.apply(&Record::Open { kind: PeriodKind::Sitting, start: t(2, 9, 0) });
        h.apply(&Record::Checkpoint { at: t(2, 9, 10) });
        assert_eq!(summarize(&h, &Zone::utc(), t(2, 9, 30), 1, false)[0].sitting_seconds, 600);
        assert_eq!(summarize(&h, &Zone::utc(), t(2, 9, 30), 1, true)[0].sitting_seconds, 1800);
    }

    #[test]
    fn away_is_dated_back_only_over_sitting_not_over_a_pause() {
        use super::super::config::Config;
        use super::super::engine::{Command, Input};
        use super::super::tips::Catalogue;
        let mut engine =
            Engine::new(Config::default(), std::sync::Arc::new(Catalogue::builtin()), Zone::utc(), t(2, 9, 0), 1);
        let mut tracker = Tracker::default();
        let mut history = History::default();
        // As the daemon does: observe after every input and every wake-up.
        let mut step = |engine: &mut Engine, input: Option<Input>, now: Time| {
            match input {
                Some(input) => engine.handle(input, now).unwrap(),
                None => engine.handle_timeout(now),
            }
            let actions: Vec<Timed> = std::iter::from_fn(|| engine.poll_action()).collect();
            for record in tracker.observe(engine, &actions, now) {
                history.apply(&record);
            }
        };
        step(&mut engine, Some(Input::Active), t(2, 9, 0));
        step(&mut engine, Some(Input::Command(Command::Pause { until: None })), t(2, 9, 10));
        step(&mut engine, Some(Input::Idle { since: t(2, 9, 12) }), t(2, 9, 13));
        step(&mut engine, Some(Input::Command(Command::Resume)), t(2, 9, 30));
        // Input stops at 09:40 and the gap becomes away at 09:43, dated back to 09:40.
        step(&mut engine, Some(Input::Active), t(2, 9, 31));
        step(&mut engine, Some(Input::Idle { since: t(2, 9, 40) }), t(2, 9, 41));
        step(&mut engine, None, t(2, 9, 43));
        step(&mut engine, Some(Input::Active), t(2, 9, 50));
        let periods: Vec<(PeriodKind, Time, Time)> = history.periods.iter().map(|p| (p.kind, p.start, p.end)).collect();
        assert_eq!(
            periods,
            [
                (PeriodKind::Sitting, t(2, 9, 0), t(2, 9, 10)),
                (PeriodKind::Off, t(2, 9, 10), t(2, 9, 30)),
                (PeriodKind::Away, t(2, 9, 30), t(2, 9, 31)),
                (PeriodKind::Sitting, t(2, 9, 31), t(2, 9, 40)),
                (PeriodKind::Away, t(2, 9, 40), t(2, 9, 50)),
            ]
        );
    }

    #[test]
    fn an_open_reminder_survives_forgetting_the_day_before() {
        let mut h = History::default();
        h.apply(&Record::Break { at: t(2, 9, 0), kind: Kind::Micro, outcome: Outcome::Natural });
        h.apply(&Record::Reminder { at: t(2, 23, 59), kind: Kind::Rest, tip: None, requested: false });
        h.forget_before(t(3, 0, 0));
        assert_eq!(h.breaks.len(), 1);
        h.apply(&Record::Resolve { at: t(3, 0, 5), outcome: Outcome::Taken });
        assert_eq!(h.breaks[0].outcome, Some(Outcome::Taken));
        assert_eq!(h.pending, None);
    }
}
