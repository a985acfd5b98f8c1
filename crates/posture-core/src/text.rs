//! Every user-facing sentence posture shows, in Dutch and English: notification titles, action
//! labels and the pieces of the status line that `posture status` and the tray print.
//!
//! Messages are typed ([`Message`]) so a caller cannot forget a field or pass minutes where a
//! clock time belongs, and rendering ([`render`]) is a plain `match` per language: the texts
//! are few, and keeping both languages side by side makes a missing translation obvious.
//!
//! Durations come in two forms: long ("1 hour and 5 minutes", "1 uur en 5 minuten") for
//! sentences with room, short ("1 h 5 min", "1 u 5 min") for buttons and the status line.

use std::time::Duration;

use chrono::NaiveTime;

use super::calendar::{EventProblem, LineProblem, Problem as CalendarProblem, ValueProblem, Verdict};
use super::command::{CommandError, Problem};
use super::config::{Expected, Found, Problem as ConfigProblem};
use super::duration::{DurationError, format_duration};
use super::engine::Rejected;
use super::meeting_sources::Source;
use super::tips::{Problem as TipsProblem, STEPS, TipsError, format_seconds};
use super::{Kind, Lang};

/// The one name of each break, per language, as it reads in the middle of a sentence. Every
/// text that names a break uses these (the config and CLI keys `micro` and `rest` stand for
/// them): no "rest", "quick check" or "stand up and move" beside them.
pub fn name(lang: Lang, kind: Kind) -> &'static str {
    match (lang, kind) {
        (Lang::En, Kind::Micro) => "posture check",
        (Lang::En, Kind::Rest) => "movement break",
        (Lang::Nl, Kind::Micro) => "houdingscheck",
        (Lang::Nl, Kind::Rest) => "beweegpauze",
    }
}

/// One user-facing text, with whatever it needs to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The name of a break, capitalized: "Posture check", "Movement break" (see [`name`]).
    BreakName {
        kind: Kind,
    },
    /// Title of a first reminder.
    BreakTitle {
        kind: Kind,
    },
    /// Title of a reminder that repeats one the user has not acted on.
    RepeatTitle {
        kind: Kind,
    },
    /// Title of the once-a-day notice that sitting reached `daily.limit`.
    DailyLimitTitle {
        sitting: Duration,
    },
    /// Body of the daily-limit notice: a nudge for the rest of the day.
    DailyLimitBody,
    /// Title of a notification whose body is a located configuration error.
    ConfigErrorTitle,
    /// Action label: the break was taken.
    Done,
    /// Action label: hold reminders for the configured snooze.
    Snooze {
        snooze: Duration,
    },
    /// Action label: skip this break.
    Skip,
    /// First line of a reminder's body: how long the break lasts.
    BreakLength {
        length: Duration,
    },
    /// Title of the quiet warning before a break.
    SoonTitle {
        kind: Kind,
        due_in: Duration,
    },
    /// Body of the warning.
    SoonBody,
    /// Action label on the warning: take the break now.
    StartNow,
    /// Title of the notification that replaces a reminder once the break is taken.
    BreakDoneTitle,
    /// Status: the next break and how long the user has been sitting.
    Next {
        kind: Kind,
        due_in: Duration,
        sitting: Duration,
    },
    /// Status: a break is due now.
    BreakDue {
        kind: Kind,
    },
    /// Status: reminders are snoozed until a local clock time.
    SnoozedUntil {
        until: NaiveTime,
    },
    /// Status: paused until resumed.
    Paused,
    /// Status: paused until a local clock time.
    PausedUntil {
        until: NaiveTime,
    },
    /// Status: in a meeting with no known end.
    InMeeting,
    /// Status: in a meeting until a local clock time.
    InMeetingUntil {
        until: NaiveTime,
    },
    /// Status: the user is away from the computer.
    Away,
    /// Status: outside the configured `[schedule]`.
    OutsideSchedule,
    /// Tray menu: take a movement break now.
    MenuTakeBreak,
    /// Tray menu: take a posture check now.
    MenuQuickCheck,
    /// Tray menu: the snooze submenu.
    MenuSnooze,
    /// Tray menu: snooze or pause for this long.
    MenuFor {
        length: Duration,
    },
    /// Tray menu: snooze until the meeting in progress ends.
    MenuUntilMeetingEnds,
    /// Tray menu: the pause submenu.
    MenuPause,
    /// Tray menu: pause until midnight.
    MenuUntilTomorrow,
    /// Tray menu: pause with no end.
    MenuUntilResumed,
    /// Tray menu: end a pause or a snooze.
    MenuResume,
    /// Tray menu: the intervals submenu.
    MenuIntervals,
    /// Tray menu: one interval choice ("25 min").
    MenuEvery {
        every: Duration,
    },
    /// Tray menu: what today looked like so far.
    MenuToday {
        sitting: Duration,
        breaks: u32,
    },
    /// Tray menu: open the config file.
    MenuOpenSettings,
    /// Tray menu: stop posture.
    MenuQuit,
    /// Heading of `posture tip --warning-signs`.
    WarningSignsIntro,
    /// Tray menu: show the warning signs.
    MenuWarningSigns,
    /// Heading of `posture tip --advice`.
    AdviceIntro,
    /// No idle monitor works on this desktop: title and body of the one-time notice.
    NoIdleMonitorTitle,
    /// Tray menu line while no idle monitor works: time away counts as sitting.
    MenuNoIdleMonitor,
    /// Log line at start when the desktop has no tray host (GNOME without an extension).
    NoTrayHost,
    /// A file posture will not read, and why.
    ReadRefused {
        path: String,
        why: ReadRefusal,
    },
    NoIdleMonitorBody,
    /// `posture quit`: the daemon stopped.
    Stopped,
    /// `posture config check` with no file at the default path.
    NoConfigFile {
        path: String,
    },
    // The command line and the daemon's log (this block: see the names at the top).
    /// The daemon's first log line: what it found on the desktop and when the first break is.
    Running {
        kind: Kind,
        due_in: Duration,
        /// Idle backend and screen-lock source names; `None` where there is none.
        idle: Option<String>,
        lock: Option<String>,
        tray: bool,
        /// The meeting sources switched on, in the user's words.
        meetings: Vec<Source>,
    },
    /// Log line: a reminder went out; `repeat` counts the earlier ones.
    LogBreakDue {
        kind: Kind,
        repeat: u32,
    },
    /// Log line: a break was taken, after a reminder or on the user's own (`natural`).
    LogBreakTaken {
        kind: Kind,
        natural: bool,
    },
    /// Log line, and `posture skip`: this break was skipped.
    LogBreakSkipped {
        kind: Kind,
    },
    /// Log line: a reminder was taken back (a meeting, a pause, another break).
    LogBreakWithdrawn {
        kind: Kind,
    },
    /// Log line: a pause or snooze ended.
    LogResumed,
    /// Log line: a meeting ended.
    LogMeetingEnded,
    /// Log line: the configuration file was read again.
    LogReloaded {
        path: String,
    },
    /// `posture skip` with no reminder open: the next break was skipped instead.
    SkippedNext {
        kind: Kind,
    },
    /// `--config` before a command that talks to the running daemon.
    ConfigIgnored,
    /// `posture daemon --detach`: it runs, where its log goes, how to stop it.
    Detached {
        pid: u32,
        log: String,
    },
    /// `posture autostart disable` with nothing of posture's to remove.
    AutostartNothingToDisable,
    /// `posture autostart`: the user's own file is in the way; `instead` is what posture would
    /// have installed there.
    AutostartLeftAlone {
        path: String,
        instead: Option<AutostartKind>,
    },
    /// `posture autostart disable`: an entry of posture's hides the system-wide one.
    AutostartHides {
        entry: String,
        system: String,
        already: bool,
    },
    /// A file posture removed.
    Removed {
        path: String,
    },
    /// `posture autostart enable --systemd`: the unit is enabled.
    UnitEnabled {
        unit: String,
    },
    /// `systemctl --user` failed: why, and the command to run by hand.
    SystemctlUnusable {
        reason: String,
        run: String,
    },
    /// `posture autostart enable` when it already is.
    AlreadyEnabled {
        path: String,
    },
    /// `posture tip` with filters no card matches (`filters`: as typed, or `None` for none).
    NothingMatches {
        filters: Option<String>,
    },
    /// A private directory posture will not use, and why.
    DirRefused {
        dir: String,
        why: DirRefusal,
    },
    /// A client command without a daemon to answer it.
    NotRunning {
        socket: String,
    },
    /// A second daemon is refused.
    AlreadyRunning {
        pid: String,
    },
    /// `posture config edit`: the editor failed; the file was not touched.
    EditorFailed {
        editor: String,
        /// Its exit code; none when a signal stopped it.
        code: Option<i32>,
    },
    /// `posture daemon --detach`: the daemon stopped before it answered.
    DetachFailed {
        log: String,
    },
    /// `posture config edit`: the question after an invalid save.
    EditAgain,
    /// `posture config edit`: saved and valid.
    EditSaved {
        path: String,
    },
    /// `posture config edit`: the editor left the file as it was.
    EditUnchanged {
        path: String,
    },
    /// `posture config edit`: the invalid text was kept aside, the file left as it was.
    EditKeptAside {
        path: String,
        aside: String,
    },
    /// A file posture wrote (`config init --write`, `report`).
    Wrote {
        path: String,
    },
    /// `posture interval`: the new interval and the file it went into.
    IntervalSet {
        kind: Kind,
        every: Duration,
        path: String,
    },
    /// `posture meetings` with nothing in the calendars for the days asked.
    NoMeetings {
        days: u16,
    },
    /// `posture meetings`: an all-day event's time column.
    AllDay,
    /// `posture meetings` without `[meetings] calendars`.
    NoCalendars,
    /// `posture config path` when the file is missing.
    NotYetCreated,
    /// `posture config init --write` when the file exists.
    AlreadyExists {
        path: String,
    },
    /// `posture config check`: the file is valid.
    ConfigOk {
        path: String,
    },
    /// `posture config check FILE` for a missing file.
    CannotCheckMissing {
        path: String,
    },
    /// Break screen: input paused the countdown.
    HandsOff,
    /// Break screen: the countdown runs while nobody touches keyboard or mouse.
    CountingDown,
    /// Break screen, strict: the way out when Skip is hidden.
    HoldEscapeToSkip,
    /// Break screen, strict: how many snoozes today still allows.
    SnoozesLeft {
        left: u32,
    },
    /// Break screen: where the exercise comes from (a document's title).
    SourceLine {
        title: String,
    },
    /// Break screen, under "Break done": it closes at the next touch.
    BackToWork,
    /// The control socket failed while talking to the daemon; `reason` is the system's error.
    DaemonSocket {
        reason: String,
    },
    /// The daemon's answer was not a response; `what` says how.
    DaemonUnexpected {
        what: String,
    },
    /// What [`Message::DaemonUnexpected`] says when the connection closed without a line.
    DaemonClosed,
    /// The daemon answered with neither a status nor a reason.
    DaemonRefused,
    /// `autostart enable --systemd` on a system without systemd.
    SystemdIsForLinux {
        instead: OtherAutostart,
    },
    /// HOME is needed (macOS: where the LaunchAgent goes) and not set.
    HomeNotSet,
    /// macOS: the LaunchAgent was written.
    LaunchAgentWritten {
        path: String,
    },
    /// `autostart disable` found nothing of posture's on macOS or Windows.
    NothingToDisableThere {
        what: OtherAutostart,
        path: String,
    },
    /// `posture tip --id` with an id no card has.
    NoSuchCard {
        id: String,
    },
    /// `posture tip --svg/--png` for a card drawn without a picture.
    CardWithoutPicture {
        id: String,
    },
    /// The configuration file named with --config or POSTURE_CONFIG is not there.
    ConfigFileMissing {
        path: String,
    },
    /// A step failed; the reason, if any, follows after a colon.
    StepFailed {
        step: Step,
    },
    /// Neither the XDG variable nor HOME is set, so a directory has no place.
    NoHome {
        variable: String,
    },
    /// systemd cannot run a program at this path.
    SystemdPathUnusable {
        program: String,
    },
    /// A file operation failed; the system's reason follows after a colon.
    FileFailed {
        action: FileAction,
        path: String,
    },
    /// `autostart status` on macOS or Windows: what starts posture at login, if anything.
    OtherAutostartStatus {
        what: OtherAutostart,
        found: Option<String>,
    },
    /// Log line when a calendar file cannot be read now: its last good read stays in use.
    CalendarKept {
        problem: String,
    },
    /// Log line when a calendar file cannot be watched for changes.
    CalendarUnwatched {
        path: String,
        problem: String,
    },
}

/// What posture was doing with a file when the system refused (see [`Message::FileFailed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    Read,
    Write,
    Create,
    CreateDir,
    Remove,
    /// Reading the user's tip file (`tips.extra_file`).
    ReadTips,
    /// Reading a calendar file (`meetings.calendars`).
    ReadCalendar,
    /// Listening on the control socket at the path.
    Listen,
    /// Writing the man pages into the directory.
    WriteManPages,
    /// Making the path absolute (for the daemon started at login, or the file watcher).
    MakeAbsolute,
    /// Running the program (`path` is its command line: the editor).
    Run,
    /// Expanding `~` in the path, with no HOME to expand it to.
    ExpandHome,
    /// The path is not UTF-8, which an autostart entry or unit needs.
    PathNotUtf8,
}

/// A step without a path that failed (see [`Message::StepFailed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    FindStateDir,
    PrepareStateDir,
    FindProgram,
    StartDaemon,
    FindHistory,
    ReadStdin,
    WriteStdout,
    /// No XDG_CONFIG_HOME or HOME to put the configuration file under.
    PlaceConfig,
    /// `posture simulate` without a trace or --history.
    NoTrace,
    /// An autostart command line without a program.
    NoProgram,
}

/// What starts posture at login where there is no systemd or XDG autostart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherAutostart {
    /// macOS: a LaunchAgent in ~/Library/LaunchAgents.
    LaunchAgent,
    /// Windows: a value in the per-user Run key.
    RunKey,
}

/// Why posture refuses a directory that must be private to the user (the runtime directory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirRefusal {
    Symlink,
    NotADirectory,
    /// Owned by this uid.
    OtherUser(u32),
    /// Its permission bits.
    WritableByOthers(u32),
}

/// Why posture refuses to read a file it was given (a configuration, tip or calendar file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadRefusal {
    /// A FIFO, a device or a directory: reading it could hang or never end.
    NotARegularFile,
    /// Longer than posture reads of such a file.
    LargerThan { mib: u64 },
    /// Not UTF-8, where posture reads text (configuration and tip files).
    NotUtf8,
}

/// What starts posture at login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutostartKind {
    /// An XDG autostart entry.
    Entry,
    /// A systemd user unit.
    Unit,
}

/// Renders a message in a language.
pub fn render(lang: Lang, msg: &Message) -> String {
    match lang {
        Lang::En => english(msg),
        Lang::Nl => dutch(msg),
    }
}

fn english(msg: &Message) -> String {
    match msg {
        Message::BreakName { kind } => capitalized(Lang::En, *kind),
        Message::BreakTitle { kind } => format!("Time for a {}", name(Lang::En, *kind)),
        Message::RepeatTitle { kind } => format!("Still sitting — time for a {}", name(Lang::En, *kind)),
        Message::DailyLimitTitle { sitting } => format!("{} of sitting today", duration_long(Lang::En, *sitting)),
        Message::DailyLimitBody => {
            "That is enough sitting for one day. Make the rest of it active: a walk, the stairs, a call taken standing."
                .into()
        }
        Message::ConfigErrorTitle => "Your posture config has an error".into(),
        Message::Done => "Done".into(),
        Message::Snooze { snooze } => format!("Snooze {}", duration_short(Lang::En, *snooze)),
        Message::Skip => "Skip".into(),
        Message::BreakLength { length } => {
            format!("Take {} away from keyboard and mouse.", duration_short(Lang::En, *length))
        }
        Message::SoonTitle { kind, due_in } => {
            format!("{} in {}", english(&Message::BreakName { kind: *kind }), duration_short(Lang::En, *due_in))
        }
        Message::SoonBody => "Finish what you are doing, or start now.".into(),
        Message::StartNow => "Start now".into(),
        Message::BreakDoneTitle => "Break done".into(),
        Message::Next { kind, due_in, sitting } => format!(
            "Next: {} in {} · sitting {}",
            name(Lang::En, *kind),
            duration_short(Lang::En, round_up_to_minute(*due_in)),
            duration_short(Lang::En, *sitting)
        ),
        Message::BreakDue { kind } => format!("Due now: {}", name(Lang::En, *kind)),
        Message::SnoozedUntil { until } => format!("Snoozed until {}", clock(*until)),
        Message::Paused => "Paused".into(),
        Message::PausedUntil { until } => format!("Paused until {}", clock(*until)),
        Message::InMeeting => "In a meeting".into(),
        Message::InMeetingUntil { until } => format!("In a meeting until {}", clock(*until)),
        Message::Away => "Away".into(),
        Message::OutsideSchedule => "Outside your schedule".into(),
        Message::MenuTakeBreak => "Movement break now".into(),
        Message::MenuQuickCheck => "Posture check now".into(),
        Message::MenuSnooze => "Snooze".into(),
        Message::MenuFor { length } => duration_long(Lang::En, *length),
        Message::MenuUntilMeetingEnds => "Until the meeting ends".into(),
        Message::MenuPause => "Pause".into(),
        Message::MenuUntilTomorrow => "Until tomorrow".into(),
        Message::MenuUntilResumed => "Until I resume".into(),
        Message::MenuResume => "Resume".into(),
        Message::MenuIntervals => "Intervals".into(),
        Message::MenuEvery { every } => format!("Every {}", duration_short(Lang::En, *every)),
        Message::MenuToday { sitting, breaks } => format!(
            "Today: {} sitting · {breaks} {}",
            duration_short(Lang::En, *sitting),
            if *breaks == 1 { "break" } else { "breaks" }
        ),
        Message::MenuOpenSettings => "Open settings".into(),
        Message::MenuQuit => "Quit".into(),
        Message::WarningSignsIntro => "Warning signs: reasons to see a doctor, not break exercises.".into(),
        Message::MenuWarningSigns => "When to see a doctor".into(),
        Message::HandsOff => "Hands off the keyboard and mouse to continue".into(),
        Message::CountingDown => "The break counts down while you leave the keyboard and mouse alone".into(),
        Message::HoldEscapeToSkip => "Hold Escape for 3 seconds to skip".into(),
        Message::SnoozesLeft { left: 0 } => "No snoozes left today".into(),
        Message::SnoozesLeft { left: 1 } => "1 snooze left today".into(),
        Message::SnoozesLeft { left } => format!("{left} snoozes left today"),
        Message::SourceLine { title } => format!("Source: {title}"),
        Message::BackToWork => "Well done. Touch any key to close.".into(),
        Message::DaemonSocket { reason } => format!("talking to the daemon: {reason}"),
        Message::DaemonUnexpected { what } => format!("the daemon sent something unexpected: {what}"),
        Message::DaemonClosed => "the connection closed without an answer".into(),
        Message::DaemonRefused => "the daemon refused".into(),
        Message::SystemdIsForLinux { instead: OtherAutostart::LaunchAgent } => {
            "--systemd is for Linux; on macOS posture uses a LaunchAgent".into()
        }
        Message::SystemdIsForLinux { instead: OtherAutostart::RunKey } => {
            "--systemd is for Linux; on Windows posture uses the Run key".into()
        }
        Message::HomeNotSet => "HOME is not set".into(),
        Message::ConfigFileMissing { path } => format!("configuration file {path} does not exist"),
        Message::NoSuchCard { id } => format!("no card has the id `{id}`"),
        Message::CardWithoutPicture { id } => format!("the card `{id}` has no picture"),
        Message::FileFailed { action, path } => match action {
            FileAction::Read => format!("cannot read {path}"),
            FileAction::Write => format!("cannot write {path}"),
            FileAction::Create => format!("cannot create {path}"),
            FileAction::CreateDir => format!("cannot create the directory {path}"),
            FileAction::Remove => format!("cannot remove {path}"),
            FileAction::ReadTips => format!("cannot read the tip file {path} (tips.extra_file)"),
            FileAction::ReadCalendar => format!("cannot read calendar {path}"),
            FileAction::Listen => format!("binding {path}"),
            FileAction::WriteManPages => format!("writing man pages to {path}"),
            FileAction::MakeAbsolute => format!("cannot make {path} absolute"),
            FileAction::Run => format!("cannot run {path}"),
            FileAction::ExpandHome => format!("cannot expand {path}: HOME is not set"),
            FileAction::PathNotUtf8 => format!("{path} is not valid UTF-8, which desktop entries require"),
        },
        Message::StepFailed { step } => match step {
            Step::FindStateDir => "finding the state directory",
            Step::PrepareStateDir => "preparing the state directory",
            Step::FindProgram => "finding the path of the posture binary",
            Step::StartDaemon => "starting the daemon",
            Step::FindHistory => "finding the history database",
            Step::ReadStdin => "reading the trace from standard input",
            Step::WriteStdout => "cannot write to standard output",
            Step::PlaceConfig => "cannot place the configuration file; pass --config FILE",
            Step::NoTrace => "a trace file is needed (or --history)",
            Step::NoProgram => "no program to start",
        }
        .into(),
        Message::NoHome { variable } => format!("neither {variable} nor HOME is set"),
        Message::SystemdPathUnusable { program } => format!(
            "systemd cannot start a program whose path has quotes, backslashes or control characters: {program}; \
             move posture elsewhere, or use `posture autostart enable` without --systemd"
        ),
        Message::LaunchAgentWritten { path } => format!("wrote {path}; it loads at your next login"),
        Message::NothingToDisableThere { what: OtherAutostart::LaunchAgent, path } => {
            format!("nothing to disable: no LaunchAgent of posture's at {path}")
        }
        Message::NothingToDisableThere { what: OtherAutostart::RunKey, path } => {
            format!("nothing to disable: no Run value named posture in {path}")
        }
        Message::OtherAutostartStatus { what: OtherAutostart::LaunchAgent, found } => {
            format!("launch agent: {}", found.as_deref().unwrap_or("none"))
        }
        Message::OtherAutostartStatus { what: OtherAutostart::RunKey, found } => {
            format!("autostart: {}", found.as_deref().unwrap_or("none"))
        }
        Message::AdviceIntro => "Advice for your workplace and your day, not break exercises.".into(),
        Message::NoIdleMonitorTitle => "posture cannot see your keyboard and mouse".into(),
        Message::MenuNoIdleMonitor => "Keyboard and mouse unseen: time away counts as sitting".into(),
        Message::NoTrayHost => "No tray on this desktop yet: the posture icon appears once a panel with a tray \
            starts (GNOME needs the AppIndicator extension). Reminders work without it."
            .into(),
        Message::ReadRefused { path, why: ReadRefusal::NotARegularFile } => {
            format!("{path}: not a regular file; posture reads only ordinary files")
        }
        Message::ReadRefused { path, why: ReadRefusal::LargerThan { mib } } => {
            format!("{path}: larger than {mib} MiB, more than posture reads of such a file")
        }
        Message::ReadRefused { path, why: ReadRefusal::NotUtf8 } => {
            format!("{path}: not UTF-8 text; posture reads this file as UTF-8")
        }
        Message::Stopped => "posture stopped.".into(),
        Message::NoConfigFile { path } => {
            format!("{path}: no such file; the built-in defaults apply (`posture config init --write` creates it)")
        }
        Message::Running { kind, due_in, idle, lock, tray, meetings } => format!(
            "posture is running; {}. Keyboard and mouse: {} · screen lock: {} · tray: {} · meetings from: {}",
            if due_in.is_zero() {
                format!("a {} is due now", name(Lang::En, *kind))
            } else {
                format!("first {} in {}", name(Lang::En, *kind), duration_short(Lang::En, round_up_to_minute(*due_in)))
            },
            idle.as_deref().unwrap_or("none"),
            lock.as_deref().unwrap_or("none"),
            if *tray { "on" } else { "off" },
            sources(Lang::En, meetings),
        ),
        Message::LogBreakDue { kind, repeat: 0 } => format!("{} due", capitalized(Lang::En, *kind)),
        Message::LogBreakDue { kind, repeat } => {
            format!("{} due (reminder {})", capitalized(Lang::En, *kind), repeat + 1)
        }
        Message::LogBreakTaken { kind, natural: false } => format!("{} taken", capitalized(Lang::En, *kind)),
        Message::LogBreakTaken { kind, natural: true } => {
            format!("{} taken on your own", capitalized(Lang::En, *kind))
        }
        Message::LogBreakSkipped { kind } => format!("{} skipped", capitalized(Lang::En, *kind)),
        Message::LogBreakWithdrawn { kind } => format!("{} no longer due", capitalized(Lang::En, *kind)),
        Message::LogResumed => "Resumed".into(),
        Message::LogMeetingEnded => "Meeting ended".into(),
        Message::LogReloaded { path } => format!("Settings read again from {path}"),
        Message::CalendarKept { problem } => format!("{problem}; keeping what was read before"),
        Message::CalendarUnwatched { path, problem } => {
            format!("cannot watch calendar {path}: {problem}; it is read again once a day")
        }
        Message::SkippedNext { kind } => {
            format!("Nothing was due, so the next {} is skipped; its count starts again.", name(Lang::En, *kind))
        }
        Message::ConfigIgnored => "--config is for the daemon and the commands that read the file; the running \
             daemon uses the file it started with (`posture status --json` shows it)"
            .into(),
        Message::Detached { pid, log } => {
            format!("posture is running in the background (pid {pid}); `posture quit` stops it. Its log: {log}")
        }
        Message::DetachFailed { log } => format!("the daemon did not start (its log: {log})"),
        Message::AlreadyRunning { pid } => format!("already running as pid {pid}; `posture quit` stops it"),
        Message::AutostartNothingToDisable => "nothing to disable: posture wrote no autostart file".into(),
        Message::AutostartLeftAlone { path, instead: None } => format!("left {path} alone: posture did not write it"),
        Message::AutostartLeftAlone { path, instead: Some(kind) } => format!(
            "left {path} alone: posture did not write it; remove it to let posture install its {}",
            match kind {
                AutostartKind::Entry => "XDG autostart entry",
                AutostartKind::Unit => "systemd user unit",
            }
        ),
        Message::AutostartHides { entry, system, already: true } => format!("{entry} already hides {system}"),
        Message::AutostartHides { entry, system, already: false } => {
            format!("wrote {entry}: it hides the system-wide {system} for you")
        }
        Message::Removed { path } => format!("removed {path}"),
        Message::UnitEnabled { unit } => format!("enabled {unit}: it starts with your next graphical session"),
        Message::SystemctlUnusable { reason, run } => {
            format!("systemctl --user is not usable here ({reason}); run:\n  {run}")
        }
        Message::AlreadyEnabled { path } => format!("already enabled: {path}"),
        Message::DirRefused { dir, why: DirRefusal::Symlink } => {
            format!("{dir}: is a symbolic link; posture will not use it (remove it)")
        }
        Message::DirRefused { dir, why: DirRefusal::NotADirectory } => format!("{dir}: is not a directory"),
        Message::DirRefused { dir, why: DirRefusal::OtherUser(uid) } => {
            format!("{dir}: belongs to another user (uid {uid}); posture will not use it")
        }
        Message::DirRefused { dir, why: DirRefusal::WritableByOthers(mode) } => format!(
            "{dir}: is writable by others (mode {mode:o}); posture will not use it (`chmod 700` it or remove it)"
        ),
        Message::NothingMatches { filters: Some(filters) } => format!("nothing matches {filters}"),
        Message::NothingMatches { filters: None } => "nothing matches an empty filter".into(),
        Message::NotRunning { socket } => format!(
            "posture is not running (no daemon at {socket}); `posture` starts it, `posture daemon --detach` in the background"
        ),
        Message::EditorFailed { editor, code } => {
            let status = code.map_or_else(|| "stopped by a signal".to_string(), |code| format!("exit status: {code}"));
            format!("{editor} stopped with an error ({status}); the file is left as it was")
        }
        Message::EditAgain => "Edit again? [Y/n] ".into(),
        Message::EditSaved { path } => format!("{path}: ok; a running posture applies it now"),
        Message::EditUnchanged { path } => format!("{path}: unchanged"),
        Message::EditKeptAside { path, aside } => {
            format!("{path} is left as it was; your edit is kept in {aside}")
        }
        Message::Wrote { path } => format!("Wrote {path}"),
        Message::IntervalSet { kind, every, path } => format!(
            "{} every {} from now on; written to {path}",
            capitalized(Lang::En, *kind),
            duration_short(Lang::En, *every)
        ),
        Message::NoMeetings { days: 1 } => "No events in your calendars today.".into(),
        Message::NoMeetings { days } => format!("No events in your calendars in the next {days} days."),
        Message::AllDay => "all day".into(),
        Message::NoCalendars => "no calendars configured; add `calendars = [\"~/…/work.ics\"]` under [meetings]".into(),
        Message::NotYetCreated => "(does not exist yet; `posture config init --write` creates it)".into(),
        Message::AlreadyExists { path } => {
            format!("{path} already exists; not overwriting it (`posture config edit` edits it)")
        }
        Message::ConfigOk { path } => format!("{path}: ok"),
        Message::CannotCheckMissing { path } => format!("cannot check {path}: the file does not exist"),
        Message::NoIdleMonitorBody => {
            "Time away from the desk counts as sitting until you lock the screen. posture needs \
             Mutter's idle monitor on GNOME, ext-idle-notify-v1 or org_kde_kwin_idle from other Wayland compositors, \
             or the MIT-SCREEN-SAVER extension on X11."
                .into()
        }
    }
}

fn dutch(msg: &Message) -> String {
    match msg {
        Message::BreakName { kind } => capitalized(Lang::Nl, *kind),
        Message::BreakTitle { kind } => format!("Tijd voor een {}", name(Lang::Nl, *kind)),
        Message::RepeatTitle { kind } => format!("Je zit nog steeds — tijd voor een {}", name(Lang::Nl, *kind)),
        Message::DailyLimitTitle { sitting } => format!("Vandaag al {} gezeten", duration_long(Lang::Nl, *sitting)),
        Message::DailyLimitBody => {
            "Genoeg gezeten voor vandaag. Maak de rest van de dag actief: een wandeling, de trap, staand bellen.".into()
        }
        Message::ConfigErrorTitle => "Er zit een fout in je posture-configuratie".into(),
        Message::Done => "Klaar".into(),
        Message::Snooze { snooze } => format!("{} uitstellen", duration_short(Lang::Nl, *snooze)),
        Message::Skip => "Overslaan".into(),
        Message::BreakLength { length } => {
            format!("Neem {} afstand van toetsenbord en muis.", duration_short(Lang::Nl, *length))
        }
        Message::SoonTitle { kind, due_in } => {
            format!("{} over {}", dutch(&Message::BreakName { kind: *kind }), duration_short(Lang::Nl, *due_in))
        }
        Message::SoonBody => "Rond af waar je mee bezig bent, of begin nu.".into(),
        Message::StartNow => "Nu beginnen".into(),
        Message::BreakDoneTitle => "Pauze gedaan".into(),
        Message::Next { kind, due_in, sitting } => format!(
            "Volgende: {} over {} · zit al {}",
            name(Lang::Nl, *kind),
            duration_short(Lang::Nl, round_up_to_minute(*due_in)),
            duration_short(Lang::Nl, *sitting)
        ),
        Message::BreakDue { kind } => format!("Nu aan de beurt: {}", name(Lang::Nl, *kind)),
        Message::SnoozedUntil { until } => format!("Uitgesteld tot {}", clock(*until)),
        Message::Paused => "Gepauzeerd".into(),
        Message::PausedUntil { until } => format!("Gepauzeerd tot {}", clock(*until)),
        Message::InMeeting => "In een vergadering".into(),
        Message::InMeetingUntil { until } => format!("In een vergadering tot {}", clock(*until)),
        Message::Away => "Afwezig".into(),
        Message::OutsideSchedule => "Buiten je schema".into(),
        Message::MenuTakeBreak => "Nu een beweegpauze".into(),
        Message::MenuQuickCheck => "Nu een houdingscheck".into(),
        Message::MenuSnooze => "Uitstellen".into(),
        Message::MenuFor { length } => duration_long(Lang::Nl, *length),
        Message::MenuUntilMeetingEnds => "Tot de vergadering afloopt".into(),
        Message::MenuPause => "Pauzeren".into(),
        Message::MenuUntilTomorrow => "Tot morgen".into(),
        Message::MenuUntilResumed => "Tot ik hervat".into(),
        Message::MenuResume => "Hervatten".into(),
        Message::MenuIntervals => "Intervallen".into(),
        Message::MenuEvery { every } => format!("Elke {}", duration_short(Lang::Nl, *every)),
        Message::MenuToday { sitting, breaks } => format!(
            "Vandaag: {} gezeten · {breaks} {}",
            duration_short(Lang::Nl, *sitting),
            if *breaks == 1 { "pauze" } else { "pauzes" }
        ),
        Message::MenuOpenSettings => "Instellingen openen".into(),
        Message::MenuQuit => "Afsluiten".into(),
        Message::WarningSignsIntro => {
            "Waarschuwingssignalen: redenen om naar een arts te gaan, geen pauzeoefening.".into()
        }
        Message::AdviceIntro => "Adviezen voor je werkplek en je dag, geen pauzeoefening.".into(),
        Message::NoIdleMonitorTitle => "posture ziet je toetsenbord en muis niet".into(),
        Message::MenuNoIdleMonitor => "Toetsenbord en muis onzichtbaar: tijd weg telt als zitten".into(),
        Message::NoTrayHost => "Dit bureaublad heeft (nog) geen systeemvak: het posture-icoon verschijnt zodra er \
            een paneel met systeemvak draait (GNOME heeft daarvoor de AppIndicator-extensie nodig). \
            Herinneringen werken ook zonder."
            .into(),
        Message::ReadRefused { path, why: ReadRefusal::NotARegularFile } => {
            format!("{path}: geen gewoon bestand; posture leest alleen gewone bestanden")
        }
        Message::ReadRefused { path, why: ReadRefusal::LargerThan { mib } } => {
            format!("{path}: groter dan {mib} MiB, meer dan posture van zo'n bestand leest")
        }
        Message::ReadRefused { path, why: ReadRefusal::NotUtf8 } => {
            format!("{path}: geen UTF-8-tekst; posture leest dit bestand als UTF-8")
        }
        Message::Stopped => "posture is gestopt.".into(),
        Message::NoConfigFile { path } => {
            format!(
                "{path}: bestaat niet; de ingebouwde standaardinstellingen gelden (`posture config init --write` maakt het aan)"
            )
        }
        Message::Running { kind, due_in, idle, lock, tray, meetings } => format!(
            "posture draait; {}. Toetsenbord en muis: {} · schermvergrendeling: {} · systeembalk: {} · vergaderingen via: {}",
            if due_in.is_zero() {
                format!("nu is het tijd voor een {}", name(Lang::Nl, *kind))
            } else {
                format!(
                    "eerste {} over {}",
                    name(Lang::Nl, *kind),
                    duration_short(Lang::Nl, round_up_to_minute(*due_in))
                )
            },
            idle.as_deref().unwrap_or("geen"),
            lock.as_deref().unwrap_or("geen"),
            if *tray { "aan" } else { "uit" },
            sources(Lang::Nl, meetings),
        ),
        Message::LogBreakDue { kind, repeat: 0 } => format!("Tijd voor een {}", name(Lang::Nl, *kind)),
        Message::LogBreakDue { kind, repeat } => {
            format!("Tijd voor een {} (herinnering {})", name(Lang::Nl, *kind), repeat + 1)
        }
        Message::LogBreakTaken { kind, natural: false } => format!("{} genomen", capitalized(Lang::Nl, *kind)),
        Message::LogBreakTaken { kind, natural: true } => {
            format!("{} uit jezelf genomen", capitalized(Lang::Nl, *kind))
        }
        Message::LogBreakSkipped { kind } => format!("{} overgeslagen", capitalized(Lang::Nl, *kind)),
        Message::LogBreakWithdrawn { kind } => format!("{} is niet meer nodig", capitalized(Lang::Nl, *kind)),
        Message::LogResumed => "Hervat".into(),
        Message::LogMeetingEnded => "Vergadering afgelopen".into(),
        Message::LogReloaded { path } => format!("Instellingen opnieuw gelezen uit {path}"),
        Message::CalendarKept { problem } => format!("{problem}; wat eerder gelezen was, blijft gelden"),
        Message::CalendarUnwatched { path, problem } => {
            format!("kan agenda {path} niet volgen: {problem}; die wordt eens per dag opnieuw gelezen")
        }
        Message::SkippedNext { kind } => {
            format!(
                "Er stond niets open, dus de volgende {} is overgeslagen; de telling begint opnieuw.",
                name(Lang::Nl, *kind)
            )
        }
        Message::ConfigIgnored => "--config is voor de daemon en de commando's die het bestand lezen; de daemon \
             die draait gebruikt het bestand waarmee hij startte (`posture status --json` laat het zien)"
            .into(),
        Message::Detached { pid, log } => {
            format!("posture draait op de achtergrond (pid {pid}); `posture quit` stopt hem. Zijn log: {log}")
        }
        Message::DetachFailed { log } => format!("de daemon is niet gestart (zijn log: {log})"),
        Message::AlreadyRunning { pid } => format!("draait al als pid {pid}; `posture quit` stopt hem"),
        Message::AutostartNothingToDisable => {
            "niets uit te zetten: posture heeft geen autostartbestand geschreven".into()
        }
        Message::AutostartLeftAlone { path, instead: None } => {
            format!("{path} niet aangeraakt: dat heeft posture niet geschreven")
        }
        Message::AutostartLeftAlone { path, instead: Some(kind) } => format!(
            "{path} niet aangeraakt: dat heeft posture niet geschreven; haal het weg, dan installeert posture {}",
            match kind {
                AutostartKind::Entry => "zijn XDG-autostartbestand",
                AutostartKind::Unit => "zijn systemd-gebruikersunit",
            }
        ),
        Message::AutostartHides { entry, system, already: true } => format!("{entry} verbergt {system} al"),
        Message::AutostartHides { entry, system, already: false } => {
            format!("{entry} geschreven: het verbergt het systeembrede {system} voor jou")
        }
        Message::Removed { path } => format!("{path} verwijderd"),
        Message::UnitEnabled { unit } => format!("{unit} aangezet: het start bij je volgende grafische sessie"),
        Message::SystemctlUnusable { reason, run } => {
            format!("systemctl --user werkt hier niet ({reason}); voer zelf uit:\n  {run}")
        }
        Message::AlreadyEnabled { path } => format!("staat al aan: {path}"),
        Message::DirRefused { dir, why: DirRefusal::Symlink } => {
            format!("{dir}: is een symbolische koppeling; posture gebruikt die niet (verwijder hem)")
        }
        Message::DirRefused { dir, why: DirRefusal::NotADirectory } => format!("{dir}: is geen map"),
        Message::DirRefused { dir, why: DirRefusal::OtherUser(uid) } => {
            format!("{dir}: is van een andere gebruiker (uid {uid}); posture gebruikt die niet")
        }
        Message::DirRefused { dir, why: DirRefusal::WritableByOthers(mode) } => format!(
            "{dir}: anderen mogen erin schrijven (modus {mode:o}); posture gebruikt die niet (`chmod 700` hem of verwijder hem)"
        ),
        Message::NothingMatches { filters: Some(filters) } => format!("geen enkele kaart past bij {filters}"),
        Message::NothingMatches { filters: None } => "geen enkele kaart past bij een leeg filter".into(),
        Message::NotRunning { socket } => format!(
            "posture draait niet (geen daemon op {socket}); `posture` start hem, `posture daemon --detach` op de achtergrond"
        ),
        Message::EditorFailed { editor, code } => {
            let status =
                code.map_or_else(|| "gestopt door een signaal".to_string(), |code| format!("afsluitcode {code}"));
            format!("{editor} stopte met een fout ({status}); het bestand is gebleven zoals het was")
        }
        Message::EditAgain => "Opnieuw bewerken? [J/n] ".into(),
        Message::EditSaved { path } => format!("{path}: in orde; een draaiende posture gebruikt het meteen"),
        Message::EditUnchanged { path } => format!("{path}: niet veranderd"),
        Message::EditKeptAside { path, aside } => {
            format!("{path} is gebleven zoals het was; je wijziging staat in {aside}")
        }
        Message::Wrote { path } => format!("{path} geschreven"),
        Message::IntervalSet { kind, every, path } => format!(
            "Voortaan elke {} een {}; opgeslagen in {path}",
            duration_short(Lang::Nl, *every),
            name(Lang::Nl, *kind)
        ),
        Message::NoMeetings { days: 1 } => "Vandaag staat er niets in je agenda's.".into(),
        Message::NoMeetings { days } => format!("De komende {days} dagen staat er niets in je agenda's."),
        Message::AllDay => "hele dag".into(),
        Message::NoCalendars => "geen agenda's ingesteld; zet `calendars = [\"~/…/werk.ics\"]` onder [meetings]".into(),
        Message::NotYetCreated => "(bestaat nog niet; `posture config init --write` maakt het aan)".into(),
        Message::AlreadyExists { path } => {
            format!("{path} bestaat al; het wordt niet overschreven (`posture config edit` bewerkt het)")
        }
        Message::ConfigOk { path } => format!("{path}: in orde"),
        Message::CannotCheckMissing { path } => format!("kan {path} niet controleren: het bestand bestaat niet"),
        Message::NoIdleMonitorBody => "Tijd weg van je bureau telt als zitten, tot je het scherm vergrendelt. posture \
             heeft nodig: de idle-monitor van Mutter op GNOME, ext-idle-notify-v1 of org_kde_kwin_idle van andere \
             Wayland-compositors, of de MIT-SCREEN-SAVER-extensie op X11."
            .into(),
        Message::MenuWarningSigns => "Wanneer naar de dokter".into(),
        Message::HandsOff => "Laat toetsenbord en muis los om verder te gaan".into(),
        Message::CountingDown => "De pauze telt af zolang je toetsenbord en muis niet aanraakt".into(),
        Message::HoldEscapeToSkip => "Houd Escape 3 seconden ingedrukt om over te slaan".into(),
        Message::SnoozesLeft { left: 0 } => "Vandaag kun je niet meer uitstellen".into(),
        Message::SnoozesLeft { left } => format!("Vandaag kun je nog {left} keer uitstellen"),
        Message::SourceLine { title } => format!("Bron: {title}"),
        Message::BackToWork => "Goed gedaan. Druk op een toets om te sluiten.".into(),
        Message::DaemonSocket { reason } => format!("praten met de daemon lukte niet: {reason}"),
        Message::DaemonUnexpected { what } => format!("de daemon stuurde iets onverwachts: {what}"),
        Message::DaemonClosed => "de verbinding ging dicht zonder antwoord".into(),
        Message::DaemonRefused => "de daemon weigerde".into(),
        Message::SystemdIsForLinux { instead: OtherAutostart::LaunchAgent } => {
            "--systemd is voor Linux; op macOS gebruikt posture een LaunchAgent".into()
        }
        Message::SystemdIsForLinux { instead: OtherAutostart::RunKey } => {
            "--systemd is voor Linux; op Windows gebruikt posture de Run-sleutel".into()
        }
        Message::HomeNotSet => "HOME is niet ingesteld".into(),
        Message::ConfigFileMissing { path } => format!("het configuratiebestand {path} bestaat niet"),
        Message::NoSuchCard { id } => format!("er is geen kaart met het id `{id}`"),
        Message::CardWithoutPicture { id } => format!("de kaart `{id}` heeft geen afbeelding"),
        Message::FileFailed { action, path } => match action {
            FileAction::Read => format!("kan {path} niet lezen"),
            FileAction::Write => format!("kan {path} niet schrijven"),
            FileAction::Create => format!("kan {path} niet aanmaken"),
            FileAction::CreateDir => format!("kan de map {path} niet aanmaken"),
            FileAction::Remove => format!("kan {path} niet verwijderen"),
            FileAction::ReadTips => format!("kan het tipbestand {path} niet lezen (tips.extra_file)"),
            FileAction::ReadCalendar => format!("kan de agenda {path} niet lezen"),
            FileAction::Listen => format!("kan niet luisteren op {path}"),
            FileAction::WriteManPages => format!("kan de man-pagina's niet in {path} schrijven"),
            FileAction::MakeAbsolute => format!("kan {path} niet absoluut maken"),
            FileAction::Run => format!("kan {path} niet starten"),
            FileAction::ExpandHome => format!("kan {path} niet uitvouwen: HOME is niet ingesteld"),
            FileAction::PathNotUtf8 => {
                format!("{path} is geen geldige UTF-8, en die hebben autostartbestanden nodig")
            }
        },
        Message::StepFailed { step } => match step {
            Step::FindStateDir => "kan de statusmap niet vinden",
            Step::PrepareStateDir => "kan de statusmap niet klaarzetten",
            Step::FindProgram => "kan het programma posture niet vinden",
            Step::StartDaemon => "kan de daemon niet starten",
            Step::FindHistory => "kan de geschiedenis niet vinden",
            Step::ReadStdin => "kan de trace niet van standaardinvoer lezen",
            Step::WriteStdout => "kan niet naar standaarduitvoer schrijven",
            Step::PlaceConfig => "weet niet waar het configuratiebestand hoort; geef --config BESTAND",
            Step::NoTrace => "er is een tracebestand nodig (of --history)",
            Step::NoProgram => "geen programma om te starten",
        }
        .into(),
        Message::NoHome { variable } => format!("{variable} en HOME zijn allebei niet ingesteld"),
        Message::SystemdPathUnusable { program } => format!(
            "systemd kan geen programma starten met aanhalingstekens, backslashes of stuurtekens in zijn pad: \
             {program}; zet posture ergens anders neer, of gebruik `posture autostart enable` zonder --systemd"
        ),
        Message::LaunchAgentWritten { path } => {
            format!("{path} geschreven; het wordt geladen bij je volgende aanmelding")
        }
        Message::NothingToDisableThere { what: OtherAutostart::LaunchAgent, path } => {
            format!("niets uit te zetten: geen LaunchAgent van posture in {path}")
        }
        Message::NothingToDisableThere { what: OtherAutostart::RunKey, path } => {
            format!("niets uit te zetten: geen Run-waarde met de naam posture in {path}")
        }
        Message::OtherAutostartStatus { what: OtherAutostart::LaunchAgent, found } => {
            format!("LaunchAgent:  {}", found.as_deref().unwrap_or("geen"))
        }
        Message::OtherAutostartStatus { what: OtherAutostart::RunKey, found } => {
            format!("autostart: {}", found.as_deref().unwrap_or("geen"))
        }
    }
}

/// The break's name capitalized, to open a sentence or label.
fn capitalized(lang: Lang, kind: Kind) -> String {
    let name = name(lang, kind);
    let mut chars = name.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The meeting sources, listed: "calendar, do not disturb", or "none".
fn sources(lang: Lang, sources: &[Source]) -> String {
    if sources.is_empty() {
        return match lang {
            Lang::En => "none".into(),
            Lang::Nl => "geen".into(),
        };
    }
    sources.iter().map(|source| meeting_source(lang, *source)).collect::<Vec<_>>().join(", ")
}

/// A meeting source's name, as the status line lists the sources holding a meeting.
pub fn meeting_source(lang: Lang, source: Source) -> &'static str {
    match (lang, source) {
        (Lang::En, Source::Manual) => "you",
        (Lang::En, Source::Camera) => "camera",
        (Lang::En, Source::Microphone) => "microphone",
        (Lang::En, Source::Calendar) => "calendar",
        (Lang::En, Source::DoNotDisturb) => "do not disturb",
        (Lang::En, Source::Fullscreen) => "fullscreen window",
        (Lang::Nl, Source::Manual) => "jij",
        (Lang::Nl, Source::Camera) => "camera",
        (Lang::Nl, Source::Microphone) => "microfoon",
        (Lang::Nl, Source::Calendar) => "agenda",
        (Lang::Nl, Source::DoNotDisturb) => "niet storen",
        (Lang::Nl, Source::Fullscreen) => "venster op volledig scherm",
    }
}

/// Why a control command was refused, in `lang`: words that are not a command, or a command
/// the engine cannot apply.
pub fn command_error(lang: Lang, err: &CommandError) -> String {
    match (lang, err) {
        (Lang::En, err) => err.to_string(),
        (Lang::Nl, CommandError::Empty) => "leeg commando".into(),
        (Lang::Nl, CommandError::Unknown(word)) => {
            format!("onbekend commando `{word}` (verwacht: break, snooze, pause, resume, skip, meeting of interval)")
        }
        (Lang::Nl, CommandError::Invalid { command, problem }) => {
            let problem = match problem {
                Problem::Duration(err) => duration_error(lang, err),
                Problem::Zero => "de duur moet langer zijn dan nul".into(),
                Problem::TooLong(longest) => format!("hoogstens {}", format_duration(*longest)),
                Problem::NotATime(text) => format!("`{text}` is geen tijd zoals 14:30 of `tomorrow`"),
                Problem::NotAKind(text) => format!("onbekende soort pauze `{text}` (verwacht micro of rest)"),
                Problem::Usage("break") => "gebruik: break [micro|rest]".into(),
                Problem::Usage("meeting") => "gebruik: meeting start [--for DUUR] | meeting end".into(),
                Problem::Usage("interval") => "gebruik: interval micro|rest DUUR".into(),
                Problem::Usage(_) => "neemt geen argumenten".into(),
            };
            format!("`{command}`: {problem}")
        }
    }
}

/// Why a duration could not be read, in `lang`.
pub fn duration_error(lang: Lang, err: &DurationError) -> String {
    const EXAMPLES: &str = "schrijf hem als \"30s\", \"25m\" of \"1h 30m\"";
    match (lang, err) {
        (Lang::En, err) => err.to_string(),
        (Lang::Nl, DurationError::Negative) => "een duur kan niet negatief zijn".into(),
        (Lang::Nl, DurationError::Empty) => format!("de duur is leeg; {EXAMPLES}"),
        (Lang::Nl, DurationError::MissingUnit { input }) => format!("`{input}` heeft geen eenheid; {EXAMPLES}"),
        (Lang::Nl, DurationError::UnknownUnit { input, unit }) => {
            format!("onbekende eenheid `{unit}` in `{input}`; gebruik s, m of h: {EXAMPLES}")
        }
        (Lang::Nl, DurationError::TooLarge { input }) => format!("`{input}` is te groot voor een duur"),
        (Lang::Nl, DurationError::Invalid { input }) => format!("`{input}` is geen duur; {EXAMPLES}"),
    }
}

/// A configuration problem, in `lang` (a TOML syntax message the mapping in [`toml_message`]
/// does not know stays as the TOML parser wrote it).
pub fn config_problem(lang: Lang, problem: &ConfigProblem) -> String {
    use crate::config::error::english;
    if lang == Lang::En {
        return english(problem);
    }
    let list = |items: &[&str]| items.join(", ");
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    match problem {
        ConfigProblem::Syntax(message) => format!("geen geldige TOML: {}", toml_message(lang, message)),
        ConfigProblem::UnknownKey { suggestion, section, allowed } => {
            let suggestion = suggestion.map(|s| format!(" (bedoel je `{s}`?)")).unwrap_or_default();
            let listing = match section {
                Some(section) => format!("[{section}] kent"),
                None => "toegestaan bovenaan".to_string(),
            };
            format!("onbekende sleutel{suggestion}; {listing}: {}", list(allowed))
        }
        ConfigProblem::NotATable { name, allowed, found } => {
            format!("verwacht een tabel [{name}] met {}, gevonden: {}", list(allowed), dutch_found(found))
        }
        ConfigProblem::Expected { expected, found } => {
            format!("verwacht {}, gevonden: {}", dutch_expected(expected), dutch_found(found))
        }
        ConfigProblem::UnknownLanguage(other) => {
            format!("onbekende taal `{other}`; verwacht \"auto\", \"nl\" of \"en\"")
        }
        ConfigProblem::UnknownBreakScreenMode(other) => {
            format!("onbekende stand `{other}`; verwacht \"off\", \"window\" of \"fullscreen\"")
        }
        ConfigProblem::TooManySnoozes { max } => format!("verwacht een heel getal van 0 tot en met {max}"),
        ConfigProblem::Duration(err) => duration_error(lang, err),
        ConfigProblem::DurationOrZero(err) => format!("{}; of \"0\" voor uit", duration_error(lang, err)),
        ConfigProblem::DurationOrOff(err) => format!("{}; of \"off\" voor geen daglimiet", duration_error(lang, err)),
        ConfigProblem::Zero => "moet langer zijn dan nul".into(),
        ConfigProblem::Fraction => "moet een heel aantal seconden zijn".into(),
        ConfigProblem::OverADay(value) => {
            format!("{} is langer dan een dag; het maximum is 24h", format_duration(*value))
        }
        ConfigProblem::BreakTooLong { section, every, length, duration_side: true } => {
            format!("{} moet korter zijn dan {section}.every ({})", format_duration(*length), format_duration(*every))
        }
        ConfigProblem::BreakTooLong { section, every, length, duration_side: false } => format!(
            "{} moet langer zijn dan {section}.duration ({})",
            format_duration(*every),
            format_duration(*length)
        ),
        ConfigProblem::NoDays => {
            format!("geen dagen genoemd; noem er minstens één van {} (of laat `days` weg voor elke dag)", list(&DAYS))
        }
        ConfigProblem::UnknownDay(name) => format!("onbekende dag `{name}`; verwacht een van {}", list(&DAYS)),
        ConfigProblem::HoursFormat => "verwacht uren zoals \"08:00-18:00\" (UU:MM-UU:MM, 24-uursklok)".into(),
        ConfigProblem::SameHours(at) => {
            format!("begin en einde zijn allebei {}; laat `hours` weg om de hele dag te tellen", at.format("%H:%M"))
        }
        ConfigProblem::UnknownArea(name) => {
            let names: Vec<_> = crate::tips::Area::ALL.iter().map(|a| a.as_str()).collect();
            format!("onbekend lichaamsdeel `{name}` (verwacht een van: {})", names.join(", "))
        }
        ConfigProblem::EmptyPath => "leeg pad; laat `extra_file` weg als er geen tipbestand is".into(),
        ConfigProblem::CheckTooOften => "moet minstens 5s zijn: vaker kijken kost alleen stroom".into(),
        ConfigProblem::EmptyItem(expected) => format!("leeg; verwacht {}", dutch_expected(expected)),
        ConfigProblem::NotAbsolute(text) => format!("`{text}` is geen absoluut pad"),
        ConfigProblem::MissingDefault => "ontbreekt in de ingebouwde standaardinstellingen".into(),
    }
}

fn dutch_expected(expected: &Expected) -> String {
    match expected {
        Expected::Language => "\"auto\", \"nl\" of \"en\"".into(),
        Expected::Duration => "een duur als tekst, zoals \"25m\"".into(),
        Expected::DurationOrZero => "een duur als tekst, zoals \"30s\", of \"0\" voor uit".into(),
        Expected::DurationOrOff => "een duur als tekst, zoals \"8h\", of \"off\"".into(),
        Expected::Days => "een lijst dagen, zoals [\"mon\", \"tue\"]".into(),
        Expected::Day => "een dagnaam, zoals \"mon\"".into(),
        Expected::Hours => "uren, zoals \"08:00-18:00\"".into(),
        Expected::Areas => "een lijst lichaamsdelen, zoals [\"neck\", \"shoulders\"]".into(),
        Expected::Area => "een lichaamsdeel, zoals \"neck\"".into(),
        Expected::TipFile => "een bestandspad, zoals \"my-tips.toml\"".into(),
        Expected::CalendarFile => "een pad naar een agendabestand, zoals \"~/werk.ics\"".into(),
        Expected::Email => "een e-mailadres, zoals \"ik@example.com\"".into(),
        Expected::Pattern => "een absoluut padpatroon, zoals \"/dev/video*\"".into(),
        Expected::Bool => "true of false".into(),
        Expected::BreakScreenMode => "\"off\", \"window\" of \"fullscreen\"".into(),
        Expected::SnoozeCount => "een heel getal, zoals 2".into(),
        Expected::ListOf(inner) => format!("een lijst teksten, elk {}", dutch_expected(inner)),
    }
}

fn dutch_found(found: &Found) -> String {
    match found {
        Found::Array => "een lijst".into(),
        Found::Table => "een tabel".into(),
        Found::Value { type_name, text } => {
            let type_name = match *type_name {
                "string" => "tekst",
                "integer" => "geheel getal",
                "float" => "kommagetal",
                "boolean" => "waarheidswaarde",
                "datetime" => "datum-tijd",
                other => other,
            };
            format!("{type_name} {text}")
        }
    }
}

/// A problem in a calendar file and what was done about it, in `lang`.
pub fn calendar_problem(lang: Lang, problem: &CalendarProblem) -> String {
    match (lang, problem) {
        (Lang::En, CalendarProblem::BadLine(why)) => format!("{}; the line is left out", line_problem(lang, *why)),
        (Lang::Nl, CalendarProblem::BadLine(why)) => {
            format!("{}; de regel wordt overgeslagen", line_problem(lang, *why))
        }
        (Lang::En, CalendarProblem::StrayEnd { name, open }) => {
            format!("`END:{name}` does not close the open `{open}`; the line is left out")
        }
        (Lang::Nl, CalendarProblem::StrayEnd { name, open }) => {
            format!("`END:{name}` sluit het open `{open}` niet af; de regel wordt overgeslagen")
        }
        (Lang::En, CalendarProblem::ClosedBy { begin, end, line }) => {
            format!("`BEGIN:{begin}` is closed by `END:{end}` at line {line}")
        }
        (Lang::Nl, CalendarProblem::ClosedBy { begin, end, line }) => {
            format!("`BEGIN:{begin}` wordt pas gesloten door `END:{end}` op regel {line}")
        }
        (Lang::En, CalendarProblem::CalendarNotClosed) => "`BEGIN:VCALENDAR` is never closed; read to the end".into(),
        (Lang::Nl, CalendarProblem::CalendarNotClosed) => {
            "`BEGIN:VCALENDAR` wordt nergens gesloten; tot het eind gelezen".into()
        }
        (Lang::En, CalendarProblem::NeverClosed(name)) => format!("`BEGIN:{name}` is never closed"),
        (Lang::Nl, CalendarProblem::NeverClosed(name)) => format!("`BEGIN:{name}` wordt nergens gesloten"),
        (Lang::En, CalendarProblem::NotICalendar) => "not an iCalendar file (no `BEGIN:VCALENDAR`)".into(),
        (Lang::Nl, CalendarProblem::NotICalendar) => {
            "geen iCalendar-bestand (er staat geen `BEGIN:VCALENDAR` in)".into()
        }
        (Lang::En, CalendarProblem::NotUtf8) => "not UTF-8; the file is read as Windows-1252".into(),
        (Lang::Nl, CalendarProblem::NotUtf8) => "geen UTF-8; het bestand wordt als Windows-1252 gelezen".into(),
        (Lang::En, CalendarProblem::BadEvent(why)) => format!("{}; the event is left out", event_problem(lang, why)),
        (Lang::Nl, CalendarProblem::BadEvent(why)) => {
            format!("{}; de afspraak wordt overgeslagen", event_problem(lang, why))
        }
        (Lang::En, CalendarProblem::UnknownZone(id)) => {
            format!("unknown time zone `{id}`; its times are read as local time")
        }
        (Lang::Nl, CalendarProblem::UnknownZone(id)) => {
            format!("onbekende tijdzone `{id}`; de tijden worden als lokale tijd gelezen")
        }
        (Lang::En, CalendarProblem::BadCount(value)) => {
            format!("`COUNT={value}` is not a number of instances; the rule is followed without it")
        }
        (Lang::Nl, CalendarProblem::BadCount(value)) => {
            format!("`COUNT={value}` is geen geldig aantal keren; de herhaalregel geldt zonder COUNT")
        }
        (Lang::En, CalendarProblem::TooManySteps { max }) => format!(
            "the repeating events from here on need more than {max} steps to reach today; \
             the rest of this event's and the costlier events' instances are left out"
        ),
        (Lang::Nl, CalendarProblem::TooManySteps { max }) => format!(
            "de herhalende afspraken vanaf hier hebben meer dan {max} stappen nodig om bij vandaag te komen; \
             de rest van deze afspraak en van de afspraken die nog meer stappen kosten, wordt overgeslagen"
        ),
    }
}

/// Why a calendar line is not a property, in `lang`.
fn line_problem(lang: Lang, problem: LineProblem) -> &'static str {
    match (lang, problem) {
        (Lang::En, LineProblem::NoColon) => "expected `NAME:value`",
        (Lang::En, LineProblem::NoName) => "a property without a name",
        (Lang::En, LineProblem::ParameterWithoutEquals) => "a parameter without `=`",
        (Lang::En, LineProblem::UnclosedQuote) => "an unclosed `\"` in a parameter",
        (Lang::En, LineProblem::NoColonBeforeValue) => "expected `:` before the value",
        (Lang::Nl, LineProblem::NoColon) => "verwacht `NAAM:waarde`",
        (Lang::Nl, LineProblem::NoName) => "een eigenschap zonder naam",
        (Lang::Nl, LineProblem::ParameterWithoutEquals) => "een parameter zonder `=`",
        (Lang::Nl, LineProblem::UnclosedQuote) => "een `\"` zonder afsluitende `\"` in een parameter",
        (Lang::Nl, LineProblem::NoColonBeforeValue) => "verwacht `:` vóór de waarde",
    }
}

/// Why a calendar event cannot be read, in `lang`.
fn event_problem(lang: Lang, problem: &EventProblem) -> String {
    match (lang, problem) {
        (Lang::En, EventProblem::NoStart) => "an event without DTSTART".into(),
        (Lang::Nl, EventProblem::NoStart) => "een afspraak zonder DTSTART".into(),
        (_, EventProblem::Value(why)) => value_problem(lang, why),
        (Lang::En, EventProblem::NotADuration(value)) => format!("`{value}` is not a duration"),
        (Lang::Nl, EventProblem::NotADuration(value)) => format!("`{value}` is geen duur"),
        (Lang::En, EventProblem::NotARule(rule)) => format!("`{rule}` is not a recurrence rule posture can follow"),
        (Lang::Nl, EventProblem::NotARule(rule)) => format!("`{rule}` is geen herhaalregel die posture kan volgen"),
        (_, EventProblem::Until(why)) => format!("UNTIL: {}", value_problem(lang, why)),
    }
}

/// Why a calendar value is not a date or date-time, in `lang`.
fn value_problem(lang: Lang, problem: &ValueProblem) -> String {
    match (lang, problem) {
        (Lang::En, ValueProblem::NotADate(value)) => format!("`{value}` is not a date (YYYYMMDD)"),
        (Lang::Nl, ValueProblem::NotADate(value)) => format!("`{value}` is geen datum (JJJJMMDD)"),
        (Lang::En, ValueProblem::NotADateTime(value)) => format!("`{value}` is not a date-time (YYYYMMDDTHHMMSS)"),
        (Lang::Nl, ValueProblem::NotADateTime(value)) => {
            format!("`{value}` is geen datum met tijd (JJJJMMDDTUUMMSS)")
        }
    }
}

/// A command the engine refused, in `lang`.
pub fn rejected(lang: Lang, rejected: &Rejected) -> String {
    match (lang, rejected) {
        (Lang::En, rejected) => rejected.to_string(),
        (Lang::Nl, Rejected::IntervalTooShort { kind, duration }) => {
            format!("{kind}.every moet langer zijn dan {kind}.duration ({})", format_duration(*duration))
        }
    }
}

/// Why a calendar event is or is not a meeting, as `posture meetings` lists it.
pub fn verdict(lang: Lang, verdict: Verdict) -> &'static str {
    match (lang, verdict) {
        (Lang::En, Verdict::Meeting) => "meeting",
        (Lang::En, Verdict::AllDay) => "all day",
        (Lang::En, Verdict::Free) => "free",
        (Lang::En, Verdict::Cancelled) => "cancelled",
        (Lang::En, Verdict::Declined) => "declined",
        (Lang::En, Verdict::NoDuration) => "no length",
        (Lang::Nl, Verdict::Meeting) => "vergadering",
        (Lang::Nl, Verdict::AllDay) => "hele dag",
        (Lang::Nl, Verdict::Free) => "vrij",
        (Lang::Nl, Verdict::Cancelled) => "afgelast",
        (Lang::Nl, Verdict::Declined) => "afgeslagen",
        (Lang::Nl, Verdict::NoDuration) => "geen duur",
    }
}

/// What `posture meetings` adds about a repeating event: one moved instance, or a repeat.
pub fn event_note(lang: Lang, moved: bool) -> &'static str {
    match (lang, moved) {
        (Lang::En, true) => "moved instance",
        (Lang::En, false) => "recurring",
        (Lang::Nl, true) => "verplaatst",
        (Lang::Nl, false) => "terugkerend",
    }
}

/// A command line clap refused, in the words `posture` prints for it. The English follows
/// clap's sentences, but the binary lets clap print English itself (with its colours and its
/// exact layout); the Dutch is posture's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// A word where a subcommand belongs that is none.
    UnknownCommand { name: String },
    /// A flag the command does not have, or a word too many.
    UnknownArgument { arg: String },
    /// A flag that takes a value was given none.
    MissingValue { arg: String },
    /// A value outside the possible ones (`--kind sideways`).
    InvalidValue { arg: String, value: String },
    /// A value its parser refused, and why (see [`value_reason`]).
    RefusedValue { arg: String, value: String, reason: String },
    /// Required arguments that were not given.
    Missing { args: Vec<String> },
    /// A command that needs a subcommand was given none.
    MissingCommand { command: String },
    /// Two arguments that do not go together.
    Conflict { arg: String, other: String },
    /// An argument that does not go with several others given.
    ConflictMany { arg: String, others: Vec<String> },
    /// An argument that does not go with something else given.
    ConflictAny { arg: String },
    /// An argument given twice that may be given once.
    Repeated { arg: String },
    /// A value after the last one an argument takes.
    ExtraValue { arg: String, value: String },
    /// Fewer values than an argument needs.
    TooFewValues { arg: String, min: isize, given: isize },
    /// Not the number of values an argument takes.
    WrongNumberOfValues { arg: String, expected: isize, given: isize },
    /// A flag whose value must follow an `=`.
    NoEquals { arg: String },
    /// An argument that is not UTF-8 where text is needed.
    InvalidUtf8,
}

/// What clap adds under a refused command line: the values or subcommands there are, and tips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageHint {
    /// The values the argument takes.
    PossibleValues(Vec<String>),
    /// The subcommands there are.
    Commands(Vec<String>),
    /// Names close to the mistyped one.
    DidYouMean(Vec<String>),
    /// A word that looks like a flag is passed as a value after `--`: `written` is how.
    PassAsValue { arg: String, written: String },
    /// The flag exists on a subcommand: `posture status --json`.
    OnSubcommand { written: String },
    /// A subcommand was written after `--`, which makes it a value.
    RemoveDoubleDash { command: String },
}

/// Why a refused command line is wrong, in `lang`: the line after "error:" / "fout:".
pub fn usage_error(lang: Lang, err: &UsageError) -> String {
    let list = |items: &[String]| items.iter().map(|i| format!("\n  {i}")).collect::<String>();
    match (lang, err) {
        (Lang::En, UsageError::UnknownCommand { name }) => format!("unrecognized subcommand '{name}'"),
        (Lang::En, UsageError::UnknownArgument { arg }) => format!("unexpected argument '{arg}' found"),
        (Lang::En, UsageError::MissingValue { arg }) => {
            format!("a value is required for '{arg}' but none was supplied")
        }
        (Lang::En, UsageError::InvalidValue { arg, value }) => format!("invalid value '{value}' for '{arg}'"),
        (Lang::En, UsageError::RefusedValue { arg, value, reason }) => {
            format!("invalid value '{value}' for '{arg}': {reason}")
        }
        (Lang::En, UsageError::Missing { args }) => {
            format!("the following required arguments were not provided:{}", list(args))
        }
        (Lang::En, UsageError::MissingCommand { command }) => {
            format!("'{command}' requires a subcommand but one was not provided")
        }
        (Lang::En, UsageError::Conflict { arg, other }) => {
            format!("the argument '{arg}' cannot be used with '{other}'")
        }
        (Lang::En, UsageError::ConflictMany { arg, others }) => {
            format!("the argument '{arg}' cannot be used with:{}", list(others))
        }
        (Lang::En, UsageError::ConflictAny { arg }) => {
            format!("the argument '{arg}' cannot be used with one or more of the other specified arguments")
        }
        (Lang::En, UsageError::Repeated { arg }) => format!("the argument '{arg}' cannot be used multiple times"),
        (Lang::En, UsageError::ExtraValue { arg, value }) => {
            format!("unexpected value '{value}' for '{arg}' found; no more were expected")
        }
        (Lang::En, UsageError::TooFewValues { arg, min, given }) => format!(
            "{min} values required by '{arg}'; only {given} {}",
            if *given > 1 { "were provided" } else { "was provided" }
        ),
        (Lang::En, UsageError::WrongNumberOfValues { arg, expected, given }) => format!(
            "{expected} values required for '{arg}' but {given} {}",
            if *given > 1 { "were provided" } else { "was provided" }
        ),
        (Lang::En, UsageError::NoEquals { arg }) => {
            format!("equal sign is needed when assigning values to '{arg}'")
        }
        (Lang::En, UsageError::InvalidUtf8) => "invalid UTF-8 was detected in one or more arguments".into(),
        (Lang::Nl, UsageError::InvalidUtf8) => "een van de argumenten is geen geldige UTF-8".into(),
        (Lang::Nl, UsageError::UnknownCommand { name }) => format!("onbekend commando '{name}'"),
        (Lang::Nl, UsageError::UnknownArgument { arg }) => format!("onverwacht argument '{arg}'"),
        (Lang::Nl, UsageError::MissingValue { arg }) => format!("bij '{arg}' hoort een waarde, maar die ontbreekt"),
        (Lang::Nl, UsageError::InvalidValue { arg, value }) => format!("ongeldige waarde '{value}' voor '{arg}'"),
        (Lang::Nl, UsageError::RefusedValue { arg, value, reason }) => {
            format!("ongeldige waarde '{value}' voor '{arg}': {reason}")
        }
        (Lang::Nl, UsageError::Missing { args: one }) if one.len() == 1 => {
            format!("dit verplichte argument ontbreekt:{}", list(one))
        }
        (Lang::Nl, UsageError::Missing { args }) => format!("deze verplichte argumenten ontbreken:{}", list(args)),
        (Lang::Nl, UsageError::MissingCommand { command }) => {
            format!("'{command}' heeft een subcommando nodig, maar dat ontbreekt")
        }
        (Lang::Nl, UsageError::Conflict { arg, other }) => format!("'{arg}' gaat niet samen met '{other}'"),
        (Lang::Nl, UsageError::ConflictMany { arg, others }) => {
            format!("'{arg}' gaat niet samen met:{}", list(others))
        }
        (Lang::Nl, UsageError::ConflictAny { arg }) => {
            format!("'{arg}' gaat niet samen met een van de andere argumenten")
        }
        (Lang::Nl, UsageError::Repeated { arg }) => format!("'{arg}' mag maar één keer voorkomen"),
        (Lang::Nl, UsageError::ExtraValue { arg, value }) => {
            format!("onverwachte waarde '{value}' voor '{arg}'; er horen geen waarden meer bij")
        }
        (Lang::Nl, UsageError::TooFewValues { arg, min, given }) => {
            format!("'{arg}' heeft {min} waarden nodig; er {}", given_values(*given))
        }
        (Lang::Nl, UsageError::WrongNumberOfValues { arg, expected, given }) => {
            format!("'{arg}' neemt {expected} waarden; er {}", given_values(*given))
        }
        (Lang::Nl, UsageError::NoEquals { arg }) => {
            format!("'{arg}' krijgt zijn waarde met een =-teken, zoals {arg}=…")
        }
    }
}

/// "staat er maar 1", "staan er 2": how many values were given, in Dutch.
fn given_values(given: isize) -> String {
    match given {
        0 => "staat er geen".into(),
        1 => "staat er maar 1".into(),
        n => format!("staan er {n}"),
    }
}

/// A hint under a refused command line, in `lang`.
pub fn usage_hint(lang: Lang, hint: &UsageHint) -> String {
    let quoted = |items: &[String], or: &str| {
        let items: Vec<String> = items.iter().map(|i| format!("'{i}'")).collect();
        match items.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} {or} {last}", rest.join(", ")),
            _ => items.concat(),
        }
    };
    match (lang, hint) {
        (Lang::En, UsageHint::PossibleValues(values)) => format!("[possible values: {}]", values.join(", ")),
        (Lang::En, UsageHint::Commands(names)) => format!("[subcommands: {}]", names.join(", ")),
        (Lang::En, UsageHint::DidYouMean(names)) => format!("tip: did you mean {}?", quoted(names, "or")),
        (Lang::En, UsageHint::PassAsValue { arg, written }) => {
            format!("tip: to pass '{arg}' as a value, use '{written}'")
        }
        (Lang::En, UsageHint::OnSubcommand { written }) => format!("tip: '{written}' exists"),
        (Lang::En, UsageHint::RemoveDoubleDash { command }) => {
            format!("tip: subcommand '{command}' exists; to use it, remove the '--' before it")
        }
        (Lang::Nl, UsageHint::PossibleValues(values)) => format!("[mogelijke waarden: {}]", values.join(", ")),
        (Lang::Nl, UsageHint::Commands(names)) => format!("[subcommando's: {}]", names.join(", ")),
        (Lang::Nl, UsageHint::DidYouMean(names)) => format!("tip: bedoel je {}?", quoted(names, "of")),
        (Lang::Nl, UsageHint::PassAsValue { arg, written }) => {
            format!("tip: is '{arg}' een waarde? Schrijf dan '{written}'")
        }
        (Lang::Nl, UsageHint::OnSubcommand { written }) => format!("tip: '{written}' bestaat wel"),
        (Lang::Nl, UsageHint::RemoveDoubleDash { command }) => {
            format!("tip: het subcommando '{command}' bestaat; haal de '--' ervoor weg")
        }
    }
}

/// The lines that open and close a refused command line: the label before the error, the
/// title of the usage line and the pointer to the help (`command` is "posture pause").
pub fn usage_frame(lang: Lang, command: &str) -> (&'static str, &'static str, String) {
    match lang {
        Lang::En => ("error:", "Usage:", "For more information, try '--help'.".into()),
        Lang::Nl => ("fout:", "Gebruik:", format!("Meer weten: {command} --help")),
    }
}

/// Why a value parser refused a number, from what it said (Rust's integer parse errors and
/// clap's range check); other reasons stay as their parser wrote them.
pub fn value_reason(lang: Lang, reason: &str) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    // clap's range check says "0 is not in 1..=3660"; posture's ranges are all inclusive.
    if let Some((low, high)) = reason.split_once(" is not in ").and_then(|(_, bounds)| bounds.split_once("..=")) {
        return format!("verwacht een getal van {low} tot en met {high}");
    }
    match reason {
        "invalid digit found in string" => "dat is geen heel getal".into(),
        "cannot parse integer from empty string" => "leeg; verwacht een heel getal".into(),
        "number too large to fit in target type" => "dat getal is te groot".into(),
        "number too small to fit in target type" => "dat getal is te klein".into(),
        "number would be zero for non-zero type" => "mag geen nul zijn".into(),
        other => other.to_string(),
    }
}

/// What an operating-system error means, in Dutch, for the kinds posture's users meet;
/// `None` keeps the system's own text (English: the standard library's).
pub fn io_error(lang: Lang, kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return None;
    }
    Some(match kind {
        K::NotFound => "bestand of map bestaat niet",
        K::PermissionDenied => "toegang geweigerd",
        K::IsADirectory => "is een map",
        K::NotADirectory => "is geen map",
        K::DirectoryNotEmpty => "de map is niet leeg",
        K::AlreadyExists => "bestaat al",
        K::ReadOnlyFilesystem => "het bestandssysteem is alleen-lezen",
        K::StorageFull => "geen ruimte meer op de schijf",
        K::QuotaExceeded => "schijfquotum overschreden",
        K::FileTooLarge => "bestand te groot",
        K::InvalidFilename => "ongeldige of te lange bestandsnaam",
        K::ResourceBusy => "bezet",
        K::ExecutableFileBusy => "het programma wordt gebruikt",
        K::ConnectionRefused => "verbinding geweigerd",
        K::ConnectionReset => "de verbinding is verbroken door de andere kant",
        K::ConnectionAborted => "de verbinding is afgebroken",
        K::NotConnected => "niet verbonden",
        K::BrokenPipe => "de andere kant heeft de verbinding gesloten",
        K::AddrInUse => "het adres is al in gebruik",
        K::AddrNotAvailable => "het adres is niet beschikbaar",
        K::TimedOut => "geen antwoord binnen de tijd",
        K::WouldBlock => "de bewerking zou blijven wachten",
        K::Interrupted => "onderbroken",
        K::UnexpectedEof => "het bestand houdt onverwacht op",
        K::OutOfMemory => "geen geheugen meer",
        K::Unsupported => "wordt hier niet ondersteund",
        K::CrossesDevices => "kan niet over bestandssystemen heen",
        K::TooManyLinks => "te veel koppelingen",
        K::Deadlock => "zou vastlopen (deadlock)",
        _ => return None,
    })
}

/// A TOML message from the toml crate ("extra `=`, expected nothing", "missing field
/// `title`"), in `lang`: the crate's common descriptions, what it expected and serde's
/// patterns are translated, anything else stays as the crate wrote it.
pub fn toml_message(lang: Lang, message: &str) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    // Deserializing (tip files) reports serde's messages: "missing field `title`".
    let serde = json_message(lang, message);
    if serde != message {
        return serde;
    }
    // "expected nothing" adds nothing to "extra `=`" in Dutch.
    let message = message.strip_suffix(", expected nothing").unwrap_or(message);
    let (description, expected) = match message.split_once(", expected ") {
        Some((description, expected)) => (description, Some(expected)),
        None => (message, None),
    };
    let description = TOML_DESCRIPTIONS.iter().find(|(en, _)| *en == description).map_or(description, |(_, nl)| nl);
    match expected {
        None => description.to_string(),
        Some(expected) => {
            let items: Vec<&str> = expected
                .split(", ")
                .map(|item| TOML_EXPECTED.iter().find(|(en, _)| *en == item).map_or(item, |(_, nl)| nl))
                .collect();
            format!("{description}; verwacht: {}", items.join(", "))
        }
    }
}

/// The toml parser's descriptions (toml_parser 1.1 `ParseError::new`, toml 1.2 `duplicate key`).
const TOML_DESCRIPTIONS: &[(&str, &str)] = &[
    ("duplicate key", "dubbele sleutel"),
    ("extra `=`", "een `=` te veel"),
    ("extra assignment between key-value pairs", "een toekenning te veel tussen sleutel-waardeparen"),
    ("extra comma in array", "een komma te veel in de lijst"),
    ("extra comma in inline table", "een komma te veel in de inline tabel"),
    ("invalid comment character", "ongeldig teken in commentaar"),
    ("invalid inline table element", "ongeldig element in de inline tabel"),
    ("invalid key-value pair", "ongeldig sleutel-waardepaar"),
    ("invalid unquoted key", "ongeldige sleutel zonder aanhalingstekens"),
    ("invalid value", "ongeldige waarde"),
    ("key with no value", "sleutel zonder waarde"),
    ("missing array opening", "de lijst opent niet met `[`"),
    ("missing assignment between key-value pairs", "`=` ontbreekt tussen sleutel en waarde"),
    ("missing comma between array elements", "komma ontbreekt tussen de elementen van de lijst"),
    ("missing comma between key-value pairs", "komma ontbreekt tussen de sleutel-waardeparen"),
    ("missing comment start", "`#` ontbreekt voor het commentaar"),
    ("missing escaped value", "teken na `\\` ontbreekt"),
    ("missing inline table opening", "de inline tabel opent niet met `{`"),
    ("missing key for inline table element", "sleutel ontbreekt in de inline tabel"),
    ("missing opening quote", "het openende aanhalingsteken ontbreekt"),
    ("missing table open", "de tabelkop opent niet met `[`"),
    ("missing value", "waarde ontbreekt"),
    ("missing value for key", "waarde ontbreekt bij de sleutel"),
    ("string values must be quoted", "tekst moet tussen aanhalingstekens"),
    ("unclosed array", "de lijst sluit niet met `]`"),
    ("unclosed array table", "de tabelkop sluit niet met `]]`"),
    ("unclosed inline table", "de inline tabel sluit niet met `}`"),
    ("unclosed table", "de tabelkop sluit niet met `]`"),
    ("unexpected `=` in array", "onverwachte `=` in de lijst"),
    ("unexpected content", "onverwachte inhoud"),
    ("unexpected content between comment and newline", "onverwachte inhoud in het commentaar"),
    ("unexpected key or value", "onverwachte sleutel of waarde"),
    ("unexpected leading zero", "een getal begint niet met een nul"),
    ("unexpected sign", "onverwacht teken + of -"),
    ("unquoted keys cannot be empty", "een sleutel zonder aanhalingstekens kan niet leeg zijn"),
    ("carriage return must be followed by newline", "na een carriage return moet een nieuwe regel komen"),
    ("`_` may only go between digits", "`_` mag alleen tussen cijfers staan"),
];

/// What the toml parser says it expected.
const TOML_EXPECTED: &[(&str, &str)] = &[
    ("nothing", "niets"),
    ("newline", "een nieuwe regel"),
    ("key", "een sleutel"),
    ("value", "een waarde"),
    ("numbers", "cijfers"),
    ("digits", "cijfers"),
    ("letters", "letters"),
    ("characters", "tekens"),
    ("printable characters", "afdrukbare tekens"),
    ("literal string", "letterlijke tekst"),
    ("multi-line basic string", "tekst over meerdere regels"),
    ("unicode hexadecimal value", "een hexadecimale unicodewaarde"),
];

/// A JSON message from serde_json without its position ("expected value", "missing field
/// `at`"), in `lang`: its fixed messages and serde's common patterns are translated,
/// anything else stays as serde_json wrote it.
pub fn json_message(lang: Lang, message: &str) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    if let Some((_, nl)) = JSON_MESSAGES.iter().find(|(en, _)| *en == message) {
        return (*nl).to_string();
    }
    let expected = |rest: &str| rest.replace(" or ", " of ");
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("het veld {field} ontbreekt");
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return format!("het veld {field} staat er twee keer");
    }
    for (en, nl) in [("unknown field ", "onbekend veld "), ("unknown variant ", "onbekende waarde ")] {
        if let Some((name, rest)) = message.strip_prefix(en).and_then(|rest| rest.split_once(", expected ")) {
            let rest = rest.strip_prefix("one of ").map_or_else(|| expected(rest), |list| format!("een van {list}"));
            return format!("{nl}{name}, verwacht {rest}");
        }
        if let Some(name) = message.strip_prefix(en).and_then(|rest| rest.strip_suffix(", there are no fields")) {
            return format!("{nl}{name}; er zijn geen velden");
        }
    }
    if let Some((found, wanted)) =
        message.strip_prefix("invalid type: ").and_then(|rest| rest.split_once(", expected "))
    {
        return format!("verkeerd soort waarde: {}, verwacht {}", serde_found(found), serde_expected(wanted));
    }
    if let Some((found, wanted)) =
        message.strip_prefix("invalid value: ").and_then(|rest| rest.split_once(", expected "))
    {
        return format!("ongeldige waarde: {found}, verwacht {wanted}");
    }
    message.to_string()
}

/// What serde found ("integer `5`", "string \"x\"", "map"), in Dutch.
fn serde_found(found: &str) -> String {
    const KINDS: &[(&str, &str)] = &[
        ("integer", "geheel getal"),
        ("floating point", "kommagetal"),
        ("string", "tekst"),
        ("boolean", "waarheidswaarde"),
        ("map", "object"),
        ("sequence", "lijst"),
        ("null", "null"),
    ];
    for (en, nl) in KINDS {
        if let Some(rest) = found.strip_prefix(en).filter(|rest| rest.is_empty() || rest.starts_with(' ')) {
            return format!("{nl}{rest}");
        }
    }
    found.to_string()
}

/// What serde expected, in Dutch where it is one of the plain kinds.
fn serde_expected(expected: &str) -> String {
    match expected {
        "a string" => "tekst".into(),
        "a boolean" => "true of false".into(),
        "a sequence" => "een lijst".into(),
        "a map" => "een object".into(),
        other => other.to_string(),
    }
}

/// Why chrono could not read a time (its `ParseError` texts), in `lang`.
pub fn time_reason(lang: Lang, reason: &str) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    match reason {
        "premature end of input" => "de tijd houdt te vroeg op".into(),
        "input contains invalid characters" => "er staan tekens in die daar niet horen".into(),
        "trailing input" => "er staat nog iets achter".into(),
        "input is out of range" => "een deel ligt buiten het bereik".into(),
        "no possible date and time matching input" => "zo'n datum en tijd bestaan niet".into(),
        "input is not enough for unique date and time" => "te weinig voor één datum en tijd".into(),
        other => other.to_string(),
    }
}

/// serde_json's fixed messages (`ErrorCode`'s Display in serde_json 1.0).
const JSON_MESSAGES: &[(&str, &str)] = &[
    ("EOF while parsing a list", "de lijst houdt op voor de `]`"),
    ("EOF while parsing an object", "het object houdt op voor de `}`"),
    ("EOF while parsing a string", "de tekst houdt op voor het sluitende `\"`"),
    ("EOF while parsing a value", "de regel houdt op waar een waarde moet komen"),
    ("expected `:`", "verwacht `:`"),
    ("expected `,` or `]`", "verwacht `,` of `]`"),
    ("expected `,` or `}`", "verwacht `,` of `}`"),
    ("expected ident", "verwacht true, false of null"),
    ("expected value", "verwacht een waarde"),
    ("expected `\"`", "verwacht `\"`"),
    ("invalid escape", "ongeldige escape na `\\`"),
    ("invalid number", "ongeldig getal"),
    ("number out of range", "getal te groot of te klein"),
    ("invalid unicode code point", "ongeldig unicodeteken"),
    ("control character (\\u0000-\\u001F) found while parsing a string", "stuurteken (\\u0000-\\u001F) in een tekst"),
    ("key must be a string", "een sleutel moet tekst zijn"),
    ("lone leading surrogate in hex escape", "losse surrogaat in een \\u-escape"),
    ("trailing comma", "een komma te veel aan het eind"),
    ("trailing characters", "er staat nog iets na de waarde"),
    ("unexpected end of hex escape", "de \\u-escape houdt te vroeg op"),
    ("recursion limit exceeded", "te diep genest"),
];

/// A tip file posture cannot use, in `lang`: where, which tip, and what is wrong.
pub fn tips_error(lang: Lang, err: &TipsError) -> String {
    if lang == Lang::En {
        return err.to_string();
    }
    let tip = err.tip.as_ref().map(|id| format!("tip `{id}`: ")).unwrap_or_default();
    let problem = match &err.problem {
        TipsProblem::Toml(message) => toml_message(lang, message),
        TipsProblem::OldFormat => "dit is het oude tipformaat: een `[[tip]]` met één tekst is nu een `[[card]]` (een \
             oefening met titel, stappen en timing) of een `[[advice]]` (één tekst in `nl` en `en`); zie \"Your own \
             cards\" in de README"
            .into(),
        TipsProblem::BadId => {
            "het id moet kebab-case zijn: kleine letters en cijfers, verbonden door enkele koppeltekens".into()
        }
        TipsProblem::DuplicateId(location) => format!("dit id staat al op {location}"),
        TipsProblem::EmptyText(text) => format!("de `{}`-tekst is leeg", text.as_str()),
        TipsProblem::TooLong { lang: text, chars, max } => {
            format!("de `{}`-tekst heeft {chars} tekens; er passen er hoogstens {max}", text.as_str())
        }
        TipsProblem::StepCount(steps) => {
            format!("een kaart heeft {} tot {} stappen, niet {steps}", STEPS.start(), STEPS.end())
        }
        TipsProblem::BadTiming => "`reps` moet minstens 1 zijn en `sides` 1 of 2".into(),
        TipsProblem::TooSlow { kind, total, limit } => format!(
            "de kaart duurt {} maar een {} ({}) duurt {}",
            format_seconds(*total),
            name(lang, kind.break_kind()),
            kind.as_str(),
            format_seconds(*limit)
        ),
    };
    format!("{}: {tip}{problem}", err.location)
}

/// What is wrong with a line of a `posture simulate` trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceProblem {
    /// Not JSON, or not a trace line: serde_json's message (see [`json_message`]) and the
    /// column it points at.
    Json { message: String, column: usize },
    /// `at` is not an RFC 3339 time; chrono's reason.
    NotATime { at: String, reason: String },
    /// None or more than one of the events.
    NotOneEvent,
    /// Further from the first line than a trace may reach.
    TooFar { at: String, first: String, max_days: i64 },
}

/// A bad trace line, in `lang`: "trace line 3: …".
pub fn trace_error(lang: Lang, line: usize, problem: &TraceProblem) -> String {
    let problem = match (lang, problem) {
        // A trace line is one line of JSON, so its column is the whole position.
        (Lang::En, TraceProblem::Json { message, column }) => format!("{message} at column {column}"),
        (Lang::Nl, TraceProblem::Json { message, column }) => {
            format!("{} in kolom {column}", json_message(lang, message))
        }
        (Lang::En, TraceProblem::NotATime { at, reason }) => {
            format!("`at` is not an RFC 3339 time with offset ({reason}): {at}")
        }
        (Lang::En, TraceProblem::NotOneEvent) => {
            "each line needs exactly one of `input`, `session`, `meeting`, `command`, `notification`".into()
        }
        (Lang::En, TraceProblem::TooFar { at, first, max_days }) => format!(
            "{at} is more than {max_days} days from the trace's first line ({first}); a trace covers at most ten years"
        ),
        (Lang::Nl, TraceProblem::NotATime { at, reason }) => {
            format!("`at` is geen RFC 3339-tijd met tijdverschil ({}): {at}", time_reason(lang, reason))
        }
        (Lang::Nl, TraceProblem::NotOneEvent) => {
            "elke regel heeft precies één van `input`, `session`, `meeting`, `command` of `notification` nodig".into()
        }
        (Lang::Nl, TraceProblem::TooFar { at, first, max_days }) => format!(
            "{at} ligt meer dan {max_days} dagen van de eerste regel van de trace ({first}); een trace beslaat hoogstens tien jaar"
        ),
    };
    match lang {
        Lang::En => format!("trace line {line}: {problem}"),
        Lang::Nl => format!("regel {line} van de trace: {problem}"),
    }
}

/// Where in a JSON text an error is, in `lang`: " at line 1 column 5" / " op regel 1, kolom 5".
pub fn json_position(lang: Lang, line: usize, column: usize) -> String {
    match lang {
        Lang::En => format!(" at line {line} column {column}"),
        Lang::Nl => format!(" op regel {line}, kolom {column}"),
    }
}

/// Both languages write clock times on the 24-hour clock in the status line, so "14:30".
fn clock(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A countdown reads "in 1 min" with 20 seconds left rather than "in 0 min", which would suggest
/// the break is already due.
fn round_up_to_minute(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs().div_ceil(60) * 60)
}

/// Splits a duration for display: hours and whole minutes, or seconds when under a minute
/// (a snooze of "30s" is valid configuration). Leftover seconds beyond a minute are dropped:
/// nobody reads "sitting 43 min 12 s".
enum Parts {
    Seconds(u64),
    HoursMinutes(u64, u64),
}

fn parts(d: Duration) -> Parts {
    let secs = d.as_secs();
    if secs > 0 && secs < 60 { Parts::Seconds(secs) } else { Parts::HoursMinutes(secs / 3600, secs / 60 % 60) }
}

/// A duration in words with correct plurals: "1 minute", "5 minutes", "2 hours and 1 minute";
/// "1 minuut", "5 minuten", "2 uur en 1 minuut" (Dutch "uur" has no plural after a number).
pub fn duration_long(lang: Lang, d: Duration) -> String {
    let unit = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (second, minute, hour, and) = match lang {
        Lang::En => (("second", "seconds"), ("minute", "minutes"), ("hour", "hours"), "and"),
        Lang::Nl => (("seconde", "seconden"), ("minuut", "minuten"), ("uur", "uur"), "en"),
    };
    match parts(d) {
        Parts::Seconds(s) => unit(s, second.0, second.1),
        Parts::HoursMinutes(0, m) => unit(m, minute.0, minute.1),
        Parts::HoursMinutes(h, 0) => unit(h, hour.0, hour.1),
        Parts::HoursMinutes(h, m) => format!("{} {and} {}", unit(h, hour.0, hour.1), unit(m, minute.0, minute.1)),
    }
}

/// A duration abbreviated where space is tight: "7 min", "1 h 30 min", "30 s"; Dutch writes
/// "u" for uur ("1 u 30 min").
pub fn duration_short(lang: Lang, d: Duration) -> String {
    let hour = match lang {
        Lang::En => "h",
        Lang::Nl => "u",
    };
    match parts(d) {
        Parts::Seconds(s) => format!("{s} s"),
        Parts::HoursMinutes(0, m) => format!("{m} min"),
        Parts::HoursMinutes(h, 0) => format!("{h} {hour}"),
        Parts::HoursMinutes(h, m) => format!("{h} {hour} {m} min"),
    }
}

/// Escapes the characters markup gives a meaning to (`&`, `<`, `>`): for notification bodies,
/// which most servers read as markup, and for XML and HTML text.
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The words of `posture autostart status`; the labels are padded to one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutostartWords {
    pub entry: &'static str,
    pub system: &'static str,
    pub unit: &'static str,
    pub daemon: &'static str,
    pub none: &'static str,
    pub ours: &'static str,
    pub hides: &'static str,
    pub theirs: &'static str,
    pub own_file: &'static str,
    pub unreadable: &'static str,
    pub no_systemctl: &'static str,
    pub running: &'static str,
    pub not_running: &'static str,
    pub unknown: &'static str,
}

pub fn autostart_words(lang: Lang) -> AutostartWords {
    match lang {
        Lang::En => AutostartWords {
            entry: "autostart entry:  ",
            system: "system-wide entry: ",
            unit: "systemd unit:     ",
            daemon: "daemon:           ",
            none: "none",
            ours: "written by posture",
            hides: "written by posture: hides the system-wide entry",
            theirs: "your own file, not written by posture",
            own_file: "your own file",
            unreadable: "unreadable",
            no_systemctl: "systemctl --user not usable",
            running: "running",
            not_running: "not running",
            unknown: "unknown",
        },
        Lang::Nl => AutostartWords {
            entry: "autostartbestand:    ",
            system: "systeembreed bestand: ",
            unit: "systemd-unit:        ",
            daemon: "daemon:              ",
            none: "geen",
            ours: "geschreven door posture",
            hides: "geschreven door posture: verbergt het systeembrede bestand",
            theirs: "je eigen bestand, niet door posture geschreven",
            own_file: "je eigen bestand",
            unreadable: "onleesbaar",
            no_systemctl: "systemctl --user werkt niet",
            running: "draait",
            not_running: "draait niet",
            unknown: "onbekend",
        },
    }
}

/// The words of `posture stats` and `posture report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsLabels {
    /// "Last {n} days" comes before the number and after it; the last word for one day.
    pub last_days: (&'static str, &'static str),
    pub last_day: &'static str,
    pub day: &'static str,
    pub sitting: &'static str,
    pub longest: &'static str,
    pub breaks: &'static str,
    pub total: &'static str,
    pub no_history: &'static str,
    /// The report's title for a week; [`StatsLabels::title`] picks the one for its span.
    pub report_title: &'static str,
    /// The title for one day, and for other spans ("Your last", "days").
    pub report_title_day: &'static str,
    pub report_title_days: (&'static str, &'static str),
    /// The heatmap's legend: an hour without sitting, with sitting, within a long stretch.
    pub heat_none: &'static str,
    pub heat_sitting: &'static str,
    pub heat_long: &'static str,
    pub sitting_per_day: &'static str,
    pub long_stretches: &'static str,
    pub long_stretches_note: &'static str,
    pub compliance: &'static str,
    pub compliance_note: &'static str,
    pub tips: &'static str,
    pub no_tips: &'static str,
    /// The report's section of advice for the areas whose exercises were skipped.
    pub advice: &'static str,
    pub advice_note: &'static str,
    /// Where the reasons to see a doctor are.
    pub warning_signs: &'static str,
    pub generated: &'static str,
    /// Outcome names in the order of `core::stats::Outcome::ALL`.
    pub outcomes: [&'static str; 5],
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
}

pub fn stats_labels(lang: Lang) -> StatsLabels {
    match lang {
        Lang::En => StatsLabels {
            last_days: ("Last", "days"),
            last_day: "day",
            day: "Day",
            sitting: "Sitting",
            longest: "Longest",
            breaks: "Breaks",
            total: "Total",
            no_history: "No history recorded yet: the daemon records it while it runs.",
            report_title: "Your sitting week",
            report_title_day: "Your sitting day",
            report_title_days: ("Your sitting in the last", "days"),
            heat_none: "no sitting",
            heat_sitting: "sitting",
            heat_long: "in a stretch of an hour or more",
            sitting_per_day: "Sitting per day",
            long_stretches: "When the long stretches happen",
            long_stretches_note: "Sitting per hour of the day within stretches of an hour or more without a break.",
            compliance: "Breaks",
            compliance_note: "How each break ended: taken after a reminder, taken on your own, skipped, snoozed or left unanswered.",
            tips: "Tips that came up",
            no_tips: "No reminders in this period.",
            advice: "Advice for your week",
            advice_note: "For the areas of the exercises you skipped.",
            warning_signs: "When to see a doctor: `posture tip --warning-signs`, or the tray menu.",
            generated: "Generated",
            outcomes: ["taken", "on your own", "skipped", "snoozed", "ignored"],
            weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        },
        Lang::Nl => StatsLabels {
            last_days: ("Laatste", "dagen"),
            last_day: "dag",
            day: "Dag",
            sitting: "Zitten",
            longest: "Langst",
            breaks: "Pauzes",
            total: "Totaal",
            no_history: "Nog geen geschiedenis: de daemon houdt die bij terwijl hij draait.",
            report_title: "Je zitweek",
            report_title_day: "Je zitdag",
            report_title_days: ("Je zittijd in de laatste", "dagen"),
            heat_none: "niet gezeten",
            heat_sitting: "gezeten",
            heat_long: "in een periode van een uur of langer",
            sitting_per_day: "Zitten per dag",
            long_stretches: "Wanneer de lange zitperiodes vallen",
            long_stretches_note: "Zittijd per uur van de dag binnen periodes van een uur of langer zonder pauze.",
            compliance: "Pauzes",
            compliance_note: "Hoe elke pauze afliep: genomen na een herinnering, uit jezelf, overgeslagen, uitgesteld of onbeantwoord.",
            tips: "Tips die langskwamen",
            no_tips: "Geen herinneringen in deze periode.",
            advice: "Advies voor je week",
            advice_note: "Voor de lichaamsdelen van de oefeningen die je hebt overgeslagen.",
            warning_signs: "Wanneer naar de dokter: `posture tip --warning-signs`, of het menu in de systeembalk.",
            generated: "Gemaakt",
            outcomes: ["genomen", "uit jezelf", "overgeslagen", "uitgesteld", "genegeerd"],
            weekdays: ["ma", "di", "wo", "do", "vr", "za", "zo"],
            months: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        },
    }
}

impl StatsLabels {
    /// The report's title for `days` days: a week is a week, other spans say how many days.
    pub fn title(&self, days: usize) -> String {
        match days {
            1 => self.report_title_day.to_string(),
            7 => self.report_title.to_string(),
            n => format!("{} {n} {}", self.report_title_days.0, self.report_title_days.1),
        }
    }

    /// "Mon 16 Nov", "ma 16 nov".
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!(
            "{} {:2} {}",
            self.weekdays[date.weekday().num_days_from_monday() as usize],
            date.day(),
            self.months[date.month0() as usize]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(n: u64) -> Duration {
        Duration::from_secs(n * 60)
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// One message per variant (and per kind where the text depends on it).
    fn samples() -> Vec<Message> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            out.push(Message::BreakName { kind });
            out.push(Message::BreakTitle { kind });
            out.push(Message::RepeatTitle { kind });
            out.push(Message::Next { kind, due_in: min(7), sitting: min(43) });
            out.push(Message::BreakDue { kind });
            out.push(Message::SoonTitle { kind, due_in: Duration::from_secs(30) });
        }
        out.extend([
            Message::DailyLimitTitle { sitting: min(8 * 60) },
            Message::DailyLimitBody,
            Message::ConfigErrorTitle,
            Message::Done,
            Message::Snooze { snooze: min(10) },
            Message::Skip,
            Message::BreakLength { length: Duration::from_secs(30) },
            Message::SoonBody,
            Message::StartNow,
            Message::BreakDoneTitle,
            Message::SnoozedUntil { until: at(14, 30) },
            Message::Paused,
            Message::PausedUntil { until: at(15, 0) },
            Message::InMeeting,
            Message::InMeetingUntil { until: at(16, 0) },
            Message::Away,
            Message::OutsideSchedule,
            Message::MenuTakeBreak,
            Message::MenuQuickCheck,
            Message::MenuSnooze,
            Message::MenuFor { length: min(15) },
            Message::MenuUntilMeetingEnds,
            Message::MenuPause,
            Message::MenuUntilTomorrow,
            Message::MenuUntilResumed,
            Message::MenuResume,
            Message::MenuIntervals,
            Message::MenuEvery { every: min(25) },
            Message::MenuToday { sitting: min(192), breaks: 6 },
            Message::MenuOpenSettings,
            Message::MenuQuit,
            Message::WarningSignsIntro,
            Message::AdviceIntro,
            Message::NoIdleMonitorTitle,
            Message::MenuNoIdleMonitor,
            Message::NoTrayHost,
            Message::ReadRefused { path: "config.toml".into(), why: ReadRefusal::NotARegularFile },
            Message::ReadRefused { path: "work.ics".into(), why: ReadRefusal::LargerThan { mib: 64 } },
            Message::ReadRefused { path: "tips.toml".into(), why: ReadRefusal::NotUtf8 },
            Message::NoIdleMonitorBody,
            Message::Stopped,
            Message::NoConfigFile { path: "/home/me/.config/posture/config.toml".into() },
            Message::MenuWarningSigns,
            Message::LogResumed,
            Message::LogMeetingEnded,
            Message::LogReloaded { path: "/home/me/.config/posture/config.toml".into() },
            Message::ConfigIgnored,
            Message::Detached { pid: 4242, log: "/home/me/.local/state/posture/daemon.log".into() },
            Message::DetachFailed { log: "/home/me/.local/state/posture/daemon.log".into() },
            Message::AlreadyRunning { pid: "4242".into() },
            Message::EditorFailed { editor: "vi".into(), code: Some(1) },
            Message::EditorFailed { editor: "vi".into(), code: None },
            Message::EditAgain,
            Message::EditSaved { path: "config.toml".into() },
            Message::EditUnchanged { path: "config.toml".into() },
            Message::EditKeptAside { path: "config.toml".into(), aside: ".config.editing.toml".into() },
            Message::Wrote { path: "report.html".into() },
            Message::NoMeetings { days: 1 },
            Message::NoMeetings { days: 7 },
            Message::AllDay,
            Message::NoCalendars,
            Message::NotYetCreated,
            Message::AlreadyExists { path: "config.toml".into() },
            Message::ConfigOk { path: "config.toml".into() },
            Message::CannotCheckMissing { path: "config.toml".into() },
            Message::NotRunning { socket: "/run/user/1000/posture/control.sock".into() },
            Message::AutostartNothingToDisable,
            Message::AutostartLeftAlone { path: "posture.desktop".into(), instead: None },
            Message::AutostartLeftAlone { path: "posture.desktop".into(), instead: Some(AutostartKind::Entry) },
            Message::AutostartLeftAlone { path: "posture.service".into(), instead: Some(AutostartKind::Unit) },
            Message::AutostartHides { entry: "a".into(), system: "b".into(), already: true },
            Message::AutostartHides { entry: "a".into(), system: "b".into(), already: false },
            Message::Removed { path: "posture.desktop".into() },
            Message::UnitEnabled { unit: "posture.service".into() },
            Message::SystemctlUnusable { reason: "no bus".into(), run: "systemctl --user daemon-reload".into() },
            Message::AlreadyEnabled { path: "posture.desktop".into() },
            Message::NothingMatches { filters: Some("--kind rest --area jaw".into()) },
            Message::NothingMatches { filters: None },
            Message::DirRefused { dir: "/run/user/1000/posture".into(), why: DirRefusal::Symlink },
            Message::DirRefused { dir: "/run/user/1000/posture".into(), why: DirRefusal::NotADirectory },
            Message::DirRefused { dir: "/run/user/1000/posture".into(), why: DirRefusal::OtherUser(0) },
            Message::DirRefused { dir: "/run/user/1000/posture".into(), why: DirRefusal::WritableByOthers(0o777) },
            Message::HandsOff,
            Message::CountingDown,
            Message::HoldEscapeToSkip,
            Message::SnoozesLeft { left: 0 },
            Message::SnoozesLeft { left: 1 },
            Message::SnoozesLeft { left: 2 },
            Message::SourceLine { title: "Rugklachten".into() },
            Message::BackToWork,
            Message::DaemonSocket { reason: "Connection reset by peer (os error 104)".into() },
            Message::DaemonUnexpected { what: "expected value at line 1 column 1: hello".into() },
            Message::DaemonClosed,
            Message::DaemonRefused,
            Message::SystemdIsForLinux { instead: OtherAutostart::LaunchAgent },
            Message::SystemdIsForLinux { instead: OtherAutostart::RunKey },
            Message::HomeNotSet,
            Message::ConfigFileMissing { path: "/tmp/fast.toml".into() },
            Message::NoSuchCard { id: "neck-rol".into() },
            Message::CardWithoutPicture { id: "neck-roll".into() },
            Message::FileFailed { action: FileAction::Read, path: "/tmp/day.jsonl".into() },
            Message::FileFailed { action: FileAction::Write, path: "/tmp/card.png".into() },
            Message::FileFailed { action: FileAction::Create, path: "/tmp/posture.log".into() },
            Message::FileFailed { action: FileAction::CreateDir, path: "/tmp/state".into() },
            Message::FileFailed { action: FileAction::Remove, path: "/tmp/posture.desktop".into() },
            Message::FileFailed { action: FileAction::ReadTips, path: "my-tips.toml".into() },
            Message::FileFailed { action: FileAction::ReadCalendar, path: "werk.ics".into() },
            Message::FileFailed { action: FileAction::Listen, path: "/run/user/1000/posture/control.sock".into() },
            Message::FileFailed { action: FileAction::WriteManPages, path: "/tmp/man".into() },
            Message::FileFailed { action: FileAction::MakeAbsolute, path: "fast.toml".into() },
            Message::FileFailed { action: FileAction::Run, path: "nano".into() },
            Message::FileFailed { action: FileAction::ExpandHome, path: "~/tips.toml".into() },
            Message::FileFailed { action: FileAction::PathNotUtf8, path: "/opt/p\u{fffd}/posture".into() },
            Message::StepFailed { step: Step::FindStateDir },
            Message::StepFailed { step: Step::PrepareStateDir },
            Message::StepFailed { step: Step::FindProgram },
            Message::StepFailed { step: Step::StartDaemon },
            Message::StepFailed { step: Step::FindHistory },
            Message::StepFailed { step: Step::ReadStdin },
            Message::StepFailed { step: Step::WriteStdout },
            Message::StepFailed { step: Step::PlaceConfig },
            Message::StepFailed { step: Step::NoTrace },
            Message::StepFailed { step: Step::NoProgram },
            Message::NoHome { variable: "XDG_STATE_HOME".into() },
            Message::SystemdPathUnusable { program: "/opt/it's/posture".into() },
            Message::LaunchAgentWritten { path: "/Users/a/Library/LaunchAgents/p.plist".into() },
            Message::NothingToDisableThere { what: OtherAutostart::LaunchAgent, path: "/Users/a/p.plist".into() },
            Message::NothingToDisableThere { what: OtherAutostart::RunKey, path: "HKCU\\…\\Run".into() },
            Message::OtherAutostartStatus { what: OtherAutostart::LaunchAgent, found: None },
            Message::OtherAutostartStatus { what: OtherAutostart::RunKey, found: None },
            Message::CalendarKept { problem: "work.ics:2:1: `BEGIN:VEVENT` is never closed".into() },
            Message::CalendarUnwatched { path: "/home/me/work.ics".into(), problem: "too many open files".into() },
        ]);
        for kind in Kind::ALL {
            let meetings = vec![Source::Calendar, Source::DoNotDisturb];
            for due_in in [Duration::ZERO, min(25)] {
                let (idle, lock) = (Some("x11-screensaver".to_string()), None);
                out.push(Message::Running { kind, due_in, idle, lock, tray: true, meetings: meetings.clone() });
            }
            for repeat in [0, 2] {
                out.push(Message::LogBreakDue { kind, repeat });
            }
            for natural in [false, true] {
                out.push(Message::LogBreakTaken { kind, natural });
            }
            out.push(Message::LogBreakSkipped { kind });
            out.push(Message::LogBreakWithdrawn { kind });
            out.push(Message::SkippedNext { kind });
            out.push(Message::IntervalSet { kind, every: min(20), path: "config.toml".into() });
        }
        out
    }

    /// Numbers the variants; the match is exhaustive, so a new variant must be numbered here,
    /// and then `every_variant_is_sampled` fails until `samples` shows it too.
    fn variant(msg: &Message) -> usize {
        match msg {
            Message::BreakName { .. } => 0,
            Message::BreakTitle { .. } => 1,
            Message::RepeatTitle { .. } => 2,
            Message::DailyLimitTitle { .. } => 3,
            Message::DailyLimitBody => 4,
            Message::ConfigErrorTitle => 5,
            Message::Done => 6,
            Message::Snooze { .. } => 7,
            Message::Skip => 8,
            Message::Next { .. } => 9,
            Message::BreakDue { .. } => 10,
            Message::SnoozedUntil { .. } => 11,
            Message::Paused => 12,
            Message::PausedUntil { .. } => 13,
            Message::InMeeting => 14,
            Message::InMeetingUntil { .. } => 15,
            Message::Away => 16,
            Message::OutsideSchedule => 17,
            Message::MenuTakeBreak => 18,
            Message::MenuQuickCheck => 19,
            Message::MenuSnooze => 20,
            Message::MenuFor { .. } => 21,
            Message::MenuUntilMeetingEnds => 22,
            Message::MenuPause => 23,
            Message::MenuUntilTomorrow => 24,
            Message::MenuUntilResumed => 25,
            Message::MenuResume => 26,
            Message::MenuIntervals => 27,
            Message::MenuEvery { .. } => 28,
            Message::MenuToday { .. } => 29,
            Message::MenuOpenSettings => 30,
            Message::MenuQuit => 31,
            Message::WarningSignsIntro => 32,
            Message::AdviceIntro => 33,
            Message::MenuWarningSigns => 34,
            Message::BreakLength { .. } => 35,
            Message::SoonTitle { .. } => 36,
            Message::SoonBody => 37,
            Message::StartNow => 38,
            Message::BreakDoneTitle => 39,
            Message::NoIdleMonitorTitle => 40,
            Message::NoIdleMonitorBody => 41,
            Message::Stopped => 42,
            Message::NoConfigFile { .. } => 43,
            Message::Running { .. } => 44,
            Message::LogBreakDue { .. } => 45,
            Message::LogBreakTaken { .. } => 46,
            Message::LogBreakSkipped { .. } => 47,
            Message::LogBreakWithdrawn { .. } => 48,
            Message::LogResumed => 49,
            Message::LogMeetingEnded => 50,
            Message::LogReloaded { .. } => 51,
            Message::SkippedNext { .. } => 52,
            Message::ConfigIgnored => 53,
            Message::Detached { .. } => 54,
            Message::DetachFailed { .. } => 55,
            Message::AlreadyRunning { .. } => 56,
            Message::EditorFailed { .. } => 57,
            Message::EditAgain => 58,
            Message::EditSaved { .. } => 59,
            Message::EditUnchanged { .. } => 60,
            Message::EditKeptAside { .. } => 61,
            Message::Wrote { .. } => 62,
            Message::IntervalSet { .. } => 63,
            Message::NoMeetings { .. } => 64,
            Message::AllDay => 65,
            Message::NoCalendars => 66,
            Message::NotYetCreated => 67,
            Message::AlreadyExists { .. } => 68,
            Message::ConfigOk { .. } => 69,
            Message::CannotCheckMissing { .. } => 70,
            Message::NotRunning { .. } => 71,
            Message::AutostartNothingToDisable => 72,
            Message::AutostartLeftAlone { .. } => 73,
            Message::AutostartHides { .. } => 74,
            Message::Removed { .. } => 75,
            Message::UnitEnabled { .. } => 76,
            Message::SystemctlUnusable { .. } => 77,
            Message::AlreadyEnabled { .. } => 78,
            Message::NothingMatches { .. } => 79,
            Message::DirRefused { .. } => 80,
            Message::HandsOff => 81,
            Message::CountingDown => 82,
            Message::HoldEscapeToSkip => 83,
            Message::SnoozesLeft { .. } => 84,
            Message::SourceLine { .. } => 85,
            Message::BackToWork => 86,
            Message::MenuNoIdleMonitor => 87,
            Message::ReadRefused { .. } => 88,
            Message::DaemonSocket { .. } => 89,
            Message::DaemonUnexpected { .. } => 90,
            Message::DaemonClosed => 91,
            Message::DaemonRefused => 92,
            Message::SystemdIsForLinux { .. } => 93,
            Message::HomeNotSet => 94,
            Message::LaunchAgentWritten { .. } => 95,
            Message::NothingToDisableThere { .. } => 96,
            Message::OtherAutostartStatus { .. } => 97,
            Message::FileFailed { .. } => 98,
            Message::ConfigFileMissing { .. } => 99,
            Message::NoSuchCard { .. } => 100,
            Message::CardWithoutPicture { .. } => 101,
            Message::StepFailed { .. } => 102,
            Message::NoHome { .. } => 103,
            Message::SystemdPathUnusable { .. } => 104,
            Message::NoTrayHost => 105,
            Message::CalendarKept { .. } => 106,
            Message::CalendarUnwatched { .. } => 107,
        }
    }

    #[test]
    fn every_variant_is_sampled() {
        let mut seen: Vec<usize> = samples().iter().map(variant).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (0..=107).collect::<Vec<_>>());
    }

    #[test]
    fn every_message_renders_in_both_languages_and_differs() {
        for msg in samples() {
            let en = render(Lang::En, &msg);
            let nl = render(Lang::Nl, &msg);
            assert!(!en.trim().is_empty(), "{msg:?} is empty in English");
            assert!(!nl.trim().is_empty(), "{msg:?} is empty in Dutch");
            assert_ne!(en, nl, "{msg:?} is not translated");
        }
    }

    #[test]
    fn the_break_names_are_the_same_everywhere() {
        for lang in [Lang::En, Lang::Nl] {
            for kind in Kind::ALL {
                let name = name(lang, kind);
                for msg in samples().iter().filter(|msg| names_kind(msg) == Some(kind)) {
                    let text = render(lang, msg).to_lowercase();
                    assert!(text.contains(name), "{msg:?} in {lang:?} does not say `{name}`: {text}");
                }
            }
        }
    }

    /// The kind a message names, for the messages whose text names one.
    fn names_kind(msg: &Message) -> Option<Kind> {
        match msg {
            Message::BreakName { kind }
            | Message::BreakTitle { kind }
            | Message::RepeatTitle { kind }
            | Message::BreakDue { kind }
            | Message::SoonTitle { kind, .. }
            | Message::Next { kind, .. }
            | Message::Running { kind, .. }
            | Message::LogBreakDue { kind, .. }
            | Message::LogBreakTaken { kind, .. }
            | Message::LogBreakSkipped { kind }
            | Message::LogBreakWithdrawn { kind }
            | Message::SkippedNext { kind }
            | Message::IntervalSet { kind, .. } => Some(*kind),
            Message::MenuTakeBreak => Some(Kind::Rest),
            Message::MenuQuickCheck => Some(Kind::Micro),
            _ => None,
        }
    }

    #[test]
    fn command_errors_are_translated() {
        let invalid = |problem| CommandError::Invalid { command: "snooze banaan".into(), problem };
        let durations = [
            DurationError::Negative,
            DurationError::Empty,
            DurationError::MissingUnit { input: "5".into() },
            DurationError::UnknownUnit { input: "5y".into(), unit: "y".into() },
            DurationError::TooLarge { input: "9999999999h".into() },
            DurationError::Invalid { input: "banaan".into() },
        ];
        let mut errors = vec![CommandError::Empty, CommandError::Unknown("dance".into())];
        errors.extend(durations.into_iter().map(|d| invalid(Problem::Duration(d))));
        errors.extend([
            invalid(Problem::Zero),
            invalid(Problem::TooLong(min(24 * 60))),
            invalid(Problem::NotATime("25:00".into())),
            invalid(Problem::NotAKind("coffee".into())),
            invalid(Problem::Usage("break")),
            invalid(Problem::Usage("meeting")),
            invalid(Problem::Usage("interval")),
            invalid(Problem::Usage("resume")),
        ]);
        for err in &errors {
            assert_ne!(command_error(Lang::En, err), command_error(Lang::Nl, err), "{err:?}");
        }
        let banaan = invalid(Problem::Duration(DurationError::Invalid { input: "banaan".into() }));
        assert!(command_error(Lang::Nl, &banaan).contains("`banaan` is geen duur"));
        let short = Rejected::IntervalTooShort { kind: Kind::Micro, duration: Duration::from_secs(30) };
        assert_eq!(rejected(Lang::Nl, &short), "micro.every moet langer zijn dan micro.duration (30s)");
    }

    #[test]
    fn config_problems_are_translated() {
        let found = || Found::Value { type_name: "integer", text: "5".into() };
        let expected = [
            Expected::Language,
            Expected::Duration,
            Expected::DurationOrZero,
            Expected::DurationOrOff,
            Expected::Days,
            Expected::Day,
            Expected::Hours,
            Expected::Areas,
            Expected::Area,
            Expected::TipFile,
            Expected::CalendarFile,
            Expected::Email,
            Expected::Pattern,
            Expected::Bool,
            Expected::BreakScreenMode,
            Expected::SnoozeCount,
            Expected::ListOf(Box::new(Expected::Email)),
        ];
        let banaan = || DurationError::Invalid { input: "banaan".into() };
        let mut problems: Vec<ConfigProblem> = expected
            .iter()
            .flat_map(|e| {
                [ConfigProblem::Expected { expected: e.clone(), found: found() }, ConfigProblem::EmptyItem(e.clone())]
            })
            .collect();
        problems.extend([
            ConfigProblem::Syntax("invalid table header".into()),
            ConfigProblem::UnknownKey {
                suggestion: Some("every"),
                section: Some("micro".into()),
                allowed: vec!["every"],
            },
            ConfigProblem::UnknownKey { suggestion: None, section: None, allowed: vec!["micro", "rest"] },
            ConfigProblem::NotATable { name: "micro".into(), allowed: vec!["every"], found: Found::Array },
            ConfigProblem::Expected { expected: Expected::Bool, found: Found::Table },
            ConfigProblem::UnknownLanguage("fr".into()),
            ConfigProblem::UnknownBreakScreenMode("popup".into()),
            ConfigProblem::TooManySnoozes { max: 20 },
            ConfigProblem::Duration(banaan()),
            ConfigProblem::DurationOrZero(banaan()),
            ConfigProblem::DurationOrOff(banaan()),
            ConfigProblem::Zero,
            ConfigProblem::Fraction,
            ConfigProblem::OverADay(min(25 * 60)),
            ConfigProblem::BreakTooLong { section: "micro", every: min(5), length: min(10), duration_side: true },
            ConfigProblem::BreakTooLong { section: "micro", every: min(5), length: min(10), duration_side: false },
            ConfigProblem::NoDays,
            ConfigProblem::UnknownDay("mo".into()),
            ConfigProblem::HoursFormat,
            ConfigProblem::SameHours(at(9, 0)),
            ConfigProblem::UnknownArea("knee".into()),
            ConfigProblem::EmptyPath,
            ConfigProblem::CheckTooOften,
            ConfigProblem::NotAbsolute("dev/video*".into()),
            ConfigProblem::MissingDefault,
        ]);
        for problem in &problems {
            let (en, nl) = (config_problem(Lang::En, problem), config_problem(Lang::Nl, problem));
            assert!(!nl.trim().is_empty());
            assert_ne!(en, nl, "{problem:?}");
        }
        let banaan = config_problem(Lang::Nl, &ConfigProblem::Duration(banaan()));
        assert!(banaan.starts_with("`banaan` is geen duur"), "{banaan}");
    }

    #[test]
    fn calendar_problems_are_translated() {
        let date = || ValueProblem::NotADate("2026131".into());
        let mut problems: Vec<CalendarProblem> = [
            LineProblem::NoColon,
            LineProblem::NoName,
            LineProblem::ParameterWithoutEquals,
            LineProblem::UnclosedQuote,
            LineProblem::NoColonBeforeValue,
        ]
        .into_iter()
        .map(CalendarProblem::BadLine)
        .collect();
        problems.extend(
            [
                EventProblem::NoStart,
                EventProblem::Value(date()),
                EventProblem::Value(ValueProblem::NotADateTime("20261301T0900".into())),
                EventProblem::NotADuration("1 uur".into()),
                EventProblem::NotARule("FREQ=SOMETIMES".into()),
                EventProblem::Until(date()),
            ]
            .into_iter()
            .map(CalendarProblem::BadEvent),
        );
        problems.extend([
            CalendarProblem::StrayEnd { name: "VTOOD".into(), open: "VCALENDAR".into() },
            CalendarProblem::ClosedBy { begin: "VEVENT".into(), end: "VCALENDAR".into(), line: 4 },
            CalendarProblem::CalendarNotClosed,
            CalendarProblem::NeverClosed("VEVENT".into()),
            CalendarProblem::NotICalendar,
            CalendarProblem::NotUtf8,
            CalendarProblem::UnknownZone("Mars/Olympus".into()),
            CalendarProblem::BadCount("-1".into()),
            CalendarProblem::TooManySteps { max: 1_000_000 },
        ]);
        for problem in &problems {
            let (en, nl) = (calendar_problem(Lang::En, problem), calendar_problem(Lang::Nl, problem));
            assert!(!nl.trim().is_empty());
            assert_ne!(en, nl, "{problem:?}");
        }
        let until = calendar_problem(Lang::Nl, &CalendarProblem::BadEvent(EventProblem::Until(date())));
        assert_eq!(until, "UNTIL: `2026131` is geen datum (JJJJMMDD); de afspraak wordt overgeslagen");
        let line = calendar_problem(Lang::En, &CalendarProblem::BadLine(LineProblem::NoColon));
        assert_eq!(line, "expected `NAME:value`; the line is left out");
    }

    #[test]
    fn kinds_have_distinct_texts() {
        let makers: [fn(Kind) -> Message; 4] = [
            |kind| Message::BreakName { kind },
            |kind| Message::BreakTitle { kind },
            |kind| Message::RepeatTitle { kind },
            |kind| Message::BreakDue { kind },
        ];
        for make in makers {
            for lang in [Lang::En, Lang::Nl] {
                assert_ne!(render(lang, &make(Kind::Micro)), render(lang, &make(Kind::Rest)));
            }
        }
    }

    #[test]
    fn titles_and_labels_read_as_specified() {
        assert_eq!(render(Lang::En, &Message::BreakTitle { kind: Kind::Micro }), "Time for a posture check");
        assert_eq!(render(Lang::Nl, &Message::BreakTitle { kind: Kind::Micro }), "Tijd voor een houdingscheck");
        assert_eq!(render(Lang::En, &Message::BreakTitle { kind: Kind::Rest }), "Time for a movement break");
        assert_eq!(render(Lang::Nl, &Message::BreakTitle { kind: Kind::Rest }), "Tijd voor een beweegpauze");
        assert_eq!(render(Lang::En, &Message::Snooze { snooze: min(10) }), "Snooze 10 min");
        assert_eq!(render(Lang::Nl, &Message::Snooze { snooze: min(10) }), "10 min uitstellen");
        assert_eq!(render(Lang::En, &Message::DailyLimitTitle { sitting: min(8 * 60) }), "8 hours of sitting today");
        assert_eq!(render(Lang::Nl, &Message::DailyLimitTitle { sitting: min(8 * 60) }), "Vandaag al 8 uur gezeten");
    }

    #[test]
    fn the_break_moment_reads_as_specified() {
        let length = Message::BreakLength { length: Duration::from_secs(30) };
        assert_eq!(render(Lang::En, &length), "Take 30 s away from keyboard and mouse.");
        assert_eq!(
            render(Lang::Nl, &Message::BreakLength { length: min(5) }),
            "Neem 5 min afstand van toetsenbord en muis."
        );
        let soon = Message::SoonTitle { kind: Kind::Rest, due_in: Duration::from_secs(30) };
        assert_eq!(render(Lang::En, &soon), "Movement break in 30 s");
        assert_eq!(render(Lang::Nl, &soon), "Beweegpauze over 30 s");
        assert_eq!(render(Lang::En, &Message::BreakDoneTitle), "Break done");
        assert_eq!(render(Lang::Nl, &Message::BreakDoneTitle), "Pauze gedaan");
    }

    #[test]
    fn status_pieces_read_as_specified() {
        let next = Message::Next { kind: Kind::Micro, due_in: min(7), sitting: min(43) };
        assert_eq!(render(Lang::En, &next), "Next: posture check in 7 min · sitting 43 min");
        assert_eq!(render(Lang::Nl, &next), "Volgende: houdingscheck over 7 min · zit al 43 min");
        assert_eq!(render(Lang::En, &Message::SnoozedUntil { until: at(14, 30) }), "Snoozed until 14:30");
        assert_eq!(render(Lang::Nl, &Message::SnoozedUntil { until: at(14, 30) }), "Uitgesteld tot 14:30");
        assert_eq!(render(Lang::En, &Message::PausedUntil { until: at(15, 0) }), "Paused until 15:00");
        assert_eq!(render(Lang::Nl, &Message::PausedUntil { until: at(9, 5) }), "Gepauzeerd tot 09:05");
    }

    #[test]
    fn body_markup_characters_are_escaped() {
        assert_eq!(escape_markup("key = <1 & 2> here"), "key = &lt;1 &amp; 2&gt; here");
        assert_eq!(escape_markup("Sta op — loop even"), "Sta op — loop even");
    }

    #[test]
    fn tray_menu_texts_read_as_specified() {
        let today = Message::MenuToday { sitting: min(192), breaks: 6 };
        assert_eq!(render(Lang::En, &today), "Today: 3 h 12 min sitting · 6 breaks");
        assert_eq!(render(Lang::Nl, &today), "Vandaag: 3 u 12 min gezeten · 6 pauzes");
        assert_eq!(
            render(Lang::En, &Message::MenuToday { sitting: min(5), breaks: 1 }),
            "Today: 5 min sitting · 1 break"
        );
        assert_eq!(render(Lang::En, &Message::MenuFor { length: min(60) }), "1 hour");
        assert_eq!(render(Lang::Nl, &Message::MenuEvery { every: min(90) }), "Elke 1 u 30 min");
    }

    #[test]
    fn countdown_rounds_up_and_sitting_rounds_down() {
        let next = Message::Next {
            kind: Kind::Rest,
            due_in: Duration::from_secs(6 * 60 + 20),
            sitting: Duration::from_secs(43 * 60 + 50),
        };
        assert_eq!(render(Lang::En, &next), "Next: movement break in 7 min · sitting 43 min");
        let almost = Message::Next { kind: Kind::Micro, due_in: Duration::from_secs(20), sitting: Duration::ZERO };
        assert_eq!(render(Lang::En, &almost), "Next: posture check in 1 min · sitting 0 min");
    }

    #[test]
    fn long_durations_have_correct_plurals() {
        let cases = [
            (Duration::ZERO, "0 minutes", "0 minuten"),
            (Duration::from_secs(1), "1 second", "1 seconde"),
            (Duration::from_secs(30), "30 seconds", "30 seconden"),
            (min(1), "1 minute", "1 minuut"),
            (min(5), "5 minutes", "5 minuten"),
            (min(60), "1 hour", "1 uur"),
            (min(120), "2 hours", "2 uur"),
            (min(61), "1 hour and 1 minute", "1 uur en 1 minuut"),
            (min(150), "2 hours and 30 minutes", "2 uur en 30 minuten"),
            (min(26 * 60), "26 hours", "26 uur"),
        ];
        for (d, en, nl) in cases {
            assert_eq!(duration_long(Lang::En, d), en);
            assert_eq!(duration_long(Lang::Nl, d), nl);
        }
    }

    #[test]
    fn short_durations_fit_tight_spaces() {
        let cases = [
            (Duration::ZERO, "0 min", "0 min"),
            (Duration::from_secs(30), "30 s", "30 s"),
            (min(7), "7 min", "7 min"),
            (Duration::from_secs(7 * 60 + 59), "7 min", "7 min"),
            (min(60), "1 h", "1 u"),
            (min(90), "1 h 30 min", "1 u 30 min"),
        ];
        for (d, en, nl) in cases {
            assert_eq!(duration_short(Lang::En, d), en);
            assert_eq!(duration_short(Lang::Nl, d), nl);
        }
    }

    fn usage_samples() -> Vec<UsageError> {
        let s = |t: &str| t.to_string();
        vec![
            UsageError::UnknownCommand { name: s("frobnicate") },
            UsageError::UnknownArgument { arg: s("--bogus") },
            UsageError::MissingValue { arg: s("--id <ID>") },
            UsageError::InvalidValue { arg: s("[KIND]"), value: s("foo") },
            UsageError::RefusedValue { arg: s("--days <DAYS>"), value: s("0"), reason: s("0 is not in 1..=3660") },
            UsageError::Missing { args: vec![s("<KIND>")] },
            UsageError::Missing { args: vec![s("<KIND>"), s("<DURATION>")] },
            UsageError::MissingCommand { command: s("posture meeting") },
            UsageError::Conflict { arg: s("--json"), other: s("--csv") },
            UsageError::ConflictMany { arg: s("--json"), others: vec![s("--csv"), s("--all")] },
            UsageError::ConflictAny { arg: s("--json") },
            UsageError::Repeated { arg: s("--svg <FILE>") },
            UsageError::ExtraValue { arg: s("--pair"), value: s("z") },
            UsageError::TooFewValues { arg: s("--few"), min: 2, given: 1 },
            UsageError::WrongNumberOfValues { arg: s("--pair"), expected: 2, given: 3 },
            UsageError::NoEquals { arg: s("--eq") },
            UsageError::InvalidUtf8,
        ]
    }

    #[test]
    fn usage_errors_and_hints_render_in_both_languages_and_differ() {
        let s = |t: &str| t.to_string();
        for err in usage_samples() {
            let (en, nl) = (usage_error(Lang::En, &err), usage_error(Lang::Nl, &err));
            assert!(!en.is_empty() && !nl.is_empty() && en != nl, "{err:?}");
        }
        let hints = [
            UsageHint::PossibleValues(vec![s("micro"), s("rest")]),
            UsageHint::Commands(vec![s("start"), s("end")]),
            UsageHint::DidYouMean(vec![s("config")]),
            UsageHint::PassAsValue { arg: s("--x"), written: s("-- --x") },
            UsageHint::OnSubcommand { written: s("start --for") },
            UsageHint::RemoveDoubleDash { command: s("status") },
        ];
        for hint in hints {
            assert_ne!(usage_hint(Lang::En, &hint), usage_hint(Lang::Nl, &hint), "{hint:?}");
        }
        let names = UsageHint::DidYouMean(vec![s("stats"), s("status"), s("start")]);
        assert_eq!(usage_hint(Lang::Nl, &names), "tip: bedoel je 'stats', 'status' of 'start'?");
        let conflict = UsageError::Conflict { arg: s("--json"), other: s("--csv") };
        assert_eq!(usage_error(Lang::Nl, &conflict), "'--json' gaat niet samen met '--csv'");
        assert_eq!(usage_frame(Lang::Nl, "posture pause").2, "Meer weten: posture pause --help");
    }

    #[test]
    fn value_reasons_of_number_parsers_are_translated() {
        assert_eq!(value_reason(Lang::Nl, "0 is not in 1..=3660"), "verwacht een getal van 1 tot en met 3660");
        assert_eq!(value_reason(Lang::Nl, "invalid digit found in string"), "dat is geen heel getal");
        assert_eq!(value_reason(Lang::Nl, "number too large to fit in target type"), "dat getal is te groot");
        assert_eq!(value_reason(Lang::Nl, "something else"), "something else");
        assert_eq!(value_reason(Lang::En, "0 is not in 1..=3660"), "0 is not in 1..=3660");
    }

    #[test]
    fn toml_messages_are_translated_and_unknown_ones_kept() {
        assert_eq!(toml_message(Lang::Nl, "extra `=`, expected nothing"), "een `=` te veel");
        assert_eq!(toml_message(Lang::Nl, "duplicate key"), "dubbele sleutel");
        assert_eq!(
            toml_message(Lang::Nl, "string values must be quoted, expected literal string"),
            "tekst moet tussen aanhalingstekens; verwacht: letterlijke tekst"
        );
        assert_eq!(
            toml_message(Lang::Nl, "missing comma between array elements, expected `,`, `]`"),
            "komma ontbreekt tussen de elementen van de lijst; verwacht: `,`, `]`"
        );
        assert_eq!(toml_message(Lang::Nl, "a new message"), "a new message");
        assert_eq!(toml_message(Lang::En, "extra `=`, expected nothing"), "extra `=`, expected nothing");
        let problem = ConfigProblem::Syntax("extra `=`, expected nothing".into());
        assert_eq!(config_problem(Lang::Nl, &problem), "geen geldige TOML: een `=` te veel");
    }

    #[test]
    fn json_messages_are_translated_and_unknown_ones_kept() {
        assert_eq!(json_message(Lang::Nl, "expected value"), "verwacht een waarde");
        assert_eq!(json_message(Lang::Nl, "EOF while parsing an object"), "het object houdt op voor de `}`");
        assert_eq!(json_message(Lang::Nl, "missing field `at`"), "het veld `at` ontbreekt");
        assert_eq!(
            json_message(Lang::Nl, "unknown field `inptu`, expected one of `at`, `input`"),
            "onbekend veld `inptu`, verwacht een van `at`, `input`"
        );
        assert_eq!(
            json_message(Lang::Nl, "unknown variant `sideways`, expected `active` or `none`"),
            "onbekende waarde `sideways`, verwacht `active` of `none`"
        );
        assert_eq!(
            json_message(Lang::Nl, "invalid type: integer `1`, expected a string"),
            "verkeerd soort waarde: geheel getal `1`, verwacht tekst"
        );
        assert_eq!(json_message(Lang::Nl, "a new message"), "a new message");
        assert_eq!(json_message(Lang::En, "expected value"), "expected value");
        assert_eq!(json_position(Lang::Nl, 1, 5), " op regel 1, kolom 5");
    }

    #[test]
    fn tip_file_errors_are_translated() {
        use crate::tips::Catalogue;
        let cases = [
            ("[[tip]]\ntext = \"x\"\n", "dit is het oude tipformaat"),
            ("[[card]]\nid = \"Bad Id\"\n", "het veld `kind` ontbreekt"),
            ("x = = 1\n", "een `=` te veel"),
        ];
        for (text, dutch) in cases {
            let err = Catalogue::parse(text, "tips.toml").unwrap_err();
            let nl = tips_error(Lang::Nl, &err);
            assert!(nl.starts_with("tips.toml:") && nl.contains(dutch), "{nl}");
            assert_eq!(tips_error(Lang::En, &err), err.to_string());
        }
        assert_eq!(toml_message(Lang::Nl, "missing field `title`"), "het veld `title` ontbreekt");
    }

    #[test]
    fn trace_errors_are_translated() {
        let json = TraceProblem::Json { message: "expected value".into(), column: 1 };
        assert_eq!(trace_error(Lang::En, 3, &json), "trace line 3: expected value at column 1");
        assert_eq!(trace_error(Lang::Nl, 3, &json), "regel 3 van de trace: verwacht een waarde in kolom 1");
        let time = TraceProblem::NotATime { at: "gisteren".into(), reason: "premature end of input".into() };
        assert!(trace_error(Lang::Nl, 1, &time).contains("(de tijd houdt te vroeg op): gisteren"));
        let far = TraceProblem::TooFar { at: "9999-01-01".into(), first: "2026-01-01".into(), max_days: 3660 };
        for problem in [json, time, TraceProblem::NotOneEvent, far] {
            assert_ne!(trace_error(Lang::En, 1, &problem), trace_error(Lang::Nl, 1, &problem), "{problem:?}");
        }
    }

    #[test]
    fn common_os_errors_have_dutch_words() {
        use std::io::ErrorKind as K;
        for kind in [K::NotFound, K::PermissionDenied, K::IsADirectory, K::ConnectionRefused, K::AlreadyExists] {
            assert!(io_error(Lang::Nl, kind).is_some_and(|t| !t.is_empty()), "{kind:?}");
            assert_eq!(io_error(Lang::En, kind), None, "English keeps the system's text");
        }
        assert_eq!(io_error(Lang::Nl, K::NotFound), Some("bestand of map bestaat niet"));
        assert_eq!(io_error(Lang::Nl, K::Other), None);
    }
}
