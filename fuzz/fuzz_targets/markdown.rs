//! Any Markdown renders; raw HTML never brings a script through.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let r = bangtin::markdown::render(text, &[]);
    let lower = r.html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script survived: {}", r.html);
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    for attr in ["href=\"javascript:", "src=\"javascript:", "href=javascript:"] {
        assert!(!compact.contains(attr), "javascript: URL survived: {}", r.html);
    }
});
