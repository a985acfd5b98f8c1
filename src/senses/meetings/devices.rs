//! inotify on device files: any open or close of a watched camera or capture device, or a new
//! device appearing, wakes the meeting task to check again. Nothing wakes it otherwise.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use tokio::io::unix::AsyncFd;

use super::glob;

pub struct DeviceWatch {
    fd: AsyncFd<OwnedFd>,
}

impl DeviceWatch {
    /// Watches every existing file matching the patterns for opens and closes, and the
    /// directory each pattern's files live in for new files. Fails only when inotify does.
    pub fn new(patterns: &[&str]) -> io::Result<DeviceWatch> {
        // SAFETY: inotify_init1 takes flags only and returns a new descriptor or -1.
        let raw = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a descriptor we just opened and own exclusively.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        for pattern in patterns {
            if let Some(dir) = Path::new(pattern).parent().filter(|d| !d.to_string_lossy().contains(['*', '?'])) {
                // A missing directory (no sound cards at all) is not an error.
                let _ = add(&fd, dir, libc::IN_CREATE);
            }
            for file in glob(pattern) {
                // A device we may not read is one no program of ours can use either.
                if let Err(e) = add(&fd, &file, libc::IN_OPEN | libc::IN_CLOSE_WRITE | libc::IN_CLOSE_NOWRITE) {
                    tracing::debug!("not watching {}: {e}", file.display());
                }
            }
        }
        // SAFETY: `fd` is an open inotify descriptor owned by the `OwnedFd`, which the
        // `AsyncFd` keeps for as long as it lives.
        let fd = unsafe { AsyncFd::register(fd) }.map_err(|e| e.into_parts().1)?;
        Ok(DeviceWatch { fd })
    }

    /// Waits until something happened to a watched file, and drains what is queued.
    pub async fn changed(&self) -> io::Result<()> {
        let mut buffer = [0u8; 4096];
        loop {
            let mut guard = self.fd.readable().await?;
            let read = guard.try_io(|inner| {
                // SAFETY: the buffer is valid for its length and the descriptor is open.
                let n = unsafe { libc::read(inner.as_raw_fd(), buffer.as_mut_ptr().cast(), buffer.len()) };
                if n < 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
            });
            match read {
                Ok(result) => return result,
                Err(_would_block) => continue,
            }
        }
    }
}

fn add(fd: &OwnedFd, path: &Path, mask: u32) -> io::Result<()> {
    let path = CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: `fd` is a valid inotify descriptor and `path` a NUL-terminated path.
    if unsafe { libc::inotify_add_watch(fd.as_raw_fd(), path.as_ptr(), mask) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
