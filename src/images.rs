//! Published images: each one decoded with its EXIF orientation applied, resized to a few widths
//! for `srcset`, encoded as lossy WebP that carries no metadata (no EXIF, no GPS, no XMP), and
//! kept in `<site root>/.bangtin/anh/` under the hash of its bytes, so a rebuild re-encodes only
//! the photos that changed.
//!
//! Format, measured with `images_bench compare` (examples/images_bench.rs, optimised build, one
//! core) on two real camera photos, 4000×2250 (1.85 MB) and 5512×3675 (6.71 MB), each resized
//! to the 4 widths below and encoded:
//!
//! | encoding                         | bytes, all 8 files | of the sources | encode time |
//! |----------------------------------|--------------------|----------------|-------------|
//! | WebP lossy q75 (libwebp, m4)     |   307 kB           |  3.6 %         |  0.86 s     |
//! | **WebP lossy q80 (libwebp, m4)** |   387 kB           |  4.5 %         |  0.85 s     |
//! | WebP lossy q85 (libwebp, m4)     |   514 kB           |  6.0 %         |  0.92 s     |
//! | JPEG q80 (`image`'s encoder)     |   818 kB           |  9.6 %         |  0.31 s     |
//! | JPEG q85 (`image`'s encoder)     |   941 kB           | 11.0 %         |  0.31 s     |
//!
//! WebP q80 is less than half of JPEG q80's bytes, and every current browser shows it (Chrome,
//! Edge, Firefox, Safari 14+, so every iPhone since iOS 14). It costs about a quarter of a
//! second more per photo than JPEG, paid once: the cache keeps it. libwebp compiles from the
//! source the `webp` crate bundles, with no system library. AVIF was not measured: its encoder
//! (rav1e) is a large Rust codebase to compile and is far slower per photo than libwebp, too
//! slow for a first build of 200 photos on 2 cores, while WebP already takes a camera photo from
//! megabytes to about 200 kB for all four widths.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

/// Widths offered in `srcset`: a phone (480), a phone at 2× or a tablet (800), the text column
/// at 2× (1200) and a wide screen (1600). Never wider than the original.
pub const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
/// libwebp's quality (0–100): 80 keeps photos free of visible blocking at a third of JPEG's size.
const QUALITY: f32 = 80.0;
/// libwebp's effort (0 fastest – 6 smallest); 4 is its default, the best size per second.
const METHOD: i32 = 4;
/// Largest picture decoded: 50 megapixels (a 8660×5773 photo) is 200 MB as RGBA, so a hostile
/// file cannot take the machine's memory, and no camera an agency has makes larger.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Changes whenever anything that shapes the output changes, so old cache entries (and the
/// names browsers have cached) are never reused for differently made images.
const SETTINGS: &str = "bangtin-anh 1; webp q80 m4; 480,800,1200,1600; lanczos3 from widest; srgb8";
/// First line of a cache entry's description.
const MANIFEST_HEADER: &str = "bangtin-anh 1";
/// The cache folder, inside the site root.
pub const CACHE_DIR: &str = ".bangtin/anh";

/// Why an image cannot be published, in plain Vietnamese. The caller adds the page and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError {
    pub message: String,
    pub help: Option<String>,
}

impl ImageError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        ImageError {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  → {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImageError {}

/// An image ready to publish: its upright size and its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// Width and height of the upright original (after EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// Widest last; never wider than the original; at least one.
    pub variants: Vec<Variant>,
}

/// One width of a processed image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// File name to publish, unique per content and width: "<hash12>-800.webp".
    pub file_name: String,
    pub width: u32,
    pub height: u32,
    /// Path of the processed file in the cache (the build copies or hard-links it to output).
    pub path: PathBuf,
    pub bytes: u64,
}

/// The result for one image hash, made by the first thread that asks.
type Slot = Arc<OnceLock<Result<Processed, ImageError>>>;

/// Where processed images are kept between builds: `<site root>/.bangtin/anh/`.
pub struct ImageCache {
    dir: PathBuf,
    /// One slot per image hash, so pages that show the same photo (a logo on every page) have
    /// it encoded once while the others wait for it, and `serve` answers from memory.
    slots: Mutex<HashMap<String, Slot>>,
    encoded: AtomicU64,
}

impl ImageCache {
    pub fn new(site_root: &Path) -> ImageCache {
        ImageCache {
            dir: site_root.join(CACHE_DIR),
            slots: Mutex::new(HashMap::new()),
            encoded: AtomicU64::new(0),
        }
    }

    /// The folder the processed files are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many variants this cache has encoded (not taken from disk) since it was made.
    pub fn encoded(&self) -> u64 {
        self.encoded.load(Ordering::Relaxed)
    }

    /// Processes (or takes from the cache) the image with these bytes. Thread-safe (&self):
    /// the build renders pages on several threads. `source` only sharpens the advice given for
    /// a file that is not an image (an iPhone's `.heic`).
    pub fn process(&self, source: &Path, bytes: &[u8]) -> Result<Processed, ImageError> {
        let digest = blake3::Hasher::new()
            .update(SETTINGS.as_bytes())
            .update(&[0])
            .update(bytes)
            .finalize();
        let full = digest.to_hex().to_string();
        let slot = {
            // A poisoned lock only means another thread panicked while holding it: the map
            // itself is still whole (entries are inserted in one call).
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            slots.entry(full.clone()).or_default().clone()
        };
        let result = slot
            .get_or_init(|| {
                if let Some(done) = self.cached(&full) {
                    return Ok(done);
                }
                self.make(source, bytes, &full)
            })
            .clone();
        if result.is_err() {
            // Not kept: in a serve session the editor may fix the folder's permissions, or the
            // disk may have room again, and the next build should try again.
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            slots.remove(&full);
        }
        result
    }

    /// Removes the cache entries whose images no page used in this build. `used` holds the
    /// `file_name`s of the variants the build published; any one variant of an image keeps all
    /// of them. Only files this module makes (`<hash12>-<width>.webp`, `<hash12>.txt` and the
    /// temporary files of processes that no longer run) inside `.bangtin/anh/` are removed.
    /// Returns how many files were removed.
    pub fn prune(&self, used: &HashSet<String>) -> Result<usize, ImageError> {
        let used_hashes: HashSet<&str> = used
            .iter()
            .filter_map(|name| name.get(..12).filter(|h| is_hash12(h)))
            .collect();
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(io_error(&self.dir, &e, "đọc")),
        };
        let mut removed = 0;
        let mut dropped = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&self.dir, &e, "đọc"))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let remove = match cache_file_hash(name) {
                Some(hash) => !used_hashes.contains(hash),
                None => temp_file_pid(name).is_some_and(|pid| {
                    pid != std::process::id() && !crate::output::process_alive(pid)
                }),
            };
            if !remove || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            fs::remove_file(&path).map_err(|e| io_error(&path, &e, "xóa"))?;
            removed += 1;
            if let Some(hash) = cache_file_hash(name) {
                dropped.push(hash.to_string());
            }
        }
        // A serve session keeps its ImageCache: forget what was removed so it is made again.
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.retain(|full, _| !dropped.iter().any(|h| full.starts_with(h.as_str())));
        Ok(removed)
    }

    /// The entry for this hash if it is whole: its description reads, names this full hash,
    /// and every variant file has the length and hash written there. Anything else is redone.
    fn cached(&self, full: &str) -> Option<Processed> {
        let hash12 = &full[..12];
        let text = fs::read_to_string(self.dir.join(format!("{hash12}.txt"))).ok()?;
        let mut lines = text.lines();
        if lines.next()? != MANIFEST_HEADER || lines.next()? != full {
            return None;
        }
        let (width, height) = parse_pair(lines.next()?)?;
        let sizes = variant_sizes(width, height);
        let mut variants = Vec::with_capacity(sizes.len());
        for (w, h) in sizes {
            let mut fields = lines.next()?.split(' ');
            let (bytes, hash) = (fields.next()?.parse::<u64>().ok()?, fields.next()?);
            let file_name = variant_name(hash12, w);
            let path = self.dir.join(&file_name);
            let data = fs::read(&path).ok()?;
            if data.len() as u64 != bytes || blake3::hash(&data).to_hex().as_str() != hash {
                return None;
            }
            variants.push(Variant {
                file_name,
                width: w,
                height: h,
                path,
                bytes,
            });
        }
        Some(Processed {
            width,
            height,
            variants,
        })
    }

    /// Decodes, resizes, encodes and writes the variants, then the description last, so an
    /// entry whose description exists is complete.
    fn make(&self, source: &Path, bytes: &[u8], full: &str) -> Result<Processed, ImageError> {
        let image = decode(source, bytes)?;
        let (width, height) = (image.width(), image.height());
        // RGBA for every image, opaque or not: the resizer is compiled for that one pixel
        // type (crates/resize), and libwebp writes no alpha for a picture without transparency.
        let alpha = image.color().has_alpha();
        let pixels = image.into_rgba8().into_raw();
        fs::create_dir_all(&self.dir).map_err(|e| io_error(&self.dir, &e, "tạo"))?;
        let hash12 = &full[..12];
        let mut manifest = format!("{MANIFEST_HEADER}\n{full}\n{width} {height}\n");
        let sizes = variant_sizes(width, height);
        // The widest copy is resized from the original, the narrower ones from that copy: a
        // Lanczos pass costs about the same for any target width, in proportion to the pixels
        // it reads, and the 1600-pixel copy of a 12-megapixel photo has a sixth of them.
        let (widest_w, widest_h) = sizes.last().copied().unwrap_or((width, height));
        let widest = if (widest_w, widest_h) == (width, height) {
            None
        } else {
            Some(
                bangtin_resize::lanczos_rgba(&pixels, width, height, widest_w, widest_h, alpha)
                    .map_err(|e| internal(&e))?,
            )
        };
        let base = widest.as_deref().unwrap_or(&pixels);
        let mut variants = Vec::new();
        for (w, h) in sizes {
            let webp = if (w, h) == (widest_w, widest_h) {
                encode(base, w, h)?
            } else {
                let resized = bangtin_resize::lanczos_rgba(base, widest_w, widest_h, w, h, alpha)
                    .map_err(|e| internal(&e))?;
                encode(&resized, w, h)?
            };
            self.encoded.fetch_add(1, Ordering::Relaxed);
            let file_name = variant_name(hash12, w);
            let path = self.dir.join(&file_name);
            self.write_whole(&path, &webp)?;
            manifest.push_str(&format!(
                "{} {}\n",
                webp.len(),
                blake3::hash(&webp).to_hex()
            ));
            variants.push(Variant {
                file_name,
                width: w,
                height: h,
                path,
                bytes: webp.len() as u64,
            });
        }
        self.write_whole(&self.dir.join(format!("{hash12}.txt")), manifest.as_bytes())?;
        Ok(Processed {
            width,
            height,
            variants,
        })
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`: a reader (or a
    /// build killed half-way) never sees half a file, and two threads or two processes writing
    /// the same entry each rename a whole, identical file.
    fn write_whole(&self, path: &Path, data: &[u8]) -> Result<(), ImageError> {
        // One counter for the whole process, not one per cache: two caches over the same
        // folder (a test, or serve beside a build) must never pick the same temporary name.
        static TEMP_SERIAL: AtomicU64 = AtomicU64::new(0);
        let serial = TEMP_SERIAL.fetch_add(1, Ordering::Relaxed);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("anh");
        let temp = self
            .dir
            .join(format!(".tmp-{}-{serial}-{name}", std::process::id()));
        let written = fs::File::create(&temp).and_then(|mut f| f.write_all(data));
        let result = written.and_then(|()| fs::rename(&temp, path));
        if let Err(e) = result {
            let _ = fs::remove_file(&temp); // best effort: the error below is what matters
            return Err(io_error(path, &e, "ghi"));
        }
        Ok(())
    }
}

/// The sizes published for an upright `width`×`height` image: each of [`WIDTHS`] narrower than
/// it, then the image's own width when it is at most the widest and clearly (10%) wider than the
/// last one; so a small image gets one variant at its own size and none is upscaled.
pub fn variant_sizes(width: u32, height: u32) -> Vec<(u32, u32)> {
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    let widest = WIDTHS[WIDTHS.len() - 1];
    if width <= widest && widths.last().is_none_or(|&last| width * 10 > last * 11) {
        widths.push(width);
    }
    widths
        .into_iter()
        .map(|w| {
            let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
            (w, u32::try_from(h).unwrap_or(u32::MAX).max(1))
        })
        .collect()
}

fn variant_name(hash12: &str, width: u32) -> String {
    format!("{hash12}-{width}.webp")
}

fn is_hash12(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The hash of a file this module names `<hash12>-<width>.webp` or `<hash12>.txt`.
fn cache_file_hash(name: &str) -> Option<&str> {
    let hash = name.get(..12).filter(|h| is_hash12(h))?;
    let rest = &name[12..];
    let variant = rest
        .strip_prefix('-')
        .and_then(|r| r.strip_suffix(".webp"))
        .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
    (variant || rest == ".txt").then_some(hash)
}

/// The process id in a temporary file's name `.tmp-<pid>-<serial>-<name>`.
fn temp_file_pid(name: &str) -> Option<u32> {
    let mut parts = name.strip_prefix(".tmp-")?.splitn(3, '-');
    let pid = parts.next()?.parse().ok()?;
    parts.next()?.parse::<u64>().ok()?;
    parts.next()?;
    Some(pid)
}

fn parse_pair(line: &str) -> Option<(u32, u32)> {
    let (a, b) = line.split_once(' ')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (a > 0 && b > 0).then_some((a, b))
}

/// What a file that is not a supported image is, from its first bytes, in words an editor knows.
fn describe_other(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let heic = bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"mif1" | b"msf1"
        );
    if heic {
        return Some((
            "HEIC (ảnh chụp bằng iPhone)",
            "Trên iPhone, mở ảnh, chọn Chia sẻ → Lưu vào Tệp với định dạng JPEG (hoặc đặt Cài đặt → \
             Camera → Định dạng → Tương thích nhất cho những ảnh sau), rồi thay tệp này bằng tệp JPEG.",
        ));
    }
    let named = match image::guess_format(bytes).ok()? {
        ImageFormat::Avif => "AVIF",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Ico => "ICO",
        ImageFormat::Pnm => "PNM",
        ImageFormat::Tga => "TGA",
        ImageFormat::Dds => "DDS",
        ImageFormat::Hdr => "HDR",
        ImageFormat::OpenExr => "OpenEXR",
        ImageFormat::Qoi => "QOI",
        ImageFormat::Farbfeld => "Farbfeld",
        _ => return None,
    };
    Some((
        named,
        "Mở ảnh bằng trình xem hoặc sửa ảnh và lưu lại dưới dạng JPEG (ảnh chụp) hoặc PNG (hình vẽ, \
         ảnh chụp màn hình), rồi dùng tệp mới.",
    ))
}

/// Decodes JPEG, PNG, WebP or GIF (its first frame) within [`MAX_PIXELS`], upright.
fn decode(source: &Path, bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::new(
            "tệp ảnh rỗng (0 byte)",
            "Tệp có thể chưa chép xong: chép lại ảnh gốc từ máy ảnh hoặc điện thoại vào đây.",
        ));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| internal(&e))?;
    let supported = matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)
    );
    if !supported {
        let mut message = "không đọc được ảnh: tệp không phải JPEG/PNG/WebP/GIF".to_string();
        let (kind, help) = describe_other(bytes).unwrap_or((
            "",
            "Chỉ dùng ảnh JPEG (.jpg), PNG (.png), WebP (.webp) hoặc GIF (.gif). Nếu tệp có đuôi \
             như vậy mà vẫn báo lỗi, có thể nó là tệp khác bị đổi tên: mở bằng trình xem ảnh và \
             lưu lại dưới dạng JPEG.",
        ));
        let heic_name = source
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("heic") || e.eq_ignore_ascii_case("heif"));
        if !kind.is_empty() {
            message.push_str(&format!(" mà là ảnh dạng {kind}"));
        } else if heic_name {
            let (_, heic_help) = describe_other(b"\0\0\0\0ftypheic").unwrap_or(("", help));
            return Err(ImageError::new(message, heic_help));
        }
        return Err(ImageError::new(message, help));
    }
    if reader.format() == Some(ImageFormat::Jpeg) && !jpeg_is_whole(bytes) {
        // The JPEG decoder paints what is missing grey rather than failing: a photo cut short
        // in copying would be published with its lower part grey.
        return Err(ImageError::new(
            "ảnh hỏng: tệp JPEG bị cắt cụt, thiếu phần cuối của ảnh",
            "Tệp có thể chưa chép xong hoặc tải về chưa hết: chép lại ảnh gốc từ máy ảnh hoặc \
             điện thoại rồi dựng lại.",
        ));
    }
    let mut limits = image::Limits::default();
    // The pixel count is checked below with a plain message; this bounds what decoders allocate
    // besides (a 16-bit RGBA picture of 50 megapixels is 400 MB).
    limits.max_alloc = Some(MAX_PIXELS * 8 + (64 << 20));
    let mut reader = reader;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| broken(&e))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ImageError::new(
            format!(
                "ảnh quá lớn: {w}×{h} điểm ảnh, quá {} triệu điểm ảnh bangtin nhận",
                MAX_PIXELS / 1_000_000
            ),
            "Thu nhỏ ảnh (chiều rộng 4000 điểm ảnh là quá đủ cho trang web) rồi dùng tệp mới.",
        ));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    drop(decoder);
    // The pixels are decoded by `load_from_memory` (its default limit, 512 MiB, still holds)
    // rather than `from_decoder(decoder)`: that one is generic, so in unoptimised builds (the
    // tests) the whole JPEG decoder would run unoptimised, about 20 times slower.
    let mut image = image::load_from_memory(bytes).map_err(|e| broken(&e))?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Whether a JPEG's compressed picture ends with its end-of-image marker. Segments before the
/// picture are skipped by their length, so the end marker of the thumbnail that cameras put in
/// EXIF does not count; inside the picture a 0xFF byte is always followed by 0x00 or a marker,
/// so the first FF D9 after the scan starts is the real end. Data after it (phones append some)
/// is allowed. A layout this walk does not follow is left to the decoder.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return true;
        }
        match bytes[at + 1] {
            0xFF => at += 1,
            0x01 | 0xD0..=0xD7 => at += 2,
            0xD9 => return false,
            0xDA => return bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]),
            _ => at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]])),
        }
    }
    false
}

/// Lossy WebP of `width`×`height` RGBA pixels.
fn encode(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ImageError> {
    // libwebp pictures are at most 16383 px a side; a 50-megapixel image may be taller than
    // that (a long infographic) only at its own width, which `variant_sizes` gives when ≤ 1600.
    if width > 16383 || height > 16383 {
        return Err(ImageError::new(
            format!("ảnh quá dài: {width}×{height} điểm ảnh, mỗi chiều tối đa 16383"),
            "Cắt ảnh thành nhiều ảnh ngắn hơn, hoặc thu nhỏ lại, rồi dùng các tệp mới.",
        ));
    }
    let mut config = webp::WebPConfig::new().map_err(|()| internal(&"WebPConfig"))?;
    config.quality = QUALITY;
    config.method = METHOD;
    config.alpha_compression = 1;
    let memory = webp::Encoder::new(pixels, webp::PixelLayout::Rgba, width, height)
        .encode_advanced(&config)
        .map_err(|e| internal(&format!("{e:?}")))?;
    Ok(memory.to_vec())
}

fn broken(e: &image::ImageError) -> ImageError {
    match e {
        image::ImageError::Limits(_) => ImageError::new(
            format!(
                "ảnh quá lớn: giải mã cần nhiều bộ nhớ hơn mức cho phép ({} triệu điểm ảnh)",
                MAX_PIXELS / 1_000_000
            ),
            "Thu nhỏ ảnh (chiều rộng 4000 điểm ảnh là quá đủ cho trang web) rồi dùng tệp mới.",
        ),
        image::ImageError::Unsupported(_) => ImageError::new(
            "không đọc được ảnh: ảnh dùng một kiểu mã hóa bangtin chưa đọc được",
            format!(
                "Mở ảnh bằng trình xem ảnh và lưu lại dưới dạng JPEG hoặc PNG thông thường, rồi \
                 dùng tệp mới. (Chi tiết kỹ thuật: {e})"
            ),
        ),
        _ => ImageError::new(
            "ảnh hỏng: không giải mã được (tệp bị cắt cụt hoặc hỏng khi chép)",
            format!(
                "Mở ảnh bằng trình xem ảnh để kiểm tra; chép lại ảnh gốc từ máy ảnh hoặc điện \
                 thoại rồi dựng lại. (Chi tiết kỹ thuật: {e})"
            ),
        ),
    }
}

fn io_error(path: &Path, e: &std::io::Error, verb: &str) -> ImageError {
    ImageError::new(
        format!("không {verb} được `{}`: {e}", path.display()),
        "Kiểm tra quyền ghi vào thư mục của trang và chỗ trống trên đĩa; thư mục .bangtin/ có thể \
         xóa đi bất cứ lúc nào, bangtin sẽ làm lại ảnh.",
    )
}

fn internal(e: &dyn fmt::Display) -> ImageError {
    ImageError::new(
        format!("lỗi khi xử lý ảnh: {e}"),
        "Đây là lỗi của bangtin, không phải của ảnh: xin báo lại kèm tệp ảnh.",
    )
}

/// A photo of `static/` as it is published: the same file without its metadata (EXIF with the
/// GPS position, XMP, IPTC, comments, PNG text chunks), the pixels untouched. A JPEG that its
/// EXIF says to turn (a phone held upright) is re-encoded upright instead, at quality 90: once
/// the EXIF is gone nothing would turn it. `ext` is the file's extension, in lower case.
pub fn without_metadata(source: &Path, bytes: &[u8], ext: &str) -> Result<Vec<u8>, ImageError> {
    use img_parts::{Bytes, ImageEXIF};
    let unreadable = |e: &dyn fmt::Display| {
        ImageError::new(
            format!("không đọc được ảnh trong static/: {e}"),
            "Mở ảnh bằng trình xem ảnh và lưu lại dưới dạng JPEG hoặc PNG, hoặc xóa tệp nếu trang không dùng.",
        )
    };
    match ext {
        "jpg" | "jpeg" => {
            let orientation = ImageReader::new(Cursor::new(bytes))
                .with_guessed_format()
                .ok()
                .and_then(|r| r.into_decoder().ok())
                .and_then(|mut d| d.orientation().ok())
                .unwrap_or(image::metadata::Orientation::NoTransforms);
            if orientation != image::metadata::Orientation::NoTransforms {
                let upright = decode(source, bytes)?.into_rgb8();
                let mut out = Vec::new();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
                    .write_image(
                        upright.as_raw(),
                        upright.width(),
                        upright.height(),
                        image::ExtendedColorType::Rgb8,
                    )
                    .map_err(|e| internal(&e))?;
                return Ok(out);
            }
            let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(Bytes::copy_from_slice(bytes))
                .map_err(|e| unreadable(&e))?;
            // APP1: EXIF and XMP; APP13: IPTC (Photoshop); COM: comments.
            jpeg.segments_mut()
                .retain(|s| !matches!(s.marker(), 0xE1 | 0xED | 0xFE));
            Ok(jpeg.encoder().bytes().to_vec())
        }
        "png" => {
            let mut png = img_parts::png::Png::from_bytes(Bytes::copy_from_slice(bytes))
                .map_err(|e| unreadable(&e))?;
            png.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"));
            Ok(png.encoder().bytes().to_vec())
        }
        "webp" => {
            let mut webp = img_parts::webp::WebP::from_bytes(Bytes::copy_from_slice(bytes))
                .map_err(|e| unreadable(&e))?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Also clears the extended header's flags for what is gone.
            webp.set_exif(None);
            Ok(webp.encoder().bytes().to_vec())
        }
        _ => Ok(bytes.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_offered_up_to_the_original_and_never_above() {
        assert_eq!(
            variant_sizes(4000, 3000),
            [(480, 360), (800, 600), (1200, 900), (1600, 1200)]
        );
        // Upright portrait from a phone.
        assert_eq!(
            variant_sizes(3000, 4000),
            [(480, 640), (800, 1067), (1200, 1600), (1600, 2133)]
        );
        assert_eq!(
            variant_sizes(1000, 500),
            [(480, 240), (800, 400), (1000, 500)]
        );
        // 820 is too close to 800 to be worth a file of its own.
        assert_eq!(variant_sizes(820, 410), [(480, 240), (800, 400)]);
        assert_eq!(variant_sizes(300, 200), [(300, 200)]);
        assert_eq!(variant_sizes(480, 10), [(480, 10)]);
        // A thin strip keeps at least one pixel of height.
        assert_eq!(variant_sizes(5000, 1)[0], (480, 1));
    }

    #[test]
    fn only_files_this_module_names_are_its_own() {
        assert_eq!(
            cache_file_hash("0123456789ab-800.webp"),
            Some("0123456789ab")
        );
        assert_eq!(cache_file_hash("0123456789ab.txt"), Some("0123456789ab"));
        for other in [
            "0123456789ab-.webp",
            "0123456789AB-800.webp",
            "anh.webp",
            "ghi-chu.txt",
        ] {
            assert_eq!(cache_file_hash(other), None, "{other}");
        }
        assert_eq!(temp_file_pid(".tmp-42-0-0123456789ab-800.webp"), Some(42));
        assert_eq!(temp_file_pid(".tmp-x-0-a"), None);
    }
}
