//! The daemon: thin wiring between the senses, the session and the outputs.
//!
//! One single-threaded tokio runtime runs everything. The senses, the notifier's answers, the
//! control socket, the config and calendar watchers each send into a channel; the main loop
//! turns whatever arrives first, or the session's next deadline, into one [`Event`] and
//! handles it: the event goes into the [`Session`] (the one driver of the engine, which also
//! owns the time policy), then the session's actions become notifications and history, the
//! status is published and the state saved when due. Shutdown (SIGTERM, SIGINT, `posture quit`)
//! saves the state, removes the socket and tells every task to stop through one `watch` channel.

pub mod calendars;
pub mod instance;
pub mod state_file;
pub mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::{mpsc, watch as tokio_watch};

use crate::break_screen::app::Cover;
use crate::break_screen::launch::{self, Ended, Running};
use crate::clock;
use crate::control::protocol::{Every, NextBreak, Request, Response, Sitting, StatusReport, TodaySummary};
use crate::control::server::{self, Call};
use crate::core::config::{BreakScreenMode, Config, Language};
use crate::core::engine::{Action, Answer, Command, Engine, Input, Timed};
use crate::core::meeting_sources::Source as MeetingSource;
use crate::core::session::{Session, Stamp};
use crate::core::text::{self, FileAction, Message, Step};
use crate::core::time::{Time, Zone};
use crate::core::tips::Catalogue;
use crate::core::{Kind, Lang, command};
use crate::load;
use crate::load::Failing;
use crate::outputs::notify::{Notifier, Reminder};
use crate::outputs::stats::{Stats, store as stats_store};
#[cfg(target_os = "linux")]
use crate::outputs::tray;
use crate::paths;
use crate::senses::busy::MeetingSignal;
use crate::senses::{self, Observation};
use calendars::{MeetingEvents, MeetingWiring};
use state_file::Durability;

/// The state is written at most this often while running (and always at suspend and exit).
const SAVE_EVERY: Duration = Duration::from_secs(60);

/// Everything the main loop reacts to.
enum Event {
    /// A sense saw something on the desktop.
    Observed(Observation),
    /// The user pressed a button on a break notification.
    Answered(Input),
    /// A control request, from the socket or the tray.
    Called(Call),
    ConfigChanged,
    Meeting(MeetingSignal),
    CalendarsChanged,
    /// The calendars were read and expanded (off the loop).
    CalendarsRead(calendars::Read),
    /// A break screen process ended.
    BreakScreenEnded(Ended),
    /// The session's next deadline (or the calendars' refresh) has come.
    Deadline,
    Stop,
}

/// Runs the daemon in the foreground until it is told to stop.
pub fn run(config_arg: Option<&Path>) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = runtime.block_on(run_async(config_arg));
    // A calendar still being read on the blocking pool is abandoned rather than waited for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

async fn run_async(config_arg: Option<&Path>) -> anyhow::Result<ExitCode> {
    // First, so that a stop request during start-up is a clean shutdown, not a kill.
    let signals = (signal(SignalKind::terminate())?, signal(SignalKind::interrupt())?);
    let lock_path = paths::lock_path().failed(Message::StepFailed { step: Step::PrepareStateDir })?;
    let _instance = match instance::acquire(&lock_path)? {
        Ok(lock) => lock,
        Err(pid) => {
            let language = load::config::load(config_arg).map_or(Language::Auto, |loaded| loaded.config.language);
            let lang = load::resolve_lang(language, None);
            eprintln!("posture: {}", text::render(lang, &Message::AlreadyRunning { pid }));
            return Ok(ExitCode::from(1));
        }
    };
    let (settings, first) = Settings::load(config_arg)?;
    let state_path = paths::state_file()?;
    // A gap shorter than away_after since the last save is sitting to the engine, so to the
    // history as well.
    let away_after = first.config.away_after;
    let (start_config, problems) = (first.config.clone(), first.problems);
    let (session, saved_at) = restore(first.config, first.catalogue, settings.zone, &state_path);
    let now = session.now();
    let stats = start_stats(settings.zone, now, saved_at.filter(|at| now.since(*at) < away_after));
    let (shutdown_tx, shutdown) = tokio_watch::channel(false);
    let started = start_tasks(&settings, &start_config, signals, shutdown).await?;

    let mut inbox = started.inbox;
    let mut daemon = Daemon {
        session,
        settings,
        meetings: started.meetings,
        outputs: Outputs { notifier: started.notifier, status: started.status, stats },
        senses: started.senses,
        saver: Saver { path: state_path, last: None },
        advice_shown: None,
        break_screen: BreakScreen { ended: started.break_screen_ended, running: None },
        quit: false,
    };
    for problem in problems {
        daemon.report_config_error(problem).await;
    }
    daemon.tell_once_without_idle_monitor().await;
    daemon.after_event(None).await;
    tracing::info!("{}", daemon.running_line());

    while !daemon.quit {
        let event = inbox.next(daemon.deadline()).await;
        daemon.handle(event).await;
    }

    if let Some(running) = daemon.break_screen.running.take() {
        running.close();
    }
    daemon.saver.save(&daemon.session, daemon.outputs.stats.as_mut(), Durability::Disk);
    if let Some(stats) = daemon.outputs.stats.take() {
        stats.stop(daemon.session.read_clock(clock::stamp()));
    }
    let _ = std::fs::remove_file(&started.socket_path);
    let _ = shutdown_tx.send(true);
    // Let connection tasks write their last answers (the reply to `quit`) before the runtime
    // and its tasks are dropped.
    tokio::time::sleep(Duration::from_millis(100)).await;
    tracing::info!("{}", text::render(daemon.settings.lang, &Message::Stopped));
    Ok(ExitCode::SUCCESS)
}

/// What [`start_tasks`] hands the main loop.
struct Started {
    inbox: Inbox,
    meetings: MeetingWiring,
    notifier: Notifier,
    status: tokio_watch::Sender<Option<StatusReport>>,
    senses: Senses,
    socket_path: PathBuf,
    break_screen_ended: mpsc::Sender<Ended>,
}

/// Starts every task that feeds the main loop (senses, notifier, control socket, tray, config
/// watcher); each stops when `shutdown` says so.
async fn start_tasks(
    settings: &Settings,
    config: &Config,
    (terminate, interrupt): (Signal, Signal),
    shutdown: tokio_watch::Receiver<bool>,
) -> anyhow::Result<Started> {
    let (observations_tx, observations) = mpsc::channel::<Observation>(64);
    let (answers_tx, answers) = mpsc::channel(16);
    let (calls_tx, calls) = mpsc::channel::<Call>(16);
    let (config_changed_tx, config_changed) = mpsc::channel(4);
    let (break_screen_ended, break_screen_ends) = mpsc::channel(4);
    let (status_tx, status_rx) = tokio_watch::channel(None);
    let (meetings, meeting_events) =
        MeetingWiring::start(config.meetings.clone(), settings.zone, settings.lang, shutdown.clone());

    let threshold = idle_threshold(config);
    let idle_backend = senses::idle::start(threshold, observations_tx.clone(), shutdown.clone()).await;
    let session_source = senses::session::start(observations_tx, shutdown.clone()).await;
    let notifier = Notifier::start(answers_tx, shutdown.clone());

    let socket_path = paths::socket_path()?;
    let listener = server::bind(&socket_path).file(FileAction::Listen, &socket_path)?;
    let owner = server::owner_uid(&socket_path)?;
    #[cfg(target_os = "linux")]
    let tray = config.tray
        && tray::start(settings.path.clone(), calls_tx.clone(), status_rx.clone(), shutdown.clone())
            .inspect_err(|e| tracing::warn!("cannot start the tray icon: {e}"))
            .is_ok();
    #[cfg(not(target_os = "linux"))]
    let tray = false;
    tokio::spawn(server::serve(listener, owner, calls_tx, status_rx, shutdown.clone()));

    if let Some(dir) = settings.path.parent() {
        std::fs::create_dir_all(dir).file(FileAction::CreateDir, dir)?;
    }
    if let Err(e) = watch::spawn(&settings.path, config_changed_tx, shutdown) {
        tracing::warn!("cannot watch {}: {e}; restart posture to apply config changes", settings.path.display());
    }
    let inbox = Inbox {
        observations,
        answers,
        calls,
        config_changed,
        meetings: meeting_events,
        break_screen_ends,
        terminate,
        interrupt,
    };
    let busy = inbox.meetings.watched.clone();
    let senses = Senses { idle: idle_backend.name(), session: session_source.name(), tray, busy };
    Ok(Started { inbox, meetings, notifier, status: status_tx, senses, socket_path, break_screen_ended })
}

/// What the daemon keeps of its settings; the configuration itself lives in the session.
struct Settings {
    lang: Lang,
    zone: Zone,
    /// `--config` as given, so a reload resolves it the same way.
    arg: Option<PathBuf>,
    path: PathBuf,
}

/// What the configuration file gives at start, handed on to the session.
struct FirstLoad {
    config: Config,
    catalogue: Catalogue,
    /// Located errors to show the user; the defaults (or the built-in tips) apply meanwhile.
    problems: Vec<String>,
}

impl Settings {
    fn load(arg: Option<&Path>) -> anyhow::Result<(Settings, FirstLoad)> {
        let path = load::config::resolve_path(arg)?;
        let mut problems = Vec::new();
        // A file with an error cannot be trusted for its language: the locale's speaks.
        let locale = load::resolve_lang(Language::Auto, None);
        let config = load::config::load(arg).map(|loaded| loaded.config).unwrap_or_else(|e| {
            problems.push(load::config::error_text(&e, locale));
            Config::default()
        });
        let catalogue = load::tips::catalogue(&config).unwrap_or_else(|e| {
            problems.push(format!("{e:#}"));
            Catalogue::builtin()
        });
        let lang = load::resolve_lang(config.language, None);
        let zone = load::zone::system();
        let settings = Settings { lang, zone, arg: arg.map(Path::to_path_buf), path };
        Ok((settings, FirstLoad { config, catalogue, problems }))
    }
}

/// The session from the saved state, or a fresh one; and when the state was saved.
fn restore(config: Config, catalogue: Catalogue, zone: Zone, state_path: &Path) -> (Session, Option<Time>) {
    let stamp = clock::stamp();
    let catalogue = Arc::new(catalogue);
    let (mut session, saved_at) = match state_file::load(state_path, stamp.wall) {
        state_file::Loaded::State(state) => {
            let saved_at = state.now;
            let mut session = Session::new(Engine::restore(config, catalogue, zone, *state));
            // What happened while posture was not running is unknown: treat it as no input
            // since the last save, so a long gap is away time and a short one sitting.
            feed(&mut session, Input::Idle { since: saved_at }, stamp);
            (session, Some(saved_at))
        }
        loaded => {
            if let state_file::Loaded::Corrupt { reason, moved_to } = loaded {
                let place = state_path.display();
                match moved_to {
                    Some(moved_to) => {
                        tracing::warn!(
                            "the saved state was unreadable ({reason}); moved {place} to {}",
                            moved_to.display()
                        )
                    }
                    None => tracing::warn!("the saved state was unreadable ({reason}); {place} is left as it is"),
                }
            }
            let seed = stamp.wall.as_micros() as u64;
            (Session::new(Engine::new(config, catalogue, zone, stamp.wall, seed)), None)
        }
    };
    feed(&mut session, Input::Active, stamp);
    (session, saved_at)
}

/// Feeds an input; only commands can be refused, and a refusal is only worth a log line here.
fn feed(session: &mut Session, input: Input, at: Stamp) {
    if let Err(rejected) = session.handle(input, at) {
        tracing::warn!("{rejected}");
    }
}

/// How long input must stop before the idle monitor reports it: short enough to notice a
/// micro break being taken, never shorter than 5 s so typing pauses don't wake us.
fn idle_threshold(config: &Config) -> Duration {
    config.micro.duration.min(config.away_after).max(Duration::from_secs(5))
}

/// The history recorder; without it the daemon runs on, recording nothing.
fn start_stats(zone: Zone, now: Time, resumed_from: Option<Time>) -> Option<Stats> {
    let started = stats_store::default_path()
        .map_err(|e| e.to_string())
        .and_then(|path| Stats::start(&path, zone, now, resumed_from).map_err(|e| e.to_string()));
    match started {
        Ok(stats) => Some(stats),
        Err(e) => {
            tracing::warn!("no history: {e}");
            eprintln!("posture: history is off: {e}");
            None
        }
    }
}

/// The receiving ends of every channel the main loop waits on.
struct Inbox {
    observations: mpsc::Receiver<Observation>,
    answers: mpsc::Receiver<Input>,
    calls: mpsc::Receiver<Call>,
    config_changed: mpsc::Receiver<()>,
    meetings: MeetingEvents,
    break_screen_ends: mpsc::Receiver<Ended>,
    terminate: Signal,
    interrupt: Signal,
}

impl Inbox {
    /// Waits for the next event, or the deadline.
    async fn next(&mut self, deadline: Option<Time>) -> Event {
        tokio::select! {
            Some(observation) = self.observations.recv() => Event::Observed(observation),
            Some(answer) = self.answers.recv() => Event::Answered(answer),
            Some(call) = self.calls.recv() => Event::Called(call),
            Some(()) = self.config_changed.recv() => Event::ConfigChanged,
            Some(signal) = self.meetings.signals.recv() => Event::Meeting(signal),
            Some(()) = self.meetings.calendars_changed.recv() => Event::CalendarsChanged,
            Some(read) = self.meetings.calendars_read.recv() => Event::CalendarsRead(read),
            Some(ended) = self.break_screen_ends.recv() => Event::BreakScreenEnded(ended),
            () = sleep_until(deadline) => Event::Deadline,
            _ = self.terminate.recv() => Event::Stop,
            _ = self.interrupt.recv() => Event::Stop,
        }
    }
}

async fn sleep_until(deadline: Option<Time>) {
    match deadline {
        // Timers run on the monotonic clock, which stops during suspend; the session sense's
        // resume observation wakes the loop, and every wake reads the clocks again.
        Some(deadline) => tokio::time::sleep(deadline.since(clock::now())).await,
        None => std::future::pending().await,
    }
}

/// Where the user sees and keeps what posture does.
struct Outputs {
    notifier: Notifier,
    /// The latest status, for `posture status --follow` clients and the tray.
    status: tokio_watch::Sender<Option<StatusReport>>,
    stats: Option<Stats>,
}

/// The names of the senses in use, for `posture status`.
struct Senses {
    idle: &'static str,
    session: &'static str,
    /// Whether the tray icon runs (it shows once a tray host is there).
    tray: bool,
    busy: senses::busy::Watched,
}

/// The break screen: at most one open, and where the ends of the ones started arrive.
struct BreakScreen {
    ended: mpsc::Sender<Ended>,
    running: Option<Running>,
}

/// The saved state: where, and when it was last written.
struct Saver {
    path: PathBuf,
    last: Option<Time>,
}

impl Saver {
    /// Whether a save is due; a clock set back since the last one makes it due at once.
    fn due(&self, now: Time) -> bool {
        self.last.is_none_or(|last| now < last || now.since(last) >= SAVE_EVERY)
    }

    fn save(&mut self, session: &Session, stats: Option<&mut Stats>, durability: Durability) {
        match state_file::save(&self.path, session.engine().state(), durability) {
            Ok(()) => {
                let now = session.now();
                self.last = Some(now);
                if let Some(stats) = stats {
                    stats.checkpoint(now);
                }
            }
            Err(e) => tracing::warn!("cannot save the state to {}: {e}", self.path.display()),
        }
    }
}

struct Daemon {
    session: Session,
    settings: Settings,
    meetings: MeetingWiring,
    outputs: Outputs,
    senses: Senses,
    saver: Saver,
    /// The day a rest reminder last carried a line of advice.
    advice_shown: Option<chrono::NaiveDate>,
    break_screen: BreakScreen,
    quit: bool,
}

impl Daemon {
    /// When the loop must wake if nothing arrives.
    fn deadline(&self) -> Option<Time> {
        self.session.next_deadline().into_iter().chain(self.meetings.refresh_at()).min()
    }

    async fn handle(&mut self, event: Event) {
        // A suspend may end in a power cut: the state goes to disk first.
        let mut suspending = None;
        match event {
            Event::Observed(Observation { input, at }) => {
                suspending = (input == Input::Suspend).then_some(Durability::Disk);
                feed(&mut self.session, input, at);
            }
            Event::Answered(input) => feed(&mut self.session, input, clock::stamp()),
            Event::Called((request, reply)) => {
                let command = !matches!(request.cmd.trim(), "status" | "quit");
                let response = self.call(request);
                // An acknowledged command survives the daemon being killed: saved into the
                // kernel before the answer goes out.
                self.after_event(command.then_some(Durability::Kernel)).await;
                let _ = reply.send(response);
                return;
            }
            Event::ConfigChanged => self.reload().await,
            Event::Meeting(MeetingSignal { source, active }) => {
                tracing::info!(source = source.as_str(), active, "meeting source");
                self.session.meeting_signal(source, active, clock::stamp());
            }
            Event::CalendarsChanged => self.meetings.calendars_changed(),
            Event::CalendarsRead(read) => {
                let intervals = self.meetings.read_done(read);
                self.session.set_calendar(intervals, clock::stamp());
            }
            Event::BreakScreenEnded(ended) => self.break_screen_ended(ended).await,
            Event::Deadline => self.session.handle_timeout(clock::stamp()),
            Event::Stop => self.quit = true,
        }
        self.after_event(suspending).await;
    }

    /// Reads the calendars when due, carries out the session's actions, records them,
    /// publishes the status and saves when due (`save_now`: at once, this durable).
    async fn after_event(&mut self, save_now: Option<Durability>) {
        let now = self.session.read_clock(clock::stamp());
        self.meetings.refresh(now);
        let actions: Vec<Timed> = std::iter::from_fn(|| self.session.poll_action()).collect();
        for timed in &actions {
            self.carry_out(&timed.action).await;
        }
        if let Some(stats) = &mut self.outputs.stats {
            stats.observe(self.session.engine(), &actions, now);
        }
        self.publish(now);
        match save_now {
            Some(durability) => self.saver.save(&self.session, self.outputs.stats.as_mut(), durability),
            // Into the kernel, which writes it back within seconds: an fsync here would stall the
            // loop for as long as the disk is busy (seconds after a large build, on ext4).
            None if self.saver.due(now) => {
                self.saver.save(&self.session, self.outputs.stats.as_mut(), Durability::Kernel)
            }
            None => {}
        }
    }

    async fn carry_out(&mut self, action: &Action) {
        tracing::debug!(?action);
        let lang = self.settings.lang;
        tracing::info!("{}", text::render(lang, &log_line(action, self.settings.zone)));
        let notifier = &self.outputs.notifier;
        match action {
            Action::BreakDue { kind, tip, repeat, requested } => {
                if self.session.engine().config().break_screen.covers(*kind, *requested)
                    && self.open_break_screen(*kind, tip.clone())
                {
                    return;
                }
                let reminder = self.break_reminder(*kind, tip.as_deref(), *repeat);
                self.outputs.notifier.show(reminder).await;
            }
            Action::BreakSoon { kind, due_in } => {
                notifier.show(Reminder::Soon { kind: *kind, due_in: *due_in, lang }).await;
            }
            Action::BreakTaken { kind, .. } => {
                let settings = self.session.engine().config().notifications;
                notifier.show(Reminder::Taken { kind: *kind, settings, lang }).await;
            }
            Action::DailyLimit { sitting } => notifier.show(Reminder::DailyLimit { sitting: *sitting, lang }).await,
            // A hold also ends the warning's announcement, when that is what is on screen.
            Action::BreakSkipped { .. }
            | Action::BreakSnoozed { .. }
            | Action::BreakWithdrawn { .. }
            | Action::Paused { .. }
            | Action::MeetingStarted { .. } => {
                // The break it showed is over; a screen that answered is closing already.
                if let Some(running) = self.break_screen.running.take() {
                    running.close();
                }
                notifier.withdraw().await;
            }
            _ => {}
        }
    }

    /// The reminder notification for a due break.
    fn break_reminder(&mut self, kind: Kind, tip: Option<&str>, repeat: u32) -> Reminder {
        let lang = self.settings.lang;
        let engine = self.session.engine();
        let card = tip.and_then(|id| engine.catalogue().get(id)).cloned();
        let mut tip_text = card.as_ref().map(|card| card.text(lang).to_string()).unwrap_or_default();
        // One line of advice under the first rest reminder of the day.
        let today = self.settings.zone.local(self.session.now()).date();
        if kind == Kind::Rest && repeat == 0 && self.advice_shown != Some(today) {
            let day = chrono::Datelike::num_days_from_ce(&today).unsigned_abs();
            if let Some(advice) = card.as_ref().and_then(|card| engine.catalogue().advice_of_the_day(card, day)) {
                tip_text = format!("{tip_text}\n\n{}", advice.text(lang));
                self.advice_shown = Some(today);
            }
        }
        let config = engine.config();
        let (snooze, settings, length) = (config.snooze, config.notifications, config.breaks(kind).duration);
        Reminder::Break { kind, tip_text, card: card.map(Box::new), repeat, length, snooze, settings, lang }
    }

    /// Opens the break screen for a due break, or says why not (the notification shows
    /// instead). True when a screen shows the break: just opened, or already open for it (a
    /// repeat, which the open screen stands for).
    fn open_break_screen(&mut self, kind: Kind, card: Option<String>) -> bool {
        if let Some(running) = &self.break_screen.running {
            if running.kind == kind {
                return true;
            }
            tracing::warn!("a break screen is open for another break; showing the notification instead");
            return false;
        }
        let config = self.session.engine().config();
        let settings = config.break_screen;
        let now = self.session.now();
        let snoozed_today = self.outputs.stats.as_ref().map_or(0, |stats| stats.snoozed_today(now));
        let request = launch::Request {
            kind,
            card,
            length: config.breaks(kind).duration,
            lang: self.settings.lang,
            cover: match settings.mode {
                BreakScreenMode::Fullscreen => Cover::Fullscreen,
                BreakScreenMode::Window | BreakScreenMode::Off => Cover::Window,
            },
            strict: settings.strict,
            snoozes_left: settings.snoozes_left(snoozed_today),
            snooze: config.snooze,
            sound: config.notifications.sound,
            config: self.settings.arg.clone(),
        };
        match launch::spawn(&request, self.break_screen.ended.clone()) {
            Ok(running) => {
                tracing::info!(pid = running.pid, "break screen opened");
                self.break_screen.running = Some(running);
                true
            }
            Err(e) => {
                tracing::warn!("cannot start the break screen ({e}); showing the notification instead");
                false
            }
        }
    }

    /// A break screen ended. If the break it showed is still pending, nothing answered it (the
    /// screen could not show, crashed or was closed): the notification takes over.
    async fn break_screen_ended(&mut self, ended: Ended) {
        if self.break_screen.running.as_ref().is_some_and(|running| running.pid == ended.pid) {
            self.break_screen.running = None;
        }
        let pending = self.session.engine().state().pending.clone();
        match pending {
            Some(pending) if pending.kind == ended.kind && self.break_screen.running.is_none() => {
                tracing::warn!("{}; showing the notification instead", ended.describe());
                let reminder = self.break_reminder(pending.kind, pending.tip.as_deref(), pending.repeat);
                self.outputs.notifier.show(reminder).await;
            }
            _ => tracing::debug!(pid = ended.pid, status = ?ended.status, "break screen ended"),
        }
    }

    /// Sends the status to followers when it changed in a way they show.
    fn publish(&self, now: Time) {
        let report = self.report(now);
        self.outputs.status.send_if_modified(|current| {
            let changed = current.as_ref().map(shape) != Some(shape(&report));
            if changed {
                *current = Some(report);
            }
            changed
        });
    }

    fn report(&self, now: Time) -> StatusReport {
        let status = self.session.status(now);
        let meetings = self.session.meetings();
        let config = self.session.engine().config();
        let zone = self.settings.zone;
        let local = |t: Time| zone.rfc3339(t);
        StatusReport {
            state: status.mode,
            next_break: NextBreak { kind: status.next_break.0, in_seconds: status.next_break.1.as_secs() },
            pending: status.pending,
            sitting_seconds: Sitting { micro: status.sitting[0].as_secs(), rest: status.sitting[1].as_secs() },
            today_sitting_seconds: status.today_sitting.as_secs(),
            idle_backend: self.senses.idle.to_string(),
            session_source: self.senses.session.to_string(),
            do_not_disturb_server: self.senses.busy.do_not_disturb.borrow().to_string(),
            fullscreen_backend: self.senses.busy.fullscreen.borrow().to_string(),
            snoozed_until: status.snoozed_until.map(local),
            paused: status.paused.is_some(),
            paused_until: status.paused.and_then(|p| p.until).map(local),
            meeting_until: status.meeting.and_then(|m| m.until).map(local),
            language: self.settings.lang.as_str().to_string(),
            pid: std::process::id(),
            today: self.outputs.stats.as_ref().map(|stats| stats.today(now.max(self.session.now()))),
            meeting_sources: meetings.active(now).into_iter().map(|(source, _)| source).collect(),
            meeting_sources_enabled: meetings.enabled(),
            next_meeting: meetings.next_calendar_meeting(now).map(local),
            every_seconds: Every { micro: config.micro.every.as_secs(), rest: config.rest.every.as_secs() },
            config_file: self.settings.path.display().to_string(),
        }
    }

    /// Answers one control request.
    fn call(&mut self, request: Request) -> Response {
        let now = self.session.read_clock(clock::stamp());
        let words = request.cmd.trim();
        match words {
            "status" => return Response::ok(self.report(now)),
            "quit" => {
                self.quit = true;
                return Response::ok(self.report(now));
            }
            _ => {}
        }
        if let Some(word) = words.strip_prefix("answer ") {
            let answer = match word.trim() {
                "done" => Answer::Done,
                "snooze" => Answer::Snooze,
                "skip" => Answer::Skip,
                other => return Response::error(format!("unknown answer `{other}`; expected done, snooze or skip")),
            };
            // The break screen answers, then closes by itself: no need to close it when the
            // answer ends the break (and it can still say what it did).
            self.break_screen.running = None;
            feed(&mut self.session, Input::Answer(answer), clock::stamp());
            return Response::ok(self.report(now));
        }
        let command = match command::parse(words, now, &self.settings.zone) {
            Ok(command) => command,
            Err(e) => return Response::error(text::command_error(self.settings.lang, &e)),
        };
        if let Command::Interval(kind, every) = command {
            // Checked before the file is written, so a refused value never reaches it.
            if let Err(rejected) = self.session.engine().check_interval(kind, every) {
                return Response::error(text::rejected(self.settings.lang, &rejected));
            }
            if let Err(e) = load::config::set_every(&self.settings.path, kind, every) {
                let lang = self.settings.lang;
                let path = self.settings.path.display().to_string();
                let failed = text::render(lang, &Message::FileFailed { action: FileAction::Write, path });
                return Response::error(format!("{failed}: {}", load::config::error_text(&e, lang)));
            }
        }
        match self.session.handle(Input::Command(command), now) {
            Ok(()) => Response::ok(self.report(now)),
            Err(rejected) => Response::error(text::rejected(self.settings.lang, &rejected)),
        }
    }

    /// The config file changed: apply it, or keep the last good one and say what is wrong.
    async fn reload(&mut self) {
        let config = match load::config::load(self.settings.arg.as_deref()) {
            Ok(loaded) if loaded.exists && loaded.empty => {
                // A save that truncates first: the content follows, with its own notice.
                tracing::info!("{} is empty; keeping the last settings until it is written", loaded.path.display());
                return;
            }
            Ok(loaded) => loaded.config,
            Err(e) => {
                self.report_config_error(load::config::error_text(&e, self.settings.lang)).await;
                return;
            }
        };
        match load::tips::catalogue(&config) {
            Ok(catalogue) => self.session.set_catalogue(Arc::new(catalogue)),
            Err(e) => self.report_config_error(format!("{e:#}")).await,
        }
        self.settings.lang = load::resolve_lang(config.language, None);
        self.meetings.reload(config.meetings.clone(), self.settings.lang);
        self.session.set_config(config, clock::stamp());
        let path = self.settings.path.display().to_string();
        tracing::info!("{}", text::render(self.settings.lang, &Message::LogReloaded { path }));
    }

    /// The first line a user reads: what posture found on the desktop, when the first break is.
    fn running_line(&self) -> String {
        let now = self.session.now();
        let (kind, due_in) = self.session.status(now).next_break;
        let meetings =
            self.session.meetings().enabled().into_iter().filter(|source| *source != MeetingSource::Manual).collect();
        let line = Message::Running {
            kind,
            due_in,
            idle: Some(self.senses.idle).filter(|name| *name != senses::idle::Backend::None.name()).map(str::to_string),
            lock: Some(self.senses.session)
                .filter(|name| *name != senses::session::Source::None.name())
                .map(str::to_string),
            tray: self.senses.tray,
            meetings,
        };
        text::render(self.settings.lang, &line)
    }

    /// Without an idle monitor, time away counts as sitting: say so, and what posture needs,
    /// once (a marker beside the state remembers it was said).
    async fn tell_once_without_idle_monitor(&mut self) {
        if self.senses.idle != senses::idle::Backend::None.name() {
            return;
        }
        let Some(marker) = self.saver.path.parent().map(|dir| dir.join("no-idle-monitor-told")) else { return };
        if marker.exists() {
            return;
        }
        let lang = self.settings.lang;
        let title = text::render(lang, &Message::NoIdleMonitorTitle);
        let body = text::render(lang, &Message::NoIdleMonitorBody);
        self.outputs.notifier.show(Reminder::Notice { title, body }).await;
        if let Err(e) = std::fs::write(&marker, b"") {
            tracing::debug!("cannot write {}: {e}", marker.display());
        }
    }

    async fn report_config_error(&mut self, message: String) {
        tracing::warn!("configuration error, keeping the last good settings:\n{message}");
        self.outputs.notifier.show(Reminder::ConfigError { message, lang: self.settings.lang }).await;
    }
}

/// What the log says about an action, in the user's words (`-v` adds the action itself).
fn log_line(action: &Action, zone: Zone) -> Message {
    let clock = |t: Time| zone.local(t).time();
    match action {
        Action::BreakDue { kind, repeat, .. } => Message::LogBreakDue { kind: *kind, repeat: *repeat },
        Action::BreakSoon { kind, due_in } => Message::SoonTitle { kind: *kind, due_in: *due_in },
        Action::BreakTaken { kind, natural } => Message::LogBreakTaken { kind: *kind, natural: *natural },
        Action::BreakSkipped { kind } => Message::LogBreakSkipped { kind: *kind },
        Action::BreakSnoozed { until, .. } => Message::SnoozedUntil { until: clock(*until) },
        Action::BreakWithdrawn { kind, .. } => Message::LogBreakWithdrawn { kind: *kind },
        Action::DailyLimit { sitting } => Message::DailyLimitTitle { sitting: *sitting },
        Action::Paused { until: Some(until) } => Message::PausedUntil { until: clock(*until) },
        Action::Paused { until: None } => Message::Paused,
        Action::Resumed => Message::LogResumed,
        Action::MeetingStarted { until: Some(until) } => Message::InMeetingUntil { until: clock(*until) },
        Action::MeetingStarted { until: None } => Message::InMeeting,
        Action::MeetingEnded => Message::LogMeetingEnded,
    }
}

/// The parts of a status that change in steps; `follow` prints a line when one of them does.
fn shape(report: &StatusReport) -> StatusReport {
    StatusReport {
        next_break: NextBreak { kind: report.next_break.kind, in_seconds: 0 },
        sitting_seconds: Sitting { micro: 0, rest: 0 },
        today_sitting_seconds: 0,
        today: report.today.map(|today| TodaySummary { sitting_seconds: 0, ..today }),
        ..report.clone()
    }
}
