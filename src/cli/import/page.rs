//! A saved HTML page read with `tl` and flattened into pieces (blocks of text, images) in reading order, each with
//! the elements around it. It decides nothing about which piece is the title or the body: that is `html`'s job.

use std::collections::HashSet;

use crate::url;

use super::fields::{collapse_whitespace, is_page_control, is_widget, SEGMENT};
use super::ImportError;

/// Elements that flow inside a block; every other element starts a block of its own.
const INLINE_TAGS: [&str; 28] = [
    "a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "ins", "kbd", "label",
    "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var",
];

/// Elements whose content is never article text.
const SKIPPED_TAGS: [&str; 12] = [
    "script", "style", "noscript", "template", "select", "option", "textarea", "iframe", "svg",
    "object", "canvas", "input",
];

/// An element of the page, as the pieces refer to it.
#[derive(Debug)]
pub(super) struct ElementInfo {
    pub(super) tag: String,
    /// Its class and id, lower-cased, space-separated.
    pub(super) marks: String,
}

/// An image of the page.
#[derive(Debug)]
pub(super) struct Image {
    pub(super) src: String,
    pub(super) alt: String,
    /// Whether its `width` or `height` says it is smaller than 100 pixels.
    pub(super) small: bool,
}

#[derive(Debug)]
pub(super) enum Content {
    /// Text with [`SEGMENT`] marks at inline element boundaries, entities decoded, white space as written.
    Text(String),
    Image(Image),
}

/// A block of text or an image, in page order.
#[derive(Debug)]
pub(super) struct Piece {
    /// The tag of the innermost block element around it.
    pub(super) block: String,
    /// The elements around it, outermost first, as indices into [`Page::elements`].
    pub(super) ancestors: Vec<usize>,
    pub(super) content: Content,
    /// How many of its characters (white space aside) are the text of links.
    pub(super) linked: usize,
}

impl Piece {
    /// The text as written, with segment marks; `None` for an image.
    pub(super) fn raw_text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(text) => Some(text),
            Content::Image(_) => None,
        }
    }

    /// The text as shown: segment marks removed, white space collapsed.
    pub(super) fn text(&self) -> String {
        self.raw_text()
            .map(|text| collapse_whitespace(&text.replace(SEGMENT, "")))
            .unwrap_or_default()
    }

    pub(super) fn image(&self) -> Option<&Image> {
        match &self.content {
            Content::Image(image) => Some(image),
            Content::Text(_) => None,
        }
    }

    /// The share of its characters that are the text of links: near 1 for navigation and lists of titles, near 0
    /// for article text.
    pub(super) fn link_density(&self) -> f64 {
        let length = self.raw_text().map_or(0, |text| {
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != SEGMENT)
                .count()
        });
        if length == 0 {
            0.0
        } else {
            self.linked as f64 / length as f64
        }
    }

    pub(super) fn is_within(&self, element: usize) -> bool {
        self.ancestors.contains(&element)
    }

    /// Whether the piece is only page buttons (客户端中查看, 分享, ×, …).
    pub(super) fn is_widget(&self) -> bool {
        let Some(text) = self.raw_text() else {
            return false;
        };
        let mut segments = text
            .split(SEGMENT)
            .map(str::trim)
            .filter(|segment| !segment.is_empty());
        let plain = self.text();
        is_widget(&plain) || segments.all(|segment| is_widget(segment) || is_page_control(segment))
    }
}

/// The text of the block being read, until its end makes it a piece.
#[derive(Default)]
struct Pending {
    text: String,
    /// How many of its characters (white space aside) are in links.
    linked: usize,
}

/// A saved HTML page, flattened into pieces of text and images in reading order.
#[derive(Debug, Default)]
pub(super) struct Page {
    pub(super) elements: Vec<ElementInfo>,
    pub(super) pieces: Vec<Piece>,
    /// `<link rel="canonical">` or `<meta property="og:url">`, when absolute.
    pub(super) canonical: Option<String>,
    /// `<base href>`, when absolute.
    pub(super) base: Option<String>,
    /// When the page's metadata says it was published, as written: `<meta property="article:published_time">`,
    /// `<meta name="publishdate">` or `"PubDate"`, or JSON-LD's `datePublished`.
    pub(super) published: Option<String>,
    /// The title the page's metadata declares: `<meta name="ArticleTitle">` (as the CMS stored it), then
    /// `<meta property="og:title">` (often with the site's name).
    pub(super) declared_titles: Vec<String>,
    /// The source the page's metadata declares: `<meta name="ContentSource">` (TRS and other government CMSs) or
    /// `<meta name="source">`.
    pub(super) declared_source: Option<String>,
    /// Texts of elements whose class or id says they hold the source (`source`, or `nickname` as WeChat names the
    /// account): the piece index where each starts, and its text. For sources printed without a 来源 label.
    pub(super) marked_sources: Vec<(usize, String)>,
    last_marked_holder: Option<usize>,
    /// Pieces taken as the title, meta line and breadcrumb, so they are not reported as skipped.
    pub(super) consumed: HashSet<usize>,
}

impl Page {
    pub(super) fn parse(html: &str) -> Result<Page, ImportError> {
        let cleaned = normalize_tags(&strip_non_content(html));
        let dom =
            tl::parse(&cleaned, tl::ParserOptions::default()).map_err(|_| ImportError::TooLarge)?;
        let parser = dom.parser();
        let mut page = Page {
            // In a script, which the cleaning drops: read first.
            published: json_ld_published(html),
            ..Page::default()
        };

        enum Step {
            Enter(tl::NodeHandle),
            Leave { block: bool },
        }
        let mut steps: Vec<Step> = dom
            .children()
            .iter()
            .rev()
            .map(|handle| Step::Enter(*handle))
            .collect();
        let mut open: Vec<(usize, bool)> = Vec::new();
        let mut text = Pending::default();
        while let Some(step) = steps.pop() {
            let handle = match step {
                Step::Enter(handle) => handle,
                Step::Leave { block } => {
                    if block {
                        page.flush(&mut text, &open);
                    } else {
                        text.text.push(SEGMENT);
                    }
                    open.pop();
                    continue;
                }
            };
            let Some(node) = handle.get(parser) else {
                continue;
            };
            let tag = match node {
                tl::Node::Raw(bytes) => {
                    let decoded = htmlize::unescape(bytes.as_utf8_str());
                    let in_link = open.iter().any(|(element, _)| {
                        page.elements
                            .get(*element)
                            .is_some_and(|element| element.tag == "a")
                    });
                    if in_link {
                        text.linked += decoded.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    page.mark_source_text(&open, &decoded);
                    text.text.push_str(&decoded);
                    continue;
                }
                tl::Node::Comment(_) => continue,
                tl::Node::Tag(tag) => tag,
            };
            let name = tag.name().as_utf8_str().to_ascii_lowercase();
            if SKIPPED_TAGS.contains(&name.as_str()) || is_hidden(tag) {
                continue;
            }
            match name.as_str() {
                "br" | "hr" => {
                    page.flush(&mut text, &open);
                    continue;
                }
                "img" => {
                    page.flush(&mut text, &open);
                    let attribute = |name: &str| {
                        attribute(tag, name)
                            .map(|value| htmlize::unescape_attribute(value).trim().to_owned())
                    };
                    let is_small = |name: &str| {
                        attribute(name)
                            .and_then(|value| value.trim_end_matches("px").parse::<u32>().ok())
                            .is_some_and(|pixels| pixels < 100)
                    };
                    let src = attribute("src")
                        .filter(|src| !src.is_empty())
                        .or_else(|| attribute("data-src"))
                        .unwrap_or_default();
                    let image = Image {
                        src,
                        alt: attribute("alt")
                            .map(|alt| collapse_whitespace(&alt))
                            .unwrap_or_default(),
                        small: is_small("width") || is_small("height"),
                    };
                    page.push_piece(&open, Content::Image(image), 0);
                    continue;
                }
                "link" | "meta" | "base" => {
                    page.read_head_link(tag, &name);
                    continue;
                }
                _ => {}
            }
            let block = !INLINE_TAGS.contains(&name.as_str());
            if block {
                page.flush(&mut text, &open);
            } else {
                text.text.push(SEGMENT);
            }
            let class = tag
                .attributes()
                .class()
                .map(|class| class.as_utf8_str().to_ascii_lowercase())
                .unwrap_or_default();
            let id = tag
                .attributes()
                .id()
                .map(|id| id.as_utf8_str().to_ascii_lowercase())
                .unwrap_or_default();
            page.elements.push(ElementInfo {
                tag: name,
                marks: format!("{class} {id}"),
            });
            open.push((page.elements.len() - 1, block));
            steps.push(Step::Leave { block });
            let children = tag.children();
            steps.extend(
                children
                    .top()
                    .as_slice()
                    .iter()
                    .rev()
                    .map(|child| Step::Enter(*child)),
            );
        }
        page.flush(&mut text, &open);
        Ok(page)
    }

    /// Keeps `text` when an open element's class or id says it holds the source.
    fn mark_source_text(&mut self, open: &[(usize, bool)], text: &str) {
        let holder = open.iter().rev().find(|(element, _)| {
            self.elements.get(*element).is_some_and(|element| {
                element
                    .marks
                    .split_whitespace()
                    .any(|mark| mark.contains("source") || mark.contains("nickname"))
            })
        });
        let Some(&(holder, _)) = holder else { return };
        match self.marked_sources.last_mut() {
            Some((_, marked)) if self.last_marked_holder == Some(holder) => marked.push_str(text),
            _ => self
                .marked_sources
                .push((self.pieces.len(), text.to_owned())),
        }
        self.last_marked_holder = Some(holder);
    }

    /// Ends the current block of text as a piece.
    fn flush(&mut self, pending: &mut Pending, open: &[(usize, bool)]) {
        let Pending { text, linked } = std::mem::take(pending);
        if text.replace(SEGMENT, "").trim().is_empty() {
            return;
        }
        self.push_piece(open, Content::Text(text), linked);
    }

    fn push_piece(&mut self, open: &[(usize, bool)], content: Content, linked: usize) {
        let block = open
            .iter()
            .rev()
            .find(|(_, block)| *block)
            .and_then(|(element, _)| self.elements.get(*element))
            .map_or_else(String::new, |element| element.tag.clone());
        self.pieces.push(Piece {
            block,
            ancestors: open.iter().map(|(element, _)| *element).collect(),
            content,
            linked,
        });
    }

    /// Notes the canonical address and the base URL from `<link>`, `<meta>` and `<base>`.
    fn read_head_link(&mut self, tag: &tl::HTMLTag<'_>, name: &str) {
        let value = |attribute_name: &str| {
            attribute(tag, attribute_name)
                .map(|value| htmlize::unescape_attribute(value).trim().to_owned())
        };
        let absolute =
            |value: Option<String>| value.filter(|value| url::absolute_http(value).is_some());
        match name {
            "link" if value("rel").is_some_and(|rel| rel.eq_ignore_ascii_case("canonical")) => {
                self.canonical = self.canonical.take().or_else(|| absolute(value("href")));
            }
            "meta" if value("property").is_some_and(|property| property == "og:url") => {
                self.canonical = self.canonical.take().or_else(|| absolute(value("content")));
            }
            "base" => self.base = self.base.take().or_else(|| absolute(value("href"))),
            "meta" => {
                let named = value("property")
                    .or_else(|| value("name"))
                    .or_else(|| value("itemprop"))
                    .map(|name| name.to_ascii_lowercase());
                let is_published = named.as_deref().is_some_and(|name| {
                    matches!(
                        name,
                        "article:published_time"
                            | "publishdate"
                            | "pubdate"
                            | "publish_date"
                            | "datepublished"
                    )
                });
                if is_published && self.published.is_none() {
                    self.published = value("content").filter(|content| !content.is_empty());
                }
                let content = value("content").filter(|content| !content.trim().is_empty());
                match (named.as_deref(), content) {
                    (Some("articletitle"), Some(title)) => self.declared_titles.insert(0, title),
                    (Some("og:title"), Some(title)) => self.declared_titles.push(title),
                    (Some("contentsource" | "source"), Some(source)) => {
                        self.declared_source
                            .get_or_insert(collapse_whitespace(&source));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// `src` as an absolute URL: resolved against `<base href>`, the canonical address or `og:url`, or else
    /// `fallback` (`--base-url`); `None` when it stays relative, as no bundle could show it (a `data:` URL is
    /// kept as it is).
    pub(super) fn resolve(&self, src: &str, fallback: Option<&str>) -> Option<String> {
        let has_scheme = |scheme: &str| {
            src.get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        };
        if ["data:", "http://", "https://"]
            .iter()
            .any(|scheme| has_scheme(scheme))
        {
            return Some(src.to_owned());
        }
        let base = self
            .base
            .as_deref()
            .or(self.canonical.as_deref())
            .or(fallback)?;
        let resolved = url::resolve(base, src);
        url::absolute_http(&resolved).is_some().then_some(resolved)
    }
}

/// Whether `tag` is hidden from readers (`hidden`, or a style with `display: none`): a page's hidden lists (a
/// government site's 128 county sites, say) are never article text. Not `visibility: hidden`: a saved WeChat
/// article keeps its whole text in `<div id="js_content" style="visibility: hidden">`, which its script reveals.
fn is_hidden(tag: &tl::HTMLTag<'_>) -> bool {
    if tag
        .attributes()
        .iter()
        .any(|(key, _)| key.eq_ignore_ascii_case("hidden"))
    {
        return true;
    }
    attribute(tag, "style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none")
    })
}

/// The value of attribute `name` of `tag`, matched without regard to case.
fn attribute(tag: &tl::HTMLTag<'_>, name: &str) -> Option<String> {
    tag.attributes()
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .and_then(|(_, value)| value.map(|value| value.into_owned()))
}

/// `html` without comments and the content of `script`, `style`, `noscript` and `template`, whose `<` the HTML
/// parser would otherwise take for tags.
pub(super) fn strip_non_content(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(found) = lower.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + found;
        out.push_str(html.get(at..start).unwrap_or_default());
        let rest = lower.get(start..).unwrap_or_default();
        let skip_to = if rest.starts_with("<!--") {
            Some(rest.find("-->").map_or(lower.len(), |end| start + end + 3))
        } else {
            ["script", "style", "noscript", "template", "textarea"]
                .iter()
                .find_map(|name| {
                    let after = rest.strip_prefix('<')?.strip_prefix(name)?;
                    if !after.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                    {
                        return None;
                    }
                    let closing = format!("</{name}");
                    let end = rest.find(&closing).map_or(lower.len(), |end| {
                        let close_at = start + end;
                        lower
                            .get(close_at..)
                            .and_then(|tail| tail.find('>'))
                            .map_or(lower.len(), |gt| close_at + gt + 1)
                    });
                    Some(end)
                })
        };
        match skip_to {
            Some(end) => at = end,
            None => {
                out.push('<');
                at = start + 1;
            }
        }
    }
    out.push_str(html.get(at..).unwrap_or_default());
    out
}

/// `html` with its tags written as the HTML parser (`tl`) reads them right: names in lower case (`<BR>` is a void
/// element, not one that swallows the rest of the page) and every attribute value quoted (`<IMG src=images/a.gif
/// height="22">` no longer leaks into the text). Text is kept as written, but for the legacy character references
/// written without their `;` (`&nbsp[`), which browsers read and the entity decoder would not. Tags are read by
/// the same tokenizer as raw HTML in bodies ([`crate::markdown::html`]), which follows the HTML standard there.
pub(super) fn normalize_tags(html: &str) -> String {
    use crate::markdown::html::{raw_tokens, Token};
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    for token in raw_tokens(html) {
        match token {
            Token::Start { name, attributes } => {
                out.push('<');
                out.push_str(&name);
                for (attribute, value) in attributes {
                    out.push(' ');
                    out.push_str(&attribute);
                    out.push_str("=\"");
                    out.push_str(&value.replace('"', "&quot;"));
                    out.push('"');
                }
                out.push('>');
            }
            Token::End { name } => {
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
            Token::Text(text) => complete_references(&text, &mut out),
        }
    }
    out
}

/// Copies `text` to `out`, giving `;` to the legacy references written without it (`&nbsp` before a character
/// that cannot continue a name).
fn complete_references(text: &str, out: &mut String) {
    const LEGACY: [&str; 7] = ["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"];
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let name_length = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_length);
        if LEGACY.contains(&name) && !after.starts_with(';') {
            out.push_str(name);
            out.push(';');
            rest = after;
        }
    }
    out.push_str(rest);
}

/// JSON-LD's `"datePublished": "…"`, read from the page as written (its scripts are dropped before parsing).
fn json_ld_published(html: &str) -> Option<String> {
    let at = html.find("\"datePublished\"")? + "\"datePublished\"".len();
    let rest = html[at..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let value = &rest[..rest.find('"')?];
    (!value.is_empty() && value.len() < 64).then(|| value.to_owned())
}
