//! Calendar files: read and parsed, for the daemon, `posture simulate` and `posture meetings`.

use std::path::Path;

use anyhow::Context;

use crate::core::calendar::Calendar;

/// Reads one calendar file. The error names the file, and the line for a structural problem.
pub fn read(path: &Path) -> anyhow::Result<Calendar> {
    let text = super::read_text(path, super::LARGE_FILE)
        .with_context(|| format!("cannot read calendar {}", path.display()))?;
    Ok(Calendar::parse(&text, &path.display().to_string())?)
}
