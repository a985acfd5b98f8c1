//! The saved engine state: written atomically, read back at start, set aside when corrupt.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::engine::State;

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
    /// The file could not be read as state; it was moved to `moved_to`.
    Corrupt {
        reason: String,
        moved_to: PathBuf,
    },
}

pub fn load(path: &Path) -> io::Result<Loaded> {
    let text = match fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::Missing),
        Err(e) => return Err(e),
    };
    match serde_json::from_slice::<Saved>(&text) {
        Ok(saved) if saved.format == FORMAT => Ok(Loaded::State(Box::new(saved.engine))),
        Ok(saved) => set_aside(path, format!("unknown state format {}", saved.format)),
        Err(e) => set_aside(path, e.to_string()),
    }
}

fn set_aside(path: &Path, reason: String) -> io::Result<Loaded> {
    let stamp = crate::clock::now().as_micros() / 1_000_000;
    let moved_to = crate::paths::corrupt_copy(path, stamp);
    fs::rename(path, &moved_to)?;
    Ok(Loaded::Corrupt { reason, moved_to })
}

/// Writes the state so that a crash at any moment leaves either the old file or the new one.
pub fn save(path: &Path, state: &State) -> io::Result<()> {
    let mut json = serde_json::to_vec(&Saved { format: FORMAT, engine: state.clone() }).map_err(io::Error::other)?;
    json.push(b'\n');
    crate::atomic_file::write(path, &json)
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

    #[test]
    fn saved_state_loads_back() {
        let path = scratch("roundtrip");
        let mut engine =
            Engine::new(Config::default(), Arc::new(Catalogue::builtin()), Zone::utc(), Time::from_micros(0), 3);
        engine.handle(Input::Active, Time::from_micros(600_000_000)).unwrap();
        save(&path, engine.state()).unwrap();
        match load(&path).unwrap() {
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
        match load(&path).unwrap() {
            Loaded::Corrupt { reason, moved_to } => {
                assert!(reason.contains("EOF"), "{reason}");
                assert_eq!(fs::read(&moved_to).unwrap(), b"{\"format\":1,\"engine\":{\"now\":");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(load(&path).unwrap(), Loaded::Missing));
    }
}
