//! Directive references in the real plans of `../shared/corpus` against their hand-checked
//! ground truth (`references.yaml`): every cited document is found with its type and date,
//! nothing else is taken for a reference.

use super::reference_truth::{check_file, load_truth, read, Score};
use bangtin::analysis::references::find_citations;

#[test]
fn corpus_citations_match_the_ground_truth() {
    let Some(dir) = crate::common::corpus_dir() else {
        return;
    };
    let truth = load_truth(&dir);
    assert!(!truth.is_empty(), "references.yaml lists no files");

    let mut total = Score::default();
    let mut problems = Vec::new();
    for (file, expected) in &truth {
        let text = read(&dir, file);
        total.add(check_file(file, &text, expected, &mut problems));
    }
    let (precision, recall) = (total.precision(), total.recall());
    println!(
        "corpus references: {} correct of {} found, {} listed; precision {:.1}%, recall {:.1}%",
        total.correct,
        total.found,
        total.listed,
        precision * 100.0,
        recall * 100.0
    );
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(precision, 1.0, "precision");
    assert_eq!(recall, 1.0, "recall");
}

/// A wrapped symbol's link covers the wrap, so the rendered link shows the whole symbol.
#[test]
fn corpus_wrapped_symbols_are_linked_whole() {
    let Some(dir) = crate::common::corpus_dir() else {
        return;
    };
    let text = read(&dir, "ubnd-quang-ngai-2019-kl44.txt");
    let wrapped: Vec<&str> = find_citations(&text)
        .into_iter()
        .map(|c| &text[c.link_range])
        .filter(|l| l.contains('\n'))
        .collect();
    assert!(
        wrapped
            .iter()
            .any(|l| l.starts_with("Chỉ thị số 09-") && l.ends_with("CT/TW")),
        "{wrapped:?}"
    );
    assert!(
        wrapped
            .iter()
            .any(|l| l.starts_with("Kế hoạch số 186-") && l.ends_with("KH/TU")),
        "{wrapped:?}"
    );
    assert!(
        wrapped
            .iter()
            .any(|l| l.starts_with("Kết luận số 44-") && l.ends_with("KL/TW")),
        "{wrapped:?}"
    );
}

/// Extraction speed on corpus-like pages of about 1,000 words (run with
/// `cargo test --release --test corpus_references -- --ignored --nocapture`).
#[test]
#[ignore]
fn extraction_speed_per_1000_word_page() {
    let Some(dir) = crate::common::corpus_dir() else {
        return;
    };
    let mut all = String::new();
    for name in [
        "so-khcn-quang-ngai-2024.txt",
        "thanh-tra-dong-thap-2024.txt",
        "ubnd-quang-ngai-2019-kl44.txt",
    ] {
        all.push_str(&read(&dir, name));
    }
    // Pages of ~1,000 words cut from the corpus at line ends.
    let mut pages = Vec::new();
    let mut page = String::new();
    for line in all.lines() {
        page.push_str(line);
        page.push('\n');
        if page.split_whitespace().count() >= 1000 {
            pages.push(std::mem::take(&mut page));
        }
    }
    let citations: usize = pages.iter().map(|p| find_citations(p).len()).sum();
    let rounds = 2000;
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for p in &pages {
            n += std::hint::black_box(find_citations(std::hint::black_box(p))).len();
        }
    }
    let per_page = start.elapsed().as_secs_f64() * 1e6 / (rounds * pages.len()) as f64;
    println!(
        "{} pages of ~1,000 words, {:.1} citations per page: {per_page:.1} µs per page ({n} citations)",
        pages.len(),
        citations as f64 / pages.len() as f64
    );
}
