//! What templates see: small serialisable views built from the site graph. Templates never
//! see the internal model.

use crate::analysis::deadlines::Span;
use crate::analysis::page::CiteSource;
use crate::content::front_matter::Signer;
use crate::content::{form_label, Kind, Meta};
use crate::graph::{fmt_date, Directive, Site};
use crate::markdown::TocEntry;
use crate::render::i18n;
use crate::text::slugify;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A reference to a directive, as shown in "Căn cứ" and "Văn bản liên quan".
#[derive(Debug, Clone, Serialize)]
pub struct RefView {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    /// The words of the citation, for `basis`.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CiteView {
    pub title: String,
    pub url: String,
    pub kind_label: &'static str,
    pub date: Option<String>,
    /// The sentences it cites in (body first), or its `basis`/`decision` line.
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    pub title: String,
    pub url: String,
    pub file_name: String,
    pub size: String,
    pub ext: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    pub date: String,
    pub title: String,
    pub yearly: bool,
    pub anchor: Option<String>,
    pub sentence: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView<'a> {
    /// The title without its leading type word ("Kế hoạch triển khai…" → "Triển khai…"),
    /// shown under the "KẾ HOẠCH" heading as on the signed document.
    pub subject: String,
    pub number: Option<&'a str>,
    pub issuer: Option<Link>,
    pub place_date: Option<String>,
    pub signer: Option<&'a Signer>,
    pub basis: Vec<RefView>,
    pub recipients: &'a [String],
    pub deadlines: Vec<DeadlineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelView<'a> {
    pub names: &'a [String],
    pub unit: Option<Link>,
    pub locality: Option<Link>,
    pub category: Link,
    pub since: Option<i16>,
    pub status: Option<&'a str>,
    pub commendations: Vec<ItemView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AwardeeView<'a> {
    pub name: &'a str,
    pub kind: Option<&'static str>,
    pub unit: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommendationView<'a> {
    pub form: Link,
    pub issuer: Option<Link>,
    pub decision: Option<RefView>,
    pub awardees: Vec<AwardeeView<'a>>,
    pub reason: Option<&'a str>,
    pub model: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView<'a> {
    pub end_date: Option<String>,
    pub time: Option<String>,
    pub location: Option<&'a str>,
    pub yearly: bool,
    pub lunar: bool,
    pub since: Option<i16>,
    pub next: Option<String>,
    pub anniversary: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub url: String,
    pub permalink: String,
    pub title: &'a str,
    pub kind: Kind,
    pub kind_label: &'static str,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub summary: Option<&'a str>,
    pub tags: Vec<Link>,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub attachments: Vec<AttachmentView>,
    pub cites: Vec<RefView>,
    pub cited_by: Vec<CiteView>,
    pub mentioned_by: Vec<CiteView>,
    pub plan: Option<PlanView<'a>>,
    pub model: Option<ModelView<'a>>,
    pub commendation: Option<CommendationView<'a>>,
    pub event: Option<EventView<'a>>,
    pub source: String,
}

/// A page in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView<'a> {
    pub url: String,
    pub title: &'a str,
    pub kind_label: &'static str,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub summary: Option<&'a str>,
    pub number: Option<&'a str>,
    pub issuer: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DirectiveView<'a> {
    pub url: String,
    pub permalink: String,
    pub title: String,
    pub symbol: &'a str,
    pub type_label: &'a str,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub issuer: Option<Link>,
    pub subject: Option<&'a str>,
    pub official_url: Option<&'a str>,
    pub level: &'static str,
    pub generated: bool,
    /// The plan of this site that is this document.
    pub plan: Option<Link>,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub cited_by: Vec<CiteView>,
    pub count: usize,
}

pub struct Ctx<'s> {
    pub site: &'s Site,
    pub lang: crate::config::Language,
}

impl<'s> Ctx<'s> {
    /// A site path with the base path of `base_url` in front.
    pub fn u(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.site.config.base_path(),
            path.trim_start_matches('/')
        )
    }

    pub fn kind_label(&self, kind: Kind) -> &'static str {
        let key = match kind {
            Kind::Plan => "kind_plan",
            Kind::Model => "kind_model",
            Kind::Commendation => "kind_commendation",
            Kind::Directive => "kind_directive",
            Kind::Event => "kind_event",
            Kind::Page => "kind_page",
        };
        i18n::get(self.lang, key)
    }

    pub fn item(&self, i: usize) -> ItemView<'s> {
        let p = &self.site.pages[i];
        ItemView {
            url: self.u(&p.url),
            title: &p.title,
            kind_label: self.kind_label(p.kind),
            date: p.date.map(fmt_date),
            date_iso: p.date.map(|d| d.to_string()),
            summary: p.summary.as_deref(),
            number: match &p.meta {
                Meta::Plan(pl) => pl.number.as_deref(),
                Meta::Directive(d) => Some(d.number.as_str()),
                _ => None,
            },
            issuer: p.issuer(),
        }
    }

    /// A link to the agency page of a name, however it is spelt.
    pub fn issuer_link(&self, name: &str) -> Link {
        let a = &self.site.agencies;
        let slug = a
            .find(name)
            .map_or_else(|| slugify(name), |i| a.list[i].slug.clone());
        Link {
            title: name.to_string(),
            url: self.u(&format!("/co-quan/{slug}/")),
        }
    }

    pub fn ref_view(&self, d: &Directive, text: Option<String>) -> RefView {
        RefView {
            title: directive_title(d),
            url: self.u(self.site.directive_href(d)),
            date: d.date.map(fmt_date),
            issuer: d.issuer.clone(),
            subject: d.subject.clone(),
            text,
        }
    }

    /// Citations grouped by citing page, in order of first citation: one entry per page with
    /// every sentence it cites in; the link goes to the first citation in the body.
    pub fn cite_views(
        &self,
        cites: &[crate::graph::CitedBy],
        except: Option<usize>,
    ) -> Vec<CiteView> {
        let mut out: Vec<(usize, CiteView)> = Vec::new();
        for c in cites.iter().filter(|c| Some(c.page) != except) {
            let sentence = match c.source {
                CiteSource::Body => c.sentence.clone(),
                CiteSource::Basis => format!("{}: {}", i18n::get(self.lang, "basis"), c.sentence),
                CiteSource::Decision => {
                    format!("{}: {}", i18n::get(self.lang, "decision"), c.sentence)
                }
            };
            match out.iter_mut().find(|(p, _)| *p == c.page) {
                Some((_, v)) => {
                    if !v.sentences.contains(&sentence) {
                        v.sentences.push(sentence);
                    }
                    if c.source == CiteSource::Body && !v.url.contains('#') {
                        if let Some(a) = &c.anchor {
                            v.url = format!("{}#{a}", v.url);
                        }
                    }
                }
                None => out.push((
                    c.page,
                    self.cite_view(c.page, c.anchor.as_deref(), &sentence),
                )),
            }
        }
        for (_, v) in &mut out {
            // Body sentences before the front-matter line.
            let basis = format!("{}: ", i18n::get(self.lang, "basis"));
            v.sentences.sort_by_key(|s| s.starts_with(&basis));
        }
        out.into_iter().map(|(_, v)| v).collect()
    }

    pub fn cite_view(&self, page: usize, anchor: Option<&str>, sentence: &str) -> CiteView {
        let p = &self.site.pages[page];
        let url = match anchor {
            Some(a) => format!("{}#{a}", self.u(&p.url)),
            None => self.u(&p.url),
        };
        CiteView {
            title: p.title.clone(),
            url,
            kind_label: self.kind_label(p.kind),
            date: p.date.map(fmt_date),
            sentences: if sentence.is_empty() {
                vec![]
            } else {
                vec![sentence.to_string()]
            },
        }
    }

    pub fn page_view(&self, i: usize, content: String, toc: Vec<TocEntry>) -> PageView<'s> {
        let site = self.site;
        let p = &site.pages[i];
        let f = &site.findings[i];
        let targets = &site.citation_targets[i];
        // What this page cites, once each, in order of first citation.
        let mut cites: Vec<RefView> = Vec::new();
        let mut seen = Vec::new();
        for &t in targets {
            if !seen.contains(&t) {
                seen.push(t);
                cites.push(self.ref_view(&site.directives[t], None));
            }
        }
        // Pages citing this page: through the directive it is (a plan's own number, a
        // directive page), or by name (models).
        let mut cited_by = Vec::new();
        for &di in &site.own_directives[i] {
            cited_by.extend(self.cite_views(&site.directives[di].cited_by, Some(i)));
        }
        let mentioned_by = site.mentioned_by[i]
            .iter()
            .map(|(pi, sentence)| self.cite_view(*pi, None, sentence))
            .collect();
        let plan = match &p.meta {
            Meta::Plan(pl) => {
                let basis = f
                    .citations
                    .iter()
                    .zip(targets)
                    .filter(|(c, _)| c.source == CiteSource::Basis)
                    .map(|(c, &t)| self.ref_view(&site.directives[t], Some(c.sentence.clone())))
                    .collect();
                let mut deadlines: Vec<DeadlineView> = pl
                    .deadlines
                    .iter()
                    .map(|d| DeadlineView {
                        date: fmt_date(d.date),
                        title: d.title.clone(),
                        yearly: d.yearly,
                        anchor: None,
                        sentence: None,
                    })
                    .collect();
                for e in site.events_of[i]
                    .iter()
                    .map(|&e| &site.events[e])
                    .filter(|e| e.origin == crate::graph::EventOrigin::Text)
                {
                    deadlines.push(DeadlineView {
                        date: match e.span {
                            Some(s @ (Span::Month { .. } | Span::Quarter { .. })) => s.label_vi(),
                            _ => fmt_date(e.start),
                        },
                        title: e.title.clone(),
                        yearly: e.yearly,
                        anchor: e.anchor.clone(),
                        sentence: e.sentence.clone(),
                    });
                }
                Some(PlanView {
                    subject: strip_type_word(&p.title, self.kind_label(p.kind)),
                    number: pl.number.as_deref(),
                    issuer: pl.issuer.as_deref().map(|n| self.issuer_link(n)),
                    place_date: place_date(pl.place.as_deref(), p.date),
                    signer: pl.signer.as_ref(),
                    basis,
                    recipients: &pl.recipients,
                    deadlines,
                })
            }
            _ => None,
        };
        let model = match &p.meta {
            Meta::Model(m) => Some(ModelView {
                names: &m.names,
                unit: m.unit.as_deref().map(|u| self.issuer_link(u)),
                locality: m.locality.as_ref().map(|l| Link {
                    title: l.clone(),
                    url: self.u(&format!("/mo-hinh/dia-ban/{}/", slugify(l))),
                }),
                category: Link {
                    title: m.category.label_vi().to_string(),
                    url: self.u(&format!("/mo-hinh/nhom/{}/", m.category.slug())),
                },
                since: m.since,
                status: m.status.as_deref(),
                commendations: site.commendations_of[i]
                    .iter()
                    .map(|&c| self.item(c))
                    .collect(),
            }),
            _ => None,
        };
        let commendation = match &p.meta {
            Meta::Commendation(c) => Some(CommendationView {
                form: Link {
                    title: form_label(&c.form),
                    url: self.u(&format!("/khen-thuong/hinh-thuc/{}/", c.form)),
                },
                issuer: c.issuer.as_deref().map(|n| self.issuer_link(n)),
                decision: f
                    .citations
                    .iter()
                    .zip(targets)
                    .find(|(fc, _)| fc.source == CiteSource::Decision)
                    .map(|(_, &t)| self.ref_view(&site.directives[t], None)),
                awardees: c
                    .recipients
                    .iter()
                    .map(|a| AwardeeView {
                        name: &a.name,
                        kind: match a.kind.as_deref() {
                            Some("tap-the") => Some(i18n::get(self.lang, "collective")),
                            Some("ca-nhan") => Some(i18n::get(self.lang, "individual")),
                            _ => None,
                        },
                        unit: a.unit.as_deref(),
                    })
                    .collect(),
                reason: c.reason.as_deref(),
                model: c.model.as_ref().and_then(|(m, _)| {
                    let slug = slugify(m);
                    site.pages_of(Kind::Model)
                        .find(|(_, mp)| mp.slug == slug)
                        .map(|(_, mp)| Link {
                            title: mp.title.clone(),
                            url: self.u(&mp.url),
                        })
                }),
            }),
            _ => None,
        };
        let event = match &p.meta {
            Meta::Event(e) => {
                let next = site
                    .events
                    .iter()
                    .filter(|ev| ev.page == i)
                    .flat_map(|ev| {
                        crate::render::calendar::occurrences_of(
                            ev,
                            site.today.year(),
                            site.today.year() + 1,
                        )
                    })
                    .map(|(d, _)| d)
                    .find(|d| *d >= site.today);
                Some(EventView {
                    end_date: e.end_date.map(fmt_date),
                    time: e.time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
                    location: e.location.as_deref(),
                    yearly: e.yearly,
                    lunar: e.lunar,
                    since: e.since,
                    next: next.map(fmt_date),
                    anniversary: match (e.since, p.date, next) {
                        (Some(_), Some(start), Some(n)) if e.yearly => {
                            crate::render::calendar::anniversary_text(
                                &p.title,
                                start,
                                e.since,
                                n.year(),
                            )
                        }
                        _ => None,
                    },
                })
            }
            _ => None,
        };
        PageView {
            url: self.u(&p.url),
            permalink: site.config.absolute(&p.url),
            title: &p.title,
            kind: p.kind,
            kind_label: self.kind_label(p.kind),
            date: p.date.map(fmt_date),
            date_iso: p.date.map(|d| d.to_string()),
            summary: p.summary.as_deref(),
            tags: p
                .tags
                .iter()
                .map(|t| Link {
                    title: t.clone(),
                    url: self.u(&format!("/the/{}/", slugify(t))),
                })
                .collect(),
            content,
            toc,
            attachments: p
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    title: a.title.clone(),
                    url: self.u(&a.url),
                    file_name: a.file_name.clone(),
                    size: human_size(a.size),
                    ext: a.file_name.rsplit('.').next().unwrap_or("").to_uppercase(),
                })
                .collect(),
            cites,
            cited_by,
            mentioned_by,
            plan,
            model,
            commendation,
            event,
            source: p.source.to_string_lossy().into_owned(),
        }
    }

    /// A directive as listed in an index: no citing sentences, only their count.
    pub fn directive_summary(&self, di: usize) -> DirectiveView<'s> {
        let d = &self.site.directives[di];
        DirectiveView {
            url: self.u(&d.url),
            permalink: self.site.config.absolute(&d.url),
            title: directive_title(d),
            symbol: &d.symbol,
            type_label: &d.type_label,
            date: d.date.map(fmt_date),
            date_iso: d.date.map(|x| x.to_string()),
            issuer: d.issuer.as_deref().map(|n| self.issuer_link(n)),
            subject: d.subject.as_deref(),
            official_url: d.official_url.as_deref(),
            level: d.level.label(),
            generated: d.page.is_none() && d.plan.is_none(),
            plan: None,
            content: String::new(),
            toc: Vec::new(),
            cited_by: Vec::new(),
            count: d.citing_pages,
        }
    }

    pub fn directive_view(
        &self,
        di: usize,
        content: String,
        toc: Vec<TocEntry>,
    ) -> DirectiveView<'s> {
        let d = &self.site.directives[di];
        DirectiveView {
            generated: d.page.is_none() && d.plan.is_none(),
            plan: d.plan.map(|p| Link {
                title: self.site.pages[p].title.clone(),
                url: self.u(&self.site.pages[p].url),
            }),
            content,
            toc,
            cited_by: self.cite_views(&d.cited_by, d.page),
            ..self.directive_summary(di)
        }
    }
}

/// "Kết luận số 44-KL/TW".
pub fn directive_title(d: &Directive) -> String {
    format!("{} số {}", d.type_label, d.symbol)
}

/// "Sông Lam, ngày 12 tháng 3 năm 2024" — as the header of a Vietnamese administrative document.
fn place_date(place: Option<&str>, date: Option<Date>) -> Option<String> {
    let date = date.map(|d| {
        format!(
            "ngày {:02} tháng {:02} năm {}",
            d.day(),
            d.month(),
            d.year()
        )
    });
    match (place, date) {
        (Some(p), Some(d)) => Some(format!("{p}, {d}")),
        (None, Some(d)) => Some(d),
        (Some(p), None) => Some(p.to_string()),
        (None, None) => None,
    }
}

/// "Kế hoạch triển khai X" → "Triển khai X"; other titles unchanged.
fn strip_type_word(title: &str, word: &str) -> String {
    let n = word.chars().count();
    let head: String = title.chars().take(n).collect();
    if head.to_lowercase() != word.to_lowercase() || title.chars().nth(n) != Some(' ') {
        return title.to_string();
    }
    let rest = title.chars().skip(n + 1).collect::<String>();
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => title.to_string(),
    }
}

pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}
