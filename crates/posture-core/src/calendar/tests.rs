use super::*;
use chrono::{DateTime, FixedOffset};

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
            "BEGIN:VEVENT\nUID:x\nSUMMARY:Nowhere\nDTSTART;TZID=Mars/Olympus:20260302T090000\nDTEND;TZID=Mars/Olympus:20260302T100000\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:y\nSUMMARY:Fine\nDTSTART:20260302T090000Z\nDURATION:PT1H\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:z\nDTSTART:2026-03-02\nEND:VEVENT\n",
        ),
        "w.ics",
    )
    .unwrap();
    let problems: Vec<String> = calendar.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    // A zone nobody defines is read as local time (as other calendar programs read it), noted once.
    assert!(
        problems[0].starts_with("w.ics:6:27:")
            && problems[0].contains("`Mars/Olympus`; its times are read as local time"),
        "{problems:?}"
    );
    assert!(problems[1].starts_with("w.ics:17:9:") && problems[1].contains("not a date-time"), "{problems:?}");
    let kept = calendar.expand(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"), &[], &cet());
    let kept: Vec<(&str, String)> =
        kept.iter().map(|o| (o.summary.as_str(), o.start.to_utc().format("%H:%M").to_string())).collect();
    assert_eq!(kept, [("Nowhere", "08:00".to_string()), ("Fine", "09:00".to_string())]);
}

#[test]
fn durations() {
    let d = |days, seconds| Some(Length::Duration { days, seconds });
    assert_eq!(parse_duration("PT1H30M"), d(0, 5400));
    assert_eq!(parse_duration("P1DT2H"), d(1, 7200));
    assert_eq!(parse_duration("P2W"), d(14, 0));
    assert_eq!(parse_duration("-PT15M"), d(0, -900));
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

/// The start and end of each occurrence in UTC, for the tests of single causes below.
fn times(events: &str, from: &str, to: &str) -> Vec<(String, String)> {
    expand(events, from, to, &[]).into_iter().map(|(start, end, _, _)| (start, end)).collect()
}

fn span(start: &str, end: &str) -> (String, String) {
    (start.into(), end.into())
}

#[test]
fn zones_defined_only_by_the_files_vtimezone() {
    // Lotus Notes and custom TZIDs: daylight-saving rules, and a fixed offset.
    let text = "BEGIN:VTIMEZONE\nTZID:/Europe/CUSTOM\n\
                BEGIN:DAYLIGHT\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nDTSTART:19700329T020000\n\
                RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nEND:DAYLIGHT\n\
                BEGIN:STANDARD\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nDTSTART:19701025T030000\n\
                RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nEND:STANDARD\nEND:VTIMEZONE\n\
                BEGIN:VTIMEZONE\nTZID:India Time (Notes)\nBEGIN:STANDARD\nTZOFFSETFROM:+0530\n\
                TZOFFSETTO:+0530\nDTSTART:19500101T000000\nEND:STANDARD\nEND:VTIMEZONE\n\
                BEGIN:VEVENT\nUID:c\nDTSTART;TZID=/Europe/CUSTOM:20260326T100000\n\
                DTEND;TZID=/Europe/CUSTOM:20260326T110000\nRRULE:FREQ=WEEKLY;COUNT=2\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:i\nDTSTART;TZID=India Time (Notes):20260327T100000\nDURATION:PT1H\nEND:VEVENT\n";
    assert_eq!(
        times(text, "2026-03-20T00:00:00Z", "2026-04-10T00:00:00Z"),
        [
            span("2026-03-26T09:00Z", "2026-03-26T10:00Z"),
            span("2026-03-27T04:30Z", "2026-03-27T05:30Z"),
            span("2026-04-02T08:00Z", "2026-04-02T09:00Z"),
        ]
    );
}

#[test]
fn same_uid_keeps_the_highest_sequence() {
    let text = "BEGIN:VEVENT\nUID:u\nSEQUENCE:2\nDTSTART:20260302T100000Z\nDURATION:PT1H\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:u\nSEQUENCE:1\nDTSTART:20260302T090000Z\nDURATION:PT1H\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:u\nSEQUENCE:3\nDTSTART:20260302T140000Z\nDURATION:PT1H\nEND:VEVENT\n";
    assert_eq!(
        times(text, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"),
        [span("2026-03-02T14:00Z", "2026-03-02T15:00Z")]
    );
}

#[test]
fn rdate_periods_every_rrule_and_empty_rdates() {
    let text = "BEGIN:VEVENT\nUID:p\nDTSTART:20260302T090000Z\nDTEND:20260302T100000Z\n\
                RDATE;VALUE=PERIOD:20260303T120000Z/20260303T123000Z,20260304T150000Z/PT2H\n\
                RDATE:\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\nRRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=1\nEND:VEVENT\n";
    assert_eq!(
        times(text, "2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z"),
        [
            span("2026-03-02T09:00Z", "2026-03-02T10:00Z"),
            span("2026-03-03T12:00Z", "2026-03-03T12:30Z"),
            span("2026-03-04T15:00Z", "2026-03-04T17:00Z"),
            span("2026-03-06T09:00Z", "2026-03-06T10:00Z"),
            span("2026-03-09T09:00Z", "2026-03-09T10:00Z"),
        ]
    );
}

#[test]
fn this_and_future_changes_move_the_rest_of_the_series() {
    let text = "BEGIN:VEVENT\nUID:r\nSUMMARY:Sync\nDTSTART:20260302T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=4\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:r\nSUMMARY:Sync (later)\nRECURRENCE-ID;RANGE=THISANDFUTURE:20260303T090000Z\n\
                DTSTART:20260303T110000Z\nDURATION:PT30M\nEND:VEVENT\n";
    let got = expand(text, "2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z", &[]);
    let got: Vec<(&str, &str)> = got.iter().map(|r| (r.0.as_str(), r.2.as_str())).collect();
    assert_eq!(
        got,
        [
            ("2026-03-02T09:00Z", "Sync"),
            ("2026-03-03T11:00Z", "Sync (later)"),
            ("2026-03-04T11:00Z", "Sync (later)"),
            ("2026-03-05T11:00Z", "Sync (later)"),
        ]
    );
}

#[test]
fn exdates_and_recurrence_ids_of_another_type_or_zone() {
    // A date EXDATE removes that day's instance of a timed series; a RECURRENCE-ID in London
    // time names the Amsterdam instance at the same instant, and a date one that day's.
    let text = "BEGIN:VEVENT\nUID:x\nSUMMARY:Stand-up\nDTSTART;TZID=Europe/Amsterdam:20260302T093000\n\
                DURATION:PT15M\nRRULE:FREQ=DAILY;COUNT=5\nEXDATE;VALUE=DATE:20260303\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:x\nSUMMARY:Moved\nRECURRENCE-ID;TZID=Europe/London:20260304T083000\n\
                DTSTART;TZID=Europe/Amsterdam:20260304T110000\nDURATION:PT15M\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:x\nSUMMARY:Moved too\nRECURRENCE-ID;VALUE=DATE:20260305\n\
                DTSTART;TZID=Europe/Amsterdam:20260305T120000\nDURATION:PT15M\nEND:VEVENT\n";
    let got = expand(text, "2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z", &[]);
    let got: Vec<(&str, &str)> = got.iter().map(|r| (r.0.as_str(), r.2.as_str())).collect();
    assert_eq!(
        got,
        [
            ("2026-03-02T08:30Z", "Stand-up"),
            ("2026-03-04T10:00Z", "Moved"),
            ("2026-03-05T11:00Z", "Moved too"),
            ("2026-03-06T08:30Z", "Stand-up"),
        ]
    );
}

#[test]
fn a_tzid_wins_over_a_trailing_z_and_x_wr_timezone_places_floating_times() {
    let text = "BEGIN:VEVENT\nUID:z\nDTSTART;TZID=Europe/Amsterdam:20260302T100000Z\nDURATION:PT1H\nEND:VEVENT\n";
    assert_eq!(
        times(text, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"),
        [span("2026-03-02T09:00Z", "2026-03-02T10:00Z")]
    );
    let calendar = Calendar::parse(
        "BEGIN:VCALENDAR\nX-WR-TIMEZONE:America/New_York\nBEGIN:VEVENT\nUID:f\nDTSTART:20260302T090000\n\
         DTEND:20260302T100000\nEND:VEVENT\nEND:VCALENDAR\n",
        "t.ics",
    )
    .unwrap();
    let got = calendar.expand(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"), &[], &cet());
    assert_eq!(got[0].start, t("2026-03-02T14:00:00Z"));
}

#[test]
fn until_and_count_as_real_files_write_them() {
    let text = "BEGIN:VEVENT\nUID:g\nSUMMARY:All-day\nDTSTART;VALUE=DATE:20260302\nDTEND;VALUE=DATE:20260303\n\
                RRULE:FREQ=DAILY;UNTIL=20260303T235959Z\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:d\nSUMMARY:Deleted\nDTSTART:20260302T090000Z\nDURATION:PT1H\n\
                RRULE:FREQ=DAILY;UNTIL=20260301T000000Z\nEND:VEVENT\n";
    // In UTC+1 the all-day series ends on the 3rd, as Google means it; Confluence's deleted
    // series (UNTIL before DTSTART) has no instances at all.
    assert_eq!(
        times(text, "2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z"),
        [span("2026-03-01T23:00Z", "2026-03-02T23:00Z"), span("2026-03-02T23:00Z", "2026-03-03T23:00Z")]
    );
    let calendar = Calendar::parse(
        &wrap(
            "BEGIN:VEVENT\nUID:c\nSUMMARY:Count\nDTSTART:20260302T090000Z\nDURATION:PT1H\n\
             RRULE:FREQ=DAILY;UNTIL=20260303T090000Z;COUNT=-1\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:u\nSUMMARY:Bad until\nDTSTART:20260302T090000Z\nDURATION:PT1H\n\
             RRULE:FREQ=DAILY;UNTIL=123456T123456\nEND:VEVENT\n",
        ),
        "t.ics",
    )
    .unwrap();
    let problems: Vec<String> = calendar.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("t.ics:8:7: ") && problems[0].contains("COUNT=-1"), "{problems:?}");
    assert!(problems[1].starts_with("t.ics:15:7: ") && problems[1].contains("left out"), "{problems:?}");
    let got = calendar.expand(t("2026-03-01T00:00:00Z"), t("2026-03-10T00:00:00Z"), &[], &cet());
    assert_eq!(got.iter().map(|o| o.summary.as_str()).collect::<Vec<_>>(), ["Count", "Count"]);
}

#[test]
fn daylight_saving_gaps_and_nominal_days() {
    // 02:30 does not exist on 29 March in Amsterdam: it is read with the winter offset (03:30
    // summer time, which is also where its 03:30 end is, as the reference reads it), and the
    // series keeps 02:30 on the following days. P1D ends at the same clock time the next day,
    // 25 hours later across the change in October.
    let text = "BEGIN:VEVENT\nUID:gap\nDTSTART;TZID=Europe/Amsterdam:20260329T023000\n\
                DTEND;TZID=Europe/Amsterdam:20260329T033000\nRRULE:FREQ=DAILY;COUNT=2\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:day\nDTSTART;TZID=Europe/Amsterdam:20261024T090000\nDURATION:P1D\nEND:VEVENT\n";
    assert_eq!(
        times(text, "2026-03-28T00:00:00Z", "2026-10-30T00:00:00Z"),
        [
            span("2026-03-29T01:30Z", "2026-03-29T01:30Z"),
            span("2026-03-30T00:30Z", "2026-03-30T01:30Z"),
            span("2026-10-24T07:00Z", "2026-10-25T08:00Z"),
        ]
    );
}

#[test]
fn changes_left_over_from_before_the_series_was_edited_are_dropped() {
    // The organiser moved the 9th and the 16th, then (SEQUENCE 2) excluded the 9th and ended the
    // series on the 12th: neither change has an instance left. A change as new as the series
    // stays.
    let text = "BEGIN:VEVENT\nUID:e\nSUMMARY:Series\nSEQUENCE:2\nDTSTART:20260302T090000Z\nDURATION:PT1H\n\
                RRULE:FREQ=WEEKLY;UNTIL=20260312T000000Z\nEXDATE:20260309T090000Z\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:e\nSUMMARY:Old move\nSEQUENCE:1\nRECURRENCE-ID:20260309T090000Z\n\
                DTSTART:20260310T090000Z\nDURATION:PT1H\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:e\nSUMMARY:Old move too\nSEQUENCE:1\nRECURRENCE-ID:20260316T090000Z\n\
                DTSTART:20260317T090000Z\nDURATION:PT1H\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:e\nSUMMARY:Moved\nSEQUENCE:2\nRECURRENCE-ID:20260302T090000Z\n\
                DTSTART:20260303T090000Z\nDURATION:PT1H\nEND:VEVENT\n";
    let got = expand(text, "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z", &[]);
    assert_eq!(got.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(), ["Moved"]);
}

#[test]
fn mixed_floating_and_zoned_times_and_an_end_before_the_start() {
    let text = "BEGIN:VEVENT\nUID:m\nDTSTART:20260302T120000\nDTEND;TZID=America/New_York:20260302T130000\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:s\nDTSTART:20260303T093000Z\nDTEND:20260303T090000Z\nEND:VEVENT\n";
    assert_eq!(
        times(text, "2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z"),
        [span("2026-03-02T17:00Z", "2026-03-02T18:00Z"), span("2026-03-03T09:00Z", "2026-03-03T09:30Z")]
    );
}

/// Found by the fuzzer: a non-ASCII `mailto` prefix and a non-ASCII rule panicked.
#[test]
fn non_ascii_where_ascii_is_expected_does_not_panic() {
    for text in [
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260302T090000Z\r\nORGANIZER:mailtoé\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260302T090000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=€\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ] {
        let calendar = Calendar::parse(text, "fuzz.ics").unwrap();
        calendar.expand(t("2026-03-01T00:00:00Z"), t("2026-03-15T00:00:00Z"), &["me@example.com".to_string()], &cet());
    }
}

#[test]
fn runaway_rules_share_one_budget_per_file_and_ordinary_series_come_first() {
    // Thirty rules "every second since 1970" would walk 100,000 steps each; the file gets
    // MAX_FILE_STEPS in all. The weekly meeting and the daily stand-up written after them are
    // still read, because cheap series are walked first.
    let runaway: String = (0..30)
        .map(|i| format!("BEGIN:VEVENT\nUID:r{i}\nSUMMARY:Runaway\nDTSTART:19700101T000000Z\nDURATION:PT1S\nRRULE:FREQ=SECONDLY\nEND:VEVENT\n"))
        .collect();
    let ordinary = "BEGIN:VEVENT\nUID:w\nSUMMARY:Weekly\nDTSTART:20200302T090000Z\nDTEND:20200302T093000Z\nRRULE:FREQ=WEEKLY\nEND:VEVENT\n\
                    BEGIN:VEVENT\nUID:d\nSUMMARY:Stand-up\nDTSTART:20160101T083000Z\nDTEND:20160101T084500Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n";
    let calendar = Calendar::parse(&wrap(&format!("{runaway}{ordinary}")), "t.ics").unwrap();
    let expansion = calendar.expand_bounded(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"), &[], &cet());
    let summaries: Vec<&str> = expansion.occurrences.iter().map(|o| o.summary.as_str()).collect();
    assert_eq!(summaries, ["Stand-up", "Weekly"]);
    assert_eq!(expansion.cuts.len(), 1, "{:?}", expansion.cuts);
    let cut = &expansion.cuts[0];
    assert!(cut.to_string().contains("1000000 steps"), "{cut}");
    // Cut at one of the runaway events (each is 7 lines long, after the 2-line header).
    assert_eq!((cut.line - 3) % 7, 0, "{cut}");
    assert!(cut.line < 3 + 30 * 7, "{cut}");
}

#[test]
fn a_file_within_its_budget_is_not_cut() {
    let calendar = Calendar::parse(
        &wrap("BEGIN:VEVENT\nUID:d\nSUMMARY:Stand-up\nDTSTART:20160101T083000Z\nDTEND:20160101T084500Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n"),
        "t.ics",
    )
    .unwrap();
    let expansion = calendar.expand_bounded(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"), &[], &cet());
    assert_eq!(expansion.occurrences.len(), 1);
    assert!(expansion.cuts.is_empty());
}
