//! What the site says of the things its pages describe: a directive's name, date and issuer
//! on its page and in `/van-ban/`, one agency page per agency however it is written, lists
//! and feeds in date order, anniversaries of yearly events (issue 13).

use crate::common::TestSite;

/// The text a reader sees in a piece of HTML: tags dropped, whitespace collapsed.
fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The row of `/van-ban/` (as text) that starts with `title`.
fn index_row(index: &str, title: &str) -> String {
    index
        .split("<tr>")
        .map(text)
        .find(|row| row.starts_with(title))
        .unwrap_or_else(|| panic!("no row `{title}` in /van-ban/"))
}

/// Regression: "Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13" showed as "Luật số
/// 14/2012/QH13" with no issuer; the date and issuer most citing pages give are shown, and a
/// directive page's front matter wins over them.
#[test]
fn a_directive_shows_the_name_date_and_issuer_its_citations_give() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", "---\ntitle: A\ndate: 2019-06-10\n---\nPhổ biến theo tinh thần của Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13; chú trọng vùng ven biển.\n\nTheo Kế hoạch số 112-KH/TU ngày 15/4/2019 của Ban Thường vụ Tỉnh ủy.\n")
        .file("content/ke-hoach/b.md", "---\ntitle: B\ndate: 2020-03-15\n---\nTheo Kế hoạch số 112-KH/TU ngày 16/4/2019 của Tỉnh ủy Sông Lam.\n")
        .file("content/ke-hoach/c.md", "---\ntitle: C\ndate: 2024-01-05\n---\nTheo Kế hoạch số 112-KH/TU ngày 15/4/2019 của Ban Thường vụ Tỉnh ủy.\n\nThực hiện Kết luận số 44-KL/TW ngày 22/10/2019 của Ban Bí thư.\n")
        .file("content/van-ban/44-kl-tw.md", "---\ntitle: \"Kết luận 44\"\nnumber: \"44-KL/TW\"\nissuer: \"Ban Bí thư Trung ương Đảng\"\ndate: 2019-01-22\n---\nx\n");
    s.build_ok();
    let law = text(&s.read("van-ban/14-2012-qh13/index.html"));
    assert!(
        law.contains("Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13"),
        "the law's page is titled as the citation names it: {law}"
    );
    assert!(
        law.contains("Quốc hội"),
        "a …/QH13 law is the National Assembly's"
    );
    let index = s.read("van-ban/index.html");
    let row = index_row(&index, "Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13");
    assert!(row.contains("Quốc hội"), "{row}");
    // Two pages of three say 15/04/2019 and "Ban Thường vụ Tỉnh ủy": they win, whatever the
    // order of the files.
    let row = index_row(&index, "Kế hoạch số 112-KH/TU");
    assert!(
        row.contains("15/04/2019") && row.contains("Ban Thường vụ Tỉnh ủy"),
        "{row}"
    );
    assert!(
        !row.contains("16/04/2019") && !row.contains("Sông Lam"),
        "{row}"
    );
    // The directive page's front matter wins over the citation's date.
    let row = index_row(&index, "Kết luận số 44-KL/TW");
    assert!(
        row.contains("22/01/2019") && row.contains("Ban Bí thư Trung ương Đảng"),
        "{row}"
    );
    // The citing plan lists it by its name too.
    let a = text(&s.read("ke-hoach/a/index.html"));
    assert!(
        a.contains("Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13 của Quốc hội"),
        "{a}"
    );
}

/// Regression: the site's own plan 47/KH-STP sat under "Khác" in `/van-ban/` with no date or
/// issuer although its page has both.
#[test]
fn a_directive_that_is_a_plan_of_the_site_says_what_the_plan_says() {
    let s = TestSite::new();
    s.file("content/ke-hoach/lua-dao.md", "---\ntitle: \"Kế hoạch tuyên truyền phòng, chống lừa đảo năm 2025\"\nnumber: \"47/KH-STP\"\nissuer: \"Sở Tư pháp tỉnh Sông Lam\"\ndate: 2025-05-20\n---\nNội dung.\n")
        .file("content/khen-thuong/k.md", "---\ntitle: \"Tặng Giấy khen\"\nform: giay-khen\ndate: 2025-12-10\nissuer: \"Sở Tư pháp tỉnh Sông Lam\"\n---\nTổng kết việc thực hiện Kế hoạch số 47/KH-STP năm 2025.\n");
    s.build_ok();
    let index = s.read("van-ban/index.html");
    assert!(
        index.contains(
            "<a href=\"/ke-hoach/lua-dao/\">Kế hoạch số <span class=\"symbol\">47/KH-STP</span></a>"
        ),
        "the index leads to the plan, as citations of it do"
    );
    let row = index_row(&index, "Kế hoạch số 47/KH-STP");
    assert!(
        row.contains("20/05/2025")
            && row.contains("Sở Tư pháp tỉnh Sông Lam")
            && row.contains("Kế hoạch tuyên truyền phòng, chống lừa đảo năm 2025"),
        "{row}"
    );
    let page = s.read("van-ban/47-kh-stp/index.html");
    assert!(
        page.contains("href=\"/ke-hoach/lua-dao/\""),
        "the directive page links the plan"
    );
    assert!(text(&page).contains("20/05/2025"));
    // The agency lists the plan once, not the plan and its number as two documents.
    let agency = text(&s.read("co-quan/so-tu-phap-tinh-song-lam/index.html"));
    assert!(agency.contains("Kế hoạch tuyên truyền phòng, chống lừa đảo năm 2025"));
    assert!(!agency.contains("Kế hoạch số 47/KH-STP"), "{agency}");
}

/// Regression: "…của Bộ Công an liên quan đến…" made an agency "Bộ Công an liên quan";
/// "Bộ trưởng Bộ Công an" had a page apart from "Bộ Công an" despite the alias; "Tổ hòa giải
/// thôn Đông Xuân" and "Tổ hòa giải thôn Đông Xuân, UBND xã An Hòa" were two agencies.
#[test]
fn one_agency_page_however_documents_write_its_name() {
    let s = TestSite::new();
    s.file(
        "data/co-quan.yaml",
        "- name: \"Bộ Công an\"\n  aliases: [\"Bộ trưởng Bộ Công an\", \"BCA\"]\n",
    )
    .file("content/ke-hoach/a.md", "---\ntitle: A\ndate: 2022-08-18\n---\nCăn cứ Hướng dẫn số 22/HD-BCA-V05 của Bộ Công an liên quan đến mô hình, điển hình tiên tiến; Thông tư số 23/2012/TT-BCA ngày 27/4/2012 của Bộ trưởng Bộ Công an; Chỉ thị số 03/CT-UBND ngày 28/4/2022 của Chủ tịch UBND tỉnh Quảng Ngãi về tăng cường; Kết luận số 44-KL/TW của Ban Bí thư trên lĩnh vực bảo đảm an toàn.\n")
    .file("content/mo-hinh/to-hoa-giai.md", "---\ntitle: \"Tổ hòa giải điểm\"\ndate: 2024-09-05\ncategory: tu-hoa-giai\nunit: \"Tổ hòa giải thôn Đông Xuân, UBND xã An Hòa\"\n---\nx\n")
    .file("content/khen-thuong/bk.md", "---\ntitle: \"Tặng Bằng khen\"\nform: bang-khen\ndate: 2024-08-16\nissuer: \"UBND tỉnh Sông Lam\"\nrecipients:\n  - { name: \"Tổ hoà giải thôn Đông Xuân\", type: tap-the, unit: \"xã An Hòa\" }\n---\nx\n");
    s.build_ok();
    let agencies: Vec<String> = std::fs::read_dir(s.out().join("co-quan"))
        .expect("co-quan/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    for gone in [
        "bo-cong-an-lien-quan",
        "bo-truong-bo-cong-an",
        "to-hoa-giai-thon-dong-xuan-ubnd-xa-an-hoa",
        "ban-bi-thu-tren-linh-vuc",
        "chu-tich-ubnd-tinh-quang-ngai",
    ] {
        assert!(
            !agencies.iter().any(|a| a == gone),
            "{gone} in {agencies:?}"
        );
    }
    let bca = text(&s.read("co-quan/bo-cong-an/index.html"));
    assert!(
        bca.contains("Hướng dẫn số 22/HD-BCA-V05") && bca.contains("Thông tư số 23/2012/TT-BCA"),
        "both the ministry's and its minister's documents: {bca}"
    );
    assert!(bca.starts_with("Bộ Công an"), "named as declared: {bca}");
    assert!(
        s.exists("co-quan/ubnd-tinh-quang-ngai/index.html"),
        "the chairman's directive is the committee's: {agencies:?}"
    );
    let to = text(&s.read("co-quan/to-hoa-giai-thon-dong-xuan/index.html"));
    assert!(
        to.contains("Tổ hòa giải điểm") && to.contains("Tặng Bằng khen"),
        "the model it runs and the commendation it received, on one page: {to}"
    );
}

/// "Được trích dẫn bởi" of a plan cited by its number: newest first, not in URL order.
#[test]
fn pages_citing_a_plan_are_listed_newest_first() {
    let s = TestSite::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://thu.gov.vn/\"\nminify: false\npaginate: 3\n",
    );
    s.file(
        "content/ke-hoach/goc.md",
        "---\ntitle: \"Kế hoạch gốc\"\nnumber: \"45/KH-STP\"\ndate: 2019-06-10\n---\nx\n",
    );
    // URL order a, b, c, d, e; dates 2022, 2020, 2021, 2025, 2023.
    for (slug, year) in [
        ("a", 2022),
        ("b", 2020),
        ("c", 2021),
        ("d", 2025),
        ("e", 2023),
    ] {
        s.file(
            &format!("content/mo-hinh/{slug}.md"),
            &format!("---\ntitle: \"Mô hình {year}\"\ndate: {year}-05-01\ncategory: khac\n---\nTheo Kế hoạch số 45/KH-STP của Sở Tư pháp.\n"),
        );
    }
    s.build_ok();
    let years = |html: &str| -> Vec<u32> {
        html.match_indices("Mô hình 20")
            .map(|(i, _)| html[i + "Mô hình ".len()..][..4].parse().expect("year"))
            .collect()
    };
    let plan = s.read("ke-hoach/goc/index.html");
    assert_eq!(
        years(&plan),
        [2025, 2023, 2022],
        "the newest three on the plan"
    );
    let first = s.read("van-ban/45-kh-stp/index.html");
    let second = s.read("van-ban/45-kh-stp/trang/2/index.html");
    assert_eq!(years(&first), [2025, 2023, 2022]);
    assert_eq!(years(&second), [2021, 2020], "the order holds across pages");
}

/// RSS: an event dated after the build is dated by when it was published, never by its day.
#[test]
fn feed_items_are_newest_first_and_never_dated_after_the_build() {
    let s = TestSite::new(); // today: 2025-06-01
    s.file(
        "content/su-kien/hoi-thi.md",
        "---\ntitle: \"Hội thi 2025\"\ndate: 2025-12-08\n---\nx\n",
    )
    .file(
        "content/su-kien/hoi-nghi.md",
        "---\ntitle: \"Hội nghị\"\ndate: 2025-11-20\npublish_date: 2025-04-02\n---\nx\n",
    )
    .file(
        "content/ke-hoach/a.md",
        "---\ntitle: \"Kế hoạch tháng 5\"\ndate: 2025-05-20\n---\nx\n",
    );
    s.build_ok();
    let rss = s.read("rss.xml");
    let dates: Vec<&str> = rss
        .split("<pubDate>")
        .skip(1)
        .map(|x| x.split('<').next().unwrap_or(""))
        .collect();
    let titles: Vec<&str> = rss
        .split("<item>\n<title>")
        .skip(1)
        .map(|x| x.split('<').next().unwrap_or(""))
        .collect();
    assert_eq!(titles, ["Hội thi 2025", "Kế hoạch tháng 5", "Hội nghị"]);
    assert_eq!(
        dates,
        [
            "Sun, 01 Jun 2025 00:00:00 +0700",
            "Tue, 20 May 2025 00:00:00 +0700",
            "Wed, 02 Apr 2025 00:00:00 +0700"
        ],
        "no item is dated after the build day; publish_date dates an announced event"
    );
}

/// Regression: `date: 2005-08-19` with `recurring: yearly` and no `since` showed no
/// anniversary count.
#[test]
fn a_yearly_event_counts_its_anniversaries_from_the_year_of_its_date() {
    let s = TestSite::new(); // today: 2025-06-01
    s.file("content/su-kien/ngay-hoi.md", "---\ntitle: \"Ngày hội toàn dân bảo vệ ANTQ\"\ndate: 2005-08-19\nrecurring: yearly\n---\nx\n")
        .file("content/su-kien/khac.md", "---\ntitle: \"Ngày truyền thống\"\ndate: 1945-08-19\nrecurring: yearly\nsince: 1950\n---\nx\n");
    s.build_ok();
    let page = text(&s.read("su-kien/ngay-hoi/index.html"));
    assert!(
        page.contains("20 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2025)"),
        "{page}"
    );
    let month = text(&s.read("lich/2025/08/index.html"));
    assert!(
        month.contains("20 năm Ngày hội toàn dân bảo vệ ANTQ"),
        "{month}"
    );
    // `since` still wins when given.
    let other = text(&s.read("su-kien/khac/index.html"));
    assert!(other.contains("75 năm Ngày truyền thống"), "{other}");
}

/// Calendar entries tell a template which events recur on a lunar date (`lunar`), so their
/// dates can be labelled as lunar.
#[test]
fn calendar_entries_say_which_events_are_lunar() {
    let s = TestSite::new(); // today: 2025-06-01
    s.file("content/su-kien/ram.md", "---\ntitle: \"Hội xuân Rằm tháng Giêng\"\ndate: 2018-01-15\nlunar: true\nrecurring: yearly\nsince: 2018\n---\nx\n")
        .file("content/su-kien/ngay-hoi.md", "---\ntitle: \"Ngày hội\"\ndate: 2005-08-19\nrecurring: yearly\n---\nx\n")
        .file(
            "templates/index.html",
            "{% for e in upcoming %}[{{ e.title }}|{{ e.date }}|{{ e.lunar }}]{% endfor %}",
        );
    s.build_ok();
    let home = s.read("index.html");
    assert!(
        home.contains("[20 năm Ngày hội (19/8/2005 – 19/8/2025)|19/08/2025|false]"),
        "{home}"
    );
    // Rằm tháng Giêng 2026 (lunar 15/1) is 3 March 2026.
    assert!(
        home.contains(
            "[8 năm Hội xuân Rằm tháng Giêng (15/1/2018 – 15/1/2026 âm lịch)|03/03/2026|true]"
        ),
        "{home}"
    );
}
