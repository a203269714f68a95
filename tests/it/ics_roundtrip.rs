//! The iCalendar feed read back by an independent parser (the `ical` crate): what Google
//! Calendar and Thunderbird would see.

use crate::common::TestSite;
use bangtin::render::ics::{stable_uid, write_calendar, IcsEvent};
use jiff::civil::{date, time};
use jiff::Timestamp;
use std::io::BufReader;

const LONG_SUMMARY: &str = "Báo cáo kết quả thực hiện Kế hoạch; sơ kết, tổng kết phong trào \
    toàn dân bảo vệ an ninh Tổ quốc, gửi Ban Chỉ đạo 138 Tỉnh (qua Công an Tỉnh)";

fn events() -> Vec<IcsEvent> {
    let domain = "stp.quangngai.gov.vn";
    vec![
        IcsEvent {
            uid: stable_uid(&["ke-hoach/ke-hoach-33", "bao-cao-6-thang"], domain),
            summary: LONG_SUMMARY.to_string(),
            description: Some(
                "Định kỳ 06 tháng (báo cáo gửi trước ngày 10/6),\nvà 01 năm; C:\\bao-cao"
                    .to_string(),
            ),
            url: Some(
                "https://stp.quangngai.gov.vn/ke-hoach/ke-hoach-thuc-hien-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc-nam-2024/#han-10-6"
                    .to_string(),
            ),
            location: None,
            start: date(2024, 6, 10),
            end_inclusive: date(2024, 6, 10),
            time: None,
            yearly: false,
        },
        IcsEvent {
            uid: stable_uid(&["ke-hoach/kl44", "thang-12-2019"], domain),
            summary: "Hoàn thành quán triệt Kết luận 44-KL/TW".to_string(),
            description: None,
            url: None,
            location: None,
            start: date(2019, 12, 1),
            end_inclusive: date(2019, 12, 31),
            time: None,
            yearly: false,
        },
        IcsEvent {
            uid: stable_uid(&["su-kien/ngay-hoi"], domain),
            summary: "20 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2025)".to_string(),
            description: None,
            url: Some("https://stp.quangngai.gov.vn/su-kien/ngay-hoi/".to_string()),
            location: None,
            start: date(2025, 8, 19),
            end_inclusive: date(2025, 8, 19),
            time: None,
            yearly: true,
        },
        IcsEvent {
            uid: stable_uid(&["su-kien/hoi-nghi"], domain),
            summary: "Hội nghị sơ kết, khen thưởng".to_string(),
            description: None,
            url: None,
            location: Some("Hội trường UBND tỉnh, 52 Hùng Vương; TP. Quảng Ngãi".to_string()),
            start: date(2025, 8, 19),
            end_inclusive: date(2025, 8, 19),
            time: Some(time(8, 0, 0, 0)),
            yearly: false,
        },
    ]
}

fn write() -> String {
    let stamp: Timestamp = "2025-01-01T00:00:00Z".parse().expect("a valid timestamp");
    write_calendar(
        "Lịch công tác, Sở Tư pháp",
        "Sự kiện và thời hạn; trích từ các kế hoạch",
        &events(),
        stamp,
    )
}

/// RFC 5545 TEXT unescaping, which the `ical` crate leaves to its callers.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

struct Parsed {
    value: String,
    params: Vec<(String, Vec<String>)>,
}

fn prop(event: &ical::parser::ical::component::IcalEvent, name: &str) -> Option<Parsed> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .map(|p| Parsed {
            value: p.value.clone().unwrap_or_default(),
            params: p.params.clone().unwrap_or_default(),
        })
}

#[test]
fn lines_are_crlf_and_at_most_75_octets() {
    let ics = write();
    assert!(ics.ends_with("\r\n"));
    let body = ics.strip_suffix("\r\n").unwrap_or(&ics);
    for line in body.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line end in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // The long summary really was folded.
    assert!(body.split("\r\n").any(|l| l.starts_with(' ')));
}

#[test]
fn two_writes_are_byte_identical() {
    assert_eq!(write().as_bytes(), write().as_bytes());
}

#[test]
fn calendar_header_and_time_zone() {
    let ics = write();
    for line in [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bangtin//bangtin//VI\r\n",
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh\r\n",
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n",
        "BEGIN:STANDARD\r\nTZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nTZNAME:ICT\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\n",
        "DTSTAMP:20250101T000000Z\r\n",
    ] {
        assert!(ics.contains(line), "missing {line:?}");
    }
}

#[test]
fn read_back_by_the_ical_crate() {
    let ics = write();
    let mut parser = ical::IcalParser::new(BufReader::new(ics.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("a calendar the ical crate can parse");
    assert!(parser.next().is_none());

    let name = cal.properties.iter().find(|p| p.name == "X-WR-CALNAME");
    assert_eq!(
        name.and_then(|p| p.value.as_deref())
            .map(unescape)
            .as_deref(),
        Some("Lịch công tác, Sở Tư pháp")
    );
    assert_eq!(cal.timezones.len(), 1);

    let expected = events();
    assert_eq!(cal.events.len(), expected.len());
    let got_summaries: Vec<String> = cal
        .events
        .iter()
        .map(|e| unescape(&prop(e, "SUMMARY").expect("a SUMMARY").value))
        .collect();
    let want_summaries: Vec<&str> = expected.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(got_summaries, want_summaries);

    // All-day report deadline: one day, DTEND exclusive.
    let report = &cal.events[0];
    let start = prop(report, "DTSTART").expect("DTSTART");
    assert_eq!(start.value, "20240610");
    assert_eq!(
        start.params,
        vec![("VALUE".to_string(), vec!["DATE".to_string()])]
    );
    assert_eq!(prop(report, "DTEND").expect("DTEND").value, "20240611");
    assert_eq!(
        unescape(&prop(report, "DESCRIPTION").expect("DESCRIPTION").value),
        "Định kỳ 06 tháng (báo cáo gửi trước ngày 10/6),\nvà 01 năm; C:\\bao-cao"
    );
    assert_eq!(
        prop(report, "URL").map(|p| p.value),
        expected[0].url.clone()
    );
    assert!(prop(report, "RRULE").is_none());
    assert_eq!(
        prop(report, "UID").map(|p| p.value),
        Some(expected[0].uid.clone())
    );

    // A month-long span.
    let month = &cal.events[1];
    assert_eq!(prop(month, "DTSTART").expect("DTSTART").value, "20191201");
    assert_eq!(prop(month, "DTEND").expect("DTEND").value, "20200101");
    assert!(prop(month, "URL").is_none());

    // Yearly.
    let yearly = &cal.events[2];
    assert_eq!(prop(yearly, "DTSTART").expect("DTSTART").value, "20250819");
    assert_eq!(prop(yearly, "DTEND").expect("DTEND").value, "20250820");
    assert_eq!(prop(yearly, "RRULE").expect("RRULE").value, "FREQ=YEARLY");
    assert_eq!(
        prop(yearly, "URL").map(|p| p.value).as_deref(),
        Some("https://stp.quangngai.gov.vn/su-kien/ngay-hoi/")
    );

    // Timed, in Asia/Ho_Chi_Minh, one hour.
    let timed = &cal.events[3];
    let start = prop(timed, "DTSTART").expect("DTSTART");
    assert_eq!(start.value, "20250819T080000");
    assert_eq!(
        start.params,
        vec![("TZID".to_string(), vec!["Asia/Ho_Chi_Minh".to_string()])]
    );
    assert_eq!(
        prop(timed, "DTEND").expect("DTEND").value,
        "20250819T090000"
    );
    assert_eq!(
        unescape(&prop(timed, "LOCATION").expect("LOCATION").value),
        "Hội trường UBND tỉnh, 52 Hùng Vương; TP. Quảng Ngãi"
    );
}

#[test]
fn yearly_on_29_february_keeps_the_common_years() {
    let e = IcsEvent {
        uid: stable_uid(&["29-2"], "example.org"),
        summary: "Ngày 29/2".to_string(),
        description: None,
        url: None,
        location: None,
        start: date(2024, 2, 29),
        end_inclusive: date(2024, 2, 29),
        time: None,
        yearly: true,
    };
    let ics = write_calendar("x", "", &[e], Timestamp::UNIX_EPOCH);
    assert!(ics.contains("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n"));
    assert!(ics.contains("DTSTAMP:19700101T000000Z\r\n"));
}

/// A site built on 1/6/2025: two agencies' plans with deadlines inside and outside the feed's
/// window, a yearly deadline written by three plans, a yearly commemoration.
fn feed_site(config_extra: &str) -> TestSite {
    let s = TestSite::with_config(&format!("{}{config_extra}", crate::common::CONFIG));
    s.file(
        "content/su-kien/ngay-hoi.md",
        "---\ntitle: \"Ngày hội toàn dân bảo vệ ANTQ\"\ndate: 19/8/2005\nrecurring: yearly\nsince: 2005\n---\nx\n",
    );
    for (i, issuer) in ["Sở Tư pháp", "Sở Tư pháp", "Công an tỉnh"]
        .iter()
        .enumerate()
    {
        s.file(
            &format!("content/ke-hoach/kh-{i}.md"),
            &format!(
                "---\ntitle: \"Kế hoạch {i}\"\ndate: 2024-0{}-01\nyear: 2024\nissuer: \"{issuer}\"\n---\n\
                 Các đơn vị gửi báo cáo tổng kết trước ngày 05/11 hằng năm.\n\n\
                 Các đơn vị gửi báo cáo sơ kết trước ngày 15/12/2025.\n\n\
                 Hoàn thành kiểm tra {i} trước ngày 20/3/2020.\n\n\
                 Hoàn thành đánh giá {i} trước ngày 20/3/2030.\n",
                i + 1
            ),
        );
    }
    s
}

fn parse(ics: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    let mut parser = ical::IcalParser::new(BufReader::new(ics.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("a calendar the ical crate can parse");
    cal.events
}

fn summary(e: &ical::parser::ical::component::IcalEvent) -> String {
    unescape(&prop(e, "SUMMARY").map(|p| p.value).unwrap_or_default())
}

#[test]
fn site_feed_covers_a_window_and_repeats_yearly_events_by_rule() {
    let s = feed_site("");
    s.build_ok();
    let events = parse(&s.read("lich.ics"));
    let summaries: Vec<String> = events.iter().map(summary).collect();
    // Window: 1/6/2024 – 1/6/2027. 2020 and 2030 are on the calendar pages, not in the feed.
    assert!(s
        .read("lich/2020/03/index.html")
        .contains("Hoàn thành kiểm tra 0"));
    assert!(
        !summaries
            .iter()
            .any(|t| t.contains("kiểm tra") || t.contains("đánh giá")),
        "{summaries:?}"
    );
    // The commemoration: one event, repeating.
    let hoi: Vec<_> = events
        .iter()
        .filter(|e| summary(e) == "Ngày hội toàn dân bảo vệ ANTQ")
        .collect();
    assert_eq!(hoi.len(), 1, "one VEVENT for every year");
    assert_eq!(
        prop(hoi[0], "RRULE").map(|p| p.value).as_deref(),
        Some("FREQ=YEARLY")
    );
    assert_eq!(
        prop(hoi[0], "DTSTART").map(|p| p.value).as_deref(),
        Some("20050819")
    );
    // The yearly report of three plans: one repeating event saying so.
    let yearly: Vec<_> = events
        .iter()
        .filter(|e| summary(e) == "Các đơn vị gửi báo cáo tổng kết")
        .collect();
    assert_eq!(yearly.len(), 1, "{summaries:?}");
    assert_eq!(
        prop(yearly[0], "RRULE").map(|p| p.value).as_deref(),
        Some("FREQ=YEARLY")
    );
    assert_eq!(
        prop(yearly[0], "DTSTART").map(|p| p.value).as_deref(),
        Some("20241105")
    );
    assert_eq!(
        prop(yearly[0], "DESCRIPTION")
            .map(|p| unescape(&p.value))
            .as_deref(),
        Some("3 kế hoạch")
    );
    // A shared one-off deadline: one event, linking to its day page, which exists.
    let report: Vec<_> = events
        .iter()
        .filter(|e| summary(e) == "Các đơn vị gửi báo cáo sơ kết")
        .collect();
    assert_eq!(report.len(), 1);
    assert_eq!(
        prop(report[0], "URL").map(|p| p.value).as_deref(),
        Some("https://thu.gov.vn/lich/2025/12/15/")
    );
    assert!(s.exists("lich/2025/12/15/index.html"));
    assert_eq!(
        prop(report[0], "DESCRIPTION")
            .map(|p| unescape(&p.value))
            .as_deref(),
        Some("3 kế hoạch")
    );
}

#[test]
fn window_and_cap_come_from_bangtin_yaml() {
    let s = feed_site("calendar:\n  ics_months_back: 200\n  ics_months_ahead: 120\n");
    s.build_ok();
    let summaries: Vec<String> = parse(&s.read("lich.ics")).iter().map(summary).collect();
    assert!(
        summaries.iter().any(|t| t == "Hoàn thành kiểm tra 0"),
        "{summaries:?}"
    );
    assert!(
        summaries.iter().any(|t| t == "Hoàn thành đánh giá 2"),
        "{summaries:?}"
    );

    // At most two deadline entries: the nearest to the build day; the commemoration stays.
    let s = feed_site(
        "calendar:\n  ics_months_back: 200\n  ics_months_ahead: 120\n  ics_max_events: 2\n",
    );
    s.build_ok();
    let summaries: Vec<String> = parse(&s.read("lich.ics")).iter().map(summary).collect();
    assert_eq!(
        summaries,
        vec![
            "Ngày hội toàn dân bảo vệ ANTQ",
            "Các đơn vị gửi báo cáo tổng kết",
            "Các đơn vị gửi báo cáo sơ kết",
        ]
    );

    let bad = TestSite::with_config(&format!(
        "{}calendar:\n  ics_month_back: 3\n",
        crate::common::CONFIG
    ));
    let r = bad.build();
    assert!(r.has_errors());
    assert!(
        crate::common::errors(&r).contains("ics_months_back"),
        "{}",
        crate::common::errors(&r)
    );
}

#[test]
fn each_agency_has_a_feed_of_its_own_plans() {
    let s = feed_site("");
    s.build_ok();
    let stp = parse(&s.read("co-quan/so-tu-phap/lich.ics"));
    let report = stp
        .iter()
        .find(|e| summary(e) == "Các đơn vị gửi báo cáo sơ kết")
        .expect("the shared deadline");
    assert_eq!(
        prop(report, "DESCRIPTION")
            .map(|p| unescape(&p.value))
            .as_deref(),
        Some("2 kế hoạch"),
        "two of the three plans are the Sở's"
    );
    let ca = parse(&s.read("co-quan/cong-an-tinh/lich.ics"));
    let report = ca
        .iter()
        .find(|e| summary(e) == "Các đơn vị gửi báo cáo sơ kết")
        .expect("the shared deadline");
    assert_eq!(
        prop(report, "URL").map(|p| p.value).as_deref(),
        Some("https://thu.gov.vn/ke-hoach/kh-2/#han-2"),
        "one plan: links to its sentence"
    );
    assert!(
        !ca.iter()
            .any(|e| summary(e) == "Ngày hội toàn dân bảo vệ ANTQ"),
        "event pages are not the agency's"
    );
    let name = s.read("co-quan/cong-an-tinh/lich.ics");
    assert!(name.contains("X-WR-CALNAME:Công an tỉnh – Trang thử"));
}
