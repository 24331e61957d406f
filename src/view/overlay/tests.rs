use super::*;
use crate::node::test_support::{all_tagged, all_with, subtree, the_one_with};
use crate::node::to_html;
use crate::route::Route;
use crate::share::fixtures::*;
use crate::share::{action_id, ShareSite};
use crate::state::{update, Capabilities, Load, Msg};
use crate::view::page;

/// The overlay as opened by the foot button of `tab`.
fn opened_at(tab: ShareTab) -> ShareOverlay {
    ShareOverlay {
        tab,
        opener: tab,
        copy: CopyStatus::Idle,
    }
}

/// The viewer showing `bundle` at `route`, on the page `page_url`, with `share` as the overlay.
fn state(
    bundle: Bundle,
    route: Route,
    page_url: Option<&str>,
    share: Option<ShareOverlay>,
) -> State {
    State {
        load: Load::Ready {
            bundle,
            diagnostics: Vec::new(),
        },
        route,
        page_url: page_url.map(str::to_owned),
        share,
        ..State::default()
    }
}

/// The viewer with the app site, at article `id` of [`ARTICLES`], on [`PAGE_URL`], the overlay open at `tab`.
fn open_on(id: &str, tab: ShareTab) -> State {
    state(
        bundle(SITE_WITH_APP, ARTICLES),
        Route::Article(id.to_owned()),
        Some(PAGE_URL),
        Some(opened_at(tab)),
    )
}

/// The overlay the state shows, as [`overlay`] draws it for the article of the route.
#[track_caller]
fn overlay_of(state: &State) -> Node {
    let Load::Ready { bundle, .. } = &state.load else {
        panic!("the fixture is loaded");
    };
    let Route::Article(id) = &state.route else {
        panic!("the fixture is at an article");
    };
    let open = state.share.expect("the overlay is open");
    overlay(state, &open, bundle, article(bundle, id))
}

/// The selected tab's panel.
#[track_caller]
fn panel(overlay: &Node) -> Node {
    subtree(the_one_with(overlay, "role", "tabpanel"))
}

/// The QR code of `text` exactly as the overlay must draw it.
#[track_caller]
fn expected_qr(text: &str) -> Node {
    qr::svg(text, &format!("二维码：{text}")).expect("the text fits in a QR code")
}

// The overlay.

/// The dialog element of an overlay.
#[track_caller]
fn dialog(overlay: &Node) -> Node {
    subtree(the_one_with(overlay, "role", "dialog"))
}

#[test]
fn the_overlay_is_a_modal_dialog_labelled_by_its_heading() {
    let overlay = overlay_of(&open_on("own", ShareTab::Phone));
    let dialog = dialog(&overlay);
    let Node::Element(element) = &dialog else {
        unreachable!("subtree is an element");
    };
    assert_eq!(element.attr("aria-modal"), Some("true"));
    assert_eq!(element.attr("aria-labelledby"), Some(TITLE_ID));
    assert_eq!(TITLE_ID, "av-share-title");
    let headings = all_tagged(&dialog, "h2");
    assert_eq!(headings.len(), 1);
    assert_eq!(headings[0].attr("id"), Some(TITLE_ID));
    assert_eq!(subtree(headings[0]).text_content(), "查看与分享");
    assert_eq!(
        all_with(&overlay, "id", TITLE_ID).len(),
        1,
        "the id is unique"
    );
    assert!(
        dialog.text_content().contains("黄河流域生态保护"),
        "the dialog names the article"
    );
}

#[test]
fn the_close_button_is_in_the_dialog_and_the_backdrop_outside_it() {
    let overlay = overlay_of(&open_on("own", ShareTab::Share));
    let closers = all_with(&overlay, "data-action", "close-share");
    assert_eq!(closers.len(), 2, "the × button and the backdrop");
    let dialog = dialog(&overlay);
    let button = the_one_with(&dialog, "data-action", "close-share");
    assert_eq!(
        to_html(&subtree(button)),
        r#"<button type="button" class="close" data-action="close-share" aria-label="关闭">×</button>"#
    );
    let backdrop = closers
        .iter()
        .find(|closer| closer.tag() != "button")
        .expect("a backdrop");
    assert_eq!(backdrop.attr("class"), Some("backdrop"));
    assert!(
        !subtree(backdrop)
            .descendants()
            .iter()
            .any(|element| element.attr("role") == Some("dialog")),
        "the backdrop does not wrap the dialog"
    );
    let Node::Element(layer) = &overlay else {
        panic!("the overlay is an element");
    };
    let children: Vec<Option<&str>> = layer
        .children()
        .iter()
        .map(|child| match child {
            Node::Element(element) => element.attr("class"),
            other => panic!("{other:?} in the layer"),
        })
        .collect();
    assert_eq!(
        children,
        [Some("backdrop"), Some("dialog")],
        "backdrop and dialog are siblings"
    );
}

#[track_caller]
fn check_tabs(state: &State, expect_keys: &[&str], selected: &str) {
    let overlay = overlay_of(state);
    let list = subtree(the_one_with(&overlay, "role", "tablist"));
    let Node::Element(list_element) = &list else {
        unreachable!("subtree is an element");
    };
    assert_eq!(list_element.attr("data-tablist"), Some("share"));
    assert_eq!(list_element.attr("aria-label"), Some("查看与分享方式"));
    let tabs = all_with(&list, "role", "tab");
    let keys: Vec<&str> = tabs
        .iter()
        .map(|tab| tab.attr("data-value").unwrap_or(""))
        .collect();
    assert_eq!(keys, expect_keys);
    for tab in &tabs {
        let key = tab.attr("data-value").unwrap_or("");
        assert_eq!(tab.tag(), "button");
        assert_eq!(tab.attr("type"), Some("button"));
        assert_eq!(tab.attr("data-action"), Some("share-tab"));
        assert_eq!(tab.attr("id"), Some(format!("av-tab-share-{key}").as_str()));
        assert_eq!(tab.attr("aria-controls"), Some("av-panel-share"));
        let is_selected = key == selected;
        assert_eq!(
            tab.attr("aria-selected"),
            Some(if is_selected { "true" } else { "false" }),
            "{key}"
        );
        assert_eq!(
            tab.attr("tabindex"),
            Some(if is_selected { "0" } else { "-1" }),
            "{key}"
        );
        let label = ShareTab::parse(key)
            .expect("a share tab")
            .label(crate::text::Lang::Zh.text());
        assert_eq!(subtree(tab).text_content(), label);
        assert!(
            Msg::for_action("share-tab", key)
                .is_some_and(|msg| matches!(msg, Msg::SelectShareTab(tab) if tab.as_str() == key)),
            "{key} selects its tab"
        );
    }
    let panel = the_one_with(&overlay, "role", "tabpanel");
    assert_eq!(panel.attr("id"), Some("av-panel-share"));
    assert_eq!(
        panel.attr("aria-labelledby"),
        Some(format!("av-tab-share-{selected}").as_str())
    );
}

#[test]
fn the_overlay_tabs_are_buttons_and_the_open_one_is_selected() {
    for tab in ShareTab::ALL {
        check_tabs(
            &open_on("own", tab),
            &["app", "phone", "share"],
            tab.as_str(),
        );
    }
}

#[test]
fn without_an_app_the_overlay_offers_phone_and_share() {
    for tab in [ShareTab::Phone, ShareTab::Share] {
        let state = state(
            bundle(SITE_WITHOUT_APP, ARTICLES),
            Route::Article("own".to_owned()),
            Some(PAGE_URL),
            Some(opened_at(tab)),
        );
        check_tabs(&state, &["phone", "share"], tab.as_str());
        assert!(!to_html(&overlay_of(&state)).contains("客户端中查看"));
    }
}

#[track_caller]
fn check_external_link(link: &Element, href: &str) {
    assert_eq!(link.tag(), "a");
    assert_eq!(link.attr("href"), Some(href));
    assert_eq!(link.attr("target"), Some("_blank"));
    assert_eq!(link.attr("rel"), Some("noopener noreferrer"));
}

#[test]
fn the_app_tab_links_to_the_app_and_shows_its_qr_code() {
    let overlay = overlay_of(&open_on("own", ShareTab::App));
    let panel = panel(&overlay);
    let link = "https://app.example.cn/open?article=own";
    let links = all_tagged(&panel, "a");
    assert_eq!(links.len(), 1, "{}", to_html(&panel));
    check_external_link(links[0], link);
    assert_eq!(subtree(links[0]).text_content(), "打开山西日报");
    assert!(panel
        .text_content()
        .contains("在「山西日报」客户端中阅读本文。"));
    let code = the_one_with(&panel, "role", "img");
    assert_eq!(code.tag(), "svg");
    assert_eq!(
        code.attr("aria-label"),
        Some(format!("二维码：{link}").as_str())
    );
    assert_eq!(subtree(code), expected_qr(link));
    assert!(panel
        .text_content()
        .contains("用手机扫描二维码，在客户端中打开"));
}

#[track_caller]
fn check_phone_tab(id: &str, page_url: Option<&str>, url: &str) {
    let state = state(
        bundle(SITE_WITH_APP, ARTICLES),
        Route::Article(id.to_owned()),
        page_url,
        Some(opened_at(ShareTab::Phone)),
    );
    let panel = panel(&overlay_of(&state));
    let code = the_one_with(&panel, "role", "img");
    assert_eq!(
        code.attr("aria-label"),
        Some(format!("二维码：{url}").as_str())
    );
    assert_eq!(subtree(code), expected_qr(url));
    let links = all_tagged(&panel, "a");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].attr("href"), Some(url));
    assert_eq!(
        subtree(links[0]).text_content(),
        url,
        "the URL is shown as text"
    );
    assert!(panel.text_content().contains("用手机扫描二维码阅读本文"));
}

#[test]
fn the_phone_tab_shows_the_qr_code_and_the_text_of_the_article_url() {
    check_phone_tab("own", Some(PAGE_URL), OWN_URL);
    check_phone_tab("own", None, OWN_URL);
    check_phone_tab("plain", Some(PAGE_URL), PLAIN_URL);
}

#[test]
fn the_share_tab_offers_wechat_the_share_sites_and_copying() {
    let state = open_on("plain", ShareTab::Share);
    let panel = panel(&overlay_of(&state));
    let wechat = panel
        .descendants()
        .into_iter()
        .find(|element| element.attr("class") == Some("share-wechat"))
        .expect("a WeChat part");
    let wechat = subtree(wechat);
    assert_eq!(subtree(all_tagged(&wechat, "h3")[0]).text_content(), "微信");
    assert_eq!(
        subtree(the_one_with(&wechat, "role", "img")),
        expected_qr(PLAIN_URL)
    );

    let links = all_tagged(&panel, "a");
    assert_eq!(links.len(), 3, "{}", to_html(&panel));
    for (link, site) in links.iter().zip(ShareSite::ALL) {
        check_external_link(link, &site.link(PLAIN_URL, "长治储能"));
        assert_eq!(
            subtree(link).text_content(),
            site.label(crate::text::Lang::Zh.text())
        );
    }
    let copy = the_one_with(&panel, "data-action", "copy-link");
    assert_eq!(
        to_html(&subtree(copy)),
        r#"<button type="button" class="button" data-action="copy-link">复制链接</button>"#
    );
    let status = the_one_with(&panel, "role", "status");
    assert_eq!(status.tag(), "p");
    assert_eq!(
        subtree(status).text_content(),
        "",
        "nothing to say before copying"
    );
    assert!(all_with(&panel, "id", COPY_FALLBACK_ID).is_empty());
}

#[test]
fn share_site_hrefs_are_escaped_in_html() {
    let html = to_html(&overlay_of(&open_on("own", ShareTab::Share)));
    assert!(
        html.contains(concat!(
            r#"href="https://service.weibo.com/share/share.php"#,
            r#"?url=https%3A%2F%2Fa.cn%2Fx%3Fy%3D1%26z%3D2%23%2Farticle%2Fk"#,
            r#"&amp;title=%E9%BB%84%E6%B2%B3%E6%B5%81%E5%9F%9F%E7%94%9F%E6%80%81%E4%BF%9D%E6%8A%A4""#
        )),
        "{html}"
    );
}

#[track_caller]
fn share_panel_with(copy: CopyStatus) -> Node {
    let mut state = open_on("own", ShareTab::Share);
    state.share = Some(ShareOverlay {
        copy,
        ..opened_at(ShareTab::Share)
    });
    panel(&overlay_of(&state))
}

#[test]
fn a_copied_link_is_announced() {
    let panel = share_panel_with(CopyStatus::Copied);
    assert_eq!(
        subtree(the_one_with(&panel, "role", "status")).text_content(),
        "已复制链接。"
    );
    assert!(all_with(&panel, "id", COPY_FALLBACK_ID).is_empty());
}

#[test]
fn a_refused_copy_shows_the_link_in_a_readonly_field() {
    let panel = share_panel_with(CopyStatus::Refused);
    assert_eq!(
        subtree(the_one_with(&panel, "role", "status")).text_content(),
        "浏览器未允许自动复制，请手动复制下面的链接："
    );
    let field = the_one_with(&panel, "id", COPY_FALLBACK_ID);
    assert_eq!(COPY_FALLBACK_ID, "av-copy-fallback");
    assert_eq!(field.tag(), "input");
    assert_eq!(field.attr("readonly"), Some(""));
    assert_eq!(field.attr("value"), Some(OWN_URL));
    assert!(
        field
            .attr("aria-label")
            .is_some_and(|label| !label.is_empty()),
        "the field is named"
    );
    let elements = panel.descendants();
    let status_at = elements
        .iter()
        .position(|element| element.attr("role") == Some("status"));
    let field_at = elements
        .iter()
        .position(|element| element.attr("id") == Some(COPY_FALLBACK_ID));
    assert!(status_at < field_at, "the field follows the message");
}

#[test]
fn more_ways_is_offered_only_when_the_browser_can_share() {
    let mut state = open_on("own", ShareTab::Share);
    assert!(all_with(&overlay_of(&state), "data-action", "share-natively").is_empty());
    state.capabilities = Capabilities { native_share: true };
    let overlay = overlay_of(&state);
    let button = the_one_with(&overlay, "data-action", "share-natively");
    assert_eq!(button.tag(), "button");
    assert_eq!(button.attr("type"), Some("button"));
    assert_eq!(subtree(button).text_content(), "更多方式…");
}

#[test]
fn without_a_url_the_phone_and_share_tabs_say_so() {
    for tab in [ShareTab::Phone, ShareTab::Share] {
        let state = state(
            bundle(SITE_WITH_APP, ARTICLES),
            Route::Article("plain".to_owned()),
            None,
            Some(opened_at(tab)),
        );
        let panel = panel(&overlay_of(&state));
        assert_eq!(panel.text_content(), "本文没有可分享的链接。", "{tab:?}");
        assert!(all_tagged(&panel, "svg").is_empty());
        assert!(all_tagged(&panel, "a").is_empty());
        assert!(all_with(&panel, "data-action", "copy-link").is_empty());
    }
    // The app does not need the article's URL.
    let state = state(
        bundle(SITE_WITH_APP, ARTICLES),
        Route::Article("plain".to_owned()),
        None,
        Some(opened_at(ShareTab::App)),
    );
    let panel = panel(&overlay_of(&state));
    assert_eq!(all_tagged(&panel, "svg").len(), 1);
}

#[test]
fn a_url_too_long_for_a_qr_code_shows_why_instead() {
    let long_url = format!("https://a.cn/{}", "x".repeat(1000));
    let articles = format!(
        r#"{{"id": "long", "channel": "focus", "title": "长", "published": "2024-03-01T08:00:00+08:00",
            "body": "正文", "url": "{long_url}"}}"#
    );
    let chars = long_url.chars().count();
    assert!(
        qr::svg(&long_url, "").is_err(),
        "the fixture is over the limit"
    );
    for tab in [ShareTab::Phone, ShareTab::Share] {
        let state = state(
            bundle(SITE_WITH_APP, &articles),
            Route::Article("long".to_owned()),
            Some(PAGE_URL),
            Some(opened_at(tab)),
        );
        let panel = panel(&overlay_of(&state));
        assert!(all_tagged(&panel, "svg").is_empty(), "{tab:?}");
        let errors = all_with(&panel, "class", "qr-error");
        assert_eq!(errors.len(), 1, "{tab:?}");
        assert!(
            all_tagged(&panel, "figcaption").is_empty(),
            "no caption asks to scan a code that is not there"
        );
        assert_eq!(
            subtree(errors[0]).text_content(),
            format!("链接太长（{chars} 个字符），无法生成二维码")
        );
        let expect_href = match tab {
            ShareTab::Share => ShareSite::Weibo.link(&long_url, "长"),
            _ => long_url.clone(),
        };
        assert!(
            all_tagged(&panel, "a")
                .iter()
                .any(|link| link.attr("href") == Some(expect_href.as_str())),
            "the link itself is still offered on {tab:?}"
        );
    }
}

#[test]
fn the_overlay_escapes_a_hostile_title() {
    let articles = r#"{"id": "x", "channel": "focus", "title": "<img src=x onerror=alert(1)>",
        "published": "2024-03-01T08:00:00+08:00", "body": "正文"}"#;
    let state = state(
        bundle(SITE_WITH_APP, articles),
        Route::Article("x".to_owned()),
        Some(PAGE_URL),
        Some(opened_at(ShareTab::Share)),
    );
    let html = to_html(&overlay_of(&state));
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

// The overlay in the page.

/// The viewer's children as `(tag, class)`.
#[track_caller]
fn viewer_parts(page: &Node) -> Vec<(&'static str, Option<&str>)> {
    let Node::Element(viewer) = page else {
        panic!("the page is an element");
    };
    viewer
        .children()
        .iter()
        .map(|child| match child {
            Node::Element(element) => (element.tag(), element.attr("class")),
            other => panic!("{other:?} in the viewer"),
        })
        .collect()
}

#[test]
fn the_open_overlay_is_the_viewers_last_child_and_the_page_behind_is_inert() {
    let state = open_on("own", ShareTab::Phone);
    let page = page(&state);
    assert_eq!(
        viewer_parts(&page),
        [
            ("header", Some("masthead")),
            ("main", Some("page")),
            ("div", Some("share-layer"))
        ]
    );
    let Node::Element(viewer) = &page else {
        unreachable!("checked above");
    };
    let children = viewer.children();
    assert_eq!(
        children[2],
        overlay_of(&state),
        "the overlay is drawn for the route's article"
    );
    for part in &children[..2] {
        let Node::Element(element) = part else {
            unreachable!("checked above");
        };
        assert_eq!(
            element.attr("inert"),
            Some(""),
            "<{}> is inert",
            element.tag()
        );
    }
    assert_eq!(all_with(&page, "role", "dialog").len(), 1);
}

#[test]
fn a_closed_overlay_leaves_the_page_alone() {
    let mut state = open_on("own", ShareTab::Phone);
    state.share = None;
    let page = page(&state);
    assert_eq!(
        viewer_parts(&page),
        [("header", Some("masthead")), ("main", Some("page"))]
    );
    assert!(page
        .descendants()
        .iter()
        .all(|element| element.attr("inert").is_none()));
    assert!(all_with(&page, "role", "dialog").is_empty());
}

#[test]
fn the_overlay_is_drawn_only_on_an_article() {
    for route in [
        Route::Home,
        Route::Channel("focus".to_owned()),
        Route::Channel("sports".to_owned()),
        Route::Article("no-such".to_owned()),
    ] {
        let state = state(
            bundle(SITE_WITH_APP, ARTICLES),
            route.clone(),
            Some(PAGE_URL),
            Some(opened_at(ShareTab::Share)),
        );
        let page = page(&state);
        assert_eq!(
            viewer_parts(&page),
            [("header", Some("masthead")), ("main", Some("page"))],
            "{route:?}"
        );
        assert!(
            page.descendants()
                .iter()
                .all(|element| element.attr("inert").is_none()),
            "{route:?}"
        );
    }
}

#[test]
fn the_overlay_is_not_drawn_before_the_bundle_loads() {
    let state = State {
        route: Route::Article("own".to_owned()),
        share: Some(opened_at(ShareTab::Phone)),
        ..State::default()
    };
    assert_eq!(
        viewer_parts(&page(&state)),
        [("header", Some("masthead")), ("main", Some("page"))]
    );
}

#[test]
fn the_overlay_opens_and_closes_through_update() {
    let mut state = state(
        bundle(SITE_WITH_APP, ARTICLES),
        Route::Article("own".to_owned()),
        Some(PAGE_URL),
        None,
    );
    update(&mut state, Msg::OpenShare(ShareTab::Share));
    assert_eq!(all_with(&page(&state), "role", "dialog").len(), 1);
    update(&mut state, Msg::CloseShare);
    assert!(all_with(&page(&state), "role", "dialog").is_empty());
}

// The foot buttons.

/// The article view's foot.
#[track_caller]
fn footer(site: &str) -> Node {
    let state = state(
        bundle(site, ARTICLES),
        Route::Article("own".to_owned()),
        Some(PAGE_URL),
        None,
    );
    let page = page(&state);
    let footer = page
        .descendants()
        .into_iter()
        .find(|element| element.attr("class") == Some("article-actions"))
        .expect("the article has its actions");
    subtree(footer)
}

#[test]
fn foot_buttons_open_the_overlay_at_their_tab() {
    let footer = footer(SITE_WITH_APP);
    assert_eq!(
        to_html(&footer),
        concat!(
            r#"<footer class="article-actions" part="actions">"#,
            r#"<button type="button" class="action" id="av-action-app" data-action="open-share" data-value="app" "#,
            r#"aria-haspopup="dialog">客户端中查看</button>"#,
            r#"<button type="button" class="action" id="av-action-phone" data-action="open-share" data-value="phone" "#,
            r#"aria-haspopup="dialog">手机中查看</button>"#,
            r#"<button type="button" class="action" id="av-action-share" data-action="open-share" data-value="share" "#,
            r#"aria-haspopup="dialog">分享</button>"#,
            "</footer>"
        )
    );
    for button in all_tagged(&footer, "button") {
        assert_eq!(button.attr("disabled"), None);
        let value = button.attr("data-value").expect("a value");
        let tab = ShareTab::parse(value).expect("a share tab");
        assert_eq!(button.attr("id"), Some(action_id(tab).as_str()));
        assert!(
            Msg::for_action("open-share", value)
                .is_some_and(|msg| matches!(msg, Msg::OpenShare(opens) if opens == tab)),
            "{value} opens its tab"
        );
    }
}

#[test]
fn the_app_foot_button_is_left_out_without_an_app() {
    let footer = footer(SITE_WITHOUT_APP);
    let values: Vec<&str> = all_tagged(&footer, "button")
        .iter()
        .map(|button| button.attr("data-value").unwrap_or(""))
        .collect();
    assert_eq!(values, ["phone", "share"]);
    assert_eq!(footer.text_content(), "手机中查看分享");
    assert!(all_with(&footer, "id", "av-action-app").is_empty());
}
