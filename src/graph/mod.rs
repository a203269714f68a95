//! The site graph, built once from pages and their findings by `build`, a short pipeline of
//! named passes, each making one part of `Site`: the pages and their date order, the citator
//! (directives and who cites them), links by name and commendations, taxonomies, the
//! calendar, and agencies. Ids are typed (`ids`): `site.pages[page]`,
//! `site.citator.directives[directive]`.
//!
//! Rendering only reads the graph. `serve` changes a built graph in place for the commonest
//! edits: `Site::patch_text` and `Site::retitle` (`patch.rs`) for an edit of a page's text,
//! title or date that cites, names and dates the same things, `Site::recite` (`recite.rs`)
//! for one that cites other things.

pub mod agency;
pub mod calendar;
pub mod citator;
pub mod ids;
pub mod links;
pub mod pages;
pub mod patch;
pub mod recite;
pub mod taxonomies;
#[cfg(test)]
pub(crate) mod testing;

pub use agency::Agencies;
pub use calendar::{Calendar, Event, EventAnchor, EventOrigin};
pub use citator::{Citator, CitedBy, Conflict, Directive};
pub use ids::{AgencyId, CitationNo, DeadlineNo, DirectiveId, EventId, IdVec, NameId, PageId};
pub use links::{Links, Named};
pub use pages::Pages;
pub use taxonomies::{Taxonomies, Term};

use crate::analysis::names::NameMatcher;
use crate::analysis::page::Findings;
use crate::config::Config;
use crate::content::{Kind, Meta, Page, SectionIndex};
use crate::diag::{Diagnostic, Diagnostics};
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::Arc;

/// The site: its parts, each made by one pass of `build`.
pub struct Site {
    pub config: Config,
    pub today: Date,
    /// Pages sorted by URL, their findings, section indexes, date order.
    pub pages: Pages,
    /// Directives, where each citation leads, the directives each page is.
    pub citator: Citator,
    /// Names running text can mention, who mentions each page, commendations of models.
    pub links: Links,
    /// Tags and years.
    pub taxonomies: Taxonomies,
    /// Events and deadlines, and each page's.
    pub calendar: Calendar,
    /// Agencies: who issued, who is cited as issuer, who runs models, who was commended.
    pub agencies: Agencies,
    /// The photos pages show, processed (filled by `build` after the graph).
    pub photos: crate::render::photos::Photos,
}

impl Site {
    /// Drops what only the pages quote, once they are written (`render::render`): the
    /// "cited by" and "mentioned by" lists and the titles of the calendar's events (the
    /// events stay, to be counted). The search index, made last, reads none of them. The
    /// quoted sentences themselves take no memory (`analysis::quote`).
    pub fn forget_quotes(&mut self) {
        let no_title: std::sync::Arc<str> = std::sync::Arc::from("");
        for d in self.citator.directives.iter_mut() {
            d.cited_by = Vec::new();
        }
        for m in self.links.mentioned_by.iter_mut() {
            *m = Vec::new();
        }
        for e in self.calendar.events.iter_mut() {
            e.title = no_title.clone();
        }
    }

    /// Where a citation of `d` leads: the plan of this site that carries its number, when
    /// there is one (the plan is the document), else the directive page.
    pub fn directive_href<'a>(&'a self, d: &'a Directive) -> &'a str {
        match d.plan {
            Some(p) => &self.pages[p].url,
            None => &d.url,
        }
    }

    pub fn pages_of(&self, kind: Kind) -> impl Iterator<Item = (PageId, &Page)> {
        self.pages.of_kind(kind)
    }

    /// Pages sorted newest first (date, then Vietnamese title order, then URL).
    pub fn sorted_by_date(&self, ids: Vec<PageId>) -> Vec<PageId> {
        self.pages.sorted_by_date(ids)
    }
}

/// The names of models, directive pages and events, for the name matcher of the analysis phase.
pub fn named_things(pages: &IdVec<PageId, Arc<Page>>) -> IdVec<NameId, Named> {
    let mut out = IdVec::new();
    for (i, p) in pages.iter_enumerated() {
        let title = [p.title.clone()];
        let names = match &p.meta {
            Meta::Model(m) => &m.names[..],
            Meta::Directive(d) => &d.names[..],
            // An event is named by its title ("Ngày hội toàn dân bảo vệ an ninh Tổ quốc"):
            // news of it and plans for it link to its page, which lists them.
            Meta::Event(_) => &title[..],
            _ => continue,
        };
        for n in names {
            out.push(Named {
                name: n.clone(),
                page: i,
            });
        }
    }
    out
}

/// Finds `named` things in text, giving the index of their `NameId` (for `analyse`, which is
/// below the graph and knows them as `usize`).
pub fn name_matcher(named: &IdVec<NameId, Named>) -> NameMatcher<usize> {
    NameMatcher::new(
        named
            .iter_enumerated()
            .map(|(i, n)| (n.name.clone(), i.index())),
    )
}

/// What the graph is built from: the loaded and analysed content.
pub struct Input {
    pub config: Config,
    /// Sorted by URL.
    pub pages: IdVec<PageId, Arc<Page>>,
    /// Parallel to `pages`.
    pub findings: IdVec<PageId, Arc<Findings>>,
    pub sections: Vec<SectionIndex>,
    pub named: IdVec<NameId, Named>,
    pub agencies: Vec<agency::AgencyEntry>,
    /// Keep the parsed citations in `Pages::findings` once the citator has read them.
    /// Otherwise they are dropped at once (`Pages::forget_citations_of`): the site keeps what
    /// pages show of them (`Citator::citations`), and the passes after the citator build on
    /// a smaller site (at 100,000 plans they take about 280 MB).
    pub keep_citations: bool,
}

/// Builds the graph: one pass per part of `Site`, in the order their inputs need.
pub fn build(input: Input, today: Date, diags: &mut Diagnostics) -> Site {
    // Each pass timed on its own with BANGTIN_TIMINGS=1 (`progress::timed`), for its memory.
    use crate::progress::timed;
    let mut pages = timed("graph: pages", || {
        pages::build(input.pages, input.findings, input.sections)
    });
    let (citator, (links, taxonomies, calendar)) = if input.keep_citations {
        // `serve` keeps the parsed citations, so the citator only reads the pages, and the
        // passes after it, which read the pages only, run beside it: an edit that builds the
        // graph again waits for the longest of them, not for their sum.
        let mut later = Diagnostics::new();
        let both = rayon::join(
            || timed("graph: citator", || citator::build_keeping(&pages, diags)),
            || after_citator(&pages, input.named, &mut later),
        );
        diags.extend(later.into_sorted());
        both
    } else {
        let citator = timed("graph: citator", || citator::build(&mut pages, diags));
        (citator, after_citator(&pages, input.named, diags))
    };
    let agencies = timed("graph: agencies", || {
        agency::build(&input.agencies, &pages, &citator.directives)
    });
    Site {
        config: input.config,
        today,
        pages,
        citator,
        links,
        taxonomies,
        calendar,
        agencies,
        photos: Default::default(),
    }
}

/// The passes that read the pages only: links, taxonomies, the calendar (and its far dates,
/// reported in `diags`).
fn after_citator(
    pages: &Pages,
    named: IdVec<NameId, Named>,
    diags: &mut Diagnostics,
) -> (Links, Taxonomies, Calendar) {
    use crate::progress::timed;
    let links = timed("graph: links", || links::build(pages, named, diags));
    let taxonomies = timed("graph: taxonomies", || taxonomies::build(pages));
    let calendar = timed("graph: calendar", || calendar::build(pages));
    diags.extend(timed("graph: far dates", || calendar::far_dates(pages)));
    (links, taxonomies, calendar)
}

pub fn fmt_date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Every site path a page or its aliases claim, with the file that claims it. Two claims of
/// one path are an error naming both files.
pub fn check_collisions(pages: &IdVec<PageId, Arc<Page>>, diags: &mut Diagnostics) {
    let mut claimed: HashMap<&str, &Page> = HashMap::new();
    for p in pages {
        for url in std::iter::once(&p.url).chain(&p.aliases) {
            if let Some(generated) = generated_path(url) {
                let key = if *url == p.url { "slug" } else { "aliases" };
                diags.push(
                    Diagnostic::error(
                        &p.source,
                        format!(
                            "trang ghi ra đường dẫn {url}, trùng với {generated} bangtin tự tạo"
                        ),
                    )
                    .at_line(crate::content::line_of(&p.key_lines, key))
                    .help("đổi tên tệp hoặc đặt `slug:` khác (với đường dẫn cũ: sửa `aliases`)"),
                );
            }
            if let Some(other) = claimed.insert(url.as_str(), p) {
                diags.push(
                    Diagnostic::error(
                        &p.source,
                        format!(
                            "hai trang cùng ghi ra đường dẫn {url}: {} và {}",
                            other.source.display(),
                            p.source.display()
                        ),
                    )
                    .help("đổi tên một tệp, hoặc đặt `slug:` khác cho một trang"),
                );
            }
        }
    }
}

/// What bangtin generates at `url` (or under it), if anything: a page or alias there would
/// be written twice.
fn generated_path(url: &str) -> Option<&'static str> {
    use crate::routes;
    let exact = [
        (routes::NOT_FOUND, "trang 404"),
        (routes::RSS, "nguồn tin RSS"),
        (routes::SITEMAP, "sơ đồ trang (sitemap)"),
        (routes::ROBOTS, "tệp robots.txt"),
        (routes::CALENDAR_FEED, "lịch iCalendar"),
    ];
    if let Some((_, what)) = exact.iter().find(|(p, _)| *p == url) {
        return Some(*what);
    }
    let under = [
        (routes::CALENDAR, "lịch (/lich/)"),
        (routes::SEARCH, "trang tìm kiếm (/tim-kiem/)"),
        ("/api/", "dữ liệu mở (/api/)"),
    ];
    if let Some((_, what)) = under.iter().find(|(p, _)| url.starts_with(*p)) {
        return Some(*what);
    }
    (url.starts_with("/sitemap-") && url.ends_with(".xml")).then_some("sơ đồ trang (sitemap)")
}
