//! A private D-Bus session bus and a fake `org.freedesktop.Notifications` server on it, for tests
//! that check what posture sends to the desktop and how it takes the user's answers.
//!
//! The fake records every `Notify` call, answers `GetCapabilities` and `GetServerInformation`,
//! records `CloseNotification`, and emits `ActionInvoked` when a test presses a button.
//!
//! Include it with `#[path = "support/fake_notifications.rs"] mod fake_notifications;`.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zbus::object_server::SignalEmitter;
use zbus::{Connection, OwnedVariant};

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// How long [`FakeServer::wait_for`] waits before failing the test.
const PATIENCE: Duration = Duration::from_secs(10);

/// A `dbus-daemon` of the test's own, stopped when dropped.
pub struct PrivateBus {
    child: Child,
    address: String,
    /// The directory [`PrivateBus::start`] made for it, removed on drop.
    own_dir: Option<PathBuf>,
}

/// How a private bus differs from the plain one [`PrivateBus::start`] runs.
#[derive(Debug, Default, Clone, Copy)]
pub struct BusOptions {
    /// Listen on the socket `bus` in the directory rather than on a fresh name there.
    pub at_path: bool,
    /// Let any user connect, for a bus whose user and the test's differ.
    pub any_user: bool,
    /// Start the machine's session services on demand (dconf), as a desktop's bus does.
    pub activation: bool,
}

impl PrivateBus {
    /// Starts `dbus-daemon` and reads the address it listens on.
    ///
    /// It runs with a minimal configuration of its own rather than `--session`, which would let
    /// the bus start the machine's real notification daemon when the fake is not running.
    pub fn start() -> PrivateBus {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "posture-test-bus-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create the bus directory");
        let mut bus = PrivateBus::start_in(&dir, BusOptions::default(), Command::new("dbus-daemon"));
        bus.own_dir = Some(dir);
        bus
    }

    /// Writes `bus.conf` into `dir`, runs `dbus_daemon` (a `dbus-daemon` command, with the user
    /// and environment the caller gave it) on it and reads the address it listens on.
    pub fn start_in(dir: &Path, options: BusOptions, mut dbus_daemon: Command) -> PrivateBus {
        let listen = if options.at_path {
            format!("unix:path={}", dir.join("bus").display())
        } else {
            format!("unix:dir={}", dir.display())
        };
        let any_user = if options.any_user { "\n    <allow user=\"*\"/>" } else { "" };
        let activation = if options.activation { "\n  <standard_session_servicedirs/>" } else { "" };
        let config = dir.join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>{listen}</listen>
  <auth>EXTERNAL</auth>{activation}
  <policy context="default">{any_user}
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#
            ),
        )
        .expect("write the bus configuration");
        let mut child = dbus_daemon
            .arg(format!("--config-file={}", config.display()))
            .args(["--print-address", "--nofork"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start dbus-daemon (is it installed?)");
        let mut address = String::new();
        let stdout = child.stdout.take().expect("dbus-daemon's stdout");
        BufReader::new(stdout).read_line(&mut address).expect("read the bus address");
        let address = address.trim().to_string();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        PrivateBus { child, address, own_dir: None }
    }

    pub fn address(&self) -> &str {
        &self.address
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        // Best effort: a bus that already died needs no killing.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(dir) = &self.own_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// One `Notify` call as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The id the server returned.
    pub id: u32,
    pub app_name: String,
    pub replaces_id: u32,
    pub summary: String,
    pub body: String,
    /// Identifier and label, alternating, as on the wire.
    pub actions: Vec<String>,
    /// The `urgency` hint: 0 low, 1 normal, 2 critical.
    pub urgency: Option<u8>,
    pub category: Option<String>,
    pub desktop_entry: Option<String>,
    pub resident: Option<bool>,
    /// The `image-path` hint: the picture shown with the notification.
    pub image_path: Option<String>,
    /// The `sound-name` hint: a sound-theme name the server is asked to play.
    pub sound_name: Option<String>,
    pub transient: Option<bool>,
    /// Milliseconds; -1 lets the server decide, 0 never expires.
    pub expire_timeout: i32,
}

/// Everything the server was asked so far.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub notifications: Vec<Recorded>,
    /// Ids passed to `CloseNotification`, in order.
    pub closed: Vec<u32>,
}

struct Notifications {
    log: Arc<Mutex<Log>>,
    last_id: u32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Notifications {
    // The specification fixes the arguments of Notify.
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedVariant>,
        expire_timeout: i32,
    ) -> u32 {
        // The specification: a replacement keeps the id it replaces.
        let id = if replaces_id == 0 {
            self.last_id += 1;
            self.last_id
        } else {
            replaces_id
        };
        let text = |key: &str| hints.get(key).and_then(|v| <&str>::try_from(v).ok()).map(str::to_string);
        let recorded = Recorded {
            id,
            app_name,
            replaces_id,
            summary,
            body,
            actions,
            urgency: hints.get("urgency").and_then(|v| u8::try_from(v).ok()),
            category: text("category"),
            desktop_entry: text("desktop-entry"),
            resident: hints.get("resident").and_then(|v| bool::try_from(v).ok()),
            image_path: text("image-path"),
            sound_name: text("sound-name"),
            transient: hints.get("transient").and_then(|v| bool::try_from(v).ok()),
            expire_timeout,
        };
        self.log.lock().unwrap().notifications.push(recorded);
        id
    }

    async fn close_notification(&self, id: u32, #[zbus(signal_emitter)] emitter: SignalEmitter<'_>) {
        self.log.lock().unwrap().closed.push(id);
        // Reason 3: closed by a call to CloseNotification.
        let _ = Notifications::notification_closed(&emitter, id, 3).await;
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".to_string(), "body".to_string()]
    }

    #[zbus(out_args("name", "vendor", "version", "spec_version"))]
    fn get_server_information(&self) -> (String, String, String, String) {
        ("fake".into(), "posture tests".into(), "1".into(), "1.2".into())
    }

    #[zbus(signal)]
    async fn notification_closed(emitter: &SignalEmitter<'_>, id: u32, reason: u32) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn action_invoked(emitter: &SignalEmitter<'_>, id: u32, action_key: &str) -> zbus::Result<()>;
}

/// The fake server, owning `org.freedesktop.Notifications` on a bus until stopped.
pub struct FakeServer {
    connection: Connection,
    log: Arc<Mutex<Log>>,
}

impl FakeServer {
    /// Connects to the bus at `address` and takes the notification server's name.
    pub async fn start(address: &str) -> FakeServer {
        let log = Arc::new(Mutex::new(Log::default()));
        let connection = zbus::connection::Builder::address(address)
            .serve_at(PATH, Notifications { log: Arc::clone(&log), last_id: 0 })
            .name(NAME)
            .build()
            .await
            .expect("start the fake notification server");
        FakeServer { connection, log }
    }

    /// A copy of everything recorded so far.
    pub fn log(&self) -> Log {
        self.log.lock().unwrap().clone()
    }

    /// Waits until `check` finds what it looks for in the log, and returns it; fails the test
    /// after a while.
    pub async fn wait_for<T>(&self, what: &str, check: impl Fn(&Log) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Some(found) = check(&self.log.lock().unwrap()) {
                return found;
            }
            assert!(tokio::time::Instant::now() < deadline, "gave up waiting for {what}; log: {:?}", self.log());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Presses a button: emits `ActionInvoked(id, action)` as a server does.
    pub async fn invoke_action(&self, id: u32, action: &str) {
        let emitter = SignalEmitter::new(&self.connection, PATH).expect("the notifications path");
        Notifications::action_invoked(&emitter, id, action).await.expect("emit ActionInvoked");
    }

    /// Gives up the name and disconnects, as a notification server that quits.
    pub async fn stop(self) {
        self.connection.release_name(NAME).await.expect("release the server name");
    }
}
