//! Calendar files: read and parsed, for the daemon, `posture simulate` and `posture meetings`.

use std::path::Path;

use anyhow::Context;

use crate::core::calendar::Calendar;

/// Reads one calendar file (UTF-8, else Windows-1252). The error names the file.
pub fn read(path: &Path) -> anyhow::Result<Calendar> {
    let bytes = super::read_bytes(path, super::LARGE_FILE)
        .with_context(|| format!("cannot read calendar {}", path.display()))?;
    Ok(Calendar::parse_bytes(&bytes, &path.display().to_string())?)
}
