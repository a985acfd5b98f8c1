//! The first run as a new user meets it, on the real binary in a sandbox: the plain log and its
//! start line, `daemon --detach`, `config edit`, what `interval`, `skip`, `report` and
//! `meetings` say, and the command line in Dutch.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sandbox::{Daemon, Sandbox, wait_for};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Starts the daemon as a user would: no log filter in the environment.
fn start_plain(sandbox: &Sandbox) -> Daemon {
    let child = sandbox
        .command(&[])
        .env_remove("POSTURE_LOG")
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let daemon = Daemon::new(child);
    wait_for("the socket", || std::os::unix::net::UnixStream::connect(sandbox.socket()).is_ok());
    daemon
}

#[test]
fn the_plain_log_has_one_readable_line_per_event() {
    let sandbox = Sandbox::new("plain-log");
    let daemon = start_plain(&sandbox);
    assert!(sandbox.run(&["pause", "1h"]).status.success());
    assert!(sandbox.run(&["resume"]).status.success());
    let log = daemon.stop();
    let lines: Vec<&str> = log.lines().collect();
    let start = lines.iter().position(|l| l.contains("posture is running;")).expect(&log);
    assert!(lines[start].contains("first posture check in 25 min"), "{log}");
    assert!(lines[start].contains("screen lock: none") && lines[start].contains("tray: on"), "{log}");
    for line in &lines {
        assert!(!line.contains("posture::") && !line.contains(" INFO ") && !line.contains('{'), "plain: {line}");
        // Without a desktop and a bus there is no idle monitor, notification server or tray:
        // the warnings a sandbox deserves, and no others.
        if line.contains("warning:") {
            let expected = ["no idle monitor", "no notification server", "no tray icon"];
            assert!(expected.iter().any(|what| line.contains(what)), "{log}");
        }
    }
    assert!(lines.iter().any(|l| l.contains("Paused until ")), "{log}");
    assert!(lines.iter().any(|l| l.ends_with("Resumed")), "{log}");
    assert!(lines.last().unwrap().ends_with("posture stopped."), "{log}");
}

#[test]
fn the_start_line_and_errors_speak_the_configured_language() {
    let sandbox = Sandbox::new("plain-log-nl");
    fs::write(sandbox.config_file(), "language = \"nl\"\n").unwrap();
    let daemon = start_plain(&sandbox);
    let output = sandbox.run(&["snooze", "banaan"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("`banaan` is geen duur; schrijf hem als \"30s\""), "{}", stderr(&output));
    let output = sandbox.run(&["snooze", "25h"]);
    assert!(stderr(&output).contains("hoogstens 24h"), "{}", stderr(&output));
    let log = daemon.stop();
    assert!(log.contains("posture draait; eerste houdingscheck over 25 min"), "{log}");
    assert!(log.contains("schermvergrendeling: geen"), "{log}");
    assert!(log.trim_end().ends_with("posture is gestopt."), "{log}");
}

#[test]
fn detach_returns_once_the_daemon_answers() {
    let sandbox = Sandbox::new("detach");
    let output = sandbox.run(&["daemon", "--detach"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("running in the background") && said.contains("`posture quit`"), "{said}");
    let log = sandbox.root.join("state/posture/daemon.log");
    assert!(said.contains(&log.display().to_string()), "{said}");
    // It answers at once: --detach returned only then.
    let status = sandbox.status();
    let pid = status["pid"].as_u64().unwrap();

    let again = sandbox.run(&["daemon", "--detach"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains(&format!("already running as pid {pid}")), "{}", stderr(&again));

    assert!(sandbox.run(&["quit"]).status.success());
    wait_for("the daemon to stop", || !Path::new(&format!("/proc/{pid}")).exists());
    assert!(fs::read_to_string(&log).unwrap().contains("posture is running;"));
}

#[test]
fn detach_fails_with_the_daemons_error() {
    let sandbox = Sandbox::new("detach-fails");
    // A runtime directory that is a file: the daemon cannot open its socket.
    let not_a_dir = sandbox.root.join("run-file");
    fs::write(&not_a_dir, "").unwrap();
    let output = sandbox.command(&["daemon", "--detach"]).env("XDG_RUNTIME_DIR", &not_a_dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let err = stderr(&output);
    assert!(err.contains("the daemon did not start") && err.contains("Not a directory"), "{err}");
}

/// An editor script: each run takes the next text from `texts` (the last one repeats).
fn editor(sandbox: &Sandbox, texts: &[&str]) -> PathBuf {
    let dir = sandbox.root.join("editor");
    fs::create_dir_all(&dir).unwrap();
    for (i, text) in texts.iter().enumerate() {
        fs::write(dir.join(format!("{i}")), text).unwrap();
    }
    let script = dir.join("edit.sh");
    let last = texts.len() - 1;
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nd={dir}\nn=$(cat $d/count 2>/dev/null || echo 0)\n[ $n -gt {last} ] && n={last}\n\
             cp $d/$n \"$1\"\necho $((n + 1)) > $d/count\n",
            dir = dir.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn edit(sandbox: &Sandbox, editor: &Path, answers: &str) -> Output {
    let mut child = sandbox
        .command(&["config", "edit"])
        .env("EDITOR", editor)
        .env_remove("VISUAL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn config_edit_installs_only_a_valid_file() {
    let sandbox = Sandbox::new("edit");
    let good = "[micro]\nevery = \"20m\"\n";
    let output = edit(&sandbox, &editor(&sandbox, &[good]), "");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains(": ok"), "{}", stdout(&output));
    assert_eq!(fs::read_to_string(sandbox.config_file()).unwrap(), good);

    // A mistake: the located error, the question, and with "n" the file stays as it was.
    fs::remove_file(sandbox.root.join("editor/count")).unwrap();
    let output = edit(&sandbox, &editor(&sandbox, &["[micro]\nevery = \"banaan\"\n"]), "n\n");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("config.toml:2:9: micro.every:") && err.contains("Edit again? [Y/n]"), "{err}");
    assert!(err.contains(".config.editing.toml"), "where the edit is kept: {err}");
    assert_eq!(fs::read_to_string(sandbox.config_file()).unwrap(), good);

    // Editing again fixes it.
    fs::remove_file(sandbox.root.join("editor/count")).unwrap();
    let fixed = "[micro]\nevery = \"15m\"\n";
    let output = edit(&sandbox, &editor(&sandbox, &["[micro]\nevery = 5\n", fixed]), "\n");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(sandbox.config_file()).unwrap(), fixed);
    assert!(!sandbox.root.join("config/posture/.config.editing.toml").exists());
}

#[test]
fn config_edit_starts_from_the_commented_defaults() {
    let sandbox = Sandbox::new("edit-new");
    // An editor that saves what it was given: the defaults with their comments.
    let script = sandbox.root.join("touch.sh");
    fs::write(&script, "#!/bin/sh\necho '# mine' >> \"$1\"\n").unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let output = edit(&sandbox, &script, "");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(sandbox.config_file()).unwrap();
    assert!(text.contains("# The posture check (`micro`)") && text.ends_with("# mine\n"), "{text}");
}

#[test]
fn interval_writes_only_the_changed_key_and_says_where() {
    let sandbox = Sandbox::new("interval");
    let daemon = sandbox.start();
    let output = sandbox.run(&["interval", "micro", "20m"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let file = sandbox.config_file();
    assert_eq!(fs::read_to_string(&file).unwrap(), "[micro]\nevery = \"20m\"\n");
    let said = stdout(&output);
    assert!(said.contains("Posture check every 20 min") && said.contains(&file.display().to_string()), "{said}");
    daemon.stop();
}

#[test]
fn skip_says_what_it_skipped() {
    let sandbox = Sandbox::new("skip");
    let daemon = sandbox.start();
    let output = sandbox.run(&["skip"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("Nothing was due, so the next posture check is skipped"),
        "{}",
        stdout(&output)
    );
    assert!(sandbox.run(&["break"]).status.success());
    let output = sandbox.run(&["skip"]);
    assert!(stdout(&output).starts_with("Movement break skipped\n"), "{}", stdout(&output));
    daemon.stop();
}

#[test]
fn report_writes_to_the_state_directory_by_default() {
    let sandbox = Sandbox::new("report");
    sandbox.start().stop();
    let output = sandbox.run(&["report", "--days", "30"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = sandbox.root.join("state/posture/report.html");
    assert_eq!(stdout(&output), format!("Wrote {}\n", path.display()));
    let html = fs::read_to_string(path).unwrap();
    assert!(html.contains("<h1>Your sitting in the last 30 days</h1>"), "the title follows the span");
}

const ALL_DAY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:off\r\nSUMMARY:Conference\r\nDTSTART;VALUE=DATE:20200106\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn meetings_show_all_day_events_and_say_when_there_are_none() {
    let sandbox = Sandbox::new("meetings-allday");
    fs::write(sandbox.root.join("config/posture/work.ics"), ALL_DAY).unwrap();
    fs::write(sandbox.config_file(), "[meetings]\ncalendars = [\"work.ics\"]\n").unwrap();
    let output = sandbox.command(&["meetings", "--days", "1"]).env("TZ", "UTC").output().unwrap();
    assert!(stdout(&output).contains(" all day      all day     Conference"), "{}", stdout(&output));
    assert!(!stdout(&output).contains("00:00-00:00"));

    fs::write(sandbox.root.join("config/posture/work.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
        .unwrap();
    let output = sandbox.command(&["meetings", "--days", "1"]).env("TZ", "UTC").output().unwrap();
    assert!(output.status.success());
    assert_eq!(stdout(&output), "No events in your calendars today.\n");
    fs::write(sandbox.config_file(), "language = \"nl\"\n[meetings]\ncalendars = [\"work.ics\"]\n").unwrap();
    let output = sandbox.run(&["meetings", "--days", "3"]);
    assert_eq!(stdout(&output), "De komende 3 dagen staat er niets in je agenda's.\n");
}

#[test]
fn help_speaks_dutch_and_config_is_only_where_it_is_read() {
    let sandbox = Sandbox::new("help-nl");
    let help = stdout(&sandbox.command(&["snooze", "--help"]).env("LANG", "nl_NL.UTF-8").output().unwrap());
    assert!(help.contains("Herinneringen uitstellen") && help.contains("Gebruik:"), "{help}");
    assert!(help.contains("bijvoorbeeld 20m") && help.contains("Voorbeeld:\n  posture snooze 20m"), "{help}");
    assert!(!help.contains("--config"), "snooze talks to the daemon: {help}");

    let help = stdout(&sandbox.run(&["simulate", "--help"]));
    let usage = help.lines().find(|l| l.starts_with("Usage:")).unwrap();
    assert!(usage.contains("[TRACE]") && help.contains("--config"), "{help}");
    let help = stdout(&sandbox.run(&["meeting", "start", "--help"]));
    assert!(help.contains("How long the meeting lasts, like 30m"), "{help}");

    let output = sandbox.run(&["--config", "x.toml", "status"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--config is for the daemon"), "{}", stderr(&output));
}

#[test]
fn config_errors_speak_the_locale() {
    let sandbox = Sandbox::new("config-error-nl");
    fs::write(sandbox.config_file(), "[micro]\nevery = \"banaan\"\n").unwrap();
    let output = sandbox.command(&["config", "check"]).env("LANG", "nl_NL.UTF-8").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("config.toml:2:9: micro.every: `banaan` is geen duur; schrijf hem als"), "{err}");
    let output = sandbox.run(&["config", "check"]);
    assert!(stderr(&output).contains("micro.every: `banaan` is not a duration"), "{}", stderr(&output));
}

#[test]
fn client_and_autostart_messages_speak_dutch() {
    let sandbox = Sandbox::new("dutch-messages");
    fs::write(sandbox.config_file(), "language = \"nl\"\n").unwrap();
    let output = sandbox.run(&["status"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("posture: posture draait niet"), "{}", stderr(&output));
    let status =
        stdout(&sandbox.command(&["autostart", "status"]).env("XDG_CONFIG_DIRS", "/nonexistent").output().unwrap());
    assert!(
        status.contains("autostartbestand:    geen") && status.contains("daemon:              draait niet"),
        "{status}"
    );
    let output = sandbox.run(&["autostart", "disable"]);
    assert!(stdout(&output).contains("niets uit te zetten"), "{}", stdout(&output));
}

#[test]
fn an_open_runtime_directory_is_refused_in_the_users_language() {
    let sandbox = Sandbox::new("runtime-nl");
    fs::write(sandbox.config_file(), "language = \"nl\"\n").unwrap();
    let dir = sandbox.root.join("run/posture");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
    let output = sandbox.run(&[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("run/posture: anderen mogen erin schrijven (modus 777); posture gebruikt die niet"), "{err}");
}

#[test]
fn a_file_posture_will_not_read_is_refused_in_the_users_language() {
    let sandbox = Sandbox::new("first-run-fifo");
    let fifo = sandbox.config_file();
    let _ = fs::remove_file(&fifo);
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let output = sandbox.command(&["config", "check"]).env("LANG", "nl_NL.UTF-8").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("config.toml: geen gewoon bestand; posture leest alleen gewone bestanden"), "{said}");
}
