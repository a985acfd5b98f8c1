//! Human durations: parsing "25m" or "1h 30m" from the configuration and printing durations
//! back in the same compact form for messages and status.
//!
//! Parsing is `humantime` with friendlier errors; formatting is our own because humantime's
//! output ("1h 30m 0s 0ms") is not what people write.

use std::time::Duration;

use thiserror::Error;

/// Examples appended to parse errors, so every message shows what is accepted.
const EXAMPLES: &str = "write it like \"30s\", \"25m\" or \"1h 30m\"";

/// Why a duration string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DurationError {
    #[error("durations cannot be negative")]
    Negative,
    #[error("the duration is empty; {EXAMPLES}")]
    Empty,
    #[error("`{input}` has no unit; {EXAMPLES}")]
    MissingUnit { input: String },
    #[error("unknown unit `{unit}` in `{input}`; use s, m or h: {EXAMPLES}")]
    UnknownUnit { input: String, unit: String },
    #[error("`{input}` is too large to be a duration")]
    TooLarge { input: String },
    #[error("`{input}` is not a duration; {EXAMPLES}")]
    Invalid { input: String },
}

/// Parses a human duration such as "30s", "25m", "1h 30m" or "90s".
///
/// Zero ("0s") parses; whether zero makes sense is the caller's decision.
pub fn parse_duration(s: &str) -> Result<Duration, DurationError> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err(DurationError::Empty);
    }
    // humantime reports a leading minus as "expected number at 0", which hides the real problem.
    if trimmed.starts_with('-') {
        return Err(DurationError::Negative);
    }
    humantime::parse_duration(trimmed).map_err(|err| {
        let input = trimmed.to_string();
        match err {
            humantime::DurationError::UnknownUnit { unit, .. } if unit.is_empty() => {
                DurationError::MissingUnit { input }
            }
            humantime::DurationError::UnknownUnit { unit, .. } => DurationError::UnknownUnit { input, unit },
            humantime::DurationError::NumberOverflow => DurationError::TooLarge { input },
            humantime::DurationError::Empty => DurationError::Empty,
            _ => DurationError::Invalid { input },
        }
    })
}

/// Formats a duration compactly: "25m", "1h 30m", "30s", "2m 5s"; zero is "0s".
///
/// Sub-second parts are dropped: reminders work in whole seconds. Hours are not folded into
/// days, since "26h" reads better than "1d 2h" for sitting time.
pub fn format_duration(d: Duration) -> String {
    let total = d.as_secs();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    let parts: Vec<String> = [(hours, "h"), (minutes, "m"), (seconds, "s")]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if parts.is_empty() { "0s".to_string() } else { parts.join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse_duration("30s"), Ok(secs(30)));
        assert_eq!(parse_duration("25m"), Ok(secs(25 * 60)));
        assert_eq!(parse_duration("1h 30m"), Ok(secs(90 * 60)));
        assert_eq!(parse_duration("1h30m"), Ok(secs(90 * 60)));
        assert_eq!(parse_duration("90s"), Ok(secs(90)));
        assert_eq!(parse_duration("1h"), Ok(secs(3600)));
        assert_eq!(parse_duration(" 5m "), Ok(secs(300)));
    }

    #[test]
    fn zero_parses() {
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
    }

    #[test]
    fn negative_is_its_own_error() {
        assert_eq!(parse_duration("-5m"), Err(DurationError::Negative));
        assert_eq!(parse_duration(" -1h"), Err(DurationError::Negative));
        assert_eq!(DurationError::Negative.to_string(), "durations cannot be negative");
    }

    #[test]
    fn garbage_shows_an_example() {
        for input in ["abc", "5", "5x", "", "  ", "m5", "5 minutes please"] {
            let message = parse_duration(input).unwrap_err().to_string();
            assert!(message.contains("\"25m\""), "{input:?}: {message}");
        }
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(parse_duration("5"), Err(DurationError::MissingUnit { input: "5".into() }));
        assert_eq!(parse_duration("5x"), Err(DurationError::UnknownUnit { input: "5x".into(), unit: "x".into() }));
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert!(matches!(parse_duration("99999999999999999999h"), Err(DurationError::TooLarge { .. })));
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format_duration(secs(25 * 60)), "25m");
        assert_eq!(format_duration(secs(90 * 60)), "1h 30m");
        assert_eq!(format_duration(secs(30)), "30s");
        assert_eq!(format_duration(secs(3600)), "1h");
        assert_eq!(format_duration(secs(125)), "2m 5s");
        assert_eq!(format_duration(secs(3600 + 5)), "1h 5s");
        assert_eq!(format_duration(secs(26 * 3600)), "26h");
        assert_eq!(format_duration(Duration::ZERO), "0s");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1s");
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(total in 0u64..10_000_000) {
            let d = secs(total);
            prop_assert_eq!(parse_duration(&format_duration(d)), Ok(d));
        }

        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = parse_duration(&s);
        }
    }
}
