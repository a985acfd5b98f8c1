//! The system's time zone, named, so the core can apply its daylight-saving rules without
//! reading the environment itself.

use crate::core::time::Zone;

/// `TZ` when it names a zone (`Europe/Amsterdam`, `:Europe/Amsterdam` or a path into a
/// zoneinfo directory), else the zone `/etc/localtime` is set to. When neither names a zone
/// posture knows (a POSIX rule string in `TZ`, a copied rather than linked localtime), the
/// current UTC offset is used and the log says that daylight saving will not be followed.
pub fn system() -> Zone {
    let from_tz = std::env::var("TZ").ok().and_then(|tz| named(&tz));
    let from_system = || iana_time_zone::get_timezone().ok().and_then(|name| named(&name));
    match from_tz.or_else(from_system) {
        Some(tz) => Zone::Named(tz),
        None => {
            let offset = *chrono::Local::now().offset();
            tracing::info!("the system time zone has no name posture knows; using the fixed offset {offset}");
            Zone::Fixed(offset)
        }
    }
}

/// The zone a `TZ`-style value names, if any.
fn named(value: &str) -> Option<chrono_tz::Tz> {
    let value = value.strip_prefix(':').unwrap_or(value);
    let name = value.rsplit_once("zoneinfo/").map_or(value, |(_, name)| name);
    name.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tz_values_that_name_a_zone() {
        let amsterdam = Some(chrono_tz::Europe::Amsterdam);
        assert_eq!(named("Europe/Amsterdam"), amsterdam);
        assert_eq!(named(":Europe/Amsterdam"), amsterdam);
        assert_eq!(named("/usr/share/zoneinfo/Europe/Amsterdam"), amsterdam);
        assert_eq!(named("UTC"), Some(chrono_tz::UTC));
        assert_eq!(named("CET-1CEST,M3.5.0,M10.5.0/3"), None);
        assert_eq!(named(""), None);
    }
}
