//! The weight of a built site, as the table of issue 11 reports it: the whole site, the largest
//! directive, month, day and year pages, the calendar feeds, the search index, open data, the
//! sitemap, the largest files; with build time and peak memory when it builds the site itself.
//!
//!     cargo run --release --example site_weight -- 10000        # generate 10,000 plans
//!                                                              # (benches/synth.rs), build, weigh
//!     cargo run --release --example site_weight -- 10000 DIR    # the same, the site kept in DIR
//!     cargo run --release --example site_weight -- public/      # weigh an output folder
//!
//! A generated site lives in a temporary folder under /tmp (about 60 kB of output per plan with
//! today's code) and is deleted at the end unless DIR is given.

#[path = "../benches/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::time::Instant;

/// "4.75 MB", "812 kB", "950 B" (decimal units, as the table).
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.2} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.2} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}

/// Every file of the output: (path relative to it, `/`-separated; size).
fn walk(out: &Path) -> Vec<(String, u64)> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(out).sort_by_file_name() {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                eprintln!("{}: {err}", out.display());
                continue;
            }
        };
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            files.push((rel, len));
        }
    }
    files
}

/// The URL of an output path: `lich/2025/01/index.html` → `/lich/2025/01/`.
fn url(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// What a calendar page is: year (`lich/2025/`), month (`lich/2025/01/`, and its pages) or
/// day (`lich/2025/01/15/`, and its pages).
fn calendar_kind(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').collect();
    if parts.first() != Some(&"lich") || !path.ends_with(".html") {
        return None;
    }
    let digits = parts[1..].iter().take_while(|p| is_number(p)).count();
    match digits {
        1 => Some("year"),
        2 => Some("month"),
        3 => Some("day"),
        _ => None,
    }
}

fn largest<'a>(files: impl Iterator<Item = &'a (String, u64)>) -> Option<&'a (String, u64)> {
    files.max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
}

fn row(what: &str, value: String) {
    println!("| {what} | {value} |");
}

fn show(f: Option<&(String, u64)>) -> String {
    f.map_or_else(|| "—".into(), |(p, s)| format!("`{}` {}", url(p), size(*s)))
}

fn report(out: &Path, n: Option<usize>) {
    let files = walk(out);
    let total: u64 = files.iter().map(|f| f.1).sum();
    let html = |f: &&(String, u64)| f.0.ends_with(".html");
    println!(
        "| output | {} |",
        n.map_or_else(|| out.display().to_string(), |n| format!("{n} plans"))
    );
    println!("|---|---|");
    row(
        "whole site",
        format!("{}, {} files", size(total), files.len()),
    );
    let van_ban: Vec<_> = files
        .iter()
        .filter(|f| f.0.starts_with("van-ban/") && html(f))
        .collect();
    row(
        "largest `/van-ban/*` page",
        format!(
            "{} ({} pages under /van-ban/)",
            show(largest(van_ban.iter().copied())),
            van_ban.len()
        ),
    );
    for kind in ["month", "day", "year"] {
        let pages: Vec<_> = files
            .iter()
            .filter(|f| calendar_kind(&f.0) == Some(kind))
            .collect();
        row(
            &format!("largest {kind} page `/lich/…`"),
            format!(
                "{} ({} {kind} pages)",
                show(largest(pages.iter().copied())),
                pages.len()
            ),
        );
    }
    let lich = files.iter().find(|f| f.0 == "lich.ics");
    row("`/lich.ics`", lich.map_or("—".into(), |f| size(f.1)));
    let other_ics: Vec<_> = files
        .iter()
        .filter(|f| f.0.ends_with(".ics") && f.0 != "lich.ics")
        .collect();
    if !other_ics.is_empty() {
        row(
            "other `.ics` feeds",
            format!(
                "{} files, largest {}",
                other_ics.len(),
                show(largest(other_ics.iter().copied()))
            ),
        );
    }
    let search: Vec<_> = files
        .iter()
        .filter(|f| (f.0.starts_with("tim-kiem/") && !html(f)) || f.0.starts_with("pagefind/"))
        .collect();
    row(
        "search index files",
        format!(
            "{} in {} files, largest {}",
            size(search.iter().map(|f| f.1).sum()),
            search.len(),
            show(largest(search.iter().copied()))
        ),
    );
    let mut api: Vec<_> = files.iter().filter(|f| f.0.starts_with("api/")).collect();
    api.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    row(
        "`/api/*` files",
        format!(
            "{} files, {}; largest: {}",
            api.len(),
            size(api.iter().map(|f| f.1).sum()),
            api.iter()
                .take(4)
                .map(|&f| show(Some(f)))
                .collect::<Vec<_>>()
                .join(" · ")
        ),
    );
    let sitemaps: Vec<String> = files
        .iter()
        .filter(|f| {
            let name = f.0.rsplit('/').next().unwrap_or(&f.0);
            name.starts_with("sitemap") && name.ends_with(".xml")
        })
        .map(|f| {
            let urls = std::fs::read_to_string(out.join(&f.0))
                .map(|t| t.matches("<loc>").count())
                .unwrap_or(0);
            format!("`{}` {urls} URLs ({})", url(&f.0), size(f.1))
        })
        .collect();
    row(
        "sitemap files",
        if sitemaps.is_empty() {
            "—".into()
        } else {
            sitemaps.join(" · ")
        },
    );
    if let Some(rss) = files.iter().find(|f| f.0 == "rss.xml") {
        row("`/rss.xml`", size(rss.1));
    }
    row(
        "largest HTML file",
        show(largest(files.iter().filter(|f| html(f)))),
    );
    row("largest file", show(largest(files.iter())));
    let over_100k = files.iter().filter(|f| html(f) && f.1 > 100_000).count();
    let over_2m = files.iter().filter(|f| !html(f) && f.1 > 2_000_000).count();
    row(
        "over budget",
        format!("{over_100k} HTML files > 100 kB, {over_2m} other files > 2 MB"),
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next().unwrap_or_else(|| "10000".into());
    let Ok(n) = first.parse::<usize>() else {
        report(Path::new(&first), None);
        return;
    };
    let (_tmp, root): (Option<tempfile::TempDir>, PathBuf) = match args.next() {
        Some(dir) => {
            std::fs::create_dir_all(&dir).expect("create the site folder");
            (None, PathBuf::from(dir))
        }
        None => {
            let tmp = tempfile::Builder::new()
                .prefix("synth-site-weight-")
                .tempdir()
                .expect("temp dir");
            let root = tmp.path().to_path_buf();
            (Some(tmp), root)
        }
    };
    let t = Instant::now();
    synth::write_site(&root, n).expect("write the site");
    eprintln!(
        "{n} plans written to {} in {:.1} s",
        root.display(),
        t.elapsed().as_secs_f64()
    );
    let today = jiff::civil::date(2025, 6, 15);
    let mut opts = bangtin::build::BuildOptions::new(&root, today);
    opts.output = Some(root.join("public"));
    opts.force = true;
    let t = Instant::now();
    let built = bangtin::build::build(&opts);
    let secs = t.elapsed().as_secs_f64();
    if built.has_errors() {
        for d in built.diagnostics.iter().filter(|d| d.is_error()).take(10) {
            eprintln!("{d}");
        }
        std::process::exit(1);
    }
    report(&root.join("public"), Some(n));
    row("build wall time", format!("{secs:.1} s"));
    if let Some(mb) = bangtin::progress::peak_memory_mb() {
        row("peak RSS (whole process)", format!("{mb:.0} MB"));
    }
    let warnings = built
        .diagnostics
        .iter()
        .filter(|d| bangtin::render::budget::is_budget_warning(d))
        .count();
    row("budget warnings", warnings.to_string());
    println!(
        "\n{} pages, {} directives, {} events",
        built.pages, built.directives, built.events
    );
}
