//! `posture config` and configuration loading for the other commands: where the file lives,
//! reading it, and the `init`, `check` and `path` subcommands.

use std::ffi::OsStr;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::ConfigCommand;
use crate::core::config::{Config, DEFAULT_TOML};

/// A configuration and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub config: Config,
    /// The path looked at, whether or not the file exists.
    pub path: PathBuf,
    /// False when the default path had no file and the defaults apply.
    pub exists: bool,
}

const INIT_HINT: &str = "`posture config init --write` creates it";

/// `$XDG_CONFIG_HOME/posture/config.toml`, else `$HOME/.config/posture/config.toml`.
pub fn default_path() -> anyhow::Result<PathBuf> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME");
    let home = std::env::var_os("HOME");
    default_path_from(xdg.as_deref(), home.as_deref()).context(
        "cannot place the configuration file: neither XDG_CONFIG_HOME nor HOME is set; \
         pass --config FILE",
    )
}

fn default_path_from(xdg: Option<&OsStr>, home: Option<&OsStr>) -> Option<PathBuf> {
    // The XDG base directory spec says to ignore an empty or relative XDG_CONFIG_HOME.
    let base = xdg
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| home.filter(|home| !home.is_empty()).map(|home| Path::new(home).join(".config")))?;
    Some(base.join("posture").join("config.toml"))
}

/// The configuration path: `explicit` (from `--config` or `POSTURE_CONFIG`) if given, with a
/// leading `~/` expanded, else [`default_path`].
pub fn resolve_path(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    match explicit {
        Some(path) => expand_home(path),
        None => default_path(),
    }
}

/// Expands a leading `~/`, which reaches us unexpanded when quoted in `POSTURE_CONFIG` or
/// written in the config file.
fn expand_home(path: &Path) -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME");
    expand_home_with(path, home.as_deref())
        .with_context(|| format!("cannot expand {}: HOME is not set", path.display()))
}

fn expand_home_with(path: &Path, home: Option<&OsStr>) -> Option<PathBuf> {
    match path.strip_prefix("~") {
        Ok(rest) => home.filter(|home| !home.is_empty()).map(|home| Path::new(home).join(rest)),
        Err(_) => Some(path.to_path_buf()),
    }
}

/// Reads and parses the configuration.
///
/// A missing file at the default path means the defaults; a missing file named explicitly is
/// an error, since the user asked for that file. `extra_tips` and `meetings.calendars` come back
/// absolute, resolved against the configuration file's directory.
pub fn load(explicit: Option<&Path>) -> anyhow::Result<Loaded> {
    let path = resolve_path(explicit)?;
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            if explicit.is_some() {
                bail!("configuration file {} does not exist", path.display());
            }
            return Ok(Loaded { config: Config::default(), path, exists: false });
        }
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let mut config = Config::parse(&text, &path.display().to_string())?;
    if let Some(extra) = config.extra_tips.take() {
        config.extra_tips = Some(resolve_beside(&extra, &path)?);
    }
    for calendar in &mut config.meetings.calendars {
        *calendar = resolve_beside(calendar, &path)?;
    }
    Ok(Loaded { config, path, exists: true })
}

/// `file` as written in the configuration at `config_path`: `~/` expanded, and a relative path
/// taken from the configuration file's directory (not the working directory, which is arbitrary
/// for a daemon).
fn resolve_beside(file: &Path, config_path: &Path) -> anyhow::Result<PathBuf> {
    let file = expand_home(file)?;
    if file.is_absolute() {
        return Ok(file);
    }
    let config_path =
        std::path::absolute(config_path).with_context(|| format!("cannot make {} absolute", config_path.display()))?;
    let dir = config_path.parent().unwrap_or(Path::new("/"));
    Ok(dir.join(file))
}

/// Runs a `posture config` subcommand.
pub fn run(config: Option<&Path>, cmd: ConfigCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ConfigCommand::Init { write: false } => {
            io::stdout().write_all(DEFAULT_TOML.as_bytes()).context("cannot write to standard output")?;
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Init { write: true } => init_write(&resolve_path(config)?),
        ConfigCommand::Check { file } => match file {
            Some(file) => check(&file),
            None => check(&resolve_path(config)?),
        },
        ConfigCommand::Path => {
            let path = resolve_path(config)?;
            println!("{}", path.display());
            if !path.exists() {
                eprintln!("(does not exist yet; {INIT_HINT})");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn init_write(path: &Path) -> anyhow::Result<ExitCode> {
    if !create_default(path).with_context(|| format!("cannot create {}", path.display()))? {
        bail!("{} already exists; not overwriting it (`posture config check` checks it)", path.display())
    }
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes the commented defaults to `path`, creating its directory; false, and nothing
/// written, when a file is already there.
pub fn create_default(path: &Path) -> io::Result<bool> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    // create_new rather than an exists() check, so a file appearing in between is not clobbered.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(err) => return Err(err),
    };
    file.write_all(DEFAULT_TOML.as_bytes())?;
    Ok(true)
}

fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            bail!("cannot check {}: the file does not exist", path.display())
        }
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    match Config::parse(&text, &path.display().to_string()) {
        Ok(_) => {
            println!("{}: ok", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            // The located error alone, compiler style, without the usual "posture:" prefix.
            eprintln!("{err}");
            Ok(ExitCode::from(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
    }

    #[test]
    fn xdg_config_home_wins() {
        assert_eq!(default_path_from(os("/x/conf"), os("/home/a")), Some(PathBuf::from("/x/conf/posture/config.toml")));
    }

    #[test]
    fn home_is_the_fallback() {
        let expected = Some(PathBuf::from("/home/a/.config/posture/config.toml"));
        assert_eq!(default_path_from(None, os("/home/a")), expected);
        // Empty or relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
        assert_eq!(default_path_from(os(""), os("/home/a")), expected);
        assert_eq!(default_path_from(os("conf"), os("/home/a")), expected);
    }

    #[test]
    fn no_directory_at_all() {
        assert_eq!(default_path_from(None, None), None);
        assert_eq!(default_path_from(os("rel"), os("")), None);
    }

    #[test]
    fn tilde_expands_to_home() {
        assert_eq!(expand_home_with(Path::new("~/tips.toml"), os("/home/a")), Some(PathBuf::from("/home/a/tips.toml")));
        assert_eq!(expand_home_with(Path::new("~/tips.toml"), None), None);
        // Only a whole `~` component is the home directory.
        assert_eq!(expand_home_with(Path::new("~other/tips.toml"), None), Some(PathBuf::from("~other/tips.toml")));
        assert_eq!(expand_home_with(Path::new("tips.toml"), None), Some(PathBuf::from("tips.toml")));
    }

    #[test]
    fn extra_file_is_taken_from_the_config_directory() {
        assert_eq!(
            resolve_beside(Path::new("my-tips.toml"), Path::new("/etc/posture/config.toml")).unwrap(),
            PathBuf::from("/etc/posture/my-tips.toml")
        );
        assert_eq!(
            resolve_beside(Path::new("/abs/tips.toml"), Path::new("/etc/posture/config.toml")).unwrap(),
            PathBuf::from("/abs/tips.toml")
        );
        let relative_config = resolve_beside(Path::new("t.toml"), Path::new("c.toml")).unwrap();
        assert!(relative_config.is_absolute());
        assert!(relative_config.ends_with("t.toml"));
    }
}
