//! `article-viewer pack`: makes a bundle from what an editor writes, `site.toml` and one Markdown file per article.
//!
//! An article file starts with TOML front matter between two `+++` lines (TOML only: YAML is not read); the rest is
//! its body. Images that articles use by relative path are copied next to the bundle. The bundle is checked with the
//! viewer's own reader before anything is written, and every problem names its source file and line.
//! It never writes a bundle, or copies an image, when a source has a problem.
//!
//! This module is the subcommand; `site` and `article` read the sources (through `source`, TOML with lines), `images`
//! places the images they use, and `document` has the viewer's reader make the bundle of them and locates its
//! problems. The bundle written is the reader's `Bundle`, written by `bundle::to_json`.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::bundle;

use super::Failure;

mod article;
mod document;
mod images;
mod site;
mod source;

#[cfg(test)]
mod tests;

use article::{markdown_files, read_article, Article};
use images::{place_images, same_file, Image};
use site::read_site;

/// The arguments of `article-viewer pack`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "article-viewer pack <dir> -o <bundle.json>",
    before_help = "\
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
from beside its Markdown file and copied to the same path beside <bundle.json>.",
    after_help = "\
With --keep-going, an article with a problem is left out instead, and the others are
written; the problems are listed all the same.

Exit status: 0 when the bundle was written, 1 when a source has a problem (with
--keep-going, also when the bundle was written without the articles that have one), 2 for
a wrong command line."
)]
pub struct Args {
    /// The source directory: site.toml and the articles' Markdown files
    #[arg(value_name = "dir")]
    dir: String,
    /// The bundle to write (required); its directory receives the images
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "bundle.json",
        allow_hyphen_values = true
    )]
    output: String,
    /// Write the articles that are valid, leaving out those with a problem (a batch of imported pages, say);
    /// problems in site.toml still stop everything
    #[arg(long)]
    keep_going: bool,
}

/// The file in the source directory that describes the site and its channels.
const SITE_FILE: &str = "site.toml";

/// Runs `article-viewer pack` with `args`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let Args {
        dir,
        output,
        keep_going,
    } = args;
    match pack(Path::new(&dir), Path::new(&output), keep_going) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            for error in &report.left_out {
                eprintln!("error: {error}");
            }
            println!(
                "{output}: {}, {}",
                count(report.n_articles, "article"),
                count(report.n_images, "image")
            );
            if report.left_out.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            let files: std::collections::BTreeSet<&Path> = report
                .left_out
                .iter()
                .map(|error| error.file.as_path())
                .collect();
            Err(Failure::Failed(format!(
                "{} in {dir}; {output} written without {}",
                count(report.left_out.len(), "problem"),
                count(files.len(), "article file")
            )))
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
/// unless the sources have no problem, or, with `keep_going`, unless site.toml has one: then the articles with a
/// problem are left out, and their problems listed in the report.
pub fn pack(dir: &Path, out: &Path, keep_going: bool) -> Result<PackReport, PackFailure> {
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
    let channel_ids: Option<Vec<&str>> = site.as_ref().map(site::Site::channel_ids);
    let mut articles: Vec<Article> = files
        .iter()
        .filter_map(|file| read_article(file, channel_ids.as_deref(), &mut problems))
        .collect();
    let mut left_out = Vec::new();
    if keep_going {
        // What the viewer's reader would refuse is found by reading the bundle: a first reading tells which
        // articles to leave out before the real one.
        let mut trial = Problems::default();
        place_images(
            articles
                .iter()
                .map(|article| (article.file.as_path(), article.images.as_slice())),
            &mut trial,
        );
        if let Some(site) = &site {
            document::read_bundle(site, &articles, &mut trial);
        }
        problems.errors.extend(trial.errors);
        let site_file = dir.join(SITE_FILE);
        let (in_articles, elsewhere): (Vec<PackError>, Vec<PackError>) =
            std::mem::take(&mut problems.errors)
                .into_iter()
                .partition(|error| error.file != site_file && files.contains(&error.file));
        problems.errors = elsewhere;
        articles.retain(|article| !in_articles.iter().any(|error| error.file == article.file));
        left_out = in_articles;
    }
    for article in &articles {
        for (url, line) in &article.images {
            if let Some(warning) = super::http_image_warning(url) {
                problems.warn(PackError::new(&article.file, Some(*line), warning));
            }
        }
    }
    let images = place_images(
        articles
            .iter()
            .map(|article| (article.file.as_path(), article.images.as_slice())),
        &mut problems,
    );
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

    let bundle = document::read_bundle(&site, &articles, &mut problems);
    let Some(bundle) = bundle.filter(|_| problems.errors.is_empty()) else {
        return Err(problems.into_failure());
    };
    let json = bundle::to_json(&bundle);

    let out_dir = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    write(out_dir, out, &json, &images, &mut problems);
    if !problems.errors.is_empty() {
        return Err(problems.into_failure());
    }
    left_out.sort_by(|one, other| (&one.file, one.line).cmp(&(&other.file, other.line)));
    Ok(PackReport {
        n_articles: articles.len(),
        n_images: images.len(),
        warnings: problems.warnings,
        left_out,
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
    /// With `keep_going`, the problems of the articles left out, by file and line.
    pub left_out: Vec<PackError>,
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
