//! `posture tip`: show a tip, list the catalogue, or list the warning signs.
//!
//! The catalogue is the built-in one plus the user's `tips.extra_file`, if set.
//!
//! - `posture tip [--kind K] [--area A]`: one tip that matches, drawn like the daemon draws
//!   (favouring `tips.focus`) from a deck seeded by the clock, with its source on a dim line.
//! - `--all`: every matching tip. `--warning-signs`: the symptoms that call for a doctor.
//! - No tip matching the filters exits with status 1.
//!
//! JSON output (`--json`), with stable field names:
//! - a tip is an object `{"id", "kind", "areas", "topic", "source", "section", "nl", "en"}`:
//!   `kind` is `"micro"`, `"rest"` or `"both"`; `areas` is a list of area names (`"neck"`,
//!   `"upper_back"`, …); `topic` and `section` are `null` when a user tip leaves them out;
//!   `nl` and `en` are the texts. `--json` prints one such object, `--all --json` an array.
//! - `--warning-signs --json` prints an array of `{"id", "source", "section", "nl", "en"}`.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cli::{KindArg, TipArgs};
use crate::core::tips::{Area, Catalogue, Tip, TipDeck, sources, warning_signs};
use crate::core::{Kind, Lang};
use crate::load;

pub fn run(config: Option<&Path>, args: TipArgs) -> anyhow::Result<ExitCode> {
    let config = load::config::load(config)?.config;
    let lang = load::resolve_lang(config.language, args.lang.map(Lang::from));
    let mut out = io::stdout().lock();
    if args.warning_signs {
        print_warning_signs(&mut out, lang, args.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let kind = args.kind.map(kind_of);
    let area = args.area.as_deref().map(str::parse::<Area>).transpose().map_err(anyhow::Error::msg)?;
    let mut catalogue = load::tips::catalogue(&config)?;
    catalogue.retain(|tip| kind.is_none_or(|kind| tip.fits(kind)) && area.is_none_or(|area| tip.areas.contains(&area)));
    if args.all {
        if catalogue.is_empty() {
            return Ok(no_match(kind, area));
        }
        print_all(&mut out, catalogue.tips(), lang, args.json)?;
    } else {
        let Some(tip) = pick(&catalogue, kind, &config.focus) else {
            return Ok(no_match(kind, area));
        };
        print_one(&mut out, tip, lang, args.json)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_of(arg: KindArg) -> Kind {
    match arg {
        KindArg::Micro => Kind::Micro,
        KindArg::Rest => Kind::Rest,
    }
}

fn no_match(kind: Option<Kind>, area: Option<Area>) -> ExitCode {
    let filters = match (kind, area) {
        (Some(kind), Some(area)) => format!("--kind {kind} --area {}", area.as_str()),
        (Some(kind), None) => format!("--kind {kind}"),
        (None, Some(area)) => format!("--area {}", area.as_str()),
        (None, None) => "an empty filter".to_owned(),
    };
    eprintln!("posture: no tip matches {filters}");
    ExitCode::from(1)
}

/// Draws one tip from a clock-seeded deck. Without `--kind` the first kind tried is random too,
/// so micro-only and rest-only tips both get their turn.
fn pick<'a>(catalogue: &'a Catalogue, kind: Option<Kind>, focus: &[Area]) -> Option<&'a Tip> {
    // Truncating the nanoseconds keeps the fast-changing low bits, which is all a seed needs.
    let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos() as u64);
    let mut deck = TipDeck::with_seed(seed);
    let kinds = match kind {
        Some(kind) => [kind, kind],
        None if seed & 1 == 0 => [Kind::Micro, Kind::Rest],
        None => [Kind::Rest, Kind::Micro],
    };
    kinds.into_iter().find_map(|kind| deck.draw(catalogue, kind, focus))
}

fn print_one(out: &mut impl Write, tip: &Tip, lang: Lang, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(tip)?)?;
        return Ok(());
    }
    let source = match sources().into_iter().find(|source| source.file == tip.source) {
        Some(source) => format!("— {} ({})", source.title, source.file),
        None => format!("— {}", tip.source),
    };
    writeln!(out, "{}", tip.text(lang))?;
    if use_style() {
        writeln!(out, "\x1b[2m{source}\x1b[0m")?;
    } else {
        writeln!(out, "{source}")?;
    }
    Ok(())
}

fn print_all(out: &mut impl Write, tips: &[Tip], lang: Lang, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(tips)?)?;
        return Ok(());
    }
    for (i, tip) in tips.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let areas: Vec<&str> = tip.areas.iter().map(|area| area.as_str()).collect();
        writeln!(out, "{} ({}; {})", tip.id, tip.kind.as_str(), areas.join(", "))?;
        writeln!(out, "    {}", tip.text(lang))?;
    }
    Ok(())
}

fn print_warning_signs(out: &mut impl Write, lang: Lang, json: bool) -> anyhow::Result<()> {
    let signs = warning_signs();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&signs)?)?;
        return Ok(());
    }
    let intro = match lang {
        Lang::Nl => "Waarschuwingssignalen: reden om naar een arts te gaan, geen pauzetip.",
        Lang::En => "Warning signs: reasons to see a doctor, not break tips.",
    };
    writeln!(out, "{intro}")?;
    for sign in &signs {
        writeln!(out, "- {}", sign.text(lang))?;
    }
    Ok(())
}

/// ANSI styling only for a terminal, and never when `NO_COLOR` is set (no-color.org).
fn use_style() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}
