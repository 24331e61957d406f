//! The parts of a legacy article page, as text: buttons and page controls, the breadcrumb, the meta line and its
//! dates, photo captions, the byline and the closing editor line. Shared by text and HTML pages; it reads text
//! only, never HTML or files.

use std::borrow::Cow;

use crate::bundle::Timestamp;
use crate::markdown::cjk;
use crate::url;

use super::{Block, ImportOptions, Imported};

/// Marks where an inline element starts or ends inside a block's text, so that `<span>`s of a meta line can be told
/// apart. Removed from the text shown.
pub(super) const SEGMENT: char = '\u{1f}';

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
pub(super) fn is_widget(text: &str) -> bool {
    let text = text.trim().trim_end_matches([':', '：']);
    WIDGETS.contains(&text)
}

/// Other controls of legacy pages, dropped with a note.
pub(super) fn is_page_control(text: &str) -> bool {
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
            | "纠错"
            | "我要纠错"
            | "扫一扫在手机打开当前页"
    )
}

/// The characters that separate the steps of a breadcrumb.
pub(super) const CRUMB_SEPARATORS: [char; 5] = ['>', '＞', '›', '»', '→'];

/// Whether a line is a breadcrumb: `site > channel >`, or 当前位置：….
pub(super) fn is_breadcrumb_text(text: &str) -> bool {
    text.chars().count() < 100
        && (text.contains(CRUMB_SEPARATORS)
            || ["当前位置", "您的位置", "您现在的位置", "所在位置"]
                .iter()
                .any(|label| text.starts_with(label)))
}

/// Reads `site > channel >` from the breadcrumb's texts: one text with separators, or one text per step.
pub(super) fn read_breadcrumb(texts: &[&str], imported: &mut Imported) {
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
pub(super) enum MetaField {
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
pub(super) fn label_at(text: &str, at: usize) -> Option<(MetaField, usize)> {
    let rest = text.get(at..)?;
    META_LABELS.iter().find_map(|(label, field)| {
        let after = rest.strip_prefix(label)?.trim_start();
        let colon = after.chars().next().filter(|c| matches!(c, ':' | '：'))?;
        Some((*field, rest.len() - after.len() + colon.len_utf8()))
    })
}

/// Whether `text` is a meta line: it has 发布时间, or two labelled fields, or a date as portals print them without
/// a label: beside a labelled field (`2019-09-07 13:43:45　来源: 证券市场红周刊`, `来源：新华网 | 2019-12-10 07:57:40`),
/// or with its time of day and little else (`2020-01-02 17:11`).
pub(super) fn is_meta_text(text: &str) -> bool {
    let n_labels = text
        .char_indices()
        .filter(|&(at, _)| label_at(text, at).is_some())
        .count();
    let length = text.chars().count();
    let date = find_date(text);
    length < 300
        && (text.contains("发布时间")
            || n_labels >= 2
            || (n_labels == 1 && date.is_some() && length < 100)
            || date.is_some_and(|(_, with_time)| with_time && length < 40))
}

/// Where a date starts in `text` (`2019-09-07`, `2019/9/7`, `2019.09.07`, `2019年06月15日`), and whether a time of
/// day (`08:18`) follows it.
pub(super) fn find_date(text: &str) -> Option<(usize, bool)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digits_at = |from: usize, min: usize, max: usize| -> Option<usize> {
        let count = chars[from.min(chars.len())..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        (min..=max).contains(&count).then_some(from + count)
    };
    let separator =
        |at: usize, allowed: &[char]| chars.get(at).is_some_and(|(_, c)| allowed.contains(c));
    for start in 0..chars.len() {
        let year_start = start == 0 || !chars[start - 1].1.is_ascii_digit();
        let Some(after_year) = digits_at(start, 4, 4).filter(|_| year_start) else {
            continue;
        };
        if !separator(after_year, &['-', '/', '.', '年']) {
            continue;
        }
        let Some(after_month) = digits_at(after_year + 1, 1, 2) else {
            continue;
        };
        if !separator(after_month, &['-', '/', '.', '月']) {
            continue;
        }
        let Some(after_day) = digits_at(after_month + 1, 1, 2) else {
            continue;
        };
        // A time of day: after white space or 日, `hh:mm`.
        let mut at = after_day;
        while chars
            .get(at)
            .is_some_and(|(_, c)| c.is_whitespace() || *c == '日')
        {
            at += 1;
        }
        let with_time = digits_at(at, 1, 2).is_some_and(|after_hour| {
            separator(after_hour, &[':', '：']) && digits_at(after_hour + 1, 2, 2).is_some()
        });
        return Some((chars[start].0, with_time));
    }
    None
}

/// Reads the meta line from its texts: split on `|`, then at each `label:`, with a label or colon alone joined to
/// its neighbour (as `<span>来源：</span><a>山西日报</a>` gives them).
pub(super) fn read_meta(texts: &[&str], options: &ImportOptions, imported: &mut Imported) {
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
    // A date printed after the value without a label of its own (`来源：央视新闻客户端  2019年12月10日 07:57`).
    if let Some((at, _)) =
        find_date(value).filter(|&(at, _)| at > 0 && field != MetaField::Published)
    {
        let (value, date) = value.split_at(at);
        if imported.published.is_none() {
            imported.published = parse_published(date.trim(), &options.offset, &mut imported.notes);
        }
        return set_meta_field(field, label, value.trim(), options, imported);
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
    let Some(value) = person_or_source(value) else {
        imported.notes.push(format!(
            "meta field “{label}{}” does not look like a name: ignored",
            clip(value)
        ));
        return;
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
pub(super) fn parse_published(text: &str, offset: &str, notes: &mut Vec<String>) -> Option<String> {
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
pub(super) fn looks_like_caption(text: &str) -> bool {
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
pub(super) fn check_title(imported: &mut Imported) {
    let n_chars = imported.title.chars().count();
    if n_chars > 120 {
        imported.notes.push(format!(
            "the title is {n_chars} characters long: check that it is the title"
        ));
    }
}

/// Splits the byline and a 责任编辑 line off the end of the body, and says what is missing.
pub(super) fn finish_body(imported: &mut Imported) {
    // A 责任编辑 line, as portals print it under the text (sometimes with an ad or a share bar after it): never
    // article text.
    let editor_at = imported
        .body
        .iter()
        .rposition(|block| matches!(block, Block::Paragraph(text) if editor_line(text).is_some()));
    if let Some(Block::Paragraph(line)) = editor_at.map(|at| imported.body.remove(at)) {
        if let Some(editor) = editor_line(&line) {
            match &imported.editor {
                None => imported.editor = Some(editor.to_owned()),
                Some(known) if known == editor => {}
                Some(known) => imported.notes.push(format!(
                    "closing line names editor {editor}, the meta line {known}: kept {known}"
                )),
            }
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

/// The editor a line such as `责任编辑：王五`, `（责编：王五）` or `【编辑:王五】` names, when that is all the line says.
fn editor_line(text: &str) -> Option<&str> {
    let inner = text
        .trim()
        .trim_start_matches(['（', '(', '【', '['])
        .trim_end_matches(['）', ')', '】', ']']);
    let editor = ["责任编辑", "责编", "编辑"].iter().find_map(|label| {
        inner
            .strip_prefix(label)
            .and_then(|after| after.trim_start().strip_prefix([':', '：']))
    })?;
    person_or_source(editor).filter(|name| name.chars().count() <= 20)
}

/// Splits a short `(…)` or `（…）` off the end of `paragraph`, when it follows the end of a sentence.
pub(super) fn split_byline(paragraph: &str) -> Option<(String, String)> {
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
    // `（原题为《…》）`, `（本文来源：…）`: notes about the text, not who wrote it.
    let about_the_text = ["原题", "原标题", "本文", "来源", "转自", "转载", "图片来源"]
        .iter()
        .any(|start| inner.starts_with(start))
        || inner.contains('《');
    if about_the_text {
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
pub(super) fn check_image_src(src: &str, what: &str, notes: &mut Vec<String>) {
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

/// `text`, cut to 40 characters for a note.
pub(super) fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(40) {
        Some((at, _)) => Cow::Owned(format!("{}…", text.get(..at).unwrap_or_default())),
        None => Cow::Borrowed(text),
    }
}

/// Collapses runs of white space to one space, or to nothing where a line break falls between two Chinese
/// characters (as a source line break inside a Chinese sentence), and trims.
pub(super) fn collapse_whitespace(text: &str) -> String {
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

/// A name from a meta field or closing line, without what portals print after it (`刘欢】 返回搜狐，查看更多`,
/// `晋阳市人民政府办公室 【字体：大 中 小】`): cut at a bracket, a comma or full stop, or a link's words; `None`
/// when nothing name-like is left.
pub(super) fn person_or_source(value: &str) -> Option<&str> {
    let mut end = value.len();
    for stop in [
        "】",
        "]",
        "【",
        "[",
        "，",
        ",",
        "。",
        "返回",
        "查看更多",
        "点击",
        "分享到",
    ] {
        if let Some(at) = value.find(stop) {
            end = end.min(at);
        }
    }
    // Another field after white space, with a label this module does not know (`晋阳市农业农村局 浏览次数：`).
    let mut words = value[..end]
        .char_indices()
        .filter(|(_, c)| c.is_whitespace());
    if let Some((at, _)) = words.find(|&(at, _)| {
        let next = value[at..end].trim_start();
        let word = next.split(char::is_whitespace).next().unwrap_or_default();
        word.contains([':', '：'])
    }) {
        end = at;
    }
    let name = value[..end].trim();
    (!name.is_empty() && name.chars().count() <= 30).then_some(name)
}
