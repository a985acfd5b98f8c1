//! The real daemon given a config file that is not a file, or that is saved by truncating it
//! first: it must never hang on it, and never run on the built-in defaults in between.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::time::Duration;

use sandbox::{Sandbox, wait_for};

fn micro_every(sandbox: &Sandbox) -> u64 {
    sandbox.status()["every_seconds"]["micro"].as_u64().unwrap()
}

#[test]
fn a_fifo_in_place_of_the_config_never_hangs_the_daemon() {
    let sandbox = Sandbox::new("fifo");
    fs::write(sandbox.config_file(), "[micro]\nevery = \"20m\"\n").unwrap();
    let daemon = sandbox.start();
    assert_eq!(micro_every(&sandbox), 1200);
    fs::remove_file(sandbox.config_file()).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(sandbox.config_file()).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(micro_every(&sandbox), 1200, "the daemon answers, on the last good settings");
    let log = daemon.stop();
    assert!(log.contains("config.toml") && log.contains("not a regular file"), "{log}");

    // At start too: the defaults, and the reason.
    let daemon = sandbox.start();
    assert_eq!(micro_every(&sandbox), 1500);
    let log = daemon.stop();
    assert!(log.contains("not a regular file"), "{log}");
}

#[test]
fn a_save_that_truncates_first_never_runs_the_defaults() {
    let sandbox = Sandbox::new("truncate");
    fs::write(sandbox.config_file(), "[micro]\nevery = \"20m\"\n").unwrap();
    let daemon = sandbox.start();
    assert_eq!(micro_every(&sandbox), 1200);
    // The first step of `echo … > config.toml`: the file is empty for a while.
    fs::File::create(sandbox.config_file()).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(micro_every(&sandbox), 1200, "the empty file did not bring back the 25 min default");
    fs::write(sandbox.config_file(), "[micro]\nevery = \"30m\"\n").unwrap();
    wait_for("the new settings", || micro_every(&sandbox) == 1800);
    daemon.stop();
}

/// `posture --config fast.toml`, relative to where it was started: edits to that file apply
/// live, as they do for the default path.
#[test]
fn a_relative_config_path_is_watched_too() {
    let sandbox = Sandbox::new("relative");
    fs::write(sandbox.root.join("fast.toml"), "[micro]\nevery = \"20m\"\n").unwrap();
    let child = sandbox
        .command(&["--config", "fast.toml"])
        .current_dir(&sandbox.root)
        .env("POSTURE_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let daemon = sandbox::Daemon::new(child);
    wait_for("the socket", || std::os::unix::net::UnixStream::connect(sandbox.socket()).is_ok());
    assert_eq!(micro_every(&sandbox), 1200);
    fs::write(sandbox.root.join("fast.toml"), "[micro]\nevery = \"40m\"\n").unwrap();
    wait_for("the edit to apply", || micro_every(&sandbox) == 2400);
    let log = daemon.stop();
    assert!(!log.contains("cannot watch"), "{log}");
}
