//! The pages part of the site: every page sorted by URL, what analysis found in each, the
//! section indexes (`_index.md`), and the date order every list sorts by.

use super::ids::{IdVec, PageId};
use crate::analysis::page::Findings;
use crate::content::{Kind, Page, SectionIndex};
use std::collections::BTreeMap;
use std::ops::Index;
use std::sync::Arc;

/// The pages of the site and what is known of each before anything links them.
/// `site.pages[id]` is a page.
pub struct Pages {
    /// Sorted by URL.
    pub list: IdVec<PageId, Arc<Page>>,
    /// What analysis found in each page (citations, names, deadlines).
    pub findings: IdVec<PageId, Arc<Findings>>,
    /// The `_index.md` of each section, by section (`""` for the home page).
    pub sections: BTreeMap<String, SectionIndex>,
    /// Each page's place in the order newest first, then Vietnamese title order, then URL:
    /// every list sorts by it instead of comparing titles again.
    pub date_rank: IdVec<PageId, u32>,
}

impl Pages {
    /// Drops the citations analysis found in page `p`, as parsed: once the citator has read
    /// them, pages show what it kept of them (`Citator::citations`). Only `serve` needs them
    /// after that, to patch the graph and to analyse less; a build drops them in the citator
    /// (at 100,000 plans, 1.4 million citations take about 280 MB). Findings that are shared
    /// keep them.
    pub fn forget_citations_of(&mut self, p: PageId) {
        if let Some(f) = Arc::get_mut(&mut self.findings[p]) {
            f.citations = Vec::new();
        }
    }

    /// Drops the rest of what analysis found in the text (names, deadlines), keeping the
    /// images. The site's lists ("mentioned by", events) keep their own copies of what they
    /// show, so only the pages' own views read these: a build drops them once the pages are
    /// rendered, before the search index and the feeds.
    pub fn forget_text_findings(&mut self) {
        self.forget(|f| {
            f.names = Vec::new();
            f.deadlines = Vec::new();
        });
    }

    fn forget(&mut self, drop: impl Fn(&mut Findings)) {
        for f in self.findings.iter_mut() {
            if let Some(f) = Arc::get_mut(f) {
                drop(f);
            }
        }
    }
}

/// The pages pass: ranks the pages by date once, and indexes the sections.
pub fn build(
    list: IdVec<PageId, Arc<Page>>,
    findings: IdVec<PageId, Arc<Findings>>,
    sections: Vec<SectionIndex>,
) -> Pages {
    let date_rank = date_ranks(&list);
    let sections = sections
        .into_iter()
        .map(|s| (s.section.clone(), s))
        .collect();
    Pages {
        list,
        findings,
        sections,
        date_rank,
    }
}

impl Pages {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Arc<Page>> {
        self.list.iter()
    }

    pub fn iter_enumerated(
        &self,
    ) -> impl DoubleEndedIterator<Item = (PageId, &Arc<Page>)> + ExactSizeIterator {
        self.list.iter_enumerated()
    }

    pub fn ids(&self) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator {
        self.list.ids()
    }

    /// The pages of one kind, in URL order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (PageId, &Page)> {
        self.list
            .iter_enumerated()
            .filter(move |(_, p)| p.kind == kind)
            .map(|(i, p)| (i, &**p))
    }

    /// Pages sorted newest first (date, then Vietnamese title order, then URL).
    pub fn sorted_by_date(&self, mut ids: Vec<PageId>) -> Vec<PageId> {
        ids.sort_unstable_by_key(|&i| self.date_rank[i]);
        ids
    }
}

impl Index<PageId> for Pages {
    type Output = Arc<Page>;
    fn index(&self, id: PageId) -> &Arc<Page> {
        &self.list[id]
    }
}

impl<'a> IntoIterator for &'a Pages {
    type Item = &'a Arc<Page>;
    type IntoIter = std::slice::Iter<'a, Arc<Page>>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// The Vietnamese sort key of a title (`text::sort_key`).
type TitleKey = (Vec<u32>, Vec<u32>, String);

/// The date order of two pages given their titles' keys: newest first, then titles in
/// Vietnamese order, then URLs. `date_ranks` and `Pages::ranks_if_retitled` both use it.
fn date_order(a: &Page, ka: &TitleKey, b: &Page, kb: &TitleKey) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| ka.cmp(kb))
        .then_with(|| a.url.cmp(&b.url))
}

impl Pages {
    /// The pages whose `date_rank` changes if page `i` becomes `page` (its date and title
    /// decide its place), each with its new rank; empty when `i` keeps its place. Those are
    /// `i` and the pages between its old and new places, which move by one: the order of
    /// any two other pages stays as it is.
    pub fn ranks_if_changed(&self, i: PageId, page: &Page) -> Vec<(PageId, u32)> {
        let mut order = vec![i; self.len()];
        for (p, &r) in self.date_rank.iter_enumerated() {
            order[r as usize] = p;
        }
        let old = self.date_rank[i] as usize;
        order.remove(old);
        let key = crate::text::sort_key(&page.title);
        // Only pages of the same date are compared by title: their keys are made as needed.
        let new = order.partition_point(|&p| {
            let q = &self.list[p];
            match page.date.cmp(&q.date) {
                std::cmp::Ordering::Equal => {
                    let kq = crate::text::sort_key(&q.title);
                    date_order(q, &kq, page, &key).is_lt()
                }
                by_date => by_date.is_lt(),
            }
        });
        if new == old {
            return Vec::new();
        }
        let (between, shift): (&[PageId], i64) = if new < old {
            (&order[new..old], 1)
        } else {
            (&order[old..new], -1)
        };
        let mut out = vec![(i, new as u32)];
        out.extend(
            between
                .iter()
                .map(|&p| (p, (i64::from(self.date_rank[p]) + shift) as u32)),
        );
        out
    }
}

/// See `Pages::date_rank`. Sort keys are computed once per page, in parallel.
fn date_ranks(pages: &IdVec<PageId, Arc<Page>>) -> IdVec<PageId, u32> {
    use rayon::prelude::*;
    let keys: Vec<_> = pages
        .as_slice()
        .par_iter()
        .map(|p| crate::text::sort_key(&p.title))
        .collect();
    let mut order: Vec<PageId> = pages.ids().collect();
    order.sort_unstable_by(|&a, &b| {
        date_order(&pages[a], &keys[a.index()], &pages[b], &keys[b.index()])
    });
    let mut rank = IdVec::filled(0u32, pages.len());
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::super::testing::load;

    #[test]
    fn date_rank_puts_the_newest_first_then_titles_in_vietnamese_order() {
        let input = load(&[
            ("ke-hoach/a.md", "---\ntitle: Ănh\ndate: 2024-01-02\n---\n"),
            ("ke-hoach/b.md", "---\ntitle: Anh\ndate: 2024-01-02\n---\n"),
            ("ke-hoach/c.md", "---\ntitle: Ba\ndate: 2025-03-04\n---\n"),
        ]);
        let pages = super::build(input.pages, input.findings, input.sections);
        let order: Vec<&str> = pages
            .sorted_by_date(pages.ids().collect())
            .into_iter()
            .map(|p| pages[p].title.as_str())
            .collect();
        assert_eq!(order, ["Ba", "Anh", "Ănh"]);
    }
}
