//! Open data under `/api/`: per kind an index plus files that do not grow with the archive.
//!
//! - `/api/van-ban.json`: every directive (without its citing pages), with `cited_by_count`
//!   and `data`, the URL of `/api/van-ban/<slug>.json`: the directive and its `cited_by`,
//!   newest first, in pages (`/api/van-ban/<slug>/2.json` …) when longer than the budget.
//!   The index itself is paged the same way (`/api/van-ban-2.json` …): a province's archive
//!   cites tens of thousands of numbers (its own plans among them).
//! - `/api/ke-hoach.json`, `/api/su-kien.json`, `/api/mo-hinh.json`, `/api/khen-thuong.json`:
//!   one entry per year (`year`, `count`, `files`), over `/api/<kind>/<year>.json` and its pages
//!   `<year>-2.json` …; `hang-nam.json` holds yearly events, `khong-nam.json` what has no year.
//!
//! Every file with a list is an object: its own fields, then `page`, `pages`, `next` (the URL
//! of the following page, or null) and the list.

use super::{
    cited_in_order, cited_json, commendation_json, directive_json, event_json, json, model_json,
    plan_json,
};
use crate::content::Kind;
use crate::diag::Diagnostic;
use crate::graph::EventId;
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

/// Where a group of files goes: each file as soon as it is made, so that no group is ever
/// whole in memory (the directives' files alone are 40 MB at 10,000 plans). An error stops
/// the group (`Sink::stopped`: the files are no longer wanted).
pub type Emit<'e> = dyn FnMut(String, Vec<u8>) -> Result<(), Diagnostic> + 'e;

/// The fields of each page of the directives' index before its list.
#[derive(Serialize)]
struct IndexHead {
    count: usize,
}

pub fn directives(ctx: &Ctx, emit: &mut Emit) -> Result<(), Diagnostic> {
    let directives = &ctx.site.citator.directives;
    let index_path = routes::file(&routes::data_index("van-ban"));
    // Each entry as JSON (about 400 bytes), not the whole index as one file.
    let mut index: Vec<Vec<u8>> = Vec::with_capacity(directives.len());
    for d in directives {
        let cited = cited_in_order(ctx.site, d);
        let path = directive_path(d, 1);
        let head = directive_json(ctx, d);
        let item = |k: usize| json(&path, &cited_json(ctx, cited[k]));
        paged(
            ctx,
            &head,
            "cited_by",
            cited.len(),
            &item,
            BUDGET,
            |n| directive_path(d, n),
            emit,
        )?;
        index.push(json(&index_path, &head)?);
    }
    paged(
        ctx,
        &IndexHead { count: index.len() },
        "directives",
        index.len(),
        &|k| Ok(index[k].clone()),
        BUDGET,
        |n| routes::file(&routes::data_index_page("van-ban", n)),
        emit,
    )?;
    Ok(())
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

pub fn plans(ctx: &Ctx, emit: &mut Emit) -> Result<(), Diagnostic> {
    pages_by_year(ctx, "ke-hoach", Kind::Plan, |i| plan_json(ctx, i), emit)
}

/// Events and deadlines by the year they start, in date order; yearly ones in `hang-nam.json`.
pub fn events(ctx: &Ctx, emit: &mut Emit) -> Result<(), Diagnostic> {
    let site = ctx.site;
    let events = &site.calendar.events;
    let mut ids: Vec<EventId> = events.ids().collect();
    ids.sort_by(|a, b| {
        let (ea, eb) = (&events[*a], &events[*b]);
        (ea.start, site.pages.date_rank[ea.page], &ea.title, a).cmp(&(
            eb.start,
            site.pages.date_rank[eb.page],
            &eb.title,
            b,
        ))
    });
    let groups = ids.iter().map(|&n| {
        let e = &events[n];
        if e.yearly() {
            Group::Yearly
        } else {
            Group::of(Some(e.start.year()))
        }
    });
    let path = routes::file(&routes::data_index("su-kien"));
    let item = |k: usize| json(&path, &event_json(ctx, ids[k]));
    by_year(ctx, "su-kien", true, groups, &item, emit)
}

pub fn models(ctx: &Ctx, emit: &mut Emit) -> Result<(), Diagnostic> {
    pages_by_year(ctx, "mo-hinh", Kind::Model, |i| model_json(ctx, i), emit)
}

pub fn commendations(ctx: &Ctx, emit: &mut Emit) -> Result<(), Diagnostic> {
    pages_by_year(
        ctx,
        "khen-thuong",
        Kind::Commendation,
        |i| commendation_json(ctx, i),
        emit,
    )
}

/// Entries of pages of one kind (plans, models, commendations), newest first, by the year of
/// their page; `make` gives a page's entry.
fn pages_by_year<T: Serialize>(
    ctx: &Ctx,
    dir: &str,
    kind: Kind,
    make: impl Fn(PageId) -> Option<T>,
    emit: &mut Emit,
) -> Result<(), Diagnostic> {
    let site = ctx.site;
    let mut ids: Vec<PageId> = site.pages_of(kind).map(|(i, _)| i).collect();
    ids.sort_by_key(|i| site.pages.date_rank[*i]);
    let groups = ids.iter().map(|&i| Group::of(site.pages[i].year()));
    let path = routes::file(&routes::data_index(dir));
    let item = |k: usize| json(&path, &make(ids[k]));
    by_year(ctx, dir, false, groups, &item, emit)
}

/// `/api/<dir>.json`, the index, and `/api/<dir>/<year>.json` (and pages), from the group of
/// each entry in the order they are listed; `item(k)` is entry `k` as JSON.
fn by_year(
    ctx: &Ctx,
    dir: &str,
    events: bool,
    groups: impl Iterator<Item = Group>,
    item: &dyn Fn(usize) -> Result<Vec<u8>, Diagnostic>,
    emit: &mut Emit,
) -> Result<(), Diagnostic> {
    let index_path = routes::file(&routes::data_index(dir));
    let mut members: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    for (k, g) in groups.enumerate() {
        members.entry(g).or_default().push(k);
    }
    let mut index = Vec::with_capacity(members.len());
    for (g, keys) in members {
        let year = match g {
            Group::Year(y) => Some(y.0),
            _ => None,
        };
        let yearly = events.then_some(g == Group::Yearly);
        let path_of = |n: usize| routes::file(&routes::data_part(dir, &g.stem(), n));
        let head = YearHead {
            year,
            yearly,
            count: keys.len(),
        };
        let made = paged(
            ctx,
            &head,
            "items",
            keys.len(),
            &|k| item(keys[k]),
            BUDGET,
            path_of,
            emit,
        )?;
        index.push(YearEntry {
            year,
            yearly,
            count: keys.len(),
            files: made.iter().map(|p| ctx.site.config.absolute(p)).collect(),
        });
    }
    emit(index_path.clone(), json(&index_path, &index)?)?;
    Ok(())
}

/// The files of one list, each at most about `budget` bytes: `head`'s fields, then `page`,
/// `pages`, `next` (the URL of the following file, or null) and `key`: the items (already
/// JSON). Page `n` (from 1) is at `path_of(n)`. An empty list is one file.
#[allow(clippy::too_many_arguments)]
fn paged<H: Serialize>(
    ctx: &Ctx,
    head: &H,
    key: &str,
    count: usize,
    item: &dyn Fn(usize) -> Result<Vec<u8>, Diagnostic>,
    budget: usize,
    path_of: impl Fn(usize) -> String,
    emit: &mut Emit,
) -> Result<Vec<String>, Diagnostic> {
    let first = path_of(1);
    let mut head = json(&first, head)?;
    // `{"a":1}` → `{"a":1,`: the paging fields and the list follow.
    head.pop();
    if head.len() > 1 {
        head.push(b',');
    }
    // Room for the paging fields, the key and the next URL.
    let room = budget.saturating_sub(head.len() + key.len() + 100 + first.len() * 2);
    // Each item is made twice, once to measure it and once to write it, so that only one
    // file's items are ever held.
    let sizes = (0..count)
        .map(|k| item(k).map(|bytes| bytes.len()))
        .collect::<Result<Vec<usize>, Diagnostic>>()?;
    let runs = pack(&sizes, room);
    let pages = runs.len();
    let mut made = Vec::with_capacity(pages);
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
        for k in run.clone() {
            if k > run.start {
                out.push(b',');
            }
            out.extend_from_slice(&item(k)?);
        }
        out.extend_from_slice(b"]}");
        let path = path_of(n + 1);
        made.push(path.clone());
        emit(path, out)?;
    }
    Ok(made)
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
