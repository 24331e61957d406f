//! Finding things in node trees, for the tests of every module that builds views.

use super::{to_html, Element, Node};

/// Every element whose attribute `name` is `value`, in document order.
pub fn all_with<'n>(node: &'n Node, name: &str, value: &str) -> Vec<&'n Element> {
    node.descendants()
        .into_iter()
        .filter(|element| element.attr(name) == Some(value))
        .collect()
}

/// The one element whose attribute `name` is `value`.
#[track_caller]
pub fn the_one_with<'n>(node: &'n Node, name: &str, value: &str) -> &'n Element {
    match all_with(node, name, value).as_slice() {
        [element] => element,
        found => panic!(
            "expected one element with {name}={value:?}, found {}: {}",
            found.len(),
            to_html(node)
        ),
    }
}

/// An element as a tree of its own, for `to_html`, `text_content` and further searches.
pub fn subtree(element: &Element) -> Node {
    Node::Element(element.clone())
}

/// Every element with this tag, in document order.
pub fn all_tagged<'n>(node: &'n Node, tag: &str) -> Vec<&'n Element> {
    node.descendants()
        .into_iter()
        .filter(|element| element.tag() == tag)
        .collect()
}
