//! What a page's text says: the directives it cites, the model or law names it mentions and
//! the deadlines it sets, each tied to the text run (see `markdown`) it was found in.

use super::deadlines::{find_deadlines_in, FoundDeadline};
use super::names::NameMatcher;
use super::quote::Batch;
use super::references::{find_citations_in, parse_reference, Citation};
use super::scan::Scan;
use super::sentence::sentence_around;
use crate::content::{Meta, Page};
use crate::diag::Diagnostic;
use crate::markdown;
use std::collections::HashMap;

/// A sentence quoted from a page, on one line. Stored once (`quote`): the findings, "cited by"
/// lists and calendar events quoting one sentence hold a handle to one copy of it.
pub use super::quote::Sentence;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteSource {
    Body,
    Basis,
    Decision,
}

#[derive(Debug, Clone)]
pub struct FoundCitation {
    pub citation: Citation,
    /// The text run (`markdown::for_each_run`) it is in; `None` for front-matter fields.
    pub run: Option<usize>,
    /// The sentence it is cited in, on one line.
    pub sentence: Sentence,
    pub source: CiteSource,
    /// Line in the file, when known.
    pub line: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct FoundName {
    pub run: usize,
    pub range: std::ops::Range<usize>,
    /// Index into the site's list of named things.
    pub target: usize,
    pub sentence: Sentence,
}

#[derive(Debug, Clone)]
pub struct FoundDeadlineAt {
    pub run: usize,
    pub deadline: FoundDeadline,
    pub sentence: Sentence,
}

#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub citations: Vec<FoundCitation>,
    pub names: Vec<FoundName>,
    pub deadlines: Vec<FoundDeadlineAt>,
    /// More than `MAX_DEADLINES` deadlines were found: the rest were left out.
    pub deadlines_dropped: bool,
    /// Front-matter references that are not references (`basis: ["abc"]`): (text, line).
    pub unparsed: Vec<(String, usize)>,
    /// The images the body shows.
    pub images: Vec<markdown::BodyImage>,
}

/// The most deadlines one page's text puts on the calendar. A real plan sets a few dozen;
/// a page that repeats "trước ngày 10/6" ten thousand times would otherwise fill the
/// calendar and the memory.
pub const MAX_DEADLINES: usize = 500;

/// Collapses the white space (line wraps of PDF text) of a quoted sentence.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the body of a page again (the site keeps none, see `content::Body`) and analyses it.
pub fn read_and_analyse(page: &Page, names: &NameMatcher<usize>) -> Result<Findings, Diagnostic> {
    Ok(analyse(page, &page.read_body()?, names))
}

/// Analyses one page whose body is `body`. `names` finds the names of models and directives
/// cited by name.
pub fn analyse(page: &Page, body: &str, names: &NameMatcher<usize>) -> Findings {
    let mut f = Findings {
        images: markdown::images(body, page.body_line),
        ..Findings::default()
    };
    let default_year = page.year();
    let scan_deadlines = matches!(page.meta, Meta::Plan(_));
    // One copy of each sentence, however many citations, names and deadlines it holds; all
    // of the page's stored with one write at the end (their handles are shifted then).
    let mut batch = Batch::default();
    let mut copies: HashMap<String, Sentence> = HashMap::new();
    let mut sentences: HashMap<(usize, usize), Sentence> = HashMap::new();
    markdown::for_each_run(body, |run, text| {
        // Folded once, read by all three analysers.
        let scan = Scan::new(text);
        sentences.clear();
        let mut sentence = |s: std::ops::Range<usize>| {
            *sentences.entry((s.start, s.end)).or_insert_with(|| {
                let line = one_line(&text[s]);
                *copies
                    .entry(line)
                    .or_insert_with_key(|line| batch.add(line))
            })
        };
        for c in find_citations_in(&scan) {
            let s = sentence_around(text, c.range.clone());
            f.citations.push(FoundCitation {
                sentence: sentence(s),
                citation: c,
                run: Some(run),
                source: CiteSource::Body,
                line: None,
            });
        }
        for (range, target) in names.find_in(&scan) {
            let s = sentence_around(text, range.clone());
            f.names.push(FoundName {
                run,
                range,
                target,
                sentence: sentence(s),
            });
        }
        // Past the cap, runs are still read until one more deadline shows the cap was hit
        // (a cap filled exactly at the end of a paragraph must still be said).
        if scan_deadlines && !f.deadlines_dropped {
            for d in find_deadlines_in(&scan, default_year) {
                if f.deadlines.len() >= MAX_DEADLINES {
                    f.deadlines_dropped = true;
                    break;
                }
                f.deadlines.push(FoundDeadlineAt {
                    run,
                    sentence: sentence(d.sentence.clone()),
                    deadline: d,
                });
            }
        }
    });
    let mut front = |text: &str, line: usize, source: CiteSource| match parse_reference(text) {
        Some(c) => f.citations.push(FoundCitation {
            citation: c,
            run: None,
            sentence: batch.add(&one_line(text)),
            source,
            line: Some(line),
        }),
        None => f.unparsed.push((text.to_string(), line)),
    };
    match &page.meta {
        Meta::Plan(p) => {
            for (b, line) in &p.basis {
                front(b, *line, CiteSource::Basis);
            }
        }
        Meta::Commendation(c) => {
            if let Some((d, line)) = &c.decision {
                front(d, *line, CiteSource::Decision);
            }
        }
        _ => {}
    }
    let base = batch.store();
    for c in &mut f.citations {
        c.sentence = c.sentence.shifted(base);
    }
    for n in &mut f.names {
        n.sentence = n.sentence.shifted(base);
    }
    for d in &mut f.deadlines {
        d.sentence = d.sentence.shifted(base);
    }
    // Kept for the whole build (and all of `serve`): no room grown for more than was found.
    f.citations.shrink_to_fit();
    f.names.shrink_to_fit();
    f.deadlines.shrink_to_fit();
    f
}
