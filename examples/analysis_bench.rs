//! Time of the text analysis of a page (`analysis::page::analyse`: citations, names and
//! deadlines of every text run) over the 1,000-plan synthetic site, and of the citator alone
//! over ~1,000-word pages cut from the real corpus.
//!
//!     cargo run --release --example analysis_bench -- SITE_ROOT [CORPUS_DIR]
//!
//! SITE_ROOT is a site such as `/work/baseline/synth1000`; CORPUS_DIR defaults to
//! `../shared/corpus`. Prints microseconds per page (best of five rounds).

use bangtin::analysis::names::NameMatcher;
use bangtin::analysis::page::analyse;
use bangtin::analysis::references::find_citations;
use bangtin::content::{self, LoadOptions};
use bangtin::diag::Diagnostics;
use std::path::Path;
use std::time::Instant;

/// Best of five rounds of `f`, in microseconds per item.
fn best_per_item(items: usize, mut f: impl FnMut() -> usize) -> f64 {
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..5 {
        let start = Instant::now();
        found += std::hint::black_box(f());
        best = best.min(start.elapsed().as_secs_f64() * 1e6 / items as f64);
    }
    std::hint::black_box(found);
    best
}

fn corpus_pages(dir: &Path) -> Vec<String> {
    let mut all = String::new();
    for name in [
        "so-khcn-quang-ngai-2024.txt",
        "thanh-tra-dong-thap-2024.txt",
        "ubnd-quang-ngai-2019-kl44.txt",
    ] {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(t) => all.push_str(&bangtin::text::nfc(&t)),
            Err(e) => eprintln!("{}: {e}", dir.join(name).display()),
        }
    }
    let mut pages = Vec::new();
    let mut page = String::new();
    for line in all.lines() {
        page.push_str(line);
        page.push('\n');
        if page.split_whitespace().count() >= 1000 {
            pages.push(std::mem::take(&mut page));
        }
    }
    pages
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: analysis_bench SITE_ROOT [CORPUS_DIR]");
        std::process::exit(2);
    };
    let corpus = args
        .next()
        .unwrap_or_else(|| "../shared/corpus".to_string());
    let mut diags = Diagnostics::new();
    let opts = LoadOptions {
        drafts: false,
        today: jiff::civil::date(2026, 11, 1),
    };
    let site = content::load(Path::new(&root), opts, &mut diags);
    // Read once here: the figure is the analysis's, not the disk's.
    let bodies: Vec<String> = site
        .pages
        .iter()
        .map(|p| p.read_body().expect("the page's body"))
        .collect();
    let words: usize = bodies.iter().map(|b| b.split_whitespace().count()).sum();
    let names = NameMatcher::new(
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == content::Kind::Model)
            .map(|(i, p)| (p.title.clone(), i)),
    );
    let n = site.pages.len().max(1);
    let per_page = best_per_item(n, || {
        site.pages
            .iter()
            .zip(&bodies)
            .map(|(p, b)| analyse(p, b, &names).citations.len())
            .sum()
    });
    println!(
        "analyse: {} pages, {:.0} words per page: {per_page:.1} µs per page",
        site.pages.len(),
        words as f64 / n as f64
    );
    let pages = corpus_pages(Path::new(&corpus));
    if !pages.is_empty() {
        let per_page = best_per_item(pages.len() * 200, || {
            (0..200)
                .map(|_| pages.iter().map(|p| find_citations(p).len()).sum::<usize>())
                .sum()
        });
        println!(
            "find_citations: {} corpus pages of ~1,000 words: {per_page:.1} µs per page",
            pages.len()
        );
    }
}
