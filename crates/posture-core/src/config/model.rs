//! The typed configuration: what the rest of posture reads, with every value already checked.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveTime;

use super::{DEFAULT_ORIGIN, DEFAULT_TOML};
use crate::Kind;
use crate::tips::Area;

/// The `language` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Auto,
    Nl,
    En,
}

/// `every` and `duration` of one break kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakSettings {
    /// Sitting time after which the break is due.
    pub every: Duration,
    /// How long the break lasts; an away period this long counts as the break.
    pub duration: Duration,
}

/// Days and hours in which posture counts and reminds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Indexed by `chrono::Weekday::num_days_from_monday()`.
    pub days: [bool; 7],
    /// `None` means all day. `start > end` wraps past midnight.
    pub hours: Option<Hours>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub language: Language,
    pub micro: BreakSettings,
    pub rest: BreakSettings,
    /// `None` when `daily.limit = "off"`.
    pub daily_limit: Option<Duration>,
    /// `activity.away_after`.
    pub away_after: Duration,
    /// `reminders.repeat_after`.
    pub repeat_after: Duration,
    /// `reminders.snooze`.
    pub snooze: Duration,
    /// `reminders.warn_before`: how long before a movement break is due a quiet warning shows;
    /// `None` when `"0"` (off).
    pub warn_before: Option<Duration>,
    pub schedule: Schedule,
    /// `tips.focus`: body areas to favour.
    pub focus: Vec<Area>,
    /// `tips.extra_file`: a user tip file in the catalogue's format, resolved against the
    /// config file's directory.
    pub extra_tips: Option<PathBuf>,
    /// `tray.enabled`: show the tray icon.
    pub tray: bool,
    pub meetings: MeetingSettings,
    pub notifications: NotificationSettings,
    pub break_screen: BreakScreenSettings,
}

/// `[notifications]`: how reminders behave on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationSettings {
    /// A break reminder stays on screen until answered, taken or withdrawn.
    pub stay: bool,
    /// Reminders ask the server to play a sound at the start and the end of a break.
    pub sound: bool,
}

/// `break_screen.mode`: whether a break opens the break screen, and how much it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakScreenMode {
    /// The notification only.
    Off,
    /// One window in the middle of the screen.
    Window,
    /// Every monitor covered, above other windows.
    Fullscreen,
}

/// `[break_screen]`: the optional break window shown instead of the reminder notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakScreenSettings {
    pub mode: BreakScreenMode,
    /// No Skip button, and at most `max_snoozes` snoozes a day.
    pub strict: bool,
    /// Snoozes a day while `strict` (reminders' snoozes count too).
    pub max_snoozes: u32,
}

impl BreakScreenSettings {
    /// Whether a break opens the break screen: a rest break that falls due, and any break the
    /// user asked for ("Movement break now", `posture break`). A micro break's reminder stays a
    /// notification: a posture check is done at the desk, so covering the screen would only
    /// interrupt it.
    pub fn covers(&self, kind: Kind, requested: bool) -> bool {
        self.mode != BreakScreenMode::Off && (kind == Kind::Rest || requested)
    }

    /// How many more snoozes the break screen offers today, given the reminders snoozed so far
    /// today; `None` when snoozing is not limited (not strict).
    pub fn snoozes_left(&self, snoozed_today: u32) -> Option<u32> {
        self.strict.then(|| self.max_snoozes.saturating_sub(snoozed_today))
    }
}

/// `[meetings]`: where posture learns that the user is in a call or a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSettings {
    /// A process has a camera device open.
    pub camera: bool,
    /// A sound card is capturing.
    pub microphone: bool,
    /// The notification server's do-not-disturb switch is on.
    pub do_not_disturb: bool,
    /// A fullscreen window is in front (a presentation, a film, a game).
    pub fullscreen: bool,
    /// iCalendar files, as written (`~/` is expanded where the file is read).
    pub calendars: Vec<PathBuf>,
    /// The user's addresses, lower case, to recognise declined invitations.
    pub me: Vec<String>,
    /// How often camera and microphone are checked when their devices cannot be watched, or
    /// a capture device is open without recording.
    pub check_every: Duration,
    /// Device paths counted as cameras (`*` and `?` wildcards).
    pub camera_devices: String,
    /// Capture device paths, watched for opens (`*` and `?` wildcards).
    pub microphone_devices: String,
    /// ALSA capture status files (`*` and `?` wildcards).
    pub microphone_status: String,
}

impl Default for Config {
    /// The embedded `config/default.toml`, parsed.
    fn default() -> Self {
        Config::parse(DEFAULT_TOML, DEFAULT_ORIGIN)
            .expect("the embedded config/default.toml is valid (checked by a unit test)")
    }
}

impl Config {
    pub fn breaks(&self, kind: Kind) -> &BreakSettings {
        match kind {
            Kind::Micro => &self.micro,
            Kind::Rest => &self.rest,
        }
    }

    pub fn breaks_mut(&mut self, kind: Kind) -> &mut BreakSettings {
        match kind {
            Kind::Micro => &mut self.micro,
            Kind::Rest => &mut self.rest,
        }
    }
}
