//! X11: MIT-SCREEN-SAVER's idle time to notice the user leaving, XInput2 to notice the return.
//!
//! X has no "idle for N" event, so the backend asks `ScreenSaverQueryInfo` how long input has
//! been quiet and then sleeps exactly until that could reach the threshold: an active user
//! costs about one query per threshold. Once idle, it listens for XInput2 raw key, button and
//! motion events on the root window, which wake it the moment the user is back; they are
//! deselected again on return, so typing does not flood the backend. Absolute pointer motion
//! (virtual machines, VNC, XTest) sends no raw event, so the idle time is also checked at
//! 2 s, then at intervals doubling to 30 s: about 5 wakeups in the first minute away and 2 a
//! minute after that. A server without XInput2 gets these checks only.
//!
//! Limitation: programs that reset the X screen saver (some video players, `xset s reset`) may
//! reset its idle time too, so watching such a video can count as activity.

use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::screensaver;
use x11rb::protocol::xinput::{self, XIEventMask};
use x11rb::protocol::xproto::Window;
use x11rb::rust_connection::RustConnection;

use super::thread::{self, Blocking, Stop, Woken};
use super::{Change, Error, Observation, effective};

/// The first interval between idle-time checks while the user is away.
const FIRST_POLL: Duration = Duration::from_secs(2);
/// The longest interval between idle-time checks while the user is away.
const LONGEST_POLL: Duration = Duration::from_secs(30);
/// How far the server's idle time may lag our own clock before it counts as new input (the
/// query's round trip and millisecond rounding, with a wide margin).
const CLOCK_SLACK: Duration = Duration::from_millis(250);

/// Starts the X11 backend on `display` (`None`: `$DISPLAY`): connects, sends the first
/// observation (`Active`, or `Idle` if input stopped at least `threshold` ago), and watches on
/// a thread of its own until `shutdown` says true or `tx` closes.
pub async fn start_x11(
    display: Option<&str>,
    threshold: Duration,
    tx: mpsc::Sender<Observation>,
    shutdown: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, Error> {
    let display = display.map(str::to_owned);
    let sender = tx.clone();
    let setup = move || X11::connect(display.as_deref(), effective(threshold), sender);
    thread::spawn("posture-idle-x11", setup, &tx, shutdown).await
}

struct X11 {
    conn: RustConnection,
    root: Window,
    xi2: bool,
    threshold: Duration,
    tx: mpsc::Sender<Observation>,
}

impl X11 {
    fn connect(display: Option<&str>, threshold: Duration, tx: mpsc::Sender<Observation>) -> Result<X11, Error> {
        let (conn, screen) = RustConnection::connect(display)?;
        let root = conn.setup().roots.get(screen).ok_or(Error::NoScreen(screen))?.root;
        let xi2 = match has_xi2(&conn) {
            Ok(xi2) => xi2,
            Err(err) => {
                tracing::debug!("idle: no XInput2 ({err}); polling for the user's return");
                false
            }
        };
        let x11 = X11 { conn, root, xi2, threshold, tx };
        // Fails here, not mid-run, when the server lacks MIT-SCREEN-SAVER.
        x11.idle_time()?;
        Ok(x11)
    }

    /// How long since the last keyboard or mouse input.
    fn idle_time(&self) -> Result<Duration, Error> {
        let info = screensaver::query_info(&self.conn, self.root)?.reply()?;
        Ok(Duration::from_millis(info.ms_since_user_input.into()))
    }

    /// `false`: `tx` closed.
    fn send(&self, change: Change) -> bool {
        self.tx.blocking_send(change.observe_now()).is_ok()
    }

    /// Reports changes until told to stop (`Ok`) or the connection fails.
    fn watch(&self, stop: &Stop) -> Result<(), Error> {
        let mut idle = self.idle_time()?;
        if idle < self.threshold && !self.send(Change::Active) {
            return Ok(());
        }
        loop {
            while idle < self.threshold {
                if stop.wait(None, Some(until_idle(self.threshold, idle)))? == Woken::Stop {
                    return Ok(());
                }
                idle = self.idle_time()?;
            }
            if !self.send(Change::IdleFor(idle)) {
                return Ok(());
            }
            if !self.await_return(stop, idle)? || !self.send(Change::Active) {
                return Ok(());
            }
            idle = self.idle_time()?;
        }
    }

    /// Blocks until the user is back. `Ok(false)`: told to stop. `idle` is the idle time
    /// measured just before.
    fn await_return(&self, stop: &Stop, idle: Duration) -> Result<bool, Error> {
        let measured = Instant::now();
        if self.xi2 {
            // Whatever is queued predates the last deselection (the idle query since was a
            // round trip, so it has all arrived): stale, not a return.
            while self.conn.poll_for_event()?.is_some() {}
            self.select_raw_input(true)?;
        }
        let fd = self.xi2.then(|| self.conn.stream().as_fd());
        // The first check is at once: input between the last query and the selection sent no
        // raw event, but it did reset the idle time.
        let mut interval = Duration::ZERO;
        // A deadline, not a timeout per wait: other events waking us must not keep pushing the
        // next check away (absolute pointer motion is only seen by the checks).
        let mut next_check = Instant::now();
        let back = loop {
            match stop.wait(fd, Some(next_check.saturating_duration_since(Instant::now())))? {
                Woken::Stop => return Ok(false),
                Woken::Ready if self.raw_input_arrived()? => break true,
                Woken::Ready => {}
                Woken::Timeout => {
                    // The query's round trip may bring raw events along: look at them too, as
                    // the socket will not signal them again.
                    if returned(idle, measured.elapsed(), self.idle_time()?) || self.raw_input_arrived()? {
                        break true;
                    }
                    interval = next_poll(interval);
                    next_check = Instant::now() + interval;
                }
            }
        };
        if self.xi2 {
            self.select_raw_input(false)?;
        }
        Ok(back)
    }

    /// Drains the event queue; whether it held raw input.
    fn raw_input_arrived(&self) -> Result<bool, Error> {
        let mut input = false;
        while let Some(event) = self.conn.poll_for_event()? {
            input |= matches!(
                event,
                Event::XinputRawKeyPress(_) | Event::XinputRawButtonPress(_) | Event::XinputRawMotion(_)
            );
        }
        Ok(input)
    }

    fn select_raw_input(&self, on: bool) -> Result<(), Error> {
        let mask = if on {
            vec![XIEventMask::RAW_KEY_PRESS | XIEventMask::RAW_BUTTON_PRESS | XIEventMask::RAW_MOTION]
        } else {
            Vec::new()
        };
        let masks = [xinput::EventMask { deviceid: xinput::Device::ALL_MASTER.into(), mask }];
        xinput::xi_select_events(&self.conn, self.root, &masks)?;
        self.conn.flush()?;
        Ok(())
    }
}

impl Blocking for X11 {
    fn run(self, stop: &Stop) {
        if let Err(err) = self.watch(stop) {
            tracing::warn!("idle: X11 idle monitor stopped ({err}); posture runs on time alone");
        }
    }
}

fn has_xi2(conn: &RustConnection) -> Result<bool, Error> {
    // From 2.1 on, raw events reach root-window listeners even while another client (a menu, a
    // game) grabs the device.
    Ok(xinput::xi_query_version(conn, 2, 2)?.reply()?.major_version >= 2)
}

/// How long until an idle time of `idle` can reach `threshold` (zero if it has).
fn until_idle(threshold: Duration, idle: Duration) -> Duration {
    threshold.saturating_sub(idle)
}

/// The next idle-time check while away: at once, then after 2 s, doubling up to 30 s.
fn next_poll(interval: Duration) -> Duration {
    (interval * 2).clamp(FIRST_POLL, LONGEST_POLL)
}

/// Whether there was input since the idle time was `before`, `elapsed` ago, given it is `now`:
/// without input it would have grown by `elapsed`.
fn returned(before: Duration, elapsed: Duration, now: Duration) -> bool {
    now + CLOCK_SLACK < before + elapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn active_user_is_queried_once_per_threshold() {
        // Just typed: sleep a whole threshold.
        assert_eq!(until_idle(s(120.0), s(0.0)), s(120.0));
        // Quiet for 100 s: the threshold can be reached in 20 s, not before.
        assert_eq!(until_idle(s(120.0), s(100.0)), s(20.0));
        assert_eq!(until_idle(s(120.0), s(130.0)), Duration::ZERO);
    }

    #[test]
    fn idle_checks_grow_to_half_a_minute() {
        let mut interval = Duration::ZERO;
        let mut seen = Vec::new();
        for _ in 0..7 {
            interval = next_poll(interval);
            seen.push(interval);
        }
        assert_eq!(seen, [2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0].map(s));
        // Well under 10 wakeups a minute while away, even in the first minute.
        let (mut t, mut wakeups, mut interval) = (Duration::ZERO, 0, Duration::ZERO);
        loop {
            interval = next_poll(interval);
            if t + interval > s(60.0) {
                break;
            }
            t += interval;
            wakeups += 1;
        }
        assert_eq!(wakeups, 5);
    }

    #[test]
    fn return_detection() {
        // Still away: the idle time grew with the clock.
        assert!(!returned(s(120.0), s(30.0), s(150.0)));
        assert!(!returned(s(120.0), s(30.0), s(149.9)));
        // Came back 5 s ago, even if quiet again since.
        assert!(returned(s(120.0), s(30.0), s(5.0)));
        // Came back right after the last poll and was quiet for longer than the threshold.
        assert!(returned(s(2.0), s(30.0), s(29.0)));
    }
}
