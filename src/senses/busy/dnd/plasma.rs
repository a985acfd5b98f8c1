//! KDE Plasma's do-not-disturb: the `Inhibited` property of its `org.freedesktop.Notifications`,
//! announced with PropertiesChanged.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::Connection;
use zbus::proxy::CacheProperties;

#[zbus::proxy(
    interface = "org.freedesktop.Notifications",
    default_service = "org.freedesktop.Notifications",
    default_path = "/org/freedesktop/Notifications"
)]
trait Plasma {
    #[zbus(property(emits_changed_signal = "false"))]
    fn inhibited(&self) -> zbus::Result<bool>;
}

pub async fn follow(bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
    let mut changes = super::properties_changed(bus).await?;
    let plasma = PlasmaProxy::builder(bus).cache_properties(CacheProperties::No).build().await?;
    loop {
        // Read after subscribing, so a change in between is not lost.
        if states.send(plasma.inhibited().await?).await.is_err() || changes.next().await.is_none() {
            return Ok(());
        }
    }
}
