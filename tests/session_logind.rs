//! Screen lock and suspend detection (`senses::session`) against fakes on a private bus: a fake
//! logind (manager, user, session), and fake screensavers for the fallback.
//!
//! Each test starts its own `dbus-daemon` and hands `start_with` two connections to it, one as
//! the system bus and one as the session bus, so nothing depends on the machine's own buses.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::unix::pipe;
use tokio::sync::{mpsc, watch};
use tokio::time::timeout;
use zbus::names::InterfaceName;
use zbus::object_server::{InterfaceRef, SignalEmitter};
use zbus::{Connection, OwnedFd, OwnedObjectPath, connection, fdo, interface};

use posture::clock;
use posture::core::engine::Input;
use posture::senses::Observation;
use posture::senses::session::{Source, start_with};

/// Generous, since it only matters when a test fails.
const WAIT: Duration = Duration::from_secs(5);

const SESSION_PATH: &str = "/org/freedesktop/login1/session/c1";

/// A private `dbus-daemon`, killed when dropped.
struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    fn start() -> Bus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--print-address", "--nofork"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon is installed");
        let mut address = String::new();
        let stdout = daemon.stdout.take().expect("stdout is piped");
        BufReader::new(stdout).read_line(&mut address).expect("dbus-daemon prints its address");
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        Bus { daemon, address }
    }

    fn builder(&self) -> connection::Builder<'_> {
        connection::Builder::address(self.address.as_str())
    }

    async fn connect(&self) -> Connection {
        self.builder().build().await.expect("connect to the private bus")
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// One `Inhibit` call: its arguments, and the read end of the pipe whose write end was handed
/// out as the inhibitor, which reads end-of-file once the caller has closed it.
struct Inhibitor {
    what: String,
    who: String,
    mode: String,
    held: pipe::Receiver,
}

impl Inhibitor {
    async fn released(mut self) -> bool {
        let mut buf = [0u8; 1];
        matches!(timeout(WAIT, self.held.read(&mut buf)).await, Ok(Ok(0)))
    }
}

struct FakeManager {
    inhibitors: mpsc::UnboundedSender<Inhibitor>,
}

#[interface(name = "org.freedesktop.login1.Manager")]
impl FakeManager {
    fn inhibit(&self, what: String, who: String, _why: String, mode: String) -> fdo::Result<OwnedFd> {
        let (write, held) = pipe::pipe().map_err(|e| fdo::Error::IOError(e.to_string()))?;
        let fd = write.into_blocking_fd().map_err(|e| fdo::Error::IOError(e.to_string()))?;
        let _ = self.inhibitors.send(Inhibitor { what, who, mode, held });
        Ok(fd.into())
    }

    fn get_session(&self, session_id: &str) -> fdo::Result<OwnedObjectPath> {
        OwnedObjectPath::try_from(format!("/org/freedesktop/login1/session/{session_id}"))
            .map_err(|e| fdo::Error::InvalidArgs(e.to_string()))
    }

    #[zbus(signal)]
    async fn prepare_for_sleep(emitter: &SignalEmitter<'_>, start: bool) -> zbus::Result<()>;
}

struct FakeUser {
    display: (String, OwnedObjectPath),
}

#[interface(name = "org.freedesktop.login1.User")]
impl FakeUser {
    #[zbus(property)]
    fn display(&self) -> (String, OwnedObjectPath) {
        self.display.clone()
    }
}

struct FakeSession {
    id: String,
    locked: bool,
}

#[interface(name = "org.freedesktop.login1.Session")]
impl FakeSession {
    #[zbus(property)]
    fn id(&self) -> String {
        self.id.clone()
    }

    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        self.locked
    }
}

/// A fake logind serving `org.freedesktop.login1` on its own connection.
struct Logind {
    _connection: Connection,
    manager: InterfaceRef<FakeManager>,
    session: InterfaceRef<FakeSession>,
    inhibitors: mpsc::UnboundedReceiver<Inhibitor>,
}

impl Logind {
    /// `display`: the path the user's `Display` names (`/` for none). The session itself is
    /// served at `session_path`, and also at `session/auto` when `auto` is set.
    async fn serve(bus: &Bus, display: &str, session_path: &str, auto: bool, locked: bool) -> Logind {
        let (tx, inhibitors) = mpsc::unbounded_channel();
        let id = session_path.rsplit('/').next().unwrap_or_default().to_owned();
        let display_id = if display == "/" { String::new() } else { id.clone() };
        let mut builder = bus
            .builder()
            .name("org.freedesktop.login1")
            .serve_at("/org/freedesktop/login1", FakeManager { inhibitors: tx })
            .serve_at(
                "/org/freedesktop/login1/user/self",
                FakeUser { display: (display_id, OwnedObjectPath::try_from(display).unwrap()) },
            )
            .serve_at(session_path, FakeSession { id: id.clone(), locked });
        if auto {
            builder = builder.serve_at("/org/freedesktop/login1/session/auto", FakeSession { id, locked });
        }
        let connection = builder.build().await.expect("serve the fake logind");
        let server = connection.object_server();
        let manager = server.interface("/org/freedesktop/login1").await.unwrap();
        let session = server.interface(session_path).await.unwrap();
        Logind { _connection: connection, manager, session, inhibitors }
    }

    async fn prepare_for_sleep(&self, start: bool) {
        FakeManager::prepare_for_sleep(self.manager.signal_emitter(), start).await.unwrap();
    }

    /// Sets `LockedHint` and announces it with its value, or (`invalidate`) without.
    async fn set_locked(&self, locked: bool, invalidate: bool) {
        let mut session = self.session.get_mut().await;
        session.locked = locked;
        let emitter = self.session.signal_emitter();
        if invalidate {
            let interface = InterfaceName::from_static_str("org.freedesktop.login1.Session").unwrap();
            fdo::Properties::properties_changed(emitter, interface, HashMap::new(), Cow::Borrowed(&["LockedHint"]))
                .await
                .unwrap();
        } else {
            session.locked_hint_changed(emitter).await.unwrap();
        }
    }

    async fn next_inhibitor(&mut self) -> Inhibitor {
        timeout(WAIT, self.inhibitors.recv()).await.expect("an inhibitor is taken").expect("fake logind runs")
    }
}

struct FakeScreenSaver {
    active: bool,
}

#[interface(name = "org.freedesktop.ScreenSaver")]
impl FakeScreenSaver {
    fn get_active(&self) -> bool {
        self.active
    }

    #[zbus(signal)]
    async fn active_changed(emitter: &SignalEmitter<'_>, new_value: bool) -> zbus::Result<()>;
}

struct FakeGnomeScreenSaver {
    active: bool,
}

#[interface(name = "org.gnome.ScreenSaver")]
impl FakeGnomeScreenSaver {
    fn get_active(&self) -> bool {
        self.active
    }

    #[zbus(signal)]
    async fn active_changed(emitter: &SignalEmitter<'_>, new_value: bool) -> zbus::Result<()>;
}

/// The session watch under test, with its channel and its shutdown switch.
struct Watch {
    source: Source,
    rx: mpsc::Receiver<Observation>,
    shutdown: watch::Sender<bool>,
}

impl Watch {
    async fn start(bus: &Bus) -> Watch {
        let system = bus.connect().await;
        let session = bus.connect().await;
        Watch::start_with(Some(system), Some(session)).await
    }

    async fn start_with(system: Option<Connection>, session: Option<Connection>) -> Watch {
        let (tx, rx) = mpsc::channel(16);
        let (shutdown, stop) = watch::channel(false);
        let source = start_with(system, session, tx, stop).await;
        Watch { source, rx, shutdown }
    }

    /// The next observation's input, checking it was stamped with the current time.
    async fn next(&mut self) -> Input {
        let before = clock::now();
        let observation = timeout(WAIT, self.rx.recv()).await.expect("an observation").expect("the watch runs");
        assert!(
            observation.at.wall >= before && observation.at.wall <= clock::now(),
            "stamped at {:?}",
            observation.at
        );
        observation.input
    }

    /// Stops the watch and checks that it lets go of the channel.
    async fn stop(mut self) {
        self.shutdown.send(true).unwrap();
        let end = timeout(WAIT, self.rx.recv()).await.expect("the watch stops");
        assert_eq!(end, None, "nothing after shutdown");
    }
}

#[tokio::test]
async fn logind_reports_lock_and_suspend() {
    let bus = Bus::start();
    let mut logind = Logind::serve(&bus, SESSION_PATH, SESSION_PATH, false, false).await;
    let mut watch = Watch::start(&bus).await;
    assert_eq!(watch.source, Source::Logind);
    assert_eq!(watch.source.name(), "logind");

    let first = logind.next_inhibitor().await;
    assert_eq!((first.what.as_str(), first.who.as_str(), first.mode.as_str()), ("sleep", "posture", "delay"));

    // An unlocked start sends nothing, so the first observation is the suspend.
    logind.prepare_for_sleep(true).await;
    assert_eq!(watch.next().await, Input::Suspend);
    assert!(first.released().await, "the inhibitor is released once Suspend is sent");

    logind.prepare_for_sleep(false).await;
    assert_eq!(watch.next().await, Input::Wake);
    let second = logind.next_inhibitor().await;
    assert_eq!(second.mode, "delay");

    logind.set_locked(true, false).await;
    assert_eq!(watch.next().await, Input::Lock);
    // The same state again is no news; the next observation is the unlock.
    logind.set_locked(true, false).await;
    logind.set_locked(false, false).await;
    assert_eq!(watch.next().await, Input::Unlock);

    // Only invalidated: the watch reads the new value itself.
    logind.set_locked(true, true).await;
    assert_eq!(watch.next().await, Input::Lock);
    logind.set_locked(false, true).await;
    assert_eq!(watch.next().await, Input::Unlock);

    watch.stop().await;
    assert!(second.released().await, "the inhibitor is released at shutdown");
}

#[tokio::test]
async fn logind_without_display_uses_the_auto_session_and_reports_an_initial_lock() {
    let bus = Bus::start();
    let path = "/org/freedesktop/login1/session/c2";
    let logind = Logind::serve(&bus, "/", path, true, true).await;
    let mut watch = Watch::start(&bus).await;
    assert_eq!(watch.source, Source::Logind);
    assert_eq!(watch.next().await, Input::Lock);

    // Changes come under the session's own path, not under `session/auto`.
    logind.set_locked(false, false).await;
    assert_eq!(watch.next().await, Input::Unlock);
    watch.stop().await;
}

#[tokio::test]
async fn screensaver_stands_in_without_logind() {
    let bus = Bus::start();
    let screensaver = bus
        .builder()
        .name("org.freedesktop.ScreenSaver")
        .serve_at("/org/freedesktop/ScreenSaver", FakeScreenSaver { active: false })
        .build()
        .await
        .unwrap();
    let emitter = SignalEmitter::new(&screensaver, "/org/freedesktop/ScreenSaver").unwrap();
    let mut watch = Watch::start(&bus).await;
    assert_eq!(watch.source, Source::ScreenSaver);
    assert_eq!(watch.source.name(), "screensaver");

    FakeScreenSaver::active_changed(&emitter, true).await.unwrap();
    assert_eq!(watch.next().await, Input::Lock);
    FakeScreenSaver::active_changed(&emitter, true).await.unwrap();
    FakeScreenSaver::active_changed(&emitter, false).await.unwrap();
    assert_eq!(watch.next().await, Input::Unlock);
    watch.stop().await;
}

#[tokio::test]
async fn logind_without_a_session_still_reports_suspend_and_the_screensaver_reports_lock() {
    let bus = Bus::start();
    // No display session and no `session/auto`: logind is there but has no session for the user.
    let mut logind = Logind::serve(&bus, "/", SESSION_PATH, false, true).await;
    let screensaver = bus
        .builder()
        .name("org.freedesktop.ScreenSaver")
        .serve_at("/org/freedesktop/ScreenSaver", FakeScreenSaver { active: false })
        .build()
        .await
        .unwrap();
    let emitter = SignalEmitter::new(&screensaver, "/org/freedesktop/ScreenSaver").unwrap();
    let mut watch = Watch::start(&bus).await;
    assert_eq!(watch.source, Source::ScreenSaver);
    logind.next_inhibitor().await;

    logind.prepare_for_sleep(true).await;
    assert_eq!(watch.next().await, Input::Suspend);
    FakeScreenSaver::active_changed(&emitter, true).await.unwrap();
    assert_eq!(watch.next().await, Input::Lock);
    watch.stop().await;
}

#[tokio::test]
async fn gnome_screensaver_is_the_second_choice() {
    let bus = Bus::start();
    let screensaver = bus
        .builder()
        .name("org.gnome.ScreenSaver")
        .serve_at("/org/gnome/ScreenSaver", FakeGnomeScreenSaver { active: true })
        .build()
        .await
        .unwrap();
    let emitter = SignalEmitter::new(&screensaver, "/org/gnome/ScreenSaver").unwrap();
    let mut watch = Watch::start(&bus).await;
    assert_eq!(watch.source, Source::ScreenSaver);
    assert_eq!(watch.next().await, Input::Lock);

    FakeGnomeScreenSaver::active_changed(&emitter, false).await.unwrap();
    assert_eq!(watch.next().await, Input::Unlock);
    watch.stop().await;
}

#[tokio::test]
async fn nothing_to_watch_is_source_none() {
    let bus = Bus::start();
    let watch = Watch::start(&bus).await;
    assert_eq!(watch.source, Source::None);
    assert_eq!(watch.source.name(), "none");
    watch.stop().await;

    let unreachable = Watch::start_with(None, None).await;
    assert_eq!(unreachable.source, Source::None);
    unreachable.stop().await;
}

#[test]
fn source_serializes_as_its_name() {
    for source in [Source::Logind, Source::ScreenSaver, Source::None] {
        assert_eq!(serde_json::to_value(source).unwrap(), serde_json::Value::from(source.name()));
    }
}
