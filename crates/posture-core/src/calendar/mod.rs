//! Calendars: iCalendar files into the meetings posture holds reminders for.
//!
//! [`Calendar::parse`] reads a file's events ([`Calendar::parse_bytes`] its bytes);
//! [`Calendar::expand`] lists every occurrence that overlaps a window, each with a [`Verdict`]:
//! a meeting, or why it is not one. Recurring events are expanded with the `rrule` crate (every
//! RRULE, on the clock time of the start's zone), with RDATE (periods too), EXDATE, moved or
//! cancelled instances (RECURRENCE-ID, also `RANGE=THISANDFUTURE`) and SEQUENCE applied here.
//! Times carry their TZID (IANA or Windows names, or the file's own VTIMEZONE rules, see
//! `zones`), UTC (`Z`) or no zone at all (floating: the file's `X-WR-TIMEZONE`, else the caller's
//! local zone).
//!
//! Not meetings: all-day events, events marked free (`TRANSP:TRANSPARENT`, Outlook's
//! `X-MICROSOFT-CDO-BUSYSTATUS:FREE`), cancelled events and instances, events without a
//! duration, and events one of the user's addresses (`meetings.me`) declined. An event the user
//! organises is theirs, whatever its attendee list says.
//!
//! A file without `BEGIN:VCALENDAR`, or cut short inside a block, is rejected. What cannot be
//! read (a line that is not a property, a stray `END:`, an event with a bad date) is reported
//! with its line and passed over, and the rest of the file is used.

pub mod ical;
pub mod zones;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Serialize;

use super::time::{Time, Zone};
pub use ical::{EventProblem, IcalError, LineProblem, Problem, ValueProblem};
use zones::EventZone;

/// At most this many instances of one recurring event are expanded per window, so a broken rule
/// ("every second") cannot stall the daemon.
const MAX_INSTANCES: u16 = 2000;

/// At most this many instances of one rule are walked through to reach a window: a daily
/// meeting for 250 years, a weekly one for far longer. A rule that needs more (every minute
/// since last year) is left out rather than stalling the daemon.
const MAX_STEPS: usize = 100_000;

/// At most this many steps through the rules of one file per expansion, all rules together
/// (about a third of a second): 300 rules "every second since 1970" would take 100,000 steps
/// each. Rules are walked cheapest first, so a file's ordinary series are read before its
/// runaway ones use up what is left.
const MAX_FILE_STEPS: usize = 1_000_000;

/// Occurrences in a window, and where the walk through the file's rules stopped, if it did.
#[derive(Debug, Clone, Default)]
pub struct Expansion {
    pub occurrences: Vec<Occurrence>,
    /// Per file, the first event cut short because the file's rules needed more than
    /// [`MAX_FILE_STEPS`] steps.
    pub cuts: Vec<IcalError>,
}

/// One occurrence of an event in the window, and whether posture treats it as a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    pub start: Time,
    pub end: Time,
    pub summary: String,
    /// The file it came from, as given to [`Calendar::parse`].
    pub calendar: String,
    /// Line of the VEVENT (the override's, for a moved instance).
    pub line: usize,
    /// Part of a recurring series.
    pub recurring: bool,
    /// A recurring instance the organiser moved or changed (RECURRENCE-ID).
    pub changed: bool,
    pub verdict: Verdict,
}

impl Occurrence {
    pub fn is_meeting(&self) -> bool {
        self.verdict == Verdict::Meeting
    }
}

/// Why an event is or is not a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Meeting,
    AllDay,
    Free,
    Cancelled,
    Declined,
    NoDuration,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Meeting => "meeting",
            Verdict::AllDay => "all_day",
            Verdict::Free => "free",
            Verdict::Cancelled => "cancelled",
            Verdict::Declined => "declined",
            Verdict::NoDuration => "no_duration",
        }
    }
}

/// A date, or a date-time in UTC, in a zone, or floating.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stamp {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Zoned(NaiveDateTime, EventZone),
    Floating(NaiveDateTime),
}

impl Stamp {
    fn instant(&self, floating: &Zone) -> Time {
        match self {
            Stamp::Date(d) => floating.instant(d.and_time(NaiveTime::MIN)),
            Stamp::Utc(t) => Time::from_chrono(&Utc.from_utc_datetime(t)),
            Stamp::Zoned(t, zone) => zone.instant(*t),
            Stamp::Floating(t) => floating.instant(*t),
        }
    }

    /// The clock time recurrence rules step on: local for zoned and floating times.
    fn wall(&self) -> NaiveDateTime {
        match self {
            Stamp::Date(d) => d.and_time(NaiveTime::MIN),
            Stamp::Utc(t) | Stamp::Zoned(t, _) | Stamp::Floating(t) => *t,
        }
    }

    /// The same kind of time, in the same zone, at another clock time.
    fn at(&self, wall: NaiveDateTime) -> Stamp {
        match self {
            Stamp::Date(_) => Stamp::Date(wall.date()),
            Stamp::Utc(_) => Stamp::Utc(wall),
            Stamp::Zoned(_, zone) => Stamp::Zoned(wall, zone.clone()),
            Stamp::Floating(_) => Stamp::Floating(wall),
        }
    }

    /// Whether an EXDATE or RECURRENCE-ID names this instance: the same instant, or the same
    /// day when either is a date (Google and Outlook write dates against timed series).
    fn names(&self, instance: &Stamp, floating: &Zone) -> bool {
        match (self, instance) {
            (Stamp::Date(_), _) | (_, Stamp::Date(_)) => self.wall().date() == instance.wall().date(),
            _ => self.instant(floating) == instance.instant(floating),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Length {
    End(Stamp),
    /// Days keep the clock time across daylight saving (RFC 5545 3.3.6); seconds are exact.
    Duration {
        days: i64,
        seconds: i64,
    },
}

#[derive(Debug, Clone)]
struct Event {
    uid: String,
    summary: String,
    line: usize,
    sequence: i64,
    start: Stamp,
    length: Option<Length>,
    rrules: Vec<Rule>,
    /// RDATEs, a period's length with each (`VALUE=PERIOD`).
    rdates: Vec<(Stamp, Option<Length>)>,
    exdates: Vec<Stamp>,
    recurrence_id: Option<Stamp>,
    /// `RANGE=THISANDFUTURE`: the change applies to the later instances too.
    this_and_future: bool,
    cancelled: bool,
    free: bool,
    all_day: bool,
    declined_by: Vec<String>,
    organizer: Option<String>,
}

/// One RRULE: the rest of the rule for the `rrule` crate, and its UNTIL, applied here because
/// the crate rejects the floating and date-only UNTIL values real files contain.
#[derive(Debug, Clone)]
struct Rule {
    rest: String,
    until: Option<Stamp>,
    /// Seconds between instances by FREQ and INTERVAL alone, to guess the cost of a walk.
    period: u64,
}

/// An instance of a series: how it is written, and its instants.
struct Instance {
    stamp: Stamp,
    start: Time,
    end: Time,
}

impl Event {
    /// About how many steps its rules take to reach `from`, to walk cheap series first.
    fn walk_cost(&self, from: Time, floating: &Zone) -> u64 {
        let span = from.as_micros().saturating_sub(self.start.instant(floating).as_micros()).max(0) as u64 / 1_000_000;
        self.rrules.iter().map(|r| span / r.period).fold(0, u64::saturating_add)
    }

    /// The end of an instance starting at `start` with `length`, never before the start.
    fn end(&self, start: &Stamp, length: Option<&Length>, floating: &Zone) -> Time {
        let begin = start.instant(floating);
        let end = match length {
            // In one zone the length is on the clock, as the organiser's calendar shows it
            // (an hour from 02:30 on the spring-forward night is 03:30); across zones, exact.
            Some(Length::End(end)) if self.start.at(end.wall()) == *end => {
                start.at(start.wall() + (end.wall() - self.start.wall())).instant(floating)
            }
            Some(Length::End(end)) => begin
                .shifted(end.instant(floating).as_micros().saturating_sub(self.start.instant(floating).as_micros())),
            Some(Length::Duration { days, seconds }) => {
                start.at(start.wall() + chrono::Duration::days(*days)).instant(floating).shifted(seconds * 1_000_000)
            }
            None if matches!(start, Stamp::Date(_)) => {
                start.at(start.wall() + chrono::Duration::days(1)).instant(floating)
            }
            None => begin,
        };
        end.max(begin)
    }

    fn instance(&self, stamp: Stamp, length: Option<&Length>, floating: &Zone) -> Instance {
        Instance { start: stamp.instant(floating), end: self.end(&stamp, length, floating), stamp }
    }

    fn recurring(&self) -> bool {
        !self.rrules.is_empty() || !self.rdates.is_empty()
    }

    /// A rule whose UNTIL is before DTSTART: Confluence deletes a series that way.
    fn deleted(&self, floating: &Zone) -> bool {
        self.rrules
            .iter()
            .any(|r| r.until.as_ref().is_some_and(|u| !within_until(&self.start, u, &self.start, floating)))
    }

    /// Whether this series, edited after `change` was made (a higher SEQUENCE), no longer has
    /// the instance the change is for: the instance was excluded since, or the series now ends
    /// before it. Such a change is left over from before the edit.
    fn outdates(&self, change: &Event, floating: &Zone) -> bool {
        let Some(id) = change.recurrence_id.as_ref().filter(|_| change.sequence < self.sequence) else {
            return false;
        };
        let excluded = self.exdates.iter().any(|x| x.names(id, floating));
        let ended = !self.rrules.is_empty()
            && self
                .rrules
                .iter()
                .all(|r| r.until.as_ref().is_some_and(|u| !within_until(id, u, &self.start, floating)))
            && !self.rdates.iter().any(|(r, _)| r.names(id, floating));
        excluded || ended
    }
}

/// The events of one iCalendar file.
#[derive(Debug, Clone)]
pub struct Calendar {
    origin: String,
    events: Vec<Event>,
    /// What could not be read (lines, events), located; each message says what was left out.
    pub problems: Vec<IcalError>,
}

impl Calendar {
    /// Reads an iCalendar file's text. `origin` names it in messages and occurrences.
    pub fn parse(text: &str, origin: &str) -> Result<Calendar, IcalError> {
        let (root, problems) = ical::parse(text, origin)?;
        let mut vevents = Vec::new();
        root.descendants("VEVENT", &mut vevents);
        let mut timezones = Vec::new();
        root.descendants("VTIMEZONE", &mut timezones);
        let context = Context {
            zones: timezone_table(&timezones),
            floating: root
                .children
                .iter()
                .find_map(|c| c.property("X-WR-TIMEZONE"))
                .and_then(|p| zones::resolve(&p.value))
                .map(EventZone::Iana),
        };
        let mut calendar = Calendar { origin: origin.to_string(), events: Vec::new(), problems };
        let located =
            |(line, column, problem): Located<Problem>| IcalError { origin: origin.to_string(), line, column, problem };
        for vevent in vevents {
            let mut notes = Vec::new();
            match read_event(vevent, &context, &mut notes) {
                Ok(event) => calendar.events.push(event),
                Err((line, column, why)) => calendar.problems.push(located((line, column, Problem::BadEvent(why)))),
            }
            calendar.problems.extend(notes.into_iter().map(located));
        }
        Ok(calendar)
    }

    /// Reads an iCalendar file's bytes: UTF-8, or Windows-1252 with a note among the problems.
    pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Calendar, IcalError> {
        let (text, note) = ical::decode(bytes, origin);
        let mut calendar = Calendar::parse(&text, origin)?;
        calendar.problems.splice(0..0, note);
        Ok(calendar)
    }

    /// Every occurrence overlapping `[from, to)`, sorted by start. `me` holds the user's
    /// addresses (lower case) for declined invitations; `floating` is the zone for times
    /// without one.
    pub fn expand(&self, from: Time, to: Time, me: &[String], floating: &Zone) -> Vec<Occurrence> {
        self.expand_bounded(from, to, me, floating).occurrences
    }

    /// [`Calendar::expand`], saying where the walk through the rules stopped if the file
    /// asked for more work than one file may ([`MAX_FILE_STEPS`]).
    pub fn expand_bounded(&self, from: Time, to: Time, me: &[String], floating: &Zone) -> Expansion {
        let (mut masters, mut overrides) = self.latest();
        masters.sort_by_key(|m| m.walk_cost(from, floating));
        let mut steps_left = MAX_FILE_STEPS;
        let mut cuts = Vec::new();
        let mut out = Vec::new();
        for master in masters {
            let mut moved = overrides.remove(master.uid.as_str()).unwrap_or_default();
            moved.retain(|change| !master.outdates(change, floating));
            let (future, exact): (Vec<&Event>, Vec<&Event>) = moved.into_iter().partition(|e| e.this_and_future);
            let (instances, complete) = self.instances(master, from, to, floating, &mut steps_left);
            if !complete && cuts.is_empty() {
                cuts.push(IcalError {
                    origin: self.origin.clone(),
                    line: master.line,
                    column: 1,
                    problem: Problem::TooManySteps { max: MAX_FILE_STEPS },
                });
            }
            for instance in instances {
                let named = |e: &&Event| e.recurrence_id.as_ref().is_some_and(|r| r.names(&instance.stamp, floating));
                if exact.iter().any(named) {
                    continue;
                }
                // The latest THISANDFUTURE change at or before this instance moves and changes it.
                let change = future
                    .iter()
                    .filter_map(|e| Some((e.recurrence_id.as_ref()?.instant(floating), *e)))
                    .filter(|(at, _)| *at <= instance.start)
                    .max_by_key(|(at, _)| *at);
                match change {
                    Some((at, event)) => {
                        let shift = event.start.instant(floating).as_micros().saturating_sub(at.as_micros());
                        let stamp = event.start.at(instance.stamp.wall() + chrono::Duration::microseconds(shift));
                        let moved = event.instance(stamp, event.length.as_ref(), floating);
                        out.push(self.occurrence(event, moved.start, moved.end, true, true, me));
                    }
                    None => {
                        out.push(self.occurrence(master, instance.start, instance.end, master.recurring(), false, me))
                    }
                }
            }
            out.extend(exact.into_iter().map(|event| self.moved(event, me, floating)));
        }
        // Overrides whose series is not in this file (an invitation to one instance).
        for event in overrides.into_values().flatten() {
            out.push(self.moved(event, me, floating));
        }
        out.retain(|o| overlaps(o.start, o.end, from, to));
        out.sort_by(|a, b| (a.start, a.end, &a.summary).cmp(&(b.start, b.end, &b.summary)));
        Expansion { occurrences: out, cuts }
    }

    /// The events that count: of those sharing a UID (and RECURRENCE-ID) the one with the
    /// highest SEQUENCE (an update replaces what it updates), the first on a tie.
    /// Masters, and the overrides by UID.
    fn latest(&self) -> (Vec<&Event>, HashMap<&str, Vec<&Event>>) {
        let mut masters: Vec<&Event> = Vec::new();
        let mut overrides: HashMap<&str, Vec<&Event>> = HashMap::new();
        for event in &self.events {
            let same = |other: &&Event| other.uid == event.uid && other.recurrence_id == event.recurrence_id;
            let list = match event.recurrence_id {
                None => &mut masters,
                Some(_) => overrides.entry(event.uid.as_str()).or_default(),
            };
            match list.iter_mut().find(|other| same(other)) {
                Some(other) if other.sequence < event.sequence => *other = event,
                Some(_) => {}
                None => list.push(event),
            }
        }
        (masters, overrides)
    }

    fn moved(&self, event: &Event, me: &[String], floating: &Zone) -> Occurrence {
        let instance = event.instance(event.start.clone(), event.length.as_ref(), floating);
        self.occurrence(event, instance.start, instance.end, true, true, me)
    }

    fn occurrence(
        &self,
        event: &Event,
        start: Time,
        end: Time,
        recurring: bool,
        changed: bool,
        me: &[String],
    ) -> Occurrence {
        Occurrence {
            start,
            end,
            summary: event.summary.clone(),
            calendar: self.origin.clone(),
            line: event.line,
            recurring,
            changed,
            verdict: verdict(event, start, end, me),
        }
    }

    /// Instances of a master event that may overlap the window, by start, and whether its
    /// rules were walked to the end within `steps_left` (which the walk uses up).
    fn instances(
        &self,
        event: &Event,
        from: Time,
        to: Time,
        floating: &Zone,
        steps_left: &mut usize,
    ) -> (Vec<Instance>, bool) {
        let mut instances = Vec::new();
        if !event.deleted(floating) {
            instances.push(event.instance(event.start.clone(), event.length.as_ref(), floating));
        }
        for (stamp, period) in &event.rdates {
            instances.push(match period {
                Some(Length::End(end)) => {
                    let start = stamp.instant(floating);
                    Instance { start, end: end.instant(floating).max(start), stamp: stamp.clone() }
                }
                _ => event.instance(stamp.clone(), period.as_ref().or(event.length.as_ref()), floating),
            });
        }
        let first = event.instance(event.start.clone(), event.length.as_ref(), floating);
        let reach = first.end.since(first.start);
        let mut complete = true;
        for rule in &event.rrules {
            let (walls, finished) = expand_rule(&event.start, rule, from - reach, to, floating, steps_left);
            complete &= finished;
            for wall in walls {
                instances.push(event.instance(event.start.at(wall), event.length.as_ref(), floating));
            }
        }
        instances.retain(|i| !event.exdates.iter().any(|x| x.names(&i.stamp, floating)));
        instances.sort_by_key(|i| i.start);
        instances.dedup_by_key(|i| i.start);
        (instances, complete)
    }
}

/// Whether `[start, end)` meets `[from, to)`; an instant event counts where it stands.
fn overlaps(start: Time, end: Time, from: Time, to: Time) -> bool {
    if start == end { start >= from && start < to } else { end > from && start < to }
}

/// The clock times of one RRULE's instances that may fall between `from` and `to`, and whether
/// the walk ended for a reason of its own rather than because `steps_left` (the file's share,
/// which the walk uses up) ran out. The rule steps on clock times (expanded as if they were
/// UTC), which keeps a zoned series at its local time across daylight saving; the caller puts
/// each back in the start's zone.
fn expand_rule(
    start: &Stamp,
    rule: &Rule,
    from: Time,
    to: Time,
    floating: &Zone,
    steps_left: &mut usize,
) -> (Vec<NaiveDateTime>, bool) {
    let Some(set) = build_rule(&rule.rest, start) else {
        return (Vec::new(), true);
    };
    // The window in clock times, two days wider on each side for any zone's offset; the exact
    // cut happens on instants afterwards.
    let margin = chrono::Duration::days(2);
    let after = from.to_utc().naive_utc() - margin;
    let before = to.to_utc().naive_utc() + margin;
    // Iterated here rather than with the crate's window, which walks every instance from the
    // start: a rule every minute since years ago must not stall the daemon.
    let mut instances = Vec::new();
    let allowed = MAX_STEPS.min(*steps_left);
    let mut taken = 0;
    let mut ended = false;
    for produced in (&set).into_iter().take(allowed) {
        taken += 1;
        let wall = produced.naive_utc();
        if wall > before || instances.len() >= usize::from(MAX_INSTANCES) {
            ended = true;
            break;
        }
        if let Some(until) = &rule.until
            && !within_until(&start.at(wall), until, start, floating)
        {
            ended = true;
            break;
        }
        if wall >= after {
            instances.push(wall);
        }
    }
    *steps_left -= taken;
    // Fewer steps than allowed: the rule itself ran out (COUNT). Stopping at the rule's own
    // limit is the rule's verdict too; only the file's share running out cuts it short.
    let finished = ended || taken < allowed || allowed == MAX_STEPS;
    (instances, finished)
}

/// The rule (without UNTIL) built on the start's clock time.
fn build_rule(rest: &str, start: &Stamp) -> Option<rrule::RRuleSet> {
    // The rrule crate panics on some non-ASCII values (a BYDAY of `€`); a rule is ASCII.
    if !rest.is_ascii() {
        return None;
    }
    let parsed = rest.parse::<rrule::RRule<rrule::Unvalidated>>().ok()?;
    parsed.build(rrule::Tz::UTC.from_utc_datetime(&start.wall())).ok()
}

/// Whether an instance is within a rule's UNTIL, which is inclusive. Against a date (either
/// side) the days are compared, so that an all-day series ends on the day Google's
/// `UNTIL=…T235959Z` names in any zone; a floating UNTIL of a zoned series is in its zone.
fn within_until(instance: &Stamp, until: &Stamp, start: &Stamp, floating: &Zone) -> bool {
    match (instance, until, start) {
        (Stamp::Date(_), _, _) | (_, Stamp::Date(_), _) => instance.wall().date() <= until.wall().date(),
        (_, Stamp::Floating(t), Stamp::Zoned(_, zone)) => instance.instant(floating) <= zone.instant(*t),
        _ => instance.instant(floating) <= until.instant(floating),
    }
}

/// One RRULE value checked and split; the error says what is wrong with it. A COUNT that is
/// not a positive number (Outlook writes `COUNT=-1` beside UNTIL) is dropped with a note.
fn read_rule(value: &str, start: &Stamp, note: &mut dyn FnMut(Problem)) -> Result<Rule, EventProblem> {
    let mut until = None;
    let mut rest = Vec::new();
    for part in value.trim().split(';').filter(|p| !p.trim().is_empty()) {
        match part.split_once('=').map(|(k, v)| (k.trim().to_ascii_uppercase(), v.trim())) {
            Some((key, value)) if key == "UNTIL" => {
                until = Some(parse_stamp(value, None, None).map_err(EventProblem::Until)?);
            }
            Some((key, value)) if key == "COUNT" && !value.parse::<u32>().is_ok_and(|n| n > 0) => {
                note(Problem::BadCount(value.to_string()));
            }
            _ => rest.push(part.trim()),
        }
    }
    let rest = rest.join(";");
    build_rule(&rest, start).ok_or_else(|| EventProblem::NotARule(value.trim().to_string()))?;
    let period = rule_period(&rest);
    Ok(Rule { rest, until, period })
}

/// Seconds between a rule's instances by its FREQ and INTERVAL, ignoring BY-parts: enough to
/// tell a weekly meeting from a rule every second.
fn rule_period(rest: &str) -> u64 {
    let part = |key: &str| {
        rest.split(';')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim().to_ascii_uppercase())
    };
    let unit = match part("FREQ").as_deref() {
        Some("SECONDLY") => 1,
        Some("MINUTELY") => 60,
        Some("HOURLY") => 3_600,
        Some("DAILY") => 86_400,
        Some("WEEKLY") => 7 * 86_400,
        Some("MONTHLY") => 28 * 86_400,
        _ => 365 * 86_400,
    };
    let interval = part("INTERVAL").and_then(|v| v.parse::<u64>().ok()).unwrap_or(1).max(1);
    unit * interval
}

fn verdict(event: &Event, start: Time, end: Time, me: &[String]) -> Verdict {
    let mine = event.organizer.as_ref().is_some_and(|o| me.contains(o));
    if event.cancelled {
        Verdict::Cancelled
    } else if event.all_day {
        Verdict::AllDay
    } else if event.free {
        Verdict::Free
    } else if !mine && event.declined_by.iter().any(|a| me.contains(a)) {
        Verdict::Declined
    } else if end <= start {
        Verdict::NoDuration
    } else {
        Verdict::Meeting
    }
}

/// What reading a time needs from the rest of the file.
struct Context {
    /// VTIMEZONE TZIDs to zones.
    zones: HashMap<String, EventZone>,
    /// `X-WR-TIMEZONE` (Google, Apple): the zone of the file's floating times.
    floating: Option<EventZone>,
}

/// VTIMEZONE TZIDs to zones: the zone the block names (`X-LIC-LOCATION`, written by
/// Thunderbird, Evolution and Nextcloud) or its TZID names, else the block's own rules.
fn timezone_table(timezones: &[&ical::Component]) -> HashMap<String, EventZone> {
    timezones
        .iter()
        .filter_map(|tz| {
            let id = tz.property("TZID")?.value.trim().to_string();
            let location = tz.property("X-LIC-LOCATION").map(|p| p.value.trim().to_string());
            let zone = location
                .as_deref()
                .and_then(zones::resolve)
                .or_else(|| zones::resolve(&id))
                .map(EventZone::Iana)
                .or_else(|| zones::Defined::from_component(tz).map(|d| EventZone::Defined(Arc::new(d))))?;
            Some((id, zone))
        })
        .collect()
}

type Located<P> = (usize, usize, P);

/// One VEVENT, or why it cannot be read; `notes` receives what was read around.
fn read_event(
    vevent: &ical::Component,
    context: &Context,
    notes: &mut Vec<Located<Problem>>,
) -> Result<Event, Located<EventProblem>> {
    let line = vevent.line;
    let stamp_of = |p: &ical::Property| -> Result<Stamp, Located<EventProblem>> {
        parse_stamp(&p.value, p.param("TZID"), Some(context)).map_err(|m| (p.line, p.column, EventProblem::Value(m)))
    };
    // Once per event: a zone nobody defined (Lotus Notes, custom names) is read as local time.
    let unknown_zone = ["DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID"]
        .into_iter()
        .flat_map(|name| vevent.properties(name))
        .find_map(|p| p.param("TZID").filter(|id| known_zone(id, Some(context)).is_none()).map(|id| (p, id)));
    if let Some((p, id)) = unknown_zone {
        notes.push((p.line, p.column, Problem::UnknownZone(id.to_string())));
    }
    let dtstart = vevent.property("DTSTART").ok_or((line, 1, EventProblem::NoStart))?;
    let mut start = stamp_of(dtstart)?;
    let duration_of = |p: &ical::Property| {
        parse_duration(p.value.trim()).ok_or_else(|| (p.line, p.column, EventProblem::NotADuration(p.value.clone())))
    };
    let length = match (vevent.property("DTEND"), vevent.property("DURATION")) {
        (Some(end), _) => {
            let (first, end) = pair(start, stamp_of(end)?);
            start = first;
            Some(Length::End(end))
        }
        (None, Some(d)) => Some(duration_of(d)?),
        (None, None) => None,
    };
    let mut rdates = Vec::new();
    for p in vevent.properties("RDATE") {
        let period = p.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
        // An empty RDATE (some exporters write one) adds nothing.
        for value in p.value.split(',').filter(|v| !v.trim().is_empty()) {
            let located = |m| (p.line, p.column, m);
            let value_problem = |m| located(EventProblem::Value(m));
            let (at, length) = match value.split_once('/') {
                Some((at, end)) if period || value.contains('/') => {
                    let length = match end.trim().starts_with(['P', 'p', '+', '-']) {
                        true => parse_duration(end.trim())
                            .ok_or_else(|| located(EventProblem::NotADuration(end.to_string())))?,
                        false => Length::End(parse_stamp(end, p.param("TZID"), Some(context)).map_err(value_problem)?),
                    };
                    (at, Some(length))
                }
                _ => (value, None),
            };
            rdates.push((parse_stamp(at, p.param("TZID"), Some(context)).map_err(value_problem)?, length));
        }
    }
    let mut exdates = Vec::new();
    for p in vevent.properties("EXDATE") {
        for value in p.value.split(',').filter(|v| !v.trim().is_empty()) {
            let stamp = parse_stamp(value, p.param("TZID"), Some(context));
            exdates.push(stamp.map_err(|m| (p.line, p.column, EventProblem::Value(m)))?);
        }
    }
    let mut rrules = Vec::new();
    // An empty RRULE (some exporters write one) repeats nothing.
    for p in vevent.properties("RRULE").filter(|p| !p.value.trim().is_empty()) {
        let mut note = |m| notes.push((p.line, p.column, m));
        rrules.push(read_rule(&p.value, &start, &mut note).map_err(|m| (p.line, p.column, m))?);
    }
    let recurrence_id = vevent.property("RECURRENCE-ID");
    let text = |name: &str| vevent.property(name).map(|p| p.value.trim().to_ascii_uppercase());
    let email = |p: &ical::Property| {
        let v = p.value.trim();
        let v = if v.get(..7).is_some_and(|m| m.eq_ignore_ascii_case("mailto:")) { &v[7..] } else { v };
        v.to_ascii_lowercase()
    };
    Ok(Event {
        uid: vevent.property("UID").map(|p| p.value.trim().to_string()).unwrap_or_else(|| format!("line {line}")),
        summary: vevent.property("SUMMARY").map(|p| ical::unescape(p.value.trim())).unwrap_or_default(),
        line,
        sequence: vevent.property("SEQUENCE").and_then(|p| p.value.trim().parse().ok()).unwrap_or(0),
        all_day: matches!(start, Stamp::Date(_)) || text("X-MICROSOFT-CDO-ALLDAYEVENT").as_deref() == Some("TRUE"),
        start,
        length,
        rrules,
        rdates,
        exdates,
        recurrence_id: recurrence_id.map(stamp_of).transpose()?,
        this_and_future: recurrence_id
            .and_then(|p| p.param("RANGE"))
            .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE")),
        cancelled: text("STATUS").as_deref() == Some("CANCELLED"),
        free: text("TRANSP").as_deref() == Some("TRANSPARENT")
            || text("X-MICROSOFT-CDO-BUSYSTATUS").as_deref() == Some("FREE"),
        declined_by: vevent
            .properties("ATTENDEE")
            .filter(|p| p.param("PARTSTAT").is_some_and(|s| s.eq_ignore_ascii_case("DECLINED")))
            .map(email)
            .collect(),
        organizer: vevent.property("ORGANIZER").map(email),
    })
}

/// DTSTART and DTEND mended as the reference reader mends them: a floating one beside a zoned
/// one is in that zone, and an end before the start (in one zone) is swapped with it.
fn pair(start: Stamp, end: Stamp) -> (Stamp, Stamp) {
    let (start, end) = match (&start, &end) {
        (Stamp::Floating(t), Stamp::Zoned(_, zone)) => (Stamp::Zoned(*t, zone.clone()), end),
        (Stamp::Zoned(_, zone), Stamp::Floating(t)) => (start.clone(), Stamp::Zoned(*t, zone.clone())),
        _ => (start, end),
    };
    if start.at(end.wall()) == end && end.wall() < start.wall() { (end, start) } else { (start, end) }
}

/// A DATE or DATE-TIME value with its TZID. A TZID wins over a trailing `Z` some writers add;
/// floating times take the file's `X-WR-TIMEZONE`.
fn parse_stamp(value: &str, tzid: Option<&str>, context: Option<&Context>) -> Result<Stamp, ValueProblem> {
    let value = value.trim();
    if value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .map(Stamp::Date)
            .map_err(|_| ValueProblem::NotADate(value.to_string()));
    }
    let (naive, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(v) => (v, true),
        None => (value, false),
    };
    let t = NaiveDateTime::parse_from_str(naive, "%Y%m%dT%H%M%S")
        .map_err(|_| ValueProblem::NotADateTime(value.to_string()))?;
    match tzid {
        Some(id) if let Some(zone) = known_zone(id, context) => Ok(Stamp::Zoned(t, zone)),
        // A TZID neither defined in the file nor known by name: read as a floating time, as
        // other calendar programs do; `read_event` notes it.
        Some(_) => Ok(floating_stamp(t, context)),
        None if utc => Ok(Stamp::Utc(t)),
        None => Ok(floating_stamp(t, context)),
    }
}

/// The zone a TZID stands for: the file's own VTIMEZONE, else an IANA or Windows name.
fn known_zone(id: &str, context: Option<&Context>) -> Option<EventZone> {
    context.and_then(|c| c.zones.get(id.trim()).cloned()).or_else(|| zones::resolve(id).map(EventZone::Iana))
}

/// A time without a zone: in the file's `X-WR-TIMEZONE`, else the user's.
fn floating_stamp(t: NaiveDateTime, context: Option<&Context>) -> Stamp {
    match context.and_then(|c| c.floating.clone()) {
        Some(zone) => Stamp::Zoned(t, zone),
        None => Stamp::Floating(t),
    }
}

/// An RFC 5545 DURATION: `PT1H30M`, `P1D`, `P1W`, `-PT15M`.
fn parse_duration(text: &str) -> Option<Length> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    // Longer than any meeting, and far inside what date arithmetic can add without overflow.
    const LONGEST: i64 = 3660 * 86_400;
    let (mut days, mut seconds) = (0i64, 0i64);
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => number.push(d),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let (total, unit) = match (unit, in_time) {
                    ('W', false) => (&mut days, 7),
                    ('D', false) => (&mut days, 1),
                    ('H', true) => (&mut seconds, 3_600),
                    ('M', true) => (&mut seconds, 60),
                    ('S', true) => (&mut seconds, 1),
                    _ => return None,
                };
                *total = n.checked_mul(unit)?.checked_add(*total)?;
                (days.checked_mul(86_400)?.checked_add(seconds)? <= LONGEST).then_some(())?;
                any = true;
            }
        }
    }
    (any && number.is_empty()).then_some(Length::Duration { days: sign * days, seconds: sign * seconds })
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every occurrence in `[from, to)` over all `calendars`, sorted by start; `me` and `floating`
/// as in [`Calendar::expand`].
pub fn expand_all<'a>(
    calendars: impl IntoIterator<Item = &'a Calendar>,
    from: Time,
    to: Time,
    me: &[String],
    floating: &Zone,
) -> Expansion {
    let mut all = Expansion::default();
    for calendar in calendars {
        let one = calendar.expand_bounded(from, to, me, floating);
        all.occurrences.extend(one.occurrences);
        all.cuts.extend(one.cuts);
    }
    all.occurrences.sort_by_key(|o| (o.start, o.end));
    all
}

/// The meetings among the occurrences, as `[start, end)` instants for the engine.
pub fn meeting_intervals(occurrences: &[Occurrence]) -> Vec<(Time, Time)> {
    occurrences.iter().filter(|o| o.is_meeting()).map(|o| (o.start, o.end)).collect()
}

#[cfg(test)]
mod tests;
