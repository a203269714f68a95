//! Markdown: one walk over pulldown-cmark events shared by analysis and rendering, so the
//! n-th text run seen by the analysis is the n-th text run the renderer annotates.
//!
//! A text run is consecutive text and soft line breaks (a symbol wrapped by a PDF
//! extraction, `09-` newline `CT/TW`, stays in one run). Runs inside code, links, images and
//! headings are not linkable: references there are left as written.

use crate::text::escape_html as esc;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The links and images of a document whose address `links::check` refuses: the byte
/// offset where each is written and the message. Rendering turns them into `#` anyway
/// (`safe_url`); this is for telling the editor, at load time, where they are.
pub fn refused_links(markdown: &str) -> Vec<(usize, String)> {
    // Every link or image needs `]` or `<`; most pages have neither, so skip the parse.
    if !markdown.contains([']', '<']) {
        return Vec::new();
    }
    let mut refused = Vec::new();
    for (ev, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = ev {
            if let Err(message) = crate::links::check(&dest_url) {
                refused.push((range.start, message));
            }
        }
    }
    refused
}

/// An image a page's body shows: `![alt](url)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyImage {
    /// As written.
    pub url: String,
    /// Line in the file (the body starts at `body_line`).
    pub line: usize,
    pub alt: String,
}

/// The images of a page's body, in order.
pub fn images(body: &str, body_line: usize) -> Vec<BodyImage> {
    if !body.contains("![") {
        return Vec::new();
    }
    let index = crate::diag::LineIndex::new(body);
    let mut out = Vec::new();
    let mut open: Option<BodyImage> = None;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, _) = index.line_col(range.start);
                open = Some(BodyImage {
                    url: dest_url.to_string(),
                    line: body_line + line - 1,
                    alt: String::new(),
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(im) = &mut open {
                    im.alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// Calls `f` with every linkable text run of the document, in order, with its index.
pub fn for_each_run(markdown: &str, mut f: impl FnMut(usize, &str)) {
    let mut walker = Walker::default();
    for ev in Parser::new_ext(markdown, options()) {
        walker.feed(ev, &mut |item| {
            if let Item::Run { index, text } = item {
                f(index, &text)
            }
        });
    }
    walker.finish(&mut |item| {
        if let Item::Run { index, text } = item {
            f(index, &text)
        }
    });
}

enum Item<'a> {
    Event(Event<'a>),
    Run { index: usize, text: String },
}

#[derive(Default)]
struct Walker {
    buf: String,
    buffering: bool,
    /// Depth of code blocks, links, images and headings: text inside is not linkable.
    opaque: usize,
    runs: usize,
}

impl Walker {
    fn flush<'a>(&mut self, out: &mut impl FnMut(Item<'a>)) {
        if self.buffering {
            let text = std::mem::take(&mut self.buf);
            self.buffering = false;
            out(Item::Run {
                index: self.runs,
                text,
            });
            self.runs += 1;
        }
    }

    fn feed<'a>(&mut self, ev: Event<'a>, out: &mut impl FnMut(Item<'a>)) {
        match ev {
            Event::Text(t) if self.opaque == 0 => {
                self.buf.push_str(&t);
                self.buffering = true;
            }
            Event::SoftBreak if self.opaque == 0 && self.buffering => {
                self.buf.push('\n');
            }
            other => {
                self.flush(out);
                match &other {
                    Event::Start(
                        Tag::CodeBlock(_)
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                        | Tag::Heading { .. },
                    ) => self.opaque += 1,
                    Event::End(
                        TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::Heading(_),
                    ) => self.opaque = self.opaque.saturating_sub(1),
                    _ => {}
                }
                out(Item::Event(other));
            }
        }
    }

    fn finish<'a>(&mut self, out: &mut impl FnMut(Item<'a>)) {
        self.flush(out);
    }
}

/// Something to wrap around a byte range of a text run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mark {
    pub run: usize,
    pub range: Range<usize>,
    pub kind: MarkKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MarkKind {
    /// `<a class=".." href=".." id=".." title="..">`
    Link {
        href: String,
        class: &'static str,
        id: Option<String>,
        title: Option<String>,
    },
    /// `<mark class=".." id="..">`
    Highlight { class: &'static str, id: String },
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    /// 1 to 6, as `#` to `######`.
    pub level: u8,
    /// The heading's `id`, for `#id` links.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// A photo as the page shows it: resized copies for `srcset`, addresses ready to write.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Picture {
    /// The copy browsers without `srcset` load.
    pub src: String,
    /// `"/hinh/a-480.webp 480w, /hinh/a-800.webp 800w"`.
    pub srcset: String,
    /// Of `src`: with them the browser keeps the photo's place while it loads.
    pub width: u32,
    pub height: u32,
}

/// How wide a photo of the article column is shown: the whole screen on a phone, the
/// column (50rem) on a wider screen.
pub const SIZES: &str = "(max-width: 50rem) 100vw, 50rem";

impl Picture {
    /// The `<img>` of the picture. `lazy` for a photo below the first screen.
    pub fn img(&self, alt: &str, lazy: bool) -> String {
        format!(
            "<img src=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\"{}>",
            esc(&self.src),
            esc(&self.srcset),
            self.width,
            self.height,
            esc(alt),
            if lazy {
                " loading=\"lazy\" decoding=\"async\""
            } else {
                ""
            }
        )
    }
}

/// Renders Markdown to HTML with Vietnamese-safe heading ids, prefixed footnote ids,
/// the given marks applied to text runs (sorted by run, then start; overlaps are dropped),
/// and raw HTML sanitised.
pub fn render(markdown: &str, marks: &[Mark]) -> Rendered {
    render_with(markdown, marks, &|_| None)
}

/// As `render`, with each image whose address `pictures` knows shown as that picture: with
/// `srcset`, `width` and `height`, loaded lazily; an image alone in its paragraph becomes a
/// `<figure>`, its title (`![…](anh.jpg "Ảnh: Minh Anh")`) the caption.
pub fn render_with(
    markdown: &str,
    marks: &[Mark],
    pictures: &dyn Fn(&str) -> Option<Picture>,
) -> Rendered {
    let mut r = Renderer::new(marks, pictures);
    let mut walker = Walker::default();
    for ev in Parser::new_ext(markdown, options()) {
        walker.feed(ev, &mut |item| r.emit(item));
    }
    walker.finish(&mut |item| r.emit(item));

    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.events.into_iter());
    if r.has_raw_html {
        html = sanitize(&html);
    }
    Rendered { html, toc: r.toc }
}

/// What `render` keeps while the walker feeds it: the events to write, and what marks,
/// footnotes and headings need across events.
struct Renderer<'m> {
    marks: &'m [Mark],
    pictures: &'m dyn Fn(&str) -> Option<Picture>,
    /// The picture being read (its alt text comes as text events), and its title.
    picture: Option<(Picture, String, String)>,
    /// Where the open paragraph starts in `events`.
    paragraph: Option<usize>,
    /// The last picture written whole: its place in `events`, and its `<img>` and title.
    last_picture: Option<(usize, String, String)>,
    /// The first mark not applied yet.
    mark_i: usize,
    events: Vec<Event<'static>>,
    has_raw_html: bool,
    toc: Vec<TocEntry>,
    /// Heading ids given so far, with how many times, to number the repeats.
    used_ids: HashMap<String, usize>,
    /// Footnote names in the order first seen: a footnote's number is its place here.
    footnotes: Vec<String>,
    /// The heading being read: buffered to compute its id from its text.
    heading: Option<(HeadingLevel, Vec<Event<'static>>)>,
}

impl<'m> Renderer<'m> {
    fn new(marks: &'m [Mark], pictures: &'m dyn Fn(&str) -> Option<Picture>) -> Self {
        Renderer {
            marks,
            pictures,
            picture: None,
            paragraph: None,
            last_picture: None,
            mark_i: 0,
            events: Vec::new(),
            has_raw_html: false,
            toc: Vec::new(),
            used_ids: HashMap::new(),
            footnotes: Vec::new(),
            heading: None,
        }
    }

    /// Takes one item of the walker: a text run gets its marks, an event is made safe, and
    /// the result goes to the document or to the heading being read.
    fn emit(&mut self, item: Item<'_>) {
        let ev = match item {
            Item::Run { index, text } => self.annotate_run(index, &text),
            Item::Event(ev) => {
                if let Some(done) = self.picture_event(&ev) {
                    match done {
                        Some(ev) => ev,
                        None => return,
                    }
                } else {
                    self.rewrite(ev)
                }
            }
        };
        match ev {
            Event::Start(Tag::Paragraph) if self.heading.is_none() => {
                self.paragraph = Some(self.events.len());
                self.events.push(ev);
            }
            Event::End(TagEnd::Paragraph) if self.heading.is_none() => {
                // A picture alone in its paragraph is a figure.
                let start = self.paragraph.take();
                match (start, self.last_picture.take()) {
                    (Some(p), Some((at, img, title)))
                        if at == p + 1 && self.events.len() == p + 2 =>
                    {
                        self.events.truncate(p);
                        let caption = if title.trim().is_empty() {
                            String::new()
                        } else {
                            format!("<figcaption>{}</figcaption>", esc(title.trim()))
                        };
                        self.events.push(Event::Html(CowStr::from(format!(
                            "<figure>{img}{caption}</figure>\n"
                        ))));
                    }
                    _ => self.events.push(ev),
                }
            }
            Event::Start(Tag::Heading { level, .. }) => self.heading = Some((level, Vec::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner)) = self.heading.take() {
                    self.close_heading(level, inner);
                }
            }
            ev => match &mut self.heading {
                Some((_, inner)) => inner.push(ev),
                None => self.events.push(ev),
            },
        }
    }

    /// Reads an image that `pictures` knows: `None` for an event of no such image, else
    /// `Some(None)` while its alt text is read, and `Some(Some(<img>))` at its end.
    fn picture_event(&mut self, ev: &Event<'_>) -> Option<Option<Event<'static>>> {
        match ev {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if self.picture.is_none() => {
                let pic = (self.pictures)(dest_url)?;
                self.picture = Some((pic, String::new(), title.to_string()));
                Some(None)
            }
            Event::End(TagEnd::Image) => {
                let (pic, alt, title) = self.picture.take()?;
                let img = pic.img(alt.trim(), true);
                self.last_picture = Some((self.events.len(), img.clone(), title));
                Some(Some(Event::InlineHtml(CowStr::from(img))))
            }
            Event::Text(t) | Event::Code(t) if self.picture.is_some() => {
                if let Some((_, alt, _)) = &mut self.picture {
                    alt.push_str(t);
                }
                Some(None)
            }
            _ if self.picture.is_some() => Some(None),
            _ => None,
        }
    }

    /// Text run `index`, escaped, with the marks of that run wrapped around their ranges.
    fn annotate_run(&mut self, index: usize, text: &str) -> Event<'static> {
        let start = self.mark_i;
        while self.mark_i < self.marks.len() && self.marks[self.mark_i].run == index {
            self.mark_i += 1;
        }
        Event::InlineHtml(CowStr::from(annotate(
            text,
            &self.marks[start..self.mark_i],
        )))
    }

    /// An event as bangtin writes it: raw HTML noted (to sanitise the page), footnotes with
    /// prefixed ids and numbers in order of first use, link and image URLs made safe.
    fn rewrite(&mut self, ev: Event<'_>) -> Event<'static> {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => {
                self.has_raw_html = true;
                Event::InlineHtml(CowStr::from(h.into_string()))
            }
            Event::FootnoteReference(name) => {
                let n = footnote_number(&mut self.footnotes, &name);
                let id = crate::text::slugify(&name);
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"fnref-{id}\"><a href=\"#fn-{id}\">{n}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = footnote_number(&mut self.footnotes, &name);
                let id = crate::text::slugify(&name);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-{id}\">{n}</a></sup>"
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>")),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title: CowStr::from(title.into_string()),
                id: CowStr::from(id.into_string()),
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url),
                title: CowStr::from(title.into_string()),
                id: CowStr::from(id.into_string()),
            }),
            other => other.into_static(),
        }
    }

    /// Writes a heading read whole (`inner`: its events) with an id from its text, and adds
    /// it to the table of contents.
    fn close_heading(&mut self, level: HeadingLevel, inner: Vec<Event<'static>>) {
        let mut title = String::new();
        for e in &inner {
            match e {
                Event::Text(t) | Event::Code(t) => title.push_str(t),
                Event::InlineHtml(t) => title.push_str(&strip_tags(t)),
                _ => {}
            }
        }
        let id = self.heading_id(&title);
        self.toc.push(TocEntry {
            level: level as u8,
            id: id.clone(),
            title: title.trim().to_string(),
        });
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes: vec![],
            attrs: vec![],
        }));
        self.events.extend(inner);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// The id of a heading titled `title`: its slug ("muc" when none), "-2", "-3"… on
    /// repeats.
    fn heading_id(&mut self, title: &str) -> String {
        let mut id = crate::text::slugify(title);
        if id.is_empty() {
            id = "muc".to_string();
        }
        let n = self.used_ids.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id = format!("{id}-{n}");
        }
        id
    }
}

/// Drops URLs that run code when followed (`javascript:`, `vbscript:`, `data:`).
fn safe_url(url: CowStr<'_>) -> CowStr<'static> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| *c != ':' && *c != '/')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = url.contains(':') && !url.starts_with('/') && !url.starts_with('#');
    if has_scheme && matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
        CowStr::from("#")
    } else {
        CowStr::from(url.into_string())
    }
}

fn footnote_number(footnotes: &mut Vec<String>, name: &str) -> usize {
    match footnotes.iter().position(|f| f == name) {
        Some(i) => i + 1,
        None => {
            footnotes.push(name.to_string());
            footnotes.len()
        }
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// Escapes a text run and wraps the marked ranges.
fn annotate(text: &str, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 60);
    let mut pos = 0;
    for m in marks {
        let r = &m.range;
        if r.start < pos
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        out.push_str(&esc(&text[pos..r.start]));
        let inner = esc(&text[r.clone()]);
        match &m.kind {
            MarkKind::Link {
                href,
                class,
                id,
                title,
            } => {
                out.push_str(&format!("<a class=\"{class}\" href=\"{}\"", esc(href)));
                if let Some(id) = id {
                    out.push_str(&format!(" id=\"{}\"", esc(id)));
                }
                if let Some(t) = title {
                    out.push_str(&format!(" title=\"{}\"", esc(t)));
                }
                out.push('>');
                out.push_str(&inner);
                out.push_str("</a>");
            }
            MarkKind::Highlight { class, id } => {
                out.push_str(&format!(
                    "<mark class=\"{class}\" id=\"{}\">{inner}</mark>",
                    esc(id)
                ));
            }
        }
        pos = r.end;
    }
    out.push_str(&esc(&text[pos..]));
    out
}

/// Sanitises HTML produced from Markdown that contained raw HTML: scripts, event handlers
/// and `javascript:` URLs go; the markup bangtin itself writes (ids, classes) stays.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "title", "lang"])
        .add_tags([
            "mark",
            "figure",
            "figcaption",
            "details",
            "summary",
            "section",
        ])
        .add_tag_attributes("td", ["style"])
        .link_rel(None)
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_soft_breaks_and_skip_code() {
        let mut runs = Vec::new();
        for_each_run(
            "Chỉ thị số 09-\nCT/TW và `06/CT-BCA`.\n\n```\n33/KH-UBND\n```\n",
            |i, t| runs.push((i, t.to_string())),
        );
        assert_eq!(runs[0], (0, "Chỉ thị số 09-\nCT/TW và ".to_string()));
        assert!(runs.iter().all(|(_, t)| !t.contains("33/KH-UBND")));
    }

    #[test]
    fn heading_ids_fold_vietnamese_and_dedupe() {
        let r = render("## Đảng ủy\n\n## Đảng ủy\n", &[]);
        assert!(
            r.html.contains("<h2 id=\"dang-uy\">Đảng ủy</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"dang-uy-2\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn footnote_ids_are_prefixed() {
        let r = render("Văn bản[^1].\n\n[^1]: Ghi chú.\n", &[]);
        assert!(r.html.contains("href=\"#fn-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn-1\""), "{}", r.html);
        assert!(!r.html.contains("id=\"1\""), "{}", r.html);
    }

    #[test]
    fn marks_wrap_ranges_and_escape_text() {
        let text = "theo Kết luận số 44-KL/TW & 1 < 2";
        let start = text.find("Kết").unwrap();
        let end = text.find(" & 1").unwrap();
        let marks = vec![Mark {
            run: 0,
            range: start..end,
            kind: MarkKind::Link {
                href: "/van-ban/44-kl-tw/".into(),
                class: "ref",
                id: None,
                title: None,
            },
        }];
        let r = render(text, &marks);
        assert!(r.html.contains("<a class=\"ref\" href=\"/van-ban/44-kl-tw/\">Kết luận số 44-KL/TW</a> &amp; 1 &lt; 2"), "{}", r.html);
    }

    #[test]
    fn a_known_image_alone_is_a_figure_and_one_in_a_sentence_an_img() {
        let pic = Picture {
            src: "/hinh/ab-800.webp".into(),
            srcset: "/hinh/ab-480.webp 480w, /hinh/ab-800.webp 800w".into(),
            width: 800,
            height: 600,
        };
        let known = |url: &str| (url == "le-ra-quan.jpg").then(|| pic.clone());
        let r = render_with(
            "Mở đầu.\n\n![Lực lượng ra quân](le-ra-quan.jpg \"Ảnh: Minh Anh\")\n\nẢnh nhỏ ![cờ](le-ra-quan.jpg) giữa câu; ![khác](khac.png).\n",
            &[],
            &known,
        );
        assert!(r.html.contains("<figure><img src=\"/hinh/ab-800.webp\" srcset=\"/hinh/ab-480.webp 480w, /hinh/ab-800.webp 800w\" sizes=\"(max-width: 50rem) 100vw, 50rem\" width=\"800\" height=\"600\" alt=\"Lực lượng ra quân\" loading=\"lazy\" decoding=\"async\"><figcaption>Ảnh: Minh Anh</figcaption></figure>"), "{}", r.html);
        assert!(
            r.html.contains("<p>Ảnh nhỏ <img src=\"/hinh/ab-800.webp\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("alt=\"cờ\""), "{}", r.html);
        // An image `pictures` does not know is left as Markdown writes it.
        assert!(
            r.html.contains("<img src=\"khac.png\" alt=\"khác\" />"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_is_sanitised() {
        let r = render("<script>alert(1)</script>\n\n<p onclick=\"x()\">hi</p>\n\n<a href=\"javascript:alert(1)\">x</a>", &[]);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
    }
}
