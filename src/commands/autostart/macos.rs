//! macOS: a LaunchAgent in `~/Library/LaunchAgents/`, which launchd loads at login.
//! Unverified: written to the documented format, never run (the daemon does not build on macOS).

use std::process::ExitCode;

use anyhow::Context;

use super::{absolute_env, daemon_state, lang, launch_agent_plist, remove, say, write};
use crate::cli::AutostartCommand;
use crate::core::text::{Message, OtherAutostart, render};

const LABEL: &str = "io.github.posture.Posture";

pub fn run(cmd: AutostartCommand, args: &[String]) -> anyhow::Result<ExitCode> {
    let path = absolute_env("HOME")
        .with_context(|| render(lang(), &Message::HomeNotSet))?
        .join("Library/LaunchAgents")
        .join(format!("{LABEL}.plist"));
    let ours = std::fs::read_to_string(&path).ok().map(|content| content.contains(LABEL));
    match cmd {
        AutostartCommand::Enable { systemd: true } => {
            anyhow::bail!("{}", render(lang(), &Message::SystemdIsForLinux { instead: OtherAutostart::LaunchAgent }))
        }
        AutostartCommand::Enable { systemd: false } => {
            write(&path, &launch_agent_plist(args))?;
            say(&Message::LaunchAgentWritten { path: path.display().to_string() });
        }
        AutostartCommand::Disable => match ours {
            Some(true) => {
                remove(&path)?;
                say(&Message::Removed { path: path.display().to_string() });
            }
            _ => say(&Message::NothingToDisableThere {
                what: OtherAutostart::LaunchAgent,
                path: path.display().to_string(),
            }),
        },
        AutostartCommand::Status => {
            let found = (ours == Some(true)).then(|| path.display().to_string());
            say(&Message::OtherAutostartStatus { what: OtherAutostart::LaunchAgent, found });
            println!("daemon:       {}", daemon_state());
        }
    }
    Ok(ExitCode::SUCCESS)
}
