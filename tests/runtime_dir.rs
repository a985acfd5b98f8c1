//! The real daemon against planted files: a runtime directory that is a symlink or writable by
//! others is refused with a message naming it, a symlink planted as the instance lock is not
//! followed, and a second daemon with another runtime directory is refused because the lock
//! lives beside the shared state.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use sandbox::Sandbox;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_symlinked_or_open_runtime_directory_is_refused() {
    let sandbox = Sandbox::new("runtime-link");
    let victim = sandbox.root.join("victim");
    fs::create_dir(&victim).unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(&victim, sandbox.root.join("run/posture")).unwrap();
    let output = sandbox.run(&[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("run/posture: is a symbolic link"), "{}", stderr(&output));
    assert_eq!(fs::metadata(&victim).unwrap().permissions().mode() & 0o777, 0o755, "the target is untouched");
    assert_eq!(fs::read_dir(&victim).unwrap().count(), 0);

    fs::remove_file(sandbox.root.join("run/posture")).unwrap();
    fs::create_dir(sandbox.root.join("run/posture")).unwrap();
    fs::set_permissions(sandbox.root.join("run/posture"), fs::Permissions::from_mode(0o777)).unwrap();
    let output = sandbox.run(&[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("is writable by others (mode 777)"), "{}", stderr(&output));
}

#[test]
fn a_planted_lock_symlink_is_not_followed() {
    let sandbox = Sandbox::new("lock-link");
    let victim = sandbox.root.join("victim.txt");
    fs::write(&victim, "precious\n").unwrap();
    fs::create_dir_all(sandbox.root.join("state/posture")).unwrap();
    std::os::unix::fs::symlink(&victim, sandbox.root.join("state/posture/daemon.lock")).unwrap();
    let output = sandbox.run(&[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("daemon.lock"), "the message names the file: {}", stderr(&output));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
}

#[test]
fn a_second_daemon_with_another_runtime_directory_is_refused() {
    let sandbox = Sandbox::new("two-runtimes");
    let daemon = sandbox.start();
    let pid = sandbox.status()["pid"].as_u64().unwrap();
    let output = sandbox.command(&[]).env_remove("XDG_RUNTIME_DIR").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains(&format!("already running as pid {pid}")), "{}", stderr(&output));
    daemon.stop();
}
