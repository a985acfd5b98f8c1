//! The next item of a stream, for the tasks that wait on D-Bus signal streams (senses and the
//! tray), without pulling in a futures utility crate for one function.

use std::future::poll_fn;
use std::pin::Pin;

use futures_core::Stream;

/// The next item of `stream`, or `None` once it has ended.
pub async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}
