use super::*;
use chrono::FixedOffset;

fn t(s: &str) -> Time {
    Time::from_chrono(&DateTime::parse_from_rfc3339(s).unwrap())
}

fn cet() -> Zone {
    Zone::Fixed(FixedOffset::east_opt(3600).unwrap())
}

fn wrap(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}END:VCALENDAR\r\n", events.replace('\n', "\r\n"))
}

/// (start, end, summary, verdict) in UTC RFC 3339, for compact assertions.
fn expand(events: &str, from: &str, to: &str, me: &[&str]) -> Vec<(String, String, String, Verdict)> {
    let calendar = Calendar::parse(&wrap(events), "t.ics").unwrap();
    assert!(calendar.problems.is_empty(), "{:?}", calendar.problems);
    let me: Vec<String> = me.iter().map(|s| s.to_string()).collect();
    calendar
        .expand(t(from), t(to), &me, &cet())
        .into_iter()
        .map(|o| {
            let f = |x: Time| x.to_utc().format("%Y-%m-%dT%H:%MZ").to_string();
            (f(o.start), f(o.end), o.summary, o.verdict)
        })
        .collect()
}

fn row(start: &str, end: &str, summary: &str, verdict: Verdict) -> (String, String, String, Verdict) {
    (start.into(), end.into(), summary.into(), verdict)
}

#[test]
fn single_events_in_utc_zoned_and_floating_time() {
    let got = expand(
        "BEGIN:VEVENT\nUID:a\nSUMMARY:UTC\nDTSTART:20260302T090000Z\nDTEND:20260302T093000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:b\nSUMMARY:Zoned\nDTSTART;TZID=America/New_York:20260302T080000\nDURATION:PT1H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:c\nSUMMARY:Floating\nDTSTART:20260302T140000\nDTEND:20260302T143000\nEND:VEVENT\n",
        "2026-03-02T00:00:00Z",
        "2026-03-03T00:00:00Z",
        &[],
    );
    assert_eq!(
        got,
        vec![
            row("2026-03-02T09:00Z", "2026-03-02T09:30Z", "UTC", Verdict::Meeting),
            // Floating time is the caller's zone (UTC+1 here).
            row("2026-03-02T13:00Z", "2026-03-02T13:30Z", "Floating", Verdict::Meeting),
            row("2026-03-02T13:00Z", "2026-03-02T14:00Z", "Zoned", Verdict::Meeting),
        ]
    );
}

#[test]
fn weekly_rule_keeps_local_time_across_daylight_saving() {
    // Europe/Amsterdam moves to summer time on 2026-03-29.
    let got = expand(
        "BEGIN:VEVENT\nUID:w\nSUMMARY:Standup\nDTSTART;TZID=Europe/Amsterdam:20260323T093000\n\
         DTEND;TZID=Europe/Amsterdam:20260323T094500\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3\nEND:VEVENT\n",
        "2026-03-01T00:00:00Z",
        "2026-05-01T00:00:00Z",
        &[],
    );
    assert_eq!(
        got,
        vec![
            row("2026-03-23T08:30Z", "2026-03-23T08:45Z", "Standup", Verdict::Meeting),
            row("2026-03-30T07:30Z", "2026-03-30T07:45Z", "Standup", Verdict::Meeting),
            row("2026-04-06T07:30Z", "2026-04-06T07:45Z", "Standup", Verdict::Meeting),
        ]
    );
}

#[test]
fn exdate_rdate_until_and_moved_instances() {
    let got = expand(
        "BEGIN:VEVENT\nUID:s\nSUMMARY:Sync\nDTSTART;TZID=Europe/Amsterdam:20260302T100000\nDURATION:PT30M\n\
         RRULE:FREQ=DAILY;UNTIL=20260306T090000Z\nEXDATE;TZID=Europe/Amsterdam:20260303T100000\n\
         RDATE;TZID=Europe/Amsterdam:20260307T120000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:s\nRECURRENCE-ID;TZID=Europe/Amsterdam:20260304T100000\nSUMMARY:Sync (moved)\n\
         DTSTART;TZID=Europe/Amsterdam:20260304T150000\nDTEND;TZID=Europe/Amsterdam:20260304T153000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:s\nRECURRENCE-ID;TZID=Europe/Amsterdam:20260305T100000\nSUMMARY:Sync\nSTATUS:CANCELLED\n\
         DTSTART;TZID=Europe/Amsterdam:20260305T100000\nDURATION:PT30M\nEND:VEVENT\n",
        "2026-03-01T00:00:00Z",
        "2026-03-10T00:00:00Z",
        &[],
    );
    assert_eq!(
        got,
        vec![
            row("2026-03-02T09:00Z", "2026-03-02T09:30Z", "Sync", Verdict::Meeting),
            row("2026-03-04T14:00Z", "2026-03-04T14:30Z", "Sync (moved)", Verdict::Meeting),
            row("2026-03-05T09:00Z", "2026-03-05T09:30Z", "Sync", Verdict::Cancelled),
            // UNTIL is inclusive: the instance at exactly 09:00Z on the 6th is the last.
            row("2026-03-06T09:00Z", "2026-03-06T09:30Z", "Sync", Verdict::Meeting),
            row("2026-03-07T11:00Z", "2026-03-07T11:30Z", "Sync", Verdict::Meeting),
        ]
    );
}

#[test]
fn what_is_not_a_meeting() {
    let got = expand(
        "BEGIN:VEVENT\nUID:1\nSUMMARY:Holiday\nDTSTART;VALUE=DATE:20260302\nDTEND;VALUE=DATE:20260303\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:2\nSUMMARY:Focus\nDTSTART:20260302T080000Z\nDTEND:20260302T090000Z\nTRANSP:TRANSPARENT\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:3\nSUMMARY:Off\nDTSTART:20260302T100000Z\nDTEND:20260302T110000Z\nSTATUS:CANCELLED\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:4\nSUMMARY:Nope\nDTSTART:20260302T120000Z\nDTEND:20260302T130000Z\n\
         ORGANIZER;CN=Boss:mailto:boss@example.com\nATTENDEE;PARTSTAT=DECLINED;CN=Me:mailto:Me@Example.com\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:5\nSUMMARY:Mine\nDTSTART:20260302T140000Z\nDTEND:20260302T150000Z\n\
         ORGANIZER:mailto:me@example.com\nATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:6\nSUMMARY:Reminder\nDTSTART:20260302T160000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:7\nSUMMARY:Others declined\nDTSTART:20260302T170000Z\nDTEND:20260302T173000Z\n\
         ATTENDEE;PARTSTAT=DECLINED:mailto:other@example.com\nEND:VEVENT\n",
        "2026-03-02T00:00:00Z",
        "2026-03-03T00:00:00Z",
        &["me@example.com"],
    );
    let verdicts: Vec<(&str, Verdict)> = got.iter().map(|r| (r.2.as_str(), r.3)).collect();
    assert_eq!(
        verdicts,
        vec![
            ("Holiday", Verdict::AllDay),
            ("Focus", Verdict::Free),
            ("Off", Verdict::Cancelled),
            ("Nope", Verdict::Declined),
            ("Mine", Verdict::Meeting),
            ("Reminder", Verdict::NoDuration),
            ("Others declined", Verdict::Meeting),
        ]
    );
}

#[test]
fn long_running_series_and_window_edges() {
    // Started years ago; only the instances overlapping the window come out, including one
    // that started before the window and is still running.
    let got = expand(
        "BEGIN:VEVENT\nUID:old\nSUMMARY:Daily\nDTSTART:20180101T083000Z\nDTEND:20180101T100000Z\n\
         RRULE:FREQ=DAILY\nEND:VEVENT\n",
        "2026-03-02T09:00:00Z",
        "2026-03-03T09:00:00Z",
        &[],
    );
    assert_eq!(
        got,
        vec![
            row("2026-03-02T08:30Z", "2026-03-02T10:00Z", "Daily", Verdict::Meeting),
            row("2026-03-03T08:30Z", "2026-03-03T10:00Z", "Daily", Verdict::Meeting),
        ]
    );
}

#[test]
fn broken_events_are_located_and_left_out() {
    let calendar = Calendar::parse(
        &wrap(
            "BEGIN:VEVENT\nUID:x\nDTSTART;TZID=Mars/Olympus:20260302T090000\nDTEND:20260302T100000Z\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:y\nSUMMARY:Fine\nDTSTART:20260302T090000Z\nDURATION:PT1H\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:z\nDTSTART:2026-03-02\nEND:VEVENT\n",
        ),
        "w.ics",
    )
    .unwrap();
    let problems: Vec<String> = calendar.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("w.ics:5:27:") && problems[0].contains("Mars/Olympus"), "{problems:?}");
    assert!(problems[1].starts_with("w.ics:16:9:") && problems[1].contains("not a date-time"), "{problems:?}");
    let kept = calendar.expand(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"), &[], &cet());
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].summary, "Fine");
}

#[test]
fn durations() {
    assert_eq!(parse_duration("PT1H30M"), Some(chrono::Duration::minutes(90)));
    assert_eq!(parse_duration("P1DT2H"), Some(chrono::Duration::hours(26)));
    assert_eq!(parse_duration("P2W"), Some(chrono::Duration::days(14)));
    assert_eq!(parse_duration("-PT15M"), Some(chrono::Duration::minutes(-15)));
    assert_eq!(parse_duration("PT"), None);
    assert_eq!(parse_duration("1H"), None);
    assert_eq!(parse_duration("PT5"), None);
}

#[test]
fn absurd_rules_are_cut_off_by_the_step_bound() {
    let calendar = Calendar::parse(
        &wrap(
            "BEGIN:VEVENT\nUID:s\nSUMMARY:Every second\nDTSTART:20000101T000000Z\nDURATION:PT1S\n\
             RRULE:FREQ=SECONDLY\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:m\nSUMMARY:Every minute today\nDTSTART:20260302T080000Z\nDURATION:PT1M\n\
             RRULE:FREQ=MINUTELY\nEND:VEVENT\n",
        ),
        "t.ics",
    )
    .unwrap();
    let got = calendar.expand(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"), &[], &cet());
    // The every-second rule would need years of steps to reach the window: left out.
    assert!(got.iter().all(|o| o.summary == "Every minute today"));
    // The every-minute one from this morning: 16 hours of it, 960 instances.
    assert_eq!(got.len(), 960);
}

#[test]
fn absurd_durations_leave_the_event_out_without_a_panic() {
    let calendar = Calendar::parse(
        &wrap(
            "BEGIN:VEVENT\nUID:a\nSUMMARY:Forever\nDTSTART:20260302T080000Z\nDURATION:PT9300000000000000S\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:b\nSUMMARY:Daily forever\nDTSTART:20260302T080000Z\nDURATION:P9999999999D\n\
             RRULE:FREQ=DAILY\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:c\nSUMMARY:Standup\nDTSTART:20260302T090000Z\nDURATION:PT15M\nEND:VEVENT\n",
        ),
        "t.ics",
    )
    .unwrap();
    assert_eq!(calendar.problems.len(), 2, "{:?}", calendar.problems);
    assert!(calendar.problems.iter().all(|p| p.to_string().contains("is not a duration")), "{:?}", calendar.problems);
    let got = calendar.expand(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"), &[], &cet());
    assert_eq!(got.iter().map(|o| o.summary.as_str()).collect::<Vec<_>>(), ["Standup"]);
}
