//! What the break screen does, apart from drawing: the countdown that runs only while hands are
//! off, the answers the keys stand for, strict mode and its hold-Escape way out. Time comes in
//! as a value (how long the screen has been open), so the tests need no clock and no sleeping.

use std::time::Duration;

use crate::core::engine::Answer;

/// Input this recent means hands on: the countdown waits until it has been quiet this long.
pub const HANDS_OFF_AFTER: Duration = Duration::from_secs(2);
/// In strict mode Escape must be held this long to skip.
pub const HOLD_ESCAPE: Duration = Duration::from_secs(3);

/// What the break screen was opened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The break's length: what the countdown counts.
    pub length: Duration,
    /// No Skip; snoozing only while `snoozes_left` allows.
    pub strict: bool,
    /// `None`: snoozing is not limited.
    pub snoozes_left: Option<u32>,
}

impl Rules {
    /// Whether Snooze is offered.
    pub fn can_snooze(&self) -> bool {
        self.snoozes_left.is_none_or(|left| left > 0)
    }

    /// Whether Skip is offered as a button and a key press.
    pub fn can_skip(&self) -> bool {
        !self.strict
    }
}

/// Where the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Counting down (or waiting for hands off).
    Break,
    /// The countdown reached zero: "Break done" until the next touch.
    Finished,
}

/// What the screen should do after a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Stay,
    /// Tell the daemon, then close.
    Answer(Answer),
    /// The countdown ended: tell the daemon Done, play the sound and show "Break done".
    Finished,
    /// Close without a new answer.
    Close,
}

/// The break screen's state.
#[derive(Debug, Clone)]
pub struct Model {
    rules: Rules,
    phase: Phase,
    /// The countdown left at `at`.
    left: Duration,
    /// When `left` was last brought up to date.
    at: Duration,
    last_input: Option<Duration>,
    escape_down: Option<Duration>,
}

impl Model {
    /// A screen opened at time zero, hands counted as off from the start.
    pub fn new(rules: Rules) -> Model {
        Model {
            rules,
            phase: Phase::Break,
            left: rules.length,
            at: Duration::ZERO,
            last_input: None,
            escape_down: None,
        }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The countdown left at `now`.
    pub fn left(&self, now: Duration) -> Duration {
        self.left.saturating_sub(self.counted(now))
    }

    /// Whether input at or before `now` holds the countdown.
    pub fn hands_on(&self, now: Duration) -> bool {
        self.last_input.is_some_and(|last| now < last + HANDS_OFF_AFTER)
    }

    /// How long Escape has been held, in strict mode.
    pub fn escape_held(&self, now: Duration) -> Option<Duration> {
        self.escape_down.map(|down| now.saturating_sub(down))
    }

    /// Countdown time passed between `at` and `now`: only what lies after the hands-off mark.
    fn counted(&self, now: Duration) -> Duration {
        let from = match self.last_input {
            Some(last) => self.at.max(last + HANDS_OFF_AFTER),
            None => self.at,
        };
        now.saturating_sub(from)
    }

    /// Brings the countdown up to `now`; true when it just ran out.
    fn advance(&mut self, now: Duration) -> bool {
        if now < self.at {
            return false;
        }
        self.left = self.left(now);
        self.at = now;
        self.phase == Phase::Break && self.left.is_zero()
    }

    /// Time passed. Ends the break when the countdown ran out, or skips when Escape was held
    /// long enough.
    pub fn tick(&mut self, now: Duration) -> Step {
        if self.advance(now) {
            self.phase = Phase::Finished;
            return Step::Finished;
        }
        if self.phase == Phase::Break && self.escape_held(now).is_some_and(|held| held >= HOLD_ESCAPE) {
            self.escape_down = None;
            return Step::Answer(Answer::Skip);
        }
        Step::Stay
    }

    /// Keyboard or mouse input anywhere: hands on.
    pub fn input(&mut self, now: Duration) -> Step {
        if self.phase == Phase::Finished {
            return Step::Close;
        }
        if self.advance(now) {
            self.phase = Phase::Finished;
            return Step::Finished;
        }
        self.last_input = Some(now);
        Step::Stay
    }

    /// One of the three answers, by key or button.
    pub fn choose(&mut self, answer: Answer, now: Duration) -> Step {
        if self.phase == Phase::Finished {
            return Step::Close;
        }
        self.input(now);
        match answer {
            Answer::Done => Step::Answer(Answer::Done),
            Answer::Snooze if self.rules.can_snooze() => Step::Answer(Answer::Snooze),
            Answer::Skip if self.rules.can_skip() => Step::Answer(Answer::Skip),
            Answer::Snooze | Answer::Skip => Step::Stay,
        }
    }

    /// Escape went down: a skip, or in strict mode the start of a hold.
    pub fn escape_pressed(&mut self, now: Duration) -> Step {
        if self.rules.can_skip() || self.phase == Phase::Finished {
            return self.choose(Answer::Skip, now);
        }
        self.input(now);
        self.escape_down.get_or_insert(now);
        Step::Stay
    }

    /// Escape came up before the hold was long enough.
    pub fn escape_released(&mut self, now: Duration) {
        self.input(now);
        self.escape_down = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn model(length: u64, strict: bool, snoozes_left: Option<u32>) -> Model {
        Model::new(Rules { length: secs(length), strict, snoozes_left })
    }

    #[test]
    fn the_countdown_runs_while_hands_are_off_and_ends_the_break() {
        let mut m = model(30, false, None);
        assert_eq!(m.tick(secs(10)), Step::Stay);
        assert_eq!(m.left(secs(10)), secs(20));
        assert_eq!(m.tick(secs(30)), Step::Finished);
        assert_eq!(m.phase(), Phase::Finished);
        assert_eq!(m.tick(secs(31)), Step::Stay, "finished once");
        assert_eq!(m.input(secs(40)), Step::Close, "the next touch closes Break done");
    }

    #[test]
    fn input_pauses_the_countdown_until_hands_are_off_again() {
        let mut m = model(30, false, None);
        m.tick(secs(5));
        assert_eq!(m.input(secs(5)), Step::Stay);
        assert!(m.hands_on(secs(6)));
        assert_eq!(m.left(secs(6)), secs(25), "paused");
        // Typing on for a while keeps it paused.
        for at in [6.5, 8.0, 9.5, 11.0] {
            m.input(Duration::from_secs_f64(at));
        }
        assert_eq!(m.left(secs(13)), secs(25));
        assert!(!m.hands_on(secs(13)), "two quiet seconds are hands off");
        assert_eq!(m.left(secs(20)), secs(18), "resumed at 13 s");
        assert_eq!(m.tick(secs(38)), Step::Finished);
    }

    #[test]
    fn keys_answer_and_close() {
        let mut m = model(300, false, None);
        assert_eq!(m.choose(Answer::Done, secs(1)), Step::Answer(Answer::Done));
        let mut m = model(300, false, None);
        assert_eq!(m.choose(Answer::Snooze, secs(1)), Step::Answer(Answer::Snooze));
        let mut m = model(300, false, None);
        assert_eq!(m.escape_pressed(secs(1)), Step::Answer(Answer::Skip));
    }

    #[test]
    fn strict_hides_skip_and_limits_snoozes() {
        let mut m = model(300, true, Some(1));
        assert!(!m.rules().can_skip());
        assert_eq!(m.choose(Answer::Skip, secs(1)), Step::Stay, "no Skip in strict mode");
        assert_eq!(m.choose(Answer::Snooze, secs(2)), Step::Answer(Answer::Snooze));
        let mut m = model(300, true, Some(0));
        assert!(!m.rules().can_snooze());
        assert_eq!(m.choose(Answer::Snooze, secs(1)), Step::Stay, "no snoozes left today");
        assert_eq!(m.choose(Answer::Done, secs(2)), Step::Answer(Answer::Done), "Done always works");
    }

    #[test]
    fn strict_skips_when_escape_is_held_three_seconds() {
        let mut m = model(300, true, Some(0));
        assert_eq!(m.escape_pressed(secs(10)), Step::Stay);
        // Auto-repeat presses do not restart the hold.
        assert_eq!(m.escape_pressed(secs(11)), Step::Stay);
        assert_eq!(m.tick(secs(12)), Step::Stay);
        assert_eq!(m.escape_held(secs(12)), Some(secs(2)));
        assert_eq!(m.tick(secs(13)), Step::Answer(Answer::Skip));
    }

    #[test]
    fn releasing_escape_early_does_not_skip() {
        let mut m = model(300, true, None);
        m.escape_pressed(secs(10));
        m.escape_released(secs(12));
        assert_eq!(m.escape_held(secs(14)), None);
        assert_eq!(m.tick(secs(14)), Step::Stay);
        m.escape_pressed(secs(20));
        assert_eq!(m.tick(secs(22)), Step::Stay, "a new hold starts from zero");
        assert_eq!(m.tick(secs(23)), Step::Answer(Answer::Skip));
    }

    #[test]
    fn a_late_tick_finishes_with_what_was_counted() {
        let mut m = model(30, false, None);
        m.input(secs(20));
        assert_eq!(m.left(secs(22)), secs(10), "20 s counted before the input");
        assert_eq!(m.tick(secs(40)), Step::Finished);
    }
}
