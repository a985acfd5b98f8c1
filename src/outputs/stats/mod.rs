//! History recording for the daemon: the tracker's records go to a thread that owns the
//! database connection, so a slow disk never blocks the event loop.
//!
//! The loop hands each event's records over an unbounded channel and returns at once; the
//! thread writes whatever has queued up in one transaction. The daemon keeps today's rows in
//! memory as well ([`History`]), so the status's "today" is computed without reading the
//! database, by the same [`summarize`] that `posture stats` uses.

pub mod store;

use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;

use chrono::NaiveTime;

use crate::control::protocol::TodaySummary;
use crate::core::engine::{Engine, Timed};
use crate::core::stats::{History, Record, Tracker, summarize};
use crate::core::time::{Time, Zone};
use store::{Store, StoreError};

/// The daemon's side of the history.
pub struct Stats {
    tracker: Tracker,
    today: History,
    zone: Zone,
    writer: mpsc::Sender<Vec<Record>>,
    thread: Option<JoinHandle<()>>,
}

impl Stats {
    /// Opens the database at `path` and starts the writer thread. A database that cannot be
    /// used is moved aside (logged) and a new one started; an error means no history at all.
    /// `resumed_from` is the saved state's time when the engine counts the gap since as sitting.
    pub fn start(path: &Path, zone: Zone, now: Time, resumed_from: Option<Time>) -> Result<Stats, StoreError> {
        let opened = Store::open(path, now)?;
        if let Some((reason, aside)) = &opened.moved_aside {
            tracing::warn!(
                "the history could not be read ({reason}); moved it to {} and started a new one",
                aside.display()
            );
            eprintln!("posture: the history database could not be read ({reason}); moved it to {}", aside.display());
        }
        let mut store = opened.store;
        let today = store.load(start_of_day(&zone, now))?;
        let tracker = Tracker::resume(&today, resumed_from);
        let (writer, records) = mpsc::channel::<Vec<Record>>();
        let thread = std::thread::Builder::new()
            .name("posture-stats".into())
            .spawn(move || {
                while let Ok(mut batch) = records.recv() {
                    // Whatever queued up meanwhile goes into the same transaction.
                    while let Ok(more) = records.try_recv() {
                        batch.extend(more);
                    }
                    if let Err(e) = store.write(&batch) {
                        tracing::warn!("cannot record history in {}: {e}", store.path().display());
                    }
                }
            })
            .map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
        tracing::debug!("recording history in {}", path.display());
        Ok(Stats { tracker, today, zone, writer, thread: Some(thread) })
    }

    /// Records what the engine did and where it is now.
    pub fn observe(&mut self, engine: &Engine, actions: &[Timed], now: Time) {
        let records = self.tracker.observe(engine, actions, now);
        self.send(records, now);
    }

    /// Keeps the period in progress in the database up to `now` (called with each state save).
    pub fn checkpoint(&mut self, now: Time) {
        let records = self.tracker.checkpoint(now).into_iter().collect();
        self.send(records, now);
    }

    /// Today's numbers, the same as `posture stats` reports for today.
    /// Reminders snoozed today (the break screen's strict mode allows a few a day).
    pub fn snoozed_today(&self, now: Time) -> u32 {
        summarize(&self.today, &self.zone, now, 1, true).remove(0).snoozed
    }

    pub fn today(&self, now: Time) -> TodaySummary {
        let day = summarize(&self.today, &self.zone, now, 1, true).remove(0);
        TodaySummary {
            sitting_seconds: day.sitting_seconds,
            breaks_taken: day.breaks_taken,
            breaks_due: day.breaks_due,
        }
    }

    /// Closes the period in progress and waits for the writer to finish.
    pub fn stop(mut self, now: Time) {
        let records = self.tracker.close(now).into_iter().collect();
        self.send(records, now);
        drop(self.writer);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    fn send(&mut self, records: Vec<Record>, now: Time) {
        if records.is_empty() {
            return;
        }
        for record in &records {
            self.today.apply(record);
        }
        self.today.forget_before(start_of_day(&self.zone, now));
        let _ = self.writer.send(records);
    }
}

fn start_of_day(zone: &Zone, now: Time) -> Time {
    zone.instant(zone.local(now).date().and_time(NaiveTime::MIN))
}
