//! Benchmark of `serve`'s incremental rebuild (SPEC §10: under 100 ms after editing one page).
//!
//!     cargo run --release --example serve_bench [-- N]
//!
//! Generates N synthetic plans (benches/synth.rs; default 10,000) in a temp dir, times a full build to disk, loads the site into the
//! incremental state, then edits one plan 20 times and reports the median time from "file
//! saved" to "updated output in memory" (reading the file, graph, affected jobs, feeds).

use bangtin::build::{self, BuildOptions};
use bangtin::serve::incremental::Incremental;
use bangtin::serve::watch::Change;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../benches/synth.rs"]
mod synth;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    synth::write_site(root, n).expect("write site");
    eprintln!("{n} kế hoạch trong {}", root.display());
    let opts = BuildOptions::new(root, jiff::civil::date(2025, 6, 15));

    let t = Instant::now();
    let report = build::build(&opts);
    let full_build = t.elapsed();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    println!(
        "full build to disk: {:.2} s ({} files)",
        full_build.as_secs_f64(),
        report.files
    );

    let t = Instant::now();
    let mut state = Incremental::new(opts);
    println!(
        "serve: first build into memory: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    assert!(!state.last().has_errors(), "{:?}", state.last().diagnostics);

    let mut times = Vec::new();
    let mut rendered = Vec::new();
    for edit in 1..=20 {
        let i = (edit * 7919) % n;
        let rel = format!("content/ke-hoach/ke-hoach-{i:05}.md");
        std::fs::write(
            root.join(&rel),
            format!("{}\nSửa lần {edit}.\n", synth::plan(i)),
        )
        .expect("edit");
        let t = Instant::now();
        let out = state.apply(&[Change::Content(Path::new(&rel).to_path_buf())]);
        times.push(t.elapsed());
        assert!(!out.has_errors(), "{:?}", out.diagnostics);
        rendered.push(out.rendered);
        let page = format!("ke-hoach/ke-hoach-{i:05}/index.html");
        let html = String::from_utf8_lossy(&state.files()[&page]).into_owned();
        assert!(
            html.contains(&format!("Sửa lần {edit}")),
            "edit {edit} not in output"
        );
    }
    // Where the time goes: the feeds (search index, open data) and the longest list.
    if let Some(site) = state.site() {
        let t = Instant::now();
        let sink = bangtin::output::MemSink::new(true);
        let mut diags = bangtin::diag::Diagnostics::new();
        bangtin::render::write_feeds(site, &sink, &mut diags);
        println!(
            "  of which feeds + search index: {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        let t = Instant::now();
        let n_jobs = bangtin::render::jobs(site).len();
        println!(
            "  render::jobs ({n_jobs} jobs), computed once per edit: {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        let mut diags = bangtin::diag::Diagnostics::new();
        if let Some(theme) = bangtin::render::load_theme(site, &mut diags) {
            for job in bangtin::render::jobs(site) {
                if matches!(&job, bangtin::render::Job::List(l, 1) if l.path == "/ke-hoach/") {
                    let t = Instant::now();
                    let sink = bangtin::output::MemSink::new(true);
                    let _ = bangtin::render::render_job(site, &theme, &job, &sink);
                    println!(
                        "  of which the first page of the /ke-hoach/ list ({} file): {:.1} ms",
                        sink.into_files().len(),
                        t.elapsed().as_secs_f64() * 1000.0
                    );
                }
            }
        }
    }
    println!(
        "serve: edit one plan → updated output: median {:.1} ms, max {:.1} ms over 20 edits ({} jobs re-rendered, median)",
        median(times.clone()).as_secs_f64() * 1000.0,
        times.iter().max().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        { rendered.sort(); rendered[rendered.len() / 2] }
    );
}
