//! Any text: citations and deadlines are found without panicking, with ranges on character
//! boundaries inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for c in bangtin::analysis::references::find_citations(text) {
        assert!(c.range.end <= text.len() && text.is_char_boundary(c.range.start) && text.is_char_boundary(c.range.end));
        assert!(c.link_range.start >= c.range.start && c.link_range.end <= c.range.end);
        let s = bangtin::analysis::references::sentence_around(text, c.range.clone());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    for d in bangtin::analysis::deadlines::find_deadlines(text, Some(2025)) {
        assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
        assert!(d.span.first_day() <= d.span.last_day());
    }
    let _ = bangtin::analysis::references::parse_reference(text);
});
