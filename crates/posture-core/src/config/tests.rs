//! The configuration's behaviour through `Config::parse`: values, defaults and every message.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveTime;
use proptest::prelude::*;

use super::parse::{SECTIONS, TOP_LEVEL_KEYS, unknown_key};
use super::syntax::key_at;
use super::*;
use crate::Kind;
use crate::tips::Area;

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn parse(text: &str) -> Config {
    match Config::parse(text, "config.toml") {
        Ok(config) => config,
        Err(err) => panic!("unexpected error:\n{err}"),
    }
}

fn error(text: &str) -> ConfigError {
    match Config::parse(text, "config.toml") {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(err) => err,
    }
}

/// Asserts where an error points and that its message contains `needle`.
fn assert_error(text: &str, line: usize, column: usize, key: Option<&str>, needle: &str) {
    let err = error(text);
    assert_eq!(err.origin, "config.toml");
    assert_eq!((err.line, err.column, err.key.as_deref()), (line, column, key), "location of:\n{err}");
    assert!(err.problem.to_string().contains(needle), "{needle:?} not in:\n{err}");
}

#[test]
fn embedded_defaults_parse_and_equal_an_empty_file() {
    let defaults = Config::parse(DEFAULT_TOML, DEFAULT_ORIGIN).unwrap();
    assert_eq!(defaults, parse(""));
    assert_eq!(defaults, Config::default());
}

#[test]
fn default_values() {
    let config = Config::default();
    assert_eq!(config.language, Language::Auto);
    assert_eq!(config.micro, BreakSettings { every: minutes(25), duration: Duration::from_secs(30) });
    assert_eq!(config.rest, BreakSettings { every: minutes(55), duration: minutes(5) });
    assert_eq!(config.daily_limit, Some(minutes(8 * 60)));
    assert_eq!(config.away_after, minutes(3));
    assert_eq!(config.repeat_after, minutes(5));
    assert_eq!(config.snooze, minutes(10));
    assert_eq!(config.schedule, Schedule { days: [true; 7], hours: None });
    assert_eq!(config.focus, [Area::Neck, Area::Shoulders, Area::UpperBack, Area::LowerBack]);
    assert_eq!(config.extra_tips, None);
    assert_eq!(config.breaks(Kind::Rest).every, minutes(55));
    assert_eq!(config.warn_before, Some(Duration::from_secs(30)));
    assert_eq!(config.notifications, NotificationSettings { stay: true, sound: true });
}

#[test]
fn a_full_file() {
    let config = parse(
        r#"
language = "nl"
[micro]
every = "20m"
duration = "45s"
[rest]
every = "1h 30m"
duration = "10m"
[daily]
limit = "off"
[activity]
away_after = "90s"
[reminders]
repeat_after = "2m"
snooze = "15m"
[schedule]
days = ["mon", "tue", "wed", "thu", "fri"]
hours = "08:00-18:00"
[tips]
focus = ["jaw", "whole_body", "jaw"]
extra_file = "my-tips.toml"
"#,
    );
    assert_eq!(config.language, Language::Nl);
    assert_eq!(config.micro.every, minutes(20));
    assert_eq!(config.micro.duration, Duration::from_secs(45));
    assert_eq!(config.rest.every, minutes(90));
    assert_eq!(config.rest.duration, minutes(10));
    assert_eq!(config.daily_limit, None);
    assert_eq!(config.away_after, Duration::from_secs(90));
    assert_eq!(config.repeat_after, minutes(2));
    assert_eq!(config.snooze, minutes(15));
    assert_eq!(config.schedule.days, [true, true, true, true, true, false, false]);
    let hours = config.schedule.hours.unwrap();
    assert_eq!(hours.start, NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    assert_eq!(hours.end, NaiveTime::from_hms_opt(18, 0, 0).unwrap());
    assert_eq!(config.focus, [Area::Jaw, Area::WholeBody]);
    assert_eq!(config.extra_tips, Some(PathBuf::from("my-tips.toml")));
}

#[test]
fn missing_keys_keep_their_defaults() {
    let config = parse("[micro]\nevery = \"20m\"\n");
    assert_eq!(config.micro.every, minutes(20));
    assert_eq!(config.micro.duration, Duration::from_secs(30));
    assert_eq!(config.rest, Config::default().rest);
}

#[test]
fn hours_may_wrap_past_midnight() {
    let hours = parse("[schedule]\nhours = \"22:00-06:00\"").schedule.hours;
    let expected =
        Hours { start: NaiveTime::from_hms_opt(22, 0, 0).unwrap(), end: NaiveTime::from_hms_opt(6, 0, 0).unwrap() };
    assert_eq!(hours, Some(expected));
    let until_midnight = parse("[schedule]\nhours = \"8:30 - 24:00\"").schedule.hours;
    let expected = Hours { start: NaiveTime::from_hms_opt(8, 30, 0).unwrap(), end: NaiveTime::MIN };
    assert_eq!(until_midnight, Some(expected));
}

#[test]
fn languages() {
    assert_eq!(parse("language = \"en\"").language, Language::En);
    assert_eq!(parse("language = \"auto\"").language, Language::Auto);
    assert_error("language = \"fr\"", 1, 12, Some("language"), "unknown language `fr`");
    assert_error("language = 1", 1, 12, Some("language"), "expected \"auto\"");
}

#[test]
fn display_is_compiler_style() {
    let text = "language = \"en\"\n\n[micro]\nevery = \"-5m\"\n";
    assert_eq!(
        error(text).to_string(),
        "config.toml:4:9: micro.every: durations cannot be negative\n  \
         |\n\
         4 | every = \"-5m\"\n  \
         |         ^^^^^"
    );
}

#[test]
fn display_widens_the_gutter_for_long_files() {
    let text = format!("{}[micro]\nevery = 5\n", "\n".repeat(10));
    let expected = [
        "config.toml:12:9: micro.every: expected a duration string like \"25m\", found \
         integer 5",
        "   |",
        "12 | every = 5",
        "   |         ^",
    ];
    assert_eq!(error(&text).to_string(), expected.join("\n"));
}

#[test]
fn display_keeps_tabs_so_the_marker_lines_up() {
    let err = error("[micro]\n\tevery =\t\"0s\"\n");
    assert_eq!((err.line, err.column), (2, 10));
    assert!(err.to_string().ends_with("\n  | \t       \t^^^^"), "{err}");
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_error(
        "tips = { extra_file = \"é.toml\", focus = [\"toes\"] }",
        1,
        42,
        Some("tips.focus"),
        "unknown body area `toes`",
    );
    let err = error("[tips] # één\nfocus = [\"neck\", \"tóes\"]");
    assert_eq!((err.line, err.column, err.width), (2, 18, 6));
}

#[test]
fn syntax_errors_are_located_with_their_key() {
    assert_error("[micro]\nevery = \"5m\n", 2, 12, Some("micro.every"), "invalid basic string");
    assert_error("[micro\n", 1, 7, None, "unclosed table");
    assert_error("[micro]\nevery = \"5m\"\nevery = \"6m\"\n", 3, 1, Some("micro.every"), "duplicate key");
    assert_error("[schedule]\ndays = [\n  \"mon\",\n  tue,\n]\n", 4, 3, Some("schedule.days"), "");
    assert_error("[micro]\nevery\n", 2, 6, Some("micro.every"), "");
}

#[test]
fn unknown_keys_list_the_allowed_ones() {
    assert_error(
        "colour = \"blue\"",
        1,
        1,
        Some("colour"),
        "allowed top-level keys: language, micro, rest, daily, activity, reminders, \
         schedule, tips",
    );
    assert_error(
        "[micro]\nevry = \"5m\"",
        2,
        1,
        Some("micro.evry"),
        "unknown key (did you mean `every`?); [micro] allows: every, duration",
    );
    assert_error(
        "[reminders]\nsnooze = \"5m\"\n[reminders.extra]\n",
        3,
        12,
        Some("reminders.extra"),
        "[reminders] allows: repeat_after, snooze",
    );
}

#[test]
fn the_first_unknown_key_in_the_file_is_reported() {
    // Tables iterate in key order; the report must follow the file instead.
    let err = error("zebra = 1\n[micro]\nalpha = 1\n");
    assert_eq!(err.key.as_deref(), Some("zebra"));
}

#[test]
fn sections_must_be_tables() {
    assert_error("micro = 3", 1, 9, Some("micro"), "expected a [micro] table");
    assert_error("[[rest]]\nevery = \"5m\"", 1, 1, Some("rest"), "found an array");
}

#[test]
fn wrong_types() {
    assert_error(
        "[micro]\nevery = 5",
        2,
        9,
        Some("micro.every"),
        "expected a duration string like \"25m\", found integer 5",
    );
    assert_error("[reminders]\nsnooze = true", 2, 10, Some("reminders.snooze"), "found boolean true");
    assert_error("[daily]\nlimit = 8", 2, 9, Some("daily.limit"), "or \"off\"");
    assert_error("[schedule]\ndays = \"mon\"", 2, 8, Some("schedule.days"), "expected a list of days");
    assert_error(
        "[schedule]\ndays = [\"mon\", 2]",
        2,
        16,
        Some("schedule.days"),
        "expected a day name like \"mon\", found integer 2",
    );
    assert_error("[tips]\nfocus = \"neck\"", 2, 9, Some("tips.focus"), "expected a list of body areas");
    assert_error("[tips]\nextra_file = []", 2, 14, Some("tips.extra_file"), "expected a file path");
}

#[test]
fn durations_must_be_positive() {
    assert_error("[micro]\nevery = \"-5m\"", 2, 9, Some("micro.every"), "durations cannot be negative");
    assert_error("[activity]\naway_after = \"0s\"", 2, 14, Some("activity.away_after"), "must be longer than zero");
    assert_error(
        "[reminders]\nrepeat_after = \"soon\"",
        2,
        16,
        Some("reminders.repeat_after"),
        "write it like \"30s\", \"25m\" or \"1h 30m\"",
    );
    assert_error("[micro]\nduration = \"1500ms\"", 2, 12, Some("micro.duration"), "whole number of seconds");
    assert_eq!(parse("[micro]\nduration = \"1.5m\"").micro.duration, Duration::from_secs(90));
    assert_error("[daily]\nlimit = \"25h\"", 2, 9, Some("daily.limit"), "longer than a day");
}

#[test]
fn a_break_must_be_shorter_than_its_interval() {
    assert_error(
        "[micro]\nduration = \"25m\"",
        2,
        12,
        Some("micro.duration"),
        "25m must be shorter than micro.every (25m)",
    );
    assert_error(
        "[rest]\nevery = \"10m\"\nduration = \"1h\"",
        3,
        12,
        Some("rest.duration"),
        "1h must be shorter than rest.every (10m)",
    );
    // Only `every` was written, so point there rather than at a default never seen.
    assert_error("[micro]\nevery = \"20s\"", 2, 9, Some("micro.every"), "20s must be longer than micro.duration (30s)");
}

#[test]
fn daily_limit() {
    assert_eq!(parse("[daily]\nlimit = \"6h\"").daily_limit, Some(minutes(360)));
    assert_error("[daily]\nlimit = \"never\"", 2, 9, Some("daily.limit"), "or \"off\" for no daily limit");
    assert_error("[daily]\nlimit = \"-1h\"", 2, 9, Some("daily.limit"), "durations cannot be negative");
}

#[test]
fn schedule_errors() {
    assert_error(
        "[schedule]\ndays = [\"mon\", \"monday\"]",
        2,
        16,
        Some("schedule.days"),
        "unknown day `monday`; expected one of mon, tue, wed, thu, fri, sat, sun",
    );
    assert_error("[schedule]\ndays = []", 2, 8, Some("schedule.days"), "no days listed");
    for bad in ["8-18", "08:00", "25:00-26:00", "08:60-09:00", "08:00-18:00-19:00", "24:00-08:00", "8:0-9:00"] {
        assert_error(
            &format!("[schedule]\nhours = \"{bad}\""),
            2,
            9,
            Some("schedule.hours"),
            "expected hours like \"08:00-18:00\"",
        );
    }
    assert_error("[schedule]\nhours = \"08:00-08:00\"", 2, 9, Some("schedule.hours"), "start and end are both 08:00");
}

#[test]
fn focus_errors_list_the_areas() {
    assert_error(
        "[tips]\nfocus = [\"neck\", \"toes\"]",
        2,
        18,
        Some("tips.focus"),
        "unknown body area `toes` (expected one of: neck, shoulders, upper_back, \
         lower_back, arms, hips, legs, jaw, whole_body)",
    );
    assert!(parse("[tips]\nfocus = []").focus.is_empty());
    assert_error("[tips]\nextra_file = \" \"", 2, 14, Some("tips.extra_file"), "empty path");
}

#[test]
fn crlf_files() {
    let config = parse("[micro]\r\nevery = \"20m\"\r\n[schedule]\r\ndays = [\r\n  \"sat\",\r\n]\r\n");
    assert_eq!(config.micro.every, minutes(20));
    let err = error("language = \"en\"\r\n[micro]\r\nevery = \"-5m\"\r\n");
    assert_eq!((err.line, err.column), (3, 9));
    assert_eq!(err.source_line, "every = \"-5m\"");
    assert!(err.to_string().ends_with("|         ^^^^^"), "{err}");
    assert_error("[schedule]\r\ndays = [\r\n  \"mon\",\r\n  tue,\r\n]\r\n", 4, 3, Some("schedule.days"), "");
}

#[test]
fn dotted_quoted_and_inline_keys() {
    assert_eq!(parse("micro.every = \"20m\"").micro.every, minutes(20));
    assert_eq!(parse("[micro]\n\"every\" = \"20m\"").micro.every, minutes(20));
    assert_eq!(parse("rest = { every = \"1h\" }").rest.every, minutes(60));
    assert_error("micro.every = \"-5m\"", 1, 15, Some("micro.every"), "negative");
    assert_error("micro.evry = \"5m\"", 1, 7, Some("micro.evry"), "did you mean `every`?");
    assert_error("[micro]\n'every' = 5", 2, 11, Some("micro.every"), "expected a duration string");
    assert_error("micro.\"every\" = \"5m", 1, 20, Some("micro.every"), "");
}

#[test]
fn errors_at_the_end_of_the_file() {
    let err = error("[micro]\nevery = ");
    assert_eq!((err.line, err.column, err.width), (2, 9, 1));
    assert_eq!(err.key.as_deref(), Some("micro.every"));
}

#[test]
fn key_recovery_from_text() {
    assert_eq!(key_at("[a.b] # x\nc = 1", 11).as_deref(), Some("a.b.c"));
    assert_eq!(key_at("[[a]]\n", 1).as_deref(), Some("a"));
    assert_eq!(key_at("x = [\n1,\n# ]\n?", 13).as_deref(), Some("x"));
    assert_eq!(key_at("x = [1]\n?", 8), None);
    assert_eq!(key_at("a = \"#\" = 2", 8).as_deref(), Some("a"));
    assert_eq!(key_at("}", 0), None);
}

#[test]
fn suggestions_are_at_most_two_edits_away() {
    let micro = ["every", "duration"];
    assert!(unknown_key("evry", &micro, Some("micro")).to_string().contains("(did you mean `every`?)"));
    assert!(unknown_key("snoze", &["repeat_after", "snooze"], None).to_string().contains("`snooze`"));
    assert!(unknown_key("durtaion", &micro, None).to_string().contains("`duration`"));
    assert_eq!(
        unknown_key("evvvvery", &micro, Some("micro")).to_string(),
        "unknown key; [micro] allows: every, duration"
    );
    assert!(!unknown_key("colour", &["tips", "tray"], None).to_string().contains("did you mean"));
}

proptest! {
    #[test]
    fn parse_never_panics_on_any_text(text in "\\PC*") {
        let _ = Config::parse(&text, "config.toml");
    }

    #[test]
    fn parse_never_panics_on_config_like_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("[micro]"), Just("[rest]"), Just("[schedule]"), Just("[tips]"),
                Just("[[daily]]"), Just("every = \"5m\""), Just("duration = \"-1s\""),
                Just("days = [\"mon\","), Just("]"), Just("\"sat\""), Just("focus = [\"é\"]"),
                Just("hours = \"22:00-06:00\""), Just("limit = \"off\""), Just("= 3"),
                Just("micro.every = 5"), Just("\t# tab comment"), Just("x = \"\\q\""),
                Just("\r"), Just("'"), Just("{"),
            ],
            0..12,
        )
    ) {
        let text = lines.join("\n");
        if let Err(err) = Config::parse(&text, "config.toml") {
            prop_assert!(err.line >= 1 && err.column >= 1 && err.width >= 1);
            prop_assert!(!err.to_string().is_empty());
        }
    }
}

#[test]
fn meetings_section() {
    let defaults = parse("");
    assert!(defaults.meetings.camera && defaults.meetings.microphone);
    assert!(defaults.meetings.calendars.is_empty());
    assert_eq!(defaults.meetings.check_every, Duration::from_secs(20));
    assert_eq!(defaults.meetings.camera_devices, "/dev/video*");
    let config = parse(
        "[meetings]\ncamera = false\ncalendars = [\"~/work.ics\", \"team.ics\"]\nme = [\"Me@Example.com\", \"mailto:me@home.nl\"]\n",
    );
    assert!(!config.meetings.camera);
    assert_eq!(config.meetings.calendars, [PathBuf::from("~/work.ics"), PathBuf::from("team.ics")]);
    assert_eq!(config.meetings.me, ["me@example.com", "me@home.nl"]);
    assert_error("[meetings]\ncamera = \"yes\"\n", 2, 10, Some("meetings.camera"), "expected true or false");
    assert_error(
        "[meetings]\ncalendars = [\"a.ics\", 3]\n",
        2,
        23,
        Some("meetings.calendars"),
        "expected a calendar file path",
    );
    assert_error("[meetings]\ncheck_every = \"1s\"\n", 2, 15, Some("meetings.check_every"), "at least 5s");
    assert_error("[meetings]\ncamera_devices = \"video*\"\n", 2, 18, Some("meetings.camera_devices"), "absolute");
    assert_error("[meetings]\nwebcam = true\n", 2, 1, Some("meetings.webcam"), "[meetings] allows");
}

#[test]
fn meetings_fullscreen_is_off_by_default_and_a_boolean() {
    assert!(!parse("").meetings.fullscreen);
    assert!(parse("[meetings]\nfullscreen = true\n").meetings.fullscreen);
    assert_error("[meetings]\nfullscreen = 1\n", 2, 14, Some("meetings.fullscreen"), "expected true or false, found");
}

#[test]
fn tray_enabled_is_a_boolean() {
    assert!(Config::default().tray);
    assert!(!parse("[tray]\nenabled = false").tray);
    assert_error("[tray]\nenabled = \"no\"", 2, 11, Some("tray.enabled"), "expected true or false, found string");
    assert_error("[tray]\nenable = true", 2, 1, Some("tray.enable"), "did you mean `enabled`");
}

#[test]
fn the_parser_reads_every_key_the_schema_allows() {
    let sections: Vec<&str> = SECTIONS.iter().map(|(section, _)| *section).collect();
    assert_eq!(TOP_LEVEL_KEYS[0], "language");
    assert_eq!(TOP_LEVEL_KEYS[1..], sections);
    // No key takes a table, so each one set to `{}` must fail, naming that key.
    assert_eq!(error("language = {}").key.as_deref(), Some("language"));
    for (section, keys) in SECTIONS {
        for key in *keys {
            let err = error(&format!("[{section}]\n{key} = {{}}\n"));
            assert_eq!(err.key, Some(format!("{section}.{key}")), "{err}");
            assert_eq!((err.line, err.column), (2, key.len() + 4), "{err}");
        }
    }
}

#[test]
fn warn_before_is_a_duration_or_zero_for_off() {
    assert_eq!(parse("[reminders]\nwarn_before = \"1m\"").warn_before, Some(minutes(1)));
    assert_eq!(parse("[reminders]\nwarn_before = \"0\"").warn_before, None);
    assert_eq!(parse("[reminders]\nwarn_before = \"0s\"").warn_before, None);
    assert_error("[reminders]\nwarn_before = \"soon\"", 2, 15, Some("reminders.warn_before"), "or \"0\" for off");
    assert_error("[reminders]\nwarn_before = 30", 2, 15, Some("reminders.warn_before"), "found integer 30");
}

#[test]
fn notifications_section() {
    let config = parse("[notifications]\nstay = false\nsound = false");
    assert_eq!(config.notifications, NotificationSettings { stay: false, sound: false });
    assert_error("[notifications]\nsound = \"bell\"", 2, 9, Some("notifications.sound"), "expected true or false");
    assert_error("[notifications]\nstays = true", 2, 1, Some("notifications.stays"), "did you mean `stay`");
}

#[test]
fn break_screen_section() {
    assert_eq!(
        Config::default().break_screen,
        BreakScreenSettings { mode: BreakScreenMode::Off, strict: false, max_snoozes: 2 }
    );
    let config = parse("[break_screen]\nmode = \"fullscreen\"\nstrict = true\nmax_snoozes = 0");
    assert_eq!(
        config.break_screen,
        BreakScreenSettings { mode: BreakScreenMode::Fullscreen, strict: true, max_snoozes: 0 }
    );
    assert_eq!(parse("[break_screen]\nmode = \"window\"").break_screen.mode, BreakScreenMode::Window);
    assert_error("[break_screen]\nmode = \"full\"", 2, 8, Some("break_screen.mode"), "unknown mode `full`");
    assert_error("[break_screen]\nmode = true", 2, 8, Some("break_screen.mode"), "expected \"off\", \"window\" or");
    assert_error("[break_screen]\nstrict = \"yes\"", 2, 10, Some("break_screen.strict"), "expected true or false");
    assert_error("[break_screen]\nmax_snoozes = -1", 2, 15, Some("break_screen.max_snoozes"), "from 0 to 20");
    assert_error("[break_screen]\nmax_snoozes = 21", 2, 15, Some("break_screen.max_snoozes"), "from 0 to 20");
    assert_error("[break_screen]\nmax_snoozes = \"2\"", 2, 15, Some("break_screen.max_snoozes"), "found string");
    assert_error("[break_screen]\nmodes = \"off\"", 2, 1, Some("break_screen.modes"), "did you mean `mode`");
}

#[test]
fn the_break_screen_covers_rest_breaks_and_requested_ones() {
    let on = BreakScreenSettings { mode: BreakScreenMode::Window, strict: false, max_snoozes: 2 };
    assert!(on.covers(Kind::Rest, false));
    assert!(on.covers(Kind::Rest, true));
    assert!(on.covers(Kind::Micro, true));
    assert!(!on.covers(Kind::Micro, false), "a posture check that falls due stays a notification");
    let off = BreakScreenSettings { mode: BreakScreenMode::Off, ..on };
    assert!(!off.covers(Kind::Rest, false) && !off.covers(Kind::Micro, true));
}

#[test]
fn strict_limits_the_snoozes_of_a_day() {
    let relaxed = BreakScreenSettings { mode: BreakScreenMode::Window, strict: false, max_snoozes: 2 };
    assert_eq!(relaxed.snoozes_left(7), None);
    let strict = BreakScreenSettings { strict: true, ..relaxed };
    assert_eq!(strict.snoozes_left(0), Some(2));
    assert_eq!(strict.snoozes_left(1), Some(1));
    assert_eq!(strict.snoozes_left(2), Some(0));
    assert_eq!(strict.snoozes_left(5), Some(0));
}
