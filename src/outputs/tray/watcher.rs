//! Follows whether a tray host is on the bus (so the tray can stop updating an icon nobody
//! sees), and registers the icon again with a host that appeared while ksni was starting.
//!
//! ksni 0.3.7 tries to register once at start and subscribes to the watcher's arrival only
//! after that attempt fails, so a tray host that starts in between (a panel and posture started
//! together at login) never learns of the icon. This task watches the watcher's name and, a
//! moment after each arrival, registers the item itself if the watcher does not list it. It
//! sleeps on a D-Bus signal otherwise, so it costs nothing while nothing changes.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::watch;

const WATCHER: &str = "org.kde.StatusNotifierWatcher";
const WATCHER_PATH: &str = "/StatusNotifierWatcher";
/// Long enough for ksni's own registration, when it works, to land first.
const SETTLE: Duration = Duration::from_secs(1);
/// How many times (one SETTLE apart) to look for ksni's item after a host arrives.
const FIND_ITEM_TRIES: u32 = 10;

/// Runs until `shutdown` turns true, telling `host` whether a tray host is on the bus (first
/// at start, then at each change). When it cannot tell (no session bus), it says there is one,
/// so the tray starts all the same and ksni reports what goes wrong.
pub async fn keep_registered(host: impl Fn(bool), mut shutdown: watch::Receiver<bool>) {
    if let Err(e) = watch_watcher(&host, &mut shutdown).await {
        tracing::debug!("tray: not watching for tray hosts: {e}");
        host(true);
    }
}

async fn watch_watcher(host: &impl Fn(bool), shutdown: &mut watch::Receiver<bool>) -> zbus::Result<()> {
    let bus = zbus::Connection::session().await?;
    let watcher = zbus::Proxy::new(&bus, WATCHER, WATCHER_PATH, WATCHER).await?;
    // Subscribed before asking, so an arrival in between is not missed.
    let mut owners = watcher.receive_owner_changed().await?;
    let present = zbus::fdo::DBusProxy::new(&bus).await?.name_has_owner(WATCHER.try_into()?).await?;
    host(present);
    // A host already there may have arrived during ksni's start as well.
    let mut arrived = present;
    loop {
        // ksni may not have taken its bus name yet (a slow start): look again a few times.
        let tries = if arrived { FIND_ITEM_TRIES } else { 0 };
        for _ in 0..tries {
            tokio::select! {
                () = tokio::time::sleep(SETTLE) => {}
                _ = shutdown.changed() => return Ok(()),
            }
            match register_if_missing(&bus, &watcher).await {
                Ok(true) => break,
                Ok(false) => {}
                Err(e) => {
                    tracing::debug!("tray: cannot check the tray host's items: {e}");
                    break;
                }
            }
        }
        arrived = tokio::select! {
            owner = owners.next() => match owner {
                Some(Some(_)) => true,
                Some(None) => false,
                None => return Ok(()),
            },
            _ = shutdown.changed() => return Ok(()),
        };
        host(arrived);
    }
}

/// Registers ksni's item (the bus name it took, `org.kde.StatusNotifierItem-<pid>-<n>`) unless
/// the watcher already lists it. False when ksni has no name on the bus yet.
async fn register_if_missing(bus: &zbus::Connection, watcher: &zbus::Proxy<'_>) -> zbus::Result<bool> {
    let prefix = format!("org.kde.StatusNotifierItem-{}-", std::process::id());
    let names = zbus::fdo::DBusProxy::new(bus).await?.list_names().await?;
    let Some(item) = names.iter().map(|name| name.as_str()).find(|name| name.starts_with(&prefix)) else {
        return Ok(false);
    };
    let registered: Vec<String> = watcher.get_property("RegisteredStatusNotifierItems").await?;
    if !registered.iter().any(|entry| entry.starts_with(item)) {
        tracing::info!("tray: registering the icon with the tray host that just started");
        watcher.call_method("RegisterStatusNotifierItem", &(item,)).await?;
    }
    Ok(true)
}
