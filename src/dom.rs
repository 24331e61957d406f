//! Mounts [`view`](crate::view) node trees into the document and keeps them up to date. Makes no decisions.
//!
//! Only `createElement`, `createTextNode`, `setAttribute` and `removeAttribute` are used: nothing from a bundle is
//! ever parsed as HTML. Updates patch the DOM where the new tree differs from the old one, so an element that stays
//! (a focused tab, a list being scrolled) is the same element afterwards.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Document;

use crate::node::{self, diff, Element, Node};

/// Makes the DOM inside `parent`, which shows `old` (or nothing), show `new` instead.
pub fn patch_children(
    parent: &web_sys::Element,
    old: Option<&Node>,
    new: &Node,
) -> Result<(), JsValue> {
    let document = parent
        .owner_document()
        .ok_or("the mount point is not in a document")?;
    match (old, parent.first_child()) {
        (Some(old), Some(current)) => patch(&document, parent, &current, old, new),
        _ => {
            parent.set_text_content(None);
            parent.append_child(&build(&document, new, namespace_inside(parent))?)?;
            Ok(())
        }
    }
}

/// Reads an element's DOM back as a node tree, for taking over markup a static page wrote with the same view.
/// `None` when it holds a tag the view never makes; attributes it never sets are left out.
pub fn read(element: &web_sys::Element) -> Option<Node> {
    let tag = known(node::TAGS, &element.local_name())?;
    let mut read = Element::new(tag);
    let names = element.get_attribute_names();
    for index in 0..names.length() {
        let name = names.get(index).as_string().unwrap_or_default();
        if let (Some(name), Some(value)) =
            (known(node::ATTRIBUTES, &name), element.get_attribute(&name))
        {
            read = read.with_attr(name, value);
        }
    }
    let mut child = element.first_child();
    while let Some(node) = child {
        if let Some(text) = node.dyn_ref::<web_sys::Text>() {
            read = read.with_child(Node::Text(text.data()));
        } else if let Some(element) = node.dyn_ref::<web_sys::Element>() {
            read = read.with_child(self::read(element)?);
        }
        child = node.next_sibling();
    }
    Some(read.into())
}

fn known(names: &[&'static str], name: &str) -> Option<&'static str> {
    names.iter().find(|known| **known == name).copied()
}

/// What Tab can reach: links, enabled controls, and elements in the tab order; not those taken out of it.
const FOCUSABLE: &str =
    "a[href]:not([tabindex='-1']), button:not([disabled]):not([tabindex='-1']), \
                         input:not([disabled]):not([tabindex='-1']), [tabindex='0']";

/// Moves focus from the last focusable element in `container` to the first (or, `backwards`, from the first to
/// the last), or into `container` when focus is outside it. Returns whether it moved focus; otherwise Tab may
/// take its usual course.
pub fn cycle_focus(container: &web_sys::Element, backwards: bool) -> bool {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return false;
    };
    let focusables: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (focusables.first(), focusables.last()) else {
        return false;
    };
    let active = active_element(container);
    let position = active.as_ref().and_then(|active| {
        focusables
            .iter()
            .position(|element| element.is_same_node(Some(active)))
    });
    let target = match (position, backwards) {
        (None, false) => first,
        (None, true) => last,
        (Some(0), true) => last,
        (Some(index), false) if index + 1 == focusables.len() => first,
        _ => return false,
    };
    target.focus().is_ok()
}

/// The focused element in the tree `element` belongs to: its document, or the shadow root it is inside.
fn active_element(element: &web_sys::Element) -> Option<web_sys::Element> {
    let root = element.get_root_node();
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow_root) => shadow_root.active_element(),
        None => root.dyn_ref::<Document>()?.active_element(),
    }
}

fn patch(
    document: &Document,
    parent: &web_sys::Node,
    current: &web_sys::Node,
    old: &Node,
    new: &Node,
) -> Result<(), JsValue> {
    match (old, new) {
        (Node::Text(old_text), Node::Text(new_text)) => {
            if old_text != new_text {
                current.set_node_value(Some(new_text));
            }
        }
        (Node::Element(old_element), Node::Element(new_element))
            if old_element.tag() == new_element.tag() =>
        {
            let element: &web_sys::Element = current.unchecked_ref();
            patch_attributes(element, old_element, new_element)?;
            patch_children_of(document, current, old_element, new_element)?;
        }
        _ => {
            parent.replace_child(&build(document, new, namespace_inside(parent))?, current)?;
        }
    }
    Ok(())
}

/// Patches the children of `current`, which show `old`'s, to show `new`'s, keeping each child that
/// [`diff::match_children`] pairs with a new one.
fn patch_children_of(
    document: &Document,
    current: &web_sys::Node,
    old: &Element,
    new: &Element,
) -> Result<(), JsValue> {
    let old_children = old.children();
    // The DOM child showing `old_children[next_old]`: the one a child built afresh goes before.
    let mut next_old = 0;
    let mut dom_child = current.first_child();
    for (new_child, pair) in new
        .children()
        .iter()
        .zip(diff::match_children(old_children, new.children()))
    {
        let Some(old_index) = pair else {
            let built = build(document, new_child, namespace_inside(current))?;
            current.insert_before(&built, dom_child.as_ref())?;
            continue;
        };
        // The old children passed over have no place in the new tree.
        while next_old < old_index {
            let Some(passed) = dom_child else { break };
            dom_child = passed.next_sibling();
            current.remove_child(&passed)?;
            next_old += 1;
        }
        let (Some(kept), Some(old_child)) = (dom_child, old_children.get(old_index)) else {
            return Err("the DOM has fewer children than the tree it shows".into());
        };
        dom_child = kept.next_sibling();
        next_old = old_index + 1;
        patch(document, current, &kept, old_child, new_child)?;
    }
    while let Some(extra) = dom_child {
        dom_child = extra.next_sibling();
        current.remove_child(&extra)?;
    }
    Ok(())
}

fn patch_attributes(
    element: &web_sys::Element,
    old: &Element,
    new: &Element,
) -> Result<(), JsValue> {
    for (name, value) in new.attrs() {
        if old.attr(name) != Some(value.as_str()) {
            element.set_attribute(name, value)?;
            // Once typed in, a field shows its `value` property, not the attribute. Follow the attribute (after
            // Back, say) unless the reader is typing in it right now.
            if *name == "value" {
                if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                    let focused = active_element(element)
                        .is_some_and(|active| active.is_same_node(Some(element)));
                    if !focused {
                        input.set_value(value);
                    }
                }
            }
        }
    }
    for (name, _) in old.attrs() {
        if new.attr(name).is_none() {
            element.remove_attribute(name)?;
        }
    }
    Ok(())
}

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// The namespace of elements made inside `parent`: SVG inside an `<svg>`, else HTML (`None`).
fn namespace_inside(parent: &web_sys::Node) -> Option<&'static str> {
    let namespace = parent.dyn_ref::<web_sys::Element>()?.namespace_uri()?;
    (namespace == SVG_NAMESPACE).then_some(SVG_NAMESPACE)
}

/// Makes the DOM for `node`; elements go in `namespace` (`None` for HTML), and an `<svg>` starts the SVG one.
fn build(
    document: &Document,
    node: &Node,
    namespace: Option<&str>,
) -> Result<web_sys::Node, JsValue> {
    match node {
        Node::Text(text) => Ok(document.create_text_node(text).into()),
        #[cfg(feature = "conformance")]
        Node::Raw(html) => Ok(document.create_text_node(html).into()),
        Node::Element(element) => {
            let namespace = if element.tag() == "svg" {
                Some(SVG_NAMESPACE)
            } else {
                namespace
            };
            let built = match namespace {
                Some(namespace) => document.create_element_ns(Some(namespace), element.tag())?,
                None => document.create_element(element.tag())?,
            };
            for (name, value) in element.attrs() {
                built.set_attribute(name, value)?;
            }
            for child in element.children() {
                built.append_child(&build(document, child, namespace)?)?;
            }
            Ok(built.into())
        }
    }
}
