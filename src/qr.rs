//! QR codes drawn as inline SVG node trees: crisp at any size, printable, and labelled for screen readers.
//!
//! Encoding is qrcodegen's (Nayuki's reference-quality generator); this module only chooses the parameters
//! and draws the modules.

use std::fmt;

use qrcodegen::{QrCode, QrCodeEcc, QrSegment, Version};

use crate::node::{Element, Node};

/// The largest QR version drawn: 97×97 modules, which a phone still reads off a screen at the size the overlay uses.
/// Longer text is refused with [`QrError::TooLong`] rather than drawn unreadably dense.
pub const MAX_VERSION: u8 = 20;

/// Light modules around the code, as ISO/IEC 18004 requires for reliable scanning.
pub const QUIET_ZONE: i32 = 4;

/// Why no QR code could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrError {
    /// The text does not fit in a code of at most [`MAX_VERSION`] at error correction level M.
    TooLong {
        /// How many characters the text has.
        chars: usize,
    },
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QrError::TooLong { chars } => write!(f, "链接太长（{chars} 个字符），无法生成二维码"),
        }
    }
}

impl std::error::Error for QrError {}

/// Encodes `text` at error correction level M or better (raised while the version stays the same).
///
/// # Errors
/// [`QrError::TooLong`] when it does not fit in version [`MAX_VERSION`].
pub fn encode(text: &str) -> Result<QrCode, QrError> {
    let segments = QrSegment::make_segments(text);
    QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::new(MAX_VERSION),
        None,
        true,
    )
    .map_err(|_| QrError::TooLong {
        chars: text.chars().count(),
    })
}

/// The QR code of `text` as an `<svg role="img">` labelled `label`, quiet zone included.
/// Dark modules are one `<path>`, a run of modules in a row being one rectangle, on a white square.
///
/// # Errors
/// [`QrError::TooLong`] when `text` does not fit; see [`encode`].
pub fn svg(text: &str, label: &str) -> Result<Node, QrError> {
    let code = encode(text)?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let run_start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            let run = x - run_start;
            path.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                run_start + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
    }
    let extent = (size + 2 * QUIET_ZONE).to_string();
    Ok(Element::new("svg")
        .with_attr("class", "qr")
        .with_attr("viewBox", format!("0 0 {extent} {extent}"))
        .with_attr("role", "img")
        .with_attr("aria-label", label)
        .with_attr("shape-rendering", "crispEdges")
        .with_child(
            Element::new("rect")
                .with_attr("width", extent.as_str())
                .with_attr("height", extent.as_str())
                .with_attr("fill", "#fff"),
        )
        .with_child(
            Element::new("path")
                .with_attr("d", path)
                .with_attr("fill", "#000"),
        )
        .into())
}

// Decoding checks need the native-only dev-dependency rqrr.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
