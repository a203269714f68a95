//! What an editor waits for on a site with photos: `bangtin build` of a site with 200 news
//! items, each with a camera photo (4000×3000 JPEG with EXIF and GPS, one in five shot
//! sideways), first with no processed photo in the cache, then again after editing one page.
//!
//!     cargo build --release && cargo run --release --example news_bench            # 200 photos
//!     cargo run --release --example news_bench -- 50                               # fewer
//!
//! It runs the release `bangtin` binary (as the editor does) on /tmp/news-bench-site/, made
//! once (the photos from `benches/camera.rs`, shared with `images_bench` in
//! /tmp/images-bench-src/), and prints the wall time of each build and the bytes of the
//! photos before and after. Delete /tmp/news-bench-site/ and /tmp/images-bench-src/ when done.

#[path = "../benches/camera.rs"]
mod camera;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn size_of_dir(dir: &Path) -> (u64, usize) {
    let mut total = (0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            total.0 += e.metadata().map(|m| m.len()).unwrap_or(0);
            total.1 += 1;
        }
    }
    total
}

fn build(bin: &Path, site: &Path, out: &Path) -> f64 {
    let started = Instant::now();
    let status = Command::new(bin)
        .args(["build", "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .status()
        .expect("running bangtin");
    assert!(status.success(), "the build failed");
    started.elapsed().as_secs_f64()
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let bin = std::env::current_exe()
        .expect("this program's path")
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("bangtin"))
        .filter(|b| b.exists())
        .expect("build the binary first: cargo build --release");
    let src = PathBuf::from("/tmp/images-bench-src");
    let site = PathBuf::from("/tmp/news-bench-site");
    let out = site.join("public");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::create_dir_all(site.join("content/tin-tuc")).expect("mkdir");
    std::fs::write(
        site.join("bangtin.yaml"),
        "title: \"Trang thử ảnh\"\nbase_url: \"https://thu.gov.vn/\"\n",
    )
    .expect("config");
    let mut source_bytes = 0u64;
    let sizes: Vec<u64> = (0..count)
        .into_par_iter()
        .map(|i| {
            let photo = src.join(format!("anh-{i:03}.jpg"));
            if !photo.exists() {
                let orientation = if i % 5 == 4 { 6 } else { 1 };
                let bytes = camera::camera_jpeg(i as u64, 4000, 3000, orientation);
                std::fs::write(&photo, bytes).expect("writing a photo");
            }
            let dir = site.join(format!("content/tin-tuc/tin-{i:03}"));
            std::fs::create_dir_all(&dir).expect("mkdir");
            let target = dir.join("anh.jpg");
            if !target.exists() {
                std::fs::copy(&photo, &target).expect("copy photo");
            }
            let page = format!(
                "---\ntitle: \"Tin số {i}: hoạt động của tổ bảo vệ an ninh, trật tự ở cơ sở\"\ndate: 2026-{:02}-{:02}\nsummary: \"Tin ngắn kèm ảnh số {i}.\"\nimage:\n  path: \"anh.jpg\"\n  alt: \"Ảnh hoạt động số {i}\"\n---\n\nNội dung tin số {i}: lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở tuần tra, vận động người dân.\n",
                1 + i % 12,
                1 + i % 28
            );
            std::fs::write(dir.join("index.md"), page).expect("page");
            std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0)
        })
        .collect();
    source_bytes += sizes.iter().sum::<u64>();

    // The first build: no processed photo yet.
    let _ = std::fs::remove_dir_all(site.join(".bangtin"));
    let _ = std::fs::remove_dir_all(&out);
    let first = build(&bin, &site, &out);
    let (published, files) = size_of_dir(&out.join("hinh"));

    // An editor fixes a word in one page and builds again.
    let page = site.join("content/tin-tuc/tin-007/index.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, text.replace("vận động", "tuyên truyền, vận động")).expect("edit");
    let second = build(&bin, &site, &out);

    println!("photos: {count} camera JPEGs, {}", mb(source_bytes));
    println!(
        "first build:  {first:.1} s (every photo resized and encoded: {files} WebP files, {})",
        mb(published)
    );
    println!("after an edit: {second:.2} s (every photo from .bangtin/anh/)");
    // What a reader downloads for one photo in the article column (the 1200 px copy on a
    // desktop, the 800 px one on most phones), against the camera's file.
    let average = |suffix: &str| {
        let sizes: Vec<u64> = walkdir::WalkDir::new(out.join("hinh"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
            .filter_map(|e| e.metadata().ok().map(|m| m.len()))
            .collect();
        sizes.iter().sum::<u64>() / sizes.len().max(1) as u64
    };
    println!(
        "one photo as a reader downloads it: {} kB at 1200 px, {} kB at 800 px, against {} kB from the camera",
        average("-1200.webp") / 1000,
        average("-800.webp") / 1000,
        source_bytes / count.max(1) as u64 / 1000
    );
    println!(
        "saved: {} of {} published instead of the sources ({:.1}%)",
        mb(source_bytes.saturating_sub(published)),
        mb(source_bytes),
        published as f64 * 100.0 / source_bytes.max(1) as f64
    );
}
