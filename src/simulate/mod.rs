//! `posture simulate`: replay a trace of a day through the break engine and report what posture
//! would have done.
//!
//! The replay drives a [`Session`] exactly as the daemon does: it wakes it at every
//! [`Session::next_deadline`] before the next trace line, then feeds the line as an input. The
//! output is one [`Event`] per engine action, in time order, plus a `day` summary per local day.
//! Event names and fields are public interface (documented in README).

pub mod history;
pub mod trace;

use chrono::{FixedOffset, NaiveDate};
use serde::Serialize;
use std::sync::Arc;

use crate::core::command;
use crate::core::config::Config;
use crate::core::engine::{Action, Command, Engine, Input, Timed, WithdrawReason};
use crate::core::session::Session;
use crate::core::time::{Time, Zone};
use crate::core::tips::Catalogue;
use crate::core::{Kind, Lang};
use trace::{InputState, MeetingEdge, SessionEdge, TraceEvent, TraceLine};

/// One line of simulation output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// RFC 3339, in the trace's offset.
    pub at: String,
    #[serde(flatten)]
    pub what: What,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum What {
    BreakDue {
        kind: Kind,
        tip: Option<String>,
        text: Option<String>,
        #[serde(skip_serializing_if = "is_zero")]
        repeat: u32,
        #[serde(skip_serializing_if = "is_false")]
        requested: bool,
    },
    /// A quiet warning that a break falls due in `due_in_seconds` if sitting goes on.
    BreakSoon {
        kind: Kind,
        due_in_seconds: u64,
    },
    BreakTaken {
        kind: Kind,
        natural: bool,
    },
    BreakSkipped {
        kind: Kind,
    },
    BreakSnoozed {
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<Kind>,
        until: String,
    },
    BreakWithdrawn {
        kind: Kind,
        reason: WithdrawReason,
    },
    DailyLimit {
        sitting_seconds: u64,
    },
    Paused {
        until: Option<String>,
    },
    Resumed,
    MeetingStarted {
        until: Option<String>,
    },
    MeetingEnded,
    /// A trace command the engine could not apply (e.g. an interval shorter than the break).
    CommandRejected {
        line: usize,
        reason: String,
    },
    /// The totals of one local day, emitted when the day ends or the trace does.
    Day {
        date: NaiveDate,
        sitting_seconds: u64,
        reminders: u32,
        taken: u32,
        natural: u32,
        skipped: u32,
        snoozed: u32,
    },
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Replays `trace` and returns what posture would do. `seed` fixes the tip order.
pub fn run(config: Config, catalogue: Arc<Catalogue>, lang: Lang, trace: &[TraceLine], seed: u64) -> Vec<Event> {
    run_with_calendar(config, catalogue, lang, trace, seed, Vec::new())
}

/// [`run`], with calendar meetings (`[start, end)` instants) held as the daemon holds them.
pub fn run_with_calendar(
    config: Config,
    catalogue: Arc<Catalogue>,
    lang: Lang,
    trace: &[TraceLine],
    seed: u64,
    calendar: Vec<(Time, Time)>,
) -> Vec<Event> {
    let mut events = Vec::new();
    let collected: Result<(), std::convert::Infallible> =
        stream(config, catalogue, lang, trace, seed, calendar, |event| {
            events.push(event);
            Ok(())
        });
    let Ok(()) = collected;
    events
}

/// [`run_with_calendar`], handing each event to `emit` as it happens rather than holding them
/// all, so a long trace prints as it goes. The first error from `emit` ends the replay.
pub fn stream<E>(
    config: Config,
    catalogue: Arc<Catalogue>,
    lang: Lang,
    trace: &[TraceLine],
    seed: u64,
    calendar: Vec<(Time, Time)>,
    emit: impl FnMut(Event) -> Result<(), E>,
) -> Result<(), E> {
    let Some(first) = trace.first() else {
        return Ok(());
    };
    let offset = *first.at.offset();
    let zone = Zone::Fixed(offset);
    let start = Time::from_chrono(&first.at);
    let mut session = Session::new(Engine::new(config, catalogue, zone, start, seed));
    session.set_calendar(calendar, start);
    let day = DayTotals::new(zone.local(start).date());
    let mut replay = Replay { session, zone, offset, lang, emit, failed: None, day };
    for line in trace {
        if replay.failed.is_some() {
            break;
        }
        let at = Time::from_chrono(&line.at);
        replay.run_until(at);
        replay.close_days_before(at);
        match input_for(line, at, &zone) {
            Ok(input) => {
                if let Err(rejected) = replay.session.handle(input, at) {
                    replay.push(at, What::CommandRejected { line: line.line, reason: rejected.to_string() });
                }
            }
            Err(reason) => replay.push(at, What::CommandRejected { line: line.line, reason }),
        }
        replay.drain();
    }
    let end = Time::from_chrono(&trace[trace.len() - 1].at);
    replay.close_day(end);
    replay.failed.map_or(Ok(()), Err)
}

fn input_for(line: &TraceLine, at: Time, zone: &Zone) -> Result<Input, String> {
    Ok(match &line.event {
        TraceEvent::Input(InputState::Active) => Input::Active,
        TraceEvent::Input(InputState::None) => Input::Idle { since: at },
        TraceEvent::Session(SessionEdge::Lock) => Input::Lock,
        TraceEvent::Session(SessionEdge::Unlock) => Input::Unlock,
        TraceEvent::Session(SessionEdge::Suspend) => Input::Suspend,
        TraceEvent::Session(SessionEdge::Resume) => Input::Wake,
        TraceEvent::Meeting(MeetingEdge::Start) => Input::Command(Command::MeetingStart { until: None }),
        TraceEvent::Meeting(MeetingEdge::End) => Input::Command(Command::MeetingEnd),
        TraceEvent::Command(words) => Input::Command(command::parse(words, at, zone).map_err(|e| e.to_string())?),
        TraceEvent::Notification(answer) => Input::Answer(*answer),
    })
}

struct DayTotals {
    date: NaiveDate,
    reminders: u32,
    taken: u32,
    natural: u32,
    skipped: u32,
    snoozed: u32,
}

impl DayTotals {
    fn new(date: NaiveDate) -> DayTotals {
        DayTotals { date, reminders: 0, taken: 0, natural: 0, skipped: 0, snoozed: 0 }
    }
}

struct Replay<F, E> {
    session: Session,
    zone: Zone,
    offset: FixedOffset,
    lang: Lang,
    emit: F,
    /// The first error `emit` returned; nothing more is emitted after it.
    failed: Option<E>,
    day: DayTotals,
}

impl<F: FnMut(Event) -> Result<(), E>, E> Replay<F, E> {
    /// Wakes the session at each deadline up to `at`, as the daemon's timer would.
    fn run_until(&mut self, at: Time) {
        while let Some(deadline) = self.session.next_deadline().filter(|d| *d <= at) {
            self.close_days_before(deadline);
            self.session.handle_timeout(deadline);
            self.drain();
        }
        self.close_days_before(at);
    }

    /// Summarises every day that ends before `t`, while the engine still stands in it.
    fn close_days_before(&mut self, t: Time) {
        loop {
            let next_day = self.zone.instant(self.day.date.and_time(chrono::NaiveTime::MIN));
            let next_day = self.zone.next_midnight(next_day);
            if t < next_day {
                return;
            }
            self.close_day(next_day.shifted(-1));
        }
    }

    fn drain(&mut self) {
        while let Some(Timed { at, action }) = self.session.poll_action() {
            let what = self.describe(action);
            self.push(at, what);
        }
    }

    fn push(&mut self, at: Time, what: What) {
        match &what {
            What::BreakDue { requested: false, .. } => self.day.reminders += 1,
            What::BreakTaken { natural: false, .. } => self.day.taken += 1,
            What::BreakTaken { natural: true, .. } => self.day.natural += 1,
            What::BreakSkipped { .. } => self.day.skipped += 1,
            What::BreakSnoozed { kind: Some(_), .. } => self.day.snoozed += 1,
            _ => {}
        }
        let event = Event { at: self.stamp(at), what };
        self.send(event);
    }

    /// Emits the summary of the current day as it stands at `at` (the day's last instant, or
    /// the end of the trace) and starts the next day. `status` looks ahead without moving the
    /// engine, so this never changes what the replay does.
    fn close_day(&mut self, at: Time) {
        let sitting = self.session.status(at).today_sitting;
        let date = self.day.date;
        let totals = std::mem::replace(&mut self.day, DayTotals::new(date.succ_opt().unwrap_or(date)));
        self.send(Event {
            at: self.stamp(at),
            what: What::Day {
                date,
                // Measured a microsecond before midnight: round, don't truncate.
                sitting_seconds: ((sitting.as_micros() + 500_000) / 1_000_000) as u64,
                reminders: totals.reminders,
                taken: totals.taken,
                natural: totals.natural,
                skipped: totals.skipped,
                snoozed: totals.snoozed,
            },
        });
    }

    fn send(&mut self, event: Event) {
        if self.failed.is_none()
            && let Err(e) = (self.emit)(event)
        {
            self.failed = Some(e);
        }
    }

    fn stamp(&self, at: Time) -> String {
        at.to_utc().with_timezone(&self.offset).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }

    fn describe(&self, action: Action) -> What {
        let stamp = |t: Time| self.stamp(t);
        match action {
            Action::BreakDue { kind, tip, repeat, requested } => {
                let text = tip
                    .as_deref()
                    .and_then(|id| self.session.engine().catalogue().get(id))
                    .map(|t| t.text(self.lang).to_string());
                What::BreakDue { kind, tip, text, repeat, requested }
            }
            Action::BreakSoon { kind, due_in } => What::BreakSoon { kind, due_in_seconds: due_in.as_secs() },
            Action::BreakTaken { kind, natural } => What::BreakTaken { kind, natural },
            Action::BreakSkipped { kind } => What::BreakSkipped { kind },
            Action::BreakSnoozed { kind, until } => What::BreakSnoozed { kind, until: stamp(until) },
            Action::BreakWithdrawn { kind, reason } => What::BreakWithdrawn { kind, reason },
            Action::DailyLimit { sitting } => What::DailyLimit { sitting_seconds: sitting.as_secs() },
            Action::Paused { until } => What::Paused { until: until.map(stamp) },
            Action::Resumed => What::Resumed,
            Action::MeetingStarted { until } => What::MeetingStarted { until: until.map(stamp) },
            Action::MeetingEnded => What::MeetingEnded,
        }
    }
}
