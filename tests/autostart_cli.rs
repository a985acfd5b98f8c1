//! `posture autostart` against a temporary `XDG_CONFIG_HOME`: enable, status and disable,
//! idempotence, a binary whose path has spaces and quotes, a user's own file left alone, and
//! `--systemd` with no `systemctl` (prints the command) or a fake one (records the calls).
//! The real user's systemd is never asked: `PATH` holds only the test's own directory, and
//! `systemctl` is run only for a unit posture wrote in the test's directory.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/tools.rs"]
mod tools;

struct Home {
    root: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let root = std::env::temp_dir().join(format!("posture-autostart-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for dir in ["config", "run", "state", "bin", "etc-xdg"] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        Home { root }
    }

    fn entry(&self) -> PathBuf {
        self.root.join("config/autostart/posture.desktop")
    }

    fn unit(&self) -> PathBuf {
        self.root.join("config/systemd/user/posture.service")
    }

    /// Runs `binary ARGS` with this home's XDG directories and only `bin/` on `PATH`.
    fn run_with(&self, binary: &Path, args: &[&str]) -> Output {
        // A freshly copied binary can be briefly busy: another test thread's fork may still hold
        // the copy's write descriptor until that child execs.
        for _ in 0..100 {
            match self.command(binary, args).output() {
                Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                result => return result.unwrap(),
            }
        }
        panic!("{} stayed busy", binary.display());
    }

    fn command(&self, binary: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(binary);
        command
            .args(args)
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("XDG_CONFIG_DIRS", self.root.join("etc-xdg"))
            .env("XDG_RUNTIME_DIR", self.root.join("run"))
            .env("XDG_STATE_HOME", self.root.join("state"))
            .env("HOME", &self.root)
            .env("PATH", self.root.join("bin"))
            .env_remove("POSTURE_CONFIG")
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(Path::new(env!("CARGO_BIN_EXE_posture")), args)
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}{}", text(&output.stdout), text(&output.stderr));
    text(&output.stdout)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The arguments of an `Exec=` value, decoded as a desktop does: the string escapes first,
/// then the quoting of the Exec key, then `%%`.
fn exec_args(value: &str) -> Vec<String> {
    let mut unescaped = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('s') => unescaped.push(' '),
                Some('n') => unescaped.push('\n'),
                Some('t') => unescaped.push('\t'),
                Some('r') => unescaped.push('\r'),
                Some(other) => unescaped.push(other),
                None => panic!("a trailing backslash in {value}"),
            }
        } else {
            unescaped.push(c);
        }
    }
    let (mut args, mut current, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    let mut chars = unescaped.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            '\\' if quoted => current.push(chars.next().expect("an escaped character")),
            ' ' if !quoted => {
                if started {
                    args.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    assert!(!quoted, "an unterminated quote in {value}");
    if started {
        args.push(current);
    }
    args.into_iter().map(|arg| arg.replace("%%", "%")).collect()
}

fn key<'a>(content: &'a str, name: &str) -> &'a str {
    content
        .lines()
        .find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {name}= in\n{content}"))
}

#[test]
fn enable_status_disable_round_trip_and_idempotence() {
    let home = Home::new("roundtrip");
    let first = stdout(&home.run(&["autostart", "enable"]));
    assert!(first.contains("Wrote"), "{first}");
    let content = fs::read_to_string(home.entry()).unwrap();
    assert_eq!(exec_args(key(&content, "Exec")), [env!("CARGO_BIN_EXE_posture"), "daemon"]);
    assert!(content.contains("X-GNOME-Autostart-enabled=true"));

    let again = stdout(&home.run(&["autostart", "enable"]));
    assert!(again.contains("already enabled"), "{again}");
    assert_eq!(fs::read_to_string(home.entry()).unwrap(), content, "a second enable changes nothing");

    let status = stdout(&home.run(&["autostart", "status"]));
    assert!(status.contains(&home.entry().display().to_string()), "{status}");
    assert!(status.contains("written by posture"), "{status}");
    assert!(status.contains("systemd unit:     none"), "{status}");
    assert!(status.contains("daemon:           not running"), "{status}");

    let disabled = stdout(&home.run(&["autostart", "disable"]));
    assert!(disabled.contains("removed"), "{disabled}");
    assert!(!home.entry().exists());
    assert!(home.root.join("config/autostart").is_dir(), "disable removes the file, not the folder");

    let again = stdout(&home.run(&["autostart", "disable"]));
    assert!(again.contains("nothing to disable"), "{again}");
    let status = stdout(&home.run(&["autostart", "status"]));
    assert!(status.contains("autostart entry:  none"), "{status}");
}

#[test]
fn a_binary_path_with_spaces_quotes_and_percent_runs_from_the_entry() {
    let home = Home::new("spaces");
    let dir = home.root.join("my apps/it's \"100%\" $HOME back\\slash");
    fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("posture");
    fs::copy(env!("CARGO_BIN_EXE_posture"), &binary).unwrap();

    stdout(&home.run_with(&binary, &["autostart", "enable"]));
    let content = fs::read_to_string(home.entry()).unwrap();
    let args = exec_args(key(&content, "Exec"));
    assert_eq!(args, [binary.to_str().unwrap(), "daemon"], "Exec={}", key(&content, "Exec"));
    assert_eq!(key(&content, "TryExec").replace("\\\\", "\\"), binary.to_str().unwrap());

    // What a desktop would run: the decoded program, here asked for its version.
    let output = home.run_with(Path::new(&args[0]), &["--version"]);
    assert!(text(&output.stdout).starts_with("posture "), "{output:?}");

    if tools::present("desktop-file-validate", "desktop-file-utils") {
        let check = Command::new("desktop-file-validate").arg(home.entry()).output().unwrap();
        let said = format!("{}{}", text(&check.stdout), text(&check.stderr));
        assert!(check.status.success() && said.trim().is_empty(), "desktop-file-validate: {said}");
    }
}

#[test]
fn a_users_own_entry_is_left_alone() {
    let home = Home::new("theirs");
    let own = "[Desktop Entry]\nType=Application\nName=mine\nExec=posture --config /x daemon\n";
    fs::create_dir_all(home.entry().parent().unwrap()).unwrap();
    fs::write(home.entry(), own).unwrap();

    let enable = home.run(&["autostart", "enable"]);
    assert_eq!(enable.status.code(), Some(1), "enable cannot install over the user's file");
    assert!(text(&enable.stdout).contains("left"), "{}", text(&enable.stdout));
    let disable = stdout(&home.run(&["autostart", "disable"]));
    assert!(disable.contains("posture did not write it"), "{disable}");
    assert_eq!(fs::read_to_string(home.entry()).unwrap(), own);
    let status = stdout(&home.run(&["autostart", "status"]));
    assert!(status.contains("your own file"), "{status}");
}

#[test]
fn disable_hides_a_system_wide_entry_and_enable_replaces_the_override() {
    let home = Home::new("system");
    let system = home.root.join("etc-xdg/autostart/posture.desktop");
    fs::create_dir_all(system.parent().unwrap()).unwrap();
    fs::write(&system, include_str!("../packaging/linux/posture-autostart.desktop")).unwrap();

    let status = stdout(&home.run(&["autostart", "status"]));
    assert!(status.contains(&format!("system-wide entry: {}", system.display())), "{status}");

    stdout(&home.run(&["autostart", "disable"]));
    let hidden = fs::read_to_string(home.entry()).unwrap();
    assert_eq!(key(&hidden, "Hidden"), "true");
    let again = stdout(&home.run(&["autostart", "disable"]));
    assert!(again.contains("already hides"), "{again}");
    assert_eq!(fs::read_to_string(home.entry()).unwrap(), hidden);

    stdout(&home.run(&["autostart", "enable"]));
    let enabled = fs::read_to_string(home.entry()).unwrap();
    assert!(!enabled.contains("Hidden"), "{enabled}");
    assert_eq!(fs::read_to_string(&system).unwrap(), include_str!("../packaging/linux/posture-autostart.desktop"));
}

#[test]
fn systemd_without_systemctl_writes_the_unit_and_prints_the_command() {
    let home = Home::new("nosystemctl");
    let out = stdout(&home.run(&["autostart", "enable", "--systemd"]));
    assert!(out.contains("systemctl --user daemon-reload && systemctl --user enable posture.service"), "{out}");
    let unit = fs::read_to_string(home.unit()).unwrap();
    assert_eq!(key(&unit, "ExecStart"), format!("{} daemon", env!("CARGO_BIN_EXE_posture")));
    for line in [
        "PartOf=graphical-session.target",
        "WantedBy=graphical-session.target",
        "Restart=on-failure",
        "RestartPreventExitStatus=1",
    ] {
        assert!(unit.lines().any(|l| l == line), "{line} missing:\n{unit}");
    }
    assert!(!home.entry().exists(), "one way at a time");

    let again = stdout(&home.run(&["autostart", "enable", "--systemd"]));
    assert!(again.contains("already enabled"), "{again}");
    stdout(&home.run(&["autostart", "disable"]));
    assert!(!home.unit().exists());
    assert!(home.root.join("config/systemd/user").is_dir(), "disable removes the file, not the folder");
}

#[test]
fn systemd_with_systemctl_enables_the_unit_and_switching_back_disables_it() {
    let home = Home::new("systemctl");
    let log = home.root.join("systemctl.log");
    let fake = home.root.join("bin/systemctl");
    fs::write(
        &fake,
        format!("#!/bin/sh\necho \"$*\" >> '{}'\n[ \"$2\" = is-enabled ] && echo enabled\nexit 0\n", log.display()),
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();

    let out = stdout(&home.run(&["autostart", "enable", "--systemd"]));
    assert!(out.contains("enabled posture.service"), "{out}");
    let status = stdout(&home.run(&["autostart", "status"]));
    assert!(status.contains("(written by posture), enabled"), "{status}");
    // Back to the XDG entry: the unit is disabled and removed.
    stdout(&home.run(&["autostart", "enable"]));
    assert!(!home.unit().exists());
    assert!(home.entry().exists());
    let calls = fs::read_to_string(&log).unwrap();
    assert_eq!(
        calls.lines().collect::<Vec<_>>(),
        [
            "--user daemon-reload",
            "--user enable posture.service",
            "--user is-enabled posture.service",
            "--user disable posture.service",
            "--user daemon-reload",
        ]
    );
}

#[test]
fn status_says_the_daemon_runs() {
    let sandbox = sandbox::Sandbox::new("autostart-status");
    let daemon = sandbox.start();
    let output = sandbox
        .command(&["autostart", "status"])
        .env("XDG_CONFIG_DIRS", sandbox.root.join("no-system-entries"))
        .output()
        .unwrap();
    let status = stdout(&output);
    assert!(status.contains("daemon:           running"), "{status}");
    assert!(status.contains("autostart entry:  none"), "{status}");
    daemon.stop();
}

#[test]
fn systemd_accepts_the_unit_for_a_path_with_spaces_percent_and_dollar() {
    let home = Home::new("unitpath");
    let dir = home.root.join("my apps/100% $HOME");
    fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("posture");
    fs::copy(env!("CARGO_BIN_EXE_posture"), &binary).unwrap();
    stdout(&home.run_with(&binary, &["autostart", "enable", "--systemd"]));
    if !tools::present("systemd-analyze", "systemd") {
        return;
    }
    // systemd's own parser: it resolves the quoting and checks that the program exists. Only
    // systemd's targets and this unit are on the unit path: the desktop's own user units are
    // not this test's business (mako's and swaync's both claim the notification bus name,
    // which verify reports about every unit).
    let targets = home.root.join("targets");
    fs::create_dir_all(&targets).unwrap();
    for entry in fs::read_dir("/usr/lib/systemd/user").unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "target") {
            std::os::unix::fs::symlink(entry.path(), targets.join(entry.file_name())).unwrap();
        }
    }
    let unit_path = format!("{}:{}", home.unit().parent().unwrap().display(), targets.display());
    let output = Command::new("systemd-analyze")
        .args(["--user", "verify", "--man=no"])
        .arg(home.unit())
        .env("XDG_RUNTIME_DIR", home.root.join("run"))
        .env("SYSTEMD_UNIT_PATH", unit_path)
        .output()
        .unwrap();
    let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(output.status.success() && said.trim().is_empty(), "systemd-analyze verify: {said}");
}

#[test]
fn systemd_refuses_a_path_it_cannot_start_and_keeps_the_entry() {
    let home = Home::new("unitrefused");
    let dir = home.root.join("it's");
    fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("posture");
    fs::copy(env!("CARGO_BIN_EXE_posture"), &binary).unwrap();
    stdout(&home.run_with(&binary, &["autostart", "enable"]));
    let output = home.run_with(&binary, &["autostart", "enable", "--systemd"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("without --systemd"), "{}", text(&output.stderr));
    assert!(home.entry().exists() && !home.unit().exists());
}

#[test]
fn enable_blocked_by_a_users_file_keeps_the_other_way_installed() {
    let home = Home::new("blocked");
    stdout(&home.run(&["autostart", "enable", "--systemd"]));
    fs::create_dir_all(home.entry().parent().unwrap()).unwrap();
    fs::write(home.entry(), "[Desktop Entry]\nType=Application\nName=mine\nExec=true\n").unwrap();
    let output = home.run(&["autostart", "enable"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(home.unit().exists(), "the unit stays when the entry cannot be written");
}
