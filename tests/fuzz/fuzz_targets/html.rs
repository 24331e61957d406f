//! Any text as raw HTML: the allow-list's tokenizer never panics, every tag it reads has a lower-case name, and
//! through the Markdown renderer only allowed elements come out, none with a handler or a script URL.
#![no_main]

use article_viewer::markdown::html::{tokens, Token};
use article_viewer::markdown::{render, RenderOptions};
use article_viewer::node::{Element, Node};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    for token in tokens(html) {
        if let Token::Start { name, .. } | Token::End { name } = &token {
            assert_eq!(*name, name.to_ascii_lowercase());
        }
    }
    let root = Node::Element(Element::new("div").with_children(render(html, &RenderOptions::default())));
    for element in root.descendants() {
        assert!(!matches!(element.tag(), "script" | "style" | "svg" | "math" | "iframe"), "{}", element.tag());
        for (name, value) in element.attrs() {
            assert!(!name.starts_with("on") && *name != "style", "{name}");
            if matches!(*name, "href" | "src") {
                let compact: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                assert!(!compact.to_ascii_lowercase().starts_with("javascript:"), "{value}");
            }
        }
    }
});
