//! Mounts [`view`](crate::view) node trees into the document, node by node. Makes no decisions.
//!
//! Only `createElement`, `createTextNode` and `setAttribute` are used: nothing from a bundle is ever parsed as HTML.

use wasm_bindgen::JsValue;
use web_sys::Document;

use crate::view::Node;

/// Replaces everything inside `parent` with `node`.
pub fn replace_children(parent: &web_sys::Element, node: &Node) -> Result<(), JsValue> {
    let document = parent
        .owner_document()
        .ok_or("the mount point is not in a document")?;
    let built = build(&document, node)?;
    parent.set_text_content(None);
    parent.append_child(&built)?;
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
