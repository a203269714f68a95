//! Any bangtin.yaml, read as bangtin reads it: a config or an error located in the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = bangtin::content::decode_text(Path::new("bangtin.yaml"), data) else { return };
    if let Err(d) = bangtin::config::Config::parse(Path::new("."), &text) {
        assert!(d.line.unwrap_or(1) <= text.lines().count() + 1, "line {:?} past the end", d.line);
    }
});
