//! The client commands: `posture status`, `break`, `snooze`, `pause`, `resume`, `skip`,
//! `meeting`, `interval` and `quit` send their words to the running daemon and print its answer.
//! Without a daemon they say so in one line and exit 2.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Command, KindArg, MeetingCommand};
use crate::control::client::{self, ClientError};
use crate::control::protocol::{Response, status_line};
use crate::core::text::{Message, render};

/// The protocol words for a client command, or `None` for commands the daemon does not take.
pub fn words(command: &Command) -> Option<String> {
    let kind = |k: &KindArg| match k {
        KindArg::Micro => "micro",
        KindArg::Rest => "rest",
    };
    Some(match command {
        Command::Status { .. } => "status".into(),
        Command::Break { kind: k } => format!("break {}", k.as_ref().map_or("rest", kind)),
        Command::Snooze { duration } => format!("snooze {}", duration.join(" ")),
        Command::Pause { until: Some(until), .. } => format!("pause --until {until}"),
        Command::Pause { duration, .. } => format!("pause {}", duration.join(" ")),
        Command::Resume => "resume".into(),
        Command::Skip => "skip".into(),
        Command::Meeting(MeetingCommand::Start { length: Some(length) }) => format!("meeting start --for {length}"),
        Command::Meeting(MeetingCommand::Start { length: None }) => "meeting start".into(),
        Command::Meeting(MeetingCommand::End) => "meeting end".into(),
        Command::Interval { kind: k, duration } => format!("interval {} {}", kind(k), duration.join(" ")),
        Command::Quit => "quit".into(),
        _ => return None,
    })
}

/// Runs a client command: `json` prints the daemon's status as JSON, `follow` streams it.
pub fn run(words: &str, json: bool, follow: bool) -> anyhow::Result<ExitCode> {
    let outcome = if follow {
        let mut out = std::io::stdout().lock();
        client::follow(|response| {
            serde_json::to_writer(&mut out, &response.status)?;
            out.write_all(b"\n")?;
            out.flush()
        })
        .map(|()| ExitCode::SUCCESS)
    } else {
        client::request(words.trim()).map(|response| print(&response, json, words.trim() == "quit"))
    };
    match outcome {
        Ok(code) => Ok(code),
        Err(e @ ClientError::NotRunning(_)) => {
            eprintln!("posture: {e}");
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

fn print(response: &Response, json: bool, quit: bool) -> ExitCode {
    match (&response.status, &response.error) {
        (Some(status), _) if json => {
            println!("{}", serde_json::to_string_pretty(status).unwrap_or_default());
            ExitCode::SUCCESS
        }
        (Some(status), _) if quit => {
            println!("{}", render(status.lang(), &Message::Stopped));
            ExitCode::SUCCESS
        }
        (Some(status), _) => {
            println!("{}", status_line(status, status.lang()));
            ExitCode::SUCCESS
        }
        (None, error) => {
            eprintln!("posture: {}", error.as_deref().unwrap_or("the daemon refused"));
            ExitCode::from(1)
        }
    }
}
