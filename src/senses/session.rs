//! Screen lock and suspend, reported as `Lock`/`Unlock` and `Suspend`/`Resume` observations.
//!
//! Both come from logind on the system bus when it is there:
//! - **Suspend.** `PrepareForSleep(true)` before the machine sleeps, `(false)` after it wakes. A
//!   delay inhibitor holds the sleep back until the `Suspend` observation is queued, so the break
//!   starts when the user left, not whenever the next event after waking happens to arrive.
//! - **Lock.** The `LockedHint` property of the user's graphical session, which every locker that
//!   works with logind sets. The session's `Lock`/`Unlock` signals are not used: they ask a locker
//!   to act and say nothing about whether it did.
//!
//! Without logind, or without a session in it, the screensaver's `ActiveChanged` signal on the
//! session bus stands in for the lock.

use std::future::pending;
use std::ops::ControlFlow;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use zbus::fdo::{PropertiesChanged, PropertiesChangedStream, PropertiesProxy};
use zbus::proxy::CacheProperties;
use zbus::{Connection, OwnedFd, OwnedObjectPath, proxy};

use super::Observation;
use crate::clock;
use crate::core::engine::Input;

const LOGIND: &str = "org.freedesktop.login1";
const SESSION_INTERFACE: &str = "org.freedesktop.login1.Session";
const LOCKED_HINT: &str = "LockedHint";

/// Screensavers that announce when they turn on, as (bus name = interface, object path), in order
/// of preference.
const SCREENSAVERS: [(&str, &str); 2] = [
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
];

/// How long one step of finding a source may take. Both buses answer at once unless something is
/// wedged, and a wedged bus must not hold up the rest of the daemon's start.
const SETUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Where lock state comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// logind's `LockedHint` on the user's session.
    Logind,
    /// The screensaver's `ActiveChanged` signal.
    ScreenSaver,
    /// Nothing: lock goes unnoticed (idle detection still sees the user leave).
    None,
}

impl Source {
    /// The name shown in status output and logs (also its serialized form).
    pub fn name(self) -> &'static str {
        match self {
            Source::Logind => "logind",
            Source::ScreenSaver => "screensaver",
            Source::None => "none",
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum Error {
    #[error(transparent)]
    Bus(#[from] zbus::Error),
    #[error("no answer within {SETUP_TIMEOUT:?}")]
    Timeout,
}

#[proxy(
    interface = "org.freedesktop.login1.Manager",
    default_service = "org.freedesktop.login1",
    default_path = "/org/freedesktop/login1"
)]
trait Manager {
    fn inhibit(&self, what: &str, who: &str, why: &str, mode: &str) -> zbus::Result<OwnedFd>;

    fn get_session(&self, session_id: &str) -> zbus::Result<OwnedObjectPath>;

    #[zbus(signal)]
    fn prepare_for_sleep(&self, start: bool) -> zbus::Result<()>;
}

// `self` is the user the caller runs as, which works from a systemd user service too: such a
// service is outside every login session, so logind cannot name "its" session from its PID.
#[proxy(
    interface = "org.freedesktop.login1.User",
    default_service = "org.freedesktop.login1",
    default_path = "/org/freedesktop/login1/user/self"
)]
trait User {
    /// The user's graphical session as (id, path); the path is `/` when there is none.
    #[zbus(property(emits_changed_signal = "false"))]
    fn display(&self) -> zbus::Result<(String, OwnedObjectPath)>;
}

#[proxy(
    interface = "org.freedesktop.login1.Session",
    default_service = "org.freedesktop.login1",
    default_path = "/org/freedesktop/login1/session/auto"
)]
trait Session {
    #[zbus(property(emits_changed_signal = "const"))]
    fn id(&self) -> zbus::Result<String>;

    // Changes are read from PropertiesChanged directly: zbus's property streams keep only the
    // latest value, and a quick lock and unlock must not vanish between two polls.
    #[zbus(property(emits_changed_signal = "false"))]
    fn locked_hint(&self) -> zbus::Result<bool>;
}

// The default names are the freedesktop ones; the builder swaps in GNOME's, which has the same
// members.
#[proxy(
    interface = "org.freedesktop.ScreenSaver",
    default_service = "org.freedesktop.ScreenSaver",
    default_path = "/org/freedesktop/ScreenSaver"
)]
trait ScreenSaver {
    // Asking must not start a screensaver that was not running.
    #[zbus(no_autostart)]
    fn get_active(&self) -> zbus::Result<bool>;

    #[zbus(signal)]
    fn active_changed(&self, new_value: bool) -> zbus::Result<()>;
}

/// Watches lock and suspend until `shutdown` turns true; returns where lock state comes from.
///
/// Returns once watching has begun; the watching itself runs in a task of its own.
pub async fn start(tx: mpsc::Sender<Observation>, shutdown: watch::Receiver<bool>) -> Source {
    let system = connect("system", Connection::system()).await;
    let session = connect("session", Connection::session()).await;
    start_with(system, session, tx, shutdown).await
}

/// [`start`] on the given buses (`None`: that bus is unreachable).
pub async fn start_with(
    system: Option<Connection>,
    session: Option<Connection>,
    tx: mpsc::Sender<Observation>,
    shutdown: watch::Receiver<bool>,
) -> Source {
    let sleep = match &system {
        Some(system) => Sleep::watch(system).await,
        None => None,
    };
    let mut lock = match &system {
        Some(system) => Lock::logind(system).await,
        None => None,
    };
    if lock.is_none()
        && let Some(session) = &session
    {
        lock = Lock::screensaver(session).await;
    }
    let (lock, initially_locked) = lock.unwrap_or((Lock::None, false));
    let source = lock.source();
    if source == Source::None {
        // The daemon's start line says "screen lock: none"; this is the why.
        tracing::debug!(
            "neither logind nor a screensaver reports screen lock; a locked screen counts as away only once idle"
        );
    }
    let watcher = Watcher { tx, shutdown, sleep, lock, locked: false, suspended: false };
    tokio::spawn(watcher.run(initially_locked));
    source
}

async fn connect(bus: &str, connecting: impl Future<Output = zbus::Result<Connection>>) -> Option<Connection> {
    match bounded(async { Ok(connecting.await?) }).await {
        Ok(connection) => Some(connection),
        Err(error) => {
            tracing::debug!("no {bus} bus: {error}");
            None
        }
    }
}

/// `step`, failing with [`Error::Timeout`] if it takes longer than [`SETUP_TIMEOUT`].
async fn bounded<T>(step: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    tokio::time::timeout(SETUP_TIMEOUT, step).await.unwrap_or(Err(Error::Timeout))
}

/// logind's sleep signal, and the delay inhibitor held while awake.
struct Sleep {
    manager: ManagerProxy<'static>,
    signals: PrepareForSleepStream,
    /// Closing it tells logind that sleep may go ahead.
    inhibitor: Option<OwnedFd>,
}

impl Sleep {
    async fn watch(system: &Connection) -> Option<Sleep> {
        let setup = bounded(async {
            let manager = ManagerProxy::new(system).await?;
            // Subscribe before taking the inhibitor, so a sleep that starts in between is seen
            // (and the inhibitor released) rather than held until logind's delay runs out.
            let signals = manager.receive_prepare_for_sleep().await?;
            Ok((manager, signals))
        });
        let (manager, signals) = match setup.await {
            Ok(found) => found,
            Err(error) => {
                tracing::debug!("not watching suspend: {error}");
                return None;
            }
        };
        match bounded(inhibit(&manager)).await {
            Ok(inhibitor) => Some(Sleep { manager, signals, inhibitor: Some(inhibitor) }),
            Err(Error::Bus(zbus::Error::FDO(error)))
                if matches!(*error, zbus::fdo::Error::ServiceUnknown(_) | zbus::fdo::Error::NameHasNoOwner(_)) =>
            {
                tracing::debug!("not watching suspend: logind is not running");
                None
            }
            Err(error) => {
                tracing::warn!("no sleep inhibitor ({error}): a suspend may be recorded only after waking");
                Some(Sleep { manager, signals, inhibitor: None })
            }
        }
    }

    /// Takes a new inhibitor after a wake-up; a failure leaves the watch working, only later.
    async fn rearm(&mut self) {
        match inhibit(&self.manager).await {
            Ok(inhibitor) => self.inhibitor = Some(inhibitor),
            Err(error) => tracing::warn!("no sleep inhibitor ({error}): the next suspend may be recorded late"),
        }
    }
}

async fn inhibit(manager: &ManagerProxy<'_>) -> Result<OwnedFd, Error> {
    Ok(manager.inhibit("sleep", "posture", "record the start of a break", "delay").await?)
}

/// Where lock changes come from, with what is needed to read them.
enum Lock {
    Logind { session: SessionProxy<'static>, changes: PropertiesChangedStream },
    ScreenSaver { changes: ActiveChangedStream },
    None,
}

/// The next message from a [`Lock`] source.
enum LockMessage {
    Logind(PropertiesChanged),
    ScreenSaver(ActiveChanged),
    /// The source's stream is over (the connection closed).
    Ended,
}

impl Lock {
    fn source(&self) -> Source {
        match self {
            Lock::Logind { .. } => Source::Logind,
            Lock::ScreenSaver { .. } => Source::ScreenSaver,
            Lock::None => Source::None,
        }
    }

    /// The user's graphical session in logind, and whether it is locked now.
    async fn logind(system: &Connection) -> Option<(Lock, bool)> {
        let found = bounded(async {
            let path = logind_session(system).await?;
            let properties = PropertiesProxy::builder(system)
                .destination(LOGIND)
                .path(path.clone())
                .cache_properties(CacheProperties::No)
                .build()
                .await?;
            let changes = properties.receive_properties_changed_with_args(&[(0, SESSION_INTERFACE)]).await?;
            let session =
                SessionProxy::builder(system).path(path.clone()).cache_properties(CacheProperties::No).build().await?;
            // Read after subscribing, so a change in between is not lost.
            let locked = session.locked_hint().await?;
            tracing::debug!("lock state from logind session {path}");
            Ok((Lock::Logind { session, changes }, locked))
        });
        match found.await {
            Ok(found) => Some(found),
            Err(error) => {
                tracing::debug!("no lock state from logind: {error}");
                None
            }
        }
    }

    /// The first screensaver on the session bus that answers, and whether it is active now.
    async fn screensaver(session: &Connection) -> Option<(Lock, bool)> {
        for (name, path) in SCREENSAVERS {
            let found = bounded(async {
                let screensaver = ScreenSaverProxy::builder(session)
                    .destination(name)
                    .path(path)
                    .interface(name)
                    .cache_properties(CacheProperties::No)
                    .build()
                    .await?;
                let changes = screensaver.receive_active_changed().await?;
                let active = screensaver.get_active().await?;
                Ok((Lock::ScreenSaver { changes }, active))
            });
            match found.await {
                Ok(found) => {
                    tracing::debug!("lock state from {name}");
                    return Some(found);
                }
                Err(error) => tracing::debug!("no lock state from {name}: {error}"),
            }
        }
        None
    }

    /// Waits for the next message; never returns for [`Lock::None`]. Cancel-safe.
    async fn next(&mut self) -> LockMessage {
        let message = match self {
            Lock::Logind { changes, .. } => changes.next().await.map(LockMessage::Logind),
            Lock::ScreenSaver { changes } => changes.next().await.map(LockMessage::ScreenSaver),
            Lock::None => pending().await,
        };
        message.unwrap_or(LockMessage::Ended)
    }
}

/// The path of the user's graphical session: `Display` of the user, else logind's `auto` session.
async fn logind_session(system: &Connection) -> Result<OwnedObjectPath, Error> {
    let user = UserProxy::builder(system).cache_properties(CacheProperties::No).build().await?;
    match user.display().await {
        Ok((_, path)) if path.as_str() != "/" => return Ok(path),
        Ok(_) => tracing::debug!("logind: the user has no graphical session; trying session/auto"),
        Err(error) => tracing::debug!("logind: no display session ({error}); trying session/auto"),
    }
    // `session/auto` answers calls but signals go out under the session's own path, so look
    // that path up.
    let auto = SessionProxy::builder(system).cache_properties(CacheProperties::No).build().await?;
    let id = auto.id().await?;
    Ok(ManagerProxy::new(system).await?.get_session(&id).await?)
}

/// The running watch: turns bus messages into deduplicated observations.
struct Watcher {
    tx: mpsc::Sender<Observation>,
    shutdown: watch::Receiver<bool>,
    sleep: Option<Sleep>,
    lock: Lock,
    /// The last lock state sent (nothing is sent for an unlocked start).
    locked: bool,
    suspended: bool,
}

impl Watcher {
    async fn run(mut self, initially_locked: bool) {
        if self.set_locked(initially_locked).await.is_break() {
            return;
        }
        loop {
            if *self.shutdown.borrow() {
                return;
            }
            let flow = tokio::select! {
                changed = self.shutdown.changed() => {
                    // A dropped sender can never say "stop" any more: treat it as a stop.
                    if changed.is_err() {
                        return;
                    }
                    ControlFlow::Continue(())
                }
                signal = next_sleep_signal(&mut self.sleep) => match signal {
                    Some(signal) => self.on_prepare_for_sleep(signal).await,
                    None => {
                        tracing::warn!("logind's sleep signal stopped; suspend is no longer watched");
                        self.sleep = None;
                        ControlFlow::Continue(())
                    }
                },
                message = self.lock.next() => self.on_lock_message(message).await,
            };
            if flow.is_break() {
                return;
            }
        }
    }

    async fn on_prepare_for_sleep(&mut self, signal: PrepareForSleep) -> ControlFlow<()> {
        let start = match signal.args() {
            Ok(args) => args.start,
            Err(error) => {
                tracing::debug!("unreadable PrepareForSleep: {error}");
                return ControlFlow::Continue(());
            }
        };
        if start {
            let flow = if self.suspended {
                ControlFlow::Continue(())
            } else {
                self.suspended = true;
                self.send(Input::Suspend).await
            };
            // Only now, with the observation queued, may the machine sleep.
            if let Some(sleep) = &mut self.sleep {
                sleep.inhibitor = None;
            }
            flow
        } else {
            let flow = if self.suspended {
                self.suspended = false;
                self.send(Input::Wake).await
            } else {
                ControlFlow::Continue(())
            };
            if let Some(sleep) = &mut self.sleep
                && sleep.inhibitor.is_none()
            {
                sleep.rearm().await;
            }
            flow
        }
    }

    async fn on_lock_message(&mut self, message: LockMessage) -> ControlFlow<()> {
        let locked = match message {
            LockMessage::Logind(changed) => self.locked_hint(changed).await,
            LockMessage::ScreenSaver(changed) => match changed.args() {
                Ok(args) => Some(args.new_value),
                Err(error) => {
                    tracing::debug!("unreadable ActiveChanged: {error}");
                    None
                }
            },
            LockMessage::Ended => {
                tracing::warn!("{} stopped reporting; screen lock is no longer watched", self.lock.source().name());
                self.lock = Lock::None;
                None
            }
        };
        match locked {
            Some(locked) => self.set_locked(locked).await,
            None => ControlFlow::Continue(()),
        }
    }

    /// `LockedHint` from a PropertiesChanged signal, fetched if the signal only invalidated it;
    /// `None` if the signal is about other properties.
    async fn locked_hint(&self, changed: PropertiesChanged) -> Option<bool> {
        let args = match changed.args() {
            Ok(args) => args,
            Err(error) => {
                tracing::debug!("unreadable PropertiesChanged: {error}");
                return None;
            }
        };
        let reading = if let Some(value) = args.changed_properties.get(LOCKED_HINT) {
            value.downcast_ref::<bool>()
        } else if args.invalidated_properties.contains(&LOCKED_HINT) {
            let Lock::Logind { session, .. } = &self.lock else { return None };
            session.locked_hint().await
        } else {
            return None;
        };
        reading.inspect_err(|error| tracing::debug!("unreadable LockedHint: {error}")).ok()
    }

    /// Sends `Lock` or `Unlock` if `locked` differs from the last state sent.
    async fn set_locked(&mut self, locked: bool) -> ControlFlow<()> {
        if locked == self.locked {
            return ControlFlow::Continue(());
        }
        self.locked = locked;
        self.send(if locked { Input::Lock } else { Input::Unlock }).await
    }

    /// Breaks when the daemon has stopped listening.
    async fn send(&self, input: Input) -> ControlFlow<()> {
        match self.tx.send(Observation { input, at: clock::stamp() }).await {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    }
}

/// The next sleep signal; never returns while suspend is not watched. Cancel-safe.
async fn next_sleep_signal(sleep: &mut Option<Sleep>) -> Option<PrepareForSleep> {
    match sleep {
        Some(sleep) => sleep.signals.next().await,
        None => pending().await,
    }
}
