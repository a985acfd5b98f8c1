//! Naming the key a TOML syntax error is in.
//!
//! toml's parser reports a syntax error with a position only. Its recovering parse
//! (`DeTable::parse_recoverable`) gives a partial tree, but that tree leaves out exactly the
//! keys the messages must name (a key without a value, the second of a duplicate key), so the
//! dotted key is read back from the text around the position instead: the table header above,
//! the `key =` on the line, or the key whose multi-line value is still open.

/// Best-effort dotted key for a toml syntax error at `offset`, read from the source text since
/// the parser reports only a position.
pub(super) fn key_at(text: &str, offset: usize) -> Option<String> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    if let Some(header) = header_name(line) {
        return Some(header);
    }
    let above = &text[..line_start];
    let key = assignment_key(line)
        .map(|(key, _)| key)
        .or_else(|| open_value_key(text, line_start, offset))
        .or_else(|| normalize_key(strip_comment(line)))?;
    match above.lines().rev().find_map(header_name) {
        Some(table) => Some(format!("{table}.{key}")),
        None => Some(key),
    }
}

/// The key whose multi-line value (array or inline table) is still open at `offset`.
fn open_value_key(text: &str, line_start: usize, offset: usize) -> Option<String> {
    let above = text[..line_start].strip_suffix('\n')?;
    let mut end = above.len();
    // Split on '\n' only, keeping any '\r', so the offsets stay true for CRLF files.
    for line in above.rsplit('\n') {
        let start = end - line.len();
        if header_name(line).is_some() {
            return None;
        }
        if let Some((key, equals)) = assignment_key(line) {
            return (open_brackets(&text[start + equals + 1..offset]) > 0).then_some(key);
        }
        end = start.saturating_sub(1);
    }
    None
}

/// Net count of `[`/`{` over `]`/`}` outside strings and comments.
fn open_brackets(text: &str) -> i64 {
    let mut depth = 0;
    let mut quote = None;
    let mut comment = false;
    for c in text.chars() {
        match (quote, c) {
            (_, '\n') => {
                quote = None;
                comment = false;
            }
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => comment = true,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// `[name]` or `[[name]]` (with an optional comment) gives the dotted name.
fn header_name(line: &str) -> Option<String> {
    let line = strip_comment(line).trim();
    let inner = match line.strip_prefix("[[") {
        Some(rest) => rest.strip_suffix("]]")?,
        None => line.strip_prefix('[')?.strip_suffix(']')?,
    };
    normalize_key(inner)
}

/// The key of a `key = value` line and the byte position of its `=`.
fn assignment_key(line: &str) -> Option<(String, usize)> {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '=') => return normalize_key(&line[..i]).map(|key| (key, i)),
            (None, '#') => return None,
            _ => {}
        }
    }
    None
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) if !line[..i].contains(['"', '\'']) => &line[..i],
        _ => line,
    }
}

/// `micro . "every"` → `micro.every`; `None` if it is not a plausible key.
fn normalize_key(raw: &str) -> Option<String> {
    let parts: Option<Vec<&str>> = raw
        .split('.')
        .map(|part| {
            let part = part.trim();
            let unquoted = ['"', '\''].iter().find_map(|q| part.strip_prefix(*q)?.strip_suffix(*q));
            match unquoted {
                Some(inner) => Some(inner),
                None => {
                    let bare =
                        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    bare.then_some(part)
                }
            }
        })
        .collect();
    parts.map(|parts| parts.join("."))
}
