//! Content: walks `content/`, decodes each file, splits and parses its front matter, and
//! produces typed `Page`s. Nothing here knows about other pages.

pub mod files;
pub mod front_matter;
mod kinds;

pub use kinds::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::text::{nfc, slugify};
use jiff::civil::Date;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Decodes a file's bytes as text: UTF-8 (a BOM is accepted), CRLF → LF, NFC.
/// Other encodings are an error naming the file and, when recognisable, the encoding.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = &bytes[bom_len(bytes)..];
    if let Some(utf16) = utf16_without_bom(bytes) {
        // Plain ASCII in UTF-16 is valid UTF-8 full of NUL characters: say what it is.
        return Err(Diagnostic::error(
            path,
            format!("tệp mã hóa {utf16}, không phải UTF-8"),
        )
        .at_line(1)
        .help("mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)"));
    }
    // simdutf8 is several times faster on Vietnamese text, where nearly every word has a
    // multi-byte letter; std's validation only says where a bad byte is.
    let valid = simdutf8::basic::from_utf8(bytes).ok();
    let text = match valid.map_or_else(|| std::str::from_utf8(bytes), Ok) {
        Ok(t) => t,
        Err(e) => {
            let (line, _) = crate::diag::LineIndex::new(
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
            )
            .line_col(e.valid_up_to());
            let encoding = guess_legacy_encoding(bytes);
            return Err(Diagnostic::error(
                path,
                format!("tệp không phải UTF-8 (có vẻ là bảng mã {encoding})"),
            )
            .at_line(line)
            .help("mở tệp bằng trình soạn thảo (hoặc Unikey: Công cụ chuyển mã) và lưu lại với bảng mã Unicode UTF-8"));
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    // Copied again only when not already NFC (files are read three times a build: see `Body`).
    Ok(if crate::text::is_nfc(&text) {
        text
    } else {
        nfc(&text)
    })
}

/// The length of the UTF-8 byte-order mark `bytes` start with: 3, or 0.
fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// Whether `bytes` read as UTF-16 without a byte-order mark: text in Latin script (Vietnamese
/// included, mostly ASCII and U+00xx) then has a zero byte in every other place.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 4 || !bytes.contains(&0) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 3 && even * 10 < pairs {
        Some("UTF-16 LE (không có BOM)")
    } else if even * 10 >= pairs * 3 && odd * 10 < pairs {
        Some("UTF-16 BE (không có BOM)")
    } else {
        None
    }
}

/// Names the legacy Vietnamese encoding a non-UTF-8 file most likely uses.
fn guess_legacy_encoding(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return "UTF-16";
    }
    // VNI writes a tone or vowel mark as a separate high byte after an ASCII vowel
    // ("Vieät" = V i e 0xE4 t); TCVN3 (ABC) replaces the whole vowel with one high byte.
    let mut after_vowel = 0usize;
    let mut high = 0usize;
    for w in bytes.windows(2) {
        if w[1] >= 0x80 {
            high += 1;
            if b"aeiouyAEIOUY".contains(&w[0]) {
                after_vowel += 1;
            }
        }
    }
    if high == 0 {
        "không rõ"
    } else if after_vowel * 2 > high {
        "VNI"
    } else {
        "TCVN3 (ABC)"
    }
}

/// Where a page's Markdown body is, and a fingerprint of it as it was read. The site keeps no
/// page's body: at 100,000 plans the bodies alone would take 800 MB of memory. Analysis,
/// rendering and the search index read each one again when they need it ([`Body::read`]),
/// one at a time, and the fingerprint tells them whether the file changed in between.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    root: Arc<Path>,
    /// blake3 of the body's text, first 8 bytes.
    hash: u64,
    /// Where the body starts in the file's bytes when reading changed nothing (UTF-8 already
    /// in NFC, lines ended by LF, no BOM: nearly every file): then the body is read again as
    /// these bytes, without decoding the whole file a second time.
    offset: usize,
}

impl Body {
    fn of(root: Arc<Path>, text: &str, split: &front_matter::Split<'_>, bom: usize) -> Body {
        Body {
            root,
            hash: body_hash(split.body.as_bytes()),
            offset: bom + (split.body.as_ptr() as usize - text.as_ptr() as usize),
        }
    }

    /// The fingerprint of the body's text: equal fingerprints mean equal texts.
    pub fn fingerprint(&self) -> u64 {
        self.hash
    }

    /// The body of the page read from `rel` (its `source`), as the page was loaded with; an
    /// error when the file changed or went away since.
    pub fn read(&self, rel: &Path) -> Result<String, Diagnostic> {
        let changed = || {
            Diagnostic::error(rel, "tệp đã thay đổi trong lúc đang dựng trang").help(
                "chờ lưu xong tệp rồi chạy lại lệnh; `bangtin serve` tự dựng lại khi tệp được lưu",
            )
        };
        let bytes = read_bytes(&self.root, rel)?;
        if let Some(body) = bytes.get(self.offset..) {
            if body_hash(body) == self.hash {
                if let Ok(text) = simdutf8::basic::from_utf8(body) {
                    return Ok(text.to_string());
                }
            }
        }
        let text = decode_text(rel, &bytes)?;
        let split = front_matter::split(&text).ok_or_else(changed)?;
        if body_hash(split.body.as_bytes()) != self.hash {
            return Err(changed());
        }
        Ok(split.body.to_string())
    }
}

fn body_hash(bytes: &[u8]) -> u64 {
    let h = blake3::hash(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&h.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// What the loader should include.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub drafts: bool,
    /// The build's date: pages with a later `publish_date` are left out.
    pub today: Date,
}

/// The content of a site: pages and section indexes (`_index.md`).
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub sections: Vec<SectionIndex>,
}

/// Reads every Markdown file under `root/content`, in path order. Problems are collected;
/// pages with errors are left out.
pub fn load(root: &Path, opts: LoadOptions, diags: &mut Diagnostics) -> Content {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error("content", "không có thư mục `content/`")
                .help("tạo thư mục `content/` và đặt các tệp Markdown vào đó, hoặc tạo trang mẫu bằng `bangtin init`"),
        );
        return Content::default();
    }
    let (found, problems) = files::walk(root, Path::new("content"));
    diags.extend(problems);
    let files: Vec<PathBuf> = found
        .into_iter()
        .filter(|p| is_content_file(p))
        .map(|p| Path::new("content").join(p))
        .collect();
    let shared_root: Arc<Path> = Arc::from(root);
    let results: Vec<Result<Option<Loaded>, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|rel| load_file(&shared_root, rel, opts))
        .collect();
    let mut content = Content::default();
    for r in results {
        match r {
            Ok(Some(Loaded::Page(p))) => content.pages.push(*p),
            Ok(Some(Loaded::Section(s))) => content.sections.push(s),
            Ok(None) => {}
            Err(ds) => diags.extend(ds),
        }
    }
    content
}

/// One content file, loaded.
pub enum Loaded {
    Page(Box<Page>),
    Section(SectionIndex),
}

/// Loads one file of `content/` (`rel` relative to `root`), as `load` does for each file:
/// `serve` re-reads only the file that changed. `Ok(None)` for a draft or a page not yet
/// published.
pub fn load_one(
    root: &Path,
    rel: &Path,
    opts: LoadOptions,
) -> Result<Option<Loaded>, Vec<Diagnostic>> {
    load_file(&Arc::from(root), rel, opts)
}

/// Whether `load` reads this file of `content/` as a page (Markdown, not hidden).
pub fn is_content_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "md")
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Loads one file. `Ok(None)` for a draft or a page not yet published.
fn load_file(
    root: &Arc<Path>,
    rel: &Path,
    opts: LoadOptions,
) -> Result<Option<Loaded>, Vec<Diagnostic>> {
    let bytes = read_bytes(root, rel).map_err(|d| vec![d])?;
    let text = decode_text(rel, &bytes).map_err(|d| vec![d])?;
    let split = front_matter::split(&text).ok_or_else(|| {
        vec![Diagnostic::error(rel, "tệp thiếu phần đầu (front matter)")
            .at(1, 1)
            .help("bắt đầu tệp bằng một dòng `---`, sau đó `title: \"Tiêu đề\"`, rồi một dòng `---` nữa")]
    })?;
    let too_deep = too_deep(rel, &split);
    let raw = front_matter::parse(rel, split.yaml).map_err(|mut ds| {
        ds.extend(too_deep.clone());
        ds
    })?;
    if let Some(d) = too_deep {
        return Err(vec![d]);
    }
    let place = Placement::of(rel);
    if place.stem == "_index" {
        return Ok(Some(Loaded::Section(section_index(
            rel, &place, &raw, &split,
        ))));
    }
    if !is_included(&raw, opts) {
        return Ok(None);
    }
    let refused = markdown_links(rel, &split);
    if !refused.is_empty() {
        return Err(refused);
    }
    let key_lines = key_lines(split.yaml);
    let slug = page_slug(rel, &raw, &place.stem, &key_lines).map_err(|d| vec![d])?;
    let url = crate::routes::page(&place.url_dirs(), &slug);
    let page = Page::from_raw(
        raw,
        PageBase {
            source: rel.to_path_buf(),
            kind: Kind::from_section(place.section()),
            section: place.section().to_string(),
            slug,
            url,
            body: Body::of(root.clone(), &text, &split, bom_len(&bytes)),
            body_line: split.body_line,
            key_lines,
            front_hash: front_hash(split.yaml),
            root: root.to_path_buf(),
        },
    )?;
    Ok(Some(Loaded::Page(Box::new(page))))
}

/// The error for a body nested deeper than `depth::MAX_DEPTH`, at the line where it does:
/// such a page would overflow the stack of the stages that recurse over nesting.
fn too_deep(rel: &Path, split: &front_matter::Split<'_>) -> Option<Diagnostic> {
    let at = crate::depth::check(split.body).err()?;
    let (line, col) = crate::diag::LineIndex::new(split.body).line_col(at.offset);
    Some(
        Diagnostic::error(
            rel,
            format!(
                "nội dung lồng nhau quá sâu (quá {} cấp trích dẫn `>`, danh sách, chữ nhấn mạnh hoặc thẻ HTML lồng trong nhau)",
                crate::depth::MAX_DEPTH
            ),
        )
        .at(split.body_line + line - 1, col)
        .help("bỏ bớt các cấp lồng nhau từ dòng này (dấu `>` đầu dòng, danh sách con, dấu `*`, thẻ `<div>` chưa đóng…); một văn bản thường không lồng quá 10 cấp"),
    )
}

/// The largest content file bangtin reads: the longest real plans are under 100 kB, so a
/// larger file is most likely a mistake (a whole archive pasted into one page), and one
/// page must not be able to fill the memory of a build.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a file of the site, refusing one outside it or too large to be a page.
fn read_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    // A missing file is left to `read`, whose error says so.
    files::check(root, rel)?;
    if let Ok(meta) = std::fs::metadata(root.join(rel)) {
        if meta.len() > MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                rel,
                format!(
                    "tệp quá lớn ({:.1} MB, giới hạn {} MB cho một trang)",
                    meta.len() as f64 / 1_048_576.0,
                    MAX_FILE_BYTES / 1_048_576
                ),
            )
            .help("tách tệp thành nhiều trang, hoặc đưa phụ lục dài thành tệp đính kèm (`attachments`)"));
        }
    }
    std::fs::read(root.join(rel)).map_err(|e| Diagnostic::io(rel, &e))
}

/// An error at each Markdown link or image of the body whose address is refused
/// (`javascript:`, `data:` …), at its line and column.
fn markdown_links(rel: &Path, split: &front_matter::Split<'_>) -> Vec<Diagnostic> {
    let refused = crate::markdown::refused_links(split.body);
    if refused.is_empty() {
        return Vec::new();
    }
    let index = crate::diag::LineIndex::new(split.body);
    refused
        .into_iter()
        .map(|(offset, message)| {
            let (line, col) = index.line_col(offset);
            Diagnostic::error(rel, message)
                .at(split.body_line + line - 1, col)
                .help(crate::links::HELP)
        })
        .collect()
}

/// Where a file sits in `content/`: the folders above it and its name without `.md`.
struct Placement {
    /// Folders under `content/`, as written; the first is the section.
    dirs: Vec<String>,
    stem: String,
}

impl Placement {
    fn of(rel: &Path) -> Placement {
        let in_content = rel.strip_prefix("content").unwrap_or(rel);
        let dirs = in_content
            .parent()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut dirs: Vec<String> = dirs;
        let mut stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A page bundle (as Hugo's): `tin-tuc/ngay-hoi/index.md` is the page `ngay-hoi`, and
        // the photos in its folder are beside it.
        if stem == "index" {
            if let Some(folder) = dirs.pop() {
                stem = folder;
            }
        }
        Placement { dirs, stem }
    }

    /// The first folder under `content/`, which gives the page its kind; empty at the top.
    fn section(&self) -> &str {
        self.dirs.first().map_or("", String::as_str)
    }

    /// The folders as they appear in the page's URL.
    fn url_dirs(&self) -> Vec<String> {
        self.dirs
            .iter()
            .map(|d| slugify(d))
            .filter(|d| !d.is_empty())
            .collect()
    }
}

/// A section's `_index.md`: the title and introduction of the folder it is in.
fn section_index(
    rel: &Path,
    place: &Placement,
    raw: &front_matter::RawFrontMatter,
    split: &front_matter::Split<'_>,
) -> SectionIndex {
    SectionIndex {
        source: rel.to_path_buf(),
        section: place.dirs.join("/"),
        title: nfc(&raw.title),
        summary: raw.summary.clone(),
        body: split.body.to_string(),
        body_line: split.body_line,
    }
}

/// Whether the build includes the page: drafts only when asked, nothing published after today.
fn is_included(raw: &front_matter::RawFrontMatter, opts: LoadOptions) -> bool {
    if raw.draft && !opts.drafts {
        return false;
    }
    raw.publish_date.is_none_or(|pd| pd.0 <= opts.today)
}

/// The page's slug: `slug:` when given, else the file name, made URL-safe.
fn page_slug(
    rel: &Path,
    raw: &front_matter::RawFrontMatter,
    stem: &str,
    key_lines: &KeyLines,
) -> Result<String, Diagnostic> {
    let slug = match &raw.slug {
        Some(s) => slugify(s),
        None => slugify(stem),
    };
    if slug.is_empty() {
        return Err(
            Diagnostic::error(rel, "không tạo được đường dẫn (slug) từ tên tệp")
                .at_line(line_of(key_lines, "slug"))
                .help("đặt tên tệp bằng chữ và số, hoặc thêm `slug: ten-trang`"),
        );
    }
    Ok(slug)
}

/// A fingerprint of front matter as written: `serve` compares it to tell an edit of the text
/// alone (most edits) from one that may change lists, links and feeds.
fn front_hash(yaml: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    yaml.hash(&mut h);
    h.finish()
}

/// Top-level keys of front matter and the line (in the file) each is on. A key front matter
/// knows is kept as its place in `RawFrontMatter::KEYS`, not as text: a page has a dozen
/// keys, and 100,000 pages kept 1.2 million small strings for them (80 MB).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    known: Box<[(u16, u32)]>,
    /// Keys front matter does not know (reported as such), as written.
    other: Box<[(Box<str>, u32)]>,
}

fn key_lines(yaml: &str) -> KeyLines {
    let (mut known, mut other) = (Vec::new(), Vec::new());
    for (i, l) in yaml.lines().enumerate() {
        if l.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let Some((k, _)) = l.split_once(':') else {
            continue;
        };
        let (k, line) = (k.trim(), u32::try_from(i + 2).unwrap_or(u32::MAX));
        match front_matter::key_index(k) {
            Some(n) => known.push((n, line)),
            None => other.push((k.into(), line)),
        }
    }
    KeyLines {
        known: known.into(),
        other: other.into(),
    }
}

/// The line of a top-level key, however it is written (English or a Vietnamese alias); the
/// first line of front matter when the key is absent.
pub(crate) fn line_of(key_lines: &KeyLines, key: &str) -> usize {
    let line = match front_matter::key_index(key) {
        Some(n) => key_lines
            .known
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, l)| *l),
        None => key_lines
            .other
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, l)| *l),
    };
    line.map_or(2, |l| l as usize)
}

/// What `load_file` knows of a page before its kind-specific fields are read.
pub(crate) struct PageBase {
    pub source: PathBuf,
    pub kind: Kind,
    pub section: String,
    pub slug: String,
    pub url: String,
    pub body: Body,
    pub body_line: usize,
    pub key_lines: KeyLines,
    pub front_hash: u64,
    pub root: PathBuf,
}

#[cfg(test)]
mod tests;
