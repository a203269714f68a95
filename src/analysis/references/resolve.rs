//! Identity: which cited document a citation names, and the URL slug of its page.

use std::collections::BTreeSet;

use super::symbol::{split_symbol, Shape};
use super::Citation;
use crate::text::{fold, slugify};

/// Which document a citation names: its symbol, and its year when one symbol names several.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub symbol: String,
    pub year: Option<i16>,
}

/// The documents citations name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The documents, each once.
    pub docs: Vec<DocKey>,
    /// The document of each input citation (a place in `docs`), in the same order: a number
    /// rather than a copy of the key, for 1.4 million citations at 100,000 plans.
    pub of: Vec<u32>,
    /// Indices of undated citations of a symbol that names several documents (attached to the
    /// earliest).
    pub ambiguous: Vec<usize>,
}

/// Groups citations into documents. Symbols are compared folded, so `123/QD-UBND` typed without
/// diacritics names the same document as `123/QĐ-UBND` (the key keeps the written form with
/// the most Vietnamese letters). Numbers restart every year (state) or term (Party), so a symbol
/// dated in different years names different documents, except a legal normative symbol, which
/// carries its year; undated citations attach to the only document, or to the earliest of
/// several and are reported.
pub fn resolve(citations: &[&Citation]) -> Resolved {
    let mut of = vec![u32::MAX; citations.len()];
    let mut docs: Vec<DocKey> = Vec::new();
    let mut ambiguous = Vec::new();
    for members in group_by_folded_symbol(citations) {
        let symbol = written_form(citations, &members);
        let legal = split_symbol(&symbol).is_some_and(|p| p.shape == Shape::Legal);
        let years: BTreeSet<i16> = members
            .iter()
            .filter_map(|&i| citations[i as usize].date.map(|d| d.year()))
            .collect();
        let several = !legal && years.len() > 1;
        let earliest = years.first().copied();
        // This symbol's documents (by year) in `docs`.
        let mut numbered: Vec<(Option<i16>, u32)> = Vec::new();
        for &i in &members {
            let i = i as usize;
            let year = if several {
                match citations[i].date {
                    Some(d) => Some(d.year()),
                    None => {
                        ambiguous.push(i);
                        earliest
                    }
                }
            } else {
                None
            };
            of[i] = match numbered.iter().find(|(y, _)| *y == year) {
                Some(&(_, n)) => n,
                None => {
                    let n = u32::try_from(docs.len()).unwrap_or(u32::MAX);
                    docs.push(DocKey {
                        symbol: symbol.clone(),
                        year,
                    });
                    numbered.push((year, n));
                    n
                }
            };
        }
    }
    ambiguous.sort_unstable();
    Resolved {
        docs,
        of,
        ambiguous,
    }
}

impl Resolved {
    /// The document of input citation `i`.
    pub fn key(&self, i: usize) -> &DocKey {
        &self.docs[self.of[i] as usize]
    }

    /// The document of each input citation, in order.
    pub fn keys(&self) -> impl Iterator<Item = &DocKey> {
        self.of.iter().map(|&n| &self.docs[n as usize])
    }
}

/// Indices of the citations whose symbols fold alike, one group per symbol, in order of first
/// citation. As `u32`, like `Resolved::of`: all groups together hold an index per citation
/// (1.4 million at 100,000 plans, where peak memory is counted).
fn group_by_folded_symbol(citations: &[&Citation]) -> Vec<Vec<u32>> {
    // Folding is the costly part: once per symbol as written, not per citation. Each of the
    // (1.4 million at 100,000 plans) citations is looked up: hashed with FxHash.
    let mut folded: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    let mut group_of: rustc_hash::FxHashMap<String, usize> = Default::default();
    for (i, c) in citations.iter().enumerate() {
        let g = match folded.get(c.symbol.as_str()) {
            Some(&g) => g,
            None => {
                let g = *group_of.entry(fold(&c.symbol)).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                folded.insert(c.symbol.as_str(), g);
                g
            }
        };
        groups[g].push(u32::try_from(i).unwrap_or(u32::MAX));
    }
    groups
}

/// The written form of a group's symbol: most Vietnamese letters, then most used, then first
/// seen.
fn written_form(citations: &[&Citation], members: &[u32]) -> String {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for &i in members {
        let i = i as usize;
        let s = citations[i].symbol.as_str();
        match counts.iter_mut().find(|(w, _, _)| *w == s) {
            Some(entry) => entry.1 += 1,
            None => counts.push((s, 1, i)),
        }
    }
    counts
        .iter()
        .max_by_key(|(s, n, first)| {
            (
                s.chars().filter(|c| !c.is_ascii()).count(),
                *n,
                std::cmp::Reverse(*first),
            )
        })
        .map(|(s, _, _)| s.to_string())
        .unwrap_or_default()
}

/// The URL slug of a document's page: `44-KL/TW` → `44-kl-tw`, with a year `44-kl-tw-2019`.
pub fn doc_slug(key: &DocKey) -> String {
    let slug = slugify(&key.symbol);
    match key.year {
        Some(y) => format!("{slug}-{y}"),
        None => slug,
    }
}
