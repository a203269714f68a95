//! Watching the site's files: `classify` (pure) says what a changed path means for the build;
//! `watch` turns file events into debounced batches of changes.

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What a changed file means for the build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A Markdown file of `content/` (relative to the root): re-read it alone.
    Content(PathBuf),
    /// A template or theme file: re-render every page, without reloading content.
    Templates,
    /// A file of `static/`: copy the static files again.
    Static,
    /// The config, `data/`, an attachment or a folder of `content/`: rebuild everything.
    Full,
}

/// Folders of the site that are watched (recursively), besides `bangtin.yaml`.
pub const WATCHED: [&str; 5] = ["content", "templates", "themes", "static", "data"];

/// What a change of a whole watched folder (created, deleted, renamed, replaced) means.
pub fn folder_change(dir: &str) -> Change {
    match dir {
        "templates" | "themes" => Change::Templates,
        "static" => Change::Static,
        _ => Change::Full,
    }
}

/// The watched folder `rel` names itself (not a file in it), if any.
fn watched_folder(rel: &Path) -> Option<&'static str> {
    let mut parts = rel.components();
    let first = match parts.next()? {
        Component::Normal(s) => s.to_str()?,
        _ => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    WATCHED.iter().copied().find(|d| *d == first)
}

/// Editors' temporary and backup files: vim (`.swp`, `4913`, `~`), emacs (`.#x`, `#x#`),
/// JetBrains (`___jb_tmp___`), and other hidden files.
pub fn is_temp_file(name: &str) -> bool {
    // GNU `sed -i` writes `sedXXXXXX` beside the file, then renames it.
    let sed = name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric());
    sed || name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// What a change of `rel` (a path relative to the site root) means; `None` to ignore it.
pub fn classify(rel: &Path) -> Option<Change> {
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let name = *parts.last()?;
    if is_temp_file(name) {
        return None;
    }
    match parts.as_slice() {
        ["bangtin.yaml"] => Some(Change::Full),
        // A watched folder itself: created, deleted, moved away or back.
        [dir] => WATCHED.contains(dir).then(|| folder_change(dir)),
        ["content", ..] if crate::content::is_content_file(rel) => {
            Some(Change::Content(rel.to_path_buf()))
        }
        // An attachment (its size is shown on the page) or a folder (moved with its pages).
        ["content", ..] => Some(Change::Full),
        ["templates", ..] | ["themes", ..] => Some(Change::Templates),
        ["static", ..] => Some(Change::Static),
        ["data", ..] => Some(Change::Full),
        _ => None,
    }
}

/// Sorts and de-duplicates a batch; a full rebuild makes the rest moot.
pub fn merge(mut changes: Vec<Change>) -> Vec<Change> {
    if changes.contains(&Change::Full) {
        return vec![Change::Full];
    }
    changes.sort();
    changes.dedup();
    changes
}

/// How long the files must be quiet before a batch is rebuilt: editors write a file in
/// several steps (temporary file, rename, chmod).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Watches `root` and calls `on_batch` with each debounced batch of changes, until `stop` is
/// set. Blocks; run it on its own thread. `ready` is called once the folders are watched, so
/// that no edit made after it is missed.
pub fn watch(
    root: &Path,
    stop: &AtomicBool,
    ready: impl FnOnce(),
    mut on_batch: impl FnMut(Vec<Change>),
) -> Result<(), crate::diag::Diagnostic> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        // The receiver is gone only when watching stops.
        let _ = tx.send(ev);
    })
    .map_err(|e| {
        crate::diag::Diagnostic::error(&root, format!("không theo dõi được thư mục: {e}"))
    })?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            crate::diag::Diagnostic::error(&root, format!("không theo dõi được thư mục: {e}"))
        })?;
    // Each watched folder is watched on its own: watching the root recursively would watch
    // the output, `.git/` and `target/` too (thousands of folders, each an inotify watch).
    // The root is watched (not recursively) to see these folders come and go: a folder
    // deleted or moved away loses its watch, and one created or moved back gets a new one,
    // after which it is read again whole (what was written into it before the watch was set
    // has sent no event). A check every half second catches what the events missed.
    let mut armed: BTreeSet<&'static str> = BTreeSet::new();
    arm(&mut watcher, &root, &mut armed, &BTreeSet::new());
    ready();
    loop {
        // Wake up now and then so a stopped server ends this loop even when nothing changes.
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(ev) => ev,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let changes = arm(&mut watcher, &root, &mut armed, &BTreeSet::new());
                if !changes.is_empty() {
                    on_batch(merge(changes));
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        let mut events = vec![first];
        let mut quiet_since = Instant::now();
        while quiet_since.elapsed() < DEBOUNCE {
            match rx.recv_timeout(DEBOUNCE.saturating_sub(quiet_since.elapsed())) {
                Ok(ev) => {
                    events.push(ev);
                    quiet_since = Instant::now();
                }
                Err(_) => break,
            }
        }
        let mut changes = Vec::new();
        // Watched folders created, deleted or renamed in this batch: watched again.
        let mut replaced = BTreeSet::new();
        for ev in events {
            let ev = match ev {
                Ok(ev) => ev,
                Err(e) => {
                    eprintln!("lỗi theo dõi tệp: {e}");
                    // Some events may be lost (e.g. the limit of watches): read everything.
                    changes.push(Change::Full);
                    continue;
                }
            };
            if ev.kind.is_access() {
                continue;
            }
            if ev.need_rescan() {
                // The system dropped events: only a full rebuild is sure to be up to date.
                changes.push(Change::Full);
            }
            let whole = matches!(
                ev.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(ModifyKind::Name(_))
            );
            for p in &ev.paths {
                let rel = p.strip_prefix(&root).unwrap_or(p);
                if whole {
                    replaced.extend(watched_folder(rel));
                }
                if let Some(c) = classify(rel) {
                    changes.push(c);
                }
            }
        }
        changes.extend(arm(&mut watcher, &root, &mut armed, &replaced));
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if !changes.is_empty() {
            on_batch(merge(changes));
        }
    }
}

/// Brings the watches in line with the watched folders on disk: a folder that appeared, or
/// is in `replaced`, is watched (again); one that vanished is no longer. Returns the changes
/// this means for the build (a folder that appeared is read whole, after its watch is set, so
/// that nothing written into it is missed).
fn arm(
    watcher: &mut impl Watcher,
    root: &Path,
    armed: &mut BTreeSet<&'static str>,
    replaced: &BTreeSet<&'static str>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for dir in WATCHED {
        let path = root.join(dir);
        let present = path.is_dir();
        let was = armed.contains(dir);
        if present == was && !(present && replaced.contains(dir)) {
            continue;
        }
        if was {
            // Already gone when the folder was deleted or moved: nothing to undo then.
            let _ = watcher.unwatch(&path);
            armed.remove(dir);
        }
        if present {
            match watcher.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => {
                    armed.insert(dir);
                }
                Err(e) => eprintln!("không theo dõi được thư mục {dir}/: {e}"),
            }
        }
        changes.push(folder_change(dir));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(p: &str) -> Option<Change> {
        classify(Path::new(p))
    }

    #[test]
    fn content_pages_are_reread_alone() {
        assert_eq!(
            c("content/ke-hoach/a.md"),
            Some(Change::Content("content/ke-hoach/a.md".into()))
        );
        assert_eq!(
            c("content/_index.md"),
            Some(Change::Content("content/_index.md".into()))
        );
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for p in [
            "content/ke-hoach/.a.md.swp",
            "content/ke-hoach/a.md~",
            "content/ke-hoach/.#a.md",
            "content/ke-hoach/4913",
            "content/ke-hoach/#a.md#",
            "templates/page.html.swp",
            "static/style.css___jb_tmp___",
            "content/ke-hoach/.hidden.md",
            "content/ke-hoach/sedG4kQ2x",
        ] {
            assert_eq!(c(p), None, "{p}");
        }
    }

    #[test]
    fn other_site_files() {
        assert_eq!(c("bangtin.yaml"), Some(Change::Full));
        assert_eq!(c("data/co-quan.yaml"), Some(Change::Full));
        assert_eq!(c("content/ke-hoach/kh.pdf"), Some(Change::Full));
        assert_eq!(c("content/ke-hoach"), Some(Change::Full));
        assert_eq!(c("templates/page.html"), Some(Change::Templates));
        assert_eq!(
            c("themes/default/static/style.css"),
            Some(Change::Templates)
        );
        assert_eq!(c("static/logo.png"), Some(Change::Static));
    }

    #[test]
    fn a_watched_folder_itself_is_read_again_whole() {
        assert_eq!(c("content"), Some(Change::Full));
        assert_eq!(c("data"), Some(Change::Full));
        assert_eq!(c("templates"), Some(Change::Templates));
        assert_eq!(c("themes"), Some(Change::Templates));
        assert_eq!(c("static"), Some(Change::Static));
        for p in ["public", "c", ".git", "target"] {
            assert_eq!(c(p), None, "{p}");
        }
        assert_eq!(watched_folder(Path::new("templates")), Some("templates"));
        assert_eq!(watched_folder(Path::new("templates/page.html")), None);
        assert_eq!(watched_folder(Path::new("public")), None);
    }

    #[test]
    fn output_and_unrelated_files_are_ignored() {
        for p in [
            "public/index.html",
            "target/debug/bangtin",
            ".git/index",
            "README.md",
            "../content/a.md",
            "/etc/passwd",
        ] {
            assert_eq!(c(p), None, "{p}");
        }
    }

    #[test]
    fn a_full_rebuild_absorbs_the_rest() {
        assert_eq!(
            merge(vec![
                Change::Content("content/a.md".into()),
                Change::Full,
                Change::Static
            ]),
            vec![Change::Full]
        );
        assert_eq!(
            merge(vec![Change::Static, Change::Templates, Change::Static]),
            vec![Change::Templates, Change::Static]
        );
    }
}
