//! `bangtin import` on the real plans of `../shared/corpus` (text extracted from signed PDFs):
//! the front matter against the hand-checked `references.yaml`, the body as a reader sees it
//! (sentences whole, parts as headings, footnotes linked, no page numbers), the pages built;
//! and the command itself (no overwriting without --force, --dry-run writes nothing, Word and
//! PDF files refused with what to do).

use super::common::{bangtin, corpus_dir, errors, TestSite};
use super::reference_truth::{check_file, load_truth, read, Score};
use bangtin::analysis::deadlines::{find_deadlines, Span};
use bangtin::graph::agency::normalise;
use bangtin::import::{read_text, Document, ImportKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

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

#[test]
fn corpus_plans_import_with_the_front_matter_of_the_ground_truth_and_a_clean_body() {
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
        let source = read(&dir, file);
        let doc = read_text(&source);

        // No header in these texts: number, date and place are left out, never guessed.
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

        // The issuer: the truth, or the truth without the province the first sentence does
        // not name (then a warning says to add it).
        match (&doc.issuer, &truth.issuer) {
            (Some(found), Some(want)) => {
                let (f, w) = (normalise(found), normalise(want));
                if f == w {
                    exact_issuers += 1;
                } else if !(w.starts_with(&f) && w[f.len()..].starts_with(' ')) {
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

        problems.extend(body_problems(file, &source, &doc));
        footnotes += doc.body.matches("\n[^").count();

        let slug = file.trim_end_matches(".txt");
        site.file(
            &format!("content/ke-hoach/{slug}.md"),
            &doc.to_page(ImportKind::Plan),
        );
    }
    println!(
        "import: issuers exact {exact_issuers}/{}, references precision {:.1}% recall {:.1}%, {footnotes} footnotes linked",
        front.len(),
        total.precision() * 100.0,
        total.recall() * 100.0
    );
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(total.precision(), 1.0);
    assert_eq!(total.recall(), 1.0);
    // thanh-tra-dong-thap-2024.txt has two footnotes spliced into its text.
    assert_eq!(footnotes, 2);

    let report = site.build_ok();
    let warnings: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings.is_empty(),
        "imported pages warn:\n{}",
        errors(&report)
    );
    for file in front.keys() {
        let slug = file.trim_end_matches(".txt");
        let html = site.read(&format!("ke-hoach/{slug}/index.html"));
        assert!(html.contains("<h2"), "{slug}: no part headings in the page");
    }
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
        "issuer: \"Sở Tư pháp\"",
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
        stderr.contains("b.docx") && stderr.contains(".txt"),
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
    site.build_ok();
}
