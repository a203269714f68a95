//! The iCalendar feed (`/lich.ics`, RFC 5545) that Google Calendar and Thunderbird subscribe to.
//!
//! Written by hand rather than with the `icalendar` crate, which writes zero-length all-day
//! events and TZID parameters without a VTIMEZONE. The output is a pure function of its input:
//! DTSTAMP comes from the caller and UIDs are hashes, so two builds give the same bytes.

use super::calendar::{agenda_where, common_title, count_label, title_key, year_range, Group};
use super::views::Ctx;
use crate::graph::{AgencyId, Event, EventId, EventOrigin, IdVec, PageId};
use crate::routes::{self, day as day_url};
use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, ToSpan};
use std::collections::BTreeMap;

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
    write_header(&mut out, name, description);
    let stamp = dtstamp
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .datetime();
    let stamp = format!("{}Z", format_datetime(stamp));
    for e in events {
        write_event(&mut out, e, &stamp);
    }
    push_folded(&mut out, "END:VCALENDAR");
    out
}

/// The calendar's opening lines: its properties (name, description, time zone) and the one
/// VTIMEZONE its timed events refer to.
fn write_header(out: &mut String, name: &str, description: &str) {
    let mut line = |s: &str| push_folded(out, s);
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
}

/// One VEVENT, stamped `stamp` (UTC, already formatted): its times, its repetition, then
/// its text.
fn write_event(out: &mut String, e: &IcsEvent, stamp: &str) {
    push_folded(out, "BEGIN:VEVENT");
    push_folded(out, &format!("UID:{}", escape_text(&e.uid)));
    push_folded(out, &format!("DTSTAMP:{stamp}"));
    write_times(out, e);
    if e.yearly {
        push_folded(out, yearly_rule(e.start));
    }
    write_text(out, e);
    push_folded(out, "END:VEVENT");
}

/// DTSTART and DTEND: a timed event in `TZID`, ending an hour after its time on its last day,
/// or whole days, DTEND being the day after the last (DTEND is exclusive).
fn write_times(out: &mut String, e: &IcsEvent) {
    let end = e.end_inclusive.max(e.start);
    match e.time {
        Some(t) => {
            let start = DateTime::from_parts(e.start, t);
            let end = DateTime::from_parts(end, t).saturating_add(1.hour());
            push_folded(
                out,
                &format!("DTSTART;TZID={TZID}:{}", format_datetime(start)),
            );
            push_folded(out, &format!("DTEND;TZID={TZID}:{}", format_datetime(end)));
        }
        None => {
            push_folded(out, &format!("DTSTART;VALUE=DATE:{}", format_date(e.start)));
            let after = end.tomorrow().unwrap_or(end);
            push_folded(out, &format!("DTEND;VALUE=DATE:{}", format_date(after)));
        }
    }
}

/// The RRULE of a yearly event starting on `start`.
fn yearly_rule(start: Date) -> &'static str {
    if (start.month(), start.day()) == (2, 29) {
        // Plain FREQ=YEARLY skips the years without a 29/2 (RFC 5545 §3.3.10);
        // bangtin moves the day to 28/2 there, and so does this rule.
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    } else {
        "RRULE:FREQ=YEARLY"
    }
}

/// What a reader sees of the event: SUMMARY, DESCRIPTION, LOCATION, URL, and TRANSP for an
/// all-day event.
fn write_text(out: &mut String, e: &IcsEvent) {
    push_folded(out, &format!("SUMMARY:{}", escape_text(&e.summary)));
    if let Some(d) = &e.description {
        push_folded(out, &format!("DESCRIPTION:{}", escape_text(d)));
    }
    if let Some(l) = &e.location {
        push_folded(out, &format!("LOCATION:{}", escape_text(l)));
    }
    if let Some(u) = &e.url {
        // A URI value is not TEXT-escaped, but it must stay on one logical line.
        let u: String = u.chars().filter(|c| !c.is_control()).collect();
        push_folded(out, &format!("URL:{u}"));
    }
    if e.time.is_none() {
        // Deadlines and anniversaries should not mark a whole day as busy.
        push_folded(out, "TRANSP:TRANSPARENT");
    }
}

/// The site's feed, `/lich.ics`: see `feed`.
pub fn site_feed(ctx: &Ctx, dtstamp: Timestamp) -> String {
    let c = &ctx.site.config;
    feed(
        ctx,
        &c.title,
        c.description.as_deref().unwrap_or(&c.title),
        dtstamp,
        |_| true,
    )
}

/// The feed of agency `i` (the events of the pages it issued) and where it goes in the
/// output (`routes::agency_calendar`).
pub fn agency_feed(ctx: &Ctx, i: AgencyId, dtstamp: Timestamp) -> (String, String) {
    let site = ctx.site;
    let a = &site.agencies.list[i];
    let mut issued: IdVec<PageId, bool> = IdVec::filled(false, site.pages.len());
    for &p in &a.issued {
        issued[p] = true;
    }
    let name = format!("{} – {}", a.name, site.config.title);
    let text = feed(ctx, &name, &name, dtstamp, |p| issued[p]);
    let path = routes::agency_calendar(&a.slug)
        .trim_start_matches('/')
        .to_string();
    (path, text)
}

/// A feed of the events of the pages `keep` accepts, grouped as on the calendar pages
/// (`render::calendar::agenda`), kept small enough for calendar apps however large the
/// archive:
/// - yearly events are one VEVENT each with an RRULE (a lunar date, which no solar rule can
///   say, is one VEVENT a year in the window); yearly deadlines of the same date and text
///   from several plans are one such VEVENT;
/// - other events and deadlines are listed when they start in the window `calendar:` sets in
///   `bangtin.yaml` (`ics_months_back` before the build day to `ics_months_ahead` after);
/// - a deadline shared by several plans is one VEVENT ("37 kế hoạch"), linking to its day page;
/// - at most `ics_max_events` deadline VEVENTs: those nearest the build day. Event pages and
///   commemorations are always in.
fn feed(
    ctx: &Ctx,
    name: &str,
    description: &str,
    dtstamp: Timestamp,
    keep: impl Fn(PageId) -> bool,
) -> String {
    let f = Feed::new(ctx);
    let mut picked = Picked::default();
    f.yearly_events(&keep, &mut picked);
    f.window_events(&keep, &mut picked);
    let events = picked.into_events(f.ctx.site.config.calendar.ics_max_events);
    write_calendar(name, description, &events, dtstamp)
}

/// What a feed reads: the site, the build day and the window of days it lists.
struct Feed<'a> {
    ctx: &'a Ctx<'a>,
    /// The host of the base URL, which ends every UID.
    domain: &'a str,
    today: Date,
    /// First and last day of the window (`ics_months_back`, `ics_months_ahead`).
    from: Date,
    to: Date,
    /// The years that have day pages (`calendar::year_range`).
    years: (i16, i16),
}

/// The VEVENTs chosen so far.
#[derive(Default)]
struct Picked {
    /// Always in: event pages and commemorations.
    events: Vec<IcsEvent>,
    /// Deadlines, with their distance from the build day in days, before the cap.
    deadlines: Vec<(i64, IcsEvent)>,
}

impl Picked {
    /// The feed's events: every event page and the `max` deadlines nearest the build day,
    /// in the order of their days.
    fn into_events(self, max: usize) -> Vec<IcsEvent> {
        let Picked {
            mut events,
            mut deadlines,
        } = self;
        deadlines.sort_by(|a, b| (a.0, a.1.start, &a.1.uid).cmp(&(b.0, b.1.start, &b.1.uid)));
        events.extend(deadlines.into_iter().take(max).map(|(_, e)| e));
        events.sort_by(|a, b| {
            (a.start, a.end_inclusive, &a.summary, &a.uid).cmp(&(
                b.start,
                b.end_inclusive,
                &b.summary,
                &b.uid,
            ))
        });
        events
    }
}

impl<'a> Feed<'a> {
    /// The feed of `ctx`'s site: its domain, the build day and the window around it that
    /// `calendar:` in `bangtin.yaml` sets.
    fn new(ctx: &'a Ctx<'a>) -> Self {
        let site = ctx.site;
        let c = &site.config;
        let today = site.today;
        let domain = c
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or("bangtin")
            .split('/')
            .next()
            .unwrap_or("bangtin");
        let months = |n: u32| jiff::Span::new().months(i64::from(n));
        let from = today
            .checked_sub(months(c.calendar.ics_months_back))
            .unwrap_or(today);
        let to = today
            .checked_add(months(c.calendar.ics_months_ahead))
            .unwrap_or(today);
        Feed {
            ctx,
            domain,
            today,
            from,
            to,
            years: year_range(site),
        }
    }

    /// Days between the build day and `d`, either way.
    fn distance(&self, d: Date) -> i64 {
        self.today
            .until(d)
            .map_or(i64::MAX, |s| i64::from(s.get_days()).abs())
    }

    /// The VEVENT of one event or deadline of one page, from `start` to `end`, linking to
    /// its sentence in the page when known.
    fn single(&self, e: &Event, start: Date, end: Date, yearly: bool) -> IcsEvent {
        let c = &self.ctx.site.config;
        let p = &self.ctx.site.pages[e.page];
        IcsEvent {
            uid: stable_uid(&[&p.url, &e.title, &start.to_string()], self.domain),
            summary: e.title.to_string(),
            description: Some(match (&e.sentence, e.origin) {
                (Some(s), _) => format!("{s}\n\nNguồn: {}", p.title),
                (None, EventOrigin::Event) => p.summary.clone().unwrap_or_default(),
                (None, _) => format!("Nguồn: {}", p.title),
            }),
            url: Some(match &e.anchor() {
                Some(a) => format!("{}#{a}", c.absolute(&p.url)),
                None => c.absolute(&p.url),
            }),
            location: e.location.clone(),
            start,
            end_inclusive: end,
            time: e.time,
            yearly,
        }
    }

    /// Yearly events: a lunar date once for each of its days in the window, an event page
    /// with an RRULE, and yearly deadlines grouped by date, length and text
    /// (`yearly_deadline`).
    fn yearly_events(&self, keep: &impl Fn(PageId) -> bool, picked: &mut Picked) {
        let calendar = &self.ctx.site.calendar;
        let mut yearly_deadlines: BTreeMap<(i8, i8, i32, &str), Vec<EventId>> = BTreeMap::new();
        for &ei in &calendar.yearly {
            let e = &calendar.events[ei];
            if !keep(e.page) {
                continue;
            }
            if e.lunar() {
                for (start, end) in e.occurrences(self.from.year(), self.to.year()) {
                    if start >= self.from && start <= self.to {
                        picked.events.push(self.single(e, start, end, false));
                    }
                }
            } else if e.origin == EventOrigin::Event {
                picked.events.push(self.single(e, e.start, e.end, true));
            } else {
                let length = e.start.until(e.end).map_or(0, |s| s.get_days());
                yearly_deadlines
                    .entry((e.start.month(), e.start.day(), length, calendar.key(ei)))
                    .or_default()
                    .push(ei);
            }
        }
        for (key, group) in yearly_deadlines {
            if let Some(d) = self.yearly_deadline(key, &group) {
                picked.deadlines.push(d);
            }
        }
    }

    /// One yearly deadline (`group`: its occurrences in every plan that has it, keyed by
    /// month, day, length and title key) with its distance from the build day: the nearest
    /// of last year's, this year's and next year's. A deadline of several plans is one
    /// VEVENT ("37 kế hoạch") linking to this year's day page.
    fn yearly_deadline(
        &self,
        (month, day, length, key): (i8, i8, i32, &str),
        group: &[EventId],
    ) -> Option<(i64, IcsEvent)> {
        let site = self.ctx.site;
        let all = &site.calendar.events;
        let &first = group.iter().min_by_key(|&&ei| (all[ei].start, ei))?;
        let e = &all[first];
        let today = self.today;
        let near = [today.year() - 1, today.year(), today.year() + 1]
            .into_iter()
            .flat_map(|y| e.occurrences(y, y))
            .map(|(s, _)| self.distance(s))
            .min()
            .unwrap_or(i64::MAX);
        if group.len() == 1 {
            return Some((near, self.single(e, e.start, e.end, true)));
        }
        let mut pages: Vec<PageId> = group.iter().map(|&ei| all[ei].page).collect();
        pages.sort_unstable();
        pages.dedup();
        let (first_year, last_year) = self.years;
        let this_year = e
            .occurrences(today.year(), today.year())
            .first()
            .map(|&(s, _)| s)
            .filter(|d| (first_year..=last_year).contains(&d.year()));
        let c = &site.config;
        let uid_parts = [
            "lich",
            "hang-nam",
            &format!("{month:02}-{day:02}+{length}"),
            key,
        ];
        Some((
            near,
            IcsEvent {
                uid: stable_uid(&uid_parts, self.domain),
                summary: common_title(site, group),
                description: Some(count_label(self.ctx, pages.len())),
                url: Some(match this_year {
                    Some(d) => c.absolute(&day_url(d)),
                    None => c.absolute(&site.pages[e.page].url),
                }),
                location: None,
                start: e.start,
                end_inclusive: e.end,
                time: None,
                yearly: true,
            },
        ))
    }

    /// Everything not yearly that starts in the window, grouped as on the calendar pages:
    /// event pages always in, deadlines with their distance from the build day, a deadline
    /// of several plans as one VEVENT linking to its day page.
    fn window_events(&self, keep: &impl Fn(PageId) -> bool, picked: &mut Picked) {
        let site = self.ctx.site;
        let all = &site.calendar.events;
        for (day, groups) in agenda_where(site, self.from, self.to, keep) {
            for g in groups.into_iter().filter(|g| !g.yearly) {
                let e = &all[g.events[0]];
                if g.event_page {
                    picked.events.push(self.single(e, g.start, g.end, false));
                } else if g.events.len() == 1 {
                    let single = self.single(e, g.start, g.end, false);
                    picked.deadlines.push((self.distance(day), single));
                } else {
                    let shared = self.shared_deadline(&g);
                    picked.deadlines.push((self.distance(day), shared));
                }
            }
        }
    }

    /// The one VEVENT of a deadline that several plans share ("37 kế hoạch"), linking to its
    /// day page.
    fn shared_deadline(&self, g: &Group) -> IcsEvent {
        let c = &self.ctx.site.config;
        IcsEvent {
            uid: stable_uid(
                &[
                    "lich",
                    &g.start.to_string(),
                    &g.end.to_string(),
                    &title_key(&g.title),
                ],
                self.domain,
            ),
            summary: g.title.clone(),
            description: Some(count_label(self.ctx, g.pages)),
            url: Some(c.absolute(&day_url(g.start))),
            location: None,
            start: g.start,
            end_inclusive: g.end,
            time: None,
            yearly: false,
        }
    }
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
