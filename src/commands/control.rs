//! The client commands: `posture status`, `break`, `snooze`, `pause`, `resume`, `skip`,
//! `meeting`, `interval` and `quit` send their words to the running daemon and print its answer.
//! Without a daemon they say so in one line and exit 2.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Command, KindArg, MeetingCommand};
use crate::control::client::{self, ClientError};
use crate::control::protocol::{Response, StatusReport, status_line};
use crate::core::Kind;
use crate::core::config::Language;
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
        // What a skip skips, and so what to say, depends on whether a reminder was open.
        let before = if words.trim() == "skip" { client::request("status").ok().and_then(|r| r.status) } else { None };
        client::request(words.trim()).map(|response| print(&response, json, words.trim(), before.as_ref()))
    };
    match outcome {
        Ok(code) => Ok(code),
        Err(ClientError::NotRunning(socket)) => {
            let socket = socket.display().to_string();
            eprintln!("posture: {}", render(locale_lang(), &Message::NotRunning { socket }));
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

/// The language of the configuration at the default path, else the locale's: what to speak
/// when the daemon gave none.
fn locale_lang() -> crate::core::Lang {
    let language = crate::load::config::load(None).map_or(Language::Auto, |loaded| loaded.config.language);
    crate::load::resolve_lang(language, None)
}

/// Prints the daemon's answer to `words`: the new status line, or what the command did where
/// the status alone would not say (`quit`, `skip`, `interval`).
fn print(response: &Response, json: bool, words: &str, before: Option<&StatusReport>) -> ExitCode {
    let command = words.split_whitespace().next().unwrap_or_default();
    match (&response.status, &response.error) {
        (Some(status), _) if json => {
            println!("{}", serde_json::to_string_pretty(status).unwrap_or_default());
            ExitCode::SUCCESS
        }
        (Some(status), _) if command == "quit" => {
            println!("{}", render(status.lang(), &Message::Stopped));
            ExitCode::SUCCESS
        }
        (Some(status), _) if command == "skip" => {
            let lang = status.lang();
            let said = match before {
                Some(StatusReport { pending: Some(kind), .. }) => Message::LogBreakSkipped { kind: *kind },
                Some(before) => Message::SkippedNext { kind: before.next_break.kind },
                None => Message::LogBreakSkipped { kind: status.next_break.kind },
            };
            println!("{}", render(lang, &said));
            println!("{}", status_line(status, lang));
            ExitCode::SUCCESS
        }
        (Some(status), _) if command == "interval" => {
            let kind = if words.split_whitespace().nth(1) == Some("micro") { Kind::Micro } else { Kind::Rest };
            let every = match kind {
                Kind::Micro => status.every_seconds.micro,
                Kind::Rest => status.every_seconds.rest,
            };
            let every = std::time::Duration::from_secs(every);
            let path = status.config_file.clone();
            println!("{}", render(status.lang(), &Message::IntervalSet { kind, every, path }));
            ExitCode::SUCCESS
        }
        (Some(status), _) => {
            println!("{}", status_line(status, status.lang()));
            ExitCode::SUCCESS
        }
        (None, Some(error)) => {
            eprintln!("posture: {error}");
            ExitCode::from(1)
        }
        (None, None) => {
            eprintln!("posture: {}", render(locale_lang(), &Message::DaemonRefused));
            ExitCode::from(1)
        }
    }
}
