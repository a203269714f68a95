//! How deep a page's Markdown and raw HTML nest, measured in one pass without recursion, so a
//! page nested too deep is refused before the stages that recurse over nesting see it: the
//! HTML minifier (minify-html parses elements recursively: 2,500 nested `>` overflowed a
//! worker's stack), the sanitiser's tree and Tera. Real documents nest a few levels; a page
//! past `MAX_DEPTH` is an error naming the line where it goes too deep.

use crate::markdown::options;
use pulldown_cmark::{Event, Parser};

/// The deepest nesting of elements a page's text may have: quotes, lists, emphasis, links and
/// raw HTML tags inside each other. A real plan nests fewer than ten. A page nested this
/// deep builds, minified, on a quarter of the 2 MB stack the binary's worker threads have
/// (`tests/it/deep.rs`), where 2,500 levels overflowed the whole 2 MB.
pub const MAX_DEPTH: usize = 100;

/// Where the text first nests deeper than `MAX_DEPTH`: a byte offset into the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub offset: usize,
}

/// Measures how deep `markdown` nests, as the HTML it renders to would: every element
/// Markdown opens counts one level, and so does every raw HTML tag left open. `Err` at the
/// first place it goes past `MAX_DEPTH`.
pub fn check(markdown: &str) -> Result<(), TooDeep> {
    let mut blocks = 0usize;
    let mut html = OpenTags::default();
    for (ev, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match ev {
            Event::Start(_) => blocks += 1,
            Event::End(_) => blocks = blocks.saturating_sub(1),
            // Within one piece of HTML tags may open deep and close again: count its peak.
            Event::Html(t) | Event::InlineHtml(t) => {
                if blocks + html.feed(&t) > MAX_DEPTH {
                    return Err(TooDeep {
                        offset: range.start,
                    });
                }
            }
            _ => continue,
        }
        if blocks + html.open.len() > MAX_DEPTH {
            return Err(TooDeep {
                offset: range.start,
            });
        }
    }
    Ok(())
}

/// The raw HTML elements left open, as a browser would keep them: void elements never open,
/// an end tag closes up to its element, and a `<p>`, `<li>`, `<td>`… closes one of its kind
/// left open just before it. An approximation on the safe side: it never counts fewer
/// levels than an HTML parser opens for the same tags, by more than the implied `<tbody>`.
#[derive(Default)]
struct OpenTags {
    open: Vec<String>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose end tag may be left out: the same one starting again closes the open one.
const SELF_CLOSING_SIBLINGS: &[&[&str]] = &[
    &["p"],
    &["li"],
    &["dt", "dd"],
    &["tr"],
    &["td", "th"],
    &["option"],
    &["optgroup"],
    &["rt", "rp"],
    &["thead", "tbody", "tfoot"],
];

impl OpenTags {
    /// Reads the tags of `html`; returns the most elements open at any point of it.
    fn feed(&mut self, html: &str) -> usize {
        let mut peak = self.open.len();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            if let Some(after) = rest.strip_prefix("!--") {
                rest = after.find("-->").map_or("", |j| &after[j + 3..]);
                continue;
            }
            let (closing, tail) = match rest.strip_prefix('/') {
                Some(t) => (true, t),
                None => (false, rest),
            };
            let len = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(tail.len());
            if len == 0 || !tail.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let name = tail[..len].to_ascii_lowercase();
            rest = &tail[len..];
            if closing {
                if let Some(at) = self.open.iter().rposition(|t| *t == name) {
                    self.open.truncate(at);
                }
            } else if !VOID.contains(&name.as_str()) {
                self.close_sibling(&name);
                self.open.push(name);
                peak = peak.max(self.open.len());
            }
        }
        peak
    }

    fn close_sibling(&mut self, name: &str) {
        let Some(kin) = SELF_CLOSING_SIBLINGS.iter().find(|k| k.contains(&name)) else {
            return;
        };
        if self
            .open
            .last()
            .is_some_and(|top| kin.contains(&top.as_str()))
        {
            self.open.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(md: &str) -> bool {
        check(md).is_ok()
    }

    #[test]
    fn real_documents_pass() {
        let plan = "# I. MỤC ĐÍCH\n\n1. Một\n   - hai *ba **bốn** [năm](/x)*\n     > sáu\n\n\
                    <div><table><tr><td><p>a<p>b<li>c<li>d</td></tr></table></div>\n";
        assert!(depth_ok(plan));
        // Unclosed `<p>`s and `<li>`s follow one another; they do not nest.
        assert!(depth_ok(&"<p>đoạn ".repeat(5_000)));
        assert!(depth_ok(&"<ul><li>a</ul>".repeat(5_000)));
        assert!(depth_ok(&"<br><img src=a><hr/>".repeat(5_000)));
        assert!(depth_ok(&"<!-- <div> -->".repeat(5_000)));
    }

    #[test]
    fn deep_markdown_and_html_are_refused_where_they_go_too_deep() {
        let quotes = format!("Mở đầu.\n\n{}x\n", "> ".repeat(2_500));
        let at = check(&quotes).unwrap_err().offset;
        assert!(at >= "Mở đầu.\n\n".len() && at < quotes.len(), "{at}");
        for deep in [
            format!("{}x", "- ".repeat(100_000)),
            format!("{}x{}", "*".repeat(50_000), "*".repeat(50_000)),
            format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000)),
            format!("{}x", "<b>".repeat(50_000)),
            format!("{}x{}", "*a ".repeat(300), " a*".repeat(300)),
        ] {
            assert!(check(&deep).is_err(), "{}", &deep[..40]);
        }
        // Just inside the bound, and just past it.
        let nested = |n: usize| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(depth_ok(&nested(MAX_DEPTH - 2)));
        assert!(check(&nested(MAX_DEPTH + 1)).is_err());
    }
}
