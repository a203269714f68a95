//! Directive references in real texts written elsewhere (`tests/references/`: legal-database
//! pages, provincial portals and newspapers, from central Party to commune level, 2001–2025)
//! against their hand-labelled ground truth: every cited document found with its canonical
//! symbol, type, date and (where labelled) issuer; nothing else taken for a reference.
//! Prints precision and recall per file and overall (`-- --nocapture`).

use std::path::Path;

use super::reference_truth::{check_file, load_truth, read, Score};

#[test]
fn texts_written_elsewhere_match_their_labels() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/references");
    let truth = load_truth(&dir);
    assert!(
        truth.len() >= 20,
        "references.yaml labels {} texts, the set has at least 20",
        truth.len()
    );
    // Every text is labelled, and every label has its text.
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    texts.sort();
    let labelled: Vec<String> = truth.keys().cloned().collect();
    assert_eq!(texts, labelled, "texts and labels differ");

    let mut total = Score::default();
    let mut problems = Vec::new();
    for (file, expected) in &truth {
        let text = read(&dir, file);
        let score = check_file(file, &text, expected, &mut problems);
        println!(
            "{file}: {} of {} found correct, {} listed; precision {:.1}%, recall {:.1}%",
            score.correct,
            score.found,
            score.listed,
            score.precision() * 100.0,
            score.recall() * 100.0
        );
        total.add(score);
    }
    println!(
        "wider references: {} correct of {} found, {} listed in {} texts; \
         precision {:.1}%, recall {:.1}%; {} problems",
        total.correct,
        total.found,
        total.listed,
        truth.len(),
        total.precision() * 100.0,
        total.recall() * 100.0,
        problems.len()
    );
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(total.precision(), 1.0, "precision");
    assert_eq!(total.recall(), 1.0, "recall");
}
