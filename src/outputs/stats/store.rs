//! The history database: `$XDG_STATE_HOME/posture/stats.db`, SQLite in WAL mode.
//!
//! The schema is versioned with `PRAGMA user_version` and grown by `MIGRATIONS`, one entry per
//! version, each applied in its own transaction. Times are microseconds since the Unix epoch
//! (`core::time::Time`). The daemon writes; `posture stats`, `report` and `simulate --history`
//! open the file read-only, which WAL allows while the daemon writes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::core::Kind;
use crate::core::stats::{BreakRow, History, Outcome, Period, PeriodKind, Record};
use crate::core::time::Time;

/// Migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE periods (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('sitting', 'away', 'meeting', 'off')),
        start_us INTEGER NOT NULL,
        end_us INTEGER NOT NULL,
        -- 1 while the period is in progress; end_us is then its last checkpoint.
        open INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX periods_by_end ON periods (end_us);
    CREATE TABLE breaks (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('micro', 'rest')),
        reminded_us INTEGER,
        at_us INTEGER NOT NULL,
        outcome TEXT CHECK (outcome IN ('taken', 'natural', 'skipped', 'snoozed', 'ignored')),
        tip TEXT,
        requested INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX breaks_by_at ON breaks (at_us);
"];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: written by a newer posture (schema version {found}, this one knows {known})", path.display())]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{}: the database is damaged ({detail})", path.display())]
    Damaged { path: PathBuf, detail: String },
}

impl StoreError {
    /// Whether SQLite calls the file damaged or not a database at all. Only then is it moved
    /// aside: a read-only or locked database is a good one that cannot be used right now.
    fn is_corrupt(&self) -> bool {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Sqlite { source, .. } => {
                matches!(source.sqlite_error_code(), Some(DatabaseCorrupt | NotADatabase))
            }
            StoreError::Io { .. } | StoreError::TooNew { .. } => false,
        }
    }
}

/// Where the history lives: next to the saved state.
pub fn default_path() -> std::io::Result<PathBuf> {
    Ok(crate::paths::state_file()?.with_file_name("stats.db"))
}

/// The daemon's connection, with what it knows about the open rows.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    open_period: Option<i64>,
    pending_break: Option<i64>,
}

/// What opening for writing found.
pub struct Opened {
    pub store: Store,
    /// A database that could not be used, and where it was moved.
    pub moved_aside: Option<(StoreError, PathBuf)>,
}

impl Store {
    /// Opens (or creates) the database for writing. One that SQLite finds is not a database or
    /// is damaged is renamed `stats.db.corrupt-<unix time>` and a fresh one started; one written
    /// by a newer version, read-only or locked by another process is left alone and is an error.
    pub fn open(path: &Path, now: Time) -> Result<Opened, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.to_path_buf(), source })?;
        }
        match Store::open_checked(path) {
            Ok(store) => Ok(Opened { store, moved_aside: None }),
            Err(e) if e.is_corrupt() && path.exists() => {
                let aside = crate::paths::corrupt_copy(path, now.as_micros() / 1_000_000);
                std::fs::rename(path, &aside).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
                for suffix in ["-wal", "-shm"] {
                    let side = PathBuf::from(format!("{}{suffix}", path.display()));
                    let _ = std::fs::rename(&side, format!("{}{suffix}", aside.display()));
                }
                let store = Store::open_checked(path)?;
                Ok(Opened { store, moved_aside: Some((e, aside)) })
            }
            Err(e) => Err(e),
        }
    }

    fn open_checked(path: &Path) -> Result<Store, StoreError> {
        let sql = |source| StoreError::Sqlite { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(sql)?;
        if check != "ok" {
            return Err(StoreError::Damaged { path: path.to_path_buf(), detail: check });
        }
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(sql)?;
        // With WAL, NORMAL loses at most the last transactions on power loss, never consistency.
        conn.execute_batch("PRAGMA synchronous = NORMAL").map_err(sql)?;
        migrate(&conn, path)?;
        let mut store = Store { conn, path: path.to_path_buf(), open_period: None, pending_break: None };
        store.recover().map_err(sql)?;
        Ok(store)
    }

    /// After a crash or a stop: periods left open end at their last checkpoint, and of the
    /// reminders left open only the newest stays open (the engine may still answer it).
    fn recover(&mut self) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE periods SET open = 0 WHERE open = 1", [])?;
        let newest: Option<i64> =
            tx.query_row("SELECT max(id) FROM breaks WHERE outcome IS NULL", [], |r| r.get(0)).optional()?.flatten();
        if let Some(id) = newest {
            tx.execute("UPDATE breaks SET outcome = 'ignored' WHERE outcome IS NULL AND id < ?1", [id])?;
        }
        tx.commit()?;
        self.pending_break = newest;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the records in one transaction.
    pub fn write(&mut self, records: &[Record]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        for record in records {
            match record {
                Record::Open { kind, start } => {
                    if let Some(id) = self.open_period.take() {
                        tx.execute("UPDATE periods SET open = 0 WHERE id = ?1", [id]).map_err(sql)?;
                    }
                    tx.execute(
                        "INSERT INTO periods (kind, start_us, end_us, open) VALUES (?1, ?2, ?2, 1)",
                        params![kind.as_str(), start.as_micros()],
                    )
                    .map_err(sql)?;
                    self.open_period = Some(tx.last_insert_rowid());
                }
                Record::Checkpoint { at } => {
                    if let Some(id) = self.open_period {
                        tx.execute(
                            "UPDATE periods SET end_us = max(end_us, ?2) WHERE id = ?1",
                            params![id, at.as_micros()],
                        )
                        .map_err(sql)?;
                    }
                }
                Record::Close { end } => {
                    if let Some(id) = self.open_period.take() {
                        tx.execute(
                            "UPDATE periods SET end_us = max(start_us, ?2), open = 0 WHERE id = ?1",
                            params![id, end.as_micros()],
                        )
                        .map_err(sql)?;
                    }
                }
                Record::Reminder { at, kind, tip, requested } => {
                    tx.execute(
                        "INSERT INTO breaks (kind, reminded_us, at_us, tip, requested) VALUES (?1, ?2, ?2, ?3, ?4)",
                        params![kind.as_str(), at.as_micros(), tip, requested],
                    )
                    .map_err(sql)?;
                    self.pending_break = Some(tx.last_insert_rowid());
                }
                Record::Resolve { at, outcome } => {
                    if let Some(id) = self.pending_break.take() {
                        tx.execute(
                            "UPDATE breaks SET at_us = ?2, outcome = ?3 WHERE id = ?1",
                            params![id, at.as_micros(), outcome.as_str()],
                        )
                        .map_err(sql)?;
                    }
                }
                Record::Break { at, kind, outcome } => {
                    tx.execute(
                        "INSERT INTO breaks (kind, at_us, outcome) VALUES (?1, ?2, ?3)",
                        params![kind.as_str(), at.as_micros(), outcome.as_str()],
                    )
                    .map_err(sql)?;
                }
            }
        }
        tx.commit().map_err(sql)
    }

    /// Everything since `since`, as the pure summary reads it.
    pub fn load(&self, since: Time) -> Result<History, StoreError> {
        load(&self.conn, since).map_err(|source| StoreError::Sqlite { path: self.path.clone(), source })
    }
}

fn migrate(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let sql = |source| StoreError::Sqlite { path: path.to_path_buf(), source };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known });
    }
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        conn.execute_batch(&format!("BEGIN; {migration} PRAGMA user_version = {}; COMMIT;", i + 1)).map_err(sql)?;
    }
    Ok(())
}

/// Opens the history read-only for the CLI; `None` when nothing has been recorded yet.
pub fn open_read_only(path: &Path) -> Result<Option<Connection>, StoreError> {
    if !path.exists() {
        return Ok(None);
    }
    let sql = |source| StoreError::Sqlite { path: path.to_path_buf(), source };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sql)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
    if version == 0 {
        return Ok(None);
    }
    if version > MIGRATIONS.len() as i64 {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: MIGRATIONS.len() as i64 });
    }
    Ok(Some(conn))
}

/// Periods that end at or after `since` (open ones as far as their last checkpoint) and the
/// breaks since then.
pub fn load(conn: &Connection, since: Time) -> rusqlite::Result<History> {
    let mut history = History::default();
    let mut periods = conn
        .prepare_cached("SELECT kind, start_us, end_us, open FROM periods WHERE end_us >= ?1 ORDER BY start_us, id")?;
    let rows = periods.query_map([since.as_micros()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, bool>(3)?))
    })?;
    for row in rows {
        let (kind, start, end, open) = row?;
        let Some(kind) = PeriodKind::parse(&kind) else { continue };
        let period = Period { kind, start: Time::from_micros(start), end: Time::from_micros(end) };
        if open {
            if let Some(earlier) = history.open.replace(period) {
                history.periods.push(earlier);
            }
        } else {
            history.periods.push(period);
        }
    }
    let mut breaks = conn.prepare_cached(
        "SELECT kind, reminded_us, at_us, outcome, tip, requested FROM breaks
         WHERE at_us >= ?1 OR outcome IS NULL ORDER BY id",
    )?;
    let rows = breaks.query_map([since.as_micros()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    for row in rows {
        let (kind, reminded, at, outcome, tip, requested) = row?;
        let Ok(kind) = kind.parse::<Kind>() else { continue };
        let outcome = outcome.as_deref().and_then(Outcome::parse);
        if outcome.is_none() {
            history.pending = Some(history.breaks.len());
        }
        history.breaks.push(BreakRow {
            kind,
            reminded: reminded.map(Time::from_micros),
            at: Time::from_micros(at),
            outcome,
            tip,
            requested,
        });
    }
    Ok(history)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::ffi::c_int) -> StoreError {
        let source = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        StoreError::Sqlite { path: PathBuf::from("stats.db"), source }
    }

    #[test]
    fn only_what_sqlite_calls_corrupt_is_moved_aside() {
        assert!(sqlite(rusqlite::ffi::SQLITE_CORRUPT).is_corrupt());
        assert!(sqlite(rusqlite::ffi::SQLITE_NOTADB).is_corrupt());
        assert!(!sqlite(rusqlite::ffi::SQLITE_READONLY).is_corrupt());
        assert!(!sqlite(rusqlite::ffi::SQLITE_BUSY).is_corrupt());
        assert!(!sqlite(rusqlite::ffi::SQLITE_CANTOPEN).is_corrupt());
    }
}
