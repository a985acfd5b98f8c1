//! The X11 idle backend against a real X server (Xvfb), with input injected by xdotool: active
//! while input keeps coming, idle a threshold after it stops, active again on the next key,
//! click or motion. Skipped when Xvfb or xdotool is missing, unless
//! `POSTURE_REQUIRE_DESKTOP_TESTS=1`.

#[path = "support/idle_observe.rs"]
mod idle_observe;
#[path = "support/idle_process.rs"]
mod idle_process;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use idle_observe::next;
use idle_process::{Killed, tools_present};
use posture::clock;
use posture::core::engine::Input;
use posture::core::time::Time;
use posture::senses::Observation;
use posture::senses::idle::start_x11;
use tokio::sync::{mpsc, watch};

const THRESHOLD: Duration = Duration::from_secs(2);
/// How late an observation may be: timer and scheduling slack, xdotool's start-up.
const SLACK: Duration = Duration::from_millis(500);

/// An Xvfb server on a display number it picked itself, gone when the test ends.
struct Display {
    _server: Killed,
    name: String,
}

fn xvfb(extra: &[&str]) -> Option<Display> {
    if !tools_present(&["Xvfb", "xdotool"]) {
        return None;
    }
    let mut child = Command::new("Xvfb")
        // `-displayfd 1`: take a free display number and print it on stdout once ready.
        // `-noreset`: xdotool leaving as the last client would otherwise restart the server
        // under the backend's feet.
        .args(["-displayfd", "1", "-noreset", "-screen", "0", "320x240x24", "-nolisten", "tcp"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let server = Killed(child);
    let mut number = String::new();
    BufReader::new(stdout).read_line(&mut number).expect("Xvfb prints its display number");
    let number: u32 = number.trim().parse().expect("a display number");
    Some(Display { _server: server, name: format!(":{number}") })
}

/// Injects input with xdotool; returns when it happened.
fn xdotool(display: &Display, args: &[&str]) -> Time {
    let status = Command::new("xdotool").env("DISPLAY", &display.name).args(args).status().expect("xdotool runs");
    assert!(status.success(), "xdotool {args:?} failed");
    clock::now()
}

/// Asserts an `Idle` saying input stopped at `last_input`, reported a threshold after it.
fn assert_idle_since(observation: &Observation, last_input: Time) {
    let Input::Idle { since } = observation.input else { panic!("expected Idle, got {observation:?}") };
    let late = observation.at.wall.since(last_input);
    assert!(
        THRESHOLD <= late + Duration::from_millis(50) && late <= THRESHOLD + SLACK,
        "reported {late:?} after input"
    );
    let off = if since > last_input { since.since(last_input) } else { last_input.since(since) };
    assert!(off <= SLACK, "since is {off:?} away from the last input");
}

async fn nothing(rx: &mut mpsc::Receiver<Observation>, within: Duration, why: &str) {
    if let Ok(observation) = tokio::time::timeout(within, rx.recv()).await {
        panic!("expected no observation ({why}), got {observation:?}");
    }
}

#[tokio::test]
async fn active_idle_active() {
    let Some(display) = xvfb(&[]) else { return };
    xdotool(&display, &["mousemove", "1", "1"]);
    let (tx, mut rx) = mpsc::channel(8);
    let (stop, shutdown) = watch::channel(false);
    let task = start_x11(Some(&display.name), THRESHOLD, tx, shutdown).await.expect("Xvfb has MIT-SCREEN-SAVER");
    assert_eq!(next(&mut rx, SLACK, "Active at start").await.input, Input::Active);

    // Input every 0.8 s for longer than the threshold: never idle.
    let mut last_input = clock::now();
    for x in ["20", "40", "60"] {
        nothing(&mut rx, Duration::from_millis(800), "input keeps coming").await;
        last_input = xdotool(&display, &["mousemove", x, x]);
    }

    let idle = next(&mut rx, THRESHOLD + SLACK, "Idle a threshold after the last input").await;
    assert_idle_since(&idle, last_input);

    let pressed = xdotool(&display, &["key", "a"]);
    let back = next(&mut rx, SLACK, "Active on a key press").await;
    assert_eq!(back.input, Input::Active);
    assert!(back.at.wall.since(pressed) <= SLACK, "noticed at once, not polled");

    // Raw events were deselected and are selected again for the next absence.
    let idle = next(&mut rx, THRESHOLD + SLACK, "Idle again").await;
    assert_idle_since(&idle, pressed);
    xdotool(&display, &["click", "1"]);
    assert_eq!(next(&mut rx, SLACK, "Active on a click").await.input, Input::Active);

    stop.send(true).unwrap();
    tokio::time::timeout(SLACK, task).await.expect("stops at once on shutdown").unwrap();
    assert!(rx.recv().await.is_none(), "the backend let go of the channel");
}

#[tokio::test]
async fn idle_at_start_then_back() {
    let Some(display) = xvfb(&[]) else { return };
    let last_input = xdotool(&display, &["mousemove", "1", "1"]);
    tokio::time::sleep(THRESHOLD + Duration::from_millis(300)).await;
    let (tx, mut rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);
    start_x11(Some(&display.name), THRESHOLD, tx, shutdown).await.expect("Xvfb has MIT-SCREEN-SAVER");

    let idle = next(&mut rx, SLACK, "Idle at start").await;
    let Input::Idle { since } = idle.input else { panic!("expected Idle, got {idle:?}") };
    assert!(idle.at.wall.since(since) >= THRESHOLD, "idle for at least the threshold");
    assert!(since.since(last_input) <= SLACK && last_input.since(since) <= SLACK, "since is the last input");

    // Absolute motion (XTest here; VMs and VNC too) sends no raw event: the idle-time check
    // 2 s into the absence notices it.
    xdotool(&display, &["mousemove", "50", "50"]);
    assert_eq!(next(&mut rx, Duration::from_secs(2) + SLACK, "Active on absolute motion").await.input, Input::Active);

    // Relative motion, as from a mouse, sends a raw event: noticed at once.
    next(&mut rx, THRESHOLD + SLACK, "Idle again").await;
    let moved = xdotool(&display, &["mousemove_relative", "5", "5"]);
    let back = next(&mut rx, SLACK, "Active on relative motion").await;
    assert_eq!(back.input, Input::Active);
    assert!(back.at.wall.since(moved) <= SLACK, "noticed at once, not polled");
}

#[tokio::test]
async fn fails_to_start_without_the_screen_saver_extension() {
    let Some(display) = xvfb(&["-extension", "MIT-SCREEN-SAVER"]) else { return };
    let (tx, _rx) = mpsc::channel(8);
    let (_stop, shutdown) = watch::channel(false);
    assert!(start_x11(Some(&display.name), THRESHOLD, tx, shutdown).await.is_err());
}
