//! The configuration error: one problem, named by its key and located in the file.

use std::ops::Range;

use thiserror::Error;

use crate::located::Snippet;

/// A configuration problem, located in the file.
///
/// Displays compiler style: `file:line:column: key: message`, then the offending line with the
/// offending part underlined.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.render())]
pub struct ConfigError {
    /// The file name given to [`Config::parse`](super::Config::parse).
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The dotted key concerned (`micro.every`), when one can be named.
    pub key: Option<String>,
    pub message: String,
    /// The offending line, without its line ending.
    pub source_line: String,
    /// How many characters from `column` on are underlined (at least 1).
    pub width: usize,
}

impl ConfigError {
    /// A problem with the bytes `span` of `text`.
    pub(super) fn new(text: &str, origin: &str, span: Range<usize>, key: Option<String>, message: String) -> Self {
        let Snippet { line, column, source_line, width } = Snippet::new(text, span);
        ConfigError { origin: origin.to_string(), line, column, key, message, source_line, width }
    }

    fn render(&self) -> String {
        let headline = match &self.key {
            Some(key) => format!("{key}: {}", self.message),
            None => self.message.clone(),
        };
        let snippet =
            Snippet { line: self.line, column: self.column, source_line: self.source_line.clone(), width: self.width };
        snippet.render(&self.origin, &headline)
    }
}
