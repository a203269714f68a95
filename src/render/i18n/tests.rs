use super::*;
use crate::render::theme::DEFAULT_TEMPLATES;

#[test]
fn every_key_the_default_templates_read_exists_in_both_languages() {
    let mut used = 0;
    for (name, text) in DEFAULT_TEMPLATES {
        for key in template_keys(text) {
            assert!(
                has(key),
                "{name} reads `t.{key}`, which render/i18n.rs lacks"
            );
            assert!(!get(Language::Vi, key).is_empty(), "{key} (vi)");
            assert!(!get(Language::En, key).is_empty(), "{key} (en)");
            used += 1;
        }
    }
    // The scan finds what templates read (the default theme reads over a hundred).
    assert!(used > 100, "{used}");
    assert_eq!(
        template_keys("{{ t.home }} {{ it.date }} {{ t.a_b }}"),
        ["home", "a_b"]
    );
}

#[test]
fn every_key_is_translated_once() {
    for (i, (key, vi, en)) in STRINGS.iter().enumerate() {
        assert!(!vi.is_empty() && !en.is_empty(), "{key}");
        assert!(STRINGS[..i].iter().all(|(k, _, _)| k != key), "{key} twice");
    }
}

/// Keys the code builds from its own types.
#[test]
fn typed_keys_exist() {
    for k in crate::content::Kind::ALL {
        assert!(has(&format!("kind_{}", k.key())), "{k:?}");
    }
    for k in crate::content::RecipientKind::ALL {
        assert!(has(k.key()), "{k:?}");
    }
}

/// Every literal key the Rust code passes to `i18n::get`.
#[test]
fn keys_written_in_the_code_exist() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = 0;
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            if path.ends_with("i18n/tests.rs") {
                continue;
            }
            // `i18n::get(lang, "key")`, and `self.t("key")` where a builder wraps it.
            let get = text.split("i18n::get(").skip(1).filter_map(|call| {
                let arg = call.split(')').next()?.split_once(',')?.1.trim();
                arg.strip_prefix('"')?.strip_suffix('"')
            });
            let t = (text.split(".t(\"").skip(1)).filter_map(|call| call.split('"').next());
            for key in get.chain(t) {
                assert!(has(key), "{}: i18n key \"{key}\"", path.display());
                found += 1;
            }
        }
    }
    assert!(found > 15, "{found}");
}

/// A theme that misspells a key gets an error naming the key, its template and line.
#[test]
fn a_misspelt_key_in_a_template_is_an_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    std::fs::write(root.join("bangtin.yaml"), "title: x\nbase_url: /\n").expect("write");
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    std::fs::write(
        root.join("templates/index.html"),
        "<html>\n<h1>{{ t.home }}</h1>\n<p>{{ t.lastest_plans }}</p>\n</html>\n",
    )
    .expect("write");
    let mut opts = crate::build::BuildOptions::new(root, jiff::civil::Date::constant(2025, 6, 1));
    opts.output = Some(root.join("public"));
    let report = crate::build::check(&opts);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("lastest_plans"))
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert_eq!(d.path, std::path::Path::new("templates/index.html"));
    assert_eq!(d.line, Some(3), "{d}");
    assert!(d.message.contains("`t.lastest_plans`"), "{d}");
    assert!(!d.message.contains("Available fields"), "{d}");
    assert!(
        d.help.as_deref().unwrap_or("").contains("`t.latest_plans`"),
        "{d}"
    );
}
