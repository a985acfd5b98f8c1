//! A fullscreen window in front on a wlroots compositor, for real: a foot terminal under a
//! headless sway (Debian 12's sway 1.7), made fullscreen with `swaymsg fullscreen enable`. posture
//! sees it through `zwlr_foreign_toplevel_manager_v1`, holds reminders as a meeting, and lets go
//! when the window leaves fullscreen.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/sway_session.rs"]
mod sway;

use std::fs;
use std::time::{Duration, Instant};

use sandbox::Sandbox;
use sway::{Sway, eventually};

fn until_state(sandbox: &Sandbox, state: &str) -> Duration {
    let started = Instant::now();
    eventually(&format!("state {state}"), || sandbox.status()["state"] == state);
    started.elapsed()
}

#[test]
fn a_fullscreen_window_in_front_is_a_meeting_on_sway() {
    let Some(mut sway) = Sway::start("fullscreen-sway", &["foot", "swaymsg"], "sway foot") else { return };
    sway.spawn("foot", &[]);
    eventually("foot's window", || {
        String::from_utf8_lossy(&sway.swaymsg(&["-t", "get_tree"]).stdout).contains("\"app_id\": \"foot\"")
    });

    let sandbox = Sandbox::new("fullscreen-sway");
    fs::write(
        sandbox.config_file(),
        "[meetings]\ncamera = false\nmicrophone = false\ndo_not_disturb = false\nfullscreen = true\n",
    )
    .unwrap();
    let env = sway.posture_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let daemon = sandbox.start_with(&env);
    eventually("the fullscreen backend", || sandbox.status()["fullscreen_backend"] == "wlr-foreign-toplevel");
    assert_eq!(sandbox.status()["state"], "active");

    assert!(sway.swaymsg(&["fullscreen", "enable"]).status.success());
    let held = until_state(&sandbox, "meeting");
    assert_eq!(sandbox.status()["meeting_sources"], serde_json::json!(["fullscreen"]));
    assert!(sway.swaymsg(&["fullscreen", "disable"]).status.success());
    let released = until_state(&sandbox, "active");
    println!("sway: meeting {held:?} after `fullscreen enable`, active {released:?} after `disable`");
    daemon.stop();
}
