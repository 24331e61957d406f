//! Which URLs from a bundle may reach an `href` or `src`, and how relative ones resolve.
//!
//! The checks look at a URL the way a browser's URL parser will: leading and trailing control characters and spaces
//! are dropped and tabs and newlines removed anywhere, so `" java\tscript:"` is seen as the `javascript:` it is.
//! Markdown entities are already decoded by the time a URL gets here.

use std::borrow::Cow;

/// The schemes a link may use; anything else with a scheme is refused.
const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The image types a `data:` URL may carry. SVG is left out: it is a document, not a picture.
const DATA_IMAGE_TYPES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
];

/// A link target (`href`) that is safe to follow: http(s), mailto or relative.
/// Returns the URL as the browser would read it, or `None` when it must not become a link.
pub fn link_href(raw: &str) -> Option<Cow<'_, str>> {
    let url = normalize(raw);
    match scheme(&url) {
        None => Some(url),
        Some(scheme)
            if LINK_SCHEMES
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed)) =>
        {
            Some(url)
        }
        Some(_) => None,
    }
}

/// An image source that is safe to load: http(s), relative, or a `data:` URL of a raster image type.
pub fn image_src(raw: &str) -> Option<Cow<'_, str>> {
    let url = normalize(raw);
    match scheme(&url) {
        None => Some(url),
        Some(scheme)
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            Some(url)
        }
        Some(scheme) if scheme.eq_ignore_ascii_case("data") => {
            let media_type = url[5..].split([';', ',']).next().unwrap_or("");
            DATA_IMAGE_TYPES
                .iter()
                .any(|allowed| media_type.trim().eq_ignore_ascii_case(allowed))
                .then_some(url)
        }
        Some(_) => None,
    }
}

/// A URL the viewer may fetch data from: http(s) or relative (not a fragment alone).
pub fn fetchable(raw: &str) -> Option<Cow<'_, str>> {
    let url = normalize(raw);
    let allowed = match scheme(&url) {
        None => !url.is_empty() && !url.starts_with('#'),
        Some(scheme) => scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"),
    };
    allowed.then_some(url)
}

/// An absolute http(s) URL with a host, trimmed; `None` for anything else.
pub fn absolute_http(raw: &str) -> Option<&str> {
    let url = raw.trim();
    if url.chars().any(|c| c.is_ascii_control() || c == ' ') {
        return None;
    }
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    (!host.is_empty() && !host.starts_with(':')).then_some(url)
}

/// Whether `url` is an absolute http(s) URL on another origin than `site_url`'s, so a link to it leaves the site.
pub fn is_external(url: &str, site_url: &str) -> bool {
    match (origin(url), origin(site_url)) {
        (Some(target), Some(site)) => !target.eq_ignore_ascii_case(site),
        _ => false,
    }
}

/// Resolves `reference` against the absolute URL `base`, as RFC 3986 section 5.2 does.
/// Fragment-only references stay as they are: they address the viewer's own page (`#/article/…`).
pub fn resolve(base: &str, reference: &str) -> String {
    if reference.starts_with('#') || scheme(reference).is_some() {
        return reference.to_owned();
    }
    let Some(base_scheme) = scheme(base) else {
        return reference.to_owned();
    };
    let after_scheme = &base[base_scheme.len() + 1..];
    if reference.starts_with("//") {
        return format!("{base_scheme}:{reference}");
    }
    // Split the base into authority, path and query; the fragment is never inherited.
    let (authority, rest) = match after_scheme.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            (&after_scheme[..end + 2], &after[end..])
        }
        None => ("", after_scheme),
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (base_path, base_query) = match rest.find('?') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    let prefix = format!("{base_scheme}:{authority}");
    if reference.is_empty() {
        return format!("{prefix}{base_path}{base_query}");
    }
    if reference.starts_with('?') {
        return format!("{prefix}{base_path}{reference}");
    }
    let (reference_path, reference_tail) = match reference.find(['?', '#']) {
        Some(at) => (&reference[..at], &reference[at..]),
        None => (reference, ""),
    };
    let merged = if reference_path.starts_with('/') {
        reference_path.to_owned()
    } else if !authority.is_empty() && base_path.is_empty() {
        format!("/{reference_path}")
    } else {
        let directory = base_path.rfind('/').map_or("", |at| &base_path[..=at]);
        format!("{directory}{reference_path}")
    };
    format!("{prefix}{}{reference_tail}", remove_dot_segments(&merged))
}

/// Decodes `%XX` escapes; malformed escapes stay as written and invalid UTF-8 becomes U+FFFD.
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(value) => {
                decoded.push(value);
                index += 3;
            }
            None => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Escapes everything but RFC 3986's unreserved characters, as `encodeURIComponent` does and stricter:
/// the result is one path segment or one query value, whatever the text.
pub fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Percent-encodes what may not stand in a URL as written in HTML: spaces and controls, non-ASCII, quotes, angle
/// and square brackets, braces, backslash, caret, grave accent and bar (the set CommonMark's reference renderers
/// escape); `&` and `'` are left to attribute escaping.
pub fn escape_href(url: &str) -> Cow<'_, str> {
    let needs_escape =
        |byte: u8| byte >= 0x80 || byte <= b' ' || b"\"<>[\\]^`{|}\x7f".contains(&byte);
    if !url.bytes().any(needs_escape) {
        return Cow::Borrowed(url);
    }
    let mut escaped = String::with_capacity(url.len() + 8);
    for (index, c) in url.char_indices() {
        if c.is_ascii() && !needs_escape(c as u8) {
            escaped.push(c);
        } else {
            for byte in url[index..index + c.len_utf8()].bytes() {
                escaped.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    Cow::Owned(escaped)
}

/// RFC 3986 section 5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut output: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let n_segments = segments.len();
    for (index, segment) in segments.iter().enumerate() {
        let is_last = index + 1 == n_segments;
        match *segment {
            "." => {
                if is_last {
                    output.push("");
                }
            }
            ".." => {
                if output.len() > 1 || output.first().is_some_and(|first| !first.is_empty()) {
                    output.pop();
                }
                if is_last {
                    output.push("");
                }
            }
            other => output.push(other),
        }
    }
    let joined = output.join("/");
    if path.starts_with('/') && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The URL as a browser's parser sees it: C0 controls and spaces trimmed at both ends, tabs and newlines removed.
fn normalize(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(
            trimmed
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect(),
        )
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// The scheme of an absolute URL (the text before the first `:`, when it is a valid scheme name).
fn scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let candidate = &url[..end];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(candidate)
}

/// `scheme://host[:port]` of an absolute http(s) URL.
fn origin(url: &str) -> Option<&str> {
    let url = absolute_http(url)?;
    let scheme_end = url.find("://")? + 3;
    let host_end = url[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| scheme_end + at);
    Some(&url[..host_end])
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_link(raw: &str, expect: Option<&str>) {
        assert_eq!(link_href(raw).as_deref(), expect, "link_href({raw:?})");
    }

    #[test]
    fn links_allow_web_mail_and_relative() {
        check_link(
            "https://example.cn/a?b=1#c",
            Some("https://example.cn/a?b=1#c"),
        );
        check_link("HTTP://EXAMPLE.CN", Some("HTTP://EXAMPLE.CN"));
        check_link("mailto:editor@example.cn", Some("mailto:editor@example.cn"));
        check_link("media/a.html", Some("media/a.html"));
        check_link("/about", Some("/about"));
        check_link("#/article/x", Some("#/article/x"));
        check_link("?q=1", Some("?q=1"));
        check_link("  https://example.cn  ", Some("https://example.cn"));
    }

    #[test]
    fn links_refuse_script_and_other_schemes() {
        check_link("javascript:alert(1)", None);
        check_link("JaVaScRiPt:alert(1)", None);
        check_link(" \u{1}javascript:alert(1)", None);
        check_link("java\tscript:alert(1)", None);
        check_link("java\nscript:alert(1)", None);
        check_link("vbscript:msgbox(1)", None);
        check_link("data:text/html,<script>alert(1)</script>", None);
        check_link("data:image/png;base64,AAAA", None);
        check_link("file:///etc/passwd", None);
        check_link("tel:123", None);
    }

    #[test]
    fn images_allow_raster_data_only() {
        assert!(image_src("data:image/png;base64,AAAA").is_some());
        assert!(image_src("DATA:IMAGE/JPEG;base64,AAAA").is_some());
        assert!(image_src("data:image/svg+xml,<svg onload=alert(1)>").is_none());
        assert!(image_src("data:text/html,x").is_none());
        assert!(image_src("javascript:alert(1)").is_none());
        assert!(image_src("mailto:a@b").is_none());
        assert!(image_src("media/lead.svg").is_some());
        assert!(image_src("https://example.cn/a.jpg").is_some());
    }

    #[test]
    fn absolute_http_needs_a_host() {
        assert_eq!(
            absolute_http("https://invest.example.cn/"),
            Some("https://invest.example.cn/")
        );
        assert_eq!(absolute_http(" http://a.cn "), Some("http://a.cn"));
        assert_eq!(absolute_http("invest"), None);
        assert_eq!(absolute_http("https://"), None);
        assert_eq!(absolute_http("https:///path"), None);
        assert_eq!(absolute_http("ftp://a.cn/"), None);
        assert_eq!(absolute_http("javascript://a.cn/%0aalert(1)"), None);
        assert_eq!(absolute_http("https://a.cn/x y"), None);
    }

    #[test]
    fn external_means_another_origin() {
        assert!(is_external(
            "https://other.cn/a",
            "https://invest.example.cn/"
        ));
        assert!(!is_external(
            "https://invest.example.cn/x",
            "https://invest.example.cn/"
        ));
        assert!(!is_external("media/x", "https://invest.example.cn/"));
        assert!(is_external(
            "http://invest.example.cn/x",
            "https://invest.example.cn/"
        ));
    }

    #[test]
    fn resolve_follows_rfc_3986() {
        let base = "http://a/b/c/d;p?q";
        for (reference, expect) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("g#s", "http://a/b/c/g#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("./../g", "http://a/b/g"),
            ("g/../h", "http://a/b/c/h"),
            ("https://x/y", "https://x/y"),
            ("#frag", "#frag"),
        ] {
            assert_eq!(
                resolve(base, reference),
                expect,
                "resolve({base:?}, {reference:?})"
            );
        }
        assert_eq!(
            resolve(
                "http://127.0.0.1:8000/bundles/sample.json",
                "media/lead.svg"
            ),
            "http://127.0.0.1:8000/bundles/media/lead.svg"
        );
        assert_eq!(resolve("https://a.cn", "x.jpg"), "https://a.cn/x.jpg");
        assert_eq!(
            resolve("file:///srv/www/b.json", "m/x.jpg"),
            "file:///srv/www/m/x.jpg"
        );
    }
}
