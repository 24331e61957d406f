//! The XSS corpus (issue 10) through every view, natively: no element, attribute or URL that could run script
//! ever reaches the node tree the browser mounts, and hostile text is shown as the text it is.
#![cfg(not(target_arch = "wasm32"))]

#[path = "xss/corpus.rs"]
mod corpus;

use article_viewer::bundle::from_json;
use article_viewer::engine::Engine;
use article_viewer::node::Node;
use article_viewer::route::Route;
use article_viewer::share::ShareTab;
use article_viewer::state::{update, update_with, LoadFailure, Msg, State};
use article_viewer::view::page;

/// Elements the viewer never makes: each could run script, load a document, or restyle the page.
const NEVER: [&str; 20] = [
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta",
    "base", "noscript", "template", "math", "body", "html", "head", "video", "audio", "marquee",
];

/// Schemes no `href`, `src` or `action` may carry.
const NEVER_SCHEMES: [&str; 6] = [
    "javascript:",
    "vbscript:",
    "data:text",
    "data:image/svg",
    "file:",
    "jar:",
];

/// Every place in `node` that breaks the invariants, described.
fn problems(node: &Node, found: &mut Vec<String>) {
    let Node::Element(element) = node else {
        return;
    };
    if NEVER.contains(&element.tag()) {
        found.push(format!("<{}>", element.tag()));
    }
    for (name, value) in element.attrs() {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("on") || lower == "style" || lower == "srcdoc" {
            found.push(format!("<{} {name}={value:?}>", element.tag()));
        }
        if matches!(
            lower.as_str(),
            "href" | "src" | "action" | "xlink:href" | "formaction"
        ) {
            let url: String = value
                .chars()
                .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if NEVER_SCHEMES.iter().any(|scheme| url.starts_with(scheme)) {
                found.push(format!("<{} {name}={value:?}>", element.tag()));
            }
        }
    }
    for child in element.children() {
        problems(child, found);
    }
}

#[track_caller]
fn assert_safe(state: &State, place: &str) {
    let mut found = Vec::new();
    problems(&page(state), &mut found);
    assert!(found.is_empty(), "{place}: {found:?}");
}

fn loaded() -> State {
    let mut state = State {
        bundle_url: Some("https://h.example.cn/bundles/xss.json".to_owned()),
        page_url: Some("https://h.example.cn/?bundle=xss.json".to_owned()),
        ..State::default()
    };
    let loaded = from_json(&corpus::bundle()).map_err(|error| LoadFailure::Bundle {
        url: "xss.json".to_owned(),
        error,
    });
    update(&mut state, Msg::Load(loaded));
    state
}

#[test]
fn the_corpus_has_at_least_150_vectors() {
    assert!(corpus::count() >= 150, "{}", corpus::count());
}

#[test]
fn every_article_and_its_share_tabs_render_no_script_and_show_markup_as_text() {
    let mut state = loaded();
    let bodies = corpus::bodies();
    for index in 0..bodies.len() {
        update(
            &mut state,
            Msg::Navigate(Route::Article(format!("x{index}"))),
        );
        assert_safe(&state, &format!("article x{index}"));
        let html = article_viewer::node::to_html(&page(&state));
        let markup = corpus::MARKUP[index % corpus::MARKUP.len()];
        let title = find_text(&page(&state), "h1").unwrap_or_default();
        assert_eq!(
            title,
            format!("标题{markup}"),
            "the title is its text, markup and all"
        );
        assert!(!html.contains("<script"), "x{index}");
        for tab in ShareTab::ALL {
            update(&mut state, Msg::OpenShare(tab));
            update(&mut state, Msg::SelectShareTab(tab));
            assert_safe(&state, &format!("article x{index}, share tab {tab:?}"));
            update(&mut state, Msg::CopyFinished { copied: false });
            assert_safe(&state, &format!("article x{index}, copy fallback"));
            update(&mut state, Msg::CloseShare);
        }
    }
}

#[test]
fn channels_search_results_and_hostile_routes_render_no_script() {
    let mut state = loaded();
    // The search engine answers in this process.
    let mut engine = Engine::default();
    let mut update = |state: &mut State, msg: Msg| {
        update_with(state, msg, &mut |request| engine.handle(request))
    };
    update(&mut state, Msg::EngineLoaded(Ok(())));
    for index in 0..corpus::MARKUP.len() {
        update(
            &mut state,
            Msg::Navigate(Route::Channel(format!("c{index}"))),
        );
        assert_safe(&state, &format!("channel c{index}"));
    }
    for query in [
        "avPwned",
        "script",
        "标题",
        "onerror",
        "javascript",
        "<img",
        "\"><",
    ] {
        update(&mut state, Msg::SetQuery(query.to_owned()));
        assert_safe(&state, &format!("search {query:?}"));
        if query == "标题" {
            let found = state
                .search
                .results
                .as_ref()
                .map_or(0, |results| results.total);
            assert!(found > 10, "the corpus's articles are found: {found}");
        }
        update(&mut state, Msg::ShowMoreResults);
        assert_safe(&state, &format!("more results for {query:?}"));
    }
    for hash in corpus::hashes() {
        update(&mut state, Msg::Navigate(Route::parse(&hash)));
        assert_safe(&state, &hash);
    }
}

/// The text of the first `tag` element in `node`.
fn find_text(node: &Node, tag: &str) -> Option<String> {
    let Node::Element(element) = node else {
        return None;
    };
    if element.tag() == tag {
        return Some(node.text_content());
    }
    element
        .children()
        .iter()
        .find_map(|child| find_text(child, tag))
}

#[test]
fn the_check_sees_what_it_looks_for() {
    use article_viewer::node::Element;
    for bad in [
        Element::new("script").with_text("x"),
        Element::new("img").with_attr("onerror", "x"),
        Element::new("a").with_attr("href", " JavaScript:x"),
        Element::new("img").with_attr("src", "data:image/svg+xml,<svg>"),
        Element::new("p").with_child(Element::new("iframe")),
    ] {
        let mut found = Vec::new();
        problems(&Node::Element(bad), &mut found);
        assert_eq!(found.len(), 1, "{found:?}");
    }
}

/// Writes the corpus for the end-to-end check through the real page (tests/e2e/xss.test.mjs, which `make test`
/// runs after the native tests): the bundle, and the hostile hashes.
#[test]
fn the_corpus_is_written_for_the_check_through_the_real_page() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/xss");
    std::fs::create_dir_all(&dir).expect("target/xss can be made");
    std::fs::write(dir.join("bundle.json"), corpus::bundle()).expect("written");
    let hashes: Vec<String> = corpus::hashes()
        .iter()
        .map(|hash| serde_json::to_string(hash).expect("a string"))
        .collect();
    std::fs::write(dir.join("hashes.json"), format!("[{}]", hashes.join(","))).expect("written");
    let articles = corpus::bodies().len();
    std::fs::write(dir.join("articles.json"), articles.to_string()).expect("written");
}
