//! A Word file (.docx) read for import: its paragraphs in order with Word's own structure
//! (heading styles, automatic numbering, footnotes, tables, bold and italic, pictures), not
//! guessed from the look of the text as for plain text.
//!
//! A .docx is a zip of XML parts: `word/document.xml` (the body), `word/styles.xml` (which
//! styles are headings), `word/numbering.xml` (what "1.", "a)" or "-" a numbered paragraph
//! shows), `word/footnotes.xml` and `word/_rels/document.xml.rels` (where pictures are).
//! Running headers and footers (`word/header1.xml`…), where page numbers live, are not read.

use super::lines::{self, block, escape_inline, role, Role};
use super::Image;
use crate::diag::Diagnostic;
use crate::text::nfc;
use roxmltree::Node;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const V: &str = "urn:schemas-microsoft-com:vml";

/// The most any one part may unpack to: a plan's XML is well under a megabyte, a camera photo a
/// few; more is a damaged or hostile file ("zip bomb").
const PART_LIMIT: u64 = 64 << 20;
/// The most all parts together may unpack to.
const TOTAL_LIMIT: u64 = 256 << 20;

/// A run of text with its look.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text {
        text: String,
        bold: bool,
        italic: bool,
    },
    /// A manual line break (Shift+Enter).
    Break,
    /// A reference to the footnote with this Word id.
    Note(String),
    /// A picture: the index in the document's images.
    Picture(usize),
}

/// One paragraph of the Word file.
#[derive(Debug, Clone, Default)]
struct Para {
    pieces: Vec<Piece>,
    /// What Word's numbering shows before the text ("1.", "a)", "II."), or `None`.
    label: Option<String>,
    /// True when the numbering is a bullet.
    bullet: bool,
    /// The numbering level (0 for the outermost).
    level: usize,
    /// The outline level of a heading style (0 for Heading 1).
    heading: Option<usize>,
}

impl Para {
    /// The text as read, a manual line break as '\n', footnote references and pictures left
    /// out, with the numbering label in front.
    fn plain(&self) -> String {
        let mut s = String::new();
        if let Some(l) = &self.label {
            s.push_str(if self.bullet { "-" } else { l });
            s.push(' ');
        }
        for p in &self.pieces {
            match p {
                Piece::Text { text, .. } => s.push_str(text),
                Piece::Break => s.push('\n'),
                _ => {}
            }
        }
        s
    }

    /// The plain text on one line, whitespace collapsed.
    fn line(&self) -> String {
        self.plain()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A block of the body: a paragraph or a table (rows of cells of paragraphs).
#[derive(Debug, Clone)]
enum Block {
    Para(Para),
    Table(Vec<Vec<Vec<Para>>>),
}

/// What the reader takes from the package.
pub(super) struct Word {
    /// Every text line in reading order (a table's cells column by column), for the layout.
    pub lines: Vec<String>,
    /// The block each line comes from.
    line_block: Vec<usize>,
    blocks: Vec<Block>,
    footnotes: HashMap<String, Vec<Para>>,
    pub images: Vec<Image>,
}

fn bad(path: &Path, what: &str) -> Diagnostic {
    Diagnostic::error(path, format!("tệp Word hỏng hoặc không đúng dạng .docx: {what}"))
        .help("mở tệp trong Word hoặc LibreOffice, chọn Lưu thành… > Word (.docx) rồi nhập lại tệp vừa lưu")
}

/// The parts of the package that the reader needs, unpacked within the limits.
struct Package {
    parts: HashMap<String, Vec<u8>>,
}

impl Package {
    fn open(path: &Path, bytes: &[u8]) -> Result<Package, Diagnostic> {
        // An old Word file, or one saved with a password, is an OLE compound file.
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(Diagnostic::error(
                path,
                "tệp này là tệp Word cũ (.doc) đổi tên thành .docx, hoặc tệp Word có mật khẩu",
            )
            .help("mở tệp trong Word hoặc LibreOffice, bỏ mật khẩu nếu có, chọn Lưu thành… > Word (.docx) rồi nhập lại"));
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|_| bad(path, "không mở được gói nén"))?;
        let mut parts = HashMap::new();
        let mut total = 0u64;
        for i in 0..zip.len() {
            let mut f = zip
                .by_index(i)
                .map_err(|e| bad(path, &format!("phần thứ {} không đọc được ({e})", i + 1)))?;
            let name = f.name().to_string();
            let wanted = name.starts_with("word/")
                && (name.ends_with(".xml") || name.ends_with(".rels") || name.contains("/media/"));
            if !wanted || f.is_dir() {
                continue;
            }
            let mut data = Vec::new();
            let read = f
                .by_ref()
                .take(PART_LIMIT + 1)
                .read_to_end(&mut data)
                .map_err(|e| bad(path, &format!("phần `{name}` không giải nén được ({e})")))?;
            total += read as u64;
            if read as u64 > PART_LIMIT || total > TOTAL_LIMIT {
                return Err(Diagnostic::error(
                    path,
                    format!("tệp Word quá lớn khi giải nén (phần `{name}`)"),
                )
                .help("tệp Word của một kế hoạch chỉ vài megabyte; kiểm tra lại tệp, hoặc lưu lại ảnh trong tệp với cỡ nhỏ hơn"));
            }
            parts.insert(name, data);
        }
        if !parts.contains_key("word/document.xml") {
            return Err(bad(path, "không có phần nội dung `word/document.xml`"));
        }
        Ok(Package { parts })
    }

    fn xml(&self, path: &Path, name: &str) -> Result<Option<String>, Diagnostic> {
        match self.parts.get(name) {
            None => Ok(None),
            Some(b) => String::from_utf8(b.clone())
                .map(Some)
                .map_err(|_| bad(path, &format!("phần `{name}` không phải UTF-8"))),
        }
    }
}

fn parse<'a>(
    path: &Path,
    name: &str,
    text: &'a str,
) -> Result<roxmltree::Document<'a>, Diagnostic> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        },
    )
    .map_err(|e| bad(path, &format!("phần `{name}` không phải XML hợp lệ ({e})")))
}

fn is(n: Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(*c, name))
}

fn val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.attribute((W, "val"))
}

/// A toggle property (`<w:b/>`, `<w:b w:val="false"/>`) is on.
fn on(props: Option<Node>, name: &str) -> bool {
    props
        .and_then(|p| child(p, name))
        .is_some_and(|b| !matches!(val(b), Some("0" | "false" | "off")))
}

/// A style's heading level and numbering, following `basedOn`.
#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    outline: Option<usize>,
    num: Option<(String, usize)>,
    bold: bool,
}

fn styles(doc: &roxmltree::Document) -> HashMap<String, Style> {
    let mut out = HashMap::new();
    for s in doc.descendants().filter(|n| is(*n, "style")) {
        let Some(id) = s.attribute((W, "styleId")) else {
            continue;
        };
        let name = child(s, "name")
            .and_then(val)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let ppr = child(s, "pPr");
        let outline = ppr
            .and_then(|p| child(p, "outlineLvl"))
            .and_then(val)
            .and_then(|v| v.parse().ok())
            .or_else(|| {
                name.strip_prefix("heading ")
                    .and_then(|n| n.trim().parse::<usize>().ok())
                    .and_then(|n| n.checked_sub(1))
            })
            .filter(|&l| l < 9);
        out.insert(
            id.to_string(),
            Style {
                based_on: child(s, "basedOn").and_then(val).map(str::to_string),
                outline,
                num: ppr.and_then(num_pr),
                bold: on(child(s, "rPr"), "b"),
            },
        );
    }
    out
}

/// A style's value, or the first style it is based on that has one.
fn inherited<T>(
    styles: &HashMap<String, Style>,
    id: Option<&str>,
    get: impl Fn(&Style) -> Option<T>,
) -> Option<T> {
    let mut id = id?.to_string();
    for _ in 0..10 {
        let s = styles.get(&id)?;
        if let Some(v) = get(s) {
            return Some(v);
        }
        id = s.based_on.clone()?;
    }
    None
}

fn num_pr(ppr: Node) -> Option<(String, usize)> {
    let n = child(ppr, "numPr")?;
    let id = child(n, "numId").and_then(val)?.to_string();
    let level = child(n, "ilvl")
        .and_then(val)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0usize)
        .min(8);
    Some((id, level))
}

/// One level of a numbering definition.
#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// Word's automatic numbering: the definitions, and the counters as paragraphs use them.
#[derive(Debug, Default)]
struct Numbering {
    /// numId → its levels (with the overrides of that numId applied).
    nums: HashMap<String, Vec<Option<Level>>>,
    /// numId → abstractNumId: lists sharing one definition count on together.
    abstract_of: HashMap<String, String>,
    counters: HashMap<String, [u32; 9]>,
}

fn levels(n: Node) -> Vec<Option<Level>> {
    let mut out = vec![None; 9];
    for l in n.children().filter(|c| is(*c, "lvl")) {
        let Some(i) = l
            .attribute((W, "ilvl"))
            .and_then(|v| v.parse::<usize>().ok())
        else {
            continue;
        };
        if i < 9 {
            out[i] = Some(Level {
                format: child(l, "numFmt")
                    .and_then(val)
                    .unwrap_or("decimal")
                    .to_string(),
                text: child(l, "lvlText")
                    .and_then(val)
                    .unwrap_or_default()
                    .to_string(),
                start: child(l, "start")
                    .and_then(val)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1),
            });
        }
    }
    out
}

impl Numbering {
    fn read(doc: &roxmltree::Document) -> Numbering {
        let root = doc.root_element();
        let abstracts: HashMap<&str, Vec<Option<Level>>> = root
            .children()
            .filter(|c| is(*c, "abstractNum"))
            .filter_map(|a| Some((a.attribute((W, "abstractNumId"))?, levels(a))))
            .collect();
        let mut n = Numbering::default();
        for num in root.children().filter(|c| is(*c, "num")) {
            let (Some(id), Some(abs)) = (
                num.attribute((W, "numId")),
                child(num, "abstractNumId").and_then(val),
            ) else {
                continue;
            };
            let mut lv = abstracts.get(abs).cloned().unwrap_or_else(|| vec![None; 9]);
            let mut overridden = false;
            for o in num.children().filter(|c| is(*c, "lvlOverride")) {
                let Some(i) = o
                    .attribute((W, "ilvl"))
                    .and_then(|v| v.parse::<usize>().ok())
                else {
                    continue;
                };
                if i >= 9 {
                    continue;
                }
                if let Some(l) = levels(o).into_iter().nth(i).flatten() {
                    lv[i] = Some(l);
                }
                if let Some(s) = child(o, "startOverride")
                    .and_then(val)
                    .and_then(|v| v.parse().ok())
                {
                    if let Some(l) = lv[i].as_mut() {
                        l.start = s;
                        overridden = true;
                    }
                }
            }
            n.nums.insert(id.to_string(), lv);
            // A restarted list counts on its own.
            let key = if overridden {
                format!("num {id}")
            } else {
                abs.to_string()
            };
            n.abstract_of.insert(id.to_string(), key);
        }
        n
    }

    /// The label of the next paragraph numbered `id` at `level`, and whether it is a bullet.
    fn next(&mut self, id: &str, level: usize) -> Option<(String, bool)> {
        let lv = self.nums.get(id)?;
        let this = lv.get(level)?.as_ref()?;
        if this.format == "bullet" {
            return Some(("-".to_string(), true));
        }
        if this.format == "none" {
            return None;
        }
        let key = self.abstract_of.get(id).cloned().unwrap_or_default();
        let starts: Vec<u32> = lv
            .iter()
            .map(|l| l.as_ref().map_or(1, |l| l.start))
            .collect();
        let c = self.counters.entry(key).or_insert([0; 9]);
        c[level] = if c[level] == 0 {
            starts[level]
        } else {
            c[level] + 1
        };
        for deeper in c.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        let mut label = this.text.clone();
        for (k, l) in lv.iter().enumerate().take(level + 1) {
            let n = if c[k] == 0 { starts[k] } else { c[k] };
            let f = l.as_ref().map_or("decimal", |l| l.format.as_str());
            label = label.replace(&format!("%{}", k + 1), &format_number(n, f));
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some((label, false))
    }
}

/// A number in one of Word's formats.
fn format_number(n: u32, format: &str) -> String {
    let letters = |upper: bool| {
        let base = if upper { b'A' } else { b'a' };
        let k = n.max(1) - 1;
        let c = (base + (k % 26) as u8) as char;
        c.to_string().repeat(k as usize / 26 + 1)
    };
    match format {
        "lowerLetter" => letters(false),
        "upperLetter" => letters(true),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Reads the pictures' relationships: rId → part name.
fn relationships(doc: &roxmltree::Document) -> HashMap<String, String> {
    doc.root_element()
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "Relationship")
        .filter(|c| c.attribute("TargetMode") != Some("External"))
        .filter_map(|c| {
            let target = c.attribute("Target")?;
            let part = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("word/{target}"),
            };
            Some((c.attribute("Id")?.to_string(), part))
        })
        .collect()
}

/// Reads paragraphs and tables of a container (the body, a cell, a footnote).
struct Reader<'p> {
    styles: HashMap<String, Style>,
    numbering: Numbering,
    rels: HashMap<String, String>,
    package: &'p Package,
    images: Vec<Image>,
    /// rId → index in `images`, so a picture used twice is written once.
    seen_images: HashMap<String, usize>,
}

impl Reader<'_> {
    fn blocks(&mut self, container: Node, out: &mut Vec<Block>) {
        for n in container.children().filter(Node::is_element) {
            if is(n, "p") {
                out.push(Block::Para(self.para(n)));
            } else if is(n, "tbl") {
                out.push(Block::Table(self.table(n)));
            } else if is(n, "sdt") || is(n, "customXml") {
                if let Some(c) = child(n, "sdtContent").or(Some(n)) {
                    self.blocks(c, out);
                }
            }
        }
    }

    fn table(&mut self, tbl: Node) -> Vec<Vec<Vec<Para>>> {
        let mut rows = Vec::new();
        for tr in tbl.children().filter(|c| is(*c, "tr")) {
            let mut row = Vec::new();
            for tc in tr.children().filter(|c| is(*c, "tc")) {
                let props = child(tc, "tcPr");
                // A cell continuing a vertical merge shows nothing of its own.
                let continued = props
                    .and_then(|p| child(p, "vMerge"))
                    .is_some_and(|m| val(m).is_none_or(|v| v == "continue"));
                let mut blocks = Vec::new();
                if !continued {
                    self.blocks(tc, &mut blocks);
                }
                let mut paras = Vec::new();
                for b in blocks {
                    match b {
                        Block::Para(p) => paras.push(p),
                        // A table inside a cell: its paragraphs in order.
                        Block::Table(t) => paras.extend(t.into_iter().flatten().flatten()),
                    }
                }
                let span = props
                    .and_then(|p| child(p, "gridSpan"))
                    .and_then(val)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                row.push(paras);
                for _ in 1..span {
                    row.push(Vec::new());
                }
            }
            rows.push(row);
        }
        rows
    }

    fn para(&mut self, p: Node) -> Para {
        let ppr = child(p, "pPr");
        let style = ppr.and_then(|x| child(x, "pStyle")).and_then(val);
        let mut para = Para {
            heading: ppr
                .and_then(|x| child(x, "outlineLvl"))
                .and_then(val)
                .and_then(|v| v.parse().ok())
                .filter(|&l: &usize| l < 9)
                .or_else(|| inherited(&self.styles, style, |s| s.outline)),
            ..Para::default()
        };
        let num = ppr
            .and_then(num_pr)
            .or_else(|| inherited(&self.styles, style, |s| s.num.clone()));
        if let Some((id, level)) = num {
            if let Some((label, bullet)) = self.numbering.next(&id, level) {
                para.label = Some(label);
                para.bullet = bullet;
                para.level = level;
            }
        }
        let style_bold = inherited(&self.styles, style, |s| s.bold.then_some(true)).is_some();
        self.runs(p, style_bold, &mut para.pieces);
        para
    }

    /// The pieces of the runs inside `n`, in order (runs may sit in hyperlinks, insertions,
    /// smart tags and content controls).
    fn runs(&mut self, n: Node, style_bold: bool, out: &mut Vec<Piece>) {
        for c in n.children().filter(Node::is_element) {
            if is(c, "r") {
                let rpr = child(c, "rPr");
                let bold = match rpr.and_then(|r| child(r, "b")) {
                    Some(_) => on(rpr, "b"),
                    None => style_bold,
                };
                let italic = on(rpr, "i");
                for x in c.children().filter(Node::is_element) {
                    let piece = match x.tag_name().name() {
                        "t" if x.tag_name().namespace() == Some(W) => Some(Piece::Text {
                            // Text typed as "Unicode tổ hợp" (combining marks) reads as the
                            // rest of the site does.
                            text: nfc(x.text().unwrap_or_default()),
                            bold,
                            italic,
                        }),
                        "tab" | "noBreakHyphen" => Some(Piece::Text {
                            text: if x.tag_name().name() == "tab" {
                                " "
                            } else {
                                "-"
                            }
                            .into(),
                            bold,
                            italic,
                        }),
                        "br" | "cr" => Some(Piece::Break),
                        "footnoteReference" => {
                            x.attribute((W, "id")).map(|id| Piece::Note(id.into()))
                        }
                        "drawing" | "pict" | "object" => self.picture(x).map(Piece::Picture),
                        "AlternateContent" => x
                            .children()
                            .find(|k| k.tag_name().name() == "Fallback")
                            .and_then(|k| self.picture(k))
                            .map(Piece::Picture),
                        _ => None,
                    };
                    out.extend(piece);
                }
            } else if !is(c, "pPr") && !is(c, "del") && !is(c, "moveFrom") {
                self.runs(c, style_bold, out);
            }
        }
    }

    /// The picture inside a drawing, added to the images once.
    fn picture(&mut self, n: Node) -> Option<usize> {
        let blip = n.descendants().find(|d| {
            (d.tag_name().name() == "blip" && d.tag_name().namespace() == Some(A))
                || (d.tag_name().name() == "imagedata" && d.tag_name().namespace() == Some(V))
        })?;
        let id = blip
            .attribute((R, "embed"))
            .or_else(|| blip.attribute((R, "id")))?;
        if let Some(&i) = self.seen_images.get(id) {
            return Some(i);
        }
        let part = self.rels.get(id)?;
        let bytes = self.package.parts.get(part)?.clone();
        let ext = Path::new(part)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("bin")
            .to_ascii_lowercase();
        let alt = n
            .descendants()
            .find(|d| d.tag_name().name() == "docPr" && d.tag_name().namespace() == Some(WP))
            .and_then(|d| d.attribute("descr").or_else(|| d.attribute("title")))
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let index = self.images.len();
        self.images.push(Image {
            name: format!("anh.{ext}"),
            alt,
            bytes,
        });
        self.seen_images.insert(id.to_string(), index);
        Some(index)
    }
}

/// Reads the package into blocks and lines.
pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Word, Diagnostic> {
    let package = Package::open(path, bytes)?;
    let text = |name: &str| package.xml(path, name);
    let styles_xml = text("word/styles.xml")?;
    let numbering_xml = text("word/numbering.xml")?;
    let rels_xml = text("word/_rels/document.xml.rels")?;
    let notes_xml = text("word/footnotes.xml")?;
    let body_xml = text("word/document.xml")?.unwrap_or_default();

    let styles = match &styles_xml {
        Some(s) => styles(&parse(path, "word/styles.xml", s)?),
        None => HashMap::new(),
    };
    let numbering = match &numbering_xml {
        Some(s) => Numbering::read(&parse(path, "word/numbering.xml", s)?),
        None => Numbering::default(),
    };
    let rels = match &rels_xml {
        Some(s) => relationships(&parse(path, "word/_rels/document.xml.rels", s)?),
        None => HashMap::new(),
    };
    let mut reader = Reader {
        styles,
        numbering,
        rels,
        package: &package,
        images: Vec::new(),
        seen_images: HashMap::new(),
    };
    let doc = parse(path, "word/document.xml", &body_xml)?;
    let body = doc
        .descendants()
        .find(|n| is(*n, "body"))
        .ok_or_else(|| bad(path, "phần nội dung không có `w:body`"))?;
    let mut blocks = Vec::new();
    reader.blocks(body, &mut blocks);

    let mut footnotes = HashMap::new();
    if let Some(s) = &notes_xml {
        let notes = parse(path, "word/footnotes.xml", s)?;
        for f in notes.descendants().filter(|n| is(*n, "footnote")) {
            if f.attribute((W, "type")).is_some_and(|t| t != "normal") {
                continue;
            }
            let Some(id) = f.attribute((W, "id")) else {
                continue;
            };
            let mut bs = Vec::new();
            reader.blocks(f, &mut bs);
            let paras = bs
                .into_iter()
                .flat_map(|b| match b {
                    Block::Para(p) => vec![p],
                    Block::Table(t) => t.into_iter().flatten().flatten().collect(),
                })
                .collect();
            footnotes.insert(id.to_string(), paras);
        }
    }

    let mut lines = Vec::new();
    let mut line_block = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let mut push = |p: &Para| {
            for l in p.plain().split('\n') {
                let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
                if !l.is_empty() {
                    lines.push(l);
                    line_block.push(i);
                }
            }
        };
        match b {
            Block::Para(p) => push(p),
            Block::Table(rows) => {
                // Column by column: the header's left column (agency, number) before the
                // right (motto, place and date), "Nơi nhận" before the signature.
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                for c in 0..width {
                    for row in rows {
                        for p in row.get(c).into_iter().flatten() {
                            push(p);
                        }
                    }
                }
            }
        }
    }
    Ok(Word {
        lines,
        line_block,
        blocks,
        footnotes,
        images: reader.images,
    })
}

/// Inline Markdown of pieces: bold and italic kept (unless `plain`), footnotes as `[^n]`
/// numbered in the order they are first referenced, pictures left to the caller.
fn inline(pieces: &[Piece], plain: bool, notes: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let mut look = (false, false);
    let flush = |out: &mut String, run: &mut String, look: (bool, bool)| {
        if run.is_empty() {
            return;
        }
        let marker = match look {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            _ => "",
        };
        // Markdown emphasis cannot start or end with a space: keep spaces outside it.
        let t = run.trim();
        if marker.is_empty() || t.is_empty() {
            out.push_str(&escape_inline(run));
        } else {
            let lead = &run[..run.len() - run.trim_start().len()];
            let tail = &run[run.trim_end().len()..];
            out.push_str(lead);
            out.push_str(marker);
            out.push_str(&escape_inline(t));
            out.push_str(marker);
            out.push_str(tail);
        }
        run.clear();
    };
    for p in pieces {
        match p {
            Piece::Text { text, bold, italic } => {
                let l = if plain {
                    (false, false)
                } else {
                    (*bold, *italic)
                };
                if l != look && !text.trim().is_empty() {
                    flush(&mut out, &mut run, look);
                    look = l;
                }
                run.push_str(text);
            }
            Piece::Break => run.push(' '),
            Piece::Note(id) => {
                flush(&mut out, &mut run, look);
                let n = match notes.iter().position(|x| x == id) {
                    Some(i) => i + 1,
                    None => {
                        notes.push(id.clone());
                        notes.len()
                    }
                };
                out.push_str(&format!("[^{n}]"));
            }
            Piece::Picture(_) => {}
        }
    }
    flush(&mut out, &mut run, look);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text in a table cell: paragraphs joined, on one line.
fn cell(paras: &[Para], notes: &mut Vec<String>) -> String {
    paras
        .iter()
        .map(|p| {
            let label = p
                .label
                .as_ref()
                .map(|l| format!("{} ", escape_inline(l)))
                .unwrap_or_default();
            format!("{label}{}", inline(&p.pieces, false, notes))
        })
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body (the blocks whose lines all fall in `range`) as Markdown, and its paragraphs as
/// plain text (for the opening sentence and the deadlines).
/// The pictures the body shows come third, named `anh-1.png`… in the order they appear.
pub(super) fn body(
    read: &Word,
    range: std::ops::Range<usize>,
) -> (String, Vec<String>, Vec<Image>) {
    let mut shown: Vec<Image> = Vec::new();
    let mut shown_of: HashMap<usize, usize> = HashMap::new();
    // The blocks with a line in the range and none outside it, and the blocks without text
    // (a picture alone) between them.
    let mut outside = vec![false; read.blocks.len()];
    let mut inside = vec![false; read.blocks.len()];
    for (l, &b) in read.line_block.iter().enumerate() {
        if range.contains(&l) {
            inside[b] = true;
        } else {
            outside[b] = true;
        }
    }
    let (Some(lo), Some(hi)) = (
        (0..read.blocks.len()).find(|&b| inside[b] && !outside[b]),
        (0..read.blocks.len()).rfind(|&b| inside[b] && !outside[b]),
    ) else {
        return (String::new(), Vec::new(), Vec::new());
    };
    let heading_base = read.blocks[lo..=hi]
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => p.heading,
            Block::Table(_) => None,
        })
        .min()
        .unwrap_or(0);
    let mut md: Vec<String> = Vec::new();
    let mut plain = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut in_list = false;
    let mut list_base = 0;
    for (i, b) in read.blocks.iter().enumerate().take(hi + 1).skip(lo) {
        if outside[i] {
            continue;
        }
        match b {
            Block::Para(p) => {
                let pictures: Vec<String> = p
                    .pieces
                    .iter()
                    .filter_map(|x| match x {
                        Piece::Picture(k) => read.images.get(*k).map(|im| {
                            let n = *shown_of.entry(*k).or_insert_with(|| {
                                let ext = im.name.rsplit('.').next().unwrap_or("bin");
                                shown.push(Image {
                                    name: format!("anh-{}.{ext}", shown.len() + 1),
                                    ..im.clone()
                                });
                                shown.len() - 1
                            });
                            format!("![{}]({})", escape_inline(&shown[n].alt), shown[n].name)
                        }),
                        _ => None,
                    })
                    .collect();
                let text = p.line();
                if !text.is_empty() {
                    plain.push(text.clone());
                    let item = p.bullet
                        || (p.label.is_none()
                            && (text.starts_with("- ") || text.starts_with("+ ")));
                    if item {
                        let md_text = inline(&p.pieces, false, &mut notes);
                        let md_text = md_text
                            .strip_prefix("\\- ")
                            .or_else(|| md_text.strip_prefix("- "))
                            .or_else(|| md_text.strip_prefix("\\+ "))
                            .or_else(|| md_text.strip_prefix("+ "))
                            .unwrap_or(&md_text)
                            .to_string();
                        // A deeper Word level nests under the list's first item; a list
                        // never starts indented (Markdown would read code).
                        if !in_list {
                            list_base = p.level;
                        }
                        let depth = p.level.saturating_sub(list_base).min(3);
                        let line =
                            format!("{}- {}", "  ".repeat(depth), lines::guard_start(md_text));
                        match md.last_mut() {
                            Some(last) if in_list => {
                                last.push('\n');
                                last.push_str(&line);
                            }
                            _ => md.push(line),
                        }
                        in_list = true;
                    } else {
                        in_list = false;
                        let label = p
                            .label
                            .as_ref()
                            .map(|l| format!("{} ", escape_inline(l)))
                            .unwrap_or_default();
                        if let Some(level) = p.heading {
                            let depth = 2 + level.saturating_sub(heading_base);
                            let words = inline(&p.pieces, true, &mut notes);
                            md.push(format!(
                                "{} {}",
                                "#".repeat(depth.min(6)),
                                lines::guard_start(format!("{label}{words}"))
                            ));
                        } else {
                            let r = role(&text);
                            // A numbered sentence keeps its look; a heading is plain words.
                            let words = inline(&p.pieces, r != Role::Paragraph, &mut notes);
                            md.push(block(r, format!("{label}{words}")));
                        }
                    }
                }
                if !pictures.is_empty() {
                    in_list = false;
                    md.extend(pictures);
                }
            }
            Block::Table(rows) => {
                in_list = false;
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                if width == 0 {
                    continue;
                }
                let mut t = Vec::new();
                for (r, row) in rows.iter().enumerate() {
                    let cells: Vec<String> = (0..width)
                        .map(|c| {
                            row.get(c)
                                .map(|ps| cell(ps, &mut notes))
                                .unwrap_or_default()
                        })
                        .collect();
                    plain.push(
                        row.iter()
                            .flatten()
                            .map(Para::line)
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                    t.push(format!("| {} |", cells.join(" | ")));
                    if r == 0 {
                        t.push(format!("|{}", "---|".repeat(width)));
                    }
                }
                md.push(t.join("\n"));
            }
        }
    }
    let mut out = md.join("\n\n");
    for (n, id) in notes.clone().iter().enumerate() {
        let text = read
            .footnotes
            .get(id)
            .map(|ps| {
                let mut nested = notes.clone();
                ps.iter()
                    .map(|p| inline(&p.pieces, false, &mut nested))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        out.push_str(&format!("\n\n[^{}]: {}", n + 1, text.trim()));
    }
    out.push('\n');
    (out, plain, shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A Word package with this body (the inside of `<w:body>`) and numbering definitions.
    fn package(body: &str, numbering: &str) -> Vec<u8> {
        let ns = format!(r#"xmlns:w="{W}" xmlns:r="{R}""#);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, xml) in [
            (
                "word/document.xml",
                format!(
                    r#"<?xml version="1.0"?><w:document {ns}><w:body>{body}</w:body></w:document>"#
                ),
            ),
            (
                "word/numbering.xml",
                format!(r#"<?xml version="1.0"?><w:numbering {ns}>{numbering}</w:numbering>"#),
            ),
        ] {
            zip.start_file(name, stored).expect("zip entry");
            zip.write_all(xml.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip").into_inner()
    }

    fn body_of(body: &str, numbering: &str) -> String {
        let word = read(Path::new("t.docx"), &package(body, numbering)).expect("read");
        let all = 0..word.lines.len();
        body_md(&word, all)
    }

    fn body_md(word: &Word, range: std::ops::Range<usize>) -> String {
        body(word, range).0
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn words_own_numbering_gives_the_labels_and_restarts_below_a_new_item() {
        let numbering = r#"<w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
            <w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
          </w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>"#;
        let item = |level: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            item(0, "Công tác tuyên truyền"),
            item(1, "Tổ chức hội nghị quán triệt."),
            item(1, "Phát tờ rơi tại các xã."),
            item(2, "Ưu tiên xã ven biển;"),
            item(0, "Công tác kiểm tra"),
            item(1, "Kiểm tra định kỳ hằng quý."),
        ]
        .concat();
        let md = body_of(&body, numbering);
        assert_eq!(
            md,
            "### 1\\. Công tác tuyên truyền\n\na) Tổ chức hội nghị quán triệt.\n\nb) Phát tờ rơi tại các xã.\n\n- Ưu tiên xã ven biển;\n\n### 2\\. Công tác kiểm tra\n\na) Kiểm tra định kỳ hằng quý.\n"
        );
    }

    #[test]
    fn decomposed_marks_bold_deletions_and_merged_cells_read_as_a_reader_sees_them() {
        // "Hòa" typed with a combining grave accent (Unikey's "Unicode tổ hợp").
        let decomposed = "Tổ ho\u{0300}a giải";
        let body = format!(
            r#"{}<w:p><w:r><w:t xml:space="preserve">Mô hình </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">“Camera an ninh” </w:t></w:r><w:del><w:r><w:delText>đã bỏ</w:delText></w:r></w:del><w:r><w:t>được nhân rộng.</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc></w:tr>
            <w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            p(decomposed),
            p("Đơn vị"),
            p("Xã An Hòa"),
            p("Quý III/2024")
        );
        let md = body_of(&body, "");
        assert_eq!(
            md,
            "Tổ hòa giải\n\nMô hình **“Camera an ninh”** được nhân rộng.\n\n| Đơn vị |  |\n|---|---|\n| Xã An Hòa | Quý III/2024 |\n"
        );
    }

    #[test]
    fn a_file_that_is_no_word_file_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"PK\x03\x04",
            b"<html>",
            &[0xD0, 0xCF, 0x11, 0xE0],
        ] {
            assert!(read(Path::new("x.docx"), bytes).is_err());
        }
        // A package whose body is not XML.
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("entry");
        zip.write_all(b"<w:document><unclosed").expect("write");
        let bytes = zip.finish().expect("zip").into_inner();
        let e = read(Path::new("x.docx"), &bytes).err().expect("error");
        assert!(e.message.contains("word/document.xml"), "{}", e.message);
    }

    #[test]
    fn word_number_formats_read_as_documents_print_them() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "lowerLetter"), "b");
        assert_eq!(format_number(27, "lowerLetter"), "aa");
        assert_eq!(format_number(3, "decimalZero"), "03");
        assert_eq!(format_number(12, "decimal"), "12");
    }
}
