//! Conformance: the CommonMark 0.31.2 spec examples, and GFM's table and strikethrough examples, through our
//! Markdown renderer (`markdown::render`, then `node::to_html`), with pass counts.
//!
//! The spec comes from npm's `commonmark-spec` (`.ci/setup spec`, which `make test` runs), and the GFM examples
//! from the pulldown-cmark sources Cargo already downloaded; neither is committed.
//!
//! Every example runs twice, with headings at the level written: with raw HTML printed as HTML (the
//! `conformance` feature's `RenderOptions::raw_html`, for this test only), and as the viewer renders it, with raw
//! HTML read through its allow-list (harmless tags as elements, the rest dropped with their text kept). Expected and actual HTML are normalised the way CommonMark's `normalize.py` does (see
//! [`normalize`]), and our *presentation* choices are undone on our tree first (see [`undo_presentation`]).
//!
//! With raw HTML printed, what still differs is our *safety* policy ([`DELIBERATE`]), a GFM extension the spec
//! does not have ([`EXTENSIONS`]), or a bug ([`KNOWN_BUGS`], with a FIXME), each listed with its reason. The tests
//! assert that exactly the listed examples fail, so a regression and a fix both show. As the viewer renders,
//! examples whose raw HTML the allow-list drops or changes fail by design, so that path only has a floor on its
//! pass count.
//!
//! Set `COMMONMARK_SHOW_FAILURES=1` to print every failing example.
#![cfg(all(feature = "conformance", not(target_arch = "wasm32")))]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use article_viewer::markdown::{self, RenderOptions};
use article_viewer::node::{self, Element, Node};

/// Spec examples that differ from the reference output because of our safety policy (docs/bundle-format.md,
/// "URLs"), with the reason.
const DELIBERATE: &[(u32, &str)] = &[
    (596, "link scheme allow-list: `irc:` is refused, so the autolink keeps its text, unlinked"),
    (598, "link scheme allow-list: `a+b+c:` is refused, so the autolink keeps its text, unlinked"),
    (599, "link scheme allow-list: `made-up-scheme:` is refused, so the autolink keeps its text, unlinked"),
    (601, "link scheme allow-list: `localhost:` parses as a scheme and is refused; the text stays, unlinked"),
];

/// Spec examples that differ because the viewer enables a GFM extension the CommonMark spec does not have.
/// Neither safety nor a bug: the spec's output is right for plain CommonMark, ours for GFM.
const EXTENSIONS: &[(u32, &str)] = &[
    (
        608,
        "GFM autolink literals: `https://foo.bar` inside `< … >` is linked",
    ),
    (
        611,
        "GFM autolink literals: a bare `https://example.com` is linked",
    ),
    (
        612,
        "GFM autolink literals: a bare email address is linked with `mailto:`",
    ),
];

/// Spec examples that differ because of a bug in `src/markdown.rs`.
const KNOWN_BUGS: &[(u32, &str)] = &[];

/// GFM examples (`table N`, `strikethrough N`, numbered as in pulldown-cmark's tests) that differ because of our
/// safety policy.
const GFM_DELIBERATE: &[(&str, &str)] = &[];

/// GFM examples that differ because of a bug in `src/markdown.rs`.
const GFM_KNOWN_BUGS: &[(&str, &str)] = &[];

/// Passes on the production path (raw HTML through the allow-list), measured; it may rise but not fall.
/// Examples with raw HTML the allow-list drops (comments, unknown tags, `<script>`, attributes other than its few)
/// fail there by design. 573 when raw HTML was shown as text; 584 with the allow-list (issue 19).
const PRODUCTION_FLOOR: usize = 584;

/// The same for the GFM examples on the production path.
const GFM_PRODUCTION_FLOOR: usize = 12;

const SPEC_VERSION: &str = "0.31.2";
const N_SPEC_EXAMPLES: usize = 652;

#[test]
fn commonmark_spec_passes_but_for_deliberate_differences() {
    let examples = spec_examples();
    assert_eq!(examples.len(), N_SPEC_EXAMPLES, "examples in spec.txt");
    let names = |list: &[(u32, &str)]| list.iter().map(|(n, _)| n.to_string()).collect();
    check_suite(
        &format!("commonmark {SPEC_VERSION}"),
        &examples,
        &Listed {
            deliberate: names(DELIBERATE),
            extensions: names(EXTENSIONS),
            bugs: names(KNOWN_BUGS),
        },
    );
}

#[test]
fn commonmark_spec_on_the_production_path_stays_above_floor() {
    let examples = spec_examples();
    assert_eq!(examples.len(), N_SPEC_EXAMPLES, "examples in spec.txt");
    check_production(
        &format!("commonmark {SPEC_VERSION}"),
        &examples,
        PRODUCTION_FLOOR,
    );
}

#[test]
fn gfm_tables_and_strikethrough_pass_but_for_deliberate_differences() {
    let names = |list: &[(&str, &str)]| list.iter().map(|(n, _)| n.to_string()).collect();
    check_suite(
        "gfm tables and strikethrough",
        &gfm_examples(),
        &Listed {
            deliberate: names(GFM_DELIBERATE),
            extensions: Vec::new(),
            bugs: names(GFM_KNOWN_BUGS),
        },
    );
}

#[test]
fn gfm_tables_and_strikethrough_on_the_production_path_stay_above_floor() {
    check_production(
        "gfm tables and strikethrough",
        &gfm_examples(),
        GFM_PRODUCTION_FLOOR,
    );
}

/// One example: its name (the spec's number, or `table 4`), Markdown and reference HTML.
struct Example {
    name: String,
    section: String,
    markdown: String,
    html: String,
}

/// The examples expected to fail, by name.
struct Listed {
    deliberate: Vec<String>,
    extensions: Vec<String>,
    bugs: Vec<String>,
}

/// Runs `examples` with raw HTML printed, and asserts that exactly the listed examples fail.
#[track_caller]
fn check_suite(suite: &str, examples: &[Example], listed: &Listed) {
    let failing = failures(examples, true);
    let n_pass = examples.len() - failing.len();
    println!(
        "{suite}: {n_pass}/{} pass; {} deliberate differences, {} extension differences, {} known bugs",
        examples.len(),
        listed.deliberate.len(),
        listed.extensions.len(),
        listed.bugs.len()
    );
    let failing_names: BTreeSet<&str> = failing
        .iter()
        .map(|(example, _)| example.name.as_str())
        .collect();
    let all_listed: Vec<&str> = [&listed.deliberate, &listed.extensions, &listed.bugs]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let listed_names: BTreeSet<&str> = all_listed.iter().copied().collect();
    assert_eq!(
        listed_names.len(),
        all_listed.len(),
        "{suite}: an example is listed twice"
    );
    let mut report = String::new();
    for (example, actual) in &failing {
        if !listed_names.contains(example.name.as_str()) {
            describe(&mut report, "fails, and is not listed", example, actual);
        }
    }
    for name in listed_names.difference(&failing_names) {
        let _ = writeln!(
            report,
            "example {name} passes (or is no example): remove it from its list"
        );
    }
    assert!(report.is_empty(), "{suite}:\n{report}");
}

/// Runs `examples` as the viewer does (raw HTML through the allow-list) and asserts the pass count is at least
/// `floor`.
#[track_caller]
fn check_production(suite: &str, examples: &[Example], floor: usize) {
    let n_pass = examples.len() - failures(examples, false).len();
    println!(
        "{suite}, production path (raw HTML through the allow-list): {n_pass}/{} pass",
        examples.len()
    );
    assert!(
        n_pass >= floor,
        "{suite}, production path: {n_pass} pass, fewer than the floor of {floor}"
    );
}

/// The examples whose normalised HTML differs from the reference, with our (normalised) HTML.
fn failures(examples: &[Example], raw_html: bool) -> Vec<(&Example, String)> {
    let show = std::env::var_os("COMMONMARK_SHOW_FAILURES").is_some();
    let mut failing = Vec::new();
    for example in examples {
        let actual = normalize(&render(&example.markdown, raw_html));
        if actual != normalize(&example.html) {
            if show {
                let mut text = String::new();
                describe(&mut text, "fails", example, &actual);
                println!("{text}");
            }
            failing.push((example, actual));
        }
    }
    failing
}

fn describe(out: &mut String, what: &str, example: &Example, actual: &str) {
    let _ = writeln!(
        out,
        "example {} ({}) {what}\n  markdown: {:?}\n  expected: {:?}\n  actual:   {:?}",
        example.name,
        example.section,
        example.markdown,
        normalize(&example.html),
        actual
    );
}

/// Our HTML for `markdown`, with the presentation choices undone.
fn render(markdown: &str, raw_html: bool) -> String {
    let mut options = RenderOptions::default();
    options.raw_html = raw_html;
    options.heading_levels_as_written = true;
    markdown::render(markdown, &options)
        .into_iter()
        .flat_map(undo_presentation)
        .map(|tree| node::to_html(&tree))
        .collect()
}

/// Undoes the viewer's presentation choices, which are not conformance differences:
///
/// - tables sit in a `<div class="table-scroll">`, which scrolls them sideways on a phone: the wrapper goes;
/// - cell alignment is a class (`align-left|center|right`), styled in `style.css`, not an inline `style`
///   attribute: it becomes the `style="text-align: …"` GFM prints;
/// - links to other sites get `rel="noopener noreferrer"`: dropped (it only stops the target from reaching
///   back to the page or seeing the referrer);
/// - images get `loading="lazy"` and `decoding="async"`: dropped.
///
/// This is presentation policy, not safety: none of it changes what is linked, loaded or shown, so undoing it
/// cannot hide a difference that matters.
fn undo_presentation(node: Node) -> Vec<Node> {
    let Node::Element(element) = node else {
        return vec![node];
    };
    let children = element
        .children()
        .iter()
        .cloned()
        .flat_map(undo_presentation);
    if element.tag() == "div" && element.attrs() == [("class", "table-scroll".to_owned())] {
        return children.collect();
    }
    let mut bare = Element::new(element.tag());
    for (name, value) in element.attrs() {
        bare = match (element.tag(), *name, value.as_str()) {
            ("th" | "td", "class", alignment) if alignment.starts_with("align-") => bare.with_attr(
                "style",
                format!("text-align: {}", &alignment["align-".len()..]),
            ),
            ("a", "rel", "noopener noreferrer") => bare,
            ("img", "loading", "lazy") | ("img", "decoding", "async") => bare,
            _ => bare.with_attr(name, value.clone()),
        };
    }
    vec![Node::Element(bare.with_children(children))]
}

/// Normalises HTML the way CommonMark's `normalize.py` does, so that equivalent HTML compares equal:
///
/// - outside `pre`, runs of ASCII whitespace become one space, and whitespace next to a block-level tag goes;
///   a newline right after `<br>` goes;
/// - tag and attribute names are lowercased, attributes sorted by name, values quoted with `"`;
/// - self-closing tags lose their slash (`<br />` is `<br>`, `<img … />` is `<img …>`);
/// - character references are decoded (`&quot;`, `&#39;`, `&#x27;`, …) and only `&`, `<`, `>` (and `"` in
///   attribute values) are escaped again; named references other than `&amp;`, `&lt;`, `&gt;`, `&quot;` and
///   `&apos;` stay as written (they only occur in raw HTML, copied verbatim on both sides);
/// - comments, declarations, processing instructions and CDATA are kept as written.
///
/// Two more rules, each for one example:
///
/// - A soft line break is a space (or nothing between CJK characters; docs/bundle-format.md), where the reference
///   prints a newline: presentation policy. Collapsing whitespace hides that everywhere but in a Markdown paragraph
///   inside a raw `<pre>` (spec example 148), so whitespace collapses in a `<p>` inside a `<pre>` too.
/// - An empty `<tbody></tbody>` goes: pulldown-cmark's copy of GFM example 205 (`table 8`) prints one, while
///   GFM's spec says that a table without body rows has no `tbody`, and prints none.
fn normalize(html: &str) -> String {
    let mut out = String::new();
    let mut last = Last::Nothing;
    let mut in_pre = false;
    // Paragraphs open inside a raw `<pre>`: their whitespace collapses (see `normalize`).
    let mut pre_paragraphs = 0;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some((token, after)) = markup(rest) {
            match token {
                Markup::Start { name, attrs } => {
                    if name == "pre" {
                        in_pre = true;
                    } else if name == "p" && in_pre {
                        pre_paragraphs += 1;
                    }
                    if is_block(&name) {
                        trim_end_ascii(&mut out);
                    }
                    out.push('<');
                    out.push_str(&name);
                    for (attr, value) in attrs {
                        out.push(' ');
                        out.push_str(&attr);
                        if let Some(value) = value {
                            out.push_str("=\"");
                            escape(&decode(&value), true, &mut out);
                            out.push('"');
                        }
                    }
                    out.push('>');
                    last = Last::Tag(name);
                }
                Markup::End { name } => {
                    if name == "pre" {
                        in_pre = false;
                        pre_paragraphs = 0;
                    } else if name == "p" && pre_paragraphs > 0 {
                        pre_paragraphs -= 1;
                    }
                    if name != "pre" && is_block(&name) {
                        trim_end_ascii(&mut out);
                    }
                    out.push_str("</");
                    out.push_str(&name);
                    out.push('>');
                    last = Last::Tag(name);
                }
                Markup::Verbatim(text) => {
                    out.push_str(text);
                    last = Last::Other;
                }
            }
            rest = after;
            continue;
        }
        // Text up to the next markup; a `<` that starts none is text, so this takes at least one character.
        let end = next_markup(rest).unwrap_or(rest.len());
        let mut text = decode(&rest[..end]);
        rest = &rest[end..];
        let after_tag = match &last {
            Last::Tag(name) => Some(name.as_str()),
            _ => None,
        };
        if after_tag == Some("br") {
            text = text.trim_start_matches('\n').to_owned();
        }
        if !in_pre || pre_paragraphs > 0 {
            text = collapse_whitespace(&text);
            if after_tag.is_some_and(is_block) {
                text = text.trim_start_matches(' ').to_owned();
            }
        }
        escape(&text, false, &mut out);
        last = Last::Text;
    }
    trim_end_ascii(&mut out);
    out.trim_start().replace("<tbody></tbody>", "")
}

/// What the normaliser wrote last.
enum Last {
    Nothing,
    Tag(String),
    Text,
    Other,
}

enum Markup<'h> {
    Start {
        name: String,
        attrs: Vec<(String, Option<String>)>,
    },
    End {
        name: String,
    },
    Verbatim(&'h str),
}

/// Where the next markup starts in `html`, if anywhere.
fn next_markup(html: &str) -> Option<usize> {
    html.match_indices('<')
        .map(|(at, _)| at)
        .find(|&at| markup(&html[at..]).is_some())
}

/// The markup `html` starts with, and the text after it.
fn markup(html: &str) -> Option<(Markup<'_>, &str)> {
    let rest = html.strip_prefix('<')?;
    // `<!-->` and `<!--->` are whole (empty) comments, as in CommonMark 0.31 and HTML.
    for empty_comment in ["<!-->", "<!--->"] {
        if let Some(after) = html.strip_prefix(empty_comment) {
            return Some((Markup::Verbatim(empty_comment), after));
        }
    }
    for (open, close) in [("!--", "-->"), ("![CDATA[", "]]>"), ("?", "?>")] {
        if let Some(body) = rest.strip_prefix(open) {
            let end = html.len() - body.len() + body.find(close)? + close.len();
            return Some((Markup::Verbatim(&html[..end]), &html[end..]));
        }
    }
    if let Some(declaration) = rest.strip_prefix('!') {
        if declaration.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = html.find('>')? + 1;
            return Some((Markup::Verbatim(&html[..end]), &html[end..]));
        }
    }
    if let Some(rest) = rest.strip_prefix('/') {
        let (name, rest) = tag_name(rest)?;
        let rest = rest.trim_start_matches(is_ascii_space).strip_prefix('>')?;
        return Some((Markup::End { name }, rest));
    }
    let (name, mut rest) = tag_name(rest)?;
    let mut attrs = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches(is_ascii_space);
        if let Some(after) = trimmed.strip_prefix('>') {
            rest = after;
            break;
        }
        if let Some(after) = trimmed.strip_prefix("/>") {
            rest = after;
            break;
        }
        if trimmed.len() == rest.len() {
            // Attributes are separated by whitespace.
            return None;
        }
        let name_end = trimmed.find(|c: char| is_ascii_space(c) || matches!(c, '=' | '>' | '/'))?;
        if name_end == 0 {
            return None;
        }
        let attr = trimmed[..name_end].to_ascii_lowercase();
        let after_name = trimmed[name_end..].trim_start_matches(is_ascii_space);
        match after_name.strip_prefix('=') {
            Some(value) => {
                let value = value.trim_start_matches(is_ascii_space);
                let (value, after) = match value.chars().next()? {
                    quote @ ('"' | '\'') => {
                        let end = value[1..].find(quote)? + 1;
                        (&value[1..end], &value[end + 1..])
                    }
                    _ => {
                        let end = value.find(|c: char| is_ascii_space(c) || c == '>')?;
                        value.split_at(end)
                    }
                };
                attrs.push((attr, Some(value.to_owned())));
                rest = after;
            }
            None => {
                attrs.push((attr, None));
                rest = &trimmed[name_end..];
            }
        }
    }
    attrs.sort();
    Some((Markup::Start { name, attrs }, rest))
}

/// A tag name (a letter, then letters, digits and `-`), lowercased, and the text after it.
fn tag_name(html: &str) -> Option<(String, &str)> {
    if !html.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = html
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(html.len());
    Some((html[..end].to_ascii_lowercase(), &html[end..]))
}

/// `normalize.py`'s block-level tags.
fn is_block(tag: &str) -> bool {
    const BLOCK_TAGS: [&str; 52] = [
        "article",
        "header",
        "aside",
        "hgroup",
        "blockquote",
        "hr",
        "iframe",
        "body",
        "li",
        "map",
        "button",
        "object",
        "canvas",
        "ol",
        "caption",
        "output",
        "col",
        "p",
        "colgroup",
        "pre",
        "dd",
        "progress",
        "div",
        "section",
        "dl",
        "table",
        "td",
        "dt",
        "tbody",
        "embed",
        "textarea",
        "fieldset",
        "tfoot",
        "figcaption",
        "th",
        "figure",
        "thead",
        "footer",
        "tr",
        "form",
        "ul",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "video",
        "script",
        "style",
        "main",
        "nav",
    ];
    BLOCK_TAGS.contains(&tag)
}

fn is_ascii_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

fn trim_end_ascii(out: &mut String) {
    let kept = out.trim_end_matches(is_ascii_space).len();
    out.truncate(kept);
}

fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if is_ascii_space(c) {
            if !in_space {
                collapsed.push(' ');
            }
            in_space = true;
        } else {
            collapsed.push(c);
            in_space = false;
        }
    }
    collapsed
}

/// Decodes numeric character references and the five XML ones; other named references stay as written.
fn decode(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        let reference = rest[1..]
            .find(';')
            .map(|end| &rest[1..=end])
            .filter(|name| name.len() <= 32);
        let c = reference.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let number = name.strip_prefix('#')?;
                let value = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                Some(
                    char::from_u32(value)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{FFFD}'),
                )
            }
        });
        match (c, reference) {
            (Some(c), Some(name)) => {
                decoded.push(c);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

fn escape(text: &str, in_attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The spec's examples, numbered from 1 as on spec.commonmark.org.
fn spec_examples() -> Vec<Example> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/node_modules/commonmark-spec/spec.txt");
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {}: {error}\nInstall the CommonMark spec with `.ci/setup spec` (`make test` does).",
            path.display()
        )
    });
    let fence = "`".repeat(32);
    let start = format!("{fence} example");
    let mut examples = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix('#') {
            section = heading.trim_start_matches('#').trim().to_owned();
            continue;
        }
        if line != start {
            continue;
        }
        let mut markdown = String::new();
        let mut html = String::new();
        let mut in_html = false;
        for line in lines.by_ref() {
            if line == fence {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let text = if in_html { &mut html } else { &mut markdown };
            text.push_str(&line.replace('→', "\t"));
            text.push('\n');
        }
        examples.push(Example {
            name: (examples.len() + 1).to_string(),
            section: section.clone(),
            markdown,
            html,
        });
    }
    examples
}

/// GFM's table and strikethrough examples, from the generated tests in pulldown-cmark's crate source.
fn gfm_examples() -> Vec<Example> {
    let suite = pulldown_cmark_source().join("tests/suite");
    let mut examples = Vec::new();
    for (file, extension) in [
        ("gfm_table.rs", "table"),
        ("gfm_strikethrough.rs", "strikethrough"),
    ] {
        let path = suite.join(file);
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        let mut rest = source.as_str();
        let mut number = 0;
        while let Some((markdown, after)) = raw_string_after(rest, "let original = r##\"") {
            let (html, after) = raw_string_after(after, "let expected = r##\"")
                .unwrap_or_else(|| panic!("{}: an original without an expected", path.display()));
            number += 1;
            examples.push(Example {
                name: format!("{extension} {number}"),
                section: file.to_owned(),
                markdown: markdown.to_owned(),
                html: html.to_owned(),
            });
            rest = after;
        }
    }
    assert_eq!(
        examples.len(),
        12,
        "GFM has 9 table and 3 strikethrough examples"
    );
    examples
}

/// The `r##"…"##` string after `prefix` in `source`, and the text after it.
fn raw_string_after<'s>(source: &'s str, prefix: &str) -> Option<(&'s str, &'s str)> {
    let start = source.find(prefix)? + prefix.len();
    let end = source[start..].find("\"##")? + start;
    Some((&source[start..end], &source[end + 3..]))
}

/// pulldown-cmark's source as Cargo downloaded it: the version in Cargo.lock, in `$CARGO_HOME/registry/src/*/`.
fn pulldown_cmark_source() -> PathBuf {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .expect("Cargo.lock is committed");
    let version = lock
        .split("[[package]]")
        .find(|package| package.contains("name = \"pulldown-cmark\"\n"))
        .and_then(|package| package.split("version = \"").nth(1))
        .and_then(|version| version.split('"').next())
        .expect("Cargo.lock lists pulldown-cmark with a version");
    assert!(
        version.starts_with("0.13."),
        "the GFM examples are read from pulldown-cmark 0.13's tests; Cargo.lock has {version}"
    );
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .expect("CARGO_HOME or HOME is set");
    let registry = cargo_home.join("registry/src");
    let entries = std::fs::read_dir(&registry)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", registry.display()));
    entries
        .filter_map(Result::ok)
        .map(|index| index.path().join(format!("pulldown-cmark-{version}")))
        .find(|source| source.join("tests/suite").is_dir())
        .unwrap_or_else(|| {
            panic!(
                "no pulldown-cmark-{version}/tests/suite under {}: run `cargo fetch`",
                registry.display()
            )
        })
}
