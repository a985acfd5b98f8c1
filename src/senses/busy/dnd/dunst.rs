//! dunst's do-not-disturb: its `paused` property (`org.dunstproject.cmd0`), announced with
//! PropertiesChanged on `/org/freedesktop/Notifications`.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::Connection;
use zbus::proxy::CacheProperties;

#[zbus::proxy(
    interface = "org.dunstproject.cmd0",
    default_service = "org.freedesktop.Notifications",
    default_path = "/org/freedesktop/Notifications"
)]
trait Dunst {
    #[zbus(property(emits_changed_signal = "false"), name = "paused")]
    fn paused(&self) -> zbus::Result<bool>;
}

pub async fn follow(bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
    let mut changes = super::properties_changed(bus).await?;
    let dunst = DunstProxy::builder(bus).cache_properties(CacheProperties::No).build().await?;
    loop {
        // Read after subscribing, so a change in between is not lost.
        if states.send(dunst.paused().await?).await.is_err() || changes.next().await.is_none() {
            return Ok(());
        }
    }
}
