//! The query's occurrences drawn as `<mark>` elements: in result excerpts, and through an article's rendered nodes.

use std::ops::Range;

use crate::node::{Element, Node};
use crate::search::{segments, Segment, Walker, BLOCKS};

/// Segments as nodes: text, and `<mark>` for the marked ones.
pub(super) fn segment_nodes(segments: &[Segment]) -> Vec<Node> {
    segments
        .iter()
        .map(|segment| {
            if segment.marked {
                Element::new("mark").with_text(&segment.text).into()
            } else {
                Node::Text(segment.text.clone())
            }
        })
        .collect()
}

/// `nodes` (as [`flatten`] walks them, starting at char `offset` of the search text) with the text inside
/// `marks` wrapped in `<mark>`; an occurrence that spans formatting is marked piece by piece.
pub(super) fn mark(nodes: Vec<Node>, offset: usize, marks: &[Range<usize>]) -> Vec<Node> {
    let mut marker = Marker {
        walker: Walker {
            chars_so_far: 0,
            break_pending: false,
        },
        offset,
        marks,
    };
    marker.mark(nodes)
}

struct Marker<'m> {
    walker: Walker,
    offset: usize,
    marks: &'m [Range<usize>],
}

impl Marker<'_> {
    fn mark(&mut self, nodes: Vec<Node>) -> Vec<Node> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            match node {
                Node::Text(text) if !text.is_empty() => {
                    // Mirror Walker::walk exactly, so positions agree with `flatten`.
                    if std::mem::take(&mut self.walker.break_pending)
                        && self.walker.chars_so_far > 0
                    {
                        self.walker.chars_so_far += 1;
                    }
                    let start = self.offset + self.walker.chars_so_far;
                    let chars: Vec<char> = text.chars().collect();
                    self.walker.chars_so_far += chars.len();
                    let end = start + chars.len();
                    let local: Vec<Range<usize>> = self
                        .marks
                        .iter()
                        .filter(|mark| mark.start < end && mark.end > start)
                        .map(|mark| mark.start.max(start) - start..mark.end.min(end) - start)
                        .collect();
                    if local.is_empty() {
                        out.push(Node::Text(text));
                    } else {
                        out.extend(segment_nodes(&segments(&chars, 0..chars.len(), &local)));
                    }
                }
                Node::Text(text) => out.push(Node::Text(text)),
                #[cfg(feature = "conformance")]
                raw @ Node::Raw(_) => out.push(raw),
                Node::Element(element) => {
                    let block = BLOCKS.contains(&element.tag());
                    self.walker.break_pending |= block;
                    let (shell, children) = element.split_children();
                    let children = self.mark(children);
                    self.walker.break_pending |= block;
                    out.push(shell.with_children(children).into());
                }
            }
        }
        out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
