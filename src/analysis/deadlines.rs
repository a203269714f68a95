//! Deadlines found in the running text of plans: "báo cáo gửi trước ngày 15/6/2025",
//! "hoàn thành trước tháng 12/2019", "trong Quý IV/2019", "trước ngày 05/11 hằng năm".
//!
//! Matching happens on the folded text of `scan::Scan` (no diacritics, lower case, whitespace
//! runs as one space), so NFD, unaccented and line-wrapped PDF text read the same, and every
//! range maps back to the text as given. The sentence quoted with a deadline is
//! `sentence::sentence_around`'s, the same as the citator's.

use jiff::civil::Date;
use std::ops::Range;

use super::scan::Scan;
use super::sentence::sentence_around;
use crate::text::fold;

/// How long a deadline lasts: a day, a calendar month, or a quarter.
///
/// Serialises like a derived enum (`{"Day":"2025-06-15"}`, `{"Month":{"year":2019,"month":12}}`);
/// written by hand because jiff's `serde` feature is not enabled in this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    Day(Date),
    Month { year: i16, month: i8 },
    Quarter { year: i16, quarter: i8 },
}

impl Span {
    /// The first day of the span.
    pub fn first_day(&self) -> Date {
        match *self {
            Span::Day(d) => d,
            Span::Month { year, month } => month_start(year, month),
            Span::Quarter { year, quarter } => month_start(year, (quarter.clamp(1, 4) - 1) * 3 + 1),
        }
    }

    /// The last day of the span, inclusive.
    pub fn last_day(&self) -> Date {
        match *self {
            Span::Day(d) => d,
            Span::Month { year, month } => month_start(year, month).last_of_month(),
            Span::Quarter { year, quarter } => {
                month_start(year, quarter.clamp(1, 4) * 3).last_of_month()
            }
        }
    }

    /// The span as Vietnamese documents write it: "15/6/2025", "tháng 12/2019", "Quý IV/2019".
    pub fn label_vi(&self) -> String {
        match *self {
            Span::Day(d) => format!("{}/{}/{}", d.day(), d.month(), d.year()),
            Span::Month { year, month } => format!("tháng {month}/{year}"),
            Span::Quarter { year, quarter } => {
                let roman = ["I", "II", "III", "IV"][(quarter.clamp(1, 4) - 1) as usize];
                format!("Quý {roman}/{year}")
            }
        }
    }
}

impl serde::Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStructVariant;
        match *self {
            Span::Day(d) => s.serialize_newtype_variant("Span", 0, "Day", &d.to_string()),
            Span::Month { year, month } => {
                let mut v = s.serialize_struct_variant("Span", 1, "Month", 2)?;
                v.serialize_field("year", &year)?;
                v.serialize_field("month", &month)?;
                v.end()
            }
            Span::Quarter { year, quarter } => {
                let mut v = s.serialize_struct_variant("Span", 2, "Quarter", 2)?;
                v.serialize_field("year", &year)?;
                v.serialize_field("quarter", &quarter)?;
                v.end()
            }
        }
    }
}

/// The first day of a month; out-of-range fields (the enum's fields are public) are clamped
/// rather than allowed to panic.
fn month_start(year: i16, month: i8) -> Date {
    jiff::civil::date(year.clamp(-9999, 9999), month.clamp(1, 12), 1)
}

/// A deadline found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDeadline {
    /// Byte range of the deadline phrase ("trước ngày 15/6/2025").
    pub range: Range<usize>,
    /// Byte range of the sentence or clause the phrase is in, for a quote and an anchor.
    pub sentence: Range<usize>,
    pub span: Span,
    /// "hằng năm" / "hàng năm" / "mỗi năm" right after the date.
    pub yearly: bool,
    /// What is due, in a few words from the sentence, for the calendar (shared with the
    /// calendar's event: 700,000 of them at 100,000 plans).
    pub title: std::sync::Arc<str>,
}

/// Longest title, in characters, before it is cut at a word boundary.
const TITLE_MAX_CHARS: usize = 100;

/// Finds the deadlines in `text`. Dates without a year take `default_year` (the plan's year)
/// and are skipped when it is `None`; dates that do not exist (31/2) are skipped. Only dates
/// introduced by a deadline word count ("trước", "chậm nhất", "hạn chót", "trong Quý"), so the
/// issue dates of cited documents ("ngày 22/01/2019 của Ban Bí thư") are never deadlines.
pub fn find_deadlines(text: &str, default_year: Option<i16>) -> Vec<FoundDeadline> {
    find_deadlines_in(&Scan::new(text), default_year)
}

/// [`find_deadlines`] over text already folded (one scan of a text run serves every analyser).
pub fn find_deadlines_in(scan: &Scan, default_year: Option<i16>) -> Vec<FoundDeadline> {
    let text = scan.text();
    let folded = scan.folded().as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        // Every deadline phrase starts with "t", "c" or "h" (trước, trong, chậm, hạn).
        if matches!(folded[i], b't' | b'c' | b'h') && scan.word_start(i) {
            if let Some(m) = deadline_at(scan, i, default_year) {
                let range = scan.origin(m.start)..scan.origin(m.end);
                let sentence = sentence_around(text, range.clone());
                let title = title_for(text, sentence.clone(), range.clone());
                found.push(FoundDeadline {
                    range,
                    sentence,
                    span: m.span,
                    yearly: m.yearly,
                    title: title.into(),
                });
                i = m.end;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// A match in folded positions.
struct Match {
    start: usize,
    end: usize,
    span: Span,
    yearly: bool,
}

/// A parsed date before its year is settled.
struct DayMonth {
    day: i8,
    month: i8,
    year: Option<i16>,
    end: usize,
}

/// A date separator (`/`, `-` or `.`), with optional whitespace around it (PDF wraps put
/// "10/ 6" on two lines). Returns the separator and the position after it.
fn separator(s: &Scan, i: usize) -> Option<(char, usize)> {
    let j = s.skip_ws(i);
    match s.at(j)? {
        c @ ('/' | '-' | '.') => Some((c, s.skip_ws(j + 1))),
        _ => None,
    }
}

/// A four-digit year after a separator or after "năm": "/2025", "/ 2019", " năm 2025".
fn year_after(s: &Scan, i: usize, sep: Option<char>) -> Option<(i16, usize)> {
    if let Some((found, j)) = separator(s, i) {
        if sep.is_none_or(|want| want == found) {
            if let Some((y, end)) = s.number(j, 4, 4) {
                return Some((y as i16, end));
            }
        }
    }
    let j = s.then_word(i, "nam")?;
    let (y, end) = s.number(s.skip_ws(j), 4, 4)?;
    Some((y as i16, end))
}

/// "15/6/2025", "10/6", "21 tháng 8 năm 2025", "05-11".
fn day_month(s: &Scan, i: usize) -> Option<DayMonth> {
    let (day, j) = s.number(i, 1, 2)?;
    let (sep, month, j) = if let Some((sep, k)) = separator(s, j) {
        let (month, k) = s.number(k, 1, 2)?;
        (Some(sep), month, k)
    } else {
        let k = s.then_word(j, "thang")?;
        let (month, k) = s.number(s.skip_ws(k), 1, 2)?;
        (None, month, k)
    };
    let (year, end) = match year_after(s, j, sep) {
        Some((y, end)) => (Some(y), end),
        None => {
            // "10/6/24": a year we cannot read; better no deadline than a wrong one.
            if let Some((found, k)) = separator(s, j) {
                if Some(found) == sep && s.at(k).is_some_and(|c| c.is_ascii_digit()) {
                    return None;
                }
            }
            (None, j)
        }
    };
    Some(DayMonth {
        day: day as i8,
        month: month as i8,
        year,
        end,
    })
}

/// "12/2019", "12 năm 2019", "12" (the default year).
fn month_year(s: &Scan, i: usize) -> Option<(i8, Option<i16>, usize)> {
    let (month, j) = s.number(i, 1, 2)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    match year_after(s, j, None) {
        Some((y, end)) => Some((month as i8, Some(y), end)),
        None => Some((month as i8, None, j)),
    }
}

/// "IV/2019", "IV/ 2019", "4 năm 2019", "II".
fn quarter_year(s: &Scan, i: usize) -> Option<(i8, Option<i16>, usize)> {
    let (quarter, j) = ["iv", "iii", "ii", "i"]
        .iter()
        .zip([4, 3, 2, 1])
        .find_map(|(w, q)| s.word(i, w).map(|j| (q, j)))
        .or_else(|| {
            let (q, j) = s.number(i, 1, 1)?;
            (1..=4).contains(&q).then_some((q as i8, j))
        })?;
    match year_after(s, j, None) {
        Some((y, end)) => Some((quarter, Some(y), end)),
        None => Some((quarter, None, j)),
    }
}

/// What follows a deadline word: "ngày 15/6/2025", "tháng 12/2019", "Quý IV/2019", or a
/// bare "15/6/2025". Returns the span and the position after it.
fn due(s: &Scan, i: usize, default_year: Option<i16>) -> Option<(Span, usize)> {
    let i = s.skip_ws(i);
    if let Some(j) = s.word(i, "ngay") {
        return due_day(s, s.skip_ws(j), default_year);
    }
    if let Some(j) = s.word(i, "thang") {
        let (month, year, end) = month_year(s, s.skip_ws(j))?;
        let year = year.or(default_year)?;
        return Some((Span::Month { year, month }, end));
    }
    if let Some(j) = s.word(i, "quy") {
        return due_quarter(s, s.skip_ws(j), default_year);
    }
    // A bare date must be written with separators: "trước 15/6/2025".
    separator(s, s.number(i, 1, 2)?.1)?;
    due_day(s, i, default_year)
}

fn due_day(s: &Scan, i: usize, default_year: Option<i16>) -> Option<(Span, usize)> {
    let dm = day_month(s, i)?;
    let year = dm.year.or(default_year)?;
    let date = Date::new(year, dm.month, dm.day).ok()?;
    Some((Span::Day(date), dm.end))
}

fn due_quarter(s: &Scan, i: usize, default_year: Option<i16>) -> Option<(Span, usize)> {
    let (quarter, year, end) = quarter_year(s, i)?;
    let year = year.or(default_year)?;
    Some((Span::Quarter { year, quarter }, end))
}

/// The deadline word at word start `i` ("trước", "chậm nhất là", "hạn chót: vào", "trong
/// Quý") and what is due after it.
fn deadline_word(s: &Scan, i: usize, default_year: Option<i16>) -> Option<(Span, usize)> {
    if let Some(j) = s.word(i, "truoc") {
        return due(s, j, default_year);
    }
    if let Some(j) = s.word(i, "cham nhat").or_else(|| s.word(i, "han chot")) {
        // "chậm nhất là ngày …", "hạn chót: ngày …", "hạn chót vào ngày …"
        let mut j = s.skip_ws(j);
        if s.at(j) == Some(':') {
            j += 1;
        }
        for filler in ["la", "vao", "den", "truoc"] {
            if let Some(k) = s.then_word(j, filler) {
                j = k;
            }
        }
        return due(s, j, default_year);
    }
    let j = s.word(i, "trong quy")?;
    due_quarter(s, s.skip_ws(j), default_year)
}

/// A deadline phrase starting at word start `i`.
fn deadline_at(s: &Scan, i: usize, default_year: Option<i16>) -> Option<Match> {
    let (span, end) = deadline_word(s, i, default_year)?;
    // "ngày 22/01/2019 của Ban Bí thư" is an issue date, whatever word came before it.
    if s.then_word(end, "cua").is_some() {
        return None;
    }
    let yearly_end = s
        .then_word(end, "hang nam")
        .or_else(|| s.then_word(end, "moi nam"));
    Some(Match {
        start: i,
        end: yearly_end.unwrap_or(end),
        span,
        yearly: yearly_end.is_some(),
    })
}

/// Words that say "is due" rather than what is due, dropped from the end of a title (folded,
/// whole phrases: "hoàn thành" but not a lone "thành").
const TRAILING_FILLERS: &[&[&str]] = &[
    &["gui"],
    &["nop"],
    &["hoan", "thanh"],
    &["xong"],
    &["phai"],
    &["va"],
    &["hoac"],
    &["la"],
    &["de"],
    &["trinh"],
];
/// Connectives dropped from the start of a title.
const LEADING_FILLERS: &[&[&str]] = &[&["va"], &["hoac"], &["dong", "thoi"]];

/// The length of the filler phrase that `words` starts with (or ends with, `at_end`), if any.
fn filler_len(words: &[&str], fillers: &[&[&str]], at_end: bool) -> Option<usize> {
    fillers
        .iter()
        .find(|f| {
            f.len() <= words.len() && {
                let part = if at_end {
                    &words[words.len() - f.len()..]
                } else {
                    &words[..f.len()]
                };
                part.iter()
                    .zip(f.iter())
                    .all(|(w, want)| fold(w.trim_matches(|c: char| !c.is_alphanumeric())) == *want)
            }
        })
        .map(|f| f.len())
}

/// A short title for the calendar: what is due, from the words of the sentence around the
/// deadline phrase. "Định kỳ 06 tháng (báo cáo gửi trước ngày 10/6)" gives "Báo cáo định kỳ 06
/// tháng"; "(hoàn thành trước tháng 12/2019)" after a long task gives the task's first words.
fn title_for(text: &str, sentence: Range<usize>, phrase: Range<usize>) -> String {
    let before = &text[sentence.start..phrase.start.max(sentence.start)];
    let after = &text[phrase.end.min(sentence.end)..sentence.end];
    // Is the phrase inside a parenthesis opened in this sentence?
    let open = before.rfind('(').filter(|&p| !before[p..].contains(')'));
    let title = match open {
        Some(p) => {
            let inner = clean_words(&before[p + 1..]);
            let outer = &before[..p];
            if inner.is_empty() {
                clean_words(outer)
            } else {
                // The words right before the parenthesis qualify it: "Định kỳ 06 tháng".
                let tail_start = outer.rfind([')', ',', ';']).map_or(0, |k| k + 1);
                let tail = clean_words(&outer[tail_start..]);
                if tail.is_empty() {
                    inner
                } else {
                    format!("{inner} {}", lower_first(&tail))
                }
            }
        }
        None => {
            let t = clean_words(before);
            if t.is_empty() {
                clean_words(after)
            } else {
                t
            }
        }
    };
    capitalise(&truncate_words(&title, TITLE_MAX_CHARS))
}

/// The words of a fragment, whitespace collapsed, without list markers, leading connectives,
/// trailing "is due" verbs and punctuation at either end.
fn clean_words(s: &str) -> String {
    let is_edge_punct = |c: char| !c.is_alphanumeric() && c != '"' && c != '“' && c != '”';
    let mut words: Vec<&str> = s.split_whitespace().collect();
    // List markers: "1.", "a)", "-", "+", "II.".
    while let Some(first) = words.first() {
        let marker = first.trim_end_matches(['.', ')']);
        let is_marker = first.chars().all(|c| !c.is_alphanumeric())
            || (first.len() > marker.len()
                && (marker.chars().all(|c| c.is_ascii_digit())
                    || (marker.chars().count() == 1 && marker.chars().all(char::is_lowercase))
                    || marker.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))));
        if is_marker {
            words.remove(0);
        } else if let Some(n) = filler_len(&words, LEADING_FILLERS, false) {
            words.drain(..n);
        } else {
            break;
        }
    }
    while let Some(last) = words.last() {
        if last.trim_end_matches(is_edge_punct).is_empty() {
            words.pop();
        } else if let Some(n) = filler_len(&words, TRAILING_FILLERS, true) {
            words.truncate(words.len() - n);
        } else {
            break;
        }
    }
    let joined = words.join(" ");
    joined
        .trim_matches(|c: char| is_edge_punct(c) && c != '(' && c != ')')
        .trim_end_matches(['(', ','])
        .trim()
        .to_string()
}

/// Cut at a word boundary to at most `max` characters, marking the cut with "…".
fn truncate_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    let head = &s[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(k) if k > 0 => &head[..k],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    format!("{head}…")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter unless the word is an acronym ("ANTQ", "UBND").
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(b)) if b.is_uppercase() => s.to_string(),
        (Some(a), _) => a.to_lowercase().chain(s.chars().skip(1)).collect(),
        (None, _) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn spans(text: &str, year: Option<i16>) -> Vec<(Span, bool)> {
        find_deadlines(text, year)
            .into_iter()
            .map(|d| (d.span, d.yearly))
            .collect()
    }

    #[test]
    fn day_with_and_without_year() {
        let text = "Các đơn vị báo cáo kết quả thực hiện Kế hoạch gửi trước ngày 15/6/2025.";
        let found = find_deadlines(text, None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, Span::Day(date(2025, 6, 15)));
        assert_eq!(&text[found[0].range.clone()], "trước ngày 15/6/2025");
        assert_eq!(&text[found[0].sentence.clone()], text);
        assert_eq!(
            &*found[0].title,
            "Các đơn vị báo cáo kết quả thực hiện Kế hoạch"
        );
        assert!(!found[0].yearly);

        assert_eq!(
            spans("(báo cáo gửi trước ngày 10/6)", Some(2024)),
            vec![(Span::Day(date(2024, 6, 10)), false)]
        );
        assert!(spans("(báo cáo gửi trước ngày 10/6)", None).is_empty());
    }

    #[test]
    fn yearly_month_quarter() {
        let text = "Tổng kết gửi trước ngày 05/11 hằng năm.";
        let found = find_deadlines(text, Some(2024));
        assert_eq!(found[0].span, Span::Day(date(2024, 11, 5)));
        assert!(found[0].yearly);
        assert_eq!(&text[found[0].range.clone()], "trước ngày 05/11 hằng năm");
        assert!(spans("trước ngày 05/11 hàng năm", Some(2024))[0].1);

        assert_eq!(
            spans("(hoàn thành trước tháng 12/2019)", None),
            vec![(
                Span::Month {
                    year: 2019,
                    month: 12
                },
                false
            )]
        );
        let q4 = Span::Quarter {
            year: 2019,
            quarter: 4,
        };
        assert_eq!(spans("hoàn thành trong Quý IV/2019", None)[0].0, q4);
        assert_eq!(spans("hoàn thành trong Quý IV/ \n2019", None)[0].0, q4);
        assert_eq!(spans("hoàn thành trong quý 4 năm 2019", None)[0].0, q4);
        assert_eq!(
            spans("trong Quý II", Some(2024))[0].0.first_day(),
            date(2024, 4, 1)
        );
    }

    #[test]
    fn other_phrasings() {
        let d = Span::Day(date(2025, 8, 21));
        assert_eq!(spans("chậm nhất ngày 21/8/2025", None)[0].0, d);
        assert_eq!(spans("chậm nhất là ngày 21/8/2025", None)[0].0, d);
        assert_eq!(spans("hạn chót: 21/8/2025", None)[0].0, d);
        assert_eq!(spans("hạn chót vào ngày 21-8-2025", None)[0].0, d);
        assert_eq!(spans("trước ngày 21 tháng 8 năm 2025", None)[0].0, d);
        assert_eq!(spans("trước 21/8/2025", None)[0].0, d);
        // Line wraps from PDF text, anywhere.
        assert_eq!(spans("gửi trước\nngày 21/\n8/2025", None)[0].0, d);
        // Without diacritics, and in NFD.
        assert_eq!(spans("gui truoc ngay 21/8/2025", None)[0].0, d);
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("trước ngày 21/8/2025").collect();
        let found = find_deadlines(&nfd, None);
        assert_eq!(found[0].span, d);
        assert_eq!(found[0].range, 0..nfd.len());
    }

    #[test]
    fn not_deadlines() {
        // Issue dates of cited documents.
        assert!(spans(
            "Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư",
            Some(2019)
        )
        .is_empty());
        assert!(spans("ban hành trước ngày 22/01/2019 của Ban Bí thư", Some(2019)).is_empty());
        // Impossible dates, unreadable years, and "trước mắt".
        assert!(spans("trước ngày 31/2/2025", None).is_empty());
        assert!(spans("trước ngày 10/6/24", Some(2024)).is_empty());
        assert!(spans("trước tháng 13/2025", None).is_empty());
        assert!(spans("trước \n mắt bố trí 19/8", Some(2024)).is_empty());
        assert!(spans("Ngày hội 19/8 hằng năm", Some(2024)).is_empty());
        // A word that merely ends in "truoc".
        assert!(spans("xtrước ngày 1/1/2025", None).is_empty());
    }

    #[test]
    fn spans_bounds_and_labels() {
        let q = Span::Quarter {
            year: 2019,
            quarter: 4,
        };
        assert_eq!(
            (q.first_day(), q.last_day()),
            (date(2019, 10, 1), date(2019, 12, 31))
        );
        assert_eq!(q.label_vi(), "Quý IV/2019");
        let m = Span::Month {
            year: 2024,
            month: 2,
        };
        assert_eq!(
            (m.first_day(), m.last_day()),
            (date(2024, 2, 1), date(2024, 2, 29))
        );
        assert_eq!(m.label_vi(), "tháng 2/2024");
        assert_eq!(Span::Day(date(2025, 6, 15)).label_vi(), "15/6/2025");
        assert_eq!(
            serde_json::to_string(&[Span::Day(date(2025, 6, 15)), m]).unwrap(),
            r#"[{"Day":"2025-06-15"},{"Month":{"year":2024,"month":2}}]"#
        );
    }

    #[test]
    fn titles_from_parentheses_and_long_sentences() {
        let clause = "thời gian thực hiện; cơ quan chủ trì (hoàn thành trong Quý IV/2019).";
        let found = find_deadlines(clause, None);
        assert_eq!(found[0].sentence, 0..clause.len());
        assert_eq!(&*found[0].title, "Thời gian thực hiện; cơ quan chủ trì");

        let text = "thực hiện nghiêm những nội dung đã đăng ký; Định kỳ 06 tháng (báo cáo gửi trước ngày 10/6) và 01 năm \n\n(báo cáo gửi trước ngày 10/11) hoặc đột xuất khi có yêu cầu, báo cáo về Ban Chỉ đạo 138 Tỉnh (qua Công an Tỉnh và địa chỉ mail: phongpv05cadt@gmail.com). Trên đây";
        let found = find_deadlines(text, Some(2024));
        assert_eq!(found.len(), 2);
        assert_eq!(&*found[0].title, "Báo cáo định kỳ 06 tháng");
        assert_eq!(&*found[1].title, "Báo cáo 01 năm");
        let sentence = &text[found[0].sentence.clone()];
        assert!(sentence.starts_with("Định kỳ 06 tháng"));
        assert!(sentence.ends_with("gmail.com)."));

        let long = "1. Tổ chức phổ biến, quán triệt, thực hiện, tuyên truyền Kết luận số 44-KL/TW và Chương trình hành động số 25-CTr/TU đến cán bộ, đảng viên và Nhân dân toàn tỉnh (hoàn thành trước tháng 12/2019).";
        let found = find_deadlines(long, None);
        let title = &found[0].title;
        assert!(title.starts_with("Tổ chức phổ biến, quán triệt"), "{title}");
        assert!(title.ends_with('…') && title.chars().count() <= TITLE_MAX_CHARS + 1);
    }
}
