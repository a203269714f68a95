//! Calendar pages: month grids, year agendas and the upcoming block, from the graph's events.

use super::views::Ctx;
use crate::graph::calendar::{
    anniversary, anniversary_label, month_grid, occurrences, vi_weekday_names, EventSpec,
    Recurrence,
};
use crate::graph::{fmt_date, CalEvent, EventOrigin, Site};
use crate::render::i18n;
use jiff::civil::Date;
use serde::Serialize;

/// Each occurrence (start, end inclusive) of an event in the years given.
pub fn occurrences_of(e: &CalEvent, from_year: i16, to_year: i16) -> Vec<(Date, Date)> {
    let spec = EventSpec {
        start: e.start,
        end: (e.end != e.start).then_some(e.end),
        recurrence: match (e.yearly, e.lunar) {
            (false, _) => Recurrence::Once,
            (true, false) => Recurrence::Yearly,
            (true, true) => Recurrence::YearlyLunar,
        },
        since: e.since,
    };
    occurrences(&spec, from_year, to_year)
}

/// "20 năm Ngày hội … (19/8/2005 – 19/8/2025)" for a yearly event with `since`.
pub fn anniversary_text(title: &str, start: Date, since: Option<i16>, year: i16) -> Option<String> {
    let since = since?;
    anniversary(since, year)?;
    let first = Date::new(since, start.month(), start.day()).unwrap_or(start);
    Some(anniversary_label(title, first, year))
}

/// First and last year that calendar pages are made for: every event's year, and this year.
pub fn year_range(site: &Site) -> (i16, i16) {
    let this = site.today.year();
    let mut first = this;
    let mut last = this;
    for e in &site.events {
        if !e.yearly {
            first = first.min(e.start.year());
            last = last.max(e.end.year());
        }
    }
    (first, last)
}

#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    pub title: String,
    pub date: String,
    pub date_iso: String,
    pub end: Option<String>,
    pub span_label: Option<String>,
    pub time: Option<String>,
    pub url: String,
    pub source_title: String,
    pub sentence: Option<String>,
    pub kind: &'static str,
    pub location: Option<String>,
}

/// Every occurrence of every event between two dates (inclusive), sorted by date.
pub fn between(ctx: &Ctx, from: Date, to: Date) -> Vec<(Date, Occurrence)> {
    let site = ctx.site;
    let mut out = Vec::new();
    for e in &site.events {
        for (start, end) in occurrences_of(e, from.year(), to.year()) {
            if end < from || start > to {
                continue;
            }
            let p = &site.pages[e.page];
            let url = match &e.anchor {
                Some(a) => format!("{}#{a}", ctx.u(&p.url)),
                None => ctx.u(&p.url),
            };
            let title = match (e.origin, e.yearly) {
                (EventOrigin::Event, true) => {
                    anniversary_text(&e.title, e.start, e.since, start.year())
                        .unwrap_or_else(|| e.title.clone())
                }
                _ => e.title.clone(),
            };
            let span_label = match e.span {
                Some(
                    s @ (crate::analysis::deadlines::Span::Month { .. }
                    | crate::analysis::deadlines::Span::Quarter { .. }),
                ) => Some(s.label_vi()),
                _ => None,
            };
            out.push((
                start,
                Occurrence {
                    title,
                    date: fmt_date(start),
                    date_iso: start.to_string(),
                    end: (end != start).then(|| fmt_date(end)),
                    span_label,
                    time: e.time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
                    url,
                    source_title: p.title.clone(),
                    sentence: e.sentence.clone(),
                    kind: match e.origin {
                        EventOrigin::Event => "event",
                        _ => "deadline",
                    },
                    location: e.location.clone(),
                },
            ));
        }
    }
    out.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
    out
}

/// The next `n` occurrences from today on.
pub fn upcoming(ctx: &Ctx, n: usize) -> Vec<Occurrence> {
    let today = ctx.site.today;
    let until = today
        .checked_add(jiff::Span::new().days(366))
        .unwrap_or(today);
    between(ctx, today, until)
        .into_iter()
        .map(|(_, o)| o)
        .take(n)
        .collect()
}

#[derive(Serialize)]
struct Cell {
    day: i8,
    date_iso: String,
    lunar: String,
    in_month: bool,
    today: bool,
    events: Vec<Occurrence>,
}

#[derive(Serialize)]
struct MonthNav {
    title: String,
    year: i16,
    month: i8,
    prev: Option<String>,
    next: Option<String>,
    year_url: String,
    today_url: String,
    weekdays: Vec<&'static str>,
    /// Short forms for narrow screens: T2 … CN.
    weekdays_short: Vec<&'static str>,
}

pub fn month_context(ctx: &Ctx, c: &mut tera::Context, year: i16, month: i8) {
    let site = ctx.site;
    let (first_year, last_year) = year_range(site);
    let weeks = month_grid(year, month, site.today);
    let (Some(from), Some(to)) = (
        weeks.first().map(|w| w[0].date),
        weeks.last().map(|w| w[6].date),
    ) else {
        return;
    };
    let occ = between(ctx, from, to);
    let cells: Vec<Vec<Cell>> = weeks
        .iter()
        .map(|w| {
            w.iter()
                .map(|d| Cell {
                    day: d.date.day(),
                    date_iso: d.date.to_string(),
                    lunar: d.lunar_label.clone(),
                    in_month: d.in_month,
                    today: d.is_today,
                    events: occ
                        .iter()
                        .filter(|(s, _)| *s == d.date)
                        .map(|(_, o)| o.clone())
                        .collect(),
                })
                .collect()
        })
        .collect();
    let listed: Vec<&Occurrence> = occ
        .iter()
        .filter(|(s, _)| s.month() == month && s.year() == year)
        .map(|(_, o)| o)
        .collect();
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
    let nav = MonthNav {
        title: match ctx.lang {
            crate::config::Language::En => format!("{year}-{month:02}"),
            crate::config::Language::Vi => format!("Tháng {month}/{year}"),
        },
        year,
        month,
        prev: (prev.0 >= first_year).then(|| ctx.u(&format!("/lich/{}/{:02}/", prev.0, prev.1))),
        next: (next.0 <= last_year).then(|| ctx.u(&format!("/lich/{}/{:02}/", next.0, next.1))),
        year_url: ctx.u(&format!("/lich/{year}/")),
        today_url: ctx.u("/lich/"),
        weekdays: match ctx.lang {
            crate::config::Language::En => vec!["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            crate::config::Language::Vi => vi_weekday_names().to_vec(),
        },
        weekdays_short: match ctx.lang {
            crate::config::Language::En => vec!["M", "T", "W", "T", "F", "S", "S"],
            crate::config::Language::Vi => vec!["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
        },
    };
    c.insert(
        "title",
        &format!("{} – {}", i18n::get(ctx.lang, "calendar"), nav.title),
    );
    c.insert("cal", &nav);
    c.insert("weeks", &cells);
    c.insert("listed", &listed);
}

pub fn year_context(ctx: &Ctx, c: &mut tera::Context, year: i16) {
    #[derive(Serialize)]
    struct MonthAgenda {
        title: String,
        url: String,
        events: Vec<Occurrence>,
    }
    let (Ok(from), Ok(to)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else {
        return;
    };
    let occ = between(ctx, from, to);
    let months: Vec<MonthAgenda> = (1..=12)
        .map(|m: i8| MonthAgenda {
            title: format!("Tháng {m}"),
            url: ctx.u(&format!("/lich/{year}/{m:02}/")),
            events: occ
                .iter()
                .filter(|(d, _)| d.month() == m)
                .map(|(_, o)| o.clone())
                .collect(),
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
        &(year > first).then(|| ctx.u(&format!("/lich/{}/", year - 1))),
    );
    c.insert(
        "next",
        &(year < last).then(|| ctx.u(&format!("/lich/{}/", year + 1))),
    );
}
