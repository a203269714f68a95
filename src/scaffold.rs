//! `bangtin init` and `bangtin new`: files an editor starts from.

use crate::diag::Diagnostic;
use crate::text::slugify;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

const INIT_CONFIG: &str = r#"title: "Trang thông tin điện tử của cơ quan"
description: "Kế hoạch, mô hình, khen thưởng và lịch công tác của cơ quan."
base_url: "https://example.gov.vn/"
language: vi
theme: default
parent: "UBND tỉnh ..."   # cơ quan chủ quản, in phía trên tên cơ quan ban hành trong tiêu đề kế hoạch
timezone: Asia/Ho_Chi_Minh
paginate: 20
minify: true
footer:
  owner: "Tên cơ quan"
  responsible: "Họ tên, chức vụ người chịu trách nhiệm chính"
  address: "Địa chỉ cơ quan"
  phone: "0000 000 000"
  email: "banbientap@example.gov.vn"
  license: "Giấy phép số .../GP-TTĐT"
"#;

const INIT_HOME: &str = "---\ntitle: \"Trang thông tin điện tử\"\n---\nChào mừng bạn đến với trang thông tin của cơ quan. Sửa tệp `content/_index.md` để thay lời giới thiệu này.\n";

const INIT_PLAN: &str = r#"---
title: "Kế hoạch mẫu: triển khai phong trào Toàn dân bảo vệ an ninh Tổ quốc"
number: "01/KH-CQ"
issuer: "Tên cơ quan"
place: "Tên địa danh"
date: {date}
summary: "Một kế hoạch mẫu để bạn sửa lại: thay tiêu đề, số hiệu, ngày và nội dung."
tags: ["an ninh trật tự"]
signer: { name: "Họ và tên", title: "Giám đốc", authority: "" }
basis:
  - "Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư"
recipients: ["Như trên;", "Lưu: VT."]
---
Thực hiện Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư, cơ quan xây dựng Kế hoạch này.

## I. MỤC ĐÍCH, YÊU CẦU

Nêu mục đích và yêu cầu của kế hoạch.

## II. NỘI DUNG

Nêu các nhiệm vụ cụ thể. Các đơn vị báo cáo kết quả trước ngày 15/12/{year}.

## III. TỔ CHỨC THỰC HIỆN

Phân công đơn vị chủ trì, phối hợp.
"#;

const INIT_ABOUT: &str = "---\ntitle: \"Giới thiệu\"\nmenu: true\nweight: 1\nsummary: \"Chức năng, nhiệm vụ và cơ cấu tổ chức của cơ quan.\"\n---\nSửa tệp `content/gioi-thieu.md` để giới thiệu chức năng, nhiệm vụ, cơ cấu tổ chức và lãnh đạo cơ quan. Trang này có trong danh mục chính và ở chân trang vì có `menu: true`.\n";

const INIT_CONTACT: &str = "---\ntitle: \"Liên hệ\"\nmenu: true\nweight: 2\nsummary: \"Địa chỉ, điện thoại và thư điện tử của cơ quan.\"\n---\nSửa tệp `content/lien-he.md` để ghi địa chỉ, số điện thoại, thư điện tử của cơ quan và của Ban Biên tập.\n";

const INIT_EVENT: &str = r#"---
title: "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
date: 2005-08-19
recurring: yearly
since: 2005
summary: "Ngày 19/8 hằng năm."
---
Ngày hội được tổ chức hằng năm vào ngày 19 tháng 8.
"#;

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::write(path, text).map_err(|e| Diagnostic::io(path, &e))
}

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::io(dir, &e))?
            .next()
            .is_some();
        if non_empty {
            return Err(
                Diagnostic::error(dir, "thư mục đã có tệp; bangtin không ghi đè")
                    .help("chọn một thư mục mới hoặc thư mục trống"),
            );
        }
    }
    let today = jiff::ZonedDateTime::now().date();
    write_new(&dir.join("bangtin.yaml"), INIT_CONFIG)?;
    write_new(&dir.join("content/_index.md"), INIT_HOME)?;
    write_new(&dir.join("content/gioi-thieu.md"), INIT_ABOUT)?;
    write_new(&dir.join("content/lien-he.md"), INIT_CONTACT)?;
    write_new(
        &dir.join("content/ke-hoach/ke-hoach-mau.md"),
        &INIT_PLAN
            .replace("{date}", &today.to_string())
            .replace("{year}", &today.year().to_string()),
    )?;
    write_new(
        &dir.join("content/su-kien/ngay-hoi-toan-dan-bao-ve-an-ninh-to-quoc.md"),
        INIT_EVENT,
    )?;
    write_new(
        &dir.join("data/co-quan.yaml"),
        "- name: \"Ban Bí thư Trung ương Đảng\"\n  aliases: [\"Ban Bí thư\"]\n",
    )?;
    write_new(&dir.join("static/.gitkeep"), "")?;
    Ok(())
}

/// Creates `content/<section>/<slug>.md` with the front-matter skeleton of `kind`.
/// The error's flag is true for a usage error (unknown kind).
pub fn new_page(
    root: &Path,
    kind: &str,
    title: &str,
    today: Date,
) -> Result<PathBuf, (Diagnostic, bool)> {
    let (section, extra) = match slugify(kind).as_str() {
        "plan" | "ke-hoach" => ("ke-hoach", "number: \"\"\nissuer: \"\"\nplace: \"\"\nyear: {year}\nsigner: { name: \"\", title: \"\", authority: \"\" }\nbasis: []\nrecipients: []\ndeadlines: []\n"),
        "model" | "mo-hinh" => ("mo-hinh", "names: []\nunit: \"\"\nlocality: \"\"\ncategory: khac   # tu-quan, tu-phong, tu-bao-ve, tu-hoa-giai, khac\nsince: {year}\nstatus: \"đang hoạt động\"\n"),
        "commendation" | "khen-thuong" => ("khen-thuong", "form: bang-khen   # bang-khen, co-thi-dua, giay-khen\nissuer: \"\"\ndecision: \"\"\nrecipients:\n  - { name: \"\", type: tap-the, unit: \"\" }\nreason: \"\"\n"),
        "directive" | "van-ban" => ("van-ban", "number: \"\"\nissuer: \"\"\nsubject: \"\"\n"),
        "event" | "su-kien" => ("su-kien", "location: \"\"\n# recurring: yearly\n"),
        "page" | "trang" => ("", ""),
        other => {
            return Err((
                Diagnostic::error("bangtin new", format!("không có loại nội dung `{other}`"))
                    .help("dùng một trong: ke-hoach, mo-hinh, khen-thuong, van-ban, su-kien, trang"),
                true,
            ))
        }
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err((Diagnostic::error("bangtin new", "tiêu đề trống").help("ghi tiêu đề trong dấu ngoặc kép, ví dụ `bangtin new ke-hoach \"Kế hoạch tuyên truyền\"`"), true));
    }
    let rel = if section.is_empty() {
        PathBuf::from(format!("content/{slug}.md"))
    } else {
        PathBuf::from(format!("content/{section}/{slug}.md"))
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err((
            Diagnostic::error(&rel, "tệp đã có; bangtin không ghi đè")
                .help("đổi tiêu đề hoặc sửa tệp sẵn có"),
            false,
        ));
    }
    let title_yaml = title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = format!(
        "---\ntitle: \"{title_yaml}\"\ndate: {today}\nsummary: \"\"\ntags: []\ndraft: true\n{}---\n\nNội dung.\n",
        extra.replace("{year}", &today.year().to_string())
    );
    write_new(&path, &text).map_err(|d| (d, false))?;
    Ok(rel)
}
