//! What a viewer embedded in another site's page (`<article-viewer>`, `www/embed.js`) needs besides the page's
//! own: its stylesheet, made immune to the partner page's root font size.
//!
//! Inside a shadow root the partner's selectors no longer reach the viewer, but `rem` still means the partner's
//! root font size (a global `html { font-size: 10px }` would shrink every `rem`). So the page's stylesheet is
//! rewritten for the shadow root: every `<n>rem` becomes `calc(<n> * var(--av-rem))`, `:root` (where the theme's
//! defaults are) becomes `:host`, and `:host` fixes `--av-rem` and resets what the host element would inherit
//! from the partner's page.

/// The rules that make the shadow root's host a block of its own.
const HOST_RULES: &str = "
/* The embedded viewer (www/embed.js): its own root font size, nothing inherited from the partner's page. */
:host {
  all: initial;
  display: block;
  --av-rem: 16px;
}

:host([hidden]) {
  display: none;
}

.viewer {
  min-height: 0;
}
";

/// The page's stylesheet `css`, rewritten for a viewer in a shadow root.
pub fn stylesheet(css: &str) -> String {
    let mut scoped = String::with_capacity(css.len() + css.len() / 4 + HOST_RULES.len());
    let bytes = css.as_bytes();
    let mut copied = 0;
    let mut index = 0;
    while index < bytes.len() {
        let Some((start, end)) = rem_number_at(bytes, index) else {
            index += 1;
            continue;
        };
        scoped.push_str(&css[copied..start]);
        scoped.push_str("calc(");
        scoped.push_str(&css[start..end]);
        scoped.push_str(" * var(--av-rem))");
        copied = end + "rem".len();
        index = copied;
    }
    scoped.push_str(&css[copied..]);
    let mut scoped = scoped.replace(":root", ":host");
    scoped.push_str(HOST_RULES);
    scoped
}

/// The number (with its sign) of a `rem` length starting at `index`: its start and end, before the unit.
fn rem_number_at(bytes: &[u8], index: usize) -> Option<(usize, usize)> {
    let before = |at: usize| at.checked_sub(1).map(|at| bytes[at]);
    // A sign belongs to the number only where it does not end a name (`-2rem`, not `a-2rem`).
    let start = match bytes[index] {
        b'-' | b'+' if !before(index).is_some_and(is_name_byte) => index + 1,
        _ if before(index).is_some_and(|byte| is_name_byte(byte) || byte == b'.') => return None,
        _ => index,
    };
    let digits = bytes[start..]
        .iter()
        .take_while(|byte| byte.is_ascii_digit() || **byte == b'.')
        .count();
    let end = start + digits;
    let unit_end = end + "rem".len();
    let is_rem = bytes[start..end].iter().any(u8::is_ascii_digit)
        && bytes.get(end..unit_end) == Some(b"rem")
        && !bytes.get(unit_end).is_some_and(|byte| is_name_byte(*byte));
    is_rem.then_some((index, end))
}

/// Whether `byte` can be part of a CSS name (so a number right after it is part of the name).
fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || byte >= 0x80
}

#[cfg(test)]
mod tests {
    use super::stylesheet;

    #[test]
    fn rem_lengths_become_lengths_of_the_viewers_own_root_size() {
        let scoped = stylesheet(".a { margin: 1rem 0.5rem -2rem .75rem; font-size: 1.0625rem; }");
        assert!(
            scoped.starts_with(
                ".a { margin: calc(1 * var(--av-rem)) calc(0.5 * var(--av-rem)) calc(-2 * var(--av-rem)) \
                 calc(.75 * var(--av-rem)); font-size: calc(1.0625 * var(--av-rem)); }"
            ),
            "{scoped}"
        );
        assert!(scoped.contains(":host {\n  all: initial;"));
        assert_eq!(
            stylesheet(":root { --av-accent: red; }").lines().next(),
            Some(":host { --av-accent: red; }")
        );
    }

    #[test]
    fn only_rem_numbers_change() {
        for css in [
            ".remark { color: red; }",
            ".h2 { width: 2em; height: 3px; line-height: 1.8; }",
            "@media (min-width: 40rem-ish) {}",
            ".x { grid-area: a2rem; }",
            ".x { grid-area: a-2rem; }",
            ".x { width: 2.rem5; }",
        ] {
            assert!(stylesheet(css).starts_with(css), "{css}");
        }
    }

    #[test]
    fn the_pages_stylesheet_keeps_no_rem() {
        let scoped = stylesheet(include_str!("../www/style.css"));
        let left: Vec<&str> = scoped
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .filter(|word| {
                word.ends_with("rem") && word.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            })
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
