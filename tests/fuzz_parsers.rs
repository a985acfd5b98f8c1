//! Randomized fuzzing of every parser of outside input, on the stable toolchain: the config
//! file, `posture simulate` traces (parsed, then replayed), iCalendar files (read, then
//! expanded), control-protocol lines (with the command words they carry) and `state.json`
//! (loaded from disk, and restored into a running session whatever its times).
//!
//! Inputs are the repository's own valid files put through byte and line mutations (flips,
//! insertions, deletions, duplicated and swapped lines, absurd numbers, long runs, invalid
//! UTF-8), plus wholly random ones. Each target must return a value or a located error: never
//! panic and never hang. A case that panics, breaks an expectation or runs too long is minimized
//! over its lines and bytes and fails the test with that input, which then becomes a regression
//! test beside its fix.
//!
//! Each target runs `POSTURE_FUZZ_EXECUTIONS` cases (default 300) from the fixed RNG seed
//! `POSTURE_FUZZ_SEED`, so a failure reproduces, and prints
//! `fuzz: <target>: N executions, M crashes`.

use std::cell::Cell;
use std::fmt;
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::FixedOffset;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config as RunnerConfig, RngSeed, TestCaseError, TestError, TestRunner};

use posture::control::protocol::Request;
use posture::core::Lang;
use posture::core::calendar::Calendar;
use posture::core::command;
use posture::core::config::Config;
use posture::core::engine::{Engine, Input, State};
use posture::core::session::Session;
use posture::core::time::{Time, Zone};
use posture::core::tips::Catalogue;
use posture::daemon::state_file::{self, Loaded};
use posture::simulate::{self, trace};

/// One case slower than this fails as a hang: every input here is small, so real work on it
/// takes milliseconds even in a debug build on a busy machine.
const SLOW: Duration = Duration::from_secs(5);
/// A case still running after this is an endless loop: the process aborts naming the input,
/// since a loop cannot be interrupted to shrink it.
const STUCK: Duration = Duration::from_secs(60);

/// 2026-03-02T00:00:00Z, the day the seeds describe.
const NOW: Time = Time::from_micros(1_772_409_600_000_000);

/// Bytes shown escaped, so that a failure prints the exact input (invalid UTF-8 included).
#[derive(Clone)]
struct Bytes(Vec<u8>);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

impl Bytes {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Tokens worth splicing into any input: number edges, separators, odd characters.
const COMMON: &[&str] = &[
    "99999999999",
    "-1",
    "0",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e308",
    "-0.0",
    "NaN",
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "=",
    ";",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\0",
    "\u{feff}",
    "é",
    "\u{1F600}",
    " ",
];

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Splice(Index, Index),
    /// A long run of one byte: long lines, deep nesting.
    Run(Index, u8, usize),
    DuplicateLine(Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
    Truncate(Index),
    /// The value after some `=` or `:` (up to `,`, `}`, `]` or the line's end) replaced by a
    /// token, so that absurd values reach past the syntax into the checks behind it.
    ReplaceValue(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Mutation::Insert(at, b)),
        1 => (any::<Index>(), 1..64usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(at, token)| Mutation::Splice(at, token)),
        1 => (any::<Index>(), prop::sample::select(b"a0 9{[\"\\-\n,:".to_vec()), 1..20_000usize)
            .prop_map(|(at, byte, n)| Mutation::Run(at, byte, n)),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(at, token)| Mutation::ReplaceValue(at, token)),
    ]
}

/// Splits after each newline, keeping it, so that lines join back byte for byte.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation, tokens: &[&str]) {
    // Positions run to the end inclusive, so an empty input can still grow.
    let at = |i: &Index, len: usize| i.index(len + 1);
    match mutation {
        Mutation::FlipBit(i, bit) if !bytes.is_empty() => {
            let i = i.index(bytes.len());
            bytes[i] ^= 1 << bit;
        }
        Mutation::Insert(i, b) => {
            let i = at(i, bytes.len());
            bytes.splice(i..i, b.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let i = at(i, bytes.len());
            bytes.drain(i..(i + n).min(bytes.len()));
        }
        Mutation::Splice(i, token) => {
            let i = at(i, bytes.len());
            let token = if token.index(2) == 0 { COMMON[token.index(COMMON.len())] } else { token.get(tokens) };
            bytes.splice(i..i, token.bytes());
        }
        Mutation::Run(i, byte, n) => {
            let i = at(i, bytes.len());
            bytes.splice(i..i, std::iter::repeat_n(*byte, *n));
        }
        Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) => {
            let mut all = lines(bytes);
            if !all.is_empty() {
                let i = i.index(all.len());
                if matches!(mutation, Mutation::DeleteLine(_)) {
                    all.remove(i);
                } else {
                    all.insert(i, all[i].clone());
                }
                *bytes = all.concat();
            }
        }
        Mutation::SwapLines(a, b) => {
            let mut all = lines(bytes);
            if !all.is_empty() {
                let (a, b) = (a.index(all.len()), b.index(all.len()));
                all.swap(a, b);
                *bytes = all.concat();
            }
        }
        Mutation::Truncate(i) => bytes.truncate(at(i, bytes.len())),
        Mutation::ReplaceValue(i, token) => {
            let marks: Vec<usize> = (0..bytes.len()).filter(|&k| matches!(bytes[k], b'=' | b':')).collect();
            if !marks.is_empty() {
                let mut start = marks[i.index(marks.len())] + 1;
                while bytes.get(start) == Some(&b' ') {
                    start += 1;
                }
                let end = (start..bytes.len()).find(|&k| b",}]\r\n".contains(&bytes[k])).unwrap_or(bytes.len());
                let token = if token.index(2) == 0 { COMMON[token.index(COMMON.len())] } else { token.get(tokens) };
                bytes.splice(start..end, token.bytes());
            }
        }
        Mutation::FlipBit(..) => {}
    }
}

/// Mutated seeds (most cases), tokens strung together, and random bytes.
fn inputs(seeds: Vec<Vec<u8>>, tokens: &'static [&'static str]) -> impl Strategy<Value = Bytes> {
    let mutated = (prop::sample::select(seeds), prop::collection::vec(mutation(), 0..8)).prop_map(
        move |(mut bytes, mutations)| {
            for m in &mutations {
                apply(&mut bytes, m, tokens);
            }
            Bytes(bytes)
        },
    );
    let spliced = prop::collection::vec(any::<Index>(), 0..40)
        .prop_map(move |picks| Bytes(picks.iter().flat_map(|i| i.get(tokens).bytes()).collect()));
    let random = prop::collection::vec(any::<u8>(), 0..512).prop_map(Bytes);
    prop_oneof![6 => mutated, 2 => spliced, 1 => random]
}

fn executions() -> u32 {
    std::env::var("POSTURE_FUZZ_EXECUTIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
}

fn rng_seed() -> u64 {
    std::env::var("POSTURE_FUZZ_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(16)
}

/// How a case failed: where (a panic's location, or what the check found) and the message.
/// Minimizing keeps an input only while it fails at the same place.
#[derive(Debug, PartialEq)]
struct Failure {
    place: String,
    message: String,
}

thread_local! {
    /// Set while a case runs: its panics are recorded here (location) instead of printed, as
    /// minimizing provokes thousands of them.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn quiet_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.get() {
                let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
                PANIC.with(|p| *p.borrow_mut() = Some(place));
            } else {
                default(info);
            }
        }));
    });
}

fn run_case(check: &impl Fn(&Bytes) -> Result<(), String>, input: &Bytes) -> Result<(), Failure> {
    let started = Instant::now();
    CATCHING.set(true);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(input)));
    CATCHING.set(false);
    let took = started.elapsed();
    match outcome {
        Ok(Ok(())) if took > SLOW => Err(Failure { place: "slow".into(), message: format!("took {took:?}") }),
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => Err(Failure { place: "check".into(), message }),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|m| m.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let place = PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            Err(Failure { place: format!("panic at {place}"), message })
        }
    }
}

/// Removes lines, then ever shorter runs of bytes, while the input still fails at `place`.
fn minimize(mut input: Vec<u8>, place: &str, check: &impl Fn(&Bytes) -> Result<(), String>) -> Vec<u8> {
    let mut budget = 20_000u32;
    let mut fails = |candidate: Vec<u8>| {
        budget = budget.saturating_sub(1);
        let bytes = Bytes(candidate);
        let same = budget > 0 && run_case(check, &bytes).is_err_and(|f| f.place == place);
        same.then_some(bytes.0)
    };
    let mut line = lines(&input).len();
    while line > 0 {
        line -= 1;
        let mut all = lines(&input);
        all.remove(line);
        if let Some(smaller) = fails(all.concat()) {
            input = smaller;
        }
    }
    let mut chunk = input.len().next_power_of_two();
    while chunk > 0 {
        let mut at = 0;
        while at < input.len() {
            let mut candidate = input.clone();
            candidate.drain(at..(at + chunk).min(input.len()));
            match fails(candidate) {
                Some(smaller) => input = smaller,
                None => at += chunk,
            }
        }
        chunk /= 2;
    }
    input
}

/// Runs `check` on `executions()` inputs and prints the count line. The first failure (a
/// panic, a broken expectation, a slow case) is minimized and fails the test with that input.
fn fuzz(target: &str, inputs: impl Strategy<Value = Bytes>, check: impl Fn(&Bytes) -> Result<(), String>) {
    quiet_panics();
    let config = RunnerConfig {
        cases: executions(),
        rng_seed: RngSeed::Fixed(rng_seed()),
        failure_persistence: None,
        // The minimizer below shrinks better, working on the bytes themselves.
        max_shrink_iters: 0,
        ..RunnerConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let runs = Cell::new(0u64);
    let began = Instant::now();
    let current = Arc::new(Mutex::new((Instant::now(), String::new())));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (current, done, target) = (current.clone(), done.clone(), target.to_string());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let (started, input) = &*current.lock().unwrap();
                if started.elapsed() > STUCK {
                    eprintln!("fuzz: {target}: stuck for {STUCK:?} on {input}");
                    std::process::abort();
                }
            }
        })
    };
    let result = runner.run(&inputs, |input| {
        runs.set(runs.get() + 1);
        *current.lock().unwrap() = (Instant::now(), format!("{input:?}"));
        run_case(&check, &input).map_err(|f| TestCaseError::fail(f.place))
    });
    let crashes = u32::from(result.is_err());
    println!("fuzz: {target}: {} executions, {crashes} crashes ({:.1} s)", runs.get(), began.elapsed().as_secs_f64());
    let failure = match result {
        Ok(()) => None,
        Err(TestError::Fail(place, input)) => {
            let minimal = Bytes(minimize(input.0, place.message(), &check));
            let failure = run_case(&check, &minimal).unwrap_err();
            Some(format!("{}: {}\nminimal input: {minimal:?}", failure.place, failure.message))
        }
        Err(TestError::Abort(why)) => Some(format!("aborted: {why}")),
    };
    done.store(true, Ordering::Relaxed);
    watchdog.join().unwrap();
    if let Some(failure) = failure {
        panic!("fuzz: {target}: {failure}");
    }
}

fn repo_file(path: &str) -> Vec<u8> {
    fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The example workday trace, parsed once.
fn workday() -> &'static [trace::TraceLine] {
    static WORKDAY: std::sync::OnceLock<Vec<trace::TraceLine>> = std::sync::OnceLock::new();
    WORKDAY.get_or_init(|| trace::parse(&String::from_utf8(repo_file("docs/examples/workday.jsonl")).unwrap()).unwrap())
}

/// The built-in tips, read once: each case only needs them.
fn catalogue() -> Arc<Catalogue> {
    static CATALOGUE: std::sync::OnceLock<Arc<Catalogue>> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| Arc::new(Catalogue::builtin())).clone()
}

fn amsterdam() -> Zone {
    Zone::Named(chrono_tz::Europe::Amsterdam)
}

// ---- the config file ----

const CONFIG_TOKENS: &[&str] = &[
    "[micro]",
    "[rest]",
    "[schedule]",
    "[meetings]",
    "[[x]]",
    "every = ",
    "duration = ",
    "\"25m\"",
    "\"0s\"",
    "\"99999999999h\"",
    "\"1ns\"",
    "\"24:00\"",
    "\"23:59\"",
    "\"mon-fri\"",
    "true",
    "false",
    "'''",
    "\"\"\"",
    "#",
    "language = ",
    "\"nl\"",
    "{ a = 1 }",
    "[1, 2]",
    "1979-05-27T07:32:00Z",
    "inf",
    "+1",
    "0x7fffffffffffffff",
];

fn config_check(input: &Bytes) -> Result<(), String> {
    let text = input.text();
    match Config::parse(&text, "fuzz.toml") {
        // A configuration that passes drives a day: its values must not break the engine.
        Ok(config) => {
            simulate::run(config, catalogue(), Lang::En, workday(), 7);
            Ok(())
        }
        Err(e) if e.origin == "fuzz.toml" && e.line >= 1 && e.column >= 1 && e.line <= text.lines().count() + 1 => {
            Ok(())
        }
        Err(e) => Err(format!("badly located error: {e:?}")),
    }
}

#[test]
fn fuzz_config() {
    let seeds = vec![repo_file("config/default.toml"), b"[micro]\nevery = \"20m\"\n".to_vec()];
    fuzz("config", inputs(seeds, CONFIG_TOKENS), config_check);
}

// ---- simulate traces ----

const TRACE_TOKENS: &[&str] = &[
    "{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"active\"}\n",
    "\"at\":",
    "\"2026-03-02T23:59:59+14:00\"",
    "\"2026-03-29T02:30:00+01:00\"",
    "\"9999-12-31T23:59:59-23:59\"",
    "\"0000-01-01T00:00:00Z\"",
    "\"input\":\"none\"",
    "\"session\":\"suspend\"",
    "\"session\":\"resume\"",
    "\"meeting\":\"start\"",
    "\"notification\":\"snooze\"",
    "\"command\":\"snooze 99999999999h\"",
    "\"command\":\"pause --until 23:59\"",
    "\"command\":\"interval micro 1s\"",
    "\"command\":\"meeting start --for 1h\"",
    "\"command\":\"break rest\"",
];

/// Replays only traces within a few days: the replay's work grows with the span by design.
const REPLAY_SPAN: chrono::TimeDelta = chrono::TimeDelta::days(3);

fn trace_check(input: &Bytes) -> Result<(), String> {
    let text = input.text();
    match trace::parse(&text) {
        Ok(lines) => {
            if lines.iter().all(|l| (l.at - lines[0].at).abs() <= REPLAY_SPAN) {
                simulate::run(Config::default(), catalogue(), Lang::En, &lines, 7);
            }
            Ok(())
        }
        Err(e) if e.line >= 1 && e.line <= text.lines().count() => Ok(()),
        Err(e) => Err(format!("badly located error: {e:?}")),
    }
}

const TRACE_EVENTS: &[&str] = &[
    "\"input\":\"active\"",
    "\"input\":\"none\"",
    "\"session\":\"lock\"",
    "\"session\":\"unlock\"",
    "\"session\":\"suspend\"",
    "\"session\":\"resume\"",
    "\"meeting\":\"start\"",
    "\"meeting\":\"end\"",
    "\"notification\":\"done\"",
    "\"notification\":\"snooze\"",
    "\"notification\":\"skip\"",
    "\"command\":\"snooze 30m\"",
    "\"command\":\"snooze 99999999999h\"",
    "\"command\":\"pause\"",
    "\"command\":\"pause 2h\"",
    "\"command\":\"pause --until 00:00\"",
    "\"command\":\"resume\"",
    "\"command\":\"skip\"",
    "\"command\":\"break micro\"",
    "\"command\":\"break rest\"",
    "\"command\":\"meeting start --for 1h\"",
    "\"command\":\"meeting end\"",
    "\"command\":\"interval micro 1s\"",
    "\"command\":\"interval rest 50m\"",
];

/// Valid traces of up to three days, in order or not, with any offsets: these reach the replay,
/// which mutated files rarely do.
fn traces() -> impl Strategy<Value = Bytes> {
    let line = (0..3 * 86_400i64, -12..=14i32, prop::sample::select(TRACE_EVENTS));
    (prop::collection::vec(line, 0..80), any::<bool>()).prop_map(|(mut lines, sorted)| {
        if sorted {
            lines.sort_by_key(|l| l.0);
        }
        let start = NOW.to_utc();
        let text: String = lines
            .iter()
            .map(|(second, hours, event)| {
                let offset = FixedOffset::east_opt(hours * 3_600).unwrap();
                let at = (start + chrono::TimeDelta::seconds(*second)).with_timezone(&offset).to_rfc3339();
                format!("{{\"at\":\"{at}\",{event}}}\n")
            })
            .collect();
        Bytes(text.into_bytes())
    })
}

#[test]
fn fuzz_trace() {
    let seeds = vec![repo_file("docs/examples/workday.jsonl")];
    fuzz("trace", prop_oneof![inputs(seeds, TRACE_TOKENS), traces()], trace_check);
}

// ---- iCalendar ----

const ICAL_TOKENS: &[&str] = &[
    "BEGIN:VEVENT\r\n",
    "END:VEVENT\r\n",
    "BEGIN:VCALENDAR\r\n",
    "END:VCALENDAR\r\n",
    "BEGIN:VTIMEZONE\r\n",
    "RRULE:FREQ=SECONDLY\r\n",
    "RRULE:FREQ=MINUTELY;INTERVAL=1\r\n",
    "RRULE:FREQ=DAILY;COUNT=99999999999\r\n",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=99991231T235959Z\r\n",
    ";INTERVAL=0",
    ";BYSETPOS=-1",
    "EXDATE:20260302T093000Z\r\n",
    "RDATE;VALUE=PERIOD:20260302T100000Z/PT1H\r\n",
    "RECURRENCE-ID;TZID=Europe/Amsterdam:20260302T093000\r\n",
    "DTSTART;TZID=Nowhere/Else:20260302T093000\r\n",
    "DTSTART;VALUE=DATE:20260302\r\n",
    "DTSTART:00000101T000000Z\r\n",
    "DTEND:99991231T235959Z\r\n",
    "DURATION:P99999999999W\r\n",
    "DURATION:-PT1H\r\n",
    "TZOFFSETFROM:+9999\r\n",
    "TZOFFSETTO:-2400\r\n",
    "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com\r\n",
    "STATUS:CANCELLED\r\n",
    "TRANSP:TRANSPARENT\r\n",
    "\r\n ",
    "\r\n\t",
    "UID:",
];

fn ical_check(input: &Bytes) -> Result<(), String> {
    let text = input.text();
    match Calendar::parse(&text, "fuzz.ics") {
        Ok(calendar) => {
            let me = vec!["me@example.com".to_string()];
            let from = NOW;
            // Two weeks around the fixtures' dates, wide enough for their weekly repeats.
            calendar.expand(from, from + Duration::from_secs(14 * 86_400), &me, &amsterdam());
            Ok(())
        }
        Err(e) if e.origin == "fuzz.ics" && e.line >= 1 => Ok(()),
        Err(e) => Err(format!("badly located error: {e:?}")),
    }
}

#[test]
fn fuzz_icalendar() {
    let seeds = ["google", "nextcloud", "outlook"]
        .iter()
        .map(|name| repo_file(&format!("tests/fixtures/calendars/{name}.ics")))
        .collect();
    fuzz("icalendar", inputs(seeds, ICAL_TOKENS), ical_check);
}

// ---- control-protocol lines ----

const CONTROL_TOKENS: &[&str] = &[
    "status",
    "follow",
    "quit",
    "break",
    "micro",
    "rest",
    "snooze",
    "pause",
    "resume",
    "skip",
    "meeting",
    "start",
    "end",
    "interval",
    "--until",
    "--for",
    " 30m",
    " 99999999999h",
    " 25:00",
    " 23:59",
    " 0s",
    " 1ns",
    " -5m",
    " 1h30m",
    " 10000d",
    "\"v\":",
    "\"cmd\":",
    "\"v\":2",
    "\"v\":-1",
    "\"v\":4294967296",
    "\"cmd\":null",
    "\\u0000",
    "\\ud800",
];

fn control_check(input: &Bytes) -> Result<(), String> {
    let Ok(request) = Request::from_line(&input.0) else { return Ok(()) };
    // The daemon resolves the words against its clock (here a few unusual nows) and hands the
    // command to its session, which then runs on to the command's deadlines.
    for now in [NOW, Time::from_micros(0), Time::from_micros(7_258_118_399_000_000)] {
        let Ok(command) = command::parse(&request.cmd, now, &amsterdam()) else { continue };
        let mut session = Session::new(Engine::new(Config::default(), catalogue(), amsterdam(), now, 1));
        let _ = session.handle(Input::Active, now);
        let _ = session.handle(Input::Command(command), now);
        for _ in 0..4 {
            let Some(deadline) = session.next_deadline() else { break };
            session.handle_timeout(deadline);
            while session.poll_action().is_some() {}
        }
        let _ = session.status(session.now());
    }
    Ok(())
}

#[test]
fn fuzz_control_lines() {
    let seeds = [
        "status",
        "follow",
        "break micro",
        "snooze 30m",
        "pause --until 14:30",
        "pause 2h",
        "resume",
        "skip",
        "meeting start --for 1h",
        "meeting end",
        "interval rest 50m",
    ]
    .iter()
    .map(|cmd| serde_json::to_vec(&Request::new(*cmd)).unwrap())
    .collect();
    fuzz("control", inputs(seeds, CONTROL_TOKENS), control_check);
}

// ---- state.json ----

/// Saved states the daemon writes, in its different modes.
fn saved_states() -> Vec<Vec<u8>> {
    let dir = scratch("seeds");
    let minutes = |m: u64| NOW + Duration::from_secs(m * 60);
    let commands = ["", "snooze 30m", "pause --until 23:00", "meeting start --for 1h", "interval micro 15m"];
    let states = commands
        .iter()
        .map(|words| {
            let mut engine = Engine::new(Config::default(), catalogue(), amsterdam(), NOW, 3);
            engine.handle(Input::Active, minutes(1)).unwrap();
            engine.handle_timeout(minutes(40));
            if !words.is_empty() {
                let command = command::parse(words, minutes(41), &amsterdam()).unwrap();
                engine.handle(Input::Command(command), minutes(41)).unwrap();
            }
            let path = dir.join("state.json");
            state_file::save(&path, engine.state(), state_file::Durability::Disk).unwrap();
            fs::read(&path).unwrap()
        })
        .collect();
    let _ = fs::remove_dir_all(&dir);
    states
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("posture-fuzz-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

const STATE_TOKENS: &[&str] = &[
    "\"now\":",
    "\"snoozed_until\":",
    "\"today_date\":\"+262143-12-31\"",
    "\"today_date\":\"2026-02-30\"",
    "null",
    "true",
    "{\"since\":0,\"until\":9223372036854775807}",
    "[18446744073709551615,0]",
    "\"micro\"",
    "\"rest\"",
];

fn state_check(input: &Bytes, dir: &PathBuf) -> Result<(), String> {
    let path = dir.join("state.json");
    fs::write(&path, &input.0).map_err(|e| e.to_string())?;
    let loaded = state_file::load(&path, NOW);
    let leftovers: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    for file in &leftovers {
        fs::remove_file(file).unwrap();
    }
    match loaded {
        Loaded::State(_) if leftovers == [path.clone()] => {}
        Loaded::Corrupt { moved_to: Some(to), .. } if leftovers == [to.clone()] => {}
        other => return Err(format!("{other:?}, leaving {leftovers:?}")),
    }
    // The engine's part, restored when the checks `load` makes let it by (whatever the file's
    // format says), with whatever other absurd times it holds.
    let Ok(saved) = serde_json::from_slice::<serde_json::Value>(&input.0) else { return Ok(()) };
    let Some(Ok(state)) = saved.get("engine").map(|e| serde_json::from_value::<State>(e.clone())) else {
        return Ok(());
    };
    if state_file::usable(&state, NOW).is_err() {
        return Ok(());
    }
    let start = state.now;
    let mut session = Session::new(Engine::restore(Config::default(), catalogue(), amsterdam(), state));
    for later in [0, 60, 3_600, 86_400, 40 * 86_400] {
        session.handle_timeout(start + Duration::from_secs(later));
        while session.poll_action().is_some() {}
    }
    session.handle_timeout(NOW);
    let _ = session.handle(Input::Active, NOW);
    let _ = session.status(NOW);
    Ok(())
}

#[test]
fn fuzz_state_file() {
    let dir = scratch("state");
    fuzz("state", inputs(saved_states(), STATE_TOKENS), |input| state_check(input, &dir));
    let _ = fs::remove_dir_all(&dir);
}

// ---- crashes the fuzzers found, kept as regression tests with their minimized inputs ----

/// A saved `today` of i64::MAX passed the check of the saved time, and the first second of
/// sitting after the restore overflowed in the engine.
#[test]
fn regression_state_with_a_huge_sitting_counter_is_set_aside() {
    let input = Bytes(
        br#"{"format":1,"engine":{"now":1772412060000000,"sitting":[0,0],"provisional":[0,0],"today":9223372036854775807,"provisional_today":0,"today_date":"2026-3-2","daily_announced":false,"restarted":[false,false],"locked":false,"suspended":false,"last_reminder":[2,null],"deck":{"":8,"":""}}}"#
            .to_vec(),
    );
    let dir = scratch("regression-counter");
    assert_eq!(state_check(&input, &dir), Ok(()));
    let path = dir.join("state.json");
    fs::write(&path, &input.0).unwrap();
    match state_file::load(&path, NOW) {
        Loaded::Corrupt { reason, moved_to: Some(_) } => assert!(reason.contains("counters"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let _ = fs::remove_dir_all(&dir);
}
