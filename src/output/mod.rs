//! Output: writes a build into a staging folder beside the output, then swaps it in only when
//! the build succeeded. bangtin deletes nothing it did not write: an output folder must be
//! empty, absent, or hold only files listed in bangtin's manifest, unless `--force`.

use crate::diag::Diagnostic;
use crate::render::Sink;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The manifest bangtin leaves in every output folder: the files it wrote, one per line.
pub const MANIFEST: &str = ".bangtin-output";

/// A sink writing into a folder. Writing one path twice is an error (two sources claim it).
pub struct DirSink {
    dir: PathBuf,
    written: Mutex<BTreeSet<String>>,
    /// Folders made so far: each is made once, not once for each file in it.
    made: Mutex<std::collections::HashSet<PathBuf>>,
}

fn safe_rel(path: &str) -> Result<&Path, Diagnostic> {
    let p = Path::new(path);
    if path.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Diagnostic::error(
            path,
            "đường dẫn ra không hợp lệ (ra ngoài thư mục kết quả)",
        ));
    }
    Ok(p)
}

impl DirSink {
    pub fn new(dir: PathBuf) -> Self {
        DirSink {
            dir,
            written: Mutex::new(BTreeSet::new()),
            made: Mutex::new(std::collections::HashSet::new()),
        }
    }

    fn claim(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        let rel = safe_rel(path)?;
        let mut w = self
            .written
            .lock()
            .map_err(|_| Diagnostic::error(path, "lỗi nội bộ khi ghi"))?;
        if !w.insert(path.to_string()) {
            return Err(Diagnostic::error(path, format!("đường dẫn /{path} được tạo hai lần"))
                .help("một trang trong content/ hoặc một tệp trong static/ trùng đường dẫn với trang bangtin tự tạo (ví dụ /lich/, /van-ban/, /tim-kiem/): đổi tên tệp hoặc đặt `slug:` khác"));
        }
        drop(w);
        let full = self.dir.join(rel);
        if let Some(parent) = full.parent() {
            let made = self.made.lock().is_ok_and(|m| m.contains(parent));
            if !made {
                std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(parent.to_path_buf());
                }
            }
        }
        Ok(full)
    }

    pub fn written(&self) -> BTreeSet<String> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let full = self.claim(path)?;
        std::fs::write(&full, bytes).map_err(|e| Diagnostic::io(&full, &e))
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let full = self.claim(path)?;
        std::fs::copy(from, &full)
            .map(|_| ())
            .map_err(|e| Diagnostic::io(from, &e))
    }

    fn has(&self, path: &str) -> bool {
        self.written.lock().is_ok_and(|w| w.contains(path))
    }
}

/// A sink keeping files in memory (serve, tests) or only their names (check).
pub struct MemSink {
    keep_bytes: bool,
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemSink {
    pub fn new(keep_bytes: bool) -> Self {
        MemSink {
            keep_bytes,
            files: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_default()
    }
}

impl Sink for MemSink {
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        safe_rel(path)?;
        let mut f = self
            .files
            .lock()
            .map_err(|_| Diagnostic::error(path, "lỗi nội bộ khi ghi"))?;
        if f.contains_key(path) {
            return Err(Diagnostic::error(path, format!("đường dẫn /{path} được tạo hai lần"))
                .help("một trang trong content/ hoặc một tệp trong static/ trùng đường dẫn với trang bangtin tự tạo: đổi tên tệp hoặc đặt `slug:` khác"));
        }
        f.insert(
            path.to_string(),
            if self.keep_bytes { bytes } else { Vec::new() },
        );
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = if self.keep_bytes {
            std::fs::read(from).map_err(|e| Diagnostic::io(from, &e))?
        } else {
            std::fs::metadata(from).map_err(|e| Diagnostic::io(from, &e))?;
            Vec::new()
        };
        self.write(path, bytes)
    }

    fn has(&self, path: &str) -> bool {
        self.files.lock().is_ok_and(|f| f.contains_key(path))
    }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Resolve what exists (symlinks, ..) and keep the rest as written.
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for r in rest.iter().rev() {
        out.push(r);
    }
    out
}

/// Checks that `output` may be replaced by a build of the site in `root`.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let shown = output.display().to_string();
    if out == root || root.starts_with(&out) {
        return Err(Diagnostic::error(
            output,
            format!("thư mục kết quả `{shown}` chứa cả trang nguồn: bangtin không ghi đè lên nó"),
        )
        .help("chọn một thư mục riêng, ví dụ `--output public`"));
    }
    for src in ["content", "static", "templates", "themes", "data"] {
        let s = root.join(src);
        if out.starts_with(&s) || s.starts_with(&out) {
            return Err(Diagnostic::error(
                output,
                format!("thư mục kết quả `{shown}` nằm trong (hoặc chứa) thư mục nguồn `{src}/`"),
            )
            .help("chọn một thư mục riêng, ví dụ `--output public`"));
        }
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(
            Diagnostic::error(output, format!("`{shown}` là một tệp, không phải thư mục"))
                .help("chọn một thư mục khác bằng `--output`"),
        );
    }
    if force {
        return Ok(());
    }
    let manifest: BTreeSet<String> = match std::fs::read_to_string(out.join(MANIFEST)) {
        Ok(m) => m.lines().map(str::to_string).collect(),
        Err(_) => BTreeSet::new(),
    };
    let mut foreign = Vec::new();
    for e in walkdir::WalkDir::new(&out).min_depth(1) {
        let e = e.map_err(|err| {
            Diagnostic::error(output, format!("không đọc được thư mục kết quả: {err}"))
        })?;
        let rel = e
            .path()
            .strip_prefix(&out)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        if e.file_type().is_dir() {
            // A folder is bangtin's when it holds a file bangtin wrote; an empty folder of the
            // user's would be lost with the rest.
            let prefix = format!("{rel}/");
            let ours = manifest
                .range(prefix.clone()..)
                .next()
                .is_some_and(|m| m.starts_with(&prefix));
            let empty = std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none());
            if !ours && empty {
                foreign.push(prefix);
            }
            continue;
        }
        if rel != MANIFEST && !manifest.contains(&rel) {
            foreign.push(rel);
        }
    }
    if !foreign.is_empty() {
        foreign.sort();
        let shown_files: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        return Err(Diagnostic::error(
            output,
            format!(
                "thư mục kết quả `{shown}` có {} tệp hoặc thư mục không do bangtin tạo ra (ví dụ: {}); bangtin không xóa chúng",
                foreign.len(),
                shown_files.join(", ")
            ),
        )
        .help("chọn thư mục khác bằng `--output`, chuyển các tệp đó vào `static/`, hoặc thêm `--force` nếu chắc chắn muốn thay thế cả thư mục"));
    }
    Ok(())
}

/// A build in progress: files go to a staging folder beside the output.
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
}

/// The names of bangtin's own temporary folders beside an output folder `name`: the staging
/// folder of a build and, where the swap is two renames, the previous output on its way out.
/// Each ends in the process id of the build that made it.
fn temp_prefixes(name: &str) -> [String; 2] {
    [
        format!(".{name}.bangtin-staging-"),
        format!(".{name}.bangtin-old-"),
    ]
}

/// Whether process `pid` still runs. Where that cannot be asked, it is taken to run, so a
/// folder is never removed from under a live build.
pub(crate) fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // `kill(pid, 0)`: ESRCH means no such process; EPERM means it runs as someone else.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the temporary folders that builds of `output` killed before they finished left
/// beside it (their process no longer runs). Returns the folders removed.
pub fn remove_stale_temp_dirs(output: &Path) -> Vec<PathBuf> {
    let output = absolute(output);
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return Vec::new();
    };
    let prefixes = temp_prefixes(&name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let pid = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        // Only real folders (not a symlink to one) of a build that is gone.
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if !is_dir || pid == std::process::id() || process_alive(pid) {
            continue;
        }
        if std::fs::remove_dir_all(e.path()).is_ok() {
            removed.push(e.path());
        }
    }
    removed.sort();
    removed
}

/// Swaps two existing paths in one step, so no instant sees neither. `Ok(false)` where the
/// system or file system cannot do that.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            // Kernels before 3.15, and file systems without RENAME_EXCHANGE.
            Err(rustix::io::Errno::NOSYS | rustix::io::Errno::INVAL) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// `remove_dir_all`, with the folders removed in parallel: the previous site, removed after
/// the new one is in place, is tens of thousands of files, and the build waits for it (the
/// swap took 280 ms at 10,000 plans on one thread, 200 ms this way). Symbolic links are
/// removed, not followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| Diagnostic::io(&parent, &e))?;
        let [staging, _] = temp_prefixes(&name);
        let dir = parent.join(format!("{staging}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        Ok(Staging { dir, output })
    }

    /// Writes the manifest and puts the staging folder in place of the output. Where the system
    /// can, the two are exchanged in one step, so a build killed at any moment leaves either the
    /// previous site or the new one at the output path, never neither.
    pub fn commit(self, written: &BTreeSet<String>) -> Result<(), Diagnostic> {
        let mut manifest = String::new();
        for w in written {
            manifest.push_str(w);
            manifest.push('\n');
        }
        let m = self.dir.join(MANIFEST);
        std::fs::write(&m, manifest).map_err(|e| Diagnostic::io(&m, &e))?;
        if self.output.exists() {
            match exchange(&self.dir, &self.output) {
                // The previous site is now in the staging folder.
                Ok(true) => {
                    return remove_tree(&self.dir).map_err(|e| Diagnostic::io(&self.dir, &e))
                }
                Ok(false) => return self.replace_in_two_steps(),
                Err(e) => return Err(Diagnostic::io(&self.output, &e)),
            }
        }
        std::fs::rename(&self.dir, &self.output).map_err(|e| Diagnostic::io(&self.output, &e))
    }

    /// The swap where it cannot be one step: the previous output is moved aside, the new one
    /// moved in, and the previous one put back if that fails.
    fn replace_in_two_steps(self) -> Result<(), Diagnostic> {
        let name = self
            .output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let [_, old_prefix] = temp_prefixes(&name);
        let old = self
            .output
            .with_file_name(format!("{old_prefix}{}", std::process::id()));
        std::fs::rename(&self.output, &old).map_err(|e| Diagnostic::io(&self.output, &e))?;
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            let mut d = Diagnostic::io(&self.output, &e);
            // Put the previous site back: a failed swap must not lose it.
            if let Err(back) = std::fs::rename(&old, &self.output) {
                d = d.help(format!(
                    "trang cũ vẫn còn nguyên ở {} ({back}); đổi tên thư mục đó thành {} để dùng lại",
                    old.display(),
                    self.output.display()
                ));
            }
            return Err(d);
        }
        remove_tree(&old).map_err(|e| Diagnostic::io(&old, &e))
    }

    /// Removes the staging folder after a failed build.
    pub fn abandon(self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            eprintln!("không xóa được thư mục tạm {}: {e}", self.dir.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[cfg(unix)]
    #[test]
    fn removing_a_previous_site_removes_links_not_what_they_point_to() {
        let tmp = tempfile::tempdir().expect("tmp");
        let keep = tmp.path().join("keep");
        std::fs::create_dir(&keep).expect("keep");
        std::fs::write(keep.join("a.txt"), "a").expect("write");
        let old = tmp.path().join("old");
        for d in ["ke-hoach/a", "ke-hoach/b", "lich/2025"] {
            std::fs::create_dir_all(old.join(d)).expect("dir");
            std::fs::write(old.join(d).join("index.html"), d).expect("write");
        }
        std::os::unix::fs::symlink(&keep, old.join("ke-hoach/link")).expect("link");
        remove_tree(&old).expect("remove");
        assert!(!old.exists());
        assert_eq!(
            std::fs::read_to_string(keep.join("a.txt")).expect("kept"),
            "a"
        );
    }

    fn commit_one(out: &Path, text: &str) {
        let staging = Staging::new(out).expect("staging");
        std::fs::write(staging.dir.join("index.html"), text).expect("write");
        staging
            .commit(&BTreeSet::from(["index.html".to_string()]))
            .expect("commit");
    }

    /// A reader (the web server serving `public/`, or a build killed mid-swap) never finds the
    /// output missing: the new site replaces the old in one step.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn the_output_is_never_missing_while_a_build_swaps_it_in() {
        let tmp = tempfile::tempdir().expect("tmp");
        let out = tmp.path().join("public");
        commit_one(&out, "0");
        let stop = AtomicBool::new(false);
        let (reads, misses) = std::thread::scope(|s| {
            let reader = s.spawn(|| {
                let (mut reads, mut misses) = (0u32, 0u32);
                while !stop.load(Ordering::Relaxed) {
                    match std::fs::read_to_string(out.join("index.html")) {
                        Ok(_) => reads += 1,
                        Err(_) => misses += 1,
                    }
                }
                (reads, misses)
            });
            for i in 1..300 {
                commit_one(&out, &i.to_string());
            }
            stop.store(true, Ordering::Relaxed);
            reader.join().expect("reader")
        });
        assert!(reads > 0);
        assert_eq!(
            misses,
            0,
            "output missing in {misses} of {} reads",
            reads + misses
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "299"
        );
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            left,
            ["public"],
            "no temporary folder left beside the output"
        );
    }
}
