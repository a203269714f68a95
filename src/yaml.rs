//! YAML error reporting shared by the config and front-matter loaders: file, line, column,
//! and a "did you mean" for misspelt keys.

use crate::diag::Diagnostic;
use std::path::Path;

/// The most mistakes one file reports at a time.
const MAX_ERRORS_PER_FILE: usize = 20;

/// Parses `text` as `T`, reporting every key whose value is wrong, not only the first: after
/// each error the top-level key holding it is blanked out (line numbers stay) and the rest is
/// parsed again. A text that is not YAML at all gets one error, at the quote left open when
/// that is the cause. Arguments as for [`yaml_error`].
pub fn parse_all<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: usize,
    fallback_line: usize,
    known_keys: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        let d = yaml_error(path, text, &e, line_offset, fallback_line, known_keys);
        return Err(vec![open_quote(text, &d, line_offset).unwrap_or(d)]);
    }
    let mut current = text.to_string();
    let mut errors = Vec::new();
    loop {
        let e = match serde_yaml::from_str::<T>(&current) {
            Ok(v) if errors.is_empty() => return Ok(v),
            Ok(_) => return Err(errors),
            Err(e) => e,
        };
        let d = yaml_error(path, &current, &e, line_offset, fallback_line, known_keys);
        let blanked = match (e.location(), d.line) {
            (Some(_), Some(line)) if line > line_offset => {
                blank_top_level_key(&current, line - line_offset)
            }
            _ => None,
        };
        errors.push(d);
        match blanked {
            Some(next) if errors.len() < MAX_ERRORS_PER_FILE => current = next,
            _ => return Err(errors),
        }
    }
}

/// `text` with the top-level key holding (1-based) line `line` replaced by blank lines, or
/// `None` when there is no such key or it is blank already.
fn blank_top_level_key(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let is_key = |l: &str| {
        !l.is_empty()
            && !l.starts_with([' ', '\t', '#', '-'])
            && !l.starts_with("...")
            && l.contains(':')
    };
    let at = line.checked_sub(1)?.min(lines.len().checked_sub(1)?);
    let start = (0..=at).rev().find(|&i| is_key(lines[i]))?;
    let end = (start + 1..lines.len())
        .find(|&i| is_key(lines[i]))
        .unwrap_or(lines.len());
    let mut out = Vec::with_capacity(lines.len());
    out.extend_from_slice(&lines[..start]);
    out.extend(std::iter::repeat_n("", end - start));
    out.extend_from_slice(&lines[end..]);
    Some(out.join("\n"))
}

/// When a syntax error follows a value whose opening quote is not closed on its line, the
/// error belongs at that quote (the parser only notices at the next quote, or at the end).
fn open_quote(text: &str, err: &Diagnostic, line_offset: usize) -> Option<Diagnostic> {
    let err_line = err.line?.checked_sub(line_offset)?;
    let (i, col, quote) = text
        .split('\n')
        .take(err_line)
        .enumerate()
        .find_map(|(i, l)| unclosed_quote(l).map(|(col, q)| (i, col, q)))?;
    if i + 1 == err_line && err.col.is_some_and(|c| c <= col) {
        return None;
    }
    Some(
        Diagnostic::error(
            &err.path,
            format!("dấu ngoặc {quote} mở ở đây chưa được đóng trên cùng dòng"),
        )
        .at(i + 1 + line_offset, col)
        .help(format!(
            "thêm {quote} vào cuối giá trị ở dòng này (trình đọc YAML chỉ phát hiện ra ở dòng {}: {})",
            err.line.unwrap_or_default(),
            err.message
        )),
    )
}

/// The column (1-based, in characters) and the quote of a value on `line` that opens a quote
/// and does not close it.
fn unclosed_quote(line: &str) -> Option<(usize, char)> {
    let trimmed = line.trim_start();
    let value = if let Some(item) = trimmed.strip_prefix("- ") {
        item.trim_start()
    } else {
        let (key, value) = trimmed.split_once(": ")?;
        if key.starts_with(['"', '\'', '#']) {
            return None;
        }
        value.trim_start()
    };
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let col = line.len() - value.len();
    let mut chars = value[1..].chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('"', '"') => return None,
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            ('\'', '\'') => return None,
            _ => {}
        }
    }
    Some((line[..col].chars().count() + 1, quote))
}

/// Turns a serde_yaml error into a diagnostic located in the file. `line_offset` is the number
/// of lines before the YAML text in the file (the `---` fence of front matter).
/// Errors without a location (`missing field`) are reported at `fallback_line`.
pub fn yaml_error(
    path: &Path,
    text: &str,
    err: &serde_yaml::Error,
    line_offset: usize,
    fallback_line: usize,
    known_keys: &[&str],
) -> Diagnostic {
    let raw = err.to_string();
    // serde_yaml appends " at line L column C" to the message; keep the message alone.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let (line, col) = match err.location() {
        // Errors raised by our own value parsers (dates, times) are located at the start of
        // the mapping; find the offending value, which the message quotes, instead.
        Some(loc) if loc.line() == 1 && loc.column() == 1 && !raw.contains(" at line ") => {
            match quoted_value_line(text, &message) {
                Some((l, c)) => (l + line_offset, c),
                None => (fallback_line, 1),
            }
        }
        Some(loc) => (loc.line() + line_offset, loc.column()),
        None => (fallback_line, 1),
    };
    let mut d = Diagnostic::error(path, translate(&message)).at(line, col);
    if let Some(unknown) = unknown_field(&message) {
        match did_you_mean(unknown, known_keys) {
            Some(best) => {
                d = d.help(format!(
                    "có phải ý bạn là `{best}`? Sửa tên khóa `{unknown}` thành `{best}`."
                ))
            }
            None => {
                d = d.help(format!(
                    "xóa khóa `{unknown}` hoặc dùng một khóa được hỗ trợ: {}",
                    known_keys.join(", ")
                ))
            }
        }
    } else if let Some(missing) = missing_field(&message) {
        d = d.help(format!(
            "thêm dòng `{missing}: ...` vào phần đầu (front matter)"
        ));
    }
    d
}

/// Line and column of the first occurrence of the `value` quoted in a message.
fn quoted_value_line(text: &str, message: &str) -> Option<(usize, usize)> {
    let value = message.split('`').nth(1)?;
    if value.is_empty() {
        return None;
    }
    text.lines().enumerate().find_map(|(i, l)| {
        let col = l.find(value)?;
        Some((i + 1, l[..col].chars().count() + 1))
    })
}

fn unknown_field(message: &str) -> Option<&str> {
    // A nested key's message starts with its parent: "calendar: unknown field `x`, …".
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

fn missing_field(message: &str) -> Option<&str> {
    let rest = message.split("missing field `").nth(1)?;
    rest.split('`').next()
}

/// The known key nearest to `unknown`, when it is near enough to be a likely typo.
/// Keys are compared without diacritics, so `tiêu_đề` suggests `tieu_de`.
pub fn did_you_mean<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    let folded = crate::text::fold(unknown);
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&folded, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// Rewords the most common serde messages in plain Vietnamese, keeping the original after it.
fn translate(message: &str) -> String {
    if let Some(field) = unknown_field(message) {
        return format!("khóa không được hỗ trợ `{field}`");
    }
    if let Some(field) = missing_field(message) {
        return format!("thiếu khóa bắt buộc `{field}`");
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("khóa `{field}` xuất hiện hai lần (kể cả dạng tiếng Việt của nó)");
    }
    if message.starts_with("recursion limit exceeded") {
        // yaml_serde stops at 128 levels, before its recursion could overflow the stack.
        return "giá trị lồng nhau quá sâu (quá 128 cấp `[`, `{` hoặc thụt lề lồng trong nhau): bỏ bớt các cấp lồng nhau".to_string();
    }
    if message.starts_with("invalid type") {
        return format!("giá trị sai kiểu: {message}");
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest_key() {
        assert_eq!(did_you_mean("titel", &["title", "date"]), Some("title"));
        assert_eq!(
            did_you_mean("tiêu_đề", &["tieu_de", "title"]),
            Some("tieu_de")
        );
        assert_eq!(did_you_mean("zzz", &["title", "date"]), None);
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn errors(text: &str) -> Vec<(usize, String)> {
        match parse_all::<Fm>(Path::new("a.md"), text, 1, 2, &["title", "count", "tags"]) {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .into_iter()
                .map(|d| (d.line.unwrap_or(0), d.message))
                .collect(),
        }
    }

    #[test]
    fn every_wrong_key_of_a_file_is_reported() {
        let found = errors("title: a\ncount: many\ntitel: b\ntags:\n  - x\n  - [y]\n");
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 4, 7], "{found:?}");
        assert!(found[1].1.contains("titel"), "{found:?}");
        assert!(errors("title: a\ncount: 3\n").is_empty());
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let found = errors("title: \"Kế hoạch\ncount: 3\ntags: [\"a\"]\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 2, "{found:?}");
        assert!(found[0].1.contains("ngoặc \""), "{found:?}");
        let found = errors("title: 'Kế hoạch của UBND''s\ncount: 3\n");
        assert_eq!(found[0].0, 2, "{found:?}");
        assert_eq!(unclosed_quote("title: \"a \\\" b\""), None);
        assert_eq!(unclosed_quote("title: 'it''s'"), None);
        assert_eq!(unclosed_quote("  - \"mở"), Some((5, '"')));
    }
}
