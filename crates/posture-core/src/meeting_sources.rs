//! Meeting sources combined: which sources say "meeting" now, and until when.
//!
//! The engine knows one meeting at a time (`Command::MeetingStart { until }` / `MeetingEnd`).
//! Several sources can claim one at once: the user (`posture meeting start`), the camera, the
//! microphone, the calendars, the desktop's do-not-disturb switch and a fullscreen window in front. [`Meetings`] keeps what
//! each source says and, through [`Meetings::sync`], starts the engine's meeting when the first
//! source claims one and ends it when the last lets go, so a break that came due during a call is
//! offered right after it (the engine's `MEETING_END_GRACE`), however many sources overlapped.
//!
//! `meeting end` from the user ends the meeting now, whatever else says otherwise: the manual
//! meeting ends, and the sources active at that moment are set aside until they go quiet (the
//! camera is released, the calendar event is over). A source that becomes active afterwards
//! starts a new meeting as usual.
//!
//! A source the configuration switches off does not hold meetings; what it last reported is
//! kept, so switching it on applies that at once ([`Meetings::signal`], [`Meetings::configure`]).

use serde::{Deserialize, Serialize};

use super::config::MeetingSettings;
use super::engine::{Command, Engine, Input};
use super::time::Time;

/// One source of meetings, as `posture status` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Manual,
    Camera,
    Microphone,
    Calendar,
    DoNotDisturb,
    Fullscreen,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::Manual,
        Source::Camera,
        Source::Microphone,
        Source::Calendar,
        Source::DoNotDisturb,
        Source::Fullscreen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Camera => "camera",
            Source::Microphone => "microphone",
            Source::Calendar => "calendar",
            Source::DoNotDisturb => "do_not_disturb",
            Source::Fullscreen => "fullscreen",
        }
    }
}

/// A source that is on or off with no known end (camera, microphone, do-not-disturb,
/// fullscreen), and
/// whether the user set it aside with `meeting end` while it was on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Switch {
    on: bool,
    aside: bool,
}

impl Switch {
    /// Turning off ends a setting-aside: the next time it turns on is a new meeting.
    fn set(&mut self, on: bool) {
        self.on = on;
        self.aside &= on;
    }

    fn set_aside(&mut self) {
        self.aside = self.on;
    }

    fn holds(self) -> bool {
        self.on && !self.aside
    }
}

/// The automatic sources that report on or off, as their setting allows and as last reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Reported {
    camera: bool,
    microphone: bool,
    do_not_disturb: bool,
    fullscreen: bool,
}

/// What every source says, and which of them the user ended by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meetings {
    /// Which automatic sources the configuration switches on (calendars: any configured).
    enabled: Enabled,
    /// What the camera, microphone, do-not-disturb and fullscreen sources last said, enabled or
    /// not.
    reported: Reported,
    /// `Some(until)` while the user's own meeting runs; `until` `None` means until ended.
    manual: Option<Option<Time>>,
    camera: Switch,
    microphone: Switch,
    do_not_disturb: Switch,
    fullscreen: Switch,
    /// Calendar meetings as disjoint, sorted `[start, end)` intervals.
    calendar: Vec<(Time, Time)>,
    /// The end of the calendar interval the user ended by hand.
    calendar_ended_until: Option<Time>,
}

/// The sources a configuration switches on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Enabled {
    camera: bool,
    microphone: bool,
    do_not_disturb: bool,
    fullscreen: bool,
    calendar: bool,
}

impl Meetings {
    pub fn new() -> Meetings {
        Meetings::default()
    }

    /// Applies the `[meetings]` settings: a source switched off lets go of its meeting, one
    /// switched on counts from what it last reported.
    pub fn configure(&mut self, settings: &MeetingSettings) {
        self.enabled = Enabled {
            camera: settings.camera,
            microphone: settings.microphone,
            do_not_disturb: settings.do_not_disturb,
            fullscreen: settings.fullscreen,
            calendar: !settings.calendars.is_empty(),
        };
        self.apply_reported();
    }

    /// An automatic source (camera, microphone, do-not-disturb, fullscreen) turned on or off. It holds a
    /// meeting only while its setting is on. The calendar and the user have their own calls.
    pub fn signal(&mut self, source: Source, active: bool) {
        match source {
            Source::Camera => self.reported.camera = active,
            Source::Microphone => self.reported.microphone = active,
            Source::DoNotDisturb => self.reported.do_not_disturb = active,
            Source::Fullscreen => self.reported.fullscreen = active,
            Source::Manual | Source::Calendar => return,
        }
        self.apply_reported();
    }

    fn apply_reported(&mut self) {
        let (reported, enabled) = (self.reported, self.enabled);
        self.set_camera(reported.camera && enabled.camera);
        self.set_microphone(reported.microphone && enabled.microphone);
        self.set_do_not_disturb(reported.do_not_disturb && enabled.do_not_disturb);
        self.fullscreen.set(reported.fullscreen && enabled.fullscreen);
    }

    /// The sources switched on, for `posture status`; the user's own meetings always are.
    pub fn enabled(&self) -> Vec<Source> {
        let enabled = self.enabled;
        Source::ALL
            .into_iter()
            .filter(|source| match source {
                Source::Manual => true,
                Source::Camera => enabled.camera,
                Source::Microphone => enabled.microphone,
                Source::Calendar => enabled.calendar,
                Source::DoNotDisturb => enabled.do_not_disturb,
                Source::Fullscreen => enabled.fullscreen,
            })
            .collect()
    }

    /// The wall clock was set by `delta` microseconds: the user's meeting of a given length
    /// keeps its length, as the engine's holds do. Calendar times stay what the calendar says.
    pub fn shift_clock(&mut self, delta: i64) {
        if let Some(Some(until)) = &mut self.manual {
            *until = until.shifted(delta);
        }
    }

    /// Takes over a meeting with a known end that the engine already holds (restored from the
    /// saved state) as the user's own, so a restart does not end it early. An open-ended one is
    /// not taken over: its source is not saved, and a camera or microphone meeting kept as the
    /// user's own would never end; the sources report again within one check.
    pub fn adopt(&mut self, engine: &Engine) {
        if let Some(until) = engine.state().meeting.and_then(|hold| hold.until) {
            self.manual = Some(Some(until));
        }
    }

    /// A `meeting start` or `meeting end` command; other commands are not for this.
    pub fn command(&mut self, command: &Command, now: Time) {
        match command {
            Command::MeetingStart { until } => self.manual = Some(*until),
            Command::MeetingEnd => {
                self.manual = None;
                self.camera.set_aside();
                self.microphone.set_aside();
                self.do_not_disturb.set_aside();
                self.fullscreen.set_aside();
                self.calendar_ended_until = self.calendar_at(now);
            }
            _ => {}
        }
    }

    pub fn set_camera(&mut self, active: bool) {
        self.camera.set(active);
    }

    pub fn set_microphone(&mut self, active: bool) {
        self.microphone.set(active);
    }

    pub fn set_do_not_disturb(&mut self, active: bool) {
        self.do_not_disturb.set(active);
    }

    /// Replaces the calendar meetings (after a calendar file changed or a new day's expansion).
    pub fn set_calendar(&mut self, mut intervals: Vec<(Time, Time)>) {
        intervals.retain(|(start, end)| start < end);
        intervals.sort();
        let mut merged: Vec<(Time, Time)> = Vec::with_capacity(intervals.len());
        for (start, end) in intervals {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        self.calendar = merged;
    }

    /// The end of the calendar meeting running at `now`.
    fn calendar_at(&self, now: Time) -> Option<Time> {
        self.calendar.iter().find(|(start, end)| *start <= now && now < *end).map(|(_, end)| *end)
    }

    /// The sources that hold a meeting at `now`, and each one's known end.
    pub fn active(&self, now: Time) -> Vec<(Source, Option<Time>)> {
        let mut active = Vec::new();
        if let Some(until) = self.manual.filter(|u| u.is_none_or(|u| now < u)) {
            active.push((Source::Manual, until));
        }
        if self.camera.holds() {
            active.push((Source::Camera, None));
        }
        if self.microphone.holds() {
            active.push((Source::Microphone, None));
        }
        if let Some(end) = self.calendar_at(now).filter(|end| self.calendar_ended_until != Some(*end)) {
            active.push((Source::Calendar, Some(end)));
        }
        if self.do_not_disturb.holds() {
            active.push((Source::DoNotDisturb, None));
        }
        if self.fullscreen.holds() {
            active.push((Source::Fullscreen, None));
        }
        active
    }

    /// `Some(until)` when in a meeting at `now`; `until` is known only when every active
    /// source has an end.
    pub fn wanted(&self, now: Time) -> Option<Option<Time>> {
        let active = self.active(now);
        if active.is_empty() {
            return None;
        }
        Some(
            active
                .iter()
                .map(|(_, until)| *until)
                .collect::<Option<Vec<Time>>>()
                .and_then(|ends| ends.into_iter().max()),
        )
    }

    /// The next calendar boundary (or manual end) after `now`: when [`Meetings::sync`] must run
    /// again if nothing else happens.
    pub fn next_deadline(&self, now: Time) -> Option<Time> {
        let calendar = self.calendar.iter().flat_map(|(s, e)| [*s, *e]).find(|t| *t > now);
        let manual = self.manual.flatten().filter(|u| *u > now);
        calendar.into_iter().chain(manual).min()
    }

    /// The start of the next calendar meeting after `now`.
    pub fn next_calendar_meeting(&self, now: Time) -> Option<Time> {
        self.calendar.iter().map(|(s, _)| *s).find(|s| *s > now)
    }

    /// Brings the engine's meeting in line with the sources at `now`.
    pub fn sync(&mut self, engine: &mut Engine, now: Time) {
        if self.manual.is_some_and(|u| u.is_some_and(|u| u <= now)) {
            self.manual = None;
        }
        let held = engine.state().meeting.map(|hold| hold.until);
        let command = match (self.wanted(now), held) {
            (Some(until), Some(current)) if until == current => return,
            (Some(until), _) => Command::MeetingStart { until },
            (None, Some(_)) => Command::MeetingEnd,
            (None, None) => return,
        };
        // Meeting commands are always accepted.
        let _ = engine.handle(Input::Command(command), now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{Action, Mode};
    use crate::time::Zone;
    use crate::tips::Catalogue;
    use std::sync::Arc;

    fn at(minutes: i64) -> Time {
        Time::from_micros(1_772_438_400_000_000 + minutes * 60_000_000)
    }

    fn engine() -> Engine {
        let mut e = Engine::new(Config::default(), Arc::new(Catalogue::builtin()), Zone::utc(), at(0), 1);
        e.handle(Input::Active, at(0)).unwrap();
        e
    }

    fn meeting_actions(e: &mut Engine) -> Vec<Action> {
        std::iter::from_fn(|| e.poll_action())
            .map(|t| t.action)
            .filter(|a| matches!(a, Action::MeetingStarted { .. } | Action::MeetingEnded))
            .collect()
    }

    #[test]
    fn overlapping_sources_make_one_meeting() {
        let mut e = engine();
        let mut m = Meetings::new();
        m.set_calendar(vec![(at(30), at(60)), (at(60), at(90)), (at(200), at(210))]);
        m.sync(&mut e, at(10));
        assert_eq!(meeting_actions(&mut e), vec![]);
        m.sync(&mut e, at(30));
        assert_eq!(meeting_actions(&mut e), vec![Action::MeetingStarted { until: Some(at(90)) }]);
        // The camera joins: the end is no longer known.
        m.set_camera(true);
        m.sync(&mut e, at(40));
        assert_eq!(meeting_actions(&mut e), vec![Action::MeetingStarted { until: None }]);
        // The calendar event ends; the camera still holds the meeting.
        e.handle_timeout(at(90));
        m.sync(&mut e, at(90));
        assert_eq!(meeting_actions(&mut e), vec![]);
        assert_eq!(e.status(at(91)).mode, Mode::Meeting);
        assert_eq!(m.active(at(91)), vec![(Source::Camera, None)]);
        m.set_camera(false);
        m.sync(&mut e, at(95));
        assert_eq!(meeting_actions(&mut e), vec![Action::MeetingEnded]);
        assert_eq!(m.next_deadline(at(95)), Some(at(200)));
    }

    #[test]
    fn user_end_sets_active_sources_aside_until_they_go_quiet() {
        let mut e = engine();
        let mut m = Meetings::new();
        m.set_calendar(vec![(at(30), at(90))]);
        m.set_camera(true);
        m.sync(&mut e, at(30));
        m.command(&Command::MeetingEnd, at(45));
        m.sync(&mut e, at(45));
        assert_eq!(e.status(at(46)).mode, Mode::Active);
        assert_eq!(m.active(at(46)), vec![]);
        // The camera goes off and on again: a new call.
        m.set_camera(false);
        m.set_camera(true);
        m.set_do_not_disturb(true);
        m.sync(&mut e, at(50));
        assert_eq!(e.status(at(51)).mode, Mode::Meeting);
        assert_eq!(m.active(at(51)), vec![(Source::Camera, None), (Source::DoNotDisturb, None)]);
    }

    #[test]
    fn a_source_switched_off_holds_nothing_and_counts_again_when_switched_on() {
        let mut e = engine();
        let mut m = Meetings::new();
        let mut settings = Config::default().meetings;
        settings.camera = false;
        settings.do_not_disturb = true;
        m.configure(&settings);
        m.signal(Source::Camera, true);
        m.sync(&mut e, at(5));
        assert_eq!(m.active(at(5)), vec![]);
        assert!(!m.enabled().contains(&Source::Camera));
        // Switched on while the camera is in use: the call is a meeting at once.
        settings.camera = true;
        m.configure(&settings);
        m.sync(&mut e, at(6));
        assert_eq!(m.active(at(6)), vec![(Source::Camera, None)]);
        assert_eq!(e.status(at(6)).mode, Mode::Meeting);
        // Do-not-disturb switched off in the settings lets go of its meeting.
        m.signal(Source::DoNotDisturb, true);
        settings.do_not_disturb = false;
        m.configure(&settings);
        assert_eq!(m.active(at(7)), vec![(Source::Camera, None)]);
        m.signal(Source::Camera, false);
        m.sync(&mut e, at(8));
        assert_eq!(meeting_actions(&mut e).last(), Some(&Action::MeetingEnded));
    }

    #[test]
    fn manual_meeting_with_an_end_and_adoption_after_restart() {
        let mut e = engine();
        let mut m = Meetings::new();
        m.command(&Command::MeetingStart { until: Some(at(20)) }, at(5));
        m.sync(&mut e, at(5));
        assert_eq!(m.wanted(at(6)), Some(Some(at(20))));
        assert_eq!(m.next_deadline(at(6)), Some(at(20)));
        let mut restarted = Meetings::new();
        restarted.adopt(&e);
        assert_eq!(restarted.active(at(7)), vec![(Source::Manual, Some(at(20)))]);
        let mut open_ended = engine();
        open_ended.handle(Input::Command(Command::MeetingStart { until: None }), at(5)).unwrap();
        let mut restarted = Meetings::new();
        restarted.adopt(&open_ended);
        assert_eq!(restarted.active(at(7)), vec![]);
        e.handle_timeout(at(20));
        m.sync(&mut e, at(20));
        assert_eq!(m.wanted(at(20)), None);
        assert_eq!(e.status(at(20)).mode, Mode::Active);
    }

    #[test]
    fn fullscreen_holds_reminders_only_when_switched_on_and_the_break_comes_after() {
        let mut e = engine();
        let mut m = Meetings::new();
        let mut settings = Config::default().meetings;
        assert!(!settings.fullscreen);
        m.configure(&settings);
        assert!(!m.enabled().contains(&Source::Fullscreen));
        m.signal(Source::Fullscreen, true);
        m.sync(&mut e, at(5));
        assert_eq!(m.active(at(5)), vec![]);
        // Switched on while a film plays fullscreen: it holds reminders at once.
        settings.fullscreen = true;
        m.configure(&settings);
        assert!(m.enabled().contains(&Source::Fullscreen));
        m.sync(&mut e, at(6));
        assert_eq!(m.active(at(6)), vec![(Source::Fullscreen, None)]);
        assert_eq!(meeting_actions(&mut e), vec![Action::MeetingStarted { until: None }]);
        // A two-hour film: breaks come due during it, and none is shown.
        let reminders = |e: &mut Engine, until: Time| {
            let mut due = 0;
            while let Some(deadline) = e.next_deadline().filter(|d| *d <= until) {
                e.handle_timeout(deadline);
                due += std::iter::from_fn(|| e.poll_action())
                    .filter(|t| matches!(t.action, Action::BreakDue { .. }))
                    .count();
            }
            due
        };
        assert_eq!(reminders(&mut e, at(126)), 0);
        assert_eq!(e.status(at(126)).mode, Mode::Meeting);
        // The window leaves fullscreen: the meeting ends and the break is offered right after.
        m.signal(Source::Fullscreen, false);
        m.sync(&mut e, at(126));
        assert_eq!(meeting_actions(&mut e), vec![Action::MeetingEnded]);
        assert!(reminders(&mut e, at(127)) > 0);
    }

    #[test]
    fn user_end_sets_fullscreen_aside_until_it_leaves_fullscreen() {
        let mut e = engine();
        let mut m = Meetings::new();
        let mut settings = Config::default().meetings;
        settings.fullscreen = true;
        m.configure(&settings);
        m.signal(Source::Fullscreen, true);
        m.sync(&mut e, at(5));
        m.command(&Command::MeetingEnd, at(6));
        m.sync(&mut e, at(6));
        assert_eq!(m.active(at(6)), vec![]);
        // Still fullscreen: stays aside. Leaving and entering again is a new one.
        m.signal(Source::Fullscreen, true);
        assert_eq!(m.active(at(7)), vec![]);
        m.signal(Source::Fullscreen, false);
        m.signal(Source::Fullscreen, true);
        assert_eq!(m.active(at(8)), vec![(Source::Fullscreen, None)]);
    }
}
