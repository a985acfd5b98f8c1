//! The command line as the user meets it: the clap definition of [`crate::cli`] completed at
//! run time with `--config` on the commands that read the file, an example per command, and
//! every help text in the user's language (config `language`, else the locale, as everywhere).
//! In Dutch a command line clap refuses is said in posture's words too ([`exit_on_error`]).
//!
//! The English texts are the doc comments in `cli.rs`; the Dutch ones are in [`DUTCH`], keyed
//! by the command's path and the argument's id, so a new flag without a translation fails the
//! test that walks the whole tree.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, CommandFactory};

use crate::cli::Cli;
use crate::core::Lang;
use crate::core::config::Language;
use crate::core::text::{self, UsageError, UsageHint};

/// The subcommands that read the configuration file, so take `--config` after their name too.
/// The others talk to a running daemon, which reads its own file.
const CONFIG_READERS: [&str; 9] =
    ["daemon", "config", "tip", "simulate", "meetings", "stats", "report", "autostart", "break-screen"];

/// Dutch about and help texts: (command path, argument id or "" for the command itself, text).
const DUTCH: &[(&str, &str, &str)] = &[
    ("", "", "Houdingspauzes op basis van hoe lang je echt zit"),
    ("", "config", "Configuratiebestand (standaard: $XDG_CONFIG_HOME/posture/config.toml)."),
    ("", "detach", "Op de achtergrond draaien: zegt hoe je hem stopt en keert terug zodra hij antwoordt."),
    ("", "verbose", "Meer loggen: -v voegt details van posture toe, -vv alles (RUST_LOG werkt ook)."),
    ("", "help", "Hulp tonen"),
    ("", "version", "Versie tonen"),
    ("daemon", "", "De daemon draaien (hetzelfde als zonder subcommando); --detach draait hem op de achtergrond."),
    ("status", "", "Laten zien hoe je ervoor staat: de volgende pauze, de zittijd, uitstel of pauze."),
    ("status", "json", "De status als JSON tonen."),
    ("status", "follow", "Blijven draaien en bij elke verandering één JSON-regel tonen (voor statusbalken)."),
    ("break", "", "Nu pauze nemen: de beweegpauze (rest) of de houdingscheck (micro)."),
    ("break", "kind", "micro: de houdingscheck; rest: de beweegpauze (de standaard)."),
    ("snooze", "", "Herinneringen uitstellen voor DUUR (standaard: reminders.snooze); stilzitten telt mee."),
    ("snooze", "duration", "Hoe lang, bijvoorbeeld 20m, 1h of 1h 30m."),
    ("pause", "", "Niet tellen en niet herinneren: voor DUUR, tot een tijdstip of tot `posture resume`."),
    ("pause", "duration", "Hoe lang, bijvoorbeeld 45m of 2h; zonder: tot `posture resume`."),
    ("pause", "until", "UU:MM, of `tomorrow` (middernacht)."),
    ("resume", "", "Een pauze of uitstel beëindigen."),
    ("skip", "", "De openstaande pauze overslaan, of anders de volgende."),
    ("meeting", "", "posture vertellen dat een vergadering begon of afliep (herinneringen wachten tot het einde)."),
    ("meeting start", "", "Er begon een vergadering; met --for eindigt die vanzelf."),
    ("meeting start", "length", "Hoe lang de vergadering duurt, bijvoorbeeld 30m of 1h 30m."),
    ("meeting end", "", "De vergadering is afgelopen."),
    ("interval", "", "Instellen hoe vaak een pauze komt, nu en in het configuratiebestand."),
    ("interval", "kind", "micro: de houdingscheck; rest: de beweegpauze."),
    ("interval", "duration", "Het nieuwe interval, bijvoorbeeld 20m of 1h 15m."),
    ("quit", "", "De daemon stoppen."),
    ("config", "", "Het configuratiebestand tonen, aanmaken, bewerken of controleren."),
    ("config init", "", "De standaardconfiguratie met uitleg tonen."),
    ("config init", "write", "Haar in plaats daarvan naar het configuratiepad schrijven (overschrijft nooit)."),
    ("config check", "", "Een configuratiebestand controleren; bij een fout de plek tonen en afsluiten met 1."),
    ("config check", "file", "Het te controleren bestand (standaard: het configuratiepad)."),
    ("config path", "", "Het configuratiepad tonen dat gebruikt wordt."),
    ("config edit", "", "De configuratie openen in $VISUAL of $EDITOR en bij opslaan controleren."),
    ("tip", "", "Een tip uit de verzameling tonen."),
    ("tip", "kind", "Alleen kaarten die bij deze pauze passen: micro (houdingscheck) of rest (beweegpauze)."),
    (
        "tip",
        "area",
        "Alleen kaarten (of adviezen) voor dit lichaamsdeel (neck, shoulders, upper_back, lower_back, \
         arms, hips, legs, jaw, whole_body).",
    ),
    ("tip", "id", "Deze kaart in plaats van een getrokken kaart."),
    ("tip", "lang", "Taal van de tekst, nl of en (standaard: de ingestelde taal)."),
    ("tip", "all", "Alle kaarten tonen in plaats van één."),
    ("tip", "json", "Als JSON tonen."),
    ("tip", "svg", "De afbeelding van de kaart als SVG naar dit bestand schrijven."),
    ("tip", "png", "De afbeelding van de kaart als PNG naar dit bestand schrijven."),
    ("tip", "grid", "Alle afbeeldingen in één overzicht schrijven (PNG als BESTAND op .png eindigt, anders SVG)."),
    ("tip", "advice", "De adviezen over werkplek en gewoontes tonen: goed om te lezen, geen pauzeoefening."),
    ("tip", "warning_signs", "De waarschuwingssignalen tonen die om een arts vragen, geen pauzeoefening."),
    ("simulate", "", "Een dag activiteit naspelen en tonen wat posture zou doen."),
    ("simulate", "trace", "Het verloop van een dag als JSON Lines; `-` leest standaardinvoer."),
    (
        "simulate",
        "history",
        "In plaats van een trace de opgenomen activiteit van de laatste --days dagen naspelen, met de \
         configuratie van --config, en per dag de herinneringen vergelijken met wat er gebeurde.",
    ),
    ("simulate", "days", "Hoeveel dagen geschiedenis naspelen (met --history)."),
    ("meetings", "", "Tonen wat posture in de ingestelde agenda's als vergadering ziet, en waarom."),
    ("meetings", "days", "Hoeveel dagen tonen, vanaf het begin van vandaag."),
    ("meetings", "json", "Eén JSON-object per regel in plaats van tekst."),
    ("stats", "", "De opgenomen geschiedenis tonen: zittijd, langste periode en pauzes per dag."),
    ("stats", "days", "Hoeveel dagen, tot en met vandaag."),
    ("stats", "json", "Dezelfde getallen als JSON tonen."),
    ("stats", "csv", "Dezelfde getallen als CSV tonen."),
    ("report", "", "De opgenomen geschiedenis als één losse HTML-pagina schrijven."),
    ("report", "days", "Hoeveel dagen, tot en met vandaag."),
    ("report", "output", "Waar het HTML-bestand komt (standaard: report.html in de statusmap van posture)."),
    ("report", "lang", "Taal van de pagina, nl of en (standaard: de ingestelde taal)."),
    ("autostart", "", "posture starten bij elke grafische aanmelding, of daarmee stoppen."),
    (
        "autostart enable",
        "",
        "posture starten bij het aanmelden: een XDG-autostartbestand, of met --systemd een systemd-gebruikersunit.",
    ),
    (
        "autostart enable",
        "systemd",
        "In plaats daarvan een systemd-gebruikersunit installeren, gekoppeld aan graphical-session.target.",
    ),
    ("autostart disable", "", "posture niet meer starten bij het aanmelden (verwijdert alleen wat `enable` schreef)."),
    ("autostart status", "", "Zeggen wat posture bij het aanmelden start en of de daemon draait."),
    ("completions", "", "Een script voor het aanvullen in de shell (bash, zsh of fish) tonen."),
    ("completions", "shell", "De shell waarvoor het script is: bash, zsh of fish."),
    ("man", "", "De man-pagina posture(1) als roff tonen; pakketten installeren wat --dir schrijft."),
    ("man", "dir", "posture.1 en een pagina per subcommando (posture-status.1, …) in MAP schrijven."),
];

/// Dutch names for the values arguments take, by argument id, as `--help` and the usage line
/// show them (`--days <DAGEN>`).
const DUTCH_VALUE_NAMES: &[(&str, &str)] = &[
    ("config", "BESTAND"),
    ("kind", "SOORT"),
    ("duration", "DUUR"),
    ("until", "TIJD"),
    ("length", "DUUR"),
    ("file", "BESTAND"),
    ("area", "LICHAAMSDEEL"),
    ("id", "ID"),
    ("lang", "TAAL"),
    ("svg", "BESTAND"),
    ("png", "BESTAND"),
    ("grid", "BESTAND"),
    ("trace", "BESTAND"),
    ("days", "DAGEN"),
    ("output", "BESTAND.html"),
    ("shell", "SHELL"),
    ("dir", "MAP"),
];

/// An example per command, in both languages: (command path, English, Dutch).
const EXAMPLES: &[(&str, &str, &str)] = &[
    ("", "posture daemon --detach\nposture status", "posture daemon --detach\nposture status"),
    ("daemon", "posture daemon --detach", "posture daemon --detach"),
    ("status", "posture status --json", "posture status --json"),
    ("break", "posture break micro", "posture break micro"),
    ("snooze", "posture snooze 20m", "posture snooze 20m"),
    ("pause", "posture pause 1h 30m\nposture pause --until 14:00", "posture pause 1h 30m\nposture pause --until 14:00"),
    ("resume", "posture resume", "posture resume"),
    ("skip", "posture skip", "posture skip"),
    ("meeting", "posture meeting start --for 45m", "posture meeting start --for 45m"),
    ("meeting start", "posture meeting start --for 45m", "posture meeting start --for 45m"),
    ("meeting end", "posture meeting end", "posture meeting end"),
    ("interval", "posture interval micro 20m", "posture interval micro 20m"),
    ("quit", "posture quit", "posture quit"),
    ("config", "posture config edit", "posture config edit"),
    ("config init", "posture config init --write", "posture config init --write"),
    ("config check", "posture config check ~/fast.toml", "posture config check ~/fast.toml"),
    ("config path", "posture config path", "posture config path"),
    ("config edit", "EDITOR=nano posture config edit", "EDITOR=nano posture config edit"),
    ("tip", "posture tip --kind rest", "posture tip --kind rest"),
    ("simulate", "posture simulate docs/examples/day.jsonl", "posture simulate docs/examples/day.jsonl"),
    ("meetings", "posture meetings --days 1", "posture meetings --days 1"),
    ("stats", "posture stats --days 30", "posture stats --days 30"),
    ("report", "posture report --days 30", "posture report --days 30"),
    ("autostart", "posture autostart enable", "posture autostart enable"),
    ("autostart enable", "posture autostart enable --systemd", "posture autostart enable --systemd"),
    ("autostart disable", "posture autostart disable", "posture autostart disable"),
    ("autostart status", "posture autostart status", "posture autostart status"),
    (
        "completions",
        "posture completions bash > ~/.local/share/bash-completion/completions/posture",
        "posture completions bash > ~/.local/share/bash-completion/completions/posture",
    ),
    ("man", "posture man --dir /tmp/man", "posture man --dir /tmp/man"),
];

/// The command line in `lang`: the clap definition with `--config` where it is read, the
/// examples and, in Dutch, every text translated.
pub fn command(lang: Lang) -> clap::Command {
    let config = Cli::command().get_arguments().find(|a| a.get_id() == "config").cloned().expect("cli.rs has --config");
    let mut cmd = Cli::command();
    for name in CONFIG_READERS {
        if cmd.find_subcommand(name).is_some() {
            // Global within the subcommand, so `posture config check --config FILE` works too.
            let arg = config.clone().global(true);
            cmd = cmd.mut_subcommand(name, |sub| sub.arg(arg));
        }
    }
    // `posture help CMD` would print clap's English text; `posture CMD --help` is the one way.
    cmd = cmd.disable_help_subcommand(true);
    let simulate_usage = match lang {
        Lang::En => "posture simulate [OPTIONS] [TRACE]\n       posture simulate --history [--days N]",
        Lang::Nl => "posture simulate [OPTIES] [BESTAND]\n         posture simulate --history [--days DAGEN]",
    };
    // With --history no trace is needed, so the trace is optional in the usage as in the list.
    cmd = cmd.mut_subcommand("simulate", |sub| sub.override_usage(simulate_usage));
    let mut cmd = localize(cmd, "", lang);
    if lang == Lang::Nl {
        cmd.build();
        dutch_usage(&mut cmd);
    }
    cmd
}

/// Sets each command's usage line to clap's with Dutch words: clap writes `[OPTIONS]` itself,
/// with no setting to rename it. Needs the built command, which knows the full names.
fn dutch_usage(cmd: &mut clap::Command) {
    for sub in cmd.get_subcommands_mut() {
        dutch_usage(sub);
    }
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).replace("[OPTIONS]", "[OPTIES]");
    *cmd = std::mem::take(cmd).override_usage(usage);
}

fn localize(mut cmd: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let (heading, examples) = match lang {
        Lang::En => ("Example:", EXAMPLES.iter().find(|(p, ..)| *p == path).map(|(_, en, _)| *en)),
        Lang::Nl => ("Voorbeeld:", EXAMPLES.iter().find(|(p, ..)| *p == path).map(|(_, _, nl)| *nl)),
    };
    if let Some(examples) = examples {
        let indented: Vec<String> = examples.lines().map(|line| format!("  {line}")).collect();
        cmd = cmd.after_help(format!("{heading}\n{}", indented.join("\n")));
    }
    if lang == Lang::Nl {
        cmd = translate(cmd, path);
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |sub| localize(sub, &sub_path, lang));
    }
    cmd
}

fn translate(mut cmd: clap::Command, path: &str) -> clap::Command {
    let text = |id: &str| DUTCH.iter().find(|(p, i, _)| *p == path && *i == id).map(|(.., nl)| *nl);
    if let Some(about) = text("") {
        cmd = cmd.about(about).long_about(None);
    }
    // clap's own headings are English; a template and per-argument headings replace them.
    cmd = cmd
        .help_template("{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Commando's")
        .subcommand_value_name("COMMANDO")
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help));
    if path.is_empty() {
        cmd = cmd
            .disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version));
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for (position, id) in ids.into_iter().enumerate() {
        let help = text(&id).or_else(|| DUTCH.iter().find(|(p, i, _)| p.is_empty() && *i == id).map(|(.., nl)| *nl));
        cmd = cmd.mut_arg(&id, |arg: Arg| {
            let heading = if arg.is_positional() { "Argumenten" } else { "Opties" };
            // mut_arg moves the argument to the end: the position keeps the listed order. The
            // possible values' own help is English (doc comments), so the Dutch help names them.
            let enumerated = arg.get_action().takes_values() && !arg.get_possible_values().is_empty();
            let mut arg = arg.help_heading(heading).display_order(position).hide_possible_values(enumerated);
            if let Some((_, name)) = DUTCH_VALUE_NAMES.iter().find(|(i, _)| *i == arg.get_id()) {
                arg = arg.value_name(*name);
            }
            // clap writes "[default: 7]" and "[env: …]" in English; the Dutch help says them.
            let mut extra = String::new();
            let defaults: Vec<String> =
                arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            if arg.get_action().takes_values() && !defaults.is_empty() && !arg.is_hide_default_value_set() {
                extra += &format!(" [standaard: {}]", defaults.join(", "));
                arg = arg.hide_default_value(true);
            }
            if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
                extra += &format!(" [omgevingsvariabele: {}]", env.to_string_lossy());
                arg = arg.hide_env(true);
            }
            match help {
                Some(help) => arg.help(format!("{help}{extra}")).long_help(None),
                None if !extra.is_empty() => {
                    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                    arg.help(format!("{help}{extra}"))
                }
                None => arg,
            }
        });
    }
    cmd
}

/// The language for help texts: the configuration's `language` (from `--config FILE`, then
/// `POSTURE_CONFIG`, then the default path), else the locale.
pub fn language(args: &[OsString]) -> Lang {
    let explicit = args
        .windows(2)
        .find(|pair| pair[0] == "--config")
        .map(|pair| PathBuf::from(&pair[1]))
        .or_else(|| args.iter().find_map(|arg| arg.to_str()?.strip_prefix("--config=").map(PathBuf::from)));
    let explicit = explicit.or_else(|| std::env::var_os("POSTURE_CONFIG").map(PathBuf::from));
    let language = crate::load::config::load(explicit.as_deref()).map_or(Language::Auto, |l| l.config.language);
    crate::load::resolve_lang(language, None)
}

/// The `--config` that applies: given after the subcommand, else before it (or POSTURE_CONFIG).
pub fn config_path(matches: &ArgMatches) -> Option<PathBuf> {
    let mut found = matches.get_one::<PathBuf>("config").cloned();
    let mut current = matches;
    while let Some((_, sub)) = current.subcommand() {
        // Commands without their own `--config` have no such id (asking would panic).
        if sub.ids().any(|id| id == "config") && sub.value_source("config") == Some(ValueSource::CommandLine) {
            found = sub.get_one::<PathBuf>("config").cloned();
        }
        current = sub;
    }
    found
}

/// Whether `--config` was typed before a command that does not read it (the running daemon
/// uses the file it started with).
pub fn config_ignored(matches: &ArgMatches) -> bool {
    matches.value_source("config") == Some(ValueSource::CommandLine)
        && matches.subcommand_name().is_some_and(|name| !CONFIG_READERS.contains(&name))
}

/// Prints a command line clap refused and exits with clap's code (2; 0 for --help and
/// --version). In Dutch the error is posture's own text; English, help and version are clap's.
pub fn exit_on_error(err: &clap::Error, lang: Lang, cmd: &clap::Command, args: &[OsString]) -> ! {
    if lang == Lang::Nl
        && let Some(text) = dutch_error(err, cmd, args)
    {
        eprintln!("{text}");
        std::process::exit(err.exit_code());
    }
    err.exit()
}

/// A refused command line in Dutch, laid out as clap lays it out: the error, the values or
/// tips, the usage line and where to read more. `None` (clap's English) for help and version,
/// which clap prints itself, and for what posture's command line does not produce: `Io` and
/// `Format` (failures to print) and a subcommand in conflict (that needs
/// `args_conflicts_with_subcommands`, which posture does not set).
fn dutch_error(err: &clap::Error, cmd: &clap::Command, args: &[OsString]) -> Option<String> {
    let string = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let strings = |kind| match err.get(kind) {
        Some(ContextValue::Strings(s)) => Some(s.clone()),
        Some(ContextValue::String(s)) => Some(vec![s.clone()]),
        _ => None,
    };
    let number = |kind| match err.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let arg = || string(ContextKind::InvalidArg);
    let problem = match err.kind() {
        ErrorKind::InvalidSubcommand => UsageError::UnknownCommand { name: string(ContextKind::InvalidSubcommand)? },
        ErrorKind::UnknownArgument => UsageError::UnknownArgument { arg: arg()? },
        ErrorKind::InvalidValue => match string(ContextKind::InvalidValue)? {
            value if value.is_empty() => UsageError::MissingValue { arg: arg()? },
            value => UsageError::InvalidValue { arg: arg()?, value },
        },
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err).map(ToString::to_string).unwrap_or_default();
            let reason = text::value_reason(Lang::Nl, &reason);
            UsageError::RefusedValue { arg: arg()?, value: string(ContextKind::InvalidValue)?, reason }
        }
        ErrorKind::MissingRequiredArgument => UsageError::Missing { args: strings(ContextKind::InvalidArg)? },
        ErrorKind::MissingSubcommand => UsageError::MissingCommand { command: string(ContextKind::InvalidSubcommand)? },
        ErrorKind::ArgumentConflict => {
            let arg = arg()?;
            match err.get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if *prior == arg => UsageError::Repeated { arg },
                Some(ContextValue::String(other)) => UsageError::Conflict { arg, other: other.clone() },
                Some(ContextValue::Strings(others)) => UsageError::ConflictMany { arg, others: others.clone() },
                _ => UsageError::ConflictAny { arg },
            }
        }
        ErrorKind::TooManyValues => UsageError::ExtraValue { arg: arg()?, value: string(ContextKind::InvalidValue)? },
        ErrorKind::TooFewValues => UsageError::TooFewValues {
            arg: arg()?,
            min: number(ContextKind::MinValues)?,
            given: number(ContextKind::ActualNumValues)?,
        },
        ErrorKind::WrongNumberOfValues => UsageError::WrongNumberOfValues {
            arg: arg()?,
            expected: number(ContextKind::ExpectedNumValues)?,
            given: number(ContextKind::ActualNumValues)?,
        },
        ErrorKind::NoEquals => UsageError::NoEquals { arg: arg()? },
        ErrorKind::InvalidUtf8 => UsageError::InvalidUtf8,
        _ => return None,
    };
    let (label, usage_title, more) = text::usage_frame(Lang::Nl, &command_path(cmd, args));
    let mut out = format!("{label} {}", text::usage_error(Lang::Nl, &problem));
    let (listed, hint): (_, fn(Vec<String>) -> UsageHint) = match err.kind() {
        ErrorKind::MissingSubcommand => (ContextKind::ValidSubcommand, UsageHint::Commands),
        _ => (ContextKind::ValidValue, UsageHint::PossibleValues),
    };
    if let Some(listed) = strings(listed).filter(|values| !values.is_empty()) {
        out += &format!("\n  {}", text::usage_hint(Lang::Nl, &hint(listed)));
    }
    let mut tips: Vec<String> =
        [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue]
            .into_iter()
            .filter_map(strings)
            .filter(|names| !names.is_empty())
            .map(|names| text::usage_hint(Lang::Nl, &UsageHint::DidYouMean(names)))
            .collect();
    if let Some(ContextValue::StyledStrs(suggestions)) = err.get(ContextKind::Suggested) {
        tips.extend(suggestions.iter().map(|s| dutch_suggestion(&s.to_string())));
    }
    if !tips.is_empty() {
        out += "\n";
        for tip in tips {
            out += &format!("\n  {tip}");
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        out += &format!("\n\n{usage_title} {usage}");
    }
    out += &format!("\n\n{more}");
    Some(out)
}

/// One of clap's tips (built as English text, see clap's `error/mod.rs`) in Dutch; a tip not
/// known here keeps clap's words.
fn dutch_suggestion(tip: &str) -> String {
    let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    let hint = match quoted.as_slice() {
        [arg, written] if tip.starts_with("to pass ") => {
            UsageHint::PassAsValue { arg: (*arg).to_string(), written: (*written).to_string() }
        }
        [command, _] if tip.starts_with("subcommand ") => {
            UsageHint::RemoveDoubleDash { command: (*command).to_string() }
        }
        [written] if tip.ends_with("' exists") => UsageHint::OnSubcommand { written: (*written).to_string() },
        _ => return format!("tip: {tip}"),
    };
    text::usage_hint(Lang::Nl, &hint)
}

/// The subcommand a command line reached ("posture pause"), for "Meer weten: … --help".
fn command_path(cmd: &clap::Command, args: &[OsString]) -> String {
    let mut path = vec![cmd.get_name().to_string()];
    let mut current = cmd;
    for arg in args.iter().skip(1).filter_map(|a| a.to_str()) {
        if arg == "--" {
            break;
        }
        if let Some(sub) = current.find_subcommand(arg) {
            path.push(sub.get_name().to_string());
            current = sub;
        }
    }
    path.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every about and help text of a command tree, with where it is.
    fn texts(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(about) = cmd.get_about() {
            out.push((format!("{path} (about)"), about.to_string()));
        }
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            out.push((format!("{path} --{}", arg.get_id()), help));
        }
        // Hidden commands (`break-screen`, started by the daemon) are not for people to read.
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let sub_path = format!("{path} {}", sub.get_name());
            texts(sub, sub_path.trim(), out);
        }
    }

    #[test]
    fn every_help_text_exists_in_both_languages_and_differs() {
        let (mut en, mut nl) = (Vec::new(), Vec::new());
        let mut english = command(Lang::En);
        let mut dutch = command(Lang::Nl);
        english.build();
        dutch.build();
        texts(&english, "", &mut en);
        texts(&dutch, "", &mut nl);
        assert_eq!(en.len(), nl.len());
        for ((place, en), (_, nl)) in en.iter().zip(&nl) {
            assert!(!en.trim().is_empty(), "{place} has no English help");
            assert!(!nl.trim().is_empty(), "{place} has no Dutch help");
            assert_ne!(en, nl, "{place} is not translated");
        }
    }

    #[test]
    fn dutch_help_pages_carry_no_english_headings() {
        fn walk(cmd: &mut clap::Command, path: &str) {
            for help in [cmd.render_help().to_string(), cmd.render_long_help().to_string()] {
                let words = ["Usage:", "Options:", "Arguments:", "Commands:", "Possible values", "Print help"];
                let placeholders = ["[OPTIONS]", "[COMMAND]", "[default:", "[env:", "DURATION", "FILE", "DAYS", "KIND"];
                for english in words.into_iter().chain(placeholders) {
                    assert!(!help.contains(english), "`{path} --help` says {english}:\n{help}");
                }
            }
            for sub in cmd.get_subcommands_mut() {
                let sub_path = format!("{path} {}", sub.get_name());
                walk(sub, &sub_path);
            }
        }
        let mut dutch = command(Lang::Nl);
        dutch.build();
        walk(&mut dutch, "posture");
    }

    #[test]
    fn every_command_shows_an_example() {
        fn walk(cmd: &clap::Command, path: &str) {
            assert!(cmd.get_after_help().is_some_and(|h| h.to_string().contains("posture")), "{path} has no example");
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                walk(sub, format!("{path} {}", sub.get_name()).trim());
            }
        }
        for lang in [Lang::En, Lang::Nl] {
            walk(&command(lang), "");
        }
    }

    /// The kinds posture's own command line cannot produce (a fixed number of values, `=`),
    /// from a small command that can: each is Dutch, in clap's layout.
    #[test]
    fn every_usage_error_kind_has_dutch_words() {
        let cmd = clap::Command::new("posture")
            .arg(Arg::new("pair").long("pair").num_args(2))
            .arg(Arg::new("few").long("few").num_args(2..=3))
            .arg(Arg::new("eq").long("eq").require_equals(true))
            .subcommand(clap::Command::new("sub").subcommand_required(true).subcommand(clap::Command::new("a")));
        let cases: [(&[&str], ErrorKind, &str); 4] = [
            (&["posture", "--pair", "x"], ErrorKind::WrongNumberOfValues, "neemt 2 waarden; er staat er maar 1"),
            (&["posture", "--few", "x"], ErrorKind::TooFewValues, "heeft 2 waarden nodig; er staat er maar 1"),
            (&["posture", "--eq", "x"], ErrorKind::NoEquals, "krijgt zijn waarde met een =-teken"),
            (&["posture", "sub"], ErrorKind::MissingSubcommand, "'posture sub' heeft een subcommando nodig"),
        ];
        for (args, kind, dutch) in cases {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            let err = cmd.clone().try_get_matches_from(&args).unwrap_err();
            assert_eq!(err.kind(), kind, "{args:?}: {err}");
            let text = dutch_error(&err, &cmd, &args).unwrap_or_else(|| panic!("{args:?} has no Dutch: {err}"));
            assert!(text.starts_with("fout: ") && text.contains(dutch), "{args:?}: {text}");
            assert!(
                text.ends_with("Meer weten: posture --help") || text.ends_with("Meer weten: posture sub --help"),
                "{text}"
            );
            for english in ["error:", "Usage:", "required", "provided", "For more"] {
                assert!(!text.contains(english), "{args:?} says {english}: {text}");
            }
        }
    }

    #[test]
    fn clap_tips_are_read_into_dutch_and_unknown_ones_kept() {
        assert_eq!(
            dutch_suggestion("to pass '--x' as a value, use '-- --x'"),
            "tip: is '--x' een waarde? Schrijf dan '-- --x'"
        );
        assert_eq!(dutch_suggestion("'start --for' exists"), "tip: 'start --for' bestaat wel");
        assert_eq!(
            dutch_suggestion("subcommand 'status' exists; to use it, remove the '--' before it"),
            "tip: het subcommando 'status' bestaat; haal de '--' ervoor weg"
        );
        assert_eq!(dutch_suggestion("something new"), "tip: something new");
    }
}
