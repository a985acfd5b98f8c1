//! End-to-end tests of `posture config` (the real binary) and of `load::config::load`,
//! with the configuration directory pointed into a scratch directory so the user's own files
//! are never touched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use posture::core::config::ConfigError;
use posture::load::config::load;

const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// A scratch XDG_CONFIG_HOME and HOME for one test.
struct Sandbox {
    root: PathBuf,
    xdg: PathBuf,
    home: PathBuf,
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("config_cli").join(name);
        // Left over from an earlier run; start clean.
        let _ = fs::remove_dir_all(&root);
        let xdg = root.join("xdg");
        let home = root.join("home");
        fs::create_dir_all(&xdg).unwrap();
        fs::create_dir_all(&home).unwrap();
        Sandbox { root, xdg, home }
    }

    fn default_path(&self) -> PathBuf {
        self.xdg.join("posture").join("config.toml")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_posture"));
        command
            .args(args)
            .env("XDG_CONFIG_HOME", &self.xdg)
            .env("HOME", &self.home)
            .env_remove("POSTURE_CONFIG")
            .env_remove("POSTURE_LOG");
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        run(&mut self.command(args))
    }

    fn write(&self, path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("the posture binary runs");
    Output {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn init_prints_the_commented_defaults() {
    let sandbox = Sandbox::new("init_prints");
    let out = sandbox.run(&["config", "init"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, DEFAULT_TOML);
    assert!(!sandbox.default_path().exists(), "plain init writes nothing");
}

#[test]
fn init_write_creates_the_file_once() {
    let sandbox = Sandbox::new("init_write");
    let path = sandbox.default_path();
    let out = sandbox.run(&["config", "init", "--write"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, format!("Wrote {}\n", show(&path)));
    assert_eq!(fs::read_to_string(&path).unwrap(), DEFAULT_TOML);

    fs::write(&path, "language = \"nl\"\n").unwrap();
    let again = sandbox.run(&["config", "init", "--write"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains(&show(&path)), "{}", again.stderr);
    assert!(again.stderr.contains("bestaat al"), "in the configured language: {}", again.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), "language = \"nl\"\n");
}

#[test]
fn written_defaults_check_ok() {
    let sandbox = Sandbox::new("check_written");
    assert_eq!(sandbox.run(&["config", "init", "--write"]).code, 0);
    let out = sandbox.run(&["config", "check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, format!("{}: ok\n", show(&sandbox.default_path())));
}

#[test]
fn check_reports_a_located_error() {
    let sandbox = Sandbox::new("check_error");
    let path = sandbox.default_path();
    sandbox.write(&path, "language = \"en\"\n[micro]\nevery = \"-5m\"\n");
    let out = sandbox.run(&["config", "check"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let expected = [
        &format!("{}:3:9: micro.every: durations cannot be negative", show(&path)),
        "  |",
        "3 | every = \"-5m\"",
        "  |         ^^^^^",
        "",
    ];
    assert_eq!(out.stderr, expected.join("\n"));
}

#[test]
fn check_a_named_file() {
    let sandbox = Sandbox::new("check_named");
    let good = sandbox.root.join("good.toml");
    let bad = sandbox.root.join("bad.toml");
    sandbox.write(&good, "[schedule]\nhours = \"22:00-06:00\"\n");
    sandbox.write(&bad, "[schedule]\ndays = [\"mon\", \"funday\"]\n");

    let out = sandbox.run(&["config", "check", &show(&good)]);
    assert_eq!((out.code, out.stdout), (0, format!("{}: ok\n", show(&good))));

    let out = sandbox.run(&["config", "check", &show(&bad)]);
    assert_eq!(out.code, 1);
    let location = format!("{}:2:16: schedule.days: unknown day `funday`", show(&bad));
    assert!(out.stderr.starts_with(&location), "{}", out.stderr);
}

/// A fresh install has no config file, and the defaults are fine: not an error. A file named
/// on purpose that is not there is one.
#[test]
fn check_a_missing_file() {
    let sandbox = Sandbox::new("check_missing");
    let out = sandbox.run(&["config", "check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(&show(&sandbox.default_path())), "{}", out.stdout);
    assert!(out.stdout.contains("the built-in defaults apply"), "{}", out.stdout);
    let missing = sandbox.default_path().with_file_name("other.toml");
    let out = sandbox.run(&["--config", &show(&missing), "config", "check"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
}

#[test]
fn path_under_xdg_config_home() {
    let sandbox = Sandbox::new("path_xdg");
    let path = sandbox.default_path();
    let out = sandbox.run(&["config", "path"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, format!("{}\n", show(&path)));
    assert_eq!(out.stderr, "(does not exist yet; `posture config init --write` creates it)\n");

    sandbox.write(&path, "");
    let out = sandbox.run(&["config", "path"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

#[test]
fn path_falls_back_to_home() {
    let sandbox = Sandbox::new("path_home");
    let expected = format!("{}\n", show(&sandbox.home.join(".config/posture/config.toml")));
    let out = run(sandbox.command(&["config", "path"]).env_remove("XDG_CONFIG_HOME"));
    assert_eq!(out.stdout, expected);
    // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    let out = run(sandbox.command(&["config", "path"]).env("XDG_CONFIG_HOME", "relative/dir"));
    assert_eq!(out.stdout, expected);
}

#[test]
fn posture_config_overrides_the_default_path() {
    let sandbox = Sandbox::new("env_override");
    let path = sandbox.root.join("elsewhere").join("posture.toml");
    let with_env = |args: &[&str]| run(sandbox.command(args).env("POSTURE_CONFIG", &path));

    assert_eq!(with_env(&["config", "path"]).stdout, format!("{}\n", show(&path)));
    let out = with_env(&["config", "init", "--write"]);
    assert_eq!(out.stdout, format!("Wrote {}\n", show(&path)));
    assert_eq!(fs::read_to_string(&path).unwrap(), DEFAULT_TOML);
    assert!(!sandbox.default_path().exists());

    fs::write(&path, "[rest]\nevery = \"1h\"\nduration = \"2h\"\n").unwrap();
    let out = with_env(&["config", "check"]);
    assert_eq!(out.code, 1);
    let location = format!("{}:3:12: rest.duration:", show(&path));
    assert!(out.stderr.starts_with(&location), "{}", out.stderr);
}

#[test]
fn config_flag_beats_the_environment() {
    let sandbox = Sandbox::new("flag_override");
    let from_flag = sandbox.root.join("flag.toml");
    let from_env = sandbox.root.join("env.toml");
    let out = run(sandbox.command(&["config", "path", "--config", &show(&from_flag)]).env("POSTURE_CONFIG", &from_env));
    assert_eq!(out.stdout, format!("{}\n", show(&from_flag)));

    // Global flag, so it may also come before the subcommand.
    let out = sandbox.run(&["--config", &show(&from_flag), "config", "check"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains(&show(&from_flag)), "{}", out.stderr);
}

#[test]
fn load_takes_extra_tips_from_the_config_directory() {
    let sandbox = Sandbox::new("load_extra");
    let path = sandbox.root.join("conf").join("posture.toml");
    sandbox.write(&path, "[tips]\nextra_file = \"mine/tips.toml\"\n");
    let loaded = load(Some(&path)).unwrap();
    assert!(loaded.exists);
    assert_eq!(loaded.path, path);
    assert_eq!(loaded.config.extra_tips, Some(sandbox.root.join("conf").join("mine").join("tips.toml")));
}

#[test]
fn load_of_a_missing_named_file_fails() {
    let sandbox = Sandbox::new("load_missing");
    let path = sandbox.root.join("absent.toml");
    let err = load(Some(&path)).unwrap_err();
    assert!(err.to_string().contains(&show(&path)), "{err}");
}

#[test]
fn load_passes_on_the_located_error() {
    let sandbox = Sandbox::new("load_error");
    let path = sandbox.root.join("posture.toml");
    sandbox.write(&path, "[reminders]\nsnooze = 10\n");
    let err = load(Some(&path)).unwrap_err();
    let err = err.downcast_ref::<ConfigError>().expect("a ConfigError");
    assert_eq!(err.origin, show(&path));
    assert_eq!((err.line, err.column), (2, 10));
    assert_eq!(err.key.as_deref(), Some("reminders.snooze"));
}
