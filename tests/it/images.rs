//! The image pipeline (`bangtin::images`): what a published photo becomes, read back from the
//! bytes written: its widths, that it carries no EXIF or GPS, that a portrait stays upright,
//! that a rebuild takes it from the cache, and what an editor is told about a bad file.

#[path = "../../benches/camera.rs"]
mod camera;

use std::collections::HashSet;
use std::path::Path;

use bangtin::images::{ImageCache, ImageError, Processed};

fn process(cache: &ImageCache, bytes: &[u8]) -> Processed {
    cache
        .process(Path::new("content/tin/anh.jpg"), bytes)
        .unwrap_or_else(|e| panic!("processing failed: {e}"))
}

fn error(bytes: &[u8]) -> ImageError {
    let site = tempfile::tempdir().unwrap();
    match ImageCache::new(site.path()).process(Path::new("content/tin/anh.jpg"), bytes) {
        Ok(p) => panic!("expected an error, got {p:?}"),
        Err(e) => e,
    }
}

/// The RIFF chunks of a WebP file, in order ("VP8 ", "VP8L", "VP8X", "ALPH", "EXIF", "XMP "…).
fn webp_chunks(data: &[u8]) -> Vec<String> {
    assert_eq!(&data[..4], b"RIFF");
    assert_eq!(&data[8..12], b"WEBP");
    let riff_len = u32::from_le_bytes(data[4..8].try_into().unwrap()) as usize;
    assert_eq!(riff_len + 8, data.len(), "RIFF length is the file's");
    let mut chunks = Vec::new();
    let mut at = 12;
    while at + 8 <= data.len() {
        chunks.push(String::from_utf8_lossy(&data[at..at + 4]).into_owned());
        let len = u32::from_le_bytes(data[at + 4..at + 8].try_into().unwrap()) as usize;
        at += 8 + len + (len & 1);
    }
    chunks
}

#[test]
fn a_camera_photo_gives_four_widths_in_proportion_far_smaller_than_the_source() {
    let site = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(site.path());
    // 2000×1500 rather than 4000×3000 keeps this quick in an unoptimised test build; the
    // benchmark (examples/images_bench.rs) measures camera size.
    let source = camera::camera_jpeg(7, 2000, 1500, 1);
    let p = process(&cache, &source);
    assert_eq!((p.width, p.height), (2000, 1500));
    let widths: Vec<u32> = p.variants.iter().map(|v| v.width).collect();
    assert_eq!(widths, [480, 800, 1200, 1600]);
    let mut names = HashSet::new();
    for v in &p.variants {
        let data = std::fs::read(&v.path).unwrap();
        assert_eq!(data.len() as u64, v.bytes);
        assert!(v.path.starts_with(site.path().join(".bangtin/anh")));
        assert_eq!(
            v.path.file_name().unwrap().to_str(),
            Some(v.file_name.as_str())
        );
        assert!(
            v.file_name.ends_with(&format!("-{}.webp", v.width)),
            "{}",
            v.file_name
        );
        assert!(names.insert(v.file_name.clone()));
        let decoded = image::load_from_memory_with_format(&data, image::ImageFormat::WebP)
            .expect("a variant is a WebP image");
        assert_eq!((decoded.width(), decoded.height()), (v.width, v.height));
        assert_eq!(
            v.height * 4,
            v.width * 3,
            "height in proportion: {}×{}",
            v.width,
            v.height
        );
        // Even the widest (1600 of 2000 px) is a small part of the camera's file.
        assert!(
            v.bytes * 5 < source.len() as u64,
            "{} is {} bytes, the source {}",
            v.file_name,
            v.bytes,
            source.len()
        );
    }
    let total: u64 = p.variants.iter().map(|v| v.bytes).sum();
    assert!(
        total * 2 < source.len() as u64,
        "all four {total}, source {}",
        source.len()
    );
}

#[test]
fn a_small_image_is_published_once_at_its_own_size_never_upscaled() {
    let site = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(site.path());
    let pixels = camera::photo_pixels(3, 300, 200);
    let p = process(&cache, &camera::jpeg(&pixels, 300, 200, 90));
    assert_eq!((p.width, p.height), (300, 200));
    assert_eq!(p.variants.len(), 1);
    assert_eq!((p.variants[0].width, p.variants[0].height), (300, 200));
}

#[test]
fn published_images_carry_no_exif_and_no_gps() {
    let site = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(site.path());
    let source = camera::camera_jpeg(11, 900, 600, 1);
    // The source really has a GPS position, so the check below can fail.
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&source))
        .expect("the made-up photo has EXIF");
    assert!(exif
        .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .is_some());
    let p = process(&cache, &source);
    assert_eq!(p.variants.len(), 3); // 480, 800, 900
    for v in &p.variants {
        let data = std::fs::read(&v.path).unwrap();
        let read = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&data));
        assert!(
            read.is_err(),
            "{} has EXIF: {:?}",
            v.file_name,
            read.map(|e| e.fields().count())
        );
        for chunk in webp_chunks(&data) {
            assert!(
                ["VP8 ", "VP8L", "VP8X", "ALPH"].contains(&chunk.as_str()),
                "{} has a {chunk:?} chunk",
                v.file_name
            );
        }
        for needle in [&b"Exif"[..], b"Bangtin Camera", b"<x:xmpmeta"] {
            assert!(
                !data.windows(needle.len()).any(|w| w == needle),
                "{needle:?} left in"
            );
        }
    }
}

#[test]
fn a_portrait_shot_sideways_comes_out_upright() {
    // As a phone held upright stores it: the sensor's landscape picture (64×48) and EXIF
    // orientation 6, "turn 90° clockwise to show". A red square in the stored top-left corner
    // is at the top right of the upright picture.
    let (w, h) = (64u32, 48u32);
    let mut pixels = vec![230u8; (w * h * 3) as usize];
    for y in 0..16 {
        for x in 0..16 {
            let i = ((y * w + x) * 3) as usize;
            pixels[i..i + 3].copy_from_slice(&[220, 20, 20]);
        }
    }
    let jpeg = camera::with_app1(
        &camera::jpeg(&pixels, w, h, 95),
        &camera::exif_payload(6, None),
    );
    let site = tempfile::tempdir().unwrap();
    let p = process(&ImageCache::new(site.path()), &jpeg);
    assert_eq!((p.width, p.height), (48, 64), "width < height: upright");
    assert_eq!(p.variants.len(), 1);
    let out = image::open(&p.variants[0].path).unwrap().into_rgb8();
    assert_eq!(out.dimensions(), (48, 64));
    let red = |x: u32, y: u32| {
        let [r, g, b] = out.get_pixel(x, y).0;
        r > 150 && g < 90 && b < 90
    };
    assert!(red(41, 6), "the marker is at the top right");
    for (x, y) in [(6, 6), (6, 57), (41, 57)] {
        assert!(!red(x, y), "no marker at ({x}, {y})");
    }
}

#[test]
fn a_rebuild_takes_every_variant_from_the_cache_and_a_damaged_one_is_made_again() {
    let site = tempfile::tempdir().unwrap();
    let source = camera::camera_jpeg(5, 1000, 750, 1);
    let first = ImageCache::new(site.path());
    let made = process(&first, &source);
    assert_eq!(first.encoded(), made.variants.len() as u64);
    let mtimes = |p: &Processed| -> Vec<_> {
        p.variants
            .iter()
            .map(|v| std::fs::metadata(&v.path).unwrap().modified().unwrap())
            .collect()
    };
    let before = mtimes(&made);

    // The next build: a new cache over the same folder.
    let second = ImageCache::new(site.path());
    let again = process(&second, &source);
    assert_eq!(second.encoded(), 0, "nothing encoded again");
    assert_eq!(again, made);
    assert_eq!(mtimes(&again), before);

    // A variant cut short (a disk filled up, a copy interrupted) is not trusted.
    let victim = &made.variants[1];
    let whole = std::fs::read(&victim.path).unwrap();
    std::fs::write(&victim.path, &whole[..whole.len() / 2]).unwrap();
    let third = ImageCache::new(site.path());
    let redone = process(&third, &source);
    assert!(third.encoded() > 0, "the damaged entry was made again");
    assert_eq!(redone, made);
    assert_eq!(std::fs::read(&victim.path).unwrap(), whole);

    // So is one whose bytes changed but not its length.
    let mut flipped = whole.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xFF;
    std::fs::write(&victim.path, &flipped).unwrap();
    let fourth = ImageCache::new(site.path());
    assert_eq!(process(&fourth, &source), made);
    assert!(fourth.encoded() > 0);
    assert_eq!(std::fs::read(&victim.path).unwrap(), whole);
}

#[test]
fn threads_and_builds_processing_one_image_at_once_get_whole_identical_files() {
    let site = tempfile::tempdir().unwrap();
    let source = camera::camera_jpeg(9, 900, 600, 1);
    let shared = ImageCache::new(site.path());
    let results: Vec<Processed> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let (shared, source, root) = (&shared, &source, site.path());
                s.spawn(move || {
                    if i % 2 == 0 {
                        process(shared, source)
                    } else {
                        // Another process's build: its own cache over the same folder.
                        process(&ImageCache::new(root), source)
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.windows(2).all(|w| w[0] == w[1]));
    // The threads sharing a cache encoded the image once between them.
    assert_eq!(shared.encoded(), results[0].variants.len() as u64);
    for v in &results[0].variants {
        let data = std::fs::read(&v.path).unwrap();
        assert_eq!(data.len() as u64, v.bytes);
        image::load_from_memory(&data).expect("whole WebP");
    }
    let left: Vec<_> = std::fs::read_dir(site.path().join(".bangtin/anh"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".tmp-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn prune_removes_only_the_unused_images_it_made() {
    let site = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(site.path());
    let kept = process(&cache, &camera::camera_jpeg(1, 600, 400, 1));
    let dropped = process(&cache, &camera::camera_jpeg(2, 600, 400, 1));
    let dir = site.path().join(".bangtin/anh");
    // Files bangtin did not make, and a temporary file of a build that no longer runs.
    std::fs::write(dir.join("ghi-chu.txt"), "của biên tập viên").unwrap();
    std::fs::write(dir.join("anh.webp"), "x").unwrap();
    std::fs::write(site.path().join(".bangtin/khac"), "x").unwrap();
    let stale = dir.join(format!(".tmp-{}-0-abc.webp", i32::MAX));
    std::fs::write(&stale, "half").unwrap();

    let used: HashSet<String> = [kept.variants[0].file_name.clone()].into();
    let removed = cache.prune(&used).unwrap();
    assert_eq!(
        removed,
        dropped.variants.len() + 1 + 1,
        "variants, description, temp file"
    );
    for v in &kept.variants {
        assert!(v.path.exists(), "{} kept", v.file_name);
    }
    for v in &dropped.variants {
        assert!(!v.path.exists(), "{} removed", v.file_name);
    }
    assert!(!stale.exists());
    for other in ["ghi-chu.txt", "anh.webp"] {
        assert!(dir.join(other).exists(), "{other} is not bangtin's: kept");
    }
    assert!(site.path().join(".bangtin/khac").exists());

    // The same cache (a serve session) makes a pruned image again rather than trusting memory.
    let back = process(&cache, &camera::camera_jpeg(2, 600, 400, 1));
    assert_eq!(back, dropped);
    assert!(back.variants.iter().all(|v| v.path.exists()));
}

#[test]
fn a_file_that_is_not_an_image_is_named_as_such() {
    let e = error(b"Ke hoach so 12/KH-UBND\n");
    assert!(e.message.contains("tệp không phải JPEG/PNG/WebP"), "{e}");
    assert!(e.help.as_deref().unwrap_or("").contains("JPEG"), "{e}");

    let e = error(b"");
    assert!(e.message.contains("rỗng"), "{e}");

    // An iPhone photo (HEIC) is named, and the help says how to get a JPEG.
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 64]);
    let e = error(&heic);
    assert!(e.message.contains("HEIC"), "{e}");
    assert!(e.help.as_deref().unwrap_or("").contains("iPhone"), "{e}");
}

#[test]
fn a_broken_jpeg_is_an_error_not_a_grey_picture() {
    let source = camera::camera_jpeg(4, 600, 400, 1);
    let e = error(&source[..source.len() / 2]);
    assert!(e.message.starts_with("ảnh hỏng"), "{e}");
    let e = error(&source[..300]);
    assert!(e.message.starts_with("ảnh hỏng"), "{e}");
    // Cut inside the picture though the EXIF thumbnail's end marker is there (a made-up one).
    let mut with_thumbnail = camera::with_app1(&source, b"Exif\0\0\xFF\xD8 thumbnail \xFF\xD9");
    with_thumbnail.truncate(with_thumbnail.len() * 2 / 3);
    let e = error(&with_thumbnail);
    assert!(e.message.starts_with("ảnh hỏng"), "{e}");
    // Bytes a phone appends after the end marker are no harm.
    let mut trailer = source.clone();
    trailer.extend_from_slice(b"\0\0samsung trailer");
    let site = tempfile::tempdir().unwrap();
    process(&ImageCache::new(site.path()), &trailer);
}

/// CRC-32 (PNG's), for a hand-made chunk.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_huge_png_header_is_refused_before_any_memory_is_taken() {
    // A PNG claiming 100000×100000 pixels (40 GB as RGBA) in a few bytes.
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // An empty picture chunk: decoders read the size once they reach it.
    png.extend_from_slice(&[0, 0, 0, 0]);
    png.extend_from_slice(b"IDAT");
    png.extend_from_slice(&crc32(b"IDAT").to_be_bytes());
    png.extend_from_slice(&[0, 0, 0, 0]);
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    let e = error(&png);
    assert!(e.message.starts_with("ảnh quá lớn"), "{e}");
    assert!(e.message.contains("100000×100000"), "{e}");
}

#[test]
fn writing_the_cache_does_not_make_serve_rebuild() {
    // `serve` processes images into .bangtin/anh/ while watching the site: were those writes
    // seen as changes, every build would start the next.
    for written in [
        ".bangtin/anh/0123456789ab-800.webp",
        ".bangtin/anh/.tmp-1-0-0123456789ab.txt",
        ".bangtin",
    ] {
        let change = bangtin::serve::watch::classify(Path::new(written));
        assert!(change.is_none(), "{written}: {change:?}");
    }
}

#[test]
fn a_transparent_png_keeps_its_transparency() {
    // A logo: an opaque red disc on a transparent ground.
    let logo = image::RgbaImage::from_fn(120, 120, |x, y| {
        let (dx, dy) = (x as i32 - 60, y as i32 - 60);
        if dx * dx + dy * dy < 40 * 40 {
            image::Rgba([200, 30, 30, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut png = Vec::new();
    logo.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let site = tempfile::tempdir().unwrap();
    let p = process(&ImageCache::new(site.path()), &png);
    assert_eq!((p.width, p.height, p.variants.len()), (120, 120, 1));
    let out = image::open(&p.variants[0].path).unwrap().into_rgba8();
    assert!(out.get_pixel(3, 3).0[3] < 10, "corner transparent");
    let centre = out.get_pixel(60, 60).0;
    assert!(
        centre[3] > 245 && centre[0] > 150,
        "disc opaque red: {centre:?}"
    );
}
