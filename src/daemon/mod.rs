//! The daemon: thin wiring between the senses, the engine and the outputs.
//!
//! One single-threaded tokio runtime runs everything. The senses, the notifier's answers, the
//! control socket and the config watcher each send into a channel; the event loop owns the
//! engine, feeds it what arrives, sleeps until the engine's next deadline otherwise, and turns
//! the engine's actions into notifications. Shutdown (SIGTERM, SIGINT, `posture quit`) saves
//! the state, removes the socket and tells every task to stop through one `watch` channel.

pub mod instance;
pub mod meetings;
pub mod state_file;
pub mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{mpsc, watch as tokio_watch};

use crate::clock;
use crate::control::protocol::{Every, NextBreak, Request, Response, Sitting, StatusReport, TodaySummary};
use crate::control::server::{self, Call};
use crate::core::config::Config;
use crate::core::engine::{Action, Command, Engine, Input, Timed};
use crate::core::time::{Time, Zone};
use crate::core::{Lang, command};
use crate::load;
use crate::outputs::notify::{Notifier, Reminder};
use crate::outputs::stats::{Stats, store as stats_store};
#[cfg(target_os = "linux")]
use crate::outputs::tray;
use crate::paths;
use crate::senses::{self, Observation};

/// The state is written at most this often while running (and always at suspend and exit).
const SAVE_EVERY: Duration = Duration::from_secs(60);

/// Runs the daemon in the foreground until it is told to stop.
pub fn run(config_arg: Option<&Path>) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(run_async(config_arg))
}

async fn run_async(config_arg: Option<&Path>) -> anyhow::Result<ExitCode> {
    // First, so that a stop request during start-up is a clean shutdown, not a kill.
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let lock_path = paths::lock_path().context("preparing the runtime directory")?;
    let _instance = match instance::acquire(&lock_path)? {
        Ok(lock) => lock,
        Err(pid) => {
            eprintln!("posture: already running as pid {pid}; `posture quit` stops it");
            return Ok(ExitCode::from(1));
        }
    };
    let zone = load::zone::system();
    let config_path = load::config::resolve_path(config_arg)?;
    let (config, config_error) = match load::config::load(config_arg) {
        Ok(loaded) => (loaded.config, None),
        Err(e) => (Config::default(), Some(format!("{e:#}"))),
    };
    let (catalogue, tips_error) = match load::tips::catalogue(&config) {
        Ok(catalogue) => (catalogue, None),
        Err(e) => (crate::core::tips::Catalogue::builtin(), Some(format!("{e:#}"))),
    };
    let state_path = paths::state_file()?;
    let now = clock::now();
    let mut saved = None;
    let mut engine = match state_file::load(&state_path)? {
        state_file::Loaded::State(state) => {
            let saved_at = state.now;
            saved = Some(saved_at);
            let mut engine = Engine::restore(config.clone(), Arc::new(catalogue), zone, *state);
            // What happened while posture was not running is unknown: treat it as no input
            // since the last save, so a long gap is away time and a short one sitting.
            feed(&mut engine, Input::Idle { since: saved_at }, now);
            engine
        }
        loaded => {
            if let state_file::Loaded::Corrupt { reason, moved_to } = loaded {
                tracing::warn!("the saved state was unreadable ({reason}); moved it to {}", moved_to.display());
            }
            Engine::new(config.clone(), Arc::new(catalogue), zone, now, now.as_micros() as u64)
        }
    };
    feed(&mut engine, Input::Active, now);
    // A gap shorter than away_after since the last save is sitting to the engine, so to the
    // history as well.
    let stats = start_stats(zone, now, saved.filter(|at| now.since(*at) < config.away_after));

    let (shutdown_tx, shutdown) = tokio_watch::channel(false);
    let (observations_tx, mut observations) = mpsc::channel::<Observation>(64);
    let (answers_tx, mut answers) = mpsc::channel(16);
    let (calls_tx, mut calls) = mpsc::channel::<Call>(16);
    let (config_changed_tx, mut config_changed) = mpsc::channel(4);
    let (status_tx, status_rx) = tokio_watch::channel(None);
    let (meeting_wiring, mut meeting_events) =
        meetings::MeetingWiring::start(config.meetings.clone(), zone, &engine, shutdown.clone());

    let threshold = idle_threshold(&config);
    let idle_backend = senses::idle::start(threshold, observations_tx.clone(), shutdown.clone()).await;
    let session_source = senses::session::start(observations_tx, shutdown.clone()).await;
    tracing::info!(idle = idle_backend.name(), session = session_source.name(), "senses started");
    let notifier = Notifier::start(answers_tx, shutdown.clone());

    let socket_path = paths::socket_path()?;
    let listener = server::bind(&socket_path).with_context(|| format!("binding {}", socket_path.display()))?;
    let owner = server::owner_uid(&socket_path)?;
    #[cfg(target_os = "linux")]
    if config.tray
        && let Err(e) = tray::start(config_path.clone(), calls_tx.clone(), status_rx.clone(), shutdown.clone())
    {
        tracing::warn!("cannot start the tray icon: {e}");
    }
    tokio::spawn(server::serve(listener, owner, calls_tx, status_rx, shutdown.clone()));

    if let Some(dir) = config_path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    if let Err(e) = watch::spawn(&config_path, config_changed_tx, shutdown.clone()) {
        tracing::warn!("cannot watch {}: {e}; restart posture to apply config changes", config_path.display());
    }

    let mut daemon = Daemon {
        lang: load::resolve_lang(config.language, None),
        zone,
        engine,
        config_arg: config_arg.map(Path::to_path_buf),
        config_path,
        notifier,
        idle_backend: idle_backend.name(),
        session_source: session_source.name(),
        state_path,
        last_save: None,
        status_tx,
        quit: false,
        stats,
        meetings: meeting_wiring,
    };
    for problem in [config_error, tips_error].into_iter().flatten() {
        daemon.report_config_error(problem).await;
    }
    daemon.after_event(false).await;

    while !daemon.quit {
        let now = clock::now().max(daemon.engine.state().now);
        let deadline = daemon.engine.next_deadline().into_iter().chain(daemon.meetings.next_deadline(now)).min();
        let mut suspending = false;
        tokio::select! {
            Some(observation) = observations.recv() => {
                suspending = observation.input == Input::Suspend;
                feed(&mut daemon.engine, observation.input, observation.at);
            }
            Some(answer) = answers.recv() => feed(&mut daemon.engine, Input::Answer(answer), clock::now()),
            Some((request, reply)) = calls.recv() => {
                let response = daemon.call(request);
                let _ = reply.send(response);
            }
            Some(()) = config_changed.recv() => daemon.reload().await,
            Some(signal) = meeting_events.signals.recv() => daemon.meetings.signal(signal),
            Some(()) = meeting_events.calendars_changed.recv() => daemon.meetings.calendars_changed(),
            _ = sleep_until(deadline) => {
                let now = clock::now().max(daemon.engine.state().now);
                // Meetings first: one that starts now holds a reminder falling due at this
                // instant.
                daemon.meetings.sync(&mut daemon.engine, now);
                daemon.engine.handle_timeout(now);
            }
            _ = terminate.recv() => daemon.quit = true,
            _ = interrupt.recv() => daemon.quit = true,
        }
        daemon.after_event(suspending).await;
    }

    daemon.save();
    if let Some(stats) = daemon.stats.take() {
        stats.stop(clock::now().max(daemon.engine.state().now));
    }
    let _ = std::fs::remove_file(&socket_path);
    let _ = shutdown_tx.send(true);
    // Let connection tasks write their last answers (the reply to `quit`) before the runtime
    // and its tasks are dropped.
    tokio::time::sleep(Duration::from_millis(100)).await;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Feeds an input, never letting a slightly older timestamp look like the clock going back.
fn feed(engine: &mut Engine, input: Input, at: Time) {
    let at = at.max(engine.state().now);
    if let Err(rejected) = engine.handle(input, at) {
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
    let path = match stats_store::default_path() {
        Ok(path) => path,
        Err(e) => {
            tracing::warn!("no history: {e}");
            return None;
        }
    };
    match Stats::start(&path, zone, now, resumed_from) {
        Ok(stats) => Some(stats),
        Err(e) => {
            tracing::warn!("no history: {e}");
            eprintln!("posture: history is off: {e}");
            None
        }
    }
}

async fn sleep_until(deadline: Option<Time>) {
    match deadline {
        // Timers run on the monotonic clock, which stops during suspend; the session sense's
        // resume observation wakes the loop, and every wake re-reads the wall clock.
        Some(deadline) => tokio::time::sleep(deadline.since(clock::now())).await,
        None => std::future::pending().await,
    }
}

struct Daemon {
    engine: Engine,
    zone: Zone,
    lang: Lang,
    config_arg: Option<PathBuf>,
    config_path: PathBuf,
    notifier: Notifier,
    idle_backend: &'static str,
    session_source: &'static str,
    state_path: PathBuf,
    last_save: Option<Time>,
    status_tx: tokio_watch::Sender<Option<StatusReport>>,
    quit: bool,
    stats: Option<Stats>,
    meetings: meetings::MeetingWiring,
}

impl Daemon {
    /// Carries out the engine's actions, publishes the status and saves when due.
    async fn after_event(&mut self, suspending: bool) {
        let now = clock::now().max(self.engine.state().now);
        self.meetings.sync(&mut self.engine, now);
        let mut actions = Vec::new();
        while let Some(timed) = self.engine.poll_action() {
            actions.push(timed.clone());
            let Timed { action, .. } = timed;
            tracing::info!(?action);
            match action {
                Action::BreakDue { kind, tip, repeat, .. } => {
                    let catalogue = self.engine.catalogue();
                    let tip_text = tip
                        .as_deref()
                        .and_then(|id| catalogue.get(id))
                        .map(|t| t.text(self.lang).to_string())
                        .unwrap_or_default();
                    let snooze = self.engine.config().snooze;
                    self.notifier.show(Reminder::Break { kind, tip_text, repeat, snooze, lang: self.lang }).await;
                }
                Action::DailyLimit { sitting } => {
                    self.notifier.show(Reminder::DailyLimit { sitting, lang: self.lang }).await;
                }
                Action::BreakTaken { .. }
                | Action::BreakSkipped { .. }
                | Action::BreakSnoozed { kind: Some(_), .. }
                | Action::BreakWithdrawn { .. } => self.notifier.withdraw().await,
                _ => {}
            }
        }
        let now = clock::now();
        if let Some(stats) = &mut self.stats {
            stats.observe(&self.engine, &actions, now.max(self.engine.state().now));
        }
        let report = self.report(now);
        self.status_tx.send_if_modified(|current| {
            let changed = current.as_ref().map(shape) != Some(shape(&report));
            if changed {
                *current = Some(report);
            }
            changed
        });
        if suspending || self.last_save.is_none_or(|last| now.since(last) >= SAVE_EVERY) {
            self.save();
        }
    }

    fn save(&mut self) {
        match state_file::save(&self.state_path, self.engine.state()) {
            Ok(()) => {
                let now = clock::now();
                self.last_save = Some(now);
                if let Some(stats) = &mut self.stats {
                    stats.checkpoint(now.max(self.engine.state().now));
                }
            }
            Err(e) => tracing::warn!("cannot save the state to {}: {e}", self.state_path.display()),
        }
    }

    fn report(&self, now: Time) -> StatusReport {
        let status = self.engine.status(now.max(self.engine.state().now));
        let local =
            |t: Time| t.to_utc().with_timezone(&chrono::Local).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        StatusReport {
            state: status.mode,
            next_break: NextBreak { kind: status.next_break.0, in_seconds: status.next_break.1.as_secs() },
            pending: status.pending,
            sitting_seconds: Sitting { micro: status.sitting[0].as_secs(), rest: status.sitting[1].as_secs() },
            today_sitting_seconds: status.today_sitting.as_secs(),
            idle_backend: self.idle_backend.to_string(),
            session_source: self.session_source.to_string(),
            snoozed_until: status.snoozed_until.map(local),
            paused: status.paused.is_some(),
            paused_until: status.paused.and_then(|p| p.until).map(local),
            meeting_until: status.meeting.and_then(|m| m.until).map(local),
            language: self.lang.as_str().to_string(),
            pid: std::process::id(),
            today: self.stats.as_ref().map(|stats| stats.today(now.max(self.engine.state().now))),
            meeting_sources: self.meetings.meetings.active(now).into_iter().map(|(source, _)| source).collect(),
            meeting_sources_enabled: self.meetings.enabled(),
            next_meeting: self.meetings.meetings.next_calendar_meeting(now).map(local),
            every_seconds: Every {
                micro: self.engine.config().micro.every.as_secs(),
                rest: self.engine.config().rest.every.as_secs(),
            },
        }
    }

    /// Answers one control request.
    fn call(&mut self, request: Request) -> Response {
        let now = clock::now().max(self.engine.state().now);
        let words = request.cmd.trim();
        match words {
            "status" => return Response::ok(self.report(now)),
            "quit" => {
                self.quit = true;
                return Response::ok(self.report(now));
            }
            _ => {}
        }
        let command = match command::parse(words, now, &self.zone) {
            Ok(command) => command,
            Err(e) => return Response::error(e.to_string()),
        };
        if let Command::Interval(kind, every) = command {
            // Checked before the file is written, so a refused value never reaches it.
            if let Err(rejected) = self.engine.check_interval(kind, every) {
                return Response::error(rejected.to_string());
            }
            if let Err(e) = load::config::set_every(&self.config_path, kind, every) {
                return Response::error(format!("cannot update {}: {e:#}", self.config_path.display()));
            }
        }
        if matches!(command, Command::MeetingStart { .. } | Command::MeetingEnd) {
            // Through the meeting sources, so that the user's meeting and the automatic ones
            // combine (see core::meetings).
            self.meetings.command(&command, now);
            self.meetings.sync(&mut self.engine, now);
            return Response::ok(self.report(now));
        }
        match self.engine.handle(Input::Command(command), now) {
            Ok(()) => Response::ok(self.report(now)),
            Err(rejected) => Response::error(rejected.to_string()),
        }
    }

    /// The config file changed: apply it, or keep the last good one and say what is wrong.
    async fn reload(&mut self) {
        let config = match load::config::load(self.config_arg.as_deref()) {
            Ok(loaded) => loaded.config,
            Err(e) => {
                self.report_config_error(format!("{e:#}")).await;
                return;
            }
        };
        match load::tips::catalogue(&config) {
            Ok(catalogue) => self.engine.set_catalogue(Arc::new(catalogue)),
            Err(e) => self.report_config_error(format!("{e:#}")).await,
        }
        self.lang = load::resolve_lang(config.language, None);
        self.meetings.reload(config.meetings.clone());
        let now = clock::now().max(self.engine.state().now);
        self.engine.set_config(config, now);
        tracing::info!("configuration reloaded from {}", self.config_path.display());
    }

    async fn report_config_error(&mut self, message: String) {
        tracing::warn!("configuration error, keeping the last good settings:\n{message}");
        self.notifier.show(Reminder::ConfigError { message, lang: self.lang }).await;
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
