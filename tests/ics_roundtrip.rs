//! The iCalendar feed read back by an independent parser (the `ical` crate): what Google
//! Calendar and Thunderbird would see.

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
