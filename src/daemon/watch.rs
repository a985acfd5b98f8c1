//! Watches the configuration file for changes without polling.
//!
//! inotify watches the file's directory rather than the file, because editors save by writing
//! a new file and renaming it over the old one, which would orphan a watch on the file itself.
//! Bursts of events from one save are collapsed into one notice.

use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::inotify::Inotify;

/// Events of one save arrive within this window.
const SETTLE: Duration = Duration::from_millis(150);

/// Sends `()` on `changed` after each save, move or removal of the file at `path`, until
/// `shutdown` turns true. The directory must exist.
pub fn spawn(path: &Path, changed: mpsc::Sender<()>, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let dir = path.parent().ok_or_else(|| io::Error::other("config path has no directory"))?;
    let name = path.file_name().ok_or_else(|| io::Error::other("config path has no file name"))?.as_bytes().to_vec();
    let inotify = Inotify::new()?;
    inotify
        .add(dir, libc::IN_CLOSE_WRITE | libc::IN_MOVED_TO | libc::IN_CREATE | libc::IN_DELETE | libc::IN_MOVED_FROM)?;
    tokio::spawn(async move {
        loop {
            let ours = tokio::select! {
                ours = next_batch(&inotify, &name) => ours,
                _ = shutdown.changed() => return,
            };
            match ours {
                Ok(false) => {}
                Ok(true) => {
                    tokio::time::sleep(SETTLE).await;
                    // Swallow the rest of this save's events.
                    while let Ok(Ok(_)) = tokio::time::timeout(Duration::ZERO, next_batch(&inotify, &name)).await {}
                    if changed.send(()).await.is_err() {
                        return;
                    }
                }
                Err(e) => {
                    tracing::warn!("no longer watching the configuration file: {e}");
                    return;
                }
            }
        }
    });
    Ok(())
}

/// Waits for the next batch of events; true if one of them names our file.
async fn next_batch(inotify: &Inotify, name: &[u8]) -> io::Result<bool> {
    let mut buffer = [0u8; 4096];
    let n = inotify.read(&mut buffer).await?;
    Ok(names_in(&buffer[..n]).any(|event| event == name))
}

/// The file names in a buffer of `struct inotify_event`s.
fn names_in(mut buffer: &[u8]) -> impl Iterator<Item = &[u8]> {
    const HEADER: usize = 16; // wd, mask, cookie, len: four 32-bit fields.
    std::iter::from_fn(move || {
        if buffer.len() < HEADER {
            return None;
        }
        let len = u32::from_ne_bytes(buffer[12..16].try_into().ok()?) as usize;
        let raw = buffer.get(HEADER..HEADER + len)?;
        buffer = &buffer[HEADER + len..];
        let end = raw.iter().position(|b| *b == 0).unwrap_or(raw.len());
        Some(&raw[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_from_event_records() {
        let mut buffer = Vec::new();
        for name in [&b"config.toml"[..], b"other"] {
            let padded = name.len().div_ceil(16) * 16;
            buffer.extend_from_slice(&1i32.to_ne_bytes());
            buffer.extend_from_slice(&libc::IN_CLOSE_WRITE.to_ne_bytes());
            buffer.extend_from_slice(&0u32.to_ne_bytes());
            buffer.extend_from_slice(&(padded as u32).to_ne_bytes());
            buffer.extend_from_slice(name);
            buffer.resize(buffer.len() + padded - name.len(), 0);
        }
        let names: Vec<&[u8]> = names_in(&buffer).collect();
        assert_eq!(names, [&b"config.toml"[..], b"other"]);
    }

    #[tokio::test]
    async fn a_rename_over_the_file_is_noticed() {
        let dir = std::env::temp_dir().join(format!("posture-watch-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        let (tx, mut rx) = mpsc::channel(4);
        let (_stop, shutdown) = watch::channel(false);
        spawn(&path, tx, shutdown).unwrap();
        std::fs::write(dir.join("unrelated.txt"), "x").unwrap();
        std::fs::write(dir.join("config.toml.swp"), "x").unwrap();
        std::fs::rename(dir.join("config.toml.swp"), &path).unwrap();
        let noticed = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
        assert_eq!(noticed, Ok(Some(())));
        // One save, one notice.
        assert!(tokio::time::timeout(Duration::from_millis(400), rx.recv()).await.is_err());
    }
}
