//! Every user-facing sentence posture shows, in Dutch and English: notification titles, action
//! labels and the pieces of the status line that `posture status` and the tray print.
//!
//! Messages are typed ([`Message`]) so a caller cannot forget a field or pass minutes where a
//! clock time belongs, and rendering ([`render`]) is a plain `match` per language: the texts
//! are few, and keeping both languages side by side makes a missing translation obvious.
//!
//! Durations come in two forms: long ("1 hour and 5 minutes", "1 uur en 5 minuten") for
//! sentences with room, short ("1 h 5 min", "1 u 5 min") for buttons and the status line.

use std::time::Duration;

use chrono::NaiveTime;

use super::meeting_sources::Source;
use super::{Kind, Lang};

/// One user-facing text, with whatever it needs to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The name of a break, as a menu entry: "Posture check", "Movement break".
    BreakName {
        kind: Kind,
    },
    /// Title of a first reminder.
    BreakTitle {
        kind: Kind,
    },
    /// Title of a reminder that repeats one the user has not acted on.
    RepeatTitle {
        kind: Kind,
    },
    /// Title of the once-a-day notice that sitting reached `daily.limit`.
    DailyLimitTitle {
        sitting: Duration,
    },
    /// Body of the daily-limit notice: a nudge for the rest of the day.
    DailyLimitBody,
    /// Title of a notification whose body is a located configuration error.
    ConfigErrorTitle,
    /// Action label: the break was taken.
    Done,
    /// Action label: hold reminders for the configured snooze.
    Snooze {
        snooze: Duration,
    },
    /// Action label: skip this break.
    Skip,
    /// First line of a reminder's body: how long the break lasts.
    BreakLength {
        length: Duration,
    },
    /// Title of the quiet warning before a break.
    SoonTitle {
        kind: Kind,
        due_in: Duration,
    },
    /// Body of the warning.
    SoonBody,
    /// Action label on the warning: take the break now.
    StartNow,
    /// Title of the notification that replaces a reminder once the break is taken.
    BreakDoneTitle,
    /// Status: the next break and how long the user has been sitting.
    Next {
        kind: Kind,
        due_in: Duration,
        sitting: Duration,
    },
    /// Status: a break is due now.
    BreakDue {
        kind: Kind,
    },
    /// Status: reminders are snoozed until a local clock time.
    SnoozedUntil {
        until: NaiveTime,
    },
    /// Status: paused until resumed.
    Paused,
    /// Status: paused until a local clock time.
    PausedUntil {
        until: NaiveTime,
    },
    /// Status: in a meeting with no known end.
    InMeeting,
    /// Status: in a meeting until a local clock time.
    InMeetingUntil {
        until: NaiveTime,
    },
    /// Status: the user is away from the computer.
    Away,
    /// Status: outside the configured `[schedule]`.
    OutsideSchedule,
    /// Tray menu: take a rest break now.
    MenuTakeBreak,
    /// Tray menu: take a micro break (posture check) now.
    MenuQuickCheck,
    /// Tray menu: the snooze submenu.
    MenuSnooze,
    /// Tray menu: snooze or pause for this long.
    MenuFor {
        length: Duration,
    },
    /// Tray menu: snooze until the meeting in progress ends.
    MenuUntilMeetingEnds,
    /// Tray menu: the pause submenu.
    MenuPause,
    /// Tray menu: pause until midnight.
    MenuUntilTomorrow,
    /// Tray menu: pause with no end.
    MenuUntilResumed,
    /// Tray menu: end a pause or a snooze.
    MenuResume,
    /// Tray menu: the intervals submenu.
    MenuIntervals,
    /// Tray menu: one interval choice ("25 min").
    MenuEvery {
        every: Duration,
    },
    /// Tray menu: what today looked like so far.
    MenuToday {
        sitting: Duration,
        breaks: u32,
    },
    /// Tray menu: open the config file.
    MenuOpenSettings,
    /// Tray menu: stop posture.
    MenuQuit,
    /// Heading of `posture tip --warning-signs`.
    WarningSignsIntro,
    /// Tray menu: show the warning signs.
    MenuWarningSigns,
    /// Heading of `posture tip --advice`.
    AdviceIntro,
    /// No idle monitor works on this desktop: title and body of the one-time notice.
    NoIdleMonitorTitle,
    NoIdleMonitorBody,
    /// `posture quit`: the daemon stopped.
    Stopped,
    /// `posture config check` with no file at the default path.
    NoConfigFile {
        path: String,
    },
}

/// Renders a message in a language.
pub fn render(lang: Lang, msg: &Message) -> String {
    match lang {
        Lang::En => english(msg),
        Lang::Nl => dutch(msg),
    }
}

fn english(msg: &Message) -> String {
    match msg {
        Message::BreakName { kind: Kind::Micro } => "Posture check".into(),
        Message::BreakName { kind: Kind::Rest } => "Movement break".into(),
        Message::BreakTitle { kind: Kind::Micro } => "Posture check".into(),
        Message::BreakTitle { kind: Kind::Rest } => "Time to stand up and move".into(),
        Message::RepeatTitle { kind: Kind::Micro } => "Still sitting — posture check".into(),
        Message::RepeatTitle { kind: Kind::Rest } => "Still sitting — time to stand up and move".into(),
        Message::DailyLimitTitle { sitting } => format!("{} of sitting today", duration_long(Lang::En, *sitting)),
        Message::DailyLimitBody => {
            "That is enough sitting for one day. Make the rest of it active: a walk, the stairs, a call taken standing."
                .into()
        }
        Message::ConfigErrorTitle => "Your posture config has an error".into(),
        Message::Done => "Done".into(),
        Message::Snooze { snooze } => format!("Snooze {}", duration_short(Lang::En, *snooze)),
        Message::Skip => "Skip".into(),
        Message::BreakLength { length } => {
            format!("Take {} away from keyboard and mouse.", duration_short(Lang::En, *length))
        }
        Message::SoonTitle { kind, due_in } => {
            format!("{} in {}", english(&Message::BreakName { kind: *kind }), duration_short(Lang::En, *due_in))
        }
        Message::SoonBody => "Finish what you are doing, or start now.".into(),
        Message::StartNow => "Start now".into(),
        Message::BreakDoneTitle => "Break done".into(),
        Message::Next { kind, due_in, sitting } => format!(
            "Next: {} in {} · sitting {}",
            kind_in_sentence(Lang::En, *kind),
            duration_short(Lang::En, round_up_to_minute(*due_in)),
            duration_short(Lang::En, *sitting)
        ),
        Message::BreakDue { kind: Kind::Micro } => "Break due: posture check".into(),
        Message::BreakDue { kind: Kind::Rest } => "Break due: stand up and move".into(),
        Message::SnoozedUntil { until } => format!("Snoozed until {}", clock(*until)),
        Message::Paused => "Paused".into(),
        Message::PausedUntil { until } => format!("Paused until {}", clock(*until)),
        Message::InMeeting => "In a meeting".into(),
        Message::InMeetingUntil { until } => format!("In a meeting until {}", clock(*until)),
        Message::Away => "Away".into(),
        Message::OutsideSchedule => "Outside your schedule".into(),
        Message::MenuTakeBreak => "Take a break now".into(),
        Message::MenuQuickCheck => "Quick posture check".into(),
        Message::MenuSnooze => "Snooze".into(),
        Message::MenuFor { length } => duration_long(Lang::En, *length),
        Message::MenuUntilMeetingEnds => "Until the meeting ends".into(),
        Message::MenuPause => "Pause".into(),
        Message::MenuUntilTomorrow => "Until tomorrow".into(),
        Message::MenuUntilResumed => "Until I resume".into(),
        Message::MenuResume => "Resume".into(),
        Message::MenuIntervals => "Intervals".into(),
        Message::MenuEvery { every } => format!("Every {}", duration_short(Lang::En, *every)),
        Message::MenuToday { sitting, breaks } => format!(
            "Today: {} sitting · {breaks} {}",
            duration_short(Lang::En, *sitting),
            if *breaks == 1 { "break" } else { "breaks" }
        ),
        Message::MenuOpenSettings => "Open settings".into(),
        Message::MenuQuit => "Quit".into(),
        Message::WarningSignsIntro => "Warning signs: reasons to see a doctor, not break exercises.".into(),
        Message::MenuWarningSigns => "When to see a doctor".into(),
        Message::AdviceIntro => "Advice for your workplace and your day, not break exercises.".into(),
        Message::NoIdleMonitorTitle => "posture cannot see your keyboard and mouse".into(),
        Message::Stopped => "posture stopped.".into(),
        Message::NoConfigFile { path } => {
            format!("{path}: no such file; the built-in defaults apply (`posture config init --write` creates it)")
        }
        Message::NoIdleMonitorBody => {
            "Time away from the desk counts as sitting until you lock the screen. posture needs \
             Mutter's idle monitor on GNOME, ext-idle-notify-v1 or org_kde_kwin_idle from other Wayland compositors, \
             or the MIT-SCREEN-SAVER extension on X11."
                .into()
        }
    }
}

fn dutch(msg: &Message) -> String {
    match msg {
        Message::BreakName { kind: Kind::Micro } => "Houdingscheck".into(),
        Message::BreakName { kind: Kind::Rest } => "Beweegpauze".into(),
        Message::BreakTitle { kind: Kind::Micro } => "Houdingscheck".into(),
        Message::BreakTitle { kind: Kind::Rest } => "Tijd om op te staan en te bewegen".into(),
        Message::RepeatTitle { kind: Kind::Micro } => "Je zit nog steeds — houdingscheck".into(),
        Message::RepeatTitle { kind: Kind::Rest } => "Je zit nog steeds — tijd om op te staan en te bewegen".into(),
        Message::DailyLimitTitle { sitting } => format!("Vandaag al {} gezeten", duration_long(Lang::Nl, *sitting)),
        Message::DailyLimitBody => {
            "Genoeg gezeten voor vandaag. Maak de rest van de dag actief: een wandeling, de trap, staand bellen.".into()
        }
        Message::ConfigErrorTitle => "Er zit een fout in je posture-configuratie".into(),
        Message::Done => "Klaar".into(),
        Message::Snooze { snooze } => format!("{} uitstellen", duration_short(Lang::Nl, *snooze)),
        Message::Skip => "Overslaan".into(),
        Message::BreakLength { length } => {
            format!("Neem {} afstand van toetsenbord en muis.", duration_short(Lang::Nl, *length))
        }
        Message::SoonTitle { kind, due_in } => {
            format!("{} over {}", dutch(&Message::BreakName { kind: *kind }), duration_short(Lang::Nl, *due_in))
        }
        Message::SoonBody => "Rond af waar je mee bezig bent, of begin nu.".into(),
        Message::StartNow => "Nu beginnen".into(),
        Message::BreakDoneTitle => "Pauze gedaan".into(),
        Message::Next { kind, due_in, sitting } => format!(
            "Volgende: {} over {} · {} zittend",
            kind_in_sentence(Lang::Nl, *kind),
            duration_short(Lang::Nl, round_up_to_minute(*due_in)),
            duration_short(Lang::Nl, *sitting)
        ),
        Message::BreakDue { kind: Kind::Micro } => "Pauze nu: houdingscheck".into(),
        Message::BreakDue { kind: Kind::Rest } => "Pauze nu: sta op en beweeg".into(),
        Message::SnoozedUntil { until } => format!("Uitgesteld tot {}", clock(*until)),
        Message::Paused => "Gepauzeerd".into(),
        Message::PausedUntil { until } => format!("Gepauzeerd tot {}", clock(*until)),
        Message::InMeeting => "In een vergadering".into(),
        Message::InMeetingUntil { until } => format!("In een vergadering tot {}", clock(*until)),
        Message::Away => "Afwezig".into(),
        Message::OutsideSchedule => "Buiten je schema".into(),
        Message::MenuTakeBreak => "Nu pauze nemen".into(),
        Message::MenuQuickCheck => "Snelle houdingscheck".into(),
        Message::MenuSnooze => "Uitstellen".into(),
        Message::MenuFor { length } => duration_long(Lang::Nl, *length),
        Message::MenuUntilMeetingEnds => "Tot de vergadering afloopt".into(),
        Message::MenuPause => "Pauzeren".into(),
        Message::MenuUntilTomorrow => "Tot morgen".into(),
        Message::MenuUntilResumed => "Tot ik hervat".into(),
        Message::MenuResume => "Hervatten".into(),
        Message::MenuIntervals => "Intervallen".into(),
        Message::MenuEvery { every } => format!("Elke {}", duration_short(Lang::Nl, *every)),
        Message::MenuToday { sitting, breaks } => format!(
            "Vandaag: {} zittend · {breaks} {}",
            duration_short(Lang::Nl, *sitting),
            if *breaks == 1 { "pauze" } else { "pauzes" }
        ),
        Message::MenuOpenSettings => "Instellingen openen".into(),
        Message::MenuQuit => "Afsluiten".into(),
        Message::WarningSignsIntro => {
            "Waarschuwingssignalen: redenen om naar een arts te gaan, geen pauzeoefening.".into()
        }
        Message::AdviceIntro => "Adviezen voor je werkplek en je dag, geen pauzeoefening.".into(),
        Message::NoIdleMonitorTitle => "posture ziet je toetsenbord en muis niet".into(),
        Message::Stopped => "posture is gestopt.".into(),
        Message::NoConfigFile { path } => {
            format!(
                "{path}: bestaat niet; de ingebouwde standaardinstellingen gelden (`posture config init --write` maakt het aan)"
            )
        }
        Message::NoIdleMonitorBody => "Tijd weg van je bureau telt als zitten, tot je het scherm vergrendelt. posture \
             heeft nodig: de idle-monitor van Mutter op GNOME, ext-idle-notify-v1 of org_kde_kwin_idle van andere \
             Wayland-compositors, of de MIT-SCREEN-SAVER-extensie op X11."
            .into(),
        Message::MenuWarningSigns => "Wanneer naar de dokter".into(),
    }
}

/// The break's name in the middle of a sentence (lower case in both languages).
fn kind_in_sentence(lang: Lang, kind: Kind) -> &'static str {
    match (lang, kind) {
        (Lang::En, Kind::Micro) => "posture check",
        (Lang::En, Kind::Rest) => "movement break",
        (Lang::Nl, Kind::Micro) => "houdingscheck",
        (Lang::Nl, Kind::Rest) => "beweegpauze",
    }
}

/// A meeting source's name, as the status line lists the sources holding a meeting.
pub fn meeting_source(lang: Lang, source: Source) -> &'static str {
    match (lang, source) {
        (Lang::En, Source::Manual) => "you",
        (Lang::En, Source::Camera) => "camera",
        (Lang::En, Source::Microphone) => "microphone",
        (Lang::En, Source::Calendar) => "calendar",
        (Lang::En, Source::DoNotDisturb) => "do not disturb",
        (Lang::En, Source::Fullscreen) => "fullscreen window",
        (Lang::Nl, Source::Manual) => "jij",
        (Lang::Nl, Source::Camera) => "camera",
        (Lang::Nl, Source::Microphone) => "microfoon",
        (Lang::Nl, Source::Calendar) => "agenda",
        (Lang::Nl, Source::DoNotDisturb) => "niet storen",
        (Lang::Nl, Source::Fullscreen) => "venster op volledig scherm",
    }
}

/// Both languages write clock times on the 24-hour clock in the status line, so "14:30".
fn clock(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A countdown reads "in 1 min" with 20 seconds left rather than "in 0 min", which would suggest
/// the break is already due.
fn round_up_to_minute(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs().div_ceil(60) * 60)
}

/// Splits a duration for display: hours and whole minutes, or seconds when under a minute
/// (a snooze of "30s" is valid configuration). Leftover seconds beyond a minute are dropped:
/// nobody reads "sitting 43 min 12 s".
enum Parts {
    Seconds(u64),
    HoursMinutes(u64, u64),
}

fn parts(d: Duration) -> Parts {
    let secs = d.as_secs();
    if secs > 0 && secs < 60 { Parts::Seconds(secs) } else { Parts::HoursMinutes(secs / 3600, secs / 60 % 60) }
}

/// A duration in words with correct plurals: "1 minute", "5 minutes", "2 hours and 1 minute";
/// "1 minuut", "5 minuten", "2 uur en 1 minuut" (Dutch "uur" has no plural after a number).
pub fn duration_long(lang: Lang, d: Duration) -> String {
    let unit = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (second, minute, hour, and) = match lang {
        Lang::En => (("second", "seconds"), ("minute", "minutes"), ("hour", "hours"), "and"),
        Lang::Nl => (("seconde", "seconden"), ("minuut", "minuten"), ("uur", "uur"), "en"),
    };
    match parts(d) {
        Parts::Seconds(s) => unit(s, second.0, second.1),
        Parts::HoursMinutes(0, m) => unit(m, minute.0, minute.1),
        Parts::HoursMinutes(h, 0) => unit(h, hour.0, hour.1),
        Parts::HoursMinutes(h, m) => format!("{} {and} {}", unit(h, hour.0, hour.1), unit(m, minute.0, minute.1)),
    }
}

/// A duration abbreviated where space is tight: "7 min", "1 h 30 min", "30 s"; Dutch writes
/// "u" for uur ("1 u 30 min").
pub fn duration_short(lang: Lang, d: Duration) -> String {
    let hour = match lang {
        Lang::En => "h",
        Lang::Nl => "u",
    };
    match parts(d) {
        Parts::Seconds(s) => format!("{s} s"),
        Parts::HoursMinutes(0, m) => format!("{m} min"),
        Parts::HoursMinutes(h, 0) => format!("{h} {hour}"),
        Parts::HoursMinutes(h, m) => format!("{h} {hour} {m} min"),
    }
}

/// Escapes the characters markup gives a meaning to (`&`, `<`, `>`): for notification bodies,
/// which most servers read as markup, and for XML and HTML text.
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The words of `posture stats` and `posture report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsLabels {
    /// "Last {n} days" comes before the number and after it; the last word for one day.
    pub last_days: (&'static str, &'static str),
    pub last_day: &'static str,
    pub day: &'static str,
    pub sitting: &'static str,
    pub longest: &'static str,
    pub breaks: &'static str,
    pub total: &'static str,
    pub no_history: &'static str,
    pub report_title: &'static str,
    pub sitting_per_day: &'static str,
    pub long_stretches: &'static str,
    pub long_stretches_note: &'static str,
    pub compliance: &'static str,
    pub compliance_note: &'static str,
    pub tips: &'static str,
    pub no_tips: &'static str,
    /// The report's section of advice for the areas whose exercises were skipped.
    pub advice: &'static str,
    pub advice_note: &'static str,
    /// Where the reasons to see a doctor are.
    pub warning_signs: &'static str,
    pub generated: &'static str,
    /// Outcome names in the order of `core::stats::Outcome::ALL`.
    pub outcomes: [&'static str; 5],
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
}

pub fn stats_labels(lang: Lang) -> StatsLabels {
    match lang {
        Lang::En => StatsLabels {
            last_days: ("Last", "days"),
            last_day: "day",
            day: "Day",
            sitting: "Sitting",
            longest: "Longest",
            breaks: "Breaks",
            total: "Total",
            no_history: "No history recorded yet: the daemon records it while it runs.",
            report_title: "Your sitting week",
            sitting_per_day: "Sitting per day",
            long_stretches: "When the long stretches happen",
            long_stretches_note: "Sitting per hour of the day within stretches of an hour or more without a break.",
            compliance: "Breaks",
            compliance_note: "How each break ended: taken after a reminder, taken on your own, skipped, snoozed or left unanswered.",
            tips: "Tips that came up",
            no_tips: "No reminders in this period.",
            advice: "Advice for your week",
            advice_note: "For the areas of the exercises you skipped.",
            warning_signs: "When to see a doctor: `posture tip --warning-signs`, or the tray menu.",
            generated: "Generated",
            outcomes: ["taken", "on your own", "skipped", "snoozed", "ignored"],
            weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        },
        Lang::Nl => StatsLabels {
            last_days: ("Laatste", "dagen"),
            last_day: "dag",
            day: "Dag",
            sitting: "Zitten",
            longest: "Langst",
            breaks: "Pauzes",
            total: "Totaal",
            no_history: "Nog geen geschiedenis: de daemon houdt die bij terwijl hij draait.",
            report_title: "Je zitweek",
            sitting_per_day: "Zitten per dag",
            long_stretches: "Wanneer de lange zitperiodes vallen",
            long_stretches_note: "Zittijd per uur van de dag binnen periodes van een uur of langer zonder pauze.",
            compliance: "Pauzes",
            compliance_note: "Hoe elke pauze afliep: genomen na een herinnering, uit jezelf, overgeslagen, uitgesteld of onbeantwoord.",
            tips: "Tips die langskwamen",
            no_tips: "Geen herinneringen in deze periode.",
            advice: "Advies voor je week",
            advice_note: "Voor de lichaamsdelen van de oefeningen die je hebt overgeslagen.",
            warning_signs: "Wanneer naar de dokter: `posture tip --warning-signs`, of het menu in de systeembalk.",
            generated: "Gemaakt",
            outcomes: ["genomen", "uit jezelf", "overgeslagen", "uitgesteld", "genegeerd"],
            weekdays: ["ma", "di", "wo", "do", "vr", "za", "zo"],
            months: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        },
    }
}

impl StatsLabels {
    /// "Mon 16 Nov", "ma 16 nov".
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!(
            "{} {:2} {}",
            self.weekdays[date.weekday().num_days_from_monday() as usize],
            date.day(),
            self.months[date.month0() as usize]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(n: u64) -> Duration {
        Duration::from_secs(n * 60)
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// One message per variant (and per kind where the text depends on it).
    fn samples() -> Vec<Message> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            out.push(Message::BreakName { kind });
            out.push(Message::BreakTitle { kind });
            out.push(Message::RepeatTitle { kind });
            out.push(Message::Next { kind, due_in: min(7), sitting: min(43) });
            out.push(Message::BreakDue { kind });
            out.push(Message::SoonTitle { kind, due_in: Duration::from_secs(30) });
        }
        out.extend([
            Message::DailyLimitTitle { sitting: min(8 * 60) },
            Message::DailyLimitBody,
            Message::ConfigErrorTitle,
            Message::Done,
            Message::Snooze { snooze: min(10) },
            Message::Skip,
            Message::BreakLength { length: Duration::from_secs(30) },
            Message::SoonBody,
            Message::StartNow,
            Message::BreakDoneTitle,
            Message::SnoozedUntil { until: at(14, 30) },
            Message::Paused,
            Message::PausedUntil { until: at(15, 0) },
            Message::InMeeting,
            Message::InMeetingUntil { until: at(16, 0) },
            Message::Away,
            Message::OutsideSchedule,
            Message::MenuTakeBreak,
            Message::MenuQuickCheck,
            Message::MenuSnooze,
            Message::MenuFor { length: min(15) },
            Message::MenuUntilMeetingEnds,
            Message::MenuPause,
            Message::MenuUntilTomorrow,
            Message::MenuUntilResumed,
            Message::MenuResume,
            Message::MenuIntervals,
            Message::MenuEvery { every: min(25) },
            Message::MenuToday { sitting: min(192), breaks: 6 },
            Message::MenuOpenSettings,
            Message::MenuQuit,
            Message::WarningSignsIntro,
            Message::AdviceIntro,
            Message::NoIdleMonitorTitle,
            Message::NoIdleMonitorBody,
            Message::Stopped,
            Message::NoConfigFile { path: "/home/me/.config/posture/config.toml".into() },
            Message::MenuWarningSigns,
        ]);
        out
    }

    /// Numbers the variants; the match is exhaustive, so a new variant must be numbered here,
    /// and then `every_variant_is_sampled` fails until `samples` shows it too.
    fn variant(msg: &Message) -> usize {
        match msg {
            Message::BreakName { .. } => 0,
            Message::BreakTitle { .. } => 1,
            Message::RepeatTitle { .. } => 2,
            Message::DailyLimitTitle { .. } => 3,
            Message::DailyLimitBody => 4,
            Message::ConfigErrorTitle => 5,
            Message::Done => 6,
            Message::Snooze { .. } => 7,
            Message::Skip => 8,
            Message::Next { .. } => 9,
            Message::BreakDue { .. } => 10,
            Message::SnoozedUntil { .. } => 11,
            Message::Paused => 12,
            Message::PausedUntil { .. } => 13,
            Message::InMeeting => 14,
            Message::InMeetingUntil { .. } => 15,
            Message::Away => 16,
            Message::OutsideSchedule => 17,
            Message::MenuTakeBreak => 18,
            Message::MenuQuickCheck => 19,
            Message::MenuSnooze => 20,
            Message::MenuFor { .. } => 21,
            Message::MenuUntilMeetingEnds => 22,
            Message::MenuPause => 23,
            Message::MenuUntilTomorrow => 24,
            Message::MenuUntilResumed => 25,
            Message::MenuResume => 26,
            Message::MenuIntervals => 27,
            Message::MenuEvery { .. } => 28,
            Message::MenuToday { .. } => 29,
            Message::MenuOpenSettings => 30,
            Message::MenuQuit => 31,
            Message::WarningSignsIntro => 32,
            Message::AdviceIntro => 33,
            Message::MenuWarningSigns => 34,
            Message::BreakLength { .. } => 35,
            Message::SoonTitle { .. } => 36,
            Message::SoonBody => 37,
            Message::StartNow => 38,
            Message::BreakDoneTitle => 39,
            Message::NoIdleMonitorTitle => 40,
            Message::NoIdleMonitorBody => 41,
            Message::Stopped => 42,
            Message::NoConfigFile { .. } => 43,
        }
    }

    #[test]
    fn every_variant_is_sampled() {
        let mut seen: Vec<usize> = samples().iter().map(variant).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (0..=43).collect::<Vec<_>>());
    }

    #[test]
    fn every_message_renders_in_both_languages_and_differs() {
        for msg in samples() {
            let en = render(Lang::En, &msg);
            let nl = render(Lang::Nl, &msg);
            assert!(!en.trim().is_empty(), "{msg:?} is empty in English");
            assert!(!nl.trim().is_empty(), "{msg:?} is empty in Dutch");
            assert_ne!(en, nl, "{msg:?} is not translated");
        }
    }

    #[test]
    fn kinds_have_distinct_texts() {
        let makers: [fn(Kind) -> Message; 4] = [
            |kind| Message::BreakName { kind },
            |kind| Message::BreakTitle { kind },
            |kind| Message::RepeatTitle { kind },
            |kind| Message::BreakDue { kind },
        ];
        for make in makers {
            for lang in [Lang::En, Lang::Nl] {
                assert_ne!(render(lang, &make(Kind::Micro)), render(lang, &make(Kind::Rest)));
            }
        }
    }

    #[test]
    fn titles_and_labels_read_as_specified() {
        assert_eq!(render(Lang::En, &Message::BreakTitle { kind: Kind::Micro }), "Posture check");
        assert_eq!(render(Lang::Nl, &Message::BreakTitle { kind: Kind::Micro }), "Houdingscheck");
        assert_eq!(render(Lang::En, &Message::BreakTitle { kind: Kind::Rest }), "Time to stand up and move");
        assert_eq!(render(Lang::Nl, &Message::BreakTitle { kind: Kind::Rest }), "Tijd om op te staan en te bewegen");
        assert_eq!(render(Lang::En, &Message::Snooze { snooze: min(10) }), "Snooze 10 min");
        assert_eq!(render(Lang::Nl, &Message::Snooze { snooze: min(10) }), "10 min uitstellen");
        assert_eq!(render(Lang::En, &Message::DailyLimitTitle { sitting: min(8 * 60) }), "8 hours of sitting today");
        assert_eq!(render(Lang::Nl, &Message::DailyLimitTitle { sitting: min(8 * 60) }), "Vandaag al 8 uur gezeten");
    }

    #[test]
    fn the_break_moment_reads_as_specified() {
        let length = Message::BreakLength { length: Duration::from_secs(30) };
        assert_eq!(render(Lang::En, &length), "Take 30 s away from keyboard and mouse.");
        assert_eq!(
            render(Lang::Nl, &Message::BreakLength { length: min(5) }),
            "Neem 5 min afstand van toetsenbord en muis."
        );
        let soon = Message::SoonTitle { kind: Kind::Rest, due_in: Duration::from_secs(30) };
        assert_eq!(render(Lang::En, &soon), "Movement break in 30 s");
        assert_eq!(render(Lang::Nl, &soon), "Beweegpauze over 30 s");
        assert_eq!(render(Lang::En, &Message::BreakDoneTitle), "Break done");
        assert_eq!(render(Lang::Nl, &Message::BreakDoneTitle), "Pauze gedaan");
    }

    #[test]
    fn status_pieces_read_as_specified() {
        let next = Message::Next { kind: Kind::Micro, due_in: min(7), sitting: min(43) };
        assert_eq!(render(Lang::En, &next), "Next: posture check in 7 min · sitting 43 min");
        assert_eq!(render(Lang::Nl, &next), "Volgende: houdingscheck over 7 min · 43 min zittend");
        assert_eq!(render(Lang::En, &Message::SnoozedUntil { until: at(14, 30) }), "Snoozed until 14:30");
        assert_eq!(render(Lang::Nl, &Message::SnoozedUntil { until: at(14, 30) }), "Uitgesteld tot 14:30");
        assert_eq!(render(Lang::En, &Message::PausedUntil { until: at(15, 0) }), "Paused until 15:00");
        assert_eq!(render(Lang::Nl, &Message::PausedUntil { until: at(9, 5) }), "Gepauzeerd tot 09:05");
    }

    #[test]
    fn body_markup_characters_are_escaped() {
        assert_eq!(escape_markup("key = <1 & 2> here"), "key = &lt;1 &amp; 2&gt; here");
        assert_eq!(escape_markup("Sta op — loop even"), "Sta op — loop even");
    }

    #[test]
    fn tray_menu_texts_read_as_specified() {
        let today = Message::MenuToday { sitting: min(192), breaks: 6 };
        assert_eq!(render(Lang::En, &today), "Today: 3 h 12 min sitting · 6 breaks");
        assert_eq!(render(Lang::Nl, &today), "Vandaag: 3 u 12 min zittend · 6 pauzes");
        assert_eq!(
            render(Lang::En, &Message::MenuToday { sitting: min(5), breaks: 1 }),
            "Today: 5 min sitting · 1 break"
        );
        assert_eq!(render(Lang::En, &Message::MenuFor { length: min(60) }), "1 hour");
        assert_eq!(render(Lang::Nl, &Message::MenuEvery { every: min(90) }), "Elke 1 u 30 min");
    }

    #[test]
    fn countdown_rounds_up_and_sitting_rounds_down() {
        let next = Message::Next {
            kind: Kind::Rest,
            due_in: Duration::from_secs(6 * 60 + 20),
            sitting: Duration::from_secs(43 * 60 + 50),
        };
        assert_eq!(render(Lang::En, &next), "Next: movement break in 7 min · sitting 43 min");
        let almost = Message::Next { kind: Kind::Micro, due_in: Duration::from_secs(20), sitting: Duration::ZERO };
        assert_eq!(render(Lang::En, &almost), "Next: posture check in 1 min · sitting 0 min");
    }

    #[test]
    fn long_durations_have_correct_plurals() {
        let cases = [
            (Duration::ZERO, "0 minutes", "0 minuten"),
            (Duration::from_secs(1), "1 second", "1 seconde"),
            (Duration::from_secs(30), "30 seconds", "30 seconden"),
            (min(1), "1 minute", "1 minuut"),
            (min(5), "5 minutes", "5 minuten"),
            (min(60), "1 hour", "1 uur"),
            (min(120), "2 hours", "2 uur"),
            (min(61), "1 hour and 1 minute", "1 uur en 1 minuut"),
            (min(150), "2 hours and 30 minutes", "2 uur en 30 minuten"),
            (min(26 * 60), "26 hours", "26 uur"),
        ];
        for (d, en, nl) in cases {
            assert_eq!(duration_long(Lang::En, d), en);
            assert_eq!(duration_long(Lang::Nl, d), nl);
        }
    }

    #[test]
    fn short_durations_fit_tight_spaces() {
        let cases = [
            (Duration::ZERO, "0 min", "0 min"),
            (Duration::from_secs(30), "30 s", "30 s"),
            (min(7), "7 min", "7 min"),
            (Duration::from_secs(7 * 60 + 59), "7 min", "7 min"),
            (min(60), "1 h", "1 u"),
            (min(90), "1 h 30 min", "1 u 30 min"),
        ];
        for (d, en, nl) in cases {
            assert_eq!(duration_short(Lang::En, d), en);
            assert_eq!(duration_short(Lang::Nl, d), nl);
        }
    }
}
