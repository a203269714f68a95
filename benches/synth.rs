//! Synthetic plans like the corpus: about 1,000 words and 10 citations each, with varied
//! numbers, dates, tags and issuers, and a deadline or two. Shared by the benchmarks.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

const PARTY: &[(&str, &str)] = &[
    ("Kết luận", "KL/TW"),
    ("Chỉ thị", "CT/TW"),
    ("Nghị quyết", "NQ/TW"),
    ("Kế hoạch", "KH/TU"),
];
const STATE: &[(&str, &str)] = &[
    ("Kế hoạch", "KH-UBND"),
    ("Chỉ thị", "CT-UBND"),
    ("Quyết định", "QĐ-UBND"),
    ("Hướng dẫn", "HD-BCA-V05"),
    ("Kế hoạch", "KH-BCĐ138"),
];
const ISSUERS: &[&str] = &[
    "Ban Bí thư",
    "UBND tỉnh",
    "Bộ Công an",
    "Ban Chỉ đạo 138 tỉnh",
    "Tỉnh ủy",
];
const FILLER: &str = "Các cơ quan, đơn vị tiếp tục quán triệt sâu sắc quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về công tác bảo vệ an ninh Tổ quốc; nâng cao nhận thức, trách nhiệm của cán bộ, công chức, viên chức và người lao động trong phòng ngừa, phát hiện, tố giác tội phạm; xây dựng, nhân rộng các mô hình tự quản, tự phòng, tự bảo vệ, tự hòa giải ở cơ sở, gắn với thực hiện nhiệm vụ chính trị của từng đơn vị.";

/// A deterministic pseudo-random number from a seed (no dependency, same site every run).
fn rnd(seed: u64) -> u64 {
    let mut x = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(0x2545_F491_4F6C_DD1D);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^ (x >> 33)
}

/// One plan's Markdown file.
pub fn plan(i: usize) -> String {
    let r = |k: u64| rnd(i as u64 * 131 + k);
    let year = 2015 + (r(1) % 11) as u16;
    let mut body = String::with_capacity(8_000);
    // A document is always cited with the same date, as in real plans: the date derives from
    // its number, so the site has a few thousand directives cited many times each.
    let cite = |k: u64| -> String {
        let n = 1 + r(k) % 300;
        let d = 1 + rnd(n) % 28;
        let m = 1 + rnd(n + 7) % 12;
        let y = 2005 + rnd(n + 13) % 20;
        if r(k + 4) % 2 == 0 {
            let (word, sym) = PARTY[(r(k + 5) % PARTY.len() as u64) as usize];
            format!(
                "{word} số {n}-{sym} ngày {d}/{m}/{y} của {}",
                ISSUERS[(r(k + 6) % 5) as usize]
            )
        } else {
            let (word, sym) = STATE[(r(k + 5) % STATE.len() as u64) as usize];
            format!("{word} số {n}/{sym} ngày {d:02}/{m:02}/{y}")
        }
    };
    let _ = writeln!(
        body,
        "Thực hiện {} và {}, Sở xây dựng Kế hoạch như sau:\n",
        cite(10),
        cite(20)
    );
    for section in 0..4 {
        let _ = writeln!(
            body,
            "## {}. NỘI DUNG {}\n",
            ["I", "II", "III", "IV"][section],
            section + 1
        );
        for p in 0..2 {
            let k = 100 + section as u64 * 10 + p as u64;
            let _ = writeln!(
                body,
                "{FILLER} Theo {}, các đơn vị triển khai đồng bộ, bảo đảm tiến độ và chất lượng.\n",
                cite(k * 7)
            );
        }
    }
    let _ = writeln!(
        body,
        "Các đơn vị báo cáo kết quả về Sở trước ngày {}/{}/{year}.\n",
        1 + r(90) % 28,
        1 + r(91) % 12
    );
    let _ = writeln!(
        body,
        "Hoàn thành rà soát trong Quý {}/{year}.",
        ["I", "II", "III", "IV"][(r(92) % 4) as usize]
    );
    format!(
        "---\ntitle: \"Kế hoạch số {i} về phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}\"\nnumber: \"{}/KH-STP\"\nissuer: \"{}\"\ndate: {year}-{:02}-{:02}\nyear: {year}\nsummary: \"Kế hoạch tổng hợp số {i}.\"\ntags: [\"an ninh trật tự\", \"chủ đề {}\"]\nbasis:\n  - \"{}\"\n---\n{body}",
        i % 900 + 1,
        ["Sở Tư pháp tỉnh A", "UBND tỉnh A", "Công an tỉnh A"][i % 3],
        1 + r(2) % 12,
        1 + r(3) % 28,
        r(4) % 40,
        cite(500),
    )
}

/// Writes a site of `n` plans into `root`.
pub fn write_site(root: &Path, n: usize) -> std::io::Result<()> {
    std::fs::write(
        root.join("bangtin.yaml"),
        "title: \"Trang thử tải\"\nbase_url: \"https://thu.gov.vn/\"\npaginate: 20\nminify: true\n",
    )?;
    let dir = root.join("content/ke-hoach");
    std::fs::create_dir_all(&dir)?;
    for i in 0..n {
        std::fs::write(dir.join(format!("ke-hoach-{i:05}.md")), plan(i))?;
    }
    Ok(())
}
