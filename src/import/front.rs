//! The front-matter fields of an administrative document, read from its own layout (Nghị định
//! 30/2020/NĐ-CP): the header block (parent agency, issuer, "Số:", place and date, with the
//! Quốc hiệu column interleaved), the title under the document type, and the closing block
//! ("Nơi nhận:", the signer's authority, title and name).

use crate::text::fold;
use jiff::civil::Date;

/// Document-type lines that separate the header from the title, folded.
const TYPE_LINES: &[&str] = &[
    "ke hoach",
    "quyet dinh",
    "chi thi",
    "thong bao",
    "bao cao",
    "huong dan",
    "chuong trinh",
    "cong van",
    "to trinh",
    "nghi quyet",
    "ket luan",
];

/// Words that open the first sentence of the body, folded; the title ends before them.
const OPENINGS: &[&str] = &[
    "thuc hien ",
    "can cu ",
    "trien khai ",
    "theo ",
    "de ",
    "nham ",
    "thuc hien:",
    "can cu:",
];

/// The Quốc hiệu and tiêu ngữ, folded, which PDF extraction interleaves with the left column.
const MOTTO: &[&str] = &[
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "doc lap – tu do – hanh phuc",
];

/// The header block of a document, as far as it could be read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Header {
    pub parent: Option<String>,
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub place: Option<String>,
    pub date: Option<Date>,
}

/// The index of the document-type line ("KẾ HOẠCH") among the first lines, and the type as
/// written in sentence case ("Kế hoạch").
pub fn type_line(lines: &[&str]) -> Option<(usize, String)> {
    lines.iter().take(30).enumerate().find_map(|(i, l)| {
        let t = l.trim();
        let upper = t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
        (upper && TYPE_LINES.contains(&fold(t).as_str())).then(|| (i, sentence_case(t)))
    })
}

/// "PHÓ GIÁM ĐỐC" → "Phó giám đốc": upper-case text in sentence case.
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut cs = lower.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Whether a line begins the body's first sentence.
pub fn is_opening(line: &str) -> bool {
    let f = fold(line.trim());
    OPENINGS.iter().any(|o| f.starts_with(o))
}

/// The title: the lines after the type line up to the opening sentence (at most six), joined.
/// Its first line is always the title's, even when it starts like an opening ("Thực hiện…").
pub fn title(lines: &[&str], after: usize) -> (Option<String>, usize) {
    let mut parts = Vec::new();
    let mut i = after;
    while i < lines.len() && parts.len() < 6 {
        let t = lines[i].trim();
        if !t.is_empty() {
            if (is_opening(t) && !parts.is_empty())
                || t.chars().all(|c| matches!(c, '-' | '_' | '—')) && !parts.is_empty()
            {
                break;
            }
            if !t.chars().all(|c| matches!(c, '-' | '_' | '—')) {
                parts.push(t);
            }
        }
        i += 1;
    }
    let joined = parts.join(" ");
    ((!joined.is_empty()).then_some(joined), i)
}

/// The header lines (before the type line), with the Quốc hiệu column removed.
pub fn header(lines: &[&str]) -> Header {
    let mut h = Header::default();
    let mut agencies: Vec<String> = Vec::new();
    for line in lines {
        let mut rest = strip_motto(line.trim());
        if let Some(at) = find_ci(&rest, "số:") {
            let after = rest[at + "số:".len()..].trim_start();
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            if end > 0 {
                h.number = Some(after[..end].to_string());
            }
            let tail = after[end..].to_string();
            rest = format!("{} {}", &rest[..at], tail);
        }
        if let Some((place, date, at)) = place_and_date(&rest) {
            h.place = (!place.is_empty()).then_some(place);
            h.date = Some(date);
            rest.truncate(at);
        }
        let t = rest
            .trim()
            .trim_matches(|c: char| matches!(c, '-' | '_' | '—') || c.is_whitespace());
        if t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase) {
            agencies.push(agency_case(t));
        }
    }
    match agencies.len() {
        0 => {}
        1 => h.issuer = agencies.pop(),
        _ => {
            h.parent = Some(agencies.remove(0));
            h.issuer = Some(agencies.join(" "));
        }
    }
    h
}

fn strip_motto(line: &str) -> String {
    let mut s = line.to_string();
    for m in MOTTO {
        if let Some(at) = find_folded(&s, m) {
            s.replace_range(at.0..at.1, " ");
        }
    }
    s
}

/// Byte range in `s` of the folded phrase `m` (case and diacritics ignored).
fn find_folded(s: &str, m: &str) -> Option<(usize, usize)> {
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    for &a in &starts {
        let mut f = String::new();
        for (i, c) in s[a..].char_indices() {
            crate::text::fold_char(c, |x| f.push(x));
            if f.len() >= m.len() {
                if f == m {
                    return Some((a, a + i + c.len_utf8()));
                }
                break;
            }
        }
    }
    None
}

fn find_ci(s: &str, m: &str) -> Option<usize> {
    s.to_lowercase()
        .find(m)
        .filter(|&i| s.is_char_boundary(i) && s.to_lowercase().len() == s.len())
}

/// "Quảng Ngãi, ngày 21 tháng 8 năm 2025" → ("Quảng Ngãi", 2025-08-21, byte where the place
/// starts), anywhere in the line.
pub fn place_and_date(line: &str) -> Option<(String, Date, usize)> {
    let at = line.find(", ngày ")?;
    let nums: Vec<i64> = line[at + ", ngày ".len()..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .filter_map(|s| s.parse().ok())
        .collect();
    let words = fold(&line[at..]);
    if nums.len() < 3 || !words.contains("thang") || !words.contains("nam") {
        return None;
    }
    let date = Date::new(
        i16::try_from(nums[2]).ok()?,
        i8::try_from(nums[1]).ok()?,
        i8::try_from(nums[0]).ok()?,
    )
    .ok()?;
    // The place is the run of capitalised words before the comma.
    let before = &line[..at];
    let words: Vec<&str> = before.split_whitespace().collect();
    let n = words
        .iter()
        .rev()
        .take_while(|w| w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase))
        .count();
    let place = words[words.len() - n..].join(" ");
    let start = if n == 0 {
        at
    } else {
        before.rfind(words[words.len() - n]).unwrap_or(at)
    };
    Some((place, date, start))
}

/// Upper-case agency names in the usual case: "UBND TỈNH QUẢNG NGÃI" → "UBND tỉnh Quảng Ngãi",
/// "SỞ TƯ PHÁP" → "Sở Tư pháp". Short all-consonant words (UBND, HĐND) stay upper case; the
/// word after an agency word (Sở, Bộ, Ban, Cục…) and the words of a place name after "tỉnh",
/// "huyện"… are capitalised.
pub fn agency_case(name: &str) -> String {
    const AGENCY: &[&str] = &[
        "so",
        "bo",
        "ban",
        "cuc",
        "phong",
        "vien",
        "chi cuc",
        "thanh tra",
    ];
    const PLACE: &[&str] = &["tinh", "huyen", "xa", "phuong", "quan", "thi xa", "pho"];
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut in_place = false;
    for (i, w) in words.iter().enumerate() {
        let f = fold(w);
        // No Vietnamese syllable ends in two consonants other than ch, nh, ng: "UBND",
        // "HĐND", "BCĐ" are abbreviations.
        // Punctuation after the word ("PHÒNG,") is no consonant.
        let letters: Vec<char> = f.chars().filter(|c| c.is_alphanumeric()).collect();
        let tail = letters
            .iter()
            .rev()
            .take_while(|c| !"aeiouy".contains(**c))
            .count();
        let end: String = letters[letters.len() - tail..].iter().collect();
        let acronym = w.chars().count() <= 6
            && (tail == letters.len()
                || (tail >= 2 && !["ch", "nh", "ng"].contains(&end.as_str())));
        let prev = if i > 0 {
            fold(words[i - 1])
        } else {
            String::new()
        };
        // A department's field names each part: "Sở Khoa học và Công nghệ", "Sở Lao động -
        // Thương binh và Xã hội", "Bộ Văn hóa, Thể thao và Du lịch".
        let department = ["so", "bo"].contains(&fold(words[0]).as_str());
        let after_comma = i > 0 && words[i - 1].ends_with(',');
        let next_field = department && (prev == "va" || prev == "-" || after_comma);
        let cap =
            i == 0 || in_place || AGENCY.contains(&prev.as_str()) && i == 1 || i > 1 && next_field;
        out.push(if acronym {
            w.to_string()
        } else if cap {
            sentence_case(w)
        } else {
            w.to_lowercase()
        });
        // "xã hội" (society) is not a commune.
        let society = f == "xa" && words.get(i + 1).is_some_and(|n| fold(n) == "hoi");
        if PLACE.contains(&f.as_str()) && !society {
            in_place = true;
        }
    }
    out.join(" ")
}

/// Place words that start the place an agency's name ends with.
const PLACE_WORDS: &[&str] = &[
    "tỉnh",
    "thành phố",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
];

/// The issuer's full name, as documents cite it and the site keys agencies: the header writes
/// "UBND TỈNH QUẢNG NGÃI" over "SỞ KHOA HỌC VÀ CÔNG NGHỆ", meaning "Sở Khoa học và Công nghệ
/// tỉnh Quảng Ngãi"; "THANH TRA TỈNH" under "UBND TỈNH ĐỒNG THÁP" is "Thanh tra tỉnh Đồng
/// Tháp". An issuer that names its own place, or a parent that names none, is left as it is.
pub fn full_issuer(parent: &str, issuer: &str) -> String {
    let (p, i) = (parent.to_lowercase(), issuer.to_lowercase());
    let starts_place = |s: &str, k: usize| k == 0 || s[..k].ends_with(' ');
    let Some((at, word)) = PLACE_WORDS
        .iter()
        .filter_map(|w| {
            p.match_indices(&format!("{w} "))
                .map(|(k, _)| k)
                .find(|&k| starts_place(&p, k))
                .map(|k| (k, *w))
        })
        .min()
    else {
        return issuer.to_string();
    };
    // The parent's place, cut from the original by characters (lower-casing can change bytes).
    let from = p[..at].chars().count();
    let place: String = parent.chars().skip(from).collect();
    let name: String = place.chars().skip(word.chars().count() + 1).collect();
    if i.ends_with(&format!(" {word}")) {
        return format!("{issuer} {name}");
    }
    let names_a_place = PLACE_WORDS
        .iter()
        .any(|w| i.match_indices(&format!(" {w} ")).next().is_some());
    if names_a_place {
        issuer.to_string()
    } else {
        format!("{issuer} {place}")
    }
}

/// Who signed: authority ("KT. Giám đốc"), title ("Phó Giám đốc") and name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SignerFound {
    pub authority: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
}

/// A title in upper case as documents write it in running text: "PHÓ CHÁNH THANH TRA" →
/// "Phó Chánh Thanh tra", "KT. GIÁM ĐỐC" → "KT. Giám đốc".
pub fn title_case(s: &str) -> String {
    let (prefix, rest) = match s.split_once(". ") {
        Some((p, r)) if p.chars().all(|c| c.is_ascii_uppercase()) && p.len() <= 3 => {
            (format!("{p}. "), r)
        }
        _ => (String::new(), s),
    };
    let (pho, rest) = match fold(rest).strip_prefix("pho ") {
        Some(_) => ("Phó ", rest.split_once(' ').map_or("", |x| x.1)),
        None => ("", rest),
    };
    // Offices named inside a title keep their capital: "Chánh Thanh tra", "Chánh Văn phòng".
    let mut t = sentence_case(rest);
    for office in ["Thanh tra", "Văn phòng"] {
        let lower = office.to_lowercase();
        if let Some(i) = t.find(&lower) {
            if i > 0 {
                t.replace_range(i..i + lower.len(), office);
            }
        }
    }
    format!("{prefix}{pho}{t}")
}

fn is_upper_line(t: &str) -> bool {
    t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
}

/// Where the closing block starts: after the last line that ends the text ("./."), or at
/// "Nơi nhận:" when no line does.
pub fn closing_start(lines: &[&str]) -> usize {
    if let Some(i) = lines.iter().rposition(|l| l.trim_end().ends_with("./.")) {
        return i + 1;
    }
    lines
        .iter()
        .position(|l| fold(l.trim()).starts_with("noi nhan"))
        .unwrap_or(lines.len())
}

/// The recipients and the signer in the closing block.
pub fn closing(lines: &[&str]) -> (Vec<String>, SignerFound) {
    let mut recipients = Vec::new();
    let mut signer = SignerFound::default();
    let mut upper: Vec<&str> = Vec::new();
    let mut in_recipients = false;
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if fold(t).starts_with("noi nhan") {
            in_recipients = true;
            continue;
        }
        if let Some(r) = t.strip_prefix("- ").or_else(|| t.strip_prefix('-')) {
            if in_recipients {
                recipients.push(r.trim().to_string());
            }
            continue;
        }
        if is_upper_line(t) {
            upper.push(t);
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let name_like = (2..=6).contains(&words.len())
            && words.iter().all(|w| w.starts_with(char::is_uppercase));
        if name_like {
            signer.name = Some(words.join(" "));
        }
    }
    for u in upper {
        let f = fold(u);
        if ["kt.", "tm.", "tl.", "tuq.", "q."]
            .iter()
            .any(|p| f.starts_with(p))
        {
            signer.authority = Some(title_case(u));
        } else if signer.title.is_none() {
            signer.title = Some(title_case(u));
        }
    }
    (recipients, signer)
}

/// The issuer named in the first sentence when there is no header: the subject of "ban hành",
/// "đề ra" or "xây dựng" ("…; Sở Khoa học và Công nghệ ban hành Kế hoạch…").
pub fn issuer_from_opening(sentence: &str) -> Option<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    (1..words.len()).find_map(|verb| {
        let pair = fold(&format!("{} {}", words[verb - 1], words[verb]));
        let next = words.get(verb + 1).map(|w| fold(w)).unwrap_or_default();
        let is_verb =
            ["ban hanh", "de ra"].contains(&pair.as_str()) || (pair == "xay dung" && next == "ke");
        if !is_verb {
            return None;
        }
        let verb = verb - 1;
        let mut start = verb;
        while start > 0 && !words[start - 1].ends_with([',', ';', ')', ':']) {
            start -= 1;
        }
        let subject = words[start..verb].join(" ");
        (subject.starts_with(char::is_uppercase) && (2..=12).contains(&(verb - start)))
            .then_some(subject)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_columns_interleaved_on_one_line_are_separated() {
        // The layout of Nghị định 30/2020, as pdftotext gives it without -layout.
        let lines = [
            "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc",
            "Số: 33/KH-STP Quảng Ngãi, ngày 21 tháng 8 năm 2025",
        ];
        let h = header(&lines);
        assert_eq!(h.parent.as_deref(), Some("UBND tỉnh Quảng Ngãi"));
        assert_eq!(h.issuer.as_deref(), Some("Sở Tư pháp"));
        assert_eq!(h.number.as_deref(), Some("33/KH-STP"));
        assert_eq!(h.place.as_deref(), Some("Quảng Ngãi"));
        assert_eq!(h.date, Some(jiff::civil::date(2025, 8, 21)));
    }

    #[test]
    fn each_field_of_a_department_keeps_its_capital() {
        // so-khcn-quang-ngai-2024.pdf: the header's "SỞ KHOA HỌC VÀ CÔNG NGHỆ".
        assert_eq!(
            agency_case("SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
            "Sở Khoa học và Công nghệ"
        );
        assert_eq!(
            agency_case("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
            "Sở Lao động - Thương binh và Xã hội"
        );
        assert_eq!(
            agency_case("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
            "Bộ Văn hóa, Thể thao và Du lịch"
        );
        // Not a department: "và" joins ordinary words.
        assert_eq!(
            agency_case("BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM VÀ TỆ NẠN"),
            "Ban Chỉ đạo phòng, chống tội phạm và tệ nạn"
        );
        assert_eq!(agency_case("SỞ TƯ PHÁP"), "Sở Tư pháp");
    }

    #[test]
    fn an_issuer_under_its_parent_is_named_with_the_parents_place() {
        assert_eq!(
            full_issuer("UBND tỉnh Quảng Ngãi", "Sở Khoa học và Công nghệ"),
            "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
        );
        assert_eq!(
            full_issuer("UBND tỉnh Đồng Tháp", "Thanh tra tỉnh"),
            "Thanh tra tỉnh Đồng Tháp"
        );
        assert_eq!(
            full_issuer("UBND tỉnh Sông Lam", "Công an huyện Bình Sơn"),
            "Công an huyện Bình Sơn"
        );
        assert_eq!(full_issuer("Bộ Công an", "Cục Cảnh sát"), "Cục Cảnh sát");
    }

    #[test]
    fn a_date_that_does_not_exist_is_not_taken() {
        assert!(place_and_date("Hà Nội, ngày 31 tháng 2 năm 2025").is_none());
    }

    #[test]
    fn the_signer_block_is_read_in_the_case_of_running_text() {
        // so-khcn-quang-ngai-2024.txt, its last lines.
        let lines = [
            "Nơi nhận:",
            "- UBND tỉnh (báo cáo);",
            "- Lưu: VT, HCTH.",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "  Trần Công Hòa",
        ];
        let (recipients, s) = closing(&lines);
        assert_eq!(recipients, ["UBND tỉnh (báo cáo);", "Lưu: VT, HCTH."]);
        assert_eq!(s.authority.as_deref(), Some("KT. Giám đốc"));
        assert_eq!(s.title.as_deref(), Some("Phó Giám đốc"));
        assert_eq!(s.name.as_deref(), Some("Trần Công Hòa"));
        assert_eq!(title_case("KT. CHÁNH THANH TRA"), "KT. Chánh Thanh tra");
        assert_eq!(title_case("PHÓ CHÁNH THANH TRA"), "Phó Chánh Thanh tra");
    }

    #[test]
    fn the_issuer_of_a_plan_without_header_is_the_subject_of_its_first_sentence() {
        let s = "Thực hiện Kế hoạch số 05/KH-BCĐ138 ngày 26/02/2024 của Ban Chỉ đạo 138 tỉnh Quảng Ngãi về Công tác xây dựng phong trào năm 2024; Sở Khoa học và Công nghệ ban hành Kế hoạch công tác, như sau:";
        assert_eq!(
            issuer_from_opening(s).as_deref(),
            Some("Sở Khoa học và Công nghệ")
        );
        assert_eq!(
            issuer_from_opening("Căn cứ tình hình thực tế, như sau:"),
            None
        );
    }
}
