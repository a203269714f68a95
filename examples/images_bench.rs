//! The image pipeline on a site's worth of camera photos: the first build (every photo decoded,
//! resized to its widths and encoded) and a rebuild with all of them in the cache.
//!
//!     cargo run --release --example images_bench            # 200 photos 4000×3000
//!     cargo run --release --example images_bench -- 50      # fewer
//!     cargo run --release --example images_bench -- compare FILE…   # WebP against JPEG
//!
//! The photos (`benches/camera.rs`: made up, deterministic, JPEG q92 with EXIF and GPS, one in
//! five shot sideways) are written once to /tmp/images-bench-src/ and reused; the cache goes to
//! /tmp/images-bench-site/.bangtin/anh/, emptied before the first pass. Work runs on rayon's
//! pool, one thread per core, as the build renders pages. Delete both folders when done.
//!
//! Measured 2026-11-30 on the 2-core machine while another developer's build ran (load
//! average 6–7), optimised: 200 photos, 688.5 MB; first build 186 s (0.93 s a photo), 800
//! WebP files, 69.8 MB (the widest of each, 1600 px, 30.4 MB in all: 4.4% of the sources);
//! rebuild with all cached 0.45 s, nothing encoded; peak memory 871 MB, of which 689 MB is the
//! sources this program holds.

#[path = "../benches/camera.rs"]
mod camera;

use std::path::{Path, PathBuf};
use std::time::Instant;

use bangtin::images::{variant_sizes, ImageCache};
use image::{ExtendedColorType, ImageEncoder};
use rayon::prelude::*;

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("compare") {
        compare(&args[1..]);
        return;
    }
    let count: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    let src = PathBuf::from("/tmp/images-bench-src");
    let site = PathBuf::from("/tmp/images-bench-site");
    std::fs::create_dir_all(&src).expect("creating /tmp/images-bench-src");
    let started = Instant::now();
    let files: Vec<PathBuf> = (0..count)
        .into_par_iter()
        .map(|i| {
            let path = src.join(format!("anh-{i:03}.jpg"));
            if !path.exists() {
                let orientation = if i % 5 == 4 { 6 } else { 1 };
                let bytes = camera::camera_jpeg(i as u64, 4000, 3000, orientation);
                std::fs::write(&path, bytes).expect("writing a photo");
            }
            path
        })
        .collect();
    let sources: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("reading a photo")))
        .collect();
    let source_bytes: u64 = sources.iter().map(|(_, b)| b.len() as u64).sum();
    println!(
        "{count} photos 4000×3000 with EXIF and GPS: {} ({} each on average); ready in {:.1} s",
        mb(source_bytes),
        mb(source_bytes / count.max(1) as u64),
        started.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(site.join(".bangtin"));
    println!("threads: {}", rayon::current_num_threads());

    for pass in ["first build (cache empty)", "rebuild (all cached)"] {
        let cache = ImageCache::new(&site);
        let started = Instant::now();
        let results: Vec<_> = sources
            .par_iter()
            .map(|(path, bytes)| cache.process(path, bytes))
            .collect();
        let elapsed = started.elapsed().as_secs_f64();
        let mut out_bytes = 0;
        let mut widest_bytes = 0;
        let mut variants = 0;
        for r in &results {
            let p = r.as_ref().expect("a made-up photo processes");
            out_bytes += p.variants.iter().map(|v| v.bytes).sum::<u64>();
            widest_bytes += p.variants.last().map_or(0, |v| v.bytes);
            variants += p.variants.len();
        }
        println!(
            "{pass}: {elapsed:.2} s ({:.0} ms a photo), {} variants encoded; output {} in {variants} \
             files, widest variants {} ({:.1}% of the sources, {} saved on every full-width view)",
            elapsed * 1000.0 / count.max(1) as f64,
            cache.encoded(),
            mb(out_bytes),
            mb(widest_bytes),
            widest_bytes as f64 * 100.0 / source_bytes as f64,
            mb(source_bytes - widest_bytes),
        );
    }
    if let Some(rss) = bangtin::progress::peak_memory_mb() {
        println!("peak memory: {rss:.0} MB");
    }
}

/// Each file resized to bangtin's widths and encoded as WebP and as JPEG at a few qualities:
/// total bytes and encode time (the resize, shared by all, is not counted).
fn compare(files: &[String]) {
    let webp = |q: f32| {
        move |px: &[u8], w: u32, h: u32| -> Vec<u8> {
            let mut config = webp::WebPConfig::new().expect("WebPConfig");
            config.quality = q;
            config.method = 4;
            webp::Encoder::from_rgb(px, w, h)
                .encode_advanced(&config)
                .expect("WebP")
                .to_vec()
        }
    };
    let jpeg = |q: u8| {
        move |px: &[u8], w: u32, h: u32| -> Vec<u8> {
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q)
                .write_image(px, w, h, ExtendedColorType::Rgb8)
                .expect("JPEG");
            out
        }
    };
    type Encode = Box<dyn Fn(&[u8], u32, u32) -> Vec<u8>>;
    let encoders: Vec<(&str, Encode)> = vec![
        ("WebP lossy q75, method 4", Box::new(webp(75.0))),
        ("WebP lossy q80, method 4", Box::new(webp(80.0))),
        ("WebP lossy q85, method 4", Box::new(webp(85.0))),
        ("JPEG q80 (image crate)", Box::new(jpeg(80))),
        ("JPEG q85 (image crate)", Box::new(jpeg(85))),
    ];
    let mut totals = vec![(0u64, 0f64); encoders.len()];
    let mut source_bytes = 0;
    for file in files {
        let bytes = std::fs::read(Path::new(file)).expect("reading the file");
        source_bytes += bytes.len() as u64;
        let img = image::load_from_memory(&bytes)
            .expect("decoding")
            .into_rgb8();
        let (w0, h0) = img.dimensions();
        println!("{file}: {w0}×{h0}, {}", mb(bytes.len() as u64));
        for (w, h) in variant_sizes(w0, h0) {
            let dst = bangtin_resize::lanczos(img.as_raw(), w0, h0, 3, w, h).expect("resize");
            for (i, (_, encode)) in encoders.iter().enumerate() {
                let started = Instant::now();
                let out = encode(&dst, w, h);
                totals[i].1 += started.elapsed().as_secs_f64();
                totals[i].0 += out.len() as u64;
            }
        }
    }
    println!("sources: {}", mb(source_bytes));
    for ((name, _), (bytes, secs)) in encoders.iter().zip(&totals) {
        println!(
            "{name:<28} {:>10} ({:>5.1}% of the sources)  {secs:.2} s",
            format!("{:.0} kB", *bytes as f64 / 1e3),
            *bytes as f64 * 100.0 / source_bytes as f64
        );
    }
}
