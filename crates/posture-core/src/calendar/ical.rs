//! iCalendar (RFC 5545) text into components and properties, with every property located.
//!
//! Only the structure is read here: lines are unfolded (CRLF or LF, continuation lines start
//! with a space or a tab), split into name, parameters and value, and grouped into nested
//! `BEGIN:`/`END:` components. What the properties mean is `calendar::mod`'s business.

use std::fmt;

use crate::Lang;
use crate::located::line_col;

/// A problem in the file, at a 1-based line and a column counted in characters; said in
/// either language ([`IcalError::render`] in the user's, `Display` in English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcalError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

/// What is wrong in a calendar file and what was done about it, typed so each language can
/// say it ([`crate::text::calendar_problem`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A line that is not a property; it is left out.
    BadLine(LineProblem),
    /// An `END:` that closes no open block; it is left out.
    StrayEnd { name: String, open: String },
    /// A block closed by the `END:` of a block around it, at `line`.
    ClosedBy { begin: String, end: String, line: usize },
    /// The file ends without `END:VCALENDAR`; everything before was read.
    CalendarNotClosed,
    /// The file ends inside this block: it is refused.
    NeverClosed(String),
    /// No `BEGIN:VCALENDAR`: it is refused.
    NotICalendar,
    /// Not UTF-8: the file is read as Windows-1252.
    NotUtf8,
    /// An event that cannot be read; it is left out.
    BadEvent(EventProblem),
    /// A TZID neither the file nor posture knows; its times are read as local time.
    UnknownZone(String),
    /// A COUNT that is not a positive number; the rule is followed without it.
    BadCount(String),
    /// The file's rules need more than `max` steps; the costlier instances are left out.
    TooManySteps { max: usize },
}

/// Why a line is not a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    NoColon,
    NoName,
    ParameterWithoutEquals,
    UnclosedQuote,
    NoColonBeforeValue,
}

/// Why an event cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventProblem {
    NoStart,
    Value(ValueProblem),
    NotADuration(String),
    NotARule(String),
    /// A rule's UNTIL that is not a date or date-time.
    Until(ValueProblem),
}

/// A DATE or DATE-TIME value that is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueProblem {
    NotADate(String),
    NotADateTime(String),
}

impl IcalError {
    /// `origin:line:column: problem`, the problem in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let problem = crate::text::calendar_problem(lang, &self.problem);
        format!("{}:{}:{}: {problem}", self.origin, self.line, self.column)
    }
}

impl fmt::Display for IcalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for IcalError {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::calendar_problem(Lang::En, self))
    }
}

/// One content line, unfolded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Upper-cased.
    pub name: String,
    /// Names upper-cased, values unquoted.
    pub params: Vec<(String, String)>,
    pub value: String,
    /// 1-based line of the property's first physical line, for messages.
    pub line: usize,
    /// 1-based column where the value starts (on the unfolded line), counted in characters.
    pub column: usize,
}

impl Property {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A `BEGIN:NAME` … `END:NAME` block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Component {
    /// Upper-cased.
    pub name: String,
    pub properties: Vec<Property>,
    pub children: Vec<Component>,
    pub line: usize,
}

impl Component {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn properties<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }

    /// Every descendant component with this name, depth first.
    pub fn descendants<'a>(&'a self, name: &'a str, out: &mut Vec<&'a Component>) {
        for child in &self.children {
            if child.name == name {
                out.push(child);
            }
            child.descendants(name, out);
        }
    }
}

/// Parses a whole file into a root component holding the top-level `VCALENDAR`(s), and the
/// problems that were passed over: a line that is not a property is left out, an `END:` that
/// closes nothing is ignored, and blocks still open inside a closing `END:` are closed there,
/// so that one bad line does not cost the rest of the file; a missing `END:VCALENDAR` after
/// complete blocks is reported and passed over too. A file without `BEGIN:VCALENDAR` is
/// refused, and so is one that ends inside an event or other block: it is cut short, most
/// likely still being written, and the caller keeps what it read before.
pub fn parse(text: &str, origin: &str) -> Result<(Component, Vec<IcalError>), IcalError> {
    let error =
        |line: usize, column: usize, problem: Problem| IcalError { origin: origin.to_string(), line, column, problem };
    let mut problems = Vec::new();
    let mut stack = vec![Component { name: String::new(), ..Component::default() }];
    for (line, content) in unfold(text) {
        if content.trim().is_empty() {
            continue;
        }
        let property = match split(&content, line) {
            Ok(property) => property,
            Err((column, why)) => {
                problems.push(error(line, column, Problem::BadLine(why)));
                continue;
            }
        };
        match property.name.as_str() {
            "BEGIN" => {
                stack.push(Component { name: property.value.trim().to_ascii_uppercase(), line, ..Component::default() })
            }
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                let Some(open) = stack.iter().skip(1).rposition(|c| c.name == name).map(|i| i + 1) else {
                    let open = stack.last().map(|c| c.name.clone()).unwrap_or_default();
                    problems.push(error(line, 5, Problem::StrayEnd { name, open }));
                    continue;
                };
                while stack.len() > open {
                    let done = stack.pop().expect("above the root");
                    if stack.len() > open {
                        let problem = Problem::ClosedBy { begin: done.name.clone(), end: name.clone(), line };
                        problems.push(error(done.line, 1, problem));
                    }
                    stack.last_mut().expect("root stays").children.push(done);
                }
            }
            _ => stack.last_mut().expect("root stays").properties.push(property),
        }
    }
    if let [_, calendar] = stack.as_slice()
        && calendar.name == "VCALENDAR"
    {
        problems.push(error(calendar.line, 1, Problem::CalendarNotClosed));
        let calendar = stack.pop().expect("matched above");
        stack.last_mut().expect("root stays").children.push(calendar);
    }
    if stack.len() > 1 {
        let open = stack.last().expect("checked");
        return Err(error(open.line, 1, Problem::NeverClosed(open.name.clone())));
    }
    let root = stack.pop().expect("root stays");
    if !root.children.iter().any(|c| c.name == "VCALENDAR") {
        return Err(error(1, 1, Problem::NotICalendar));
    }
    Ok((root, problems))
}

/// A file's bytes as text. UTF-8 is what RFC 5545 asks for, but writers fold lines every 75
/// bytes without regard for characters, so a fold may split one: such characters are joined
/// again first. A file that is still not UTF-8 comes from an older Windows program and is
/// read as Windows-1252, with a note located at its first byte that is not UTF-8.
pub fn decode(bytes: &[u8], origin: &str) -> (String, Option<IcalError>) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return (text.to_string(), None),
        Err(e) => e,
    };
    if let Ok(text) = String::from_utf8(join_split_characters(bytes)) {
        return (text, None);
    }
    let valid = &bytes[..error.valid_up_to()];
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + String::from_utf8_lossy(&valid[line_start..]).chars().count();
    let text: String = bytes.iter().map(|&b| windows_1252(b)).collect();
    (text, Some(IcalError { origin: origin.to_string(), line, column, problem: Problem::NotUtf8 }))
}

/// Moves the continuation bytes of a character split by a fold (`…\xC3\r\n \xA9…`) before the
/// fold, which keeps the line numbers and gives the same unfolded text.
fn join_split_characters(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold = match bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        let missing = if fold > 0 { missing_continuations(&out) } else { 0 };
        let after = i + fold;
        let continued = bytes.get(after..after + missing).is_some_and(|c| c.iter().all(|&b| b & 0xC0 == 0x80));
        if missing > 0 && continued {
            out.extend_from_slice(&bytes[after..after + missing]);
            out.extend_from_slice(&bytes[i..after]);
            i = after + missing;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// How many continuation bytes the last, unfinished character of `bytes` still needs.
fn missing_continuations(bytes: &[u8]) -> usize {
    let tail = &bytes[bytes.len().saturating_sub(3)..];
    let Some(lead) = tail.iter().rposition(|&b| b & 0xC0 != 0x80) else {
        return 0;
    };
    let width: usize = match tail[lead] {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return 0,
    };
    width.saturating_sub(tail.len() - lead)
}

/// One Windows-1252 byte: Latin-1, except for the typographic characters in 0x80–0x9F.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Logical lines with the 1-based physical line each starts on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // Empty lines carry nothing; some exporters put them between a line and its continuation.
        if raw.is_empty() {
            continue;
        }
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => out.push((index + 1, raw.to_string())),
        }
    }
    out
}

/// `NAME;P1=a;P2="b:c":value` into a property; the error carries a 1-based column.
fn split(content: &str, line: usize) -> Result<Property, (usize, LineProblem)> {
    // Positions are found as byte offsets of the rest of the line, then counted in characters.
    let column = |rest: &str| line_col(content, content.len() - rest.len()).1;
    let name_end = content.find([';', ':']).ok_or((1, LineProblem::NoColon))?;
    let name = content[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err((1, LineProblem::NoName));
    }
    let mut params = Vec::new();
    let mut rest = &content[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=').ok_or((column(after), LineProblem::ParameterWithoutEquals))?;
        let pname = after[..eq].trim().to_ascii_uppercase();
        let mut value_part = &after[eq + 1..];
        // A parameter may hold several values, each quoted or not: `MEMBER="a","b"` (RFC 5545 3.2).
        let mut values = Vec::new();
        loop {
            if let Some(quoted) = value_part.strip_prefix('"') {
                let close = quoted.find('"').ok_or((column(value_part), LineProblem::UnclosedQuote))?;
                values.push(&quoted[..close]);
                value_part = &quoted[close + 1..];
            } else {
                let end = value_part.find([';', ':', ',']).unwrap_or(value_part.len());
                values.push(&value_part[..end]);
                value_part = &value_part[end..];
            }
            match value_part.strip_prefix(',') {
                Some(next) => value_part = next,
                None => break,
            }
        }
        params.push((pname, values.join(",")));
        rest = value_part;
    }
    let value = rest.strip_prefix(':').ok_or((column(rest), LineProblem::NoColonBeforeValue))?;
    Ok(Property { name, params, value: value.to_string(), line, column: column(value) })
}

/// Undoes TEXT escaping (`\n`, `\,`, `\;`, `\\`).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfolds_crlf_continuations_and_reads_quoted_params() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Weekly\r\n  sync\r\nATTENDEE;CN=\"Doe, J\";PARTSTAT=DECLINED:mailto:j@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (root, _) = parse(text, "t.ics").unwrap();
        let event = &root.children[0].children[0];
        assert_eq!(event.name, "VEVENT");
        assert_eq!(event.property("SUMMARY").unwrap().value, "Weekly sync");
        let attendee = event.property("ATTENDEE").unwrap();
        assert_eq!(attendee.param("CN"), Some("Doe, J"));
        assert_eq!(attendee.param("PARTSTAT"), Some("DECLINED"));
        assert_eq!(attendee.value, "mailto:j@x.org");
        assert_eq!(attendee.line, 5);
        assert_eq!(attendee.column, 40);
        let (root, problems) = parse("BEGIN:VCALENDAR\nVERSION\n\n :2.0\nEND:VCALENDAR\n", "t.ics").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(root.children[0].property("VERSION").unwrap().value, "2.0");
    }

    #[test]
    fn bad_lines_are_left_out_located_and_the_rest_is_kept() {
        let (root, problems) = parse(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nnonsense\nX-APPLE-RADIUS=49.9\nUID:a\nEND:VEVENT\nEND:VCALENDAR\n",
            "c.ics",
        )
        .unwrap();
        assert_eq!(root.children[0].children[0].property("UID").unwrap().value, "a");
        let located: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(located, [(3, 1), (4, 1)]);
        assert!(problems[0].to_string().starts_with("c.ics:3:1: "), "{}", problems[0]);
        assert!(problems[0].problem.to_string().contains("left out"), "{}", problems[0]);
    }

    #[test]
    fn broken_structure_is_mended_but_a_file_cut_short_is_refused() {
        let (root, problems) = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nEND:VCALENDAR\n", "c.ics").unwrap();
        assert_eq!(root.children[0].children[0].property("UID").unwrap().value, "a");
        assert_eq!(
            (problems[0].line, problems[0].problem.to_string().contains("END:VCALENDAR")),
            (2, true),
            "{problems:?}"
        );
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:b\n", "c.ics").unwrap_err();
        assert!(
            err.to_string().starts_with("c.ics:2:1: ") && err.problem.to_string().contains("never closed"),
            "{err}"
        );
        let (_, problems) = parse("BEGIN:VCALENDAR\nEND:VTOOD\nEND:VCALENDAR\n", "c.ics").unwrap();
        assert_eq!((problems[0].line, problems[0].column), (2, 5), "{problems:?}");
        let (root, problems) =
            parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:c\nEND:VEVENT\nEND:VCALENDARD\n", "c.ics").unwrap();
        assert_eq!(root.children[0].children[0].property("UID").unwrap().value, "c");
        let located: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(located, [(5, 5), (1, 1)], "{problems:?}");
        let err = parse("hello", "c.ics").unwrap_err();
        assert!(err.to_string().starts_with("c.ics:1:1: ") && err.problem.to_string().contains("VCALENDAR"), "{err}");
    }

    #[test]
    fn multi_value_parameters() {
        let text = "BEGIN:VCALENDAR\nATTENDEE;MEMBER=\"mailto:a@x\",\"mailto:b@x\";ROLE=A,B;PARTSTAT=ACCEPTED:mailto:p@x\nEND:VCALENDAR\n";
        let (root, problems) = parse(text, "c.ics").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let attendee = root.children[0].property("ATTENDEE").unwrap();
        assert_eq!(attendee.param("MEMBER"), Some("mailto:a@x,mailto:b@x"));
        assert_eq!(attendee.param("ROLE"), Some("A,B"));
        assert_eq!(attendee.param("PARTSTAT"), Some("ACCEPTED"));
        assert_eq!(attendee.value, "mailto:p@x");
    }

    #[test]
    fn columns_count_characters() {
        let (root, _) = parse("BEGIN:VCALENDAR\nSUMMARY;X-NAME=\"Café\":x\nEND:VCALENDAR\n", "c.ics").unwrap();
        assert_eq!(root.children[0].property("SUMMARY").unwrap().column, 23);
        let (_, problems) = parse("BEGIN:VCALENDAR\nX-É;P=\"open:v\nEND:VCALENDAR\n", "c.ics").unwrap();
        assert_eq!((problems[0].line, problems[0].column), (2, 7), "{problems:?}");
    }

    #[test]
    fn a_fold_inside_a_character_is_joined() {
        let (text, note) = decode(b"SUMMARY:financi\xc3\r\n \xabn\r\nX:\xe2\x82\n\t\xac\n", "c.ics");
        assert_eq!(text, "SUMMARY:financië\r\n n\r\nX:€\n\t\n");
        assert_eq!(note, None);
    }

    #[test]
    fn windows_1252_is_read_with_a_located_note() {
        let (text, note) = decode(b"BEGIN:VCALENDAR\r\nSUMMARY:R\xe9union \x93Q1\x94 \x80\r\n", "c.ics");
        assert_eq!(text, "BEGIN:VCALENDAR\r\nSUMMARY:Réunion “Q1” €\r\n");
        let note = note.unwrap();
        assert!(
            note.to_string().starts_with("c.ics:2:10: ") && note.problem.to_string().contains("Windows-1252"),
            "{note}"
        );
        assert_eq!(decode("\u{feff}Café".as_bytes(), "c.ics"), ("Café".to_string(), None));
    }

    #[test]
    fn unescapes_text() {
        assert_eq!(unescape(r"Plan\, review\; retro\nnotes \\ end"), r"Plan, review; retro notes \ end");
    }
}
