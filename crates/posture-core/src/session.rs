//! The one driver-facing type: the engine, the meeting sources and the time policy together.
//!
//! The daemon, `posture simulate`, the history replay and the tests all drive posture through a
//! [`Session`], as quinn drives quinn-proto's connection: feed what happened with
//! [`Session::handle`], wake it at [`Session::next_deadline`] with [`Session::handle_timeout`],
//! and carry out what [`Session::poll_action`] returns. The session keeps the engine's meeting in
//! line with the meeting sources before every input and every wake, so no caller can forget to.
//!
//! **Time.** Every instant comes with a [`Stamp`]. The daemon stamps with two clocks: the wall
//! clock, which gives instants their meaning (schedules, days, calendars) but can be set, and a
//! steady clock that counts real time, suspend included, and is never set (Linux's
//! `CLOCK_BOOTTIME`). Comparing the two tells a clock change from time passing:
//! - a wall clock that moved more than [`CLOCK_SET_TOLERANCE`] away from where the steady clock
//!   says it should be was set: the engine's instants shift with it and every duration is kept
//!   (the next break is as far away as before, nothing fires in a burst);
//! - a stamp whose steady reading is older than one already handled was made by another task
//!   before the latest event: it happened "now", not in the past.
//!
//! Traces and tests have only wall instants ([`Stamp::wall`]); there an earlier instant means
//! the clock was set back, and the engine shifts by the difference.

use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::engine::{Command, Engine, Input, Rejected, Status, Timed};
use crate::meeting_sources::{Meetings, Source};
use crate::time::{Time, micros};
use crate::tips::Catalogue;

/// A wall clock that strays further than this from the steady clock was set, rather than
/// slewed by time synchronisation or read a moment apart from the steady clock.
pub const CLOCK_SET_TOLERANCE: Duration = Duration::from_secs(2);

/// When something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The wall-clock instant.
    pub wall: Time,
    /// Real time since a fixed point, counting suspend and never set; `None` where only wall
    /// instants exist (traces, recorded history).
    pub steady: Option<Duration>,
}

impl Stamp {
    /// A stamp with only a wall instant.
    pub fn wall(wall: Time) -> Stamp {
        Stamp { wall, steady: None }
    }
}

impl From<Time> for Stamp {
    fn from(wall: Time) -> Stamp {
        Stamp::wall(wall)
    }
}

/// The wall and steady readings of the newest stamp handled.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    wall: Time,
    steady: Duration,
}

/// The engine with its meeting sources and its clock policy; see the module documentation.
#[derive(Debug, Clone)]
pub struct Session {
    engine: Engine,
    meetings: Meetings,
    anchor: Option<Anchor>,
}

impl Session {
    /// A session around `engine`, fresh or restored. A meeting with a known end that the engine
    /// already holds is taken over as the user's own, so a restart does not end it early.
    pub fn new(engine: Engine) -> Session {
        let mut meetings = Meetings::new();
        meetings.adopt(&engine);
        meetings.configure(&engine.config().meetings);
        Session { engine, meetings, anchor: None }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn meetings(&self) -> &Meetings {
        &self.meetings
    }

    /// The session's present: the last instant it was moved to.
    pub fn now(&self) -> Time {
        self.engine.state().now
    }

    /// Applies the time policy to `stamp` and returns the instant it stands for: the stamp's
    /// wall time, shifted to the present when it is older than an event already handled. A set
    /// wall clock shifts the engine first.
    pub fn read_clock(&mut self, stamp: impl Into<Stamp>) -> Time {
        let stamp = stamp.into();
        let Some(steady) = stamp.steady else {
            return stamp.wall;
        };
        match self.anchor {
            Some(anchor) if steady < anchor.steady => return self.now(),
            Some(anchor) => {
                let expected = anchor.wall + (steady - anchor.steady);
                let set_by = stamp.wall.as_micros().saturating_sub(expected.as_micros());
                if set_by.unsigned_abs() > micros(CLOCK_SET_TOLERANCE) as u64 {
                    self.engine.shift_clock(set_by);
                    self.meetings.shift_clock(set_by);
                }
            }
            None => {}
        }
        self.anchor = Some(Anchor { wall: stamp.wall, steady });
        stamp.wall.max(self.now())
    }

    /// Feeds one input. Meeting commands go through the meeting sources, so the user's meeting
    /// and the automatic ones combine; the engine refuses only commands that cannot apply.
    pub fn handle(&mut self, input: Input, at: impl Into<Stamp>) -> Result<(), Rejected> {
        let now = self.read_clock(at);
        if let Input::Command(command @ (Command::MeetingStart { .. } | Command::MeetingEnd)) = &input {
            self.meetings.command(command, now);
            self.meetings.sync(&mut self.engine, now);
            return Ok(());
        }
        // Meetings first: one that starts now holds a reminder falling due at this instant.
        self.meetings.sync(&mut self.engine, now);
        self.engine.handle(input, now)
    }

    /// Wakes the session at (or after) [`Session::next_deadline`].
    pub fn handle_timeout(&mut self, now: impl Into<Stamp>) {
        let now = self.read_clock(now);
        self.meetings.sync(&mut self.engine, now);
        self.engine.handle_timeout(now);
    }

    /// An automatic meeting source turned on or off.
    pub fn meeting_signal(&mut self, source: Source, active: bool, at: impl Into<Stamp>) {
        let now = self.read_clock(at);
        self.meetings.signal(source, active);
        self.meetings.sync(&mut self.engine, now);
    }

    /// Replaces the calendar meetings (`[start, end)` instants) after the calendars were read.
    pub fn set_calendar(&mut self, intervals: Vec<(Time, Time)>, at: impl Into<Stamp>) {
        let now = self.read_clock(at);
        self.meetings.set_calendar(intervals);
        self.meetings.sync(&mut self.engine, now);
    }

    /// Applies a reloaded configuration; the clocks keep their values.
    pub fn set_config(&mut self, config: Config, at: impl Into<Stamp>) {
        let now = self.read_clock(at);
        self.meetings.configure(&config.meetings);
        self.engine.set_config(config, now);
        self.meetings.sync(&mut self.engine, now);
    }

    pub fn set_catalogue(&mut self, catalogue: Arc<Catalogue>) {
        self.engine.set_catalogue(catalogue);
    }

    /// When the session next needs [`Session::handle_timeout`] if nothing else happens: the
    /// engine's own deadline or a meeting boundary, whichever is first.
    pub fn next_deadline(&self) -> Option<Time> {
        let meetings = self.meetings.next_deadline(self.now());
        self.engine.next_deadline().into_iter().chain(meetings).min()
    }

    /// The next action to carry out, oldest first.
    pub fn poll_action(&mut self) -> Option<Timed> {
        self.engine.poll_action()
    }

    /// The status at `now` (never before the present), without changing anything.
    pub fn status(&self, now: Time) -> Status {
        self.engine.status(now.max(self.now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Action, Mode};
    use crate::time::Zone;

    const MINUTE: Duration = Duration::from_secs(60);

    fn wall(minutes: i64) -> Time {
        Time::from_micros(1_772_438_400_000_000 + minutes * 60_000_000)
    }

    /// A stamp `minutes` into the run by the steady clock, on a wall clock set `set_by` minutes.
    fn stamp(minutes: i64, set_by: i64) -> Stamp {
        Stamp { wall: wall(minutes + set_by), steady: Some(MINUTE * minutes as u32) }
    }

    fn session() -> Session {
        let engine = Engine::new(Config::default(), Arc::new(Catalogue::builtin()), Zone::utc(), wall(0), 1);
        let mut session = Session::new(engine);
        session.handle(Input::Active, stamp(0, 0)).unwrap();
        session
    }

    fn due(session: &mut Session) -> Vec<Time> {
        std::iter::from_fn(|| session.poll_action())
            .filter(|t| matches!(t.action, Action::BreakDue { .. }))
            .map(|t| t.at)
            .collect()
    }

    #[test]
    fn a_clock_set_back_keeps_the_sitting_time_and_the_next_break() {
        let mut s = session();
        let ten = s.read_clock(stamp(10, 0));
        let before = s.status(ten);
        // Ten minutes in, the wall clock is set back an hour.
        let now = s.read_clock(stamp(10, -60));
        assert_eq!(now, wall(-50));
        let after = s.status(now);
        assert_eq!(after.sitting, before.sitting);
        assert_eq!(after.next_break, before.next_break);
        // The micro break comes after 25 minutes of sitting, by the new clock.
        let deadline = s.next_deadline().unwrap();
        assert_eq!(deadline, wall(25 - 60));
        s.handle_timeout(stamp(25, -60));
        assert_eq!(due(&mut s), vec![wall(25 - 60)]);
    }

    #[test]
    fn a_clock_set_forward_is_not_time_spent_sitting() {
        let mut s = session();
        s.handle(Input::Active, stamp(10, 0)).unwrap();
        let now = s.read_clock(stamp(11, 180));
        let status = s.status(now);
        assert_eq!(status.mode, Mode::Active);
        assert_eq!(status.sitting[0], MINUTE * 11);
        s.handle_timeout(stamp(25, 180));
        assert_eq!(due(&mut s), vec![wall(25 + 180)], "one reminder, at 25 minutes of sitting");
    }

    #[test]
    fn a_stamp_older_than_the_present_means_now() {
        let mut s = session();
        s.handle_timeout(stamp(5, 0));
        // Made by another task before the timeout was handled.
        assert_eq!(s.read_clock(Stamp { wall: wall(4), steady: Some(MINUTE * 4) }), wall(5));
        assert_eq!(s.status(wall(5)).sitting[0], MINUTE * 5);
    }

    #[test]
    fn suspend_counts_as_time_passing() {
        let mut s = session();
        s.handle(Input::Suspend, stamp(10, 0)).unwrap();
        // The steady clock counts the 40 minutes asleep, like the wall clock.
        s.handle(Input::Wake, stamp(50, 0)).unwrap();
        s.handle(Input::Active, stamp(50, 0)).unwrap();
        let status = s.status(wall(50));
        assert_eq!(status.sitting[0], Duration::ZERO, "a long suspend is a natural break");
    }

    #[test]
    fn wall_only_stamps_going_back_shift_the_engine() {
        let mut s = session();
        s.handle(Input::Active, wall(10)).unwrap();
        s.handle_timeout(wall(-50));
        assert_eq!(s.now(), wall(-50));
        assert_eq!(s.status(wall(-50)).sitting[0], MINUTE * 10);
    }

    #[test]
    fn a_meeting_deadline_is_the_sessions_deadline() {
        let mut s = session();
        s.set_calendar(vec![(wall(20), wall(40))], stamp(1, 0));
        assert_eq!(s.next_deadline(), Some(wall(20)));
        s.handle_timeout(stamp(20, 0));
        assert_eq!(s.status(wall(20)).mode, Mode::Meeting);
        assert_eq!(due(&mut s), vec![]);
    }
}
