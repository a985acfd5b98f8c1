//! One daemon per user: an exclusive lock on a file in the runtime directory. The kernel drops
//! the lock when the process dies, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::Path;

/// Takes the lock and writes our pid into the file; `Err(pid)` names the daemon that holds it.
pub fn acquire(path: &Path) -> io::Result<Result<File, String>> {
    let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
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
