//! Directive references: finding cited documents ("Kết luận số 44-KL/TW ngày 22/01/2019 của Ban
//! Bí thư") in page text and front matter, and deciding which citations name the same document.
//!
//! Text comes from signed PDFs: lines wrap inside type words and symbols ("Nghị \n\nquyết",
//! "09-\n\nCT/TW"), footnote markers are glued to words, and editors may type without diacritics
//! or paste NFD. Every byte range returned points into the text as given, whatever its form.
//!
//! Speed: a page is scanned once for a digit run followed by `-` or `/`; only there does any
//! folding or word matching happen, and only a few dozen bytes either side.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

use crate::text::{fold, nfc, slugify};

/// The kind of a cited document, as its type word or symbol says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum DocType {
    ChiThi,
    KetLuan,
    NghiQuyet,
    NghiDinh,
    QuyetDinh,
    KeHoach,
    ChuongTrinh,
    ChuongTrinhHanhDong,
    ThongTu,
    HuongDan,
    CongVan,
    ToTrinh,
    ThongBao,
    Luat,
    PhapLenh,
    QuyDinh,
    DeAn,
}

/// Type words as they read once folded (no diacritics, lower case, one space between syllables).
const TYPE_WORDS: &[(&str, DocType)] = &[
    ("chuong trinh hanh dong", DocType::ChuongTrinhHanhDong),
    ("chuong trinh", DocType::ChuongTrinh),
    ("chi thi", DocType::ChiThi),
    ("ket luan", DocType::KetLuan),
    ("nghi quyet", DocType::NghiQuyet),
    ("nghi dinh", DocType::NghiDinh),
    ("quyet dinh", DocType::QuyetDinh),
    ("ke hoach", DocType::KeHoach),
    ("thong tu", DocType::ThongTu),
    ("huong dan", DocType::HuongDan),
    ("cong van", DocType::CongVan),
    ("to trinh", DocType::ToTrinh),
    ("thong bao", DocType::ThongBao),
    ("phap lenh", DocType::PhapLenh),
    ("quy dinh", DocType::QuyDinh),
    ("de an", DocType::DeAn),
    ("luat", DocType::Luat),
];

/// What a type abbreviation in a symbol says: a type of ours, a type we do not model (báo cáo,
/// biên bản, ...), or nothing, in which case the part is the issuer and the document a công văn.
fn type_abbreviation(part: &str) -> Option<Option<DocType>> {
    use DocType::*;
    let up: String = part.nfc().flat_map(char::to_uppercase).collect();
    let ty = match up.as_str() {
        "CT" => ChiThi,
        "KL" => KetLuan,
        "NQ" => NghiQuyet,
        "NĐ" | "ND" => NghiDinh,
        "QĐ" | "QD" => QuyetDinh,
        "KH" => KeHoach,
        "CTR" => ChuongTrinh,
        "TT" => ThongTu,
        "HD" => HuongDan,
        "CV" => CongVan,
        "TTR" => ToTrinh,
        "TB" => ThongBao,
        "QYĐ" | "QYD" | "QĐI" | "QDI" => QuyDinh,
        "ĐA" | "DA" => DeAn,
        "PL" => PhapLenh,
        // Báo cáo, biên bản, giấy mời, hợp đồng, quy chế, phương án, tờ trình liên tịch...
        "BC" | "BB" | "GM" | "GXN" | "HĐ" | "QC" | "PA" | "CĐ" | "TTLT" | "NQLT" | "CTLT" => {
            return Some(None)
        }
        _ => return None,
    };
    Some(Some(ty))
}

impl DocType {
    pub fn label(self) -> &'static str {
        use DocType::*;
        match self {
            ChiThi => "Chỉ thị",
            KetLuan => "Kết luận",
            NghiQuyet => "Nghị quyết",
            NghiDinh => "Nghị định",
            QuyetDinh => "Quyết định",
            KeHoach => "Kế hoạch",
            ChuongTrinh => "Chương trình",
            ChuongTrinhHanhDong => "Chương trình hành động",
            ThongTu => "Thông tư",
            HuongDan => "Hướng dẫn",
            CongVan => "Công văn",
            ToTrinh => "Tờ trình",
            ThongBao => "Thông báo",
            Luat => "Luật",
            PhapLenh => "Pháp lệnh",
            QuyDinh => "Quy định",
            DeAn => "Đề án",
        }
    }

    /// The type a symbol's abbreviation names: `44-KL/TW` → Kết luận, `33/KH-UBND` → Kế hoạch.
    /// A symbol without a type abbreviation (`76/BCĐ`, `42/UBND-TCD-NC`) is a công văn; a law's
    /// (`83/2015/QH13`) is a Luật. `None` for a type outside `DocType` (báo cáo `12/BC-UBND`) or
    /// for something that is not a symbol.
    pub fn from_symbol(symbol: &str) -> Option<DocType> {
        let parts = split_symbol(symbol)?;
        match parts.shape {
            Shape::Party => type_abbreviation(parts.type_part?).flatten(),
            Shape::State | Shape::Legal => {
                let first = parts.parts.first()?;
                if let Some(ty) = type_abbreviation(first) {
                    return ty;
                }
                let f = fold(first);
                if parts.shape == Shape::Legal && f.starts_with("ubtvqh") {
                    Some(DocType::PhapLenh)
                } else if parts.shape == Shape::Legal && f.starts_with("qh") {
                    Some(DocType::Luat)
                } else {
                    Some(DocType::CongVan)
                }
            }
        }
    }

    /// A type word as an editor writes it: "Chỉ thị", "chi thi", "CHỈ THỊ", NFD, or an
    /// abbreviation ("QĐ", "QD", "CT").
    pub fn parse_word(word: &str) -> Option<DocType> {
        let folded = fold(word);
        let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(&(_, ty)) = TYPE_WORDS.iter().find(|(w, _)| *w == folded) {
            return Some(ty);
        }
        type_abbreviation(word.trim()).flatten()
    }
}

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
}

impl Citation {
    /// The type as written, or else as the symbol says.
    pub fn effective_type(&self) -> Option<DocType> {
        self.doc_type.or_else(|| DocType::from_symbol(&self.symbol))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading folded characters around a position.

/// A character as matched against type words: base letter in lower case, `đ` as `d`.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == 'đ' || c == 'Đ' {
        return 'd';
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    let b = base.unwrap_or(c);
    b.to_lowercase().next().unwrap_or(b)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The folded character before `pos` and where it starts; combining marks belong to their base,
/// and a run of whitespace reads as one space.
fn prev_folded(text: &str, pos: usize) -> Option<(char, usize)> {
    let mut p = pos;
    loop {
        let (i, c) = text[..p].char_indices().next_back()?;
        if is_combining_mark(c) {
            p = i;
            continue;
        }
        if c.is_whitespace() {
            return Some((' ', skip_ws_back(text, i + c.len_utf8())));
        }
        return Some((fold_char(c), i));
    }
}

/// The folded character at `pos` and where it ends (after its combining marks).
fn next_folded(text: &str, pos: usize) -> Option<(char, usize)> {
    let c = text[pos..].chars().next()?;
    if c.is_whitespace() {
        return Some((' ', skip_ws_fwd(text, pos)));
    }
    let mut end = pos + c.len_utf8();
    for d in text[end..].chars() {
        if !is_combining_mark(d) {
            break;
        }
        end += d.len_utf8();
    }
    Some((fold_char(c), end))
}

fn skip_ws_back(text: &str, pos: usize) -> usize {
    let trimmed = text[..pos].trim_end();
    trimmed.len()
}

fn skip_ws_fwd(text: &str, pos: usize) -> usize {
    text.len() - text[pos..].trim_start().len()
}

/// Whether the folded text just before `pos` is the whole word (or phrase) `word`; its start.
fn match_back(text: &str, pos: usize, word: &str) -> Option<usize> {
    let mut p = pos;
    for w in word.chars().rev() {
        let (c, start) = prev_folded(text, p)?;
        if c != w {
            return None;
        }
        p = start;
    }
    match prev_folded(text, p) {
        Some((c, _)) if c.is_alphanumeric() => None,
        _ => Some(p),
    }
}

/// Whether the folded text at `pos` is the whole word (or phrase) `word`; its end.
fn match_fwd(text: &str, pos: usize, word: &str) -> Option<usize> {
    let mut p = pos;
    for w in word.chars() {
        let (c, end) = next_folded(text, p)?;
        if c != w {
            return None;
        }
        p = end;
    }
    match next_folded(text, p) {
        Some((c, _)) if c.is_alphanumeric() => None,
        _ => Some(p),
    }
}

/// A Vietnamese phrase at `pos`, diacritics compared exactly unless the text has none there
/// (so "về" stops an issuer but "Cảnh vệ" does not, and typed-without-diacritics "ve" still does).
fn phrase_at(text: &str, pos: usize, phrase: &str) -> Option<usize> {
    phrase_at_folded(text, pos, phrase, &fold(phrase))
}

/// `phrase_at` with the phrase's folded form given, for phrases tried at every word.
fn phrase_at_folded(text: &str, pos: usize, phrase: &str, folded: &str) -> Option<usize> {
    let end = match_fwd(text, pos, folded)?;
    let raw = &text[pos..end];
    if raw.is_ascii() {
        return Some(end);
    }
    let written: String = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .flat_map(char::to_lowercase)
        .collect();
    (written == phrase).then_some(end)
}

// ---------------------------------------------------------------------------------------------
// Symbols.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `44-KL/TW`: number, type, slash, issuer.
    Party,
    /// `33/KH-UBND`, `76/BCĐ`.
    State,
    /// `124/2021/TT-BCA`: legal normative, the year in the symbol.
    Legal,
}

/// A symbol found in text.
#[derive(Debug, Clone, Copy)]
struct SymbolMatch {
    end: usize,
    shape: Shape,
    /// Letter parts after the slash (and year); `76/BCĐ` has one, `33/KH-UBND` two.
    parts: usize,
}

impl SymbolMatch {
    /// Whether the shape alone, without a type word before it, says "document symbol": a single
    /// part after a slash (`138/ĐP`, "Ban Chỉ đạo 138/ĐP") could be anything.
    fn unambiguous(&self) -> bool {
        self.shape != Shape::State || self.parts >= 2
    }
}

/// Whitespace a PDF line wrap can leave inside a symbol (`09-\n\nCT/TW`, `186- KH/TU`).
fn skip_wrap(text: &str, pos: usize) -> usize {
    let end = skip_ws_fwd(text, pos);
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
fn scan_symbol(text: &str, start: usize) -> Option<SymbolMatch> {
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
fn starts_token(text: &str, start: usize) -> bool {
    match text[..start].chars().next_back() {
        None => true,
        Some(c) => {
            !(is_word_char(c)
                || matches!(
                    c,
                    '/' | '\\' | '.' | '@' | '-' | '_' | '=' | '&' | '%' | '+'
                ))
        }
    }
}

/// A symbol without its wraps, in NFC.
fn clean_symbol(raw: &str) -> String {
    let joined: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    nfc(&joined)
}

/// A symbol split into its parts, for inferring type and issuing level.
struct SymbolParts<'a> {
    shape: Shape,
    /// Party: the part before the slash (`KL` in `44-KL/TW`).
    type_part: Option<&'a str>,
    /// Party: the issuer parts; otherwise every part after the slash (and year).
    parts: Vec<&'a str>,
}

fn split_symbol(symbol: &str) -> Option<SymbolParts<'_>> {
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

// ---------------------------------------------------------------------------------------------
// Dates and issuers after a symbol.

fn digits_at(text: &str, pos: usize, min: usize, max: usize) -> Option<(i16, usize)> {
    let b = text.as_bytes();
    let mut p = pos;
    while p < b.len() && b[p].is_ascii_digit() {
        p += 1;
    }
    if p - pos < min || p - pos > max {
        return None;
    }
    Some((text[pos..p].parse().ok()?, p))
}

/// `22/01/2019`, `22-01-2019`, `22.01.2019` or `21 tháng 8 năm 2025` at `pos`.
fn parse_date_at(text: &str, pos: usize) -> Option<(Date, usize)> {
    let b = text.as_bytes();
    let (d, p) = digits_at(text, pos, 1, 2)?;
    let (m, y, end) = match b.get(p) {
        Some(&sep @ (b'/' | b'-' | b'.')) => {
            let (m, q) = digits_at(text, p + 1, 1, 2)?;
            if b.get(q) != Some(&sep) {
                return None;
            }
            let (y, end) = digits_at(text, q + 1, 4, 4)?;
            (m, y, end)
        }
        _ => {
            let q = match_fwd(text, skip_ws_fwd(text, p), "thang")?;
            let (m, q) = digits_at(text, skip_ws_fwd(text, q), 1, 2)?;
            let q = match_fwd(text, skip_ws_fwd(text, q), "nam")?;
            let (y, end) = digits_at(text, skip_ws_fwd(text, q), 4, 4)?;
            (m, y, end)
        }
    };
    let date = Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
    Some((date, end))
}

/// `[,] ngày <date>` at `pos`.
fn dated_at(text: &str, pos: usize) -> Option<(Date, usize)> {
    let mut q = skip_ws_fwd(text, pos);
    if text[q..].starts_with(',') {
        q = skip_ws_fwd(text, q + 1);
    }
    let q = match_fwd(text, q, "ngay")?;
    parse_date_at(text, skip_ws_fwd(text, q))
}

/// Words that end the issuer after "của": what the document is about, or the next clause.
const ISSUER_STOPS: &[&str] = &[
    "về",
    "và",
    "ban hành",
    "ngày",
    "tại",
    "theo",
    "nhằm",
    "để",
    "trong",
    "với",
    "thực hiện",
    "triển khai",
    "gửi",
    "số",
    "v/v",
    "đã",
    "được",
    "là",
    "cho",
    "đến",
    "từ",
    "phê duyệt",
    "sửa đổi",
    "bổ sung",
    "kèm theo",
    "đồng thời",
    "như",
    "này",
    "chỉ thị",
    "kết luận",
    "nghị quyết",
    "nghị định",
    "quyết định",
    "kế hoạch",
    "chương trình",
    "thông tư",
    "hướng dẫn",
    "công văn",
    "tờ trình",
    "thông báo",
    "luật",
    "pháp lệnh",
    "quy định",
    "đề án",
    // How or when the citing text acts on it: "của Ban Bí thư bằng những việc làm cụ thể".
    "bằng",
    "vào",
    "khi",
    "trước",
    "sau khi",
    "tiếp tục",
    "đưa",
    "góp phần",
    "bảo đảm",
    "đảm bảo",
    "cụ thể hóa",
];

fn is_issuer_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | '.'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '!'
            | '?'
            | '…'
            | '*'
            | '|'
            | '<'
            | '>'
    )
}

/// `ISSUER_STOPS` with their folded forms, folded once.
static FOLDED_STOPS: LazyLock<Vec<(&'static str, String)>> =
    LazyLock::new(|| ISSUER_STOPS.iter().map(|s| (*s, fold(s))).collect());

fn stop_at(text: &str, pos: usize) -> Option<&'static str> {
    // Most words start no stop phrase: compare the first letter before anything else.
    let (first, _) = next_folded(text, pos)?;
    FOLDED_STOPS
        .iter()
        .filter(|(_, f)| f.starts_with(first))
        .find(|(s, f)| phrase_at_folded(text, pos, s, f).is_some())
        .map(|(s, _)| *s)
}

/// A Markdown list item or a numbered heading ("2. Nhiệm vụ", "3) ...") at the start of a line.
fn starts_list_item(line: &str) -> bool {
    if line.starts_with(['-', '+', '#', '•', '>', '|']) {
        return true;
    }
    let rest = line.trim_start_matches(|d: char| d.is_ascii_digit());
    rest.len() < line.len() && rest.starts_with(['.', ')'])
}

const MAX_ISSUER_WORDS: usize = 14;

/// The issuer after "của": words up to the end of the clause. Line wraps are crossed (PDF text
/// wraps "của Thủ \n\ntướng Chính phủ"), but not a new list item or heading.
fn parse_issuer(text: &str, start: usize) -> Option<(String, usize)> {
    let mut p = start;
    let mut end = start;
    let mut words = 0;
    let mut after_newline = false;
    while p < text.len() && words < MAX_ISSUER_WORDS {
        let c = text[p..].chars().next()?;
        if is_issuer_punct(c) {
            // "Ban Chỉ đạo phòng, chống tội phạm": one name, the comma is part of it.
            let joined =
                c == ',' && phrase_at(text, skip_ws_fwd(text, p + 1), "chống").is_some() && {
                    let before = skip_ws_back(text, p);
                    match_back(text, before, "phong")
                        .is_some_and(|s| phrase_at(text, s, "phòng").is_some())
                };
            if !joined {
                break;
            }
            p = skip_ws_fwd(text, p + 1);
            continue;
        }
        if after_newline && starts_list_item(&text[p..]) {
            break;
        }
        match stop_at(text, p) {
            Some("và") => {
                // "Sở Khoa học và Công nghệ" goes on; "Bộ Công an và tổng kết" does not.
                let next = skip_ws_fwd(text, match_fwd(text, p, "va").unwrap_or(p));
                let capital = text[next..].chars().next().is_some_and(char::is_uppercase);
                if !capital || stop_at(text, next).is_some() {
                    break;
                }
            }
            Some(_) => break,
            None => {}
        }
        let mut q = p;
        for (i, c) in text[p..].char_indices() {
            if c.is_whitespace() || is_issuer_punct(c) {
                break;
            }
            q = p + i + c.len_utf8();
        }
        end = q;
        words += 1;
        p = skip_ws_fwd(text, q);
        after_newline = text[q..p].contains('\n');
    }
    // A dangling dash ("Bộ Lao động -" cut by the word limit) is not part of a name.
    let raw =
        text[start..end].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–'));
    if raw.is_empty() {
        return None;
    }
    let issuer = nfc(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
    Some((issuer, start + raw.len()))
}

// ---------------------------------------------------------------------------------------------
// Citations.

/// The type word (and "số") before a symbol at `pos`: where the link starts, and the type.
fn type_word_before(text: &str, pos: usize) -> Option<(usize, DocType)> {
    let mut p = skip_ws_back(text, pos);
    if let Some(so) = match_back(text, p, "so") {
        p = skip_ws_back(text, so);
    }
    for &(word, ty) in TYPE_WORDS {
        if let Some(start) = match_back(text, p, word) {
            // "pháp luật số ..." is not a law cited by number.
            if ty == DocType::Luat && match_back(text, skip_ws_back(text, start), "phap").is_some()
            {
                return None;
            }
            return Some((start, ty));
        }
    }
    None
}

/// Whether only a list separator ("," / "và" / ", và") lies between two positions.
fn is_list_gap(text: &str, from: usize, to: usize) -> bool {
    let gap = text[from..to].trim();
    let (comma, rest) = match gap.strip_prefix(',') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, gap),
    };
    if rest.is_empty() {
        return comma;
    }
    match_fwd(rest, 0, "va") == Some(rest.len())
}

/// Every citation of a document by number in `text`, in order, without overlaps.
pub fn find_citations(text: &str) -> Vec<Citation> {
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
        if !matches!(b.get(i), Some(b'-' | b'/')) || !starts_token(text, start) {
            continue;
        }
        let Some(sym) = scan_symbol(text, start) else {
            continue;
        };
        let mut cont = false;
        let (link_start, doc_type) = match type_word_before(text, start) {
            Some((s, ty)) => (s, Some(ty)),
            None => match out.last() {
                Some(prev)
                    if prev.doc_type.is_some() && is_list_gap(text, prev.range.end, start) =>
                {
                    cont = true;
                    (start, prev.doc_type)
                }
                _ if sym.unambiguous() => (start, None),
                _ => continue,
            },
        };
        let mut end = sym.end;
        let mut date = None;
        if let Some((d, e)) = dated_at(text, end) {
            date = Some(d);
            end = e;
        }
        let mut issuer = None;
        let mut q = skip_ws_fwd(text, end);
        if text[q..].starts_with(',') {
            q = skip_ws_fwd(text, q + 1);
        }
        if let Some(after) = match_fwd(text, q, "cua") {
            if let Some((who, e)) = parse_issuer(text, skip_ws_fwd(text, after)) {
                issuer = Some(who);
                end = e;
                // "của Ban Bí thư ngày 22/01/2019": the date after the issuer.
                if date.is_none() {
                    if let Some((d, e)) = dated_at(text, end) {
                        date = Some(d);
                        end = e;
                    }
                }
            }
        }
        out.push(Citation {
            range: link_start..end,
            link_range: link_start..sym.end,
            doc_type,
            symbol: clean_symbol(&text[start..sym.end]),
            date,
            issuer,
        });
        continues.push(cont);
        i = end;
    }
    share_list_dates(&mut out, &continues);
    out
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
    })
}

// ---------------------------------------------------------------------------------------------
// Sentences.

/// Whether the ASCII byte at `i` ends a sentence.
fn ends_sentence(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b[i] {
        b'!' | b'?' | b';' => true,
        b'.' => {
            let next = text[i + 1..].chars().next();
            // "22.01.2019", "v.v", "gmail.com", "..." (the last dot ends it)
            if next.is_some_and(|c| c.is_alphanumeric() || c == '.') {
                return false;
            }
            if text[..i].ends_with("v.v") {
                return false;
            }
            // "v.v. và", a dot followed by a lower-case word does not end a sentence.
            let after = text[i + 1..].trim_start();
            !after.starts_with(|c: char| c.is_lowercase())
        }
        _ => false,
    }
}

/// Whether the `\n` at `i` starts a blank line that separates paragraphs. Text pasted from a PDF
/// has a blank line after every printed line, even mid-sentence ("Kết \n\nluận số"); a line that
/// goes on in lower case continues the sentence.
fn paragraph_break_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let mut j = i + 1;
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
        j += 1;
    }
    if j >= b.len() || b[j] != b'\n' {
        return false;
    }
    !text[j..]
        .trim_start()
        .starts_with(|c: char| c.is_lowercase())
}

/// The sentence a citation at `range` stands in: split at `.`, `;`, `!`, `?` and blank lines (not
/// at the dots of dates or "v.v."), trimmed, without a leading list marker. Includes a final
/// `.`, `!` or `?`.
pub fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let range = range.start.min(b.len())..range.end.min(b.len()).max(range.start.min(b.len()));
    let is_break = |i: usize, c: u8| {
        (matches!(c, b'.' | b'!' | b'?' | b';') && ends_sentence(text, i))
            || (c == b'\n' && paragraph_break_at(text, i))
    };
    let start = b[..range.start]
        .iter()
        .enumerate()
        .rev()
        .find(|&(i, &c)| is_break(i, c))
        .map_or(0, |(i, _)| i + 1);
    // The end keeps a final . ! ? but not a ; or a blank line.
    let end = b
        .iter()
        .enumerate()
        .skip(range.end)
        .find(|&(i, &c)| is_break(i, c))
        .map_or(b.len(), |(i, &c)| {
            if matches!(c, b'.' | b'!' | b'?') {
                i + 1
            } else {
                i
            }
        });
    let mut s = skip_ws_fwd(text, start).min(range.start);
    // A list marker, or a footnote number spliced in from the page foot ("1 Công văn số ...").
    let marker = ["- ", "+ ", "* ", "• ", "– "]
        .iter()
        .find(|m| text[s..].starts_with(**m))
        .map(|m| m.len())
        .or_else(|| {
            let digits = text[s..].len()
                - text[s..]
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            let rest = &text[s + digits..];
            (digits > 0
                && digits <= 2
                && rest.starts_with(' ')
                && rest[1..].starts_with(char::is_uppercase))
            .then_some(digits + 1)
        });
    if let Some(len) = marker {
        if s + len <= range.start {
            s = skip_ws_fwd(text, s + len).min(range.start);
        }
    }
    let e = skip_ws_back(text, end).max(range.end);
    s..e
}

// ---------------------------------------------------------------------------------------------
// Issuing level.

/// Where a document comes from, for grouping the index of directives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Level {
    TrungUongDang,
    QuocHoiChinhPhu,
    BoNganh,
    TinhUy,
    HdndUbndTinh,
    BanChiDao,
    Khac,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::TrungUongDang => "Trung ương Đảng",
            Level::QuocHoiChinhPhu => "Quốc hội, Chính phủ",
            Level::BoNganh => "Bộ, ngành",
            Level::TinhUy => "Tỉnh ủy",
            Level::HdndUbndTinh => "HĐND, UBND tỉnh",
            Level::BanChiDao => "Ban Chỉ đạo",
            Level::Khac => "Khác",
        }
    }

    /// Its part of the URL of its list of directives.
    pub fn slug(self) -> &'static str {
        match self {
            Level::TrungUongDang => "trung-uong-dang",
            Level::QuocHoiChinhPhu => "quoc-hoi-chinh-phu",
            Level::BoNganh => "bo-nganh",
            Level::TinhUy => "tinh-uy",
            Level::HdndUbndTinh => "hdnd-ubnd-tinh",
            Level::BanChiDao => "ban-chi-dao",
            Level::Khac => "khac",
        }
    }
}

fn level_of_part(part: &str) -> Option<Level> {
    let f = fold(part);
    let f = f.as_str();
    if f == "tw" || (f.len() > 2 && f.ends_with("tw")) {
        Some(Level::TrungUongDang)
    } else if matches!(f, "ttg" | "cp" | "vpcp") || f.starts_with("qh") || f.starts_with("ubtvqh") {
        Some(Level::QuocHoiChinhPhu)
    } else if f.starts_with("bcd") {
        Some(Level::BanChiDao)
    } else if f.starts_with("ubnd") || f.starts_with("hdnd") {
        Some(Level::HdndUbndTinh)
    } else if f == "tu" || f == "duca" || (f.len() > 2 && f.ends_with("tu")) {
        Some(Level::TinhUy)
    } else if (f.starts_with('b') && f.len() >= 2 && f.len() <= 8)
        || matches!(f, "nhnn" | "ttcp" | "ubdt")
    {
        // Bộ Công an (BCA), Bộ Quốc phòng (BQP), Bộ Tư pháp (BTP), ...
        Some(Level::BoNganh)
    } else {
        None
    }
}

/// The issuing level from the symbol's issuer part (`…/TW`, `-TTg`, `-BCA`, `/TU`, `-UBND`, `BCĐ`),
/// or else from the issuer named in the citation.
pub fn issuing_level(symbol: &str, issuer: Option<&str>) -> Level {
    if let Some(parts) = split_symbol(symbol) {
        let skip = match parts.shape {
            Shape::Party => 0,
            _ => usize::from(
                parts
                    .parts
                    .first()
                    .is_some_and(|p| type_abbreviation(p).is_some()),
            ),
        };
        if let Some(level) = parts.parts.iter().skip(skip).find_map(|p| level_of_part(p)) {
            return level;
        }
    }
    let Some(issuer) = issuer else {
        return Level::Khac;
    };
    let f = format!(" {} ", fold(issuer));
    let has = |s: &str| f.contains(s);
    if has("ban chi dao") {
        Level::BanChiDao
    } else if has("tinh uy") {
        Level::TinhUy
    } else if has("trung uong") || has("bo chinh tri") || has("ban bi thu") {
        Level::TrungUongDang
    } else if has("quoc hoi") || has("chinh phu") || has("thu tuong") {
        Level::QuocHoiChinhPhu
    } else if has(" uy ban nhan dan ") || has(" ubnd ") || has("hoi dong nhan dan") || has(" hdnd ")
    {
        Level::HdndUbndTinh
    } else if f.starts_with(" bo ") {
        Level::BoNganh
    } else {
        Level::Khac
    }
}

// ---------------------------------------------------------------------------------------------
// Identity.

/// Which document a citation names: its symbol, and its year when one symbol names several.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub symbol: String,
    pub year: Option<i16>,
}

/// The documents citations name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// One per input citation, in the same order.
    pub keys: Vec<DocKey>,
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
    // Folding is the costly part: once per symbol as written, not per citation.
    let mut folded: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (i, c) in citations.iter().enumerate() {
        let g = match folded.get(c.symbol.as_str()) {
            Some(&g) => g,
            None => {
                let f = fold(&c.symbol);
                let g = *group_of.entry(f.clone()).or_insert_with(|| {
                    groups.push((f, Vec::new()));
                    groups.len() - 1
                });
                folded.insert(c.symbol.as_str(), g);
                g
            }
        };
        groups[g].1.push(i);
    }
    let groups: Vec<Vec<usize>> = groups.into_iter().map(|(_, members)| members).collect();
    let mut keys = vec![None; citations.len()];
    let mut ambiguous = Vec::new();
    for members in &groups {
        // The written form: most Vietnamese letters, then most used, then first seen.
        let mut counts: Vec<(&str, usize, usize)> = Vec::new();
        for &i in members {
            let s = citations[i].symbol.as_str();
            match counts.iter_mut().find(|(w, _, _)| *w == s) {
                Some(entry) => entry.1 += 1,
                None => counts.push((s, 1, i)),
            }
        }
        let symbol = counts
            .iter()
            .max_by_key(|(s, n, first)| {
                (
                    s.chars().filter(|c| !c.is_ascii()).count(),
                    *n,
                    std::cmp::Reverse(*first),
                )
            })
            .map(|(s, _, _)| s.to_string())
            .unwrap_or_default();
        let legal = split_symbol(&symbol).is_some_and(|p| p.shape == Shape::Legal);
        let years: BTreeSet<i16> = members
            .iter()
            .filter_map(|&i| citations[i].date.map(|d| d.year()))
            .collect();
        let several = !legal && years.len() > 1;
        let earliest = years.first().copied();
        for &i in members {
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
            keys[i] = Some(DocKey {
                symbol: symbol.clone(),
                year,
            });
        }
    }
    ambiguous.sort_unstable();
    Resolved {
        keys: keys.into_iter().flatten().collect(),
        ambiguous,
    }
}

/// The URL slug of a document's page: `44-KL/TW` → `44-kl-tw`, with a year `44-kl-tw-2019`.
pub fn doc_slug(key: &DocKey) -> String {
    let slug = slugify(&key.symbol);
    match key.year {
        Some(y) => format!("{slug}-{y}"),
        None => slug,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).expect("valid test date")
    }

    fn symbols(text: &str) -> Vec<String> {
        find_citations(text).into_iter().map(|c| c.symbol).collect()
    }

    fn one(text: &str) -> Citation {
        let mut all = find_citations(text);
        assert_eq!(
            all.len(),
            1,
            "expected one citation in {text:?}, got {all:?}"
        );
        all.remove(0)
    }

    #[test]
    fn every_symbol_shape_is_found_after_a_type_word() {
        for (text, symbol) in [
            ("Kết luận số 44-KL/TW của Ban Bí thư", "44-KL/TW"),
            ("Kế hoạch số 186-KH/TU", "186-KH/TU"),
            ("Chương trình hành động số 17-CTr/BDVTU", "17-CTr/BDVTU"),
            ("Kế hoạch số 127-KH/ĐUCA", "127-KH/ĐUCA"),
            ("Kế hoạch số 33/KH-UBND", "33/KH-UBND"),
            ("Chỉ thị số 06/CT-BCA-V05", "06/CT-BCA-V05"),
            ("Kế hoạch số 05/KH-BCĐ138", "05/KH-BCĐ138"),
            (
                "Tờ trình số 1150/TTr-CAT-TM(XDPT).",
                "1150/TTr-CAT-TM(XDPT)",
            ),
            ("Chỉ thị số 01/CT-TTg", "01/CT-TTg"),
            ("Thông tư số 124/2021/TT-BCA", "124/2021/TT-BCA"),
            ("Nghị quyết số 48/2023/NQ-HĐND", "48/2023/NQ-HĐND"),
            ("Công văn số 76/BCĐ ngày 09/3/2022", "76/BCĐ"),
            ("Công văn số 42/UBND-TCD-NC", "42/UBND-TCD-NC"),
            ("Quy định số 12/QyĐ-UBND", "12/QyĐ-UBND"),
            ("Luật số 83/2015/QH13", "83/2015/QH13"),
        ] {
            assert_eq!(symbols(text), vec![symbol], "in {text:?}");
        }
    }

    #[test]
    fn type_date_and_issuer_are_read() {
        let c = one("Thực hiện Kế hoạch số 05/KH-BCĐ138 ngày 26/02/2024 của Ban Chỉ đạo 138 tỉnh Quảng Ngãi về Công tác");
        assert_eq!(c.doc_type, Some(DocType::KeHoach));
        assert_eq!(c.date, Some(date(2024, 2, 26)));
        assert_eq!(c.issuer.as_deref(), Some("Ban Chỉ đạo 138 tỉnh Quảng Ngãi"));
        let c = one("Chỉ thị số 09-CT/TW ngày 21 tháng 8 năm 2025 của Ban Bí thư; tiếp");
        assert_eq!(c.date, Some(date(2025, 8, 21)));
        assert_eq!(c.issuer.as_deref(), Some("Ban Bí thư"));
        // A comma before "ngày", the date wrapped to the next line.
        let c = one("Kết luận số 44-KL/TW, ngày \n\n22/01/2019 của Ban Bí thư về việc");
        assert_eq!(c.date, Some(date(2019, 1, 22)));
    }

    #[test]
    fn the_issuer_ends_with_its_clause() {
        let issuer = |t: &str| one(t).issuer;
        assert_eq!(
            issuer("Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ \n\ntướng Chính phủ về tổ chức")
                .as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(
            issuer("Chỉ thị số 07/CT-BCA-V28 của Bộ trưởng Bộ Công an và tổng kết").as_deref(),
            Some("Bộ trưởng Bộ Công an")
        );
        assert_eq!(
            issuer("Kết luận số 44-KL/TW của Ban Bí thư bằng những việc làm cụ thể").as_deref(),
            Some("Ban Bí thư")
        );
        assert_eq!(
            issuer("Chỉ thị số 09-CT/TW của Ban Bí thư vào cuộc sống").as_deref(),
            Some("Ban Bí thư")
        );
        assert_eq!(
            issuer("Kế hoạch số 12/KH-SKHCN của Sở Khoa học và Công nghệ, các phòng").as_deref(),
            Some("Sở Khoa học và Công nghệ")
        );
        assert_eq!(
            issuer("Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương Đảng \n\n(khóa XI) về")
                .as_deref(),
            Some("Ban Chấp hành Trung ương Đảng")
        );
        assert_eq!(
            issuer("Nghị quyết số 07/NQ-CP của Chính phủ ban hành Chương trình").as_deref(),
            Some("Chính phủ")
        );
        assert_eq!(
            issuer("Kế hoạch số 19/KH-BCĐ138 của Ban Chỉ đạo phòng, chống tội phạm, tệ nạn")
                .as_deref(),
            Some("Ban Chỉ đạo phòng, chống tội phạm")
        );
        // "vệ" is not "về": a unit name is not cut at it.
        assert_eq!(
            issuer("Kế hoạch số 3/KH-CV của Bộ Tư lệnh Cảnh vệ về").as_deref(),
            Some("Bộ Tư lệnh Cảnh vệ")
        );
        let c = one("Kết luận số 44-KL/TW của Ban Bí thư. Tiếp tục");
        assert_eq!(c.issuer.as_deref(), Some("Ban Bí thư"));
    }

    #[test]
    fn a_list_after_one_type_word_gives_each_symbol_with_the_shared_date() {
        let text = "các Nghị quyết số 48/2023/NQ-HĐND, 49/2023/NQ-HĐND và 50/2023/NQ-HĐND ngày 10/12/2023 của HĐND tỉnh";
        let all = find_citations(text);
        assert_eq!(
            all.iter().map(|c| c.symbol.as_str()).collect::<Vec<_>>(),
            ["48/2023/NQ-HĐND", "49/2023/NQ-HĐND", "50/2023/NQ-HĐND"]
        );
        for c in &all {
            assert_eq!(c.doc_type, Some(DocType::NghiQuyet), "{c:?}");
            assert_eq!(c.date, Some(date(2023, 12, 10)), "{c:?}");
            assert_eq!(c.issuer.as_deref(), Some("HĐND tỉnh"));
        }
        assert_eq!(
            &text[all[0].link_range.clone()],
            "Nghị quyết số 48/2023/NQ-HĐND"
        );
        assert_eq!(&text[all[1].link_range.clone()], "49/2023/NQ-HĐND");
        assert!(
            all.windows(2).all(|w| w[0].range.end <= w[1].range.start),
            "no overlaps"
        );
        // One-part công văn symbols are references in a list too; each keeps its own date.
        let all = find_citations(
            "các Công văn số 76/BCĐ ngày 09/3/2022, 71/BCĐ ngày 10/3/2023 của Ban Chỉ đạo",
        );
        assert_eq!(
            all.iter()
                .map(|c| (c.symbol.as_str(), c.date))
                .collect::<Vec<_>>(),
            [
                ("76/BCĐ", Some(date(2022, 3, 9))),
                ("71/BCĐ", Some(date(2023, 3, 10)))
            ]
        );
    }

    #[test]
    fn line_wrapped_symbols_are_found_and_linked_whole() {
        let text = "thực hiện Chỉ thị số 09-\nCT/TW của Ban Bí thư";
        let c = one(text);
        assert_eq!(c.symbol, "09-CT/TW");
        assert_eq!(&text[c.link_range.clone()], "Chỉ thị số 09-\nCT/TW");
        let text = "Kế hoạch số 186- KH/TU và Kết \n\nluận số 44-\n KL/TW";
        assert_eq!(symbols(text), ["186-KH/TU", "44-KL/TW"]);
        let text = "Nghị \n\nquyết số 51-NQ/TW";
        assert_eq!(&text[one(text).link_range], text);
    }

    #[test]
    fn things_that_look_like_symbols_are_not_references() {
        for text in [
            "địa chỉ mail: phongpv05cadt@gmail.com).",
            "liên hệ 05-KH/TU@congan.gov.vn ngay",
            "ngày 22/01/2019 và 19/8/1945 - 19/8/2024",
            "hoàn thành trong Quý IV/ 2019, trước tháng 12/2019",
            "Điện thoại: 0255.3822.123, 0912-345-678",
            "triển khai thực hiện Kế hoạch này, giai đoạn 2021 - 2025, năm 2024",
            "Ban Chỉ đạo 138 Tỉnh1 và cơ quan,2. Ban Chỉ đạo 138Tỉnh",
            "Công an Tỉnh (Ban chỉ đạo 138/ĐP); Lưu: VT, NCbdv272.",
            "Kế hoạch\n\n2/ KẾT QUẢ THỰC HIỆN",
            "xem https://congan.gov.vn/van-ban/12/KH-UBND",
        ] {
            assert!(
                find_citations(text).is_empty(),
                "{text:?} gave {:?}",
                find_citations(text)
            );
        }
    }

    #[test]
    fn a_bare_symbol_counts_only_when_its_shape_is_unambiguous() {
        assert_eq!(
            symbols("theo 44-KL/TW và 33/KH-UBND, 124/2021/TT-BCA"),
            ["44-KL/TW", "33/KH-UBND", "124/2021/TT-BCA"]
        );
        assert!(find_citations("Ban Chỉ đạo 76/BCĐ tỉnh").is_empty());
        let c = one("theo 44-KL/TW.");
        assert_eq!(c.doc_type, None);
        assert_eq!(c.effective_type(), Some(DocType::KetLuan));
    }

    #[test]
    fn a_footnote_marker_glued_to_a_party_symbol_is_not_part_of_it() {
        assert_eq!(
            symbols("Kết luận số 44-KL/TW1 của Ban Bí thư"),
            ["44-KL/TW"]
        );
        // State symbols end in digits of their own.
        assert_eq!(
            symbols("Chỉ thị số 03/CT-BCA-V28 ngày 03/6/2016"),
            ["03/CT-BCA-V28"]
        );
    }

    #[test]
    fn symbols_are_kept_as_written() {
        assert_eq!(symbols("Chỉ thị số 37/CT-TW và"), ["37/CT-TW"]);
        assert_eq!(symbols("Quyết định số 12/QD-UBND"), ["12/QD-UBND"]);
        assert_eq!(canonical_symbol("09- \nCT/TW").as_deref(), Some("09-CT/TW"));
        assert_eq!(canonical_symbol(" 76/BCĐ ").as_deref(), Some("76/BCĐ"));
        assert_eq!(canonical_symbol("22/01/2019"), None);
        assert_eq!(canonical_symbol("Kế hoạch này"), None);
    }

    #[test]
    fn input_without_diacritics_or_in_nfd_reads_the_same() {
        let plain = one("Chi thi so 09-CT/TW ngay 01/12/2011 cua Ban Bi thu ve");
        assert_eq!(plain.doc_type, Some(DocType::ChiThi));
        assert_eq!(plain.date, Some(date(2011, 12, 1)));
        assert_eq!(plain.issuer.as_deref(), Some("Ban Bi thu"));

        let nfc_text = "Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư về việc";
        let nfd_text: String = nfc_text.nfd().collect();
        assert_ne!(nfc_text, nfd_text);
        let a = one(nfc_text);
        let b = one(&nfd_text);
        assert_eq!(
            (a.doc_type, &a.symbol, a.date),
            (b.doc_type, &b.symbol, b.date)
        );
        assert_eq!(
            b.issuer.as_deref(),
            Some("Ban Bí thư"),
            "issuers come out in NFC"
        );
        assert_eq!(
            nfd_text[b.link_range].nfc().collect::<String>(),
            "Kết luận số 44-KL/TW"
        );
    }

    #[test]
    fn types_from_words_and_symbols() {
        assert_eq!(DocType::parse_word("Chỉ thị"), Some(DocType::ChiThi));
        assert_eq!(DocType::parse_word("chi  thi"), Some(DocType::ChiThi));
        assert_eq!(
            DocType::parse_word("CHƯƠNG TRÌNH HÀNH ĐỘNG"),
            Some(DocType::ChuongTrinhHanhDong)
        );
        assert_eq!(DocType::parse_word("QĐ"), Some(DocType::QuyetDinh));
        assert_eq!(DocType::parse_word("QD"), Some(DocType::QuyetDinh));
        assert_eq!(DocType::parse_word("bản tin"), None);
        for (symbol, ty) in [
            ("09-CT/TW", Some(DocType::ChiThi)),
            ("44-KL/TW", Some(DocType::KetLuan)),
            ("07/NQ-CP", Some(DocType::NghiQuyet)),
            ("30/2020/NĐ-CP", Some(DocType::NghiDinh)),
            ("12/QĐ-UBND", Some(DocType::QuyetDinh)),
            ("33/KH-UBND", Some(DocType::KeHoach)),
            ("17-CTr/BDVTU", Some(DocType::ChuongTrinh)),
            ("124/2021/TT-BCA", Some(DocType::ThongTu)),
            ("22/HD-BCA-V05", Some(DocType::HuongDan)),
            ("1150/TTr-CAT-TM(XDPT)", Some(DocType::ToTrinh)),
            ("5/TB-UBND", Some(DocType::ThongBao)),
            ("777-CV/TU", Some(DocType::CongVan)),
            ("76/BCĐ", Some(DocType::CongVan)),
            ("42/UBND-TCD-NC", Some(DocType::CongVan)),
            ("83/2015/QH13", Some(DocType::Luat)),
            ("12/BC-UBND", None),
            ("Kế hoạch này", None),
        ] {
            assert_eq!(DocType::from_symbol(symbol), ty, "{symbol}");
        }
        assert_eq!(
            DocType::ChuongTrinhHanhDong.label(),
            "Chương trình hành động"
        );
    }

    #[test]
    fn issuing_levels() {
        for (symbol, level) in [
            ("44-KL/TW", Level::TrungUongDang),
            ("37/CT-TW", Level::TrungUongDang),
            ("01/CT-TTg", Level::QuocHoiChinhPhu),
            ("07/NQ-CP", Level::QuocHoiChinhPhu),
            ("83/2015/QH13", Level::QuocHoiChinhPhu),
            ("06/CT-BCA-V05", Level::BoNganh),
            ("124/2021/TT-BCA", Level::BoNganh),
            ("186-KH/TU", Level::TinhUy),
            ("127-KH/ĐUCA", Level::TinhUy),
            ("17-CTr/BDVTU", Level::TinhUy),
            ("33/KH-UBND", Level::HdndUbndTinh),
            ("48/2023/NQ-HĐND", Level::HdndUbndTinh),
            ("42/UBND-TCD-NC", Level::HdndUbndTinh),
            ("05/KH-BCĐ138", Level::BanChiDao),
            ("76/BCĐ", Level::BanChiDao),
            ("1150/TTr-CAT-TM(XDPT)", Level::Khac),
        ] {
            assert_eq!(issuing_level(symbol, None), level, "{symbol}");
        }
        assert_eq!(
            issuing_level("1150/TTr-CAT-TM(XDPT)", Some("Ban Chỉ đạo 138 tỉnh")),
            Level::BanChiDao
        );
        assert_eq!(Level::HdndUbndTinh.label(), "HĐND, UBND tỉnh");
    }

    fn cite(symbol: &str, date: Option<Date>) -> Citation {
        Citation {
            range: 0..0,
            link_range: 0..0,
            doc_type: None,
            symbol: symbol.to_string(),
            date,
            issuer: None,
        }
    }

    fn key(symbol: &str, year: Option<i16>) -> DocKey {
        DocKey {
            symbol: symbol.to_string(),
            year,
        }
    }

    #[test]
    fn a_party_resolution_and_a_conclusion_with_one_number_are_two_documents() {
        let (nq, kl) = (cite("44-NQ/TW", None), cite("44-KL/TW", None));
        let r = resolve(&[&nq, &kl]);
        assert_eq!(r.keys, [key("44-NQ/TW", None), key("44-KL/TW", None)]);
        assert_ne!(doc_slug(&r.keys[0]), doc_slug(&r.keys[1]));
        assert!(r.ambiguous.is_empty());
    }

    #[test]
    fn one_symbol_dated_in_two_years_is_two_documents_and_an_undated_citation_is_ambiguous() {
        let a = cite("01/KH-UBND", Some(date(2019, 1, 5)));
        let b = cite("01/KH-UBND", Some(date(2024, 1, 3)));
        let undated = cite("01/KH-UBND", None);
        let r = resolve(&[&a, &undated, &b]);
        assert_eq!(
            r.keys,
            [
                key("01/KH-UBND", Some(2019)),
                key("01/KH-UBND", Some(2019)),
                key("01/KH-UBND", Some(2024))
            ]
        );
        assert_eq!(r.ambiguous, [1]);
        assert_eq!(doc_slug(&r.keys[2]), "01-kh-ubnd-2024");
    }

    #[test]
    fn one_document_cited_with_two_dates_in_one_year_stays_one() {
        // 44-KL/TW is 22/01/2019; one plan cites it as 22/10/2019. `check` warns, the page is one.
        let a = cite("44-KL/TW", Some(date(2019, 1, 22)));
        let b = cite("44-KL/TW", Some(date(2019, 10, 22)));
        let c = cite("44-KL/TW", None);
        let r = resolve(&[&a, &b, &c]);
        assert!(r.keys.iter().all(|k| *k == key("44-KL/TW", None)));
        assert!(r.ambiguous.is_empty());
        assert_eq!(doc_slug(&r.keys[0]), "44-kl-tw");
    }

    #[test]
    fn a_legal_normative_symbol_carries_its_year() {
        let a = cite("48/2023/NQ-HĐND", Some(date(2023, 12, 10)));
        let b = cite("48/2023/NQ-HĐND", Some(date(2024, 1, 2)));
        let r = resolve(&[&a, &b]);
        assert_eq!(
            r.keys,
            [key("48/2023/NQ-HĐND", None), key("48/2023/NQ-HĐND", None)]
        );
        assert_eq!(doc_slug(&r.keys[0]), "48-2023-nq-hdnd");
    }

    #[test]
    fn a_symbol_typed_without_diacritics_names_the_same_document() {
        let a = cite("12/QD-UBND", None);
        let b = cite("12/QĐ-UBND", None);
        let r = resolve(&[&a, &b]);
        assert_eq!(r.keys, [key("12/QĐ-UBND", None), key("12/QĐ-UBND", None)]);
    }

    #[test]
    fn references_from_front_matter() {
        let c = parse_reference("06/CT-BCA-V05").expect("a bare symbol");
        assert_eq!((c.symbol.as_str(), c.doc_type), ("06/CT-BCA-V05", None));
        assert_eq!(
            parse_reference(" 76/BCĐ ").map(|c| c.symbol).as_deref(),
            Some("76/BCĐ")
        );
        let c = parse_reference("Chỉ thị số 06/CT-BCA-V05 ngày 07/5/2025 của Bộ trưởng Bộ Công an")
            .expect("a citation");
        assert_eq!(c.doc_type, Some(DocType::ChiThi));
        assert_eq!(c.date, Some(date(2025, 5, 7)));
        assert_eq!(c.issuer.as_deref(), Some("Bộ trưởng Bộ Công an"));
        assert_eq!(parse_reference("Kế hoạch này"), None);
        assert_eq!(parse_reference("21/8/2025"), None);
    }

    #[test]
    fn the_sentence_around_a_citation() {
        let text = "Mở đầu. Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư, v.v. và các văn bản khác. Câu sau.";
        let c = one(text);
        assert_eq!(&text[sentence_around(text, c.range)], "Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư, v.v. và các văn bản khác.");
        let text = "Tiêu đề\n\n- Triển khai Chỉ thị số 09-CT/TW; tiếp theo là việc khác";
        let c = one(text);
        assert_eq!(
            &text[sentence_around(text, c.range)],
            "Triển khai Chỉ thị số 09-CT/TW"
        );
        // A PDF line wrap followed by a blank line, the sentence going on in lower case.
        let text = "yêu cầu. Tổ chức quán triệt Kết \n\nluận số 44-KL/TW nhằm nâng \n\ncao nhận thức.\n\nMục sau";
        let c = one(text);
        assert_eq!(
            &text[sentence_around(text, c.range)],
            "Tổ chức quán triệt Kết \n\nluận số 44-KL/TW nhằm nâng \n\ncao nhận thức."
        );
    }
}
