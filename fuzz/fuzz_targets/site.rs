//! A whole site of any bytes: the input is split at NUL bytes into `bangtin.yaml` (empty: a
//! minimal config) and up to four pages in different sections, written to a temporary site
//! and rendered into memory as `build` would. Nothing panics or overflows the stack, and
//! every error names a file of the site and, for a page, a line inside it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const PAGES: &[&str] = &[
    "content/ke-hoach/a.md",
    "content/su-kien/b.md",
    "content/van-ban/c.md",
    "content/khen-thuong/d.md",
];
const CONFIG: &str = "title: \"T\"\nbase_url: \"https://a.gov.vn/\"\n";

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(PAGES.len() + 1, |b| *b == 0);
    let config = parts.next().unwrap_or_default();
    let Ok(dir) = tempfile::tempdir() else { return };
    let root = dir.path();
    let config: &[u8] = if config.is_empty() {
        CONFIG.as_bytes()
    } else {
        config
    };
    let mut files = vec![("bangtin.yaml", config)];
    files.extend(PAGES.iter().copied().zip(parts));
    for (rel, bytes) in &files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
    }
    std::fs::create_dir_all(root.join("content")).expect("content");
    let today = jiff::civil::Date::constant(2025, 6, 1);
    let (report, _) =
        bangtin::build::render_to_memory(&bangtin::build::BuildOptions::new(root, today));
    for d in report.diagnostics.iter().filter(|d| d.is_error()) {
        let Some((rel, bytes)) = files.iter().find(|(rel, _)| Path::new(rel) == d.path) else {
            // Errors about what the site would write (two pages claim one URL) name the
            // output path; anything else must name one of the files written above.
            assert!(
                d.message.contains("được tạo hai lần"),
                "error names no file of the site: {d}"
            );
            continue;
        };
        if rel.starts_with("content/") {
            // Lines as bangtin (and an editor) counts them: `\r\n`, a lone `\r` and `\n` each
            // end one.
            let lines = bytes
                .iter()
                .enumerate()
                .filter(|&(i, b)| *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .count()
                + 1;
            let line = d
                .line
                .unwrap_or_else(|| panic!("page error without a line: {d}"));
            assert!(
                (1..=lines).contains(&line),
                "line past the end ({lines}): {d}"
            );
        }
    }
});
