//! Article files: the `*.md` files of a source directory, each split into TOML front matter and a Markdown body,
//! and read into the article object the viewer's reader checks, with the line of each field and the relative
//! images it uses. Whether the values are valid is the reader's to say; this module only reads what is written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use toml::de::DeValue;

use crate::bundle::{Timestamp, Value};
use crate::markdown;

use super::images::{local_path, target_path};
use super::source::{line_column, object, read_text, Doc, Fields};
use super::{PackError, Problems, SITE_FILE};
use crate::cli::image_size::image_size;

/// The line that opens and closes an article's front matter.
const FENCE: &str = "+++";

/// Front-matter keys. `channel_name` is what `import` found on the old page; the name that counts is site.toml's.
const ARTICLE_KEYS: [&str; 12] = [
    "id",
    "order",
    "title",
    "published",
    "channel",
    "channel_name",
    "source",
    "author",
    "editor",
    "lead",
    "byline",
    "url",
];
const LEAD_KEYS: [&str; 5] = ["src", "alt", "caption", "width", "height"];

/// One article file, read.
pub(super) struct Article {
    pub(super) file: PathBuf,
    pub(super) order: Option<i64>,
    /// The article object, with the keys the front matter gives, and the body.
    pub(super) object: Value,
    /// The line of each field, by its path within the article (`title`, `lead.src`, `body`).
    pub(super) lines: BTreeMap<String, usize>,
    /// Relative image URLs: the URL as written and its line.
    pub(super) images: Vec<(String, usize)>,
}

/// The `*.md` files under `dir`, sorted by path, skipping names that start with `.`.
pub(super) fn markdown_files(dir: &Path, problems: &mut Problems) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) => {
                problems.error(PackError::new(
                    &current,
                    None,
                    format!("cannot read the directory: {error}"),
                ));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    problems.error(PackError::new(
                        &current,
                        None,
                        format!("cannot read the directory: {error}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            // Directories that are symbolic links are not followed, so a link loop cannot trap the walk.
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// An article file split into its front matter and body, with where each starts in the file.
#[derive(Debug, PartialEq)]
pub(super) struct Parts<'t> {
    pub(super) front_matter: &'t str,
    pub(super) front_matter_offset: usize,
    pub(super) body: &'t str,
    pub(super) body_offset: usize,
}

/// Splits `text` at its `+++` lines; the error is the message for line 1.
pub(super) fn split_front_matter(text: &str) -> Result<Parts<'_>, String> {
    let first_end = text.find('\n').map_or(text.len(), |at| at + 1);
    let first_line = text[..first_end].trim_end();
    if first_line != FENCE {
        let hint = if first_line == "---" {
            " (YAML front matter between `---` lines is not read; write TOML between `+++` lines)"
        } else {
            ""
        };
        return Err(format!(
            "no front matter: the file must start with a line `{FENCE}`{hint}"
        ));
    }
    let mut line_start = first_end;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |at| line_start + at + 1);
        if text[line_start..line_end].trim_end() == FENCE {
            let mut body_offset = line_end;
            // Blank lines between the front matter and the body are not part of the body.
            while let Some(at) = text[body_offset..].find('\n') {
                if !text[body_offset..body_offset + at].trim().is_empty() {
                    break;
                }
                body_offset += at + 1;
            }
            return Ok(Parts {
                front_matter: &text[first_end..line_start],
                front_matter_offset: first_end,
                body: text[body_offset..].trim_end(),
                body_offset,
            });
        }
        line_start = line_end;
    }
    Err(format!(
        "the front matter is not closed: no line `{FENCE}` after the one on line 1"
    ))
}

/// Reads the article `file`, reporting its problems; `None` when it has one. `channel_ids` are site.toml's, when it
/// could be read.
pub(super) fn read_article(
    file: &Path,
    channel_ids: Option<&[&str]>,
    problems: &mut Problems,
) -> Option<Article> {
    let text = read_text(file, problems)?;
    let parts = match split_front_matter(&text) {
        Ok(parts) => parts,
        Err(message) => {
            problems.error(PackError::new(file, Some(1), message));
            return None;
        }
    };
    let doc = Doc {
        file,
        text: &text,
        offset: parts.front_matter_offset,
    };
    let table = doc.table(parts.front_matter, problems)?;
    let n_errors = problems.errors.len();
    let mut lines = BTreeMap::new();
    let mut fields = Fields::of_file(&doc, &table, &mut lines, problems, &ARTICLE_KEYS);

    let id = fields.string("id").unwrap_or_else(|| {
        file.file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let order = fields.integer("order");
    let title = fields.string("title").map(Value::String);
    let published = published(&mut fields).map(Value::String);
    let channel = fields.string("channel");
    if let (Some(channel), Some(channel_ids)) = (&channel, channel_ids) {
        if !channel_ids.contains(&channel.as_str()) {
            let line = fields.lines.get("channel").copied();
            fields.problems.error(PackError::new(
                file,
                line,
                format!(
                    "channel: {channel:?} is not in {SITE_FILE}'s channels ({})",
                    channel_ids.join(", ")
                ),
            ));
        }
    }
    let mut images = Vec::new();
    let lead = fields.table("lead").map(|(_, lead_table)| {
        let mut lead = fields.nested(lead_table, "lead");
        lead.warn_unknown(&LEAD_KEYS);
        let src = lead.string("src");
        if let (Some(src), Some(&line)) = (&src, lead.lines.get("lead.src")) {
            images.push((src.clone(), line));
        }
        let (mut width, mut height) = (lead.integer("width"), lead.integer("height"));
        // Without a size of its own, a local image's comes from its file (a problem reading it is reported
        // where the image is copied).
        if let (None, None, Some(path)) = (width, height, src.as_deref().and_then(local_path)) {
            let file = target_path(path)
                .map(|target| file.parent().unwrap_or(Path::new(".")).join(target));
            if let Some((w, h)) = file
                .and_then(|file| fs::read(file).ok())
                .and_then(|bytes| image_size(&bytes))
            {
                (width, height) = (Some(i64::from(w)), Some(i64::from(h)));
            }
        }
        let alt = lead.string("alt").map(Value::String);
        let caption = lead.string("caption").map(Value::String);
        let pixels = |pixels: Option<i64>| pixels.map(|pixels| Value::Number(pixels as f64));
        object([
            ("src", src.map(Value::String)),
            ("alt", alt),
            ("caption", caption),
            ("width", pixels(width)),
            ("height", pixels(height)),
        ])
    });
    let source = fields.string("source").map(Value::String);
    let author = fields.string("author").map(Value::String);
    let editor = fields.string("editor").map(Value::String);
    let byline = fields.string("byline").map(Value::String);
    let url = fields.string("url").map(Value::String);
    let article = object([
        ("id", Some(Value::String(id))),
        ("channel", channel.map(Value::String)),
        ("title", title),
        ("published", published),
        ("source", source),
        ("author", author),
        ("editor", editor),
        ("lead", lead),
        ("body", Some(Value::String(parts.body.to_owned()))),
        ("byline", byline),
        ("url", url),
    ]);
    lines.insert("body".to_owned(), line_column(&text, parts.body_offset).0);
    for (url, range) in markdown::image_urls(parts.body) {
        let line = line_column(&text, parts.body_offset + range.start).0;
        images.push((url, line));
    }
    (problems.errors.len() == n_errors).then(|| Article {
        file: file.to_owned(),
        order,
        object: article,
        lines,
        images,
    })
}

/// `published`: an RFC 3339 string, or a TOML offset date-time, which is the same text unquoted.
fn published(fields: &mut Fields<'_, '_, '_>) -> Option<String> {
    let (span, value, path) = fields.entry("published")?;
    let text = match value {
        DeValue::String(text) => text.to_string(),
        DeValue::Datetime(datetime) => datetime.to_string(),
        other => {
            fields.mismatch(&span, &path, "an RFC 3339 date-time string", other);
            return None;
        }
    };
    if Timestamp::parse(&text).is_none() {
        fields.problems.error(fields.doc.error(
            &span,
            format!(
                "published: expected an RFC 3339 date-time with offset, such as 2023-07-22T12:00:00+08:00, \
                 found {text:?}"
            ),
        ));
        return None;
    }
    Some(text)
}
