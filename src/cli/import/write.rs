//! An imported article written in `pack`'s source format: TOML front matter between `+++` lines, then the body as
//! Markdown escaped so that it stays text. It makes strings; the subcommand writes the files.

use super::{Block, Imported};

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
        // A caption without its photo cannot be a lead (a lead is a photo): it stays in the article as the
        // body's first paragraph, so that `pack` takes the file as it is.
        let mut body = self.body_markdown();
        match &self.lead {
            Some(lead) if lead.src.is_some() => {
                out.push_str("\n[lead]\n");
                push_key(&mut out, "src", lead.src.as_deref());
                push_key(&mut out, "alt", lead.alt.as_deref());
                push_key(&mut out, "caption", lead.caption.as_deref());
            }
            Some(lead) => {
                if let Some(caption) = &lead.caption {
                    let caption = escape_markdown(caption);
                    body = if body.is_empty() {
                        caption
                    } else {
                        format!("{caption}\n\n{body}")
                    };
                }
            }
            None => {}
        }
        out.push_str("+++\n");
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

/// Writes `key = "value"` when there is a value.
pub(super) fn push_key(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        out.push_str(key);
        out.push_str(" = ");
        out.push_str(&toml_string(value));
        out.push('\n');
    }
}

/// `value` as a TOML basic string.
pub(super) fn toml_string(value: &str) -> String {
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
pub(super) fn escape_destination(src: &str) -> String {
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
