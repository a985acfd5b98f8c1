//! The contract between the break screen's drawing and behaviour (`App`) and the window
//! backends (X11, Wayland) that put it on screen and report what the user does.

use std::time::Duration;

/// What the user did, as a backend reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UiEvent {
    /// A key went down or up. Only the keys the break screen reacts to are reported.
    Key { key: Key, pressed: bool },
    /// A pointer button went down or up at `x`, `y` in the pixels of output `output`.
    Click { output: usize, x: f64, y: f64, pressed: bool },
    /// Some other keyboard or pointer input anywhere the backend can see it (hands on).
    Input,
    /// The compositor or window manager closed a window.
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Enter,
    S,
    Escape,
}

/// What the backend should do after a call into the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Redraw,
    Exit,
}

/// How the break screen covers the desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    /// One ordinary window, centred.
    Window,
    /// One surface per output, above other windows; the card on the first (primary) one.
    Fullscreen,
}

/// The break screen's behaviour and drawing, independent of the window system.
pub trait App {
    /// Draw output `output` at `width` x `height` pixels; `primary` is the one with the card.
    fn draw(&mut self, output: usize, width: u32, height: u32, primary: bool) -> tiny_skia::Pixmap;
    /// React to the user.
    fn event(&mut self, event: UiEvent) -> Flow;
    /// How long until the app next wants `tick` (countdown, animation); `None`: only on events.
    fn next_tick(&self) -> Option<Duration>;
    /// Time passed; called when `next_tick` has elapsed.
    fn tick(&mut self) -> Flow;
}
