//! `posture simulate --history --days N [--config OTHER.toml]`: replay the recorded activity of
//! the last N days under a configuration and print reminders per day, recorded against
//! simulated, so intervals can be tuned on a real week.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::clock;
use crate::commands::stats;
use crate::core::stats::first_day;
use crate::load;
use crate::simulate::history;

pub fn run(config_path: Option<&Path>, days: u32) -> anyhow::Result<ExitCode> {
    let loaded = load::config::load(config_path)?;
    let catalogue = load::tips::catalogue(&loaded.config)?;
    let now = clock::now();
    let recorded = stats::load_history(days, now)?;
    let zone = load::zone::system();
    let (first, last) = (first_day(&zone, now, days), zone.local(now).date());
    let rows = history::replay(&recorded, loaded.config, Arc::new(catalogue), zone, first, last);
    let mut out = std::io::stdout().lock();
    let origin = if loaded.exists { loaded.path.display().to_string() } else { "the defaults".to_string() };
    writeln!(out, "reminders per day: recorded, and under {origin}")?;
    writeln!(out, "{:<12} {:>9} {:>9} {:>7}", "date", "recorded", "simulated", "change")?;
    let (mut a, mut b) = (0i64, 0i64);
    for row in &rows {
        a += i64::from(row.recorded);
        b += i64::from(row.simulated);
        writeln!(
            out,
            "{:<12} {:>9} {:>9} {:>+7}",
            row.date.to_string(),
            row.recorded,
            row.simulated,
            i64::from(row.simulated) - i64::from(row.recorded)
        )?;
    }
    writeln!(out, "{:<12} {:>9} {:>9} {:>+7}", "total", a, b, b - a)?;
    Ok(ExitCode::SUCCESS)
}
