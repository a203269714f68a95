//! The photos pages show: every image of a page's Markdown and every news item's lead photo,
//! found, processed once (resized copies without EXIF, upright; `images::ImageCache` keeps them
//! between builds) and published under `/hinh/`. A page's images are found relative to the page
//! (a photo beside it, or in its folder when the page is `index.md`) or, written with a leading
//! `/`, in `static/`.
//!
//! A missing or unreadable image is an error at the page's line; an image of the body without a
//! description (alt) is a warning there, a lead photo without one an error (at load).

use crate::content::{Meta, Page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{PageId, Site};
use crate::images::{ImageCache, Processed};
use crate::markdown::Picture;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

/// Extensions of the images bangtin processes; other images are left as they are written.
const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif"];

/// The site path of a processed copy.
pub fn photo_path(file_name: &str) -> String {
    format!("/hinh/{file_name}")
}

/// The media type of a processed copy, by its extension.
pub fn media_type(file_name: &str) -> &'static str {
    match file_name.rsplit('.').next().unwrap_or_default() {
        "webp" => "image/webp",
        "avif" => "image/avif",
        "png" => "image/png",
        _ => "image/jpeg",
    }
}

/// A processed photo as pages use it.
#[derive(Debug, Clone)]
pub struct Photo {
    pub processed: Processed,
}

impl Photo {
    /// The picture with site paths made into addresses by `u` (the base path in front);
    /// `None` for a photo without copies (`ImageCache` always makes one).
    pub fn picture(&self, u: &dyn Fn(&str) -> String) -> Option<Picture> {
        let v = &self.processed.variants;
        // Browsers without `srcset` get the copy nearest 1200 px wide.
        let fallback = v.iter().rev().find(|x| x.width <= 1200).or(v.first())?;
        Some(Picture {
            src: u(&photo_path(&fallback.file_name)),
            srcset: v
                .iter()
                .map(|x| format!("{} {}w", u(&photo_path(&x.file_name)), x.width))
                .collect::<Vec<_>>()
                .join(", "),
            width: fallback.width,
            height: fallback.height,
        })
    }

    /// The largest copy: what a feed encloses.
    pub fn largest(&self) -> Option<&crate::images::Variant> {
        self.processed.variants.last()
    }
}

/// Every photo of the site, by page and address as written.
#[derive(Debug, Default)]
pub struct Photos {
    by_page: HashMap<(PageId, String), usize>,
    photos: Vec<Photo>,
    /// Output file (`hinh/…`) → the processed file in the cache.
    pub files: BTreeMap<String, PathBuf>,
    /// How many resized copies were made anew (the others came from the cache).
    pub encoded: u64,
    /// How many photos pages show.
    pub count: usize,
}

impl Photos {
    /// The photo page `page` shows for the address `url` as written in it.
    pub fn get(&self, page: PageId, url: &str) -> Option<&Photo> {
        self.by_page
            .get(&(page, url.to_string()))
            .map(|&i| &self.photos[i])
    }

    /// The lead photo of a news item.
    pub fn lead(&self, site: &Site, page: PageId) -> Option<&Photo> {
        match &site.pages[page].meta {
            Meta::News(n) => n.image.as_ref().and_then(|im| self.get(page, &im.path)),
            _ => None,
        }
    }
}

/// Why a photo cannot be shown, and what to do.
type Problem = (String, Option<String>);

/// An image a page uses.
struct Use {
    page: PageId,
    /// As written.
    url: String,
    line: usize,
    /// The file, relative to the site root.
    file: PathBuf,
}

/// The file an address written in page `p` leads to, relative to the site root; `None` for an
/// address on another host, or for a file bangtin does not process.
fn file_of(p: &Page, url: &str) -> Option<PathBuf> {
    if url.contains("://") || url.starts_with("//") || url.contains(':') {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    let ext = Path::new(&decoded)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)?;
    if !PHOTO_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    let rel = match decoded.strip_prefix('/') {
        Some(in_static) => Path::new("static").join(in_static),
        None => p.source.parent().unwrap_or(Path::new("")).join(&decoded),
    };
    // `..` may climb out of the page's folder but never out of the site.
    let mut clean = PathBuf::new();
    for c in rel.components() {
        match c {
            Component::Normal(x) => clean.push(x),
            Component::ParentDir if !clean.pop() => return Some(PathBuf::from("..")),
            _ => {}
        }
    }
    Some(clean)
}

/// Finds and processes every photo of the site's pages, in parallel; problems go to `diags`.
pub fn prepare(site: &Site, root: &Path, cache: &ImageCache, diags: &mut Diagnostics) -> Photos {
    let mut uses: Vec<Use> = Vec::new();
    for (i, p) in site.pages.iter_enumerated() {
        if let Meta::News(n) = &p.meta {
            if let Some(im) = &n.image {
                match file_of(p, &im.path) {
                    Some(file) => uses.push(Use {
                        page: i,
                        url: im.path.clone(),
                        line: im.line,
                        file,
                    }),
                    None => diags.push(
                        Diagnostic::error(&p.source, format!("ảnh đầu bài `{}` không phải ảnh JPEG, PNG, WebP hay GIF trong trang", im.path))
                            .at_line(im.line)
                            .help("ghi `path` là tên tệp ảnh đặt cạnh trang (ví dụ `anh-dau.jpg`), hoặc `/anh/x.jpg` cho ảnh trong static/"),
                    ),
                }
            }
        }
        for im in &site.pages.findings[i].images {
            let (url, line) = (&im.url, im.line);
            let Some(file) = file_of(p, url) else {
                continue;
            };
            if im.alt.trim().is_empty() {
                diags.push(
                    Diagnostic::warning(&p.source, format!("ảnh `{url}` không có lời mô tả (alt)"))
                        .at_line(line)
                        .help("ghi vào giữa `![` và `]` một câu ngắn tả điều ảnh cho thấy; người khiếm thị nghe lời này thay cho ảnh (Luật Người khuyết tật, Điều 43)"),
                );
            }
            uses.push(Use {
                page: i,
                url: url.clone(),
                line,
                file,
            });
        }
    }

    // Each file once, in parallel.
    let mut files: Vec<&PathBuf> = uses.iter().map(|u| &u.file).collect();
    files.sort();
    files.dedup();
    let results: Vec<(PathBuf, Result<Processed, Problem>)> = files
        .par_iter()
        .map(|&file| (file.clone(), process(root, file, cache)))
        .collect();
    let mut photos = Photos::default();
    let mut index: HashMap<PathBuf, Result<usize, Problem>> = HashMap::new();
    for (file, r) in results {
        let r = r.map(|processed| {
            for v in &processed.variants {
                photos.files.insert(
                    crate::routes::file(&photo_path(&v.file_name)),
                    v.path.clone(),
                );
            }
            photos.photos.push(Photo { processed });
            photos.photos.len() - 1
        });
        index.insert(file, r);
    }
    photos.count = photos.photos.len();
    photos.encoded = cache.encoded();
    for u in uses {
        match index.get(&u.file) {
            Some(Ok(i)) => {
                photos.by_page.insert((u.page, u.url), *i);
            }
            Some(Err((message, help))) => {
                let p = &site.pages[u.page];
                let mut d = Diagnostic::error(&p.source, format!("ảnh `{}`: {message}", u.url))
                    .at_line(u.line);
                if let Some(h) = help {
                    d = d.help(h.clone());
                }
                diags.push(d);
            }
            None => {}
        }
    }
    photos
}

/// Reads and processes one file; the error in plain words, with what to do.
fn process(root: &Path, file: &Path, cache: &ImageCache) -> Result<Processed, Problem> {
    if file.starts_with("..") {
        return Err((
            "đường dẫn ra ngoài thư mục trang".into(),
            Some("đặt ảnh trong thư mục của trang hoặc trong static/".into()),
        ));
    }
    match crate::content::files::check(root, file) {
        Ok(true) => {}
        Ok(false) => {
            return Err((
                format!("không tìm thấy tệp {}", file.display()),
                Some("kiểm tra tên tệp (chữ hoa, chữ thường, dấu) và nơi đặt: cạnh tệp Markdown, hoặc trong static/ khi đường dẫn bắt đầu bằng `/`".into()),
            ))
        }
        Err(d) => return Err((d.message, d.help.map(|h| h.to_string()))),
    }
    // `serve` assembles the site again at every edit: a photo whose file has not changed
    // since is not read and hashed again (a few megabytes each).
    let full = root.join(file);
    let stamp = std::fs::metadata(&full)
        .ok()
        .and_then(|m| Some((m.modified().ok()?, m.len())));
    let memo = SEEN.get_or_init(Default::default);
    if let Some(stamp) = stamp {
        let seen = memo.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((s, processed)) = seen.get(&full) {
            if *s == stamp && processed.variants.iter().all(|v| v.path.is_file()) {
                return Ok(processed.clone());
            }
        }
    }
    let bytes = std::fs::read(&full)
        .map_err(|e| (format!("không đọc được tệp {} ({e})", file.display()), None))?;
    let processed = cache
        .process(file, &bytes)
        .map_err(|e| (e.message, e.help))?;
    if let Some(stamp) = stamp {
        let mut seen = memo.lock().unwrap_or_else(|p| p.into_inner());
        seen.insert(full, (stamp, processed.clone()));
    }
    Ok(processed)
}

/// Photos processed in this process, by file, with the modification time and size they had.
type Seen = std::sync::Mutex<HashMap<PathBuf, ((std::time::SystemTime, u64), Processed)>>;
static SEEN: std::sync::OnceLock<Seen> = std::sync::OnceLock::new();
