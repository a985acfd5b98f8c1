//! Do-not-disturb as a meeting source, against dunst under Xvfb on a private session bus:
//! `dunstctl set-paused true` holds reminders as a meeting, `false` ends it, and the source
//! follows `meetings.do_not_disturb` as the configuration is edited.

#[path = "support/dunst.rs"]
mod dunst;
#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;

use dunst::Desktop;
use sandbox::eventually;
use serde_json::Value;

fn sources(status: &Value) -> Vec<String> {
    status["meeting_sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[test]
fn dunst_paused_is_a_meeting_until_it_is_resumed() {
    let Some(desktop) = Desktop::start("dnd", "[meetings]\ncamera = false\nmicrophone = false\n") else { return };
    let (dunst, sandbox) = (&desktop.dunst, &desktop.sandbox);
    let status = sandbox.status();
    assert_eq!(status["state"], "active", "{status:#}");
    assert_eq!(status["meeting_sources_enabled"], serde_json::json!(["manual", "do_not_disturb"]));

    assert!(dunst.ctl(&["set-paused", "true"]).status.success());
    eventually("the do-not-disturb meeting", || sandbox.status()["state"] == "meeting");
    assert_eq!(sources(&sandbox.status()), ["do_not_disturb"]);

    // Switching the source off in the configuration ends the meeting; on again, it is back.
    fs::write(sandbox.config_file(), "[meetings]\ncamera = false\nmicrophone = false\ndo_not_disturb = false\n")
        .unwrap();
    eventually("the source switched off", || sandbox.status()["state"] == "active");
    fs::write(sandbox.config_file(), "[meetings]\ncamera = false\nmicrophone = false\n").unwrap();
    eventually("the source switched on again", || sandbox.status()["state"] == "meeting");

    assert!(dunst.ctl(&["set-paused", "false"]).status.success());
    eventually("the end of do-not-disturb", || sandbox.status()["state"] == "active");
    desktop.daemon.stop();
}
