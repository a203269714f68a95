//! Line-level repair of text extracted from a signed PDF: footnote bodies lifted out of the
//! running text, page numbers dropped, wrapped lines joined into paragraphs, and paragraphs
//! turned into Markdown blocks (headings, lists, footnotes).
//!
//! The rules read the layout the extraction leaves: footnotes are set in a smaller font, so
//! their lines are clearly longer than the body's; a paragraph's last line is short or ends a
//! sentence; a wrapped symbol ("09-" / "CT/TW") is joined without a space.

/// Characters in a line, ignoring surrounding whitespace.
fn width(line: &str) -> usize {
    line.trim().chars().count()
}

/// A quantile (`num`/4) of non-blank line widths: the many full lines of a plan decide it
/// whatever the short ones are.
fn quartile(lines: &[&str], num: usize) -> usize {
    let mut w: Vec<usize> = lines.iter().map(|l| width(l)).filter(|&n| n > 0).collect();
    if w.is_empty() {
        return 0;
    }
    w.sort_unstable();
    w[w.len() * num / 4]
}

/// `Some(n)` when the line starts with the footnote number `n` followed by a space: "1 Công văn…".
fn footnote_start(line: &str, n: usize) -> Option<&str> {
    let t = line.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || t[..digits].parse::<usize>().ok() != Some(n) {
        return None;
    }
    t[digits..].strip_prefix(' ').map(str::trim)
}

pub(super) fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with('.') || t.ends_with('…') || t.ends_with('!') || t.ends_with('?')
}

/// Text lines with footnote bodies taken out, and the bodies, numbered from 1 in order.
///
/// A footnote line is more than a quarter wider than the median line. A run of them starts
/// a footnote where a line begins with the next footnote number, and otherwise continues the
/// footnote left open on the previous page; a run that begins with neither is left in the text.
/// The short last line of a footnote is kept with it when it ends a sentence and is not indented
/// (an indented line is the running text resuming after the page break).
pub fn take_footnotes<'t>(lines: &[&'t str]) -> (Vec<&'t str>, Vec<String>) {
    let threshold = quartile(lines, 2) * 5 / 4;
    let long = |l: &str| threshold > 20 && width(l) > threshold;
    let mut body = Vec::with_capacity(lines.len());
    let mut notes: Vec<String> = Vec::new();
    let mut in_run = false;
    for (i, &line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            if !in_run {
                body.push(line);
            }
            continue;
        }
        if long(line) {
            if let Some(text) = footnote_start(line, notes.len() + 1) {
                notes.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
                in_run = true;
                continue;
            }
            // A continuation: of a run, or of an open footnote across a page break when the
            // next non-blank line is a footnote line too.
            let next_long = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| long(l));
            if let Some(last) = notes.last_mut() {
                if in_run || next_long {
                    for w in line.split_whitespace() {
                        last.push(' ');
                        last.push_str(w);
                    }
                    in_run = true;
                    continue;
                }
            }
        } else if in_run {
            in_run = false;
            if !line.starts_with(char::is_whitespace) && ends_sentence(line) {
                if let Some(last) = notes.last_mut() {
                    for w in line.split_whitespace() {
                        last.push(' ');
                        last.push_str(w);
                    }
                    continue;
                }
            }
        }
        body.push(line);
    }
    (body, notes)
}

/// A page number on a line of its own ("3", "- 3 -", "Trang 3").
pub fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    let t = t.strip_prefix("Trang ").unwrap_or(t);
    let t = t.trim_matches(|c: char| c == '-' || c.is_whitespace());
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

/// The Roman numeral of a part heading ("II. NHIỆM VỤ"), if the line starts with one.
pub fn roman_part(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let n = t.len() - t.trim_start_matches(['I', 'V', 'X']).len();
    if n == 0 || n > 4 || !t[n..].starts_with(". ") {
        return None;
    }
    Some(&t[..n])
}

/// The length of a numbering prefix "1. ", "1.2. ", "1.2 ", "a) ", "- ", "+ " at the start.
fn marker_len(t: &str) -> Option<usize> {
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("+ ")) {
        return Some(t.len() - rest.len());
    }
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let d = digits(t);
    if d > 0 && d <= 2 {
        let mut p = d;
        loop {
            let rest = &t[p..];
            if rest.starts_with(". ") {
                return Some(p + 2);
            }
            if rest.starts_with(' ') && p > d {
                return Some(p + 1);
            }
            match rest.strip_prefix('.') {
                Some(r) if digits(r) > 0 && digits(r) <= 2 => p += 1 + digits(r),
                _ => return None,
            }
        }
    }
    let mut cs = t.chars();
    match (cs.next(), cs.next(), cs.next()) {
        (Some(c), Some(')'), Some(' ')) if c.is_lowercase() => Some(c.len_utf8() + 2),
        _ => None,
    }
}

/// Whether a line begins a new block: a part heading or a numbered, lettered or dashed item.
pub fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    roman_part(t).is_some() || marker_len(t).is_some()
}

/// Whether a paragraph starts with a decimal number ("1. ", "1.2 ").
fn numbered(p: &str) -> bool {
    marker_len(p).is_some_and(|n| p[..n].contains('.'))
}

/// Joins wrapped lines into paragraphs.
///
/// A line ends its paragraph when it ends a sentence or a lead-in (". ", ":", "…"), when it is
/// clearly shorter than a full line (the last line of a heading that has no full stop), or when
/// it ends a clause (";") and the next line starts an item. A line that starts with a lower-case
/// letter always continues the one before. A line ending in a digit and "-" is a wrapped symbol
/// ("09-" / "CT/TW") and is joined without a space.
pub fn paragraphs(lines: &[&str]) -> Vec<String> {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let full = quartile(&lines, 3);
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate() {
        match out.last_mut() {
            Some(last) if open => {
                if last.ends_with('-')
                    && last[..last.len() - 1].ends_with(|c: char| c.is_ascii_digit())
                {
                    last.push_str(line);
                } else {
                    last.push(' ');
                    last.push_str(line);
                }
            }
            _ => out.push(String::new() + line),
        }
        collapse_spaces(out.last_mut());
        let next = lines.get(i + 1).copied().unwrap_or("");
        let next_continues = next.starts_with(char::is_lowercase);
        // The last line of a numbered heading can be nearly full; what gives it away is that
        // it falls short of the margin and the body below starts a new sentence. Not its first
        // line: a capitalised word ("Ủy ban" / "Mặt trận") often starts the next line of a
        // heading.
        let continued = out.last().is_some_and(|p| p.len() > line.len());
        let heading_ends = continued
            && out.last().is_some_and(|p| numbered(p))
            && width(line) * 10 < full * 9
            && next.starts_with(char::is_uppercase);
        let ends = ends_sentence(line)
            || line.ends_with(':')
            || (line.ends_with(';') && starts_block(next))
            || width(line) * 4 < full * 3
            || heading_ends;
        open = next_continues || !ends;
    }
    out
}

/// Runs of spaces inside a paragraph ("toàn dân  bảo vệ") as one.
fn collapse_spaces(p: Option<&mut String>) {
    if let Some(p) = p {
        if p.contains("  ") {
            *p = p
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
}

/// Backslash-escapes what Markdown would read as markup inside running text.
pub(super) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph (already escaped inside) that begins like a block marker stays a paragraph:
/// "# ", "+ ", "= ", "1. ", "2) ".
pub(super) fn guard_start(mut out: String) -> String {
    if out.starts_with('#') || out.starts_with('+') || out.starts_with('=') {
        out.insert(0, '\\');
    }
    if let Some(d) = out.find(['.', ')']) {
        if d > 0 && d <= 9 && out[..d].bytes().all(|b| b.is_ascii_digit()) {
            out.insert(d, '\\');
        }
    }
    out
}

/// Backslash-escapes what Markdown would read as markup in a paragraph of running text.
fn escape(text: &str) -> String {
    guard_start(escape_inline(text))
}

/// What a paragraph of a plan is, read from its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// "II. NHIỆM VỤ": a part, `##`.
    Part,
    /// "1. Mục đích", "1.2. Tuyên truyền" without a full stop: a heading below the parts, its
    /// depth the count of dots inside the number (0 for "1.").
    Numbered(usize),
    Paragraph,
}

/// The role of a paragraph given as plain text.
pub(super) fn role(t: &str) -> Role {
    let heading_like = !ends_sentence(t) && !t.ends_with(';') && t.chars().count() <= 250;
    if roman_part(t).is_some() {
        Role::Part
    } else if heading_like && marker_len(t).is_some_and(|n| t[..n].contains('.')) {
        let depth = t[..marker_len(t).unwrap_or(0)]
            .trim_end_matches([' ', '.'])
            .matches('.')
            .count();
        Role::Numbered(depth)
    } else {
        Role::Paragraph
    }
}

/// The Markdown block of a paragraph in its role; `md` is its text already in Markdown.
pub(super) fn block(role: Role, md: String) -> String {
    let md = guard_start(md);
    match role {
        Role::Part => format!("## {md}"),
        Role::Numbered(depth) => format!("{} {md}", "#".repeat(3 + depth.min(2))),
        Role::Paragraph => md,
    }
}

/// Replaces the footnote marker `n` glued to the end of a word or a punctuation mark
/// ("Tỉnh1 ", "cơ quan,2.") with a Markdown footnote reference, searching from byte `from`.
/// Returns where the search for the next marker should start.
fn link_marker(text: &mut String, n: usize, from: usize) -> Option<usize> {
    let digits = n.to_string();
    let mut start = from;
    while let Some(found) = text[start..].find(&digits) {
        let at = start + found;
        let end = at + digits.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        // The word the marker is glued to is a word, not a symbol ("BCA-V28").
        let word = &text[text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1)..at];
        let glued = before.is_some_and(|c| c.is_alphabetic() || matches!(c, ',' | ';' | ')' | '”'))
            && !word.contains(['/', '-'])
            && !word.contains(|c: char| c.is_ascii_digit());
        let alone = after.is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '-');
        if glued && alone {
            let reference = format!("[^{n}]");
            text.replace_range(at..end, &reference);
            return Some(at + reference.len());
        }
        start = end;
    }
    None
}

/// The body as Markdown, and the numbers of footnotes whose marker was not found in the text.
pub fn to_markdown(paragraphs: &[String], notes: &[String]) -> (String, Vec<usize>) {
    let mut blocks: Vec<String> = Vec::new();
    let mut in_list = false;
    for p in paragraphs {
        let t = p.trim();
        let item = t.strip_prefix("- ").or_else(|| t.strip_prefix("+ "));
        if let Some(item) = item {
            let line = format!("- {}", escape(item.trim_start()));
            match blocks.last_mut() {
                Some(last) if in_list => {
                    last.push('\n');
                    last.push_str(&line);
                }
                _ => blocks.push(line),
            }
            in_list = true;
            continue;
        }
        in_list = false;
        blocks.push(block(role(t), escape_inline(t)));
    }
    let body = blocks.join("\n\n");
    link_footnotes(body, notes)
}

/// Links the footnote markers glued to words in `body` to `notes`, appended as definitions.
/// Returns the body and the numbers of the notes whose marker was not found.
pub(super) fn link_footnotes(mut body: String, notes: &[String]) -> (String, Vec<usize>) {
    let mut missing = Vec::new();
    let mut from = 0;
    for n in 1..=notes.len() {
        match link_marker(&mut body, n, from) {
            Some(next) => from = next,
            None => missing.push(n),
        }
    }
    for (i, note) in notes.iter().enumerate() {
        body.push_str(&format!("\n\n[^{}]: {}", i + 1, escape(note)));
    }
    body.push('\n');
    (body, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbol_wrapped_after_its_dash_is_joined_without_a_space() {
        // ubnd-quang-ngai-2019-kl44.txt, lines 20-22.
        let lines = [
            "22/01/2019 của Ban Bí thư về việc tiếp tục đẩy mạnh thực hiện Chỉ thị số 09-",
            "CT/TW của Ban Bí thư khóa XI về tăng cường sự lãnh đạo của Đảng đối với",
            "phong trào toàn dân bảo vệ an ninh Tổ quốc (ANTQ) trong tình hình mới.",
        ];
        let p = paragraphs(&lines);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("Chỉ thị số 09-CT/TW của"), "{}", p[0]);
    }

    #[test]
    fn a_dash_that_continues_a_date_range_is_not_a_list_item() {
        // so-khcn-quang-ngai-2024.txt: "(19/8/1945" wraps before "- 19/8/2024)".
        let lines = [
            "Tích cực hưởng ứng các hoạt động hướng đến “Ngày hội toàn dân bảo vệ",
            "ANTQ” (19/8), gắn với 79 năm Ngày truyền thống CAND Việt Nam (19/8/1945",
            "- 19/8/2024); 94 năm Ngày truyền thống công tác dân vận của Đảng",
            "(15/10/1930 - 15/10/2024); Ngày hội toàn dân bảo vệ ANTQ (19/8).",
        ];
        let p = paragraphs(&lines);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("(19/8/1945 - 19/8/2024)"));
    }

    #[test]
    fn a_heading_without_a_full_stop_ends_at_its_short_last_line() {
        // so-khcn-quang-ngai-2024.txt, lines 20-23 of the text without blank lines.
        let lines = [
            "1. Công tác lãnh đạo, chỉ đạo thực hiện công tác xây dựng phong trào",
            "toàn dân bảo vệ ANTQ",
            "Đẩy mạnh công tác tuyên truyền, phổ biến giáo dục pháp luật nâng cao",
            "nhận thức, trách nhiệm của toàn thể công chức, viên chức và người lao động",
            "thuộc Sở tích cực tham gia phòng, chống tội phạm và xây dựng phong trào toàn",
            "dân bảo vệ ANTQ.",
        ];
        let p = paragraphs(&lines);
        assert_eq!(p.len(), 2, "{p:?}");
        let (md, _) = to_markdown(&p, &[]);
        assert!(md.starts_with("### 1\\. Công tác lãnh đạo, chỉ đạo thực hiện công tác xây dựng phong trào toàn dân bảo vệ ANTQ\n\nĐẩy mạnh"), "{md}");
    }

    #[test]
    fn a_numbered_sentence_stays_a_paragraph_with_its_number() {
        let p = vec!["1. Tăng cường sự lãnh đạo của Đảng ủy trong tình hình mới.".to_string()];
        let (md, _) = to_markdown(&p, &[]);
        assert_eq!(
            md,
            "1\\. Tăng cường sự lãnh đạo của Đảng ủy trong tình hình mới.\n"
        );
    }

    #[test]
    fn part_headings_and_items_are_recognised() {
        assert_eq!(roman_part("III. TỔ CHỨC THỰC HIỆN"), Some("III"));
        assert_eq!(roman_part("Ích lợi"), None);
        assert_eq!(roman_part("IV.1"), None);
        assert!(starts_block("- Công an tỉnh;"));
        assert!(starts_block("1.1. Mục đích"));
        assert!(starts_block("a) Tuyên truyền"));
        assert!(!starts_block("2030. Nghị quyết"));
        assert!(!starts_block("CT/TW của Ban Bí thư"));
    }

    #[test]
    fn page_numbers_are_recognised() {
        assert!(is_page_number("3 "));
        assert!(is_page_number("- 12 -"));
        assert!(!is_page_number("2024"));
        assert!(!is_page_number("- Lưu: VT."));
    }

    #[test]
    fn footnote_bodies_leave_the_text_and_their_glued_markers_become_references() {
        // thanh-tra-dong-thap-2024.txt, shortened: a body line, the footnote in its smaller
        // font (longer lines), then the running text resuming indented after the page break.
        let body = "Triển khai thực hiện các chỉ đạo của Ban Chỉ đạo 138 Tỉnh1 và triển khai";
        let body2 =
            "thực hiện công tác bảo đảm an ninh, trật tự và xây dựng phong trào toàn dân bảo";
        let note1 = "1 Công văn số 777-CV/TU ngày 28/02/2019 của Ban Thường vụ Tỉnh ủy về thực hiện Kết luận số 44-KL/TW của";
        let note2 = "Ban Bí thư Trung ương Đảng về tiếp tục đẩy mạnh thực hiện Chỉ thị số 09-CT/TW của Ban Bí thư khóa XI về";
        let resume =
            " vệ an ninh Tổ quốc của đơn vị. Gắn trách nhiệm của người đứng đầu cấp ủy, chính";
        let last =
            "quyền đối với kết quả lãnh đạo, chỉ đạo triển khai thực hiện công tác bảo đảm an";
        let end = "ninh, trật tự và cán bộ, đảng viên.";
        let lines = [
            body, "", body2, "", " ", note1, "", note2, resume, "", last, "", end,
        ];
        let (text, notes) = take_footnotes(&lines);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("Công văn số 777-CV/TU"));
        assert!(notes[0].ends_with("Ban Bí thư khóa XI về"));
        let p = paragraphs(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("toàn dân bảo vệ an ninh Tổ quốc của đơn vị"));
        let (md, missing) = to_markdown(&p, &notes);
        assert!(missing.is_empty());
        assert!(md.contains("Ban Chỉ đạo 138 Tỉnh[^1] và"), "{md}");
        assert!(md.contains("\n\n[^1]: Công văn số 777-CV/TU"), "{md}");
    }

    #[test]
    fn a_marker_after_a_comma_is_linked_and_a_symbol_digit_is_not() {
        let mut t = "Chỉ thị số 03/CT-BCA-V28 và bảo vệ cơ quan,2. Tiếp".to_string();
        assert!(link_marker(&mut t, 28, 0).is_none());
        assert!(link_marker(&mut t, 2, 0).is_some());
        assert!(t.ends_with("cơ quan,[^2]. Tiếp"), "{t}");
    }
}
