//! Front matter: the YAML between `---` fences, with English keys and their Vietnamese aliases,
//! parsed once into typed values. Line numbers in errors are counted in the file.

use super::kinds::{Kind, RecipientKind};
use crate::diag::Diagnostic;
use jiff::civil::{Date, Time};
use serde::{Deserialize, Deserializer};
use std::path::Path;

/// A date written `YYYY-MM-DD` or the Vietnamese way, `d/m/yyyy` (`21/8/2025`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FmDate(pub Date);

pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = Date::strptime("%Y-%m-%d", s) {
        return Some(d);
    }
    let mut parts = s.split(['/', '-', '.']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

impl<'de> Deserialize<'de> for FmDate {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let v = serde_yaml::Value::deserialize(de)?;
        let s = match &v {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        parse_date(&s).map(FmDate).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "ngày không hợp lệ `{s}`: ghi theo dạng 2025-08-21 hoặc 21/8/2025"
            ))
        })
    }
}

/// A time of day, `08:00` or `8h00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FmTime(pub Time);

impl<'de> Deserialize<'de> for FmTime {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        let norm = s.trim().replace(['h', 'g'], ":");
        let norm = if norm.ends_with(':') {
            format!("{norm}00")
        } else {
            norm
        };
        Time::strptime("%H:%M", &norm).map(FmTime).map_err(|_| {
            serde::de::Error::custom(format!("giờ không hợp lệ `{s}`: ghi theo dạng 08:00"))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yearly;

impl<'de> Deserialize<'de> for Yearly {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        match crate::text::fold(s.trim())
            .replace([' ', '_'], "-")
            .as_str()
        {
            "yearly" | "hang-nam" => Ok(Yearly),
            _ => Err(serde::de::Error::custom(format!(
                "`recurring` chỉ nhận giá trị `yearly` (hằng năm), không phải `{s}`"
            ))),
        }
    }
}

/// One front-matter key: its Vietnamese aliases and the kinds of page it is for.
#[derive(Debug)]
pub struct KeySpec {
    /// The English key, as serde reads it.
    pub key: &'static str,
    /// The Vietnamese spellings accepted for it.
    pub aliases: &'static [&'static str],
    /// The kinds that accept it; `None` for every kind.
    pub kinds: Option<&'static [Kind]>,
}

impl KeySpec {
    /// Whether `written` (a key as it stands in the file) is this key or one of its aliases.
    pub fn is_written(&self, written: &str) -> bool {
        self.key == written || self.aliases.contains(&written)
    }
}

/// Every kind of page accepts the key.
const EVERY: Option<&[Kind]> = None;

/// Only these kinds accept the key.
const fn only(kinds: &'static [Kind]) -> Option<&'static [Kind]> {
    Some(kinds)
}

/// Whether a field was given in front matter (an empty list is as good as none).
trait Present {
    fn present(&self) -> bool;
}

impl Present for String {
    fn present(&self) -> bool {
        true
    }
}

impl Present for FmDate {
    fn present(&self) -> bool {
        true
    }
}

impl Present for bool {
    fn present(&self) -> bool {
        *self
    }
}

impl<T> Present for Option<T> {
    fn present(&self) -> bool {
        self.is_some()
    }
}

impl<T> Present for Vec<T> {
    fn present(&self) -> bool {
        !self.is_empty()
    }
}

/// The key of a field: its name, or the `as "name"` given when the name is a Rust keyword.
macro_rules! key_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}

/// A struct of front matter and its table of keys, from one list: each field with its key
/// (`as "type"` when it differs), its Vietnamese aliases and the kinds it is for. serde's
/// aliases, the "did you mean" list, the "belongs to another kind" check and the lines of
/// errors (`line_of`) all come from this list, so an alias cannot be missing from one of them.
macro_rules! keyed_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fattr:meta])*
                $field:ident $(as $key:literal)?: $ty:ty = [$($alias:literal),*] for $kinds:expr,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$fattr])*
                $(#[serde(rename = $key)])?
                $(#[serde(alias = $alias)])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// Its keys, in the order of the fields.
            pub const KEYS: &'static [KeySpec] = &[
                $(KeySpec {
                    key: key_name!($field $(, $key)?),
                    aliases: &[$($alias),*],
                    kinds: $kinds,
                },)*
            ];

            /// The keys given a value.
            #[allow(dead_code)]
            pub fn present_keys(&self) -> Vec<&'static KeySpec> {
                let given = [$(Present::present(&self.$field)),*];
                Self::KEYS
                    .iter()
                    .zip(given)
                    .filter_map(|(k, given)| given.then_some(k))
                    .collect()
            }
        }
    };
}

keyed_struct! {
    #[derive(Debug, Clone, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawAttachment {
        path: String = ["duong_dan"] for EVERY,
        #[serde(default)]
        title: Option<String> = ["tieu_de"] for EVERY,
    }
}

keyed_struct! {
    /// A news item's lead photo.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawImage {
        path: String = ["duong_dan"] for EVERY,
        #[serde(default)]
        alt: Option<String> = ["mo_ta"] for EVERY,
        #[serde(default)]
        caption: Option<String> = ["chu_thich"] for EVERY,
    }
}

keyed_struct! {
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
    #[serde(deny_unknown_fields)]
    pub struct Signer {
        #[serde(default)]
        name: Option<String> = ["ten"] for EVERY,
        #[serde(default)]
        title: Option<String> = ["chuc_vu"] for EVERY,
        #[serde(default)]
        authority: Option<String> = ["quyen_han"] for EVERY,
    }
}

keyed_struct! {
    #[derive(Debug, Clone, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawDeadline {
        date: FmDate = ["ngay"] for EVERY,
        title: String = ["tieu_de"] for EVERY,
        #[serde(default)]
        recurring: Option<Yearly> = ["lap_lai"] for EVERY,
    }
}

/// A recipient: a line of "Nơi nhận" in a plan, or an awarded unit or person in a commendation.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawRecipient {
    Line(String),
    Awardee(RawAwardee),
}

keyed_struct! {
    /// An awardee as written; `type` is checked when the page is typed (`Page::from_raw`),
    /// since an error inside an untagged variant would lose its message.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawAwardee {
        name: String = ["ten"] for EVERY,
        #[serde(default)]
        kind as "type": Option<String> = ["loai"] for EVERY,
        #[serde(default)]
        unit: Option<String> = ["don_vi"] for EVERY,
    }
}

/// An awarded unit or person of a commendation (open data lists them as they are here).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Awardee {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<RecipientKind>,
    pub unit: Option<String>,
}

const PLAN: &[Kind] = &[Kind::Plan];
const MODEL: &[Kind] = &[Kind::Model];
const COMMENDATION: &[Kind] = &[Kind::Commendation];
const DIRECTIVE: &[Kind] = &[Kind::Directive];
const EVENT: &[Kind] = &[Kind::Event];
const NEWS: &[Kind] = &[Kind::News];

keyed_struct! {
    /// Every key any kind accepts; which apply to which kind is checked after parsing
    /// (`Page::from_raw`, from the kinds listed here).
    #[derive(Debug, Clone, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawFrontMatter {
        title: String = ["tieu_de"] for EVERY,
        #[serde(default)]
        date: Option<FmDate> = ["ngay"] for EVERY,
        #[serde(default)]
        summary: Option<String> = ["tom_tat"] for EVERY,
        #[serde(default)]
        tags: Vec<String> = ["the"] for EVERY,
        #[serde(default)]
        slug: Option<String> = [] for EVERY,
        #[serde(default)]
        draft: bool = ["ban_nhap"] for EVERY,
        #[serde(default)]
        publish_date: Option<FmDate> = ["ngay_dang"] for EVERY,
        #[serde(default)]
        aliases: Vec<String> = ["duong_dan_cu"] for EVERY,
        #[serde(default)]
        attachments: Vec<RawAttachment> = ["tep_dinh_kem"] for EVERY,
        #[serde(default)]
        template: Option<String> = ["mau"] for EVERY,
        #[serde(default)]
        weight: Option<i64> = ["thu_tu"] for EVERY,
        #[serde(default)]
        menu: bool = ["trinh_don"] for EVERY,
        #[serde(default)]
        number: Option<String> = ["so_hieu"] for only(&[Kind::Plan, Kind::Directive]),
        #[serde(default)]
        issuer: Option<String> = ["co_quan"]
            for only(&[Kind::Plan, Kind::Commendation, Kind::Directive]),
        #[serde(default)]
        parent: Option<String> = ["co_quan_chu_quan"] for only(PLAN),
        #[serde(default)]
        place: Option<String> = ["dia_danh"] for only(PLAN),
        #[serde(default)]
        year: Option<i16> = ["nam"] for only(PLAN),
        #[serde(default)]
        signer: Option<Signer> = ["nguoi_ky"] for only(PLAN),
        #[serde(default)]
        basis: Vec<String> = ["can_cu"] for only(PLAN),
        #[serde(default)]
        recipients: Vec<RawRecipient> = ["noi_nhan", "nguoi_nhan"]
            for only(&[Kind::Plan, Kind::Commendation]),
        #[serde(default)]
        deadlines: Vec<RawDeadline> = ["thoi_han"] for only(PLAN),
        #[serde(default)]
        names: Vec<String> = ["ten_goi"] for only(&[Kind::Model, Kind::Directive]),
        #[serde(default)]
        unit: Option<String> = ["don_vi"] for only(MODEL),
        #[serde(default)]
        locality: Option<String> = ["dia_ban"] for only(MODEL),
        #[serde(default)]
        category: Option<String> = ["nhom"] for only(MODEL),
        #[serde(default)]
        since: Option<i16> = ["tu_nam"] for only(&[Kind::Model, Kind::Event]),
        #[serde(default)]
        status: Option<String> = ["trang_thai"] for only(MODEL),
        #[serde(default)]
        form: Option<String> = ["hinh_thuc"] for only(COMMENDATION),
        #[serde(default)]
        decision: Option<String> = ["quyet_dinh"] for only(COMMENDATION),
        #[serde(default)]
        reason: Option<String> = ["thanh_tich"] for only(COMMENDATION),
        #[serde(default)]
        model: Option<String> = ["mo_hinh"] for only(COMMENDATION),
        #[serde(default)]
        doc_type: Option<String> = ["loai_van_ban"] for only(DIRECTIVE),
        #[serde(default)]
        subject: Option<String> = ["trich_yeu"] for only(DIRECTIVE),
        #[serde(default)]
        url: Option<String> = [] for only(DIRECTIVE),
        #[serde(default)]
        end_date: Option<FmDate> = ["ngay_ket_thuc"] for only(EVENT),
        #[serde(default)]
        time: Option<FmTime> = ["gio"] for only(EVENT),
        #[serde(default)]
        location: Option<String> = ["dia_diem"] for only(EVENT),
        #[serde(default)]
        recurring: Option<Yearly> = ["lap_lai"] for only(EVENT),
        #[serde(default)]
        lunar: bool = ["am_lich"] for only(EVENT),
        #[serde(default)]
        author: Option<String> = ["tac_gia"] for only(NEWS),
        #[serde(default)]
        source: Option<String> = ["nguon"] for only(NEWS),
        #[serde(default)]
        image: Option<RawImage> = ["anh"] for only(NEWS),
    }
}

/// The top-level key written `written` (English or an alias).
pub fn key_spec(written: &str) -> Option<&'static KeySpec> {
    RawFrontMatter::KEYS.iter().find(|k| k.is_written(written))
}

/// The place in `RawFrontMatter::KEYS` of the key `written` is (English or an alias).
pub fn key_index(written: &str) -> Option<u16> {
    let n = RawFrontMatter::KEYS
        .iter()
        .position(|k| k.is_written(written))?;
    u16::try_from(n).ok()
}

/// Every key and alias of front matter, nested ones too, for "did you mean".
pub fn known_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for spec in [
        RawFrontMatter::KEYS,
        Signer::KEYS,
        RawAttachment::KEYS,
        RawImage::KEYS,
        RawDeadline::KEYS,
        RawAwardee::KEYS,
    ]
    .into_iter()
    .flatten()
    {
        for k in std::iter::once(&spec.key).chain(spec.aliases) {
            if !keys.contains(k) {
                keys.push(k);
            }
        }
    }
    keys
}

/// The parts of a Markdown file: front matter text and body, with the line the body starts on.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Splits `---` fenced front matter from the body. `None` when the file has no front matter.
pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = text.strip_prefix("---")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('\n')?;
    let yaml_start = text.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..yaml_start + offset];
            let body_start = yaml_start + offset + line.len();
            let body = &text[body_start..];
            let body_line = text[..body_start].matches('\n').count() + 1;
            return Some(Split {
                yaml,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    None
}

/// Parses front matter YAML; errors carry the line in the file (the fence is line 1). Every
/// wrong key is reported, not only the first.
pub fn parse(path: &Path, yaml: &str) -> Result<RawFrontMatter, Vec<Diagnostic>> {
    if yaml.trim().is_empty() {
        return Err(vec![Diagnostic::error(
            path,
            "phần đầu (front matter) trống",
        )
        .at(1, 1)
        .help("thêm ít nhất `title: \"Tiêu đề\"` giữa hai dòng `---`")]);
    }
    crate::yaml::parse_all(path, yaml, 1, 2, &known_keys())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_date_forms() {
        assert_eq!(parse_date("2025-08-21"), Date::new(2025, 8, 21).ok());
        assert_eq!(parse_date("21/8/2025"), Date::new(2025, 8, 21).ok());
        assert_eq!(parse_date("05/11/2019"), Date::new(2019, 11, 5).ok());
        assert_eq!(parse_date("31/2/2025"), None);
        assert_eq!(parse_date("2025"), None);
    }

    #[test]
    fn split_counts_body_line() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        assert!(split("no front matter").is_none());
    }

    #[test]
    fn yaml_error_line_is_counted_in_the_file() {
        let err = parse(Path::new("a.md"), "title: a\ndate: 32/13/2025\n").unwrap_err();
        let err = &err[0];
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("32/13/2025"), "{err}");
    }

    #[test]
    fn vietnamese_keys() {
        let fm = parse(
            Path::new("a.md"),
            "tieu_de: Kế hoạch\nngay: 21/8/2025\nso_hieu: 33/KH-UBND\n",
        )
        .unwrap();
        assert_eq!(fm.title, "Kế hoạch");
        assert_eq!(fm.number.as_deref(), Some("33/KH-UBND"));
    }
}
