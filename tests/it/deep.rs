//! Deeply nested input (issue 12, defect 1): 2,500 nested `>` overflowed the stack of the HTML
//! minifier and aborted `build`, `check` and `serve` (exit 134). Now a page nested too deep is
//! an error at its line, and no generated page, however it nests, aborts a build run on the
//! stacks the binary gives its threads.

use crate::common::{bangtin, errors, TestSite};
use bangtin::build::{self, Report};
use bangtin::depth::MAX_DEPTH;

/// Stack of the threads that build in the binary: rayon's workers and `serve`'s threads get
/// Rust's default of 2 MB (the main thread has 8 MB).
const THREAD_STACK: usize = 2 << 20;

const MINIFIED: &str = "title: \"Trang thử\"\nbase_url: \"https://thu.gov.vn/\"\n";

/// Builds `site` as the binary does, but with the calling thread and every worker on a
/// `stack`-byte stack. An overflow aborts the test process: the property fails loudly.
fn build_on_stack(site: &TestSite, stack: usize) -> Report {
    let opts = site.opts();
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .stack_size(stack)
                .build()
                .expect("thread pool");
            pool.install(|| build::build(&opts))
        })
        .expect("spawn")
        .join()
        .expect("build thread")
}

fn page(body: &str) -> String {
    format!("---\ntitle: \"Kế hoạch\"\n---\nMở đầu.\n\n{body}\n")
}

/// The shapes of the report, each with the line (in the file) where it goes too deep.
fn deep_shapes() -> Vec<(&'static str, String, usize)> {
    vec![
        ("quote", format!("{}x", "> ".repeat(2_500)), 6),
        ("list", format!("{}x", "- ".repeat(100_000)), 6),
        (
            "stars",
            format!("{}x{}", "*".repeat(50_000), "*".repeat(50_000)),
            6,
        ),
        (
            "divs",
            format!(
                "Dòng.\n\n{}x{}",
                "<div>".repeat(50_000),
                "</div>".repeat(50_000)
            ),
            8,
        ),
    ]
}

#[test]
fn deep_pages_are_errors_at_their_line_in_build_and_check() {
    let site = TestSite::with_config(MINIFIED);
    site.file(
        "content/ke-hoach/binh-thuong.md",
        &page("Một *đoạn* bình thường."),
    );
    for (name, body, _) in deep_shapes() {
        site.file(&format!("content/ke-hoach/{name}.md"), &page(&body));
    }
    for cmd in ["build", "check"] {
        let out = bangtin(&[cmd], site.root());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {stderr}");
        for (name, _, line) in deep_shapes() {
            let at = format!("content/ke-hoach/{name}.md:{line}:");
            let said = stderr.lines().find(|l| l.starts_with(&at));
            assert!(
                said.is_some_and(|l| l.contains("lồng nhau quá sâu")),
                "{cmd}: no error at {at}:\n{stderr}"
            );
        }
        assert!(stderr.contains("bỏ bớt các cấp lồng nhau"), "{stderr}");
        assert!(!stderr.contains("binh-thuong.md"), "{stderr}");
    }
    assert!(!site.exists("index.html"), "a failed build wrote public/");
}

#[test]
fn pages_at_the_bound_build_minified_with_a_quarter_of_a_worker_stack() {
    // The margin the bound keeps: nested as deep as allowed, every shape builds and minifies
    // on threads with a quarter of the stack the binary's threads have.
    let site = TestSite::with_config(MINIFIED);
    let n = MAX_DEPTH - 4;
    let shapes = [
        format!("{}x", "> ".repeat(n)),
        // Each list level opens two elements, `<ul>` and `<li>`.
        format!("{}x", "- ".repeat(n / 2)),
        format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n)),
        format!("{}x{}", "<b>".repeat(n), "</b>".repeat(n)),
        format!("{}x", "<span>".repeat(n)),
    ];
    for (i, body) in shapes.iter().enumerate() {
        site.file(&format!("content/ke-hoach/p{i}.md"), &page(body));
    }
    let r = build_on_stack(&site, THREAD_STACK / 4);
    assert!(!r.has_errors(), "{}", errors(&r));
    assert!(site.read("ke-hoach/p0/index.html").contains("<blockquote>"));
}

#[test]
fn deep_yaml_is_an_error_at_its_line() {
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let site = TestSite::with_config(MINIFIED);
    site.file(
        "content/ke-hoach/a.md",
        &format!("---\ntitle: \"A\"\ndate: {deep}\n---\nx\n"),
    );
    let r = build_on_stack(&site, THREAD_STACK);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert!(d.path.ends_with("content/ke-hoach/a.md"), "{d}");
    assert_eq!(d.line, Some(3), "{d}");
    assert!(d.message.contains("lồng nhau quá sâu"), "{d}");

    let site = TestSite::with_config(&format!("{MINIFIED}menu: {deep}\n"));
    site.file("content/ke-hoach/a.md", &page("x"));
    let r = build_on_stack(&site, THREAD_STACK);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert!(d.path.ends_with("bangtin.yaml"), "{d}");
    assert_eq!(d.line, Some(3), "{d}");
}

// ---- The property: any page builds or is reported at a line of its file; nothing aborts.

/// A small deterministic generator (xorshift), so a failure is reproduced by its seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A nesting depth: mostly small, sometimes tens of thousands (log-uniform).
    fn depth(&mut self) -> usize {
        let exp = self.below(16) as u32;
        (1usize << exp) + self.below(1 << exp)
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// One piece of a page: ordinary Markdown, raw HTML, or a shape nested `depth` deep.
fn piece(g: &mut Gen) -> String {
    let words = [
        "Kế hoạch",
        "số 33/KH-UBND",
        "ngày 10/6/2025",
        "Chỉ thị 09-CT/TW",
        "báo cáo",
        "&amp;",
        "<",
        "`mã`",
    ];
    let w = g.pick(&words);
    match g.below(14) {
        0 => format!("{}{w}", "> ".repeat(g.depth())),
        1 => format!("{}{w}", "- ".repeat(g.depth())),
        2 => {
            let n = g.depth();
            (0..n.min(400))
                .map(|i| format!("{}- {w}\n", "  ".repeat(i)))
                .collect()
        }
        3 => {
            let n = g.depth();
            format!("{}{w}{}", "*".repeat(n), "*".repeat(g.below(n + 1)))
        }
        4 => {
            let n = g.depth();
            let tag = g.pick(&["div", "b", "span", "p", "li", "td", "table", "em", "foo"]);
            format!(
                "{}{w}{}",
                format!("<{tag}>").repeat(n),
                format!("</{tag}>").repeat(g.below(n + 1))
            )
        }
        5 => format!(
            "{}{w}{}",
            "[".repeat(g.depth()),
            "](/a)".repeat(g.below(50))
        ),
        6 => format!("# {w}\n\n## {w} *{w}*"),
        7 => format!(
            "| a | b |\n|---|---|\n| {w} | {} |",
            "<b>".repeat(g.depth().min(500))
        ),
        8 => format!("{w}[^1]\n\n[^1]: {}{w}", "> ".repeat(g.depth().min(300))),
        9 => format!("```\n{}\n```", "<div>".repeat(g.depth())),
        10 => format!("1. {}{w}", "1. ".repeat(g.depth())),
        11 => format!("<!-- {} -->{w}", "<div>".repeat(g.depth())),
        12 => format!("{}{w}", "    ".repeat(g.depth().min(2_000))),
        _ => format!("{w} **{w}** _{w}_ [{w}](/x \"t\")"),
    }
}

fn front_matter(g: &mut Gen) -> String {
    match g.below(6) {
        0 => format!(
            "tags: {}a{}\n",
            "[".repeat(g.depth()),
            "]".repeat(g.depth())
        ),
        1 => format!(
            "signer: {}1{}\n",
            "{a: ".repeat(g.depth()),
            "}".repeat(g.depth())
        ),
        2 => format!("summary: \"{}\"\n", "<div>".repeat(g.depth())),
        _ => String::new(),
    }
}

#[test]
fn any_generated_page_builds_or_is_reported_at_a_line_never_aborts() {
    for seed in 1..=24u64 {
        let mut g = Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let site = TestSite::with_config(if g.below(2) == 0 {
            MINIFIED
        } else {
            crate::common::CONFIG
        });
        let mut files = Vec::new();
        for p in 0..3 {
            let body: Vec<String> = (0..1 + g.below(4)).map(|_| piece(&mut g)).collect();
            let text = format!(
                "---\ntitle: \"Trang {p}\"\n{}---\n{}\n",
                front_matter(&mut g),
                body.join("\n\n")
            );
            let rel = format!("content/ke-hoach/p{p}.md");
            site.file(&rel, &text);
            files.push((rel, text.lines().count() + 1));
        }
        let r = build_on_stack(&site, THREAD_STACK);
        for d in r.diagnostics.iter().filter(|d| d.is_error()) {
            let (_, lines) = files
                .iter()
                .find(|(rel, _)| d.path.ends_with(rel))
                .unwrap_or_else(|| panic!("seed {seed}: error names no page: {d}"));
            let line = d
                .line
                .unwrap_or_else(|| panic!("seed {seed}: no line: {d}"));
            assert!(
                (1..=*lines).contains(&line),
                "seed {seed}: line past the end: {d}"
            );
        }
        if !r.has_errors() {
            assert!(site.exists("ke-hoach/p0/index.html"), "seed {seed}");
        }
    }
}
