//! A real Wayland compositor (mutter, kwin_wayland, ...) for system tests: started in a private
//! runtime directory on the test's own session bus, in a process group of its own, and killed
//! with everything it started when dropped, also when the test panics.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long a compositor may take to open its socket (KWin and mutter take under a second here;
/// CI's shared cores are slower).
const START_PATIENCE: Duration = Duration::from_secs(30);

pub struct Compositor {
    child: Child,
    /// Programs started with [`Compositor::spawn`], killed first.
    clients: Vec<Child>,
    name: String,
    bus: String,
    /// The directory holding `run/` (its XDG_RUNTIME_DIR), `home/` and the log.
    pub dir: PathBuf,
    /// The Wayland socket, as an absolute path: clients take it as WAYLAND_DISPLAY.
    pub socket: PathBuf,
}

impl Compositor {
    /// A fresh directory for compositor `name`, with `run/` (mode 0700) and `home/`.
    pub fn prepare(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("posture-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("run")).unwrap();
        fs::create_dir_all(dir.join("home")).unwrap();
        fs::set_permissions(dir.join("run"), fs::Permissions::from_mode(0o700)).unwrap();
        dir
    }

    /// Runs `program` with `args` in `dir` (from [`Compositor::prepare`]) on the session bus at
    /// `bus`, with a clean environment plus `env`, and waits until `run/<socket_name>` accepts
    /// connections.
    pub fn start(
        name: &str,
        dir: PathBuf,
        program: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        bus: &str,
        socket_name: &str,
    ) -> Compositor {
        let mut command = Compositor::command(&dir, program, bus);
        command.args(args).envs(env.iter().copied());
        Compositor::launch(name, dir, command, bus, socket_name)
    }

    /// `program` in `dir`'s session: a clean environment with its home, runtime directory and
    /// the bus at `bus`.
    pub fn command(dir: &Path, program: &Path, bus: &str) -> Command {
        let mut command = Command::new(program);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.join("home"))
            .env("XDG_RUNTIME_DIR", dir.join("run"))
            .env("XDG_CONFIG_HOME", dir.join("home/.config"))
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .env("XDG_SESSION_TYPE", "wayland")
            .env("LANG", "C");
        command
    }

    /// Runs `command` (from [`Compositor::command`], with its arguments) as compositor `name`
    /// and waits until `run/<socket_name>` in `dir` accepts connections.
    pub fn launch(name: &str, dir: PathBuf, mut command: Command, bus: &str, socket_name: &str) -> Compositor {
        let log = fs::File::create(dir.join(format!("{name}.log"))).unwrap();
        command
            // Its own group, so that drop kills what it started too.
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        let program = command.get_program().to_string_lossy().into_owned();
        let child = spawn_copied(&mut command).unwrap_or_else(|err| panic!("{program} does not start: {err}"));
        let socket = dir.join("run").join(socket_name);
        let mut compositor =
            Compositor { child, clients: Vec::new(), name: name.to_string(), bus: bus.to_string(), dir, socket };
        let deadline = Instant::now() + START_PATIENCE;
        while UnixStream::connect(&compositor.socket).is_err() {
            if let Ok(Some(status)) = compositor.child.try_wait() {
                panic!("{name} exited ({status}) before opening its socket:\n{}", compositor.log());
            }
            assert!(Instant::now() < deadline, "{name} never opened its socket:\n{}", compositor.log());
            std::thread::sleep(Duration::from_millis(50));
        }
        compositor
    }

    /// Starts a client of the compositor (a panel, a tray host) on its display and bus, in a
    /// process group of its own and with its output in `<name>.log`; killed on drop.
    pub fn spawn(&mut self, name: &str, program: &str, args: &[&str]) {
        let mut command = Compositor::command(&self.dir, Path::new(program), &self.bus);
        command.args(args).env("WAYLAND_DISPLAY", &self.socket);
        self.spawn_command(name, command);
    }

    /// Starts `command`, a client set up by the caller, as [`Compositor::spawn`] does.
    pub fn spawn_command(&mut self, name: &str, mut command: Command) {
        let log = fs::File::create(self.dir.join(format!("{name}.log"))).unwrap();
        let child = command
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|err| panic!("{} does not start: {err}", command.get_program().to_string_lossy()));
        self.clients.push(child);
    }

    /// The session bus the compositor and its clients joined.
    pub fn bus(&self) -> &str {
        &self.bus
    }

    /// What the compositor printed so far.
    pub fn log(&self) -> String {
        self.log_of(&self.name)
    }

    /// What the compositor or client `name` printed so far.
    pub fn log_of(&self, name: &str) -> String {
        fs::read_to_string(self.dir.join(format!("{name}.log"))).unwrap_or_default()
    }

    pub fn socket_str(&self) -> &str {
        self.socket.to_str().expect("a UTF-8 temporary path")
    }
}

impl Drop for Compositor {
    fn drop(&mut self) {
        for child in self.clients.iter_mut().chain([&mut self.child]) {
            let group = rustix::process::Pid::from_child(child);
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
            let _ = child.wait();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Spawns `command`, whose program may be a copy just written: while another test thread
/// forks, its child briefly holds the copy open for writing, and exec fails with ETXTBSY.
fn spawn_copied(command: &mut Command) -> std::io::Result<Child> {
    let mut attempts = 0;
    loop {
        match command.spawn() {
            Err(err) if err.raw_os_error() == Some(rustix::io::Errno::TXTBSY.raw_os_error()) && attempts < 50 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            result => return result,
        }
    }
}

/// Polls `status` (a `posture status --json`) every 10 ms until its state is `state`, and
/// returns how long that took; fails the test after `within`.
pub fn wait_for_state(mut status: impl FnMut() -> Value, state: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let now = status();
        if now["state"] == state {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "never {state} within {within:?}: {now}");
        std::thread::sleep(Duration::from_millis(10));
    }
}
