//! The break screen's Wayland backend under a real headless sway 1.7 (wlroots, layer-shell):
//! the fullscreen layer surface covers the output and the window is centred, as `grim` sees the
//! screen; a click from a virtual pointer reaches the app at the pixel it was made, and the
//! break keys typed on a virtual keyboard reach it as keys; and what showing the screen costs
//! a process that does nothing else (time to the first frame, peak resident memory).
//!
//! Keys are typed through sway's virtual keyboard. Under a headless mutter (GNOME, no
//! layer-shell) the screen is an xdg_toplevel: fullscreen at the monitor's size, or a window of
//! its own size; mutter offers no screenshot protocol, so there the test checks the sizes mutter
//! configured. Without sway or grim, or without root, the tests print why and skip; CI forbids the skip.

#[path = "support/compositor.rs"]
mod compositor;
#[path = "support/fake_notifications.rs"]
mod fake_notifications;
#[path = "support/mutter.rs"]
mod mutter;
#[path = "support/sway.rs"]
mod sway;
#[path = "support/tools.rs"]
mod tools;
#[path = "support/wlr_screen.rs"]
mod wlr_screen;

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use posture::break_screen::app::{App, Cover, Flow, Key, UiEvent};
use posture::break_screen::wayland;
use sway::Sway;
use wayland_client::protocol::{wl_pointer, wl_seat};
use wayland_protocols_misc::zwp_virtual_keyboard_v1::client::zwp_virtual_keyboard_manager_v1;
use wlr_screen::{BTN_LEFT, Injector, Screenshot};

/// Distinct red and blue, so a swapped byte order shows.
const MAIN: [u8; 3] = [200, 40, 90];
/// The right-hand tenth of each output: the picture is not stretched or shifted.
const EDGE: [u8; 3] = [30, 160, 60];

/// Draws [`MAIN`] with an [`EDGE`] strip, reports what it is asked and what the user does, and
/// exits when the test says or on a click's release.
struct TestApp {
    drawn: mpsc::Sender<(usize, u32, u32, bool)>,
    events: mpsc::Sender<UiEvent>,
    stop: Arc<AtomicBool>,
}

impl App for TestApp {
    fn draw(&mut self, output: usize, width: u32, height: u32, primary: bool) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(width, height).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(MAIN[0], MAIN[1], MAIN[2], 255));
        let strip = tiny_skia::Rect::from_xywh(width as f32 * 0.9, 0.0, width as f32 * 0.1, height as f32).unwrap();
        let mut paint = tiny_skia::Paint::default();
        paint.set_color_rgba8(EDGE[0], EDGE[1], EDGE[2], 255);
        pixmap.fill_rect(strip, &paint, tiny_skia::Transform::identity(), None);
        let _ = self.drawn.send((output, width, height, primary));
        pixmap
    }

    fn event(&mut self, event: UiEvent) -> Flow {
        let _ = self.events.send(event);
        match event {
            UiEvent::Click { pressed: false, .. }
            | UiEvent::Key { key: Key::Escape, pressed: false }
            | UiEvent::Closed => Flow::Exit,
            _ => Flow::Continue,
        }
    }

    fn next_tick(&self) -> Option<Duration> {
        Some(Duration::from_millis(50))
    }

    fn tick(&mut self) -> Flow {
        if self.stop.load(Ordering::Relaxed) { Flow::Exit } else { Flow::Continue }
    }
}

/// The screen running on its own thread, as the break-screen process would run it.
struct Running {
    drawn: mpsc::Receiver<(usize, u32, u32, bool)>,
    events: mpsc::Receiver<UiEvent>,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Result<(), wayland::Error>>,
}

fn show(sway: &Sway, cover: Cover) -> Running {
    show_on(sway.connect(), cover)
}

fn show_on(socket: std::os::unix::net::UnixStream, cover: Cover) -> Running {
    let (drawn_tx, drawn) = mpsc::channel();
    let (events_tx, events) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let mut app = TestApp { drawn: drawn_tx, events: events_tx, stop: Arc::clone(&stop) };
    let thread = std::thread::spawn(move || wayland::run_on(socket, cover, &mut app));
    Running { drawn, events, stop, thread }
}

impl Running {
    fn finish(self) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap().expect("the screen ran without error");
    }
}

fn grim(sway: &Sway) -> Screenshot {
    Screenshot::take(&sway.socket)
}

/// A screenshot of one output at the output's own scale.
fn grim_output(sway: &Sway, output: &str) -> Screenshot {
    Screenshot::take_output(&sway.socket, Some(output))
}

/// Takes screenshots until `pixel` of one shows `colour` (the first commit may still be on its
/// way to the screen).
fn shot_showing(sway: &Sway, pixel: (usize, usize), colour: [u8; 3]) -> Screenshot {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let shot = grim(sway);
        if shot.pixel(pixel.0, pixel.1) == colour || Instant::now() > deadline {
            return shot;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn fullscreen_layer_surface_covers_the_output_and_takes_clicks() {
    if !tools::present("grim", "grim") {
        return;
    }
    let Some(sway) = Sway::start("break-full", &["resolution 800x600"], None) else { return };
    let running = show(&sway, Cover::Fullscreen);
    let drawn = running.drawn.recv_timeout(Duration::from_secs(10)).expect("the app was asked to draw");
    assert_eq!(drawn, (0, 800, 600, true), "one output, the whole of it, with the card");

    let shot = shot_showing(&sway, (400, 300), MAIN);
    for (x, y) in [(0, 0), (400, 300), (10, 590), (710, 10), (700, 599)] {
        assert_eq!(shot.pixel(x, y), MAIN, "pixel {x},{y} of the output");
    }
    for (x, y) in [(799, 0), (730, 300), (799, 599)] {
        assert_eq!(shot.pixel(x, y), EDGE, "pixel {x},{y} of the right-hand strip");
    }

    click(&sway, 200, 150, &running.events);
    let clicks: Vec<UiEvent> = std::iter::from_fn(|| running.events.recv_timeout(Duration::from_secs(5)).ok())
        .filter(|e| matches!(e, UiEvent::Click { .. }))
        .collect();
    assert_eq!(
        clicks,
        [
            UiEvent::Click { output: 0, x: 200.0, y: 150.0, pressed: true },
            UiEvent::Click { output: 0, x: 200.0, y: 150.0, pressed: false },
        ]
    );
    // The click's release ended the app: the thread is done, without error.
    running.thread.join().unwrap().expect("the screen ran without error");
    let after = grim(&sway);
    assert_ne!(after.pixel(400, 300), MAIN, "the layer surface is gone once the app exits");
}

#[test]
fn fullscreen_covers_every_output_at_its_scale_with_the_card_on_the_first() {
    if !tools::present("grim", "grim") {
        return;
    }
    let outputs = ["resolution 800x600 position 0 0", "resolution 1280x960 position 800 0 scale 2"];
    let Some(sway) = Sway::start("break-two", &outputs, None) else { return };
    let running = show(&sway, Cover::Fullscreen);
    let mut drawn: Vec<(usize, u32, u32, bool)> =
        std::iter::from_fn(|| running.drawn.recv_timeout(Duration::from_secs(10)).ok()).take(2).collect();
    drawn.sort_by_key(|d| d.0);
    // The second output is 640 x 480 logical at scale 2: drawn in its 1280 x 960 pixels.
    assert_eq!(drawn, [(0, 800, 600, true), (1, 1280, 960, false)]);

    for (output, (width, height)) in [("HEADLESS-1", (800, 600)), ("HEADLESS-2", (1280, 960))] {
        let shot = (0..100)
            .map(|_| grim_output(&sway, output))
            .find(|shot| shot.pixel(0, 0) == MAIN)
            .unwrap_or_else(|| grim_output(&sway, output));
        assert_eq!(shot.width, width, "{output} shot at its own scale");
        for (x, y) in [(0, 0), (width / 2, height / 2), (width * 8 / 10, height - 1)] {
            assert_eq!(shot.pixel(x, y), MAIN, "pixel {x},{y} of {output}");
        }
        assert_eq!(shot.pixel(width - 1, 0), EDGE, "{output}'s right-hand strip, not scaled twice");
    }

    running.finish();
}

#[test]
fn break_keys_typed_on_the_keyboard_reach_the_app() {
    let Some(sway) = Sway::start("break-keys", &["resolution 800x600"], None) else { return };
    let running = show(&sway, Cover::Fullscreen);
    running.drawn.recv_timeout(Duration::from_secs(10)).expect("the app was asked to draw");
    // Enter, keypad Enter, S, Escape (whose release ends the test app).
    type_keys(&sway, &[28, 96, 31, 1], &[], &running.events);
    let keys: Vec<UiEvent> = std::iter::from_fn(|| running.events.recv_timeout(Duration::from_secs(5)).ok())
        .filter(|e| matches!(e, UiEvent::Key { .. }))
        .collect();
    let both = |key| [UiEvent::Key { key, pressed: true }, UiEvent::Key { key, pressed: false }];
    assert_eq!(keys, [both(Key::Enter), both(Key::Enter), both(Key::S), both(Key::Escape)].concat());
    running.thread.join().unwrap().expect("the screen ran without error");
}

#[test]
fn a_key_held_when_the_keyboard_goes_counts_as_released() {
    let Some(sway) = Sway::start("break-held", &["resolution 800x600"], None) else { return };
    let running = show(&sway, Cover::Fullscreen);
    running.drawn.recv_timeout(Duration::from_secs(10)).expect("the app was asked to draw");
    // Escape goes down, and the keyboard goes away before it comes up. sway sends the release
    // itself; where a compositor only sends `leave`, the backend lets go (its unit test).
    type_keys(&sway, &[], &[1], &running.events);
    let keys: Vec<UiEvent> = std::iter::from_fn(|| running.events.recv_timeout(Duration::from_secs(5)).ok())
        .filter(|e| matches!(e, UiEvent::Key { .. }))
        .collect();
    let escape = |pressed| UiEvent::Key { key: Key::Escape, pressed };
    assert_eq!(keys, [escape(true), escape(false)]);
    running.thread.join().unwrap().expect("the screen ran without error");
}

#[test]
fn without_layer_shell_fullscreen_and_window_are_toplevels_under_mutter() {
    let Some(mutter) = mutter::Mutter::start("break", "1024x768") else { return };
    let running = show_on(mutter.connect(), Cover::Fullscreen);
    let drawn = running.drawn.recv_timeout(Duration::from_secs(10));
    assert_eq!(drawn, Ok((0, 1024, 768, true)), "fullscreen on the monitor: {}", mutter.log());
    running.finish();

    let running = show_on(mutter.connect(), Cover::Window);
    let drawn = running.drawn.recv_timeout(Duration::from_secs(10));
    assert_eq!(drawn, Ok((0, 720, 480, true)), "a window of the screen's own size: {}", mutter.log());
    running.finish();
}

/// Set in the child process of [`footprint_of_a_process_that_only_shows_the_screen`].
const CHILD: &str = "POSTURE_TEST_BREAK_SCREEN_SOCKET";

/// Shows one frame and exits at the first tick after it, noting when that was.
struct OneFrame {
    drawn: bool,
    tick_at: Option<Instant>,
}

impl App for OneFrame {
    fn draw(&mut self, _: usize, width: u32, height: u32, _: bool) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(width, height).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(MAIN[0], MAIN[1], MAIN[2], 255));
        self.drawn = true;
        pixmap
    }

    fn event(&mut self, _: UiEvent) -> Flow {
        Flow::Continue
    }

    fn next_tick(&self) -> Option<Duration> {
        self.drawn.then_some(Duration::ZERO)
    }

    fn tick(&mut self) -> Flow {
        self.tick_at = Some(Instant::now());
        Flow::Exit
    }
}

/// The test runs itself again as a process that only shows the screen: the time from `run` to
/// the first tick after the first frame was committed and flushed, and the peak RSS (VmHWM),
/// which includes the test harness.
#[test]
fn footprint_of_a_process_that_only_shows_the_screen() {
    if let Some(socket) = std::env::var_os(CHILD) {
        let started = Instant::now();
        let mut app = OneFrame { drawn: false, tick_at: None };
        let socket = std::os::unix::net::UnixStream::connect(socket).unwrap();
        wayland::run_on(socket, Cover::Fullscreen, &mut app).unwrap();
        let first = app.tick_at.expect("a frame was shown") - started;
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let hwm = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        let kib: u64 = hwm.split_whitespace().nth(1).unwrap().parse().unwrap();
        println!("footprint: first frame {} us, VmHWM {kib} KiB", first.as_micros());
        return;
    }
    let Some(sway) = Sway::start("break-footprint", &["resolution 1920x1080"], None) else { return };
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["footprint_of_a_process_that_only_shows_the_screen", "--exact", "--nocapture"])
        .env(CHILD, &sway.socket)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let line = stdout.lines().find(|l| l.starts_with("footprint:")).expect("the child printed its figures");
    let figures: Vec<u64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    let [micros, kib] = figures[..] else { panic!("{line}") };
    println!("one 1920x1080 output under sway: {line}");
    // The memory target. Its time target (300 ms from the break falling due) is the
    // benchmark's: this unoptimised test build draws several times slower than the release
    // build, and the test machine is shared, so the time is reported, not judged, here.
    assert!(micros > 0, "{line}");
    assert!(kib < 40 * 1024, "{line}");
}

#[test]
fn window_is_a_centred_layer_surface() {
    if !tools::present("grim", "grim") {
        return;
    }
    let Some(sway) = Sway::start("break-window", &["resolution 800x600"], None) else { return };
    let running = show(&sway, Cover::Window);
    let drawn = running.drawn.recv_timeout(Duration::from_secs(10)).expect("the app was asked to draw");
    assert_eq!(drawn, (0, 720, 480, true));

    // 720 x 480 in the middle of 800 x 600: from 40,60 to 760,540.
    let shot = shot_showing(&sway, (400, 300), MAIN);
    for (x, y) in [(40, 60), (400, 300), (600, 539)] {
        assert_eq!(shot.pixel(x, y), MAIN, "pixel {x},{y} inside the window");
    }
    assert_eq!(shot.pixel(759, 60), EDGE, "the window's right-hand strip ends at 760");
    for (x, y) in [(39, 300), (400, 59), (760, 300), (400, 540)] {
        assert_ne!(shot.pixel(x, y), MAIN, "pixel {x},{y} outside the window");
        assert_ne!(shot.pixel(x, y), EDGE, "pixel {x},{y} outside the window");
    }
    running.finish();
}

/// A left click at `x`, `y` of the 800 x 600 output through sway's virtual pointer, once the
/// screen sees the pointer move (a new pointer device reaches the screen's seat first).
fn click(sway: &Sway, x: u32, y: u32, events: &mpsc::Receiver<UiEvent>) {
    let (pointer, mut queue) = wlr_screen::virtual_pointer(&sway.socket);
    let deadline = Instant::now() + Duration::from_secs(5);
    // A move to where the pointer already is is no motion: alternate between two points.
    for time in 1.. {
        pointer.motion_absolute(time, x + time % 2, y, 800, 600);
        pointer.frame();
        queue.roundtrip(&mut Injector).unwrap();
        if events.recv_timeout(Duration::from_millis(200)) == Ok(UiEvent::Input) {
            break;
        }
        assert!(Instant::now() < deadline, "the screen never saw the pointer move");
    }
    pointer.motion_absolute(99, x, y, 800, 600);
    pointer.frame();
    for (time, state) in [(100, wl_pointer::ButtonState::Pressed), (101, wl_pointer::ButtonState::Released)] {
        pointer.button(time, BTN_LEFT, state);
        pointer.frame();
    }
    queue.roundtrip(&mut Injector).unwrap();
    pointer.destroy();
    queue.roundtrip(&mut Injector).unwrap();
}

/// An xkb keymap for the virtual keyboard, from the xkb data sway itself uses.
const KEYMAP: &str = "xkb_keymap {
    xkb_keycodes { include \"evdev+aliases(qwerty)\" };
    xkb_types { include \"complete\" };
    xkb_compat { include \"complete\" };
    xkb_symbols { include \"pc+us+inet(evdev)\" };
};\0";

/// Presses and releases each of the evdev key `codes` on a virtual keyboard, once the screen
/// sees other keys (a new keyboard device reaches the screen's seat first), then presses the
/// `held` ones and removes the keyboard without releasing them.
fn type_keys(sway: &Sway, codes: &[u32], held: &[u32], events: &mpsc::Receiver<UiEvent>) {
    const KEY_A: u32 = 30;
    let (globals, mut queue) = wlr_screen::connect(sway.connect());
    let qh = queue.handle();
    let seat: wl_seat::WlSeat = globals.bind(&qh, 1..=1, ()).expect("sway has a seat");
    let manager: zwp_virtual_keyboard_manager_v1::ZwpVirtualKeyboardManagerV1 =
        globals.bind(&qh, 1..=1, ()).expect("sway offers zwp_virtual_keyboard_manager_v1");
    let keyboard = manager.create_virtual_keyboard(&seat, &qh, ());
    let keymap = rustix::fs::memfd_create("keymap", rustix::fs::MemfdFlags::CLOEXEC).unwrap();
    rustix::io::write(&keymap, KEYMAP.as_bytes()).unwrap();
    keyboard.keymap(1, std::os::fd::AsFd::as_fd(&keymap), KEYMAP.len() as u32);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut time = 0;
    let mut tap = |code: u32| {
        for state in [1, 0] {
            time += 1;
            keyboard.key(time, code, state);
        }
    };
    loop {
        tap(KEY_A);
        queue.roundtrip(&mut Injector).unwrap();
        if events.recv_timeout(Duration::from_millis(200)) == Ok(UiEvent::Input) {
            break;
        }
        assert!(Instant::now() < deadline, "the screen never saw a key");
    }
    for &code in codes {
        tap(code);
    }
    for &code in held {
        time += 1;
        keyboard.key(time, code, 1);
    }
    queue.roundtrip(&mut Injector).unwrap();
    keyboard.destroy();
    queue.roundtrip(&mut Injector).unwrap();
}
