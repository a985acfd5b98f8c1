//! The one place posture reads the wall clock. The core never does; the daemon stamps every
//! observation with [`now`] and hands it in.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::core::time::Time;

/// The current wall-clock time.
pub fn now() -> Time {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    Time::from_micros(i64::try_from(since_epoch.as_micros()).unwrap_or(i64::MAX))
}
