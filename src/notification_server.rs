//! The freedesktop notification server as both the do-not-disturb sense and the notifier meet
//! it: where it lives on the session bus, the names the servers posture knows give for
//! themselves, and asking the running one its name. It sits beside `senses` and `outputs` so
//! neither imports the other, and a server's name is written once.

use zbus::Connection;

/// The server's well-known bus name, which is also its interface's name.
pub const BUS_NAME: &str = "org.freedesktop.Notifications";
/// The object the spec puts the server at.
pub const PATH: &str = "/org/freedesktop/Notifications";

/// KDE Plasma's name in `GetServerInformation`.
pub const PLASMA: &str = "Plasma";
/// dunst's name in `GetServerInformation`.
pub const DUNST: &str = "dunst";
/// GNOME Shell's name in `GetServerInformation`.
pub const GNOME_SHELL: &str = "gnome-shell";
/// mako's name in `GetServerInformation`.
pub const MAKO: &str = "mako";
/// SwayNotificationCenter's name in `GetServerInformation`.
pub const SWAYNC: &str = "SwayNotificationCenter";
/// xfce4-notifyd's name in `GetServerInformation`.
pub const XFCE: &str = "Xfce Notify Daemon";

/// The name the server owning [`BUS_NAME`] gives in `GetServerInformation`. It sets no timeout
/// of its own: each caller decides how long it may wait.
pub async fn name(bus: &Connection) -> zbus::Result<String> {
    let reply = bus.call_method(Some(BUS_NAME), PATH, Some(BUS_NAME), "GetServerInformation", &()).await?;
    let (name, _vendor, _version, _spec): (String, String, String, String) = reply.body().deserialize()?;
    Ok(name)
}
