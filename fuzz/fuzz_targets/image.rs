//! Any bytes given as a published image: processing never panics, and what it returns is whole
//! (every variant file exists with its size, no wider than the image) or a plain error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(site) = tempfile::tempdir() else { return };
    let cache = bangtin::images::ImageCache::new(site.path());
    match cache.process(Path::new("content/tin/anh.jpg"), data) {
        Ok(p) => {
            assert!(!p.variants.is_empty());
            for v in &p.variants {
                assert!(v.width <= p.width, "{} wider than {}", v.width, p.width);
                let len = std::fs::metadata(&v.path).map(|m| m.len()).unwrap_or(0);
                assert_eq!(len, v.bytes, "{}", v.file_name);
            }
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
});
