//! A break reminder under swaync (Debian 12's SwayNotificationCenter 0.7.3) on a headless
//! sway, with a 5 s popup `timeout` as some users set it: its popup is still on screen 12 s
//! later with the card's picture, and a click on its Snooze button reaches the daemon. With
//! `[notifications] stay = false` the popup goes after swaync's timeout (the notification
//! moves to swaync's panel) and the break stays pending.
//!
//! swaync offers no way to list notifications (`swaync-client` only counts them), so the test
//! looks at the screen as a user would: a `grim` screenshot, and a click through a virtual
//! pointer. sway runs as an unprivileged user the test creates; swaync and posture run as the
//! test's user on sway's socket and a private bus. Without sway, swaync or grim, or without
//! root to create the user, the test prints why and skips; CI installs them and forbids the
//! skip.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/sway_notifications.rs"]
mod sway_notifications;
#[path = "support/wlr_screen.rs"]
mod wlr_screen;

use std::process::Command;
use std::time::{Duration, Instant};

use sway_notifications::{Desktop, PATIENCE, tools, wait_for_state};
use wlr_screen::{Area, Screenshot};

/// swaync's popup timeout for normal and low urgency, in s.
const SWAYNC_TIMEOUT_S: u64 = 5;

/// Starts sway, swaync with a 5 s popup timeout and the daemon with `config` (TOML). `None`
/// when the test must skip.
fn start_swaync(name: &str, config: &str) -> Option<Desktop> {
    if !(tools::all_present(&["sway", "swaync", "swaync-client"], "sway sway-notification-center")
        && tools::present("grim", "grim")
        && tools::present("dbus-daemon", "dbus"))
    {
        return None;
    }
    // Critical popups stay (swaync's default); the rest go after the timeout.
    let swaync_config = |_: &_| {
        format!(
            r#"{{ "positionX": "right", "positionY": "top", "timeout": {SWAYNC_TIMEOUT_S}, "timeout-low": {SWAYNC_TIMEOUT_S}, "timeout-critical": 0 }}"#
        )
    };
    let desktop = Desktop::start(name, "swaync", "swaync/config.json", swaync_config, config)?;
    desktop.eventually("swaync to answer", || desktop.count().is_some());
    Some(desktop)
}

impl Desktop {
    /// How many notifications swaync holds (popups and its panel), `None` before it answers.
    fn count(&self) -> Option<u32> {
        let output = Command::new("swaync-client")
            .args(["--count", "--skip-wait"])
            .env("DBUS_SESSION_BUS_ADDRESS", self.bus.address())
            .output()
            .expect("swaync-client runs");
        String::from_utf8_lossy(&output.stdout).trim().parse().ok().filter(|_| output.status.success())
    }

    /// Where swaync draws a popup now, if anywhere.
    fn popup(&self) -> (Option<Area>, Screenshot) {
        let screen = Screenshot::take(&self.sway.socket);
        (screen.drawn(), screen)
    }

    /// Asks for a micro break and waits for its popup.
    fn remind(&self) -> Area {
        assert!(self.sandbox.run(&["break", "micro"]).status.success());
        let mut area = None;
        self.eventually("the reminder's popup on screen", || {
            area = self.popup().0;
            area.is_some()
        });
        area.unwrap()
    }
}

#[test]
fn swaync_keeps_the_reminder_on_screen_and_its_buttons_answer() {
    // A 5-minute break: it stays pending for the whole test unless answered.
    let config = "language = \"en\"\n[micro]\nduration = \"5m\"\n";
    let Some(desktop) = start_swaync("swaync-stay", config) else { return };
    desktop.remind();
    let shown_at = Instant::now();

    // Well past swaync's 5 s: the popup is still there, with the picture on its left.
    std::thread::sleep(Duration::from_secs(12).saturating_sub(shown_at.elapsed()));
    let (area, screen) = desktop.popup();
    let stayed = shown_at.elapsed();
    let area = area.unwrap_or_else(|| panic!("the reminder's popup left the screen within {stayed:?}"));
    assert_eq!(desktop.sandbox.status()["pending"], "micro");
    let picture = Area { right: area.left + 100, ..area };
    let white_run = screen.longest_white_run(picture);
    assert!(white_run >= 30, "no picture at the popup's left ({area:?}): longest white run {white_run} px");

    // The buttons are the popup's last row: Done, Snooze, Skip, equally wide.
    let snooze_button = ((area.left + area.right) / 2, area.bottom - 25);
    wlr_screen::click(&desktop.sway.socket, snooze_button, (screen.width, screen.height));
    let snoozed = wait_for_state(|| desktop.sandbox.status(), "snoozed", PATIENCE);
    desktop.eventually("the answered reminder to leave the screen", || desktop.popup().0.is_none());
    println!(
        "swaync: popup {area:?} still on screen {stayed:.1?} after it showed (timeout {SWAYNC_TIMEOUT_S} s), \
         picture drawn ({white_run} px white run); snoozed {snoozed:?} after a click at {snooze_button:?}"
    );
    desktop.daemon.stop();
}

#[test]
fn without_stay_the_popup_goes_to_swayncs_panel_and_the_break_stays_pending() {
    let config = "language = \"en\"\n[micro]\nduration = \"5m\"\n[notifications]\nstay = false\n";
    let Some(desktop) = start_swaync("swaync-expire", config) else { return };
    desktop.remind();
    let shown_at = Instant::now();
    desktop.eventually("swaync to take the popup down", || desktop.popup().0.is_none());
    let gone = shown_at.elapsed();
    assert!(gone >= Duration::from_secs(SWAYNC_TIMEOUT_S - 1), "gone after {gone:?}, before swaync's timeout");
    // Still in swaync's panel, and still due.
    assert_eq!(desktop.count(), Some(1));
    assert_eq!(desktop.sandbox.status()["pending"], "micro");
    println!("swaync: with stay = false the popup went {gone:.1?} after it showed; the panel holds it");
    desktop.daemon.stop();
}
