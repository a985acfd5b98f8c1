//! GNOME's do-not-disturb: GNOME Shell turns off notification banners
//! (`org.gnome.desktop.notifications show-banners = false`). GNOME Shell has no property for it
//! on the bus, and the desktop portal's Settings interface does not help either: its GNOME and
//! GTK backends (xdg-desktop-portal-gnome 43, -gtk 1.14) serve a fixed list of namespaces without
//! `org.gnome.desktop.notifications` ("Requested setting not found").
//!
//! So posture follows the setting where it lives, in dconf: the dconf service announces every
//! write on the session bus (`ca.desrt.dconf.Writer.Notify`, with the changed path), and on a
//! write at or above the key posture reads it with `gsettings get`, a short-lived process, off
//! the event loop. Nothing runs between changes. Without dconf's `gsettings` (a GNOME without
//! GLib's tools) the switch cannot be read, which is logged.

use std::process::Command;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::{Connection, MatchRule, MessageStream};

const SCHEMA: &str = "org.gnome.desktop.notifications";
const KEY: &str = "show-banners";
/// The key's dconf path.
const PATH: &str = "/org/gnome/desktop/notifications/show-banners";

pub async fn follow(bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface("ca.desrt.dconf.Writer")
        .member("Notify")
        .build()?;
    let mut writes = MessageStream::for_match_rule(rule, bus, None).await?;
    let mut read = true;
    loop {
        // Read after subscribing, so a change in between is not lost.
        if read {
            let banners =
                tokio::task::spawn_blocking(shows_banners).await.map_err(|e| zbus::Error::Failure(e.to_string()))??;
            if states.send(!banners).await.is_err() {
                return Ok(());
            }
        }
        let Some(write) = writes.next().await else { return Ok(()) };
        read = write?
            .body()
            .deserialize::<(String, Vec<String>, String)>()
            .is_ok_and(|(prefix, paths, _)| touches(&prefix, &paths));
    }
}

/// Whether a dconf write of `paths` under `prefix` may have changed the key: the key itself, or
/// a directory above it (a reset of the whole schema).
fn touches(prefix: &str, paths: &[String]) -> bool {
    let hits = |path: &str| PATH == path || (path.ends_with('/') && PATH.starts_with(path));
    if paths.is_empty() { hits(prefix) } else { paths.iter().any(|p| hits(&format!("{prefix}{p}"))) }
}

/// `show-banners` as `gsettings` reads it (dconf, with GNOME's default when unset).
fn shows_banners() -> zbus::Result<bool> {
    let output = Command::new("gsettings").args(["get", SCHEMA, KEY]).output().map_err(|e| {
        tracing::warn!("GNOME's do-not-disturb cannot be read: gsettings does not run ({e})");
        zbus::Error::Failure(e.to_string())
    })?;
    let value = String::from_utf8_lossy(&output.stdout);
    match value.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(zbus::Error::Failure(format!(
            "gsettings get {SCHEMA} {KEY}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::touches;

    #[test]
    fn writes_that_may_change_the_key() {
        let key = |p: &str| vec![p.to_string()];
        assert!(touches("/org/gnome/desktop/notifications/show-banners", &[]));
        assert!(touches("/org/gnome/desktop/notifications/", &key("show-banners")));
        assert!(touches("/org/gnome/desktop/", &[]));
        assert!(touches("/org/gnome/", &key("desktop/notifications/")));
        assert!(!touches("/org/gnome/desktop/notifications/", &key("show-in-lock-screen")));
        assert!(!touches("/org/gnome/desktop/interface/color-scheme", &[]));
    }
}
