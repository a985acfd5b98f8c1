//! `posture meetings [--days N] [--json]`: what posture will treat as meetings from the
//! configured calendars, and why each event was kept or left out.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::MeetingsArgs;
use crate::clock;
use crate::core::calendar::{Verdict, expand_all};
use crate::core::text::{self, Message, render};
use crate::core::time::Time;
use crate::load;

#[derive(Serialize)]
struct Line<'a> {
    start: String,
    end: String,
    summary: &'a str,
    meeting: bool,
    why: &'a str,
    calendar: &'a str,
    line: usize,
    recurring: bool,
    changed: bool,
}

pub fn run(config_path: Option<&Path>, args: MeetingsArgs) -> anyhow::Result<ExitCode> {
    let loaded = load::config::load(config_path)?;
    let lang = load::resolve_lang(loaded.config.language, None);
    let settings = &loaded.config.meetings;
    if settings.calendars.is_empty() {
        eprintln!("posture: {}", render(lang, &Message::NoCalendars));
        return Ok(ExitCode::SUCCESS);
    }
    let mut calendars = Vec::new();
    let mut failed = false;
    for path in &settings.calendars {
        match load::calendars::read(path) {
            Ok(calendar) => calendars.push(calendar),
            Err(e) => {
                eprintln!("posture: {}", load::config::error_text(&e, lang));
                failed = true;
            }
        }
    }
    for problem in calendars.iter().flat_map(|c| &c.problems) {
        eprintln!("posture: {}", problem.render(lang));
    }
    let zone = load::zone::system();
    let now = clock::now();
    let from = zone.instant(zone.local(now).date().and_time(chrono::NaiveTime::MIN));
    let to = from + std::time::Duration::from_secs(86_400 * u64::from(args.days));
    let expansion = expand_all(&calendars, from, to, &settings.me, &zone);
    for cut in &expansion.cuts {
        eprintln!("posture: {}", cut.render(lang));
    }
    let occurrences = expansion.occurrences;
    let local = |t: Time| t.to_utc().with_timezone(&chrono::Local);
    let mut out = std::io::stdout().lock();
    if occurrences.is_empty() && !args.json {
        writeln!(out, "{}", render(lang, &Message::NoMeetings { days: args.days }))?;
    }
    for o in &occurrences {
        if args.json {
            let line = Line {
                start: local(o.start).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                end: local(o.end).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                summary: &o.summary,
                meeting: o.is_meeting(),
                why: o.verdict.as_str(),
                calendar: &o.calendar,
                line: o.line,
                recurring: o.recurring,
                changed: o.changed,
            };
            serde_json::to_writer(&mut out, &line)?;
            writeln!(out)?;
        } else {
            let name = Path::new(&o.calendar).file_name().map_or(o.calendar.clone(), |n| n.to_string_lossy().into());
            // An all-day event runs midnight to midnight: "00:00-00:00" would read as nothing.
            let when = if o.verdict == Verdict::AllDay {
                render(lang, &Message::AllDay)
            } else {
                format!("{}-{}", local(o.start).format("%H:%M"), local(o.end).format("%H:%M"))
            };
            let note = if o.changed {
                format!(", {}", text::event_note(lang, true))
            } else if o.recurring {
                format!(", {}", text::event_note(lang, false))
            } else {
                String::new()
            };
            writeln!(
                out,
                "{} {:<11}  {:<11} {}  ({name}:{}{note})",
                local(o.start).format("%Y-%m-%d"),
                when,
                text::verdict(lang, o.verdict),
                o.summary,
                o.line,
            )?;
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
