//! Microphone in use: a sound card is capturing.
//!
//! ALSA publishes the state of every capture substream in
//! `/proc/asound/card*/pcm*c/sub*/status` ("closed", or "state: RUNNING" while recording).
//! PipeWire and PulseAudio open the card's capture device while any program records, so this
//! also sees calls through them; a stream a sound server keeps open while idle shows as
//! PREPARED or SUSPENDED, not RUNNING. Bluetooth headsets bypass ALSA and are not seen.

use std::fs;
use std::path::{Path, PathBuf};

use super::wildcard;

/// Whether any status file matching `pattern` reports a running stream.
pub fn in_use(pattern: &str) -> bool {
    expand(pattern)
        .iter()
        .any(|path| fs::read_to_string(path).is_ok_and(|text| text.lines().any(|l| l.trim() == "state: RUNNING")))
}

/// The existing files matching an absolute pattern with `*`/`?` in any component.
fn expand(pattern: &str) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::from("/")];
    for component in pattern.split('/').filter(|c| !c.is_empty()) {
        let mut next = Vec::new();
        for dir in &found {
            if component.contains(['*', '?']) {
                let Ok(entries) = fs::read_dir(dir) else { continue };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_capture_stream_counts() {
        let root = std::env::temp_dir().join(format!("posture-asound-{}", std::process::id()));
        for (card, state) in [("card0", "closed\n"), ("card1", "state: PREPARED\nowner_pid   : 12\n")] {
            let dir = root.join(card).join("pcm0c/sub0");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("status"), state).unwrap();
        }
        let pattern = format!("{}/card*/pcm*c/sub*/status", root.display());
        assert_eq!(expand(&pattern).len(), 2);
        assert!(!in_use(&pattern));
        fs::write(root.join("card1/pcm0c/sub0/status"), "state: RUNNING\nowner_pid   : 12\n").unwrap();
        assert!(in_use(&pattern));
        fs::remove_dir_all(&root).unwrap();
    }
}
