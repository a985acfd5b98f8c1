//! The break screen on Wayland, with plain wayland-client and shared-memory buffers: no toolkit
//! and no C library, the Wayland wire protocol is spoken in Rust.
//!
//! Where the compositor offers `zwlr_layer_shell_v1` (wlroots compositors such as sway, and
//! KDE), the screen is an overlay layer surface, above fullscreen windows: one per output for
//! [`Cover::Fullscreen`], one centred fixed-size surface for [`Cover::Window`]. Elsewhere
//! (GNOME's mutter) it is an `xdg_toplevel`, fullscreen on each output or an ordinary window.
//! Keys are read as the evdev codes Wayland sends, so no keymap library is needed for the few
//! keys the screen reacts to. The loop sleeps in `poll` on the connection until the compositor
//! writes or the app's next tick is due.

use std::fs::File;
use std::io;
use std::os::fd::AsFd;
use std::os::unix::fs::FileExt;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fs::MemfdFlags;
use wayland_client::backend::WaylandError;
use wayland_client::globals::{BindError, GlobalError, GlobalListContents, registry_queue_init};
use wayland_client::protocol::{
    wl_buffer, wl_compositor, wl_keyboard, wl_output, wl_pointer, wl_registry, wl_seat, wl_shm, wl_shm_pool, wl_surface,
};
use wayland_client::{
    ConnectError, Connection, Dispatch, DispatchError, EventQueue, Proxy, QueueHandle, WEnum, delegate_noop,
};
use wayland_protocols::xdg::shell::client::{xdg_surface, xdg_toplevel, xdg_wm_base};
use wayland_protocols_wlr::layer_shell::v1::client::{zwlr_layer_shell_v1, zwlr_layer_surface_v1};

use super::app::{App, Cover, Flow, Key, UiEvent};

/// The logical size of the [`Cover::Window`] screen: room for the card, the countdown and the
/// buttons without covering a small laptop screen.
const WINDOW_SIZE: (u32, u32) = (720, 480);

/// The evdev codes (linux/input-event-codes.h) Wayland sends as key codes.
const KEY_ESC: u32 = 1;
const KEY_ENTER: u32 = 28;
const KEY_S: u32 = 31;
const KEY_KPENTER: u32 = 96;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no Wayland compositor to connect to: {0}")]
    NoCompositor(#[from] ConnectError),
    #[error("the compositor offers neither zwlr_layer_shell_v1 nor xdg_wm_base (no fullscreen toplevel)")]
    NoShell,
    #[error("the compositor does not offer {interface}: {source}")]
    Missing { interface: &'static str, source: BindError },
    #[error("the compositor has no output to cover")]
    NoOutput,
    #[error("reading the compositor's globals: {0}")]
    Globals(#[from] GlobalError),
    #[error("Wayland protocol error: {0}")]
    Protocol(#[from] DispatchError),
    #[error("Wayland connection: {0}")]
    Connection(#[from] WaylandError),
    #[error("shared-memory buffer: {0}")]
    Buffer(#[source] io::Error),
    #[error("waiting on the compositor: {0}")]
    Wait(#[source] io::Error),
}

impl Error {
    /// Whether it came before anything was on screen: this desktop cannot show the screen.
    pub fn before_showing(&self) -> bool {
        matches!(
            self,
            Error::NoCompositor(_) | Error::NoShell | Error::Missing { .. } | Error::NoOutput | Error::Globals(_)
        )
    }
}

/// Shows `app` on the compositor the environment names (`WAYLAND_DISPLAY`) until it says
/// [`Flow::Exit`].
pub fn run(cover: Cover, app: &mut dyn App) -> Result<(), Error> {
    drive(Connection::connect_to_env()?, cover, app)
}

/// [`run`] on an already connected compositor socket.
pub fn run_on(socket: UnixStream, cover: Cover, app: &mut dyn App) -> Result<(), Error> {
    drive(Connection::from_socket(socket)?, cover, app)
}

fn drive(conn: Connection, cover: Cover, app: &mut dyn App) -> Result<(), Error> {
    let (mut queue, mut state) = Screen::set_up(&conn, cover)?;
    let result = show(&conn, &mut queue, &mut state, app);
    // The surfaces go at once, whatever the caller does next with this process.
    state.tear_down();
    conn.flush()?;
    result
}

fn show(conn: &Connection, queue: &mut EventQueue<Screen>, state: &mut Screen, app: &mut dyn App) -> Result<(), Error> {
    // When the next tick is due. Only ever brought forward between ticks, so that a stream of
    // input (a moving mouse) cannot keep pushing the tick away.
    let mut due: Option<Instant> = None;
    loop {
        queue.dispatch_pending(state)?;
        for event in std::mem::take(&mut state.events) {
            if state.flow(app.event(event)) {
                return Ok(());
            }
        }
        state.draw_dirty(app, &queue.handle())?;
        conn.flush()?;
        let now = Instant::now();
        if let Some(after) = app.next_tick() {
            due = Some(due.map_or(now + after, |at| at.min(now + after)));
        }
        wait(queue, due.map(|at| at.saturating_duration_since(now)))?;
        if due.is_some_and(|at| Instant::now() >= at) {
            due = None;
            if state.flow(app.tick()) {
                return Ok(());
            }
        }
    }
}

/// Blocks until the compositor writes (and reads what it wrote) or `timeout` passes.
fn wait(queue: &EventQueue<Screen>, timeout: Option<Duration>) -> Result<(), Error> {
    // Events already read (for another queue's read, or a roundtrip) need no wait.
    let Some(guard) = queue.prepare_read() else { return Ok(()) };
    let timespec = timeout
        .map(|t| Timespec { tv_sec: t.as_secs().try_into().unwrap_or(i64::MAX), tv_nsec: t.subsec_nanos().into() });
    let ready = {
        let fd = guard.connection_fd();
        rustix::event::poll(&mut [PollFd::new(&fd, PollFlags::IN)], timespec.as_ref())
    };
    match ready {
        Ok(0) => Ok(()),
        Ok(_) => Ok(guard.read().map(drop)?),
        // A signal: the loop looks again.
        Err(rustix::io::Errno::INTR) => Ok(()),
        Err(e) => Err(Error::Wait(e.into())),
    }
}

/// One `wl_output` and its integer scale.
struct Output {
    wl: wl_output::WlOutput,
    scale: i32,
}

enum Role {
    Layer(zwlr_layer_surface_v1::ZwlrLayerSurfaceV1),
    Toplevel { xdg: xdg_surface::XdgSurface, toplevel: xdg_toplevel::XdgToplevel },
}

/// One surface of the screen and the buffers it draws into.
struct Surface {
    wl: wl_surface::WlSurface,
    role: Role,
    /// The output index the app is told (its place in the compositor's output list).
    output: usize,
    primary: bool,
    /// The logical size from the last configure; `None` until the first one.
    size: Option<(u32, u32)>,
    /// An xdg_toplevel's configured size, applied by the xdg_surface configure that follows.
    pending: (u32, u32),
    /// A buffer has been committed.
    shown: bool,
    /// Destroyed: the compositor closed it, or the screen is done.
    gone: bool,
    scale: i32,
    dirty: bool,
    buffers: Vec<Buffer>,
}

/// A wl_buffer on its own memfd; `busy` from attach until the compositor releases it.
struct Buffer {
    wl: wl_buffer::WlBuffer,
    file: File,
    width: u32,
    height: u32,
    busy: Arc<AtomicBool>,
}

/// Which surface an event is about, as the user data of its objects.
type SurfaceId = usize;

struct Screen {
    compositor: wl_compositor::WlCompositor,
    shm: wl_shm::WlShm,
    /// The formats wl_shm offers, then the one chosen for the buffers.
    formats: Vec<wl_shm::Format>,
    format: wl_shm::Format,
    outputs: Vec<Output>,
    surfaces: Vec<Surface>,
    keyboard: Option<wl_keyboard::WlKeyboard>,
    pointer: Option<wl_pointer::WlPointer>,
    held: Held,
    /// The surface under the pointer and the pointer's logical position on it.
    pointer_at: Option<(SurfaceId, f64, f64)>,
    events: Vec<UiEvent>,
}

impl Screen {
    fn set_up(conn: &Connection, cover: Cover) -> Result<(EventQueue<Screen>, Screen), Error> {
        let (globals, mut queue) = registry_queue_init::<Screen>(conn)?;
        let qh = queue.handle();
        let missing = |interface| move |source| Error::Missing { interface, source };
        let compositor: wl_compositor::WlCompositor =
            globals.bind(&qh, 3..=6, ()).map_err(missing("wl_compositor version 3"))?;
        let shm: wl_shm::WlShm = globals.bind(&qh, 1..=1, ()).map_err(missing("wl_shm"))?;
        // Without a seat the screen still shows; the app then only ticks.
        let _seat: Option<wl_seat::WlSeat> = globals.bind(&qh, 1..=7, ()).ok();
        let layer_shell: Option<zwlr_layer_shell_v1::ZwlrLayerShellV1> = globals.bind(&qh, 1..=4, ()).ok();
        let wm_base: Option<xdg_wm_base::XdgWmBase> =
            if layer_shell.is_none() { globals.bind(&qh, 1..=5, ()).ok() } else { None };
        let registry = globals.registry();
        let outputs = globals.contents().with_list(|list| {
            list.iter()
                .filter(|global| global.interface == wl_output::WlOutput::interface().name)
                .enumerate()
                .map(|(index, global)| Output {
                    wl: registry.bind(global.name, global.version.min(4), &qh, index),
                    scale: 1,
                })
                .collect::<Vec<_>>()
        });
        let mut screen = Screen {
            compositor,
            shm,
            formats: Vec::new(),
            format: wl_shm::Format::Argb8888,
            outputs,
            surfaces: Vec::new(),
            keyboard: None,
            pointer: None,
            held: Held::default(),
            pointer_at: None,
            events: Vec::new(),
        };
        // The outputs' scales, the seat's capabilities and the buffer formats.
        queue.roundtrip(&mut screen)?;
        screen.format = buffer_format(cover, &screen.formats);
        if cover == Cover::Fullscreen && screen.outputs.is_empty() {
            return Err(Error::NoOutput);
        }
        match (&layer_shell, &wm_base) {
            (Some(shell), _) => screen.add_layer_surfaces(shell, cover, &qh),
            (None, Some(wm_base)) => screen.add_toplevels(wm_base, cover, &qh),
            (None, None) => return Err(Error::NoShell),
        }
        Ok((queue, screen))
    }

    /// The screen's surfaces: one per output for [`Cover::Fullscreen`], one for [`Cover::Window`]
    /// (told output 0; the compositor places it). `role` makes each a layer surface or a
    /// toplevel, given the output it covers (`None`: the window).
    fn add_surfaces(
        &mut self,
        cover: Cover,
        qh: &QueueHandle<Screen>,
        role: impl Fn(&wl_surface::WlSurface, SurfaceId, Option<&wl_output::WlOutput>) -> Role,
    ) {
        let covered: Vec<Option<wl_output::WlOutput>> = match cover {
            Cover::Fullscreen => self.outputs.iter().map(|o| Some(o.wl.clone())).collect(),
            Cover::Window => vec![None],
        };
        for (output, wl_output) in covered.iter().enumerate() {
            let id = self.surfaces.len();
            let wl = self.compositor.create_surface(qh, id);
            let role = role(&wl, id, wl_output.as_ref());
            // No buffer before the first configure: this commit asks for it.
            wl.commit();
            self.surfaces.push(Surface {
                wl,
                role,
                output,
                primary: id == 0,
                size: None,
                pending: (0, 0),
                shown: false,
                gone: false,
                scale: self.outputs.get(output).map_or(1, |o| o.scale),
                dirty: false,
                buffers: Vec::new(),
            });
        }
    }

    fn add_layer_surfaces(
        &mut self,
        shell: &zwlr_layer_shell_v1::ZwlrLayerShellV1,
        cover: Cover,
        qh: &QueueHandle<Screen>,
    ) {
        use zwlr_layer_shell_v1::Layer;
        use zwlr_layer_surface_v1::{Anchor, KeyboardInteractivity};
        self.add_surfaces(cover, qh, |wl, id, output| {
            let surface = shell.get_layer_surface(wl, output, Layer::Overlay, "posture-break".into(), qh, id);
            match cover {
                Cover::Fullscreen => {
                    surface.set_anchor(Anchor::all());
                    // -1: cover panels too instead of being placed beside them.
                    surface.set_exclusive_zone(-1);
                    surface.set_keyboard_interactivity(KeyboardInteractivity::Exclusive);
                }
                Cover::Window => {
                    // No anchor: the compositor centres it.
                    surface.set_size(WINDOW_SIZE.0, WINDOW_SIZE.1);
                    // On-demand (version 4) lets the user type elsewhere while the window waits;
                    // older compositors know only exclusive focus.
                    surface.set_keyboard_interactivity(if shell.version() >= 4 {
                        KeyboardInteractivity::OnDemand
                    } else {
                        KeyboardInteractivity::Exclusive
                    });
                }
            }
            Role::Layer(surface)
        });
    }

    fn add_toplevels(&mut self, wm_base: &xdg_wm_base::XdgWmBase, cover: Cover, qh: &QueueHandle<Screen>) {
        self.add_surfaces(cover, qh, |wl, id, output| {
            let xdg = wm_base.get_xdg_surface(wl, qh, id);
            let toplevel = xdg.get_toplevel(qh, id);
            toplevel.set_title("posture break".into());
            toplevel.set_app_id("posture".into());
            if cover == Cover::Fullscreen {
                toplevel.set_fullscreen(output);
            }
            Role::Toplevel { xdg, toplevel }
        });
    }

    fn tear_down(&mut self) {
        for surface in &mut self.surfaces {
            surface.destroy();
        }
    }

    /// The compositor closed layer surface `id`, as it does when its output goes away. While
    /// others remain that is no answer from the user: the card moves to the first of them.
    /// Only when none is left does the app hear [`UiEvent::Closed`].
    fn layer_closed(&mut self, id: SurfaceId) {
        let Some(surface) = self.surfaces.get_mut(id) else { return };
        let was_primary = surface.primary;
        surface.destroy();
        match self.surfaces.iter_mut().find(|s| !s.gone) {
            Some(next) if was_primary => {
                next.primary = true;
                next.dirty = next.size.is_some();
            }
            Some(_) => {}
            None => self.events.push(UiEvent::Closed),
        }
    }

    /// Focus or the keyboard gone, no release will come: a held key (Escape held to leave the
    /// break) counts as let go.
    fn let_go(&mut self) {
        let released = self.held.let_go();
        self.events.extend(released);
    }

    /// Carries out what the app answered; true when it is done.
    fn flow(&mut self, flow: Flow) -> bool {
        match flow {
            Flow::Continue => {}
            Flow::Redraw => self.mark_all_dirty(),
            Flow::Exit => return true,
        }
        false
    }

    fn mark_all_dirty(&mut self) {
        for surface in &mut self.surfaces {
            surface.dirty = surface.size.is_some() && !surface.gone;
        }
    }

    fn draw_dirty(&mut self, app: &mut dyn App, qh: &QueueHandle<Screen>) -> Result<(), Error> {
        for id in 0..self.surfaces.len() {
            let surface = &self.surfaces[id];
            let Some((width, height)) = surface.size.filter(|_| surface.dirty) else { continue };
            let scale = surface.scale.max(1);
            let pixmap = app.draw(surface.output, width * scale as u32, height * scale as u32, surface.primary);
            self.present(id, pixmap, scale, qh)?;
        }
        Ok(())
    }

    /// Puts `pixmap` on surface `id` in a buffer the compositor does not hold.
    fn present(
        &mut self,
        id: SurfaceId,
        mut pixmap: tiny_skia::Pixmap,
        scale: i32,
        qh: &QueueHandle<Screen>,
    ) -> Result<(), Error> {
        let (width, height) = (pixmap.width(), pixmap.height());
        let (shm, format) = (self.shm.clone(), self.format);
        let surface = &mut self.surfaces[id];
        // Free buffers of another size are of no more use; held ones go once released.
        surface.buffers.retain(|b| {
            let keep = b.busy.load(Ordering::Acquire) || (b.width, b.height) == (width, height);
            if !keep {
                b.wl.destroy();
            }
            keep
        });
        let free = surface.buffers.iter().position(|b| !b.busy.load(Ordering::Acquire));
        let index = match free {
            Some(index) => index,
            None => {
                surface.buffers.push(Buffer::new(&shm, format, width, height, qh)?);
                surface.buffers.len() - 1
            }
        };
        let buffer = &surface.buffers[index];
        if matches!(format, wl_shm::Format::Argb8888 | wl_shm::Format::Xrgb8888) {
            rgba_to_argb8888(pixmap.data_mut());
        }
        buffer.file.write_all_at(pixmap.data(), 0).map_err(Error::Buffer)?;
        buffer.busy.store(true, Ordering::Release);
        surface.wl.set_buffer_scale(scale);
        surface.wl.attach(Some(&buffer.wl), 0, 0);
        surface.wl.damage_buffer(0, 0, width as i32, height as i32);
        surface.wl.commit();
        surface.dirty = false;
        surface.shown = true;
        Ok(())
    }

    /// A configure of surface `id` at logical `width` x `height` (0: the screen chooses).
    fn configured(&mut self, id: SurfaceId, width: u32, height: u32) {
        let Some(surface) = self.surfaces.get_mut(id).filter(|s| !s.gone) else { return };
        let fallback = surface.size.unwrap_or(WINDOW_SIZE);
        let size = (if width == 0 { fallback.0 } else { width }, if height == 0 { fallback.1 } else { height });
        if surface.shown && surface.size == Some(size) {
            // The same size again (sway configures a layer surface twice): the acknowledgement
            // only needs a commit, and the frame on screen stays.
            surface.wl.commit();
        } else {
            surface.size = Some(size);
            surface.dirty = true;
        }
    }

    fn set_scale(&mut self, id: SurfaceId, scale: i32) {
        if let Some(surface) = self.surfaces.get_mut(id)
            && surface.scale != scale
            && !surface.gone
        {
            surface.scale = scale;
            surface.dirty = surface.size.is_some();
        }
    }
}

impl Surface {
    fn destroy(&mut self) {
        if std::mem::replace(&mut self.gone, true) {
            return;
        }
        match &self.role {
            Role::Layer(layer) => layer.destroy(),
            Role::Toplevel { xdg, toplevel } => {
                toplevel.destroy();
                xdg.destroy();
            }
        }
        self.wl.destroy();
        for buffer in self.buffers.drain(..) {
            buffer.wl.destroy();
        }
        self.dirty = false;
    }
}

impl Buffer {
    fn new(
        shm: &wl_shm::WlShm,
        format: wl_shm::Format,
        width: u32,
        height: u32,
        qh: &QueueHandle<Screen>,
    ) -> Result<Buffer, Error> {
        let stride = width * 4;
        let len = stride * height;
        let fd = rustix::fs::memfd_create("posture-break", MemfdFlags::CLOEXEC).map_err(|e| Error::Buffer(e.into()))?;
        rustix::fs::ftruncate(&fd, len.into()).map_err(|e| Error::Buffer(e.into()))?;
        let pool = shm.create_pool(fd.as_fd(), len as i32, qh, ());
        let busy = Arc::new(AtomicBool::new(false));
        let wl = pool.create_buffer(0, width as i32, height as i32, stride as i32, format, qh, Arc::clone(&busy));
        // The buffer keeps the memory; the pool is only needed to make it.
        pool.destroy();
        Ok(Buffer { wl, file: File::from(fd), width, height, busy })
    }
}

/// The buffer format: tiny-skia's byte order (R, G, B, A in memory, which wl_shm calls
/// ABGR8888) when the compositor takes it, as wlroots, mutter and KWin do, so the pixels go out
/// as drawn; otherwise the ARGB8888 every compositor must take, converted. Opaque (X) when
/// covering the outputs, so the compositor need not blend what is below.
fn buffer_format(cover: Cover, offered: &[wl_shm::Format]) -> wl_shm::Format {
    use wl_shm::Format::{Abgr8888, Argb8888, Xbgr8888, Xrgb8888};
    let (as_drawn, fallback) = match cover {
        Cover::Fullscreen => (Xbgr8888, Xrgb8888),
        Cover::Window => (Abgr8888, Argb8888),
    };
    if offered.contains(&as_drawn) { as_drawn } else { fallback }
}

/// tiny-skia's premultiplied RGBA bytes to wl_shm's ARGB8888 (and XRGB8888), a little-endian
/// 32-bit `0xAARRGGBB`, which in memory is B, G, R, A: red and blue swap places.
pub fn rgba_to_argb8888(pixels: &mut [u8]) {
    for pixel in pixels.chunks_exact_mut(4) {
        pixel.swap(0, 2);
    }
}

/// The break keys down now, in the screen's surfaces.
#[derive(Default)]
struct Held(Vec<Key>);

impl Held {
    /// Evdev key `code` went down or up: the event the app hears.
    fn key(&mut self, code: u32, pressed: bool) -> UiEvent {
        let Some(key) = key(code) else { return UiEvent::Input };
        self.0.retain(|&k| k != key);
        if pressed {
            self.0.push(key);
        }
        UiEvent::Key { key, pressed }
    }

    /// No release will come for the keys down now: they count as let go.
    fn let_go(&mut self) -> Vec<UiEvent> {
        self.0.drain(..).map(|key| UiEvent::Key { key, pressed: false }).collect()
    }
}

fn key(code: u32) -> Option<Key> {
    match code {
        KEY_ENTER | KEY_KPENTER => Some(Key::Enter),
        KEY_S => Some(Key::S),
        KEY_ESC => Some(Key::Escape),
        _ => None,
    }
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Screen {
    fn event(
        _: &mut Screen,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        // Outputs plugged in while the screen shows are not covered: a break lasts minutes.
    }
}

impl Dispatch<wl_output::WlOutput, usize> for Screen {
    fn event(
        screen: &mut Screen,
        _: &wl_output::WlOutput,
        event: wl_output::Event,
        index: &usize,
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        if let wl_output::Event::Scale { factor } = event {
            if let Some(output) = screen.outputs.get_mut(*index) {
                output.scale = factor;
            }
            // Surfaces made for this output take its scale.
            let ids: Vec<SurfaceId> =
                (0..screen.surfaces.len()).filter(|&id| screen.surfaces[id].output == *index).collect();
            for id in ids {
                screen.set_scale(id, factor);
            }
        }
    }
}

impl Dispatch<wl_surface::WlSurface, SurfaceId> for Screen {
    fn event(
        screen: &mut Screen,
        _: &wl_surface::WlSurface,
        event: wl_surface::Event,
        id: &SurfaceId,
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        match event {
            // A centred window shows on whichever output the compositor chose.
            wl_surface::Event::Enter { output } => {
                if let Some(scale) = screen.outputs.iter().find(|o| o.wl == output).map(|o| o.scale) {
                    screen.set_scale(*id, scale);
                }
            }
            wl_surface::Event::PreferredBufferScale { factor } => screen.set_scale(*id, factor),
            _ => {}
        }
    }
}

impl Dispatch<wl_buffer::WlBuffer, Arc<AtomicBool>> for Screen {
    fn event(
        _: &mut Screen,
        _: &wl_buffer::WlBuffer,
        event: wl_buffer::Event,
        busy: &Arc<AtomicBool>,
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        if let wl_buffer::Event::Release = event {
            busy.store(false, Ordering::Release);
        }
    }
}

impl Dispatch<zwlr_layer_surface_v1::ZwlrLayerSurfaceV1, SurfaceId> for Screen {
    fn event(
        screen: &mut Screen,
        layer: &zwlr_layer_surface_v1::ZwlrLayerSurfaceV1,
        event: zwlr_layer_surface_v1::Event,
        id: &SurfaceId,
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        match event {
            zwlr_layer_surface_v1::Event::Configure { serial, width, height } => {
                layer.ack_configure(serial);
                screen.configured(*id, width, height);
            }
            zwlr_layer_surface_v1::Event::Closed => screen.layer_closed(*id),
            _ => {}
        }
    }
}

impl Dispatch<xdg_wm_base::XdgWmBase, ()> for Screen {
    fn event(
        _: &mut Screen,
        wm_base: &xdg_wm_base::XdgWmBase,
        event: xdg_wm_base::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        if let xdg_wm_base::Event::Ping { serial } = event {
            wm_base.pong(serial);
        }
    }
}

impl Dispatch<xdg_surface::XdgSurface, SurfaceId> for Screen {
    fn event(
        screen: &mut Screen,
        xdg: &xdg_surface::XdgSurface,
        event: xdg_surface::Event,
        id: &SurfaceId,
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        if let xdg_surface::Event::Configure { serial } = event {
            xdg.ack_configure(serial);
            // The toplevel's configure came just before with the size; this one completes it.
            if let Some((width, height)) = screen.surfaces.get(*id).map(|s| s.pending) {
                screen.configured(*id, width, height);
            }
        }
    }
}

impl Dispatch<xdg_toplevel::XdgToplevel, SurfaceId> for Screen {
    fn event(
        screen: &mut Screen,
        _: &xdg_toplevel::XdgToplevel,
        event: xdg_toplevel::Event,
        id: &SurfaceId,
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        match event {
            xdg_toplevel::Event::Configure { width, height, .. } => {
                if let Some(surface) = screen.surfaces.get_mut(*id) {
                    surface.pending = (width.max(0) as u32, height.max(0) as u32);
                }
            }
            xdg_toplevel::Event::Close => screen.events.push(UiEvent::Closed),
            _ => {}
        }
    }
}

impl Dispatch<wl_seat::WlSeat, ()> for Screen {
    fn event(
        screen: &mut Screen,
        seat: &wl_seat::WlSeat,
        event: wl_seat::Event,
        _: &(),
        _: &Connection,
        qh: &QueueHandle<Screen>,
    ) {
        // Devices come and go (a virtual pointer, a plugged mouse): follow the seat.
        if let wl_seat::Event::Capabilities { capabilities: WEnum::Value(caps) } = event {
            match (caps.contains(wl_seat::Capability::Keyboard), &screen.keyboard) {
                (true, None) => screen.keyboard = Some(seat.get_keyboard(qh, ())),
                (false, Some(keyboard)) => {
                    if keyboard.version() >= 3 {
                        keyboard.release();
                    }
                    screen.keyboard = None;
                    screen.let_go();
                }
                _ => {}
            }
            match (caps.contains(wl_seat::Capability::Pointer), &screen.pointer) {
                (true, None) => screen.pointer = Some(seat.get_pointer(qh, ())),
                (false, Some(pointer)) => {
                    if pointer.version() >= 3 {
                        pointer.release();
                    }
                    screen.pointer = None;
                    screen.pointer_at = None;
                }
                _ => {}
            }
        }
    }
}

impl Dispatch<wl_keyboard::WlKeyboard, ()> for Screen {
    fn event(
        screen: &mut Screen,
        _: &wl_keyboard::WlKeyboard,
        event: wl_keyboard::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        // The keymap's file descriptor is closed as the event drops: evdev codes suffice.
        match event {
            wl_keyboard::Event::Key { key: code, state, .. } => {
                let pressed = match state {
                    WEnum::Value(wl_keyboard::KeyState::Released) => false,
                    WEnum::Value(wl_keyboard::KeyState::Pressed) => true,
                    _ => return,
                };
                let event = screen.held.key(code, pressed);
                screen.events.push(event);
            }
            wl_keyboard::Event::Leave { .. } => screen.let_go(),
            _ => {}
        }
    }
}

impl Dispatch<wl_pointer::WlPointer, ()> for Screen {
    fn event(
        screen: &mut Screen,
        _: &wl_pointer::WlPointer,
        event: wl_pointer::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        match event {
            wl_pointer::Event::Enter { surface, surface_x, surface_y, .. } => {
                screen.pointer_at = surface.data::<SurfaceId>().map(|id| (*id, surface_x, surface_y));
            }
            wl_pointer::Event::Leave { .. } => screen.pointer_at = None,
            wl_pointer::Event::Motion { surface_x, surface_y, .. } => {
                if let Some((_, x, y)) = &mut screen.pointer_at {
                    (*x, *y) = (surface_x, surface_y);
                }
                screen.events.push(UiEvent::Input);
            }
            wl_pointer::Event::Button { state, .. } => {
                let Some((id, x, y)) = screen.pointer_at else { return };
                let Some(surface) = screen.surfaces.get(id) else { return };
                let scale = f64::from(surface.scale.max(1));
                screen.events.push(UiEvent::Click {
                    output: surface.output,
                    x: x * scale,
                    y: y * scale,
                    pressed: state == WEnum::Value(wl_pointer::ButtonState::Pressed),
                });
            }
            wl_pointer::Event::Axis { .. } => screen.events.push(UiEvent::Input),
            _ => {}
        }
    }
}

delegate_noop!(Screen: wl_compositor::WlCompositor);
impl Dispatch<wl_shm::WlShm, ()> for Screen {
    fn event(
        screen: &mut Screen,
        _: &wl_shm::WlShm,
        event: wl_shm::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Screen>,
    ) {
        if let wl_shm::Event::Format { format: WEnum::Value(format) } = event {
            screen.formats.push(format);
        }
    }
}
delegate_noop!(Screen: wl_shm_pool::WlShmPool);
delegate_noop!(Screen: zwlr_layer_shell_v1::ZwlrLayerShellV1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premultiplied_rgba_becomes_little_endian_argb() {
        let mut pixmap = tiny_skia::Pixmap::new(2, 1).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(0x20, 0x40, 0x60, 0xff));
        let mut pixels = pixmap.data().to_vec();
        rgba_to_argb8888(&mut pixels);
        let words: Vec<u32> = pixels.chunks_exact(4).map(|p| u32::from_le_bytes(p.try_into().unwrap())).collect();
        assert_eq!(words, [0xff20_4060, 0xff20_4060]);

        // Half-transparent red stays premultiplied: 0x80 red at alpha 0x80.
        let mut half = [0x80, 0x00, 0x00, 0x80];
        rgba_to_argb8888(&mut half);
        assert_eq!(u32::from_le_bytes(half), 0x8080_0000);
    }

    #[test]
    fn pixels_go_out_as_drawn_where_the_compositor_takes_that_order() {
        use wl_shm::Format::{Abgr8888, Argb8888, Xbgr8888, Xrgb8888};
        let all = [Argb8888, Xrgb8888, Abgr8888, Xbgr8888];
        assert_eq!(buffer_format(Cover::Fullscreen, &all), Xbgr8888);
        assert_eq!(buffer_format(Cover::Window, &all), Abgr8888);
        assert_eq!(buffer_format(Cover::Fullscreen, &all[..2]), Xrgb8888);
        assert_eq!(buffer_format(Cover::Window, &all[..2]), Argb8888);
    }

    #[test]
    fn the_break_keys_are_read_as_evdev_codes() {
        assert_eq!(key(28), Some(Key::Enter));
        assert_eq!(key(96), Some(Key::Enter));
        assert_eq!(key(31), Some(Key::S));
        assert_eq!(key(1), Some(Key::Escape));
        assert_eq!(key(30), None);
    }

    #[test]
    fn keys_still_down_when_focus_goes_are_let_go() {
        let mut held = Held::default();
        assert_eq!(held.key(KEY_ESC, true), UiEvent::Key { key: Key::Escape, pressed: true });
        assert_eq!(held.key(30, true), UiEvent::Input);
        assert_eq!(held.key(KEY_S, true), UiEvent::Key { key: Key::S, pressed: true });
        assert_eq!(held.key(KEY_S, false), UiEvent::Key { key: Key::S, pressed: false });
        assert_eq!(held.let_go(), [UiEvent::Key { key: Key::Escape, pressed: false }]);
        assert_eq!(held.let_go(), []);
    }
}
