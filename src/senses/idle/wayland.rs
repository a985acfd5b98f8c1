//! Wayland compositors other than GNOME (KDE, sway, Hyprland…): `ext-idle-notify-v1`.
//!
//! One notification object with the threshold as its timeout: the compositor sends `idled`
//! once input has stopped that long and `resumed` on the next input. The event queue runs on a
//! thread of its own, blocked until the compositor sends something. Protocol version 2's input
//! notification is preferred: it ignores idle inhibitors, so a video that keeps the screen on
//! does not hide that the user left.

use std::io;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use wayland_client::backend::WaylandError;
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, EventQueue, Proxy, QueueHandle, delegate_noop};
use wayland_protocols::ext::idle_notify::v1::client::{ext_idle_notification_v1, ext_idle_notifier_v1};

use super::thread::{self, Blocking, Stop, Woken};
use super::{Change, Error, Observation, effective};

/// Starts the ext-idle-notify-v1 backend on the compositor at `socket` (`None`: the one the
/// environment names): binds the protocol, sends `Active` (a new notification object starts
/// out not idle), and forwards the compositor's events from a thread of its own until
/// `shutdown` says true or `tx` closes.
pub async fn start_wayland(
    socket: Option<UnixStream>,
    threshold: Duration,
    tx: mpsc::Sender<Observation>,
    shutdown: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, Error> {
    let sender = tx.clone();
    let setup = move || Wayland::connect(socket, effective(threshold), sender);
    thread::spawn("posture-idle-wayland", setup, &tx, shutdown).await
}

struct Wayland {
    queue: EventQueue<Listener>,
    listener: Listener,
    /// Kept alive: the compositor reports on it until it is destroyed.
    _notification: ext_idle_notification_v1::ExtIdleNotificationV1,
}

/// Receives the compositor's events on the Wayland thread.
struct Listener {
    threshold: Duration,
    tx: mpsc::Sender<Observation>,
    /// `tx` turned out closed: nobody listens any more.
    closed: bool,
}

impl Wayland {
    fn connect(
        socket: Option<UnixStream>,
        threshold: Duration,
        tx: mpsc::Sender<Observation>,
    ) -> Result<Wayland, Error> {
        let conn = match socket {
            Some(socket) => Connection::from_socket(socket)?,
            None => Connection::connect_to_env()?,
        };
        let (globals, mut queue) = registry_queue_init::<Listener>(&conn)?;
        let qh = queue.handle();
        let bind_error = |interface| move |source| Error::WaylandBind { interface, source };
        let notifier: ext_idle_notifier_v1::ExtIdleNotifierV1 =
            globals.bind(&qh, 1..=2, ()).map_err(bind_error("ext_idle_notifier_v1"))?;
        let seat: wl_seat::WlSeat = globals.bind(&qh, 1..=1, ()).map_err(bind_error("wl_seat"))?;
        let timeout = u32::try_from(threshold.as_millis()).unwrap_or(u32::MAX);
        let notification = if notifier.version() >= 2 {
            notifier.get_input_idle_notification(timeout, &seat, &qh, ())
        } else {
            notifier.get_idle_notification(timeout, &seat, &qh, ())
        };
        let mut listener = Listener { threshold, tx, closed: false };
        // Lets a refused request fail the start rather than the run. `idled` cannot come this
        // early: the timeout is at least a second and runs from the request.
        queue.roundtrip(&mut listener)?;
        Ok(Wayland { queue, listener, _notification: notification })
    }

    /// Dispatches the compositor's events until told to stop (`Ok`) or the connection fails.
    fn dispatch(&mut self, stop: &Stop) -> Result<(), Error> {
        self.listener.forward(Change::Active);
        loop {
            self.queue.dispatch_pending(&mut self.listener)?;
            if self.listener.closed {
                return Ok(());
            }
            self.queue.flush()?;
            // `None`: events arrived meanwhile; dispatch them first.
            let Some(guard) = self.queue.prepare_read() else { continue };
            match stop.wait(Some(guard.connection_fd()), None)? {
                Woken::Stop => return Ok(()),
                Woken::Ready => match guard.read() {
                    Ok(_) => {}
                    // Readable, yet no whole message: the rest is on its way.
                    Err(WaylandError::Io(err)) if err.kind() == io::ErrorKind::WouldBlock => {}
                    Err(err) => return Err(err.into()),
                },
                Woken::Timeout => {}
            }
        }
    }
}

impl Blocking for Wayland {
    fn run(mut self, stop: &Stop) {
        if let Err(err) = self.dispatch(stop) {
            tracing::warn!("idle: ext-idle-notify-v1 stopped ({err}); posture runs on time alone");
        }
    }
}

impl Listener {
    fn forward(&mut self, change: Change) {
        if !self.closed && self.tx.blocking_send(change.observe_now()).is_err() {
            self.closed = true;
        }
    }
}

/// What a notification event means.
fn change(event: &ext_idle_notification_v1::Event, threshold: Duration) -> Option<Change> {
    match event {
        ext_idle_notification_v1::Event::Idled => Some(Change::IdleFor(threshold)),
        ext_idle_notification_v1::Event::Resumed => Some(Change::Active),
        _ => None,
    }
}

impl Dispatch<ext_idle_notification_v1::ExtIdleNotificationV1, ()> for Listener {
    fn event(
        listener: &mut Listener,
        _: &ext_idle_notification_v1::ExtIdleNotificationV1,
        event: ext_idle_notification_v1::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Listener>,
    ) {
        if let Some(change) = change(&event, listener.threshold) {
            listener.forward(change);
        }
    }
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Listener {
    fn event(
        _: &mut Listener,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Listener>,
    ) {
        // Globals that come and go later (another seat, say) do not change what is watched.
    }
}

delegate_noop!(Listener: ignore wl_seat::WlSeat);
delegate_noop!(Listener: ignore ext_idle_notifier_v1::ExtIdleNotifierV1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_become_changes() {
        let threshold = Duration::from_secs(90);
        assert_eq!(
            change(&ext_idle_notification_v1::Event::Idled, threshold),
            Some(Change::IdleFor(Duration::from_secs(90)))
        );
        assert_eq!(change(&ext_idle_notification_v1::Event::Resumed, threshold), Some(Change::Active));
    }
}
