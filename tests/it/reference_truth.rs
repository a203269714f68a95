//! Hand-labelled ground truth for directive references (`references.yaml` beside a set of
//! plain texts) and the comparison of `find_citations` against it, shared by the corpus test
//! (`corpus_references`) and the wider set of texts written elsewhere (`wider_references`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use bangtin::analysis::references::{find_citations, Citation};

#[derive(Debug, serde::Deserialize)]
pub struct FileTruth {
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub not_references: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
pub struct Reference {
    pub symbol: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub date: Option<String>,
    /// Who issued it, as the citation names it; checked only where labelled.
    pub issuer: Option<String>,
}

/// `references.yaml` in `dir`: file name → its ground truth.
pub fn load_truth(dir: &Path) -> BTreeMap<String, FileTruth> {
    let path = dir.join("references.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn read(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Documents listed, found, and found that are listed (by canonical symbol).
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub listed: usize,
    pub found: usize,
    pub correct: usize,
}

impl Score {
    pub fn add(&mut self, other: Score) {
        self.listed += other.listed;
        self.found += other.found;
        self.correct += other.correct;
    }

    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.correct as f64 / self.found as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.listed == 0 {
            1.0
        } else {
            self.correct as f64 / self.listed as f64
        }
    }
}

/// Compares the citations found in `text` with its ground truth; every difference goes into
/// `problems`, prefixed with `file`.
pub fn check_file(
    file: &str,
    text: &str,
    expected: &FileTruth,
    problems: &mut Vec<String>,
) -> Score {
    let citations = find_citations(text);
    let mut by_symbol: BTreeMap<&str, Vec<&Citation>> = BTreeMap::new();
    for c in &citations {
        by_symbol.entry(c.symbol.as_str()).or_default().push(c);
    }
    let listed: BTreeSet<&str> = expected
        .references
        .iter()
        .map(|r| r.symbol.as_str())
        .collect();
    let found: BTreeSet<&str> = by_symbol.keys().copied().collect();
    let score = Score {
        listed: listed.len(),
        found: found.len(),
        correct: listed.intersection(&found).count(),
    };

    for r in &expected.references {
        let Some(cites) = by_symbol.get(r.symbol.as_str()) else {
            problems.push(format!("{file}: {} not found", r.symbol));
            continue;
        };
        // Every citation of the document must carry its type: the type word as written,
        // or the one its symbol's abbreviation names.
        for c in cites {
            let ty = c.effective_type().map(|t| t.label());
            if ty != Some(r.doc_type.as_str()) {
                problems.push(format!(
                    "{file}: {} read as {ty:?}, expected {}",
                    r.symbol, r.doc_type
                ));
            }
        }
        // The ground truth gives the date "as cited", once per document, but a document can
        // be cited several times, with a date or without, and even with two different dates
        // (44-KL/TW is cited with a wrong date in the KHCN plan). So: the listed date must be
        // among the dates found for the symbol, and a document listed without a date must
        // never have one invented for it.
        let dates: BTreeSet<String> = cites
            .iter()
            .filter_map(|c| c.date)
            .map(|d| d.to_string())
            .collect();
        match &r.date {
            Some(d) if !dates.contains(d) => {
                problems.push(format!(
                    "{file}: {} dated {dates:?}, expected {d}",
                    r.symbol
                ));
            }
            None if !dates.is_empty() => {
                problems.push(format!(
                    "{file}: {} given dates {dates:?}, the text has none",
                    r.symbol
                ));
            }
            _ => {}
        }
        // Likewise the issuer, where labelled: among those read for the symbol.
        if let Some(who) = &r.issuer {
            let issuers: BTreeSet<&str> =
                cites.iter().filter_map(|c| c.issuer.as_deref()).collect();
            if !issuers.contains(who.as_str()) {
                problems.push(format!(
                    "{file}: {} issued by {issuers:?}, expected {who:?}",
                    r.symbol
                ));
            }
        }
    }
    for extra in found.difference(&listed) {
        problems.push(format!("{file}: {extra} taken for a reference"));
    }
    for not_ref in &expected.not_references {
        let mut seen = false;
        for (at, _) in text.match_indices(not_ref.as_str()) {
            seen = true;
            let span = at..at + not_ref.len();
            if let Some(c) = citations
                .iter()
                .find(|c| c.range.start < span.end && span.start < c.range.end)
            {
                problems.push(format!(
                    "{file}: {not_ref:?} taken for a reference ({})",
                    c.symbol
                ));
            }
        }
        // A trap that is not in the text tests nothing: the label is wrong.
        if !seen {
            problems.push(format!(
                "{file}: not_references {not_ref:?} is not in the text"
            ));
        }
    }
    score
}
