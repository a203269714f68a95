//! Time of `lanczos` on one camera-sized photo (4000×3000, RGB and RGBA) to the four widths a
//! build makes (1600, 1200, 800, 480), best of a few rounds, so a change to how this crate is
//! compiled can be checked against photo resizing speed:
//!
//!     cargo run --release -p bangtin-resize --example resize_photo          # 5 rounds
//!     cargo run --release -p bangtin-resize --example resize_photo -- 10
//!
//! The pixels are made up (smooth gradients with deterministic noise), so no file is needed.

use std::time::{Duration, Instant};

fn photo(width: u32, height: u32, channels: u8) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut pixels = Vec::with_capacity((width * height) as usize * channels as usize);
    for y in 0..height {
        for x in 0..width {
            for c in 0..channels {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let smooth = (x * (c as u32 + 1) / 16 + y / 12) % 256;
                pixels.push((smooth as u8).wrapping_add((state % 24) as u8));
            }
        }
    }
    pixels
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let (width, height) = (4000, 3000);
    for channels in [3u8, 4] {
        let pixels = photo(width, height, channels);
        let mut best = Duration::MAX;
        let mut checksum = 0u64;
        for _ in 0..rounds {
            let started = Instant::now();
            for to_width in [1600, 1200, 800, 480] {
                let to_height = to_width * height / width;
                let out =
                    bangtin_resize::lanczos(&pixels, width, height, channels, to_width, to_height)
                        .expect("resize");
                checksum = out
                    .iter()
                    .fold(checksum, |h, &b| h.wrapping_mul(31).wrapping_add(b as u64));
            }
            best = best.min(started.elapsed());
        }
        println!(
            "{width}×{height}, {channels} channels, to 1600/1200/800/480: best of {rounds} {:.0} ms (checksum {checksum:016x})",
            best.as_secs_f64() * 1000.0
        );
    }
}
