//! The command line: parses arguments, calls the pipeline, prints diagnostics and sets the
//! exit code (0 ok, 1 content errors, 2 usage errors). The only module that prints or exits.

use crate::build::{self, BuildOptions, Report, Today};
use crate::diag::Severity;
use crate::import;
use crate::scaffold;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "bangtin",
    version,
    about = "Trình tạo trang tĩnh cho Trang thông tin điện tử của cơ quan nhà nước\n(static site generator for Vietnamese agencies' information pages)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tạo trang mới có cấu hình, nội dung mẫu (scaffold a new site)
    Init {
        /// Thư mục sẽ tạo
        dir: PathBuf,
    },
    /// Dựng trang vào thư mục kết quả, mặc định `public/` (build the site)
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Thư mục kết quả (mặc định: <root>/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Thay `base_url` của bangtin.yaml
        #[arg(long)]
        base_url: Option<String>,
        /// Dựng cả bản nháp (draft: true)
        #[arg(long)]
        drafts: bool,
        /// Thay thế thư mục kết quả dù có tệp không do bangtin tạo
        #[arg(long)]
        force: bool,
    },
    /// Dựng, phục vụ tại máy, theo dõi thay đổi và tải lại trình duyệt (preview with live reload)
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Mở trình duyệt
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
    },
    /// Kiểm tra toàn bộ trang mà không ghi gì; lỗi thì thoát với mã 1 (validate)
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(long)]
        drafts: bool,
    },
    /// Tạo tệp nội dung mới với phần đầu mẫu (new content file)
    New {
        /// Loại: ke-hoach (plan), mo-hinh (model), khen-thuong (commendation), van-ban (directive), su-kien (event), trang (page)
        kind: String,
        /// Tiêu đề
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Nhập văn bản đã ký (.docx, .pdf có chữ, .txt) thành trang có phần đầu (import signed documents)
    Import {
        /// Tệp .docx, .pdf, .txt hoặc thư mục chứa chúng
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Loại trang: plan (kế hoạch), commendation (khen thưởng), page (trang)
        #[arg(long, value_enum, default_value_t = ImportKindArg::Plan)]
        kind: ImportKindArg,
        /// Thư mục ghi trang (mặc định: content/<mục của loại>)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Chỉ in phần đầu và mấy dòng đầu của trang, không ghi gì
        #[arg(long)]
        dry_run: bool,
        /// Ghi đè trang đã có
        #[arg(long)]
        force: bool,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportKindArg {
    Plan,
    Commendation,
    Page,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Now, for the build: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
/// The build reads it as a day in the site's time zone (`build::Today`).
fn now() -> Today {
    Today::At(
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .unwrap_or_else(jiff::Timestamp::now),
    )
}

/// Today in the site's time zone, for `bangtin new` (which builds nothing). A site whose
/// `bangtin.yaml` cannot be read gets the default zone; `build` and `check` report the error.
fn today(root: &std::path::Path) -> jiff::civil::Date {
    let tz = crate::config::Config::load(root)
        .map(|c| c.timezone)
        .or_else(|_| jiff::tz::TimeZone::get(crate::config::DEFAULT_TIMEZONE))
        .unwrap_or(jiff::tz::TimeZone::UTC);
    now().date_in(&tz)
}

fn print_diagnostics(report: &Report) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
}

fn summary(report: &Report, verb: &str) {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("\n{errors} lỗi, {warnings} cảnh báo. Sửa các lỗi trên rồi chạy lại.");
    } else {
        // Photos take the time of a first build; say how many came from the cache.
        let photos = match (report.photos, report.photo_files_made) {
            (0, _) => String::new(),
            (n, 0) => format!(", {n} ảnh (đã xử lý từ trước, lấy từ .bangtin/anh/)"),
            (n, made) => format!(", {n} ảnh (tạo {made} tệp ảnh thu nhỏ mới)"),
        };
        eprintln!(
            "{verb}: {} trang, {} văn bản, {} sự kiện{photos}, {} tệp trong {} ms{}",
            report.pages,
            report.directives,
            report.events,
            report.files,
            report.elapsed.as_millis(),
            if warnings > 0 {
                format!(" ({warnings} cảnh báo)")
            } else {
                String::new()
            }
        );
    }
}

/// Parses the command line and runs the command; the exit code says how it went.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Init { dir } => run_init(&dir),
        Command::New { kind, title, root } => run_new(&root, &kind, &title),
        Command::Import {
            files,
            kind,
            out,
            dry_run,
            force,
            root,
        } => {
            let kind = match kind {
                ImportKindArg::Plan => import::ImportKind::Plan,
                ImportKindArg::Commendation => import::ImportKind::Commendation,
                ImportKindArg::Page => import::ImportKind::Page,
            };
            let opts = import::ImportOptions {
                kind,
                out,
                root,
                force,
            };
            run_import(&files, &opts, dry_run)
        }
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => {
            let mut opts = BuildOptions::new(&root, now());
            opts.output = output;
            opts.base_url = base_url;
            opts.drafts = drafts;
            opts.force = force;
            run_build(&opts)
        }
        Command::Check {
            root,
            format,
            drafts,
        } => {
            let mut opts = BuildOptions::new(&root, now());
            opts.drafts = drafts;
            run_check(&opts, format)
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
        } => {
            let mut opts = BuildOptions::new(&root, now());
            opts.drafts = drafts;
            run_serve(opts, &bind, port, open)
        }
    }
}

/// `bangtin init`: scaffolds a site in `dir` and says what to do next.
fn run_init(dir: &Path) -> ExitCode {
    match scaffold::init(dir) {
        Ok(()) => {
            println!(
                "Đã tạo trang mới trong {}.\nTiếp theo: cd {} && bangtin serve",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

/// `bangtin new`: writes a content file of `kind` dated today; an unknown kind is a usage error.
fn run_new(root: &Path, kind: &str, title: &str) -> ExitCode {
    match scaffold::new_page(root, kind, title, today(root)) {
        Ok(path) => {
            println!("Đã tạo {}", path.display());
            ExitCode::SUCCESS
        }
        Err((d, usage)) => {
            eprintln!("{d}");
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// How many lines of the body `--dry-run` shows.
const DRY_RUN_BODY_LINES: usize = 12;

/// `bangtin import`: each file becomes a page (or, with `--dry-run`, is shown); a file that
/// cannot be imported is reported and the others are still imported.
fn run_import(files: &[PathBuf], opts: &import::ImportOptions, dry_run: bool) -> ExitCode {
    let files = match import::expand(files) {
        Ok(f) => f,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    let mut failed = 0;
    for file in &files {
        let doc = match import::read_file(file) {
            Ok(doc) => doc,
            Err(d) => {
                eprintln!("{d}");
                failed += 1;
                continue;
            }
        };
        for w in doc.warnings(file, opts.kind) {
            eprintln!("{w}");
        }
        if dry_run {
            let page = doc.to_page(opts.kind);
            let end = page.find("\n---\n").map_or(page.len(), |i| i + 5);
            println!("== {}", file.display());
            print!("{}", &page[..end]);
            for line in page[end..].lines().skip(1).take(DRY_RUN_BODY_LINES) {
                println!("{line}");
            }
            println!("…");
            continue;
        }
        match import::write_page(&doc, file, opts) {
            Ok(path) => println!("Đã nhập {} → {}", file.display(), path.display()),
            Err(d) => {
                eprintln!("{d}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        eprintln!("\n{failed} tệp không nhập được; sửa theo hướng dẫn trên rồi chạy lại.");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `bangtin build`: builds the site; on errors the previous output is kept, and it says so.
fn run_build(opts: &BuildOptions) -> ExitCode {
    let report = build::build(opts);
    for dir in &report.removed_leftovers {
        eprintln!(
            "Đã xóa thư mục tạm {} còn sót lại từ một lần dựng bị ngắt giữa chừng.",
            dir.display()
        );
    }
    print_diagnostics(&report);
    summary(
        &report,
        &format!("Đã dựng vào {}", opts.output_dir().display()),
    );
    if report.has_errors() {
        eprintln!("Thư mục kết quả trước đó được giữ nguyên.");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `bangtin check`: builds without writing and reports, as text or as JSON.
fn run_check(opts: &BuildOptions, format: Format) -> ExitCode {
    let report = build::check(opts);
    match format {
        Format::Text => {
            print_diagnostics(&report);
            summary(&report, "Không có lỗi");
        }
        Format::Json => match serde_json::to_string_pretty(&report.diagnostics) {
            Ok(j) => println!("{j}"),
            Err(e) => eprintln!("{e}"),
        },
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `bangtin serve`: builds, serves and rebuilds on change until stopped.
fn run_serve(opts: BuildOptions, bind: &str, port: u16, open: bool) -> ExitCode {
    match crate::serve::run(opts, bind, port, open) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}
