//! A minimal async inotify, shared by the configuration and calendar watcher
//! (`daemon::watch`) and the camera and microphone device watch (`senses::busy`): the
//! kernel wakes the task when a watched file changes, so nothing is polled.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use tokio::io::unix::AsyncFd;

/// One inotify instance, registered with the tokio runtime it was made in.
pub struct Inotify {
    fd: AsyncFd<OwnedFd>,
}

impl Inotify {
    /// A new instance with no watches. Call from inside a tokio runtime.
    pub fn new() -> io::Result<Inotify> {
        // SAFETY: inotify_init1 takes flags only and returns a new descriptor or -1.
        let raw = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a descriptor we just opened and own exclusively.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: `fd` is an open inotify descriptor owned by the `OwnedFd`, which the `AsyncFd`
        // keeps (and never swaps) for as long as it lives.
        let fd = unsafe { AsyncFd::register(fd) }.map_err(|e| e.into_parts().1)?;
        Ok(Inotify { fd })
    }

    /// Watches `path` for the events in `mask` (`libc::IN_*`).
    pub fn add(&self, path: &Path, mask: u32) -> io::Result<()> {
        let path = CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)?;
        // SAFETY: the descriptor is an open inotify instance and `path` a NUL-terminated path.
        if unsafe { libc::inotify_add_watch(self.fd.as_raw_fd(), path.as_ptr(), mask) } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Waits for events and reads what is queued into `buffer` (`struct inotify_event`s);
    /// returns how many bytes were read.
    pub async fn read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        loop {
            let mut guard = self.fd.readable().await?;
            let read = guard.try_io(|inner| {
                // SAFETY: the buffer is valid for its length and the descriptor is open.
                let n = unsafe { libc::read(inner.as_raw_fd(), buffer.as_mut_ptr().cast(), buffer.len()) };
                if n < 0 { Err(io::Error::last_os_error()) } else { Ok(n as usize) }
            });
            match read {
                Ok(result) => return result,
                Err(_would_block) => continue,
            }
        }
    }
}
