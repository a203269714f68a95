//! Machine-readable outputs: sitemap, RSS, robots.txt, the iCalendar feed, open data (JSON)
//! and the search index. JSON is written compact: phones download the search index.

use super::views::{directive_title, Ctx};
use super::Sink;
use crate::content::{form_label, Kind, Meta};
use crate::diag::Diagnostic;
use crate::graph::{EventOrigin, Site};
use crate::render::ics::{stable_uid, write_calendar, IcsEvent};
use crate::text::escape_html as esc;
use serde::Serialize;

/// Writes every feed; they are independent, so they are made in parallel.
pub fn write_all(ctx: &Ctx, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
    use rayon::prelude::*;
    type Make = fn(&Ctx) -> Result<Vec<u8>, Diagnostic>;
    let feeds: [(&str, Make); 9] = [
        ("sitemap.xml", |c| Ok(sitemap(c.site).into_bytes())),
        ("rss.xml", |c| Ok(rss(c).into_bytes())),
        ("robots.txt", |c| {
            Ok(format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                c.site.config.absolute("/sitemap.xml")
            )
            .into_bytes())
        }),
        ("lich.ics", |c| Ok(ics(c).into_bytes())),
        ("api/van-ban.json", |c| {
            json("api/van-ban.json", &directives_json(c))
        }),
        ("api/ke-hoach.json", |c| {
            json("api/ke-hoach.json", &plans_json(c))
        }),
        ("api/su-kien.json", |c| {
            json("api/su-kien.json", &events_json(c))
        }),
        ("api/mo-hinh.json", |c| {
            json("api/mo-hinh.json", &models_json(c))
        }),
        ("api/khen-thuong.json", |c| {
            json("api/khen-thuong.json", &commendations_json(c))
        }),
    ];
    let mut out: Vec<_> = feeds
        .par_iter()
        .map(|(path, make)| make(ctx).and_then(|bytes| sink.write(path, bytes)))
        .collect();
    out.extend(super::search::write(ctx, sink));
    out
}

fn json<T: Serialize>(path: &str, value: &T) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(value).map_err(|e| Diagnostic::error(path, e.to_string()))
}

/// The build day as a timestamp (midnight in the site's zone): reproducible, unlike "now".
fn build_stamp(site: &Site) -> jiff::Timestamp {
    site.today
        .to_zoned_datetime(
            jiff::tz::TimeZone::get(&site.config.timezone).unwrap_or(jiff::tz::TimeZone::UTC),
        )
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn sitemap(site: &Site) -> String {
    let mut urls: Vec<(String, Option<String>)> = vec![(site.config.absolute("/"), None)];
    for p in &site.pages {
        urls.push((site.config.absolute(&p.url), p.date.map(|d| d.to_string())));
    }
    for d in site.directives.iter().filter(|d| d.page.is_none()) {
        urls.push((site.config.absolute(&d.url), None));
    }
    for s in [
        "/ke-hoach/",
        "/mo-hinh/",
        "/khen-thuong/",
        "/van-ban/",
        "/su-kien/",
        "/lich/",
    ] {
        urls.push((site.config.absolute(s), None));
    }
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (u, lastmod) in urls {
        out.push_str(&format!("  <url><loc>{}</loc>", esc(&u)));
        if let Some(l) = lastmod {
            out.push_str(&format!("<lastmod>{l}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn rss(ctx: &Ctx) -> String {
    let site = ctx.site;
    let c = &site.config;
    let items = site.sorted_by_date(
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind != Kind::Page && p.kind != Kind::Directive && p.date.is_some())
            .map(|(i, _)| i)
            .collect(),
    );
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        esc(&c.title),
        esc(&c.base_url),
        esc(c.description.as_deref().unwrap_or(&c.title)),
        if c.language == crate::config::Language::En { "en" } else { "vi" },
        esc(&c.absolute("/rss.xml")),
    );
    for &i in items.iter().take(50) {
        let p = &site.pages[i];
        let link = c.absolute(&p.url);
        let date = p
            .date
            .and_then(|d| {
                d.to_zoned_datetime(
                    jiff::tz::TimeZone::get(&c.timezone).unwrap_or(jiff::tz::TimeZone::UTC),
                )
                .ok()
            })
            .map(|z| z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string())
            .unwrap_or_default();
        out.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid>{}</guid>\n<pubDate>{date}</pubDate>\n<category>{}</category>\n<description>{}</description>\n</item>\n",
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

fn ics(ctx: &Ctx) -> String {
    let site = ctx.site;
    let c = &site.config;
    let domain = c
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("bangtin")
        .split('/')
        .next()
        .unwrap_or("bangtin");
    let events: Vec<IcsEvent> = site
        .events
        .iter()
        .flat_map(|e| {
            let p = &site.pages[e.page];
            let url = match &e.anchor {
                Some(a) => format!("{}#{a}", c.absolute(&p.url)),
                None => c.absolute(&p.url),
            };
            // A lunar yearly event falls on a different solar day each year: one VEVENT per
            // year from this year to five years on, instead of a (wrong) solar RRULE.
            let occ: Vec<(jiff::civil::Date, jiff::civil::Date, bool)> = if e.lunar && e.yearly {
                super::calendar::occurrences_of(e, site.today.year() - 1, site.today.year() + 5)
                    .into_iter()
                    .map(|(s, en)| (s, en, false))
                    .collect()
            } else {
                vec![(e.start, e.end, e.yearly)]
            };
            occ.into_iter().map(move |(start, end, yearly)| IcsEvent {
                uid: stable_uid(&[&p.url, &e.title, &start.to_string()], domain),
                summary: e.title.clone(),
                description: Some(match (&e.sentence, e.origin) {
                    (Some(s), _) => format!("{s}\n\nNguồn: {}", p.title),
                    (None, EventOrigin::Event) => p.summary.clone().unwrap_or_default(),
                    (None, _) => format!("Nguồn: {}", p.title),
                }),
                url: Some(url.clone()),
                location: e.location.clone(),
                start,
                end_inclusive: end,
                time: e.time,
                yearly,
            })
        })
        .collect();
    write_calendar(
        &c.title,
        c.description.as_deref().unwrap_or(&c.title),
        &events,
        build_stamp(site),
    )
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
    cited_by: Vec<CitedJson>,
}

#[derive(Serialize)]
struct CitedJson {
    url: String,
    title: String,
    sentence: String,
}

fn directives_json<'s>(ctx: &Ctx<'s>) -> Vec<DirectiveJson<'s>> {
    let site = ctx.site;
    site.directives
        .iter()
        .map(|d| DirectiveJson {
            symbol: &d.symbol,
            title: directive_title(d),
            doc_type: &d.type_label,
            date: d.date.map(|x| x.to_string()),
            issuer: d.issuer.as_deref(),
            level: d.level.label(),
            subject: d.subject.as_deref(),
            official_url: d.official_url.as_deref(),
            url: site.config.absolute(&d.url),
            cited_by: d
                .cited_by
                .iter()
                .map(|c| CitedJson {
                    url: site.config.absolute(&site.pages[c.page].url),
                    title: site.pages[c.page].title.clone(),
                    sentence: c.sentence.clone(),
                })
                .collect(),
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

fn plans_json<'s>(ctx: &Ctx<'s>) -> Vec<PlanJson<'s>> {
    let site = ctx.site;
    site.pages_of(Kind::Plan)
        .map(|(i, p)| {
            let Meta::Plan(pl) = &p.meta else {
                unreachable!("pages_of(Plan) yields plans")
            };
            let mut cites: Vec<String> = site.citation_targets[i]
                .iter()
                .map(|&t| site.directives[t].symbol.clone())
                .collect();
            cites.dedup();
            let mut seen = std::collections::BTreeSet::new();
            cites.retain(|c| seen.insert(c.clone()));
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
                deadlines: site.events_of[i]
                    .iter()
                    .map(|&e| &site.events[e])
                    .map(|e| DeadlineJson {
                        start: e.start.to_string(),
                        end: e.end.to_string(),
                        title: e.title.clone(),
                        yearly: e.yearly,
                    })
                    .collect(),
            }
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

fn events_json(ctx: &Ctx) -> Vec<EventJson> {
    let site = ctx.site;
    site.events
        .iter()
        .map(|e| {
            let p = &site.pages[e.page];
            EventJson {
                title: e.title.clone(),
                start: e.start.to_string(),
                end: e.end.to_string(),
                time: e.time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
                yearly: e.yearly,
                lunar: e.lunar,
                since: e.since,
                kind: match e.origin {
                    EventOrigin::Event => "event",
                    _ => "deadline",
                },
                location: e.location.clone(),
                source: p.title.clone(),
                url: match &e.anchor {
                    Some(a) => format!("{}#{a}", site.config.absolute(&p.url)),
                    None => site.config.absolute(&p.url),
                },
            }
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

fn models_json<'s>(ctx: &Ctx<'s>) -> Vec<ModelJson<'s>> {
    let site = ctx.site;
    site.pages_of(Kind::Model)
        .map(|(i, p)| {
            let Meta::Model(m) = &p.meta else {
                unreachable!("pages_of(Model) yields models")
            };
            ModelJson {
                title: &p.title,
                names: &m.names,
                unit: m.unit.as_deref(),
                locality: m.locality.as_deref(),
                category: m.category.slug(),
                since: m.since,
                status: m.status.as_deref(),
                url: site.config.absolute(&p.url),
                commendations: site.commendations_of[i]
                    .iter()
                    .map(|&c| site.config.absolute(&site.pages[c].url))
                    .collect(),
                mentioned_by: site.mentioned_by[i]
                    .iter()
                    .map(|(c, _)| site.config.absolute(&site.pages[*c].url))
                    .collect(),
            }
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

fn commendations_json<'s>(ctx: &Ctx<'s>) -> Vec<CommendationJson<'s>> {
    let site = ctx.site;
    site.pages_of(Kind::Commendation)
        .map(|(_, p)| {
            let Meta::Commendation(c) = &p.meta else {
                unreachable!("pages_of(Commendation) yields commendations")
            };
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
            }
        })
        .collect()
}
