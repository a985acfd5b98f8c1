//! A soak test of the control socket: the real daemon under 500 hostile clients of its own user
//! (held open and replaced 200 a second: idle, sending garbage, stalling mid-line, following),
//! while a normal client's `status`, `pause` and `resume` must each answer within a second,
//! every time.
//! 60 s in CI (`POSTURE_REQUIRE_DESKTOP_TESTS=1`), 10 s locally.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::collections::VecDeque;
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sandbox::Sandbox;

const HOSTILE: usize = 500;

/// Keeps `HOSTILE` hostile connections open until `stop`, replacing the oldest ten every 50 ms
/// (200 new connections a second), so they keep connecting as well as holding.
fn attack(socket: PathBuf, stop: Arc<AtomicBool>, opened: Arc<AtomicUsize>) {
    let mut held: VecDeque<UnixStream> = VecDeque::with_capacity(HOSTILE);
    let mut n = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let wanted = if held.len() < HOSTILE { HOSTILE - held.len() } else { 10 };
        for _ in 0..wanted {
            let Ok(mut stream) = UnixStream::connect(&socket) else { continue };
            // Writes to a connection the daemon closed fail; that is the daemon doing its job.
            let _ = match n % 4 {
                0 => Ok(()),
                1 => stream.write_all(b"\x00\xff garbage that is not JSON\n"),
                2 => stream.write_all(b"{\"v\":1,\"cmd\":\"sta"),
                _ => stream.write_all(b"{\"v\":1,\"cmd\":\"follow\"}\n"),
            };
            if held.len() == HOSTILE {
                held.pop_front();
            }
            held.push_back(stream);
            n += 1;
        }
        opened.store(n, Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_normal_client_is_answered_within_a_second_under_500_hostile_clients() {
    let seconds = if std::env::var("POSTURE_REQUIRE_DESKTOP_TESTS").as_deref() == Ok("1") { 60 } else { 10 };
    let sandbox = Sandbox::new("soak");
    let daemon = sandbox.start();
    let stop = Arc::new(AtomicBool::new(false));
    let opened = Arc::new(AtomicUsize::new(0));
    let attacker = {
        let (socket, stop, opened) = (sandbox.socket(), stop.clone(), opened.clone());
        std::thread::spawn(move || attack(socket, stop, opened))
    };
    while opened.load(Ordering::Relaxed) < HOSTILE {
        std::thread::sleep(Duration::from_millis(10));
    }
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut slowest = Duration::ZERO;
    let mut answered = 0;
    while Instant::now() < end {
        for (args, state) in [(&["status"][..], None), (&["pause"], Some("paused")), (&["resume"], Some("active"))] {
            let started = Instant::now();
            let output = sandbox.command(args).output().unwrap();
            let took = started.elapsed();
            slowest = slowest.max(took);
            assert!(output.status.success(), "{args:?} refused: {}", String::from_utf8_lossy(&output.stderr));
            assert!(!output.stdout.is_empty(), "{args:?} printed its answer");
            assert!(took < Duration::from_secs(1), "{args:?} took {took:?}");
            if let Some(state) = state {
                assert_eq!(sandbox.status()["state"], state);
            }
            answered += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    attacker.join().unwrap();
    println!(
        "soak: {} hostile connections in {seconds} s; {answered} normal commands, slowest {slowest:?}",
        opened.load(Ordering::Relaxed)
    );
    daemon.stop();
}
