//! iCalendar (RFC 5545) text into components and properties, with every property located.
//!
//! Only the structure is read here: lines are unfolded (CRLF or LF, continuation lines start
//! with a space or a tab), split into name, parameters and value, and grouped into nested
//! `BEGIN:`/`END:` components. What the properties mean is `calendar::mod`'s business.

use thiserror::Error;

use crate::located::line_col;

/// A problem in the file, at a 1-based line and a column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{origin}:{line}:{column}: {message}")]
pub struct IcalError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
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

/// Parses a whole file into a root component holding the top-level `VCALENDAR`(s).
pub fn parse(text: &str, origin: &str) -> Result<Component, IcalError> {
    let error =
        |line: usize, column: usize, message: String| IcalError { origin: origin.to_string(), line, column, message };
    let mut stack = vec![Component { name: String::new(), ..Component::default() }];
    for (line, content) in unfold(text) {
        if content.trim().is_empty() {
            continue;
        }
        let property = split(&content, line).map_err(|(column, message)| error(line, column, message))?;
        match property.name.as_str() {
            "BEGIN" => {
                stack.push(Component { name: property.value.trim().to_ascii_uppercase(), line, ..Component::default() })
            }
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                if stack.len() < 2 || stack.last().is_some_and(|c| c.name != name) {
                    let open = stack.last().map(|c| c.name.clone()).unwrap_or_default();
                    return Err(error(line, 5, format!("`END:{name}` does not close the open `{open}`")));
                }
                let done = stack.pop().expect("checked above");
                stack.last_mut().expect("root stays").children.push(done);
            }
            _ => stack.last_mut().expect("root stays").properties.push(property),
        }
    }
    if stack.len() > 1 {
        let open = stack.last().expect("checked");
        return Err(error(open.line, 1, format!("`BEGIN:{}` is never closed", open.name)));
    }
    let root = stack.pop().expect("root stays");
    if !root.children.iter().any(|c| c.name == "VCALENDAR") {
        return Err(error(1, 1, "not an iCalendar file (no `BEGIN:VCALENDAR`)".into()));
    }
    Ok(root)
}

/// Logical lines with the 1-based physical line each starts on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => out.push((index + 1, raw.to_string())),
        }
    }
    out
}

/// `NAME;P1=a;P2="b:c":value` into a property; the error carries a 1-based column.
fn split(content: &str, line: usize) -> Result<Property, (usize, String)> {
    // Positions are found as byte offsets of the rest of the line, then counted in characters.
    let column = |rest: &str| line_col(content, content.len() - rest.len()).1;
    let name_end = content.find([';', ':']).ok_or((1, "expected `NAME:value`".to_string()))?;
    let name = content[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err((1, "a property without a name".into()));
    }
    let mut params = Vec::new();
    let mut rest = &content[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=').ok_or((column(after), "a parameter without `=`".to_string()))?;
        let pname = after[..eq].trim().to_ascii_uppercase();
        let mut value_part = &after[eq + 1..];
        let value = if let Some(quoted) = value_part.strip_prefix('"') {
            let close = quoted.find('"').ok_or((column(value_part), "an unclosed `\"` in a parameter".to_string()))?;
            value_part = &quoted[close + 1..];
            quoted[..close].to_string()
        } else {
            let end = value_part.find([';', ':']).unwrap_or(value_part.len());
            let value = value_part[..end].to_string();
            value_part = &value_part[end..];
            value
        };
        params.push((pname, value));
        rest = value_part;
    }
    let value = rest.strip_prefix(':').ok_or((column(rest), "expected `:` before the value".to_string()))?;
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
        let root = parse(text, "t.ics").unwrap();
        let event = &root.children[0].children[0];
        assert_eq!(event.name, "VEVENT");
        assert_eq!(event.property("SUMMARY").unwrap().value, "Weekly sync");
        let attendee = event.property("ATTENDEE").unwrap();
        assert_eq!(attendee.param("CN"), Some("Doe, J"));
        assert_eq!(attendee.param("PARTSTAT"), Some("DECLINED"));
        assert_eq!(attendee.value, "mailto:j@x.org");
        assert_eq!(attendee.line, 5);
        assert_eq!(attendee.column, 40);
    }

    #[test]
    fn errors_are_located() {
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nnonsense\nEND:VEVENT\nEND:VCALENDAR\n", "c.ics").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.to_string().starts_with("c.ics:3:1: "), "{err}");
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", "c.ics").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("VEVENT"), "{err}");
        let err = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\n", "c.ics").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
        let err = parse("hello", "c.ics").unwrap_err();
        assert!(err.message.contains("`NAME:value`"), "{err}");
    }

    #[test]
    fn columns_count_characters() {
        let root = parse("BEGIN:VCALENDAR\nSUMMARY;X-NAME=\"Café\":x\nEND:VCALENDAR\n", "c.ics").unwrap();
        assert_eq!(root.children[0].property("SUMMARY").unwrap().column, 23);
        let err = parse("BEGIN:VCALENDAR\nX-É;P=\"open:v\nEND:VCALENDAR\n", "c.ics").unwrap_err();
        assert_eq!((err.line, err.column), (2, 7), "{err}");
    }

    #[test]
    fn unescapes_text() {
        assert_eq!(unescape(r"Plan\, review\; retro\nnotes \\ end"), r"Plan, review; retro notes \ end");
    }
}
