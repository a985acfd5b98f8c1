//! `posture autostart enable [--systemd] | disable | status`: start the daemon at every
//! graphical login, or stop doing so.
//!
//! On Linux and the BSDs there are two ways, and at most one of posture's own is installed:
//! - an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/posture.desktop`, which every desktop
//!   (GNOME, KDE, Xfce, …) and systemd's autostart generator run at login;
//! - with `--systemd`, a user unit `$XDG_CONFIG_HOME/systemd/user/posture.service` bound to
//!   `graphical-session.target`, enabled through `systemctl --user`.
//!
//! Files posture writes carry `X-Posture-Generated=true`, so `disable` removes what `enable`
//! wrote and leaves a file the user wrote alone. The package installs a system-wide entry in
//! `/etc/xdg/autostart/`; a user opts out of it with a user entry of the same name saying
//! `Hidden=true`, which `disable` writes (marked, so `enable` replaces it).
//!
//! macOS (a LaunchAgent) and Windows (a Run key) live behind `cfg` in submodules and are
//! unverified: the daemon itself does not run there yet.

#[cfg(target_os = "macos")]
mod macos;
#[cfg(windows)]
mod windows;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::AutostartCommand;
use crate::control::client::{self, ClientError};
use crate::core::Lang;
use crate::core::config::Language;
use crate::core::text::{self, AutostartKind, FileAction, Message, Step, render};
use crate::load::{Failed, Failing};

/// The line that marks a file as written by `posture autostart`.
const MARKER: &str = "X-Posture-Generated=true";
const UNIT_NAME: &str = "posture.service";
const ENTRY_NAME: &str = "posture.desktop";

/// Runs an autostart subcommand; `config` is passed on to the daemon started at login.
pub fn run(config: Option<&Path>, cmd: AutostartCommand) -> anyhow::Result<ExitCode> {
    let args = daemon_args(config)?;
    platform_run(cmd, &args)
}

/// The command line that starts the daemon: this binary's absolute path, the `--config` given
/// now (made absolute, since login runs elsewhere), and `daemon`.
fn daemon_args(config: Option<&Path>) -> anyhow::Result<Vec<String>> {
    let exe = std::env::current_exe().failed(Message::StepFailed { step: Step::FindProgram })?;
    let mut args = vec![path_string(&exe)?];
    if let Some(config) = config {
        let config = std::path::absolute(config).file(FileAction::MakeAbsolute, config)?;
        args.extend(["--config".to_string(), path_string(&config)?]);
    }
    args.push("daemon".to_string());
    Ok(args)
}

fn path_string(path: &Path) -> anyhow::Result<String> {
    Ok(path.to_str().map(str::to_string).file(FileAction::PathNotUtf8, path)?)
}

#[cfg(target_os = "macos")]
fn platform_run(cmd: AutostartCommand, args: &[String]) -> anyhow::Result<ExitCode> {
    macos::run(cmd, args)
}

#[cfg(windows)]
fn platform_run(cmd: AutostartCommand, args: &[String]) -> anyhow::Result<ExitCode> {
    windows::run(cmd, args)
}

#[cfg(not(any(target_os = "macos", windows)))]
fn platform_run(cmd: AutostartCommand, args: &[String]) -> anyhow::Result<ExitCode> {
    let places = Places::from_env()?;
    let mut ok = true;
    match cmd {
        // One way at a time; the other is removed only once the new one is in place.
        AutostartCommand::Enable { systemd: false } => {
            ok = places.install_entry(args)?;
            if ok {
                places.remove_unit()?;
            }
        }
        AutostartCommand::Enable { systemd: true } => {
            ok = places.install_unit(&systemd_command_line(args)?)?;
            if ok {
                places.remove_entry()?;
            }
        }
        AutostartCommand::Disable => {
            let entry = places.remove_entry()?;
            let unit = places.remove_unit()?;
            if !entry && !unit {
                say(&Message::AutostartNothingToDisable);
            }
        }
        AutostartCommand::Status => places.status(),
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Where the autostart files of this user and of the system live.
struct Places {
    /// `$XDG_CONFIG_HOME/autostart/posture.desktop`.
    entry: PathBuf,
    /// `$XDG_CONFIG_HOME/systemd/user/posture.service`.
    unit: PathBuf,
    /// The link `systemctl --user enable` makes for the unit.
    wants_link: PathBuf,
    /// A system-wide entry in `$XDG_CONFIG_DIRS` (the package's), if one exists.
    system_entry: Option<PathBuf>,
}

/// What is at a path posture might have written.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Nothing,
    /// Written by posture, with this content.
    Ours(String),
    /// Written by someone else: never touched.
    Theirs,
}

impl Places {
    fn from_env() -> anyhow::Result<Places> {
        let config_home = crate::paths::config_home()?;
        let config_dirs = std::env::var("XDG_CONFIG_DIRS").ok().filter(|dirs| !dirs.is_empty());
        let system_entry = config_dirs
            .as_deref()
            .unwrap_or("/etc/xdg")
            .split(':')
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
            .map(|dir| dir.join("autostart").join(ENTRY_NAME))
            .find(|path| path.is_file());
        let unit_dir = config_home.join("systemd/user");
        Ok(Places {
            entry: config_home.join("autostart").join(ENTRY_NAME),
            wants_link: unit_dir.join("graphical-session.target.wants").join(UNIT_NAME),
            unit: unit_dir.join(UNIT_NAME),
            system_entry,
        })
    }

    /// Writes the XDG entry; false if the user's own file is in the way.
    fn install_entry(&self, args: &[String]) -> anyhow::Result<bool> {
        install(&self.entry, &desktop_entry(args, true), AutostartKind::Entry)
    }

    /// Makes sure no entry of posture's starts it: removes ours, and hides the system-wide
    /// one. True if there was something of posture's to change.
    fn remove_entry(&self) -> anyhow::Result<bool> {
        let found = find(&self.entry)?;
        match (&found, &self.system_entry) {
            (Found::Theirs, _) => {
                say(&Message::AutostartLeftAlone { path: shown(&self.entry), instead: None });
                Ok(false)
            }
            (_, Some(system)) => {
                let hidden = hidden_entry();
                if found == Found::Ours(hidden.clone()) {
                    say(&Message::AutostartHides { entry: shown(&self.entry), system: shown(system), already: true });
                    return Ok(true);
                }
                write(&self.entry, &hidden)?;
                say(&Message::AutostartHides { entry: shown(&self.entry), system: shown(system), already: false });
                Ok(true)
            }
            (Found::Ours(_), None) => {
                remove(&self.entry)?;
                say(&Message::Removed { path: shown(&self.entry) });
                Ok(true)
            }
            (Found::Nothing, None) => Ok(false),
        }
    }

    /// Writes and enables the systemd unit; false if the user's own unit is in the way.
    fn install_unit(&self, exec_start: &str) -> anyhow::Result<bool> {
        if !install(&self.unit, &systemd_unit(exec_start, true), AutostartKind::Unit)? {
            return Ok(false);
        }
        match systemctl(&["daemon-reload"]).and_then(|()| systemctl(&["enable", UNIT_NAME])) {
            Ok(()) => say(&Message::UnitEnabled { unit: UNIT_NAME.into() }),
            Err(reason) => {
                let run = format!("systemctl --user daemon-reload && systemctl --user enable {UNIT_NAME}");
                say(&Message::SystemctlUnusable { reason, run });
            }
        }
        Ok(true)
    }

    /// Disables and removes posture's unit. True if there was one.
    fn remove_unit(&self) -> anyhow::Result<bool> {
        match find(&self.unit)? {
            Found::Nothing => Ok(false),
            Found::Theirs => {
                say(&Message::AutostartLeftAlone { path: shown(&self.unit), instead: None });
                Ok(false)
            }
            Found::Ours(_) => {
                let disabled = systemctl(&["disable", UNIT_NAME]);
                // The link `enable` made; systemctl removes it, but not when it is missing.
                if std::fs::read_link(&self.wants_link).is_ok_and(|target| target == self.unit) {
                    remove(&self.wants_link)?;
                }
                remove(&self.unit)?;
                say(&Message::Removed { path: shown(&self.unit) });
                match disabled.and_then(|()| systemctl(&["daemon-reload"])) {
                    Ok(()) => {}
                    Err(reason) => {
                        say(&Message::SystemctlUnusable { reason, run: "systemctl --user daemon-reload".into() })
                    }
                }
                Ok(true)
            }
        }
    }

    fn status(&self) {
        let lang = lang();
        let w = text::autostart_words(lang);
        let entry = match find(&self.entry) {
            Ok(Found::Nothing) => w.none.to_string(),
            Ok(Found::Ours(content)) if content == hidden_entry() => format!("{} ({})", self.entry.display(), w.hides),
            Ok(Found::Ours(content)) => {
                let exec = content.lines().find_map(|line| line.strip_prefix("Exec=")).unwrap_or("?");
                format!("{} ({}), Exec={exec}", self.entry.display(), w.ours)
            }
            Ok(Found::Theirs) => format!("{} ({})", self.entry.display(), w.theirs),
            Err(e) => format!("{} {}: {e:#}", self.entry.display(), w.unreadable),
        };
        println!("{}{entry}", w.entry);
        if let Some(system) = &self.system_entry {
            println!("{}{}", w.system, system.display());
        }
        let unit = match find(&self.unit) {
            Ok(Found::Nothing) => w.none.to_string(),
            Ok(found) => {
                let owner = if matches!(found, Found::Ours(_)) { w.ours } else { w.own_file };
                let enabled = systemctl_output(&["is-enabled", UNIT_NAME])
                    .unwrap_or_else(|reason| format!("{}: {reason}", w.no_systemctl));
                format!("{} ({owner}), {enabled}", self.unit.display())
            }
            Err(e) => format!("{} {}: {e:#}", self.unit.display(), w.unreadable),
        };
        println!("{}{unit}", w.unit);
        let daemon = match client::request("status") {
            Ok(_) => w.running.to_string(),
            Err(ClientError::NotRunning(_)) => w.not_running.to_string(),
            Err(e) => format!("{} ({})", w.unknown, crate::load::config::client_error_text(&e, lang)),
        };
        println!("{}{daemon}", w.daemon);
    }
}

/// Prints one message in the configured language.
fn say(msg: &Message) {
    println!("{}", render(lang(), msg));
}

/// The language of the configuration at the default path, else the locale's.
fn lang() -> Lang {
    let language = crate::load::config::load(None).map_or(Language::Auto, |loaded| loaded.config.language);
    crate::load::resolve_lang(language, None)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Writes `content` at `path` unless the user's own file is there. False if it is.
fn install(path: &Path, content: &str, what: AutostartKind) -> anyhow::Result<bool> {
    match find(path)? {
        Found::Theirs => {
            say(&Message::AutostartLeftAlone { path: shown(path), instead: Some(what) });
            Ok(false)
        }
        Found::Ours(existing) if existing == content => {
            say(&Message::AlreadyEnabled { path: shown(path) });
            Ok(true)
        }
        _ => {
            write(path, content)?;
            say(&Message::Wrote { path: shown(path) });
            Ok(true)
        }
    }
}

fn find(path: &Path) -> anyhow::Result<Found> {
    match std::fs::read_to_string(path) {
        Ok(content) if content.lines().any(|line| line.trim() == MARKER) => Ok(Found::Ours(content)),
        Ok(_) => Ok(Found::Theirs),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Found::Nothing),
        Err(e) => Err(e).file(FileAction::Read, path).map_err(Into::into),
    }
}

fn write(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).file(FileAction::CreateDir, dir)?;
    }
    Ok(std::fs::write(path, content).file(FileAction::Write, path)?)
}

fn remove(path: &Path) -> anyhow::Result<()> {
    Ok(std::fs::remove_file(path).file(FileAction::Remove, path)?)
}

/// Runs `systemctl --user ARGS`; the error says why it could not.
fn systemctl(args: &[&str]) -> Result<(), String> {
    systemctl_output(args).map(drop)
}

fn systemctl_output(args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new("systemctl")
        .arg("--user")
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run systemctl: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_string();
    // `is-enabled` exits 1 for "disabled", which is an answer, not a failure.
    if output.status.success() || (args.first() == Some(&"is-enabled") && !stdout.is_empty()) {
        Ok(stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

/// The autostart entry that runs `args`. `generated` adds posture's marker; the package's
/// system-wide copy (`packaging/linux/posture-autostart.desktop`) has none. `TryExec` makes
/// desktops skip the entry once the binary is gone (the package removed, the entry kept).
pub fn desktop_entry(args: &[String], generated: bool) -> String {
    let exec = args.iter().map(|arg| desktop_exec_arg(arg)).collect::<Vec<_>>().join(" ");
    let mut entry = format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=posture\n\
         Comment=Posture-break reminders from your real sitting time\n\
         Comment[nl]=Houdingspauzes op basis van je echte zittijd\n\
         TryExec={}\n\
         Exec={}\n\
         Icon=posture\n\
         Terminal=false\n\
         NoDisplay=true\n\
         X-GNOME-Autostart-enabled=true\n",
        desktop_value(&args[0]),
        desktop_value(&exec)
    );
    if generated {
        entry.push_str(MARKER);
        entry.push('\n');
    }
    entry
}

/// A user entry that hides the system-wide one: the XDG way to opt out of it.
fn hidden_entry() -> String {
    format!("[Desktop Entry]\nType=Application\nName=posture\nHidden=true\n{MARKER}\n")
}

/// One `Exec=` argument, quoted as the Desktop Entry spec asks: an argument with a reserved
/// character goes in double quotes, where `"`, `` ` ``, `$` and `\` take a backslash; a
/// literal `%` is `%%` (field codes).
fn desktop_exec_arg(arg: &str) -> String {
    const RESERVED: &[char] =
        &[' ', '\t', '\n', '"', '\'', '\\', '>', '<', '~', '|', '&', ';', '$', '*', '?', '#', '(', ')', '`'];
    let quoted = if arg.is_empty() || arg.contains(RESERVED) {
        let mut quoted = String::from("\"");
        for c in arg.chars() {
            if matches!(c, '"' | '`' | '$' | '\\') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        quoted
    } else {
        arg.to_string()
    };
    quoted.replace('%', "%%")
}

/// A string value as the Desktop Entry spec escapes it: `\` and control characters. This is
/// applied after the `Exec=` quoting, which is why a backslash in a path ends up as four.
fn desktop_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// `ExecStart=` for `args`, quoted as systemd splits it: double quotes around an argument with
/// whitespace, quotes, `\` or `;`, C escapes inside, `%%` for specifiers and, in arguments,
/// `$$` for `$` (the executable's path is not searched for variables). systemd refuses an
/// executable path with quotes, backslashes or control characters, however quoted.
fn systemd_command_line(args: &[String]) -> anyhow::Result<String> {
    let (program, rest) = args.split_first().failed(Message::StepFailed { step: Step::NoProgram })?;
    if program.contains(|c: char| c.is_control() || "\"'\\".contains(c)) {
        return Err(Failed { message: Message::SystemdPathUnusable { program: program.clone() }, source: None }.into());
    }
    let mut line = systemd_word(program).replace('%', "%%");
    for arg in rest {
        line.push(' ');
        line.push_str(&systemd_word(arg).replace('%', "%%").replace('$', "$$"));
    }
    Ok(line)
}

/// One word of a systemd command line, in double quotes when it needs them.
fn systemd_word(word: &str) -> String {
    if !word.is_empty() && !word.contains(|c: char| c.is_whitespace() || "\"'\\;".contains(c)) {
        return word.to_string();
    }
    let mut quoted = String::from("\"");
    for c in word.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The systemd user unit. `generated` adds posture's marker; the package's copy
/// (`packaging/linux/posture.service`) has none.
///
/// posture exits 1 only when it cannot run at all: another daemon of the user runs, or the
/// runtime directory is not usable. Restarting would not help, so 1 stops restarts; a crash
/// (a signal, a panic's 101) restarts, at most 5 times in 10 minutes. A bad configuration is
/// not fatal: the daemon starts on defaults and reports it.
pub fn systemd_unit(exec_start: &str, generated: bool) -> String {
    let marker = if generated { format!("{MARKER}\n") } else { String::new() };
    format!(
        "[Unit]\n\
         Description=posture: posture-break reminders\n\
         Documentation=man:posture(1)\n\
         PartOf=graphical-session.target\n\
         After=graphical-session.target\n\
         StartLimitIntervalSec=10min\n\
         StartLimitBurst=5\n\
         {marker}\n\
         [Service]\n\
         Type=simple\n\
         ExecStart={exec_start}\n\
         Restart=on-failure\n\
         RestartSec=5s\n\
         # 1: posture cannot run (another daemon of yours runs); restarting would not help.\n\
         RestartPreventExitStatus=1\n\
         \n\
         [Install]\n\
         WantedBy=graphical-session.target\n"
    )
}

/// The macOS LaunchAgent that runs `args` at login. Rendered on every platform so the
/// checked-in `packaging/macos/` copy is compared with it by a test.
pub fn launch_agent_plist(args: &[String]) -> String {
    let program_arguments: String =
        args.iter().map(|arg| format!("        <string>{}</string>\n", text::escape_markup(arg))).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n\
         <dict>\n\
         \x20   <key>Label</key>\n\
         \x20   <string>io.github.posture.Posture</string>\n\
         \x20   <key>ProgramArguments</key>\n\
         \x20   <array>\n\
         {program_arguments}\
         \x20   </array>\n\
         \x20   <key>RunAtLoad</key>\n\
         \x20   <true/>\n\
         \x20   <key>KeepAlive</key>\n\
         \x20   <dict>\n\
         \x20       <key>SuccessfulExit</key>\n\
         \x20       <false/>\n\
         \x20   </dict>\n\
         \x20   <key>ProcessType</key>\n\
         \x20   <string>Interactive</string>\n\
         </dict>\n\
         </plist>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plain_paths_stay_unquoted() {
        assert_eq!(desktop_exec_arg("/usr/bin/posture"), "/usr/bin/posture");
        assert_eq!(systemd_command_line(&args(&["/usr/bin/posture", "daemon"])).unwrap(), "/usr/bin/posture daemon");
    }

    #[test]
    fn exec_quotes_reserved_characters_then_escapes_the_value() {
        let exec = args(&["/home/a b/po\"s\\t$ure 100%", "daemon"])
            .iter()
            .map(|a| desktop_exec_arg(a))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(exec, r#""/home/a b/po\"s\\t\$ure 100%%" daemon"#);
        // The string escaping doubles each backslash once more.
        assert_eq!(desktop_value(&exec), r#""/home/a b/po\\"s\\\\t\\$ure 100%%" daemon"#);
    }

    #[test]
    fn systemd_quotes_spaces_and_escapes_specifiers() {
        assert_eq!(
            systemd_command_line(&args(&["/opt/my apps/50%$/posture", "--config", "/c/50%$x \"q\".toml", "daemon"]))
                .unwrap(),
            r#""/opt/my apps/50%%$/posture" --config "/c/50%%$$x \"q\".toml" daemon"#
        );
        let refused = systemd_command_line(&args(&["/opt/it's/posture", "daemon"])).unwrap_err();
        assert!(refused.to_string().contains("without --systemd"), "{refused}");
    }

    #[test]
    fn packaged_files_match_what_enable_writes() {
        let packaged = args(&["/usr/bin/posture", "daemon"]);
        assert_eq!(include_str!("../../packaging/linux/posture-autostart.desktop"), desktop_entry(&packaged, false));
        assert_eq!(
            include_str!("../../packaging/linux/posture.service"),
            systemd_unit(&systemd_command_line(&packaged).unwrap(), false)
        );
        assert_eq!(
            include_str!("../../packaging/macos/io.github.posture.Posture.plist"),
            launch_agent_plist(&args(&["/usr/local/bin/posture", "daemon"]))
        );
    }

    #[test]
    fn generated_files_carry_the_marker_and_packaged_ones_do_not() {
        let a = args(&["/usr/bin/posture", "daemon"]);
        assert!(desktop_entry(&a, true).lines().any(|l| l == MARKER));
        assert!(!desktop_entry(&a, false).contains(MARKER));
        assert!(systemd_unit("x", true).lines().any(|l| l == MARKER));
        assert!(!systemd_unit("x", false).contains(MARKER));
        assert!(hidden_entry().lines().any(|l| l == "Hidden=true"));
    }
}
