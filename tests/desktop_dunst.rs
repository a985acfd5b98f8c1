//! posture against dunst, a real notification server, under Xvfb on a private session bus:
//! the reminder reaches dunst, as `dunstctl history` shows.

#[path = "support/dunst.rs"]
mod dunst;
#[path = "support/sandbox.rs"]
mod sandbox;

use dunst::Desktop;
use sandbox::eventually;

#[test]
fn a_reminder_reaches_dunst() {
    let config = "language = \"en\"\n[micro]\nevery = \"2s\"\nduration = \"1s\"\n";
    let Some(desktop) = Desktop::start("dunst", config) else { return };
    let dunst = &desktop.dunst;
    eventually("the reminder on screen", || {
        let count = dunst.ctl(&["count", "displayed"]);
        String::from_utf8_lossy(&count.stdout).trim().parse::<u32>().unwrap_or(0) > 0
    });
    // History holds what left the screen; closing moves the reminder there.
    assert!(dunst.ctl(&["close-all"]).status.success());
    let mut history = String::new();
    eventually("the reminder in dunstctl history", || {
        history = String::from_utf8_lossy(&dunst.ctl(&["history"]).stdout).into_owned();
        history.contains("posture check")
    });
    assert!(history.contains("\"posture\""), "the app name: {history}");
    println!("dunstctl history:\n{history}");
    desktop.daemon.stop();
}
