use std::process::ExitCode;

use clap::FromArgMatches;
use posture::cli::{Cli, Command, DaemonArgs};
use posture::commands;
use posture::core::text::{Message, render};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = commands::help::language(&args);
    let command = commands::help::command(lang);
    let matches = match command.clone().try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(err) => commands::help::exit_on_error(&err, lang, &command, &args),
    };
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let daemon_args = match &cli.command {
        Some(Command::Daemon(args)) => *args,
        None => cli.daemon,
        Some(_) => DaemonArgs::default(),
    };
    posture::logging::init(daemon_args.verbose);
    let config_path = commands::help::config_path(&matches);
    let config = config_path.as_deref();
    if commands::help::config_ignored(&matches) {
        eprintln!("posture: {}", render(lang, &Message::ConfigIgnored));
        return ExitCode::from(2);
    }
    let result = match cli.command {
        None | Some(Command::Daemon(_)) if daemon_args.detach => commands::detach::run(config, daemon_args),
        None | Some(Command::Daemon(_)) => posture::daemon::run(config),
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
            eprintln!("posture: {}", posture::load::config::error_text(&err, lang));
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
