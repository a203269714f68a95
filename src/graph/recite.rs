//! `Site::recite`: an edit of what a page cites or dates, patched into the graph, for `serve`.
//!
//! A new citation in a plan's text, a `basis` entry, a new `number` or `issuer` changes which
//! directives there are, who cites them and how they are described. Citations are resolved
//! symbol by symbol (`references::resolve` groups them by their folded symbol), so only the
//! symbols whose citations on the page changed, and the page's old and new number, can
//! change: their directives are made again from every citation of those symbols, exactly as
//! `citator::build` makes them, and put in the place of the old ones. The rest of the
//! citator keeps its directives, moved to their new ids when a directive was added or
//! removed. The agencies are made again when a directive's issuer or plan, or the page's
//! issuer, changed. A deadline added, moved or dropped (in the text or the front matter)
//! replaces the page's events in the calendar's order (`Calendar::replace_events_of`).
//! It declines, leaving the site as it was, when the page changed otherwise, when an
//! undated citation becomes ambiguous or a date falls outside the calendar's years (a
//! build warns of both), when a slug would be shared with a directive of another symbol
//! (they are numbered across symbols), and when the agencies would show otherwise than they
//! do (a new spelling, an agency gained or lost).

use super::agency;
use super::citator::{self, Directive};
use super::ids::{CitationNo, DirectiveId, IdVec, PageId};
use super::{Event, Site};
use crate::analysis::page::{Findings, FoundCitation};
use crate::analysis::references::{doc_slug, resolve, Citation};
use crate::content::{Kind, Meta, Page, Plan};
use crate::diag::Diagnostics;
use crate::text::fold;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// What `Site::recite` changed.
#[derive(Debug)]
pub struct Recited {
    /// The page edited.
    pub page: PageId,
    /// The directives that may show the edit, as they were, with their old ids: those of the
    /// symbols made again, and the others the page cites (its entries in their lists may
    /// have changed).
    pub before: Vec<(DirectiveId, Directive)>,
    /// The same directives as they are (by id; matched with `before` by `url`): one gone is
    /// in `before` only, a new one in `after` only.
    pub after: Vec<DirectiveId>,
    /// Pages whose citations now lead to other directives, or which are other directives
    /// (the page edited among them).
    pub pages: Vec<PageId>,
    /// The new id of each old directive; `None` for those of the symbols made again (their
    /// new ids are in `after`).
    pub remap: Vec<Option<DirectiveId>>,
    /// The page's `number` or `issuer` changed: every entry of it in a list shows them.
    pub shown: bool,
    /// The page's events, as they were, when they changed otherwise than in their sentences
    /// (`Calendar::replace_events_of` then moved the others to new ids).
    pub events: Option<Vec<super::Event>>,
    /// The page's events whose sentence alone changed.
    pub quoted: Vec<super::EventId>,
    /// With `events`, the new id of every old event (`None` for the page's).
    pub event_remap: Vec<Option<super::EventId>>,
}

impl Recited {
    /// The address old directive `o` had: the address of the directive it now is, or, for
    /// one of the symbols made again, its own as it was.
    pub fn old_url<'s>(&'s self, site: &'s Site, o: DirectiveId) -> &'s str {
        match self.remap[o.index()] {
            Some(n) => &site.citator.directives[n].url,
            None => self
                .before
                .iter()
                .find(|(id, _)| *id == o)
                .map_or("", |(_, d)| d.url.as_str()),
        }
    }
}

/// The citator as `recite` will leave it, made before anything is changed.
struct Made {
    /// The directives of the changed symbols, made again, by slug.
    fresh: Vec<Directive>,
    /// The new directives in id order: an old one (its id) or one of `fresh`.
    layout: Vec<Src>,
    remap: Vec<Option<DirectiveId>>,
    /// The old directives of the changed symbols.
    old: Vec<DirectiveId>,
    /// Each citing page's new targets (page order; the page edited among them).
    targets: Vec<(PageId, Vec<DirectiveId>)>,
    /// The directives each page whose own directives may have changed is.
    own: Vec<(PageId, Vec<DirectiveId>)>,
    /// Pages whose citations lead to other directives, or which are others, and `i`.
    pages: Vec<PageId>,
    agencies: Option<super::Agencies>,
    /// The page's events now, when they changed otherwise than in their sentences.
    events: Option<Vec<super::Event>>,
}

#[derive(Clone, Copy)]
enum Src {
    Old(DirectiveId),
    New(usize),
}

impl Site {
    /// Whether `page` with `findings` may replace page `i` by `recite`: a plan, news item or
    /// plain page whose text, `number`, `issuer`, `basis` or `deadlines` changed, and which
    /// still names the same things and shows the same images (its citations and deadlines
    /// may be anything).
    pub fn is_recite(&self, i: PageId, page: &Page, findings: &Findings) -> bool {
        let old = &self.pages[i];
        let was = &self.pages.findings[i];
        matches!(old.kind, Kind::Plan | Kind::News | Kind::Page)
            && !old.menu
            // The parsed citations are kept (`serve`): those of other pages are read again.
            && was.citations.len() == self.citator.citations[i].len()
            && old.source == page.source
            && old.url == page.url
            && same_but_cited(old, page)
            && super::patch::same_names(was, findings)
            && super::patch::images_shape(was) == super::patch::images_shape(findings)
    }

    /// Replaces page `i` with `page`, analysed into `findings`, when `is_recite` says it may
    /// and the edit can be followed in place (see the module's notes); `None` otherwise,
    /// leaving the site as it was.
    pub fn recite(&mut self, i: PageId, page: Page, findings: Findings) -> Option<Recited> {
        if !self.is_recite(i, &page, &findings) {
            return None;
        }
        let number = |p: &Page| match &p.meta {
            Meta::Plan(pl) => pl.number.clone(),
            _ => None,
        };
        let (old_number, new_number) = (number(&self.pages[i]), number(&page));
        let renumbered = old_number != new_number;
        // A plan's issuer is the issuer of the directives it is.
        let reissued = self.pages[i].issuer() != page.issuer();
        let mut groups = changed_groups(&self.pages.findings[i], &findings);
        if renumbered || reissued {
            groups.extend(old_number.iter().chain(&new_number).map(|n| fold(n)));
        }
        // The page as it is now, read like the others; put back if this declines.
        let old_page = std::mem::replace(&mut self.pages.list[i], Arc::new(page));
        let old_findings = std::mem::replace(&mut self.pages.findings[i], Arc::new(findings));
        let Some(made) = self.make(i, &groups, &old_findings, renumbered, reissued) else {
            self.pages.list[i] = old_page;
            self.pages.findings[i] = old_findings;
            return None;
        };
        Some(self.put(i, made, renumbered || reissued))
    }

    /// The directives of the symbols `groups` made again with page `i` as it is now
    /// (`old_findings` as it was), and where everything moves; `None` when `recite`
    /// declines. Changes nothing.
    fn make(
        &self,
        i: PageId,
        groups: &BTreeSet<String>,
        old_findings: &Findings,
        renumbered: bool,
        reissued: bool,
    ) -> Option<Made> {
        let pages = &self.pages;
        let dirs = &self.citator.directives;
        let old: Vec<DirectiveId> = dirs
            .iter_enumerated()
            .filter(|(_, d)| groups.contains(&fold(&d.symbol)))
            .map(|(di, _)| di)
            .collect();
        let in_group: HashSet<DirectiveId> = old.iter().copied().collect();
        // Directive pages' numbers first, then every citation of these symbols in page order,
        // as `citator::build` reads them.
        let mut dir_pages: Vec<(PageId, Citation)> = old
            .iter()
            .filter_map(|&d| dirs[d].page)
            .filter_map(|p| Some((p, citator::directive_page_citation(&pages[p])?)))
            .collect();
        dir_pages.sort_by_key(|(p, _)| *p);
        let mut citing: Vec<PageId> = old
            .iter()
            .flat_map(|&d| dirs[d].cited_by.iter().map(|c| c.page))
            .chain([i])
            .collect();
        citing.sort_unstable();
        citing.dedup();
        let mut cites: Vec<(PageId, CitationNo)> = Vec::new();
        for &p in &citing {
            let f = &pages.findings[p];
            if p == i {
                cites.extend(
                    f.citations
                        .iter()
                        .enumerate()
                        .filter(|(_, fc)| groups.contains(&fold(&fc.citation.symbol)))
                        .map(|(n, _)| (p, CitationNo::new(n))),
                );
            } else {
                cites.extend(
                    self.citator
                        .targets(p)
                        .enumerate()
                        .filter(|(_, t)| in_group.contains(t))
                        .map(|(n, _)| (p, CitationNo::new(n))),
                );
            }
        }
        let all: Vec<&Citation> = dir_pages
            .iter()
            .map(|(_, c)| c)
            .chain(
                cites
                    .iter()
                    .map(|&(p, n)| &pages.findings[p].citations[n.index()].citation),
            )
            .collect();
        let resolved = resolve(&all);
        drop(all);
        if !resolved.ambiguous.is_empty() {
            return None;
        }
        let (page_docs, found_docs) = resolved.of.split_at(dir_pages.len());
        let mut fresh: Vec<Directive> = resolved.docs.iter().map(citator::new_directive).collect();
        let mut diags = Diagnostics::new();
        for ((p, c), &doc) in dir_pages.iter().zip(page_docs) {
            citator::describe_from_page(&mut fresh[doc as usize], *p, c, pages, &mut diags);
        }
        if diags.has_errors() {
            return None;
        }
        citator::add_all(
            &mut fresh,
            pages,
            cites.iter().copied().zip(found_docs.iter().copied()),
        );
        // URLs, as `citator::assign_urls` gives them. A slug shared with a directive of
        // another symbol (`37/CT-TW`, `37-CT/TW`) is numbered in key order across symbols:
        // left to a build.
        let shared = |base: &str| {
            let from = dirs.as_slice().partition_point(|d| d.slug.as_str() < base);
            dirs.as_slice()[from..]
                .iter()
                .enumerate()
                .take_while(|(_, d)| d.slug.starts_with(base))
                .any(|(k, d)| {
                    let rest = &d.slug[base.len()..];
                    let numbered = rest
                        .strip_prefix('-')
                        .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()));
                    (rest.is_empty() || numbered) && !in_group.contains(&DirectiveId::new(from + k))
                })
        };
        let bases = fresh
            .iter()
            .chain(old.iter().map(|&d| &dirs[d]))
            .filter(|d| d.page.is_none())
            .map(|d| doc_slug(&d.key));
        if bases.into_iter().any(|b| shared(&b)) {
            return None;
        }
        let mut order: Vec<usize> = (0..fresh.len()).collect();
        order.sort_unstable_by(|&a, &b| fresh[a].key.cmp(&fresh[b].key));
        let mut taken: BTreeSet<String> = fresh
            .iter()
            .filter_map(|d| d.page)
            .map(|p| pages[p].url.clone())
            .collect();
        for &k in &order {
            citator::assign_url(&mut fresh[k], pages, &mut taken);
        }
        for d in &mut fresh {
            citator::finish(d);
        }
        // The plans whose number is one of these symbols, and the page if its number changed.
        let symbols: HashSet<&str> = old
            .iter()
            .map(|&d| dirs[d].symbol.as_str())
            .chain(fresh.iter().map(|d| d.symbol.as_str()))
            .collect();
        let numbered: Vec<PageId> = pages
            .iter_enumerated()
            .filter(|(p, page)| {
                (*p == i && renumbered)
                    || matches!(&page.meta, Meta::Plan(Plan { number: Some(n), .. })
                        if symbols.contains(n.as_str()))
            })
            .map(|(p, _)| p)
            .collect();
        for d in &mut fresh {
            d.plan = numbered.iter().copied().find(|&p| {
                pages[p].kind == Kind::Plan
                    && matches!(&pages[p].meta, Meta::Plan(Plan { number: Some(n), .. }) if *n == d.symbol)
            });
            citator::describe_from_plan(d, pages);
            citator::order_citing_of(d, pages);
        }
        // The new order: the other directives keep theirs, the fresh ones go by slug.
        let mut by_slug: Vec<usize> = (0..fresh.len()).collect();
        by_slug.sort_unstable_by(|&a, &b| fresh[a].slug.cmp(&fresh[b].slug));
        let mut layout: Vec<Src> = Vec::with_capacity(dirs.len() + fresh.len());
        let mut remap: Vec<Option<DirectiveId>> = vec![None; dirs.len()];
        let mut next = by_slug.iter().peekable();
        for (di, d) in dirs.iter_enumerated() {
            if in_group.contains(&di) {
                continue;
            }
            while let Some(&&k) = next.peek() {
                if fresh[k].slug >= d.slug {
                    break;
                }
                layout.push(Src::New(k));
                next.next();
            }
            remap[di.index()] = Some(DirectiveId::new(layout.len()));
            layout.push(Src::Old(di));
        }
        layout.extend(next.map(|&k| Src::New(k)));
        let mut id_of_fresh = vec![DirectiveId::new(0); fresh.len()];
        for (n, src) in layout.iter().enumerate() {
            if let Src::New(k) = *src {
                id_of_fresh[k] = DirectiveId::new(n);
            }
        }
        let new_id = |t: DirectiveId| remap[t.index()];
        // Where each citing page's citations lead now (`fresh` is in `resolved.docs` order).
        let of_doc = &id_of_fresh;
        let mut found = cites.iter().zip(found_docs).peekable();
        let mut targets = Vec::with_capacity(citing.len());
        for &p in &citing {
            let mut now: Vec<DirectiveId> = Vec::with_capacity(pages.findings[p].citations.len());
            if p == i {
                // The other symbols' citations of the page lead where they did, in order.
                let mut was: HashMap<String, std::collections::VecDeque<DirectiveId>> =
                    HashMap::new();
                for (fc, t) in old_findings.citations.iter().zip(self.citator.targets(i)) {
                    let g = fold(&fc.citation.symbol);
                    if !groups.contains(&g) {
                        was.entry(g).or_default().push_back(t);
                    }
                }
                for (n, fc) in pages.findings[i].citations.iter().enumerate() {
                    let t = match found.next_if(|((q, m), _)| *q == p && m.index() == n) {
                        Some((_, &doc)) => of_doc[doc as usize],
                        None => {
                            let g = fold(&fc.citation.symbol);
                            new_id(was.get_mut(&g)?.pop_front()?)?
                        }
                    };
                    now.push(t);
                }
            } else {
                for t in self.citator.targets(p) {
                    let t = if in_group.contains(&t) {
                        let (_, &doc) = found.next()?;
                        of_doc[doc as usize]
                    } else {
                        new_id(t)?
                    };
                    now.push(t);
                }
            }
            targets.push((p, now));
        }
        // The directives each plan numbered so is, and each directive page of these symbols.
        let mut own: Vec<(PageId, Vec<DirectiveId>)> = numbered
            .iter()
            .map(|&p| {
                let mut ids: Vec<DirectiveId> = match &pages[p].meta {
                    Meta::Plan(Plan {
                        number: Some(n), ..
                    }) => fresh
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| d.symbol == *n)
                        .map(|(k, _)| id_of_fresh[k])
                        .collect(),
                    _ => Vec::new(),
                };
                ids.sort_unstable();
                (p, ids)
            })
            .collect();
        own.extend(
            fresh
                .iter()
                .enumerate()
                .filter_map(|(k, d)| Some((d.page?, vec![id_of_fresh[k]]))),
        );
        // The agencies, made again when a directive they list moved, came, went or has
        // another issuer or plan; declined when they would show otherwise.
        let same_ids = !reissued
            && layout.len() == dirs.len()
            && layout.iter().enumerate().all(|(n, src)| match *src {
                Src::Old(o) => o.index() == n,
                Src::New(k) => {
                    let (a, b) = (&dirs[DirectiveId::new(n)], &fresh[k]);
                    a.url == b.url && a.plan == b.plan && a.issuer == b.issuer
                }
            });
        let agencies = if same_ids {
            None
        } else {
            let issued = layout.iter().enumerate().map(|(n, src)| {
                let d = match *src {
                    Src::Old(o) => &dirs[o],
                    Src::New(k) => &fresh[k],
                };
                (DirectiveId::new(n), d.plan, d.issuer.as_deref())
            });
            let agencies = agency::build_from(&self.agencies.entries, pages, issued);
            if !self.agencies.same_as_shown(&agencies) {
                return None;
            }
            Some(agencies)
        };
        // The pages whose citations lead to, or which are, other directives (by URL).
        let url_now = |d: DirectiveId| match layout[d.index()] {
            Src::Old(o) => dirs[o].url.as_str(),
            Src::New(k) => fresh[k].url.as_str(),
        };
        let urls_now = |ids: &[DirectiveId]| ids.iter().map(|&d| url_now(d)).collect::<Vec<_>>();
        let urls_was = |ids: &mut dyn Iterator<Item = DirectiveId>| {
            ids.map(|d| dirs[d].url.as_str()).collect::<Vec<_>>()
        };
        let mut changed: BTreeSet<PageId> = BTreeSet::from([i]);
        for (p, now) in &targets {
            if urls_was(&mut self.citator.targets(*p)) != urls_now(now) {
                changed.insert(*p);
            }
        }
        for (p, now) in &own {
            if urls_was(&mut self.citator.own_directives[*p].iter().copied()) != urls_now(now) {
                changed.insert(*p);
            }
        }
        // The page's events; a far date is warned of by a rebuild.
        let mut events = super::calendar::plan_events(pages, i)?;
        super::calendar::sort_events(&mut events);
        let was = self.calendar.events_of[i]
            .iter()
            .map(|&e| &self.calendar.events[e]);
        let quoted_only = events.len() == was.len()
            && events.iter().zip(was).all(|(a, b)| {
                Event {
                    sentence: b.sentence,
                    ..a.clone()
                } == *b
            });
        Some(Made {
            fresh,
            layout,
            remap,
            old,
            targets,
            own,
            pages: changed.into_iter().collect(),
            agencies,
            events: (!quoted_only).then_some(events),
        })
    }

    /// Puts what `make` made in place.
    fn put(&mut self, i: PageId, made: Made, shown: bool) -> Recited {
        let Made {
            fresh,
            layout,
            remap,
            old,
            targets,
            own,
            pages,
            agencies,
            events,
        } = made;
        // The other directives the page cites: its entries in their lists may change.
        let mut others: Vec<DirectiveId> = self
            .citator
            .targets(i)
            .filter(|t| !old.contains(t))
            .collect();
        others.sort_unstable();
        others.dedup();
        let mut before: Vec<(DirectiveId, Directive)> = others
            .iter()
            .map(|&d| (d, self.citator.directives[d].clone()))
            .collect();
        // The directives, in their new places.
        let mut slots: Vec<Option<Directive>> = std::mem::take(&mut self.citator.directives)
            .into_vec()
            .into_iter()
            .map(Some)
            .collect();
        let mut fresh: Vec<Option<Directive>> = fresh.into_iter().map(Some).collect();
        let mut after: Vec<DirectiveId> = Vec::new();
        let directives: Vec<Directive> = layout
            .iter()
            .enumerate()
            .filter_map(|(n, src)| match *src {
                Src::Old(o) => slots[o.index()].take(),
                Src::New(k) => {
                    after.push(DirectiveId::new(n));
                    fresh[k].take()
                }
            })
            .collect();
        before.extend(
            old.iter()
                .filter_map(|&o| Some((o, slots[o.index()].take()?))),
        );
        self.citator.directives = IdVec::from_vec(directives);
        // Every page's citations and own directives, at their new ids (those of the
        // symbols made again are set below).
        let moved = remap
            .iter()
            .enumerate()
            .any(|(o, n)| n.is_some_and(|n| n.index() != o));
        if moved {
            for t in self
                .citator
                .citations
                .iter_mut()
                .flatten()
                .map(|c| &mut c.target)
                .chain(self.citator.own_directives.iter_mut().flatten())
            {
                if let Some(n) = remap[t.index()] {
                    *t = n;
                }
            }
        }
        for (p, now) in targets {
            if p == i {
                self.citator.citations[i] = citator::page_citations(&self.pages.findings[i], now);
            } else {
                for (c, t) in self.citator.citations[p].iter_mut().zip(now) {
                    c.target = t;
                }
            }
        }
        for (p, ids) in own {
            self.citator.own_directives[p] = ids;
        }
        if let Some(a) = agencies {
            self.agencies = a;
        }
        // The page's entries in the lists of the other directives it cites.
        let findings = self.pages.findings[i].clone();
        self.patch_cited_by(i, &findings);
        let (events, quoted, event_remap) = match events {
            Some(now) => {
                let was = self.calendar.events_of[i]
                    .iter()
                    .map(|&e| self.calendar.events[e].clone())
                    .collect();
                let remap = self.calendar.replace_events_of(i, now);
                (Some(was), Vec::new(), remap)
            }
            None => (None, self.patch_deadlines(i, &findings), Vec::new()),
        };
        after.extend(others.iter().filter_map(|&d| remap[d.index()]));
        Recited {
            page: i,
            before,
            after,
            pages,
            remap,
            shown,
            events,
            quoted,
            event_remap,
        }
    }
}

/// The folded symbols whose citations in a page differ between `old` and `new` findings
/// (in number, order or anything `citator` reads of them).
fn changed_groups(old: &Findings, new: &Findings) -> BTreeSet<String> {
    fn by_group(f: &Findings) -> BTreeMap<String, Vec<&FoundCitation>> {
        let mut out: BTreeMap<String, Vec<&FoundCitation>> = BTreeMap::new();
        for fc in &f.citations {
            out.entry(fold(&fc.citation.symbol)).or_default().push(fc);
        }
        out
    }
    let (a, b) = (by_group(old), by_group(new));
    a.keys()
        .chain(b.keys())
        .filter(|g| {
            let (x, y) = (a.get(*g), b.get(*g));
            !x.zip(y).is_some_and(|(x, y)| {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|(c, d)| super::patch::same_citation(c, d))
            })
        })
        .cloned()
        .collect()
}

/// Whether two versions of a page differ in their text, lines, and a plan's `number`,
/// `issuer`, `basis` and `deadlines` only.
fn same_but_cited(old: &Page, new: &Page) -> bool {
    super::patch::same_but(old, new, |like, new| {
        if let (Meta::Plan(a), Meta::Plan(b)) = (&mut like.meta, &new.meta) {
            a.number.clone_from(&b.number);
            a.issuer.clone_from(&b.issuer);
            a.basis.clone_from(&b.basis);
            a.deadlines.clone_from(&b.deadlines);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{load, TODAY};
    use super::super::{build, Site};
    use crate::diag::Diagnostics;

    fn built(files: &[(&str, &str)]) -> Site {
        build(load(files), TODAY, &mut Diagnostics::new())
    }

    /// What `recite` changes, as a build makes it: the directives, where every citation
    /// leads, the directives each page is, and the agencies with their directives.
    fn citator(s: &Site) -> impl PartialEq + std::fmt::Debug {
        type Shown = (String, String, Vec<String>, Vec<String>);
        let agencies: Vec<Shown> = s
            .agencies
            .list
            .iter()
            .map(|a| {
                let dirs = a
                    .directives
                    .iter()
                    .map(|&d| s.citator.directives[d].url.clone());
                let issued = a.issued.iter().map(|&p| s.pages[p].url.clone());
                (
                    a.slug.clone(),
                    a.name.clone(),
                    dirs.collect(),
                    issued.collect(),
                )
            })
            .collect();
        // The title keys by what they are: `recite` numbers a new one last.
        let c = &s.calendar;
        let keys: Vec<String> = c.events.ids().map(|e| c.key(e).to_string()).collect();
        let calendar = (
            c.events.clone(),
            c.events_of.clone(),
            keys,
            c.yearly.clone(),
        );
        (
            calendar,
            s.citator.directives.clone(),
            s.citator.citations.clone(),
            s.citator.own_directives.clone(),
            agencies,
        )
    }

    /// Edits `rel` of `files` to `edited` and recites it into the site built from `files`;
    /// when it does, compares the site with the one built from the edited files. Whether it
    /// recited.
    fn recite(files: &[(&str, &str)], rel: &str, edited: &str) -> bool {
        let mut site = built(files);
        let after: Vec<(&str, &str)> = files
            .iter()
            .map(|&(p, t)| (p, if p == rel { edited } else { t }))
            .collect();
        let input = load(&after);
        let i = input
            .pages
            .ids()
            .find(|&p| input.pages[p].source.ends_with(rel))
            .expect("the page");
        let page = (*input.pages[i]).clone();
        let findings = (*input.findings[i]).clone();
        let was = citator(&site);
        let Some(r) = site.recite(i, page, findings) else {
            assert_eq!(citator(&site), was, "declined, and left the site as it was");
            return false;
        };
        assert_eq!(r.page, i);
        assert!(r.pages.contains(&i));
        let want = built(&after);
        assert_eq!(citator(&site), citator(&want), "{edited}");
        true
    }

    const KL44: (&str, &str) = (
        "van-ban/kl-44.md",
        "---\ntitle: Kết luận 44\nnumber: \"44-KL/TW\"\ndate: 2019-01-22\nissuer: Ban Bí thư\n---\n",
    );

    /// Kết luận 44's page and plans `a` and `b`.
    fn two_plans<'a>(a: &'a str, b: &'a str) -> [(&'a str, &'a str); 3] {
        [KL44, ("ke-hoach/a.md", a), ("ke-hoach/b.md", b)]
    }

    fn plan(title: &str, number: &str, basis: &str, text: &str) -> String {
        format!(
            "---\ntitle: {title}\nnumber: \"{number}\"\nissuer: Sở Tư pháp\ndate: 2025-01-02\n\
             basis: [{basis}]\n---\n{text}\n"
        )
    }

    #[test]
    fn a_new_citation_basis_entry_or_number_is_recited_as_a_build_makes_it() {
        let a = plan(
            "Kế hoạch A",
            "12/KH-STP",
            "\"44-KL/TW\"",
            "Theo Kết luận số 44-KL/TW và Chỉ thị số 09-CT/TW ngày 05/8/2011 của Ban Bí thư.",
        );
        let b = plan(
            "Kế hoạch B",
            "20/KH-STP",
            "",
            "Thực hiện Chỉ thị số 09-CT/TW ngày 05/8/2011 của Ban Bí thư và Kế hoạch số \
             12/KH-STP của Sở Tư pháp, Kế hoạch số 31/KH-STP.",
        );
        let files = two_plans(&a, &b);
        // A directive no page cited, first in the text: every later citation moves, and so
        // do the ids of the directives after it.
        let cites_new = a.replace(
            "Theo Kết luận",
            "Căn cứ Chỉ thị số 05-CT/TW ngày 15/5/2016 của Ban Bí thư; theo Kết luận",
        );
        assert!(recite(&files, "ke-hoach/a.md", &cites_new));
        // Unless its issuer is a new agency: the agencies are made by a build.
        let new_agency = cites_new.replace("của Ban Bí thư;", "của Thủ tướng Chính phủ;");
        assert!(!recite(&files, "ke-hoach/a.md", &new_agency));
        // A directive another page cites, with another date: a conflict, the same directive.
        let cites_known = a.replace("Theo", "Theo Kế hoạch số 31/KH-STP ngày 01/3/2024;");
        assert!(recite(&files, "ke-hoach/a.md", &cites_known));
        // A basis entry, and one taken away.
        let basis = a.replace("\"44-KL/TW\"", "\"44-KL/TW\", \"09-CT/TW\"");
        assert!(recite(&files, "ke-hoach/a.md", &basis));
        let no_basis = a.replace("\"44-KL/TW\"", "");
        assert!(recite(&files, "ke-hoach/a.md", &no_basis));
        // A new number: b cites 12/KH-STP, which is no longer a's, and 31/KH-STP, which is.
        let renumbered = a.replace("12/KH-STP", "31/KH-STP");
        assert!(recite(&files, "ke-hoach/a.md", &renumbered));
        // Another issuer the site knows: the directive a's number is, cited by b, is issued
        // by it, and so is a, on its agency's page. One the site does not know declines.
        let reissued = a.replace("issuer: Sở Tư pháp", "issuer: Ban Bí thư");
        assert!(recite(&files, "ke-hoach/a.md", &reissued));
        let unknown = a.replace("issuer: Sở Tư pháp", "issuer: Sở Y tế");
        assert!(!recite(&files, "ke-hoach/a.md", &unknown));
        // Deadlines: one in the text before b's of the same day, one a year on (yearly),
        // one in the front matter; one farther than the calendar goes is left to a build.
        let due = a.replace(
            "Theo",
            "Báo cáo trước ngày 15/12/2025. Hằng năm, tổng kết trước ngày 20/12. Theo",
        );
        let b_due = b.replace("Thực hiện", "Nộp báo cáo trước ngày 15/12/2025. Thực hiện");
        let files_due = two_plans(&a, &b_due);
        assert!(recite(&files_due, "ke-hoach/a.md", &due));
        let front = a.replace(
            "basis:",
            "deadlines:\n  - { date: 2025-03-01, title: \"Sơ kết\" }\nbasis:",
        );
        assert!(recite(&files_due, "ke-hoach/a.md", &front));
        let far = a.replace("Theo", "Hoàn thành trước ngày 15/12/2925. Theo");
        assert!(!recite(&files_due, "ke-hoach/a.md", &far));
        // A citation added in the sentence of a deadline: the events keep their ids and
        // take the new sentence.
        let files_a_due = two_plans(&due, &b_due);
        let cited_there = due.replace(
            "Báo cáo trước ngày 15/12/2025.",
            "Báo cáo theo Chỉ thị số 05-CT/TW trước ngày 15/12/2025.",
        );
        assert!(recite(&files_a_due, "ke-hoach/a.md", &cited_there));
        // The only citation of 09-CT/TW in b taken away: b's directive list is made again
        // without it (a still cites it), and so is b with 12/KH-STP gone.
        let fewer = b.replace(" và Kế hoạch số 12/KH-STP của Sở Tư pháp", "");
        assert!(recite(&files, "ke-hoach/b.md", &fewer));
        // Written with its Vietnamese letter, a symbol takes that form everywhere.
        let letters = b.replace("Kế hoạch số 31/KH-STP", "Quyết định số 7/QĐ-UBND");
        let files2 = two_plans(&a, &letters);
        let plain = a.replace("Theo", "Theo Quyết định số 7/QD-UBND;");
        assert!(recite(&files2, "ke-hoach/a.md", &plain));
        let diacritics = a.replace("Theo", "Theo Quyết định số 7/QĐ-UBND;");
        assert!(recite(&files2, "ke-hoach/a.md", &diacritics));
    }

    #[test]
    fn what_a_build_must_decide_is_declined() {
        let a = plan(
            "Kế hoạch A",
            "12/KH-STP",
            "",
            "Theo Quyết định số 5/QĐ-UBND.",
        );
        let b = plan(
            "Kế hoạch B",
            "20/KH-STP",
            "",
            "Theo Quyết định số 5/QĐ-UBND ngày 03/02/2020 của UBND tỉnh.",
        );
        let files = [("ke-hoach/a.md", a.as_str()), ("ke-hoach/b.md", b.as_str())];
        // Another year of the same number: a's undated citation becomes ambiguous, which a
        // build warns of.
        let other_year = b.replace("Theo", "Theo Quyết định số 5/QĐ-UBND ngày 01/3/2021;");
        assert!(!recite(&files, "ke-hoach/b.md", &other_year));
        // A new title is no citation edit.
        let retitled = a.replace("Kế hoạch A", "Kế hoạch A1");
        assert!(!recite(&files, "ke-hoach/a.md", &retitled));
        // A symbol whose slug another symbol has (5/QĐ-UBND and 5-QĐ/UBND): numbered
        // across symbols by a build.
        let twin = a.replace("Theo", "Theo Quyết định số 5-QĐ/UBND;");
        assert!(!recite(&files, "ke-hoach/a.md", &twin));
    }
}
