//! Document symbols ("44-KL/TW", "33/KH-UBND", "124/2021/TT-BCA"): finding one in text,
//! its canonical form, and its parts (number, type abbreviation, issuer).

use unicode_normalization::char::is_combining_mark;

use crate::analysis::scan::joins_token;
use crate::text::nfc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// `44-KL/TW`: number, type, slash, issuer.
    Party,
    /// `33/KH-UBND`, `76/BCĐ`.
    State,
    /// `124/2021/TT-BCA`: legal normative, the year in the symbol.
    Legal,
}

/// A symbol found in text.
#[derive(Debug, Clone, Copy)]
pub(super) struct SymbolMatch {
    pub(super) end: usize,
    shape: Shape,
    /// Letter parts after the slash (and year); `76/BCĐ` has one, `33/KH-UBND` two.
    parts: usize,
}

impl SymbolMatch {
    /// Whether the shape alone, without a type word before it, says "document symbol": a single
    /// part after a slash (`138/ĐP`, "Ban Chỉ đạo 138/ĐP") could be anything.
    pub(super) fn unambiguous(&self) -> bool {
        self.shape != Shape::State || self.parts >= 2
    }
}

/// Whitespace a PDF line wrap can leave inside a symbol (`09-\n\nCT/TW`, `186- KH/TU`).
fn skip_wrap(text: &str, pos: usize) -> usize {
    let end = text.len() - text[pos..].trim_start().len();
    if end - pos <= 24 {
        end
    } else {
        pos
    }
}

/// Spaces and tabs typed inside a symbol ("36 /2020/NĐ-CP", "100 - KL/TW"): at most two, not a
/// line break.
pub(super) fn skip_spaces(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut p = pos;
    while p < b.len() && p - pos < 2 && matches!(b[p], b' ' | b'\t') {
        p += 1;
    }
    p
}

/// One letter part of a symbol (`KH`, `BCĐ138`, `TTg`, `V05`, `TM(XDPT)`); its end. Symbol parts
/// start with a capital and are abbreviations: lower-case letters only beside two capitals
/// (`TTg`, `CTr`, `QyĐ`), so words (`Mục`, `Tỉnh`) are not parts.
fn scan_part(text: &str, pos: usize) -> Option<usize> {
    let mut chars = text[pos..].char_indices();
    let (_, first) = chars.next()?;
    if !first.is_alphabetic() || !first.is_uppercase() {
        return None;
    }
    let (mut upper, mut lower) = (1, 0);
    let mut end = pos + first.len_utf8();
    let mut prev = first;
    for (i, c) in chars {
        let next = text[pos + i + c.len_utf8()..]
            .chars()
            .find(|n| !is_combining_mark(*n));
        if c.is_alphabetic() {
            if c.is_uppercase() {
                upper += 1;
            } else {
                // Two lower-case letters in a row are a word glued on ("70-TB/TWngày 06"):
                // the part ends before it.
                if upper >= 2 && next.is_some_and(|n| n.is_alphabetic() && n.is_lowercase()) {
                    break;
                }
                lower += 1;
            }
        } else if c == '&' && prev.is_alphabetic() && next.is_some_and(char::is_uppercase) {
            // `NN&PTNT`: an ampersand inside an abbreviation.
        } else if !(c.is_ascii_digit() || is_combining_mark(c)) {
            break;
        }
        if !is_combining_mark(c) {
            prev = c;
        }
        end = pos + i + c.len_utf8();
    }
    if lower > 0 && upper < 2 {
        return None;
    }
    // A bracketed unit code glued to the part: `TM(XDPT)`.
    if text[end..].starts_with('(') {
        let inner = &text[end + 1..];
        let len = inner
            .find(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
            .unwrap_or(inner.len());
        if len > 0 && inner[len..].starts_with(')') {
            end += len + 2;
        }
    }
    Some(end)
}

/// Parts joined by `-` from `pos` (the first must be there); the end and how many.
fn scan_parts(text: &str, pos: usize) -> Option<(usize, usize)> {
    let mut end = scan_part(text, pos)?;
    let mut count = 1;
    loop {
        let dash = skip_spaces(text, end);
        if !text[dash..].starts_with('-') {
            break;
        }
        let start = skip_wrap(text, dash + 1);
        match scan_part(text, start) {
            // "05/KH - UBND": a dash typed with spaces joins only a part of two capitals or
            // more, not a one-letter word ("12/KH-UBND - V/v").
            Some(e)
                if dash == end
                    || text[start..e].chars().filter(|c| c.is_uppercase()).count() >= 2 =>
            {
                end = e;
                count += 1;
            }
            _ => break,
        }
    }
    Some((end, count))
}

/// The symbol starting at the digit at `start`, if there is one.
pub(super) fn scan_symbol(text: &str, start: usize) -> Option<SymbolMatch> {
    let b = text.as_bytes();
    let mut p = start;
    while p < b.len() && b[p].is_ascii_digit() {
        p += 1;
    }
    if p == start || p - start > 6 {
        return None;
    }
    let p = skip_spaces(text, p);
    let m = match b.get(p) {
        Some(b'-') => {
            let type_end = scan_part(text, skip_wrap(text, p + 1))?;
            let slash = skip_spaces(text, type_end);
            if b.get(slash) != Some(&b'/') {
                return None;
            }
            let (mut end, parts) = scan_parts(text, skip_wrap(text, slash + 1))?;
            // Party issuers (TW, TU, BDVTU, ĐUCA) never end in digits: those are a footnote
            // marker glued on ("44-KL/TW1").
            end = text[..end]
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .len();
            if !text[..end].ends_with(|c: char| c.is_alphabetic()) {
                return None;
            }
            SymbolMatch {
                end,
                shape: Shape::Party,
                parts,
            }
        }
        Some(b'/') => {
            let after = p + 1;
            let mut q = skip_wrap(text, after);
            let wrapped = q > after;
            let mut shape = Shape::State;
            if b.len() >= q + 5 && b[q..q + 4].iter().all(u8::is_ascii_digit) && b[q + 4] == b'/' {
                shape = Shape::Legal;
                q = skip_wrap(text, q + 5);
            }
            let (end, parts) = scan_parts(text, q)?;
            // "2/ KẾT QUẢ": a numbered heading, not a wrapped one-part symbol.
            if shape == Shape::State && parts == 1 && wrapped {
                return None;
            }
            SymbolMatch { end, shape, parts }
        }
        _ => return None,
    };
    // An e-mail address or a URL path, not a symbol.
    let rest = &text[m.end..];
    let mut next = rest.chars();
    match next.next() {
        Some('@' | '_' | '/') => return None,
        Some('.') if next.next().is_some_and(char::is_alphanumeric) => return None,
        _ => {}
    }
    Some(m)
}

/// Whether the number at `start` begins a token: not inside a word ("Tỉnh1"), an e-mail
/// ("phongpv05cadt@"), a date ("22/01/2019" read from "01") or a URL.
pub(super) fn starts_token(text: &str, start: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(joins_token)
}

/// Parts whose official spelling is mixed-case (Thủ tướng, chương trình, tờ trình, quy định):
/// an all-caps title or a careless typist writes them `TTG`, `CTR`, `TTR`, `QYĐ`.
const MIXED_CASE_PARTS: &[&str] = &["TTg", "CTr", "TTr", "QyĐ"];

/// A symbol without its wraps and stray spaces, in NFC, each part that has an official mixed
/// case written in it (`16/2001/CT-TTG` → `16/2001/CT-TTg`); other letters as written.
pub(super) fn clean_symbol(raw: &str) -> String {
    let joined: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let joined = nfc(&joined);
    let mut out = String::with_capacity(joined.len());
    for piece in joined.split_inclusive(['-', '/']) {
        let (part, sep) = match piece.strip_suffix(['-', '/']) {
            Some(p) => (p, &piece[p.len()..]),
            None => (piece, ""),
        };
        match MIXED_CASE_PARTS
            .iter()
            .find(|m| part != **m && part.chars().eq(m.chars().flat_map(char::to_uppercase)))
        {
            Some(m) => out.push_str(m),
            None => out.push_str(part),
        }
        out.push_str(sep);
    }
    out
}

/// A symbol split into its parts, for inferring type and issuing level.
pub(super) struct SymbolParts<'a> {
    pub(super) shape: Shape,
    /// Party: the part before the slash (`KL` in `44-KL/TW`).
    pub(super) type_part: Option<&'a str>,
    /// Party: the issuer parts; otherwise every part after the slash (and year).
    pub(super) parts: Vec<&'a str>,
}

pub(super) fn split_symbol(symbol: &str) -> Option<SymbolParts<'_>> {
    let s = symbol.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 {
        return None;
    }
    let rest = &s[digits..];
    if let Some(rest) = rest.strip_prefix('-') {
        let (ty, issuer) = rest.split_once('/')?;
        return Some(SymbolParts {
            shape: Shape::Party,
            type_part: Some(ty.trim()),
            parts: issuer.split('-').map(str::trim).collect(),
        });
    }
    let rest = rest.strip_prefix('/')?.trim_start();
    let (shape, rest) = match rest.split_once('/') {
        Some((year, after)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
            (Shape::Legal, after)
        }
        _ => (Shape::State, rest),
    };
    Some(SymbolParts {
        shape,
        type_part: None,
        parts: rest.split('-').map(str::trim).collect(),
    })
}

/// The canonical form of a symbol: line wraps removed, NFC, letters as written (`QD` stays
/// `QD`, `37/CT-TW` stays as it is). `None` when `raw` is not a symbol.
pub fn canonical_symbol(raw: &str) -> Option<String> {
    let s = clean_symbol(raw);
    let m = scan_symbol(&s, 0)?;
    (m.end == s.len()).then_some(s)
}
