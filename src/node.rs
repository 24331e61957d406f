//! The page as a small tree of elements and text, the one type every view-building module produces, and its
//! printing as HTML for static pages and tests.
//!
//! Tag and attribute names are `&'static str`, so they can only come from this crate; bundle data only ever
//! fills text nodes and attribute values (URLs already checked by [`crate::url`]). The browser layer mounts
//! the tree node by node, and [`to_html`] escapes every text and value, so bundle text stays text. This module
//! depends on nothing else in the crate.

use std::fmt::Write as _;

pub mod diff;

/// A node of the page: an element or a run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element with attributes and children.
    Element(Element),
    /// Text, shown as it is.
    Text(String),
    /// HTML printed as it is: only with the `conformance` feature, so that the CommonMark suite can run with raw
    /// HTML enabled. The viewer never has it; the browser layer would show it as text anyway.
    #[cfg(feature = "conformance")]
    Raw(String),
}

/// An element: a tag name chosen by this crate, attributes, children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    tag: &'static str,
    attrs: Vec<(&'static str, String)>,
    children: Vec<Node>,
}

impl Element {
    /// An element with no attributes or children.
    pub fn new(tag: &'static str) -> Element {
        Element {
            tag,
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Adds an attribute.
    pub fn with_attr(mut self, name: &'static str, value: impl Into<String>) -> Element {
        self.attrs.push((name, value.into()));
        self
    }

    /// Adds a child.
    pub fn with_child(mut self, child: impl Into<Node>) -> Element {
        self.children.push(child.into());
        self
    }

    /// Adds a text child.
    pub fn with_text(self, text: &str) -> Element {
        self.with_child(Node::Text(text.to_owned()))
    }

    /// Adds children.
    pub fn with_children(mut self, children: impl IntoIterator<Item = Node>) -> Element {
        self.children.extend(children);
        self
    }

    /// The tag name.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The attributes, in the order they were added.
    pub fn attrs(&self) -> &[(&'static str, String)] {
        &self.attrs
    }

    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Passes every `href` and `src` in this element and below through `rewrite`; `None` keeps a value.
    /// For pages served from elsewhere than the viewer, such as static pages.
    pub fn rewrite_urls(&mut self, rewrite: &dyn Fn(&str) -> Option<String>) {
        for (name, value) in &mut self.attrs {
            if matches!(*name, "href" | "src") {
                if let Some(rewritten) = rewrite(value) {
                    *value = rewritten;
                }
            }
        }
        for child in &mut self.children {
            if let Node::Element(element) = child {
                element.rewrite_urls(rewrite);
            }
        }
    }

    /// The children.
    pub fn children(&self) -> &[Node] {
        &self.children
    }

    pub(crate) fn children_mut(&mut self) -> &mut Vec<Node> {
        &mut self.children
    }

    pub(crate) fn into_children(self) -> Vec<Node> {
        self.children
    }

    /// The element without its children, and the children.
    pub(crate) fn split_children(mut self) -> (Element, Vec<Node>) {
        let children = std::mem::take(&mut self.children);
        (self, children)
    }
}

impl From<Element> for Node {
    fn from(element: Element) -> Node {
        Node::Element(element)
    }
}

impl Node {
    /// The text content, as `textContent` would give it.
    pub fn text_content(&self) -> String {
        let mut text = String::new();
        self.collect_text(&mut text);
        text
    }

    fn collect_text(&self, out: &mut String) {
        match self {
            Node::Text(text) => out.push_str(text),
            #[cfg(feature = "conformance")]
            Node::Raw(_) => {}
            Node::Element(element) => element
                .children
                .iter()
                .for_each(|child| child.collect_text(out)),
        }
    }

    /// Every element in document order, this one included.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut found = Vec::new();
        let mut pending = vec![self];
        while let Some(node) = pending.pop() {
            if let Node::Element(element) = node {
                found.push(element);
                pending.extend(element.children.iter().rev());
            }
        }
        found
    }
}

/// Elements that have no end tag in HTML.
const VOID_ELEMENTS: [&str; 6] = ["br", "hr", "img", "input", "link", "meta"];

/// Prints a node tree as HTML, escaping all text and attribute values.
pub fn to_html(node: &Node) -> String {
    let mut html = String::new();
    write_html(node, &mut html);
    html
}

fn write_html(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => escape_into(text, false, out),
        #[cfg(feature = "conformance")]
        Node::Raw(html) => out.push_str(html),
        Node::Element(element) => {
            let _ = write!(out, "<{}", element.tag);
            for (name, value) in &element.attrs {
                let _ = write!(out, " {name}=\"");
                escape_into(value, true, out);
                out.push('"');
            }
            out.push('>');
            if VOID_ELEMENTS.contains(&element.tag) {
                return;
            }
            for child in &element.children {
                write_html(child, out);
            }
            let _ = write!(out, "</{}>", element.tag);
        }
    }
}

fn escape_into(text: &str, in_attribute: bool, out: &mut String) {
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

/// The attribute that makes an element a control: a click on it is the message this names
/// (`state::Msg::for_action`), with [`ACTION_VALUE`] as its argument.
pub const ACTION: &str = "data-action";

/// Every control, whatever its action.
pub const CONTROL: &str = "[data-action]";

/// The argument of a control's [`ACTION`].
pub const ACTION_VALUE: &str = "data-value";

/// Every tag the view makes: what the browser layer can read back from a page the view wrote (`dom::read`).
/// A test of the view checks that every page it makes keeps to these.
pub const TAGS: &[&str] = &[
    "a",
    "article",
    "blockquote",
    "br",
    "button",
    "code",
    "del",
    "details",
    "div",
    "em",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "input",
    "label",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "path",
    "pre",
    "progress",
    "rect",
    "section",
    "span",
    "strong",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
];

/// Every attribute the view sets; the browser layer leaves others out when it reads a page back.
pub const ATTRIBUTES: &[&str] = &[
    "action",
    "alt",
    "aria-busy",
    "aria-controls",
    "aria-current",
    "aria-haspopup",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "aria-modal",
    "aria-pressed",
    "aria-selected",
    "aria-valuetext",
    "autocomplete",
    "class",
    "d",
    "data-action",
    "data-font-size",
    "data-tablist",
    "data-theme",
    "data-value",
    "datetime",
    "decoding",
    "disabled",
    "enterkeyhint",
    "fill",
    "for",
    "height",
    "href",
    "id",
    "inert",
    "lang",
    "loading",
    "max",
    "name",
    "part",
    "placeholder",
    "readonly",
    "rel",
    "role",
    "shape-rendering",
    "src",
    "start",
    "tabindex",
    "target",
    "title",
    "type",
    "value",
    "viewBox",
    "width",
];

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod test_support;
