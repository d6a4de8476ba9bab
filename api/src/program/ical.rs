//! RFC 5545 iCalendar output: a VTIMEZONE for the event's zone, stable UIDs, SEQUENCE,
//! STATUS, LOCATION, escaped text and folded lines.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// One calendar entry.
#[derive(Debug)]
pub struct CalendarEvent {
    pub uid: String,
    pub sequence: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub cancelled: bool,
    /// A waitlisted place: the entry is TENTATIVE.
    pub tentative: bool,
    pub categories: String,
}

/// The whole calendar as text with CRLF line ends.
pub fn calendar(name: &str, zone: Tz, events: &[CalendarEvent]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//gmd//Global Mayors Dialogue//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(name)),
        format!("X-WR-TIMEZONE:{}", zone.name()),
    ];
    let (from, to) = span(events);
    lines.extend(vtimezone(zone, from, to));
    for event in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", event.uid));
        lines.push(format!("DTSTAMP:{}", utc_stamp(event.updated_at)));
        lines.push(format!("LAST-MODIFIED:{}", utc_stamp(event.updated_at)));
        lines.push(format!(
            "DTSTART;TZID={}:{}",
            zone.name(),
            local_stamp(zone, event.starts_at)
        ));
        lines.push(format!(
            "DTEND;TZID={}:{}",
            zone.name(),
            local_stamp(zone, event.ends_at)
        ));
        lines.push(format!("SEQUENCE:{}", event.sequence));
        lines.push(format!("SUMMARY:{}", escape(&event.summary)));
        if let Some(description) = &event.description {
            lines.push(format!("DESCRIPTION:{}", escape(description)));
        }
        if let Some(location) = &event.location {
            lines.push(format!("LOCATION:{}", escape(location)));
        }
        lines.push(format!("CATEGORIES:{}", escape(&event.categories)));
        let status = match (event.cancelled, event.tentative) {
            (true, _) => "CANCELLED",
            (false, true) => "TENTATIVE",
            (false, false) => "CONFIRMED",
        };
        lines.push(format!("STATUS:{status}"));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines
        .iter()
        .map(|line| fold(line))
        .collect::<Vec<_>>()
        .join("")
}

fn span(events: &[CalendarEvent]) -> (DateTime<Utc>, DateTime<Utc>) {
    let now = Utc::now();
    let from = events.iter().map(|e| e.starts_at).min().unwrap_or(now);
    let to = events.iter().map(|e| e.ends_at).max().unwrap_or(now);
    (from - Duration::days(366), to + Duration::days(366))
}

fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone).format("%Y%m%dT%H%M%S").to_string()
}

/// TEXT escaping (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character, and ends it
/// with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for ch in line.chars() {
        let size = ch.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += size;
    }
    out.push_str("\r\n");
    out
}

/// The zone's observances between `from` and `to`: one component per offset change, or a
/// single STANDARD for zones without changes.
fn vtimezone(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
    let offset_at = |at: DateTime<Utc>| zone.offset_from_utc_datetime(&at.naive_utc());
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.name()),
    ];
    let mut transitions: Vec<(NaiveDateTime, i32, i32, bool, String)> = Vec::new();
    let mut cursor = from;
    while cursor < to {
        let next = cursor + Duration::days(1);
        let (before, after) = (offset_at(cursor), offset_at(next));
        if before.fix() != after.fix() {
            let (mut low, mut high) = (cursor, next);
            while high - low > Duration::minutes(1) {
                let middle = low + (high - low) / 2;
                if offset_at(middle).fix() == before.fix() {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            let from_secs = before.fix().local_minus_utc();
            let to_secs = after.fix().local_minus_utc();
            let local = high.naive_utc() + Duration::seconds(i64::from(from_secs));
            let daylight = !after.dst_offset().is_zero();
            transitions.push((
                local,
                from_secs,
                to_secs,
                daylight,
                after.abbreviation().unwrap_or("").to_owned(),
            ));
        }
        cursor = next;
    }
    if transitions.is_empty() {
        let offset = offset_at(from);
        let secs = offset.fix().local_minus_utc();
        transitions.push((
            NaiveDateTime::parse_from_str("19700101T000000", "%Y%m%dT%H%M%S").unwrap_or_default(),
            secs,
            secs,
            false,
            offset.abbreviation().unwrap_or("").to_owned(),
        ));
    }
    for (start, from_secs, to_secs, daylight, name) in transitions {
        let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")));
        lines.push(format!("TZOFFSETFROM:{}", offset_text(from_secs)));
        lines.push(format!("TZOFFSETTO:{}", offset_text(to_secs)));
        if !name.is_empty() {
            lines.push(format!("TZNAME:{}", escape(&name)));
        }
        lines.push(format!("END:{kind}"));
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let line = format!("SUMMARY:{}", "冰雪".repeat(40));
        let folded = fold(&line);
        assert!(folded.split("\r\n").all(|part| part.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn zones_with_and_without_daylight_saving() {
        let at = Utc
            .with_ymd_and_hms(2026, 1, 6, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let shanghai = vtimezone(chrono_tz::Asia::Shanghai, at, at + Duration::days(3)).join("\n");
        assert!(shanghai.contains("TZOFFSETTO:+0800") && !shanghai.contains("DAYLIGHT"));
        let helsinki = vtimezone(
            chrono_tz::Europe::Helsinki,
            at - Duration::days(366),
            at + Duration::days(366),
        )
        .join("\n");
        assert!(helsinki.contains("BEGIN:DAYLIGHT") && helsinki.contains("TZOFFSETTO:+0300"));
        assert_eq!(escape("a,b;c\nd"), "a\\,b\\;c\\nd");
    }
}
