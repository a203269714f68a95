//! Lanczos-3 resizing of 8-bit pixels (3 channels, or 4 with alpha), for bangtin's photos.

use fast_image_resize as fr;

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
    let pixel_type = match channels {
        3 => fr::PixelType::U8x3,
        4 => fr::PixelType::U8x4,
        n => return Err(format!("{n} kênh màu")),
    };
    let src = fr::images::ImageRef::new(width, height, pixels, pixel_type)
        .map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(to_width, to_height, pixel_type);
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    Ok(dst.into_vec())
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
}
