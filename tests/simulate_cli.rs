//! End-to-end tests of `posture simulate` through the real binary: trace from a file or from
//! standard input, configuration from `--config` or the default path, the language of tip texts
//! from the locale, exit codes and messages for bad input, and deterministic output.
//!
//! Every run gets its own scratch `XDG_CONFIG_HOME` and `HOME` under the target directory, and
//! the locale and `POSTURE_*` variables are cleared, so the user's own configuration never leaks
//! in.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use posture::core::Lang;
use posture::core::tips::Catalogue;

/// A morning at the desk: two micro reminders, then a rest break on the user's own initiative.
const TRACE: &str = r#"# a comment line, skipped
{"at":"2026-03-02T09:00:00+01:00","input":"active"}
{"at":"2026-03-02T09:32:00+01:00","input":"none"}

{"at":"2026-03-02T09:40:00+01:00","input":"active"}
"#;

/// A scratch XDG_CONFIG_HOME and HOME for one test.
struct Sandbox {
    root: PathBuf,
    xdg: PathBuf,
    home: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("simulate_cli").join(name);
        // Left over from an earlier run; start clean.
        let _ = fs::remove_dir_all(&root);
        let xdg = root.join("xdg");
        let home = root.join("home");
        fs::create_dir_all(&xdg).unwrap();
        fs::create_dir_all(&home).unwrap();
        Sandbox { root, xdg, home }
    }

    /// Writes `text` to `name` in the sandbox and returns its path.
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    /// `posture ARGS…` with a clean environment and the locale set to `lang`.
    fn command(&self, args: &[&str], lang: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_posture"));
        command
            .args(args)
            .env("XDG_CONFIG_HOME", &self.xdg)
            .env("HOME", &self.home)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("POSTURE_CONFIG")
            .env_remove("POSTURE_LOG")
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args, "C").output().expect("the posture binary runs")
    }

    fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args, "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("scratch paths are UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The JSON lines of a successful run.
#[track_caller]
fn events(output: &Output) -> Vec<Value> {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(output));
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    stdout.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

/// `HH:MM:SS event` per event, for comparing what happened when.
fn outline(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| format!("{} {}", &e["at"].as_str().unwrap()[11..19], e["event"].as_str().unwrap())).collect()
}

#[test]
fn a_trace_file_gives_json_lines_with_at_and_event() {
    let sandbox = Sandbox::new("file");
    let trace = sandbox.file("day.jsonl", TRACE);
    let events = events(&sandbox.run(&["simulate", path_arg(&trace)]));
    for event in &events {
        let at = event["at"].as_str().unwrap_or_else(|| panic!("no `at`: {event}"));
        assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok_and(|t| t.offset().local_minus_utc() == 3600), "{at}");
        assert!(event["event"].is_string(), "no `event`: {event}");
    }
    assert_eq!(
        outline(&events),
        ["09:25:00 break_due", "09:30:00 break_due", "09:32:30 break_taken", "09:37:00 break_taken", "09:40:00 day",]
    );
    assert_eq!(events[0]["kind"], "micro");
    assert_eq!(events[1]["repeat"], 1);
    assert_eq!(
        events[3],
        serde_json::json!({"at": "2026-03-02T09:37:00+01:00", "event": "break_taken", "kind": "rest", "natural": true})
    );
    assert_eq!(events[4]["sitting_seconds"], 1920);
    assert_eq!(events[4]["date"], "2026-03-02");
}

#[test]
fn a_dash_reads_the_trace_from_standard_input() {
    let sandbox = Sandbox::new("stdin");
    let from_stdin = events(&sandbox.run_with_stdin(&["simulate", "-"], TRACE));
    let trace = sandbox.file("day.jsonl", TRACE);
    let from_file = events(&sandbox.run(&["simulate", path_arg(&trace)]));
    assert_eq!(from_stdin.len(), 5);
    assert_eq!(from_stdin, from_file);
}

#[test]
fn an_empty_trace_prints_nothing() {
    let sandbox = Sandbox::new("empty");
    let output = sandbox.run_with_stdin(&["simulate", "-"], "# only a comment\n\n");
    assert!(events(&output).is_empty());
}

#[test]
fn config_changes_the_simulation() {
    let sandbox = Sandbox::new("config");
    let trace = sandbox.file("day.jsonl", TRACE);
    let config = sandbox.file("fast.toml", "[micro]\nevery = \"10m\"\n");
    let events = events(&sandbox.run(&["--config", path_arg(&config), "simulate", path_arg(&trace)]));
    let due: Vec<String> = events
        .iter()
        .filter(|e| e["event"] == "break_due")
        .map(|e| e["at"].as_str().unwrap()[11..19].to_string())
        .collect();
    // Every 10 minutes, repeating every 5 while the user types on.
    assert_eq!(due, ["09:10:00", "09:15:00", "09:20:00", "09:25:00", "09:30:00"]);

    // The same file at the default path (under the sandbox's XDG_CONFIG_HOME) is read too.
    sandbox.file("xdg/posture/config.toml", "[micro]\nevery = \"10m\"\n");
    let from_default = self::events(&sandbox.run(&["simulate", path_arg(&trace)]));
    assert_eq!(from_default, events);
}

#[test]
fn the_locale_picks_the_language_of_tip_texts() {
    let sandbox = Sandbox::new("locale");
    let trace = sandbox.file("day.jsonl", TRACE);
    let run = |lang: &str| {
        let output = sandbox.command(&["simulate", path_arg(&trace)], lang).output().unwrap();
        events(&output).into_iter().filter(|e| e["event"] == "break_due").collect::<Vec<_>>()
    };
    let (dutch, english) = (run("nl_NL.UTF-8"), run("C"));
    assert_eq!(dutch.len(), 2);
    assert_eq!(dutch.len(), english.len());
    let catalogue = Catalogue::builtin();
    for (nl, en) in dutch.iter().zip(&english) {
        assert_eq!(nl["tip"], en["tip"], "the same tips in either language");
        let tip = catalogue.get(nl["tip"].as_str().unwrap()).expect("a catalogue tip");
        assert_eq!(nl["text"].as_str(), Some(tip.text(Lang::Nl)));
        assert_eq!(en["text"].as_str(), Some(tip.text(Lang::En)));
        assert_ne!(nl["text"], en["text"]);
    }
}

#[test]
fn a_bad_trace_line_exits_1_naming_the_line() {
    let sandbox = Sandbox::new("bad_line");
    let trace = sandbox.file(
        "bad.jsonl",
        "{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"active\"}\n\n{\"at\":\"2026-03-02T09:10:00+01:00\",\"input\":\"typing\"}\n",
    );
    let output = sandbox.run(&["simulate", path_arg(&trace)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing is replayed from a bad trace");
    let err = stderr(&output);
    assert!(err.contains("line 3") && err.contains(path_arg(&trace)), "{err}");

    let output = sandbox.run_with_stdin(&["simulate", "-"], "not json\n");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("<stdin>") && err.contains("line 1"), "{err}");
}

#[test]
fn a_broken_config_exits_1_naming_file_line_and_column() {
    let sandbox = Sandbox::new("bad_config");
    let trace = sandbox.file("day.jsonl", TRACE);
    let config = sandbox.file("broken.toml", "# mine\n[micro]\nevery = \"soon\"\n");
    let output = sandbox.run(&["--config", path_arg(&config), "simulate", path_arg(&trace)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let err = stderr(&output);
    assert!(err.contains(&format!("{}:3:9", config.display())), "{err}");
    assert!(err.contains("micro.every"), "{err}");
}

#[test]
fn a_missing_trace_or_config_file_exits_1_with_the_path() {
    let sandbox = Sandbox::new("missing");
    let trace = sandbox.root.join("no-such-trace.jsonl");
    let output = sandbox.run(&["simulate", path_arg(&trace)]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains(path_arg(&trace)), "{err}");

    let real_trace = sandbox.file("day.jsonl", TRACE);
    let config = sandbox.root.join("no-such-config.toml");
    let output = sandbox.run(&["--config", path_arg(&config), "simulate", path_arg(&real_trace)]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains(path_arg(&config)) && err.contains("does not exist"), "{err}");
}

#[test]
fn a_rejected_command_is_reported_and_the_replay_goes_on() {
    let sandbox = Sandbox::new("rejected");
    let trace = format!("{TRACE}{}\n", r#"{"at":"2026-03-02T09:41:00+01:00","command":"dance"}"#);
    let events = events(&sandbox.run_with_stdin(&["simulate", "-"], &trace));
    let rejected: Vec<&Value> = events.iter().filter(|e| e["event"] == "command_rejected").collect();
    assert_eq!(rejected.len(), 1, "{events:?}");
    assert_eq!(rejected[0]["line"], 6);
    assert!(rejected[0]["reason"].as_str().unwrap().contains("dance"), "{}", rejected[0]);
    assert_eq!(events.last().unwrap()["event"], "day");
}

#[test]
fn the_same_trace_gives_the_same_output() {
    let sandbox = Sandbox::new("deterministic");
    // Long enough for many tips to be drawn.
    let trace = sandbox.file(
        "long.jsonl",
        "{\"at\":\"2026-03-02T08:00:00+01:00\",\"input\":\"active\"}\n\
         {\"at\":\"2026-03-02T18:00:00+01:00\",\"input\":\"none\"}\n",
    );
    let first = sandbox.run(&["simulate", path_arg(&trace)]);
    let second = sandbox.run(&["simulate", path_arg(&trace)]);
    let events = events(&first);
    assert!(events.iter().filter(|e| e["event"] == "break_due").count() > 50);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let sandbox = Sandbox::new("broken_pipe");
    // A long trace, so the output outgrows the pipe buffer after the reader has gone.
    let mut trace = String::new();
    for day in 2..=27 {
        for hour in 8..18 {
            trace.push_str(&format!("{{\"at\":\"2026-03-{day:02}T{hour:02}:00:00+01:00\",\"input\":\"active\"}}\n"));
        }
    }
    let trace = sandbox.file("long.jsonl", &trace);
    let mut child = sandbox
        .command(&["simulate", path_arg(&trace)], "C")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit {:?}, stderr: {}", output.status, stderr(&output));
    assert_eq!(stderr(&output), "");
}

/// The guide's "Simulate and traces" shows the replay of `docs/examples/workday.jsonl`; every event
/// line it shows must be what posture prints today, so the page stays true as the engine or the
/// tips change.
#[test]
fn the_readme_example_matches_a_real_replay() {
    let sandbox = Sandbox::new("readme");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = sandbox.run(&["simulate", path_arg(&root.join("docs/examples/workday.jsonl"))]);
    assert!(output.status.success(), "{}", stderr(&output));
    let replay = String::from_utf8(output.stdout).unwrap();
    let readme = fs::read_to_string(root.join("docs/src/simulate.md")).unwrap();
    let shown: Vec<&str> = readme.lines().filter(|l| l.starts_with("{\"at\"") && l.contains("\"event\"")).collect();
    assert!(shown.len() >= 10, "the guide shows the example's output");
    for line in shown {
        assert!(replay.lines().any(|real| real == line), "the guide shows a line posture does not print:\n{line}");
    }
}

#[test]
fn simulate_holds_reminders_during_the_configured_calendars_meetings() {
    let sandbox = Sandbox::new("calendar");
    // Relative to the config file's directory, as in the daemon.
    sandbox.file(
        "cal/work.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Call\r\n\
         DTSTART;TZID=W. Europe Standard Time:20260302T091500\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let config = sandbox.file("cal/config.toml", "[meetings]\ncalendars = [\"work.ics\"]\n");
    let trace = sandbox.file(
        "day.jsonl",
        "{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"active\"}\n{\"at\":\"2026-03-02T10:30:00+01:00\",\"input\":\"none\"}\n",
    );
    let output = sandbox.run(&["--config", path_arg(&config), "simulate", path_arg(&trace)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let events = events(&output);
    let outline: Vec<String> = outline(&events);
    assert_eq!(
        outline[..4],
        [
            "09:15:00 meeting_started",
            "10:15:00 meeting_ended",
            // 75 minutes of sitting: the rest break, 30 s after the meeting.
            "10:15:30 break_due",
            "10:20:30 break_due",
        ],
        "{outline:?}"
    );

    // A calendar that cannot be read is an error naming it.
    let broken = sandbox.file("cal/broken.toml", "[meetings]\ncalendars = [\"missing.ics\"]\n");
    let output = sandbox.run(&["--config", path_arg(&broken), "simulate", path_arg(&trace)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("missing.ics"), "{}", stderr(&output));
}

#[test]
fn a_trace_reaching_to_the_year_9999_is_refused_at_its_line() {
    let sandbox = Sandbox::new("far-trace");
    let trace = sandbox.file(
        "far.jsonl",
        "{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"active\"}\n\
         {\"at\":\"9999-12-31T09:00:00+01:00\",\"input\":\"none\"}\n",
    );
    let output = sandbox.run(&["simulate", path_arg(&trace)]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("far.jsonl") && message.contains("line 2") && message.contains("ten years"), "{message}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_long_trace_prints_as_it_goes() {
    let sandbox = Sandbox::new("long-trace");
    let trace = sandbox.file(
        "years.jsonl",
        "{\"at\":\"2020-01-01T09:00:00+01:00\",\"input\":\"active\"}\n\
         {\"at\":\"2029-12-31T09:00:00+01:00\",\"input\":\"none\"}\n",
    );
    // `head` closes the pipe after the first lines; the replay stops there, quietly.
    let mut child = sandbox.command(&["simulate", path_arg(&trace)], "C").stdout(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut first).unwrap();
    assert!(first.contains("\"event\""), "{first}");
    let status = child.wait().unwrap();
    assert!(status.success(), "a closed pipe is not an error: {status:?}");
}
