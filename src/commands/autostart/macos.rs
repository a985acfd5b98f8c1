//! macOS: a LaunchAgent in `~/Library/LaunchAgents/`, which launchd loads at login.
//! Unverified: written to the documented format, never run (the daemon does not build on macOS).

use std::process::ExitCode;

use anyhow::Context;

use super::{absolute_env, daemon_state, launch_agent_plist, remove, write};
use crate::cli::AutostartCommand;

const LABEL: &str = "io.github.posture.Posture";

pub fn run(cmd: AutostartCommand, args: &[String]) -> anyhow::Result<ExitCode> {
    let path =
        absolute_env("HOME").context("HOME is not set")?.join("Library/LaunchAgents").join(format!("{LABEL}.plist"));
    let ours = std::fs::read_to_string(&path).ok().map(|content| content.contains(LABEL));
    match cmd {
        AutostartCommand::Enable { systemd: true } => {
            anyhow::bail!("--systemd is for Linux; on macOS posture uses a LaunchAgent")
        }
        AutostartCommand::Enable { systemd: false } => {
            write(&path, &launch_agent_plist(args))?;
            println!("wrote {}; it loads at your next login", path.display());
        }
        AutostartCommand::Disable => match ours {
            Some(true) => {
                remove(&path)?;
                println!("removed {}", path.display());
            }
            _ => println!("nothing to disable: no LaunchAgent of posture's at {}", path.display()),
        },
        AutostartCommand::Status => {
            let agent = if ours == Some(true) { path.display().to_string() } else { "none".to_string() };
            println!("launch agent: {agent}");
            println!("daemon:       {}", daemon_state());
        }
    }
    Ok(ExitCode::SUCCESS)
}
