//! Which files of the site folder bangtin may read and publish: one decision, shared by
//! pages (`content/`), static files (`static/`, a theme's `static/`) and attachments, so a
//! file is never listed by one and refused by another.
//!
//! Nothing outside the site folder is ever published. A symbolic link to a file that lies
//! inside the site folder is followed (as Zola does); a link that leads outside it, a broken
//! or looping link, and a link to a folder are refused with an error naming the link.
//! Links to folders are refused rather than walked so that no walk can loop.

use crate::diag::Diagnostic;
use std::path::{Component, Path, PathBuf};

pub const HELP: &str = "thay liên kết tượng trưng bằng chính tệp đó (sao chép tệp vào thư mục của trang), hoặc xóa liên kết";

/// Checks that `rel` (relative to `root`, e.g. `content/a/b.md`) is a file bangtin may read:
/// no folder on the way is a symbolic link, and if the file itself is one, it leads to a
/// file inside the site folder. `Ok(false)` when there is nothing at `rel` (or it is a
/// folder): the caller decides whether that is an error.
pub fn check(root: &Path, rel: &Path) -> Result<bool, Diagnostic> {
    let mut at = root.to_path_buf();
    let mut shown = PathBuf::new();
    let parts: Vec<_> = rel
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        shown.push(part);
        let meta = match std::fs::symlink_metadata(&at) {
            Ok(m) => m,
            Err(_) => return Ok(false),
        };
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return follow(root, &at, &shown, last);
        }
        if last {
            return Ok(meta.is_file());
        }
    }
    Ok(false)
}

/// Decides on the symbolic link at `at` (shown to the editor as `shown`).
fn follow(root: &Path, at: &Path, shown: &Path, last: bool) -> Result<bool, Diagnostic> {
    let refuse = |why: String| Err(Diagnostic::error(shown, why).help(HELP));
    let target = match std::fs::canonicalize(at) {
        Ok(t) => t,
        Err(e) => {
            return refuse(format!(
                "liên kết tượng trưng (symlink) hỏng hoặc trỏ vòng, bangtin không đọc được: {e}"
            ))
        }
    };
    let inside = std::fs::canonicalize(root).is_ok_and(|r| target.starts_with(r));
    if !inside {
        return refuse(format!(
            "liên kết tượng trưng (symlink) trỏ ra ngoài thư mục trang (tới `{}`): bangtin không đăng tệp nằm ngoài thư mục trang",
            target.display()
        ));
    }
    if !last || target.is_dir() {
        return refuse(
            "liên kết tượng trưng (symlink) tới một thư mục: bangtin chỉ theo liên kết tới tệp"
                .to_string(),
        );
    }
    Ok(target.is_file())
}

/// Every file under `dir` (relative to `root`, e.g. `static`), in path order, as paths
/// relative to `dir`, with what `check` refuses reported and left out. A missing `dir`
/// holds nothing.
pub fn walk(root: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if dir.components().any(|c| !matches!(c, Component::Normal(_))) {
        return (files, problems);
    }
    match check_dir(root, dir) {
        Ok(true) => {}
        Ok(false) => return (files, problems),
        Err(d) => return (files, vec![d]),
    }
    let base = root.join(dir);
    for e in walkdir::WalkDir::new(&base)
        .min_depth(1)
        .sort_by_file_name()
    {
        match e {
            Ok(e) if e.file_type().is_file() => {
                files.push(
                    e.path()
                        .strip_prefix(&base)
                        .unwrap_or(e.path())
                        .to_path_buf(),
                );
            }
            Ok(e) if e.path_is_symlink() => {
                let inner = e.path().strip_prefix(&base).unwrap_or(e.path());
                match follow(root, e.path(), &dir.join(inner), true) {
                    Ok(true) => files.push(inner.to_path_buf()),
                    Ok(false) => {}
                    Err(d) => problems.push(d),
                }
            }
            Ok(_) => {}
            Err(err) => {
                let at = err
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| dir.to_path_buf());
                problems.push(Diagnostic::error(at, format!("không đọc được: {err}")));
            }
        }
    }
    (files, problems)
}

/// Whether `dir` is a folder that may be walked: present, and neither it nor a folder above
/// it (inside the site) is a symbolic link leading elsewhere.
fn check_dir(root: &Path, dir: &Path) -> Result<bool, Diagnostic> {
    let mut at = root.to_path_buf();
    let mut shown = PathBuf::new();
    for part in dir
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
    {
        at.push(part);
        shown.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Diagnostic::error(
                    &shown,
                    "thư mục này là một liên kết tượng trưng (symlink): bangtin không theo liên kết tới thư mục",
                )
                .help("thay liên kết tượng trưng bằng chính thư mục đó"));
            }
            Ok(m) if m.is_dir() => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_are_followed_outside_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("static/a")).expect("mkdir");
        std::fs::write(root.join("static/a/real.pdf"), b"x").expect("write");
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret"), b"s").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(root.join("static/a/real.pdf"), root.join("static/in.pdf")).expect("link");
            symlink(outside.path().join("secret"), root.join("static/out.pdf")).expect("link");
            symlink(root.join("nowhere"), root.join("static/broken.pdf")).expect("link");
            symlink(root.join("static/a"), root.join("static/dir")).expect("link");
            let (files, problems) = walk(root, Path::new("static"));
            let files: Vec<_> = files
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            assert_eq!(files, ["a/real.pdf", "in.pdf"]);
            let named: Vec<_> = problems.iter().map(|d| d.path.clone()).collect();
            assert_eq!(
                named,
                [
                    PathBuf::from("static/broken.pdf"),
                    PathBuf::from("static/dir"),
                    PathBuf::from("static/out.pdf")
                ]
            );
            assert!(check(root, Path::new("static/in.pdf")).expect("inside"));
            assert!(check(root, Path::new("static/out.pdf")).is_err());
            assert!(check(root, Path::new("static/dir/real.pdf")).is_err());
            assert!(!check(root, Path::new("static/none.pdf")).expect("absent"));
        }
    }
}
