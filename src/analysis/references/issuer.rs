//! What follows a symbol in a citation: the issue date ("ngày 22/01/2019", "ngày 21 tháng 8
//! năm 2025") and the issuer after "của", up to the end of its clause.

use std::sync::LazyLock;

use jiff::civil::Date;
use unicode_normalization::UnicodeNormalization;

use crate::analysis::scan::Scan;
use crate::text::{fold, nfc};

/// A Vietnamese phrase at `pos`, diacritics compared exactly unless the text has none there
/// (so "về" stops an issuer but "Cảnh vệ" does not, and typed-without-diacritics "ve" still does).
fn phrase_at(scan: &Scan, pos: usize, phrase: &str) -> Option<usize> {
    phrase_at_folded(scan, pos, phrase, &fold(phrase))
}

/// `phrase_at` with the phrase's folded form given, for phrases tried at every word.
fn phrase_at_folded(scan: &Scan, pos: usize, phrase: &str, folded: &str) -> Option<usize> {
    let end = scan.word_at_offset(pos, folded)?;
    let raw = &scan.text()[pos..end];
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

fn skip_ws_fwd(text: &str, pos: usize) -> usize {
    text.len() - text[pos..].trim_start().len()
}

fn skip_ws_back(text: &str, pos: usize) -> usize {
    text[..pos].trim_end().len()
}

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
fn parse_date_at(scan: &Scan, pos: usize) -> Option<(Date, usize)> {
    let text = scan.text();
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
            let q = scan.word_at_offset(skip_ws_fwd(text, p), "thang")?;
            let (m, q) = digits_at(text, skip_ws_fwd(text, q), 1, 2)?;
            let q = scan.word_at_offset(skip_ws_fwd(text, q), "nam")?;
            let (y, end) = digits_at(text, skip_ws_fwd(text, q), 4, 4)?;
            (m, y, end)
        }
    };
    let date = Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
    Some((date, end))
}

/// `[,] ngày <date>` at `pos`.
pub(super) fn dated_at(scan: &Scan, pos: usize) -> Option<(Date, usize)> {
    let text = scan.text();
    let mut q = skip_ws_fwd(text, pos);
    if text[q..].starts_with(',') {
        q = skip_ws_fwd(text, q + 1);
    }
    let q = match scan.word_at_offset(q, "ngay") {
        Some(q) => q,
        // "ngày22 tháng 7 năm 2010": the day glued to the word.
        None => {
            let i = scan.pos_of(q);
            let end = i + "ngay".len();
            if scan.folded().get(i..end)? != "ngay" || !scan.at(end)?.is_ascii_digit() {
                return None;
            }
            scan.origin(end)
        }
    };
    parse_date_at(scan, skip_ws_fwd(text, q))
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
    // What the cited document is said to concern or where it applies: "của Bộ Công an liên
    // quan đến mô hình", "của Ban Bí thư trên lĩnh vực".
    "liên quan",
    "trên",
    "đối với",
    "có liên quan",
    "yêu cầu",
    "nêu",
    "ghi",
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

fn stop_at(scan: &Scan, pos: usize) -> Option<&'static str> {
    // Most words start no stop phrase: compare the first letter before anything else.
    let first = scan.char_at_offset(pos)?;
    FOLDED_STOPS
        .iter()
        .filter(|(_, f)| f.starts_with(first))
        .find(|(s, f)| phrase_at_folded(scan, pos, s, f).is_some())
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

/// Long enough for "Ban Chỉ đạo thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc Trung ương"
/// and "Tổ công tác chuyên trách cải cách thủ tục hành chính của Thủ tướng Chính phủ".
const MAX_ISSUER_WORDS: usize = 18;

/// Whether the comma at byte `p` is part of a name: "Ban Chỉ đạo phòng, chống tội phạm".
fn comma_in_name(scan: &Scan, p: usize) -> bool {
    let text = scan.text();
    phrase_at(scan, skip_ws_fwd(text, p + 1), "chống").is_some()
        && scan
            .word_before_offset(skip_ws_back(text, p), "phong")
            .is_some_and(|s| phrase_at(scan, s, "phòng").is_some())
}

/// Whether the word at byte `p` ends an issuer: a stop word, or a "và" that does not join two
/// parts of one name ("Sở Khoa học và Công nghệ" goes on; "Bộ Công an và tổng kết" does not).
fn ends_issuer(scan: &Scan, p: usize) -> bool {
    match stop_at(scan, p) {
        // A steering committee is named by its task: "Ban Chỉ đạo thực hiện phong trào ...".
        Some("thực hiện" | "triển khai")
            if scan
                .word_before_offset(skip_ws_back(scan.text(), p), "chi dao")
                .is_some() =>
        {
            false
        }
        Some("và") => {
            let text = scan.text();
            let next = skip_ws_fwd(text, scan.word_at_offset(p, "va").unwrap_or(p));
            let capital = text[next..].chars().next().is_some_and(char::is_uppercase);
            !capital || stop_at(scan, next).is_some()
        }
        Some(_) => true,
        None => false,
    }
}

/// The issuer after "của": words up to the end of the clause. Line wraps are crossed (PDF text
/// wraps "của Thủ \n\ntướng Chính phủ"), but not a new list item or heading.
pub(super) fn parse_issuer(scan: &Scan, start: usize) -> Option<(String, usize)> {
    let text = scan.text();
    let mut p = start;
    let mut end = start;
    let mut words = 0;
    let mut after_newline = false;
    while p < text.len() && words < MAX_ISSUER_WORDS {
        let c = text[p..].chars().next()?;
        if is_issuer_punct(c) {
            if !(c == ',' && comma_in_name(scan, p)) {
                break;
            }
            p = skip_ws_fwd(text, p + 1);
            continue;
        }
        if (after_newline && starts_list_item(&text[p..])) || ends_issuer(scan, p) {
            break;
        }
        let q = text[p..]
            .find(|c: char| c.is_whitespace() || is_issuer_punct(c))
            .map_or(text.len(), |k| p + k);
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
