//! Templates and theme assets: the default theme is embedded in the binary; a site's
//! `themes/<name>/` on disk replaces it, and the site's `templates/` override by name.

use crate::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, embedded so `bangtin` works without the theme on disk.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed![
    "base.html",
    "index.html",
    "page.html",
    "plan.html",
    "model.html",
    "commendation.html",
    "event.html",
    "news.html",
    "directive.html",
    "directives.html",
    "list.html",
    "terms.html",
    "agency.html",
    "calendar_month.html",
    "calendar_year.html",
    "calendar_day.html",
    "404.html",
    "alias.html",
    "search.html",
    "partials/item.html",
    "partials/pagination.html",
    "partials/article_tools.html",
    "partials/related.html",
];

/// The default theme's static files.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "print.css",
        include_bytes!("../../themes/default/static/print.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "tools.js",
        include_bytes!("../../themes/default/static/tools.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

/// A template's name and source, and the file it came from (for error messages).
#[derive(Clone)]
pub struct TemplateSource {
    pub name: String,
    pub text: String,
    pub path: PathBuf,
}

/// A static asset of the theme: its path in the output and where its bytes are.
pub enum Asset {
    Embedded(&'static str, &'static [u8]),
    File(String, PathBuf),
}

/// Collects the templates and theme assets for a site.
pub fn load(
    root: &Path,
    theme: &str,
    diags: &mut Diagnostics,
) -> (Vec<TemplateSource>, Vec<Asset>) {
    let mut templates: Vec<TemplateSource> = Vec::new();
    let mut assets = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        read_dir_templates(root, &theme_dir.join("templates"), &mut templates, diags);
        let static_dir = Path::new("themes").join(theme).join("static");
        let (files, problems) = crate::content::files::walk(root, &static_dir);
        diags.extend(problems);
        for rel in files {
            assets.push(Asset::File(
                rel.to_string_lossy().replace('\\', "/"),
                root.join(&static_dir).join(rel),
            ));
        }
    } else if theme != "default" {
        diags.push(
            Diagnostic::error(
                "bangtin.yaml",
                format!("không tìm thấy giao diện `{theme}` (thư mục themes/{theme}/)"),
            )
            .help("dùng `theme: default` hoặc đặt giao diện vào thư mục themes/"),
        );
    }
    // Anything the theme on disk lacks comes from the embedded default.
    for (name, text) in DEFAULT_TEMPLATES {
        if !templates.iter().any(|t| t.name == *name) {
            templates.push(TemplateSource {
                name: name.to_string(),
                text: text.to_string(),
                path: PathBuf::from(format!("themes/default/templates/{name}")),
            });
        }
    }
    for (name, bytes) in DEFAULT_STATIC {
        if !assets
            .iter()
            .any(|a| matches!(a, Asset::File(n, _) if n == name))
        {
            assets.push(Asset::Embedded(name, bytes));
        }
    }
    // The site's own templates win over the theme's.
    let mut own = Vec::new();
    read_dir_templates(root, &root.join("templates"), &mut own, diags);
    for t in own {
        templates.retain(|x| x.name != t.name);
        templates.push(t);
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    (templates, assets)
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

fn read_dir_templates(
    root: &Path,
    dir: &Path,
    out: &mut Vec<TemplateSource>,
    diags: &mut Diagnostics,
) {
    let (files, problems) = crate::content::files::walk(root, &rel(root, dir));
    diags.extend(problems);
    for file in files {
        let name = file.to_string_lossy().replace('\\', "/");
        let full = dir.join(&file);
        let path = rel(root, &full);
        match std::fs::read(&full) {
            Ok(bytes) => match crate::content::decode_text(&path, &bytes) {
                Ok(text) => out.push(TemplateSource { name, text, path }),
                Err(d) => diags.push(d),
            },
            Err(err) => diags.push(Diagnostic::io(&path, &err)),
        }
    }
}

#[cfg(test)]
mod tests;
