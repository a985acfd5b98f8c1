//! Meeting senses: a camera or a microphone in use, checked every `meetings.check_every`.
//!
//! Neither has an event to wait for, so one task polls both: it scans the user's own processes'
//! open files for a camera device (`camera.rs`) and ALSA's capture status files for a running
//! stream (`microphone.rs`), off the event loop, and reports only changes. With both sources
//! switched off the task waits for a configuration change and does not wake at all. Calendars
//! are not polled: the daemon watches their files and wakes at the next meeting boundary.

pub mod camera;
pub mod microphone;

use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::core::config::MeetingSettings;
use crate::core::meetings::Source;

/// A source started or stopped saying "meeting".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingSignal {
    pub source: Source,
    pub active: bool,
}

/// Runs the camera and microphone checks until `shutdown`, following `settings` as the
/// configuration is reloaded.
pub fn spawn(
    mut settings: watch::Receiver<MeetingSettings>,
    signals: mpsc::Sender<MeetingSignal>,
    mut shutdown: watch::Receiver<bool>,
) {
    tokio::spawn(async move {
        let mut last = (false, false);
        loop {
            let current = settings.borrow_and_update().clone();
            let now = if current.camera || current.microphone {
                let check = current.clone();
                tokio::task::spawn_blocking(move || {
                    (
                        check.camera && camera::in_use(&check.camera_devices),
                        check.microphone && microphone::in_use(&check.microphone_status),
                    )
                })
                .await
                .unwrap_or(last)
            } else {
                (false, false)
            };
            for (source, was, is) in [(Source::Camera, last.0, now.0), (Source::Microphone, last.1, now.1)] {
                if was != is && signals.send(MeetingSignal { source, active: is }).await.is_err() {
                    return;
                }
            }
            last = now;
            let wait = if current.camera || current.microphone { current.check_every } else { Duration::MAX };
            tokio::select! {
                _ = sleep(wait) => {}
                changed = settings.changed() => if changed.is_err() { return },
                _ = shutdown.changed() => return,
            }
        }
    });
}

async fn sleep(wait: Duration) {
    if wait == Duration::MAX {
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(wait).await;
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters and `?` one.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Iterative matching with one backtrack point, enough for `*` and `?`.
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards() {
        assert!(wildcard("/dev/video*", "/dev/video0"));
        assert!(wildcard("/dev/video*", "/dev/video"));
        assert!(!wildcard("/dev/video*", "/dev/vide"));
        assert!(wildcard("/proc/asound/card*/pcm*c/sub*/status", "/proc/asound/card1/pcm0c/sub0/status"));
        assert!(!wildcard("/proc/asound/card*/pcm*c/sub*/status", "/proc/asound/card1/pcm0p/sub0/status"));
        assert!(wildcard("/tmp/cam?", "/tmp/cam1"));
        assert!(!wildcard("/tmp/cam?", "/tmp/cam12"));
    }
}
