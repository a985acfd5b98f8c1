//! The Wayland idle backend against a fake compositor speaking the Wayland wire protocol over a
//! socket pair: which protocol and request it picks (ext-idle-notify's input notification when
//! the compositor has version 2; KDE's org_kde_kwin_idle when that is all there is, as on sway
//! 1.7), with what timeout, and `idled`/`resumed` turned into `Idle`/`Active`.

#[path = "support/idle_observe.rs"]
mod idle_observe;

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use idle_observe::next;
use posture::clock;
use posture::core::engine::Input;
use posture::senses::idle::{Backend, start_wayland};
use tokio::sync::{mpsc, watch};

const WAIT: Duration = Duration::from_secs(5);
const THRESHOLD: Duration = Duration::from_secs(90);

const DISPLAY: u32 = 1;
/// The names the fake gives its globals in `wl_registry.global`.
const SEAT_NAME: u32 = 1;
const NOTIFIER_NAME: u32 = 2;
const KDE_IDLE_NAME: u32 = 3;

/// What the fake compositor saw the client do.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    Bound {
        interface: String,
        version: u32,
    },
    /// `get_idle_notification` (`input: false`) or `get_input_idle_notification`.
    Notification {
        id: u32,
        timeout_ms: u32,
        input: bool,
    },
    Hangup,
}

/// A compositor with a seat and, if `notifier_version` is not 0, ext_idle_notifier_v1; with
/// `kde_idle`, org_kde_kwin_idle too. It answers the client on a thread; the test sends events
/// through the returned writer.
fn fake_compositor(notifier_version: u32, kde_idle: bool) -> (UnixStream, Compositor) {
    let (client, server) = UnixStream::pair().unwrap();
    let writer = Arc::new(Mutex::new(server.try_clone().unwrap()));
    let (seen_tx, seen) = std::sync::mpsc::channel();
    let replies = Arc::clone(&writer);
    std::thread::spawn(move || serve(server, &replies, notifier_version, kde_idle, &seen_tx));
    (client, Compositor { writer, seen })
}

struct Compositor {
    writer: Arc<Mutex<UnixStream>>,
    seen: std::sync::mpsc::Receiver<Seen>,
}

impl Compositor {
    fn seen(&self) -> Seen {
        self.seen.recv_timeout(WAIT).expect("the client to do something")
    }

    /// `idled` (opcode 0) or `resumed` (opcode 1) on notification `id`.
    fn send(&self, id: u32, opcode: u16) {
        send(&self.writer, id, opcode, &[]);
    }
}

fn serve(
    mut stream: UnixStream,
    writer: &Mutex<UnixStream>,
    notifier_version: u32,
    kde_idle: bool,
    seen: &std::sync::mpsc::Sender<Seen>,
) {
    // The client's ids for the registry and the two idle globals, learnt from its requests.
    let (mut registry, mut notifier, mut kde) = (0, 0, 0);
    loop {
        let Ok((object, opcode, args)) = read_message(&mut stream) else {
            let _ = seen.send(Seen::Hangup);
            return;
        };
        let mut args = Args(&args);
        match (object, opcode) {
            // wl_display.sync(callback): callback.done, then wl_display.delete_id.
            (DISPLAY, 0) => {
                let callback = args.uint();
                send(writer, callback, 0, &uint(0));
                send(writer, DISPLAY, 1, &uint(callback));
            }
            // wl_display.get_registry(registry): announce the globals.
            (DISPLAY, 1) => {
                registry = args.uint();
                send(writer, registry, 0, &global(SEAT_NAME, "wl_seat", 1));
                if notifier_version > 0 {
                    send(writer, registry, 0, &global(NOTIFIER_NAME, "ext_idle_notifier_v1", notifier_version));
                }
                if kde_idle {
                    send(writer, registry, 0, &global(KDE_IDLE_NAME, "org_kde_kwin_idle", 1));
                }
            }
            // wl_registry.bind(name, interface, version, id)
            (id, 0) if id == registry => {
                let name = args.uint();
                let interface = args.string();
                let version = args.uint();
                let new_id = args.uint();
                match name {
                    NOTIFIER_NAME => notifier = new_id,
                    KDE_IDLE_NAME => kde = new_id,
                    _ => {}
                }
                let _ = seen.send(Seen::Bound { interface, version });
            }
            // get_idle_notification (1) / get_input_idle_notification (2)(id, timeout, seat)
            (id, 1 | 2) if id == notifier => {
                let new_id = args.uint();
                let timeout_ms = args.uint();
                let _ = seen.send(Seen::Notification { id: new_id, timeout_ms, input: opcode == 2 });
            }
            // org_kde_kwin_idle.get_idle_timeout(id, seat, timeout)
            (id, 0) if id == kde => {
                let new_id = args.uint();
                let _seat = args.uint();
                let timeout_ms = args.uint();
                let _ = seen.send(Seen::Notification { id: new_id, timeout_ms, input: false });
            }
            _ => {}
        }
    }
}

fn read_message(stream: &mut UnixStream) -> io::Result<(u32, u16, Vec<u8>)> {
    let mut header = [0; 8];
    stream.read_exact(&mut header)?;
    let object = u32::from_ne_bytes(header[..4].try_into().unwrap());
    let size_opcode = u32::from_ne_bytes(header[4..].try_into().unwrap());
    let mut args = vec![0; (size_opcode >> 16) as usize - 8];
    stream.read_exact(&mut args)?;
    Ok((object, (size_opcode & 0xffff) as u16, args))
}

fn send(writer: &Mutex<UnixStream>, object: u32, opcode: u16, args: &[u8]) {
    let size = u32::try_from(8 + args.len()).unwrap();
    let mut message = object.to_ne_bytes().to_vec();
    message.extend((size << 16 | u32::from(opcode)).to_ne_bytes());
    message.extend(args);
    // The client may be gone already (the tests that stop it); nothing to answer then.
    let _ = writer.lock().unwrap().write_all(&message);
}

fn uint(value: u32) -> Vec<u8> {
    value.to_ne_bytes().to_vec()
}

/// `wl_registry.global(name, interface, version)`
fn global(name: u32, interface: &str, version: u32) -> Vec<u8> {
    let mut args = uint(name);
    let bytes = interface.len() + 1;
    args.extend(uint(u32::try_from(bytes).unwrap()));
    args.extend(interface.as_bytes());
    args.resize(args.len() + 1 + (4 - bytes % 4) % 4, 0);
    args.extend(uint(version));
    args
}

struct Args<'a>(&'a [u8]);

impl Args<'_> {
    fn uint(&mut self) -> u32 {
        let (value, rest) = self.0.split_at(4);
        self.0 = rest;
        u32::from_ne_bytes(value.try_into().unwrap())
    }

    fn string(&mut self) -> String {
        let bytes = self.uint() as usize;
        let (text, rest) = self.0.split_at(bytes.next_multiple_of(4));
        self.0 = rest;
        String::from_utf8(text[..bytes - 1].to_vec()).unwrap()
    }
}

#[tokio::test]
async fn input_notification_events() {
    let (socket, compositor) = fake_compositor(2, true);
    let (tx, mut rx) = mpsc::channel(8);
    let (stop, shutdown) = watch::channel(false);

    let (task, backend) =
        start_wayland(Some(socket), THRESHOLD, tx, shutdown).await.expect("the fake offers ext-idle-notify");
    assert_eq!(backend, Backend::ExtIdleNotify, "the newer protocol wins");
    let mut bound = [compositor.seen(), compositor.seen()];
    bound.sort_by_key(|b| format!("{b:?}"));
    assert_eq!(
        bound,
        [
            Seen::Bound { interface: "ext_idle_notifier_v1".into(), version: 2 },
            Seen::Bound { interface: "wl_seat".into(), version: 1 },
        ]
    );
    // Version 2: the notification that ignores idle inhibitors, with the threshold in ms.
    let Seen::Notification { id, timeout_ms: 90_000, input: true } = compositor.seen() else {
        panic!("expected get_input_idle_notification with a 90 s timeout")
    };
    assert_eq!(next(&mut rx, WAIT, "Active at start").await.input, Input::Active);

    let before = clock::now();
    compositor.send(id, 0);
    let idle = next(&mut rx, WAIT, "Idle on idled").await;
    let Input::Idle { since } = idle.input else { panic!("expected Idle, got {idle:?}") };
    assert_eq!(idle.at.wall.since(since), THRESHOLD, "input stopped a threshold before idled");
    assert!(before <= idle.at.wall && idle.at.wall <= clock::now());

    compositor.send(id, 1);
    assert_eq!(next(&mut rx, WAIT, "Active on resumed").await.input, Input::Active);

    stop.send(true).unwrap();
    tokio::time::timeout(WAIT, task).await.expect("stops on shutdown").unwrap();
    assert_eq!(compositor.seen(), Seen::Hangup, "the connection is closed");
    assert!(rx.recv().await.is_none(), "the backend let go of the channel");
}

#[tokio::test]
async fn version_1_compositor() {
    let (socket, compositor) = fake_compositor(1, false);
    let (tx, mut rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);

    start_wayland(Some(socket), THRESHOLD, tx, shutdown).await.expect("version 1 is enough");
    compositor.seen();
    compositor.seen();
    let Seen::Notification { id, timeout_ms: 90_000, input: false } = compositor.seen() else {
        panic!("expected get_idle_notification with a 90 s timeout")
    };
    assert_eq!(next(&mut rx, WAIT, "Active at start").await.input, Input::Active);
    compositor.send(id, 0);
    assert!(matches!(next(&mut rx, WAIT, "Idle").await.input, Input::Idle { .. }));
}

#[tokio::test]
async fn stops_when_nobody_listens() {
    let (socket, compositor) = fake_compositor(2, false);
    let (tx, mut rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);

    let (task, _) =
        start_wayland(Some(socket), THRESHOLD, tx, shutdown).await.expect("the fake offers ext-idle-notify");
    next(&mut rx, WAIT, "Active at start").await;
    drop(rx);
    tokio::time::timeout(WAIT, task).await.expect("stops once the receiver is gone").unwrap();
    let seen: Vec<Seen> = std::iter::from_fn(|| compositor.seen.recv_timeout(WAIT).ok()).collect();
    assert_eq!(seen.last(), Some(&Seen::Hangup));
}

#[tokio::test]
async fn fails_to_start_without_the_protocol() {
    let (socket, _compositor) = fake_compositor(0, false);
    let (tx, _rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);
    let err = start_wayland(Some(socket), THRESHOLD, tx, shutdown).await.expect_err("no ext_idle_notifier_v1");
    assert!(err.to_string().contains("ext_idle_notifier_v1"), "{err}");
}

/// sway 1.7 and older KWin: only org_kde_kwin_idle. It is used, with the same threshold, and
/// its `idle` and `resumed` become `Idle` and `Active`.
#[tokio::test]
async fn kde_idle_where_ext_idle_notify_is_missing() {
    let (socket, compositor) = fake_compositor(0, true);
    let (tx, mut rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);

    let (_task, backend) =
        start_wayland(Some(socket), THRESHOLD, tx, shutdown).await.expect("org_kde_kwin_idle is enough");
    assert_eq!(backend, Backend::KdeIdle);
    assert_eq!(backend.name(), "org-kde-kwin-idle");
    let mut bound = [compositor.seen(), compositor.seen()];
    bound.sort_by_key(|b| format!("{b:?}"));
    assert_eq!(
        bound,
        [
            Seen::Bound { interface: "org_kde_kwin_idle".into(), version: 1 },
            Seen::Bound { interface: "wl_seat".into(), version: 1 },
        ]
    );
    let Seen::Notification { id, timeout_ms: 90_000, input: false } = compositor.seen() else {
        panic!("expected get_idle_timeout with a 90 s timeout")
    };
    assert_eq!(next(&mut rx, WAIT, "Active at start").await.input, Input::Active);
    compositor.send(id, 0);
    let idle = next(&mut rx, WAIT, "Idle on idle").await;
    let Input::Idle { since } = idle.input else { panic!("expected Idle, got {idle:?}") };
    assert_eq!(idle.at.wall.since(since), THRESHOLD);
    compositor.send(id, 1);
    assert_eq!(next(&mut rx, WAIT, "Active on resumed").await.input, Input::Active);
}
