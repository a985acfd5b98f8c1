//! The notifier against a fake notification server on a private D-Bus session bus: what a
//! reminder looks like on the wire, repeats replacing each other, answers coming back, and
//! reminders still reaching the user when no server answers.
//!
//! notify-rust finds the session bus through `DBUS_SESSION_BUS_ADDRESS` only, so this binary
//! points that variable at its own bus, and therefore holds a single test.

#[path = "support/fake_notifications.rs"]
mod fake_notifications;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fake_notifications::{FakeServer, PrivateBus, Recorded};
use posture::core::config::NotificationSettings;
use posture::core::engine::{Answer, Command, Input};
use posture::core::{Kind, Lang};
use posture::outputs::notify::{Notifier, Reminder};
use tokio::sync::{mpsc, watch};

/// Bounds every wait on the notifier, so a hang fails the test instead of stalling it.
const PATIENCE: Duration = Duration::from_secs(10);

/// Where the notifier prints reminders while no server answers.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap().lines().map(str::to_string).collect()
    }

    async fn wait_for_lines(&self, count: usize) -> Vec<String> {
        tokio::time::timeout(PATIENCE, async {
            loop {
                let lines = self.lines();
                if lines.len() >= count {
                    return lines;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("expected {count} fallback lines, got {:?}", self.lines()))
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn micro(repeat: u32, lang: Lang) -> Reminder {
    Reminder::Break {
        kind: Kind::Micro,
        tip_text: "Roll your shoulders back and down.".into(),
        card: None,
        repeat,
        length: Duration::from_secs(30),
        snooze: minutes(10),
        settings: SETTINGS,
        lang,
    }
}

/// The defaults: reminders stay, with sounds.
const SETTINGS: NotificationSettings = NotificationSettings { stay: true, sound: true };

/// Presses `action` until an input comes back: notify-rust subscribes to the button signal only
/// after `Notify` returns, so an early press goes unheard.
async fn press(server: &FakeServer, answers: &mut mpsc::Receiver<Input>, id: u32, action: &str) -> Option<Input> {
    tokio::time::timeout(PATIENCE, async {
        loop {
            server.invoke_action(id, action).await;
            if let Ok(input) = tokio::time::timeout(Duration::from_millis(100), answers.recv()).await {
                return input;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("an input from the {action} button"))
}

/// The `index`-th notification the server received.
async fn nth(server: &FakeServer, index: usize) -> Recorded {
    server.wait_for(&format!("notification #{index}"), |log| log.notifications.get(index).cloned()).await
}

async fn closed(server: &FakeServer, id: u32) {
    server.wait_for(&format!("CloseNotification({id})"), |log| log.closed.contains(&id).then_some(())).await;
}

#[test]
fn notifications_over_dbus() {
    let bus = PrivateBus::start();
    // SAFETY: setting the environment races with threads reading it. This binary holds only this
    // test, and libtest reads its own variables before starting it; no runtime or other thread of
    // ours exists yet, so nothing reads the environment concurrently.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", bus.address()) };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(scenario(&bus));
}

async fn scenario(bus: &PrivateBus) {
    let server = FakeServer::start(bus.address()).await;
    let (answers_tx, mut answers) = mpsc::channel(8);
    let (shutdown, shutdown_rx) = watch::channel(false);
    let fallback = Captured::default();
    let notifier = Notifier::start_with_fallback(answers_tx, shutdown_rx, Box::new(fallback.clone()));

    // A first reminder: title, tip, the three buttons with their labels, the hints.
    notifier.show(micro(0, Lang::En)).await;
    let first = nth(&server, 0).await;
    assert_eq!(first.app_name, "posture");
    assert_eq!(first.replaces_id, 0);
    assert_eq!(first.summary, "Time for a posture check");
    assert_eq!(first.body, "Take 30 s away from keyboard and mouse.\n\nRoll your shoulders back and down.");
    assert_eq!(first.actions, ["done", "Done", "snooze", "Snooze 10 min", "skip", "Skip"]);
    assert_eq!(first.urgency, Some(1));
    assert_eq!(first.category.as_deref(), Some("x-posture.break"));
    assert_eq!(first.desktop_entry.as_deref(), Some("posture"));
    assert_eq!(first.resident, Some(true));
    // It stays until answered, and the break starts with the theme's bell.
    assert_eq!(first.expire_timeout, 0);
    assert_eq!(first.sound_name.as_deref(), Some("bell"));

    // Repeats replace it; the second repeat is critical.
    notifier.show(micro(1, Lang::En)).await;
    let repeat = nth(&server, 1).await;
    assert_eq!(repeat.replaces_id, first.id);
    assert_eq!(repeat.summary, "Still sitting — time for a posture check");
    assert_eq!(repeat.urgency, Some(1));
    notifier.show(micro(2, Lang::En)).await;
    let second_repeat = nth(&server, 2).await;
    assert_eq!(second_repeat.replaces_id, first.id);
    assert_eq!(second_repeat.urgency, Some(2));

    // Pressing Snooze answers, only once.
    let answer = press(&server, &mut answers, first.id, "snooze").await;
    assert_eq!(answer, Some(Input::Answer(Answer::Snooze)));
    // The notification is resident, so the notifier closes it once answered.
    closed(&server, first.id).await;
    assert!(answers.try_recv().is_err(), "one press, one answer");

    // The next break starts afresh (nothing left to replace), in Dutch; withdraw closes it.
    notifier
        .show(Reminder::Break {
            kind: Kind::Rest,
            tip_text: "Loop een rondje.".into(),
            card: None,
            repeat: 0,
            length: minutes(5),
            snooze: minutes(5),
            settings: NotificationSettings { stay: false, sound: false },
            lang: Lang::Nl,
        })
        .await;
    let rest = nth(&server, 3).await;
    assert_eq!(rest.replaces_id, 0);
    assert_ne!(rest.id, first.id);
    assert_eq!(rest.summary, "Tijd voor een beweegpauze");
    assert_eq!(rest.actions, ["done", "Klaar", "snooze", "5 min uitstellen", "skip", "Overslaan"]);
    assert_eq!(rest.body, "Neem 5 min afstand van toetsenbord en muis.\n\nLoop een rondje.");
    // Without `stay` the server picks the time on screen; without `sound` there is none.
    assert_eq!((rest.expire_timeout, rest.sound_name.as_deref()), (-1, None));
    notifier.withdraw().await;
    closed(&server, rest.id).await;

    // The daily limit: no buttons, normal urgency.
    notifier.show(Reminder::DailyLimit { sitting: minutes(8 * 60), lang: Lang::En }).await;
    let daily = nth(&server, 4).await;
    assert_eq!(daily.summary, "8 hours of sitting today");
    assert!(daily.actions.is_empty());
    assert_eq!(daily.urgency, Some(1));
    assert_eq!(daily.category.as_deref(), Some("x-posture.daily-limit"));

    // A second config error replaces the first.
    let message = "config.toml:3:9: micro.every: write it like \"25m\"".to_string();
    notifier.show(Reminder::ConfigError { message: message.clone(), lang: Lang::En }).await;
    let error = nth(&server, 5).await;
    assert_eq!(error.summary, "Your posture config has an error");
    assert_eq!(error.body, message);
    // Markup characters in a message reach the server escaped, so they show as written.
    let quoting = "tips.toml:1:1: expected `<` & `>`".to_string();
    notifier.show(Reminder::ConfigError { message: quoting, lang: Lang::En }).await;
    let replaced = nth(&server, 6).await;
    assert_eq!(replaced.replaces_id, error.id);
    assert_eq!(replaced.body, "tips.toml:1:1: expected `&lt;` &amp; `&gt;`");

    // The warning: quiet, gone when the break comes due, Start now is the break command.
    notifier.show(Reminder::Soon { kind: Kind::Rest, due_in: Duration::from_secs(30), lang: Lang::En }).await;
    let soon = nth(&server, 7).await;
    assert_eq!(soon.summary, "Movement break in 30 s");
    assert_eq!(soon.actions, ["start", "Start now", "snooze", "Snooze 5 min"]);
    assert_eq!((soon.urgency, soon.expire_timeout, soon.transient), (Some(0), 30_000, Some(true)));
    assert_eq!(soon.sound_name, None);
    let start = press(&server, &mut answers, soon.id, "start").await;
    assert_eq!(start, Some(Input::Command(Command::Break(Kind::Rest))));
    closed(&server, soon.id).await;

    // A break taken replaces its reminder with a short "Break done" and the end sound.
    notifier.show(micro(0, Lang::En)).await;
    let reminder = nth(&server, 8).await;
    notifier.show(Reminder::Taken { kind: Kind::Micro, settings: SETTINGS, lang: Lang::En }).await;
    let done = nth(&server, 9).await;
    assert_eq!(done.replaces_id, reminder.id);
    assert_eq!((done.summary.as_str(), done.body.as_str()), ("Break done", "Posture check"));
    assert!(done.actions.is_empty());
    assert_eq!((done.expire_timeout, done.sound_name.as_deref()), (5000, Some("complete")));
    // A second break taken at once (the rest that a micro break stood in for) leaves it be.
    notifier.show(Reminder::Taken { kind: Kind::Rest, settings: SETTINGS, lang: Lang::En }).await;
    // With nothing on screen (here the done notice was withdrawn), a taken break shows nothing.
    notifier.withdraw().await;
    closed(&server, reminder.id).await;
    notifier.show(Reminder::Taken { kind: Kind::Micro, settings: SETTINGS, lang: Lang::En }).await;
    notifier.show(Reminder::DailyLimit { sitting: minutes(8 * 60), lang: Lang::En }).await;
    assert_eq!(nth(&server, 10).await.summary, "8 hours of sitting today", "nothing came in between");
    assert_eq!(server.log().closed.iter().filter(|id| **id == reminder.id).count(), 1, "closed once, by withdraw");

    // The server quits: reminders go to the fallback, on one line each, nothing panics or hangs.
    server.stop().await;
    notifier.show(micro(0, Lang::En)).await;
    let lines = fallback.wait_for_lines(1).await;
    assert_eq!(
        lines,
        [
            "posture: Time for a posture check — Take 30 s away from keyboard and mouse. Roll your shoulders back and down."
        ]
    );

    // A server that comes back within a minute is not asked again yet.
    let server = FakeServer::start(bus.address()).await;
    notifier.show(Reminder::DailyLimit { sitting: minutes(90), lang: Lang::Nl }).await;
    let lines = fallback.wait_for_lines(2).await;
    assert!(lines[1].starts_with("posture: Vandaag al 1 uur en 30 minuten gezeten — "), "{lines:?}");
    assert!(server.log().notifications.is_empty());

    // Shutdown ends the task, which drops the answer channel's only sender.
    shutdown.send(true).unwrap();
    let ended = tokio::time::timeout(PATIENCE, answers.recv()).await.expect("the notifier stops");
    assert_eq!(ended, None);
}
