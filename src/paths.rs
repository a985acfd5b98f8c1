//! Where posture keeps its files at run time, following the XDG base directory spec.
//!
//! - runtime: `$XDG_RUNTIME_DIR/posture/` (0700): the control socket and the instance lock.
//! - state: `$XDG_STATE_HOME/posture/` (default `~/.local/state/posture/`): the saved engine state.
//!
//! The configuration path lives with the config command (`commands::config::resolve_path`).

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::PathBuf;

/// The runtime directory, created with mode 0700 if missing. It must belong to us and be
/// private, or the control socket could be reached by someone else.
pub fn runtime_dir() -> io::Result<PathBuf> {
    let dir = match absolute_env("XDG_RUNTIME_DIR") {
        Some(base) => base.join("posture"),
        // The spec allows a replacement with similar guarantees; the checks below provide them.
        None => std::env::temp_dir().join(format!("posture-{}", current_uid())),
    };
    fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
    let meta = fs::metadata(&dir)?;
    if meta.uid() != current_uid() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} belongs to another user", dir.display()),
        ));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(dir)
}

pub fn socket_path() -> io::Result<PathBuf> {
    Ok(runtime_dir()?.join("control.sock"))
}

pub fn lock_path() -> io::Result<PathBuf> {
    Ok(runtime_dir()?.join("daemon.lock"))
}

/// `$XDG_STATE_HOME/posture/state.json`.
pub fn state_file() -> io::Result<PathBuf> {
    let base = match absolute_env("XDG_STATE_HOME") {
        Some(dir) => dir,
        None => absolute_env("HOME")
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "neither XDG_STATE_HOME nor HOME is set"))?
            .join(".local/state"),
    };
    Ok(base.join("posture").join("state.json"))
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
