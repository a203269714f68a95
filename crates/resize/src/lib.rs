//! Lanczos-3 resizing of 8-bit pixels (3 channels, or 4 with alpha), for bangtin's photos.

use fast_image_resize as fr;
use fr::pixels::U8x4;

/// The pixels of a `width`×`height` image with `channels` (3 or 4) 8-bit channels, resized to
/// `to_width`×`to_height`; the error in words when the sizes do not fit the buffer.
///
/// Both kinds go through one pixel type, RGBA: fast_image_resize compiles its convolution
/// (scalar, SSE4.1 and AVX2 paths, both passes) once for every pixel type a program resizes,
/// and each type took about twenty seconds of a clean release build (issue 16). Three-channel
/// pixels get an opaque alpha for the resize, which then skips alpha's premultiplication, and
/// lose it after: the colours are those a three-channel resize gives (the tests below).
pub fn lanczos(
    pixels: &[u8],
    width: u32,
    height: u32,
    channels: u8,
    to_width: u32,
    to_height: u32,
) -> Result<Vec<u8>, String> {
    match channels {
        3 => {
            if pixels.len() != width as usize * height as usize * 3 {
                return Err(format!(
                    "{} byte cho ảnh {width}×{height} ba kênh màu",
                    pixels.len()
                ));
            }
            let rgba: Vec<u8> = pixels
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect();
            let out = lanczos_rgba(&rgba, width, height, to_width, to_height, false)?;
            Ok(out
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect())
        }
        4 => lanczos_rgba(pixels, width, height, to_width, to_height, true),
        n => Err(format!("{n} kênh màu")),
    }
}

/// The resize of RGBA pixels; `alpha` says whether the alpha channel means anything (then
/// colours are weighted by it, so a transparent pixel's colour does not bleed into its
/// neighbours); when it is false, the alpha channel comes out as it went in. `resize_typed`
/// compiles only the pixel type it is given, where `resize` would compile all 13 that
/// fast_image_resize has.
pub fn lanczos_rgba(
    pixels: &[u8],
    width: u32,
    height: u32,
    to_width: u32,
    to_height: u32,
    alpha: bool,
) -> Result<Vec<u8>, String> {
    let src = fr::images::TypedImageRef::<U8x4>::from_buffer(width, height, pixels)
        .map_err(|e| e.to_string())?;
    let mut out = vec![0u8; to_width as usize * to_height as usize * 4];
    let mut dst = fr::images::TypedImage::<U8x4>::from_buffer(to_width, to_height, &mut out)
        .map_err(|e| e.to_string())?;
    let options = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3))
        .use_alpha(alpha);
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
        let rgba: Vec<u8> = rgb
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        let from_rgb = super::lanczos(&rgb, 60, 40, 3, 25, 17).expect("resize rgb");
        let from_rgba = super::lanczos(&rgba, 60, 40, 4, 25, 17).expect("resize rgba");
        assert_eq!(from_rgba.len(), 25 * 17 * 4);
        assert!(from_rgba.chunks(4).all(|p| p[3] == 255));
        let colours: Vec<u8> = from_rgba
            .chunks(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        assert_eq!(colours, from_rgb);
        assert!(super::lanczos(&rgba, 60, 40, 2, 25, 17).is_err());
    }

    #[test]
    fn a_transparent_pixel_lends_no_colour_to_its_neighbours() {
        // Left half transparent red (its colour is invisible), right half opaque blue.
        let rgba: Vec<u8> = (0..40u32 * 20)
            .flat_map(|i| {
                if i % 40 < 20 {
                    [255, 0, 0, 0]
                } else {
                    [0, 0, 255, 255]
                }
            })
            .collect();
        let out = super::lanczos(&rgba, 40, 20, 4, 10, 5).expect("resize");
        let edge: Vec<&[u8]> = out.chunks(4).filter(|p| p[3] > 0 && p[3] < 255).collect();
        assert!(
            !edge.is_empty(),
            "no half-transparent pixel at the edge: {out:?}"
        );
        assert!(
            out.chunks(4).filter(|p| p[3] > 0).all(|p| p[0] == 0),
            "{out:?}"
        );
    }
}
