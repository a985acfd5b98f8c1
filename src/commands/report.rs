//! `posture report [--days N] --output FILE.html`: the recorded history as one self-contained
//! HTML page: inline CSS and SVG, no scripts, no fonts or anything else from the network.
//!
//! The page shows sitting per day, when in the day the long stretches happen (an hour-of-day
//! heatmap), how each break ended, and which tips came up. [`render`] is a pure function of the
//! day summaries, so it is tested without a database.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::cli::ReportArgs;
use crate::clock;
use crate::commands::stats;
use crate::core::Lang;
use crate::core::stats::{DaySummary, Outcome};
use crate::core::text;
use crate::core::tips::Catalogue;

/// Outcome colours, in the order of [`Outcome::ALL`].
const OUTCOME_COLOURS: [&str; 5] = ["#2f9e6e", "#7cc4a0", "#e0a030", "#8fa4c8", "#d0605a"];

pub fn run(config_path: Option<&Path>, args: ReportArgs) -> anyhow::Result<ExitCode> {
    let lang = args.lang.map_or_else(|| stats::lang(config_path), Lang::from);
    let catalogue = crate::load::config::load(config_path)
        .ok()
        .and_then(|loaded| crate::load::tips::catalogue(&loaded.config).ok())
        .unwrap_or_else(Catalogue::builtin);
    let now = clock::now();
    let days = stats::load_days(args.days, now)?;
    let generated = now.to_utc().with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
    let html = render(&days, lang, &catalogue, &generated);
    std::fs::write(&args.output, html).with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!("posture: wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}

/// The whole page.
pub fn render(days: &[DaySummary], lang: Lang, catalogue: &Catalogue, generated: &str) -> String {
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

    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>posture · {title}</title>
<style>
body {{ margin: 0; background: #f4f1ea; color: #2b2a27; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }}
main {{ max-width: 1080px; margin: 0 auto; padding: 32px 28px 48px; }}
h1 {{ font-size: 30px; margin: 0; letter-spacing: -0.01em; }}
h2 {{ font-size: 18px; margin: 0 0 4px; }}
.range {{ color: #6f6a60; margin: 4px 0 24px; }}
.cards {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin-bottom: 22px; }}
.card, section {{ background: #fffdf8; border-radius: 14px; box-shadow: 0 1px 3px rgba(60,50,30,.12); }}
.card {{ padding: 14px 18px; }}
.card b {{ display: block; font-size: 26px; font-weight: 650; color: #24564a; }}
.card span {{ color: #6f6a60; font-size: 13px; }}
section {{ padding: 20px 22px; margin-bottom: 18px; }}
.note {{ color: #6f6a60; font-size: 13px; margin: 0 0 12px; }}
svg text {{ font: 12px system-ui, sans-serif; fill: #5d584f; }}
.legend {{ display: flex; flex-wrap: wrap; gap: 16px; font-size: 13px; margin-top: 8px; }}
.legend i {{ display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ padding: 6px 8px; border-top: 1px solid #ece6da; vertical-align: top; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; color: #24564a; font-weight: 600; width: 3em; }}
footer {{ color: #8a8478; font-size: 12px; text-align: right; }}
</style></head><body><main>
<h1>{title}</h1>
<p class="range">{range}</p>
<div class="cards">
<div class="card"><b>{total}</b><span>{sitting}, {total_label}</span></div>
<div class="card"><b>{avg}</b><span>{sitting} / {day}</span></div>
<div class="card"><b>{longest}</b><span>{longest_label}</span></div>
<div class="card"><b>{taken}/{due}</b><span>{breaks}</span></div>
</div>
"#,
        lang = lang.as_str(),
        title = l.report_title,
        range = escape(&range),
        total = short(total),
        sitting = l.sitting,
        total_label = l.total.to_lowercase(),
        avg = short(total / active_days),
        day = l.day.to_lowercase(),
        longest = short(longest),
        longest_label = l.longest,
        breaks = l.breaks,
    );
    let _ = writeln!(html, "<section><h2>{}</h2>{}</section>", l.sitting_per_day, sitting_chart(days, &l, lang));
    let _ = writeln!(
        html,
        "<section><h2>{}</h2><p class=\"note\">{}</p>{}</section>",
        l.long_stretches,
        l.long_stretches_note,
        heatmap(days, &l)
    );
    let _ = writeln!(
        html,
        "<section><h2>{}</h2><p class=\"note\">{}</p>{}</section>",
        l.compliance,
        l.compliance_note,
        compliance(days, &l)
    );
    let _ = writeln!(html, "<section><h2>{}</h2>{}</section>", l.tips, tips(days, &l, lang, catalogue));
    let _ = write!(html, "<footer>posture · {} {}</footer>\n</main></body></html>\n", l.generated, escape(generated));
    html
}

/// Bars of sitting per day, meetings in a lighter shade, the longest stretch as a tick.
fn sitting_chart(days: &[DaySummary], l: &text::StatsLabels, lang: Lang) -> String {
    let (width, height, left, bottom, top) = (1000.0, 260.0, 44.0, 40.0, 16.0);
    let hours = (days.iter().map(|d| d.sitting_seconds).max().unwrap_or(0) as f64 / 3600.0).ceil().max(1.0);
    let plot_h = height - bottom - top;
    let slot = (width - left) / days.len().max(1) as f64;
    let bar_w = (slot * 0.62).min(64.0);
    let y = |seconds: f64| top + plot_h - seconds / 3600.0 / hours * plot_h;
    let mut svg = format!(r#"<svg viewBox="0 0 {width} {height}" width="100%" role="img">"#);
    let step = if hours > 8.0 { 2.0 } else { 1.0 };
    let mut h = 0.0;
    while h <= hours {
        let yy = y(h * 3600.0);
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{width}" y1="{yy:.1}" y2="{yy:.1}" stroke="#ece6da"/><text x="{:.1}" y="{:.1}" text-anchor="end">{h} {}</text>"##,
            left - 8.0,
            yy + 4.0,
            if lang == Lang::Nl { "u" } else { "h" }
        );
        h += step;
    }
    let label_every = (days.len() / 14).max(1);
    for (i, d) in days.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let sit = d.sitting_seconds as f64;
        let meet = d.meeting_seconds as f64;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{:.1}" width="{bar_w:.1}" height="{:.1}" rx="4" fill="#3f8f7a"><title>{}: {}</title></rect>"##,
            y(sit),
            (y(0.0) - y(sit)).max(0.0),
            l.date(d.date),
            text::duration_short(lang, Duration::from_secs(d.sitting_seconds))
        );
        if meet > 0.0 {
            let _ = write!(
                svg,
                r##"<rect x="{x:.1}" y="{:.1}" width="{bar_w:.1}" height="{:.1}" fill="#9cc9b9"/>"##,
                y(meet),
                (y(0.0) - y(meet)).max(0.0)
            );
        }
        if d.longest_stretch_seconds > 0 {
            let yy = y(d.longest_stretch_seconds as f64);
            let _ = write!(
                svg,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0605a" stroke-width="3" stroke-linecap="round"/>"##,
                x - 4.0,
                x + bar_w + 4.0
            );
        }
        if i % label_every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x + bar_w / 2.0,
                height - bottom + 18.0,
                l.date(d.date)
            );
        }
    }
    svg.push_str("</svg>");
    let _ = write!(
        svg,
        r##"<div class="legend"><span><i style="background:#3f8f7a"></i>{}</span><span><i style="background:#9cc9b9"></i>{}</span><span><i style="background:#d0605a"></i>{}</span></div>"##,
        l.sitting,
        if lang == Lang::Nl { "Vergaderingen" } else { "Meetings" },
        l.longest
    );
    svg
}

/// Days down, hours across; the darker a cell, the more of that hour was a long stretch.
fn heatmap(days: &[DaySummary], l: &text::StatsLabels) -> String {
    let used: Vec<usize> = (0..24).filter(|h| days.iter().any(|d| d.hours[*h] > 0)).collect();
    let (first, last) = (used.first().copied().unwrap_or(8).min(8), used.last().copied().unwrap_or(17).max(17));
    let columns = last - first + 1;
    let (left, top, cell_h) = (90.0, 22.0, 22.0);
    let cell_w = (1000.0 - left) / columns as f64;
    let height = top + cell_h * days.len() as f64 + 4.0;
    let mut svg = format!(r#"<svg viewBox="0 0 1000 {height}" width="100%" role="img">"#);
    for (c, hour) in (first..=last).enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="14" text-anchor="middle">{hour:02}</text>"#,
            left + cell_w * c as f64 + cell_w / 2.0
        );
    }
    for (r, d) in days.iter().enumerate() {
        let yy = top + cell_h * r as f64;
        let _ = write!(svg, r#"<text x="0" y="{:.1}">{}</text>"#, yy + 15.0, l.date(d.date));
        for (c, hour) in (first..=last).enumerate() {
            let long = f64::from(d.long_hours[hour]) / 3600.0;
            let any = f64::from(d.hours[hour]) / 3600.0;
            let fill = if long > 0.0 {
                format!("rgba(208,96,90,{:.2})", 0.25 + 0.75 * long.min(1.0))
            } else if any > 0.0 {
                format!("rgba(63,143,122,{:.2})", 0.10 + 0.25 * any.min(1.0))
            } else {
                "#f1ece2".to_string()
            };
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{yy:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{fill}"/>"#,
                left + cell_w * c as f64 + 1.0,
                cell_w - 2.0,
                cell_h - 3.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One stacked bar per day of how breaks ended, and the share taken overall.
fn compliance(days: &[DaySummary], l: &text::StatsLabels) -> String {
    let counts = |d: &DaySummary| [d.taken, d.natural, d.skipped, d.snoozed, d.ignored];
    let widest = days.iter().map(|d| counts(d).iter().sum::<u32>()).max().unwrap_or(0).max(1);
    let (left, row_h) = (90.0, 22.0);
    let height = row_h * days.len() as f64 + 4.0;
    let mut svg = format!(r#"<svg viewBox="0 0 1000 {height}" width="100%" role="img">"#);
    for (r, d) in days.iter().enumerate() {
        let yy = row_h * r as f64;
        let _ = write!(svg, r#"<text x="0" y="{:.1}">{}</text>"#, yy + 15.0, l.date(d.date));
        let mut x = left;
        for (i, n) in counts(d).into_iter().enumerate() {
            let w = f64::from(n) / f64::from(widest) * (1000.0 - left - 70.0);
            if n > 0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.1}" y="{yy:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{} {}</title></rect>"#,
                    row_h - 6.0,
                    OUTCOME_COLOURS[i],
                    n,
                    l.outcomes[i]
                );
            }
            x += w;
        }
        if let Some(share) = (d.breaks_taken * 100).checked_div(d.breaks_due) {
            let _ = write!(svg, r#"<text x="{:.1}" y="{:.1}">{share}%</text>"#, x + 8.0, yy + 13.0);
        }
    }
    svg.push_str("</svg><div class=\"legend\">");
    for (i, name) in l.outcomes.iter().enumerate() {
        let _ = write!(svg, r#"<span><i style="background:{}"></i>{name}</span>"#, OUTCOME_COLOURS[i]);
    }
    svg.push_str("</div>");
    debug_assert_eq!(Outcome::ALL.len(), OUTCOME_COLOURS.len());
    svg
}

/// The tips of the period, most frequent first, in the page's language.
fn tips(days: &[DaySummary], l: &text::StatsLabels, lang: Lang, catalogue: &Catalogue) -> String {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for id in days.iter().flat_map(|d| &d.tips) {
        *counts.entry(id).or_default() += 1;
    }
    if counts.is_empty() {
        return format!("<p class=\"note\">{}</p>", l.no_tips);
    }
    let mut rows: Vec<(&str, u32)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut table = String::from("<table>");
    for (id, n) in rows.into_iter().take(15) {
        let text = catalogue.get(id).map_or(id, |tip| tip.text(lang));
        let _ = write!(table, r#"<tr><td class="n">{n}×</td><td>{}</td></tr>"#, escape(text));
    }
    table.push_str("</table>");
    table
}

/// Text for HTML, also inside attribute values.
fn escape(s: &str) -> String {
    text::escape_markup(s).replace('"', "&quot;")
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
        let html = render(&days, Lang::Nl, &catalogue, "2026-03-03 18:00");
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
        for outside in ["<script", "http://", "https://", "@import", "url("] {
            assert!(!html.contains(outside), "{outside} in the page");
        }
        assert_eq!(html.matches("<svg").count(), 3);
        assert!(html.contains(&format!("2×</td><td>{}", escape(tip.text(Lang::Nl)))));
        assert!(html.contains("&lt;unknown &amp; gone&gt;"), "ids without a tip are shown, escaped");
        assert!(html.contains("Je zitweek") && html.contains("ma  2 mrt"));
        assert!(html.contains("75%"), "3 of 4 breaks taken");
    }
}
