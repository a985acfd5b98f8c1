//! What a user sees and does on a wlroots compositor, for system tests of layer-shell
//! clients (notification popups, panels) that offer no other way to inspect them: a screenshot
//! with `grim`, where something other than the background is drawn, and a left click through
//! a virtual pointer (`zwlr_virtual_pointer_v1`); the connection for a virtual keyboard too.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::Command;

use wayland_client::globals::{GlobalList, GlobalListContents, registry_queue_init};
use wayland_client::protocol::{wl_pointer, wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, EventQueue, QueueHandle, delegate_noop};
use wayland_protocols_misc::zwp_virtual_keyboard_v1::client::{
    zwp_virtual_keyboard_manager_v1, zwp_virtual_keyboard_v1,
};
use wayland_protocols_wlr::virtual_pointer::v1::client::{zwlr_virtual_pointer_manager_v1, zwlr_virtual_pointer_v1};

/// The Linux input code of the left mouse button.
pub const BTN_LEFT: u32 = 0x110;

/// A screenshot: RGB pixels, row by row.
pub struct Screenshot {
    pub width: usize,
    pub height: usize,
    rgb: Vec<u8>,
}

/// A rectangle on screen, corners inclusive.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub left: usize,
    pub top: usize,
    pub right: usize,
    pub bottom: usize,
}

impl Screenshot {
    /// Takes one with `grim` (as PPM, which needs no decoder) from the compositor at `socket`.
    pub fn take(socket: &Path) -> Screenshot {
        Screenshot::take_output(socket, None)
    }

    /// Takes one of `output` (`None`: all of them) at the output's own scale.
    pub fn take_output(socket: &Path, output: Option<&str>) -> Screenshot {
        let shot = Command::new("grim")
            .args(["-t", "ppm"])
            .args(output.map(|o| ["-o", o]).into_iter().flatten())
            .arg("-")
            .env("WAYLAND_DISPLAY", socket)
            .output()
            .expect("grim runs");
        assert!(shot.status.success(), "grim failed: {}", String::from_utf8_lossy(&shot.stderr));
        parse_ppm(&shot.stdout)
    }

    pub fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let at = (y * self.width + x) * 3;
        [self.rgb[at], self.rgb[at + 1], self.rgb[at + 2]]
    }

    /// The smallest area holding every pixel that differs from the bottom-left one (the
    /// background, which the tests leave free), or `None` when nothing else is drawn.
    pub fn drawn(&self) -> Option<Area> {
        let background = self.pixel(0, self.height - 1);
        let mut area: Option<Area> = None;
        for y in 0..self.height {
            for x in 0..self.width {
                let differs = self.pixel(x, y).iter().zip(background).any(|(a, b)| a.abs_diff(b) > 16);
                if differs {
                    let a = area.get_or_insert(Area { left: x, top: y, right: x, bottom: y });
                    a.left = a.left.min(x);
                    a.right = a.right.max(x);
                    a.bottom = y;
                }
            }
        }
        area
    }

    /// The longest run of near-white pixels on one row inside `area`: a picture's light
    /// background draws long runs, text only short ones.
    pub fn longest_white_run(&self, area: Area) -> usize {
        let mut longest = 0;
        for y in area.top..=area.bottom {
            let mut run = 0;
            for x in area.left..=area.right {
                run = if self.pixel(x, y).iter().all(|&c| c >= 235) { run + 1 } else { 0 };
                longest = longest.max(run);
            }
        }
        longest
    }
}

fn parse_ppm(data: &[u8]) -> Screenshot {
    // "P6", width, height, maxval, each followed by one whitespace byte, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P6", "grim wrote PPM");
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    let mut rgb = Vec::with_capacity(width * height * 3);
    (&data[at + 1..]).read_to_end(&mut rgb).unwrap();
    assert_eq!(rgb.len(), width * height * 3, "a whole screenshot");
    Screenshot { width, height, rgb }
}

/// The client of the virtual pointer and keyboard: it only sends.
pub struct Injector;

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Injector {
    fn event(
        _: &mut Injector,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Injector>,
    ) {
    }
}

delegate_noop!(Injector: ignore wl_seat::WlSeat);
delegate_noop!(Injector: ignore zwlr_virtual_pointer_manager_v1::ZwlrVirtualPointerManagerV1);
delegate_noop!(Injector: ignore zwlr_virtual_pointer_v1::ZwlrVirtualPointerV1);
delegate_noop!(Injector: ignore zwp_virtual_keyboard_manager_v1::ZwpVirtualKeyboardManagerV1);
delegate_noop!(Injector: ignore zwp_virtual_keyboard_v1::ZwpVirtualKeyboardV1);

/// A connection of the [`Injector`] to `socket`: the compositor's globals and the queue.
pub fn connect(socket: UnixStream) -> (GlobalList, EventQueue<Injector>) {
    let conn = Connection::from_socket(socket).unwrap();
    registry_queue_init::<Injector>(&conn).unwrap()
}

/// A new virtual pointer on the compositor at `socket`, with the queue that sends its events.
pub fn virtual_pointer(socket: &Path) -> (zwlr_virtual_pointer_v1::ZwlrVirtualPointerV1, EventQueue<Injector>) {
    let (globals, queue) = connect(UnixStream::connect(socket).unwrap());
    let qh = queue.handle();
    let manager: zwlr_virtual_pointer_manager_v1::ZwlrVirtualPointerManagerV1 =
        globals.bind(&qh, 1..=2, ()).expect("the compositor offers zwlr_virtual_pointer_manager_v1");
    (manager.create_virtual_pointer(None, &qh, ()), queue)
}

/// Moves a virtual pointer a little: input, as far as the compositor can tell.
pub fn move_pointer(socket: &Path) {
    let (pointer, mut queue) = virtual_pointer(socket);
    pointer.motion(1, 15.0, 10.0);
    pointer.frame();
    queue.roundtrip(&mut Injector).unwrap();
    pointer.destroy();
    queue.roundtrip(&mut Injector).unwrap();
}

/// Moves the pointer to `(x, y)` on a `width` x `height` screen and clicks the left button,
/// as a user would.
pub fn click(socket: &Path, (x, y): (usize, usize), (width, height): (usize, usize)) {
    let (pointer, mut queue) = virtual_pointer(socket);
    pointer.motion_absolute(0, x as u32, y as u32, width as u32, height as u32);
    pointer.frame();
    queue.roundtrip(&mut Injector).unwrap();
    // The client sees the pointer enter before the press, as with a real mouse.
    std::thread::sleep(std::time::Duration::from_millis(200));
    for (time, state) in [(10, wl_pointer::ButtonState::Pressed), (60, wl_pointer::ButtonState::Released)] {
        pointer.button(time, BTN_LEFT, state);
        pointer.frame();
        queue.roundtrip(&mut Injector).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    pointer.destroy();
    queue.roundtrip(&mut Injector).unwrap();
}
