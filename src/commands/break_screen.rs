//! `posture break-screen`: the break screen process the daemon starts for one break. Reads the
//! card from the catalogue (the user's tip file too), puts its texts in the user's language and
//! hands them to [`crate::break_screen`]. Exits with [`EXIT_UNAVAILABLE`] when nothing can be
//! shown here, so the daemon shows the notification instead.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use crate::break_screen::app::Cover;
use crate::break_screen::model::Rules;
use crate::break_screen::screen::{CardText, Content};
use crate::break_screen::{self, EXIT_UNAVAILABLE, Error};
use crate::cli::{BreakScreenArgs, CoverArg, KindArg};
use crate::core::tips::{Catalogue, source_title};
use crate::core::{Kind, Lang};
use crate::load;

pub fn run(config: Option<&Path>, args: BreakScreenArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::from(args.lang);
    let kind = match args.kind {
        KindArg::Micro => Kind::Micro,
        KindArg::Rest => Kind::Rest,
    };
    let card = args.card.as_deref().and_then(|id| card_text(config, id, lang));
    let content = Content { kind, lang, snooze: Duration::from_secs(args.snooze), card };
    let rules =
        Rules { length: Duration::from_secs(args.length), strict: args.strict, snoozes_left: args.snoozes_left };
    let cover = match args.mode {
        CoverArg::Window => Cover::Window,
        CoverArg::Fullscreen => Cover::Fullscreen,
    };
    match break_screen::run(content, rules, cover, !args.no_sound) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("posture: {e}");
            let unavailable = match &e {
                Error::NoDisplay | Error::Font(_) => true,
                #[cfg(target_os = "linux")]
                Error::X11(e) => e.before_showing(),
                #[cfg(target_os = "linux")]
                Error::Wayland(e) => e.before_showing(),
            };
            Ok(ExitCode::from(if unavailable { EXIT_UNAVAILABLE } else { 1 }))
        }
    }
}

/// The card's texts, from the built-in catalogue and the user's tip file. A card that cannot be
/// found leaves the break's title alone on screen rather than failing the break.
fn card_text(config: Option<&Path>, id: &str, lang: Lang) -> Option<CardText> {
    let catalogue =
        load::config::load(config).and_then(|loaded| load::tips::catalogue(&loaded.config)).unwrap_or_else(|e| {
            tracing::warn!("break screen: {e:#}; using the built-in cards");
            Catalogue::builtin()
        });
    let Some(card) = catalogue.get(id) else {
        tracing::warn!("break screen: no card `{id}`");
        return None;
    };
    Some(CardText {
        title: card.title.get(lang).to_string(),
        steps: card.steps.iter().map(|step| step.get(lang).to_string()).collect(),
        figure: card.figure,
        source: Some(source_title(&card.trace.source)),
    })
}
