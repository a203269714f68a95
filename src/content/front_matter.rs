//! Front matter: the YAML between `---` fences, with English keys and their Vietnamese aliases,
//! parsed once into typed values. Line numbers in errors are counted in the file.

use crate::diag::Diagnostic;
use crate::yaml::yaml_error;
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttachment {
    #[serde(alias = "duong_dan")]
    pub path: String,
    #[serde(default, alias = "tieu_de")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    #[serde(default, alias = "ten")]
    pub name: Option<String>,
    #[serde(default, alias = "chuc_vu")]
    pub title: Option<String>,
    #[serde(default, alias = "quyen_han")]
    pub authority: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    #[serde(alias = "ngay")]
    pub date: FmDate,
    #[serde(alias = "tieu_de")]
    pub title: String,
    #[serde(default, alias = "lap_lai")]
    pub recurring: Option<Yearly>,
}

/// A recipient: a line of "Nơi nhận" in a plan, or an awarded unit or person in a commendation.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawRecipient {
    Line(String),
    Awardee(Awardee),
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Awardee {
    #[serde(alias = "ten")]
    pub name: String,
    #[serde(default, rename = "type", alias = "loai")]
    pub kind: Option<String>,
    #[serde(default, alias = "don_vi")]
    pub unit: Option<String>,
}

/// Every key any kind accepts; which apply to which kind is checked after parsing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    #[serde(alias = "tieu_de")]
    pub title: String,
    #[serde(default, alias = "ngay")]
    pub date: Option<FmDate>,
    #[serde(default, alias = "tom_tat")]
    pub summary: Option<String>,
    #[serde(default, alias = "the")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default, alias = "ban_nhap")]
    pub draft: bool,
    #[serde(default, alias = "ngay_dang")]
    pub publish_date: Option<FmDate>,
    #[serde(default, alias = "duong_dan_cu")]
    pub aliases: Vec<String>,
    #[serde(default, alias = "tep_dinh_kem")]
    pub attachments: Vec<RawAttachment>,
    #[serde(default, alias = "mau")]
    pub template: Option<String>,
    #[serde(default, alias = "thu_tu")]
    pub weight: Option<i64>,
    // plan, directive
    #[serde(default, alias = "so_hieu")]
    pub number: Option<String>,
    #[serde(default, alias = "co_quan")]
    pub issuer: Option<String>,
    #[serde(default, alias = "dia_danh")]
    pub place: Option<String>,
    #[serde(default, alias = "nam")]
    pub year: Option<i16>,
    #[serde(default, alias = "nguoi_ky")]
    pub signer: Option<Signer>,
    #[serde(default, alias = "can_cu")]
    pub basis: Vec<String>,
    #[serde(default, alias = "noi_nhan", alias = "nguoi_nhan")]
    pub recipients: Vec<RawRecipient>,
    #[serde(default, alias = "thoi_han")]
    pub deadlines: Vec<RawDeadline>,
    // model, directive
    #[serde(default, alias = "ten_goi")]
    pub names: Vec<String>,
    #[serde(default, alias = "don_vi")]
    pub unit: Option<String>,
    #[serde(default, alias = "dia_ban")]
    pub locality: Option<String>,
    #[serde(default, alias = "nhom")]
    pub category: Option<String>,
    #[serde(default, alias = "tu_nam")]
    pub since: Option<i16>,
    #[serde(default, alias = "trang_thai")]
    pub status: Option<String>,
    // commendation
    #[serde(default, alias = "hinh_thuc")]
    pub form: Option<String>,
    #[serde(default, alias = "quyet_dinh")]
    pub decision: Option<String>,
    #[serde(default, alias = "thanh_tich")]
    pub reason: Option<String>,
    #[serde(default, alias = "mo_hinh")]
    pub model: Option<String>,
    // directive
    #[serde(default, alias = "loai_van_ban")]
    pub doc_type: Option<String>,
    #[serde(default, alias = "trich_yeu")]
    pub subject: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    // event
    #[serde(default, alias = "ngay_ket_thuc")]
    pub end_date: Option<FmDate>,
    #[serde(default, alias = "gio")]
    pub time: Option<FmTime>,
    #[serde(default, alias = "dia_diem")]
    pub location: Option<String>,
    #[serde(default, alias = "lap_lai")]
    pub recurring: Option<Yearly>,
    #[serde(default, alias = "am_lich")]
    pub lunar: bool,
}

/// Every key and alias, for "did you mean".
pub const KEYS: &[&str] = &[
    "title",
    "tieu_de",
    "date",
    "ngay",
    "summary",
    "tom_tat",
    "tags",
    "the",
    "slug",
    "draft",
    "ban_nhap",
    "publish_date",
    "ngay_dang",
    "aliases",
    "attachments",
    "tep_dinh_kem",
    "template",
    "weight",
    "number",
    "so_hieu",
    "issuer",
    "co_quan",
    "place",
    "dia_danh",
    "year",
    "nam",
    "signer",
    "nguoi_ky",
    "basis",
    "can_cu",
    "recipients",
    "noi_nhan",
    "nguoi_nhan",
    "deadlines",
    "thoi_han",
    "names",
    "ten_goi",
    "unit",
    "don_vi",
    "locality",
    "dia_ban",
    "category",
    "nhom",
    "since",
    "tu_nam",
    "status",
    "trang_thai",
    "form",
    "hinh_thuc",
    "decision",
    "quyet_dinh",
    "reason",
    "thanh_tich",
    "model",
    "mo_hinh",
    "doc_type",
    "loai_van_ban",
    "subject",
    "trich_yeu",
    "url",
    "end_date",
    "ngay_ket_thuc",
    "time",
    "gio",
    "location",
    "dia_diem",
    "recurring",
    "lap_lai",
    "lunar",
    "am_lich",
    "name",
    "ten",
    "authority",
    "quyen_han",
    "chuc_vu",
    "path",
    "duong_dan",
    "type",
    "loai",
];

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

/// Parses front matter YAML; errors carry the line in the file (the fence is line 1).
pub fn parse(path: &Path, yaml: &str) -> Result<RawFrontMatter, Diagnostic> {
    if yaml.trim().is_empty() {
        return Err(Diagnostic::error(path, "phần đầu (front matter) trống")
            .at(1, 1)
            .help("thêm ít nhất `title: \"Tiêu đề\"` giữa hai dòng `---`"));
    }
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(path, yaml, &e, 1, 2, KEYS))
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
