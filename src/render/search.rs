//! The full-text search index under `/tim-kiem/`: every page's whole text (title, summary,
//! headings, body, numbers, symbols, agencies, tags) and every directive, split so that one
//! query downloads only what it needs.
//!
//! - `tim-kiem/index.json`: the manifest: number of documents, the first term of each shard,
//!   the kinds and years offered as filters.
//! - `tim-kiem/s/<n>.bin`: shards of the inverted index. Terms are folded words (see
//!   [`terms`]), pairs of adjacent words written with a leading space (` cuu chien`, for
//!   phrase ranking) and filter terms (`!kplan`, `!y2024`), sorted and cut into shards of at
//!   most [`SHARD_CAP`] bytes. Each term carries the documents containing it and those whose
//!   title contains it. The leading space sorts pairs before filters and words, so the words
//!   starting with a prefix `p` are exactly the terms in `[p, p + "\u{ffff}")`, which lie in
//!   the consecutive shards [`prefix_shards`] gives: `search.js` matches a word still being
//!   typed, or one that is not itself a term, against every word it begins.
//! - `tim-kiem/d/<id / 1000>/<id>.json`: one document's title, URL, kind, date, summary and
//!   number of text parts; `<id>-<part>.gz`: its text (headings and body) in gzipped parts
//!   of at most [`TEXT_PART`] bytes, for the snippet; later parts are fetched only when the
//!   match is further down.
//!
//! Document ids follow newest first, so "then newest" is "then smallest id".
//! The format is read by `themes/default/static/search.js`.

use super::views::{directive_title, Ctx};
use super::Sink;
use crate::content::{Kind, Meta, Page};
use crate::diag::Diagnostic;
use crate::graph::PageId;
use crate::routes;
use crate::text::fold;
use pulldown_cmark::{Event, Parser, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Largest shard, in bytes (a single term bigger than this gets a shard of its own; its list
/// is at most one bit per document, 6.25 kB at 50,000 documents).
pub const SHARD_CAP: usize = 16 * 1024;
/// Bytes of text per document part loaded for snippets (gzipped: about a third of it).
pub const TEXT_PART: usize = 8 * 1024;

/// The words a query or a text is matched on: folded (diacritics stripped, `đ` → `d`, lower
/// case), split at everything but letters and digits, so `44 kl tw` finds `44-KL/TW`.
pub fn terms(s: &str) -> Vec<String> {
    words(&fold(s)).map(str::to_string).collect()
}

/// Order of terms and shard boundaries: UTF-16 code units, as JavaScript compares strings.
fn term_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The shard holding `term`, given the first term of every shard (sorted).
pub fn shard_of(firsts: &[String], term: &str) -> usize {
    firsts
        .partition_point(|f| term_cmp(f, term) != std::cmp::Ordering::Greater)
        .saturating_sub(1)
}

/// The shards holding every term that starts with `prefix` (first and last, inclusive):
/// the rule `search.js` follows for a word being typed.
pub fn prefix_shards(firsts: &[String], prefix: &str) -> std::ops::RangeInclusive<usize> {
    shard_of(firsts, prefix)..=shard_of(firsts, &format!("{prefix}\u{ffff}"))
}

/// The plain text of Markdown: one line per block (paragraph, heading, list item, cell).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new_ext(markdown, crate::markdown::options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) if !out.ends_with('\n') && !out.is_empty() => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// One searchable document before indexing. It borrows what it shows from the site; what
/// is searched and not shown (`extra`) is made when the document is indexed: at 100,000
/// plans, copies of every title, summary and cited symbol took about 80 MB.
struct Doc<'a> {
    title: Cow<'a, str>,
    url: String,
    kind: &'static str,
    label: Cow<'a, str>,
    date: Option<jiff::civil::Date>,
    year: Option<i16>,
    summary: Cow<'a, str>,
    /// Where its searched-only words come from (`extra`).
    of: Of,
    /// Shown in snippets and searched: headings and body of this page. Read and made plain
    /// text one chunk of documents at a time: the whole site's text is never held.
    body: Option<&'a Page>,
}

/// What a document is, for `extra`.
#[derive(Clone, Copy)]
enum Of {
    Page(PageId),
    Directive(crate::graph::DirectiveId),
}

/// Searched, not shown: a page's number, issuer, unit, the symbols it cites and its tags; a
/// directive's symbol, type and issuer. One per line.
fn extra(site: &crate::graph::Site, of: Of) -> String {
    let mut extra = String::new();
    let mut push = |s: &str| {
        extra.push_str(s);
        extra.push('\n');
    };
    match of {
        Of::Page(i) => {
            let p = &site.pages[i];
            if let Meta::Plan(pl) = &p.meta {
                if let Some(n) = &pl.number {
                    push(n);
                }
            }
            if let Some(s) = p.issuer() {
                push(s);
            }
            if let Meta::Model(m) = &p.meta {
                if let Some(u) = &m.unit {
                    push(u);
                }
            }
            for c in &site.citator.citations[i] {
                push(&site.citator.directives[c.target].symbol);
            }
            for t in &p.tags {
                push(t);
            }
        }
        Of::Directive(di) => {
            let d = &site.citator.directives[di];
            push(&d.symbol);
            push(&d.type_label);
            if let Some(s) = &d.issuer {
                extra.push_str(s);
            }
        }
    }
    extra
}

fn collect<'a>(ctx: &Ctx<'a>) -> Vec<Doc<'a>> {
    let site = ctx.site;
    let mut docs: Vec<Doc> = site
        .pages
        .list
        .as_slice()
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.kind != Kind::Directive)
        .map(|(i, p)| Doc {
            title: Cow::Borrowed(&p.title),
            url: ctx.u(&p.url),
            kind: p.kind.key(),
            label: Cow::Borrowed(ctx.kind_label(p.kind)),
            date: p.date,
            year: p.year(),
            summary: Cow::Borrowed(p.summary.as_deref().unwrap_or_default()),
            of: Of::Page(PageId::new(i)),
            body: Some(p),
        })
        .collect();
    docs.extend(site.citator.directives.iter_enumerated().map(|(di, d)| {
        let page = d.page.map(|i| &site.pages[i]);
        Doc {
            title: Cow::Owned(directive_title(d)),
            url: ctx.u(&d.url),
            kind: Kind::Directive.key(),
            label: Cow::Borrowed(&d.type_label),
            date: d.date,
            year: d.date.map(|x| x.year()),
            summary: Cow::Borrowed(
                d.subject
                    .as_deref()
                    .or_else(|| page.and_then(|p| p.summary.as_deref()))
                    .or(d.issuer.as_deref())
                    .unwrap_or_default(),
            ),
            of: Of::Directive(di),
            body: page.map(|p| &**p),
        }
    }));
    // Newest first; undated last; the URL (unique) breaks ties so ids are stable.
    docs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    docs
}

/// A sorted list of document ids, as the shorter of: delta-encoded varints (`0`, count,
/// gaps) or a bitmap over all documents (`1`, bits, lowest id in the lowest bit).
fn encode_list(ids: &[u32], n_docs: usize, out: &mut Vec<u8>) {
    let mut var = vec![0u8];
    varint(ids.len() as u64, &mut var);
    let mut prev = 0u32;
    for (k, &id) in ids.iter().enumerate() {
        varint(u64::from(if k == 0 { id } else { id - prev }), &mut var);
        prev = id;
    }
    let last = ids.last().map_or(0, |&l| l as usize);
    let bitmap_len = 1 + (last / 8 + 1).min(n_docs.div_ceil(8).max(1));
    let body = if bitmap_len < var.len() {
        let mut bits = vec![0u8; bitmap_len];
        bits[0] = 1;
        for &id in ids {
            bits[1 + id as usize / 8] |= 1 << (id % 8);
        }
        bits
    } else {
        var
    };
    varint(body.len() as u64, out);
    out.extend_from_slice(&body);
}

/// The varint [`varint`] wrote at `*pos`, moving `pos` past it.
fn read_varint(bytes: &[u8], pos: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let b = bytes[*pos];
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b < 0x80 {
            return v;
        }
    }
}

fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Decodes a list written by [`encode_list`] (tests; the browser has its own).
#[cfg(test)]
fn decode_list(bytes: &[u8]) -> Vec<u32> {
    let read = |pos: &mut usize| read_varint(bytes, pos);
    if bytes[0] == 1 {
        let mut out = Vec::new();
        for (i, b) in bytes[1..].iter().enumerate() {
            for bit in 0..8 {
                if b & (1 << bit) != 0 {
                    out.push((i * 8 + bit) as u32);
                }
            }
        }
        return out;
    }
    let mut pos = 1;
    let n = read(&mut pos);
    let mut out = Vec::new();
    let mut prev = 0u32;
    for k in 0..n {
        let d = read(&mut pos) as u32;
        prev = if k == 0 { d } else { prev + d };
        out.push(prev);
    }
    out
}

/// The documents containing one term, as the gaps between ascending ids in varints: built
/// while documents are read in id order, a byte or two a document instead of four. A term
/// whose gaps outgrow a bitmap of every document turns into one, a bit a document: at 100,000
/// plans, the words most plans have took most of the index's memory as gaps.
enum Ids {
    Gaps { gaps: Vec<u8>, next: u32 },
    Bits(Vec<u64>),
}

impl Default for Ids {
    fn default() -> Self {
        Ids::Gaps {
            gaps: Vec::new(),
            next: 0,
        }
    }
}

impl Ids {
    /// Adds `id`, greater than every id before it, of `n_docs` documents.
    fn push(&mut self, id: u32, n_docs: usize) {
        match self {
            Ids::Gaps { gaps, next } => {
                varint(u64::from(id - *next), gaps);
                *next = id + 1;
                if gaps.len() > n_docs / 8 {
                    let mut ids = Vec::new();
                    self.to_vec(&mut ids);
                    let mut bits = vec![0u64; n_docs.div_ceil(64)];
                    for i in ids {
                        bits[i as usize / 64] |= 1 << (i % 64);
                    }
                    *self = Ids::Bits(bits);
                }
            }
            Ids::Bits(bits) => bits[id as usize / 64] |= 1 << (id % 64),
        }
    }

    fn to_vec(&self, out: &mut Vec<u32>) {
        out.clear();
        match self {
            Ids::Gaps { gaps, .. } => {
                let (mut pos, mut next) = (0, 0u32);
                while pos < gaps.len() {
                    let id = next + read_varint(gaps, &mut pos) as u32;
                    out.push(id);
                    next = id + 1;
                }
            }
            Ids::Bits(bits) => {
                for (w, &word) in bits.iter().enumerate() {
                    let mut word = word;
                    while word != 0 {
                        out.push(w as u32 * 64 + word.trailing_zeros());
                        word &= word - 1;
                    }
                }
            }
        }
    }
}

#[derive(Default)]
struct Postings {
    all: Ids,
    title: Ids,
}

/// The terms of one document, deduplicated, each followed by `\n`, in one string per
/// partition of the term space (`hash % partitions`), so that partitions are merged in
/// parallel: words, adjacent pairs (with a leading space) and filter terms in `all`, the
/// words of the title in `title`.
struct DocTerms {
    all: Vec<String>,
    title: Vec<String>,
}

fn partition(term: &str, partitions: usize) -> usize {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(term) % partitions as u64) as usize
}

/// The words of folded text: runs of letters and digits.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn doc_terms(doc: &Doc, extra: &str, text: &str, partitions: usize) -> DocTerms {
    let mut terms = DocTerms {
        all: vec![String::new(); partitions],
        title: vec![String::new(); partitions],
    };
    let add = |strings: &mut Vec<String>, term: &str| {
        let s = &mut strings[partition(term, partitions)];
        s.push_str(term);
        s.push('\n');
    };
    let folded: Vec<String> = [&doc.title, &doc.summary, extra, text]
        .iter()
        .map(|part| fold(part))
        .collect();
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    for w in words(&folded[0]) {
        if seen.insert(w) {
            add(&mut terms.title, w);
        }
    }
    // Sized at once, not grown step by step (which rehashed them a dozen times a document):
    // a plan has a word every 4.5 bytes or so, of which about a quarter are distinct words
    // and three fifths distinct pairs.
    let words_about = folded.iter().map(String::len).sum::<usize>() / 7;
    let mut seen: rustc_hash::FxHashSet<&str> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(words_about / 2, Default::default());
    let mut pairs: rustc_hash::FxHashSet<(&str, &str)> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(words_about, Default::default());
    let mut pair = String::new();
    for part in &folded {
        // Lines are separate fields: a pair never spans two of them.
        for line in part.lines() {
            let mut prev: Option<&str> = None;
            for w in words(line) {
                if seen.insert(w) {
                    add(&mut terms.all, w);
                }
                if let Some(p) = prev {
                    if pairs.insert((p, w)) {
                        pair.clear();
                        pair.push(' ');
                        pair.push_str(p);
                        pair.push(' ');
                        pair.push_str(w);
                        add(&mut terms.all, &pair);
                    }
                }
                prev = Some(w);
            }
        }
    }
    let kind = format!("!k{}", doc.kind);
    add(&mut terms.all, &kind);
    if let Some(y) = doc.year {
        let year = format!("!y{y}");
        add(&mut terms.all, &year);
    }
    terms
}

type Maps = Vec<rustc_hash::FxHashMap<Box<str>, Postings>>;

/// Every term of the documents with the ids of the documents holding it, in one map per
/// partition of the term space. Each document's plain text is handed to `each` (id, document,
/// text) as it is made, for its own files; `extra_of` gives its searched-only words.
/// Stops as soon as `stopped` says so (`Sink::stopped`), leaving the rest out.
fn postings<R: Send + Sync>(
    docs: &[Doc],
    stopped: impl Fn() -> bool + Sync,
    extra_of: impl Fn(Of) -> String + Sync,
    each: impl Fn(usize, &Doc, &Result<String, Diagnostic>) -> R + Sync,
) -> (Maps, Vec<R>) {
    let partitions = rayon::current_num_threads().max(1);
    let mut maps: Maps = (0..partitions).map(|_| Default::default()).collect();
    let mut made = Vec::with_capacity(docs.len());
    // In chunks: the terms of every document at once would take gigabytes at 50,000 plans.
    const CHUNK: usize = 1024;
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        if stopped() {
            break;
        }
        let per_doc: Vec<(DocTerms, R)> = chunk
            .par_iter()
            .enumerate()
            // Once stopped, the rest of the chunk is skipped too (what is made is dropped).
            .filter(|_| !stopped())
            .map(|(k, d)| {
                let text = match d.body.map(Page::read_body).transpose() {
                    Ok(body) => Ok(body.as_deref().map(plain_text).unwrap_or_default()),
                    Err(e) => Err(e),
                };
                (
                    doc_terms(
                        d,
                        &extra_of(d.of),
                        text.as_deref().unwrap_or_default(),
                        partitions,
                    ),
                    each(c * CHUNK + k, d, &text),
                )
            })
            .collect();
        maps.par_iter_mut().enumerate().for_each(|(part, map)| {
            for (k, (terms, _)) in per_doc.iter().enumerate() {
                let id = (c * CHUNK + k) as u32;
                for (list, in_title) in [(&terms.all[part], false), (&terms.title[part], true)] {
                    for term in list.lines() {
                        let p = match map.get_mut(term) {
                            Some(p) => p,
                            None => map.entry(term.into()).or_default(),
                        };
                        if in_title {
                            p.title.push(id, docs.len());
                        } else {
                            p.all.push(id, docs.len());
                        }
                    }
                }
            }
        });
        made.extend(per_doc.into_iter().map(|(_, r)| r));
    }
    (maps, made)
}

/// Sorts terms as [`term_cmp`] does, fast when no term has a character from U+E000 up
/// (where UTF-16 order and code point order differ).
fn sort_terms<T: Send>(terms: &mut [(&str, T)]) {
    if terms
        .iter()
        .all(|(t, _)| !t.chars().any(|c| c >= '\u{e000}'))
    {
        terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    } else {
        terms.par_sort_unstable_by(|a, b| term_cmp(a.0, b.0));
    }
}

/// Cuts text into parts of at most about `TEXT_PART` bytes, at line or word boundaries.
fn parts(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > TEXT_PART {
        let mut cut = TEXT_PART;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = &rest[..cut];
        let at = head
            .rfind('\n')
            .filter(|&i| i > TEXT_PART / 2)
            .or_else(|| head.rfind(' ').filter(|&i| i > 0))
            .map_or(cut, |i| i + 1);
        out.push(&rest[..at]);
        rest = &rest[at..];
    }
    out.push(rest);
    out
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version.
    v: u32,
    n: usize,
    shards: Vec<String>,
    /// Kinds present: (code, label).
    kinds: Vec<(&'static str, &'a str)>,
    years: Vec<i16>,
}

#[derive(Serialize)]
struct DocFile<'a> {
    t: &'a str,
    u: &'a str,
    k: &'a str,
    d: Option<String>,
    s: &'a str,
    /// Number of text parts, `<id>-0.gz`, `<id>-1.gz`…
    p: usize,
}

/// Gzip with a fixed header (no name, no time): the same bytes on every build.
fn gzip(path: &str, bytes: &[u8]) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes)
        .and_then(|()| enc.finish())
        .map_err(|e| Diagnostic::error(path, e.to_string()))
}

fn json<T: Serialize>(path: &str, value: &T) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(value).map_err(|e| Diagnostic::error(path, e.to_string()))
}

/// Writes the index into `sink`, each document's files as soon as they are made: the whole
/// index is never in memory at once.
pub fn write(ctx: &Ctx, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
    let docs = collect(ctx);
    let n = docs.len();
    // Each document's own files (title, address, summary; its text in parts for snippets)
    // are written while its terms are read.
    let terms_start = std::time::Instant::now();
    let (maps, results) = postings(
        &docs,
        || sink.stopped(),
        |of| extra(ctx.site, of),
        |id, d, text| {
            let files = || -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
                let text = text.as_ref().map_err(Clone::clone)?;
                let parts = if text.is_empty() {
                    Vec::new()
                } else {
                    parts(text)
                };
                let path = routes::file(&routes::search_doc(id));
                let meta = DocFile {
                    t: &d.title,
                    u: &d.url,
                    k: &d.label,
                    d: d.date.map(crate::graph::fmt_date),
                    s: &d.summary,
                    p: parts.len(),
                };
                let mut files = vec![(path.clone(), json(&path, &meta)?)];
                for (j, part) in parts.iter().enumerate() {
                    let path = routes::file(&routes::search_text_part(id, j));
                    files.push((path.clone(), gzip(&path, part.as_bytes())?));
                }
                Ok(files)
            };
            match files() {
                Ok(files) => files
                    .into_iter()
                    .map(|(path, bytes)| sink.write(&path, bytes))
                    .collect(),
                Err(d) => vec![Err(d)],
            }
        },
    );
    crate::progress::lap("search: terms", terms_start);
    if sink.stopped() {
        // Not wanted any more: the index of some documents would be wrong, not written.
        return results.into_iter().flatten().collect();
    }
    let mut sorted: Vec<(&str, &Postings)> = maps
        .iter()
        .flat_map(|m| m.iter().map(|(t, p)| (&**t, p)))
        .collect();
    crate::progress::timed("search: sort", || sort_terms(&mut sorted));
    let shards_start = std::time::Instant::now();

    // Shards are written as they fill: at 100,000 plans they take 35 MB.
    let mut written: Vec<Result<(), Diagnostic>> = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    let mut shard: Vec<u8> = Vec::new();
    let mut entry = Vec::new();
    let mut ids = Vec::new();
    for &(term, p) in &sorted {
        entry.clear();
        varint(term.len() as u64, &mut entry);
        entry.extend_from_slice(term.as_bytes());
        p.all.to_vec(&mut ids);
        encode_list(&ids, n, &mut entry);
        p.title.to_vec(&mut ids);
        encode_list(&ids, n, &mut entry);
        if !shard.is_empty() && shard.len() + entry.len() > SHARD_CAP {
            let path = routes::file(&routes::search_shard(firsts.len() - 1));
            written.push(sink.write(&path, std::mem::take(&mut shard)));
        }
        if shard.is_empty() {
            firsts.push(term.to_string());
        }
        shard.extend_from_slice(&entry);
    }
    if !shard.is_empty() {
        let path = routes::file(&routes::search_shard(firsts.len() - 1));
        written.push(sink.write(&path, shard));
    }
    crate::progress::lap("search: shards", shards_start);

    let mut kinds: Vec<(&'static str, &str)> = Vec::new();
    for kind in [
        Kind::Plan,
        Kind::Directive,
        Kind::Model,
        Kind::Commendation,
        Kind::Event,
        Kind::News,
        Kind::Page,
    ] {
        let code = kind.key();
        if docs.iter().any(|d| d.kind == code) {
            kinds.push((code, ctx.kind_label(kind)));
        }
    }
    let years: BTreeSet<i16> = docs.iter().filter_map(|d| d.year).collect();
    let manifest = Manifest {
        v: 2,
        n,
        shards: firsts,
        kinds,
        years: years.into_iter().rev().collect(),
    };
    let manifest_path = routes::file(&routes::search_index());
    written.push(json(&manifest_path, &manifest).and_then(|m| sink.write(&manifest_path, m)));
    written.extend(results.into_iter().flatten());
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_strips_diacritics_and_splits_symbols() {
        assert_eq!(terms("Đảng ủy"), ["dang", "uy"]);
        assert_eq!(
            terms("Kết luận số 44-KL/TW"),
            ["ket", "luan", "so", "44", "kl", "tw"]
        );
        assert_eq!(terms("44 kl tw"), terms("44-KL/TW"));
        assert_eq!(terms("  an ninh, Tổ quốc. "), ["an", "ninh", "to", "quoc"]);
        assert_eq!(terms("06/CT-BCA-V05"), ["06", "ct", "bca", "v05"]);
        assert!(terms("— / -").is_empty());
    }

    #[test]
    fn plain_text_keeps_headings_and_body_one_block_a_line() {
        let t = plain_text("## I. MỤC ĐÍCH\n\nMột *câu*\nhai dòng.\n\n- mục `a`\n");
        assert_eq!(t, "I. MỤC ĐÍCH\nMột câu hai dòng.\nmục a");
    }

    #[test]
    fn shard_of_picks_the_last_shard_starting_at_or_before_the_term() {
        let firsts: Vec<String> = ["!k", "an", "cuu", "ninh"].map(String::from).to_vec();
        assert_eq!(shard_of(&firsts, "!kplan"), 0);
        assert_eq!(shard_of(&firsts, "an"), 1);
        assert_eq!(shard_of(&firsts, "an ninh"), 1);
        assert_eq!(shard_of(&firsts, "binh"), 1);
        assert_eq!(shard_of(&firsts, "cuu chien"), 2);
        assert_eq!(shard_of(&firsts, "zz"), 3);
        assert_eq!(shard_of(&firsts, "!"), 0);
    }

    #[test]
    fn a_prefix_maps_to_consecutive_shards_holding_every_word_it_begins_and_no_pair() {
        let doc = Doc {
            title: "Kế hoạch bảo vệ an ninh Tổ quốc".into(),
            url: "/ke-hoach/a/".into(),
            kind: "plan",
            label: "Kế hoạch".into(),
            date: None,
            year: Some(2024),
            summary: "An toàn giao thông, anh hùng, ân nhân".into(),
            of: Of::Page(PageId::new(0)),
            body: None,
        };
        let extra = "44-KL/TW\nCông an tỉnh Ninh Bình";
        let text = "Đảng ủy phường Quỳnhxuyênđiệp quán triệt an ninh trật tự.\nNinh Thuận, Anh Sơn";
        let terms = doc_terms(&doc, extra, text, 3);
        let mut all: Vec<String> = terms
            .all
            .iter()
            .chain(&terms.title)
            .flat_map(|s| s.lines().map(str::to_string))
            .collect();
        all.sort_by(|a, b| term_cmp(a, b));
        all.dedup();
        // Pairs (phrase ranking) sort before filters and words: a word prefix never spans them.
        let first_word = all.iter().position(|t| !t.starts_with(' ')).unwrap_or(0);
        assert!(all[..first_word].iter().all(|t| t.starts_with(' ')));
        assert!(all.contains(&" an ninh".to_string()) && all.contains(&"an".to_string()));
        // Shards of three terms each, as if the cap were tiny.
        let shards: Vec<&[String]> = all.chunks(3).collect();
        let firsts: Vec<String> = shards.iter().map(|s| s[0].clone()).collect();
        for prefix in ["an", "ninh", "quynhxuy", "44", "q", "zz", "ba"] {
            let range = prefix_shards(&firsts, prefix);
            let found: Vec<&String> = shards[range.clone()]
                .iter()
                .flat_map(|s| s.iter())
                .filter(|t| t.starts_with(prefix))
                .collect();
            let expected: Vec<&String> = all.iter().filter(|t| t.starts_with(prefix)).collect();
            assert_eq!(found, expected, "prefix {prefix}: shards {range:?}");
            // Tight: the range's first shard is the one the prefix itself would be in.
            assert_eq!(*range.start(), shard_of(&firsts, prefix));
        }
        let an: Vec<&String> = all.iter().filter(|t| t.starts_with("an")).collect();
        assert_eq!(an, ["an", "anh"], "words only, no `an ninh` pair");
        assert_eq!(
            prefix_shards(&firsts, "zz"),
            shards.len() - 1..=shards.len() - 1
        );
    }

    #[test]
    fn lists_round_trip_and_dense_ones_become_bitmaps() {
        let n = 50_000;
        let sparse = vec![3, 700, 40_000];
        let dense: Vec<u32> = (0..n as u32).filter(|i| i % 3 != 0).collect();
        for ids in [&sparse, &dense, &vec![]] {
            let mut out = Vec::new();
            encode_list(ids, n, &mut out);
            // Skip the length prefix.
            let mut pos = 0;
            while out[pos] & 0x80 != 0 {
                pos += 1;
            }
            assert_eq!(&decode_list(&out[pos + 1..]), ids);
        }
        let mut out = Vec::new();
        encode_list(&dense, n, &mut out);
        assert!(
            out.len() <= n / 8 + 4,
            "dense list is a bitmap: {}",
            out.len()
        );
    }

    #[test]
    fn a_term_in_most_documents_is_held_as_a_bitmap_and_gives_back_its_documents() {
        let n = 10_000;
        for ids in [
            vec![5, 64, 9_999],
            (0..n as u32).filter(|i| i % 3 != 1).collect::<Vec<u32>>(),
        ] {
            let mut held = Ids::default();
            for &id in &ids {
                held.push(id, n);
            }
            let mut back = Vec::new();
            held.to_vec(&mut back);
            assert_eq!(back, ids);
            // A bitmap once its gaps would outgrow one (n / 8 bytes), not before.
            assert_eq!(
                matches!(held, Ids::Bits(_)),
                ids.len() > n / 8,
                "{}",
                ids.len()
            );
        }
    }

    #[test]
    fn parts_cut_long_text_at_line_or_word_boundaries() {
        let line = "Các cơ quan tiếp tục quán triệt sâu sắc quan điểm của Đảng.\n";
        let text = line.repeat(300);
        let p = parts(&text);
        assert!(p.len() > 1);
        assert_eq!(p.concat(), text);
        assert!(p.iter().all(|s| s.len() <= TEXT_PART));
        assert!(p[..p.len() - 1].iter().all(|s| s.ends_with('\n')));
        assert_eq!(parts("ngắn"), ["ngắn"]);
    }
}
