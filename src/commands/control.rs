//! The client commands: `posture status`, `break`, `snooze`, `pause`, `resume`, `skip`,
//! `meeting`, `interval` and `quit` send their words to the running daemon and print its answer.
//! Without a daemon they say so in one line and exit 2.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Command, KindArg, MeetingCommand};
use crate::control::client::{self, ClientError};
use crate::control::protocol::{Response, StatusReport};
use crate::core::engine::Mode;
use crate::core::{Kind, Lang};

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
        client::request(words.trim()).map(|response| print(&response, json))
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

fn print(response: &Response, json: bool) -> ExitCode {
    match (&response.status, &response.error) {
        (Some(status), _) if json => {
            println!("{}", serde_json::to_string_pretty(status).unwrap_or_default());
            ExitCode::SUCCESS
        }
        (Some(status), _) => {
            let lang = if status.language == "nl" { Lang::Nl } else { Lang::En };
            println!("{}", status_line(status, lang));
            ExitCode::SUCCESS
        }
        (None, error) => {
            eprintln!("posture: {}", error.as_deref().unwrap_or("the daemon refused"));
            ExitCode::from(1)
        }
    }
}

/// One line saying where the user stands, in their language.
pub fn status_line(status: &StatusReport, lang: Lang) -> String {
    let minutes = |s: u64| s.div_ceil(60);
    let time = |at: &Option<String>| at.as_deref().and_then(|t| t.get(11..16)).unwrap_or("").to_string();
    let break_name = |kind: Kind| match (kind, lang) {
        (Kind::Micro, Lang::En) => "posture check",
        (Kind::Micro, Lang::Nl) => "houdingscheck",
        (Kind::Rest, Lang::En) => "stand-up break",
        (Kind::Rest, Lang::Nl) => "beweegpauze",
    };
    let next = &status.next_break;
    let sitting = minutes(status.sitting_seconds.rest);
    match (status.state, lang) {
        (Mode::Paused, Lang::En) if status.paused_until.is_some() => {
            format!("Paused until {}", time(&status.paused_until))
        }
        (Mode::Paused, Lang::Nl) if status.paused_until.is_some() => {
            format!("Gepauzeerd tot {}", time(&status.paused_until))
        }
        (Mode::Paused, Lang::En) => "Paused".into(),
        (Mode::Paused, Lang::Nl) => "Gepauzeerd".into(),
        (Mode::Snoozed, Lang::En) => format!("Snoozed until {}", time(&status.snoozed_until)),
        (Mode::Snoozed, Lang::Nl) => format!("Uitgesteld tot {}", time(&status.snoozed_until)),
        (Mode::Meeting, Lang::En) => format!("In a meeting · sitting {sitting} min"),
        (Mode::Meeting, Lang::Nl) => format!("In een vergadering · {sitting} min zittend"),
        (Mode::OutsideSchedule, Lang::En) => "Outside your schedule".into(),
        (Mode::OutsideSchedule, Lang::Nl) => "Buiten je schema".into(),
        (Mode::Away, Lang::En) => "Away".into(),
        (Mode::Away, Lang::Nl) => "Afwezig".into(),
        (Mode::Active, Lang::En) if status.pending.is_some() => {
            format!("Time for a {} · sitting {sitting} min", break_name(next.kind))
        }
        (Mode::Active, Lang::Nl) if status.pending.is_some() => {
            format!("Tijd voor een {} · {sitting} min zittend", break_name(next.kind))
        }
        (Mode::Active, Lang::En) => {
            format!("Next: {} in {} min · sitting {sitting} min", break_name(next.kind), minutes(next.in_seconds))
        }
        (Mode::Active, Lang::Nl) => {
            format!("Volgende: {} over {} min · {sitting} min zittend", break_name(next.kind), minutes(next.in_seconds))
        }
    }
}
