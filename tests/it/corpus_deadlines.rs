//! Deadlines in the real plans of `../shared/corpus`, against the hand-checked ground truth in
//! `references.yaml`. Skipped (with a note) where the corpus is not beside the crate.

use bangtin::analysis::deadlines::{find_deadlines, FoundDeadline, Span};
use jiff::civil::Date;
use serde_yaml::Value;
use std::path::Path;

/// Each corpus file with the year of its plan, which dates without a year take.
const FILES: &[(&str, i16)] = &[
    ("so-khcn-quang-ngai-2024.txt", 2024),
    ("thanh-tra-dong-thap-2024.txt", 2024),
    ("ubnd-quang-ngai-2019-kl44.txt", 2019),
];

fn read(path: &Path) -> String {
    let raw = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    // As bangtin does on load.
    bangtin::text::nfc(&raw)
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn parse_date(s: &str) -> Date {
    s.parse()
        .unwrap_or_else(|e| panic!("references.yaml: bad date {s:?}: {e}"))
}

/// The span a `deadlines` entry of references.yaml describes: `date: 2024-06-10`,
/// `month: "2019-12"` or `quarter: "2019-Q4"`.
fn expected_span(entry: &Value) -> Span {
    if let Some(d) = str_field(entry, "date") {
        return Span::Day(parse_date(d));
    }
    if let Some(m) = str_field(entry, "month") {
        let (y, m) = m.split_once('-').expect("month as YYYY-MM");
        return Span::Month {
            year: y.parse().expect("a year"),
            month: m.parse().expect("a month"),
        };
    }
    if let Some(q) = str_field(entry, "quarter") {
        let (y, q) = q.split_once("-Q").expect("quarter as YYYY-Qn");
        return Span::Quarter {
            year: y.parse().expect("a year"),
            quarter: q.parse().expect("a quarter"),
        };
    }
    panic!("references.yaml: a deadline without date, month or quarter: {entry:?}");
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn describe(text: &str, d: &FoundDeadline) -> String {
    format!(
        "{} {:?}{} «{}» title «{}»",
        d.span.label_vi(),
        squash(&text[d.range.clone()]),
        if d.yearly { " (hằng năm)" } else { "" },
        squash(&text[d.sentence.clone()]),
        d.title
    )
}

#[test]
fn every_listed_deadline_is_found_and_nothing_else() {
    let Some(dir) = crate::common::corpus_dir() else {
        return;
    };
    let truth: Value =
        serde_yaml::from_str(&read(&dir.join("references.yaml"))).expect("references.yaml parses");

    for &(file, year) in FILES {
        let text = read(&dir.join(file));
        let found = find_deadlines(&text, Some(year));
        for d in &found {
            eprintln!("{file}: {}", describe(&text, d));
        }
        let entry = truth
            .get(file)
            .unwrap_or_else(|| panic!("{file} not in references.yaml"));
        let expected: Vec<&Value> = entry
            .get("deadlines")
            .and_then(Value::as_sequence)
            .map(|s| s.iter().collect())
            .unwrap_or_default();

        for want in &expected {
            let span = expected_span(want);
            let quote = squash(str_field(want, "text").unwrap_or_default());
            let hit = found
                .iter()
                .find(|d| d.span == span && squash(&text[d.sentence.clone()]).contains(&quote));
            assert!(
                hit.is_some(),
                "{file}: expected {} in «{quote}», found: {:#?}",
                span.label_vi(),
                found.iter().map(|d| describe(&text, d)).collect::<Vec<_>>()
            );
            let hit = hit.expect("checked above");
            assert!(
                !hit.title.is_empty(),
                "{file}: empty title for {}",
                span.label_vi()
            );
            assert!(
                hit.range.start >= hit.sentence.start && hit.range.end <= hit.sentence.end,
                "{file}: the phrase lies outside its sentence"
            );
        }
        // The ground truth lists every deadline of these plans: nothing beyond it.
        assert_eq!(
            found.len(),
            expected.len(),
            "{file}: found {:#?}",
            found.iter().map(|d| describe(&text, d)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn issue_dates_of_cited_documents_are_not_deadlines() {
    let Some(dir) = crate::common::corpus_dir() else {
        return;
    };
    let truth: Value =
        serde_yaml::from_str(&read(&dir.join("references.yaml"))).expect("references.yaml parses");

    for &(file, year) in FILES {
        let text = read(&dir.join(file));
        let found = find_deadlines(&text, Some(year));
        let references = truth
            .get(file)
            .and_then(|e| e.get("references"))
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        let issue_dates: Vec<Date> = references
            .iter()
            .filter_map(|r| str_field(r, "date"))
            .map(parse_date)
            .collect();
        assert!(
            !issue_dates.is_empty(),
            "{file}: no dated references to check"
        );
        for d in &found {
            assert!(
                !issue_dates.contains(&d.span.first_day()),
                "{file}: issue date reported as a deadline: {}",
                describe(&text, d)
            );
        }
    }
}
