//! Optional programs a test checks files with (validators, nroff): present, or skip with the
//! reason, except under `POSTURE_REQUIRE_DESKTOP_TESTS=1` (CI), where a missing one fails.

use std::path::Path;

/// Whether `tool` is on `PATH`; `package` is the Debian package that provides it.
pub fn present(tool: &str, package: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|dir| is_executable(&dir.join(tool))) {
        return true;
    }
    let reason = format!("{tool} not installed (apt-get install -y {package})");
    if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") {
        panic!("POSTURE_REQUIRE_DESKTOP_TESTS=1 but {reason}");
    }
    eprintln!("skipped: {reason}");
    false
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
