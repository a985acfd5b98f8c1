//! The daemon's end of the control socket.
//!
//! Each connection gets its own task, so a slow or silent client never blocks another or the
//! daemon. Requests are read with a length limit and a timeout, checked for the peer's uid, and
//! forwarded to the daemon's event loop as [`Call`]s; the loop owns the engine and answers.
//!
//! Up to [`MAX_CLIENTS`] connections are open at once, room for hundreds of status bars,
//! scripts and stuck clients, each costing a task and a small buffer only while it is open. A
//! new client is always let in: when the table is full, the connection open longest (a
//! `follow`, an idle or a stalling client; one that just sent a command has only just arrived)
//! is closed to make room. So idle, stalling or following clients cannot lock out a user's
//! `posture status` or `pause`.

use std::collections::VecDeque;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{mpsc, oneshot, watch};

use super::protocol::{MAX_LINE, Request, Response, StatusReport};

/// A request for the event loop, with where to send the answer.
pub type Call = (Request, oneshot::Sender<Response>);

/// A client that sends no first request within this long is dropped; a real client sends it
/// at once.
const FIRST_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// A client that sends nothing more for this long is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// A client that does not read its answers for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// `follow` refreshes the counting clocks this often even when nothing else changes.
const FOLLOW_REFRESH: Duration = Duration::from_secs(60);
pub const MAX_CLIENTS: usize = 1000;
/// A request line fits in this; longer ones are read in more steps, up to `MAX_LINE`.
const READ_BUFFER: usize = 256;

/// The open connections, oldest first, each with the switch that closes it.
#[derive(Default)]
struct Table {
    next_id: u64,
    open: VecDeque<(u64, oneshot::Sender<()>)>,
}

impl Table {
    /// Makes room for one more connection, closing the oldest when full; returns its id and
    /// what tells it to close.
    fn admit(&mut self) -> (u64, oneshot::Receiver<()>) {
        while self.open.len() >= MAX_CLIENTS {
            if let Some((_, close)) = self.open.pop_front() {
                let _ = close.send(());
            }
        }
        let (close, closed) = oneshot::channel();
        let id = self.next_id;
        self.next_id += 1;
        self.open.push_back((id, close));
        (id, closed)
    }

    fn leave(&mut self, id: u64) {
        self.open.retain(|(open, _)| *open != id);
    }
}

/// Binds the socket at `path` (replacing a stale one) with mode 0600.
pub fn bind(path: &Path) -> io::Result<UnixListener> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(listener)
}

/// Raises the soft limit on open files so [`MAX_CLIENTS`] connections fit beside the daemon's
/// own files; the common default of 1024 would not leave room.
#[cfg(target_os = "linux")]
fn raise_file_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let wanted = (MAX_CLIENTS as u64) * 2 + 64;
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current.is_some_and(|current| current < wanted) {
        limit.current = Some(limit.maximum.map_or(wanted, |maximum| maximum.min(wanted)));
        if let Err(e) = setrlimit(Resource::Nofile, limit) {
            tracing::debug!("cannot raise the open-file limit: {e}");
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn raise_file_limit() {}

/// Accepts clients until `shutdown` turns true.
pub async fn serve(
    listener: UnixListener,
    owner_uid: u32,
    calls: mpsc::Sender<Call>,
    follow: watch::Receiver<Option<StatusReport>>,
    mut shutdown: watch::Receiver<bool>,
) {
    raise_file_limit();
    let table = Arc::new(Mutex::new(Table::default()));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                tracing::warn!("control socket: accept failed: {e}");
                continue;
            }
        };
        match stream.peer_cred() {
            Ok(cred) if cred.uid() == owner_uid => {}
            Ok(cred) => {
                tracing::warn!("control socket: refused a client of uid {}", cred.uid());
                continue;
            }
            Err(e) => {
                tracing::warn!("control socket: cannot check the client's uid: {e}");
                continue;
            }
        }
        let (id, closed) = table.lock().expect("the table is never poisoned").admit();
        let (calls, follow, shutdown, table) = (calls.clone(), follow.clone(), shutdown.clone(), table.clone());
        tokio::spawn(async move {
            tokio::select! {
                result = connection(stream, calls, follow, shutdown) => {
                    if let Err(e) = result {
                        tracing::debug!("control client gone: {e}");
                    }
                }
                _ = closed => tracing::debug!("control client closed to make room for a newer one"),
            }
            table.lock().expect("the table is never poisoned").leave(id);
        });
    }
}

/// The uid that owns the socket file: the daemon's own user.
pub fn owner_uid(path: &Path) -> io::Result<u32> {
    Ok(std::fs::metadata(path)?.uid())
}

async fn connection(
    stream: UnixStream,
    calls: mpsc::Sender<Call>,
    follow: watch::Receiver<Option<StatusReport>>,
    shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::with_capacity(READ_BUFFER, read);
    let mut line = Vec::with_capacity(256);
    let mut timeout = FIRST_REQUEST_TIMEOUT;
    loop {
        line.clear();
        let read = tokio::time::timeout(timeout, (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no request"))??;
        timeout = READ_TIMEOUT;
        if read == 0 {
            return Ok(());
        }
        if line.len() > MAX_LINE {
            send(&mut write, &Response::error(format!("request longer than {MAX_LINE} bytes"))).await?;
            return Ok(());
        }
        let request = match Request::from_line(&line) {
            Ok(request) => request,
            Err(message) => {
                send(&mut write, &Response::error(message)).await?;
                continue;
            }
        };
        if request.cmd.trim() == "follow" {
            return follow_status(reader, write, calls, follow, shutdown).await;
        }
        let response = call(&calls, request).await;
        send(&mut write, &response).await?;
    }
}

async fn call(calls: &mpsc::Sender<Call>, request: Request) -> Response {
    let (answer, answered) = oneshot::channel();
    if calls.send((request, answer)).await.is_err() {
        return Response::error("the daemon is shutting down");
    }
    answered.await.unwrap_or_else(|_| Response::error("the daemon is shutting down"))
}

async fn send(write: &mut tokio::net::unix::OwnedWriteHalf, response: &Response) -> io::Result<()> {
    let mut line = serde_json::to_vec(response).map_err(io::Error::other)?;
    line.push(b'\n');
    tokio::time::timeout(WRITE_TIMEOUT, write.write_all(&line))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "client does not read"))?
}

/// Streams the status: now, on every change, and once a minute, until the client leaves.
async fn follow_status(
    mut reader: BufReader<tokio::net::unix::OwnedReadHalf>,
    mut write: tokio::net::unix::OwnedWriteHalf,
    calls: mpsc::Sender<Call>,
    mut follow: watch::Receiver<Option<StatusReport>>,
    mut shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    let mut refresh = tokio::time::interval(FOLLOW_REFRESH);
    let mut sink = [0u8; 64];
    loop {
        tokio::select! {
            _ = refresh.tick() => {
                let response = call(&calls, Request::new("status")).await;
                send(&mut write, &response).await?;
            }
            changed = follow.changed() => {
                if changed.is_err() {
                    return Ok(());
                }
                let status = follow.borrow_and_update().clone();
                if let Some(status) = status {
                    send(&mut write, &Response::ok(status)).await?;
                    refresh.reset();
                }
            }
            read = reader.read(&mut sink) => {
                // Anything after `follow` is ignored; end of input means the client left.
                if read? == 0 {
                    return Ok(());
                }
            }
            _ = shutdown.changed() => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_closes_its_oldest_connection_for_a_new_one() {
        let mut table = Table::default();
        let mut closed: Vec<_> = (0..MAX_CLIENTS).map(|_| table.admit()).collect();
        table.leave(closed[5].0);
        let (_, mut newest) = table.admit();
        assert!(closed.iter_mut().all(|(_, c)| c.try_recv().is_err()), "room was left by the one that left");
        let (_, mut after) = table.admit();
        assert!(closed[0].1.try_recv().is_ok(), "the oldest is closed");
        assert!(closed[1..].iter_mut().all(|(_, c)| c.try_recv().is_err()));
        assert!(newest.try_recv().is_err() && after.try_recv().is_err());
        assert_eq!(table.open.len(), MAX_CLIENTS);
    }
}
