//! News with photos (issue 15): a news item's page, its lead photo and the photos of its
//! body resized with `srcset`, upright, without EXIF or GPS; the news on the home page, in the
//! feed and in the lists; the pages it names linking back; what `check` says about photos;
//! and the cache that makes a second build skip every photo it has seen.

use super::common::{copy_dir, errors, TestSite};
use std::path::{Path, PathBuf};

/// The example site's news folder (photos made by `tests/fixtures/photos/make.py`, from a
/// phone camera's metadata: maker, model, date, GPS; one saved sideways with orientation 6).
fn example_news() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content/tin-tuc")
}

/// A site with the example's news and the model and event they name.
fn news_site() -> TestSite {
    let site = TestSite::new();
    copy_dir(&example_news(), &site.root().join("content/tin-tuc"));
    site.file(
        "content/mo-hinh/camera-an-ninh.md",
        "---\ntitle: \"Mô hình Camera an ninh\"\nnames: [\"Camera an ninh\"]\ncategory: tu-phong\ndate: 2020-05-01\n---\nNgười dân góp tiền lắp camera.\n",
    );
    site.file(
        "content/ke-hoach/kh-33.md",
        "---\ntitle: \"Kế hoạch tuyên truyền năm 2026\"\nnumber: \"33/KH-STP\"\nissuer: \"Sở Tư pháp tỉnh Sông Lam\"\ndate: 2026-01-10\n---\nNội dung kế hoạch.\n",
    );
    site.file(
        "content/tin-tuc/so-ket-ke-hoach-33.md",
        "---\ntitle: \"Sơ kết sáu tháng\"\ndate: 2026-07-01\n---\nSở sơ kết việc thực hiện Kế hoạch số 33/KH-STP ngày 10/01/2026.\n",
    );
    site.file(
        "data/co-quan.yaml",
        "- name: \"Ủy ban nhân dân phường Bắc Tân\"\n  aliases: [\"UBND phường Bắc Tân\"]\n- name: \"Sở Tư pháp tỉnh Sông Lam\"\n  aliases: [\"Sở Tư pháp\"]\n",
    );
    site.file(
        "content/su-kien/ngay-hoi.md",
        "---\ntitle: \"Ngày hội toàn dân bảo vệ an ninh Tổ quốc\"\ndate: 2005-08-19\nrecurring: yearly\n---\nNgày hội hằng năm.\n",
    );
    site
}

/// Every file under `dir`, relative.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            out.push(e.path().strip_prefix(dir).expect("under").to_path_buf());
        }
    }
    out.sort();
    out
}

/// The `(width, height)` of an image file.
fn size_of(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of attribute `name` in the first tag of `html` that contains `marker`.
fn attr<'a>(html: &'a str, marker: &str, name: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in page"));
    let start = html[..at].rfind('<').expect("tag start");
    let tag = &html[start..start + html[start..].find('>').expect("tag end")];
    let key = format!(" {name}=\"");
    let v = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    &tag[v..v + tag[v..].find('"').expect("quote")]
}

#[test]
fn a_news_page_shows_its_photos_resized_upright_and_without_exif_or_gps() {
    let site = news_site();
    let report = site.build_ok();
    assert!(report.diagnostics.is_empty(), "{}", errors(&report));
    let out = site.out();
    let html = site.read("tin-tuc/ra-mat-camera-an-ninh-bac-tan/index.html");

    // The lead photo: several widths, the size of the one `src` names, and a caption.
    let srcset = attr(&html, "fetchpriority", "srcset");
    let widths: Vec<u32> = srcset
        .split(", ")
        .map(|c| {
            c.rsplit(' ')
                .next()
                .and_then(|w| w.strip_suffix('w'))
                .and_then(|w| w.parse().ok())
                .unwrap_or_else(|| panic!("candidate {c:?}"))
        })
        .collect();
    assert!(widths.len() >= 3, "{srcset}");
    assert!(widths.windows(2).all(|w| w[0] < w[1]), "{srcset}");
    assert!(
        *widths.last().expect("widest") <= 2400,
        "never wider than the photo"
    );
    let src = attr(&html, "fetchpriority", "src");
    let (w, h) = size_of(&out.join(src.trim_start_matches('/')));
    assert_eq!(attr(&html, "fetchpriority", "width"), w.to_string());
    assert_eq!(attr(&html, "fetchpriority", "height"), h.to_string());
    assert_eq!(w * 2, h * 3, "the 3:2 photo keeps its shape");
    assert!(html.contains(
        "<figcaption>Buổi ra mắt tại nhà văn hóa tổ dân phố 5. Ảnh: Lê Thu Hà</figcaption>"
    ));

    // A photo of the body: a lazy figure with its title as the caption.
    let body_img = attr(&html, "alt=\"Hai đội viên", "srcset");
    assert!(body_img.contains(" 480w"), "{body_img}");
    assert!(html.contains("loading=\"lazy\""));
    assert!(html.contains("<figcaption>Tổ bảo vệ an ninh, trật tự đi tuần trên phố. Ảnh: Lê Thu Hà</figcaption></figure>"));

    // The photo saved sideways with orientation 6 is published upright.
    let html = site.read("tin-tuc/tap-huan-tu-sach-phap-luat-dien-tu/index.html");
    let src = attr(&html, "fetchpriority", "src");
    let (w, h) = size_of(&out.join(src.trim_start_matches('/')));
    assert!(h > w, "portrait photo published {w}×{h}");

    // No published image carries EXIF (so no GPS position), and no original is published.
    let images: Vec<PathBuf> = files(&out)
        .into_iter()
        .filter(|f| {
            let e = f.extension().and_then(|e| e.to_str()).unwrap_or_default();
            ["jpg", "jpeg", "png", "webp", "gif"].contains(&e)
        })
        .collect();
    assert!(images.len() >= 15, "{images:?}");
    for f in &images {
        assert!(f.starts_with("hinh"), "{} published as it was", f.display());
        let bytes = std::fs::read(out.join(f)).expect("read");
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes));
        assert!(exif.is_err(), "{} has EXIF", f.display());
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif" || w == b"XMP "),
            "{} carries metadata",
            f.display()
        );
    }
    // Smaller than the camera's file, however many widths.
    let source =
        std::fs::metadata(example_news().join("ra-mat-camera-an-ninh-bac-tan/le-ra-mat.jpg"))
            .expect("source")
            .len();
    let largest = std::fs::metadata(out.join(src.trim_start_matches('/')))
        .expect("copy")
        .len();
    assert!(largest < source, "{largest} ≥ {source}");
}

#[test]
fn photos_in_static_and_attachments_go_out_without_metadata_and_upright() {
    let site = TestSite::new();
    let news = example_news();
    let camera =
        std::fs::read(news.join("ra-mat-camera-an-ninh-bac-tan/tuan-tra.jpg")).expect("photo");
    let sideways = std::fs::read(news.join("tap-huan-tu-sach-phap-luat-dien-tu/lop-tap-huan.jpg"))
        .expect("photo");
    let has_gps = |bytes: &[u8]| {
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(bytes))
            .is_ok_and(|e| {
                e.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
                    .is_some()
            })
    };
    assert!(
        has_gps(&camera) && has_gps(&sideways),
        "the sources carry GPS"
    );
    site.bytes("static/anh/tuan-tra.jpg", &camera);
    site.bytes("static/anh/xoay.jpg", &sideways);
    site.bytes("content/trang/anh-kem.jpg", &camera);
    site.file(
        "content/trang/a.md",
        "---\ntitle: \"Trang có tệp ảnh kèm\"\nattachments:\n  - { path: \"anh-kem.jpg\", title: \"Ảnh\" }\n---\nNội dung.\n",
    );
    site.build_ok();
    for f in ["anh/tuan-tra.jpg", "anh/xoay.jpg", "trang/a/anh-kem.jpg"] {
        let bytes = std::fs::read(site.out().join(f)).expect("published");
        assert!(!has_gps(&bytes), "{f} still says where it was taken");
        assert!(
            exif::Reader::new()
                .read_from_container(&mut std::io::Cursor::new(&bytes))
                .is_err(),
            "{f} has EXIF"
        );
        assert!(
            image::load_from_memory(&bytes).is_ok(),
            "{f} is still a photo"
        );
    }
    // Pixels untouched where nothing needs turning: the same size, the same picture data.
    let kept = std::fs::read(site.out().join("anh/tuan-tra.jpg")).expect("published");
    assert!(kept.len() < camera.len() && camera.len() - kept.len() < 4096);
    // The one shot sideways is turned upright, since nothing will turn it once EXIF is gone.
    let (w, h) = size_of(&site.out().join("anh/xoay.jpg"));
    assert!(h > w, "{w}×{h}");
}

#[test]
fn news_is_on_the_home_page_in_the_feed_and_lists_and_the_pages_it_names_link_back() {
    let site = news_site();
    site.build_ok();
    let home = site.read("index.html");
    let block = &home[home
        .find("id=\"tin-tuc\"")
        .expect("news block on the home page")..];
    let block = &block[..block.find("</section>").expect("end of block")];
    assert_eq!(
        block.matches("<li class=\"news-card\">").count(),
        4,
        "{block}"
    );
    assert!(block.matches("<img ").count() == 4 && block.contains(" srcset=\""));
    // The newest first, and only the first photo loads at once.
    let first = block.find("Tập huấn cho cán bộ xã").expect("newest");
    let second = block.find("Phường Bắc Tân").expect("second");
    assert!(first < second);
    assert_eq!(block.matches("loading=\"lazy\"").count(), 3);

    let rss = site.read("rss.xml");
    let item = &rss[rss.find("<title>Phường Bắc Tân").expect("news in the feed")..];
    let item = &item[..item.find("</item>").expect("item end")];
    assert!(
        item.contains("<enclosure url=\"https://thu.gov.vn/hinh/")
            && item.contains("type=\"image/webp\""),
        "{item}"
    );
    let length: u64 = item
        .split("length=\"")
        .nth(1)
        .and_then(|l| l.split('"').next())
        .and_then(|l| l.parse().ok())
        .expect("length");
    let url = item
        .split("url=\"https://thu.gov.vn/")
        .nth(1)
        .and_then(|u| u.split('"').next())
        .expect("url");
    assert_eq!(
        std::fs::metadata(site.out().join(url))
            .expect("enclosed file")
            .len(),
        length
    );

    let list = site.read("tin-tuc/index.html");
    assert_eq!(
        list.matches("class=\"thumb\"").count(),
        4,
        "thumbnails in the list"
    );
    assert!(site
        .read("nam/2026/index.html")
        .contains("Trao Bằng khen cho tổ hòa giải"));
    assert!(site
        .read("the/ngay-hoi-19-8/index.html")
        .contains("Xã An Hòa tổ chức Ngày hội"));

    // Both ways: the news links the model and the event it names, and they list the news.
    let news = site.read("tin-tuc/ra-mat-camera-an-ninh-bac-tan/index.html");
    assert!(
        news.contains("href=\"/mo-hinh/camera-an-ninh/\""),
        "model linked from the news"
    );
    let model = site.read("mo-hinh/camera-an-ninh/index.html");
    assert!(
        model.contains("href=\"/tin-tuc/ra-mat-camera-an-ninh-bac-tan/\""),
        "news listed on the model's page"
    );
    let event = site.read("su-kien/ngay-hoi/index.html");
    assert!(
        event.contains("href=\"/tin-tuc/ngay-hoi-19-8-xa-an-hoa-2026/\""),
        "news listed on the event's page"
    );
    // The agencies it names, by name or by a spelling of data/co-quan.yaml, both ways.
    for (slug, news_slug) in [
        (
            "uy-ban-nhan-dan-phuong-bac-tan",
            "ra-mat-camera-an-ninh-bac-tan",
        ),
        (
            "so-tu-phap-tinh-song-lam",
            "trao-bang-khen-hoa-giai-vien-cua-lam",
        ),
    ] {
        let news = site.read(&format!("tin-tuc/{news_slug}/index.html"));
        assert!(
            news.contains(&format!("href=\"/co-quan/{slug}/\"")),
            "{news_slug} → {slug}"
        );
        let agency = site.read(&format!("co-quan/{slug}/index.html"));
        assert!(
            agency.contains(&format!("href=\"/tin-tuc/{news_slug}/\"")),
            "{slug} → {news_slug}"
        );
    }
    // A plan of the site it names by number: the plan's "cited by" lists it, and it links the plan.
    let news = site.read("tin-tuc/so-ket-ke-hoach-33/index.html");
    assert!(news.contains("href=\"/ke-hoach/kh-33/"), "news → plan");
    let plan = site.read("ke-hoach/kh-33/index.html");
    assert!(
        plan.contains("href=\"/tin-tuc/so-ket-ke-hoach-33/"),
        "plan → news"
    );
    // It cites Kết luận số 44-KL/TW: the directive's page lists it.
    let directive = site.read("van-ban/44-kl-tw/index.html");
    assert!(directive.contains("Phường Bắc Tân có thêm 12 điểm camera"));
}

#[test]
fn a_second_build_processes_no_photo_it_has_seen() {
    let site = news_site();
    let first = site.build_ok();
    let published = files(&site.out().join("hinh")).len();
    assert_eq!(first.photos, 5);
    assert_eq!(
        first.photo_files_made as usize, published,
        "each copy made once"
    );
    let second = site.build_ok();
    assert_eq!(second.photo_files_made, 0, "every photo from the cache");
    assert_eq!(files(&site.out().join("hinh")).len(), published);
    // A photo changed: its four widths alone are made again.
    let photo = site
        .root()
        .join("content/tin-tuc/ngay-hoi-19-8-xa-an-hoa-2026/san-khau.jpg");
    let img = image::open(&photo).expect("open").brighten(10);
    img.save(&photo).expect("save");
    let cached = files(&site.root().join(".bangtin/anh")).len();
    let third = site.build_ok();
    assert_eq!(third.photo_files_made, 4);
    // The old copies of that photo leave the cache: it holds what pages show, no more.
    assert_eq!(files(&site.root().join(".bangtin/anh")).len(), cached);
}

#[test]
fn photos_without_a_description_or_a_file_are_named_at_their_line() {
    let site = TestSite::new();
    let photo = std::fs::read(example_news().join("ra-mat-camera-an-ninh-bac-tan/tuan-tra.jpg"))
        .expect("photo");
    site.bytes("content/tin-tuc/a/anh.jpg", &photo);
    // The lead photo without `alt`: an error at the line of `image`.
    site.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: \"Tin A\"\ndate: 2025-05-01\nimage:\n  path: \"anh.jpg\"\n---\nNội dung.\n",
    );
    // A body photo without a description: a warning at its line; a missing photo: an error.
    site.file(
        "content/tin-tuc/b.md",
        "---\ntitle: \"Tin B\"\ndate: 2025-05-02\n---\nĐoạn một.\n\n![](a/anh.jpg)\n\n![Ảnh không có](khong-co.jpg)\n",
    );
    let report = site.build();
    let text = errors(&report);
    let a = report
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("content/tin-tuc/a/index.md"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        a.is_error() && a.line == Some(4) && a.message.contains("`alt`"),
        "{text}"
    );
    let b: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.path.ends_with("content/tin-tuc/b.md"))
        .collect();
    assert!(
        b.iter()
            .any(|d| !d.is_error() && d.line == Some(7) && d.message.contains("lời mô tả")),
        "{text}"
    );
    assert!(
        b.iter()
            .any(|d| d.is_error() && d.line == Some(9) && d.message.contains("khong-co.jpg")),
        "{text}"
    );
}
