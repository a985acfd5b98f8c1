//! The tip catalogue: exercise cards for the breaks, advice to read on request, the warning
//! signs that call for a doctor instead, and the deck that rotates cards over breaks.
//!
//! Everything here is pure: the built-in data is embedded with `include_str!`, user tip files
//! arrive as text, and the deck shuffles with its own seeded generator, never the clock.
//!
//! A tip file is TOML with `[[card]]` tables (something to do in the break) and `[[advice]]`
//! tables (ergonomics and habits, shown with `posture tip --advice`, never as a break):
//!
//! ```toml
//! [[card]]
//! id = "neck-side-stretch"    # kebab-case, unique across the built-in and user tips
//! kind = "micro"              # micro (30 s at the desk) or rest (5 minutes, standing)
//! areas = ["neck"]            # body areas; `tips.focus` favours cards touching these
//! title = { nl = "Nek opzij", en = "Neck to the side" }
//! steps = [                   # 2 to 4 steps of at most 90 characters
//!   { nl = "Zit rechtop.", en = "Sit up tall." },
//!   { nl = "Kantel je hoofd naar rechts.", en = "Tilt your head to the right." },
//! ]
//! seconds = 3                 # one repetition's movement
//! hold = 8                    # optional: seconds held per repetition
//! reps = 1                    # optional, default 1
//! sides = 2                   # optional: 2 when done left and right
//! source = "my physiotherapist"
//! section = "exercise sheet"  # optional in user files: where in the source
//! quote = "rek je nek"        # optional in user files: a few words of the passage
//! figure = { view = "front", start = { seated = true }, end = { head = 25 } }  # optional
//!
//! [[advice]]
//! id = "my-screen"
//! areas = ["neck"]
//! source = "my physiotherapist"
//! nl = "Zet je scherm op ooghoogte."
//! en = "Put your screen at eye level."
//! ```
//!
//! A card's total time is `sides × reps × (seconds + hold)`; it must fit the default duration
//! of its kind's break. Every card shows the stop rule, and cards for the lower back point to
//! the warning signs, both from `config/warning_signs.toml`.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use toml::Spanned;

use super::config::Config;
use super::figure::{Figure, RawFigure};
use super::text::{Message, render};
use super::{Kind, Lang};
use crate::located::line_col;

/// A body area a tip works on; `tips.focus` favours cards for these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Neck,
    Shoulders,
    UpperBack,
    LowerBack,
    Arms,
    Hips,
    Legs,
    Jaw,
    WholeBody,
}

impl Area {
    pub const ALL: [Area; 9] = [
        Area::Neck,
        Area::Shoulders,
        Area::UpperBack,
        Area::LowerBack,
        Area::Arms,
        Area::Hips,
        Area::Legs,
        Area::Jaw,
        Area::WholeBody,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Neck => "neck",
            Area::Shoulders => "shoulders",
            Area::UpperBack => "upper_back",
            Area::LowerBack => "lower_back",
            Area::Arms => "arms",
            Area::Hips => "hips",
            Area::Legs => "legs",
            Area::Jaw => "jaw",
            Area::WholeBody => "whole_body",
        }
    }
}

impl std::str::FromStr for Area {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Area::ALL.into_iter().find(|a| a.as_str() == s).ok_or_else(|| {
            let names: Vec<_> = Area::ALL.iter().map(|a| a.as_str()).collect();
            format!("unknown body area `{s}` (expected one of: {})", names.join(", "))
        })
    }
}

/// The longest advice or warning sign text, in characters: it has to fit a notification.
pub const MAX_TEXT_CHARS: usize = 200;
/// The longest card title, in characters.
pub const MAX_TITLE_CHARS: usize = 40;
/// The longest card step, in characters: one line of a notification.
pub const MAX_STEP_CHARS: usize = 90;
/// How many steps a card has: start position, movement, hold or repeat, back to start.
pub const STEPS: std::ops::RangeInclusive<usize> = 2..=4;

/// Which break a card is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipKind {
    /// Done at the desk, seated or standing beside it, within the micro break.
    Micro,
    /// Done standing and moving, within the rest break.
    Rest,
}

impl TipKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TipKind::Micro => "micro",
            TipKind::Rest => "rest",
        }
    }

    pub(crate) fn break_kind(self) -> Kind {
        match self {
            TipKind::Micro => Kind::Micro,
            TipKind::Rest => Kind::Rest,
        }
    }
}

/// What a piece of advice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Ergonomics,
    Posture,
    Movement,
    Relaxation,
    Sleep,
    Lifting,
    Shoes,
    Food,
    Professional,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub nl: String,
    pub en: String,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// How long a card takes, as data so that the total is computed, not claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// One repetition's movement, in seconds.
    pub seconds: u32,
    /// Seconds held per repetition.
    pub hold: u32,
    pub reps: u32,
    /// 2 when the card is done on the left and on the right.
    pub sides: u32,
}

impl Timing {
    /// The whole card, in seconds.
    pub fn total(&self) -> u32 {
        self.sides * self.reps * (self.seconds + self.hold)
    }
}

/// Where a text comes from: a document listed by [`sources`] (free text in user files), the
/// section, and a few words of the passage as they stand in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    pub source: String,
    /// `None` only for user tips that leave it out.
    #[serde(default)]
    pub section: Option<String>,
    /// `None` only for user tips that leave it out.
    #[serde(default)]
    pub quote: Option<String>,
}

/// An exercise for a break. Serialises with these field names (`posture tip --json` relies on
/// them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    /// Kebab-case, unique in a catalogue; the deck remembers cards by it.
    pub id: String,
    pub kind: TipKind,
    pub areas: Vec<Area>,
    pub title: Texts,
    pub steps: Vec<Texts>,
    pub timing: Timing,
    #[serde(flatten)]
    pub trace: Trace,
    /// The picture's poses; user cards may have none.
    pub figure: Option<Figure>,
    /// The notification text: title, steps, stop rule.
    #[serde(skip)]
    body: Texts,
}

impl Card {
    /// The card as one text: the notification body.
    pub fn text(&self, lang: Lang) -> &str {
        self.body.get(lang)
    }

    /// Whether the card suits a break of this kind.
    pub fn fits(&self, kind: Kind) -> bool {
        self.kind.break_kind() == kind
    }

    /// Back-pain cards point to the warning signs, as the document pairs "keep moving" with
    /// "see a doctor if it does not ease".
    pub fn points_to_warning_signs(&self) -> bool {
        self.areas.contains(&Area::LowerBack)
    }
}

/// Ergonomics and habits: worth reading, but not something to do in the break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub id: String,
    pub areas: Vec<Area>,
    /// `None` only for user advice that leaves it out.
    pub topic: Option<Topic>,
    #[serde(flatten)]
    pub trace: Trace,
    pub nl: String,
    pub en: String,
}

impl Advice {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// The seconds a card of `kind` may take: the kind's default break duration.
pub fn time_limit(kind: TipKind) -> u32 {
    static LIMITS: OnceLock<(u32, u32)> = OnceLock::new();
    let (micro, rest) = *LIMITS.get_or_init(|| {
        let config = Config::default();
        (config.micro.duration.as_secs() as u32, config.rest.duration.as_secs() as u32)
    });
    match kind {
        TipKind::Micro => micro,
        TipKind::Rest => rest,
    }
}

/// A duration for people: `25 s`, `2 min`, `2 min 30 s`.
pub fn format_seconds(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// A file and, when known, the 1-based line and column in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub origin: String,
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    fn at(origin: &str, text: &str, offset: Option<usize>) -> Location {
        Location { origin: origin.to_owned(), line_col: offset.map(|offset| line_col(text, offset)) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col {
            Some((line, column)) => write!(f, "{}:{line}:{column}", self.origin),
            None => f.write_str(&self.origin),
        }
    }
}

/// A tip file that cannot be used, with where and which tip.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{location}: {}{problem}", .tip.as_ref().map(|id| format!("tip `{id}`: ")).unwrap_or_default())]
pub struct TipsError {
    pub location: Location,
    /// The id of the card or advice at fault, when the file got far enough to say.
    pub tip: Option<String>,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    /// The TOML parser's message: a syntax error, a missing or unknown field, or an unknown
    /// kind, area or topic.
    #[error("{0}")]
    Toml(String),
    #[error(
        "this is the old tip format: a `[[tip]]` with one text is now either a `[[card]]` (an exercise with \
         title, steps and timing) or an `[[advice]]` (one text in `nl` and `en`); see \"Your own cards\" in \
         the README"
    )]
    OldFormat,
    #[error("the id must be kebab-case: lowercase letters and digits joined by single hyphens")]
    BadId,
    #[error("the id is already used at {0}")]
    DuplicateId(Location),
    #[error("the `{}` text is empty", .0.as_str())]
    EmptyText(Lang),
    #[error("the `{}` text has {chars} characters; at most {max} fit", .lang.as_str())]
    TooLong { lang: Lang, chars: usize, max: usize },
    #[error("a card has {min} to {max} steps, not {0}", min = STEPS.start(), max = STEPS.end())]
    StepCount(usize),
    #[error("`reps` must be at least 1 and `sides` 1 or 2")]
    BadTiming,
    #[error("the card takes {} but a {} break lasts {}", format_seconds(*.total), .kind.as_str(), format_seconds(*.limit))]
    TooSlow { kind: TipKind, total: u32, limit: u32 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TipFile {
    #[serde(default)]
    card: Vec<Spanned<RawCard>>,
    #[serde(default)]
    advice: Vec<Spanned<RawAdvice>>,
    /// Only to recognise the old format and say so.
    #[serde(default)]
    tip: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTexts {
    nl: Spanned<String>,
    en: Spanned<String>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCard {
    id: Spanned<String>,
    kind: TipKind,
    areas: Vec<Area>,
    title: RawTexts,
    steps: Spanned<Vec<RawTexts>>,
    seconds: Spanned<u32>,
    #[serde(default)]
    hold: u32,
    #[serde(default = "one")]
    reps: u32,
    #[serde(default = "one")]
    sides: u32,
    source: String,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    figure: Option<RawFigure>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdvice {
    id: Spanned<String>,
    areas: Vec<Area>,
    #[serde(default)]
    topic: Option<Topic>,
    source: String,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    nl: Spanned<String>,
    en: Spanned<String>,
}

/// Just enough of a tip file to name the entry a typed parse failed in.
#[derive(Deserialize)]
struct LooseFile {
    #[serde(default)]
    card: Vec<Spanned<LooseTip>>,
    #[serde(default)]
    advice: Vec<Spanned<LooseTip>>,
}

#[derive(Deserialize)]
struct LooseTip {
    id: Option<toml::Value>,
}

/// The id of the last entry starting before `offset`, if the file parses loosely. Works
/// whether the parser spans a table from its header or from its first key.
fn tip_at(text: &str, offset: usize) -> Option<String> {
    let file: LooseFile = toml::from_str(text).ok()?;
    file.card
        .into_iter()
        .chain(file.advice)
        .filter(|tip| tip.span().start <= offset)
        .max_by_key(|tip| tip.span().start)?
        .into_inner()
        .id?
        .as_str()
        .map(str::to_owned)
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Checks one language's text, returning the problem and where it is.
fn check_text(lang: Lang, text: &Spanned<String>, max: usize) -> Result<(), (Range<usize>, Problem)> {
    let chars = text.get_ref().chars().count();
    if text.get_ref().trim().is_empty() {
        Err((text.span(), Problem::EmptyText(lang)))
    } else if chars > max {
        Err((text.span(), Problem::TooLong { lang, chars, max }))
    } else {
        Ok(())
    }
}

fn check_texts(texts: &RawTexts, max: usize) -> Result<Texts, (Range<usize>, Problem)> {
    check_text(Lang::Nl, &texts.nl, max)?;
    check_text(Lang::En, &texts.en, max)?;
    Ok(Texts { nl: texts.nl.get_ref().clone(), en: texts.en.get_ref().clone() })
}

/// The built-in cards and advice, optionally with a user's added.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    cards: Vec<Card>,
    advice: Vec<Advice>,
    /// Where each card, then each piece of advice, was defined, by id, for duplicate-id errors.
    places: Vec<(String, Location)>,
}

const BUILTIN_ORIGIN: &str = "config/tips.toml (built in)";

impl Catalogue {
    /// The catalogue shipped in the binary.
    pub fn builtin() -> Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Catalogue::parse(include_str!("../../../config/tips.toml"), BUILTIN_ORIGIN)
                    .unwrap_or_else(|err| panic!("the built-in tip catalogue is invalid: {err}"))
            })
            .clone()
    }

    /// Parses a tip file; `origin` names it in errors. See the module docs for the format.
    pub fn parse(text: &str, origin: &str) -> Result<Catalogue, TipsError> {
        let file: TipFile = toml::from_str(text).map_err(|err| {
            let offset = err.span().map(|span| span.start);
            TipsError {
                location: Location::at(origin, text, offset),
                tip: offset.and_then(|offset| tip_at(text, offset)),
                problem: Problem::Toml(err.message().trim_end().to_owned()),
            }
        })?;
        if let Some(old) = file.tip {
            return Err(TipsError {
                location: Location::at(origin, text, Some(old.span().start)),
                tip: None,
                problem: Problem::OldFormat,
            });
        }
        let safety = safety();
        let mut catalogue = Catalogue::default();
        for raw in file.card {
            let raw = raw.into_inner();
            catalogue.check_id(&raw.id, origin, text)?;
            let id = raw.id.get_ref().clone();
            let card = card(raw, &safety).map_err(|(span, problem)| TipsError {
                location: Location::at(origin, text, Some(span.start)),
                tip: Some(id),
                problem,
            })?;
            catalogue.cards.push(card);
        }
        for raw in file.advice {
            let raw = raw.into_inner();
            catalogue.check_id(&raw.id, origin, text)?;
            let error = |(span, problem): (Range<usize>, Problem)| TipsError {
                location: Location::at(origin, text, Some(span.start)),
                tip: Some(raw.id.get_ref().clone()),
                problem,
            };
            check_text(Lang::Nl, &raw.nl, MAX_TEXT_CHARS)
                .and_then(|()| check_text(Lang::En, &raw.en, MAX_TEXT_CHARS))
                .map_err(error)?;
            catalogue.advice.push(Advice {
                id: raw.id.into_inner(),
                areas: raw.areas,
                topic: raw.topic,
                trace: Trace { source: raw.source, section: raw.section, quote: raw.quote },
                nl: raw.nl.into_inner(),
                en: raw.en.into_inner(),
            });
        }
        Ok(catalogue)
    }

    /// Checks a new entry's id and records where it is.
    fn check_id(&mut self, id: &Spanned<String>, origin: &str, text: &str) -> Result<(), TipsError> {
        let location = Location::at(origin, text, Some(id.span().start));
        let error = |problem| TipsError { location: location.clone(), tip: Some(id.get_ref().clone()), problem };
        if !is_kebab_case(id.get_ref()) {
            return Err(error(Problem::BadId));
        }
        if let Some(first) = self.place_of(id.get_ref()) {
            return Err(error(Problem::DuplicateId(first.clone())));
        }
        self.places.push((id.get_ref().clone(), location));
        Ok(())
    }

    /// Adds another catalogue's cards and advice (a user file to the built-in ones). All or
    /// nothing: an id both define is an error located at `other`'s entry, and `self` is left
    /// as it was.
    pub fn extend(&mut self, other: Catalogue) -> Result<(), TipsError> {
        for (id, place) in &other.places {
            if let Some(first) = self.place_of(id) {
                return Err(TipsError {
                    location: place.clone(),
                    tip: Some(id.clone()),
                    problem: Problem::DuplicateId(first.clone()),
                });
            }
        }
        self.cards.extend(other.cards);
        self.advice.extend(other.advice);
        self.places.extend(other.places);
        Ok(())
    }

    /// Keeps only the cards `keep` accepts (used to apply filters before drawing).
    pub fn retain(&mut self, keep: impl FnMut(&Card) -> bool) {
        self.cards.retain(keep);
    }

    /// The exercise cards, the deck's material.
    pub fn tips(&self) -> &[Card] {
        &self.cards
    }

    pub fn advice(&self) -> &[Advice] {
        &self.advice
    }

    /// The advice line for a rest break on the `day`-th day: one about the card's body areas
    /// when there is one, taking turns day by day.
    pub fn advice_of_the_day(&self, card: &Card, day: u32) -> Option<&Advice> {
        let fitting: Vec<&Advice> =
            self.advice.iter().filter(|advice| advice.areas.iter().any(|area| card.areas.contains(area))).collect();
        let pool: Vec<&Advice> = if fitting.is_empty() { self.advice.iter().collect() } else { fitting };
        pool.get(day as usize % pool.len().max(1)).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|card| card.id == id)
    }

    /// The number of cards.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    fn place_of(&self, id: &str) -> Option<&Location> {
        self.places.iter().find(|(known, _)| known == id).map(|(_, place)| place)
    }
}

/// A checked card, or the problem and where it is.
fn card(raw: RawCard, safety: &Safety) -> Result<Card, (Range<usize>, Problem)> {
    let title = check_texts(&raw.title, MAX_TITLE_CHARS)?;
    let n = raw.steps.get_ref().len();
    if !STEPS.contains(&n) {
        return Err((raw.steps.span(), Problem::StepCount(n)));
    }
    let steps =
        raw.steps.get_ref().iter().map(|step| check_texts(step, MAX_STEP_CHARS)).collect::<Result<Vec<_>, _>>()?;
    let timing = Timing { seconds: *raw.seconds.get_ref(), hold: raw.hold, reps: raw.reps, sides: raw.sides };
    if timing.reps == 0 || !(1..=2).contains(&timing.sides) {
        return Err((raw.seconds.span(), Problem::BadTiming));
    }
    let limit = time_limit(raw.kind);
    if timing.total() > limit {
        return Err((raw.seconds.span(), Problem::TooSlow { kind: raw.kind, total: timing.total(), limit }));
    }
    let mut card = Card {
        id: raw.id.into_inner(),
        kind: raw.kind,
        areas: raw.areas,
        title,
        steps,
        timing,
        trace: Trace { source: raw.source, section: raw.section, quote: raw.quote },
        figure: raw.figure.as_ref().map(Figure::from_raw),
        body: Texts { nl: String::new(), en: String::new() },
    };
    card.body = Texts { nl: body(&card, Lang::Nl, safety), en: body(&card, Lang::En, safety) };
    Ok(card)
}

/// The notification text: title and time, the numbered steps, the stop rule, and for the lower
/// back the pointer to the warning signs.
fn body(card: &Card, lang: Lang, safety: &Safety) -> String {
    let mut lines = vec![format!("{} · {}", card.title.get(lang), format_seconds(card.timing.total()))];
    lines.extend(card.steps.iter().enumerate().map(|(i, step)| format!("{}. {}", i + 1, step.get(lang))));
    lines.push(safety.stop_rule.text(lang).to_owned());
    if card.points_to_warning_signs() {
        lines.push(safety.see_doctor.text(lang).to_owned());
    }
    lines.join("\n")
}

/// A symptom that calls for a doctor rather than a break. Shown on request, never as a tip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningSign {
    pub id: String,
    pub source: String,
    pub section: String,
    /// A few words of the passage, as they stand in the document.
    pub quote: String,
    pub nl: String,
    pub en: String,
}

impl SafetyNote {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

impl WarningSign {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// A safety sentence every card (or every back-pain card) carries, with its passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyNote {
    pub nl: String,
    pub en: String,
    /// The passages it rests on.
    pub from: Vec<Trace>,
}

/// The stop rule on every card and the doctor pointer on back-pain cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    pub stop_rule: SafetyNote,
    pub see_doctor: SafetyNote,
}

/// A document the tips and warning signs come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The seed file name tips refer to in `source`.
    pub file: String,
    pub title: String,
    /// The document's language code, e.g. `nl`.
    pub language: String,
    /// What the document is about, in a sentence.
    pub covers: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WarningSignFile {
    stop_rule: SafetyNote,
    see_doctor: SafetyNote,
    warning_sign: Vec<WarningSign>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    source: Vec<Source>,
}

/// Parses an embedded data file. Panicking is fine: unit tests parse every embedded file.
fn embedded<T: DeserializeOwned>(text: &str, name: &str) -> T {
    toml::from_str(text).unwrap_or_else(|err| panic!("the built-in {name} is invalid: {err}"))
}

fn warning_sign_file() -> WarningSignFile {
    embedded(include_str!("../../../config/warning_signs.toml"), "config/warning_signs.toml")
}

/// The built-in warning signs.
pub fn warning_signs() -> Vec<WarningSign> {
    warning_sign_file().warning_sign
}

/// The warning signs as a page of text: the heading and one line per sign.
pub fn warning_signs_text(lang: Lang) -> String {
    let mut text = render(lang, &Message::WarningSignsIntro);
    for sign in warning_signs() {
        text.push_str("\n- ");
        text.push_str(sign.text(lang));
    }
    text.push('\n');
    text
}

/// The stop rule and the doctor pointer.
pub fn safety() -> Safety {
    let file = warning_sign_file();
    Safety { stop_rule: file.stop_rule, see_doctor: file.see_doctor }
}

/// The documents the built-in tips and warning signs come from.
pub fn sources() -> Vec<Source> {
    embedded::<SourceFile>(include_str!("../../../config/sources.toml"), "config/sources.toml").source
}

/// The title of the document a tip names, or the name as written for a user's own source.
pub fn source_title(source: &str) -> String {
    sources().into_iter().find(|s| s.file == source).map_or_else(|| source.to_owned(), |s| s.title)
}

/// Which card to show next, per break kind. Owned by the break engine and saved with its state.
///
/// Each kind goes through rounds: every card that fits the kind is shown before any repeats.
/// Within a round, cards touching a focus area come first, and for micro breaks a focus card
/// comes back as an extra turn whenever the round's focus turns would fall under half, so a
/// focus area gets at least half the micro breaks. The card just shown, of either kind, is
/// never shown next. Among the candidates the pick is random from a seeded splitmix64 state,
/// so the same deck and the same calls give the same cards. Cards are remembered by id, so an
/// edited catalogue is fine: unknown ids are ignored and new cards join the current round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TipDeck {
    /// splitmix64 state; advances once per draw.
    rng: u64,
    /// Ids shown in the current micro round, oldest first; focus extras included.
    micro: Vec<String>,
    /// Ids shown in the current rest round, oldest first.
    rest: Vec<String>,
    /// The card shown last, of either kind. Absent in decks saved before it existed.
    last: Option<String>,
}

impl TipDeck {
    pub fn with_seed(seed: u64) -> TipDeck {
        TipDeck { rng: seed, ..TipDeck::default() }
    }

    /// The next card for a break of `kind`, favouring cards that touch a `focus` area. `None`
    /// only when no card in the catalogue fits the kind.
    pub fn draw<'a>(&mut self, catalogue: &'a Catalogue, kind: Kind, focus: &[Area]) -> Option<&'a Card> {
        let TipDeck { rng, micro, rest, last } = self;
        let shown = match kind {
            Kind::Micro => micro,
            Kind::Rest => rest,
        };
        let is_focus = |card: &Card| card.areas.iter().any(|area| focus.contains(area));
        let fitting: Vec<&Card> = catalogue.tips().iter().filter(|card| card.fits(kind)).collect();
        if fitting.iter().all(|card| shown.contains(&card.id)) {
            shown.clear();
        }
        let seen: HashSet<&str> = shown.iter().map(String::as_str).collect();
        let fresh: Vec<&Card> = fitting.iter().copied().filter(|card| !seen.contains(card.id.as_str())).collect();
        let fresh_focus: Vec<&Card> = fresh.iter().copied().filter(|card| is_focus(card)).collect();
        let focus_turns = shown.iter().filter(|id| catalogue.get(id).is_some_and(is_focus)).count();
        let other_turns = shown.iter().filter(|id| catalogue.get(id).is_some_and(|card| !is_focus(card))).count();
        let focus_cards: Vec<&Card> = fitting.iter().copied().filter(|card| is_focus(card)).collect();
        let mut pool = if !fresh_focus.is_empty() {
            fresh_focus
        } else if kind == Kind::Micro && !focus_cards.is_empty() && focus_turns <= other_turns {
            least_recent(&focus_cards, shown)
        } else {
            fresh.clone()
        };
        // Never the card just shown, while anything else fits.
        pool.retain(|card| Some(&card.id) != last.as_ref());
        if pool.is_empty() {
            pool = fresh.into_iter().filter(|card| Some(&card.id) != last.as_ref()).collect();
        }
        if pool.is_empty() {
            pool = fitting.iter().copied().filter(|card| Some(&card.id) != last.as_ref()).collect();
        }
        if pool.is_empty() {
            pool = fitting;
        }
        let card = *pool.get(below(rng, pool.len()))?;
        shown.push(card.id.clone());
        *last = Some(card.id.clone());
        Some(card)
    }
}

/// The cards among `cards` whose latest turn in `shown` is the oldest (never shown first).
fn least_recent<'a>(cards: &[&'a Card], shown: &[String]) -> Vec<&'a Card> {
    let turn = |card: &Card| shown.iter().rposition(|id| *id == card.id).map_or(0, |i| i + 1);
    let oldest = cards.iter().map(|card| turn(card)).min().unwrap_or(0);
    cards.iter().copied().filter(|card| turn(card) == oldest).collect()
}

/// splitmix64: tiny, good enough to shuffle cards, and every u64 (including 0) is a fine state.
fn next_u64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number in `0..n` (0 when `n` is 0), by multiply-shift rather than `%` to avoid bias.
fn below(state: &mut u64, n: usize) -> usize {
    ((u128::from(next_u64(state)) * n as u128) >> 64) as usize
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;
    use crate::figure;

    fn builtin() -> Catalogue {
        Catalogue::builtin()
    }

    fn cards_of(kind: TipKind) -> Vec<Card> {
        builtin().tips().iter().filter(|card| card.kind == kind).cloned().collect()
    }

    /// The source documents, carried in the crate for this test only: the project never reads
    /// them at run time and does not ship them.
    fn document(file: &str) -> String {
        let text = match file {
            "000_46a29c6c3e793165.txt" => include_str!("../testdata/sources/000_46a29c6c3e793165.txt"),
            "001_cfae3f8e7999a79c.txt" => include_str!("../testdata/sources/001_cfae3f8e7999a79c.txt"),
            "002_d1280c2bbff1f118.txt" => include_str!("../testdata/sources/002_d1280c2bbff1f118.txt"),
            "003_9510811ba5cf2138.txt" => include_str!("../testdata/sources/003_9510811ba5cf2138.txt"),
            other => panic!("unknown source document {other}"),
        };
        // Line breaks and non-breaking spaces inside a passage are not part of the words.
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Every built-in trace: what it belongs to, the document, the section and the quote.
    fn traces() -> Vec<(String, String, String, String)> {
        let catalogue = builtin();
        let mut all = Vec::new();
        let mut add = |owner: &str, trace: &Trace| {
            let section = trace.section.clone().unwrap_or_else(|| panic!("{owner}: no section"));
            let quote = trace.quote.clone().unwrap_or_else(|| panic!("{owner}: no quote"));
            all.push((owner.to_owned(), trace.source.clone(), section, quote));
        };
        for card in catalogue.tips() {
            add(&card.id, &card.trace);
        }
        for advice in catalogue.advice() {
            add(&advice.id, &advice.trace);
        }
        let safety = safety();
        for (name, note) in [("stop rule", &safety.stop_rule), ("see doctor", &safety.see_doctor)] {
            assert!(!note.from.is_empty(), "{name}: no passage");
            for trace in &note.from {
                add(name, trace);
            }
        }
        for sign in warning_signs() {
            let trace = Trace { source: sign.source, section: Some(sign.section), quote: Some(sign.quote) };
            add(&sign.id, &trace);
        }
        all
    }

    #[test]
    fn every_quote_and_section_stands_verbatim_in_its_document() {
        for (owner, source, section, quote) in traces() {
            let text = document(&source);
            // A section may add " — item 3 (…)" after the heading to point inside it.
            let heading = section.split(" — ").next().unwrap();
            assert!(text.contains(heading), "{owner}: section {heading:?} is not in {source}");
            assert!(text.contains(&quote), "{owner}: quote {quote:?} is not in {source}");
            let words = quote.split_whitespace().count();
            assert!((2..=12).contains(&words), "{owner}: quote a few words, not {words}");
        }
    }

    #[test]
    fn the_catalogue_has_enough_cards_of_each_kind_for_every_area() {
        assert!(cards_of(TipKind::Micro).len() >= 14, "micro cards: {}", cards_of(TipKind::Micro).len());
        assert!(cards_of(TipKind::Rest).len() >= 12, "rest cards: {}", cards_of(TipKind::Rest).len());
        for area in Area::ALL {
            assert!(builtin().tips().iter().any(|card| card.areas.contains(&area)), "no card for {area:?}");
        }
        assert!(builtin().advice().len() >= 20);
    }

    #[test]
    fn every_card_fits_its_break_at_the_default_durations() {
        for kind in [TipKind::Micro, TipKind::Rest] {
            let limit = match kind {
                TipKind::Micro => 30,
                TipKind::Rest => 300,
            };
            assert_eq!(time_limit(kind), limit);
            for card in cards_of(kind) {
                let total = card.timing.total();
                assert!(total > 0 && total <= limit, "{}: {total} s", card.id);
            }
        }
    }

    #[test]
    fn every_card_is_complete_and_short() {
        for card in builtin().tips() {
            assert!(STEPS.contains(&card.steps.len()), "{}", card.id);
            for lang in [Lang::Nl, Lang::En] {
                assert!(card.title.get(lang).chars().count() <= MAX_TITLE_CHARS, "{}", card.id);
                for step in &card.steps {
                    assert!(step.get(lang).chars().count() <= MAX_STEP_CHARS, "{}: {}", card.id, step.get(lang));
                }
                let text = card.text(lang);
                assert!(text.contains(safety().stop_rule.text(lang)), "{}: no stop rule", card.id);
                assert_eq!(
                    text.contains(safety().see_doctor.text(lang)),
                    card.points_to_warning_signs(),
                    "{}",
                    card.id
                );
            }
            assert!(!card.areas.is_empty(), "{}: no areas", card.id);
            assert!(card.figure.is_some(), "{}: no picture", card.id);
        }
        for advice in builtin().advice() {
            assert!(advice.topic.is_some() && !advice.areas.is_empty(), "{}", advice.id);
        }
    }

    #[test]
    fn every_card_has_its_own_picture() {
        let mut seen = HashMap::new();
        for card in builtin().tips() {
            let svg = figure::svg(card.figure.as_ref().unwrap());
            assert!(svg.len() > 500 && svg.contains("<circle"), "{}: empty picture", card.id);
            if let Some(other) = seen.insert(svg, card.id.clone()) {
                panic!("{} and {other} have the same picture", card.id);
            }
        }
    }

    #[test]
    fn the_misfits_are_advice_now() {
        let catalogue = builtin();
        for id in [
            "sleeping-position",
            "mattress-and-sore-shoulder",
            "enough-sleep",
            "stay-active-with-back-pain",
            "arms-down-from-overhead",
            "lift-with-bent-knees",
            "lifting-when-tired",
            "lift-calmly",
            "running-route-and-shoes",
        ] {
            assert!(catalogue.get(id).is_none(), "{id} is still a card");
            assert!(catalogue.advice().iter().any(|a| a.id == id), "{id} is not advice");
        }
    }

    #[test]
    fn builtin_sources_are_listed_and_all_used() {
        let files: Vec<String> = sources().into_iter().map(|s| s.file).collect();
        assert_eq!(files.len(), 4, "expected the four source documents");
        let traces = traces();
        for (owner, source, _, _) in &traces {
            assert!(files.contains(source), "{owner}: unknown source {source}");
        }
        for file in &files {
            assert!(traces.iter().any(|(_, source, _, _)| source == file), "nothing uses {file}");
        }
        assert_eq!(source_title("001_cfae3f8e7999a79c.txt"), "Door wat wordt hoge rugpijn veroorzaakt?");
        assert_eq!(source_title("my physio"), "my physio");
    }

    #[test]
    fn ids_are_unique_and_warning_signs_are_not_tips() {
        let catalogue = builtin();
        let mut ids: HashSet<&str> = HashSet::new();
        for id in catalogue.tips().iter().map(|c| &c.id).chain(catalogue.advice().iter().map(|a| &a.id)) {
            assert!(ids.insert(id), "duplicate id {id}");
        }
        let signs = warning_signs();
        for sign in &signs {
            assert!(is_kebab_case(&sign.id) && ids.insert(&sign.id), "warning sign {}", sign.id);
            for lang in [Lang::Nl, Lang::En] {
                assert!(sign.text(lang).chars().count() <= MAX_TEXT_CHARS, "{}", sign.id);
            }
        }
        assert!(signs.iter().any(|s| s.id == "tension-does-not-ease"));
        let older = signs.iter().find(|s| s.id == "older-and-new-low-back-pain").unwrap();
        assert!(older.nl.contains("nu last van je onderrug"), "{}", older.nl);
    }

    #[test]
    fn a_card_reads_as_title_steps_and_stop_rule() {
        let card = builtin().get("neck-side-stretch").cloned().unwrap();
        let text = card.text(Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Neck side stretch · 22 s");
        assert!(lines[1].starts_with("1. "));
        assert_eq!(*lines.last().unwrap(), safety().stop_rule.en);
        assert_eq!(format_seconds(150), "2 min 30 s");
        assert_eq!(format_seconds(180), "3 min");
    }

    const FIXTURE: &str = r#"
[[card]]
id = "neck-a"
kind = "micro"
areas = ["neck"]
title = { nl = "nek a", en = "neck a" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 5
source = "s"

[[card]]
id = "neck-b"
kind = "micro"
areas = ["neck", "shoulders"]
title = { nl = "nek b", en = "neck b" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 5
source = "s"

[[card]]
id = "back-c"
kind = "micro"
areas = ["upper_back"]
title = { nl = "rug c", en = "back c" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 5
source = "s"

[[card]]
id = "legs-d"
kind = "rest"
areas = ["legs"]
title = { nl = "benen d", en = "legs d" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 60
source = "s"

[[card]]
id = "body-e"
kind = "micro"
areas = ["whole_body"]
title = { nl = "lijf e", en = "body e" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 5
source = "s"

[[card]]
id = "hips-f"
kind = "rest"
areas = ["hips"]
title = { nl = "heup f", en = "hips f" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 60
source = "s"

[[card]]
id = "jaw-g"
kind = "micro"
areas = ["jaw"]
title = { nl = "kaak g", en = "jaw g" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 5
source = "s"

[[card]]
id = "arms-h"
kind = "micro"
areas = ["arms"]
title = { nl = "arm h", en = "arm h" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 5
source = "s"

[[card]]
id = "walk-i"
kind = "rest"
areas = ["legs", "lower_back"]
title = { nl = "lopen i", en = "walk i" }
steps = [{ nl = "een", en = "one" }, { nl = "twee", en = "two" }]
seconds = 60
source = "s"
"#;

    fn fixture() -> Catalogue {
        Catalogue::parse(FIXTURE, "fixture.toml").unwrap()
    }

    fn fitting_ids(catalogue: &Catalogue, kind: Kind) -> HashSet<String> {
        catalogue.tips().iter().filter(|card| card.fits(kind)).map(|card| card.id.clone()).collect()
    }

    fn draw_ids(deck: &mut TipDeck, catalogue: &Catalogue, kind: Kind, focus: &[Area], n: usize) -> Vec<String> {
        (0..n).map(|_| deck.draw(catalogue, kind, focus).unwrap().id.clone()).collect()
    }

    #[test]
    fn a_round_is_a_permutation_of_the_fitting_cards() {
        for catalogue in [fixture(), builtin()] {
            for kind in Kind::ALL {
                let fitting = fitting_ids(&catalogue, kind);
                let mut deck = TipDeck::with_seed(7);
                for _round in 0..3 {
                    let drawn = draw_ids(&mut deck, &catalogue, kind, &[], fitting.len());
                    let unique: HashSet<String> = drawn.iter().cloned().collect();
                    assert_eq!(unique, fitting, "{kind}: round is not a permutation");
                    assert_eq!(unique.len(), drawn.len());
                }
            }
        }
    }

    #[test]
    fn kinds_keep_separate_rounds() {
        let catalogue = fixture();
        let mut deck = TipDeck::with_seed(3);
        let mut micro = Vec::new();
        for _ in 0..fitting_ids(&catalogue, Kind::Micro).len() {
            micro.push(deck.draw(&catalogue, Kind::Micro, &[]).unwrap().id.clone());
            deck.draw(&catalogue, Kind::Rest, &[]).unwrap();
        }
        let unique: HashSet<String> = micro.iter().cloned().collect();
        assert_eq!(unique, fitting_ids(&catalogue, Kind::Micro));
    }

    #[test]
    fn focus_cards_come_first_in_every_round() {
        let catalogue = fixture();
        let neck: HashSet<String> = ["neck-a", "neck-b"].map(String::from).into();
        for seed in 0..20 {
            let mut deck = TipDeck::with_seed(seed);
            for kind in Kind::ALL {
                let drawn = draw_ids(&mut deck, &catalogue, kind, &[Area::Neck, Area::Legs], 2);
                let expected = match kind {
                    Kind::Micro => neck.clone(),
                    Kind::Rest => ["legs-d", "walk-i"].map(String::from).into(),
                };
                assert_eq!(drawn.into_iter().collect::<HashSet<_>>(), expected, "seed {seed}");
            }
        }
    }

    #[test]
    fn a_focus_area_gets_at_least_half_the_micro_breaks() {
        for catalogue in [fixture(), builtin()] {
            let micro = fitting_ids(&catalogue, Kind::Micro);
            for focus in [Area::Neck, Area::Jaw, Area::Arms] {
                let is_focus = |id: &String| catalogue.get(id).unwrap().areas.contains(&focus);
                for seed in 0..10 {
                    let mut deck = TipDeck::with_seed(seed);
                    let drawn = draw_ids(&mut deck, &catalogue, Kind::Micro, &[focus], 3 * micro.len());
                    for n in 1..=drawn.len() {
                        let focused = drawn[..n].iter().filter(|id| is_focus(id)).count();
                        assert!(2 * focused >= n, "{focus:?} seed {seed}: {focused} of {n}: {drawn:?}");
                    }
                    // Every card still comes round.
                    assert_eq!(drawn.iter().cloned().collect::<HashSet<_>>(), micro, "{focus:?} seed {seed}");
                }
            }
        }
    }

    #[test]
    fn the_same_card_never_shows_twice_in_a_row() {
        let catalogue = fixture();
        for seed in 0..50 {
            let mut deck = TipDeck::with_seed(seed);
            let mut drawn = Vec::new();
            for i in 0..60 {
                let kind = if (seed + i) % 3 == 0 { Kind::Rest } else { Kind::Micro };
                let focus: &[Area] = if i % 2 == 0 { &[Area::Jaw] } else { &[] };
                drawn.push(deck.draw(&catalogue, kind, focus).unwrap().id.clone());
            }
            for pair in drawn.windows(2) {
                assert_ne!(pair[0], pair[1], "seed {seed}: {drawn:?}");
            }
        }
    }

    #[test]
    fn the_deck_is_deterministic_from_its_seed() {
        let catalogue = builtin();
        let run = |seed| {
            let mut deck = TipDeck::with_seed(seed);
            let ids = draw_ids(&mut deck, &catalogue, Kind::Micro, &[Area::Neck], 30);
            (ids, deck)
        };
        assert_eq!(run(42), run(42));
        let others: HashSet<Vec<String>> = (0..5).map(|seed| run(seed).0).collect();
        assert!(others.len() > 1, "seeds do not change the order");
    }

    #[test]
    fn the_deck_round_trips_through_its_saved_state() {
        let catalogue = fixture();
        let mut deck = TipDeck::with_seed(11);
        draw_ids(&mut deck, &catalogue, Kind::Micro, &[], 2);
        let json = serde_json::to_string(&deck).unwrap();
        let mut restored: TipDeck = serde_json::from_str(&json).unwrap();
        assert_eq!(restored, deck);
        assert_eq!(
            draw_ids(&mut restored, &catalogue, Kind::Micro, &[], 10),
            draw_ids(&mut deck, &catalogue, Kind::Micro, &[], 10)
        );
        let empty: TipDeck = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, TipDeck::default());
    }

    #[test]
    fn an_old_saved_deck_with_unknown_ids_still_draws() {
        let catalogue = builtin();
        // Saved before cards existed: old tip ids, and no `last`.
        let old = r#"{"rng": 9, "micro": ["posture-check-half-hour", "gone"], "rest": ["enough-sleep"]}"#;
        let mut deck: TipDeck = serde_json::from_str(old).unwrap();
        for kind in Kind::ALL {
            let fitting = fitting_ids(&catalogue, kind);
            let drawn = draw_ids(&mut deck, &catalogue, kind, &[], fitting.len());
            assert_eq!(drawn.into_iter().collect::<HashSet<_>>(), fitting);
        }
    }

    #[test]
    fn the_deck_survives_a_changed_catalogue() {
        let before = fixture();
        let mut deck = TipDeck::with_seed(5);
        draw_ids(&mut deck, &before, Kind::Micro, &[], 3);
        let mut after = fixture();
        after.retain(|card| card.id != "neck-a" && card.id != "jaw-g");
        after.extend(Catalogue::parse(&GOOD.replace("\"mine\"", "\"new-h\""), "extra.toml").unwrap()).unwrap();
        let fitting = fitting_ids(&after, Kind::Micro);
        let drawn = draw_ids(&mut deck, &after, Kind::Micro, &[], 3 * fitting.len());
        assert!(drawn.iter().all(|id| fitting.contains(id)), "{drawn:?}");
        assert!(drawn.iter().any(|id| id == "new-h"));
    }

    #[test]
    fn no_fitting_card_draws_nothing() {
        let mut catalogue = fixture();
        catalogue.retain(|card| card.kind == TipKind::Rest);
        let mut deck = TipDeck::default();
        assert!(deck.draw(&catalogue, Kind::Micro, &[]).is_none());
        assert!(deck.draw(&catalogue, Kind::Rest, &[]).is_some());
        assert!(deck.draw(&Catalogue::default(), Kind::Rest, &[]).is_none());
    }

    proptest! {
        #[test]
        fn no_card_repeats_within_a_round_without_focus(
            seed in any::<u64>(),
            draws in prop::collection::vec(any::<bool>(), 1..200),
        ) {
            let catalogue = fixture();
            let mut deck = TipDeck::with_seed(seed);
            let mut rounds: HashMap<Kind, HashSet<String>> = HashMap::new();
            for micro in draws {
                let kind = if micro { Kind::Micro } else { Kind::Rest };
                let fitting = fitting_ids(&catalogue, kind);
                let round = rounds.entry(kind).or_default();
                if round.len() == fitting.len() {
                    round.clear();
                }
                let card = deck.draw(&catalogue, kind, &[]).unwrap();
                prop_assert!(card.fits(kind));
                prop_assert!(round.insert(card.id.clone()), "{} repeated within a round", card.id);
            }
        }

        #[test]
        fn with_focus_only_focus_cards_repeat_within_a_round(
            seed in any::<u64>(),
            n in 1usize..100,
        ) {
            let catalogue = fixture();
            let mut deck = TipDeck::with_seed(seed);
            let others: HashSet<String> = fitting_ids(&catalogue, Kind::Micro)
                .into_iter()
                .filter(|id| !catalogue.get(id).unwrap().areas.contains(&Area::Neck))
                .collect();
            let mut round = HashSet::new();
            for _ in 0..n {
                let card = deck.draw(&catalogue, Kind::Micro, &[Area::Neck]).unwrap();
                if others.contains(&card.id) {
                    if round.len() == others.len() {
                        round.clear();
                    }
                    prop_assert!(round.insert(card.id.clone()), "{} repeated within a round", card.id);
                }
            }
        }
    }

    fn parse_err(text: &str) -> TipsError {
        Catalogue::parse(text, "mine.toml").unwrap_err()
    }

    const GOOD: &str = "[[card]]\nid = \"mine\"\nkind = \"micro\"\nareas = [\"neck\"]\n\
        title = { nl = \"ja\", en = \"yes\" }\nsteps = [{ nl = \"a\", en = \"a\" }, { nl = \"b\", en = \"b\" }]\n\
        seconds = 5\nhold = 5\nsource = \"me\"\n";

    const ADVICE: &str = "[[advice]]\nid = \"tip\"\nareas = [\"neck\"]\nsource = \"me\"\nnl = \"ja\"\nen = \"yes\"\n";

    #[test]
    fn user_files_may_leave_out_section_quote_and_figure() {
        let catalogue = Catalogue::parse(&format!("{GOOD}\n{ADVICE}"), "mine.toml").unwrap();
        let card = catalogue.get("mine").unwrap();
        assert_eq!((card.trace.section.as_deref(), card.trace.quote.as_deref(), card.figure), (None, None, None));
        assert_eq!((card.timing.reps, card.timing.sides, card.timing.total()), (1, 1, 10));
        assert_eq!(catalogue.advice()[0].topic, None);
        assert_eq!(catalogue.len(), 1);
        assert!(Catalogue::parse("", "empty.toml").unwrap().is_empty());
    }

    #[test]
    fn the_old_format_is_named_and_located() {
        let old = "# mine\n[[tip]]\nid = \"x\"\nkind = \"both\"\nareas = [\"neck\"]\nsource = \"me\"\nnl = \"a\"\nen = \"b\"\n";
        let err = parse_err(old);
        assert_eq!(err.problem, Problem::OldFormat);
        assert_eq!(err.location.line_col.map(|(line, _)| line), Some(2));
        assert!(err.to_string().contains("[[card]]"), "{err}");
    }

    #[test]
    fn a_bad_kind_is_located_and_names_the_card() {
        let err = parse_err(&GOOD.replace("\"micro\"", "\"both\""));
        assert_eq!(err.location.line_col, Some((3, 8)));
        assert_eq!(err.tip.as_deref(), Some("mine"));
        assert!(matches!(&err.problem, Problem::Toml(m) if m.contains("both")), "{err}");
        assert!(err.to_string().starts_with("mine.toml:3:8: tip `mine`: "), "{err}");
    }

    #[test]
    fn steps_timing_and_lengths_are_checked() {
        let err = parse_err(&GOOD.replace("seconds = 5\n", "seconds = 5\nreps = 4\n"));
        assert_eq!(err.problem, Problem::TooSlow { kind: TipKind::Micro, total: 40, limit: 30 });
        assert!(err.to_string().contains("takes 40 s but a micro break lasts 30 s"), "{err}");
        assert_eq!(err.location.line_col.map(|(line, _)| line), Some(7));
        let err = parse_err(&GOOD.replace("sides", "x").replace("seconds = 5\n", "seconds = 5\nsides = 3\n"));
        assert_eq!(err.problem, Problem::BadTiming);
        let err = parse_err(&GOOD.replace(", { nl = \"b\", en = \"b\" }", ""));
        assert_eq!(err.problem, Problem::StepCount(1));
        let long = "x".repeat(MAX_STEP_CHARS + 1);
        let err = parse_err(&GOOD.replace("nl = \"b\"", &format!("nl = \"{long}\"")));
        assert_eq!(err.problem, Problem::TooLong { lang: Lang::Nl, chars: 91, max: MAX_STEP_CHARS });
        let err = parse_err(&GOOD.replace("en = \"yes\"", "en = \" \""));
        assert_eq!(err.problem, Problem::EmptyText(Lang::En));
    }

    #[test]
    fn unknown_areas_and_fields_are_rejected() {
        let err = parse_err(&GOOD.replace("\"neck\"", "\"elbow\""));
        assert_eq!(err.location.line_col.map(|(line, _)| line), Some(4));
        assert!(err.to_string().contains("elbow"));
        let err = parse_err(&GOOD.replace("source", "sauce"));
        assert!(matches!(err.problem, Problem::Toml(_)), "{err}");
        let err = parse_err(&GOOD.replace("[[card]]", "[[cards]]"));
        assert!(matches!(err.problem, Problem::Toml(_)), "{err}");
        let err = parse_err(&format!("{GOOD}figure = {{ start = {{ elbow = 3 }} }}\n"));
        assert!(matches!(err.problem, Problem::Toml(_)), "{err}");
    }

    #[test]
    fn advice_text_counts_characters() {
        let fits = ADVICE.replace("\"ja\"", &format!("\"{}\"", "é".repeat(MAX_TEXT_CHARS)));
        assert!(Catalogue::parse(&fits, "mine.toml").is_ok());
        let err = parse_err(&ADVICE.replace("\"yes\"", &format!("\"{}\"", "y".repeat(201))));
        assert_eq!(err.problem, Problem::TooLong { lang: Lang::En, chars: 201, max: MAX_TEXT_CHARS });
        assert_eq!(err.location.line_col, Some((6, 6)));
        assert_eq!(err.tip.as_deref(), Some("tip"));
    }

    #[test]
    fn bad_ids_are_rejected() {
        for id in ["Mine", "my tip", "my--tip", "-mine", ""] {
            let err = parse_err(&GOOD.replace("\"mine\"", &format!("\"{id}\"")));
            assert_eq!(err.problem, Problem::BadId, "{id:?}");
        }
    }

    #[test]
    fn duplicate_ids_are_rejected_with_both_places() {
        let err = parse_err(&format!("{GOOD}\n{}", ADVICE.replace("\"tip\"", "\"mine\"")));
        assert_eq!(err.location.line_col, Some((12, 6)));
        let first = Location { origin: "mine.toml".into(), line_col: Some((2, 6)) };
        assert_eq!(err.problem, Problem::DuplicateId(first));
        assert!(err.to_string().contains("already used at mine.toml:2:6"), "{err}");
    }

    #[test]
    fn extend_rejects_a_duplicate_and_changes_nothing() {
        let mut catalogue = fixture();
        let before = catalogue.len();
        let clash = format!("{}\n{}", GOOD, GOOD.replace("\"mine\"", "\"neck-a\""));
        let err = catalogue.extend(Catalogue::parse(&clash, "mine.toml").unwrap()).unwrap_err();
        assert_eq!(err.tip.as_deref(), Some("neck-a"));
        assert_eq!(err.location.origin, "mine.toml");
        assert!(matches!(&err.problem, Problem::DuplicateId(first) if first.origin == "fixture.toml"));
        assert_eq!(catalogue.len(), before);
        catalogue.extend(Catalogue::parse(GOOD, "mine.toml").unwrap()).unwrap();
        assert_eq!(catalogue.len(), before + 1);
    }

    #[test]
    fn a_syntax_error_has_line_and_column() {
        let err = parse_err("[[card]]\nid = \"mine\"\nkind = micro\n");
        assert_eq!(err.location.line_col, Some((3, 8)), "{err}");
        assert!(matches!(err.problem, Problem::Toml(_)));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("ab\nçd", 5), (2, 2));
        assert_eq!(line_col("x", 99), (1, 2));
    }

    #[test]
    fn the_advice_of_the_day_fits_the_card_and_takes_turns() {
        let catalogue = Catalogue::builtin();
        let card = catalogue.tips().iter().find(|card| card.kind == TipKind::Rest).unwrap();
        let first = catalogue.advice_of_the_day(card, 0).unwrap();
        assert!(first.areas.iter().any(|area| card.areas.contains(area)));
        let days: HashSet<&str> =
            (0..30).filter_map(|d| catalogue.advice_of_the_day(card, d)).map(|a| a.id.as_str()).collect();
        assert!(days.len() > 1, "the advice changes from day to day");
    }
}
