//! Edits to the configuration text that keep the user's comments and layout, so a change made
//! from the CLI or the tray reads as if the user had typed it.

use std::time::Duration;

use toml_edit::{DocumentMut, value};

use super::Kind;
use super::duration::format_duration;

/// Sets `[kind] every` in `text`, creating the table or key if missing.
pub fn set_every(text: &str, kind: Kind, every: Duration) -> Result<String, toml_edit::TomlError> {
    let mut document: DocumentMut = text.parse()?;
    let slot = &mut document[kind.as_str()]["every"];
    // Replacing a value drops its decor, which holds a trailing comment; carry it over.
    let decor = slot.as_value().map(|old| old.decor().clone());
    *slot = value(format_duration(every));
    if let (Some(decor), Some(new)) = (decor, slot.as_value_mut()) {
        *new.decor_mut() = decor;
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, DEFAULT_TOML};

    #[test]
    fn keeps_comments_and_layout() {
        let text = "# mine\n[micro]\n# how often\nevery = \"25m\"   # my note\nduration = \"30s\"\n\n[rest]\nevery = \"55m\"\n";
        let edited = set_every(text, Kind::Micro, Duration::from_secs(20 * 60)).unwrap();
        assert_eq!(
            edited,
            "# mine\n[micro]\n# how often\nevery = \"20m\"   # my note\nduration = \"30s\"\n\n[rest]\nevery = \"55m\"\n"
        );
    }

    #[test]
    fn adds_a_missing_table_and_the_result_parses() {
        let edited = set_every("language = \"nl\"\n", Kind::Rest, Duration::from_secs(50 * 60)).unwrap();
        let config = Config::parse(&edited, "edited.toml").unwrap();
        assert_eq!(config.rest.every, Duration::from_secs(50 * 60));
        let from_defaults = set_every(DEFAULT_TOML, Kind::Micro, Duration::from_secs(15 * 60)).unwrap();
        assert_eq!(Config::parse(&from_defaults, "d.toml").unwrap().micro.every, Duration::from_secs(900));
        assert_eq!(from_defaults.lines().count(), DEFAULT_TOML.lines().count(), "only the value changed");
    }

    #[test]
    fn dotted_keys_are_edited_in_place() {
        let edited = set_every("micro.every = \"25m\"\n", Kind::Micro, Duration::from_secs(600)).unwrap();
        assert_eq!(edited, "micro.every = \"10m\"\n");
    }
}
