//! `bangtin import` on PDF files: the corpus plans as LibreOffice prints them from their Word
//! files (`tests/fixtures/import/*.pdf`, made by `make.py`) checked against `references.yaml`
//! as their text is, the example site's plan 33/KH-STP against its own front matter, and the
//! files that cannot be read (scanned, truncated, not a PDF) refused with what to do.

use super::common::{bangtin, errors, TestSite};
use super::import::fixture;
use bangtin::import::read_file;
use std::path::{Path, PathBuf};

#[test]
fn the_example_plan_printed_to_pdf_imports_with_the_front_matter_of_its_source() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024.md"),
    )
    .expect("the example plan");
    let yaml = source.split("---\n").nth(1).expect("front matter");
    let fm: serde_yaml::Value = serde_yaml::from_str(yaml).expect("front matter parses");
    let s = |k: &str| fm[k].as_str().map(str::to_string);

    let doc = read_file(&fixture("ke-hoach-mau.pdf")).expect("the PDF reads");
    assert_eq!(doc.title, s("title"));
    assert_eq!(doc.number, s("number"));
    assert_eq!(doc.place, s("place"));
    assert_eq!(doc.date.map(|d| d.to_string()), s("date"));
    assert_eq!(doc.parent.as_deref(), Some("UBND tỉnh Sông Lam"));
    assert_eq!(doc.issuer, s("issuer"));
    let signer = doc.signer.clone().expect("signer");
    assert_eq!(
        signer.name,
        fm["signer"]["name"].as_str().map(str::to_string)
    );
    assert_eq!(
        signer.title,
        fm["signer"]["title"].as_str().map(str::to_string)
    );
    assert_eq!(
        signer.authority,
        fm["signer"]["authority"].as_str().map(str::to_string)
    );
    let recipients: Vec<String> = fm["recipients"]
        .as_sequence()
        .expect("recipients")
        .iter()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect();
    assert_eq!(recipients.len(), 8);
    assert_eq!(doc.recipients, recipients);
    // The one footnote, linked where the text marks it.
    assert!(
        doc.body.contains("về công tác này[^1]; tiếp tục"),
        "{}",
        doc.body
    );
    assert!(doc.body.contains("\n[^1]: Gồm: Kế hoạch số 112-KH/TU"));
    assert!(doc.unlinked_footnotes.is_empty());
    // Parts and items as the source has them.
    for heading in [
        "\n## I. MỤC ĐÍCH, YÊU CẦU\n",
        "\n### 1\\. Mục đích\n",
        "\n## III. TỔ CHỨC THỰC HIỆN\n",
    ] {
        assert!(doc.body.contains(heading), "{heading:?} in:\n{}", doc.body);
    }
    // The table, its columns told by their x positions, its rows by the cells' padding, and
    // the header row LibreOffice repeats on the next page left out: the rows of the source.
    let rows = |body: &str| -> Vec<String> {
        body.lines()
            .filter(|l| l.starts_with('|') && !l.contains("---"))
            .map(str::to_string)
            .collect()
    };
    let want = rows(&source);
    assert_eq!(want.len(), 7, "the source's table");
    assert_eq!(rows(&doc.body), want, "{}", doc.body);
    assert!(doc.body.contains("\n| --- | --- | --- |\n"));
    assert!(doc.body.contains("\n- Phổ biến sâu rộng Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở, có hiệu lực từ ngày 01/7/2024, đến cán bộ cấp xã, thành viên tổ bảo vệ an ninh, trật tự và người dân.\n"), "{}", doc.body);
}

/// A PDF of one page whose content draws nothing but a filled rectangle (what a scan's page
/// is to a text extractor: no text operator), with a correct cross-reference table.
fn pdf_without_text() -> Vec<u8> {
    one_page_pdf("/MediaBox [0 0 612 792]")
}

/// A well-formed PDF of one page with `page_keys` in its page dictionary.
fn one_page_pdf(page_keys: &str) -> Vec<u8> {
    let content = "0 0 0 rg 72 72 200 100 re f\n";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!("<< /Type /Page /Parent 2 0 R {page_keys} /Contents 4 0 R /Resources << >> >>"),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    pdf_from_objects(&objects)
}

/// A PDF of the objects given, numbered from 1 (the first the catalog), with a correct
/// cross-reference table.
fn pdf_from_objects(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_scanned_pdf_is_refused_with_the_advice_to_run_ocr() {
    let site = TestSite::new();
    site.bytes("quet.pdf", &pdf_without_text());
    let err = read_file(&site.root().join("quet.pdf")).expect_err("no text to import");
    let shown = err.to_string();
    assert!(shown.contains("quet.pdf"), "{shown}");
    assert!(
        shown.contains("không có lớp chữ (bản quét)") && shown.contains("OCR"),
        "{shown}"
    );
}

#[test]
fn a_truncated_or_garbage_pdf_gets_a_clear_error_and_no_panic() {
    let site = TestSite::new();
    let whole = std::fs::read(fixture("ke-hoach-mau.pdf")).expect("fixture");
    site.bytes("cut.pdf", &whole[..whole.len() / 3]);
    site.bytes(
        "rac.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer <<",
    );
    site.bytes(
        "anh.pdf",
        &[0xff, 0xd8, 0xff, 0xe0, 0, 16, b'J', b'F', b'I', b'F'],
    );
    // A page without a MediaBox: pdf-extract panics on it (`expect("MediaBox")`).
    site.bytes("trang.pdf", &one_page_pdf(""));
    for name in ["cut.pdf", "rac.pdf", "anh.pdf", "trang.pdf"] {
        let err = read_file(&site.root().join(name)).expect_err("a broken file is not imported");
        let shown = err.to_string();
        assert!(shown.contains(name), "{shown}");
        assert!(
            shown.contains("tệp PDF bị hỏng") || shown.contains("không có lớp chữ"),
            "{name}: {shown}"
        );
    }
    // Through the command: exit 1, one line each, no crash report.
    let out = bangtin(
        &["import", "cut.pdf", "rac.pdf", "anh.pdf", "trang.pdf"],
        site.root(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("4 tệp không nhập được"), "{stderr}");
    assert!(
        stderr.contains("trang.pdf: lỗi: tệp PDF bị hỏng"),
        "{stderr}"
    );
}

#[test]
fn import_of_a_pdf_through_the_command_writes_a_page_that_builds() {
    let site = TestSite::new();
    site.bytes(
        "ke-hoach-33.pdf",
        &std::fs::read(fixture("ke-hoach-mau.pdf")).expect("fixture"),
    );
    let out = bangtin(&["import", "ke-hoach-33.pdf"], site.root());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = site.root().join("content/ke-hoach");
    let pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("page written")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    let page = std::fs::read_to_string(&pages[0]).expect("page");
    for field in [
        "number: \"33/KH-STP\"",
        "date: 2024-03-12",
        "place: \"Sông Lam\"",
        "parent: \"UBND tỉnh Sông Lam\"",
        "issuer: \"Sở Tư pháp tỉnh Sông Lam\"",
        "signer: { name: \"Phạm Đức Khải\", title: \"Phó Giám đốc\", authority: \"KT. Giám đốc\" }",
    ] {
        assert!(page.contains(field), "{field} not in:\n{page}");
    }
    let report = site.build_ok();
    assert!(report.diagnostics.is_empty(), "{}", errors(&report));
}

#[test]
fn a_pdf_locked_with_a_password_is_refused_with_what_to_do() {
    use pdf_extract::{Document as Pdf, EncryptionState, EncryptionVersion, Permissions};
    let bytes = std::fs::read(fixture("ke-hoach-mau.pdf")).expect("fixture");
    let mut pdf = Pdf::load_mem(&bytes).expect("the fixture loads");
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &pdf,
        owner_password: "chu",
        user_password: "matkhau",
        key_length: 128,
        permissions: Permissions::all(),
    })
    .expect("an encryption state");
    pdf.encrypt(&state).expect("encrypted");
    let mut locked = Vec::new();
    pdf.save_to(&mut locked).expect("saved");

    let site = TestSite::new();
    site.bytes("khoa.pdf", &locked);
    let err = read_file(&site.root().join("khoa.pdf")).expect_err("locked");
    let shown = err.to_string();
    assert!(
        shown.contains("khoa.pdf") && shown.contains("khóa bằng mật khẩu"),
        "{shown}"
    );
}

#[test]
fn a_pdf_of_too_many_pages_is_refused_quickly_with_a_message() {
    // 1,000 empty pages sharing one content stream: refused for its length, not read.
    let n = 1000;
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", i + 4))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Length 0 >>\nstream\n\nendstream".to_string(),
    ];
    for _ in 0..n {
        objects.push(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>".to_string(),
        );
    }
    let pdf = pdf_from_objects(&objects);
    let site = TestSite::new();
    site.bytes("dai.pdf", &pdf);
    let err = read_file(&site.root().join("dai.pdf")).expect_err("too long");
    let shown = err.to_string();
    assert!(
        shown.contains("dai.pdf") && shown.contains("quá dài (1000 trang"),
        "{shown}"
    );
}
