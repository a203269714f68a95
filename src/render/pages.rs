//! The view of each job: what its template is given (see `themes/README.md`). Page texts
//! come rendered or as keys (`Text`), so that `serve` can compare views cheaply.

use super::jobs::{directives_by_level, DIRECTIVES_PER_LEVEL};
use super::views::{self, Ctx, ItemView};
use super::{calendar, i18n, job_path, marks_for, Entry, Job, ListJob, Text, View};
use crate::content::Kind;
use crate::diag::Diagnostic;
use crate::graph::PageId;
use crate::routes;
use serde::Serialize;

/// What the template of `job` is given, with page texts as `text` says.
pub fn view(ctx: &Ctx, tera: &tera::Tera, job: &Job, text: Text) -> Result<View, Diagnostic> {
    let site = ctx.site;
    let url = job_path(site, job);
    let mut c = View::with_text(text, String::new(), url.clone());
    let template: String = match job {
        Job::Home => {
            home(ctx, &mut c, text);
            "index.html".into()
        }
        Job::Page(i) => {
            let p = &site.pages[*i];
            let (html, toc) = text.page(site, *i, &marks_for(site, *i), &ctx.pictures(*i))?;
            c.insert("page", &ctx.page_view(*i, html, toc));
            page_template(tera, p)?
        }
        Job::Directive(di, n) => {
            let d = &site.citator.directives[*di];
            let (html, toc) = match d.page.filter(|_| *n == 1) {
                Some(pi) => text.page(site, pi, &marks_for(site, pi), &|_| None)?,
                None => (String::new(), Vec::new()),
            };
            c.insert("page", &ctx.directive_view(*di, *n, html, toc));
            "directive.html".into()
        }
        Job::Directives => {
            directives_index(ctx, &mut c);
            "directives.html".into()
        }
        Job::List(l, n) => return Ok(list_view(ctx, l, *n, text)),
        Job::Terms { title, terms, .. } => {
            let terms: Vec<views::Term> = terms
                .iter()
                .map(|(n, u, k)| views::Term {
                    title: n.clone(),
                    url: ctx.u(u),
                    count: *k,
                })
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
    c.template = template;
    c.insert("current_url", &ctx.u(&url));
    Ok(c)
}

/// The home page: its `_index.md`, the newest plans, models and commendations, what is
/// coming up on the calendar.
fn home(ctx: &Ctx, c: &mut View, text: Text) {
    let site = ctx.site;
    let home = site.pages.sections.get("");
    let intro = home.map(|h| text.render(&h.body, &[]).0);
    let newest = |kind: Kind, n: usize| -> Vec<ItemView> {
        let mut all: Vec<PageId> = site.pages.of_kind(kind).map(|(i, _)| i).collect();
        // The `n` first without sorting the rest (ranks are distinct): `serve` renders the
        // home page again after every edit.
        if all.len() > n {
            all.select_nth_unstable_by_key(n, |&i| site.pages.date_rank[i]);
            all.truncate(n);
        }
        site.pages
            .sorted_by_date(all)
            .into_iter()
            .map(|i| ctx.item(i))
            .collect()
    };
    let (latest, models, comms, news) = (
        newest(Kind::Plan, 6),
        newest(Kind::Model, 4),
        newest(Kind::Commendation, 4),
        newest(Kind::News, 4),
    );
    c.insert("news", &news);
    c.insert("intro", &intro);
    c.insert("latest", &latest);
    c.insert("models", &models);
    c.insert("commendations", &comms);
    c.insert("upcoming", &calendar::upcoming(ctx, 8));
    c.insert(
        "title",
        &home.map_or(site.config.title.as_str(), |h| h.title.as_str()),
    );
}

/// The template of a page: its `template`, else its kind's. An error names the page and
/// the line of `template` when the theme has no such template.
fn page_template(tera: &tera::Tera, p: &crate::content::Page) -> Result<String, Diagnostic> {
    let template = p.template.clone().unwrap_or_else(|| match p.kind {
        Kind::Plan => "plan.html".into(),
        Kind::Model => "model.html".into(),
        Kind::Commendation => "commendation.html".into(),
        Kind::Event => "event.html".into(),
        Kind::News => "news.html".into(),
        _ => "page.html".into(),
    });
    if !tera.contains_template(&template) {
        return Err(
            Diagnostic::error(&p.source, format!("không có mẫu giao diện `{template}`"))
                .at_line(p.line_of("template"))
                .help("đặt tệp mẫu vào templates/ của trang, hoặc xóa khóa `template`"),
        );
    }
    Ok(template)
}

/// The index of directives: the newest of each issuing level, with a link to all of them.
fn directives_index(ctx: &Ctx, c: &mut View) {
    let site = ctx.site;
    #[derive(Serialize)]
    struct Group<'a> {
        /// The issuing level: "Trung ương Đảng".
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
                .then(|| ctx.u(&routes::directive_level(level.slug()))),
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
}

fn list_view(ctx: &Ctx, l: &ListJob, n: usize, text: Text) -> View {
    let site = ctx.site;
    let per = site.config.paginate;
    let total = views::page_count(l.items.len(), per);
    let chunk = views::page_slice(&l.items, n, per);
    let page_url = |n: usize| routes::paged(&l.path, n);
    let intro = l
        .intro
        .as_ref()
        .filter(|_| n == 1)
        .map(|b| text.render(b, &[]).0);
    let facets: Vec<views::Facet> = l
        .facets
        .iter()
        .map(|(n, u, k)| views::Facet {
            title: n.clone(),
            url: ctx.u(u),
            count: *k,
            current: u == &l.path,
        })
        .collect();
    #[derive(Serialize)]
    struct YearGroup<'a> {
        /// "2025"; empty for entries without a date.
        year: String,
        /// Its entries on this page of the list.
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
    let url = page_url(n);
    let mut c = View::with_text(text, l.template, url.clone());
    c.insert("title", &l.title);
    c.insert("intro", &intro);
    c.insert("items", &items);
    c.insert("groups", &groups);
    c.insert("facets", &facets);
    c.insert("pager", &views::Pager::new(ctx, n, total, page_url));
    c.insert("count", &l.items.len());
    c.insert(
        "calendar",
        &l.calendar.as_ref().filter(|_| n == 1).map(|u| ctx.u(u)),
    );
    c.insert("current_url", &ctx.u(&url));
    c
}
