//! `posture stats [--days N] [--json | --csv]`: the recorded history as a bar chart per day
//! (sitting, longest unbroken stretch, breaks taken / due), or the same numbers as JSON or CSV.
//!
//! The database is opened read-only, so this runs while the daemon records. Colour only when
//! standard output is a terminal and `NO_COLOR` is not set.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use serde::Serialize;

use crate::cli::StatsArgs;
use crate::clock;
use crate::core::Lang;
use crate::core::stats::{DaySummary, History, first_day, summarize};
use crate::core::text;
use crate::core::text::{FileAction, Message, Step};
use crate::core::time::Time;
use crate::load;
use crate::load::Failing;
use crate::outputs::stats::store;

/// The width of the longest bar, in terminal cells.
const BAR_WIDTH: usize = 28;

/// The history of the `days` local days up to today, oldest first.
pub fn load_days(days: u32, now: Time) -> anyhow::Result<Vec<DaySummary>> {
    let history = load_history(days, now)?;
    Ok(summarize(&history, &load::zone::system(), now, days, false))
}

/// The recorded rows that touch the last `days` local days (empty when nothing is recorded).
pub fn load_history(days: u32, now: Time) -> anyhow::Result<History> {
    let path = store::default_path().failed(Message::StepFailed { step: Step::FindHistory })?;
    let Some(conn) = store::open_read_only(&path)? else {
        return Ok(History::default());
    };
    let zone = load::zone::system();
    let since = zone.instant(first_day(&zone, now, days).and_time(chrono::NaiveTime::MIN));
    Ok(store::load(&conn, since).file(FileAction::Read, &path)?)
}

/// The language from the configuration, or the locale when the configuration cannot be read.
pub fn lang(config_path: Option<&Path>) -> Lang {
    let language = load::config::load(config_path).map_or(crate::core::config::Language::Auto, |l| l.config.language);
    load::resolve_lang(language, None)
}

#[derive(Serialize)]
struct Json<'a> {
    days: &'a [DaySummary],
}

pub fn run(config_path: Option<&Path>, args: StatsArgs) -> anyhow::Result<ExitCode> {
    let days = load_days(args.days, clock::now())?;
    // Standard output is line-buffered; a year of JSON is thousands of lines.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &Json { days: &days })?;
        out.write_all(b"\n")?;
    } else if args.csv {
        write_csv(&mut out, &days)?;
    } else {
        let colour = colour_wanted(std::io::stdout().is_terminal(), std::env::var_os("NO_COLOR"));
        let lang = lang(config_path);
        write_text(&mut out, &days, lang, colour)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Colour on a terminal, unless `NO_COLOR` is set to anything but the empty string.
fn colour_wanted(terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

fn write_csv(out: &mut impl Write, days: &[DaySummary]) -> std::io::Result<()> {
    writeln!(
        out,
        "date,sitting_seconds,meeting_seconds,away_seconds,longest_stretch_seconds,breaks_taken,breaks_due,\
         reminders,taken,natural,skipped,snoozed,ignored"
    )?;
    for d in days {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            d.date,
            d.sitting_seconds,
            d.meeting_seconds,
            d.away_seconds,
            d.longest_stretch_seconds,
            d.breaks_taken,
            d.breaks_due,
            d.reminders,
            d.taken,
            d.natural,
            d.skipped,
            d.snoozed,
            d.ignored
        )?;
    }
    Ok(())
}

/// The terminal summary: one bar per day, scaled to the longest day.
pub fn write_text(out: &mut impl Write, days: &[DaySummary], lang: Lang, colour: bool) -> std::io::Result<()> {
    let labels = text::stats_labels(lang);
    let paint = |code: &str, s: &str| if colour { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let short = |seconds: u64| text::duration_short(lang, Duration::from_secs(seconds));
    let unit = if days.len() == 1 { labels.last_day } else { labels.last_days.1 };
    writeln!(out, "{}", paint("1", &format!("{} {} {unit}", labels.last_days.0, days.len())))?;
    if days.iter().all(|d| d.sitting_seconds == 0 && d.breaks_due == 0) {
        writeln!(out, "{}", labels.no_history)?;
        return Ok(());
    }
    let widest = days.iter().map(|d| d.sitting_seconds).max().unwrap_or(0).max(3600);
    writeln!(
        out,
        "{:<11} {:<width$} {:>11} {:>11} {:>7}",
        labels.day,
        "",
        labels.sitting,
        labels.longest,
        labels.breaks,
        width = BAR_WIDTH
    )?;
    for d in days {
        let bar = bar(d.sitting_seconds, widest);
        let stretch_colour = if d.longest_stretch_seconds >= 90 * 60 {
            "31"
        } else if d.longest_stretch_seconds >= 60 * 60 {
            "33"
        } else {
            "32"
        };
        let breaks = format!("{}/{}", d.breaks_taken, d.breaks_due);
        let breaks_colour = match (d.breaks_taken * 10).checked_div(d.breaks_due) {
            None => "2",
            Some(r) if r >= 8 => "32",
            Some(r) if r >= 5 => "33",
            Some(_) => "31",
        };
        writeln!(
            out,
            "{:<11} {}{} {:>11} {} {}",
            labels.date(d.date),
            paint("36", &bar),
            " ".repeat(BAR_WIDTH - bar.chars().count()),
            short(d.sitting_seconds),
            paint(stretch_colour, &format!("{:>11}", short(d.longest_stretch_seconds))),
            paint(breaks_colour, &format!("{breaks:>7}")),
        )?;
    }
    let total_sitting: u64 = days.iter().map(|d| d.sitting_seconds).sum();
    let longest = days.iter().map(|d| d.longest_stretch_seconds).max().unwrap_or(0);
    let taken: u32 = days.iter().map(|d| d.breaks_taken).sum();
    let due: u32 = days.iter().map(|d| d.breaks_due).sum();
    writeln!(
        out,
        "{:<11} {:<width$} {:>11} {:>11} {:>7}",
        labels.total,
        "",
        short(total_sitting),
        short(longest),
        format!("{taken}/{due}"),
        width = BAR_WIDTH
    )?;
    Ok(())
}

/// A bar of `value / widest` of [`BAR_WIDTH`] cells, in eighths of a cell.
fn bar(value: u64, widest: u64) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = (value * BAR_WIDTH as u64 * 8).div_ceil(widest.max(1)) as usize;
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(EIGHTHS[eighths % 8]);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_widest_day_in_eighths() {
        assert_eq!(bar(0, 3600), "");
        assert_eq!(bar(3600, 3600).chars().count(), BAR_WIDTH);
        assert_eq!(bar(3600 / 16, 3600), "█▊");
    }

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        assert!(colour_wanted(true, None));
        assert!(colour_wanted(true, Some("".into())));
        assert!(!colour_wanted(true, Some("1".into())));
        assert!(!colour_wanted(false, None));
        let day = crate::core::stats::summarize(
            &History::default(),
            &crate::core::time::Zone::utc(),
            Time::from_micros(0),
            1,
            false,
        );
        let mut busy = day.clone();
        busy[0].sitting_seconds = 5400;
        busy[0].longest_stretch_seconds = 5400;
        for (colour, escapes) in [(true, true), (false, false)] {
            let mut out = Vec::new();
            write_text(&mut out, &busy, Lang::En, colour).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert_eq!(text.contains('\x1b'), escapes, "{text}");
            assert!(text.contains("1 h 30 min"), "{text}");
        }
        for (lang, heading) in [(Lang::En, "Last 1 day\n"), (Lang::Nl, "Laatste 1 dag\n")] {
            let mut out = Vec::new();
            write_text(&mut out, &busy, lang, false).unwrap();
            assert!(String::from_utf8(out).unwrap().starts_with(heading), "one day, singular");
        }
    }
}
