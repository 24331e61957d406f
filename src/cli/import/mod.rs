//! `article-viewer import`: turns legacy article pages into Markdown articles in `pack`'s source format.
//!
//! A page is either a copy of a portal's article page as text (`.txt`), or the page saved as HTML (`.html`).
//! The text page has one block per line, blank lines between them:
//!
//! ```text
//! 投资山西 > 焦点图 >                                       breadcrumb: site > channel >
//! 山西党政代表团赴陕西学习考察 …                             title
//! 发布时间:2023-07-22 12:00:00 | 来源:山西日报 | 作者:… | 责任编辑:…   meta line
//! 7月21日，…。记者 史晓波摄                                 photo caption (when it looks like one)
//! 为深入贯彻…                                               body paragraphs …
//! …参加。(杨文俊)                                           … the last one ending in the byline
//! 客户端中查看 / 手机中查看 / 分享 / x                        the page's buttons: dropped
//! ```
//!
//! A saved HTML page is read with `tl`, a lean HTML parser, and searched for the same parts: the title (`h1`, an
//! element whose class says `title`, or `<title>` without the site's suffix), the element holding 发布时间, the
//! breadcrumb (a class with `crumb`, `position` or `location`, or text with `>`), the lead photo (the first image
//! before the body text, with the figcaption or caption-like paragraph after it) and the body: the paragraphs of
//! the element that holds most of the text after the meta line, text weighed by its sentence punctuation, links'
//! text not at all and list items' (teasers under headline links) a quarter. Hidden elements are never read.
//! Later images become Markdown images (`https:`); `h2`–`h6` become `##` headings.
//!
//! Each page becomes one file, `<id>.md`: a TOML front matter block between `+++` lines, then the body in Markdown.
//!
//! ```text
//! +++
//! title = "山西党政代表团赴陕西学习考察 …"
//! published = "2023-07-22T12:00:00+08:00"
//! channel = "imported"
//! channel_name = "焦点图"
//! source = "山西日报"
//! author = "杨文俊"
//! editor = "赵彦"
//! byline = "(杨文俊)"
//! # site: 投资山西 (from the breadcrumb; the site is set in site.toml)
//!
//! [lead]
//! caption = "7月21日，…。记者 史晓波摄"
//! +++
//!
//! 为深入贯彻…
//! ```
//!
//! Keys that were not found are left out. `published` gets the `--offset` (China time, `+08:00`, by default), since
//! the pages carry none; `channel` is `--channel` or `imported`, and `channel_name` is the breadcrumb's channel.
//! A text page has no image, so its `[lead]` has a caption but no `src`, which the editor must add.
//! Body text is escaped so that it stays text: nothing in it becomes Markdown syntax.
//!
//! What could not be recognised is reported as notes, one per line on stderr. Import never guesses silently, and
//! it never writes anything but the Markdown files.
//!
//! This module is the subcommand and the article it makes; `text` and `html` read the two kinds of page (`page`
//! flattens saved HTML into pieces with `tl`), `fields` recognises the parts of a page in its text, and `write`
//! writes the Markdown file.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::bundle::Timestamp;

use super::Failure;

mod fields;
mod html;
mod page;
mod text;
mod write;

#[cfg(test)]
mod tests;

pub use html::import_html;
pub use text::import_text;

/// The arguments of `article-viewer import`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "article-viewer import <page.txt|page.html>... [-o <dir>] [--channel <id>] [--offset <+HH:MM>] [--base-url <url>]",
    before_help = "\
Each page is a copy of a portal article page as text (.txt: breadcrumb, title, the
发布时间 | 来源 | 作者 | 责任编辑 line, photo caption, paragraphs, closing byline), or the
page saved as HTML (.html, .htm). Each becomes <dir>/<id>.md, where <id> is the page's
file name without its extension, kept to A-Z, a-z, 0-9, _ and -. The file is TOML front
matter between +++ lines (title, published, channel, channel_name, source, author, editor,
byline, [lead]), then the body in Markdown. An existing file of that name is replaced.",
    after_help = "\
The page's buttons (客户端中查看, 手机中查看, 分享, x) are dropped. Whatever could not be
recognised is printed to stderr as notes, one per line, after the page's file name.
Exit status: 0 when every page became an article; 1 when a page could not be read or has
no title (the other pages are still imported); 2 for a wrong command line."
)]
pub struct Args {
    /// The pages to import
    #[arg(value_name = "page.txt|page.html", required = true)]
    pages: Vec<String>,
    /// Where to write the articles (default: the current directory)
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "dir",
        allow_hyphen_values = true
    )]
    output: Option<String>,
    /// The channel id to give the articles, a-z, 0-9 and - (default: imported)
    #[arg(long, value_name = "id", value_parser = channel_id, allow_hyphen_values = true)]
    channel: Option<String>,
    /// The UTC offset of the pages' 发布时间, which carry none (default: +08:00, China time; Z for UTC)
    #[arg(long, value_name = "+HH:MM", value_parser = utc_offset, allow_hyphen_values = true)]
    offset: Option<String>,
    /// Where the saved pages were published (an absolute http(s) URL): their images' relative URLs resolve
    /// against it when a page names no <base>, canonical address or og:url of its own
    #[arg(long, value_name = "url", value_parser = base_url)]
    base_url: Option<String>,
}

/// How pages are imported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportOptions {
    /// The UTC offset given to 发布时间, which legacy pages write without one: `+HH:MM`, `-HH:MM` or `Z`.
    /// Default `+08:00`, China time.
    pub offset: String,
    /// The channel id written as `channel`, `[a-z0-9-]+`. Default `imported`.
    pub channel: String,
    /// Where the pages were published, for their images' relative URLs when a page does not say. Default none.
    pub base_url: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            offset: "+08:00".to_owned(),
            channel: "imported".to_owned(),
            base_url: None,
        }
    }
}

/// An article read from a legacy page, with notes on what could not be recognised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// The title, never empty.
    pub title: String,
    /// 发布时间 as RFC 3339 with an offset, such as `2023-07-22T12:00:00+08:00`.
    pub published: Option<String>,
    /// The channel id (from [`ImportOptions::channel`]).
    pub channel: String,
    /// The channel's name, from the breadcrumb, such as 焦点图.
    pub channel_name: Option<String>,
    /// The site's name, from the breadcrumb, such as 投资山西.
    pub site_name: Option<String>,
    /// 来源.
    pub source: Option<String>,
    /// 作者.
    pub author: Option<String>,
    /// 责任编辑.
    pub editor: Option<String>,
    /// The closing line split off the last paragraph, with its parentheses, such as `(杨文俊)`.
    pub byline: Option<String>,
    /// The page's canonical address, from a saved HTML page.
    pub url: Option<String>,
    /// The lead photo, or just its caption for a text page.
    pub lead: Option<Lead>,
    /// The body, in order.
    pub body: Vec<Block>,
    /// What could not be recognised, one sentence each, for the editor.
    pub notes: Vec<String>,
}

/// The lead photo of an imported article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lead {
    /// The image's URL; absent for a text page.
    pub src: Option<String>,
    /// The image's text alternative.
    pub alt: Option<String>,
    /// The caption, such as "7月21日，……。记者 史晓波摄".
    pub caption: Option<String>,
}

/// One block of an imported body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of plain text.
    Paragraph(String),
    /// A subheading, plain text.
    Heading(String),
    /// An image in the body.
    Image {
        /// The image's URL.
        src: String,
        /// Its text alternative, possibly empty.
        alt: String,
    },
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportError {
    /// Nothing on the page could be taken for a title (an empty page, say).
    NoTitle,
    /// The page is too large for the HTML parser (4 GiB or more).
    TooLarge,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NoTitle => {
                f.write_str("no title: expected a title line before the 发布时间 line")
            }
            ImportError::TooLarge => f.write_str("the page is too large to parse"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Runs `article-viewer import` with `args`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let mut import_options = ImportOptions::default();
    if let Some(channel) = args.channel {
        import_options.channel = channel;
    }
    if let Some(offset) = args.offset {
        import_options.offset = offset;
    }
    import_options.base_url = args.base_url;
    let out_dir = PathBuf::from(args.output.as_deref().unwrap_or("."));
    fs::create_dir_all(&out_dir).map_err(|error| {
        Failure::Failed(format!("cannot create {}: {error}", out_dir.display()))
    })?;

    let mut used_ids = HashSet::new();
    let mut all_imported = true;
    for page in &args.pages {
        let imported = match import_file(Path::new(page), &import_options) {
            Ok(imported) => imported,
            Err(message) => {
                eprintln!("error: {page}: {message}");
                all_imported = false;
                continue;
            }
        };
        for note in &imported.notes {
            eprintln!("{page}: {note}");
        }
        let id = unique_id(&article_id(Path::new(page)), &mut used_ids);
        let out_path = out_dir.join(format!("{id}.md"));
        if let Err(error) = fs::write(&out_path, imported.to_markdown()) {
            eprintln!(
                "error: {page}: cannot write {}: {error}",
                out_path.display()
            );
            all_imported = false;
            continue;
        }
        println!("wrote {}", out_path.display());
    }
    Ok(if all_imported {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Reads the page at `path`, as HTML when its extension (or, without a known one, its first character) says so.
///
/// # Errors
/// A message for the editor when the file cannot be read, is neither UTF-8 nor in the encoding it declares, or
/// has no title.
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<Imported, String> {
    let bytes = fs::read(path).map_err(|error| format!("cannot read: {error}"))?;
    let text = decode_page(&bytes)?;
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    let is_html = match extension.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => true,
        Some("txt" | "text") => false,
        _ => text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    };
    let result = if is_html {
        import_html(&text, options)
    } else {
        import_text(&text, options)
    };
    result.map_err(|error| error.to_string())
}

/// The text of a saved page, as a browser decodes it: by its byte order mark; else by the charset its first 1,024
/// bytes declare (`<meta charset=gbk>`, or `charset=gb2312` in a `Content-Type` meta), as browsers prescan; else
/// as UTF-8. Labels mean what the Encoding Standard says (`gb2312` is read as GBK, as browsers do).
fn decode_page(bytes: &[u8]) -> Result<String, String> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(encoding
            .decode_without_bom_handling(&bytes[bom_length..])
            .0
            .into_owned());
    }
    if let Some(encoding) = declared_encoding(&bytes[..bytes.len().min(1024)]) {
        let (text, _, malformed) = encoding.decode(bytes);
        if malformed {
            return Err(format!(
                "cannot read: the page says it is {} but is not; convert it to UTF-8 first",
                encoding.name()
            ));
        }
        return Ok(text.into_owned());
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        "cannot read: not UTF-8 text, and the page declares no other encoding; convert it first, for example \
         with `iconv -f GBK -t UTF-8`"
            .to_owned()
    })
}

/// The encoding a page's start declares with `charset=` (in `<meta charset>` or a `Content-Type` meta); never
/// UTF-16, which a page that can declare itself in ASCII is not (the Encoding Standard reads it as UTF-8).
fn declared_encoding(start: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = start.to_ascii_lowercase();
    let at = lower.windows(8).position(|window| window == b"charset=")? + 8;
    let label: Vec<u8> = lower[at..]
        .iter()
        .copied()
        .skip_while(|byte| matches!(byte, b'"' | b'\'' | b' '))
        .take_while(|byte| !matches!(byte, b'"' | b'\'' | b' ' | b';' | b'>' | b'/'))
        .collect();
    let encoding = encoding_rs::Encoding::for_label(&label)?;
    Some(encoding.output_encoding())
}

/// `--base-url`: an absolute http(s) URL.
fn base_url(value: &str) -> Result<String, String> {
    crate::url::absolute_http(value)
        .map(|_| value.to_owned())
        .ok_or_else(|| format!("expected an absolute http(s) URL, found {value:?}"))
}

/// `--channel`: a channel id, `[a-z0-9-]+`.
fn channel_id(value: &str) -> Result<String, String> {
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    if valid {
        Ok(value.to_owned())
    } else {
        Err("expected an id of a-z, 0-9 and -".to_owned())
    }
}

/// `--offset`: `+HH:MM`, `-HH:MM` or `Z` (also `z`).
fn utc_offset(value: &str) -> Result<String, String> {
    let offset = if value == "z" { "Z" } else { value };
    match Timestamp::parse(&format!("2000-01-01T00:00:00{offset}")) {
        Some(_) => Ok(offset.to_owned()),
        None => Err("expected +HH:MM, -HH:MM or Z".to_owned()),
    }
}

/// The article id for the page at `path`: its file stem, kept to `[A-Za-z0-9_-]`.
fn article_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy())
        .unwrap_or_default();
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "article".to_owned()
    } else {
        id.to_owned()
    }
}

/// `id`, or `id-2`, `id-3`, … when an earlier page of this run already took it.
fn unique_id(id: &str, used_ids: &mut HashSet<String>) -> String {
    let mut candidate = id.to_owned();
    let mut n = 2;
    while !used_ids.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}
