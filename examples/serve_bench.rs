//! Benchmark of `serve`'s incremental rebuild (SPEC §10: under 100 ms after editing one page).
//!
//!     cargo run --release --example serve_bench [-- N [all|text|title|tag|date|signer|recipient|cite|basis|number|issuer|deadline] [check]]
//!
//! Generates N synthetic plans (benches/synth.rs; default 10,000) in a temp dir, times a full
//! build to disk, loads the site into the incremental state, then edits plans 20 times eleven
//! ways (a sentence added; a title changed; a tag added; the date moved a day; the signer
//! renamed; a recipient added on a line of its own; a sentence citing a directive no plan
//! cited before; a directive thousands of plans cite added to the `basis`; the plan's number
//! changed; another issuer; a deadline in the text; name one to time that way only) and
//! reports,
//! phase by phase, the median time from "file saved" to "pages updated in memory" (when
//! `serve` tells open tabs to reload), then, over the first 3 edits, to "feeds updated too"
//! (at 50,000 plans that takes seconds an edit). With `check`, after each way's edits every
//! file `serve` would send is compared with a fresh build's.

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

/// `text` with the plan's `date:` a day later.
fn next_day(text: &str) -> String {
    let at = text.find("\ndate: ").expect("plan has a date") + 7;
    let end = at + text[at..].find('\n').expect("date line ends");
    let date: jiff::civil::Date = text[at..end].parse().expect("plan date");
    let next = date.tomorrow().expect("a day later");
    format!("{}{next}{}", &text[..at], &text[end..])
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let only = std::env::args().nth(2).filter(|a| a != "all");
    // `check` after the way: compare every file with a fresh build after the edits.
    let check = std::env::args().nth(3).is_some_and(|a| a == "check");
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
    let mut state = Incremental::new(opts.clone());
    println!(
        "serve: first build into memory: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    assert!(!state.last().has_errors(), "{:?}", state.last().diagnostics);

    // Text edits (the commonest: a sentence added) take the fast way; so does a title
    // (`Outcome::retitled`) unless it changes how a directive is described. Pages are ready
    // when `apply` returns and the tabs reload; the feeds follow (`settle`).
    for (way, what) in [
        ("text", "edit the text of one plan"),
        ("title", "retitle one plan"),
        ("tag", "add a tag to one plan"),
        ("date", "move the date of one plan a day on"),
        ("signer", "change the signer of one plan"),
        (
            "recipient",
            "add a recipient to one plan, on a line of its own",
        ),
        ("cite", "cite one more directive in the text of one plan"),
        (
            "basis",
            "add a directive thousands of plans cite to the basis of one plan",
        ),
        ("number", "change the number of one plan"),
        ("issuer", "give one plan another issuer the site knows"),
        ("deadline", "add a deadline to the text of one plan"),
    ] {
        if only.as_deref().is_some_and(|o| o != way) {
            continue;
        }
        let text_only = way == "text";
        let mut times = Vec::new();
        let mut settled = Vec::new();
        let mut rendered = Vec::new();
        let mut compared = Vec::new();
        let mut in_place = 0;
        let mut phases: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
        for edit in 1..=20 {
            let i = (edit * 7919 + usize::from(!text_only)) % n;
            let rel = format!("content/ke-hoach/ke-hoach-{i:05}.md");
            let mut text = synth::plan(i);
            match way {
                "text" => text.push_str(&format!("\nSửa lần {edit}.\n")),
                "title" => {
                    text = text.replacen("title: \"", &format!("title: \"Sửa lần {edit}: "), 1)
                }
                "tag" => {
                    text = text.replacen("tags: [", &format!("tags: [\"sửa lần {edit}\", "), 1);
                    text.push_str(&format!("\nSửa lần {edit}.\n"));
                }
                "signer" => {
                    text = text.replacen("signer: { name: \"", &format!("signer: {{ name: \"Sửa {edit} "), 1);
                    text.push_str(&format!("\nSửa lần {edit}.\n"));
                }
                "recipient" => {
                    text = text.replacen(
                        "recipients:\n",
                        &format!("recipients:\n  - \"Nơi nhận thêm {edit};\"\n"),
                        1,
                    );
                    text.push_str(&format!("\nSửa lần {edit}.\n"));
                }
                "basis" => {
                    text = text.replacen(
                        "basis:\n",
                        "basis:\n  - \"Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư\"\n",
                        1,
                    );
                    text.push_str(&format!("\nSửa lần {edit}.\n"));
                }
                "issuer" => {
                    let at = text.find("\nissuer: \"").expect("plan has an issuer") + 10;
                    let end = at + text[at..].find('"').expect("issuer ends");
                    let other = if &text[at..end] == "Cục Thuế tỉnh Sông Lam" {
                        "Kho bạc Nhà nước Sông Lam"
                    } else {
                        "Cục Thuế tỉnh Sông Lam"
                    };
                    text.replace_range(at..end, other);
                    text.push_str(&format!("\nSửa lần {edit}.\n"));
                }
                "number" => {
                    text = text.replacen("number: \"", &format!("number: \"{edit}"), 1);
                    text.push_str(&format!("\nSửa lần {edit}.\n"));
                }
                "deadline" => text.push_str(&format!(
                    "\nSửa lần {edit}: các phòng báo cáo kết quả trước ngày {}/10/2025.\n",
                    edit
                )),
                "cite" => text.push_str(&format!(
                    "\nSửa lần {edit}: thực hiện Kế hoạch số {}/KH-UBND ngày 02/01/2024 của Ủy ban nhân dân tỉnh.\n",
                    900 + edit
                )),
                _ => {
                    text = next_day(&text);
                    text.push_str(&format!("\nSửa lần {edit}.\n"));
                }
            }
            std::fs::write(root.join(&rel), &text).expect("edit");
            let t = Instant::now();
            let out = state.apply(&[Change::Content(Path::new(&rel).to_path_buf())]);
            times.push(t.elapsed());
            assert!(!out.has_errors(), "{:?}", out.diagnostics);
            if way == "text" || way == "title" {
                assert_eq!(out.text_only, text_only, "{what}");
            }
            rendered.push(out.rendered);
            compared.push(out.compared);
            in_place += usize::from(out.text_only || out.retitled || out.recited);
            for (name, d) in &out.phases {
                phases.entry(name).or_default().push(*d);
            }
            let page = format!("ke-hoach/ke-hoach-{i:05}/index.html");
            let html = String::from_utf8_lossy(&state.files()[&page]).into_owned();
            assert!(
                html.contains(&format!("Sửa lần {edit}")),
                "edit {edit} not in output"
            );
            if edit <= 3 {
                let feeds = state.settle();
                settled.push(t.elapsed());
                assert!(feeds.is_empty(), "{feeds:?}");
            }
        }
        let med = |mut v: Vec<usize>| {
            v.sort();
            v[v.len() / 2]
        };
        println!(
            "serve: {what} ({} jobs re-rendered, {} views compared, medians; {in_place} of 20 \
             patched in place):",
            med(rendered),
            med(compared),
        );
        for (name, v) in phases {
            println!("  {name}: {:.1} ms", median(v).as_secs_f64() * 1000.0);
        }
        println!(
            "  → pages updated, tabs reloaded: median {:.1} ms, max {:.1} ms over 20 edits",
            median(times.clone()).as_secs_f64() * 1000.0,
            times
                .iter()
                .max()
                .copied()
                .unwrap_or_default()
                .as_secs_f64()
                * 1000.0,
        );
        println!(
            "  → feeds and search index updated too: median {:.1} ms (first 3 edits)",
            median(settled).as_secs_f64() * 1000.0
        );
        if check {
            // What serve shows after the 20 edits, against a site loaded afresh.
            state.settle();
            let fresh = Incremental::new(opts.clone());
            let (a, b) = (state.files(), fresh.files());
            let differ: Vec<&String> = a
                .keys()
                .chain(b.keys())
                .filter(|k| a.get(*k) != b.get(*k))
                .take(5)
                .collect();
            assert!(
                differ.is_empty(),
                "{what}: differs from a fresh build: {differ:?}"
            );
            println!("  → after the 20 edits, every file is as a fresh build makes it");
        }
    }
}
