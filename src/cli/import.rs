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
//! the element that holds most of the text after the meta line. Later images become Markdown images; `h2`–`h6`
//! become `##` headings.
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

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::bundle::Timestamp;
use crate::markdown::cjk;
use crate::url;

use super::{Failure, Options};

/// The help of `article-viewer import`.
const HELP: &str = "\
article-viewer import: turn legacy article pages into Markdown articles for `pack`

Usage: article-viewer import <page.txt|page.html>... [-o <dir>] [--channel <id>] [--offset <+HH:MM>]

Each page is a copy of a portal article page as text (.txt: breadcrumb, title, the
发布时间 | 来源 | 作者 | 责任编辑 line, photo caption, paragraphs, closing byline), or the
page saved as HTML (.html, .htm). Each becomes <dir>/<id>.md, where <id> is the page's
file name without its extension, kept to A-Z, a-z, 0-9, _ and -. The file is TOML front
matter between +++ lines (title, published, channel, channel_name, source, author, editor,
byline, [lead]), then the body in Markdown. An existing file of that name is replaced.

Options:
  -o, --output <dir>   Where to write the articles (default: the current directory)
  --channel <id>       The channel id to give the articles, a-z, 0-9 and - (default: imported)
  --offset <+HH:MM>    The UTC offset of the pages' 发布时间, which carry none
                       (default: +08:00, China time; Z for UTC)
  -h, --help           Print this help

The page's buttons (客户端中查看, 手机中查看, 分享, x) are dropped. Whatever could not be
recognised is printed to stderr as notes, one per line, after the page's file name.
Exit status: 0 when every page became an article; 1 when a page could not be read or has
no title (the other pages are still imported); 2 for a wrong command line.
";

/// How pages are imported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportOptions {
    /// The UTC offset given to 发布时间, which legacy pages write without one: `+HH:MM`, `-HH:MM` or `Z`.
    /// Default `+08:00`, China time.
    pub offset: String,
    /// The channel id written as `channel`, `[a-z0-9-]+`. Default `imported`.
    pub channel: String,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            offset: "+08:00".to_owned(),
            channel: "imported".to_owned(),
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
pub fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let (args, import_options) = take_value_options(args)?;
    let options = Options::parse(&args, &[])?;
    if options.help {
        print!("{HELP}");
        return Ok(ExitCode::SUCCESS);
    }
    if options.positional.is_empty() {
        return Err(Failure::Usage(
            "import needs at least one page; see `article-viewer import --help`".to_owned(),
        ));
    }
    let out_dir = PathBuf::from(options.output.as_deref().unwrap_or("."));
    fs::create_dir_all(&out_dir).map_err(|error| {
        Failure::Failed(format!("cannot create {}: {error}", out_dir.display()))
    })?;

    let mut used_ids = HashSet::new();
    let mut all_imported = true;
    for page in &options.positional {
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
/// A message for the editor when the file cannot be read, is not UTF-8, or has no title.
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<Imported, String> {
    let bytes = fs::read(path).map_err(|error| format!("cannot read: {error}"))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        "cannot read: not UTF-8 text; convert the page first, for example with `iconv -f GBK -t UTF-8`"
            .to_owned()
    })?;
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

/// Reads a legacy article page copied as text: breadcrumb, title, meta line, caption, paragraphs, byline, buttons.
///
/// # Errors
/// [`ImportError::NoTitle`] when the page has no line that can be its title.
pub fn import_text(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut imported = Imported {
        channel: options.channel.clone(),
        ..Imported::default()
    };
    let mut lines = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        let line = line.trim();
        if line.is_empty() || is_widget(line) {
            continue;
        }
        if is_page_control(line) {
            imported
                .notes
                .push(format!("dropped page control text “{line}”"));
            continue;
        }
        lines.push(line);
    }

    let mut rest = lines.as_slice();
    match rest.split_first() {
        Some((first, after)) if is_breadcrumb_text(first) => {
            read_breadcrumb(&[*first], &mut imported);
            rest = after;
        }
        _ => imported.notes.push(
            "no breadcrumb line (such as “投资山西 > 焦点图 >”): channel_name is missing"
                .to_owned(),
        ),
    }

    let meta_at = rest.iter().take(6).position(|line| is_meta_text(line));
    let after_title = match meta_at {
        Some(meta_at) => {
            let Some(title_at) = meta_at.checked_sub(1) else {
                return Err(ImportError::NoTitle);
            };
            for line in rest.get(..title_at).unwrap_or_default() {
                imported.notes.push(format!(
                    "unrecognised line before the title: “{}”",
                    clip(line)
                ));
            }
            imported.title = rest
                .get(title_at)
                .map(|title| (*title).to_owned())
                .unwrap_or_default();
            let meta = rest.get(meta_at).copied().unwrap_or_default();
            read_meta(&[meta], options, &mut imported);
            rest.get(meta_at + 1..).unwrap_or_default()
        }
        None => {
            let Some((title, after)) = rest.split_first() else {
                return Err(ImportError::NoTitle);
            };
            imported.title = (*title).to_owned();
            imported.notes.push(
                "no meta line (发布时间：… | 来源：… | 作者：… | 责任编辑：…) after the title: published, source, author and editor are missing"
                    .to_owned(),
            );
            after
        }
    };
    check_title(&mut imported);

    let mut paragraphs = after_title;
    match paragraphs.split_first() {
        Some((first, after)) if looks_like_caption(first) => {
            imported.lead = Some(Lead {
                caption: Some((*first).to_owned()),
                ..Lead::default()
            });
            imported.notes.push(
                "lead photo: caption found, no image: add `src` (and `alt`) under [lead] before packing".to_owned(),
            );
            paragraphs = after;
        }
        _ => imported
            .notes
            .push("no photo caption (a line ending in 摄) after the meta line".to_owned()),
    }
    imported.body = paragraphs
        .iter()
        .map(|paragraph| Block::Paragraph((*paragraph).to_owned()))
        .collect();
    finish_body(&mut imported);
    Ok(imported)
}

/// Reads a legacy article page saved as HTML.
///
/// # Errors
/// [`ImportError::NoTitle`] when the page has no title, [`ImportError::TooLarge`] for 4 GiB or more.
pub fn import_html(html: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut page = Page::parse(html)?;
    let mut imported = Imported {
        channel: options.channel.clone(),
        url: page.canonical.clone(),
        ..Imported::default()
    };

    let (title_at, title) = page
        .find_title(&mut imported.notes)
        .ok_or(ImportError::NoTitle)?;
    imported.title = title;
    check_title(&mut imported);

    let meta_range = page.find_meta(title_at);
    match &meta_range {
        Some(range) => {
            let segments: Vec<&str> = range
                .clone()
                .filter_map(|at| page.pieces.get(at).and_then(Piece::raw_text))
                .collect();
            read_meta(&segments, options, &mut imported);
        }
        None => imported.notes.push(
            "no element with 发布时间 after the title: published, source, author and editor are missing".to_owned(),
        ),
    }
    // The meta line may stand above the title on some pages; the article text starts after both.
    let content_start = meta_range
        .as_ref()
        .map_or(title_at + 1, |range| range.end.max(title_at + 1));

    match page.find_breadcrumb(title_at) {
        Some(texts) => {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            read_breadcrumb(&texts, &mut imported);
        }
        None => imported.notes.push(
            "no breadcrumb (an element with class crumb, position or location, or text with >): channel_name is missing"
                .to_owned(),
        ),
    }

    let container = page.find_container(content_start);
    let first_text = (content_start..page.pieces.len()).find(|&at| {
        page.pieces.get(at).is_some_and(|piece| {
            piece.raw_text().is_some()
                && container.is_some_and(|container| piece.is_within(container))
                && !piece.is_widget()
        })
    });
    let lead_end = first_text.unwrap_or(page.pieces.len());
    let lead_image_at = (content_start..lead_end).find(|&at| {
        page.pieces.get(at).is_some_and(|piece| {
            piece
                .image()
                .is_some_and(|image| !image.is_decoration(&page, piece))
        })
    });

    let mut used = HashSet::new();
    let mut lead = Lead::default();
    let mut caption_search_from = content_start;
    if let Some(image_at) = lead_image_at {
        used.insert(image_at);
        caption_search_from = image_at + 1;
        if let Some(image) = page.pieces.get(image_at).and_then(Piece::image) {
            lead.src = Some(page.resolve(&image.src));
            lead.alt = Some(image.alt.clone()).filter(|alt| !alt.is_empty());
            if lead.alt.is_none() {
                imported
                    .notes
                    .push("lead photo has no alt text: add `alt` under [lead]".to_owned());
            }
        }
    }
    let caption_at = (caption_search_from..page.pieces.len())
        .find(|&at| {
            page.pieces
                .get(at)
                .is_some_and(|piece| piece.raw_text().is_some() && !piece.is_widget())
        })
        .filter(|&at| {
            page.pieces.get(at).is_some_and(|piece| {
                let text = piece.text();
                looks_like_caption(&text)
                    || (lead_image_at.is_some()
                        && (piece.block == "figcaption"
                            || page.has_mark(piece, &["caption", "pic_text", "imgtxt"])))
            })
        });
    if let Some(caption_at) = caption_at {
        used.insert(caption_at);
        lead.caption = page.pieces.get(caption_at).map(Piece::text);
    }
    match (&lead.src, &lead.caption) {
        (Some(src), Some(_)) => check_image_src(src, "lead photo", &mut imported.notes),
        (Some(src), None) => {
            check_image_src(src, "lead photo", &mut imported.notes);
            imported
                .notes
                .push("lead photo has no caption (a figcaption, or a line ending in 摄, after the image)".to_owned());
        }
        (None, Some(_)) => imported.notes.push(
            "lead photo: caption found, no image: add `src` (and `alt`) under [lead] before packing".to_owned(),
        ),
        (None, None) => imported
            .notes
            .push("no lead photo (an image before the body text) and no caption".to_owned()),
    }
    if lead != Lead::default() {
        imported.lead = Some(lead);
    }

    let Some(container) = container else {
        imported
            .notes
            .push("no body: found no paragraphs after the title".to_owned());
        report_skipped(&page, title_at, &used, &mut imported.notes);
        return Ok(imported);
    };
    let mut started = false;
    for at in content_start..page.pieces.len() {
        let Some(piece) = page.pieces.get(at) else {
            break;
        };
        if used.contains(&at) || page.consumed.contains(&at) || !piece.is_within(container) {
            continue;
        }
        if piece.is_widget() || page.is_chrome(piece, container) {
            if started {
                break;
            }
            used.insert(at);
            continue;
        }
        let block = match &piece.content {
            Content::Image(image) if image.is_decoration(&page, piece) => None,
            Content::Image(image) => Some(Block::Image {
                src: page.resolve(&image.src),
                alt: image.alt.clone(),
            }),
            Content::Text(_) if is_page_control(&piece.text()) => {
                imported
                    .notes
                    .push(format!("dropped page control text “{}”", piece.text()));
                None
            }
            Content::Text(_) if HEADINGS.contains(&piece.block.as_str()) => {
                Some(Block::Heading(piece.text()))
            }
            Content::Text(_) => Some(Block::Paragraph(piece.text())),
        };
        used.insert(at);
        if let Some(block) = block {
            if let Block::Image { src, .. } = &block {
                check_image_src(src, "body image", &mut imported.notes);
            }
            imported.body.push(block);
            started = true;
        }
    }
    finish_body(&mut imported);
    report_skipped(&page, title_at, &used, &mut imported.notes);
    Ok(imported)
}

impl Imported {
    /// The article as a Markdown file in `pack`'s source format: TOML front matter between `+++` lines, then the body.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("+++\n");
        push_key(&mut out, "title", Some(&self.title));
        push_key(&mut out, "published", self.published.as_deref());
        push_key(&mut out, "channel", Some(&self.channel));
        push_key(&mut out, "channel_name", self.channel_name.as_deref());
        push_key(&mut out, "source", self.source.as_deref());
        push_key(&mut out, "author", self.author.as_deref());
        push_key(&mut out, "editor", self.editor.as_deref());
        push_key(&mut out, "byline", self.byline.as_deref());
        push_key(&mut out, "url", self.url.as_deref());
        if let Some(site_name) = &self.site_name {
            let site_name: String = site_name.chars().filter(|c| !c.is_control()).collect();
            out.push_str(&format!(
                "# site: {site_name} (from the breadcrumb; the site is set in site.toml)\n"
            ));
        }
        if let Some(lead) = &self.lead {
            out.push_str("\n[lead]\n");
            push_key(&mut out, "src", lead.src.as_deref());
            push_key(&mut out, "alt", lead.alt.as_deref());
            push_key(&mut out, "caption", lead.caption.as_deref());
        }
        out.push_str("+++\n");
        let body = self.body_markdown();
        if !body.is_empty() {
            out.push('\n');
            out.push_str(&body);
            out.push('\n');
        }
        out
    }

    /// The body as Markdown: blocks separated by blank lines, their text escaped so that it stays text.
    pub fn body_markdown(&self) -> String {
        let blocks: Vec<String> = self
            .body
            .iter()
            .map(|block| match block {
                Block::Paragraph(text) => escape_markdown(text),
                Block::Heading(text) => format!("## {}", escape_markdown(text)),
                Block::Image { src, alt } => {
                    format!("![{}]({})", escape_markdown(alt), escape_destination(src))
                }
            })
            .collect();
        blocks.join("\n\n")
    }
}

/// Escapes `text` so that Markdown shows it as written: syntax at the start of the line, and inline syntax anywhere.
pub fn escape_markdown(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 8);
    // An ordered-list marker is up to nine digits and `.` or `)`: escape the punctuation.
    let n_digits = text.chars().take_while(char::is_ascii_digit).count();
    let list_marker_at = (1..=9)
        .contains(&n_digits)
        .then_some(n_digits)
        .filter(|&at| matches!(text.as_bytes().get(at), Some(b'.' | b')')));
    for (at, c) in text.char_indices() {
        let at_line_start = at == 0 && matches!(c, '#' | '>' | '-' | '+' | '=' | '|');
        let inline = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '~');
        if at_line_start || inline || Some(at) == list_marker_at {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Pulls `--channel <id>` and `--offset <±HH:MM>` (and their `=` forms) out of `args`.
fn take_value_options(args: &[String]) -> Result<(Vec<String>, ImportOptions), Failure> {
    let mut options = ImportOptions::default();
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline_value) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        if name != "--channel" && name != "--offset" {
            rest.push(arg.clone());
            continue;
        }
        let Some(value) = inline_value.or_else(|| args.next().cloned()) else {
            return Err(Failure::Usage(format!("{name} needs a value")));
        };
        if name == "--channel" {
            let valid = !value.is_empty()
                && value
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
            if !valid {
                return Err(Failure::Usage(format!(
                    "--channel: expected an id of a-z, 0-9 and -, found '{value}'"
                )));
            }
            options.channel = value;
        } else {
            let offset = if value == "z" { "Z".to_owned() } else { value };
            if Timestamp::parse(&format!("2000-01-01T00:00:00{offset}")).is_none() {
                return Err(Failure::Usage(format!(
                    "--offset: expected +HH:MM, -HH:MM or Z, found '{offset}'"
                )));
            }
            options.offset = offset;
        }
    }
    Ok((rest, options))
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

/// The page's buttons under the article, dropped silently.
const WIDGETS: [&str; 8] = [
    "客户端中查看",
    "手机中查看",
    "分享",
    "分享到",
    "x",
    "X",
    "×",
    "✕",
];

/// Whether `text` is one of the page's buttons.
fn is_widget(text: &str) -> bool {
    let text = text.trim().trim_end_matches([':', '：']);
    WIDGETS.contains(&text)
}

/// Other controls of legacy pages, dropped with a note.
fn is_page_control(text: &str) -> bool {
    let text = text
        .trim()
        .trim_start_matches(['【', '['])
        .trim_end_matches(['】', ']']);
    matches!(
        text,
        "打印"
            | "打印本页"
            | "打印此页"
            | "关闭"
            | "关闭窗口"
            | "返回顶部"
            | "字体：大 中 小"
            | "字号：大 中 小"
            | "收藏"
            | "扫一扫在手机打开当前页"
    )
}

/// The characters that separate the steps of a breadcrumb.
const CRUMB_SEPARATORS: [char; 5] = ['>', '＞', '›', '»', '→'];

/// Whether a line is a breadcrumb: `site > channel >`, or 当前位置：….
fn is_breadcrumb_text(text: &str) -> bool {
    text.chars().count() < 100
        && (text.contains(CRUMB_SEPARATORS)
            || ["当前位置", "您的位置", "您现在的位置", "所在位置"]
                .iter()
                .any(|label| text.starts_with(label)))
}

/// Reads `site > channel >` from the breadcrumb's texts: one text with separators, or one text per step.
fn read_breadcrumb(texts: &[&str], imported: &mut Imported) {
    let joined = texts.join(" > ");
    let joined = joined.trim();
    // "当前位置：" and the like label the breadcrumb; they are not a step.
    let joined = match joined.split_once(['：', ':']) {
        Some((label, rest)) if label.contains("位置") => rest,
        _ => joined,
    };
    let mut steps: Vec<&str> = joined
        .split(CRUMB_SEPARATORS)
        .map(str::trim)
        .filter(|step| !step.is_empty())
        .collect();
    if steps.last().is_some_and(|last| {
        matches!(*last, "正文" | "详情" | "内容" | "正文内容" | "文章") || *last == imported.title
    }) {
        steps.pop();
    }
    let starts_at_home = steps
        .first()
        .is_some_and(|first| matches!(*first, "首页" | "网站首页" | "主页" | "Home" | "home"));
    if starts_at_home {
        steps.remove(0);
    }
    match steps.as_slice() {
        [] => imported.notes.push(format!(
            "breadcrumb “{}” names no channel: channel_name is missing",
            clip(joined)
        )),
        [channel] => {
            imported.channel_name = Some((*channel).to_owned());
            if !starts_at_home {
                imported.notes.push(format!(
                    "breadcrumb “{}” names no site, only the channel",
                    clip(joined)
                ));
            }
        }
        [site, middle @ .., channel] => {
            if starts_at_home {
                imported.channel_name = Some((*channel).to_owned());
                let ignored: Vec<&str> = std::iter::once(*site)
                    .chain(middle.iter().copied())
                    .collect();
                imported.notes.push(format!(
                    "breadcrumb steps “{}” ignored: the channel is the last step",
                    ignored.join(" > ")
                ));
            } else {
                imported.site_name = Some((*site).to_owned());
                imported.channel_name = Some((*channel).to_owned());
                if !middle.is_empty() {
                    imported.notes.push(format!(
                        "breadcrumb steps “{}” ignored: the channel is the last step",
                        middle.join(" > ")
                    ));
                }
            }
        }
    }
}

/// A field of the meta line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MetaField {
    Published,
    Source,
    Author,
    Editor,
}

/// The labels of the meta line, longest first so that 责任编辑 is not read as 编辑.
const META_LABELS: [(&str, MetaField); 10] = [
    ("发布时间", MetaField::Published),
    ("发布日期", MetaField::Published),
    ("责任编辑", MetaField::Editor),
    ("时间", MetaField::Published),
    ("日期", MetaField::Published),
    ("来源", MetaField::Source),
    ("稿源", MetaField::Source),
    ("作者", MetaField::Author),
    ("责编", MetaField::Editor),
    ("编辑", MetaField::Editor),
];

/// Where a known label followed by a colon starts in `text`, with its field and the length of label and colon.
fn label_at(text: &str, at: usize) -> Option<(MetaField, usize)> {
    let rest = text.get(at..)?;
    META_LABELS.iter().find_map(|(label, field)| {
        let after = rest.strip_prefix(label)?.trim_start();
        let colon = after.chars().next().filter(|c| matches!(c, ':' | '：'))?;
        Some((*field, rest.len() - after.len() + colon.len_utf8()))
    })
}

/// Whether `text` is a meta line: it has 发布时间, or two labelled fields.
fn is_meta_text(text: &str) -> bool {
    let n_labels = text
        .char_indices()
        .filter(|&(at, _)| label_at(text, at).is_some())
        .count();
    text.chars().count() < 300 && (text.contains("发布时间") || n_labels >= 2)
}

/// Reads the meta line from its texts: split on `|`, then at each `label:`, with a label or colon alone joined to
/// its neighbour (as `<span>来源：</span><a>山西日报</a>` gives them).
fn read_meta(texts: &[&str], options: &ImportOptions, imported: &mut Imported) {
    let mut segments: Vec<String> = Vec::new();
    let mut joins_next = false;
    for segment in texts
        .iter()
        .flat_map(|text| text.split([SEGMENT, '|', '｜']))
        .map(collapse_whitespace)
        .filter(|segment| !segment.is_empty())
    {
        let starts_with_colon = segment.starts_with([':', '：']);
        match segments.last_mut() {
            Some(last) if joins_next || starts_with_colon => last.push_str(&segment),
            _ => segments.push(segment.clone()),
        }
        let last = segments.last().map_or("", String::as_str);
        joins_next = last.ends_with([':', '：']);
    }

    for segment in &segments {
        let starts: Vec<(usize, MetaField, usize)> = segment
            .char_indices()
            .filter_map(|(at, _)| label_at(segment, at).map(|(field, length)| (at, field, length)))
            .fold(Vec::new(), |mut starts, (at, field, length)| {
                let overlaps = starts.last().is_some_and(
                    |&(previous, _, previous_length): &(usize, MetaField, usize)| {
                        at < previous + previous_length
                    },
                );
                if !overlaps {
                    starts.push((at, field, length));
                }
                starts
            });
        let lead_end = starts.first().map_or(segment.len(), |&(at, _, _)| at);
        let lead_text = segment.get(..lead_end).unwrap_or_default().trim();
        if !lead_text.is_empty() {
            read_unlabelled_meta(lead_text, options, imported);
        }
        for (index, &(at, field, length)) in starts.iter().enumerate() {
            let end = starts
                .get(index + 1)
                .map_or(segment.len(), |&(next, _, _)| next);
            let value = segment.get(at + length..end).unwrap_or_default().trim();
            let label = segment.get(at..at + length).unwrap_or_default();
            set_meta_field(field, label, value, options, imported);
        }
    }
    for (field, label) in [
        (&imported.published, "发布时间"),
        (&imported.source, "来源"),
        (&imported.author, "作者"),
        (&imported.editor, "责任编辑"),
    ] {
        if field.is_none() {
            imported.notes.push(format!("meta line has no {label}"));
        }
    }
}

/// A meta segment without a known label: a date, an unknown `label：value`, or other text.
fn read_unlabelled_meta(text: &str, options: &ImportOptions, imported: &mut Imported) {
    if imported.published.is_none() && text.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(published) = parse_published(text, &options.offset, &mut imported.notes) {
            imported.published = Some(published);
            return;
        }
    }
    match text.split_once([':', '：']) {
        Some((label, value)) if label.chars().count() <= 8 => imported.notes.push(format!(
            "unknown meta field “{}” (value “{}”) ignored",
            label.trim(),
            clip(value.trim())
        )),
        _ => imported
            .notes
            .push(format!("unrecognised meta text “{}” ignored", clip(text))),
    }
}

fn set_meta_field(
    field: MetaField,
    label: &str,
    value: &str,
    options: &ImportOptions,
    imported: &mut Imported,
) {
    if value.is_empty() {
        imported
            .notes
            .push(format!("meta field “{label}” is empty"));
        return;
    }
    let slot = match field {
        MetaField::Published => {
            if imported.published.is_some() {
                imported
                    .notes
                    .push(format!("second meta field “{label}{value}” ignored"));
                return;
            }
            imported.published = parse_published(value, &options.offset, &mut imported.notes);
            return;
        }
        MetaField::Source => &mut imported.source,
        MetaField::Author => &mut imported.author,
        MetaField::Editor => &mut imported.editor,
    };
    if slot.is_some() {
        imported
            .notes
            .push(format!("second meta field “{label}{value}” ignored"));
    } else {
        *slot = Some(value.to_owned());
    }
}

/// `2023-07-22 12:00:00` (also `2023/7/22 12:00`, `2023年7月22日 12:00`) as RFC 3339, with `offset` unless the text
/// gives one.
fn parse_published(text: &str, offset: &str, notes: &mut Vec<String>) -> Option<String> {
    let mut numbers: Vec<u32> = Vec::new();
    let mut digits = String::new();
    let mut consumed = 0;
    for (at, c) in text.char_indices() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if matches!(
            c,
            '-' | '/' | '.' | ' ' | ':' | 'T' | '年' | '月' | '日' | '时' | '分' | '秒' | '：'
        ) {
            if !digits.is_empty() {
                numbers.push(digits.parse().ok()?);
                digits.clear();
            }
            if numbers.len() == 6 {
                break;
            }
        } else {
            break;
        }
        consumed = at + c.len_utf8();
    }
    if !digits.is_empty() && numbers.len() < 6 {
        numbers.push(digits.parse().ok()?);
    }
    let rest = text.get(consumed..).unwrap_or_default().trim();
    let given_offset =
        (rest == "Z" || (rest.len() == 6 && rest.starts_with(['+', '-']))).then_some(rest);
    let offset = given_offset.unwrap_or(offset);
    let rfc3339 = match numbers.as_slice() {
        [year, month, day] => format!("{year:04}-{month:02}-{day:02}T00:00:00{offset}"),
        [year, month, day, hour, minute] => {
            format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00{offset}")
        }
        [year, month, day, hour, minute, second, ..] => {
            format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{offset}")
        }
        _ => String::new(),
    };
    let has_year = numbers
        .first()
        .is_some_and(|&year| (1000..=9999).contains(&year));
    if !has_year || Timestamp::parse(&rfc3339).is_none() {
        notes.push(format!(
            "发布时间 “{}” is not a date such as 2023-07-22 12:00:00: published is missing",
            clip(text)
        ));
        return None;
    }
    if numbers.len() == 3 {
        notes.push("发布时间 has no time of day: 00:00:00 assumed".to_owned());
    }
    if !rest.is_empty() && given_offset.is_none() {
        notes.push(format!("text after 发布时间 “{}” ignored", clip(rest)));
    }
    Some(rfc3339)
}

/// Whether a paragraph reads like a photo caption: it ends with 摄 (or 供图), or names a 记者 and a 摄 after.
fn looks_like_caption(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '）' | ')' | '。' | '.' | '】' | ']')
    });
    let short = text.chars().count() < 200;
    let reporter_then_photo = text
        .find("记者")
        .is_some_and(|at| text.get(at..).is_some_and(|after| after.contains('摄')));
    trimmed.ends_with('摄')
        || trimmed.ends_with("摄影")
        || trimmed.ends_with("供图")
        || (short && (reporter_then_photo || text.starts_with("图为") || text.starts_with("图：")))
}

/// Warns about a title that reads like something else.
fn check_title(imported: &mut Imported) {
    let n_chars = imported.title.chars().count();
    if n_chars > 120 {
        imported.notes.push(format!(
            "the title is {n_chars} characters long: check that it is the title"
        ));
    }
}

/// Splits the byline and a 责任编辑 line off the end of the body, and says what is missing.
fn finish_body(imported: &mut Imported) {
    // A closing 责任编辑 line, as portals print it under the text.
    if let Some(Block::Paragraph(last)) = imported.body.last() {
        let inner = last
            .trim_start_matches(['（', '(', '【', '['])
            .trim_end_matches(['）', ')', '】', ']']);
        let editor = ["责任编辑", "责编", "编辑"].iter().find_map(|label| {
            inner
                .strip_prefix(label)
                .and_then(|after| after.trim_start().strip_prefix([':', '：']))
        });
        if let Some(editor) = editor.map(str::trim).filter(|editor| !editor.is_empty()) {
            match &imported.editor {
                None => imported.editor = Some(editor.to_owned()),
                Some(known) if known == editor => {}
                Some(known) => imported.notes.push(format!(
                    "closing line names editor {editor}, the meta line {known}: kept {known}"
                )),
            }
            imported.body.pop();
        }
    }

    match imported.body.last_mut() {
        Some(Block::Paragraph(last)) => match split_byline(last) {
            Some((rest, byline)) => {
                imported.byline = Some(byline);
                if rest.is_empty() {
                    imported.body.pop();
                } else {
                    *last = rest;
                }
            }
            None => imported
                .notes
                .push("no byline such as (杨文俊) at the end of the last paragraph".to_owned()),
        },
        Some(_) => imported
            .notes
            .push("no byline: the body does not end with a paragraph".to_owned()),
        None => imported.notes.push("no body paragraphs".to_owned()),
    }
}

/// Splits a short `(…)` or `（…）` off the end of `paragraph`, when it follows the end of a sentence.
fn split_byline(paragraph: &str) -> Option<(String, String)> {
    let trimmed = paragraph.trim_end();
    let close = trimmed
        .chars()
        .next_back()
        .filter(|c| matches!(c, ')' | '）'))?;
    let before_close = trimmed.get(..trimmed.len() - close.len_utf8())?;
    let open_at = before_close.rfind(['(', '（'])?;
    let open_len = before_close.get(open_at..)?.chars().next()?.len_utf8();
    let inner = before_close.get(open_at + open_len..)?.trim();
    if inner.is_empty() || inner.chars().count() > 30 || inner.contains([')', '）']) {
        return None;
    }
    let rest = trimmed.get(..open_at)?.trim_end();
    let ends_sentence = rest.is_empty()
        || rest.ends_with([
            '。', '！', '？', '.', '!', '?', '”', '"', '」', '』', '…', '；',
        ]);
    ends_sentence.then(|| {
        (
            rest.to_owned(),
            trimmed.get(open_at..).unwrap_or_default().to_owned(),
        )
    })
}

/// Notes that `src` will be refused by the bundle, or resolved against the bundle rather than the portal.
fn check_image_src(src: &str, what: &str, notes: &mut Vec<String>) {
    if url::image_src(src).is_none() {
        notes.push(format!(
            "{what} “{}” is not an image URL a bundle accepts",
            clip(src)
        ));
    } else if url::absolute_http(src).is_none() && !src.starts_with("data:") {
        notes.push(format!(
            "{what} “{}” is relative: it will be read next to the bundle, so copy the image there or make it absolute",
            clip(src)
        ));
    }
}

/// Notes how many text blocks were left out before the title and after the article.
fn report_skipped(page: &Page, title_at: usize, used: &HashSet<usize>, notes: &mut Vec<String>) {
    let mut before = 0;
    let mut after = Vec::new();
    for (at, piece) in page.pieces.iter().enumerate() {
        if used.contains(&at)
            || piece.is_widget()
            || piece.raw_text().is_none()
            || page.consumed.contains(&at)
        {
            continue;
        }
        if at < title_at {
            before += 1;
        } else if at > title_at {
            after.push(piece.text());
        }
    }
    if before > 0 {
        notes.push(format!(
            "skipped {before} text blocks before the title (site header, navigation)"
        ));
    }
    if !after.is_empty() {
        let examples: Vec<String> = after
            .iter()
            .take(3)
            .map(|text| format!("“{}”", clip(text)))
            .collect();
        notes.push(format!(
            "skipped {} text blocks outside the article text, such as {}",
            after.len(),
            examples.join(", ")
        ));
    }
}

/// `text`, cut to 40 characters for a note.
fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(40) {
        Some((at, _)) => Cow::Owned(format!("{}…", text.get(..at).unwrap_or_default())),
        None => Cow::Borrowed(text),
    }
}

/// Writes `key = "value"` when there is a value.
fn push_key(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        out.push_str(key);
        out.push_str(" = ");
        out.push_str(&toml_string(value));
        out.push('\n');
    }
}

/// `value` as a TOML basic string.
fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Markdown link destination: characters that would end or break it are percent-encoded.
fn escape_destination(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for c in src.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Collapses runs of white space to one space, or to nothing where a line break falls between two Chinese
/// characters (as a source line break inside a Chinese sentence), and trims.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<bool> = None; // Some(has_line_break) while in a run of white space.
    for c in text.chars() {
        if c.is_whitespace() {
            let has_line_break = matches!(c, '\n' | '\r');
            pending = Some(pending.unwrap_or(false) || has_line_break);
            continue;
        }
        if let Some(has_line_break) = pending.take() {
            let joins = has_line_break
                && out
                    .chars()
                    .next_back()
                    .is_some_and(|before| cjk::joins_lines(before, c));
            if !out.is_empty() && !joins {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// Marks where an inline element starts or ends inside a block's text, so that `<span>`s of a meta line can be told
/// apart. Removed from the text shown.
const SEGMENT: char = '\u{1f}';

/// Elements that flow inside a block; every other element starts a block of its own.
const INLINE_TAGS: [&str; 28] = [
    "a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "ins", "kbd", "label",
    "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var",
];

/// Elements whose content is never article text.
const SKIPPED_TAGS: [&str; 12] = [
    "script", "style", "noscript", "template", "select", "option", "textarea", "iframe", "svg",
    "object", "canvas", "input",
];

/// Elements that hold the blocks of an article body.
const CONTAINER_TAGS: [&str; 8] = [
    "div", "section", "article", "main", "td", "body", "center", "form",
];

/// Headings below the title, shown as `##` in the body.
const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

/// Class and id words of the page parts around an article: never body text.
const CHROME_MARKS: [&str; 9] = [
    "share",
    "footer",
    "related",
    "relate",
    "copyright",
    "pager",
    "comment",
    "recommend",
    "bottom",
];

/// An element of the page, as the pieces refer to it.
#[derive(Debug)]
struct ElementInfo {
    tag: String,
    /// Its class and id, lower-cased, space-separated.
    marks: String,
}

/// An image of the page.
#[derive(Debug)]
struct Image {
    src: String,
    alt: String,
    /// Whether its `width` or `height` says it is smaller than 100 pixels.
    small: bool,
}

impl Image {
    /// Whether the image is a logo, icon, QR code or button rather than a photo.
    fn is_decoration(&self, page: &Page, piece: &Piece) -> bool {
        let src = self.src.to_ascii_lowercase();
        self.small
            || self.src.is_empty()
            || [
                "logo",
                "icon",
                "qrcode",
                "erweima",
                "ewm",
                "share",
                "weixin",
                "wechat",
                "btn",
                "spacer.gif",
            ]
            .iter()
            .any(|word| src.contains(word))
            || page.has_mark(piece, &["logo", "icon", "qrcode", "erweima", "share"])
    }
}

#[derive(Debug)]
enum Content {
    /// Text with [`SEGMENT`] marks at inline element boundaries, entities decoded, white space as written.
    Text(String),
    Image(Image),
}

/// A block of text or an image, in page order.
#[derive(Debug)]
struct Piece {
    /// The tag of the innermost block element around it.
    block: String,
    /// The elements around it, outermost first, as indices into [`Page::elements`].
    ancestors: Vec<usize>,
    content: Content,
}

impl Piece {
    /// The text as written, with segment marks; `None` for an image.
    fn raw_text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(text) => Some(text),
            Content::Image(_) => None,
        }
    }

    /// The text as shown: segment marks removed, white space collapsed.
    fn text(&self) -> String {
        self.raw_text()
            .map(|text| collapse_whitespace(&text.replace(SEGMENT, "")))
            .unwrap_or_default()
    }

    fn image(&self) -> Option<&Image> {
        match &self.content {
            Content::Image(image) => Some(image),
            Content::Text(_) => None,
        }
    }

    fn is_within(&self, element: usize) -> bool {
        self.ancestors.contains(&element)
    }

    /// Whether the piece is only page buttons (客户端中查看, 分享, ×, …).
    fn is_widget(&self) -> bool {
        let Some(text) = self.raw_text() else {
            return false;
        };
        let mut segments = text
            .split(SEGMENT)
            .map(str::trim)
            .filter(|segment| !segment.is_empty());
        let plain = self.text();
        is_widget(&plain) || segments.all(|segment| is_widget(segment) || is_page_control(segment))
    }
}

/// A saved HTML page, flattened into pieces of text and images in reading order.
#[derive(Debug, Default)]
struct Page {
    elements: Vec<ElementInfo>,
    pieces: Vec<Piece>,
    /// `<link rel="canonical">` or `<meta property="og:url">`, when absolute.
    canonical: Option<String>,
    /// `<base href>`, when absolute.
    base: Option<String>,
    /// Pieces taken as the title, meta line and breadcrumb, so they are not reported as skipped.
    consumed: HashSet<usize>,
}

impl Page {
    fn parse(html: &str) -> Result<Page, ImportError> {
        let cleaned = strip_non_content(html);
        let dom =
            tl::parse(&cleaned, tl::ParserOptions::default()).map_err(|_| ImportError::TooLarge)?;
        let parser = dom.parser();
        let mut page = Page::default();

        enum Step {
            Enter(tl::NodeHandle),
            Leave { block: bool },
        }
        let mut steps: Vec<Step> = dom
            .children()
            .iter()
            .rev()
            .map(|handle| Step::Enter(*handle))
            .collect();
        let mut open: Vec<(usize, bool)> = Vec::new();
        let mut text = String::new();
        while let Some(step) = steps.pop() {
            let handle = match step {
                Step::Enter(handle) => handle,
                Step::Leave { block } => {
                    if block {
                        page.flush(&mut text, &open);
                    } else {
                        text.push(SEGMENT);
                    }
                    open.pop();
                    continue;
                }
            };
            let Some(node) = handle.get(parser) else {
                continue;
            };
            let tag = match node {
                tl::Node::Raw(bytes) => {
                    text.push_str(&decode_entities(&bytes.as_utf8_str()));
                    continue;
                }
                tl::Node::Comment(_) => continue,
                tl::Node::Tag(tag) => tag,
            };
            let name = tag.name().as_utf8_str().to_ascii_lowercase();
            if SKIPPED_TAGS.contains(&name.as_str()) {
                continue;
            }
            match name.as_str() {
                "br" | "hr" => {
                    page.flush(&mut text, &open);
                    continue;
                }
                "img" => {
                    page.flush(&mut text, &open);
                    let attribute = |name: &str| {
                        attribute(tag, name).map(|value| decode_entities(&value).trim().to_owned())
                    };
                    let is_small = |name: &str| {
                        attribute(name)
                            .and_then(|value| value.trim_end_matches("px").parse::<u32>().ok())
                            .is_some_and(|pixels| pixels < 100)
                    };
                    let src = attribute("src")
                        .filter(|src| !src.is_empty())
                        .or_else(|| attribute("data-src"))
                        .unwrap_or_default();
                    let image = Image {
                        src,
                        alt: attribute("alt")
                            .map(|alt| collapse_whitespace(&alt))
                            .unwrap_or_default(),
                        small: is_small("width") || is_small("height"),
                    };
                    page.push_piece(&open, Content::Image(image));
                    continue;
                }
                "link" | "meta" | "base" => {
                    page.read_head_link(tag, &name);
                    continue;
                }
                _ => {}
            }
            let block = !INLINE_TAGS.contains(&name.as_str());
            if block {
                page.flush(&mut text, &open);
            } else {
                text.push(SEGMENT);
            }
            let class = tag
                .attributes()
                .class()
                .map(|class| class.as_utf8_str().to_ascii_lowercase())
                .unwrap_or_default();
            let id = tag
                .attributes()
                .id()
                .map(|id| id.as_utf8_str().to_ascii_lowercase())
                .unwrap_or_default();
            page.elements.push(ElementInfo {
                tag: name,
                marks: format!("{class} {id}"),
            });
            open.push((page.elements.len() - 1, block));
            steps.push(Step::Leave { block });
            let children = tag.children();
            steps.extend(
                children
                    .top()
                    .as_slice()
                    .iter()
                    .rev()
                    .map(|child| Step::Enter(*child)),
            );
        }
        page.flush(&mut text, &open);
        Ok(page)
    }

    /// Ends the current block of text as a piece.
    fn flush(&mut self, text: &mut String, open: &[(usize, bool)]) {
        if text.replace(SEGMENT, "").trim().is_empty() {
            text.clear();
            return;
        }
        let content = Content::Text(std::mem::take(text));
        self.push_piece(open, content);
    }

    fn push_piece(&mut self, open: &[(usize, bool)], content: Content) {
        let block = open
            .iter()
            .rev()
            .find(|(_, block)| *block)
            .and_then(|(element, _)| self.elements.get(*element))
            .map_or_else(String::new, |element| element.tag.clone());
        self.pieces.push(Piece {
            block,
            ancestors: open.iter().map(|(element, _)| *element).collect(),
            content,
        });
    }

    /// Notes the canonical address and the base URL from `<link>`, `<meta>` and `<base>`.
    fn read_head_link(&mut self, tag: &tl::HTMLTag<'_>, name: &str) {
        let value = |attribute_name: &str| {
            attribute(tag, attribute_name).map(|value| decode_entities(&value).trim().to_owned())
        };
        let absolute =
            |value: Option<String>| value.filter(|value| url::absolute_http(value).is_some());
        match name {
            "link" if value("rel").is_some_and(|rel| rel.eq_ignore_ascii_case("canonical")) => {
                self.canonical = self.canonical.take().or_else(|| absolute(value("href")));
            }
            "meta" if value("property").is_some_and(|property| property == "og:url") => {
                self.canonical = self.canonical.take().or_else(|| absolute(value("content")));
            }
            "base" => self.base = self.base.take().or_else(|| absolute(value("href"))),
            _ => {}
        }
    }

    /// `src` resolved against `<base href>` or the canonical address, when the page has one.
    fn resolve(&self, src: &str) -> String {
        match self.base.as_deref().or(self.canonical.as_deref()) {
            Some(base) if !src.starts_with("data:") => url::resolve(base, src),
            _ => src.to_owned(),
        }
    }

    /// Whether an element around `piece` has a class or id containing one of `words`.
    fn has_mark(&self, piece: &Piece, words: &[&str]) -> bool {
        piece.ancestors.iter().any(|&element| {
            self.elements
                .get(element)
                .is_some_and(|element| words.iter().any(|word| element.marks.contains(word)))
        })
    }

    /// Whether `piece` sits in a share bar, footer, related-links list or the like inside `container`.
    fn is_chrome(&self, piece: &Piece, container: usize) -> bool {
        let inside = piece
            .ancestors
            .iter()
            .skip_while(|&&element| element != container)
            .skip(1);
        inside.clone().any(|&element| {
            self.elements
                .get(element)
                .is_some_and(|element| CHROME_MARKS.iter().any(|word| element.marks.contains(word)))
        })
    }

    /// The title's piece and text: the `h1` nearest before 发布时间, an element with class `title`, or `<title>`.
    fn find_title(&mut self, notes: &mut Vec<String>) -> Option<(usize, String)> {
        let meta_at = self
            .pieces
            .iter()
            .position(|piece| piece.block != "title" && piece.text().contains("发布时间"));
        let before_meta = |at: &usize| meta_at.is_none_or(|meta_at| *at < meta_at);
        let is_logo = |page: &Page, piece: &Piece| {
            piece
                .ancestors
                .last()
                .and_then(|element| page.elements.get(*element))
                .is_some_and(|element| element.marks.contains("logo"))
        };
        let h1s: Vec<usize> = (0..self.pieces.len())
            .filter(|&at| {
                self.pieces.get(at).is_some_and(|piece| {
                    piece.block == "h1" && !piece.text().is_empty() && !is_logo(self, piece)
                })
            })
            .collect();
        let chosen = h1s
            .iter()
            .copied()
            .rfind(before_meta)
            .or_else(|| h1s.first().copied())
            .or_else(|| {
                // A heading right before 发布时间, or an element whose class names it a title.
                let heading_before_meta = meta_at
                    .and_then(|meta_at| meta_at.checked_sub(1))
                    .filter(|&at| {
                        self.pieces
                            .get(at)
                            .is_some_and(|piece| HEADINGS.contains(&piece.block.as_str()))
                    });
                heading_before_meta.or_else(|| {
                    let titled: Vec<usize> = (0..self.pieces.len())
                        .filter(|&at| {
                            self.pieces.get(at).is_some_and(|piece| {
                                piece.block != "title"
                                    && piece
                                        .ancestors
                                        .last()
                                        .and_then(|element| self.elements.get(*element))
                                        .is_some_and(|element| element.marks.contains("title"))
                            })
                        })
                        .collect();
                    titled
                        .iter()
                        .copied()
                        .rfind(before_meta)
                        .or_else(|| titled.first().copied())
                })
            });
        if let Some(at) = chosen {
            self.consumed.insert(at);
            return self.pieces.get(at).map(|piece| (at, piece.text()));
        }

        let at = self
            .pieces
            .iter()
            .position(|piece| piece.block == "title")?;
        self.consumed.insert(at);
        let full = self.pieces.get(at)?.text();
        let cut = ["_", " - ", " | ", "｜", " — ", "——", "--"]
            .iter()
            .filter_map(|separator| full.find(separator))
            .min();
        let title = match cut {
            Some(cut) => {
                let (title, suffix) = full.split_at(cut);
                notes.push(format!(
                    "title taken from <title>, without the suffix “{}”",
                    suffix.trim()
                ));
                title.trim().to_owned()
            }
            None => {
                notes.push("title taken from <title>: the page has no h1".to_owned());
                full
            }
        };
        (!title.is_empty()).then_some((at, title))
    }

    /// The pieces of the meta line: the first with 发布时间 (or two labelled fields) within a few blocks of the title,
    /// and the labelled blocks right after it.
    fn find_meta(&mut self, title_at: usize) -> Option<std::ops::Range<usize>> {
        let is_meta = |piece: &Piece| piece.raw_text().is_some() && is_meta_text(&piece.text());
        let near = (title_at + 1..self.pieces.len().min(title_at + 9))
            .find(|&at| self.pieces.get(at).is_some_and(is_meta));
        let start = near.or_else(|| {
            (0..self.pieces.len()).find(|&at| {
                at != title_at
                    && self.pieces.get(at).is_some_and(|piece| {
                        piece.block != "title" && piece.text().contains("发布时间")
                    })
            })
        })?;
        let mut end = start + 1;
        while self.pieces.get(end).is_some_and(|piece| {
            let text = piece.text();
            piece.raw_text().is_some() && text.chars().count() < 60 && label_at(&text, 0).is_some()
        }) {
            end += 1;
        }
        self.consumed.extend(start..end);
        Some(start..end)
    }

    /// The breadcrumb's texts, before the title.
    fn find_breadcrumb(&mut self, title_at: usize) -> Option<Vec<String>> {
        let marks = [
            "crumb",
            "position",
            "location",
            "weizhi",
            "dqwz",
            "curpos",
            "current-path",
            "path",
        ];
        let holder = (0..title_at).find_map(|at| {
            let piece = self.pieces.get(at)?;
            piece.raw_text()?;
            piece.ancestors.iter().rev().copied().find(|&element| {
                self.elements
                    .get(element)
                    .is_some_and(|element| marks.iter().any(|word| element.marks.contains(word)))
            })
        });
        let chosen: Vec<usize> = match holder {
            Some(holder) => (0..title_at)
                .filter(|&at| {
                    self.pieces
                        .get(at)
                        .is_some_and(|piece| piece.raw_text().is_some() && piece.is_within(holder))
                })
                .collect(),
            None => (0..title_at)
                .rev()
                .find(|&at| {
                    self.pieces
                        .get(at)
                        .is_some_and(|piece| is_breadcrumb_text(&piece.text()))
                })
                .into_iter()
                .collect(),
        };
        if chosen.is_empty() {
            return None;
        }
        self.consumed.extend(chosen.iter().copied());
        let texts: Vec<&str> = chosen
            .iter()
            .filter_map(|&at| self.pieces.get(at).and_then(Piece::raw_text))
            .collect();
        // Steps written as separate links without separators: one text per link.
        let joined = texts.concat();
        let texts = if joined.contains(CRUMB_SEPARATORS) {
            vec![joined]
        } else {
            texts
                .iter()
                .flat_map(|text| text.split(SEGMENT))
                .map(str::to_owned)
                .collect()
        };
        Some(
            texts
                .iter()
                .map(|text| collapse_whitespace(&text.replace(SEGMENT, "")))
                .filter(|text| !text.is_empty())
                .collect(),
        )
    }

    /// The element holding most of the text after `start`: the parent of its paragraphs, or a block of text itself.
    fn find_container(&self, start: usize) -> Option<usize> {
        let mut scores: Vec<(usize, usize)> = Vec::new();
        for piece in self.pieces.iter().skip(start) {
            if piece.raw_text().is_none() || piece.is_widget() {
                continue;
            }
            let container = piece.ancestors.iter().rev().copied().find(|&element| {
                self.elements
                    .get(element)
                    .is_some_and(|element| CONTAINER_TAGS.contains(&element.tag.as_str()))
            });
            let Some(container) = container else { continue };
            let length = piece.text().chars().count();
            match scores.iter_mut().find(|(element, _)| *element == container) {
                Some((_, score)) => *score += length,
                None => scores.push((container, length)),
            }
        }
        scores
            .iter()
            .max_by_key(|(element, score)| (*score, std::cmp::Reverse(*element)))
            .map(|(element, _)| *element)
    }
}

/// The value of attribute `name` of `tag`, matched without regard to case.
fn attribute(tag: &tl::HTMLTag<'_>, name: &str) -> Option<String> {
    tag.attributes()
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .and_then(|(_, value)| value.map(|value| value.into_owned()))
}

/// `html` without comments and the content of `script`, `style`, `noscript` and `template`, whose `<` the HTML
/// parser would otherwise take for tags.
fn strip_non_content(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(found) = lower.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + found;
        out.push_str(html.get(at..start).unwrap_or_default());
        let rest = lower.get(start..).unwrap_or_default();
        let skip_to = if rest.starts_with("<!--") {
            Some(rest.find("-->").map_or(lower.len(), |end| start + end + 3))
        } else {
            ["script", "style", "noscript", "template", "textarea"]
                .iter()
                .find_map(|name| {
                    let after = rest.strip_prefix('<')?.strip_prefix(name)?;
                    if !after.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                    {
                        return None;
                    }
                    let closing = format!("</{name}");
                    let end = rest.find(&closing).map_or(lower.len(), |end| {
                        let close_at = start + end;
                        lower
                            .get(close_at..)
                            .and_then(|tail| tail.find('>'))
                            .map_or(lower.len(), |gt| close_at + gt + 1)
                    });
                    Some(end)
                })
        };
        match skip_to {
            Some(end) => at = end,
            None => {
                out.push('<');
                at = start + 1;
            }
        }
    }
    out.push_str(html.get(at..).unwrap_or_default());
    out
}

/// Decodes HTML character references: numeric ones and the named ones Chinese portals use.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = after.get(..semi)?;
            let c = match name.strip_prefix('#') {
                Some(number) => {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{fffd}')
                }
                None => named_entity(name)?,
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = after.get(length..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "yen" => '¥',
        "plusmn" => '±',
        "sup2" => '²',
        "sup3" => '³',
        "permil" => '‰',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed page's shape, with short made-up text.
    const SHORT_PAGE: &str = "投资山西 > 焦点图 >\n\n标题一行\n\n\
        发布时间:2023-07-22 12:00:00 | 来源:山西日报 | 作者:杨文俊 | 责任编辑:赵彦\n\n\
        7月21日，会议在太原举行。记者 史晓波摄\n\n第一段。\n\n第二段。(杨文俊)\n\n客户端中查看\n\n手机中查看\n\n分享\n\nx";

    #[track_caller]
    fn text(page: &str) -> Imported {
        import_text(page, &ImportOptions::default()).expect("the page has a title")
    }

    #[track_caller]
    fn html(page: &str) -> Imported {
        import_html(page, &ImportOptions::default()).expect("the page has a title")
    }

    fn paragraphs(imported: &Imported) -> Vec<&str> {
        imported
            .body
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[track_caller]
    fn assert_noted(imported: &Imported, fragment: &str) {
        assert!(
            imported.notes.iter().any(|note| note.contains(fragment)),
            "no note with {fragment:?} in {:#?}",
            imported.notes
        );
    }

    #[test]
    fn text_page_splits_into_fields() {
        let imported = text(SHORT_PAGE);
        assert_eq!(imported.site_name.as_deref(), Some("投资山西"));
        assert_eq!(imported.channel_name.as_deref(), Some("焦点图"));
        assert_eq!(imported.channel, "imported");
        assert_eq!(imported.title, "标题一行");
        assert_eq!(
            imported.published.as_deref(),
            Some("2023-07-22T12:00:00+08:00")
        );
        assert_eq!(imported.source.as_deref(), Some("山西日报"));
        assert_eq!(imported.author.as_deref(), Some("杨文俊"));
        assert_eq!(imported.editor.as_deref(), Some("赵彦"));
        let lead = imported.lead.as_ref().expect("the caption makes a lead");
        assert_eq!(
            lead.caption.as_deref(),
            Some("7月21日，会议在太原举行。记者 史晓波摄")
        );
        assert_eq!(lead.src, None);
        assert_eq!(paragraphs(&imported), ["第一段。", "第二段。"]);
        assert_eq!(imported.byline.as_deref(), Some("(杨文俊)"));
        assert_eq!(imported.notes.len(), 1, "{:?}", imported.notes);
        assert_noted(&imported, "add `src`");
    }

    #[test]
    fn text_page_becomes_front_matter_and_body() {
        let expected = "+++\n\
            title = \"标题一行\"\n\
            published = \"2023-07-22T12:00:00+08:00\"\n\
            channel = \"imported\"\n\
            channel_name = \"焦点图\"\n\
            source = \"山西日报\"\n\
            author = \"杨文俊\"\n\
            editor = \"赵彦\"\n\
            byline = \"(杨文俊)\"\n\
            # site: 投资山西 (from the breadcrumb; the site is set in site.toml)\n\
            \n\
            [lead]\n\
            caption = \"7月21日，会议在太原举行。记者 史晓波摄\"\n\
            +++\n\
            \n\
            第一段。\n\
            \n\
            第二段。\n";
        assert_eq!(text(SHORT_PAGE).to_markdown(), expected);
    }

    #[test]
    fn options_set_offset_and_channel() {
        let options = ImportOptions {
            offset: "-05:00".to_owned(),
            channel: "focus".to_owned(),
        };
        let imported = import_text(SHORT_PAGE, &options).expect("the page has a title");
        assert_eq!(
            imported.published.as_deref(),
            Some("2023-07-22T12:00:00-05:00")
        );
        assert!(imported.to_markdown().contains("channel = \"focus\"\n"));
    }

    #[test]
    fn empty_or_button_only_page_has_no_title() {
        let options = ImportOptions::default();
        assert_eq!(import_text("", &options), Err(ImportError::NoTitle));
        assert_eq!(import_text("\n  \n", &options), Err(ImportError::NoTitle));
        assert_eq!(
            import_text("客户端中查看\n手机中查看\n分享\nx", &options),
            Err(ImportError::NoTitle)
        );
        assert_eq!(
            import_text("投资山西 > 焦点图 >\n", &options),
            Err(ImportError::NoTitle)
        );
        assert_eq!(
            import_text(
                "发布时间：2023-07-22 12:00:00 | 来源：山西日报\n\n第一段。",
                &options
            ),
            Err(ImportError::NoTitle)
        );
        assert_eq!(import_html("", &options), Err(ImportError::NoTitle));
        assert_eq!(
            import_html("<html><body><p></p></body></html>", &options),
            Err(ImportError::NoTitle)
        );
        assert_eq!(
            ImportError::NoTitle.to_string(),
            "no title: expected a title line before the 发布时间 line"
        );
    }

    #[test]
    fn text_without_meta_line_is_noted() {
        let imported = text("标题\n\n第一段。\n\n第二段。（新华社）");
        assert_eq!(imported.title, "标题");
        assert_eq!(imported.published, None);
        assert_eq!(paragraphs(&imported), ["第一段。", "第二段。"]);
        assert_eq!(imported.byline.as_deref(), Some("（新华社）"));
        assert_noted(&imported, "no meta line");
        assert_noted(&imported, "no breadcrumb");
        assert_noted(&imported, "no photo caption");
    }

    #[test]
    fn meta_line_accepts_full_width_separators_and_reports_unknown_labels() {
        let imported = text("标题\n发布时间：2023-07-22 12:00 ｜ 来源：山西日报｜浏览：23｜作者:杨文俊 | 责任编辑 ： 赵彦\n第一段。");
        assert_eq!(
            imported.published.as_deref(),
            Some("2023-07-22T12:00:00+08:00")
        );
        assert_eq!(imported.source.as_deref(), Some("山西日报"));
        assert_eq!(imported.author.as_deref(), Some("杨文俊"));
        assert_eq!(imported.editor.as_deref(), Some("赵彦"));
        assert_noted(&imported, "unknown meta field “浏览” (value “23”)");
    }

    #[test]
    fn meta_fields_without_separators_split_at_labels() {
        let imported =
            text("标题\n发布时间：2023年7月22日 09:05 来源：山西日报 作者：杨文俊\n第一段。");
        assert_eq!(
            imported.published.as_deref(),
            Some("2023-07-22T09:05:00+08:00")
        );
        assert_eq!(imported.source.as_deref(), Some("山西日报"));
        assert_eq!(imported.author.as_deref(), Some("杨文俊"));
        assert_eq!(imported.editor, None);
        assert_noted(&imported, "meta line has no 责任编辑");
    }

    #[test]
    fn published_is_read_in_several_forms() {
        let mut notes = Vec::new();
        let offset = "+08:00";
        assert_eq!(
            parse_published("2023/7/2 8:00", offset, &mut notes).as_deref(),
            Some("2023-07-02T08:00:00+08:00")
        );
        assert_eq!(
            parse_published("2023-07-22T12:00:00+09:00", offset, &mut notes).as_deref(),
            Some("2023-07-22T12:00:00+09:00")
        );
        assert_eq!(notes, Vec::<String>::new());
        assert_eq!(
            parse_published("2023-07-22", offset, &mut notes).as_deref(),
            Some("2023-07-22T00:00:00+08:00")
        );
        assert_eq!(notes, ["发布时间 has no time of day: 00:00:00 assumed"]);
        notes.clear();
        assert_eq!(
            parse_published("2023-02-30 10:00", offset, &mut notes),
            None
        );
        assert_eq!(parse_published("昨天", offset, &mut notes), None);
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn caption_must_look_like_one() {
        assert!(looks_like_caption(
            "7月21日，会议在西安市举行。记者 史晓波摄"
        ));
        assert!(looks_like_caption("游客在景区游览。（记者 孙磊 摄）"));
        assert!(looks_like_caption("图为新建成的大桥。王明 供图"));
        assert!(!looks_like_caption(
            "为深入贯彻落实会议精神，记者走访了多家企业。"
        ));
        let imported = text("标题\n发布时间：2023-07-22 12:00:00\n第一段不是图片说明。\n第二段。");
        assert_eq!(imported.lead, None);
        assert_eq!(paragraphs(&imported), ["第一段不是图片说明。", "第二段。"]);
        assert_noted(&imported, "no photo caption");
    }

    #[test]
    fn byline_is_split_only_after_a_sentence() {
        assert_eq!(
            split_byline("参加有关活动。(杨文俊)"),
            Some(("参加有关活动。".to_owned(), "(杨文俊)".to_owned()))
        );
        assert_eq!(
            split_byline("（完）"),
            Some((String::new(), "（完）".to_owned()))
        );
        assert_eq!(split_byline("来到中欧班列(西安)"), None);
        assert_eq!(split_byline("没有署名。"), None);
        let imported = text("标题\n发布时间：2023-07-22 12:00:00\n第一段。\n（记者 杨文俊）");
        assert_eq!(paragraphs(&imported), ["第一段。"]);
        assert_eq!(imported.byline.as_deref(), Some("（记者 杨文俊）"));
    }

    #[test]
    fn closing_editor_line_fills_the_editor() {
        let imported =
            text("标题\n发布时间：2023-07-22 12:00:00\n第一段。(杨文俊)\n【责任编辑：赵彦】");
        assert_eq!(imported.editor.as_deref(), Some("赵彦"));
        assert_eq!(imported.byline.as_deref(), Some("(杨文俊)"));
        assert_eq!(paragraphs(&imported), ["第一段。"]);
    }

    #[test]
    fn breadcrumb_forms() {
        let imported =
            text("当前位置：首页 > 经济动态 > 正文\n标题\n发布时间：2023-07-22 12:00:00\n第一段。");
        assert_eq!(imported.site_name, None);
        assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
        let imported =
            text("三晋投资网 » 新闻中心 » 经济动态\n标题\n发布时间：2023-07-22 12:00:00\n第一段。");
        assert_eq!(imported.site_name.as_deref(), Some("三晋投资网"));
        assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
        assert_noted(&imported, "breadcrumb steps “新闻中心” ignored");
    }

    #[test]
    fn page_controls_are_dropped_with_a_note() {
        let imported =
            text("标题\n发布时间：2023-07-22 12:00:00\n【打印本页】\n第一段。\n分享\n【关闭窗口】");
        assert_eq!(paragraphs(&imported), ["第一段。"]);
        assert_noted(&imported, "dropped page control text “【打印本页】”");
    }

    #[test]
    fn markdown_syntax_stays_text() {
        assert_eq!(escape_markdown("# 标题"), r"\# 标题");
        assert_eq!(escape_markdown("> 引用"), r"\> 引用");
        assert_eq!(escape_markdown("- 一"), r"\- 一");
        assert_eq!(escape_markdown("+++"), r"\+++");
        assert_eq!(escape_markdown("* 二"), r"\* 二");
        assert_eq!(escape_markdown("1. 第一"), r"1\. 第一");
        assert_eq!(escape_markdown("2023) 年"), r"2023\) 年");
        assert_eq!(escape_markdown("2023年，1.5亿元"), "2023年，1.5亿元");
        assert_eq!(
            escape_markdown(r"*强调* _斜_ `代码` [链接](x) <b> a\b R&D ~~删~~"),
            r"\*强调\* \_斜\_ \`代码\` \[链接\](x) \<b> a\\b R\&D \~\~删\~\~"
        );
    }

    #[test]
    fn escaped_body_renders_as_the_text() {
        let texts = [
            "# 不是标题",
            "1. 不是列表",
            "*不是强调*、[不是链接](https://example.cn)、<b>不是标签</b>、&amp; 不是实体、a\\b",
            "- 不是列表 | 也不是表格 |",
        ];
        let imported = Imported {
            title: "标题".to_owned(),
            body: texts
                .iter()
                .map(|text| Block::Paragraph((*text).to_owned()))
                .collect(),
            ..Imported::default()
        };
        let nodes = crate::markdown::render(
            &imported.body_markdown(),
            &crate::markdown::RenderOptions::default(),
        );
        let shown: Vec<String> = nodes
            .iter()
            .map(|node| match node {
                crate::node::Node::Element(element) if element.tag() == "p" => node.text_content(),
                other => panic!("expected only paragraphs, found {other:?}"),
            })
            .collect();
        assert_eq!(shown, texts);
    }

    #[test]
    fn front_matter_strings_are_escaped() {
        let imported = Imported {
            title: "引号\"与\\反斜杠\n换行".to_owned(),
            channel: "imported".to_owned(),
            ..Imported::default()
        };
        assert!(imported.to_markdown().starts_with(
            "+++\ntitle = \"引号\\\"与\\\\反斜杠\\n换行\"\nchannel = \"imported\"\n+++\n"
        ));
    }

    #[test]
    fn ids_come_from_file_names() {
        assert_eq!(
            article_id(Path::new("pages/jin shaan#2023.txt")),
            "jin-shaan-2023"
        );
        assert_eq!(article_id(Path::new("新闻.html")), "article");
        assert_eq!(article_id(Path::new("a_b-c.html")), "a_b-c");
        let mut used = HashSet::new();
        assert_eq!(unique_id("a", &mut used), "a");
        assert_eq!(unique_id("a", &mut used), "a-2");
        assert_eq!(unique_id("a", &mut used), "a-3");
    }

    #[test]
    fn value_options_are_taken_out() {
        let args: Vec<String> = [
            "a.txt",
            "--offset",
            "+09:00",
            "-o",
            "out",
            "--channel=focus",
        ]
        .iter()
        .map(|arg| (*arg).to_owned())
        .collect();
        let (rest, options) = take_value_options(&args).expect("valid options");
        assert_eq!(rest, ["a.txt", "-o", "out"]);
        assert_eq!(
            (options.offset.as_str(), options.channel.as_str()),
            ("+09:00", "focus")
        );
        for bad in [
            &["--offset", "8"][..],
            &["--offset", "+24:00"],
            &["--channel", "焦点"],
            &["--channel"],
        ] {
            let bad: Vec<String> = bad.iter().map(|arg| (*arg).to_owned()).collect();
            assert!(
                matches!(take_value_options(&bad), Err(Failure::Usage(_))),
                "{bad:?}"
            );
        }
    }

    const PORTAL_PAGE: &str = include_str!("../../tests/data/import/portal-page.html");

    #[test]
    fn portal_page_splits_into_fields() {
        let imported = html(PORTAL_PAGE);
        assert_eq!(imported.title, "太原综保区一季度进出口额同比增长两成");
        assert_eq!(
            imported.published.as_deref(),
            Some("2024-03-18T09:30:00+08:00")
        );
        assert_eq!(imported.source.as_deref(), Some("山西经济日报"));
        assert_eq!(imported.author.as_deref(), Some("王晓燕"));
        assert_eq!(imported.editor.as_deref(), Some("刘建国"));
        assert_eq!(imported.site_name.as_deref(), Some("三晋投资网"));
        assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
        assert_eq!(
            imported.url.as_deref(),
            Some("https://www.sanjin-invest.example.cn/jjdt/202403/t20240318_4821.html")
        );
        assert_eq!(
            imported.lead,
            Some(Lead {
                src: Some(
                    "https://www.sanjin-invest.example.cn/uploads/2024/03/zongbaoqu-line.jpg"
                        .to_owned()
                ),
                alt: Some("太原综合保税区一家电子企业的装配线".to_owned()),
                caption: Some(
                    "3月15日，太原综合保税区一家电子企业的工人正在检测即将出口的产品。记者 陈立 摄"
                        .to_owned()
                ),
            })
        );
        assert_eq!(imported.byline.as_deref(), Some("（王晓燕）"));
        assert_eq!(imported.body.len(), 7, "{:#?}", imported.body);
        assert_eq!(
            imported.body.get(2),
            Some(&Block::Heading("研发投入持续加大".to_owned()))
        );
        let paragraphs = paragraphs(&imported);
        assert!(
            paragraphs[0].starts_with("记者从太原综合保税区管委会获悉"),
            "{paragraphs:?}"
        );
        assert!(
            paragraphs[1].starts_with("“我们把通关流程"),
            "{paragraphs:?}"
        );
        assert!(paragraphs[2].contains("加大R&D投入"), "{paragraphs:?}");
        assert_eq!(
            paragraphs[3],
            "1.5亿元的保税维修项目已于3月初落地，预计全年可带动新增就业300余人。"
        );
        assert!(paragraphs[4].starts_with("下一步"), "{paragraphs:?}");
        assert!(paragraphs[5].ends_with("产业集群。"), "{paragraphs:?}");
        for paragraph in &paragraphs {
            assert!(!paragraph.contains(['\u{3000}', '\u{a0}']), "{paragraph:?}");
        }
        assert_noted(&imported, "unknown meta field “浏览次数” (value “1024”)");
        assert_noted(&imported, "such as “相关新闻”");
        assert!(!imported
            .notes
            .iter()
            .any(|note| note.contains("分享") || note.contains("手机中查看")));
    }

    #[test]
    fn title_falls_back_to_the_title_element() {
        let imported = html(
            "<html><head><title>黄河大桥合龙 - 经济动态 - 三晋投资网</title></head><body>\
             <div class=\"info\">发布时间：2024-01-02 08:00:00</div>\
             <div class=\"content\"><p>第一段。</p><p>第二段。</p></div></body></html>",
        );
        assert_eq!(imported.title, "黄河大桥合龙");
        assert_noted(&imported, "without the suffix “- 经济动态 - 三晋投资网”");
        assert_eq!(
            imported.published.as_deref(),
            Some("2024-01-02T08:00:00+08:00")
        );
        assert_eq!(paragraphs(&imported), ["第一段。", "第二段。"]);
    }

    #[test]
    fn sloppy_html_still_imports() {
        // Unclosed <li> and <p>, upper-case tags, a stray closing tag, a script with "<", entities.
        let imported = html(
            "<HTML><BODY><ul class=nav><li><a href=/>首页</a><li><a href=/jjdt/>经济动态</a></ul>\
             <script>if (a < b) { document.write('<p>x</p>'); }</script>\
             <DIV class=crumb><A href=/>首页</A> &gt; <A href=/jjdt/>经济动态</A></DIV>\
             <H2 class=title>晋中&nbsp;新建&ldquo;智慧&rdquo;物流园</H2>\
             <div class=info><span>来源：</span><a>晋中日报</a> <span>发布时间：</span>2024-05-06 10:20</div>\
             <DIV id=content><P>第一段，包含&#x4E2D;&#25991;实体。<P>第二段。</span>（记者 李华）</DIV>\
             <div class=footer>版权所有</div></BODY></HTML>",
        );
        assert_eq!(imported.title, "晋中 新建“智慧”物流园");
        assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
        assert_eq!(imported.source.as_deref(), Some("晋中日报"));
        assert_eq!(
            imported.published.as_deref(),
            Some("2024-05-06T10:20:00+08:00")
        );
        assert_eq!(
            paragraphs(&imported),
            ["第一段，包含中文实体。", "第二段。"]
        );
        assert_eq!(imported.byline.as_deref(), Some("（记者 李华）"));
    }

    #[test]
    fn html_without_meta_is_noted() {
        let imported = html("<h1>标题</h1><div class=\"text\"><p>第一段。</p></div>");
        assert_eq!(imported.title, "标题");
        assert_eq!(paragraphs(&imported), ["第一段。"]);
        assert_noted(&imported, "no element with 发布时间");
        assert_noted(&imported, "no breadcrumb");
        assert_noted(&imported, "no lead photo");
    }

    #[test]
    fn body_images_after_the_first_paragraph_stay_in_the_body() {
        let imported = html(
            "<h1>标题</h1><p>发布时间：2024-01-02 08:00</p><div class=\"content\">\
             <p>第一段。</p><p><img src=\"https://img.example.cn/a b.jpg\" alt=\"图\"></p>\
             <p><img src=\"/images/share-icon.png\" alt=\"\"></p><p>第二段。</p></div>",
        );
        assert_eq!(imported.lead, None);
        assert_eq!(
            imported.body,
            [
                Block::Paragraph("第一段。".to_owned()),
                Block::Image {
                    src: "https://img.example.cn/a b.jpg".to_owned(),
                    alt: "图".to_owned()
                },
                Block::Paragraph("第二段。".to_owned()),
            ]
        );
        assert!(imported
            .body_markdown()
            .contains("![图](https://img.example.cn/a%20b.jpg)"));
    }

    #[test]
    fn meta_above_the_title_is_found() {
        let imported = html(
            "<div class=\"info\">发布时间：2024-01-02 08:00 来源：晋中日报</div><h1>标题</h1>\
             <div class=\"content\"><p>第一段。</p></div>",
        );
        assert_eq!(imported.title, "标题");
        assert_eq!(imported.source.as_deref(), Some("晋中日报"));
        assert_eq!(paragraphs(&imported), ["第一段。"]);
    }

    #[test]
    fn truncated_pages_never_panic() {
        let options = ImportOptions::default();
        for (cut, _) in PORTAL_PAGE.char_indices().step_by(37) {
            let page = PORTAL_PAGE.get(..cut).expect("a char boundary");
            let _ = import_html(page, &options);
            let _ = import_text(page, &options);
            let tail = PORTAL_PAGE.get(cut..).expect("a char boundary");
            let _ = import_html(tail, &options);
        }
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("R&amp;D &lt;b&gt; &#20013;&#x6587; &unknown; & &nbsp;"),
            "R&D <b> 中文 &unknown; & \u{a0}"
        );
    }

    #[test]
    fn non_content_is_stripped_before_parsing() {
        assert_eq!(
            strip_non_content(
                "a<!-- <p>c</p> --><SCRIPT type=x>1<2</script>b<style>p>a{}</style><scripts>"
            ),
            "ab<scripts>"
        );
        assert_eq!(strip_non_content("a<script>never closed"), "a");
    }
}
