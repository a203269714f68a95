//! The citator: citations in text and front matter become links, directive pages list who
//! cites them with the sentence, and the index groups directives by issuing level.

mod common;

use common::TestSite;

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
        index.contains("<td class=\"num\">2</td>"),
        "the index shows how many pages cite each"
    );
    let party = index.find("Trung ương Đảng").expect("Party group");
    let ministry = index.find("Bộ, ngành").expect("ministry group");
    assert!(party < ministry, "groups in order of level");
    let json: serde_json::Value = serde_json::from_str(&s.read("api/van-ban.json")).unwrap();
    let kl = json
        .as_array()
        .unwrap()
        .iter()
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
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(text) = std::fs::read_to_string(corpus.join("ubnd-quang-ngai-2019-kl44.txt")) else {
        eprintln!("note: ../shared/corpus not found; skipped");
        return;
    };
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
    let cal = common::open_data(&s, "su-kien");
    assert!(
        cal.iter()
            .any(|e| e["start"] == "2019-10-01" && e["end"] == "2019-12-31"),
        "Quý IV/2019 on the calendar"
    );
}
