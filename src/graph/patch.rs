//! The one change made to a built graph: `Site::patch_text`, for `serve`'s fast path.
//!
//! `build` makes the graph; rendering only reads it. When an edit of a page changes its text
//! but not its front matter, and the page still cites, names and dates the same things in the
//! same order (most edits), everything `build` derives from the page is the same except the
//! sentences it quotes: a directive's "cited by", a model's "mentioned by", a deadline's
//! sentence. Which directive, page or event each of those belongs to, and every order and
//! count, depend only on what is compared in `same_shape` and the front matter, so replacing
//! the sentences in place gives the graph `build` would give, without rebuilding it (an edit
//! then re-renders in milliseconds). Any other edit goes through `build` again.
//!
//! `Site::retitle` does the same for the next commonest edits, a new `title`, `summary`,
//! `tags` or `date` (and a plan's `year`, `signer`, `place` and `recipients`) of a plan, news
//! item or plain page (with or without a text edit, and wherever the lines of the front
//! matter and text moved: lines are only where diagnostics point). No pass of `build` reads a
//! summary or a plan's signer, place or recipients (shown on the plan's own page only); tags
//! and years are read by the taxonomies pass only (made again); a date is read where a title
//! is, and as the date of the directive a plan is (a page without a date declines: its number
//! is then dated by what cites it). A title is read in two places only: the date order
//! (`Pages::date_rank`; pages of one date are in title order) and the subject of the
//! directive a plan is (its number cited by others). `retitle` updates both, and the orders
//! that follow the date order (a directive's `citing`, a page's `mentioned_by`). It declines
//! when a title is a name other pages' text is matched against (models, events, directive
//! pages), when it shows on every page (`menu: true`), when a commendation's shows on its
//! model's page, and when the new order would change which date, issuer or title a directive
//! is described with (`most_said` breaks ties by the date order).

use super::ids::{CitationNo, DirectiveId, EventId, PageId};
use super::{CitedBy, EventAnchor, Site};
use crate::analysis::page::{Findings, FoundCitation};
use crate::content::{Kind, Meta, Page};
use std::sync::Arc;

/// What `Site::patch_text` changed besides the page itself: what shows its sentences.
#[derive(Debug, Default, Clone)]
pub struct Patched {
    /// Directives whose "cited by" sentences changed.
    pub directives: Vec<DirectiveId>,
    /// Pages whose "mentioned by" sentences changed.
    pub mentioned: Vec<PageId>,
    /// Events whose sentence changed.
    pub events: Vec<EventId>,
}

/// What `Site::retitle` changed: besides the sentences quoted from the page (`patched`), the
/// places of pages in lists, and the directives showing the page's title.
#[derive(Debug)]
pub struct Retitled {
    /// The page retitled.
    pub page: PageId,
    /// What a text edit changes (`patch_text`): a retitle may come with one.
    pub patched: Patched,
    /// The pages whose place in the date order changed (`page` among them, when it moved):
    /// lists showing them are in a new order.
    pub moved: Vec<PageId>,
    /// The directives the page is (`Citator::own_directives`): their pages and entries show
    /// its title.
    pub own: Vec<DirectiveId>,
    /// The slugs of the tags the page was given or lost (`Term::slug`), a tag written
    /// otherwise counting as both: their lists and the index of tags changed.
    pub tags: Vec<String>,
    /// The page's date or year changed: lists of years, their counts, and the years of the
    /// pages citing a directive may have changed.
    pub dated: bool,
}

impl Site {
    /// Whether `page` with `findings` may replace page `i` by `retitle`: it differs from it
    /// in `title`, `summary`, `date`, `tags`, a plan's `signer`, `place` or `recipients`, the
    /// lines things are on, or text only (see the module's notes).
    pub fn is_retitle(&self, i: PageId, page: &Page, findings: &Findings) -> bool {
        let old = &self.pages[i];
        matches!(old.kind, Kind::Plan | Kind::News | Kind::Page)
            && !old.menu
            // Without a date a page is described otherwise (`citator::describe_from_plans`).
            && (old.date == page.date || (old.date.is_some() && page.date.is_some()))
            && !self.links.named.iter().any(|n| n.page == i)
            && old.source == page.source
            && old.url == page.url
            && same_but_shown_text(old, page)
            && same_shape(&self.pages.findings[i], findings)
            && images_shape(&self.pages.findings[i]) == images_shape(findings)
    }

    /// Replaces page `i` with `page`, analysed into `findings`, when `is_retitle` says it
    /// may and the directives it cites keep their descriptions; `None` otherwise, leaving the
    /// site untouched.
    pub fn retitle(&mut self, i: PageId, page: Page, findings: Findings) -> Option<Retitled> {
        if !self.is_retitle(i, &page, &findings) {
            return None;
        }
        let ranks = self.pages.ranks_if_changed(i, &page);
        if !self.keeps_descriptions(i, &ranks) {
            return None;
        }
        let patched = self.patch_quotes(i, &findings);
        for &(p, r) in &ranks {
            self.pages.date_rank[p] = r;
        }
        if !ranks.is_empty() {
            // The orders kept in the graph that follow the date order and hold `i`.
            let rank = &self.pages.date_rank;
            let cited: Vec<DirectiveId> = self.citator.targets(i).collect();
            for di in cited {
                self.citator.directives[di]
                    .citing
                    .sort_unstable_by_key(|&p| rank[p]);
            }
            for name in &findings.names {
                let target = self.links.target(name.target);
                self.links.mentioned_by[target].sort_by_key(|(p, _)| rank[*p]);
            }
        }
        let own = self.citator.own_directives[i].clone();
        for &di in &own {
            let d = &mut self.citator.directives[di];
            // As `citator::describe_from_plans` says it.
            if d.page.is_none() && d.plan == Some(i) {
                d.subject = Some(page.title.clone());
                d.date = page.date;
            }
        }
        let tags = retagged(&self.pages[i].tags, &page.tags);
        let dated = self.pages[i].date != page.date || self.pages[i].year() != page.year();
        self.pages.list[i] = Arc::new(page);
        self.pages.findings[i] = Arc::new(findings);
        if !tags.is_empty() || dated {
            self.taxonomies = super::taxonomies::build(&self.pages);
        }
        Some(Retitled {
            page: i,
            patched,
            moved: ranks.into_iter().map(|(p, _)| p).collect(),
            own,
            tags,
            dated,
        })
    }

    /// Whether giving the pages `ranks` (`Pages::ranks_if_changed` of page `i`) leaves the
    /// directives `i` cites described as they are. Only the order of `i` and the other pages
    /// of `ranks` changes (the others keep theirs among themselves and to every other page),
    /// so `most_said` can only choose otherwise between a value `i` gives and another value
    /// one of those pages gives. Directives for which there is none (nearly all: a
    /// directive is cited with one date and one issuer) are not compared.
    fn keeps_descriptions(&mut self, i: PageId, ranks: &[(PageId, u32)]) -> bool {
        let citator = &self.citator;
        let findings = &self.pages.findings;
        // What page `p` says of directive `di`: each date, issuer and title it gives.
        let said = |p: PageId, di: DirectiveId| -> Vec<super::citator::Said> {
            citator
                .targets(p)
                .zip(&findings[p].citations)
                .filter(|&(t, _)| t == di)
                .map(|(_, fc)| {
                    let c = &fc.citation;
                    (c.date, c.issuer.clone(), c.name.clone())
                })
                .collect()
        };
        let differ = |x: &super::citator::Said, y: &super::citator::Said| {
            fn two<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
                a.is_some() && b.is_some() && a != b
            }
            two(&x.0, &y.0) || two(&x.1, &y.1) || two(&x.2, &y.2)
        };
        let mut shared: Vec<DirectiveId> = citator.targets(i).collect();
        shared.sort_unstable();
        shared.dedup();
        shared.retain(|&di| {
            let of_i = said(i, di);
            ranks.iter().any(|&(p, _)| {
                p != i
                    && citator.targets(p).any(|t| t == di)
                    && said(p, di)
                        .iter()
                        .any(|y| of_i.iter().any(|x| differ(x, y)))
            })
        });
        if shared.is_empty() {
            return true;
        }
        let said = |site: &Site| -> Vec<super::citator::Said> {
            shared
                .iter()
                .map(|&di| super::citator::most_said_of(&site.citator, di, &site.pages))
                .collect()
        };
        let before = said(self);
        let old: Vec<(PageId, u32)> = ranks
            .iter()
            .map(|&(p, _)| (p, self.pages.date_rank[p]))
            .collect();
        for &(p, r) in ranks {
            self.pages.date_rank[p] = r;
        }
        let after = said(self);
        for (p, r) in old {
            self.pages.date_rank[p] = r;
        }
        before == after
    }

    /// Whether `page` with `findings` may replace page `i` by `patch_text`.
    pub fn is_text_edit(&self, i: PageId, page: &Page, findings: &Findings) -> bool {
        let old = &self.pages[i];
        old.source == page.source
            && old.url == page.url
            && old.front_hash == page.front_hash
            && same_shape(&self.pages.findings[i], findings)
            && images_shape(&self.pages.findings[i]) == images_shape(findings)
    }

    /// Replaces page `i` with `page`, analysed into `findings`, when the two differ from the
    /// current ones in their text only (see the module's notes; `is_text_edit` tells). `None`
    /// otherwise, leaving the site untouched.
    pub fn patch_text(&mut self, i: PageId, page: Page, findings: Findings) -> Option<Patched> {
        if !self.is_text_edit(i, &page, &findings) {
            return None;
        }
        let patched = self.patch_quotes(i, &findings);
        self.pages.list[i] = Arc::new(page);
        self.pages.findings[i] = Arc::new(findings);
        Some(patched)
    }

    /// Everything that quotes the text of page `i`, now `findings`: the "cited by" and
    /// "mentioned by" lists, its events' sentences, what the page shows of its citations.
    fn patch_quotes(&mut self, i: PageId, findings: &Findings) -> Patched {
        let patched = Patched {
            directives: self.patch_cited_by(i, findings),
            mentioned: self.patch_mentions(i, findings),
            events: self.patch_deadlines(i, findings),
        };
        self.patch_citations(i, findings);
        patched
    }

    /// What page `i` shows of its citations (`Citator::citations`): the same targets, with
    /// the links and sentences of its new text.
    fn patch_citations(&mut self, i: PageId, findings: &Findings) {
        let targets: Vec<DirectiveId> = self.citator.targets(i).collect();
        self.citator.citations[i] = super::citator::page_citations(findings, targets);
    }

    /// "Cited by": entries of one page are together, in citation order, one per sentence.
    pub(super) fn patch_cited_by(&mut self, i: PageId, findings: &Findings) -> Vec<DirectiveId> {
        let targets_of_page: Vec<DirectiveId> = self.citator.targets(i).collect();
        let mut targets = targets_of_page.clone();
        targets.sort_unstable();
        targets.dedup();
        let mut changed = Vec::new();
        for di in targets {
            let mut fresh: Vec<CitedBy> = Vec::new();
            for (ci, fc) in findings.citations.iter().enumerate() {
                if targets_of_page[ci] != di || fresh.iter().any(|c| c.sentence == fc.sentence) {
                    continue;
                }
                fresh.push(CitedBy {
                    page: i,
                    sentence: fc.sentence,
                    citation: fc.run.map(|_| CitationNo::new(ci)),
                    source: fc.source,
                });
            }
            let cited_by = &mut self.citator.directives[di].cited_by;
            let from = cited_by.partition_point(|c| c.page < i);
            let to = from + cited_by[from..].partition_point(|c| c.page == i);
            let same = to - from == fresh.len()
                && cited_by[from..to].iter().zip(&fresh).all(|(a, b)| {
                    a.sentence == b.sentence && a.citation == b.citation && a.source == b.source
                });
            if !same {
                cited_by.splice(from..to, fresh);
                changed.push(di);
            }
        }
        changed
    }

    /// "Mentioned by": the first sentence naming each target.
    fn patch_mentions(&mut self, i: PageId, findings: &Findings) -> Vec<PageId> {
        let mut changed = Vec::new();
        for (n, name) in findings.names.iter().enumerate() {
            let target = self.links.target(name.target);
            let earlier = findings.names[..n]
                .iter()
                .any(|m| self.links.target(m.target) == target);
            if target == i || earlier {
                continue;
            }
            let by = &mut self.links.mentioned_by[target];
            if let Some(entry) = by.iter_mut().find(|(p, _)| *p == i) {
                if entry.1 != name.sentence {
                    entry.1 = name.sentence;
                    if !changed.contains(&target) {
                        changed.push(target);
                    }
                }
            }
        }
        changed
    }

    /// Deadlines found in the text: the event of deadline `n` quotes its sentence.
    pub(super) fn patch_deadlines(&mut self, i: PageId, findings: &Findings) -> Vec<EventId> {
        let mut changed = Vec::new();
        for &ei in &self.calendar.events_of[i] {
            let e = &mut self.calendar.events[ei];
            let EventAnchor::Deadline(n) = e.anchor else {
                continue;
            };
            let Some(fd) = findings.deadlines.get(n.index()) else {
                continue;
            };
            if e.sentence != Some(fd.sentence) {
                e.sentence = Some(fd.sentence);
                changed.push(ei);
            }
        }
        changed
    }
}

/// The slugs of the tags in one of `old` and `new` but not in the other, as written: the
/// terms whose pages or name (as first written) may change.
fn retagged(old: &[String], new: &[String]) -> Vec<String> {
    let mut slugs: Vec<String> = old
        .iter()
        .filter(|t| !new.contains(t))
        .chain(new.iter().filter(|t| !old.contains(t)))
        .map(|t| crate::text::slugify(t))
        .collect();
    slugs.sort_unstable();
    slugs.dedup();
    slugs
}

/// Whether two versions of a page differ in their title, summary, date (and a plan's
/// `year`), tags, text or a plan's `signer`, `place` or `recipients` (shown on its own page
/// only) only.
fn same_but_shown_text(old: &Page, new: &Page) -> bool {
    same_but(old, new, |like, new| {
        like.title.clone_from(&new.title);
        like.summary.clone_from(&new.summary);
        like.tags.clone_from(&new.tags);
        like.date = new.date;
        if let (Meta::Plan(a), Meta::Plan(b)) = (&mut like.meta, &new.meta) {
            a.year = b.year;
            a.signer.clone_from(&b.signer);
            a.place.clone_from(&b.place);
            a.recipients.clone_from(&b.recipients);
            let same_basis = a.basis.len() == b.basis.len()
                && a.basis.iter().zip(&b.basis).all(|(x, y)| x.0 == y.0);
            if same_basis {
                a.basis.clone_from(&b.basis);
            }
        }
    })
}

/// Whether two versions of a page are the same but for their text, the lines things are on
/// and what `also` copies from `new` to (a copy of) `old`. Lines are only where diagnostics
/// point (see `same_shape`): a line added to the front matter moves the keys below it, the
/// text and its photos.
pub(super) fn same_but(old: &Page, new: &Page, also: impl FnOnce(&mut Page, &Page)) -> bool {
    let mut like = old.clone();
    like.body_line = new.body_line;
    like.key_lines.clone_from(&new.key_lines);
    if let (Meta::News(a), Meta::News(b)) = (&mut like.meta, &new.meta) {
        if let (Some(x), Some(y)) = (&mut a.image, &b.image) {
            x.line = y.line;
        }
    }
    like.front_hash = new.front_hash;
    like.body = new.body.clone();
    also(&mut like, new);
    like == *new
}

/// What of a page's images decides its photos and their warnings: each address, and whether
/// it has a description. An edit that keeps these keeps the site's photos.
pub(super) fn images_shape(f: &Findings) -> Vec<(&str, bool)> {
    f.images
        .iter()
        .map(|im| (im.url.as_str(), im.alt.trim().is_empty()))
        .collect()
}

/// The same citations, names and deadlines, in the same order, wherever they are in the text.
/// Their lines may differ (front-matter references carry the line of their key): no page
/// shows a line, only diagnostics point to one, and the patched page keeps its new findings,
/// lines included. So a line added to the front matter above them (a tag or a recipient
/// written on a line of its own) is still an edit patched in place.
fn same_shape(a: &Findings, b: &Findings) -> bool {
    a.citations.len() == b.citations.len()
        && a.citations
            .iter()
            .zip(&b.citations)
            .all(|(x, y)| same_citation(x, y))
        && same_names(a, b)
        && same_deadlines(a, b)
}

/// The same citation as far as the citator reads it: the same document named the same way,
/// in the text or the front matter.
pub(super) fn same_citation(x: &FoundCitation, y: &FoundCitation) -> bool {
    let (c, d) = (&x.citation, &y.citation);
    x.source == y.source
        && x.run.is_some() == y.run.is_some()
        && c.symbol == d.symbol
        && c.doc_type == d.doc_type
        && c.date == d.date
        && c.issuer == d.issuer
        && c.name == d.name
}

/// `same_shape` but for the citations and deadlines: the same unparsed references and names.
pub(super) fn same_names(a: &Findings, b: &Findings) -> bool {
    a.unparsed.len() == b.unparsed.len()
        && a.unparsed.iter().zip(&b.unparsed).all(|(x, y)| x.0 == y.0)
        && a.names.len() == b.names.len()
        && a.names
            .iter()
            .zip(&b.names)
            .all(|(x, y)| x.target == y.target)
}

/// The same deadlines, in the same order.
fn same_deadlines(a: &Findings, b: &Findings) -> bool {
    a.deadlines.len() == b.deadlines.len()
        && a.deadlines.iter().zip(&b.deadlines).all(|(x, y)| {
            let (c, d) = (&x.deadline, &y.deadline);
            c.span == d.span && c.yearly == d.yearly && c.title == d.title
        })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{load, TODAY};
    use super::super::{build, PageId, Site};
    use crate::analysis::page::Findings;
    use crate::content::Page;
    use crate::diag::Diagnostics;

    const DIRECTIVE: (&str, &str) = (
        "van-ban/kl-44.md",
        "---\ntitle: Kết luận 44\nnumber: \"44-KL/TW\"\ndate: 2019-01-22\n---\n",
    );

    fn plan(words: &str) -> String {
        format!(
            "---\ntitle: A\ndate: 2025-01-02\n---\nTheo Kết luận số 44-KL/TW, {words}. \
             Các đơn vị báo cáo trước ngày 15/12/2025 để {words}.\n"
        )
    }

    fn site(plan_text: &str) -> Site {
        let input = load(&[DIRECTIVE, ("ke-hoach/a.md", plan_text)]);
        build(input, TODAY, &mut Diagnostics::new())
    }

    /// What the patch may change: who cites what in which sentence (and at which citation),
    /// and each event's sentence and anchor.
    type Quoted = (
        Vec<(String, Option<usize>)>,
        Vec<(Option<String>, Option<String>)>,
    );

    fn quoted(s: &Site) -> Quoted {
        let cited = s
            .citator
            .directives
            .iter()
            .flat_map(|d| &d.cited_by)
            .map(|c| (c.sentence.to_string(), c.citation.map(|n| n.number())))
            .collect();
        let events = s
            .calendar
            .events
            .iter()
            .map(|e| (e.sentence.map(|s| s.text()), e.anchor()))
            .collect();
        (cited, events)
    }

    #[test]
    fn a_text_edit_patched_in_place_gives_the_graph_build_gives() {
        let mut patched = site(&plan("làm ngay"));
        let edited = plan("làm tiếp");
        let input = load(&[DIRECTIVE, ("ke-hoach/a.md", &edited)]);
        let a = input
            .pages
            .ids()
            .find(|&p| input.pages[p].title == "A")
            .expect("the plan");
        let page = (*input.pages[a]).clone();
        let findings = (*input.findings[a]).clone();
        let changed = patched.patch_text(a, page, findings).expect("a text edit");
        assert_eq!((changed.directives.len(), changed.events.len()), (1, 1));
        let built = site(&edited);
        assert_eq!(quoted(&patched), quoted(&built));
        // What the plan's page shows of its citations: the new sentence and link.
        assert_eq!(patched.citator.citations, built.citator.citations);
        assert!(built.citator.citations[a][0]
            .sentence
            .text()
            .contains("làm tiếp"));
        let (cited, events) = quoted(&built);
        assert!(cited[0].0.contains("làm tiếp"), "{cited:?}");
        assert!(events[0]
            .0
            .as_deref()
            .is_some_and(|s| s.contains("làm tiếp")));
        assert_eq!(events[0].1.as_deref(), Some("han-1"));

        // A second citation is no text edit: the site is left as it was.
        let input = load(&[
            DIRECTIVE,
            (
                "ke-hoach/a.md",
                &format!("{edited}\nLại theo Kết luận số 44-KL/TW.\n"),
            ),
        ]);
        let page = (*input.pages[a]).clone();
        let findings = (*input.findings[a]).clone();
        assert!(patched.patch_text(a, page, findings).is_none());
        assert_eq!(quoted(&patched), quoted(&built));
    }

    /// What a retitle may change: the date order, and each directive's subject, date,
    /// issuer and citing pages in their order (by title).
    type Described = (
        Vec<String>,
        Vec<(String, Option<String>, Option<String>, Vec<String>)>,
    );

    fn described(s: &Site) -> Described {
        let title = |p: PageId| s.pages[p].title.clone();
        let order = s.sorted_by_date(s.pages.ids().collect());
        let directives = s
            .citator
            .directives
            .iter()
            .map(|d| {
                (
                    d.symbol.clone(),
                    d.subject.clone(),
                    d.date.map(|d| d.to_string()),
                    d.citing.iter().map(|&p| title(p)).collect(),
                )
            })
            .collect();
        (order.into_iter().map(title).collect(), directives)
    }

    /// The page at `rel` of `files`, loaded and analysed, and its id.
    fn page_of(files: &[(&str, &str)], rel: &str) -> (PageId, Page, Findings) {
        let input = load(files);
        let i = input
            .pages
            .ids()
            .find(|&p| input.pages[p].source.ends_with(rel))
            .expect("the page");
        (i, (*input.pages[i]).clone(), (*input.findings[i]).clone())
    }

    #[test]
    fn a_retitle_patched_in_place_gives_the_graph_build_gives() {
        let a = |title: &str| {
            format!(
                "---\ntitle: {title}\nnumber: \"12/KH-UBND\"\ndate: 2025-01-02\n---\n\
                 Theo Kết luận số 44-KL/TW, báo cáo trước ngày 15/12/2025.\n"
            )
        };
        let b = "---\ntitle: B\ndate: 2025-01-02\n---\nTheo Kết luận số 44-KL/TW và Kế hoạch \
                 số 12/KH-UBND, báo cáo trước ngày 15/12/2025.\n";
        let files = |a: &str| -> Vec<(&'static str, String)> {
            vec![
                (DIRECTIVE.0, DIRECTIVE.1.to_string()),
                ("ke-hoach/a.md", a.to_string()),
                ("ke-hoach/b.md", b.to_string()),
            ]
        };
        let built = |a: &str| {
            let f = files(a);
            let f: Vec<(&str, &str)> = f.iter().map(|(p, t)| (*p, t.as_str())).collect();
            build(load(&f), TODAY, &mut Diagnostics::new())
        };
        let mut patched = built(&a("A"));
        assert_eq!(described(&patched).0, ["A", "B", "Kết luận 44"]);
        // "C" sorts a after b, its plan of the same date; "A" back before it; "Ă" keeps it there.
        for title in ["C", "A", "Ă"] {
            let f = files(&a(title));
            let f: Vec<(&str, &str)> = f.iter().map(|(p, t)| (*p, t.as_str())).collect();
            let (i, page, findings) = page_of(&f, "ke-hoach/a.md");
            let r = patched.retitle(i, page, findings).expect("a retitle");
            assert_eq!(r.own.len(), 1, "a is Kế hoạch 12/KH-UBND");
            assert_eq!(r.moved.is_empty(), title == "Ă", "{title}");
            let built = built(&a(title));
            assert_eq!(described(&patched), described(&built), "{title}");
            assert_eq!(quoted(&patched), quoted(&built), "{title}");
            assert_eq!(
                patched.citator.citations, built.citator.citations,
                "{title}"
            );
        }
        let (order, directives) = described(&patched);
        assert_eq!(order, ["Ă", "B", "Kết luận 44"]);
        let own = directives
            .iter()
            .find(|d| d.0 == "12/KH-UBND")
            .expect("a's number");
        assert_eq!(own.1.as_deref(), Some("Ă"));

        // A new date (a day earlier) moves the plan after b and dates its number anew.
        // Without a date the number is dated by what cites it: that is no retitle, and the
        // site is left as it was.
        let moved = a("Ă").replace("2025-01-02", "2025-01-01");
        let f = files(&moved);
        let f: Vec<(&str, &str)> = f.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (i, page, findings) = page_of(&f, "ke-hoach/a.md");
        let r = patched.retitle(i, page, findings).expect("a new date");
        assert!(r.dated && !r.moved.is_empty());
        let built = build(load(&f), TODAY, &mut Diagnostics::new());
        assert_eq!(described(&patched), described(&built));
        let number = |s: &Site| {
            let d = described(s).1;
            d.into_iter()
                .find(|d| d.0 == "12/KH-UBND")
                .and_then(|d| d.2)
        };
        assert_eq!(number(&patched).as_deref(), Some("2025-01-01"));
        assert_eq!(described(&patched).0, ["B", "Ă", "Kết luận 44"]);
        let undated = moved.replace("date: 2025-01-01\n", "");
        let f = files(&undated);
        let f: Vec<(&str, &str)> = f.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (i, page, findings) = page_of(&f, "ke-hoach/a.md");
        let before = described(&patched);
        assert!(patched.retitle(i, page, findings).is_none());
        assert_eq!(described(&patched), before);
    }

    /// Two pages giving a directive two dates, once each: the date of the later one in the
    /// date order wins (`citator::most_said`). A retitle swapping them would change the
    /// directive's date: it declines, and `build` does it.
    #[test]
    fn a_retitle_that_would_change_how_a_directive_is_described_declines() {
        let plan = |title: &str, day: u8| {
            format!(
                "---\ntitle: {title}\ndate: 2025-01-02\n---\nTheo Quyết định số 5/QĐ-UBND \
                 ngày {day:02}/02/2020 của UBND tỉnh.\n"
            )
        };
        let (a, b) = (plan("A", 1), plan("B", 2));
        let mut site = build(
            load(&[("ke-hoach/a.md", &a), ("ke-hoach/b.md", &b)]),
            TODAY,
            &mut Diagnostics::new(),
        );
        let date = |s: &Site| described(s).1[0].2.clone();
        assert_eq!(date(&site).as_deref(), Some("2020-02-02"));
        let c = plan("C", 1);
        let (i, page, findings) = page_of(
            &[("ke-hoach/a.md", &c), ("ke-hoach/b.md", &b)],
            "ke-hoach/a.md",
        );
        assert!(site.retitle(i, page, findings).is_none());
        assert_eq!(date(&site).as_deref(), Some("2020-02-02"));
        let built = build(
            load(&[("ke-hoach/a.md", &c), ("ke-hoach/b.md", &b)]),
            TODAY,
            &mut Diagnostics::new(),
        );
        assert_eq!(date(&built).as_deref(), Some("2020-02-01"));
    }
}
