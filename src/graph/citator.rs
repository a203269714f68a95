//! The citator: every directive (a document of the state or the Party) the site cites or
//! describes, who cites it and in which sentence, which directive each citation leads to, and
//! the directives each page is. Made by `build`, a pass of `graph::build`.

use super::ids::{CitationNo, DirectiveId, IdVec, PageId};
use super::pages::Pages;
use crate::analysis::page::CiteSource;
use crate::analysis::references::{
    doc_slug, issuing_level, parse_reference, resolve, Citation, DocKey, DocType, Level,
};
use crate::content::{Kind, Meta, Plan};
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::{BTreeSet, HashMap};

/// The directives of the site and the citations leading to them.
pub struct Citator {
    /// Sorted by slug.
    pub directives: IdVec<DirectiveId, Directive>,
    /// Each page's citations as its views show them: `citations[p][n]` is
    /// `findings[p].citations[n]`, with the directive it leads to.
    pub citations: IdVec<PageId, Vec<PageCitation>>,
    /// The directives each page is: a directive page's own, a plan's by its number.
    pub own_directives: IdVec<PageId, Vec<DirectiveId>>,
}

impl Citator {
    /// Where the citations of page `p` lead, in order (one per citation).
    pub fn targets(&self, p: PageId) -> impl Iterator<Item = DirectiveId> + '_ {
        self.citations[p].iter().map(|c| c.target)
    }
}

/// A citation in a page, as the page shows it: the directive it leads to, where its link
/// goes in the text, the sentence quoting it. The analysis's own citations (symbol, issuer,
/// title and ranges as parsed, about 200 bytes each) are read by the citator only, and a build
/// drops them as soon as it has read them (`Pages::forget_citations_of`).
#[derive(Debug, Clone, PartialEq)]
pub struct PageCitation {
    pub target: DirectiveId,
    pub source: CiteSource,
    /// The text run (`markdown::for_each_run`) it is in; `None` for front-matter fields.
    pub run: Option<usize>,
    /// The byte range of its link in the run.
    pub link: std::ops::Range<usize>,
    pub sentence: crate::analysis::page::Sentence,
}

/// The citations of `findings` as the page shows them, leading to `targets` (one each).
pub fn page_citations(
    findings: &crate::analysis::page::Findings,
    targets: impl IntoIterator<Item = DirectiveId>,
) -> Vec<PageCitation> {
    findings
        .citations
        .iter()
        .zip(targets)
        .map(|(fc, target)| PageCitation {
            target,
            source: fc.source,
            run: fc.run,
            link: fc.citation.link_range.clone(),
            sentence: fc.sentence,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct CitedBy {
    pub page: PageId,
    pub sentence: crate::analysis::page::Sentence,
    /// The citation in the citing page, when it is in the body (and has an anchor there).
    pub citation: Option<CitationNo>,
    pub source: CiteSource,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub key: DocKey,
    pub slug: String,
    pub url: String,
    pub symbol: String,
    pub doc_type: Option<DocType>,
    /// Type label: from the directive page, the citations, or inferred from the symbol.
    pub type_label: String,
    pub date: Option<jiff::civil::Date>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// The title an act is cited by ("Luật Phổ biến, giáo dục pháp luật"), for one without a
    /// page in `content/van-ban/`: the one most citing pages give.
    pub name: Option<String>,
    pub official_url: Option<String>,
    /// The page in `content/van-ban/` describing it, if any.
    pub page: Option<PageId>,
    pub level: Level,
    /// One entry per citing page and sentence, in page order (a page's entries together).
    pub cited_by: Vec<CitedBy>,
    /// How many pages cite it (its own page aside).
    pub citing_pages: usize,
    /// The pages citing it (its own page aside), newest first: the order its paged
    /// "cited by" list shows them in.
    pub citing: Vec<PageId>,
    /// The plan of this site whose number it is.
    pub plan: Option<PageId>,
    /// Disagreements between citations (two dates, two issuers), for `check`.
    pub conflicts: Vec<Conflict>,
}

/// Two citations of one document that disagree, found in `page`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub page: PageId,
    pub message: String,
}

/// The citator pass: resolves every citation (and every directive page's number) to a
/// directive, and records who cites what. Each page's parsed citations are dropped as soon as
/// what it shows of them is made (`Pages::forget_citations_of`): at 100,000 plans, the two
/// together were the build's peak of memory. `build_keeping` keeps them.
pub fn build(pages: &mut Pages, diags: &mut Diagnostics) -> Citator {
    let (directives, targets) =
        crate::progress::timed("graph: resolve", || resolve_all(pages, diags));
    let citations = targets
        .into_iter()
        .enumerate()
        .map(|(p, t)| {
            let p = PageId::new(p);
            let shown = page_citations(&pages.findings[p], t);
            pages.forget_citations_of(p);
            shown
        })
        .collect();
    assemble(pages, directives, citations)
}

/// The citator pass keeping the parsed citations (`serve`): it only reads the pages, so the
/// passes after it can run beside it (`graph::build`).
pub fn build_keeping(pages: &Pages, diags: &mut Diagnostics) -> Citator {
    let (directives, targets) =
        crate::progress::timed("graph: resolve", || resolve_all(pages, diags));
    let citations = targets
        .into_iter()
        .enumerate()
        .map(|(p, t)| page_citations(&pages.findings[PageId::new(p)], t))
        .collect();
    assemble(pages, directives, citations)
}

/// The directives each page is, and the descriptions and orders read from the pages.
fn assemble(
    pages: &Pages,
    mut directives: IdVec<DirectiveId, Directive>,
    citations: IdVec<PageId, Vec<PageCitation>>,
) -> Citator {
    let own_directives = own_directives(pages, &mut directives);
    describe_from_plans(&mut directives, pages);
    order_citing(&mut directives, pages);
    Citator {
        directives,
        citations,
        own_directives,
    }
}

/// The directives, described by their pages and citations, and where each page's citations
/// lead (one per citation, in order).
fn resolve_all(
    pages: &Pages,
    diags: &mut Diagnostics,
) -> (
    IdVec<DirectiveId, Directive>,
    IdVec<PageId, Vec<DirectiveId>>,
) {
    let dir_page_cites = directive_page_citations(pages, diags);
    // Directive pages' numbers first, then every page's citations in page order.
    let mut all: Vec<&Citation> = dir_page_cites.iter().map(|(_, c)| c).collect();
    all.extend(
        pages
            .findings
            .iter()
            .flat_map(|f| f.citations.iter().map(|fc| &fc.citation)),
    );
    let resolved = resolve(&all);
    drop(all);
    let (page_docs, found_docs) = resolved.of.split_at(dir_page_cites.len());
    // A directive per document, its "cited by" list sized to its citations at once (grown
    // by doubling, lists took up to twice their size).
    let mut cited = vec![0usize; resolved.docs.len()];
    for &doc in found_docs {
        cited[doc as usize] += 1;
    }
    let mut by_doc: Vec<Directive> = resolved
        .docs
        .iter()
        .zip(cited)
        .map(|(key, n)| {
            let mut d = new_directive(key);
            d.cited_by.reserve_exact(n);
            d
        })
        .collect();
    for ((p, c), &doc) in dir_page_cites.iter().zip(page_docs) {
        describe_from_page(&mut by_doc[doc as usize], *p, c, pages, diags);
    }
    let mut docs = found_docs.iter();
    let cites = pages
        .findings
        .iter_enumerated()
        .flat_map(|(p, f)| (0..f.citations.len()).map(move |n| (p, CitationNo::new(n))));
    add_all(&mut by_doc, pages, cites.zip(docs.by_ref().copied()));
    let mut directives = assign_urls(by_doc, pages);
    for d in &mut directives {
        finish(d);
    }
    let index: HashMap<&DocKey, DirectiveId> = directives
        .iter_enumerated()
        .map(|(i, d)| (&d.key, i))
        .collect();
    let of_doc: Vec<DirectiveId> = resolved.docs.iter().map(|k| index[k]).collect();
    let mut docs = found_docs.iter();
    let targets = pages
        .findings
        .iter()
        .map(|f| {
            docs.by_ref()
                .take(f.citations.len())
                .map(|&doc| of_doc[doc as usize])
                .collect()
        })
        .collect();
    let first_found = dir_page_cites.len();
    let ambiguous = resolved
        .ambiguous
        .iter()
        .filter_map(|&i| i.checked_sub(first_found));
    warn_ambiguous(ambiguous, pages, diags);
    report_unparsed(pages, diags);
    (directives, targets)
}

pub(super) fn new_directive(key: &DocKey) -> Directive {
    Directive {
        key: key.clone(),
        slug: doc_slug(key),
        url: crate::routes::directive(&doc_slug(key)),
        symbol: key.symbol.clone(),
        doc_type: None,
        type_label: String::new(),
        date: None,
        issuer: None,
        subject: None,
        name: None,
        official_url: None,
        page: None,
        level: Level::Khac,
        cited_by: Vec::new(),
        citing_pages: 0,
        citing: Vec::new(),
        plan: None,
        conflicts: Vec::new(),
    }
}

/// The number of each directive page, read as a citation dated and issued as the page says.
fn directive_page_citations(pages: &Pages, diags: &mut Diagnostics) -> Vec<(PageId, Citation)> {
    let mut out = Vec::new();
    for (i, p) in pages.iter_enumerated() {
        let Meta::Directive(d) = &p.meta else {
            continue;
        };
        match directive_page_citation(p) {
            Some(c) => out.push((i, c)),
            None => diags.push(
                Diagnostic::error(&p.source, format!("số hiệu `{}` không đúng dạng số hiệu văn bản", d.number))
                    .at_line(p.line_of("number"))
                    .help("ghi số hiệu như trên văn bản, ví dụ `44-KL/TW`, `33/KH-UBND`, `124/2021/TT-BCA`"),
            ),
        }
    }
    out
}

/// The number of directive page `p`, read as a citation dated and issued as the page says;
/// `None` when it is not a number, or `p` is no directive page.
pub(super) fn directive_page_citation(p: &crate::content::Page) -> Option<Citation> {
    let Meta::Directive(d) = &p.meta else {
        return None;
    };
    let mut c = parse_reference(&d.number)?;
    c.date = p.date.or(c.date);
    c.issuer = d.issuer.clone().or(c.issuer);
    Some(c)
}

/// Adds the citations `cites` (pages in page order, each page's in order, with the place in
/// `by_doc` of the document each names) to those documents' directives, then describes each
/// from what its citations say. In page order, so the first citing page sets what the others
/// are compared to.
pub(super) fn add_all(
    by_doc: &mut [Directive],
    pages: &Pages,
    cites: impl Iterator<Item = ((PageId, CitationNo), u32)>,
) {
    let mut accounts: Vec<Accounts> = (0..by_doc.len()).map(|_| Accounts::default()).collect();
    for ((p, n), doc) in cites {
        add_citation(&mut by_doc[doc as usize], pages, p, n);
        let c = &pages.findings[p].citations[n.index()].citation;
        accounts[doc as usize].add(c, p, pages);
    }
    for (d, a) in by_doc.iter_mut().zip(&accounts) {
        a.describe(d, pages);
    }
}

/// What directive page `p` says of `d`; a second page of one document is an error.
pub(super) fn describe_from_page(
    d: &mut Directive,
    p: PageId,
    c: &Citation,
    pages: &Pages,
    diags: &mut Diagnostics,
) {
    if let Some(other) = d.page {
        diags.push(
            Diagnostic::error(
                &pages[p].source,
                format!(
                    "văn bản {} đã có trang {}",
                    c.symbol,
                    pages[other].source.display()
                ),
            )
            .help(
                "mỗi văn bản chỉ có một trang trong content/van-ban/: gộp hai tệp hoặc xóa một tệp",
            ),
        );
        return;
    }
    let Meta::Directive(m) = &pages[p].meta else {
        return;
    };
    d.page = Some(p);
    d.date = pages[p].date;
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

/// Citation `n` of page `p` cites `d`: fills in what `d` does not know yet, notes a date that
/// disagrees, and records the citing sentence.
fn add_citation(d: &mut Directive, pages: &Pages, p: PageId, n: CitationNo) {
    let fc = &pages.findings[p].citations[n.index()];
    let c = &fc.citation;
    if d.doc_type.is_none() {
        d.doc_type = c.doc_type;
    }
    match (d.date, c.date) {
        (None, Some(date)) => d.date = Some(date),
        (Some(a), Some(b)) if a != b && d.page.is_none() => {
            d.conflicts.push(Conflict {
                page: p,
                message: format!(
                    "trích dẫn {} với ngày {}, nơi khác ghi ngày {}",
                    d.symbol,
                    super::fmt_date(b),
                    super::fmt_date(a)
                ),
            });
        }
        _ => {}
    }
    if d.issuer.is_none() {
        d.issuer = c.issuer.clone();
    }
    d.cited_by.push(CitedBy {
        page: p,
        sentence: fc.sentence,
        citation: fc.run.map(|_| n),
        source: fc.source,
    });
}

/// What the citations of one directive say of its date, issuer and title: each value once,
/// however many citations give it (an issuer string per citation took 34 MB at 100,000 plans).
#[derive(Default)]
struct Accounts<'a> {
    dates: Tally<jiff::civil::Date>,
    issuers: Tally<&'a str>,
    names: Tally<&'a str>,
}

impl<'a> Accounts<'a> {
    /// Adds citation `c` of page `p`. Pages come in page order, a page's citations together.
    fn add(&mut self, c: &'a Citation, p: PageId, pages: &Pages) {
        let rank = pages.date_rank[p];
        if let Some(d) = c.date {
            self.dates.add(d, p, rank);
        }
        if let Some(i) = c.issuer.as_deref() {
            self.issuers.add(i, p, rank);
        }
        if let Some(n) = c.name.as_deref() {
            self.names.add(n, p, rank);
        }
    }

    /// Fills in what the directive's own page does not say: the date, issuer and title most
    /// citing pages give (see `Tally::most_said`).
    fn describe(&self, d: &mut Directive, pages: &Pages) {
        let page = d.page.map(|p| &pages[p]);
        let page_issuer = page.and_then(|p| match &p.meta {
            Meta::Directive(m) => m.issuer.as_deref(),
            _ => None,
        });
        if page.and_then(|p| p.date).is_none() {
            if let Some(date) = self.dates.most_said() {
                d.date = Some(date);
            }
        }
        if page_issuer.is_none() {
            if let Some(issuer) = self.issuers.most_said() {
                d.issuer = Some(issuer.to_string());
            }
        }
        if page.is_none() {
            d.name = self.names.most_said().map(str::to_string);
        }
    }
}

/// A directive's date, issuer and title as its citations say them (`most_said_of`).
pub(super) type Said = (Option<jiff::civil::Date>, Option<String>, Option<String>);

/// The date, issuer and title `Accounts::describe` would choose for directive `di` of
/// `citator` from its citations, with the pages in their current date order: the choice
/// between values given by as many pages depends on that order (`Tally::most_said`).
pub(super) fn most_said_of(citator: &Citator, di: DirectiveId, pages: &Pages) -> Said {
    let mut accounts = Accounts::default();
    let mut last = None;
    for c in &citator.directives[di].cited_by {
        if last == Some(c.page) {
            continue;
        }
        last = Some(c.page);
        for (n, t) in citator.targets(c.page).enumerate() {
            if t == di {
                accounts.add(&pages.findings[c.page].citations[n].citation, c.page, pages);
            }
        }
    }
    (
        accounts.dates.most_said(),
        accounts.issuers.most_said().map(str::to_string),
        accounts.names.most_said().map(str::to_string),
    )
}

/// The values citations give for one field, each with how many pages give it, the last of
/// them and the oldest one's date rank.
struct Tally<T>(std::collections::BTreeMap<T, Told>);

#[derive(Clone, Copy)]
struct Told {
    pages: u32,
    last: PageId,
    oldest: u32,
}

impl<T> Default for Tally<T> {
    fn default() -> Self {
        Tally(Default::default())
    }
}

impl<T: Ord + Copy> Tally<T> {
    /// Page `p` (of date rank `rank`) gives `v`. A page's citations come together, so a page
    /// saying it twice counts once.
    fn add(&mut self, v: T, p: PageId, rank: u32) {
        let told = self.0.entry(v).or_insert(Told {
            pages: 0,
            last: p,
            oldest: rank,
        });
        if told.pages == 0 || told.last != p {
            told.pages += 1;
            told.last = p;
        }
        told.oldest = told.oldest.max(rank);
    }

    /// The value the most pages give; between values given by as many pages, the one the
    /// oldest of them gives (pages by date, then title, then URL), so the choice does not
    /// depend on which file was read first.
    fn most_said(&self) -> Option<T> {
        self.0
            .iter()
            .max_by_key(|(_, t)| (t.pages, t.oldest))
            .map(|(v, _)| *v)
    }
}

/// Gives each directive its URL and sorts them by slug. A directive with a page in
/// content/van-ban/ lives at that page's URL; two symbols that fold to one slug (37/CT-TW and
/// 37-CT/TW) get distinct ones, in key order.
fn assign_urls(mut directives: Vec<Directive>, pages: &Pages) -> IdVec<DirectiveId, Directive> {
    directives.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    let mut taken: BTreeSet<String> = pages
        .iter()
        .filter(|p| p.kind == Kind::Directive)
        .map(|p| p.url.clone())
        .collect();
    for d in &mut directives {
        assign_url(d, pages, &mut taken);
    }
    directives.sort_by(|a, b| a.slug.cmp(&b.slug));
    IdVec::from_vec(directives)
}

/// Gives `d` its URL: its page's, else the first of its slug, `-2`, `-3`… not `taken`.
pub(super) fn assign_url(d: &mut Directive, pages: &Pages, taken: &mut BTreeSet<String>) {
    if let Some(pi) = d.page {
        d.url = pages[pi].url.clone();
        d.slug = pages[pi].slug.clone();
        return;
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

/// What is inferred once every citation is in: type, label, level; one "cited by" entry per
/// citing page and sentence.
pub(super) fn finish(d: &mut Directive) {
    if d.doc_type.is_none() {
        d.doc_type = DocType::from_symbol(&d.symbol);
    }
    if d.type_label.is_empty() {
        d.type_label = d.doc_type.map_or("Văn bản", |t| t.label()).to_string();
    }
    if d.issuer.is_none() {
        d.issuer = issuer_of_symbol(&d.symbol).map(str::to_string);
    }
    d.level = issuing_level(&d.symbol, d.issuer.as_deref());
    // Entries are in page order: a page's entries are together.
    let mut kept: Vec<CitedBy> = Vec::with_capacity(d.cited_by.len());
    for c in std::mem::take(&mut d.cited_by) {
        let page_from = kept.partition_point(|k| k.page < c.page);
        if !kept[page_from..].iter().any(|k| k.sentence == c.sentence) {
            kept.push(c);
        }
    }
    // Sentences repeated by one page are dropped: no room kept for them.
    kept.shrink_to_fit();
    d.cited_by = kept;
}

/// The issuer a symbol names by itself: only the National Assembly's acts (`14/2012/QH13`,
/// `…/UBTVQH14`) do; other symbols abbreviate issuers too loosely to name them.
fn issuer_of_symbol(symbol: &str) -> Option<&'static str> {
    let last = crate::text::fold(symbol.rsplit('/').next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if last.strip_prefix("ubtvqh").is_some_and(digits) {
        Some("Ủy ban Thường vụ Quốc hội")
    } else if last.strip_prefix("qh").is_some_and(digits) {
        Some("Quốc hội")
    } else {
        None
    }
}

/// An undated citation of a symbol that names several documents: a warning at its line.
/// `ambiguous` counts the citations of all pages in page order, from 0, ascending.
fn warn_ambiguous(ambiguous: impl Iterator<Item = usize>, pages: &Pages, diags: &mut Diagnostics) {
    let mut ambiguous = ambiguous.peekable();
    let mut first = 0;
    for (p, f) in pages.findings.iter_enumerated() {
        let end = first + f.citations.len();
        while let Some(i) = ambiguous.next_if(|&i| i < end) {
            let fc = &f.citations[i - first];
            let mut d = Diagnostic::warning(
                &pages[p].source,
                format!("trích dẫn {} không ghi ngày, mà có nhiều văn bản cùng số hiệu này (các năm khác nhau)", fc.citation.symbol),
            )
            .help("ghi thêm ngày ban hành, ví dụ `ngày 22/01/2019`, để chỉ rõ văn bản nào");
            if let Some(l) = fc.line {
                d = d.at_line(l);
            }
            diags.push(d);
        }
        first = end;
    }
}

/// Front-matter references that are not a document number.
fn report_unparsed(pages: &Pages, diags: &mut Diagnostics) {
    for (p, f) in pages.findings.iter_enumerated() {
        for (text, line) in &f.unparsed {
            diags.push(
                Diagnostic::error(&pages[p].source, format!("không nhận ra số hiệu văn bản trong `{text}`"))
                    .at_line(*line)
                    .help("ghi số hiệu (ví dụ `06/CT-BCA-V05`) hoặc trích dẫn đầy đủ (ví dụ `Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an`)"),
            );
        }
    }
}

/// The directives each page is (its own page's, a plan's by number); a plan is the document
/// of the directives of its number (`Directive::plan`).
fn own_directives(
    pages: &Pages,
    directives: &mut IdVec<DirectiveId, Directive>,
) -> IdVec<PageId, Vec<DirectiveId>> {
    let mut own: IdVec<PageId, Vec<DirectiveId>> = IdVec::filled(Vec::new(), pages.len());
    let mut by_symbol: HashMap<&str, Vec<DirectiveId>> = HashMap::new();
    for (di, d) in directives.iter_enumerated() {
        by_symbol.entry(d.symbol.as_str()).or_default().push(di);
        if let Some(p) = d.page {
            own[p].push(di);
        }
    }
    for (pi, p) in pages.iter_enumerated() {
        if let Meta::Plan(Plan {
            number: Some(n), ..
        }) = &p.meta
        {
            for &di in by_symbol.get(n.as_str()).into_iter().flatten() {
                if !own[pi].contains(&di) {
                    own[pi].push(di);
                }
            }
        }
    }
    for (pi, owned) in own.iter_enumerated() {
        if pages[pi].kind == Kind::Plan {
            for &di in owned {
                directives[di].plan.get_or_insert(pi);
            }
        }
    }
    own
}

/// A directive that is a plan of this site (and has no page in `content/van-ban/`) is what
/// that plan says: its date, issuer and title (as the subject), over what citing texts say.
fn describe_from_plans(directives: &mut IdVec<DirectiveId, Directive>, pages: &Pages) {
    for d in directives.iter_mut() {
        describe_from_plan(d, pages);
    }
}

/// `describe_from_plans` of one directive.
pub(super) fn describe_from_plan(d: &mut Directive, pages: &Pages) {
    let Some(plan) = d.plan.filter(|_| d.page.is_none()).map(|p| &pages[p]) else {
        return;
    };
    if plan.date.is_some() {
        d.date = plan.date;
    }
    if let Some(issuer) = plan.issuer() {
        d.issuer = Some(issuer.to_string());
    }
    d.subject = Some(plan.title.clone());
    d.name = None;
    d.level = issuing_level(&d.symbol, d.issuer.as_deref());
}

/// `Directive::citing`: the citing pages but its own, newest first.
fn order_citing(directives: &mut IdVec<DirectiveId, Directive>, pages: &Pages) {
    for d in directives {
        order_citing_of(d, pages);
    }
}

/// `order_citing` of one directive.
pub(super) fn order_citing_of(d: &mut Directive, pages: &Pages) {
    d.citing = d
        .cited_by
        .chunk_by(|a, b| a.page == b.page)
        .map(|run| run[0].page)
        .filter(|&p| Some(p) != d.page)
        .collect();
    d.citing.sort_unstable_by_key(|&p| pages.date_rank[p]);
    d.citing_pages = d.citing.len();
}

#[cfg(test)]
mod tests {
    use super::super::testing::load;
    use super::*;

    fn citator(files: &[(&str, &str)]) -> (Pages, Citator, Diagnostics) {
        let input = load(files);
        let pages = super::super::pages::build(input.pages, input.findings, input.sections);
        let mut diags = Diagnostics::new();
        let citator = build_keeping(&pages, &mut diags);
        (pages, citator, diags)
    }

    #[test]
    fn citations_lead_to_one_directive_and_its_citing_pages_newest_first() {
        let (pages, c, diags) = citator(&[
            (
                "van-ban/kl-44.md",
                "---\ntitle: Kết luận 44\nnumber: \"44-KL/TW\"\ndoc_type: \"Kết luận\"\nissuer: \"Ban Bí thư\"\ndate: 2019-01-22\n---\nNội dung.\n",
            ),
            (
                "ke-hoach/a.md",
                "---\ntitle: A\ndate: 2020-01-01\n---\nThực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư.\n",
            ),
            (
                "ke-hoach/b.md",
                "---\ntitle: B\ndate: 2024-01-01\nnumber: \"12/KH-UBND\"\n---\nTheo Kết luận số 44-KL/TW, làm ngay. Lại theo Kết luận số 44-KL/TW, làm tiếp.\n",
            ),
            (
                "ke-hoach/c.md",
                "---\ntitle: C\ndate: 2025-01-01\n---\nTriển khai Kế hoạch số 12/KH-UBND.\n",
            ),
        ]);
        assert!(!diags.has_errors());
        let kl = c
            .directives
            .iter_enumerated()
            .find(|(_, d)| d.symbol == "44-KL/TW")
            .map(|(i, _)| i)
            .expect("44-KL/TW is a directive");
        let d = &c.directives[kl];
        assert_eq!(d.url, "/van-ban/kl-44/", "it lives at its page's URL");
        let titles = |ids: &[PageId]| -> Vec<String> {
            ids.iter().map(|&p| pages[p].title.clone()).collect()
        };
        assert_eq!(titles(&d.citing), ["B", "A"]);
        assert_eq!(d.citing_pages, 2);
        // B cites it twice, in two sentences: two entries, each with its anchor's number.
        let b: Vec<_> = d
            .cited_by
            .iter()
            .filter(|c| pages[c.page].title == "B")
            .collect();
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].citation.map(CitationNo::number), Some(2));
        let page_b = pages.ids().find(|&p| pages[p].title == "B").expect("B");
        let targets: Vec<_> = c.citations[page_b].iter().map(|c| c.target).collect();
        assert_eq!(targets, [kl, kl]);
        // Plan B carries number 12/KH-UBND: C's citation of it leads to B.
        let kh = c.own_directives[page_b][0];
        assert_eq!(c.directives[kh].plan, Some(page_b));
        assert_eq!(titles(&c.directives[kh].citing), ["C"]);
    }
}
