//! Careless and hostile input as issue 12 found it: leftovers of a killed build, an output
//! folder holding the user's empty folders, and messages that must stay readable (every mistake
//! of a file, the quote left open, control characters shown not obeyed, one template error
//! reported once, UTF-16 named as such).

use crate::common::{bangtin, errors, TestSite, CONFIG};
use std::path::Path;
use std::process::Command;

/// The id of a process that has just ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

#[test]
fn a_killed_builds_staging_folders_are_removed_by_the_next_build() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", "---\ntitle: A\n---\nx\n");
    let dead = s
        .root()
        .join(format!(".public.bangtin-staging-{}", dead_pid()));
    let dead_old = s.root().join(format!(".public.bangtin-old-{}", dead_pid()));
    // A build still running (this test process), and folders bangtin did not name.
    let live = s
        .root()
        .join(format!(".public.bangtin-staging-{}", std::process::id()));
    let users = s.root().join(".public.bangtin-staging-notes");
    for d in [&dead, &dead_old, &live, &users] {
        std::fs::create_dir_all(d.join("ke-hoach")).expect("mkdir");
        std::fs::write(d.join("ke-hoach/index.html"), "old").expect("write");
    }
    let out = bangtin(&["build"], s.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!dead.exists() && !dead_old.exists(), "{stderr}");
    assert!(
        live.exists() && users.exists(),
        "only a dead build's folders go"
    );
    assert!(
        stderr.contains("Đã xóa thư mục tạm") && stderr.contains(&dead.display().to_string()),
        "the editor is told: {stderr}"
    );
    assert!(s.exists("index.html"));
}

#[test]
fn an_output_folder_holding_the_users_empty_folders_is_not_replaced() {
    let s = TestSite::new();
    s.file("content/ke-hoach/a.md", "---\ntitle: A\n---\nx\n");
    std::fs::create_dir_all(s.out().join("anh-cu/2019")).expect("mkdir");
    let r = s.build();
    assert!(r.has_errors());
    let e = errors(&r);
    assert!(e.contains("anh-cu/2019/"), "{e}");
    assert!(
        s.out().join("anh-cu/2019").is_dir(),
        "the user's folder stays"
    );
    // A folder bangtin wrote into is its own: a second build replaces the first.
    std::fs::remove_dir_all(s.out()).expect("rm");
    s.build_ok();
    std::fs::remove_file(s.out().join("ke-hoach/a/index.html")).expect("rm");
    s.build_ok();
    assert!(s.exists("ke-hoach/a/index.html"));
}

#[test]
fn every_wrong_key_of_a_page_is_reported_at_its_line() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: A\ndate: 2024-13-45\ntitel: x\ntags: [a, b]\nrecurring: monthly\n---\nx\n",
    );
    let r = s.build();
    let lines: Vec<Option<usize>> = r.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(3), Some(4), Some(6)], "{}", errors(&r));
    assert!(r.diagnostics[1]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("title"));
}

#[test]
fn an_unclosed_quote_is_reported_at_the_quote() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: \"Kế hoạch tuyên truyền\ndate: 2024-05-02\nsummary: \"Tóm tắt\"\n---\nx\n",
    );
    let r = s.build();
    assert_eq!(r.diagnostics.len(), 1, "{}", errors(&r));
    let d = &r.diagnostics[0];
    assert_eq!((d.line, d.col), (Some(2), Some(8)), "{d}");
    assert!(d.message.contains("ngoặc"), "{d}");
}

#[test]
fn control_characters_in_a_page_are_not_sent_to_the_terminal() {
    let s = TestSite::new();
    s.file(
        "content/ke-hoach/a.md",
        "---\ntitle: A\nslug: \"a\\e]0;HACKED\\a\\e[2J\"\ndate: \"\\e[2Jhôm qua\"\n---\nx\n",
    );
    for cmd in ["check", "build"] {
        let out = bangtin(&[cmd], s.root());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{cmd}: {stderr:?}"
        );
        assert!(
            stderr.contains("\\u{1b}[2J"),
            "{cmd} shows the escape: {stderr}"
        );
    }
}

#[test]
fn a_template_error_is_reported_once_at_the_template_that_has_it() {
    let s = TestSite::new();
    for i in 0..30 {
        s.file(
            &format!("content/ke-hoach/k{i}.md"),
            &format!(
                "---\ntitle: K{i}\ndate: 2025-01-{:02}\n---\nx\n",
                i % 28 + 1
            ),
        );
    }
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .expect("theme base.html");
    let broken = base.replacen("</main>", "{{ khong_co.x }}</main>", 1);
    assert_ne!(base, broken, "base.html has a </main>");
    s.file("templates/base.html", &broken);
    let r = s.build();
    let template_errors: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.path == Path::new("templates/base.html"))
        .collect();
    assert!(!template_errors.is_empty(), "{}", errors(&r));
    // One per distinct message (Tera lists each template's variables), never one per page.
    assert!(template_errors.len() < 20, "{}", errors(&r));
    let total: usize = template_errors
        .iter()
        .map(|d| 1 + d.making.as_ref().map_or(0, |m| m.others))
        .sum();
    assert!(total >= 30, "every page is counted: {}", errors(&r));
    let line = broken
        .lines()
        .position(|l| l.contains("khong_co"))
        .map(|i| i + 1);
    assert!(
        template_errors.iter().all(|d| d.line == line),
        "{}",
        errors(&r)
    );
    assert!(
        template_errors
            .iter()
            .any(|d| d.to_string().contains("trang khác)")),
        "{}",
        errors(&r)
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_named() {
    let s = TestSite::with_config(CONFIG);
    let text = "---\ntitle: \"Kế hoạch\"\n---\nNội dung\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let ascii: Vec<u8> = "---\ntitle: A\n---\nx\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    s.bytes("content/ke-hoach/le.md", &le)
        .bytes("content/ke-hoach/be.md", &be)
        .bytes("content/ke-hoach/ascii.md", &ascii);
    let r = s.build();
    let named: Vec<String> = r.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!(named.len(), 3, "{}", errors(&r));
    for m in &named {
        assert!(m.contains("UTF-16") && !m.contains("TCVN3"), "{m}");
    }
}
