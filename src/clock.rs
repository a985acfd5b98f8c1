//! The one place posture reads the clocks. The core never does; the daemon stamps every
//! observation with [`stamp`] and hands it in.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::core::session::Stamp;
use crate::core::time::Time;

/// The wall clock and the steady clock, read together: what the core's `Session` needs to
/// tell a clock change from time passing.
pub fn stamp() -> Stamp {
    Stamp { wall: now(), steady: since_boot() }
}

/// Time since boot, suspend included, never set (`CLOCK_BOOTTIME`).
#[cfg(target_os = "linux")]
fn since_boot() -> Option<Duration> {
    let boot = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    Some(Duration::new(boot.tv_sec.max(0) as u64, boot.tv_nsec.clamp(0, 999_999_999) as u32))
}

/// Elsewhere (unverified platforms) only the wall clock is used.
#[cfg(not(target_os = "linux"))]
fn since_boot() -> Option<Duration> {
    None
}

/// The current wall-clock time.
pub fn now() -> Time {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    Time::from_micros(i64::try_from(since_epoch.as_micros()).unwrap_or(i64::MAX))
}
