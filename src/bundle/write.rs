//! A [`Bundle`] written back as bundle JSON, as `article-viewer pack` publishes it. Native only: the viewer reads
//! bundles and never writes one, so none of this is in the wasm.
//!
//! Fields come in the order of `docs/bundle-format.md`. An optional field the bundle does not have is left out,
//! and so are the values that mean the same as leaving it out (`indent_paragraphs: false`, an empty `alt`), so that
//! [`super::from_json`] reads the text back as the same bundle.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{App, Article, Bundle, Channel, Lead, Site, FORMAT_NAME, FORMAT_VERSION};

/// The bundle as JSON text: pretty-printed with two-space indents, ending in a newline.
pub fn to_json(bundle: &Bundle) -> String {
    let mut json = serde_json::to_string_pretty(bundle)
        .expect("a bundle of strings, booleans and numbers always serializes");
    json.push('\n');
    json
}

impl Serialize for Bundle {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut bundle = serializer.serialize_struct("Bundle", 5)?;
        bundle.serialize_field("format", FORMAT_NAME)?;
        bundle.serialize_field("version", &FORMAT_VERSION)?;
        bundle.serialize_field("site", &self.site)?;
        bundle.serialize_field("channels", &self.channels)?;
        bundle.serialize_field("articles", &self.articles)?;
        bundle.end()
    }
}

impl Serialize for Site {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut site = serializer.serialize_struct("Site", 5)?;
        site.serialize_field("name", &self.name)?;
        site.serialize_field("url", &self.url)?;
        optional(&mut site, "app", self.app.as_ref())?;
        optional(
            &mut site,
            "indent_paragraphs",
            self.indent_paragraphs.then_some(&true),
        )?;
        optional(&mut site, "search_index", self.search_index.as_ref())?;
        site.end()
    }
}

impl Serialize for App {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut app = serializer.serialize_struct("App", 2)?;
        app.serialize_field("name", &self.name)?;
        app.serialize_field("url", &self.url)?;
        app.end()
    }
}

impl Serialize for Channel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut channel = serializer.serialize_struct("Channel", 2)?;
        channel.serialize_field("id", &self.id)?;
        channel.serialize_field("name", &self.name)?;
        channel.end()
    }
}

impl Serialize for Article {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut article = serializer.serialize_struct("Article", 11)?;
        article.serialize_field("id", &self.id)?;
        article.serialize_field("channel", &self.channel)?;
        article.serialize_field("title", &self.title)?;
        article.serialize_field("published", self.published.as_str())?;
        optional(&mut article, "source", self.source.as_ref())?;
        optional(&mut article, "author", self.author.as_ref())?;
        optional(&mut article, "editor", self.editor.as_ref())?;
        optional(&mut article, "lead", self.lead.as_ref())?;
        article.serialize_field("body", &self.body)?;
        optional(&mut article, "byline", self.byline.as_ref())?;
        optional(&mut article, "url", self.url.as_ref())?;
        article.end()
    }
}

impl Serialize for Lead {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut lead = serializer.serialize_struct("Lead", 5)?;
        lead.serialize_field("src", &self.src)?;
        optional(
            &mut lead,
            "alt",
            Some(&self.alt).filter(|alt| !alt.is_empty()),
        )?;
        optional(&mut lead, "caption", self.caption.as_ref())?;
        let (width, height) = self.size.unzip();
        optional(&mut lead, "width", width.as_ref())?;
        optional(&mut lead, "height", height.as_ref())?;
        lead.end()
    }
}

/// Writes `key` when there is a value, and leaves it out otherwise.
fn optional<S: SerializeStruct, T: Serialize>(
    state: &mut S,
    key: &'static str,
    value: Option<&T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => state.serialize_field(key, value),
        None => state.skip_field(key),
    }
}
