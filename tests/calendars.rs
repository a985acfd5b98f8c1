//! Calendar files as Google Calendar, Outlook and Nextcloud export them, expanded over a week:
//! recurrence with exceptions, moved and cancelled instances, time zones (IANA and Windows
//! names), and what is not a meeting.

use chrono::{DateTime, FixedOffset};
use posture::core::calendar::{Calendar, Verdict};
use posture::core::time::{Time, Zone};

fn t(s: &str) -> Time {
    Time::from_chrono(&DateTime::parse_from_rfc3339(s).unwrap())
}

/// The fixture expanded over `[from, to)` as (local start, local end, summary, verdict), local
/// being UTC+1 (Amsterdam in winter), the floating zone as well.
fn expand(file: &str, from: &str, to: &str) -> Vec<(String, String, String, Verdict)> {
    let path = format!("{}/tests/fixtures/calendars/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let calendar = Calendar::parse(&text, file).unwrap();
    assert!(calendar.problems.is_empty(), "{:?}", calendar.problems);
    let offset = FixedOffset::east_opt(3600).unwrap();
    let me = vec!["me@example.com".to_string()];
    let local = |x: Time| x.to_utc().with_timezone(&offset).format("%a %d %H:%M").to_string();
    calendar
        .expand(t(from), t(to), &me, &Zone::Fixed(offset))
        .into_iter()
        .map(|o| (local(o.start), local(o.end), o.summary, o.verdict))
        .collect()
}

fn week(file: &str) -> Vec<(String, String, String, Verdict)> {
    expand(file, "2026-03-02T00:00:00+01:00", "2026-03-10T00:00:00+01:00")
}

/// (local start, local end, summary, verdict).
type Row = (String, String, String, Verdict);

fn row(start: &str, end: &str, summary: &str, verdict: Verdict) -> (String, String, String, Verdict) {
    (start.into(), end.into(), summary.into(), verdict)
}

#[test]
fn google_calendar_export() {
    assert_eq!(
        week("google.ics"),
        vec![
            // The Monday instance was cancelled (an override with STATUS:CANCELLED), Wednesday's
            // removed by EXDATE, Friday's moved to the afternoon.
            row("Mon 02 09:30", "Mon 02 09:45", "Stand-up", Verdict::Cancelled),
            row("Mon 02 12:00", "Mon 02 13:00", "Lunch", Verdict::Free),
            row("Tue 03 14:00", "Tue 03 15:30", "Client review", Verdict::Meeting),
            row("Thu 05 00:00", "Fri 06 00:00", "Team offsite (travel)", Verdict::AllDay),
            row("Thu 05 16:00", "Thu 05 17:00", "Optional town hall", Verdict::Declined),
            row("Fri 06 14:00", "Fri 06 14:30", "Stand-up (moved to the afternoon)", Verdict::Meeting),
            row("Mon 09 09:30", "Mon 09 09:45", "Stand-up", Verdict::Meeting),
        ]
    );
}

#[test]
fn outlook_export_with_windows_time_zones() {
    assert_eq!(
        week("outlook.ics"),
        vec![
            // Monday's planning was moved half an hour; the next Monday is an EXDATE.
            row("Mon 02 10:30", "Mon 02 11:30", "Weekplanning (half uur later)", Verdict::Meeting),
            // 08:00 Pacific Standard Time (UTC-8 until 8 March).
            row("Tue 03 17:00", "Tue 03 18:00", "Roadmap review (Seattle)", Verdict::Meeting),
            row("Wed 04 16:00", "Wed 04 17:00", "Tandarts", Verdict::Meeting),
            row("Thu 05 09:00", "Thu 05 10:00", "Focus time", Verdict::Free),
            row("Fri 06 00:00", "Sat 07 00:00", "Koningsdag-vrij (test)", Verdict::AllDay),
        ]
    );
}

#[test]
fn outlook_series_follows_daylight_saving_and_ends_at_until() {
    // W. Europe Standard Time switches to summer time on 29 March: the 10:00 meeting is then
    // 09:00 in UTC+1. UNTIL (30 March 09:00Z) keeps the 30 March instance and ends the series.
    assert_eq!(
        expand("outlook.ics", "2026-03-20T00:00:00+01:00", "2026-04-20T00:00:00+01:00"),
        vec![
            row("Mon 23 10:00", "Mon 23 11:00", "Weekplanning", Verdict::Meeting),
            row("Mon 30 09:00", "Mon 30 10:00", "Weekplanning", Verdict::Meeting),
        ]
    );
}

#[test]
fn nextcloud_export() {
    assert_eq!(
        week("nextcloud.ics"),
        vec![
            row("Mon 02 16:30", "Mon 02 17:00", "Borrel (gaat niet door)", Verdict::Cancelled),
            // Tuesday's and Thursday's meetings are EXDATEs (two in one line); the RDATE adds
            // Friday morning; the next Tuesday's instance moved to Monday morning.
            row("Wed 04 13:00", "Wed 04 14:00", "Demo voor de afdeling", Verdict::Meeting),
            row("Fri 06 00:00", "Sat 07 00:00", "Thuiswerkdag", Verdict::AllDay),
            row("Fri 06 11:00", "Fri 06 12:00", "Overleg projectgroep", Verdict::Meeting),
            row("Mon 09 08:30", "Mon 09 09:15", "Overleg projectgroep (naar maandag)", Verdict::Meeting),
        ]
    );
}

#[test]
fn nextcloud_series_count_ends_it() {
    // COUNT=20 on Tuesdays and Thursdays from 3 February: the last is Thursday 9 April, 15:00
    // summer time (14:00 in UTC+1).
    let rows = expand("nextcloud.ics", "2026-04-01T00:00:00+01:00", "2026-05-01T00:00:00+01:00");
    let last = rows.iter().rfind(|r| r.2 == "Overleg projectgroep").unwrap();
    assert_eq!(last.0, "Thu 09 14:00");
    assert!(rows.iter().all(|r| !r.0.starts_with("Tue 14")), "{rows:?}");
}

/// A fixture read the way the daemon reads it (bytes, then decoded), over the first week.
fn read_week(file: &str) -> (Vec<Row>, Vec<String>) {
    let path = format!("{}/tests/fixtures/calendars/{file}", env!("CARGO_MANIFEST_DIR"));
    let calendar = posture::load::calendars::read(std::path::Path::new(&path)).unwrap();
    let offset = FixedOffset::east_opt(3600).unwrap();
    let local = |x: Time| x.to_utc().with_timezone(&offset).format("%a %d %H:%M").to_string();
    let rows = calendar
        .expand(t("2026-03-02T00:00:00+01:00"), t("2026-03-09T00:00:00+01:00"), &[], &Zone::Fixed(offset))
        .into_iter()
        .map(|o| (local(o.start), local(o.end), o.summary, o.verdict))
        .collect();
    let problems = calendar.problems.iter().map(|p| p.to_string().replace(&path, file)).collect();
    (rows, problems)
}

#[test]
fn windows_1252_file_with_lines_posture_cannot_read() {
    let (rows, problems) = read_week("windows-1252.ics");
    assert_eq!(rows, vec![row("Tue 03 10:00", "Tue 03 11:00", "Réunion budgétaire – “Q2”", Verdict::Meeting)]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("windows-1252.ics:8:10: ") && problems[0].contains("Windows-1252"), "{problems:?}");
    assert!(problems[1].starts_with("windows-1252.ics:9:1: ") && problems[1].contains("left out"), "{problems:?}");
}

#[test]
fn folds_inside_utf8_characters() {
    let (rows, problems) = read_week("utf8-folds.ics");
    assert_eq!(
        rows,
        vec![row("Wed 04 14:00", "Wed 04 14:30", "Overleg met de afdeling financiën – koffie", Verdict::Meeting)]
    );
    assert!(problems.is_empty(), "{problems:?}");
}
