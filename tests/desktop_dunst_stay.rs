//! A break reminder under dunst's defaults (a 10 s timeout for normal notifications), under
//! Xvfb on a private session bus: it stays on screen past 30 s, carrying the card's picture.
//! Its own test binary, so its Xvfb display cannot collide with another test's.

#[path = "support/dunst.rs"]
mod dunst;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::time::{Duration, Instant};

use dunst::{Desktop, Dunst};
use sandbox::eventually;

#[test]
fn a_reminder_stays_past_the_servers_timeout_with_its_picture() {
    // A 5-minute break, asked for: it stays pending (nobody answers, and it cannot be taken by
    // the idle rule) for the whole test.
    let config = "language = \"en\"\n[micro]\nduration = \"5m\"\n";
    let Some(desktop) = Desktop::start("dunst-stay", config) else { return };
    let (dunst, sandbox) = (&desktop.dunst, &desktop.sandbox);
    eventually("the daemon to answer", || sandbox.run(&["status"]).status.success());
    assert!(sandbox.run(&["break", "micro"]).status.success());
    let displayed = || String::from_utf8_lossy(&dunst.ctl(&["count", "displayed"]).stdout).trim().parse().unwrap_or(0);
    eventually("the reminder on screen", || displayed() == 1);
    let shown_at = Instant::now();
    std::thread::sleep(Duration::from_secs(31));
    assert_eq!(displayed(), 1, "the reminder left the screen within {:?}:\n{}", shown_at.elapsed(), history(dunst));
    assert_eq!(sandbox.status()["pending"], "micro");

    // Closing it moves it to dunst's history, where what dunst received can be read.
    assert!(dunst.ctl(&["close"]).status.success());
    let mut history = String::new();
    eventually("the reminder in dunstctl history", || {
        history = self::history(dunst);
        history.contains("Take 5 min away from keyboard and mouse.")
    });
    // dunst keeps the path of the image the notification carried: the card's picture.
    let picture = history
        .split("\"icon_path\"")
        .nth(1)
        .and_then(|rest| rest.split("\"data\" : \"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert!(picture.ends_with(".png") && fs::metadata(&picture).is_ok_and(|m| m.len() > 0), "{history}");
    println!("dunstctl history:\n{history}");
    desktop.daemon.stop();
}

fn history(dunst: &Dunst) -> String {
    String::from_utf8_lossy(&dunst.ctl(&["history"]).stdout).into_owned()
}
