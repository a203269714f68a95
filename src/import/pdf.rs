//! The text of a PDF with a text layer, rebuilt from measurements: pdf-extract gives each glyph
//! with its position and font size; glyphs become lines (by baseline, superscript footnote
//! markers kept on their line), lines become column segments (by the gaps between them), and
//! the page's parts are told apart by what can be measured: footnotes are the smaller-font
//! lines at the bottom of a page, page numbers and running headers sit in the margins, the
//! header and closing tables are two columns read one after the other, and paragraphs end
//! where the space between lines grows or a line stops short of the right margin.

use crate::diag::Diagnostic;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::path::Path;

/// Larger files are refused rather than read for minutes: a signed plan is rarely over a few
/// megabytes, even with its photos.
const MAX_BYTES: u64 = 60 * 1024 * 1024;
/// Pages read at most; a plan is a few pages, an annual report a few dozen.
const MAX_PAGES: usize = 300;
/// Glyphs read at most (about 600 full pages of text).
const MAX_GLYPHS: usize = 2_000_000;
/// How long the reading may take before it is given up.
const MAX_SECONDS: u64 = 60;

/// One glyph: its baseline's left end (y grows down the page), advance, size and text.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    advance: f64,
    size: f64,
    text: String,
}

/// One page's glyphs in content order.
#[derive(Debug, Default, Clone)]
struct Page {
    glyphs: Vec<Glyph>,
}

/// pdf-extract's output device that keeps the glyphs of each page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    flip: Option<Transform>,
    glyphs: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip = Some(Transform::row_major(
            1.,
            0.,
            0.,
            -1.,
            0.,
            media_box.ury - media_box.lly,
        ));
        self.pages.push(Page::default());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let (Some(flip), Some(page)) = (self.flip, self.pages.last_mut()) else {
            return Ok(());
        };
        let at = trm.post_transform(&flip);
        // The side of the square with the area of the transformed em box, as pdf-extract's
        // own plain-text output measures it.
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt();
        if !size.is_finite() || size <= 0.0 || text.is_empty() {
            return Ok(());
        }
        page.glyphs.push(Glyph {
            x: at.m31,
            y: at.m32,
            advance: width * size,
            size,
            text: text.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    Encrypted,
    Broken(String),
    TooManyPages(usize),
    TooMuchText,
    TooSlow,
}

thread_local! {
    /// Set while pdf-extract runs on this thread: a panic there is reported as a broken file,
    /// not printed as a crash.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent on a thread reading a PDF and otherwise
/// does what the previous hook did.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

/// The glyphs of every page. pdf-extract and lopdf index and `unwrap` freely on malformed
/// files (a missing MediaBox or content stream panics), so the reading runs under
/// `catch_unwind`, on a thread of its own that is given up after `MAX_SECONDS`.
fn extract(bytes: &[u8]) -> Result<Vec<Page>, Failure> {
    quiet_panics();
    let bytes = bytes.to_vec();
    let (send, receive) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pdf".into())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            QUIET.with(|q| q.set(true));
            let result = std::panic::catch_unwind(|| extract_here(&bytes))
                .unwrap_or_else(|_| Err(Failure::Broken("lỗi khi giải mã nội dung".into())));
            let _ = send.send(result);
        });
    if spawned.is_err() {
        return Err(Failure::Broken("không tạo được luồng đọc".into()));
    }
    match receive.recv_timeout(std::time::Duration::from_secs(MAX_SECONDS)) {
        Ok(result) => result,
        Err(_) => Err(Failure::TooSlow),
    }
}

fn extract_here(bytes: &[u8]) -> Result<Vec<Page>, Failure> {
    use pdf_extract::Error;
    let doc = match pdf_extract::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(Error::Decryption(_) | Error::InvalidPassword) => return Err(Failure::Encrypted),
        Err(e) => return Err(Failure::Broken(e.to_string())),
    };
    if doc.is_encrypted() {
        return Err(Failure::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(Failure::TooManyPages(pages.len()));
    }
    let mut out = Collector::default();
    for &n in pages.keys() {
        if let Err(e) = pdf_extract::output_doc_page(&doc, &mut out, n) {
            if out.glyphs > MAX_GLYPHS {
                return Err(Failure::TooMuchText);
            }
            return Err(Failure::Broken(e.to_string()));
        }
    }
    Ok(out.pages)
}

/// A line of a page: its baseline, body font size (superscripts left out) and its glyphs from
/// left to right.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    y: f64,
    size: f64,
    glyphs: Vec<Glyph>,
}

impl Line {
    fn x0(&self) -> f64 {
        self.glyphs.first().map_or(0.0, |g| g.x)
    }
    fn x1(&self) -> f64 {
        self.glyphs
            .iter()
            .rev()
            .find(|g| !g.text.trim().is_empty())
            .map_or(0.0, |g| g.x + g.advance)
    }
    /// Whether a glyph is a raised, smaller footnote marker.
    fn superscript(&self, g: &Glyph) -> bool {
        g.size < 0.85 * self.size && g.y < self.y - 0.1 * self.size
    }
    /// The footnote number the line starts with in superscript, and the glyphs after it.
    fn leading_marker(&self) -> Option<(usize, &[Glyph])> {
        let n = self
            .glyphs
            .iter()
            .take_while(|g| self.superscript(g) && g.text.chars().all(|c| c.is_ascii_digit()))
            .count();
        let digits: String = self.glyphs[..n].iter().map(|g| g.text.as_str()).collect();
        digits.parse().ok().map(|d| (d, &self.glyphs[n..]))
    }
    fn text(&self) -> String {
        text_of(&self.glyphs)
    }
    /// The width of the line's first word.
    fn first_word(&self) -> f64 {
        let mut end = self.x0();
        for g in &self.glyphs {
            if g.text.trim().is_empty() || g.x > end + 0.15 * self.size {
                break;
            }
            end = g.x + g.advance;
        }
        end - self.x0()
    }
}

/// The text of glyphs left to right, with a space where the gap between two is wider than a
/// sixth of an em and none is drawn, in NFC.
fn text_of(glyphs: &[Glyph]) -> String {
    let mut out = String::new();
    let mut end = f64::NEG_INFINITY;
    for g in glyphs {
        if g.text.trim().is_empty() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            if g.x > end + 0.15 * g.size && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push_str(&g.text);
        }
        end = end.max(g.x + g.advance);
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    crate::text::nfc(&words.join(" "))
}

/// The glyphs of a page as lines, top to bottom. Glyphs share a line when their ascender bands
/// overlap by half, so a raised, smaller footnote marker stays on the line it marks.
fn page_lines(page_no: usize, page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // (band top, band bottom, size of the largest glyph, glyphs)
    let mut groups: Vec<(f64, f64, f64, Vec<&Glyph>)> = Vec::new();
    for g in glyphs {
        let (top, bottom) = (g.y - 0.7 * g.size, g.y);
        let found = groups.iter_mut().rev().take(4).find(|(t, b, _, _)| {
            let overlap = bottom.min(*b) - top.max(*t);
            overlap > 0.5 * (bottom - top).min(*b - *t)
        });
        match found {
            Some(group) => {
                if g.size > group.2 * 1.05 {
                    (group.0, group.1, group.2) = (top, bottom, g.size);
                }
                group.3.push(g);
            }
            None => groups.push((top, bottom, g.size, vec![g])),
        }
    }
    let mut lines: Vec<Line> = groups
        .into_iter()
        .filter(|(_, _, _, gs)| gs.iter().any(|g| !g.text.trim().is_empty()))
        .map(|(_, y, size, gs)| {
            let mut glyphs: Vec<Glyph> = gs.into_iter().cloned().collect();
            glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
            while glyphs.first().is_some_and(|g| g.text.trim().is_empty()) {
                glyphs.remove(0);
            }
            Line {
                page: page_no,
                y,
                size,
                glyphs,
            }
        })
        .collect();
    lines.sort_by(|a, b| a.y.total_cmp(&b.y));
    lines
}

/// The document's parts as measured: header lines (left column, then right), body paragraphs,
/// closing lines (left column, then right), and footnote bodies in their order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Parts {
    pub header: Vec<String>,
    pub body: Vec<String>,
    pub closing: Vec<String>,
    pub notes: Vec<String>,
    /// Tables in Markdown; the body holds `table_mark(i)` as the paragraph where table `i` is.
    pub tables: Vec<String>,
}

/// The paragraph that stands for table `i` in `Parts::body` until the body is Markdown.
pub fn table_mark(i: usize) -> String {
    format!("\u{E000}{i}\u{E000}")
}

/// The usual distance between the baselines of two lines of one paragraph: the most frequent
/// gap between neighbouring lines, in half points.
fn line_pitch(lines: &[Line]) -> f64 {
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for w in lines.windows(2) {
        let gap = w[1].y - w[0].y;
        if w[0].page == w[1].page && gap > 0.9 * w[0].size && gap < 2.0 * w[0].size {
            *counts.entry((gap * 2.0).round() as i64).or_default() += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or(14.0, |(g, _)| *g as f64 / 2.0)
}

/// The lines that are page numbers or running headers and footers: the first or last line of
/// a page that is a number alone, or whose text (digits aside) is also the first or last line
/// of another page at the same height.
fn margin_lines(lines: &[Line]) -> Vec<bool> {
    let edge: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            i == 0
                || lines[i - 1].page != lines[i].page
                || i + 1 == lines.len()
                || lines[i + 1].page != lines[i].page
        })
        .collect();
    let shapes: Vec<(usize, String)> = edge
        .iter()
        .map(|&i| (i, lines[i].text().replace(|c: char| c.is_ascii_digit(), "")))
        .collect();
    let mut out = vec![false; lines.len()];
    for (i, shape) in &shapes {
        let l = &lines[*i];
        out[*i] = super::lines::is_page_number(&l.text())
            || shapes.iter().any(|(j, other)| {
                let o = &lines[*j];
                o.page != l.page && (o.y - l.y).abs() < 2.0 && other == shape
            });
    }
    out
}

/// Lines split at a column boundary: those of the left column, then those of the right.
fn columns(lines: &[Line], boundary: f64) -> (Vec<Line>, Vec<Line>) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for l in lines {
        let (a, b): (Vec<Glyph>, Vec<Glyph>) =
            l.glyphs.iter().cloned().partition(|g| g.x < boundary - 1.0);
        for (side, glyphs) in [(&mut left, a), (&mut right, b)] {
            let mut glyphs = glyphs;
            while glyphs.first().is_some_and(|g| g.text.trim().is_empty()) {
                glyphs.remove(0);
            }
            if glyphs.iter().any(|g| !g.text.trim().is_empty()) {
                side.push(Line {
                    glyphs,
                    ..l.clone()
                });
            }
        }
    }
    (left, right)
}

/// Where the right column of a two-column block starts: the leftmost start of a run of text
/// after a gutter wider than `GUTTER_EMS`, or `None` for one column.
fn column_boundary(lines: &[Line]) -> Option<f64> {
    let mut best: Option<f64> = None;
    for l in lines {
        let mut end = f64::NEG_INFINITY;
        for g in &l.glyphs {
            if g.text.trim().is_empty() {
                continue;
            }
            if end.is_finite() && g.x - end > GUTTER_EMS * l.size {
                best = Some(best.map_or(g.x, |b: f64| b.min(g.x)));
                break;
            }
            end = g.x + g.advance;
        }
    }
    best
}

/// A gap wider than this many ems between two glyphs on a line separates columns.
const GUTTER_EMS: f64 = 1.8;

/// Bullets Word and LibreOffice draw for list items.
const BULLETS: &[char] = &[
    '•', '◦', '▪', '■', '●', '\u{f0b7}', '\u{f0a7}', '–', '+', '-',
];

/// Joins the lines of a column into paragraphs: a paragraph ends where the gap to the next
/// line is wider than a line's (paragraph spacing), where the next line's first word would have
/// fitted on the line (so the line was ended, not wrapped), where the next line starts a bullet
/// item, or where its left edge leaves the paragraph's.
fn paragraphs(lines: &[Line], pitch: f64, margin: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The left edge of the current paragraph's second and later lines.
    let mut body_x: Option<f64> = None;
    let mut prev: Option<&Line> = None;
    for l in lines {
        let text = l.text();
        let bullet = text.starts_with(BULLETS) && text.chars().nth(1) == Some(' ');
        let joins = prev.is_some_and(|p| {
            let em = l.size;
            let gap_ok = p.page != l.page || l.y - p.y < 1.25 * pitch;
            let wrapped = p.x1() + 0.3 * em + l.first_word() > margin - 0.2 * em;
            // A paragraph's second line may start left of its first (a first-line indent) or
            // right of it (a hanging bullet); the lines after keep to the second's edge.
            let edge_ok = body_x.is_none_or(|x| (l.x0() - x).abs() < 0.5 * em);
            gap_ok && wrapped && edge_ok && !bullet
        });
        match out.last_mut() {
            Some(last) if joins => {
                if !wrapped_symbol(last) {
                    last.push(' ');
                }
                last.push_str(&text);
                body_x = Some(l.x0());
            }
            _ => {
                out.push(match text.strip_prefix(BULLETS) {
                    Some(rest) if bullet => format!("- {}", rest.trim_start()),
                    _ => text,
                });
                body_x = None;
            }
        }
        prev = Some(l);
    }
    out
}

/// Whether text ends inside a symbol wrapped after its dash ("Chỉ thị số 09-" / "CT/TW",
/// "Chỉ thị số 08/CT-" / "UBND"), which joins the next line without a space.
fn wrapped_symbol(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or_default();
    last.len() > 1
        && last.ends_with('-')
        && (last.contains('/') || last[..last.len() - 1].ends_with(|c: char| c.is_ascii_digit()))
}

/// Each line of a column on its own, a line that does not start a dashed item joined to the
/// dashed item above it ("- Công an tỉnh (Ban Chỉ đạo" / "138 tỉnh);").
fn closing_lines(lines: &[Line], pitch: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in lines {
        let text = l.text();
        let continues = prev.is_some_and(|p| l.y - p.y < 1.25 * pitch && p.page == l.page)
            && !text.starts_with('-')
            && out.last().is_some_and(|o| o.starts_with('-'));
        match out.last_mut() {
            Some(last) if continues => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => out.push(text),
        }
        prev = Some(l);
    }
    out
}

/// Reads the parts of a document from its pages.
fn parts(pages: &[Page]) -> Parts {
    let all: Vec<Line> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| page_lines(i, p))
        .collect();
    let margin = margin_lines(&all);
    let kept: Vec<Line> = (0..all.len())
        .filter(|&i| !margin[i])
        .map(|i| all[i].clone())
        .collect();
    let pitch = line_pitch(&kept);
    let body_size = {
        let mut sizes: Vec<f64> = kept.iter().map(|l| l.size).collect();
        sizes.sort_by(f64::total_cmp);
        sizes.get(sizes.len() / 2).copied().unwrap_or(12.0)
    };

    // Footnotes: from a line after a wide gap that starts with the next footnote number in
    // superscript, to the end of its page.
    let mut notes: Vec<String> = Vec::new();
    let mut text_lines: Vec<Line> = Vec::new();
    let mut in_notes: Option<usize> = None;
    for (i, l) in kept.iter().enumerate() {
        let new_page = i == 0 || kept[i - 1].page != l.page;
        if new_page {
            in_notes = None;
        }
        // After a gap wider than the text's spacing (the footnote rule sits in it), or set
        // smaller than the text (Word sets footnotes at about 10 pt under 12–14 pt text).
        let after_gap = i > 0 && !new_page && l.y - kept[i - 1].y > 1.4 * pitch;
        let smaller = l.size < 0.85 * body_size;
        match l.leading_marker() {
            Some((n, rest))
                if n == notes.len() + 1 && (after_gap || smaller || in_notes.is_some()) =>
            {
                notes.push(text_of(rest));
                in_notes = Some(l.page);
                continue;
            }
            _ => {}
        }
        if in_notes.is_some() {
            if let Some(last) = notes.last_mut() {
                if !wrapped_symbol(last) {
                    last.push(' ');
                }
                last.push_str(&l.text());
            }
            continue;
        }
        text_lines.push(l.clone());
    }

    let mut parts = Parts {
        notes,
        ..Parts::default()
    };
    let texts: Vec<String> = text_lines.iter().map(Line::text).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let type_at = super::front::type_line(&refs)
        .map(|(i, _)| i)
        .filter(|&i| text_lines[..i].iter().all(|l| l.page == text_lines[i].page));
    let body_start = type_at.unwrap_or(0);
    if let Some(at) = type_at {
        let head = &text_lines[..at];
        match column_boundary(head) {
            Some(b) => {
                let (left, right) = columns(head, b);
                parts.header = paragraphs_loose(&left, pitch);
                parts.header.extend(paragraphs_loose(&right, pitch));
            }
            None => parts.header = paragraphs_loose(head, pitch),
        }
    }
    let closing_at = texts
        .iter()
        .rposition(|t| t.ends_with("./."))
        .map(|i| i + 1)
        .or_else(|| {
            texts
                .iter()
                .position(|t| crate::text::fold(t).starts_with("noi nhan"))
        })
        .unwrap_or(texts.len())
        .max(body_start);
    let margin = text_lines[body_start..closing_at]
        .iter()
        .map(Line::x1)
        .fold(0.0, f64::max);
    let body = &text_lines[body_start..closing_at];
    let mut from = 0;
    for (start, end, table) in tables(body, pitch) {
        parts
            .body
            .extend(paragraphs(&body[from..start], pitch, margin));
        parts.body.push(table_mark(parts.tables.len()));
        parts.tables.push(table);
        from = end;
    }
    parts.body.extend(paragraphs(&body[from..], pitch, margin));
    let tail = &text_lines[closing_at..];
    match column_boundary(tail) {
        Some(b) => {
            let (left, right) = columns(tail, b);
            parts.closing = closing_lines(&left, pitch);
            parts.closing.extend(right.iter().map(Line::text));
        }
        None => parts.closing = closing_lines(tail, pitch),
    }
    parts
}

/// The horizontal extents of a line's words (runs of glyphs without a space or gap).
fn word_spans(l: &Line) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut open = false;
    for g in &l.glyphs {
        if g.text.trim().is_empty() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(w) if open && g.x <= w.1 + 0.15 * l.size => w.1 = g.x + g.advance,
            _ => out.push((g.x, g.x + g.advance)),
        }
        open = true;
    }
    out
}

/// The left edges of a table's columns, from a line whose runs of text are separated by gutters
/// ("Nội dung | Đơn vị chủ trì | Thời gian"); `None` for a line of running text.
fn column_starts(l: &Line) -> Option<Vec<f64>> {
    let words = word_spans(l);
    let mut starts = vec![words.first()?.0];
    for w in words.windows(2) {
        if w[1].0 - w[0].1 > GUTTER_EMS * l.size {
            starts.push(w[1].0);
        }
    }
    (starts.len() >= 2).then_some(starts)
}

/// Whether every word of a line lies inside one column, and the line starts in the first.
fn fits_columns(l: &Line, starts: &[f64]) -> bool {
    l.x0() > starts[0] - 0.5 * l.size
        && word_spans(l)
            .iter()
            .all(|&(a, b)| !starts[1..].iter().any(|&c| a < c - 1.0 && b > c + 1.0))
}

/// Tables in the body: from a line with gutters between its runs of text, the lines that keep
/// inside its columns (across a page break too, where the header row repeated is dropped). A
/// row ends where the space between lines grows (the cells' padding). Returns each table's
/// first and past-last line and its Markdown.
fn tables(lines: &[Line], pitch: f64) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(starts) = column_starts(&lines[i]) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < lines.len() {
            let (p, l) = (&lines[end - 1], &lines[end]);
            let near = if p.page == l.page {
                l.y - p.y < 2.0 * pitch
            } else {
                // The table went on to the next page: the previous line ended its page.
                true
            };
            if !near || !fits_columns(l, &starts) {
                break;
            }
            end += 1;
        }
        // Rows: a new row where the gap grows past a line's, or on a new page.
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (k, l) in lines[i..end].iter().enumerate() {
            let new_row = k == 0 || {
                let p = &lines[i + k - 1];
                p.page != l.page || l.y - p.y > 1.1 * pitch
            };
            if new_row {
                rows.push(vec![String::new(); starts.len()]);
            }
            let Some(row) = rows.last_mut() else { continue };
            for (c, cell) in row.iter_mut().enumerate() {
                let lo = starts[c] - 1.0;
                let hi = starts.get(c + 1).map_or(f64::INFINITY, |x| x - 1.0);
                let glyphs: Vec<Glyph> = l
                    .glyphs
                    .iter()
                    .filter(|g| g.x >= lo && g.x < hi)
                    .cloned()
                    .collect();
                let text = text_of(&glyphs);
                if text.is_empty() {
                    continue;
                }
                if !cell.is_empty() && !wrapped_symbol(cell) {
                    cell.push(' ');
                }
                cell.push_str(&text);
            }
        }
        if rows.len() >= 2 {
            let header = rows[0].clone();
            let line = |r: &[String]| {
                let cells: Vec<String> = r.iter().map(|t| super::lines::escape_inline(t)).collect();
                format!("| {} |", cells.join(" | "))
            };
            // A row LibreOffice split at a page break goes on, after the repeated header,
            // with a lower-case word: it is the end of the row before, not a row.
            let mut body_rows: Vec<Vec<String>> = Vec::new();
            for r in rows[1..].iter().filter(|r| **r != header) {
                let continues = r
                    .iter()
                    .find(|c| !c.is_empty())
                    .is_some_and(|c| c.starts_with(char::is_lowercase));
                match body_rows.last_mut() {
                    Some(last) if continues => {
                        for (to, from) in last.iter_mut().zip(r) {
                            if !from.is_empty() {
                                if !to.is_empty() && !wrapped_symbol(to) {
                                    to.push(' ');
                                }
                                to.push_str(from);
                            }
                        }
                    }
                    _ => body_rows.push(r.clone()),
                }
            }
            let mut md = vec![line(&header), format!("|{}", " --- |".repeat(header.len()))];
            md.extend(body_rows.iter().map(|r| line(r)));
            out.push((i, end, md.join("\n")));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Lines joined only where they are a paragraph's lines by their spacing (a header's agency
/// name wrapped in its column: "SỞ KHOA HỌC VÀ CÔNG" / "NGHỆ").
fn paragraphs_loose(lines: &[Line], pitch: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in lines {
        let text = l.text();
        match out.last_mut() {
            Some(last) if prev.is_some_and(|p| l.y - p.y < 1.25 * pitch) => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => out.push(text),
        }
        prev = Some(l);
    }
    out
}

/// Reads a PDF's text into a document, or says why it cannot.
pub fn read_pdf(path: &Path) -> Result<super::Document, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::io(path, &e))?
        .len();
    if size > MAX_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "tệp PDF quá lớn ({} MB; bangtin đọc tệp đến {} MB)",
                size / (1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
        )
        .help("tách riêng phần văn bản (bỏ ảnh, phụ lục) thành một tệp PDF nhỏ hơn, hoặc nhập bản Word (.docx)"));
    }
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(path, &e))?;
    let pages = extract(&bytes).map_err(|f| failure(path, f))?;
    let parts = parts(&pages);
    if parts.header.is_empty() && parts.body.is_empty() && parts.closing.is_empty() {
        return Err(Diagnostic::error(
            path,
            "tệp PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR) trước, hoặc xin bản Word",
        )
        .help("chạy phần mềm nhận dạng chữ (ví dụ `ocrmypdf -l vie tệp.pdf tệp-ocr.pdf`) rồi nhập tệp mới, hoặc xin cơ quan ban hành bản .docx"));
    }
    Ok(super::read_parts(&parts))
}

fn failure(path: &Path, f: Failure) -> Diagnostic {
    match f {
        Failure::Encrypted => Diagnostic::error(path, "tệp PDF được khóa bằng mật khẩu, bangtin không đọc được chữ")
            .help("mở tệp bằng mật khẩu rồi in (hoặc lưu) thành tệp PDF không khóa, hoặc xin bản Word (.docx)"),
        Failure::Broken(why) => Diagnostic::error(path, format!("tệp PDF bị hỏng hoặc không đúng định dạng (chi tiết kỹ thuật: {why})"))
            .help("mở thử tệp bằng trình đọc PDF; tải lại hoặc xin lại tệp, hoặc xin bản Word (.docx)"),
        Failure::TooManyPages(n) => Diagnostic::error(path, format!("tệp PDF quá dài ({n} trang; bangtin đọc đến {MAX_PAGES} trang)"))
            .help("tách riêng phần văn bản cần đăng thành một tệp PDF ngắn hơn rồi nhập"),
        Failure::TooMuchText => Diagnostic::error(path, format!("tệp PDF có quá nhiều chữ (hơn {MAX_GLYPHS} ký tự)"))
            .help("tách riêng phần văn bản cần đăng thành một tệp PDF ngắn hơn rồi nhập"),
        Failure::TooSlow => Diagnostic::error(path, format!("đọc tệp PDF quá {MAX_SECONDS} giây, đã dừng"))
            .help("tệp có thể bị hỏng hoặc quá phức tạp; lưu lại tệp bằng trình đọc PDF (In thành PDF) rồi nhập lại, hoặc xin bản Word (.docx)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of glyphs as a PDF in a fixed-width font of `size` would give them.
    fn glyphs(x: f64, y: f64, size: f64, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * 0.5 * size,
                y,
                advance: 0.5 * size,
                size,
                text: c.to_string(),
            })
            .collect()
    }

    /// A page of lines `(x, y, text)` at 12 points; a `^` before digits makes them a raised
    /// 7-point footnote marker.
    fn page(lines: &[(f64, f64, &str)]) -> Page {
        let mut out = Page::default();
        for &(x, y, text) in lines {
            let mut at = x;
            for (k, part) in text.split('^').enumerate() {
                let digits = if k > 0 {
                    part.chars().take_while(char::is_ascii_digit).count()
                } else {
                    0
                };
                let (sup, rest) = part.split_at(digits);
                out.glyphs.extend(glyphs(at, y - 4.0, 7.0, sup));
                at += sup.len() as f64 * 3.5;
                out.glyphs.extend(glyphs(at, y, 12.0, rest));
                at += rest.chars().count() as f64 * 6.0;
            }
        }
        out
    }

    #[test]
    fn page_numbers_running_headers_and_footnotes_leave_the_text_by_their_place() {
        // Lines of 60 characters fill the measure (72 + 60 × 6 = 432 points).
        let full = "a".repeat(58);
        let p1 = page(&[
            (200.0, 40.0, "KE HOACH 33/KH-STP"),
            (72.0, 100.0, &format!("Mo dau {}", &full[7..])),
            (72.0, 116.0, &format!("tiep^1 {}", &full[7..])),
            (72.0, 132.0, &format!("dong {}", &full[5..])),
            (72.0, 400.0, "^1 Ghi chu mot."),
            (300.0, 760.0, "1"),
        ]);
        let p2 = page(&[
            (200.0, 40.0, "KE HOACH 33/KH-STP"),
            (72.0, 100.0, "het cau."),
            (90.0, 126.0, &format!("Doan hai {}", &full[9..])),
            (72.0, 142.0, "ket thuc doan hai."),
            (300.0, 760.0, "2"),
        ]);
        let p = parts(&[p1, p2]);
        assert_eq!(p.notes, ["Ghi chu mot."]);
        assert_eq!(p.body.len(), 2, "{:#?}", p.body);
        assert!(p.body[0].starts_with("Mo dau "), "{}", p.body[0]);
        assert!(p.body[0].contains(" tiep1 "), "{}", p.body[0]);
        assert!(p.body[0].ends_with(" het cau."), "{}", p.body[0]);
        assert!(p.body[1].starts_with("Doan hai ") && p.body[1].ends_with("doan hai."));
        for b in &p.body {
            assert!(!b.contains("KE HOACH") && !b.ends_with(" 2"), "{b}");
        }
    }

    #[test]
    fn a_symbol_wrapped_after_its_dash_is_one_word() {
        assert!(wrapped_symbol("Chỉ thị số 09-"));
        assert!(wrapped_symbol("Chỉ thị số 08/CT-"));
        assert!(!wrapped_symbol("kinh tế -"));
        assert!(!wrapped_symbol("Tổ-"));
    }
}
