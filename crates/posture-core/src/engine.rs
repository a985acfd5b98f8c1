//! The break engine: a deterministic state machine with no I/O and no clock of its own.
//!
//! Like a sans-IO protocol implementation, the caller feeds it [`Input`]s stamped with the time
//! they happened ([`Engine::handle`]), wakes it at [`Engine::next_deadline`]
//! ([`Engine::handle_timeout`]), and drains the resulting [`Action`]s with
//! [`Engine::poll_action`]. The daemon, `posture simulate` and the tests drive this same code.
//!
//! The rules it implements:
//! - **Sitting.** Time counts while the user is present: input is ongoing, or the gap since the
//!   last input is shorter than `activity.away_after` (reading, thinking). A gap that reaches
//!   `away_after` is away for its whole length, so the sitting it had provisionally earned is
//!   dropped. Screen lock and suspend are away for their whole length, and a gap that ends in a
//!   lock belongs to the same away period.
//! - **Natural breaks.** An away period as long as a kind's `duration` restarts that kind's
//!   clock (a rest restarts the micro clock too), so nothing is due when the user comes back.
//! - **Reminders.** When a clock reaches `every` a [`Action::BreakDue`] carries a tip; `rest`
//!   wins when both are due. The break is taken when input then stops for the kind's
//!   `duration`, or on "done"; otherwise the reminder repeats every `reminders.repeat_after`,
//!   and no kind is ever reminded twice within `repeat_after`.
//! - **Warning.** `reminders.warn_before` ahead of a rest break a [`Action::BreakSoon`] warns,
//!   once per approach: the warning is armed again only when the rest clock moves back out of
//!   reach (a break restarted it, sitting was dropped, the interval grew). Holds and a pending
//!   rest reminder leave it out, and like reminders it is raised only at the instant asked for.
//! - **Holds.** Snooze holds reminders while sitting still counts; pause stops counting and
//!   reminding (natural breaks still apply); a meeting counts as sitting without input and holds
//!   reminders until [`MEETING_END_GRACE`] after it ends; outside `[schedule]` nothing counts.
//! - **Time.** A clock that jumps back shifts every stored instant with it. A jump forward or a
//!   suspend is elapsed time; reminders are only raised at the instant the engine is called for,
//!   so sleeping through hours yields one reminder, never a burst of missed repeats.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Kind;
use super::config::Config;
use super::duration::format_duration;
use super::time::{Time, Zone, micros};
use super::tips::{Catalogue, TipDeck};

/// After a meeting ends, reminders wait this long, so a call that drops and reconnects does not
/// trigger one; a break that came due during the meeting is offered right after.
pub const MEETING_END_GRACE: Duration = Duration::from_secs(30);

/// What happened, as the desktop (or a trace) reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Keyboard or mouse is in use from now on.
    Active,
    /// No input since `since` (at or before now). Idle monitors report this after a threshold.
    Idle {
        since: Time,
    },
    Lock,
    Unlock,
    Suspend,
    /// The machine woke from suspend (not the end of a pause: that is `Command::Resume`).
    Wake,
    Command(Command),
    /// The user's answer to the latest reminder.
    Answer(Answer),
}

/// What the user asked for, from the CLI, the tray or a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Take a break of this kind now.
    Break(Kind),
    /// Hold reminders for this long (`None`: `reminders.snooze`).
    Snooze(Option<Duration>),
    /// Stop counting and reminding until the given time (`None`: until resumed).
    Pause {
        until: Option<Time>,
    },
    /// End a pause or a snooze.
    Resume,
    /// Skip the pending break, or the next one if none is pending.
    Skip,
    /// Change `every` for a kind.
    Interval(Kind, Duration),
    MeetingStart {
        until: Option<Time>,
    },
    MeetingEnd,
}

/// The answers a reminder notification offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Done,
    Snooze,
    Skip,
}

/// Why a pending reminder went away without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawReason {
    /// A rest reminder replaced a micro reminder.
    Superseded,
    Meeting,
    Paused,
    OutsideSchedule,
    /// A break the user asked for and then did not take.
    Ignored,
}

/// What the engine wants done. Each [`Action::BreakDue`] that is not a repeat ends in exactly one
/// of `BreakTaken`, `BreakSkipped`, `BreakSnoozed` (with a kind) or `BreakWithdrawn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Remind the user. `repeat` counts earlier reminders for the same break; `requested` marks a
    /// break the user asked for (not a reminder).
    BreakDue {
        kind: Kind,
        tip: Option<String>,
        repeat: u32,
        requested: bool,
    },
    /// A rest break falls due `due_in` from now if sitting goes on: a quiet warning before it.
    BreakSoon {
        kind: Kind,
        due_in: Duration,
    },
    /// The break happened: after a reminder (`natural: false`) or on the user's own initiative.
    BreakTaken {
        kind: Kind,
        natural: bool,
    },
    BreakSkipped {
        kind: Kind,
    },
    /// Reminders are held until `until`; `kind` is the pending break it answered, if any.
    BreakSnoozed {
        kind: Option<Kind>,
        until: Time,
    },
    BreakWithdrawn {
        kind: Kind,
        reason: WithdrawReason,
    },
    /// Today's sitting reached `daily.limit` (once a day).
    DailyLimit {
        sitting: Duration,
    },
    Paused {
        until: Option<Time>,
    },
    Resumed,
    MeetingStarted {
        until: Option<Time>,
    },
    MeetingEnded,
}

/// An action with the instant it happened (which can lie before the `now` of the call that
/// produced it, when that call covered a stretch of time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timed {
    pub at: Time,
    pub action: Action,
}

/// A command that cannot apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("{kind}.every must be longer than {kind}.duration ({})", format_duration(*duration))]
    IntervalTooShort { kind: Kind, duration: Duration },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub kind: Kind,
    pub first_at: Time,
    pub last_at: Time,
    pub repeat: u32,
    pub tip: Option<String>,
    pub requested: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// `None`: until ended explicitly.
    pub until: Option<Time>,
}

/// Everything the engine remembers: what the daemon saves and restores. Durations are in
/// microseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub now: Time,
    /// Committed sitting per kind (indexed by [`Kind::index`]).
    pub sitting: [i64; 2],
    /// Sitting earned during the current input gap, kept only if the gap stays short.
    pub provisional: [i64; 2],
    pub today: i64,
    pub provisional_today: i64,
    pub today_date: NaiveDate,
    pub daily_announced: bool,
    /// `None` while input is ongoing; otherwise the last input.
    pub last_input: Option<Time>,
    pub away_since: Option<Time>,
    /// Kinds already restarted by the current away period.
    pub restarted: [bool; 2],
    pub locked: bool,
    pub suspended: bool,
    pub paused: Option<Hold>,
    pub snoozed_until: Option<Time>,
    pub meeting: Option<Hold>,
    pub meeting_ended_at: Option<Time>,
    pub pending: Option<Pending>,
    pub last_reminder: [Option<Time>; 2],
    pub deck: TipDeck,
    /// The coming rest break was warned about (`reminders.warn_before`). Absent from states
    /// saved before the warning existed.
    #[serde(default)]
    pub warned: bool,
}

/// What `posture status` shows, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Paused,
    OutsideSchedule,
    Meeting,
    Snoozed,
    Away,
    Active,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub mode: Mode,
    /// The break that comes next, and how much more sitting until it is due (zero when due).
    pub next_break: (Kind, Duration),
    /// A reminder the user has not answered yet.
    pub pending: Option<Kind>,
    pub sitting: [Duration; 2],
    pub today_sitting: Duration,
    pub snoozed_until: Option<Time>,
    pub paused: Option<Hold>,
    pub meeting: Option<Hold>,
}

#[derive(Debug, Clone)]
pub struct Engine {
    config: Config,
    catalogue: Arc<Catalogue>,
    zone: Zone,
    state: State,
    actions: VecDeque<Timed>,
}

impl Engine {
    /// A fresh engine at `now`, with the user present but not typing.
    pub fn new(config: Config, catalogue: Arc<Catalogue>, zone: Zone, now: Time, seed: u64) -> Engine {
        let state = State {
            now,
            sitting: [0; 2],
            provisional: [0; 2],
            today: 0,
            provisional_today: 0,
            today_date: zone.local(now).date(),
            daily_announced: false,
            last_input: Some(now),
            away_since: None,
            restarted: [false; 2],
            locked: false,
            suspended: false,
            paused: None,
            snoozed_until: None,
            meeting: None,
            meeting_ended_at: None,
            pending: None,
            last_reminder: [None; 2],
            deck: TipDeck::with_seed(seed),
            warned: false,
        };
        Engine::restore(config, catalogue, zone, state)
    }

    /// An engine continuing from saved state.
    pub fn restore(config: Config, catalogue: Arc<Catalogue>, zone: Zone, state: State) -> Engine {
        Engine { config, catalogue, zone, state, actions: VecDeque::new() }
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn catalogue(&self) -> &Arc<Catalogue> {
        &self.catalogue
    }

    /// Whether `every` is a valid interval for `kind` under the current configuration, so a
    /// caller can check before it writes the value anywhere else.
    pub fn check_interval(&self, kind: Kind, every: Duration) -> Result<(), Rejected> {
        let duration = self.config.breaks(kind).duration;
        if every <= duration { Err(Rejected::IntervalTooShort { kind, duration }) } else { Ok(()) }
    }

    /// Applies a reloaded configuration; the clocks keep their values.
    pub fn set_config(&mut self, config: Config, now: Time) {
        self.advance(now);
        self.config = config;
        self.transitions(true);
    }

    pub fn set_catalogue(&mut self, catalogue: Arc<Catalogue>) {
        self.catalogue = catalogue;
    }

    /// Feeds one input that happened at `now`.
    pub fn handle(&mut self, input: Input, now: Time) -> Result<(), Rejected> {
        if matches!(input, Input::Command(Command::MeetingStart { .. })) {
            // A meeting that starts at the instant a reminder falls due holds that reminder,
            // rather than letting it show and withdrawing it at once.
            self.advance_to(now, false);
        } else {
            self.advance(now);
        }
        let result = match input {
            Input::Active => {
                // Nobody types on a suspended machine: input means the resume signal was missed.
                self.state.suspended = false;
                if !self.state.locked {
                    self.input_resumed();
                }
                Ok(())
            }
            Input::Idle { since } => {
                self.input_stopped(since);
                Ok(())
            }
            Input::Lock => {
                self.state.locked = true;
                self.begin_away();
                Ok(())
            }
            Input::Unlock => {
                // Unlocking takes typing a password: the user is back, even if the resume
                // signal never came.
                self.state.locked = false;
                self.state.suspended = false;
                self.input_resumed();
                if self.state.meeting.is_some() {
                    self.rejoin_meeting();
                }
                Ok(())
            }
            Input::Suspend => {
                self.state.suspended = true;
                self.begin_away();
                Ok(())
            }
            Input::Wake => {
                // Waking alone is not presence; the away period lasts until input or unlock,
                // except in a meeting, where only a lock or a suspend means away.
                self.state.suspended = false;
                if !self.state.locked && self.state.meeting.is_some() {
                    self.rejoin_meeting();
                }
                Ok(())
            }
            Input::Command(command) => self.command(command),
            Input::Answer(answer) => {
                match answer {
                    Answer::Done => {
                        if let Some(pending) = self.state.pending.take() {
                            self.take_break(pending.kind, false);
                        }
                    }
                    Answer::Snooze => self.snooze(None),
                    Answer::Skip => {
                        if self.state.pending.is_some() {
                            self.skip();
                        }
                    }
                }
                Ok(())
            }
        };
        self.transitions(true);
        result
    }

    /// Wakes the engine at (or after) [`Engine::next_deadline`].
    pub fn handle_timeout(&mut self, now: Time) {
        self.advance(now);
    }

    /// The next action to carry out, oldest first.
    pub fn poll_action(&mut self) -> Option<Timed> {
        self.actions.pop_front()
    }

    /// When the engine next needs [`Engine::handle_timeout`], if nothing else happens first.
    /// Midnight is left out: the day rolls over lazily with no action to take.
    pub fn next_deadline(&self) -> Option<Time> {
        self.next_boundary(false)
    }

    /// The status at `now`, without changing the engine.
    pub fn status(&self, now: Time) -> Status {
        let mut probe = self.clone();
        probe.advance(now);
        probe.snapshot()
    }

    fn snapshot(&self) -> Status {
        let s = &self.state;
        let mode = if s.paused.is_some() {
            Mode::Paused
        } else if !self.in_schedule() {
            Mode::OutsideSchedule
        } else if s.meeting.is_some() {
            Mode::Meeting
        } else if s.snoozed_until.is_some() {
            Mode::Snoozed
        } else if s.away_since.is_some() || s.locked || s.suspended {
            Mode::Away
        } else {
            Mode::Active
        };
        let next_break = match &s.pending {
            Some(p) => (p.kind, Duration::ZERO),
            None => {
                let kind = self.next_kind();
                (kind, Duration::from_micros(self.remaining(kind).max(0) as u64))
            }
        };
        Status {
            mode,
            next_break,
            pending: s.pending.as_ref().map(|p| p.kind),
            sitting: Kind::ALL.map(|k| Duration::from_micros(self.sat(k).max(0) as u64)),
            today_sitting: Duration::from_micros((s.today + s.provisional_today).max(0) as u64),
            snoozed_until: s.snoozed_until,
            paused: s.paused,
            meeting: s.meeting,
        }
    }

    // ---- time ----

    /// Moves the engine's time to `to`, integrating sitting and firing whatever falls due on
    /// the way, one stretch of unchanging conditions at a time.
    fn advance(&mut self, to: Time) {
        self.advance_to(to, true);
    }

    /// [`Engine::advance`]; `remind: false` leaves out the reminders falling due at `to`.
    fn advance_to(&mut self, to: Time, remind: bool) {
        if to < self.state.now {
            self.rebase(to);
            return;
        }
        loop {
            // Reminders are due only at the instant the caller asked about. A caller that woke
            // at every deadline loses nothing; one that slept through hours (a suspend the
            // daemon missed, a wall-clock jump) gets one reminder, not one per missed repeat.
            let arrived = self.state.now >= to;
            self.transitions(arrived && remind);
            if arrived {
                break;
            }
            let next = self.next_boundary(true).map_or(to, |b| b.min(to));
            self.integrate(next);
            self.state.now = next;
        }
    }

    /// The wall clock went back: shift every stored instant so that durations are kept.
    fn rebase(&mut self, to: Time) {
        self.shift_clock(to.as_micros().saturating_sub(self.state.now.as_micros()));
    }

    /// The wall clock was set by `delta` microseconds (either way) without that time passing:
    /// every stored instant moves with it, so every duration is kept. Nothing is integrated and
    /// no action follows; the next input or timeout goes on from the shifted `now`.
    pub fn shift_clock(&mut self, delta: i64) {
        let shift = |t: &mut Time| *t = t.shifted(delta);
        let s = &mut self.state;
        shift(&mut s.now);
        s.last_input.iter_mut().for_each(shift);
        s.away_since.iter_mut().for_each(shift);
        s.snoozed_until.iter_mut().for_each(shift);
        s.meeting_ended_at.iter_mut().for_each(shift);
        s.last_reminder.iter_mut().flatten().for_each(shift);
        for hold in s.paused.iter_mut().chain(s.meeting.iter_mut()) {
            hold.until.iter_mut().for_each(shift);
        }
        if let Some(p) = &mut s.pending {
            shift(&mut p.first_at);
            shift(&mut p.last_at);
        }
    }

    fn integrate(&mut self, to: Time) {
        let dt = micros(to.since(self.state.now));
        if dt == 0 || !self.counting() {
            return;
        }
        let s = &mut self.state;
        if s.locked || s.suspended {
            return;
        }
        if s.meeting.is_some() || s.last_input.is_none() {
            s.sitting.iter_mut().for_each(|v| *v = v.saturating_add(dt));
            s.today = s.today.saturating_add(dt);
        } else if s.away_since.is_none() {
            s.provisional.iter_mut().for_each(|v| *v = v.saturating_add(dt));
            s.provisional_today = s.provisional_today.saturating_add(dt);
        }
    }

    /// The nearest future instant at which something may change. With `internal`, also the
    /// instants that only matter for bookkeeping (local midnight).
    fn next_boundary(&self, internal: bool) -> Option<Time> {
        let s = &self.state;
        let now = s.now;
        let mut candidates: Vec<Time> = Vec::with_capacity(16);
        if internal {
            candidates.push(self.zone.next_midnight(now));
        }
        candidates.extend(self.zone.next_schedule_change(&self.config.schedule, now));
        candidates.extend(s.paused.and_then(|p| p.until));
        candidates.extend(s.snoozed_until);
        candidates.extend(s.meeting.and_then(|m| m.until));
        candidates.extend(s.meeting_ended_at.map(|t| t + MEETING_END_GRACE));
        if let (Some(last), None, false) = (s.last_input, s.away_since, s.meeting.is_some()) {
            candidates.push(last + self.config.away_after);
        }
        if let Some(since) = self.no_input_since() {
            if let Some(p) = &s.pending {
                candidates.push(since.max(p.first_at) + self.config.breaks(p.kind).duration);
            }
            for kind in Kind::ALL {
                if !s.restarted[kind.index()] {
                    let natural_at = since + self.config.breaks(kind).duration;
                    // A gap only becomes a natural break once it is an away period.
                    let away_at = s.away_since.unwrap_or(since + self.config.away_after);
                    candidates.push(natural_at.max(away_at));
                }
            }
        }
        if let Some(p) = &s.pending {
            candidates.push(p.last_at + self.config.repeat_after);
        }
        for kind in Kind::ALL {
            candidates.extend(s.last_reminder[kind.index()].map(|t| t + self.config.repeat_after));
        }
        if self.counting() && self.sitting_grows() {
            for kind in Kind::ALL {
                let left = self.remaining(kind);
                if left > 0 {
                    candidates.push(now.shifted(left));
                }
            }
            if let Some(warn) = self.config.warn_before {
                let left = self.remaining(Kind::Rest) - micros(warn);
                if left > 0 {
                    candidates.push(now.shifted(left));
                }
            }
            if let Some(limit) = self.config.daily_limit {
                let left = micros(limit) - (s.today + s.provisional_today);
                // Once today's limit is behind us, tomorrow's can come no sooner than this.
                candidates.push(if left > 0 { now.shifted(left) } else { self.zone.next_midnight(now) + limit });
            }
        }
        candidates.into_iter().filter(|t| *t > now).min()
    }

    // ---- conditions ----

    fn in_schedule(&self) -> bool {
        self.zone.in_schedule(&self.config.schedule, self.state.now)
    }

    fn counting(&self) -> bool {
        self.state.paused.is_none() && self.in_schedule()
    }

    fn sitting_grows(&self) -> bool {
        let s = &self.state;
        !s.locked && !s.suspended && (s.meeting.is_some() || s.away_since.is_none())
    }

    /// When input stopped, if it has: the start of the current away period or input gap.
    /// `None` while typing or in a meeting (where listening counts as sitting).
    fn no_input_since(&self) -> Option<Time> {
        let s = &self.state;
        if s.locked || s.suspended {
            return s.away_since;
        }
        if s.meeting.is_some() {
            return None;
        }
        s.away_since.or(s.last_input)
    }

    fn sat(&self, kind: Kind) -> i64 {
        self.state.sitting[kind.index()] + self.state.provisional[kind.index()]
    }

    fn remaining(&self, kind: Kind) -> i64 {
        micros(self.config.breaks(kind).every) - self.sat(kind)
    }

    fn due(&self, kind: Kind) -> bool {
        self.remaining(kind) <= 0
    }

    /// The kind that falls due first if the user keeps sitting; rest wins a tie.
    fn next_kind(&self) -> Kind {
        if self.remaining(Kind::Rest).max(0) <= self.remaining(Kind::Micro).max(0) { Kind::Rest } else { Kind::Micro }
    }

    fn reminders_held(&self) -> bool {
        let s = &self.state;
        let now = s.now;
        s.paused.is_some()
            || !self.in_schedule()
            || s.meeting.is_some()
            || s.meeting_ended_at.is_some_and(|t| now < t + MEETING_END_GRACE)
            || s.snoozed_until.is_some()
            || s.away_since.is_some()
            || s.locked
            || s.suspended
    }

    fn spacing_allows(&self, kind: Kind) -> bool {
        self.state.last_reminder[kind.index()].is_none_or(|t| self.state.now >= t + self.config.repeat_after)
    }

    // ---- transitions at the current instant ----

    fn transitions(&mut self, remind: bool) {
        let now = self.state.now;
        self.roll_day();
        if self.state.paused.is_some_and(|p| p.until.is_some_and(|u| u <= now)) {
            self.state.paused = None;
            self.emit(Action::Resumed);
        }
        if self.state.snoozed_until.is_some_and(|u| u <= now) {
            self.state.snoozed_until = None;
        }
        if self.state.meeting.is_some_and(|m| m.until.is_some_and(|u| u <= now)) {
            self.end_meeting();
        }
        if self.state.meeting_ended_at.is_some_and(|t| t + MEETING_END_GRACE <= now) {
            self.state.meeting_ended_at = None;
        }
        self.gap_becomes_away();
        self.pending_taken_by_idle();
        self.natural_breaks();
        if !self.in_schedule() && self.state.pending.as_ref().is_some_and(|p| !p.requested) {
            self.withdraw(WithdrawReason::OutsideSchedule);
        }
        if self.config.warn_before.is_none_or(|warn| self.remaining(Kind::Rest) > micros(warn)) {
            self.state.warned = false;
        }
        if remind {
            self.reminders();
            self.warning();
            self.daily_limit();
        }
    }

    fn roll_day(&mut self) {
        let today = self.zone.local(self.state.now).date();
        if today != self.state.today_date {
            let s = &mut self.state;
            s.today_date = today;
            s.today = 0;
            s.provisional_today = 0;
            s.daily_announced = false;
        }
    }

    fn gap_becomes_away(&mut self) {
        let s = &self.state;
        if s.meeting.is_some() || s.away_since.is_some() {
            return;
        }
        if let Some(last) = s.last_input
            && s.now >= last + self.config.away_after
        {
            self.start_away_at(last);
        }
    }

    fn pending_taken_by_idle(&mut self) {
        let (Some(pending), Some(since)) = (&self.state.pending, self.no_input_since()) else {
            return;
        };
        let start = since.max(pending.first_at);
        if self.state.now < start + self.config.breaks(pending.kind).duration {
            return;
        }
        let kind = pending.kind;
        self.state.pending = None;
        if self.state.away_since.is_none() {
            // The gap was the break, so it is away time rather than sitting.
            self.start_away_at(since);
        }
        self.take_break(kind, false);
    }

    fn natural_breaks(&mut self) {
        let Some(away) = self.state.away_since else {
            return;
        };
        let now = self.state.now;
        for kind in [Kind::Rest, Kind::Micro] {
            if self.state.restarted[kind.index()] || now < away + self.config.breaks(kind).duration {
                continue;
            }
            let answered = self.state.pending.as_ref().is_some_and(|p| p.kind == kind);
            if answered {
                self.state.pending = None;
                self.take_break(kind, false);
            } else if self.state.sitting[kind.index()] > 0 {
                self.take_break(kind, true);
            } else {
                self.restart(kind);
            }
        }
    }

    fn reminders(&mut self) {
        if self.reminders_held() {
            return;
        }
        let now = self.state.now;
        let repeat_after = self.config.repeat_after;
        if let Some(p) = &self.state.pending
            && !self.due(p.kind)
            && !(p.kind == Kind::Micro && self.due(Kind::Rest))
        {
            // Only a break the user asked for can be pending without being due. Once ignored
            // for `repeat_after` it goes, and a break that is due takes its place.
            if now < p.last_at + repeat_after {
                return;
            }
            self.withdraw(WithdrawReason::Ignored);
        }
        let kind = if self.due(Kind::Rest) {
            Kind::Rest
        } else if self.due(Kind::Micro) {
            Kind::Micro
        } else {
            return;
        };
        match &self.state.pending {
            Some(p) if p.kind == kind => {
                if now >= p.last_at + repeat_after && self.spacing_allows(kind) {
                    self.repeat_reminder();
                }
            }
            Some(p) if p.kind == Kind::Rest => {}
            _ => {
                if self.spacing_allows(kind) {
                    if self.state.pending.is_some() {
                        self.withdraw(WithdrawReason::Superseded);
                    }
                    self.remind(kind, false);
                }
            }
        }
    }

    fn warning(&mut self) {
        // A warning as long as the interval would come right after every break.
        let Some(warn) = self.config.warn_before.filter(|warn| *warn < self.config.rest.every) else {
            return;
        };
        let left = self.remaining(Kind::Rest);
        let pending_rest = self.state.pending.as_ref().is_some_and(|p| p.kind == Kind::Rest);
        if self.state.warned || left <= 0 || left > micros(warn) || pending_rest || self.reminders_held() {
            return;
        }
        self.state.warned = true;
        self.emit(Action::BreakSoon { kind: Kind::Rest, due_in: Duration::from_micros(left as u64) });
    }

    fn daily_limit(&mut self) {
        let Some(limit) = self.config.daily_limit else {
            return;
        };
        let total = self.state.today + self.state.provisional_today;
        if self.state.daily_announced || total < micros(limit) || self.reminders_held() {
            return;
        }
        self.state.daily_announced = true;
        self.emit(Action::DailyLimit { sitting: Duration::from_micros(total as u64) });
    }

    // ---- state changes ----

    fn emit(&mut self, action: Action) {
        self.actions.push_back(Timed { at: self.state.now, action });
    }

    fn input_resumed(&mut self) {
        if self.state.last_input.take().is_some() {
            self.end_gap();
        }
    }

    /// The user is present again: an away period ends, or a short gap is confirmed as sitting.
    fn end_gap(&mut self) {
        let s = &mut self.state;
        if s.away_since.take().is_some() {
            s.restarted = [false; 2];
        } else {
            for kind in 0..2 {
                s.sitting[kind] += s.provisional[kind];
            }
            s.today += s.provisional_today;
        }
        s.provisional = [0; 2];
        s.provisional_today = 0;
    }

    fn input_stopped(&mut self, since: Time) {
        if self.state.locked || self.state.suspended || self.state.last_input.is_some() {
            return;
        }
        let now = self.state.now;
        let since = since.min(now);
        self.state.last_input = Some(since);
        if self.counting() && self.state.meeting.is_none() {
            // The gap was counted as typing until the idle monitor noticed it; make it
            // provisional so that it is dropped if the gap turns into an away period.
            let gap = micros(now.since(since));
            let s = &mut self.state;
            for kind in 0..2 {
                let moved = gap.min(s.sitting[kind]);
                s.sitting[kind] -= moved;
                s.provisional[kind] += moved;
            }
            let moved = gap.min(s.today);
            s.today -= moved;
            s.provisional_today += moved;
        }
    }

    /// Back in a meeting after a lock or suspend: the away period ends, and silence from here on
    /// is listening.
    fn rejoin_meeting(&mut self) {
        if self.state.away_since.take().is_some() {
            self.state.restarted = [false; 2];
        }
        if self.state.last_input.is_some() {
            self.state.last_input = Some(self.state.now);
        }
    }

    /// Lock or suspend: away from now, or from the start of the input gap that led to it.
    fn begin_away(&mut self) {
        if self.state.away_since.is_some() {
            return;
        }
        let now = self.state.now;
        let start = if self.state.meeting.is_some() { now } else { self.state.last_input.unwrap_or(now) };
        self.start_away_at(start);
    }

    fn start_away_at(&mut self, start: Time) {
        let s = &mut self.state;
        s.away_since = Some(start);
        s.last_input = Some(start);
        s.restarted = [false; 2];
        s.provisional = [0; 2];
        s.provisional_today = 0;
    }

    fn restart(&mut self, kind: Kind) {
        let s = &mut self.state;
        s.sitting[kind.index()] = 0;
        s.provisional[kind.index()] = 0;
        s.restarted[kind.index()] = true;
        if kind == Kind::Rest {
            s.sitting[Kind::Micro.index()] = 0;
            s.provisional[Kind::Micro.index()] = 0;
            s.restarted[Kind::Micro.index()] = true;
            if s.pending.as_ref().is_some_and(|p| p.kind == Kind::Micro) {
                s.pending = None;
                self.emit(Action::BreakTaken { kind: Kind::Micro, natural: false });
            }
        }
    }

    fn take_break(&mut self, kind: Kind, natural: bool) {
        self.restart(kind);
        self.emit(Action::BreakTaken { kind, natural });
    }

    fn remind(&mut self, kind: Kind, requested: bool) {
        let now = self.state.now;
        let tip = self.state.deck.draw(&self.catalogue, kind, &self.config.focus).map(|t| t.id.clone());
        if !requested {
            self.state.last_reminder[kind.index()] = Some(now);
        }
        self.state.pending =
            Some(Pending { kind, first_at: now, last_at: now, repeat: 0, tip: tip.clone(), requested });
        self.emit(Action::BreakDue { kind, tip, repeat: 0, requested });
    }

    fn repeat_reminder(&mut self) {
        let now = self.state.now;
        let Some(p) = &mut self.state.pending else {
            return;
        };
        p.repeat += 1;
        p.last_at = now;
        p.requested = false;
        let (kind, tip, repeat) = (p.kind, p.tip.clone(), p.repeat);
        self.state.last_reminder[kind.index()] = Some(now);
        self.emit(Action::BreakDue { kind, tip, repeat, requested: false });
    }

    fn withdraw(&mut self, reason: WithdrawReason) {
        if let Some(p) = self.state.pending.take() {
            self.emit(Action::BreakWithdrawn { kind: p.kind, reason });
        }
    }

    fn snooze(&mut self, length: Option<Duration>) {
        let kind = self.state.pending.take().map(|p| p.kind);
        let mut until = self.state.now + length.unwrap_or(self.config.snooze);
        // A reminder never repeats within `repeat_after`, so a shorter snooze would end before
        // the reminder could return; say when it really can.
        if let Some(last) = kind.and_then(|k| self.state.last_reminder[k.index()]) {
            until = until.max(last + self.config.repeat_after);
        }
        self.state.snoozed_until = Some(until);
        self.emit(Action::BreakSnoozed { kind, until });
    }

    fn skip(&mut self) {
        let kind = match self.state.pending.take() {
            Some(p) => p.kind,
            None => self.next_kind(),
        };
        // Skipping a rest skips the micro break it stood in for as well.
        self.restart(kind);
        self.emit(Action::BreakSkipped { kind });
    }

    fn end_meeting(&mut self) {
        let now = self.state.now;
        let s = &mut self.state;
        s.meeting = None;
        s.meeting_ended_at = Some(now);
        // Silence during the meeting was listening; the input gap starts now.
        if let Some(last) = &mut s.last_input {
            *last = (*last).max(now);
        }
        self.emit(Action::MeetingEnded);
    }

    fn command(&mut self, command: Command) -> Result<(), Rejected> {
        match command {
            Command::Break(kind) => {
                if self.state.pending.as_ref().is_some_and(|p| p.kind != kind) {
                    self.withdraw(WithdrawReason::Superseded);
                }
                if self.state.pending.is_none() {
                    self.remind(kind, true);
                }
            }
            Command::Snooze(length) => self.snooze(length),
            Command::Pause { until } => {
                self.withdraw(WithdrawReason::Paused);
                self.state.paused = Some(Hold { until });
                self.emit(Action::Paused { until });
            }
            Command::Resume => {
                let was_held = self.state.paused.take().is_some() | self.state.snoozed_until.take().is_some();
                if was_held {
                    self.emit(Action::Resumed);
                }
            }
            Command::Skip => self.skip(),
            Command::Interval(kind, every) => {
                self.check_interval(kind, every)?;
                self.config.breaks_mut(kind).every = every;
            }
            Command::MeetingStart { until } => {
                self.withdraw(WithdrawReason::Meeting);
                let s = &self.state;
                if s.meeting.is_none() && !s.locked && !s.suspended && s.last_input.is_some() {
                    // Joining a meeting is presence: a short gap before it was sitting, an away
                    // period ends, and silence from here on is listening.
                    self.end_gap();
                    self.state.last_input = Some(self.state.now);
                }
                self.state.meeting = Some(Hold { until });
                self.state.meeting_ended_at = None;
                self.emit(Action::MeetingStarted { until });
            }
            Command::MeetingEnd => {
                if self.state.meeting.is_some() {
                    self.end_meeting();
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, FixedOffset};

    fn at(hms: &str) -> Time {
        Time::from_chrono(&DateTime::parse_from_rfc3339(&format!("2026-03-02T{hms}+01:00")).unwrap())
    }

    fn engine(start: &str) -> Engine {
        let zone = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
        Engine::new(Config::default(), Arc::new(Catalogue::builtin()), zone, at(start), 1)
    }

    fn drain(engine: &mut Engine) -> Vec<Timed> {
        std::iter::from_fn(|| engine.poll_action()).collect()
    }

    fn reminders(actions: &[Timed]) -> usize {
        actions.iter().filter(|t| matches!(t.action, Action::BreakDue { .. } | Action::DailyLimit { .. })).count()
    }

    #[test]
    fn sleeping_through_hours_gives_one_reminder_not_a_burst() {
        let mut e = engine("09:00:00");
        e.handle(Input::Active, at("09:00:00")).unwrap();
        // The caller misses every deadline (a wall-clock jump, a suspend it did not see).
        e.handle_timeout(at("14:00:00"));
        let actions = drain(&mut e);
        assert_eq!(reminders(&actions), 1, "{actions:?}");
        assert!(matches!(actions[0].action, Action::BreakDue { kind: Kind::Rest, repeat: 0, .. }));
        assert_eq!(actions[0].at, at("14:00:00"));
    }

    #[test]
    fn input_after_a_missed_resume_ends_the_suspend() {
        let mut e = engine("09:00:00");
        e.handle(Input::Active, at("09:00:00")).unwrap();
        e.handle(Input::Suspend, at("09:10:00")).unwrap();
        e.handle(Input::Active, at("10:00:00")).unwrap();
        assert_eq!(e.status(at("10:05:00")).mode, Mode::Active);
        assert_eq!(e.status(at("10:05:00")).sitting[Kind::Micro.index()], Duration::from_secs(300));
    }

    #[test]
    fn clock_going_back_keeps_durations() {
        let mut e = engine("09:00:00");
        e.handle(Input::Active, at("09:00:00")).unwrap();
        e.handle_timeout(at("09:10:00"));
        e.handle(Input::Command(Command::Snooze(Some(Duration::from_secs(600)))), at("09:10:00")).unwrap();
        // NTP pulls the clock back an hour.
        e.handle_timeout(at("08:10:00"));
        assert!(drain(&mut e).iter().all(|t| !matches!(t.action, Action::BreakDue { .. })));
        let status = e.status(at("08:10:00"));
        assert_eq!(status.sitting, [Duration::from_secs(600); 2]);
        assert_eq!(status.snoozed_until, Some(at("08:20:00")), "the snooze keeps its 10 minutes");
        // Sitting goes on from there: micro is due 15 minutes later by the new clock.
        assert_eq!(e.next_deadline(), Some(at("08:20:00")));
        e.handle_timeout(at("08:25:00"));
        assert!(
            drain(&mut e)
                .iter()
                .any(|t| t.at == at("08:25:00") && matches!(t.action, Action::BreakDue { kind: Kind::Micro, .. }))
        );
    }

    #[test]
    fn an_away_user_leaves_nothing_to_wake_for() {
        let mut e = engine("09:00:00");
        e.handle(Input::Active, at("09:00:00")).unwrap();
        e.handle(Input::Idle { since: at("09:20:00") }, at("09:20:00")).unwrap();
        // Wake-ups for the gap: becoming away, then each natural break.
        let mut wakes = Vec::new();
        while let Some(deadline) = e.next_deadline() {
            wakes.push(deadline);
            e.handle_timeout(deadline);
            assert!(wakes.len() < 10, "the engine keeps waking: {wakes:?}");
        }
        assert_eq!(wakes, [at("09:23:00"), at("09:25:00")]);
        assert_eq!(e.status(at("12:00:00")).mode, Mode::Away);
    }

    #[test]
    fn the_idle_monitor_noticing_late_does_not_count_the_gap() {
        let mut e = engine("09:00:00");
        e.handle(Input::Active, at("09:00:00")).unwrap();
        // The monitor reports at 09:10:30 that input stopped at 09:10:00.
        e.handle(Input::Idle { since: at("09:10:00") }, at("09:10:30")).unwrap();
        e.handle_timeout(at("09:14:00"));
        assert_eq!(e.status(at("09:14:00")).today_sitting, Duration::from_secs(600));
    }

    #[test]
    fn saved_state_continues_exactly() {
        let mut e = engine("09:00:00");
        e.handle(Input::Active, at("09:00:00")).unwrap();
        e.handle_timeout(at("09:25:00"));
        drain(&mut e);
        let saved = serde_json::to_string(e.state()).unwrap();
        let restored_state: State = serde_json::from_str(&saved).unwrap();
        let mut restored = Engine::restore(
            e.config().clone(),
            e.catalogue().clone(),
            Zone::Fixed(FixedOffset::east_opt(3600).unwrap()),
            restored_state,
        );
        for engine in [&mut e, &mut restored] {
            engine.handle_timeout(at("09:30:00"));
            engine.handle(Input::Answer(Answer::Done), at("09:31:00")).unwrap();
        }
        assert_eq!(drain(&mut e), drain(&mut restored));
        assert_eq!(e.state(), restored.state());
    }

    #[test]
    fn status_reports_modes_in_order_of_precedence() {
        let mut e = engine("09:00:00");
        e.handle(Input::Active, at("09:00:00")).unwrap();
        let status = e.status(at("09:10:00"));
        assert_eq!(status.mode, Mode::Active);
        assert_eq!(status.next_break, (Kind::Micro, Duration::from_secs(15 * 60)));
        e.handle(Input::Command(Command::MeetingStart { until: None }), at("09:10:00")).unwrap();
        e.handle(Input::Command(Command::Snooze(None)), at("09:10:00")).unwrap();
        assert_eq!(e.status(at("09:11:00")).mode, Mode::Meeting);
        e.handle(Input::Command(Command::Pause { until: Some(at("10:00:00")) }), at("09:12:00")).unwrap();
        let status = e.status(at("09:13:00"));
        assert_eq!(status.mode, Mode::Paused);
        assert_eq!(status.paused, Some(Hold { until: Some(at("10:00:00")) }));
        assert_eq!(status.sitting[Kind::Micro.index()], Duration::from_secs(12 * 60));
    }

    #[test]
    fn an_interval_shorter_than_the_break_is_rejected() {
        let mut e = engine("09:00:00");
        let rejected = e.handle(Input::Command(Command::Interval(Kind::Rest, Duration::from_secs(60))), at("09:00:00"));
        assert_eq!(rejected, Err(Rejected::IntervalTooShort { kind: Kind::Rest, duration: Duration::from_secs(300) }));
        assert_eq!(e.config().rest.every, Duration::from_secs(55 * 60));
        e.handle(Input::Command(Command::Interval(Kind::Micro, Duration::from_secs(600))), at("09:00:00")).unwrap();
        e.handle(Input::Active, at("09:00:00")).unwrap();
        assert_eq!(e.next_deadline(), Some(at("09:10:00")));
    }
}
