//! The trace format `posture simulate` replays: JSON Lines, one event of a day per line.
//!
//! Each line is an object with `at` (RFC 3339 with offset) and exactly one of `input`
//! (`active` | `none`), `session` (`lock` | `unlock` | `suspend` | `resume`), `meeting`
//! (`start` | `end`), `command` (the words after `posture`, e.g. `"snooze 30m"`) or
//! `notification` (`done` | `snooze` | `skip`). Blank lines and lines starting with `#` are
//! skipped so traces can carry comments.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use crate::core::Lang;
use crate::core::engine::Answer;
use crate::core::text::{self, TraceProblem};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLine {
    /// 1-based line number in the trace, for messages.
    pub line: usize,
    pub at: DateTime<FixedOffset>,
    pub event: TraceEvent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceEvent {
    Input(InputState),
    Session(SessionEdge),
    Meeting(MeetingEdge),
    /// Kept as words: they are resolved against the time of the line when replayed.
    Command(String),
    Notification(Answer),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputState {
    Active,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionEdge {
    Lock,
    Unlock,
    Suspend,
    Resume,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingEdge {
    Start,
    End,
}

/// A bad trace line: its number and what is wrong (English as it displays; see
/// [`text::trace_error`] for the user's language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", text::trace_error(Lang::En, *line, problem))]
pub struct TraceError {
    pub line: usize,
    pub problem: TraceProblem,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    at: String,
    input: Option<InputState>,
    session: Option<SessionEdge>,
    meeting: Option<MeetingEdge>,
    command: Option<String>,
    notification: Option<Answer>,
}

/// How far a trace may reach from its first line. The replay and its output (a summary per
/// day) grow with the span, so one stray year must not make it run for hours.
pub const MAX_SPAN_DAYS: i64 = 3660;

/// Parses a whole trace; the first bad line is an error naming its number.
pub fn parse(text: &str) -> Result<Vec<TraceLine>, TraceError> {
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let error = |problem: TraceProblem| TraceError { line, problem };
        let raw: RawLine = serde_json::from_str(trimmed).map_err(|e| {
            let shown = e.to_string();
            let position = text::json_position(Lang::En, e.line(), e.column());
            let message = shown.strip_suffix(&position).unwrap_or(&shown).to_string();
            error(TraceProblem::Json { message, column: e.column() })
        })?;
        let at = DateTime::parse_from_rfc3339(&raw.at)
            .map_err(|e| error(TraceProblem::NotATime { at: raw.at.clone(), reason: e.to_string() }))?;
        let mut events = Vec::with_capacity(1);
        events.extend(raw.input.map(TraceEvent::Input));
        events.extend(raw.session.map(TraceEvent::Session));
        events.extend(raw.meeting.map(TraceEvent::Meeting));
        events.extend(raw.command.map(TraceEvent::Command));
        events.extend(raw.notification.map(TraceEvent::Notification));
        if events.len() != 1 {
            return Err(error(TraceProblem::NotOneEvent));
        }
        if let Some(first) = lines.first().map(|first: &TraceLine| first.at) {
            let span = at.signed_duration_since(first).abs();
            if span > chrono::Duration::days(MAX_SPAN_DAYS) {
                return Err(error(TraceProblem::TooFar {
                    at: raw.at,
                    first: first.to_string(),
                    max_days: MAX_SPAN_DAYS,
                }));
            }
        }
        lines.push(TraceLine { line, at, event: events.remove(0) });
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_reaching_too_far_is_refused_at_its_line() {
        let text = "{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"active\"}\n\
                    {\"at\":\"9999-03-02T09:00:00+01:00\",\"input\":\"none\"}\n";
        let error = parse(text).unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.to_string().contains("at most ten years"), "{error}");
    }

    #[test]
    fn parses_each_kind_of_line() {
        let text = r#"
# a comment
{"at":"2026-03-02T09:00:00+01:00","input":"active"}
{"at":"2026-03-02T09:10:00+01:00","session":"lock"}
{"at":"2026-03-02T09:11:00+01:00","meeting":"start"}
{"at":"2026-03-02T09:12:00+01:00","command":"snooze 30m"}
{"at":"2026-03-02T09:13:00+01:00","notification":"done"}
"#;
        let lines = parse(text).unwrap();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0].line, 3);
        assert_eq!(lines[0].event, TraceEvent::Input(InputState::Active));
        assert_eq!(lines[1].event, TraceEvent::Session(SessionEdge::Lock));
        assert_eq!(lines[2].event, TraceEvent::Meeting(MeetingEdge::Start));
        assert_eq!(lines[3].event, TraceEvent::Command("snooze 30m".into()));
        assert_eq!(lines[4].event, TraceEvent::Notification(Answer::Done));
    }

    #[test]
    fn bad_lines_name_their_number() {
        let cases = [
            ("{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"active\"}\nnot json", 2, "expected"),
            ("{\"at\":\"yesterday\",\"input\":\"active\"}", 1, "RFC 3339"),
            ("{\"at\":\"2026-03-02T09:00:00\",\"input\":\"active\"}", 1, "RFC 3339"),
            ("{\"at\":\"2026-03-02T09:00:00Z\"}", 1, "exactly one"),
            ("{\"at\":\"2026-03-02T09:00:00Z\",\"input\":\"active\",\"session\":\"lock\"}", 1, "exactly one"),
            ("{\"at\":\"2026-03-02T09:00:00Z\",\"input\":\"typing\"}", 1, "unknown variant"),
            ("{\"at\":\"2026-03-02T09:00:00Z\",\"mood\":\"good\"}", 1, "unknown field"),
        ];
        for (text, line, needle) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text}");
            assert!(err.to_string().contains(needle), "{err} should mention {needle}");
        }
    }
}
