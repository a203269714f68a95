//! STUB until the extractor lands (helper branch wip-refs).
use std::ops::Range;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum DocType {
    ChiThi,
    KetLuan,
    NghiQuyet,
    NghiDinh,
    QuyetDinh,
    KeHoach,
    ChuongTrinh,
    ChuongTrinhHanhDong,
    ThongTu,
    HuongDan,
    CongVan,
    ToTrinh,
    ThongBao,
    Luat,
    PhapLenh,
    QuyDinh,
    DeAn,
}
impl DocType {
    pub fn label(self) -> &'static str {
        "Văn bản"
    }
    pub fn from_symbol(_symbol: &str) -> Option<DocType> {
        None
    }
    pub fn parse_word(_w: &str) -> Option<DocType> {
        None
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub range: Range<usize>,
    pub link_range: Range<usize>,
    pub doc_type: Option<DocType>,
    pub symbol: String,
    pub date: Option<jiff::civil::Date>,
    pub issuer: Option<String>,
}
pub fn find_citations(_text: &str) -> Vec<Citation> {
    vec![]
}
pub fn parse_reference(s: &str) -> Option<Citation> {
    Some(Citation {
        range: 0..s.len(),
        link_range: 0..s.len(),
        doc_type: None,
        symbol: s.to_string(),
        date: None,
        issuer: None,
    })
}
pub fn sentence_around(_text: &str, range: Range<usize>) -> Range<usize> {
    range
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Level {
    TrungUongDang,
    QuocHoiChinhPhu,
    BoNganh,
    TinhUy,
    HdndUbndTinh,
    BanChiDao,
    Khac,
}
impl Level {
    pub fn label(self) -> &'static str {
        "Khác"
    }
}
pub fn issuing_level(_symbol: &str, _issuer: Option<&str>) -> Level {
    Level::Khac
}
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub symbol: String,
    pub year: Option<i16>,
}
pub struct Resolved {
    pub keys: Vec<DocKey>,
    pub ambiguous: Vec<usize>,
}
pub fn resolve(citations: &[&Citation]) -> Resolved {
    Resolved {
        keys: citations
            .iter()
            .map(|c| DocKey {
                symbol: c.symbol.clone(),
                year: None,
            })
            .collect(),
        ambiguous: vec![],
    }
}
pub fn doc_slug(key: &DocKey) -> String {
    crate::text::slugify(&key.symbol)
}
