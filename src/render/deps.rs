//! What an edit of text alone shows elsewhere: the fast way of `serve` for the commonest
//! edit (`Site::patch_text`). Such an edit changes the page's own text and the sentences
//! quoted from it, and nothing else the site model holds (`Site::is_text_edit` makes sure),
//! so the jobs to re-render are the page's own and those quoting its sentences: the pages
//! of the directives it cites, pages mentioning models, the calendar around its deadlines.
//! Every other edit is compared view by view (`render::fingerprints`); `tests/it/serve.rs`
//! checks both against a full render byte for byte.

use super::views::page_slice;
use super::Job;
use crate::content::Meta;
use crate::graph::patch::Patched;
use crate::graph::{DirectiveId, Event, PageId, Site};
use jiff::civil::Date;
use std::collections::{BTreeSet, HashSet};

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
