//! What an edit of text alone shows elsewhere: the fast way of `serve` for the commonest
//! edit (`Site::patch_text`). Such an edit changes the page's own text and the sentences
//! quoted from it, and nothing else the site model holds (`Site::is_text_edit` makes sure),
//! so the jobs to re-render are the page's own and those quoting its sentences: the pages
//! of the directives it cites, pages mentioning models, the calendar around its deadlines.
//! Edits the graph cannot follow in place build it again, and the views that may show what changed
//! (`may_have_changed`, comparing the two graphs) are compared with the last ones
//! (`render::fingerprints`); `tests/it/serve.rs` checks every way against a full render
//! byte for byte.
//!
//! A retitle (`Site::retitle`) shows in more places: wherever the page is listed or linked
//! with its title (`affected_by_retitle`), and it may move the page among pages of its date,
//! which reorders the lists holding it (`reorder_after_retitle`). An edit of what a page
//! cites (`Site::recite`) shows wherever a directive it made again shows, compared with the
//! directive as it was (`affected_by_recite`, with the `Delta`s the long way uses).

use super::calendar::{DayJob, CELL_LIMIT, DAY_PAGE_SIZE};
use super::jobs::{Entry, ListJob};
use super::views::page_slice;
use super::Job;
use crate::content::Meta;
use crate::graph::patch::{Patched, Retitled};
use crate::graph::recite::Recited;
use crate::graph::{CitedBy, Directive, DirectiveId, Event, EventId, PageId, Site};
use crate::routes;
use jiff::civil::Date;
use rayon::prelude::*;
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
            j if super::is_calendar_job(j) => {
                touched.shows_on_calendar(j, touched.all_calendar, today, None)
            }
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

/// The jobs to run after `Site::recite` changed what page `r.page` cites: those showing a
/// directive that changed (its pages, the pages citing it when its description changed, the
/// plan it is, the lists holding it), the pages whose citations lead elsewhere, and, when
/// the page's number or issuer changed, wherever the page is listed. `jobs` are the site's jobs now;
/// `old` those of the directives and agencies (`render::citator_jobs`) as they were, with
/// the old ids (`r.remap` moves them). Errs on the side of too many; `tests/it/serve.rs`
/// compares the result with a full render byte for byte.
pub fn affected_by_recite(site: &Site, jobs: &[Job], old: &[Job], r: &Recited) -> Vec<Job> {
    let nc = &site.citator;
    let per = site.config.paginate;
    let was: HashMap<&str, &Directive> =
        r.before.iter().map(|(_, d)| (d.url.as_str(), d)).collect();
    let deltas: HashMap<DirectiveId, Delta> = r
        .after
        .iter()
        .map(|&d| {
            let now = &nc.directives[d];
            let delta = match was.get(now.url.as_str()) {
                Some(o) => Delta::of(o, now),
                None => Delta::NEW,
            };
            (d, delta)
        })
        .filter(|(_, delta)| delta.any())
        .collect();
    let mut touched = Touched::default();
    touched.pages.extend(&r.pages);
    for (&d, delta) in &deltas {
        let now = &nc.directives[d];
        let then = was.get(now.url.as_str());
        // A plan shows the pages citing the directive it is.
        touched.pages.extend(now.plan);
        touched.pages.extend(then.and_then(|o| o.plan));
        if delta.described {
            touched.pages.extend(&now.citing);
        }
    }
    // A directive's count shows in the entries of the plan it is.
    let listed = |p: &PageId| {
        (r.shown && *p == r.page)
            || nc.own_directives[*p]
                .iter()
                .any(|d| deltas.get(d).is_some_and(Delta::listed))
    };
    let entry_changed = |e: &Entry| match e {
        Entry::Page(p) => listed(p),
        Entry::Directive(d) => deltas.get(d).is_some_and(Delta::listed),
    };
    let old_lists: HashMap<&str, HashMap<usize, &ListJob>> =
        old.iter().fold(HashMap::new(), |mut m, j| {
            if let Job::List(l, n) = j {
                m.entry(l.path.as_str()).or_default().insert(*n, &**l);
            }
            m
        });
    let old_url_of = |e: &Entry| match *e {
        Entry::Page(p) => site.pages[p].url.as_str(),
        Entry::Directive(o) => r.old_url(site, o),
    };
    let made_again = |l: &ListJob, n: usize| {
        let Some(o) = old_lists.get(l.path.as_str()).and_then(|m| m.get(&n)) else {
            return true;
        };
        let (now, then) = (page_slice(&l.items, n, per), page_slice(&o.items, n, per));
        !(l.same_frame(o)
            && now.len() == then.len()
            && now
                .iter()
                .zip(then)
                .all(|(a, b)| a.url(site) == old_url_of(b)))
    };
    let cited: HashSet<DirectiveId> = nc.targets(r.page).collect();
    let old_terms: Option<&Vec<(String, String, usize)>> = old.iter().find_map(|j| match j {
        Job::Terms { terms, .. } => Some(terms),
        _ => None,
    });
    // The calendar pages showing the page's events, as they were and are, or one whose
    // sentence changed; the days whose neighbours with entries changed; all of them when
    // the calendar's years did.
    let events = &site.calendar.events;
    let moved = r.events.is_some();
    // Those the edit changed: an event of a long span shows on every month it spans.
    for e in changed_events(site, r) {
        touched.event(e);
    }
    for &e in &r.quoted {
        touched.event(&events[e]);
    }
    let old_days = moved.then(|| neighbours(old));
    let all = touched.all_calendar || (moved && !super::same_calendar_years(site, old));
    let today = (site.today.year(), site.today.month());
    let mut out: Vec<Job> = jobs
        .iter()
        .filter(|job| match job {
            Job::Home | Job::Directives => true,
            Job::Page(p) => touched.pages.contains(p),
            j if super::is_calendar_job(j) => {
                touched.shows_on_calendar(j, all, today, old_days.as_ref())
            }
            Job::Directive(d, n) => {
                deltas.get(d).is_some_and(|delta| {
                    let slice = page_slice(&nc.directives[*d].citing, *n, per);
                    delta.shows_in(slice, (*n - 1) * per)
                })
                    // Its first page counts the pages citing it by issuer.
                    || (r.shown && *n == 1 && cited.contains(d))
            }
            Job::List(l, n) => {
                (super::is_directive_job(job) || super::is_agency_job(job)) && made_again(l, *n)
                    || page_slice(&l.items, *n, per).iter().any(entry_changed)
            }
            Job::Terms { terms, .. } => super::is_agency_job(job) && old_terms != Some(terms),
            _ => false,
        })
        .cloned()
        .collect();
    if r.shown {
        // The page's entries show its number and issuer where they show its title.
        let shown = Retitled {
            page: r.page,
            patched: Patched::default(),
            moved: Vec::new(),
            own: nc.own_directives[r.page].clone(),
            tags: Vec::new(),
            dated: false,
        };
        let mut seen: HashSet<String> = out.iter().map(|j| super::job_path(site, j)).collect();
        for j in affected_by_retitle(site, jobs, &shown) {
            if seen.insert(super::job_path(site, &j)) {
                out.push(j);
            }
        }
    }
    out
}

/// The events of the page `Site::recite` changed that it had and has not, or has and had not.
pub fn changed_events<'s>(site: &'s Site, r: &'s Recited) -> Vec<&'s Event> {
    let Some(was) = &r.events else {
        return Vec::new();
    };
    let events = &site.calendar.events;
    let now: Vec<&Event> = site.calendar.events_of[r.page]
        .iter()
        .map(|&e| &events[e])
        .collect();
    let gone = was.iter().filter(|e| !now.contains(e));
    let came = now.iter().copied().filter(|e| !was.contains(e));
    gone.chain(came).collect()
}

/// The days an event of `events` is listed on (the first of each occurrence) in the years
/// of the calendar.
pub fn listed_days(site: &Site, events: &[&Event]) -> BTreeSet<Date> {
    let (first, last) = super::calendar::year_range(site);
    events
        .iter()
        .flat_map(|e| e.occurrences(first, last))
        .map(|(start, _)| start)
        .collect()
}

/// The paths of the jobs `old` (the directives' and agencies', as `affected_by_recite` has
/// them) that `now` (the same parts made again) no longer has.
pub fn gone_after_recite(site: &Site, old: &[Job], now: &[Job], r: &Recited) -> Vec<String> {
    let old_path = |j: &Job| match j {
        Job::Directive(o, n) => routes::paged(r.old_url(site, *o), *n),
        _ => super::job_path(site, j),
    };
    let kept: HashSet<String> = now.iter().map(|j| super::job_path(site, j)).collect();
    old.iter()
        .map(old_path)
        .filter(|p| !kept.contains(p))
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

/// Each day page's date, and the days with entries before and after it it links to.
type Neighbours = HashMap<Date, (Option<Date>, Option<Date>)>;

/// The `Neighbours` of the day pages of `jobs`.
fn neighbours(jobs: &[Job]) -> Neighbours {
    jobs.iter()
        .filter_map(|j| match j {
            Job::CalendarDay(day, _) => Some((day.date, (day.prev, day.next))),
            _ => None,
        })
        .collect()
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

    /// Whether calendar job `job` may show what was touched: every one does when `all`; a
    /// day page also does when its neighbours with entries are not those `was` gives it
    /// (`neighbours` of the jobs before an edit that may add or remove days).
    fn shows_on_calendar(
        &self,
        job: &Job,
        all: bool,
        today: (i16, i8),
        was: Option<&Neighbours>,
    ) -> bool {
        match job {
            Job::CalendarMonth(y, m) => all || self.months.contains(&(*y, *m)),
            Job::CalendarYear(y) => all || self.years.contains(y),
            Job::CalendarCurrent => all || self.months.contains(&today),
            Job::CalendarDay(day, _) => {
                all || self.days.contains(&day.date)
                    || was.is_some_and(|w| w.get(&day.date) != Some(&(day.prev, day.next)))
            }
            _ => false,
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

/// For each job of `jobs` (the jobs of `new`), whether its view may differ from the one it
/// had in `old`: `new` is the graph `serve` built again after the pages read from `dirty`
/// (their sources) changed in a way `Site::patch_text` and `Site::retitle` cannot follow (a
/// new citation, number, issuer, basis or deadline). Only those views are compared
/// (`render::fingerprints`): comparing all of them took a second at 10,000 plans. `None`
/// when the edit changed what this does not follow (pages added, removed or moved, the date
/// order, the names text is matched against, the agencies, the photos, a model): then every
/// view is compared. Errs on the side of too many; `tests/it/serve.rs` compares the result
/// with a full render byte for byte.
///
/// What each view reads, and so what makes it a candidate:
/// - a page: its own graph data (citations, the directives it is, its events, who mentions
///   it, a model's commendations), the directives it cites or is, and the titles of the
///   edited pages it lists;
/// - a directive: itself, and the edited pages citing it or being it;
/// - a list: its entries (compared with the old list's by address) and what they show;
/// - the calendar: the days, months and years of the edited pages' events, old and new;
/// - the home page, indexes, terms and aliases: always (they are few).
pub fn may_have_changed(
    old: &Site,
    new: &Site,
    dirty: &BTreeSet<std::path::PathBuf>,
    old_jobs: &[Job],
    jobs: &[Job],
) -> Option<Vec<bool>> {
    let (op, np) = (&old.pages, &new.pages);
    let same_pages = op.len() == np.len()
        && op
            .iter()
            .zip(np.iter())
            .all(|(a, b)| a.url == b.url && a.source == b.source);
    let same_names = old.links.named.len() == new.links.named.len()
        && old
            .links
            .named
            .iter()
            .zip(new.links.named.iter())
            .all(|(a, b)| a.name == b.name && a.page == b.page);
    if !same_pages
        || op.date_rank != np.date_rank
        || !same_names
        || old.photos.files != new.photos.files
        || !old.agencies.same_as_shown(&new.agencies)
    {
        return None;
    }
    // The edited pages: whatever shows their own data (title, date, summary...) may change.
    let edited: Vec<PageId> = np
        .iter_enumerated()
        .filter(|(_, p)| dirty.contains(&p.source))
        .map(|(i, _)| i)
        .collect();
    // A commendation shows its model's title, found by slug.
    if edited
        .iter()
        .any(|&i| np[i].kind == crate::content::Kind::Model)
    {
        return None;
    }
    let (oc, nc) = (&old.citator, &new.citator);
    let old_url = |d: DirectiveId| oc.directives[d].url.as_str();
    let new_url = |d: DirectiveId| nc.directives[d].url.as_str();
    // Directives are matched by address: a new one moves the ids of those after it.
    let old_of: HashMap<&str, DirectiveId> = oc
        .directives
        .iter_enumerated()
        .map(|(d, x)| (x.url.as_str(), d))
        .collect();
    let deltas: Vec<Delta> = nc
        .directives
        .iter()
        .map(|d| match old_of.get(d.url.as_str()) {
            Some(&o) => Delta::of(&oc.directives[o], d),
            None => Delta::NEW,
        })
        .collect();
    let delta = |d: DirectiveId| &deltas[d.index()];
    // Pages whose own graph data changed.
    fn events_of(s: &Site, i: PageId) -> impl Iterator<Item = &Event> {
        s.calendar.events_of[i]
            .iter()
            .map(|&e| &s.calendar.events[e])
    }
    let page_changed: Vec<bool> = np
        .ids()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|i| {
            let (a, b) = (&oc.citations[i], &nc.citations[i]);
            let same_citations = a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    old_url(x.target) == new_url(y.target)
                        && x.source == y.source
                        && x.run == y.run
                        && x.link == y.link
                        && x.sentence == y.sentence
                });
            let (a, b) = (&oc.own_directives[i], &nc.own_directives[i]);
            let same_own =
                a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| old_url(x) == new_url(y));
            !(same_citations
                && same_own
                && old.links.mentioned_by[i] == new.links.mentioned_by[i]
                && old.links.commendations_of[i] == new.links.commendations_of[i]
                && events_of(old, i).eq(events_of(new, i)))
        })
        .collect();
    // Directives showing an edited page (those it cites list it; those it is show its
    // title), and pages showing one: a model it names, the model it commends.
    let mut showing: HashSet<DirectiveId> = HashSet::new();
    let mut own: HashSet<DirectiveId> = HashSet::new();
    let mut shown_on: HashSet<PageId> = HashSet::new();
    let mut touched = Touched::default();
    for &i in &edited {
        showing.extend(nc.targets(i));
        own.extend(nc.own_directives[i].iter().copied());
        for name in &np.findings[i].names {
            shown_on.insert(new.links.target(name.target));
        }
    }
    for (m, of) in new.links.commendations_of.iter_enumerated() {
        if of.iter().any(|c| edited.contains(c)) {
            shown_on.insert(m);
        }
    }
    // The calendar pages showing an event of an edited page, or one that changed, as it
    // was and as it is.
    for i in np.ids() {
        if page_changed[i.index()] || edited.contains(&i) {
            for e in events_of(old, i).chain(events_of(new, i)) {
                touched.event(e);
            }
        }
    }
    let entry_changed = |e: &Entry| match *e {
        Entry::Page(p) => {
            edited.contains(&p)
                || nc.own_directives[p].iter().any(|&d| delta(d).listed())
                || page_changed[p.index()]
        }
        Entry::Directive(d) => delta(d).listed(),
    };
    // The lists as they were, by the address of each of their pages.
    let per = new.config.paginate;
    let old_lists: HashMap<String, (&ListJob, usize)> = old_jobs
        .iter()
        .filter_map(|j| match j {
            Job::List(l, n) => Some((super::job_path(old, j), (&**l, *n))),
            _ => None,
        })
        .collect();
    let list_changed = |l: &ListJob, n: usize, path: &str| {
        let Some(&(o, m)) = old_lists.get(path) else {
            return true;
        };
        let (now, was) = (page_slice(&l.items, n, per), page_slice(&o.items, m, per));
        !(n == m
            && l.same_frame(o)
            && now.len() == was.len()
            && now.iter().zip(was).all(|(a, b)| a.url(new) == b.url(old)))
            || now.iter().any(entry_changed)
    };
    // A day's page links to the days before and after it with entries; months link to
    // the months around them within the calendar's years.
    let old_days = neighbours(old_jobs);
    let today = (new.today.year(), new.today.month());
    let all = touched.all_calendar
        || super::calendar::year_range(old) != super::calendar::year_range(new);
    Some(
        jobs.par_iter()
            .map(|job| match job {
                Job::Page(i) => {
                    page_changed[i.index()]
                        || edited.contains(i)
                        || shown_on.contains(i)
                        || nc.targets(*i).any(|d| delta(d).described)
                        || nc.own_directives[*i]
                            .iter()
                            .any(|&d| delta(d).any() || showing.contains(&d) || own.contains(&d))
                }
                Job::Directive(d, n) => {
                    let slice = page_slice(&nc.directives[*d].citing, *n, per);
                    // Each page of a directive shows the plan it is, with its title.
                    own.contains(d)
                        || delta(*d).shows_in(slice, (*n - 1) * per)
                        || (showing.contains(d)
                            && (*n == 1 || slice.iter().any(|p| edited.contains(p))))
                }
                Job::List(l, n) => list_changed(l, *n, &super::job_path(new, job)),
                // Listed one by one: this match names every job, so a new kind must be
                // decided here.
                j @ (Job::CalendarMonth(..)
                | Job::CalendarYear(_)
                | Job::CalendarCurrent
                | Job::CalendarDay(..)) => {
                    touched.shows_on_calendar(j, all, today, Some(&old_days))
                }
                Job::Home
                | Job::Directives
                | Job::Terms { .. }
                | Job::Alias { .. }
                | Job::NotFound
                | Job::Search => true,
            })
            .collect(),
    )
}

/// How a directive changed between two graphs (`may_have_changed`), by what shows it.
struct Delta {
    /// What describes it wherever it is cited or listed: its title, date, issuer, subject,
    /// address, page or plan (everything but who cites it).
    described: bool,
    /// How many pages cite it: its entries in lists and its own pages show the count.
    counted: bool,
    /// The first place in its `citing` order that differs (`usize::MAX` when none does): its
    /// pages from the one holding it on show other pages.
    from: usize,
    /// The pages whose entries in its "cited by" list changed (their sentences or links).
    runs: Vec<PageId>,
}

impl Delta {
    /// A directive no page cited before.
    const NEW: Delta = Delta {
        described: true,
        counted: true,
        from: 0,
        runs: Vec::new(),
    };

    fn of(old: &Directive, new: &Directive) -> Delta {
        // Every field named, so that one added to `Directive` must be placed here. The two
        // were matched by `url`; `conflicts` are read by `check` only.
        let Directive {
            key,
            slug,
            url: _,
            symbol,
            doc_type,
            type_label,
            date,
            issuer,
            subject,
            name,
            official_url,
            page,
            level,
            cited_by,
            citing_pages,
            citing,
            plan,
            conflicts: _,
        } = old;
        let described = *key != new.key
            || *slug != new.slug
            || *symbol != new.symbol
            || *doc_type != new.doc_type
            || *type_label != new.type_label
            || *date != new.date
            || *issuer != new.issuer
            || *subject != new.subject
            || *name != new.name
            || *official_url != new.official_url
            || *page != new.page
            || *level != new.level
            || *plan != new.plan;
        let counted = *citing_pages != new.citing_pages || citing.len() != new.citing.len();
        let from = citing
            .iter()
            .zip(&new.citing)
            .position(|(a, b)| a != b)
            .or_else(|| {
                (citing.len() != new.citing.len()).then(|| citing.len().min(new.citing.len()))
            })
            .unwrap_or(usize::MAX);
        Delta {
            described,
            counted,
            from,
            runs: changed_runs(cited_by, &new.cited_by),
        }
    }

    /// Whether anything of it changed.
    fn any(&self) -> bool {
        self.described || self.counted || self.from != usize::MAX || !self.runs.is_empty()
    }

    /// Whether its entries in lists changed.
    fn listed(&self) -> bool {
        self.described || self.counted
    }

    /// Whether the page of its "cited by" list holding `slice`, which starts at place
    /// `start` of its `citing` order, changed.
    fn shows_in(&self, slice: &[PageId], start: usize) -> bool {
        self.listed()
            || self.from < start + slice.len()
            || slice.iter().any(|p| self.runs.contains(p))
    }
}

/// The pages whose entries differ between two "cited by" lists (in page order, each page's
/// entries together).
fn changed_runs(old: &[CitedBy], new: &[CitedBy]) -> Vec<PageId> {
    if old == new {
        return Vec::new();
    }
    let run = |all: &'_ [CitedBy], p: PageId| -> std::ops::Range<usize> {
        let from = all.partition_point(|c| c.page < p);
        from..from + all[from..].partition_point(|c| c.page == p)
    };
    let mut pages: Vec<PageId> = old.iter().chain(new).map(|c| c.page).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
        .into_iter()
        .filter(|&p| old[run(old, p)] != new[run(new, p)])
        .collect()
}
