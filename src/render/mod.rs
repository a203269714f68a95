//! Rendering: Markdown with citation links, Tera templates over views, feeds and open data.
//! Every output file is produced by one `Job`; jobs run in parallel and write to a `Sink`.

pub mod budget;
pub mod calendar;
pub mod deps;
pub mod feeds;
pub mod i18n;
pub mod ics;
mod jobs;
pub mod minify;
mod pages;
pub mod photos;
mod refs;
pub mod search;
pub mod theme;
pub mod view;
pub mod views;

use crate::analysis::page::CiteSource;

use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{fmt_date, PageId, Site};
use crate::markdown::{Mark, MarkKind};
use crate::routes;

use rayon::prelude::*;
use serde::Serialize;

pub use jobs::{
    calendar_jobs, calendar_jobs_after, citator_jobs, is_agency_job, is_calendar_job,
    is_directive_job, is_list, job_path, jobs, list_jobs, same_calendar_years, tag_jobs, Entry,
    Job, ListJob,
};
pub use pages::view;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
pub use view::{Text, View};
use views::{Ctx, Link};

/// Where rendered files go: a staging folder, memory (serve, tests), or nowhere (check).
pub trait Sink: Sync {
    /// `path` is relative to the output root, `/`-separated, e.g. `ke-hoach/a/index.html`.
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
    /// Whether a file was written at `path` (the link check asks, once everything is).
    fn has(&self, path: &str) -> bool;
    /// Whether the files are no longer wanted (`serve`: an edit came while the feeds were
    /// being made again): long makers stop early, and what they made is thrown away.
    fn stopped(&self) -> bool {
        false
    }
}

/// Renders the whole site into `sink`. Pages read what the site graph kept of the citations
/// (`Citator::citations`), not the analysis's, which a build has dropped already; the pages
/// come first, and what follows (theme files, feeds, open data, the search index) does not
/// read the rest of the analysis of the text either, which is then dropped too, to make room.
pub fn render(site: &mut Site, sink: &dyn Sink, diags: &mut Diagnostics) {
    let Some(theme) = load_theme(site, diags) else {
        return;
    };
    let refs = refs::Refs::new();
    render_pages(site, &theme, sink, &refs, diags);
    site.pages.forget_text_findings();
    let written = sink;
    let (base_path, base_url) = (
        site.config.base_path().to_string(),
        site.config.base_url.to_string(),
    );
    let sink = &refs::Recorded {
        inner: sink,
        refs: &refs,
        base_path: &base_path,
        base_url: &base_url,
    };
    crate::progress::timed("files", || write_files(site, &theme, sink, diags));
    let ctx = Ctx {
        site: &*site,
        lang: site.config.language,
    };
    let feeds =
        crate::progress::timed("feeds and data", || feeds::write_all_but_search(&ctx, sink));
    diags.extend(feeds.into_iter().filter_map(Result::err));
    // The pages are written: what only they quote goes before the search index is made.
    site.forget_quotes();
    let site = &*site;
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    diags.extend(
        feeds::write_search(&ctx, sink)
            .into_iter()
            .filter_map(Result::err),
    );
    crate::progress::timed("check links", || refs.check(written, site, &theme, diags));
}

/// Every job of the site (`jobs`), in parallel, with the links of each page recorded in
/// `refs` for the link check.
fn render_pages(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    refs: &refs::Refs,
    diags: &mut Diagnostics,
) {
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    let jobs = crate::progress::timed("list jobs", || jobs(site));
    let problems = Mutex::new(Vec::new());
    let progress = crate::progress::bar(jobs.len() as u64, "Đang tạo trang");
    let sink = &refs::Recorded {
        inner: sink,
        refs,
        base_path: site.config.base_path(),
        base_url: &site.config.base_url,
    };
    crate::progress::timed("render pages", || {
        jobs.par_iter().for_each(|job| {
            if let Err(d) = run_job(&ctx, theme, job, sink, Some(refs)) {
                problems.lock().map(|mut p| p.push(d)).ok();
            }
            if let Some(pb) = &progress {
                pb.inc(1);
            }
        })
    });
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    diags.extend(problems.into_inner().unwrap_or_default());
}

fn copy_static(site: &Site, theme: &Theme, sink: &dyn Sink, diags: &mut Diagnostics) {
    let root = &site.config.root;
    let (files, problems) = crate::content::files::walk(root, Path::new("static"));
    diags.extend(problems);
    // What else writes a file, so that a static file on the same path is reported with
    // both sources rather than as a path "created twice".
    let mut taken: std::collections::HashMap<String, String> = site
        .pages
        .iter()
        .flat_map(|p| {
            std::iter::once(&p.url)
                .chain(&p.aliases)
                .map(|u| (crate::routes::file(u), p.source.display().to_string()))
        })
        .collect();
    for asset in &theme.assets {
        let (name, from) = match asset {
            theme::Asset::Embedded(name, _) => (
                name.to_string(),
                format!("giao diện `{}`", site.config.theme),
            ),
            theme::Asset::File(name, path) => (
                name.clone(),
                path.strip_prefix(root)
                    .unwrap_or(path)
                    .display()
                    .to_string(),
            ),
        };
        taken.insert(name, from);
    }
    for rel in files {
        let name = rel.to_string_lossy().replace('\\', "/");
        if let Some(other) = taken.get(&name) {
            diags.push(
                Diagnostic::error(
                    Path::new("static").join(&rel),
                    format!("tệp tĩnh ghi ra /{name}, trùng với tệp do {other} tạo ra"),
                )
                .help("đổi tên hoặc chuyển tệp trong static/ sang thư mục khác"),
            );
            continue;
        }
        let r = publish(
            sink,
            &name,
            &root.join("static").join(&rel),
            &Path::new("static").join(&rel),
        );
        if let Err(d) = r {
            diags.push(d);
        }
    }
    for p in &site.pages {
        for a in p.attachments.iter().filter(|a| a.copy) {
            let shown = a.source.strip_prefix(root).unwrap_or(&a.source);
            if let Err(d) = publish(sink, a.url.trim_start_matches('/'), &a.source, shown) {
                diags.push(d);
            }
        }
    }
    // The processed photos, from the cache.
    for (name, path) in &site.photos.files {
        if let Err(d) = sink.copy(name, path) {
            diags.push(d);
        }
    }
}

/// Copies a file of the site to output `name`; a photo (JPEG, PNG, WebP) goes without its
/// EXIF (a phone writes where it was taken), XMP or IPTC. `shown` is the file as errors name it.
fn publish(sink: &dyn Sink, name: &str, source: &Path, shown: &Path) -> Result<(), Diagnostic> {
    let ext = source
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !["jpg", "jpeg", "png", "webp"].contains(&ext.as_str()) {
        return sink.copy(name, source);
    }
    let bytes = std::fs::read(source).map_err(|e| Diagnostic::io(shown, &e))?;
    // A file named like a photo that is none (a placeholder, another format renamed) has no
    // metadata to take out: it is published as it is, and the editor is told.
    let is_photo = match ext.as_str() {
        "png" => bytes.starts_with(b"\x89PNG"),
        "webp" => bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP",
        _ => bytes.starts_with(&[0xFF, 0xD8]),
    };
    if !is_photo {
        sink.copy(name, source)?;
        return Err(Diagnostic::warning(
            shown,
            format!(
                "tệp có đuôi .{ext} nhưng không phải ảnh {}; được chép nguyên",
                ext.to_uppercase()
            ),
        )
        .help("mở tệp bằng trình xem ảnh và lưu lại đúng định dạng, hoặc đổi đuôi tệp cho đúng"));
    }
    match crate::images::without_metadata(shown, &bytes, &ext) {
        Ok(clean) => sink.write(name, clean),
        Err(e) => {
            let mut d = Diagnostic::error(shown, e.message);
            if let Some(h) = e.help {
                d = d.help(h);
            }
            Err(d)
        }
    }
}

/// The Tera engine with every template parsed. Template errors name the template file.
fn engine(site: &Site, templates: &[theme::TemplateSource]) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(crate::text::escape_html_to);
    if let Err(e) =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
    {
        // The message points at `--> name.html:line:col`; name the file it came from.
        let text = e.to_string();
        let name = text
            .split("--> ")
            .nth(1)
            .and_then(|r| r.split(':').next())
            .unwrap_or("");
        let path = templates
            .iter()
            .find(|t| t.name == name)
            .map_or_else(|| Path::new("templates").to_path_buf(), |t| t.path.clone());
        return Err(vec![template_error(&path, &e)]);
    }
    let g = tera.global_context();
    g.insert("site", &SiteView::new(site));
    g.insert("t", &i18n::strings(site.config.language));
    Ok(tera)
}

fn template_error(path: &Path, e: &tera::Error) -> Diagnostic {
    let text = e.to_string();
    let line = text
        .split("-->")
        .nth(1)
        .and_then(|rest| rest.split(':').nth(1))
        .and_then(|l| l.trim().parse::<usize>().ok());
    let mut d = Diagnostic::error(path, format!("lỗi mẫu giao diện (template): {text}"))
        .help("sửa mẫu theo thông báo trên; xem cú pháp Tera tại tài liệu của bangtin");
    if let Some((message, help)) = i18n::explain_unknown_key(&text) {
        d = Diagnostic::error(path, format!("lỗi mẫu giao diện (template): {message}")).help(help);
    }
    if let Some(l) = line {
        d = d.at_line(l);
    }
    d
}

#[derive(Serialize)]
struct SiteView<'a> {
    /// `title` of `bangtin.yaml`.
    title: &'a str,
    /// `description` of `bangtin.yaml`.
    description: Option<&'a str>,
    /// `base_url` of `bangtin.yaml` (or `--base-url`), ending in `/`.
    base_url: &'a str,
    /// Its path, ending in `/` (`/`, `/thu-nghiem/`): templates put it before a site path.
    base_path: &'a str,
    /// `vi` or `en`.
    language: crate::config::Language,
    /// The agency's information for the footer (`footer:` of `bangtin.yaml`).
    footer: &'a crate::config::Footer,
    /// The main menu: `menu:` of `bangtin.yaml`, or else the sections and the pages
    /// marked `menu: true`.
    menu: Vec<Link>,
    /// The pages marked `menu: true` (introduction, contact), which the footer links to.
    pages: Vec<Link>,
    /// The year of the build's date.
    build_year: i16,
}

impl<'a> SiteView<'a> {
    fn new(site: &'a Site) -> Self {
        let c = &site.config;
        let u = |p: &str| format!("{}{}", c.base_path(), p.trim_start_matches('/'));
        let lang = c.language;
        // News first, where the site has any: what readers open first.
        let has_news = site.pages_of(crate::content::Kind::News).next().is_some();
        let news = has_news.then(|| ("news_menu", routes::section("tin-tuc")));
        let sections = news.into_iter().chain([
            ("plans", routes::section("ke-hoach")),
            ("models", routes::section("mo-hinh")),
            ("commendations", routes::section("khen-thuong")),
            ("directives", routes::DIRECTIVES.to_string()),
            ("calendar", routes::CALENDAR.to_string()),
            ("search", routes::SEARCH.to_string()),
        ]);
        let link = |title: &str, url: &str| Link {
            title: title.to_string(),
            url: if url.starts_with('/') {
                u(url)
            } else {
                url.to_string()
            },
        };
        // Pages marked `menu: true` (the introduction, the contact page), by weight then title.
        let mut marked: Vec<&crate::content::Page> =
            site.pages.iter().map(|p| &**p).filter(|p| p.menu).collect();
        marked.sort_by(|a, b| {
            (a.weight.unwrap_or(i64::MAX), &a.title).cmp(&(b.weight.unwrap_or(i64::MAX), &b.title))
        });
        let pages: Vec<Link> = marked.iter().map(|p| link(&p.title, &p.url)).collect();
        let menu = match &c.menu {
            Some(items) => items.iter().map(|m| link(&m.name, &m.url)).collect(),
            None => sections
                .map(|(key, path)| link(i18n::get(lang, key), &path))
                .chain(pages.iter().cloned())
                .collect(),
        };
        SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            base_url: &c.base_url,
            base_path: c.base_path(),
            language: lang,
            footer: &c.footer,
            menu,
            pages,
            build_year: site.today.year(),
        }
    }
}

/// Renders `job` into `sink`, noting the local addresses it refers to in `refs`.
fn run_job(
    ctx: &Ctx,
    theme: &Theme,
    job: &Job,
    sink: &dyn Sink,
    refs: Option<&refs::Refs>,
) -> Result<(), Diagnostic> {
    let view = view(ctx, &theme.tera, job, Text::Html)?;
    let (template, url) = (&view.template, &view.url);
    let context = view.context();
    let fail = |e: tera::Error| {
        let e = match &theme.plain {
            Some(plain) => plain.render(template, &context).err().unwrap_or(e),
            None => e,
        };
        template_error(&theme.source_of(&e, template), &e).making(url.as_str())
    };
    // With minified templates, pages are written as rendered, unless the guard found this
    // template's minified form different: then they are rendered as written and minified.
    let (html, minify_page) = match &theme.plain {
        Some(plain) => match theme.guard.verdict(template) {
            Some(true) => (theme.tera.render(template, &context).map_err(fail)?, false),
            Some(false) => (plain.render(template, &context).map_err(fail)?, true),
            None => {
                let fast = theme.tera.render(template, &context).map_err(fail)?;
                let slow = plain.render(template, &context).map_err(fail)?;
                if theme.guard.decide(template, &fast, &slow) {
                    (fast, false)
                } else {
                    (slow, true)
                }
            }
        },
        None => (theme.tera.render(template, &context).map_err(fail)?, false),
    };
    if let Some(refs) = refs {
        let config = &ctx.site.config;
        refs.scan_html(
            &html,
            config.base_path(),
            &config.base_url,
            &refs::Referrer {
                from: url,
                template: Some(template),
                page: match job {
                    Job::Page(i) => Some(*i),
                    _ => None,
                },
            },
        );
    }
    let bytes = if minify_page {
        minify::page(html.as_bytes())
    } else {
        html.into_bytes()
    };
    sink.write(&routes::file(url), bytes)
}

/// The links and highlights to put in a page's text: citations, names, deadlines.
pub fn marks_for(site: &Site, i: PageId) -> Vec<Mark> {
    let f = &site.pages.findings[i];
    let mut marks = Vec::new();
    for (n, c) in site.citator.citations[i].iter().enumerate() {
        if c.source != CiteSource::Body {
            continue;
        }
        let Some(run) = c.run else { continue };
        let d = &site.citator.directives[c.target];
        if d.page == Some(i) {
            continue; // a directive's own page does not link to itself
        }
        let mut title = views::directive_title(d);
        if let Some(date) = d.date {
            title.push_str(&format!(" ngày {}", fmt_date(date)));
        }
        marks.push(Mark {
            run,
            range: c.link.clone(),
            kind: MarkKind::Link {
                href: format!(
                    "{}{}",
                    site.config.base_path(),
                    site.directive_href(d).trim_start_matches('/')
                ),
                class: "ref",
                id: Some(crate::routes::citation_anchor(n + 1)),
                title: Some(title),
            },
        });
    }
    for n in &f.names {
        let target_id = site.links.target(n.target);
        if target_id == i {
            continue;
        }
        let target = &site.pages[target_id];
        marks.push(Mark {
            run: n.run,
            range: n.range.clone(),
            kind: MarkKind::Link {
                href: format!(
                    "{}{}",
                    site.config.base_path(),
                    target.url.trim_start_matches('/')
                ),
                class: "name-ref",
                id: None,
                title: Some(target.title.clone()),
            },
        });
    }
    for (k, d) in f.deadlines.iter().enumerate() {
        marks.push(Mark {
            run: d.run,
            range: d.deadline.range.clone(),
            kind: MarkKind::Highlight {
                class: "deadline",
                id: crate::routes::deadline_anchor(k + 1),
            },
        });
    }
    marks.sort_by_key(|m| (m.run, m.range.start, std::cmp::Reverse(m.range.end)));
    let mut out: Vec<Mark> = Vec::with_capacity(marks.len());
    for m in marks {
        if let Some(last) = out.last() {
            if last.run == m.run && m.range.start < last.range.end {
                continue;
            }
        }
        out.push(m);
    }
    out
}

// ---- The pieces `render` is made of, public so that `serve`'s incremental rebuilds run the
// ---- same code on part of the site.

/// A parsed theme: the Tera engine (with the site's globals) and the theme's static files.
/// `serve` keeps it between rebuilds until a template or the config changes.
pub struct Theme {
    tera: tera::Tera,
    /// The templates as written, when `tera` has them minified (`minify.rs`): to report
    /// errors at the lines of the files, and to render the pages of a template whose
    /// minified form the guard found different.
    plain: Option<tera::Tera>,
    guard: minify::Guard,
    assets: Vec<theme::Asset>,
    /// Where each template came from, by name: the site's `templates/` or the theme's.
    sources: HashMap<String, PathBuf>,
    /// The templates' texts, to find the line that wrote a broken address.
    templates: Vec<theme::TemplateSource>,
}

impl Theme {
    /// The file of the template an error points at (`--> base.html:37:4`, which may be a
    /// template the rendered one extends or includes), else of the one rendered.
    fn source_of(&self, e: &tera::Error, rendered: &str) -> PathBuf {
        let text = e.to_string();
        let named = text
            .split("--> ")
            .nth(1)
            .and_then(|r| r.split(':').next())
            .unwrap_or(rendered);
        self.sources
            .get(named)
            .or_else(|| self.sources.get(rendered))
            .cloned()
            .unwrap_or_else(|| Path::new("templates").join(rendered))
    }

    /// The file of the template named `name`.
    fn source_of_name(&self, name: &str) -> PathBuf {
        self.sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| Path::new("templates").join(name))
    }
}

/// A hash of what every page shows of the site besides its own view (`SiteView`: the menu
/// with the pages marked `menu: true`, the footer…). The theme holds it (`load_theme`) and no
/// job's fingerprint does: `serve` loads the theme again and renders every job when it
/// changes.
pub fn site_fingerprint(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    serde_json::to_string(&SiteView::new(site))
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

/// Loads and parses the theme as `render` does. `None` (with diagnostics) on a template error.
pub fn load_theme(site: &Site, diags: &mut Diagnostics) -> Option<Theme> {
    let (templates, assets) = theme::load(&site.config.root, &site.config.theme, diags);
    let sources = templates
        .iter()
        .map(|t| (t.name.clone(), t.path.clone()))
        .collect();
    let plain = match engine(site, &templates) {
        Ok(tera) => tera,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    // Minifying every page costs a third of a build; minifying the templates' fixed markup
    // once saves most of the same bytes. The minified engine renders; the plain one, whose
    // lines are the files' lines, explains template errors and renders the pages of a
    // template the guard found different.
    let (tera, plain) = if site.config.minify {
        let minified: Vec<theme::TemplateSource> = templates
            .iter()
            .map(|t| theme::TemplateSource {
                text: Some(t)
                    .filter(|t| t.name.ends_with(".html"))
                    .and_then(|t| minify::template(&t.text))
                    .unwrap_or_else(|| t.text.clone()),
                ..t.clone()
            })
            .collect();
        match engine(site, &minified) {
            Ok(tera) => (tera, Some(plain)),
            Err(_) => (plain, None),
        }
    } else {
        (plain, None)
    };
    Some(Theme {
        tera,
        plain,
        guard: minify::Guard::default(),
        assets,
        sources,
        templates,
    })
}

/// Runs one job, as `render` does for each.
pub fn render_job(
    site: &Site,
    theme: &Theme,
    job: &Job,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    run_job(&ctx, theme, job, sink, None)
}

/// The fingerprint of each job's view (`View::fingerprint`, page texts as keys), in the
/// order of `jobs`; `None` for a job whose view cannot be made (it reports that when run).
/// `serve` re-renders exactly the jobs whose fingerprint changed. With `which`, only the jobs
/// it marks are fingerprinted (`deps::may_have_changed`); the others get `None`.
pub fn fingerprints(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    which: Option<&[bool]>,
) -> Vec<Option<u64>> {
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    jobs.par_iter()
        .enumerate()
        .map(|(n, job)| {
            if which.is_some_and(|w| !w[n]) {
                return None;
            }
            view(&ctx, &theme.tera, job, Text::Key)
                .ok()
                .map(|v| v.fingerprint())
        })
        .collect()
}

/// What `render` writes besides the jobs: theme assets, `static/` and attachments.
pub fn write_files(site: &Site, theme: &Theme, sink: &dyn Sink, diags: &mut Diagnostics) {
    for asset in &theme.assets {
        let r = match asset {
            theme::Asset::Embedded(name, bytes) => sink.write(name, bytes.to_vec()),
            theme::Asset::File(name, path) => sink.copy(name, path),
        };
        if let Err(d) = r {
            diags.push(d);
        }
    }
    copy_static(site, theme, sink, diags);
}

/// The feeds, open data and search index, as `render` writes them.
pub fn write_feeds(site: &Site, sink: &dyn Sink, diags: &mut Diagnostics) {
    let ctx = Ctx {
        site,
        lang: site.config.language,
    };
    for r in feeds::write_all(&ctx, sink) {
        if let Err(d) = r {
            diags.push(d);
        }
    }
}
