//! The pipeline: config → content → analysis → graph → render → output. `check` is a build
//! that writes nothing; `serve` renders into memory.

use crate::analysis::page::{read_and_analyse, Findings};
use crate::config::{BaseUrl, Config};
use crate::content::{self, LoadOptions, Page, SectionIndex};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{self, Site};
use crate::output::{check_output_dir, remove_stale_temp_dirs, DirSink, MemSink, Staging};
use crate::render::budget::{Budget, Weighed};
use crate::render::{self, Sink};
use jiff::civil::Date;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub force: bool,
    /// The build's date ("today" for the calendar and `publish_date`), decided by the caller:
    /// a fixed day, or an instant read in the site's time zone once `bangtin.yaml` is loaded.
    pub today: Today,
    /// What a generated file may weigh before the build warns (`render::budget`).
    pub budget: Budget,
    /// Keep the parsed citations once the site graph is made. `serve` does (it patches the
    /// graph with them and reuses them); a build drops them (`graph::Input::keep_citations`).
    pub keep_citations: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, today: impl Into<Today>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            force: false,
            today: today.into(),
            budget: Budget::DEFAULT,
            keep_citations: false,
        }
    }

    /// What loading content needs of these options (`serve` reloads single files with it),
    /// on the build's day (`Site::today`).
    pub fn load_options(&self, today: Date) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            today,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// The day a build happens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Today {
    /// This day, whatever the site's time zone (tests, benchmarks).
    On(Date),
    /// The day this instant falls on in the site's time zone (`timezone:` in `bangtin.yaml`).
    At(jiff::Timestamp),
}

impl Today {
    pub fn date_in(self, tz: &jiff::tz::TimeZone) -> Date {
        match self {
            Today::On(d) => d,
            Today::At(t) => t.to_zoned_datetime(tz.clone()).date(),
        }
    }
}

impl From<Date> for Today {
    fn from(d: Date) -> Today {
        Today::On(d)
    }
}

#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub directives: usize,
    pub events: usize,
    pub files: usize,
    /// Resized copies of photos this build made; the others came from the cache (`.bangtin/anh/`).
    pub photo_files_made: u64,
    /// Photos the pages show.
    pub photos: usize,
    pub elapsed: Duration,
    /// Temporary folders of earlier builds, killed before they finished, that this build removed.
    pub removed_leftovers: Vec<PathBuf>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and analyses the site: everything but rendering. `None` when the config is unusable.
pub fn load(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Site> {
    let mut config = match Config::load(&opts.root) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if let Some(url) = &opts.base_url {
        match BaseUrl::parse(url) {
            Ok(u) => config.base_url = u,
            Err(e) => {
                diags.push(Diagnostic::error("--base-url", e.message).help(format!(
                    "{}, ví dụ `--base-url https://stp.quangngai.gov.vn/`",
                    e.what_to_do
                )));
                return None;
            }
        }
    }
    let today = opts.today.date_in(&config.timezone);
    let content = crate::progress::timed("read content", || {
        content::load(&opts.root, opts.load_options(today), diags)
    });
    let pages = content
        .pages
        .into_iter()
        .map(|p| (Arc::new(p), None))
        .collect();
    Some(assemble(
        config,
        pages,
        content.sections,
        &[],
        opts,
        today,
        diags,
    ))
}

/// The steps after reading the files, shared by `build` and `serve`: pages in URL order,
/// their analysis, the agencies, the site graph. `pages` come with the findings of an
/// earlier analysis when `serve` kept them; they are reused when the names pages can
/// mention are still `earlier_names`, since the analysis looks for these names.
pub fn assemble(
    config: Config,
    mut pages: Vec<(Arc<Page>, Option<Arc<Findings>>)>,
    mut sections: Vec<SectionIndex>,
    earlier_names: &[graph::Named],
    opts: &BuildOptions,
    today: Date,
    diags: &mut Diagnostics,
) -> Site {
    // In path order, then by URL (stable): the order is the same however pages were read.
    pages.sort_by(|a, b| a.0.source.cmp(&b.0.source));
    pages.sort_by(|a, b| a.0.url.cmp(&b.0.url));
    sections.sort_by(|a, b| a.source.cmp(&b.source));
    let (pages, known): (Vec<Arc<Page>>, Vec<_>) = pages.into_iter().unzip();
    let pages = graph::IdVec::from_vec(pages);
    graph::check_collisions(&pages, diags);
    let named = graph::named_things(&pages);
    let same_names = named.len() == earlier_names.len()
        && named
            .iter()
            .zip(earlier_names)
            .all(|(a, b)| a.name == b.name);
    let matcher = graph::name_matcher(&named);
    // Each body is read again here, analysed and dropped: the site keeps none.
    let findings: Vec<_> = crate::progress::timed("analyse", || {
        pages
            .as_slice()
            .par_iter()
            .zip(known)
            .map(|(p, f)| match f {
                Some(f) if same_names => Ok(f),
                _ => read_and_analyse(p, &matcher).map(Arc::new),
            })
            .collect()
    });
    let findings = findings
        .into_iter()
        .map(|f| {
            f.unwrap_or_else(|d| {
                diags.push(d);
                Arc::default()
            })
        })
        .collect();
    let agencies = graph::agency::load_entries(&opts.root, diags);
    let input = graph::Input {
        config,
        pages,
        findings: graph::IdVec::from_vec(findings),
        sections,
        named,
        agencies,
        keep_citations: opts.keep_citations,
    };
    let mut site = crate::progress::timed("site graph", || graph::build(input, today, diags));
    let cache = crate::images::ImageCache::new(&opts.root);
    site.photos = crate::progress::timed("photos", || {
        render::photos::prepare(&site, &opts.root, &cache, diags)
    });
    site
}

fn report(site: Option<&Site>, diags: Diagnostics, files: usize, start: Instant) -> Report {
    Report {
        pages: site.map_or(0, |s| s.pages.len()),
        directives: site.map_or(0, |s| s.citator.directives.len()),
        events: site.map_or(0, |s| s.calendar.events.len()),
        files,
        photo_files_made: site.map_or(0, |s| s.photos.encoded),
        photos: site.map_or(0, |s| s.photos.count),
        diagnostics: diags.into_sorted(),
        elapsed: start.elapsed(),
        removed_leftovers: Vec::new(),
    }
}

/// Renders the site into `sink`, warning about every generated file over `budget`.
fn render_weighed(site: &mut Site, sink: &dyn Sink, budget: Budget, diags: &mut Diagnostics) {
    let weighed = Weighed::new(sink, site, budget);
    render::render(site, &weighed, diags);
    diags.extend(weighed.into_warnings());
    if let Some(d) = lost_quotes() {
        diags.push(d);
    }
}

/// An error when quotes could not be read back while rendering (`quote::take_lost`): the
/// pages quoting them would go out without them, so nothing is published.
pub fn lost_quotes() -> Option<Diagnostic> {
    let lost = crate::analysis::quote::take_lost();
    (lost > 0).then(|| {
        Diagnostic::error(
            std::env::temp_dir().display().to_string(),
            format!("không đọc lại được {lost} câu trích dẫn từ tệp tạm của bangtin (lỗi ổ đĩa)"),
        )
        .help("kiểm tra ổ đĩa chứa thư mục tạm (biến TMPDIR) còn chỗ trống và không lỗi, rồi dựng lại; trang web cũ được giữ nguyên")
    })
}

/// Builds the site into the output folder. The previous output is replaced only on success.
pub fn build(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let out = opts.output_dir();
    if let Err(d) = check_output_dir(&opts.root, &out, opts.force) {
        diags.push(d);
        return report(None, diags, 0, start);
    }
    let Some(mut site) = load(opts, &mut diags) else {
        return report(None, diags, 0, start);
    };
    if diags.has_errors() {
        return report(Some(&site), diags, 0, start);
    }
    let removed_leftovers = remove_stale_temp_dirs(&out);
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return report(Some(&site), diags, 0, start);
        }
    };
    let sink = DirSink::new(staging.dir.clone());
    render_weighed(&mut site, &sink, opts.budget, &mut diags);
    let written = sink.written();
    if diags.has_errors() {
        staging.abandon();
        return report(Some(&site), diags, 0, start);
    }
    if let Err(d) = crate::progress::timed("commit", || staging.commit(&written)) {
        diags.push(d);
    } else {
        // Processed photos no page shows any more leave the cache: it does not grow forever.
        let used: std::collections::HashSet<String> = site
            .photos
            .files
            .keys()
            .filter_map(|f| f.rsplit('/').next().map(str::to_string))
            .collect();
        if let Err(e) = crate::images::ImageCache::new(&opts.root).prune(&used) {
            diags.push(Diagnostic::warning(crate::images::CACHE_DIR, e.message));
        }
    }
    Report {
        removed_leftovers,
        ..report(Some(&site), diags, written.len(), start)
    }
}

/// Renders the site into memory: the files a build would write, by output path.
pub fn render_to_memory(
    opts: &BuildOptions,
) -> (Report, std::collections::BTreeMap<String, Vec<u8>>) {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(mut site) = load(opts, &mut diags) else {
        return (report(None, diags, 0, start), Default::default());
    };
    let sink = MemSink::new(true);
    if !diags.has_errors() {
        render_weighed(&mut site, &sink, opts.budget, &mut diags);
    }
    let files = sink.into_files();
    (report(Some(&site), diags, files.len(), start), files)
}

/// Validates everything a build would do, writing nothing. Adds the warnings only `check`
/// gives: citations of one document that disagree.
pub fn check(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(mut site) = load(opts, &mut diags) else {
        return report(None, diags, 0, start);
    };
    for d in &site.citator.directives {
        for conflict in &d.conflicts {
            let file = &site.pages[conflict.page].source;
            diags.push(
                Diagnostic::warning(file, conflict.message.clone()).help(format!(
                    "kiểm tra lại ngày ban hành của {} trên văn bản gốc, rồi sửa trích dẫn sai",
                    d.symbol
                )),
            );
        }
    }
    let sink = MemSink::new(false);
    render_weighed(&mut site, &sink, opts.budget, &mut diags);
    let files = sink.into_files().len();
    report(Some(&site), diags, files, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(config: &str) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::write(tmp.path().join(crate::config::CONFIG_FILE), config).expect("write");
        tmp
    }

    #[test]
    fn base_url_flag_is_checked_like_the_config_key() {
        let tmp = site_with("title: x\nbase_url: /\n");
        let mut opts = BuildOptions::new(tmp.path(), Date::constant(2025, 6, 1));
        opts.base_url = Some("\"https://a.gov.vn/\"".into());
        let mut diags = Diagnostics::default();
        assert!(load(&opts, &mut diags).is_none());
        let d = &diags.into_sorted()[0];
        assert_eq!(d.path, std::path::Path::new("--base-url"));
        assert!(d.message.contains("ngoặc"), "{d}");
        assert!(
            d.help
                .as_deref()
                .unwrap_or("")
                .contains("--base-url https://"),
            "{d}"
        );

        opts.base_url = Some("https://a.gov.vn/sub".into());
        let mut diags = Diagnostics::default();
        let site = load(&opts, &mut diags).expect("loads");
        assert_eq!(site.config.base_url.as_str(), "https://a.gov.vn/sub/");
        assert_eq!(site.config.base_path(), "/sub/");
    }

    #[test]
    fn today_is_read_in_the_site_time_zone() {
        // 2025-06-01 20:00 UTC is already 2 June in Hà Nội, still 1 June in UTC.
        let at = Today::At(jiff::Timestamp::from_second(1_748_808_000).expect("instant"));
        for (zone, day) in [("Asia/Ho_Chi_Minh", 2), ("UTC", 1)] {
            let tmp = site_with(&format!("title: x\nbase_url: /\ntimezone: {zone}\n"));
            let mut diags = Diagnostics::default();
            let site = load(&BuildOptions::new(tmp.path(), at), &mut diags).expect("loads");
            assert_eq!(site.today, Date::constant(2025, 6, day), "{zone}");
        }
    }
}
