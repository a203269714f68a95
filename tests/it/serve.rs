//! `bangtin serve`: a real server on a free loopback port over a small site in a temp dir, and
//! the incremental rebuild checked against a full render byte for byte. Every wait is bounded.

use super::common::copy_dir;
use bangtin::build::{render_to_memory, BuildOptions};
use bangtin::serve::incremental::Incremental;
use bangtin::serve::server::Limits;
use bangtin::serve::watch::Change;
use bangtin::serve::{start, start_with, ServerHandle};
use jiff::civil::date;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn plan(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [\"an ninh\"]\n---\n\n{body}\n")
}

fn small_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "bangtin.yaml",
        "title: \"Trang thử\"\nbase_url: \"https://thu.gov.vn/\"\n",
    );
    write(
        root,
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "12/3/2024", "Nội dung ban đầu."),
    );
    write(
        root,
        "content/ke-hoach/b.md",
        &plan(
            "Kế hoạch B",
            "5/6/2025",
            "Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư.",
        ),
    );
    dir
}

fn opts(root: &Path) -> BuildOptions {
    BuildOptions::new(root, date(2025, 6, 15))
}

fn serve(root: &Path) -> ServerHandle {
    let h = start(opts(root), "127.0.0.1", 0).expect("server starts");
    assert!(!h.initial().has_errors(), "{:?}", h.initial().diagnostics);
    h
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_global(Some(WAIT))
        .build()
        .into()
}

/// (status, content type, body)
fn get(h: &ServerHandle, path: &str) -> (u16, String, String) {
    let mut r = agent()
        .get(&format!("http://{}{path}", h.addr()))
        .call()
        .expect("request");
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    (status, ct, body)
}

/// Sends `path` exactly as written (clients normalise `..` away), returns the status and body.
fn raw_get(h: &ServerHandle, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(h.addr()).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, out)
}

/// Polls until `f` holds, at most `WAIT`.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

#[test]
fn serves_pages_and_picks_up_edits() {
    let dir = small_site();
    let h = serve(dir.path());
    let (status, ct, body) = get(&h, "/ke-hoach/a/");
    assert_eq!(status, 200);
    assert_eq!(ct, "text/html; charset=utf-8");
    assert!(body.contains("Nội dung ban đầu"));
    assert!(
        body.contains("/__bangtin/events"),
        "live-reload script injected"
    );
    // `/x` → `/x/`; unknown paths get the site's 404 page.
    let (status, _, _) = get(&h, "/ke-hoach/a");
    assert_eq!(status, 307);
    let (status, _, body) = get(&h, "/khong-co-trang-nay/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404.html");

    write(
        dir.path(),
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "12/3/2024", "Nội dung đã sửa."),
    );
    eventually("the edited page is served", || {
        get(&h, "/ke-hoach/a/").2.contains("Nội dung đã sửa")
    });
    // A new page appears in the section list.
    write(
        dir.path(),
        "content/ke-hoach/c.md",
        &plan("Kế hoạch C mới", "1/7/2025", "Trang mới."),
    );
    eventually("the new page is listed", || {
        get(&h, "/ke-hoach/").2.contains("Kế hoạch C mới")
    });
    // Feeds are made after the pages; asked for meanwhile, they are waited for, not stale.
    for feed in ["/rss.xml", "/api/ke-hoach/2025.json"] {
        assert!(get(&h, feed).2.contains("Kế hoạch C mới"), "{feed}");
    }
    // The search index has a result file for the new page (ids run newest first).
    assert!(
        (0..20).any(|id| get(&h, &format!("/tim-kiem/d/0/{id}.json"))
            .2
            .contains("Kế hoạch C mới")),
        "search index"
    );
    write(
        dir.path(),
        "content/ke-hoach/c.md",
        &plan("Kế hoạch C mới", "1/7/2025", "Trang mới, thêm một câu."),
    );
    eventually("a text edit is served", || {
        get(&h, "/ke-hoach/c/").2.contains("thêm một câu")
    });
    assert!(get(&h, "/api/ke-hoach/2025.json")
        .2
        .contains("Kế hoạch C mới"));
    h.stop();
}

#[test]
fn content_types_of_feeds_and_data() {
    let dir = small_site();
    let h = serve(dir.path());
    let (status, ct, body) = get(&h, "/lich.ics");
    assert_eq!(status, 200);
    assert_eq!(ct, "text/calendar; charset=utf-8");
    // (The feed's content is parsed back in `ics_roundtrip.rs`: only the type is checked here.)
    assert!(!body.contains("__bangtin"), "no script outside HTML");
    let (status, ct, body) = get(&h, "/api/van-ban.json");
    assert_eq!(status, 200);
    assert_eq!(ct, "application/json");
    assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok());
    let (_, ct, _) = get(&h, "/style.css");
    assert_eq!(ct, "text/css; charset=utf-8");
}

#[test]
fn never_serves_files_outside_the_output() {
    let dir = small_site();
    // Something worth stealing next to the site.
    write(dir.path(), "Cargo.toml", "[package]\nname = \"bi-mat\"\n");
    let h = serve(dir.path());
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2fbangtin.yaml",
        "/%2e%2e%2fbangtin.yaml",
        "/..\\bangtin.yaml",
        "/content/ke-hoach/a.md",
        "//etc/passwd",
        "/bangtin.yaml",
    ] {
        let (status, out) = raw_get(&h, path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        for secret in ["bi-mat", "root:", "base_url", "Nội dung ban đầu"] {
            assert!(!out.contains(secret), "{path} leaked {secret}");
        }
    }
}

#[test]
fn live_reload_event_after_an_edit() {
    let dir = small_site();
    let h = serve(dir.path());
    let mut s = std::net::TcpStream::connect(h.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        s,
        "GET /__bangtin/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut seen = String::new();
    let mut wait_for = |needle: &str, seen: &mut String| {
        let start = Instant::now();
        while !seen.contains(needle) {
            assert!(start.elapsed() < WAIT, "no `{needle}` in: {seen}");
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) => panic!("stream closed: {seen}"),
                Ok(_) => seen.push_str(&line),
                Err(_) => {} // read timeout: try again until WAIT
            }
        }
    };
    wait_for("event: hello", &mut seen);
    assert!(seen.contains("text/event-stream"));
    write(
        dir.path(),
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "12/3/2024", "Sửa để tải lại."),
    );
    wait_for("event: reload", &mut seen);
    drop(reader);
    // Stopping ends the streams instead of waiting for them.
    let t = Instant::now();
    h.stop();
    assert!(t.elapsed() < WAIT);
}

#[test]
fn error_overlay_names_the_file_and_clears_when_fixed() {
    let dir = small_site();
    let h = serve(dir.path());
    write(
        dir.path(),
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "32/13/2025", "Ngày sai."),
    );
    eventually("the overlay shows", || {
        get(&h, "/ke-hoach/b/").2.contains("id=\"bangtin-overlay\"")
    });
    let (status, _, body) = get(&h, "/ke-hoach/a/");
    assert_eq!(status, 200, "the last good site is still served");
    assert!(body.contains("Nội dung ban đầu"));
    assert!(body.contains("id=\"bangtin-overlay\""));
    assert!(
        body.contains("content/ke-hoach/a.md:3"),
        "file and line of the bad date: {body}"
    );
    write(
        dir.path(),
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "13/12/2025", "Ngày đúng."),
    );
    eventually("the overlay clears", || {
        let b = get(&h, "/ke-hoach/a/").2;
        b.contains("Ngày đúng") && !b.contains("id=\"bangtin-overlay\"")
    });
}

#[test]
fn build_output_has_no_live_reload_script() {
    let dir = small_site();
    let (report, files) = render_to_memory(&opts(dir.path()));
    assert!(!report.has_errors());
    assert!(files
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("__bangtin")));
}

// ---- Incremental rebuilds equal a full render, byte for byte.

/// The example site at the repository root: every kind of page, citations, events.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(here.join("bangtin.yaml"), dir.path().join("bangtin.yaml")).unwrap();
    for d in ["content", "static", "data", "themes", "templates"] {
        if here.join(d).is_dir() {
            copy_dir(&here.join(d), &dir.path().join(d));
        }
    }
    dir
}

/// Brings the feeds up to date (`serve` does it right after reloading the tabs), then compares
/// every file with a full render.
fn assert_same_as_full(state: &mut Incremental, root: &Path, step: &str) {
    let last = state.last();
    assert!(!last.has_errors(), "{step}: {:?}", last.diagnostics);
    let feeds = state.settle();
    assert!(feeds.is_empty(), "{step}: {feeds:?}");
    assert!(!state.feeds_stale(), "{step}");
    let (report, full) = render_to_memory(&opts(root));
    assert!(!report.has_errors(), "{step}: {:?}", report.diagnostics);
    let inc = state.files();
    let missing: Vec<_> = full.keys().filter(|k| !inc.contains_key(*k)).collect();
    let extra: Vec<_> = inc.keys().filter(|k| !full.contains_key(*k)).collect();
    assert!(missing.is_empty(), "{step}: missing {missing:?}");
    assert!(extra.is_empty(), "{step}: stale {extra:?}");
    let differ: Vec<_> = full
        .iter()
        .filter(|(k, v)| inc[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(differ.is_empty(), "{step}: differ {differ:?}");
}

/// Replaces the first `from` in a file with `to`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn incremental_rebuilds_equal_a_full_render() {
    let dir = example_site();
    let root = dir.path();
    // Two entries a page: directive, agency and list pages run to several pages, so an edit
    // moves entries across them.
    edit(root, "bangtin.yaml", "paginate: 5", "paginate: 2");
    let mut state = Incremental::new(opts(root));
    assert_same_as_full(&mut state, root, "first build");
    let content = |rel: &str| vec![Change::Content(rel.into())];
    let plans: Vec<String> = std::fs::read_dir(root.join("content/ke-hoach"))
        .unwrap()
        .map(|e| {
            format!(
                "content/ke-hoach/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    let models: Vec<String> = std::fs::read_dir(root.join("content/mo-hinh"))
        .unwrap()
        .map(|e| {
            format!(
                "content/mo-hinh/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    let events: Vec<String> = std::fs::read_dir(root.join("content/su-kien"))
        .unwrap()
        .map(|e| {
            format!(
                "content/su-kien/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();

    // Edits of the text alone update the graph in place: a sentence citing a directive, one
    // naming a model, one with a deadline, a paragraph added at the end and one at the top.
    let plan = "content/ke-hoach/co-quan-an-toan-an-ninh-trat-tu-2022.md";
    let page = "ke-hoach/co-quan-an-toan-an-ninh-trat-tu-2022/index.html";
    for (step, from, to, shown) in [
        (
            "sentence citing 44-KL/TW",
            "bằng những việc làm cụ thể",
            "bằng những việc làm thật cụ thể",
            "bằng những việc làm thật cụ thể",
        ),
        (
            "sentence naming a model",
            "ở cổng chính, hành lang",
            "ở cổng chính, nhà xe, hành lang",
            "ở cổng chính, nhà xe, hành lang",
        ),
        (
            "sentence with a deadline",
            "hoàn thành tự chấm điểm",
            "hoàn thành việc tự chấm điểm",
            "hoàn thành việc tự chấm điểm",
        ),
        (
            "new paragraph",
            "20/11/2022.",
            "20/11/2022.\n\nĐoạn mới thêm.",
            "Đoạn mới thêm.",
        ),
        (
            // The whole text moves down two lines.
            "paragraph inserted at the top",
            "---\n\nCăn cứ Thông tư",
            "---\n\nĐoạn mở đầu mới.\n\nCăn cứ Thông tư",
            "Đoạn mở đầu mới.",
        ),
    ] {
        edit(root, plan, from, to);
        state.apply(&content(plan));
        assert!(state.last().text_only, "{step}: not taken as a text edit");
        assert!(state.feeds_stale(), "{step}: feeds quote the text too");
        let html = String::from_utf8_lossy(&state.files()[page]).into_owned();
        assert!(html.contains(shown), "{step}: not shown");
        assert_same_as_full(&mut state, root, step);
    }

    // A plan's signer, place and recipients show on its own page only: patched in place, as
    // a retitle is.
    for (step, from, to, shown) in [
        (
            "signer",
            "signer: { name: \"Phạm Đức Khải\"",
            "signer: { name: \"Phạm Đức Khải Sửa\"",
            "Phạm Đức Khải Sửa",
        ),
        (
            "place",
            "place: \"Sông Lam\"",
            "place: \"Bến Lam\"",
            "Bến Lam, ngày",
        ),
        (
            "recipients",
            "  - \"Công an phường Bến Lam;\"",
            "  - \"Công an phường Bến Lam và Phòng Tư pháp;\"",
            "Công an phường Bến Lam và Phòng Tư pháp;",
        ),
        (
            // A line more in the front matter: the keys below it and the text move down one.
            "recipient added",
            "  - \"Các phòng, đơn vị thuộc Sở;\"",
            "  - \"Các phòng, đơn vị thuộc Sở;\"\n  - \"Văn phòng Sở;\"",
            "Văn phòng Sở;",
        ),
        (
            // Three lines more above `basis`: the lines of its references move.
            "tags one a line",
            "tags: [\"an ninh trật tự\", \"bảo vệ cơ quan\", \"phòng cháy chữa cháy\"]",
            "tags:\n  - \"an ninh trật tự\"\n  - \"bảo vệ cơ quan\"\n  - \"phòng cháy chữa cháy\"",
            "phòng cháy chữa cháy",
        ),
    ] {
        edit(root, plan, from, to);
        state.apply(&content(plan));
        assert!(state.last().retitled, "{step}: not patched in place");
        let html = String::from_utf8_lossy(&state.files()[page]).into_owned();
        assert!(html.contains(shown), "{step}: not shown");
        assert_same_as_full(&mut state, root, step);
    }

    // A plan's title: its page, lists, home, tags, feeds. Patched in place (`retitled`).
    edit(root, &plans[0], "title: \"", "title: \"Sửa: ");
    state.apply(&content(&plans[0]));
    assert!(!state.last().text_only, "front matter changed");
    assert!(state.last().retitled, "plan title: not taken as a retitle");
    assert_same_as_full(&mut state, root, "plan title");
    assert!(
        state.last().rendered < render_jobs_count(&state),
        "not everything re-rendered"
    );

    // Retitles of plans in each place a title shows: one whose number a commendation cites
    // (21/KH-STP), one whose number a model cites (45/KH-STP), one with a yearly deadline on
    // every year of the calendar, one on page 2 of the list of plans (two a page), and a
    // summary with a sentence of text.
    for (step, rel, from, to) in [
        (
            "plan cited by a commendation",
            "content/ke-hoach/co-quan-an-toan-an-ninh-trat-tu-2022.md",
            "title: \"",
            "title: \"Trích dẫn: ",
        ),
        (
            "plan cited by a model",
            "content/ke-hoach/trien-khai-ket-luan-44-kl-tw-2019.md",
            "title: \"",
            "title: \"Được nêu: ",
        ),
        (
            "plan with deadlines",
            "content/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024.md",
            "title: \"",
            "title: \"Có hạn: ",
        ),
        (
            "plan on page 2",
            "content/ke-hoach/tuyen-truyen-phong-chay-chua-chay-2023.md",
            "title: \"",
            "title: \"Trang hai: ",
        ),
        (
            "summary",
            "content/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024.md",
            "summary: \"",
            "summary: \"Tóm tắt mới: ",
        ),
        (
            "summary and text",
            "content/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024.md",
            "Tóm tắt mới: ",
            "Tóm tắt: ",
        ),
    ] {
        edit(root, rel, from, to);
        if step == "summary and text" {
            edit(root, rel, "Mục đích\n", "Mục đích chung\n");
        }
        state.apply(&content(rel));
        assert!(state.last().retitled, "{step}: not taken as a retitle");
        assert_same_as_full(&mut state, root, step);
    }
    assert!(
        String::from_utf8_lossy(&state.files()["ke-hoach/trang/2/index.html"])
            .contains("Trang hai: ")
    );

    // Tags: two added (a new one, whose list appears, and one whose list of six runs onto a
    // fourth page), one written otherwise, then the two and another dropped (one no other page
    // has: its list goes). Patched in place.
    let rel = "content/ke-hoach/phong-chong-lua-dao-khong-gian-mang-2025.md";
    let tags = |state: &Incremental| {
        [
            "the/du-lieu-mo/",
            "the/phong-chong-lua-dao/",
            "the/hoa-giai-o-co-so/trang/4/",
        ]
        .map(|p| state.files().contains_key(&format!("{p}index.html")))
    };
    assert_eq!(tags(&state), [false, true, false]);
    for (step, from, to, now) in [
        (
            "tags added",
            "\"phòng chống lừa đảo\"]",
            "\"phòng chống lừa đảo\", \"dữ liệu mở\", \"hòa giải ở cơ sở\"]",
            [true, true, true],
        ),
        (
            "tag written otherwise",
            "\"an ninh mạng\"",
            "\"An ninh mạng\"",
            [true, true, true],
        ),
        (
            "tags dropped",
            ", \"phòng chống lừa đảo\", \"dữ liệu mở\", \"hòa giải ở cơ sở\"]",
            "]",
            [false, false, false],
        ),
    ] {
        edit(root, rel, from, to);
        state.apply(&content(rel));
        assert!(state.last().retitled, "{step}: not patched in place");
        assert!(
            state.last().rendered < render_jobs_count(&state),
            "{step}: everything re-rendered"
        );
        assert_eq!(tags(&state), now, "{step}");
        assert_same_as_full(&mut state, root, step);
    }

    // A news item's title takes the same way; a page in the menu shows its title on every
    // page, and takes the long way.
    for (step, rel, retitled) in [
        (
            "news title",
            "content/tin-tuc/trao-bang-khen-hoa-giai-vien-cua-lam.md",
            true,
        ),
        ("menu page title", "content/gioi-thieu.md", false),
    ] {
        edit(root, rel, "title: \"", "title: \"Sửa: ");
        state.apply(&content(rel));
        assert_eq!(state.last().retitled, retitled, "{step}");
        assert_same_as_full(&mut state, root, step);
    }

    // Plans of one date are in title order: a retitle moves one past the other, in the list
    // of plans, the tags, the directives both cite and the calendar days of their deadlines.
    write(
        root,
        "content/ke-hoach/cung-ngay.md",
        "---\ntitle: \"Kế hoạch An\"\ndate: 2024-03-12\ntags: [\"an ninh trật tự\"]\ndeadlines:\n  - { date: 2024-06-10, title: \"Báo cáo sơ kết 6 tháng thực hiện Kế hoạch\" }\n---\n\nThực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư, báo cáo trước ngày 15/11/2024.\n",
    );
    state.apply(&content("content/ke-hoach/cung-ngay.md"));
    assert_same_as_full(&mut state, root, "plan of the same date");
    // The day both plans report on lists them newest first, then by title.
    let first_on_day = |state: &Incremental| -> bool {
        let html =
            String::from_utf8_lossy(&state.files()["lich/2024/06/10/index.html"]).into_owned();
        let (Some(a), Some(b)) = (html.find("cung-ngay"), html.find("phong-trao-toan-dan")) else {
            panic!("both plans on 10/6/2024");
        };
        a < b
    };
    assert!(!first_on_day(&state), "“Kế hoạch An” after “Có hạn: …”");
    for (step, to, first) in [
        ("moved before the other", "Ba kế hoạch", true),
        ("moved back after it", "Kế hoạch A", false),
    ] {
        let rel = "content/ke-hoach/cung-ngay.md";
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let title = text
            .lines()
            .find(|l| l.starts_with("title:"))
            .unwrap()
            .to_string();
        edit(root, rel, &title, &format!("title: \"{to}\""));
        state.apply(&content(rel));
        assert!(state.last().retitled, "{step}: not taken as a retitle");
        assert_eq!(first_on_day(&state), first, "{step}");
        assert_same_as_full(&mut state, root, step);
    }

    // A plan's date, into another year: year terms and facets move.
    let text = std::fs::read_to_string(root.join(&plans[1])).unwrap();
    let date_line = text
        .lines()
        .find(|l| l.starts_with("date:"))
        .unwrap()
        .to_string();
    edit(root, &plans[1], &date_line, "date: 2/1/2017");
    state.apply(&content(&plans[1]));
    assert_same_as_full(&mut state, root, "plan date");

    // More dates, patched in place: a plan whose number a commendation cites (the date of
    // what it cites shows there), one whose number a model cites, moved two years on with
    // its `year`, and one onto the date of another plan (titles order the two). A date taken away is no such
    // edit (the plan's number is then dated by what cites it): the graph is made again.
    for (step, rel, from, to, patched) in [
        (
            "date of a plan a commendation cites",
            "content/ke-hoach/co-quan-an-toan-an-ninh-trat-tu-2022.md",
            "date: 2022-03-28",
            "date: 2022-04-02",
            true,
        ),
        (
            "date of a plan a model cites",
            "content/ke-hoach/trien-khai-ket-luan-44-kl-tw-2019.md",
            "date: 2019-06-10\nyear: 2019",
            "date: 2021-01-05\nyear: 2021",
            true,
        ),
        (
            "date of another plan",
            "content/ke-hoach/phong-chong-lua-dao-khong-gian-mang-2025.md",
            "date: 2025-05-20\nyear: 2025",
            "date: 2024-03-12\nyear: 2024",
            true,
        ),
        (
            "date taken away",
            "content/ke-hoach/trien-khai-ket-luan-44-kl-tw-2019.md",
            "date: 2021-01-05\n",
            "",
            false,
        ),
        (
            "date given back",
            "content/ke-hoach/trien-khai-ket-luan-44-kl-tw-2019.md",
            "number:",
            "date: 2019-06-10\nnumber:",
            false,
        ),
    ] {
        edit(root, rel, from, to);
        state.apply(&content(rel));
        assert_eq!(state.last().retitled, patched, "{step}");
        assert_same_as_full(&mut state, root, step);
    }

    // A new plan citing directives, with a deadline and a model's name.
    write(
        root,
        "content/ke-hoach/moi.md",
        "---\ntitle: \"Kế hoạch mới\"\nnumber: \"99/KH-STP\"\ndate: 3/4/2025\nbasis:\n  - \"Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư\"\n  - \"Kế hoạch số 24/KH-STP ngày 15/3/2020 của Sở Tư pháp\"\ndeadlines:\n  - { date: 30/6/2025, title: \"Báo cáo sơ kết\" }\ntags: [\"mới\"]\n---\n\nThực hiện Chỉ thị số 09-CT/TW và nhân rộng mô hình Camera an ninh.\n",
    );
    state.apply(&content("content/ke-hoach/moi.md"));
    assert_same_as_full(&mut state, root, "new plan");

    // A model's title: pages naming it, commendations linking to it.
    for m in &models {
        edit(root, m, "title: \"", "title: \"Đổi tên: ");
        state.apply(&content(m));
        assert!(!state.last().retitled, "a model's title is a name: {m}");
        assert_same_as_full(&mut state, root, &format!("model title {m}"));
    }

    // An event's date.
    let text = std::fs::read_to_string(root.join(&events[0])).unwrap();
    let date_line = text
        .lines()
        .find(|l| l.starts_with("date:"))
        .unwrap()
        .to_string();
    edit(root, &events[0], &date_line, "date: 2025-07-20");
    state.apply(&content(&events[0]));
    assert_same_as_full(&mut state, root, "event date");

    // A deadline moved to another day: its day page goes, another appears, the neighbours'
    // previous/next links follow.
    let plan = "content/ke-hoach/ngay-hoi-19-8-nam-2021.md";
    assert!(state.files().contains_key("lich/2021/08/25/index.html"));
    assert!(!state.files().contains_key("lich/2021/08/27/index.html"));
    edit(root, plan, "date: 2021-08-25,", "date: 2021-08-27,");
    edit(root, plan, "trước ngày 25/8/2021", "trước ngày 27/8/2021");
    state.apply(&content(plan));
    assert_same_as_full(&mut state, root, "deadline moved");
    assert!(!state.files().contains_key("lich/2021/08/25/index.html"));
    assert!(state.files().contains_key("lich/2021/08/27/index.html"));

    // Edits of what a plan cites or dates are patched into the graph in place
    // (`Site::recite`): a paragraph citing a directive no page cited, near the top (the
    // plan's later citations are numbered anew, the directives after it move to new ids),
    // one citing a directive other plans cite, a `basis` entry, a new number (one another
    // plan has, and cited by others), the number back, another issuer and back, a deadline
    // in the text and one in the front matter (the other events move to new ids), a
    // deadline's sentence, the deadline a day later, and paragraphs taken away. Edits that
    // cannot be followed in place take the long way: the graph is made again, and only the
    // views that may show the change are compared with the last ones
    // (`deps::may_have_changed`): a tag and a deadline in one save. A directive issued by an
    // agency no page names changes the agencies, which every view may show: all are
    // compared.
    #[derive(Clone, Copy, PartialEq)]
    enum Way {
        Recited,
        CompareSome,
        CompareAll,
    }
    use Way::*;
    let total = render_jobs_count(&state);
    let plan = "content/ke-hoach/phong-chong-lua-dao-khong-gian-mang-2025.md";
    let first = "\n\nCăn cứ Quyết định số 77/QĐ-UBND ngày 02/3/2020 của Ủy ban nhân dân tỉnh.\n";
    let new_agency = "\n\nTheo Công văn số 5/CV-HVL ngày 02/3/2020 của Hội Văn nghệ Lam Sơn.\n";
    /// A step: its name, the replacements made in the plan, the way it takes.
    type Step<'a> = (&'a str, &'a [(&'a str, &'a str)], Way);
    let steps: &[Step] = &[
        (
            "a directive no page cited",
            &[("như sau:\n", &*format!("như sau:{first}"))],
            Recited,
        ),
        (
            "a directive others cite",
            &[(
                "## I. MỤC ĐÍCH",
                "Tiếp tục thực hiện Chỉ thị số 09-CT/TW.\n\n## I. MỤC ĐÍCH",
            )],
            Recited,
        ),
        (
            "a basis entry",
            &[(
                "  - \"06/CT-BCA-V05\"\n",
                "  - \"06/CT-BCA-V05\"\n  - \"Chỉ thị số 09-CT/TW\"\n",
            )],
            Recited,
        ),
        (
            "another plan's number",
            &[("number: \"47/KH-STP\"", "number: \"45/KH-STP\"")],
            Recited,
        ),
        (
            "the number back",
            &[("number: \"45/KH-STP\"", "number: \"47/KH-STP\"")],
            Recited,
        ),
        (
            "another issuer",
            &[(
                "issuer: \"Sở Tư pháp tỉnh Sông Lam\"",
                "issuer: \"UBND tỉnh Sông Lam\"",
            )],
            Recited,
        ),
        (
            "the issuer back",
            &[(
                "issuer: \"UBND tỉnh Sông Lam\"",
                "issuer: \"Sở Tư pháp tỉnh Sông Lam\"",
            )],
            Recited,
        ),
        (
            "a deadline in the text",
            &[(
                "## I. MỤC ĐÍCH",
                "Các phòng báo cáo trước ngày 15/10/2025.\n\n## I. MỤC ĐÍCH",
            )],
            Recited,
        ),
        (
            "a deadline in the front matter",
            &[(
                "deadlines:\n",
                "deadlines:\n  - { date: 2021-08-19, title: \"Sơ kết đợt cao điểm\" }\n",
            )],
            Recited,
        ),
        (
            // The day it leaves keeps other plans' deadlines.
            "the front matter's deadline moved",
            &[(
                "date: 2021-08-19, title: \"Sơ kết",
                "date: 2025-10-20, title: \"Sơ kết",
            )],
            Recited,
        ),
        (
            "a deadline's sentence",
            &[(
                "Các phòng báo cáo trước ngày 15/10/2025.",
                "Các phòng, ban báo cáo trước ngày 15/10/2025.",
            )],
            Recited,
        ),
        (
            "a deadline a day later",
            &[(
                "Các phòng, ban báo cáo trước ngày 15/10/2025.",
                "Các phòng, ban báo cáo trước ngày 16/10/2025.",
            )],
            Recited,
        ),
        (
            "a tag and a deadline at once",
            &[
                ("tags: [", "tags: [\"báo cáo\", "),
                ("trước ngày 16/10/2025.", "trước ngày 17/10/2025."),
            ],
            CompareSome,
        ),
        (
            "a directive of a new agency",
            &[("## I. MỤC ĐÍCH", &*format!("{new_agency}## I. MỤC ĐÍCH"))],
            CompareAll,
        ),
        ("a citation taken away", &[(first, "\n")], Recited),
        (
            "the new agency's taken away",
            &[(new_agency, "")],
            CompareAll,
        ),
    ];
    for &(step, edits, way) in steps {
        for (from, to) in edits {
            edit(root, plan, from, to);
        }
        state.apply(&content(plan));
        let last = state.last();
        assert!(!last.full && !last.text_only && !last.retitled, "{step}");
        assert_eq!(
            last.recited,
            way == Recited,
            "{step}: recited in place or not"
        );
        let compared = match way {
            Recited => last.compared == 0,
            CompareSome => last.compared > 0 && last.compared * 4 < total,
            CompareAll => last.compared >= total,
        };
        assert!(
            compared,
            "{step}: {} of {total} views compared",
            last.compared
        );
        assert_same_as_full(&mut state, root, step);
    }

    // Every commendation and directive page, touched in its title.
    for section in ["khen-thuong", "van-ban"] {
        for e in std::fs::read_dir(root.join("content").join(section)).unwrap() {
            let rel = format!(
                "content/{section}/{}",
                e.unwrap().file_name().to_string_lossy()
            );
            edit(root, &rel, "title: \"", "title: \"Sửa ");
            state.apply(&content(&rel));
            assert!(!state.last().retitled, "{rel}: shows on other kinds' pages");
            assert_same_as_full(&mut state, root, &rel);
        }
    }

    // A section index.
    edit(
        root,
        "content/_index.md",
        "title: \"",
        "title: \"Trang chủ: ",
    );
    state.apply(&content("content/_index.md"));
    assert_same_as_full(&mut state, root, "home index");

    // A broken page keeps the last good files; fixing it catches up on everything.
    let good = std::fs::read_to_string(root.join(&plans[2])).unwrap();
    let before = state.files().clone();
    std::fs::write(
        root.join(&plans[2]),
        good.replacen("date:", "date: 32/13/2025\nx_date:", 1),
    )
    .unwrap();
    state.apply(&content(&plans[2]));
    assert!(state.last().has_errors());
    assert!(
        state.files() == &before,
        "files untouched by a failed build"
    );
    edit(root, &plans[3], "title: \"", "title: \"Trong lúc lỗi: ");
    state.apply(&content(&plans[3]));
    assert!(state.last().has_errors());
    std::fs::write(root.join(&plans[2]), &good).unwrap();
    state.apply(&content(&plans[2]));
    assert_same_as_full(&mut state, root, "fixed");

    // Deleting pages: their outputs go.
    std::fs::remove_file(root.join("content/ke-hoach/moi.md")).unwrap();
    state.apply(&content("content/ke-hoach/moi.md"));
    assert_same_as_full(&mut state, root, "deleted plan");
    std::fs::remove_file(root.join(&models[0])).unwrap();
    // A commendation may name that model: let the build say so, then drop the link.
    state.apply(&content(&models[0]));
    if state.last().has_errors() {
        for e in std::fs::read_dir(root.join("content/khen-thuong")).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("model:")).collect();
            std::fs::write(&p, kept.join("\n") + "\n").unwrap();
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            state.apply(&[Change::Content(rel)]);
        }
    }
    assert_same_as_full(&mut state, root, "deleted model");

    // A template override and a static file.
    write(
        root,
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Không thấy</p>{% endblock content %}",
    );
    state.apply(&[Change::Templates]);
    assert_same_as_full(&mut state, root, "template");
    write(root, "static/ghi-chu.txt", "xin chào");
    state.apply(&[Change::Static]);
    assert_same_as_full(&mut state, root, "static");
}

/// `serve` makes the feeds on a thread of its own and gives them up when an edit comes
/// meanwhile (they would be stale at once); they are made after that edit.
#[test]
fn feeds_given_up_for_an_edit_are_made_after_it() {
    let dir = example_site();
    let root = dir.path();
    let mut state = Incremental::new(opts(root));
    let plan = "content/ke-hoach/co-quan-an-toan-an-ninh-trat-tu-2022.md";
    let feeds = state.files().clone();
    edit(
        root,
        plan,
        "bằng những việc làm cụ thể",
        "bằng những việc làm rất cụ thể",
    );
    state.apply(&[Change::Content(plan.into())]);
    assert!(state.feeds_stale());
    // Asked to stop once it has started: nothing comes of it, and the feeds are still stale.
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let stop = || asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) > 0;
    assert!(state.render_feeds(&stop).is_none());
    assert!(state.feeds_stale());
    let feeds_of = |files: &std::collections::BTreeMap<String, Vec<u8>>| {
        files
            .iter()
            .filter(|(k, _)| k.starts_with("tim-kiem/") || k.starts_with("api/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    assert!(
        feeds_of(state.files()) == feeds_of(&feeds),
        "nothing committed"
    );
    // The next edit applied, the feeds are made for both.
    edit(
        root,
        plan,
        "hoàn thành tự chấm điểm",
        "hoàn thành việc tự chấm điểm",
    );
    state.apply(&[Change::Content(plan.into())]);
    assert_same_as_full(&mut state, root, "feeds made after the edit");
}

#[test]
fn a_feed_file_that_is_no_longer_made_is_no_longer_served() {
    let dir = small_site();
    let root = dir.path();
    let mut state = Incremental::new(opts(root));
    assert!(state.files().contains_key("api/ke-hoach/2024.json"));
    assert!(state.is_feed("api/ke-hoach/2024.json"));
    // Plan A was the only plan of 2024: its year file goes with it.
    std::fs::remove_file(root.join("content/ke-hoach/a.md")).unwrap();
    state.apply(&[Change::Content("content/ke-hoach/a.md".into())]);
    assert_same_as_full(&mut state, root, "the plan of 2024 deleted");
    assert!(!state.files().contains_key("api/ke-hoach/2024.json"));
    assert!(!state.is_feed("api/ke-hoach/2024.json"));
    assert!(state.files().contains_key("api/ke-hoach/2025.json"));
    let index = String::from_utf8(state.files()["api/ke-hoach.json"].clone()).unwrap();
    assert!(!index.contains("2024"), "{index}");
}

fn render_jobs_count(state: &Incremental) -> usize {
    bangtin::render::jobs(state.site().unwrap()).len()
}

/// A plan's entry in lists shows how many pages cite its number. Nothing in `serve` says
/// which pages show that count: the lists update because their view changed.
#[test]
fn a_plan_cited_by_another_page_shows_the_count_in_its_lists_at_once() {
    let dir = small_site();
    let root = dir.path();
    write(
        root,
        "content/ke-hoach/a.md",
        "---\ntitle: \"Kế hoạch A\"\nnumber: 12/KH-UBND\ndate: 12/3/2024\ntags: [\"an ninh\"]\n---\n\nNội dung ban đầu.\n",
    );
    let mut state = Incremental::new(opts(root));
    assert_same_as_full(&mut state, root, "first build");
    let count = |state: &Incremental, path: &str| -> Option<String> {
        let html = String::from_utf8_lossy(&state.files()[path]).into_owned();
        let at = html.find("/ke-hoach/a/")?;
        let item = &html[at..at + html[at..].find("</li>")?];
        let label = "Được trích dẫn bởi: ";
        let at = item.find(label)? + label.len();
        Some(
            item[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect(),
        )
    };
    assert_eq!(count(&state, "ke-hoach/index.html"), None);
    edit(
        root,
        "content/ke-hoach/b.md",
        "của Ban Bí thư.",
        "của Ban Bí thư và Kế hoạch số 12/KH-UBND ngày 12/3/2024 của UBND tỉnh.",
    );
    state.apply(&[Change::Content("content/ke-hoach/b.md".into())]);
    assert_same_as_full(&mut state, root, "b cites a");
    for list in [
        "ke-hoach/index.html",
        "the/an-ninh/index.html",
        "nam/2024/index.html",
    ] {
        assert_eq!(count(&state, list).as_deref(), Some("1"), "{list}");
    }
    edit(
        root,
        "content/ke-hoach/b.md",
        " và Kế hoạch số 12/KH-UBND ngày 12/3/2024 của UBND tỉnh",
        "",
    );
    state.apply(&[Change::Content("content/ke-hoach/b.md".into())]);
    assert_same_as_full(&mut state, root, "b no longer cites a");
    assert_eq!(count(&state, "ke-hoach/index.html"), None);
}

/// An edit of one plan's title re-renders the pages that show that title, not the site: the
/// jobs rendered again are those whose output changed.
#[test]
fn retitling_a_plan_re_renders_only_the_pages_showing_it() {
    let dir = example_site();
    let root = dir.path();
    let mut state = Incremental::new(opts(root));
    let all = state.last().rendered;
    state.settle();
    let before = state.files().clone();
    let rel = "content/ke-hoach/hoa-giai-co-so-2020.md";
    edit(root, rel, "title: \"", "title: \"Sửa tên: ");
    let rendered = state.apply(&[Change::Content(rel.into())]).rendered;
    assert_same_as_full(&mut state, root, "retitled");
    let changed = state
        .files()
        .iter()
        .filter(|(k, v)| k.ends_with(".html") && before.get(*k) != Some(*v))
        .count();
    assert!(changed > 0);
    let ch: Vec<_> = state
        .files()
        .iter()
        .filter(|(k, v)| k.ends_with(".html") && before.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    eprintln!("CHANGED {ch:?}");
    // A view may hold a value its template does not print: a job or two of slack.
    assert!(
        rendered <= changed + 2 && rendered < all / 4,
        "{rendered} jobs rendered again for {changed} pages that changed (of {all})"
    );
}

// ---- Issue 12, defect 4: watched folders deleted, moved back or created while serving.

/// A 404 template of the site's own, saying `marker`.
fn own_404(marker: &str) -> String {
    format!(
        "{{% extends \"base.html\" %}}{{% block content %}}<p>{marker}</p>{{% endblock content %}}"
    )
}

#[test]
fn a_content_folder_moved_away_and_copied_back_is_watched_again() {
    let dir = small_site();
    let root = dir.path();
    let h = serve(root);
    // `mv content c; cp -r c content`, then edit a page of the new folder.
    std::fs::rename(root.join("content"), root.join("c")).unwrap();
    copy_dir(&root.join("c"), &root.join("content"));
    write(
        root,
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "12/3/2024", "Sửa sau khi chép lại."),
    );
    eventually("the edit in the copied-back folder is served", || {
        get(&h, "/ke-hoach/a/").2.contains("Sửa sau khi chép lại")
    });
    // And the next edit too: the new folder is watched, not only read once.
    write(
        root,
        "content/ke-hoach/b.md",
        &plan("Kế hoạch B đổi tên", "5/6/2025", "Lần sửa thứ hai."),
    );
    eventually("a second edit is served", || {
        get(&h, "/ke-hoach/b/").2.contains("Lần sửa thứ hai")
    });
    h.stop();
}

#[test]
fn a_vanished_content_folder_is_said_and_picked_up_when_back() {
    let dir = small_site();
    let root = dir.path();
    let h = serve(root);
    std::fs::rename(root.join("content"), root.join("c")).unwrap();
    eventually("the overlay says content/ is gone", || {
        let b = get(&h, "/ke-hoach/a/").2;
        b.contains("id=\"bangtin-overlay\"") && b.contains("thư mục `content/` không còn nữa")
    });
    let (status, _, body) = get(&h, "/ke-hoach/a/");
    assert_eq!(status, 200, "the last build is still served");
    assert!(body.contains("Nội dung ban đầu"));
    // Back, with a change made meanwhile.
    write(
        root,
        "c/ke-hoach/a.md",
        &plan("Kế hoạch A", "12/3/2024", "Sửa khi thư mục vắng mặt."),
    );
    copy_dir(&root.join("c"), &root.join("content"));
    eventually("the folder is read again and the overlay clears", || {
        let b = get(&h, "/ke-hoach/a/").2;
        b.contains("Sửa khi thư mục vắng mặt") && !b.contains("id=\"bangtin-overlay\"")
    });
    write(
        root,
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "12/3/2024", "Sửa trong thư mục mới."),
    );
    eventually("edits in the returned folder are served", || {
        get(&h, "/ke-hoach/a/").2.contains("Sửa trong thư mục mới")
    });
    h.stop();
}

#[test]
fn the_first_file_of_new_templates_and_static_folders_is_picked_up() {
    let dir = small_site();
    let root = dir.path();
    let h = serve(root);
    // Created and written at once, as `mkdir -p templates && cp … templates/` does.
    write(root, "templates/404.html", &own_404("Mẫu riêng thứ nhất"));
    write(root, "static/tep/moi.txt", "tệp tĩnh mới");
    eventually("the new template is used", || {
        get(&h, "/khong-co/").2.contains("Mẫu riêng thứ nhất")
    });
    eventually("the new static file is served", || {
        get(&h, "/tep/moi.txt").2.contains("tệp tĩnh mới")
    });
    // Deleted: the site is rebuilt with the theme's template, and the browser is told.
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    eventually("the theme's 404 and a notice", || {
        let b = get(&h, "/khong-co/").2;
        !b.contains("Mẫu riêng thứ nhất")
            && b.contains("id=\"bangtin-overlay\"")
            && b.contains("thư mục `templates/` không còn nữa")
    });
    // Back: watched again from its first file.
    write(root, "templates/404.html", &own_404("Mẫu riêng thứ hai"));
    eventually("the returned template is used, the notice gone", || {
        let b = get(&h, "/khong-co/").2;
        b.contains("Mẫu riêng thứ hai") && !b.contains("id=\"bangtin-overlay\"")
    });
    write(root, "templates/404.html", &own_404("Mẫu riêng thứ ba"));
    eventually("edits of the returned folder are used", || {
        get(&h, "/khong-co/").2.contains("Mẫu riêng thứ ba")
    });
    h.stop();
}

// ---- Issue 12, defect 9: methods and slow or idle clients.

/// Sends `request` as is; returns the whole answer, until the server closes or `WAIT`.
fn raw(h: &ServerHandle, request: &str) -> String {
    let mut s = std::net::TcpStream::connect(h.addr()).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn only_get_and_head_are_answered() {
    let dir = small_site();
    let h = serve(dir.path());
    for method in ["POST", "PUT", "DELETE", "TRACE", "OPTIONS", "PATCH"] {
        for path in ["/", "/ke-hoach/a/", "/khong-co/", "/__bangtin/events"] {
            let out = raw(
                &h,
                &format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"),
            );
            assert!(out.starts_with("HTTP/1.1 405"), "{method} {path}: {out}");
            let allow = out
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("allow:")
                        .map(str::to_string)
                })
                .unwrap_or_else(|| panic!("{method} {path}: no Allow header: {out}"));
            assert!(
                allow.contains("get") && allow.contains("head"),
                "{method} {path}: {allow}"
            );
            assert!(
                !out.contains("Nội dung ban đầu"),
                "{method} {path}: the page"
            );
        }
    }
    // HEAD: the headers of the page, no body.
    let out = raw(
        &h,
        "HEAD /ke-hoach/a/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.contains("text/html"), "{out}");
    let (head, body) = out.split_once("\r\n\r\n").unwrap();
    assert!(body.is_empty(), "HEAD has no body: {body}");
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("content-length");
    assert_eq!(length, get(&h, "/ke-hoach/a/").2.len());
    assert_eq!(get(&h, "/ke-hoach/a/").0, 200);
}

fn serve_with(root: &Path, limits: Limits) -> ServerHandle {
    let h = start_with(opts(root), "127.0.0.1", 0, limits).expect("server starts");
    assert!(!h.initial().has_errors(), "{:?}", h.initial().diagnostics);
    h
}

#[test]
fn half_a_header_is_cut_off_after_the_timeout() {
    let dir = small_site();
    let timeout = Duration::from_secs(1);
    let h = serve_with(
        dir.path(),
        Limits {
            header_timeout: timeout,
            ..Limits::default()
        },
    );
    let mut s = std::net::TcpStream::connect(h.addr()).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let t = Instant::now();
    s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    let mut buf = [0u8; 512];
    // Closed (EOF or reset), maybe after a 408: never the page.
    let mut answer = Vec::new();
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    let took = t.elapsed();
    assert!(
        took >= timeout - Duration::from_millis(100) && took < timeout + Duration::from_secs(4),
        "closed after {took:?}"
    );
    assert!(!String::from_utf8_lossy(&answer).contains("<html"));
    // The default is a timeout too, not none.
    assert!(Limits::default().header_timeout <= Duration::from_secs(30));
}

#[test]
fn idle_connections_do_not_keep_a_real_request_out() {
    let dir = small_site();
    // Fewer places than idle clients: each new connection closes the oldest idle one.
    let h = serve_with(
        dir.path(),
        Limits {
            max_connections: 50,
            ..Limits::default()
        },
    );
    let mut idle = Vec::new();
    for i in 0..200 {
        let mut s = std::net::TcpStream::connect(h.addr()).unwrap();
        if i % 2 == 0 {
            s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
        }
        idle.push(s);
    }
    for _ in 0..3 {
        let (status, _, body) = get(&h, "/ke-hoach/a/");
        assert_eq!(status, 200);
        assert!(body.contains("Nội dung ban đầu"));
    }
    drop(idle);
    h.stop();
}

#[test]
fn with_default_limits_200_idle_connections_leave_room() {
    let dir = small_site();
    let h = serve(dir.path());
    let idle: Vec<_> = (0..200)
        .map(|_| std::net::TcpStream::connect(h.addr()).unwrap())
        .collect();
    let (status, _, _) = get(&h, "/");
    assert_eq!(status, 200);
    drop(idle);
}

#[test]
fn the_live_reload_stream_outlives_the_header_timeout() {
    let dir = small_site();
    let timeout = Duration::from_secs(1);
    let h = serve_with(
        dir.path(),
        Limits {
            header_timeout: timeout,
            ..Limits::default()
        },
    );
    let mut s = std::net::TcpStream::connect(h.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        s,
        "GET /__bangtin/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut seen = String::new();
    let mut read_until = |needle: &str, seen: &mut String, until: Instant| {
        while !seen.contains(needle) && Instant::now() < until {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) => panic!("stream closed: {seen}"),
                Ok(_) => seen.push_str(&line),
                Err(_) => {}
            }
        }
    };
    read_until("event: hello", &mut seen, Instant::now() + WAIT);
    assert!(seen.contains("event: hello"), "{seen}");
    // Well past the header timeout, the stream is still open.
    read_until("never sent", &mut seen, Instant::now() + timeout * 3);
    write(
        dir.path(),
        "content/ke-hoach/a.md",
        &plan("Kế hoạch A", "12/3/2024", "Sửa sau thời hạn."),
    );
    read_until("event: reload", &mut seen, Instant::now() + WAIT);
    assert!(seen.contains("event: reload"), "{seen}");
    drop(reader);
    h.stop();
}

#[test]
fn a_photo_added_to_a_page_while_serving_is_shown_resized() {
    let dir = small_site();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let photo = here.join("content/tin-tuc/ra-mat-camera-an-ninh-bac-tan/tuan-tra.jpg");
    std::fs::create_dir_all(dir.path().join("content/tin-tuc/ra-quan")).unwrap();
    std::fs::copy(&photo, dir.path().join("content/tin-tuc/ra-quan/anh.jpg")).unwrap();
    let news = |body: &str| {
        format!("---\ntitle: \"Ra quân\"\ndate: 2025-06-01\nimage:\n  path: \"anh.jpg\"\n  alt: \"Lực lượng ra quân\"\n---\n{body}\n")
    };
    write(
        dir.path(),
        "content/tin-tuc/ra-quan/index.md",
        &news("Buổi sáng."),
    );
    let second = image::open(&photo).unwrap().fliph();
    second
        .save(dir.path().join("content/tin-tuc/ra-quan/anh-2.jpg"))
        .unwrap();
    let h = serve(dir.path());
    let (status, _, page) = get(&h, "/tin-tuc/ra-quan/");
    assert_eq!(status, 200);
    // The page is minified: attributes may come without quotes.
    let src = |page: &str, alt: &str| -> String {
        let at = page.find(alt).expect("the photo");
        let start = page[..at].rfind("<img").expect("img");
        let tag = &page[start..at + page[at..].find('>').expect("tag end")];
        let v = tag.split(" src=").nth(1).expect("src");
        v.trim_start_matches('"')
            .split(['"', ' ', '>'])
            .next()
            .expect("src")
            .to_string()
    };
    let (status, ct, _) = get(&h, &src(&page, "Lực lượng ra quân"));
    assert_eq!((status, ct.as_str()), (200, "image/webp"));

    // A second photo, beside the page from the start, then shown in its text: an edit of the
    // page alone, which re-renders only what changed and must publish the new copies.
    write(
        dir.path(),
        "content/tin-tuc/ra-quan/index.md",
        &news("Buổi sáng.\n\n![Đội tuần tra](anh-2.jpg)"),
    );
    eventually("the new photo is on the page", || {
        get(&h, "/tin-tuc/ra-quan/").2.contains("Đội tuần tra")
    });
    let page = get(&h, "/tin-tuc/ra-quan/").2;
    let new_src = src(&page, "Đội tuần tra");
    assert!(new_src.starts_with("/hinh/"), "{new_src}");
    let (status, ct, _) = get(&h, &new_src);
    assert_eq!((status, ct.as_str()), (200, "image/webp"));
    h.stop();
}
