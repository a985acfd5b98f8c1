//! Watches the configuration file for changes without polling.
//!
//! inotify watches the file's directory rather than the file, because editors save by writing
//! a new file and renaming it over the old one, which would orphan a watch on the file itself.
//! Bursts of events from one save are collapsed into one notice.

use std::io;
use std::path::Path;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use inotify::{Inotify, WatchMask};
use tokio::sync::{mpsc, watch};

/// Events of one save arrive within this window.
const SETTLE: Duration = Duration::from_millis(150);

/// Sends `()` on `changed` after each save, move or removal of the file at `path`, until
/// `shutdown` turns true. The directory must exist. Call from inside a tokio runtime.
pub fn spawn(path: &Path, changed: mpsc::Sender<()>, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let dir = path.parent().ok_or_else(|| io::Error::other("config path has no directory"))?;
    let name = path.file_name().ok_or_else(|| io::Error::other("config path has no file name"))?.to_os_string();
    let inotify = Inotify::init()?;
    inotify.watches().add(
        dir,
        WatchMask::CLOSE_WRITE | WatchMask::MOVED_TO | WatchMask::CREATE | WatchMask::DELETE | WatchMask::MOVED_FROM,
    )?;
    let mut events = inotify.into_event_stream([0u8; 1024])?;
    tokio::spawn(async move {
        loop {
            let event = tokio::select! {
                event = events.next() => event,
                _ = shutdown.changed() => return,
            };
            match event {
                Some(Ok(event)) if event.name.as_ref() == Some(&name) => {
                    tokio::time::sleep(SETTLE).await;
                    // Swallow the rest of this save's events, those already queued.
                    while let Some(Some(Ok(_))) = events.next().now_or_never() {}
                    if changed.send(()).await.is_err() {
                        return;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::warn!("no longer watching the configuration file: {e}");
                    return;
                }
                None => return,
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[tokio::test]
    async fn other_files_in_the_directory_are_not_noticed() {
        let dir = std::env::temp_dir().join(format!("posture-watch-other-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (tx, mut rx) = mpsc::channel(4);
        let (_stop, shutdown) = watch::channel(false);
        spawn(&dir.join("config.toml"), tx, shutdown).unwrap();
        std::fs::write(dir.join("config.toml.bak"), "x").unwrap();
        std::fs::remove_file(dir.join("config.toml.bak")).unwrap();
        assert!(tokio::time::timeout(Duration::from_millis(400), rx.recv()).await.is_err());
    }
}
