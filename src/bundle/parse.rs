//! Validation of a [`Value`] tree into a [`Bundle`]: the one place that decides what a valid bundle is.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use super::{
    App, Article, Bundle, Channel, Diagnostic, Effect, Lead, Site, Timestamp, Value, FORMAT_NAME,
    FORMAT_VERSION,
};
use super::{Error, ErrorKind};
use crate::url;

/// Validates a parsed JSON document as a bundle.
///
/// Unknown fields are ignored. A bad article or channel is skipped and reported in the returned diagnostics,
/// as is a bad optional field (which is left out).
///
/// # Errors
/// When the document is not a version 1 bundle, or its `site`, `channels` or `articles` are unusable.
pub fn from_value(value: &Value) -> Result<(Bundle, Vec<Diagnostic>), Error> {
    let mut reader = Reader::new(value)?;
    if let Some(Value::Array(entries)) = value.get("articles") {
        for (index, entry) in entries.iter().enumerate() {
            reader.read(index, entry);
        }
    }
    Ok(reader.finish())
}

/// A bundle validated an article at a time, so that a browser can read a big one in slices between which the
/// page stays responsive, and show one article before the rest: [`from_value`] is `new`, `read` of every
/// article in order, then `finish`.
#[derive(Debug, Clone)]
pub struct Reader {
    site: Site,
    channels: Vec<Channel>,
    articles: Vec<Article>,
    diagnostics: Vec<Diagnostic>,
    first_index_of_id: HashMap<String, usize>,
}

impl Reader {
    /// Validates everything but the articles themselves: format, site, channels, and that `articles` is an
    /// array (its entries are not looked at: a browser passes the document with `articles` emptied).
    ///
    /// # Errors
    /// As [`from_value`], for problems outside the articles.
    pub fn new(value: &Value) -> Result<Reader, Error> {
        let root = Path::Root;
        if !matches!(value, Value::Object(_)) {
            return Err(invalid(&root, "a JSON object (an article bundle)", value));
        }
        check_format(value)?;
        let mut diagnostics = Vec::new();
        let site = read_site(value, &mut diagnostics)?;
        let channels = read_channels(value, &mut diagnostics)?;
        let articles_path = Path::Key(&root, "articles");
        match value.get("articles") {
            Some(Value::Array(_)) => {}
            Some(other) => return Err(invalid(&articles_path, "an array of articles", other)),
            None => return Err(missing(&articles_path, "an array of articles")),
        }
        Ok(Reader {
            site,
            channels,
            articles: Vec::new(),
            diagnostics,
            first_index_of_id: HashMap::new(),
        })
    }

    /// Validates `articles[index]`; call it for every index in order. An article that is not valid, or
    /// repeats an earlier id, is skipped with a diagnostic.
    pub fn read(&mut self, index: usize, entry: &Value) {
        let root = Path::Root;
        let articles_path = Path::Key(&root, "articles");
        let path = Path::Index(&articles_path, index);
        let skipped = |error: Error| Diagnostic {
            error,
            effect: Effect::SkippedArticle {
                index,
                id: entry
                    .get("id")
                    .and_then(as_str)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned),
            },
        };
        match read_article(entry, &path, &self.channels, &mut self.diagnostics) {
            Ok(article) => match self.first_index_of_id.get(&article.id) {
                Some(&first) => {
                    let first = Path::Index(&articles_path, first).to_string();
                    let error = Error::new(
                        Path::Key(&path, "id").to_string(),
                        ErrorKind::Duplicate { first },
                    );
                    self.diagnostics.push(skipped(error));
                }
                None => {
                    self.first_index_of_id.insert(article.id.clone(), index);
                    self.articles.push(article);
                }
            },
            Err(error) => self.diagnostics.push(skipped(error)),
        }
    }

    /// A bundle of `entry` alone, if it is a valid article, to show while the others are read. Its problems
    /// are left for the full reading to report.
    pub fn preview(&self, entry: &Value) -> Option<Bundle> {
        let root = Path::Root;
        let path = Path::Index(&Path::Key(&root, "articles"), 0);
        let article = read_article(entry, &path, &self.channels, &mut Vec::new()).ok()?;
        Some(Bundle {
            site: self.site.clone(),
            channels: self.channels.clone(),
            articles: vec![article],
        })
    }

    /// The bundle of the articles read, and every problem found.
    pub fn finish(self) -> (Bundle, Vec<Diagnostic>) {
        (
            Bundle {
                site: self.site,
                channels: self.channels,
                articles: self.articles,
            },
            self.diagnostics,
        )
    }
}

fn check_format(value: &Value) -> Result<(), Error> {
    let root = Path::Root;
    let format_path = Path::Key(&root, "format");
    match value.get("format") {
        Some(Value::String(name)) if name == FORMAT_NAME => {}
        Some(other) => return Err(invalid(&format_path, "\"article-bundle\"", other)),
        None => return Err(missing(&format_path, "\"article-bundle\"")),
    }
    let version_path = Path::Key(&root, "version");
    match value.get("version") {
        Some(Value::Number(version)) if *version == f64::from(FORMAT_VERSION) => Ok(()),
        Some(other @ Value::Number(_)) => Err(Error::new(
            version_path.to_string(),
            ErrorKind::UnsupportedVersion {
                found: other.describe(),
            },
        )),
        Some(other) => Err(invalid(
            &version_path,
            "the format version, the number 1",
            other,
        )),
        None => Err(missing(&version_path, "the format version, the number 1")),
    }
}

fn read_site(value: &Value, diagnostics: &mut Vec<Diagnostic>) -> Result<Site, Error> {
    let root = Path::Root;
    let path = Path::Key(&root, "site");
    let site = match value.get("site") {
        Some(site @ Value::Object(_)) => site,
        Some(other) => return Err(invalid(&path, "an object", other)),
        None => return Err(missing(&path, "an object with the site's name and url")),
    };
    let name = required_text(site, &path, "name")?;
    let url = required_http_url(site, &path, "url")?;
    let app_path = Path::Key(&path, "app");
    let app = match site.get("app") {
        None => None,
        Some(app @ Value::Object(_)) => {
            let read = || -> Result<App, Error> {
                Ok(App {
                    name: required_text(app, &app_path, "name")?,
                    url: required_http_url(app, &app_path, "url")?,
                })
            };
            ignored(read(), diagnostics)
        }
        Some(other) => ignored(Err(invalid(&app_path, "an object", other)), diagnostics),
    };
    let indent_path = Path::Key(&path, "indent_paragraphs");
    let indent_paragraphs = match site.get("indent_paragraphs") {
        None => false,
        Some(Value::Bool(indent)) => *indent,
        Some(other) => ignored(
            Err(invalid(&indent_path, "true or false", other)),
            diagnostics,
        )
        .unwrap_or(false),
    };
    let index_path = Path::Key(&path, "search_index");
    let search_index = match site.get("search_index") {
        None => None,
        Some(value) => ignored(
            as_str(value)
                .and_then(url::fetchable)
                .map(|url| url.into_owned())
                .ok_or_else(|| {
                    invalid(
                        &index_path,
                        "the URL of a search index manifest: relative, or absolute http(s)",
                        value,
                    )
                }),
            diagnostics,
        ),
    };
    Ok(Site {
        name,
        url,
        app,
        indent_paragraphs,
        search_index,
    })
}

fn read_channels(value: &Value, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Channel>, Error> {
    let root = Path::Root;
    let path = Path::Key(&root, "channels");
    let entries = match value.get("channels") {
        Some(Value::Array(entries)) => entries,
        Some(other) => return Err(invalid(&path, "an array of channels", other)),
        None => return Err(missing(&path, "an array of channels")),
    };
    let mut channels: Vec<Channel> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let entry_path = Path::Index(&path, index);
        let read = || -> Result<Channel, Error> {
            if !matches!(entry, Value::Object(_)) {
                return Err(invalid(&entry_path, "an object", entry));
            }
            let id = required_str(entry, &entry_path, "id", "a channel id")?;
            let id_path = Path::Key(&entry_path, "id");
            if !is_channel_id(id) {
                return Err(invalid(
                    &id_path,
                    "an id of a-z, 0-9 and -",
                    entry.get("id").unwrap_or(&Value::Null),
                ));
            }
            if let Some(first) = channels.iter().position(|channel| channel.id == id) {
                let first = Path::Index(&path, first).to_string();
                return Err(Error::new(
                    id_path.to_string(),
                    ErrorKind::Duplicate { first },
                ));
            }
            Ok(Channel {
                id: id.to_owned(),
                name: required_text(entry, &entry_path, "name")?,
            })
        };
        match read() {
            Ok(channel) => channels.push(channel),
            Err(error) => diagnostics.push(Diagnostic {
                error,
                effect: Effect::SkippedChannel { index },
            }),
        }
    }
    if channels.is_empty() {
        let found = if entries.is_empty() {
            "an empty array".to_owned()
        } else {
            "no valid channel".to_owned()
        };
        return Err(Error::new(
            path.to_string(),
            ErrorKind::Invalid {
                expected: "at least one channel".into(),
                found,
            },
        ));
    }
    Ok(channels)
}

fn read_article(
    entry: &Value,
    path: &Path<'_>,
    channels: &[Channel],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Article, Error> {
    if !matches!(entry, Value::Object(_)) {
        return Err(invalid(path, "an object", entry));
    }
    let id = required_str(entry, path, "id", "an article id")?;
    if !is_article_id(id) {
        let id_path = Path::Key(path, "id");
        return Err(invalid(
            &id_path,
            "an id of A-Z, a-z, 0-9, _ and -",
            entry.get("id").unwrap_or(&Value::Null),
        ));
    }
    let channel = required_str(entry, path, "channel", "a channel id")?;
    if !channels.iter().any(|known| known.id == channel) {
        let ids: Vec<&str> = channels.iter().map(|known| known.id.as_str()).collect();
        let channel_path = Path::Key(path, "channel");
        return Err(invalid(
            &channel_path,
            format!("one of the channel ids ({})", ids.join(", ")),
            entry.get("channel").unwrap_or(&Value::Null),
        ));
    }
    let title = required_text(entry, path, "title")?;
    const DATE_EXPECTED: &str =
        "an RFC 3339 date-time with offset, such as \"2023-07-22T12:00:00+08:00\"";
    let published_text = required_str(entry, path, "published", DATE_EXPECTED)?;
    let published = Timestamp::parse(published_text).ok_or_else(|| {
        invalid(
            &Path::Key(path, "published"),
            DATE_EXPECTED,
            entry.get("published").unwrap_or(&Value::Null),
        )
    })?;
    let body = required_str(entry, path, "body", "the article body, a Markdown string")?.to_owned();

    let mut optional_text =
        |key: &'static str| ignored(optional_text(entry, path, key), diagnostics).flatten();
    let source = optional_text("source");
    let author = optional_text("author");
    let editor = optional_text("editor");
    let byline = optional_text("byline");
    let url = match entry.get("url") {
        None => None,
        Some(_) => ignored(required_http_url(entry, path, "url"), diagnostics),
    };
    let lead = match entry.get("lead") {
        None => None,
        Some(lead) => ignored(read_lead(lead, &Path::Key(path, "lead")), diagnostics),
    };
    Ok(Article {
        id: id.to_owned(),
        channel: channel.to_owned(),
        title,
        published,
        source,
        author,
        editor,
        lead,
        body,
        byline,
        url,
    })
}

fn read_lead(lead: &Value, path: &Path<'_>) -> Result<Lead, Error> {
    if !matches!(lead, Value::Object(_)) {
        return Err(invalid(path, "an object with src, alt and caption", lead));
    }
    const SRC_EXPECTED: &str =
        "an image URL: relative, absolute http(s), or a data: URL of a PNG, JPEG, GIF, WebP or AVIF image";
    let src = required_str(lead, path, "src", SRC_EXPECTED)?;
    if url::image_src(src).is_none() {
        let src_path = Path::Key(path, "src");
        return Err(invalid(
            &src_path,
            SRC_EXPECTED,
            lead.get("src").unwrap_or(&Value::Null),
        ));
    }
    let width = optional_pixels(lead, path, "width")?;
    let height = optional_pixels(lead, path, "height")?;
    let size = match (width, height) {
        (Some(width), Some(height)) => Some((width, height)),
        (None, None) => None,
        (Some(_), None) => {
            return Err(missing(
                &Path::Key(path, "height"),
                "the height, with the width",
            ))
        }
        (None, Some(_)) => {
            return Err(missing(
                &Path::Key(path, "width"),
                "the width, with the height",
            ))
        }
    };
    Ok(Lead {
        src: src.trim().to_owned(),
        alt: optional_text(lead, path, "alt")?.unwrap_or_default(),
        caption: optional_text(lead, path, "caption")?,
        size,
    })
}

/// The largest image side accepted, in pixels.
const MAX_PIXELS: u32 = 100_000;

/// An optional image dimension: a whole number of pixels, 1 to [`MAX_PIXELS`].
fn optional_pixels(
    object: &Value,
    parent: &Path<'_>,
    key: &'static str,
) -> Result<Option<u32>, Error> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::Number(pixels))
            if pixels.fract() == 0.0 && (1.0..=f64::from(MAX_PIXELS)).contains(pixels) =>
        {
            Ok(Some(*pixels as u32))
        }
        Some(other) => Err(invalid(
            &Path::Key(parent, key),
            "a whole number of pixels, 1 to 100000",
            other,
        )),
    }
}

/// The value of an optional field, or `None` with the problem recorded as costing only that field.
fn ignored<T>(result: Result<T, Error>, diagnostics: &mut Vec<Diagnostic>) -> Option<T> {
    result
        .map_err(|error| {
            diagnostics.push(Diagnostic {
                error,
                effect: Effect::IgnoredField,
            })
        })
        .ok()
}

fn required_str<'v>(
    object: &'v Value,
    parent: &Path<'_>,
    key: &'static str,
    expected: &'static str,
) -> Result<&'v str, Error> {
    let path = Path::Key(parent, key);
    match object.get(key) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(invalid(&path, expected, other)),
        None => Err(missing(&path, expected)),
    }
}

/// A required plain-text field: a string with something besides white space, trimmed.
fn required_text(object: &Value, parent: &Path<'_>, key: &'static str) -> Result<String, Error> {
    const EXPECTED: &str = "a non-empty string";
    let text = required_str(object, parent, key, EXPECTED)?;
    match text.trim() {
        "" => Err(invalid(
            &Path::Key(parent, key),
            EXPECTED,
            object.get(key).unwrap_or(&Value::Null),
        )),
        trimmed => Ok(trimmed.to_owned()),
    }
}

/// An optional plain-text field, trimmed; an empty string counts as absent.
fn optional_text(
    object: &Value,
    parent: &Path<'_>,
    key: &'static str,
) -> Result<Option<String>, Error> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim())
            .filter(|text| !text.is_empty())
            .map(str::to_owned)),
        Some(other) => Err(invalid(&Path::Key(parent, key), "a string", other)),
    }
}

fn required_http_url(
    object: &Value,
    parent: &Path<'_>,
    key: &'static str,
) -> Result<String, Error> {
    const EXPECTED: &str = "an absolute http(s) URL";
    let text = required_str(object, parent, key, EXPECTED)?;
    match url::absolute_http(text) {
        Some(url) => Ok(url.to_owned()),
        None => Err(invalid(
            &Path::Key(parent, key),
            EXPECTED,
            object.get(key).unwrap_or(&Value::Null),
        )),
    }
}

fn as_str(value: &Value) -> Option<&str> {
    match value {
        Value::String(text) => Some(text),
        _ => None,
    }
}

fn is_channel_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|byte| matches!(byte, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

fn is_article_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

fn invalid(path: &Path<'_>, expected: impl Into<Cow<'static, str>>, found: &Value) -> Error {
    Error::new(
        path.to_string(),
        ErrorKind::Invalid {
            expected: expected.into(),
            found: found.describe(),
        },
    )
}

fn missing(path: &Path<'_>, expected: &'static str) -> Error {
    Error::new(path.to_string(), ErrorKind::Missing { expected })
}

/// A JSON path, built on the stack as validation descends and turned into text only for an error.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}
