//! The citator: citations in text and front matter become links, directive pages list who
//! cites them with the sentence, and the index groups directives by issuing level.

use crate::common::TestSite;

#[test]
fn citations_link_both_ways_with_the_sentence() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", "---\ntitle: \"Kế hoạch A\"\nnumber: \"33/KH-STP\"\ndate: 2024-03-12\nbasis:\n  - \"06/CT-BCA-V05\"\n---\nThực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 09-\nCT/TW, Sở ban hành Kế hoạch này.\n\nMột câu khác. Liên hệ phongpv05cadt@gmail.com để biết thêm.\n")
        .file("content/ke-hoach/b.md", "---\ntitle: \"Kế hoạch B\"\ndate: 2024-05-01\n---\nCăn cứ Kế hoạch số 33/KH-STP của Sở, các phòng triển khai.\n");
    s.build_ok();
    let a = s.read("ke-hoach/a/index.html");
    assert!(
        a.contains("class=\"ref\" href=\"/van-ban/44-kl-tw/\""),
        "citation links the directive"
    );
    assert!(
        a.contains("href=\"/van-ban/09-ct-tw/\""),
        "a symbol split by a line wrap is found"
    );
    assert!(
        a.contains("href=\"/van-ban/06-ct-bca-v05/\""),
        "basis shown as a link"
    );
    assert!(
        !a.contains("gmail-com"),
        "an e-mail address is not a reference"
    );
    let d = s.read("van-ban/44-kl-tw/index.html");
    assert!(
        d.contains("href=\"/ke-hoach/a/#vb-1\""),
        "directive page links the citing sentence"
    );
    assert!(
        d.contains("Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư"),
        "with the sentence"
    );
    assert!(
        d.contains("22/01/2019") && d.contains("Ban Bí thư"),
        "date and issuer merged from the citation"
    );
    assert!(
        a.contains("Kế hoạch B"),
        "a plan shows who cites it (by its number)"
    );
    // 09-CT/TW is cited by both plans (b names it too): the count is of pages, not citations.
    s.file("content/ke-hoach/b.md", "---\ntitle: \"Kế hoạch B\"\ndate: 2024-05-01\n---\nCăn cứ Kế hoạch số 33/KH-STP của Sở, các phòng triển khai Chỉ thị số 09-CT/TW. Chỉ thị số 09-CT/TW được quán triệt.\n");
    s.build_ok();
    let d = s.read("van-ban/09-ct-tw/index.html");
    assert!(
        d.contains("<span class=\"count\">(2)</span>"),
        "two citing pages counted"
    );
    let index = s.read("van-ban/index.html");
    assert!(
        index.contains("<td class=\"num c-count\" data-label=\"Được trích dẫn bởi\">2</td>"),
        "the index shows how many pages cite each"
    );
    let party = index.find("Trung ương Đảng").expect("Party group");
    let ministry = index.find("Bộ, ngành").expect("ministry group");
    assert!(party < ministry, "groups in order of level");
    let kl = crate::common::directive_index(&s)
        .into_iter()
        .find(|d| d["symbol"] == "44-KL/TW")
        .expect("44-KL/TW in the open data");
    assert_eq!(kl["date"], "2019-01-22");
    assert_eq!(kl["cited_by_count"], 1);
    let data = kl["data"].as_str().unwrap();
    assert_eq!(data, "https://thu.gov.vn/api/van-ban/44-kl-tw.json");
    let file: serde_json::Value =
        serde_json::from_str(&s.read(data.trim_start_matches("https://thu.gov.vn/"))).unwrap();
    assert_eq!(file["cited_by"][0]["url"], "https://thu.gov.vn/ke-hoach/a/");
}

#[test]
fn one_symbol_in_two_years_is_two_documents_and_undated_is_ambiguous() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: A\n---\nTheo Kế hoạch số 05/KH-UBND ngày 10/01/2023 của UBND tỉnh.\n",
    )
    .file(
        "content/ke-hoach/b.md",
        "---\ntitle: B\n---\nTheo Kế hoạch số 05/KH-UBND ngày 12/02/2024 của UBND tỉnh.\n",
    )
    .file(
        "content/ke-hoach/c.md",
        "---\ntitle: C\n---\nTheo Kế hoạch số 05/KH-UBND của UBND tỉnh.\n",
    );
    let r = s.build_ok();
    let warn = r
        .diagnostics
        .iter()
        .find(|d| !d.is_error() && d.message.contains("05/KH-UBND"))
        .expect("ambiguity reported");
    assert_eq!(warn.path, std::path::Path::new("content/ke-hoach/c.md"));
    let a = s.read("ke-hoach/a/index.html");
    let b = s.read("ke-hoach/b/index.html");
    let href = |h: &str| {
        h.split("class=\"ref\" href=\"")
            .nth(1)
            .map(|r| r.split('"').next().unwrap_or("").to_string())
    };
    assert_ne!(href(&a), href(&b), "two documents, two pages");
}

#[test]
fn check_warns_when_citations_disagree_on_a_date() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: A\n---\nThực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư.\n",
    )
    .file(
        "content/ke-hoach/b.md",
        "---\ntitle: B\n---\nThực hiện Kết luận số 44-KL/TW ngày 22/10/2019 của Ban Bí thư.\n",
    );
    let r = bangtin::build::check(&s.opts());
    assert!(!r.has_errors());
    let w = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("44-KL/TW"))
        .expect("a warning about the two dates");
    assert!(
        w.message.contains("22/10/2019") && w.message.contains("22/01/2019"),
        "{w}"
    );
}

#[test]
fn a_directive_page_from_content_keeps_its_url_and_adds_its_subject() {
    let s = TestSite::new();
    s.file("content/van-ban/ket-luan-44.md", "---\ntitle: \"Kết luận 44\"\nnumber: \"44-KL/TW\"\nissuer: \"Ban Bí thư\"\ndate: 2019-01-22\nsubject: \"Về tiếp tục thực hiện Chỉ thị 09\"\n---\nGhi chú của Ban Biên tập.\n")
        .file("content/ke-hoach/a.md", "---\ntitle: A\n---\nThực hiện Kết luận số 44-KL/TW của Ban Bí thư.\n");
    s.build_ok();
    let a = s.read("ke-hoach/a/index.html");
    assert!(
        a.contains("href=\"/van-ban/ket-luan-44/\""),
        "links go to the page in content/van-ban/"
    );
    let d = s.read("van-ban/ket-luan-44/index.html");
    assert!(
        d.contains("Về tiếp tục thực hiện Chỉ thị 09") && d.contains("Ghi chú của Ban Biên tập.")
    );
    assert!(d.contains("href=\"/ke-hoach/a/#vb-1\""));
}

#[test]
fn corpus_plan_cites_every_listed_directive_when_built() {
    let Some(corpus) = crate::common::corpus_dir() else {
        return;
    };
    let text = std::fs::read_to_string(corpus.join("ubnd-quang-ngai-2019-kl44.txt"))
        .expect("the corpus holds the KL44 plan");
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/kl44.md",
        &format!("---\ntitle: \"Kế hoạch KL44\"\nyear: 2019\n---\n{text}"),
    );
    s.build_ok();
    let html = s.read("ke-hoach/kl44/index.html");
    for slug in [
        "44-kl-tw",
        "09-ct-tw",
        "127-kh-duca",
        "186-kh-tu",
        "25-ctr-tu",
        "48-ct-tw",
        "22-nq-tw",
        "23-2012-tt-bca",
        "37-ct-tw",
    ] {
        assert!(
            html.contains(&format!("href=\"/van-ban/{slug}/\"")),
            "{slug} not linked"
        );
    }
    assert!(
        html.contains("class=\"deadline\""),
        "deadlines highlighted in the text"
    );
    let cal = crate::common::open_data(&s, "su-kien");
    assert!(
        cal.iter()
            .any(|e| e["start"] == "2019-10-01" && e["end"] == "2019-12-31"),
        "Quý IV/2019 on the calendar"
    );
}

/// A directive cited by many plans (as 09-CT/TW is by nearly every plan of a province): its
/// page lists them newest first, a page at a time, each entry with its sentence and anchor,
/// and says on the first page who cites it by year and by agency.
#[test]
fn a_directive_cited_by_many_is_paged_newest_first() {
    let s = TestSite::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://thu.gov.vn/\"\nminify: false\npaginate: 10\n",
    );
    for i in 0..25 {
        let issuer = if i % 5 == 0 {
            "Sở Tư pháp"
        } else {
            "Công an tỉnh"
        };
        let year = 2015 + i % 10;
        s.file(
            &format!("content/ke-hoach/k{i:02}.md"),
            &format!("---\ntitle: \"Kế hoạch số {i}\"\nissuer: \"{issuer}\"\ndate: {year}-03-{:02}\n---\nMở đầu.\n\nTriển khai Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư tại đơn vị số {i}.\n", 1 + i / 10),
        );
    }
    s.build_ok();
    let first = s.read("van-ban/09-ct-tw/index.html");
    let second = s.read("van-ban/09-ct-tw/trang/2/index.html");
    let third = s.read("van-ban/09-ct-tw/trang/3/index.html");
    assert!(!s.exists("van-ban/09-ct-tw/trang/4/index.html"));
    for page in [&first, &second, &third] {
        assert!(
            page.contains("<span class=\"count\">(25)</span>"),
            "every page says how many"
        );
    }
    let entries = |html: &str| html.matches("<blockquote>").count();
    assert_eq!(
        (entries(&first), entries(&second), entries(&third)),
        (10, 10, 5)
    );
    // Newest first: 2024 plans (i = 9, 19) open the list, 2015 ones (0, 10, 20) close it.
    let pos = |html: &str, i: usize| {
        html.find(&format!("tại đơn vị số {i}."))
            .unwrap_or(usize::MAX)
    };
    assert!(
        pos(&first, 19) < pos(&first, 9),
        "same year: later date first"
    );
    assert!(pos(&first, 9) < pos(&first, 8));
    assert!(
        third.contains("tại đơn vị số 0."),
        "oldest on the last page"
    );
    assert!(
        first.contains("href=\"/ke-hoach/k19/#vb-1\""),
        "each entry links its sentence"
    );
    // Who cites it, on the first page only.
    assert!(
        first.contains("2024: 2") && first.contains("2015: 3"),
        "counts by year"
    );
    assert!(
        first.contains(">Công an tỉnh</a>: 20") && first.contains(">Sở Tư pháp</a>: 5"),
        "counts by agency, linked"
    );
    assert!(!second.contains("2024: 2"), "counts only on the first page");
    assert!(
        second.contains("href=\"/van-ban/09-ct-tw/trang/3/\""),
        "pager links on"
    );

    // The agency page is paged too, newest first.
    assert!(s.exists("co-quan/cong-an-tinh/trang/2/index.html"));
    assert!(!s.exists("co-quan/cong-an-tinh/trang/3/index.html"));
    let agency = s.read("co-quan/cong-an-tinh/index.html");
    assert!(agency.contains("<span class=\"count\">(20)</span>"));
    assert!(
        agency.find("Kế hoạch số 19").unwrap_or(usize::MAX)
            < agency.find("Kế hoạch số 18").unwrap_or(0)
    );
}

/// The index of directives shows the newest ten of each level and links the rest, paged.
#[test]
fn the_index_of_directives_stays_short() {
    let s = TestSite::new();
    let mut body = String::from("Căn cứ:\n\n");
    for n in 1..=14 {
        body.push_str(&format!(
            "- Chỉ thị số {n}/CT-UBND ngày {n}/3/2020 của UBND tỉnh về việc số {n};\n"
        ));
    }
    s.file(
        "content/ke-hoach/a.md",
        &format!("---\ntitle: \"Kế hoạch A\"\ndate: 2024-01-02\n---\n{body}"),
    );
    s.build_ok();
    let index = s.read("van-ban/index.html");
    assert_eq!(index.matches("CT-UBND</span></a>").count(), 10, "ten shown");
    assert!(index.contains("href=\"/van-ban/cap/hdnd-ubnd-tinh/\""));
    assert!(
        index.contains("số <span class=\"symbol\">14/CT-UBND"),
        "newest first"
    );
    assert!(
        !index.contains(">1/CT-UBND<"),
        "oldest left to the level's list"
    );
    let level = s.read("van-ban/cap/hdnd-ubnd-tinh/index.html");
    assert!(level.contains("<span class=\"count\">(14)</span>"));
    assert!(
        level.contains("Chỉ thị số 1/CT-UBND"),
        "every directive of the level"
    );
}

/// A plan whose number many plans cite, and a model many pages name, show the newest of
/// them and link to the whole list.
#[test]
fn long_backlinks_show_the_newest_and_link_the_rest() {
    let s = TestSite::with_config(
        "title: \"Trang thử\"\nbase_url: \"https://thu.gov.vn/\"\nminify: false\npaginate: 5\n",
    );
    s.file(
        "content/ke-hoach/tinh.md",
        "---\ntitle: \"Kế hoạch của tỉnh\"\nnumber: \"05/KH-UBND\"\ndate: 2020-01-05\n---\nNội dung.\n",
    )
    .file(
        "content/mo-hinh/camera.md",
        "---\ntitle: \"Camera an ninh\"\nnames: [\"Camera an ninh\"]\ncategory: tu-bao-ve\n---\nMô tả.\n",
    );
    for i in 0..8 {
        s.file(
            &format!("content/ke-hoach/h{i}.md"),
            &format!("---\ntitle: \"Kế hoạch huyện {i}\"\ndate: 2021-02-0{}\n---\nThực hiện Kế hoạch số 05/KH-UBND ngày 05/01/2020 của UBND tỉnh, nhân rộng mô hình Camera an ninh ở xã {i}.\n", i + 1),
        );
    }
    s.build_ok();
    let plan = s.read("ke-hoach/tinh/index.html");
    assert_eq!(plan.matches("Kế hoạch huyện").count(), 5, "the newest five");
    assert!(plan.contains("Kế hoạch huyện 7") && !plan.contains("Kế hoạch huyện 2<"));
    assert!(plan.contains("Xem tất cả (8)"));
    let model = s.read("mo-hinh/camera/index.html");
    assert!(model.contains("href=\"/mo-hinh/camera/nhac-den/\""));
    let mentions = s.read("mo-hinh/camera/nhac-den/index.html");
    assert!(mentions.contains("<span class=\"count\">(8)</span>"));
    assert!(s.exists("mo-hinh/camera/nhac-den/trang/2/index.html"));
}
