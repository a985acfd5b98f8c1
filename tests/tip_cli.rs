//! `posture tip` end to end: runs the real binary with private config and cache homes, so no
//! real configuration, cache or locale leaks in.

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
        .env("XDG_CACHE_HOME", home.join("cache"))
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

fn all_cards(home: &str) -> Vec<Value> {
    json(&posture(home, &["tip", "--all", "--json"])).as_array().expect("an array").clone()
}

fn texts(cards: &[Value], lang: &str) -> HashSet<String> {
    cards.iter().map(|card| card[lang].as_str().unwrap().to_owned()).collect()
}

#[test]
fn all_json_lists_the_cards_with_steps_timing_stop_rule_source_and_picture() {
    let cards = all_cards("all_json");
    let micro = cards.iter().filter(|card| card["kind"] == "micro").count();
    let rest = cards.iter().filter(|card| card["kind"] == "rest").count();
    assert!(micro >= 14 && rest >= 12, "{micro} micro and {rest} rest cards");
    let mut pictures = HashSet::new();
    for card in &cards {
        for field in ["id", "nl", "en"] {
            assert!(!card[field].as_str().unwrap_or_default().is_empty(), "{card}: no {field}");
        }
        assert!(!card["areas"].as_array().unwrap().is_empty(), "{card}: no areas");
        let steps = card["steps"].as_array().unwrap();
        assert!((2..=4).contains(&steps.len()), "{card}: {} steps", steps.len());
        assert!(steps.iter().all(|step| step["nl"].is_string() && step["en"].is_string()), "{card}");
        let total = card["timing"]["total_seconds"].as_u64().unwrap();
        let limit = if card["kind"] == "micro" { 30 } else { 300 };
        assert!(total > 0 && total <= limit, "{card}: {total} s");
        assert!(card["stop"]["en"].as_str().unwrap().contains("pain"), "{card}");
        assert!(card["stop"]["nl"].as_str().unwrap().contains("pijngrens"), "{card}");
        let back = card["areas"].as_array().unwrap().iter().any(|area| area == "lower_back");
        assert_eq!(card["see_doctor"].is_object(), back, "{card}");
        let source = &card["source"];
        assert!(source["file"].as_str().unwrap().ends_with(".txt"), "{card}");
        assert!(!source["title"].as_str().unwrap().ends_with(".txt"), "{card}");
        assert!(source["section"].is_string() && source["quote"].is_string(), "{card}");
        let picture = PathBuf::from(card["picture"].as_str().expect("a picture path"));
        assert!(picture.ends_with(format!("posture/cards/{}.png", card["id"].as_str().unwrap())), "{picture:?}");
        let bytes = fs::read(&picture).expect("the picture is rendered");
        assert!(bytes.starts_with(b"\x89PNG"), "{picture:?}");
        assert!(pictures.insert(bytes), "{picture:?} is the same as another card's");
    }
}

#[test]
fn advice_is_listed_apart_from_the_cards() {
    let advice = json(&posture("advice_json", &["tip", "--advice", "--json"]));
    let advice = advice.as_array().unwrap();
    assert!(advice.len() >= 20, "only {} pieces of advice", advice.len());
    let cards: HashSet<String> =
        all_cards("advice_cards").iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    for item in advice {
        let id = item["id"].as_str().unwrap();
        assert!(!cards.contains(id), "{id} is both a card and advice");
        assert!(item["nl"].is_string() && item["en"].is_string() && item["source"]["title"].is_string(), "{item}");
    }
    assert!(advice.iter().any(|item| item["id"] == "sleeping-position"));
    let out = stdout(&posture("advice_nl", &["tip", "--advice", "--lang", "nl", "--area", "neck"]));
    assert!(out.starts_with("Adviezen") && out.contains("scherm"), "{out}");
    assert!(!out.contains(".txt"), "the source shows the title, not the file: {out}");
    // The jaw has exercise cards but no advice.
    let out = posture("advice_none", &["tip", "--advice", "--area", "jaw"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn kind_micro_gives_only_micro_cards() {
    let listed = json(&posture("kind_all", &["tip", "--all", "--json", "--kind", "micro"]));
    let listed = listed.as_array().unwrap();
    assert!(!listed.is_empty());
    for card in listed {
        assert_eq!(card["kind"], "micro", "{card}");
    }
    for _ in 0..5 {
        let card = json(&posture("kind_one", &["tip", "--json", "--kind", "micro"]));
        assert_eq!(card["kind"], "micro", "{card}");
    }
}

#[test]
fn lang_nl_gives_dutch_and_the_source_by_its_title() {
    let cards = all_cards("lang_all");
    let (nl, en) = (texts(&cards, "nl"), texts(&cards, "en"));
    for _ in 0..5 {
        let out = stdout(&posture("lang_nl", &["tip", "--lang", "nl"]));
        let (card, source) = out.trim_end().rsplit_once('\n').unwrap();
        assert!(nl.contains(card) && !en.contains(card), "not a Dutch card: {card}");
        assert!(source.starts_with("— ") && !source.contains(".txt"), "{source}");
    }
    let out = stdout(&posture("lang_default", &["tip"]));
    let (card, _) = out.trim_end().rsplit_once('\n').unwrap();
    assert!(en.contains(card), "LANG=C should give English: {out}");
}

#[test]
fn a_card_picture_is_written_as_svg_and_png() {
    let dir = scratch("pictures");
    let (svg, png) = (dir.join("card.svg"), dir.join("card.png"));
    let out = posture(
        "pictures_home",
        &["tip", "--id", "chin-tuck", "--svg", svg.to_str().unwrap(), "--png", png.to_str().unwrap()],
    );
    assert!(stdout(&out).starts_with("Chin tuck"));
    assert!(fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    assert!(fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let grid = dir.join("grid.png");
    stdout(&posture("pictures_home", &["tip", "--grid", grid.to_str().unwrap()]));
    assert!(fs::metadata(&grid).unwrap().len() > 10_000);
    let out = posture("pictures_home", &["tip", "--id", "no-such-card"]);
    assert!(!out.status.success());
}

#[test]
fn area_filters_and_rejects_unknown_areas() {
    let listed = json(&posture("area_ok", &["tip", "--all", "--json", "--area", "neck"]));
    for card in listed.as_array().unwrap() {
        let areas = card["areas"].as_array().unwrap();
        assert!(areas.iter().any(|area| area == "neck"), "{card}");
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
    assert!(signs.iter().all(|sign| sign["quote"].is_string()));
    let out = stdout(&posture("signs_en", &["tip", "--warning-signs", "--lang", "en"]));
    assert!(out.lines().next().unwrap().contains("doctor"), "{out}");
    for sign in signs {
        let text = sign["en"].as_str().unwrap();
        assert!(out.contains(text), "missing warning sign: {text}");
    }
    let out = stdout(&posture("signs_nl", &["tip", "--warning-signs", "--lang", "nl"]));
    assert!(out.starts_with("Waarschuwingssignalen: redenen"), "{out}");
    assert!(out.contains(signs[0]["nl"].as_str().unwrap()), "{out}");
}

const MINE: &str = r#"
[[card]]
id = "my-own-card"
kind = "rest"
areas = ["legs"]
title = { nl = "Trap lopen", en = "Stairs" }
steps = [
    { nl = "Loop de trap op.", en = "Walk up the stairs." },
    { nl = "Loop weer rustig naar beneden.", en = "Walk back down calmly." },
]
seconds = 60
source = "my physiotherapist"

[[advice]]
id = "my-own-advice"
areas = ["legs"]
source = "my physiotherapist"
nl = "Neem de trap."
en = "Take the stairs."
"#;

const OLD: &str = r#"
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

    let cards = json(&posture("user_home", &["--config", config, "tip", "--all", "--json"]));
    let mine =
        cards.as_array().unwrap().iter().find(|card| card["id"] == "my-own-card").expect("the user card is listed");
    assert_eq!(mine["title"]["en"], "Stairs");
    assert_eq!(mine["timing"]["total_seconds"], 60);
    assert_eq!((&mine["picture"], &mine["source"]["section"]), (&Value::Null, &Value::Null));
    assert_eq!(mine["source"]["title"], "my physiotherapist");
    let advice = json(&posture("user_home", &["--config", config, "tip", "--advice", "--json"]));
    assert!(advice.as_array().unwrap().iter().any(|item| item["id"] == "my-own-advice"));

    fs::write(dir.join("mine.toml"), MINE.replace("\"rest\"", "\"sometimes\"")).unwrap();
    let out = posture("user_home", &["--config", config, "tip"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.toml:4:8") && err.contains("my-own-card"), "{err}");
}

#[test]
fn an_old_format_tip_file_gets_a_located_error() {
    let dir = scratch("old_file");
    let config = dir.join("config.toml");
    fs::write(&config, "[tips]\nextra_file = \"old.toml\"\n").unwrap();
    fs::write(dir.join("old.toml"), OLD).unwrap();
    let out = posture("old_home", &["--config", config.to_str().unwrap(), "tip"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("old.toml:2:1") && err.contains("old tip format") && err.contains("[[card]]"), "{err}");
}

/// The guide shows `docs/src/images/cards.png`; it must be what `posture tip --grid` draws today.
#[test]
fn the_readme_card_grid_is_up_to_date() {
    let dir = scratch("grid_readme");
    let grid = dir.join("cards.png");
    stdout(&posture("grid_readme_home", &["tip", "--grid", grid.to_str().unwrap()]));
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/src/images/cards.png");
    assert!(
        fs::read(&grid).unwrap() == fs::read(&committed).unwrap(),
        "docs/src/images/cards.png is stale: run `posture tip --grid docs/src/images/cards.png`"
    );
}
