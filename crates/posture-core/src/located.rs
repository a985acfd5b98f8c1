//! Locating a problem in a text file: a byte offset to a 1-based line and column, and the
//! compiler-style report that quotes the line and underlines the offending part.
//!
//! Config, tip and calendar errors all point into files the user edits, so they share one way
//! of counting (columns in characters, as editors show them) and one look.

use std::ops::Range;

/// The 1-based line and column of `offset` in `text`.
///
/// Works on bytes so that any offset, even one inside a character or past the end, gives an
/// answer; the column counts characters, as editors do.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before[line_start..].iter().filter(|&&b| !is_continuation(b)).count() + 1;
    (line, column)
}

/// Whether a byte continues a UTF-8 character rather than starting one.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Where a span of a file lies, with the line it is on, ready to be shown under a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The line the span starts on, without its line ending.
    pub source_line: String,
    /// How many characters from `column` on are underlined (at least 1).
    pub width: usize,
}

impl Snippet {
    /// Locates `span` (byte offsets, clamped to `text` and to character boundaries) in `text`.
    pub fn new(text: &str, span: Range<usize>) -> Snippet {
        let start = char_boundary(text, span.start);
        let end = char_boundary(text, span.end).max(start);
        let (line, column) = line_col(text, start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end].trim_end_matches('\r');
        // A span running past its line (a multi-line array) is underlined to the line's end.
        let underline_end = end.min(line_start + source_line.len()).max(start);
        Snippet {
            line,
            column,
            source_line: source_line.to_string(),
            width: text[start..underline_end].chars().count().max(1),
        }
    }

    /// `origin:line:column: headline`, then the source line with the span underlined:
    ///
    /// ```text
    /// config.toml:4:9: micro.every: durations cannot be negative
    ///   |
    /// 4 | every = "-5m"
    ///   |         ^^^^^
    /// ```
    pub fn render(&self, origin: &str, headline: &str) -> String {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        // Tabs are kept so the marker sits under the same characters in a terminal.
        let indent: String = self
            .source_line
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(
            "{origin}:{}:{}: {headline}\n{gutter} |\n{number} | {}\n{gutter} | {indent}{}",
            self.line,
            self.column,
            self.source_line,
            "^".repeat(self.width)
        )
    }
}

/// The nearest char boundary at or before `offset`, within `text`.
pub fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("ab\nçd", 5), (2, 2));
        assert_eq!(line_col("x", 99), (1, 2));
        assert_eq!(line_col("", 0), (1, 1));
    }

    #[test]
    fn snippets_stop_at_the_line_end_and_keep_tabs() {
        let text = "a = [\r\n\t\"é\", 1,\r\n]\r\n";
        let start = text.find('"').unwrap();
        let snippet = Snippet::new(text, start..text.len());
        assert_eq!((snippet.line, snippet.column, snippet.width), (2, 2, 7));
        assert_eq!(snippet.source_line, "\t\"é\", 1,");
        assert_eq!(snippet.render("f.toml", "bad"), "f.toml:2:2: bad\n  |\n2 | \t\"é\", 1,\n  | \t^^^^^^^");
    }

    #[test]
    fn spans_inside_a_character_or_past_the_end_are_clamped() {
        let snippet = Snippet::new("é", 1..99);
        assert_eq!((snippet.line, snippet.column, snippet.width), (1, 1, 1));
        let snippet = Snippet::new("ab", 5..9);
        assert_eq!((snippet.line, snippet.column, snippet.width), (1, 3, 1));
    }
}
