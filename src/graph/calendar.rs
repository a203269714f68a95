//! The calendar: every event and deadline of the site (one event model), the occurrences of
//! an event in a range of years, anniversary counts and month grids with lunar days. `build`
//! is the calendar pass of `graph::build`. Pure: no I/O and no clock ("today" is an
//! argument).

use jiff::civil::{Date, Time};
use jiff::ToSpan;

use super::ids::{DeadlineNo, EventId, IdVec, PageId};
use super::pages::Pages;
use crate::analysis::deadlines::Span;
use crate::analysis::lunar::{lunar_to_solar, solar_to_lunar};
use crate::content::Meta;
use crate::diag::Diagnostic;

/// How an event repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recurrence {
    Once,
    /// The same solar day every year (29/2 falls on 28/2 in common years).
    Yearly,
    /// The same lunar day every year; `Event::start`'s month and day are read as lunar.
    YearlyLunar,
}

impl Recurrence {
    /// From front matter's `yearly` and `lunar`.
    pub fn of(yearly: bool, lunar: bool) -> Self {
        match (yearly, lunar) {
            (false, _) => Recurrence::Once,
            (true, false) => Recurrence::Yearly,
            (true, true) => Recurrence::YearlyLunar,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventOrigin {
    /// An event page.
    Event,
    /// `deadlines` in front matter.
    FrontMatter,
    /// Found in the text of a plan.
    Text,
}

/// Where on its page an event is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAnchor {
    /// The page itself (an event page).
    Page,
    /// The plan's list of deadlines (`DEADLINES_ANCHOR`).
    Deadlines,
    /// The `n`th deadline highlighted in the plan's text.
    Deadline(DeadlineNo),
}

/// The id of a plan's list of deadlines (written by the theme's `plan.html`).
pub const DEADLINES_ANCHOR: &str = "thoi-han";

/// An event page, a deadline in a plan's front matter, or one found in its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub title: std::sync::Arc<str>,
    pub start: Date,
    /// The last day, inclusive (`start` for a one-day event).
    pub end: Date,
    /// The span a deadline was written as (a day, a month, a quarter).
    pub span: Option<Span>,
    pub time: Option<Time>,
    pub recurrence: Recurrence,
    /// The first year, for anniversary counts. For repeating events it is also the first year
    /// with an occurrence; without it, `start`'s year is.
    pub since: Option<i16>,
    pub location: Option<String>,
    pub page: PageId,
    pub anchor: EventAnchor,
    pub sentence: Option<crate::analysis::page::Sentence>,
    pub origin: EventOrigin,
}

impl Event {
    pub fn yearly(&self) -> bool {
        self.recurrence != Recurrence::Once
    }

    pub fn lunar(&self) -> bool {
        self.recurrence == Recurrence::YearlyLunar
    }

    /// The anchor of the event on its page, `None` for the page itself.
    pub fn anchor(&self) -> Option<String> {
        match self.anchor {
            EventAnchor::Page => None,
            EventAnchor::Deadlines => Some(DEADLINES_ANCHOR.to_string()),
            EventAnchor::Deadline(n) => Some(crate::routes::deadline_anchor(n.number())),
        }
    }

    /// Each occurrence (start, end inclusive) in the years given; see `occurrences`.
    pub fn occurrences(&self, from_year: i16, to_year: i16) -> Vec<(Date, Date)> {
        occurrences(
            self.start,
            self.end,
            self.recurrence,
            self.since,
            from_year,
            to_year,
        )
    }
}

/// The events of the site.
pub struct Calendar {
    /// By start, then page, then title.
    pub events: IdVec<EventId, Event>,
    /// Each page's events.
    pub events_of: IdVec<PageId, Vec<EventId>>,
    /// Each event's title as grouping compares it (`title_key`), as an index of `keys`:
    /// computed once here, not each time a page groups deadlines (the home page does on
    /// every edit under `serve`).
    pub title_keys: IdVec<EventId, u32>,
    /// The distinct title keys.
    pub keys: Vec<String>,
    /// The yearly events, in `events`' order: any range of dates may hold an occurrence of
    /// each, and these are a few of the site's events.
    pub yearly: Vec<EventId>,
}

impl Calendar {
    /// Event `ei`'s title key (`title_key`).
    pub fn key(&self, ei: EventId) -> &str {
        &self.keys[self.title_keys[ei] as usize]
    }
}

/// A deadline's text as grouping compares it: folded (case, diacritics, `đ` = `d`), runs of
/// spaces made one, and without the punctuation that ends a sentence.
pub fn title_key(title: &str) -> String {
    let folded = crate::text::fold(title);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches(['.', ',', ';', ':', '!', '…'])
        .trim_end()
        .to_string()
}

/// The title key of each event, numbered (`Calendar::title_keys`). Plans repeat their
/// deadlines' wording, so each distinct title is folded once.
fn number_title_keys(events: &IdVec<EventId, Event>) -> (IdVec<EventId, u32>, Vec<String>) {
    // Tens of thousands of titles at 10,000 plans: hashed with FxHash, as the search index's terms.
    let mut by_title: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut by_key: rustc_hash::FxHashMap<String, u32> = Default::default();
    let mut keys = Vec::new();
    let numbers = events
        .iter()
        .map(|e| {
            *by_title.entry(&e.title).or_insert_with(|| {
                let key = title_key(&e.title);
                *by_key.entry(key).or_insert_with_key(|k| {
                    keys.push(k.clone());
                    (keys.len() - 1) as u32
                })
            })
        })
        .collect();
    (numbers, keys)
}

/// The years a date on the calendar may fall in. A date outside them is a typing mistake
/// (`0001-08-19`, `9999-12-31`): each is reported (`far_dates`) and left off the calendar,
/// which would otherwise make pages for every year in between.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// The first year a yearly commemoration may count from (19/5/1890 is one): a yearly event
/// makes no page per year, so only a one-off event needs `YEARS`.
pub const FIRST_YEARLY: i16 = 1000;

/// Whether an event's days (and first year) lie where the calendar takes them.
fn within_years(e: &Event) -> bool {
    let years = if e.yearly() {
        FIRST_YEARLY..=*YEARS.end()
    } else {
        YEARS
    };
    years.contains(&e.start.year())
        && years.contains(&e.end.year())
        && e.since.is_none_or(|y| years.contains(&y))
}

/// An error for each event the calendar leaves out because its year is outside `YEARS`,
/// at the line of the key (or, for a deadline found in the text, the line the year is on).
pub fn far_dates(pages: &Pages) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, p) in pages.iter_enumerated() {
        if pages.findings[i].deadlines_dropped {
            out.push(
                Diagnostic::warning(
                    &p.source,
                    format!(
                        "trang có hơn {} thời hạn trong nội dung: chỉ {} thời hạn đầu được đưa lên lịch",
                        crate::analysis::page::MAX_DEADLINES,
                        crate::analysis::page::MAX_DEADLINES
                    ),
                )
                .at_line(p.body_line)
                .help("kiểm tra lại nội dung trang (có thể một đoạn bị dán lặp lại nhiều lần); ghi các thời hạn chính vào `deadlines` ở phần đầu"),
            );
        }
        let events: Vec<Event> = match &p.meta {
            Meta::Event(_) => event_page(p, i).into_iter().collect(),
            Meta::Plan(plan) => plan_deadlines(pages, i, plan),
            _ => continue,
        };
        for e in events.iter().filter(|e| !within_years(e)) {
            let first = if e.yearly() {
                FIRST_YEARLY
            } else {
                *YEARS.start()
            };
            let years = first..=*YEARS.end();
            let year = [e.start.year(), e.end.year()]
                .into_iter()
                .chain(e.since)
                .find(|y| !years.contains(y))
                .unwrap_or(e.start.year());
            let line = match e.origin {
                EventOrigin::Event => {
                    let key = if !years.contains(&e.start.year()) {
                        "date"
                    } else if !years.contains(&e.end.year()) {
                        "end_date"
                    } else {
                        "since"
                    };
                    crate::content::line_of(&p.key_lines, key)
                }
                EventOrigin::FrontMatter => crate::content::line_of(&p.key_lines, "deadlines"),
                EventOrigin::Text => {
                    let written = format!("{year}");
                    let body = p.read_body().unwrap_or_default();
                    body.find(&written).map_or(p.body_line, |at| {
                        p.body_line + body[..at].matches('\n').count()
                    })
                }
            };
            out.push(
                Diagnostic::error(
                    &p.source,
                    format!(
                        "ngày {} có năm {year}, nằm ngoài khoảng {}–{} mà lịch nhận: có lẽ gõ nhầm năm",
                        super::fmt_date(e.start),
                        years.start(),
                        years.end()
                    ),
                )
                .at_line(line)
                .help("sửa lại năm (ví dụ `2025-08-19` hoặc `19/8/2025`); ngày này không được đưa lên lịch"),
            );
        }
    }
    out
}

/// An event page's own event, when it has a date.
fn event_page(p: &crate::content::Page, i: PageId) -> Option<Event> {
    let Meta::Event(e) = &p.meta else {
        return None;
    };
    let start = p.date?;
    Some(Event {
        title: p.title.as_str().into(),
        start,
        end: e.end_date.unwrap_or(start),
        span: None,
        time: e.time,
        recurrence: Recurrence::of(e.yearly, e.lunar),
        since: e.since,
        location: e.location.clone(),
        page: i,
        anchor: EventAnchor::Page,
        sentence: None,
        origin: EventOrigin::Event,
    })
}

/// The calendar pass: event pages, front-matter deadlines and deadlines found in plans'
/// text, as events.
pub fn build(pages: &Pages) -> Calendar {
    // Room for every event at once: 700,000 of them at 100,000 plans, and a list grown by
    // doubling held up to twice that while it grew.
    let most = pages
        .iter_enumerated()
        .map(|(i, p)| match &p.meta {
            Meta::Event(_) => 1,
            Meta::Plan(plan) => plan.deadlines.len() + pages.findings[i].deadlines.len(),
            _ => 0,
        })
        .sum();
    let mut events = Vec::with_capacity(most);
    for (i, p) in pages.iter_enumerated() {
        match &p.meta {
            Meta::Event(_) => events.extend(event_page(p, i)),
            Meta::Plan(plan) => events.extend(plan_deadlines(pages, i, plan)),
            _ => {}
        }
    }
    events.retain(within_years);
    // 700,000 events at 100,000 plans: no room kept for more.
    events.shrink_to_fit();
    sort_events(&mut events);
    let events: IdVec<EventId, Event> = IdVec::from_vec(events);
    let mut events_of = IdVec::filled(Vec::new(), pages.len());
    list_by_page(&events, &mut events_of);
    let (title_keys, keys) = number_title_keys(&events);
    let yearly = yearly_of(&events);
    Calendar {
        events,
        events_of,
        title_keys,
        keys,
        yearly,
    }
}

/// Where an event goes among the calendar's: by start, then page, then title.
fn order(e: &Event) -> (Date, PageId, &str) {
    (e.start, e.page, &e.title)
}

/// Events in the calendar's order (`order`; a page's alike keep theirs).
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| order(a).cmp(&order(b)));
}

/// The events plan `i` gives the calendar as it is now (`build` gives the same), or `None`
/// when one of them falls outside the calendar's years or the text has more deadlines than
/// are kept: `far_dates` warns of those, on a rebuild.
pub fn plan_events(pages: &Pages, i: PageId) -> Option<Vec<Event>> {
    let Meta::Plan(plan) = &pages[i].meta else {
        return Some(Vec::new());
    };
    let events = plan_deadlines(pages, i, plan);
    (events.iter().all(within_years) && !pages.findings[i].deadlines_dropped).then_some(events)
}

impl Calendar {
    /// Puts `events` in the place of page `page`'s, in the order `build` gives them, and
    /// gives the new id of every old event (`None` for the page's own). A title key new to
    /// the calendar is numbered after the others (`build` numbers them in the events'
    /// order): only which events share a key is read, never its number.
    pub fn replace_events_of(
        &mut self,
        page: PageId,
        mut events: Vec<Event>,
    ) -> Vec<Option<EventId>> {
        sort_events(&mut events);
        // The new events' title keys, looked for among the calendar's (tens of thousands:
        // searched for the few new ones rather than hashed again).
        let mut new_keys = Vec::with_capacity(events.len());
        for e in &events {
            let key = title_key(&e.title);
            let n = match self.keys.iter().position(|k| *k == key) {
                Some(n) => n,
                None => {
                    self.keys.push(key);
                    self.keys.len() - 1
                }
            };
            new_keys.push(u32::try_from(n).unwrap_or(u32::MAX));
        }
        let old = std::mem::take(&mut self.events).into_vec();
        let old_keys = std::mem::take(&mut self.title_keys).into_vec();
        let mut remap = Vec::with_capacity(old.len());
        let mut merged = Vec::with_capacity(old.len() + events.len());
        let mut title_keys = Vec::with_capacity(merged.capacity());
        let mut fresh = events.into_iter().zip(new_keys).peekable();
        for (e, key) in old.into_iter().zip(old_keys) {
            if e.page == page {
                remap.push(None);
                continue;
            }
            while let Some((f, k)) = fresh.next_if(|(f, _)| order(f) < order(&e)) {
                merged.push(f);
                title_keys.push(k);
            }
            remap.push(Some(EventId::new(merged.len())));
            merged.push(e);
            title_keys.push(key);
        }
        for (f, k) in fresh {
            merged.push(f);
            title_keys.push(k);
        }
        self.events = IdVec::from_vec(merged);
        self.title_keys = IdVec::from_vec(title_keys);
        list_by_page(&self.events, &mut self.events_of);
        self.yearly = yearly_of(&self.events);
        remap
    }
}

/// Fills `events_of` (one list per page, emptied first) with each page's events, in order.
fn list_by_page(events: &IdVec<EventId, Event>, events_of: &mut IdVec<PageId, Vec<EventId>>) {
    for of in events_of.iter_mut() {
        of.clear();
    }
    for (ei, e) in events.iter_enumerated() {
        events_of[e.page].push(ei);
    }
}

/// The yearly events among `events`, in their order.
fn yearly_of(events: &IdVec<EventId, Event>) -> Vec<EventId> {
    events
        .iter_enumerated()
        .filter(|(_, e)| e.yearly())
        .map(|(ei, _)| ei)
        .collect()
}

/// A plan's deadlines: those of its front matter, then those found in its text (a deadline
/// also given in front matter is not listed twice).
fn plan_deadlines(pages: &Pages, i: PageId, plan: &crate::content::Plan) -> Vec<Event> {
    let deadline = |title: std::sync::Arc<str>, span: Span, yearly: bool| Event {
        title,
        start: span.first_day(),
        end: span.last_day(),
        span: Some(span),
        time: None,
        recurrence: Recurrence::of(yearly, false),
        since: None,
        location: None,
        page: i,
        anchor: EventAnchor::Deadlines,
        sentence: None,
        origin: EventOrigin::FrontMatter,
    };
    let mut out: Vec<Event> = plan
        .deadlines
        .iter()
        .map(|d| deadline(d.title.as_str().into(), Span::Day(d.date), d.yearly))
        .collect();
    for (n, fd) in pages.findings[i].deadlines.iter().enumerate() {
        let span = fd.deadline.span;
        if plan.deadlines.iter().any(|d| Span::Day(d.date) == span) {
            continue;
        }
        out.push(Event {
            anchor: EventAnchor::Deadline(DeadlineNo::new(n)),
            sentence: Some(fd.sentence),
            origin: EventOrigin::Text,
            ..deadline(fd.deadline.title.clone(), span, fd.deadline.yearly)
        });
    }
    out
}

/// The (start, last day) of each occurrence of an event from `start` to `end` (inclusive),
/// repeating as `recurrence` says from `since` on, that starts in `from_year..=to_year`.
/// A one-off event is returned when any of its days falls in those years.
///
/// Lunar events whose lunar day does not exist in a year (day 30 of a 29-day month) fall on the
/// last day of that lunar month, as Vietnamese calendars do for "ngày 30 Tết". A lunar date
/// cannot name a leap month here: the regular month is used.
pub fn occurrences(
    start: Date,
    end: Date,
    recurrence: Recurrence,
    since: Option<i16>,
    from_year: i16,
    to_year: i16,
) -> Vec<(Date, Date)> {
    let end = end.max(start);
    match recurrence {
        Recurrence::Once => {
            if end.year() >= from_year && start.year() <= to_year {
                vec![(start, end)]
            } else {
                Vec::new()
            }
        }
        Recurrence::Yearly => {
            let first = since.unwrap_or(start.year()).max(from_year);
            (first..=to_year)
                .filter_map(|year| {
                    let first_day = same_day_in_year(start, year)?;
                    let shift = end.year() - start.year();
                    let last_day = same_day_in_year(end, year.checked_add(shift)?)?.max(first_day);
                    Some((first_day, last_day))
                })
                .collect()
        }
        Recurrence::YearlyLunar => {
            let length = start.until(end).map_or(0, |s| s.get_days());
            let first = since.unwrap_or(start.year());
            // A lunar year starts in January or February, so its late months fall in the next
            // solar year: look one lunar year back.
            let lunar_from = (from_year - 1).max(first);
            (lunar_from..=to_year)
                .filter_map(|lunar_year| {
                    let first_day = lunar_in_year(lunar_year, start.month(), start.day())?;
                    let last_day = first_day.checked_add(length.days()).ok()?;
                    (from_year..=to_year)
                        .contains(&first_day.year())
                        .then_some((first_day, last_day))
                })
                .collect()
        }
    }
}

/// The same month and day in `year`; 29/2 becomes 28/2 in a common year.
fn same_day_in_year(date: Date, year: i16) -> Option<Date> {
    let first = Date::new(year, date.month(), 1).ok()?;
    Date::new(year, date.month(), date.day().min(first.days_in_month())).ok()
}

/// The solar date of a lunar day; day 30 of a 29-day month moves back to day 29.
fn lunar_in_year(lunar_year: i16, month: i8, day: i8) -> Option<Date> {
    lunar_to_solar(lunar_year, month, day, false)
        .or_else(|| (day == 30).then(|| lunar_to_solar(lunar_year, month, 29, false))?)
}

/// How many years `year` is after `since`: 2005, 2025 → 20. `None` when `year <= since`.
pub fn anniversary(since: i16, year: i16) -> Option<u32> {
    (year > since).then(|| u32::from(year.abs_diff(since)))
}

/// "20 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2025)"; just the title when there is
/// no anniversary to count yet.
pub fn anniversary_label(title: &str, since_date: Date, year: i16) -> String {
    let Some(count) = anniversary(since_date.year(), year) else {
        return title.to_string();
    };
    let Some(this_year) = same_day_in_year(since_date, year) else {
        return format!("{count} năm {title}");
    };
    format!(
        "{count} năm {title} ({} – {})",
        vi_date(since_date),
        vi_date(this_year)
    )
}

/// "20 năm Ngày hội … (19/8/2005 – 19/8/2025)" for a yearly event with `since`. For an event
/// on a lunar date the dates in brackets are lunar and say so ("(15/1/2018 – 15/1/2027 âm
/// lịch)"), so they are not read as the solar day shown beside them.
pub fn anniversary_text(
    title: &str,
    start: Date,
    since: Option<i16>,
    year: i16,
    lunar: bool,
) -> Option<String> {
    let since = since?;
    anniversary(since, year)?;
    let first = Date::new(since, start.month(), start.day()).unwrap_or(start);
    let label = anniversary_label(title, first, year);
    match label.strip_suffix(')') {
        Some(head) if lunar => Some(format!("{head} âm lịch)")),
        _ => Some(label),
    }
}

fn vi_date(d: Date) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

/// One day of a month grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCell {
    pub date: Date,
    /// Whether the day is in the month shown (the others fill the first and last weeks).
    pub in_month: bool,
    pub is_today: bool,
    /// The lunar day as wall calendars print it: "1/8" (day/month) on the first day of a
    /// lunar month ("1/6 nhuận" in a leap month), the day number otherwise.
    pub lunar_label: String,
}

/// The weeks of a month, Monday first, with the days of the neighbouring months that complete
/// the first and last weeks. A month that does not exist gives no weeks.
pub fn month_grid(year: i16, month: i8, today: Date) -> Vec<[DayCell; 7]> {
    let Ok(first) = Date::new(year, month, 1) else {
        return Vec::new();
    };
    let last = first.last_of_month();
    let lead = i64::from(first.weekday().to_monday_zero_offset());
    let Ok(grid_start) = first.checked_sub(lead.days()) else {
        return Vec::new();
    };
    let mut weeks = Vec::with_capacity(6);
    let mut week_start = grid_start;
    while week_start <= last {
        let week: [DayCell; 7] = std::array::from_fn(|i| {
            // Saturates only at the end of jiff's range (9999-12-31).
            let date = week_start.saturating_add((i as i64).days());
            DayCell {
                date,
                in_month: date.year() == year && date.month() == month,
                is_today: date == today,
                lunar_label: lunar_label(date),
            }
        });
        weeks.push(week);
        match week_start.checked_add(7.days()) {
            Ok(next) => week_start = next,
            Err(_) => break,
        }
    }
    weeks
}

fn lunar_label(date: Date) -> String {
    let l = solar_to_lunar(date);
    match (l.day, l.leap) {
        (1, false) => format!("1/{}", l.month),
        (1, true) => format!("1/{} nhuận", l.month),
        (d, _) => d.to_string(),
    }
}

/// Weekday names, Monday first, as Vietnamese calendars head their columns.
pub fn vi_weekday_names() -> [&'static str; 7] {
    [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ nhật",
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// When an event happens, as `occurrences` is given it.
    #[derive(Clone, Copy)]
    struct Spec {
        start: Date,
        end: Option<Date>,
        recurrence: Recurrence,
        since: Option<i16>,
    }

    fn occ(s: &Spec, from_year: i16, to_year: i16) -> Vec<(Date, Date)> {
        let end = s.end.unwrap_or(s.start);
        occurrences(s.start, end, s.recurrence, s.since, from_year, to_year)
    }

    fn yearly(start: Date, since: Option<i16>) -> Spec {
        Spec {
            start,
            end: None,
            recurrence: Recurrence::Yearly,
            since,
        }
    }

    #[test]
    fn anniversaries_of_19_8() {
        assert_eq!(anniversary(2005, 2024), Some(19));
        assert_eq!(anniversary(2005, 2025), Some(20));
        assert_eq!(anniversary(1945, 2024), Some(79));
        assert_eq!(anniversary(1930, 2024), Some(94));
        assert_eq!(anniversary(2025, 2025), None);
        assert_eq!(anniversary(2025, 2024), None);
        assert_eq!(
            anniversary_label("Ngày hội toàn dân bảo vệ ANTQ", date(2005, 8, 19), 2025),
            "20 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2025)"
        );
        assert_eq!(
            anniversary_label("Ngày hội toàn dân bảo vệ ANTQ", date(2005, 8, 19), 2005),
            "Ngày hội toàn dân bảo vệ ANTQ"
        );
    }

    #[test]
    fn yearly_occurrences_start_at_since() {
        let spec = yearly(date(2025, 8, 19), Some(2005));
        assert_eq!(
            occ(&spec, 2024, 2025),
            vec![
                (date(2024, 8, 19), date(2024, 8, 19)),
                (date(2025, 8, 19), date(2025, 8, 19))
            ]
        );
        assert_eq!(occ(&spec, 2003, 2005).len(), 1);
        // Without `since`, the first occurrence is the date itself.
        assert_eq!(occ(&yearly(date(2024, 11, 5), None), 2020, 2025).len(), 2);
    }

    #[test]
    fn yearly_on_29_february() {
        let spec = yearly(date(2024, 2, 29), None);
        assert_eq!(
            occ(&spec, 2024, 2028)
                .into_iter()
                .map(|(s, _)| s)
                .collect::<Vec<_>>(),
            vec![
                date(2024, 2, 29),
                date(2025, 2, 28),
                date(2026, 2, 28),
                date(2027, 2, 28),
                date(2028, 2, 29)
            ]
        );
        assert_eq!(
            anniversary_label("Sinh nhật", date(2024, 2, 29), 2025),
            "1 năm Sinh nhật (29/2/2024 – 28/2/2025)"
        );
    }

    #[test]
    fn once_and_multi_day() {
        let spec = Spec {
            start: date(2025, 12, 30),
            end: Some(date(2026, 1, 2)),
            recurrence: Recurrence::Once,
            since: None,
        };
        assert_eq!(
            occ(&spec, 2026, 2026),
            vec![(date(2025, 12, 30), date(2026, 1, 2))]
        );
        assert!(occ(&spec, 2027, 2030).is_empty());
        let yearly_span = Spec {
            recurrence: Recurrence::Yearly,
            ..spec
        };
        assert_eq!(
            occ(&yearly_span, 2027, 2027),
            vec![(date(2027, 12, 30), date(2028, 1, 2))]
        );
    }

    #[test]
    fn lunar_tet() {
        let tet = Spec {
            start: date(2000, 1, 1), // 1 tháng Giêng, read as lunar
            end: Some(date(2000, 1, 3)),
            recurrence: Recurrence::YearlyLunar,
            since: None,
        };
        assert_eq!(
            occ(&tet, 2025, 2026),
            vec![
                (date(2025, 1, 29), date(2025, 1, 31)),
                (date(2026, 2, 17), date(2026, 2, 19))
            ]
        );
        // Rằm tháng Chạp (15/12) of lunar 2025 falls in solar 2026.
        let ram_chap = Spec {
            start: date(2000, 12, 15),
            end: None,
            recurrence: Recurrence::YearlyLunar,
            since: None,
        };
        assert_eq!(
            occ(&ram_chap, 2026, 2026),
            vec![(date(2026, 2, 2), date(2026, 2, 2))]
        );
        // Ngày 30 tháng Chạp of Ất Tỵ does not exist: the month's last day (29) stands in.
        let tat_nien = Spec {
            start: date(2000, 12, 30),
            ..ram_chap
        };
        assert_eq!(
            occ(&tat_nien, 2026, 2026),
            vec![(date(2026, 2, 16), date(2026, 2, 16))]
        );
    }

    #[test]
    fn month_grid_feb_2026() {
        let today = date(2026, 2, 17);
        let grid = month_grid(2026, 2, today);
        assert_eq!(grid[0][0].date, date(2026, 1, 26));
        assert!(!grid[0][0].in_month);
        assert_eq!(grid.last().map(|w| w[6].date), Some(date(2026, 3, 1)));
        assert_eq!(grid.len(), 5);
        let cells: Vec<&DayCell> = grid.iter().flatten().collect();
        let todays: Vec<_> = cells.iter().filter(|c| c.is_today).collect();
        assert_eq!(todays.len(), 1);
        assert_eq!(todays[0].date, today);
        // Tết Bính Ngọ: the first day of the first lunar month.
        assert_eq!(todays[0].lunar_label, "1/1");
        let eve = cells.iter().find(|c| c.date == date(2026, 2, 16));
        assert_eq!(eve.map(|c| c.lunar_label.as_str()), Some("29"));
        assert_eq!(cells.iter().filter(|c| c.in_month).count(), 28);
        assert_eq!(vi_weekday_names()[0], "Thứ Hai");
        assert_eq!(vi_weekday_names()[6], "Chủ nhật");
        assert!(month_grid(2026, 13, today).is_empty());
    }

    #[test]
    fn the_calendar_pass_makes_events_of_event_pages_and_deadlines() {
        let input = crate::graph::testing::load(&[
            (
                "su-kien/ngay-hoi.md",
                "---\ntitle: Ngày hội\ndate: 2005-08-19\nend_date: 2005-08-20\nrecurring: yearly\nsince: 2005\n---\n",
            ),
            (
                "ke-hoach/a.md",
                "---\ntitle: A\ndate: 2025-01-02\ndeadlines:\n  - date: 2025-03-01\n    title: Sơ kết\n---\nCác đơn vị báo cáo kết quả trước ngày 15/12/2025.\n",
            ),
        ]);
        let pages = crate::graph::pages::build(input.pages, input.findings, input.sections);
        let cal = build(&pages);
        let shown: Vec<(String, Date, EventOrigin, Option<String>)> = cal
            .events
            .iter()
            .map(|e| (e.title.to_string(), e.start, e.origin, e.anchor()))
            .collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert_eq!(shown[0].1, date(2005, 8, 19));
        assert_eq!(shown[0].3, None);
        assert_eq!(
            (shown[1].1, shown[1].2, shown[1].3.as_deref()),
            (date(2025, 3, 1), EventOrigin::FrontMatter, Some("thoi-han"))
        );
        assert_eq!(
            (shown[2].1, shown[2].2, shown[2].3.as_deref()),
            (date(2025, 12, 15), EventOrigin::Text, Some("han-1"))
        );
        let plan = pages
            .ids()
            .find(|&p| pages[p].title == "A")
            .expect("the plan");
        assert_eq!(cal.events_of[plan].len(), 2);
        let fest = &cal.events[cal.events_of[pages
            .ids()
            .find(|&p| pages[p].title == "Ngày hội")
            .expect("the event")][0]];
        assert!(fest.yearly() && !fest.lunar());
        assert_eq!(
            fest.occurrences(2025, 2025),
            vec![(date(2025, 8, 19), date(2025, 8, 20))],
            "both days, every year"
        );
    }
}
