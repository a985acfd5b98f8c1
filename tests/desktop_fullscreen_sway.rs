//! A fullscreen window in front on a wlroots compositor, for real: a foot terminal under a
//! headless sway (Debian 12's sway 1.7), made fullscreen with `swaymsg fullscreen enable`. posture
//! sees it through `zwlr_foreign_toplevel_manager_v1`, holds reminders as a meeting, and lets go
//! when the window leaves fullscreen.

#[path = "support/compositor.rs"]
mod compositor;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/sway.rs"]
mod sway;
#[path = "support/tools.rs"]
mod tools;

use std::fs;

use sandbox::{Sandbox, eventually};
use sway::Sway;

#[test]
fn a_fullscreen_window_in_front_is_a_meeting_on_sway() {
    let Some(mut sway) = Sway::start_session("fullscreen-sway", &["foot", "swaymsg"], "sway foot") else { return };
    sway.spawn_as_user("foot", &[]);
    eventually("foot's window", || {
        String::from_utf8_lossy(&sway.swaymsg(&["-t", "get_tree"]).stdout).contains("\"app_id\": \"foot\"")
    });

    let sandbox = Sandbox::new("fullscreen-sway");
    fs::write(
        sandbox.config_file(),
        "[meetings]\ncamera = false\nmicrophone = false\ndo_not_disturb = false\nfullscreen = true\n",
    )
    .unwrap();
    let daemon = sandbox.start_with(&sway.posture_env());
    eventually("the fullscreen backend", || sandbox.status()["fullscreen_backend"] == "wlr-foreign-toplevel");
    assert_eq!(sandbox.status()["state"], "active");

    assert!(sway.swaymsg(&["fullscreen", "enable"]).status.success());
    let held = eventually("state meeting", || sandbox.status()["state"] == "meeting");
    assert_eq!(sandbox.status()["meeting_sources"], serde_json::json!(["fullscreen"]));
    assert!(sway.swaymsg(&["fullscreen", "disable"]).status.success());
    let released = eventually("state active", || sandbox.status()["state"] == "active");
    println!("sway: meeting {held:?} after `fullscreen enable`, active {released:?} after `disable`");
    daemon.stop();
}
