//! Minification (`minify: true`). Minifying every generated page with minify-html cost a third
//! of a build for a few percent of the bytes; nearly all of those bytes are the theme's own
//! markup (indentation, quotes, optional spaces), the same on every page. So each template is
//! minified once, when the theme is loaded, and pages are written as rendered.
//!
//! minify-html does not know Tera: it would take `{% if %}` inside a start tag for attributes,
//! and write `class="{{ x }}"` unquoted. Each Tera construct is therefore replaced by a
//! placeholder that minify-html keeps as text and never unquotes (it holds a space), and put
//! back afterwards. A template with a construct among a tag's attributes (outside a quoted
//! value) is kept as written, and so is one whose placeholders do not come back whole, once
//! each, with its tags outside attribute values in their order. A guard then renders the first
//! page of every template both ways and compares the two minified: where they differ, that
//! template's pages are minified one by one, as before. Output is the same document either way.

use std::collections::HashMap;
use std::sync::Mutex;

fn cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    }
}

/// A whole rendered page, minified.
pub fn page(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, &cfg())
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A template's HTML minified around its Tera constructs (`{{ }}`, `{% %}`, `{# #}`), which
/// are kept as they are; `None` when that cannot be done safely.
pub fn template(text: &str) -> Option<String> {
    if text.contains(OPEN) || text.contains(CLOSE) {
        return None;
    }
    let mut constructs: Vec<&str> = Vec::new();
    // Whether each construct sits in a quoted attribute value (then it moves with its
    // attribute, which minify-html may reorder).
    let mut in_value: Vec<bool> = Vec::new();
    let mut masked = String::with_capacity(text.len());
    let mut markup = Markup::Text;
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let closer = match rest.as_bytes().get(at + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                markup = markup.after(&rest[..=at]);
                masked.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
                continue;
            }
        };
        let end = at + 2 + rest[at + 2..].find(closer)? + 2;
        markup = markup.after(&rest[..at]);
        match markup {
            // Among attributes, or an unquoted value: minify-html would take it apart.
            Markup::Tag => return None,
            Markup::Value(_) => in_value.push(true),
            Markup::Text => in_value.push(false),
        }
        masked.push_str(&rest[..at]);
        // A space inside: minify-html never writes an attribute value holding one unquoted.
        masked.push_str(&format!("{OPEN}{} {CLOSE}", constructs.len()));
        constructs.push(&rest[at..end]);
        rest = &rest[end..];
    }
    masked.push_str(rest);
    let minified = String::from_utf8(minify_html::minify(masked.as_bytes(), &cfg())).ok()?;
    // Put the constructs back. Each must come back whole and once: a placeholder minify-html
    // took for attribute names is split at its space. minify-html sorts attributes, so
    // what is in attribute values may come back in another order, but the tags elsewhere
    // (`{% if %}`, `{% for %}`…) must keep theirs.
    let mut out = String::with_capacity(minified.len() + text.len() / 4);
    let mut rest = minified.as_str();
    let mut seen = vec![false; constructs.len()];
    let mut last_tag = None;
    while let Some(at) = rest.find(OPEN) {
        let end = at + rest[at..].find(CLOSE)?;
        let n: usize = rest[at + OPEN.len_utf8()..end]
            .strip_suffix(' ')?
            .parse()
            .ok()?;
        if std::mem::replace(seen.get_mut(n)?, true) {
            return None;
        }
        if constructs[n].starts_with("{%") && !in_value[n] {
            if last_tag.is_some_and(|l| l > n) {
                return None;
            }
            last_tag = Some(n);
        }
        out.push_str(&rest[..at]);
        out.push_str(constructs[n]);
        rest = &rest[end + CLOSE.len_utf8()..];
    }
    if seen.contains(&false) || rest.contains(CLOSE) {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

/// Where the template's text is, as far as minify-html's reading matters.
#[derive(Clone, Copy)]
enum Markup {
    Text,
    /// In a start tag, among its attributes.
    Tag,
    /// In an attribute value quoted with this character.
    Value(char),
}

impl Markup {
    /// The state after the literal text `s`.
    fn after(self, s: &str) -> Markup {
        let mut state = self;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            state = match (state, c) {
                (Markup::Text, '<') if chars.peek().is_some_and(char::is_ascii_alphabetic) => {
                    Markup::Tag
                }
                (Markup::Tag, '>') => Markup::Text,
                (Markup::Tag, '"' | '\'') => Markup::Value(c),
                (Markup::Value(q), c) if c == q => Markup::Tag,
                (state, _) => state,
            };
        }
        state
    }
}

/// Whether the minified templates give, for each template rendered, the same document as
/// minifying the page: decided on the first page of each template.
#[derive(Default)]
pub struct Guard {
    verdicts: Mutex<HashMap<String, bool>>,
}

impl Guard {
    /// The verdict for `template`, if decided.
    pub fn verdict(&self, template: &str) -> Option<bool> {
        self.verdicts.lock().ok()?.get(template).copied()
    }

    /// Decides for `template`: `fast` is the page rendered with the minified templates,
    /// `plain` with the templates as written.
    pub fn decide(&self, template: &str, fast: &str, plain: &str) -> bool {
        let same = page(fast.as_bytes()) == page(plain.as_bytes());
        if !same && crate::progress::timings() {
            eprintln!("minify: {template} is minified page by page");
        }
        if let Ok(mut v) = self.verdicts.lock() {
            v.entry(template.to_string()).or_insert(same);
        }
        same
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_constructs_come_back_untouched_and_values_stay_quoted() {
        let t = "<div class=\"{{x}}\" id=\"a\">\n  <p>{{ a }} <b>{{ b }}</b>\n  {% if c %}<i>c</i>{% endif %}</p>\n  {# note #}\n</div>\n";
        let m = template(t).expect("minifiable");
        assert!(
            m.contains("class=\"{{x}}\"") || m.contains("class='{{x}}'"),
            "{m}"
        );
        for c in [
            "{{ a }}",
            "{{ b }}",
            "{% if c %}",
            "{% endif %}",
            "{# note #}",
        ] {
            assert!(m.contains(c), "{c} in {m}");
        }
        assert!(m.len() < t.len() && !m.contains("\n  "), "{m}");
    }

    #[test]
    fn a_tag_among_attributes_that_would_be_reordered_is_left_alone() {
        // minify-html sorts attributes: the `{% if %}` would move away from its `{% endif %}`.
        let t = "<a href=\"/\" {% if here %}aria-current=\"page\"{% endif %} class=\"x\">A</a>";
        assert_eq!(template(t), None);
    }

    #[test]
    fn every_template_of_the_default_theme_is_minified() {
        let left: Vec<&str> = crate::render::theme::DEFAULT_TEMPLATES
            .iter()
            .filter(|(name, text)| name.ends_with(".html") && template(text).is_none())
            .map(|(name, _)| *name)
            .collect();
        assert!(left.is_empty(), "not minifiable: {left:?}");
    }

    #[test]
    fn an_unclosed_construct_is_left_alone() {
        assert_eq!(template("<p>{{ a </p>"), None);
    }
}
