//! Every output file of the site as a job: a page, a page of a list, a directive's page, a
//! month of the calendar… `jobs` lists them in a fixed order (rendering runs them in
//! parallel), `job_path` names each by the site path it renders, which stays the same
//! across rebuilds while ids shift.

use super::{calendar, i18n, views};
use crate::content::{Category, Kind, Meta, RecipientKind};
use crate::graph::{DirectiveId, PageId, Site};
use crate::routes;
use crate::text::{slugify, vi_cmp};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One output file (or a page and its aliases).
#[derive(Debug, Clone)]
pub enum Job {
    Home,
    Page(PageId),
    /// A directive's page and the 1-based number of its share of the "cited by" list.
    Directive(DirectiveId, usize),
    Directives,
    /// A list and the 1-based number of its page.
    List(Arc<ListJob>, usize),
    Terms {
        path: String,
        title: String,
        terms: Vec<(String, String, usize)>,
    },
    Alias {
        from: String,
        to: String,
    },
    CalendarMonth(i16, i8),
    CalendarYear(i16),
    CalendarCurrent,
    /// A day with entries and the 1-based number of its page.
    CalendarDay(Arc<calendar::DayJob>, usize),
    NotFound,
    Search,
}

#[derive(Debug, Clone)]
pub struct ListJob {
    /// Site path of the first page, `/ke-hoach/`.
    pub path: String,
    pub title: String,
    pub intro: Option<String>,
    pub items: Vec<Entry>,
    /// Links to sub-lists shown above the list (categories, forms, years).
    pub facets: Vec<(String, String, usize)>,
    /// Group the items by year (honour roll).
    pub group_by_year: bool,
    /// The list's own iCalendar feed (an agency's), linked from its first page.
    pub calendar: Option<String>,
    /// `list.html`, or the template of a kind of list with its own (`agency.html`).
    pub template: &'static str,
}

impl ListJob {
    /// Whether `other` shows what every page of this list shows besides its entries: the
    /// title, introduction, facets (with their counts), grouping, calendar link, template
    /// and the count of entries.
    pub fn same_frame(&self, other: &ListJob) -> bool {
        self.path == other.path
            && self.title == other.title
            && self.intro == other.intro
            && self.facets == other.facets
            && self.group_by_year == other.group_by_year
            && self.calendar == other.calendar
            && self.template == other.template
            && self.items.len() == other.items.len()
    }
}

/// An entry of a list: a page, or a directive (which may have no page of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Page(PageId),
    Directive(DirectiveId),
}

impl Entry {
    pub fn pages(v: impl IntoIterator<Item = PageId>) -> Vec<Entry> {
        v.into_iter().map(Entry::Page).collect()
    }

    /// The site path it links to (an entry's identity across rebuilds).
    pub fn url<'s>(&self, site: &'s Site) -> &'s str {
        match *self {
            Entry::Page(i) => &site.pages[i].url,
            Entry::Directive(d) => &site.citator.directives[d].url,
        }
    }
}

/// How many directives of each level the index of directives shows; the rest are on the
/// level's own list.
pub(super) const DIRECTIVES_PER_LEVEL: usize = 10;

/// Newest first, then in symbol order.
fn sort_directives(site: &Site, idx: &mut [DirectiveId]) {
    idx.sort_by(|&a, &b| {
        let (da, db) = (&site.citator.directives[a], &site.citator.directives[b]);
        db.date
            .cmp(&da.date)
            .then_with(|| vi_cmp(&da.symbol, &db.symbol))
    });
}

/// The directives of each issuing level, newest first.
pub(super) fn directives_by_level(
    site: &Site,
) -> BTreeMap<crate::analysis::references::Level, Vec<DirectiveId>> {
    let mut by_level: BTreeMap<_, Vec<DirectiveId>> = BTreeMap::new();
    for (i, d) in site.citator.directives.iter_enumerated() {
        by_level.entry(d.level).or_default().push(i);
    }
    for idx in by_level.values_mut() {
        sort_directives(site, idx);
    }
    by_level
}

/// Every file the site has, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut out = Jobs::new(site);
    out.jobs = vec![Job::Home, Job::Directives, Job::NotFound, Job::Search];
    out.pages();
    out.lists();
    out.calendar();
    out.jobs
}

/// The jobs of lists and of the indexes of terms alone (`Job::List`, `Job::Terms`), as `jobs`
/// makes them: what a new date of a page gives `serve` to replace (`Site::retitle`).
pub fn list_jobs(site: &Site) -> Vec<Job> {
    let mut out = Jobs::new(site);
    out.lists();
    out.jobs.retain(is_list);
    out.jobs
}

/// Whether `job` is one `list_jobs` makes.
pub fn is_list(job: &Job) -> bool {
    matches!(job, Job::List(..) | Job::Terms { .. })
}

/// The jobs of the tags alone, as `jobs` lists them (together, the index first): what a change
/// of a page's `tags` gives `serve` to replace (`Site::retitle`).
pub fn tag_jobs(site: &Site) -> Vec<Job> {
    let mut out = Jobs::new(site);
    out.taxonomy(Taxonomy::Tags);
    out.jobs
}

/// The jobs of the directives' pages and of the lists of each level, then those of the index
/// of agencies and of each agency's list, each part as `jobs` lists it: what `serve` replaces
/// after `Site::recite` changed the directives.
pub fn citator_jobs(site: &Site) -> (Vec<Job>, Vec<Job>) {
    let mut out = Jobs::new(site);
    out.directives();
    let directives = std::mem::take(&mut out.jobs);
    out.agencies();
    (directives, out.jobs)
}

/// The jobs of the calendar (`jobs` lists them last).
pub fn calendar_jobs(site: &Site) -> Vec<Job> {
    let mut out = Jobs::new(site);
    out.calendar();
    out.jobs
}

/// The jobs of the calendar (`jobs` lists them last), as they are after `Site::recite` moved
/// the events of a page: the day pages of `old` (the calendar's jobs as they were) are kept,
/// their entries moved to the events' new ids, but for the days the page's changed events
/// start on (`changed`), which are made again.
pub fn calendar_jobs_after<'j>(
    site: &Site,
    old: impl Iterator<Item = &'j Job>,
    changed: &std::collections::BTreeSet<jiff::civil::Date>,
    remap: &[Option<crate::graph::EventId>],
) -> Vec<Job> {
    let mut seen = None;
    let days = old.filter_map(|j| match j {
        // A day's pages share one `DayJob`.
        Job::CalendarDay(day, _) if seen.replace(day.date) != Some(day.date) => Some(&**day),
        _ => None,
    });
    let mut out = Jobs::new(site);
    out.calendar_with(calendar::day_jobs_after(site, days, changed, remap));
    out.jobs
}

/// Whether the years of the calendar's jobs among `jobs` (made before an edit) are the
/// years the calendar of `site` has now.
pub fn same_calendar_years(site: &Site, jobs: &[Job]) -> bool {
    let (first, last) = calendar::year_range(site);
    let years = jobs.iter().filter_map(|j| match j {
        Job::CalendarYear(y) => Some(*y),
        _ => None,
    });
    years.eq(first..=last)
}

/// Whether `job` is one `calendar_jobs` makes.
pub fn is_calendar_job(job: &Job) -> bool {
    matches!(
        job,
        Job::CalendarCurrent | Job::CalendarYear(_) | Job::CalendarMonth(..) | Job::CalendarDay(..)
    )
}

/// Whether `job` is one of the first part of `citator_jobs`.
pub fn is_directive_job(job: &Job) -> bool {
    match job {
        Job::Directive(..) => true,
        Job::List(l, _) => l.path.starts_with(routes::DIRECTIVE_LEVELS),
        _ => false,
    }
}

/// Whether `job` is one of the second part of `citator_jobs`.
pub fn is_agency_job(job: &Job) -> bool {
    match job {
        Job::Terms { path, .. } => path == routes::AGENCIES,
        Job::List(l, _) => l.path.starts_with(routes::AGENCIES),
        _ => false,
    }
}

#[derive(Clone, Copy)]
enum Taxonomy {
    Years,
    Tags,
}

/// `jobs` in the making, kind of page by kind of page.
struct Jobs<'s> {
    site: &'s Site,
    lang: crate::config::Language,
    per: usize,
    jobs: Vec<Job>,
}

impl<'s> Jobs<'s> {
    /// One job per page of a list, so a long list renders in parallel.
    fn list(&mut self, list: ListJob) {
        let pages = views::page_count(list.items.len(), self.per);
        let list = Arc::new(list);
        for n in 1..=pages {
            self.jobs.push(Job::List(list.clone(), n));
        }
    }

    /// A plain list (no intro, no facets, ungrouped, `list.html`).
    fn plain(&mut self, path: String, title: String, items: Vec<Entry>) {
        self.list(ListJob {
            path,
            title,
            intro: None,
            items,
            facets: vec![],
            group_by_year: false,
            calendar: None,
            template: "list.html",
        });
    }

    fn t(&self, key: &'static str) -> &'static str {
        i18n::get(self.lang, key)
    }

    /// The title of a section's list: its `_index.md`'s, else the default for `key`.
    fn section_title(&self, section: &str, key: &'static str) -> String {
        self.site
            .pages
            .sections
            .get(section)
            .map_or_else(|| self.t(key).to_string(), |s| s.title.clone())
    }

    /// The text of a section's `_index.md`, shown above its list.
    fn intro(&self, section: &str) -> Option<String> {
        self.site
            .pages
            .sections
            .get(section)
            .map(|s| s.body.clone())
    }

    /// The pages of a kind, newest first.
    fn of_kind(&self, kind: Kind) -> Vec<PageId> {
        let site = self.site;
        site.pages
            .sorted_by_date(site.pages.of_kind(kind).map(|(i, _)| i).collect())
    }

    /// Every page of `content/` (directives have theirs among the directive jobs), and a
    /// redirect for each of its aliases.
    fn new(site: &'s Site) -> Self {
        Jobs {
            site,
            lang: site.config.language,
            per: site.config.paginate,
            jobs: Vec::new(),
        }
    }

    /// The directives' pages and every list, in `jobs`' order.
    fn lists(&mut self) {
        self.directives();
        self.mentions();
        self.plans_and_events();
        self.models();
        self.commendations();
        self.agencies();
        self.taxonomies();
    }

    fn pages(&mut self) {
        for (i, p) in self.site.pages.iter_enumerated() {
            if p.kind != Kind::Directive {
                self.jobs.push(Job::Page(i));
            }
            for a in &p.aliases {
                self.jobs.push(Job::Alias {
                    from: a.clone(),
                    to: p.url.clone(),
                });
            }
        }
    }

    /// Each directive's page, paged by its "cited by" list, and every directive of a level,
    /// where the index shows only the newest of them.
    fn directives(&mut self) {
        let site = self.site;
        for (i, d) in site.citator.directives.iter_enumerated() {
            for n in 1..=views::page_count(d.citing.len(), self.per) {
                self.jobs.push(Job::Directive(i, n));
            }
        }
        for (level, items) in directives_by_level(site) {
            if items.len() > DIRECTIVES_PER_LEVEL {
                self.plain(
                    routes::directive_level(level.slug()),
                    format!("{}: {}", self.t("directives"), level.label()),
                    items.into_iter().map(Entry::Directive).collect(),
                );
            }
        }
    }

    /// Every page naming a page, where that page shows only the newest of them.
    fn mentions(&mut self) {
        let site = self.site;
        for (i, by) in site.links.mentioned_by.iter_enumerated() {
            if by.len() > self.per {
                let p = &site.pages[i];
                self.plain(
                    routes::mentions(&p.url),
                    format!("{}: {}", self.t("mentions_of"), p.title),
                    Entry::pages(by.iter().map(|(q, _)| *q)),
                );
            }
        }
    }

    /// Plans, events and news: plain section lists, with a link to each year of them.
    fn plans_and_events(&mut self) {
        let site = self.site;
        for (kind, key) in [
            (Kind::Plan, "plans"),
            (Kind::Event, "events"),
            (Kind::News, "news"),
        ] {
            let section = kind.section().unwrap_or_default();
            let of_kind = |p: &PageId| site.pages[*p].kind == kind;
            let facets = site
                .taxonomies
                .years
                .iter()
                .filter(|y| y.pages.iter().any(of_kind))
                .map(|y| {
                    let n = y.pages.iter().filter(|p| of_kind(p)).count();
                    (y.name.clone(), routes::year(&y.slug), n)
                })
                .collect();
            self.list(ListJob {
                path: routes::section(section),
                title: self.section_title(section, key),
                intro: self.intro(section),
                items: Entry::pages(self.of_kind(kind)),
                facets,
                group_by_year: false,
                calendar: None,
                template: "list.html",
            });
        }
    }

    /// Models: all of them, by category and by locality.
    fn models(&mut self) {
        let site = self.site;
        let models = self.of_kind(Kind::Model);
        let cat_of = |i: PageId| match &site.pages[i].meta {
            Meta::Model(m) => Some(m.category),
            _ => None,
        };
        let cat_facets: Vec<(String, String, usize)> = Category::ALL
            .iter()
            .map(|c| {
                let n = models.iter().filter(|&&i| cat_of(i) == Some(*c)).count();
                (
                    c.label_vi().to_string(),
                    routes::model_category(c.slug()),
                    n,
                )
            })
            .filter(|f| f.2 > 0)
            .collect();
        self.list(ListJob {
            path: routes::section("mo-hinh"),
            title: self.section_title("mo-hinh", "models"),
            intro: self.intro("mo-hinh"),
            items: Entry::pages(models.clone()),
            facets: cat_facets.clone(),
            group_by_year: false,
            calendar: None,
            template: "list.html",
        });
        for c in Category::ALL {
            self.list(ListJob {
                path: routes::model_category(c.slug()),
                title: format!("{}: {}", self.t("models"), c.label_vi()),
                intro: None,
                items: Entry::pages(models.iter().copied().filter(|&i| cat_of(i) == Some(c))),
                facets: cat_facets.clone(),
                group_by_year: false,
                calendar: None,
                template: "list.html",
            });
        }
        let mut localities: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
        for &i in &models {
            if let Meta::Model(m) = &site.pages[i].meta {
                if let Some(l) = &m.locality {
                    localities
                        .entry(slugify(l))
                        .or_insert_with(|| (l.clone(), Vec::new()))
                        .1
                        .push(i);
                }
            }
        }
        for (slug, (name, items)) in localities {
            self.plain(
                routes::model_locality(&slug),
                format!("{}: {name}", self.t("models")),
                Entry::pages(items),
            );
        }
    }

    /// Commendations: the honour roll by year, by form, by kind of recipient.
    fn commendations(&mut self) {
        let site = self.site;
        let comms = self.of_kind(Kind::Commendation);
        let mut forms: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
        for &i in &comms {
            if let Meta::Commendation(c) = &site.pages[i].meta {
                forms.entry(c.form.clone()).or_default().push(i);
            }
        }
        let has_type = |i: PageId, t: RecipientKind| matches!(&site.pages[i].meta, Meta::Commendation(c) if c.recipients.iter().any(|a| a.kind == Some(t)));
        let mut facets: Vec<(String, String, usize)> = forms
            .iter()
            .map(|(f, v)| {
                let label = crate::content::form_label(f);
                (label, routes::commendation_form(f), v.len())
            })
            .collect();
        for t in RecipientKind::ALL {
            let n = comms.iter().filter(|&&i| has_type(i, t)).count();
            if n > 0 {
                let path = routes::commendation_recipients(t.slug());
                facets.push((self.t(t.key()).to_string(), path, n));
            }
        }
        let roll =
            |path: String, title: String, intro: Option<String>, items: Vec<PageId>| ListJob {
                path,
                title,
                intro,
                items: Entry::pages(items),
                facets: facets.clone(),
                group_by_year: true,
                calendar: None,
                template: "list.html",
            };
        let honour_roll = self.t("honour_roll");
        let mut lists = vec![roll(
            routes::section("khen-thuong"),
            self.section_title("khen-thuong", "honour_roll"),
            self.intro("khen-thuong"),
            comms.clone(),
        )];
        for (f, items) in forms {
            let title = format!("{honour_roll}: {}", crate::content::form_label(&f));
            lists.push(roll(routes::commendation_form(&f), title, None, items));
        }
        for t in RecipientKind::ALL {
            let items = comms.iter().copied().filter(|&i| has_type(i, t)).collect();
            let title = format!("{honour_roll}: {}", self.t(t.key()));
            lists.push(roll(
                routes::commendation_recipients(t.slug()),
                title,
                None,
                items,
            ));
        }
        for l in lists {
            self.list(l);
        }
    }

    /// The index of agencies, and each agency's page: everything it issued, runs or
    /// received, newest first, then the directives it issued.
    fn agencies(&mut self) {
        let site = self.site;
        self.jobs.push(Job::Terms {
            path: routes::AGENCIES.into(),
            title: self.t("issuers").to_string(),
            terms: site
                .agencies
                .list
                .iter()
                .map(|a| {
                    let n = a.issued.len()
                        + a.directives.len()
                        + a.models.len()
                        + a.commendations.len()
                        + a.news.len();
                    (a.name.clone(), routes::agency(&a.slug), n)
                })
                .collect(),
        });
        for a in &site.agencies.list {
            let own = a
                .issued
                .iter()
                .chain(&a.models)
                .chain(&a.commendations)
                .chain(&a.news);
            let mut items = Entry::pages(site.pages.sorted_by_date(own.copied().collect()));
            items.dedup();
            let mut dirs = a.directives.clone();
            sort_directives(site, &mut dirs);
            items.extend(dirs.into_iter().map(Entry::Directive));
            self.list(ListJob {
                path: routes::agency(&a.slug),
                title: a.name.clone(),
                intro: None,
                items,
                facets: vec![],
                group_by_year: false,
                calendar: Some(routes::agency_calendar(&a.slug)),
                template: "agency.html",
            });
        }
    }

    /// Years and tags: the index of each, and a list per term.
    fn taxonomies(&mut self) {
        self.taxonomy(Taxonomy::Years);
        self.taxonomy(Taxonomy::Tags);
    }

    /// The index of one taxonomy and a list per term.
    fn taxonomy(&mut self, which: Taxonomy) {
        let site = self.site;
        let (index, terms, key, term_path) = match which {
            Taxonomy::Years => (
                routes::YEARS,
                &site.taxonomies.years,
                "years",
                routes::year as fn(&str) -> String,
            ),
            Taxonomy::Tags => (
                routes::TAGS,
                &site.taxonomies.tags,
                "tags",
                routes::tag as fn(&str) -> String,
            ),
        };
        self.jobs.push(Job::Terms {
            path: index.into(),
            title: self.t(key).to_string(),
            terms: terms
                .iter()
                .map(|t| (t.name.clone(), term_path(&t.slug), t.pages.len()))
                .collect(),
        });
        for t in terms {
            let title = match which {
                Taxonomy::Years => format!("{} {}", self.t("year"), t.name),
                Taxonomy::Tags => t.name.clone(),
            };
            let items = Entry::pages(site.pages.sorted_by_date(t.pages.clone()));
            self.plain(term_path(&t.slug), title, items);
        }
    }

    /// The current month, each year and month from the first event to the last, and each
    /// day with entries (paged).
    fn calendar(&mut self) {
        self.calendar_with(calendar::day_jobs(self.site));
    }

    /// `calendar`, with the day pages `days`.
    fn calendar_with(&mut self, days: Vec<calendar::DayJob>) {
        self.jobs.push(Job::CalendarCurrent);
        let (first, last) = calendar::year_range(self.site);
        for y in first..=last {
            self.jobs.push(Job::CalendarYear(y));
            for m in 1..=12 {
                self.jobs.push(Job::CalendarMonth(y, m));
            }
        }
        for day in days {
            let day = Arc::new(day);
            for n in 1..=day.pages() {
                self.jobs.push(Job::CalendarDay(day.clone(), n));
            }
        }
    }
}

/// The site path a job renders (its first page, for a list): a key that stays the same
/// across rebuilds while indexes shift.
pub fn job_path(site: &Site, job: &Job) -> String {
    match job {
        Job::Home => routes::HOME.into(),
        Job::Page(i) => site.pages[*i].url.clone(),
        Job::Directive(i, n) => routes::paged(&site.citator.directives[*i].url, *n),
        Job::Directives => routes::DIRECTIVES.into(),
        Job::List(l, n) => routes::paged(&l.path, *n),
        Job::Terms { path, .. } => path.clone(),
        Job::Alias { from, .. } => from.clone(),
        Job::CalendarMonth(y, m) => routes::month(*y, *m),
        Job::CalendarYear(y) => routes::calendar_year(*y),
        Job::CalendarCurrent => routes::CALENDAR.into(),
        Job::CalendarDay(day, n) => routes::day_page(day.date, *n),
        Job::NotFound => routes::NOT_FOUND.into(),
        Job::Search => routes::SEARCH.into(),
    }
}
