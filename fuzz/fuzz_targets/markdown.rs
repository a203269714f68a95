//! Any Markdown renders; no tag in the output carries a script or a `javascript:` URL.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let r = bangtin::markdown::render(text, &[]);
    let lower = r.html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script survived: {}", r.html);
    // Look inside tags only: text may say "javascript:" and is escaped.
    for tag in lower.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        for attr in ["href=", "src=", "action=", "formaction="] {
            for value in tag.split(attr).skip(1) {
                let v: String = value.trim_start_matches(['"', '\'']).chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect();
                assert!(!v.starts_with("javascript:"), "javascript: URL survived in <{tag}>");
            }
        }
        assert!(!tag.split_whitespace().any(|a| a.starts_with("on") && a.contains('=')), "event handler survived in <{tag}>");
    }
});
