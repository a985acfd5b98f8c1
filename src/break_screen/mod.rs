//! The optional break screen: a window with the exercise card, a countdown that runs while
//! hands are off, and Done / Snooze / Skip, shown instead of the reminder notification.
//!
//! It runs as its own short-lived process (`posture break-screen`, started by the daemon
//! through [`launch`]), so the daemon never links a window system into its event loop and its
//! idle footprint stays the same; the process answers the pending reminder over the control
//! socket (`answer done`, `answer snooze`, `answer skip`) and exits. When it cannot show
//! anything (no display, no backend for this desktop, no font) it exits with
//! [`EXIT_UNAVAILABLE`], and the daemon shows the notification instead.
//!
//! - `app`: the contract between the drawing and the window backends.
//! - `model`: the countdown, the keys and strict mode, on an injected clock.
//! - `screen`: the model on a clock, drawn with tiny-skia, resvg and `font`.
//! - `x11`: the X11 backend.
//! - `wayland`: the Wayland backend (layer-shell where offered, else a fullscreen toplevel).
//! - `launch`: the daemon's side: starting the process and hearing how it ended.
//! - `sound`: the start and end sounds, by sound-theme name.

pub mod app;
pub mod font;
pub mod launch;
pub mod model;
pub mod screen;
pub mod sound;
#[cfg(target_os = "linux")]
pub mod wayland;
#[cfg(target_os = "linux")]
pub mod x11;

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use app::Cover;
use model::Rules;
use screen::{Content, Screen, Surroundings};

use crate::control::client;
use crate::core::engine::Answer;
use crate::core::text::{Message, render};
use crate::core::{Kind, Lang};

/// The exit status that means "nothing could be shown here": the daemon falls back to the
/// notification and says why in its log.
pub const EXIT_UNAVAILABLE: u8 = 3;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no display to show the break screen on (neither WAYLAND_DISPLAY nor DISPLAY is set)")]
    NoDisplay,
    #[error(transparent)]
    Font(#[from] font::FontError),
    #[cfg(target_os = "linux")]
    #[error(transparent)]
    X11(#[from] x11::X11Error),
    #[cfg(target_os = "linux")]
    #[error(transparent)]
    Wayland(#[from] wayland::Error),
}

/// Shows the break screen until it is answered or closed.
pub fn run(content: Content, rules: Rules, cover: Cover, sound: bool) -> Result<(), Error> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    // On Wayland, Xwayland would put the screen below native fullscreen windows: Wayland first.
    let wayland = set("WAYLAND_DISPLAY");
    if !wayland && !set("DISPLAY") {
        return Err(Error::NoDisplay);
    }
    let fonts = font::Fonts::load()?;
    let mut live = Live { opened: Instant::now(), sound, kind: content.kind, lang: content.lang, sounds: Vec::new() };
    if sound {
        let title = render(live.lang, &Message::BreakName { kind: live.kind });
        live.sounds.push(sound::play(sound::START, title, String::new()));
    }
    let mut screen = Screen::new(content, rules, fonts, live);
    #[cfg(target_os = "linux")]
    if wayland {
        wayland::run(cover, &mut screen)?;
    } else {
        x11::run(&mut screen, cover)?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (&mut screen, cover, wayland);
    for playing in screen.into_surroundings().sounds {
        let _ = playing.join();
    }
    Ok(())
}

/// The real clock, the daemon over the control socket, and the sound theme.
struct Live {
    opened: Instant,
    sound: bool,
    kind: Kind,
    lang: Lang,
    /// The sounds asked for, waited for before the process ends.
    sounds: Vec<JoinHandle<()>>,
}

impl Surroundings for Live {
    fn now(&self) -> Duration {
        self.opened.elapsed()
    }

    fn answer(&mut self, answer: Answer) {
        let word = match answer {
            Answer::Done => "done",
            Answer::Snooze => "snooze",
            Answer::Skip => "skip",
        };
        match client::request(&format!("answer {word}")) {
            Ok(response) if response.ok => tracing::info!("break screen: answered {word}"),
            Ok(response) => tracing::warn!("break screen: the daemon refused `answer {word}`: {:?}", response.error),
            Err(e) => tracing::warn!("break screen: cannot answer {word}: {e}"),
        }
    }

    fn finished(&mut self) {
        if self.sound {
            let title = render(self.lang, &Message::BreakDoneTitle);
            let body = render(self.lang, &Message::BreakName { kind: self.kind });
            self.sounds.push(sound::play(sound::END, title, body));
        }
    }
}
