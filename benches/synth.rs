//! Synthetic plans shaped like a province's real archive (issue 11), shared by the benchmarks,
//! the examples and the archive test (`#[path = "../benches/synth.rs"] mod synth;`).
//!
//! What makes it like the real thing (read `/work/shared/corpus/` for the originals):
//! - about 1,150 words a plan, with the headings of an administrative plan ("I. MỤC ĐÍCH, YÊU
//!   CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"), numbered items, a signer and recipients;
//! - each plan cites 10 distinct directives from a pool of 200, always with the same date and
//!   issuer. 09-CT/TW, the directive the movement stands on, is cited by every plan; the other
//!   nine are a Zipf-like draw, so 44-KL/TW, 51-NQ/TW, 48-CT/TW… are cited by thousands of
//!   plans and the tail by a handful. A plan cites only directives issued before it (so
//!   06/CT-BCA-V05 of May 2025 is cited by 2025 plans only). Some citations are in `basis`,
//!   the others in the body, a few wrapped across lines as text taken from a PDF is;
//! - about 7 deadlines a plan, in the shapes the calendar reads ("trước ngày 15/6/2025",
//!   "trước ngày 10/6", "trước ngày 05/11 hằng năm", "trong Quý II/2021", "trước tháng
//!   12/2019"), drawn from a small set of phrasings: plans copy the provincial plan's
//!   deadlines, so many share the same text and date;
//! - 2–3 tags from 30, dates 2015–2025, issuers from 40 agencies of one province, each with
//!   its own numbering (`133/KH-STP`).
//!
//! The filler sentences are our own words. Deterministic: the same site every run.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// What kind of site to generate. `Shape::archive(n)` is the archive of issue 11; tests shrink
/// the plans (`words: 0` writes only the citations and deadlines) or gather them in one year.
#[derive(Debug, Clone)]
pub struct Shape {
    /// How many plans.
    pub plans: usize,
    /// Words a plan has, about, front matter included. Citations and deadlines are always
    /// written, so a small number gives plans of little more than those.
    pub words: usize,
    /// Plans are dated in `first_year..=last_year`, evenly.
    pub first_year: i16,
    pub last_year: i16,
    /// Distinct directives each plan cites (at most 200); the first is always 09-CT/TW.
    pub citations: usize,
    /// Deadlines each plan sets in its text (at most 14, one per phrasing).
    pub deadlines: usize,
    /// `minify` in the site's bangtin.yaml.
    pub minify: bool,
}

impl Shape {
    /// The archive issue 11 measures: plans of ~1,150 words, 10 citations, ~7 deadlines,
    /// 2015–2025, minified.
    pub fn archive(plans: usize) -> Shape {
        Shape {
            plans,
            words: 1_150,
            first_year: 2015,
            last_year: 2025,
            citations: 10,
            deadlines: 7,
            minify: true,
        }
    }
}

/// A deterministic pseudo-random number from a seed (no dependency, same site every run).
fn rnd(seed: u64) -> u64 {
    let mut x = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(0x2545_F491_4F6C_DD1D);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A stream of pseudo-random numbers for one plan.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(1);
        rnd(self.0)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---- The directives plans cite ----

/// A document cited by plans, always with the same type word, date and issuer.
#[derive(Debug, Clone)]
pub struct Cited {
    pub type_word: &'static str,
    pub symbol: String,
    /// (day, month, year); `None` for the few documents plans cite without a date.
    pub date: Option<(u8, u8, i16)>,
    /// The year it was issued, whether or not citations give the date.
    pub year: i16,
    pub issuer: String,
    /// "09/3/2022" rather than "9/3/2022": both styles are in real plans.
    pub padded: bool,
}

impl Cited {
    fn date_text(&self) -> Option<String> {
        self.date.map(|(d, m, y)| {
            if self.padded {
                format!("{d:02}/{m:02}/{y}")
            } else {
                format!("{d}/{m}/{y}")
            }
        })
    }

    /// "Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư".
    pub fn full(&self) -> String {
        let mut s = format!("{} số {}", self.type_word, self.symbol);
        if let Some(d) = self.date_text() {
            let _ = write!(s, " ngày {d}");
        }
        let _ = write!(s, " của {}", self.issuer);
        s
    }

    /// "Chỉ thị số 09-CT/TW", as a plan names a document the second time.
    pub fn short(&self) -> String {
        format!("{} số {}", self.type_word, self.symbol)
    }

    /// The full citation with its symbol broken over two lines, as PDF text has it
    /// ("09-" newline "CT/TW", "186- KH/TU"); the plain one when the symbol has no `-`.
    fn wrapped(&self, alt: bool) -> String {
        match self.symbol.find('-') {
            Some(k) => {
                let sym = format!(
                    "{}{}{}",
                    &self.symbol[..=k],
                    if alt { " " } else { "\n" },
                    &self.symbol[k + 1..]
                );
                self.full().replacen(&self.symbol, &sym, 1)
            }
            None => self.full(),
        }
    }

    fn before(&self, year: i16, month: u8, day: u8) -> bool {
        match self.date {
            Some((d, m, y)) => (y, m, d) <= (year, month, day),
            None => self.year < year,
        }
    }
}

/// (day, month, year).
type Dmy = (u8, u8, i16);

/// Real central documents, most cited first: (type word, symbol, date, issuer).
const CENTRAL: &[(&str, &str, Option<Dmy>, &str)] = &[
    ("Chỉ thị", "09-CT/TW", Some((1, 12, 2011)), "Ban Bí thư"),
    ("Kết luận", "44-KL/TW", Some((22, 1, 2019)), "Ban Bí thư"),
    ("Nghị quyết", "51-NQ/TW", Some((5, 9, 2019)), "Bộ Chính trị"),
    ("Chỉ thị", "48-CT/TW", Some((22, 10, 2010)), "Bộ Chính trị"),
    (
        "Chỉ thị",
        "06/CT-BCA-V05",
        Some((7, 5, 2025)),
        "Bộ trưởng Bộ Công an",
    ),
    (
        "Thông tư",
        "124/2021/TT-BCA",
        Some((28, 12, 2021)),
        "Bộ trưởng Bộ Công an",
    ),
    ("Hướng dẫn", "22/HD-BCA-V05", None, "Bộ Công an"),
    ("Nghị quyết", "07/NQ-CP", Some((17, 2, 2020)), "Chính phủ"),
    (
        "Chỉ thị",
        "01/CT-TTg",
        Some((9, 1, 2015)),
        "Thủ tướng Chính phủ",
    ),
    (
        "Công văn",
        "76/BCĐ",
        Some((9, 3, 2022)),
        "Ban Chỉ đạo 138 tỉnh",
    ),
    (
        "Nghị quyết",
        "22-NQ/TW",
        Some((15, 3, 2018)),
        "Ban Chấp hành Trung ương",
    ),
    (
        "Thông tư",
        "23/2012/TT-BCA",
        Some((27, 4, 2012)),
        "Bộ trưởng Bộ Công an",
    ),
    (
        "Kế hoạch",
        "05/KH-BCĐ138",
        Some((26, 2, 2024)),
        "Ban Chỉ đạo 138 tỉnh",
    ),
    (
        "Nghị quyết",
        "48/2023/NQ-HĐND",
        Some((10, 12, 2023)),
        "Hội đồng nhân dân tỉnh",
    ),
    (
        "Công văn",
        "42/UBND-NC",
        Some((27, 2, 2023)),
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Kế hoạch",
        "186-KH/TU",
        Some((17, 4, 2019)),
        "Ban Thường vụ Tỉnh ủy",
    ),
    (
        "Kế hoạch",
        "127-KH/ĐUCA",
        Some((22, 5, 2019)),
        "Đảng ủy Công an Trung ương",
    ),
    (
        "Chương trình hành động",
        "17-CTr/BDVTU",
        Some((28, 7, 2021)),
        "Ban Dân vận Tỉnh ủy",
    ),
    (
        "Chỉ thị",
        "03/CT-BCA-V28",
        Some((3, 6, 2016)),
        "Bộ trưởng Bộ Công an",
    ),
    (
        "Kế hoạch",
        "33/KH-UBND",
        Some((15, 2, 2021)),
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "Nghị quyết",
        "25-NQ/TW",
        Some((3, 6, 2013)),
        "Ban Chấp hành Trung ương",
    ),
];

/// Shapes of the rest of the pool: (type word, symbol pattern, issuer). `{n}` is the number,
/// `{y}` the year (legal normative symbols carry it).
const SHAPES: &[(&str, &str, &str)] = &[
    ("Kết luận", "{n}-KL/TW", "Ban Bí thư"),
    ("Chỉ thị", "{n}-CT/TW", "Ban Bí thư"),
    ("Nghị quyết", "{n}-NQ/TW", "Bộ Chính trị"),
    ("Kế hoạch", "{n}-KH/TU", "Ban Thường vụ Tỉnh ủy"),
    ("Chỉ thị", "{n}-CT/TU", "Ban Thường vụ Tỉnh ủy"),
    ("Chương trình", "{n}-CTr/TU", "Tỉnh ủy"),
    ("Kế hoạch", "{n}-KH/ĐUCA", "Đảng ủy Công an Trung ương"),
    ("Kế hoạch", "{n}/KH-UBND", "Ủy ban nhân dân tỉnh"),
    ("Chỉ thị", "{n}/CT-UBND", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Quyết định", "{n}/QĐ-UBND", "Ủy ban nhân dân tỉnh"),
    ("Kế hoạch", "{n}/KH-BCĐ138", "Ban Chỉ đạo 138 tỉnh"),
    ("Hướng dẫn", "{n}/HD-BCA-V05", "Bộ Công an"),
    ("Kế hoạch", "{n}/KH-BCA-V05", "Bộ Công an"),
    ("Chỉ thị", "{n}/CT-TTg", "Thủ tướng Chính phủ"),
    ("Quyết định", "{n}/QĐ-TTg", "Thủ tướng Chính phủ"),
    ("Nghị quyết", "{n}/NQ-CP", "Chính phủ"),
    ("Thông tư", "{n}/{y}/TT-BCA", "Bộ trưởng Bộ Công an"),
    ("Nghị định", "{n}/{y}/NĐ-CP", "Chính phủ"),
    ("Nghị quyết", "{n}/{y}/NQ-HĐND", "Hội đồng nhân dân tỉnh"),
    ("Công văn", "{n}/BCĐ", "Ban Chỉ đạo 138 tỉnh"),
    ("Công văn", "{n}/UBND-NC", "Ủy ban nhân dân tỉnh"),
    ("Công văn", "{n}/CAT-PV05", "Công an tỉnh"),
];

/// How many directives plans draw from.
pub const POOL: usize = 200;

/// The pool of cited documents, most cited first.
pub fn pool() -> Vec<Cited> {
    let mut out: Vec<Cited> = CENTRAL
        .iter()
        .enumerate()
        .map(|(k, &(type_word, symbol, date, issuer))| Cited {
            type_word,
            symbol: symbol.into(),
            date,
            year: date.map_or(2020, |d| d.2),
            issuer: issuer.into(),
            padded: k % 3 == 0,
        })
        .collect();
    let mut j: u64 = 0;
    while out.len() < POOL {
        j += 1;
        let r = |k: u64| rnd(j * 1_000 + k);
        let (type_word, pattern, issuer) = SHAPES[(r(1) % SHAPES.len() as u64) as usize];
        let year = 2006 + (r(2) % 20) as i16;
        let (d, m) = (1 + (r(3) % 28) as u8, 1 + (r(4) % 12) as u8);
        // Party numbers run to a few hundred a term; state ones below 100, so no plan of the
        // site (numbered from 100 up) shares a symbol with them.
        let n = if pattern.contains("/TW") || pattern.contains("/TU") {
            1 + r(5) % 300
        } else {
            1 + r(5) % 99
        };
        let symbol = pattern
            .replace("{n}", &format!("{n:02}"))
            .replace("{y}", &year.to_string());
        if out.iter().any(|c| c.symbol == symbol) {
            continue;
        }
        out.push(Cited {
            type_word,
            symbol,
            date: (r(6) % 8 != 0).then_some((d, m, year)),
            year,
            issuer: issuer.into(),
            padded: r(7) % 2 == 0,
        });
    }
    out
}

/// Cumulative Zipf weights (1/rank) over ranks 1.. of the pool: rank 0 is cited by every plan.
fn zipf_cumulative() -> Vec<f64> {
    let mut total = 0.0;
    (1..POOL)
        .map(|rank| {
            total += 1.0 / rank as f64;
            total
        })
        .collect()
}

/// The pool indices plan `i` cites: 09-CT/TW, then Zipf draws among documents issued before
/// the plan, distinct.
fn draw_citations(
    rng: &mut Rng,
    pool: &[Cited],
    cumulative: &[f64],
    n: usize,
    date: (i16, u8, u8),
) -> Vec<usize> {
    let n = n.clamp(1, POOL);
    let mut chosen = vec![0];
    let total = cumulative.last().copied().unwrap_or(1.0);
    let eligible = |k: usize| pool[k].before(date.0, date.1, date.2);
    let mut attempts = 0;
    while chosen.len() < n && attempts < 400 {
        attempts += 1;
        let u = (rng.next() % 1_000_000_007) as f64 / 1_000_000_007.0 * total;
        let k = 1 + cumulative.partition_point(|&c| c < u).min(POOL - 2);
        if eligible(k) && !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    // A plan of 2015 has fewer documents before it; fill up from the head of the pool.
    for k in (1..POOL).filter(|&k| eligible(k)).chain(1..POOL) {
        if chosen.len() >= n {
            break;
        }
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    chosen
}

// ---- The agencies that write plans ----

/// (name, number suffix, head's title).
const AGENCIES: &[(&str, &str, &str)] = &[
    ("Sở Tư pháp tỉnh Sông Lam", "KH-STP", "Giám đốc"),
    ("Sở Y tế tỉnh Sông Lam", "KH-SYT", "Giám đốc"),
    (
        "Sở Giáo dục và Đào tạo tỉnh Sông Lam",
        "KH-SGDĐT",
        "Giám đốc",
    ),
    ("Sở Nội vụ tỉnh Sông Lam", "KH-SNV", "Giám đốc"),
    (
        "Sở Khoa học và Công nghệ tỉnh Sông Lam",
        "KH-SKHCN",
        "Giám đốc",
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Sông Lam",
        "KH-SVHTTDL",
        "Giám đốc",
    ),
    (
        "Sở Lao động - Thương binh và Xã hội tỉnh Sông Lam",
        "KH-SLĐTBXH",
        "Giám đốc",
    ),
    (
        "Sở Tài nguyên và Môi trường tỉnh Sông Lam",
        "KH-STNMT",
        "Giám đốc",
    ),
    ("Sở Xây dựng tỉnh Sông Lam", "KH-SXD", "Giám đốc"),
    (
        "Sở Giao thông vận tải tỉnh Sông Lam",
        "KH-SGTVT",
        "Giám đốc",
    ),
    (
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Sông Lam",
        "KH-SNNPTNT",
        "Giám đốc",
    ),
    ("Sở Tài chính tỉnh Sông Lam", "KH-STC", "Giám đốc"),
    (
        "Sở Kế hoạch và Đầu tư tỉnh Sông Lam",
        "KH-SKHĐT",
        "Giám đốc",
    ),
    ("Sở Công Thương tỉnh Sông Lam", "KH-SCT", "Giám đốc"),
    (
        "Sở Thông tin và Truyền thông tỉnh Sông Lam",
        "KH-STTTT",
        "Giám đốc",
    ),
    ("Sở Ngoại vụ tỉnh Sông Lam", "KH-SNgV", "Giám đốc"),
    ("Thanh tra tỉnh Sông Lam", "KH-TTr", "Chánh Thanh tra"),
    ("Ban Dân tộc tỉnh Sông Lam", "KH-BDT", "Trưởng ban"),
    ("Văn phòng UBND tỉnh Sông Lam", "KH-VPUB", "Chánh Văn phòng"),
    ("Công an tỉnh Sông Lam", "KH-CAT-PV05", "Giám đốc"),
    (
        "Bộ Chỉ huy Quân sự tỉnh Sông Lam",
        "KH-BCH",
        "Chỉ huy trưởng",
    ),
    (
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sông Lam",
        "KH-BĐBP",
        "Chỉ huy trưởng",
    ),
    ("Liên đoàn Lao động tỉnh Sông Lam", "KH-LĐLĐ", "Chủ tịch"),
    ("Hội Liên hiệp Phụ nữ tỉnh Sông Lam", "KH-HLHPN", "Chủ tịch"),
    ("Hội Nông dân tỉnh Sông Lam", "KH-HND", "Chủ tịch"),
    ("Hội Cựu chiến binh tỉnh Sông Lam", "KH-HCCB", "Chủ tịch"),
    (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sông Lam",
        "KH-MTTQ-BTT",
        "Chủ tịch",
    ),
    (
        "Đài Phát thanh và Truyền hình tỉnh Sông Lam",
        "KH-PTTH",
        "Giám đốc",
    ),
    (
        "Ban Quản lý các khu công nghiệp tỉnh Sông Lam",
        "KH-BQLKCN",
        "Trưởng ban",
    ),
    ("Bảo hiểm xã hội tỉnh Sông Lam", "KH-BHXH", "Giám đốc"),
    ("Cục Thuế tỉnh Sông Lam", "KH-CTh", "Cục trưởng"),
    ("Kho bạc Nhà nước Sông Lam", "KH-KBNN", "Giám đốc"),
    ("UBND thành phố Sông Lam", "KH-UBND", "Chủ tịch"),
    ("UBND thị xã Bến Lam", "KH-UBND", "Chủ tịch"),
    ("UBND huyện Đông Sơn", "KH-UBND", "Chủ tịch"),
    ("UBND huyện Hòa Lạc", "KH-UBND", "Chủ tịch"),
    ("UBND huyện Phú Xuân", "KH-UBND", "Chủ tịch"),
    ("UBND huyện Tân Hòa", "KH-UBND", "Chủ tịch"),
    ("UBND huyện Lam Sơn", "KH-UBND", "Chủ tịch"),
    ("UBND huyện Cửa Lam", "KH-UBND", "Chủ tịch"),
];

const SIGNERS: &[&str] = &[
    "Nguyễn Văn Hùng",
    "Trần Thị Thu Hà",
    "Lê Quang Minh",
    "Phạm Đức Thắng",
    "Huỳnh Thị Mỹ Linh",
    "Võ Văn Tâm",
    "Đặng Ngọc Sơn",
    "Bùi Thị Hồng Nhung",
    "Đỗ Minh Tuấn",
    "Ngô Thị Lan Anh",
    "Dương Văn Phúc",
    "Hồ Sĩ Nguyên",
    "Trương Công Bình",
    "Phan Thị Kim Oanh",
    "Mai Xuân Trường",
    "Lý Thanh Tùng",
];

const TAGS: &[&str] = &[
    "an ninh trật tự",
    "phòng chống tội phạm",
    "phòng chống ma túy",
    "tệ nạn xã hội",
    "tuyên truyền pháp luật",
    "hòa giải ở cơ sở",
    "phòng cháy chữa cháy",
    "an toàn giao thông",
    "bảo vệ bí mật nhà nước",
    "an ninh mạng",
    "lừa đảo trực tuyến",
    "mô hình tự quản",
    "khu dân cư an toàn",
    "Ngày hội toàn dân",
    "khen thưởng",
    "dân vận khéo",
    "thanh thiếu niên",
    "an ninh nông thôn",
    "an ninh công nhân",
    "an ninh trường học",
    "chuyển đổi số",
    "cải cách hành chính",
    "quốc phòng toàn dân",
    "biên giới biển đảo",
    "tôn giáo dân tộc",
    "người lao động nước ngoài",
    "xây dựng lực lượng",
    "cơ quan an toàn",
    "sơ kết tổng kết",
    "tái hòa nhập cộng đồng",
];

/// What plans are about, for titles: "Kế hoạch {subject} năm 2024".
const SUBJECTS: &[&str] = &[
    "thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc",
    "tuyên truyền, phổ biến pháp luật về phòng, chống tội phạm",
    "xây dựng cơ quan đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
    "tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
    "phòng, chống ma túy và tệ nạn xã hội",
    "phòng, chống lừa đảo chiếm đoạt tài sản trên không gian mạng",
    "xây dựng, nhân rộng mô hình, điển hình tiên tiến",
    "bảo đảm an ninh, trật tự tại khu dân cư",
    "phối hợp giữa lực lượng Công an và các đoàn thể",
    "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "bảo vệ bí mật nhà nước",
    "nâng cao hiệu quả hòa giải ở cơ sở",
    "sơ kết, tổng kết phong trào",
    "kiện toàn lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
];

const HEADINGS: &[&str] = &[
    "Công tác tuyên truyền, giáo dục",
    "Xây dựng, nhân rộng mô hình tự quản",
    "Phòng ngừa, đấu tranh với tội phạm và tệ nạn xã hội",
    "Bảo vệ cơ quan và bí mật nhà nước",
    "Phòng cháy, chữa cháy",
    "Phối hợp với lực lượng Công an",
    "Ứng dụng công nghệ thông tin",
    "Kiện toàn lực lượng nòng cốt",
    "Khen thưởng, biểu dương điển hình",
    "Giáo dục thanh thiếu niên",
    "Hòa giải mâu thuẫn ở cơ sở",
    "Bảo đảm trật tự an toàn giao thông",
    "Phòng, chống lừa đảo qua mạng",
    "Quản lý người lao động và người hợp đồng",
    "Kiểm tra, đôn đốc việc thực hiện",
];

/// Filler, written for this generator: what such plans say, not sentences taken from them.
const FILLER: &[&str] = &[
    "Mỗi phòng, đơn vị chọn một nội dung cụ thể để làm trước, làm đến nơi đến chốn rồi mới mở rộng sang việc khác.",
    "Thủ trưởng đơn vị trực tiếp chỉ đạo, chịu trách nhiệm về kết quả phong trào tại nơi mình quản lý.",
    "Nội dung tuyên truyền ngắn gọn, dễ hiểu, gắn với những vụ việc có thật xảy ra trên địa bàn.",
    "Tài liệu tuyên truyền được đăng trên trang thông tin điện tử và gửi qua nhóm Zalo của từng chi bộ.",
    "Cán bộ, công chức, viên chức và người lao động ký cam kết không vi phạm pháp luật, không mắc tệ nạn xã hội.",
    "Bố trí kinh phí từ nguồn chi thường xuyên của đơn vị, bảo đảm tiết kiệm, đúng quy định.",
    "Những nơi làm tốt được lựa chọn để các đơn vị khác đến học cách làm, không tổ chức hội nghị rườm rà.",
    "Thường xuyên trao đổi thông tin với Công an xã, phường nơi đóng trụ sở để kịp thời xử lý vụ việc phát sinh.",
    "Khi phát hiện dấu hiệu vi phạm pháp luật, cán bộ báo ngay cho lãnh đạo đơn vị và cơ quan Công an gần nhất.",
    "Rà soát hệ thống camera, đèn chiếu sáng và phương tiện chữa cháy tại trụ sở, thay thế những thiết bị đã hỏng.",
    "Lồng ghép nội dung phong trào vào sinh hoạt chi bộ, họp giao ban và các buổi sinh hoạt của đoàn thể.",
    "Phát huy vai trò của người có uy tín trong cộng đồng dân cư, chức sắc tôn giáo và già làng, trưởng bản.",
    "Hướng dẫn người dân cách nhận biết các thủ đoạn lừa đảo qua điện thoại, tin nhắn và mạng xã hội.",
    "Quan tâm giúp đỡ người mới ra tù có việc làm ổn định, sớm hòa nhập với cộng đồng.",
    "Kết quả thực hiện phong trào là một tiêu chí để bình xét thi đua cuối năm của tập thể và cá nhân.",
    "Tránh hình thức, chạy theo thành tích; số liệu báo cáo phải trung thực, có minh chứng kèm theo.",
    "Đoàn viên thanh niên xung kích tham gia tuần tra, giữ gìn trật tự vào các dịp lễ, Tết.",
    "Các tổ tự quản duy trì sinh hoạt định kỳ, ghi chép sổ theo dõi và phản ánh kịp thời những việc bất thường.",
    "Chú trọng công tác quản lý người lao động theo hợp đồng, người nước ngoài đến làm việc tại đơn vị.",
    "Kịp thời biểu dương những cá nhân dũng cảm tố giác tội phạm, giúp đỡ người bị nạn.",
    "Phối hợp với Ủy ban Mặt trận Tổ quốc và các đoàn thể cùng cấp để vận động đoàn viên, hội viên tham gia.",
    "Việc triển khai bảo đảm thiết thực, tiết kiệm, phù hợp với điều kiện thực tế của từng đơn vị.",
    "Cập nhật cơ sở dữ liệu về mô hình, điển hình tiên tiến lên hệ thống phần mềm dùng chung của tỉnh.",
    "Tổ chức cho cán bộ học tập, trao đổi kinh nghiệm với các địa phương có phong trào mạnh.",
    "Bảo vệ tuyệt đối an toàn hồ sơ, tài liệu mật; không soạn thảo, lưu giữ tài liệu mật trên máy tính kết nối mạng.",
    "Những vướng mắc vượt thẩm quyền được báo cáo lãnh đạo cấp trên để xin ý kiến chỉ đạo.",
    "Trong năm, mỗi đơn vị đăng ký ít nhất một cách làm mới, có thể đo được kết quả.",
    "Nhân rộng các tổ liên gia tự quản, tổ hòa giải, câu lạc bộ phòng, chống tội phạm ở khu dân cư.",
    "Tăng cường kiểm tra việc chấp hành nội quy, quy chế làm việc, giờ giấc tại cơ quan.",
    "Các cuộc thi tìm hiểu pháp luật được tổ chức trực tuyến để nhiều người tham gia, ít tốn kém.",
    "Bảo đảm chế độ, chính sách cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở theo đúng quy định.",
    "Chú ý đến địa bàn giáp ranh, vùng sâu, vùng xa, nơi thường phát sinh mâu thuẫn, tranh chấp.",
    "Phát động đợt cao điểm vận động người dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ.",
    "Đưa tiêu chí an ninh, trật tự vào hương ước, quy ước của thôn, tổ dân phố.",
    "Lực lượng bảo vệ cơ quan được tập huấn nghiệp vụ, trang bị đủ công cụ hỗ trợ cần thiết.",
    "Xây dựng kịch bản tuyên truyền trên loa truyền thanh cơ sở, phát vào khung giờ nhiều người nghe.",
    "Gắn trách nhiệm người đứng đầu với kết quả bảo đảm an ninh, trật tự tại đơn vị.",
    "Kiểm tra đột xuất những nơi có dấu hiệu buông lỏng quản lý, kiên quyết chấn chỉnh sai sót.",
    "Hỗ trợ học sinh, sinh viên kỹ năng tự bảo vệ mình trước các nguy cơ trên môi trường mạng.",
    "Nâng cao chất lượng tiếp công dân, giải quyết khiếu nại, tố cáo ngay từ cơ sở, không để kéo dài.",
    "Tuyên truyền về tác hại của ma túy tổng hợp và thuốc lá điện tử đến từng gia đình.",
    "Mỗi quý, lãnh đạo đơn vị nghe báo cáo tình hình an ninh, trật tự và cho ý kiến chỉ đạo.",
    "Cung cấp số điện thoại đường dây nóng để người dân phản ánh vụ việc liên quan đến an ninh, trật tự.",
    "Định kỳ rà soát, bổ sung phương án bảo vệ trụ sở, kho tàng và tài sản của cơ quan.",
    "Hoạt động hưởng ứng được đưa tin thường xuyên trên báo, đài của tỉnh và trang thông tin điện tử.",
];

/// Deadline phrasings plans copy from the provincial plan: (sentence with `{Y}` for the plan's
/// year and `{Z}` for the next, weight). Each shape of SPEC §5 is here.
const DEADLINES: &[(&str, u64)] = &[
    ("Các cơ quan, đơn vị gửi báo cáo sơ kết 6 tháng về Công an tỉnh (qua Phòng PV05) trước ngày 15/6/{Y} để tổng hợp.", 4),
    ("Báo cáo kết quả thực hiện phong trào 6 tháng đầu năm gửi về Thường trực Ban Chỉ đạo 138 tỉnh trước ngày 10/6.", 4),
    ("Báo cáo tổng kết công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc gửi về Công an tỉnh trước ngày 05/11 hằng năm.", 1),
    ("Hoàn thành việc rà soát, củng cố các tổ tự quản, tổ hòa giải ở cơ sở trong Quý II/{Y}.", 3),
    ("Tổ chức hội nghị quán triệt, triển khai kế hoạch đến toàn thể cán bộ, hoàn thành trước tháng 3/{Y}.", 3),
    ("Gửi hồ sơ đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào về Công an tỉnh trước ngày 20/7/{Y}.", 3),
    ("Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc ở khu dân cư, hoàn thành trước ngày 19/8/{Y}.", 3),
    ("Đăng ký xây dựng cơ quan, đơn vị đạt tiêu chuẩn “An toàn về an ninh, trật tự” với Công an cấp xã trước ngày 31/3/{Y}.", 2),
    ("Tự đánh giá, chấm điểm, phân loại phong trào và gửi kết quả về Công an tỉnh trước ngày 20/11/{Y}.", 3),
    ("Tổng kết, đánh giá kết quả thực hiện kế hoạch trong Quý IV/{Y}.", 3),
    ("Hoàn thành tập huấn nghiệp vụ cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở trước tháng 9/{Y}.", 2),
    ("Báo cáo kết quả đợt cao điểm tấn công, trấn áp tội phạm dịp Tết Nguyên đán gửi về Ban Chỉ đạo 138 tỉnh trước ngày 25/01/{Z}.", 2),
    ("Báo cáo số liệu năm và danh sách mô hình mới gửi về Thường trực Ban Chỉ đạo 138 tỉnh trước ngày 10/12.", 3),
    ("Các phòng, đơn vị xây dựng kế hoạch chi tiết của mình, gửi về Văn phòng trước ngày 15/3/{Y}.", 2),
];

/// `n` distinct deadline phrasings, drawn by weight.
fn draw_deadlines(rng: &mut Rng, n: usize) -> Vec<usize> {
    let n = n.min(DEADLINES.len());
    let total: u64 = DEADLINES.iter().map(|d| d.1).sum();
    let mut chosen = Vec::with_capacity(n);
    while chosen.len() < n {
        let mut u = rng.next() % total;
        let k = DEADLINES
            .iter()
            .position(|&(_, w)| {
                if u < w {
                    true
                } else {
                    u -= w;
                    false
                }
            })
            .unwrap_or(0);
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    chosen
}

// ---- One plan ----

/// Where plan `i` sits: its agency, year and number. Plans go round the agencies, then the
/// years, so each (agency, year) numbers its plans 100, 140, 180… and no two share a symbol.
fn placement(shape: &Shape, i: usize) -> (usize, i16, usize) {
    let agencies = AGENCIES.len();
    let years = (shape.last_year - shape.first_year).max(0) as usize + 1;
    let agency = i % agencies;
    let k = i / agencies;
    let year = shape.first_year + (k % years) as i16;
    let number = 100 + (k / years) * agencies + agency;
    (agency, year, number)
}

/// One plan's Markdown file, for the archive of issue 11 (`Shape::archive`).
pub fn plan(i: usize) -> String {
    plan_with(&Shape::archive(i + 1), i, &Pool::new())
}

/// The pool and its Zipf weights, made once per site.
pub struct Pool {
    pub cited: Vec<Cited>,
    cumulative: Vec<f64>,
}

impl Pool {
    pub fn new() -> Pool {
        Pool {
            cited: pool(),
            cumulative: zipf_cumulative(),
        }
    }
}

impl Default for Pool {
    fn default() -> Self {
        Pool::new()
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Plan `i` of a site of this shape.
pub fn plan_with(shape: &Shape, i: usize, pool: &Pool) -> String {
    let mut rng = Rng(rnd(i as u64 ^ 0x5EED));
    let (agency, year, number) = placement(shape, i);
    let (issuer, suffix, head) = AGENCIES[agency];
    // Most plans are issued early in the year, after the provincial plan.
    let month = if rng.below(5) == 0 {
        5 + rng.below(8) as u8
    } else {
        1 + rng.below(4) as u8
    };
    let day = 1 + rng.below(28) as u8;
    let cites = draw_citations(
        &mut rng,
        &pool.cited,
        &pool.cumulative,
        shape.citations,
        (year, month, day),
    );
    let cited = |k: usize| &pool.cited[cites[k]];
    let subject = *rng.pick(SUBJECTS);

    // Front matter.
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < 2 + rng.below(2) {
        let t = *rng.pick(TAGS);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let basis_n = if cites.len() > 3 { 2 + rng.below(2) } else { 0 };
    let basis: Vec<String> = (1..=basis_n)
        .map(|k| {
            if rng.below(3) == 0 {
                cited(k).symbol.clone()
            } else {
                cited(k).full()
            }
        })
        .collect();
    let signer = *rng.pick(SIGNERS);
    let deputy = rng.below(3) != 0;
    let signer_line = if deputy {
        format!("{{ name: \"{signer}\", title: \"Phó {head}\", authority: \"KT. {head}\" }}")
    } else {
        format!("{{ name: \"{signer}\", title: \"{head}\" }}")
    };
    let mut fm = String::with_capacity(1_500);
    let _ = writeln!(fm, "---");
    let _ = writeln!(fm, "title: \"Kế hoạch {subject} năm {year}\"");
    let _ = writeln!(fm, "number: \"{number}/{suffix}\"");
    let _ = writeln!(fm, "issuer: \"{issuer}\"");
    let _ = writeln!(fm, "place: \"Sông Lam\"");
    let _ = writeln!(fm, "date: {year}-{month:02}-{day:02}");
    let _ = writeln!(fm, "year: {year}");
    let _ = writeln!(
        fm,
        "summary: \"{issuer} triển khai {subject} năm {year}, theo {}.\"",
        cited(0).short()
    );
    let _ = writeln!(
        fm,
        "tags: [{}]",
        tags.iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(fm, "signer: {signer_line}");
    if !basis.is_empty() {
        let _ = writeln!(fm, "basis:");
        for b in &basis {
            let _ = writeln!(fm, "  - \"{b}\"");
        }
    }
    let _ = writeln!(fm, "recipients:");
    for r in [
        "Công an tỉnh (PV05);",
        "Thường trực Ban Chỉ đạo 138 tỉnh;",
        "Lãnh đạo đơn vị;",
        "Các phòng, đơn vị trực thuộc;",
        "Lưu: VT.",
    ] {
        let _ = writeln!(fm, "  - \"{r}\"");
    }
    let _ = writeln!(fm, "---");

    // Body: the sentences that must be there (citations, deadlines) placed in sections, then
    // filler until the plan has its words.
    let wrap_at = (rng.below(4) == 0).then(|| 1 + rng.below(cites.len().max(2) - 1));
    let cite_text = |k: usize, rng: &mut Rng| -> String {
        if Some(k) == wrap_at {
            cited(k).wrapped(rng.below(2) == 0)
        } else {
            cited(k).full()
        }
    };
    let intro_n = (1 + basis_n).min(cites.len());
    let intro = format!(
        "Căn cứ {}, {issuer} ban hành Kế hoạch {subject} năm {year} như sau:",
        (0..intro_n)
            .map(|k| cite_text(k, &mut rng))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let next_year = (year + 1).to_string();
    let deadline_text = |k: usize| {
        DEADLINES[k]
            .0
            .replace("{Y}", &year.to_string())
            .replace("{Z}", &next_year)
    };
    let deadlines = draw_deadlines(&mut rng, shape.deadlines);

    // Sections: I (purpose, requirements), II (content: numbered items), III (organisation).
    let items_n = 4 + rng.below(3);
    let mut purpose: Vec<String> = Vec::new();
    let mut requirements: Vec<String> = Vec::new();
    let mut items: Vec<(String, Vec<String>)> = (0..items_n)
        .map(|k| {
            (
                HEADINGS[(rng.below(HEADINGS.len()) + k) % HEADINGS.len()].to_string(),
                Vec::new(),
            )
        })
        .collect();
    let mut organisation: Vec<Vec<String>> = vec![Vec::new(); 3];
    purpose.push(format!(
        "Quán triệt sâu rộng {} đến toàn thể cán bộ, công chức, viên chức và người lao động.",
        cited(0).short()
    ));
    requirements.push(
        "Việc triển khai phải cụ thể, thiết thực, phù hợp với chức năng, nhiệm vụ của đơn vị."
            .to_string(),
    );
    // The cited documents not in the introduction go in the items of section II, in full.
    for k in intro_n..cites.len() {
        let slot = (k - intro_n) % items.len();
        items[slot].1.push(format!(
            "Theo {}, đơn vị chủ động triển khai các nội dung có liên quan.",
            cite_text(k, &mut rng)
        ));
    }
    for (n, &k) in deadlines.iter().enumerate() {
        let text = deadline_text(k);
        if n % 2 == 0 {
            organisation[n / 2 % 3].push(text);
        } else {
            let slot = n / 2 % items.len();
            items[slot].1.push(text);
        }
    }
    if cites.len() > 1 {
        requirements.push(format!(
            "Gắn việc thực hiện Kế hoạch này với {} và nhiệm vụ chính trị của đơn vị.",
            cited(1).short()
        ));
    }

    let render = |purpose: &[String],
                  requirements: &[String],
                  items: &[(String, Vec<String>)],
                  organisation: &[Vec<String>]|
     -> String {
        let mut b = String::with_capacity(9_000);
        let _ = writeln!(b, "{intro}\n");
        let _ = writeln!(b, "## I. MỤC ĐÍCH, YÊU CẦU\n\n### 1. Mục đích\n");
        for p in purpose {
            let _ = writeln!(b, "- {p}");
        }
        let _ = writeln!(b, "\n### 2. Yêu cầu\n");
        for p in requirements {
            let _ = writeln!(b, "- {p}");
        }
        let _ = writeln!(b, "\n## II. NỘI DUNG\n");
        for (n, (heading, sentences)) in items.iter().enumerate() {
            let _ = writeln!(b, "### {}. {heading}\n", n + 1);
            if !sentences.is_empty() {
                let _ = writeln!(b, "{}\n", sentences.join(" "));
            }
        }
        let _ = writeln!(b, "## III. TỔ CHỨC THỰC HIỆN\n");
        let who = [
            "Văn phòng là đầu mối, giúp lãnh đạo theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
            "Các phòng, đơn vị trực thuộc căn cứ nhiệm vụ được giao, xây dựng kế hoạch cụ thể để thực hiện.",
            "Công đoàn, Đoàn Thanh niên vận động đoàn viên tích cực hưởng ứng phong trào.",
        ];
        for (n, sentences) in organisation.iter().enumerate() {
            let _ = writeln!(b, "{}. {} {}", n + 1, who[n], sentences.join(" "));
        }
        let _ = writeln!(
            b,
            "\nTrong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Văn phòng để tổng hợp, báo cáo lãnh đạo xem xét, giải quyết./."
        );
        b
    };

    // Filler, round the paragraphs, until the words are there.
    let mut body = render(&purpose, &requirements, &items, &organisation);
    let target = shape.words.saturating_sub(words(&fm));
    let mut have = words(&body);
    let mut slot = 0;
    while have < target {
        let s = FILLER[rng.below(FILLER.len())].to_string();
        have += words(&s);
        match slot % (items.len() + 3) {
            0 => purpose.push(s),
            1 => requirements.push(s),
            2 => organisation[slot / (items.len() + 3) % 3].insert(0, s),
            n => items[n - 3].1.insert(0, s),
        }
        slot += 1;
    }
    if slot > 0 {
        body = render(&purpose, &requirements, &items, &organisation);
    }
    fm + "\n" + &body
}

/// Writes a site of `n` plans shaped like the archive of issue 11 into `root`.
pub fn write_site(root: &Path, n: usize) -> std::io::Result<()> {
    write_site_with(root, &Shape::archive(n))
}

/// Writes a site of this shape into `root`: `bangtin.yaml` and `content/ke-hoach/ke-hoach-NNNNN.md`.
pub fn write_site_with(root: &Path, shape: &Shape) -> std::io::Result<()> {
    std::fs::write(
        root.join("bangtin.yaml"),
        format!(
            "title: \"Trang thử tải\"\nbase_url: \"https://thu.gov.vn/\"\npaginate: 20\nminify: {}\n",
            shape.minify
        ),
    )?;
    let dir = root.join("content/ke-hoach");
    std::fs::create_dir_all(&dir)?;
    let pool = Pool::new();
    for i in 0..shape.plans {
        std::fs::write(
            dir.join(format!("ke-hoach-{i:05}.md")),
            plan_with(shape, i, &pool),
        )?;
    }
    Ok(())
}
