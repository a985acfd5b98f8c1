//! The break screen on X11, with x11rb alone: windows, their pixels by PutImage, the keys and
//! clicks on them, and the idle time for input elsewhere.
//!
//! `Cover::Window` is one centred window titled "posture break". `Cover::Fullscreen` is one
//! window per RandR monitor, asking the window manager for fullscreen above everything, or,
//! with no window manager (bare Xvfb, some kiosks), override-redirect windows placed by hand
//! so they really cover each monitor; the keyboard is grabbed so keys reach the break screen.
//!
//! A window sees only the input sent to it, so the screen also asks MIT-SCREEN-SAVER every
//! 250 ms how long the user has been idle: a drop is input anywhere, which holds the countdown.
//! Polling is acceptable here, unlike in the daemon: this process lives for one break.

use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::Event;
use x11rb::protocol::randr::ConnectionExt as _;
use x11rb::protocol::screensaver;
use x11rb::protocol::xkb::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt as _, CreateGCAux, CreateWindowAux, EventMask, GrabMode, GrabStatus,
    ImageFormat, ImageOrder, InputFocus, PropMode, Screen, Window, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

use super::app::{App, Cover, Flow, Key, UiEvent};

/// How often the idle time is asked for.
const IDLE_QUERY: Duration = Duration::from_millis(250);
/// Idle time this short at a query means input since the last one.
const RECENT_INPUT: Duration = Duration::from_millis(400);
/// The window's size in `Cover::Window`, shrunk to fit small screens.
const WINDOW_SIZE: (u16, u16) = (820, 700);
/// The title that names the window to the user, the window manager and `xdotool search`.
pub const TITLE: &str = "posture break";

/// Keysyms of the keys the break screen answers to.
const XK_RETURN: u32 = 0xff0d;
const XK_KP_ENTER: u32 = 0xff8d;
const XK_ESCAPE: u32 = 0xff1b;
const XK_LOWER_S: u32 = 0x0073;
const XK_UPPER_S: u32 = 0x0053;

#[derive(Debug, thiserror::Error)]
pub enum X11Error {
    #[error("cannot open the X display: {0}")]
    Connect(#[from] x11rb::errors::ConnectError),
    #[error("X connection: {0}")]
    Connection(#[from] x11rb::errors::ConnectionError),
    #[error("X request failed: {0}")]
    Reply(#[from] x11rb::errors::ReplyError),
    #[error("X ids: {0}")]
    Ids(#[from] x11rb::errors::ReplyOrIdError),
    #[error("the screen's pixel format is not 24-bit true colour in 32 bits ({0})")]
    PixelFormat(String),
    #[error("waiting for the X server: {0}")]
    Poll(std::io::Error),
}

impl X11Error {
    /// Whether the error came before anything was on screen (no server, an unusable one).
    pub fn before_showing(&self) -> bool {
        matches!(self, X11Error::Connect(_) | X11Error::PixelFormat(_))
    }
}

/// One window and the monitor it covers.
struct Output {
    window: Window,
    width: u16,
    height: u16,
    primary: bool,
}

x11rb::atom_manager! {
    /// The atoms the screen names, interned together: all requests first, then the replies,
    /// one round trip.
    Atoms: AtomsCookie {
        WM_PROTOCOLS,
        WM_DELETE_WINDOW,
        _NET_WM_NAME,
        UTF8_STRING,
        _NET_WM_STATE,
        _NET_WM_STATE_FULLSCREEN,
        _NET_WM_STATE_ABOVE,
        _NET_WM_PID,
        _NET_SUPPORTING_WM_CHECK,
    }
}

/// Shows `app` until it says Exit. Errors before the first window (no display) mean the daemon
/// should show the notification instead.
pub fn run(app: &mut dyn App, cover: Cover) -> Result<(), X11Error> {
    let (conn, screen_num) = x11rb::connect(None)?;
    let screen = conn.setup().roots[screen_num].clone();
    check_pixel_format(&conn, &screen)?;
    let atoms = Atoms::new(&conn)?.reply()?;
    let keys = Keys::read(&conn)?;
    detectable_auto_repeat(&conn);
    let managed = has_window_manager(&conn, &screen, &atoms)?;
    let outputs = match cover {
        Cover::Window => vec![centred(&screen)],
        Cover::Fullscreen => monitors(&conn, &screen),
    };
    let mut windows = Vec::new();
    for output in outputs {
        windows.push(create(&conn, &screen, &atoms, output, cover, managed)?);
    }
    let gc = conn.generate_id()?;
    conn.create_gc(gc, screen.root, &CreateGCAux::new())?;
    conn.flush()?;
    let mut session = Session {
        conn: &conn,
        screen,
        outputs: windows,
        gc,
        atoms,
        keys,
        cover,
        grabbed: false,
        dirty: false,
        first_frame: false,
        idle: None,
    };
    session.run(app)
}

/// The screen's pixels must be 32-bit little-endian BGRX, what tiny-skia's RGBA is turned into.
fn check_pixel_format(conn: &RustConnection, screen: &Screen) -> Result<(), X11Error> {
    let setup = conn.setup();
    let bits = setup.pixmap_formats.iter().find(|f| f.depth == screen.root_depth).map(|f| f.bits_per_pixel);
    let visual = screen
        .allowed_depths
        .iter()
        .flat_map(|d| &d.visuals)
        .find(|v| v.visual_id == screen.root_visual)
        .map(|v| (v.red_mask, v.green_mask, v.blue_mask));
    let ok = screen.root_depth == 24
        && bits == Some(32)
        && setup.image_byte_order == ImageOrder::LSB_FIRST
        && visual == Some((0xff0000, 0xff00, 0xff));
    if ok {
        Ok(())
    } else {
        Err(X11Error::PixelFormat(format!("depth {}, {bits:?} bits, masks {visual:x?}", screen.root_depth)))
    }
}

/// A held key then repeats as presses alone, without the releases in between, so strict mode's
/// held Escape is one press and one release. Without XKB the hold restarts at each repeat,
/// which only makes the way out slower to find.
fn detectable_auto_repeat(conn: &RustConnection) {
    let flag = xkb::PerClientFlag::DETECTABLE_AUTO_REPEAT;
    let set = conn.xkb_use_extension(1, 0).ok().and_then(|c| c.reply().ok()).filter(|r| r.supported).and_then(|_| {
        let none = xkb::BoolCtrl::from(0u32);
        conn.xkb_per_client_flags(xkb::ID::USE_CORE_KBD.into(), flag, flag, none, none, none).ok()?.reply().ok()
    });
    if set.is_none() {
        tracing::debug!("break screen: no detectable auto-repeat (XKB)");
    }
}

/// A window manager announces itself with `_NET_SUPPORTING_WM_CHECK` on the root window.
fn has_window_manager(conn: &RustConnection, screen: &Screen, atoms: &Atoms) -> Result<bool, X11Error> {
    let reply =
        conn.get_property(false, screen.root, atoms._NET_SUPPORTING_WM_CHECK, AtomEnum::WINDOW, 0, 1)?.reply()?;
    Ok(reply.value_len > 0)
}

fn centred(screen: &Screen) -> (i16, i16, u16, u16, bool) {
    let width = WINDOW_SIZE.0.min(screen.width_in_pixels);
    let height = WINDOW_SIZE.1.min(screen.height_in_pixels);
    let x = (screen.width_in_pixels - width) / 2;
    let y = (screen.height_in_pixels - height) / 2;
    (x as i16, y as i16, width, height, true)
}

/// Each RandR monitor, the primary one (or else the first) carrying the card; the whole screen
/// when RandR has nothing to say.
fn monitors(conn: &RustConnection, screen: &Screen) -> Vec<(i16, i16, u16, u16, bool)> {
    let listed = conn.randr_get_monitors(screen.root, true).ok().and_then(|cookie| cookie.reply().ok());
    let mut monitors: Vec<_> = listed
        .map(|reply| reply.monitors.iter().map(|m| (m.x, m.y, m.width, m.height, m.primary)).collect())
        .unwrap_or_default();
    monitors.retain(|m| m.2 > 0 && m.3 > 0);
    if monitors.is_empty() {
        return vec![(0, 0, screen.width_in_pixels, screen.height_in_pixels, true)];
    }
    if !monitors.iter().any(|m| m.4) {
        monitors[0].4 = true;
    } else {
        // One card, on the first monitor marked primary.
        let first = monitors.iter().position(|m| m.4).unwrap_or(0);
        monitors.iter_mut().enumerate().for_each(|(i, m)| m.4 = i == first);
    }
    monitors
}

fn create(
    conn: &RustConnection,
    screen: &Screen,
    atoms: &Atoms,
    (x, y, width, height, primary): (i16, i16, u16, u16, bool),
    cover: Cover,
    managed: bool,
) -> Result<Output, X11Error> {
    let window = conn.generate_id()?;
    let events = EventMask::EXPOSURE
        | EventMask::KEY_PRESS
        | EventMask::KEY_RELEASE
        | EventMask::BUTTON_PRESS
        | EventMask::BUTTON_RELEASE
        | EventMask::POINTER_MOTION
        | EventMask::STRUCTURE_NOTIFY;
    let mut aux = CreateWindowAux::new().background_pixel(0x00ee_f2f6).event_mask(events);
    if cover == Cover::Fullscreen && !managed {
        // Nobody would honour the fullscreen state: place the window over the monitor directly.
        aux = aux.override_redirect(1);
    }
    conn.create_window(
        screen.root_depth,
        window,
        screen.root,
        x,
        y,
        width,
        height,
        0,
        WindowClass::INPUT_OUTPUT,
        screen.root_visual,
        &aux,
    )?;
    conn.change_property8(PropMode::REPLACE, window, AtomEnum::WM_NAME, AtomEnum::STRING, TITLE.as_bytes())?;
    conn.change_property8(PropMode::REPLACE, window, atoms._NET_WM_NAME, atoms.UTF8_STRING, TITLE.as_bytes())?;
    conn.change_property8(PropMode::REPLACE, window, AtomEnum::WM_CLASS, AtomEnum::STRING, b"posture\0posture\0")?;
    conn.change_property32(PropMode::REPLACE, window, atoms._NET_WM_PID, AtomEnum::CARDINAL, &[std::process::id()])?;
    conn.change_property32(PropMode::REPLACE, window, atoms.WM_PROTOCOLS, AtomEnum::ATOM, &[atoms.WM_DELETE_WINDOW])?;
    if cover == Cover::Fullscreen {
        let state = [atoms._NET_WM_STATE_FULLSCREEN, atoms._NET_WM_STATE_ABOVE];
        conn.change_property32(PropMode::REPLACE, window, atoms._NET_WM_STATE, AtomEnum::ATOM, &state)?;
    }
    conn.map_window(window)?;
    Ok(Output { window, width, height, primary })
}

/// Which keycodes are the keys the break screen answers to.
struct Keys {
    min_keycode: u8,
    per_keycode: u8,
    keysyms: Vec<u32>,
}

impl Keys {
    fn read(conn: &RustConnection) -> Result<Keys, X11Error> {
        let setup = conn.setup();
        let (min, max) = (setup.min_keycode, setup.max_keycode);
        let reply = conn.get_keyboard_mapping(min, max - min + 1)?.reply()?;
        Ok(Keys { min_keycode: min, per_keycode: reply.keysyms_per_keycode, keysyms: reply.keysyms })
    }

    fn key(&self, keycode: u8) -> Option<Key> {
        let per = usize::from(self.per_keycode);
        let start = usize::from(keycode.checked_sub(self.min_keycode)?) * per;
        let syms = self.keysyms.get(start..start + per)?;
        // The unshifted and shifted symbols of the key's first group.
        syms.iter().take(2).find_map(|&sym| match sym {
            XK_RETURN | XK_KP_ENTER => Some(Key::Enter),
            XK_ESCAPE => Some(Key::Escape),
            XK_LOWER_S | XK_UPPER_S => Some(Key::S),
            _ => None,
        })
    }
}

struct Session<'c> {
    conn: &'c RustConnection,
    screen: Screen,
    outputs: Vec<Output>,
    gc: u32,
    atoms: Atoms,
    keys: Keys,
    cover: Cover,
    grabbed: bool,
    /// A redraw is due at the end of this round.
    dirty: bool,
    first_frame: bool,
    /// The idle time at the last query.
    idle: Option<Duration>,
}

impl Session<'_> {
    fn run(&mut self, app: &mut dyn App) -> Result<(), X11Error> {
        let mut next_tick = app.next_tick().map(|d| Instant::now() + d);
        let mut next_query = Instant::now();
        loop {
            let now = Instant::now();
            if now >= next_query {
                next_query = now + IDLE_QUERY;
                if self.input_elsewhere() {
                    let flow = app.event(UiEvent::Input);
                    if self.flow(flow)? {
                        return Ok(());
                    }
                }
                if self.cover == Cover::Fullscreen && !self.grabbed {
                    self.grab_keyboard()?;
                }
            }
            if next_tick.is_some_and(|at| Instant::now() >= at) {
                let flow = app.tick();
                next_tick = app.next_tick().map(|d| Instant::now() + d);
                if self.flow(flow)? {
                    return Ok(());
                }
            }
            while let Some(event) = self.conn.poll_for_event()? {
                let flow = match self.ui_event(event)? {
                    Some(Happened::Ui(ui)) => app.event(ui),
                    Some(Happened::Exposed(index)) => {
                        self.present(app, index)?;
                        continue;
                    }
                    None => continue,
                };
                // Input does not put the next tick off: a held key must not stop the countdown
                // or the hold from being seen.
                next_tick = app.next_tick().map(|after| next_tick.unwrap_or_else(|| Instant::now() + after));
                if self.flow(flow)? {
                    return Ok(());
                }
            }
            if std::mem::take(&mut self.dirty) {
                self.redraw(app)?;
            }
            self.conn.flush()?;
            let wake = next_tick.map_or(next_query, |tick| tick.min(next_query));
            self.wait(wake.saturating_duration_since(Instant::now()))?;
        }
    }

    /// Carries out a flow; true when the app is done.
    fn flow(&mut self, flow: Flow) -> Result<bool, X11Error> {
        match flow {
            Flow::Continue => Ok(false),
            Flow::Redraw => {
                // Once per round, however many events asked for it.
                self.dirty = true;
                Ok(false)
            }
            Flow::Exit => Ok(true),
        }
    }

    fn redraw(&mut self, app: &mut dyn App) -> Result<(), X11Error> {
        for index in 0..self.outputs.len() {
            self.present(app, index)?;
        }
        Ok(())
    }

    /// Draws output `index` and puts its pixels on screen.
    fn present(&mut self, app: &mut dyn App, index: usize) -> Result<(), X11Error> {
        let output = &self.outputs[index];
        let mut pixmap = app.draw(index, u32::from(output.width), u32::from(output.height), output.primary);
        let width = pixmap.width() as usize;
        // In place: a full-screen frame is 8 MB, and a copy of it would be as much again.
        to_bgrx(pixmap.data_mut());
        let data = pixmap.data();
        // Strips within the server's request limit (a fullscreen frame is larger than many allow).
        let rows_per = ((self.conn.maximum_request_bytes() - 64) / (width * 4)).max(1);
        for (strip, rows) in data.chunks(rows_per * width * 4).enumerate() {
            let height = rows.len() / (width * 4);
            self.conn.put_image(
                ImageFormat::Z_PIXMAP,
                output.window,
                self.gc,
                width as u16,
                height as u16,
                0,
                (strip * rows_per) as i16,
                0,
                self.screen.root_depth,
                rows,
            )?;
        }
        if !self.first_frame {
            self.conn.flush()?;
            self.first_frame = true;
            let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            tracing::info!(unix_ms = since_epoch.as_millis() as u64, "break screen: first frame presented");
        }
        Ok(())
    }

    /// Turns an X event into what the app reacts to, or the window to draw again.
    fn ui_event(&mut self, event: Event) -> Result<Option<Happened>, X11Error> {
        let output = |window: Window| self.outputs.iter().position(|o| o.window == window);
        let ui = match event {
            Event::Expose(e) if e.count == 0 => return Ok(output(e.window).map(Happened::Exposed)),
            Event::MapNotify(e) => {
                if output(e.window).is_some_and(|i| self.outputs[i].primary) {
                    // Keys go to the focused window; with no window manager nobody else gives it.
                    let _ = self.conn.set_input_focus(InputFocus::PARENT, e.window, x11rb::CURRENT_TIME);
                }
                None
            }
            Event::ConfigureNotify(e) => {
                if let Some(i) = output(e.window) {
                    self.outputs[i].width = e.width;
                    self.outputs[i].height = e.height;
                }
                None
            }
            Event::KeyPress(e) => Some(match self.keys.key(e.detail) {
                Some(key) => UiEvent::Key { key, pressed: true },
                None => UiEvent::Input,
            }),
            Event::KeyRelease(e) => Some(match self.keys.key(e.detail) {
                Some(key) => UiEvent::Key { key, pressed: false },
                None => UiEvent::Input,
            }),
            Event::ButtonPress(e) => output(e.event).map(|output| UiEvent::Click {
                output,
                x: f64::from(e.event_x),
                y: f64::from(e.event_y),
                pressed: true,
            }),
            Event::ButtonRelease(e) => output(e.event).map(|output| UiEvent::Click {
                output,
                x: f64::from(e.event_x),
                y: f64::from(e.event_y),
                pressed: false,
            }),
            Event::MotionNotify(_) => Some(UiEvent::Input),
            Event::ClientMessage(e) if self.is_delete(&e) => Some(UiEvent::Closed),
            Event::Error(e) => {
                tracing::debug!("X error: {e:?}");
                None
            }
            _ => None,
        };
        Ok(ui.map(Happened::Ui))
    }

    fn is_delete(&self, e: &ClientMessageEvent) -> bool {
        e.type_ == self.atoms.WM_PROTOCOLS && e.data.as_data32()[0] == self.atoms.WM_DELETE_WINDOW
    }

    /// Whether the server saw input since the last query (anywhere, not only on our windows).
    fn input_elsewhere(&mut self) -> bool {
        let Ok(cookie) = screensaver::query_info(self.conn, self.screen.root) else { return false };
        let Ok(info) = cookie.reply() else { return false };
        let idle = Duration::from_millis(u64::from(info.ms_since_user_input));
        let input = self.idle.is_some_and(|last| idle < last) && idle < RECENT_INPUT;
        self.idle = Some(idle);
        input
    }

    /// Takes the keyboard in fullscreen, so keys reach the break screen whatever has focus.
    /// Tried again at each idle query while the window is not yet viewable or another client
    /// holds a grab.
    fn grab_keyboard(&mut self) -> Result<(), X11Error> {
        let Some(primary) = self.outputs.iter().find(|o| o.primary) else { return Ok(()) };
        let reply = self
            .conn
            .grab_keyboard(false, primary.window, x11rb::CURRENT_TIME, GrabMode::ASYNC, GrabMode::ASYNC)?
            .reply()?;
        self.grabbed = reply.status == GrabStatus::SUCCESS;
        Ok(())
    }

    fn wait(&self, timeout: Duration) -> Result<(), X11Error> {
        let fd = self.conn.stream().as_fd().as_raw_fd();
        let mut fds = [libc::pollfd { fd, events: libc::POLLIN, revents: 0 }];
        let millis = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: `fds` is a live array of one pollfd for the whole call.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 1, millis) };
        if ready < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() != std::io::ErrorKind::Interrupted {
                return Err(X11Error::Poll(err));
            }
        }
        Ok(())
    }
}

/// What an X event comes to.
enum Happened {
    Ui(UiEvent),
    /// Output `index` must be drawn again.
    Exposed(usize),
}

/// tiny-skia's premultiplied RGBA as the server's BGRX (the fourth byte is padding the server
/// ignores at depth 24). The break screen paints an opaque background first, so premultiplied
/// and straight colours are the same here.
fn to_bgrx(rgba: &mut [u8]) {
    for pixel in rgba.chunks_exact_mut(4) {
        pixel.swap(0, 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_become_bgrx() {
        let mut pixels = [1, 2, 3, 255, 10, 20, 30, 255];
        to_bgrx(&mut pixels);
        assert_eq!(pixels, [3, 2, 1, 255, 30, 20, 10, 255]);
    }
}
