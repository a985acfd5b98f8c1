//! Where posture keeps its files at run time, following the XDG base directory spec.
//!
//! - runtime: `$XDG_RUNTIME_DIR/posture/` (0700, ours alone): the control socket.
//! - state: `$XDG_STATE_HOME/posture/` (default `~/.local/state/posture/`): the saved engine state,
//!   the history database and the instance lock.
//! - config home: `$XDG_CONFIG_HOME` (default `~/.config/`), where `posture autostart` writes.
//! - cache: `$XDG_CACHE_HOME/posture/` (default `~/.cache/posture/`): the cards' pictures.
//!
//! The configuration file's path is resolved in `load::config` from [`config_home`].

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::core::Lang;
use crate::core::text::{DirRefusal, Message, render};

/// A directory or file posture refuses, with the message that says why (English here; the
/// command line says it in the user's language, see `load::config::error_text`).
#[derive(Debug)]
pub struct Refused(pub Message);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&render(Lang::En, &self.0))
    }
}

impl std::error::Error for Refused {}

/// The runtime directory, created with mode 0700 if missing. It must be a real directory (not
/// a symlink), belong to us and be writable by nobody else, or the control socket and the files
/// in it could be reached or replaced by someone else; posture refuses it and says why.
pub fn runtime_dir() -> io::Result<PathBuf> {
    let dir = match absolute_env("XDG_RUNTIME_DIR") {
        Some(base) => base.join("posture"),
        // The spec allows a replacement with similar guarantees; the checks below provide them.
        None => std::env::temp_dir().join(format!("posture-{}", current_uid())),
    };
    fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
    private_dir(&dir)?;
    Ok(dir)
}

/// Checks that `dir` is ours alone, without following a symlink; read and search bits for
/// others are taken away, write bits refused.
fn private_dir(dir: &Path) -> io::Result<()> {
    let refuse = |why| {
        let refused = Refused(Message::DirRefused { dir: dir.display().to_string(), why });
        io::Error::new(io::ErrorKind::PermissionDenied, refused)
    };
    let meta = fs::symlink_metadata(dir)?;
    if meta.file_type().is_symlink() {
        return Err(refuse(DirRefusal::Symlink));
    }
    if !meta.is_dir() {
        return Err(refuse(DirRefusal::NotADirectory));
    }
    if meta.uid() != current_uid() {
        return Err(refuse(DirRefusal::OtherUser(meta.uid())));
    }
    let mode = meta.permissions().mode();
    if mode & 0o022 != 0 {
        return Err(refuse(DirRefusal::WritableByOthers(mode & 0o777)));
    }
    if mode & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

pub fn socket_path() -> io::Result<PathBuf> {
    Ok(runtime_dir()?.join("control.sock"))
}

/// The instance lock lives beside the state, which every daemon of the user shares whatever
/// its runtime directory, so two daemons cannot run on one state.
pub fn lock_path() -> io::Result<PathBuf> {
    let dir = state_dir()?;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
    Ok(dir.join("daemon.lock"))
}

/// `$XDG_STATE_HOME/posture/`.
pub fn state_dir() -> io::Result<PathBuf> {
    Ok(xdg_home("XDG_STATE_HOME", ".local/state")?.join("posture"))
}

/// `$XDG_STATE_HOME/posture/state.json`.
pub fn state_file() -> io::Result<PathBuf> {
    Ok(state_dir()?.join("state.json"))
}

/// `$XDG_CONFIG_HOME`, else `~/.config`: where per-user autostart entries and units live.
pub fn config_home() -> io::Result<PathBuf> {
    xdg_home("XDG_CONFIG_HOME", ".config")
}

/// `$XDG_CACHE_HOME/posture/cards/`: one PNG per exercise card, for notifications.
pub fn cards_cache_dir() -> io::Result<PathBuf> {
    Ok(xdg_home("XDG_CACHE_HOME", ".cache")?.join("posture").join("cards"))
}

/// Where an unreadable file is moved aside: `<name>.corrupt-<unix seconds>` beside it, or with
/// `-2`, `-3`… added when that name is taken, so an earlier copy is never overwritten.
pub fn corrupt_copy(path: &Path, unix_seconds: i64) -> PathBuf {
    let base = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    (1..)
        .map(|n| match n {
            1 => path.with_file_name(format!("{base}.corrupt-{unix_seconds}")),
            n => path.with_file_name(format!("{base}.corrupt-{unix_seconds}-{n}")),
        })
        .find(|candidate| fs::symlink_metadata(candidate).is_err())
        .expect("some name is free")
}

/// An XDG base directory: the variable when it holds an absolute path, else `$HOME/fallback`.
fn xdg_home(variable: &str, fallback: &str) -> io::Result<PathBuf> {
    xdg_base(std::env::var_os(variable).as_deref(), std::env::var_os("HOME").as_deref(), fallback)
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, Refused(Message::NoHome { variable: variable.into() })))
}

/// [`xdg_home`] from the two values. The XDG base directory spec says to ignore an empty or
/// relative value.
fn xdg_base(value: Option<&OsStr>, home: Option<&OsStr>, fallback: &str) -> Option<PathBuf> {
    let absolute = |value: &OsStr| Some(PathBuf::from(value)).filter(|p| p.is_absolute());
    value.and_then(absolute).or_else(|| home.and_then(absolute).map(|home| home.join(fallback)))
}

/// An environment variable holding an absolute path; relative values are ignored, as the XDG
/// spec asks.
fn absolute_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute())
}

/// Our uid, read from our own /proc entry, which avoids an `unsafe` libc call.
fn current_uid() -> u32 {
    fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
    }

    #[test]
    fn the_variable_wins() {
        assert_eq!(xdg_base(os("/x/conf"), os("/home/a"), ".config"), Some(PathBuf::from("/x/conf")));
    }

    #[test]
    fn home_is_the_fallback() {
        let expected = Some(PathBuf::from("/home/a/.config"));
        assert_eq!(xdg_base(None, os("/home/a"), ".config"), expected);
        // Empty or relative values are ignored, as the XDG spec says.
        assert_eq!(xdg_base(os(""), os("/home/a"), ".config"), expected);
        assert_eq!(xdg_base(os("conf"), os("/home/a"), ".config"), expected);
    }

    #[test]
    fn no_directory_at_all() {
        assert_eq!(xdg_base(None, None, ".config"), None);
        assert_eq!(xdg_base(os("rel"), os(""), ".config"), None);
    }
}
