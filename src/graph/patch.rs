//! Updating the graph in place after an edit of a page's text that leaves its front matter
//! alone and cites, names and dates the same things in the same order: most edits. Only the
//! quoted sentences can differ then (a directive's "cited by", a model's "mentioned by", a
//! deadline's sentence); everything else `build` derives stays as it is. Any other edit
//! goes through `build` again.

use super::{CitedBy, EventOrigin, Site};
use crate::analysis::page::Findings;
use crate::content::Page;
use std::sync::Arc;

/// What `Site::patch_text` changed besides the page itself: what shows its sentences.
#[derive(Debug, Default)]
pub struct Patched {
    /// Directives (indices) whose "cited by" sentences changed.
    pub directives: Vec<usize>,
    /// Pages (indices) whose "mentioned by" sentences changed.
    pub mentioned: Vec<usize>,
    /// Events (indices) whose sentence changed.
    pub events: Vec<usize>,
}

impl Site {
    /// Whether `page` with `findings` may replace page `i` by `patch_text`.
    pub fn is_text_edit(&self, i: usize, page: &Page, findings: &Findings) -> bool {
        let old = &self.pages[i];
        old.source == page.source
            && old.url == page.url
            && old.front_hash == page.front_hash
            && same_shape(&self.findings[i], findings)
    }

    /// Replaces page `i` with `page`, analysed into `findings`, when the two differ from the
    /// current ones in their text only (see the module's notes; `is_text_edit` tells). `None`
    /// otherwise, leaving the site untouched.
    pub fn patch_text(&mut self, i: usize, page: Page, findings: Findings) -> Option<Patched> {
        if !self.is_text_edit(i, &page, &findings) {
            return None;
        }
        let mut patched = Patched::default();

        // "Cited by": entries of one page are together, in citation order, one per sentence.
        let mut targets = self.citation_targets[i].clone();
        targets.sort_unstable();
        targets.dedup();
        for di in targets {
            let mut fresh: Vec<CitedBy> = Vec::new();
            for (ci, fc) in findings.citations.iter().enumerate() {
                if self.citation_targets[i][ci] != di
                    || fresh.iter().any(|c| c.sentence == fc.sentence)
                {
                    continue;
                }
                fresh.push(CitedBy {
                    page: i,
                    sentence: fc.sentence.clone(),
                    anchor: fc.run.map(|_| format!("vb-{}", ci + 1)),
                    source: fc.source,
                });
            }
            let cited_by = &mut self.directives[di].cited_by;
            let from = cited_by.partition_point(|c| c.page < i);
            let to = from + cited_by[from..].partition_point(|c| c.page == i);
            let same = to - from == fresh.len()
                && cited_by[from..to].iter().zip(&fresh).all(|(a, b)| {
                    a.sentence == b.sentence && a.anchor == b.anchor && a.source == b.source
                });
            if !same {
                cited_by.splice(from..to, fresh);
                patched.directives.push(di);
            }
        }

        // "Mentioned by": the first sentence naming each target.
        for (n, name) in findings.names.iter().enumerate() {
            let target = self.named[name.target].page;
            let earlier = findings.names[..n]
                .iter()
                .any(|m| self.named[m.target].page == target);
            if target == i || earlier {
                continue;
            }
            if let Some(entry) = self.mentioned_by[target].iter_mut().find(|(p, _)| *p == i) {
                if entry.1 != name.sentence {
                    entry.1.clone_from(&name.sentence);
                    if !patched.mentioned.contains(&target) {
                        patched.mentioned.push(target);
                    }
                }
            }
        }

        // Deadlines found in the text: event `han-N` quotes the sentence of deadline N.
        for &ei in &self.events_of[i] {
            let e = &mut self.events[ei];
            if e.origin != EventOrigin::Text {
                continue;
            }
            let n = e
                .anchor
                .as_deref()
                .and_then(|a| a.strip_prefix("han-"))
                .and_then(|n| n.parse::<usize>().ok());
            let Some(fd) = n.and_then(|n| findings.deadlines.get(n - 1)) else {
                continue;
            };
            if e.sentence.as_deref() != Some(fd.sentence.as_str()) {
                e.sentence = Some(fd.sentence.clone());
                patched.events.push(ei);
            }
        }

        self.pages[i] = Arc::new(page);
        self.findings[i] = Arc::new(findings);
        Some(patched)
    }
}

/// The same citations, names and deadlines, in the same order, wherever they are in the text.
fn same_shape(a: &Findings, b: &Findings) -> bool {
    a.unparsed == b.unparsed
        && a.citations.len() == b.citations.len()
        && a.citations.iter().zip(&b.citations).all(|(x, y)| {
            let (c, d) = (&x.citation, &y.citation);
            x.source == y.source
                && x.run.is_some() == y.run.is_some()
                && x.line == y.line
                && c.symbol == d.symbol
                && c.doc_type == d.doc_type
                && c.date == d.date
                && c.issuer == d.issuer
        })
        && a.names.len() == b.names.len()
        && a.names
            .iter()
            .zip(&b.names)
            .all(|(x, y)| x.target == y.target)
        && a.deadlines.len() == b.deadlines.len()
        && a.deadlines.iter().zip(&b.deadlines).all(|(x, y)| {
            let (c, d) = (&x.deadline, &y.deadline);
            c.span == d.span && c.yearly == d.yearly && c.title == d.title
        })
}
