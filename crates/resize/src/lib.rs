//! Lanczos-3 resizing of 8-bit pixels (3 channels, or 4 with alpha), for bangtin's photos.

use fast_image_resize as fr;
use fr::pixels::{U8x3, U8x4};

/// The pixels of a `width`×`height` image with `channels` (3 or 4) 8-bit channels, resized to
/// `to_width`×`to_height`; the error in words when the sizes do not fit the buffer.
pub fn lanczos(
    pixels: &[u8],
    width: u32,
    height: u32,
    channels: u8,
    to_width: u32,
    to_height: u32,
) -> Result<Vec<u8>, String> {
    match channels {
        3 => lanczos_typed::<U8x3>(pixels, width, height, to_width, to_height),
        4 => lanczos_typed::<U8x4>(pixels, width, height, to_width, to_height),
        n => Err(format!("{n} kênh màu")),
    }
}

/// The resize for one pixel type. `Resizer::resize` takes images whose pixel type is known only
/// at run time, so it compiles the whole convolution for all 13 pixel types fast_image_resize
/// has (8/16/32-bit, float, 1 to 4 channels, each with its SSE4.1 and AVX2 paths), and this
/// crate spent 89 s of a clean release build doing so. `resize_typed` is the same code for the
/// two types a photo has: the same pixels come out (the `resize_photo` example prints a
/// checksum), in a fraction of the compile time.
fn lanczos_typed<P: fr::PixelTrait>(
    pixels: &[u8],
    width: u32,
    height: u32,
    to_width: u32,
    to_height: u32,
) -> Result<Vec<u8>, String> {
    let src = fr::images::TypedImageRef::<P>::from_buffer(width, height, pixels)
        .map_err(|e| e.to_string())?;
    let mut out = vec![0u8; to_width as usize * to_height as usize * P::size()];
    let mut dst = fr::images::TypedImage::<P>::from_buffer(to_width, to_height, &mut out)
        .map_err(|e| e.to_string())?;
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize_typed(&src, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_flat_colour_stays_that_colour_at_any_size() {
        let pixels = [200u8, 30, 40].repeat(64 * 48);
        let out = super::lanczos(&pixels, 64, 48, 3, 16, 12).expect("resize");
        assert_eq!(out.len(), 16 * 12 * 3);
        assert!(out.chunks(3).all(|p| p == [200, 30, 40]));
        assert!(super::lanczos(&pixels, 64, 49, 3, 16, 12).is_err());
    }

    #[test]
    fn an_opaque_photo_with_alpha_resizes_to_the_same_colours_as_without() {
        let rgb: Vec<u8> = (0..60u32 * 40)
            .flat_map(|i| [(i * 7 % 256) as u8, (i / 60 * 5) as u8, (i % 60 * 4) as u8])
            .collect();
        let rgba: Vec<u8> = rgb.chunks(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
        let from_rgb = super::lanczos(&rgb, 60, 40, 3, 25, 17).expect("resize rgb");
        let from_rgba = super::lanczos(&rgba, 60, 40, 4, 25, 17).expect("resize rgba");
        assert_eq!(from_rgba.len(), 25 * 17 * 4);
        assert!(from_rgba.chunks(4).all(|p| p[3] == 255));
        let colours: Vec<u8> = from_rgba.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        assert_eq!(colours, from_rgb);
        assert!(super::lanczos(&rgba, 60, 40, 2, 25, 17).is_err());
    }
}
