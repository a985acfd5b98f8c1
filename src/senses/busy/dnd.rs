//! Do-not-disturb, as the notification server's own switch: KDE Plasma's `Inhibited` property
//! of `org.freedesktop.Notifications`, or dunst's `paused` (`org.dunstproject.cmd0`). Both
//! announce changes with PropertiesChanged on `/org/freedesktop/Notifications`, so the task
//! waits without polling, and reads the switch again when the server is replaced. Other
//! servers (GNOME Shell, mako, swaync) have no such property on the bus and are not seen.

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use zbus::proxy::CacheProperties;
use zbus::{Connection, proxy};

use super::MeetingSignal;
use crate::core::config::MeetingSettings;
use crate::core::meeting_sources::Source;

const NOTIFICATIONS: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

#[proxy(
    interface = "org.freedesktop.Notifications",
    default_service = "org.freedesktop.Notifications",
    default_path = "/org/freedesktop/Notifications"
)]
trait Plasma {
    #[zbus(property(emits_changed_signal = "false"))]
    fn inhibited(&self) -> zbus::Result<bool>;
}

#[proxy(
    interface = "org.dunstproject.cmd0",
    default_service = "org.freedesktop.Notifications",
    default_path = "/org/freedesktop/Notifications"
)]
trait Dunst {
    #[zbus(property(emits_changed_signal = "false"), name = "paused")]
    fn paused(&self) -> zbus::Result<bool>;
}

/// Reports do-not-disturb turning on and off until `shutdown`, while `meetings.do_not_disturb`
/// is on; with it off there is no bus connection. Without a session bus it gives up.
pub fn spawn(
    mut settings: watch::Receiver<MeetingSettings>,
    signals: mpsc::Sender<MeetingSignal>,
    mut shutdown: watch::Receiver<bool>,
) {
    tokio::spawn(async move {
        loop {
            let enabled = settings.borrow_and_update().do_not_disturb;
            tokio::select! {
                result = watching(&signals), if enabled => {
                    if let Err(error) = result {
                        tracing::debug!("not watching do-not-disturb: {error}");
                    }
                    // Gave up (no bus, or the loop is gone): wait for the setting to change.
                    std::future::pending::<()>().await;
                }
                open = switched(&mut settings, enabled) => {
                    if !open {
                        return;
                    }
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

async fn watching(signals: &mpsc::Sender<MeetingSignal>) -> zbus::Result<()> {
    let bus = Connection::session().await?;
    let dbus = zbus::fdo::DBusProxy::new(&bus).await?;
    let mut owners = dbus.receive_name_owner_changed_with_args(&[(0, NOTIFICATIONS)]).await?;
    let properties = zbus::fdo::PropertiesProxy::builder(&bus)
        .destination(NOTIFICATIONS)
        .path(PATH)
        .cache_properties(CacheProperties::No)
        .build()
        .await?;
    let mut changes = properties.receive_properties_changed().await?;
    let plasma = PlasmaProxy::builder(&bus).cache_properties(CacheProperties::No).build().await?;
    let dunst = DunstProxy::builder(&bus).cache_properties(CacheProperties::No).build().await?;
    let mut last = false;
    loop {
        // Read after subscribing, so a change in between is not lost.
        let now = match plasma.inhibited().await {
            Ok(inhibited) => inhibited,
            Err(_) => dunst.paused().await.unwrap_or(false),
        };
        if now != last {
            last = now;
            if signals.send(MeetingSignal { source: Source::DoNotDisturb, active: now }).await.is_err() {
                return Ok(());
            }
        }
        tokio::select! {
            _ = changes.next() => {}
            _ = owners.next() => {}
        }
    }
}
