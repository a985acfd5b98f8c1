//! Property tests of the meeting sources combined (`core::meeting_sources`) driving the engine through
//! a `Session`, as the daemon and `posture simulate` do: random calendars, camera, microphone,
//! do-not-disturb and fullscreen (switched on) switching, the user's `meeting start|end`, and random input.
//!
//! Invariants:
//! - after every step, the engine is in a meeting exactly when some source says so;
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
use posture::core::meeting_sources::Source;
use posture::core::session::Session;
use posture::core::time::{Time, Zone};
use posture::core::tips::Catalogue;

#[derive(Debug, Clone)]
enum Op {
    Active,
    Idle,
    Camera(bool),
    Microphone(bool),
    DoNotDisturb(bool),
    Fullscreen(bool),
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
        1 => any::<bool>().prop_map(Op::Fullscreen),
        1 => proptest::option::of(300u64..5400).prop_map(Op::MeetingStart),
        1 => Just(Op::MeetingEnd),
    ]
}

/// Calendar meetings as (start offset, length) in minutes from 07:00.
fn calendar() -> impl Strategy<Value = Vec<(u64, u64)>> {
    proptest::collection::vec((0u64..600, 5u64..120), 0..6)
}

struct Run {
    session: Session,
    /// When the last meeting ended (for the grace), and whether a break was due then.
    ended_at: Option<Time>,
    log: Vec<(Time, Action)>,
    /// Every instant the session was woken at.
    woken: Vec<Time>,
}

impl Run {
    fn new(session: Session) -> Run {
        Run { session, ended_at: None, log: Vec::new(), woken: Vec::new() }
    }

    fn agree(&self, now: Time) -> Result<(), TestCaseError> {
        let in_meeting = self.session.engine().state().meeting.is_some();
        prop_assert_eq!(in_meeting, self.session.meetings().wanted(now).is_some(), "at {:?}", now);
        Ok(())
    }

    fn drain(&mut self) -> Result<(), TestCaseError> {
        while let Some(timed) = self.session.poll_action() {
            if let Action::BreakDue { requested: false, .. } = timed.action {
                prop_assert!(
                    self.session.meetings().wanted(timed.at).is_none(),
                    "reminder in a meeting at {:?}",
                    timed.at
                );
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

    /// As the daemon's loop: wake at every deadline.
    fn advance_to(&mut self, now: Time) -> Result<(), TestCaseError> {
        while let Some(deadline) = self.session.next_deadline().filter(|d| *d <= now) {
            self.session.handle_timeout(deadline);
            self.woken.push(deadline);
            self.agree(deadline)?;
            self.drain()?;
        }
        self.session.handle_timeout(now);
        self.agree(now)?;
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
        let mut config = Config::default();
        config.meetings.fullscreen = true;
        let mut session = Session::new(Engine::new(config, Arc::new(Catalogue::builtin()), zone, start, 7));
        session.handle(Input::Active, start).unwrap();
        let intervals: Vec<(Time, Time)> = calendar
            .iter()
            .map(|(offset, length)| (start + Duration::from_secs(offset * 60), start + Duration::from_secs((offset + length) * 60)))
            .collect();
        session.set_calendar(intervals.clone(), start);
        let mut run = Run::new(session);
        let mut now = start;
        for (gap, op) in &steps {
            now = now + Duration::from_secs(*gap);
            run.advance_to(now)?;
            match op {
                Op::Active => run.session.handle(Input::Active, now).unwrap(),
                Op::Idle => run.session.handle(Input::Idle { since: now }, now).unwrap(),
                Op::Camera(on) => run.session.meeting_signal(Source::Camera, *on, now),
                Op::Microphone(on) => run.session.meeting_signal(Source::Microphone, *on, now),
                Op::DoNotDisturb(on) => run.session.meeting_signal(Source::DoNotDisturb, *on, now),
                Op::Fullscreen(on) => run.session.meeting_signal(Source::Fullscreen, *on, now),
                Op::MeetingStart(length) => {
                    let until = length.map(|l| now + Duration::from_secs(l));
                    run.session.handle(Input::Command(Command::MeetingStart { until }), now).unwrap();
                }
                Op::MeetingEnd => run.session.handle(Input::Command(Command::MeetingEnd), now).unwrap(),
            }
            run.agree(now)?;
            run.drain()?;
        }
        // The loop was woken at every calendar boundary inside the run (adjacent or overlapping
        // events make one meeting), and the engine then agreed with the sources (checked in
        // `agree`).
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
            prop_assert!(run.woken.contains(&boundary), "not woken at the calendar boundary {:?}", boundary);
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
        let mut session = Session::new(Engine::new(Config::default(), Arc::new(Catalogue::builtin()), zone, start, 7));
        session.handle(Input::Active, start).unwrap();
        let begin = start + Duration::from_secs(1800);
        let end = begin + Duration::from_secs(minutes * 60);
        session.set_calendar(vec![(begin, end)], start);
        let mut run = Run::new(session);
        run.advance_to(begin).unwrap();
        run.session.handle(Input::Idle { since: begin }, begin).unwrap();
        run.advance_to(end + Duration::from_secs(60)).unwrap();
        let offered = run
            .log
            .iter()
            .find(|(t, a)| *t >= end && matches!(a, Action::BreakDue { requested: false, .. }))
            .map(|(t, _)| *t);
        assert!(offered.is_some_and(|t| t <= end + Duration::from_secs(60)), "{minutes} min: {:#?}", run.log);
    }
}
