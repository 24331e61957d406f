//! Any text as an article body: Markdown to the node tree never panics, and its HTML has no script element.
#![no_main]

use article_viewer::markdown::{render, RenderOptions};
use article_viewer::node::{to_html, Element, Node};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let mut options = RenderOptions::default();
    options.base_url = Some("https://h.example.cn/bundles/x.json".to_owned());
    options.site_url = Some("https://h.example.cn/".to_owned());
    let nodes = render(body, &options);
    let html = to_html(&Node::Element(Element::new("div").with_children(nodes)));
    assert!(!html.contains("<script"), "{html}");
});
