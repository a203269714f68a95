//! Photos as a camera or phone writes them, made up deterministically: a JPEG at quality 92 with
//! an EXIF block (make, model, orientation, GPS position), for the image tests and
//! `examples/images_bench.rs`. The picture is smooth shapes at three scales plus sensor grain,
//! so it compresses like a photo (a 4000×3000 one is several MB), not like a flat test card.
#![allow(dead_code)] // each includer uses part of it

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};

/// A deterministic hash of (seed, x, y) into 0..=255.
fn noise(seed: u64, x: i64, y: i64) -> u32 {
    let mut h = seed
        ^ (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    (h & 0xFF) as u32
}

/// Value noise at one scale (`cell` pixels), bilinear, 0..=255 × 256.
fn smooth(seed: u64, x: u32, y: u32, cell: u32) -> u32 {
    let (cx, cy) = (i64::from(x / cell), i64::from(y / cell));
    let (fx, fy) = ((x % cell) * 256 / cell, (y % cell) * 256 / cell);
    let a = noise(seed, cx, cy) * (256 - fx) + noise(seed, cx + 1, cy) * fx;
    let b = noise(seed, cx, cy + 1) * (256 - fx) + noise(seed, cx + 1, cy + 1) * fx;
    (a * (256 - fy) + b * fy) >> 8
}

/// RGB pixels of a made-up photo.
pub fn photo_pixels(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut px = Vec::with_capacity(width as usize * height as usize * 3);
    let big = (width / 8).max(2);
    for y in 0..height {
        for x in 0..width {
            let base = smooth(seed, x, y, big) / 256;
            let mid = smooth(seed ^ 1, x, y, 64) / 256;
            let fine = smooth(seed ^ 2, x, y, 9) / 256;
            let grain = noise(seed ^ 3, i64::from(x), i64::from(y)) % 13;
            // A few hard edges, as buildings and horizons give.
            let edge = if (x / 301 + y / 217 + seed as u32) % 5 == 0 {
                40
            } else {
                0
            };
            let v = |w: [u32; 3]| -> u8 {
                ((base * w[0] + mid * w[1] + fine * w[2]) / 100 + grain + edge).min(255) as u8
            };
            px.push(v([60, 25, 10]));
            px.push(v([50, 30, 12]));
            px.push(v([40, 20, 20]));
        }
    }
    px
}

/// JPEG bytes of `pixels` (RGB) at `quality`, without any metadata.
pub fn jpeg(pixels: &[u8], width: u32, height: u32, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(pixels, width, height, ExtendedColorType::Rgb8)
        .expect("encoding a made-up photo");
    out
}

/// The APP1 segment payload ("Exif\0\0" + TIFF) a phone writes: make, model, orientation
/// (1–8) and, when `gps` is given, latitude and longitude in degrees (north and east).
pub fn exif_payload(orientation: u16, gps: Option<(f64, f64)>) -> Vec<u8> {
    // Little-endian TIFF: header, IFD0, then the GPS IFD, then the values too long to inline.
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&value);
    }
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    let make = b"Bangtin Camera\0";
    let model = b"Test Model 1\0";
    let ifd0_count: u16 = if gps.is_some() { 4 } else { 3 };
    let ifd0_len = 2 + 12 * u32::from(ifd0_count) + 4;
    let gps_ifd = 8 + ifd0_len;
    let gps_len = if gps.is_some() { 2 + 12 * 4 + 4 } else { 0 };
    let mut data_at = gps_ifd + gps_len;
    let mut data = Vec::new();
    let mut put = |bytes: &[u8], data: &mut Vec<u8>| -> [u8; 4] {
        let at = data_at;
        data.extend_from_slice(bytes);
        data_at += bytes.len() as u32;
        at.to_le_bytes()
    };
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&ifd0_count.to_le_bytes());
    let make_at = put(make, &mut data);
    entry(&mut tiff, 0x010F, ASCII, make.len() as u32, make_at);
    let model_at = put(model, &mut data);
    entry(&mut tiff, 0x0110, ASCII, model.len() as u32, model_at);
    let o = orientation.to_le_bytes();
    entry(&mut tiff, 0x0112, SHORT, 1, [o[0], o[1], 0, 0]);
    if gps.is_some() {
        entry(&mut tiff, 0x8825, LONG, 1, gps_ifd.to_le_bytes());
    }
    tiff.extend_from_slice(&0u32.to_le_bytes());
    if let Some((lat, lon)) = gps {
        let dms = |deg: f64| -> Vec<u8> {
            let d = deg.trunc() as u32;
            let m = ((deg - f64::from(d)) * 60.0).trunc() as u32;
            let s = ((deg - f64::from(d) - f64::from(m) / 60.0) * 3600.0 * 100.0).round() as u32;
            [(d, 1u32), (m, 1), (s, 100)]
                .iter()
                .flat_map(|(n, q)| n.to_le_bytes().into_iter().chain(q.to_le_bytes()))
                .collect()
        };
        tiff.extend_from_slice(&4u16.to_le_bytes());
        entry(&mut tiff, 1, ASCII, 2, *b"N\0\0\0");
        let lat_at = put(&dms(lat), &mut data);
        entry(&mut tiff, 2, RATIONAL, 3, lat_at);
        entry(&mut tiff, 3, ASCII, 2, *b"E\0\0\0");
        let lon_at = put(&dms(lon), &mut data);
        entry(&mut tiff, 4, RATIONAL, 3, lon_at);
        tiff.extend_from_slice(&0u32.to_le_bytes());
    }
    tiff.extend_from_slice(&data);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    payload
}

/// `jpeg` with an APP1 segment holding `payload` right after its start marker, where cameras
/// put it.
pub fn with_app1(jpeg: &[u8], payload: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], b"\xFF\xD8", "not a JPEG");
    let len = u16::try_from(payload.len() + 2).expect("APP1 under 64 kB");
    let mut out = Vec::with_capacity(jpeg.len() + payload.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(b"\xFF\xE1");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A camera JPEG: a made-up photo with EXIF orientation and a GPS position in Hà Nội.
pub fn camera_jpeg(seed: u64, width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let pixels = photo_pixels(seed, width, height);
    let position = (21.0285 + seed as f64 * 1e-4, 105.8542);
    with_app1(
        &jpeg(&pixels, width, height, 92),
        &exif_payload(orientation, Some(position)),
    )
}
