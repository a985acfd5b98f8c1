//! posture under a real sway (Debian 12's sway 1.7, headless), the wlroots compositor that
//! offers only KDE's older `org_kde_kwin_idle`: the daemon picks that backend, goes away once
//! input stops, and is active again right after a virtual pointer moves (as a user would).
//!
//! sway refuses to run as root, so the test runs it as an unprivileged user it creates
//! (`posture-sway-test`), in a private runtime directory. posture and the pointer connect to
//! its socket from the test's own user. Without sway, or without root to create the user, the
//! test prints why and skips; CI installs sway and forbids the skip.

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
#[path = "support/wlr_screen.rs"]
mod wlr_screen;

use std::fs;
use std::time::Duration;

use compositor::wait_for_state;
use sandbox::Sandbox;
use sway::Sway;

#[test]
fn sway_1_7_idle_through_org_kde_kwin_idle() {
    let Some(sway) = Sway::start("sway", &["resolution 800x600"], None) else { return };
    let sandbox = Sandbox::new("sway");
    // Idle after 5 s without input (the micro break's length), away after 8 s.
    fs::write(sandbox.config_file(), "[micro]\nduration = \"5s\"\n[activity]\naway_after = \"8s\"\n").unwrap();
    let daemon = sandbox.start_with(&[("WAYLAND_DISPLAY", sway.socket_str()), ("XDG_SESSION_TYPE", "wayland")]);
    let status = sandbox.status();
    assert_eq!(status["idle_backend"], "org-kde-kwin-idle", "{status}");

    let away = wait_for_state(|| sandbox.status(), "away", Duration::from_secs(20));
    wlr_screen::move_pointer(&sway.socket);
    let back = wait_for_state(|| sandbox.status(), "active", Duration::from_secs(5));
    println!("sway 1.7: away {away:.1?} after start; active {back:?} after the pointer moved");
    daemon.stop();
}
