//! Open data under `/api/`: per kind an index plus files that do not grow with the archive.
//!
//! - `/api/van-ban.json`: every directive (without its citing pages), with `cited_by_count`
//!   and `data`, the URL of `/api/van-ban/<slug>.json`: the directive and its `cited_by`,
//!   newest first, in pages (`/api/van-ban/<slug>/2.json` …) when longer than the budget.
//! - `/api/ke-hoach.json`, `/api/su-kien.json`, `/api/mo-hinh.json`, `/api/khen-thuong.json`:
//!   one entry per year (`year`, `count`, `files`), over `/api/<kind>/<year>.json` and its pages
//!   `<year>-2.json` …; `hang-nam.json` holds yearly events, `khong-nam.json` what has no year.
//!
//! Every file with a list is an object: its own fields, then `page`, `pages`, `next` (the URL
//! of the following page, or null) and the list.

use super::{
    commendations_json, directives_json, events_json, json, models_json, plans_json, File,
};
use crate::diag::Diagnostic;
use crate::graph::{Directive, PageId};
use crate::render::views::Ctx;
use crate::routes;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// The most bytes of one data file (2 MB): a longer list is split into pages.
pub const BUDGET: usize = 2_000_000;

/// The output file of page `n` (from 1) of a directive's data.
pub fn directive_path(d: &Directive, n: usize) -> String {
    routes::file(&routes::data_directive(&d.slug, n))
}

pub fn directives(ctx: &Ctx) -> Result<Vec<File>, Diagnostic> {
    let all = directives_json(ctx);
    let mut files = Vec::new();
    let mut index = Vec::with_capacity(all.len());
    for ((head, cited), d) in all.into_iter().zip(&ctx.site.citator.directives) {
        let items = serialize_each(&directive_path(d, 1), &cited)?;
        files.extend(paged(ctx, &head, "cited_by", &items, BUDGET, |n| {
            directive_path(d, n)
        })?);
        index.push(head);
    }
    let index_path = routes::file(&routes::data_index("van-ban"));
    let index = json(&index_path, &index)?;
    files.push((index_path, index));
    Ok(files)
}

/// Which file of a kind an entry goes to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    /// Newest year first.
    Year(std::cmp::Reverse<i16>),
    /// Events that come back every year.
    Yearly,
    /// No year known.
    Undated,
}

impl Group {
    fn of(year: Option<i16>) -> Group {
        year.map_or(Group::Undated, |y| Group::Year(std::cmp::Reverse(y)))
    }

    fn stem(self) -> String {
        match self {
            Group::Year(y) => y.0.to_string(),
            Group::Yearly => "hang-nam".to_string(),
            Group::Undated => "khong-nam".to_string(),
        }
    }
}

/// One entry of a kind's index.
#[derive(Serialize)]
struct YearEntry {
    year: Option<i16>,
    /// Events only: true for `hang-nam.json`, the events of every year.
    #[serde(skip_serializing_if = "Option::is_none")]
    yearly: Option<bool>,
    count: usize,
    files: Vec<String>,
}

/// The fields of a per-year file before its list.
#[derive(Serialize)]
struct YearHead {
    year: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    yearly: Option<bool>,
    count: usize,
}

pub fn plans(ctx: &Ctx) -> Result<Vec<File>, Diagnostic> {
    pages_by_year(ctx, "ke-hoach", plans_json(ctx))
}

/// Events and deadlines by the year they start, in date order; yearly ones in `hang-nam.json`.
pub fn events(ctx: &Ctx) -> Result<Vec<File>, Diagnostic> {
    let site = ctx.site;
    let mut all = events_json(ctx);
    all.sort_by(|(a, x), (b, y)| {
        let (ea, eb) = (&site.calendar.events[*a], &site.calendar.events[*b]);
        (ea.start, site.pages.date_rank[ea.page], &x.title, a).cmp(&(
            eb.start,
            site.pages.date_rank[eb.page],
            &y.title,
            b,
        ))
    });
    by_year(
        ctx,
        "su-kien",
        true,
        all.iter().map(|(n, x)| {
            let e = &site.calendar.events[*n];
            let group = if e.yearly() {
                Group::Yearly
            } else {
                Group::of(Some(e.start.year()))
            };
            (group, x)
        }),
    )
}

pub fn models(ctx: &Ctx) -> Result<Vec<File>, Diagnostic> {
    pages_by_year(ctx, "mo-hinh", models_json(ctx))
}

pub fn commendations(ctx: &Ctx) -> Result<Vec<File>, Diagnostic> {
    pages_by_year(ctx, "khen-thuong", commendations_json(ctx))
}

/// Entries of pages (plans, models, commendations), newest first, by the year of their page.
fn pages_by_year<T: Serialize>(
    ctx: &Ctx,
    dir: &str,
    mut all: Vec<(PageId, T)>,
) -> Result<Vec<File>, Diagnostic> {
    let site = ctx.site;
    all.sort_by_key(|(i, _)| site.pages.date_rank[*i]);
    by_year(
        ctx,
        dir,
        false,
        all.iter()
            .map(|(i, x)| (Group::of(site.pages[*i].year()), x)),
    )
}

/// `/api/<dir>.json`, the index, and `/api/<dir>/<year>.json` (and pages), from entries in
/// the order they are listed.
fn by_year<'a, T: Serialize + 'a>(
    ctx: &Ctx,
    dir: &str,
    events: bool,
    entries: impl Iterator<Item = (Group, &'a T)>,
) -> Result<Vec<File>, Diagnostic> {
    let index_path = routes::file(&routes::data_index(dir));
    let mut groups: BTreeMap<Group, Vec<Vec<u8>>> = BTreeMap::new();
    for (g, x) in entries {
        groups.entry(g).or_default().push(json(&index_path, x)?);
    }
    let mut files = Vec::new();
    let mut index = Vec::with_capacity(groups.len());
    for (g, items) in groups {
        let year = match g {
            Group::Year(y) => Some(y.0),
            _ => None,
        };
        let yearly = events.then_some(g == Group::Yearly);
        let path_of = |n: usize| routes::file(&routes::data_part(dir, &g.stem(), n));
        let head = YearHead {
            year,
            yearly,
            count: items.len(),
        };
        let made = paged(ctx, &head, "items", &items, BUDGET, path_of)?;
        index.push(YearEntry {
            year,
            yearly,
            count: items.len(),
            files: made
                .iter()
                .map(|(p, _)| ctx.site.config.absolute(p))
                .collect(),
        });
        files.extend(made);
    }
    files.push((index_path.clone(), json(&index_path, &index)?));
    Ok(files)
}

fn serialize_each<T: Serialize>(path: &str, items: &[T]) -> Result<Vec<Vec<u8>>, Diagnostic> {
    items.iter().map(|x| json(path, x)).collect()
}

/// The files of one list, each at most about `budget` bytes: `head`'s fields, then `page`,
/// `pages`, `next` (the URL of the following file, or null) and `key`: the items (already
/// JSON). Page `n` (from 1) is at `path_of(n)`. An empty list is one file.
fn paged<H: Serialize>(
    ctx: &Ctx,
    head: &H,
    key: &str,
    items: &[Vec<u8>],
    budget: usize,
    path_of: impl Fn(usize) -> String,
) -> Result<Vec<File>, Diagnostic> {
    let first = path_of(1);
    let mut head = json(&first, head)?;
    // `{"a":1}` → `{"a":1,`: the paging fields and the list follow.
    head.pop();
    if head.len() > 1 {
        head.push(b',');
    }
    // Room for the paging fields, the key and the next URL.
    let room = budget.saturating_sub(head.len() + key.len() + 100 + first.len() * 2);
    let sizes: Vec<usize> = items.iter().map(Vec::len).collect();
    let runs = pack(&sizes, room);
    let pages = runs.len();
    let mut files = Vec::with_capacity(pages);
    for (n, run) in runs.into_iter().enumerate() {
        let next = if n + 1 < pages {
            json(&first, &ctx.site.config.absolute(&path_of(n + 2)))?
        } else {
            b"null".to_vec()
        };
        let mut out = head.clone();
        out.extend_from_slice(format!("\"page\":{},\"pages\":{pages},\"next\":", n + 1).as_bytes());
        out.extend_from_slice(&next);
        out.push(b',');
        out.extend_from_slice(&json(&first, &key)?);
        out.extend_from_slice(b":[");
        for (k, item) in items[run].iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(item);
        }
        out.extend_from_slice(b"]}");
        files.push((path_of(n + 1), out));
    }
    Ok(files)
}

/// Splits items of these sizes into consecutive runs whose JSON array (items and commas)
/// takes at most `budget` bytes; an item larger than the budget is a run of its own. Always
/// at least one run, empty for no items.
pub fn pack(sizes: &[usize], budget: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (i, &s) in sizes.iter().enumerate() {
        let add = if i == start { s } else { s + 1 };
        if i > start && used + add > budget {
            runs.push(start..i);
            start = i;
            used = s;
        } else {
            used += add;
        }
    }
    runs.push(start..sizes.len());
    runs
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn pack_fills_runs_up_to_the_budget() {
        // 3 items of 4 bytes: `[a,b]` holds two (4 + 1 + 4 = 9 ≤ 9), not three.
        assert_eq!(pack(&[4, 4, 4], 9), vec![0..2, 2..3]);
        assert_eq!(pack(&[4, 4, 4], 14), vec![0..3]);
        // Too big alone: a run of its own, never an empty run.
        assert_eq!(pack(&[20, 1, 1], 9), vec![0..1, 1..3]);
        assert_eq!(pack(&[], 9), vec![0..0]);
        let sizes: Vec<usize> = (0..1000).map(|i| 10 + i % 7).collect();
        let runs = pack(&sizes, 500);
        assert_eq!(runs.first().map(|r| r.start), Some(0));
        assert_eq!(runs.last().map(|r| r.end), Some(1000));
        for w in runs.windows(2) {
            assert_eq!(w[0].end, w[1].start, "runs are consecutive");
        }
        for r in &runs {
            let bytes: usize = sizes[r.clone()].iter().sum::<usize>() + r.len() - 1;
            assert!(bytes <= 500, "{r:?} takes {bytes}");
        }
    }
}
