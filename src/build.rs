//! The pipeline: config → content → analysis → graph → render → output. `check` is a build
//! that writes nothing; `serve` renders into memory.

use crate::analysis::page::analyse;
use crate::config::Config;
use crate::content::{self, LoadOptions, Page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{self, Site};
use crate::output::{check_output_dir, DirSink, MemSink, Staging};
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
    /// The build's date ("today" for the calendar and `publish_date`), decided by the caller.
    pub today: Date,
    /// What a generated file may weigh before the build warns (`render::budget`).
    pub budget: Budget,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, today: Date) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            force: false,
            today,
            budget: Budget::DEFAULT,
        }
    }

    /// What loading content needs of these options (`serve` reloads single files with it).
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            today: self.today,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub directives: usize,
    pub events: usize,
    pub files: usize,
    pub elapsed: Duration,
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
        match Config::parse(
            &opts.root,
            &format!("title: x\nbase_url: \"{}\"\n", url.replace('"', "")),
        ) {
            Ok(c) => config.base_url = c.base_url,
            Err(mut d) => {
                d.path = PathBuf::from("--base-url");
                d.line = None;
                diags.push(d);
                return None;
            }
        }
    }
    let content = content::load(&opts.root, opts.load_options(), diags);
    let mut pages: Vec<Arc<Page>> = content.pages.into_iter().map(Arc::new).collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let pages = graph::IdVec::from_vec(pages);
    graph::check_collisions(&pages, diags);
    let named = graph::named_things(&pages);
    let matcher = graph::name_matcher(&named);
    let findings: Vec<_> = pages
        .as_slice()
        .par_iter()
        .map(|p| Arc::new(analyse(p, &matcher)))
        .collect();
    let agencies = graph::agency::load_entries(&opts.root, diags);
    let input = graph::Input {
        config,
        pages,
        findings: graph::IdVec::from_vec(findings),
        sections: content.sections,
        named,
        agencies,
    };
    Some(graph::build(input, opts.today, diags))
}

fn report(site: Option<&Site>, diags: Diagnostics, files: usize, start: Instant) -> Report {
    Report {
        pages: site.map_or(0, |s| s.pages.len()),
        directives: site.map_or(0, |s| s.citator.directives.len()),
        events: site.map_or(0, |s| s.calendar.events.len()),
        files,
        diagnostics: diags.into_sorted(),
        elapsed: start.elapsed(),
    }
}

/// Renders the site into `sink`, warning about every generated file over `budget`.
fn render_weighed(site: &Site, sink: &dyn Sink, budget: Budget, diags: &mut Diagnostics) {
    let weighed = Weighed::new(sink, site, budget);
    render::render(site, &weighed, diags);
    diags.extend(weighed.into_warnings());
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
    let Some(site) = load(opts, &mut diags) else {
        return report(None, diags, 0, start);
    };
    if diags.has_errors() {
        return report(Some(&site), diags, 0, start);
    }
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return report(Some(&site), diags, 0, start);
        }
    };
    let sink = DirSink::new(staging.dir.clone());
    render_weighed(&site, &sink, opts.budget, &mut diags);
    let written = sink.written();
    if diags.has_errors() {
        staging.abandon();
        return report(Some(&site), diags, 0, start);
    }
    if let Err(d) = staging.commit(&written) {
        diags.push(d);
    }
    report(Some(&site), diags, written.len(), start)
}

/// Renders the site into memory: the files a build would write, by output path.
pub fn render_to_memory(
    opts: &BuildOptions,
) -> (Report, std::collections::BTreeMap<String, Vec<u8>>) {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(site) = load(opts, &mut diags) else {
        return (report(None, diags, 0, start), Default::default());
    };
    let sink = MemSink::new(true);
    if !diags.has_errors() {
        render_weighed(&site, &sink, opts.budget, &mut diags);
    }
    let files = sink.into_files();
    (report(Some(&site), diags, files.len(), start), files)
}

/// Validates everything a build would do, writing nothing. Adds the warnings only `check`
/// gives: citations of one document that disagree.
pub fn check(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(site) = load(opts, &mut diags) else {
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
    render_weighed(&site, &sink, opts.budget, &mut diags);
    let files = sink.into_files().len();
    report(Some(&site), diags, files, start)
}
