//! The tip catalogue: stretches and ergonomic advice drawn from the source documents, the
//! warning signs that call for a doctor instead, and the deck that rotates tips over breaks.
//!
//! Everything here is pure: the built-in data is embedded with `include_str!`, user tip files
//! arrive as text, and the deck shuffles with its own seeded generator, never the clock.
//!
//! A tip file is TOML with one `[[tip]]` table per tip:
//!
//! ```toml
//! [[tip]]
//! id = "neck-side-stretch"    # kebab-case, unique across the built-in and user tips
//! kind = "micro"              # micro, rest or both
//! areas = ["neck"]            # body areas; `tips.focus` favours tips touching these
//! topic = "stretch"           # optional in user files
//! source = "my physiotherapist"
//! section = "exercise sheet"  # optional in user files: where in the source
//! nl = "Kantel je hoofd rustig opzij."
//! en = "Tilt your head gently sideways."
//! ```
//!
//! `topic` and `section` are `Option`s rather than defaults because no topic or locator would
//! be true of a tip we know nothing about; the built-in catalogue sets both (a test checks).

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use toml::Spanned;

use super::{Kind, Lang};

/// A body area a tip works on; `tips.focus` favours tips for these.
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

/// The longest tip or warning sign text, in characters: it has to fit a notification.
pub const MAX_TEXT_CHARS: usize = 200;

/// Which breaks a tip suits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipKind {
    /// Something to do at the desk in a few seconds.
    Micro,
    /// Something for a break away from the desk.
    Rest,
    /// Fits either.
    Both,
}

impl TipKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TipKind::Micro => "micro",
            TipKind::Rest => "rest",
            TipKind::Both => "both",
        }
    }
}

/// What a tip is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Stretch,
    Movement,
    Posture,
    Ergonomics,
    Breathing,
    Relaxation,
    Hydration,
    Sleep,
    Lifting,
    Causes,
}

/// One tip. Serialises with these field names (`posture tip --json` relies on them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tip {
    /// Kebab-case, unique in a catalogue; the deck remembers tips by it.
    pub id: String,
    pub kind: TipKind,
    pub areas: Vec<Area>,
    /// `None` only for user tips that leave it out.
    pub topic: Option<Topic>,
    /// For built-in tips a file listed by [`sources`]; free text in user files.
    pub source: String,
    /// Where in the source; `None` only for user tips that leave it out.
    pub section: Option<String>,
    pub nl: String,
    pub en: String,
}

impl Tip {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// Whether the tip suits a break of this kind.
    pub fn fits(&self, kind: Kind) -> bool {
        matches!((self.kind, kind), (TipKind::Both, _) | (TipKind::Micro, Kind::Micro) | (TipKind::Rest, Kind::Rest))
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

/// Works on bytes so that any offset, even one inside a character, gives an answer; the
/// column counts characters, as editors do.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
    (line, column)
}

/// A tip file that cannot be used, with where and which tip.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{location}: {}{problem}", .tip.as_ref().map(|id| format!("tip `{id}`: ")).unwrap_or_default())]
pub struct TipsError {
    pub location: Location,
    /// The id of the tip at fault, when the file got far enough to say.
    pub tip: Option<String>,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    /// The TOML parser's message: a syntax error, a missing or unknown field, or an unknown
    /// kind, area or topic.
    #[error("{0}")]
    Toml(String),
    #[error("the id must be kebab-case: lowercase letters and digits joined by single hyphens")]
    BadId,
    #[error("the id is already used at {0}")]
    DuplicateId(Location),
    #[error("the `{}` text is empty", .0.as_str())]
    EmptyText(Lang),
    #[error("the `{}` text has {chars} characters; at most {MAX_TEXT_CHARS} fit a notification", .lang.as_str())]
    TooLong { lang: Lang, chars: usize },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TipFile {
    #[serde(default)]
    tip: Vec<Spanned<RawTip>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTip {
    id: Spanned<String>,
    kind: TipKind,
    areas: Vec<Area>,
    #[serde(default)]
    topic: Option<Topic>,
    source: String,
    #[serde(default)]
    section: Option<String>,
    nl: Spanned<String>,
    en: Spanned<String>,
}

/// Just enough of a tip file to name the tip a typed parse failed in.
#[derive(Deserialize)]
struct LooseFile {
    #[serde(default)]
    tip: Vec<Spanned<LooseTip>>,
}

#[derive(Deserialize)]
struct LooseTip {
    id: Option<toml::Value>,
}

/// The id of the last tip starting before `offset`, if the file parses loosely. Works whether
/// the parser spans a `[[tip]]` table from its header or from its first key.
fn tip_at(text: &str, offset: usize) -> Option<String> {
    let file: LooseFile = toml::from_str(text).ok()?;
    file.tip.into_iter().rfind(|tip| tip.span().start <= offset)?.into_inner().id?.as_str().map(str::to_owned)
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Checks one language's text, returning the problem and where it is.
fn check_text(lang: Lang, text: &Spanned<String>) -> Result<(), (Range<usize>, Problem)> {
    let chars = text.get_ref().chars().count();
    if text.get_ref().trim().is_empty() {
        Err((text.span(), Problem::EmptyText(lang)))
    } else if chars > MAX_TEXT_CHARS {
        Err((text.span(), Problem::TooLong { lang, chars }))
    } else {
        Ok(())
    }
}

/// The built-in tips, optionally with a user's tips added.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    tips: Vec<Tip>,
    /// Where each tip was defined, parallel to `tips`, for duplicate-id errors.
    places: Vec<Location>,
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
        let mut catalogue = Catalogue::default();
        for raw in file.tip {
            let raw = raw.into_inner();
            let id = raw.id.get_ref().clone();
            let place = Location::at(origin, text, Some(raw.id.span().start));
            let error = |span: Range<usize>, problem| TipsError {
                location: Location::at(origin, text, Some(span.start)),
                tip: Some(id.clone()),
                problem,
            };
            if !is_kebab_case(&id) {
                return Err(error(raw.id.span(), Problem::BadId));
            }
            if let Some(first) = catalogue.place_of(&id) {
                return Err(error(raw.id.span(), Problem::DuplicateId(first.clone())));
            }
            check_text(Lang::Nl, &raw.nl)
                .and_then(|()| check_text(Lang::En, &raw.en))
                .map_err(|(span, problem)| error(span, problem))?;
            catalogue.tips.push(Tip {
                id,
                kind: raw.kind,
                areas: raw.areas,
                topic: raw.topic,
                source: raw.source,
                section: raw.section,
                nl: raw.nl.into_inner(),
                en: raw.en.into_inner(),
            });
            catalogue.places.push(place);
        }
        Ok(catalogue)
    }

    /// Adds another catalogue's tips (a user file to the built-in ones). All or nothing: an id
    /// both define is an error located at `other`'s tip, and `self` is left as it was.
    pub fn extend(&mut self, other: Catalogue) -> Result<(), TipsError> {
        for (tip, place) in other.tips.iter().zip(&other.places) {
            if let Some(first) = self.place_of(&tip.id) {
                return Err(TipsError {
                    location: place.clone(),
                    tip: Some(tip.id.clone()),
                    problem: Problem::DuplicateId(first.clone()),
                });
            }
        }
        self.tips.extend(other.tips);
        self.places.extend(other.places);
        Ok(())
    }

    /// Keeps only the tips `keep` accepts (used to apply filters before drawing).
    pub fn retain(&mut self, mut keep: impl FnMut(&Tip) -> bool) {
        (self.tips, self.places) = std::mem::take(&mut self.tips)
            .into_iter()
            .zip(std::mem::take(&mut self.places))
            .filter(|(tip, _)| keep(tip))
            .unzip();
    }

    pub fn tips(&self) -> &[Tip] {
        &self.tips
    }

    pub fn get(&self, id: &str) -> Option<&Tip> {
        self.tips.iter().find(|tip| tip.id == id)
    }

    pub fn len(&self) -> usize {
        self.tips.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tips.is_empty()
    }

    fn place_of(&self, id: &str) -> Option<&Location> {
        let index = self.tips.iter().position(|tip| tip.id == id)?;
        self.places.get(index)
    }
}

/// A symptom that calls for a doctor rather than a break. Shown on request, never as a tip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningSign {
    pub id: String,
    pub source: String,
    pub section: String,
    pub nl: String,
    pub en: String,
}

impl WarningSign {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
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

/// The built-in warning signs.
pub fn warning_signs() -> Vec<WarningSign> {
    embedded::<WarningSignFile>(include_str!("../../../config/warning_signs.toml"), "config/warning_signs.toml")
        .warning_sign
}

/// The documents the built-in tips and warning signs come from.
pub fn sources() -> Vec<Source> {
    embedded::<SourceFile>(include_str!("../../../config/sources.toml"), "config/sources.toml").source
}

/// Which tip to show next, per break kind. Owned by the break engine and saved with its state.
///
/// Each kind goes through rounds: every tip that fits the kind is shown once before any
/// repeats. Within a round, tips touching a focus area come first. Among the candidates the
/// pick is random from a seeded splitmix64 state, so the same deck and the same calls give the
/// same tips. Tips are remembered by id, so an edited catalogue is fine: unknown ids are
/// ignored and new tips join the current round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TipDeck {
    /// splitmix64 state; advances once per draw.
    rng: u64,
    /// Ids shown in the current micro round, oldest first.
    micro: Vec<String>,
    /// Ids shown in the current rest round, oldest first.
    rest: Vec<String>,
}

impl TipDeck {
    pub fn with_seed(seed: u64) -> TipDeck {
        TipDeck { rng: seed, ..TipDeck::default() }
    }

    /// The next tip for a break of `kind`, favouring tips that touch a `focus` area. `None`
    /// only when no tip in the catalogue fits the kind.
    pub fn draw<'a>(&mut self, catalogue: &'a Catalogue, kind: Kind, focus: &[Area]) -> Option<&'a Tip> {
        let TipDeck { rng, micro, rest } = self;
        let shown = match kind {
            Kind::Micro => micro,
            Kind::Rest => rest,
        };
        let fitting: Vec<&Tip> = catalogue.tips().iter().filter(|tip| tip.fits(kind)).collect();
        let seen: HashSet<&str> = shown.iter().map(String::as_str).collect();
        let mut fresh: Vec<&Tip> = fitting.iter().copied().filter(|tip| !seen.contains(tip.id.as_str())).collect();
        let mut avoid = None;
        if fresh.is_empty() {
            // A new round. Its first tip should not be the one just shown.
            avoid = shown.pop();
            shown.clear();
            fresh = fitting;
        }
        let focused: Vec<&Tip> =
            fresh.iter().copied().filter(|tip| tip.areas.iter().any(|area| focus.contains(area))).collect();
        let mut pool = if focused.is_empty() { fresh } else { focused };
        if pool.len() > 1 {
            pool.retain(|tip| Some(&tip.id) != avoid.as_ref());
        }
        let tip = *pool.get(below(rng, pool.len()))?;
        shown.push(tip.id.clone());
        Some(tip)
    }
}

/// splitmix64: tiny, good enough to shuffle tips, and every u64 (including 0) is a fine state.
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

    fn builtin() -> Catalogue {
        Catalogue::builtin()
    }

    #[test]
    fn builtin_has_enough_tips() {
        let n = builtin().len();
        assert!(n >= 40, "only {n} built-in tips");
    }

    #[test]
    fn builtin_texts_are_present_and_short() {
        for tip in builtin().tips() {
            for lang in [Lang::Nl, Lang::En] {
                let text = tip.text(lang);
                assert!(!text.trim().is_empty(), "{}: empty {lang:?} text", tip.id);
                let chars = text.chars().count();
                assert!(chars <= MAX_TEXT_CHARS, "{}: {lang:?} text has {chars} chars", tip.id);
            }
        }
    }

    #[test]
    fn builtin_tips_are_fully_described() {
        for tip in builtin().tips() {
            assert!(tip.topic.is_some(), "{}: no topic", tip.id);
            assert!(tip.section.as_deref().is_some_and(|s| !s.trim().is_empty()), "{}: no section", tip.id);
            assert!(!tip.areas.is_empty(), "{}: no areas", tip.id);
        }
    }

    #[test]
    fn builtin_sources_are_listed_and_all_used() {
        let files: Vec<String> = sources().into_iter().map(|s| s.file).collect();
        assert_eq!(files.len(), 4, "expected the four source documents");
        let catalogue = builtin();
        for tip in catalogue.tips() {
            assert!(files.contains(&tip.source), "{}: unknown source {}", tip.id, tip.source);
        }
        for sign in warning_signs() {
            assert!(files.contains(&sign.source), "{}: unknown source {}", sign.id, sign.source);
        }
        for file in &files {
            assert!(catalogue.tips().iter().any(|tip| &tip.source == file), "no tip uses {file}");
        }
    }

    #[test]
    fn builtin_ids_are_unique() {
        // `parse` rejects duplicates already; this guards the warning signs too.
        let catalogue = builtin();
        let mut ids: HashSet<&str> = HashSet::new();
        for tip in catalogue.tips() {
            assert!(ids.insert(&tip.id), "duplicate tip id {}", tip.id);
        }
        let signs = warning_signs();
        let mut sign_ids: HashSet<&str> = HashSet::new();
        for sign in &signs {
            assert!(is_kebab_case(&sign.id), "warning sign id {} is not kebab-case", sign.id);
            assert!(sign_ids.insert(&sign.id), "duplicate warning sign id {}", sign.id);
        }
    }

    #[test]
    fn builtin_covers_the_main_topics() {
        let catalogue = builtin();
        for topic in [
            Topic::Stretch,
            Topic::Movement,
            Topic::Posture,
            Topic::Ergonomics,
            Topic::Breathing,
            Topic::Sleep,
            Topic::Lifting,
        ] {
            assert!(catalogue.tips().iter().any(|tip| tip.topic == Some(topic)), "no tip about {topic:?}");
        }
    }

    #[test]
    fn builtin_has_micro_tips_for_neck_and_shoulders() {
        let catalogue = builtin();
        for area in [Area::Neck, Area::Shoulders] {
            assert!(
                catalogue.tips().iter().any(|tip| tip.fits(Kind::Micro) && tip.areas.contains(&area)),
                "no micro tip for {area:?}"
            );
        }
    }

    #[test]
    fn warning_signs_are_not_tips() {
        let signs = warning_signs();
        assert!(!signs.is_empty());
        for sign in &signs {
            for lang in [Lang::Nl, Lang::En] {
                let text = sign.text(lang);
                assert!(!text.trim().is_empty(), "{}: empty {lang:?} text", sign.id);
                assert!(text.chars().count() <= MAX_TEXT_CHARS, "{}: {lang:?} text too long", sign.id);
            }
        }
        for tip in builtin().tips() {
            assert!(signs.iter().all(|sign| sign.nl != tip.nl), "{} repeats a warning sign", tip.id);
        }
    }

    const FIXTURE: &str = r#"
[[tip]]
id = "neck-a"
kind = "micro"
areas = ["neck"]
source = "s"
nl = "nek a"
en = "neck a"

[[tip]]
id = "neck-b"
kind = "both"
areas = ["neck", "shoulders"]
source = "s"
nl = "nek b"
en = "neck b"

[[tip]]
id = "back-c"
kind = "micro"
areas = ["upper_back"]
source = "s"
nl = "rug c"
en = "back c"

[[tip]]
id = "legs-d"
kind = "rest"
areas = ["legs"]
source = "s"
nl = "benen d"
en = "legs d"

[[tip]]
id = "body-e"
kind = "both"
areas = ["whole_body"]
source = "s"
nl = "lijf e"
en = "body e"

[[tip]]
id = "hips-f"
kind = "rest"
areas = ["hips"]
source = "s"
nl = "heup f"
en = "hips f"

[[tip]]
id = "jaw-g"
kind = "micro"
areas = ["jaw"]
source = "s"
nl = "kaak g"
en = "jaw g"
"#;

    fn fixture() -> Catalogue {
        Catalogue::parse(FIXTURE, "fixture.toml").unwrap()
    }

    fn fitting_ids(catalogue: &Catalogue, kind: Kind) -> HashSet<String> {
        catalogue.tips().iter().filter(|tip| tip.fits(kind)).map(|tip| tip.id.clone()).collect()
    }

    fn draw_ids(deck: &mut TipDeck, catalogue: &Catalogue, kind: Kind, focus: &[Area], n: usize) -> Vec<String> {
        (0..n).map(|_| deck.draw(catalogue, kind, focus).unwrap().id.clone()).collect()
    }

    #[test]
    fn tip_fits_its_kinds() {
        let catalogue = fixture();
        let get = |id| catalogue.get(id).unwrap();
        assert!(get("neck-a").fits(Kind::Micro) && !get("neck-a").fits(Kind::Rest));
        assert!(get("legs-d").fits(Kind::Rest) && !get("legs-d").fits(Kind::Micro));
        assert!(get("neck-b").fits(Kind::Micro) && get("neck-b").fits(Kind::Rest));
        assert_eq!(get("neck-a").text(Lang::Nl), "nek a");
        assert_eq!(get("neck-a").text(Lang::En), "neck a");
    }

    #[test]
    fn a_round_is_a_permutation_of_the_fitting_tips() {
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
    fn focus_tips_come_first_in_every_round() {
        let catalogue = fixture();
        let focus = [Area::Neck];
        let micro = fitting_ids(&catalogue, Kind::Micro);
        let neck: HashSet<String> = ["neck-a", "neck-b"].map(String::from).into();
        for seed in 0..20 {
            let mut deck = TipDeck::with_seed(seed);
            for _round in 0..3 {
                let drawn = draw_ids(&mut deck, &catalogue, Kind::Micro, &focus, micro.len());
                let first: HashSet<String> = drawn[..2].iter().cloned().collect();
                assert_eq!(first, neck, "seed {seed}: {drawn:?}");
            }
        }
    }

    #[test]
    fn a_new_round_does_not_start_with_the_last_tip() {
        let catalogue = fixture();
        for seed in 0..50 {
            let mut deck = TipDeck::with_seed(seed);
            let n = fitting_ids(&catalogue, Kind::Rest).len();
            let drawn = draw_ids(&mut deck, &catalogue, Kind::Rest, &[], 4 * n);
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
    fn the_deck_survives_a_changed_catalogue() {
        let before = fixture();
        let mut deck = TipDeck::with_seed(5);
        draw_ids(&mut deck, &before, Kind::Micro, &[], 3);
        let mut after = fixture();
        after.retain(|tip| tip.id != "neck-a" && tip.id != "jaw-g");
        let extra =
            "[[tip]]\nid = \"new-h\"\nkind = \"micro\"\nareas = [\"arms\"]\nsource = \"s\"\nnl = \"n\"\nen = \"e\"\n";
        after.extend(Catalogue::parse(extra, "extra.toml").unwrap()).unwrap();
        let fitting = fitting_ids(&after, Kind::Micro);
        let drawn = draw_ids(&mut deck, &after, Kind::Micro, &[], 3 * fitting.len());
        assert!(drawn.iter().all(|id| fitting.contains(id)), "{drawn:?}");
        assert!(drawn.iter().any(|id| id == "new-h"));

        // A saved deck full of ids no catalogue knows still draws.
        let mut stale: TipDeck = serde_json::from_str(r#"{"rng": 9, "micro": ["gone", "also-gone"]}"#).unwrap();
        let drawn = draw_ids(&mut stale, &after, Kind::Micro, &[], fitting.len());
        assert_eq!(drawn.iter().cloned().collect::<HashSet<_>>(), fitting);
    }

    #[test]
    fn no_fitting_tip_draws_nothing() {
        let mut catalogue = fixture();
        catalogue.retain(|tip| tip.kind == TipKind::Rest);
        let mut deck = TipDeck::default();
        assert!(deck.draw(&catalogue, Kind::Micro, &[]).is_none());
        assert!(deck.draw(&catalogue, Kind::Rest, &[]).is_some());
        assert!(deck.draw(&Catalogue::default(), Kind::Rest, &[]).is_none());
    }

    proptest! {
        #[test]
        fn no_tip_repeats_within_a_round(
            seed in any::<u64>(),
            draws in prop::collection::vec((any::<bool>(), any::<bool>()), 1..200),
        ) {
            let catalogue = fixture();
            let mut deck = TipDeck::with_seed(seed);
            let mut rounds: HashMap<Kind, HashSet<String>> = HashMap::new();
            for (micro, neck_focus) in draws {
                let kind = if micro { Kind::Micro } else { Kind::Rest };
                let focus: &[Area] = if neck_focus { &[Area::Neck] } else { &[] };
                let fitting = fitting_ids(&catalogue, kind);
                let round = rounds.entry(kind).or_default();
                if round.len() == fitting.len() {
                    round.clear();
                }
                let tip = deck.draw(&catalogue, kind, focus).unwrap();
                prop_assert!(tip.fits(kind));
                prop_assert!(round.insert(tip.id.clone()), "{} repeated within a round", tip.id);
            }
        }
    }

    fn parse_err(text: &str) -> TipsError {
        Catalogue::parse(text, "mine.toml").unwrap_err()
    }

    const GOOD: &str =
        "[[tip]]\nid = \"mine\"\nkind = \"micro\"\nareas = [\"neck\"]\nsource = \"me\"\nnl = \"ja\"\nen = \"yes\"\n";

    #[test]
    fn user_files_may_leave_out_topic_and_section() {
        let catalogue = Catalogue::parse(GOOD, "mine.toml").unwrap();
        let tip = catalogue.get("mine").unwrap();
        assert_eq!((tip.topic, tip.section.as_deref()), (None, None));
        assert_eq!(catalogue.len(), 1);
        assert!(Catalogue::parse("", "empty.toml").unwrap().is_empty());
    }

    #[test]
    fn a_bad_kind_is_located_and_names_the_tip() {
        let err = parse_err(&GOOD.replace("\"micro\"", "\"sometimes\""));
        assert_eq!(err.location.line_col, Some((3, 8)));
        assert_eq!(err.tip.as_deref(), Some("mine"));
        assert!(matches!(&err.problem, Problem::Toml(m) if m.contains("sometimes")), "{err}");
        let shown = err.to_string();
        assert!(shown.starts_with("mine.toml:3:8: tip `mine`: "), "{shown}");
    }

    #[test]
    fn unknown_areas_and_fields_are_rejected() {
        let err = parse_err(&GOOD.replace("\"neck\"", "\"elbow\""));
        assert_eq!(err.location.line_col.map(|(line, _)| line), Some(4));
        assert!(err.to_string().contains("elbow"));
        let err = parse_err(&GOOD.replace("source", "sauce"));
        assert!(matches!(err.problem, Problem::Toml(_)), "{err}");
        let err = parse_err(&GOOD.replace("[[tip]]", "[[tips]]"));
        assert!(matches!(err.problem, Problem::Toml(_)), "{err}");
    }

    #[test]
    fn too_long_text_counts_characters() {
        let fits = GOOD.replace("\"ja\"", &format!("\"{}\"", "é".repeat(MAX_TEXT_CHARS)));
        assert!(Catalogue::parse(&fits, "mine.toml").is_ok());
        let err = parse_err(&GOOD.replace("\"yes\"", &format!("\"{}\"", "y".repeat(201))));
        assert_eq!(err.problem, Problem::TooLong { lang: Lang::En, chars: 201 });
        assert_eq!(err.location.line_col, Some((7, 6)));
        assert_eq!(err.tip.as_deref(), Some("mine"));
    }

    #[test]
    fn empty_text_and_bad_ids_are_rejected() {
        let err = parse_err(&GOOD.replace("\"ja\"", "\"  \""));
        assert_eq!(err.problem, Problem::EmptyText(Lang::Nl));
        for id in ["Mine", "my tip", "my--tip", "-mine", ""] {
            let err = parse_err(&GOOD.replace("\"mine\"", &format!("\"{id}\"")));
            assert_eq!(err.problem, Problem::BadId, "{id:?}");
        }
    }

    #[test]
    fn duplicate_ids_are_rejected_with_both_places() {
        let err = parse_err(&format!("{GOOD}\n{GOOD}"));
        assert_eq!(err.location.line_col, Some((10, 6)));
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
        let err = parse_err("[[tip]]\nid = \"mine\"\nkind = micro\n");
        assert_eq!(err.location.line_col, Some((3, 8)), "{err}");
        assert!(matches!(err.problem, Problem::Toml(_)));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("ab\nçd", 5), (2, 2));
        assert_eq!(line_col("x", 99), (1, 2));
    }
}
