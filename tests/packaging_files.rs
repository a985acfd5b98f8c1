//! The files packages ship: completions and man pages generated from the CLI definition list
//! every subcommand, the icons exist at their sizes, the desktop entries and the AppStream
//! file pass their validators, and every checked-in asset the Debian package names exists.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use clap::CommandFactory;
use posture::cli::Cli;

#[path = "support/tools.rs"]
mod tools;

const ICON_SIZES: [u32; 8] = [16, 22, 24, 32, 48, 64, 128, 256];

fn posture(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_posture")).args(args).stdin(Stdio::null()).output().unwrap();
    assert!(output.status.success(), "posture {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Every subcommand a user can type, nested ones included, as `posture` sees them now.
fn subcommands() -> BTreeSet<String> {
    fn walk(cmd: &clap::Command, into: &mut BTreeSet<String>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            into.insert(sub.get_name().to_string());
            walk(sub, into);
        }
    }
    let mut names = BTreeSet::new();
    walk(&Cli::command(), &mut names);
    names
}

#[test]
fn completions_name_every_subcommand() {
    let names = subcommands();
    assert!(names.contains("autostart") && names.contains("enable"), "{names:?}");
    for shell in ["bash", "zsh", "fish"] {
        let script = posture(&["completions", shell]);
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell} completions miss `{name}`");
        }
    }
}

#[test]
fn man_pages_render_and_name_every_subcommand() {
    let page = posture(&["man"]);
    assert!(page.starts_with(".ie") || page.contains(".TH posture 1"), "{}", &page[..page.len().min(200)]);
    for name in Cli::command().get_subcommands().filter(|s| !s.is_hide_set()).map(|s| s.get_name()) {
        assert!(page.contains(name), "posture(1) misses `{name}`");
    }

    let dir = std::env::temp_dir().join(format!("posture-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    posture(&["man", "--dir", dir.to_str().unwrap()]);
    for sub in Cli::command().get_subcommands().filter(|s| !s.is_hide_set()) {
        let file = dir.join(format!("posture-{}.1", sub.get_name()));
        assert!(file.is_file(), "{} missing", file.display());
    }
    assert!(dir.join("posture.1").is_file());

    if tools::present("nroff", "groff-base") {
        let output = rendered(&dir.join("posture.1"));
        // nroff emboldens by overstriking (`S\bS`): keep the last of each struck pair.
        let mut text = String::new();
        for c in String::from_utf8_lossy(&output.stdout).chars() {
            if c == '\u{8}' {
                text.pop();
            } else {
                text.push(c);
            }
        }
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "nroff: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(text.contains("SYNOPSIS") && text.contains("autostart"), "{text}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn rendered(page: &Path) -> Output {
    Command::new("nroff").args(["-man", "-ww"]).arg(page).output().unwrap()
}

#[test]
fn icons_exist_at_their_sizes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging");
    let svg = std::fs::read_to_string(root.join("icons/posture.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("viewBox=\"0 0 128 128\""));
    for size in ICON_SIZES {
        let path = root.join(format!("linux/icons/hicolor/{size}x{size}/apps/posture.png"));
        let png = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", path.display());
        assert_eq!(&png[12..16], b"IHDR");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (size, size), "{}", path.display());
    }
}

#[test]
fn desktop_entries_pass_desktop_file_validate() {
    if !tools::present("desktop-file-validate", "desktop-file-utils") {
        return;
    }
    for file in ["posture.desktop", "posture-autostart.desktop"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/linux").join(file);
        let output = Command::new("desktop-file-validate").arg(&path).output().unwrap();
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success() && said.trim().is_empty(), "{file}: {said}");
    }
}

#[test]
fn metainfo_passes_appstreamcli_validate() {
    if !tools::present("appstreamcli", "appstream") {
        return;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/linux/io.github.posture.Posture.metainfo.xml");
    let output = Command::new("appstreamcli").args(["validate", "--no-net"]).arg(&path).output().unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_checked_in_deb_asset_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml")).unwrap().parse().unwrap();
    let assets = manifest["package"]["metadata"]["deb"]["assets"].as_array().unwrap();
    let mut icons = 0;
    for asset in assets {
        let source = asset[0].as_str().unwrap();
        // target/ holds what packaging/build-deb.sh builds and generates.
        if !source.starts_with("target/") {
            assert!(root.join(source).is_file(), "{source} is named in [package.metadata.deb] but missing");
        }
        icons += usize::from(source.ends_with("/apps/posture.png"));
    }
    assert_eq!(icons, ICON_SIZES.len(), "every PNG size is packaged");
}
