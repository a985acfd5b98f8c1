use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use posture::cli::{Cli, Command};
use posture::commands;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("POSTURE_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = cli.config.as_deref();
    let result = match cli.command {
        Some(Command::Config(cmd)) => commands::config::run(config, cmd),
        Some(Command::Tip(args)) => commands::tip::run(config, args),
        Some(Command::Simulate(args)) => commands::simulate::run(config, args),
        None => {
            // The daemon arrives with the daemon issue; until then say so rather than pretend.
            eprintln!("posture: the background daemon is not built yet; see `posture --help` for what works now");
            Cli::command().print_help().ok();
            return ExitCode::from(2);
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
