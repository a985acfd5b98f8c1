//! GNOME: Mutter's idle monitor on the session bus (`org.gnome.Mutter.IdleMonitor`).
//!
//! Event-driven: an idle watch at the threshold fires when input has stopped that long, and a
//! user-active watch (one-shot, so added again each time the user goes idle) fires on the next
//! input. Nothing runs in between. Mutter forgets its watches when gnome-shell restarts (X11's
//! Alt+F2 r), so a new owner of the bus name gets new watches.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use zbus::names::BusName;

use super::{Change, Error, Observation, effective, stopped};

const SERVICE: &str = "org.gnome.Mutter.IdleMonitor";

#[zbus::proxy(
    interface = "org.gnome.Mutter.IdleMonitor",
    default_service = "org.gnome.Mutter.IdleMonitor",
    default_path = "/org/gnome/Mutter/IdleMonitor/Core"
)]
trait IdleMonitor {
    fn add_idle_watch(&self, interval: u64) -> zbus::Result<u32>;
    fn add_user_active_watch(&self) -> zbus::Result<u32>;
    fn remove_watch(&self, id: u32) -> zbus::Result<()>;
    fn get_idletime(&self) -> zbus::Result<u64>;
    #[zbus(signal)]
    fn watch_fired(&self, id: u32) -> zbus::Result<()>;
}

/// Whether something owns Mutter's idle monitor name on `bus`.
pub(super) async fn is_running(bus: &zbus::Connection) -> bool {
    let owned = async {
        let dbus = zbus::fdo::DBusProxy::new(bus).await?;
        dbus.name_has_owner(BusName::from_static_str(SERVICE)?).await.map_err(zbus::Error::from)
    };
    owned.await.unwrap_or_else(|err| {
        tracing::debug!("idle: cannot ask the session bus about {SERVICE}: {err}");
        false
    })
}

/// Starts the Mutter backend on `bus`: registers the watches, sends the first observation
/// (`Active`, or `Idle` if input stopped at least `threshold` ago), and spawns the task that
/// forwards watch events until `shutdown` says true or `tx` closes.
pub async fn start_mutter(
    bus: &zbus::Connection,
    threshold: Duration,
    tx: mpsc::Sender<Observation>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, Error> {
    let proxy = IdleMonitorProxy::builder(bus).cache_properties(zbus::proxy::CacheProperties::No).build().await?;
    // Subscribe before adding watches so that no firing can slip past.
    let mut fired = proxy.receive_watch_fired().await?;
    let mut owners = proxy.inner().receive_owner_changed().await?;
    let mut monitor = Monitor { proxy, threshold: effective(threshold), tx, watches: None };
    monitor.arm().await?;
    Ok(tokio::spawn(async move {
        loop {
            // `Ok(false)`: time to stop.
            let step = tokio::select! {
                () = stopped(&mut shutdown) => Ok(false),
                () = monitor.tx.closed() => Ok(false),
                signal = fired.next() => match signal {
                    Some(signal) => match signal.args() {
                        Ok(args) => monitor.fired(args.id).await,
                        Err(err) => Err(err.into()),
                    },
                    None => Err(Error::BusClosed),
                },
                owner = owners.next() => match owner {
                    // A new gnome-shell knows nothing of the old one's watches.
                    Some(Some(_)) => monitor.arm().await,
                    Some(None) => {
                        tracing::info!("idle: {SERVICE} left the bus; waiting for it to come back");
                        monitor.watches = None;
                        Ok(true)
                    }
                    None => Err(Error::BusClosed),
                },
            };
            match step {
                Ok(true) => {}
                Ok(false) => {
                    monitor.remove_watches().await;
                    return;
                }
                Err(err) => {
                    tracing::warn!("idle: GNOME idle monitor stopped ({err}); posture runs on time alone");
                    return;
                }
            }
        }
    }))
}

struct Monitor {
    proxy: IdleMonitorProxy<'static>,
    threshold: Duration,
    tx: mpsc::Sender<Observation>,
    /// `None` until armed, and while Mutter is gone.
    watches: Option<Watches>,
}

impl Monitor {
    /// Registers the watches and reports where the user stands. `Ok(false)`: `tx` closed.
    async fn arm(&mut self) -> Result<bool, Error> {
        let idle = Duration::from_millis(self.proxy.get_idletime().await?);
        let now = crate::clock::stamp();
        let idle_watch = self.proxy.add_idle_watch(millis(self.threshold)).await?;
        let (change, active_watch) = if idle >= self.threshold {
            (Change::IdleFor(idle), Some(self.proxy.add_user_active_watch().await?))
        } else {
            (Change::Active, None)
        };
        self.watches = Some(Watches { idle: idle_watch, active: active_watch });
        Ok(self.tx.send(change.observe(now)).await.is_ok())
    }

    /// Handles `WatchFired(id)`. `Ok(false)`: `tx` closed.
    async fn fired(&mut self, id: u32) -> Result<bool, Error> {
        let Some(watches) = self.watches.as_mut() else { return Ok(true) };
        let change = match watches.fired(id) {
            Some(Fired::WentIdle) => {
                let now = crate::clock::stamp();
                watches.active = Some(self.proxy.add_user_active_watch().await?);
                Change::IdleFor(self.threshold).observe(now)
            }
            Some(Fired::CameBack) => Change::Active.observe_now(),
            None => return Ok(true),
        };
        Ok(self.tx.send(change).await.is_ok())
    }

    /// Leaves Mutter as it was found. Best effort: the daemon is stopping either way.
    async fn remove_watches(&mut self) {
        let Some(watches) = self.watches.take() else { return };
        for id in std::iter::once(watches.idle).chain(watches.active) {
            if let Err(err) = self.proxy.remove_watch(id).await {
                tracing::debug!("idle: cannot remove Mutter watch {id}: {err}");
            }
        }
    }
}

/// The watches registered with Mutter. A pending user-active watch means the user is idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Watches {
    idle: u32,
    active: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fired {
    /// The idle watch fired while the user was active: a user-active watch is needed next.
    WentIdle,
    CameBack,
}

impl Watches {
    /// What `WatchFired(id)` means. Watches of other clients, and an idle watch firing again
    /// while already idle (Mutter fires one added past its interval at once), mean nothing.
    fn fired(&mut self, id: u32) -> Option<Fired> {
        match self.active {
            None if id == self.idle => Some(Fired::WentIdle),
            Some(active) if id == active => {
                self.active = None;
                Some(Fired::CameBack)
            }
            _ => None,
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_events() {
        let mut w = Watches { idle: 3, active: None };
        assert_eq!(w.fired(9), None, "another client's watch");
        assert_eq!(w.fired(3), Some(Fired::WentIdle));
        w.active = Some(4);
        assert_eq!(w.fired(3), None, "already idle");
        assert_eq!(w.fired(4), Some(Fired::CameBack));
        assert_eq!(w.active, None);
        assert_eq!(w.fired(4), None, "user-active watches fire once");
        assert_eq!(w.fired(3), Some(Fired::WentIdle));
    }

    #[test]
    fn threshold_in_millis() {
        assert_eq!(millis(Duration::from_secs(90)), 90_000);
        assert_eq!(millis(Duration::MAX), u64::MAX);
    }
}
