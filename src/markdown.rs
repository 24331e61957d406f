//! Article bodies: Markdown to a node tree. The only place pulldown-cmark is configured.
//!
//! Bundle text is untrusted, so nothing here lets it become markup: raw HTML is shown as the text it is,
//! link and image URLs pass the checks in [`crate::url`], and tag and attribute names are all chosen here.

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::node::{Element, Node};
use crate::url;

/// How deep rendered elements may nest. Deeper Markdown (`>>>>…`) still shows all its text, flattened,
/// so that mounting and printing the tree stay within the stack.
pub const MAX_NESTING: usize = 32;

/// Options for [`render`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Absolute URL that relative link and image URLs resolve against (the bundle's URL).
    /// Default: none, and relative URLs are kept as written.
    pub base_url: Option<String>,
    /// Raw HTML is printed as HTML instead of shown as text: only for running the CommonMark suite.
    /// Default: off, and the field exists only with the `conformance` feature.
    #[cfg(feature = "conformance")]
    pub raw_html: bool,
    /// Headings keep the level written (`#` is `h1`), for Markdown shown outside an article page.
    /// Default: off, and body headings sit one level under the article's `h1` (`#` is `h2`, down to `h6`).
    pub heading_levels_as_written: bool,
    /// The site's URL; links to other origins get `rel="noopener noreferrer"`. Default: none, and every absolute
    /// http(s) link counts as external.
    pub site_url: Option<String>,
}

/// The parser's extensions: GFM tables and strikethrough.
fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The image URLs of a Markdown body as written, with their byte ranges in it, for tools that copy images.
pub fn image_urls(markdown: &str) -> Vec<(String, std::ops::Range<usize>)> {
    Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some((dest_url.into_string(), range)),
            _ => None,
        })
        .collect()
}

/// Renders a Markdown body (CommonMark with GFM tables and strikethrough) as block nodes.
pub fn render(markdown: &str, options: &RenderOptions) -> Vec<Node> {
    // Collected first, so that a soft line break can look at the text after it. Emphasis is re-paired by the
    // CJK-friendly rules and bare URLs linked before the tree is built.
    let parser = Parser::new_ext(markdown, parser_options());
    let events = emphasis::pair(markdown, parser.into_offset_iter().collect());
    let events = autolink::link(events);
    let mut builder = Builder {
        options,
        stack: vec![Element::new("div")],
        in_table_head: false,
        in_table_body: false,
        table_alignments: Vec::new(),
        cell_index: 0,
        image_alt: None,
        last_char: None,
        flattened: 0,
    };
    for (index, event) in events.iter().enumerate() {
        if matches!(event, Event::SoftBreak) && builder.image_alt.is_none() {
            builder.soft_break(first_char(events.get(index + 1..).unwrap_or_default()));
        } else {
            builder.event(event.clone());
        }
    }
    builder.finish()
}

struct Builder<'o> {
    options: &'o RenderOptions,
    /// Open elements; the first is the container that collects the output.
    stack: Vec<Element>,
    in_table_head: bool,
    /// Whether a `tbody` was opened for the current table's body rows.
    in_table_body: bool,
    table_alignments: Vec<Alignment>,
    cell_index: usize,
    /// The image being read: its alt text so far, its element (`None` when its URL was refused), and how many
    /// images nest inside its description. `None` outside images.
    image_alt: Option<ImageAlt>,
    /// The last character of text written so far, to decide what a soft line break becomes.
    last_char: Option<char>,
    /// Start tags beyond [`MAX_NESTING`] whose elements were not opened, so their end tags open nothing either.
    flattened: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>) {
        if let Some(image) = &mut self.image_alt {
            // Inside an image only its text matters: it becomes the alt text.
            match event {
                Event::Start(Tag::Image { .. }) => image.nested += 1,
                Event::End(TagEnd::Image) if image.nested > 0 => image.nested -= 1,
                Event::End(TagEnd::Image) => self.end_image(),
                Event::Text(text)
                | Event::Code(text)
                | Event::Html(text)
                | Event::InlineHtml(text) => image.alt.push_str(&text),
                Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.last_char = code.chars().last();
                self.push(Node::Element(Element::new("code").with_text(&code)));
            }
            // Raw HTML from a bundle is shown as the literal text it is; inline it stays inline.
            #[cfg(feature = "conformance")]
            Event::InlineHtml(html) | Event::Html(html) if self.options.raw_html => {
                self.push(Node::Raw(html.to_string()))
            }
            Event::InlineHtml(html) => self.text(&html),
            Event::Html(html) => self.text(&html),
            Event::SoftBreak => self.soft_break(None),
            Event::HardBreak => {
                self.last_char = None;
                self.push(Node::Element(Element::new("br")));
            }
            Event::Rule => self.push(Node::Element(Element::new("hr"))),
            // Footnotes, math and task lists are not enabled; text in any other event still shows.
            Event::FootnoteReference(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.text(&text)
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let element = match tag {
            Tag::Paragraph => Element::new("p"),
            Tag::Heading { level, .. } if self.options.heading_levels_as_written => {
                Element::new(heading_tag(level))
            }
            Tag::Heading { level, .. } => Element::new(demoted_heading(level)),
            Tag::BlockQuote(_) => Element::new("blockquote"),
            Tag::CodeBlock(kind) => {
                let mut code = Element::new("code");
                if let CodeBlockKind::Fenced(info) = kind {
                    // The first word of the info string, as CommonMark says; an attribute value is always escaped,
                    // so any word is safe here.
                    let language = info.split_whitespace().next().unwrap_or("");
                    if !language.is_empty() {
                        code = code.with_attr("class", format!("language-{language}"));
                    }
                }
                self.open(Element::new("pre"));
                code
            }
            // An HTML block is shown as text, in a paragraph of its own that keeps its line breaks.
            #[cfg(feature = "conformance")]
            Tag::HtmlBlock if self.options.raw_html => {
                self.flattened += 1;
                return;
            }
            Tag::HtmlBlock => Element::new("p").with_attr("class", "raw-html"),
            Tag::List(Some(start)) => {
                let list = Element::new("ol");
                if start == 1 {
                    list
                } else {
                    list.with_attr("start", start.to_string())
                }
            }
            Tag::List(None) => Element::new("ul"),
            Tag::Item => Element::new("li"),
            Tag::Table(alignments) => {
                self.table_alignments = alignments;
                // The wrapper scrolls a wide table sideways instead of widening the page on a phone.
                self.open(Element::new("div").with_attr("class", "table-scroll"));
                Element::new("table")
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.cell_index = 0;
                self.open(Element::new("thead"));
                Element::new("tr")
            }
            Tag::TableRow => {
                self.cell_index = 0;
                if !self.in_table_body {
                    self.in_table_body = true;
                    self.open(Element::new("tbody"));
                }
                Element::new("tr")
            }
            Tag::TableCell => {
                let cell = Element::new(if self.in_table_head { "th" } else { "td" });
                let alignment = self.table_alignments.get(self.cell_index).copied();
                self.cell_index += 1;
                match alignment {
                    Some(Alignment::Left) => cell.with_attr("class", "align-left"),
                    Some(Alignment::Center) => cell.with_attr("class", "align-center"),
                    Some(Alignment::Right) => cell.with_attr("class", "align-right"),
                    _ => cell,
                }
            }
            Tag::Emphasis => Element::new("em"),
            Tag::Strong => Element::new("strong"),
            Tag::Strikethrough => Element::new("del"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => self.link(link_type, &dest_url, &title),
            Tag::Image {
                dest_url, title, ..
            } => {
                let image = url::image_src(&dest_url).map(|src| {
                    let mut image = Element::new("img")
                        .with_attr("src", url::escape_href(&self.resolve(&src)).into_owned())
                        .with_attr("loading", "lazy")
                        .with_attr("decoding", "async");
                    if !title.is_empty() {
                        image = image.with_attr("title", title.to_string());
                    }
                    image
                });
                self.image_alt = Some(ImageAlt {
                    alt: String::new(),
                    element: image,
                    nested: 0,
                });
                return;
            }
            // Not enabled in the parser options; keep their content as plain text.
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Superscript
            | Tag::Subscript => Element::new("span"),
        };
        self.open(element);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock => {
                self.close();
                self.close();
            }
            TagEnd::Table => {
                if std::mem::take(&mut self.in_table_body) {
                    self.close();
                }
                self.close();
                self.close();
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.close();
                self.close();
            }
            TagEnd::Image => {}
            _ => self.close(),
        }
    }

    fn link(&self, link_type: LinkType, dest_url: &str, title: &str) -> Element {
        let target = match link_type {
            LinkType::Email => Some(format!("mailto:{dest_url}").into()),
            _ => url::link_href(dest_url),
        };
        let Some(target) = target else {
            // A refused URL loses its link, not its text.
            return Element::new("span").with_attr("class", "refused-link");
        };
        let href = url::escape_href(&self.resolve(&target)).into_owned();
        let mut link = Element::new("a");
        if href.starts_with("http:") || href.starts_with("https:") || href.starts_with("//") {
            let external = match &self.options.site_url {
                Some(site_url) => url::is_external(&href, site_url) || href.starts_with("//"),
                None => true,
            };
            if external {
                link = link.with_attr("rel", "noopener noreferrer");
            }
        }
        link = link.with_attr("href", href);
        if !title.is_empty() {
            link = link.with_attr("title", title.to_owned());
        }
        link
    }

    fn end_image(&mut self) {
        let Some(ImageAlt { alt, element, .. }) = self.image_alt.take() else {
            return;
        };
        match element {
            Some(image) => {
                self.push(Node::Element(image.with_attr("alt", alt)));
                self.last_char = None;
            }
            // A refused image source keeps its description as text.
            None if !alt.is_empty() => self.text(&alt),
            None => {}
        }
    }

    fn resolve(&self, url: &str) -> String {
        match &self.options.base_url {
            Some(base) if !url.starts_with("mailto:") => url::resolve(base, url),
            _ => url.to_owned(),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(last) = text.chars().last() {
            self.last_char = Some(last);
        }
        if let Some(Node::Text(last)) = self.top().children_mut().last_mut() {
            last.push_str(text);
        } else {
            self.push(Node::Text(text.to_owned()));
        }
    }

    /// A soft line break becomes a space, except between two Chinese or Japanese characters, where neither
    /// language puts one ([`cjk::joins_lines`]). `next` is the first character of the text that follows, wherever
    /// it is in the tree.
    fn soft_break(&mut self, next: Option<char>) {
        let joins = self
            .last_char
            .zip(next)
            .is_some_and(|(before, after)| cjk::joins_lines(before, after));
        if !joins {
            self.text(" ");
        }
    }

    fn open(&mut self, element: Element) {
        if self.stack.len() > MAX_NESTING {
            self.flattened += 1;
        } else {
            self.stack.push(element);
        }
    }

    fn close(&mut self) {
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        if self.stack.len() > 1 {
            let element = self
                .stack
                .pop()
                .expect("the stack holds more than the container");
            self.push(Node::Element(element));
        }
    }

    fn push(&mut self, node: Node) {
        self.top().children_mut().push(node);
    }

    fn top(&mut self) -> &mut Element {
        self.stack
            .last_mut()
            .expect("the container is never popped")
    }

    fn finish(mut self) -> Vec<Node> {
        while self.stack.len() > 1 {
            self.close();
        }
        self.stack
            .pop()
            .map(Element::into_children)
            .unwrap_or_default()
    }
}

/// An image whose description is being read.
struct ImageAlt {
    alt: String,
    element: Option<Element>,
    nested: usize,
}

/// The first character of text in `events`, looking into inline elements that open before it.
fn first_char(events: &[Event<'_>]) -> Option<char> {
    for event in events {
        match event {
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => {
                return text.chars().next()
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => {}
            _ => return None,
        }
    }
    None
}

fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// Body headings sit under the article's `h1`: `#` becomes `h2`, and so on down to `h6`.
fn demoted_heading(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h2",
        HeadingLevel::H2 => "h3",
        HeadingLevel::H3 => "h4",
        HeadingLevel::H4 => "h5",
        HeadingLevel::H5 | HeadingLevel::H6 => "h6",
    }
}

mod autolink;
pub mod cjk;
mod emphasis;

// The core is tested natively (`cargo test`); the wasm32 build has no `from_json`.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
