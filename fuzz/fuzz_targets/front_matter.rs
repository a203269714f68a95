//! A content file of any bytes: decoding, front matter split and parse never panic, and every
//! error carries a line inside the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("content/ke-hoach/x.md");
    let Ok(text) = bangtin::content::decode_text(path, data) else { return };
    let Some(split) = bangtin::content::front_matter::split(&text) else { return };
    if let Err(ds) = bangtin::content::front_matter::parse(path, split.yaml) {
        let lines = text.lines().count().max(1) + 1;
        assert!(!ds.is_empty());
        for d in ds {
            assert!(d.line.unwrap_or(1) <= lines, "line {:?} past the end ({lines})", d.line);
        }
    }
});
