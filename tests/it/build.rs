//! Building sites: front matter of every kind, errors a user sees, and output safety.

use crate::common::{errors, snapshot, TestSite};

const PLAN: &str = r#"---
title: "Kế hoạch tuyên truyền pháp luật năm 2025"
number: "33/KH-STP"
issuer: "Sở Tư pháp tỉnh Sông Lam"
place: "Sông Lam"
date: 21/8/2025
year: 2025
summary: "Tóm tắt kế hoạch."
tags: ["Đảng ủy", "an ninh trật tự"]
signer: { name: "Nguyễn Văn A", title: "Phó Giám đốc", authority: "KT. Giám đốc" }
basis:
  - "06/CT-BCA-V05"
recipients: ["UBND tỉnh;", "Lưu: VT."]
deadlines:
  - { date: 2025-11-15, title: "Báo cáo kết quả" }
aliases: ["/tin-tuc/ke-hoach-cu/"]
---
## I. MỤC ĐÍCH

Nội dung kế hoạch.
"#;

#[test]
fn every_kind_builds_with_both_date_forms_and_aliases() {
    let s = TestSite::new();
    s.file("content/ke-hoach/tuyen-truyen.md", PLAN)
        .file("content/mo-hinh/tu-sach.md", "---\ntitle: \"Mô hình Tủ sách pháp luật\"\nnames: [\"Tủ sách pháp luật\"]\nunit: \"UBND xã A\"\nlocality: \"huyện B\"\ncategory: tu-quan\nsince: 2019\nstatus: \"đang hoạt động\"\ndate: 2024-05-20\n---\nMô tả.\n")
        .file("content/khen-thuong/bang-khen.md", "---\ntitle: \"Tặng Bằng khen\"\nform: bang-khen\nissuer: \"UBND tỉnh\"\ndecision: \"1234/QĐ-UBND\"\nngay: 16/8/2024\nrecipients:\n  - { name: \"Tổ hòa giải thôn Đông\", type: tap-the, unit: \"xã A\" }\nreason: \"Thành tích xuất sắc\"\nmodel: tu-sach\n---\nNội dung.\n")
        .file("content/van-ban/44-kl-tw.md", "---\ntitle: \"Kết luận 44-KL/TW\"\nnumber: \"44-KL/TW\"\ndoc_type: \"Kết luận\"\nissuer: \"Ban Bí thư\"\ndate: 2019-01-22\nsubject: \"Về tiếp tục thực hiện Chỉ thị 09\"\n---\nGhi chú.\n")
        .file("content/su-kien/ngay-hoi.md", "---\ntieu_de: \"Ngày hội toàn dân bảo vệ an ninh Tổ quốc\"\nngay: 19/8/2005\nrecurring: yearly\nsince: 2005\ndia_diem: \"Nhà văn hóa\"\n---\nMô tả.\n")
        .file("content/gioi-thieu.md", "---\ntitle: \"Giới thiệu\"\n---\nTrang giới thiệu.\n");
    s.build_ok();
    let plan = s.read("ke-hoach/tuyen-truyen/index.html");
    assert!(
        plan.contains("Số: 33/KH-STP"),
        "document header shows the number"
    );
    assert!(
        plan.contains("Sông Lam, ngày 21 tháng 8 năm 2025"),
        "place and date as on the document (Nghị định 30/2020: August is not padded)"
    );
    assert!(
        plan.contains("KT. GIÁM ĐỐC") && plan.contains("Nguyễn Văn A"),
        "signature block"
    );
    assert!(plan.contains("UBND tỉnh;"), "recipients");
    assert!(
        plan.contains("15/11/2025") && plan.contains("Báo cáo kết quả"),
        "deadline from front matter"
    );
    assert!(plan.contains("id=\"i-muc-dich\""), "heading id");
    let alias = s.read("tin-tuc/ke-hoach-cu/index.html");
    assert!(
        alias.contains("url=/ke-hoach/tuyen-truyen/"),
        "alias redirects: {alias}"
    );
    assert!(s.read("mo-hinh/tu-sach/index.html").contains("UBND xã A"));
    assert!(s
        .read("mo-hinh/nhom/tu-quan/index.html")
        .contains("Mô hình Tủ sách pháp luật"));
    let comm = s.read("khen-thuong/bang-khen/index.html");
    assert!(comm.contains("Tổ hòa giải thôn Đông") && comm.contains("Tập thể"));
    assert!(
        comm.contains("href=\"/mo-hinh/tu-sach/\""),
        "commendation links its model"
    );
    assert!(
        s.read("mo-hinh/tu-sach/index.html")
            .contains("href=\"/khen-thuong/bang-khen/\""),
        "model lists its commendation"
    );
    let ev = s.read("su-kien/ngay-hoi/index.html");
    assert!(
        ev.contains("19/08/2005") && ev.contains("Nhà văn hóa"),
        "Vietnamese keys and date form"
    );
    assert!(s
        .read("van-ban/44-kl-tw/index.html")
        .contains("Về tiếp tục thực hiện Chỉ thị 09"));
    assert!(s
        .read("gioi-thieu/index.html")
        .contains("Trang giới thiệu."));
    // lists, taxonomies, feeds
    for f in [
        "ke-hoach/index.html",
        "nam/2025/index.html",
        "the/dang-uy/index.html",
        "co-quan/so-tu-phap-tinh-song-lam/index.html",
        "sitemap.xml",
        "rss.xml",
        "robots.txt",
        "404.html",
        "khen-thuong/index.html",
    ] {
        assert!(s.exists(f), "{f} missing");
    }
    assert!(s
        .read("sitemap-1.xml")
        .contains("https://thu.gov.vn/ke-hoach/tuyen-truyen/"));
}

#[test]
fn front_matter_error_names_file_line_and_column() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: \"A\"\nnumber: \"1/KH\"\ndate: 32/13/2025\n---\nx\n",
    );
    let r = s.build();
    assert!(r.has_errors());
    let d = &r.diagnostics[0];
    assert_eq!(d.path, std::path::Path::new("content/ke-hoach/a.md"));
    assert_eq!(
        d.line,
        Some(4),
        "line counted in the file, not in the front matter: {d}"
    );
    assert_eq!(d.col, Some(7), "{d}");
    assert!(d.message.contains("32/13/2025"), "{d}");
    // A YAML syntax error, too.
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: \"A\"\ntags: [a, b\n---\nx\n",
    );
    let r = s.build();
    let d = &r.diagnostics[0];
    assert!(d.line.is_some_and(|l| l >= 3), "{d}");
}

#[test]
fn unknown_key_is_rejected_with_a_suggestion() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: \"A\"\nissure: \"Sở\"\n---\nx\n",
    );
    let r = s.build();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(d.line, Some(3), "{d}");
    assert!(
        d.help.as_deref().unwrap_or("").contains("`issuer`"),
        "suggests issuer: {d}"
    );
    let s = TestSite::with_config("title: x\nbase_url: /\npaginat: 3\n");
    let r = s.build();
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.path.to_str(), d.line),
        (Some("bangtin.yaml"), Some(3)),
        "{d}"
    );
    assert!(
        d.help.as_deref().unwrap_or("").contains("`paginate`"),
        "{d}"
    );
}

#[test]
fn a_key_of_another_kind_names_the_folder() {
    let s = TestSite::new();
    s.file(
        "content/mo-hinh/a.md",
        "---\ntitle: \"A\"\nform: bang-khen\n---\nx\n",
    );
    let r = s.build();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert!(
        d.message.contains("`form`")
            && d.help
                .as_deref()
                .unwrap_or("")
                .contains("content/khen-thuong/"),
        "{d}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", PLAN).file(
        "content/su-kien/b.md",
        "---\ntitle: B\ndate: 2025-08-19\nrecurring: yearly\n---\nb\n",
    );
    s.build_ok();
    let first = snapshot(&s.out());
    s.build_ok();
    assert_eq!(first, snapshot(&s.out()));
    assert!(first.len() > 30);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", PLAN);
    s.build_ok();
    let before = snapshot(&s.out());
    s.file("content/ke-hoach/b.md", "---\ntitle: [\n---\n");
    let r = s.build();
    assert!(r.has_errors());
    assert_eq!(
        before,
        snapshot(&s.out()),
        "output changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bangtin-staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn refuses_the_site_root_and_folders_it_did_not_write() {
    let s = TestSite::new();
    s.file("content/a.md", "---\ntitle: A\n---\nx\n");
    let mut opts = s.opts();
    opts.output = Some(s.root().to_path_buf());
    let r = bangtin::build::build(&opts);
    assert!(
        r.has_errors(),
        "building into the site root must be refused"
    );
    assert!(s.root().join("content/a.md").exists());
    opts.output = Some(s.root().join("content"));
    assert!(
        bangtin::build::build(&opts).has_errors(),
        "building into content/ must be refused"
    );

    s.file("public/ghi-chu-cua-toi.txt", "của tôi");
    let r = s.build();
    assert!(r.has_errors());
    assert!(errors(&r).contains("ghi-chu-cua-toi.txt"), "{}", errors(&r));
    assert_eq!(
        std::fs::read_to_string(s.out().join("ghi-chu-cua-toi.txt")).unwrap(),
        "của tôi"
    );
    let mut forced = s.opts();
    forced.force = true;
    assert!(!bangtin::build::build(&forced).has_errors());
    // A folder bangtin wrote is replaced without --force.
    assert!(!s.build().has_errors());
}

#[test]
fn slugs_fold_d_with_stroke() {
    let s = TestSite::new();
    s.file(
        "content/Đảng ủy.md",
        "---\ntitle: Đảng ủy\ntags: [\"Đoàn kết\"]\n---\nx\n",
    );
    s.build_ok();
    assert!(s.exists("dang-uy/index.html"));
    assert!(s.exists("the/doan-ket/index.html"));
}

#[test]
fn two_pages_with_one_url_name_both_files() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", "---\ntitle: A\n---\nx\n")
        .file("content/ke-hoach/b.md", "---\ntitle: B\nslug: a\n---\ny\n");
    let r = s.build();
    let all = errors(&r);
    assert!(
        all.contains("content/ke-hoach/a.md") && all.contains("content/ke-hoach/b.md"),
        "{all}"
    );
}

#[test]
fn script_in_title_and_raw_html_are_neutralised() {
    let s = TestSite::new();
    s.file("content/ke-hoach/x.md", "---\ntitle: \"<script>alert(1)</script>\"\nsummary: \"<img src=x onerror=alert(2)>\"\n---\n<script>alert(3)</script>\n\n<div onclick=\"alert(4)\">hi</div>\n\n<a href=\"javascript:alert(5)\">a</a>\n");
    s.build_ok();
    let html = s.read("ke-hoach/x/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        !html.contains("<img src=x") && html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "summary escaped"
    );
    assert!(!html.contains("onclick"), "event handler removed");
    assert!(
        !html.contains("javascript:alert"),
        "javascript: URL removed"
    );
    // Tera writes `/` as `&#x2F;`; minify-html, when it minifies the page whole, as `/`.
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "title shown escaped"
    );
}

#[test]
fn crlf_bom_and_nfd_input_are_accepted() {
    let s = TestSite::new();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Tổ quốc").collect();
    let text = format!(
        "\u{feff}---\r\ntitle: \"An ninh {nfd}\"\r\ndate: 2025-01-02\r\n---\r\nDòng một.\r\n"
    );
    s.bytes("content/ke-hoach/crlf.md", text.as_bytes());
    s.build_ok();
    let html = s.read("ke-hoach/crlf/index.html");
    assert!(html.contains("An ninh Tổ quốc"), "NFC in output");
    assert!(!html.contains('\r'));
}

#[test]
fn a_legacy_encoding_is_named() {
    let s = TestSite::new();
    // "Vieät Nam" as VNI-Windows writes it: ASCII vowels followed by mark bytes.
    s.bytes(
        "content/ke-hoach/vni.md",
        b"---\ntitle: \"Vie\xe4t Nam ke\xe1 hoa\xefch\"\n---\nx\n",
    );
    let r = s.build();
    let d = &r.diagnostics[0];
    assert_eq!(d.path, std::path::Path::new("content/ke-hoach/vni.md"));
    assert!(
        d.message.contains("UTF-8") && d.message.contains("VNI"),
        "{d}"
    );
}

#[test]
fn drafts_and_publish_date() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/nhap.md",
        "---\ntitle: Nháp\ndraft: true\n---\nx\n",
    )
    .file(
        "content/ke-hoach/sau.md",
        "---\ntitle: Sau\npublish_date: 2030-01-01\n---\nx\n",
    )
    .file(
        "content/ke-hoach/nay.md",
        "---\ntitle: Nay\nngay_dang: 01/01/2025\n---\nx\n",
    );
    s.build_ok();
    assert!(!s.exists("ke-hoach/nhap/index.html") && !s.exists("ke-hoach/sau/index.html"));
    assert!(s.exists("ke-hoach/nay/index.html"));
    let mut opts = s.opts();
    opts.drafts = true;
    assert!(!bangtin::build::build(&opts).has_errors());
    assert!(s.exists("ke-hoach/nhap/index.html"));
}

#[test]
fn attachments_are_copied_and_listed_with_size() {
    let s = TestSite::new();
    s.bytes("static/tep/phu-luc.pdf", &[b'%'; 2048]);
    s.bytes("content/ke-hoach/bieu-mau.docx", &[0u8; 10]);
    s.file("content/ke-hoach/a.md", "---\ntitle: A\nattachments:\n  - { path: \"tep/phu-luc.pdf\", title: \"Phụ lục\" }\n  - { path: \"bieu-mau.docx\" }\n---\nx\n");
    s.build_ok();
    let html = s.read("ke-hoach/a/index.html");
    assert!(
        html.contains("Phụ lục") && html.contains("2.0 KB"),
        "{html}"
    );
    assert!(s.exists("tep/phu-luc.pdf") && s.exists("ke-hoach/a/bieu-mau.docx"));
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: A\nattachments:\n  - { path: \"khong-co.pdf\" }\n---\nx\n",
    );
    let r = s.build();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("missing attachment is an error");
    assert_eq!(d.line, Some(4), "{d}");
}

#[test]
fn english_ui_strings() {
    let s = TestSite::with_config("title: Site\nbase_url: /\nlanguage: en\nminify: false\n");
    s.file("content/ke-hoach/a.md", "---\ntitle: A\n---\nx\n");
    s.build_ok();
    let html = s.read("index.html");
    assert!(
        html.contains("lang=\"en\"") && html.contains("Latest plans"),
        "English strings"
    );
}

#[test]
fn lists_paginate_in_vietnamese_order_of_dates_and_titles() {
    let s = TestSite::with_config("title: x\nbase_url: /\npaginate: 2\nminify: false\n");
    for (slug, title) in [
        ("a", "Ưu tiên"),
        ("b", "Uy tín"),
        ("c", "Đoàn"),
        ("d", "Dân"),
    ] {
        s.file(
            &format!("content/ke-hoach/{slug}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: 2025-01-01\n---\nx\n"),
        );
    }
    s.build_ok();
    let p1 = s.read("ke-hoach/index.html");
    let p2 = s.read("ke-hoach/trang/2/index.html");
    assert!(
        p1.find("Dân").unwrap() < p1.find("Đoàn").unwrap(),
        "d before đ"
    );
    assert!(
        p2.find("Uy tín").unwrap() < p2.find("Ưu tiên").unwrap(),
        "u before ư"
    );
    assert!(p1.contains("href=\"/ke-hoach/trang/2/\""));
}

#[test]
fn minified_output_is_smaller_and_keeps_the_text() {
    let s = TestSite::with_config("title: x\nbase_url: /\n");
    s.file("content/ke-hoach/a.md", PLAN);
    s.build_ok();
    let min = s.read("ke-hoach/a/index.html");
    let s2 = TestSite::new();
    s2.file("content/ke-hoach/a.md", PLAN);
    s2.build_ok();
    let full = s2.read("ke-hoach/a/index.html");
    assert!(min.len() < full.len());
    assert!(min.contains("Nội dung kế hoạch."));
}

#[test]
fn the_example_site_builds_without_errors_or_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut opts =
        bangtin::build::BuildOptions::new(root, jiff::civil::Date::new(2025, 6, 1).unwrap());
    opts.output = Some(out.path().join("public"));
    let r = bangtin::build::build(&opts);
    assert!(r.diagnostics.is_empty(), "{}", errors(&r));
    assert!(r.pages >= 20);
}

#[test]
fn long_lists_link_a_window_of_pages_not_all_of_them() {
    // Regression: every page of a 500-page list linked all 500 pages (quadratic output).
    let s = TestSite::with_config("title: x\nbase_url: /\npaginate: 1\nminify: false\n");
    for i in 0..30 {
        s.file(
            &format!("content/ke-hoach/p{i:02}.md"),
            &format!(
                "---\ntitle: \"P{i}\"\ndate: 2025-01-{:02}\n---\nx\n",
                i % 28 + 1
            ),
        );
    }
    s.build_ok();
    let p15 = s.read("ke-hoach/trang/15/index.html");
    for near in [1, 13, 14, 16, 17, 30] {
        assert!(
            p15.contains(&format!("href=\"/ke-hoach/trang/{near}/\"")) || near == 1,
            "page {near} linked"
        );
    }
    assert!(p15.contains("href=\"/ke-hoach/\""), "first page linked");
    assert!(
        !p15.contains("href=\"/ke-hoach/trang/5/\""),
        "far pages not linked"
    );
    assert!(p15.contains('…'));
}

/// `minify: true` minifies the theme's templates once instead of every page (issue 16): every
/// page of the example site must be the same document as minifying the page rendered from the
/// templates as written, and smaller than that unminified page.
#[test]
fn minified_templates_give_the_pages_minifying_each_page_gives() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let render = |minify: bool| {
        let dir = tempfile::tempdir().expect("tempdir");
        for d in ["content", "static", "data"] {
            crate::common::copy_dir(&here.join(d), &dir.path().join(d));
        }
        let config = std::fs::read_to_string(here.join("bangtin.yaml")).expect("config");
        let config = config.replace("minify: true", &format!("minify: {minify}"));
        std::fs::write(dir.path().join("bangtin.yaml"), config).expect("write");
        let opts =
            bangtin::build::BuildOptions::new(dir.path(), jiff::civil::Date::constant(2025, 6, 1));
        let (report, files) = bangtin::build::render_to_memory(&opts);
        assert!(!report.has_errors(), "{}", errors(&report));
        files
    };
    let (fast, plain) = (render(true), render(false));
    assert_eq!(
        fast.keys().collect::<Vec<_>>(),
        plain.keys().collect::<Vec<_>>()
    );
    let mut pages = 0;
    for (path, bytes) in fast.iter().filter(|(p, _)| p.ends_with(".html")) {
        let written = &plain[path];
        assert!(
            bytes.len() < written.len(),
            "{path}: {} bytes minified, {} as written",
            bytes.len(),
            written.len()
        );
        assert!(
            bangtin::render::minify::page(bytes) == bangtin::render::minify::page(written),
            "{path}: not the same document as the page minified"
        );
        pages += 1;
    }
    assert!(pages > 100, "{pages} pages");
}
