//! swaync's (Sway Notification Center) do-not-disturb: `GetDnd` on `org.erikreider.swaync.cc`,
//! read again on each of its signals: `Subscribe` (count, dnd, control centre open) in 0.7, and
//! `SubscribeV2` with the inhibitors in later versions. Both come on every change of the switch
//! (and of the notification count, which costs one read).

use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::proxy::CacheProperties;
use zbus::{Connection, MatchRule, MessageStream};

const NAME: &str = "org.erikreider.swaync.cc";

#[zbus::proxy(
    interface = "org.erikreider.swaync.cc",
    default_service = "org.erikreider.swaync.cc",
    default_path = "/org/erikreider/swaync/cc"
)]
trait Swaync {
    fn get_dnd(&self) -> zbus::Result<bool>;
}

pub async fn follow(bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
    let rule = MatchRule::builder().msg_type(zbus::message::Type::Signal).sender(NAME).interface(NAME).build()?;
    let mut changes = MessageStream::for_match_rule(rule, bus, None).await?;
    let swaync = SwayncProxy::builder(bus).cache_properties(CacheProperties::No).build().await?;
    loop {
        // Read after subscribing, so a change in between is not lost.
        if states.send(swaync.get_dnd().await?).await.is_err() || changes.next().await.is_none() {
            return Ok(());
        }
    }
}
