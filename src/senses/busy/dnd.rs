//! Do-not-disturb, as the notification server's own switch. The server that owns
//! `org.freedesktop.Notifications` is asked its name (`GetServerInformation`), and the module
//! for it follows its switch, event-driven: KDE Plasma (`plasma.rs`), dunst (`dunst.rs`), GNOME
//! Shell (`gnome.rs`, through dconf), mako (`mako.rs`), swaync (`swaync.rs`) and
//! xfce4-notifyd (`xfce.rs`). When the name changes owner (a server started, replaced or gone)
//! the server is asked again. Which one is followed is logged and shown by `posture status`.

mod dunst;
mod gnome;
mod mako;
mod plasma;
mod swaync;
mod xfce;

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use zbus::proxy::CacheProperties;
use zbus::{Connection, Variant};

use super::MeetingSignal;
use crate::core::config::MeetingSettings;
use crate::core::meeting_sources::Source;
use crate::notification_server;

/// What `posture status` says while no server is followed (none running, the source off, or
/// no session bus).
pub const NONE: &str = "none";

/// Reports do-not-disturb turning on and off until `shutdown`, while `meetings.do_not_disturb`
/// is on; with it off there is no bus connection. `watched` names the server followed. Without
/// a session bus it gives up.
pub fn spawn(
    mut settings: watch::Receiver<MeetingSettings>,
    signals: mpsc::Sender<MeetingSignal>,
    watched: watch::Sender<&'static str>,
    mut shutdown: watch::Receiver<bool>,
) {
    tokio::spawn(async move {
        loop {
            let enabled = settings.borrow_and_update().do_not_disturb;
            tokio::select! {
                result = watching(&signals, &watched), if enabled => {
                    if let Err(error) = result {
                        tracing::debug!("not watching do-not-disturb: {error}");
                    }
                    watched.send_replace(NONE);
                    // Gave up (no bus, or the loop is gone): wait for the setting to change.
                    std::future::pending::<()>().await;
                }
                open = switched(&mut settings, enabled) => {
                    if !open {
                        return;
                    }
                    watched.send_replace(NONE);
                    if enabled && signals.send(MeetingSignal { source: Source::DoNotDisturb, active: false }).await.is_err() {
                        return;
                    }
                }
                _ = shutdown.changed() => return,
            }
        }
    });
}

/// Waits until `meetings.do_not_disturb` is no longer `from`; false when the daemon is gone.
async fn switched(settings: &mut watch::Receiver<MeetingSettings>, from: bool) -> bool {
    settings.wait_for(|s| s.do_not_disturb != from).await.is_ok()
}

/// The notification servers whose switch posture can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    Plasma,
    Dunst,
    Gnome,
    Mako,
    Swaync,
    Xfce,
}

impl Server {
    /// The server by the name it gives in `GetServerInformation`.
    fn from_name(name: &str) -> Option<Server> {
        match name {
            notification_server::PLASMA => Some(Server::Plasma),
            notification_server::DUNST => Some(Server::Dunst),
            notification_server::GNOME_SHELL => Some(Server::Gnome),
            notification_server::MAKO => Some(Server::Mako),
            notification_server::SWAYNC => Some(Server::Swaync),
            notification_server::XFCE => Some(Server::Xfce),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Server::Plasma => "plasma",
            Server::Dunst => "dunst",
            Server::Gnome => "gnome",
            Server::Mako => "mako",
            Server::Swaync => "swaync",
            Server::Xfce => "xfce",
        }
    }

    /// Sends the switch's state on `states` now and after every change, until the server's
    /// change stream ends or fails.
    async fn follow(self, bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
        match self {
            Server::Plasma => plasma::follow(bus, states).await,
            Server::Dunst => dunst::follow(bus, states).await,
            Server::Gnome => gnome::follow(bus, states).await,
            Server::Mako => mako::follow(bus, states).await,
            Server::Swaync => swaync::follow(bus, states).await,
            Server::Xfce => xfce::follow(bus, states).await,
        }
    }
}

/// PropertiesChanged of any interface on `/org/freedesktop/Notifications`, where Plasma and dunst
/// announce their switches.
async fn properties_changed(bus: &Connection) -> zbus::Result<zbus::fdo::PropertiesChangedStream> {
    let properties = zbus::fdo::PropertiesProxy::builder(bus)
        .destination(notification_server::BUS_NAME)
        .path(notification_server::PATH)
        .cache_properties(CacheProperties::No)
        .build()
        .await?;
    properties.receive_properties_changed().await
}

/// The server owning the notification name now, if any and known. The name's owner is checked
/// first: asking an unowned name would start a D-Bus-activatable server that is not running.
async fn identify(bus: &Connection, dbus: &zbus::fdo::DBusProxy<'_>) -> Option<Server> {
    let name = zbus::names::BusName::try_from(notification_server::BUS_NAME).ok()?;
    if !dbus.name_has_owner(name).await.unwrap_or(false) {
        tracing::info!("do-not-disturb: no notification server is running; waiting for one");
        return None;
    }
    let name = notification_server::name(bus).await.ok()?;
    let server = Server::from_name(&name);
    match server {
        Some(_) => tracing::debug!("watching do-not-disturb of {name}"),
        None => tracing::info!("do-not-disturb: the notification server {name:?} has no switch posture knows"),
    }
    server
}

async fn watching(signals: &mpsc::Sender<MeetingSignal>, watched: &watch::Sender<&'static str>) -> zbus::Result<()> {
    let bus = Connection::session().await?;
    let dbus = zbus::fdo::DBusProxy::new(&bus).await?;
    let mut owners = dbus.receive_name_owner_changed_with_args(&[(0, notification_server::BUS_NAME)]).await?;
    let mut last = false;
    loop {
        // Subscribed to owner changes first, so a server replaced meanwhile is asked again.
        let server = identify(&bus, &dbus).await;
        watched.send_replace(server.map_or(NONE, Server::name));
        let (states_tx, mut states) = mpsc::channel(4);
        let follow = async {
            match server {
                Some(server) => {
                    if let Err(error) = server.follow(&bus, &states_tx).await {
                        tracing::warn!("cannot follow do-not-disturb of {}: {error}", server.name());
                    }
                    // Whatever it said last no longer holds.
                    let _ = states_tx.send(false).await;
                }
                None => {
                    let _ = states_tx.send(false).await;
                }
            }
            std::future::pending::<()>().await
        };
        tokio::pin!(follow);
        loop {
            tokio::select! {
                () = &mut follow => {}
                Some(now) = states.recv() => {
                    if now != last {
                        last = now;
                        if signals.send(MeetingSignal { source: Source::DoNotDisturb, active: now }).await.is_err() {
                            return Ok(());
                        }
                    }
                }
                _ = owners.next() => break,
            }
        }
    }
}

/// A boolean answer, however many variants wrap it.
fn boolean(value: &Variant<'_>) -> Option<bool> {
    match value {
        Variant::Bool(on) => Some(*on),
        Variant::Variant(inner) => boolean(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_through_any_number_of_variants() {
        assert_eq!(boolean(&Variant::Bool(false)), Some(false));
        let wrapped = Variant::Variant(Box::new(Variant::Variant(Box::new(Variant::Bool(true)))));
        assert_eq!(boolean(&wrapped), Some(true));
        assert_eq!(boolean(&Variant::from("yes")), None);
    }

    #[test]
    fn servers_by_the_name_they_give() {
        assert_eq!(Server::from_name("mako"), Some(Server::Mako));
        assert_eq!(Server::from_name("SwayNotificationCenter"), Some(Server::Swaync));
        assert_eq!(Server::from_name("Xfce Notify Daemon"), Some(Server::Xfce));
        assert_eq!(Server::from_name("gnome-shell"), Some(Server::Gnome));
        assert_eq!(Server::from_name("notify-osd"), None);
    }
}
