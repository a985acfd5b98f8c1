//! One daemon per user: an exclusive lock on a file beside the saved state. The kernel drops
//! the lock when the process dies, so a crash never leaves a stale lock behind. The file is
//! opened without following a symlink, so a planted link cannot make posture write elsewhere.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Takes the lock and writes our pid into the file; `Err(pid)` names the daemon that holds it.
pub fn acquire(path: &Path) -> io::Result<Result<File, String>> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            file.rewind()?;
            writeln!(file, "{}", std::process::id())?;
            Ok(Ok(file))
        }
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            file.read_to_string(&mut pid)?;
            let pid = pid.trim();
            Ok(Err(if pid.is_empty() { "unknown".to_string() } else { pid.to_string() }))
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_told_who_runs() {
        let path = std::env::temp_dir().join(format!("posture-lock-test-{}", std::process::id()));
        let first = acquire(&path).unwrap().expect("the first takes the lock");
        let second = acquire(&path).unwrap();
        assert_eq!(second.unwrap_err(), std::process::id().to_string());
        drop(first);
        assert!(acquire(&path).unwrap().is_ok(), "released when the holder goes");
    }
}
