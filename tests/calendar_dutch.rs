//! Problems in calendar files, on the real binary: `posture meetings` names each with its place
//! and says it in Dutch under LANG=nl_NL.UTF-8 and in English under LANG=C, word for word as
//! before the problems were typed.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::process::Output;

use sandbox::Sandbox;

/// A line that is no property, a stray `END:`, an unknown zone, a bad COUNT and a bad DURATION.
const WORK: &str = "BEGIN:VCALENDAR\nVERSION:2.0\nthis line is nonsense\n\
BEGIN:VEVENT\nUID:zone\nSUMMARY:Overleg\nDTSTART;TZID=Mars/Olympus:20200106T100000\nDURATION:PT30M\n\
RRULE:FREQ=DAILY;COUNT=-1\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:length\nDTSTART:20200106T140000Z\nDURATION:een uur\nEND:VEVENT\n\
END:VTODO\nEND:VCALENDAR\n";

/// Cut short inside an event: refused.
const HALF: &str = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:half\n";

/// Windows-1252 (`é` as one byte), and an event closed by `END:VCALENDAR`.
const WINDOWS: &[u8] =
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:w\nSUMMARY:R\xe9union\nDTSTART:20200106T090000Z\nEND:VCALENDAR\n";

/// The problem lines of `posture meetings`, each from the file name on (the sandbox's
/// directory differs per run).
fn problems(sandbox: &Sandbox, output: &Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let dir = format!("posture: {}/", sandbox.root.join("config/posture").display());
    stderr.lines().map(|line| line.strip_prefix(&dir).unwrap_or_else(|| panic!("{stderr}")).to_string()).collect()
}

#[test]
fn calendar_problems_are_said_in_dutch_and_in_english_as_before() {
    let sandbox = Sandbox::new("calendar-dutch");
    let dir = sandbox.root.join("config/posture");
    fs::write(dir.join("work.ics"), WORK).unwrap();
    fs::write(dir.join("half.ics"), HALF).unwrap();
    fs::write(dir.join("windows.ics"), WINDOWS).unwrap();
    let config = "[meetings]\ncalendars = [\"half.ics\", \"work.ics\", \"windows.ics\"]\n";
    fs::write(sandbox.config_file(), config).unwrap();
    let args = ["meetings", "--days", "1"];

    let dutch = sandbox.command(&args).env("LANG", "nl_NL.UTF-8").env("TZ", "UTC").output().unwrap();
    assert_eq!(dutch.status.code(), Some(1), "{}", String::from_utf8_lossy(&dutch.stderr));
    assert_eq!(
        problems(&sandbox, &dutch),
        [
            "half.ics:2:1: `BEGIN:VEVENT` wordt nergens gesloten",
            "work.ics:3:1: verwacht `NAAM:waarde`; de regel wordt overgeslagen",
            "work.ics:16:5: `END:VTODO` sluit het open `VCALENDAR` niet af; de regel wordt overgeslagen",
            "work.ics:7:27: onbekende tijdzone `Mars/Olympus`; de tijden worden als lokale tijd gelezen",
            "work.ics:9:7: `COUNT=-1` is geen geldig aantal keren; de herhaalregel geldt zonder COUNT",
            "work.ics:14:10: `een uur` is geen duur; de afspraak wordt overgeslagen",
            "windows.ics:4:10: geen UTF-8; het bestand wordt als Windows-1252 gelezen",
            "windows.ics:2:1: `BEGIN:VEVENT` wordt pas gesloten door `END:VCALENDAR` op regel 6",
        ]
    );

    let english = sandbox.command(&args).env("TZ", "UTC").output().unwrap();
    assert_eq!(english.status.code(), Some(1), "{}", String::from_utf8_lossy(&english.stderr));
    assert_eq!(
        problems(&sandbox, &english),
        [
            "half.ics:2:1: `BEGIN:VEVENT` is never closed",
            "work.ics:3:1: expected `NAME:value`; the line is left out",
            "work.ics:16:5: `END:VTODO` does not close the open `VCALENDAR`; the line is left out",
            "work.ics:7:27: unknown time zone `Mars/Olympus`; its times are read as local time",
            "work.ics:9:7: `COUNT=-1` is not a number of instances; the rule is followed without it",
            "work.ics:14:10: `een uur` is not a duration; the event is left out",
            "windows.ics:4:10: not UTF-8; the file is read as Windows-1252",
            "windows.ics:2:1: `BEGIN:VEVENT` is closed by `END:VCALENDAR` at line 6",
        ]
    );
}

#[test]
fn a_file_that_is_no_calendar_is_refused_in_dutch() {
    let sandbox = Sandbox::new("calendar-dutch-none");
    fs::write(sandbox.root.join("config/posture/notes.ics"), "hello\n").unwrap();
    fs::write(sandbox.config_file(), "[meetings]\ncalendars = [\"notes.ics\"]\n").unwrap();
    let dutch = sandbox.command(&["meetings"]).env("LANG", "nl_NL.UTF-8").output().unwrap();
    assert_eq!(dutch.status.code(), Some(1));
    assert_eq!(
        problems(&sandbox, &dutch),
        ["notes.ics:1:1: geen iCalendar-bestand (er staat geen `BEGIN:VCALENDAR` in)"]
    );
    let english = sandbox.run(&["meetings"]);
    assert_eq!(english.status.code(), Some(1));
    assert_eq!(problems(&sandbox, &english), ["notes.ics:1:1: not an iCalendar file (no `BEGIN:VCALENDAR`)"]);
}

/// The daemon logs a calendar's problems in the configured language: a file it cannot read,
/// and a note about one it can.
#[test]
fn the_daemon_logs_calendar_problems_in_dutch() {
    let sandbox = Sandbox::new("calendar-dutch-daemon");
    let dir = sandbox.root.join("config/posture");
    let start = (chrono::Utc::now() + chrono::Duration::hours(3)).format("%Y%m%dT%H%M%S");
    let zoned = format!(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:z\nDTSTART;TZID=Mars/Olympus:{start}\nDURATION:PT30M\nEND:VEVENT\nEND:VCALENDAR\n"
    );
    fs::write(dir.join("zoned.ics"), zoned).unwrap();
    fs::write(dir.join("half.ics"), HALF).unwrap();
    let config = "language = \"nl\"\n[meetings]\ncamera = false\nmicrophone = false\ndo_not_disturb = false\n\
                  calendars = [\"half.ics\", \"zoned.ics\"]\n";
    fs::write(sandbox.config_file(), config).unwrap();
    let daemon = sandbox.start();
    sandbox::wait_for("the calendars to be read", || sandbox.status()["next_meeting"].is_string());
    let log = daemon.stop();
    assert!(
        log.contains("half.ics:2:1: `BEGIN:VEVENT` wordt nergens gesloten; wat eerder gelezen was, blijft gelden"),
        "{log}"
    );
    assert!(log.contains("zoned.ics:4:27: onbekende tijdzone `Mars/Olympus`"), "{log}");
}
