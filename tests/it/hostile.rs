//! Issue 12, careless and hostile input: symbolic links leading out of the site (defect 2),
//! link addresses that run code (3), a wrong year that multiplies the output (5), and names
//! that `check` passed but `build` failed on (7). Each test builds the reproduction.

use crate::common::{errors, TestSite, CONFIG};
use bangtin::build::{self, Report};
use bangtin::diag::Diagnostic;
use std::path::Path;

const PLAN: &str = "---\ntitle: \"Kế hoạch thử\"\nnumber: \"1/KH-STP\"\ndate: 2025-03-12\n";

/// The diagnostics of a report about `file`, as printed.
fn about(r: &Report, file: &str) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.path == Path::new(file))
        .map(Diagnostic::to_string)
        .collect()
}

/// The first error about `file`, failing the test when there is none.
fn error_about<'a>(r: &'a Report, file: &str) -> &'a Diagnostic {
    r.diagnostics
        .iter()
        .find(|d| d.is_error() && d.path == Path::new(file))
        .unwrap_or_else(|| panic!("no error about {file}:\n{}", errors(r)))
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_never_published() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("passwd");
    std::fs::write(&secret, "root:x:0:0:BI-MAT-CUA-MAY\n").expect("write");
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        &format!("{PLAN}attachments:\n  - {{ path: \"passwd.pdf\" }}\n---\nNội dung.\n"),
    );
    symlink(&secret, s.root().join("content/ke-hoach/passwd.pdf")).expect("link");
    s.file("static/robots-khac.txt", "x");
    symlink(&secret, s.root().join("static/leak.txt")).expect("link");
    symlink(&secret, s.root().join("content/ke-hoach/leak.md")).expect("link");

    let r = s.build();
    let att = error_about(&r, "content/ke-hoach/a.md");
    assert_eq!(att.line, Some(6), "{att}");
    assert!(att.to_string().contains("passwd.pdf"), "{att}");
    assert!(
        att.to_string()
            .contains("thay liên kết tượng trưng bằng chính tệp đó"),
        "{att}"
    );
    let d = error_about(&r, "content/ke-hoach/leak.md");
    assert!(d.message.contains("ngoài thư mục trang"), "{d}");
    // Nothing was published, and no file of the output holds the secret.
    assert!(
        !s.out().exists()
            || !crate::common::snapshot(&s.out())
                .iter()
                .any(|(_, b)| { String::from_utf8_lossy(b).contains("BI-MAT-CUA-MAY") })
    );
    // `check` says the same.
    let c = build::check(&s.opts());
    assert!(c.has_errors());
    assert!(!about(&c, "static/leak.txt").is_empty(), "{}", errors(&c));
    // With the pages mended, `build` refuses the static file too (it is copied after them).
    std::fs::remove_file(s.root().join("content/ke-hoach/leak.md")).expect("rm");
    std::fs::remove_file(s.root().join("content/ke-hoach/passwd.pdf")).expect("rm");
    s.file("content/ke-hoach/a.md", &format!("{PLAN}---\nNội dung.\n"));
    let r = s.build();
    let d = error_about(&r, "static/leak.txt");
    assert!(d.message.contains("ngoài thư mục trang"), "{d}");
    assert!(!s.out().join("leak.txt").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_site_are_followed_and_attachments_copied_as_listed() {
    use std::os::unix::fs::symlink;
    let s = TestSite::new();
    s.file("tai-lieu/phu-luc.pdf", "%PDF-1.4 phu luc");
    s.file("tai-lieu/mau.pdf", "%PDF-1.4 mau");
    std::fs::create_dir_all(s.root().join("static/tep")).expect("mkdir");
    symlink(
        s.root().join("tai-lieu/phu-luc.pdf"),
        s.root().join("static/tep/phu-luc.pdf"),
    )
    .expect("link");
    std::fs::create_dir_all(s.root().join("content/ke-hoach")).expect("mkdir");
    symlink(
        s.root().join("tai-lieu/mau.pdf"),
        s.root().join("content/ke-hoach/mau.pdf"),
    )
    .expect("link");
    s.file(
        "content/ke-hoach/a.md",
        &format!(
            "{PLAN}attachments:\n  - {{ path: \"/tep/phu-luc.pdf\", title: \"Phụ lục\" }}\n  - {{ path: \"mau.pdf\", title: \"Mẫu\" }}\n---\nNội dung.\n"
        ),
    );
    s.build_ok();
    // Listed on the page and present in the output, with the bytes of the file linked to.
    let page = s.read("ke-hoach/a/index.html");
    assert!(page.contains("href=\"/tep/phu-luc.pdf\""), "{page}");
    assert!(page.contains("href=\"/ke-hoach/a/mau.pdf\""), "{page}");
    assert_eq!(s.read("tep/phu-luc.pdf"), "%PDF-1.4 phu luc");
    assert_eq!(s.read("ke-hoach/a/mau.pdf"), "%PDF-1.4 mau");
}

#[test]
fn link_addresses_that_run_code_are_errors_at_their_line() {
    let s = TestSite::with_config(&format!(
        "{CONFIG}menu:\n  - {{ name: \"Trang chủ\", url: \"/\" }}\n  - {{ name: \"Lừa\", url: \"javascript:alert(document.cookie)\" }}\n"
    ));
    let r = s.build();
    let d = error_about(&r, "bangtin.yaml");
    assert_eq!(d.line, Some(6), "{d}");
    assert!(d.message.contains("javascript:"), "{d}");

    let s = TestSite::new();
    s.file(
        "content/van-ban/kl-44.md",
        "---\ntitle: \"Kết luận 44-KL/TW\"\nnumber: \"44-KL/TW\"\nurl: \"JavaScript:alert(1)\"\n---\n",
    );
    s.file(
        "content/ke-hoach/a.md",
        &format!("{PLAN}---\nĐoạn một.\n\nXem [văn bản](javascript:alert(1)) và ![ảnh](data:image/png;base64,AAAA).\n"),
    );
    let r = build::check(&s.opts());
    let d = error_about(&r, "content/van-ban/kl-44.md");
    assert_eq!(d.line, Some(4), "{d}");
    let body: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.path == Path::new("content/ke-hoach/a.md"))
        .collect();
    assert_eq!(body.len(), 2, "{}", errors(&r));
    assert_eq!(
        (body[0].line, body[0].col),
        (Some(8), Some(5)),
        "{}",
        body[0]
    );
    assert!(body[1].message.contains("data:"), "{}", body[1]);

    for bad in ["//evil.example/", "https://a.gov.vn@evil.example/"] {
        let s = TestSite::with_config(&format!(
            "title: \"Thử\"\nminify: false\nbase_url: \"{bad}\"\n"
        ));
        let r = s.build();
        let d = error_about(&r, "bangtin.yaml");
        assert_eq!(d.line, Some(3), "{d}");
        assert!(!s.out().exists());
    }
}

#[test]
fn built_pages_have_no_script_or_data_links() {
    // Raw HTML is sanitised rather than refused: whatever is written, no `href` or `src`
    // of the built site may run code.
    let s = TestSite::with_config(&format!(
        "{CONFIG}menu:\n  - {{ name: \"Liên hệ\", url: \"mailto:stp@a.gov.vn\" }}\n"
    ));
    s.file(
        "content/ke-hoach/a.md",
        &format!(
            "{PLAN}---\n<a href=\"javascript:alert(1)\">a</a> <a href=\" jav&#x09;ascript:alert(1)\">b</a>\n<img src=\"data:image/svg+xml;base64,PHN2Zz4=\"> <iframe src=\"javascript:alert(1)\"></iframe>\n<a href=\"vbscript:x\">c</a> [d](https://vbpl.vn/) [e](tel:0200)\n"
        ),
    );
    s.build_ok();
    let mut seen = 0;
    for (path, bytes) in crate::common::snapshot(&s.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for attr in ["href=\"", "src=\""] {
            for (at, _) in html.match_indices(attr) {
                seen += 1;
                let value: String = html[at + attr.len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let value = value.replace("&#x09;", "").replace("&#9;", "");
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(!value.starts_with(scheme), "{path}: {value}");
                }
            }
        }
    }
    assert!(seen > 20, "the site has links: {seen}");
    let page = s.read("ke-hoach/a/index.html");
    assert!(page.contains("href=\"https://vbpl.vn/\""), "{page}");
    assert!(page.contains("href=\"tel:0200\""), "{page}");
}

#[test]
fn a_wrong_year_is_an_error_and_adds_no_calendar_years() {
    let base = TestSite::new();
    base.file(
        "content/su-kien/hoi-thi.md",
        "---\ntitle: \"Hội thi\"\ndate: 2025-08-19\n---\n",
    );
    let files_without = build::check(&base.opts()).files;

    for (date, key_line) in [("0001-08-19", 3), ("9999-12-31", 3)] {
        let s = TestSite::new();
        s.file(
            "content/su-kien/hoi-thi.md",
            "---\ntitle: \"Hội thi\"\ndate: 2025-08-19\n---\n",
        );
        s.file(
            "content/su-kien/nham.md",
            &format!("---\ntitle: \"Gõ nhầm năm\"\ndate: {date}\n---\n"),
        );
        let started = std::time::Instant::now();
        let r = build::check(&s.opts());
        let d = error_about(&r, "content/su-kien/nham.md");
        assert_eq!(d.line, Some(key_line), "{d}");
        assert!(d.message.contains("gõ nhầm năm"), "{d}");
        // The page itself and its place in lists are extra; no calendar year is.
        assert!(
            r.files <= files_without + 8,
            "{date}: {} files against {files_without}",
            r.files
        );
        assert!(started.elapsed().as_secs() < 60, "{date}");
        assert!(s.build().has_errors());
    }

    // A deadline in front matter, at the line of `deadlines`.
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        &format!("{PLAN}deadlines:\n  - {{ date: 0202-11-15, title: \"Báo cáo\" }}\n---\n"),
    );
    let r = build::check(&s.opts());
    assert_eq!(error_about(&r, "content/ke-hoach/a.md").line, Some(5));
}

#[test]
fn one_page_cannot_fill_the_calendar_or_the_memory() {
    let s = TestSite::new();
    let many = "Báo cáo trước ngày 10/6. ".repeat(5_000);
    s.file("content/ke-hoach/a.md", &format!("{PLAN}---\n{many}\n"));
    let r = s.build_ok();
    let warning = about(&r, "content/ke-hoach/a.md");
    assert!(
        warning.iter().any(|w| w.contains("500 thời hạn")),
        "{warning:?}"
    );
    let day = s.read("lich/2025/06/10/index.html");
    assert!(day.contains("Báo cáo"), "{day}");

    // The cap filled exactly at the end of a paragraph (25 paragraphs of 20), more after it.
    let s = TestSite::new();
    let paragraph = "Báo cáo trước ngày 10/6. ".repeat(20);
    let body = vec![paragraph.as_str(); 40].join("\n\n");
    s.file("content/ke-hoach/a.md", &format!("{PLAN}---\n{body}\n"));
    let r = s.build_ok();
    let warning = about(&r, "content/ke-hoach/a.md");
    assert!(
        warning.iter().any(|w| w.contains("500 thời hạn")),
        "{warning:?}"
    );

    let s = TestSite::new();
    let huge = "Kế hoạch trước ngày 10/6 ".repeat(200_000);
    s.file("content/ke-hoach/to.md", &format!("{PLAN}---\n{huge}\n"));
    let r = build::check(&s.opts());
    let d = error_about(&r, "content/ke-hoach/to.md");
    assert!(d.message.contains("tệp quá lớn"), "{d}");
}

#[test]
fn names_too_long_for_a_folder_are_reported_by_check_at_their_line() {
    let long = "a".repeat(300);
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/slug.md",
        &format!("{PLAN}slug: \"{long}\"\n---\n"),
    );
    s.file(
        "content/ke-hoach/the.md",
        &format!("{PLAN}tags: [\"an ninh\", \"{long}\"]\n---\n"),
    );
    s.file(
        "content/ke-hoach/alias.md",
        &format!("{PLAN}aliases: [\"/cu/{long}/\"]\n---\n"),
    );
    s.file(
        "content/ke-hoach/nul.md",
        &format!("{PLAN}aliases: [\"/cu/a\\0b/\"]\n---\n"),
    );
    s.file(
        "content/ke-hoach/manifest.md",
        &format!("{PLAN}aliases: [\"/.bangtin-output\"]\n---\n"),
    );
    s.file("content/lich.md", "---\ntitle: \"Lịch công tác\"\n---\n");
    let r = build::check(&s.opts());
    for (file, line) in [
        ("content/ke-hoach/slug.md", 5),
        ("content/ke-hoach/the.md", 5),
        ("content/ke-hoach/alias.md", 5),
        ("content/ke-hoach/nul.md", 5),
        ("content/ke-hoach/manifest.md", 5),
        ("content/lich.md", 2),
    ] {
        let d = error_about(&r, file);
        assert_eq!(d.line, Some(line), "{d}");
    }
    assert!(error_about(&r, "content/lich.md")
        .message
        .contains("/lich/"));
    // `build` stops at the same errors, naming the same files, not its temporary folder.
    let b = s.build();
    assert!(b.has_errors());
    assert!(
        b.diagnostics
            .iter()
            .all(|d| !d.path.to_string_lossy().contains("staging")),
        "{}",
        errors(&b)
    );
}

#[test]
fn a_static_file_on_a_page_path_names_both_files() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", &format!("{PLAN}---\n"));
    s.file("static/ke-hoach/a/index.html", "<p>cũ</p>");
    s.file("static/style.css", "body{}");
    let r = s.build();
    let d = error_about(&r, "static/ke-hoach/a/index.html");
    assert!(d.message.contains("content/ke-hoach/a.md"), "{d}");
    let d = error_about(&r, "static/style.css");
    assert!(d.message.contains("giao diện"), "{d}");
}
