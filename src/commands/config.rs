//! `posture config init`, `check` and `path`.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::ConfigCommand;
use crate::core::config::{Config, DEFAULT_TOML};
use crate::core::text::{Message, render};
use crate::load::config::{create_default, resolve_path};

const INIT_HINT: &str = "`posture config init --write` creates it";

/// Runs a `posture config` subcommand.
pub fn run(config: Option<&Path>, cmd: ConfigCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ConfigCommand::Init { write: false } => {
            io::stdout().write_all(DEFAULT_TOML.as_bytes()).context("cannot write to standard output")?;
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Init { write: true } => init_write(&resolve_path(config)?),
        ConfigCommand::Check { file } => match (file, config) {
            (Some(file), _) => check(&file),
            (None, Some(explicit)) => check(&resolve_path(Some(explicit))?),
            // No file at the default path is a fresh install: the defaults are fine.
            (None, None) => {
                let path = resolve_path(None)?;
                if path.exists() {
                    check(&path)
                } else {
                    let lang = crate::load::resolve_lang(crate::core::config::Language::Auto, None);
                    println!("{}", render(lang, &Message::NoConfigFile { path: path.display().to_string() }));
                    Ok(ExitCode::SUCCESS)
                }
            }
        },
        ConfigCommand::Path => {
            let path = resolve_path(config)?;
            println!("{}", path.display());
            if !path.exists() {
                eprintln!("(does not exist yet; {INIT_HINT})");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn init_write(path: &Path) -> anyhow::Result<ExitCode> {
    if !create_default(path).with_context(|| format!("cannot create {}", path.display()))? {
        bail!("{} already exists; not overwriting it (`posture config check` checks it)", path.display())
    }
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let text = match crate::load::read_text(path, crate::load::SMALL_FILE) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            bail!("cannot check {}: the file does not exist", path.display())
        }
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    match Config::parse(&text, &path.display().to_string()) {
        Ok(_) => {
            println!("{}: ok", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            // The located error alone, compiler style, without the usual "posture:" prefix.
            eprintln!("{err}");
            Ok(ExitCode::from(1))
        }
    }
}
