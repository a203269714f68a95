//! What templates see: small serialisable views built from the site graph. Templates never
//! see the internal model.
//!
//! Theme authors read these fields in `themes/README.md`; `render/theme/tests.rs` fails when a
//! field (or a variable of a template) is added here without being described there.

use crate::analysis::deadlines::Span;
use crate::analysis::page::CiteSource;
use crate::content::front_matter::Signer;
use crate::content::{form_label, Kind, Meta};
use crate::graph::{fmt_date, AgencyId, Directive, DirectiveId, PageId, Site};
use crate::markdown::TocEntry;
use crate::render::i18n;
use crate::routes;
use crate::text::slugify;
use jiff::civil::Date;
use serde::Serialize;

/// A link: the text to show and where it goes.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// The text of the link.
    pub title: String,
    /// Where it goes: a site path with the base path in front (`/ke-hoach/a/`), or an
    /// address on another site (a menu entry of `bangtin.yaml`).
    pub url: String,
}

/// A link to a sub-list shown above a list (a year, a category of models, a form of
/// commendation), with how many entries it has.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// The sub-list's name: "2025", "Tổ tự quản", "Bằng khen".
    pub title: String,
    /// The sub-list's first page.
    pub url: String,
    /// How many entries the sub-list has.
    pub count: usize,
    /// Whether it is the list being shown (the default theme marks it `aria-current`).
    pub current: bool,
}

/// A term of a taxonomy (an agency, a year, a tag) on the page listing all of them.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The agency's name, the year, the tag.
    pub title: String,
    /// The term's list of pages.
    pub url: String,
    /// How many pages (for an agency: documents issued, directives, models and
    /// commendations) it has.
    pub count: usize,
}

/// A reference to a directive, as shown in "Căn cứ" and "Văn bản liên quan".
#[derive(Debug, Clone, Serialize)]
pub struct RefView {
    /// "Kết luận số 44-KL/TW".
    pub title: String,
    /// The directive's page, or the plan of this site that is that document.
    pub url: String,
    /// The directive's date, `dd/mm/yyyy`.
    pub date: Option<String>,
    /// Who issued it, as written.
    pub issuer: Option<String>,
    /// What it is about.
    pub subject: Option<String>,
    /// The words of the citation, for `basis`.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CiteView {
    /// The citing (or naming) page's title.
    pub title: String,
    /// The citing page, at its first citation in the body (`#vb-N`) when there is one.
    pub url: String,
    /// Its kind in words: "Kế hoạch", "Mô hình"…
    pub kind_label: &'static str,
    /// Its date, `dd/mm/yyyy`.
    pub date: Option<String>,
    /// The sentences it cites in (body first), or its `basis`/`decision` line.
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    /// Its `title` in front matter.
    pub title: String,
    /// The file, with the base path.
    pub url: String,
    /// Its file name: `phu-luc.pdf`.
    pub file_name: String,
    /// Its size in words: "812 B", "12.3 KB", "1.4 MB".
    pub size: String,
    /// Its extension in capitals: "PDF".
    pub ext: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    /// `dd/mm/yyyy`; "tháng 6/2025" or "Quý II/2025" for a month- or quarter-long deadline
    /// found in the text.
    pub date: String,
    /// What is due.
    pub title: String,
    /// Whether it comes back every year.
    pub yearly: bool,
    /// For one found in the text: the `id` of its `<mark>` in the page's content (`han-3`).
    pub anchor: Option<String>,
    /// For one found in the text: its sentence.
    pub sentence: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView<'a> {
    /// The title without its leading type word ("Kế hoạch triển khai…" → "Triển khai…"),
    /// shown under the "KẾ HOẠCH" heading as on the signed document.
    pub subject: String,
    /// Its `number`: `33/KH-STP`.
    pub number: Option<&'a str>,
    /// Its `issuer`, linking to the agency's page.
    pub issuer: Option<Link>,
    /// The agency above the issuer in the header: its `parent`, else `parent` of
    /// `bangtin.yaml` (`UBND tỉnh Sông Lam`).
    pub parent: Option<&'a str>,
    /// The issuer as the header writes it under `parent`: without the place the parent
    /// already names ("Sở Tư pháp tỉnh Sông Lam" under "UBND tỉnh Sông Lam" → "Sở Tư pháp").
    pub issuer_line: Option<String>,
    /// "Sông Lam, ngày 12 tháng 3 năm 2024", from `place` and `date`.
    pub place_date: Option<String>,
    /// Its `signer`.
    pub signer: Option<&'a Signer>,
    /// The directives of its `basis`, each with the line as written (`text`).
    pub basis: Vec<RefView>,
    /// Its `recipients`, as written.
    pub recipients: &'a [String],
    /// Its `deadlines`, then those found in its text.
    pub deadlines: Vec<DeadlineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelView<'a> {
    /// Its other names (`names`).
    pub names: &'a [String],
    /// The unit running it, linking to the agency's page.
    pub unit: Option<Link>,
    /// Where it is, linking to the models of that place.
    pub locality: Option<Link>,
    /// Its category, linking to the models of that category.
    pub category: Link,
    /// The year it started.
    pub since: Option<i16>,
    /// Its `status`.
    pub status: Option<&'a str>,
    /// The commendations naming it as their `model`.
    pub commendations: Vec<ItemView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AwardeeView<'a> {
    /// The person's or the group's name.
    pub name: &'a str,
    /// "Tập thể" or "Cá nhân" (`collective`, `individual` in the UI strings).
    pub kind: Option<&'static str>,
    /// Their unit.
    pub unit: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommendationView<'a> {
    /// Its form ("Bằng khen"), linking to the honour roll of that form.
    pub form: Link,
    /// Who awarded it, linking to the agency's page.
    pub issuer: Option<Link>,
    /// The decision awarding it.
    pub decision: Option<RefView>,
    /// Its `recipients`.
    pub awardees: Vec<AwardeeView<'a>>,
    /// Its `reason`.
    pub reason: Option<&'a str>,
    /// The model initiative it rewards, when the site has its page.
    pub model: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView<'a> {
    /// Its `end_date`, `dd/mm/yyyy`.
    pub end_date: Option<String>,
    /// Its `time`, "08:00".
    pub time: Option<String>,
    /// Its `location`.
    pub location: Option<&'a str>,
    /// Whether it comes back every year.
    pub yearly: bool,
    /// Whether its date is in the lunar calendar.
    pub lunar: bool,
    /// The year it was first held.
    pub since: Option<i16>,
    /// Its next occurrence from the build's date (this year or next), `dd/mm/yyyy`.
    pub next: Option<String>,
    /// For a yearly event with `since`: "20 năm Ngày hội … (19/8/2005 – 19/8/2025)".
    pub anniversary: Option<String>,
}

/// How wide a card's photo is shown: the whole screen on a phone, a third of the page wider.
pub const CARD_SIZES: &str = "(max-width: 40rem) 100vw, 22rem";

/// A photo as a template shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    pub src: String,
    pub srcset: String,
    pub sizes: &'static str,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    /// "Ảnh: …", as written.
    pub caption: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewsView<'a> {
    /// Its `author`.
    pub author: Option<&'a str>,
    /// Its `source`.
    pub source: Option<&'a str>,
    /// Its lead photo.
    pub image: Option<PhotoView>,
    /// The agencies it names, each linking to its page (which lists the news item back).
    pub agencies: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// The page, with the base path.
    pub url: String,
    /// Its absolute address (for `<link rel="canonical">`).
    pub permalink: String,
    /// Its `title`.
    pub title: &'a str,
    /// `plan`, `model`, `commendation`, `event` or `page`.
    pub kind: Kind,
    /// The kind in words: "Kế hoạch", "Mô hình", "Khen thưởng", "Sự kiện", "Trang".
    pub kind_label: &'static str,
    /// Its `date`, `dd/mm/yyyy`.
    pub date: Option<String>,
    /// Its `date`, `yyyy-mm-dd`.
    pub date_iso: Option<String>,
    /// Its `summary`.
    pub summary: Option<&'a str>,
    /// Its `tags`, each linking to the tag's list.
    pub tags: Vec<Link>,
    /// Its body as HTML, with citations linked (`vb-N`), names of models linked and
    /// deadlines marked (`han-N`).
    pub content: String,
    /// Its headings.
    pub toc: Vec<TocEntry>,
    /// Its `attachments`.
    pub attachments: Vec<AttachmentView>,
    /// The directives it cites, once each, in the order first cited.
    pub cites: Vec<RefView>,
    /// The newest pages citing it (at most `paginate`)…
    pub cited_by: Vec<CiteView>,
    /// … and, when there are more, the link to all of them.
    pub cited_by_all: Option<Link>,
    /// The newest pages naming it (at most `paginate`)…
    pub mentioned_by: Vec<CiteView>,
    /// … and, when there are more, the link to all of them.
    pub mentioned_by_all: Option<Link>,
    /// For a plan.
    pub plan: Option<PlanView<'a>>,
    /// For a model initiative.
    pub model: Option<ModelView<'a>>,
    /// For a commendation.
    pub commendation: Option<CommendationView<'a>>,
    /// For an event.
    pub event: Option<EventView<'a>>,
    /// For a news item.
    pub news: Option<NewsView<'a>>,
    /// Its file, from the site's root: `content/ke-hoach/a.md`.
    pub source: String,
}

/// A page (or a directive) in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView<'a> {
    /// Its page, with the base path.
    pub url: String,
    /// Its title ("Kết luận số 44-KL/TW" for a directive).
    pub title: std::borrow::Cow<'a, str>,
    /// Its kind in words: "Kế hoạch", "Văn bản"…
    pub kind_label: &'a str,
    /// Its date, `dd/mm/yyyy`.
    pub date: Option<String>,
    /// Its date, `yyyy-mm-dd`.
    pub date_iso: Option<String>,
    /// Its `summary` (a directive: its subject).
    pub summary: Option<&'a str>,
    /// A plan's or a directive page's number (`33/KH-STP`).
    pub number: Option<&'a str>,
    /// The agency that issued it, as written.
    pub issuer: Option<&'a str>,
    /// For a directive, or a plan whose number is cited: how many pages cite it.
    pub cited: Option<usize>,
    /// For a news item: its lead photo, sized for a card.
    pub image: Option<PhotoView>,
}

/// Where one page of a paged list is, and the links around it.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// 1-based.
    pub current: usize,
    /// How many pages there are.
    pub total: usize,
    /// The previous page, unless this is the first.
    pub prev: Option<String>,
    /// The next page, unless this is the last.
    pub next: Option<String>,
    /// The first, the last and two on each side of the current page, with gaps between.
    pub pages: Vec<PagerLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    /// 0 for a gap ("…").
    pub number: usize,
    /// Empty for a gap.
    pub url: String,
}

impl Pager {
    /// Page `current` of `total`; `url(k)` is the site path of page `k`.
    pub fn new(ctx: &Ctx, current: usize, total: usize, url: impl Fn(usize) -> String) -> Self {
        let mut pages: Vec<PagerLink> = Vec::new();
        let mut last = 0;
        for k in (1..=total).filter(|&k| k == 1 || k == total || k.abs_diff(current) <= 2) {
            if last > 0 && k > last + 1 {
                pages.push(PagerLink {
                    number: 0,
                    url: String::new(),
                });
            }
            pages.push(PagerLink {
                number: k,
                url: ctx.u(&url(k)),
            });
            last = k;
        }
        Pager {
            current,
            total,
            prev: (current > 1).then(|| ctx.u(&url(current - 1))),
            next: (current < total).then(|| ctx.u(&url(current + 1))),
            pages,
        }
    }
}

/// How many pages a list of `len` entries takes at `per` a page (an empty list has one).
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per.max(1)).max(1)
}

/// The entries of page `n` (1-based) of `all`, at `per` a page.
pub fn page_slice<T>(all: &[T], n: usize, per: usize) -> &[T] {
    let from = (n.saturating_sub(1) * per).min(all.len());
    &all[from..(from + per).min(all.len())]
}

#[derive(Debug, Clone, Serialize)]
pub struct DirectiveView<'a> {
    /// Its page, with the base path.
    pub url: String,
    /// Its absolute address.
    pub permalink: String,
    /// "Kết luận số 44-KL/TW".
    pub title: String,
    /// "44-KL/TW".
    pub symbol: &'a str,
    /// "Kết luận".
    pub type_label: &'a str,
    /// Its date, `dd/mm/yyyy`.
    pub date: Option<String>,
    /// Its date, `yyyy-mm-dd`.
    pub date_iso: Option<String>,
    /// Who issued it, linking to the agency's page.
    pub issuer: Option<Link>,
    /// What it is about.
    pub subject: Option<&'a str>,
    /// The official text elsewhere (`url` of its page).
    pub official_url: Option<&'a str>,
    /// Its issuing level: "Trung ương Đảng", "Bộ, ngành"…
    pub level: &'static str,
    /// Whether bangtin made the page from citations alone (no page of its own, no plan of
    /// this site with its number).
    pub generated: bool,
    /// The plan of this site that is this document.
    pub plan: Option<Link>,
    /// The body of its page in `content/van-ban/`, on the first page; empty otherwise.
    pub content: String,
    /// The headings of that body.
    pub toc: Vec<TocEntry>,
    /// This page's share of the pages citing it, newest first.
    pub cited_by: Vec<CiteView>,
    /// How many pages cite it.
    pub count: usize,
    /// Where this page is in the paged "cited by" list (None in an index).
    pub pager: Option<Pager>,
    /// On the first page: citing pages per year, newest year first…
    pub by_year: Vec<Count>,
    /// … and per issuing agency, most first (the long tail summed up as "Khác").
    pub by_agency: Vec<Count>,
}

/// A number of things under a label, with a link where there is a page for them.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// The year, or the agency's name.
    pub label: String,
    /// The agency's page; `None` for a year and for "Khác".
    pub url: Option<String>,
    /// How many pages.
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
            Kind::News => "kind_news",
            Kind::Page => "kind_page",
        };
        i18n::get(self.lang, key)
    }

    pub fn item(&self, i: PageId) -> ItemView<'s> {
        let p = &self.site.pages[i];
        ItemView {
            url: self.u(&p.url),
            title: p.title.as_str().into(),
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
            // A plan whose number other pages cite: how many, as for a directive.
            cited: self.site.citator.own_directives[i]
                .iter()
                .map(|&d| self.site.citator.directives[d].citing.len())
                .max()
                .filter(|&n| n > 0),
            image: self.lead_photo(i).map(|mut ph| {
                ph.sizes = CARD_SIZES;
                ph
            }),
        }
    }

    /// A directive as an entry of a list (an agency's page, a level of the index).
    pub fn directive_item(&self, di: DirectiveId) -> ItemView<'s> {
        let d = &self.site.citator.directives[di];
        ItemView {
            url: self.u(&d.url),
            title: directive_title(d).into(),
            kind_label: i18n::get(self.lang, "kind_directive"),
            date: d.date.map(fmt_date),
            date_iso: d.date.map(|x| x.to_string()),
            summary: d.subject.as_deref(),
            number: None,
            issuer: d.issuer.as_deref(),
            cited: Some(d.citing_pages),
            image: None,
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
            url: self.u(&crate::routes::agency(&slug)),
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

    /// The "cited by" entries of `d` for the citing `pages`, in that order: one entry per
    /// page with every sentence it cites `d` in; the link goes to the first citation in the
    /// body.
    pub fn citing_views(&self, d: &Directive, pages: &[PageId]) -> Vec<CiteView> {
        pages
            .iter()
            .map(|&p| {
                let from = d.cited_by.partition_point(|c| c.page < p);
                let to = from + d.cited_by[from..].partition_point(|c| c.page == p);
                self.cite_view_of(p, &d.cited_by[from..to])
            })
            .collect()
    }

    /// One entry of a "cited by" list: page `page` and its citations `run`.
    fn cite_view_of(&self, page: PageId, run: &[crate::graph::CitedBy]) -> CiteView {
        let mut v = self.cite_view(page, None, "");
        for c in run {
            let sentence = match c.source {
                CiteSource::Body => c.sentence.text(),
                CiteSource::Basis => format!("{}: {}", i18n::get(self.lang, "basis"), c.sentence),
                CiteSource::Decision => {
                    format!("{}: {}", i18n::get(self.lang, "decision"), c.sentence)
                }
            };
            if !sentence.is_empty() && !v.sentences.contains(&sentence) {
                v.sentences.push(sentence);
            }
            if c.source == CiteSource::Body && !v.url.contains('#') {
                if let Some(n) = c.citation {
                    v.url = format!("{}#{}", v.url, routes::citation_anchor(n.number()));
                }
            }
        }
        // Body sentences before the front-matter line.
        let basis = format!("{}: ", i18n::get(self.lang, "basis"));
        v.sentences.sort_by_key(|s| s.starts_with(&basis));
        v
    }

    pub fn cite_view(&self, page: PageId, anchor: Option<&str>, sentence: &str) -> CiteView {
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

    pub fn page_view(&self, i: PageId, content: String, toc: Vec<TocEntry>) -> PageView<'s> {
        let site = self.site;
        let p = &site.pages[i];
        let (cited_by, cited_by_all) = self.cited_by(i);
        let (mentioned_by, mentioned_by_all) = self.mentioned_by(i);
        let (mut plan, mut model, mut commendation, mut event) = (None, None, None, None);
        let mut news = None;
        match &p.meta {
            Meta::Plan(pl) => plan = Some(self.plan_view(i, pl)),
            Meta::Model(m) => model = Some(self.model_view(i, m)),
            Meta::Commendation(c) => commendation = Some(self.commendation_view(i, c)),
            Meta::Event(e) => event = Some(self.event_view(i, e)),
            Meta::News(n) => {
                news = Some(NewsView {
                    author: n.author.as_deref(),
                    source: n.source.as_deref(),
                    image: self.lead_photo(i),
                    agencies: site
                        .agencies
                        .list
                        .iter()
                        .filter(|a| a.news.contains(&i))
                        .map(|a| Link {
                            title: a.name.clone(),
                            url: self.u(&crate::routes::agency(&a.slug)),
                        })
                        .collect(),
                })
            }
            _ => {}
        }
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
                    url: self.u(&crate::routes::tag(&slugify(t))),
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
            cites: self.cites(i),
            cited_by,
            cited_by_all,
            mentioned_by,
            mentioned_by_all,
            plan,
            model,
            commendation,
            event,
            news,
            source: p.source.to_string_lossy().into_owned(),
        }
    }

    /// The lead photo of news item `i`, processed.
    pub fn lead_photo(&self, i: PageId) -> Option<PhotoView> {
        let site = self.site;
        let Meta::News(n) = &site.pages[i].meta else {
            return None;
        };
        let im = n.image.as_ref()?;
        let pic = site.photos.get(i, &im.path)?.picture(&|p| self.u(p))?;
        Some(PhotoView {
            src: pic.src,
            srcset: pic.srcset,
            sizes: crate::markdown::SIZES,
            width: pic.width,
            height: pic.height,
            alt: im.alt.clone(),
            caption: im.caption.clone(),
        })
    }

    /// The pictures of page `i`'s body, by address as written, for `markdown::render_with`.
    pub fn pictures(&self, i: PageId) -> impl Fn(&str) -> Option<crate::markdown::Picture> + '_ {
        move |url: &str| {
            self.site
                .photos
                .get(i, url)
                .and_then(|ph| ph.picture(&|p| self.u(p)))
        }
    }

    /// What page `i` cites, once each, in order of first citation.
    fn cites(&self, i: PageId) -> Vec<RefView> {
        let site = self.site;
        let mut cites: Vec<RefView> = Vec::new();
        let mut seen = Vec::new();
        for t in site.citator.citations[i].iter().map(|c| c.target) {
            if !seen.contains(&t) {
                seen.push(t);
                cites.push(self.ref_view(&site.citator.directives[t], None));
            }
        }
        cites
    }

    /// The newest pages citing page `i` through the directive it is (a plan's own number, a
    /// directive page), and a link to all of them when there are more.
    fn cited_by(&self, i: PageId) -> (Vec<CiteView>, Option<Link>) {
        let site = self.site;
        let per = site.config.paginate;
        let mut citing: Vec<(PageId, DirectiveId)> = Vec::new();
        for &di in &site.citator.own_directives[i] {
            citing.extend(
                site.citator.directives[di]
                    .citing
                    .iter()
                    .filter(|&&p| p != i)
                    .map(|&p| (p, di)),
            );
        }
        citing.sort_by_key(|&(p, _)| site.pages.date_rank[p]);
        citing.dedup_by_key(|(p, _)| *p);
        let cited_by = citing
            .iter()
            .take(per)
            .map(|&(p, di)| {
                self.citing_views(&site.citator.directives[di], &[p])
                    .remove(0)
            })
            .collect();
        let cited_by_all = (citing.len() > per)
            .then(|| site.citator.own_directives[i].first())
            .flatten()
            .map(|&di| Link {
                title: format!("{} ({})", i18n::get(self.lang, "see_all"), citing.len()),
                url: self.u(&site.citator.directives[di].url),
            });
        (cited_by, cited_by_all)
    }

    /// The newest pages naming page `i` (a model), and a link to all of them when there are
    /// more.
    fn mentioned_by(&self, i: PageId) -> (Vec<CiteView>, Option<Link>) {
        let site = self.site;
        let per = site.config.paginate;
        let p = &site.pages[i];
        let mentions = &site.links.mentioned_by[i];
        let mentioned_by = mentions
            .iter()
            .take(per)
            .map(|(pi, sentence)| self.cite_view(*pi, None, &sentence.text()))
            .collect();
        let mentioned_by_all = (mentions.len() > per).then(|| Link {
            title: format!("{} ({})", i18n::get(self.lang, "see_all"), mentions.len()),
            url: self.u(&routes::mentions(&p.url)),
        });
        (mentioned_by, mentioned_by_all)
    }

    /// A plan's own parts: number, issuer, basis, recipients, deadlines.
    fn plan_view(&self, i: PageId, pl: &'s crate::content::Plan) -> PlanView<'s> {
        let site = self.site;
        let p = &site.pages[i];
        let parent = pl.parent.as_deref().or(site.config.parent.as_deref());
        let basis = site.citator.citations[i]
            .iter()
            .filter(|c| c.source == CiteSource::Basis)
            .map(|c| self.ref_view(&site.citator.directives[c.target], Some(c.sentence.text())))
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
        for e in site.calendar.events_of[i]
            .iter()
            .map(|&e| &site.calendar.events[e])
            .filter(|e| e.origin == crate::graph::EventOrigin::Text)
        {
            deadlines.push(DeadlineView {
                date: match e.span {
                    Some(s @ (Span::Month { .. } | Span::Quarter { .. })) => s.label_vi(),
                    _ => fmt_date(e.start),
                },
                title: e.title.to_string(),
                yearly: e.yearly(),
                anchor: e.anchor(),
                sentence: e.sentence.map(|s| s.text()),
            });
        }
        PlanView {
            subject: strip_type_word(&p.title, self.kind_label(p.kind)),
            number: pl.number.as_deref(),
            issuer: pl.issuer.as_deref().map(|n| self.issuer_link(n)),
            parent,
            issuer_line: pl.issuer.as_deref().map(|i| issuer_under(parent, i)),
            place_date: place_date(pl.place.as_deref(), p.date),
            signer: pl.signer.as_ref(),
            basis,
            recipients: &pl.recipients,
            deadlines,
        }
    }

    /// A model's own parts: names, unit, locality, category, its commendations.
    fn model_view(&self, i: PageId, m: &'s crate::content::Model) -> ModelView<'s> {
        let site = self.site;
        ModelView {
            names: &m.names,
            unit: m.unit.as_deref().map(|u| self.issuer_link(u)),
            locality: m.locality.as_ref().map(|l| Link {
                title: l.clone(),
                url: self.u(&crate::routes::model_locality(&slugify(l))),
            }),
            category: Link {
                title: m.category.label_vi().to_string(),
                url: self.u(&crate::routes::model_category(m.category.slug())),
            },
            since: m.since,
            status: m.status.as_deref(),
            commendations: site.links.commendations_of[i]
                .iter()
                .map(|&c| self.item(c))
                .collect(),
        }
    }

    /// A commendation's own parts: form, issuer, decision, awardees, the model it is for.
    fn commendation_view(
        &self,
        i: PageId,
        c: &'s crate::content::Commendation,
    ) -> CommendationView<'s> {
        let site = self.site;
        CommendationView {
            form: Link {
                title: form_label(&c.form),
                url: self.u(&crate::routes::commendation_form(&c.form)),
            },
            issuer: c.issuer.as_deref().map(|n| self.issuer_link(n)),
            decision: site.citator.citations[i]
                .iter()
                .find(|pc| pc.source == CiteSource::Decision)
                .map(|pc| self.ref_view(&site.citator.directives[pc.target], None)),
            awardees: c
                .recipients
                .iter()
                .map(|a| AwardeeView {
                    name: &a.name,
                    kind: a.kind.map(|k| i18n::get(self.lang, k.key())),
                    unit: a.unit.as_deref(),
                })
                .collect(),
            reason: c.reason.as_deref(),
            model: c.model.as_ref().and_then(|(m, _)| {
                let slug = slugify(m);
                site.pages
                    .of_kind(Kind::Model)
                    .find(|(_, mp)| mp.slug == slug)
                    .map(|(_, mp)| Link {
                        title: mp.title.clone(),
                        url: self.u(&mp.url),
                    })
            }),
        }
    }

    /// An event's own parts: when, where, the next time it comes.
    fn event_view(&self, i: PageId, e: &'s crate::content::Event) -> EventView<'s> {
        let site = self.site;
        let p = &site.pages[i];
        let next = site
            .calendar
            .events
            .iter()
            .filter(|ev| ev.page == i)
            .flat_map(|ev| ev.occurrences(site.today.year(), site.today.year() + 1))
            .map(|(d, _)| d)
            .find(|d| *d >= site.today);
        EventView {
            end_date: e.end_date.map(fmt_date),
            time: e.time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
            location: e.location.as_deref(),
            yearly: e.yearly,
            lunar: e.lunar,
            since: e.since,
            next: next.map(fmt_date),
            anniversary: match (e.since, p.date, next) {
                (Some(_), Some(start), Some(n)) if e.yearly => {
                    crate::graph::calendar::anniversary_text(
                        &p.title,
                        start,
                        e.since,
                        n.year(),
                        e.lunar,
                    )
                }
                _ => None,
            },
        }
    }

    /// A directive as listed in an index: no citing sentences, only their count.
    pub fn directive_summary(&self, di: DirectiveId) -> DirectiveView<'s> {
        let d = &self.site.citator.directives[di];
        DirectiveView {
            // In a list, a directive that is a plan of the site leads to the plan, as its
            // citations do.
            url: self.u(self.site.directive_href(d)),
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
            pager: None,
            by_year: Vec::new(),
            by_agency: Vec::new(),
        }
    }

    /// Page `n` of a directive's page: its facts (with the counts of who cites it on the
    /// first), and the `n`th share of the pages citing it.
    pub fn directive_view(
        &self,
        di: DirectiveId,
        n: usize,
        content: String,
        toc: Vec<TocEntry>,
    ) -> DirectiveView<'s> {
        let site = self.site;
        let d = &site.citator.directives[di];
        let per = site.config.paginate;
        let total = page_count(d.citing.len(), per);
        let (by_year, by_agency) = if n == 1 {
            self.citing_counts(d)
        } else {
            Default::default()
        };
        DirectiveView {
            url: self.u(&d.url),
            generated: d.page.is_none() && d.plan.is_none(),
            plan: d.plan.map(|p| Link {
                title: site.pages[p].title.clone(),
                url: self.u(&site.pages[p].url),
            }),
            content,
            toc,
            cited_by: self.citing_views(d, page_slice(&d.citing, n, per)),
            pager: Some(Pager::new(self, n, total, |k| routes::paged(&d.url, k))),
            by_year,
            by_agency,
            ..self.directive_summary(di)
        }
    }

    /// Who cites `d`: pages per year (newest first) and per issuing agency (the ten that
    /// cite it most, then the rest as one line).
    fn citing_counts(&self, d: &Directive) -> (Vec<Count>, Vec<Count>) {
        const AGENCIES_SHOWN: usize = 10;
        let site = self.site;
        let mut years: std::collections::BTreeMap<std::cmp::Reverse<i16>, usize> =
            Default::default();
        let mut agencies: rustc_hash::FxHashMap<Option<AgencyId>, usize> = Default::default();
        // Thousands of pages cite a central directive, naming a few issuers: each spelling is
        // looked up (normalised) once, and hashed cheaply (this took 15-30 ms of the first page
        // of such a directive).
        let mut found: rustc_hash::FxHashMap<&str, Option<AgencyId>> = Default::default();
        for &p in &d.citing {
            let page = &site.pages[p];
            if let Some(y) = page.year() {
                *years.entry(std::cmp::Reverse(y)).or_default() += 1;
            }
            let agency = page.issuer().and_then(|name| {
                *found
                    .entry(name)
                    .or_insert_with(|| site.agencies.find(name))
            });
            *agencies.entry(agency).or_default() += 1;
        }
        let by_year = years
            .into_iter()
            .map(|(y, count)| Count {
                label: y.0.to_string(),
                url: None,
                count,
            })
            .collect();
        let mut named: Vec<(AgencyId, usize)> = agencies
            .iter()
            .filter_map(|(a, &count)| a.map(|a| (a, count)))
            .collect();
        named.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| {
                crate::text::vi_cmp(&site.agencies.list[a.0].name, &site.agencies.list[b.0].name)
            })
        });
        let rest: usize = named
            .iter()
            .skip(AGENCIES_SHOWN)
            .map(|(_, c)| c)
            .sum::<usize>()
            + agencies.get(&None).copied().unwrap_or(0);
        let mut by_agency: Vec<Count> = named
            .into_iter()
            .take(AGENCIES_SHOWN)
            .map(|(a, count)| {
                let a = &site.agencies.list[a];
                Count {
                    label: a.name.clone(),
                    url: Some(self.u(&routes::agency(&a.slug))),
                    count,
                }
            })
            .collect();
        if rest > 0 {
            by_agency.push(Count {
                label: i18n::get(self.lang, "others").to_string(),
                url: None,
                count: rest,
            });
        }
        (by_year, by_agency)
    }
}

/// "Kết luận số 44-KL/TW".
pub fn directive_title(d: &Directive) -> String {
    match &d.name {
        // "Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13", as laws are cited.
        Some(name) => format!("{name} số {}", d.symbol),
        None => format!("{} số {}", d.type_label, d.symbol),
    }
}

/// "Sông Lam, ngày 12 tháng 3 năm 2024" — as the header of a Vietnamese administrative document.
/// Nghị định 30/2020/NĐ-CP (Phụ lục I): a day below 10 and the months 1 and 2 take a leading
/// zero, no other month does ("ngày 05 tháng 02", "ngày 12 tháng 3").
fn place_date(place: Option<&str>, date: Option<Date>) -> Option<String> {
    let date = date.map(|d| {
        let month = if d.month() <= 2 {
            format!("{:02}", d.month())
        } else {
            d.month().to_string()
        };
        format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
    });
    match (place, date) {
        (Some(p), Some(d)) => Some(format!("{p}, {d}")),
        (None, Some(d)) => Some(d),
        (Some(p), None) => Some(p.to_string()),
        (None, None) => None,
    }
}

/// The issuer's name under `parent` in a document's header: the place both names end with is
/// said once, by the parent ("UBND tỉnh Sông Lam" over "Sở Tư pháp tỉnh Sông Lam" gives
/// "Sở Tư pháp"; "UBND huyện A" over "Phòng Tư pháp huyện A" gives "Phòng Tư pháp").
fn issuer_under(parent: Option<&str>, issuer: &str) -> String {
    const PLACES: [&str; 8] = [
        "tỉnh ",
        "thành phố ",
        "huyện ",
        "quận ",
        "thị xã ",
        "xã ",
        "phường ",
        "thị trấn ",
    ];
    let Some(parent) = parent else {
        return issuer.to_string();
    };
    let (p, i) = (parent.to_lowercase(), issuer.to_lowercase());
    // The place the parent names: from its first place word to the end.
    let Some(at) = PLACES
        .iter()
        .filter_map(|w| p.find(w).filter(|&k| k == 0 || p[..k].ends_with(' ')))
        .min()
    else {
        return issuer.to_string();
    };
    let place = &p[at..];
    match i.strip_suffix(place) {
        Some(head) if head.ends_with(' ') && !head.trim().is_empty() => {
            // Lower-casing can change byte lengths; cut the original by characters.
            let keep = head.trim_end().chars().count();
            issuer.chars().take(keep).collect()
        }
        _ => issuer.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_pads_days_below_ten_and_only_the_first_two_months() {
        let line = |m, d| place_date(Some("Sông Lam"), Some(Date::constant(2024, m, d)));
        assert_eq!(
            line(3, 12).as_deref(),
            Some("Sông Lam, ngày 12 tháng 3 năm 2024")
        );
        assert_eq!(
            line(2, 5).as_deref(),
            Some("Sông Lam, ngày 05 tháng 02 năm 2024")
        );
        assert_eq!(
            line(1, 31).as_deref(),
            Some("Sông Lam, ngày 31 tháng 01 năm 2024")
        );
        assert_eq!(
            line(12, 9).as_deref(),
            Some("Sông Lam, ngày 09 tháng 12 năm 2024")
        );
    }

    #[test]
    fn the_issuer_under_its_parent_names_the_place_once() {
        let under = |p: Option<&str>, i: &str| issuer_under(p, i);
        assert_eq!(
            under(Some("UBND tỉnh Sông Lam"), "Sở Tư pháp tỉnh Sông Lam"),
            "Sở Tư pháp"
        );
        assert_eq!(
            under(Some("UBND TỈNH SÔNG LAM"), "Sở Tư pháp tỉnh Sông Lam"),
            "Sở Tư pháp"
        );
        assert_eq!(
            under(
                Some("UBND huyện Đông Xuân"),
                "Phòng Tư pháp huyện Đông Xuân"
            ),
            "Phòng Tư pháp"
        );
        // Another place, no place, no parent: the issuer as written.
        assert_eq!(
            under(Some("UBND tỉnh Sông Lam"), "Công an huyện Đông Xuân"),
            "Công an huyện Đông Xuân"
        );
        assert_eq!(under(Some("Bộ Công an"), "Cục Cảnh sát"), "Cục Cảnh sát");
        assert_eq!(
            under(None, "Sở Tư pháp tỉnh Sông Lam"),
            "Sở Tư pháp tỉnh Sông Lam"
        );
        // The issuer is the place itself: nothing would be left, keep it.
        assert_eq!(under(Some("UBND tỉnh A"), "tỉnh A"), "tỉnh A");
    }
}
