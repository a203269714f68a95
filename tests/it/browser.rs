//! The built example site in a real headless Chromium: search works without diacritics, the
//! print control appears, pages fit a phone. Skipped (with a note) when Chromium is absent,
//! unless BANGTIN_REQUIRE_BROWSER is set (CI sets it).

use crate::synth;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub(crate) fn chromium() -> Option<PathBuf> {
    for c in [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ] {
        if Path::new(c).exists() {
            return Some(PathBuf::from(c));
        }
    }
    if std::env::var_os("BANGTIN_REQUIRE_BROWSER").is_some() {
        panic!("BANGTIN_REQUIRE_BROWSER is set but Chromium is not installed");
    }
    eprintln!("note: Chromium not found; browser tests skipped (bash .ci/run installs it)");
    None
}

/// A minimal static file server on loopback, for the browser only (bangtin's own server is
/// tested in tests/serve.rs). Stops when the test process ends.
fn serve_dir(dir: PathBuf) -> String {
    serve_dir_logged(dir).0
}

/// Every request served: path, bytes of body sent, when.
type Log = Arc<Mutex<Vec<(String, usize, Instant)>>>;

/// `serve_dir`, also logging what each request downloaded.
fn serve_dir_logged(dir: PathBuf) -> (String, Log) {
    let s = serve_dir_with(dir, Injected::default());
    (s.base, s.log)
}

/// A folder served to the browser, what was downloaded, and what was asked for and missing.
pub(crate) struct Served {
    pub base: String,
    pub log: Log,
    pub missing: Arc<Mutex<Vec<String>>>,
}

/// What a test adds to what the browser gets: a page asked for with `?KEY` gets the HTML of
/// `scripts[KEY]` before `</body>`; a path of `files` is served from its file.
#[derive(Default, Clone)]
pub(crate) struct Injected {
    pub scripts: Vec<(&'static str, String)>,
    pub files: Vec<(&'static str, PathBuf)>,
}

impl Injected {
    /// axe-core, served at `/__axe.min.js` from `axe`.
    pub fn axe(axe: &Path) -> Self {
        Injected {
            scripts: Vec::new(),
            files: vec![("__axe.min.js", axe.to_path_buf())],
        }
    }
}

/// `serve_dir`, logging downloads and missing files, with what `inject` adds.
pub(crate) fn serve_dir_with(dir: PathBuf, inject: Injected) -> Served {
    let log: Log = Arc::default();
    let missing: Arc<Mutex<Vec<String>>> = Arc::default();
    let (log2, missing2) = (Arc::clone(&log), Arc::clone(&missing));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dir, inject) = (dir.clone(), inject.clone());
            let log = Arc::clone(&log2);
            let missing = Arc::clone(&missing2);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let script = target
                    .split_once('?')
                    .and_then(|(_, q)| inject.scripts.iter().find(|(k, _)| *k == q))
                    .map(|(_, s)| s.clone());
                let path = target.split('?').next().unwrap_or("/").to_string();
                let mut rel = path.trim_start_matches('/').to_string();
                if rel.is_empty() || rel.ends_with('/') {
                    rel.push_str("index.html");
                }
                let file = match inject.files.iter().find(|(p, _)| *p == rel) {
                    Some((_, f)) => f.clone(),
                    None => dir.join(&rel),
                };
                let (status, mut body) = match (rel.contains(".."), std::fs::read(&file)) {
                    (false, Ok(b)) => ("200 OK", b),
                    _ => {
                        if let Ok(mut m) = missing.lock() {
                            m.push(path.clone());
                        }
                        ("404 Not Found", b"not found".to_vec())
                    }
                };
                if let (Some(script), "200 OK") = (script, status) {
                    let html = String::from_utf8_lossy(&body).into_owned();
                    body = html
                        .replacen("</body>", &format!("{script}</body>"), 1)
                        .into_bytes();
                }
                let ctype = match Path::new(&rel).extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("json") => "application/json",
                    Some("svg") => "image/svg+xml",
                    _ => "application/octet-stream",
                };
                let mut s = &stream;
                let _ = write!(s, "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = s.write_all(&body);
                if let Ok(mut l) = log.lock() {
                    l.push((path, body.len(), Instant::now()));
                }
            });
        }
    });
    Served {
        base: format!("http://{addr}"),
        log,
        missing,
    }
}

pub(crate) fn chromium_args(bin: &Path) -> Command {
    let mut c = Command::new(bin);
    let profile = tempfile::tempdir().expect("profile").keep();
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The DOM after scripts ran.
pub(crate) fn dom(bin: &Path, url: &str, width: u32) -> String {
    dom_within(bin, url, width, 5000)
}

/// The DOM after scripts ran for up to `budget_ms` of virtual time (which stands still
/// while the page waits for the network).
pub(crate) fn dom_within(bin: &Path, url: &str, width: u32, budget_ms: u32) -> String {
    let out = chromium_args(bin)
        .arg(format!("--window-size={width},900"))
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn built_example() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tmp");
    let mut opts =
        bangtin::build::BuildOptions::new(root, jiff::civil::Date::new(2025, 6, 1).expect("date"));
    let public = out.path().join("public");
    opts.output = Some(public.clone());
    let r = bangtin::build::build(&opts);
    assert!(!r.has_errors(), "{}", crate::common::errors(&r));
    (out, public)
}

#[test]
fn search_finds_words_typed_without_diacritics_and_symbols() {
    let Some(bin) = chromium() else { return };
    let (_tmp, public) = built_example();
    let base = serve_dir(public);
    let html = dom(&bin, &format!("{base}/tim-kiem/?q=an+ninh+to+quoc"), 1280);
    let results = &html[html.find("search-results").unwrap_or(0)..];
    assert!(
        results
            .to_lowercase()
            .contains("<mark>an ninh tổ quốc</mark>"),
        "whole phrase highlighted:\n{}",
        results.chars().take(1500).collect::<String>()
    );
    assert!(
        !results.contains("tr<mark>an</mark>g") && !results.contains("n<mark>ăn</mark>g"),
        "matches start at word beginnings"
    );
    assert!(html.contains("class=\"item-title\""), "results listed");
    // Typed on a phone, the last word unfinished: it matches the words it begins.
    let html = dom(&bin, &format!("{base}/tim-kiem/?q=an+nin"), 1280);
    let results = &html[html.find("search-results").unwrap_or(0)..];
    assert!(
        results.to_lowercase().contains("<mark>an nin</mark>h"),
        "unfinished word found and its typed part highlighted:\n{}",
        results.chars().take(1500).collect::<String>()
    );
    assert!(
        !results.contains("tr<mark>an</mark>g"),
        "prefixes marked at word beginnings only"
    );
    assert!(
        !results.to_lowercase().contains("<mark>an</mark>h"),
        "a finished word is marked whole only"
    );
    let html = dom(&bin, &format!("{base}/tim-kiem/?q=an+ninh+quo"), 1280);
    assert!(
        html.to_lowercase().contains("<mark>quố</mark>c"),
        "last word matched as a prefix after whole words"
    );
    let html = dom(&bin, &format!("{base}/tim-kiem/?q=44+kl+tw"), 1280);
    assert!(
        html.contains("44-KL/TW"),
        "symbol typed with spaces finds the directive"
    );
    let html = dom(&bin, &format!("{base}/tim-kiem/?q=dang+uy"), 1280);
    assert!(html.contains("kết quả"), "status line shown");
}

#[test]
fn print_control_appears_with_javascript() {
    let Some(bin) = chromium() else { return };
    let (_tmp, public) = built_example();
    let base = serve_dir(public);
    let html = dom(
        &bin,
        &format!("{base}/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024/"),
        1280,
    );
    let button = html
        .split("data-print")
        .nth(1)
        .expect("print button present");
    assert!(
        !button[..40.min(button.len())].contains("hidden"),
        "print button still hidden: {}",
        &button[..80.min(button.len())]
    );
}

#[test]
fn screenshots_of_key_pages_at_phone_and_desktop_width() {
    let Some(bin) = chromium() else { return };
    let (_tmp, public) = built_example();
    let base = serve_dir(public);
    let shots = tempfile::tempdir().expect("tmp");
    for (name, path) in [
        ("home", "/"),
        ("plan", "/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024/"),
        ("list", "/ke-hoach/"),
        ("404", "/404.html"),
    ] {
        for width in [390u32, 1280] {
            let file = shots.path().join(format!("{name}-{width}.png"));
            let status = chromium_args(&bin)
                .arg(format!("--window-size={width},1600"))
                .arg(format!("--screenshot={}", file.display()))
                .arg(format!("{base}{path}"))
                .output()
                .expect("screenshot");
            assert!(status.status.success(), "chromium failed on {path}");
            let png = std::fs::read(&file).expect("screenshot written");
            assert!(
                png.starts_with(b"\x89PNG") && png.len() > 10_000,
                "{name} at {width}px looks empty"
            );
        }
    }
}

/// Bytes the search index files took for one query (the page, its script and style aside),
/// and the wall time from the first index request to the last.
fn query_cost(log: &Log) -> (usize, u128) {
    let l = log.lock().expect("log");
    let index: Vec<_> = l
        .iter()
        .filter(|(p, _, _)| p.starts_with("/tim-kiem/") && p.len() > "/tim-kiem/".len())
        .collect();
    let bytes = index.iter().map(|(_, b, _)| b).sum();
    let first = index.iter().map(|(_, _, t)| *t).min();
    let last = index.iter().map(|(_, _, t)| *t).max();
    let ms = match (first, last) {
        (Some(a), Some(b)) => (b - a).as_millis(),
        _ => 0,
    };
    (bytes, ms)
}

/// The result items of a search page's DOM.
fn result_items(html: &str) -> Vec<&str> {
    let list = html
        .split("id=\"search-results\"")
        .nth(1)
        .and_then(|r| r.split("</ol>").next())
        .unwrap_or("");
    list.split("<li class=\"item\">").skip(1).collect()
}

#[test]
fn full_text_search_on_ten_thousand_plans_finds_body_words_and_downloads_little() {
    let Some(bin) = chromium() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    std::fs::create_dir_all(&root).expect("site dir");
    synth::write_site(&root, 10_000).expect("synthetic site");
    // Debug builds of the test: minifying 10,000 pages would dominate its time.
    let yaml = std::fs::read_to_string(root.join("bangtin.yaml")).expect("config");
    std::fs::write(
        root.join("bangtin.yaml"),
        format!("{}\nminify: false\n", yaml.replace("minify: true", "")),
    )
    .expect("config");
    // One plan gets a word no other page has, deep in its body, and a directive symbol.
    let plan = root.join("content/ke-hoach/ke-hoach-04242.md");
    let text = std::fs::read_to_string(&plan).expect("plan");
    std::fs::write(
        &plan,
        format!("{text}\nĐảng ủy phường Quỳnhxuyênđiệp quán triệt Kết luận số 44-KL/TW ngày 03/3/2016 của Bộ Chính trị.\n"),
    )
    .expect("plan");
    let public = tmp.path().join("public");
    let mut opts =
        bangtin::build::BuildOptions::new(&root, jiff::civil::Date::new(2025, 6, 1).expect("date"));
    opts.output = Some(public.clone());
    let r = bangtin::build::build(&opts);
    assert!(!r.has_errors(), "{}", crate::common::errors(&r));
    let (base, log) = serve_dir_logged(public);

    let search = |q: &str| {
        log.lock().expect("log").clear();
        let html = dom(&bin, &format!("{base}/tim-kiem/?{q}"), 1280);
        let (bytes, ms) = query_cost(&log);
        eprintln!("search {q}: {bytes} bytes of index, {ms} ms from first to last index request");
        assert!(
            bytes <= 500_000,
            "{q} downloaded {bytes} bytes of index (budget 500 kB)"
        );
        assert!(bytes > 0, "{q}: the index was not fetched");
        html
    };

    // Only the plan holding the word, with `mark` in its snippet.
    let finds_only_that_plan = |query: &str, mark: &str| {
        let html = search(query);
        let items = result_items(&html);
        assert_eq!(items.len(), 1, "{query}: one result:\n{}", items.join("\n"));
        assert!(
            items[0].contains("/ke-hoach/ke-hoach-04242/"),
            "{query}: {}",
            items[0]
        );
        assert!(items[0].contains(mark), "{query}: {mark} in {}", items[0]);
        html
    };
    // A word in the body of one plan, typed without diacritics (ỳ, ê, đ, ệ).
    let html = finds_only_that_plan("q=quynhxuyendiep", "<mark>Quỳnhxuyênđiệp</mark>");
    assert!(html.contains("1 kết quả"), "count shown");
    // The same word half typed: the typed part marked at the word's start.
    finds_only_that_plan("q=quynhxuy", "<mark>Quỳnhxuy</mark>ênđiệp");

    // A short prefix of common words ("quán", "quốc", "quy"…): results, within the budget
    // (asserted by `search`), marked at word starts only.
    let html = search("q=qu");
    let items = result_items(&html);
    assert_eq!(items.len(), 20, "first page of 20");
    let lower = html.to_lowercase();
    assert!(lower.contains("<mark>qu</mark>"), "prefix marked");
    for (at, _) in html.match_indices("<mark>") {
        let before = html[..at].chars().next_back().unwrap_or(' ');
        assert!(
            !before.is_alphanumeric(),
            "mark inside a word: {}",
            html[at..].chars().take(60).collect::<String>()
        );
    }
    let status = html
        .split("id=\"search-status\"")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap_or("");
    eprintln!("status for qu: {status}");
    // Two words, the last unfinished: the phrase comes first.
    let html = search("q=an+nin");
    let items = result_items(&html);
    assert_eq!(items.len(), 20, "first page of 20");
    assert!(
        items[0].to_lowercase().contains("<mark>an nin</mark>h"),
        "phrase with the unfinished word first: {}",
        items[0]
    );

    // A symbol typed with spaces: the directive's own page comes first (title match).
    let html = search("q=44+kl+tw");
    let items = result_items(&html);
    assert!(!items.is_empty(), "44 kl tw finds something");
    assert!(
        items[0].contains("44-KL/TW") && items[0].contains("/van-ban/"),
        "directive first: {}",
        items[0]
    );
    assert!(
        items.iter().skip(1).any(|i| i.contains("/ke-hoach/")),
        "and the plans citing it: {items:?}"
    );

    // A common phrase without diacritics: counted, paged 20 at a time, whole words marked.
    let html = search("q=an+ninh+to+quoc");
    let items = result_items(&html);
    assert_eq!(items.len(), 20, "first page of 20");
    assert!(html.contains("trang 1/"), "page count shown");
    let lower = html.to_lowercase();
    assert!(
        lower.contains("<mark>an ninh tổ quốc</mark>"),
        "phrase highlighted"
    );
    assert!(
        !lower.contains("<mark>to</mark>àn"),
        "no highlight inside words"
    );

    // The year filter keeps only that year; the second page differs from the first.
    let html = search("q=an+ninh&nam=2020&trang=2");
    let items = result_items(&html);
    assert!(!items.is_empty(), "page 2 of 2020");
    assert!(
        items
            .iter()
            .all(|i| i.contains("/2020</p>") || i.contains("/2020 ")),
        "only 2020: {}",
        items.iter().find(|i| !i.contains("2020")).unwrap_or(&"")
    );
    assert!(html.contains("trang 2/"), "second page");
}
