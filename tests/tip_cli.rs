//! `posture tip` end to end: runs the real binary with a private config home, so no real
//! configuration or locale leaks in.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// A fresh, empty directory for one test under Cargo's scratch space.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tip_cli").join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn posture(home: &str, args: &[&str]) -> Output {
    let home = scratch(home);
    Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(args)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("POSTURE_CONFIG")
        .output()
        .expect("run posture")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "posture failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).expect("valid JSON")
}

fn all_tips(home: &str) -> Vec<Value> {
    json(&posture(home, &["tip", "--all", "--json"])).as_array().expect("an array").clone()
}

fn texts(tips: &[Value], lang: &str) -> HashSet<String> {
    tips.iter().map(|tip| tip[lang].as_str().unwrap().to_owned()).collect()
}

#[test]
fn all_json_lists_the_whole_catalogue_in_both_languages() {
    let tips = all_tips("all_json");
    assert!(tips.len() >= 40, "only {} tips", tips.len());
    for tip in &tips {
        for field in ["id", "kind", "source", "nl", "en"] {
            let value = tip[field].as_str().unwrap_or_default();
            assert!(!value.is_empty(), "{tip}: no {field}");
        }
        assert!(tip["areas"].is_array(), "{tip}: no areas");
        assert!(tip.get("topic").is_some() && tip.get("section").is_some(), "{tip}");
    }
}

#[test]
fn kind_micro_gives_only_micro_or_both_tips() {
    let listed = json(&posture("kind_all", &["tip", "--all", "--json", "--kind", "micro"]));
    let listed = listed.as_array().unwrap();
    assert!(!listed.is_empty());
    for tip in listed {
        assert!(matches!(tip["kind"].as_str(), Some("micro" | "both")), "{tip}");
    }
    for _ in 0..5 {
        let tip = json(&posture("kind_one", &["tip", "--json", "--kind", "micro"]));
        assert!(matches!(tip["kind"].as_str(), Some("micro" | "both")), "{tip}");
    }
}

#[test]
fn lang_nl_gives_dutch() {
    let tips = all_tips("lang_all");
    let (nl, en) = (texts(&tips, "nl"), texts(&tips, "en"));
    for _ in 0..5 {
        let out = stdout(&posture("lang_nl", &["tip", "--lang", "nl"]));
        let mut lines = out.lines();
        let text = lines.next().unwrap();
        assert!(nl.contains(text) && !en.contains(text), "not a Dutch tip: {text}");
        let source = lines.next().unwrap();
        assert!(source.starts_with("— ") && source.ends_with(".txt)"), "{source}");
    }
    let out = stdout(&posture("lang_default", &["tip"]));
    assert!(en.contains(out.lines().next().unwrap()), "LANG=C should give English: {out}");
}

#[test]
fn area_filters_and_rejects_unknown_areas() {
    let listed = json(&posture("area_ok", &["tip", "--all", "--json", "--area", "neck"]));
    for tip in listed.as_array().unwrap() {
        let areas = tip["areas"].as_array().unwrap();
        assert!(areas.iter().any(|area| area == "neck"), "{tip}");
    }
    let out = posture("area_bad", &["tip", "--area", "elbow"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("elbow") && err.contains("upper_back"), "{err}");
}

#[test]
fn warning_signs_are_listed_with_an_intro() {
    let signs = json(&posture("signs_json", &["tip", "--warning-signs", "--json"]));
    let signs = signs.as_array().unwrap();
    assert!(!signs.is_empty());
    let out = stdout(&posture("signs_en", &["tip", "--warning-signs", "--lang", "en"]));
    assert!(out.lines().next().unwrap().contains("doctor"), "{out}");
    for sign in signs {
        let text = sign["en"].as_str().unwrap();
        assert!(out.contains(text), "missing warning sign: {text}");
    }
    let out = stdout(&posture("signs_nl", &["tip", "--warning-signs", "--lang", "nl"]));
    assert!(out.contains(signs[0]["nl"].as_str().unwrap()), "{out}");
}

const MINE: &str = r#"
[[tip]]
id = "my-own-tip"
kind = "rest"
areas = ["legs"]
source = "my physiotherapist"
nl = "Loop de trap een keer op en af."
en = "Walk up and down the stairs once."
"#;

#[test]
fn a_user_tip_file_joins_the_catalogue() {
    let dir = scratch("user_file");
    let config = dir.join("config.toml");
    fs::write(&config, "[tips]\nextra_file = \"mine.toml\"\n").unwrap();
    fs::write(dir.join("mine.toml"), MINE).unwrap();
    let config = config.to_str().unwrap();

    let tips = json(&posture("user_home", &["--config", config, "tip", "--all", "--json"]));
    let mine = tips.as_array().unwrap().iter().find(|tip| tip["id"] == "my-own-tip").expect("the user tip is listed");
    assert_eq!(mine["en"], "Walk up and down the stairs once.");
    assert_eq!(mine["topic"], Value::Null);

    fs::write(dir.join("mine.toml"), MINE.replace("\"rest\"", "\"sometimes\"")).unwrap();
    let out = posture("user_home", &["--config", config, "tip"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.toml:4:8") && err.contains("my-own-tip"), "{err}");
}
