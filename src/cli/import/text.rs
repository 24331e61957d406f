//! Pages copied as text: one block per line, read from the top (breadcrumb, title, meta line, caption) and from the
//! bottom (byline, editor). Its parts are recognised by `fields`, as an HTML page's are.

use super::fields::{
    check_title, clip, finish_body, is_breadcrumb_text, is_meta_text, is_page_control, is_widget,
    looks_like_caption, read_breadcrumb, read_meta,
};
use super::{Block, ImportError, ImportOptions, Imported, Lead};

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
                "photo caption without its photo: kept as the first paragraph; to show it as the lead photo's, move \
             it under [lead] with the photo's src and alt"
                .to_owned(),
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
