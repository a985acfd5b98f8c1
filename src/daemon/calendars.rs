//! The daemon's meeting wiring: the camera, microphone, do-not-disturb and fullscreen sense tasks, and the
//! calendar files with their watchers. The rules (which source holds a meeting, the user's
//! `meeting end`) live in `core::meeting_sources`, driven through the session.
//!
//! Calendars are read at start, again when a file changes (inotify, as for the config file),
//! and re-expanded once a day; between those the loop only wakes at meeting boundaries. A file
//! that fails to read keeps its last good meetings, and the problem is logged with its place.
//! Reading and expanding run on tokio's blocking pool, never on the event loop: a large or
//! slow calendar delays only its own meetings, not a reminder or a `posture status`.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::{mpsc, watch as tokio_watch};

use super::watch;
use crate::core::Lang;
use crate::core::calendar::{self, Calendar};
use crate::core::config::MeetingSettings;
use crate::core::text::{Message, render};
use crate::core::time::{Time, Zone};
use crate::load;
use crate::senses::busy::{self as senses, MeetingSignal, Watched};

/// Calendars are expanded this far around now and again when half of it has passed.
const WINDOW: Duration = Duration::from_secs(2 * 86_400);

/// What one read of the calendars produced, for [`MeetingWiring::read_done`].
pub struct Read {
    calendars: Vec<(PathBuf, Option<Calendar>)>,
    intervals: Vec<(Time, Time)>,
}

pub struct MeetingWiring {
    settings: MeetingSettings,
    /// The language the calendars' problems are logged in.
    lang: Lang,
    zone: Zone,
    /// A read is running on the blocking pool; `Some(true)` when another is due after it.
    reading: Option<bool>,
    read_tx: mpsc::Sender<Read>,
    /// Tells the sense tasks the settings, so a source switched off stops being checked.
    settings_tx: tokio_watch::Sender<MeetingSettings>,
    /// The last good read of each configured calendar.
    calendars: Vec<(PathBuf, Option<Calendar>)>,
    /// When the expansion must be renewed.
    refresh_at: Option<Time>,
    changed_tx: mpsc::Sender<()>,
    /// Stops the current calendar watchers when the list of files changes.
    watchers_stop: tokio_watch::Sender<bool>,
    shutdown: tokio_watch::Receiver<bool>,
}

/// The receiving ends the event loop selects on.
pub struct MeetingEvents {
    pub signals: mpsc::Receiver<MeetingSignal>,
    pub calendars_changed: mpsc::Receiver<()>,
    pub calendars_read: mpsc::Receiver<Read>,
    /// What the do-not-disturb and fullscreen senses follow.
    pub watched: Watched,
}

impl MeetingWiring {
    pub fn start(
        settings: MeetingSettings,
        zone: Zone,
        lang: Lang,
        shutdown: tokio_watch::Receiver<bool>,
    ) -> (Self, MeetingEvents) {
        let (signals_tx, signals) = mpsc::channel(8);
        let (changed_tx, calendars_changed) = mpsc::channel(4);
        let (read_tx, calendars_read) = mpsc::channel(1);
        let (settings_tx, settings_rx) = tokio_watch::channel(settings.clone());
        let (dnd_tx, do_not_disturb) = tokio_watch::channel(senses::dnd::NONE);
        senses::dnd::spawn(settings_rx.clone(), signals_tx.clone(), dnd_tx, shutdown.clone());
        #[cfg(target_os = "linux")]
        let fullscreen = {
            let (fullscreen_tx, fullscreen) = tokio_watch::channel(senses::fullscreen::NONE);
            senses::fullscreen::spawn(settings_rx.clone(), signals_tx.clone(), fullscreen_tx, shutdown.clone());
            fullscreen
        };
        #[cfg(not(target_os = "linux"))]
        let fullscreen = tokio_watch::channel("none").1;
        senses::spawn(settings_rx, signals_tx, shutdown.clone());
        let mut wiring = MeetingWiring {
            settings,
            lang,
            zone,
            reading: None,
            read_tx,
            settings_tx,
            calendars: Vec::new(),
            refresh_at: None,
            changed_tx,
            watchers_stop: tokio_watch::channel(false).0,
            shutdown,
        };
        wiring.watch_calendars();
        let watched = Watched { do_not_disturb, fullscreen };
        (wiring, MeetingEvents { signals, calendars_changed, calendars_read, watched })
    }

    /// The configuration was reloaded.
    pub fn reload(&mut self, settings: MeetingSettings, lang: Lang) {
        self.lang = lang;
        if settings == self.settings {
            return;
        }
        let calendars_changed = settings.calendars != self.settings.calendars;
        self.settings = settings.clone();
        let _ = self.settings_tx.send(settings);
        if calendars_changed {
            self.calendars.clear();
            self.watch_calendars();
        }
        // Read again on the next refresh: the list, `me` or a file may differ.
        self.calendars_changed();
    }

    fn watch_calendars(&mut self) {
        let _ = self.watchers_stop.send(true);
        let (stop_tx, stop_rx) = tokio_watch::channel(false);
        self.watchers_stop = stop_tx;
        for path in &self.settings.calendars {
            // Stop with either the daemon or the next change of the list.
            let (either_tx, either_rx) = tokio_watch::channel(false);
            let (mut daemon, mut list) = (self.shutdown.clone(), stop_rx.clone());
            tokio::spawn(async move {
                tokio::select! {
                    _ = daemon.changed() => {}
                    _ = list.changed() => {}
                }
                let _ = either_tx.send(true);
            });
            if let Err(e) = watch::spawn(path, self.changed_tx.clone(), either_rx) {
                let problem = load::config::error_text(&e.into(), self.lang);
                let path = path.display().to_string();
                tracing::warn!("{}", render(self.lang, &Message::CalendarUnwatched { path, problem }));
            }
        }
    }

    /// A calendar file changed: read them again at the next refresh.
    pub fn calendars_changed(&mut self) {
        self.refresh_at = None;
        if let Some(again) = &mut self.reading {
            *again = true;
        }
    }

    /// Starts reading the calendars on the blocking pool when they are due (at start, after a
    /// change, once a day); the result arrives as a [`Read`] on `calendars_read`.
    pub fn refresh(&mut self, now: Time) {
        if self.refresh_at.is_some_and(|at| now < at) {
            return;
        }
        if let Some(again) = &mut self.reading {
            *again = true;
            return;
        }
        self.reading = Some(false);
        // Not due again until this read is in; a change meanwhile asks for another read.
        self.refresh_at = Some(now + WINDOW / 2);
        let settings = self.settings.clone();
        let mut previous = std::mem::take(&mut self.calendars);
        let (zone, lang, done) = (self.zone, self.lang, self.read_tx.clone());
        tokio::task::spawn_blocking(move || {
            let calendars = settings
                .calendars
                .iter()
                .map(|path| {
                    let before = previous.iter_mut().find(|(p, _)| p == path).and_then(|(_, c)| c.take());
                    (path.clone(), read_one(path, before, lang))
                })
                .collect::<Vec<_>>();
            let read = calendars.iter().filter_map(|(_, c)| c.as_ref());
            let expansion = calendar::expand_all(read, now - WINDOW / 2, now + WINDOW, &settings.me, &zone);
            for cut in &expansion.cuts {
                tracing::warn!("{}", cut.render(lang));
            }
            let intervals = calendar::meeting_intervals(&expansion.occurrences);
            let _ = done.blocking_send(Read { calendars, intervals });
        });
    }

    /// A read is in: keeps the calendars for the next one and returns the meetings. The next
    /// refresh reads again at once if a change came meanwhile.
    pub fn read_done(&mut self, read: Read) -> Vec<(Time, Time)> {
        self.calendars = read.calendars;
        if self.reading.take() == Some(true) {
            self.refresh_at = None;
        }
        read.intervals
    }

    /// When the calendars must be read again if nothing else happens.
    pub fn refresh_at(&self) -> Option<Time> {
        self.refresh_at
    }
}

/// Reads one calendar, or keeps what was read before when it cannot be read now.
fn read_one(path: &std::path::Path, before: Option<Calendar>, lang: Lang) -> Option<Calendar> {
    match load::calendars::read(path) {
        Ok(calendar) => {
            for problem in &calendar.problems {
                tracing::warn!("{}", problem.render(lang));
            }
            Some(calendar)
        }
        Err(e) => {
            let problem = load::config::error_text(&e, lang);
            tracing::warn!("{}", render(lang, &Message::CalendarKept { problem }));
            before
        }
    }
}
