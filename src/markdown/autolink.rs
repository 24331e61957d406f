//! GFM autolink literals: `https://…`, `www.…` and e-mail addresses in text become links.
//!
//! The rules are GFM's ("Autolinks (extension)"): a valid domain with at least one period, then anything up to
//! white space or `<`, less trailing `?!.,:*_~`, an unbalanced `)` and an entity-like `&…;`. For Chinese text,
//! a link also ends at the first CJK character, so `见 https://example.cn/a。` does not swallow `。`, and may
//! start right after one. The links still pass the URL check of [`crate::url`] when they are built.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::cjk::is_wide;

/// Turns autolink literals in text into links; text inside links (Markdown or raw HTML `<a>`), images and code
/// (spans and blocks: code is code) is left alone.
pub(super) fn link(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // How many links, images and code blocks the text is in.
    let mut inside = 0usize;
    let mut pending = String::new();
    let mut has_pending = false;
    for event in events {
        match event {
            Event::Text(text) if inside == 0 => {
                pending.push_str(&text);
                has_pending = true;
                continue;
            }
            _ => {}
        }
        if has_pending {
            emit(&std::mem::take(&mut pending), &mut out);
            has_pending = false;
        }
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                inside = inside.saturating_sub(1)
            }
            Event::InlineHtml(html) if super::html::opens_link(html) => inside += 1,
            Event::InlineHtml(html) if super::html::closes_link(html) => {
                inside = inside.saturating_sub(1)
            }
            _ => {}
        }
        out.push(event);
    }
    if has_pending {
        emit(&pending, &mut out);
    }
    out
}

/// Appends `text` as events, its autolinks as links.
fn emit(text: &str, out: &mut Vec<Event<'_>>) {
    if !text.contains(['.', '@']) {
        out.push(Event::Text(CowStr::from(text.to_owned())));
        return;
    }
    let mut plain_start = 0;
    let mut at = 0;
    while at < text.len() {
        match find_autolink(text, at) {
            Some(found) => {
                if found.start > plain_start {
                    out.push(Event::Text(CowStr::from(
                        text[plain_start..found.start].to_owned(),
                    )));
                }
                let shown = &text[found.start..found.end];
                let (link_type, destination) = match found.kind {
                    Kind::Url => (LinkType::Autolink, shown.to_owned()),
                    Kind::Www => (LinkType::Autolink, format!("http://{shown}")),
                    Kind::Email => (LinkType::Email, shown.to_owned()),
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(destination),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                }));
                out.push(Event::Text(CowStr::from(shown.to_owned())));
                out.push(Event::End(TagEnd::Link));
                plain_start = found.end;
                at = found.end;
            }
            None => break,
        }
    }
    if plain_start < text.len() {
        out.push(Event::Text(CowStr::from(text[plain_start..].to_owned())));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Url,
    Www,
    Email,
}

#[derive(Debug, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The first autolink literal in `text` at or after byte `from`.
fn find_autolink(text: &str, from: usize) -> Option<Found> {
    let mut search_from = from;
    loop {
        let rest = text.get(search_from..)?;
        let next = rest.char_indices().find(|&(offset, c)| {
            let at = search_from + offset;
            (matches!(c, 'h' | 'H' | 'w' | 'W') && starts_link(text, at)) || c == '@'
        })?;
        let at = search_from + next.0;
        let found = if next.1 == '@' {
            email_around(text, at)
        } else {
            url_at(text, at)
        };
        match found {
            Some(found) if found.start >= from => return Some(found),
            _ => search_from = at + next.1.len_utf8(),
        }
    }
}

/// Whether a link may start at byte `at`: at the start, or after white space, `*`, `_`, `~`, `(`, or a wide (CJK) character.
fn starts_link(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(before) => {
            before.is_whitespace() || matches!(before, '*' | '_' | '~' | '(') || is_wide(before)
        }
    }
}

fn url_at(text: &str, start: usize) -> Option<Found> {
    let rest = &text[start..];
    let lower = |prefix: &str| {
        rest.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let (kind, domain_start) = if lower("https://") {
        (Kind::Url, start + 8)
    } else if lower("http://") {
        (Kind::Url, start + 7)
    } else if lower("www.") {
        (Kind::Www, start + 4)
    } else {
        return None;
    };
    // After `www.` comes a valid domain of its own: `www.x` alone is no link.
    let domain_end = valid_domain(text, domain_start)?;
    let end = trim_trailing(text, start, domain_end, path_end(text, domain_end));
    Some(Found { start, end, kind })
}

/// The end of a valid domain starting at `start`: segments of letters, digits, `_` and `-` separated by periods,
/// at least one period, no `_` in the last two segments.
fn valid_domain(text: &str, start: usize) -> Option<usize> {
    let end = text[start..]
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(text.len(), |(offset, _)| start + offset);
    let domain = text[start..end].trim_end_matches('.');
    let segments: Vec<&str> = domain.split('.').collect();
    if segments.len() < 2 || segments.iter().any(|segment| segment.is_empty()) {
        return None;
    }
    if segments
        .iter()
        .rev()
        .take(2)
        .any(|segment| segment.contains('_'))
    {
        return None;
    }
    Some(start + domain.len())
}

/// Where the path after a domain ends: at white space, `<`, a CJK character, or the end.
fn path_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == '<' || is_wide(c))
        .map_or(text.len(), |(offset, _)| from + offset)
}

/// GFM's extended autolink path validation: trailing punctuation, unbalanced `)` and entity-like `&…;` are not part
/// of the link. Never cuts into the domain (which ends at `domain_end`).
fn trim_trailing(text: &str, start: usize, domain_end: usize, mut end: usize) -> usize {
    loop {
        let link = &text[start..end];
        let Some(last) = link.chars().next_back() else {
            return end;
        };
        if end <= domain_end {
            return domain_end.min(end);
        }
        if matches!(
            last,
            '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '"' | '\''
        ) {
            end -= 1;
        } else if last == ')' {
            let opened = link.matches('(').count();
            let closed = link.matches(')').count();
            if closed > opened {
                end -= 1;
            } else {
                return end;
            }
        } else if last == ';' {
            let before = &link[..link.len() - 1];
            let name_start = before
                .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
                .len();
            if name_start < before.len() && before[..name_start].ends_with('&') {
                end = start + name_start - 1;
            } else {
                return end;
            }
        } else {
            return end;
        }
    }
}

/// An e-mail address around the `@` at byte `at`: local part of letters, digits and `.+-_`, a valid domain whose last
/// character is not `-` or `_`.
fn email_around(text: &str, at: usize) -> Option<Found> {
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_'))
        .last()
        .map(|(index, _)| index)?;
    if !starts_link(text, start) {
        return None;
    }
    let domain_start = at + 1;
    let domain_end = text[domain_start..]
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map_or(text.len(), |(offset, _)| domain_start + offset);
    let domain = text[domain_start..domain_end].trim_end_matches('.');
    if !domain.contains('.') || domain.ends_with(['-', '_']) || domain.split('.').any(str::is_empty)
    {
        return None;
    }
    Some(Found {
        start,
        end: domain_start + domain.len(),
        kind: Kind::Email,
    })
}
