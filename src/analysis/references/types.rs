//! Document types and issuing levels: what a type word or a symbol's abbreviation says a cited
//! document is, and where it comes from (for grouping the index of directives).

use crate::text::fold;
use unicode_normalization::UnicodeNormalization;

use super::symbol::{split_symbol, Shape};

/// The kind of a cited document, as its type word or symbol says.
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
    ThongTuLienTich,
    HuongDan,
    CongVan,
    ToTrinh,
    ThongBao,
    Luat,
    PhapLenh,
    QuyDinh,
    DeAn,
}

/// Type words as they read once folded (no diacritics, lower case, one space between syllables).
pub(super) const TYPE_WORDS: &[(&str, DocType)] = &[
    ("chuong trinh hanh dong", DocType::ChuongTrinhHanhDong),
    ("chuong trinh", DocType::ChuongTrinh),
    ("chi thi", DocType::ChiThi),
    ("ket luan", DocType::KetLuan),
    ("nghi quyet", DocType::NghiQuyet),
    ("nghi dinh", DocType::NghiDinh),
    ("quyet dinh", DocType::QuyetDinh),
    ("ke hoach", DocType::KeHoach),
    ("thong tu lien tich", DocType::ThongTuLienTich),
    ("thong tu", DocType::ThongTu),
    ("huong dan", DocType::HuongDan),
    ("cong van", DocType::CongVan),
    ("to trinh", DocType::ToTrinh),
    ("thong bao", DocType::ThongBao),
    ("phap lenh", DocType::PhapLenh),
    ("quy dinh", DocType::QuyDinh),
    ("de an", DocType::DeAn),
    ("luat", DocType::Luat),
];

/// What a type abbreviation in a symbol says: a type of ours, a type we do not model (báo cáo,
/// biên bản, ...), or nothing, in which case the part is the issuer and the document a công văn.
fn type_abbreviation(part: &str) -> Option<Option<DocType>> {
    use DocType::*;
    let up: String = part.nfc().flat_map(char::to_uppercase).collect();
    let ty = match up.as_str() {
        "CT" => ChiThi,
        "KL" => KetLuan,
        "NQ" => NghiQuyet,
        "NĐ" | "ND" => NghiDinh,
        "QĐ" | "QD" => QuyetDinh,
        "KH" => KeHoach,
        "CTR" => ChuongTrinh,
        "TT" => ThongTu,
        "TTLT" => ThongTuLienTich,
        "HD" => HuongDan,
        "CV" => CongVan,
        "TTR" => ToTrinh,
        "TB" => ThongBao,
        "QYĐ" | "QYD" | "QĐI" | "QDI" => QuyDinh,
        "ĐA" | "DA" => DeAn,
        "PL" => PhapLenh,
        // Báo cáo, biên bản, giấy mời, hợp đồng, quy chế, phương án, nghị quyết liên tịch...
        "BC" | "BB" | "GM" | "GXN" | "HĐ" | "QC" | "PA" | "CĐ" | "NQLT" | "CTLT" => {
            return Some(None)
        }
        _ => return None,
    };
    Some(Some(ty))
}

impl DocType {
    pub fn label(self) -> &'static str {
        use DocType::*;
        match self {
            ChiThi => "Chỉ thị",
            KetLuan => "Kết luận",
            NghiQuyet => "Nghị quyết",
            NghiDinh => "Nghị định",
            QuyetDinh => "Quyết định",
            KeHoach => "Kế hoạch",
            ChuongTrinh => "Chương trình",
            ChuongTrinhHanhDong => "Chương trình hành động",
            ThongTu => "Thông tư",
            ThongTuLienTich => "Thông tư liên tịch",
            HuongDan => "Hướng dẫn",
            CongVan => "Công văn",
            ToTrinh => "Tờ trình",
            ThongBao => "Thông báo",
            Luat => "Luật",
            PhapLenh => "Pháp lệnh",
            QuyDinh => "Quy định",
            DeAn => "Đề án",
        }
    }

    /// The type a symbol's abbreviation names: `44-KL/TW` → Kết luận, `33/KH-UBND` → Kế hoạch.
    /// A symbol without a type abbreviation (`76/BCĐ`, `42/UBND-TCD-NC`) is a công văn; a law's
    /// (`83/2015/QH13`) is a Luật. `None` for a type outside `DocType` (báo cáo `12/BC-UBND`) or
    /// for something that is not a symbol.
    pub fn from_symbol(symbol: &str) -> Option<DocType> {
        let parts = split_symbol(symbol)?;
        match parts.shape {
            Shape::Party => type_abbreviation(parts.type_part?).flatten(),
            Shape::State | Shape::Legal => {
                let first = parts.parts.first()?;
                if let Some(ty) = type_abbreviation(first) {
                    return ty;
                }
                let f = fold(first);
                if parts.shape == Shape::Legal && f.starts_with("ubtvqh") {
                    Some(DocType::PhapLenh)
                } else if parts.shape == Shape::Legal && f.starts_with("qh") {
                    Some(DocType::Luat)
                } else {
                    Some(DocType::CongVan)
                }
            }
        }
    }

    /// A type word as an editor writes it: "Chỉ thị", "chi thi", "CHỈ THỊ", NFD, or an
    /// abbreviation ("QĐ", "QD", "CT").
    pub fn parse_word(word: &str) -> Option<DocType> {
        let folded = fold(word);
        let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(&(_, ty)) = TYPE_WORDS.iter().find(|(w, _)| *w == folded) {
            return Some(ty);
        }
        type_abbreviation(word.trim()).flatten()
    }
}

/// Where a document comes from, for grouping the index of directives.
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
        match self {
            Level::TrungUongDang => "Trung ương Đảng",
            Level::QuocHoiChinhPhu => "Quốc hội, Chính phủ",
            Level::BoNganh => "Bộ, ngành",
            Level::TinhUy => "Tỉnh ủy",
            Level::HdndUbndTinh => "HĐND, UBND tỉnh",
            Level::BanChiDao => "Ban Chỉ đạo",
            Level::Khac => "Khác",
        }
    }

    /// Its part of the URL of its list of directives.
    pub fn slug(self) -> &'static str {
        match self {
            Level::TrungUongDang => "trung-uong-dang",
            Level::QuocHoiChinhPhu => "quoc-hoi-chinh-phu",
            Level::BoNganh => "bo-nganh",
            Level::TinhUy => "tinh-uy",
            Level::HdndUbndTinh => "hdnd-ubnd-tinh",
            Level::BanChiDao => "ban-chi-dao",
            Level::Khac => "khac",
        }
    }
}

fn level_of_part(part: &str) -> Option<Level> {
    let f = fold(part);
    let f = f.as_str();
    if f == "tw" || (f.len() > 2 && f.ends_with("tw")) {
        Some(Level::TrungUongDang)
    } else if matches!(f, "ttg" | "cp" | "vpcp") || f.starts_with("qh") || f.starts_with("ubtvqh") {
        Some(Level::QuocHoiChinhPhu)
    } else if f.starts_with("bcd") {
        Some(Level::BanChiDao)
    } else if f.starts_with("ubnd") || f.starts_with("hdnd") {
        Some(Level::HdndUbndTinh)
    } else if f == "tu" || f == "duca" || (f.len() > 2 && f.ends_with("tu")) {
        Some(Level::TinhUy)
    } else if (f.starts_with('b') && f.len() >= 2 && f.len() <= 8)
        || matches!(f, "nhnn" | "ttcp" | "ubdt")
    {
        // Bộ Công an (BCA), Bộ Quốc phòng (BQP), Bộ Tư pháp (BTP), ...
        Some(Level::BoNganh)
    } else {
        None
    }
}

/// The issuing level from the symbol's issuer part (`…/TW`, `-TTg`, `-BCA`, `/TU`, `-UBND`, `BCĐ`),
/// or else from the issuer named in the citation.
pub fn issuing_level(symbol: &str, issuer: Option<&str>) -> Level {
    if let Some(parts) = split_symbol(symbol) {
        let skip = match parts.shape {
            Shape::Party => 0,
            _ => usize::from(
                parts
                    .parts
                    .first()
                    .is_some_and(|p| type_abbreviation(p).is_some()),
            ),
        };
        if let Some(level) = parts.parts.iter().skip(skip).find_map(|p| level_of_part(p)) {
            return level;
        }
    }
    let Some(issuer) = issuer else {
        return Level::Khac;
    };
    let f = format!(" {} ", fold(issuer));
    let has = |s: &str| f.contains(s);
    if has("ban chi dao") {
        Level::BanChiDao
    } else if has("tinh uy") {
        Level::TinhUy
    } else if has("trung uong") || has(" tw ") || has("bo chinh tri") || has("ban bi thu") {
        // "của BCH TW", "của Ban Chấp hành TW": Trung ương cut short.
        Level::TrungUongDang
    } else if has("quoc hoi") || has("chinh phu") || has("thu tuong") {
        Level::QuocHoiChinhPhu
    } else if has(" uy ban nhan dan ") || has(" ubnd ") || has("hoi dong nhan dan") || has(" hdnd ")
    {
        Level::HdndUbndTinh
    } else if f.starts_with(" bo ") {
        Level::BoNganh
    } else {
        Level::Khac
    }
}
