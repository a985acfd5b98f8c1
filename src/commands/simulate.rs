//! `posture simulate [--config FILE] TRACE`: read a trace (a file or `-` for standard input),
//! replay it under the configuration and print one JSON line per event.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use crate::cli::SimulateArgs;
use crate::commands::{config, tip};
use crate::simulate;

/// Tips rotate from a fixed seed so that the same trace always gives the same output.
const SEED: u64 = 0x5eed;

pub fn run(config_path: Option<&Path>, args: SimulateArgs) -> anyhow::Result<ExitCode> {
    let loaded = config::load(config_path)?;
    let catalogue = tip::load_catalogue(&loaded.config)?;
    let lang = tip::resolve_lang(loaded.config.language, None);
    let text = if args.trace.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("reading the trace from standard input")?;
        text
    } else {
        std::fs::read_to_string(&args.trace).with_context(|| format!("reading {}", args.trace.display()))?
    };
    let origin = if args.trace.as_os_str() == "-" { "<stdin>".to_string() } else { args.trace.display().to_string() };
    let trace = simulate::trace::parse(&text).with_context(|| origin.clone())?;
    let events = simulate::run(loaded.config, Arc::new(catalogue), lang, &trace, SEED);
    let mut out = std::io::stdout().lock();
    for event in events {
        serde_json::to_writer(&mut out, &event)?;
        out.write_all(b"\n")?;
    }
    Ok(ExitCode::SUCCESS)
}
