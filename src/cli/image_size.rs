//! The pixel size of an image file, read from its header: what `pack` writes as `lead.width` and `lead.height`,
//! so that the page keeps a lead photo's room while it loads. PNG, GIF, JPEG, WebP and SVG; anything else, or a
//! file too damaged to tell, has no size (the bundle then simply gives none).

/// The width and height of the image in `bytes`, in pixels.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let size = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        // The IHDR chunk comes first: width and height, big-endian, at 16 and 20.
        (be32(bytes, 16)?, be32(bytes, 20)?)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        (u32::from(le16(bytes, 6)?), u32::from(le16(bytes, 8)?))
    } else if bytes.starts_with(b"\xff\xd8") {
        jpeg_size(bytes)?
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        webp_size(bytes)?
    } else {
        svg_size(std::str::from_utf8(bytes).ok()?)?
    };
    (size.0 > 0 && size.1 > 0).then_some(size)
}

/// The size in a JPEG's first start-of-frame segment.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xff {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        // Fill bytes, and markers without a length.
        if marker == 0xff || marker == 0x01 || (0xd0..=0xd7).contains(&marker) {
            at += if marker == 0xff { 1 } else { 2 };
            continue;
        }
        let length = usize::from(be16(bytes, at + 2)?);
        // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            return Some((
                u32::from(be16(bytes, at + 7)?),
                u32::from(be16(bytes, at + 5)?),
            ));
        }
        at += 2 + length;
    }
}

/// The size in a WebP's first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X).
fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    match bytes.get(12..16)? {
        b"VP8 " => Some((
            u32::from(le16(bytes, 26)? & 0x3fff),
            u32::from(le16(bytes, 28)? & 0x3fff),
        )),
        b"VP8L" => {
            let bits = u32::from_le_bytes(bytes.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        b"VP8X" => {
            let le24 = |at: usize| -> Option<u32> {
                let b = bytes.get(at..at + 3)?;
                Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
            };
            Some((le24(24)? + 1, le24(27)? + 1))
        }
        _ => None,
    }
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

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
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
