//! What one output file is made of before its template runs: the template, the site path and
//! the named values the template reads. `serve` compares views to know what to re-render:
//! a job whose view is unchanged gives the same bytes, so nothing else has to say what a
//! page shows (see `View::fingerprint`).

use crate::diag::Diagnostic;
use crate::graph::{PageId, Site};
use crate::markdown::{self, Mark, TocEntry};
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// How a view carries the text of a page: rendered to HTML for output, or as a key of what
/// that HTML is made from (the Markdown and the marks put in it), so that views can be
/// compared without rendering Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Html,
    Key,
}

impl Text {
    /// The HTML and table of contents of `body` with `marks`, or in `Key` mode a key of both
    /// and no table of contents (it is made from the same text).
    pub fn render(self, body: &str, marks: &[Mark]) -> (String, Vec<TocEntry>) {
        self.render_with(body, marks, &|_| None)
    }

    /// The HTML and table of contents of page `i`'s body with `marks`, its images shown as
    /// `pictures` gives them. The body is read again from its file (the site keeps none); in
    /// `Key` mode the key is made of the body's fingerprint instead, without reading it.
    pub fn page(
        self,
        site: &Site,
        i: PageId,
        marks: &[Mark],
        pictures: &dyn Fn(&str) -> Option<markdown::Picture>,
    ) -> Result<(String, Vec<TocEntry>), Diagnostic> {
        let p = &site.pages[i];
        match self {
            Text::Html => Ok(self.render_with(&p.read_body()?, marks, pictures)),
            Text::Key => {
                let mut h = std::hash::DefaultHasher::new();
                p.body.fingerprint().hash(&mut h);
                marks.hash(&mut h);
                // A photo changed (its copies are named by content) changes the page.
                for im in &site.pages.findings[i].images {
                    pictures(&im.url).hash(&mut h);
                }
                Ok((format!("{:016x}", h.finish()), Vec::new()))
            }
        }
    }

    /// As `render`, with the page's images shown as `pictures` gives them.
    pub fn render_with(
        self,
        body: &str,
        marks: &[Mark],
        pictures: &dyn Fn(&str) -> Option<markdown::Picture>,
    ) -> (String, Vec<TocEntry>) {
        match self {
            Text::Html => {
                let r = markdown::render_with(body, marks, pictures);
                (r.html, r.toc)
            }
            Text::Key => {
                let mut h = std::hash::DefaultHasher::new();
                body.hash(&mut h);
                marks.hash(&mut h);
                // A photo changed (its copies are named by content) changes the page.
                if body.contains("![") {
                    for ev in pulldown_cmark::Parser::new_ext(body, markdown::options()) {
                        if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image {
                            dest_url,
                            ..
                        }) = ev
                        {
                            pictures(&dest_url).hash(&mut h);
                        }
                    }
                }
                (format!("{:016x}", h.finish()), Vec::new())
            }
        }
    }
}

/// The context of one output file.
pub struct View {
    /// The template that renders it, as named in the theme (`plan.html`).
    pub template: String,
    /// The site path it is written at (`/ke-hoach/a/`).
    pub url: String,
    /// Each variable: its value for Tera, or, in a view made only to be compared, a hash of
    /// the value as serialised from the Rust view (Tera's maps iterate in a random order, so
    /// their serialisation cannot be hashed). Not both: hashing every value took 4% of a
    /// build's CPU, for views that are never compared.
    values: Vec<(&'static str, Slot)>,
    /// Whether the values are kept for Tera, or only their hashes (`Text::Key`).
    keep: bool,
}

enum Slot {
    Value(tera::Value),
    Hash(u64),
}

impl View {
    pub fn new(template: impl Into<String>, url: impl Into<String>) -> Self {
        Self::with_text(Text::Html, template, url)
    }

    /// A view whose page texts are as `text` says; with `Text::Key` it is made only to be
    /// compared, and keeps the hashes of its values, not the values.
    pub fn with_text(text: Text, template: impl Into<String>, url: impl Into<String>) -> Self {
        View {
            template: template.into(),
            url: url.into(),
            values: Vec::new(),
            keep: text == Text::Html,
        }
    }

    /// Sets the variable `key` of the template (a later value for one key replaces the first).
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        let slot = if self.keep {
            Slot::Value(tera::Value::from_serializable(value))
        } else {
            let mut h = HashWriter(std::hash::DefaultHasher::new());
            // Serialising into a hasher cannot fail: the writer never does.
            let _ = serde_json::to_writer(&mut h, value);
            Slot::Hash(h.0.finish())
        };
        match self.values.iter_mut().find(|(k, _)| *k == key) {
            Some(old) => old.1 = slot,
            None => self.values.push((key, slot)),
        }
    }

    /// A hash of everything the template is given, for a view made to be compared
    /// (`Text::Key`). Two views with one fingerprint render to the same bytes with the same
    /// theme.
    pub fn fingerprint(&self) -> u64 {
        debug_assert!(!self.keep, "only a Text::Key view has a fingerprint");
        let mut h = std::hash::DefaultHasher::new();
        self.template.hash(&mut h);
        self.url.hash(&mut h);
        for (k, slot) in &self.values {
            k.hash(&mut h);
            if let Slot::Hash(v) = slot {
                v.hash(&mut h);
            }
        }
        h.finish()
    }

    /// The Tera context of the view (empty for a view made only to be compared).
    pub fn context(&self) -> tera::Context {
        let mut c = tera::Context::new();
        for (k, slot) in &self.values {
            if let Slot::Value(v) = slot {
                c.insert_value(*k, v.clone());
            }
        }
        c
    }
}

/// Feeds serialised bytes to a hasher.
struct HashWriter(std::hash::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_changes_its_fingerprint_with_any_value_and_only_then() {
        let view = |title: &str, n: usize| {
            let mut v = View::with_text(Text::Key, "list.html", "/ke-hoach/");
            v.insert("title", title);
            v.insert("items", &vec![n, n + 1]);
            v
        };
        assert_eq!(
            view("Kế hoạch", 1).fingerprint(),
            view("Kế hoạch", 1).fingerprint()
        );
        assert_ne!(
            view("Kế hoạch", 1).fingerprint(),
            view("Kế hoạch", 2).fingerprint()
        );
        assert_ne!(
            view("Kế hoạch", 1).fingerprint(),
            view("Ke hoach", 1).fingerprint()
        );
        let mut other = view("Kế hoạch", 1);
        other.template = "agency.html".into();
        assert_ne!(view("Kế hoạch", 1).fingerprint(), other.fingerprint());
    }

    #[test]
    fn a_fingerprint_does_not_depend_on_map_order() {
        // Tera's maps iterate in a random order; the fingerprint must not follow it.
        let view = || {
            let mut v = View::with_text(Text::Key, "list.html", "/ke-hoach/");
            let item: std::collections::BTreeMap<&str, usize> = (0..50)
                .map(|i| (["a", "b", "c", "d", "e"][i % 5], i))
                .collect();
            v.insert("items", &vec![item; 20]);
            v
        };
        let first = view().fingerprint();
        assert!((0..20).all(|_| view().fingerprint() == first));
    }

    #[test]
    fn a_text_key_follows_the_markdown_and_the_marks() {
        let (a, toc) = Text::Key.render("Theo Chỉ thị 05", &[]);
        assert!(toc.is_empty());
        assert_eq!(a, Text::Key.render("Theo Chỉ thị 05", &[]).0);
        assert_ne!(a, Text::Key.render("Theo Chỉ thị 06", &[]).0);
        let mark = Mark {
            run: 0,
            range: 5..15,
            kind: markdown::MarkKind::Highlight {
                class: "deadline",
                id: "han-1".into(),
            },
        };
        assert_ne!(a, Text::Key.render("Theo Chỉ thị 05", &[mark]).0);
    }
}
