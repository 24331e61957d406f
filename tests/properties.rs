//! Properties over generated inputs (issue 10), shrunk to the smallest failing case by proptest:
//! parsing and rendering never panic, search equals brute-force substring truth, routes round-trip.
#![cfg(not(target_arch = "wasm32"))]

use article_viewer::bundle::from_json;
use article_viewer::markdown::{render, RenderOptions};
use article_viewer::node::{to_html, Element, Node};
use article_viewer::route::Route;
use article_viewer::search::{Index, Query, SearchText};
use article_viewer::state::{update, Msg, State};
use article_viewer::view::page;
use proptest::prelude::*;

/// Text from the characters that matter: Markdown and HTML syntax, URL schemes' letters, Chinese, breaks.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just('*'),
            Just('_'),
            Just('['),
            Just(']'),
            Just('('),
            Just(')'),
            Just('<'),
            Just('>'),
            Just('!'),
            Just('#'),
            Just('`'),
            Just('\\'),
            Just('\n'),
            Just(' '),
            Just('|'),
            Just('-'),
            Just('"'),
            Just(':'),
            Just('&'),
            Just(';'),
            Just('j'),
            Just('s'),
            Just('a'),
            Just('1'),
            Just('黄'),
            Just('河'),
            Just('。'),
            Just('“'),
            Just('”'),
            Just('\u{2029}'),
            Just('\t'),
            any::<char>(),
        ],
        0..max,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// JSON-shaped text: a bundle skeleton with generated values in every field, or generated text alone.
fn bundle_text() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        text(40).prop_map(|text| serde_json_string(&text)),
        Just("null".to_owned()),
        Just("42".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("\"2023-02-30T10:00:00+08:00\"".to_owned()),
        Just("\"2024-05-01T08:00:00+08:00\"".to_owned()),
    ];
    prop_oneof![
        text(200),
        proptest::collection::vec(value, 9).prop_map(|v| {
            format!(
                r#"{{"format":"article-bundle","version":1,"site":{{"name":{},"url":"https://a.cn/","app":{}}},
                "channels":[{{"id":"c","name":{}}},{{"id":{},"name":"x"}}],
                "articles":[{{"id":"a","channel":"c","title":{},"published":{},"body":{},"lead":{{"src":{}}}}},
                            {{"id":{},"channel":"c","title":"t","published":"2024-05-01T08:00:00+08:00","body":"b"}}]}}"#,
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]
            )
        }),
    ]
}

/// A piece of raw HTML as documents and attacks write it: tags of the allow-list and outside it, in any case,
/// attributes quoted or not, URLs with schemes split by character references and white space, and text.
fn html_piece() -> impl Strategy<Value = String> {
    let tag = prop::sample::select(vec![
        "p", "P", "div", "img", "IMG", "a", "br", "BR", "b", "details", "summary", "center",
        "table", "td", "script", "SCRIPT", "style", "svg", "math", "mtext", "mglyph", "iframe",
        "noscript", "template", "textarea", "title", "object", "form", "input", "kbd", "sub",
        "span",
    ]);
    let attribute = prop::sample::select(vec![
        "src",
        "href",
        "alt",
        "title",
        "width",
        "align",
        "onerror",
        "ONLOAD",
        "onclick",
        "style",
        "class",
        "id",
        "srcdoc",
        "formaction",
        "xlink:href",
    ]);
    let value = prop::sample::select(vec![
        "x",
        "https://e.cn/a.png",
        "javascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "alert(1)",
        "center",
        "300",
        "\"><script>alert(1)</script>",
        "</noscript><img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
    ]);
    let quote = prop::sample::select(vec!["\"", "'", ""]);
    prop_oneof![
        (
            tag.clone(),
            proptest::collection::vec((attribute, value, quote), 0..3),
            any::<bool>()
        )
            .prop_map(|(tag, attributes, close)| {
                let attributes: String = attributes
                    .iter()
                    .map(|(name, value, quote)| format!(" {name}={quote}{value}{quote}"))
                    .collect();
                format!("<{tag}{attributes}{}", if close { ">" } else { "" })
            }),
        tag.prop_map(|tag| format!("</{tag}>")),
        prop::sample::select(vec![
            "文字",
            "\n",
            "\n\n",
            "<!--",
            "-->",
            "<!-- 注释 -->",
            "<",
            ">",
            "&",
            "&#60;",
            "`",
            "**",
            "    "
        ])
        .prop_map(str::to_owned),
    ]
}

fn serde_json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parsing_never_panics_and_every_view_of_what_parses_renders(json in bundle_text()) {
        if let Ok((bundle, diagnostics)) = from_json(&json) {
            let routes: Vec<Route> = bundle
                .articles()
                .iter()
                .map(|article| Route::Article(article.id().to_owned()))
                .chain([Route::Home, Route::Channel("c".to_owned()), Route::Search("黄".to_owned())])
                .collect();
            let mut state = State::default();
            update(&mut state, Msg::Load(Ok((bundle, diagnostics))));
            for route in routes {
                update(&mut state, Msg::Navigate(route));
                let _ = to_html(&page(&state));
            }
        }
    }

    #[test]
    fn rendering_any_markdown_never_panics_nor_makes_script(body in text(300)) {
        let html = to_html(&Node::Element(Element::new("div").with_children(render(&body, &RenderOptions::default()))));
        prop_assert!(!html.contains("<script"), "{}", html);
    }

    #[test]
    fn raw_html_of_any_shape_makes_only_allowed_elements_and_attributes(pieces in proptest::collection::vec(html_piece(), 0..24)) {
        let body = pieces.concat();
        // The tokenizer alone, and through the Markdown renderer.
        let _ = article_viewer::markdown::html::tokens(&body);
        let root = Node::Element(Element::new("div").with_children(render(&body, &RenderOptions::default())));
        let html = to_html(&root);
        // Tag and attribute names are chosen by the renderer (they are `&'static str`): check it chose only these.
        const TAGS: [&str; 40] = [
            "div", "p", "span", "a", "img", "br", "hr", "b", "i", "em", "strong", "u", "s", "del", "code", "pre",
            "kbd", "sub", "sup", "details", "summary", "table", "caption", "thead", "tbody", "tfoot", "tr", "th",
            "td", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "center",
        ];
        const ATTRIBUTES: [&str; 11] = ["src", "alt", "href", "title", "width", "height", "class", "loading", "decoding", "rel", "start"];
        for element in root.descendants() {
            prop_assert!(TAGS.contains(&element.tag()) && element.tag() != "center", "<{}> in {}", element.tag(), html);
            for (name, value) in element.attrs() {
                prop_assert!(ATTRIBUTES.contains(name), "{}= in {}", name, html);
                if matches!(*name, "href" | "src") {
                    let scheme: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase();
                    prop_assert!(!scheme.starts_with("javascript:") && !scheme.starts_with("vbscript:") && !scheme.starts_with("data:text"), "{}={} in {}", name, value, html);
                }
            }
        }
    }

    #[test]
    fn routes_print_and_parse_back(id in text(30), query in text(30)) {
        let id = id.trim().to_owned();
        for route in [
            Route::Article(id.clone()),
            Route::Channel(id.clone()),
            Route::Search(query.clone()),
            Route::Match { article: id.clone(), query: query.clone() },
        ] {
            // What the viewer never makes: empty ids (they are home) and blank queries (the bare search page).
            let trivial = match &route {
                Route::Article(id) | Route::Channel(id) => id.is_empty(),
                Route::Match { article, query } => article.is_empty() || query.trim().is_empty(),
                Route::Search(query) => query.trim().is_empty(),
                Route::Home => false,
            };
            if !trivial {
                prop_assert_eq!(Route::parse(&route.to_hash()), route);
            }
        }
    }
}

/// Brute-force truth: the articles whose folded search text contains every term's folded characters.
fn truth(texts: &[String], terms: &[String]) -> Vec<usize> {
    (0..texts.len())
        .filter(|&index| {
            terms
                .iter()
                .all(|term| texts[index].contains(term.as_str()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn search_finds_exactly_the_articles_that_contain_a_han_query(
        bodies in proptest::collection::vec(
            proptest::collection::vec(prop_oneof![Just('黄'), Just('河'), Just('山'), Just('西'), Just('，')], 0..40)
                .prop_map(|chars| chars.into_iter().collect::<String>()),
            1..12,
        ),
        query in proptest::collection::vec(prop_oneof![Just('黄'), Just('河'), Just('山'), Just('西')], 1..4)
            .prop_map(|chars| chars.into_iter().collect::<String>()),
    ) {
        let articles: Vec<String> = bodies
            .iter()
            .enumerate()
            .map(|(index, body)| {
                format!(
                    r#"{{"id":"a{index}","channel":"c","title":"t{index}","published":"2024-05-01T08:00:00+08:00","body":{}}}"#,
                    serde_json_string(body)
                )
            })
            .collect();
        let json = format!(
            r#"{{"format":"article-bundle","version":1,"site":{{"name":"s","url":"https://a.cn/"}},"channels":[{{"id":"c","name":"c"}}],"articles":[{}]}}"#,
            articles.join(",")
        );
        let (bundle, _) = from_json(&json).expect("the generated bundle parses");
        let index = Index::build(bundle.articles());
        let texts: Vec<String> = bundle.articles().iter().map(|article| SearchText::of(article).text).collect();
        let published = |_: usize| 0;
        let mut found: Vec<usize> = index
            .search(&Query::parse(&query), &published, 0)
            .into_iter()
            .map(|hit| hit.article)
            .collect();
        found.sort_unstable();
        prop_assert_eq!(found, truth(&texts, &[query]));
    }
}
