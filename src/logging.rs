//! The log format: a person running `posture` in a terminal reads one plain line per event
//! (the clock time, "warning:" where it matters, the sentence); `-v`, `POSTURE_LOG` or
//! `RUST_LOG` switch to tracing's full format with levels, module paths and fields.

use std::fmt;
use std::io::IsTerminal;

use crate::core::time::Zone;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// What a plain start shows: posture's own lines from info up, other crates' only when they
/// fail (zbus warns about connections it closes while posture stops, which is no news to a user).
const PLAIN_FILTER: &str = "error,posture=info";

/// Installs the global subscriber: the plain format unless `verbose` (a `-v` count) or a log
/// filter in the environment asks for more.
pub fn init(verbose: u8) {
    let from_env = ["POSTURE_LOG", "RUST_LOG"].into_iter().find_map(|var| EnvFilter::try_from_env(var).ok());
    let ansi = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(ansi);
    match (from_env, verbose) {
        (None, 0) => {
            // systemd's journal stamps every line itself.
            let clock = std::env::var_os("JOURNAL_STREAM").is_none().then(crate::load::zone::system);
            builder.with_env_filter(EnvFilter::new(PLAIN_FILTER)).event_format(Plain { clock }).init();
        }
        (filter, verbose) => {
            let filter = filter.unwrap_or_else(|| {
                EnvFilter::new(if verbose == 1 { "info,posture=debug" } else { "debug,posture=trace" })
            });
            builder.with_env_filter(filter).init();
        }
    }
}

/// "14:05:09 posture is running; …", "14:05:09 warning: …".
struct Plain {
    /// The zone to show clock times in; `None` shows none.
    clock: Option<Zone>,
}

impl<S, N> FormatEvent<S, N> for Plain
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        if let Some(zone) = &self.clock {
            write!(writer, "{} ", zone.local(crate::clock::now()).format("%H:%M:%S"))?;
        }
        match *event.metadata().level() {
            Level::ERROR => write!(writer, "error: ")?,
            Level::WARN => write!(writer, "warning: ")?,
            _ => {}
        }
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
