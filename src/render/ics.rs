//! The iCalendar feed (`/lich.ics`, RFC 5545) that Google Calendar and Thunderbird subscribe to.
//!
//! Written by hand rather than with the `icalendar` crate, which writes zero-length all-day
//! events and TZID parameters without a VTIMEZONE. The output is a pure function of its input:
//! DTSTAMP comes from the caller and UIDs are hashes, so two builds give the same bytes.

use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, ToSpan};

/// The only time zone of the feed: Vietnam has kept UTC+7 without daylight saving since 1975.
const TZID: &str = "Asia/Ho_Chi_Minh";

/// Longest content line, in octets, before it is folded (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// One event of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub url: Option<String>,
    pub location: Option<String>,
    pub start: Date,
    /// The last day of the event. All-day events get DTEND the day after (DTEND is exclusive).
    pub end_inclusive: Date,
    /// When set, a timed event in Asia/Ho_Chi_Minh starting at this time and ending one hour
    /// after the same time on `end_inclusive` (one hour long for a one-day event).
    pub time: Option<Time>,
    pub yearly: bool,
}

/// The whole calendar, CRLF line ends, long lines folded, events in the order given.
pub fn write_calendar(
    name: &str,
    description: &str,
    events: &[IcsEvent],
    dtstamp: Timestamp,
) -> String {
    let mut out = String::with_capacity(512 + events.len() * 400);
    let mut line = |s: &str| push_folded(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//bangtin//bangtin//VI");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(name)));
    if !description.is_empty() {
        line(&format!("X-WR-CALDESC:{}", escape_text(description)));
    }
    line(&format!("X-WR-TIMEZONE:{TZID}"));
    line("BEGIN:VTIMEZONE");
    line(&format!("TZID:{TZID}"));
    line(&format!("X-LIC-LOCATION:{TZID}"));
    line("BEGIN:STANDARD");
    line("TZOFFSETFROM:+0700");
    line("TZOFFSETTO:+0700");
    line("TZNAME:ICT");
    line("DTSTART:19700101T000000");
    line("END:STANDARD");
    line("END:VTIMEZONE");

    let stamp = dtstamp
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .datetime();
    let stamp = format!("{}Z", format_datetime(stamp));
    for e in events {
        let end = e.end_inclusive.max(e.start);
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&e.uid)));
        line(&format!("DTSTAMP:{stamp}"));
        match e.time {
            Some(t) => {
                let start = DateTime::from_parts(e.start, t);
                let end = DateTime::from_parts(end, t).saturating_add(1.hour());
                line(&format!("DTSTART;TZID={TZID}:{}", format_datetime(start)));
                line(&format!("DTEND;TZID={TZID}:{}", format_datetime(end)));
            }
            None => {
                line(&format!("DTSTART;VALUE=DATE:{}", format_date(e.start)));
                let after = end.tomorrow().unwrap_or(end);
                line(&format!("DTEND;VALUE=DATE:{}", format_date(after)));
            }
        }
        if e.yearly {
            if (e.start.month(), e.start.day()) == (2, 29) {
                // Plain FREQ=YEARLY skips the years without a 29/2 (RFC 5545 §3.3.10);
                // bangtin moves the day to 28/2 there, and so does this rule.
                line("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
            } else {
                line("RRULE:FREQ=YEARLY");
            }
        }
        line(&format!("SUMMARY:{}", escape_text(&e.summary)));
        if let Some(d) = &e.description {
            line(&format!("DESCRIPTION:{}", escape_text(d)));
        }
        if let Some(l) = &e.location {
            line(&format!("LOCATION:{}", escape_text(l)));
        }
        if let Some(u) = &e.url {
            // A URI value is not TEXT-escaped, but it must stay on one logical line.
            let u: String = u.chars().filter(|c| !c.is_control()).collect();
            line(&format!("URL:{u}"));
        }
        if e.time.is_none() {
            // Deadlines and anniversaries should not mark a whole day as busy.
            line("TRANSP:TRANSPARENT");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// A UID that depends only on `parts`: an FNV-1a 64-bit hash of them, `@domain`.
/// The parts are separated by a byte that cannot occur in text, so `["ab", "c"]` and
/// `["a", "bc"]` differ.
pub fn stable_uid(parts: &[&str], domain: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { &[] } else { &[0x1f] };
        for &b in sep.iter().chain(part.as_bytes()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}@{domain}")
}

/// RFC 5545 TEXT escaping: backslash, semicolon, comma and line breaks; other control
/// characters (not allowed in TEXT) are dropped.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn format_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn format_datetime(dt: DateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}",
        format_date(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// Appends one content line, folded at 75 octets on character boundaries, each physical line
/// ending in CRLF and each continuation starting with one space.
///
/// A fold never leaves whitespace at the end of a physical line: some readers (the `ical`
/// crate among them) trim line ends before unfolding and would lose that space. The space
/// starts the next line instead.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut nice = cut;
        while nice > 1 && rest.as_bytes()[nice - 1].is_ascii_whitespace() {
            nice -= 1;
        }
        if nice > 1 {
            cut = nice;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE_OCTETS - 1; // the leading space counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_on_char_boundaries_without_trailing_space() {
        let mut out = String::new();
        let long = format!(
            "SUMMARY:{}",
            "Ngày hội toàn dân bảo vệ an ninh Tổ quốc ".repeat(5)
        );
        let long = long.trim_end();
        push_folded(&mut out, long);
        for l in out.split_terminator("\r\n") {
            assert!(l.len() <= MAX_LINE_OCTETS, "{l:?}");
            assert!(!l.ends_with(' '), "{l:?}");
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a,b;c\\d\r\ne\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn uid_is_stable_and_separates_parts() {
        let a = stable_uid(&["ke-hoach/33", "2025-06-15"], "stp.quangngai.gov.vn");
        assert_eq!(
            a,
            stable_uid(&["ke-hoach/33", "2025-06-15"], "stp.quangngai.gov.vn")
        );
        assert!(a.ends_with("@stp.quangngai.gov.vn"));
        assert_ne!(stable_uid(&["ab", "c"], "x"), stable_uid(&["a", "bc"], "x"));
    }
}
