//! The weight budget (SPEC §8, issue 11): every page bangtin generates stays under 100 kB of
//! HTML, every feed and data file under 2 MB, every sitemap file under 50,000 URLs, however
//! large the archive. A file over budget is not an error (the site still works, slowly): it is
//! a warning naming its URL, its size and the limit, from `build` and `check` alike.
//!
//! Only what bangtin generates is weighed. The pages editors wrote themselves (a plan, a model,
//! an event: every content page except a directive's, whose page also carries the generated
//! list of citing pages) may be as long as their text, and files copied as they are (`static/`,
//! attachments) are the editor's own: they go through `Sink::copy`, which is not weighed.

use super::Sink;
use crate::content::Kind;
use crate::diag::Diagnostic;
use crate::graph::Site;
use crate::routes;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

/// The limits, in bytes (decimal: 100 kB is 100,000 bytes) and URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// One HTML page.
    pub html: usize,
    /// One feed or data file: JSON, XML, iCalendar, the search index and the like.
    pub data: usize,
    /// URLs in one sitemap file (the sitemap protocol's limit).
    pub sitemap_urls: usize,
}

impl Budget {
    pub const DEFAULT: Budget = Budget {
        html: 100_000,
        data: 2_000_000,
        sitemap_urls: 50_000,
    };
}

impl Default for Budget {
    fn default() -> Self {
        Budget::DEFAULT
    }
}

/// What a file is, for its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Html,
    Data,
    /// Images and other media a theme or a page brings: weighed by whoever made them.
    Media,
}

/// The kind of an output file, from its name.
pub fn weight_of(path: &str) -> Weight {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => Weight::Html,
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "svg" | "ico" | "bmp" | "tif"
        | "tiff" | "woff" | "woff2" | "ttf" | "otf" | "eot" | "pdf" | "doc" | "docx" | "xls"
        | "xlsx" | "ppt" | "pptx" | "odt" | "ods" | "zip" | "rar" | "7z" | "mp3" | "mp4"
        | "webm" | "ogg" | "wasm" => Weight::Media,
        _ => Weight::Data,
    }
}

/// Sizes as an editor reads them: "4,75 MB", "812 kB", "950 B" (decimal units, comma).
pub fn human_size(bytes: usize) -> String {
    let with_comma = |v: f64, unit: &str| {
        let s = if v >= 100.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.2}")
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        };
        format!("{} {unit}", s.replace('.', ","))
    };
    match bytes {
        b if b >= 1_000_000 => with_comma(b as f64 / 1e6, "MB"),
        b if b >= 1_000 => with_comma(b as f64 / 1e3, "kB"),
        b => format!("{b} B"),
    }
}

fn is_sitemap(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with("sitemap") && name.ends_with(".xml")
}

/// The warnings for one generated file over `budget` (none when it is within it): its weight,
/// and for a sitemap its URLs. `paginate` is the site's, quoted in the advice.
pub fn check(budget: &Budget, paginate: usize, path: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let url = routes::path_of_file(path);
    let size = bytes.len();
    let mut out = Vec::new();
    if is_sitemap(path) {
        let urls = count(bytes, b"<loc>");
        if urls > budget.sitemap_urls {
            out.push(
                Diagnostic::warning(
                    &url,
                    format!(
                        "tệp sơ đồ trang {url} có {urls} địa chỉ, vượt giới hạn {} địa chỉ một tệp mà công cụ tìm kiếm chấp nhận",
                        budget.sitemap_urls
                    ),
                )
                .help("cần chia sơ đồ trang thành nhiều tệp có một tệp mục lục (sitemap index): hãy cập nhật bangtin hoặc báo cho người quản trị"),
            );
        }
    }
    let (limit, what, help) = match weight_of(path) {
        Weight::Html => (
            budget.html,
            "trang do bangtin tạo",
            format!(
                "trang quá nặng sẽ mở rất chậm trên điện thoại: chia nhỏ danh sách bằng cách giảm `paginate` trong bangtin.yaml (hiện là {paginate}); nếu trang dùng mẫu riêng trong templates/, bớt phần lặp lại ở mỗi mục"
            ),
        ),
        Weight::Data => (
            budget.data,
            "tệp dữ liệu do bangtin tạo",
            "tệp quá lớn sẽ tải rất chậm, ứng dụng lịch và trình đọc tin có thể từ chối: cần chia nhỏ tệp (theo năm, theo văn bản); hãy cập nhật bangtin hoặc báo cho người quản trị".to_string(),
        ),
        Weight::Media => return out,
    };
    if size > limit {
        out.push(
            Diagnostic::warning(
                &url,
                format!(
                    "{what} {url} nặng {}, vượt giới hạn {} một tệp",
                    human_size(size),
                    human_size(limit)
                ),
            )
            .help(help),
        );
    }
    out
}

/// The words every budget warning has, so tools can tell them from other warnings.
const OVER: &str = "vượt giới hạn";

/// Whether `d` is a warning of the weight budget.
pub fn is_budget_warning(d: &Diagnostic) -> bool {
    !d.is_error() && d.message.contains(OVER)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// The output paths of the pages editors wrote themselves, which the budget leaves alone.
pub fn editor_pages(site: &Site) -> HashSet<String> {
    site.pages
        .iter()
        .filter(|p| p.kind != Kind::Directive)
        .map(|p| routes::file(&p.url))
        .collect()
}

/// A sink that weighs every generated file on its way to another sink.
pub struct Weighed<'a> {
    inner: &'a dyn Sink,
    budget: Budget,
    paginate: usize,
    exempt: HashSet<String>,
    over: Mutex<Vec<Diagnostic>>,
}

impl<'a> Weighed<'a> {
    pub fn new(inner: &'a dyn Sink, site: &Site, budget: Budget) -> Self {
        Weighed {
            inner,
            budget,
            paginate: site.config.paginate,
            exempt: editor_pages(site),
            over: Mutex::new(Vec::new()),
        }
    }

    /// The warnings, one per file over budget, in path order.
    pub fn into_warnings(self) -> Vec<Diagnostic> {
        let mut w = self.over.into_inner().unwrap_or_default();
        w.sort_by(|a, b| a.path.cmp(&b.path));
        w
    }
}

impl Sink for Weighed<'_> {
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if !self.exempt.contains(path) {
            let warnings = check(&self.budget, self.paginate, path, &bytes);
            if !warnings.is_empty() {
                if let Ok(mut over) = self.over.lock() {
                    over.extend(warnings);
                }
            }
        }
        self.inner.write(path, bytes)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(path, from)
    }

    fn has(&self, path: &str) -> bool {
        self.inner.has(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    const TINY: Budget = Budget {
        html: 1_000,
        data: 2_000,
        sitemap_urls: 3,
    };

    #[test]
    fn a_page_over_the_html_limit_is_named_with_its_url_size_and_limit() {
        let d = check(
            &Budget::DEFAULT,
            20,
            "van-ban/09-ct-tw/index.html",
            &vec![b'x'; 4_750_000],
        )
        .pop()
        .expect("4.75 MB is over 100 kB");
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.path, Path::new("/van-ban/09-ct-tw/"));
        assert!(d.message.contains("/van-ban/09-ct-tw/"), "{}", d.message);
        assert!(d.message.contains("4,75 MB"), "{}", d.message);
        assert!(d.message.contains("100 kB"), "{}", d.message);
        let help = d.help.expect("help");
        assert!(help.contains("paginate") && help.contains("20"), "{help}");
    }

    #[test]
    fn the_limits_are_inclusive_and_per_kind() {
        assert!(check(&TINY, 20, "a/index.html", &[0; 1_000]).is_empty());
        assert!(check(&TINY, 20, "a/index.html", &[0; 1_001]).len() == 1);
        // 1,500 bytes is too much for a page but not for data.
        assert!(check(&TINY, 20, "api/ke-hoach.json", &[0; 1_500]).is_empty());
        for data in [
            "api/ke-hoach.json",
            "lich.ics",
            "rss.xml",
            "tim-kiem/shard-0.bin",
        ] {
            let d = check(&TINY, 20, data, &[0; 2_001]).pop().expect(data);
            assert!(d.message.contains("2 kB"), "{}", d.message);
            assert!(d.message.contains(&format!("/{data}")), "{}", d.message);
        }
        // Media are weighed by whoever made them.
        assert!(check(&TINY, 20, "anh/a.jpg", &[0; 5_000]).is_empty());
    }

    #[test]
    fn a_sitemap_with_too_many_urls_is_warned_even_when_small() {
        let urls = |n: usize| {
            let mut s = String::from("<urlset>");
            for k in 0..n {
                s.push_str(&format!("<url><loc>https://a.vn/{k}/</loc></url>"));
            }
            s + "</urlset>"
        };
        let big = Budget {
            sitemap_urls: 3,
            ..Budget::DEFAULT
        };
        assert!(check(&big, 20, "sitemap.xml", urls(3).as_bytes()).is_empty());
        let d = check(&big, 20, "sitemap.xml", urls(4).as_bytes())
            .pop()
            .expect("4 URLs > 3");
        assert!(d.message.contains("4 địa chỉ"), "{}", d.message);
        assert!(check(&big, 20, "sitemap-2.xml", urls(4).as_bytes()).len() == 1);
        // Another XML file is weighed by size only.
        assert!(check(&big, 20, "rss.xml", urls(4).as_bytes()).is_empty());
    }

    #[test]
    fn every_budget_warning_is_recognised_as_one() {
        let mut sitemap = String::from("<urlset>");
        for k in 0..5 {
            sitemap.push_str(&format!("<url><loc>https://a.vn/{k}/</loc></url>"));
        }
        let all = [
            check(&TINY, 20, "a/index.html", &[0; 1_001]),
            check(&TINY, 20, "lich.ics", &[0; 2_001]),
            check(&TINY, 20, "sitemap.xml", sitemap.as_bytes()),
        ];
        assert!(all.iter().all(|w| w.len() == 1), "{all:?}");
        assert!(all.iter().flatten().all(is_budget_warning));
        assert!(!is_budget_warning(&Diagnostic::warning(
            "a.md",
            "hai ngày khác nhau"
        )));
    }

    #[test]
    fn sizes_read_as_an_editor_writes_them() {
        assert_eq!(human_size(950), "950 B");
        assert_eq!(human_size(100_000), "100 kB");
        assert_eq!(human_size(812_400), "812 kB");
        assert_eq!(human_size(4_750_000), "4,75 MB");
        assert_eq!(human_size(2_000_000), "2 MB");
        assert_eq!(human_size(57_000_000), "57 MB");
        assert_eq!(human_size(1_150_000), "1,15 MB");
    }

    #[test]
    fn urls_are_those_a_reader_types() {
        assert_eq!(routes::path_of_file("index.html"), "/");
        assert_eq!(
            routes::path_of_file("lich/2025/01/index.html"),
            "/lich/2025/01/"
        );
        assert_eq!(routes::path_of_file("404.html"), "/404.html");
        assert_eq!(
            routes::path_of_file("api/su-kien.json"),
            "/api/su-kien.json"
        );
    }
}
