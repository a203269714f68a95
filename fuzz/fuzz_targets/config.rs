//! Any bangtin.yaml: a config or an error located in the file, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(d) = bangtin::config::Config::parse(std::path::Path::new("."), text) {
        assert!(d.line.unwrap_or(1) <= text.lines().count() + 1);
    }
});
