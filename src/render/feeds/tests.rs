use super::sitemap_files;
use crate::config::Config;
use std::collections::BTreeSet;
use std::path::Path;

fn urls(n: usize) -> Vec<(String, Option<String>)> {
    (0..n)
        .map(|i| {
            (
                format!("https://a.gov.vn/ke-hoach/k-{i:02}/?a=1&b=2"),
                (i % 2 == 0).then(|| format!("2025-01-{:02}", i + 1)),
            )
        })
        .collect()
}

#[test]
fn sitemap_is_an_index_over_files_of_at_most_max_urls() {
    let config = Config::parse(Path::new("."), "title: x\nbase_url: https://a.gov.vn/\n").unwrap();
    let files = sitemap_files(&config, &urls(10), 3);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml",
            "sitemap-4.xml",
            "sitemap.xml"
        ]
    );
    let text = |p: &str| {
        let (_, b) = files.iter().find(|(q, _)| q == p).unwrap();
        String::from_utf8(b.clone()).unwrap()
    };
    let index = text("sitemap.xml");
    let doc = roxmltree::Document::parse(&index).expect("the index is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    assert_eq!(locs.len(), 4);
    let mut seen = BTreeSet::new();
    for loc in &locs {
        let file = loc.strip_prefix("https://a.gov.vn/").unwrap();
        let xml = text(file);
        let doc = roxmltree::Document::parse(&xml).expect("each sitemap is well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "urlset");
        let listed: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect();
        assert!(
            !listed.is_empty() && listed.len() <= 3,
            "{file}: {listed:?}"
        );
        for u in listed {
            assert!(seen.insert(u.clone()), "{u} listed twice");
        }
    }
    let all: BTreeSet<String> = urls(10).into_iter().map(|(u, _)| u).collect();
    assert_eq!(seen, all, "every URL once, `&` unescaped by the parser");
    // The index gives each file the latest day of its URLs.
    assert!(index.contains("<lastmod>2025-01-03</lastmod>"), "{index}");
}

/// 50,000 URLs of a large archive take about 5 MB: the files split at the data budget before
/// the protocol's count is reached.
#[test]
fn sitemap_files_stay_within_the_data_budget() {
    let config = Config::parse(Path::new("."), "title: x\nbase_url: https://a.gov.vn/\n").unwrap();
    let many = urls(30_000);
    let files = sitemap_files(&config, &many, super::SITEMAP_MAX_URLS);
    let budget = crate::render::budget::Budget::DEFAULT.data;
    assert!(files.len() > 2, "split into several files");
    for (path, bytes) in &files {
        assert!(bytes.len() <= budget, "{path}: {} bytes", bytes.len());
    }
    let listed: usize = files
        .iter()
        .filter(|(p, _)| p != "sitemap.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).matches("<loc>").count())
        .sum();
    assert_eq!(listed, many.len());
}
