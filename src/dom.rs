//! Mounts [`view`](crate::view) node trees into the document and keeps them up to date. Makes no decisions.
//!
//! Only `createElement`, `createTextNode`, `setAttribute` and `removeAttribute` are used: nothing from a bundle is
//! ever parsed as HTML. Updates patch the DOM where the new tree differs from the old one, so an element that stays
//! (a focused tab, a list being scrolled) is the same element afterwards.

use wasm_bindgen::JsValue;
use web_sys::Document;

use crate::view::{Element, Node};

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
            parent.append_child(&build(&document, new)?)?;
            Ok(())
        }
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
            let element: &web_sys::Element = wasm_bindgen::JsCast::unchecked_ref(current);
            patch_attributes(element, old_element, new_element)?;
            let mut child = current.first_child();
            for (index, new_child) in new_element.children().iter().enumerate() {
                match (old_element.children().get(index), child.clone()) {
                    (Some(old_child), Some(dom_child)) => {
                        child = dom_child.next_sibling();
                        patch(document, current, &dom_child, old_child, new_child)?;
                    }
                    _ => {
                        current.append_child(&build(document, new_child)?)?;
                    }
                }
            }
            while let Some(extra) = child {
                child = extra.next_sibling();
                current.remove_child(&extra)?;
            }
        }
        _ => {
            parent.replace_child(&build(document, new)?, current)?;
        }
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
        }
    }
    for (name, _) in old.attrs() {
        if new.attr(name).is_none() {
            element.remove_attribute(name)?;
        }
    }
    Ok(())
}

fn build(document: &Document, node: &Node) -> Result<web_sys::Node, JsValue> {
    match node {
        Node::Text(text) => Ok(document.create_text_node(text).into()),
        Node::Element(element) => {
            let built = document.create_element(element.tag())?;
            for (name, value) in element.attrs() {
                built.set_attribute(name, value)?;
            }
            for child in element.children() {
                built.append_child(&build(document, child)?)?;
            }
            Ok(built.into())
        }
    }
}
