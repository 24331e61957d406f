use super::*;
use crate::bundle::from_json;
use crate::fetch::FetchError;
use crate::node::test_support::{all_tagged, all_with, subtree, the_one_with};
use crate::node::to_html;
use crate::route::Route;
use crate::state::test_support::Tab;
use crate::state::{update, FontSize, Load, LoadFailure, Msg, Prefs, State, Theme, LIST_PAGE};

const BUNDLE_URL: &str = "https://h.example.cn/bundles/sample.json";

/// A bundle around `articles`, with the site `site` (a JSON object) and two channels, `focus` and `news`.
fn bundle_json(site: &str, articles: &str) -> String {
    bundle_with_channels(
        site,
        r#"[{"id": "focus", "name": "焦点图"}, {"id": "news", "name": "要闻"}]"#,
        articles,
    )
}

/// A bundle with the site `site`, the `channels` array and the `articles` array items.
fn bundle_with_channels(site: &str, channels: &str, articles: &str) -> String {
    format!(
        r#"{{"format": "article-bundle", "version": 1, "site": {site},
            "channels": {channels},
            "articles": [{articles}]}}"#
    )
}

const SITE_WITH_APP: &str = r#"{"name": "投资山西", "url": "https://invest.example.cn/",
    "app": {"name": "山西日报", "url": "https://app.example.cn/"}}"#;
const SITE_WITHOUT_APP: &str = r#"{"name": "投资山西", "url": "https://invest.example.cn/"}"#;

/// Three channels, for the tab list.
const THREE_CHANNELS: &str = r#"[{"id": "focus", "name": "焦点图"}, {"id": "news", "name": "要闻"},
    {"id": "economy", "name": "经济动态"}]"#;

const FULL_ARTICLE: &str = r#"{
    "id": "jin-shaan", "channel": "focus", "title": "山西党政代表团赴陕西学习考察",
    "published": "2023-07-22T12:00:00+08:00",
    "source": "山西日报", "author": "杨文俊", "editor": "赵彦",
    "lead": {"src": "media/lead.svg", "alt": "座谈会", "caption": "座谈会在西安市举行。"},
    "body": "第一段。\n\n第二段。",
    "byline": "(杨文俊)"
}"#;

/// The route of [`FULL_ARTICLE`].
fn full_article_route() -> Route {
    Route::Article("jin-shaan".to_owned())
}

/// A minimal article `id` in `channel`, published at `published`.
fn minimal_article(id: &str, channel: &str, title: &str, published: &str) -> String {
    format!(
        r#"{{"id": "{id}", "channel": "{channel}", "title": "{title}", "published": "{published}", "body": "正文"}}"#
    )
}

#[track_caller]
fn state_for(json: &str, route: Route) -> State {
    tab_for(json, route).state
}

/// The viewer with `json` loaded at `route`, and its search engine, which answers at once.
#[track_caller]
fn tab_for(json: &str, route: Route) -> Tab {
    let mut tab = Tab::of(State {
        bundle_url: Some(BUNDLE_URL.to_owned()),
        ..State::default()
    });
    let loaded = from_json(json).map_err(|error| LoadFailure::Bundle {
        url: BUNDLE_URL.to_owned(),
        error,
    });
    tab.send(Msg::Load(loaded));
    tab.send(Msg::Navigate(route));
    assert!(
        matches!(tab.state.load, Load::Ready { .. }),
        "the fixture bundle loads: {:?}",
        tab.state.load
    );
    tab
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

/// The children of `<main class="page">`: notices, then the route's view (or the status, or the error panel).
#[track_caller]
fn main_content(state: &State) -> Vec<Node> {
    let page = page(state);
    find(&page, "main", Some("page")).children().to_vec()
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

#[track_caller]
fn article_page(state: &State) -> Node {
    let page = page(state);
    subtree(find(&page, "article", Some("article")))
}

// The article page.

#[test]
fn article_page_has_a_breadcrumb_to_the_home_view_and_the_channel() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let article = article_page(&state);
    let nav = subtree(find(&article, "nav", Some("breadcrumb")));
    assert_eq!(
        to_html(&nav),
        concat!(
            r#"<nav class="breadcrumb" aria-label="当前位置"><ol>"#,
            r##"<li><a href="#/">投资山西</a></li>"##,
            r##"<li><a href="#/channel/focus">焦点图</a></li>"##,
            "</ol></nav>"
        )
    );
}

#[test]
fn article_page_has_the_title_as_its_heading() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let article = article_page(&state);
    let heading = subtree(find(&article, "h1", None));
    assert_eq!(
        to_html(&heading),
        r#"<h1 id="av-heading" part="title" tabindex="-1">山西党政代表团赴陕西学习考察</h1>"#
    );
}

#[test]
fn meta_line_shows_every_field_given() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let article = article_page(&state);
    let meta = subtree(find(&article, "p", Some("meta")));
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
    let state = state_for(
        &bundle_json(SITE_WITH_APP, only_author),
        Route::Article("a1".to_owned()),
    );
    let meta = subtree(find(&article_page(&state), "p", Some("meta")));
    assert_eq!(
        meta.text_content(),
        "发布时间：2023-07-22 12:00:00 | 作者：杨文俊"
    );

    let state = state_for(
        &bundle_json(
            SITE_WITH_APP,
            &minimal_article("a1", "focus", "标题", "2023-07-22T12:00:00+08:00"),
        ),
        Route::Article("a1".to_owned()),
    );
    let meta = subtree(find(&article_page(&state), "p", Some("meta")));
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
fn a_lead_photo_of_known_size_keeps_its_room() {
    let json = bundle_json(SITE_WITH_APP, FULL_ARTICLE).replace(
        r#""caption": "座谈会在西安市举行。"}"#,
        r#""caption": "座谈会在西安市举行。", "width": 640, "height": 427}"#,
    );
    let (bundle, _) = from_json(&json).expect("the fixture parses");
    let article = &bundle.articles()[0];
    let html = to_html(&article_view(article, &bundle, None));
    assert!(
        html.contains(r#"alt="座谈会" width="640" height="427" decoding="async">"#),
        "{html}"
    );
}

#[test]
fn lead_photo_resolves_against_the_bundle_url_and_shows_its_caption() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let figure = subtree(find(&article_page(&state), "figure", Some("lead")));
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
    let state = state_for(
        &bundle_json(SITE_WITH_APP, article),
        Route::Article("a1".to_owned()),
    );
    let figure = subtree(find(&article_page(&state), "figure", Some("lead")));
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
        Route::Article("a1".to_owned()),
    );
    assert!(!to_html(&article_page(&state)).contains("<figure"));
}

#[test]
fn body_and_byline_follow_the_lead() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let article = article_page(&state);
    let body = subtree(find(&article, "div", Some("article-body")));
    assert_eq!(
        to_html(&body),
        r#"<div class="article-body" part="body"><p>第一段。</p><p>第二段。</p></div>"#
    );
    let byline = subtree(find(&article, "p", Some("byline")));
    assert_eq!(to_html(&byline), r#"<p class="byline">(杨文俊)</p>"#);
}

#[test]
fn article_without_byline_has_none() {
    let state = state_for(
        &bundle_json(
            SITE_WITH_APP,
            &minimal_article("a1", "focus", "标题", "2023-07-22T12:00:00+08:00"),
        ),
        Route::Article("a1".to_owned()),
    );
    assert!(!to_html(&article_page(&state)).contains("byline"));
}

#[test]
fn article_page_has_three_actions_when_the_site_has_an_app() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let footer = subtree(find(
        &article_page(&state),
        "footer",
        Some("article-actions"),
    ));
    assert_eq!(
        to_html(&footer),
        concat!(
            r#"<footer class="article-actions" part="actions">"#,
            r#"<button type="button" class="action" id="av-action-app" data-action="open-share" data-value="app" "#,
            r#"aria-haspopup="dialog">客户端中查看</button>"#,
            r#"<button type="button" class="action" id="av-action-phone" data-action="open-share" "#,
            r#"data-value="phone" aria-haspopup="dialog">手机中查看</button>"#,
            r#"<button type="button" class="action" id="av-action-share" data-action="open-share" "#,
            r#"data-value="share" aria-haspopup="dialog">分享</button>"#,
            "</footer>"
        )
    );
}

#[test]
fn open_in_app_is_left_out_when_the_site_has_no_app() {
    let state = state_for(
        &bundle_json(SITE_WITHOUT_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let footer = subtree(find(
        &article_page(&state),
        "footer",
        Some("article-actions"),
    ));
    assert_eq!(footer.text_content(), "手机中查看分享");
    assert!(all_with(&footer, "data-value", "app").is_empty());
    assert!(all_with(&footer, "id", "av-action-app").is_empty());
}

#[test]
fn article_page_parts_come_in_the_portal_order() {
    let articles = format!(
        "{FULL_ARTICLE}, {}",
        minimal_article("older", "focus", "旧闻", "2023-07-20T12:00:00+08:00")
    );
    let state = state_for(&bundle_json(SITE_WITH_APP, &articles), full_article_route());
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
        position("nav", Some("pager")),
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
            "下一篇",
        ],
    );
}

// The frame around every view.

#[test]
fn page_wraps_the_masthead_and_the_main_content_in_the_viewer() {
    let state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    let page = page(&state);
    let Node::Element(viewer) = &page else {
        panic!("the page is an element: {page:?}");
    };
    assert_eq!(
        (viewer.tag(), viewer.attr("class")),
        ("div", Some("viewer"))
    );
    let parts: Vec<(&str, Option<&str>)> = viewer
        .children()
        .iter()
        .map(|child| match child {
            Node::Element(element) => (element.tag(), element.attr("class")),
            other => panic!("{other:?} directly in the viewer"),
        })
        .collect();
    assert_eq!(
        parts,
        [("header", Some("masthead")), ("main", Some("page"))]
    );
    let masthead = subtree(find(&page, "header", Some("masthead")));
    let site_name = subtree(find(&masthead, "a", Some("site-name")));
    assert_eq!(
        to_html(&site_name),
        r##"<a class="site-name" href="#/">投资山西</a>"##
    );
    let main = main_content(&state);
    assert_eq!(main.len(), 1, "the article alone: {main:?}");
    assert_eq!(main[0], article_page(&state));
}

#[track_caller]
fn check_prefs(state: &mut State, prefs: Prefs) {
    state.prefs = prefs;
    let page = page(state);
    let Node::Element(viewer) = &page else {
        panic!("the page is an element: {page:?}");
    };
    assert_eq!(viewer.attr("data-theme"), Some(prefs.theme.as_str()));
    assert_eq!(
        viewer.attr("data-font-size"),
        Some(prefs.font_size.as_str())
    );

    let masthead = subtree(find(&page, "header", Some("masthead")));
    let groups = all_with(&masthead, "role", "group");
    let labels: Vec<Option<&str>> = groups
        .iter()
        .map(|group| group.attr("aria-label"))
        .collect();
    assert_eq!(labels, [Some("字号"), Some("外观")]);

    let buttons = |group: &Element| -> Vec<(String, String, String, String)> {
        subtree(group)
            .descendants()
            .into_iter()
            .filter(|element| element.tag() == "button")
            .map(|button| {
                assert_eq!(button.attr("type"), Some("button"));
                let attr = |name| button.attr(name).unwrap_or("(none)").to_owned();
                (
                    attr("data-action"),
                    attr("data-value"),
                    attr("aria-pressed"),
                    subtree(button).text_content(),
                )
            })
            .collect()
    };
    let pressed = |chosen: bool| if chosen { "true" } else { "false" }.to_owned();
    let expect_sizes: Vec<_> = [
        (FontSize::Small, "小"),
        (FontSize::Medium, "中"),
        (FontSize::Large, "大"),
    ]
    .into_iter()
    .map(|(size, label)| {
        (
            "font-size".to_owned(),
            size.as_str().to_owned(),
            pressed(size == prefs.font_size),
            label.to_owned(),
        )
    })
    .collect();
    assert_eq!(buttons(groups[0]), expect_sizes, "{prefs:?}");
    let expect_themes: Vec<_> = [
        (Theme::Auto, "自动"),
        (Theme::Light, "浅色"),
        (Theme::Dark, "深色"),
    ]
    .into_iter()
    .map(|(theme, label)| {
        (
            "theme".to_owned(),
            theme.as_str().to_owned(),
            pressed(theme == prefs.theme),
            label.to_owned(),
        )
    })
    .collect();
    assert_eq!(buttons(groups[1]), expect_themes, "{prefs:?}");
}

#[test]
fn masthead_controls_and_the_viewer_reflect_the_prefs() {
    let mut state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    for font_size in FontSize::ALL {
        for theme in Theme::ALL {
            check_prefs(&mut state, Prefs { font_size, theme });
        }
    }
}

#[test]
fn masthead_controls_show_while_loading_and_after_a_failed_load() {
    let mut loading = State::default();
    check_prefs(&mut loading, Prefs::default());
    check_prefs(
        &mut loading,
        Prefs {
            font_size: FontSize::Large,
            theme: Theme::Dark,
        },
    );
    let mut failed = State::default();
    let failure = LoadFailure::Fetch {
        url: "x.json".to_owned(),
        reason: FetchError::Network("offline".to_owned()),
    };
    update(&mut failed, Msg::Load(Err(failure)));
    check_prefs(
        &mut failed,
        Prefs {
            font_size: FontSize::Small,
            theme: Theme::Light,
        },
    );
}

#[test]
fn site_name_appears_in_the_masthead_once_the_bundle_is_loaded_and_keeps_its_place_before() {
    let loading = page(&State::default());
    let stand_in = subtree(the_one_with(&loading, "class", "site-name"));
    assert_eq!(to_html(&stand_in), r#"<span class="site-name"></span>"#);

    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let page = page(&state);
    let site_name = subtree(the_one_with(&page, "class", "site-name"));
    assert_eq!(
        to_html(&site_name),
        r##"<a class="site-name" href="#/">投资山西</a>"##
    );
}

#[test]
fn hostile_title_appears_only_escaped() {
    let article = r#"{"id": "a1", "channel": "focus", "title": "</h1><script>alert(1)</script>",
        "published": "2023-07-22T12:00:00+08:00", "source": "\"><img src=x onerror=alert(1)>", "body": ""}"#;
    for route in [Route::Article("a1".to_owned()), Route::Home] {
        let state = state_for(&bundle_json(SITE_WITH_APP, article), route.clone());
        let html = page_html(&state);
        assert!(!html.contains("<script"), "{route:?}: {html}");
        assert!(!html.contains("<img src=x"), "{route:?}: {html}");
        assert!(
            html.contains("&lt;/h1&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{route:?}: {html}"
        );
        assert_eq!(html.matches("</h1>").count(), 1, "{route:?}: {html}");
    }
    let state = state_for(
        &bundle_json(SITE_WITH_APP, article),
        Route::Article("a1".to_owned()),
    );
    let html = page_html(&state);
    assert!(html.contains(r#"<h1 id="av-heading" part="title" tabindex="-1">&lt;/h1&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>"#), "{html}");
    assert_eq!(
        document_title(&state),
        "</h1><script>alert(1)</script> — 投资山西"
    );
}

// Routes.

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
        html.contains(r#"<h1 id="av-heading" part="title" tabindex="-1">第二篇</h1>"#),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="#/channel/focus">焦点图</a>"##),
        "{html}"
    );
    assert!(!html.contains("第一篇"), "{html}");
    assert!(!html.contains(r#"role="tablist""#), "{html}");
}

#[track_caller]
fn check_not_found(route: Route, expect_message: &str) {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), route.clone());
    let main = main_content(&state);
    let [view] = main.as_slice() else {
        panic!("{route:?} shows one view: {main:?}");
    };
    let section = find(view, "section", Some("not-found"));
    let texts: Vec<String> = section.children().iter().map(Node::text_content).collect();
    assert_eq!(
        texts,
        ["找不到页面", expect_message, "返回首页"],
        "{route:?}"
    );
    let home = subtree(find(view, "a", None));
    assert_eq!(to_html(&home), r##"<a href="#/">返回首页</a>"##);
    assert_eq!(
        to_html(&subtree(find(view, "h1", None))),
        r#"<h1 id="av-heading" part="title" tabindex="-1">找不到页面</h1>"#
    );
    assert_eq!(all_with(view, "role", "tablist"), Vec::<&Element>::new());
    assert_eq!(document_title(&state), "投资山西", "{route:?}");
}

#[test]
fn unknown_article_route_says_not_found_with_a_link_home() {
    check_not_found(
        Route::Article("no-such".to_owned()),
        "找不到文章“no-such”。",
    );
}

#[test]
fn unknown_channel_route_says_not_found_with_a_link_home() {
    check_not_found(Route::Channel("sports".to_owned()), "找不到栏目“sports”。");
}

#[test]
fn routes_name_articles_and_channels_apart() {
    // A channel id is not an article id, and the other way round.
    check_not_found(Route::Article("focus".to_owned()), "找不到文章“focus”。");
    check_not_found(
        Route::Channel("jin-shaan".to_owned()),
        "找不到栏目“jin-shaan”。",
    );
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

// The home view: channel tabs.

/// Each tab: id, href, label, `aria-selected`, `tabindex`, `aria-controls`.
type TabSummary = (String, String, String, String, String, String);

/// Checks that the page at `route` shows the channel tabs of [`THREE_CHANNELS`] with `selected` chosen.
#[track_caller]
fn check_tabs(route: Route, selected: &str) {
    let state = state_for(
        &bundle_with_channels(SITE_WITH_APP, THREE_CHANNELS, FULL_ARTICLE),
        route.clone(),
    );
    let page = page(&state);
    let tablist = subtree(the_one_with(&page, "role", "tablist"));
    let Node::Element(list) = &tablist else {
        unreachable!()
    };
    assert_eq!(list.attr("aria-label"), Some("栏目"));
    assert_eq!(list.attr("data-tablist"), Some("channels"));

    let tabs: Vec<TabSummary> = all_with(&tablist, "role", "tab")
        .into_iter()
        .map(|tab| {
            let attr = |name| tab.attr(name).unwrap_or("(none)").to_owned();
            (
                attr("id"),
                attr("href"),
                subtree(tab).text_content(),
                attr("aria-selected"),
                attr("tabindex"),
                attr("aria-controls"),
            )
        })
        .collect();
    let expect: Vec<TabSummary> = [
        ("focus", "焦点图"),
        ("news", "要闻"),
        ("economy", "经济动态"),
    ]
    .into_iter()
    .map(|(id, label)| {
        let chosen = id == selected;
        (
            format!("av-tab-channels-{id}"),
            format!("#/channel/{id}"),
            label.to_owned(),
            if chosen { "true" } else { "false" }.to_owned(),
            if chosen { "0" } else { "-1" }.to_owned(),
            "av-panel-channels".to_owned(),
        )
    })
    .collect();
    assert_eq!(tabs, expect, "{route:?}");

    let panel = the_one_with(&page, "role", "tabpanel");
    assert_eq!(panel.attr("id"), Some("av-panel-channels"));
    let selected_id = format!("av-tab-channels-{selected}");
    assert_eq!(panel.attr("aria-labelledby"), Some(selected_id.as_str()));

    let headings: Vec<String> = page
        .descendants()
        .into_iter()
        .filter(|element| element.tag() == "h1")
        .map(|heading| subtree(heading).text_content())
        .collect();
    let name = expect
        .iter()
        .find(|tab| tab.3 == "true")
        .map(|tab| tab.2.clone());
    assert_eq!(headings, Vec::from_iter(name.clone()), "{route:?}");
    assert_eq!(
        document_title(&state),
        format!("{} — 投资山西", name.unwrap_or_default())
    );
}

#[test]
fn home_has_one_tab_per_channel_with_the_first_selected() {
    check_tabs(Route::Home, "focus");
}

#[test]
fn channel_route_selects_its_tab() {
    check_tabs(Route::Channel("focus".to_owned()), "focus");
    check_tabs(Route::Channel("news".to_owned()), "news");
    check_tabs(Route::Channel("economy".to_owned()), "economy");
}

#[test]
fn home_shows_the_first_channel_as_its_route_does() {
    let articles = format!(
        "{}, {}",
        minimal_article("first", "news", "第一篇", "2023-07-20T12:00:00+08:00"),
        minimal_article("second", "focus", "第二篇", "2023-07-22T12:00:00+08:00")
    );
    let json = bundle_json(SITE_WITH_APP, &articles);
    let home = state_for(&json, Route::Home);
    let focus = state_for(&json, Route::Channel("focus".to_owned()));
    assert_eq!(page(&home), page(&focus));
    assert_eq!(document_title(&home), "焦点图 — 投资山西");
    let html = page_html(&home);
    assert!(html.contains("第二篇"), "{html}");
    assert!(
        !html.contains("第一篇"),
        "the first article is in another channel: {html}"
    );
}

/// An article in a list: link, title, `<time>` date and `datetime`, source, thumbnail `src`.
#[derive(Debug, PartialEq, Eq)]
struct ListItem {
    href: String,
    title: String,
    date: String,
    datetime: String,
    source: Option<String>,
    thumbnail: Option<String>,
}

fn item(href: &str, title: &str, date: &str, datetime: &str) -> ListItem {
    ListItem {
        href: href.to_owned(),
        title: title.to_owned(),
        date: date.to_owned(),
        datetime: datetime.to_owned(),
        source: None,
        thumbnail: None,
    }
}

/// The articles listed in the tab panel of `state`'s page.
#[track_caller]
fn list_items(state: &State) -> Vec<ListItem> {
    let page = page(state);
    let panel = subtree(the_one_with(&page, "role", "tabpanel"));
    let list = subtree(find(&panel, "ul", Some("article-list")));
    let Node::Element(list_element) = &list else {
        unreachable!()
    };
    list_element
        .children()
        .iter()
        .map(|li| {
            let link = find(li, "a", Some("article-link"));
            let time = find(li, "time", None);
            let thumbnails: Vec<&Element> = li
                .descendants()
                .into_iter()
                .filter(|element| element.tag() == "img")
                .collect();
            let thumbnail = match thumbnails.as_slice() {
                [] => None,
                [img] => {
                    assert_eq!(img.attr("class"), Some("thumbnail"));
                    assert_eq!(img.attr("alt"), Some(""), "the thumbnail is decoration");
                    img.attr("src").map(str::to_owned)
                }
                more => panic!("{} images in {}", more.len(), to_html(li)),
            };
            let sources: Vec<String> = all_with(li, "class", "source")
                .into_iter()
                .map(|source| subtree(source).text_content())
                .collect();
            ListItem {
                href: link.attr("href").unwrap_or_default().to_owned(),
                title: subtree(find(li, "span", Some("article-title"))).text_content(),
                date: subtree(time).text_content(),
                datetime: time.attr("datetime").unwrap_or_default().to_owned(),
                source: match sources.as_slice() {
                    [] => None,
                    [source] => Some(source.clone()),
                    more => panic!("sources {more:?}"),
                },
                thumbnail,
            }
        })
        .collect()
}

#[test]
fn channel_lists_its_articles_newest_first() {
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
    assert_eq!(
        list_items(&state),
        [
            item(
                "#/article/new",
                "新闻",
                "2023-07-22",
                "2023-07-22T09:00:00+08:00"
            ),
            item(
                "#/article/tokyo",
                "东京",
                "2023-07-22",
                "2023-07-22T10:30:00+10:00"
            ),
            item(
                "#/article/old",
                "旧闻",
                "2023-07-20",
                "2023-07-20T12:00:00+08:00"
            ),
        ]
    );
    let news = state_for(
        &bundle_json(SITE_WITH_APP, &articles),
        Route::Channel("news".to_owned()),
    );
    assert_eq!(
        list_items(&news),
        [item(
            "#/article/other",
            "别的栏目",
            "2023-07-23",
            "2023-07-23T12:00:00+08:00"
        )]
    );
}

#[test]
fn articles_published_at_the_same_moment_keep_bundle_order() {
    let articles = [
        minimal_article("b", "focus", "乙", "2023-07-22T12:00:00+08:00"),
        minimal_article("a", "focus", "甲", "2023-07-22T04:00:00Z"),
        minimal_article("c", "focus", "丙", "2023-07-22T12:00:00+08:00"),
    ]
    .join(", ");
    let state = state_for(&bundle_json(SITE_WITH_APP, &articles), Route::Home);
    let hrefs: Vec<String> = list_items(&state)
        .into_iter()
        .map(|item| item.href)
        .collect();
    assert_eq!(hrefs, ["#/article/b", "#/article/a", "#/article/c"]);
}

#[test]
fn list_items_show_the_source_and_a_thumbnail_only_when_given() {
    let articles = [
        FULL_ARTICLE.to_owned(),
        r#"{"id": "abs", "channel": "focus", "title": "绝对地址", "published": "2023-07-21T12:00:00+08:00",
            "lead": {"src": "https://img.example.cn/a.jpg", "alt": "图"}, "body": ""}"#
            .to_owned(),
        r#"{"id": "src-only", "channel": "focus", "title": "只有来源", "published": "2023-07-20T12:00:00+08:00",
            "source": "新华社", "body": ""}"#
            .to_owned(),
        minimal_article("plain", "focus", "什么都没有", "2023-07-19T12:00:00+08:00"),
    ]
    .join(", ");
    let state = state_for(&bundle_json(SITE_WITH_APP, &articles), Route::Home);
    assert_eq!(
        list_items(&state),
        [
            ListItem {
                source: Some("山西日报".to_owned()),
                thumbnail: Some("https://h.example.cn/bundles/media/lead.svg".to_owned()),
                ..item(
                    "#/article/jin-shaan",
                    "山西党政代表团赴陕西学习考察",
                    "2023-07-22",
                    "2023-07-22T12:00:00+08:00"
                )
            },
            ListItem {
                thumbnail: Some("https://img.example.cn/a.jpg".to_owned()),
                ..item(
                    "#/article/abs",
                    "绝对地址",
                    "2023-07-21",
                    "2023-07-21T12:00:00+08:00"
                )
            },
            ListItem {
                source: Some("新华社".to_owned()),
                ..item(
                    "#/article/src-only",
                    "只有来源",
                    "2023-07-20",
                    "2023-07-20T12:00:00+08:00"
                )
            },
            item(
                "#/article/plain",
                "什么都没有",
                "2023-07-19",
                "2023-07-19T12:00:00+08:00"
            ),
        ]
    );
}

#[test]
fn list_item_markup_puts_the_thumbnail_and_title_in_the_link() {
    let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    let page = page(&state);
    let li = subtree(find(&page, "li", Some("article-item")));
    assert_eq!(
        to_html(&li),
        concat!(
            r#"<li class="article-item">"#,
            r##"<a class="article-link" href="#/article/jin-shaan">"##,
            r#"<img class="thumbnail" src="https://h.example.cn/bundles/media/lead.svg" alt="" loading="lazy" decoding="async">"#,
            r#"<span class="article-title">山西党政代表团赴陕西学习考察</span></a>"#,
            r#"<p class="article-item-meta"><time datetime="2023-07-22T12:00:00+08:00">2023-07-22</time>"#,
            r#"<span class="source">山西日报</span></p>"#,
            "</li>"
        )
    );
}

#[test]
fn thumbnails_without_a_bundle_url_keep_their_relative_src() {
    let mut state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), Route::Home);
    state.bundle_url = None;
    let thumbnails: Vec<Option<String>> = list_items(&state)
        .into_iter()
        .map(|item| item.thumbnail)
        .collect();
    assert_eq!(thumbnails, [Some("media/lead.svg".to_owned())]);
}

#[test]
fn channel_without_articles_says_so() {
    let articles = minimal_article("n1", "news", "要闻一", "2023-07-22T12:00:00+08:00");
    for route in [Route::Home, Route::Channel("focus".to_owned())] {
        let state = state_for(&bundle_json(SITE_WITH_APP, &articles), route.clone());
        let page = page(&state);
        let panel = subtree(the_one_with(&page, "role", "tabpanel"));
        assert_eq!(
            to_html(&panel),
            concat!(
                r#"<div class="tabpanel" role="tabpanel" id="av-panel-channels" "#,
                r#"aria-labelledby="av-tab-channels-focus" tabindex="0">"#,
                r#"<p class="status">本栏目暂无文章。</p></div>"#
            ),
            "{route:?}"
        );
        assert_eq!(document_title(&state), "焦点图 — 投资山西");
    }
}

// The pager.

/// Four articles: `p-new`, `p-mid` and `p-old` in `focus` (given out of order), and `lone` in `news`.
fn pager_bundle() -> String {
    let articles = [
        minimal_article("p-mid", "focus", "中间", "2023-07-22T12:00:00+08:00"),
        minimal_article("lone", "news", "独篇", "2023-07-23T12:00:00+08:00"),
        minimal_article("p-old", "focus", "最旧", "2023-07-20T12:00:00+08:00"),
        minimal_article("p-new", "focus", "最新", "2023-07-24T12:00:00+08:00"),
    ]
    .join(", ");
    bundle_json(SITE_WITH_APP, &articles)
}

/// A pager link: `rel`, `class`, `href`, and its label and title texts.
type PagerLink = (String, String, String, String, String);

fn pager_link(rel: &str, id: &str, label: &str, title: &str) -> PagerLink {
    (
        rel.to_owned(),
        rel.to_owned(),
        format!("#/article/{id}"),
        label.to_owned(),
        title.to_owned(),
    )
}

/// Checks the pager of article `id` in [`pager_bundle`]: `expect` are its links, none means no pager.
#[track_caller]
fn check_pager(id: &str, expect: &[PagerLink]) {
    let state = state_for(&pager_bundle(), Route::Article(id.to_owned()));
    let article = article_page(&state);
    let pagers = all_with(&article, "class", "pager");
    if expect.is_empty() {
        assert_eq!(pagers, Vec::<&Element>::new(), "{id} has no pager");
        return;
    }
    let [pager] = pagers.as_slice() else {
        panic!("{id} has one pager: {}", to_html(&article));
    };
    assert_eq!(pager.tag(), "nav");
    assert_eq!(pager.attr("aria-label"), Some("同栏目文章"));
    let Node::Element(article_element) = &article else {
        unreachable!()
    };
    let last_two: Vec<Option<&str>> = article_element.children()
        [article_element.children().len() - 2..]
        .iter()
        .map(|child| match child {
            Node::Element(element) => element.attr("class"),
            _ => None,
        })
        .collect();
    assert_eq!(
        last_two,
        [Some("article-actions"), Some("pager")],
        "the pager comes right after the actions"
    );
    let links: Vec<PagerLink> = pager
        .children()
        .iter()
        .map(|link| {
            let Node::Element(link) = link else {
                panic!("text in the pager: {link:?}");
            };
            assert_eq!(link.tag(), "a");
            let attr = |name| link.attr(name).unwrap_or("(none)").to_owned();
            let link = subtree(link);
            (
                attr("rel"),
                attr("class"),
                attr("href"),
                subtree(find(&link, "span", Some("pager-label"))).text_content(),
                subtree(find(&link, "span", Some("pager-title"))).text_content(),
            )
        })
        .collect();
    assert_eq!(links, expect, "the pager of {id}");
}

#[test]
fn newest_article_has_only_a_next_link() {
    check_pager("p-new", &[pager_link("next", "p-mid", "下一篇", "中间")]);
}

#[test]
fn middle_article_links_to_the_newer_and_the_older_one() {
    check_pager(
        "p-mid",
        &[
            pager_link("prev", "p-new", "上一篇", "最新"),
            pager_link("next", "p-old", "下一篇", "最旧"),
        ],
    );
}

#[test]
fn oldest_article_has_only_a_prev_link() {
    check_pager("p-old", &[pager_link("prev", "p-mid", "上一篇", "中间")]);
}

#[test]
fn lone_article_in_its_channel_has_no_pager() {
    check_pager("lone", &[]);
}

// Load states.

#[test]
fn loading_shows_a_status() {
    let state = State::default();
    let main = main_content(&state);
    assert_eq!(
        main.iter().map(to_html).collect::<Vec<_>>(),
        [r#"<div class="loading"><p class="status" role="status">正在加载文章…</p></div>"#]
    );
    assert_eq!(document_title(&state), "正在加载…");
}

#[test]
fn failed_load_shows_an_alert_with_the_reason() {
    let mut state = State::default();
    let failure = LoadFailure::Fetch {
        url: "bundles/missing.json".to_owned(),
        reason: FetchError::Http {
            status: 404,
            status_text: "Not Found".to_owned(),
        },
    };
    update(&mut state, Msg::Load(Err(failure)));
    let main = main_content(&state);
    assert_eq!(
        main.iter().map(to_html).collect::<Vec<_>>(),
        [concat!(
            r#"<section class="error-panel" role="alert"><h1 id="av-heading" part="title" tabindex="-1">无法显示文章</h1>"#,
            "<p>无法获取文章包。</p>",
            r#"<p class="error-detail"><code>HTTP 404 Not Found</code></p>"#,
            r#"<p class="error-source">文章包地址：<code>bundles/missing.json</code></p></section>"#
        )]
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
    let page = page(&state);
    let alert = subtree(the_one_with(&page, "role", "alert"));
    let html = to_html(&alert);
    assert!(html.contains("文章包的内容有误，无法显示。"), "{html}");
    assert!(
        html.contains("<code>version: this viewer reads version 1 bundles, found 2</code>"),
        "{html}"
    );
    assert!(html.contains("<code>&lt;b&gt;.json</code>"), "{html}");
}

#[test]
fn document_titles_name_the_view_and_the_site_with_an_em_dash() {
    let json = bundle_with_channels(SITE_WITH_APP, THREE_CHANNELS, FULL_ARTICLE);
    for (route, expect) in [
        (
            full_article_route(),
            "山西党政代表团赴陕西学习考察 — 投资山西",
        ),
        (Route::Home, "焦点图 — 投资山西"),
        (Route::Channel("focus".to_owned()), "焦点图 — 投资山西"),
        (Route::Channel("economy".to_owned()), "经济动态 — 投资山西"),
        (Route::Channel("sports".to_owned()), "投资山西"),
        (Route::Article("no-such".to_owned()), "投资山西"),
    ] {
        let state = state_for(&json, route.clone());
        assert_eq!(document_title(&state), expect, "{route:?}");
    }
}

// Notices.

#[test]
fn diagnostics_show_as_notices_naming_the_skipped_article() {
    let articles = format!(
        "{}, {}",
        FULL_ARTICLE,
        r#"{"id": "broken", "channel": "focus", "title": "", "published": "2023-07-22T12:00:00+08:00", "body": ""}"#
    );
    let state = state_for(&bundle_json(SITE_WITH_APP, &articles), full_article_route());
    let main = main_content(&state);
    let [notices, view] = main.as_slice() else {
        panic!("notices, then the article: {main:?}");
    };
    assert_eq!(
        to_html(notices),
        concat!(
            r#"<details class="notices"><summary>1 篇文章因数据有误未显示</summary><ul>"#,
            r#"<li>article "broken" skipped: articles[1].title: expected a non-empty string, found ""</li>"#,
            "</ul></details>"
        )
    );
    assert_eq!(view, &article_page(&state));
    assert_in_order(&page_html(&state), &["masthead", "notices", "<article"]);
}

#[test]
fn notices_also_show_above_the_channel_tabs() {
    let articles = format!(
        "{}, {}",
        FULL_ARTICLE,
        r#"{"id": "broken", "channel": "focus", "title": "", "published": "2023-07-22T12:00:00+08:00", "body": ""}"#
    );
    let state = state_for(&bundle_json(SITE_WITH_APP, &articles), Route::Home);
    assert_in_order(
        &page_html(&state),
        &["masthead", "notices", r#"role="tablist""#],
    );
}

#[test]
fn an_embedded_viewer_is_not_a_second_main_landmark() {
    // Issue 11 (axe: landmark-no-duplicate-main): a partner's page has its own `main`, and may embed two viewers.
    let mut state = state_for(
        &bundle_json(SITE_WITH_APP, FULL_ARTICLE),
        full_article_route(),
    );
    assert!(page_html(&state).contains(r#"<main class="page">"#));
    state.embedded = true;
    let html = page_html(&state);
    assert!(!html.contains("<main"), "{html}");
    assert!(html.contains(r#"<div class="page">"#), "{html}");
}

#[test]
fn ignored_fields_alone_get_a_count_summary() {
    let article = r#"{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00",
        "source": 1, "url": "invest", "body": ""}"#;
    let state = state_for(&bundle_json(SITE_WITH_APP, article), Route::Home);
    let page = page(&state);
    let summary = subtree(find(&page, "summary", None));
    assert_eq!(summary.text_content(), "文章包中有 2 处数据被忽略");
}

#[test]
fn bundle_without_diagnostics_has_no_notices() {
    for route in [Route::Home, full_article_route()] {
        let state = state_for(&bundle_json(SITE_WITH_APP, FULL_ARTICLE), route);
        assert!(!page_html(&state).contains("notices"));
    }
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

// Search.

/// Articles for searching: `jin-shaan` ([`FULL_ARTICLE`]), `river` mentioning 黄河 in title, caption and body,
/// `plain` mentioning it once in the body.
fn search_bundle() -> String {
    let river = r#"{
        "id": "river", "channel": "news", "title": "黄河流域生态保护",
        "published": "2023-08-01T09:30:00+08:00",
        "lead": {"src": "media/river.jpg", "alt": "河岸", "caption": "黄河岸边"},
        "body": "保护**黄**河。\n\n治理黄河流域。"
    }"#;
    let plain = r#"{
        "id": "plain", "channel": "focus", "title": "新闻", "published": "2023-06-01T09:30:00+08:00",
        "body": "沿黄河的村庄。"
    }"#;
    bundle_json(SITE_WITH_APP, &format!("{FULL_ARTICLE}, {river}, {plain}"))
}

fn search_route(query: &str) -> Route {
    Route::Search(query.to_owned())
}

/// The search form in the masthead.
#[track_caller]
fn search_form(state: &State) -> Node {
    let page = page(state);
    let masthead = subtree(find(&page, "header", Some("masthead")));
    subtree(the_one_with(&masthead, "role", "search"))
}

#[test]
fn the_masthead_has_a_labelled_search_box() {
    let state = state_for(&search_bundle(), Route::Home);
    assert_eq!(
        to_html(&search_form(&state)),
        concat!(
            r##"<form class="search-form" role="search" action="#/search">"##,
            r#"<label class="visually-hidden" for="av-search">搜索文章</label>"#,
            r#"<input id="av-search" class="search-input" type="search" name="q" placeholder="搜索文章" "#,
            r#"autocomplete="off" enterkeyhint="search" value="">"#,
            "</form>"
        )
    );
}

#[test]
fn the_search_box_shows_the_routes_query() {
    for (route, expect) in [
        (search_route("黄河 流域"), "黄河 流域"),
        (search_route(""), ""),
        (
            Route::Match {
                article: "river".to_owned(),
                query: "黄河".to_owned(),
            },
            "黄河",
        ),
        (Route::Article("river".to_owned()), ""),
        (Route::Channel("news".to_owned()), ""),
    ] {
        let state = state_for(&search_bundle(), route.clone());
        let form = search_form(&state);
        let input = the_one_with(&form, "id", "av-search");
        assert_eq!(
            (input.tag(), input.attr("type"), input.attr("value")),
            ("input", Some("search"), Some(expect)),
            "{route:?}"
        );
    }
}

#[test]
fn the_search_box_is_there_while_the_bundle_loads_but_not_when_it_failed() {
    // Already while loading, so that the masthead keeps its height when the bundle arrives.
    let loading = page(&State::default());
    assert_eq!(all_with(&loading, "role", "search").len(), 1);
    let mut failed = State::default();
    let failure = LoadFailure::Fetch {
        url: "x.json".to_owned(),
        reason: FetchError::Network("offline".to_owned()),
    };
    update(&mut failed, Msg::Load(Err(failure)));
    assert_eq!(
        all_with(&page(&failed), "role", "search"),
        Vec::<&Element>::new()
    );
}

#[test]
fn a_hostile_query_appears_only_escaped() {
    let state = state_for(
        &search_bundle(),
        search_route("\"><script>alert(1)</script>"),
    );
    let html = page_html(&state);
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains(r#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#),
        "{html}"
    );
}

/// The results section of the page.
#[track_caller]
fn results(state: &State) -> Node {
    let page = page(state);
    subtree(find(&page, "section", Some("search-results")))
}

#[track_caller]
fn summary(state: &State) -> String {
    let results = results(state);
    let status = the_one_with(&results, "role", "status");
    assert_eq!(status.attr("class"), Some("search-summary"));
    subtree(status).text_content()
}

/// The results' items.
fn result_items(state: &State) -> Vec<Node> {
    let results = results(state);
    results
        .descendants()
        .into_iter()
        .filter(|element| element.tag() == "li" && element.attr("class") == Some("result"))
        .map(subtree)
        .collect()
}

#[test]
fn search_results_say_how_many_were_found() {
    let state = state_for(&search_bundle(), search_route("黄河"));
    assert_eq!(summary(&state), "找到 2 篇包含“黄河”的文章。");
    let results = results(&state);
    let heading = subtree(find(&results, "h1", None));
    assert_eq!(
        to_html(&heading),
        r#"<h1 id="av-heading" part="title" tabindex="-1">搜索结果</h1>"#
    );
    assert_eq!(results_list_len(&results), 2);
}

fn results_list_len(results: &Node) -> usize {
    find(results, "ol", Some("results")).children().len()
}

#[test]
fn a_search_result_links_to_the_article_with_the_query_and_marks_it() {
    let state = state_for(&search_bundle(), search_route("黄河"));
    let items = result_items(&state);
    // The title hit first.
    assert_eq!(
        to_html(&items[0]),
        concat!(
            r#"<li class="result">"#,
            r##"<a class="result-title" href="#/article/river?q=%E9%BB%84%E6%B2%B3"><mark>黄河</mark>流域生态保护</a>"##,
            r#"<p class="article-item-meta"><span class="channel-name">要闻</span>"#,
            r#"<time datetime="2023-08-01T09:30:00+08:00">2023-08-01</time></p>"#,
            r#"<p class="excerpt">保护<mark>黄河</mark>。 治理<mark>黄河</mark>流域。</p>"#,
            "</li>"
        )
    );
    assert_eq!(
        to_html(&items[1]),
        concat!(
            r#"<li class="result">"#,
            r##"<a class="result-title" href="#/article/plain?q=%E9%BB%84%E6%B2%B3">新闻</a>"##,
            r#"<p class="article-item-meta"><span class="channel-name">焦点图</span>"#,
            r#"<time datetime="2023-06-01T09:30:00+08:00">2023-06-01</time></p>"#,
            r#"<p class="excerpt">沿<mark>黄河</mark>的村庄。</p>"#,
            "</li>"
        )
    );
}

#[test]
fn result_links_carry_the_query_as_typed_without_outer_spaces() {
    let state = state_for(&search_bundle(), search_route("  黄河 流域 "));
    let items = result_items(&state);
    assert_eq!(items.len(), 1);
    let link = find(&items[0], "a", Some("result-title"));
    let href = link.attr("href").unwrap_or_default();
    assert_eq!(
        Route::parse(href),
        Route::Match {
            article: "river".to_owned(),
            query: "黄河 流域".to_owned()
        }
    );
    assert_eq!(summary(&state), "找到 1 篇包含“黄河 流域”的文章。");
}

#[test]
fn marks_in_results_are_whole_occurrences_of_the_terms() {
    let state = state_for(&search_bundle(), search_route("黄河 河流 保护"));
    for item in result_items(&state) {
        for mark in all_tagged(&item, "mark") {
            let text = subtree(mark).text_content();
            assert!(
                ["黄河", "河流", "保护"].contains(&text.as_str()),
                "{text:?} in {}",
                to_html(&item)
            );
        }
    }
}

#[test]
fn a_search_without_results_says_so() {
    let state = state_for(&search_bundle(), search_route("长江"));
    assert_eq!(
        summary(&state),
        "没有找到包含“长江”的文章。请检查用词是否有误，或减少关键词再试。"
    );
    let results = results(&state);
    assert!(
        results
            .descendants()
            .iter()
            .all(|element| element.tag() != "ol"),
        "{}",
        to_html(&results)
    );
    assert_eq!(
        all_with(&results, "data-action", "more-results"),
        Vec::<&Element>::new()
    );
}

#[test]
fn an_empty_search_prompts_for_a_query() {
    for query in ["", "  ", "\"\""] {
        let state = state_for(&search_bundle(), search_route(query));
        assert_eq!(summary(&state), "输入关键词，搜索本站文章。", "{query:?}");
        assert_eq!(result_items(&state).len(), 0);
    }
}

#[test]
fn a_long_query_is_shortened_in_the_summary() {
    let query = "长".repeat(300);
    let state = state_for(&search_bundle(), search_route(&query));
    assert_eq!(
        summary(&state),
        format!(
            "没有找到包含“{}…”的文章。请检查用词是否有误，或减少关键词再试。",
            "长".repeat(80)
        )
    );
}

/// A bundle of `count` articles that all mention 黄河.
fn many_results(count: usize) -> String {
    let articles: Vec<String> = (0..count)
        .map(|index| {
            format!(
                r#"{{"id": "a{index}", "channel": "focus", "title": "标题{index}",
                    "published": "2023-07-22T12:00:00+08:00", "body": "黄河"}}"#
            )
        })
        .collect();
    bundle_json(SITE_WITH_APP, &articles.join(","))
}

#[test]
fn more_results_are_shown_a_page_at_a_time() {
    use crate::state::RESULTS_PAGE;
    let total = RESULTS_PAGE * 2 + 5;
    let mut tab = tab_for(&many_results(total), search_route("黄河"));
    assert_eq!(
        summary(&tab.state),
        format!("找到 {total} 篇包含“黄河”的文章。")
    );
    for shown in [RESULTS_PAGE, RESULTS_PAGE * 2] {
        assert_eq!(result_items(&tab.state).len(), shown);
        let results = results(&tab.state);
        let button = the_one_with(&results, "data-action", "more-results");
        assert_eq!(
            to_html(&subtree(button)),
            format!(
                r#"<button type="button" class="button" data-action="more-results">显示更多结果（还有 {} 篇）</button>"#,
                total - shown
            )
        );
        assert!(matches!(
            button
                .attr("data-action")
                .and_then(|action| Msg::for_action(action, "")),
            Some(Msg::ShowMoreResults)
        ));
        tab.send(Msg::ShowMoreResults);
    }
    let items = result_items(&tab.state);
    assert_eq!(items.len(), total);
    // Every shown result is marked, the later pages too.
    assert!(items
        .iter()
        .all(|item| !all_tagged(item, "mark").is_empty()));
    let results = results(&tab.state);
    assert_eq!(
        all_with(&results, "data-action", "more-results"),
        Vec::<&Element>::new()
    );
}

#[test]
fn exactly_one_page_of_results_has_no_more_button() {
    use crate::state::RESULTS_PAGE;
    let state = state_for(&many_results(RESULTS_PAGE), search_route("黄河"));
    assert_eq!(result_items(&state).len(), RESULTS_PAGE);
    assert_eq!(
        all_with(&results(&state), "data-action", "more-results"),
        Vec::<&Element>::new()
    );
}

fn match_route(id: &str, query: &str) -> Route {
    Route::Match {
        article: id.to_owned(),
        query: query.to_owned(),
    }
}

#[test]
fn an_article_opened_from_results_marks_the_query_in_title_caption_and_body() {
    let state = state_for(&search_bundle(), match_route("river", "黄河"));
    let article = article_page(&state);
    assert_eq!(
        to_html(&subtree(find(&article, "h1", None))),
        r#"<h1 id="av-heading" part="title" tabindex="-1"><mark>黄河</mark>流域生态保护</h1>"#
    );
    assert_eq!(
        to_html(&subtree(find(&article, "figcaption", None))),
        "<figcaption><mark>黄河</mark>岸边</figcaption>"
    );
    assert_eq!(
        to_html(&subtree(find(&article, "div", Some("article-body")))),
        concat!(
            r#"<div class="article-body" part="body">"#,
            "<p>保护<strong><mark>黄</mark></strong><mark>河</mark>。</p>",
            "<p>治理<mark>黄河</mark>流域。</p>",
            "</div>"
        )
    );
    // The same page as the plain article, but for the marks.
    let plain = state_for(&search_bundle(), Route::Article("river".to_owned()));
    assert_eq!(article.text_content(), article_page(&plain).text_content());
    assert!(all_tagged(&article_page(&plain), "mark").is_empty());
}

#[test]
fn an_article_opened_from_results_marks_each_term() {
    let state = state_for(&search_bundle(), match_route("river", "流域 保护"));
    let article = article_page(&state);
    let marks: Vec<String> = all_tagged(&article, "mark")
        .into_iter()
        .map(|mark| subtree(mark).text_content())
        .collect();
    assert_eq!(marks, ["流域", "保护", "保护", "流域"]);
}

#[test]
fn an_article_opened_with_a_query_it_lacks_has_no_marks() {
    let state = state_for(&search_bundle(), match_route("jin-shaan", "黄河"));
    let article = article_page(&state);
    assert!(
        all_tagged(&article, "mark").is_empty(),
        "{}",
        to_html(&article)
    );
    assert_eq!(
        to_html(&subtree(find(&article, "h1", None))),
        r#"<h1 id="av-heading" part="title" tabindex="-1">山西党政代表团赴陕西学习考察</h1>"#
    );
}

#[test]
fn search_document_titles_name_the_query() {
    for (route, expect) in [
        (search_route("黄河"), "搜索：黄河 — 投资山西"),
        (search_route("  黄河 流域 "), "搜索：黄河 流域 — 投资山西"),
        (search_route(""), "搜索 — 投资山西"),
        (search_route("   "), "搜索 — 投资山西"),
        (match_route("river", "黄河"), "黄河流域生态保护 — 投资山西"),
        (match_route("no-such", "黄河"), "投资山西"),
    ] {
        let state = state_for(&search_bundle(), route.clone());
        assert_eq!(document_title(&state), expect, "{route:?}");
    }
    let long = "长".repeat(100);
    let state = state_for(&search_bundle(), search_route(&long));
    assert_eq!(
        document_title(&state),
        format!("搜索：{}… — 投资山西", "长".repeat(80))
    );
}

#[test]
fn indented_sites_mark_the_article_body() {
    let site =
        r#"{"name": "投资山西", "url": "https://invest.example.cn/", "indent_paragraphs": true}"#;
    let state = state_for(&bundle_json(site, FULL_ARTICLE), full_article_route());
    let page = article_page(&state);
    assert_eq!(
        find(&page, "div", Some("article-body indented")).tag(),
        "div"
    );
    let plain = state_for(
        &bundle_json(SITE_WITHOUT_APP, FULL_ARTICLE),
        full_article_route(),
    );
    assert_eq!(
        find(&article_page(&plain), "div", Some("article-body")).tag(),
        "div"
    );
}

// The interface in English (`<article-viewer lang="en">`): the viewer's words change, the article's do not.

#[test]
fn in_english_the_interface_speaks_english_and_the_article_stays_chinese() {
    let json = bundle_json(SITE_WITH_APP, FULL_ARTICLE);
    let mut tab = tab_for(&json, full_article_route());
    tab.state.lang = crate::text::Lang::En;
    tab.state.page_url = Some("https://h.example.cn/viewer/".to_owned());
    let html = page_html(&tab.state);
    for english in [
        r#"<div class="viewer" lang="en""#,
        r#"<article class="article" part="article" lang="zh-CN""#,
        r#"placeholder="Search articles""#,
        r#"aria-label="Text size""#,
        ">Published: <time",
        ">Open in app</button>",
        ">Read on phone</button>",
        ">Share</button>",
    ] {
        assert!(html.contains(english), "{english} in {html}");
    }
    for chinese in ["搜索文章", "发布时间", "客户端中查看", "字号", "外观"] {
        assert!(!html.contains(chinese), "{chinese} in {html}");
    }
    assert!(
        html.contains("山西党政代表团赴陕西学习考察"),
        "the article's own text"
    );

    tab.send(Msg::OpenShare(crate::share::ShareTab::Share));
    let html = page_html(&tab.state);
    assert!(
        html.contains(">Read and share</h2>") && html.contains(r#"aria-label="Close""#),
        "{html}"
    );
    assert!(
        html.contains(">Copy link</button>") && html.contains(">Weibo</a>"),
        "{html}"
    );

    tab.send(Msg::SetQuery("黄河".to_owned()));
    let html = page_html(&tab.state);
    assert!(html.contains(">Search results</h1>"), "{html}");
    assert!(
        html.contains("No article contains “黄河”") || html.contains("contain “黄河”"),
        "{html}"
    );
    assert_eq!(
        document_title(&tab.state),
        format!("Search: 黄河 — 投资山西")
    );
}

#[test]
fn chinese_is_the_default_and_carries_no_lang_attribute_of_its_own() {
    let json = bundle_json(SITE_WITH_APP, FULL_ARTICLE);
    let html = page_html(&state_for(&json, full_article_route()));
    assert!(
        html.contains(r#"<div class="viewer" data-theme="#),
        "{html}"
    );
    assert!(
        html.contains(r#"<article class="article" part="article" aria-labelledby"#),
        "{html}"
    );
}

#[test]
fn a_channel_lists_a_page_of_articles_and_offers_the_rest() {
    let articles: Vec<String> = (0..LIST_PAGE + 7)
        .map(|n| {
            format!(
                r#"{{"id": "a{n}", "channel": "focus", "title": "第{n}篇",
                    "published": "2023-07-22T12:{:02}:00+08:00", "body": "正文"}}"#,
                n % 60
            )
        })
        .collect();
    let json = format!(
        r#"{{"format": "article-bundle", "version": 1,
            "site": {{"name": "投资山西", "url": "https://invest.example.cn/"}},
            "channels": [{{"id": "focus", "name": "焦点图"}}],
            "articles": [{}]}}"#,
        articles.join(",")
    );
    let (bundle, diagnostics) = from_json(&json).expect("the fixture parses");
    let mut state = State {
        load: Load::Ready {
            bundle,
            diagnostics,
        },
        ..State::default()
    };
    let listed = |state: &State| all_with(&page(state), "class", "article-link").len();
    assert_eq!(listed(&state), LIST_PAGE);
    let button = |state: &State| {
        all_with(&page(state), "data-action", "more-articles")
            .first()
            .map(|button| subtree(button).text_content())
    };
    assert_eq!(button(&state).as_deref(), Some("显示更多文章（还有 7 篇）"));
    update(&mut state, Msg::ShowMoreArticles);
    assert_eq!(listed(&state), LIST_PAGE + 7);
    assert_eq!(button(&state), None, "nothing more to show");
    // Another channel, or the same one opened anew, starts with a page again.
    update(&mut state, Msg::Navigate(Route::Search("x".to_owned())));
    update(&mut state, Msg::Navigate(Route::Home));
    assert_eq!(listed(&state), LIST_PAGE);
}

// See: issue 16, an embed with `lang="en"` whose bundle failed showed Chinese: the reasons were worded in the
// browser layer.
#[test]
fn in_english_a_failed_load_says_why_in_english() {
    let failures = [
        FetchError::Network("Failed to fetch".to_owned()),
        FetchError::Http {
            status: 404,
            status_text: "Not Found".to_owned(),
        },
        FetchError::InvalidUrl,
        FetchError::Read("aborted".to_owned()),
        FetchError::TooBig,
        FetchError::NoFileReader,
    ];
    for reason in failures {
        let mut state = State {
            lang: crate::text::Lang::En,
            ..State::default()
        };
        let failure = LoadFailure::Fetch {
            url: "https://h.example.cn/bundles/missing.json".to_owned(),
            reason: reason.clone(),
        };
        update(&mut state, Msg::Load(Err(failure)));
        let html = page_html(&state);
        assert!(
            html.contains("The article bundle could not be fetched."),
            "{html}"
        );
        let text =
            crate::node::Node::from(find(&page(&state), "section", Some("error-panel")).clone())
                .text_content();
        assert!(text.is_ascii(), "{reason:?}: {text}");
    }
    // A bundle that is there but broken names its JSON path, in the editor's words, after the reader's.
    let mut state = State {
        lang: crate::text::Lang::En,
        ..State::default()
    };
    let error = crate::bundle::from_json("[]").expect_err("not a bundle");
    update(
        &mut state,
        Msg::Load(Err(LoadFailure::Bundle {
            url: "https://h.example.cn/bundles/bad.json".to_owned(),
            error,
        })),
    );
    let html = page_html(&state);
    assert!(
        html.contains("The article bundle has errors and cannot be shown.") && html.is_ascii(),
        "{html}"
    );
}

// The vocabulary the browser layer reads a static page back with (`node::TAGS`, `node::ATTRIBUTES`): every tag
// and attribute any view makes must be in it, or taking a static page over would rebuild it.
#[test]
fn every_tag_and_attribute_the_views_make_is_in_the_vocabulary_read_back() {
    let body = concat!(
        "# 一\n\n## 二\n\n### 三\n\n#### 四\n\n##### 五\n\n###### 六\n\n",
        "段落，*强调*、**加粗**、~~删除~~、`代码`、[链接](https://a.cn/)、![图](media/a.png)和 https://b.cn/ 。  \n换行\n\n",
        "> 引用\n\n- 甲\n- [x] 乙\n\n3. 丙\n4. 丁\n\n```rust\nfn main() {}\n```\n\n    缩进代码\n\n---\n\n",
        "| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n\n脚注[^1]。\n\n[^1]: 注释。\n",
    );
    let article = FULL_ARTICLE.replace("第一段。\\n\\n第二段。", &body.replace('\n', "\\n"));
    let json = bundle_with_channels(SITE_WITH_APP, THREE_CHANNELS, &article);
    let mut states = Vec::new();
    for route in [
        Route::Home,
        Route::Channel("news".to_owned()),
        Route::Channel("none".to_owned()),
        full_article_route(),
        Route::Search("山西".to_owned()),
        Route::Search("没有的词".to_owned()),
        Route::Match {
            article: "jin-shaan".to_owned(),
            query: "段落".to_owned(),
        },
    ] {
        states.push(state_for(&json, route));
    }
    for tab in crate::share::ShareTab::ALL {
        let mut state = state_for(&json, full_article_route());
        state.capabilities.native_share = true;
        update(&mut state, Msg::OpenShare(tab));
        update(&mut state, Msg::CopyFinished { copied: false });
        states.push(state);
    }
    let mut loading = State::default();
    update(
        &mut loading,
        Msg::Progress(crate::state::LoadProgress::Reading { read: 1, total: 2 }),
    );
    states.push(loading);
    let mut failed = State::default();
    update(
        &mut failed,
        Msg::Load(Err(LoadFailure::Fetch {
            url: BUNDLE_URL.to_owned(),
            reason: FetchError::InvalidUrl,
        })),
    );
    states.push(failed);
    let mut tags = std::collections::BTreeSet::new();
    for state in &states {
        for element in page(state).descendants() {
            tags.insert(element.tag());
            assert!(
                crate::node::TAGS.contains(&element.tag()),
                "<{}> is not in node::TAGS",
                element.tag()
            );
            for (name, _) in element.attrs() {
                assert!(
                    crate::node::ATTRIBUTES.contains(name),
                    "{name} (on <{}>) is not in node::ATTRIBUTES",
                    element.tag()
                );
            }
        }
    }
    for made in ["h6", "table", "td", "del", "svg", "progress", "input"] {
        assert!(tags.contains(made), "the states cover <{made}>: {tags:?}");
    }
}
