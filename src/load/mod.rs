//! Loading: files and the environment into core values.
//!
//! The daemon, the tray and the commands all start here: the configuration file and where it
//! lives, the tip catalogue with the user's own tips, the language, the calendar files and the
//! system's time zone. Nothing here decides anything; errors name the file they come from.

pub mod calendars;
pub mod config;
pub mod tips;
pub mod zone;

pub use config::{Loaded, resolve_lang};

use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The most posture reads of a configuration or tip file.
pub const SMALL_FILE: u64 = 1 << 20;
/// The most posture reads of a calendar file.
pub const LARGE_FILE: u64 = 64 << 20;

/// Reads a text file the user named, refusing what would hang or swamp the daemon: anything
/// but a regular file (a FIFO would block the reader for good, a device never end) and files
/// longer than `limit`. Symlinks are followed: dotfile managers link config files.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_bytes(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "stream did not contain valid UTF-8"))
}

/// [`read_text`] without the UTF-8 check, for files whose encoding the caller decides.
pub fn read_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    // Non-blocking, so that opening a FIFO with no writer returns at once; it is refused below.
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    if meta.len() > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("larger than {} MiB", limit >> 20)));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("larger than {} MiB", limit >> 20)));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        let dir = std::env::temp_dir().join(format!("posture-read-text-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert_eq!(read_text(&fifo, SMALL_FILE).unwrap_err().to_string(), "not a regular file");
        assert_eq!(read_text(&dir, SMALL_FILE).unwrap_err().to_string(), "not a regular file");
        let big = dir.join("big.toml");
        std::fs::write(&big, vec![b'#'; 2 << 20]).unwrap();
        assert_eq!(read_text(&big, SMALL_FILE).unwrap_err().to_string(), "larger than 1 MiB");
        let fine = dir.join("fine.toml");
        std::fs::write(&fine, "[micro]\n").unwrap();
        assert_eq!(read_text(&fine, SMALL_FILE).unwrap(), "[micro]\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
