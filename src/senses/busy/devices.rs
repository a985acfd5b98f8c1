//! inotify on device files: any open or close of a watched camera or capture device, or a new
//! device appearing, wakes the meeting task to check again. Nothing wakes it otherwise.

use std::io;
use std::path::Path;

use super::glob;
use crate::inotify::Inotify;

pub struct DeviceWatch {
    inotify: Inotify,
}

impl DeviceWatch {
    /// Watches every existing file matching the patterns for opens and closes, and the
    /// directory each pattern's files live in for new files. Fails only when inotify does.
    pub fn new(patterns: &[&str]) -> io::Result<DeviceWatch> {
        let inotify = Inotify::new()?;
        for pattern in patterns {
            if let Some(dir) = Path::new(pattern).parent().filter(|d| !d.to_string_lossy().contains(['*', '?'])) {
                // A missing directory (no sound cards at all) is not an error.
                let _ = inotify.add(dir, libc::IN_CREATE);
            }
            for file in glob(pattern) {
                // A device we may not read is one no program of ours can use either.
                if let Err(e) = inotify.add(&file, libc::IN_OPEN | libc::IN_CLOSE_WRITE | libc::IN_CLOSE_NOWRITE) {
                    tracing::debug!("not watching {}: {e}", file.display());
                }
            }
        }
        Ok(DeviceWatch { inotify })
    }

    /// Waits until something happened to a watched file, and drains what is queued.
    pub async fn changed(&self) -> io::Result<()> {
        let mut buffer = [0u8; 4096];
        self.inotify.read(&mut buffer).await.map(drop)
    }
}
