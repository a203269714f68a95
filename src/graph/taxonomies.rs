//! Taxonomies: the tags and years pages are grouped by, each with its pages. Made by `build`,
//! a pass of `graph::build`.

use super::ids::PageId;
use super::pages::Pages;
use crate::content::{Kind, Page};
use crate::text::{slugify, vi_cmp};
use std::collections::{BTreeMap, HashMap};

/// One tag or year and its pages.
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    /// Newest first.
    pub pages: Vec<PageId>,
}

/// The terms of each taxonomy.
pub struct Taxonomies {
    /// In Vietnamese order.
    pub tags: Vec<Term>,
    /// Newest year first; plans, models and commendations (not events or plain pages).
    pub years: Vec<Term>,
}

/// The taxonomies pass.
pub fn build(pages: &Pages) -> Taxonomies {
    let tags = terms(pages, |p| p.tags.clone());
    let mut years = terms(pages, |p| {
        p.year()
            .filter(|_| p.kind != Kind::Event && p.kind != Kind::Page)
            .map(|y| y.to_string())
            .into_iter()
            .collect()
    });
    years.sort_by(|a, b| b.name.cmp(&a.name));
    Taxonomies { tags, years }
}

/// Groups pages by the names `f` gives them; terms in Vietnamese order, pages newest first.
fn terms(pages: &Pages, f: impl Fn(&Page) -> Vec<String>) -> Vec<Term> {
    let mut map: BTreeMap<String, Term> = BTreeMap::new();
    // Few names, used by many pages: slugify each once.
    let mut slugs: HashMap<String, String> = HashMap::new();
    for (i, p) in pages.iter_enumerated() {
        for name in f(p) {
            let slug = slugs
                .entry(name.clone())
                .or_insert_with(|| slugify(&name))
                .clone();
            if slug.is_empty() {
                continue;
            }
            let t = map.entry(slug.clone()).or_insert_with(|| Term {
                slug,
                name: name.clone(),
                pages: Vec::new(),
            });
            if t.pages.last() != Some(&i) {
                t.pages.push(i);
            }
        }
    }
    let mut out: Vec<Term> = map.into_values().collect();
    for t in &mut out {
        t.pages.sort_by(|&a, &b| {
            pages[b]
                .date
                .cmp(&pages[a].date)
                .then(pages[a].url.cmp(&pages[b].url))
        });
    }
    out.sort_by(|a, b| vi_cmp(&a.name, &b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::load;

    #[test]
    fn tags_and_years_group_their_pages_newest_first() {
        let input = load(&[
            (
                "ke-hoach/a.md",
                "---\ntitle: A\ndate: 2023-05-01\ntags: [\"Phòng cháy\"]\n---\n",
            ),
            (
                "ke-hoach/b.md",
                "---\ntitle: B\ndate: 2024-05-01\ntags: [\"phòng cháy\", \"An ninh\"]\n---\n",
            ),
            ("su-kien/e.md", "---\ntitle: E\ndate: 2022-05-01\n---\n"),
        ]);
        let pages = super::super::pages::build(input.pages, input.findings, input.sections);
        let t = super::build(&pages);
        let show = |terms: &[super::Term]| -> Vec<(String, Vec<String>)> {
            terms
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        t.pages.iter().map(|&p| pages[p].title.clone()).collect(),
                    )
                })
                .collect()
        };
        // One tag however it is capitalised, named as first written.
        assert_eq!(
            show(&t.tags),
            [
                ("An ninh".to_string(), vec!["B".to_string()]),
                (
                    "Phòng cháy".to_string(),
                    vec!["B".to_string(), "A".to_string()]
                )
            ]
        );
        // Event pages have no year page.
        assert_eq!(
            show(&t.years),
            [
                ("2024".to_string(), vec!["B".to_string()]),
                ("2023".to_string(), vec!["A".to_string()])
            ]
        );
    }
}
