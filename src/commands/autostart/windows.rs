//! Windows: a value in the per-user Run key, set with `reg.exe`.
//! Unverified: written to the documented commands, never run (the daemon does not build on
//! Windows).

use std::process::{Command, ExitCode};

use super::{lang, say};
use crate::cli::AutostartCommand;
use crate::core::text::{Message, OtherAutostart, render};

const RUN_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";

pub fn run(cmd: AutostartCommand, args: &[String]) -> anyhow::Result<ExitCode> {
    let reg = |extra: &[&str]| -> anyhow::Result<bool> { Ok(Command::new("reg").args(extra).status()?.success()) };
    let ok = match cmd {
        AutostartCommand::Enable { systemd: true } => {
            anyhow::bail!("{}", render(lang(), &Message::SystemdIsForLinux { instead: OtherAutostart::RunKey }))
        }
        AutostartCommand::Enable { systemd: false } => {
            let line = args.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(" ");
            reg(&["add", RUN_KEY, "/v", "posture", "/t", "REG_SZ", "/d", &line, "/f"])?
        }
        AutostartCommand::Disable => {
            if !reg(&["delete", RUN_KEY, "/v", "posture", "/f"])? {
                say(&Message::NothingToDisableThere { what: OtherAutostart::RunKey, path: RUN_KEY.to_string() });
            }
            true
        }
        AutostartCommand::Status => {
            if !reg(&["query", RUN_KEY, "/v", "posture"])? {
                say(&Message::OtherAutostartStatus { what: OtherAutostart::RunKey, found: None });
            }
            true
        }
    };
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
