//! Calendar files: read and parsed, for the daemon, `posture simulate` and `posture meetings`.

use std::path::Path;

use super::Failing;
use crate::core::calendar::Calendar;
use crate::core::text::FileAction;

/// Reads one calendar file (UTF-8, else Windows-1252). The error names the file.
pub fn read(path: &Path) -> anyhow::Result<Calendar> {
    let bytes = super::read_bytes(path, super::LARGE_FILE).file(FileAction::ReadCalendar, path)?;
    Ok(Calendar::parse_bytes(&bytes, &path.display().to_string())?)
}
