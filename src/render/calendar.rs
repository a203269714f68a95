//! Calendar pages: month grids, day pages, the year overview and the upcoming block, from the
//! graph's events.
//!
//! A deadline written the same way by many plans ("Báo cáo kết quả thực hiện … trước ngày
//! 15/12/2025" in 300 plans) is one entry wherever deadlines are listed: the occurrences of one
//! day are grouped by `GroupKey` into `Group`s. Event pages are always entries of their own.

use super::views::{Ctx, Link};
pub use crate::graph::calendar::title_key;
use crate::graph::calendar::{anniversary_text, month_grid, vi_weekday_names, DayCell};
use crate::graph::{fmt_date, Event, EventId, EventOrigin, PageId, Site};
use crate::render::i18n;
use crate::routes;
use crate::text::vi_cmp;
use jiff::civil::Date;
use routes::{day as day_url, day_page as day_page_url};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Entries a month cell (and each day of the month's list) shows before "+N".
pub const CELL_LIMIT: usize = 3;
/// Plans listed on one page of a day page.
pub const DAY_PAGE_SIZE: usize = 100;
/// Event pages a month of the year overview lists before "+N".
const YEAR_MONTH_LIMIT: usize = 10;

/// First and last year that calendar pages are made for: every event's year, this year and
/// the year the home page's "upcoming" window ends in.
pub fn year_range(site: &Site) -> (i16, i16) {
    let this = site.today.year();
    let mut first = this;
    // Through the end of the home page's "upcoming" window, whose entries link their day
    // pages: in November it reaches into next year.
    let mut last = site
        .today
        .checked_add(jiff::Span::new().days(UPCOMING_DAYS))
        .map_or(this, |d| d.year());
    for e in &site.calendar.events {
        if !e.yearly() {
            first = first.min(e.start.year());
            last = last.max(e.end.year());
        }
    }
    (first, last)
}

/// What makes occurrences one entry of the calendar: the same days, the same repetition and
/// the same text (`title_key`). An event page is never grouped with anything: `event` holds
/// its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupKey {
    pub start: Date,
    pub end: Date,
    pub yearly: bool,
    /// The number of the title key (`Calendar::title_keys`).
    pub title: u32,
    pub event: Option<EventId>,
}

impl GroupKey {
    /// The key of event `ei` occurring from `start` to `end`.
    fn of(site: &Site, ei: EventId, start: Date, end: Date) -> Self {
        let e = &site.calendar.events[ei];
        let page = e.origin == EventOrigin::Event;
        GroupKey {
            start,
            end,
            yearly: e.yearly(),
            title: if page {
                0
            } else {
                site.calendar.title_keys[ei]
            },
            event: page.then_some(ei),
        }
    }
}

/// One entry of the calendar: an event page's occurrence, or every deadline sharing a
/// `GroupKey`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub start: Date,
    pub end: Date,
    pub yearly: bool,
    /// As shown: the spelling most of the deadlines use (an event's anniversary label).
    pub title: String,
    /// Whether it is an event page (then `events` has just it).
    pub event_page: bool,
    /// The newest page first.
    pub events: Vec<EventId>,
    /// How many pages (plans) the deadlines come from.
    pub pages: usize,
}

/// Every occurrence starting between `from` and `to` (inclusive), grouped, by day. In a day,
/// event pages come first, then the groups of most plans, then in Vietnamese title order.
pub fn agenda(site: &Site, from: Date, to: Date) -> BTreeMap<Date, Vec<Group>> {
    agenda_where(site, from, to, |_| true)
}

/// `agenda` of the events of the pages `keep` accepts.
pub fn agenda_where(
    site: &Site,
    from: Date,
    to: Date,
    keep: impl Fn(PageId) -> bool,
) -> BTreeMap<Date, Vec<Group>> {
    agenda_ending(site, from, to, Date::MIN, keep)
}

/// `agenda_where` without the occurrences that end before `ending_from`. Those are whole
/// groups (events of a group share their end), so the groups left are `agenda_where`'s.
fn agenda_ending(
    site: &Site,
    from: Date,
    to: Date,
    ending_from: Date,
    keep: impl Fn(PageId) -> bool,
) -> BTreeMap<Date, Vec<Group>> {
    keyed_days(site, from, to, ending_from, keep)
        .into_iter()
        .map(|(day, keyed)| (day, groups_of_day(site, keyed)))
        .collect()
}

/// The occurrences `agenda_ending` groups, by day and `GroupKey`, not yet made into groups:
/// a caller wanting the first few days makes only theirs (`groups_of_day`).
fn keyed_days(
    site: &Site,
    from: Date,
    to: Date,
    ending_from: Date,
    keep: impl Fn(PageId) -> bool,
) -> BTreeMap<Date, HashMap<GroupKey, Vec<EventId>>> {
    let events = &site.calendar.events;
    let mut days: BTreeMap<Date, HashMap<GroupKey, Vec<EventId>>> = BTreeMap::new();
    let mut add = |key: GroupKey, ei: EventId| {
        days.entry(key.start)
            .or_default()
            .entry(key)
            .or_default()
            .push(ei);
    };
    // One-off events are sorted by start: only those starting in the range are read.
    let first = events.as_slice().partition_point(|e| e.start < from);
    for (ei, e) in events.iter_enumerated().skip(first) {
        if e.start > to {
            break;
        }
        if e.yearly() || e.end.max(e.start) < ending_from || !keep(e.page) {
            continue;
        }
        add(GroupKey::of(site, ei, e.start, e.end.max(e.start)), ei);
    }
    for &ei in &site.calendar.yearly {
        let e = &events[ei];
        if !keep(e.page) {
            continue;
        }
        for (start, end) in e.occurrences(from.year(), to.year()) {
            if start < from || start > to || end < ending_from {
                continue;
            }
            add(GroupKey::of(site, ei, start, end), ei);
        }
    }
    days
}

/// A day's groups, in the order `agenda` gives them.
fn groups_of_day(site: &Site, keyed: HashMap<GroupKey, Vec<EventId>>) -> Vec<Group> {
    let mut groups: Vec<Group> = keyed
        .into_iter()
        .map(|(key, mut events)| {
            events.sort_unstable_by_key(|&ei| {
                (site.pages.date_rank[site.calendar.events[ei].page], ei)
            });
            make_group(site, &key, events)
        })
        .collect();
    groups.sort_by(|a, b| {
        b.event_page
            .cmp(&a.event_page)
            .then(b.pages.cmp(&a.pages))
            .then_with(|| vi_cmp(&a.title, &b.title))
            .then_with(|| a.title.cmp(&b.title))
            .then(a.end.cmp(&b.end))
            .then(a.events.cmp(&b.events))
    });
    groups
}

fn make_group(site: &Site, key: &GroupKey, events: Vec<EventId>) -> Group {
    let first = &site.calendar.events[events[0]];
    let title = if key.event.is_some() {
        match first.yearly() {
            true => anniversary_text(
                &first.title,
                first.start,
                first.since,
                key.start.year(),
                first.recurrence == crate::graph::calendar::Recurrence::YearlyLunar,
            )
            .unwrap_or_else(|| first.title.to_string()),
            false => first.title.to_string(),
        }
    } else {
        common_title(site, &events)
    };
    let mut pages: Vec<PageId> = events
        .iter()
        .map(|&ei| site.calendar.events[ei].page)
        .collect();
    pages.sort_unstable();
    pages.dedup();
    Group {
        start: key.start,
        end: key.end,
        yearly: key.yearly,
        title,
        event_page: key.event.is_some(),
        pages: pages.len(),
        events,
    }
}

/// The spelling most of `events` use; of equally common ones, the one with the fewest capitals
/// and spaces (not "BÁO CÁO…"), then the first in Vietnamese order.
pub fn common_title(site: &Site, events: &[EventId]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &ei in events {
        *counts
            .entry(site.calendar.events[ei].title.as_ref())
            .or_default() += 1;
    }
    let best = counts.values().copied().max().unwrap_or(0);
    counts
        .into_iter()
        .filter(|(_, n)| *n == best)
        .map(|(t, _)| t)
        .min_by(|a, b| {
            let tidy = |t: &str| (t.chars().filter(|c| c.is_uppercase()).count(), t.len());
            tidy(a)
                .cmp(&tidy(b))
                .then_with(|| vi_cmp(a, b))
                .then(a.cmp(b))
        })
        .unwrap_or_default()
        .to_string()
}

/// A calendar entry as templates show it.
#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    /// The event's title (or its anniversary label), or the deadline as most plans write it.
    pub title: String,
    /// The day it starts, `dd/mm/yyyy`.
    pub date: String,
    /// The same, `yyyy-mm-dd`.
    pub date_iso: String,
    /// The day it ends, when not the same day.
    pub end: Option<String>,
    /// "tháng 6/2025", "Quý II/2025" for a deadline of a month or a quarter.
    pub span_label: Option<String>,
    /// The event's time, "08:00".
    pub time: Option<String>,
    /// The plan's sentence (or the event page) for one deadline; the day page for a group.
    pub url: String,
    /// The plan's title for one deadline; "37 kế hoạch" for a group.
    pub source_title: String,
    /// The deadline's sentence, for a deadline of one plan.
    pub sentence: Option<String>,
    /// `event` or `deadline`.
    pub kind: &'static str,
    /// The event's location.
    pub location: Option<String>,
    /// Whether it is an event recurring on a lunar date: `date` is this year's solar day, and
    /// the dates in an anniversary `title` ("(15/1/2018 – 15/1/2027)") are lunar.
    pub lunar: bool,
    /// How many plans share the deadline (1 for an event page).
    pub count: usize,
    /// The day's page.
    pub day_url: String,
}

/// "37 kế hoạch".
pub fn count_label(ctx: &Ctx, n: usize) -> String {
    format!("{n} {}", i18n::get(ctx.lang, "plans_count"))
}

/// The link to one event's source: the page, at the sentence when found in text.
fn event_url(ctx: &Ctx, e: &Event) -> String {
    let p = &ctx.site.pages[e.page];
    match &e.anchor() {
        Some(a) => format!("{}#{a}", ctx.u(&p.url)),
        None => ctx.u(&p.url),
    }
}

fn span_label(e: &Event) -> Option<String> {
    match e.span {
        Some(
            s @ (crate::analysis::deadlines::Span::Month { .. }
            | crate::analysis::deadlines::Span::Quarter { .. }),
        ) => Some(s.label_vi()),
        _ => None,
    }
}

/// The view of a group.
pub fn entry(ctx: &Ctx, g: &Group) -> Occurrence {
    let site = ctx.site;
    let e = &site.calendar.events[g.events[0]];
    let single = g.events.len() == 1;
    Occurrence {
        title: g.title.clone(),
        date: fmt_date(g.start),
        date_iso: g.start.to_string(),
        end: (g.end != g.start).then(|| fmt_date(g.end)),
        span_label: span_label(e),
        time: e.time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
        url: if single {
            event_url(ctx, e)
        } else {
            ctx.u(&day_url(g.start))
        },
        source_title: if single {
            site.pages[e.page].title.clone()
        } else {
            count_label(ctx, g.pages)
        },
        sentence: if single {
            e.sentence.map(|s| s.text())
        } else {
            None
        },
        kind: if g.event_page { "event" } else { "deadline" },
        location: e.location.clone(),
        lunar: g.event_page && e.lunar(),
        count: g.pages,
        day_url: ctx.u(&day_url(g.start)),
    }
}

/// How far ahead the home page's "upcoming" block looks.
const UPCOMING_DAYS: i64 = 366;

/// The next `n` entries from today on (with those begun before and not over yet).
pub fn upcoming(ctx: &Ctx, n: usize) -> Vec<Occurrence> {
    let site = ctx.site;
    let today = site.today;
    let until = today
        .checked_add(jiff::Span::new().days(UPCOMING_DAYS))
        .unwrap_or(today);
    // Month- and quarter-long deadlines begun before today are still to do: look back at
    // what started up to a quarter ago and has not ended.
    let back = today
        .checked_sub(jiff::Span::new().days(92))
        .unwrap_or(today);
    // The first `n` of a year's agenda. Days are whole however far an agenda reaches, so a
    // shorter one holding `n` entries starts as the year's does: a week of a large archive
    // already has them (the year's would group every deadline of the next 12 months).
    let mut reach = 7;
    loop {
        let to = today
            .checked_add(jiff::Span::new().days(reach.min(UPCOMING_DAYS)))
            .unwrap_or(until)
            .min(until);
        // Groups are made day by day, only for the first days.
        let mut first: Vec<Group> = Vec::new();
        for keyed in keyed_days(site, back, to, today, |_| true).into_values() {
            if first.len() >= n {
                break;
            }
            first.extend(groups_of_day(site, keyed));
        }
        first.truncate(n);
        if first.len() >= n || to >= until {
            return first.iter().map(|g| entry(ctx, g)).collect();
        }
        reach *= 4;
    }
}

#[derive(Serialize)]
struct Cell {
    /// The day of the month.
    day: i8,
    /// `yyyy-mm-dd`.
    date_iso: String,
    /// The lunar day; "1/5" on the first of a lunar month ("1/4 nhuận" in a leap month).
    lunar: String,
    /// Whether it belongs to the month shown (not a day of the weeks around it).
    in_month: bool,
    /// Whether it is the build's date.
    today: bool,
    /// Its first `CELL_LIMIT` entries.
    events: Vec<Occurrence>,
    /// Entries not shown in the cell.
    more: usize,
    /// The day page, when the day has entries.
    url: Option<String>,
}

#[derive(Serialize)]
struct MonthNav {
    /// "Tháng 6/2025" (English: "2025-06").
    title: String,
    /// The year.
    year: i16,
    /// The month, 1 to 12.
    month: i8,
    /// The month before's page, unless it is before the calendar's first year.
    prev: Option<String>,
    /// The month after's page, unless it is after the calendar's last year.
    next: Option<String>,
    /// The year's page.
    year_url: String,
    /// `/lich/`, the build's month.
    today_url: String,
    /// The column heads, Monday first.
    weekdays: Vec<Weekday>,
}

/// A column head of the month grid.
#[derive(Serialize)]
struct Weekday {
    /// "Thứ Hai" … "Chủ nhật" (English: "Mon" … "Sun").
    long: &'static str,
    /// For narrow screens: "T2" … "CN" (English: "M" … "S").
    short: &'static str,
}

/// One day of the month's list.
#[derive(Serialize)]
struct ListedDay {
    /// Its first `CELL_LIMIT` entries.
    events: Vec<Occurrence>,
    /// How many more it has.
    more: usize,
    /// Its day page.
    url: String,
}

fn month_title(ctx: &Ctx, year: i16, month: i8) -> String {
    match ctx.lang {
        crate::config::Language::En => format!("{year}-{month:02}"),
        crate::config::Language::Vi => format!("Tháng {month}/{year}"),
    }
}

/// The month page of `month`/`year`: the grid, the list of its days with entries, and its
/// navigation.
pub fn month_context(ctx: &Ctx, c: &mut super::view::View, year: i16, month: i8) {
    let site = ctx.site;
    let (first_year, last_year) = year_range(site);
    let weeks = month_grid(year, month, site.today);
    let Some(days) = month_agenda(site, &weeks, (first_year, last_year)) else {
        return;
    };
    let cells = month_cells(ctx, &weeks, &days);
    let listed = listed_days(ctx, &days, year, month);
    let nav = month_nav(ctx, year, month, (first_year, last_year));
    c.insert(
        "title",
        &format!("{} – {}", i18n::get(ctx.lang, "calendar"), nav.title),
    );
    c.insert("cal", &nav);
    c.insert("weeks", &cells);
    c.insert("listed", &listed);
}

/// The entries of the days the grid `weeks` shows, but only those in `years`, the years
/// calendar pages are made for (other days have no day page). None for an empty grid.
fn month_agenda(
    site: &Site,
    weeks: &[[DayCell; 7]],
    (first_year, last_year): (i16, i16),
) -> Option<BTreeMap<Date, Vec<Group>>> {
    let from = weeks.first()?[0].date;
    let to = weeks.last()?[6].date;
    let first_day = Date::new(first_year, 1, 1).ok()?;
    let last_day = Date::new(last_year, 12, 31).ok()?;
    Some(agenda(site, from.max(first_day), to.min(last_day)))
}

/// The first `CELL_LIMIT` entries of day `d`, and how many more it has.
fn day_entries(ctx: &Ctx, days: &BTreeMap<Date, Vec<Group>>, d: Date) -> (Vec<Occurrence>, usize) {
    let groups = days.get(&d).map_or(&[][..], Vec::as_slice);
    (
        groups
            .iter()
            .take(CELL_LIMIT)
            .map(|g| entry(ctx, g))
            .collect(),
        groups.len().saturating_sub(CELL_LIMIT),
    )
}

/// The grid: a row of seven cells a week, each with its lunar day and first entries.
fn month_cells(
    ctx: &Ctx,
    weeks: &[[DayCell; 7]],
    days: &BTreeMap<Date, Vec<Group>>,
) -> Vec<Vec<Cell>> {
    weeks
        .iter()
        .map(|w| {
            w.iter()
                .map(|d| {
                    let (events, more) = day_entries(ctx, days, d.date);
                    Cell {
                        day: d.date.day(),
                        date_iso: d.date.to_string(),
                        lunar: d.lunar_label.clone(),
                        in_month: d.in_month,
                        today: d.is_today,
                        url: (!events.is_empty()).then(|| ctx.u(&day_url(d.date))),
                        events,
                        more,
                    }
                })
                .collect()
        })
        .collect()
}

/// The month's list (for narrow screens and readers): each day of the month with entries.
fn listed_days(
    ctx: &Ctx,
    days: &BTreeMap<Date, Vec<Group>>,
    year: i16,
    month: i8,
) -> Vec<ListedDay> {
    days.keys()
        .filter(|d| d.month() == month && d.year() == year)
        .map(|&d| {
            let (events, more) = day_entries(ctx, days, d);
            ListedDay {
                events,
                more,
                url: ctx.u(&day_url(d)),
            }
        })
        .collect()
}

/// The month's title and links: the months before and after (within `years`), its year,
/// the build's month, and the column heads.
fn month_nav(ctx: &Ctx, year: i16, month: i8, (first_year, last_year): (i16, i16)) -> MonthNav {
    let prev = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let next = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    MonthNav {
        title: month_title(ctx, year, month),
        year,
        month,
        prev: (prev.0 >= first_year).then(|| ctx.u(&routes::month(prev.0, prev.1))),
        next: (next.0 <= last_year).then(|| ctx.u(&routes::month(next.0, next.1))),
        year_url: ctx.u(&routes::calendar_year(year)),
        today_url: ctx.u(routes::CALENDAR),
        weekdays: weekday_heads(ctx.lang),
    }
}

/// The grid's column heads in `lang`, Monday first.
fn weekday_heads(lang: crate::config::Language) -> Vec<Weekday> {
    match lang {
        crate::config::Language::En => vec!["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        crate::config::Language::Vi => vi_weekday_names().to_vec(),
    }
    .into_iter()
    .zip(match lang {
        crate::config::Language::En => ["M", "T", "W", "T", "F", "S", "S"],
        crate::config::Language::Vi => ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
    })
    .map(|(long, short)| Weekday { long, short })
    .collect()
}

pub fn year_context(ctx: &Ctx, c: &mut super::view::View, year: i16) {
    #[derive(Serialize)]
    struct MonthOverview {
        /// "Tháng 6/2025".
        title: String,
        /// The month's page.
        url: String,
        /// Entries of the month: event pages, and deadlines counted once however many plans
        /// share them…
        entries: usize,
        /// … and its deadlines, one per plan.
        deadlines: usize,
        /// Its first `YEAR_MONTH_LIMIT` event pages (commemorations, events); deadlines are not
        /// listed.
        events: Vec<Occurrence>,
        /// Event pages not listed in `events`.
        more_events: usize,
    }
    let (Ok(from), Ok(to)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else {
        return;
    };
    let days = agenda(ctx.site, from, to);
    let months: Vec<MonthOverview> = (1..=12)
        .map(|m: i8| {
            let groups: Vec<&Group> = days
                .iter()
                .filter(|(d, _)| d.month() == m)
                .flat_map(|(_, g)| g)
                .collect();
            let events: Vec<&Group> = groups.iter().copied().filter(|g| g.event_page).collect();
            MonthOverview {
                title: month_title(ctx, year, m),
                url: ctx.u(&routes::month(year, m)),
                entries: groups.len(),
                deadlines: groups
                    .iter()
                    .filter(|g| !g.event_page)
                    .map(|g| g.events.len())
                    .sum(),
                more_events: events.len().saturating_sub(YEAR_MONTH_LIMIT),
                events: events
                    .into_iter()
                    .take(YEAR_MONTH_LIMIT)
                    .map(|g| entry(ctx, g))
                    .collect(),
            }
        })
        .collect();
    let (first, last) = year_range(ctx.site);
    c.insert(
        "title",
        &format!("{} {year}", i18n::get(ctx.lang, "agenda")),
    );
    c.insert("year", &year);
    c.insert("months", &months);
    c.insert(
        "prev",
        &(year > first).then(|| ctx.u(&routes::calendar_year(year - 1))),
    );
    c.insert(
        "next",
        &(year < last).then(|| ctx.u(&routes::calendar_year(year + 1))),
    );
}

/// A day that has entries: its groups and its neighbours with entries. One job per page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayJob {
    pub date: Date,
    pub groups: Vec<Group>,
    pub prev: Option<Date>,
    pub next: Option<Date>,
}

impl DayJob {
    /// Lines listed (one per deadline or event page).
    pub fn rows(&self) -> usize {
        self.groups.iter().map(|g| g.events.len()).sum()
    }

    pub fn pages(&self) -> usize {
        self.rows().div_ceil(DAY_PAGE_SIZE).max(1)
    }
}

/// The day pages of every day with entries, in the years calendar pages are made for.
pub fn day_jobs(site: &Site) -> Vec<DayJob> {
    let (first, last) = year_range(site);
    let (Ok(from), Ok(to)) = (Date::new(first, 1, 1), Date::new(last, 12, 31)) else {
        return Vec::new();
    };
    with_neighbours(agenda(site, from, to).into_iter().collect())
}

/// `day_jobs` after the events of one page were replaced (`Calendar::replace_events_of`):
/// the days of `old` (as they were) keep their entries, moved to the events' new ids by
/// `remap`, but for the days in `changed` (those an event that changed starts on), made
/// again. Ids keep their order, so the entries of a day kept sort as `agenda` sorts them.
pub fn day_jobs_after<'a>(
    site: &Site,
    old: impl Iterator<Item = &'a DayJob>,
    changed: &BTreeSet<Date>,
    remap: &[Option<EventId>],
) -> Vec<DayJob> {
    let (first, last) = year_range(site);
    let (Ok(from), Ok(to)) = (Date::new(first, 1, 1), Date::new(last, 12, 31)) else {
        return Vec::new();
    };
    let mut days: BTreeMap<Date, Vec<Group>> = BTreeMap::new();
    let mut again: BTreeSet<Date> = changed.clone();
    for day in old.filter(|d| (from..=to).contains(&d.date) && !changed.contains(&d.date)) {
        let moved: Option<Vec<Group>> = day
            .groups
            .iter()
            .map(|g| {
                let events = g
                    .events
                    .iter()
                    .map(|e| remap.get(e.index()).copied().flatten());
                Some(Group {
                    events: events.collect::<Option<Vec<EventId>>>()?,
                    ..g.clone()
                })
            })
            .collect();
        match moved {
            Some(groups) => {
                days.insert(day.date, groups);
            }
            // An entry of an event that went: made again.
            None => {
                again.insert(day.date);
            }
        }
    }
    for d in again.into_iter().filter(|d| (from..=to).contains(d)) {
        if let Some(groups) = agenda(site, d, d).remove(&d) {
            days.insert(d, groups);
        }
    }
    with_neighbours(days.into_iter().collect())
}

/// Day pages, each linking to the days before and after it with entries.
fn with_neighbours(days: Vec<(Date, Vec<Group>)>) -> Vec<DayJob> {
    let dates: Vec<Date> = days.iter().map(|(d, _)| *d).collect();
    days.into_iter()
        .enumerate()
        .map(|(i, (date, groups))| DayJob {
            date,
            groups,
            prev: i.checked_sub(1).map(|p| dates[p]),
            next: dates.get(i + 1).copied(),
        })
        .collect()
}

/// A plan (or the event page) listed under an entry of a day page.
#[derive(Serialize)]
struct Row {
    /// The page's title.
    title: String,
    /// The page.
    url: String,
    /// The sentence in the plan, when the deadline was found in its text.
    sentence_url: Option<String>,
    /// The page's date.
    date: Option<String>,
}

/// An entry of a day page, with its rows on the page shown.
#[derive(Serialize)]
struct DayGroup {
    /// The entry.
    entry: Occurrence,
    /// Shown on an earlier page too.
    continued: bool,
    /// Its rows on this page: one per plan with the deadline, or the event page.
    rows: Vec<Row>,
}

/// Page `n` of the day page of `day`: its title and lunar date, its entries with their rows
/// on that page, and its navigation.
pub fn day_context(ctx: &Ctx, c: &mut super::view::View, day: &DayJob, n: usize) {
    let d = day.date;
    let title = day_title(ctx, d);
    c.insert(
        "title",
        &format!("{} – {}", i18n::get(ctx.lang, "calendar"), title),
    );
    c.insert("day_title", &title);
    c.insert("date_iso", &d.to_string());
    c.insert("lunar", &lunar_date(d));
    c.insert("groups", &day_groups(ctx, day, n));
    c.insert("count", &day.rows());
    c.insert("entries", &day.groups.len());
    day_nav(ctx, c, day, n);
}

/// The entries with rows on page `n` of the day (`DAY_PAGE_SIZE` rows a page; an entry
/// whose rows run over a page boundary is on both, `continued` on the second).
fn day_groups(ctx: &Ctx, day: &DayJob, n: usize) -> Vec<DayGroup> {
    let skip = (n - 1) * DAY_PAGE_SIZE;
    let mut seen = 0;
    let mut groups = Vec::new();
    for g in &day.groups {
        let len = g.events.len();
        let (lo, hi) = (
            skip.saturating_sub(seen).min(len),
            (skip + DAY_PAGE_SIZE).saturating_sub(seen).min(len),
        );
        seen += len;
        if lo >= hi {
            continue;
        }
        groups.push(DayGroup {
            entry: entry(ctx, g),
            continued: lo > 0,
            rows: g.events[lo..hi]
                .iter()
                .map(|&ei| day_row(ctx, ei))
                .collect(),
        });
    }
    groups
}

/// The row of event `ei`: its page, and its sentence there when found in text.
fn day_row(ctx: &Ctx, ei: EventId) -> Row {
    let site = ctx.site;
    let e = &site.calendar.events[ei];
    let p = &site.pages[e.page];
    Row {
        title: p.title.clone(),
        url: ctx.u(&p.url),
        sentence_url: (e.origin == EventOrigin::Text).then(|| event_url(ctx, e)),
        date: p.date.map(fmt_date),
    }
}

/// "Thứ Hai, 15/12/2025" (English: "2025-12-15").
fn day_title(ctx: &Ctx, d: Date) -> String {
    match ctx.lang {
        crate::config::Language::En => d.to_string(),
        crate::config::Language::Vi => format!(
            "{}, {}",
            vi_weekday_names()[d.weekday().to_monday_zero_offset() as usize],
            fmt_date(d)
        ),
    }
}

/// The lunar date of `d`: "26/10", "1/4 nhuận" in a leap month.
fn lunar_date(d: Date) -> String {
    let lunar = crate::analysis::lunar::solar_to_lunar(d);
    format!(
        "{}/{}{}",
        lunar.day,
        lunar.month,
        if lunar.leap { " nhuận" } else { "" }
    )
}

/// The day page's links: its month, the days before and after with entries, and the pager
/// of the day's pages (`n` being the one shown).
fn day_nav(ctx: &Ctx, c: &mut super::view::View, day: &DayJob, n: usize) {
    let d = day.date;
    let link = |p: Date| Link {
        title: fmt_date(p),
        url: ctx.u(&day_url(p)),
    };
    c.insert("month_url", &ctx.u(&routes::month(d.year(), d.month())));
    c.insert("month_title", &month_title(ctx, d.year(), d.month()));
    c.insert("prev_day", &day.prev.map(link));
    c.insert("next_day", &day.next.map(link));
    c.insert(
        "pager",
        &super::views::Pager::new(ctx, n, day.pages(), |k| day_page_url(d, k)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::graph::testing::{load, TODAY};

    /// The home page's "upcoming" block groups only the first days it needs, looking a week
    /// ahead first: it must show what the year's agenda starts with, whatever `n`.
    #[test]
    fn upcoming_entries_are_the_first_of_the_years_agenda() {
        let plan = |n: usize, body: &str| {
            (
                format!("ke-hoach/p{n}.md"),
                format!(
                    "---\ntitle: \"P{n}\"\ndate: 2025-0{}-01\n---\n{body}\n",
                    1 + n % 5
                ),
            )
        };
        let mut files = vec![
            // The same words in two plans: one entry.
            plan(1, "Các đơn vị báo cáo kết quả trước ngày 10/6/2025."),
            plan(2, "Các đơn vị báo cáo kết quả trước ngày 10/6/2025."),
            plan(
                3,
                "Tổng kết trước ngày 3/6/2025. Sơ kết trước ngày 3/6/2025.",
            ),
            // Begun in April and not over: still to do.
            plan(4, "Triển khai thực hiện trong Quý II năm 2025."),
            // Over.
            plan(5, "Nộp hồ sơ trước ngày 20/5/2025."),
            // Beyond the first week: the window widens to reach them.
            plan(
                6,
                "Rà soát trước ngày 30/9/2025. Kiểm tra trước ngày 15/7/2025.",
            ),
            (
                "su-kien/ngay-hoi.md".to_string(),
                "---\ntitle: \"Ngày hội\"\ndate: 2005-06-05\nrecurring: yearly\n---\nx\n"
                    .to_string(),
            ),
        ];
        files.push(plan(7, "Hoàn thành trước ngày 31/12/2025."));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let site = crate::graph::build(load(&files), TODAY, &mut Diagnostics::new());
        let ctx = Ctx {
            site: &site,
            lang: site.config.language,
        };
        let shown = |o: &Occurrence| (o.title.clone(), o.date.clone(), o.end.clone());
        let back = date(2025, 3, 1);
        let year: Vec<_> = agenda_ending(&site, back, date(2026, 6, 2), TODAY, |_| true)
            .values()
            .flatten()
            .map(|g| shown(&entry(&ctx, g)))
            .collect();
        let titles: Vec<&str> = year.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(year.len(), 8, "{titles:?}");
        assert!(titles[0].starts_with("Triển khai"), "{titles:?}");
        assert!(
            !titles.iter().any(|t| t.starts_with("Nộp hồ sơ")),
            "{titles:?}"
        );
        for n in 1..=year.len() + 1 {
            let upcoming: Vec<_> = upcoming(&ctx, n).iter().map(shown).collect();
            assert_eq!(upcoming, year[..n.min(year.len())], "n = {n}");
        }
    }

    fn date(y: i16, m: i8, d: i8) -> Date {
        jiff::civil::date(y, m, d)
    }

    #[test]
    fn title_keys_ignore_case_spacing_diacritics_and_final_stop() {
        let k = title_key("Báo cáo  kết quả thực hiện Kế hoạch.");
        assert_eq!(k, "bao cao ket qua thuc hien ke hoach");
        assert_eq!(title_key("BÁO CÁO KẾT QUẢ\nthực hiện kế hoạch"), k);
        assert_eq!(title_key("Bao cao ket qua thuc hien ke hoach;"), k);
        assert_ne!(title_key("Báo cáo kết quả thực hiện"), k);
        assert_eq!(title_key("Đăng ký"), "dang ky");
    }
}
