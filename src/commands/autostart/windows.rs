//! Windows: a value in the per-user Run key, set with `reg.exe`.
//! Unverified: written to the documented commands, never run (the daemon does not build on
//! Windows).

use std::process::{Command, ExitCode};

use crate::cli::AutostartCommand;

const RUN_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";

pub fn run(cmd: AutostartCommand, args: &[String]) -> anyhow::Result<ExitCode> {
    let reg = |extra: &[&str]| -> anyhow::Result<bool> { Ok(Command::new("reg").args(extra).status()?.success()) };
    let ok = match cmd {
        AutostartCommand::Enable { systemd: true } => {
            anyhow::bail!("--systemd is for Linux; on Windows posture uses the Run key")
        }
        AutostartCommand::Enable { systemd: false } => {
            let line = args.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(" ");
            reg(&["add", RUN_KEY, "/v", "posture", "/t", "REG_SZ", "/d", &line, "/f"])?
        }
        AutostartCommand::Disable => {
            if !reg(&["delete", RUN_KEY, "/v", "posture", "/f"])? {
                println!("nothing to disable: no Run value named posture");
            }
            true
        }
        AutostartCommand::Status => {
            if !reg(&["query", RUN_KEY, "/v", "posture"])? {
                println!("autostart: none");
            }
            true
        }
    };
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
