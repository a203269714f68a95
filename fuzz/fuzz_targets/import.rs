//! Any document given to `bangtin import`: plain text, and Word packages whose XML parts
//! (body, numbering, footnotes, styles) are the input, so mutations reach the reader of Word's
//! structure rather than stopping at the zip's checksums. Either a document or an error,
//! never a panic; the page it makes always has its front matter closed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::path::Path;

const PARTS: [&str; 4] = [
    "word/document.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/styles.xml",
];

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let doc = bangtin::import::read_text(text);
        assert!(doc.to_page(bangtin::import::ImportKind::Plan).contains("\n---\n"));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in PARTS.iter().zip(data.split(|&b| b == 0xFF)) {
        if zip.start_file(*name, stored).is_err() || zip.write_all(part).is_err() {
            return;
        }
    }
    let Ok(cursor) = zip.finish() else { return };
    if let Ok(doc) = bangtin::import::read_docx(Path::new("x.docx"), &cursor.into_inner()) {
        assert!(doc.to_page(bangtin::import::ImportKind::Plan).contains("\n---\n"));
    }
});
