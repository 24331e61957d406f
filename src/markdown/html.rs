//! Raw HTML in Markdown, read as the allow-list of [`Allowed`] says: a small tolerant tokenizer (never the
//! browser's HTML parser, never `innerHTML`) turns it into tags and text, and the Markdown builder makes elements
//! of the harmless tags only. Everything else is dropped with its text kept; comments, and `<script>` and
//! `<style>` with their content, are dropped whole.
//!
//! The tokenizer follows the HTML standard where it matters for what the text means: tag and attribute names in
//! any case, values quoted either way or not at all, character references in text and in values, a tag cut off
//! by the end of the input dropped (`</p` without `>`), `<!--…-->`, `<!…>` and `<?…>` skipped. What it reads
//! only ever becomes text nodes and attribute values the builder checks, so a reading that differs from a
//! browser's can misplace text, never run it.

use std::borrow::Cow;

/// One piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'h> {
    /// `<name attribute=value …>`; names in lower case, values with their character references decoded.
    Start {
        /// The tag name.
        name: String,
        /// The attributes, in order; the first of a repeated name counts (see [`Token::attribute`]).
        attributes: Vec<(String, String)>,
    },
    /// `</name>`.
    End {
        /// The tag name.
        name: String,
    },
    /// Text, its character references decoded.
    Text(Cow<'h, str>),
}

impl Token<'_> {
    /// The value of a start tag's attribute `name` (lower case), as the first occurrence gives it.
    pub fn attribute(&self, wanted: &str) -> Option<&str> {
        match self {
            Token::Start { attributes, .. } => attributes
                .iter()
                .find(|(name, _)| name == wanted)
                .map(|(_, value)| value.as_str()),
            _ => None,
        }
    }
}

/// The tags and text of `html`, in order, character references decoded. Never fails: what is not a tag is text,
/// and a tag the input ends in the middle of is dropped.
pub fn tokens(html: &str) -> Vec<Token<'_>> {
    tokenize(html, true)
}

/// [`tokens`] with text and attribute values as written, character references and all: for tools that write
/// the markup out again, cleaned.
pub fn raw_tokens(html: &str) -> Vec<Token<'_>> {
    tokenize(html, false)
}

fn tokenize<'h>(html: &'h str, decoding: bool) -> Vec<Token<'h>> {
    let decode = |text: &'h str| -> Cow<'h, str> {
        if decoding {
            decode(text)
        } else {
            Cow::Borrowed(text)
        }
    };
    let mut tokens = Vec::new();
    let bytes = html.as_bytes();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let open = at + offset;
        let next = bytes.get(open + 1).copied();
        let starts_tag = match next {
            Some(letter) => letter.is_ascii_alphabetic() || matches!(letter, b'/' | b'!' | b'?'),
            None => false,
        };
        if !starts_tag {
            // A `<` that starts nothing is text.
            at = open + 1;
            continue;
        }
        push_text(&mut tokens, &html[text_start..open], decode);
        let after_tag = match next {
            Some(b'/') if bytes.get(open + 2).is_some_and(u8::is_ascii_alphabetic) => {
                end_tag(html, open, &mut tokens)
            }
            Some(b'!') if html[open..].starts_with("<!--") => Some(comment_end(html, open + 4)),
            // `<!DOCTYPE …>`, `<![CDATA[…]]>`, `<?…>`, `</3>`: skipped to the next `>`, as the standard's bogus
            // comments are.
            Some(b'!' | b'?' | b'/') => Some(
                html[open..]
                    .find('>')
                    .map_or(html.len(), |end| open + end + 1),
            ),
            _ => start_tag(html, open, &mut tokens, decode),
        };
        match after_tag {
            Some(end) => {
                text_start = end;
                at = end;
            }
            // The input ends inside the tag: the tag is dropped, and so is the rest.
            None => return tokens,
        }
    }
    push_text(&mut tokens, &html[text_start..], decode);
    tokens
}

fn push_text<'h>(
    tokens: &mut Vec<Token<'h>>,
    text: &'h str,
    decode: impl Fn(&'h str) -> Cow<'h, str>,
) {
    if !text.is_empty() {
        tokens.push(Token::Text(decode(text)));
    }
}

/// Where a comment opened before `from` ends: after `-->`, or at the end of the input.
fn comment_end(html: &str, from: usize) -> usize {
    // `<!-->` and `<!--->` end at once, as in the standard.
    for quick in [">", "->"] {
        if html[from..].starts_with(quick) {
            return from + quick.len();
        }
    }
    html[from..]
        .find("-->")
        .map_or(html.len(), |end| from + end + 3)
}

/// Reads the start tag at `open`; returns where it ends, or `None` when the input ends inside it.
fn start_tag<'h>(
    html: &'h str,
    open: usize,
    tokens: &mut Vec<Token<'h>>,
    decode: impl Fn(&'h str) -> Cow<'h, str>,
) -> Option<usize> {
    let (name, mut at) = name_at(html, open + 1);
    let bytes = html.as_bytes();
    let mut attributes: Vec<(String, String)> = Vec::new();
    loop {
        at = skip_space(html, at);
        match bytes.get(at)? {
            b'>' => break,
            b'/' => at += 1,
            _ => {
                let start = at;
                // The first character may be `=`; then a name runs to white space, `/`, `>` or `=`.
                at += html[at..].chars().next().map_or(1, char::len_utf8);
                while let Some(&byte) = bytes.get(at) {
                    if byte.is_ascii_whitespace() || matches!(byte, b'/' | b'>' | b'=') {
                        break;
                    }
                    at += 1;
                }
                let attribute = html[start..at].to_ascii_lowercase();
                at = skip_space(html, at);
                let mut value = String::new();
                if bytes.get(at) == Some(&b'=') {
                    at = skip_space(html, at + 1);
                    let (raw, end) = match bytes.get(at)? {
                        quote @ (b'"' | b'\'') => {
                            let close = html[at + 1..].find(*quote as char)? + at + 1;
                            (&html[at + 1..close], close + 1)
                        }
                        _ => {
                            let end = html[at..]
                                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                                .map_or(html.len(), |end| at + end);
                            (&html[at..end], end)
                        }
                    };
                    value = decode(raw).into_owned();
                    at = end;
                }
                if !attributes.iter().any(|(known, _)| *known == attribute) {
                    attributes.push((attribute, value));
                }
            }
        }
    }
    tokens.push(Token::Start { name, attributes });
    Some(at + 1)
}

/// Reads the end tag at `open` (`</name …>`, anything after the name ignored); `None` when the input ends in it.
fn end_tag<'h>(html: &'h str, open: usize, tokens: &mut Vec<Token<'h>>) -> Option<usize> {
    let (name, at) = name_at(html, open + 2);
    let close = html[at..].find('>')? + at;
    tokens.push(Token::End { name });
    Some(close + 1)
}

/// The tag name starting at `at`, lower case, and where it ends: up to white space, `/` or `>`.
fn name_at(html: &str, at: usize) -> (String, usize) {
    let end = html[at..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .map_or(html.len(), |end| at + end);
    (html[at..end].to_ascii_lowercase(), end)
}

fn skip_space(html: &str, at: usize) -> usize {
    html[at..]
        .find(|c: char| !c.is_ascii_whitespace())
        .map_or(html.len(), |offset| at + offset)
}

/// Named character references decoded; others stay as written. The ones documents use, not the standard's
/// 2,231: an unknown name is shown as typed, which is what a reader would see in a plain-text mail.
const NAMED: [(&str, char); 32] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("middot", '·'),
    ("bull", '•'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("times", '×'),
    ("divide", '÷'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("yen", '¥'),
    ("euro", '€'),
    ("sect", '§'),
    ("para", '¶'),
    ("larr", '←'),
];

/// `text` with its character references decoded: numeric ones (a code point that cannot be a character becomes
/// U+FFFD), and 32 common names, with their `;` (or without, for the five that HTML has always allowed so).
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((decoded, length)) => {
                out.push(decoded);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `text` (`&…`) stands for, and its length.
fn reference(text: &str) -> Option<(char, usize)> {
    let body = &text[1..];
    if let Some(number) = body.strip_prefix('#') {
        let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (number, 10, 2),
        };
        let length = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if length == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..length.min(8)], radix).unwrap_or(u32::MAX);
        let decoded = match char::from_u32(value) {
            Some('\0') | None => '\u{fffd}',
            Some(c) => c,
        };
        let semicolon = usize::from(digits[length..].starts_with(';'));
        return Some((decoded, skip + length + semicolon));
    }
    let length = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = &body[..length];
    let &(_, decoded) = NAMED.iter().find(|(known, _)| *known == name)?;
    if body[length..].starts_with(';') {
        Some((decoded, length + 2))
    } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp") {
        Some((decoded, length + 1))
    } else {
        None
    }
}

/// What the viewer makes of an allowed tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// An element of the same name, with the allowed attributes.
    Element(&'static str),
    /// An element without content: `br`, `hr`, `img`.
    Void(&'static str),
    /// `center`: a block whose content is centred (`div class="align-center"`).
    Centred,
    /// `a`: a link through [`crate::url::link_href`].
    Link,
}

/// Tags dropped with everything up to their end tag: what they hold is code or style, not text.
pub const DROPPED_WITH_CONTENT: [&str; 2] = ["script", "style"];

/// What the viewer makes of the tag `name` (lower case): `None` for a tag that is dropped, its text kept.
pub fn allowed(name: &str) -> Option<Allowed> {
    const ELEMENTS: [&str; 25] = [
        "p",
        "div",
        "span",
        "sub",
        "sup",
        "kbd",
        "details",
        "summary",
        "b",
        "i",
        "em",
        "strong",
        "u",
        "s",
        "del",
        "code",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "blockquote",
    ];
    match name {
        "a" => Some(Allowed::Link),
        "center" => Some(Allowed::Centred),
        "br" => Some(Allowed::Void("br")),
        "hr" => Some(Allowed::Void("hr")),
        "img" => Some(Allowed::Void("img")),
        _ => ELEMENTS
            .iter()
            .find(|known| **known == name)
            .map(|known| Allowed::Element(known)),
    }
}

/// The `class` an `align` attribute becomes (`align-left`, `align-center`, `align-right`), if it is one of those.
pub fn align_class(value: &str) -> Option<&'static str> {
    match value.trim().to_ascii_lowercase().as_str() {
        "left" => Some("align-left"),
        "center" | "middle" => Some("align-center"),
        "right" => Some("align-right"),
        _ => None,
    }
}

/// A `width` or `height` kept only as a plain number of pixels or a percentage.
pub fn dimension(value: &str) -> Option<&str> {
    let value = value.trim();
    let digits = value.strip_suffix('%').unwrap_or(value);
    (!digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|byte| byte.is_ascii_digit()))
        .then_some(value)
}

/// Whether an inline HTML piece opens a link (`<a …>`): text in it is not autolinked.
pub(super) fn opens_link(html: &str) -> bool {
    matches!(tokens(html).first(), Some(Token::Start { name, .. }) if name == "a")
}

/// Whether an inline HTML piece closes a link (`</a>`).
pub(super) fn closes_link(html: &str) -> bool {
    matches!(tokens(html).first(), Some(Token::End { name }) if name == "a")
}
