//! XFCE's do-not-disturb: xfce4-notifyd keeps it in xfconf, channel `xfce4-notifyd`, property
//! `/do-not-disturb`. xfconfd (`org.xfce.Xfconf`) announces every change with
//! `PropertyChanged` and a removal with `PropertyRemoved`; a missing property is off.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::proxy::CacheProperties;
use zbus::{Connection, MatchRule, MessageStream, OwnedVariant};

const CHANNEL: &str = "xfce4-notifyd";
const PROPERTY: &str = "/do-not-disturb";

#[zbus::proxy(interface = "org.xfce.Xfconf", default_service = "org.xfce.Xfconf", default_path = "/org/xfce/Xfconf")]
trait Xfconf {
    fn get_property(&self, channel: &str, property: &str) -> zbus::Result<OwnedVariant>;
}

pub async fn follow(bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface("org.xfce.Xfconf")
        .path("/org/xfce/Xfconf")
        .arg(0, CHANNEL)
        .arg(1, PROPERTY)
        .build()?;
    let mut changes = MessageStream::for_match_rule(rule, bus, None).await?;
    let xfconf = XfconfProxy::builder(bus).cache_properties(CacheProperties::No).build().await?;
    loop {
        // Read after subscribing, so a change in between is not lost. An unset property is an
        // error reply (`org.xfce.Xfconf.Error.PropertyNotFound`): do-not-disturb was never on.
        let on = match xfconf.get_property(CHANNEL, PROPERTY).await {
            Ok(value) => super::boolean(&value).unwrap_or(false),
            Err(zbus::Error::MethodError(..)) => false,
            Err(error) => return Err(error),
        };
        if states.send(on).await.is_err() || changes.next().await.is_none() {
            return Ok(());
        }
    }
}
