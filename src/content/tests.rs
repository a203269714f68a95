//! Front matter read into pages: Vietnamese aliases, kinds, and the lines errors point at.

use super::front_matter::{key_spec, RawFrontMatter};
use super::*;
use crate::diag::Diagnostic;

/// Loads one file written at `rel` (under `content/`) in a fresh site.
fn load_page(rel: &str, front: &str) -> Result<Page, Vec<Diagnostic>> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, format!("---\n{front}---\nNội dung.\n")).expect("write");
    let opts = LoadOptions {
        drafts: true,
        today: Date::constant(2025, 6, 1),
    };
    match load_one(tmp.path(), Path::new(rel), opts)? {
        Some(Loaded::Page(p)) => Ok(*p),
        _ => panic!("{rel} is not a page"),
    }
}

/// A value each top-level key accepts.
fn sample(key: &str) -> &'static str {
    match key {
        "date" | "publish_date" | "end_date" => "2025-01-01",
        "year" | "since" | "weight" => "2020",
        "draft" | "lunar" | "menu" => "true",
        "time" => "\"08:00\"",
        "recurring" => "yearly",
        "signer" => "{ name: \"Nguyễn Văn A\" }",
        "deadlines" => "[{ date: 2025-01-01, title: \"Báo cáo\" }]",
        "tags" | "aliases" | "basis" | "recipients" | "names" => "[\"x\"]",
        "attachments" => "[{ path: \"a.pdf\" }]",
        "image" => "{ path: \"a.jpg\", alt: \"Ảnh\" }",
        _ => "\"x\"",
    }
}

#[test]
fn every_way_of_writing_a_key_finds_its_line() {
    for spec in RawFrontMatter::KEYS {
        for written in std::iter::once(&spec.key).chain(spec.aliases) {
            let yaml = format!("ghi_chu: x\n{written}: {}\n", sample(spec.key));
            let kl = key_lines(&yaml);
            assert_eq!(line_of(&kl, spec.key), 3, "`{written}` for `{}`", spec.key);
        }
    }
    assert_eq!(line_of(&key_lines("title: x\n"), "number"), 2, "absent key");
}

#[test]
fn no_alias_names_two_keys() {
    for spec in RawFrontMatter::KEYS {
        for written in std::iter::once(&spec.key).chain(spec.aliases) {
            assert_eq!(
                key_spec(written).map(|s| s.key),
                Some(spec.key),
                "{written}"
            );
        }
    }
}

/// Each key kept for some kinds, written in English and in each of its aliases, in a page of
/// another kind: the error names the key and points at its line. (An alias missing from the
/// old hand-kept list, `mo_hinh` or `nguoi_nhan`, was reported at line 2.)
#[test]
fn key_of_another_kind_is_reported_at_its_line_however_written() {
    let mut checked = 0;
    for spec in RawFrontMatter::KEYS {
        let Some(kinds) = spec.kinds else { continue };
        assert!(!kinds.contains(&Kind::Page));
        for written in std::iter::once(&spec.key).chain(spec.aliases) {
            let front = format!(
                "title: \"Giới thiệu\"\n{written}: {}\nsummary: x\n",
                sample(spec.key)
            );
            let errs = load_page("content/gioi-thieu.md", &front).expect_err(written);
            let e = errs
                .iter()
                .find(|e| e.message.contains(&format!("`{}`", spec.key)))
                .unwrap_or_else(|| panic!("`{written}`: {errs:?}"));
            assert_eq!(e.line, Some(3), "`{written}`: {e}");
            assert!(e.message.contains("không dùng cho trang thường"), "{e}");
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn errors_on_keys_of_every_kind_point_at_the_alias_line() {
    // `duong_dan_cu` (aliases) was missing from the alias list.
    let errs = load_page(
        "content/ke-hoach/a.md",
        "tieu_de: \"Kế hoạch\"\nngay: 2025-01-02\nduong_dan_cu: [\"../cu/\"]\n",
    )
    .unwrap_err();
    assert_eq!(errs[0].line, Some(4), "{}", errs[0]);
    assert!(errs[0].message.contains("../cu/"), "{}", errs[0]);

    // `nguoi_nhan`, the second alias of `recipients`, was missing too.
    let errs = load_page(
        "content/ke-hoach/a.md",
        "tieu_de: \"Kế hoạch\"\nso_hieu: \"1/KH\"\nnguoi_nhan:\n  - { ten: \"UBND xã\" }\n",
    )
    .unwrap_err();
    assert_eq!(errs[0].line, Some(4), "{}", errs[0]);

    // An empty title written `tieu_de`, on its own line below a comment.
    let errs = load_page("content/a.md", "# ghi chú\ntieu_de: \" \"\n").unwrap_err();
    assert_eq!(errs[0].line, Some(3), "{}", errs[0]);
}

#[test]
fn recipient_kind_is_typed_and_a_misspelling_names_the_allowed_values() {
    let front = "title: \"Bằng khen\"\nform: bang-khen\nnguoi_nhan:\n  - { ten: \"Tổ hòa giải\", loai: Tập thể }\n  - { name: \"Lê Văn Bảy\", type: ca_nhan }\n  - \"Nguyễn Thị Hà\"\n";
    let page = load_page("content/khen-thuong/a.md", front).expect("loads");
    let Meta::Commendation(c) = &page.meta else {
        panic!("not a commendation")
    };
    let kinds: Vec<_> = c.recipients.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            Some(RecipientKind::Collective),
            Some(RecipientKind::Individual),
            None
        ]
    );
    let json = serde_json::to_string(&c.recipients[0]).expect("json");
    assert!(json.contains("\"type\":\"tap-the\""), "{json}");

    let front = "title: \"Bằng khen\"\nform: bang-khen\nrecipients:\n  - { name: \"Lê Văn Bảy\", type: ca-nhann }\n";
    let errs = load_page("content/khen-thuong/a.md", front).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(e.path, Path::new("content/khen-thuong/a.md"));
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.message.contains("`ca-nhann`"), "{e}");
    let help = e.help.as_deref().unwrap_or("");
    assert!(
        help.contains("type: tap-the") && help.contains("type: ca-nhan"),
        "{e}"
    );
}

#[test]
fn misspelt_alias_suggests_the_alias() {
    let errs = load_page("content/a.md", "tieu_de: x\nduong_dan_ku: [\"/a/\"]\n").unwrap_err();
    assert_eq!(errs[0].line, Some(3), "{}", errs[0]);
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("`duong_dan_cu`"),
        "{}",
        errs[0]
    );
}

#[test]
fn a_body_is_read_again_as_loaded_and_a_change_since_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let rel = Path::new("content/ke-hoach/a.md");
    let path = tmp.path().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    // CRLF and a decomposed "ệ" (e + U+0323 + U+0302): read again, the body is as loaded.
    let text = "---\r\ntitle: \"A\"\r\n---\r\nKe\u{302}\u{323} hoạch.\r\n";
    std::fs::write(&path, text).expect("write");
    let opts = LoadOptions {
        drafts: false,
        today: Date::constant(2025, 6, 1),
    };
    let Ok(Some(Loaded::Page(page))) = load_one(tmp.path(), rel, opts) else {
        panic!("a page")
    };
    assert_eq!(page.read_body().expect("the same file"), "Kệ hoạch.\n");

    // Front matter edited, body the same: still the page's body.
    std::fs::write(&path, text.replace("\"A\"", "\"B\"")).expect("write");
    assert_eq!(page.read_body().expect("the same body"), "Kệ hoạch.\n");

    std::fs::write(&path, "---\ntitle: \"A\"\n---\nKhác.\n").expect("write");
    let err = page.read_body().expect_err("the body changed");
    assert_eq!(err.path, rel);
    assert!(err.message.contains("đã thay đổi"), "{err}");
    std::fs::remove_file(&path).expect("removed");
    assert!(page.read_body().is_err(), "a file gone is an error too");
}
