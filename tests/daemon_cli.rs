//! Integration tests of the real daemon over its CLI and control socket: each test starts
//! `posture` in a private sandbox (its own XDG directories, no desktop, no D-Bus), talks to it
//! with the client commands or raw socket lines, and stops it.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

use sandbox::{Sandbox, wait_for};
use serde_json::Value;

/// A short demo configuration, so a whole cycle happens within seconds.
const FAST: &str = "# my settings\n[micro]\n# checks\nevery = \"25m\"  # keep\nduration = \"30s\"\n";

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn client_commands_without_a_daemon_say_so_and_exit_2() {
    let sandbox = Sandbox::new("none");
    for args in [&["status"][..], &["snooze"], &["pause", "1h"], &["quit"]] {
        let output = sandbox.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "one line: {message}");
        assert!(message.contains("not running"), "{message}");
    }
}

#[test]
fn a_second_daemon_is_refused_and_names_the_first() {
    let sandbox = Sandbox::new("second");
    let daemon = sandbox.start();
    let pid = sandbox.status()["pid"].as_u64().unwrap();
    let second = sandbox.run(&[]);
    assert_eq!(second.status.code(), Some(1));
    assert!(stderr(&second).contains(&format!("already running as pid {pid}")), "{}", stderr(&second));
    daemon.stop();
}

#[test]
fn the_cli_commands_steer_the_daemon() {
    let sandbox = Sandbox::new("commands");
    fs::write(sandbox.config_file(), FAST).unwrap();
    let daemon = sandbox.start();
    let status = sandbox.status();
    assert_eq!(status["state"], "active");
    assert_eq!(status["idle_backend"], "none");
    assert_eq!(status["next_break"]["kind"], "micro");
    assert!(status["sitting_seconds"]["micro"].is_u64() && status["today_sitting_seconds"].is_u64());

    let steps: &[(&[&str], &str, &str)] = &[
        (&["snooze", "20m"], "snoozed", "snoozed_until"),
        (&["resume"], "active", ""),
        (&["pause", "1h"], "paused", "paused_until"),
        (&["resume"], "active", ""),
        (&["pause", "--until", "tomorrow"], "paused", "paused_until"),
        (&["resume"], "active", ""),
        (&["pause"], "paused", ""),
        (&["resume"], "active", ""),
        (&["meeting", "start", "--for", "30m"], "meeting", "meeting_until"),
        (&["meeting", "end"], "active", ""),
    ];
    for (args, state, field) in steps {
        let output = sandbox.run(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(!output.stdout.is_empty(), "{args:?} prints the new status line");
        let status = sandbox.status();
        assert_eq!(status["state"], *state, "after {args:?}: {status}");
        if !field.is_empty() {
            assert!(status[*field].is_string(), "after {args:?}, {field} is set: {status}");
        }
    }

    let output = sandbox.run(&["break", "micro"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(sandbox.status()["pending"], "micro");
    assert!(sandbox.run(&["skip"]).status.success());
    assert_eq!(sandbox.status()["pending"], Value::Null);

    let output = sandbox.run(&["interval", "micro", "20m"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(sandbox.config_file()).unwrap();
    assert_eq!(text, FAST.replace("\"25m\"", "\"20m\""), "only the value changed, comments kept");
    let output = sandbox.run(&["interval", "micro", "10s"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("must be longer than micro.duration (30s)"), "{}", stderr(&output));
    let output = sandbox.run(&["snooze", "banana"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("banana"));

    let output = sandbox.run(&["quit"]);
    assert!(output.status.success(), "quit answers before it goes: {}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "posture stopped.\n", "quit says it stopped");
    let mut child = daemon;
    let exited = child.child.as_mut().unwrap().wait().unwrap();
    assert!(exited.success());
    assert!(!sandbox.socket().exists(), "the socket is removed");
}

#[test]
fn a_broken_config_edit_is_reported_and_the_old_config_stays() {
    let sandbox = Sandbox::new("reload");
    fs::write(sandbox.config_file(), "[micro]\nevery = \"40m\"\n").unwrap();
    let daemon = sandbox.start();
    let before = sandbox.status()["next_break"]["in_seconds"].as_u64().unwrap();
    assert!(before > 39 * 60, "{before}");

    fs::write(sandbox.config_file(), "[micro]\nevery = \"10m\"\n").unwrap();
    wait_for("the valid edit to apply", || sandbox.status()["next_break"]["in_seconds"].as_u64().unwrap() < 10 * 60);

    fs::write(sandbox.config_file(), "[micro]\nevery = \"-5m\"\n").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let after = sandbox.status()["next_break"]["in_seconds"].as_u64().unwrap();
    assert!(after < 10 * 60 && after > 9 * 60, "the last good config (10m) stays in force: {after}");
    let log = daemon.stop();
    let located = format!("{}:2:9: micro.every: durations cannot be negative", sandbox.config_file().display());
    assert!(log.contains(&located), "the error names file, line, column and key:\n{log}");
}

#[test]
fn the_state_survives_a_restart_and_a_corrupt_one_is_set_aside() {
    let sandbox = Sandbox::new("restart");
    let daemon = sandbox.start();
    assert!(sandbox.run(&["snooze", "45m"]).status.success());
    std::thread::sleep(Duration::from_millis(1200));
    let before = sandbox.status();
    daemon.stop();
    let state_file = sandbox.root.join("state/posture/state.json");
    assert!(state_file.exists());

    let daemon = sandbox.start();
    let after = sandbox.status();
    assert_eq!(after["state"], "snoozed", "{after}");
    assert_eq!(after["snoozed_until"], before["snoozed_until"]);
    assert!(after["sitting_seconds"]["rest"].as_u64() >= before["sitting_seconds"]["rest"].as_u64());
    daemon.stop();

    fs::write(&state_file, "{ not json").unwrap();
    let daemon = sandbox.start();
    assert_eq!(sandbox.status()["state"], "active", "a fresh start");
    let log = daemon.stop();
    assert!(log.contains("saved state was unreadable"), "{log}");
    let set_aside: Vec<_> = fs::read_dir(state_file.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(set_aside.len(), 1, "the corrupt file is kept aside");
    assert_eq!(fs::read_to_string(set_aside[0].path()).unwrap(), "{ not json");
}

fn raw(socket: &Path) -> (UnixStream, BufReader<UnixStream>) {
    let stream = UnixStream::connect(socket).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let reader = BufReader::new(stream.try_clone().unwrap());
    (stream, reader)
}

fn answer(reader: &mut BufReader<UnixStream>) -> Value {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

#[test]
fn garbage_oversize_lines_and_silent_clients_do_not_stop_the_daemon() {
    let sandbox = Sandbox::new("garbage");
    let daemon = sandbox.start();
    // A client that connects and says nothing must not block anyone.
    let _silent = UnixStream::connect(sandbox.socket()).unwrap();

    let (mut stream, mut reader) = raw(&sandbox.socket());
    stream.write_all(b"\x00\xffnot json\n").unwrap();
    assert_eq!(answer(&mut reader)["ok"], false);
    stream.write_all(b"{\"v\":2,\"cmd\":\"status\"}\n").unwrap();
    assert!(answer(&mut reader)["error"].as_str().unwrap().contains("version"));
    stream.write_all(b"{\"v\":1,\"cmd\":\"dance\"}\n").unwrap();
    assert!(answer(&mut reader)["error"].as_str().unwrap().contains("unknown command"));
    stream.write_all(b"{\"v\":1,\"cmd\":\"status\"}\n").unwrap();
    assert_eq!(answer(&mut reader)["ok"], true, "the same connection still works");

    let (mut big, mut big_reader) = raw(&sandbox.socket());
    big.write_all(&vec![b'x'; 100_000]).unwrap_or(());
    assert!(answer(&mut big_reader)["error"].as_str().unwrap().contains("longer than"));

    assert_eq!(sandbox.status()["state"], "active", "others are still served");
    daemon.stop();
}

#[test]
fn follow_prints_a_line_now_and_one_per_change() {
    let sandbox = Sandbox::new("follow");
    let daemon = sandbox.start();
    let mut follow = sandbox.command(&["status", "--follow"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(follow.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["state"], "active");
    assert!(sandbox.run(&["pause"]).status.success());
    let second: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(second["state"], "paused");
    let _ = follow.kill();
    let _ = follow.wait();
    daemon.stop();
}

#[test]
fn sigterm_saves_the_state_and_removes_the_socket() {
    let sandbox = Sandbox::new("sigterm");
    let daemon = sandbox.start();
    assert!(sandbox.socket().exists());
    let log = daemon.stop();
    assert!(!sandbox.socket().exists());
    assert!(sandbox.root.join("state/posture/state.json").exists());
    assert!(log.contains("stopped"), "{log}");
}
