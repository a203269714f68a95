//! Benchmark of `serve`'s incremental rebuild (SPEC §10: under 100 ms after editing one page).
//!
//!     cargo run --release --example serve_bench [-- N]
//!
//! Generates N synthetic plans (default 10,000; about 1,000 words and 10 directive citations
//! each, numbers varied) in a temp dir, times a full build to disk, loads the site into the
//! incremental state, then edits one plan 20 times and reports the median time from "file
//! saved" to "updated output in memory" (reading the file, graph, affected jobs, feeds).

use bangtin::build::{self, BuildOptions};
use bangtin::serve::incremental::Incremental;
use bangtin::serve::watch::Change;
use std::path::Path;
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "tổ", "chức", "triển", "khai", "thực", "hiện", "phong", "trào", "toàn", "dân", "bảo", "vệ",
    "an", "ninh", "Tổ", "quốc", "trên", "địa", "bàn", "tỉnh", "nâng", "cao", "hiệu", "quả", "công",
    "tác", "phòng", "ngừa", "đấu", "tranh", "tội", "phạm", "xây", "dựng", "mô", "hình", "tự",
    "quản", "cơ", "sở", "tuyên", "truyền", "pháp", "luật", "cán", "bộ", "nhân", "các", "cấp", "ủy",
    "đảng", "chính", "quyền", "đoàn", "thể", "phối", "hợp", "chặt", "chẽ", "với",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn citation(r: &mut Rng) -> String {
    match r.next(3) {
        0 => format!(
            "Kết luận số {}-KL/TW ngày {}/{:02}/{} của Ban Bí thư",
            10 + r.next(90),
            1 + r.next(28),
            1 + r.next(12),
            2010 + r.next(15)
        ),
        1 => format!("Chỉ thị số {:02}-CT/TW", 1 + r.next(60)),
        _ => format!(
            "Kế hoạch số {}/KH-UBND ngày {}/{}/{}",
            1 + r.next(300),
            1 + r.next(28),
            1 + r.next(12),
            2015 + r.next(10)
        ),
    }
}

fn plan(i: usize, r: &mut Rng, edit: usize) -> String {
    let year = 2015 + i % 10;
    let mut body = String::with_capacity(8000);
    for para in 0..10 {
        body.push_str(&format!("## Mục {}\n\n", para + 1));
        for w in 0..100 {
            body.push_str(WORDS[r.next(WORDS.len())]);
            body.push(if w % 17 == 16 { '.' } else { ' ' });
        }
        body.push_str(&format!(" Thực hiện {}.\n\n", citation(r)));
    }
    if edit > 0 {
        body.push_str(&format!("Sửa lần {edit}.\n"));
    }
    format!(
        "---\ntitle: \"Kế hoạch số {i} về phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}\"\nnumber: \"{i}/KH-UBND\"\nissuer: \"UBND huyện {}\"\ndate: {}/{}/{year}\ntags: [\"an ninh trật tự\", \"chủ đề {}\"]\nsummary: \"Kế hoạch số {i}.\"\n---\n\n{body}",
        1 + i % 12,
        1 + i % 28,
        1 + i % 12,
        i % 20,
    )
}

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
    std::fs::write(
        root.join("bangtin.yaml"),
        "title: \"Bench\"\nbase_url: \"https://bench.gov.vn/\"\n",
    )
    .expect("config");
    let plans = root.join("content/ke-hoach");
    std::fs::create_dir_all(&plans).expect("content dir");
    let mut rng = Rng(42);
    for i in 0..n {
        std::fs::write(plans.join(format!("kh-{i:05}.md")), plan(i, &mut rng, 0)).expect("write");
    }
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
        let rel = format!("content/ke-hoach/kh-{i:05}.md");
        let mut r = Rng(i as u64);
        std::fs::write(root.join(&rel), plan(i, &mut r, edit)).expect("edit");
        let t = Instant::now();
        let out = state.apply(&[Change::Content(Path::new(&rel).to_path_buf())]);
        times.push(t.elapsed());
        assert!(!out.has_errors(), "{:?}", out.diagnostics);
        rendered.push(out.rendered);
        let page = format!("ke-hoach/kh-{i:05}/index.html");
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
                if matches!(&job, bangtin::render::Job::List(l) if l.path == "/ke-hoach/") {
                    let t = Instant::now();
                    let sink = bangtin::output::MemSink::new(true);
                    let _ = bangtin::render::render_job(site, &theme, &job, &sink);
                    println!(
                        "  of which the /ke-hoach/ list ({} pages): {:.1} ms",
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
