//! Wayland compositors other than GNOME (KDE, sway, Hyprland…): `ext-idle-notify-v1`, or
//! KDE's older `org_kde_kwin_idle` where that is all there is (KWin before 5.27, wlroots 0.15
//! and before, so sway 1.7 as Debian 12 ships it).
//!
//! One notification object with the threshold as its timeout: the compositor sends `idled`
//! (`idle`) once input has stopped that long and `resumed` on the next input. The event queue
//! runs on a thread of its own, blocked until the compositor sends something. ext-idle-notify's
//! version 2 input notification is preferred: it ignores idle inhibitors, so a video that keeps
//! the screen on does not hide that the user left. The two older ones honour inhibitors.

use std::io;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use wayland_client::backend::WaylandError;
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, EventQueue, Proxy, QueueHandle, delegate_noop};
use wayland_protocols::ext::idle_notify::v1::client::{ext_idle_notification_v1, ext_idle_notifier_v1};
use wayland_protocols_plasma::idle::client::{org_kde_kwin_idle, org_kde_kwin_idle_timeout};

use super::thread::{self, Blocking, Stop, Woken};
use super::{Backend, Change, Error, Observation, effective};

/// Starts the Wayland backend on the compositor at `socket` (`None`: the one the environment
/// names): binds ext-idle-notify-v1, or org_kde_kwin_idle when the compositor has only that,
/// sends `Active` (a new notification object starts out not idle), and forwards the
/// compositor's events from a thread of its own until `shutdown` says true or `tx` closes.
/// Returns the task and which protocol is used.
pub async fn start_wayland(
    socket: Option<UnixStream>,
    threshold: Duration,
    tx: mpsc::Sender<Observation>,
    shutdown: watch::Receiver<bool>,
) -> Result<(JoinHandle<()>, Backend), Error> {
    let sender = tx.clone();
    let chosen = Arc::new(OnceLock::new());
    let told = Arc::clone(&chosen);
    let setup = move || {
        let wayland = Wayland::connect(socket, effective(threshold), sender)?;
        let _ = told.set(wayland.backend);
        Ok(wayland)
    };
    let task = thread::spawn("posture-idle-wayland", setup, &tx, shutdown).await?;
    Ok((task, chosen.get().copied().unwrap_or(Backend::ExtIdleNotify)))
}

/// The compositor reports on the notification object until it is destroyed, and wayland-client
/// destroys an object only on request, not when its proxy is dropped: so only which protocol
/// is in use is kept.
struct Wayland {
    queue: EventQueue<Listener>,
    listener: Listener,
    backend: Backend,
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
        let seat: wl_seat::WlSeat = globals.bind(&qh, 1..=1, ()).map_err(bind_error("wl_seat"))?;
        let timeout = u32::try_from(threshold.as_millis()).unwrap_or(u32::MAX);
        let backend = match globals.bind::<ext_idle_notifier_v1::ExtIdleNotifierV1, _, _>(&qh, 1..=2, ()) {
            Ok(notifier) if notifier.version() >= 2 => {
                notifier.get_input_idle_notification(timeout, &seat, &qh, ());
                Backend::ExtIdleNotify
            }
            Ok(notifier) => {
                notifier.get_idle_notification(timeout, &seat, &qh, ());
                Backend::ExtIdleNotify
            }
            Err(ext_missing) => match globals.bind::<org_kde_kwin_idle::OrgKdeKwinIdle, _, _>(&qh, 1..=1, ()) {
                Ok(idle) => {
                    idle.get_idle_timeout(&seat, timeout, &qh, ());
                    Backend::KdeIdle
                }
                // The newer protocol is the one to ask for.
                Err(_) => return Err(bind_error("ext_idle_notifier_v1")(ext_missing)),
            },
        };
        let mut listener = Listener { threshold, tx, closed: false };
        // Lets a refused request fail the start rather than the run. `idled` cannot come this
        // early: the timeout is at least a second and runs from the request.
        queue.roundtrip(&mut listener)?;
        Ok(Wayland { queue, listener, backend })
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
        let name = self.backend.name();
        if let Err(err) = self.dispatch(stop) {
            tracing::warn!("idle: {name} stopped ({err}); posture runs on time alone");
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

impl Dispatch<org_kde_kwin_idle_timeout::OrgKdeKwinIdleTimeout, ()> for Listener {
    fn event(
        listener: &mut Listener,
        _: &org_kde_kwin_idle_timeout::OrgKdeKwinIdleTimeout,
        event: org_kde_kwin_idle_timeout::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Listener>,
    ) {
        let change = match event {
            org_kde_kwin_idle_timeout::Event::Idle => Change::IdleFor(listener.threshold),
            org_kde_kwin_idle_timeout::Event::Resumed => Change::Active,
            _ => return,
        };
        listener.forward(change);
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
delegate_noop!(Listener: ignore org_kde_kwin_idle::OrgKdeKwinIdle);

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
