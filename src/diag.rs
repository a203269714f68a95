//! Diagnostics: what went wrong, in which file, at which line, and what to do about it.
//!
//! Every phase collects `Diagnostic`s instead of stopping at the first problem, so one
//! `bangtin check` tells an editor about every mistake at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file (relative to the site root) and, when known, a line and column
/// (both 1-based, the column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
    /// What to do about it, in plain words. (A `Box<str>` keeps a `Result<_, Diagnostic>`
    /// small.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Box<str>>,
    /// The site path being made when it happened (a template error shows on every page that
    /// uses the template). Boxed: most diagnostics have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub making: Option<Box<Making>>,
}

/// Where a diagnostic arose while making the site, and on how many other paths it did too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Making {
    pub url: String,
    /// How many other site paths gave the very same diagnostic: it is reported once.
    pub others: usize,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            col: None,
            message: message.into(),
            help: None,
            making: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    /// Says the problem arose while making site path `url`.
    pub fn making(mut self, url: impl Into<String>) -> Self {
        self.making = Some(Box::new(Making {
            url: url.into(),
            others: 0,
        }));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn same_but_where_made(&self, other: &Diagnostic) -> bool {
        self.making.is_some()
            && other.making.is_some()
            && (
                &self.path,
                self.line,
                self.col,
                self.severity,
                &self.message,
                &self.help,
            ) == (
                &other.path,
                other.line,
                other.col,
                other.severity,
                &other.message,
                &other.help,
            )
    }

    /// An I/O failure on `path`, said in words an editor understands.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let what = match err.kind() {
            std::io::ErrorKind::NotFound => "không tìm thấy tệp hoặc thư mục".to_string(),
            std::io::ErrorKind::PermissionDenied => "không có quyền đọc/ghi".to_string(),
            _ => err.to_string(),
        };
        Diagnostic::error(path, format!("{what} ({err})"))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Printable(&self.path.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(f, ": {label}: {}", Printable(&self.message))?;
        match self.making.as_deref() {
            Some(Making { url, others: 0 }) => write!(f, " (khi tạo {})", Printable(url))?,
            Some(Making { url, others }) => {
                write!(f, " (khi tạo {} và {others} trang khác)", Printable(url))?
            }
            None => {}
        }
        if let Some(help) = &self.help {
            write!(f, "\n  → {}", Printable(help))?;
        }
        Ok(())
    }
}

/// Text from a site's files as it may be shown on a terminal: control characters (which YAML
/// escapes such as `"\e[2J"` can put in any value) are written as `\u{1b}`, so a message can
/// neither clear the screen nor retitle the window; line breaks and tabs stay. So do the
/// invisible bidirectional controls, which could make a message read other than it is.
struct Printable<'a>(&'a str);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |c: char| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        };
        let mut rest = self.0;
        while let Some(i) = rest.find(hidden) {
            f.write_str(&rest[..i])?;
            let c = rest[i..].chars().next().unwrap_or_default();
            write!(f, "\\u{{{:x}}}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// Collects the diagnostics of a build, in a deterministic order once sorted.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then line, errors before warnings at the same place. A diagnostic that
    /// only differs by the site path being made (a template error, on every page using the
    /// template) is kept once, with the number of the others.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message, &a.making)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message, &b.making))
        });
        self.items.dedup();
        let mut out: Vec<Diagnostic> = Vec::with_capacity(self.items.len());
        for d in self.items {
            match out.last_mut() {
                Some(last) if last.same_but_where_made(&d) => {
                    if let (Some(a), Some(b)) = (last.making.as_mut(), d.making.as_ref()) {
                        a.others += 1 + b.others;
                    }
                }
                _ => out.push(d),
            }
        }
        out
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Converts byte offsets in a text to 1-based line and column (columns in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// (line, column) of byte `offset`; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    pub fn line(&self, offset: usize) -> usize {
        self.line_col(offset).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let idx = LineIndex::new("một\nhai ba\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col("một\n".len()), (2, 1));
        assert_eq!(idx.line_col("một\nhai ".len()), (2, 5));
        assert_eq!(idx.line_col("mộ".len()), (1, 3));
    }

    #[test]
    fn control_characters_from_a_file_are_shown_not_obeyed() {
        let d = Diagnostic::error("content/a.md", "slug `a\u{1b}]0;HACKED\u{7}\u{1b}[2J` sai")
            .help("xem\tdòng\u{202E}3");
        let shown = d.to_string();
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{shown:?}"
        );
        assert!(
            shown.contains("a\\u{1b}]0;HACKED\\u{7}\\u{1b}[2J"),
            "{shown}"
        );
        assert!(shown.contains("xem\tdòng\\u{202e}3"), "{shown}");
    }

    #[test]
    fn one_template_error_on_many_pages_is_reported_once_with_the_count() {
        let mut ds = Diagnostics::new();
        for url in ["/c/", "/a/", "/b/"] {
            ds.push(
                Diagnostic::error("templates/base.html", "biến `x` không có")
                    .at_line(3)
                    .making(url),
            );
        }
        ds.push(
            Diagnostic::error("templates/base.html", "khác")
                .at_line(3)
                .making("/a/"),
        );
        let sorted = ds.into_sorted();
        assert_eq!(sorted.len(), 2, "{sorted:?}");
        assert_eq!(
            sorted[0].to_string(),
            "templates/base.html:3: lỗi: biến `x` không có (khi tạo /a/ và 2 trang khác)"
        );
        assert_eq!(
            sorted[1].to_string(),
            "templates/base.html:3: lỗi: khác (khi tạo /a/)"
        );
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::error("content/a.md", "thiếu tiêu đề")
            .at(3, 1)
            .help("thêm `title: ...`");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:1: lỗi: thiếu tiêu đề\n  → thêm `title: ...`"
        );
    }
}
