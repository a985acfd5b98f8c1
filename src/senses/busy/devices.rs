//! inotify on device files: any open or close of a watched camera or capture device, or a new
//! device appearing, wakes the meeting task to check again. Nothing wakes it otherwise.

use std::io;
use std::path::Path;

use futures_util::StreamExt;
use inotify::{EventStream, Inotify, WatchMask};

use super::glob;

pub struct DeviceWatch {
    events: EventStream<[u8; 1024]>,
}

impl DeviceWatch {
    /// Watches every existing file matching the patterns for opens and closes, and the
    /// directory each pattern's files live in for new files. Fails only when inotify does.
    /// Call from inside a tokio runtime.
    pub fn new(patterns: &[&str]) -> io::Result<DeviceWatch> {
        let inotify = Inotify::init()?;
        let mut watches = inotify.watches();
        for pattern in patterns {
            if let Some(dir) = Path::new(pattern).parent().filter(|d| !d.to_string_lossy().contains(['*', '?'])) {
                // A missing directory (no sound cards at all) is not an error.
                let _ = watches.add(dir, WatchMask::CREATE);
            }
            for file in glob(pattern) {
                // A device we may not read is one no program of ours can use either.
                if let Err(e) = watches.add(&file, WatchMask::OPEN | WatchMask::CLOSE) {
                    tracing::debug!("not watching {}: {e}", file.display());
                }
            }
        }
        Ok(DeviceWatch { events: inotify.into_event_stream([0u8; 1024])? })
    }

    /// Waits until something happened to a watched file. The task makes a new watch after
    /// each check, so the rest of a burst is dropped with this one.
    pub async fn changed(&mut self) -> io::Result<()> {
        match self.events.next().await {
            Some(event) => event.map(drop),
            None => Err(io::ErrorKind::UnexpectedEof.into()),
        }
    }
}
