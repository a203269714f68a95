//! Machine-readable outputs: sitemap, RSS, robots.txt, the iCalendar feed, open data (JSON)
//! and the search index. JSON is written compact: phones download the search index.

use super::views::{directive_title, Ctx};
use super::Sink;
use crate::content::{form_label, Kind, Meta};
use crate::diag::Diagnostic;
use crate::graph::{CitedBy, Directive, EventId, EventOrigin, PageId, Site};
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
type MakeMany = fn(&Ctx, &mut open_data::Emit) -> Result<(), Diagnostic>;

/// Writes every feed. Feeds are independent, so they are made in parallel, each file written
/// as soon as it is made. Adding or removing a feed is one entry in `one` (a fixed path) or `many`.
pub fn write_all(ctx: &Ctx, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
    let mut out = write_all_but_search(ctx, sink);
    if !sink.stopped() {
        out.extend(write_search(ctx, sink));
    }
    out
}

/// The search index (`search::write`), the last of the feeds `write_all` writes.
pub fn write_search(ctx: &Ctx, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
    crate::progress::timed("search index", || super::search::write(ctx, sink))
}

/// Every feed but the search index. A build writes the index after these, once it has
/// dropped what the index does not read (`Site::forget_quotes`).
pub fn write_all_but_search(ctx: &Ctx, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
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
        |c, emit| {
            for (path, bytes) in sitemap(c.site, SITEMAP_MAX_URLS) {
                emit(path, bytes)?;
            }
            Ok(())
        },
        open_data::directives,
        open_data::plans,
        open_data::events,
        open_data::models,
        open_data::commendations,
        // One iCalendar feed per agency, `/co-quan/<slug>/lich.ics`: the events of its pages.
        |c, emit| {
            let stamp = build_stamp(c.site);
            for i in c.site.agencies.list.ids() {
                let (path, text) = crate::render::ics::agency_feed(c, i, stamp);
                emit(path, text.into_bytes())?;
            }
            Ok(())
        },
    ];
    let out: Vec<Result<(), Diagnostic>> = one
        .par_iter()
        .filter(|_| !sink.stopped())
        .map(|(path, make)| make(ctx).and_then(|bytes| sink.write(&routes::file(path), bytes)))
        .chain(many.par_iter().flat_map_iter(|make| {
            // Each file is written as soon as it is made, not kept until its group is done.
            let mut written = Vec::new();
            if sink.stopped() {
                return written;
            }
            let made = make(ctx, &mut |path, bytes| {
                if sink.stopped() {
                    return Err(Diagnostic::error(path, "không cần nữa: có sửa đổi mới"));
                }
                written.push(sink.write(&path, bytes));
                Ok(())
            });
            written.push(made);
            written
        }))
        .collect();
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
struct CitedJson<'a> {
    url: String,
    title: &'a str,
    sentence: String,
}

/// A directive's entry of open data, without its citing pages.
fn directive_json<'s>(ctx: &Ctx<'s>, d: &'s Directive) -> DirectiveJson<'s> {
    let site = ctx.site;
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
    }
}

/// The pages citing a directive, newest first.
fn cited_in_order<'s>(site: &'s Site, d: &'s Directive) -> Vec<&'s CitedBy> {
    let mut cited: Vec<(usize, &CitedBy)> = d.cited_by.iter().enumerate().collect();
    cited.sort_by_key(|&(n, c)| (site.pages.date_rank[c.page], n));
    cited.into_iter().map(|(_, c)| c).collect()
}

fn cited_json<'s>(ctx: &Ctx<'s>, c: &'s CitedBy) -> CitedJson<'s> {
    let p = &ctx.site.pages[c.page];
    CitedJson {
        url: ctx.site.config.absolute(&p.url),
        title: &p.title,
        sentence: c.sentence.text(),
    }
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

/// A plan's entry of open data; `None` for a page that is not a plan.
fn plan_json<'s>(ctx: &Ctx<'s>, i: PageId) -> Option<PlanJson<'s>> {
    let site = ctx.site;
    let p = &site.pages[i];
    let Meta::Plan(pl) = &p.meta else {
        return None;
    };
    let mut cites: Vec<String> = site.citator.citations[i]
        .iter()
        .map(|c| site.citator.directives[c.target].symbol.clone())
        .collect();
    cites.dedup();
    let mut seen = std::collections::BTreeSet::new();
    cites.retain(|c| seen.insert(c.clone()));
    Some(PlanJson {
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
                title: e.title.to_string(),
                yearly: e.yearly(),
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct EventJson<'a> {
    title: &'a str,
    start: String,
    end: String,
    time: Option<String>,
    yearly: bool,
    lunar: bool,
    since: Option<i16>,
    kind: &'static str,
    location: Option<&'a str>,
    source: &'a str,
    url: String,
}

/// An event's or deadline's entry of open data.
fn event_json<'s>(ctx: &Ctx<'s>, n: EventId) -> EventJson<'s> {
    let site = ctx.site;
    let e = &site.calendar.events[n];
    let p = &site.pages[e.page];
    EventJson {
        title: &e.title,
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
        location: e.location.as_deref(),
        source: &p.title,
        url: match &e.anchor() {
            Some(a) => format!("{}#{a}", site.config.absolute(&p.url)),
            None => site.config.absolute(&p.url),
        },
    }
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

/// A model's entry of open data; `None` for a page that is not a model.
fn model_json<'s>(ctx: &Ctx<'s>, i: PageId) -> Option<ModelJson<'s>> {
    let site = ctx.site;
    let p = &site.pages[i];
    let Meta::Model(m) = &p.meta else {
        return None;
    };
    Some(ModelJson {
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
    })
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

/// A commendation's entry of open data; `None` for a page that is not one.
fn commendation_json<'s>(ctx: &Ctx<'s>, i: PageId) -> Option<CommendationJson<'s>> {
    let site = ctx.site;
    let p = &site.pages[i];
    let Meta::Commendation(c) = &p.meta else {
        return None;
    };
    Some(CommendationJson {
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
    })
}
