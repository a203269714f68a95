//! Machine-readable outputs: sitemap, RSS, robots.txt, the iCalendar feed, open data (JSON)
//! and the search index. JSON is written compact: phones download the search index.

use super::views::{directive_title, Ctx};
use super::Sink;
use crate::content::{form_label, Kind, Meta};
use crate::diag::Diagnostic;
use crate::graph::{EventId, EventOrigin, PageId, Site};
use crate::routes;
use crate::text::escape_html as esc;
use serde::Serialize;

mod open_data;
#[cfg(test)]
mod tests;

/// One output file: its path under the output root (`api/ke-hoach/2025.json`) and its bytes.
pub type File = (String, Vec<u8>);
/// Makes the bytes of a feed that is one file at a fixed path.
type MakeOne = fn(&Ctx) -> Result<Vec<u8>, Diagnostic>;
/// Makes the files of a feed whose paths are known only from the site (per year, per
/// directive, pages of a long list).
type MakeMany = fn(&Ctx) -> Result<Vec<File>, Diagnostic>;

/// Writes every feed. Feeds are independent, so they are made in parallel, then every file
/// is written. Adding or removing a feed is one entry in `one` (a fixed path) or `many`.
pub fn write_all(ctx: &Ctx, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
    use rayon::prelude::*;
    let one: &[(&str, MakeOne)] = &[
        (routes::RSS, |c| Ok(rss(c).into_bytes())),
        (routes::ROBOTS, |c| {
            Ok(format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                c.site.config.absolute(routes::SITEMAP)
            )
            .into_bytes())
        }),
        (routes::CALENDAR_FEED, |c| Ok(ics(c).into_bytes())),
    ];
    let many: &[MakeMany] = &[
        |c| Ok(sitemap(c.site, SITEMAP_MAX_URLS)),
        open_data::directives,
        open_data::plans,
        open_data::events,
        open_data::models,
        open_data::commendations,
        // One iCalendar feed per agency, `/co-quan/<slug>/lich.ics`: the events of its pages.
        |c| {
            let stamp = build_stamp(c.site);
            Ok(c.site
                .agencies
                .list
                .ids()
                .map(|i| {
                    let (path, text) = crate::render::ics::agency_feed(c, i, stamp);
                    (path, text.into_bytes())
                })
                .collect())
        },
    ];
    // Each group of files is written as soon as it is made, not kept until all are.
    let write = |made: Result<Vec<File>, Diagnostic>| -> Vec<Result<(), Diagnostic>> {
        match made {
            Ok(files) => files
                .into_iter()
                .map(|(path, bytes)| sink.write(&path, bytes))
                .collect(),
            Err(d) => vec![Err(d)],
        }
    };
    let mut out: Vec<Result<(), Diagnostic>> = one
        .par_iter()
        .flat_map_iter(|(path, make)| {
            write(make(ctx).map(|bytes| vec![(routes::file(path), bytes)]))
        })
        .chain(many.par_iter().flat_map_iter(|make| write(make(ctx))))
        .collect();
    out.extend(crate::progress::timed("search index", || {
        super::search::write(ctx, sink)
    }));
    out
}

fn json<T: Serialize>(path: &str, value: &T) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(value).map_err(|e| Diagnostic::error(path, e.to_string()))
}

/// The build day as a timestamp (midnight in the site's zone): reproducible, unlike "now".
fn build_stamp(site: &Site) -> jiff::Timestamp {
    site.today
        .to_zoned_datetime(site.config.timezone.clone())
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// At most this many URLs in one sitemap file, and at most this many bytes (the protocol's
/// limits).
pub const SITEMAP_MAX_URLS: usize = 50_000;
/// The protocol allows 50 MB a file; a file stays within the site's budget for data instead,
/// so a crawler on a slow link is not handed 5 MB at once.
const SITEMAP_MAX_BYTES: usize = super::budget::Budget::DEFAULT.data;

/// `/sitemap.xml`, an index over `/sitemap-1.xml`, `/sitemap-2.xml` … of at most `max_urls`
/// URLs each: every page, every directive without a page of its own, and the section lists.
pub fn sitemap(site: &Site, max_urls: usize) -> Vec<File> {
    let mut urls: Vec<(String, Option<String>)> = vec![(site.config.absolute(routes::HOME), None)];
    for p in &site.pages {
        urls.push((site.config.absolute(&p.url), p.date.map(|d| d.to_string())));
    }
    for d in site.citator.directives.iter().filter(|d| d.page.is_none()) {
        urls.push((site.config.absolute(&d.url), None));
    }
    for s in [
        routes::section("ke-hoach"),
        routes::section("mo-hinh"),
        routes::section("khen-thuong"),
        routes::DIRECTIVES.to_string(),
        routes::section("su-kien"),
        routes::section("tin-tuc"),
        routes::CALENDAR.to_string(),
    ] {
        urls.push((site.config.absolute(&s), None));
    }
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    sitemap_files(&site.config, &urls, max_urls)
}

/// Splits `urls` (with their last modification day) into sitemap files and writes the index.
pub fn sitemap_files(
    config: &crate::config::Config,
    urls: &[(String, Option<String>)],
    max_urls: usize,
) -> Vec<File> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    const TAIL: &str = "</urlset>\n";
    // Each file's text and its latest `lastmod`.
    let mut parts: Vec<(String, Option<&str>)> = Vec::new();
    let mut text = HEAD.to_string();
    let mut lastmod_max: Option<&str> = None;
    let mut count = 0;
    for (u, lastmod) in urls {
        let mut line = format!("  <url><loc>{}</loc>", esc(u));
        if let Some(l) = lastmod {
            line.push_str(&format!("<lastmod>{l}</lastmod>"));
        }
        line.push_str("</url>\n");
        if count == max_urls.max(1) || text.len() + line.len() + TAIL.len() > SITEMAP_MAX_BYTES {
            parts.push((std::mem::replace(&mut text, HEAD.to_string()), lastmod_max));
            lastmod_max = None;
            count = 0;
        }
        text.push_str(&line);
        lastmod_max = lastmod_max.max(lastmod.as_deref());
        count += 1;
    }
    parts.push((text, lastmod_max));
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (n, (mut text, lastmod)) in parts.into_iter().enumerate() {
        let path = routes::sitemap_part(n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc>",
            esc(&config.absolute(&path))
        ));
        if let Some(l) = lastmod {
            index.push_str(&format!("<lastmod>{l}</lastmod>"));
        }
        index.push_str("</sitemap>\n");
        text.push_str(TAIL);
        files.push((routes::file(&path), text.into_bytes()));
    }
    index.push_str("</sitemapindex>\n");
    files.push((routes::file(routes::SITEMAP), index.into_bytes()));
    files
}

fn rss(ctx: &Ctx) -> String {
    let site = ctx.site;
    let c = &site.config;
    let items = rss_items(site);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        esc(&c.title),
        esc(&c.base_url),
        esc(c.description.as_deref().unwrap_or(&c.title)),
        if c.language == crate::config::Language::En { "en" } else { "vi" },
        esc(&c.absolute(routes::RSS)),
    );
    for (i, published) in items {
        let p = &site.pages[i];
        let link = c.absolute(&p.url);
        let date = published
            .to_zoned_datetime(c.timezone.clone())
            .ok()
            .map(|z| z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string())
            .unwrap_or_default();
        // A news item's lead photo, as the enclosure feed readers show beside it.
        let enclosure = site
            .photos
            .lead(site, i)
            .and_then(|ph| ph.largest())
            .map(|v| {
                format!(
                    "<enclosure url=\"{}\" length=\"{}\" type=\"{}\"/>\n",
                    esc(&c.absolute(&crate::render::photos::photo_path(&v.file_name))),
                    v.bytes,
                    crate::render::photos::media_type(&v.file_name),
                )
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid>{}</guid>\n<pubDate>{date}</pubDate>\n<category>{}</category>\n<description>{}</description>\n{enclosure}</item>\n",
            esc(&p.title),
            esc(&link),
            esc(&link),
            esc(ctx.kind_label(p.kind)),
            esc(p.summary.as_deref().unwrap_or("")),
        ));
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// The newest `rss_limit` items, newest first, with the day each was published: its
/// `publish_date`, else its `date`, but never after the build day. An event page dated in the
/// future was announced before it happens: without `publish_date` it counts as published on
/// the build day, not on the day of the event.
fn rss_items(site: &Site) -> Vec<(PageId, jiff::civil::Date)> {
    let mut items: Vec<(PageId, jiff::civil::Date)> = site
        .pages
        .iter_enumerated()
        .filter(|(_, p)| p.kind != Kind::Page && p.kind != Kind::Directive && p.date.is_some())
        .filter_map(|(i, p)| Some((i, p.publish_date.or(p.date)?.min(site.today))))
        .collect();
    items.sort_unstable_by_key(|&(i, d)| (std::cmp::Reverse(d), site.pages.date_rank[i]));
    items.truncate(site.config.rss_limit);
    items
}

fn ics(ctx: &Ctx) -> String {
    crate::render::ics::site_feed(ctx, build_stamp(ctx.site))
}

#[derive(Serialize)]
struct DirectiveJson<'a> {
    symbol: &'a str,
    title: String,
    doc_type: &'a str,
    date: Option<String>,
    issuer: Option<&'a str>,
    level: &'static str,
    subject: Option<&'a str>,
    official_url: Option<&'a str>,
    url: String,
    /// Entries of `cited_by` in its file(s) at `data`.
    cited_by_count: usize,
    /// The URL of its own file, with `cited_by`.
    data: String,
}

#[derive(Serialize)]
struct CitedJson {
    url: String,
    title: String,
    sentence: String,
}

/// Each directive and its citing pages, newest first.
fn directives_json<'s>(ctx: &Ctx<'s>) -> Vec<(DirectiveJson<'s>, Vec<CitedJson>)> {
    let site = ctx.site;
    site.citator
        .directives
        .iter()
        .map(|d| {
            let mut cited: Vec<(usize, &crate::graph::CitedBy)> =
                d.cited_by.iter().enumerate().collect();
            cited.sort_by_key(|&(n, c)| (site.pages.date_rank[c.page], n));
            (
                DirectiveJson {
                    symbol: &d.symbol,
                    title: directive_title(d),
                    doc_type: &d.type_label,
                    date: d.date.map(|x| x.to_string()),
                    issuer: d.issuer.as_deref(),
                    level: d.level.label(),
                    subject: d.subject.as_deref(),
                    official_url: d.official_url.as_deref(),
                    url: site.config.absolute(&d.url),
                    cited_by_count: d.cited_by.len(),
                    data: site.config.absolute(&open_data::directive_path(d, 1)),
                },
                cited
                    .into_iter()
                    .map(|(_, c)| CitedJson {
                        url: site.config.absolute(&site.pages[c.page].url),
                        title: site.pages[c.page].title.clone(),
                        sentence: c.sentence.clone(),
                    })
                    .collect(),
            )
        })
        .collect()
}

#[derive(Serialize)]
struct PlanJson<'a> {
    title: &'a str,
    number: Option<&'a str>,
    issuer: Option<&'a str>,
    date: Option<String>,
    year: Option<i16>,
    summary: Option<&'a str>,
    tags: &'a [String],
    url: String,
    cites: Vec<String>,
    deadlines: Vec<DeadlineJson>,
}

#[derive(Serialize)]
struct DeadlineJson {
    start: String,
    end: String,
    title: String,
    yearly: bool,
}

/// Every plan, with its page.
fn plans_json<'s>(ctx: &Ctx<'s>) -> Vec<(PageId, PlanJson<'s>)> {
    let site = ctx.site;
    site.pages_of(Kind::Plan)
        .map(|(i, p)| {
            let Meta::Plan(pl) = &p.meta else {
                unreachable!("pages_of(Plan) yields plans")
            };
            let mut cites: Vec<String> = site.citator.citation_targets[i]
                .iter()
                .map(|&t| site.citator.directives[t].symbol.clone())
                .collect();
            cites.dedup();
            let mut seen = std::collections::BTreeSet::new();
            cites.retain(|c| seen.insert(c.clone()));
            (
                i,
                PlanJson {
                    title: &p.title,
                    number: pl.number.as_deref(),
                    issuer: pl.issuer.as_deref(),
                    date: p.date.map(|d| d.to_string()),
                    year: p.year(),
                    summary: p.summary.as_deref(),
                    tags: &p.tags,
                    url: site.config.absolute(&p.url),
                    cites,
                    deadlines: site.calendar.events_of[i]
                        .iter()
                        .map(|&e| &site.calendar.events[e])
                        .map(|e| DeadlineJson {
                            start: e.start.to_string(),
                            end: e.end.to_string(),
                            title: e.title.clone(),
                            yearly: e.yearly(),
                        })
                        .collect(),
                },
            )
        })
        .collect()
}

#[derive(Serialize)]
struct EventJson {
    title: String,
    start: String,
    end: String,
    time: Option<String>,
    yearly: bool,
    lunar: bool,
    since: Option<i16>,
    kind: &'static str,
    location: Option<String>,
    source: String,
    url: String,
}

/// Every event and deadline, with its id.
fn events_json(ctx: &Ctx) -> Vec<(EventId, EventJson)> {
    let site = ctx.site;
    site.calendar
        .events
        .iter_enumerated()
        .map(|(n, e)| {
            let p = &site.pages[e.page];
            (
                n,
                EventJson {
                    title: e.title.clone(),
                    start: e.start.to_string(),
                    end: e.end.to_string(),
                    time: e.time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
                    yearly: e.yearly(),
                    lunar: e.lunar(),
                    since: e.since,
                    kind: match e.origin {
                        EventOrigin::Event => "event",
                        _ => "deadline",
                    },
                    location: e.location.clone(),
                    source: p.title.clone(),
                    url: match &e.anchor() {
                        Some(a) => format!("{}#{a}", site.config.absolute(&p.url)),
                        None => site.config.absolute(&p.url),
                    },
                },
            )
        })
        .collect()
}

#[derive(Serialize)]
struct ModelJson<'a> {
    title: &'a str,
    names: &'a [String],
    unit: Option<&'a str>,
    locality: Option<&'a str>,
    category: &'static str,
    since: Option<i16>,
    status: Option<&'a str>,
    url: String,
    commendations: Vec<String>,
    mentioned_by: Vec<String>,
}

/// Every model, with its page.
fn models_json<'s>(ctx: &Ctx<'s>) -> Vec<(PageId, ModelJson<'s>)> {
    let site = ctx.site;
    site.pages_of(Kind::Model)
        .map(|(i, p)| {
            let Meta::Model(m) = &p.meta else {
                unreachable!("pages_of(Model) yields models")
            };
            (
                i,
                ModelJson {
                    title: &p.title,
                    names: &m.names,
                    unit: m.unit.as_deref(),
                    locality: m.locality.as_deref(),
                    category: m.category.slug(),
                    since: m.since,
                    status: m.status.as_deref(),
                    url: site.config.absolute(&p.url),
                    commendations: site.links.commendations_of[i]
                        .iter()
                        .map(|&c| site.config.absolute(&site.pages[c].url))
                        .collect(),
                    mentioned_by: site.links.mentioned_by[i]
                        .iter()
                        .map(|(c, _)| site.config.absolute(&site.pages[*c].url))
                        .collect(),
                },
            )
        })
        .collect()
}

#[derive(Serialize)]
struct CommendationJson<'a> {
    title: &'a str,
    form: &'a str,
    form_label: String,
    issuer: Option<&'a str>,
    decision: Option<&'a str>,
    date: Option<String>,
    recipients: &'a [crate::content::front_matter::Awardee],
    reason: Option<&'a str>,
    model: Option<&'a str>,
    url: String,
}

/// Every commendation, with its page.
fn commendations_json<'s>(ctx: &Ctx<'s>) -> Vec<(PageId, CommendationJson<'s>)> {
    let site = ctx.site;
    site.pages_of(Kind::Commendation)
        .map(|(i, p)| {
            let Meta::Commendation(c) = &p.meta else {
                unreachable!("pages_of(Commendation) yields commendations")
            };
            (
                i,
                CommendationJson {
                    title: &p.title,
                    form: &c.form,
                    form_label: form_label(&c.form),
                    issuer: c.issuer.as_deref(),
                    decision: c.decision.as_ref().map(|d| d.0.as_str()),
                    date: p.date.map(|d| d.to_string()),
                    recipients: &c.recipients,
                    reason: c.reason.as_deref(),
                    model: c.model.as_ref().map(|m| m.0.as_str()),
                    url: site.config.absolute(&p.url),
                },
            )
        })
        .collect()
}
