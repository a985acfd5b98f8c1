//! A break reminder under mako (Debian 12's mako 1.7) on a headless sway, with a 5 s
//! `default-timeout` as some users set it: it stays past that timeout with posture's buttons,
//! its urgency and the card's picture, and an action invoked through `makoctl` (what mako's
//! menu or a binding does) reaches the daemon. With `[notifications] stay = false` mako's own
//! timeout applies and the reminder goes, while the break stays pending.
//!
//! sway runs as an unprivileged user the test creates; mako and posture run as the test's
//! user on sway's socket and a private bus. Without sway or mako, or without root to create
//! the user, the test prints why and skips; CI installs them and forbids the skip.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/sway_notifications.rs"]
mod sway_notifications;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use sway_notifications::{Desktop, PATIENCE, tools, wait_for_state};

/// mako's timeout for notifications that ask for the server's default, in ms.
const MAKO_TIMEOUT_MS: u64 = 5000;

/// Starts sway, mako with a 5 s default timeout and the daemon with `config` (TOML). `None`
/// when the test must skip.
fn start_mako(name: &str, config: &str) -> Option<Desktop> {
    if !(tools::all_present(&["sway", "mako", "makoctl"], "sway mako-notifier")
        && tools::present("dbus-daemon", "dbus"))
    {
        return None;
    }
    // What mako read as the urgency, written where the test can read it: `makoctl list` does
    // not show it.
    let mako_config = |dir: &Path| {
        format!(
            "default-timeout={MAKO_TIMEOUT_MS}\n\
             [urgency=low]\non-notify=exec echo low >> {path}\n\
             [urgency=normal]\non-notify=exec echo normal >> {path}\n\
             [urgency=critical]\non-notify=exec echo critical >> {path}\n",
            path = dir.join("urgency").display()
        )
    };
    let desktop = Desktop::start(name, "mako", "mako/config", mako_config, config)?;
    desktop.eventually("mako to own the notification name", || desktop.makoctl(&["list"]).status.success());
    Some(desktop)
}

impl Desktop {
    fn makoctl(&self, args: &[&str]) -> std::process::Output {
        Command::new("makoctl")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", self.bus.address())
            .output()
            .expect("makoctl runs")
    }

    /// What `makoctl list` shows: one object per notification, each field `{type, data}`.
    fn list(&self) -> Vec<Value> {
        let output = self.makoctl(&["list"]);
        let list: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        list["data"][0].as_array().cloned().unwrap_or_default()
    }

    /// Asks for a micro break and returns mako's view of the reminder once it is shown.
    fn remind(&self) -> Value {
        assert!(self.sandbox.run(&["break", "micro"]).status.success());
        let mut shown = Vec::new();
        self.eventually("the reminder in makoctl list", || {
            shown = self.list();
            !shown.is_empty()
        });
        assert_eq!(shown.len(), 1, "{shown:#?}");
        assert_eq!(shown[0]["app-name"]["data"], "posture");
        shown.remove(0)
    }
}

#[test]
fn mako_keeps_the_reminder_past_its_timeout_and_passes_the_answer_on() {
    // A 5-minute break: it stays pending for the whole test unless answered.
    let config = "language = \"en\"\n[micro]\nduration = \"5m\"\n";
    let Some(desktop) = start_mako("mako-stay", config) else { return };
    let reminder = desktop.remind();
    let shown_at = Instant::now();
    let id = reminder["id"]["data"].as_u64().expect("a notification id");

    let actions = &reminder["actions"]["data"];
    for (action, label) in [("done", "Done"), ("snooze", "Snooze 10 min"), ("skip", "Skip")] {
        assert_eq!(actions[action], label, "{reminder:#}");
    }
    // mako shows the image-path hint's picture as the notification's icon.
    let icon = reminder["app-icon"]["data"].as_str().unwrap_or_default().to_string();
    assert!(icon.ends_with(".png") && fs::metadata(&icon).is_ok_and(|m| m.len() > 0), "{reminder:#}");
    let urgency = desktop.sway.dir.join("urgency");
    desktop.eventually("mako's on-notify for the reminder", || urgency.exists());
    assert_eq!(fs::read_to_string(&urgency).unwrap().trim(), "normal");

    // Well past mako's 5 s: still there, the same notification.
    std::thread::sleep(Duration::from_secs(12).saturating_sub(shown_at.elapsed()));
    let still = desktop.list();
    assert_eq!(still.len(), 1, "the reminder left mako within {:?}: {still:#?}", shown_at.elapsed());
    assert_eq!(still[0]["id"]["data"], id);
    assert_eq!(desktop.sandbox.status()["pending"], "micro");
    let stayed = shown_at.elapsed();

    // What `makoctl menu` or a binding with `makoctl invoke` does when the user picks Snooze.
    assert!(desktop.makoctl(&["invoke", "-n", &id.to_string(), "snooze"]).status.success());
    let snoozed = wait_for_state(|| desktop.sandbox.status(), "snoozed", PATIENCE);
    // posture closes a resident reminder once answered.
    desktop.eventually("the answered reminder to leave mako", || desktop.list().is_empty());
    println!(
        "mako: reminder {id} still listed {stayed:.1?} after it showed (default-timeout {MAKO_TIMEOUT_MS} ms), \
         urgency normal, icon {icon}; snoozed {snoozed:?} after `makoctl invoke -n {id} snooze`"
    );
    desktop.daemon.stop();
}

#[test]
fn without_stay_mako_expires_the_reminder_and_the_break_stays_pending() {
    let config = "language = \"en\"\n[micro]\nduration = \"5m\"\n[notifications]\nstay = false\n";
    let Some(desktop) = start_mako("mako-expire", config) else { return };
    desktop.remind();
    let shown_at = Instant::now();
    desktop.eventually("mako to expire the reminder", || desktop.list().is_empty());
    let gone = shown_at.elapsed();
    assert!(gone >= Duration::from_millis(MAKO_TIMEOUT_MS - 1000), "gone after {gone:?}, before mako's timeout");
    assert_eq!(desktop.sandbox.status()["pending"], "micro");
    println!("mako: with stay = false the reminder expired {gone:.1?} after it showed");
    desktop.daemon.stop();
}
