//! The daemon's meeting sources, observed through `posture status --json`: a stand-in camera
//! file held open by a child process, stand-in sound-card files, and a calendar file edited
//! while the daemon runs.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use sandbox::Sandbox;
use serde_json::Value;

/// Waits up to `seconds` for the status to satisfy `condition`; returns that status.
fn wait_for_status(sandbox: &Sandbox, what: &str, seconds: u64, condition: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let status = sandbox.status();
        if condition(&status) {
            return status;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}; last status: {status:#}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn sources(status: &Value, key: &str) -> Vec<String> {
    status[key].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[test]
fn a_camera_held_open_is_a_meeting_until_it_is_released() {
    let sandbox = Sandbox::new("camera");
    let device = sandbox.root.join("video0");
    fs::write(&device, b"").unwrap();
    fs::write(
        sandbox.config_file(),
        format!(
            "[meetings]\ncamera_devices = \"{}/video*\"\nmicrophone = false\ndo_not_disturb = false\n",
            sandbox.root.display()
        ),
    )
    .unwrap();
    let daemon = sandbox.start();
    let status = sandbox.status();
    assert_eq!(status["state"], "active", "{status:#}");
    assert_eq!(sources(&status, "meeting_sources_enabled"), ["manual", "camera"]);
    assert_eq!(sources(&status, "meeting_sources"), Vec::<String>::new());

    // A "video call": a process holding the device open. Opening the device wakes posture at
    // once; nothing is polled (check_every is 20 s, the wait much shorter).
    let mut call = Command::new("sleep").arg("60").stdin(fs::File::open(&device).unwrap()).spawn().unwrap();
    let status = wait_for_status(&sandbox, "the camera meeting", 5, |s| s["state"] == "meeting");
    assert_eq!(sources(&status, "meeting_sources"), ["camera"]);
    assert!(status.get("meeting_until").is_none(), "a camera meeting has no known end: {status:#}");
    let line = String::from_utf8(sandbox.run(&["status"]).stdout).unwrap();
    assert_eq!(line.trim(), "In a meeting (camera)");

    call.kill().unwrap();
    call.wait().unwrap();
    let status = wait_for_status(&sandbox, "the end of the camera meeting", 5, |s| s["state"] != "meeting");
    assert_eq!(status["state"], "active");
    assert_eq!(sources(&status, "meeting_sources"), Vec::<String>::new());
    let log = daemon.stop();
    assert!(log.contains("meeting source") && log.contains("source=\"camera\""), "{log}");
}

fn event(uid: &str, start: chrono::DateTime<chrono::Utc>, minutes: i64) -> String {
    let f = |t: chrono::DateTime<chrono::Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\nDTSTART:{}\r\nDTEND:{}\r\nEND:VEVENT\r\n",
        f(start),
        f(start + chrono::Duration::minutes(minutes))
    )
}

fn calendar(events: &[String]) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}END:VCALENDAR\r\n", events.concat())
}

#[test]
fn a_calendar_meeting_follows_the_file_and_meeting_end_sets_it_aside() {
    let sandbox = Sandbox::new("calendar");
    let ics = sandbox.root.join("config/posture/work.ics");
    let now = chrono::Utc::now();
    let running = event("standup", now - chrono::Duration::minutes(5), 60);
    let later = event("review", now + chrono::Duration::hours(3), 30);
    fs::write(&ics, calendar(&[running.clone(), later.clone()])).unwrap();
    fs::write(
        sandbox.config_file(),
        "[meetings]\ncamera = false\nmicrophone = false\ndo_not_disturb = false\ncalendars = [\"work.ics\"]\n",
    )
    .unwrap();
    let daemon = sandbox.start();
    let status = wait_for_status(&sandbox, "the calendar meeting", 10, |s| s["state"] == "meeting");
    assert_eq!(sources(&status, "meeting_sources"), ["calendar"]);
    assert_eq!(sources(&status, "meeting_sources_enabled"), ["manual", "calendar"]);
    assert!(status["meeting_until"].is_string(), "{status:#}");
    assert!(status["next_meeting"].is_string(), "{status:#}");

    // The meeting is removed from the file: the daemon reads it again and the meeting ends.
    fs::write(&ics, calendar(std::slice::from_ref(&later))).unwrap();
    wait_for_status(&sandbox, "the meeting to go with the file", 10, |s| s["state"] == "active");

    // Back in the file; the user ends it by hand, and it stays ended.
    fs::write(&ics, calendar(&[running, later])).unwrap();
    wait_for_status(&sandbox, "the meeting to come back", 10, |s| s["state"] == "meeting");
    let output = sandbox.run(&["meeting", "end"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let status = sandbox.status();
    assert_eq!(status["state"], "active", "{status:#}");
    assert_eq!(sources(&status, "meeting_sources"), Vec::<String>::new());

    // A manual meeting on top of nothing, then ended.
    sandbox.run(&["meeting", "start", "--for", "10m"]);
    let status = sandbox.status();
    assert_eq!(sources(&status, "meeting_sources"), ["manual"]);
    sandbox.run(&["meeting", "end"]);
    assert_eq!(sandbox.status()["state"], "active");

    // A broken file keeps the last good meetings, and says where it is broken.
    fs::write(&ics, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(sandbox.status()["next_meeting"].is_string());
    let log = daemon.stop();
    assert!(log.contains("work.ics:2:1") && log.contains("never closed"), "{log}");
}

#[test]
fn a_recording_sound_card_is_a_meeting() {
    let sandbox = Sandbox::new("microphone");
    // Stand-ins for /dev/snd/pcmC0D0c and /proc/asound/card0/pcm0c/sub0/status.
    let device = sandbox.root.join("pcmC0D0c");
    let status_dir = sandbox.root.join("asound/card0/pcm0c/sub0");
    fs::create_dir_all(&status_dir).unwrap();
    fs::write(&device, b"").unwrap();
    fs::write(status_dir.join("status"), "closed\n").unwrap();
    fs::write(
        sandbox.config_file(),
        format!(
            "[meetings]\ncamera = false\ndo_not_disturb = false\nmicrophone_devices = \"{root}/pcmC*D*c\"\n\
             microphone_status = \"{root}/asound/card*/pcm*c/sub*/status\"\n",
            root = sandbox.root.display()
        ),
    )
    .unwrap();
    let daemon = sandbox.start();
    assert_eq!(sources(&sandbox.status(), "meeting_sources_enabled"), ["manual", "microphone"]);

    // A program starts recording: the device is opened and the stream runs.
    fs::write(status_dir.join("status"), "state: RUNNING\nowner_pid   : 4242\n").unwrap();
    let recording = fs::File::open(&device).unwrap();
    let status = wait_for_status(&sandbox, "the microphone meeting", 5, |s| s["state"] == "meeting");
    assert_eq!(sources(&status, "meeting_sources"), ["microphone"]);

    // It stops: the stream closes with the device.
    fs::write(status_dir.join("status"), "closed\n").unwrap();
    drop(recording);
    wait_for_status(&sandbox, "the end of the microphone meeting", 5, |s| s["state"] == "active");
    daemon.stop();
}

/// A calendar that takes seconds to expand (hundreds of every-second rules from 1970) is read
/// off the event loop: `posture status` answers at once while it is read, and the daemon stops
/// promptly.
#[test]
fn a_slow_calendar_never_holds_up_status() {
    let sandbox = Sandbox::new("slow-calendar");
    let ics = sandbox.root.join("config/posture/slow.ics");
    let events: Vec<String> = (0..300)
        .map(|n| {
            format!(
                "BEGIN:VEVENT\r\nUID:s{n}\r\nSUMMARY:tick\r\nDTSTART:19700101T000000Z\r\nDURATION:PT1S\r\n\
                 RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n"
            )
        })
        .collect();
    fs::write(&ics, calendar(&events)).unwrap();
    fs::write(sandbox.config_file(), "[meetings]\ncamera = false\nmicrophone = false\ncalendars = [\"slow.ics\"]\n")
        .unwrap();
    let daemon = sandbox.start();
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let started = Instant::now();
        assert_eq!(sandbox.status()["state"], "active");
        slowest = slowest.max(started.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(slowest < Duration::from_secs(1), "status took {slowest:?} while the calendar was read");
    let stopping = Instant::now();
    daemon.stop();
    assert!(stopping.elapsed() < Duration::from_secs(5), "stopped in {:?}", stopping.elapsed());
}
