//! The calendar as readers see it: month grids, the year agenda, anniversaries, lunar dates,
//! deadlines found in plans, and the iCalendar feed read back by an independent parser.

mod common;

use common::TestSite;

fn site() -> TestSite {
    let s = TestSite::new(); // today: 2025-06-01
    s.file("content/su-kien/ngay-hoi.md", "---\ntitle: \"Ngày hội toàn dân bảo vệ ANTQ\"\ndate: 19/8/2005\nrecurring: yearly\nsince: 2005\n---\nx\n")
        .file("content/su-kien/tet.md", "---\ntitle: \"Tết Nguyên đán\"\ndate: 2025-01-01\nlunar: true\nrecurring: yearly\n---\nx\n")
        .file("content/su-kien/hoi-thi.md", "---\ntitle: \"Hội thi hòa giải viên giỏi\"\ndate: 2026-12-08\nend_date: 2026-12-09\ntime: \"08:00\"\nlocation: \"Hội trường tỉnh\"\n---\nx\n")
        .file("content/ke-hoach/a.md", "---\ntitle: \"Kế hoạch A\"\ndate: 2024-03-01\nyear: 2024\ndeadlines:\n  - { date: 2024-11-15, title: \"Báo cáo năm\" }\n---\nCác đơn vị gửi báo cáo sơ kết trước ngày 10/6.\n\nHoàn thành việc rà soát trong Quý IV/2024.\n");
    s
}

#[test]
fn month_pages_for_every_month_with_grid_lunar_days_and_today() {
    let s = site();
    s.build_ok();
    for ym in ["2024/01", "2024/12", "2025/06", "2026/12"] {
        assert!(
            s.exists(&format!("lich/{ym}/index.html")),
            "lich/{ym} missing"
        );
    }
    let current = s.read("lich/index.html");
    assert!(
        current.contains("Tháng 6/2025"),
        "/lich/ shows the build month"
    );
    assert!(
        current.contains("class=\" today"),
        "today marked in the grid"
    );
    let june = s.read("lich/2024/06/index.html");
    assert!(
        june.contains("Báo cáo sơ kết") || june.contains("báo cáo sơ kết"),
        "deadline found in text, plan year"
    );
    assert!(
        june.contains("href=\"/ke-hoach/a/#han-1\""),
        "links to the sentence in the plan"
    );
    assert!(
        june.contains("Thứ Hai") && june.find("Thứ Hai") < june.find("Chủ nhật"),
        "Monday first"
    );
    let feb = s.read("lich/2026/02/index.html");
    assert!(
        feb.contains(">1/1<"),
        "lunar new year's day labelled 1/1 on 17/2/2026"
    );
    let prev_next = s.read("lich/2025/01/index.html");
    assert!(
        prev_next.contains("href=\"/lich/2024/12/\"")
            && prev_next.contains("href=\"/lich/2025/02/\"")
    );
    let year = s.read("lich/2024/index.html");
    assert!(
        year.contains("Quý IV/2024"),
        "quarter-long deadline in the year agenda"
    );
}

#[test]
fn anniversaries_and_lunar_dates_land_right() {
    let s = site();
    s.build_ok();
    let aug24 = s.read("lich/2024/08/index.html");
    assert!(
        aug24.contains("19 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2024)"),
        "{}",
        &aug24[aug24.find("19/08/2024").unwrap_or(0)..]
            .chars()
            .take(300)
            .collect::<String>()
    );
    let aug25 = s.read("lich/2025/08/index.html");
    assert!(aug25.contains("20 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2025)"));
    let events = common::open_data(&s, "su-kien");
    assert!(events
        .iter()
        .any(|e| e["title"] == "Tết Nguyên đán" && e["lunar"] == true));
    let jan25 = s.read("lich/2025/01/index.html");
    assert!(
        jan25.contains(
            "datetime=\"2025-01-29\">29/01/2025</time> <a href=\"/su-kien/tet/\">Tết Nguyên đán"
        ),
        "Tết 2025 on 29/1"
    );
    let feb26 = s.read("lich/2026/02/index.html");
    assert!(
        feb26.contains(
            "datetime=\"2026-02-17\">17/02/2026</time> <a href=\"/su-kien/tet/\">Tết Nguyên đán"
        ),
        "Tết 2026 on 17/2"
    );
    let home = s.read("index.html");
    assert!(
        home.contains("20 năm Ngày hội toàn dân bảo vệ ANTQ"),
        "upcoming block on the home page"
    );
}

#[test]
fn ics_feed_reads_back_with_an_independent_parser() {
    let s = site();
    s.build_ok();
    let text = s.read("lich.ics");
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "lines folded at 75 octets"
    );
    let parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cals: Vec<_> = parser.collect::<Result<_, _>>().expect("valid iCalendar");
    assert_eq!(cals.len(), 1);
    let events = &cals[0].events;
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let hoi = events
        .iter()
        .find(|e| prop(e, "SUMMARY").as_deref() == Some("Ngày hội toàn dân bảo vệ ANTQ"))
        .expect("yearly event");
    assert_eq!(prop(hoi, "DTSTART").as_deref(), Some("20050819"));
    assert_eq!(
        prop(hoi, "DTEND").as_deref(),
        Some("20050820"),
        "all-day: DTEND is the next day"
    );
    assert_eq!(prop(hoi, "RRULE").as_deref(), Some("FREQ=YEARLY"));
    assert_eq!(
        prop(hoi, "URL").as_deref(),
        Some("https://thu.gov.vn/su-kien/ngay-hoi/")
    );
    let tet: Vec<_> = events
        .iter()
        .filter(|e| prop(e, "SUMMARY").as_deref() == Some("Tết Nguyên đán"))
        .collect();
    let tet_days: Vec<String> = tet.iter().filter_map(|e| prop(e, "DTSTART")).collect();
    assert!(
        tet_days.contains(&"20250129".to_string()) && tet_days.contains(&"20260217".to_string()),
        "lunar event expanded per year: {tet_days:?}"
    );
    assert!(
        tet.iter().all(|e| prop(e, "RRULE").is_none()),
        "no solar RRULE for a lunar date"
    );
    let quarter = events
        .iter()
        .find(|e| prop(e, "DTSTART").as_deref() == Some("20241001"))
        .expect("Quý IV deadline");
    assert_eq!(prop(quarter, "DTEND").as_deref(), Some("20250101"));
    let timed = events
        .iter()
        .find(|e| prop(e, "SUMMARY").as_deref() == Some("Hội thi hòa giải viên giỏi"))
        .expect("timed event");
    assert_eq!(prop(timed, "DTSTART").as_deref(), Some("20261208T080000"));
    assert_eq!(prop(timed, "LOCATION").as_deref(), Some("Hội trường tỉnh"));
    // same input, same UIDs and bytes
    s.build_ok();
    assert_eq!(text, s.read("lich.ics"));
    assert!(cals[0]
        .properties
        .iter()
        .any(|p| p.name == "X-WR-TIMEZONE" && p.value.as_deref() == Some("Asia/Ho_Chi_Minh")));
}

#[test]
fn plan_page_lists_its_deadlines_with_anchors() {
    let s = site();
    s.build_ok();
    let plan = s.read("ke-hoach/a/index.html");
    assert!(
        plan.contains("<mark class=\"deadline\" id=\"han-1\">"),
        "deadline phrase marked in the text"
    );
    assert!(
        plan.contains("href=\"#han-1\""),
        "deadline list links to the sentence"
    );
    assert!(plan.contains("15/11/2024") && plan.contains("Báo cáo năm"));
}
