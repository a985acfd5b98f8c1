//! `posture config init`, `check`, `path` and `edit`.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use crate::cli::ConfigCommand;
use crate::core::Lang;
use crate::core::config::{Config, DEFAULT_TOML, Language};
use crate::core::text::{FileAction, Message, Step, render};
use crate::load::Failing;
use crate::load::config::{create_default, resolve_path};

/// Runs a `posture config` subcommand.
pub fn run(config: Option<&Path>, cmd: ConfigCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ConfigCommand::Init { write: false } => {
            io::stdout().write_all(DEFAULT_TOML.as_bytes()).failed(Message::StepFailed { step: Step::WriteStdout })?;
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
                eprintln!("{}", render(lang(config), &Message::NotYetCreated));
            }
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Edit => edit(&resolve_path(config)?, lang(config)),
    }
}

/// The language to speak: the configuration's, or the locale's when it cannot be read.
fn lang(config: Option<&Path>) -> Lang {
    let language = crate::load::config::load(config).map_or(Language::Auto, |loaded| loaded.config.language);
    crate::load::resolve_lang(language, None)
}

fn init_write(path: &Path) -> anyhow::Result<ExitCode> {
    let lang = lang(Some(path));
    if !create_default(path).file(FileAction::Create, path)? {
        bail!("{}", render(lang, &Message::AlreadyExists { path: path.display().to_string() }))
    }
    println!("{}", render(lang, &Message::Wrote { path: path.display().to_string() }));
    Ok(ExitCode::SUCCESS)
}

/// `posture config edit`, as visudo does it: the editor works on a copy beside the file, and
/// only a copy that parses replaces it; on an error the user may edit again or keep the copy.
/// A running daemon watches the file and applies the new one by itself.
fn edit(path: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    // A config linked from a dotfiles repository stays a link: the file it points to is edited.
    let path = &std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let shown = path.display().to_string();
    let original = match crate::load::read_text(path, crate::load::SMALL_FILE) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err).file(FileAction::Read, path).map_err(Into::into),
    };
    let copy = editing_copy(path);
    let start = original.clone().unwrap_or_else(|| DEFAULT_TOML.to_string());
    crate::atomic_file::write(&copy, start.as_bytes()).file(FileAction::Write, &copy)?;
    loop {
        run_editor(&copy, lang)?;
        let edited = std::fs::read_to_string(&copy).file(FileAction::Read, &copy)?;
        if original.as_deref() == Some(edited.as_str()) {
            let _ = std::fs::remove_file(&copy);
            println!("{}", render(lang, &Message::EditUnchanged { path: shown }));
            return Ok(ExitCode::SUCCESS);
        }
        match Config::parse(&edited, &shown) {
            Ok(_) => {
                crate::atomic_file::write(path, edited.as_bytes()).file(FileAction::Write, path)?;
                let _ = std::fs::remove_file(&copy);
                println!("{}", render(lang, &Message::EditSaved { path: shown }));
                return Ok(ExitCode::SUCCESS);
            }
            Err(err) => {
                eprintln!("{}", err.render(lang));
                if !ask(&render(lang, &Message::EditAgain))? {
                    let aside = copy.display().to_string();
                    eprintln!("{}", render(lang, &Message::EditKeptAside { path: shown, aside }));
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
}

/// The copy the editor works on: beside the file, so the final rename stays on one file system,
/// and ending in .toml, so the editor highlights it.
fn editing_copy(path: &Path) -> PathBuf {
    let name = path.file_stem().map_or_else(|| "config".into(), |stem| stem.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.editing.toml"))
}

/// Runs `$VISUAL`, `$EDITOR`, `editor` or `vi` on `file`, through the shell as other tools do,
/// so an editor with arguments (`code --wait`) works.
fn run_editor(file: &Path, lang: Lang) -> anyhow::Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| if on_path("editor") { "editor".into() } else { "vi".into() });
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .file(FileAction::Run, Path::new(&editor))?;
    if !status.success() {
        bail!("{}", render(lang, &Message::EditorFailed { editor, code: status.code() }));
    }
    Ok(())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Asks a yes-or-no question whose default is yes; no answer (end of input) is no.
fn ask(question: &str) -> anyhow::Result<bool> {
    eprint!("{question}");
    io::stderr().flush()?;
    let mut answer = String::new();
    if io::stdin().lock().read_line(&mut answer)? == 0 {
        eprintln!();
        return Ok(false);
    }
    Ok(matches!(answer.trim().to_lowercase().as_str(), "" | "y" | "yes" | "j" | "ja"))
}

fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let text = match crate::load::read_text(path, crate::load::SMALL_FILE) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            bail!("{}", render(lang(None), &Message::CannotCheckMissing { path: path.display().to_string() }))
        }
        Err(err) => {
            return Err(err).file(FileAction::Read, path).map_err(Into::into);
        }
    };
    match Config::parse(&text, &path.display().to_string()) {
        Ok(_) => {
            println!("{}", render(lang(Some(path)), &Message::ConfigOk { path: path.display().to_string() }));
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            // The located error alone, compiler style, without the usual "posture:" prefix.
            eprintln!("{}", err.render(lang(None)));
            Ok(ExitCode::from(1))
        }
    }
}
