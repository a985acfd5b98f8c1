//! TZID values to IANA zones: IANA names as they are, the Windows names Outlook and Exchange
//! write (`W. Europe Standard Time`) through an embedded excerpt of CLDR's `windowsZones.xml`
//! (the "001" territory of each), the Mozilla/Evolution `/…/Europe/Amsterdam` prefixes, and
//! as a last resort Windows display names (`(UTC+01:00) Amsterdam, Berlin, …`): a city that
//! names an IANA zone, else the whole-hour offset as a fixed zone.

use chrono_tz::Tz;

/// Windows zone names to IANA zones, from CLDR `common/supplemental/windowsZones.xml`: the
/// zones of Europe, the Americas, Asia and Oceania that calendars commonly carry.
const WINDOWS: &[(&str, &str)] = &[
    ("Dateline Standard Time", "Etc/GMT+12"),
    ("UTC-11", "Etc/GMT+11"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Mountain Standard Time", "America/Denver"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Canada Central Standard Time", "America/Regina"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("Eastern Standard Time", "America/New_York"),
    ("US Eastern Standard Time", "America/Indianapolis"),
    ("Venezuela Standard Time", "America/Caracas"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("SA Western Standard Time", "America/La_Paz"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("Greenland Standard Time", "America/Godthab"),
    ("UTC-02", "Etc/GMT+2"),
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Cape Verde Standard Time", "Atlantic/Cape_Verde"),
    ("UTC", "Etc/UTC"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("Iran Standard Time", "Asia/Tehran"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("India Standard Time", "Asia/Calcutta"),
    ("Nepal Standard Time", "Asia/Katmandu"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("AUS Central Standard Time", "Australia/Darwin"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Tasmania Standard Time", "Australia/Hobart"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
];

/// The IANA zone a TZID names, if posture knows it.
pub fn resolve(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS.iter().find(|(name, _)| name.eq_ignore_ascii_case(tzid)) {
        return iana.parse().ok();
    }
    // "/mozilla.org/20050126_1/Europe/Amsterdam", "/freeassociation.sourceforge.net/Europe/Paris":
    // the IANA name is the last one or two path segments.
    let segments: Vec<&str> = tzid.split('/').filter(|s| !s.is_empty()).collect();
    if let Some(tz) =
        (1..=3.min(segments.len())).rev().find_map(|n| segments[segments.len() - n..].join("/").parse().ok())
    {
        return Some(tz);
    }
    display_name(tzid)
}

/// `(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`: the first city that is the
/// last part of an IANA name, else `(UTC±HH:00)` as a fixed `Etc/GMT∓H` zone (which ignores
/// daylight saving, so it is only the fallback).
fn display_name(tzid: &str) -> Option<Tz> {
    let rest = tzid.strip_prefix("(UTC")?;
    let (offset, cities) = rest.split_once(')')?;
    let city = cities.split(',').map(|c| c.trim().replace(' ', "_")).find_map(|city| {
        chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| tz.name().rsplit('/').next() == Some(city.as_str()))
    });
    if city.is_some() {
        return city;
    }
    let (hours, minutes) = offset.split_once(':').unwrap_or((offset, "00"));
    let hours: i32 = if hours.is_empty() { 0 } else { hours.parse().ok()? };
    if minutes != "00" {
        return None;
    }
    // The Etc zones count the other way round: UTC+1 is Etc/GMT-1.
    match hours {
        0 => Some(Tz::Etc__UTC),
        h => format!("Etc/GMT{:+}", -h).parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_windows_and_prefixed_names() {
        assert_eq!(resolve("Europe/Amsterdam"), Some(Tz::Europe__Amsterdam));
        assert_eq!(resolve("W. Europe Standard Time"), Some(Tz::Europe__Berlin));
        assert_eq!(resolve("Pacific Standard Time"), Some(Tz::America__Los_Angeles));
        assert_eq!(resolve("\"Romance Standard Time\""), Some(Tz::Europe__Paris));
        assert_eq!(resolve("/mozilla.org/20050126_1/Europe/Amsterdam"), Some(Tz::Europe__Amsterdam));
        assert_eq!(
            resolve("/freeassociation.sourceforge.net/America/Argentina/Buenos_Aires"),
            Some(Tz::America__Argentina__Buenos_Aires)
        );
        assert_eq!(resolve("Middle Earth Time"), None);
        assert_eq!(
            resolve("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
            Some(Tz::Europe__Amsterdam)
        );
        assert_eq!(resolve("(UTC-05:00) Bogota, Lima, Quito, Rio Branco"), Some(Tz::America__Bogota));
        assert_eq!(resolve("(UTC-08:00) Pacific Time (US & Canada)"), Some(Tz::Etc__GMTPlus8));
        assert_eq!(resolve("(UTC) Coordinated Universal Time"), Some(Tz::Etc__UTC));
        assert_eq!(resolve("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi"), Some(Tz::Asia__Kolkata));
        assert_eq!(resolve("(UTC+05:45) Kathmandu-ish"), None);
    }

    #[test]
    fn every_windows_entry_names_a_known_zone() {
        for (windows, iana) in WINDOWS {
            assert!(iana.parse::<Tz>().is_ok(), "{windows} -> {iana}");
        }
    }
}
