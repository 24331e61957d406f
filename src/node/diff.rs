//! Which node shown now each node of a new tree becomes, so that updating the page keeps what stays.
//!
//! The browser layer patches the DOM from the tree it shows to the next one. Where a child is inserted or removed
//! among siblings (a progress bar above a previewed article, notices above it once the bundle is read), pairing
//! children by position would pair every later sibling with the wrong one and rebuild them all: the article
//! under the reader, with its selection, focus and scroll anchor. This module decides the pairs; it touches no DOM.

use super::Node;

/// How far ahead among the siblings an inserted or removed run is looked for. Views insert or remove a node or
/// two at a time; a short window keeps the pairing linear in the number of children.
const LOOKAHEAD: usize = 8;

/// For each of `new`, the index in `old` of the node it is patched from, or `None` when it is built afresh.
///
/// Pairs keep their order (the indices rise), and only nodes of the same kind pair: text with text, elements
/// with the same tag. Old nodes that no new node takes are removed. Where sibling runs line up, every node pairs
/// with the one at its position, as before; where a short run was inserted or removed, the siblings after it
/// still pair with themselves.
pub fn match_children(old: &[Node], new: &[Node]) -> Vec<Option<usize>> {
    let mut pairs = Vec::with_capacity(new.len());
    // The first old node not yet paired or passed over.
    let mut next_old = 0;
    for (new_index, node) in new.iter().enumerate() {
        if old
            .get(next_old)
            .is_some_and(|old_node| same_kind(old_node, node))
        {
            pairs.push(Some(next_old));
            next_old += 1;
            continue;
        }
        // Old nodes were removed before this one: how many, if it is close ahead.
        let removed = old
            .iter()
            .enumerate()
            .skip(next_old + 1)
            .take(LOOKAHEAD)
            .find(|(_, old_node)| same_kind(old_node, node))
            .map(|(old_index, _)| old_index - next_old);
        // This node (and perhaps some after it) was inserted before the old one: how many, if it is close.
        let inserted = old.get(next_old).and_then(|old_node| {
            new.iter()
                .skip(new_index + 1)
                .take(LOOKAHEAD)
                .position(|new_node| same_kind(old_node, new_node))
                .map(|offset| offset + 1)
        });
        // The shorter way round; on a tie, inserting, which keeps every old node.
        let removing =
            removed.filter(|&removed| inserted.is_none_or(|inserted| removed < inserted));
        if let Some(removed) = removing {
            next_old += removed;
            pairs.push(Some(next_old));
            next_old += 1;
        } else {
            pairs.push(None);
            if inserted.is_none() {
                // This node replaces the old one at its place.
                next_old = (next_old + 1).min(old.len());
            }
        }
    }
    pairs
}

/// Whether a DOM node showing `old` can be patched to show `new`: text becomes any text, an element any element
/// with the same tag (attributes and children are patched).
fn same_kind(old: &Node, new: &Node) -> bool {
    match (old, new) {
        (Node::Text(_), Node::Text(_)) => true,
        (Node::Element(old), Node::Element(new)) => old.tag() == new.tag(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::Element;

    /// A node per letter: `t` a text node, any other letter an element with that letter as its tag.
    fn nodes(letters: &str) -> Vec<Node> {
        letters
            .chars()
            .map(|letter| match letter {
                't' => Node::Text("text".to_owned()),
                'a' => Element::new("article").into(),
                'd' => Element::new("div").into(),
                'p' => Element::new("p").into(),
                'u' => Element::new("ul").into(),
                's' => Element::new("section").into(),
                other => panic!("no node for {other:?}"),
            })
            .collect()
    }

    #[track_caller]
    fn check(old: &str, new: &str, expected: &[Option<usize>]) {
        assert_eq!(match_children(&nodes(old), &nodes(new)), expected);
    }

    #[test]
    fn aligned_children_pair_by_position() {
        check("pptp", "pptp", &[Some(0), Some(1), Some(2), Some(3)]);
        check("pp", "pppp", &[Some(0), Some(1), None, None]);
        check("pppp", "pp", &[Some(0), Some(1)]);
        check("", "pa", &[None, None]);
        check("pa", "", &[]);
    }

    // See: issue 23, the static page's takeover rebuilt the article when a preview put a progress bar above it.
    #[test]
    fn a_node_inserted_before_keeps_the_ones_after_it() {
        check("a", "da", &[None, Some(0)]);
        check("sa", "sda", &[Some(0), None, Some(1)]);
        check("a", "dda", &[None, None, Some(0)]);
    }

    #[test]
    fn a_node_removed_before_keeps_the_ones_after_it() {
        check("da", "a", &[Some(1)]);
        check("sda", "sa", &[Some(0), Some(2)]);
        check("dda", "a", &[Some(2)]);
    }

    #[test]
    fn a_node_of_another_kind_replaces_the_one_at_its_place() {
        check("s", "a", &[None]);
        check("sp", "ap", &[None, Some(1)]);
        check("t", "p", &[None]);
    }

    #[test]
    fn the_shorter_way_round_wins() {
        check(
            "puppp",
            "upppp",
            &[None, Some(0), Some(2), Some(3), Some(4)],
        );
        check("upp", "pupp", &[None, Some(0), Some(1), Some(2)]);
        check("ppa", "tusa", &[None, None, None, Some(2)]);
        check("ppdda", "da", &[Some(2), Some(4)]);
    }

    #[test]
    fn pairs_rise_and_pair_alike_nodes() {
        let shapes = [
            "", "a", "t", "pt", "tpt", "dap", "sdsa", "ppupp", "aptsdu", "tttpppa", "dspuatd",
        ];
        for old in shapes {
            for new in shapes {
                let (old_nodes, new_nodes) = (nodes(old), nodes(new));
                let pairs = match_children(&old_nodes, &new_nodes);
                assert_eq!(pairs.len(), new_nodes.len(), "{old} → {new}");
                let paired: Vec<usize> = pairs.iter().flatten().copied().collect();
                assert!(
                    paired.windows(2).all(|two| two[0] < two[1]),
                    "{old} → {new}: {pairs:?}"
                );
                for (new_index, old_index) in pairs.iter().enumerate() {
                    if let Some(old_index) = old_index {
                        assert!(
                            same_kind(&old_nodes[*old_index], &new_nodes[new_index]),
                            "{old} → {new}"
                        );
                    }
                }
                if old == new {
                    assert!(pairs
                        .iter()
                        .enumerate()
                        .all(|(index, pair)| *pair == Some(index)));
                }
            }
        }
    }
}
