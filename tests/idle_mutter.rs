//! The GNOME idle backend against a fake `org.gnome.Mutter.IdleMonitor` on a private session
//! bus: watches registered, `WatchFired` turned into `Idle` then `Active`, watches re-added
//! when gnome-shell restarts and removed at shutdown.

#[path = "support/idle_observe.rs"]
mod idle_observe;
#[path = "support/idle_process.rs"]
mod idle_process;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use idle_observe::next;
use idle_process::{Killed, tools_present};
use posture::clock;
use posture::core::engine::Input;
use posture::senses::Observation;
use posture::senses::idle::start_mutter;
use tokio::sync::{mpsc, watch};
use zbus::object_server::SignalEmitter;

const NAME: &str = "org.gnome.Mutter.IdleMonitor";
const PATH: &str = "/org/gnome/Mutter/IdleMonitor/Core";
const WAIT: Duration = Duration::from_secs(5);
const THRESHOLD: Duration = Duration::from_secs(90);

/// A method call the fake received, with the id it handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    GetIdletime,
    AddIdleWatch { interval: u64, id: u32 },
    AddUserActiveWatch { id: u32 },
    RemoveWatch(u32),
}

/// Mutter's idle monitor as far as posture uses it: it records calls and fires nothing by
/// itself; the test emits `WatchFired` when it wants.
struct FakeMonitor {
    idle_ms: u64,
    last_id: u32,
    calls: mpsc::UnboundedSender<Call>,
}

impl FakeMonitor {
    fn record(&self, call: Call) {
        self.calls.send(call).expect("the test is listening");
    }

    fn new_id(&mut self) -> u32 {
        self.last_id += 1;
        self.last_id
    }
}

#[zbus::interface(name = "org.gnome.Mutter.IdleMonitor")]
impl FakeMonitor {
    fn get_idletime(&self) -> u64 {
        self.record(Call::GetIdletime);
        self.idle_ms
    }

    fn add_idle_watch(&mut self, interval: u64) -> u32 {
        let id = self.new_id();
        self.record(Call::AddIdleWatch { interval, id });
        id
    }

    fn add_user_active_watch(&mut self) -> u32 {
        let id = self.new_id();
        self.record(Call::AddUserActiveWatch { id });
        id
    }

    fn remove_watch(&self, id: u32) {
        self.record(Call::RemoveWatch(id));
    }

    #[zbus(signal)]
    async fn watch_fired(emitter: &SignalEmitter<'_>, id: u32) -> zbus::Result<()>;
}

/// A private session bus, gone when the test ends.
struct Bus {
    _daemon: Killed,
    address: String,
}

fn private_bus() -> Option<Bus> {
    if !tools_present(&["dbus-daemon"]) {
        return None;
    }
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--print-address", "--nofork"])
        .stdout(Stdio::piped())
        // In a container it warns that it cannot raise its file limit: noise in the test output.
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let daemon = Killed(child);
    let mut address = String::new();
    BufReader::new(stdout).read_line(&mut address).expect("dbus-daemon prints its address");
    assert!(!address.trim().is_empty(), "dbus-daemon printed no address");
    Some(Bus { _daemon: daemon, address: address.trim().to_owned() })
}

async fn connect(bus: &Bus) -> zbus::Connection {
    zbus::connection::Builder::address(bus.address.as_str()).build().await.unwrap()
}

/// Serves the fake monitor under Mutter's name; returns its connection and its call log.
async fn serve_fake(bus: &Bus, idle_ms: u64) -> (zbus::Connection, mpsc::UnboundedReceiver<Call>) {
    let (calls, log) = mpsc::unbounded_channel();
    let server = zbus::connection::Builder::address(bus.address.as_str())
        .name(NAME)
        .serve_at(PATH, FakeMonitor { idle_ms, last_id: 0, calls })
        .build()
        .await
        .unwrap();
    (server, log)
}

async fn fire(server: &zbus::Connection, id: u32) {
    let emitter = SignalEmitter::new(server, PATH).unwrap();
    FakeMonitor::watch_fired(&emitter, id).await.unwrap();
}

async fn call(log: &mut mpsc::UnboundedReceiver<Call>) -> Call {
    tokio::time::timeout(WAIT, log.recv()).await.expect("a call to the fake monitor").expect("fake alive")
}

/// Asserts an `Idle` whose `since` lies `idle` before its `at`, stamped between `before` and now.
fn assert_idle(observation: &Observation, idle: Duration, before: posture::core::time::Time) {
    let Input::Idle { since } = observation.input else { panic!("expected Idle, got {observation:?}") };
    assert_eq!(observation.at.wall.since(since), idle, "since = at - idle time");
    assert!(before <= observation.at.wall && observation.at.wall <= clock::now(), "stamped when it happened");
}

#[tokio::test]
async fn watch_events_become_idle_then_active() {
    let Some(bus) = private_bus() else { return };
    let (server, mut log) = serve_fake(&bus, 0).await;
    let client = connect(&bus).await;
    let (tx, mut rx) = mpsc::channel(8);
    let (stop, shutdown) = watch::channel(false);

    let task = start_mutter(&client, THRESHOLD, tx, shutdown).await.expect("the fake monitor is usable");
    assert_eq!(call(&mut log).await, Call::GetIdletime);
    let Call::AddIdleWatch { interval: 90_000, id: idle_watch } = call(&mut log).await else {
        panic!("expected an idle watch at the threshold")
    };
    assert_eq!(next(&mut rx, WAIT, "Active at start").await.input, Input::Active, "idle time 0 at start");

    // Another client's watch means nothing: the next observation is the idle watch's.
    fire(&server, 999).await;
    let before = clock::now();
    fire(&server, idle_watch).await;
    assert_idle(&next(&mut rx, WAIT, "Idle").await, THRESHOLD, before);
    let Call::AddUserActiveWatch { id: active_watch } = call(&mut log).await else {
        panic!("expected a user-active watch once idle")
    };

    // The idle watch again while idle changes nothing; the user-active watch means back.
    fire(&server, idle_watch).await;
    fire(&server, active_watch).await;
    assert_eq!(next(&mut rx, WAIT, "Active").await.input, Input::Active);

    // A second round: user-active watches fire once, so a new one is added.
    let before = clock::now();
    fire(&server, idle_watch).await;
    assert_idle(&next(&mut rx, WAIT, "second Idle").await, THRESHOLD, before);
    let Call::AddUserActiveWatch { id: second_active } = call(&mut log).await else {
        panic!("expected a new user-active watch")
    };
    assert_ne!(second_active, active_watch);

    stop.send(true).unwrap();
    tokio::time::timeout(WAIT, task).await.expect("stops on shutdown").unwrap();
    let mut removed = [call(&mut log).await, call(&mut log).await];
    removed.sort_by_key(|c| match c {
        Call::RemoveWatch(id) => *id,
        _ => 0,
    });
    assert_eq!(removed, [Call::RemoveWatch(idle_watch), Call::RemoveWatch(second_active)]);
    assert!(rx.recv().await.is_none(), "the backend let go of the channel");
}

#[tokio::test]
async fn already_idle_at_start() {
    let Some(bus) = private_bus() else { return };
    let idle = Duration::from_secs(600);
    let (server, mut log) = serve_fake(&bus, 600_000).await;
    let client = connect(&bus).await;
    let (tx, mut rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);

    let before = clock::now();
    start_mutter(&client, THRESHOLD, tx, shutdown).await.expect("the fake monitor is usable");
    // Input stopped 600 s ago, not 90 s: `since` says so.
    assert_idle(&next(&mut rx, WAIT, "Idle at start").await, idle, before);
    assert_eq!(call(&mut log).await, Call::GetIdletime);
    let Call::AddIdleWatch { id: idle_watch, .. } = call(&mut log).await else { panic!("expected an idle watch") };
    let Call::AddUserActiveWatch { id: active_watch } = call(&mut log).await else {
        panic!("expected a user-active watch when idle at start")
    };

    // Mutter fires an idle watch added past its interval at once: already known.
    fire(&server, idle_watch).await;
    fire(&server, active_watch).await;
    assert_eq!(next(&mut rx, WAIT, "Active").await.input, Input::Active);
}

#[tokio::test]
async fn restarted_gnome_shell_gets_new_watches() {
    let Some(bus) = private_bus() else { return };
    let (server, mut log) = serve_fake(&bus, 0).await;
    let client = connect(&bus).await;
    let (tx, mut rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);

    start_mutter(&client, THRESHOLD, tx, shutdown).await.expect("the fake monitor is usable");
    assert_eq!(next(&mut rx, WAIT, "Active at start").await.input, Input::Active);
    assert_eq!(call(&mut log).await, Call::GetIdletime);
    let Call::AddIdleWatch { id: old_watch, .. } = call(&mut log).await else { panic!("expected an idle watch") };

    // The name goes away and comes back, as when gnome-shell restarts.
    assert!(server.release_name(NAME).await.unwrap());
    server.request_name(NAME).await.unwrap();
    assert_eq!(call(&mut log).await, Call::GetIdletime);
    let Call::AddIdleWatch { id: new_watch, .. } = call(&mut log).await else { panic!("expected a new idle watch") };
    assert_eq!(next(&mut rx, WAIT, "Active after the restart").await.input, Input::Active);

    // Only the new watch counts.
    fire(&server, old_watch).await;
    let before = clock::now();
    fire(&server, new_watch).await;
    assert_idle(&next(&mut rx, WAIT, "Idle").await, THRESHOLD, before);
}

#[tokio::test]
async fn stops_when_nobody_listens() {
    let Some(bus) = private_bus() else { return };
    let (_server, mut log) = serve_fake(&bus, 0).await;
    let client = connect(&bus).await;
    let (tx, mut rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);

    let task = start_mutter(&client, THRESHOLD, tx, shutdown).await.expect("the fake monitor is usable");
    next(&mut rx, WAIT, "Active at start").await;
    drop(rx);
    tokio::time::timeout(WAIT, task).await.expect("stops once the receiver is gone").unwrap();
    assert_eq!(call(&mut log).await, Call::GetIdletime);
    let Call::AddIdleWatch { id, .. } = call(&mut log).await else { panic!("expected an idle watch") };
    assert_eq!(call(&mut log).await, Call::RemoveWatch(id));
}

#[tokio::test]
async fn fails_to_start_without_mutter() {
    let Some(bus) = private_bus() else { return };
    let client = connect(&bus).await;
    let (tx, _rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);
    assert!(start_mutter(&client, THRESHOLD, tx, shutdown).await.is_err(), "nothing owns {NAME}");
}
