//! The CLI's end of the control socket: plain blocking I/O, one request and its answer.

use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::Duration;

use super::protocol::{Request, Response};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("posture is not running (no daemon at {0}); start it with `posture`")]
    NotRunning(PathBuf),
    /// The socket failed: its kind (for the words in the user's language) and the system's
    /// text. Not kept as a source: a broken pipe here is a failure, not the reader of our
    /// output going away, which the binary treats as success.
    #[error("talking to the daemon: {1}")]
    Socket(io::ErrorKind, String),
    #[error("the daemon sent something unexpected: {0}")]
    Protocol(Unexpected),
    /// Writing what the daemon said failed (`posture status --follow | head`).
    #[error(transparent)]
    Output(io::Error),
}

/// What was wrong with the daemon's answer.
#[derive(Debug, thiserror::Error)]
pub enum Unexpected {
    /// The connection closed before a line came.
    #[error("the connection closed without an answer")]
    Closed,
    /// A line that is not a response: serde_json's error and the line.
    #[error("{0}: {1}")]
    Json(serde_json::Error, String),
}

fn socket(e: io::Error) -> ClientError {
    ClientError::Socket(e.kind(), e.to_string())
}

fn connect() -> Result<(UnixStream, PathBuf), ClientError> {
    let path = crate::paths::socket_path().map_err(socket)?;
    match UnixStream::connect(&path) {
        Ok(stream) => Ok((stream, path)),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused) => {
            Err(ClientError::NotRunning(path))
        }
        Err(e) => Err(socket(e)),
    }
}

fn write_request(stream: &mut UnixStream, cmd: &str) -> Result<(), ClientError> {
    let mut line = serde_json::to_vec(&Request::new(cmd)).expect("a request is a struct of a number and a string");
    line.push(b'\n');
    stream.write_all(&line).map_err(socket)
}

fn parse(line: &str) -> Result<Response, ClientError> {
    serde_json::from_str(line).map_err(|e| ClientError::Protocol(Unexpected::Json(e, line.to_string())))
}

/// Sends one command (the words after `posture`) and returns the daemon's answer.
pub fn request(cmd: &str) -> Result<Response, ClientError> {
    let (mut stream, _) = connect()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(socket)?;
    write_request(&mut stream, cmd)?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).map_err(socket)?;
    if line.is_empty() {
        return Err(ClientError::Protocol(Unexpected::Closed));
    }
    parse(line.trim_end())
}

/// Streams status answers to `each` until the daemon goes away or `each` fails.
pub fn follow(mut each: impl FnMut(Response) -> io::Result<()>) -> Result<(), ClientError> {
    let (mut stream, _) = connect()?;
    write_request(&mut stream, "follow")?;
    for line in BufReader::new(stream).lines() {
        each(parse(&line.map_err(socket)?)?).map_err(ClientError::Output)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary treats a broken pipe in an error's chain as the reader of its output going
    /// away; one on the socket must stay a failure that is printed.
    #[test]
    fn a_broken_socket_is_not_a_broken_output() {
        let error = socket(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(std::error::Error::source(&error).is_none());
        assert!(error.to_string().starts_with("talking to the daemon"));
        let output = ClientError::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(output.to_string(), io::Error::from(io::ErrorKind::BrokenPipe).to_string());
    }
}
