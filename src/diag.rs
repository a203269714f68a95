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
    /// What to do about it, in plain words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
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
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
        write!(f, "{}", self.path.display())?;
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
        write!(f, ": {label}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  → {help}")?;
        }
        Ok(())
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

    /// Sorted by file, then line, errors before warnings at the same place.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
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
