//! `posture daemon --detach`: starts the daemon as a background process of its own and returns
//! once it answers on the control socket, so a script (or a person closing the terminal) can
//! rely on it running. Its log goes to `daemon.log` in the state directory.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::cli::DaemonArgs;
use crate::control::client;
use crate::core::config::Language;
use crate::core::text::{FileAction, Message, Step, render};
use crate::load::Failing;
use crate::paths;

/// How long the daemon may take to open its socket (it starts in well under a second).
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// Starts `posture daemon` in the background and waits until it answers.
pub fn run(config: Option<&Path>, args: DaemonArgs) -> anyhow::Result<ExitCode> {
    let language = crate::load::config::load(config).map_or(Language::Auto, |loaded| loaded.config.language);
    let lang = crate::load::resolve_lang(language, None);
    if let Ok(response) = client::request("status")
        && let Some(status) = response.status
    {
        eprintln!("posture: {}", render(lang, &Message::AlreadyRunning { pid: status.pid.to_string() }));
        return Ok(ExitCode::from(1));
    }
    let dir = paths::state_dir().failed(Message::StepFailed { step: Step::FindStateDir })?;
    std::fs::create_dir_all(&dir).file(FileAction::CreateDir, &dir)?;
    let log_path = dir.join("daemon.log");
    let log = File::create(&log_path).file(FileAction::Create, &log_path)?;
    let mut command = Command::new(std::env::current_exe().failed(Message::StepFailed { step: Step::FindProgram })?);
    if let Some(config) = config {
        // The daemon's working directory is the root, so a relative path would point elsewhere.
        command.arg("--config").arg(std::path::absolute(config)?);
    }
    command.arg("daemon");
    if args.verbose > 0 {
        command.arg(format!("-{}", "v".repeat(usize::from(args.verbose))));
    }
    let mut child = command
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        // Its own process group: Ctrl-C in this terminal and the shell's hangup on exit miss it.
        .process_group(0)
        .spawn()
        .failed(Message::StepFailed { step: Step::StartDaemon })?;
    let shown = log_path.display().to_string();
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait()? {
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            eprint!("{log}");
            eprintln!("posture: {} ({status})", render(lang, &Message::DetachFailed { log: shown }));
            return Ok(ExitCode::from(1));
        }
        if let Ok(response) = client::request("status")
            && response.status.is_some_and(|status| status.pid == child.id())
        {
            println!("{}", render(lang, &Message::Detached { pid: child.id(), log: shown }));
            return Ok(ExitCode::SUCCESS);
        }
        if Instant::now() > deadline {
            eprintln!("posture: {}", render(lang, &Message::DetachFailed { log: shown }));
            return Ok(ExitCode::from(1));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
