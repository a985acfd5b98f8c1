//! Replacing a file so that a crash at any moment leaves either the old file or the new one,
//! never a half-written one: the state, and the config file when posture edits it.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// How far a write must have gone before it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// On disk: survives a power cut (two `fsync`s, which a busy disk can make slow).
    Disk,
    /// In the kernel: survives the process being killed, and reaches the disk with the
    /// kernel's own writeback seconds later. For writes on the daemon's event loop, which
    /// must not wait on a busy disk.
    Kernel,
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader
/// sees the old file or the new one; the directory is created if missing.
pub fn write_with(path: &Path, bytes: &[u8], durability: Durability) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut name = path.file_name().ok_or_else(|| io::Error::other("the path names no file"))?.to_os_string();
    name.push(".posture-tmp");
    let temporary = path.with_file_name(name);
    let mut file = fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    if durability == Durability::Disk {
        file.sync_all()?;
    }
    fs::rename(&temporary, path)?;
    match durability {
        Durability::Disk => fs::File::open(dir)?.sync_all(),
        Durability::Kernel => Ok(()),
    }
}

/// [`write_with`] to disk.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, bytes, Durability::Disk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("posture-atomic-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let path = dir.join("sub").join("state.json");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
