//! The tray menu as plain data, computed from a status report, and what each entry asks for
//! when clicked. Pure (no D-Bus, no clock), so the menu is tested without a tray host.
//!
//! Clickable entries carry an id; an id names the control protocol's command words
//! (`cmd:snooze 15m`), so a click goes down the same path as `posture snooze 15m`.
//!
//! The daemon publishes a status only when its shape changes, not while the clocks count, so
//! the tray moves the counting clocks forward itself ([`advance`]) and wakes only when what it
//! shows would change ([`next_change`]): once a minute for the labels, once per ring step.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use crate::control::protocol::StatusReport;
use crate::control::protocol::status_line;
use crate::core::engine::Mode;
use crate::core::text::{Message, render};
use crate::core::{Kind, Lang};

/// Interval choices in minutes; the configured value joins them when it is not one of them.
const MICRO_CHOICES: [u64; 5] = [15, 20, 25, 30, 45];
const REST_CHOICES: [u64; 5] = [30, 45, 55, 60, 90];
/// Snooze lengths offered, as command words and as durations for the labels.
const SNOOZES: [(&str, u64); 3] = [("15m", 15 * 60), ("30m", 30 * 60), ("1h", 3600)];
/// The progress ring fills in this many visible steps.
pub const RING_STEPS: u64 = 16;

const COMMAND: &str = "cmd:";
const SNOOZE_UNTIL: &str = "snooze-until:";
const OPEN_SETTINGS: &str = "open-settings";
const WARNING_SIGNS: &str = "warning-signs:";

/// One menu entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A line of information, never clickable.
    Label(String),
    Action {
        id: String,
        label: String,
        enabled: bool,
    },
    /// One of a group of exclusive choices; the checked one is the current value.
    Choice {
        id: String,
        label: String,
        checked: bool,
    },
    Submenu {
        label: String,
        enabled: bool,
        entries: Vec<Entry>,
    },
    Separator,
}

/// What a click asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Click {
    /// Control protocol words for the daemon.
    Command(String),
    /// Open the config file in the desktop's editor.
    OpenSettings,
    /// Show the warning signs, in this language.
    WarningSigns(Lang),
}

/// The tooltip: the line `posture status` prints, with sitting in whole minutes even in the
/// first minute ("sitting 0 min", not "sitting 37 s"), so the tray changes once a minute.
pub fn tooltip(report: &StatusReport) -> String {
    let mut whole = report.clone();
    whole.sitting_seconds.rest -= whole.sitting_seconds.rest % 60;
    status_line(&whole, report.lang())
}

/// The whole menu for a status.
pub fn menu(report: &StatusReport) -> Vec<Entry> {
    let lang = report.lang();
    let text = |message: Message| render(lang, &message);
    let command = |words: &str, message: Message, enabled: bool| Entry::Action {
        id: format!("{COMMAND}{words}"),
        label: text(message),
        enabled,
    };
    let paused = report.state == Mode::Paused;
    let counting = !paused && report.state != Mode::OutsideSchedule;

    let mut entries = vec![Entry::Label(tooltip(report))];
    if let Some(breaks) = report.today.map(|today| today.breaks_taken) {
        let sitting = Duration::from_secs(report.today_sitting_seconds / 60 * 60);
        entries.push(Entry::Label(text(Message::MenuToday { sitting, breaks })));
    }
    // The backend is chosen once at start, so this line does not change the menu's shape.
    if report.idle_backend == "none" {
        entries.push(Entry::Label(text(Message::MenuNoIdleMonitor)));
    }
    entries.push(Entry::Separator);
    entries.push(command("break rest", Message::MenuTakeBreak, counting));
    entries.push(command("break micro", Message::MenuQuickCheck, counting));

    let mut snoozes: Vec<Entry> = SNOOZES
        .iter()
        .map(|(words, secs)| {
            command(&format!("snooze {words}"), Message::MenuFor { length: Duration::from_secs(*secs) }, true)
        })
        .collect();
    // Entries are greyed out rather than left out: the tray host addresses entries by their
    // place, so a menu that changed shape under an open menu would answer a click on the
    // wrong entry or with "id not found".
    let meeting_end = report.meeting_until.as_ref().filter(|_| report.state == Mode::Meeting);
    snoozes.push(Entry::Action {
        id: format!("{SNOOZE_UNTIL}{}", meeting_end.map_or("", String::as_str)),
        label: text(Message::MenuUntilMeetingEnds),
        enabled: meeting_end.is_some(),
    });
    entries.push(Entry::Submenu { label: text(Message::MenuSnooze), enabled: counting, entries: snoozes });
    entries.push(command("resume", Message::MenuResume, paused || report.state == Mode::Snoozed));
    entries.push(Entry::Submenu {
        label: text(Message::MenuPause),
        enabled: !paused,
        entries: vec![
            command("pause 1h", Message::MenuFor { length: Duration::from_secs(3600) }, true),
            command("pause --until tomorrow", Message::MenuUntilTomorrow, true),
            command("pause", Message::MenuUntilResumed, true),
        ],
    });

    let intervals = [
        (Kind::Micro, MICRO_CHOICES, report.every_seconds.micro),
        (Kind::Rest, REST_CHOICES, report.every_seconds.rest),
    ]
    .into_iter()
    .map(|(kind, choices, current)| Entry::Submenu {
        label: text(Message::BreakName { kind }),
        enabled: true,
        entries: interval_choices(kind, &choices, current, lang),
    })
    .collect();
    entries.push(Entry::Submenu { label: text(Message::MenuIntervals), enabled: true, entries: intervals });

    entries.push(Entry::Separator);
    entries.push(Entry::Action {
        id: format!("{WARNING_SIGNS}{}", lang.as_str()),
        label: text(Message::MenuWarningSigns),
        enabled: true,
    });
    entries.push(Entry::Action { id: OPEN_SETTINGS.into(), label: text(Message::MenuOpenSettings), enabled: true });
    entries.push(command("quit", Message::MenuQuit, true));
    entries
}

/// The choices for one kind's interval, in order, with the configured one checked (and added
/// when it is not a standard choice).
fn interval_choices(kind: Kind, choices: &[u64], current: u64, lang: Lang) -> Vec<Entry> {
    let mut seconds: Vec<u64> = choices.iter().map(|m| m * 60).collect();
    if current > 0 && !seconds.contains(&current) {
        seconds.push(current);
        seconds.sort_unstable();
    }
    seconds
        .into_iter()
        .map(|every| Entry::Choice {
            id: format!("{COMMAND}interval {kind} {every}s"),
            label: render(lang, &Message::MenuEvery { every: Duration::from_secs(every) }),
            checked: every == current,
        })
        .collect()
}

/// What a clicked id asks for, at `now` (a meeting's end becomes the snooze's length).
pub fn click(id: &str, now: DateTime<FixedOffset>) -> Option<Click> {
    if id == OPEN_SETTINGS {
        return Some(Click::OpenSettings);
    }
    if let Some(lang) = id.strip_prefix(WARNING_SIGNS) {
        return Some(Click::WarningSigns(if lang == Lang::Nl.as_str() { Lang::Nl } else { Lang::En }));
    }
    if let Some(words) = id.strip_prefix(COMMAND) {
        return Some(Click::Command(words.to_string()));
    }
    let until = DateTime::parse_from_rfc3339(id.strip_prefix(SNOOZE_UNTIL)?).ok()?;
    // Rounded up, and at least a second: a snooze of zero is refused.
    let seconds = (until - now).num_seconds().max(0) + 1;
    Some(Click::Command(format!("snooze {seconds}s")))
}

/// Whether the clocks in a report keep counting until the next report.
fn counting(report: &StatusReport) -> bool {
    report.state == Mode::Active && report.pending.is_none()
}

/// The report as it would read `elapsed` seconds after it was made, if nothing else happens.
pub fn advance(report: &StatusReport, elapsed: u64) -> StatusReport {
    let mut report = report.clone();
    if counting(&report) {
        report.next_break.in_seconds = report.next_break.in_seconds.saturating_sub(elapsed);
        report.sitting_seconds.micro += elapsed;
        report.sitting_seconds.rest += elapsed;
        report.today_sitting_seconds += elapsed;
    }
    report
}

/// The configured interval of the break that comes next, in seconds.
fn next_every(report: &StatusReport) -> u64 {
    match report.next_break.kind {
        Kind::Micro => report.every_seconds.micro,
        Kind::Rest => report.every_seconds.rest,
    }
}

/// How far the next break has come, in ring steps from 0 (just started) to [`RING_STEPS`].
pub fn ring_step(report: &StatusReport) -> u64 {
    let every = next_every(report);
    if every == 0 {
        return 0;
    }
    let done = every.saturating_sub(report.next_break.in_seconds);
    (done * RING_STEPS / every).min(RING_STEPS)
}

/// In how many seconds (at least 1) something the tray shows changes, or `None` while the
/// clocks stand still (only a new report changes anything then).
pub fn next_change(report: &StatusReport) -> Option<u64> {
    if !counting(report) {
        return None;
    }
    let mut candidates = Vec::new();
    let due = report.next_break.in_seconds;
    if due > 0 {
        // The countdown is shown rounded up to whole minutes.
        candidates.push(due - (due.div_ceil(60) - 1) * 60);
    }
    // Sitting is shown rounded down to whole minutes.
    candidates.push(60 - report.sitting_seconds.rest % 60);
    if report.today.is_some() {
        candidates.push(60 - report.today_sitting_seconds % 60);
    }
    let every = next_every(report);
    let step = ring_step(report);
    if every > 0 && step < RING_STEPS {
        let done = every.saturating_sub(due);
        candidates.push(((step + 1) * every).div_ceil(RING_STEPS).saturating_sub(done));
    }
    candidates.into_iter().min().map(|s| s.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::protocol::{Every, NextBreak, Sitting, TodaySummary};

    fn report(state: Mode) -> StatusReport {
        StatusReport {
            state,
            next_break: NextBreak { kind: Kind::Micro, in_seconds: 7 * 60 },
            pending: None,
            sitting_seconds: Sitting { micro: 18 * 60, rest: 43 * 60 },
            today_sitting_seconds: 3 * 3600,
            idle_backend: "x11-screensaver".into(),
            session_source: "none".into(),
            do_not_disturb_server: "none".into(),
            fullscreen_backend: "none".into(),
            snoozed_until: None,
            paused: state == Mode::Paused,
            paused_until: None,
            meeting_until: None,
            language: "en".into(),
            pid: 1,
            every_seconds: Every { micro: 25 * 60, rest: 55 * 60 },
            config_file: "/home/me/.config/posture/config.toml".into(),
            meeting_sources: Vec::new(),
            meeting_sources_enabled: Vec::new(),
            next_meeting: None,
            today: None,
        }
    }

    /// Labels of the entries, with submenus flattened as "Parent/Child" and marks for state:
    /// `[x]`/`[ ]` for choices, `(off)` for disabled entries.
    fn labels(entries: &[Entry]) -> Vec<String> {
        let mut out = Vec::new();
        for entry in entries {
            match entry {
                Entry::Label(label) => out.push(format!("{label} (info)")),
                Entry::Action { label, enabled, .. } => {
                    out.push(if *enabled { label.clone() } else { format!("{label} (off)") })
                }
                Entry::Choice { label, checked, .. } => {
                    out.push(format!("{} {label}", if *checked { "[x]" } else { "[ ]" }))
                }
                Entry::Submenu { label, enabled, entries } => {
                    out.push(if *enabled { format!("{label}/") } else { format!("{label}/ (off)") });
                    out.extend(labels(entries).into_iter().map(|child| format!("{label}/{child}")));
                }
                Entry::Separator => out.push("---".into()),
            }
        }
        out
    }

    fn find<'a>(entries: &'a [Entry], label: &str) -> Option<&'a Entry> {
        entries.iter().find_map(|entry| match entry {
            Entry::Action { label: l, .. } | Entry::Choice { label: l, .. } if l == label => Some(entry),
            Entry::Submenu { label: l, .. } if l == label => Some(entry),
            Entry::Submenu { entries, .. } => find(entries, label),
            _ => None,
        })
    }

    fn id(entry: &Entry) -> &str {
        match entry {
            Entry::Action { id, .. } | Entry::Choice { id, .. } => id,
            other => panic!("{other:?} has no id"),
        }
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-03-02T10:00:00+01:00").unwrap()
    }

    #[test]
    fn the_active_menu_reads_as_specified() {
        let got = labels(&menu(&report(Mode::Active)));
        let want = [
            "Next: posture check in 7 min · sitting 43 min (info)",
            "---",
            "Movement break now",
            "Posture check now",
            "Snooze/",
            "Snooze/15 minutes",
            "Snooze/30 minutes",
            "Snooze/1 hour",
            "Snooze/Until the meeting ends (off)",
            "Resume (off)",
            "Pause/",
            "Pause/1 hour",
            "Pause/Until tomorrow",
            "Pause/Until I resume",
            "Intervals/",
            "Intervals/Posture check/",
            "Intervals/Posture check/[ ] Every 15 min",
            "Intervals/Posture check/[ ] Every 20 min",
            "Intervals/Posture check/[x] Every 25 min",
            "Intervals/Posture check/[ ] Every 30 min",
            "Intervals/Posture check/[ ] Every 45 min",
            "Intervals/Movement break/",
            "Intervals/Movement break/[ ] Every 30 min",
            "Intervals/Movement break/[ ] Every 45 min",
            "Intervals/Movement break/[x] Every 55 min",
            "Intervals/Movement break/[ ] Every 1 h",
            "Intervals/Movement break/[ ] Every 1 h 30 min",
            "---",
            "When to see a doctor",
            "Open settings",
            "Quit",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn paused_offers_resume_and_disables_breaks() {
        let mut paused = report(Mode::Paused);
        paused.paused_until = None;
        let got = labels(&menu(&paused));
        assert_eq!(got[0], "Paused (info)");
        assert!(got.contains(&"Movement break now (off)".to_string()), "{got:?}");
        assert!(got.contains(&"Snooze/ (off)".to_string()), "{got:?}");
        assert!(got.contains(&"Resume".to_string()), "{got:?}");
        assert!(got.contains(&"Pause/ (off)".to_string()), "the pause submenu is greyed out while paused: {got:?}");
    }

    /// The tray host addresses entries by place: every state gives the same shape.
    #[test]
    fn the_menu_keeps_one_shape_in_every_state() {
        let shape = |entries: &[Entry]| labels(entries).iter().map(|l| l.matches('/').count()).collect::<Vec<_>>();
        let active = shape(&menu(&report(Mode::Active)));
        for mode in [Mode::Paused, Mode::Snoozed, Mode::Meeting, Mode::Away, Mode::OutsideSchedule] {
            let mut state = report(mode);
            state.meeting_until = Some("2026-03-02T10:45:00+01:00".into());
            assert_eq!(shape(&menu(&state)), active, "{mode:?}");
            assert_eq!(menu(&state).len(), menu(&report(Mode::Active)).len(), "{mode:?}");
        }
    }

    #[test]
    fn snoozed_offers_resume_and_pause() {
        let mut snoozed = report(Mode::Snoozed);
        snoozed.snoozed_until = Some("2026-03-02T14:30:00+01:00".into());
        let got = labels(&menu(&snoozed));
        assert_eq!(got[0], "Snoozed until 14:30 (info)");
        assert!(got.contains(&"Resume".to_string()) && got.contains(&"Pause/".to_string()), "{got:?}");
    }

    #[test]
    fn a_meeting_with_an_end_offers_snoozing_until_it_ends() {
        let mut meeting = report(Mode::Meeting);
        meeting.meeting_until = Some("2026-03-02T10:45:00+01:00".into());
        let entries = menu(&meeting);
        let item = find(&entries, "Until the meeting ends").expect("offered in a meeting");
        assert_eq!(click(id(item), now()), Some(Click::Command("snooze 2701s".into())));
        let outside = menu(&report(Mode::Active));
        let greyed = find(&outside, "Until the meeting ends").expect("kept in place, greyed out");
        assert_eq!(click(id(greyed), now()), None, "and a click on it does nothing");
    }

    #[test]
    fn an_unusual_configured_interval_is_a_checked_choice() {
        let mut custom = report(Mode::Active);
        custom.every_seconds.micro = 22 * 60;
        let got = labels(&menu(&custom));
        let micro: Vec<&String> = got.iter().filter(|l| l.starts_with("Intervals/Posture check/[")).collect();
        assert_eq!(micro.len(), 6);
        assert_eq!(micro[2], "Intervals/Posture check/[x] Every 22 min");
        assert_eq!(micro.iter().filter(|l| l.contains("[x]")).count(), 1);
    }

    #[test]
    fn the_today_line_shows_once_statistics_exist() {
        let mut today = report(Mode::Active);
        assert!(!labels(&menu(&today)).iter().any(|l| l.starts_with("Today")));
        today.today = Some(TodaySummary { sitting_seconds: 3 * 3600 + 12 * 60, breaks_taken: 6, breaks_due: 8 });
        today.today_sitting_seconds = 3 * 3600 + 12 * 60;
        assert_eq!(labels(&menu(&today))[1], "Today: 3 h 12 min sitting · 6 breaks (info)");
    }

    #[test]
    fn without_an_idle_monitor_the_menu_says_time_away_counts_as_sitting() {
        let mut blind = report(Mode::Active);
        blind.idle_backend = "none".into();
        let lines = labels(&menu(&blind));
        assert_eq!(lines[1], "Keyboard and mouse unseen: time away counts as sitting (info)", "{lines:#?}");
        assert!(!labels(&menu(&report(Mode::Active))).iter().any(|l| l.contains("unseen")));
    }

    #[test]
    fn dutch_menus_are_dutch() {
        let mut dutch = report(Mode::Active);
        dutch.language = "nl".into();
        let got = labels(&menu(&dutch));
        assert_eq!(got[0], "Volgende: houdingscheck over 7 min · zit al 43 min (info)");
        assert!(got.contains(&"Nu een beweegpauze".to_string()) && got.contains(&"Afsluiten".to_string()), "{got:?}");
    }

    #[test]
    fn clicks_become_the_cli_words() {
        let entries = menu(&report(Mode::Active));
        let words = |label: &str| match click(id(find(&entries, label).unwrap()), now()) {
            Some(Click::Command(words)) => words,
            other => panic!("{label}: {other:?}"),
        };
        assert_eq!(words("Movement break now"), "break rest");
        assert_eq!(words("Posture check now"), "break micro");
        assert_eq!(words("30 minutes"), "snooze 30m");
        assert_eq!(words("Until tomorrow"), "pause --until tomorrow");
        assert_eq!(words("Until I resume"), "pause");
        assert_eq!(words("Every 20 min"), "interval micro 1200s");
        assert_eq!(words("Quit"), "quit");
        assert_eq!(click(id(find(&entries, "Open settings").unwrap()), now()), Some(Click::OpenSettings));
        assert_eq!(
            click(id(find(&entries, "When to see a doctor").unwrap()), now()),
            Some(Click::WarningSigns(Lang::En))
        );
        assert_eq!(click("something else", now()), None);
        // Every command a click sends is one the daemon's parser accepts.
        let at = crate::core::time::Time::from_chrono(&now());
        let zone = crate::core::time::Zone::utc();
        for entry in flatten(&entries) {
            if let Some(Click::Command(words)) = click(id(entry), now())
                && words != "quit"
            {
                crate::core::command::parse(&words, at, &zone).unwrap_or_else(|e| panic!("{words}: {e}"));
            }
        }
    }

    fn flatten(entries: &[Entry]) -> Vec<&Entry> {
        entries
            .iter()
            .flat_map(|entry| match entry {
                Entry::Submenu { entries, .. } => flatten(entries),
                Entry::Action { .. } | Entry::Choice { .. } => vec![entry],
                _ => vec![],
            })
            .collect()
    }

    /// What the tray shows for a report: menu, tooltip and ring step.
    fn shown(report: &StatusReport) -> (Vec<Entry>, String, u64) {
        (menu(report), tooltip(report), ring_step(report))
    }

    #[test]
    fn next_change_is_exactly_when_the_display_changes() {
        for (in_seconds, micro_sitting, rest_sitting, breaks) in
            [(420, 1080, 2580, None), (1500, 0, 0, Some(2)), (61, 1439, 1439, None), (119, 17, 3001, Some(0))]
        {
            let mut start = report(Mode::Active);
            start.next_break.in_seconds = in_seconds;
            start.sitting_seconds = crate::control::protocol::Sitting { micro: micro_sitting, rest: rest_sitting };
            start.today =
                breaks.map(|breaks_taken| TodaySummary { sitting_seconds: 0, breaks_taken, breaks_due: breaks_taken });
            let mut elapsed = 0;
            // Walk the whole countdown change by change.
            while let Some(step) = next_change(&advance(&start, elapsed)) {
                let now = advance(&start, elapsed);
                if step > 1 {
                    assert_eq!(shown(&advance(&start, elapsed + step - 1)), shown(&now), "early at {elapsed}+{step}");
                }
                assert_ne!(shown(&advance(&start, elapsed + step)), shown(&now), "no change at {elapsed}+{step}");
                elapsed += step;
                assert!(elapsed <= in_seconds + 60, "the walk ends when the break is due");
                if advance(&start, elapsed).next_break.in_seconds == 0 {
                    break;
                }
            }
        }
    }

    #[test]
    fn still_clocks_need_no_wake_up() {
        for state in [Mode::Away, Mode::Paused, Mode::Snoozed, Mode::Meeting, Mode::OutsideSchedule] {
            assert_eq!(next_change(&report(state)), None, "{state:?}");
            assert_eq!(advance(&report(state), 600), report(state));
        }
        let mut due = report(Mode::Active);
        due.pending = Some(Kind::Micro);
        assert_eq!(next_change(&due), None);
    }

    #[test]
    fn the_ring_fills_in_steps() {
        let mut r = report(Mode::Active);
        r.next_break.in_seconds = 25 * 60;
        assert_eq!(ring_step(&r), 0);
        r.next_break.in_seconds = 0;
        assert_eq!(ring_step(&r), RING_STEPS);
        r.next_break.in_seconds = 7 * 60;
        assert_eq!(ring_step(&r), 18 * 16 / 25);
    }
}
