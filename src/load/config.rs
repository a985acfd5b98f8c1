//! The configuration file: where it lives, reading it, the language it asks for, and the
//! edits posture makes to it (a new interval from `posture interval` or the tray).

use std::ffi::OsStr;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Failing;
use crate::core::config::{Config, DEFAULT_TOML, Language};
use crate::core::text::{FileAction, Message, Step};
use crate::core::{Kind, Lang, config_edit};
use crate::{atomic_file, paths};

/// A configuration and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub config: Config,
    /// The path looked at, whether or not the file exists.
    pub path: PathBuf,
    /// False when the default path had no file and the defaults apply.
    pub exists: bool,
    /// The file holds nothing but white space (or does not exist). While a program writes a
    /// file by truncating it first, this is what a reader sees in between.
    pub empty: bool,
}

/// `$XDG_CONFIG_HOME/posture/config.toml`, else `$HOME/.config/posture/config.toml`.
pub fn default_path() -> anyhow::Result<PathBuf> {
    let home = paths::config_home().failed(Message::StepFailed { step: Step::PlaceConfig })?;
    Ok(home.join("posture").join("config.toml"))
}

/// The configuration path: `explicit` (from `--config` or `POSTURE_CONFIG`) if given, with a
/// leading `~/` expanded and made absolute against the working directory (the daemon watches
/// the file's directory, which a bare `fast.toml` would not name), else [`default_path`].
pub fn resolve_path(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    match explicit {
        Some(path) => {
            let path = expand_home(path)?;
            Ok(std::path::absolute(&path).file(FileAction::MakeAbsolute, &path)?)
        }
        None => default_path(),
    }
}

/// Expands a leading `~/`, which reaches us unexpanded when quoted in `POSTURE_CONFIG` or
/// written in the config file.
fn expand_home(path: &Path) -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME");
    expand_home_with(path, home.as_deref()).file(FileAction::ExpandHome, path).map_err(Into::into)
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
    let text = match super::read_text(&path, super::SMALL_FILE) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            if explicit.is_some() {
                let missing = Message::ConfigFileMissing { path: path.display().to_string() };
                return Err(io::Error::new(io::ErrorKind::NotFound, paths::Refused(missing)).into());
            }
            return Ok(Loaded { config: Config::default(), path, exists: false, empty: true });
        }
        Err(err) => {
            return Err(err).file(FileAction::Read, &path).map_err(Into::into);
        }
    };
    let mut config = Config::parse(&text, &path.display().to_string())?;
    if let Some(extra) = config.extra_tips.take() {
        config.extra_tips = Some(resolve_beside(&extra, &path)?);
    }
    for calendar in &mut config.meetings.calendars {
        *calendar = resolve_beside(calendar, &path)?;
    }
    let empty = text.trim().is_empty();
    Ok(Loaded { config, path, exists: true, empty })
}

/// `file` as written in the configuration at `config_path`: `~/` expanded, and a relative path
/// taken from the configuration file's directory (not the working directory, which is arbitrary
/// for a daemon).
fn resolve_beside(file: &Path, config_path: &Path) -> anyhow::Result<PathBuf> {
    let file = expand_home(file)?;
    if file.is_absolute() {
        return Ok(file);
    }
    let config_path = std::path::absolute(config_path).file(FileAction::MakeAbsolute, config_path)?;
    let dir = config_path.parent().unwrap_or(Path::new("/"));
    Ok(dir.join(file))
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

/// An error as the user reads it: a located configuration error or a refused directory in
/// `lang` (they say where themselves); other errors, file system ones, in their own words.
pub fn error_text(err: &anyhow::Error, lang: Lang) -> String {
    if let Some(located) = err.downcast_ref::<crate::core::config::ConfigError>() {
        return located.render(lang);
    }
    let refused = err.chain().find_map(|cause| {
        let io = cause.downcast_ref::<io::Error>()?;
        io.get_ref()?.downcast_ref::<crate::paths::Refused>()
    });
    match refused {
        Some(refused) => crate::core::text::render(lang, &refused.0),
        None if lang == Lang::En => format!("{err:#}"),
        // As `{:#}` joins the chain, with each cause in the user's words where posture knows them.
        None => err.chain().map(|cause| cause_text(cause, lang)).collect::<Vec<_>>().join(": "),
    }
}

/// One cause of an error in `lang`: the system's errors, serde_json's, the control client's,
/// a trace's and a tip file's in words posture knows; any other as it displays itself.
fn cause_text(cause: &(dyn std::error::Error + 'static), lang: Lang) -> String {
    use crate::control::client::ClientError;
    if let Some(io) = cause.downcast_ref::<io::Error>() {
        return io_text(io, lang);
    }
    if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
        return json_text(json, lang);
    }
    if let Some(trace) = cause.downcast_ref::<crate::simulate::trace::TraceError>() {
        return crate::core::text::trace_error(lang, trace.line, &trace.problem);
    }
    if let Some(calendar) = cause.downcast_ref::<crate::core::calendar::IcalError>() {
        return calendar.render(lang);
    }
    if let Some(tips) = cause.downcast_ref::<crate::core::tips::TipsError>() {
        return crate::core::text::tips_error(lang, tips);
    }
    if let Some(failed) = cause.downcast_ref::<super::Failed>() {
        return crate::core::text::render(lang, &failed.message);
    }
    match cause.downcast_ref::<ClientError>() {
        Some(err) => client_error_text(err, lang),
        None => cause.to_string(),
    }
}

/// What went wrong talking to the daemon, in `lang`.
pub fn client_error_text(err: &crate::control::client::ClientError, lang: Lang) -> String {
    use crate::control::client::{ClientError, Unexpected};
    use crate::core::text::{self, Message, render};
    match err {
        ClientError::NotRunning(socket) => render(lang, &Message::NotRunning { socket: socket.display().to_string() }),
        ClientError::Socket(kind, reason) => {
            let reason = text::io_error(lang, *kind).map_or_else(|| reason.clone(), str::to_string);
            render(lang, &Message::DaemonSocket { reason })
        }
        ClientError::Protocol(Unexpected::Closed) => {
            render(lang, &Message::DaemonUnexpected { what: render(lang, &Message::DaemonClosed) })
        }
        ClientError::Protocol(Unexpected::Json(err, line)) => {
            render(lang, &Message::DaemonUnexpected { what: format!("{}: {line}", json_text(err, lang)) })
        }
        ClientError::Output(io) => io_text(io, lang),
    }
}

/// A system error in `lang`. Only the system's own texts are translated: an error posture
/// or a library made with its own message (`io::Error::other`) says that message.
fn io_text(err: &io::Error, lang: Lang) -> String {
    match crate::core::text::io_error(lang, err.kind()) {
        Some(text) if err.get_ref().is_none() => text.to_string(),
        _ => err.to_string(),
    }
}

/// A serde_json error in `lang`, with where it is ("op regel 1, kolom 5").
fn json_text(err: &serde_json::Error, lang: Lang) -> String {
    use crate::core::text::{json_message, json_position};
    let shown = err.to_string();
    if err.line() == 0 {
        return json_message(lang, &shown);
    }
    let message = shown.strip_suffix(&json_position(Lang::En, err.line(), err.column())).unwrap_or(&shown);
    format!("{}{}", json_message(lang, message), json_position(lang, err.line(), err.column()))
}

/// The language to speak: `explicit` (`--lang`) if given, else the configured one, where `auto`
/// follows the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
pub fn resolve_lang(language: Language, explicit: Option<Lang>) -> Lang {
    match (explicit, language) {
        (Some(lang), _) => lang,
        (None, Language::Nl) => Lang::Nl,
        (None, Language::En) => Lang::En,
        (None, Language::Auto) => {
            let var = |name| std::env::var(name).ok();
            Lang::from_locale_vars(var("LC_ALL").as_deref(), var("LC_MESSAGES").as_deref(), var("LANG").as_deref())
        }
    }
}

/// Writes a new `every` for `kind` into the file at `path`, keeping the user's comments; a
/// missing file is created holding that one key. The result is checked before it
/// replaces the file, so a refused value never reaches it.
pub fn set_every(path: &Path, kind: Kind, every: Duration) -> anyhow::Result<()> {
    // A config file linked from elsewhere (a dotfiles repository) stays a link: the file it
    // points to is the one replaced.
    let path = &fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let text = match super::read_text(path, super::SMALL_FILE) {
        Ok(text) => text,
        // A missing file gets only the changed key: the defaults stay built in, not copied.
        Err(e) if e.kind() == io::ErrorKind::NotFound => format!("[{}]\n", kind.as_str()),
        Err(e) => return Err(e.into()),
    };
    let edited = config_edit::set_every(&text, kind, every)?;
    Config::parse(&edited, &path.display().to_string())?;
    atomic_file::write(path, edited.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
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
