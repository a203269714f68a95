//! The site graph, built once from pages and their findings: URLs, directives and who cites
//! them, taxonomies (tags, years, issuers), models and commendations, and calendar events.
//! Immutable after `build`; rendering only reads it.

pub mod agency;
pub mod calendar;
pub mod patch;

use crate::analysis::deadlines::Span;
use crate::analysis::names::NameMatcher;
use crate::analysis::page::{CiteSource, Findings};
use crate::analysis::references::{
    doc_slug, issuing_level, parse_reference, resolve, Citation, DocKey, DocType, Level,
};
use crate::config::Config;
use crate::content::{Kind, Meta, Page, Plan, SectionIndex};
use crate::diag::{Diagnostic, Diagnostics};
use crate::text::{slugify, vi_cmp};
use jiff::civil::{Date, Time};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Something that running text can mention by name: a model, or a directive with `names`.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub page: usize,
}

#[derive(Debug, Clone)]
pub struct CitedBy {
    pub page: usize,
    pub sentence: String,
    /// Anchor of the citation in the citing page, when it is in the body.
    pub anchor: Option<String>,
    pub source: CiteSource,
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub key: DocKey,
    pub slug: String,
    pub url: String,
    pub symbol: String,
    pub doc_type: Option<DocType>,
    /// Type label: from the directive page, the citations, or inferred from the symbol.
    pub type_label: String,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub official_url: Option<String>,
    /// The page in `content/van-ban/` describing it, if any.
    pub page: Option<usize>,
    pub level: Level,
    pub cited_by: Vec<CitedBy>,
    /// How many pages cite it.
    pub citing_pages: usize,
    /// The pages citing it (its own page aside), newest first: the order its paged
    /// "cited by" list shows them in.
    pub citing: Vec<usize>,
    /// The plan of this site whose number it is.
    pub plan: Option<usize>,
    /// Disagreements between citations (two dates, two issuers), for `check`.
    pub conflicts: Vec<Conflict>,
}

/// Two citations of one document that disagree, found in `page`.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub page: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventOrigin {
    /// An event page.
    Event,
    /// `deadlines` in front matter.
    FrontMatter,
    /// Found in the text of a plan.
    Text,
}

#[derive(Debug, Clone)]
pub struct CalEvent {
    pub title: String,
    pub start: Date,
    /// Inclusive.
    pub end: Date,
    pub span: Option<Span>,
    pub time: Option<Time>,
    pub yearly: bool,
    pub lunar: bool,
    pub since: Option<i16>,
    pub location: Option<String>,
    pub page: usize,
    pub anchor: Option<String>,
    pub sentence: Option<String>,
    pub origin: EventOrigin,
}

pub struct Site {
    pub config: Config,
    /// Sorted by URL.
    pub pages: Vec<Arc<Page>>,
    pub findings: Vec<Arc<Findings>>,
    /// Targets of `findings[p].citations[i]`: an index into `directives`.
    pub citation_targets: Vec<Vec<usize>>,
    pub named: Vec<Named>,
    pub sections: BTreeMap<String, SectionIndex>,
    /// Sorted by slug.
    pub directives: Vec<Directive>,
    pub tags: Vec<Term>,
    pub years: Vec<Term>,
    /// Agencies: who issued, who is cited as issuer, who runs models, who was commended.
    pub agencies: agency::Agencies,
    pub events: Vec<CalEvent>,
    /// Indices into `events` of each page's events.
    pub events_of: Vec<Vec<usize>>,
    /// Each page's place in the order newest first, then Vietnamese title order, then URL:
    /// every list sorts by it instead of comparing titles again.
    pub date_rank: Vec<u32>,
    /// Pages mentioning each page by name (models, laws): page → (page, sentence), newest
    /// first.
    pub mentioned_by: Vec<Vec<(usize, String)>>,
    /// Commendations linked to each model page.
    pub commendations_of: Vec<Vec<usize>>,
    /// The directives each page is: a directive page's own, a plan's by its number.
    pub own_directives: Vec<Vec<usize>>,
    pub today: Date,
}

impl Site {
    /// Where a citation of `d` leads: the plan of this site that carries its number, when
    /// there is one (the plan is the document), else the directive page.
    pub fn directive_href<'a>(&'a self, d: &'a Directive) -> &'a str {
        match d.plan {
            Some(p) => &self.pages[p].url,
            None => &d.url,
        }
    }

    pub fn pages_of(&self, kind: Kind) -> impl Iterator<Item = (usize, &Page)> {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.kind == kind)
            .map(|(i, p)| (i, &**p))
    }

    /// Pages sorted newest first (date, then Vietnamese title order, then URL).
    pub fn sorted_by_date(&self, mut idx: Vec<usize>) -> Vec<usize> {
        idx.sort_unstable_by_key(|&i| self.date_rank[i]);
        idx
    }
}

/// The names of models and directives pages, for the name matcher of the analysis phase.
pub fn named_things(pages: &[Arc<Page>]) -> Vec<Named> {
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let names = match &p.meta {
            Meta::Model(m) => &m.names,
            Meta::Directive(d) => &d.names,
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

/// Finds `named` things in text, giving their index in `named` (for `analyse`).
pub fn name_matcher(named: &[Named]) -> NameMatcher<usize> {
    NameMatcher::new(named.iter().enumerate().map(|(i, n)| (n.name.clone(), i)))
}

/// What the graph is built from: the loaded and analysed content.
pub struct Input {
    pub config: Config,
    /// Sorted by URL.
    pub pages: Vec<Arc<Page>>,
    /// Parallel to `pages`.
    pub findings: Vec<Arc<Findings>>,
    pub sections: Vec<SectionIndex>,
    pub named: Vec<Named>,
    pub agencies: Vec<agency::AgencyEntry>,
}

/// Builds the graph.
pub fn build(input: Input, today: Date, diags: &mut Diagnostics) -> Site {
    let Input {
        config,
        pages,
        findings,
        sections,
        named,
        agencies: agency_entries,
    } = input;
    // Directive pages are citations too: the most authoritative ones.
    let mut dir_page_cites: Vec<(usize, Citation)> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if let Meta::Directive(d) = &p.meta {
            match parse_reference(&d.number) {
                Some(mut c) => {
                    c.date = p.date.or(c.date);
                    c.issuer = d.issuer.clone().or(c.issuer);
                    dir_page_cites.push((i, c));
                }
                None => diags.push(
                    Diagnostic::error(&p.source, format!("số hiệu `{}` không đúng dạng số hiệu văn bản", d.number))
                        .at_line(p.line_of("number"))
                        .help("ghi số hiệu như trên văn bản, ví dụ `44-KL/TW`, `33/KH-UBND`, `124/2021/TT-BCA`"),
                ),
            }
        }
    }
    let mut all: Vec<&Citation> = dir_page_cites.iter().map(|(_, c)| c).collect();
    for f in &findings {
        all.extend(f.citations.iter().map(|c| &c.citation));
    }
    let resolved = resolve(&all);

    // `resolve` gives one key per citation: directive pages' first, then each page's in order.
    let mut by_key: HashMap<&DocKey, Directive> = HashMap::new();
    let new_directive = |key: &DocKey| Directive {
        key: key.clone(),
        slug: doc_slug(key),
        url: crate::routes::directive(&doc_slug(key)),
        symbol: key.symbol.clone(),
        doc_type: None,
        type_label: String::new(),
        date: None,
        issuer: None,
        subject: None,
        official_url: None,
        page: None,
        level: Level::Khac,
        cited_by: Vec::new(),
        citing_pages: 0,
        citing: Vec::new(),
        plan: None,
        conflicts: Vec::new(),
    };
    for ((i, c), key) in dir_page_cites.iter().zip(&resolved.keys) {
        let d = by_key.entry(key).or_insert_with(|| new_directive(key));
        if let Some(other) = d.page {
            diags.push(
                Diagnostic::error(&pages[*i].source, format!("văn bản {} đã có trang {}", c.symbol, pages[other].source.display()))
                    .help("mỗi văn bản chỉ có một trang trong content/van-ban/: gộp hai tệp hoặc xóa một tệp"),
            );
            continue;
        }
        let Meta::Directive(m) = &pages[*i].meta else {
            continue;
        };
        d.page = Some(*i);
        d.date = pages[*i].date;
        d.issuer = m.issuer.clone();
        d.subject = m.subject.clone();
        d.official_url = m.url.clone();
        d.doc_type = m
            .doc_type
            .as_deref()
            .and_then(DocType::parse_word)
            .or(c.doc_type);
        if let Some(t) = &m.doc_type {
            d.type_label = t.clone();
        }
    }
    // Citations, in page order, so the first citing page sets what the others are compared to.
    let mut citation_targets: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    let mut keys_per_page: Vec<&[DocKey]> = Vec::with_capacity(pages.len());
    let mut from = dir_page_cites.len();
    for f in &findings {
        let to = (from + f.citations.len()).min(resolved.keys.len());
        keys_per_page.push(&resolved.keys[from.min(to)..to]);
        from = to;
    }
    for (pi, (f, keys)) in findings.iter().zip(&keys_per_page).enumerate() {
        for (ci, (fc, key)) in f.citations.iter().zip(keys.iter()).enumerate() {
            let d = by_key.entry(key).or_insert_with(|| new_directive(key));
            let c = &fc.citation;
            if d.doc_type.is_none() {
                d.doc_type = c.doc_type;
            }
            match (d.date, c.date) {
                (None, Some(date)) => d.date = Some(date),
                (Some(a), Some(b)) if a != b && d.page.is_none() => {
                    d.conflicts.push(Conflict {
                        page: pi,
                        message: format!(
                            "trích dẫn {} với ngày {}, nơi khác ghi ngày {}",
                            d.symbol,
                            fmt_date(b),
                            fmt_date(a)
                        ),
                    });
                }
                _ => {}
            }
            if d.issuer.is_none() {
                d.issuer = c.issuer.clone();
            }
            let anchor = fc.run.map(|_| format!("vb-{}", ci + 1));
            d.cited_by.push(CitedBy {
                page: pi,
                sentence: fc.sentence.clone(),
                anchor,
                source: fc.source,
            });
        }
    }
    let mut directives: Vec<Directive> = by_key.into_values().collect();
    directives.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    // A directive with a page in content/van-ban/ lives at that page's URL; two symbols that
    // fold to one slug (37/CT-TW and 37-CT/TW) get distinct ones, in key order.
    let mut taken: BTreeSet<String> = pages
        .iter()
        .filter(|p| p.kind == Kind::Directive)
        .map(|p| p.url.clone())
        .collect();
    for d in &mut directives {
        if let Some(pi) = d.page {
            d.url = pages[pi].url.clone();
            d.slug = pages[pi].slug.clone();
            continue;
        }
        let base = d.slug.clone();
        let mut n = 1;
        while taken.contains(&d.url) {
            n += 1;
            d.slug = format!("{base}-{n}");
            d.url = crate::routes::directive(&d.slug);
        }
        taken.insert(d.url.clone());
    }
    directives.sort_by(|a, b| a.slug.cmp(&b.slug));
    let slug_index: HashMap<DocKey, usize> = directives
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key.clone(), i))
        .collect();
    for d in &mut directives {
        if d.doc_type.is_none() {
            d.doc_type = DocType::from_symbol(&d.symbol);
        }
        if d.type_label.is_empty() {
            d.type_label = d.doc_type.map_or("Văn bản", |t| t.label()).to_string();
        }
        d.level = issuing_level(&d.symbol, d.issuer.as_deref());
        // One entry per citing page and sentence, in page order (a page's entries are together).
        let mut kept: Vec<CitedBy> = Vec::with_capacity(d.cited_by.len());
        for c in std::mem::take(&mut d.cited_by) {
            let page_from = kept.partition_point(|k| k.page < c.page);
            if !kept[page_from..].iter().any(|k| k.sentence == c.sentence) {
                kept.push(c);
            }
        }
        d.cited_by = kept;
        d.citing_pages = d.cited_by.chunk_by(|a, b| a.page == b.page).count();
    }
    for keys in &keys_per_page {
        citation_targets.push(keys.iter().map(|k| slug_index[k]).collect());
    }
    for &ci in &resolved.ambiguous {
        // Index into `all`: directive pages first, then findings in order.
        let mut rest = ci;
        if rest < dir_page_cites.len() {
            continue;
        }
        rest -= dir_page_cites.len();
        for (pi, f) in findings.iter().enumerate() {
            if rest < f.citations.len() {
                let fc = &f.citations[rest];
                let mut d = Diagnostic::warning(
                    &pages[pi].source,
                    format!("trích dẫn {} không ghi ngày, mà có nhiều văn bản cùng số hiệu này (các năm khác nhau)", fc.citation.symbol),
                )
                .help("ghi thêm ngày ban hành, ví dụ `ngày 22/01/2019`, để chỉ rõ văn bản nào");
                if let Some(l) = fc.line {
                    d = d.at_line(l);
                }
                diags.push(d);
                break;
            }
            rest -= f.citations.len();
        }
    }
    for (pi, f) in findings.iter().enumerate() {
        for (text, line) in &f.unparsed {
            diags.push(
                Diagnostic::error(&pages[pi].source, format!("không nhận ra số hiệu văn bản trong `{text}`"))
                    .at_line(*line)
                    .help("ghi số hiệu (ví dụ `06/CT-BCA-V05`) hoặc trích dẫn đầy đủ (ví dụ `Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an`)"),
            );
        }
    }

    // Pages that mention a page (a model or a directive page) by name, and directive backlinks.
    let mut mentioned_by: Vec<Vec<(usize, String)>> = vec![Vec::new(); pages.len()];
    for (pi, f) in findings.iter().enumerate() {
        for n in &f.names {
            let target = named[n.target].page;
            if target != pi && !mentioned_by[target].iter().any(|(p, _)| *p == pi) {
                mentioned_by[target].push((pi, n.sentence.clone()));
            }
        }
    }

    // Commendations ↔ models.
    let mut commendations_of: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    let model_by_slug: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Model)
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect();
    for (i, p) in pages.iter().enumerate() {
        if let Meta::Commendation(c) = &p.meta {
            if let Some((m, line)) = &c.model {
                match model_by_slug.get(slugify(m).as_str()) {
                    Some(&mi) => commendations_of[mi].push(i),
                    None => diags.push(
                        Diagnostic::error(&p.source, format!("không có mô hình `{m}`"))
                            .at_line(*line)
                            .help(
                                "ghi tên tệp (không có .md) của một trang trong content/mo-hinh/",
                            ),
                    ),
                }
            }
        }
    }

    let tags = terms(&pages, |p| p.tags.clone());
    let years = terms(&pages, |p| {
        p.year()
            .filter(|_| p.kind != Kind::Event && p.kind != Kind::Page)
            .map(|y| y.to_string())
            .into_iter()
            .collect()
    });
    let mut agencies = agency::Agencies::new(&agency_entries);
    for (i, p) in pages.iter().enumerate() {
        match &p.meta {
            Meta::Plan(_) | Meta::Commendation(_) => {
                if let Some(name) = p.issuer() {
                    let a = agencies.resolve(name);
                    agencies.list[a].issued.push(i);
                }
            }
            _ => {}
        }
        match &p.meta {
            Meta::Model(m) => {
                if let Some(unit) = &m.unit {
                    let a = agencies.resolve(unit);
                    agencies.list[a].models.push(i);
                }
            }
            Meta::Commendation(c) => {
                for r in c
                    .recipients
                    .iter()
                    .filter(|r| r.kind != Some(crate::content::RecipientKind::Individual))
                {
                    let a = agencies.resolve(&r.name);
                    if !agencies.list[a].commendations.contains(&i) {
                        agencies.list[a].commendations.push(i);
                    }
                }
            }
            _ => {}
        }
    }
    for (di, d) in directives.iter().enumerate() {
        if let Some(issuer) = &d.issuer {
            let a = agencies.resolve(issuer);
            agencies.list[a].directives.push(di);
        }
    }
    agencies.finish();
    let mut years = years;
    years.sort_by(|a, b| b.name.cmp(&a.name));

    let mut own_directives: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    let by_symbol: HashMap<&str, Vec<usize>> =
        directives
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut m, (i, d)| {
                m.entry(d.symbol.as_str()).or_insert_with(Vec::new).push(i);
                m
            });
    for (di, d) in directives.iter().enumerate() {
        if let Some(p) = d.page {
            own_directives[p].push(di);
        }
    }
    for (pi, p) in pages.iter().enumerate() {
        if let Meta::Plan(Plan {
            number: Some(n), ..
        }) = &p.meta
        {
            for &di in by_symbol.get(n.as_str()).into_iter().flatten() {
                if !own_directives[pi].contains(&di) {
                    own_directives[pi].push(di);
                }
            }
        }
    }
    for (pi, owned) in own_directives.iter().enumerate() {
        if pages[pi].kind == Kind::Plan {
            for &di in owned {
                directives[di].plan.get_or_insert(pi);
            }
        }
    }
    let date_rank = date_ranks(&pages);
    for d in &mut directives {
        d.citing = d
            .cited_by
            .chunk_by(|a, b| a.page == b.page)
            .map(|run| run[0].page)
            .filter(|&p| Some(p) != d.page)
            .collect();
        d.citing.sort_unstable_by_key(|&p| date_rank[p]);
        d.citing_pages = d.citing.len();
    }
    for by in &mut mentioned_by {
        by.sort_by_key(|(p, _)| date_rank[*p]);
    }
    let events = collect_events(&pages, &findings);
    let mut events_of: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    for (ei, e) in events.iter().enumerate() {
        events_of[e.page].push(ei);
    }
    let sections = sections
        .into_iter()
        .map(|s| (s.section.clone(), s))
        .collect();

    Site {
        config,
        pages,
        findings,
        citation_targets,
        named,
        sections,
        directives,
        tags,
        years,
        agencies,
        events,
        events_of,
        date_rank,
        mentioned_by,
        commendations_of,
        own_directives,
        today,
    }
}

/// See `Site::date_rank`. Sort keys are computed once per page, in parallel.
fn date_ranks(pages: &[Arc<Page>]) -> Vec<u32> {
    use rayon::prelude::*;
    let keys: Vec<_> = pages
        .par_iter()
        .map(|p| crate::text::sort_key(&p.title))
        .collect();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        pages[b]
            .date
            .cmp(&pages[a].date)
            .then_with(|| keys[a].cmp(&keys[b]))
            .then_with(|| pages[a].url.cmp(&pages[b].url))
    });
    let mut rank = vec![0u32; pages.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

pub fn fmt_date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Groups pages by the names `f` gives them; terms in Vietnamese order, pages newest first.
fn terms(pages: &[Arc<Page>], f: impl Fn(&Page) -> Vec<String>) -> Vec<Term> {
    let mut map: BTreeMap<String, Term> = BTreeMap::new();
    // Few names, used by many pages: slugify each once.
    let mut slugs: HashMap<String, String> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        for name in f(p) {
            let slug = match slugs.get(&name) {
                Some(s) => s.clone(),
                None => {
                    let s = slugify(&name);
                    slugs.insert(name.clone(), s.clone());
                    s
                }
            };
            if slug.is_empty() {
                continue;
            }
            let t = map.entry(slug.clone()).or_insert_with(|| Term {
                slug,
                name: name.clone(),
                pages: Vec::new(),
            });
            if t.pages.last() != Some(&i) {
                t.pages.push(i);
            }
        }
    }
    let mut out: Vec<Term> = map.into_values().collect();
    for t in &mut out {
        t.pages.sort_by(|&a, &b| {
            pages[b]
                .date
                .cmp(&pages[a].date)
                .then(pages[a].url.cmp(&pages[b].url))
        });
    }
    out.sort_by(|a, b| vi_cmp(&a.name, &b.name));
    out
}

fn collect_events(pages: &[Arc<Page>], findings: &[Arc<Findings>]) -> Vec<CalEvent> {
    let mut events = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        match &p.meta {
            Meta::Event(e) => {
                if let Some(start) = p.date {
                    events.push(CalEvent {
                        title: p.title.clone(),
                        start,
                        end: e.end_date.unwrap_or(start),
                        span: None,
                        time: e.time,
                        yearly: e.yearly,
                        lunar: e.lunar,
                        since: e.since,
                        location: e.location.clone(),
                        page: i,
                        anchor: None,
                        sentence: None,
                        origin: EventOrigin::Event,
                    });
                }
            }
            Meta::Plan(plan) => {
                for d in &plan.deadlines {
                    events.push(CalEvent {
                        title: d.title.clone(),
                        start: d.date,
                        end: d.date,
                        span: Some(Span::Day(d.date)),
                        time: None,
                        yearly: d.yearly,
                        lunar: false,
                        since: None,
                        location: None,
                        page: i,
                        anchor: Some("thoi-han".to_string()),
                        sentence: None,
                        origin: EventOrigin::FrontMatter,
                    });
                }
                for (n, fd) in findings[i].deadlines.iter().enumerate() {
                    let span = fd.deadline.span;
                    // A deadline also given in front matter is not listed twice.
                    if plan.deadlines.iter().any(|d| Span::Day(d.date) == span) {
                        continue;
                    }
                    events.push(CalEvent {
                        title: fd.deadline.title.clone(),
                        start: span.first_day(),
                        end: span.last_day(),
                        span: Some(span),
                        time: None,
                        yearly: fd.deadline.yearly,
                        lunar: false,
                        since: None,
                        location: None,
                        page: i,
                        anchor: Some(format!("han-{}", n + 1)),
                        sentence: Some(fd.sentence.clone()),
                        origin: EventOrigin::Text,
                    });
                }
            }
            _ => {}
        }
    }
    events.sort_by(|a, b| (a.start, a.page, &a.title).cmp(&(b.start, b.page, &b.title)));
    events
}

/// Every site path a page or its aliases claim, with the file that claims it. Two claims of
/// one path are an error naming both files.
pub fn check_collisions(pages: &[Arc<Page>], diags: &mut Diagnostics) {
    let mut claimed: HashMap<&str, &Page> = HashMap::new();
    for p in pages {
        for url in std::iter::once(&p.url).chain(&p.aliases) {
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
