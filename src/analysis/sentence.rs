//! The one sentence splitter: the sentence a citation, a name or a deadline stands in, quoted on
//! directive pages, in the calendar and in the iCalendar feed, so that all of them quote the same
//! sentence of the same text.
//!
//! The rule, for Vietnamese administrative text: `.`, `;`, `!` and `?` end a sentence unless the
//! next word goes on in lower case ("v.v. và", "thời gian thực hiện; cơ quan chủ trì": an
//! enumeration inside one sentence); a `.` inside a token ("22.01.2019", "gmail.com") or after an
//! abbreviation of a place or title ("Tp. Quảng Ngãi", "TT. Châu Ổ") ends nothing. Text pasted
//! from a PDF has a blank line after every printed line, so a blank line ends a paragraph only
//! where the next line starts like a new one (a capital or a list marker).

use std::ops::Range;

/// Abbreviations written with a dot inside a sentence, before a proper name: thành phố, thị xã,
/// thị trấn, quận, phường, huyện, and academic titles. Compared as written.
const ABBREVIATIONS: &[&str] = &[
    "TP", "Tp", "TX", "Tx", "TT", "Q", "P", "H", "ThS", "TS", "PGS", "GS",
];

/// Whether the next word after byte `i` is written in lower case: the sentence goes on.
fn goes_on_in_lower_case(text: &str, i: usize) -> bool {
    text[i..].trim_start().starts_with(char::is_lowercase)
}

/// Whether the `.` at `i` ends a sentence.
fn dot_ends_sentence(text: &str, i: usize) -> bool {
    let next = text[i + 1..].chars().next();
    // "22.01.2019", "gmail.com", "..." (the last dot ends it)
    if next.is_some_and(|c| c.is_alphanumeric() || c == '.') || text[..i].ends_with("v.v") {
        return false;
    }
    // The word before the dot, when it stands alone ("Tp." but not "QĐ-TT." in a number).
    let before = &text[..i];
    let word_start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |k| {
        k + before[k..].chars().next().map_or(1, char::len_utf8)
    });
    let standalone = before[..word_start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c == '(');
    if standalone && ABBREVIATIONS.contains(&&before[word_start..]) {
        return false;
    }
    !goes_on_in_lower_case(text, i + 1)
}

/// Whether the ASCII byte at `i` ends a sentence.
fn ends_sentence(text: &str, i: usize) -> bool {
    match text.as_bytes()[i] {
        b'.' => dot_ends_sentence(text, i),
        b'!' | b'?' | b';' => !goes_on_in_lower_case(text, i + 1),
        _ => false,
    }
}

/// Whether `line` starts like a new paragraph: a capital letter, or a list marker ("- ", "+ ",
/// "• ", "1. ", "2) "; a number of one or two digits, so that "2030." wrapped from "đến năm"
/// goes on).
fn starts_paragraph(line: &str) -> bool {
    if line.starts_with(char::is_uppercase) || line.starts_with(['-', '+', '•', '*', '–']) {
        return true;
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (1..=2).contains(&digits) && line[digits..].starts_with(['.', ')'])
}

/// Whether the `\n` at `i` starts a blank line that separates paragraphs. Text pasted from a PDF
/// has a blank line after every printed line, even mid-sentence ("Kết \n\nluận số", "và 01 năm
/// \n\n(báo cáo"); only a line that starts like a new paragraph begins one.
fn paragraph_break_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let mut j = i + 1;
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
        j += 1;
    }
    if j >= b.len() || b[j] != b'\n' {
        return false;
    }
    starts_paragraph(text[j..].trim_start())
}

fn is_break(text: &str, i: usize) -> bool {
    match text.as_bytes()[i] {
        b'.' | b'!' | b'?' | b';' => ends_sentence(text, i),
        b'\n' => paragraph_break_at(text, i),
        _ => false,
    }
}

/// A list marker, or a footnote number spliced in from the page foot ("1 Công văn số ..."), at
/// the start of `s`: its length.
fn leading_marker(s: &str) -> Option<usize> {
    if let Some(m) = ["- ", "+ ", "* ", "• ", "– "]
        .iter()
        .find(|m| s.starts_with(**m))
    {
        return Some(m.len());
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &s[digits..];
    (digits > 0
        && digits <= 2
        && rest.starts_with(' ')
        && rest[1..].starts_with(char::is_uppercase))
    .then_some(digits + 1)
}

/// How far, in bytes, `sentence_around` looks for the ends of a sentence on each side: far
/// beyond any real sentence (the longest in the corpus are under 2 kB).
pub const SENTENCE_REACH: usize = 8 * 1024;

/// The sentence `range` stands in: split as the module says, trimmed, without a leading list
/// marker; a final `.`, `!` or `?` is kept, a `;` or a blank line is not. Always contains
/// `range` (clamped to the text); boundaries are ASCII, so the result lies on character
/// boundaries.
pub fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    let len = text.len();
    let range = range.start.min(len)..range.end.min(len).max(range.start.min(len));
    let b = text.as_bytes();
    // A text without breaks (a whole file on one line) would make every quote the whole
    // text, and finding each one would read it all: look no further than `SENTENCE_REACH`.
    let mut lo = range.start.saturating_sub(SENTENCE_REACH);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (range.end + SENTENCE_REACH).min(len);
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let start = (lo..range.start)
        .rev()
        .find(|&i| is_break(text, i))
        .map_or(lo, |i| i + 1);
    let end = (range.end..hi)
        .find(|&i| is_break(text, i))
        .map_or(hi, |i| {
            if matches!(b[i], b'.' | b'!' | b'?') {
                i + 1
            } else {
                i
            }
        });
    let skip_ws = |p: usize| len - text[p..].trim_start().len();
    let mut s = skip_ws(start).min(range.start);
    // A text run may begin right after a link: "…](url); tiếp tục thực hiện" starts with the
    // separator of a sentence that goes on, which is not quoted.
    while s < range.start && text[s..].starts_with([';', ',', ':']) {
        s = skip_ws(s + 1).min(range.start);
    }
    if let Some(marker) = leading_marker(&text[s..]) {
        if s + marker <= range.start {
            s = skip_ws(s + marker).min(range.start);
        }
    }
    let e = text[..end].trim_end().len().max(range.end);
    s..e
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence around the first occurrence of `needle`.
    fn quote<'a>(text: &'a str, needle: &str) -> &'a str {
        let at = text.find(needle).expect("needle in text");
        &text[sentence_around(text, at..at + needle.len())]
    }

    #[test]
    fn a_sentence_ends_at_its_full_stop_not_at_dates_or_v_v() {
        let text = "Mở đầu. Thực hiện Kết luận số 44-KL/TW ngày 22.01.2019 của Ban Bí thư, v.v. và các văn bản khác. Câu sau.";
        assert_eq!(
            quote(text, "44-KL/TW"),
            "Thực hiện Kết luận số 44-KL/TW ngày 22.01.2019 của Ban Bí thư, v.v. và các văn bản khác."
        );
        assert_eq!(
            quote("gửi về phongpv05cadt@gmail.com. Xong", "phong"),
            "gửi về phongpv05cadt@gmail.com."
        );
    }

    #[test]
    fn a_semicolon_ends_a_list_item_but_not_an_enumeration_going_on_in_lower_case() {
        let list = "Căn cứ:\n- Chỉ thị số 09-CT/TW của Ban Bí thư;\n- Kết luận số 44-KL/TW của Ban Bí thư;\n- Kế hoạch số 33/KH-UBND.";
        assert_eq!(
            quote(list, "44-KL/TW"),
            "Kết luận số 44-KL/TW của Ban Bí thư"
        );
        let list =
            "Chỉ thị số 09-CT/TW của Ban Bí thư; Kết luận số 44-KL/TW của Ban Bí thư; Kế hoạch";
        assert_eq!(
            quote(list, "44-KL/TW"),
            "Kết luận số 44-KL/TW của Ban Bí thư"
        );
        let enumeration = "Xây dựng kế hoạch, nêu rõ thời gian thực hiện; cơ quan chủ trì (hoàn thành trong Quý IV/2019). Sau đó";
        assert_eq!(
            quote(enumeration, "Quý IV"),
            "Xây dựng kế hoạch, nêu rõ thời gian thực hiện; cơ quan chủ trì (hoàn thành trong Quý IV/2019)."
        );
    }

    #[test]
    fn an_abbreviation_with_a_dot_does_not_end_a_sentence_but_a_number_ending_the_same_way_does() {
        assert_eq!(
            quote("Mở đầu. Công an Tp. Quảng Ngãi và UBND TT. Châu Ổ thực hiện Kế hoạch số 33/KH-UBND. Sau", "33/KH"),
            "Công an Tp. Quảng Ngãi và UBND TT. Châu Ổ thực hiện Kế hoạch số 33/KH-UBND."
        );
        // Inside a document number "TT" is the issuer, and its dot is a full stop.
        assert_eq!(
            quote(
                "Theo Quyết định số 15/QĐ-TT. Kế hoạch số 33/KH-UBND giao",
                "33/KH"
            ),
            "Kế hoạch số 33/KH-UBND giao"
        );
    }

    #[test]
    fn a_quote_crosses_line_breaks_of_pdf_text_but_not_a_new_paragraph() {
        let text = "yêu cầu. Tổ chức quán triệt Kết \n\nluận số 44-KL/TW nhằm nâng \n\ncao nhận thức.\n\nMục sau";
        assert_eq!(
            quote(text, "44-KL"),
            "Tổ chức quán triệt Kết \n\nluận số 44-KL/TW nhằm nâng \n\ncao nhận thức."
        );
        let text = "Định kỳ 06 tháng (báo cáo gửi trước ngày 10/6) và 01 năm \n\n(báo cáo gửi trước ngày 10/11) hoặc đột xuất.";
        assert_eq!(quote(text, "10/11"), text);
        let text = "trên địa bàn tỉnh đến năm \n\n2030. \n\nII. NHIỆM VỤ";
        assert_eq!(
            quote(text, "địa bàn"),
            "trên địa bàn tỉnh đến năm \n\n2030."
        );
        let text = "KẾ HOẠCH \n\nThực hiện Kế hoạch số 05/KH-BCĐ138 năm 2024 \n\n1. Mục đích";
        assert_eq!(
            quote(text, "05/KH"),
            "Thực hiện Kế hoạch số 05/KH-BCĐ138 năm 2024"
        );
    }

    #[test]
    fn a_text_run_starting_with_the_separator_of_a_going_on_sentence_does_not_quote_it() {
        assert_eq!(
            quote("; tiếp tục thực hiện Kết luận số 44-KL/TW.", "44-KL"),
            "tiếp tục thực hiện Kết luận số 44-KL/TW."
        );
    }

    #[test]
    fn list_markers_and_footnote_numbers_are_not_quoted() {
        assert_eq!(
            quote("Tiêu đề\n\n- Triển khai Chỉ thị số 09-CT/TW.", "09-CT"),
            "Triển khai Chỉ thị số 09-CT/TW."
        );
        assert_eq!(
            quote("bảo vệ.\n1 Công văn số 777-CV/TU ngày 28/02/2019", "777"),
            "Công văn số 777-CV/TU ngày 28/02/2019"
        );
    }

    #[test]
    fn any_range_gives_a_sentence_containing_it() {
        let text = "A; b. C";
        for (s, e) in [(0, 0), (0, 7), (3, 4), (6, 100), (100, 200)] {
            let r = sentence_around(text, s..e);
            assert!(
                r.start <= s.min(text.len()) && r.end >= e.min(text.len()),
                "{s}..{e}: {r:?}"
            );
        }
    }
}
