//! `bangtin import` on the real plans of `../shared/corpus` (text extracted from signed PDFs):
//! the front matter against the hand-checked `references.yaml`, the body as a reader sees it
//! (sentences whole, parts as headings, footnotes linked, no page numbers), the pages built;
//! and the command itself (no overwriting without --force, --dry-run writes nothing, Word and
//! PDF files refused with what to do).

use super::common::{bangtin, corpus_dir, errors, TestSite};
use super::reference_truth::{check_file, load_truth, read, Score};
use bangtin::analysis::deadlines::{find_deadlines, Span};
use bangtin::graph::agency::normalise;
use bangtin::import::{read_file, read_text, Document, ImportKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
pub(crate) struct SignerTruth {
    pub(crate) name: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) authority: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct DeadlineTruth {
    pub(crate) date: Option<String>,
    pub(crate) month: Option<String>,
    pub(crate) quarter: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct FrontTruth {
    pub(crate) issuer: Option<String>,
    pub(crate) signer: Option<SignerTruth>,
    #[serde(default)]
    pub(crate) deadlines: Vec<DeadlineTruth>,
}

/// A deadline span written as references.yaml writes it.
pub(crate) fn span_label(span: &Span) -> String {
    match *span {
        Span::Day(d) => d.to_string(),
        Span::Month { year, month } => format!("{year}-{month:02}"),
        Span::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
    }
}

pub(crate) fn front_truth(dir: &Path) -> BTreeMap<String, FrontTruth> {
    serde_yaml::from_str(&read(dir, "references.yaml")).expect("references.yaml")
}

/// The part headings ("II. NHIỆM VỤ NĂM 2024") of a source text, whitespace collapsed.
fn roman_parts(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| {
            let n = l.len() - l.trim_start_matches(['I', 'V', 'X']).len();
            n > 0 && l[n..].starts_with(". ") && l[n + 2..].starts_with(char::is_uppercase)
        })
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// What is wrong with a body as a reader would see it.
pub(crate) fn body_problems(file: &str, source: &str, doc: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let body = &doc.body;
    for block in body.split("\n\n") {
        let block = block.trim();
        if block.is_empty() || block.starts_with('#') {
            continue;
        }
        // A block of several lines is a list, one item a line; anything else is a line break
        // left inside a sentence.
        if block.contains('\n') && !block.lines().all(|l| l.starts_with("- ")) {
            problems.push(format!("{file}: line break inside a paragraph: {block:?}"));
        }
        for line in block.lines() {
            let end = line.trim_end().chars().last().unwrap_or(' ');
            if !".:;…!?”)\"".contains(end) {
                problems.push(format!("{file}: paragraph ends mid-sentence: {line:?}"));
            }
        }
        if block
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        {
            problems.push(format!("{file}: page number left in the text: {block:?}"));
        }
    }
    let headings: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let parts = roman_parts(source);
    if parts.is_empty() {
        problems.push(format!("{file}: no part headings in the source?"));
    }
    for part in &parts {
        if !headings.contains(&part.as_str()) {
            problems.push(format!(
                "{file}: part {part:?} is not a heading ({headings:?})"
            ));
        }
    }
    // Every footnote defined is referenced in the running text, once.
    for (n, _) in body.match_indices("\n[^") {
        let rest = &body[n + 3..];
        let Some(num) = rest.split(']').next() else {
            continue;
        };
        let mark = format!("[^{num}]");
        let refs = body.matches(&mark).count() - 1;
        if refs != 1 {
            problems.push(format!("{file}: footnote {num} referenced {refs} times"));
        }
    }
    problems
}

/// What a corpus plan is imported from: the text beside references.yaml, or the Word and PDF
/// files `tests/fixtures/import/make.py` made from it (with a header table naming the issuer
/// under its parent agency, and no number or date, as the texts have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Text,
    Word,
    Pdf,
}

/// A file of `tests/fixtures/import/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Imports every corpus plan from `source` and checks it as a reader and the site would see
/// it: the front matter against references.yaml (nothing invented), every cited document still
/// found, the body clean, the pages built without a warning.
pub(crate) fn check_corpus_import(source: Source) {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let refs = load_truth(&dir);
    let front = front_truth(&dir);
    let site = TestSite::new();
    let mut problems = Vec::new();
    let mut total = Score::default();
    let mut exact_issuers = 0;
    let mut footnotes = 0;
    for (file, truth) in &front {
        let text = read(&dir, file);
        let stem = file.trim_end_matches(".txt");
        let path = match source {
            Source::Text => dir.join(file),
            Source::Word => fixture(&format!("{stem}.docx")),
            Source::Pdf => fixture(&format!("{stem}.pdf")),
        };
        let doc = match read_file(&path) {
            Ok(doc) => doc,
            Err(e) => {
                problems.push(format!("{file}: not imported: {e}"));
                continue;
            }
        };
        let with_header = source != Source::Text;

        // No number or date in these plans: left out, never guessed, each with a warning.
        if doc.number.is_some() || doc.date.is_some() || doc.place.is_some() {
            problems.push(format!(
                "{file}: invented {:?} {:?} {:?}",
                doc.number, doc.date, doc.place
            ));
        }
        let warnings = doc.warnings(Path::new(file), ImportKind::Plan);
        for key in ["`number`", "`date`", "`place`"] {
            if !warnings.iter().any(|w| w.message.contains(key)) {
                problems.push(format!("{file}: no warning for the missing {key}"));
            }
        }
        // The title and the words, diacritics and all, are those of the same plan imported
        // from its text: Word's runs and the PDF's fonts give the same NFC text, in order.
        if with_header {
            let from_text = read_text(&text);
            if doc.title != from_text.title {
                problems.push(format!(
                    "{file}: title {:?}, the text gives {:?}",
                    doc.title, from_text.title
                ));
            }
            let words = |body: &str| -> Vec<String> {
                body.replace("...", "…")
                    .replace(['\\', '#', '[', ']', '^', '*'], " ")
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            };
            let (want, got) = (words(&from_text.body), words(&doc.body));
            if want != got {
                let at = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
                problems.push(format!(
                    "{file}: words differ from the text's at word {at}: {:?} / {:?}",
                    &want[at..(at + 6).min(want.len())],
                    &got[at..(at + 6).min(got.len())]
                ));
            }
            if doc.issuer_from_text {
                problems.push(format!("{file}: issuer read from the text, not the header"));
            }
            if !doc.unlinked_footnotes.is_empty() {
                problems.push(format!(
                    "{file}: footnotes {:?} not linked",
                    doc.unlinked_footnotes
                ));
            }
        }

        // The issuer: the truth. From the text alone it may lack the province, which the
        // first sentence does not name; then a warning says to add it.
        match (&doc.issuer, &truth.issuer) {
            (Some(found), Some(want)) => {
                let (f, w) = (normalise(found), normalise(want));
                // Written in the case of running text, as the truth writes it ("Sở Khoa học
                // và Công nghệ"), not just equal once lower-cased.
                if f == w && found.to_lowercase() == want.to_lowercase() && found != want {
                    problems.push(format!("{file}: issuer {found:?}, expected {want:?}"));
                } else if f == w {
                    exact_issuers += 1;
                } else if with_header || !(w.starts_with(&f) && w[f.len()..].starts_with(' ')) {
                    problems.push(format!("{file}: issuer {found:?}, expected {want:?}"));
                } else if !warnings.iter().any(|w| w.message.contains(found.as_str())) {
                    problems.push(format!("{file}: issuer {found:?} read without a warning"));
                }
            }
            (found, want) => problems.push(format!("{file}: issuer {found:?}, expected {want:?}")),
        }

        let want = truth.signer.as_ref().expect("signer in references.yaml");
        let got = doc.signer.clone().unwrap_or_default();
        if got.name != want.name || got.title != want.title || got.authority != want.authority {
            problems.push(format!(
                "{file}: signer {got:?}, expected {:?} / {:?} / {:?}",
                want.name, want.title, want.authority
            ));
        }

        // The deadlines the build will find in the imported body (with the year the page
        // gives), and those with a day in the front matter.
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
                problems.push(format!(
                    "{file}: deadline {want} not found in the body ({found:?})"
                ));
            }
            if d.date.is_some() && !doc.deadlines.iter().any(|x| x.date.to_string() == want) {
                problems.push(format!("{file}: deadline {want} not in the front matter"));
            }
        }

        // Every cited document is still found, with its type and date, in the imported body.
        let expected = refs.get(file).expect("references of the file");
        total.add(check_file(file, &doc.body, expected, &mut problems));

        problems.extend(body_problems(file, &text, &doc));
        footnotes += doc.body.matches("\n[^").count();

        site.file(
            &format!("content/ke-hoach/{stem}.md"),
            &doc.to_page(ImportKind::Plan),
        );
    }
    println!(
        "import from {source:?}: issuers exact {exact_issuers}/{}, references precision {:.1}% recall {:.1}%, {footnotes} footnotes linked",
        front.len(),
        total.precision() * 100.0,
        total.recall() * 100.0
    );
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(total.precision(), 1.0);
    assert_eq!(total.recall(), 1.0);
    if source != Source::Text {
        assert_eq!(exact_issuers, front.len(), "the header names every issuer");
    }
    // thanh-tra-dong-thap-2024 has two footnotes (spliced into the running text of the .txt).
    assert_eq!(footnotes, 2);

    let report = site.build_ok();
    assert!(
        report.diagnostics.is_empty(),
        "imported pages warn:\n{}",
        errors(&report)
    );
    for file in front.keys() {
        let slug = file.trim_end_matches(".txt");
        let html = site.read(&format!("ke-hoach/{slug}/index.html"));
        assert!(html.contains("<h2"), "{slug}: no part headings in the page");
    }
}

#[test]
fn corpus_plans_import_with_the_front_matter_of_the_ground_truth_and_a_clean_body() {
    check_corpus_import(Source::Text);
}

#[test]
fn corpus_plans_in_word_import_with_the_front_matter_of_the_ground_truth_and_a_clean_body() {
    check_corpus_import(Source::Word);
}

#[test]
fn corpus_plans_in_pdf_import_with_the_front_matter_of_the_ground_truth_and_a_clean_body() {
    check_corpus_import(Source::Pdf);
}

/// The source a CLI test imports: a short plan with a header, as pdftotext gives it.
const PLAN: &str = "UBND TỈNH SÔNG LAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc
Số: 33/KH-STP Sông Lam, ngày 21 tháng 8 năm 2025

KẾ HOẠCH
Tuyên truyền phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025

Thực hiện Kế hoạch số 19/KH-BCĐ138 ngày 17/01/2025 của Ban Chỉ đạo 138 tỉnh, Sở Tư pháp ban
hành Kế hoạch tuyên truyền như sau:
I. MỤC ĐÍCH, YÊU CẦU
Các phòng báo cáo kết quả về Văn phòng Sở trước ngày 15/11/2025 để tổng hợp, báo cáo
Giám đốc Sở./.
Nơi nhận:
- Công an tỉnh;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nguyễn Văn A
";

#[test]
fn import_writes_a_page_that_builds_and_never_overwrites_without_force() {
    let site = TestSite::new();
    site.file("ke-hoach-so-33.txt", PLAN);
    let out = bangtin(&["import", "ke-hoach-so-33.txt"], site.root());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = site
        .root()
        .join("content/ke-hoach/ke-hoach-tuyen-truyen-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc-nam-2025.md");
    let page = std::fs::read_to_string(&path).expect("page written");
    for field in [
        "number: \"33/KH-STP\"",
        "date: 2025-08-21",
        "place: \"Sông Lam\"",
        "parent: \"UBND tỉnh Sông Lam\"",
        "issuer: \"Sở Tư pháp tỉnh Sông Lam\"",
        "signer: { name: \"Nguyễn Văn A\", title: \"Phó Giám đốc\", authority: \"KT. Giám đốc\" }",
        "  - { date: 2025-11-15, title:",
        "  - \"Kế hoạch số 19/KH-BCĐ138 ngày 17/01/2025 của Ban Chỉ đạo 138 tỉnh\"",
    ] {
        assert!(page.contains(field), "{field} not in:\n{page}");
    }
    assert!(page.contains("\n## I. MỤC ĐÍCH, YÊU CẦU\n"), "{page}");
    assert!(page.contains("Văn phòng Sở trước ngày 15/11/2025 để tổng hợp, báo cáo Giám đốc Sở./."));
    site.build_ok();

    // Again: refused, the page untouched; with --force, written again.
    std::fs::write(&path, "sửa tay").expect("edit");
    let again = bangtin(&["import", "ke-hoach-so-33.txt"], site.root());
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("không ghi đè") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("page"), "sửa tay");
    let forced = bangtin(&["import", "ke-hoach-so-33.txt", "--force"], site.root());
    assert!(forced.status.success());
    assert_eq!(std::fs::read_to_string(&path).expect("page"), page);
}

#[test]
fn dry_run_prints_the_front_matter_and_writes_nothing() {
    let site = TestSite::new();
    site.file("kh.txt", PLAN);
    let out = bangtin(&["import", "--dry-run", "kh.txt"], site.root());
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("number: \"33/KH-STP\""), "{stdout}");
    assert!(stdout.contains("## I. MỤC ĐÍCH, YÊU CẦU"), "{stdout}");
    assert!(!site.root().join("content/ke-hoach").exists());
}

#[test]
fn a_missing_field_is_left_out_with_a_warning_naming_it() {
    let site = TestSite::new();
    // No header and no signature: nothing about them may be invented.
    site.file(
        "kh.txt",
        "KẾ HOẠCH\nTuyên truyền pháp luật năm 2025\nThực hiện chỉ đạo của tỉnh, Phòng Tư pháp ban hành kế hoạch như sau:\nI. MỤC ĐÍCH\nTuyên truyền đến mọi người dân.\n",
    );
    let out = bangtin(
        &["import", "kh.txt", "--out", "content/trang-nhap"],
        site.root(),
    );
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for key in ["`number`", "`date`", "`signer`", "`recipients`"] {
        assert!(
            stderr.contains("kh.txt: cảnh báo: không tìm thấy") && stderr.contains(key),
            "{key}: {stderr}"
        );
    }
    let page = std::fs::read_to_string(
        site.root()
            .join("content/trang-nhap/ke-hoach-tuyen-truyen-phap-luat-nam-2025.md"),
    )
    .expect("page in --out");
    for key in ["number:", "date:", "signer:", "recipients:"] {
        assert!(!page.contains(key), "{key} invented:\n{page}");
    }
}

#[test]
fn word_and_pdf_files_are_refused_with_what_to_do_and_the_others_imported() {
    let site = TestSite::new();
    site.file("nhap/a.pdf", "%PDF-1.4");
    site.file("nhap/b.docx", "PK");
    site.file("nhap/c.txt", PLAN);
    let out = bangtin(&["import", "nhap"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a.pdf") && stderr.contains("tệp PDF bị hỏng"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.docx") && stderr.contains("hỏng") && stderr.contains("Lưu thành"),
        "{stderr}"
    );
    assert!(stderr.contains("2 tệp không nhập được"), "{stderr}");
    let written = std::fs::read_dir(site.root().join("content/ke-hoach"))
        .expect("c.txt imported")
        .count();
    assert_eq!(written, 1);
}

#[test]
fn a_commendation_takes_its_form_from_the_title_and_builds() {
    let site = TestSite::new();
    site.file(
        "qd.txt",
        "UBND TỈNH SÔNG LAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 120/QĐ-UBND Sông Lam, ngày 2 tháng 9 năm 2025\nQUYẾT ĐỊNH\nVề việc tặng Bằng khen của Chủ tịch UBND tỉnh\nCăn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;\nĐiều 1. Tặng Bằng khen cho Công an xã Hòa Bình đã có thành tích xuất sắc./.\n",
    );
    let out = bangtin(&["import", "--kind", "commendation", "qd.txt"], site.root());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page =
        std::fs::read_to_string(site.root().join(
            "content/khen-thuong/quyet-dinh-ve-viec-tang-bang-khen-cua-chu-tich-ubnd-tinh.md",
        ))
        .expect("page");
    assert!(page.contains("form: bang-khen\n"), "{page}");
    assert!(page.contains("issuer: \"UBND tỉnh Sông Lam\"\n"), "{page}");
    assert!(page.contains("date: 2025-09-02\n"), "{page}");
    assert!(
        !page.contains("number:"),
        "a commendation has no `number` key:\n{page}"
    );
    assert!(page.contains("decision: \"120/QĐ-UBND\"\n"), "{page}");
    site.build_ok();
}

#[test]
fn a_word_plan_imports_with_its_header_table_footnote_and_photo_and_builds() {
    // The example site's plan 33/KH-STP as a Word file (tests/fixtures/import/make.py).
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024.md"),
    )
    .expect("example plan");
    let site = TestSite::new();
    std::fs::copy(
        fixture("ke-hoach-mau.docx"),
        site.root().join("ke-hoach-33.docx"),
    )
    .expect("copy fixture");
    let out = bangtin(&["import", "ke-hoach-33.docx"], site.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.is_empty(),
        "nothing is missing, so nothing to warn about:\n{stderr}"
    );

    let dir = site.root().join("content/ke-hoach");
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let slug = "ke-hoach-trien-khai-thuc-hien-ket-luan-so-44-kl-tw-va-xay-dung-phong-trao-toan";
    assert_eq!(written, [format!("{slug}-anh-1.png"), format!("{slug}.md")]);
    let page = std::fs::read_to_string(dir.join(format!("{slug}.md"))).expect("page");

    // The front matter is the source's, field by field.
    let (source_front, source_body) = source
        .trim_start_matches("---\n")
        .split_once("\n---\n")
        .expect("front matter");
    for key in ["title", "number", "issuer", "place", "date", "signer"] {
        let line = source_front
            .lines()
            .find(|l| l.starts_with(&format!("{key}:")))
            .expect("key in the source");
        assert!(
            page.contains(&format!("{line}\n")),
            "{line} not in:\n{page}"
        );
    }
    assert!(page.contains("parent: \"UBND tỉnh Sông Lam\"\n"), "{page}");
    let recipients = source_front
        .split("recipients:\n")
        .nth(1)
        .and_then(|r| r.split("\ndeadlines:").next())
        .expect("recipients");
    assert!(page.contains(recipients), "{recipients} not in:\n{page}");

    // The body: parts as headings, the table a table, the footnote moved and linked, the
    // photo written beside the page and shown with its description.
    for part in [
        "## I. MỤC ĐÍCH, YÊU CẦU",
        "## II. NỘI DUNG TRỌNG TÂM",
        "## III. TỔ CHỨC THỰC HIỆN",
    ] {
        assert!(page.contains(&format!("\n{part}\n")), "{part}:\n{page}");
    }
    let table: Vec<&str> = source_body.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 8);
    assert!(page.contains("| Nội dung | Đơn vị chủ trì | Thời gian |\n|---|---|---|\n"));
    for row in &table[2..] {
        assert!(page.contains(&format!("{row}\n")), "{row} not in:\n{page}");
    }
    assert!(page.contains("về công tác này[^1]; tiếp tục"), "{page}");
    assert!(
        page.contains("\n[^1]: Gồm: Kế hoạch số 112-KH/TU"),
        "{page}"
    );
    assert!(page.contains(&format!(
        "![Hội nghị triển khai Kế hoạch tại Sở Tư pháp]({slug}-anh-1.png)"
    )));
    assert!(page.contains(&format!("  - {{ path: \"{slug}-anh-1.png\", title: \"Hội nghị triển khai Kế hoạch tại Sở Tư pháp\" }}")));

    let report = site.build_ok();
    assert!(report.diagnostics.is_empty(), "{}", errors(&report));
    let html = site.read(&format!("ke-hoach/{slug}/index.html"));
    assert!(
        html.contains(&format!("src=\"{slug}-anh-1.png\""))
            || html.contains(&format!("/{slug}-anh-1.png\"")),
        "no photo in the page"
    );
    let png = std::fs::read(site.out().join(format!("ke-hoach/{slug}/{slug}-anh-1.png")))
        .expect("photo published");
    assert!(
        png.starts_with(b"\x89PNG"),
        "the photo is published as it was in the file"
    );
    assert!(html.contains("<table"), "no table in the page");
}

#[test]
fn an_old_word_file_renamed_and_a_damaged_one_say_what_to_do_and_write_nothing() {
    let site = TestSite::new();
    // An OLE compound file: what Word 97–2003 writes, and Word with a password.
    site.bytes(
        "cu.docx",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    );
    site.bytes("hong.docx", b"PK\x03\x04 not a zip after all");
    let mut half = std::fs::read(fixture("ke-hoach-mau.docx")).expect("fixture");
    half.truncate(half.len() / 2);
    site.bytes("cat-ngang.docx", &half);
    for (file, words) in [
        ("cu.docx", ["Word cũ (.doc)", "Lưu thành… > Word (.docx)"]),
        ("hong.docx", ["hỏng", "Lưu thành… > Word (.docx)"]),
        ("cat-ngang.docx", ["hỏng", "Lưu thành… > Word (.docx)"]),
    ] {
        let out = bangtin(&["import", file], site.root());
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        for w in words {
            assert!(
                stderr.contains(file) && stderr.contains(w),
                "{file}: {w}:\n{stderr}"
            );
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(!site.root().join("content/ke-hoach").exists());
}
