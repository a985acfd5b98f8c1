//! Signs that the user is busy, as meeting sources: a camera or a microphone in use.
//!
//! Neither says when it starts being used, but both are device files: the task watches the
//! camera devices (`/dev/video*`) and the sound cards' capture devices (`/dev/snd/pcmC*D*c`)
//! with inotify (`devices.rs`) and checks again only when one is opened or closed, or a new
//! one appears. The check scans the user's own processes' open files for a camera device
//! (`camera.rs`) and ALSA's capture status for a running stream (`microphone.rs`), and only
//! changes are reported. Polling every `meetings.check_every` is the fallback, used while a
//! capture device is open but not recording (it can start without another open) or when the
//! devices cannot be watched. With both sources off the task waits for a configuration change.
//! Do-not-disturb (`dnd.rs`) is read from the notification server over D-Bus, and a fullscreen
//! window in front (`fullscreen.rs`) from the compositor or the X server, both event-driven.
//! Calendars are not senses: the daemon watches their files and wakes at meeting boundaries.

pub mod camera;
pub mod devices;
pub mod dnd;
#[cfg(target_os = "linux")]
pub mod fullscreen;
pub mod microphone;

use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::core::config::MeetingSettings;
use crate::core::meeting_sources::Source;
use devices::DeviceWatch;
use microphone::Capture;

/// Device opens come in bursts (a browser probing every camera): check once they settle.
const SETTLE: Duration = Duration::from_millis(200);

/// A source started or stopped saying "meeting".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingSignal {
    pub source: Source,
    pub active: bool,
}

/// What the do-not-disturb and fullscreen senses follow (`dnd::NONE`, `fullscreen::NONE`
/// when nothing), for `posture status`.
#[derive(Debug, Clone)]
pub struct Watched {
    pub do_not_disturb: watch::Receiver<&'static str>,
    pub fullscreen: watch::Receiver<&'static str>,
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
        let mut warned = false;
        loop {
            let current = settings.borrow_and_update().clone();
            // The watch comes first: a device opened between a check and a watch made after it
            // would go unseen until the next event.
            let mut patterns = Vec::new();
            if current.camera {
                patterns.push(current.camera_devices.as_str());
            }
            if current.microphone {
                patterns.push(current.microphone_devices.as_str());
            }
            let mut watch = if patterns.is_empty() {
                None
            } else {
                match DeviceWatch::new(&patterns) {
                    Ok(watch) => Some(watch),
                    Err(e) => {
                        if !warned {
                            let every = crate::core::duration::format_duration(current.check_every);
                            tracing::warn!(
                                "cannot watch the camera and microphone devices ({e}); checking every {every}"
                            );
                            warned = true;
                        }
                        None
                    }
                }
            };
            // On this thread: checks are rare (a device opened or closed) and take milliseconds,
            // and a blocking-pool thread would cost more memory than the wait.
            let camera = current.camera && camera::in_use(&current.camera_devices);
            let capture =
                if current.microphone { microphone::state(&current.microphone_status) } else { Capture::Closed };
            let now = (camera, capture == Capture::Running);
            for (source, was, is) in [(Source::Camera, last.0, now.0), (Source::Microphone, last.1, now.1)] {
                if was != is && signals.send(MeetingSignal { source, active: is }).await.is_err() {
                    return;
                }
            }
            last = now;

            let poll =
                (!patterns.is_empty() && watch.is_none() || capture == Capture::Open).then_some(current.check_every);
            tokio::select! {
                _ = device_event(watch.as_mut()) => tokio::time::sleep(SETTLE).await,
                _ = sleep(poll) => {}
                changed = settings.changed() => if changed.is_err() { return },
                _ = shutdown.changed() => return,
            }
        }
    });
}

async fn device_event(watch: Option<&mut DeviceWatch>) {
    match watch {
        Some(watch) => {
            if watch.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

async fn sleep(wait: Option<Duration>) {
    match wait {
        Some(wait) => tokio::time::sleep(wait).await,
        None => std::future::pending().await,
    }
}

/// The existing files matching an absolute pattern with `*`/`?` in any component, sorted.
pub fn glob(pattern: &str) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::from("/")];
    for component in pattern.split('/').filter(|c| !c.is_empty()) {
        let mut next = Vec::new();
        for dir in &found {
            if component.contains(['*', '?']) {
                let Ok(entries) = std::fs::read_dir(dir) else { continue };
                let mut names: Vec<PathBuf> = entries
                    .flatten()
                    .filter(|e| wildcard(component, &e.file_name().to_string_lossy()))
                    .map(|e| e.path())
                    .collect();
                names.sort();
                next.append(&mut names);
            } else {
                let path = dir.join(component);
                if Path::exists(&path) {
                    next.push(path);
                }
            }
        }
        found = next;
    }
    found
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
