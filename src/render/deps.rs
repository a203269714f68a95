//! What an edit of text alone shows elsewhere: the fast way of `serve` for the commonest
//! edit (`Site::patch_text`). Such an edit changes the page's own text and the sentences
//! quoted from it, and nothing else the site model holds (`Site::is_text_edit` makes sure),
//! so the jobs to re-render are the page's own and those quoting its sentences: the pages
//! of the directives it cites, pages mentioning models, the calendar around its deadlines.
//! Every other edit is compared view by view (`render::fingerprints`); `tests/it/serve.rs`
//! checks both against a full render byte for byte.
//!
//! A retitle (`Site::retitle`) shows in more places: wherever the page is listed or linked
//! with its title (`affected_by_retitle`), and it may move the page among pages of its date,
//! which reorders the lists holding it (`reorder_after_retitle`).

use super::calendar::{DayJob, CELL_LIMIT, DAY_PAGE_SIZE};
use super::jobs::{Entry, ListJob};
use super::views::page_slice;
use super::Job;
use crate::content::Meta;
use crate::graph::patch::{Patched, Retitled};
use crate::graph::{DirectiveId, Event, EventId, PageId, Site};
use crate::routes;
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// The jobs to run after `Site::patch_text` replaced the text of `pages` (indices), changing
/// what `patched` says: the pages themselves, and whatever quotes their sentences.
pub fn affected_by_patch(
    site: &Site,
    jobs: &[Job],
    pages: &[PageId],
    patched: &Patched,
) -> Vec<Job> {
    let mut touched = Touched::default();
    touched.pages.extend(pages);
    touched.plans_of(site, &patched.directives);
    touched.pages.extend(&patched.mentioned);
    for &e in &patched.events {
        touched.event(&site.calendar.events[e]);
    }
    let today = (site.today.year(), site.today.month());
    jobs.iter()
        .filter(|job| match job {
            // The home page shows upcoming deadlines with their sentences.
            Job::Home => true,
            Job::Page(i) => touched.pages.contains(i),
            // The share of its "cited by" list that quotes the page.
            Job::Directive(di, n) => {
                let d = &site.citator.directives[*di];
                (*n == 1 && d.page.is_some_and(|p| pages.contains(&p)))
                    || (patched.directives.contains(di)
                        && page_slice(&d.citing, *n, site.config.paginate)
                            .iter()
                            .any(|p| pages.contains(p)))
            }
            Job::CalendarMonth(y, m) => touched.all_calendar || touched.months.contains(&(*y, *m)),
            Job::CalendarYear(y) => touched.all_calendar || touched.years.contains(y),
            Job::CalendarCurrent => touched.all_calendar || touched.months.contains(&today),
            Job::CalendarDay(day, _) => touched.all_calendar || touched.days.contains(&day.date),
            // Lists, agencies, terms and aliases show front matter only, which is unchanged.
            _ => false,
        })
        .cloned()
        .collect()
}

/// The jobs to run after `Site::retitle`: every one showing the page's title or summary,
/// or the place of a page that moved in the date order. Errs on the side of too many.
pub fn affected_by_retitle(site: &Site, jobs: &[Job], r: &Retitled) -> Vec<Job> {
    let i = r.page;
    let targets: Vec<DirectiveId> = site.citator.targets(i).collect();
    let shown: HashSet<PageId> = r.moved.iter().copied().chain([i]).collect();
    let per = site.config.paginate;
    // Whether a list a page shows the first `per` entries of shows the retitled page, or
    // shows pages in a new order (those moving in or out of the first `per` are `shown`).
    let in_first =
        |pages: &mut dyn Iterator<Item = PageId>| pages.take(per).any(|p| shown.contains(&p));
    let mut touched = Touched::default();
    touched.pages.insert(i);
    for &di in &targets {
        // A plan whose number the page cites lists the newest pages citing it.
        let d = &site.citator.directives[di];
        if in_first(&mut d.citing.iter().copied()) {
            touched.pages.extend(d.plan);
        }
    }
    for name in &site.pages.findings[i].names {
        // A model lists the newest pages naming it.
        let t = site.links.target(name.target);
        if in_first(&mut site.links.mentioned_by[t].iter().map(|(p, _)| *p)) {
            touched.pages.insert(t);
        }
    }
    for &di in &r.own {
        // Pages citing the page's number show it as the subject of what they cite.
        let d = &site.citator.directives[di];
        touched.pages.extend(d.cited_by.iter().map(|c| c.page));
    }
    touched.titled(site, i);
    // Calendar pages show a deadline with its page's title on the day's page (one row a
    // deadline) and, when it is a day's only one of its title, in the grid of the months
    // showing that day.
    let moved = !r.moved.is_empty();
    for job in jobs {
        if let Job::CalendarDay(day, 1) = job {
            if touched.days.contains(&day.date) && grid_shows(site, day, &shown, moved) {
                touched.grids(day.date, day.date);
            }
        }
    }
    let rows_shown = |day: &DayJob, n: usize| {
        day.groups
            .iter()
            .flat_map(|g| &g.events)
            .skip((n - 1) * DAY_PAGE_SIZE)
            .take(DAY_PAGE_SIZE)
            .any(|&ei| shown.contains(&site.calendar.events[ei].page))
    };
    let today = (site.today.year(), site.today.month());
    let mut holding = Holding::default();
    jobs.iter()
        .filter(|job| match job {
            Job::Home => true,
            Job::Page(p) => touched.pages.contains(p),
            Job::Directive(di, n) => {
                r.own.contains(di)
                    || (targets.contains(di)
                        // Its first page counts the pages citing it by year.
                        && ((r.dated && *n == 1)
                            || page_slice(&site.citator.directives[*di].citing, *n, per)
                                .iter()
                                .any(|p| shown.contains(p))))
            }
            // The index of directives shows their subjects.
            Job::Directives => !r.own.is_empty(),
            Job::List(l, n) => {
                // Pages that moved are in a new order in the lists holding the page only:
                // the order of any two others is the same.
                let holds = holding.holds(Arc::as_ptr(l), || l.items.contains(&Entry::Page(i)));
                page_slice(&l.items, *n, per).iter().any(|e| match e {
                    Entry::Page(p) => *p == i || (holds && shown.contains(p)),
                    Entry::Directive(d) => r.own.contains(d),
                })
            }
            Job::CalendarMonth(y, m) => touched.months.contains(&(*y, *m)),
            Job::CalendarCurrent => touched.months.contains(&today),
            Job::CalendarDay(day, n) => touched.days.contains(&day.date) && rows_shown(day, *n),
            // Year pages count deadlines without naming them; terms and aliases show no page
            // titles; the search page and 404 none at all.
            _ => false,
        })
        .cloned()
        .collect()
}

/// Whether a list (its jobs share one `ListJob`) holds a page, for the list last asked about.
#[derive(Default)]
struct Holding(Option<(*const ListJob, bool)>);

impl Holding {
    /// Whether `list` holds the page, asking `holds` for a list other than the last only.
    fn holds(&mut self, list: *const ListJob, holds: impl FnOnce() -> bool) -> bool {
        match self.0 {
            Some((l, h)) if l == list => h,
            _ => {
                let h = holds();
                self.0 = Some((list, h));
                h
            }
        }
    }
}

/// The jobs of the tags whose lists changed after `Site::retitle` gave or took `tags`
/// (slugs): each page of their lists, and the index of tags (it counts their pages). `jobs`
/// has the new jobs of the tags (`render::tag_jobs`).
pub fn affected_by_retag(jobs: &[Job], tags: &BTreeSet<String>) -> Vec<Job> {
    if tags.is_empty() {
        return Vec::new();
    }
    let paths: HashSet<String> = tags.iter().map(|t| routes::tag(t)).collect();
    jobs.iter()
        .filter(|job| match job {
            Job::Terms { path, .. } => path == routes::TAGS,
            Job::List(l, _) => paths.contains(&l.path),
            _ => false,
        })
        .cloned()
        .collect()
}

/// Whether the grid cell of `day` (its first `CELL_LIMIT` entries) may show a change of the
/// pages `shown`: a deadline alone in its entry shows its page's title. When pages `moved`,
/// an entry's first deadline may be another (its details show), and entries alike but for
/// their deadlines are ordered by them.
fn grid_shows(site: &Site, day: &DayJob, shown: &HashSet<PageId>, moved: bool) -> bool {
    let page = |ei: EventId| site.calendar.events[ei].page;
    let first = &day.groups[..day.groups.len().min(CELL_LIMIT)];
    first
        .iter()
        .any(|g| (g.events.len() == 1 || moved) && shown.contains(&page(g.events[0])))
        || (moved && has_alike_entries(day))
}

/// Whether two entries of `day` are alike but for their deadlines (`calendar::agenda` then
/// orders them by their deadlines, so a page moving in the date order may swap them).
fn has_alike_entries(day: &DayJob) -> bool {
    day.groups.windows(2).any(|w| {
        (w[0].event_page, w[0].pages, &w[0].title, w[0].end)
            == (w[1].event_page, w[1].pages, &w[1].title, w[1].end)
    })
}

/// Puts `jobs` in the order of the site after `Site::retitle` moved pages in the date order
/// (`r.moved`): the lists holding the page sort it again, and so do the entries of its
/// deadlines' days (newest page first). Nothing to do when none moved.
pub fn reorder_after_retitle(site: &Site, jobs: &mut [Job], r: &Retitled) {
    if r.moved.is_empty() {
        return;
    }
    let i = r.page;
    let rank = &site.pages.date_rank;
    let mut touched = Touched::default();
    touched.titled(site, i);
    // The jobs of one list are together: each list is looked at once.
    let mut list: Option<(Arc<ListJob>, Option<Arc<ListJob>>)> = None;
    let mut days: HashMap<Date, Arc<DayJob>> = HashMap::new();
    for job in jobs.iter_mut() {
        match job {
            Job::List(l, _) => {
                if !list.as_ref().is_some_and(|(old, _)| Arc::ptr_eq(old, l)) {
                    let sorted = l.items.contains(&Entry::Page(i)).then(|| {
                        // Its pages are in the date order, then its directives in theirs.
                        let mut sorted = (**l).clone();
                        let pages = sorted
                            .items
                            .iter()
                            .take_while(|e| matches!(e, Entry::Page(_)))
                            .count();
                        sorted.items[..pages].sort_by_key(|e| match e {
                            Entry::Page(p) => rank[*p],
                            Entry::Directive(_) => u32::MAX,
                        });
                        Arc::new(sorted)
                    });
                    list = Some((l.clone(), sorted));
                }
                if let Some((_, Some(sorted))) = &list {
                    *l = sorted.clone();
                }
            }
            Job::CalendarDay(day, _) if touched.days.contains(&day.date) => {
                let fresh = days
                    .entry(day.date)
                    .or_insert_with(|| Arc::new(reorder_day(site, day)));
                *day = fresh.clone();
            }
            _ => {}
        }
    }
}

/// `day` with the deadlines of each entry newest page first again, as `calendar::agenda`
/// orders them. Entries alike but for their deadlines are ordered by them: a day with such
/// is made again by `agenda`.
fn reorder_day(site: &Site, day: &DayJob) -> DayJob {
    let events = &site.calendar.events;
    let rank = &site.pages.date_rank;
    let groups = if has_alike_entries(day) {
        super::calendar::agenda(site, day.date, day.date)
            .remove(&day.date)
            .unwrap_or_default()
    } else {
        let mut groups = day.groups.clone();
        for g in &mut groups {
            g.events
                .sort_unstable_by_key(|&ei| (rank[events[ei].page], ei));
        }
        groups
    };
    DayJob {
        groups,
        ..day.clone()
    }
}

/// What may show a changed page's data.
#[derive(Default)]
struct Touched {
    pages: HashSet<PageId>,
    months: BTreeSet<(i16, i8)>,
    years: BTreeSet<i16>,
    /// Days whose entries may have changed (an event is listed on its first day).
    days: BTreeSet<Date>,
    all_calendar: bool,
}

impl Touched {
    /// The plans carrying the number of a directive of `directives`: they show the newest
    /// pages citing it.
    fn plans_of(&mut self, site: &Site, directives: &[DirectiveId]) {
        if directives.is_empty() {
            return;
        }
        let symbols: HashSet<&str> = directives
            .iter()
            .map(|&di| site.citator.directives[di].symbol.as_str())
            .collect();
        for (i, p) in site.pages.iter_enumerated() {
            if let Meta::Plan(pl) = &p.meta {
                if pl.number.as_deref().is_some_and(|n| symbols.contains(n)) {
                    self.pages.insert(i);
                }
            }
        }
    }

    /// The calendar pages that show event `e`.
    fn event(&mut self, e: &Event) {
        if e.yearly() {
            self.all_calendar = true;
            return;
        }
        self.occurrence(e.start, e.end);
    }

    /// The days whose page lists a deadline of page `i` with its title: the first day of
    /// each occurrence (a yearly one's, in every year of the calendar).
    fn titled(&mut self, site: &Site, i: PageId) {
        let events = &site.calendar.events_of[i];
        if events.is_empty() {
            return;
        }
        let (first, last) = super::calendar::year_range(site);
        for &e in events {
            for (start, _) in site.calendar.events[e].occurrences(first, last) {
                self.days.insert(start);
            }
        }
    }

    /// The calendar pages that show an occurrence from `start` to `end`.
    fn occurrence(&mut self, start: Date, end: Date) {
        self.days.insert(start);
        self.grids(start, end);
    }

    /// The month grids (and their years) showing a day from `start` to `end`.
    fn grids(&mut self, start: Date, end: Date) {
        // A month's grid shows up to six days of the months around it.
        let week = jiff::Span::new().days(7);
        let from = start.checked_sub(week).unwrap_or(start);
        let to = end.checked_add(week).unwrap_or(end);
        let mut m = Date::new(from.year(), from.month(), 1).unwrap_or(from);
        while m <= to {
            self.months.insert((m.year(), m.month()));
            self.years.insert(m.year());
            match m.checked_add(jiff::Span::new().months(1)) {
                Ok(next) => m = next,
                Err(_) => break,
            }
        }
    }
}
