//! Rendering: Markdown with citation links, Tera templates over views, feeds and open data.
//! Every output file is produced by one `Job`; jobs run in parallel and write to a `Sink`.

pub mod budget;
pub mod calendar;
pub mod deps;
pub mod feeds;
pub mod i18n;
pub mod ics;
pub mod search;
pub mod theme;
pub mod views;

use crate::analysis::page::CiteSource;
use crate::content::{Category, Kind, Meta};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{fmt_date, DirectiveId, PageId, Site};
use crate::markdown::{self, Mark, MarkKind};
use crate::text::{slugify, vi_cmp};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use views::{Ctx, ItemView, Link};

/// Where rendered files go: a staging folder, memory (serve, tests), or nowhere (check).
pub trait Sink: Sync {
    /// `path` is relative to the output root, `/`-separated, e.g. `ke-hoach/a/index.html`.
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
}

/// Renders the whole site into `sink`.
pub fn render(site: &Site, sink: &dyn Sink, diags: &mut Diagnostics) {
    let Some(theme) = load_theme(site, diags) else {
        return;
    };
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    let jobs = jobs(site);
    let problems = Mutex::new(Vec::new());
    let progress = crate::progress::bar(jobs.len() as u64, "Đang tạo trang");
    jobs.par_iter().for_each(|job| {
        if let Err(d) = run_job(&ctx, &theme.tera, job, sink) {
            problems.lock().map(|mut p| p.push(d)).ok();
        }
        if let Some(pb) = &progress {
            pb.inc(1);
        }
    });
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    diags.extend(problems.into_inner().unwrap_or_default());
    write_files(site, &theme, sink, diags);
    write_feeds(site, sink, diags);
}

fn copy_static(site: &Site, sink: &dyn Sink, diags: &mut Diagnostics) {
    let root = &site.config.root;
    let dir = root.join("static");
    if dir.is_dir() {
        for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            match e {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e
                        .path()
                        .strip_prefix(&dir)
                        .unwrap_or(e.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    if let Err(d) = sink.copy(&rel, e.path()) {
                        diags.push(d);
                    }
                }
                Ok(_) => {}
                Err(err) => diags.push(Diagnostic::error(
                    "static",
                    format!("không đọc được: {err}"),
                )),
            }
        }
    }
    for p in &site.pages {
        for a in p.attachments.iter().filter(|a| a.copy) {
            if let Err(d) = sink.copy(a.url.trim_start_matches('/'), &a.source) {
                diags.push(d);
            }
        }
    }
}

/// The Tera engine with every template parsed. Template errors name the template file.
fn engine(site: &Site, templates: &[theme::TemplateSource]) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    if let Err(e) =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
    {
        // The message points at `--> name.html:line:col`; name the file it came from.
        let text = e.to_string();
        let name = text
            .split("--> ")
            .nth(1)
            .and_then(|r| r.split(':').next())
            .unwrap_or("");
        let path = templates
            .iter()
            .find(|t| t.name == name)
            .map_or_else(|| Path::new("templates").to_path_buf(), |t| t.path.clone());
        return Err(vec![template_error(&path, &e)]);
    }
    let g = tera.global_context();
    g.insert("site", &SiteView::new(site));
    g.insert("t", &i18n::strings(site.config.language));
    Ok(tera)
}

fn template_error(path: &Path, e: &tera::Error) -> Diagnostic {
    let text = e.to_string();
    let line = text
        .split("-->")
        .nth(1)
        .and_then(|rest| rest.split(':').nth(1))
        .and_then(|l| l.trim().parse::<usize>().ok());
    let mut d = Diagnostic::error(path, format!("lỗi mẫu giao diện (template): {text}"))
        .help("sửa mẫu theo thông báo trên; xem cú pháp Tera tại tài liệu của bangtin");
    if let Some(l) = line {
        d = d.at_line(l);
    }
    d
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    base_path: &'a str,
    language: crate::config::Language,
    footer: &'a crate::config::Footer,
    menu: Vec<Link>,
    build_year: i16,
}

impl<'a> SiteView<'a> {
    fn new(site: &'a Site) -> Self {
        let c = &site.config;
        let u = |p: &str| format!("{}{}", c.base_path(), p.trim_start_matches('/'));
        let lang = c.language;
        let sections = [
            ("plans", "/ke-hoach/"),
            ("models", "/mo-hinh/"),
            ("commendations", "/khen-thuong/"),
            ("directives", "/van-ban/"),
            ("calendar", "/lich/"),
            ("search", "/tim-kiem/"),
        ];
        let mut menu: Vec<Link> = sections
            .iter()
            .map(|(key, path)| Link {
                title: i18n::get(lang, key).into(),
                url: u(path),
            })
            .collect();
        menu.extend(c.menu.iter().map(|m| Link {
            title: m.name.clone(),
            url: if m.url.starts_with('/') {
                u(&m.url)
            } else {
                m.url.clone()
            },
        }));
        SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            base_url: &c.base_url,
            base_path: c.base_path(),
            language: lang,
            footer: &c.footer,
            menu,
            build_year: site.today.year(),
        }
    }
}

/// One output file (or a page and its aliases).
#[derive(Debug, Clone)]
pub enum Job {
    Home,
    Page(PageId),
    /// A directive's page and the 1-based number of its share of the "cited by" list.
    Directive(DirectiveId, usize),
    Directives,
    /// A list and the 1-based number of its page.
    List(std::sync::Arc<ListJob>, usize),
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
    CalendarDay(std::sync::Arc<calendar::DayJob>, usize),
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

/// One job per page of a list, so a long list renders in parallel.
fn push_list(jobs: &mut Vec<Job>, per: usize, list: ListJob) {
    let pages = views::page_count(list.items.len(), per);
    let list = std::sync::Arc::new(list);
    for n in 1..=pages {
        jobs.push(Job::List(list.clone(), n));
    }
}

/// How many directives of each level the index of directives shows; the rest are on the
/// level's own list.
const DIRECTIVES_PER_LEVEL: usize = 10;

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
fn directives_by_level(
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
    let lang = site.config.language;
    let per = site.config.paginate;
    let mut jobs = vec![Job::Home, Job::Directives, Job::NotFound, Job::Search];
    for (i, p) in site.pages.iter_enumerated() {
        if p.kind != Kind::Directive {
            jobs.push(Job::Page(i));
        }
        for a in &p.aliases {
            jobs.push(Job::Alias {
                from: a.clone(),
                to: p.url.clone(),
            });
        }
    }
    for (i, d) in site.citator.directives.iter_enumerated() {
        for n in 1..=views::page_count(d.citing.len(), per) {
            jobs.push(Job::Directive(i, n));
        }
    }
    // Every directive of a level, where the index shows only the newest of them.
    for (level, items) in directives_by_level(site) {
        if items.len() > DIRECTIVES_PER_LEVEL {
            push_list(
                &mut jobs,
                per,
                ListJob {
                    path: crate::routes::directive_level(level.slug()),
                    title: format!("{}: {}", i18n::get(lang, "directives"), level.label()),
                    intro: None,
                    items: items.into_iter().map(Entry::Directive).collect(),
                    facets: vec![],
                    group_by_year: false,
                    calendar: None,
                    template: "list.html",
                },
            );
        }
    }
    // Every page naming a page, where that page shows only the newest of them.
    for (i, by) in site.links.mentioned_by.iter_enumerated() {
        if by.len() > per {
            let p = &site.pages[i];
            push_list(
                &mut jobs,
                per,
                ListJob {
                    path: crate::routes::mentions(&p.url),
                    title: format!("{}: {}", i18n::get(lang, "mentions_of"), p.title),
                    intro: None,
                    items: Entry::pages(by.iter().map(|(q, _)| *q)),
                    facets: vec![],
                    group_by_year: false,
                    calendar: None,
                    template: "list.html",
                },
            );
        }
    }
    let intro = |section: &str| site.pages.sections.get(section).map(|s| s.body.clone());
    let section_title = |section: &str, key: &str| {
        site.pages
            .sections
            .get(section)
            .map_or_else(|| i18n::get(lang, key).to_string(), |s| s.title.clone())
    };
    let of_kind = |k: Kind| site.sorted_by_date(site.pages_of(k).map(|(i, _)| i).collect());
    // Plans, events: plain section lists.
    for (kind, key) in [(Kind::Plan, "plans"), (Kind::Event, "events")] {
        let section = kind.section().unwrap_or_default();
        push_list(
            &mut jobs,
            per,
            ListJob {
                path: format!("/{section}/"),
                title: section_title(section, key),
                intro: intro(section),
                items: Entry::pages(of_kind(kind)),
                facets: site
                    .taxonomies
                    .years
                    .iter()
                    .filter(|y| y.pages.iter().any(|&p| site.pages[p].kind == kind))
                    .map(|y| {
                        (
                            y.name.clone(),
                            format!("/nam/{}/", y.slug),
                            y.pages
                                .iter()
                                .filter(|&&p| site.pages[p].kind == kind)
                                .count(),
                        )
                    })
                    .collect(),
                group_by_year: false,
                calendar: None,
                template: "list.html",
            },
        );
    }
    // Models: by category and by locality.
    let models = of_kind(Kind::Model);
    let cat_of = |i: PageId| match &site.pages[i].meta {
        Meta::Model(m) => Some(m.category),
        _ => None,
    };
    let cat_facets: Vec<(String, String, usize)> = Category::ALL
        .iter()
        .map(|c| {
            (
                c.label_vi().to_string(),
                format!("/mo-hinh/nhom/{}/", c.slug()),
                models.iter().filter(|&&i| cat_of(i) == Some(*c)).count(),
            )
        })
        .filter(|f| f.2 > 0)
        .collect();
    push_list(
        &mut jobs,
        per,
        ListJob {
            path: "/mo-hinh/".into(),
            title: section_title("mo-hinh", "models"),
            intro: intro("mo-hinh"),
            items: Entry::pages(models.clone()),
            facets: cat_facets.clone(),
            group_by_year: false,
            calendar: None,
            template: "list.html",
        },
    );
    for c in Category::ALL {
        push_list(
            &mut jobs,
            per,
            ListJob {
                path: format!("/mo-hinh/nhom/{}/", c.slug()),
                title: format!("{}: {}", i18n::get(lang, "models"), c.label_vi()),
                intro: None,
                items: Entry::pages(models.iter().copied().filter(|&i| cat_of(i) == Some(c))),
                facets: cat_facets.clone(),
                group_by_year: false,
                calendar: None,
                template: "list.html",
            },
        );
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
    for (slug, (name, items)) in &localities {
        push_list(
            &mut jobs,
            per,
            ListJob {
                path: format!("/mo-hinh/dia-ban/{slug}/"),
                title: format!("{}: {name}", i18n::get(lang, "models")),
                intro: None,
                items: Entry::pages(items.iter().copied()),
                facets: vec![],
                group_by_year: false,
                calendar: None,
                template: "list.html",
            },
        );
    }
    // Commendations: honour roll by year, by form, by recipient type.
    let comms = of_kind(Kind::Commendation);
    let mut forms: BTreeMap<String, Vec<PageId>> = BTreeMap::new();
    for &i in &comms {
        if let Meta::Commendation(c) = &site.pages[i].meta {
            forms.entry(c.form.clone()).or_default().push(i);
        }
    }
    let has_type = |i: PageId, t: &str| matches!(&site.pages[i].meta, Meta::Commendation(c) if c.recipients.iter().any(|a| a.kind.as_deref() == Some(t)));
    let mut comm_facets: Vec<(String, String, usize)> = forms
        .iter()
        .map(|(f, v)| {
            (
                crate::content::form_label(f),
                format!("/khen-thuong/hinh-thuc/{f}/"),
                v.len(),
            )
        })
        .collect();
    for (t, key) in [("tap-the", "collective"), ("ca-nhan", "individual")] {
        let n = comms.iter().filter(|&&i| has_type(i, t)).count();
        if n > 0 {
            comm_facets.push((
                i18n::get(lang, key).to_string(),
                format!("/khen-thuong/{t}/"),
                n,
            ));
        }
    }
    push_list(
        &mut jobs,
        per,
        ListJob {
            path: "/khen-thuong/".into(),
            title: section_title("khen-thuong", "honour_roll"),
            intro: intro("khen-thuong"),
            items: Entry::pages(comms.iter().copied()),
            facets: comm_facets.clone(),
            group_by_year: true,
            calendar: None,
            template: "list.html",
        },
    );
    for (f, items) in &forms {
        push_list(
            &mut jobs,
            per,
            ListJob {
                path: format!("/khen-thuong/hinh-thuc/{f}/"),
                title: format!(
                    "{}: {}",
                    i18n::get(lang, "honour_roll"),
                    crate::content::form_label(f)
                ),
                intro: None,
                items: Entry::pages(items.iter().copied()),
                facets: comm_facets.clone(),
                group_by_year: true,
                calendar: None,
                template: "list.html",
            },
        );
    }
    for (t, key) in [("tap-the", "collective"), ("ca-nhan", "individual")] {
        push_list(
            &mut jobs,
            per,
            ListJob {
                path: format!("/khen-thuong/{t}/"),
                title: format!(
                    "{}: {}",
                    i18n::get(lang, "honour_roll"),
                    i18n::get(lang, key)
                ),
                intro: None,
                items: Entry::pages(comms.iter().copied().filter(|&i| has_type(i, t))),
                facets: comm_facets.clone(),
                group_by_year: true,
                calendar: None,
                template: "list.html",
            },
        );
    }
    // Taxonomies.
    jobs.push(Job::Terms {
        path: "/co-quan/".into(),
        title: i18n::get(lang, "issuers").to_string(),
        terms: site
            .agencies
            .list
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    format!("/co-quan/{}/", a.slug),
                    a.issued.len() + a.directives.len() + a.models.len() + a.commendations.len(),
                )
            })
            .collect(),
    });
    // An agency's page: everything it issued, runs or received, newest first.
    for a in &site.agencies.list {
        let mut items: Vec<Entry> = Entry::pages(
            site.sorted_by_date(
                a.issued
                    .iter()
                    .chain(&a.models)
                    .chain(&a.commendations)
                    .copied()
                    .collect(),
            ),
        );
        items.dedup();
        let mut dirs = a.directives.clone();
        sort_directives(site, &mut dirs);
        items.extend(dirs.into_iter().map(Entry::Directive));
        push_list(
            &mut jobs,
            per,
            ListJob {
                path: crate::routes::agency(&a.slug),
                title: a.name.clone(),
                intro: None,
                items,
                facets: vec![],
                group_by_year: false,
                calendar: Some(crate::routes::agency_calendar(&a.slug)),
                template: "agency.html",
            },
        );
    }
    for (prefix, terms, key) in [
        ("nam", &site.taxonomies.years, "years"),
        ("the", &site.taxonomies.tags, "tags"),
    ] {
        jobs.push(Job::Terms {
            path: format!("/{prefix}/"),
            title: i18n::get(lang, key).to_string(),
            terms: terms
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        format!("/{prefix}/{}/", t.slug),
                        t.pages.len(),
                    )
                })
                .collect(),
        });
        for t in terms.iter() {
            let title = match prefix {
                "nam" => format!("{} {}", i18n::get(lang, "year"), t.name),
                _ => t.name.clone(),
            };
            push_list(
                &mut jobs,
                per,
                ListJob {
                    path: format!("/{prefix}/{}/", t.slug),
                    title,
                    intro: None,
                    items: Entry::pages(site.sorted_by_date(t.pages.clone())),
                    facets: vec![],
                    group_by_year: false,
                    calendar: None,
                    template: "list.html",
                },
            );
        }
    }
    jobs.push(Job::CalendarCurrent);
    let (first, last) = calendar::year_range(site);
    for y in first..=last {
        jobs.push(Job::CalendarYear(y));
        for m in 1..=12 {
            jobs.push(Job::CalendarMonth(y, m));
        }
    }
    for day in calendar::day_jobs(site) {
        let day = std::sync::Arc::new(day);
        for n in 1..=day.pages() {
            jobs.push(Job::CalendarDay(day.clone(), n));
        }
    }
    jobs
}

pub(crate) fn out_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if trimmed
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

fn run_job(ctx: &Ctx, tera: &tera::Tera, job: &Job, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let site = ctx.site;
    let mut c = tera::Context::new();
    let url = job_path(site, job);
    let template: String = match job {
        Job::Home => {
            let home = site.pages.sections.get("");
            let intro = home.map(|h| markdown::render(&h.body, &[]).html);
            let newest = |kind: Kind, n: usize| -> Vec<ItemView> {
                let all = site.pages_of(kind).map(|(i, _)| i).collect();
                site.sorted_by_date(all)
                    .into_iter()
                    .take(n)
                    .map(|i| ctx.item(i))
                    .collect()
            };
            let (latest, models, comms) = (
                newest(Kind::Plan, 6),
                newest(Kind::Model, 4),
                newest(Kind::Commendation, 4),
            );
            c.insert("intro", &intro);
            c.insert("latest", &latest);
            c.insert("models", &models);
            c.insert("commendations", &comms);
            c.insert("upcoming", &calendar::upcoming(ctx, 8));
            c.insert(
                "title",
                &home.map_or(site.config.title.as_str(), |h| h.title.as_str()),
            );
            "index.html".into()
        }
        Job::Page(i) => {
            let p = &site.pages[*i];
            let marks = marks_for(site, *i);
            let r = markdown::render(&p.body, &marks);
            let view = ctx.page_view(*i, r.html, r.toc);
            c.insert("page", &view);
            let template = p.template.clone().unwrap_or_else(|| match p.kind {
                Kind::Plan => "plan.html".into(),
                Kind::Model => "model.html".into(),
                Kind::Commendation => "commendation.html".into(),
                Kind::Event => "event.html".into(),
                _ => "page.html".into(),
            });
            if !tera.contains_template(&template) {
                return Err(Diagnostic::error(
                    &p.source,
                    format!("không có mẫu giao diện `{template}`"),
                )
                .at_line(p.line_of("template"))
                .help("đặt tệp mẫu vào templates/ của trang, hoặc xóa khóa `template`"));
            }
            template
        }
        Job::Directive(di, n) => {
            let d = &site.citator.directives[*di];
            let (html, toc) = match d.page.filter(|_| *n == 1) {
                Some(pi) => {
                    let r = markdown::render(&site.pages[pi].body, &marks_for(site, pi));
                    (r.html, r.toc)
                }
                None => (String::new(), Vec::new()),
            };
            c.insert("page", &ctx.directive_view(*di, *n, html, toc));
            "directive.html".into()
        }
        Job::Directives => {
            #[derive(Serialize)]
            struct Group<'a> {
                label: &'static str,
                /// The newest of the level's directives…
                directives: Vec<views::DirectiveView<'a>>,
                /// … out of this many…
                count: usize,
                /// … and the list of all of them, when there are more.
                all: Option<String>,
            }
            let groups: Vec<Group> = directives_by_level(site)
                .into_iter()
                .map(|(level, idx)| Group {
                    label: level.label(),
                    count: idx.len(),
                    all: (idx.len() > DIRECTIVES_PER_LEVEL)
                        .then(|| ctx.u(&crate::routes::directive_level(level.slug()))),
                    directives: idx
                        .into_iter()
                        .take(DIRECTIVES_PER_LEVEL)
                        .map(|i| ctx.directive_summary(i))
                        .collect(),
                })
                .collect();
            c.insert("groups", &groups);
            c.insert("title", i18n::get(ctx.lang, "directives"));
            c.insert("total", &site.citator.directives.len());
            "directives.html".into()
        }
        Job::List(l, n) => return render_list(ctx, tera, l, *n, sink),
        Job::Terms { title, terms, .. } => {
            let terms: Vec<(String, String, usize)> = terms
                .iter()
                .map(|(n, u, k)| (n.clone(), ctx.u(u), *k))
                .collect();
            c.insert("title", title);
            c.insert("terms", &terms);
            "terms.html".into()
        }
        Job::Alias { to, .. } => {
            c.insert("target", &ctx.u(to));
            c.insert("permalink", &site.config.absolute(to));
            "alias.html".into()
        }
        Job::NotFound => "404.html".into(),
        Job::Search => {
            c.insert("title", i18n::get(ctx.lang, "search"));
            "search.html".into()
        }
        Job::CalendarMonth(y, m) => {
            calendar::month_context(ctx, &mut c, *y, *m);
            "calendar_month.html".into()
        }
        Job::CalendarCurrent => {
            calendar::month_context(ctx, &mut c, site.today.year(), site.today.month());
            "calendar_month.html".into()
        }
        Job::CalendarYear(y) => {
            calendar::year_context(ctx, &mut c, *y);
            "calendar_year.html".into()
        }
        Job::CalendarDay(day, n) => {
            calendar::day_context(ctx, &mut c, day, *n);
            "calendar_day.html".into()
        }
    };
    c.insert("current_url", &ctx.u(&url));
    write_html(ctx, tera, &template, &c, &url, sink)
}

fn write_html(
    ctx: &Ctx,
    tera: &tera::Tera,
    template: &str,
    c: &tera::Context,
    url: &str,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let html = tera.render(template, c).map_err(|e| {
        let mut d = template_error(Path::new(&format!("templates/{template}")), &e);
        d.message = format!("{} (khi tạo {url})", d.message);
        d
    })?;
    let bytes = if ctx.site.config.minify {
        minify(html.as_bytes())
    } else {
        html.into_bytes()
    };
    sink.write(&out_path(url), bytes)
}

pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

fn render_list(
    ctx: &Ctx,
    tera: &tera::Tera,
    l: &ListJob,
    n: usize,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let site = ctx.site;
    let per = site.config.paginate;
    let total = views::page_count(l.items.len(), per);
    let chunk = views::page_slice(&l.items, n, per);
    let page_url = |n: usize| crate::routes::paged(&l.path, n);
    let intro = l.intro.as_ref().map(|b| markdown::render(b, &[]).html);
    let facets: Vec<(String, String, usize, bool)> = l
        .facets
        .iter()
        .map(|(n, u, k)| (n.clone(), ctx.u(u), *k, u == &l.path))
        .collect();
    #[derive(Serialize)]
    struct YearGroup<'a> {
        year: String,
        items: Vec<ItemView<'a>>,
    }
    let items: Vec<ItemView> = chunk
        .iter()
        .map(|e| match *e {
            Entry::Page(i) => ctx.item(i),
            Entry::Directive(d) => ctx.directive_item(d),
        })
        .collect();
    let mut groups: Vec<YearGroup> = Vec::new();
    if l.group_by_year {
        for (e, item) in chunk.iter().zip(items.iter()) {
            let year = match *e {
                Entry::Page(i) => site.pages[i].year(),
                Entry::Directive(d) => site.citator.directives[d].date.map(|d| d.year()),
            };
            let y = year.map_or_else(String::new, |y| y.to_string());
            match groups.last_mut() {
                Some(g) if g.year == y => g.items.push(item.clone()),
                _ => groups.push(YearGroup {
                    year: y,
                    items: vec![item.clone()],
                }),
            }
        }
    }
    let mut c = tera::Context::new();
    c.insert("title", &l.title);
    c.insert("intro", &intro.as_ref().filter(|_| n == 1));
    c.insert("items", &items);
    c.insert("groups", &groups);
    c.insert("facets", &facets);
    c.insert("pager", &views::Pager::new(ctx, n, total, page_url));
    c.insert("count", &l.items.len());
    c.insert(
        "calendar",
        &l.calendar.as_ref().filter(|_| n == 1).map(|u| ctx.u(u)),
    );
    let url = page_url(n);
    c.insert("current_url", &ctx.u(&url));
    write_html(ctx, tera, l.template, &c, &url, sink)
}

/// The links and highlights to put in a page's text: citations, names, deadlines.
pub fn marks_for(site: &Site, i: PageId) -> Vec<Mark> {
    let f = &site.pages.findings[i];
    let mut marks = Vec::new();
    for (n, (fc, &t)) in f
        .citations
        .iter()
        .zip(&site.citator.citation_targets[i])
        .enumerate()
    {
        if fc.source != CiteSource::Body {
            continue;
        }
        let Some(run) = fc.run else { continue };
        let d = &site.citator.directives[t];
        if d.page == Some(i) {
            continue; // a directive's own page does not link to itself
        }
        let mut title = views::directive_title(d);
        if let Some(date) = d.date {
            title.push_str(&format!(" ngày {}", fmt_date(date)));
        }
        marks.push(Mark {
            run,
            range: fc.citation.link_range.clone(),
            kind: MarkKind::Link {
                href: format!(
                    "{}{}",
                    site.config.base_path(),
                    site.directive_href(d).trim_start_matches('/')
                ),
                class: "ref",
                id: Some(crate::routes::citation_anchor(n + 1)),
                title: Some(title),
            },
        });
    }
    for n in &f.names {
        let target_id = site.links.target(n.target);
        if target_id == i {
            continue;
        }
        let target = &site.pages[target_id];
        marks.push(Mark {
            run: n.run,
            range: n.range.clone(),
            kind: MarkKind::Link {
                href: format!(
                    "{}{}",
                    site.config.base_path(),
                    target.url.trim_start_matches('/')
                ),
                class: "name-ref",
                id: None,
                title: Some(target.title.clone()),
            },
        });
    }
    for (k, d) in f.deadlines.iter().enumerate() {
        marks.push(Mark {
            run: d.run,
            range: d.deadline.range.clone(),
            kind: MarkKind::Highlight {
                class: "deadline",
                id: crate::routes::deadline_anchor(k + 1),
            },
        });
    }
    marks.sort_by_key(|m| (m.run, m.range.start, std::cmp::Reverse(m.range.end)));
    let mut out: Vec<Mark> = Vec::with_capacity(marks.len());
    for m in marks {
        if let Some(last) = out.last() {
            if last.run == m.run && m.range.start < last.range.end {
                continue;
            }
        }
        out.push(m);
    }
    out
}

// ---- The pieces `render` is made of, public so that `serve`'s incremental rebuilds run the
// ---- same code on part of the site.

/// A parsed theme: the Tera engine (with the site's globals) and the theme's static files.
/// `serve` keeps it between rebuilds until a template or the config changes.
pub struct Theme {
    tera: tera::Tera,
    assets: Vec<theme::Asset>,
}

/// Loads and parses the theme as `render` does. `None` (with diagnostics) on a template error.
pub fn load_theme(site: &Site, diags: &mut Diagnostics) -> Option<Theme> {
    let (templates, assets) = theme::load(&site.config.root, &site.config.theme, diags);
    match engine(site, &templates) {
        Ok(tera) => Some(Theme { tera, assets }),
        Err(d) => {
            diags.extend(d);
            None
        }
    }
}

/// Runs one job, as `render` does for each.
pub fn render_job(
    site: &Site,
    theme: &Theme,
    job: &Job,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    run_job(&ctx, &theme.tera, job, sink)
}

/// What `render` writes besides the jobs: theme assets, `static/` and attachments.
pub fn write_files(site: &Site, theme: &Theme, sink: &dyn Sink, diags: &mut Diagnostics) {
    for asset in &theme.assets {
        let r = match asset {
            theme::Asset::Embedded(name, bytes) => sink.write(name, bytes.to_vec()),
            theme::Asset::File(name, path) => sink.copy(name, path),
        };
        if let Err(d) = r {
            diags.push(d);
        }
    }
    copy_static(site, sink, diags);
}

/// The feeds, open data and search index, as `render` writes them.
pub fn write_feeds(site: &Site, sink: &dyn Sink, diags: &mut Diagnostics) {
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    for r in feeds::write_all(&ctx, sink) {
        if let Err(d) = r {
            diags.push(d);
        }
    }
}

/// The site path a job renders (its first page, for a list): a key that stays the same
/// across rebuilds while indexes shift.
pub fn job_path(site: &Site, job: &Job) -> String {
    match job {
        Job::Home => "/".into(),
        Job::Page(i) => site.pages[*i].url.clone(),
        Job::Directive(i, n) => crate::routes::paged(&site.citator.directives[*i].url, *n),
        Job::Directives => "/van-ban/".into(),
        Job::List(l, n) => crate::routes::paged(&l.path, *n),
        Job::Terms { path, .. } => path.clone(),
        Job::Alias { from, .. } => from.clone(),
        Job::CalendarMonth(y, m) => format!("/lich/{y}/{m:02}/"),
        Job::CalendarYear(y) => format!("/lich/{y}/"),
        Job::CalendarCurrent => "/lich/".into(),
        Job::CalendarDay(day, n) => crate::routes::day_page(day.date, *n),
        Job::NotFound => "/404.html".into(),
        Job::Search => "/tim-kiem/".into(),
    }
}
