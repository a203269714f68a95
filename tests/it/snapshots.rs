//! Snapshots of what a reader gets, reviewed by hand: the article of a plan (the part that is
//! printed) and the iCalendar feed of a small site.

use crate::common::TestSite;

fn plan_site() -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/ke-hoach-33.md",
        r#"---
title: "Kế hoạch triển khai Kết luận số 44-KL/TW năm 2024"
number: "33/KH-STP"
issuer: "Sở Tư pháp tỉnh Sông Lam"
place: "Sông Lam"
date: 12/3/2024
year: 2024
signer: { name: "Nguyễn Văn A", title: "Phó Giám đốc", authority: "KT. Giám đốc" }
basis:
  - "Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư"
recipients: ["UBND tỉnh;", "Lưu: VT."]
deadlines:
  - { date: 2024-12-05, title: "Báo cáo năm", recurring: yearly }
---
Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư, Sở ban hành Kế hoạch này.

## I. MỤC ĐÍCH

Các phòng gửi báo cáo sơ kết trước ngày 10/6.
"#,
    );
    s
}

#[test]
fn plan_article() {
    let s = plan_site();
    s.build_ok();
    let html = s.read("ke-hoach/ke-hoach-33/index.html");
    let start = html.find("<article").expect("article");
    let end = html.find("</article>").expect("end of article") + "</article>".len();
    insta::assert_snapshot!(&html[start..end]);
}

#[test]
fn calendar_feed() {
    let s = plan_site();
    s.build_ok();
    insta::assert_snapshot!(s.read("lich.ics").replace("\r\n", "⏎\n"));
}
