//! Article bodies: Markdown to a node tree. The only place pulldown-cmark is configured.
//!
//! Bundle text is untrusted, so nothing here lets it become markup: raw HTML is read by our own tokenizer and
//! only the harmless tags of its allow-list ([`html::allowed`]) become elements, with their safe attributes; link
//! and image URLs pass the checks in [`crate::url`], and tag and attribute names are all chosen here.

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
    /// Raw HTML is printed as HTML instead of read through the allow-list: only for running the CommonMark suite.
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

/// The image URLs of a Markdown body as written (Markdown images, and `<img src>` in its raw HTML), with their byte
/// ranges in it, for tools that copy or check images.
pub fn image_urls(markdown: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                found.push((dest_url.into_string(), range))
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                for token in html::tokens(&raw) {
                    if matches!(&token, html::Token::Start { name, .. } if name == "img") {
                        if let Some(src) = token.attribute("src") {
                            found.push((src.to_owned(), range.clone()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found
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
        from_html: vec![None],
        skipping: None,
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
    /// For each open element, the raw HTML tag that opened it; `None` for Markdown's own. A raw HTML end tag
    /// closes only an element raw HTML opened, and Markdown's end closes those left open inside it.
    from_html: Vec<Option<&'static str>>,
    /// Inside raw HTML's `<script>` or `<style>`: everything is dropped until its end tag.
    skipping: Option<&'static str>,
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
        if self.skipping.is_some() {
            // Inside `<script>` or `<style>`: only structure counts, and the end of a Markdown element ends it.
            match event {
                Event::Html(_) | Event::InlineHtml(_) | Event::Start(_) => {}
                Event::End(_) => self.skipping = None,
                _ => return,
            }
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.last_char = code.chars().last();
                self.push(Node::Element(Element::new("code").with_text(&code)));
            }
            #[cfg(feature = "conformance")]
            Event::InlineHtml(html) | Event::Html(html) if self.options.raw_html => {
                self.push(Node::Raw(html.to_string()))
            }
            // Raw HTML from a bundle: its allowed tags become elements, the rest is dropped, its text kept.
            Event::InlineHtml(html) => self.raw_html(&html, false),
            Event::Html(html) => self.raw_html(&html, true),
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
            // An HTML block is no element of its own: elements its tags open may hold the Markdown after it
            // (`<details>`, a blank line, Markdown, `</details>`), so they are closed by their end tags, or by the
            // end of the Markdown element around them.
            Tag::HtmlBlock => {
                self.flattened += 1;
                return;
            }
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
                let image = self.image(&dest_url, &title);
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

    /// An image element for `src`, if it is a safe image source, without its alt text.
    fn image(&self, src: &str, title: &str) -> Option<Element> {
        url::image_src(src).map(|src| {
            let mut image = Element::new("img")
                .with_attr("src", url::escape_href(&self.resolve(&src)).into_owned())
                .with_attr("loading", "lazy")
                .with_attr("decoding", "async");
            if !title.is_empty() {
                image = image.with_attr("title", title.to_owned());
            }
            image
        })
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
            self.from_html.push(None);
        }
    }

    /// Closes Markdown's innermost open element, and first the raw HTML elements left open inside it.
    fn close(&mut self) {
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        while self.from_html.last().is_some_and(Option::is_some) {
            self.pop();
        }
        if self.stack.len() > 1 {
            self.pop();
        }
    }

    /// Closes the innermost open element.
    fn pop(&mut self) {
        if let Some(element) = self.stack.pop() {
            self.from_html.pop();
            self.push(Node::Element(element));
        }
    }

    /// Reads raw HTML through the allow-list ([`html::allowed`]); a `block`'s lines join as Markdown's do.
    fn raw_html(&mut self, raw: &str, block: bool) {
        for token in html::tokens(raw) {
            if let Some(skipped) = self.skipping {
                if matches!(&token, html::Token::End { name } if name == skipped) {
                    self.skipping = None;
                }
                continue;
            }
            match &token {
                html::Token::Start { name, .. } => self.html_start(name, &token),
                html::Token::End { name } => self.html_end(name),
                html::Token::Text(text) if block => self.block_text(text),
                html::Token::Text(text) => self.text(text),
            }
        }
    }

    /// Text of an HTML block: a line break between two lines of text is a soft break (nothing between Chinese
    /// characters, a space otherwise); one next to a tag, and blank lines, are layout and show nothing.
    fn block_text(&mut self, text: &str) {
        let mut after_text = false;
        for line in text.split('\n') {
            if line.trim().is_empty() {
                after_text = false;
                continue;
            }
            if after_text {
                self.soft_break(line.chars().next());
            }
            self.text(line);
            after_text = true;
        }
    }

    /// A raw HTML start tag: an element if it is allowed, with the attributes allowed.
    fn html_start(&mut self, name: &str, tag: &html::Token<'_>) {
        if let Some(dropped) = html::DROPPED_WITH_CONTENT
            .iter()
            .find(|known| **known == name)
        {
            self.skipping = Some(dropped);
            return;
        }
        let Some(allowed) = html::allowed(name) else {
            return;
        };
        let title = tag.attribute("title").filter(|title| !title.is_empty());
        let (element, tag_name) = match allowed {
            html::Allowed::Void("img") => {
                if let Some(image) = tag
                    .attribute("src")
                    .and_then(|src| self.image(src, title.unwrap_or("")))
                {
                    let mut image = image.with_attr("alt", tag.attribute("alt").unwrap_or(""));
                    for dimension in ["width", "height"] {
                        if let Some(value) = tag.attribute(dimension).and_then(html::dimension) {
                            image = image.with_attr(dimension, value);
                        }
                    }
                    self.push(Node::Element(image));
                    self.last_char = None;
                }
                return;
            }
            html::Allowed::Void(void) => {
                self.push(Node::Element(Element::new(void)));
                self.last_char = None;
                return;
            }
            html::Allowed::Centred => (
                Element::new("div").with_attr("class", "align-center"),
                "center",
            ),
            html::Allowed::Link => match tag.attribute("href") {
                Some(href) => (self.link(LinkType::Inline, href, title.unwrap_or("")), "a"),
                None => (Element::new("span"), "a"),
            },
            html::Allowed::Element(element) => {
                let mut made = Element::new(element);
                if let Some(class) = tag.attribute("align").and_then(html::align_class) {
                    made = made.with_attr("class", class);
                }
                if let Some(title) = title {
                    made = made.with_attr("title", title);
                }
                (made, element)
            }
        };
        if self.stack.len() <= MAX_NESTING {
            self.stack.push(element);
            self.from_html.push(Some(tag_name));
        }
    }

    /// A raw HTML end tag closes the innermost element of its name that raw HTML opened, with those inside it;
    /// never one of Markdown's, nor anything outside the Markdown element it is in.
    fn html_end(&mut self, name: &str) {
        let open = self
            .from_html
            .iter()
            .rev()
            .take_while(|opened| opened.is_some())
            .position(|opened| *opened == Some(name));
        if let Some(depth) = open {
            for _ in 0..=depth {
                self.pop();
            }
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
            Event::Text(text) | Event::Code(text) => return text.chars().next(),
            // A tag shows nothing of its own; the text after it is what follows.
            Event::InlineHtml(_)
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }) => {
            }
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
pub mod html;

// The core is tested natively (`cargo test`); the wasm32 build has no `from_json`.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
