//! The text search looks at: an article's title, caption and body as the reader sees them (the body rendered
//! from Markdown, then flattened), with where each field is. Blocks and fields are kept apart by [`BREAK`].

use std::ops::Range;

use crate::bundle::Article;
use crate::markdown::{self, RenderOptions};
use crate::node::Node;

/// Separates blocks and fields in the searchable text. It is never indexed and no query can contain it,
/// so no match crosses from one paragraph or field into the next.
pub(super) const BREAK: char = '\u{2029}';

/// The text of an article that search looks at, with where each field is in it (char offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    /// Title, caption, source, author and body text, joined by U+2029 (paragraph separator).
    pub text: String,
    /// The title's char range.
    pub title: Range<usize>,
    /// The caption's char range (empty when none).
    pub caption: Range<usize>,
    /// The source's char range (empty when none).
    pub source: Range<usize>,
    /// The author's char range (empty when none).
    pub author: Range<usize>,
    /// The body's char range: the text a reader sees, blocks separated by U+2029.
    pub body: Range<usize>,
}

impl SearchText {
    /// The fields' char ranges: title, caption, source, author, body.
    pub fn ranges(&self) -> [Range<usize>; 5] {
        [
            self.title.clone(),
            self.caption.clone(),
            self.source.clone(),
            self.author.clone(),
            self.body.clone(),
        ]
    }

    /// The searchable text of `article`; the body is its rendered Markdown, as the reader sees it.
    pub fn of(article: &Article) -> SearchText {
        let mut text = String::new();
        let mut n_chars = 0;
        let mut push_field = |text: &mut String, field: &str| -> Range<usize> {
            if !text.is_empty() {
                text.push(BREAK);
                n_chars += 1;
            }
            let start = n_chars;
            text.push_str(field);
            n_chars += field.chars().count();
            start..n_chars
        };
        let title = push_field(&mut text, article.title());
        let caption = push_field(
            &mut text,
            article.lead().and_then(|lead| lead.caption()).unwrap_or(""),
        );
        let source = push_field(&mut text, article.source().unwrap_or(""));
        let author = push_field(&mut text, article.author().unwrap_or(""));
        let body_text = flatten(&body_nodes(article));
        let body = push_field(&mut text, &body_text);
        SearchText {
            text,
            title,
            caption,
            source,
            author,
            body,
        }
    }
}

/// The body as the article view renders it (URL resolution does not change any text).
pub fn body_nodes(article: &Article) -> Vec<Node> {
    markdown::render(article.body(), &RenderOptions::default())
}

/// Elements after which text continues on a new line; their text never runs into their neighbours'.
pub(crate) const BLOCKS: [&str; 22] = [
    "p",
    "details",
    "summary",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "th",
    "td",
    "div",
    "hr",
    "br",
];

/// The text of rendered nodes, blocks separated by U+2029; the view marks occurrences walking them the same way.
pub fn flatten(nodes: &[Node]) -> String {
    let mut text = String::new();
    let mut walker = Walker::default();
    walker.walk(nodes, &mut |piece| match piece {
        Piece::Text(run) => text.push_str(run),
        Piece::Break => text.push(BREAK),
    });
    text
}

/// Walks nodes in document order, reporting text and the breaks between blocks (at most one in a row,
/// none at the start).
#[derive(Default)]
pub(crate) struct Walker {
    pub(crate) chars_so_far: usize,
    pub(crate) break_pending: bool,
}

pub(crate) enum Piece<'a> {
    Text(&'a str),
    Break,
}

impl Walker {
    fn walk<'n>(&mut self, nodes: &'n [Node], emit: &mut dyn FnMut(Piece<'n>)) {
        for node in nodes {
            match node {
                Node::Text(text) if !text.is_empty() => {
                    if std::mem::take(&mut self.break_pending) && self.chars_so_far > 0 {
                        emit(Piece::Break);
                        self.chars_so_far += 1;
                    }
                    emit(Piece::Text(text));
                    self.chars_so_far += text.chars().count();
                }
                Node::Text(_) => {}
                #[cfg(feature = "conformance")]
                Node::Raw(_) => {}
                Node::Element(element) => {
                    let block = BLOCKS.contains(&element.tag());
                    self.break_pending |= block;
                    self.walk(element.children(), emit);
                    self.break_pending |= block;
                }
            }
        }
    }
}
