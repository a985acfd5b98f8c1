//! The words of a control command ("snooze 30m", "pause --until 14:30") turned into an engine
//! [`Command`]. Traces use these words, and so does the control socket, so both accept exactly
//! what the CLI accepts.

use std::time::Duration;

use chrono::NaiveTime;

use super::Kind;
use super::duration::{DurationError, format_duration, parse_duration};
use super::engine::Command;
use super::time::{Time, Zone};

/// The longest snooze, meeting or interval, as in the configuration.
pub const LONGEST: Duration = Duration::from_secs(24 * 3600);

/// The longest pause with a length; `pause` alone lasts until `resume`.
pub const LONGEST_PAUSE: Duration = Duration::from_secs(30 * 24 * 3600);

/// Why words are not a command. Displays in English; `text::command_error` says it in the
/// user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("empty command")]
    Empty,
    #[error("unknown command `{0}` (expected break, snooze, pause, resume, skip, meeting or interval)")]
    Unknown(String),
    #[error("`{command}`: {problem}")]
    Invalid { command: String, problem: Problem },
}

/// What is wrong with the words of a known command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Duration(#[from] DurationError),
    #[error("the duration must be longer than zero")]
    Zero,
    #[error("at most {}", format_duration(*.0))]
    TooLong(Duration),
    #[error("`{0}` is not a time like 14:30 or `tomorrow`")]
    NotATime(String),
    #[error("unknown break kind `{0}` (expected micro or rest)")]
    NotAKind(String),
    /// The command's arguments are not what it takes: its usage line.
    #[error("{}", usage(.0))]
    Usage(&'static str),
}

/// Parses the words after `posture`, resolving relative times against `now` in `zone`.
pub fn parse(words: &str, now: Time, zone: &Zone) -> Result<Command, CommandError> {
    let tokens: Vec<&str> = words.split_whitespace().collect();
    let (&name, args) = tokens.split_first().ok_or(CommandError::Empty)?;
    let invalid = |problem: Problem| CommandError::Invalid { command: words.trim().to_string(), problem };
    let within = |text: &str, longest: Duration| -> Result<Duration, CommandError> {
        let d = parse_duration(text).map_err(|e| invalid(e.into()))?;
        if d.is_zero() {
            return Err(invalid(Problem::Zero));
        }
        if d > longest {
            return Err(invalid(Problem::TooLong(longest)));
        }
        Ok(d)
    };
    let duration = |text: &str| within(text, LONGEST);
    let kind = |text: &str| text.parse::<Kind>().map_err(|_| invalid(Problem::NotAKind(text.to_string())));
    match (name, args) {
        ("break", []) => Ok(Command::Break(Kind::Rest)),
        ("break", [k]) => Ok(Command::Break(kind(k)?)),
        ("snooze", []) => Ok(Command::Snooze(None)),
        ("snooze", rest) => Ok(Command::Snooze(Some(duration(&rest.join(" "))?))),
        ("pause", []) => Ok(Command::Pause { until: None }),
        ("pause", ["--until", "tomorrow"]) => Ok(Command::Pause { until: Some(zone.next_midnight(now)) }),
        ("pause", ["--until", at]) => {
            let at = NaiveTime::parse_from_str(at, "%H:%M").map_err(|_| invalid(Problem::NotATime(at.to_string())))?;
            Ok(Command::Pause { until: Some(zone.next_local_time(now, at)) })
        }
        ("pause", rest) => Ok(Command::Pause { until: Some(now + within(&rest.join(" "), LONGEST_PAUSE)?) }),
        ("resume", []) => Ok(Command::Resume),
        ("skip", []) => Ok(Command::Skip),
        ("meeting", ["start"]) => Ok(Command::MeetingStart { until: None }),
        ("meeting", ["start", "--for", rest @ ..]) if !rest.is_empty() => {
            Ok(Command::MeetingStart { until: Some(now + duration(&rest.join(" "))?) })
        }
        ("meeting", ["end"]) => Ok(Command::MeetingEnd),
        ("interval", [k, rest @ ..]) if !rest.is_empty() => Ok(Command::Interval(kind(k)?, duration(&rest.join(" "))?)),
        ("break", _) => Err(invalid(Problem::Usage("break"))),
        ("meeting", _) => Err(invalid(Problem::Usage("meeting"))),
        ("interval", _) => Err(invalid(Problem::Usage("interval"))),
        ("resume" | "skip", _) => Err(invalid(Problem::Usage("resume"))),
        (other, _) => Err(CommandError::Unknown(other.to_string())),
    }
}

fn usage(name: &str) -> &'static str {
    match name {
        "break" => "usage: break [micro|rest]",
        "meeting" => "usage: meeting start [--for DURATION] | meeting end",
        "interval" => "usage: interval micro|rest DURATION",
        _ => "takes no arguments",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, FixedOffset};

    fn at(s: &str) -> Time {
        Time::from_chrono(&DateTime::parse_from_rfc3339(s).unwrap())
    }

    fn zone() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(3600).unwrap())
    }

    #[test]
    fn parses_every_command() {
        let now = at("2026-03-02T10:00:00+01:00");
        let p = |w: &str| parse(w, now, &zone());
        assert_eq!(p("break"), Ok(Command::Break(Kind::Rest)));
        assert_eq!(p("break micro"), Ok(Command::Break(Kind::Micro)));
        assert_eq!(p("snooze"), Ok(Command::Snooze(None)));
        assert_eq!(p("snooze 1h 30m"), Ok(Command::Snooze(Some(Duration::from_secs(5400)))));
        assert_eq!(p("pause"), Ok(Command::Pause { until: None }));
        assert_eq!(p("pause 1h"), Ok(Command::Pause { until: Some(at("2026-03-02T11:00:00+01:00")) }));
        assert_eq!(p("pause --until 14:30"), Ok(Command::Pause { until: Some(at("2026-03-02T14:30:00+01:00")) }));
        assert_eq!(p("pause --until 09:00"), Ok(Command::Pause { until: Some(at("2026-03-03T09:00:00+01:00")) }));
        assert_eq!(p("pause --until tomorrow"), Ok(Command::Pause { until: Some(at("2026-03-03T00:00:00+01:00")) }));
        assert_eq!(p("resume"), Ok(Command::Resume));
        assert_eq!(p("skip"), Ok(Command::Skip));
        assert_eq!(p("meeting start"), Ok(Command::MeetingStart { until: None }));
        assert_eq!(
            p("meeting start --for 45m"),
            Ok(Command::MeetingStart { until: Some(at("2026-03-02T10:45:00+01:00")) })
        );
        assert_eq!(p("meeting end"), Ok(Command::MeetingEnd));
        assert_eq!(p("interval micro 20m"), Ok(Command::Interval(Kind::Micro, Duration::from_secs(1200))));
    }

    #[test]
    fn rejects_bad_words_with_a_reason() {
        let now = at("2026-03-02T10:00:00+01:00");
        let p = |w: &str| parse(w, now, &zone());
        assert_eq!(p("  "), Err(CommandError::Empty));
        assert!(matches!(p("dance"), Err(CommandError::Unknown(w)) if w == "dance"));
        assert!(p("snooze 0s").unwrap_err().to_string().contains("longer than zero"));
        assert!(p("snooze -5m").is_err());
        assert!(p("pause --until 25:00").unwrap_err().to_string().contains("25:00"));
        assert!(p("break coffee").unwrap_err().to_string().contains("coffee"));
        assert!(p("interval micro").unwrap_err().to_string().contains("usage"));
        assert!(p("skip now").unwrap_err().to_string().contains("takes no arguments"));
    }

    #[test]
    fn durations_have_an_upper_bound() {
        let now = at("2026-03-02T10:00:00+01:00");
        let p = |w: &str| parse(w, now, &zone());
        assert_eq!(p("snooze 24h"), Ok(Command::Snooze(Some(LONGEST))));
        for words in ["snooze 25h", "snooze 99999999999h", "meeting start --for 2d", "interval rest 30h"] {
            assert!(p(words).unwrap_err().to_string().contains("at most 24h"), "{words}");
        }
        assert!(p("pause 2d").is_ok());
        assert!(p("pause 1000000h").unwrap_err().to_string().contains("at most 720h"));
    }
}
