//! The real daemon against a fake notification server on a private D-Bus session bus: a
//! reminder arrives with its actions in the user's language, stays, asks for a sound, and
//! pressing "Snooze" changes what `posture status` says.

#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::time::{Duration, Instant};

use fake_notifications::{FakeServer, PrivateBus};
use sandbox::Sandbox;

/// A break every 3 seconds, so the test sees one quickly.
const QUICK: &str = "language = \"nl\"\n[micro]\nevery = \"3s\"\nduration = \"1s\"\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_arrives_with_actions_and_snooze_changes_the_status() {
    let bus = PrivateBus::start();
    let server = FakeServer::start(bus.address()).await;
    let sandbox = Sandbox::new("notify");
    fs::write(sandbox.config_file(), QUICK).unwrap();
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address())]);

    let reminder = server
        .wait_for("a break reminder", |log| log.notifications.iter().find(|n| n.actions.len() == 6).cloned())
        .await;
    assert_eq!(reminder.app_name, "posture");
    assert_eq!(reminder.summary, "Tijd voor een houdingscheck");
    assert!(reminder.body.starts_with("Neem 1 s afstand van toetsenbord en muis.\n\n"), "the length, then the tip");
    // It stays until answered, and asks the server for the sound theme's bell.
    assert_eq!(reminder.expire_timeout, 0);
    assert_eq!(reminder.sound_name.as_deref(), Some("bell"));
    let picture = reminder.image_path.expect("the card's picture comes with the reminder");
    assert!(picture.ends_with(".png") && std::fs::metadata(&picture).is_ok_and(|m| m.len() > 0), "{picture}");
    let ids: Vec<&str> = reminder.actions.iter().step_by(2).map(String::as_str).collect();
    assert_eq!(ids, ["done", "snooze", "skip"]);
    let labels: Vec<&str> = reminder.actions.iter().skip(1).step_by(2).map(String::as_str).collect();
    assert_eq!(labels, ["Klaar", "10 min uitstellen", "Overslaan"]);
    assert_eq!(sandbox.status()["pending"], "micro");

    server.invoke_action(reminder.id, "snooze").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = sandbox.status();
        if status["state"] == "snoozed" {
            assert_eq!(status["pending"], serde_json::Value::Null);
            assert!(status["snoozed_until"].is_string());
            break;
        }
        assert!(Instant::now() < deadline, "the snooze never reached the daemon: {status}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let line = sandbox.run(&["status"]);
    assert!(String::from_utf8_lossy(&line.stdout).starts_with("Uitgesteld tot "), "{line:?}");
    daemon.stop();
}

/// The warning before a movement break: quiet, and "Start now" starts the break at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warnings_start_now_takes_the_break_at_once() {
    let bus = PrivateBus::start();
    let server = FakeServer::start(bus.address()).await;
    let sandbox = Sandbox::new("notify-soon");
    let config = "language = \"en\"\n[micro]\nevery = \"1h\"\n[rest]\nevery = \"33s\"\nduration = \"10s\"\n";
    fs::write(sandbox.config_file(), config).unwrap();
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address())]);

    let soon = server
        .wait_for("the warning", |log| {
            log.notifications.iter().find(|n| n.summary.starts_with("Movement break in")).cloned()
        })
        .await;
    assert_eq!(soon.summary, "Movement break in 30 s");
    assert_eq!(soon.actions, ["start", "Start now", "snooze", "Snooze 5 min"]);
    assert_eq!(soon.urgency, Some(0));
    assert_eq!(sandbox.status()["pending"], serde_json::Value::Null);

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // Pressed until heard: the notifier listens only once `Notify` has returned.
        server.invoke_action(soon.id, "start").await;
        let status = sandbox.status();
        if status["pending"] == "rest" {
            break;
        }
        assert!(Instant::now() < deadline, "Start now never reached the daemon: {status}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let reminder =
        server.wait_for("the reminder", |log| log.notifications.iter().find(|n| n.actions.len() == 6).cloned()).await;
    assert_eq!(reminder.summary, "Time for a movement break");
    // The day's first rest reminder ends with one line of advice after the card.
    let last = reminder.body.rsplit("\n\n").next().unwrap();
    let advice = posture::core::tips::Catalogue::builtin().advice().iter().any(|a| a.en == last);
    assert!(advice, "advice at the bottom: {}", reminder.body);
    daemon.stop();
}

/// With no idle monitor (no desktop at all here), the user is told once that time away counts
/// as sitting and what posture needs; a restart does not say it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_idle_monitor_is_told_once() {
    let bus = PrivateBus::start();
    let server = FakeServer::start(bus.address()).await;
    let sandbox = Sandbox::new("notify-no-idle");
    fs::write(sandbox.config_file(), "language = \"en\"\n").unwrap();
    let told = |log: &fake_notifications::Log| {
        log.notifications.iter().filter(|n| n.summary == "posture cannot see your keyboard and mouse").count()
    };
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address())]);
    assert_eq!(sandbox.status()["idle_backend"], "none");
    let notice = server
        .wait_for("the notice", |log| {
            log.notifications.iter().find(|n| n.summary == "posture cannot see your keyboard and mouse").cloned()
        })
        .await;
    assert!(notice.body.contains("counts as sitting") && notice.body.contains("org_kde_kwin_idle"), "{}", notice.body);
    daemon.stop();
    let daemon = sandbox.start_with(&[("DBUS_SESSION_BUS_ADDRESS", bus.address())]);
    assert_eq!(sandbox.status()["state"], "active");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(told(&server.log()), 1, "told once, not at every start");
    daemon.stop();
}
