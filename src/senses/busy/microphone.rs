//! Microphone in use: a sound card is capturing.
//!
//! ALSA publishes the state of every capture substream in
//! `/proc/asound/card*/pcm*c/sub*/status`: "closed", or the state of the open stream
//! ("state: RUNNING" while recording). PipeWire and PulseAudio open the card's capture device
//! while any program records, so this also sees calls through them. Bluetooth headsets bypass
//! ALSA and are not seen.

use std::fs;

use super::glob;

/// What the capture streams are doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// No capture stream is open.
    Closed,
    /// A stream is open but not recording (a sound server keeping the device, a stream about
    /// to start): it can start without the device being opened again.
    Open,
    Running,
}

/// The state of the status files matching `pattern`: running if any runs.
pub fn state(pattern: &str) -> Capture {
    let mut state = Capture::Closed;
    for path in glob(pattern) {
        let Ok(text) = fs::read_to_string(&path) else { continue };
        if text.lines().any(|l| l.trim() == "state: RUNNING") {
            return Capture::Running;
        }
        if text.trim() != "closed" {
            state = Capture::Open;
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_capture_stream_counts() {
        let root = std::env::temp_dir().join(format!("posture-asound-{}", std::process::id()));
        let pattern = format!("{}/card*/pcm*c/sub*/status", root.display());
        let dir = root.join("card1/pcm0c/sub0");
        fs::create_dir_all(root.join("card0/pcm0c/sub0")).unwrap();
        fs::create_dir_all(&dir).unwrap();
        fs::write(root.join("card0/pcm0c/sub0/status"), "closed\n").unwrap();
        fs::write(dir.join("status"), "closed\n").unwrap();
        assert_eq!(glob(&pattern).len(), 2);
        assert_eq!(state(&pattern), Capture::Closed);
        fs::write(dir.join("status"), "state: PREPARED\nowner_pid   : 12\n").unwrap();
        assert_eq!(state(&pattern), Capture::Open);
        fs::write(dir.join("status"), "state: RUNNING\nowner_pid   : 12\n").unwrap();
        assert_eq!(state(&pattern), Capture::Running);
        fs::remove_dir_all(&root).unwrap();
    }
}
