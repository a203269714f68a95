//! Issue 13 in a real headless Chromium: every page type of the example site and of a
//! `bangtin init` site passes axe-core (every rule it runs by default, any impact) at phone
//! and desktop width and asks for no file that is not there; a plan printed to PDF is the
//! document alone, with page numbers. Skipped like the other browser tests when Chromium
//! (or axe-core, or poppler's pdftotext) is absent, unless BANGTIN_REQUIRE_BROWSER is set;
//! `.ci/run` installs all three.

use crate::browser::{
    built_example, chromium, chromium_args, dom, dom_within, serve_dir_with, Injected,
};
use std::path::{Path, PathBuf};
use std::process::Command;

/// axe-core's script: `BANGTIN_AXE`, or where `.ci/run` installs it.
fn axe() -> Option<PathBuf> {
    let path = std::env::var_os("BANGTIN_AXE").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    if path.is_file() {
        return Some(path);
    }
    if std::env::var_os("BANGTIN_REQUIRE_BROWSER").is_some() {
        panic!(
            "BANGTIN_REQUIRE_BROWSER is set but axe-core is not at {}",
            path.display()
        );
    }
    eprintln!("note: axe-core not found; accessibility tests skipped (bash .ci/run installs it)");
    None
}

fn pdftotext() -> Option<()> {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if found {
        return Some(());
    }
    if std::env::var_os("BANGTIN_REQUIRE_BROWSER").is_some() {
        panic!("BANGTIN_REQUIRE_BROWSER is set but pdftotext (poppler-utils) is not installed");
    }
    eprintln!("note: pdftotext not found; the print test is skipped (bash .ci/run installs it)");
    None
}

/// The page that audits the others: it opens each path in a frame as wide as a phone, then
/// as a desktop (media queries follow the frame's width), runs axe-core in it, and writes
/// every violation into the page for `--dump-dom`. One browser run audits the whole list.
const AUDIT_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>audit</title><link rel="icon" href="data:,"></head><body>
<script>
var PAGES = __PAGES__, WIDTHS = [390, 1366], out = [];
function load(frame, src) { return new Promise(function (ok) { frame.onload = ok; frame.src = src; }); }
async function audit() {
  for (var w of WIDTHS) {
    for (var p of PAGES) {
      var f = document.createElement("iframe");
      f.style.width = w + "px"; f.style.height = "900px"; f.style.border = "0";
      document.body.appendChild(f);
      await load(f, p);
      var d = f.contentDocument, s = d.createElement("script");
      s.src = "/__axe.min.js";
      await new Promise(function (ok, fail) { s.onload = ok; s.onerror = fail; d.head.appendChild(s); });
      var r = await f.contentWindow.axe.run(d, { resultTypes: ["violations"] });
      r.violations.forEach(function (v) {
        out.push(p + " at " + w + "px: " + v.id + " (" + v.impact + "): " + v.help + " — " +
          v.nodes.slice(0, 3).map(function (n) { return n.target.join(" ") + " :: " + n.failureSummary; }).join(" | "));
      });
      f.remove();
    }
  }
}
audit().then(function () { done(out); }, function (e) { done(["audit failed: " + e]); });
function done(list) {
  var pre = document.createElement("pre"); pre.id = "axe-result"; pre.textContent = JSON.stringify(list);
  document.body.appendChild(pre);
}
</script></body></html>"#;

/// The text a test's script wrote into `<pre id="ID">` of the page, as `--dump-dom` shows it
/// (its character references decoded).
fn written_into(html: &str, id: &str) -> Option<String> {
    let open = format!("<pre id=\"{id}\">");
    let rest = &html[html.find(&open)? + open.len()..];
    Some(
        rest[..rest.find("</pre>").unwrap_or(rest.len())]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

/// Runs axe on each path of `public` at 390 and 1366 px; returns the findings and the
/// files the pages asked for that were not there.
fn audit(bin: &Path, axe: &Path, public: PathBuf, paths: &[&str]) -> (Vec<String>, Vec<String>) {
    for p in paths {
        let rel = p.trim_start_matches('/');
        let file = if rel.is_empty() || rel.ends_with('/') {
            public.join(rel).join("index.html")
        } else {
            public.join(rel)
        };
        assert!(file.is_file(), "{p}: not in the built site");
    }
    let page = tempfile::NamedTempFile::new().expect("tmp");
    let list = serde_json::to_string(paths).expect("json");
    std::fs::write(page.path(), AUDIT_PAGE.replace("__PAGES__", &list)).expect("write");
    let mut inject = Injected::axe(axe);
    inject
        .files
        .push(("__audit.html", page.path().to_path_buf()));
    let served = serve_dir_with(public, inject);
    let html = dom_within(bin, &format!("{}/__audit.html", served.base), 1400, 600_000);
    let found = match written_into(&html, "axe-result") {
        None => vec!["the audit did not finish".to_string()],
        Some(json) => serde_json::from_str::<Vec<String>>(&json)
            .unwrap_or_else(|e| vec![format!("unreadable audit ({e}): {json}")]),
    };
    let mut missing = served.missing.lock().expect("log").clone();
    missing.sort();
    missing.dedup();
    (found, missing)
}

#[test]
fn every_page_type_passes_axe_at_phone_and_desktop_width_and_loads_every_asset() {
    let (Some(bin), Some(axe)) = (chromium(), axe()) else {
        return;
    };
    let (_tmp, public) = built_example();
    let pages = [
        "/",
        "/ke-hoach/",
        "/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024/",
        "/mo-hinh/",
        "/mo-hinh/to-hoa-giai-diem-thon-dong-xuan/",
        "/khen-thuong/",
        "/khen-thuong/bang-khen-ubnd-tinh-2024/",
        "/su-kien/",
        "/su-kien/ngay-phap-luat-viet-nam/",
        "/tin-tuc/",
        "/tin-tuc/ra-mat-camera-an-ninh-bac-tan/",
        "/van-ban/",
        "/van-ban/44-kl-tw/",
        "/co-quan/",
        "/co-quan/so-tu-phap-tinh-song-lam/",
        "/the/",
        "/the/an-ninh-trat-tu/",
        "/lich/",
        "/lich/2024/",
        "/lich/2019/08/19/",
        "/tim-kiem/",
        "/gioi-thieu/",
        "/lien-he/",
        "/404.html",
    ];
    let (found, missing) = audit(&bin, &axe, public, &pages);
    assert!(
        found.is_empty(),
        "axe-core found {} violation(s):\n{}",
        found.len(),
        found.join("\n")
    );
    assert!(
        missing.is_empty(),
        "pages asked for missing files: {missing:?}"
    );
}

#[test]
fn a_bangtin_init_site_passes_axe_and_loads_every_asset() {
    let (Some(bin), Some(axe)) = (chromium(), axe()) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let site = crate::common::init_site_built(tmp.path());
    let (found, missing) = audit(
        &bin,
        &axe,
        site.join("public"),
        &["/", "/ke-hoach/ke-hoach-mau/", "/gioi-thieu/", "/lich/"],
    );
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
    assert!(
        missing.is_empty(),
        "pages asked for missing files: {missing:?}"
    );
    // The print button is shown, so tools.js ran.
    let served = serve_dir_with(site.join("public"), Injected::default());
    let html = dom(
        &bin,
        &format!("{}/ke-hoach/ke-hoach-mau/", served.base),
        390,
    );
    let button = html.split("data-print").nth(1).expect("print button");
    assert!(
        !button[..40.min(button.len())].contains("hidden"),
        "tools.js did not run"
    );
}

/// The text of a PDF's page `n` (1-based), as poppler reads it.
fn page_text(pdf: &Path, n: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_printed_plan_is_the_document_alone_with_page_numbers() {
    let (Some(bin), Some(())) = (chromium(), pdftotext()) else {
        return;
    };
    let (tmp, public) = built_example();
    let served = serve_dir_with(public, Injected::default());
    let pdf = tmp.path().join("ke-hoach.pdf");
    let out = chromium_args(&bin)
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!(
            "{}/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024/",
            served.base
        ))
        .output()
        .expect("chromium");
    assert!(out.status.success() && pdf.is_file(), "no PDF: {out:?}");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    // The plan is about two and a half pages of A4 as signed; the web page around it was
    // two more pages of menus, lists of related documents and the site's footer.
    assert!((2..=3).contains(&pages), "{pages} pages");
    let texts: Vec<String> = (1..=pages).map(|n| page_text(&pdf, n)).collect();
    let all = texts.join("\n");
    // The header as Nghị định 30/2020 lays it out: parent agency over the issuer, the number,
    // the national title, and the date with the month unpadded (March is "tháng 3").
    let first = &texts[0];
    for expected in [
        "UBND TỈNH SÔNG LAM",
        "SỞ TƯ PHÁP",
        "Số: 33/KH-STP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sông Lam, ngày 12 tháng 3 năm 2024",
        "KẾ HOẠCH",
    ] {
        assert!(
            first.contains(expected),
            "page 1 lacks {expected:?}:\n{first}"
        );
    }
    // Nothing of the website: menu, tools, the web summary, lists after the signature, footer.
    for web in [
        "Trang chủ",
        "Tìm kiếm",
        "Mục lục",
        "Tệp đính kèm",
        "Thời hạn",
        "Văn bản liên quan",
        "Được trích dẫn bởi",
        "Dữ liệu mở",
        "phát hành lại",
        "Giấy phép",
    ] {
        assert!(!all.contains(web), "the printout shows {web:?}:\n{all}");
    }
    // Page numbers: none on the first page, then 2, 3… at the top of each page.
    for (i, text) in texts.iter().enumerate().skip(1) {
        let top = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert_eq!(
            top.trim(),
            (i + 1).to_string(),
            "page {} starts with {top:?}",
            i + 1
        );
    }
    let top1 = first.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    assert!(
        top1.contains("UBND TỈNH SÔNG LAM"),
        "page 1 starts with {top1:?}"
    );
    // The signature is not alone on its page: "Nơi nhận" and the signer's name share the
    // last page with the end of the text, and each recipient starts with "-".
    let last = texts.last().expect("a page");
    for expected in [
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "Phạm Đức Khải",
        "- Lưu: VT",
        "điều chỉnh./.",
    ] {
        assert!(
            last.contains(expected),
            "the last page lacks {expected:?}:\n{last}"
        );
    }
    // The footnote's number stands on the line of its text.
    assert!(
        all.lines().any(|l| l.trim_start().starts_with("1 Gồm:")),
        "footnote number on a line of its own:\n{all}"
    );
}

/// Clicks "Lưu" with the browser's download replaced by a hook that writes the file the page
/// made into the page, for `--dump-dom` to show.
const SAVE_CLICK: &str = r#"<script>
URL.createObjectURL = function (blob) {
  blob.text().then(function (t) {
    var pre = document.createElement("pre"); pre.id = "saved"; pre.textContent = t;
    document.body.appendChild(pre);
  });
  return "blob:saved";
};
HTMLAnchorElement.prototype.click = function () {
  if (this.href.indexOf("blob:") === 0) { document.body.setAttribute("data-saved-as", this.download); return; }
  this.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
};
window.addEventListener("load", function () { document.querySelector("[data-save]").click(); });
</script>"#;

#[test]
fn saving_a_plan_gives_one_file_with_its_styles_and_its_source() {
    let Some(bin) = chromium() else { return };
    let (_tmp, public) = built_example();
    let served = serve_dir_with(
        public,
        Injected {
            scripts: vec![("save", SAVE_CLICK.to_string())],
            files: Vec::new(),
        },
    );
    let page = format!(
        "{}/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024/",
        served.base
    );
    let html = dom(&bin, &format!("{page}?save"), 1366);
    assert!(
        html.contains("data-saved-as=\"phong-trao-toan-dan-bao-ve-antq-2024.html\""),
        "no file named after the plan was saved"
    );
    let saved = written_into(&html, "saved").expect("the saved file");
    // One file: the styles are inside it, print rules included, nothing is loaded from the
    // site, and it says where it came from.
    assert!(
        saved.starts_with("<!DOCTYPE html>"),
        "{}",
        &saved[..200.min(saved.len())]
    );
    assert!(
        saved.contains("<style>") && saved.contains("@media print"),
        "styles missing"
    );
    assert!(
        !saved.contains("<link") && !saved.contains("<script"),
        "the copy loads files"
    );
    assert!(
        saved.contains("Nguồn: <a href=\"https://stp.songlam.gov.vn/ke-hoach/phong-trao-toan-dan-bao-ve-antq-2024/\""),
        "the site's address of the plan is missing"
    );
    // The document is there, without the site's menu or the tools; its links still lead to
    // the site.
    assert!(saved.contains("Phạm Đức Khải") && saved.contains("Độc lập - Tự do - Hạnh phúc"));
    assert!(!saved.contains("class=\"site-nav\"") && !saved.contains("data-print"));
    assert!(
        saved.contains(&format!("href=\"{}/van-ban/44-kl-tw/\"", served.base)),
        "links are not absolute"
    );
}

/// Focuses each link of the header by script (as the keyboard would) and writes, for each,
/// its outline colour and the colour behind it.
const FOCUS_RINGS: &str = r#"<script>
window.addEventListener("load", function () {
  var bg = function (el) {
    for (; el; el = el.parentElement) {
      var c = getComputedStyle(el).backgroundColor;
      if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
  };
  var rows = [];
  document.querySelectorAll(".site-header a, .site-footer a").forEach(function (a) {
    a.focus();
    var s = getComputedStyle(a);
    rows.push([a.textContent.trim(), s.outlineStyle, s.outlineColor, bg(a.parentElement)]);
  });
  var pre = document.createElement("pre"); pre.id = "rings"; pre.textContent = JSON.stringify(rows);
  document.body.appendChild(pre);
});
</script>"#;

/// `rgb(r, g, b)` or `rgba(r, g, b, a)` (alpha ignored: the colours compared are opaque).
fn rgb(css: &str) -> [f64; 3] {
    let inner = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')');
    let v: Vec<f64> = inner
        .split(',')
        .take(3)
        .map(|x| x.trim().parse().unwrap_or(0.0))
        .collect();
    [v[0], v[1], v[2]]
}

/// WCAG 2.1 contrast ratio of two colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let ch = |v: f64| {
            let s = v / 255.0;
            if s <= 0.03928 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn focus_rings_on_the_red_header_and_dark_footer_are_visible() {
    let Some(bin) = chromium() else { return };
    let (_tmp, public) = built_example();
    let served = serve_dir_with(
        public,
        Injected {
            scripts: vec![("rings", FOCUS_RINGS.to_string())],
            files: Vec::new(),
        },
    );
    let html = dom(&bin, &format!("{}/ke-hoach/?rings", served.base), 1366);
    let json = written_into(&html, "rings").expect("rings measured");
    let rows: Vec<[String; 4]> = serde_json::from_str(&json).expect("rows");
    assert!(rows.len() > 10, "header and footer links: {rows:?}");
    for [text, style, outline, behind] in &rows {
        assert_ne!(style, "none", "{text}: no focus ring");
        let ratio = contrast(rgb(outline), rgb(behind));
        // WCAG 2.1, 1.4.11: a focus indicator needs 3:1 against what is next to it.
        assert!(
            ratio >= 3.0,
            "{text}: focus ring {outline} on {behind} is {ratio:.2}:1"
        );
    }
}
