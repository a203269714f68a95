//! A tiny site in a temporary folder, built with the library, for integration tests.
#![allow(dead_code)]

use bangtin::build::{self, BuildOptions, Report};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub const CONFIG: &str = "title: \"Trang thử\"\nbase_url: \"https://thu.gov.vn/\"\nminify: false\n";

pub struct TestSite {
    pub dir: tempfile::TempDir,
    pub today: Date,
}

impl TestSite {
    pub fn new() -> Self {
        Self::with_config(CONFIG)
    }

    pub fn with_config(config: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TestSite {
            dir,
            today: Date::new(2025, 6, 1).expect("date"),
        };
        site.file("bangtin.yaml", config);
        std::fs::create_dir_all(site.root().join("content")).expect("content dir");
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str, text: &str) -> &Self {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
        self
    }

    pub fn opts(&self) -> BuildOptions {
        BuildOptions::new(self.root(), self.today)
    }

    pub fn build(&self) -> Report {
        build::build(&self.opts())
    }

    /// Builds and fails the test on any error, printing them.
    pub fn build_ok(&self) -> Report {
        let r = self.build();
        assert!(!r.has_errors(), "build failed:\n{}", errors(&r));
        r
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

/// Runs the real `bangtin` binary in `dir`, with "today" fixed at 2025-06-01.
pub fn bangtin(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_bangtin"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1748736000") // 2025-06-01, for reproducible dates
        .output()
        .expect("run bangtin")
}

/// A site made by `bangtin init` in `tmp`, built by the real binary (failing the test on any
/// error); returns its folder (the output is its `public/`).
pub fn init_site_built(tmp: &Path) -> PathBuf {
    let out = bangtin(&["init", "moi"], tmp);
    assert!(out.status.success(), "{out:?}");
    let site = tmp.join("moi");
    let out = bangtin(&["build"], &site);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}

pub fn errors(r: &Report) -> String {
    r.diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file under a folder with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("rel")
                .to_string_lossy()
                .into_owned();
            out.push((rel, std::fs::read(e.path()).expect("read")));
        }
    }
    out
}

/// Every entry of a kind's open data (`ke-hoach`, `su-kien` …): the items of every file its
/// index `/api/<kind>.json` lists.
pub fn open_data(s: &TestSite, kind: &str) -> Vec<serde_json::Value> {
    let index: serde_json::Value =
        serde_json::from_str(&s.read(&format!("api/{kind}.json"))).expect("index is JSON");
    let mut out = Vec::new();
    for entry in index.as_array().expect("index is a list") {
        for url in entry["files"].as_array().expect("files") {
            let url = url.as_str().expect("URL");
            let rel = &url[url.find("/api/").expect("under /api/") + 1..];
            let file: serde_json::Value = serde_json::from_str(&s.read(rel)).expect("JSON");
            out.extend(file["items"].as_array().expect("items").iter().cloned());
        }
    }
    out
}

/// Every entry of the directives' index, `/api/van-ban.json` and the pages after it (`next`),
/// each page checked to be an object with `count`, `page` and `pages`.
pub fn directive_index(s: &TestSite) -> Vec<serde_json::Value> {
    let mut rel = "api/van-ban.json".to_string();
    let mut out = Vec::new();
    for n in 1.. {
        let page: serde_json::Value = serde_json::from_str(&s.read(&rel)).expect("JSON");
        assert_eq!(page["page"], n, "{rel}");
        assert!(page["count"].is_u64() && page["pages"].is_u64(), "{rel}");
        out.extend(
            page["directives"]
                .as_array()
                .expect("directives")
                .iter()
                .cloned(),
        );
        let Some(url) = page["next"].as_str() else {
            assert_eq!(page["pages"], n, "{rel}: the last page");
            break;
        };
        rel = url[url.find("/api/").expect("under /api/") + 1..].to_string();
    }
    out
}

/// `../shared/corpus`, the real plans and their hand-checked ground truth. Absent on a
/// machine without it, the corpus tests are skipped with a note; under CI (`CI=true`), where
/// it is always there, its absence fails the test instead of passing it silently.
pub fn corpus_dir() -> Option<PathBuf> {
    // `BANGTIN_CORPUS_DIR` points at the corpus from a checkout that is not beside `shared/`
    // (a git worktree elsewhere).
    let dir = match std::env::var_os("BANGTIN_CORPUS_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    if dir.join("references.yaml").is_file() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{} not found: under CI the corpus must be there (CI=true)",
        dir.display()
    );
    eprintln!("note: {} not found; corpus test skipped", dir.display());
    None
}

/// Copies the folder `from` into `to`, sub-folders and all.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("under");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}
