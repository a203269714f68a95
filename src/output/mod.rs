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
        let full = self.dir.join(rel);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
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
        if e.file_type().is_dir() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&out)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
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
                "thư mục kết quả `{shown}` có {} tệp không do bangtin tạo ra (ví dụ: {}); bangtin không xóa chúng",
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
        let dir = parent.join(format!(".{name}.bangtin-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        Ok(Staging { dir, output })
    }

    /// Writes the manifest and swaps the staging folder in place of the output.
    pub fn commit(self, written: &BTreeSet<String>) -> Result<(), Diagnostic> {
        let mut manifest = String::new();
        for w in written {
            manifest.push_str(w);
            manifest.push('\n');
        }
        let m = self.dir.join(MANIFEST);
        std::fs::write(&m, manifest).map_err(|e| Diagnostic::io(&m, &e))?;
        let old = self.output.with_file_name(format!(
            ".{}.bangtin-old-{}",
            self.output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.output.exists();
        if had_old {
            std::fs::rename(&self.output, &old).map_err(|e| Diagnostic::io(&self.output, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            let mut d = Diagnostic::io(&self.output, &e);
            // Put the previous site back: a failed swap must not lose it.
            if had_old {
                if let Err(back) = std::fs::rename(&old, &self.output) {
                    d = d.help(format!(
                        "trang cũ vẫn còn nguyên ở {} ({back}); đổi tên thư mục đó thành {} để dùng lại",
                        old.display(),
                        self.output.display()
                    ));
                }
            }
            return Err(d);
        }
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Diagnostic::io(&old, &e))?;
        }
        Ok(())
    }

    /// Removes the staging folder after a failed build.
    pub fn abandon(self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            eprintln!("không xóa được thư mục tạm {}: {e}", self.dir.display());
        }
    }
}
