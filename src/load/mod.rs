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

use crate::core::Lang;
use crate::core::text::{FileAction, Message, ReadRefusal, render};
use crate::paths::Refused;

/// A step that failed, as one of posture's messages ("cannot read FILE"), with the error
/// that made it fail, if any, as its source. English as it displays; `config::error_text`
/// says it in the user's language.
#[derive(Debug)]
pub struct Failed {
    pub message: Message,
    pub source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&render(Lang::En, &self.message))
    }
}

impl std::error::Error for Failed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// `.file(FileAction::Read, path)?` or `.failed(Message::…)?`: what posture was doing, in
/// place of an English `with_context`.
pub trait Failing<T>: Sized {
    fn failed(self, message: Message) -> Result<T, Failed>;

    fn file(self, action: FileAction, path: &Path) -> Result<T, Failed> {
        self.failed(Message::FileFailed { action, path: path.display().to_string() })
    }
}

impl<T, E: Into<Box<dyn std::error::Error + Send + Sync + 'static>>> Failing<T> for Result<T, E> {
    fn failed(self, message: Message) -> Result<T, Failed> {
        self.map_err(|source| Failed { message, source: Some(source.into()) })
    }
}

impl<T> Failing<T> for Option<T> {
    fn failed(self, message: Message) -> Result<T, Failed> {
        self.ok_or(Failed { message, source: None })
    }
}

/// The most posture reads of a configuration or tip file.
pub const SMALL_FILE: u64 = 1 << 20;
/// The most posture reads of a calendar file.
pub const LARGE_FILE: u64 = 64 << 20;

/// Reads a text file the user named, refusing what would hang or swamp the daemon: anything
/// but a regular file (a FIFO would block the reader for good, a device never end) and files
/// longer than `limit`. Symlinks are followed: dotfile managers link config files.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_bytes(path, limit)?).map_err(|_| {
        let message = Message::ReadRefused { path: path.display().to_string(), why: ReadRefusal::NotUtf8 };
        io::Error::new(io::ErrorKind::InvalidData, Refused(message))
    })
}

/// [`read_text`] without the UTF-8 check, for files whose encoding the caller decides.
pub fn read_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    // Non-blocking, so that opening a FIFO with no writer returns at once; it is refused below.
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    let meta = file.metadata()?;
    let refused = |why| {
        let message = Message::ReadRefused { path: path.display().to_string(), why };
        io::Error::new(io::ErrorKind::InvalidInput, Refused(message))
    };
    if !meta.is_file() {
        return Err(refused(ReadRefusal::NotARegularFile));
    }
    let too_large = || refused(ReadRefusal::LargerThan { mib: limit >> 20 });
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
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
        let not_regular = |p: &Path| format!("{}: not a regular file; posture reads only ordinary files", p.display());
        assert_eq!(read_text(&fifo, SMALL_FILE).unwrap_err().to_string(), not_regular(&fifo));
        assert_eq!(read_text(&dir, SMALL_FILE).unwrap_err().to_string(), not_regular(&dir));
        let big = dir.join("big.toml");
        std::fs::write(&big, vec![b'#'; 2 << 20]).unwrap();
        assert_eq!(
            read_text(&big, SMALL_FILE).unwrap_err().to_string(),
            format!("{}: larger than 1 MiB, more than posture reads of such a file", big.display())
        );
        let fine = dir.join("fine.toml");
        std::fs::write(&fine, "[micro]\n").unwrap();
        assert_eq!(read_text(&fine, SMALL_FILE).unwrap(), "[micro]\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
