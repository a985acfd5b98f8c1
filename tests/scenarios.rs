//! Scenario tests: each replays a (part of a) day through `posture::simulate` and compares what
//! posture did against the expected events, one rule of the break engine per test.
//!
//! Traces are written compactly (`"09:00 active"`, `"10:00 command snooze 30m"`) and turned into
//! real JSON Lines, so the trace parser is exercised too. The day is Monday 2026-03-02, +01:00.
//! Output is compared as `HH:MM:SS event field=value…` lines, leaving out tip ids and texts
//! (the catalogue may grow) but keeping everything else.

#[path = "support/replay.rs"]
mod replay;

use replay::{DEFAULTS, check, replay_with_calendar};

#[test]
fn micro_break_comes_due_repeats_and_is_taken_when_input_stops() {
    check(
        DEFAULTS,
        "09:00 active
         09:32 none
         09:40 active",
        &[
            "09:25:00 break_due kind=micro",
            "09:30:00 break_due kind=micro repeat=1",
            "09:32:30 break_taken kind=micro natural=false",
            // Still away after 5 minutes: that is a rest break too, on the user's own initiative.
            "09:37:00 break_taken kind=rest natural=true",
            "09:40:00 day date=2026-03-02 sitting_seconds=1920 reminders=2 taken=1 natural=1 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn rest_wins_over_micro_and_taking_it_restarts_both() {
    check(
        "[micro]\nevery = \"30m\"\n[rest]\nevery = \"31m\"\n[reminders]\nrepeat_after = \"10m\"",
        "09:00 active
         09:31 none
         09:40 active
         10:20 none",
        &[
            "09:30:00 break_due kind=micro",
            // The rest comes due a minute later and replaces the micro reminder.
            "09:30:30 break_soon kind=rest due_in_seconds=30",
            "09:31:00 break_withdrawn kind=micro reason=superseded",
            "09:31:00 break_due kind=rest",
            // Away since 09:31: a micro break by 09:34, the rest break it was asked for by 09:36.
            "09:34:00 break_taken kind=micro natural=true",
            "09:36:00 break_taken kind=rest natural=false",
            // Both clocks restarted and count again from 09:40, when the user came back.
            "10:10:00 break_due kind=micro",
            "10:10:30 break_soon kind=rest due_in_seconds=30",
            "10:11:00 break_withdrawn kind=micro reason=superseded",
            "10:11:00 break_due kind=rest",
            "10:20:00 day date=2026-03-02 sitting_seconds=4260 reminders=4 taken=1 natural=1 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn a_short_input_gap_is_still_sitting() {
    check(
        DEFAULTS,
        "09:00 active
         09:10 none
         09:12:59 active
         09:26 none
         09:30 active",
        &[
            // The 2m59s of reading counted: micro is due 25 min after 09:00, not after 09:03.
            "09:25:00 break_due kind=micro",
            "09:26:30 break_taken kind=micro natural=false",
            "09:30:00 day date=2026-03-02 sitting_seconds=1560 reminders=1 taken=1 natural=0 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn a_long_gap_is_away_for_its_whole_length_and_restarts_micro() {
    check(
        DEFAULTS,
        "09:00 active
         09:10 none
         09:14 active
         10:00 none",
        &[
            // Away from 09:10 (not 09:13): the micro clock restarts, the rest clock does not.
            "09:13:00 break_taken kind=micro natural=true",
            "09:39:00 break_due kind=micro",
            // Typing on: the reminder repeats every 5 minutes.
            "09:44:00 break_due kind=micro repeat=1",
            "09:49:00 break_due kind=micro repeat=2",
            "09:54:00 break_due kind=micro repeat=3",
            // Rest: 10 min before the gap + 45 min after it.
            "09:58:30 break_soon kind=rest due_in_seconds=30",
            "09:59:00 break_withdrawn kind=micro reason=superseded",
            "09:59:00 break_due kind=rest",
            "10:00:00 day date=2026-03-02 sitting_seconds=3360 reminders=5 taken=0 natural=1 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn a_seven_minute_walk_restarts_both_clocks_and_no_reminder_follows() {
    check(
        DEFAULTS,
        "09:00 active
         09:20 none
         09:27 active
         09:50 none",
        &[
            "09:23:00 break_taken kind=micro natural=true",
            "09:25:00 break_taken kind=rest natural=true",
            "09:50:00 day date=2026-03-02 sitting_seconds=2580 reminders=0 taken=0 natural=2 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn a_one_minute_lock_restarts_only_micro() {
    check(
        DEFAULTS,
        "09:00 active
         09:20 lock
         09:21 unlock
         09:56 none",
        &[
            "09:20:30 break_taken kind=micro natural=true",
            "09:46:00 break_due kind=micro",
            "09:51:00 break_due kind=micro repeat=1",
            // The rest clock kept its 20 minutes: due 35 min after the unlock.
            "09:55:30 break_soon kind=rest due_in_seconds=30",
            "09:56:00 break_withdrawn kind=micro reason=superseded",
            "09:56:00 break_due kind=rest",
            "09:56:00 day date=2026-03-02 sitting_seconds=3300 reminders=3 taken=0 natural=1 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn a_gap_that_ends_in_a_lock_is_one_away_period() {
    check(
        DEFAULTS,
        "09:00 active
         09:20 none
         09:22 lock
         09:25:30 unlock
         09:30 none",
        &[
            // Away from 09:20: 5m30s in all, so both clocks restart.
            "09:22:00 break_taken kind=micro natural=true",
            "09:25:00 break_taken kind=rest natural=true",
            "09:30:00 day date=2026-03-02 sitting_seconds=1470 reminders=0 taken=0 natural=2 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn done_skip_and_snooze_answers() {
    check(
        DEFAULTS,
        "09:00 active
         09:26 notification done
         09:52 notification skip
         10:40 notification snooze
         11:00 none",
        &[
            "09:25:00 break_due kind=micro",
            "09:26:00 break_taken kind=micro natural=false",
            "09:51:00 break_due kind=micro",
            "09:52:00 break_skipped kind=micro",
            // Rest (55 min of sitting) wins over the micro clock's 25.
            "09:54:30 break_soon kind=rest due_in_seconds=30",
            "09:55:00 break_due kind=rest",
            "10:00:00 break_due kind=rest repeat=1",
            "10:05:00 break_due kind=rest repeat=2",
            "10:10:00 break_due kind=rest repeat=3",
            "10:15:00 break_due kind=rest repeat=4",
            "10:20:00 break_due kind=rest repeat=5",
            "10:25:00 break_due kind=rest repeat=6",
            "10:30:00 break_due kind=rest repeat=7",
            "10:35:00 break_due kind=rest repeat=8",
            "10:40:00 break_due kind=rest repeat=9",
            "10:40:00 break_snoozed kind=rest until=10:50:00",
            // The snooze ends with the rest still due: it fires at once.
            "10:50:00 break_due kind=rest",
            "10:55:00 break_due kind=rest repeat=1",
            "11:00:00 break_due kind=rest repeat=2",
            "11:00:00 day date=2026-03-02 sitting_seconds=7200 reminders=15 taken=1 natural=0 skipped=1 snoozed=1",
        ],
    );
}

#[test]
fn skipping_a_rest_restarts_the_micro_clock_too() {
    check(
        "[micro]\nevery = \"20m\"\n[rest]\nevery = \"40m\"",
        "09:00 active
         09:20:10 notification done
         09:40:20 command skip
         10:00:20 none",
        &[
            "09:20:00 break_due kind=micro",
            "09:20:10 break_taken kind=micro natural=false",
            "09:39:30 break_soon kind=rest due_in_seconds=30",
            "09:40:00 break_due kind=rest",
            "09:40:20 break_skipped kind=rest",
            "10:00:20 break_due kind=micro",
            "10:00:20 day date=2026-03-02 sitting_seconds=3620 reminders=3 taken=1 natural=0 skipped=1 snoozed=0",
        ],
    );
}

#[test]
fn snoozed_time_still_counts_as_sitting() {
    check(
        DEFAULTS,
        "09:00 active
         09:20 command snooze 45m
         10:10 none",
        &[
            "09:20:00 break_snoozed until=10:05:00",
            // Both came due while snoozed (09:25 and 09:55); only the rest fires when it ends.
            "10:05:00 break_due kind=rest",
            "10:10:00 break_due kind=rest repeat=1",
            "10:10:00 day date=2026-03-02 sitting_seconds=4200 reminders=2 taken=0 natural=0 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn pause_stops_counting_and_clocks_continue_on_resume() {
    check(
        DEFAULTS,
        "09:00 active
         09:15 command pause 1h
         10:30 none",
        &[
            "09:15:00 paused until=10:15:00",
            "10:15:00 resumed",
            // 15 min before the pause + 10 after it.
            "10:25:00 break_due kind=micro",
            "10:30:00 break_due kind=micro repeat=1",
            "10:30:00 day date=2026-03-02 sitting_seconds=1800 reminders=2 taken=0 natural=0 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn away_time_during_a_pause_still_gives_natural_breaks() {
    check(
        DEFAULTS,
        "09:00 active
         09:20 command pause
         09:30 lock
         09:40 unlock
         09:45 command resume
         10:15 none",
        &[
            "09:20:00 paused until=null",
            "09:30:30 break_taken kind=micro natural=true",
            "09:35:00 break_taken kind=rest natural=true",
            "09:45:00 resumed",
            "10:10:00 break_due kind=micro",
            "10:15:00 break_due kind=micro repeat=1",
            // 09:00-09:20 before the pause and 09:45-10:15 after it.
            "10:15:00 day date=2026-03-02 sitting_seconds=3000 reminders=2 taken=0 natural=2 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn a_meeting_counts_as_sitting_holds_reminders_and_offers_the_break_after() {
    check(
        DEFAULTS,
        "09:00 active
         09:20 meeting start
         09:20 none
         10:50 meeting end
         10:51 active
         11:00 none",
        &[
            "09:20:00 meeting_started until=null",
            "10:50:00 meeting_ended",
            // 110 min of sitting with no input during the call; the rest is offered 30 s after.
            "10:50:30 break_due kind=rest",
            "10:55:30 break_due kind=rest repeat=1",
            "11:00:00 day date=2026-03-02 sitting_seconds=7200 reminders=2 taken=0 natural=0 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn a_calendar_meeting_holds_reminders_and_the_rest_break_follows_within_a_minute() {
    // A 90-minute call from 09:30, as Google Calendar exports it, with no input during it.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:call@example.com\r\n\
               DTSTART;TZID=Europe/Amsterdam:20260302T093000\r\nDTEND;TZID=Europe/Amsterdam:20260302T110000\r\n\
               SUMMARY:Quarterly review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let actual = replay_with_calendar(
        DEFAULTS,
        ics,
        "09:00 active
         09:30 none
         11:05 active
         11:10 none",
    );
    let expected = [
        "09:25:00 break_due kind=micro",
        // The calendar event starts: the reminder on screen goes away, and its repeat, due at
        // this same instant, is held.
        "09:30:00 break_withdrawn kind=micro reason=meeting",
        "09:30:00 meeting_started until=11:00:00",
        // Nothing during the meeting; the rest break it made due comes 30 s after it ends.
        "11:00:00 meeting_ended",
        "11:00:30 break_due kind=rest",
        // The user steps away (3 min without input counts as a micro break) and comes back.
        "11:03:00 break_taken kind=micro natural=true",
        "11:05:00 break_taken kind=rest natural=false",
        "11:10:00 day date=2026-03-02 sitting_seconds=7500 reminders=2 taken=1 natural=1 skipped=0 snoozed=0",
    ];
    assert_eq!(actual, expected, "\nactual:\n  {}\n", actual.join("\n  "));
}

#[test]
fn nothing_counts_outside_the_schedule() {
    check(
        "[schedule]\nhours = \"09:00-17:00\"",
        "08:00 active
         09:30 none
         16:50 active
         17:30 none",
        &[
            "09:25:00 break_due kind=micro",
            "09:30:00 break_due kind=micro repeat=1",
            "09:30:30 break_taken kind=micro natural=false",
            "09:35:00 break_taken kind=rest natural=true",
            // 16:50-17:00 counts; after 17:00 nothing does.
            "17:30:00 day date=2026-03-02 sitting_seconds=2400 reminders=2 taken=1 natural=1 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn the_daily_limit_reminds_once_a_day() {
    check(
        "[micro]\nevery = \"3h\"\n[rest]\nevery = \"4h\"\n[daily]\nlimit = \"2h\"",
        "09:00 active
         11:30 none
         11:40 active
         12:00 none
         +1d 09:00 active
         +1d 11:05 none",
        &[
            "11:00:00 daily_limit sitting_seconds=7200",
            "11:33:00 break_taken kind=micro natural=true",
            "11:35:00 break_taken kind=rest natural=true",
            "12:03:00 break_taken kind=micro natural=true",
            "12:05:00 break_taken kind=rest natural=true",
            // 09:00-11:30 and 11:40-12:00; the limit was announced once.
            "23:59:59 day date=2026-03-02 sitting_seconds=10200 reminders=0 taken=0 natural=4 skipped=0 snoozed=0",
            // A new day: today's sitting starts from zero and the limit can be announced again.
            "+1d 11:00:00 daily_limit sitting_seconds=7200",
            "+1d 11:05:00 day date=2026-03-03 sitting_seconds=7500 reminders=0 taken=0 natural=0 skipped=0 snoozed=0",
        ],
    );
}

#[test]
fn suspend_is_away_and_no_reminder_follows_the_resume() {
    check(
        DEFAULTS,
        "09:00 active
         09:20 suspend
         12:00 resume
         12:01 unlock
         12:20 none",
        &[
            "09:20:30 break_taken kind=micro natural=true",
            "09:25:00 break_taken kind=rest natural=true",
            "12:20:00 day date=2026-03-02 sitting_seconds=2340 reminders=0 taken=0 natural=2 skipped=0 snoozed=0",
        ],
    );
}
