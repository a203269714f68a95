//! Directive references: finding cited documents ("Kết luận số 44-KL/TW ngày 22/01/2019 của Ban
//! Bí thư") in page text and front matter, and deciding which citations name the same document.
//!
//! Text comes from signed PDFs: lines wrap inside type words and symbols ("Nghị \n\nquyết",
//! "09-\n\nCT/TW"), footnote markers are glued to words, and editors may type without diacritics
//! or paste NFD. Every byte range returned points into the text as given, whatever its form.
//!
//! Speed: a page is scanned once for a digit run followed by `-` or `/`; only there does any
//! word matching happen (on the folded text of `scan::Scan`), a few dozen bytes either side.
//!
//! Parts: `symbol` finds and splits document numbers, `types` says what type and level they
//! are, `issuer` reads the date and issuer after them, `resolve` decides which citations name
//! one document; this module walks the text and assembles `Citation`s. The sentence quoted
//! with a citation is `sentence::sentence_around`'s, the same as the calendar's.

mod issuer;
mod resolve;
mod symbol;
mod types;

#[cfg(test)]
mod tests;

use std::ops::Range;

use jiff::civil::Date;

use super::scan::Scan;
pub use super::sentence::sentence_around;
use issuer::{dated_at, parse_issuer};
pub use resolve::{doc_slug, resolve, DocKey, Resolved};
pub use symbol::canonical_symbol;
use symbol::{clean_symbol, scan_symbol, skip_spaces, starts_token, SymbolMatch};
use types::TYPE_WORDS;
pub use types::{issuing_level, DocType, Level};

/// One cited document in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The whole citation: type word .. symbol, or .. date / "của <issuer>" when present.
    pub range: Range<usize>,
    /// What becomes the link: type word (+ "số") + symbol, or the symbol alone.
    pub link_range: Range<usize>,
    /// The type word as written (for a list "các Nghị quyết số A, B và C", the list's); `None`
    /// for a bare symbol.
    pub doc_type: Option<DocType>,
    /// The symbol as written, without line wraps, in NFC.
    pub symbol: String,
    pub date: Option<Date>,
    /// Who issued it, as the citation says after "của", whitespace collapsed.
    pub issuer: Option<String>,
    /// The title a law or ordinance is cited by, when the text gives it before the number:
    /// "Luật Phổ biến, giáo dục pháp luật" in "… Luật Phổ biến, giáo dục pháp luật số
    /// 14/2012/QH13", whitespace collapsed, in NFC.
    pub name: Option<String>,
}

impl Citation {
    /// The type as written, or else as the symbol says.
    pub fn effective_type(&self) -> Option<DocType> {
        self.doc_type.or_else(|| DocType::from_symbol(&self.symbol))
    }
}

/// The type word (and "số") before a symbol at byte `pos`: where the link starts, and the type.
fn type_word_before(scan: &Scan, pos: usize) -> Option<(usize, DocType)> {
    let back = |i: usize| {
        if scan.before(i) == Some(' ') {
            i - 1
        } else {
            i
        }
    };
    let mut p = back(scan.pos_of(pos));
    // "Quyết định số: 59/QĐ-UBND".
    if scan.before(p) == Some(':') && scan.word_before(p - 1, "so").is_some() {
        p -= 1;
    }
    if let Some(so) = scan.word_before(p, "so") {
        p = back(so);
    }
    for &(word, ty) in TYPE_WORDS {
        if let Some(start) = scan.word_before(p, word) {
            // "pháp luật số ..." is not a law cited by number.
            if ty == DocType::Luat && scan.word_before(back(start), "phap").is_some() {
                return None;
            }
            return Some((scan.origin(start), ty));
        }
    }
    None
}

/// Whether the symbol at byte `pos` fills a document's own number field ("Số: 119/QĐ-UBND",
/// "Số hiệu: 155/KH-UBND", "Số hiệu văn bản: ...") rather than citing another document. Asked
/// only when no type word stands before "số".
fn is_number_field(scan: &Scan, pos: usize) -> bool {
    let mut p = scan.pos_of(pos);
    if scan.before(p) == Some(' ') {
        p -= 1;
    }
    if scan.before(p) != Some(':') {
        return false;
    }
    ["so", "so hieu", "so hieu van ban"]
        .iter()
        .any(|w| scan.word_before(p - 1, w).is_some())
}

/// Whether only a list separator ("," / "và" / ", và") lies between two byte offsets.
fn is_list_gap(scan: &Scan, from: usize, to: usize) -> bool {
    let gap = scan.text()[from..to].trim_start();
    let start = to - gap.len();
    let end = start + gap.trim_end().len();
    let (comma, rest) = match gap.trim_end().strip_prefix(',') {
        Some(rest) => (true, end - rest.trim_start().len()),
        None => (false, start),
    };
    if rest == end {
        return comma;
    }
    scan.word_at_offset(rest, "va") == Some(end)
}

/// Every citation of a document by number in `text`, in order, without overlaps.
pub fn find_citations(text: &str) -> Vec<Citation> {
    find_citations_in(&Scan::new(text))
}

/// [`find_citations`] over text already folded (one scan of a text run serves every analyser).
pub fn find_citations_in(scan: &Scan) -> Vec<Citation> {
    let text = scan.text();
    let b = text.as_bytes();
    let mut out: Vec<Citation> = Vec::new();
    // For each citation: does it continue a list begun by the one before ("số A, B và C")?
    let mut continues: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if !matches!(b.get(skip_spaces(text, i)), Some(b'-' | b'/')) || !starts_token(text, start) {
            continue;
        }
        let Some(sym) = scan_symbol(text, start) else {
            continue;
        };
        if let Some((citation, cont)) = citation_at(scan, start, sym, out.last()) {
            i = citation.range.end;
            out.push(citation);
            continues.push(cont);
        }
    }
    share_list_dates(&mut out, &continues);
    out
}

/// The citation of the symbol `sym` found at byte `start`, if it is one: after a type word, in a
/// list after the citation before (then `true`), or alone when its shape is unambiguous.
fn citation_at(
    scan: &Scan,
    start: usize,
    sym: SymbolMatch,
    prev: Option<&Citation>,
) -> Option<(Citation, bool)> {
    let mut cont = false;
    let (link_start, doc_type) = match type_word_before(scan, start) {
        Some((s, ty)) => (s, Some(ty)),
        None => match prev {
            Some(prev) if prev.doc_type.is_some() && is_list_gap(scan, prev.range.end, start) => {
                cont = true;
                (start, prev.doc_type)
            }
            _ if sym.unambiguous() && !is_number_field(scan, start) => (start, None),
            _ => return None,
        },
    };
    let (date, issuer, end) = date_and_issuer(scan, sym.end);
    let symbol = clean_symbol(&scan.text()[start..sym.end]);
    let name = match doc_type {
        None | Some(DocType::Luat | DocType::PhapLenh) => name_before(scan.text(), start, &symbol),
        Some(_) => None,
    };
    let citation = Citation {
        range: link_start..end,
        link_range: link_start..sym.end,
        doc_type,
        symbol,
        date,
        issuer,
        name,
    };
    Some((citation, cont))
}

/// Type words (folded) that open the title of an act cited by title and number.
const NAMED_ACTS: &[&[&str]] = &[&["bo", "luat"], &["luat"], &["phap", "lenh"]];

/// Long enough for "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở".
const MAX_NAME_WORDS: usize = 16;

/// The title before "số <symbol>" when `symbol` is a law's or an ordinance's (`…/QH13`,
/// `…/UBTVQH14`) and the clause names it: "căn cứ Luật An ninh mạng số 24/2018/QH14" →
/// "Luật An ninh mạng". The title opens with a capitalised type word followed by a
/// capitalised word, so "pháp luật số …" and "Luật số …" have none.
fn name_before(text: &str, symbol_start: usize, symbol: &str) -> Option<String> {
    if !matches!(
        DocType::from_symbol(symbol),
        Some(DocType::Luat | DocType::PhapLenh)
    ) {
        return None;
    }
    let before = text[..symbol_start].trim_end();
    let before = before.strip_suffix(':').unwrap_or(before).trim_end();
    let (head, so) = before.rsplit_once(char::is_whitespace)?;
    if crate::text::fold(so) != "so" {
        return None;
    }
    let head = head.trim_end();
    // The clause: back to the last mark that ends one, or a blank line.
    let clause_start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            matches!(
                c,
                '.' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '!' | '?' | '[' | ']' | '*'
            )
        })
        .map_or(0, |(i, c)| i + c.len_utf8())
        .max(head.rfind("\n\n").map_or(0, |i| i + 2));
    let clause = &head[clause_start..];
    let words: Vec<&str> = clause.split_whitespace().collect();
    let from = words.len().saturating_sub(MAX_NAME_WORDS);
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    for k in (from..words.len()).rev() {
        if !capital(words[k]) {
            continue;
        }
        let Some(act) = NAMED_ACTS.iter().find(|act| {
            act.len() < words.len() - k
                && act
                    .iter()
                    .zip(&words[k..])
                    .all(|(a, w)| crate::text::fold(w) == *a)
        }) else {
            continue;
        };
        if !capital(words[k + act.len()]) {
            continue;
        }
        let name = words[k..].join(" ");
        let name = name.trim_end_matches([',', '-', '–']).trim_end();
        return Some(crate::text::nfc(name));
    }
    None
}

/// The date and issuer after a symbol ending at byte `end` ("ngày 22/01/2019 của Ban Bí thư",
/// or the date after the issuer), and where the citation ends.
fn date_and_issuer(scan: &Scan, mut end: usize) -> (Option<Date>, Option<String>, usize) {
    let text = scan.text();
    let skip_ws = |p: usize| text.len() - text[p..].trim_start().len();
    let mut date = None;
    if let Some((d, e)) = dated_at(scan, end) {
        date = Some(d);
        end = e;
    }
    let mut q = skip_ws(end);
    if text[q..].starts_with(',') {
        q = skip_ws(q + 1);
    }
    let Some(after) = scan.word_at_offset(q, "cua") else {
        return (date, None, end);
    };
    let Some((who, e)) = parse_issuer(scan, skip_ws(after)) else {
        return (date, None, end);
    };
    end = e;
    // "của Ban Bí thư ngày 22/01/2019": the date after the issuer.
    if date.is_none() {
        if let Some((d, e)) = dated_at(scan, end) {
            date = Some(d);
            end = e;
        }
    }
    (date, Some(who), end)
}

/// "các Nghị quyết số 48/2023/NQ-HĐND, 49/2023/NQ-HĐND và 50/2023/NQ-HĐND ngày 10/12/2023 của
/// HĐND tỉnh": the date and issuer after the last symbol of a list belong to every undated one.
fn share_list_dates(out: &mut [Citation], continues: &[bool]) {
    let mut k = out.len();
    while k > 0 {
        let last = k - 1;
        let mut first = last;
        while first > 0 && continues[first] {
            first -= 1;
        }
        if first < last {
            let (date, issuer) = (out[last].date, out[last].issuer.clone());
            for c in &mut out[first..last] {
                if c.date.is_none() && c.issuer.is_none() {
                    c.date = date;
                    c.issuer.clone_from(&issuer);
                }
            }
        }
        k = first;
    }
}

/// A front-matter `basis` or `decision` entry: a bare symbol (`06/CT-BCA-V05`, even a one-part
/// `76/BCĐ`) or a citation in words. Ranges point into `s`.
pub fn parse_reference(s: &str) -> Option<Citation> {
    if let Some(c) = find_citations(s).into_iter().next() {
        return Some(c);
    }
    let start = s.len() - s.trim_start().len();
    let end = s.trim_end().len();
    let symbol = canonical_symbol(s.get(start..end)?)?;
    Some(Citation {
        range: start..end,
        link_range: start..end,
        doc_type: None,
        symbol,
        date: None,
        issuer: None,
        name: None,
    })
}
