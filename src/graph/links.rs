//! Links between pages that are not citations of a document: things running text mentions by
//! name (models, directives with `names`), who mentions each page, and the commendations of
//! each model. Made by `build`, a pass of `graph::build`.

use super::ids::{IdVec, NameId, PageId};
use super::pages::Pages;
use crate::content::{Kind, Meta};
use crate::diag::{Diagnostic, Diagnostics};
use crate::text::slugify;
use std::collections::HashMap;

/// Something that running text can mention by name: a model, or a directive with `names`.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub page: PageId,
}

/// Mentions by name and commendations of models.
pub struct Links {
    /// What analysis looked for in running text (`FoundName::target` is a `NameId`'s index).
    pub named: IdVec<NameId, Named>,
    /// Pages mentioning each page by name (models, laws): page → (page, sentence), newest
    /// first.
    pub mentioned_by: IdVec<PageId, Vec<(PageId, crate::analysis::page::Sentence)>>,
    /// Commendations linked to each model page.
    pub commendations_of: IdVec<PageId, Vec<PageId>>,
}

/// The links pass.
pub fn build(pages: &Pages, named: IdVec<NameId, Named>, diags: &mut Diagnostics) -> Links {
    let mentioned_by = mentions(pages, &named);
    let commendations_of = commendations(pages, diags);
    Links {
        named,
        mentioned_by,
        commendations_of,
    }
}

impl Links {
    /// The page a name found by analysis (`FoundName::target`) leads to.
    pub fn target(&self, found: usize) -> PageId {
        self.named[NameId::new(found)].page
    }
}

/// The first sentence of each page naming a page (other than itself), newest page first.
fn mentions(
    pages: &Pages,
    named: &IdVec<NameId, Named>,
) -> IdVec<PageId, Vec<(PageId, crate::analysis::page::Sentence)>> {
    let mut by: IdVec<PageId, Vec<(PageId, crate::analysis::page::Sentence)>> =
        IdVec::filled(Vec::new(), pages.len());
    for (pi, f) in pages.findings.iter_enumerated() {
        for n in &f.names {
            let target = named[NameId::new(n.target)].page;
            if target != pi && !by[target].iter().any(|(p, _)| *p == pi) {
                by[target].push((pi, n.sentence));
            }
        }
    }
    for list in &mut by {
        list.sort_by_key(|(p, _)| pages.date_rank[*p]);
    }
    by
}

/// The commendations naming each model (`model:` in front matter); a name that is no model is
/// an error at its line.
fn commendations(pages: &Pages, diags: &mut Diagnostics) -> IdVec<PageId, Vec<PageId>> {
    let mut of: IdVec<PageId, Vec<PageId>> = IdVec::filled(Vec::new(), pages.len());
    let model_by_slug: HashMap<&str, PageId> = pages
        .of_kind(Kind::Model)
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect();
    for (i, p) in pages.iter_enumerated() {
        let Meta::Commendation(c) = &p.meta else {
            continue;
        };
        let Some((m, line)) = &c.model else {
            continue;
        };
        match model_by_slug.get(slugify(m).as_str()) {
            Some(&mi) => of[mi].push(i),
            None => diags.push(
                Diagnostic::error(&p.source, format!("không có mô hình `{m}`"))
                    .at_line(*line)
                    .help("ghi tên tệp (không có .md) của một trang trong content/mo-hinh/"),
            ),
        }
    }
    of
}

#[cfg(test)]
mod tests {
    use super::super::testing::load;
    use super::*;

    #[test]
    fn mentions_by_name_and_commendations_of_a_model() {
        let input = load(&[
            (
                "mo-hinh/camera.md",
                "---\ntitle: Mô hình Camera\nnames: [\"Camera an ninh\"]\ncategory: tu-phong\ndate: 2020-01-01\n---\nNội dung.\n",
            ),
            (
                "ke-hoach/a.md",
                "---\ntitle: A\ndate: 2021-01-01\n---\nNhân rộng mô hình Camera an ninh. Lại nói Camera an ninh.\n",
            ),
            (
                "ke-hoach/b.md",
                "---\ntitle: B\ndate: 2023-01-01\n---\nDuy trì Camera an ninh ở phường.\n",
            ),
            (
                "khen-thuong/k.md",
                "---\ntitle: K\ndate: 2022-01-01\nform: giay-khen\nmodel: camera\n---\n",
            ),
        ]);
        let pages = super::super::pages::build(input.pages, input.findings, input.sections);
        let mut diags = Diagnostics::new();
        let links = build(&pages, input.named, &mut diags);
        assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
        let id = |t: &str| pages.ids().find(|&p| pages[p].title == t).expect("a page");
        let model = id("Mô hình Camera");
        let by: Vec<(&str, String)> = links.mentioned_by[model]
            .iter()
            .map(|(p, s)| (pages[*p].title.as_str(), s.text()))
            .collect();
        assert_eq!(
            by,
            [
                ("B", "Duy trì Camera an ninh ở phường.".to_string()),
                ("A", "Nhân rộng mô hình Camera an ninh.".to_string())
            ]
        );
        assert_eq!(links.commendations_of[model], [id("K")]);
    }
}
