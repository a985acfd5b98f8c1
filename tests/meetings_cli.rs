//! `posture meetings`: the real binary lists what it will treat as meetings from the configured
//! calendars, and why each event is or is not one.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;

use sandbox::Sandbox;
use serde_json::Value;

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Daily sync\r\nDTSTART:20200106T100000Z\r\nDURATION:PT15M\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:skip\r\nSUMMARY:All hands\r\nDTSTART:20200106T150000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY\r\n\
ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:bad\r\nSUMMARY:Broken\r\nDTSTART;TZID=Nowhere/Special:20200106T100000\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn lists_meetings_and_why_events_are_left_out() {
    let sandbox = Sandbox::new("meetings-list");
    fs::write(sandbox.root.join("config/posture/work.ics"), CALENDAR).unwrap();
    fs::write(sandbox.config_file(), "[meetings]\ncalendars = [\"work.ics\"]\nme = [\"me@example.com\"]\n").unwrap();

    let output = sandbox.command(&["meetings", "--days", "2", "--json"]).env("TZ", "UTC").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("work.ics:21:30:") && stderr.contains("Nowhere/Special"), "{stderr}");
    let lines: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let outline: Vec<(String, bool, String)> = lines
        .iter()
        .map(|l| {
            (l["summary"].as_str().unwrap().into(), l["meeting"].as_bool().unwrap(), l["why"].as_str().unwrap().into())
        })
        .collect();
    let sync = ("Daily sync".to_string(), true, "meeting".to_string());
    let hands = ("All hands".to_string(), false, "declined".to_string());
    assert_eq!(outline, [sync.clone(), hands.clone(), sync, hands]);
    assert!(lines[0]["start"].as_str().unwrap().ends_with("T10:00:00Z"), "{:#}", lines[0]);
    assert_eq!(lines[0]["recurring"], true);

    let output = sandbox.command(&["meetings", "--days", "1"]).env("TZ", "UTC").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains("10:00-10:15  meeting") && lines[0].contains("Daily sync  (work.ics:3, recurring)"),
        "{text}"
    );
    assert!(lines[1].contains("15:00-16:00  declined    All hands"), "{text}");
}

#[test]
fn no_calendars_and_unreadable_calendars_say_so() {
    let sandbox = Sandbox::new("meetings-none");
    let output = sandbox.run(&["meetings"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no calendars configured"));

    fs::write(sandbox.config_file(), "[meetings]\ncalendars = [\"gone.ics\"]\n").unwrap();
    let output = sandbox.run(&["meetings"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("gone.ics"));
}

/// Issue 16, point 6: 300 events "every second since 1970" took the reader 10 s (per-rule
/// bounds only). The file now has one budget; the ordinary meeting after them is listed and
/// the cut is named with its place.
#[test]
fn runaway_rules_are_cut_per_file_and_the_rest_is_read() {
    let sandbox = Sandbox::new("meetings-runaway");
    let mut calendar = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for i in 0..300 {
        calendar.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:r{i}\r\nSUMMARY:Runaway\r\nDTSTART:19700101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n"
        ));
    }
    calendar.push_str("BEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Daily sync\r\nDTSTART:20200106T100000Z\r\nDURATION:PT15M\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    fs::write(sandbox.root.join("config/posture/runaway.ics"), calendar).unwrap();
    fs::write(sandbox.config_file(), "[meetings]\ncalendars = [\"runaway.ics\"]\n").unwrap();

    let output = sandbox.command(&["meetings", "--days", "1", "--json"]).env("TZ", "UTC").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("runaway.ics:") && stderr.contains("1000000 steps"), "{stderr}");
    let summaries: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["summary"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(summaries, ["Daily sync"]);
}
