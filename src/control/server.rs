//! The daemon's end of the control socket.
//!
//! Each connection gets its own task, so a slow or silent client never blocks another or the
//! daemon. Requests are read with a length limit and a timeout, checked for the peer's uid, and
//! forwarded to the daemon's event loop as [`Call`]s; the loop owns the engine and answers.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{Semaphore, mpsc, oneshot, watch};

use super::protocol::{MAX_LINE, Request, Response, StatusReport, VERSION};

/// A request for the event loop, with where to send the answer.
pub type Call = (Request, oneshot::Sender<Response>);

/// A client that sends nothing for this long is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// A client that does not read its answers for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// `follow` refreshes the counting clocks this often even when nothing else changes.
const FOLLOW_REFRESH: Duration = Duration::from_secs(60);
const MAX_CLIENTS: usize = 32;

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

/// Accepts clients until `shutdown` turns true.
pub async fn serve(
    listener: UnixListener,
    owner_uid: u32,
    calls: mpsc::Sender<Call>,
    follow: watch::Receiver<Option<StatusReport>>,
    mut shutdown: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(MAX_CLIENTS));
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
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!("control socket: {MAX_CLIENTS} clients connected; refusing another");
            continue;
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
        let calls = calls.clone();
        let follow = follow.clone();
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            if let Err(e) = connection(stream, calls, follow, shutdown).await {
                tracing::debug!("control client gone: {e}");
            }
            drop(slot);
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
    let mut reader = BufReader::new(read);
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        let read =
            tokio::time::timeout(READ_TIMEOUT, (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line))
                .await
                .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no request"))??;
        if read == 0 {
            return Ok(());
        }
        if line.len() > MAX_LINE {
            send(&mut write, &Response::error(format!("request longer than {MAX_LINE} bytes"))).await?;
            return Ok(());
        }
        let request = match parse(&line) {
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

fn parse(line: &[u8]) -> Result<Request, String> {
    let request: Request = serde_json::from_slice(line)
        .map_err(|e| format!("malformed request (expected {{\"v\":1,\"cmd\":\"…\"}}): {e}"))?;
    if request.v != VERSION {
        return Err(format!("unsupported protocol version {} (this daemon speaks {VERSION})", request.v));
    }
    Ok(request)
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
