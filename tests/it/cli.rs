//! The command line as an editor uses it: exit codes, messages, `init`, `new`, `check`.

use crate::common::bangtin;

#[test]
fn init_then_build_then_check() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bangtin(&["init", "trang"], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = tmp.path().join("trang");
    let out = bangtin(&["build"], &site);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("public/index.html").exists());
    assert!(site
        .join("public/ke-hoach/ke-hoach-mau/index.html")
        .exists());
    let out = bangtin(&["check"], &site);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // init refuses a folder that is not empty
    let again = bangtin(&["init", "trang"], tmp.path());
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn new_creates_a_skeleton_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(bangtin(&["init", "s"], tmp.path()).status.success());
    let site = tmp.path().join("s");
    let out = bangtin(&["new", "ke-hoach", "Kế hoạch Đảng ủy năm 2025"], &site);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = site.join("content/ke-hoach/ke-hoach-dang-uy-nam-2025.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("title: \"Kế hoạch Đảng ủy năm 2025\"") && text.contains("draft: true"));
    let out = bangtin(&["build", "--drafts"], &site);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site
        .join("public/ke-hoach/ke-hoach-dang-uy-nam-2025/index.html")
        .exists());
    // an existing file is not overwritten; an unknown kind is a usage error
    assert_eq!(
        bangtin(&["new", "ke-hoach", "Kế hoạch Đảng ủy năm 2025"], &site)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        bangtin(&["new", "bai-viet", "X"], &site).status.code(),
        Some(2)
    );
}

#[test]
fn exit_codes_and_plain_messages() {
    let tmp = tempfile::tempdir().unwrap();
    // usage error
    assert_eq!(
        bangtin(&["build", "--no-such-flag"], tmp.path())
            .status
            .code(),
        Some(2)
    );
    // no config: content error with a hint
    let out = bangtin(&["build"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bangtin.yaml") && err.contains("bangtin init"),
        "{err}"
    );
    // a content error: file and line
    std::fs::write(tmp.path().join("bangtin.yaml"), "title: x\nbase_url: /\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("content/ke-hoach")).unwrap();
    std::fs::write(
        tmp.path().join("content/ke-hoach/a.md"),
        "---\ntitle: A\ndate: 2025-13-01\n---\n",
    )
    .unwrap();
    let out = bangtin(&["check"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/ke-hoach/a.md:3:7: lỗi:"), "{err}");
    let out = bangtin(&["check", "--format", "json"], tmp.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json diagnostics");
    assert_eq!(json[0]["line"], 3);
    assert_eq!(json[0]["severity"], "error");
}

#[test]
fn build_output_is_quiet_when_not_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(bangtin(&["init", "s"], tmp.path()).status.success());
    let out = bangtin(&["build"], &tmp.path().join("s"));
    let err = String::from_utf8_lossy(&out.stderr);
    // one summary line, no progress bar escape codes
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
}
