//! The kinds of page (SPEC §3) and their typed metadata, built from raw front matter.

use super::front_matter::{Awardee, RawAwardee, RawFrontMatter, RawRecipient, Signer};
use super::{line_of, Body, PageBase};
use crate::diag::Diagnostic;
use crate::text::{nfc, slugify};
use jiff::civil::{Date, Time};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Plan,
    Model,
    Commendation,
    Directive,
    Event,
    News,
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
            "tin-tuc" => Kind::News,
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
            Kind::News => Some("tin-tuc"),
            Kind::Page => None,
        }
    }

    pub const ALL: [Kind; 7] = [
        Kind::Plan,
        Kind::Model,
        Kind::Commendation,
        Kind::Directive,
        Kind::Event,
        Kind::News,
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
            Kind::News => "news",
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
            Kind::News => "tin tức (content/tin-tuc/)",
            Kind::Page => "trang thường",
        }
    }
}

/// The longest file or folder name most file systems take, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub date: Date,
    pub title: String,
    pub yearly: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// The agency above the issuer in the header (`UBND TỈNH SÔNG LAM` over `SỞ TƯ PHÁP`).
    pub parent: Option<String>,
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

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
pub struct DirectiveMeta {
    pub number: String,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub url: Option<String>,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub end_date: Option<Date>,
    pub time: Option<Time>,
    pub location: Option<String>,
    pub yearly: bool,
    pub lunar: bool,
    /// The first year, for anniversary counts: `since`, or for a yearly solar event the
    /// year of its `date`.
    pub since: Option<i16>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    Plan(Plan),
    Model(Model),
    Commendation(Commendation),
    Directive(DirectiveMeta),
    Event(Event),
    News(News),
    Page,
}

/// A news item: who wrote it, where it was first published, its lead photo.
#[derive(Debug, Clone, PartialEq)]
pub struct News {
    pub author: Option<String>,
    pub source: Option<String>,
    pub image: Option<LeadImage>,
}

/// A news item's lead photo, as front matter gives it: `path` relative to the page (a photo
/// beside it, or in the page's folder) or site-absolute (`/anh/x.jpg`, in `static/`).
#[derive(Debug, Clone, PartialEq)]
pub struct LeadImage {
    pub path: String,
    pub alt: String,
    pub caption: Option<String>,
    /// The line of `image` in the file.
    pub line: usize,
}

/// A page of content, parsed and typed. Derived values (links, citations) live in the graph.
#[derive(Debug, Clone, PartialEq)]
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
    /// `menu: true`: listed in the site's main menu (when `bangtin.yaml` has no `menu:`) and
    /// in the footer.
    pub menu: bool,
    /// Not kept: where to read it again (`Body::read`, or `Page::read_body`).
    pub body: Body,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    pub key_lines: super::KeyLines,
    /// Fingerprint of the front matter's text: equal means every field above but `body` is.
    pub front_hash: u64,
    pub meta: Meta,
}

/// A section's `_index.md`: its title and introduction.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionIndex {
    pub source: PathBuf,
    pub section: String,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
    pub body_line: usize,
}

impl Page {
    /// The page's Markdown body, read again from its file (see [`Body`]).
    pub fn read_body(&self) -> Result<String, Diagnostic> {
        self.body.read(&self.source)
    }

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

    /// Types a page's front matter: the fields every kind has, then its kind's own, its
    /// attachments and aliases. Every problem is collected, each at the line of its key.
    pub(crate) fn from_raw(raw: RawFrontMatter, base: PageBase) -> Result<Page, Vec<Diagnostic>> {
        let mut fields = FieldReader::new(&raw, &base);
        fields.check_kind_keys(base.kind);
        let title = fields.title();
        let meta = fields.meta(base.kind);
        let attachments = fields.attachments(&base);
        let aliases = fields.aliases();
        fields.name_lengths(&base);
        let errors = fields.errors;
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
            summary: text(raw.summary.as_deref()),
            tags: texts(&raw.tags),
            draft: raw.draft,
            aliases,
            attachments,
            template: text(raw.template.as_deref()),
            weight: raw.weight,
            menu: raw.menu,
            body: base.body,
            body_line: base.body_line,
            key_lines: base.key_lines,
            front_hash: base.front_hash,
            meta,
        })
    }
}

/// A text field as kept: trimmed, NFC, absent when empty.
fn text(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(nfc)
}

/// A list of text fields as kept: each trimmed and NFC, empty entries dropped.
fn texts(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|s| nfc(s.trim()))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads one page's front matter into typed fields, collecting every problem at the line of
/// the key it is about (the first line of front matter when the key is missing).
struct FieldReader<'a> {
    raw: &'a RawFrontMatter,
    path: &'a Path,
    key_lines: &'a super::KeyLines,
    errors: Vec<Diagnostic>,
}

impl<'a> FieldReader<'a> {
    fn new(raw: &'a RawFrontMatter, base: &'a PageBase) -> Self {
        FieldReader {
            raw,
            path: &base.source,
            key_lines: &base.key_lines,
            errors: Vec::new(),
        }
    }

    fn line(&self, key: &str) -> usize {
        line_of(self.key_lines, key)
    }

    /// An error about `key`, at its line.
    fn error_at(&mut self, key: &str, msg: String, help: &str) {
        let d = Diagnostic::error(self.path, msg)
            .at_line(self.line(key))
            .help(help.to_string());
        self.errors.push(d);
    }

    /// An error about a key the page lacks, at the first line of front matter.
    fn missing(&mut self, msg: &str, help: &str) {
        let d = Diagnostic::error(self.path, msg).at_line(2).help(help);
        self.errors.push(d);
    }

    /// Keys that belong to another kind are a mistake worth naming (wrong folder, usually).
    fn check_kind_keys(&mut self, kind: Kind) {
        for spec in self.raw.present_keys() {
            let Some(kinds) = spec.kinds else { continue };
            if !kinds.contains(&kind) {
                let key = spec.key;
                let for_kinds: Vec<&str> = kinds.iter().map(|k| k.name_vi()).collect();
                self.error_at(
                    key,
                    format!("khóa `{key}` không dùng cho {}", kind.name_vi()),
                    &format!(
                        "khóa này chỉ dùng cho {}; chuyển tệp vào đúng thư mục hoặc xóa khóa",
                        for_kinds.join(", ")
                    ),
                );
            }
        }
    }

    /// The title, which no page may leave empty.
    fn title(&mut self) -> String {
        let title = nfc(self.raw.title.trim());
        if title.is_empty() {
            self.error_at("title", "tiêu đề trống".into(), "ghi tiêu đề sau `title:`");
        }
        title
    }

    /// The fields of the page's kind.
    fn meta(&mut self, kind: Kind) -> Meta {
        let (lines, awardees) = split_recipients(&self.raw.recipients);
        match kind {
            Kind::Plan => Meta::Plan(self.plan(lines, &awardees)),
            Kind::Model => Meta::Model(self.model()),
            Kind::Commendation => Meta::Commendation(self.commendation(lines, awardees)),
            Kind::Directive => Meta::Directive(self.directive()),
            Kind::Event => Meta::Event(self.event()),
            Kind::News => Meta::News(self.news()),
            Kind::Page => Meta::Page,
        }
    }

    /// A plan: its recipients are lines of "Nơi nhận", never awardees.
    fn plan(&mut self, lines: Vec<String>, awardees: &[RawAwardee]) -> Plan {
        if !awardees.is_empty() {
            self.error_at(
                "recipients",
                "`recipients` của kế hoạch là danh sách dòng chữ (Nơi nhận)".into(),
                "ghi mỗi nơi nhận là một dòng: `- \"UBND tỉnh;\"`",
            );
        }
        let raw = self.raw;
        let basis_line = self.line("basis");
        Plan {
            number: text(raw.number.as_deref()),
            issuer: text(raw.issuer.as_deref()),
            parent: text(raw.parent.as_deref()),
            place: text(raw.place.as_deref()),
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
        }
    }

    /// A model of the movement: its category is one of a fixed few, `khac` when not given.
    fn model(&mut self) -> Model {
        let raw = self.raw;
        let category = match &raw.category {
            None => Category::Khac,
            Some(c) => Category::parse(c).unwrap_or_else(|| {
                self.error_at(
                    "category",
                    format!("nhóm mô hình `{c}` không hợp lệ"),
                    "dùng một trong: tu-quan, tu-phong, tu-bao-ve, tu-hoa-giai, khac",
                );
                Category::Khac
            }),
        };
        Model {
            names: texts(&raw.names),
            unit: text(raw.unit.as_deref()),
            locality: text(raw.locality.as_deref()),
            category,
            since: raw.since,
            status: text(raw.status.as_deref()),
        }
    }

    /// A commendation: awardees as written (each `type` checked), then plain lines as awardees
    /// of no type; `form` is required.
    fn commendation(&mut self, lines: Vec<String>, awardees: Vec<RawAwardee>) -> Commendation {
        let mut recipients = Vec::with_capacity(awardees.len() + lines.len());
        for a in awardees {
            let kind = a.kind.as_deref().and_then(|k| {
                let kind = RecipientKind::parse(k);
                if kind.is_none() {
                    self.error_at(
                        "recipients",
                        format!("loại người nhận `{k}` không hợp lệ"),
                        "dùng `type: tap-the` (tập thể) hoặc `type: ca-nhan` (cá nhân)",
                    );
                }
                kind
            });
            recipients.push(Awardee {
                name: nfc(a.name.trim()),
                kind,
                unit: a.unit.as_deref().map(nfc),
            });
        }
        recipients.extend(lines.into_iter().map(|name| Awardee {
            name: nfc(name.trim()),
            kind: None,
            unit: None,
        }));
        let raw = self.raw;
        let form = raw.form.as_deref().map(slugify).unwrap_or_default();
        if form.is_empty() {
            self.missing(
                "khen thưởng thiếu `form` (hình thức)",
                "thêm ví dụ `form: bang-khen` (hoặc co-thi-dua, giay-khen)",
            );
        }
        Commendation {
            form,
            issuer: text(raw.issuer.as_deref()),
            decision: text(raw.decision.as_deref()).map(|d| (d, self.line("decision"))),
            recipients,
            reason: text(raw.reason.as_deref()),
            model: text(raw.model.as_deref()).map(|m| (m, self.line("model"))),
        }
    }

    /// A directive: `number` is required, since it is what plans cite.
    fn directive(&mut self) -> DirectiveMeta {
        let raw = self.raw;
        let number = text(raw.number.as_deref()).unwrap_or_else(|| {
            self.missing(
                "văn bản thiếu `number` (số hiệu)",
                "thêm ví dụ `number: \"44-KL/TW\"`",
            );
            String::new()
        });
        if let Some(Err(message)) = raw.url.as_deref().map(crate::links::check) {
            self.error_at("url", message, crate::links::HELP);
        }
        DirectiveMeta {
            number,
            doc_type: text(raw.doc_type.as_deref()),
            issuer: text(raw.issuer.as_deref()),
            subject: text(raw.subject.as_deref()),
            url: text(raw.url.as_deref()),
            names: texts(&raw.names),
        }
    }

    /// A news item: its lead photo needs a description (`alt`) for readers who cannot see it
    /// (Luật Người khuyết tật, Điều 43; WCAG 1.1.1).
    fn news(&mut self) -> News {
        let raw = self.raw;
        let image = raw.image.as_ref().map(|im| {
            let alt = text(im.alt.as_deref()).unwrap_or_default();
            if alt.is_empty() {
                self.error_at(
                    "image",
                    "ảnh đầu bài thiếu lời mô tả (`alt`)".into(),
                    "thêm `alt: \"…\"` tả ngắn điều ảnh cho thấy (ví dụ \"Hội nghị triển khai mô hình Camera an ninh tại xã An Hòa\"); người khiếm thị nghe lời này thay cho ảnh",
                );
            }
            if im.path.trim().is_empty() {
                self.error_at(
                    "image",
                    "ảnh đầu bài thiếu đường dẫn (`path`)".into(),
                    "ghi `path: \"anh-dau.jpg\"` (ảnh đặt cạnh trang) hoặc `path: \"/anh/x.jpg\"` (ảnh trong static/)",
                );
            }
            LeadImage {
                path: nfc(im.path.trim()),
                alt,
                caption: text(im.caption.as_deref()),
                line: self.line("image"),
            }
        });
        News {
            author: text(raw.author.as_deref()),
            source: text(raw.source.as_deref()),
            image,
        }
    }

    /// An event: `date` is required, and `end_date` may not come before it.
    fn event(&mut self) -> Event {
        let raw = self.raw;
        if raw.date.is_none() {
            self.missing(
                "sự kiện thiếu `date` (ngày diễn ra)",
                "thêm ví dụ `date: 19/8/2025`",
            );
        }
        if let (Some(s), Some(e)) = (raw.date, raw.end_date) {
            if e.0 < s.0 {
                self.error_at(
                    "end_date",
                    "`end_date` trước `date`".into(),
                    "ngày kết thúc phải cùng ngày hoặc sau ngày bắt đầu",
                );
            }
        }
        Event {
            end_date: raw.end_date.map(|d| d.0),
            time: raw.time.map(|t| t.0),
            location: text(raw.location.as_deref()),
            yearly: raw.recurring.is_some(),
            lunar: raw.lunar,
            // A yearly event is counted from the year of its `date` unless `since` says
            // otherwise (SPEC §3). Not a lunar one: a festival's lunar day is written for the
            // year at hand ("Tết: 2025-01-01"), and "1 năm Tết Nguyên đán" would be wrong.
            since: raw.since.or_else(|| {
                (raw.recurring.is_some() && !raw.lunar)
                    .then(|| raw.date.map(|d| d.0.year()))
                    .flatten()
            }),
        }
    }

    /// Attachments found beside the page or in `static/`; each one not found is an error at
    /// its own line.
    fn attachments(&mut self, base: &PageBase) -> Vec<Attachment> {
        let mut attachments = Vec::new();
        let att_line = self.line("attachments");
        for (i, a) in self.raw.attachments.iter().enumerate() {
            match resolve_attachment(base, &a.path, a.title.as_deref()) {
                Ok(att) => attachments.push(att),
                Err((msg, help)) => self.errors.push(
                    Diagnostic::error(self.path, msg)
                        .at_line(att_line + 1 + i)
                        .help(help.unwrap_or("đặt tệp trong `static/` (ghi `path: \"tep/ten-tep.pdf\"`) hoặc cạnh tệp Markdown này")),
                ),
            }
        }
        attachments
    }

    /// The slug and each tag become a folder name in the output: none may pass
    /// `MAX_NAME_BYTES`, which `build` would otherwise fail on with a path in its temporary
    /// folder.
    fn name_lengths(&mut self, base: &PageBase) {
        if base.slug.len() > MAX_NAME_BYTES {
            self.error_at(
                "slug",
                format!(
                    "đường dẫn (slug) của trang dài {} byte, quá {MAX_NAME_BYTES} byte mà một tên thư mục được phép",
                    base.slug.len()
                ),
                "đặt `slug:` ngắn hơn (vài từ), hoặc đổi tên tệp cho ngắn lại",
            );
        }
        for tag in &self.raw.tags {
            let slug = slugify(tag);
            if slug.len() > MAX_NAME_BYTES {
                self.error_at(
                    "tags",
                    format!(
                        "thẻ `{}…` dài {} byte khi thành đường dẫn, quá {MAX_NAME_BYTES} byte mà một tên thư mục được phép",
                        tag.chars().take(30).collect::<String>(),
                        slug.len()
                    ),
                    "ghi thẻ ngắn gọn, vài từ",
                );
            }
        }
    }

    /// Old paths that redirect to the page, as site paths (`/a/b/`, or `/a/b.html` for a file).
    fn aliases(&mut self) -> Vec<String> {
        let mut aliases = Vec::new();
        for a in &self.raw.aliases {
            let a = a.trim();
            if a.contains(char::is_control) {
                self.error_at(
                    "aliases",
                    format!("đường dẫn cũ `{}` có ký tự điều khiển", a.escape_debug()),
                    "chỉ ghi chữ, số, `-` và `/` trong đường dẫn, ví dụ `/tin-tuc/ke-hoach-cu/`",
                );
                continue;
            }
            // `.bangtin-output` (`output::MANIFEST`) lists what a build wrote: an alias there
            // would be overwritten by it.
            if a.split('/').any(|c| c.starts_with(".bangtin")) {
                self.error_at(
                    "aliases",
                    format!(
                        "đường dẫn cũ `{a}` trùng tên tệp bangtin dùng để ghi nhớ các tệp đã tạo"
                    ),
                    "đặt đường dẫn cũ khác",
                );
                continue;
            }
            if let Some(long) = a.split('/').find(|c| c.len() > MAX_NAME_BYTES) {
                self.error_at(
                    "aliases",
                    format!(
                        "đường dẫn cũ có một phần dài {} byte (`{}…`), quá {MAX_NAME_BYTES} byte mà một tên thư mục được phép",
                        long.len(),
                        long.chars().take(30).collect::<String>()
                    ),
                    "rút ngắn đường dẫn cũ",
                );
                continue;
            }
            if a.contains("..") || a.contains("://") || a.is_empty() {
                self.error_at(
                    "aliases",
                    format!("đường dẫn cũ `{a}` không hợp lệ"),
                    "ghi đường dẫn trong trang, ví dụ `/tin-tuc/ke-hoach-cu/`",
                );
                continue;
            }
            let mut a = format!("/{}", a.trim_matches('/'));
            if !a.contains('.') {
                a.push('/');
            }
            aliases.push(a);
        }
        aliases
    }
}

/// `recipients` as written: plain lines (a plan's "Nơi nhận") and awardees with a name and
/// type (a commendation's).
fn split_recipients(recipients: &[RawRecipient]) -> (Vec<String>, Vec<RawAwardee>) {
    let mut lines = Vec::new();
    let mut awardees = Vec::new();
    for r in recipients {
        match r {
            RawRecipient::Line(s) => lines.push(nfc(s.trim())),
            RawRecipient::Awardee(a) => awardees.push(a.clone()),
        }
    }
    (lines, awardees)
}

fn resolve_attachment(
    base: &PageBase,
    path: &str,
    title: Option<&str>,
) -> Result<Attachment, (String, Option<&'static str>)> {
    let clean = path.trim().trim_start_matches('/');
    if clean.is_empty() || clean.split('/').any(|c| c == "..") {
        return Err((
            format!("đường dẫn tệp đính kèm `{path}` không hợp lệ"),
            None,
        ));
    }
    let file_name = clean.rsplit('/').next().unwrap_or(clean).to_string();
    // The same decision as the walk of `static/` (`files`), so an attachment is listed only
    // when its file is published.
    let beside = base.source.parent().unwrap_or(&base.source).join(clean);
    let in_static = Path::new("static").join(clean);
    let usable = |rel: &Path| {
        super::files::check(&base.root, rel).map_err(|d| {
            (
                format!(
                    "tệp đính kèm `{path}` bị từ chối: `{}` là {}",
                    d.path.display(),
                    d.message
                ),
                Some(super::files::HELP),
            )
        })
    };
    let (source, url, copy) = if !path.starts_with('/') && usable(&beside)? {
        (
            base.root.join(beside),
            format!("{}{}", base.url, file_name),
            true,
        )
    } else if usable(&in_static)? {
        (base.root.join(in_static), format!("/{clean}"), false)
    } else {
        return Err((format!("không tìm thấy tệp đính kèm `{path}`"), None));
    };
    let size = std::fs::metadata(&source)
        .map(|m| m.len())
        .map_err(|e| (format!("không đọc được tệp đính kèm `{path}`: {e}"), None))?;
    Ok(Attachment {
        title: title.map(nfc).unwrap_or_else(|| file_name.clone()),
        file_name,
        source,
        url,
        size,
        copy,
    })
}
