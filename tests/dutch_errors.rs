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
    assert!(nl.starts_with("fout: '--svg <BESTAND>' mag maar één keer\n"), "{nl}");
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
