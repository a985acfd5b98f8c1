//! The architecture invariants ARCHITECTURE.md states, checked on the source tree so a change
//! that breaks one fails here rather than in review:
//! - only the command-line edge (`main.rs`, `src/commands/`) imports the CLI modules;
//! - the core crate depends on no runtime, no D-Bus, and on chrono without its clock (the
//!   compiler then refuses `Local` and `now()` in the core; clippy.toml refuses the rest).

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_command_line_edge_imports_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("crates"), &mut files);
    let edge = |path: &Path| path.starts_with(root.join("src/commands")) || path.ends_with("src/main.rs");
    let offenders: Vec<String> = files
        .iter()
        .filter(|path| !edge(path))
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap();
            text.contains("crate::commands") || text.contains("crate::cli") || text.contains("posture::commands")
        })
        .map(|path| path.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert!(offenders.is_empty(), "these import the command-line edge: {offenders:?}");
    assert!(files.len() > 50, "the walk found the sources ({} files)", files.len());
}

#[test]
fn the_core_crate_has_no_runtime_and_no_clock() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/posture-core/Cargo.toml")).unwrap();
    let manifest: toml::Table = manifest.parse().unwrap();
    let dependencies = manifest["dependencies"].as_table().unwrap();
    for forbidden in ["tokio", "zbus", "rusqlite", "notify-rust", "tray-icon", "libc", "rustix"] {
        assert!(!dependencies.contains_key(forbidden), "the core depends on {forbidden}");
    }
    let chrono = dependencies["chrono"].as_table().expect("chrono with its features spelled out");
    assert_eq!(
        chrono.get("default-features").and_then(|v| v.as_bool()),
        Some(false),
        "chrono's defaults include clock"
    );
    let features: Vec<&str> = chrono["features"].as_array().unwrap().iter().filter_map(|f| f.as_str()).collect();
    assert!(!features.contains(&"clock") && !features.contains(&"now"), "chrono features: {features:?}");
}
