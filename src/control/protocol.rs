//! The control protocol, version 1: one JSON object per line in each direction.
//!
//! Request: `{"v":1,"cmd":"<words>"}`, where the words are what follows `posture` on the
//! command line: `status`, `follow`, `quit`, or an engine command (`break micro`,
//! `snooze 30m`, `pause --until 14:30`, `resume`, `skip`, `meeting start --for 1h`,
//! `meeting end`, `interval rest 50m`), or `answer done|snooze|skip`: the answer to the pending
//! reminder, as its notification's buttons give it (the break screen sends these).
//!
//! Response: `{"v":1,"ok":true,"status":{…}}` or `{"v":1,"ok":false,"error":"…"}`. `follow`
//! answers with a status line now and another whenever the status changes (and once a minute
//! while the clocks run), until the client disconnects. A request line longer than
//! [`MAX_LINE`] bytes, or one that is not valid JSON, gets an error response; the connection
//! and the daemon carry on.

use serde::{Deserialize, Serialize};

use std::time::Duration;

use crate::core::engine::Mode;
use crate::core::meeting_sources::Source;
use crate::core::text::{self, Message};
use crate::core::{Kind, Lang};

pub const VERSION: u32 = 1;
/// The longest request line the daemon reads.
pub const MAX_LINE: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub v: u32,
    pub cmd: String,
}

impl Request {
    pub fn new(cmd: impl Into<String>) -> Request {
        Request { v: VERSION, cmd: cmd.into() }
    }

    /// Reads one request line as the daemon receives it; the error is the message sent back.
    pub fn from_line(line: &[u8]) -> Result<Request, String> {
        let request: Request = serde_json::from_slice(line)
            .map_err(|e| format!("malformed request (expected {{\"v\":1,\"cmd\":\"…\"}}): {e}"))?;
        if request.v != VERSION {
            return Err(format!("unsupported protocol version {} (this daemon speaks {VERSION})", request.v));
        }
        Ok(request)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub v: u32,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusReport>,
}

impl Response {
    pub fn ok(status: StatusReport) -> Response {
        Response { v: VERSION, ok: true, error: None, status: Some(status) }
    }

    pub fn error(message: impl Into<String>) -> Response {
        Response { v: VERSION, ok: false, error: Some(message.into()), status: None }
    }
}

/// What `posture status --json` prints. Field names are public interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReport {
    /// active, away, snoozed, paused, meeting or outside_schedule.
    pub state: Mode,
    pub next_break: NextBreak,
    /// A reminder on screen that has not been answered.
    pub pending: Option<Kind>,
    pub sitting_seconds: Sitting,
    pub today_sitting_seconds: u64,
    /// Where activity comes from: gnome-mutter, ext-idle-notify-v1, x11-screensaver or none.
    pub idle_backend: String,
    /// Where lock and suspend come from: logind, screensaver or none.
    pub session_source: String,
    /// The notification server whose do-not-disturb is followed: plasma, dunst, gnome, mako,
    /// swaync, xfce or none.
    #[serde(default)]
    pub do_not_disturb_server: String,
    /// Where fullscreen windows are seen: wlr-foreign-toplevel, x11-ewmh or none.
    #[serde(default)]
    pub fullscreen_backend: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<String>,
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_until: Option<String>,
    pub language: String,
    pub pid: u32,
    /// The configured `every` of each kind, in seconds (the tray's interval choices).
    #[serde(default)]
    pub every_seconds: Every,
    /// The configuration file the daemon reads (and `posture interval` writes).
    #[serde(default)]
    pub config_file: String,
    /// Meeting sources that say "meeting" now: manual, camera, microphone, calendar.
    #[serde(default)]
    pub meeting_sources: Vec<Source>,
    /// Meeting sources switched on in `[meetings]` (manual always is).
    #[serde(default)]
    pub meeting_sources_enabled: Vec<Source>,
    /// Start of the next meeting in the calendars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_meeting: Option<String>,
    /// Today's history (the tray's "Today" line), from the same numbers as `posture stats`;
    /// absent when history is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<TodaySummary>,
}

impl StatusReport {
    /// The language the daemon speaks, for texts made from this report.
    pub fn lang(&self) -> Lang {
        if self.language == Lang::Nl.as_str() { Lang::Nl } else { Lang::En }
    }
}

/// Today so far, as `posture stats` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodaySummary {
    pub sitting_seconds: u64,
    /// Breaks taken after a reminder or on the user's own.
    pub breaks_taken: u32,
    /// Reminders, plus breaks taken without one.
    pub breaks_due: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextBreak {
    pub kind: Kind,
    pub in_seconds: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sitting {
    pub micro: u64,
    pub rest: u64,
}

/// `micro.every` and `rest.every`, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Every {
    pub micro: u64,
    pub rest: u64,
}

/// One line saying where the user stands, in their language.
pub fn status_line(status: &StatusReport, lang: Lang) -> String {
    let clock = |at: &Option<String>| {
        at.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()).map(|t| t.naive_local().time())
    };
    let sitting = Duration::from_secs(status.sitting_seconds.rest);
    let message = match status.state {
        Mode::Paused => match clock(&status.paused_until) {
            Some(until) => Message::PausedUntil { until },
            None => Message::Paused,
        },
        Mode::OutsideSchedule => Message::OutsideSchedule,
        Mode::Meeting => match clock(&status.meeting_until) {
            Some(until) => Message::InMeetingUntil { until },
            None => Message::InMeeting,
        },
        // A snooze always has an end.
        Mode::Snoozed => Message::SnoozedUntil { until: clock(&status.snoozed_until).unwrap_or_default() },
        Mode::Away => Message::Away,
        Mode::Active => match status.pending {
            Some(kind) => Message::BreakDue { kind },
            None => Message::Next {
                kind: status.next_break.kind,
                due_in: Duration::from_secs(status.next_break.in_seconds),
                sitting,
            },
        },
    };
    let line = text::render(lang, &message);
    if status.state == Mode::Meeting && !status.meeting_sources.is_empty() {
        let sources: Vec<&str> = status.meeting_sources.iter().map(|s| text::meeting_source(lang, *s)).collect();
        return format!("{line} ({})", sources.join(", "));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_round_trip_and_omit_empty_fields() {
        let error = Response::error("nope");
        let line = serde_json::to_string(&error).unwrap();
        assert_eq!(line, r#"{"v":1,"ok":false,"error":"nope"}"#);
        assert_eq!(serde_json::from_str::<Response>(&line).unwrap(), error);
        let request: Request = serde_json::from_str(r#"{"v":1,"cmd":"snooze 30m"}"#).unwrap();
        assert_eq!(request, Request::new("snooze 30m"));
    }

    #[test]
    fn a_status_from_before_the_tray_fields_still_reads() {
        let old = r#"{"state":"active","next_break":{"kind":"micro","in_seconds":60},"pending":null,
            "sitting_seconds":{"micro":1,"rest":1},"today_sitting_seconds":1,"idle_backend":"none",
            "session_source":"none","paused":false,"language":"en","pid":7}"#;
        let status: StatusReport = serde_json::from_str(old).unwrap();
        assert_eq!((&status.every_seconds, status.today), (&Every::default(), None));
        let line = serde_json::to_string(&status).unwrap();
        assert!(line.contains(r#""every_seconds":{"micro":0,"rest":0}"#) && !line.contains("today\""), "{line}");
    }
}
