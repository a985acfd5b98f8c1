use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use posture::cli::{Cli, Command};
use posture::commands;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("POSTURE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    let config = cli.config.as_deref();
    let result = match cli.command {
        None | Some(Command::Daemon) => posture::daemon::run(config),
        Some(Command::Config(cmd)) => commands::config::run(config, cmd),
        Some(Command::Tip(args)) => commands::tip::run(config, args),
        Some(Command::Simulate(args)) => commands::simulate::run(config, args),
        Some(Command::Autostart(cmd)) => commands::autostart::run(config, cmd),
        Some(Command::Completions { shell }) => commands::generate::completions(shell),
        Some(Command::Man { dir }) => commands::generate::man(dir.as_deref()),
        Some(Command::Stats(args)) => commands::stats::run(config, args),
        Some(Command::Report(args)) => commands::report::run(config, args),
        Some(Command::Meetings(args)) => commands::meetings::run(config, args),
        Some(Command::BreakScreen(args)) => commands::break_screen::run(config, args),
        Some(command) => {
            let (json, follow) = match command {
                Command::Status { json, follow } => (json, follow),
                _ => (false, false),
            };
            let words = commands::control::words(&command).expect("every other command goes to the daemon");
            commands::control::run(&words, json, follow)
        }
    };
    match result {
        Ok(code) => code,
        // The reader went away (`posture simulate … | head`): nothing more to say.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("posture: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| cause.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind));
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
