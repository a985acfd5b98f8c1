//! `posture simulate [--config FILE] TRACE`: read a trace (a file or `-` for standard input),
//! replay it under the configuration and print one JSON line per event.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use crate::cli::SimulateArgs;
use crate::core::Lang;
use crate::core::calendar::{expand_all, meeting_intervals};
use crate::core::config::Config;
use crate::core::text::{FileAction, Message, Step};
use crate::core::time::{Time, Zone};
use crate::load;
use crate::load::Failing;
use crate::simulate;
use crate::simulate::trace::TraceLine;

/// Tips rotate from a fixed seed so that the same trace always gives the same output.
const SEED: u64 = 0x5eed;

pub fn run(config_path: Option<&Path>, args: SimulateArgs) -> anyhow::Result<ExitCode> {
    if args.history {
        return super::history::run(config_path, args.days);
    }
    let trace_path = args.trace.failed(Message::StepFailed { step: Step::NoTrace })?;
    let loaded = load::config::load(config_path)?;
    let catalogue = load::tips::catalogue(&loaded.config)?;
    let lang = load::resolve_lang(loaded.config.language, None);
    let text = if trace_path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).failed(Message::StepFailed { step: Step::ReadStdin })?;
        text
    } else {
        std::fs::read_to_string(&trace_path).file(FileAction::Read, &trace_path)?
    };
    let origin = if trace_path.as_os_str() == "-" { "<stdin>".to_string() } else { trace_path.display().to_string() };
    let trace = simulate::trace::parse(&text).with_context(|| origin.clone())?;
    let calendar = calendar_meetings(&loaded.config, lang, &trace)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    simulate::stream(loaded.config, Arc::new(catalogue), lang, &trace, SEED, calendar, |event| {
        serde_json::to_writer(&mut out, &event)?;
        out.write_all(b"\n")
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The configured calendars' meetings over the trace's days, in the trace's offset.
fn calendar_meetings(config: &Config, lang: Lang, trace: &[TraceLine]) -> anyhow::Result<Vec<(Time, Time)>> {
    let (Some(first), Some(last)) = (trace.first(), trace.last()) else {
        return Ok(Vec::new());
    };
    let mut calendars = Vec::new();
    for path in &config.meetings.calendars {
        calendars.push(load::calendars::read(path)?);
    }
    for problem in calendars.iter().flat_map(|c| &c.problems) {
        eprintln!("posture: {}", problem.render(lang));
    }
    let zone = Zone::Fixed(*first.at.offset());
    let day = std::time::Duration::from_secs(86_400);
    let from = Time::from_chrono(&first.at) - day;
    let to = Time::from_chrono(&last.at) + day;
    let expansion = expand_all(&calendars, from, to, &config.meetings.me, &zone);
    for cut in &expansion.cuts {
        eprintln!("posture: {}", cut.render(lang));
    }
    Ok(meeting_intervals(&expansion.occurrences))
}
