//! bangtin beside Hugo on the same plans (issue 16): cold builds, alternated, with wall time,
//! peak memory and output size per child process.
//!
//!     cargo run --release --example compare_hugo -- [--runs 3] [--out-dir /dev/shm] [--disk DIR] [--keep] 1000 10000 50000 100000
//!
//! For each number of plans N it
//! 1. generates the synthetic archive of `benches/synth.rs` (`synth::write_site`) under
//!    `--out-dir` (default `/dev/shm`, a RAM disk: the ratio is measured where the disk's noise
//!    is gone), and converts those same files into a Hugo site: the same Markdown, the same
//!    front matter (Hugo reads title, date, tags and summary), plus a `directives:` list of the
//!    symbols the plan cites, so Hugo has a taxonomy to build "cited by" pages from. Hugo cannot
//!    find citations in text: the symbols are the ones bangtin's own reference finder
//!    (`bangtin::analysis::references::find_citations`) reads in the plan's text runs
//!    (`bangtin::markdown::for_each_run`) and in its `basis` list. The Hugo config and templates
//!    are `benches/hugo/` (plan page, `/ke-hoach/` paginated by 20, tag and directive term pages
//!    paginated by 20, their lists; Hugo's default RSS and sitemap; no minification);
//! 2. builds each site cold into an emptied output folder, alternating bangtin, Hugo, bangtin,
//!    Hugo… (`--runs` each): `target/release/bangtin build --root SITE --output OUT` (its
//!    `.bangtin/` cache deleted first) and `hugo --source SITE --destination OUT --quiet`;
//!    each child is waited for with `wait4`, which gives its own peak memory (`ru_maxrss`) and
//!    CPU times. A build that fails (exit status, or no output) is reported and not counted;
//! 3. prints a Markdown table row per N (medians of wall time; the highest peak memory of the
//!    runs; output size and files), every run's figures, and at the end how time grows from
//!    10,000 plans to the largest N against the ratio of N.
//!
//! `--disk DIR` writes the outputs (not the sources) to DIR, a real disk: what a user sees.
//! Before each build the memory it needs is estimated from the previous size (linearly; for the
//! first size from the figures) and the build is skipped when that exceeds 80% of
//! MemAvailable (when the output is on a RAM disk, its size counts as memory too); likewise a
//! size is skipped when its files would not fit in `--out-dir` / `--disk`. Each size's sites and
//! outputs are deleted once measured (`--keep` keeps the last outputs, to read them).
//!
//! Hugo is installed from Debian's packages when it is not on PATH (`apt-get install -y hugo`,
//! as root; otherwise the command to run is printed). The bangtin binary is built first with
//! `cargo build --release --bin bangtin`.

#[path = "../benches/synth.rs"]
mod synth;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const MB: f64 = 1e6;
const GB: f64 = 1e9;

/// Prior estimates for the first size, per plan, from issue 16's figures at 10,000 plans
/// (bangtin 562 MB and Hugo 1.92 GB peak; bangtin's output ~60 kB a plan) and generous for
/// what has not been measured (Hugo's output, the two sources: ~9 kB a plan each).
const PRIOR_PEAK: [f64; 2] = [60e3, 200e3];
const PRIOR_OUTPUT: [f64; 2] = [70e3, 70e3];
const SOURCE_PER_PLAN: f64 = 25e3;

const TOOLS: [&str; 2] = ["bangtin", "Hugo"];

struct Args {
    runs: usize,
    out_dir: PathBuf,
    disk: Option<PathBuf>,
    keep: bool,
    sizes: Vec<usize>,
}

fn usage() -> ! {
    eprintln!(
        "usage: cargo run --release --example compare_hugo -- [--runs 3] [--out-dir /dev/shm] [--disk DIR] [--keep] N..."
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        runs: 3,
        out_dir: PathBuf::from("/dev/shm"),
        disk: None,
        keep: false,
        sizes: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => {
                args.runs = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--out-dir" => args.out_dir = it.next().map(PathBuf::from).unwrap_or_else(|| usage()),
            "--disk" => args.disk = Some(it.next().map(PathBuf::from).unwrap_or_else(|| usage())),
            "--keep" => args.keep = true,
            s => match s.replace(['_', ','], "").parse() {
                Ok(n) if n > 0 => args.sizes.push(n),
                _ => usage(),
            },
        }
    }
    if args.sizes.is_empty() || args.runs == 0 {
        usage()
    }
    args
}

/// Hugo's version line, after installing it from Debian's packages if it is missing.
fn ensure_hugo() -> Result<String, String> {
    let version = || {
        Command::new("hugo")
            .arg("version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    if let Some(v) = version() {
        return Ok(v);
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Err("hugo is not on PATH. Install it from Debian's packages, then run this again:\n    sudo apt-get install -y hugo".into());
    }
    println!("hugo is not on PATH: apt-get install -y hugo");
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "hugo"])
            .status()
    };
    if !install().is_ok_and(|s| s.success()) {
        let _ = Command::new("apt-get").arg("update").status();
        if !install().is_ok_and(|s| s.success()) {
            return Err("apt-get install -y hugo failed (see above)".into());
        }
    }
    version().ok_or_else(|| "hugo was installed but `hugo version` does not run".into())
}

/// target/release/bangtin, built now (cargo only rebuilds what changed).
fn ensure_bangtin() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // target/release/examples/compare_hugo → target/release/bangtin
    let release = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?;
    let bin = release.join("bangtin");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("cargo build --release --bin bangtin");
    let status = Command::new(cargo)
        .args(["build", "--release", "--bin", "bangtin"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release --bin bangtin failed".into());
    }
    if !bin.is_file() {
        return Err(format!("{} is missing after cargo build", bin.display()));
    }
    Ok(bin)
}

/// Converts the plans of a bangtin site into a Hugo site: same files, plus `directives:`.
/// Returns how many distinct directives the plans cite.
fn to_hugo(bangtin_site: &Path, hugo_site: &Path) -> std::io::Result<usize> {
    let src = bangtin_site.join("content/ke-hoach");
    let dst = hugo_site.join("content/ke-hoach");
    fs::create_dir_all(&dst)?;
    let mut all = std::collections::BTreeSet::new();
    let mut names: Vec<_> = fs::read_dir(&src)?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    names.sort();
    for name in names {
        let text = fs::read_to_string(src.join(&name))?;
        let bad = || std::io::Error::other(format!("{}: no front matter", name.to_string_lossy()));
        let rest = text.strip_prefix("---\n").ok_or_else(bad)?;
        let end = rest.find("\n---\n").ok_or_else(bad)?;
        let (front, body) = (&rest[..end + 1], &rest[end + 5..]);
        // The symbols bangtin's reference finder reads, in the body and in `basis`.
        let mut symbols: Vec<String> = Vec::new();
        let mut add = |run: &str| {
            for c in bangtin::analysis::references::find_citations(run) {
                if !symbols.contains(&c.symbol) {
                    symbols.push(c.symbol);
                }
            }
        };
        bangtin::markdown::for_each_run(body, |_, run| add(run));
        let yaml: serde_yaml::Value = serde_yaml::from_str(front).map_err(std::io::Error::other)?;
        if let Some(basis) = yaml.get("basis").and_then(|b| b.as_sequence()) {
            basis.iter().filter_map(|b| b.as_str()).for_each(&mut add);
        }
        all.extend(symbols.iter().cloned());
        // A JSON array of strings is a YAML flow sequence.
        let list = serde_json::to_string(&symbols).map_err(std::io::Error::other)?;
        fs::write(
            dst.join(&name),
            format!("---\n{front}directives: {list}\n---\n{body}"),
        )?;
    }
    // Titles for the section and the two taxonomies, as bangtin's menu names them.
    for (dir, title) in [
        ("ke-hoach", "Kế hoạch"),
        ("directives", "Văn bản được trích dẫn"),
        ("tags", "Chủ đề"),
    ] {
        let d = hugo_site.join("content").join(dir);
        fs::create_dir_all(&d)?;
        fs::write(
            d.join("_index.md"),
            format!("---\ntitle: \"{title}\"\n---\n"),
        )?;
    }
    // The config and templates of benches/hugo/.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hugo");
    for e in walkdir::WalkDir::new(&theme) {
        let e = e.map_err(std::io::Error::other)?;
        let rel = e
            .path()
            .strip_prefix(&theme)
            .map_err(std::io::Error::other)?;
        if e.file_type().is_dir() {
            fs::create_dir_all(hugo_site.join(rel))?;
        } else {
            fs::copy(e.path(), hugo_site.join(rel))?;
        }
    }
    Ok(all.len())
}

/// One build's figures.
struct Run {
    wall: f64,
    user: f64,
    sys: f64,
    peak: f64,
    bytes: u64,
    files: u64,
}

/// Runs a build to the end: its wall time and its own rusage (peak memory, CPU), from wait4.
fn measure(cmd: &mut Command, log: &Path) -> Result<(f64, libc::rusage), String> {
    let out = fs::File::create(log).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id() as libc::pid_t;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut status = 0;
    loop {
        // SAFETY: pid is our own child, not yet waited for (`child` is never waited on);
        // status and usage are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {e}"));
        }
    }
    let wall = start.elapsed().as_secs_f64();
    drop(child);
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let text = fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        let how = if libc::WIFEXITED(status) {
            format!("exit status {}", libc::WEXITSTATUS(status))
        } else {
            format!("killed by signal {}", libc::WTERMSIG(status))
        };
        let mut msg = format!("failed ({how}); last lines of {}:", log.display());
        for l in tail.iter().rev() {
            let _ = write!(msg, "\n    {l}");
        }
        return Err(msg);
    }
    Ok((wall, usage))
}

fn seconds(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

/// Bytes and files under a folder.
fn weigh(dir: &Path) -> (u64, u64) {
    let (mut bytes, mut files) = (0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map_or(0, |m| m.len());
        }
    }
    (bytes, files)
}

fn remove(dir: &Path) {
    if dir.exists() {
        if let Err(e) = fs::remove_dir_all(dir) {
            eprintln!("cannot delete {}: {e}", dir.display());
        }
    }
}

/// MemAvailable from /proc/meminfo, in bytes.
fn mem_available() -> Option<f64> {
    let info = fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0)
}

fn c_path(dir: &Path) -> Option<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()
}

/// Free bytes in the file system holding `dir`.
fn free_space(dir: &Path) -> Option<f64> {
    let path = c_path(dir)?;
    // SAFETY: an all-zero statvfs is a valid value; path is NUL-terminated.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(path.as_ptr(), &mut st) } != 0 {
        return None;
    }
    Some(st.f_bavail as f64 * st.f_frsize as f64)
}

/// Whether `dir` is on a RAM disk (tmpfs): what is written there takes memory.
fn is_tmpfs(dir: &Path) -> bool {
    const TMPFS_MAGIC: i64 = 0x0102_1994;
    let Some(path) = c_path(dir) else {
        return false;
    };
    // SAFETY: an all-zero statfs is a valid value; path is NUL-terminated.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    unsafe { libc::statfs(path.as_ptr(), &mut st) == 0 && st.f_type as i64 == TMPFS_MAGIC }
}

fn gb(bytes: f64) -> String {
    format!("{:.1} GB", bytes / GB)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let k = v.len() / 2;
    if v.len() % 2 == 1 {
        v[k]
    } else {
        (v[k - 1] + v[k]) / 2.0
    }
}

/// What one tool gave at one size: its successful runs, or why it was not run.
#[derive(Default)]
struct Outcome {
    runs: Vec<Run>,
    failures: usize,
    skipped: Option<String>,
}

impl Outcome {
    fn wall(&self) -> Option<f64> {
        (!self.runs.is_empty()).then(|| median(self.runs.iter().map(|r| r.wall).collect()))
    }
    fn peak(&self) -> Option<f64> {
        self.runs.iter().map(|r| r.peak).reduce(f64::max)
    }
    fn cells(&self) -> String {
        match (self.runs.last(), &self.skipped) {
            (Some(last), _) => format!(
                "{:.2} s{} | {:.0} | {:.1} | {}",
                self.wall().unwrap_or(0.0),
                match self.failures {
                    0 => String::new(),
                    f => format!(" ({f} failed, not counted)"),
                },
                self.peak().unwrap_or(0.0) / MB,
                last.bytes as f64 / MB,
                last.files
            ),
            (None, Some(why)) => format!("{why} | | | "),
            (None, None) => format!("failed ({} runs) | | | ", self.failures),
        }
    }
}

/// Deletes a size's folders however the measurement ends.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.0.iter().for_each(|d| remove(d));
    }
}

fn main() {
    let args = parse_args();
    let hugo = ensure_hugo().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let bangtin = ensure_bangtin().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let out_root = args.disk.clone().unwrap_or_else(|| args.out_dir.clone());
    for d in [&args.out_dir, &out_root] {
        if let Err(e) = fs::create_dir_all(d) {
            eprintln!("cannot create {}: {e}", d.display());
            std::process::exit(1)
        }
    }
    let outputs_in_ram = is_tmpfs(&out_root);
    let sources_in_ram = is_tmpfs(&args.out_dir);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{hugo}");
    println!(
        "bangtin: {} ({cores} cores); sources in {}{}, outputs in {}{}; {} cold runs each, alternated",
        bangtin.display(),
        args.out_dir.display(),
        if sources_in_ram { " (tmpfs)" } else { "" },
        out_root.display(),
        if outputs_in_ram { " (tmpfs)" } else { " (disk)" },
        args.runs
    );

    // (N, peak bytes, output bytes) of the last size each tool built, for the estimates.
    let mut last: [Option<(usize, f64, f64)>; 2] = [None, None];
    let mut rows: Vec<(usize, [Outcome; 2])> = Vec::new();
    for &n in &args.sizes {
        println!("\n## {n} plans");
        let estimate = |tool: usize, kind: usize| -> f64 {
            match last[tool] {
                Some((m, peak, out)) => [peak, out][kind] * n as f64 / m as f64,
                None => [PRIOR_PEAK, PRIOR_OUTPUT][kind][tool] * n as f64,
            }
        };
        let mut outcome: [Outcome; 2] = Default::default();

        // Room for the sources, and for the larger output (each is deleted once weighed).
        let sources = SOURCE_PER_PLAN * n as f64;
        let outputs = estimate(0, 1).max(estimate(1, 1));
        let space_note = if args.disk.is_some() {
            [(&args.out_dir, sources), (&out_root, outputs)]
                .iter()
                .find(|(d, need)| free_space(d).is_some_and(|f| *need > 0.8 * f))
                .map(|(d, need)| format!("not run: needs about {} in {}", gb(*need), d.display()))
        } else {
            free_space(&args.out_dir)
                .filter(|f| sources + outputs > 0.8 * f)
                .map(|_| {
                    format!(
                        "not run: needs about {} in {}",
                        gb(sources + outputs),
                        args.out_dir.display()
                    )
                })
        };
        if let Some(note) = space_note {
            println!("{note}");
            for o in &mut outcome {
                o.skipped = Some(note.clone());
            }
            rows.push((n, outcome));
            continue;
        }

        let tag = format!("compare-hugo-{}-{n}", std::process::id());
        let base = args.out_dir.join(&tag);
        let out_base = out_root.join(&tag);
        let mut cleanup = Cleanup(vec![base.clone(), out_base.clone()]);
        let site = [base.join("bangtin-site"), base.join("hugo-site")];
        let out = [out_base.join("bangtin-out"), out_base.join("hugo-out")];
        let t = Instant::now();
        let prepared = fs::create_dir_all(&site[0])
            .and_then(|_| synth::write_site(&site[0], n))
            .and_then(|_| to_hugo(&site[0], &site[1]));
        let directives = match prepared {
            Ok(d) => d,
            Err(e) => {
                eprintln!("cannot write the sites in {}: {e}", base.display());
                for o in &mut outcome {
                    o.skipped = Some(format!("not run: {e}"));
                }
                rows.push((n, outcome));
                continue;
            }
        };
        let (src_bytes, _) = weigh(&site[1]);
        println!(
            "sites written in {:.1} s ({:.1} MB of Hugo source, {directives} distinct directives cited)",
            t.elapsed().as_secs_f64(),
            src_bytes as f64 / MB
        );
        if fs::create_dir_all(&out_base).is_err() {
            eprintln!("cannot create {}", out_base.display());
            std::process::exit(1)
        }

        for run in 1..=args.runs {
            for tool in 0..2 {
                if outcome[tool].skipped.is_some() {
                    continue;
                }
                // Memory: the build's peak, and its output when that goes to a RAM disk.
                let need = estimate(tool, 0)
                    + if outputs_in_ram {
                        estimate(tool, 1)
                    } else {
                        0.0
                    };
                if let Some(avail) = mem_available() {
                    if need > 0.8 * avail {
                        let note = format!("not run: needs about {}", gb(need));
                        println!("{}: {note} ({} available)", TOOLS[tool], gb(avail));
                        outcome[tool].skipped = Some(note);
                        continue;
                    }
                }
                remove(&out[tool]);
                let mut cmd = if tool == 0 {
                    // Cold: no cache from the previous run.
                    remove(&site[0].join(".bangtin"));
                    let mut c = Command::new(&bangtin);
                    c.arg("build")
                        .arg("--root")
                        .arg(&site[0])
                        .arg("--output")
                        .arg(&out[tool]);
                    c
                } else {
                    let mut c = Command::new("hugo");
                    c.arg("--source")
                        .arg(&site[1])
                        .arg("--destination")
                        .arg(&out[tool])
                        .arg("--quiet");
                    c
                };
                let log = base.join(format!("{}-{run}.log", TOOLS[tool].to_lowercase()));
                match measure(&mut cmd, &log) {
                    Ok((wall, usage)) => {
                        let (bytes, files) = weigh(&out[tool]);
                        if files == 0 {
                            println!("run {run} {}: wrote no files; not counted", TOOLS[tool]);
                            outcome[tool].failures += 1;
                            continue;
                        }
                        let r = Run {
                            wall,
                            user: seconds(usage.ru_utime),
                            sys: seconds(usage.ru_stime),
                            peak: usage.ru_maxrss as f64 * 1024.0,
                            bytes,
                            files,
                        };
                        println!(
                            "run {run} {:<7} {:>7.2} s wall ({:.2} s user, {:.2} s system), peak {:.0} MB, output {:.1} MB in {} files",
                            TOOLS[tool], r.wall, r.user, r.sys, r.peak / MB, r.bytes as f64 / MB, r.files
                        );
                        outcome[tool].runs.push(r);
                    }
                    Err(e) => {
                        println!("run {run} {}: {e}; not counted", TOOLS[tool]);
                        outcome[tool].failures += 1;
                    }
                }
                if !(args.keep && run == args.runs) {
                    remove(&out[tool]);
                }
            }
        }
        for tool in 0..2 {
            if let (Some(peak), Some(r)) = (outcome[tool].peak(), outcome[tool].runs.last()) {
                last[tool] = Some((n, peak, r.bytes as f64));
            }
        }
        if args.keep {
            cleanup.0.clear();
            println!(
                "kept: sites in {}, outputs in {}",
                base.display(),
                out_base.display()
            );
        }
        drop(cleanup);
        rows.push((n, outcome));
    }

    println!(
        "\n| plans | bangtin wall (median) | bangtin peak MB | bangtin output MB | bangtin files | Hugo wall (median) | Hugo peak MB | Hugo output MB | Hugo files | bangtin/Hugo wall |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (n, o) in &rows {
        let ratio = match (o[0].wall(), o[1].wall()) {
            (Some(b), Some(h)) => format!("{:.2}×", b / h),
            _ => String::new(),
        };
        println!("| {n} | {} | {} | {ratio} |", o[0].cells(), o[1].cells());
    }
    println!(
        "\nWall: median of the successful runs; peak: the highest of the runs (the child's ru_maxrss); MB = 10^6 bytes."
    );
    for (n, o) in &rows {
        for tool in 0..2 {
            if !o[tool].runs.is_empty() {
                let times: Vec<String> = o[tool]
                    .runs
                    .iter()
                    .map(|r| format!("{:.2}", r.wall))
                    .collect();
                println!("{n} plans, {}: {} s", TOOLS[tool], times.join(" · "));
            }
        }
    }

    // Linearity: the largest N against 10,000.
    let at = |n: usize, tool: usize| {
        rows.iter()
            .find(|r| r.0 == n)
            .and_then(|r| r.1[tool].wall())
    };
    let Some(&largest) = rows.iter().map(|(n, _)| n).filter(|&&n| n > 10_000).max() else {
        println!("\nLinearity: needs 10,000 and a larger number of plans.");
        return;
    };
    println!();
    for (tool, name) in TOOLS.iter().enumerate() {
        match (at(10_000, tool), at(largest, tool)) {
            (Some(base), Some(big)) => println!(
                "Linearity, {name}: {largest} plans took {:.2}× the time of 10,000 (N is {:.1}× as many)",
                big / base,
                largest as f64 / 10_000.0
            ),
            _ => println!("Linearity, {name}: not measured at both 10,000 and {largest} plans"),
        }
    }
}
