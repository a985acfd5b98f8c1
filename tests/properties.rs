//! Property tests: random configurations and random days of input, checked against the
//! engine's invariants, driven through a `Session` woken at every `next_deadline`, as the
//! daemon does.
//!
//! Invariants:
//! - no reminder while paused, snoozed, in a meeting or outside the schedule;
//! - never two reminders for one kind closer than `repeat_after`;
//! - sitting is never negative;
//! - a suspend as long as a rest break is never followed by a reminder before a full micro
//!   interval of sitting;
//! - every reminder ends in exactly one outcome, and answers only close the reminder they answer;
//! - `next_deadline` is never late: every action happens at the instant the engine was woken.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveTime};
use proptest::prelude::*;

use posture::core::Kind;
use posture::core::config::{BreakSettings, Config, Hours, Language, Schedule};
use posture::core::engine::{Action, Answer, Command, Engine, Input, MEETING_END_GRACE};
use posture::core::session::Session;
use posture::core::time::{Time, Zone};
use posture::core::tips::Catalogue;

#[derive(Debug, Clone)]
enum Op {
    Active,
    Idle,
    Lock,
    Unlock,
    Suspend,
    Resume,
    Snooze(u64),
    Pause(Option<u64>),
    ResumeCommand,
    Skip,
    Break(Kind),
    MeetingStart(Option<u64>),
    MeetingEnd,
    Answer(Answer),
}

fn op() -> impl Strategy<Value = Op> {
    let kind = prop_oneof![Just(Kind::Micro), Just(Kind::Rest)];
    prop_oneof![
        8 => Just(Op::Active),
        6 => Just(Op::Idle),
        2 => Just(Op::Lock),
        2 => Just(Op::Unlock),
        1 => Just(Op::Suspend),
        1 => Just(Op::Resume),
        1 => (60u64..3600).prop_map(Op::Snooze),
        1 => proptest::option::of(60u64..7200).prop_map(Op::Pause),
        1 => Just(Op::ResumeCommand),
        1 => Just(Op::Skip),
        1 => kind.prop_map(Op::Break),
        1 => proptest::option::of(300u64..7200).prop_map(Op::MeetingStart),
        1 => Just(Op::MeetingEnd),
        3 => prop_oneof![Just(Answer::Done), Just(Answer::Snooze), Just(Answer::Skip)].prop_map(Op::Answer),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (
        (120u64..3600, 10u64..120),
        (60u64..3600, 60u64..900),
        30u64..600,
        60u64..900,
        60u64..1800,
        proptest::option::of(3600u64..36_000),
        any::<bool>(),
        proptest::option::of(10u64..300),
    )
        .prop_map(
            |((micro_every, micro_len), (rest_extra, rest_len), away, repeat, snooze, daily, office, warn)| {
                let micro = BreakSettings {
                    every: Duration::from_secs(micro_every),
                    duration: Duration::from_secs(micro_len.min(micro_every - 1)),
                };
                let rest_every = micro_every + rest_extra;
                let rest = BreakSettings {
                    every: Duration::from_secs(rest_every),
                    duration: Duration::from_secs(rest_len.min(rest_every - 1)),
                };
                let schedule = if office {
                    let time = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
                    Schedule {
                        days: [true, true, true, true, true, false, false],
                        hours: Some(Hours { start: time(8), end: time(18) }),
                    }
                } else {
                    Schedule { days: [true; 7], hours: None }
                };
                Config {
                    language: Language::En,
                    micro,
                    rest,
                    daily_limit: daily.map(Duration::from_secs),
                    away_after: Duration::from_secs(away),
                    repeat_after: Duration::from_secs(repeat),
                    snooze: Duration::from_secs(snooze),
                    schedule,
                    focus: Vec::new(),
                    extra_tips: None,
                    meetings: Config::default().meetings,
                    tray: true,
                    warn_before: warn.map(Duration::from_secs),
                    notifications: Config::default().notifications,
                    break_screen: Config::default().break_screen,
                }
            },
        )
}

/// Gaps between inputs: mostly seconds to minutes, sometimes hours (a night, a long suspend).
fn gap() -> impl Strategy<Value = u64> {
    prop_oneof![8 => 1u64..600, 3 => 600u64..3600, 1 => 3600u64..30_000]
}

/// Holds as the test sees them from its own inputs, independently of the engine.
#[derive(Default)]
struct Holds {
    snoozed: Option<(Time, Time)>,
    paused: Option<(Time, Option<Time>)>,
    meeting: Option<(Time, Option<Time>)>,
    meeting_grace: Option<Time>,
}

struct Run {
    session: Session,
    zone: Zone,
    config: Config,
    /// (at, action) in order.
    log: Vec<(Time, Action)>,
    /// Reminder times that broke a hold, with the reason.
    violations: Vec<String>,
    holds: Holds,
    pending: Option<Kind>,
    /// After a long suspend: reminders are forbidden until this instant.
    quiet_until: Option<Time>,
    suspended_at: Option<Time>,
    /// A reminder was already pending when the suspend began, so it may legitimately repeat.
    pending_at_suspend: bool,
}

impl Run {
    fn new(config: Config) -> Run {
        let zone = Zone::Fixed(chrono::FixedOffset::east_opt(3600).unwrap());
        let start = Time::from_chrono(&DateTime::parse_from_rfc3339("2026-03-02T07:00:00+01:00").unwrap());
        let session = Session::new(Engine::new(config.clone(), Arc::new(Catalogue::builtin()), zone, start, 42));
        Run {
            session,
            zone,
            config,
            log: Vec::new(),
            violations: Vec::new(),
            holds: Holds::default(),
            pending: None,
            quiet_until: None,
            suspended_at: None,
            pending_at_suspend: false,
        }
    }

    fn expire_holds(&mut self, now: Time) {
        let h = &mut self.holds;
        if h.snoozed.is_some_and(|(_, until)| until <= now) {
            h.snoozed = None;
        }
        if h.paused.is_some_and(|(_, until)| until.is_some_and(|u| u <= now)) {
            h.paused = None;
        }
        if let Some((_, Some(until))) = h.meeting
            && until <= now
        {
            h.meeting = None;
            h.meeting_grace = Some(until + MEETING_END_GRACE);
        }
        if h.meeting_grace.is_some_and(|g| g <= now) {
            h.meeting_grace = None;
        }
    }

    fn drain(&mut self, now: Time) -> Result<(), TestCaseError> {
        while let Some(timed) = self.session.poll_action() {
            prop_assert_eq!(timed.at, now, "action {:?} happened before the engine was woken", timed.action);
            self.check(timed.at, &timed.action)?;
            self.log.push((timed.at, timed.action));
        }
        let s = self.session.engine().state();
        prop_assert!(s.sitting.iter().chain(s.provisional.iter()).all(|v| *v >= 0), "negative sitting: {:?}", s);
        prop_assert!(s.today >= 0 && s.provisional_today >= 0, "negative daily sitting: {:?}", s);
        Ok(())
    }

    fn check(&mut self, at: Time, action: &Action) -> Result<(), TestCaseError> {
        self.expire_holds(at);
        // The warning before a break is held like the reminders themselves.
        let is_reminder = matches!(
            action,
            Action::BreakDue { requested: false, .. } | Action::DailyLimit { .. } | Action::BreakSoon { .. }
        );
        if is_reminder {
            let h = &self.holds;
            let inside = |start: Time, end: Option<Time>| at > start && end.is_none_or(|e| at < e);
            if h.snoozed.is_some_and(|(s, e)| inside(s, Some(e))) {
                self.violations.push(format!("{action:?} at {at:?} while snoozed"));
            }
            if h.paused.is_some_and(|(s, e)| inside(s, e)) {
                self.violations.push(format!("{action:?} at {at:?} while paused"));
            }
            if h.meeting.is_some_and(|(s, e)| inside(s, e)) || h.meeting_grace.is_some_and(|g| at < g) {
                self.violations.push(format!("{action:?} at {at:?} during a meeting"));
            }
            if !self.zone.in_schedule(&self.config.schedule, at) {
                self.violations.push(format!("{action:?} at {at:?} outside the schedule"));
            }
            if matches!(action, Action::BreakDue { .. }) && self.quiet_until.is_some_and(|q| at < q) {
                self.violations.push(format!("{action:?} at {at:?} right after a long suspend"));
            }
        }
        match *action {
            Action::BreakDue { kind, repeat: 0, .. } => {
                prop_assert_eq!(self.pending, None, "a new reminder while another was pending");
                self.pending = Some(kind);
            }
            Action::BreakDue { kind, .. } => prop_assert_eq!(self.pending, Some(kind), "a repeat of nothing"),
            Action::BreakTaken { kind, natural: false }
            | Action::BreakWithdrawn { kind, .. }
            | Action::BreakSnoozed { kind: Some(kind), .. } => {
                prop_assert_eq!(self.pending, Some(kind), "{:?} closed a reminder that was not pending", action);
                self.pending = None;
            }
            Action::BreakTaken { kind, natural: true } => {
                prop_assert_ne!(self.pending, Some(kind), "a pending break counted as natural");
            }
            Action::BreakSkipped { kind } if self.pending == Some(kind) => self.pending = None,
            _ => {}
        }
        Ok(())
    }

    fn apply(&mut self, op: &Op, now: Time) -> Result<(), TestCaseError> {
        let input = match *op {
            Op::Active => Input::Active,
            Op::Idle => Input::Idle { since: now },
            Op::Lock => Input::Lock,
            Op::Unlock => Input::Unlock,
            Op::Suspend => Input::Suspend,
            Op::Resume => Input::Wake,
            Op::Snooze(s) => Input::Command(Command::Snooze(Some(Duration::from_secs(s)))),
            Op::Pause(s) => Input::Command(Command::Pause { until: s.map(|s| now + Duration::from_secs(s)) }),
            Op::ResumeCommand => Input::Command(Command::Resume),
            Op::Skip => Input::Command(Command::Skip),
            Op::Break(kind) => Input::Command(Command::Break(kind)),
            Op::MeetingStart(s) => {
                Input::Command(Command::MeetingStart { until: s.map(|s| now + Duration::from_secs(s)) })
            }
            Op::MeetingEnd => Input::Command(Command::MeetingEnd),
            Op::Answer(a) => Input::Answer(a),
        };
        // Holds the input creates start at `now`; reminders at `now` came before it.
        match *op {
            Op::Snooze(s) => self.holds.snoozed = Some((now, now + Duration::from_secs(s))),
            Op::Answer(Answer::Snooze) => self.holds.snoozed = Some((now, now + self.config.snooze)),
            Op::Pause(s) => self.holds.paused = Some((now, s.map(|s| now + Duration::from_secs(s)))),
            Op::ResumeCommand => {
                self.holds.paused = None;
                self.holds.snoozed = None;
            }
            Op::MeetingStart(s) => {
                let start = self.holds.meeting.map_or(now, |(start, _)| start);
                self.holds.meeting = Some((start, s.map(|s| now + Duration::from_secs(s))));
                self.holds.meeting_grace = None;
            }
            Op::MeetingEnd if self.holds.meeting.is_some() => {
                self.holds.meeting = None;
                self.holds.meeting_grace = Some(now + MEETING_END_GRACE);
            }
            Op::Suspend if self.suspended_at.is_none() => {
                self.suspended_at = Some(now);
                self.pending_at_suspend = self.pending.is_some();
            }
            // Input or an unlock ends a suspend too: the engine takes it as a missed resume signal.
            Op::Resume | Op::Active | Op::Unlock => {
                if let Some(start) = self.suspended_at.take()
                    && now.since(start) >= self.config.rest.duration
                    && !self.pending_at_suspend
                {
                    self.quiet_until = Some(now + self.config.micro.every);
                }
            }
            _ => {}
        }
        self.session.handle(input, now).map_err(|e| TestCaseError::fail(e.to_string()))?;
        self.drain(now)?;
        if matches!(op, Op::Break(_)) {
            // A break the user asks for is not a reminder; it may come at any time.
            self.quiet_until = None;
        }
        Ok(())
    }

    fn advance_to(&mut self, now: Time) -> Result<(), TestCaseError> {
        while let Some(deadline) = self.session.next_deadline().filter(|d| *d <= now) {
            prop_assert!(deadline > self.session.engine().state().now, "deadline not in the future");
            self.session.handle_timeout(deadline);
            self.drain(deadline)?;
        }
        self.session.handle_timeout(now);
        self.drain(now)
    }
}

proptest! {
    #[test]
    fn engine_invariants_hold_over_random_days(
        config in config(),
        steps in proptest::collection::vec((gap(), op()), 1..150),
    ) {
        let mut run = Run::new(config.clone());
        let mut now = run.session.engine().state().now;
        for (gap, op) in &steps {
            now = now + Duration::from_secs(*gap);
            run.advance_to(now)?;
            run.apply(op, now)?;
        }
        prop_assert!(run.violations.is_empty(), "{:#?}", run.violations);
        let engine_pending = run.session.engine().state().pending.as_ref().map(|p| p.kind);
        prop_assert_eq!(run.pending, engine_pending);

        for kind in Kind::ALL {
            let times: Vec<Time> = run
                .log
                .iter()
                .filter(|(_, a)| matches!(a, Action::BreakDue { kind: k, requested: false, .. } if *k == kind))
                .map(|(t, _)| *t)
                .collect();
            for pair in times.windows(2) {
                prop_assert!(
                    pair[1].since(pair[0]) >= config.repeat_after,
                    "{kind} reminded at {:?} and again at {:?}", pair[0], pair[1]
                );
            }
        }
    }

    /// The clock going back never produces reminders by itself, and sitting stays sane.
    #[test]
    fn clock_going_back_is_harmless(
        config in config(),
        back in 1u64..7200,
    ) {
        let mut run = Run::new(config.clone());
        let start = run.session.engine().state().now;
        run.apply(&Op::Active, start)?;
        let later = start + Duration::from_secs(600);
        run.advance_to(later)?;
        let before = run.log.len();
        let jumped = later - Duration::from_secs(back);
        run.session.handle_timeout(jumped);
        prop_assert!(run.session.poll_action().is_none());
        prop_assert_eq!(run.log.len(), before);
        prop_assert_eq!(run.session.engine().state().now, jumped);
        prop_assert!(run.session.engine().state().sitting.iter().all(|v| *v >= 0));
    }
}
