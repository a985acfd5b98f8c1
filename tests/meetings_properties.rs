//! Property tests of the meeting sources combined (`core::meetings`) driving the engine the
//! way the daemon and `posture simulate` do: random calendars, camera, microphone and
//! do-not-disturb switching, the user's `meeting start|end`, and random input.
//!
//! Invariants:
//! - after every sync, the engine is in a meeting exactly when some source says so;
//! - no reminder while a source holds a meeting, nor within `MEETING_END_GRACE` after one ends;
//! - the loop wakes at every calendar boundary, never late;
//! - a break that came due during a meeting and still is due when it ends, with nothing else
//!   holding reminders, is offered within a minute after the meeting ends.

use std::sync::Arc;
use std::time::Duration;

use chrono::DateTime;
use proptest::prelude::*;

use posture::core::config::Config;
use posture::core::engine::{Action, Command, Engine, Input, MEETING_END_GRACE};
use posture::core::meetings::Meetings;
use posture::core::time::{Time, Zone};
use posture::core::tips::Catalogue;

#[derive(Debug, Clone)]
enum Op {
    Active,
    Idle,
    Camera(bool),
    Microphone(bool),
    DoNotDisturb(bool),
    MeetingStart(Option<u64>),
    MeetingEnd,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => Just(Op::Active),
        4 => Just(Op::Idle),
        2 => any::<bool>().prop_map(Op::Camera),
        1 => any::<bool>().prop_map(Op::Microphone),
        1 => any::<bool>().prop_map(Op::DoNotDisturb),
        1 => proptest::option::of(300u64..5400).prop_map(Op::MeetingStart),
        1 => Just(Op::MeetingEnd),
    ]
}

/// Calendar meetings as (start offset, length) in minutes from 07:00.
fn calendar() -> impl Strategy<Value = Vec<(u64, u64)>> {
    proptest::collection::vec((0u64..600, 5u64..120), 0..6)
}

struct Run {
    engine: Engine,
    meetings: Meetings,
    /// When the last meeting ended (for the grace), and whether a break was due then.
    ended_at: Option<Time>,
    log: Vec<(Time, Action)>,
    /// Every instant the sources were synced at.
    synced: Vec<Time>,
}

impl Run {
    fn sync(&mut self, now: Time) -> Result<(), TestCaseError> {
        self.meetings.sync(&mut self.engine, now);
        self.synced.push(now);
        let in_meeting = self.engine.state().meeting.is_some();
        prop_assert_eq!(in_meeting, self.meetings.wanted(now).is_some(), "at {:?}", now);
        Ok(())
    }

    fn drain(&mut self) -> Result<(), TestCaseError> {
        while let Some(timed) = self.engine.poll_action() {
            if let Action::BreakDue { requested: false, .. } = timed.action {
                prop_assert!(self.meetings.wanted(timed.at).is_none(), "reminder in a meeting at {:?}", timed.at);
                prop_assert!(
                    self.ended_at.is_none_or(|end| timed.at >= end + MEETING_END_GRACE),
                    "reminder at {:?}, within the grace after {:?}",
                    timed.at,
                    self.ended_at
                );
            }
            if timed.action == Action::MeetingEnded {
                self.ended_at = Some(timed.at);
            }
            self.log.push((timed.at, timed.action));
        }
        Ok(())
    }

    /// As the daemon's loop: wake at every deadline, meetings first.
    fn advance_to(&mut self, now: Time) -> Result<(), TestCaseError> {
        loop {
            let at = self.engine.state().now;
            let deadline = self
                .engine
                .next_deadline()
                .into_iter()
                .chain(self.meetings.next_deadline(at))
                .min()
                .filter(|d| *d <= now);
            let Some(deadline) = deadline else { break };
            self.sync(deadline)?;
            self.engine.handle_timeout(deadline);
            self.sync(deadline)?;
            self.drain()?;
        }
        self.sync(now)?;
        self.engine.handle_timeout(now);
        self.drain()
    }
}

proptest! {
    #[test]
    fn meeting_sources_and_the_engine_agree(
        calendar in calendar(),
        steps in proptest::collection::vec((1u64..900, op()), 1..120),
    ) {
        let start = Time::from_chrono(&DateTime::parse_from_rfc3339("2026-03-02T07:00:00+01:00").unwrap());
        let zone = Zone::Fixed(chrono::FixedOffset::east_opt(3600).unwrap());
        let mut engine = Engine::new(Config::default(), Arc::new(Catalogue::builtin()), zone, start, 7);
        engine.handle(Input::Active, start).unwrap();
        let mut meetings = Meetings::new();
        let intervals: Vec<(Time, Time)> = calendar
            .iter()
            .map(|(offset, length)| (start + Duration::from_secs(offset * 60), start + Duration::from_secs((offset + length) * 60)))
            .collect();
        meetings.set_calendar(intervals.clone());
        let mut run = Run { engine, meetings, ended_at: None, log: Vec::new(), synced: Vec::new() };
        let mut now = start;
        for (gap, op) in &steps {
            now = now + Duration::from_secs(*gap);
            run.advance_to(now)?;
            match op {
                Op::Active => run.engine.handle(Input::Active, now).unwrap(),
                Op::Idle => run.engine.handle(Input::Idle { since: now }, now).unwrap(),
                Op::Camera(on) => run.meetings.set_camera(*on),
                Op::Microphone(on) => run.meetings.set_microphone(*on),
                Op::DoNotDisturb(on) => run.meetings.set_do_not_disturb(*on),
                Op::MeetingStart(length) => {
                    let until = length.map(|l| now + Duration::from_secs(l));
                    run.meetings.command(&Command::MeetingStart { until }, now);
                }
                Op::MeetingEnd => run.meetings.command(&Command::MeetingEnd, now),
            }
            run.sync(now)?;
            run.drain()?;
        }
        // The loop was woken at every calendar boundary inside the run (adjacent or overlapping
        // events make one meeting), and the engine then agreed with the sources (checked in
        // `sync`).
        let mut sorted = intervals.clone();
        sorted.sort();
        let mut merged: Vec<(Time, Time)> = Vec::new();
        for (b, e) in sorted {
            match merged.last_mut() {
                Some(last) if b <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((b, e)),
            }
        }
        let boundaries = merged.iter().flat_map(|(b, e)| [*b, *e]).filter(|t| *t > start && *t <= now);
        for boundary in boundaries {
            prop_assert!(run.synced.contains(&boundary), "not woken at the calendar boundary {:?}", boundary);
        }
    }
}

/// The promise of the issue, over random meeting lengths: sitting through a long meeting makes
/// a rest break due, and it is offered within a minute after the meeting ends.
#[test]
fn a_break_due_in_a_meeting_comes_within_a_minute_after_it() {
    for minutes in [60u64, 75, 90, 120, 180] {
        let start = Time::from_chrono(&DateTime::parse_from_rfc3339("2026-03-02T09:00:00+01:00").unwrap());
        let zone = Zone::Fixed(chrono::FixedOffset::east_opt(3600).unwrap());
        let mut engine = Engine::new(Config::default(), Arc::new(Catalogue::builtin()), zone, start, 7);
        engine.handle(Input::Active, start).unwrap();
        let begin = start + Duration::from_secs(1800);
        let end = begin + Duration::from_secs(minutes * 60);
        let mut meetings = Meetings::new();
        meetings.set_calendar(vec![(begin, end)]);
        let mut run = Run { engine, meetings, ended_at: None, log: Vec::new(), synced: Vec::new() };
        run.advance_to(begin).unwrap();
        run.engine.handle(Input::Idle { since: begin }, begin).unwrap();
        run.advance_to(end + Duration::from_secs(60)).unwrap();
        let offered = run
            .log
            .iter()
            .find(|(t, a)| *t >= end && matches!(a, Action::BreakDue { requested: false, .. }))
            .map(|(t, _)| *t);
        assert!(offered.is_some_and(|t| t <= end + Duration::from_secs(60)), "{minutes} min: {:#?}", run.log);
    }
}
