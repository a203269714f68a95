//! The site kept in memory between rebuilds: the graph of the last good build, its rendered
//! files, which job wrote which file and the fingerprint of each job's view. A change of one
//! page re-reads that file only, rebuilds the graph from the pages already loaded, and
//! re-renders the jobs whose view changed (`render::fingerprints`): what a page shows is
//! said once, by the code that makes its view. The commonest edits (text, a title or date,
//! what a page cites) take a faster way (`Incremental::patch`): the graph is patched in place.
//! A build with errors leaves the served files untouched.

use super::watch::{Change, WATCHED};
use crate::analysis::page::{read_and_analyse, Findings};
use crate::build::{self, BuildOptions};
use crate::content::{self, Loaded, Page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::patch::Patched;
use crate::graph::{self, PageId, Site};
use crate::output::MemSink;
use crate::render::{self, deps, Job, Theme};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Output owner for what is not a job.
const FILES: &str = "#files";
const FEEDS: &str = "#feeds";

/// What a rebuild did, for the terminal and the browser.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Errors and warnings of this rebuild; with errors, the previous files are still served.
    pub diagnostics: Vec<Diagnostic>,
    /// Jobs rendered (all of them for a full build).
    pub rendered: usize,
    /// Views compared with the ones last rendered, to find those to render again (the long
    /// way only; `deps::may_have_changed` says which may have changed).
    pub compared: usize,
    pub full: bool,
    /// The edit changed text only and the graph was updated in place (`Site::patch_text`).
    pub text_only: bool,
    /// The edit changed a title, summary, date or tags (and maybe text) and the graph was
    /// updated in place (`Site::retitle`).
    pub retitled: bool,
    /// The edit changed what a page cites (and maybe its text) and the citator was updated
    /// in place (`Site::recite`).
    pub recited: bool,
    pub elapsed: Duration,
    /// Where the time went, phase by phase (for `serve_bench`).
    pub phases: Vec<(&'static str, Duration)>,
    /// Watched folders (`watch::WATCHED`) that vanished just before this rebuild (deleted or
    /// moved away while serving); each also has a diagnostic. The browser is told.
    pub gone: Vec<&'static str>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub struct Incremental {
    opts: BuildOptions,
    /// The site the files were rendered from; `None` until a build succeeds.
    site: Option<Site>,
    theme: Option<Theme>,
    /// `render::jobs(site)`, kept: computing it sorts every list.
    jobs: Vec<Job>,
    /// The fingerprint of each job's view, by `job_path`, as last rendered.
    prints: HashMap<String, u64>,
    files: BTreeMap<String, Vec<u8>>,
    /// Output paths by the job (its `job_path`) or group that wrote them.
    outputs: HashMap<String, Vec<String>>,
    owner: HashMap<String, String>,
    /// Content files changed since `site` was rendered (kept while the build has errors).
    dirty: BTreeSet<PathBuf>,
    /// Templates changed since the last good render.
    theme_dirty: bool,
    /// The config changed, or the last full build failed: the next rebuild is a full one.
    needs_full: bool,
    /// The feeds (search index, open data, calendar, RSS) lag behind the pages: `apply`
    /// leaves them to `render_feeds` and `commit_feeds`, so that the edited page shows first.
    feeds_stale: bool,
    /// Counts changes of `site`, so that feeds rendered from an older site are not committed.
    generation: u64,
    last: Outcome,
    /// Phases of the rebuild in progress.
    laps: Laps,
    /// The watched folders there were at the last rebuild, to notice one vanishing.
    folders: BTreeSet<&'static str>,
    /// `content/` vanished while serving and has not come back: nothing can be built.
    content_gone: bool,
    /// Folders found gone by `apply`, for the outcome `finish` makes.
    gone: Vec<&'static str>,
}

/// The feeds rendered from the site of one generation, for `commit_feeds`.
pub struct FeedsUpdate {
    generation: u64,
    files: Vec<(String, Vec<u8>)>,
    diagnostics: Vec<Diagnostic>,
}

/// A stopwatch for the phases of a rebuild.
struct Laps {
    phases: Vec<(&'static str, Duration)>,
    at: Instant,
}

impl Laps {
    fn new() -> Self {
        Laps {
            phases: Vec::new(),
            at: Instant::now(),
        }
    }

    /// Ends a phase: the time since the previous one goes under `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.at));
        self.at = now;
    }
}

/// The watched folders (`watch::WATCHED`) there are under `root`.
fn folders(root: &std::path::Path) -> BTreeSet<&'static str> {
    WATCHED
        .iter()
        .copied()
        .filter(|d| root.join(d).is_dir())
        .collect()
}

/// What serve says when a watched folder vanishes while serving: an error for `content/`
/// (nothing can be built; the last build stays served), a warning for the others (the site
/// is rebuilt without it, as `build` would).
fn gone_diagnostic(dir: &str) -> Diagnostic {
    let what = format!(
        "thư mục `{dir}/` không còn nữa: nó vừa bị xoá hoặc đổi tên trong lúc `bangtin serve` đang chạy"
    );
    let back = format!(
        "đặt lại thư mục `{dir}/` (ví dụ đổi tên lại như cũ): bangtin sẽ tự đọc lại và dựng lại trang"
    );
    if dir == "content" {
        Diagnostic::error(dir, what).help(format!(
            "{back}. Trong lúc chờ, trình duyệt vẫn hiện bản dựng trước."
        ))
    } else {
        Diagnostic::warning(dir, format!("{what}; trang đã được dựng lại không có nó"))
            .help(format!("nếu không cố ý xoá, {back}."))
    }
}

impl Incremental {
    /// Loads and renders the whole site.
    pub fn new(mut opts: BuildOptions) -> Self {
        // Text edits patch the graph with the parsed citations (`Site::patch_text`).
        opts.keep_citations = true;
        let present = folders(&opts.root);
        let mut me = Incremental {
            opts,
            site: None,
            theme: None,
            jobs: Vec::new(),
            prints: HashMap::new(),
            files: BTreeMap::new(),
            outputs: HashMap::new(),
            owner: HashMap::new(),
            dirty: BTreeSet::new(),
            theme_dirty: false,
            needs_full: true,
            feeds_stale: false,
            generation: 0,
            laps: Laps::new(),
            last: Outcome {
                diagnostics: Vec::new(),
                rendered: 0,
                compared: 0,
                full: true,
                text_only: false,
                retitled: false,
                recited: false,
                elapsed: Duration::ZERO,
                phases: Vec::new(),
                gone: Vec::new(),
            },
            folders: present,
            content_gone: false,
            gone: Vec::new(),
        };
        me.full();
        me
    }

    /// The rendered files by output path, as a build would write them.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// The outcome of the last rebuild.
    pub fn last(&self) -> &Outcome {
        &self.last
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Reloads everything from disk and renders every job.
    pub fn full(&mut self) -> &Outcome {
        let start = Instant::now();
        let mut diags = Diagnostics::new();
        let site = build::load(&self.opts, &mut diags);
        let result = match site {
            Some(site) if !diags.has_errors() => {
                render::load_theme(&site, &mut diags).map(|theme| (site, theme))
            }
            _ => None,
        };
        let mut rendered = 0;
        if let Some((site, theme)) = result {
            let all = render::jobs(&site);
            rendered = all.len();
            let groups = render_groups(&site, &theme, &all, true, true, &mut diags);
            if !diags.has_errors() {
                self.files.clear();
                self.outputs.clear();
                self.owner.clear();
                if let Err(d) = self.commit(groups, &[]) {
                    diags.push(d);
                }
            }
            if !diags.has_errors() {
                self.prints = by_path(
                    &paths_of(&site, &all),
                    render::fingerprints(&site, &theme, &all, None),
                );
                self.site = Some(site);
                self.jobs = all;
                self.theme = Some(theme);
                self.dirty.clear();
                self.theme_dirty = false;
                self.needs_full = false;
                self.feeds_stale = false;
                self.generation += 1;
            }
        }
        self.finish(diags, rendered, true, start)
    }

    /// Applies a batch of changes from the watcher: the pages they affect are up to date
    /// when it returns; the feeds may be left stale (see `feeds_stale`).
    pub fn apply(&mut self, changes: &[Change]) -> &Outcome {
        let present = folders(&self.opts.root);
        self.gone = self.folders.difference(&present).copied().collect();
        self.content_gone =
            !present.contains("content") && (self.content_gone || self.gone.contains(&"content"));
        self.folders = present;
        if self.content_gone {
            // Loading would only say there is no `content/`; the last build stays served.
            self.needs_full = true;
            let mut diags = Diagnostics::new();
            diags.push(gone_diagnostic("content"));
            return self.finish(diags, 0, false, Instant::now());
        }
        if self.needs_full || self.site.is_none() || changes.contains(&Change::Full) {
            return self.full();
        }
        let start = Instant::now();
        self.laps = Laps::new();
        for c in changes {
            match c {
                Change::Content(rel) => {
                    self.dirty.insert(rel.clone());
                }
                Change::Templates => self.theme_dirty = true,
                Change::Static | Change::Full => {}
            }
        }
        let statics = changes.contains(&Change::Static);
        let mut diags = Diagnostics::new();
        if !self.theme_dirty && !statics && !self.dirty.is_empty() {
            match self.patch(&mut diags) {
                Patch::Done { rendered, edit } => {
                    self.finish(diags, rendered, false, start);
                    self.last.text_only = edit == Edit::Text;
                    self.last.retitled = edit == Edit::Retitle;
                    self.last.recited = edit == Edit::Recite;
                    return &self.last;
                }
                Patch::Failed => return self.finish(diags, 0, false, start),
                Patch::NotText => self.laps.lap("not a text edit"),
            }
        }
        self.rebuild(statics, diags, start)
    }

    /// The long way: re-read the changed files and the templates, build the graph again,
    /// and render the jobs whose view changed (`render::fingerprints`).
    fn rebuild(&mut self, statics: bool, mut diags: Diagnostics, start: Instant) -> &Outcome {
        let Some(old) = self.site.take() else {
            return self.full();
        };
        let Some(new) = self.reload(&old, &mut diags) else {
            self.site = Some(old);
            return self.finish(diags, 0, false, start);
        };
        // A new menu (a page marked `menu: true` retitled, the first news item) shows on
        // every page, through the theme (`render::site_fingerprint`).
        if let Some(site) = new.as_ref().filter(|_| !self.theme_dirty) {
            if render::site_fingerprint(site) != render::site_fingerprint(&old) {
                match render::load_theme(site, &mut diags) {
                    Some(t) if !diags.has_errors() => self.theme = Some(t),
                    _ => {
                        self.site = Some(old);
                        return self.finish(diags, 0, false, start);
                    }
                }
                self.theme_dirty = true;
            }
        }
        let Some(theme) = self.theme.take() else {
            self.site = Some(old);
            return self.full();
        };
        let site = new.as_ref().unwrap_or(&old);
        let site_jobs = if new.is_some() {
            render::jobs(site)
        } else {
            self.jobs.clone()
        };
        // Each job's path, once: the key of its fingerprint and of its outputs.
        let paths = paths_of(site, &site_jobs);
        self.laps.lap("jobs");
        // The jobs whose view changed; all of them when the templates did. Only the views
        // that may have changed are compared (`deps::may_have_changed`); the others keep
        // their fingerprints.
        let mut compared = 0;
        let which = match &new {
            Some(n) if !self.theme_dirty => {
                deps::may_have_changed(&old, n, &self.dirty, &self.jobs, &site_jobs)
            }
            _ => None,
        };
        self.laps.lap("compare graphs");
        let prints = (new.is_some() || self.theme_dirty).then(|| {
            match which {
                Some(mut which) => {
                    // A view rendered by a patch has no fingerprint (`patch`): compare it.
                    for (w, path) in which.iter_mut().zip(&paths) {
                        *w |= !self.prints.contains_key(path);
                    }
                    compared = which.iter().filter(|&&w| w).count();
                    let fresh = render::fingerprints(site, &theme, &site_jobs, Some(&which));
                    let prints = which
                        .iter()
                        .zip(fresh)
                        .zip(&paths)
                        .map(|((&w, f), path)| if w { f } else { self.prints.get(path).copied() })
                        .collect();
                    by_path(&paths, prints)
                }
                None => {
                    compared = site_jobs.len();
                    by_path(&paths, render::fingerprints(site, &theme, &site_jobs, None))
                }
            }
        });
        let jobs: Vec<Job> = match &prints {
            Some(_) if self.theme_dirty => site_jobs.clone(),
            Some(now) => site_jobs
                .iter()
                .zip(&paths)
                .filter(|(_, path)| {
                    now.get(*path).is_none() || now.get(*path) != self.prints.get(*path)
                })
                .map(|(j, _)| j.clone())
                .collect(),
            None => Vec::new(),
        };
        // Attachments are copied with the static files; a page may have added or dropped one.
        let attachments = |s: &Site| {
            s.pages
                .iter()
                .any(|p| self.dirty.contains(&p.source) && !p.attachments.is_empty())
        };
        // So are the processed photos: a page may show a new one.
        let photos = site.photos.files != old.photos.files;
        let with_files = self.theme_dirty
            || statics
            || photos
            || (new.is_some() && (attachments(&old) || attachments(site)));
        self.laps.lap("affected");
        let groups = render_groups(site, &theme, &jobs, with_files, false, &mut diags);
        self.laps.lap("render");
        let gone = match new {
            Some(_) => self.gone(&paths),
            None => Vec::new(),
        };
        self.laps.lap("gone");
        if !diags.has_errors() {
            if let Err(d) = self.commit(groups, &gone) {
                diags.push(d);
            }
        }
        self.laps.lap("commit");
        self.theme = Some(theme);
        if diags.has_errors() {
            self.site = Some(old);
        } else {
            self.feeds_stale |= new.is_some() || self.theme_dirty;
            if let Some(prints) = prints {
                self.prints = prints;
            }
            self.jobs = site_jobs;
            self.site = Some(new.unwrap_or(old));
            self.dirty.clear();
            self.theme_dirty = false;
            self.generation += 1;
        }
        self.finish(diags, jobs.len(), false, start);
        self.last.compared = compared;
        &self.last
    }

    /// The site after re-reading the dirty files (`Some(None)` when none are), with the
    /// theme re-read when templates changed. `None` on errors, which are in `diags`.
    fn reload(&mut self, old: &Site, diags: &mut Diagnostics) -> Option<Option<Site>> {
        let new = if self.dirty.is_empty() {
            None
        } else {
            Some(reload(&self.opts, &self.dirty, old, diags, &mut self.laps)?)
        };
        if self.theme_dirty {
            let site = new.as_ref().unwrap_or(old);
            match render::load_theme(site, diags) {
                Some(t) if !diags.has_errors() => self.theme = Some(t),
                _ => return None,
            }
        }
        Some(new)
    }

    /// Outputs of jobs gone from the site (a page deleted or moved, a list shortened).
    fn gone(&self, paths: &[String]) -> Vec<String> {
        let now: HashSet<&String> = paths.iter().collect();
        self.outputs
            .keys()
            .filter(|k| !k.starts_with('#') && !now.contains(*k))
            .cloned()
            .collect()
    }

    /// The fast way for the commonest edits: pages whose text changed but not their front
    /// matter, nor what they cite, name or date (`Site::patch_text`), or whose title,
    /// summary, date, tags or a plan's signer, place or recipients changed too
    /// (`Site::retitle`). The graph is updated in place and only the pages showing what
    /// changed are rendered again.
    fn patch(&mut self, diags: &mut Diagnostics) -> Patch {
        let (Some(site), Some(_)) = (self.site.as_mut(), self.theme.as_ref()) else {
            return Patch::NotText;
        };
        let load_opts = self.opts.load_options(site.today);
        let matcher = graph::name_matcher(&site.links.named);
        let mut edits = Vec::new();
        for rel in &self.dirty {
            let Some(i) = site.pages.ids().find(|&i| &site.pages[i].source == rel) else {
                return Patch::NotText;
            };
            if !self.opts.root.join(rel).is_file() {
                return Patch::NotText;
            }
            match content::load_one(&self.opts.root, rel, load_opts) {
                Ok(Some(Loaded::Page(p))) => {
                    let findings = match read_and_analyse(&p, &matcher) {
                        Ok(f) => f,
                        Err(d) => {
                            diags.push(d);
                            return Patch::Failed;
                        }
                    };
                    let edit = if site.is_text_edit(i, &p, &findings) {
                        Edit::Text
                    } else if site.is_retitle(i, &p, &findings) {
                        Edit::Retitle
                    } else if self.dirty.len() == 1 && site.is_recite(i, &p, &findings) {
                        // Alone: the ids of directives may move, which other patches hold.
                        Edit::Recite
                    } else {
                        return Patch::NotText;
                    };
                    edits.push((edit, i, *p, findings));
                }
                Ok(_) => return Patch::NotText,
                Err(ds) => {
                    diags.extend(ds);
                    return Patch::Failed;
                }
            }
        }
        self.laps.lap("read changed files, analyse");
        if let [(Edit::Recite, ..)] = edits.as_slice() {
            let Some((_, i, page, findings)) = edits.pop() else {
                return Patch::NotText;
            };
            return self.recite(i, page, findings, diags);
        }
        // Retitles first: one may still decline (`Site::retitle`), and while nothing is
        // patched the long way can start from the site as it was.
        edits.sort_by_key(|(edit, ..)| *edit);
        let mut patched = Patched::default();
        let mut retitles = Vec::new();
        let mut pages = Vec::new();
        for (edit, i, page, findings) in edits {
            let p = match edit {
                Edit::Retitle => site.retitle(i, page, findings).map(|r| {
                    let p = r.patched.clone();
                    retitles.push(r);
                    p
                }),
                Edit::Text => site.patch_text(i, page, findings),
                Edit::Recite => None,
            };
            let Some(p) = p else {
                // A retitle declined after another edit was patched in (`is_text_edit`
                // said yes to the others): rebuild everything to be safe.
                self.needs_full |= !pages.is_empty();
                return Patch::NotText;
            };
            patched.directives.extend(p.directives);
            patched.mentioned.extend(p.mentioned);
            patched.events.extend(p.events);
            pages.push(i);
        }
        let retagged: BTreeSet<String> = retitles
            .iter()
            .flat_map(|r| r.tags.iter().cloned())
            .collect();
        for r in &retitles {
            deps::reorder_after_retitle(site, &mut self.jobs, r);
        }
        let (gone, relisted) = if retitles.iter().any(|r| r.dated) {
            // A new date may change the years' lists and counts (on the lists of sections
            // too): the lists are made again, and compared with the last ones.
            let fresh = render::list_jobs(site);
            let changed = changed_lists(site, &self.jobs, &fresh);
            self.jobs.retain(|j| !render::is_list(j));
            self.jobs.extend(fresh);
            changed
        } else {
            let gone = if retagged.is_empty() {
                Vec::new()
            } else {
                replace_tag_jobs(site, &mut self.jobs)
            };
            (gone, Vec::new())
        };
        self.laps.lap("graph");
        let mut jobs = deps::affected_by_patch(site, &self.jobs, &pages, &patched);
        if !retitles.is_empty() {
            let mut seen: HashSet<String> =
                jobs.iter().map(|j| render::job_path(site, j)).collect();
            let retagged = deps::affected_by_retag(&self.jobs, &retagged);
            for r in &retitles {
                for j in deps::affected_by_retitle(site, &self.jobs, r)
                    .into_iter()
                    .chain(retagged.iter().cloned())
                    .chain(relisted.iter().cloned())
                {
                    if seen.insert(render::job_path(site, &j)) {
                        jobs.push(j);
                    }
                }
            }
        }
        self.laps.lap("affected");
        let edit = if retitles.is_empty() {
            Edit::Text
        } else {
            Edit::Retitle
        };
        self.render_patched(jobs, gone, edit, diags)
    }

    /// The fast way for an edit of what one page cites (`Site::recite`): the citator is
    /// updated in place, the jobs of the directives and agencies are made again, and the
    /// pages showing what changed are rendered again.
    fn recite(
        &mut self,
        i: PageId,
        page: Page,
        findings: Findings,
        diags: &mut Diagnostics,
    ) -> Patch {
        let Some(site) = self.site.as_mut() else {
            return Patch::NotText;
        };
        let Some(r) = site.recite(i, page, findings) else {
            return Patch::NotText;
        };
        let site = &*site;
        self.laps.lap("graph");
        let (directives, agencies) = render::citator_jobs(site);
        let mut fresh: Vec<Job> = directives.iter().chain(&agencies).cloned().collect();
        let first_list = |j: &Job| {
            !matches!(
                j,
                Job::Home
                    | Job::Directives
                    | Job::NotFound
                    | Job::Search
                    | Job::Page(_)
                    | Job::Alias { .. }
            )
        };
        let mut old = splice(
            &mut self.jobs,
            render::is_directive_job,
            first_list,
            directives,
        );
        old.extend(splice(
            &mut self.jobs,
            render::is_agency_job,
            first_list,
            agencies,
        ));
        if r.events.is_some() {
            // The page's events moved the others' ids, which the days' entries hold: the days
            // kept are moved to the new ids, those of the events changed made again; all of
            // them when the calendar's years changed.
            let calendar = if render::same_calendar_years(site, &self.jobs) {
                let changed = deps::listed_days(site, &deps::changed_events(site, &r));
                let was = self.jobs.iter().filter(|j| render::is_calendar_job(j));
                render::calendar_jobs_after(site, was, &changed, &r.event_remap)
            } else {
                render::calendar_jobs(site)
            };
            fresh.extend(calendar.iter().cloned());
            old.extend(splice(
                &mut self.jobs,
                render::is_calendar_job,
                |_| false,
                calendar,
            ));
        }
        let gone = deps::gone_after_recite(site, &old, &fresh, &r);
        self.laps.lap("jobs");
        let jobs = deps::affected_by_recite(site, &self.jobs, &old, &r);
        self.laps.lap("affected");
        self.render_patched(jobs, gone, Edit::Recite, diags)
    }

    /// Renders `jobs` after an edit patched into the graph, and drops the outputs of `gone`.
    fn render_patched(
        &mut self,
        jobs: Vec<Job>,
        gone: Vec<String>,
        edit: Edit,
        diags: &mut Diagnostics,
    ) -> Patch {
        let (Some(site), Some(theme)) = (self.site.as_ref(), self.theme.as_ref()) else {
            return Patch::Failed;
        };
        // Their views changed but are not fingerprinted here (that would cost as much as
        // rendering them): forgetting their fingerprints makes the next rebuild take them as
        // changed.
        let rendered: Vec<String> = jobs.iter().map(|j| render::job_path(site, j)).collect();
        let groups = render_groups(site, theme, &jobs, false, false, diags);
        self.laps.lap("render");
        if !diags.has_errors() {
            if let Err(d) = self.commit(groups, &gone) {
                diags.push(d);
            }
        }
        self.laps.lap("commit");
        if diags.has_errors() {
            // The graph has the new text but the files do not: start again from scratch.
            self.needs_full = true;
            return Patch::Failed;
        }
        for path in rendered.iter().chain(&gone) {
            self.prints.remove(path);
        }
        self.dirty.clear();
        self.feeds_stale = true;
        self.generation += 1;
        Patch::Done {
            rendered: jobs.len(),
            edit,
        }
    }

    /// Whether the feeds lag behind the pages (after `apply`).
    pub fn feeds_stale(&self) -> bool {
        self.feeds_stale
    }

    /// Whether `path` (an output path) is one of the feeds.
    pub fn is_feed(&self, path: &str) -> bool {
        self.owner.get(path).is_some_and(|o| o == FEEDS)
    }

    /// Renders the feeds of the current site, when they are stale. Takes `&self`: `serve`
    /// renders them while still answering requests, then commits them. Gives up (`None`)
    /// as soon as it can once `stopped` says so: `serve` asks it when an edit waits to be
    /// applied, which would make these feeds stale anyway (at 50,000 plans they take
    /// seconds).
    pub fn render_feeds(&self, stopped: &(dyn Fn() -> bool + Sync)) -> Option<FeedsUpdate> {
        let site = self.site.as_ref().filter(|_| self.feeds_stale)?;
        let mut diags = Diagnostics::new();
        let mem = MemSink::new(true);
        let sink = Stoppable {
            inner: &mem,
            stopped,
        };
        render::write_feeds(site, &sink, &mut diags);
        if stopped() {
            return None;
        }
        if let Some(d) = crate::build::lost_quotes() {
            diags.push(d);
        }
        Some(FeedsUpdate {
            generation: self.generation,
            files: mem.into_files().into_iter().collect(),
            diagnostics: diags.into_sorted(),
        })
    }

    /// Puts feeds from `render_feeds` in place, unless the site changed since (they stay
    /// stale then). With errors, returned, the previous feeds are kept and served.
    pub fn commit_feeds(&mut self, update: FeedsUpdate) -> Vec<Diagnostic> {
        let mut out = update.diagnostics;
        if update.generation != self.generation {
            return out;
        }
        if !out.iter().any(Diagnostic::is_error) {
            if let Err(d) = self.commit(vec![(FEEDS.to_string(), update.files)], &[]) {
                out.push(d);
            }
        }
        self.feeds_stale = false;
        out
    }

    /// Brings the feeds up to date at once: `apply` then `settle` gives what a build gives.
    pub fn settle(&mut self) -> Vec<Diagnostic> {
        match self.render_feeds(&|| false) {
            Some(update) => self.commit_feeds(update),
            None => Vec::new(),
        }
    }

    /// Replaces the outputs of each group with its new files, and drops those of `gone`.
    /// Two groups writing one path is an error, as in a build; nothing changes then.
    fn commit(&mut self, groups: Vec<Group>, gone: &[String]) -> Result<(), Diagnostic> {
        let replaced: HashSet<&str> = groups
            .iter()
            .map(|(k, _)| k.as_str())
            .chain(gone.iter().map(String::as_str))
            .collect();
        let mut claimed: HashMap<&str, &str> = HashMap::new();
        for (key, files) in &groups {
            for (path, _) in files {
                let other = claimed.insert(path, key).or_else(|| {
                    self.owner
                        .get(path)
                        .map(String::as_str)
                        .filter(|o| !replaced.contains(o))
                });
                if other.is_some_and(|o| o != key) {
                    return Err(Diagnostic::error(path.as_str(), format!("đường dẫn /{path} được tạo hai lần"))
                        .help("một trang trong content/ hoặc một tệp trong static/ trùng đường dẫn với trang bangtin tự tạo: đổi tên tệp hoặc đặt `slug:` khác"));
                }
            }
        }
        for key in gone.iter().chain(groups.iter().map(|(k, _)| k)) {
            for path in self.outputs.remove(key).unwrap_or_default() {
                if self.owner.get(&path) == Some(key) {
                    self.owner.remove(&path);
                    self.files.remove(&path);
                }
            }
        }
        for (key, files) in groups {
            let mut paths = Vec::with_capacity(files.len());
            for (path, bytes) in files {
                self.owner.insert(path.clone(), key.clone());
                self.files.insert(path.clone(), bytes);
                paths.push(path);
            }
            self.outputs.insert(key, paths);
        }
        Ok(())
    }

    fn finish(
        &mut self,
        mut diags: Diagnostics,
        rendered: usize,
        full: bool,
        start: Instant,
    ) -> &Outcome {
        if full && diags.has_errors() {
            self.needs_full = true;
        }
        let gone = std::mem::take(&mut self.gone);
        diags.extend(
            gone.iter()
                .filter(|d| **d != "content")
                .map(|d| gone_diagnostic(d)),
        );
        self.last = Outcome {
            diagnostics: diags.into_sorted(),
            rendered,
            compared: 0,
            full,
            text_only: false,
            retitled: false,
            recited: false,
            elapsed: start.elapsed(),
            phases: std::mem::take(&mut self.laps.phases),
            gone,
        };
        &self.last
    }
}

/// The graph after re-reading the `dirty` files, keeping every other page as loaded.
/// `None` when the content has errors (they are in `diags`).
fn reload(
    opts: &BuildOptions,
    dirty: &BTreeSet<PathBuf>,
    old: &Site,
    diags: &mut Diagnostics,
    laps: &mut Laps,
) -> Option<Site> {
    let root = &opts.root;
    let load_opts = opts.load_options(old.today);
    let mut pages: Vec<(Arc<Page>, Option<Arc<Findings>>)> = old
        .pages
        .iter()
        .zip(&old.pages.findings)
        .filter(|(p, _)| !dirty.contains(&p.source))
        .map(|(p, f)| (p.clone(), Some(f.clone())))
        .collect();
    laps.lap("copy unchanged pages");
    let mut sections: Vec<content::SectionIndex> = old
        .pages
        .sections
        .values()
        .filter(|s| !dirty.contains(&s.source))
        .cloned()
        .collect();
    for rel in dirty {
        if !root.join(rel).is_file() {
            continue; // deleted
        }
        match content::load_one(root, rel, load_opts) {
            Ok(Some(Loaded::Page(p))) => pages.push((Arc::new(*p), None)),
            Ok(Some(Loaded::Section(s))) => sections.push(s),
            Ok(None) => {}
            Err(ds) => diags.extend(ds),
        }
    }
    laps.lap("read changed files");
    let site = build::assemble(
        old.config.clone(),
        pages,
        sections,
        old.links.named.as_slice(),
        opts,
        old.today,
        diags,
    );
    laps.lap("graph");
    (!diags.has_errors()).then_some(site)
}

/// Puts the jobs of the tags (`render::tag_jobs`) of `site` in the place of those in `jobs`,
/// after a change of a page's tags; returns the paths of the jobs gone (a tag no page has
/// any more, a list a page shorter).
fn replace_tag_jobs(site: &Site, jobs: &mut Vec<Job>) -> Vec<String> {
    fn is_tags(j: &Job) -> bool {
        match j {
            Job::Terms { path, .. } => path == crate::routes::TAGS,
            Job::List(l, _) => l.path.starts_with(crate::routes::TAGS),
            _ => false,
        }
    }
    let fresh = render::tag_jobs(site);
    let now: HashSet<String> = fresh.iter().map(|j| render::job_path(site, j)).collect();
    // The index of tags is always there.
    splice(jobs, is_tags, |_| false, fresh)
        .iter()
        .map(|j| render::job_path(site, j))
        .filter(|path| !now.contains(path))
        .collect()
}

/// Puts `fresh` in the place of the jobs of one part of `jobs` (those `is` says are, all
/// together in `jobs`' order), and gives those back. A part with no jobs yet goes before the
/// first job `after_it` says comes after it (at the end when none does).
fn splice(
    jobs: &mut Vec<Job>,
    is: fn(&Job) -> bool,
    after_it: impl Fn(&Job) -> bool,
    fresh: Vec<Job>,
) -> Vec<Job> {
    let (start, end) = match jobs.iter().position(is) {
        Some(s) => (s, s + jobs[s..].iter().take_while(|j| is(j)).count()),
        None => {
            let at = jobs.iter().position(after_it).unwrap_or(jobs.len());
            (at, at)
        }
    };
    jobs.splice(start..end, fresh).collect()
}

/// Comparing the jobs of lists and of indexes of terms in `old` (every job of the site) with
/// `fresh` (`render::list_jobs` of the site after an edit): the paths of those gone, and the
/// jobs new or whose list shows other entries, in another order or with other counts. Not
/// compared: what the entries show of their pages (`deps::affected_by_retitle` says which
/// pages changed).
fn changed_lists(site: &Site, old: &[Job], fresh: &[Job]) -> (Vec<String>, Vec<Job>) {
    let per = site.config.paginate;
    let before: HashMap<String, &Job> = old
        .iter()
        .filter(|j| render::is_list(j))
        .map(|j| (render::job_path(site, j), j))
        .collect();
    let mut now = HashSet::with_capacity(fresh.len());
    let mut changed = Vec::new();
    for job in fresh {
        let path = render::job_path(site, job);
        let same = match (job, before.get(&path)) {
            (Job::List(l, n), Some(Job::List(o, m))) => {
                n == m
                    && (Arc::ptr_eq(l, o)
                        || (l.same_frame(o)
                            && render::views::page_slice(&l.items, *n, per)
                                == render::views::page_slice(&o.items, *n, per)))
            }
            (
                Job::Terms { terms, title, .. },
                Some(Job::Terms {
                    terms: t, title: u, ..
                }),
            ) => terms == t && title == u,
            _ => false,
        };
        if !same {
            changed.push(job.clone());
        }
        now.insert(path);
    }
    let gone = before.into_keys().filter(|p| !now.contains(p)).collect();
    (gone, changed)
}

/// A sink that says it is `stopped` when asked to stop (`Incremental::render_feeds`).
struct Stoppable<'a> {
    inner: &'a MemSink,
    stopped: &'a (dyn Fn() -> bool + Sync),
}

impl render::Sink for Stoppable<'_> {
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.inner.write(path, bytes)
    }

    fn copy(&self, path: &str, from: &std::path::Path) -> Result<(), Diagnostic> {
        self.inner.copy(path, from)
    }

    fn has(&self, path: &str) -> bool {
        self.inner.has(path)
    }

    fn stopped(&self) -> bool {
        (self.stopped)()
    }
}

type Group = (String, Vec<(String, Vec<u8>)>);

/// The path of each job (`render::job_path`).
fn paths_of(site: &Site, jobs: &[Job]) -> Vec<String> {
    jobs.iter().map(|j| render::job_path(site, j)).collect()
}

/// Fingerprints (from `render::fingerprints`) by the path of their job; a job without one is
/// left out, so that it always counts as changed.
fn by_path(paths: &[String], prints: Vec<Option<u64>>) -> HashMap<String, u64> {
    paths
        .iter()
        .zip(prints)
        .filter_map(|(path, p)| Some((path.clone(), p?)))
        .collect()
}

/// How a changed page may be patched into the graph, in the order `patch` applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Edit {
    Retitle,
    Text,
    /// Only ever alone (`Site::recite`).
    Recite,
}

enum Patch {
    /// Done: this many jobs were rendered, after an edit of this kind.
    Done { rendered: usize, edit: Edit },
    /// A changed file has errors (in `diags`); nothing changed.
    Failed,
    /// Not an edit of text alone: take the long way.
    NotText,
}

/// Renders `jobs` (each into its own sink, to know which files it wrote) and, when asked, the
/// feeds and the theme assets, static files and attachments.
fn render_groups(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    with_files: bool,
    with_feeds: bool,
    diags: &mut Diagnostics,
) -> Vec<Group> {
    let results: Vec<Result<Group, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let sink = MemSink::new(true);
            render::render_job(site, theme, job, &sink)?;
            Ok((
                render::job_path(site, job),
                sink.into_files().into_iter().collect(),
            ))
        })
        .collect();
    let mut groups = Vec::with_capacity(results.len() + 2);
    for r in results {
        match r {
            Ok(g) => groups.push(g),
            Err(d) => diags.push(d),
        }
    }
    if with_files {
        let sink = MemSink::new(true);
        render::write_files(site, theme, &sink, diags);
        groups.push((FILES.to_string(), sink.into_files().into_iter().collect()));
    }
    if with_feeds {
        let sink = MemSink::new(true);
        render::write_feeds(site, &sink, diags);
        groups.push((FEEDS.to_string(), sink.into_files().into_iter().collect()));
    }
    if let Some(d) = crate::build::lost_quotes() {
        diags.push(d);
    }
    groups
}
