//! The built example site in a real headless Chromium: search works without diacritics, the
//! print control appears, pages fit a phone. Skipped (with a note) when Chromium is absent,
//! unless BANGTIN_REQUIRE_BROWSER is set (CI sets it).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
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
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let path = line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let mut rel = path.trim_start_matches('/').to_string();
                if rel.is_empty() || rel.ends_with('/') {
                    rel.push_str("index.html");
                }
                let file = dir.join(&rel);
                let (status, body) = match (rel.contains(".."), std::fs::read(&file)) {
                    (false, Ok(b)) => ("200 OK", b),
                    _ => ("404 Not Found", b"not found".to_vec()),
                };
                let ctype = match file.extension().and_then(|e| e.to_str()) {
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
            });
        }
    });
    format!("http://{addr}")
}

fn chromium_args(bin: &Path) -> Command {
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
fn dom(bin: &Path, url: &str, width: u32) -> String {
    let out = chromium_args(bin)
        .arg(format!("--window-size={width},900"))
        .arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn built_example() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tmp");
    let mut opts =
        bangtin::build::BuildOptions::new(root, jiff::civil::Date::new(2025, 6, 1).expect("date"));
    let public = out.path().join("public");
    opts.output = Some(public.clone());
    let r = bangtin::build::build(&opts);
    assert!(!r.has_errors(), "{}", common::errors(&r));
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
