//! Running a blocking backend (Wayland, X11) on a thread of its own, stoppable from async code.
//!
//! The thread blocks in `poll(2)` on its display connection and on one end of a socket pair;
//! the async side holds the other end and drops it to stop the thread. So a stopped or idle
//! backend costs no wakeups, and shutdown does not wait for the next desktop event.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::{Error, Observation, stopped};

/// A backend that, once set up, runs on its thread until told to stop.
pub(super) trait Blocking {
    fn run(self, stop: &Stop);
}

/// The thread's end of the stop signal.
pub(super) struct Stop(UnixStream);

/// Why [`Stop::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Woken {
    /// The watched descriptor has something to read (or hung up: reading it will tell).
    Ready,
    Timeout,
    /// The backend is to stop.
    Stop,
}

impl Stop {
    /// Blocks until `fd` is readable, `timeout` passes (`None`: never) or the backend is to stop.
    pub(super) fn wait(&self, fd: Option<BorrowedFd<'_>>, timeout: Option<Duration>) -> io::Result<Woken> {
        let watched = |fd: i32| libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
        // poll(2) skips entries with a negative descriptor.
        let mut fds = [watched(self.0.as_raw_fd()), watched(fd.map_or(-1, |fd| fd.as_raw_fd()))];
        let timeout = timeout.map_or(-1, |t| i32::try_from(t.as_micros().div_ceil(1000)).unwrap_or(i32::MAX));
        loop {
            // SAFETY: `fds` is a live array of `fds.len()` pollfd structs for the whole call.
            let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) };
            if ready < 0 {
                let err = io::Error::last_os_error();
                // A signal for another thread landed here; wait again.
                if err.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(err);
            }
            return Ok(if fds[0].revents != 0 {
                Woken::Stop
            } else if ready == 0 {
                Woken::Timeout
            } else {
                Woken::Ready
            });
        }
    }
}

/// Runs `setup` on a new thread named `name`, then the backend it returns. Returns once setup
/// is done (with its error, if any); the task then ends when the thread does, and makes the
/// thread stop when `shutdown` says true or `tx` closes.
pub(super) async fn spawn<B, F>(
    name: &str,
    setup: F,
    tx: &mpsc::Sender<Observation>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, Error>
where
    B: Blocking,
    F: FnOnce() -> Result<B, Error> + Send + 'static,
{
    let (stop, wake) = UnixStream::pair()?;
    let (ready_tx, ready_rx) = oneshot::channel();
    let (done_tx, mut done_rx) = oneshot::channel::<()>();
    std::thread::Builder::new().name(name.to_owned()).spawn(move || {
        // Dropped when the thread ends, however it ends: that is how the task learns of it.
        let _done = done_tx;
        let stop = Stop(stop);
        match setup() {
            Ok(backend) => {
                if ready_tx.send(Ok(())).is_ok() {
                    backend.run(&stop);
                }
            }
            Err(err) => {
                // Nobody waiting for the result means nobody wants the backend either.
                let _ = ready_tx.send(Err(err));
            }
        }
    })?;
    ready_rx.await.map_err(|_| Error::ThreadGone)??;
    let tx = tx.clone();
    Ok(tokio::spawn(async move {
        tokio::select! {
            () = stopped(&mut shutdown) => {}
            () = tx.closed() => {}
            _ = &mut done_rx => return,
        }
        drop(wake);
        // The thread sees the hang-up at its next wait, which is now.
        let _ = done_rx.await;
    }))
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsFd;
    use std::time::Instant;

    use super::*;

    #[test]
    fn wait_reports_timeout_readiness_and_stop() {
        let (stop, wake) = UnixStream::pair().unwrap();
        let stop = Stop(stop);
        let (mut writer, reader) = UnixStream::pair().unwrap();

        let started = Instant::now();
        assert_eq!(stop.wait(Some(reader.as_fd()), Some(Duration::from_millis(30))).unwrap(), Woken::Timeout);
        assert!(started.elapsed() >= Duration::from_millis(30));

        io::Write::write_all(&mut writer, b"x").unwrap();
        assert_eq!(stop.wait(Some(reader.as_fd()), None).unwrap(), Woken::Ready);

        drop(wake);
        assert_eq!(stop.wait(Some(reader.as_fd()), None).unwrap(), Woken::Stop);
        assert_eq!(stop.wait(None, Some(Duration::from_secs(10))).unwrap(), Woken::Stop);
    }
}
