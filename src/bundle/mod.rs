//! Article bundles: the JSON format editors publish, read and validated into [`Bundle`].
//!
//! Reading never panics and never gives up early: a problem with the bundle as a whole is an [`Error`],
//! a problem with one article or channel skips just that entry and is reported as a [`Diagnostic`].
//! The format is described in `docs/bundle-format.md`.

mod error;
mod parse;
mod timestamp;
mod value;
// Native only, like `from_json`: the viewer never writes a bundle.
#[cfg(not(target_arch = "wasm32"))]
mod write;

// The core is tested natively (`cargo test`); the wasm32 build has no `from_json`.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use std::fmt;

pub use error::{Error, ErrorKind};
pub use parse::{from_value, Reader};
pub use timestamp::Timestamp;
pub use value::{Value, MAX_DEPTH};
#[cfg(not(target_arch = "wasm32"))]
pub use write::to_json;

/// The message of the deserializer error for JSON nested deeper than [`MAX_DEPTH`].
#[doc(hidden)]
pub const TOO_DEEP_MESSAGE: &str = value::TooDeep::MESSAGE;

/// The value of the `format` field of every bundle.
pub const FORMAT_NAME: &str = "article-bundle";
/// The bundle format version this viewer reads.
pub const FORMAT_VERSION: u32 = 1;

/// A validated bundle: every article names a known channel and has a unique id.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    site: Site,
    channels: Vec<Channel>,
    articles: Vec<Article>,
}

impl Bundle {
    /// The site that publishes the bundle.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The channels, in bundle order; never empty.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    /// The articles that passed validation, in bundle order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|article| article.id == id)
    }

    /// The channel with this id.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|channel| channel.id == id)
    }
}

/// The publishing site.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    name: String,
    url: String,
    app: Option<App>,
    indent_paragraphs: bool,
    search_index: Option<String>,
}

impl Site {
    /// The site's name, shown first in the breadcrumb.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The site's absolute http(s) URL; the base for share links.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether article paragraphs start with a two-character indent, as many Chinese papers set them.
    pub fn indent_paragraphs(&self) -> bool {
        self.indent_paragraphs
    }

    /// The site's app, target of 客户端中查看, if it has one.
    pub fn app(&self) -> Option<&App> {
        self.app.as_ref()
    }

    /// Where the prebuilt search index of the whole site is (`article-viewer index`), relative to the bundle:
    /// with one, search covers every article of the site, not only this bundle's.
    pub fn search_index(&self) -> Option<&str> {
        self.search_index.as_deref()
    }
}

/// The site's mobile app.
#[derive(Debug, Clone, PartialEq)]
pub struct App {
    name: String,
    url: String,
}

impl App {
    /// The app's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The absolute http(s) URL that opens (or offers) the app.
    pub fn url(&self) -> &str {
        &self.url
    }
}

/// A channel (column) of the site, such as 焦点图.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    id: String,
    name: String,
}

impl Channel {
    /// The id, matching `[a-z0-9-]+`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The name shown to readers.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// One article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    id: String,
    channel: String,
    title: String,
    published: Timestamp,
    source: Option<String>,
    author: Option<String>,
    editor: Option<String>,
    lead: Option<Lead>,
    body: String,
    byline: Option<String>,
    url: Option<String>,
}

impl Article {
    /// The id, unique in the bundle, matching `[A-Za-z0-9_-]+`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The id of the article's channel; the bundle has that channel.
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// The title, plain text.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// When it was published (发布时间).
    pub fn published(&self) -> &Timestamp {
        &self.published
    }

    /// Where it first appeared (来源).
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Who wrote it (作者).
    pub fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }

    /// The responsible editor (责任编辑).
    pub fn editor(&self) -> Option<&str> {
        self.editor.as_deref()
    }

    /// The lead photo.
    pub fn lead(&self) -> Option<&Lead> {
        self.lead.as_ref()
    }

    /// The body, Markdown (CommonMark with GFM tables and strikethrough).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The closing byline, such as `(杨文俊)`.
    pub fn byline(&self) -> Option<&str> {
        self.byline.as_deref()
    }

    /// The canonical absolute http(s) URL of the article, if it has one.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

/// A lead photo with its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    src: String,
    alt: String,
    caption: Option<String>,
    size: Option<(u32, u32)>,
}

impl Lead {
    /// The image URL as given: relative to the bundle's URL, absolute http(s), or a `data:` image.
    pub fn src(&self) -> &str {
        &self.src
    }

    /// The text alternative; empty when the bundle gave none.
    pub fn alt(&self) -> &str {
        &self.alt
    }

    /// The caption, shown under the photo.
    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    /// The image's width and height in pixels, when the bundle gives both: the page keeps the photo's room
    /// while it loads, instead of pushing the text down when it arrives.
    pub fn size(&self) -> Option<(u32, u32)> {
        self.size
    }
}

/// A problem that cost part of the bundle, not all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    error: Error,
    effect: Effect,
}

/// What a [`Diagnostic`]'s problem cost.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Effect {
    /// The article at this index of `articles` is not shown; carries its id when it had a readable one.
    SkippedArticle {
        /// Index in the bundle's `articles` array.
        index: usize,
        /// The article's `id`, when it was a string.
        id: Option<String>,
    },
    /// The channel at this index of `channels` is left out, and with it its articles.
    SkippedChannel {
        /// Index in the bundle's `channels` array.
        index: usize,
    },
    /// An optional field was left out; the rest of its entry is shown.
    IgnoredField,
}

impl Diagnostic {
    /// The problem.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// What it cost.
    pub fn effect(&self) -> &Effect {
        &self.effect
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.effect {
            // The error's path already says where the entry is.
            Effect::SkippedArticle { id: Some(id), .. } => {
                write!(f, "article {id:?} skipped: {}", self.error)
            }
            Effect::SkippedArticle { id: None, .. } => write!(f, "article skipped: {}", self.error),
            Effect::SkippedChannel { .. } => write!(f, "channel skipped: {}", self.error),
            Effect::IgnoredField => write!(f, "ignored: {}", self.error),
        }
    }
}

/// Reads a bundle from JSON text, as the CLI and the native tests do; the browser parses with its own `JSON.parse`
/// and calls [`from_value`].
///
/// # Errors
/// When the text is not JSON or not a bundle at all; see [`from_value`].
#[cfg(not(target_arch = "wasm32"))]
pub fn from_json(text: &str) -> Result<(Bundle, Vec<Diagnostic>), Error> {
    let value: Value = serde_json::from_str(text).map_err(|error| {
        let message = error.to_string();
        if message.starts_with(TOO_DEEP_MESSAGE) {
            Error::new("", ErrorKind::TooDeep)
        } else {
            Error::new("", ErrorKind::Syntax(message))
        }
    })?;
    from_value(&value)
}
