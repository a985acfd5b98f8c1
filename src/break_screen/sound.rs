//! The break screen's two sounds, the start (`bell`) and the end (`complete`) of a break, by
//! freedesktop sound-theme name. posture plays no audio itself: `canberra-gtk-play` plays the
//! theme's sound where it is installed; elsewhere a short notification carries the name in its
//! `sound-name` hint, the path the reminders' sounds take, so the same servers play it.

use std::io::ErrorKind;
use std::process::{Command, Stdio};
use std::thread::JoinHandle;

use notify_rust::{Hint, Timeout, Urgency};

use crate::outputs::notify;

/// The sound-theme name played when the break screen opens (as the reminder's).
pub const START: &str = "bell";
/// The sound-theme name played when the break is done (as the "Break done" notification's).
pub const END: &str = "complete";

/// How long the notification that carries a sound stays: long enough to be read in passing.
const SHOWS_MS: u32 = 4000;

/// Plays `name`; the notification fallback says `title` and `body`. Runs on its own thread
/// (a bus that activates no notification server answers only after D-Bus's timeout), whose
/// handle the caller joins before the process ends so the request is not cut off.
pub fn play(name: &'static str, title: String, body: String) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let played = Command::new("canberra-gtk-play")
            .args(["-i", name])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        match played {
            Ok(status) if status.success() => return,
            Ok(status) => tracing::debug!("canberra-gtk-play -i {name}: {status}; asking the notification server"),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => tracing::debug!("canberra-gtk-play: {e}; asking the notification server"),
        }
        let mut notification = notify::base(&title, &body, notify::CATEGORY_BREAK);
        let shown = notification
            .hint(Hint::SoundName(name.into()))
            // Gone from the server's history once it has played: the screen says the rest.
            .hint(Hint::Transient(true))
            .urgency(Urgency::Normal)
            .timeout(Timeout::Milliseconds(SHOWS_MS))
            .show();
        if let Err(e) = shown {
            tracing::debug!("no {name} sound: {e}");
        }
    })
}
