//! The public path, natively: bundle text → articles → HTML.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::path::Path;

use article_viewer::bundle::from_json;
use article_viewer::node::{to_html, Node};
use article_viewer::route::Route;
use article_viewer::state::{update, Load, Msg, State};
use article_viewer::view::page;

const BUNDLE_URL: &str = "https://h.example.cn/bundles/sample.json";

/// The viewer showing `json` at `route`.
#[track_caller]
fn state_for(json: &str, route: Route) -> State {
    let (bundle, diagnostics) = match from_json(json) {
        Ok(parsed) => parsed,
        Err(error) => panic!("the bundle should parse: {error}"),
    };
    let mut state = State {
        bundle_url: Some(BUNDLE_URL.to_owned()),
        ..State::default()
    };
    update(&mut state, Msg::Load(Ok((bundle, diagnostics))));
    update(&mut state, Msg::Navigate(route));
    state
}

/// The parts of the portal's article page, as a reader copies it from the browser.
#[derive(Debug)]
struct SeedPage {
    site_name: String,
    channel_name: String,
    title: String,
    published: String,
    source: String,
    author: String,
    editor: String,
    caption: String,
    paragraphs: Vec<String>,
    byline: String,
}

/// Widget lines at the foot of the copied page; they are the viewer's buttons, not article text.
const WIDGET_LINES: [&str; 4] = ["客户端中查看", "手机中查看", "分享", "x"];

fn parse_seed_page(text: &str) -> SeedPage {
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    while lines.last().is_some_and(|line| WIDGET_LINES.contains(line)) {
        lines.pop();
    }
    let [breadcrumb, title, meta, caption, paragraphs @ ..] = lines.as_slice() else {
        panic!("the seed page has a breadcrumb, title, meta line, caption and body: {lines:?}");
    };

    let crumbs: Vec<&str> = breadcrumb
        .split('>')
        .map(str::trim)
        .filter(|crumb| !crumb.is_empty())
        .collect();
    let [site_name, channel_name] = crumbs.as_slice() else {
        panic!("the breadcrumb names a site and a channel: {breadcrumb:?}");
    };

    let meta_field = |label: &str| -> String {
        meta.split(" | ")
            .find_map(|item| {
                let (name, value) = item.split_once([':', '：'])?;
                (name.trim() == label).then(|| value.trim().to_owned())
            })
            .unwrap_or_else(|| panic!("the meta line has {label}: {meta:?}"))
    };

    let mut paragraphs: Vec<String> = paragraphs
        .iter()
        .map(|paragraph| (*paragraph).to_owned())
        .collect();
    let last = paragraphs.last_mut().expect("the body has paragraphs");
    let byline_start = last
        .rfind(['(', '（'])
        .expect("the last paragraph ends with a byline");
    let byline = last.split_off(byline_start);
    assert!(
        byline.ends_with([')', '）']),
        "the byline is in parentheses: {byline:?}"
    );

    SeedPage {
        site_name: (*site_name).to_owned(),
        channel_name: (*channel_name).to_owned(),
        title: (*title).to_owned(),
        published: meta_field("发布时间"),
        source: meta_field("来源"),
        author: meta_field("作者"),
        editor: meta_field("责任编辑"),
        caption: (*caption).to_owned(),
        paragraphs,
        byline,
    }
}

/// `2023-07-22 12:00:00`, Beijing time, as RFC 3339.
fn beijing_rfc3339(published: &str) -> String {
    format!("{}+08:00", published.replacen(' ', "T", 1))
}

#[test]
fn seed_page_renders_every_field() {
    let seed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/article-page.txt");
    // The seed is the product's reference page: without it this test would check nothing, so it fails.
    let seed_text = std::fs::read_to_string(&seed_path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (the seed page lies beside the repository, in shared/)",
            seed_path.display()
        )
    });
    let seed = parse_seed_page(&seed_text);

    let json = serde_json::json!({
        "format": "article-bundle",
        "version": 1,
        "site": {
            "name": seed.site_name,
            "url": "https://invest.example.cn/",
            "app": {"name": "山西日报", "url": "https://app.example.cn/"}
        },
        "channels": [{"id": "focus", "name": seed.channel_name}],
        "articles": [{
            "id": "jin-shaan-2023",
            "channel": "focus",
            "title": seed.title,
            "published": beijing_rfc3339(&seed.published),
            "source": seed.source,
            "author": seed.author,
            "editor": seed.editor,
            "lead": {"src": "media/lead.svg", "alt": "", "caption": seed.caption},
            "body": seed.paragraphs.join("\n\n"),
            "byline": seed.byline
        }]
    });
    let state = state_for(
        &json.to_string(),
        Route::Article("jin-shaan-2023".to_owned()),
    );
    let Load::Ready { diagnostics, .. } = &state.load else {
        panic!("the bundle is ready: {:?}", state.load);
    };
    assert_eq!(diagnostics, &[]);
    let page = page(&state);
    let article = page
        .descendants()
        .into_iter()
        .find(|element| element.tag() == "article")
        .cloned()
        .expect("the page shows the article");
    let html = to_html(&Node::Element(article));

    assert_eq!(seed.published, "2023-07-22 12:00:00");
    let expected_parts = [
        format!(r##"<a href="#/">{}</a>"##, seed.site_name),
        format!(r##"<a href="#/channel/focus">{}</a>"##, seed.channel_name),
        format!(
            r#"<h1 id="av-heading" part="title" tabindex="-1">{}</h1>"#,
            seed.title
        ),
        format!(
            r#"<time datetime="2023-07-22T12:00:00+08:00">{}</time>"#,
            seed.published
        ),
        format!("来源：{}", seed.source),
        format!("作者：{}", seed.author),
        format!("责任编辑：{}", seed.editor),
        format!("<figcaption>{}</figcaption>", seed.caption),
    ]
    .into_iter()
    .chain(
        seed.paragraphs
            .iter()
            .map(|paragraph| format!("<p>{paragraph}</p>")),
    )
    .chain([
        format!(r#"<p class="byline">{}</p>"#, seed.byline),
        "客户端中查看".to_owned(),
        "手机中查看".to_owned(),
        "分享".to_owned(),
    ]);
    let mut previous_end = 0;
    for part in expected_parts {
        let found = html[previous_end..].find(&part).map(|at| previous_end + at);
        let at = found.unwrap_or_else(|| panic!("{part:?} is missing or out of order in {html}"));
        previous_end = at + part.len();
    }
    assert_eq!(seed.byline, "(杨文俊)");
    assert!(seed.paragraphs.len() >= 2, "{seed:?}");
    assert!(!seed
        .paragraphs
        .iter()
        .any(|paragraph| WIDGET_LINES.contains(&paragraph.as_str())));
}

#[test]
fn seed_page_lines_split_into_fields() {
    let text = "投资山西 > 焦点图 >\n\n标题\n\n发布时间：2023-07-22 12:00:00 | 来源:山西日报 | 作者:杨文俊 | 责任编辑：赵彦\n\n\
                图片说明\n\n第一段。\n\n第二段。(杨文俊)\n\n客户端中查看\n\n手机中查看\n\n分享\n\nx";
    let seed = parse_seed_page(text);
    assert_eq!(
        (seed.site_name.as_str(), seed.channel_name.as_str()),
        ("投资山西", "焦点图")
    );
    assert_eq!(seed.title, "标题");
    assert_eq!(
        beijing_rfc3339(&seed.published),
        "2023-07-22T12:00:00+08:00"
    );
    assert_eq!(
        (
            seed.source.as_str(),
            seed.author.as_str(),
            seed.editor.as_str()
        ),
        ("山西日报", "杨文俊", "赵彦")
    );
    assert_eq!(seed.caption, "图片说明");
    assert_eq!(seed.paragraphs, ["第一段。", "第二段。"]);
    assert_eq!(seed.byline, "(杨文俊)");
}

const SAMPLE_BUNDLE: &str = include_str!("../www/bundles/sample.json");

#[test]
fn sample_bundle_parses_without_diagnostics() {
    let (bundle, diagnostics) = match from_json(SAMPLE_BUNDLE) {
        Ok(parsed) => parsed,
        Err(error) => panic!("www/bundles/sample.json should parse: {error}"),
    };
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages, Vec::<String>::new());
    assert!(
        bundle.articles().len() >= 3,
        "{} articles",
        bundle.articles().len()
    );
    let channels: HashSet<&str> = bundle
        .articles()
        .iter()
        .map(|article| article.channel())
        .collect();
    assert!(channels.len() >= 2, "articles in {channels:?}");
}

#[test]
fn every_sample_article_and_channel_renders() {
    let (bundle, _) = from_json(SAMPLE_BUNDLE).expect("www/bundles/sample.json parses");
    let routes = bundle
        .articles()
        .iter()
        .map(|article| Route::Article(article.id().to_owned()))
        .chain([Route::Home])
        .chain(
            bundle
                .channels()
                .iter()
                .map(|channel| Route::Channel(channel.id().to_owned())),
        );
    for route in routes {
        let state = state_for(SAMPLE_BUNDLE, route.clone());
        let page = page(&state);
        let html = to_html(&page);
        assert!(!html.contains("找不到"), "{route:?} is not found: {html}");
        assert!(!html.contains("<script"), "{route:?}: {html}");
        let n_headings = page
            .descendants()
            .iter()
            .filter(|element| element.tag() == "h1")
            .count();
        assert_eq!(n_headings, 1, "{route:?}: {html}");
    }
}

#[test]
fn home_page_shows_the_first_sample_channel_newest_first() {
    let (bundle, _) = from_json(SAMPLE_BUNDLE).expect("www/bundles/sample.json parses");
    let first = bundle.channels().first().expect("the sample has channels");
    let state = state_for(SAMPLE_BUNDLE, Route::Home);
    let page = page(&state);
    let elements = page.descendants();
    let heading = elements
        .iter()
        .find(|element| element.tag() == "h1")
        .map(|heading| Node::Element((*heading).clone()))
        .expect("the page has a heading");
    assert_eq!(heading.text_content(), first.name());
    let selected: Vec<&str> = elements
        .iter()
        .filter(|element| element.attr("aria-selected") == Some("true"))
        .filter_map(|tab| tab.attr("href"))
        .collect();
    assert_eq!(selected, [format!("#/channel/{}", first.id())]);

    let mut expected: Vec<_> = bundle
        .articles()
        .iter()
        .filter(|article| article.channel() == first.id())
        .collect();
    expected.sort_by_key(|article| std::cmp::Reverse(article.published().unix_seconds()));
    let expected: Vec<String> = expected
        .iter()
        .map(|article| format!("#/article/{}", article.id()))
        .collect();
    let listed: Vec<&str> = elements
        .iter()
        .filter(|element| element.attr("class") == Some("article-link"))
        .filter_map(|link| link.attr("href"))
        .collect();
    assert!(expected.len() >= 2, "{expected:?}");
    assert_eq!(listed, expected);
    assert_eq!(
        article_viewer::view::document_title(&state),
        format!("{} — {}", first.name(), bundle.site().name())
    );
}
