//! The real daemon given absurd numbers and a broken saved state: it must answer with a clear
//! refusal or set the bad state aside, and never crash at start because of something it saved.
//! Run in a zone east of UTC, where formatting the far end of time used to overflow.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::path::PathBuf;

use sandbox::Sandbox;
use serde_json::Value;

const ZONE: (&str, &str) = ("TZ", "Europe/Amsterdam");

fn state_file(sandbox: &Sandbox) -> PathBuf {
    sandbox.root.join("state/posture/state.json")
}

/// A state saved by a real run, to be edited.
fn saved_state(sandbox: &Sandbox) -> Value {
    sandbox.start_with(&[ZONE]).stop();
    serde_json::from_slice(&fs::read(state_file(sandbox)).unwrap()).unwrap()
}

#[test]
fn huge_durations_are_refused_and_the_daemon_runs_on() {
    let sandbox = Sandbox::new("huge");
    let daemon = sandbox.start_with(&[ZONE]);
    for args in [
        &["snooze", "99999999999h"][..],
        &["snooze", "25h"],
        &["pause", "1000000h"],
        &["meeting", "start", "--for", "3d"],
    ] {
        let output = sandbox.command(args).env(ZONE.0, ZONE.1).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains("at most"), "{args:?}: {message}");
    }
    assert_eq!(sandbox.status()["state"], "active", "the daemon still answers");
    daemon.stop();
}

#[test]
fn a_far_future_snooze_in_the_saved_state_starts_fine() {
    let sandbox = Sandbox::new("far-snooze");
    let mut state = saved_state(&sandbox);
    state["engine"]["snoozed_until"] = Value::from(i64::MAX);
    state["engine"]["paused"] = serde_json::json!({ "since": state["engine"]["now"], "until": i64::MAX });
    fs::write(state_file(&sandbox), serde_json::to_vec(&state).unwrap()).unwrap();
    let daemon = sandbox.start_with(&[ZONE]);
    let status = sandbox.status();
    assert_eq!(status["state"], "paused", "{status}");
    assert!(status["paused_until"].as_str().is_some_and(|until| until.starts_with('+')), "{status}");
    daemon.stop();
}

#[test]
fn an_absurd_saved_time_or_a_directory_is_set_aside() {
    let sandbox = Sandbox::new("absurd-state");
    let state = saved_state(&sandbox);
    for now in [i64::MAX, i64::MIN] {
        let mut bad = state.clone();
        bad["engine"]["now"] = Value::from(now);
        fs::write(state_file(&sandbox), serde_json::to_vec(&bad).unwrap()).unwrap();
        let daemon = sandbox.start_with(&[ZONE]);
        assert_eq!(sandbox.status()["state"], "active", "a fresh start after now = {now}");
        let log = daemon.stop();
        assert!(log.contains("out of range") && log.contains("state.json"), "{log}");
    }
    fs::remove_file(state_file(&sandbox)).unwrap();
    fs::create_dir(state_file(&sandbox)).unwrap();
    let daemon = sandbox.start_with(&[ZONE]);
    assert_eq!(sandbox.status()["state"], "active");
    let log = daemon.stop();
    assert!(log.contains("Is a directory") && log.contains("state.json"), "{log}");
    assert!(state_file(&sandbox).is_file(), "the state is saved again in its place");
    let aside = fs::read_dir(state_file(&sandbox).parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .count();
    assert_eq!(aside, 3, "nothing is lost: every unusable state was moved aside");
}

#[test]
fn an_acknowledged_pause_survives_kill_9() {
    let sandbox = Sandbox::new("kill-pause");
    let mut daemon = sandbox.start_with(&[ZONE]);
    // Let the first periodic save pass, so only the answer to `pause` can save it.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let output = sandbox.run(&["pause"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut child = daemon.child.take().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let restarted = sandbox.start_with(&[ZONE]);
    assert_eq!(sandbox.status()["state"], "paused", "the pause was saved before it was acknowledged");
    restarted.stop();
}
