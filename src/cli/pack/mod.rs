//! `article-viewer pack`: makes a bundle from what an editor writes, `site.toml` and one Markdown file per article.
//!
//! An article file starts with TOML front matter between two `+++` lines (TOML only: YAML is not read); the rest is
//! its body. Images that articles use by relative path are copied next to the bundle. The bundle is checked with the
//! viewer's own reader before anything is written, and every problem names its source file and line.
//! It never writes a bundle, or copies an image, when a source has a problem.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::bundle::{self, Error, ErrorKind, Timestamp};
use crate::markdown;
use crate::url;

use super::image_size::image_size;
use super::{Failure, Options};

/// The help printed by `article-viewer pack --help`.
const HELP: &str = "\
article-viewer pack: make a bundle from site.toml and one Markdown file per article

Usage: article-viewer pack <dir> -o <bundle.json>

Reads <dir>/site.toml and every *.md file under <dir> (sub-directories too; names starting
with `.` are skipped), checks the bundle with the viewer's own reader, and writes it only
when no source has a problem. Each problem is printed as file:line: message.

site.toml:
  [site]          name, url; optional indent_paragraphs = true
  [site.app]      optional: name, url
  [[channels]]    id, name; one table per channel, in tab order

An article file starts with TOML front matter between two lines `+++` (TOML only; YAML
front matter between `---` lines is not read). The rest of the file is the Markdown body:
  +++
  title = \"一季度全省新签约项目总投资2860亿元\"
  published = \"2024-04-22T09:00:00+08:00\"  # RFC 3339, with an offset
  channel = \"economy\"                      # an id from site.toml
  # Optional: id (default: the file name without .md), order (an integer), source, author,
  # editor, byline, url, and a [lead] table with src, alt, caption, and width and height
  # (pixels; read from the image itself when it is a local file).
  +++
  记者从省投资促进部门获悉……

Articles with an `order` come first, by order; the others follow by file path.
An image in `lead.src` or in a body (`![alt](media/photo.jpg)`) with a relative path is read
from beside its Markdown file and copied to the same path beside <bundle.json>.

Options:
  -o, --output <bundle.json>  The bundle to write (required); its directory receives the images
  -h, --help                  Print this help

Exit status: 0 when the bundle was written, 1 when a source has a problem, 2 for a wrong
command line.
";

/// The file in the source directory that describes the site and its channels.
const SITE_FILE: &str = "site.toml";
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
const SITE_FILE_KEYS: [&str; 2] = ["site", "channels"];
const SITE_KEYS: [&str; 4] = ["name", "url", "app", "indent_paragraphs"];
const APP_KEYS: [&str; 2] = ["name", "url"];
const CHANNEL_KEYS: [&str; 2] = ["id", "name"];

/// Runs `article-viewer pack` with `args`.
pub fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let options = Options::parse(args, &[])?;
    if options.help {
        print!("{HELP}");
        return Ok(ExitCode::SUCCESS);
    }
    let dir = match options.positional.as_slice() {
        [dir] => dir,
        [] => return Err(usage("pack needs a source directory")),
        [_, extra, ..] => {
            return Err(usage(&format!(
                "pack takes one directory, found '{extra}' too"
            )))
        }
    };
    let Some(output) = options.output.as_deref() else {
        return Err(usage("pack needs -o <bundle.json>"));
    };
    match pack(Path::new(dir), Path::new(output)) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "{output}: {}, {}",
                count(report.n_articles, "article"),
                count(report.n_images, "image")
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => {
            for warning in &failure.warnings {
                eprintln!("warning: {warning}");
            }
            for error in &failure.errors {
                eprintln!("error: {error}");
            }
            Err(Failure::Failed(format!(
                "{} in {dir}; {output} not written",
                count(failure.errors.len(), "problem")
            )))
        }
    }
}

/// Packs the sources in `dir` into the bundle `out`, copying the images the articles use next to it.
///
/// # Errors
/// Every problem found in the sources, or in writing, with the warnings found on the way. Nothing is written
/// unless the sources have no problem.
pub fn pack(dir: &Path, out: &Path) -> Result<PackReport, PackFailure> {
    let mut problems = Problems::default();
    match fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => problems.error(PackError::new(dir, None, "not a directory")),
        Err(error) => problems.error(PackError::new(
            dir,
            None,
            format!("cannot read the directory: {error}"),
        )),
    }
    if !problems.errors.is_empty() {
        return Err(problems.into_failure());
    }
    let site = read_site(&dir.join(SITE_FILE), &mut problems);
    let files = markdown_files(dir, &mut problems);
    let channel_ids: Option<Vec<&str>> = site.as_ref().map(|site| {
        site.channels
            .iter()
            .filter_map(|channel| channel.id.as_deref())
            .collect()
    });
    let mut articles: Vec<Article> = files
        .iter()
        .filter_map(|file| read_article(file, channel_ids.as_deref(), &mut problems))
        .collect();
    let images = place_images(&articles, &mut problems);
    let Some(site) = site.filter(|_| problems.errors.is_empty()) else {
        return Err(problems.into_failure());
    };
    if files.is_empty() {
        problems.warn(PackError::new(
            dir,
            None,
            "no *.md files: the bundle has no articles",
        ));
    }
    // Stable: files were read in path order, so equal orders keep it.
    articles.sort_by_key(|article| (article.order.is_none(), article.order));

    let json = to_json(&site, &articles);
    match bundle::from_json(&json) {
        Ok((_, diagnostics)) => {
            for diagnostic in &diagnostics {
                problems.error(locate(diagnostic.error(), &site, &articles));
            }
        }
        Err(error) => problems.error(locate(&error, &site, &articles)),
    }
    if !problems.errors.is_empty() {
        return Err(problems.into_failure());
    }

    let out_dir = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    write(out_dir, out, &json, &images, &mut problems);
    if !problems.errors.is_empty() {
        return Err(problems.into_failure());
    }
    Ok(PackReport {
        n_articles: articles.len(),
        n_images: images.len(),
        warnings: problems.warnings,
    })
}

/// What [`pack`] did.
#[derive(Debug)]
pub struct PackReport {
    /// How many articles the bundle holds.
    pub n_articles: usize,
    /// How many distinct images sit next to the bundle (copied, or already there).
    pub n_images: usize,
    /// Problems that did not stop the pack, such as unknown keys in front matter.
    pub warnings: Vec<PackError>,
}

/// Why [`pack`] wrote nothing (or, for a write error, stopped).
#[derive(Debug)]
pub struct PackFailure {
    /// The problems, by file and line.
    pub errors: Vec<PackError>,
    /// Problems that alone would not have stopped the pack.
    pub warnings: Vec<PackError>,
}

/// A problem in one source file, shown as `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The file, as reached from the directory given to [`pack`].
    pub file: PathBuf,
    /// The 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// The 1-based column in characters, given for TOML syntax errors only.
    pub column: Option<usize>,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl PackError {
    fn new(file: &Path, line: Option<usize>, message: impl Into<String>) -> PackError {
        PackError {
            file: file.to_owned(),
            line,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PackError {}

/// `1 image`, `2 images`.
fn count(n: usize, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {noun}{plural}")
}

fn usage(message: &str) -> Failure {
    Failure::Usage(format!("{message}; see `article-viewer pack --help`"))
}

#[derive(Default)]
struct Problems {
    errors: Vec<PackError>,
    warnings: Vec<PackError>,
}

impl Problems {
    fn error(&mut self, error: PackError) {
        self.errors.push(error);
    }

    fn warn(&mut self, warning: PackError) {
        self.warnings.push(warning);
    }

    fn into_failure(mut self) -> PackFailure {
        // File by file, so that a file's problems read together; a stable sort keeps the order within a line.
        self.errors
            .sort_by(|one, other| (&one.file, one.line).cmp(&(&other.file, other.line)));
        PackFailure {
            errors: self.errors,
            warnings: self.warnings,
        }
    }
}

// The bundle as written. Field order is the order of docs/bundle-format.md; `None` is left out, so that the
// viewer's reader, not a second copy of its rules, reports a missing required field.

#[derive(Serialize)]
struct BundleJson<'a> {
    format: &'static str,
    version: u32,
    site: &'a SiteJson,
    channels: &'a [ChannelJson],
    articles: Vec<&'a ArticleJson>,
}

#[derive(Serialize, Default)]
struct SiteJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app: Option<AppJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    indent_paragraphs: Option<bool>,
}

#[derive(Serialize)]
struct AppJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct ChannelJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Serialize)]
struct ArticleJson {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    editor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lead: Option<LeadJson>,
    body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    byline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct LeadJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<i64>,
}

/// `site.toml`, read: the JSON to write, and the line of each JSON path (`site.url`, `channels[1].id`).
struct Site {
    file: PathBuf,
    json: SiteJson,
    channels: Vec<ChannelJson>,
    lines: BTreeMap<String, usize>,
}

/// One article file, read.
struct Article {
    file: PathBuf,
    order: Option<i64>,
    json: ArticleJson,
    /// The line of each field, by its path within the article (`title`, `lead.src`, `body`).
    lines: BTreeMap<String, usize>,
    /// Relative image URLs: the URL as written and its line.
    images: Vec<(String, usize)>,
}

/// A TOML document at `offset` in the text of `file`, to turn its spans into the file's lines.
struct Doc<'a> {
    file: &'a Path,
    text: &'a str,
    offset: usize,
}

impl Doc<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        line_column(self.text, self.offset + span.start).0
    }

    fn error(&self, span: &Range<usize>, message: impl Into<String>) -> PackError {
        PackError::new(self.file, Some(self.line(span)), message)
    }

    fn parse<'t>(&self, toml: &'t str) -> Result<DeTable<'t>, PackError> {
        DeTable::parse(toml)
            .map(toml::Spanned::into_inner)
            .map_err(|error| {
                let start = error.span().map_or(0, |span| span.start);
                let (line, column) = line_column(self.text, self.offset + start);
                PackError {
                    file: self.file.to_owned(),
                    line: Some(line),
                    column: Some(column),
                    message: error.message().to_owned(),
                }
            })
    }
}

/// Reads the values of one TOML table, checking their types, noting the line of each, and warning of unknown keys.
struct Fields<'d, 't, 'i> {
    doc: &'d Doc<'d>,
    table: &'t DeTable<'i>,
    /// The path of the table, such as `site.` or `lead.`, put before keys in messages and in `lines`.
    prefix: String,
    lines: &'t mut BTreeMap<String, usize>,
    problems: &'t mut Problems,
}

impl<'t, 'i> Fields<'_, 't, 'i> {
    fn entry(&mut self, key: &str) -> Option<(Range<usize>, &'t DeValue<'i>, String)> {
        let (key_span, value) = self.table.get_key_value(key)?;
        let path = format!("{}{key}", self.prefix);
        self.lines
            .insert(path.clone(), self.doc.line(&key_span.span()));
        Some((key_span.span(), value.get_ref(), path))
    }

    fn mismatch(&mut self, span: &Range<usize>, path: &str, expected: &str, value: &DeValue<'_>) {
        let found = describe(value);
        self.problems.error(
            self.doc
                .error(span, format!("{path}: expected {expected}, found {found}")),
        );
    }

    fn string(&mut self, key: &str) -> Option<String> {
        let (span, value, path) = self.entry(key)?;
        match value {
            DeValue::String(text) => Some(text.to_string()),
            other => {
                self.mismatch(&span, &path, "a string", other);
                None
            }
        }
    }

    fn boolean(&mut self, key: &str) -> Option<bool> {
        let (span, value, path) = self.entry(key)?;
        match value {
            DeValue::Boolean(flag) => Some(*flag),
            other => {
                self.mismatch(&span, &path, "true or false", other);
                None
            }
        }
    }

    fn integer(&mut self, key: &str) -> Option<i64> {
        let (span, value, path) = self.entry(key)?;
        let number = match value {
            DeValue::Integer(number) => number,
            other => {
                self.mismatch(&span, &path, "an integer", other);
                return None;
            }
        };
        let parsed = i64::from_str_radix(number.as_str(), number.radix()).ok();
        if parsed.is_none() {
            self.problems.error(
                self.doc
                    .error(&span, format!("{path}: {number} does not fit in 64 bits")),
            );
        }
        parsed
    }

    /// A table under `key`: its span and the table.
    fn table(&mut self, key: &str) -> Option<(Range<usize>, &'t DeTable<'i>)> {
        let (span, value, path) = self.entry(key)?;
        match value {
            DeValue::Table(table) => Some((span, table)),
            other => {
                self.mismatch(&span, &path, "a table", other);
                None
            }
        }
    }

    /// Fields of the table under `key`, whose paths are `<prefix><key>.`.
    fn nested<'s>(&'s mut self, table: &'t DeTable<'i>, key: &str) -> Fields<'s, 's, 'i>
    where
        't: 's,
    {
        Fields {
            doc: self.doc,
            table,
            prefix: format!("{}{key}.", self.prefix),
            lines: self.lines,
            problems: self.problems,
        }
    }

    fn warn_unknown(&mut self, known: &[&str]) {
        let mut unknown: Vec<(usize, String)> = self
            .table
            .iter()
            .filter(|(key, _)| !known.contains(&key.get_ref().as_ref()))
            .map(|(key, _)| (self.doc.line(&key.span()), key.get_ref().to_string()))
            .collect();
        unknown.sort();
        for (line, key) in unknown {
            self.problems.warn(PackError::new(
                self.doc.file,
                Some(line),
                format!(
                    "unknown key `{}{key}` ignored; known keys here: {}",
                    self.prefix,
                    known.join(", ")
                ),
            ));
        }
    }
}

fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(text) => format!("{text:?}"),
        DeValue::Integer(number) => format!("the integer {number}"),
        DeValue::Float(number) => format!("the number {number}"),
        DeValue::Boolean(flag) => format!("{flag}"),
        DeValue::Datetime(datetime) => format!("the date-time {datetime}"),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

fn read_site(file: &Path, problems: &mut Problems) -> Option<Site> {
    if !file.exists() {
        problems.error(PackError::new(
            file,
            None,
            "not found; a source directory needs a site.toml with [site] and [[channels]]",
        ));
        return None;
    }
    let text = read_text(file, problems)?;
    let doc = Doc {
        file,
        text: &text,
        offset: 0,
    };
    let table = match doc.parse(&text) {
        Ok(table) => table,
        Err(error) => {
            problems.error(error);
            return None;
        }
    };
    let n_errors = problems.errors.len();
    let mut lines = BTreeMap::new();
    let mut fields = Fields {
        doc: &doc,
        table: &table,
        prefix: String::new(),
        lines: &mut lines,
        problems,
    };
    fields.warn_unknown(&SITE_FILE_KEYS);

    let mut json = SiteJson::default();
    match fields.table("site") {
        Some((_, site_table)) => {
            let mut site = fields.nested(site_table, "site");
            site.warn_unknown(&SITE_KEYS);
            json.name = site.string("name");
            json.url = site.string("url");
            json.indent_paragraphs = site.boolean("indent_paragraphs");
            if let Some((_, app_table)) = site.table("app") {
                let mut app = site.nested(app_table, "app");
                app.warn_unknown(&APP_KEYS);
                json.app = Some(AppJson {
                    name: app.string("name"),
                    url: app.string("url"),
                });
            }
        }
        None if !table.contains_key("site") => fields.problems.error(PackError::new(
            file,
            Some(1),
            "no [site] table; expected [site] with name and url",
        )),
        None => {}
    }

    let mut channels = Vec::new();
    if let Some((span, value, _)) = fields.entry("channels") {
        let tables = match value {
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::Table(table) => Some(table),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        match tables {
            Some(tables) => {
                for (index, channel_table) in tables.into_iter().enumerate() {
                    let mut channel = fields.nested(channel_table, &format!("channels[{index}]"));
                    channel.warn_unknown(&CHANNEL_KEYS);
                    let id = channel.string("id");
                    let name = channel.string("name");
                    let first_line = channel.lines.get(&format!("channels[{index}].id")).copied();
                    if let Some(line) = first_line {
                        channel.lines.insert(format!("channels[{index}]"), line);
                    }
                    channels.push(ChannelJson { id, name });
                }
            }
            None => fields.mismatch(
                &span,
                "channels",
                "[[channels]] tables with id and name",
                value,
            ),
        }
    }
    (problems.errors.len() == n_errors).then(|| Site {
        file: file.to_owned(),
        json,
        channels,
        lines,
    })
}

/// The `*.md` files under `dir`, sorted by path, skipping names that start with `.`.
fn markdown_files(dir: &Path, problems: &mut Problems) -> Vec<PathBuf> {
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

/// The text of `file`, with a byte-order mark dropped and CRLF line ends read as LF.
fn read_text(file: &Path, problems: &mut Problems) -> Option<String> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.error(PackError::new(file, None, format!("cannot read: {error}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Some(text.replace("\r\n", "\n"))
        }
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
            problems.error(PackError::new(
                file,
                Some(line),
                "not UTF-8 text; save the file as UTF-8",
            ));
            None
        }
    }
}

/// An article file split into its front matter and body, with where each starts in the file.
#[derive(Debug, PartialEq)]
struct Parts<'t> {
    front_matter: &'t str,
    front_matter_offset: usize,
    body: &'t str,
    body_offset: usize,
}

/// Splits `text` at its `+++` lines; the error is the message for line 1.
fn split_front_matter(text: &str) -> Result<Parts<'_>, String> {
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

fn read_article(
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
    let table = match doc.parse(parts.front_matter) {
        Ok(table) => table,
        Err(error) => {
            problems.error(error);
            return None;
        }
    };
    let n_errors = problems.errors.len();
    let mut lines = BTreeMap::new();
    let mut fields = Fields {
        doc: &doc,
        table: &table,
        prefix: String::new(),
        lines: &mut lines,
        problems,
    };
    fields.warn_unknown(&ARTICLE_KEYS);

    let id = fields.string("id").unwrap_or_else(|| {
        file.file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let order = fields.integer("order");
    let title = fields.string("title");
    let published = published(&mut fields);
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
        LeadJson {
            src,
            alt: lead.string("alt"),
            caption: lead.string("caption"),
            width,
            height,
        }
    });
    let json = ArticleJson {
        id,
        channel,
        title,
        published,
        source: fields.string("source"),
        author: fields.string("author"),
        editor: fields.string("editor"),
        lead,
        body: parts.body.to_owned(),
        byline: fields.string("byline"),
        url: fields.string("url"),
    };
    lines.insert("body".to_owned(), line_column(&text, parts.body_offset).0);
    for (url, range) in markdown::image_urls(parts.body) {
        let line = line_column(&text, parts.body_offset + range.start).0;
        images.push((url, line));
    }
    (problems.errors.len() == n_errors).then(|| Article {
        file: file.to_owned(),
        order,
        json,
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

fn to_json(site: &Site, articles: &[Article]) -> String {
    let bundle = BundleJson {
        format: bundle::FORMAT_NAME,
        version: bundle::FORMAT_VERSION,
        site: &site.json,
        channels: &site.channels,
        articles: articles.iter().map(|article| &article.json).collect(),
    };
    let mut json = serde_json::to_string_pretty(&bundle)
        .expect("a bundle of strings, booleans and numbers always serializes");
    json.push('\n');
    json
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
fn article_path(path: &str) -> Option<(usize, &str)> {
    let (index, field) = path.strip_prefix("articles[")?.split_once(']')?;
    let field = field.strip_prefix('.').unwrap_or(field);
    Some((index.parse().ok()?, field))
}

/// The line of `path`, or of the nearest enclosing path that has one.
fn line_of(lines: &BTreeMap<String, usize>, path: &str) -> Option<usize> {
    let mut path = path;
    loop {
        if let Some(&line) = lines.get(path) {
            return Some(line);
        }
        path = &path[..path.rfind(['.', '['])?];
    }
}

/// An image to copy: from `source` to the bundle's directory joined with `target`.
struct Image {
    source: PathBuf,
    target: PathBuf,
}

/// Finds the file of every relative image and where it goes next to the bundle.
fn place_images(articles: &[Article], problems: &mut Problems) -> Vec<Image> {
    // By target, with the article and line that first used it.
    let mut placed: BTreeMap<PathBuf, (PathBuf, &Path, usize)> = BTreeMap::new();
    for article in articles {
        let article_dir = article.file.parent().unwrap_or(Path::new("."));
        for (written, line) in &article.images {
            let Some(path) = local_path(written) else {
                continue;
            };
            let error = |message: String| PackError::new(&article.file, Some(*line), message);
            let Some(target) = target_path(path) else {
                problems.error(error(format!(
                    "image {written:?} is outside the bundle's directory; \
                     a relative image path must not start with ../"
                )));
                continue;
            };
            let source = article_dir.join(&target);
            match fs::metadata(&source) {
                Ok(metadata) if metadata.is_file() => {}
                Ok(_) => {
                    problems.error(error(format!(
                        "image {written:?}: {} is not a file",
                        source.display()
                    )));
                    continue;
                }
                Err(io_error) => {
                    problems.error(error(format!(
                        "image {written:?}: cannot read {}: {io_error}",
                        source.display()
                    )));
                    continue;
                }
            }
            match placed.get(&target) {
                None => {
                    placed.insert(target, (source, &article.file, *line));
                }
                Some((first_source, first_file, first_line)) => {
                    if !same_file(first_source, &source) {
                        problems.error(error(format!(
                            "image {written:?} ({}) would be copied to {} beside the bundle, \
                             where {}:{first_line} already puts {}",
                            source.display(),
                            target.display(),
                            first_file.display(),
                            first_source.display(),
                        )));
                    }
                }
            }
        }
    }
    placed
        .into_iter()
        .map(|(target, (source, _, _))| Image { source, target })
        .collect()
}

/// The path part of an image URL that names a file next to the bundle: no scheme, not starting with `/`, `?`
/// or `#`. `None` for http(s), `data:` and other URLs, which are left as they are.
fn local_path(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.is_empty() || url.starts_with(['/', '?', '#']) || has_scheme(url) {
        return None;
    }
    url.split(['?', '#']).next().filter(|path| !path.is_empty())
}

/// Whether `url` starts with a scheme such as `https:` or `data:` (RFC 3986 section 3.1).
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The relative path of the image file next to the bundle, percent-decoded, with `.` and `..` resolved;
/// `None` when it leaves the bundle's directory.
fn target_path(path: &str) -> Option<PathBuf> {
    let mut segments: Vec<String> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            _ => segments.push(url::decode_component(segment)),
        }
    }
    Some(segments.iter().collect())
}

fn same_file(one: &Path, other: &Path) -> bool {
    match (fs::canonicalize(one), fs::canonicalize(other)) {
        (Ok(one), Ok(other)) => one == other,
        _ => false,
    }
}

/// Copies the images, then writes the bundle, so that it never names an image that is not there yet.
fn write(out_dir: &Path, out: &Path, json: &str, images: &[Image], problems: &mut Problems) {
    for image in images {
        let destination = out_dir.join(&image.target);
        // The same file already (sources beside the bundle), or the same bytes: leave it, and its time, alone.
        if same_file(&image.source, &destination)
            || matches!((fs::read(&image.source), fs::read(&destination)), (Ok(new), Ok(old)) if new == old)
        {
            continue;
        }
        let copied = destination
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::copy(&image.source, &destination));
        if let Err(error) = copied {
            problems.error(PackError::new(
                &destination,
                None,
                format!("cannot copy {} here: {error}", image.source.display()),
            ));
        }
    }
    if !problems.errors.is_empty() {
        return;
    }
    if let Err(error) = fs::create_dir_all(out_dir).and_then(|()| fs::write(out, json)) {
        problems.error(PackError::new(out, None, format!("cannot write: {error}")));
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_at_the_fences() {
        let text = "+++\ntitle = \"a\"\n+++\n\n\nBody line\n\nMore.\n\n";
        let parts = split_front_matter(text).expect("a closed front matter");
        assert_eq!(parts.front_matter, "title = \"a\"\n");
        assert_eq!(parts.front_matter_offset, 4);
        assert_eq!(parts.body, "Body line\n\nMore.");
        assert_eq!(line_column(text, parts.body_offset), (6, 1));
    }

    #[test]
    fn an_empty_body_is_allowed() {
        let parts = split_front_matter("+++\n+++").expect("a closed front matter");
        assert_eq!((parts.front_matter, parts.body), ("", ""));
    }

    #[test]
    fn yaml_front_matter_gets_a_hint() {
        let message = split_front_matter("---\ntitle: a\n---\n").expect_err("YAML is not read");
        assert!(message.contains("YAML"), "{message}");
    }

    #[test]
    fn an_unclosed_front_matter_is_refused() {
        let message = split_front_matter("+++\ntitle = \"a\"\n").expect_err("no closing fence");
        assert!(message.contains("not closed"), "{message}");
    }

    #[test]
    fn only_relative_paths_are_local_images() {
        assert_eq!(local_path("media/lead.svg"), Some("media/lead.svg"));
        assert_eq!(local_path("./a%20b.png?v=2#x"), Some("./a%20b.png"));
        for url in [
            "https://example.cn/a.png",
            "data:image/png;base64,AAAA",
            "/media/a.png",
            "//cdn.example.cn/a.png",
            "#/article/a",
            "",
        ] {
            assert_eq!(local_path(url), None, "{url}");
        }
    }

    #[test]
    fn targets_stay_inside_the_bundle_directory() {
        assert_eq!(
            target_path("./media/../media/a%20b.png"),
            Some(PathBuf::from("media/a b.png"))
        );
        assert_eq!(target_path("../a.png"), None);
        assert_eq!(target_path("media/../../a.png"), None);
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "一二\n三四五";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, "一二\n三".len()), (2, 2));
        assert_eq!(line_column(text, 1000), (2, 4));
    }

    #[test]
    fn diagnostics_fall_back_to_the_enclosing_path() {
        let lines = BTreeMap::from([("lead".to_owned(), 7), ("channels[1].id".to_owned(), 9)]);
        assert_eq!(line_of(&lines, "lead.src"), Some(7));
        assert_eq!(line_of(&lines, "channels[1].id"), Some(9));
        assert_eq!(line_of(&lines, "channels[2].name"), None);
        assert_eq!(article_path("articles[3].lead.src"), Some((3, "lead.src")));
        assert_eq!(article_path("articles[0]"), Some((0, "")));
    }
}
