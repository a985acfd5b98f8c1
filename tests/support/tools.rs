//! Optional programs a test needs (desktop programs, validators, nroff): present, or skip with
//! the reason, except under `POSTURE_REQUIRE_DESKTOP_TESTS=1` (CI), where a missing one fails.

use std::path::{Path, PathBuf};

/// Whether `tool` is on `PATH`; `package` is the Debian package that provides it.
pub fn present(tool: &str, package: &str) -> bool {
    all_present(&[tool], package)
}

/// Whether every one of `tools` is on `PATH`; `packages` are what `apt-get install` needs.
pub fn all_present(tools: &[&str], packages: &str) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|tool| path_of(tool).is_none()).collect();
    if missing.is_empty() {
        return true;
    }
    skip(&format!("{} not installed (apt-get install -y {packages})", missing.join(", ")));
    false
}

/// Says why the test skips, or fails it under `POSTURE_REQUIRE_DESKTOP_TESTS=1`.
pub fn skip(reason: &str) {
    if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
        panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
    }
    eprintln!("skipped: {reason}");
}

/// Where `tool` is on `PATH`, if anywhere.
pub fn path_of(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|dir| dir.join(tool)).find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
