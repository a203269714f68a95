//! The kinds of page (SPEC §3) and their typed metadata, built from raw front matter.

use super::front_matter::{Awardee, RawAwardee, RawFrontMatter, RawRecipient, Signer};
use super::{line_of, PageBase};
use crate::diag::Diagnostic;
use crate::text::{nfc, slugify};
use jiff::civil::{Date, Time};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Plan,
    Model,
    Commendation,
    Directive,
    Event,
    Page,
}

impl Kind {
    /// The kind given by the first folder under `content/`.
    pub fn from_section(section: &str) -> Kind {
        match section {
            "ke-hoach" => Kind::Plan,
            "mo-hinh" => Kind::Model,
            "khen-thuong" => Kind::Commendation,
            "van-ban" => Kind::Directive,
            "su-kien" => Kind::Event,
            _ => Kind::Page,
        }
    }

    pub fn section(self) -> Option<&'static str> {
        match self {
            Kind::Plan => Some("ke-hoach"),
            Kind::Model => Some("mo-hinh"),
            Kind::Commendation => Some("khen-thuong"),
            Kind::Directive => Some("van-ban"),
            Kind::Event => Some("su-kien"),
            Kind::Page => None,
        }
    }

    pub const ALL: [Kind; 6] = [
        Kind::Plan,
        Kind::Model,
        Kind::Commendation,
        Kind::Directive,
        Kind::Event,
        Kind::Page,
    ];

    /// The key of this kind's UI strings (`kind_plan`, …).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Model => "model",
            Kind::Commendation => "commendation",
            Kind::Directive => "directive",
            Kind::Event => "event",
            Kind::Page => "page",
        }
    }

    fn name_vi(self) -> &'static str {
        match self {
            Kind::Plan => "kế hoạch (content/ke-hoach/)",
            Kind::Model => "mô hình (content/mo-hinh/)",
            Kind::Commendation => "khen thưởng (content/khen-thuong/)",
            Kind::Directive => "văn bản (content/van-ban/)",
            Kind::Event => "sự kiện (content/su-kien/)",
            Kind::Page => "trang thường",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub title: String,
    pub file_name: String,
    /// Where the file is on disk.
    pub source: PathBuf,
    /// The site path it is served at.
    pub url: String,
    pub size: u64,
    /// True when the file sits beside the page and must be copied; false when it is in `static/`.
    pub copy: bool,
}

#[derive(Debug, Clone)]
pub struct Deadline {
    pub date: Date,
    pub title: String,
    pub yearly: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub year: Option<i16>,
    pub signer: Option<Signer>,
    /// Each `basis` entry with the line it is on.
    pub basis: Vec<(String, usize)>,
    pub recipients: Vec<String>,
    pub deadlines: Vec<Deadline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Category {
    #[serde(rename = "tu-quan")]
    TuQuan,
    #[serde(rename = "tu-phong")]
    TuPhong,
    #[serde(rename = "tu-bao-ve")]
    TuBaoVe,
    #[serde(rename = "tu-hoa-giai")]
    TuHoaGiai,
    #[serde(rename = "khac")]
    Khac,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::TuQuan,
        Category::TuPhong,
        Category::TuBaoVe,
        Category::TuHoaGiai,
        Category::Khac,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Category::TuQuan => "tu-quan",
            Category::TuPhong => "tu-phong",
            Category::TuBaoVe => "tu-bao-ve",
            Category::TuHoaGiai => "tu-hoa-giai",
            Category::Khac => "khac",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Category::TuQuan => "Tự quản",
            Category::TuPhong => "Tự phòng",
            Category::TuBaoVe => "Tự bảo vệ",
            Category::TuHoaGiai => "Tự hòa giải",
            Category::Khac => "Khác",
        }
    }

    fn parse(s: &str) -> Option<Category> {
        let slug = slugify(s);
        Category::ALL.into_iter().find(|c| c.slug() == slug)
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub names: Vec<String>,
    pub unit: Option<String>,
    pub locality: Option<String>,
    pub category: Category,
    pub since: Option<i16>,
    pub status: Option<String>,
}

/// Who a commendation honours: a unit (`tap-the`) or a person (`ca-nhan`), the `type:` of a
/// recipient. Only units are listed on an agency's page; each has its honour-roll page
/// `/khen-thuong/<slug>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum RecipientKind {
    #[serde(rename = "tap-the")]
    Collective,
    #[serde(rename = "ca-nhan")]
    Individual,
}

impl RecipientKind {
    pub const ALL: [RecipientKind; 2] = [RecipientKind::Collective, RecipientKind::Individual];

    /// As written in front matter and in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            RecipientKind::Collective => "tap-the",
            RecipientKind::Individual => "ca-nhan",
        }
    }

    /// The key of its UI string (`collective`, `individual`).
    pub fn key(self) -> &'static str {
        match self {
            RecipientKind::Collective => "collective",
            RecipientKind::Individual => "individual",
        }
    }

    /// Reads `type:` as editors write it: `tap-the`, `Tập thể`, `ca_nhan`, …
    fn parse(s: &str) -> Option<RecipientKind> {
        let slug = slugify(s);
        RecipientKind::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

#[derive(Debug, Clone)]
pub struct Commendation {
    /// Slug of the form: bang-khen, co-thi-dua, giay-khen, …
    pub form: String,
    pub issuer: Option<String>,
    pub decision: Option<(String, usize)>,
    pub recipients: Vec<Awardee>,
    pub reason: Option<String>,
    pub model: Option<(String, usize)>,
}

/// Label of a commendation form slug.
pub fn form_label(form: &str) -> String {
    match form {
        "bang-khen" => "Bằng khen".into(),
        "co-thi-dua" => "Cờ thi đua".into(),
        "giay-khen" => "Giấy khen".into(),
        "huan-chuong" => "Huân chương".into(),
        "chien-si-thi-dua" => "Chiến sĩ thi đua".into(),
        other => {
            let mut s = other.replace('-', " ");
            if let Some(first) = s.get(..1) {
                s.replace_range(..1, &first.to_uppercase());
            }
            s
        }
    }
}

#[derive(Debug, Clone)]
pub struct DirectiveMeta {
    pub number: String,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub url: Option<String>,
    pub names: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub end_date: Option<Date>,
    pub time: Option<Time>,
    pub location: Option<String>,
    pub yearly: bool,
    pub lunar: bool,
    pub since: Option<i16>,
}

#[derive(Debug, Clone)]
pub enum Meta {
    Plan(Plan),
    Model(Model),
    Commendation(Commendation),
    Directive(DirectiveMeta),
    Event(Event),
    Page,
}

/// A page of content, parsed and typed. Derived values (links, citations) live in the graph.
#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to the site root, e.g. `content/ke-hoach/a.md`.
    pub source: PathBuf,
    pub kind: Kind,
    pub section: String,
    pub slug: String,
    /// Site path, `/ke-hoach/a/`.
    pub url: String,
    pub title: String,
    pub date: Option<Date>,
    /// `publish_date`: when the page was published (RSS dates items by it), if given.
    pub publish_date: Option<Date>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub template: Option<String>,
    pub weight: Option<i64>,
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    pub key_lines: Vec<(String, usize)>,
    /// Fingerprint of the front matter's text: equal means every field above but `body` is.
    pub front_hash: u64,
    pub meta: Meta,
}

/// A section's `_index.md`: its title and introduction.
#[derive(Debug, Clone)]
pub struct SectionIndex {
    pub source: PathBuf,
    pub section: String,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
    pub body_line: usize,
}

impl Page {
    pub fn line_of(&self, key: &str) -> usize {
        line_of(&self.key_lines, key)
    }

    /// The year a page belongs to: `year` for plans, else its date's.
    pub fn year(&self) -> Option<i16> {
        match &self.meta {
            Meta::Plan(p) if p.year.is_some() => p.year,
            _ => self.date.map(|d| d.year()),
        }
    }

    pub fn issuer(&self) -> Option<&str> {
        match &self.meta {
            Meta::Plan(p) => p.issuer.as_deref(),
            Meta::Commendation(c) => c.issuer.as_deref(),
            Meta::Directive(d) => d.issuer.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn from_raw(raw: RawFrontMatter, base: PageBase) -> Result<Page, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let path = base.source.clone();
        let kl = &base.key_lines;
        let err_at = |key: &str, msg: String, help: &str| {
            Diagnostic::error(&path, msg)
                .at_line(line_of(kl, key))
                .help(help.to_string())
        };
        // Keys that belong to another kind are a mistake worth naming (wrong folder, usually).
        for spec in raw.present_keys() {
            let Some(kinds) = spec.kinds else { continue };
            if !kinds.contains(&base.kind) {
                let key = spec.key;
                let for_kinds: Vec<&str> = kinds.iter().map(|k| k.name_vi()).collect();
                errors.push(err_at(
                    key,
                    format!("khóa `{key}` không dùng cho {}", base.kind.name_vi()),
                    &format!(
                        "khóa này chỉ dùng cho {}; chuyển tệp vào đúng thư mục hoặc xóa khóa",
                        for_kinds.join(", ")
                    ),
                ));
            }
        }
        let title = nfc(raw.title.trim());
        if title.is_empty() {
            errors.push(err_at(
                "title",
                "tiêu đề trống".into(),
                "ghi tiêu đề sau `title:`",
            ));
        }
        let opt = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(nfc)
        };
        let list = |v: &[String]| {
            v.iter()
                .map(|s| nfc(s.trim()))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let basis_line = line_of(kl, "basis");

        let mut awardees: Vec<RawAwardee> = Vec::new();
        let mut lines = Vec::new();
        for r in &raw.recipients {
            match r {
                RawRecipient::Line(s) => lines.push(nfc(s.trim())),
                RawRecipient::Awardee(a) => awardees.push(a.clone()),
            }
        }

        let meta = match base.kind {
            Kind::Plan => {
                if !awardees.is_empty() {
                    errors.push(err_at(
                        "recipients",
                        "`recipients` của kế hoạch là danh sách dòng chữ (Nơi nhận)".into(),
                        "ghi mỗi nơi nhận là một dòng: `- \"UBND tỉnh;\"`",
                    ));
                }
                Meta::Plan(Plan {
                    number: opt(&raw.number),
                    issuer: opt(&raw.issuer),
                    place: opt(&raw.place),
                    year: raw.year,
                    signer: raw.signer.clone(),
                    basis: raw
                        .basis
                        .iter()
                        .enumerate()
                        .map(|(i, b)| (nfc(b.trim()), basis_line + 1 + i))
                        .collect(),
                    recipients: lines,
                    deadlines: raw
                        .deadlines
                        .iter()
                        .map(|d| Deadline {
                            date: d.date.0,
                            title: nfc(d.title.trim()),
                            yearly: d.recurring.is_some(),
                        })
                        .collect(),
                })
            }
            Kind::Model => {
                let category = match &raw.category {
                    None => Category::Khac,
                    Some(c) => Category::parse(c).unwrap_or_else(|| {
                        errors.push(err_at(
                            "category",
                            format!("nhóm mô hình `{c}` không hợp lệ"),
                            "dùng một trong: tu-quan, tu-phong, tu-bao-ve, tu-hoa-giai, khac",
                        ));
                        Category::Khac
                    }),
                };
                Meta::Model(Model {
                    names: list(&raw.names),
                    unit: opt(&raw.unit),
                    locality: opt(&raw.locality),
                    category,
                    since: raw.since,
                    status: opt(&raw.status),
                })
            }
            Kind::Commendation => {
                let mut recipients: Vec<Awardee> = awardees
                    .into_iter()
                    .map(|a| Awardee {
                        name: nfc(a.name.trim()),
                        kind: a.kind.as_deref().and_then(|k| {
                            let kind = RecipientKind::parse(k);
                            if kind.is_none() {
                                errors.push(err_at(
                                    "recipients",
                                    format!("loại người nhận `{k}` không hợp lệ"),
                                    "dùng `type: tap-the` (tập thể) hoặc `type: ca-nhan` (cá nhân)",
                                ));
                            }
                            kind
                        }),
                        unit: a.unit.as_deref().map(nfc),
                    })
                    .collect();
                recipients.extend(lines.into_iter().map(|name| Awardee {
                    name: nfc(name.trim()),
                    kind: None,
                    unit: None,
                }));
                let form = raw.form.as_deref().map(slugify).unwrap_or_default();
                if form.is_empty() {
                    errors.push(
                        Diagnostic::error(&path, "khen thưởng thiếu `form` (hình thức)")
                            .at_line(2)
                            .help("thêm ví dụ `form: bang-khen` (hoặc co-thi-dua, giay-khen)"),
                    );
                }
                Meta::Commendation(Commendation {
                    form,
                    issuer: opt(&raw.issuer),
                    decision: opt(&raw.decision).map(|d| (d, line_of(kl, "decision"))),
                    recipients,
                    reason: opt(&raw.reason),
                    model: opt(&raw.model).map(|m| (m, line_of(kl, "model"))),
                })
            }
            Kind::Directive => {
                let number = opt(&raw.number).unwrap_or_else(|| {
                    errors.push(
                        Diagnostic::error(&path, "văn bản thiếu `number` (số hiệu)")
                            .at_line(2)
                            .help("thêm ví dụ `number: \"44-KL/TW\"`"),
                    );
                    String::new()
                });
                Meta::Directive(DirectiveMeta {
                    number,
                    doc_type: opt(&raw.doc_type),
                    issuer: opt(&raw.issuer),
                    subject: opt(&raw.subject),
                    url: opt(&raw.url),
                    names: list(&raw.names),
                })
            }
            Kind::Event => {
                if raw.date.is_none() {
                    errors.push(
                        Diagnostic::error(&path, "sự kiện thiếu `date` (ngày diễn ra)")
                            .at_line(2)
                            .help("thêm ví dụ `date: 19/8/2025`"),
                    );
                }
                if let (Some(s), Some(e)) = (raw.date, raw.end_date) {
                    if e.0 < s.0 {
                        errors.push(err_at(
                            "end_date",
                            "`end_date` trước `date`".into(),
                            "ngày kết thúc phải cùng ngày hoặc sau ngày bắt đầu",
                        ));
                    }
                }
                Meta::Event(Event {
                    end_date: raw.end_date.map(|d| d.0),
                    time: raw.time.map(|t| t.0),
                    location: opt(&raw.location),
                    yearly: raw.recurring.is_some(),
                    lunar: raw.lunar,
                    since: raw.since,
                })
            }
            Kind::Page => Meta::Page,
        };

        let mut attachments = Vec::new();
        let att_line = line_of(kl, "attachments");
        for (i, a) in raw.attachments.iter().enumerate() {
            match resolve_attachment(&base, &a.path, a.title.as_deref()) {
                Ok(att) => attachments.push(att),
                Err(msg) => errors.push(
                    Diagnostic::error(&path, msg)
                        .at_line(att_line + 1 + i)
                        .help("đặt tệp trong `static/` (ghi `path: \"tep/ten-tep.pdf\"`) hoặc cạnh tệp Markdown này"),
                ),
            }
        }
        let mut aliases = Vec::new();
        for a in &raw.aliases {
            let a = a.trim();
            if a.contains("..") || a.contains("://") || a.is_empty() {
                errors.push(err_at(
                    "aliases",
                    format!("đường dẫn cũ `{a}` không hợp lệ"),
                    "ghi đường dẫn trong trang, ví dụ `/tin-tuc/ke-hoach-cu/`",
                ));
                continue;
            }
            let mut a = format!("/{}", a.trim_matches('/'));
            if !a.contains('.') {
                a.push('/');
            }
            aliases.push(a);
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Page {
            source: base.source,
            kind: base.kind,
            section: base.section,
            slug: base.slug,
            url: base.url,
            title,
            date: raw.date.map(|d| d.0),
            publish_date: raw.publish_date.map(|d| d.0),
            summary: opt(&raw.summary),
            tags: list(&raw.tags),
            draft: raw.draft,
            aliases,
            attachments,
            template: opt(&raw.template),
            weight: raw.weight,
            body: base.body,
            body_line: base.body_line,
            key_lines: base.key_lines,
            front_hash: base.front_hash,
            meta,
        })
    }
}

fn resolve_attachment(
    base: &PageBase,
    path: &str,
    title: Option<&str>,
) -> Result<Attachment, String> {
    let clean = path.trim().trim_start_matches('/');
    if clean.is_empty() || clean.split('/').any(|c| c == "..") {
        return Err(format!("đường dẫn tệp đính kèm `{path}` không hợp lệ"));
    }
    let file_name = clean.rsplit('/').next().unwrap_or(clean).to_string();
    let beside = base
        .root
        .join(base.source.parent().unwrap_or(&base.source))
        .join(clean);
    let in_static = base.root.join("static").join(clean);
    let (source, url, copy) = if !path.starts_with('/') && beside.is_file() {
        (beside, format!("{}{}", base.url, file_name), true)
    } else if in_static.is_file() {
        (in_static, format!("/{clean}"), false)
    } else {
        return Err(format!("không tìm thấy tệp đính kèm `{path}`"));
    };
    let size = std::fs::metadata(&source)
        .map(|m| m.len())
        .map_err(|e| format!("không đọc được tệp đính kèm `{path}`: {e}"))?;
    Ok(Attachment {
        title: title.map(nfc).unwrap_or_else(|| file_name.clone()),
        file_name,
        source,
        url,
        size,
        copy,
    })
}
