//! Small sites for the unit tests of the graph's passes: real files in a temporary folder,
//! loaded and analysed as `build::load` does.

use super::{name_matcher, named_things, IdVec, Input};
use crate::analysis::page::read_and_analyse;
use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diag::Diagnostics;
use jiff::civil::{date, Date};
use std::sync::Arc;

pub const TODAY: Date = date(2025, 6, 1);

/// The input of `graph::build` for `files` (paths under `content/`, and their text).
pub fn load(files: &[(&str, &str)]) -> Input {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let path = dir.path().join("content").join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("created");
        std::fs::write(&path, text).expect("written");
    }
    let config = Config::parse(
        dir.path(),
        "title: Thử\nbase_url: \"https://example.org/\"\n",
    )
    .expect("a config");
    let mut diags = Diagnostics::new();
    let opts = LoadOptions {
        drafts: false,
        today: TODAY,
    };
    let content = content::load(dir.path(), opts, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
    let mut pages: Vec<_> = content.pages.into_iter().map(Arc::new).collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let pages = IdVec::from_vec(pages);
    let named = named_things(&pages);
    let matcher = name_matcher(&named);
    let findings = pages
        .iter()
        .map(|p| Arc::new(read_and_analyse(p, &matcher).expect("the page is read again")))
        .collect();
    Input {
        config,
        pages,
        findings,
        sections: content.sections,
        named,
        agencies: Vec::new(),
        // As `serve` has it: the tests of `Site::patch_text` patch with them.
        keep_citations: true,
    }
}
