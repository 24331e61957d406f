//! Where a query occurs, as data: occurrences, the excerpt around the best one, and the segments of a field
//! marked or not. The view turns segments into `<mark>` nodes; nothing here makes nodes.

use std::ops::Range;

use super::text::BREAK;
use super::{SearchText, EXCERPT_CHARS};

/// Where a query term occurs in an article's [`SearchText`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Which term of the query (in parse order).
    pub term: usize,
    /// The char range in the search text.
    pub range: Range<usize>,
}

/// A piece of displayed text, marked or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Whether it is one whole occurrence of a query term.
    pub marked: bool,
}

/// Occurrences that do not overlap: where two overlap, the earlier is kept whole and the later dropped.
pub fn disjoint(occurrences: &[Occurrence]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for occurrence in occurrences {
        if ranges
            .last()
            .is_none_or(|last| occurrence.range.start >= last.end)
        {
            ranges.push(occurrence.range.clone());
        }
    }
    ranges
}

/// The chars of `field` in `text` as segments, marking the occurrences inside it (positions relative to `text`).
pub fn field_segments(
    text: &SearchText,
    field: Range<usize>,
    occurrences: &[Occurrence],
) -> Vec<Segment> {
    let chars: Vec<char> = text.text.chars().collect();
    let inside: Vec<Occurrence> = occurrences
        .iter()
        .filter(|occurrence| {
            occurrence.range.start >= field.start && occurrence.range.end <= field.end
        })
        .cloned()
        .collect();
    segments(&chars, field, &disjoint(&inside))
}

/// About [`EXCERPT_CHARS`] characters of the body around the place where most different terms occur close
/// together, every occurrence in it marked; the start of the body when the body has none.
pub fn excerpt(text: &SearchText, occurrences: &[Occurrence]) -> Vec<Segment> {
    let chars: Vec<char> = text.text.chars().collect();
    let body = text.body.clone();
    let in_body: Vec<Occurrence> = occurrences
        .iter()
        .filter(|occurrence| {
            occurrence.range.start >= body.start && occurrence.range.end <= body.end
        })
        .cloned()
        .collect();
    // The best centre: the occurrence with the most distinct terms starting within the window after it (the
    // earliest such). One pass with a sliding window, so a body with a million occurrences costs a million steps.
    let mut in_body = in_body;
    // Keys are unique (a term occurs at a position once): an unstable sort orders them the same, with less code.
    in_body.sort_unstable_by_key(|occurrence| (occurrence.range.start, occurrence.term));
    let n_terms = in_body
        .iter()
        .map(|occurrence| occurrence.term + 1)
        .max()
        .unwrap_or(0);
    let mut in_window = vec![0usize; n_terms];
    let mut distinct = 0;
    let mut end = 0;
    let mut best: Option<(usize, std::cmp::Reverse<usize>, &Occurrence)> = None;
    for (index, first) in in_body.iter().enumerate() {
        while end < in_body.len()
            && in_body[end].range.start < first.range.start + EXCERPT_CHARS / 2
        {
            in_window[in_body[end].term] += 1;
            distinct += usize::from(in_window[in_body[end].term] == 1);
            end += 1;
        }
        let key = (distinct, std::cmp::Reverse(first.range.start));
        if best
            .as_ref()
            .is_none_or(|(d, start, _)| key >= (*d, *start))
        {
            best = Some((key.0, key.1, first));
        }
        let term = in_body[index].term;
        in_window[term] -= 1;
        distinct -= usize::from(in_window[term] == 0);
    }
    let best = best.map(|(_, _, first)| first);
    let mut window = match best {
        Some(best) => {
            let start = best
                .range
                .start
                .saturating_sub(EXCERPT_CHARS / 3)
                .max(body.start);
            start..(start + EXCERPT_CHARS).min(body.end)
        }
        None => body.start..(body.start + EXCERPT_CHARS).min(body.end),
    };
    // Never cut an occurrence: widen the window to whole ones.
    let ranges = disjoint(&in_body);
    for range in &ranges {
        if range.start < window.start && range.end > window.start {
            window.start = range.start;
        }
        if range.start < window.end && range.end > window.end {
            window.end = range.end;
        }
    }
    let inside: Vec<Range<usize>> = ranges
        .into_iter()
        .filter(|range| range.start >= window.start && range.end <= window.end)
        .collect();
    let mut pieces = segments(&chars, window.clone(), &inside);
    if window.start > body.start {
        pieces.insert(
            0,
            Segment {
                text: "…".to_owned(),
                marked: false,
            },
        );
    }
    if window.end < body.end {
        pieces.push(Segment {
            text: "…".to_owned(),
            marked: false,
        });
    }
    pieces
}

/// `chars[window]` cut at `marks` (sorted, disjoint, inside the window); breaks shown as spaces.
pub fn segments(chars: &[char], window: Range<usize>, marks: &[Range<usize>]) -> Vec<Segment> {
    let text_of = |range: Range<usize>| -> String {
        chars
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|&c| if c == BREAK { ' ' } else { c })
            .collect()
    };
    let mut pieces = Vec::new();
    let mut cursor = window.start;
    for mark in marks {
        if mark.start > cursor {
            pieces.push(Segment {
                text: text_of(cursor..mark.start),
                marked: false,
            });
        }
        pieces.push(Segment {
            text: text_of(mark.clone()),
            marked: true,
        });
        cursor = mark.end;
    }
    if cursor < window.end {
        pieces.push(Segment {
            text: text_of(cursor..window.end),
            marked: false,
        });
    }
    pieces
}
