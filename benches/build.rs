//! Cold build of a synthetic site (SPEC §10): wall time, peak memory, and the share spent
//! extracting references. `cargo bench --bench build` (10,000 plans);
//! `BANGTIN_BENCH_PLANS=50000 cargo bench --bench build` for the linearity check;
//! `BANGTIN_BENCH_RUNS=1` for a single build.
//!
//! The plans are shaped like a province's archive (`synth.rs`, issue 11): ~1,150 words, 10
//! directives each with central ones cited by nearly every plan, ~7 deadlines each. The weight
//! of what the build writes is `examples/site_weight.rs`'s business.

mod synth;

use std::time::Instant;

fn main() {
    let n: usize = std::env::var("BANGTIN_BENCH_PLANS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = std::env::var("BANGTIN_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let tmp = tempfile::tempdir().expect("temp dir");
    synth::write_site(tmp.path(), n).expect("write site");
    let words: usize = synth::plan(0).split_whitespace().count();
    println!("site: {n} plans, ~{words} words each");

    // Extraction alone, over the same text, single-threaded.
    let texts: Vec<String> = (0..n.min(2000)).map(synth::plan).collect();
    let t = Instant::now();
    let mut found = 0;
    for text in &texts {
        bangtin::markdown::for_each_run(text, |_, run| {
            found += bangtin::analysis::references::find_citations(run).len()
        });
    }
    let per_page = t.elapsed().as_secs_f64() / texts.len() as f64;
    println!(
        "extraction: {:.1} µs per page, {:.1} citations per page",
        per_page * 1e6,
        found as f64 / texts.len() as f64
    );

    let today = jiff::civil::Date::new(2025, 6, 1).expect("date");
    let mut times = Vec::new();
    for run in 0..runs {
        let mut opts = bangtin::build::BuildOptions::new(tmp.path(), today);
        opts.output = Some(tmp.path().join("public"));
        let t = Instant::now();
        let report = bangtin::build::build(&opts);
        let secs = t.elapsed().as_secs_f64();
        assert!(!report.has_errors(), "{:?}", report.diagnostics.first());
        println!("run {}: {:.2} s, {} files", run + 1, secs, report.files);
        times.push(secs);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "cold build median: {median:.2} s for {n} plans ({:.0} plans/s)",
        n as f64 / median
    );
    // Extraction runs in parallel on every core during the build.
    println!(
        "extraction share: {:.1}% of build time ({cores} cores)",
        per_page * n as f64 / cores as f64 / median * 100.0
    );
    if let Some(mb) = bangtin::progress::peak_memory_mb() {
        println!("peak memory (whole process, including the generator): {mb:.0} MB");
    }
}
