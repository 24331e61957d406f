//! The pixel size of an image file, read from its header: what `pack` writes as `lead.width` and `lead.height`,
//! so that the page keeps a lead photo's room while it loads. PNG, GIF, JPEG and WebP are read by `imagesize`, and
//! SVG, which it does not read, here; anything else, or a file too damaged to tell, has no size (the bundle then
//! simply gives none).

/// The width and height of the image in `bytes`, in pixels.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    // A raster format that `imagesize` recognises but cannot read is damaged: it is not read again as SVG.
    let size = if imagesize::image_type(bytes).is_ok() {
        let size = imagesize::blob_size(bytes).ok()?;
        (
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        )
    } else {
        svg_size(std::str::from_utf8(bytes).ok()?)?
    };
    (size.0 > 0 && size.1 > 0).then_some(size)
}

/// The size an SVG declares: its root's `width` and `height` in pixels (unitless or `px`), or else its
/// `viewBox`.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let attribute = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().next_back();
            rest = &rest[at + name.len()..];
            if before.is_some_and(char::is_whitespace) {
                let value = rest.trim_start().strip_prefix('=')?.trim_start();
                let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                let value = &value[1..];
                return Some(&value[..value.find(quote)?]);
            }
        }
    };
    let pixels = |value: &str| -> Option<u32> {
        let number: f64 = value.trim().trim_end_matches("px").parse().ok()?;
        (1.0..=100_000.0)
            .contains(&number)
            .then(|| number.round() as u32)
    };
    if let (Some(width), Some(height)) = (
        attribute("width").and_then(pixels),
        attribute("height").and_then(pixels),
    ) {
        return Some((width, height));
    }
    let view_box: Vec<&str> = attribute("viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|part| !part.is_empty())
        .collect();
    match view_box.as_slice() {
        [_, _, width, height] => Some((pixels(width)?, pixels(height)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::image_size;

    #[test]
    fn png_gif_jpeg_and_webp_headers_give_their_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&427u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((640, 427)));

        let gif = b"GIF89a\x80\x02\xab\x01rest";
        assert_eq!(image_size(gif), Some((640, 427)));

        // SOI, an APP0 segment to skip, then SOF0: precision, height, width.
        let jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x01\xab\x02\x80\x03";
        assert_eq!(image_size(jpeg), Some((640, 427)));
        // DHT shares the SOF range and is skipped.
        let jpeg = b"\xff\xd8\xff\xc4\x00\x03a\xff\xc2\x00\x11\x08\x00\x10\x00\x20\x03";
        assert_eq!(image_size(jpeg), Some((32, 16)));

        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        webp.extend_from_slice(&[0x7f, 0x02, 0x00, 0xaa, 0x01, 0x00]);
        assert_eq!(image_size(&webp), Some((640, 427)));
        let mut lossless = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f".to_vec();
        lossless.extend_from_slice(&((639u32) | (426u32 << 14)).to_le_bytes());
        assert_eq!(image_size(&lossless), Some((640, 427)));
    }

    #[test]
    fn an_svg_gives_its_width_and_height_or_else_its_view_box() {
        let sized = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640px" height='427'>"#;
        assert_eq!(image_size(sized.as_bytes()), Some((640, 427)));
        let boxed =
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1280 720"><rect/></svg>"#;
        assert_eq!(image_size(boxed.as_bytes()), Some((1280, 720)));
        // Relative sizes say nothing about pixels; stroke-width is not width.
        let relative = r#"<svg stroke-width="2" width="100%" height="50%" viewBox="0,0,16,9">"#;
        assert_eq!(image_size(relative.as_bytes()), Some((16, 9)));
    }

    #[test]
    fn damaged_or_unknown_files_have_no_size() {
        for bytes in [
            &b""[..],
            b"\x89PNG\r\n\x1a\n\0\0",
            b"GIF89a\x00\x00\x00\x00",
            b"\xff\xd8\xff\xe0\x00\x10",
            b"\xff\xd8\x00",
            b"RIFF\0\0\0\0WEBPVP8X",
            b"<svg>",
            b"<svg width=\"abc\" height=\"1\">",
            b"plain text",
            b"\xff\xfe\xfd",
        ] {
            assert_eq!(image_size(bytes), None, "{bytes:?}");
        }
    }
}
