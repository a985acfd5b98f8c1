//! The documentation checked against the program, so README and the user guide cannot rot:
//! README's length, every internal link, every `posture …` command shown, the documented
//! defaults, and the three generated pages (configuration reference, command-line reference,
//! the status example). `POSTURE_BLESS=1 cargo test --locked --test docs` rewrites the
//! generated pages from the program; without it a difference fails with a diff.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::{CommandFactory, FromArgMatches};
use posture::cli::Cli;
use posture::control::protocol::{Every, NextBreak, Response, Sitting, StatusReport, TodaySummary};
use posture::core::Kind;
use posture::core::engine::Mode;
use posture::core::meeting_sources::Source;

use sandbox::Sandbox;

const README_MAX_LINES: usize = 200;
const REGION_END: &str = "<!-- end generated -->";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The book's chapters (and SUMMARY.md), sorted.
fn book_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(root().join("docs/src"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 10, "the book has its chapters: {pages:?}");
    pages
}

/// README and the book: the pages whose commands must run.
fn user_pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    pages.extend(book_pages());
    pages
}

#[test]
fn readme_is_at_most_200_lines() {
    let lines = read(&root().join("README.md")).lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines; move detail into docs/src/ (at most {README_MAX_LINES})"
    );
}

/// README's two commands are the ones that run posture and that CI tests it with.
#[test]
fn readme_shows_the_run_command_and_the_test_command_ci_runs() {
    let ci = read(&root().join(".ci/run"));
    let test = ci.lines().map(str::trim).find(|line| line.starts_with("cargo test")).expect(".ci/run runs cargo test");
    let readme = read(&root().join("README.md"));
    let shown: Vec<&str> = readme.lines().map(|line| line.split(" #").next().unwrap().trim()).collect();
    assert!(shown.contains(&test), "README does not show .ci/run's test command `{test}`");
    assert!(shown.contains(&"cargo run --release"), "README does not show `cargo run --release`");
}

// ---------------------------------------------------------------------------------------------
// Markdown: prose without code, headings, links.

/// A page's lines with fenced code blocks blanked, so links and headings are read from prose only.
fn prose_lines(text: &str) -> Vec<String> {
    let mut fence = false;
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                fence = !fence;
                return String::new();
            }
            if fence { String::new() } else { strip_inline_code(line) }
        })
        .collect()
}

fn strip_inline_code(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            out.push(c);
        }
    }
    out
}

/// The anchor GitHub and mdBook give a heading: lowercase letters, digits, `-` and `_`, spaces
/// as `-`, everything else dropped; a repeated one gets `-1`, `-2`, ….
fn slug(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeMap::<String, usize>::new();
    let mut out = BTreeSet::new();
    let mut fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        let Some(heading) = line.strip_prefix('#').map(|h| h.trim_start_matches('#')) else { continue };
        if fence || !heading.starts_with(' ') {
            continue;
        }
        let base = slug(heading.trim().replace('`', "").as_str());
        let n = seen.entry(base.clone()).or_insert(0);
        out.insert(if *n == 0 { base.clone() } else { format!("{base}-{n}") });
        *n += 1;
    }
    out
}

/// Every `[text](target)` and `![alt](target)` in the prose, with its line number. Link text
/// may run over lines, so the prose is read as one string.
fn links(text: &str) -> Vec<(usize, String)> {
    let prose = prose_lines(text).join("\n");
    let mut out = Vec::new();
    let mut rest = prose.as_str();
    let mut offset = 0;
    while let Some(at) = rest.find("](") {
        let start = at + 2;
        let end = rest[start..].find(|c: char| c == ')' || c.is_whitespace()).map_or(rest.len(), |e| start + e);
        let line = prose[..offset + at].matches('\n').count() + 1;
        out.push((line, rest[start..end].to_string()));
        offset += end;
        rest = &rest[end..];
    }
    out
}

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_internal_link_resolves() {
    let book = root().join("docs/src");
    let mut pages = vec![root().join("README.md"), root().join("CONTRIBUTING.md"), root().join("packaging/README.md")];
    pages.extend(book_pages());
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text = read(page);
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        for (line, target) in links(&text) {
            if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") {
                continue;
            }
            // mdBook's draft chapter: listed, without a page yet.
            if target.is_empty() && page.ends_with("SUMMARY.md") {
                continue;
            }
            checked += 1;
            let (path, anchor) = target.split_once('#').unwrap_or((target.as_str(), ""));
            let file = if path.is_empty() { page.clone() } else { normalize(&page.parent().unwrap().join(path)) };
            if !file.exists() {
                broken.push(format!("{name}:{line}: {target}: no such file"));
                continue;
            }
            if page.starts_with(&book) && !file.starts_with(&book) {
                broken.push(format!("{name}:{line}: {target}: outside docs/src, so broken in the built book"));
                continue;
            }
            if !anchor.is_empty() {
                if file.extension().is_none_or(|e| e != "md") {
                    broken.push(format!("{name}:{line}: {target}: an anchor into a file that is not Markdown"));
                } else if !anchors(&read(&file)).contains(anchor) {
                    broken.push(format!("{name}:{line}: {target}: no heading makes #{anchor}"));
                }
            }
        }
    }
    assert!(checked > 100, "the link scan found the links ({checked})");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn anchors_are_made_as_github_and_mdbook_make_them() {
    assert_eq!(slug("Starting at login: posture autostart"), "starting-at-login-posture-autostart");
    assert_eq!(slug("Done, skip, snooze, pause"), "done-skip-snooze-pause");
    let text = "# A\n```sh\n# not a heading\n```\n## A\n### `posture tip`\n";
    assert_eq!(anchors(text), BTreeSet::from(["a".to_string(), "a-1".to_string(), "posture-tip".to_string()]));
    let found = links("See [the `x` page](x.md#y) and\n[two\nlines](#z), not `[code](c.md)`.\n```\n[no](n.md)\n```\n");
    assert_eq!(found, vec![(1, "x.md#y".to_string()), (3, "#z".to_string())]);
}

// ---------------------------------------------------------------------------------------------
// Commands shown in README and the book.

/// One `posture …` command as shown: where, and its words after `posture`. Inline code in
/// prose (`posture report`, `posture tip --lang`) names a command or a flag; code blocks hold
/// examples.
#[derive(Debug, Clone)]
struct Shown {
    place: String,
    words: Vec<String>,
    inline: bool,
}

impl Shown {
    /// A synopsis (`posture pause --until HH:MM`, `break [micro|rest]`) or a name in prose,
    /// rather than an example to run.
    fn is_synopsis(&self) -> bool {
        self.inline
            || self.words.iter().any(|w| {
                w.contains(['[', ']', '|', '<', '>', '…'])
                    || w == "..."
                    || (w.chars().any(|c| c.is_ascii_uppercase()) && !w.contains(['/', '.']))
            })
    }

    fn line(&self) -> String {
        format!("{}: posture {}", self.place, self.words.join(" "))
    }
}

/// Splits shell words, honouring single and double quotes.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

/// The `posture` commands in one line of shell: each pipeline stage, `$(…)` and `exec = …`
/// value whose program is posture (after `VAR=value`, `setsid -f`), or `cargo run --release --`.
fn commands_in(line: &str) -> Vec<Vec<String>> {
    // A comment starts at " #" outside quotes; jq's `#` never follows a space there.
    let line = match line.find(" #") {
        Some(at) if line[..at].matches('\'').count().is_multiple_of(2) => &line[..at],
        _ => line,
    };
    let mut out = Vec::new();
    // Stages of a pipeline, `$(…)`, an ini `key = value` and a JSON string each hold one command.
    let line = line.replace(" = ", "|");
    let stages = line.split(['|', ';', '>', '<', '(', ')', '`', '&', '"']);
    for stage in stages {
        let mut words = shell_words(stage.trim());
        let assignment = |w: &str| {
            w.split_once('=').is_some_and(|(name, _)| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        };
        while words.first().is_some_and(|w| ["setsid", "-f", "exec", "$"].contains(&w.as_str()) || assignment(w)) {
            words.remove(0);
        }
        if words.len() >= 4 && words[..4] == ["cargo", "run", "--release", "--"] {
            out.push(words[4..].to_vec());
        } else if words.len() == 3 && words[..3] == ["cargo", "run", "--release"] {
            out.push(Vec::new());
        } else if words.first().is_some_and(|w| w == "posture") {
            out.push(words[1..].to_vec());
        }
    }
    out
}

/// Every command a page shows: in `sh` and `ini`/`jsonc` blocks every line, in `console`
/// blocks the lines after `$ `, and inline code that starts with `posture`.
fn shown_commands(page: &Path) -> Vec<Shown> {
    let name = page.strip_prefix(root()).unwrap().display().to_string();
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for (n, line) in read(page).lines().enumerate() {
        let place = format!("{name}:{}", n + 1);
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            fence = if fence.is_some() { None } else { Some(lang.trim().to_string()) };
            continue;
        }
        let code: Vec<String> = match fence.as_deref() {
            Some("sh" | "ini" | "jsonc") => vec![line.to_string()],
            Some("console") => trimmed.strip_prefix("$ ").map(str::to_string).into_iter().collect(),
            Some(_) => Vec::new(),
            None => {
                // A table cell escapes `|` as `\|`.
                let spans = line.split('`').skip(1).step_by(2);
                for span in spans {
                    let mut words = shell_words(&span.replace("\\|", "|"));
                    // `XDG_STATE_HOME=/tmp/week posture report …`
                    while words.first().is_some_and(|w| w.contains('=') && !w.starts_with('-')) {
                        words.remove(0);
                    }
                    if words.len() > 1 && words[0] == "posture" {
                        out.push(Shown { place: place.clone(), words: words[1..].to_vec(), inline: true });
                    }
                }
                Vec::new()
            }
        };
        for text in code {
            for words in commands_in(&text) {
                out.push(Shown { place: place.clone(), words, inline: false });
            }
        }
    }
    out
}

fn all_shown() -> Vec<Shown> {
    let shown: Vec<Shown> = user_pages().iter().flat_map(|page| shown_commands(page)).collect();
    assert!(shown.len() > 100, "the scan found the commands ({})", shown.len());
    shown
}

/// The flags (`--lang`) among a command's words that its subcommand does not have.
fn unknown_flags(words: &[String]) -> Vec<String> {
    let root = the_command_line();
    let mut command = root.clone();
    for word in subcommand_path(words) {
        command = command.find_subcommand(&word).unwrap().clone();
    }
    let known = |name: &str| {
        ["help", "version"].contains(&name)
            || [&command, &root].iter().any(|c| c.get_arguments().any(|a| a.get_long() == Some(name)))
    };
    words
        .iter()
        .filter_map(|w| w.strip_prefix("--"))
        .map(|w| w.split('=').next().unwrap())
        .filter(|name| !name.is_empty() && !known(name))
        .map(|name| format!("--{name}"))
        .collect()
}

/// The command line as the binary builds it (`--config` after the commands that read the file).
fn the_command_line() -> clap::Command {
    posture::commands::help::command(posture::core::Lang::En)
}

/// The subcommand path of a command's words (`meeting start`), skipping the global `--config`.
fn subcommand_path(words: &[String]) -> Vec<String> {
    let mut command = Cli::command();
    let mut path = Vec::new();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        if word == "--config" {
            words.next();
            continue;
        }
        match command.find_subcommand(word) {
            Some(sub) => {
                path.push(word.clone());
                command = sub.clone();
            }
            None => break,
        }
    }
    path
}

#[test]
fn the_command_scan_reads_shell_as_written() {
    let words = |v: &[&str]| v.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    assert_eq!(commands_in("posture snooze 30m   # hold reminders"), vec![words(&["snooze", "30m"])]);
    assert_eq!(commands_in(r#"xdg-open "$(posture config path)""#), vec![words(&["config", "path"])]);
    assert_eq!(
        commands_in("posture status --follow | jq --unbuffered -r 'if .pending then \"x\" end'"),
        vec![words(&["status", "--follow"])]
    );
    assert_eq!(commands_in("setsid -f posture >/dev/null 2>&1"), vec![words(&[])]);
    assert_eq!(commands_in("cargo run --release -- simulate a.jsonl"), vec![words(&["simulate", "a.jsonl"])]);
    assert_eq!(commands_in("click-left = posture snooze"), vec![words(&["snooze"])]);
    assert_eq!(
        commands_in(r#"    "exec": "posture status --follow | jq --unbuffered -c -f posture.jq","#),
        vec![words(&["status", "--follow"])]
    );
    assert_eq!(
        commands_in("XDG_STATE_HOME=/tmp/week posture report --output week.html"),
        vec![words(&["report", "--output", "week.html"])]
    );
    assert!(commands_in("ls ~/.config/posture/config.toml").is_empty());
    let synopsis = Shown { place: String::new(), words: words(&["pause", "--until", "HH:MM"]), inline: false };
    assert!(synopsis.is_synopsis());
    let example =
        Shown { place: String::new(), words: words(&["simulate", "docs/examples/workday.jsonl"]), inline: false };
    assert!(!example.is_synopsis());
    assert_eq!(unknown_flags(&words(&["tip", "--lang", "--colour", "--config=x"])), ["--colour"]);
    assert_eq!(
        subcommand_path(&words(&["--config", "a.toml", "meeting", "start", "--for", "1h"])),
        ["meeting", "start"]
    );
}

/// Every example parses with the real command-line definition, and each subcommand shown has
/// a `--help` in the real binary.
#[test]
fn every_shown_command_exists() {
    let mut problems = Vec::new();
    let mut paths = BTreeSet::new();
    for shown in all_shown() {
        paths.insert(subcommand_path(&shown.words));
        let unknown = unknown_flags(&shown.words);
        if !unknown.is_empty() {
            problems.push(format!("{}: no such flag {unknown:?}", shown.line()));
        }
        if shown.is_synopsis() {
            continue;
        }
        let args = std::iter::once("posture".to_string()).chain(shown.words.iter().cloned());
        if let Err(e) = the_command_line().try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m)) {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            if !matches!(e.kind(), DisplayHelp | DisplayVersion) {
                problems.push(format!("{}\n{e}", shown.line()));
            }
        }
    }
    // A synopsis's own words (`posture interval micro|rest DURATION`) name its subcommands.
    for path in &paths {
        let output = Command::new(env!("CARGO_BIN_EXE_posture"))
            .args(path)
            .arg("--help")
            .env_remove("POSTURE_CONFIG")
            .output()
            .unwrap();
        if !output.status.success() {
            problems.push(format!(
                "posture {} --help failed: {}",
                path.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(paths.len() >= 15, "the pages show most subcommands: {paths:?}");
    assert!(
        problems.is_empty(),
        "commands in README or the guide that posture does not take:\n{}",
        problems.join("\n")
    );
}

/// Runs every concrete example in a sandbox with a daemon of its own: none may be a usage
/// error (exit 2 with clap's `error:`) or hang.
#[test]
fn every_shown_example_runs_in_a_sandbox() {
    let sandbox = Sandbox::new("docs-examples");
    let cwd = sandbox.root.join("cwd");
    fs::create_dir_all(cwd.join("docs/examples")).unwrap();
    for entry in fs::read_dir(root().join("docs/examples")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, cwd.join("docs/examples").join(path.file_name().unwrap())).unwrap();
    }
    let daemon = sandbox.start();
    let mut examples: Vec<Shown> = all_shown()
        .into_iter()
        .filter(|shown| !shown.is_synopsis())
        // The daemon itself, and what never ends by itself (an editor) or reaches outside the
        // sandbox.
        .filter(|shown| !matches!(subcommand_path(&shown.words).first().map(String::as_str), None | Some("daemon")))
        .filter(|shown| !subcommand_path(&shown.words).iter().any(|w| w == "edit"))
        .filter(|shown| !shown.words.iter().any(|w| w == "--follow" || w == "--systemd"))
        .collect();
    // `quit` stops the sandbox's daemon: last.
    examples.sort_by_key(|shown| subcommand_path(&shown.words).first().is_some_and(|w| w == "quit"));
    let mut problems = Vec::new();
    let mut ran = 0;
    for shown in &examples {
        let mut child = sandbox
            .command(&shown.words.iter().map(String::as_str).collect::<Vec<_>>())
            .current_dir(&cwd)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        ran += 1;
        match status {
            None => problems.push(format!("{}: still running after 30 s", shown.line())),
            Some(status) if status.code() == Some(2) && stderr.starts_with("error:") => {
                problems.push(format!("{}: a usage error:\n{stderr}", shown.line()))
            }
            Some(status) if status.code().is_none() => {
                problems.push(format!("{}: killed: {status:?}\n{stderr}", shown.line()))
            }
            Some(_) => {}
        }
    }
    drop(daemon);
    assert!(ran >= 30, "the examples ran ({ran})");
    assert!(problems.is_empty(), "examples in README or the guide that do not run:\n{}", problems.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Documented figures.

fn default_config() -> toml::Table {
    read(&root().join("config/default.toml")).parse().unwrap()
}

fn default_value(config: &toml::Table, key: &str) -> Option<toml::Value> {
    let mut table = config;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let value = table.get(part)?;
        if parts.peek().is_none() {
            return Some(value.clone());
        }
        table = value.as_table()?;
    }
    None
}

/// `value` as written in a page (`"25m"`, `true`, `[]`), read as TOML.
fn toml_value(text: &str) -> Option<toml::Value> {
    format!("v = {text}").parse::<toml::Table>().ok().and_then(|mut t| t.remove("v"))
}

/// Every table row `| `key` | … |` whose key is a configuration key, with its cells.
fn key_rows(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let config = default_config();
    let known =
        |key: &str| config.contains_key(key) || key.split_once('.').is_some_and(|(t, _)| config.contains_key(t));
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let cells: Vec<String> = line
                .strip_prefix('|')?
                .split(" | ")
                .map(|c| c.trim().trim_end_matches('|').trim().to_string())
                .collect();
            let key = cells.first()?.strip_prefix('`')?.strip_suffix('`')?.to_string();
            (known(&key) && !key.contains(' ')).then_some((n + 1, key, cells))
        })
        .collect()
}

/// A Default cell against the file: one code span is the value; "not set" means the file leaves
/// the key out; other words (`all seven days`) are prose and not compared.
fn check_default(config: &toml::Table, place: &str, key: &str, cell: &str, problems: &mut Vec<String>) {
    let actual = default_value(config, key);
    if let Some(code) = cell.strip_prefix('`').and_then(|c| c.strip_suffix('`')).filter(|c| !c.contains('`')) {
        let shown = toml_value(code);
        if shown.is_none() || shown != actual {
            problems.push(format!("{place}: {key} is documented as {code}, config/default.toml has {actual:?}"));
        }
    } else if cell.starts_with("not set") && actual.is_some() {
        problems.push(format!("{place}: {key} is documented as not set, config/default.toml sets {actual:?}"));
    }
}

#[test]
fn documented_defaults_are_those_of_the_default_file() {
    let config = default_config();
    let mut problems = Vec::new();
    // README: | Setting | Default | What it does |, and "(`micro.duration`: `"30s"`)" in prose.
    let readme = read(&root().join("README.md"));
    let rows = key_rows(&readme);
    assert!(rows.len() >= 5, "README's settings table: {rows:?}");
    for (line, key, cells) in &rows {
        check_default(&config, &format!("README.md:{line}"), key, &cells[1], &mut problems);
    }
    for (n, line) in readme.lines().enumerate() {
        for piece in line.split("(`").skip(1) {
            if let Some((key, rest)) = piece.split_once("`: `") {
                let value = rest.split('`').next().unwrap();
                check_default(&config, &format!("README.md:{}", n + 1), key, &format!("`{value}`"), &mut problems);
            }
        }
    }
    // The opening paragraph's figures.
    let seconds = |key: &str| {
        humantime::parse_duration(default_value(&config, key).unwrap().as_str().unwrap()).unwrap().as_secs()
    };
    let opening: String = readme.split("\n\n").nth(1).unwrap().replace('\n', " ");
    for figure in [
        format!("{}-second", seconds("micro.duration")),
        format!("every {} minutes", seconds("micro.every") / 60),
        format!("{}-minute", seconds("rest.duration") / 60),
        format!("every {})", seconds("rest.every") / 60),
    ] {
        if !opening.contains(&figure) {
            problems.push(format!("README's opening paragraph does not say \"{figure}\": {opening}"));
        }
    }
    // The guide's summary of the rules.
    let counting = read(&root().join("docs/src/counting.md")).split_whitespace().collect::<Vec<_>>().join(" ");
    for figure in [
        format!("after {} minutes of sitting, {} seconds long", seconds("micro.every") / 60, seconds("micro.duration")),
        format!("after {} minutes, {} minutes long", seconds("rest.every") / 60, seconds("rest.duration") / 60),
        format!("under {} minutes by default", seconds("activity.away_after") / 60),
        format!("comes back every {} minutes", seconds("reminders.repeat_after") / 60),
    ] {
        if !counting.contains(&figure) {
            problems.push(format!("docs/src/counting.md does not say \"{figure}\""));
        }
    }
    // The guide's key table: | Key | Type | Default | Meaning |, every key of the file in it.
    let guide = read(&root().join("docs/src/configuration.md"));
    let rows = key_rows(&guide);
    for (line, key, cells) in &rows {
        check_default(&config, &format!("docs/src/configuration.md:{line}"), key, &cells[2], &mut problems);
    }
    let listed: BTreeSet<&str> = rows.iter().map(|(_, key, _)| key.as_str()).collect();
    for (name, value) in &config {
        let keys: Vec<String> = match value.as_table() {
            Some(table) => table.keys().map(|k| format!("{name}.{k}")).collect(),
            None => vec![name.clone()],
        };
        for key in keys {
            if !listed.contains(key.as_str()) {
                problems.push(format!("docs/src/configuration.md: the key table lacks {key}"));
            }
        }
    }
    assert!(problems.is_empty(), "documented figures that disagree with the program:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Generated pages.

/// Compares a generated text with the committed one, or writes it under `POSTURE_BLESS=1`.
fn generated(path: &Path, made: &str) {
    let bless = std::env::var_os("POSTURE_BLESS").is_some_and(|v| v == "1");
    let committed = fs::read_to_string(path).unwrap_or_default();
    if committed == made {
        return;
    }
    if bless {
        fs::write(path, made).unwrap();
        return;
    }
    panic!(
        "{} is out of date; run `POSTURE_BLESS=1 cargo test --locked --test docs` and commit it.\n{}",
        path.display(),
        diff(&committed, made)
    );
}

/// The first differing lines, with a little context: enough to see what changed.
fn diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let first = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let same_tail = old.iter().rev().zip(new.iter().rev()).take_while(|(a, b)| a == b).count();
    let old_end = old.len().saturating_sub(same_tail).max(first);
    let new_end = new.len().saturating_sub(same_tail).max(first);
    let mut out = format!("@@ line {} @@\n", first + 1);
    for line in &old[first.saturating_sub(2)..first] {
        out += &format!("  {line}\n");
    }
    for line in old[first..old_end].iter().take(40) {
        out += &format!("- {line}\n");
    }
    for line in new[first..new_end].iter().take(40) {
        out += &format!("+ {line}\n");
    }
    out
}

/// `config/default.toml` as a page: per table, its keys with their defaults, and the file's own
/// text for that table, whose comments say what each key does and why.
fn config_reference() -> String {
    let text = read(&root().join("config/default.toml"));
    let config = default_config();
    let lines: Vec<&str> = text.lines().collect();
    // The file's opening comment is the page's introduction.
    let intro_end = lines.iter().position(|l| l.trim().is_empty()).unwrap_or(0);
    // A table's section starts with the comment lines right above its header.
    let mut starts = vec![intro_end + 1];
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with('[') {
            let mut start = n;
            while start > 0 && lines[start - 1].starts_with('#') {
                start -= 1;
            }
            starts.push(start);
        }
    }
    starts.push(lines.len());
    let mut page = String::from(
        "# Configuration reference\n\n\
         <!-- Generated from config/default.toml by tests/docs.rs: POSTURE_BLESS=1 cargo test --locked --test docs -->\n\n\
         Every key posture reads, with its default, generated from the commented default configuration\n\
         built into the program (`posture config init` prints it). How to write and check the file:\n\
         [Configuration](configuration.md).\n\n",
    );
    // The first line is the file's title.
    for line in &lines[1..intro_end] {
        let comment = line.trim_start_matches('#').trim();
        page += if comment.is_empty() { "\n" } else { comment };
        page += if comment.is_empty() { "" } else { "\n" };
    }
    page += "\n";
    for window in starts.windows(2) {
        let section: Vec<&str> = lines[window[0]..window[1]].to_vec();
        let section_text = section.join("\n").trim().to_string();
        if section_text.is_empty() {
            continue;
        }
        let header = section.iter().find(|l| l.starts_with('['));
        let (title, prefix, table) = match header {
            Some(h) => {
                let name = h.trim_matches(|c| c == '[' || c == ']');
                (format!("`[{name}]`"), format!("{name}."), config[name].as_table().unwrap().clone())
            }
            None => {
                let top: toml::Table =
                    config.iter().filter(|(_, v)| !v.is_table()).map(|(k, v)| (k.clone(), v.clone())).collect();
                ("Top level".to_string(), String::new(), top)
            }
        };
        page += &format!("## {title}\n\n| Key | Default |\n|---|---|\n");
        // Keys in the order the file has them.
        for line in &section {
            let Some((key, _)) = line.split_once(" = ").filter(|_| !line.starts_with('#')) else { continue };
            let value = &table[key.trim()];
            page += &format!("| `{prefix}{}` | `{}` |\n", key.trim(), value.to_string().replace('|', "\\|"));
        }
        page += &format!("\n```toml\n{section_text}\n```\n\n");
    }
    page.trim_end().to_string() + "\n"
}

/// Every visible command's `--help`, from the real binary.
fn cli_reference() -> String {
    fn walk(command: &clap::Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut paths = Vec::new();
    walk(&Cli::command(), &mut Vec::new(), &mut paths);
    let mut page = String::from(
        "# Command-line reference\n\n\
         <!-- Generated from src/cli.rs by tests/docs.rs: POSTURE_BLESS=1 cargo test --locked --test docs -->\n\n\
         Every command's `--help`, as the program prints it. What the commands do and how they\n\
         answer: [Commands](cli.md). The same text is in the man pages the package installs\n\
         (`man posture`, `man posture-status`).\n\n",
    );
    for path in &paths {
        let output = Command::new(env!("CARGO_BIN_EXE_posture"))
            .args(path)
            .arg("--help")
            .env_remove("POSTURE_CONFIG")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        assert!(output.status.success(), "posture {} --help", path.join(" "));
        let help = String::from_utf8(output.stdout).unwrap();
        let name = std::iter::once("posture").chain(path.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
        page += &format!("## `{name}`\n\n```text\n{}\n```\n\n", help.trim_end());
    }
    page.trim_end().to_string() + "\n"
}

/// A status with every field the daemon can send.
fn full_status() -> StatusReport {
    StatusReport {
        state: Mode::Paused,
        next_break: NextBreak { kind: Kind::Rest, in_seconds: 1140 },
        pending: None,
        sitting_seconds: Sitting { micro: 1260, rest: 2160 },
        today_sitting_seconds: 11_520,
        idle_backend: "ext-idle-notify-v1".to_string(),
        session_source: "logind".to_string(),
        do_not_disturb_server: "dunst".to_string(),
        fullscreen_backend: "wlr-foreign-toplevel".to_string(),
        snoozed_until: Some("2026-11-23T10:40:00+01:00".to_string()),
        paused: true,
        paused_until: Some("2026-11-23T12:00:00+01:00".to_string()),
        meeting_until: Some("2026-11-23T11:00:00+01:00".to_string()),
        language: "en".to_string(),
        pid: 4242,
        every_seconds: Every { micro: 1500, rest: 3300 },
        config_file: "/home/me/.config/posture/config.toml".to_string(),
        meeting_sources: vec![Source::Calendar],
        meeting_sources_enabled: vec![
            Source::Manual,
            Source::Camera,
            Source::Microphone,
            Source::Calendar,
            Source::DoNotDisturb,
        ],
        next_meeting: Some("2026-11-23T14:00:00+01:00".to_string()),
        today: Some(TodaySummary { sitting_seconds: 11_520, breaks_taken: 5, breaks_due: 7 }),
    }
}

/// `posture status --json` of [`full_status`], serialized as the daemon serializes it.
fn status_example() -> String {
    let json = serde_json::to_string_pretty(&full_status()).unwrap();
    format!("```console\n$ posture status --json\n{json}\n```\n")
}

/// The same status as one control-protocol response line.
fn status_line_example() -> String {
    let line = serde_json::to_string(&Response::ok(full_status())).unwrap();
    format!(
        "```console\n$ echo '{{\"v\":1,\"cmd\":\"status\"}}' | socat - UNIX-CONNECT:$XDG_RUNTIME_DIR/posture/control.sock\n{line}\n```\n"
    )
}

/// `page` with the region between `<!-- generated: NAME; … -->` and the end marker replaced.
fn with_region(page: &str, name: &str, content: &str) -> String {
    let marker = format!("<!-- generated: {name}; ");
    let begin = page.find(&marker).unwrap_or_else(|| panic!("the page has the {name} marker"));
    let begin = begin + page[begin..].find('\n').unwrap() + 1;
    let end = begin + page[begin..].find(REGION_END).expect("the end marker");
    format!("{}{content}{}", &page[..begin], &page[end..])
}

#[test]
fn the_configuration_reference_is_generated_from_the_default_file() {
    generated(&root().join("docs/src/config-reference.md"), &config_reference());
}

#[test]
fn the_command_line_reference_is_generated_from_the_cli_definition() {
    generated(&root().join("docs/src/cli-reference.md"), &cli_reference());
}

#[test]
fn the_status_example_is_generated_from_a_status_report() {
    let path = root().join("docs/src/protocol.md");
    let page = with_region(&read(&path), "status-json", &status_example());
    generated(&path, &with_region(&page, "status-line", &status_line_example()));
}

/// The example has every field a real daemon's `status --json` prints, and the table documents
/// each of them.
#[test]
fn the_status_example_has_every_field_a_real_daemon_sends() {
    let example: serde_json::Value = {
        let text = status_example();
        let json = text.split_once("--json\n").unwrap().1.rsplit_once("```").unwrap().0;
        serde_json::from_str(json).unwrap()
    };
    let sandbox = Sandbox::new("docs-status");
    let daemon = sandbox.start();
    let real = sandbox.status();
    drop(daemon);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<BTreeSet<String>>();
    let missing: Vec<String> = keys(&real).difference(&keys(&example)).cloned().collect();
    assert!(missing.is_empty(), "the daemon sends fields the documented example lacks: {missing:?}");
    let page = read(&root().join("docs/src/protocol.md"));
    for key in keys(&example) {
        assert!(page.contains(&format!("| `{key}")), "docs/src/protocol.md's field table lacks {key}");
    }
}
