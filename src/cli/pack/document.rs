//! The bundle the sources make: their objects put together as one bundle document, read by the viewer's own
//! reader (`bundle::from_value`), which alone decides what is valid. What it finds is turned back into problems at
//! the source file and line that caused them. A bundle is only ever written from what the reader returns.

use std::collections::BTreeMap;

use crate::bundle::{self, Bundle, Error, ErrorKind, Value};

use super::article::Article;
use super::site::Site;
use super::{PackError, Problems};

/// The bundle the viewer reads from `site` and `articles`, with every problem it finds reported at its source
/// line. `None` when the sources are not a bundle at all.
pub(super) fn read_bundle(
    site: &Site,
    articles: &[Article],
    problems: &mut Problems,
) -> Option<Bundle> {
    let entries = [
        ("format", Value::String(bundle::FORMAT_NAME.to_owned())),
        ("version", Value::Number(f64::from(bundle::FORMAT_VERSION))),
        ("site", site.object.clone()),
        ("channels", Value::Array(site.channels.clone())),
        (
            "articles",
            Value::Array(
                articles
                    .iter()
                    .map(|article| article.object.clone())
                    .collect(),
            ),
        ),
    ];
    let document = Value::Object(
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    );
    match bundle::from_value(&document) {
        Ok((bundle, diagnostics)) => {
            for diagnostic in &diagnostics {
                problems.error(locate(diagnostic.error(), site, articles));
            }
            Some(bundle)
        }
        Err(error) => {
            problems.error(locate(&error, site, articles));
            None
        }
    }
}

/// Turns a problem the viewer's reader found in the bundle into one at its source file and line.
fn locate(error: &Error, site: &Site, articles: &[Article]) -> PackError {
    let path = error.path();
    let message = error.to_string();
    let kind_message = message
        .strip_prefix(path)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(&message);
    if let Some((index, field)) = article_path(path) {
        if let Some(article) = articles.get(index) {
            let line = line_of(&article.lines, field).unwrap_or(1);
            let mut message = match error.kind() {
                ErrorKind::Duplicate { first } => {
                    let first_file = article_path(first)
                        .and_then(|(first_index, _)| articles.get(first_index))
                        .map_or_else(|| first.clone(), |first| first.file.display().to_string());
                    format!("{field}: already used by {first_file}")
                }
                _ if field.is_empty() => kind_message.to_owned(),
                _ => format!("{field}: {kind_message}"),
            };
            if field == "id" && !article.lines.contains_key("id") {
                message.push_str(
                    " (the id comes from the file name: rename the file, or set `id` in the front matter)",
                );
            }
            return PackError::new(&article.file, Some(line), message);
        }
    }
    let line = line_of(&site.lines, path).unwrap_or(1);
    PackError::new(&site.file, Some(line), message)
}

/// Splits `articles[3].lead.src` into `3` and `lead.src`.
pub(super) fn article_path(path: &str) -> Option<(usize, &str)> {
    let (index, field) = path.strip_prefix("articles[")?.split_once(']')?;
    let field = field.strip_prefix('.').unwrap_or(field);
    Some((index.parse().ok()?, field))
}

/// The line of `path`, or of the nearest enclosing path that has one.
pub(super) fn line_of(lines: &BTreeMap<String, usize>, path: &str) -> Option<usize> {
    let mut path = path;
    loop {
        if let Some(&line) = lines.get(path) {
            return Some(line);
        }
        path = &path[..path.rfind(['.', '['])?];
    }
}
