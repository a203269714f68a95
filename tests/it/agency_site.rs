//! Issue 13, the site an agency would publish: every local address a page uses exists, the
//! menu and footer reach the introduction and contact pages, and a plan carries what its
//! printed form needs (the parent agency, the date as Nghị định 30/2020 writes it).

use crate::common::{errors, TestSite, CONFIG};
use bangtin::build::Report;
use bangtin::diag::Diagnostic;
use std::path::Path;

const PLAN: &str = "---\ntitle: \"Kế hoạch thử\"\nnumber: \"1/KH-STP\"\ndate: 2025-03-12\n";

fn errors_about<'a>(r: &'a Report, file: &str) -> Vec<&'a Diagnostic> {
    r.diagnostics
        .iter()
        .filter(|d| d.is_error() && d.path == Path::new(file))
        .collect()
}

#[test]
fn a_bangtin_init_site_builds_with_every_address_its_pages_use() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = crate::common::init_site_built(tmp.path());
    // The scripts and styles every page loads are there, from the theme built into bangtin.
    for asset in [
        "tools.js",
        "style.css",
        "print.css",
        "search.js",
        "favicon.svg",
    ] {
        assert!(
            site.join("public").join(asset).is_file(),
            "{asset} missing from a bangtin init site"
        );
    }
}

#[test]
fn an_address_nothing_was_written_for_is_an_error_at_the_line_that_wrote_it() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        &format!(
            "{PLAN}---\n\nĐoạn đầu.\n\nXem [phụ lục](/tep/khong-co.pdf) và [kế hoạch khác](../b/).\n"
        ),
    );
    s.file(
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n<script src=\"{{ site.base_path }}thieu.js\"></script>{% endblock content %}",
    );
    s.file(
        "content/ke-hoach/c.md",
        "---\ntitle: \"C\"\nnumber: \"2/KH-STP\"\ndate: 2025-03-13\n---\nChữ.\n",
    );
    let r = s.build();
    assert!(r.has_errors(), "a broken address must fail the build");
    // In the page's text: the content file and its line, one error per address.
    let page = errors_about(&r, "content/ke-hoach/a.md");
    let shown: Vec<String> = page.iter().map(|d| d.to_string()).collect();
    assert_eq!(page.len(), 2, "{shown:#?}");
    assert!(page.iter().all(|d| d.line == Some(9)), "{shown:#?}");
    assert!(
        shown.iter().any(|d| d.contains("/tep/khong-co.pdf")),
        "{shown:#?}"
    );
    assert!(
        shown.iter().any(|d| d.contains("/ke-hoach/b/")),
        "{shown:#?}"
    );
    // In the template: reported once, at the template's line, with how many pages use it.
    let tpl = errors_about(&r, "templates/plan.html");
    assert_eq!(tpl.len(), 1, "{}", errors(&r));
    let d = tpl[0].to_string();
    assert_eq!(tpl[0].line, Some(3), "{d}");
    assert!(d.contains("/thieu.js") && d.contains("plan.html"), "{d}");
    assert!(d.contains("1 trang khác"), "both plans use it: {d}");
    // Nothing was published.
    assert!(!s.out().exists());
}

#[test]
fn a_stylesheet_url_that_leads_nowhere_is_an_error_naming_the_stylesheet() {
    let s = TestSite::new();
    s.file(
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nChào.\n",
    );
    s.file(
        "static/them.css",
        "body { background: url(\"nen.png\") }\n.b { background: url(/nen-co.png) }\n",
    );
    s.file("static/nen-co.png", "png");
    let r = s.build();
    let d: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(Diagnostic::to_string)
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].contains("them.css") && d[0].contains("/nen.png"),
        "{d:#?}"
    );
    // The "png" that is no picture is not refused (it would be published as it is), and the
    // editor is told.
    assert!(r
        .diagnostics
        .iter()
        .any(|w| !w.is_error() && w.path.ends_with("static/nen-co.png")));
}

#[test]
fn working_addresses_pass_under_a_base_path_too() {
    let s =
        TestSite::with_config(&CONFIG.replace("https://thu.gov.vn/", "https://thu.gov.vn/trang/"));
    s.file(
        "content/ke-hoach/a.md",
        &format!("{PLAN}---\n\nXem [kế hoạch B](/trang/ke-hoach/b/), [lịch](/trang/lich/) và [mục](#muc).\n"),
    );
    s.file(
        "content/ke-hoach/b.md",
        "---\ntitle: \"B\"\nnumber: \"2/KH-STP\"\ndate: 2025-03-13\n---\nChữ.\n",
    );
    s.build_ok();
}

#[test]
fn a_lunar_anniversary_says_its_dates_are_lunar() {
    let s = TestSite::new();
    s.file(
        "content/su-kien/hoi-xuan.md",
        "---\ntitle: \"Hội xuân\"\ndate: 2026-01-15\nlunar: true\nrecurring: yearly\nsince: 2018\n---\nRằm tháng Giêng.\n",
    );
    s.build_ok();
    let page = s.read("su-kien/hoi-xuan/index.html");
    // The next occurrence is on a solar day (3/3/2026); the dates in brackets are lunar.
    assert!(
        page.contains("(15/1/2018 – 15/1/2026 âm lịch)"),
        "{}",
        page.lines()
            .find(|l| l.contains("năm Hội xuân"))
            .unwrap_or(&page[..0])
    );
    let home = s.read("index.html");
    assert!(
        home.contains("âm lịch)"),
        "the home page's agenda labels it too"
    );
    // The month grid explains its small numbers in words, not only in a tooltip.
    let month = s.read("lich/index.html");
    assert!(month.contains("ngày âm lịch (ngày/tháng)"));
}

#[test]
fn in_late_autumn_the_home_page_leads_to_next_years_days_which_exist() {
    // Regression (found by the address check): on 30 November the "upcoming" block lists a
    // yearly day of next November, but calendar pages stopped at this year: a dead link.
    let mut s = TestSite::new();
    s.today = jiff::civil::Date::new(2026, 11, 30).expect("date");
    // Two plans share a yearly deadline: the entry leads to the day page listing both.
    for n in 1..=2 {
        s.file(
            &format!("content/ke-hoach/k{n}.md"),
            &format!("---\ntitle: \"Kế hoạch {n}\"\nnumber: \"{n}/KH-STP\"\ndate: 2024-01-0{n}\ndeadlines:\n  - {{ date: 2024-11-09, title: \"Báo cáo kết quả năm\", recurring: yearly }}\n---\nNội dung.\n"),
        );
    }
    s.build_ok();
    let home = s.read("index.html");
    assert!(
        home.contains("/lich/2027/11/09/"),
        "next year's day is listed"
    );
    assert!(s.exists("lich/2027/11/09/index.html"));
    assert!(s.exists("lich/2027/11/index.html"));
}
