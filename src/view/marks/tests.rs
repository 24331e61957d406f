use std::ops::Range;

use super::*;
use crate::node::Element;
use crate::search::corpus::{self, Rng};
use crate::search::tests::{bundle, doc, slice};
use crate::search::{body_nodes, disjoint, flatten, Index, Query, SearchText};

/// The `<mark>` elements of `nodes` with the char ranges `flatten` gives them (plus `offset`).
fn mark_ranges(nodes: &[Node], offset: usize) -> Vec<(Range<usize>, String)> {
    // Each mark's text becomes a run of its own private-use character, so flatten shows where it went.
    fn replace(nodes: Vec<Node>, found: &mut Vec<String>) -> Vec<Node> {
        nodes
            .into_iter()
            .map(|node| match node {
                Node::Element(element) if element.tag() == "mark" => {
                    let text = Node::Element(element.clone()).text_content();
                    let sentinel = char::from_u32(0xF0000 + found.len() as u32)
                        .expect("a private-use character");
                    let replaced = Element::new("mark")
                        .with_text(&sentinel.to_string().repeat(text.chars().count()));
                    found.push(text);
                    replaced.into()
                }
                Node::Element(element) => {
                    let (shell, children) = element.split_children();
                    shell.with_children(replace(children, found)).into()
                }
                text => text,
            })
            .collect()
    }
    let mut texts = Vec::new();
    let replaced = replace(nodes.to_vec(), &mut texts);
    let flat: Vec<char> = flatten(&replaced).chars().collect();
    texts
        .into_iter()
        .enumerate()
        .map(|(index, text)| {
            let sentinel = char::from_u32(0xF0000 + index as u32).expect("a private-use character");
            let start = flat
                .iter()
                .position(|&c| c == sentinel)
                .expect("the mark is in the text");
            (offset + start..offset + start + text.chars().count(), text)
        })
        .collect()
}

/// Marks `query` in the rendered body of an article with `body`; checks that each `<mark>` is a piece of one true
/// occurrence with the text `flatten` has there, and that together they cover exactly the marked occurrences.
/// Returns the marked body as HTML.
#[track_caller]
fn check_mark(body: &str, query: &str) -> String {
    let bundle = bundle(vec![doc("标题", body)]);
    let article = &bundle.articles()[0];
    let text = SearchText::of(article);
    let index = Index::build(bundle.articles());
    let parsed = Query::parse(query);
    let occurrences = index.occurrences_in(&parsed, 0);
    let ranges = disjoint(&occurrences);
    let nodes = body_nodes(article);
    let marked_nodes = mark(nodes.clone(), text.body.start, &ranges);
    assert_eq!(
        flatten(&marked_nodes),
        flatten(&nodes),
        "marking keeps the text"
    );
    let flat = flatten(&nodes);
    let pieces = mark_ranges(&marked_nodes, text.body.start);
    let mut covered: Vec<usize> = Vec::new();
    for (range, mark_text) in &pieces {
        assert_eq!(
            &slice(
                &flat,
                range.start - text.body.start..range.end - text.body.start
            ),
            mark_text
        );
        assert!(
            ranges
                .iter()
                .filter(|whole| whole.start <= range.start && range.end <= whole.end)
                .count()
                == 1,
            "{range:?} ({mark_text:?}) is not inside one occurrence of {ranges:?}"
        );
        covered.extend(range.clone());
    }
    let expect: Vec<usize> = ranges
        .iter()
        .filter(|range| range.start >= text.body.start)
        .flat_map(|range| range.clone())
        .collect();
    assert_eq!(covered, expect, "{query:?} in {body:?}");
    marked_nodes.iter().map(crate::node::to_html).collect()
}

#[test]
fn marking_rendered_nodes_marks_the_positions_flatten_gives() {
    assert_eq!(
        check_mark("保护黄河，治理黄河。", "黄河"),
        "<p>保护<mark>黄河</mark>，治理<mark>黄河</mark>。</p>"
    );
    assert_eq!(
        check_mark("第一段。\n\n第二段**黄河**流域。", "黄河流域"),
        "<p>第一段。</p><p>第二段<strong><mark>黄河</mark></strong><mark>流域</mark>。</p>"
    );
    assert_eq!(
        check_mark("**黄**河与[黄*河*](https://example.cn/)", "黄河"),
        concat!(
            "<p><strong><mark>黄</mark></strong><mark>河</mark>与",
            r#"<a rel="noopener noreferrer" href="https://example.cn/"><mark>黄</mark><em><mark>河</mark></em></a></p>"#
        )
    );
    check_mark(
        "- 黄河\n- 流域黄河\n\n> 黄河 `黄河`\n\n| 黄河 | 河 |\n|---|---|\n| 黄河 | x |",
        "黄河",
    );
    check_mark("哈哈哈哈哈", "哈哈");
    check_mark("黄河流域，黄河流", "黄河 河流");
    check_mark("<b>黄河</b>\n\n黄河 ![黄河](a.png) 黄河", "黄河 \"<b>\"");
}

#[test]
fn marking_generated_bodies_marks_the_positions_flatten_gives() {
    let mut rng = Rng::new(3);
    for _ in 0..40 {
        let (_, body) = corpus::article(&mut rng, &corpus::vocabulary(), 300);
        let chars: Vec<char> = body.chars().filter(|c| *c != '\n').collect();
        let start = rng.below(chars.len() - 3);
        let term: String = chars[start..start + 2].iter().collect();
        // Some formatting the occurrence may run across.
        let formatted = body.replacen(&term, &format!("**{}**{}", &term[..3], &term[3..]), 1);
        check_mark(&formatted, &term);
    }
}
