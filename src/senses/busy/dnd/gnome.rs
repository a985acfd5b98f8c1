//! GNOME's do-not-disturb: GNOME Shell turns off notification banners
//! (`org.gnome.desktop.notifications show-banners = false`). GNOME Shell has no property for it
//! on the bus; the desktop portal (`org.freedesktop.portal.Settings`) reads GNOME's settings for
//! any program and announces each change with `SettingChanged`. Without the portal (a bare
//! session, or GNOME run without xdg-desktop-portal) the switch cannot be read: that is logged,
//! and do-not-disturb then holds nothing on GNOME.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::proxy::CacheProperties;
use zbus::{Connection, MatchRule, MessageStream, OwnedVariant};

const NAMESPACE: &str = "org.gnome.desktop.notifications";
const KEY: &str = "show-banners";

#[zbus::proxy(
    interface = "org.freedesktop.portal.Settings",
    default_service = "org.freedesktop.portal.Desktop",
    default_path = "/org/freedesktop/portal/desktop"
)]
trait Settings {
    /// Version 1 of the interface (xdg-desktop-portal 1.16, Debian 12); it wraps the value in
    /// one more variant than `ReadOne` of version 2 does, and is still offered by later ones.
    fn read(&self, namespace: &str, key: &str) -> zbus::Result<OwnedVariant>;
}

pub async fn follow(bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface("org.freedesktop.portal.Settings")
        .member("SettingChanged")
        .arg(0, NAMESPACE)
        .arg(1, KEY)
        .build()?;
    let mut changes = MessageStream::for_match_rule(rule, bus, None).await?;
    let portal = SettingsProxy::builder(bus).cache_properties(CacheProperties::No).build().await?;
    loop {
        // Read after subscribing, so a change in between is not lost.
        let banners = match portal.read(NAMESPACE, KEY).await {
            // Banners show when the answer is not a boolean: GNOME's default.
            Ok(value) => super::boolean(&value).unwrap_or(true),
            Err(error) => {
                tracing::warn!(
                    "GNOME's do-not-disturb cannot be read: the desktop portal (xdg-desktop-portal) does not answer ({error})"
                );
                return Err(error);
            }
        };
        if states.send(!banners).await.is_err() || changes.next().await.is_none() {
            return Ok(());
        }
    }
}
