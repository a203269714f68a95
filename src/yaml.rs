//! YAML error reporting shared by the config and front-matter loaders: file, line, column,
//! and a "did you mean" for misspelt keys.

use crate::diag::Diagnostic;
use std::path::Path;

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
}
