//! The saved engine state: written atomically, read back at start, set aside when corrupt.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use crate::atomic_file::Durability;
use crate::core::engine::State;
use crate::core::time::Time;

const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Saved {
    format: u32,
    engine: State,
}

/// What was found at start.
#[derive(Debug)]
pub enum Loaded {
    Missing,
    State(Box<State>),
    /// The file could not be used as state; it was moved to `moved_to` (when it could be
    /// moved: a file that cannot be moved is left where it is, and the state not saved over it).
    Corrupt {
        reason: String,
        moved_to: Option<PathBuf>,
    },
}

/// The saved instant must fall between these, and not more than [`OLDEST`] before now: a state
/// outside them was not written by a working posture (a hand edit, a corrupt disk), and
/// catching up over centuries of midnights would stall the start.
const EARLIEST: Time = Time::from_micros(946_684_800_000_000); // 2000-01-01
const LATEST: Time = Time::from_micros(7_258_118_400_000_000); // 2200-01-01
const OLDEST: Duration = Duration::from_secs(10 * 366 * 86_400);

/// Reads the saved state. Whatever cannot be used (unreadable, not JSON, another format, a
/// directory, an absurd time) is set aside and reported, so the daemon starts fresh rather
/// than failing at every start on something it saved.
pub fn load(path: &Path, now: Time) -> Loaded {
    let text = match fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => return set_aside(path, e.to_string(), now),
    };
    match serde_json::from_slice::<Saved>(&text) {
        Ok(saved) if saved.format != FORMAT => set_aside(path, format!("unknown state format {}", saved.format), now),
        Ok(saved) => match usable(&saved.engine, now) {
            Ok(()) => Loaded::State(Box::new(saved.engine)),
            Err(reason) => set_aside(path, reason, now),
        },
        Err(e) => set_aside(path, e.to_string(), now),
    }
}

/// Whether a saved engine state can be restored at `now`, or why not: its time within the bounds
/// above, and its sitting counters within [`OLDEST`] of zero as any a working posture saves (the
/// engine adds elapsed time to them, which must not overflow).
pub fn usable(state: &State, now: Time) -> Result<(), String> {
    if !(EARLIEST..LATEST).contains(&state.now) || now.since(state.now) > OLDEST {
        return Err(format!("its time {} is out of range", state.now.as_micros()));
    }
    let limit = crate::core::time::micros(OLDEST).unsigned_abs();
    let mut counters = state.sitting.iter().chain(&state.provisional).chain([&state.today, &state.provisional_today]);
    if !counters.all(|c| c.unsigned_abs() <= limit) {
        return Err("its sitting counters are out of range".into());
    }
    Ok(())
}

fn set_aside(path: &Path, reason: String, now: Time) -> Loaded {
    let moved_to = crate::paths::corrupt_copy(path, now.as_micros() / 1_000_000);
    match fs::rename(path, &moved_to) {
        Ok(()) => Loaded::Corrupt { reason, moved_to: Some(moved_to) },
        Err(e) => Loaded::Corrupt { reason: format!("{reason}; cannot move it aside: {e}"), moved_to: None },
    }
}

/// Writes the state so that a crash at any moment leaves either the old file or the new one.
pub fn save(path: &Path, state: &State, durability: Durability) -> io::Result<()> {
    let mut json = serde_json::to_vec(&Saved { format: FORMAT, engine: state.clone() }).map_err(io::Error::other)?;
    json.push(b'\n');
    crate::atomic_file::write_with(path, &json, durability)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::core::config::Config;
    use crate::core::engine::{Engine, Input};
    use crate::core::time::{Time, Zone};
    use crate::core::tips::Catalogue;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("posture-state-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir.join("state.json")
    }

    /// 2026-03-02, when the tests' states are saved.
    const NOW: Time = Time::from_micros(1_772_438_400_000_000);

    #[test]
    fn saved_state_loads_back() {
        let path = scratch("roundtrip");
        let mut engine = Engine::new(Config::default(), Arc::new(Catalogue::builtin()), Zone::utc(), NOW, 3);
        engine.handle(Input::Active, NOW + std::time::Duration::from_secs(600)).unwrap();
        save(&path, engine.state(), Durability::Disk).unwrap();
        match load(&path, NOW) {
            Loaded::State(state) => assert_eq!(*state, *engine.state()),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn a_corrupt_file_is_set_aside_and_nothing_is_lost() {
        let path = scratch("corrupt");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, b"{\"format\":1,\"engine\":{\"now\":").unwrap();
        match load(&path, NOW) {
            Loaded::Corrupt { reason, moved_to: Some(moved_to) } => {
                assert!(reason.contains("EOF"), "{reason}");
                assert_eq!(fs::read(&moved_to).unwrap(), b"{\"format\":1,\"engine\":{\"now\":");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(load(&path, NOW), Loaded::Missing));
    }

    #[test]
    fn absurd_times_and_a_directory_are_set_aside() {
        let path = scratch("absurd");
        let engine = Engine::new(Config::default(), Arc::new(Catalogue::builtin()), Zone::utc(), NOW, 3);
        for saved_now in [i64::MAX, i64::MIN, 0, NOW.as_micros() - 11 * 366 * 86_400_000_000] {
            let mut state = engine.state().clone();
            state.now = Time::from_micros(saved_now);
            save(&path, &state, Durability::Disk).unwrap();
            match load(&path, NOW) {
                Loaded::Corrupt { reason, moved_to: Some(_) } => assert!(reason.contains("out of range"), "{reason}"),
                other => panic!("{saved_now}: {other:?}"),
            }
        }
        fs::create_dir_all(&path).unwrap();
        match load(&path, NOW) {
            Loaded::Corrupt { reason, moved_to: Some(moved_to) } => {
                assert!(reason.contains("directory"), "{reason}");
                assert!(moved_to.is_dir());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(load(&path, NOW), Loaded::Missing));
    }
}
