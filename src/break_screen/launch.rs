//! The daemon's side of the break screen: starts `posture break-screen` for a due break without
//! waiting for it, and reports on a channel how it ended, so the loop can fall back to the
//! notification when it showed nothing or ended without an answer. One task per open screen,
//! gone with the process: the idle daemon has nothing more running than before.

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::sync::mpsc;

use super::EXIT_UNAVAILABLE;
use super::app::Cover;
use crate::core::{Kind, Lang};

/// What the break screen shows and allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    pub card: Option<String>,
    pub length: Duration,
    pub lang: Lang,
    pub cover: Cover,
    pub strict: bool,
    /// `None`: not limited.
    pub snoozes_left: Option<u32>,
    pub snooze: Duration,
    pub sound: bool,
    /// The daemon's `--config`, so the screen finds the same tip file.
    pub config: Option<PathBuf>,
}

impl Request {
    /// The arguments after the program name.
    pub fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(config) = &self.config {
            args.extend(["--config".to_string(), config.display().to_string()]);
        }
        let cover = match self.cover {
            Cover::Window => "window",
            Cover::Fullscreen => "fullscreen",
        };
        args.extend([
            "break-screen".to_string(),
            format!("--kind={}", self.kind.as_str()),
            format!("--length={}", self.length.as_secs()),
            format!("--lang={}", self.lang.as_str()),
            format!("--mode={cover}"),
            format!("--snooze={}", self.snooze.as_secs()),
        ]);
        args.extend(self.card.as_ref().map(|card| format!("--card={card}")));
        args.extend(self.strict.then(|| "--strict".to_string()));
        args.extend(self.snoozes_left.map(|left| format!("--snoozes-left={left}")));
        args.extend((!self.sound).then(|| "--no-sound".to_string()));
        args
    }
}

/// An open break screen.
#[derive(Debug)]
pub struct Running {
    pub pid: u32,
    pub kind: Kind,
}

impl Running {
    /// Asks the process to close (the break was answered elsewhere, withdrawn, held).
    pub fn close(&self) {
        let Ok(pid) = i32::try_from(self.pid) else { return };
        // SAFETY: kill(2) with a pid this daemon started and has not reaped yet (its task reaps it).
        unsafe { libc::kill(pid, libc::SIGTERM) };
    }
}

/// How a break screen ended.
#[derive(Debug)]
pub struct Ended {
    pub pid: u32,
    pub kind: Kind,
    pub status: Result<ExitStatus, String>,
}

impl Ended {
    /// Why the screen showed nothing, or that it ended without an answer, for the log.
    pub fn describe(&self) -> String {
        match &self.status {
            Err(e) => format!("cannot wait for the break screen: {e}"),
            Ok(status) => match (status.code(), status.signal()) {
                (Some(code), _) if code == i32::from(EXIT_UNAVAILABLE) => {
                    "the break screen cannot show on this desktop (see its line above)".to_string()
                }
                (Some(0), _) => "the break screen was closed without an answer".to_string(),
                (Some(code), _) => format!("the break screen failed (exit status {code})"),
                (None, Some(signal)) => format!("the break screen was killed by signal {signal}"),
                (None, None) => format!("the break screen ended ({status})"),
            },
        }
    }
}

/// Starts the break screen. Its end arrives on `ended`.
pub fn spawn(request: &Request, ended: mpsc::Sender<Ended>) -> std::io::Result<Running> {
    let program = std::env::current_exe()?;
    let mut child = tokio::process::Command::new(program)
        .args(request.args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // Its log lines join the daemon's.
        .stderr(Stdio::inherit())
        .spawn()?;
    let pid = child.id().unwrap_or_default();
    let kind = request.kind;
    tokio::spawn(async move {
        let status = child.wait().await.map_err(|e| e.to_string());
        // The loop is gone only at shutdown.
        let _ = ended.send(Ended { pid, kind, status }).await;
    });
    Ok(Running { pid, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_say_everything_the_screen_needs() {
        let request = Request {
            kind: Kind::Rest,
            card: Some("walk-to-the-window".into()),
            length: Duration::from_secs(300),
            lang: Lang::Nl,
            cover: Cover::Fullscreen,
            strict: true,
            snoozes_left: Some(1),
            snooze: Duration::from_secs(600),
            sound: false,
            config: Some(PathBuf::from("/home/me/my config.toml")),
        };
        assert_eq!(
            request.args(),
            [
                "--config",
                "/home/me/my config.toml",
                "break-screen",
                "--kind=rest",
                "--length=300",
                "--lang=nl",
                "--mode=fullscreen",
                "--snooze=600",
                "--card=walk-to-the-window",
                "--strict",
                "--snoozes-left=1",
                "--no-sound",
            ]
        );
    }

    #[test]
    fn an_unavailable_screen_is_told_from_a_crash() {
        let ended = |raw| Ended { pid: 1, kind: Kind::Rest, status: Ok(ExitStatus::from_raw(raw)) };
        assert!(ended(i32::from(EXIT_UNAVAILABLE) << 8).describe().contains("cannot show"));
        assert!(ended(1 << 8).describe().contains("exit status 1"));
        assert!(ended(11).describe().contains("signal 11"));
        assert!(ended(0).describe().contains("without an answer"));
    }
}
