//! The tip catalogue: the built-in one plus the user's `tips.extra_file`.

use super::Failing;
use crate::core::config::Config;
use crate::core::text::FileAction;
use crate::core::tips::Catalogue;

/// The built-in catalogue plus the user's `tips.extra_file`; a user file that is missing,
/// invalid or reuses a built-in id is an error naming it.
pub fn catalogue(config: &Config) -> anyhow::Result<Catalogue> {
    let mut catalogue = Catalogue::builtin();
    if let Some(path) = &config.extra_tips {
        let text = super::read_text(path, super::SMALL_FILE).file(FileAction::ReadTips, path)?;
        catalogue.extend(Catalogue::parse(&text, &path.display().to_string())?)?;
    }
    Ok(catalogue)
}
