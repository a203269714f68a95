//! `bangtin import` on PDF files: the corpus plans as LibreOffice prints them from their Word
//! files (`tests/fixtures/import/*.pdf`, made by `make.py`) checked against `references.yaml`
//! as their text is, the example site's plan 33/KH-STP against its own front matter, and the
//! files that cannot be read (scanned, truncated, not a PDF) refused with what to do.

use super::common::{bangtin, corpus_dir, errors, TestSite};
use super::import::{body_problems, front_truth, span_label};
use super::reference_truth::{check_file, load_truth, read, Score};
use bangtin::analysis::deadlines::find_deadlines;
use bangtin::graph::agency::normalise;
use bangtin::import::{read_file, Document, ImportKind};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The issuer as the site names it under its parent: "Thanh tra tỉnh" under "UBND tỉnh Đồng
/// Tháp" is "Thanh tra tỉnh Đồng Tháp", "Sở Tư pháp" under "UBND tỉnh Sông Lam" is "Sở Tư pháp
/// tỉnh Sông Lam"; an issuer that names its place already stays as it is.
fn full_issuer(doc: &Document) -> Option<String> {
    let issuer = doc.issuer.clone()?;
    let Some(parent) = &doc.parent else {
        return Some(issuer);
    };
    let words: Vec<&str> = parent.split_whitespace().collect();
    let Some(at) = words
        .iter()
        .position(|w| ["tỉnh", "thành", "huyện", "quận", "xã", "phường"].contains(w))
    else {
        return Some(issuer);
    };
    let place = words[at..].join(" ");
    let name = words[at + 1..].join(" ");
    let i = normalise(&issuer);
    Some(if i.ends_with(&normalise(&place)) {
        issuer
    } else if i.ends_with(&normalise(words[at])) {
        format!("{issuer} {name}")
    } else {
        format!("{issuer} {place}")
    })
}

#[test]
fn corpus_pdfs_import_with_the_front_matter_of_the_ground_truth_and_a_clean_body() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let refs = load_truth(&dir);
    let front = front_truth(&dir);
    let site = TestSite::new();
    let mut problems = Vec::new();
    let mut total = Score::default();
    let mut footnotes = 0;
    for (file, truth) in &front {
        let stem = file.trim_end_matches(".txt");
        let pdf = fixture(&format!("{stem}.pdf"));
        let doc = read_file(&pdf).unwrap_or_else(|e| panic!("{stem}.pdf: {e}"));
        // The source of the words, for the part headings it has.
        let source = read(&dir, file);

        // The header table has the agency but no number or date: left out, never guessed.
        if doc.number.is_some() || doc.date.is_some() || doc.place.is_some() {
            problems.push(format!(
                "{stem}.pdf: invented {:?} {:?} {:?}",
                doc.number, doc.date, doc.place
            ));
        }
        let warnings = doc.warnings(&pdf, ImportKind::Plan);
        for key in ["`number`", "`date`", "`place`"] {
            if !warnings.iter().any(|w| w.message.contains(key)) {
                problems.push(format!("{stem}.pdf: no warning for the missing {key}"));
            }
        }
        if doc.issuer_from_text {
            problems.push(format!(
                "{stem}.pdf: issuer read from the text, not the header"
            ));
        }
        match (full_issuer(&doc), &truth.issuer) {
            // Written out as the truth writes it, in the case of running text ("Sở Khoa học
            // và Công nghệ"), unless the truth abbreviates ("UBND tỉnh Quảng Ngãi").
            (Some(found), Some(want))
                if found.to_lowercase() == want.to_lowercase() && found != *want =>
            {
                problems.push(format!("{stem}.pdf: issuer {found:?}, expected {want:?}"))
            }
            (Some(found), Some(want)) if normalise(&found) == normalise(want) => {}
            (found, want) => problems.push(format!(
                "{stem}.pdf: issuer {found:?} (parent {:?}), expected {want:?}",
                doc.parent
            )),
        }

        let want = truth.signer.as_ref().expect("signer in references.yaml");
        let got = doc.signer.clone().unwrap_or_default();
        if got.name != want.name || got.title != want.title || got.authority != want.authority {
            problems.push(format!(
                "{stem}.pdf: signer {got:?}, expected {:?} / {:?} / {:?}",
                want.name, want.title, want.authority
            ));
        }

        let year = doc.date.map(|d| d.year()).or(doc.year);
        let found: Vec<String> = find_deadlines(&doc.body, year)
            .iter()
            .map(|d| span_label(&d.span))
            .collect();
        for d in &truth.deadlines {
            let want = d
                .date
                .clone()
                .or(d.month.clone())
                .or(d.quarter.clone())
                .unwrap_or_default();
            if !found.contains(&want) {
                problems.push(format!("{stem}.pdf: deadline {want} not in the body"));
            }
            if d.date.is_some() && !doc.deadlines.iter().any(|x| x.date.to_string() == want) {
                problems.push(format!(
                    "{stem}.pdf: deadline {want} not in the front matter"
                ));
            }
        }

        let expected = refs.get(file).expect("references of the file");
        total.add(check_file(file, &doc.body, expected, &mut problems));
        problems.extend(body_problems(&format!("{stem}.pdf"), &source, &doc));
        if !doc.unlinked_footnotes.is_empty() {
            problems.push(format!(
                "{stem}.pdf: footnotes {:?} not linked",
                doc.unlinked_footnotes
            ));
        }
        footnotes += doc.body.matches("\n[^").count();

        // The words, diacritics and all, are those of the same plan imported from its text:
        // the PDF's fonts decode to the same NFC text, in the same order.
        let from_text = bangtin::import::read_text(&source);
        let words = |body: &str| -> Vec<String> {
            body.replace("...", "…")
                .replace(['\\', '#', '[', ']', '^'], " ")
                .split_whitespace()
                .map(str::to_string)
                .collect()
        };
        let (want, got) = (words(&from_text.body), words(&doc.body));
        if want != got {
            let at = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
            problems.push(format!(
                "{stem}.pdf: words differ from the text's at word {at}: {:?} / {:?}",
                &want[at..(at + 6).min(want.len())],
                &got[at..(at + 6).min(got.len())]
            ));
        }
        site.file(
            &format!("content/ke-hoach/{stem}.md"),
            &doc.to_page(ImportKind::Plan),
        );
    }
    println!(
        "import pdf: references precision {:.1}% recall {:.1}%, {footnotes} footnotes linked",
        total.precision() * 100.0,
        total.recall() * 100.0
    );
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(total.precision(), 1.0);
    assert_eq!(total.recall(), 1.0);
    // thanh-tra-dong-thap-2024 has two footnotes, in the Word file as in the signed text.
    assert_eq!(footnotes, 2);

    let report = site.build_ok();
    assert!(
        report.diagnostics.is_empty(),
        "imported pages warn:\n{}",
        errors(&report)
    );
    for file in front.keys() {
        let stem = file.trim_end_matches(".txt");
        let html = site.read(&format!("ke-hoach/{stem}/index.html"));
        assert!(html.contains("<h2"), "{stem}: no part headings in the page");
    }
}

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
    assert_eq!(doc.issuer.as_deref(), Some("Sở Tư pháp"));
    assert_eq!(full_issuer(&doc), s("issuer"));
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
        "issuer: \"Sở Tư pháp\"",
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
