//! Open data, sitemap and RSS: indexes whose links lead to files that exist, files that stay
//! under the budget however often a directive is cited, a sitemap index, the newest RSS items.

use crate::common::{TestSite, CONFIG};
use serde_json::Value;
use std::collections::BTreeSet;

/// The budget of one data file (README, "Dữ liệu mở").
const BUDGET: usize = 2_000_000;

fn json(s: &TestSite, rel: &str) -> Value {
    serde_json::from_str(&s.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The output path of an absolute URL of the test site.
fn path_of(url: &Value) -> String {
    let u = url.as_str().unwrap_or_else(|| panic!("not a URL: {url}"));
    u.strip_prefix("https://thu.gov.vn/")
        .unwrap_or_else(|| panic!("not on the site: {u}"))
        .to_string()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn plan(n: usize, date: &str, body: &str) -> String {
    format!("---\ntitle: \"Kế hoạch số {n}\"\nnumber: \"{n}/KH-UBND\"\nissuer: \"UBND xã An Bình\"\ndate: {date}\nsummary: \"Tóm tắt {n}.\"\n---\n{body}\n")
}

/// Every file a kind's index lists, read back: (path, its JSON), checking the paging fields.
fn year_files(s: &TestSite, index: &str) -> Vec<(String, Value)> {
    let idx = json(s, index);
    let mut out = Vec::new();
    for entry in idx.as_array().expect("the index is a list") {
        let k = keys(entry);
        assert!(
            k == set(&["year", "count", "files"])
                || k == set(&["year", "yearly", "count", "files"]),
            "{index}: {k:?}"
        );
        let files = entry["files"].as_array().expect("files");
        assert!(!files.is_empty());
        let mut count = 0;
        for (n, f) in files.iter().enumerate() {
            let path = path_of(f);
            assert!(s.exists(&path), "{index} lists {path}, which is missing");
            let v = json(s, &path);
            assert_eq!(v["year"], entry["year"], "{path}");
            assert_eq!(v["count"], entry["count"], "{path}");
            assert_eq!(v["page"], n + 1, "{path}");
            assert_eq!(v["pages"], files.len(), "{path}");
            match files.get(n + 1) {
                Some(next) => assert_eq!(&v["next"], next, "{path}"),
                None => assert!(v["next"].is_null(), "{path}"),
            }
            count += v["items"].as_array().expect("items").len();
            out.push((path, v));
        }
        assert_eq!(entry["count"], count, "{index}: count of {}", entry["year"]);
    }
    out
}

#[test]
fn open_data_is_an_index_per_kind_over_files_that_exist() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        &plan(1, "12/3/2024", "Thực hiện Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư về an ninh. Báo cáo kết quả trước ngày 15/11/2024."),
    )
    .file(
        "content/ke-hoach/b.md",
        &plan(2, "5/6/2025", "Tiếp tục thực hiện Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư."),
    )
    .file("content/ke-hoach/c.md", "---\ntitle: \"Kế hoạch không ngày\"\n---\nNội dung.\n")
    .file("content/su-kien/ngay-hoi.md", "---\ntitle: \"Ngày hội toàn dân bảo vệ an ninh Tổ quốc\"\ndate: 19/8/2005\nrecurring: yearly\nsince: 2005\n---\nMô tả.\n")
    .file("content/su-kien/hoi-nghi.md", "---\ntitle: \"Hội nghị sơ kết\"\ndate: 20/7/2025\n---\nMô tả.\n")
    .file("content/mo-hinh/tu-sach.md", "---\ntitle: \"Mô hình Tủ sách pháp luật\"\nnames: [\"Tủ sách pháp luật\"]\ncategory: tu-quan\nsince: 2019\ndate: 2024-05-20\n---\nMô tả.\n")
    .file("content/khen-thuong/bang-khen.md", "---\ntitle: \"Tặng Bằng khen\"\nform: bang-khen\ndate: 16/8/2024\nrecipients:\n  - { name: \"Tổ hòa giải thôn Đông\", type: tap-the }\nmodel: tu-sach\n---\nNội dung.\n");
    let r = s.build();
    assert!(!r.has_errors(), "{}", crate::common::errors(&r));

    // Directives: the index without the citing pages, each with its own file.
    let index = json(&s, "api/van-ban.json");
    assert_eq!(
        (index["page"].clone(), index["pages"].clone()),
        (1.into(), 1.into())
    );
    assert!(index["next"].is_null());
    let list = index["directives"].as_array().expect("a list");
    assert_eq!(index["count"], list.len());
    let d = list
        .iter()
        .find(|d| d["symbol"] == "09-CT/TW")
        .expect("09-CT/TW listed");
    assert_eq!(
        keys(d),
        set(&[
            "symbol",
            "title",
            "doc_type",
            "date",
            "issuer",
            "level",
            "subject",
            "official_url",
            "url",
            "cited_by_count",
            "data"
        ])
    );
    assert_eq!(d["cited_by_count"], 2);
    let file = json(&s, &path_of(&d["data"]));
    assert_eq!(path_of(&d["data"]), "api/van-ban/09-ct-tw.json");
    assert_eq!(file["symbol"], "09-CT/TW");
    assert_eq!(
        (file["page"].clone(), file["pages"].clone()),
        (1.into(), 1.into())
    );
    assert!(file["next"].is_null());
    let cited = file["cited_by"].as_array().expect("cited_by");
    assert_eq!(keys(&cited[0]), set(&["url", "title", "sentence"]));
    let titles: Vec<&str> = cited.iter().map(|c| c["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Kế hoạch số 2", "Kế hoạch số 1"], "newest first");
    assert!(cited[1]["sentence"]
        .as_str()
        .unwrap()
        .contains("về an ninh"));
    for d in list {
        assert!(s.exists(&path_of(&d["data"])), "{}", d["data"]);
    }

    // Plans: one file per year, newest year first, undated ones in `khong-nam.json`.
    let files = year_files(&s, "api/ke-hoach.json");
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "api/ke-hoach/2025.json",
            "api/ke-hoach/2024.json",
            "api/ke-hoach/khong-nam.json"
        ]
    );
    let p2024 = &files[1].1["items"][0];
    assert_eq!(
        keys(p2024),
        set(&[
            "title",
            "number",
            "issuer",
            "date",
            "year",
            "summary",
            "tags",
            "url",
            "cites",
            "deadlines"
        ])
    );
    assert_eq!(p2024["title"], "Kế hoạch số 1");
    assert_eq!(p2024["cites"][0], "09-CT/TW");
    assert_eq!(p2024["deadlines"][0]["start"], "2024-11-15");
    assert!(!s.exists("api/ke-hoach/2023.json"));

    // Events: by the year they start; yearly ones in their own file.
    let files = year_files(&s, "api/su-kien.json");
    let by_path = |p: &str| {
        files
            .iter()
            .find(|(q, _)| q == p)
            .unwrap_or_else(|| panic!("{p} missing from the index"))
            .1
            .clone()
    };
    let yearly = by_path("api/su-kien/hang-nam.json");
    assert_eq!(yearly["yearly"], true);
    assert!(yearly["year"].is_null());
    assert_eq!(
        yearly["items"][0]["title"],
        "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
    );
    assert_eq!(yearly["items"][0]["since"], 2005);
    let y2025 = by_path("api/su-kien/2025.json");
    assert_eq!(y2025["yearly"], false);
    assert!(y2025["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["title"] == "Hội nghị sơ kết" && e["kind"] == "event"));
    assert!(by_path("api/su-kien/2024.json")["items"][0]["kind"] == "deadline");

    // Models and commendations follow the same shape.
    let files = year_files(&s, "api/mo-hinh.json");
    assert_eq!(files[0].0, "api/mo-hinh/2024.json");
    assert_eq!(
        files[0].1["items"][0]["commendations"][0],
        "https://thu.gov.vn/khen-thuong/bang-khen/"
    );
    let files = year_files(&s, "api/khen-thuong.json");
    assert_eq!(files[0].0, "api/khen-thuong/2024.json");
    assert_eq!(files[0].1["items"][0]["form"], "bang-khen");

    // Nothing under /api/ that no index leads to.
    let mut reached: BTreeSet<String> =
        ["van-ban", "ke-hoach", "su-kien", "mo-hinh", "khen-thuong"]
            .iter()
            .map(|k| format!("api/{k}.json"))
            .collect();
    for d in list {
        reached.insert(path_of(&d["data"]));
    }
    for k in ["ke-hoach", "su-kien", "mo-hinh", "khen-thuong"] {
        for (p, _) in year_files(&s, &format!("api/{k}.json")) {
            reached.insert(p);
        }
    }
    let written: BTreeSet<String> = walk(&s.out().join("api"))
        .into_iter()
        .map(|p| format!("api/{p}"))
        .collect();
    assert_eq!(written, reached);
}

/// Files under `dir`, as `/`-separated paths relative to it.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_directive_cited_by_3000_plans_is_paged_under_the_budget() {
    const N: usize = 3000;
    let s = TestSite::new();
    // A long citing sentence (about 800 bytes), so that 3,000 of them need more than 2 MB.
    let filler = "các cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội ở cơ sở phối hợp chặt chẽ với lực lượng Công an trong công tác bảo đảm an ninh chính trị, trật tự an toàn xã hội trên địa bàn, ".repeat(3);
    for n in 0..N {
        let date = format!("{}/{}/{}", 1 + n % 28, 1 + n % 12, 2015 + n % 11);
        s.file(
            &format!("content/ke-hoach/k{n:04}.md"),
            &plan(n, &date, &format!("Thực hiện Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư, {filler}kế hoạch {n}.")),
        );
    }
    let r = s.build();
    assert!(!r.has_errors(), "{}", crate::common::errors(&r));

    let d = crate::common::directive_index(&s)
        .into_iter()
        .find(|d| d["symbol"] == "09-CT/TW")
        .expect("09-CT/TW listed");
    assert_eq!(d["cited_by_count"], N);
    let mut path = path_of(&d["data"]);
    let mut urls = BTreeSet::new();
    let mut dates = Vec::new();
    let mut pages = 0;
    loop {
        let bytes = std::fs::metadata(s.out().join(&path)).unwrap().len() as usize;
        assert!(bytes <= BUDGET, "{path}: {bytes} bytes");
        let v = json(&s, &path);
        pages += 1;
        assert_eq!(v["page"], pages, "{path}");
        assert_eq!(
            v["symbol"], "09-CT/TW",
            "{path}: every page keeps the directive's fields"
        );
        for c in v["cited_by"].as_array().unwrap() {
            assert!(
                urls.insert(c["url"].as_str().unwrap().to_string()),
                "{} twice",
                c["url"]
            );
            assert!(c["sentence"].as_str().unwrap().contains("bảo đảm an ninh"));
            dates.push(c["url"].clone());
        }
        if v["next"].is_null() {
            assert_eq!(v["pages"], pages);
            break;
        }
        path = path_of(&v["next"]);
        if pages == 2 {
            assert_eq!(path, "api/van-ban/09-ct-tw/3.json");
        }
    }
    assert!(pages >= 2, "3,000 long citations need more than one file");
    assert_eq!(urls.len(), N, "every citing plan on some page");

    // Newest first across pages: the plans' dates, as listed in /api/ke-hoach/, never rise.
    let mut date_of = std::collections::HashMap::new();
    for (path, v) in year_files(&s, "api/ke-hoach.json") {
        for p in v["items"].as_array().unwrap() {
            date_of.insert(p["url"].clone(), p["date"].as_str().unwrap().to_string());
        }
        let bytes = std::fs::metadata(s.out().join(&path)).unwrap().len() as usize;
        assert!(bytes <= BUDGET, "{path}: {bytes} bytes");
    }
    assert_eq!(date_of.len(), N);
    let listed: Vec<&String> = dates.iter().map(|u| &date_of[u]).collect();
    assert!(
        listed.windows(2).all(|w| w[0] >= w[1]),
        "cited_by is newest first"
    );
}

#[test]
fn an_index_of_thousands_of_directives_is_paged_under_the_budget() {
    // A province's plans cite each other's numbers: 6,000 distinct ones in 20 plans, about
    // 2.4 MB of index entries.
    const PLANS: usize = 20;
    const EACH: usize = 300;
    let s = TestSite::new();
    s.file("bangtin.yaml", CONFIG);
    for p in 0..PLANS {
        let body: String = (0..EACH)
            .map(|k| {
                let n = p * EACH + k + 1;
                format!("Thực hiện Kế hoạch số {n}/KH-UBND ngày 02/01/2024 của Ủy ban nhân dân tỉnh về công tác bảo đảm an ninh.\n\n")
            })
            .collect();
        s.file(
            &format!("content/ke-hoach/k{p:02}.md"),
            &plan(p, "5/3/2024", &body),
        );
    }
    let r = s.build();
    assert!(!r.has_errors(), "{}", crate::common::errors(&r));

    let mut rel = "api/van-ban.json".to_string();
    let mut files = 0;
    while !rel.is_empty() {
        let bytes = std::fs::metadata(s.out().join(&rel)).unwrap().len() as usize;
        assert!(bytes <= BUDGET, "{rel}: {bytes} bytes");
        let v = json(&s, &rel);
        files += 1;
        assert_eq!(
            v["count"],
            PLANS * EACH,
            "{rel}: the count of the whole index"
        );
        if files == 2 {
            assert_eq!(rel, "api/van-ban-2.json");
        }
        rel = if v["next"].is_null() {
            String::new()
        } else {
            path_of(&v["next"])
        };
    }
    assert!(files >= 2, "6,000 directives need more than one file");
    let symbols: BTreeSet<String> = crate::common::directive_index(&s)
        .iter()
        .map(|d| d["symbol"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(symbols.len(), PLANS * EACH, "every directive once");
    assert!(symbols.contains("6000/KH-UBND"));
}

#[test]
fn sitemap_index_lists_every_page_once() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        &plan(
            1,
            "12/3/2024",
            "Thực hiện Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư.",
        ),
    )
    .file(
        "content/gioi-thieu.md",
        "---\ntitle: \"Giới thiệu\"\n---\nx\n",
    );
    s.build_ok();
    assert!(s
        .read("robots.txt")
        .contains("Sitemap: https://thu.gov.vn/sitemap.xml"));
    let index = s.read("sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    assert!(
        index.contains("<loc>https://thu.gov.vn/sitemap-1.xml</loc>"),
        "{index}"
    );
    assert!(!s.exists("sitemap-2.xml"), "a small site has one file");
    let one = s.read("sitemap-1.xml");
    assert!(one.starts_with("<?xml") && one.contains("<urlset"));
    for u in [
        "https://thu.gov.vn/",
        "https://thu.gov.vn/ke-hoach/a/",
        "https://thu.gov.vn/gioi-thieu/",
        "https://thu.gov.vn/van-ban/09-ct-tw/",
        "https://thu.gov.vn/lich/",
    ] {
        assert_eq!(
            one.matches(&format!("<loc>{u}</loc>")).count(),
            1,
            "{u} in {one}"
        );
    }
}

#[test]
fn rss_holds_the_newest_items_by_publication_day() {
    let s = TestSite::with_config(&format!("{CONFIG}rss_limit: 3\n"));
    // Build day: 1/6/2025 (TestSite).
    for (n, date) in [
        (1, "1/1/2025"),
        (2, "1/3/2025"),
        (3, "1/2/2025"),
        (4, "10/5/2025"),
        (5, "1/1/2024"),
    ] {
        s.file(
            &format!("content/ke-hoach/k{n}.md"),
            &plan(n, date, "Nội dung."),
        );
    }
    // An event coming after the build day: dated the build day at the latest, not its own day.
    s.file(
        "content/su-kien/sap-toi.md",
        "---\ntitle: \"Hội nghị sắp tới\"\ndate: 8/12/2026\n---\nx\n",
    )
    // Announced on 1/4/2025 (`ngay_dang`), for a day in the future.
    .file(
        "content/su-kien/da-bao.md",
        "---\ntitle: \"Hội nghị đã báo\"\ndate: 8/12/2026\nngay_dang: 1/4/2025\n---\nx\n",
    );
    s.build_ok();
    let rss = s.read("rss.xml");
    let titles: Vec<&str> = rss
        .split("<item>")
        .skip(1)
        .map(|i| {
            i.split("<title>")
                .nth(1)
                .unwrap()
                .split("</title>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        titles,
        ["Hội nghị sắp tới", "Kế hoạch số 4", "Hội nghị đã báo"],
        "{rss}"
    );
    assert!(
        rss.contains("<pubDate>Sun, 01 Jun 2025"),
        "the future event dated the build day: {rss}"
    );
    assert!(
        rss.contains("<pubDate>Tue, 01 Apr 2025"),
        "dated by ngay_dang: {rss}"
    );
    assert!(!rss.contains("2026"), "no date after the build day: {rss}");
}
