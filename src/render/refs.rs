//! Every local address a generated page refers to (`href`, `src`, `srcset`, CSS `url()`) must
//! be a file of the output: a missing stylesheet or script is a broken page on every page of
//! the site (as `tools.js` was on every `bangtin init` site). Pages are scanned as they are
//! rendered; each address is kept once, with the first page that used it and how many did,
//! and checked against what was written once everything is.

use crate::diag::{Diagnostic, Diagnostics, LineIndex, Making};
use crate::graph::{PageId, Site};
use aho_corasick::AhoCorasick;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Who referred to an address first, and how many pages did.
struct Seen {
    /// The page (`/ke-hoach/a/`) or file (`style.css`) that referred to it.
    from: String,
    /// The template that rendered the page; none for a CSS file.
    template: Option<String>,
    /// The page's source file, when it has one.
    page: Option<PageId>,
    /// The address as written (entities decoded), to find it in a source file.
    raw: String,
    count: usize,
}

/// The local addresses referred to so far, by output path (`ke-hoach/a/index.html` or
/// `ke-hoach/a/` for a folder). The paths written are the sink's to tell (`Sink::has`): a
/// set of its own took 30 MB at 100,000 plans. FxHash, not SipHash: every page looks up all
/// its addresses here, and the keys are the site's own paths.
#[derive(Default)]
pub struct Refs {
    seen: Mutex<rustc_hash::FxHashMap<String, Seen>>,
}

/// One page's or file's view of its addresses.
pub struct Referrer<'a> {
    pub from: &'a str,
    pub template: Option<&'a str>,
    pub page: Option<PageId>,
}

/// A sink that notes the addresses in each stylesheet before passing the file on.
pub struct Recorded<'a> {
    pub inner: &'a dyn super::Sink,
    pub refs: &'a Refs,
    pub base_path: &'a str,
    pub base_url: &'a str,
}

impl super::Sink for Recorded<'_> {
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if path.ends_with(".css") {
            self.refs.scan_css(
                &String::from_utf8_lossy(&bytes),
                path,
                self.base_path,
                self.base_url,
            );
        }
        self.inner.write(path, bytes)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        if path.ends_with(".css") {
            if let Ok(css) = std::fs::read_to_string(from) {
                self.refs
                    .scan_css(&css, path, self.base_path, self.base_url);
            }
        }
        self.inner.copy(path, from)
    }

    fn has(&self, path: &str) -> bool {
        self.inner.has(path)
    }

    fn stopped(&self) -> bool {
        self.inner.stopped()
    }
}

fn attributes() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::new(["href=", "src=", "srcset=", "<style", "</style"])
            .unwrap_or_else(|_| unreachable!("fixed patterns"))
    })
}

impl Refs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Scans a rendered page (`who.from` is its site path, `/ke-hoach/a/`).
    pub fn scan_html(&self, html: &str, base_path: &str, base_url: &str, who: &Referrer) {
        let mut found = Vec::new();
        let mut in_style: Option<usize> = None;
        for m in attributes().find_iter(html) {
            let at = m.end();
            match m.pattern().as_usize() {
                3 => in_style = Some(at),
                4 => {
                    if let Some(s) = in_style.take() {
                        css_urls(&html[s..m.start()], &mut found);
                    }
                }
                p => {
                    // An attribute name stands after white space: `data-src=` is not `src=`;
                    // and inside a tag: `&lt;img src=x&gt;` in a page's text is no address.
                    let before = &html[..m.start()];
                    if !before.ends_with(|c: char| c.is_ascii_whitespace())
                        || !among_attributes(before)
                    {
                        continue;
                    }
                    let Some(value) = quoted(&html[at..]) else {
                        continue;
                    };
                    let value = unescape(value);
                    if p == 2 {
                        // `srcset="a.jpg 480w, b.jpg 960w"`
                        for part in value.split(',') {
                            if let Some(u) = part.split_whitespace().next() {
                                found.push(u.to_string());
                            }
                        }
                    } else {
                        found.push(value);
                    }
                }
            }
        }
        self.note(found, base_path, base_url, who);
    }

    /// Scans a stylesheet written at `path` (relative to the output root).
    pub fn scan_css(&self, css: &str, path: &str, base_path: &str, base_url: &str) {
        let mut found = Vec::new();
        css_urls(css, &mut found);
        let from = format!("{base_path}{path}");
        self.note(
            found,
            base_path,
            base_url,
            &Referrer {
                from: &from,
                template: None,
                page: None,
            },
        );
    }

    fn note(&self, mut found: Vec<String>, base_path: &str, base_url: &str, who: &Referrer) {
        found.sort();
        found.dedup();
        let targets: Vec<(String, String)> = found
            .into_iter()
            .filter_map(|raw| Some((target(&raw, who.from, base_path, base_url)?, raw)))
            .collect();
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        for (path, raw) in targets {
            seen.entry(path)
                .and_modify(|s| s.count += 1)
                .or_insert_with(|| Seen {
                    from: who.from.to_string(),
                    template: who.template.map(str::to_string),
                    page: who.page,
                    raw,
                    count: 1,
                });
        }
    }

    /// An error for each address no file was written for in `sink`, at the line of the
    /// page's source that has it, or else at the template that wrote it.
    pub fn check(
        self,
        sink: &dyn super::Sink,
        site: &Site,
        theme: &super::Theme,
        diags: &mut Diagnostics,
    ) {
        let Ok(seen) = self.seen.into_inner() else {
            return;
        };
        let mut missing: Vec<(String, Seen)> = seen
            .into_iter()
            .filter(|(path, _)| !exists(path, sink))
            .collect();
        missing.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, s) in missing {
            diags.push(diagnostic(site, theme, &path, s));
        }
    }
}

fn exists(path: &str, sink: &dyn super::Sink) -> bool {
    if path.is_empty() || path.ends_with('/') {
        return sink.has(&format!("{path}index.html"));
    }
    sink.has(path) || sink.has(&format!("{path}/index.html"))
}

fn diagnostic(site: &Site, theme: &super::Theme, path: &str, s: Seen) -> Diagnostic {
    let shown = format!("{}{path}", site.config.base_path());
    let message = format!(
        "{} dẫn tới {shown}, nhưng bản dựng không có tệp nào ở địa chỉ này",
        match &s.template {
            Some(t) => format!("trang {} (mẫu {t})", s.from),
            None => format!("tệp {}", s.from),
        }
    );
    // Reported once, with how many other pages use the same address.
    let making = |mut d: Diagnostic| {
        d.making = Some(Box::new(Making {
            url: s.from.clone(),
            others: s.count.saturating_sub(1),
        }));
        d
    };
    // In the page's own text: point at the line.
    if let Some(page) = s.page {
        let source = &site.pages[page].source;
        let full = site.config.root.join(source);
        if let Some(line) = std::fs::read_to_string(&full)
            .ok()
            .and_then(|text| line_of(&text, &s.raw))
        {
            return making(
                Diagnostic::error(source, message)
                    .at_line(line)
                    .help("sửa địa chỉ cho đúng một trang hay tệp có trên trang (hoặc bỏ liên kết); tệp đính kèm phải nằm cạnh bài hay trong static/"),
            );
        }
    }
    // Else in a template: the one that names the file, the page's own template first.
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    let template = s.template.as_deref().unwrap_or("");
    let mut candidates: Vec<&super::theme::TemplateSource> = theme.templates.iter().collect();
    candidates.sort_by_key(|t| t.name != template);
    for t in candidates {
        if let Some(line) = (!name.is_empty()).then(|| line_of(&t.text, name)).flatten() {
            return making(Diagnostic::error(&t.path, message).at_line(line).help(format!(
                "thêm tệp `{path}` vào static/ (hoặc vào static/ của giao diện), hoặc sửa mẫu để không dẫn tới nó"
            )));
        }
    }
    let file = match &s.template {
        Some(t) => theme.source_of_name(t),
        None => Path::new(&s.from.trim_start_matches('/')).to_path_buf(),
    };
    making(
        Diagnostic::error(file, message)
            .help("thêm tệp vào static/ hoặc sửa mẫu giao diện để không dẫn tới nó"),
    )
}

fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(LineIndex::new(text).line_col(at).0)
}

/// Whether the end of `before` is among a tag's attributes: after a `<` that no `>` closed,
/// and outside its quoted values (`content="&lt;img src=x&gt;"` holds no address).
fn among_attributes(before: &str) -> bool {
    let Some(open) = before
        .rfind(['<', '>'])
        .filter(|&i| before.as_bytes()[i] == b'<')
    else {
        return false;
    };
    let mut quote = None;
    for c in before[open..].chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    quote.is_none()
}

/// The value of an attribute after `=`: quoted with `"` or `'`, or unquoted up to white space
/// or `>` (minified templates write `href=/style.css`).
fn quoted(rest: &str) -> Option<&str> {
    match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let body = &rest[1..];
            body.find(q).map(|end| &body[..end])
        }
        _ => {
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        }
    }
}

/// `url(...)` values of CSS text.
fn css_urls(css: &str, found: &mut Vec<String>) {
    for (i, _) in css.match_indices("url(") {
        let rest = &css[i + 4..];
        let Some(end) = rest.find(')') else { break };
        let v = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        found.push(v.to_string());
    }
}

/// The character references Tera's escaping and Markdown rendering write in attributes.
fn unescape(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The output path an address leads to, or `None` when it is not this site's: another host,
/// a scheme (`mailto:`), a fragment of the same page, or a path outside the site's base path.
/// `from` is the referring page's site path (relative addresses are resolved against it).
fn target(raw: &str, from: &str, base_path: &str, base_url: &str) -> Option<String> {
    let raw = raw.trim();
    let own = raw.strip_prefix(base_url.trim_end_matches('/'));
    let addr = match own {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            if rest.is_empty() {
                "/"
            } else {
                rest
            }
        }
        _ => raw,
    };
    let addr = addr.split(['#', '?']).next().unwrap_or("");
    if addr.is_empty() || addr.starts_with("//") {
        return None;
    }
    // A scheme: letters, digits, `+.-` before the first `:`, and no `/` before it.
    if let Some(colon) = addr.find(':') {
        if !addr[..colon].contains('/') {
            return None;
        }
    }
    let decoded = percent_encoding::percent_decode_str(addr)
        .decode_utf8_lossy()
        .into_owned();
    let absolute = if decoded.starts_with('/') {
        decoded
    } else {
        let dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{decoded}")
    };
    // `.` and `..` segments, as a browser resolves them; above the root stays at the root.
    let mut parts: Vec<&str> = Vec::new();
    let trailing = absolute.ends_with('/') || absolute.ends_with("/.") || absolute.ends_with("/..");
    for seg in absolute.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    if trailing && path != "/" {
        path.push('/');
    }
    let rel = path.strip_prefix(base_path).or_else(|| {
        (path.len() + 1 == base_path.len() && base_path.starts_with(&path)).then_some("")
    })?;
    Some(rel.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_output_paths() {
        let t = |raw: &str, from: &str| target(raw, from, "/", "https://a.gov.vn/");
        assert_eq!(t("/tools.js", "/").as_deref(), Some("tools.js"));
        assert_eq!(t("/ke-hoach/a/#han-1", "/").as_deref(), Some("ke-hoach/a/"));
        assert_eq!(
            t("anh.jpg", "/ke-hoach/a/").as_deref(),
            Some("ke-hoach/a/anh.jpg")
        );
        assert_eq!(t("../b/", "/ke-hoach/a/").as_deref(), Some("ke-hoach/b/"));
        assert_eq!(
            t("https://a.gov.vn/lich/?y=1", "/").as_deref(),
            Some("lich/")
        );
        assert_eq!(t("/t%E1%BB%87p/a.pdf", "/").as_deref(), Some("tệp/a.pdf"));
        for outside in [
            "https://b.gov.vn/x",
            "//cdn.example/x.js",
            "mailto:a@b.vn",
            "tel:0200",
            "#noi-dung",
            "",
        ] {
            assert_eq!(t(outside, "/"), None, "{outside}");
        }
        // Under a base path, a path outside it is not this site's to check.
        let sub = |raw: &str| target(raw, "/sub/a/", "/sub/", "https://a.gov.vn/sub/");
        assert_eq!(sub("/sub/style.css").as_deref(), Some("style.css"));
        assert_eq!(sub("/sub").as_deref(), Some(""));
        assert_eq!(sub("/other/"), None);
    }

    #[test]
    fn attributes_srcset_and_styles_are_read_and_entities_decoded() {
        let refs = Refs::new();
        let html = r#"<link href="&#x2F;style.css"><img data-src="/no.jpg" src='/a.jpg' srcset="/a-480.jpg 480w, /a-960.jpg 960w">
<style>.x{background:url("/bg.png")}</style><a href="/q?a=1&amp;b=2">x</a><p>href="/not-an-attribute"</p>
<link href=/print.css rel=stylesheet><a href=/tin-tuc/>tin</a><p>&lt;img src=/text.png&gt;</p><meta content="&lt;img src=/meta.png&gt;" name=description>"#;
        refs.scan_html(
            html,
            "/",
            "https://a.gov.vn/",
            &Referrer {
                from: "/",
                template: Some("index.html"),
                page: None,
            },
        );
        let seen = refs.seen.into_inner().expect("lock");
        let mut keys: Vec<&str> = seen.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "a-480.jpg",
                "a-960.jpg",
                "a.jpg",
                "bg.png",
                "print.css",
                "q",
                "style.css",
                "tin-tuc/"
            ]
        );
    }

    #[test]
    fn a_folder_exists_through_its_index_and_a_file_as_itself() {
        let written = crate::output::MemSink::new(false);
        for path in ["index.html", "lich/index.html", "style.css"] {
            super::super::Sink::write(&written, path, Vec::new()).expect("written");
        }
        assert!(exists("", &written));
        assert!(exists("lich/", &written));
        assert!(exists("lich", &written));
        assert!(exists("style.css", &written));
        assert!(!exists("tools.js", &written));
        assert!(!exists("van-ban/", &written));
    }
}
