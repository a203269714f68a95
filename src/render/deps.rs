//! What a change of content invalidates: given the graph before and after some pages changed,
//! the jobs whose output may differ. `serve` re-renders only these (plus the feeds, which
//! list everything). The rules follow what each view reads (see `views.rs`): a job is
//! re-rendered when its own structure changed (items, facets, titles), or when it shows data
//! of a page or directive that changed. Kept beside the views so a new field read there is
//! noticed here; `tests/serve.rs` checks the result against a full render byte for byte.

use super::views::page_slice;
use super::{jobs, Entry, Job};
use crate::content::Meta;
use crate::graph::patch::Patched;
use crate::graph::{CitedBy, Directive, DirectiveId, Event, PageId, Site};
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// The jobs of `new` to run after the files `changed` (paths relative to the root, as in
/// `Page::source`) went from `old` to `new`. Outputs of jobs that no longer exist are the
/// caller's to remove (compare `job_path`s).
pub fn affected(old: &Site, new: &Site, changed: &[PathBuf]) -> Vec<Job> {
    affected_jobs(old, &jobs(old), new, jobs(new), changed)
}

/// `affected`, given the jobs of both sites (`jobs` sorts every list: worth computing once).
pub fn affected_jobs(
    old: &Site,
    old_jobs: &[Job],
    new: &Site,
    new_jobs: Vec<Job>,
    changed: &[PathBuf],
) -> Vec<Job> {
    let names =
        |s: &Site| -> Vec<String> { s.links.named.iter().map(|n| n.name.clone()).collect() };
    // Names decide what every page links to: anything may have changed.
    if names(old) != names(new) || old.config.paginate != new.config.paginate {
        return new_jobs;
    }
    let changed: HashSet<&PathBuf> = changed.iter().collect();
    let mut touched = Touched::default();
    for site in [old, new] {
        let plans_by_number = plans_by_number(site);
        for (i, p) in site.pages.iter_enumerated() {
            if changed.contains(&p.source) {
                touched.page(site, &plans_by_number, i);
            }
        }
    }
    // Directives whose data changed (a citation's date, a new citing page, a directive page):
    // the pages citing them show that data.
    let old_dirs: HashMap<&str, DirectiveId> = old
        .citator
        .directives
        .iter_enumerated()
        .map(|(i, d)| (d.url.as_str(), i))
        .collect();
    let new_plans = plans_by_number(new);
    // What a directive shows of itself wherever it is cited or listed; compared in place,
    // without copying: there are thousands of directives and a hundred thousand citations.
    let same_ref = |o: &Directive, d: &Directive| {
        o.type_label == d.type_label
            && o.symbol == d.symbol
            && o.date == d.date
            && o.issuer == d.issuer
            && o.subject == d.subject
            && o.level == d.level
            && o.official_url == d.official_url
            && o.page.map(|p| &old.pages[p].url) == d.page.map(|p| &new.pages[p].url)
            && old.directive_href(o) == new.directive_href(d)
            && o.plan.map(|p| &old.pages[p].title) == d.plan.map(|p| &new.pages[p].title)
    };
    let same_cited_by = |o: &Directive, d: &Directive| {
        o.cited_by.len() == d.cited_by.len()
            && o.cited_by.iter().zip(&d.cited_by).all(|(a, b)| {
                a.sentence == b.sentence
                    && a.citation == b.citation
                    && a.source == b.source
                    && old.pages[a.page].url == new.pages[b.page].url
            })
    };
    // The index of directives shows each one's data, how many pages cite it and its issuer's
    // page.
    let agencies_changed = old.agencies.list.len() != new.agencies.list.len()
        || old
            .agencies
            .list
            .iter()
            .zip(&new.agencies.list)
            .any(|(a, b)| a.name != b.name || a.slug != b.slug);
    let mut directive_index =
        old.citator.directives.len() != new.citator.directives.len() || agencies_changed;
    // Directives whose entry in a list (an agency's, a level's) shows other data.
    let mut listed: HashSet<&str> = HashSet::new();
    for (di, d) in new.citator.directives.iter_enumerated() {
        let Some(&oi) = old_dirs.get(d.url.as_str()) else {
            touched.directive(new, &new_plans, di);
            directive_index = true;
            continue;
        };
        let o = &old.citator.directives[oi];
        if !same_ref(o, d) {
            for c in &o.cited_by {
                touched.pages.insert(old.pages[c.page].url.clone());
            }
            for c in &d.cited_by {
                touched.pages.insert(new.pages[c.page].url.clone());
            }
            touched.directive(new, &new_plans, di);
            directive_index = true;
            listed.insert(&d.url);
        }
        if o.citing_pages != d.citing_pages || o.plan.is_some() != d.plan.is_some() {
            directive_index = true;
            listed.insert(&d.url);
        }
        // Its own pages compare their share of the list below; the plan that carries its
        // number shows the newest of it.
        if !same_cited_by(o, d) {
            touched.plans_of(new, &new_plans, di);
        }
    }
    // Pages whose citations now resolve to other directives (a dated citation elsewhere can
    // settle an undated one).
    let old_pages: HashMap<&str, PageId> = old
        .pages
        .iter_enumerated()
        .map(|(i, p)| (p.url.as_str(), i))
        .collect();
    for (i, p) in new.pages.iter_enumerated() {
        match old_pages.get(p.url.as_str()) {
            None => {
                touched.pages.insert(p.url.clone());
            }
            Some(&oi) => {
                let a = &old.citator.citation_targets[oi];
                let b = &new.citator.citation_targets[i];
                if a.len() != b.len()
                    || a.iter().zip(b).any(|(&x, &y)| {
                        old.citator.directives[x].url != new.citator.directives[y].url
                    })
                {
                    touched.pages.insert(p.url.clone());
                }
            }
        }
    }
    let all_calendar = touched.all_calendar
        || super::calendar::year_range(old) != super::calendar::year_range(new);
    let today = (new.today.year(), new.today.month());

    let old_by_path: HashMap<String, &Job> = old_jobs
        .iter()
        .map(|j| (super::job_path(old, j), j))
        .collect();
    new_jobs
        .into_iter()
        .filter(|job| {
            let path = super::job_path(new, job);
            let Some(before) = old_by_path.get(&path) else {
                return true;
            };
            match job {
                Job::Home => true,
                Job::Directives => directive_index,
                Job::NotFound | Job::Search => false,
                Job::Page(_) => touched.pages.contains(&path),
                Job::Directive(di, n) => {
                    let d = &new.citator.directives[*di];
                    let Job::Directive(oi, _) = before else {
                        return true;
                    };
                    touched.directives.contains(&d.url)
                        || d.page
                            .is_some_and(|p| touched.pages.contains(&new.pages[p].url))
                        || citing_page_differs(
                            (old, &old.citator.directives[*oi]),
                            (new, d),
                            *n,
                            &touched.pages,
                            agencies_changed,
                        )
                }
                Job::Alias { to, .. } => !matches!(before, Job::Alias { to: t, .. } if t == to),
                Job::Terms { title, terms, .. } => !matches!(before,
                    Job::Terms { title: t, terms: ts, .. } if t == title && ts == terms),
                Job::List(l, n) => {
                    let Job::List(b, _) = before else { return true };
                    let per = new.config.paginate;
                    let (now, was) = (page_slice(&l.items, *n, per), page_slice(&b.items, *n, per));
                    // The heading shows the count and the pager the number of pages.
                    l.title != b.title
                        || l.intro != b.intro
                        || l.facets != b.facets
                        || l.group_by_year != b.group_by_year
                        || l.calendar != b.calendar
                        || l.items.len() != b.items.len()
                        || now.len() != was.len()
                        || now.iter().zip(was).any(|(x, y)| {
                            let url = x.url(new);
                            url != y.url(old)
                                || match x {
                                    Entry::Page(_) => touched.pages.contains(url),
                                    Entry::Directive(_) => listed.contains(url),
                                }
                        })
                }
                Job::CalendarMonth(y, m) => all_calendar || touched.months.contains(&(*y, *m)),
                Job::CalendarYear(y) => all_calendar || touched.years.contains(y),
                Job::CalendarCurrent => all_calendar || touched.months.contains(&today),
                // A day page shows the events of its day, the pages they come from, its
                // neighbours with entries and the number of its pages.
                Job::CalendarDay(day, _) => {
                    let Job::CalendarDay(b, _) = before else {
                        return true;
                    };
                    all_calendar
                        || touched.days.contains(&day.date)
                        || (b.prev, b.next, b.pages()) != (day.prev, day.next, day.pages())
                }
            }
        })
        .collect()
}

/// The jobs to run after `Site::patch_text` replaced the text of `pages` (indices), changing
/// what `patched` says: the pages themselves, and whatever quotes their sentences.
pub fn affected_by_patch(
    site: &Site,
    jobs: &[Job],
    pages: &[PageId],
    patched: &Patched,
) -> Vec<Job> {
    let plans = plans_by_number(site);
    let mut touched = Touched::default();
    for &i in pages {
        touched.pages.insert(site.pages[i].url.clone());
    }
    for &di in &patched.directives {
        touched.plans_of(site, &plans, di);
    }
    for &p in &patched.mentioned {
        touched.pages.insert(site.pages[p].url.clone());
    }
    for &e in &patched.events {
        touched.event(&site.calendar.events[e]);
    }
    let today = (site.today.year(), site.today.month());
    jobs.iter()
        .filter(|job| match job {
            // The home page shows upcoming deadlines with their sentences.
            Job::Home => true,
            Job::Page(i) => touched.pages.contains(&site.pages[*i].url),
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

/// Whether page `n` of a directive's page shows something else in `new` than in `old`: the
/// count and pager (on every page), its share of the citing pages and their sentences, and
/// on the first page the counts by year and agency of all of them.
fn citing_page_differs(
    (old_site, old): (&Site, &Directive),
    (new_site, new): (&Site, &Directive),
    n: usize,
    touched: &HashSet<String>,
    agencies_changed: bool,
) -> bool {
    let run = |d: &'_ Directive, p: PageId| -> std::ops::Range<usize> {
        let from = d.cited_by.partition_point(|c| c.page < p);
        from..from + d.cited_by[from..].partition_point(|c| c.page == p)
    };
    let same_run = |a: &[CitedBy], b: &[CitedBy]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.sentence == y.sentence && x.citation == y.citation && x.source == y.source
            })
    };
    let same_page = |x: PageId, y: PageId| {
        let url = &new_site.pages[x].url;
        url == &old_site.pages[y].url && !touched.contains(url)
    };
    if old.citing.len() != new.citing.len() {
        return true;
    }
    let per = new_site.config.paginate;
    let (now, was) = (
        page_slice(&new.citing, n, per),
        page_slice(&old.citing, n, per),
    );
    let share_differs = now.iter().zip(was).any(|(&x, &y)| {
        !same_page(x, y) || !same_run(&new.cited_by[run(new, x)], &old.cited_by[run(old, y)])
    });
    share_differs
        || (n == 1
            && (agencies_changed
                || new
                    .citing
                    .iter()
                    .zip(&old.citing)
                    .any(|(&x, &y)| !same_page(x, y))))
}

/// Plans by their own number: a plan shows who cites it, through the directive it is.
fn plans_by_number(site: &Site) -> HashMap<&str, Vec<PageId>> {
    let mut map: HashMap<&str, Vec<PageId>> = HashMap::new();
    for (i, p) in site.pages.iter_enumerated() {
        if let Meta::Plan(pl) = &p.meta {
            if let Some(n) = &pl.number {
                map.entry(n.as_str()).or_default().push(i);
            }
        }
    }
    map
}

/// Site paths whose output may show a changed page's data.
#[derive(Default)]
struct Touched {
    pages: HashSet<String>,
    directives: HashSet<String>,
    months: BTreeSet<(i16, i8)>,
    years: BTreeSet<i16>,
    /// Days whose entries may have changed (an event is listed on its first day).
    days: BTreeSet<Date>,
    all_calendar: bool,
}

impl Touched {
    /// Directive `di` shows other data of itself: every page of it, and the plans carrying
    /// its number.
    fn directive(&mut self, site: &Site, plans: &HashMap<&str, Vec<PageId>>, di: DirectiveId) {
        self.directives
            .insert(site.citator.directives[di].url.clone());
        self.plans_of(site, plans, di);
    }

    /// The plans carrying the number of directive `di`: they show the newest pages citing it.
    fn plans_of(&mut self, site: &Site, plans: &HashMap<&str, Vec<PageId>>, di: DirectiveId) {
        for &p in plans
            .get(site.citator.directives[di].symbol.as_str())
            .into_iter()
            .flatten()
        {
            self.pages.insert(site.pages[p].url.clone());
        }
    }

    /// Page `i` of `site` changed: everything that shows it, in this version of the site.
    fn page(&mut self, site: &Site, plans: &HashMap<&str, Vec<PageId>>, i: PageId) {
        let url = |p: PageId| site.pages[p].url.clone();
        self.pages.insert(url(i));
        // A directive's pages show the page as an entry of their list (compared by share
        // in `affected_jobs`); the page of a directive shows its text.
        for &t in &site.citator.citation_targets[i] {
            self.plans_of(site, plans, t);
        }
        for (di, d) in site.citator.directives.iter_enumerated() {
            if d.page == Some(i) {
                self.directive(site, plans, di);
            } else if d.cited_by.iter().any(|c| c.page == i) {
                self.plans_of(site, plans, di);
            }
        }
        // Pages it mentions list it; pages mentioning it link to it by title.
        for (q, by) in site.links.mentioned_by.iter_enumerated() {
            if by.iter().any(|(p, _)| *p == i) {
                self.pages.insert(url(q));
            }
        }
        for (q, _) in &site.links.mentioned_by[i] {
            self.pages.insert(url(*q));
        }
        // Models list their commendations; a commendation links to its model.
        for (m, comms) in site.links.commendations_of.iter_enumerated() {
            if comms.contains(&i) {
                self.pages.insert(url(m));
            }
        }
        for &c in &site.links.commendations_of[i] {
            self.pages.insert(url(c));
        }
        for e in site.calendar.events.iter().filter(|e| e.page == i) {
            self.event(e);
        }
    }

    /// The calendar pages that show event `e`.
    fn event(&mut self, e: &Event) {
        if e.yearly() {
            self.all_calendar = true;
            return;
        }
        self.days.insert(e.start);
        // A month's grid shows up to six days of the months around it.
        let week = jiff::Span::new().days(7);
        let from = e.start.checked_sub(week).unwrap_or(e.start);
        let to = e.end.checked_add(week).unwrap_or(e.end);
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
