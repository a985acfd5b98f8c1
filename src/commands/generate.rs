//! `posture completions` and `posture man`: shell completions and man pages generated from the
//! clap definition in [`crate::cli`] (as [`help::command`] completes it) at run time, so they always list every subcommand the
//! binary has. Packages run the built binary to produce the files they install.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap_complete::Shell;

use crate::cli::ShellArg;
use crate::commands::help;
use crate::core::Lang;
use crate::core::text::FileAction;
use crate::load::Failing;

/// Prints the completion script for `shell`.
pub fn completions(shell: ShellArg) -> anyhow::Result<ExitCode> {
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
    };
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut help::command(Lang::En), "posture", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints posture(1), or with `dir` writes it and one page per visible subcommand there.
pub fn man(dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).file(FileAction::CreateDir, dir)?;
            clap_mangen::generate_to(help::command(Lang::En), dir).file(FileAction::WriteManPages, dir)?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(help::command(Lang::En)).render(&mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
