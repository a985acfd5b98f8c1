//! The real daemon under a wall clock that is set back and forward while it runs, through
//! libfaketime (Debian's `libfaketime`, preloaded; only the wall clock is faked, the steady
//! clocks are not). Setting the clock back an hour must not freeze the sitting clocks, and
//! setting it forward three hours must not count as three hours of sitting nor bring a burst of
//! reminders: the status's sitting time and next break stay right through both.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sandbox::Sandbox;
use serde_json::Value;

/// Where Debian puts the thread-safe libfaketime (the daemon has a few threads).
fn libfaketime() -> Option<PathBuf> {
    ["/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"]
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
}

fn sitting(status: &Value) -> u64 {
    status["sitting_seconds"]["micro"].as_u64().unwrap()
}

fn next_break_in(status: &Value) -> u64 {
    status["next_break"]["in_seconds"].as_u64().unwrap()
}

fn set_clock(file: &Path, offset: &str) {
    fs::write(file, format!("{offset}\n")).unwrap();
    // libfaketime re-reads the file on every call (FAKETIME_NO_CACHE); give the daemon a moment.
    std::thread::sleep(Duration::from_millis(300));
}

/// The wall clock the daemon sees, read off the end of a 20-minute snooze it reports.
fn daemon_clock(sandbox: &Sandbox) -> DateTime<Utc> {
    let output = sandbox.run(&["snooze", "20m"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let status = sandbox.status();
    let until = status["snoozed_until"].as_str().expect("a snooze has an end");
    assert!(sandbox.run(&["resume"]).status.success());
    DateTime::parse_from_rfc3339(until).unwrap().with_timezone(&Utc) - chrono::Duration::minutes(20)
}

#[test]
fn the_clock_set_back_and_forward_keeps_sitting_time_and_next_break() {
    let Some(library) = libfaketime() else {
        let reason = "libfaketime not installed (apt-get install -y libfaketime)";
        if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
            panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
        }
        eprintln!("skipped: {reason}");
        return;
    };
    let sandbox = Sandbox::new("clock");
    let clock_file = sandbox.root.join("faketime");
    fs::write(&clock_file, "+0\n").unwrap();
    let library = library.to_string_lossy().into_owned();
    let clock_file_env = clock_file.to_string_lossy().into_owned();
    let daemon = sandbox.start_with(&[
        ("LD_PRELOAD", &library),
        ("FAKETIME_TIMESTAMP_FILE", &clock_file_env),
        ("FAKETIME_NO_CACHE", "1"),
        ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
    ]);
    let started = sandbox.status();
    assert_eq!(started["state"], "active");
    std::thread::sleep(Duration::from_secs(2));

    set_clock(&clock_file, "-1h");
    let offset = daemon_clock(&sandbox) - Utc::now();
    assert!(
        (offset + chrono::Duration::hours(1)).num_seconds().abs() < 30,
        "the daemon's clock was set back an hour: {offset}"
    );
    let back = sandbox.status();
    std::thread::sleep(Duration::from_secs(2));
    let later = sandbox.status();
    assert!(sitting(&back) > sitting(&started), "sitting went on across the change: {back}");
    assert!(sitting(&later) > sitting(&back), "the sitting clock still runs an hour back: {later}");
    assert!(sitting(&later) < 60, "{later}");
    assert!((1400..1500).contains(&next_break_in(&later)), "next break as far as before: {later}");

    set_clock(&clock_file, "+3h");
    let forward = sandbox.status();
    assert_eq!(forward["state"], "active", "{forward}");
    assert!(sitting(&forward) >= sitting(&later) && sitting(&forward) < 60, "no three hours of sitting: {forward}");
    assert!(forward["pending"].is_null(), "no reminder came with the change: {forward}");
    assert!((1400..1500).contains(&next_break_in(&forward)), "{forward}");

    let log = daemon.stop();
    assert!(!log.contains("BreakDue"), "no reminder at all: {log}");
}
