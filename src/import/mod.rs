//! `bangtin import`: the plain text of a signed administrative document (what PDF text
//! extraction gives) becomes a page: front matter read from the document's own layout, and a
//! Markdown body with its wrapped lines joined, its parts as headings and its footnotes linked.
//!
//! A Word file (.docx) is read with its own structure (`docx`): headings, numbering, tables,
//! footnotes and pictures come from Word, and the front matter from the same layout rules. A
//! PDF's text is rebuilt from where each character sits (`pdf`): paragraphs, footnotes and
//! tables come from its layout, then the same rules.
//!
//! Nothing is invented: a field the text does not give is left out, with a warning naming it.

mod docx;
mod front;
mod lines;
mod pdf;

use crate::analysis::deadlines::{find_deadlines, Span};
use crate::analysis::references::{canonical_symbol, find_citations};
use crate::diag::Diagnostic;
use crate::text::slugify;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub use front::{agency_case, place_and_date, title_case};

/// What the imported file becomes, which decides its section and front-matter keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Plan,
    Commendation,
    Page,
}

impl ImportKind {
    /// The content section a page of this kind goes to ("" for a plain page).
    pub fn section(self) -> &'static str {
        match self {
            ImportKind::Plan => "ke-hoach",
            ImportKind::Commendation => "khen-thuong",
            ImportKind::Page => "",
        }
    }
}

/// Who signed the document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Signer {
    pub name: Option<String>,
    pub title: Option<String>,
    pub authority: Option<String>,
}

/// A deadline with a day, as front matter takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayDeadline {
    pub date: Date,
    pub title: String,
}

/// A picture of the document, written beside the page as an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The file name the body uses ("anh-1.png"); the page's slug is put in front when written.
    pub name: String,
    /// The description Word keeps for it ("" when there is none).
    pub alt: String,
    pub bytes: Vec<u8>,
}

/// A document read from its text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: Option<String>,
    pub number: Option<String>,
    pub place: Option<String>,
    pub date: Option<Date>,
    /// The year the title names ("… năm 2024") when the document has no date: deadlines
    /// without a year take it, as bangtin's `year` key does.
    pub year: Option<i16>,
    pub issuer: Option<String>,
    /// True when the issuer was read from the first sentence, not from the header.
    pub issuer_from_text: bool,
    pub parent: Option<String>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
    pub basis: Vec<String>,
    pub deadlines: Vec<DayDeadline>,
    /// The body in Markdown.
    pub body: String,
    /// Footnotes whose marker was not found in the text: their bodies are kept at the end.
    pub unlinked_footnotes: Vec<usize>,
    /// The pictures the body shows, in order.
    pub images: Vec<Image>,
}

/// The text as lines without a carriage return or a byte-order mark.
fn split_lines(text: &str) -> Vec<&str> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .collect()
}

/// The year in "… năm 2024" at the end of a title.
fn title_year(title: &str) -> Option<i16> {
    let f = crate::text::fold(title);
    let at = f.rfind("nam ")?;
    let digits: String = f[at + 4..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let y: i16 = digits.parse().ok()?;
    (digits.len() == 4 && (1945..=2100).contains(&y)).then_some(y)
}

/// The front matter a document's layout gives, read from its lines: the header, the title
/// under the document type, the closing block; and where the body lies among the lines.
struct Layout {
    doc: Document,
    doc_type: Option<String>,
    body: std::ops::Range<usize>,
}

fn layout(lines: &[&str]) -> Layout {
    let mut doc = Document::default();
    let mut body_start = 0;
    let mut doc_type = None;
    if let Some((at, ty)) = front::type_line(lines) {
        let h = front::header(&lines[..at]);
        doc.issuer = match (&h.parent, h.issuer) {
            (Some(p), Some(i)) => Some(front::full_issuer(p, &i)),
            (_, i) => i,
        };
        doc.parent = h.parent;
        doc.number = h.number;
        doc.place = h.place;
        doc.date = h.date;
        let (title, end) = front::title(lines, at + 1);
        doc.title = title;
        doc_type = Some(ty);
        body_start = end;
    }
    let body_end = front::closing_start(lines).max(body_start);
    let (recipients, s) = front::closing(&lines[body_end..]);
    doc.recipients = recipients;
    if s != front::SignerFound::default() {
        doc.signer = Some(Signer {
            name: s.name,
            title: s.title,
            authority: s.authority,
        });
    }
    Layout {
        doc,
        doc_type,
        body: body_start..body_end,
    }
}

/// What the body's paragraphs (in plain text) give: the page title naming the document type,
/// the issuer and basis of the opening sentence, the deadlines with a day.
fn from_body(doc: &mut Document, doc_type: Option<&str>, paragraphs: &[String]) {
    if let (Some(ty), Some(t)) = (doc_type, &doc.title) {
        // "Kế hoạch" + "Thực hiện phong trào…": the page title names the document type, as an
        // editor would type it.
        let mut cs = t.chars();
        let first_word_upper = t
            .split_whitespace()
            .next()
            .is_some_and(|w| !w.chars().any(char::is_lowercase));
        let rest = match cs.next() {
            Some(c) if !first_word_upper => c.to_lowercase().chain(cs).collect(),
            _ => t.clone(),
        };
        doc.year = doc.date.is_none().then(|| title_year(t)).flatten();
        doc.title = Some(format!("{ty} {rest}"));
    }
    // The opening sentence: the first paragraph before the first heading.
    if let Some(opening) = paragraphs
        .first()
        .filter(|p| lines::roman_part(p).is_none())
    {
        if doc.issuer.is_none() {
            doc.issuer = front::issuer_from_opening(opening);
            doc.issuer_from_text = doc.issuer.is_some();
        }
        if front::is_opening(opening) {
            // A document named again ("viết tắt là Kết luận số 44-KL/TW") is listed once.
            let mut seen = Vec::new();
            for c in find_citations(opening) {
                let key = canonical_symbol(&c.symbol).unwrap_or_else(|| c.symbol.clone());
                if !seen.contains(&key) {
                    seen.push(key);
                    let words: Vec<&str> = opening[c.range].split_whitespace().collect();
                    doc.basis.push(words.join(" "));
                }
            }
        }
    }
    let year = doc.date.map(|d| d.year()).or(doc.year);
    let joined = paragraphs.join("\n\n");
    for d in find_deadlines(&joined, year) {
        if let Span::Day(date) = d.span {
            if !doc.deadlines.iter().any(|x| x.date == date) {
                doc.deadlines.push(DayDeadline {
                    date,
                    title: d.title.to_string(),
                });
            }
        }
    }
}

/// Reads a document from its plain text.
pub fn read_text(text: &str) -> Document {
    let text = crate::text::nfc(text);
    let all = split_lines(&text);
    let (without_notes, notes) = lines::take_footnotes(&all);
    let kept: Vec<&str> = without_notes
        .into_iter()
        .filter(|l| !l.trim().is_empty() && !lines::is_page_number(l))
        .collect();
    let Layout {
        mut doc,
        doc_type,
        body,
    } = layout(&kept);
    let paragraphs = lines::paragraphs(&kept[body]);
    from_body(&mut doc, doc_type.as_deref(), &paragraphs);
    let (body, missing) = lines::to_markdown(&paragraphs, &notes);
    doc.body = body;
    doc.unlinked_footnotes = missing;
    doc
}

/// Reads a document from the parts a PDF's layout gives: its paragraphs already joined and
/// its footnotes already separated, so nothing is guessed from line widths.
fn read_parts(parts: &pdf::Parts) -> Document {
    let all: Vec<&str> = parts
        .header
        .iter()
        .chain(&parts.body)
        .chain(&parts.closing)
        .map(String::as_str)
        .collect();
    let Layout {
        mut doc,
        doc_type,
        body,
    } = layout(&all);
    let paragraphs: Vec<String> = all[body].iter().map(|p| p.trim().to_string()).collect();
    from_body(&mut doc, doc_type.as_deref(), &paragraphs);
    let (mut md, missing) = lines::to_markdown(&paragraphs, &parts.notes);
    for (i, table) in parts.tables.iter().enumerate() {
        md = md.replace(&pdf::table_mark(i), table);
    }
    doc.body = md;
    doc.unlinked_footnotes = missing;
    doc
}

/// Reads a Word file's bytes: the layout from its lines, the body from its structure.
pub fn read_docx(path: &Path, bytes: &[u8]) -> Result<Document, Diagnostic> {
    let word = docx::read(path, bytes)?;
    let lines: Vec<&str> = word.lines.iter().map(String::as_str).collect();
    let Layout {
        mut doc,
        doc_type,
        body,
    } = layout(&lines);
    let (md, plain, images) = docx::body(&word, body);
    from_body(&mut doc, doc_type.as_deref(), &plain);
    doc.body = md;
    doc.images = images;
    Ok(doc)
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

impl Document {
    /// The Markdown file: front matter with the keys `kind` takes, then the body.
    pub fn to_page(&self, kind: ImportKind) -> String {
        let mut fm = String::from("---\n");
        let mut line = |k: &str, v: String| {
            let sep = if v.starts_with('\n') { "" } else { " " };
            fm.push_str(&format!("{k}:{sep}{v}\n"))
        };
        if let Some(t) = &self.title {
            line("title", quote(t));
        }
        if let Some(d) = self.date {
            line("date", d.to_string());
        }
        let plan = kind == ImportKind::Plan;
        if kind == ImportKind::Commendation {
            if let Some(form) = self.commendation_form() {
                line("form", form.to_string());
            }
            // The decision's own symbol: a reference like any other, so the decision's page
            // lists who cites it.
            if let Some(n) = &self.number {
                line("decision", quote(n));
            }
        }
        if plan {
            if let Some(n) = &self.number {
                line("number", quote(n));
            }
        }
        if kind != ImportKind::Page {
            if let Some(i) = &self.issuer {
                line("issuer", quote(i));
            }
        }
        if plan {
            if let Some(p) = &self.parent {
                line("parent", quote(p));
            }
            if let Some(p) = &self.place {
                line("place", quote(p));
            }
            if let Some(y) = self.year {
                line("year", y.to_string());
            }
            if let Some(s) = &self.signer {
                let parts: Vec<String> = [
                    ("name", &s.name),
                    ("title", &s.title),
                    ("authority", &s.authority),
                ]
                .iter()
                .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {}", quote(v))))
                .collect();
                line("signer", format!("{{ {} }}", parts.join(", ")));
            }
            let list = |items: &[String]| {
                items
                    .iter()
                    .map(|i| format!("\n  - {}", quote(i)))
                    .collect::<String>()
            };
            if !self.basis.is_empty() {
                line("basis", list(&self.basis));
            }
            if !self.recipients.is_empty() {
                line("recipients", list(&self.recipients));
            }
            if !self.deadlines.is_empty() {
                let items: String = self
                    .deadlines
                    .iter()
                    .map(|d| format!("\n  - {{ date: {}, title: {} }}", d.date, quote(&d.title)))
                    .collect();
                line("deadlines", items);
            }
        }
        if !self.images.is_empty() {
            let items: String = self
                .images
                .iter()
                .enumerate()
                .map(|(i, im)| {
                    let title = if im.alt.is_empty() {
                        format!("Ảnh {}", i + 1)
                    } else {
                        im.alt.clone()
                    };
                    format!(
                        "\n  - {{ path: {}, title: {} }}",
                        quote(&im.name),
                        quote(&title)
                    )
                })
                .collect();
            line("attachments", items);
        }
        fm.push_str("---\n\n");
        fm.push_str(&self.body);
        fm
    }

    /// The document with its pictures named after the page ("<slug>-anh-1.png"), so pictures
    /// of pages in one folder never share a name.
    pub fn with_images_named_for(&self, slug: &str) -> Document {
        let mut doc = self.clone();
        for im in &mut doc.images {
            let name = format!("{slug}-{}", im.name);
            doc.body = doc
                .body
                .replace(&format!("]({})", im.name), &format!("]({name})"));
            im.name = name;
        }
        doc
    }

    /// The form of award a commendation's title names ("… tặng Bằng khen …"), as bangtin's
    /// `form` key writes it.
    pub fn commendation_form(&self) -> Option<&'static str> {
        let title = crate::text::fold(self.title.as_deref()?);
        [
            ("co thi dua", "co-thi-dua"),
            ("bang khen", "bang-khen"),
            ("giay khen", "giay-khen"),
        ]
        .iter()
        .find(|(words, _)| title.contains(words))
        .map(|&(_, form)| form)
    }

    /// A warning for each field the text did not give, and for what was read but needs a look.
    pub fn warnings(&self, source: &Path, kind: ImportKind) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if kind == ImportKind::Commendation && self.commendation_form().is_none() {
            out.push(
                Diagnostic::warning(source, "tiêu đề không nêu hình thức khen thưởng (`form`); trang chưa dựng được khi chưa có khóa này")
                    .help("thêm `form: bang-khen` (hoặc co-thi-dua, giay-khen) vào phần đầu trang"),
            );
        }
        let mut missing = |key: &str, what: &str, help: &str| {
            out.push(
                Diagnostic::warning(
                    source,
                    format!("không tìm thấy {what} (`{key}`); trang được tạo không có khóa này"),
                )
                .help(help.to_string()),
            );
        };
        if self.title.is_none() {
            missing("title", "tiêu đề", "văn bản cần có dòng tên loại (KẾ HOẠCH, QUYẾT ĐỊNH…) và tiêu đề ngay dưới; ghi `title` vào phần đầu trang");
        }
        if self.date.is_none() {
            missing(
                "date",
                "ngày ban hành",
                "ghi `date` theo dòng \"…, ngày … tháng … năm …\" của bản ký",
            );
        }
        if kind == ImportKind::Commendation && self.number.is_none() {
            missing(
                "decision",
                "số quyết định",
                "ghi `decision` theo dòng \"Số: …/QĐ-…\" của quyết định",
            );
        }
        if kind == ImportKind::Plan {
            if self.number.is_none() {
                missing(
                    "number",
                    "số hiệu",
                    "ghi `number` theo dòng \"Số: …\" của bản ký",
                );
            }
            if self.place.is_none() {
                missing(
                    "place",
                    "địa danh",
                    "ghi `place` theo dòng \"…, ngày … tháng … năm …\"",
                );
            }
            if self.parent.is_none() {
                missing("parent", "cơ quan chủ quản", "ghi `parent` nếu văn bản có dòng cơ quan cấp trên ở đầu; không có thì dùng `parent:` của bangtin.yaml");
            }
            match &self.signer {
                None => missing(
                    "signer",
                    "người ký",
                    "ghi `signer: { name: \"…\", title: \"…\" }` theo phần chữ ký",
                ),
                Some(s) if s.name.is_none() => missing(
                    "signer.name",
                    "tên người ký",
                    "bản này không có tên dưới chức vụ; ghi `name` trong `signer` theo bản ký",
                ),
                Some(_) => {}
            }
            if self.recipients.is_empty() {
                missing(
                    "recipients",
                    "nơi nhận",
                    "ghi `recipients` theo khối \"Nơi nhận:\"",
                );
            }
        }
        if kind != ImportKind::Page {
            if self.issuer.is_none() {
                missing(
                    "issuer",
                    "cơ quan ban hành",
                    "ghi `issuer` theo tên cơ quan ở đầu văn bản",
                );
            } else if self.issuer_from_text {
                out.push(
                    Diagnostic::warning(
                        source,
                        format!(
                            "văn bản không có phần đầu; cơ quan ban hành `{}` lấy từ câu mở đầu",
                            self.issuer.as_deref().unwrap_or_default()
                        ),
                    )
                    .help("kiểm tra `issuer` và thêm tên địa phương nếu câu mở đầu không nêu (ví dụ \"Sở Tư pháp tỉnh …\")"),
                );
            }
        }
        for (i, im) in self.images.iter().enumerate() {
            if im.alt.is_empty() {
                out.push(
                    Diagnostic::warning(source, format!("ảnh thứ {} trong văn bản không có lời mô tả; người đọc bằng phần mềm đọc màn hình sẽ không biết ảnh nói gì", i + 1))
                        .help(format!("ghi mô tả ngắn vào giữa `![` và `]` của `{}` trong trang (ví dụ `![Hội nghị triển khai kế hoạch]`)", im.name)),
                );
            }
        }
        for n in &self.unlinked_footnotes {
            out.push(
                Diagnostic::warning(source, format!("không tìm thấy dấu chú thích {n} trong văn bản; nội dung chú thích [^{n}] được để ở cuối trang"))
                    .help(format!("thêm `[^{n}]` vào chỗ cần chú thích trong trang")),
            );
        }
        out
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub kind: ImportKind,
    /// Where pages go; `content/<section>` of `root` when `None`.
    pub out: Option<PathBuf>,
    pub root: PathBuf,
    pub force: bool,
}

impl ImportOptions {
    pub fn out_dir(&self) -> PathBuf {
        match &self.out {
            Some(d) => d.clone(),
            None => self.root.join("content").join(self.kind.section()),
        }
    }
}

/// The files to import from the paths given: a folder gives its `.txt`, `.docx`, `.pdf` and
/// `.doc` files, in name order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            for entry in std::fs::read_dir(p).map_err(|e| Diagnostic::io(p, &e))? {
                let path = entry.map_err(|e| Diagnostic::io(p, &e))?.path();
                let ext = extension(&path);
                if path.is_file() && ["txt", "docx", "pdf", "doc"].contains(&ext.as_str()) {
                    found.push(path);
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Reads one file into a document, or says why it cannot.
pub fn read_file(path: &Path) -> Result<Document, Diagnostic> {
    match extension(path).as_str() {
        "txt" | "text" => {}
        "docx" => {
            let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(path, &e))?;
            let doc = read_docx(path, &bytes)?;
            if doc.body.trim().is_empty() && doc.title.is_none() {
                return Err(Diagnostic::error(path, "tệp Word không có chữ nào để nhập")
                    .help("kiểm tra lại tệp; nếu trang trong tệp là ảnh chụp văn bản thì cần nhận dạng chữ (OCR) trước"));
            }
            return Ok(doc);
        }
        "doc" => {
            return Err(Diagnostic::error(path, "tệp Word cũ (.doc) không nhập được")
                .help("mở tệp trong Word hoặc LibreOffice, chọn Lưu thành… > Word (.docx) rồi nhập tệp .docx"))
        }
        "pdf" => return pdf::read_pdf(path),
        other => {
            return Err(Diagnostic::error(path, format!("không nhập được tệp đuôi `.{other}`"))
                .help("bangtin import nhận tệp Word (.docx), PDF có lớp chữ (.pdf) và văn bản thuần (.txt, mã UTF-8)"))
        }
    }
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error(path, "tệp không phải văn bản UTF-8")
            .at_line(line)
            .help(
                "lưu lại tệp với mã UTF-8 (trong Notepad: Lưu thành… > Mã hóa: UTF-8) rồi nhập lại",
            )
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "tệp trống, không có gì để nhập")
            .help("kiểm tra lại tệp; PDF bản quét cần nhận dạng chữ (OCR) trước khi lấy văn bản"));
    }
    Ok(read_text(&text))
}

/// The file name of the page: the title's slug, cut at a word to at most 80 characters, or the
/// source file's name.
pub fn page_slug(doc: &Document, source: &Path) -> String {
    let from_title = doc.title.as_deref().map(slugify).unwrap_or_default();
    let slug = if from_title.is_empty() {
        slugify(
            &source
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default(),
        )
    } else {
        from_title
    };
    if slug.len() <= 80 {
        return slug;
    }
    let cut = slug[..80].rfind('-').unwrap_or(80);
    slug[..cut].to_string()
}

/// Writes the page for `source` into the output folder, without overwriting an existing file
/// unless `force`; the page is written whole or not at all. Returns the path written.
pub fn write_page(
    doc: &Document,
    source: &Path,
    opts: &ImportOptions,
) -> Result<PathBuf, Diagnostic> {
    let mut slug = page_slug(doc, source);
    if slug.is_empty() {
        slug = "trang-nhap".to_string();
    }
    let dir = opts.out_dir();
    let path = dir.join(format!("{slug}.md"));
    if path.exists() && !opts.force {
        return Err(Diagnostic::error(&path, "tệp đã có; bangtin không ghi đè")
            .help("xem lại tệp sẵn có; muốn thay bằng bản vừa nhập thì chạy lại với --force"));
    }
    let doc = doc.with_images_named_for(&slug);
    if !opts.force {
        if let Some(im) = doc.images.iter().find(|im| dir.join(&im.name).exists()) {
            let taken = dir.join(&im.name);
            return Err(
                Diagnostic::error(&taken, "tệp ảnh đã có; bangtin không ghi đè").help(
                    "xem lại tệp sẵn có; muốn thay bằng bản vừa nhập thì chạy lại với --force",
                ),
            );
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
    // Pictures first, then the page that shows them: a page is never left pointing at a
    // picture that is not there.
    for im in &doc.images {
        write_whole(&dir.join(&im.name), &im.bytes)?;
    }
    write_whole(&path, doc.to_page(opts.kind).as_bytes())?;
    Ok(path)
}

/// Writes a file whole or not at all: into a hidden file beside it, then renamed over it.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.bangtin-import"));
    std::fs::write(&tmp, bytes).map_err(|e| Diagnostic::io(&tmp, &e))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let d = Diagnostic::io(path, &e);
        let _ = std::fs::remove_file(&tmp);
        return Err(d);
    }
    Ok(())
}
