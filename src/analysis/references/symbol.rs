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
    for (i, c) in chars {
        if c.is_alphabetic() {
            if c.is_uppercase() {
                upper += 1;
            } else {
                lower += 1;
            }
        } else if !(c.is_ascii_digit() || is_combining_mark(c)) {
            break;
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
    while text[end..].starts_with('-') {
        match scan_part(text, skip_wrap(text, end + 1)) {
            Some(e) => {
                end = e;
                count += 1;
            }
            None => break,
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
    let m = match b.get(p) {
        Some(b'-') => {
            let type_end = scan_part(text, skip_wrap(text, p + 1))?;
            if b.get(type_end) != Some(&b'/') {
                return None;
            }
            let (mut end, parts) = scan_parts(text, skip_wrap(text, type_end + 1))?;
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

/// A symbol without its wraps, in NFC.
pub(super) fn clean_symbol(raw: &str) -> String {
    let joined: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    nfc(&joined)
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
