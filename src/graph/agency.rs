//! Agencies: one page per agency however documents write its name. Names are matched after
//! folding case and diacritics and expanding the usual abbreviations (UBND = Ủy ban nhân dân,
//! BCĐ = Ban Chỉ đạo, CA = Công an…), and through the aliases of `data/co-quan.yaml`.

use super::citator::Directive;
use super::ids::{AgencyId, DirectiveId, IdVec, PageId};
use super::pages::Pages;
use crate::content::Meta;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text::{fold, slugify};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub const DATA_FILE: &str = "data/co-quan.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyEntry {
    #[serde(alias = "ten")]
    pub name: String,
    #[serde(default, alias = "ten_khac")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub slug: Option<String>,
}

/// Reads `data/co-quan.yaml` when present.
pub fn load_entries(root: &Path, diags: &mut Diagnostics) -> Vec<AgencyEntry> {
    let path = root.join(DATA_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            diags.push(Diagnostic::io(Path::new(DATA_FILE), &e));
            return Vec::new();
        }
    };
    let text = match crate::content::decode_text(Path::new(DATA_FILE), &bytes) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    match serde_yaml::from_str::<Vec<AgencyEntry>>(&text) {
        Ok(v) => v,
        Err(e) => {
            let mut d = crate::yaml::yaml_error(
                Path::new(DATA_FILE),
                &text,
                &e,
                0,
                1,
                &["name", "aliases", "slug", "ten", "ten_khac"],
            );
            let help = format!(
                "{} (mỗi cơ quan: `- name: \"Tên đầy đủ\"` và `aliases: [\"Tên viết tắt\"]`)",
                d.help.as_deref().unwrap_or_default()
            );
            d.help = Some(help.into());
            diags.push(d);
            Vec::new()
        }
    }
}

/// The agencies pass: every agency named in `data/co-quan.yaml` or by content (issuers of
/// plans, commendations and directives, units running models, collectives commended), with
/// what it issued, runs or received; those with nothing are dropped.
pub fn build(
    entries: &[AgencyEntry],
    pages: &Pages,
    directives: &IdVec<DirectiveId, Directive>,
) -> Agencies {
    let issued = directives
        .iter_enumerated()
        .map(|(di, d)| (di, d.plan, d.issuer.as_deref()));
    build_from(entries, pages, issued)
}

/// `build`, with each directive given as its id, the plan it is and its issuer.
pub fn build_from<'d>(
    entries: &[AgencyEntry],
    pages: &Pages,
    directives: impl Iterator<Item = (DirectiveId, Option<PageId>, Option<&'d str>)>,
) -> Agencies {
    let mut agencies = Agencies::new(entries);
    // Thousands of plans name a few issuers, each written a few ways: resolving a spelling
    // again gives the same agency and changes nothing (its name is already the longer of the
    // two), so each is normalised once.
    let mut known: HashMap<String, AgencyId> = HashMap::new();
    let mut resolve = |agencies: &mut Agencies, name: &str| -> AgencyId {
        match known.get(name) {
            Some(&a) => a,
            None => {
                let a = agencies.resolve(name);
                known.insert(name.to_string(), a);
                a
            }
        }
    };
    for (i, p) in pages.iter_enumerated() {
        if let Meta::Plan(_) | Meta::Commendation(_) = &p.meta {
            if let Some(name) = p.issuer() {
                let a = resolve(&mut agencies, name);
                agencies.list[a].issued.push(i);
            }
        }
        match &p.meta {
            Meta::Model(m) => {
                if let Some(unit) = &m.unit {
                    let a = resolve(&mut agencies, unit);
                    agencies.list[a].models.push(i);
                }
            }
            Meta::Commendation(c) => {
                for r in c
                    .recipients
                    .iter()
                    .filter(|r| r.kind != Some(crate::content::RecipientKind::Individual))
                {
                    let a = resolve(&mut agencies, &r.name);
                    if !agencies.list[a].commendations.contains(&i) {
                        agencies.list[a].commendations.push(i);
                    }
                }
            }
            _ => {}
        }
    }
    named_in_news(&mut agencies, entries, pages);
    // A directive that is a plan of the site is listed as that plan, among what it issued
    // (when the plan names its issuer; else the directive is what makes the agency's page).
    for (di, plan, issuer) in directives {
        if plan.is_some_and(|p| pages[p].issuer().is_some()) {
            continue;
        }
        if let Some(issuer) = issuer {
            let a = resolve(&mut agencies, issuer);
            agencies.list[a].directives.push(di);
        }
    }
    agencies.finish();
    agencies
}

/// The agencies each news item names in its text, by their names and the spellings
/// `data/co-quan.yaml` gives ("Sở Tư pháp" for "Sở Tư pháp tỉnh Sông Lam"), whole words only.
fn named_in_news(agencies: &mut Agencies, entries: &[AgencyEntry], pages: &Pages) {
    let news: Vec<PageId> = pages
        .iter_enumerated()
        .filter(|(_, p)| matches!(p.meta, Meta::News(_)))
        .map(|(i, _)| i)
        .collect();
    if news.is_empty() {
        return;
    }
    let mut names: Vec<(String, AgencyId)> = agencies
        .list
        .iter_enumerated()
        .map(|(i, a)| (a.name.clone(), i))
        .collect();
    for e in entries {
        if let Some(i) = agencies.find(&e.name) {
            names.extend(e.aliases.iter().map(|al| (al.clone(), i)));
        }
    }
    let matcher = crate::analysis::names::NameMatcher::new(names);
    // Each news item's text is read again (the site keeps no page's body): news items are few
    // beside plans. One that cannot be read names no agency; rendering it says why.
    let found: Vec<(PageId, Vec<AgencyId>)> = news
        .into_par_iter()
        .map(|i| {
            let body = pages[i].read_body().unwrap_or_default();
            (i, matcher.find(&body).into_iter().map(|(_, a)| a).collect())
        })
        .collect();
    for (i, named) in found {
        for a in named {
            if !agencies.list[a].news.contains(&i) {
                agencies.list[a].news.push(i);
            }
        }
    }
}

/// Abbreviations written in Vietnamese administrative text, folded, with their expansion.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("bcd", "ban chi dao"),
    ("ca", "cong an"),
    ("bca", "bo cong an"),
    ("mttq", "mat tran to quoc"),
    ("ubmttq", "uy ban mat tran to quoc"),
    ("tu", "tinh uy"),
    ("ttg", "thu tuong chinh phu"),
    ("tw", "trung uong"),
    ("stp", "so tu phap"),
    ("pbgdpl", "pho bien giao duc phap luat"),
    ("tp", "thanh pho"),
    ("tx", "thi xa"),
];

/// Titles of officials (folded) written before the agency they head: "Bộ trưởng Bộ Công an",
/// "Chủ tịch UBND tỉnh", "Giám đốc Sở Tư pháp", "Trưởng Ban Chỉ đạo 138 tỉnh". "Thủ tướng" is
/// not one: "Thủ tướng Chính phủ" issues documents of its own (…/TTg), apart from the
/// Government's (…/NĐ-CP, …/NQ-CP).
const OFFICIAL_TITLES: &[&str] = &[
    "bộ trưởng",
    "thứ trưởng",
    "phó chủ tịch",
    "chủ tịch",
    "phó giám đốc",
    "giám đốc",
    "phó trưởng",
    "trưởng",
    "phó bí thư",
    "bí thư",
    "tổng cục trưởng",
    "cục trưởng",
    "chi cục trưởng",
    "viện trưởng",
    "chánh án",
    "chánh thanh tra",
    "tư lệnh",
];

/// The first words (folded) of an agency that another one may belong to, after a comma:
/// "Tổ hòa giải thôn Đông Xuân, UBND xã An Hòa" is the tổ, of the xã's committee.
const PARENT_AGENCIES: &[&str] = &[
    "ubnd",
    "uy ban",
    "hdnd",
    "hoi dong nhan dan",
    "cong an",
    "so",
    "phong",
    "ban",
    "bo",
    "cuc",
    "chi cuc",
    "tong cuc",
    "dang uy",
    "tinh uy",
    "huyen uy",
    "thanh uy",
    "quan uy",
    "thi uy",
    "mat tran",
    "mttq",
    "ubmttq",
    "doan",
    "hoi",
    "van phong",
    "truong",
    "toa an",
    "vien kiem sat",
];

/// Whether `text` starts with the folded words `words` (whole words).
fn starts_with_words(text: &str, words: &str) -> bool {
    let folded = fold(text);
    folded.starts_with(words)
        && folded[words.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// How many words of `name` are an official's title ("Phó Chủ tịch" = 3), if it opens with
/// one. Diacritics count ("Trường" is a school, "Trưởng" a head) unless the name has none.
fn title_words(name: &str) -> Option<usize> {
    let words: Vec<&str> = name.split_whitespace().take(4).collect();
    OFFICIAL_TITLES
        .iter()
        .filter_map(|t| {
            let n = t.split(' ').count();
            let written = words.get(..n)?.join(" ");
            let same = if written.is_ascii() {
                fold(&written) == fold(t)
            } else {
                crate::text::nfc(&written).to_lowercase() == *t
            };
            same.then_some(n)
        })
        .max()
}

/// The agency a name is of: without an official's title in front ("Bộ trưởng Bộ Công an" →
/// "Bộ Công an") and without the agency it belongs to after a comma ("Tổ hòa giải thôn Đông
/// Xuân, UBND xã An Hòa" → "Tổ hòa giải thôn Đông Xuân"). A comma before a lower-case word is
/// part of the name: "Ban Chỉ đạo phòng, chống tội phạm", "phổ biến, giáo dục pháp luật".
pub fn agency_part(name: &str) -> &str {
    let mut name = name.trim();
    let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if let Some(n) = title_words(name) {
        let rest = name.splitn(n + 1, char::is_whitespace).nth(n).unwrap_or("");
        let rest = rest.trim_start();
        // The title heads a capitalised agency: "Giám đốc Sở", not "Trưởng thôn".
        if capital(rest) && rest.split_whitespace().count() >= 2 {
            name = rest;
        }
    }
    let mut cut = name.len();
    for (i, _) in name.match_indices(',') {
        let after = name[i + 1..].trim_start();
        if capital(after) && PARENT_AGENCIES.iter().any(|p| starts_with_words(after, p)) {
            cut = i;
            break;
        }
    }
    name[..cut].trim_end()
}

/// The comparable form of an agency name: folded, abbreviations expanded, punctuation gone.
pub fn normalise(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len() + 4);
    for w in words {
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.extend(full.split(' ')),
            None => out.push(w),
        }
    }
    out.join(" ")
}

#[derive(Debug, Clone)]
pub struct Agency {
    pub slug: String,
    pub name: String,
    /// Named in data/co-quan.yaml: its name is never replaced by a spelling found in content.
    pub declared: bool,
    /// Plans and commendations it issued.
    pub issued: Vec<PageId>,
    /// Directives it issued.
    pub directives: Vec<DirectiveId>,
    /// Models it runs.
    pub models: Vec<PageId>,
    /// Commendations it received (as a collective).
    pub commendations: Vec<PageId>,
    /// News items naming it (its name, or a spelling `data/co-quan.yaml` gives).
    pub news: Vec<PageId>,
}

/// The agencies of a site and the way from any spelling of a name to one of them.
#[derive(Debug, Default)]
pub struct Agencies {
    pub list: IdVec<AgencyId, Agency>,
    by_norm: HashMap<String, AgencyId>,
    /// `data/co-quan.yaml`, as read: `serve` makes the agencies again from it after an edit
    /// of what a page cites (`Site::recite`).
    pub entries: Vec<AgencyEntry>,
}

impl Agencies {
    /// Whether `other` has the same agencies, slugs, spellings and news: all that pages other
    /// than the agencies' own lists show of them (`render::deps::may_have_changed`).
    pub fn same_as_shown(&self, other: &Agencies) -> bool {
        self.by_norm == other.by_norm
            && self.list.len() == other.list.len()
            && self
                .list
                .iter()
                .zip(other.list.iter())
                .all(|(a, b)| a.slug == b.slug && a.name == b.name && a.news == b.news)
    }

    pub fn new(entries: &[AgencyEntry]) -> Self {
        let mut a = Agencies {
            entries: entries.to_vec(),
            ..Agencies::default()
        };
        for e in entries {
            let i = a.add(
                e.slug
                    .clone()
                    .map_or_else(|| slugify(&e.name), |s| slugify(&s)),
                e.name.clone(),
            );
            a.list[i].declared = true;
            for alias in &e.aliases {
                a.by_norm.entry(normalise(alias)).or_insert(i);
            }
        }
        a
    }

    fn add(&mut self, slug: String, name: String) -> AgencyId {
        let norm = normalise(&name);
        if let Some(&i) = self.by_norm.get(&norm) {
            return i;
        }
        let i = self.list.push(Agency {
            slug,
            name,
            declared: false,
            issued: vec![],
            directives: vec![],
            models: vec![],
            commendations: vec![],
            news: vec![],
        });
        self.by_norm.insert(norm, i);
        i
    }

    /// The agency a name refers to, added when not known yet. An agency found only in content
    /// is named by its fullest spelling ("Ủy ban nhân dân xã A" over "UBND xã A"), so its page
    /// does not depend on which file was read first.
    pub fn resolve(&mut self, name: &str) -> AgencyId {
        let i = self.find(name);
        let name = agency_part(name);
        match i {
            Some(i) => {
                let a = &mut self.list[i];
                let longer =
                    (name.chars().count(), name) > (a.name.chars().count(), a.name.as_str());
                if !a.declared && longer {
                    a.name = name.to_string();
                    a.slug = slugify(name);
                }
                i
            }
            None => self.add(slugify(name), name.to_string()),
        }
    }

    /// The agency a name refers to: as written (an alias may name an official, "Chủ tịch UBND
    /// tỉnh"), else the agency part of it (`agency_part`).
    pub fn find(&self, name: &str) -> Option<AgencyId> {
        self.by_norm
            .get(&normalise(name))
            .or_else(|| self.by_norm.get(&normalise(agency_part(name))))
            .copied()
    }

    /// Keeps agencies with something to show, in Vietnamese order, with unique slugs; every
    /// spelling that led to a kept agency still finds it.
    pub fn finish(&mut self) {
        // Each spelling, by the normalised name of the agency it leads to.
        let spellings: Vec<(String, String)> = self
            .by_norm
            .drain()
            .map(|(spelling, i)| (spelling, normalise(&self.list[i].name)))
            .collect();
        self.list.retain(|a| {
            !(a.issued.is_empty()
                && a.directives.is_empty()
                && a.models.is_empty()
                && a.commendations.is_empty()
                && a.news.is_empty())
        });
        self.list
            .sort_by(|a, b| crate::text::vi_cmp(&a.name, &b.name));
        let mut seen: HashMap<String, usize> = HashMap::new();
        for a in &mut self.list {
            let n = seen.entry(a.slug.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                a.slug = format!("{}-{n}", a.slug);
            }
        }
        let index: HashMap<String, AgencyId> = self
            .list
            .iter_enumerated()
            .map(|(i, a)| (normalise(&a.name), i))
            .collect();
        for (spelling, target) in spellings {
            if let Some(&i) = index.get(&target) {
                self.by_norm.insert(spelling, i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_match_full_names() {
        assert_eq!(
            normalise("UBND xã Thạch Lam"),
            normalise("Ủy ban nhân dân xã Thạch Lam")
        );
        assert_eq!(normalise("BCĐ 138 tỉnh"), normalise("Ban Chỉ đạo 138 tỉnh"));
        assert_eq!(
            normalise("CA tỉnh Sông Lam"),
            normalise("Công an tỉnh Sông Lam")
        );
        assert_ne!(normalise("UBND tỉnh"), normalise("HĐND tỉnh"));
    }

    #[test]
    fn the_agency_part_of_names_written_in_real_plans() {
        for (written, agency) in [
            // so-khcn-quang-ngai-2024.txt, ubnd-quang-ngai-2019-kl44.txt
            ("Bộ trưởng Bộ Công an", "Bộ Công an"),
            ("Chủ tịch UBND tỉnh", "UBND tỉnh"),
            // tests/references: bo-ldtbxh-2007-qd23-giam-ngheo.txt
            (
                "Bộ trưởng Bộ Lao động - Thương binh và Xã hội",
                "Bộ Lao động - Thương binh và Xã hội",
            ),
            ("Phó Chủ tịch Ủy ban nhân dân tỉnh Sông Lam", "Ủy ban nhân dân tỉnh Sông Lam"),
            ("Giám đốc Công an tỉnh", "Công an tỉnh"),
            ("Trưởng Ban Chỉ đạo 138 tỉnh", "Ban Chỉ đạo 138 tỉnh"),
            ("Bi thu Tinh uy Song Lam", "Tinh uy Song Lam"),
            // Issues documents of its own (…/TTg), apart from the Government.
            ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
            // "Trường" is a school, not "Trưởng"; a title before no agency stays.
            ("Trường Chính trị tỉnh", "Trường Chính trị tỉnh"),
            ("Trưởng thôn", "Trưởng thôn"),
            // content/mo-hinh/to-hoa-giai-diem-thon-dong-xuan.md
            (
                "Tổ hòa giải thôn Đông Xuân, UBND xã An Hòa",
                "Tổ hòa giải thôn Đông Xuân",
            ),
            ("Chi đoàn Sở Tư pháp, Đoàn khối các cơ quan tỉnh", "Chi đoàn Sở Tư pháp"),
            // thanh-tra-dong-thap-2024.txt: commas inside names.
            (
                "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc tỉnh",
                "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc tỉnh",
            ),
            (
                "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh",
                "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh",
            ),
        ] {
            assert_eq!(agency_part(written), agency, "{written}");
        }
    }

    #[test]
    fn an_official_and_an_alias_lead_to_the_declared_agency_by_its_name() {
        let entries = vec![AgencyEntry {
            name: "Bộ Công an".into(),
            aliases: vec!["Bộ trưởng Bộ Công an".into()],
            slug: None,
        }];
        let mut a = Agencies::new(&entries);
        let bca = a.resolve("Bộ trưởng Bộ Công an");
        assert_eq!(a.resolve("Bộ Công an"), bca);
        assert_eq!(a.list[bca].name, "Bộ Công an", "a declared name is kept");
        // Without the data file: one agency, named without the title.
        let mut a = Agencies::new(&[]);
        let so = a.resolve("Giám đốc Sở Y tế");
        assert_eq!(a.resolve("Sở Y tế"), so);
        assert_eq!(a.list[so].name, "Sở Y tế");
        // "hòa" and "hoà", NFD or not: one agency.
        let to = a.resolve("Tổ hòa giải thôn Đông Xuân");
        assert_eq!(a.resolve("Tổ hoà giải thôn Đông Xuân"), to);
        assert_eq!(a.resolve("To hoa giai thon Dong Xuan, UBND xa An Hoa"), to);
    }

    #[test]
    fn aliases_from_the_data_file() {
        let entries = vec![AgencyEntry {
            name: "Ban Bí thư Trung ương Đảng".into(),
            aliases: vec!["Ban Bí thư".into()],
            slug: None,
        }];
        let mut a = Agencies::new(&entries);
        assert_eq!(a.resolve("ban bí thư").index(), 0);
        assert_eq!(a.resolve("Ban Bí thư Trung ương Đảng").index(), 0);
        assert_eq!(a.resolve("Bộ Công an").index(), 1);
    }

    #[test]
    fn the_agencies_pass_gathers_what_each_agency_issued_runs_and_received() {
        let input = crate::graph::testing::load(&[
            (
                "ke-hoach/a.md",
                "---\ntitle: A\ndate: 2024-01-01\nissuer: \"UBND xã Thạch Lam\"\n---\n",
            ),
            (
                "mo-hinh/m.md",
                "---\ntitle: M\ndate: 2023-01-01\ncategory: tu-phong\nunit: \"Ủy ban nhân dân xã Thạch Lam\"\n---\n",
            ),
            ("ke-hoach/b.md", "---\ntitle: B\ndate: 2024-02-01\n---\n"),
        ]);
        let pages = crate::graph::pages::build(input.pages, input.findings, input.sections);
        let agencies = build(&[], &pages, &IdVec::new());
        // One agency however it is spelt, named by its fullest spelling.
        assert_eq!(agencies.list.len(), 1);
        let (id, a) = agencies.list.iter_enumerated().next().expect("an agency");
        assert_eq!(a.name, "Ủy ban nhân dân xã Thạch Lam");
        let title = |p: &PageId| pages[*p].title.clone();
        assert_eq!(a.issued.iter().map(title).collect::<Vec<_>>(), ["A"]);
        assert_eq!(a.models.iter().map(title).collect::<Vec<_>>(), ["M"]);
        assert_eq!(agencies.find("UBND xã Thạch Lam"), Some(id));
    }
}
