//! A province's whole archive (issue 11): every file bangtin generates stays within the weight
//! budget (`render::budget`) however many plans cite one directive or set one month's deadlines.

use crate::synth;

use bangtin::build::{self, BuildOptions, Report};
use bangtin::diag::Diagnostic;
use bangtin::render::budget::{human_size, weight_of, Budget, Weight};
use std::path::Path;

/// Every file of a built site: (path relative to the output, size).
fn files(out: &Path) -> Vec<(String, u64)> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(out).sort_by_file_name() {
        let e = e.expect("walk the output");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(out)
                .expect("inside the output")
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, e.metadata().expect("size").len()));
        }
    }
    files
}

/// What `budget` allows a file at `path`; `None` for media, which it does not weigh.
fn limit(budget: &Budget, path: &str) -> Option<usize> {
    match weight_of(path) {
        Weight::Html => Some(budget.html),
        Weight::Data => Some(budget.data),
        Weight::Media => None,
    }
}

/// The warnings the budget gave.
fn budget_warnings(r: &Report) -> Vec<&Diagnostic> {
    r.diagnostics
        .iter()
        .filter(|d| bangtin::render::budget::is_budget_warning(d))
        .collect()
}

fn build_into(root: &Path, budget: Budget) -> Report {
    let mut opts = BuildOptions::new(root, jiff::civil::date(2025, 6, 15));
    opts.output = Some(root.join("public"));
    opts.budget = budget;
    let r = build::build(&opts);
    assert!(
        !r.has_errors(),
        "build failed: {:?}",
        r.diagnostics.iter().find(|d| d.is_error())
    );
    r
}

/// The body of a generated plan, without its front matter.
fn body(text: &str) -> &str {
    text.splitn(3, "---\n").nth(2).unwrap_or(text)
}

#[test]
fn a_directive_cited_by_5000_plans_and_a_month_of_3000_deadlines_stay_within_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // Short plans, all of 2025: 09-CT/TW is cited by every one; June collects the "15/6" and
    // "10/6" reports of most of them.
    let shape = synth::Shape {
        plans: 5_000,
        words: 0,
        first_year: 2025,
        last_year: 2025,
        citations: 4,
        deadlines: 7,
        minify: false,
    };
    synth::write_site_with(root, &shape).expect("write the site");

    // The premise, counted with bangtin's own extractors on what was written.
    let (mut citing, mut june) = (0, 0);
    for entry in std::fs::read_dir(root.join("content/ke-hoach")).expect("plans") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("plan");
        let mut cites = false;
        bangtin::markdown::for_each_run(body(&text), |_, run| {
            cites |= bangtin::analysis::references::find_citations(run)
                .iter()
                .any(|c| c.symbol == "09-CT/TW");
        });
        citing += usize::from(cites);
        june += bangtin::analysis::deadlines::find_deadlines(body(&text), Some(2025))
            .iter()
            .filter(|d| {
                let first = d.span.first_day();
                (first.year(), first.month()) == (2025, 6)
            })
            .count();
    }
    assert_eq!(citing, 5_000, "plans citing 09-CT/TW");
    assert!(june >= 3_000, "only {june} deadlines in June 2025");

    let report = build_into(root, Budget::DEFAULT);
    let out = root.join("public");
    let mut over: Vec<(String, u64, String)> = Vec::new();
    for (path, size) in files(&out) {
        // Media included: nothing in this site is a photo.
        let limit = limit(&Budget::DEFAULT, &path).unwrap_or(Budget::DEFAULT.data);
        if size > limit as u64 {
            over.push((path.clone(), size, format!("> {}", human_size(limit))));
        }
        let name = path.rsplit('/').next().unwrap_or(&path);
        if name.starts_with("sitemap") && name.ends_with(".xml") {
            let text = std::fs::read_to_string(out.join(&path)).expect("sitemap");
            let urls = text.matches("<loc>").count();
            if urls > Budget::DEFAULT.sitemap_urls {
                over.push((path, size, format!("{urls} URLs > 50000")));
            }
        }
    }
    over.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let warnings = budget_warnings(&report);
    assert!(
        over.is_empty() && warnings.is_empty(),
        "{} files over budget, largest first:\n{}\n{} budget warnings:\n{}",
        over.len(),
        over.iter()
            .map(|(p, s, why)| format!("  /{p}: {} ({why})", human_size(*s as usize)))
            .collect::<Vec<_>>()
            .join("\n"),
        warnings.len(),
        warnings
            .iter()
            .take(20)
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// With a small budget, exactly the generated files over it are warned about, by `build` and
/// `check` alike, and the plans' own pages (written by editors) never are.
#[test]
fn generated_files_over_budget_are_warned_and_editors_pages_are_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let shape = synth::Shape {
        plans: 30,
        minify: false,
        ..synth::Shape::archive(30)
    };
    synth::write_site_with(root, &shape).expect("write the site");
    let budget = Budget {
        html: 12_000,
        data: 20_000,
        sitemap_urls: 10,
    };
    let report = build_into(root, budget);
    let out = root.join("public");

    let is_plan = |p: &str| p.starts_with("ke-hoach/ke-hoach-");
    let mut expected: Vec<String> = Vec::new();
    let mut long_plans = 0;
    for (path, size) in files(&out) {
        let Some(limit) = limit(&budget, &path) else {
            continue;
        };
        if size as usize <= limit || path == ".bangtin-output" {
            continue;
        }
        if is_plan(&path) {
            long_plans += 1;
        } else {
            expected.push(format!("/{}", path.trim_end_matches("index.html")));
        }
    }
    assert!(
        long_plans > 0,
        "the test needs plan pages over the budget to show they are left alone"
    );
    assert!(
        expected.iter().any(|p| p.ends_with('/')) && expected.iter().any(|p| p.ends_with(".json")),
        "the test needs generated pages and data over the budget: {expected:?}"
    );
    let mut warned: Vec<String> = budget_warnings(&report)
        .iter()
        .filter(|d| !d.message.contains("địa chỉ"))
        .map(|d| d.path.to_string_lossy().into_owned())
        .collect();
    warned.sort();
    expected.sort();
    assert_eq!(warned, expected);

    // Each warning names the URL, the size and the limit, and says what to do.
    let data = budget_warnings(&report)
        .into_iter()
        .find(|d| d.path.to_string_lossy().ends_with(".json"))
        .expect("a data file of 30 plans is over 20 kB");
    let url = data.path.to_string_lossy().into_owned();
    let size = std::fs::metadata(out.join(url.trim_start_matches('/')))
        .expect("the warned file")
        .len() as usize;
    assert!(data.message.contains(&url), "{data}");
    assert!(data.message.contains(&human_size(size)), "{data}");
    assert!(data.message.contains("20 kB"), "{data}");
    assert!(data.help.is_some(), "{data}");
    // 30 plans and their lists are more than 10 URLs in one sitemap file.
    assert!(
        budget_warnings(&report)
            .iter()
            .any(|d| d.message.contains("địa chỉ") && d.path.to_string_lossy().contains("sitemap")),
        "{:?}",
        report.diagnostics
    );

    // `check` renders without writing and gives the same warnings.
    let mut opts = BuildOptions::new(root, jiff::civil::date(2025, 6, 15));
    opts.budget = budget;
    let checked = build::check(&opts);
    let paths = |r: &Report| {
        let mut v: Vec<String> = budget_warnings(r).iter().map(|d| d.to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(paths(&checked), paths(&report));

    // And with the real budget, this small site has nothing to warn about.
    std::fs::remove_dir_all(&out).expect("clear the output");
    let r = build_into(root, Budget::DEFAULT);
    assert!(budget_warnings(&r).is_empty(), "{:?}", budget_warnings(&r));
}
