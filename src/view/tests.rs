use super::*;
use crate::bundle::from_json;
use crate::state::{update, Load, LoadFailure, Msg, Route, State};

const BUNDLE_URL: &str = "https://h.example.cn/bundles/sample.json";

/// A bundle around `articles`, with the site `site` (a JSON object).
fn bundle_json(site: &str, articles: &str) -> String {
    format!(
        r#"{{"format": "article-bundle", "version": 1, "site": {site},
            "channels": [{{"id": "focus", "name": "焦点图"}}, {{"id": "news", "name": "要闻"}}],
            "articles": [{articles}]}}"#
    )
}

const SITE_WITH_APP: &str = r#"{"name": "投资山西", "url": "https://invest.example.cn/",
    "app": {"name": "山西日报", "url": "https://app.example.cn/"}}"#;
const SITE_WITHOUT_APP: &str = r#"{"name": "投资山西", "url": "https://invest.example.cn/"}"#;

const FULL_ARTICLE: &str = r#"{
    "id": "jin-shaan", "channel": "focus", "title": "山西党政代表团赴陕西学习考察",
    "published": "2023-07-22T12:00:00+08:00",
    "source": "山西日报", "author": "杨文俊", "editor": "赵彦",
    "lead": {"src": "media/lead.svg", "alt": "座谈会", "caption": "座谈会在西安市举行。"},
    "body": "第一段。\n\n第二段。",
    "byline": "(杨文俊)"
}"#;

/// A minimal article `id` in `channel`, published at `published`.
fn minimal_article(id: &str, channel: &str, title: &str, published: &str) -> String {
    format!(
        r#"{{"id": "{id}", "channel": "{channel}", "title": "{title}", "published": "{published}", "body": "正文"}}"#
    )
}

#[track_caller]
fn state_for(json: &str, route: Route) -> State {
    let mut state = State {
        bundle_url: Some(BUNDLE_URL.to_owned()),
        ..State::default()
    };
    let loaded = from_json(json).map_err(|error| LoadFailure::Bundle {
        url: BUNDLE_URL.to_owned(),
        error,
    });
    update(&mut state, Msg::Load(loaded));
    update(&mut state, Msg::Navigate(route));
    assert!(
        matches!(state.load, Load::Ready { .. }),
        "the fixture bundle loads: {:?}",
        state.load
    );
    state
}

fn page_html(state: &State) -> String {
    to_html(&page(state))
}

/// The first element that has this tag and, when given, this class.
#[track_caller]
fn find<'n>(node: &'n Node, tag: &str, class: Option<&str>) -> &'n Element {
    node.descendants()
        .into_iter()
        .find(|element| {
            element.tag() == tag && class.is_none_or(|class| element.attr("class") == Some(class))
        })
        .unwrap_or_else(|| panic!("no <{tag} class={class:?}> in {}", to_html(node)))
}

/// Where each of `texts` first appears in the page's HTML; the page must have them all.
#[track_caller]
fn positions(html: &str, texts: &[&str]) -> Vec<usize> {
    texts
        .iter()
        .map(|text| {
            html.find(text)
                .unwrap_or_else(|| panic!("{text:?} is not in {html}"))
        })
        .collect()
}

#[track_caller]
fn assert_in_order(html: &str, texts: &[&str]) {
    let found = positions(html, texts);
    let mut sorted = found.clone();
    sorted.sort_unstable();
    assert_eq!(found, sorted, "{texts:?} are out of order in {html}");
}

fn article_page(state: &State) -> Node {
    let page = page(state);
    Node::Element(find(&page, "article", Some("article")).clone())
}

#[test]
fn article_page_has_a_breadcrumb_to_the_site_and_the_channel() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let article = article_page(&state);
    let nav = Node::Element(find(&article, "nav", Some("breadcrumb")).clone());
    assert_eq!(
        to_html(&nav),
        concat!(
            r#"<nav class="breadcrumb" aria-label="当前位置"><ol>"#,
            r#"<li><a href="https://invest.example.cn/">投资山西</a></li>"#,
            r##"<li><a href="#/channel/focus">焦点图</a></li>"##,
            "</ol></nav>"
        )
    );
}

#[test]
fn article_page_has_the_title_as_its_heading() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let article = article_page(&state);
    let heading = Node::Element(find(&article, "h1", None).clone());
    assert_eq!(
        to_html(&heading),
        r#"<h1 id="av-heading" tabindex="-1">山西党政代表团赴陕西学习考察</h1>"#
    );
}

#[test]
fn meta_line_shows_every_field_given() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let article = article_page(&state);
    let meta = Node::Element(find(&article, "p", Some("meta")).clone());
    let separator = r#"<span class="sep" aria-hidden="true"> | </span>"#;
    assert_eq!(
        to_html(&meta),
        format!(
            concat!(
                r#"<p class="meta">"#,
                r#"<span class="meta-item">发布时间：<time datetime="2023-07-22T12:00:00+08:00">2023-07-22 12:00:00</time></span>"#,
                r#"{sep}<span class="meta-item">来源：山西日报</span>"#,
                r#"{sep}<span class="meta-item">作者：杨文俊</span>"#,
                r#"{sep}<span class="meta-item">责任编辑：赵彦</span>"#,
                "</p>"
            ),
            sep = separator
        )
    );
    assert_eq!(
        meta.text_content(),
        "发布时间：2023-07-22 12:00:00 | 来源：山西日报 | 作者：杨文俊 | 责任编辑：赵彦"
    );
}

#[test]
fn meta_line_leaves_out_missing_fields() {
    let only_author = r#"{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00",
        "author": "杨文俊", "body": ""}"#;
    let state = state_for(&bundle_json(SITE_WITH_APP, only_author), Route::Home);
    let meta = article_page(&state)
        .descendants()
        .into_iter()
        .find(|e| e.attr("class") == Some("meta"))
        .cloned();
    let meta = Node::Element(meta.expect("the article has a meta line"));
    assert_eq!(
        meta.text_content(),
        "发布时间：2023-07-22 12:00:00 | 作者：杨文俊"
    );

    let state = state_for(
        &bundle_json(
            SITE_WITH_APP,
            &minimal_article("a1", "focus", "标题", "2023-07-22T12:00:00+08:00"),
        ),
        Route::Home,
    );
    let meta = Node::Element(find(&article_page(&state), "p", Some("meta")).clone());
    assert_eq!(meta.text_content(), "发布时间：2023-07-22 12:00:00");
    let html = to_html(&meta);
    assert!(
        !html.contains("来源")
            && !html.contains("作者")
            && !html.contains("责任编辑")
            && !html.contains("sep"),
        "{html}"
    );
}

#[test]
fn lead_photo_resolves_against_the_bundle_url_and_shows_its_caption() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let figure = Node::Element(find(&article_page(&state), "figure", Some("lead")).clone());
    assert_eq!(
        to_html(&figure),
        concat!(
            r#"<figure class="lead">"#,
            r#"<img src="https://h.example.cn/bundles/media/lead.svg" alt="座谈会" decoding="async">"#,
            "<figcaption>座谈会在西安市举行。</figcaption>",
            "</figure>"
        )
    );
}

#[test]
fn lead_photo_without_caption_has_no_figcaption() {
    let article = r#"{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00",
        "lead": {"src": "https://img.example.cn/a.jpg"}, "body": ""}"#;
    let state = state_for(&bundle_json(SITE_WITH_APP, article), Route::Home);
    let figure = Node::Element(find(&article_page(&state), "figure", Some("lead")).clone());
    assert_eq!(
        to_html(&figure),
        r#"<figure class="lead"><img src="https://img.example.cn/a.jpg" alt="" decoding="async"></figure>"#
    );
}

#[test]
fn article_without_lead_has_no_figure() {
    let state = state_for(
        &bundle_json(
            SITE_WITH_APP,
            &minimal_article("a1", "focus", "标题", "2023-07-22T12:00:00+08:00"),
        ),
        Route::Home,
    );
    assert!(!page_html(&state).contains("<figure"));
}

#[test]
fn body_and_byline_follow_the_lead() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let article = article_page(&state);
    let body = Node::Element(find(&article, "div", Some("article-body")).clone());
    assert_eq!(
        to_html(&body),
        r#"<div class="article-body"><p>第一段。</p><p>第二段。</p></div>"#
    );
    let byline = Node::Element(find(&article, "p", Some("byline")).clone());
    assert_eq!(to_html(&byline), r#"<p class="byline">(杨文俊)</p>"#);
}

#[test]
fn article_without_byline_has_none() {
    let state = state_for(
        &bundle_json(
            SITE_WITH_APP,
            &minimal_article("a1", "focus", "标题", "2023-07-22T12:00:00+08:00"),
        ),
        Route::Home,
    );
    assert!(!page_html(&state).contains("byline"));
}

#[test]
fn article_page_has_three_actions_when_the_site_has_an_app() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let footer =
        Node::Element(find(&article_page(&state), "footer", Some("article-actions")).clone());
    assert_eq!(
        to_html(&footer),
        concat!(
            r#"<footer class="article-actions">"#,
            r#"<button type="button" class="action" data-action="open-in-app" disabled="">客户端中查看</button>"#,
            r#"<button type="button" class="action" data-action="read-on-phone" disabled="">手机中查看</button>"#,
            r#"<button type="button" class="action" data-action="share" disabled="">分享</button>"#,
            "</footer>"
        )
    );
}

#[test]
fn open_in_app_is_left_out_when_the_site_has_no_app() {
    let state = state_for(&bundle_json(SITE_WITHOUT_APP, FULL_ARTICLE), Route::Home);
    let footer =
        Node::Element(find(&article_page(&state), "footer", Some("article-actions")).clone());
    assert_eq!(footer.text_content(), "手机中查看分享");
    assert!(!to_html(&footer).contains("open-in-app"));
}

#[test]
fn article_page_parts_come_in_the_portal_order() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let article = article_page(&state);
    let elements = article.descendants();
    let position = |tag: &str, class: Option<&str>| {
        elements
            .iter()
            .position(|element| {
                element.tag() == tag
                    && class.is_none_or(|class| element.attr("class") == Some(class))
            })
            .unwrap_or_else(|| panic!("no <{tag} class={class:?}>"))
    };
    let order = [
        position("nav", Some("breadcrumb")),
        position("h1", None),
        position("p", Some("meta")),
        position("figure", Some("lead")),
        position("figcaption", None),
        position("div", Some("article-body")),
        position("p", Some("byline")),
        position("footer", Some("article-actions")),
    ];
    let mut sorted = order;
    sorted.sort_unstable();
    assert_eq!(order, sorted);
    assert_eq!(elements[0].tag(), "article");
    assert_eq!(elements[0].attr("aria-labelledby"), Some(HEADING_ID));

    assert_in_order(
        &to_html(&article),
        &[
            "投资山西",
            "焦点图",
            "山西党政代表团",
            "2023-07-22 12:00:00",
            "山西日报",
            "杨文俊",
            "赵彦",
            "座谈会在西安市举行。",
            "第一段。",
            "第二段。",
            "(杨文俊)",
            "客户端中查看",
            "手机中查看",
            "分享",
        ],
    );
}

#[test]
fn page_has_a_masthead_before_the_article() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let html = page_html(&state);
    assert!(html.starts_with(r##"<div class="viewer"><header class="masthead"><a class="site-name" href="#/">投资山西</a></header><article "##), "{html}");
}

// Escaping.

#[test]
fn to_html_escapes_text() {
    let node: Node = Element::new("p").with_text("a < b && c > \"d\" 'e'").into();
    assert_eq!(
        to_html(&node),
        "<p>a &lt; b &amp;&amp; c &gt; \"d\" 'e'</p>"
    );
}

#[test]
fn to_html_escapes_attribute_values() {
    let node: Node = Element::new("a")
        .with_attr("title", "\"><script>alert(1)</script>&")
        .with_text("x")
        .into();
    assert_eq!(
        to_html(&node),
        "<a title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;\">x</a>"
    );
}

#[test]
fn to_html_prints_void_elements_without_end_tags() {
    let node: Node = Element::new("p")
        .with_child(Element::new("br"))
        .with_child(Element::new("img").with_attr("src", "a.png"))
        .with_child(Element::new("hr"))
        .into();
    assert_eq!(to_html(&node), r#"<p><br><img src="a.png"><hr></p>"#);
}

#[test]
fn hostile_title_appears_only_escaped() {
    let article = r#"{"id": "a1", "channel": "focus", "title": "</h1><script>alert(1)</script>",
        "published": "2023-07-22T12:00:00+08:00", "source": "\"><img src=x onerror=alert(1)>", "body": ""}"#;
    let state = state_for(&bundle_json(SITE_WITH_APP, article), Route::Home);
    let html = page_html(&state);
    assert!(html.contains(r#"<h1 id="av-heading" tabindex="-1">&lt;/h1&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>"#), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert_eq!(html.matches("</h1>").count(), 1);
    assert_eq!(
        document_title(&state),
        "</h1><script>alert(1)</script> - 投资山西"
    );
}

// Routes and load states.

#[test]
fn home_shows_the_first_article() {
    let articles = format!(
        "{}, {}",
        minimal_article("first", "news", "第一篇", "2023-07-20T12:00:00+08:00"),
        minimal_article("second", "focus", "第二篇", "2023-07-22T12:00:00+08:00")
    );
    let state = state_for(&bundle_json(SITE_WITH_APP, &articles), Route::Home);
    let heading = find(&page(&state), "h1", None).clone();
    assert_eq!(Node::Element(heading).text_content(), "第一篇");
    assert_eq!(document_title(&state), "第一篇 - 投资山西");
}

#[test]
fn article_route_shows_that_article() {
    let articles = format!(
        "{}, {}",
        minimal_article("first", "news", "第一篇", "2023-07-20T12:00:00+08:00"),
        minimal_article("second", "focus", "第二篇", "2023-07-22T12:00:00+08:00")
    );
    let state = state_for(
        &bundle_json(SITE_WITH_APP, &articles),
        Route::Article("second".to_owned()),
    );
    let html = page_html(&state);
    assert!(
        html.contains(r#"<h1 id="av-heading" tabindex="-1">第二篇</h1>"#),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="#/channel/focus">焦点图</a>"##),
        "{html}"
    );
    assert!(!html.contains("第一篇"), "{html}");
}

#[test]
fn unknown_article_route_says_not_found() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        Route::Article("no-such".to_owned()),
    );
    let html = page_html(&state);
    assert!(
        html.contains(concat!(
            r#"<section class="not-found"><h1 id="av-heading" tabindex="-1">找不到页面</h1>"#,
            "<p>找不到文章“no-such”。</p>",
            r##"<p><a href="#/">返回首页</a></p></section>"##
        )),
        "{html}"
    );
    assert_eq!(document_title(&state), "投资山西");
}

#[test]
fn unknown_channel_route_says_not_found() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        Route::Channel("sports".to_owned()),
    );
    assert!(page_html(&state).contains("<p>找不到栏目“sports”。</p>"));
}

#[test]
fn not_found_shortens_a_long_route_and_escapes_it() {
    let id = format!("<b>{}", "长".repeat(100));
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        Route::Article(id),
    );
    let html = page_html(&state);
    assert!(
        html.contains(&format!(
            "<p>找不到文章“&lt;b&gt;{}…”。</p>",
            "长".repeat(77)
        )),
        "{html}"
    );
}

#[test]
fn channel_route_lists_its_articles_newest_first() {
    let articles = [
        minimal_article("old", "focus", "旧闻", "2023-07-20T12:00:00+08:00"),
        minimal_article("other", "news", "别的栏目", "2023-07-23T12:00:00+08:00"),
        minimal_article("new", "focus", "新闻", "2023-07-22T09:00:00+08:00"),
        // Earlier in UTC than `new` although its local time reads later.
        minimal_article("tokyo", "focus", "东京", "2023-07-22T10:30:00+10:00"),
    ]
    .join(", ");
    let state = state_for(
        &bundle_json(SITE_WITH_APP, &articles),
        Route::Channel("focus".to_owned()),
    );
    let page = page(&state);
    let section = Node::Element(find(&page, "section", Some("channel")).clone());
    let list = Node::Element(find(&section, "ul", Some("article-list")).clone());
    assert_eq!(
        to_html(&list),
        concat!(
            r#"<ul class="article-list">"#,
            r##"<li><a href="#/article/new">新闻</a><time datetime="2023-07-22T09:00:00+08:00">2023-07-22</time></li>"##,
            r##"<li><a href="#/article/tokyo">东京</a><time datetime="2023-07-22T10:30:00+10:00">2023-07-22</time></li>"##,
            r##"<li><a href="#/article/old">旧闻</a><time datetime="2023-07-20T12:00:00+08:00">2023-07-20</time></li>"##,
            "</ul>"
        )
    );
    let heading = Node::Element(find(&section, "h1", None).clone());
    assert_eq!(heading.text_content(), "焦点图");
    let html = to_html(&section);
    assert!(
        html.contains(r##"<a href="#/channel/focus" aria-current="page">焦点图</a>"##),
        "{html}"
    );
    assert_eq!(document_title(&state), "焦点图 - 投资山西");
}

#[test]
fn bundle_without_articles_says_so() {
    let state = state_for(&bundle_json(SITE_WITH_APP, ""), Route::Home);
    assert!(page_html(&state).contains(
        r#"<section class="not-found"><h1 id="av-heading" tabindex="-1">暂无文章</h1></section>"#
    ));
    assert_eq!(document_title(&state), "投资山西");
}

#[test]
fn loading_shows_a_status() {
    let state = State::default();
    assert_eq!(
        page_html(&state),
        r#"<p class="status" role="status">正在加载文章…</p>"#
    );
    assert_eq!(document_title(&state), "正在加载…");
}

#[test]
fn failed_load_shows_an_alert_with_the_reason() {
    let mut state = State::default();
    let failure = LoadFailure::Fetch {
        url: "bundles/missing.json".to_owned(),
        reason: "HTTP 404 Not Found".to_owned(),
    };
    update(&mut state, Msg::Load(Err(failure)));
    assert_eq!(
        page_html(&state),
        concat!(
            r#"<section class="error-panel" role="alert"><h1 id="av-heading" tabindex="-1">无法显示文章</h1>"#,
            "<p>无法获取文章包。</p>",
            r#"<p class="error-detail"><code>HTTP 404 Not Found</code></p>"#,
            r#"<p class="error-source">文章包地址：<code>bundles/missing.json</code></p></section>"#
        )
    );
    assert_eq!(document_title(&state), "无法显示文章");
}

#[test]
fn bad_bundle_shows_an_alert_with_the_json_path() {
    let mut state = State::default();
    let loaded = from_json(r#"{"format": "article-bundle", "version": 2}"#).map_err(|error| {
        LoadFailure::Bundle {
            url: "<b>.json".to_owned(),
            error,
        }
    });
    update(&mut state, Msg::Load(loaded));
    let html = page_html(&state);
    assert!(html.contains(r#"role="alert""#), "{html}");
    assert!(
        html.contains("<code>version: this viewer reads version 1 bundles, found 2</code>"),
        "{html}"
    );
    assert!(html.contains("<code>&lt;b&gt;.json</code>"), "{html}");
}

#[test]
fn diagnostics_show_as_notices_naming_the_skipped_article() {
    let articles = format!(
        "{}, {}",
        FULL_ARTICLE,
        r#"{"id": "broken", "channel": "focus", "title": "", "published": "2023-07-22T12:00:00+08:00", "body": ""}"#
    );
    let state = state_for(&bundle_json(SITE_WITH_APP, &articles), Route::Home);
    let page = page(&state);
    let notices = Node::Element(find(&page, "details", Some("notices")).clone());
    assert_eq!(
        to_html(&notices),
        concat!(
            r#"<details class="notices" role="note"><summary>1 篇文章因数据有误未显示</summary><ul>"#,
            r#"<li>article "broken" skipped: articles[1].title: expected a non-empty string, found ""</li>"#,
            "</ul></details>"
        )
    );
    assert_in_order(&to_html(&page), &["masthead", "notices", "<article"]);
}

#[test]
fn ignored_fields_alone_get_a_count_summary() {
    let article = r#"{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00",
        "source": 1, "url": "invest", "body": ""}"#;
    let state = state_for(&bundle_json(SITE_WITH_APP, article), Route::Home);
    let page = page(&state);
    let summary = Node::Element(find(&page, "summary", None).clone());
    assert_eq!(summary.text_content(), "文章包中有 2 处数据被忽略");
}

#[test]
fn bundle_without_diagnostics_has_no_notices() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    assert!(!page_html(&state).contains("notices"));
}

#[test]
fn article_view_without_bundle_url_keeps_relative_lead_src() {
    let (bundle, _) =
        from_json(&bundle_json(SITE_WITH_APP, FULL_ARTICLE)).expect("the fixture parses");
    let article = &bundle.articles()[0];
    let html = to_html(&article_view(article, &bundle, None));
    assert!(
        html.contains(r#"<img src="media/lead.svg" alt="座谈会" decoding="async">"#),
        "{html}"
    );
}

#[test]
fn descendants_are_in_document_order() {
    let node: Node = Element::new("div")
        .with_child(Element::new("p").with_child(Element::new("em")))
        .with_text("text")
        .with_child(Element::new("hr"))
        .into();
    let tags: Vec<&str> = node
        .descendants()
        .iter()
        .map(|element| element.tag())
        .collect();
    assert_eq!(tags, ["div", "p", "em", "hr"]);
    assert_eq!(
        Node::Text("x".to_owned()).descendants(),
        Vec::<&Element>::new()
    );
}
