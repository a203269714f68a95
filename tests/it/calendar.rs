//! The calendar as readers see it: month grids, the year agenda, anniversaries, lunar dates,
//! deadlines found in plans, and the iCalendar feed read back by an independent parser.

use crate::common::TestSite;

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
    let october = s.read("lich/2024/10/index.html");
    assert!(
        october.contains("Quý IV/2024"),
        "quarter-long deadline in its first month"
    );
    // The year page is an overview: counts per month and the year's commemorations.
    let year = s.read("lich/2024/index.html");
    assert!(
        year.contains("19 năm Ngày hội toàn dân bảo vệ ANTQ"),
        "commemoration in the year overview"
    );
    assert!(
        year.contains("href=\"/lich/2024/10/\"") && year.contains("1 thời hạn"),
        "October's count links to the month"
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
    let events = crate::common::open_data(&s, "su-kien");
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

/// Plans of January 2025: `shared` plans each with the same report deadline on 15/01 (written
/// in several spellings), and each plan with `varied` deadlines of its own text on other days.
fn busy_month(shared: usize, varied: usize) -> TestSite {
    let s = TestSite::new();
    for i in 0..shared {
        // Most plans spell it one way: that spelling is shown.
        let report = match i % 4 {
            0 | 1 => "Các đơn vị gửi báo cáo kết quả thực hiện Kế hoạch",
            2 => "CÁC ĐƠN VỊ GỬI BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH",
            _ => "Các  đơn vị gửi báo cáo kết quả thực hiện kế hoạch",
        };
        let mut body = format!("{report} trước ngày 15/01/2025.\n");
        for k in 0..varied {
            // Days 1–28 but the 15th.
            let day = match (i * varied + k) % 27 + 1 {
                d if d >= 15 => d + 1,
                d => d,
            };
            body.push_str(&format!(
                "\nHoàn thành nhiệm vụ {k} của tổ {i} trước ngày {day}/01/2025.\n"
            ));
        }
        // Plans dated over 2024, so "newest first" has something to order.
        let month = i % 12 + 1;
        let dom = i % 28 + 1;
        s.file(
            &format!("content/ke-hoach/kh-{i:04}.md"),
            &format!(
                "---\ntitle: \"Kế hoạch số {i}\"\ndate: 2024-{month:02}-{dom:02}\nyear: 2024\n---\n{body}"
            ),
        );
    }
    s
}

/// Every `href="…"` of a page that starts with `prefix`.
fn links<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .filter(|h| h.starts_with(prefix))
        .collect()
}

#[test]
fn a_busy_month_groups_deadlines_and_pages_its_days() {
    // 300 plans × (1 shared + 9 own) = 3,000 deadlines in January 2025.
    let s = busy_month(300, 9);
    s.build_ok();
    let month = s.read("lich/2025/01/index.html");
    assert!(month.len() < 100_000, "month page {} bytes", month.len());
    // The shared deadline is one entry with its count, linking to its day page.
    assert!(
        month.contains("<a href=\"/lich/2025/01/15/\">Các đơn vị gửi báo cáo kết quả thực hiện Kế hoạch</a> <span class=\"ev-count\">— 300 kế hoạch</span>"),
        "grouped entry in the cell: {}",
        month
            .find("300 kế hoạch")
            .map_or("", |i| &month[i.saturating_sub(300)..i + 20])
    );
    assert_eq!(
        month.matches("300 kế hoạch").count(),
        2,
        "once in the grid, once in the month's list"
    );
    // Crowded cells end with "+N"; every link into a day goes to a page that exists.
    assert_eq!(
        month
            .matches("class=\"ev-more\"><a href=\"/lich/2025/01/")
            .count(),
        27,
        "every day but the 15th has ~100 entries"
    );
    assert!(month.contains("class=\"ev-more\"><a href=\"/lich/2025/01/16/\">+"));
    let day_links = links(&month, "/lich/2025/01/");
    assert!(day_links.len() > 28, "{day_links:?}");
    for l in day_links
        .iter()
        .filter(|l| l.len() > "/lich/2025/01/".len())
    {
        assert!(
            s.exists(&format!("{}index.html", &l[1..])),
            "{l} linked from the month page but missing"
        );
    }
    // Days without entries have no page.
    assert!(!s.exists("lich/2025/02/15/index.html"));

    // The day page: the group with its plans, newest first, paged.
    let day = s.read("lich/2025/01/15/index.html");
    assert!(day.len() < 100_000, "day page {} bytes", day.len());
    assert!(day.contains("300 kế hoạch"));
    let plans = links(&day, "/ke-hoach/kh-");
    assert_eq!(
        plans[..3],
        [
            "/ke-hoach/kh-0167/",
            "/ke-hoach/kh-0167/#han-1",
            "/ke-hoach/kh-0251/"
        ],
        "newest plans first (both 28/12/2024)"
    );
    assert!(
        day.contains("href=\"/ke-hoach/kh-0251/#han-1\""),
        "links to the sentence"
    );
    assert!(day.contains("href=\"/lich/2025/01/15/trang/2/\""), "paged");
    let mut n = 2;
    let mut rows = plans.iter().filter(|l| !l.contains('#')).count();
    while s.exists(&format!("lich/2025/01/15/trang/{n}/index.html")) {
        let page = s.read(&format!("lich/2025/01/15/trang/{n}/index.html"));
        assert!(page.len() < 100_000, "page {n}: {} bytes", page.len());
        rows += links(&page, "/ke-hoach/kh-")
            .iter()
            .filter(|l| !l.contains('#'))
            .count();
        n += 1;
    }
    assert_eq!(
        rows,
        300,
        "every plan of the day listed once over {} pages",
        n - 1
    );
    assert!(
        day.contains("rel=\"next\" href=\"/lich/2025/01/16/\""),
        "next day"
    );
    assert!(
        day.contains("rel=\"prev\" href=\"/lich/2025/01/14/\""),
        "previous day"
    );

    // The year page is an overview, not every deadline.
    let year = s.read("lich/2025/index.html");
    assert!(year.len() < 100_000, "year page {} bytes", year.len());
    assert!(year.contains("3000 thời hạn"), "January's count");
    assert!(!year.contains("Hoàn thành nhiệm vụ"));
}

#[test]
fn one_deadline_stays_one_link_to_its_sentence() {
    let s = site();
    s.build_ok();
    let june = s.read("lich/2024/06/index.html");
    assert!(
        june.contains("href=\"/lich/2024/06/10/\""),
        "day number links to the day"
    );
    let day = s.read("lich/2024/06/10/index.html");
    assert!(day.contains("href=\"/ke-hoach/a/#han-1\""));
    assert!(!s.exists("lich/2024/06/11/index.html"));
}
