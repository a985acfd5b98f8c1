//! mako's do-not-disturb: the mode named `do-not-disturb` (mako's documented convention, set with
//! `makoctl mode -a do-not-disturb`), read with `ListModes` on `fr.emersion.Mako`.
//!
//! mako (1.7, Debian 12) announces no change: `SetModes` changes the modes and no signal or
//! property follows. So posture watches the calls instead: a second connection asks the bus to
//! make it a monitor (`BecomeMonitor`) for method calls to `SetModes` and `SetMode` on mako's
//! interface, and reads the modes again after each one. The bus allows that to connections of the
//! session's own user. The monitor sees only those calls, and waits without polling. If the bus
//! refuses, the modes are read at start and whenever mako restarts, and that is logged.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use zbus::proxy::CacheProperties;
use zbus::{Connection, MatchRule, MessageStream};

const MODE: &str = "do-not-disturb";
const INTERFACE: &str = "fr.emersion.Mako";

#[zbus::proxy(
    interface = "fr.emersion.Mako",
    default_service = "org.freedesktop.Notifications",
    default_path = "/fr/emersion/Mako"
)]
trait Mako {
    fn list_modes(&self) -> zbus::Result<Vec<String>>;
}

pub async fn follow(bus: &Connection, states: &mpsc::Sender<bool>) -> zbus::Result<()> {
    let mut calls = match monitor().await {
        Ok(calls) => Some(calls),
        Err(error) => {
            tracing::warn!(
                "mako's do-not-disturb is read at start only: the bus does not let posture see mode changes ({error})"
            );
            None
        }
    };
    let mako = MakoProxy::builder(bus).cache_properties(CacheProperties::No).build().await?;
    loop {
        // The call was routed to mako before the monitor saw it, so this read comes after it.
        let on = mako.list_modes().await?.iter().any(|mode| mode == MODE);
        if states.send(on).await.is_err() {
            return Ok(());
        }
        match calls.as_mut() {
            Some(calls) => {
                if calls.next().await.is_none() {
                    return Ok(());
                }
            }
            None => std::future::pending::<()>().await,
        }
    }
}

/// A monitor connection that receives the calls changing mako's modes.
async fn monitor() -> zbus::Result<MessageStream> {
    let connection = zbus::connection::Builder::session().build().await?;
    let rules: Vec<MatchRule<'_>> = ["SetModes", "SetMode"]
        .into_iter()
        .map(|member| {
            MatchRule::builder().msg_type(zbus::message::Type::MethodCall).interface(INTERFACE).member(member).build()
        })
        .collect::<zbus::Result<_>>()?;
    zbus::fdo::MonitoringProxy::new(&connection).await?.become_monitor(&rules, 0).await?;
    Ok(MessageStream::from(connection))
}
