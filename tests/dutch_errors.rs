//! The errors a Dutch-speaking user meets, on the real binary: each command line is run with
//! LANG=nl_NL.UTF-8 and with LANG=C, and says the same thing in Dutch and in English with
//! the same exit code. Command lines clap refuses, TOML and JSON syntax errors, operating
//! system errors and the usage lines of `--help`.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::process::Output;

use sandbox::Sandbox;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `args` in Dutch and in English: (Dutch output, English output).
fn both(sandbox: &Sandbox, args: &[&str]) -> (Output, Output) {
    let dutch = sandbox.command(args).env("LANG", "nl_NL.UTF-8").output().unwrap();
    let english = sandbox.run(args);
    (dutch, english)
}

/// Runs a command line clap refuses in both languages: exit 2 in each, and the Dutch error.
fn refused(sandbox: &Sandbox, args: &[&str]) -> (String, String) {
    let (dutch, english) = both(sandbox, args);
    assert_eq!(dutch.status.code(), Some(2), "{args:?} in Dutch: {}", stderr(&dutch));
    assert_eq!(english.status.code(), Some(2), "{args:?} in English: {}", stderr(&english));
    let (nl, en) = (stderr(&dutch), stderr(&english));
    for english in ["error:", "Usage:", "For more information", "tip:  ", "found", "provided", "[possible values"] {
        assert!(!nl.contains(english), "{args:?} says {english} in Dutch:\n{nl}");
    }
    assert!(nl.starts_with("fout: "), "{nl}");
    assert!(en.starts_with("error: ") && en.contains("For more information, try '--help'."), "{en}");
    (nl, en)
}

#[test]
fn an_unknown_subcommand_is_refused_in_dutch() {
    let sandbox = Sandbox::new("nl-unknown-command");
    let (nl, en) = refused(&sandbox, &["frobnicate"]);
    assert_eq!(
        nl,
        "fout: onbekend commando 'frobnicate'\n\nGebruik: posture [OPTIES] [COMMANDO]\n\nMeer weten: posture --help\n"
    );
    assert!(en.starts_with("error: unrecognized subcommand 'frobnicate'") && en.contains("Usage: posture"), "{en}");

    let (nl, en) = refused(&sandbox, &["confg"]);
    assert!(nl.contains("  tip: bedoel je 'config'?"), "{nl}");
    assert!(en.contains("tip: a similar subcommand exists: 'config'"), "{en}");
}

#[test]
fn an_unknown_flag_is_refused_in_dutch_with_the_tip() {
    let sandbox = Sandbox::new("nl-unknown-flag");
    let (nl, en) = refused(&sandbox, &["pause", "--bogus"]);
    assert_eq!(
        nl,
        "fout: onverwacht argument '--bogus'\n\n  tip: is '--bogus' een waarde? Schrijf dan '-- --bogus'\n\n\
         Gebruik: posture pause [OPTIES] [DUUR]...\n\nMeer weten: posture pause --help\n"
    );
    assert!(en.contains("unexpected argument '--bogus' found") && en.contains("use '-- --bogus'"), "{en}");

    let (nl, _) = refused(&sandbox, &["status", "--jsn"]);
    assert!(nl.contains("fout: onverwacht argument '--jsn'") && nl.contains("tip: bedoel je '--json'?"), "{nl}");
    let (nl, _) = refused(&sandbox, &["break", "micro", "rest"]);
    assert!(nl.starts_with("fout: onverwacht argument 'rest'\n\nGebruik: posture break [SOORT]\n"), "{nl}");
}

#[test]
fn values_out_of_range_or_not_numbers_are_refused_in_dutch() {
    let sandbox = Sandbox::new("nl-values");
    let (nl, en) = refused(&sandbox, &["report", "--days", "0"]);
    assert_eq!(
        nl,
        "fout: ongeldige waarde '0' voor '--days <DAGEN>': verwacht een getal van 1 tot en met 3660\n\n\
         Meer weten: posture report --help\n"
    );
    assert!(en.contains("invalid value '0' for '--days <DAYS>': 0 is not in 1..=3660"), "{en}");

    let (nl, en) = refused(&sandbox, &["meetings", "--days", "abc"]);
    assert!(nl.starts_with("fout: ongeldige waarde 'abc' voor '--days <DAGEN>': dat is geen heel getal\n"), "{nl}");
    assert!(en.contains("invalid digit found in string"), "{en}");

    let (nl, en) = refused(&sandbox, &["break", "sideways"]);
    assert!(
        nl.starts_with("fout: ongeldige waarde 'sideways' voor '[SOORT]'\n  [mogelijke waarden: micro, rest]\n"),
        "{nl}"
    );
    assert!(en.contains("[possible values: micro, rest]"), "{en}");
}

#[test]
fn missing_values_and_arguments_are_refused_in_dutch() {
    let sandbox = Sandbox::new("nl-missing");
    let (nl, en) = refused(&sandbox, &["tip", "--id"]);
    assert!(nl.starts_with("fout: bij '--id <ID>' hoort een waarde, maar die ontbreekt\n"), "{nl}");
    assert!(en.contains("a value is required for '--id <ID>' but none was supplied"), "{en}");

    let (nl, en) = refused(&sandbox, &["interval"]);
    assert!(
        nl.starts_with(
            "fout: dit verplichte argument ontbreekt:\n  <SOORT>\n\nGebruik: posture interval <SOORT> [DUUR]..."
        ),
        "{nl}"
    );
    assert!(en.contains("the following required arguments were not provided:\n  <KIND>"), "{en}");

    let (nl, en) = refused(&sandbox, &["completions"]);
    assert!(nl.contains("ontbreekt:\n  <SHELL>"), "{nl}");
    assert!(en.contains("not provided:\n  <SHELL>"), "{en}");
}

#[test]
fn conflicting_and_repeated_arguments_are_refused_in_dutch() {
    let sandbox = Sandbox::new("nl-conflict");
    let (nl, en) = refused(&sandbox, &["stats", "--json", "--csv"]);
    assert!(nl.starts_with("fout: '--json' gaat niet samen met '--csv'\n\nGebruik: posture stats [OPTIES]\n"), "{nl}");
    assert!(en.contains("the argument '--json' cannot be used with '--csv'"), "{en}");

    let (nl, en) = refused(&sandbox, &["tip", "--svg", "a.svg", "--svg", "b.svg"]);
    assert!(nl.starts_with("fout: '--svg <BESTAND>' mag maar één keer voorkomen\n"), "{nl}");
    assert!(en.contains("the argument '--svg <FILE>' cannot be used multiple times"), "{en}");
}

#[test]
fn help_and_version_keep_exit_code_zero_in_both_languages() {
    let sandbox = Sandbox::new("nl-help-version");
    for args in [&["--help"][..], &["--version"], &["pause", "--help"]] {
        let (dutch, english) = both(&sandbox, args);
        assert_eq!(dutch.status.code(), Some(0), "{args:?}");
        assert_eq!(english.status.code(), Some(0), "{args:?}");
        assert!(stderr(&dutch).is_empty() && stderr(&english).is_empty(), "{args:?}");
    }
}

#[test]
fn dutch_help_names_its_placeholders_in_dutch() {
    let sandbox = Sandbox::new("nl-placeholders");
    let (dutch, english) = both(&sandbox, &["pause", "--help"]);
    let (nl, en) = (stdout(&dutch), stdout(&english));
    assert!(nl.contains("Gebruik: posture pause [OPTIES] [DUUR]...") && nl.contains("--until <TIJD>"), "{nl}");
    assert!(en.contains("Usage: posture pause [OPTIONS] [DURATION]...") && en.contains("--until <UNTIL>"), "{en}");

    let (dutch, english) = both(&sandbox, &["report", "--help"]);
    let (nl, en) = (stdout(&dutch), stdout(&english));
    assert!(nl.contains("--days <DAGEN>") && nl.contains("[standaard: 7]"), "{nl}");
    assert!(nl.contains("--config <BESTAND>") && nl.contains("[omgevingsvariabele: POSTURE_CONFIG]"), "{nl}");
    assert!(
        en.contains("--days <DAYS>") && en.contains("[default: 7]") && en.contains("[env: POSTURE_CONFIG="),
        "{en}"
    );

    let nl = stdout(&both(&sandbox, &["--help"]).0);
    assert!(nl.contains("Gebruik: posture [OPTIES] [COMMANDO]"), "{nl}");
    for english in ["[OPTIONS]", "[COMMAND]", "DURATION", "<FILE>", "<DAYS>", "[default:", "[env:"] {
        for args in [&["--help"][..], &["pause", "--help"], &["tip", "--help"], &["simulate", "--help"]] {
            let nl = stdout(&both(&sandbox, args).0);
            assert!(!nl.contains(english), "{args:?} says {english} in Dutch:\n{nl}");
        }
    }
}

#[test]
fn toml_syntax_errors_are_explained_in_dutch() {
    let sandbox = Sandbox::new("nl-toml");
    std::fs::write(sandbox.config_file(), "x = = 1\n").unwrap();
    let (dutch, english) = both(&sandbox, &["config", "check"]);
    assert_eq!(dutch.status.code(), Some(1));
    assert_eq!(english.status.code(), Some(1));
    let (nl, en) = (stderr(&dutch), stderr(&english));
    assert!(nl.contains("config.toml:1:5: x: geen geldige TOML: een `=` te veel\n"), "{nl}");
    assert!(en.contains("config.toml:1:5: x: extra `=`, expected nothing\n"), "{en}");

    std::fs::write(sandbox.config_file(), "[micro]\nevery = \"5m\"\nevery = \"6m\"\n").unwrap();
    let (dutch, english) = both(&sandbox, &["config", "check"]);
    assert!(stderr(&dutch).contains("micro.every: geen geldige TOML: dubbele sleutel"), "{}", stderr(&dutch));
    assert!(stderr(&english).contains("micro.every: duplicate key"), "{}", stderr(&english));
}

#[test]
fn system_errors_keep_their_path_and_speak_dutch() {
    let sandbox = Sandbox::new("nl-io");
    let missing = sandbox.root.join("missing.jsonl");
    let missing = missing.to_str().unwrap();
    let (dutch, english) = both(&sandbox, &["simulate", missing]);
    assert_eq!((dutch.status.code(), english.status.code()), (Some(1), Some(1)));
    assert_eq!(stderr(&dutch), format!("posture: kan {missing} niet lezen: bestand of map bestaat niet\n"));
    assert_eq!(stderr(&english), format!("posture: cannot read {missing}: No such file or directory (os error 2)\n"));

    // A directory where the report's file should go.
    let dir = sandbox.root.join("state");
    let dir = dir.to_str().unwrap();
    let (dutch, english) = both(&sandbox, &["report", "--output", dir]);
    assert_eq!(stderr(&dutch), format!("posture: kan {dir} niet schrijven: is een map\n"));
    assert!(stderr(&english).contains("Is a directory"), "{}", stderr(&english));

    std::fs::write(sandbox.config_file(), b"language = \"\xff\"\n").unwrap();
    let (dutch, english) = both(&sandbox, &["config", "check"]);
    assert!(
        stderr(&dutch).ends_with("config.toml: geen UTF-8-tekst; posture leest dit bestand als UTF-8\n"),
        "{}",
        stderr(&dutch)
    );
    assert!(
        stderr(&english).ends_with("config.toml: not UTF-8 text; posture reads this file as UTF-8\n"),
        "{}",
        stderr(&english)
    );

    let config = sandbox.root.join("nope.toml");
    let config = config.to_str().unwrap();
    let (dutch, english) = both(&sandbox, &["tip", "--config", config]);
    assert_eq!(stderr(&dutch), format!("posture: het configuratiebestand {config} bestaat niet\n"));
    assert_eq!(stderr(&english), format!("posture: configuration file {config} does not exist\n"));
}

#[test]
fn trace_json_errors_speak_dutch() {
    let sandbox = Sandbox::new("nl-trace");
    let trace = sandbox.root.join("day.jsonl");
    std::fs::write(&trace, "{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"active\"}\n{\"at\": \n").unwrap();
    let (dutch, english) = both(&sandbox, &["simulate", trace.to_str().unwrap()]);
    let (nl, en) = (stderr(&dutch), stderr(&english));
    assert!(
        nl.ends_with("day.jsonl: regel 2 van de trace: de regel houdt op waar een waarde moet komen in kolom 6\n"),
        "{nl}"
    );
    assert!(en.ends_with("day.jsonl: trace line 2: EOF while parsing a value at column 6\n"), "{en}");

    std::fs::write(&trace, "{\"at\":\"2026-03-02T09:00:00+01:00\",\"input\":\"sideways\"}\n").unwrap();
    let nl = stderr(&both(&sandbox, &["simulate", trace.to_str().unwrap()]).0);
    assert!(nl.contains("regel 1 van de trace: onbekende waarde `sideways`, verwacht `active` of `none`"), "{nl}");
}

/// A peer on the control socket that answers every request with `answer` (None: closes
/// without a word), standing in for a daemon that misbehaves, which the real one does not.
fn odd_daemon(sandbox: &Sandbox, answer: Option<&'static str>) -> std::thread::JoinHandle<()> {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::fs::PermissionsExt;
    let dir = sandbox.socket().parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let listener = std::os::unix::net::UnixListener::bind(sandbox.socket()).unwrap();
    std::thread::spawn(move || {
        // Two clients: the Dutch run, then the English one.
        for _ in 0..2 {
            let (mut stream, _) = listener.accept().unwrap();
            let mut line = String::new();
            BufReader::new(&stream).read_line(&mut line).unwrap();
            if let Some(answer) = answer {
                stream.write_all(answer.as_bytes()).unwrap();
            }
        }
    })
}

#[test]
fn a_daemon_answering_nonsense_is_reported_in_dutch() {
    let sandbox = Sandbox::new("nl-protocol");
    let peer = odd_daemon(&sandbox, Some("hello\n"));
    let (dutch, english) = both(&sandbox, &["resume"]);
    peer.join().unwrap();
    assert_eq!((dutch.status.code(), english.status.code()), (Some(1), Some(1)));
    assert_eq!(
        stderr(&dutch),
        "posture: de daemon stuurde iets onverwachts: verwacht een waarde op regel 1, kolom 1: hello\n"
    );
    assert_eq!(
        stderr(&english),
        "posture: the daemon sent something unexpected: expected value at line 1 column 1: hello\n"
    );
}

#[test]
fn a_daemon_hanging_up_is_reported_in_dutch() {
    let sandbox = Sandbox::new("nl-closed");
    let peer = odd_daemon(&sandbox, None);
    let (dutch, english) = both(&sandbox, &["resume"]);
    peer.join().unwrap();
    assert_eq!(
        stderr(&dutch),
        "posture: de daemon stuurde iets onverwachts: de verbinding ging dicht zonder antwoord\n"
    );
    assert_eq!(
        stderr(&english),
        "posture: the daemon sent something unexpected: the connection closed without an answer\n"
    );
}

#[test]
fn an_unknown_card_is_reported_in_dutch() {
    let sandbox = Sandbox::new("nl-card");
    let (dutch, english) = both(&sandbox, &["tip", "--id", "neck-rol"]);
    assert_eq!((dutch.status.code(), english.status.code()), (Some(1), Some(1)));
    assert_eq!(stderr(&dutch), "posture: er is geen kaart met het id `neck-rol`\n");
    assert_eq!(stderr(&english), "posture: no card has the id `neck-rol`\n");
}

#[test]
fn a_failing_editor_is_reported_in_dutch() {
    let sandbox = Sandbox::new("nl-editor");
    let dutch =
        sandbox.command(&["config", "edit"]).env("EDITOR", "false").env("LANG", "nl_NL.UTF-8").output().unwrap();
    let english = sandbox.command(&["config", "edit"]).env("EDITOR", "false").output().unwrap();
    assert_eq!((dutch.status.code(), english.status.code()), (Some(1), Some(1)));
    assert!(
        stderr(&dutch).ends_with("false stopte met een fout (afsluitcode 1); het bestand is gebleven zoals het was\n"),
        "{}",
        stderr(&dutch)
    );
    assert!(
        stderr(&english).ends_with("false stopped with an error (exit status: 1); the file is left as it was\n"),
        "{}",
        stderr(&english)
    );
}

#[test]
fn tip_file_errors_speak_dutch() {
    let sandbox = Sandbox::new("nl-tips");
    let tips = sandbox.root.join("tips.toml");
    std::fs::write(&tips, "[[card]]\nid = \"neck-tilt\"\nkind = \"rest\"\n").unwrap();
    std::fs::write(sandbox.config_file(), format!("[tips]\nextra_file = \"{}\"\n", tips.display())).unwrap();
    let (dutch, english) = both(&sandbox, &["tip"]);
    assert_eq!((dutch.status.code(), english.status.code()), (Some(1), Some(1)));
    assert!(
        stderr(&dutch).ends_with("tips.toml:1:1: tip `neck-tilt`: het veld `areas` ontbreekt\n"),
        "{}",
        stderr(&dutch)
    );
    assert!(
        stderr(&english).ends_with("tips.toml:1:1: tip `neck-tilt`: missing field `areas`\n"),
        "{}",
        stderr(&english)
    );

    std::fs::write(&tips, "[[tip]]\ntext = \"Sta op\"\n").unwrap();
    let nl = stderr(&both(&sandbox, &["tip"]).0);
    assert!(nl.contains("dit is het oude tipformaat"), "{nl}");
}

#[test]
fn a_missing_home_is_reported_in_dutch() {
    let sandbox = Sandbox::new("nl-home");
    let run = |lang: &str| {
        sandbox.command(&["stats"]).env("LANG", lang).env_remove("HOME").env_remove("XDG_STATE_HOME").output().unwrap()
    };
    let (dutch, english) = (run("nl_NL.UTF-8"), run("C"));
    assert_eq!((dutch.status.code(), english.status.code()), (Some(1), Some(1)));
    assert_eq!(stderr(&dutch), "posture: XDG_STATE_HOME en HOME zijn allebei niet ingesteld\n");
    assert_eq!(stderr(&english), "posture: neither XDG_STATE_HOME nor HOME is set\n");
}

#[test]
fn an_interval_the_daemon_cannot_save_is_refused_in_dutch() {
    let sandbox = Sandbox::new("nl-interval");
    std::fs::write(sandbox.config_file(), "language = \"nl\"\n").unwrap();
    let daemon = sandbox.start();
    // The file becomes something posture does not read: the daemon keeps its settings.
    std::fs::remove_file(sandbox.config_file()).unwrap();
    std::fs::create_dir(sandbox.config_file()).unwrap();
    let output = sandbox.run(&["interval", "micro", "20m"]);
    daemon.stop();
    assert_eq!(output.status.code(), Some(1));
    let said = stderr(&output);
    assert!(said.starts_with("posture: kan ") && said.contains("config.toml niet schrijven: "), "{said}");
    assert!(said.ends_with("config.toml: geen gewoon bestand; posture leest alleen gewone bestanden\n"), "{said}");
}
