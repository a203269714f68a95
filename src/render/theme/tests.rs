//! The theme contract (`themes/README.md`) kept honest: every template is documented, and every
//! variable a template receives, down to the fields of nested views, is documented, and nothing
//! documented is missing. The variables are not listed here by hand: the example site is built
//! with every template replaced by one that writes out the names it was given.

use super::DEFAULT_TEMPLATES;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One documented thing: a template or a view, with its variables (fields) and their types.
#[derive(Debug, Default)]
struct Section {
    vars: BTreeMap<String, String>,
}

/// What `themes/README.md` documents.
#[derive(Debug, Default)]
struct Contract {
    /// Variables every template gets.
    globals: BTreeMap<String, String>,
    /// `### \`list.html\``: its variables.
    templates: BTreeMap<String, Section>,
    /// `### \`PageView\``: its fields.
    views: BTreeMap<String, Section>,
}

const GLOBALS_HEADING: &str = "Variables every template gets";

/// Reads the README's headings and the tables under them: a row `| \`name\` | type | meaning |`
/// documents `name` in the nearest heading above it.
fn contract() -> Contract {
    let path = repo().join("themes/README.md");
    let text = std::fs::read_to_string(&path).expect("themes/README.md exists");
    let mut c = Contract::default();
    enum Under {
        Nothing,
        Globals,
        Template(String),
        View(String),
    }
    let mut under = Under::Nothing;
    for line in text.lines() {
        if line.starts_with('#') {
            let heading = line.trim_start_matches('#').trim();
            let name = heading.split('`').nth(1).unwrap_or("");
            under = if heading.contains(GLOBALS_HEADING) {
                Under::Globals
            } else if line.starts_with("### ") && name.ends_with(".html") {
                c.templates.entry(name.to_string()).or_default();
                Under::Template(name.to_string())
            } else if line.starts_with("### ")
                && name.starts_with(|ch: char| ch.is_ascii_uppercase())
                && name.chars().all(|ch| ch.is_ascii_alphanumeric())
            {
                c.views.entry(name.to_string()).or_default();
                Under::View(name.to_string())
            } else {
                Under::Nothing
            };
            continue;
        }
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').collect();
        let (Some(name), Some(ty)) = (cells.first(), cells.get(1)) else {
            continue;
        };
        let name = name.trim().trim_end_matches('`').to_string();
        let ty = ty.trim().replace('`', "");
        match &under {
            Under::Nothing => {}
            Under::Globals => {
                c.globals.insert(name, ty);
            }
            Under::Template(t) => {
                c.templates
                    .entry(t.clone())
                    .or_default()
                    .vars
                    .insert(name, ty);
            }
            Under::View(v) => {
                c.views.entry(v.clone()).or_default().vars.insert(name, ty);
            }
        }
    }
    c
}

impl Contract {
    /// The view a documented type names (`[ItemView]`, `Link?`), if it names one.
    fn view_of(&self, ty: &str) -> Option<&str> {
        let name: String = ty
            .trim_start_matches('[')
            .chars()
            .take_while(|ch| ch.is_ascii_alphanumeric())
            .collect();
        self.views.get_key_value(&name).map(|(k, _)| k.as_str())
    }
}

fn files_under(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
    for e in std::fs::read_dir(dir).expect("templates folder") {
        let e = e.expect("entry");
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            files_under(&e.path(), &format!("{prefix}{name}/"), out);
        } else {
            out.insert(format!("{prefix}{name}"));
        }
    }
}

#[test]
fn every_template_of_the_default_theme_is_documented_and_every_documented_one_exists() {
    let mut on_disk = BTreeSet::new();
    files_under(&repo().join("themes/default/templates"), "", &mut on_disk);
    let embedded: BTreeSet<String> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(
        on_disk, embedded,
        "every file of themes/default/templates/ is embedded (DEFAULT_TEMPLATES) and only those"
    );
    let documented: BTreeSet<String> = contract().templates.into_keys().collect();
    let missing: Vec<_> = on_disk.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&on_disk).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "themes/README.md: templates without a section: {missing:?}; sections without a template: {stale:?}"
    );
}

#[test]
fn every_static_file_of_the_default_theme_is_embedded() {
    // A file missing here is a 404 on every page of a site without its own theme folder (as
    // `tools.js` was on every `bangtin init` site).
    let mut on_disk = BTreeSet::new();
    files_under(&repo().join("themes/default/static"), "", &mut on_disk);
    let embedded: BTreeSet<String> = super::DEFAULT_STATIC
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(
        on_disk, embedded,
        "every file of themes/default/static/ is embedded (DEFAULT_STATIC) and only those"
    );
}

/// What the tracer writes where a value nests deeper than it looks.
const TOO_DEEP: &str = "!nested-deeper-than-traced";

/// A template that writes the dotted path of every value it receives (lists are looked
/// through, `t` is not: it is a dictionary of UI strings), `depth` levels deep.
fn tracer(name: &str, depth: usize) -> String {
    fn descend(level: usize, depth: usize, value: &str, keys: &[String]) -> String {
        if level > depth {
            // Deeper than traced: say so, rather than pass unchecked.
            return format!(
                "{{% if {value} is map or {value} is array %}}{TOO_DEEP}\n{{% endif %}}"
            );
        }
        let (k, v) = (format!("k{level}"), format!("v{level}"));
        let mut path_keys = keys.to_vec();
        path_keys.push(k.clone());
        let path = path_keys
            .iter()
            .map(|k| format!("{{{{ {k} }}}}"))
            .collect::<Vec<_>>()
            .join(".");
        format!(
            "{{% if {value} is map %}}{{% for {k}, {v} in {value} %}}{path}\n{}{{% endfor %}}\
             {{% elif {value} is array %}}{{% for {v} in {value} %}}{}{{% endfor %}}{{% endif %}}",
            descend(level + 1, depth, &v, &path_keys),
            descend(level + 1, depth, &v, keys),
        )
    }
    format!(
        "@{name}\n{{% for k0, v0 in __tera_context %}}{{{{ k0 }}}}\n{{% if k0 != \"t\" %}}{}{{% endif %}}{{% endfor %}}",
        descend(1, depth, "v0", &["k0".to_string()])
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

/// The dotted paths each template was given, over every page of the example site.
fn traced_contexts() -> BTreeMap<String, BTreeSet<String>> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    for dir in ["content", "data", "static"] {
        copy_dir(&repo().join(dir), &root.join(dir));
    }
    let config = std::fs::read_to_string(repo().join("bangtin.yaml")).expect("bangtin.yaml");
    std::fs::write(
        root.join("bangtin.yaml"),
        config.replace("minify: true", "minify: false"),
    )
    .expect("write config");
    for (name, _) in DEFAULT_TEMPLATES {
        if name.starts_with("partials/") || *name == "base.html" {
            continue; // included or extended, never rendered on their own
        }
        let path = root.join("templates").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, tracer(name, 8)).expect("write template");
    }
    let today = jiff::civil::date(2025, 6, 1);
    let opts = crate::build::BuildOptions::new(root, today);
    let (report, files) = crate::build::render_to_memory(&opts);
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        let mut lines = text.lines();
        let Some(template) = lines.next().and_then(|l| l.strip_prefix('@')) else {
            continue;
        };
        assert!(path.ends_with(".html"), "{path}");
        seen.entry(template.to_string())
            .or_default()
            .extend(lines.map(str::to_string));
    }
    seen
}

#[test]
fn every_variable_a_template_receives_is_documented_and_every_documented_one_is_given() {
    let c = contract();
    let seen = traced_contexts();
    let mut problems = Vec::new();
    for (template, section) in &c.templates {
        if template.starts_with("partials/") || template == "base.html" {
            continue;
        }
        if seen
            .get(template)
            .is_some_and(|p| p.iter().any(|p| p == TOO_DEEP))
        {
            problems.push(format!("{template}: a variable nests deeper than the test traces; raise the depth of `tracer`"));
        }
        let Some(paths) = seen.get(template) else {
            problems.push(format!(
                "{template}: the example site renders no page with it, so its variables go unchecked"
            ));
            continue;
        };
        // The documented type of every path given, and the fields seen under each view.
        let mut fields_seen: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        let mut types: BTreeMap<String, String> = BTreeMap::new();
        for path in paths {
            if path == TOO_DEEP {
                continue;
            }
            let (parent, name) = match path.rsplit_once('.') {
                Some((p, n)) => (Some(p), n),
                None => (None, path.as_str()),
            };
            let ty = match parent {
                None => section.vars.get(name).or_else(|| c.globals.get(name)),
                Some(p) => {
                    let Some(parent_ty) = types.get(p) else {
                        continue; // its parent was already reported
                    };
                    let Some(view) = c.view_of(parent_ty) else {
                        problems.push(format!(
                            "{template}: `{p}` is documented as `{parent_ty}` but has fields (`{name}`)"
                        ));
                        continue;
                    };
                    fields_seen
                        .entry((p.to_string(), view.to_string()))
                        .or_default()
                        .insert(name.to_string());
                    c.views[view].vars.get(name)
                }
            };
            match ty {
                Some(ty) => {
                    types.insert(path.clone(), ty.clone());
                }
                None => problems.push(format!("{template}: `{path}` is given but not documented")),
            }
        }
        let top: BTreeSet<&str> = paths
            .iter()
            .filter(|p| !p.contains('.'))
            .map(String::as_str)
            .collect();
        for name in section.vars.keys().chain(c.globals.keys()) {
            if !top.contains(name.as_str()) {
                problems.push(format!("{template}: `{name}` is documented but not given"));
            }
        }
        for ((path, view), fields) in &fields_seen {
            for name in c.views[view].vars.keys() {
                if !fields.contains(name) {
                    problems.push(format!(
                        "{template}: `{path}` ({view}) has no field `{name}`, which is documented"
                    ));
                }
            }
        }
    }
    for template in seen.keys() {
        if !c.templates.contains_key(template) {
            problems.push(format!("{template} is rendered but has no section"));
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "themes/README.md disagrees with what templates receive:\n{}",
        problems.join("\n")
    );
}
