//! CJK-friendly emphasis: pairs the `*`/`_` runs that pulldown-cmark leaves as text when the CJK-friendly flanking
//! rules say they delimit emphasis (CommonMark issue 650; the rules of the `markdown-cjk-friendly` specification,
//! as comrak's `cjk_friendly_emphasis` and `markdown-it-cjk-friendly` implement them).
//!
//! CommonMark will not close `**` after a punctuation mark that is followed by a letter, so `这是**“重点”**内容` and
//! `**加粗。**后面` stay literal asterisks. Under the CJK-friendly rules a CJK character counts like white space
//! next to punctuation, and CJK punctuation does not count as punctuation for flanking.
//!
//! A block's inline content is only touched when the CJK rules judge one of its delimiter runs differently from
//! CommonMark's: text without CJK characters renders exactly as before. Then pulldown-cmark's emphasis in that
//! block is undone (its delimiters are found in the source) and every run paired again by the CJK rules.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::cjk::is_wide;

/// Re-pairs emphasis delimiters in `events` (with their source ranges in `source`) by the CJK-friendly rules.
pub(super) fn pair<'a>(source: &'a str, events: Vec<(Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
    let candidates = events.iter().any(|(event, _)| match event {
        Event::Text(text) => text.contains(['*', '_']),
        Event::Start(Tag::Emphasis | Tag::Strong) => true,
        _ => false,
    });
    if !candidates {
        return events.into_iter().map(|(event, _)| event).collect();
    }
    let mut out = Vec::with_capacity(events.len());
    let mut inline: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    for (event, range) in events {
        if is_inline(&event) {
            inline.push((event, range));
        } else {
            out.extend(pair_inline(source, std::mem::take(&mut inline)));
            out.push(event);
        }
    }
    out.extend(pair_inline(source, inline));
    out
}

/// One block's inline content: unchanged unless the CJK rules judge one of its delimiter runs differently from
/// CommonMark's; then pulldown-cmark's emphasis is undone and all its runs paired again by the CJK rules.
fn pair_inline<'a>(source: &'a str, events: Vec<(Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
    let Some(dissolved) = dissolve(source, &events) else {
        return events.into_iter().map(|(event, _)| event).collect();
    };
    let mut differs = false;
    let mut stretch: Option<Range<usize>> = None;
    for (event, range) in dissolved.iter().chain([(Event::HardBreak, 0..0)].iter()) {
        match event {
            Event::Text(text) if is_literal(source, text, range) => {
                stretch = match stretch.take() {
                    Some(pending) if pending.end == range.start => Some(pending.start..range.end),
                    Some(pending) => {
                        differs |= any_run_differs(source, pending);
                        Some(range.clone())
                    }
                    None => Some(range.clone()),
                };
            }
            _ => {
                if let Some(pending) = stretch.take() {
                    differs |= any_run_differs(source, pending);
                }
            }
        }
    }
    if !differs {
        return events.into_iter().map(|(event, _)| event).collect();
    }
    repair(source, dissolved)
}

/// Events that are part of a paragraph's (or heading's, or cell's) inline content.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineMath(_) => true,
        _ => false,
    }
}

/// The inline events with pulldown-cmark's emphasis turned back into the literal delimiters it was made of, or
/// `None` when a delimiter cannot be found in the source as expected.
fn dissolve<'a>(
    source: &'a str,
    events: &[(Event<'a>, Range<usize>)],
) -> Option<Vec<(Event<'a>, Range<usize>)>> {
    let mut dissolved = Vec::with_capacity(events.len());
    for (event, range) in events {
        let width = match event {
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => 1,
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => 2,
            _ => {
                dissolved.push((event.clone(), range.clone()));
                continue;
            }
        };
        let delimiters = if matches!(event, Event::Start(_)) {
            range.start..range.start + width
        } else {
            range.end.checked_sub(width)?..range.end
        };
        let text = source.get(delimiters.clone())?;
        if !(text.chars().all(|c| c == '*') || text.chars().all(|c| c == '_')) {
            return None;
        }
        dissolved.push((Event::Text(CowStr::Borrowed(text)), delimiters));
    }
    Some(dissolved)
}

/// Whether the CJK rules judge any delimiter run in `source[range]` differently from CommonMark's.
fn any_run_differs(source: &str, range: Range<usize>) -> bool {
    let mut level = Vec::new();
    split_runs(source, range, &mut level);
    level
        .iter()
        .any(|item| matches!(item, Item::Run(run) if run.cjk != run.standard))
}

/// Pairs all delimiter runs of dissolved inline events by the CJK-friendly rules, level by level: runs inside a link
/// pair only with runs inside it.
fn repair<'a>(source: &'a str, events: Vec<(Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
    let mut levels: Vec<Vec<Item<'a>>> = vec![Vec::new()];
    // Adjacent literal text is one stretch of source: a run split over two events is still one run.
    let mut literal: Option<Range<usize>> = None;
    for (event, range) in events {
        if let Event::Text(text) = &event {
            if is_literal(source, text, &range) {
                literal = match literal {
                    Some(pending) if pending.end == range.start => Some(pending.start..range.end),
                    Some(pending) => {
                        split_runs(source, pending, top(&mut levels));
                        Some(range)
                    }
                    None => Some(range),
                };
                continue;
            }
        }
        if let Some(pending) = literal.take() {
            split_runs(source, pending, top(&mut levels));
        }
        match event {
            Event::Start(tag) => {
                levels.push(vec![Item::Event(Event::Start(tag))]);
            }
            Event::End(tag) if levels.len() > 1 => {
                let mut level = levels.pop().expect("more than the outermost level is open");
                level.push(Item::Event(Event::End(tag)));
                let flat = resolve(level);
                top(&mut levels).extend(flat.into_iter().map(Item::Event));
            }
            other => top(&mut levels).push(Item::Event(other)),
        }
    }
    if let Some(pending) = literal.take() {
        split_runs(source, pending, top(&mut levels));
    }
    let mut out = Vec::new();
    for level in levels {
        out.extend(resolve(level));
    }
    out
}

/// The innermost open level.
fn top<'l, 'a>(levels: &'l mut Vec<Vec<Item<'a>>>) -> &'l mut Vec<Item<'a>> {
    if levels.is_empty() {
        levels.push(Vec::new());
    }
    levels.last_mut().expect("a level was just ensured")
}

/// A piece of one nesting level's inline content.
enum Item<'a> {
    Event(Event<'a>),
    Text(String),
    Run(Run),
}

/// A run of `*` or `_` found as literal text.
struct Run {
    delimiter: char,
    length: usize,
    remaining: usize,
    /// Whether it can open or close emphasis, by the CJK-friendly rules and by CommonMark's.
    cjk: Flanking,
    standard: Flanking,
    /// Delimiters used, in the order the pairs were made: as closer (first), as opener (last).
    closes: Vec<usize>,
    opens: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Flanking {
    can_open: bool,
    can_close: bool,
}

/// Whether a text event is exactly its source: no escapes or entities, so a `*` in it is a real delimiter.
fn is_literal(source: &str, text: &str, range: &Range<usize>) -> bool {
    source.get(range.clone()) == Some(text)
}

/// Splits literal text into plain text and delimiter runs, judging each run by the characters around it in the
/// source.
fn split_runs(source: &str, range: Range<usize>, level: &mut Vec<Item<'_>>) {
    let text = &source[range.clone()];
    let mut plain_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '*' && c != '_' {
            continue;
        }
        // pulldown-cmark reports an escaped `\*` as the text `*`, its range past the backslash: plain text.
        let backslashes = source[..range.start + start]
            .bytes()
            .rev()
            .take_while(|&byte| byte == b'\\')
            .count();
        if backslashes % 2 == 1 {
            continue;
        }
        let mut end = start + 1;
        while chars.peek().is_some_and(|&(_, next)| next == c) {
            chars.next();
            end += 1;
        }
        if start > plain_start {
            level.push(Item::Text(text[plain_start..start].to_owned()));
        }
        let before = source[..range.start + start].chars().next_back();
        let after = source[range.start + end..].chars().next();
        level.push(Item::Run(Run {
            delimiter: c,
            length: end - start,
            remaining: end - start,
            cjk: flanking(c, before, after, true),
            standard: flanking(c, before, after, false),
            closes: Vec::new(),
            opens: Vec::new(),
        }));
        plain_start = end;
    }
    if plain_start < text.len() {
        level.push(Item::Text(text[plain_start..].to_owned()));
    }
}

/// CommonMark's flanking rules (section 6.2), amended for CJK when `cjk` is set.
fn flanking(delimiter: char, before: Option<char>, after: Option<char>, cjk: bool) -> Flanking {
    // The start and end of the text count as white space.
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punctuation =
        |c: Option<char>| c.is_some_and(|c| is_punctuation(c) && !(cjk && is_wide(c)));
    let cjk_char = |c: Option<char>| cjk && c.is_some_and(is_wide);
    let left = !space(after)
        && (!punctuation(after) || space(before) || punctuation(before) || cjk_char(before));
    let right = !space(before)
        && (!punctuation(before) || space(after) || punctuation(after) || cjk_char(after));
    let any_punctuation = |c: Option<char>| c.is_some_and(is_punctuation);
    match delimiter {
        '_' => Flanking {
            can_open: left && (!right || any_punctuation(before)),
            can_close: right && (!left || any_punctuation(after)),
        },
        _ => Flanking {
            can_open: left,
            can_close: right,
        },
    }
}

/// Pairs a level's runs and flattens it back into events.
fn resolve(mut level: Vec<Item<'_>>) -> Vec<Event<'_>> {
    let runs: Vec<usize> = (0..level.len())
        .filter(|&index| matches!(level[index], Item::Run(_)))
        .collect();
    process_emphasis(&mut level, &runs);
    let mut events = Vec::with_capacity(level.len());
    for item in level {
        match item {
            Item::Event(event) => events.push(event),
            Item::Text(text) => events.push(Event::Text(CowStr::from(text))),
            Item::Run(run) => {
                for used in &run.closes {
                    events.push(Event::End(if *used == 2 {
                        TagEnd::Strong
                    } else {
                        TagEnd::Emphasis
                    }));
                }
                if run.remaining > 0 {
                    events.push(Event::Text(CowStr::from(
                        run.delimiter.to_string().repeat(run.remaining),
                    )));
                }
                for used in run.opens.iter().rev() {
                    events.push(Event::Start(if *used == 2 {
                        Tag::Strong
                    } else {
                        Tag::Emphasis
                    }));
                }
            }
        }
    }
    events
}

/// CommonMark's "process emphasis" over the runs at `runs` (indices into `level`), with the CJK-friendly flanking.
fn process_emphasis(level: &mut [Item<'_>], runs: &[usize]) {
    let run = |level: &[Item<'_>], index: usize| -> Option<(char, usize, usize, Flanking)> {
        match &level[index] {
            Item::Run(run) => Some((run.delimiter, run.length, run.remaining, run.cjk)),
            _ => None,
        }
    };
    // Runs still available, in order; matched runs between an opener and its closer drop out.
    let mut active: Vec<usize> = runs.to_vec();
    let mut position = 0;
    while position < active.len() {
        let closer = active[position];
        let Some((delimiter, closer_length, closer_remaining, closer_flanking)) =
            run(level, closer)
        else {
            position += 1;
            continue;
        };
        if !closer_flanking.can_close || closer_remaining == 0 {
            position += 1;
            continue;
        }
        let opener_at = (0..position).rev().find(|&candidate| {
            let Some((opener_delimiter, opener_length, opener_remaining, opener_flanking)) =
                run(level, active[candidate])
            else {
                return false;
            };
            let multiple_of_three = (opener_flanking.can_close || closer_flanking.can_open)
                && (opener_length + closer_length) % 3 == 0
                && !(opener_length % 3 == 0 && closer_length % 3 == 0);
            opener_delimiter == delimiter
                && opener_flanking.can_open
                && opener_remaining > 0
                && !multiple_of_three
        });
        let Some(opener_at) = opener_at else {
            position += 1;
            continue;
        };
        let opener = active[opener_at];
        let opener_remaining = run(level, opener).map_or(0, |found| found.2);
        let used = if opener_remaining >= 2 && closer_remaining >= 2 {
            2
        } else {
            1
        };
        if let Item::Run(run) = &mut level[opener] {
            run.remaining -= used;
            run.opens.push(used);
        }
        if let Item::Run(run) = &mut level[closer] {
            run.remaining -= used;
            run.closes.push(used);
        }
        // Delimiters between the pair can no longer pair with anything outside it.
        active.drain(opener_at + 1..position);
        position = opener_at + 1;
    }
}

/// Unicode punctuation as CommonMark 0.31 counts it (general categories P and S), for the characters that matter
/// next to emphasis: ASCII, Latin-1, general punctuation and symbols, CJK and full-width punctuation.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{A1}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
            | '\u{20A0}'..='\u{20C0}' | '\u{2100}'..='\u{214F}' | '\u{2190}'..='\u{2BFF}'
            | '\u{2E00}'..='\u{2E7F}'
            | '\u{3001}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{3030}' | '\u{303D}'..='\u{303F}'
            | '\u{30FB}'
            | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE6B}'
            | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
            | '\u{FFE0}'..='\u{FFEE}'
        )
}
