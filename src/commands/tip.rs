//! `posture tip`: show an exercise card, list the cards or the advice, write a card's picture,
//! or list the warning signs.
//!
//! The catalogue is the built-in one plus the user's `tips.extra_file`, if set.
//!
//! - `posture tip [--kind K] [--area A]`: one card that matches, drawn like the daemon draws
//!   (favouring `tips.focus`) from a deck seeded by the clock; `--id ID` shows that card.
//! - `--all`: every matching card. `--advice`: the advice (ergonomics and habits), optionally
//!   for one `--area`. `--warning-signs`: the symptoms that call for a doctor.
//! - `--svg FILE` / `--png FILE`: also write the card's picture. `--grid FILE`: every card's
//!   picture in one image (the README's overview).
//! - Nothing matching the filters exits with status 1.
//!
//! JSON output (`--json`), with stable field names:
//! - a card is an object `{"id", "kind", "areas", "title", "steps", "timing", "stop",
//!   "see_doctor", "source", "picture", "nl", "en"}`: `kind` is `"micro"` or `"rest"`;
//!   `areas` a list of area names (`"neck"`, `"upper_back"`, …); `title` and each of `steps`
//!   are `{"nl", "en"}`; `timing` is `{"seconds", "hold", "reps", "sides", "total_seconds"}`;
//!   `stop` is the stop rule `{"nl", "en"}`; `see_doctor` the pointer to the warning signs on
//!   back-pain cards, else `null`; `source` is `{"file", "title", "section", "quote"}` (the
//!   last two `null` when a user card leaves them out); `picture` is the path of the cached
//!   PNG, `null` for a card without one; `nl` and `en` are the whole card as the
//!   notification shows it. `--json` prints one such object, `--all --json` an array.
//! - `--advice --json` prints an array of `{"id", "areas", "topic", "source", "nl", "en"}`.
//! - `--warning-signs --json` prints an array of `{"id", "source", "section", "quote", "nl",
//!   "en"}`.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use serde::Serialize;

use crate::atomic_file;
use crate::cli::{KindArg, TipArgs};
use crate::core::figure;
use crate::core::text::{FileAction, Message, render};
use crate::core::tips::{Advice, Area, Card, Catalogue, SafetyNote, Texts, TipDeck, Trace};
use crate::core::tips::{safety, source_title, warning_signs, warning_signs_text};
use crate::core::{Kind, Lang};
use crate::load;
use crate::load::Failing;
use crate::outputs::picture;

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
    if args.advice {
        let advice: Vec<&Advice> =
            catalogue.advice().iter().filter(|advice| area.is_none_or(|area| advice.areas.contains(&area))).collect();
        if advice.is_empty() {
            return Ok(no_match(lang, None, area));
        }
        print_advice(&mut out, &advice, lang, args.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.grid {
        write_grid(&catalogue, path)?;
        return Ok(ExitCode::SUCCESS);
    }
    catalogue
        .retain(|card| kind.is_none_or(|kind| card.fits(kind)) && area.is_none_or(|area| card.areas.contains(&area)));
    if args.all {
        if catalogue.is_empty() {
            return Ok(no_match(lang, kind, area));
        }
        print_all(&mut out, catalogue.tips(), lang, args.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let card = match &args.id {
        Some(id) => catalogue.get(id).with_context(|| render(lang, &Message::NoSuchCard { id: id.clone() }))?,
        None => match pick(&catalogue, kind, &config.focus) {
            Some(card) => card,
            None => return Ok(no_match(lang, kind, area)),
        },
    };
    write_pictures(card, &args, lang)?;
    print_one(&mut out, card, lang, args.json)?;
    Ok(ExitCode::SUCCESS)
}

fn kind_of(arg: KindArg) -> Kind {
    match arg {
        KindArg::Micro => Kind::Micro,
        KindArg::Rest => Kind::Rest,
    }
}

fn no_match(lang: Lang, kind: Option<Kind>, area: Option<Area>) -> ExitCode {
    let filters = match (kind, area) {
        (Some(kind), Some(area)) => Some(format!("--kind {kind} --area {}", area.as_str())),
        (Some(kind), None) => Some(format!("--kind {kind}")),
        (None, Some(area)) => Some(format!("--area {}", area.as_str())),
        (None, None) => None,
    };
    eprintln!("posture: {}", render(lang, &Message::NothingMatches { filters }));
    ExitCode::from(1)
}

/// Draws one card from a clock-seeded deck. Without `--kind` the first kind tried is random
/// too, so micro and rest cards both get their turn.
fn pick<'a>(catalogue: &'a Catalogue, kind: Option<Kind>, focus: &[Area]) -> Option<&'a Card> {
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

fn write_pictures(card: &Card, args: &TipArgs, lang: Lang) -> anyhow::Result<()> {
    if args.svg.is_none() && args.png.is_none() {
        return Ok(());
    }
    let figure =
        card.figure.as_ref().with_context(|| render(lang, &Message::CardWithoutPicture { id: card.id.clone() }))?;
    if let Some(path) = &args.svg {
        atomic_file::write(path, figure::svg(figure).as_bytes()).file(FileAction::Write, path)?;
    }
    if let Some(path) = &args.png {
        atomic_file::write(path, &picture::card_png(figure)?).file(FileAction::Write, path)?;
    }
    Ok(())
}

/// Every card with a picture, in catalogue order, four to a row.
fn write_grid(catalogue: &Catalogue, path: &Path) -> anyhow::Result<()> {
    let figures: Vec<&figure::Figure> = catalogue.tips().iter().filter_map(|card| card.figure.as_ref()).collect();
    let svg = figure::grid(&figures, 4);
    let bytes = if path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("png")) {
        picture::png(&svg, 2.0)?
    } else {
        svg.into_bytes()
    };
    Ok(atomic_file::write(path, &bytes).file(FileAction::Write, path)?)
}

#[derive(Serialize)]
struct TimingJson {
    seconds: u32,
    hold: u32,
    reps: u32,
    sides: u32,
    total_seconds: u32,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    file: &'a str,
    title: String,
    section: Option<&'a str>,
    quote: Option<&'a str>,
}

impl<'a> SourceJson<'a> {
    fn of(trace: &'a Trace) -> SourceJson<'a> {
        SourceJson {
            file: &trace.source,
            title: source_title(&trace.source),
            section: trace.section.as_deref(),
            quote: trace.quote.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct CardJson<'a> {
    id: &'a str,
    kind: &'static str,
    areas: &'a [Area],
    title: &'a Texts,
    steps: &'a [Texts],
    timing: TimingJson,
    stop: Texts,
    see_doctor: Option<Texts>,
    source: SourceJson<'a>,
    picture: Option<String>,
    nl: &'a str,
    en: &'a str,
}

fn texts(note: &SafetyNote) -> Texts {
    Texts { nl: note.nl.clone(), en: note.en.clone() }
}

fn card_json(card: &Card) -> anyhow::Result<CardJson<'_>> {
    let safety = safety();
    let timing = card.timing;
    Ok(CardJson {
        id: &card.id,
        kind: card.kind.as_str(),
        areas: &card.areas,
        title: &card.title,
        steps: &card.steps,
        timing: TimingJson {
            seconds: timing.seconds,
            hold: timing.hold,
            reps: timing.reps,
            sides: timing.sides,
            total_seconds: timing.total(),
        },
        stop: texts(&safety.stop_rule),
        see_doctor: card.points_to_warning_signs().then(|| texts(&safety.see_doctor)),
        source: SourceJson::of(&card.trace),
        picture: picture::cached(card)?.map(|path| path.display().to_string()),
        nl: card.text(Lang::Nl),
        en: card.text(Lang::En),
    })
}

/// `— title, section`: the document's title, never its file name.
fn source_line(trace: &Trace) -> String {
    match &trace.section {
        Some(section) => format!("— {}, {}", source_title(&trace.source), section),
        None => format!("— {}", source_title(&trace.source)),
    }
}

fn print_one(out: &mut impl Write, card: &Card, lang: Lang, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&card_json(card)?)?)?;
        return Ok(());
    }
    writeln!(out, "{}", card.text(lang))?;
    let source = source_line(&card.trace);
    if use_style() {
        writeln!(out, "\x1b[2m{source}\x1b[0m")?;
    } else {
        writeln!(out, "{source}")?;
    }
    Ok(())
}

fn print_all(out: &mut impl Write, cards: &[Card], lang: Lang, json: bool) -> anyhow::Result<()> {
    if json {
        let cards = cards.iter().map(card_json).collect::<anyhow::Result<Vec<_>>>()?;
        writeln!(out, "{}", serde_json::to_string_pretty(&cards)?)?;
        return Ok(());
    }
    for (i, card) in cards.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let areas: Vec<&str> = card.areas.iter().map(|area| area.as_str()).collect();
        writeln!(out, "{} ({}; {})", card.id, card.kind.as_str(), areas.join(", "))?;
        for line in card.text(lang).lines() {
            writeln!(out, "    {line}")?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct AdviceJson<'a> {
    id: &'a str,
    areas: &'a [Area],
    topic: Option<crate::core::tips::Topic>,
    source: SourceJson<'a>,
    nl: &'a str,
    en: &'a str,
}

fn print_advice(out: &mut impl Write, advice: &[&Advice], lang: Lang, json: bool) -> anyhow::Result<()> {
    if json {
        let advice: Vec<AdviceJson> = advice
            .iter()
            .map(|a| AdviceJson {
                id: &a.id,
                areas: &a.areas,
                topic: a.topic,
                source: SourceJson::of(&a.trace),
                nl: &a.nl,
                en: &a.en,
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&advice)?)?;
        return Ok(());
    }
    writeln!(out, "{}", render(lang, &Message::AdviceIntro))?;
    for a in advice {
        writeln!(out, "- {}", a.text(lang))?;
        writeln!(out, "  {}", source_line(&a.trace))?;
    }
    Ok(())
}

fn print_warning_signs(out: &mut impl Write, lang: Lang, json: bool) -> anyhow::Result<()> {
    let signs = warning_signs();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&signs)?)?;
        return Ok(());
    }
    write!(out, "{}", warning_signs_text(lang))?;
    Ok(())
}

/// ANSI styling only for a terminal, and never when `NO_COLOR` is set (no-color.org).
fn use_style() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}
