//! `posture simulate --history`: replay recorded activity under another configuration.
//!
//! The recorded periods become inputs, the way the senses would have reported them: sitting
//! is input, away is input stopping at the start of the period (so the other configuration's
//! `away_after` decides again whether it was away), a meeting is a meeting and an `off` period
//! a pause. The [`Session`] is woken at every deadline as the daemon does, and nobody answers
//! the reminders, so a reminder ends when the user walks away, as most do.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::core::config::Config;
use crate::core::engine::{Action, Command, Engine, Input, Timed};
use crate::core::session::Session;
use crate::core::stats::{History, Period, PeriodKind};
use crate::core::time::{Time, Zone};
use crate::core::tips::Catalogue;

/// Reminders on one day: as recorded, and under the other configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayComparison {
    pub date: NaiveDate,
    pub recorded: u32,
    pub simulated: u32,
}

/// Replays the periods of `history` on the days `first..=last` under `config`.
pub fn replay(
    history: &History,
    config: Config,
    catalogue: Arc<Catalogue>,
    zone: Zone,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<DayComparison> {
    let mut out: Vec<DayComparison> = first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|date| DayComparison { date, recorded: 0, simulated: 0 })
        .collect();
    let index = |t: Time| {
        let date = zone.local(t).date();
        (first..=last).contains(&date).then(|| (date - first).num_days() as usize)
    };
    for row in &history.breaks {
        if let (Some(at), false) = (row.reminded, row.requested)
            && let Some(i) = index(at)
        {
            out[i].recorded += 1;
        }
    }

    let mut periods: Vec<Period> = history.periods.iter().chain(history.open.iter()).copied().collect();
    periods.sort_by_key(|p| p.start);
    let Some(start) = periods.first().map(|p| p.start) else {
        return out;
    };
    let mut session = Session::new(Engine::new(config, catalogue, zone, start, 0x5eed));
    let count = |session: &mut Session, out: &mut Vec<DayComparison>| {
        while let Some(Timed { at, action }) = session.poll_action() {
            if let Action::BreakDue { repeat: 0, requested: false, .. } = action
                && let Some(i) = index(at)
            {
                out[i].simulated += 1;
            }
        }
    };
    let feed = |session: &mut Session, input: Input, at: Time, out: &mut Vec<DayComparison>| {
        while let Some(deadline) = session.next_deadline().filter(|d| *d <= at) {
            session.handle_timeout(deadline);
            count(session, out);
        }
        // Recorded periods may touch or overlap by a moment; that is not the clock going back.
        let at = at.max(session.now());
        // Only commands can be refused, and these commands apply in any state.
        let _ = session.handle(input, at);
        count(session, out);
    };
    let mut previous: Option<Period> = None;
    for period in periods {
        if let Some(prev) = previous {
            match prev.kind {
                PeriodKind::Off => feed(&mut session, Input::Command(Command::Resume), period.start, &mut out),
                PeriodKind::Meeting => feed(&mut session, Input::Command(Command::MeetingEnd), period.start, &mut out),
                PeriodKind::Sitting | PeriodKind::Away => {}
            }
            if prev.end < period.start && prev.kind != PeriodKind::Away {
                // posture was not running: nothing is known, which is no input.
                feed(&mut session, Input::Idle { since: prev.end }, prev.end, &mut out);
            }
        }
        let input = match period.kind {
            PeriodKind::Sitting => Input::Active,
            PeriodKind::Away => Input::Idle { since: period.start },
            PeriodKind::Meeting => Input::Command(Command::MeetingStart { until: None }),
            PeriodKind::Off => Input::Command(Command::Pause { until: None }),
        };
        feed(&mut session, input, period.start, &mut out);
        previous = Some(period);
    }
    if let Some(last) = previous {
        feed(&mut session, Input::Idle { since: last.end }, last.end, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Kind;
    use crate::core::stats::Record;
    use chrono::NaiveTime;

    fn t(hh: u32, mm: u32) -> Time {
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        Zone::utc().instant(date.and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap()))
    }

    #[test]
    fn a_longer_interval_gives_fewer_reminders_on_the_same_morning() {
        let mut history = History::default();
        for (kind, start, end) in [
            (PeriodKind::Sitting, t(9, 0), t(10, 40)),
            (PeriodKind::Away, t(10, 40), t(10, 50)),
            (PeriodKind::Sitting, t(10, 50), t(12, 0)),
        ] {
            history.apply(&Record::Open { kind, start });
            history.apply(&Record::Close { end });
        }
        history.apply(&Record::Reminder { at: t(9, 25), kind: Kind::Micro, tip: None, requested: false });
        let date = t(9, 0).to_utc().date_naive();
        let run = |text: &str| {
            let config = Config::parse(text, "test.toml").unwrap();
            replay(&history, config, Arc::new(Catalogue::builtin()), Zone::utc(), date, date)
        };
        let defaults = run("");
        assert_eq!(defaults[0].recorded, 1);
        let relaxed = run("[micro]\nevery = \"50m\"\n[rest]\nevery = \"90m\"\n");
        assert!(defaults[0].simulated > relaxed[0].simulated, "{defaults:?} vs {relaxed:?}");
        assert!(relaxed[0].simulated >= 1, "{relaxed:?}");
    }
}
