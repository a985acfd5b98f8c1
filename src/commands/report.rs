//! `posture report [--days N] [--output FILE.html]`: the recorded history as one self-contained
//! HTML page: inline CSS and SVG, no scripts, no fonts or anything else from the network.
//!
//! The page shows sitting per day, when in the day the long stretches happen (an hour-of-day
//! heatmap), how each break ended, which exercises came up (with their pictures), and advice
//! for the body areas of the exercises that were skipped. [`render`] is a pure function of the
//! day summaries and the skipped exercises, so it is tested without a database. The markup is maud's: checked when compiled,
//! and every value spliced in is escaped.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::cli::ReportArgs;
use crate::clock;
use crate::commands::stats;
use crate::core::Lang;
use crate::core::figure;
use crate::core::stats::{DaySummary, Outcome, summarize};
use crate::core::text;
use crate::core::text::{FileAction, Message, Step};
use crate::core::tips::{Advice, Catalogue};
use crate::load;
use crate::load::Failing;

/// Outcome colours, in the order of [`Outcome::ALL`].
const OUTCOME_COLOURS: [&str; 5] = ["#2f9e6e", "#7cc4a0", "#e0a030", "#8fa4c8", "#d0605a"];

/// The page's only style sheet, inline so the file stands alone.
const STYLE: &str = r#"
body { margin: 0; background: #f4f1ea; color: #2b2a27; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 28px 48px; }
h1 { font-size: 30px; margin: 0; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 0 0 4px; }
.range { color: #6f6a60; margin: 4px 0 24px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin-bottom: 22px; }
.card, section { background: #fffdf8; border-radius: 14px; box-shadow: 0 1px 3px rgba(60,50,30,.12); }
.card { padding: 14px 18px; }
.card b { display: block; font-size: 26px; font-weight: 650; color: #24564a; }
.card span { color: #6f6a60; font-size: 13px; }
section { padding: 20px 22px; margin-bottom: 18px; }
.note { color: #6f6a60; font-size: 13px; margin: 0 0 12px; }
svg text { font: 12px system-ui, sans-serif; fill: #5d584f; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; font-size: 13px; margin-top: 8px; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; }
td { padding: 6px 8px; border-top: 1px solid #ece6da; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; color: #24564a; font-weight: 600; width: 3em; }
td.pic { width: 132px; } td.pic svg { width: 120px; height: auto; display: block; }
ul.advice { margin: 0; padding-left: 20px; } ul.advice li { margin: 4px 0; }
footer { color: #8a8478; font-size: 12px; text-align: right; }
"#;

pub fn run(config_path: Option<&Path>, args: ReportArgs) -> anyhow::Result<ExitCode> {
    let lang = args.lang.map_or_else(|| stats::lang(config_path), Lang::from);
    let catalogue = crate::load::config::load(config_path)
        .ok()
        .and_then(|loaded| crate::load::tips::catalogue(&loaded.config).ok())
        .unwrap_or_else(Catalogue::builtin);
    let now = clock::now();
    let history = stats::load_history(args.days, now)?;
    let days = summarize(&history, &load::zone::system(), now, args.days, false);
    let skipped: Vec<String> = history
        .breaks
        .iter()
        .filter(|row| row.outcome == Some(Outcome::Skipped))
        .filter_map(|row| row.tip.clone())
        .collect();
    let generated = now.to_utc().with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
    let html = render(&days, &skipped, lang, &catalogue, &generated);
    let output = match args.output {
        Some(output) => output,
        None => {
            let dir = crate::paths::state_dir().failed(Message::StepFailed { step: Step::FindStateDir })?;
            std::fs::create_dir_all(&dir).file(FileAction::CreateDir, &dir)?;
            dir.join("report.html")
        }
    };
    std::fs::write(&output, html).file(FileAction::Write, &output)?;
    println!("{}", text::render(lang, &text::Message::Wrote { path: output.display().to_string() }));
    Ok(ExitCode::SUCCESS)
}

/// The whole page. `skipped` holds the exercise of each skipped break (repeats included).
pub fn render(days: &[DaySummary], skipped: &[String], lang: Lang, catalogue: &Catalogue, generated: &str) -> String {
    let l = text::stats_labels(lang);
    let short = |seconds: u64| text::duration_short(lang, Duration::from_secs(seconds));
    let total: u64 = days.iter().map(|d| d.sitting_seconds).sum();
    let active_days = days.iter().filter(|d| d.sitting_seconds > 0).count().max(1) as u64;
    let longest = days.iter().map(|d| d.longest_stretch_seconds).max().unwrap_or(0);
    let taken: u32 = days.iter().map(|d| d.breaks_taken).sum();
    let due: u32 = days.iter().map(|d| d.breaks_due).sum();
    let range = match (days.first(), days.last()) {
        (Some(a), Some(b)) => format!("{} – {}", l.date(a.date), l.date(b.date)),
        _ => String::new(),
    };
    let page = html! {
        (DOCTYPE)
        html lang=(lang.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "posture · " (l.title(days.len())) }
                style { (PreEscaped(STYLE)) }
            }
            body { main {
                h1 { (l.title(days.len())) }
                p.range { (range) }
                div.cards {
                    div.card { b { (short(total)) } span { (l.sitting) ", " (l.total.to_lowercase()) } }
                    div.card { b { (short(total / active_days)) } span { (l.sitting) " / " (l.day.to_lowercase()) } }
                    div.card { b { (short(longest)) } span { (l.longest) } }
                    div.card { b { (taken) "/" (due) } span { (l.breaks) } }
                }
                section { h2 { (l.sitting_per_day) } (sitting_chart(days, &l, lang)) }
                section { h2 { (l.long_stretches) } p.note { (l.long_stretches_note) } (heatmap(days, &l)) }
                section { h2 { (l.compliance) } p.note { (l.compliance_note) } (compliance(days, &l)) }
                section { h2 { (l.tips) } (tips(days, &l, lang, catalogue)) }
                @let advice = advice_for(skipped, catalogue);
                @if !advice.is_empty() {
                    section {
                        h2 { (l.advice) }
                        p.note { (l.advice_note) }
                        ul.advice { @for item in advice { li { (item.text(lang)) } } }
                    }
                }
                p.note { (l.warning_signs) }
                footer { "posture · " (l.generated) " " (generated) }
            } }
        }
    };
    page.into_string() + "\n"
}

/// A coordinate with one decimal, which is finer than a pixel of the chart.
struct Tenths(f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// Bars of sitting per day, meetings in a lighter shade, the longest stretch as a tick.
fn sitting_chart(days: &[DaySummary], l: &text::StatsLabels, lang: Lang) -> Markup {
    let (width, height, left, bottom, top) = (1000.0, 260.0, 44.0, 40.0, 16.0);
    let hours = (days.iter().map(|d| d.sitting_seconds).max().unwrap_or(0) as f64 / 3600.0).ceil().max(1.0);
    let plot_h = height - bottom - top;
    let slot = (width - left) / days.len().max(1) as f64;
    let bar_w = (slot * 0.62).min(64.0);
    let y = |seconds: f64| top + plot_h - seconds / 3600.0 / hours * plot_h;
    let step = if hours > 8.0 { 2.0 } else { 1.0 };
    let grid = (0..).map(|i| f64::from(i) * step).take_while(|h| *h <= hours);
    let unit = if lang == Lang::Nl { "u" } else { "h" };
    let label_every = (days.len() / 14).max(1);
    html! {
        svg viewBox={ "0 0 " (width) " " (height) } width="100%" role="img" {
            @for h in grid {
                @let yy = Tenths(y(h * 3600.0));
                line x1=(left) x2=(width) y1=(yy) y2=(yy) stroke="#ece6da" {}
                text x=(Tenths(left - 8.0)) y=(Tenths(yy.0 + 4.0)) text-anchor="end" { (h) " " (unit) }
            }
            @for (i, d) in days.iter().enumerate() {
                @let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
                @let sit = d.sitting_seconds as f64;
                @let meet = d.meeting_seconds as f64;
                rect x=(Tenths(x)) y=(Tenths(y(sit))) width=(Tenths(bar_w)) height=(Tenths((y(0.0) - y(sit)).max(0.0)))
                    rx="4" fill="#3f8f7a" {
                    title { (l.date(d.date)) ": " (text::duration_short(lang, Duration::from_secs(d.sitting_seconds))) }
                }
                @if meet > 0.0 {
                    rect x=(Tenths(x)) y=(Tenths(y(meet))) width=(Tenths(bar_w))
                        height=(Tenths((y(0.0) - y(meet)).max(0.0))) fill="#9cc9b9" {}
                }
                @if d.longest_stretch_seconds > 0 {
                    @let yy = Tenths(y(d.longest_stretch_seconds as f64));
                    line x1=(Tenths(x - 4.0)) x2=(Tenths(x + bar_w + 4.0)) y1=(yy) y2=(yy) stroke="#d0605a"
                        stroke-width="3" stroke-linecap="round" {}
                }
                @if i % label_every == 0 {
                    text x=(Tenths(x + bar_w / 2.0)) y=(Tenths(height - bottom + 18.0)) text-anchor="middle" {
                        (l.date(d.date))
                    }
                }
            }
        }
        div.legend {
            span { i style="background:#3f8f7a" {} (l.sitting) }
            span { i style="background:#9cc9b9" {} (if lang == Lang::Nl { "Vergaderingen" } else { "Meetings" }) }
            span { i style="background:#d0605a" {} (l.longest) }
        }
    }
}

/// Days down, hours across; the darker a cell, the more of that hour was a long stretch.
fn heatmap(days: &[DaySummary], l: &text::StatsLabels) -> Markup {
    let used: Vec<usize> = (0..24).filter(|h| days.iter().any(|d| d.hours[*h] > 0)).collect();
    let (first, last) = (used.first().copied().unwrap_or(8).min(8), used.last().copied().unwrap_or(17).max(17));
    let columns = last - first + 1;
    let (left, top, cell_h) = (90.0, 22.0, 22.0);
    let cell_w = (1000.0 - left) / columns as f64;
    let height = top + cell_h * days.len() as f64 + 4.0;
    let fill = |d: &DaySummary, hour: usize| {
        let long = f64::from(d.long_hours[hour]) / 3600.0;
        let any = f64::from(d.hours[hour]) / 3600.0;
        if long > 0.0 {
            format!("rgba(208,96,90,{:.2})", 0.25 + 0.75 * long.min(1.0))
        } else if any > 0.0 {
            format!("rgba(63,143,122,{:.2})", 0.10 + 0.25 * any.min(1.0))
        } else {
            "#f1ece2".to_string()
        }
    };
    html! {
        svg viewBox={ "0 0 1000 " (height) } width="100%" role="img" {
            @for (c, hour) in (first..=last).enumerate() {
                text x=(Tenths(left + cell_w * c as f64 + cell_w / 2.0)) y="14" text-anchor="middle" {
                    (format!("{hour:02}"))
                }
            }
            @for (r, d) in days.iter().enumerate() {
                @let yy = top + cell_h * r as f64;
                text x="0" y=(Tenths(yy + 15.0)) { (l.date(d.date)) }
                @for (c, hour) in (first..=last).enumerate() {
                    rect x=(Tenths(left + cell_w * c as f64 + 1.0)) y=(Tenths(yy)) width=(Tenths(cell_w - 2.0))
                        height=(Tenths(cell_h - 3.0)) rx="3" fill=(fill(d, hour)) {}
                }
            }
        }
        div.legend {
            span { i style="background:#f1ece2" {} (l.heat_none) }
            span { i style="background:rgba(63,143,122,0.35)" {} (l.heat_sitting) }
            span { i style="background:rgba(208,96,90,1.00)" {} (l.heat_long) }
        }
    }
}

/// One stacked bar per day of how breaks ended, and the share taken overall.
fn compliance(days: &[DaySummary], l: &text::StatsLabels) -> Markup {
    debug_assert_eq!(Outcome::ALL.len(), OUTCOME_COLOURS.len());
    let counts = |d: &DaySummary| [d.taken, d.natural, d.skipped, d.snoozed, d.ignored];
    let widest = days.iter().map(|d| counts(d).iter().sum::<u32>()).max().unwrap_or(0).max(1);
    let (left, row_h) = (90.0, 22.0);
    let height = row_h * days.len() as f64 + 4.0;
    // Where each outcome's segment starts, and where the day's bar ends.
    let segments = |d: &DaySummary| {
        let mut x = left;
        let starts = counts(d).map(|n| {
            let w = f64::from(n) / f64::from(widest) * (1000.0 - left - 70.0);
            let start = x;
            x += w;
            (start, w, n)
        });
        (starts, x)
    };
    html! {
        svg viewBox={ "0 0 1000 " (height) } width="100%" role="img" {
            @for (r, d) in days.iter().enumerate() {
                @let yy = row_h * r as f64;
                @let (starts, end) = segments(d);
                text x="0" y=(Tenths(yy + 15.0)) { (l.date(d.date)) }
                @for (i, (x, w, n)) in starts.into_iter().enumerate() {
                    @if n > 0 {
                        rect x=(Tenths(x)) y=(Tenths(yy)) width=(Tenths(w)) height=(Tenths(row_h - 6.0))
                            fill=(OUTCOME_COLOURS[i]) {
                            title { (n) " " (l.outcomes[i]) }
                        }
                    }
                }
                @if let Some(share) = (d.breaks_taken * 100).checked_div(d.breaks_due) {
                    text x=(Tenths(end + 8.0)) y=(Tenths(yy + 13.0)) { (share) "%" }
                }
            }
        }
        div.legend {
            @for (colour, name) in OUTCOME_COLOURS.iter().zip(&l.outcomes) {
                span { i style={ "background:" (colour) } {} (name) }
            }
        }
    }
}

/// The tips of the period, most frequent first, in the page's language.
fn tips(days: &[DaySummary], l: &text::StatsLabels, lang: Lang, catalogue: &Catalogue) -> Markup {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for id in days.iter().flat_map(|d| &d.tips) {
        *counts.entry(id).or_default() += 1;
    }
    let mut rows: Vec<(&str, u32)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    html! {
        @if rows.is_empty() {
            p.note { (l.no_tips) }
        } @else {
            table {
                @for (id, n) in rows.into_iter().take(15) {
                    @let card = catalogue.get(id);
                    tr {
                        td.n { (n) "×" }
                        td.pic { @if let Some(picture) = card.and_then(|card| card.figure.as_ref()) { (inline_svg(picture)) } }
                        td { (card.map_or(id, |card| card.title.get(lang))) }
                    }
                }
            }
        }
    }
}

/// A card's picture inside the page: the same drawing as everywhere, without the namespace
/// attribute that HTML does not need (the page names no outside address).
fn inline_svg(picture: &figure::Figure) -> PreEscaped<String> {
    PreEscaped(figure::svg(picture).trim_end().replacen(r#" xmlns="http://www.w3.org/2000/svg""#, "", 1))
}

/// Up to three pieces of advice for the body areas of the skipped exercises, the areas skipped
/// most first.
fn advice_for<'a>(skipped: &[String], catalogue: &'a Catalogue) -> Vec<&'a Advice> {
    let mut areas = BTreeMap::new();
    for card in skipped.iter().filter_map(|id| catalogue.get(id)) {
        for area in &card.areas {
            *areas.entry(*area).or_insert(0u32) += 1;
        }
    }
    let score = |advice: &Advice| advice.areas.iter().map(|area| areas.get(area).copied().unwrap_or(0)).sum::<u32>();
    let mut ranked: Vec<(&Advice, u32)> =
        catalogue.advice().iter().map(|advice| (advice, score(advice))).filter(|(_, s)| *s > 0).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    ranked.into_iter().take(3).map(|(advice, _)| advice).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32, sitting: u64, tips: &[&str]) -> DaySummary {
        let mut hours = [0; 24];
        hours[9] = 3600;
        DaySummary {
            date: NaiveDate::from_ymd_opt(2026, 3, d).unwrap(),
            sitting_seconds: sitting,
            meeting_seconds: 1800,
            away_seconds: 600,
            longest_stretch_seconds: 4000,
            breaks_taken: 3,
            breaks_due: 4,
            reminders: 3,
            taken: 2,
            natural: 1,
            skipped: 1,
            snoozed: 0,
            ignored: 0,
            hours,
            long_hours: hours,
            tips: tips.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn the_page_is_self_contained_and_names_tips_in_its_language() {
        let catalogue = Catalogue::builtin();
        let tip = &catalogue.tips()[0];
        let days = [day(2, 7 * 3600, &[&tip.id, &tip.id]), day(3, 0, &["<unknown & gone>"])];
        let html = render(&days, &[], Lang::Nl, &catalogue, "2026-03-03 18:00");
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
        for outside in ["<script", "http://", "https://", "@import", "url("] {
            assert!(!html.contains(outside), "{outside} in the page");
        }
        assert_eq!(html.matches("<svg").count(), 4, "three charts and the exercise's picture");
        assert!(html.contains(&format!("</svg></td><td>{}</td>", html! { (tip.title.get(Lang::Nl)) }.into_string())));
        assert!(!html.contains("Advies voor je week"), "nothing skipped, no advice");
        assert!(html.contains("posture tip --warning-signs"));
        assert!(html.contains("&lt;unknown &amp; gone&gt;"), "ids without a tip are shown, escaped");
        assert!(html.contains("Je zittijd in de laatste 2 dagen") && html.contains("ma  2 mrt"));
        assert!(html.contains("in een periode van een uur of langer"), "the heatmap has a legend");
        assert!(html.contains("75%"), "3 of 4 breaks taken");
    }

    #[test]
    fn the_title_follows_the_span() {
        let catalogue = Catalogue::builtin();
        let title = |n: u32, lang| {
            let days: Vec<DaySummary> = (1..=n).map(|d| day(d, 3600, &[])).collect();
            let html = render(&days, &[], lang, &catalogue, "2026-03-31 18:00");
            html.split("<h1>").nth(1).and_then(|rest| rest.split("</h1>").next()).unwrap().to_string()
        };
        assert_eq!(title(7, Lang::En), "Your sitting week");
        assert_eq!(title(30, Lang::En), "Your sitting in the last 30 days");
        assert_eq!(title(1, Lang::En), "Your sitting day");
        assert_eq!(title(30, Lang::Nl), "Je zittijd in de laatste 30 dagen");
    }

    #[test]
    fn advice_follows_the_areas_of_skipped_exercises() {
        let catalogue = Catalogue::builtin();
        let neck = catalogue.tips().iter().find(|card| card.areas.iter().any(|a| a.as_str() == "neck")).unwrap();
        let skipped = vec![neck.id.clone(), neck.id.clone()];
        let advice = advice_for(&skipped, &catalogue);
        assert!(!advice.is_empty() && advice.len() <= 3);
        assert!(advice.iter().all(|a| a.areas.iter().any(|area| neck.areas.contains(area))), "{advice:?}");
        let html = render(&[day(2, 3600, &[&neck.id])], &skipped, Lang::En, &catalogue, "2026-03-03 18:00");
        assert!(html.contains("Advice for your week"));
        assert!(html.contains(html! { (advice[0].text(Lang::En)) }.into_string().as_str()));
    }
}
