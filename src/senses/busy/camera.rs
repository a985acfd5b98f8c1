//! Camera in use: one of the user's own processes holds a camera device open.
//!
//! Every `/proc/<pid>/fd/*` link of a process owned by our uid is read and its target matched
//! against the device pattern (`/dev/video*`). Other users' processes are skipped without being
//! opened. No camera is opened or queried; the check sees only that a device is held.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::wildcard;

/// Whether a process of ours (other than this one) has a file matching `pattern` open.
pub fn in_use(pattern: &str) -> bool {
    let proc = Path::new("/proc");
    let Ok(me) = fs::metadata(proc.join("self")) else {
        return false;
    };
    let own_pid = fs::read_link(proc.join("self")).ok();
    let Ok(entries) = fs::read_dir(proc) else {
        return false;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()) || own_pid.as_deref() == Some(Path::new(&name)) {
            continue;
        }
        if entry.metadata().map(|m| m.uid()).ok() != Some(me.uid()) {
            continue;
        }
        let Ok(fds) = fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = fs::read_link(fd.path())
                && wildcard(pattern, &target.to_string_lossy())
            {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_file_held_open_by_a_child_and_not_after() {
        let dir = std::env::temp_dir().join(format!("posture-camera-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let device = dir.join("video0");
        fs::write(&device, b"").unwrap();
        let pattern = format!("{}/video*", dir.display());
        assert!(!in_use(&pattern));
        let mut child =
            std::process::Command::new("sleep").arg("30").stdin(fs::File::open(&device).unwrap()).spawn().unwrap();
        // The child's fd table is in place once spawn returns (exec has happened).
        let seen = in_use(&pattern);
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(seen);
        assert!(!in_use(&pattern));
        fs::remove_dir_all(&dir).unwrap();
    }
}
