//! Browser tests: a bundle mounted into a real document, checked through the DOM.
//! `make test` runs them in headless Chromium, Firefox and WebKit.
#![cfg(target_arch = "wasm32")]
// A test that finds the page not as expected should stop right there.
#![allow(clippy::unwrap_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use article_viewer::app::App;
use article_viewer::bundle;
use article_viewer::fetch::FetchError;
use article_viewer::route::Route;
use article_viewer::state::{Load, LoadFailure, LoadProgress, Msg, State};
use article_viewer::view;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test as test;
use wasm_bindgen_test::wasm_bindgen_test_configure;
use web_sys::{Document, Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The system allocator, counting the bytes held: a leak shows as bytes that a repeated action leaves held.
/// The only unsafe code of the project, and only in this test binary: an allocator is an unsafe trait.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is added.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size, Ordering::Relaxed);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SAMPLE: &str = include_str!("../www/bundles/sample.json");

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn document() -> Document {
    window().document().unwrap()
}

/// A fresh element in the body to mount a viewer into.
fn mount_point() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts a viewer showing `json` at `route`.
fn show_at(json: &str, route: Route) -> (App, Element) {
    let root = mount_point();
    let app = App::new(root.clone());
    let parsed = js_sys::JSON::parse(json).expect("fixture is JSON");
    app.show("https://test.example.cn/bundles/test.json", &parsed);
    app.dispatch(Msg::Navigate(route));
    (app, root)
}

/// The id and title of the sample bundle's article at `index`.
fn sample_article(index: u32) -> (String, String) {
    let parsed = js_sys::JSON::parse(SAMPLE).unwrap();
    let articles = js_sys::Reflect::get(&parsed, &"articles".into()).unwrap();
    let article = js_sys::Reflect::get_u32(&articles, index).unwrap();
    let field = |name: &str| {
        js_sys::Reflect::get(&article, &name.into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    (field("id"), field("title"))
}

fn select(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn select_all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|index| list.item(index).unwrap().dyn_into::<Element>().unwrap())
        .collect()
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn click(element: &Element) {
    element.dyn_ref::<HtmlElement>().unwrap().click();
}

fn press(element: &Element, key: &str) {
    press_with_shift(element, key, false);
}

fn press_with_shift(element: &Element, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

fn focused() -> Element {
    document().active_element().unwrap()
}

fn page_scroll_locked() -> bool {
    let html = document().document_element().unwrap();
    let style = html.dyn_ref::<HtmlElement>().unwrap().style();
    style.get_property_value("overflow").unwrap() == "hidden"
}

/// The sample's first article, with the share overlay opened by the foot button for `tab`.
fn open_share(tab: &str) -> (App, Element) {
    let (id, _) = sample_article(0);
    let (app, root) = show_at(SAMPLE, Route::Article(id));
    click(&select(&root, &format!("#av-action-{tab}")));
    (app, root)
}

fn selected_tab(root: &Element) -> Element {
    select(root, "[role=tab][aria-selected=true]")
}

fn focused_id() -> String {
    document()
        .active_element()
        .map(|element| element.id())
        .unwrap_or_default()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `done` holds, for at most five seconds (browsers differ in how soon promises settle).
async fn until(done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        sleep(20).await;
    }
}

/// Leaves the runner's page as it found it: no hash, nothing remembered.
///
/// WebKit refuses `history.replaceState` beyond 100 calls in 10 seconds, and the viewer under test makes some of
/// its own: one call here, and when it is refused, waiting for the window to pass rather than failing the test.
async fn reset_location() {
    let url = window().location().pathname().unwrap() + &window().location().search().unwrap();
    for _ in 0..60 {
        let replaced =
            window()
                .history()
                .unwrap()
                .replace_state_with_url(&JsValue::NULL, "", Some(&url));
        if replaced.is_ok() {
            return;
        }
        sleep(250).await;
    }
    panic!("history.replaceState was refused for 15 seconds");
}

fn bundle_with_body(body: &str) -> String {
    let body = js_sys::JSON::stringify(&JsValue::from_str(body))
        .unwrap()
        .as_string()
        .unwrap();
    format!(
        r#"{{"format":"article-bundle","version":1,
            "site":{{"name":"投资山西","url":"https://invest.example.cn/"}},
            "channels":[{{"id":"focus","name":"焦点图"}}],
            "articles":[{{"id":"a","channel":"focus","title":"标题","published":"2023-07-22T12:00:00+08:00","body":{body}}}]}}"#
    )
}

#[test]
fn sample_article_mounts_with_every_part() {
    let (id, title) = sample_article(0);
    let (_app, root) = show_at(SAMPLE, Route::Article(id));
    assert_eq!(text(&select(&root, "article h1")), title);
    let time = select(&root, ".meta time");
    let datetime = time.get_attribute("datetime").unwrap();
    assert!(
        datetime.contains('T') && datetime.contains("+08:00"),
        "{datetime}"
    );
    assert_eq!(text(&time).len(), "2023-07-22 12:00:00".len());
    let meta = text(&select(&root, ".meta"));
    for label in ["发布时间", "来源", "作者", "责任编辑"] {
        assert!(meta.contains(label), "{label} missing from {meta}");
    }
    let image = select(&root, "figure.lead img");
    assert_eq!(
        image.get_attribute("src").unwrap(),
        "https://test.example.cn/bundles/media/lead.svg",
        "the lead resolves against the bundle's URL"
    );
    assert!(!image.get_attribute("alt").unwrap().is_empty());
    assert!(!text(&select(&root, "figure.lead figcaption")).is_empty());
    assert!(select_all(&root, ".article-body p").len() >= 2);
    assert!(!text(&select(&root, ".byline")).is_empty());
    let buttons: Vec<String> = select_all(&root, ".article-actions button")
        .iter()
        .map(text)
        .collect();
    assert_eq!(buttons, ["客户端中查看", "手机中查看", "分享"]);
    let crumbs: Vec<String> = select_all(&root, "nav.breadcrumb a")
        .iter()
        .map(|link| link.get_attribute("href").unwrap())
        .collect();
    assert_eq!(crumbs, ["#/", "#/channel/focus"]);
    assert_eq!(document().title(), format!("{title} — 投资山西"));
}

#[test]
fn markup_in_a_body_runs_nothing_and_keeps_no_handler() {
    let body = "<script>window.avPwned = 1</script>\n\n\
                段落 <img src=x onerror=\"window.avPwned = 2\"> 结束\n\n\
                [点我](javascript:window.avPwned=3) 和 [也点我](JaVa&#x53;cript:window.avPwned=4) \
                <a href=\"jav&#x61;script:window.avPwned=5\">还有我</a>";
    let (_app, root) = show_at(&bundle_with_body(body), Route::Article("a".into()));
    let article_body = select(&root, ".article-body");
    assert!(
        select_all(&article_body, "script").is_empty(),
        "{}",
        article_body.inner_html()
    );
    // The picture stays a picture; its handler is gone, and so is the script with its text.
    let images = select_all(&article_body, "img");
    assert_eq!(images.len(), 1, "{}", article_body.inner_html());
    assert_eq!(
        images[0].get_attribute_names().length(),
        4,
        "{}",
        images[0].outer_html()
    );
    assert!(!images[0].has_attribute("onerror"));
    assert!(
        !text(&article_body).contains("avPwned"),
        "{}",
        text(&article_body)
    );
    let links: Vec<String> = select_all(&article_body, "a")
        .iter()
        .map(Element::outer_html)
        .collect();
    assert!(links.is_empty(), "a refused URL became a link: {links:?}");
    assert!(text(&article_body).contains("点我") && text(&article_body).contains("还有我"));
}

#[test]
fn real_documents_show_pictures_and_markup_not_tags() {
    // The patterns of READMEs and newsletters: a centred cover picture, line breaks, keys, sub- and superscript,
    // a collapsed section holding Markdown, an unknown tag, a comment, and a URL inside a code block.
    let body = "<p align=\"center\"><img src='data:image/png;base64,iVBORw0KGgo=' width='120' alt='封面'></p>\n\n\
                第一行<br>第二行，按 <kbd>Ctrl</kbd>+<KBD>C</KBD>，H<sub>2</sub>O 与 x<sup>2</sup>。\n\n\
                <details><summary>展开</summary>\n\n**隐藏的内容**\n\n</details>\n\n\
                <font color=red>红字</font> <!-- 注释 -->\n\n\
                ```shell\ncurl http://example.com/text.iso --silent -O\n```";
    let (_app, root) = show_at(&bundle_with_body(body), Route::Article("a".into()));
    let article_body = select(&root, ".article-body");
    let shown = text(&article_body);
    for tag in [
        "<p", "<img", "<br", "<kbd", "<details", "<font", "<!--", "注释",
    ] {
        assert!(!shown.contains(tag), "{tag} shown as text: {shown}");
    }
    let cover = select(&article_body, ".align-center > img");
    assert_eq!(cover.get_attribute("alt").as_deref(), Some("封面"));
    assert_eq!(cover.get_attribute("width").as_deref(), Some("120"));
    assert_eq!(select_all(&article_body, "br").len(), 1);
    assert_eq!(select_all(&article_body, "kbd").len(), 2);
    assert_eq!(select_all(&article_body, "sub, sup").len(), 2);
    assert_eq!(text(&select(&article_body, "details summary")), "展开");
    assert_eq!(text(&select(&article_body, "details strong")), "隐藏的内容");
    assert!(shown.contains("红字"));
    assert!(
        select_all(&article_body, "pre a").is_empty(),
        "code is code"
    );
    assert!(text(&select(&article_body, "pre code")).contains("http://example.com/text.iso"));
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn inert_payloads_never_run() {
    let body = "<img src=x onerror=\"window.avPwned = 1\">\n\n![x](javascript:window.avPwned=2)";
    let (_app, _root) = show_at(&bundle_with_body(body), Route::Article("a".into()));
    sleep(100).await;
    let canary = js_sys::Reflect::get(&window(), &"avPwned".into()).unwrap();
    assert!(canary.is_undefined(), "a payload ran: {canary:?}");
}

#[test]
fn broken_bundle_shows_an_alert_naming_the_field() {
    let json = r#"{"format":"article-bundle","version":1,"site":{"name":"投资山西","url":"invest"},
                   "channels":[{"id":"focus","name":"焦点图"}],"articles":[]}"#;
    let (_app, root) = show_at(json, Route::Home);
    let alert = select(&root, "[role=alert]");
    assert!(
        text(&alert).contains(r#"site.url: expected an absolute http(s) URL, found "invest""#),
        "{}",
        text(&alert)
    );
}

#[test]
fn newer_format_version_is_refused_with_the_version_we_read() {
    let (_app, root) = show_at(r#"{"format":"article-bundle","version":2}"#, Route::Home);
    let alert = text(&select(&root, "[role=alert]"));
    assert!(
        alert.contains("version: this viewer reads version 1 bundles, found 2"),
        "{alert}"
    );
}

#[test]
fn a_bad_article_is_skipped_and_named_while_the_rest_show() {
    let json = r#"{"format":"article-bundle","version":1,"site":{"name":"投资山西","url":"https://invest.example.cn/"},
        "channels":[{"id":"focus","name":"焦点图"}],
        "articles":[
          {"id":"good","channel":"focus","title":"好文章","published":"2023-07-22T12:00:00+08:00","body":"正文"},
          {"id":"bad-date","channel":"focus","title":"坏日期","published":"2023-02-30T12:00:00+08:00","body":"正文"}]}"#;
    let (_app, root) = show_at(json, Route::Home);
    let titles: Vec<String> = select_all(&root, ".article-list .article-title")
        .iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["好文章"]);
    let notices = text(&select(&root, ".notices"));
    assert!(
        notices.contains("bad-date") && notices.contains("articles[1].published"),
        "{notices}"
    );
}

#[test]
fn home_shows_the_channel_tabs_with_the_first_selected() {
    let (_app, root) = show_at(SAMPLE, Route::Home);
    let tabs: Vec<String> = select_all(&root, "[role=tablist] [role=tab]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(tabs, ["焦点图", "经济动态"]);
    let selected = selected_tab(&root);
    assert_eq!(text(&selected), "焦点图");
    assert_eq!(selected.get_attribute("tabindex").as_deref(), Some("0"));
    let panel = select(&root, "[role=tabpanel]");
    assert_eq!(selected.get_attribute("aria-controls"), Some(panel.id()));
    assert_eq!(panel.get_attribute("aria-labelledby"), Some(selected.id()));
    let dates: Vec<String> = select_all(&panel, ".article-item time")
        .iter()
        .map(text)
        .collect();
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert!(dates.len() >= 2);
    assert_eq!(dates, newest_first, "the list is newest first");
    assert_eq!(
        select(&root, ".site-name").get_attribute("href").as_deref(),
        Some("#/")
    );
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn clicking_a_tab_shows_its_list_and_changes_the_hash_in_place() {
    let (_app, root) = show_at(SAMPLE, Route::Home);
    let tablist = select(&root, "[role=tablist]");
    let first_item = select(&root, ".article-list");
    click(&select(&root, "#av-tab-channels-economy"));
    sleep(50).await;
    assert_eq!(window().location().hash().unwrap(), "#/channel/economy");
    assert_eq!(text(&selected_tab(&root)), "经济动态");
    assert!(text(&select(&root, ".article-list")).contains("一季度"));
    // The page was patched, not rebuilt: the tab list and the list are the same elements.
    assert!(tablist.is_connected() && first_item.is_connected());
    assert!(select(&root, "[role=tablist]") == tablist);
    reset_location().await;
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn arrow_keys_move_focus_and_selection_and_wrap() {
    let (_app, root) = show_at(SAMPLE, Route::Home);
    let first = select(&root, "#av-tab-channels-focus");
    first.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    press(&first, "ArrowRight");
    assert_eq!(focused_id(), "av-tab-channels-economy");
    assert_eq!(selected_tab(&root).id(), "av-tab-channels-economy");
    assert_eq!(window().location().hash().unwrap(), "#/channel/economy");
    assert!(text(&select(&root, ".article-list")).contains("一季度"));
    press(&selected_tab(&root), "ArrowRight");
    assert_eq!(
        focused_id(),
        "av-tab-channels-focus",
        "right wraps to the first tab"
    );
    press(&selected_tab(&root), "ArrowLeft");
    assert_eq!(
        focused_id(),
        "av-tab-channels-economy",
        "left wraps to the last tab"
    );
    press(&selected_tab(&root), "Home");
    assert_eq!(selected_tab(&root).id(), "av-tab-channels-focus");
    press(&selected_tab(&root), "End");
    assert_eq!(selected_tab(&root).id(), "av-tab-channels-economy");
    let unselected: Vec<Option<String>> = select_all(&root, "[role=tab][aria-selected=false]")
        .iter()
        .map(|tab| tab.get_attribute("tabindex"))
        .collect();
    assert_eq!(unselected, [Some("-1".to_owned())], "roving tabindex");
    reset_location().await;
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn back_returns_to_the_previous_view_and_its_scroll_position() {
    let (long_id, long_title) = sample_article(4);
    reset_location().await;
    window()
        .location()
        .set_hash(&format!("#/article/{long_id}"))
        .unwrap();
    sleep(50).await;
    let (_app, root) = show_at(SAMPLE, Route::Article(long_id));
    // Make sure the page can scroll far enough, whatever the runner's window size.
    let spacer = document().create_element("div").unwrap();
    spacer.set_attribute("style", "height: 3000px").unwrap();
    document().body().unwrap().append_child(&spacer).unwrap();
    window().scroll_to_with_x_and_y(0.0, 700.0);
    sleep(50).await;
    let scrolled = window().scroll_y().unwrap();
    assert!(scrolled > 600.0, "the page scrolled: {scrolled}");

    click(&select(&root, "nav.breadcrumb a[href='#/channel/focus']"));
    sleep(100).await;
    assert_eq!(text(&selected_tab(&root)), "焦点图");
    assert!(
        window().scroll_y().unwrap() < 1.0,
        "a new view starts at the top"
    );

    window().history().unwrap().back().unwrap();
    sleep(300).await;
    assert_eq!(text(&select(&root, "article h1")), long_title);
    let restored = window().scroll_y().unwrap();
    assert!(
        (restored - scrolled).abs() < 2.0,
        "scroll restored to {restored}, was {scrolled}"
    );
    spacer.remove();
    reset_location().await;
}

#[test]
async fn a_page_viewer_titles_and_describes_the_article_shown() {
    let (id, title) = sample_article(0);
    let (_app, _root) = show_at(SAMPLE, Route::Article(id));
    assert!(
        document().title().starts_with(&title),
        "{}",
        document().title()
    );
    let description = select(
        &document().document_element().unwrap(),
        "meta[name=description]",
    )
    .get_attribute("content")
    .unwrap();
    let body = text(&select(
        &document().document_element().unwrap(),
        "article .article-body p",
    ));
    assert!(
        description.starts_with(body.chars().take(20).collect::<String>().trim()),
        "{description:?} opens as the article does: {body:?}"
    );
    reset_location().await;
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn deep_links_render_directly() {
    reset_location().await;
    window().location().set_hash("#/channel/economy").unwrap();
    sleep(50).await;
    let root = mount_point();
    let app = App::new(root.clone());
    app.show(
        "https://test.example.cn/b.json",
        &js_sys::JSON::parse(SAMPLE).unwrap(),
    );
    assert_eq!(text(&selected_tab(&root)), "经济动态");

    let (id, title) = sample_article(2);
    window()
        .location()
        .set_hash(&format!("#/article/{id}"))
        .unwrap();
    sleep(50).await;
    let root = mount_point();
    let app = App::new(root.clone());
    app.show(
        "https://test.example.cn/b.json",
        &js_sys::JSON::parse(SAMPLE).unwrap(),
    );
    assert_eq!(text(&select(&root, "article h1")), title);
    assert_eq!(document().title(), format!("{title} — 投资山西"));
    reset_location().await;
}

#[test]
fn unknown_ids_show_a_way_home() {
    let (app, root) = show_at(SAMPLE, Route::Article("<b>no-such</b>".into()));
    let not_found = select(&root, ".not-found");
    assert!(text(&not_found).contains("<b>no-such</b>"));
    assert!(select_all(&root, ".not-found b").is_empty());
    assert_eq!(
        select(&not_found, "a").get_attribute("href").as_deref(),
        Some("#/")
    );
    app.dispatch(Msg::Navigate(Route::Channel("no-such-channel".into())));
    assert!(text(&select(&root, ".not-found")).contains("no-such-channel"));
}

#[test]
fn the_pager_leads_to_the_neighbours_in_the_channel() {
    let (id, _) = sample_article(0);
    let (app, root) = show_at(SAMPLE, Route::Article(id.clone()));
    let pager = select(&root, "nav.pager");
    for link in select_all(&pager, "a") {
        let title = text(&select(&link, ".pager-title"));
        let rel = link.get_attribute("rel").unwrap();
        app.dispatch(Msg::Navigate(Route::parse(
            &link.get_attribute("href").unwrap(),
        )));
        assert_eq!(text(&select(&root, "article h1")), title);
        // From the neighbour, the way back is the opposite link.
        let back_rel = if rel == "prev" { "next" } else { "prev" };
        let back = select(&root, &format!("nav.pager a[rel={back_rel}]"));
        assert_eq!(back.get_attribute("href"), Some(format!("#/article/{id}")));
    }
}

#[test]
fn reading_preferences_survive_a_reload() {
    let storage = window().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let (app, root) = show_at(SAMPLE, Route::Home);
    let viewer = select(&root, ".viewer");
    assert_eq!(
        viewer.get_attribute("data-font-size").as_deref(),
        Some("medium")
    );
    click(&select(&root, "[data-action=font-size][data-value=large]"));
    click(&select(&root, "[data-action=theme][data-value=dark]"));
    assert_eq!(
        viewer.get_attribute("data-font-size").as_deref(),
        Some("large")
    );
    assert_eq!(viewer.get_attribute("data-theme").as_deref(), Some("dark"));
    let pressed = select(&root, "[data-action=font-size][aria-pressed=true]");
    assert_eq!(text(&pressed), "大");
    drop(app);

    // A new viewer, as after a reload, starts with the choices made.
    let (_app, root) = show_at(SAMPLE, Route::Home);
    let viewer = select(&root, ".viewer");
    assert_eq!(
        viewer.get_attribute("data-font-size").as_deref(),
        Some("large")
    );
    assert_eq!(viewer.get_attribute("data-theme").as_deref(), Some("dark"));
    storage.clear().unwrap();
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_failed_fetch_names_the_url_and_the_status() {
    let root = mount_point();
    let app = App::new(root.clone());
    app.load("/no-such-bundle.json").await;
    let alert = text(&select(&root, "[role=alert]"));
    assert!(
        alert.contains("/no-such-bundle.json") && alert.contains("HTTP 404"),
        "{alert}"
    );
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_fetched_bundle_shows_and_bad_json_says_so() {
    let root = mount_point();
    let app = App::new(root.clone());
    app.dispatch(Msg::Navigate(Route::Article("a".into())));
    let url = format!(
        "data:application/json,{}",
        js_sys::encode_uri_component(&bundle_with_body("你好，世界"))
    );
    app.load(&url).await;
    assert_eq!(text(&select(&root, ".article-body p")), "你好，世界");

    app.load("data:application/json,%7B%22format%22%3A").await;
    let alert = text(&select(&root, "[role=alert]"));
    assert!(alert.contains("not valid JSON"), "{alert}");
}

#[test]
fn each_foot_button_opens_the_overlay_at_its_tab() {
    for (tab, label) in [
        ("app", "客户端中查看"),
        ("phone", "手机中查看"),
        ("share", "分享"),
    ] {
        let (_app, root) = open_share(tab);
        let dialog = select(&root, "[role=dialog]");
        assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
        let title_id = dialog.get_attribute("aria-labelledby").unwrap();
        assert_eq!(
            text(&select(&dialog, &format!("#{title_id}"))),
            "查看与分享"
        );
        let selected = select(&dialog, "[role=tab][aria-selected=true]");
        assert_eq!(text(&selected), label);
        assert_eq!(
            focused_id(),
            format!("av-tab-share-{tab}"),
            "focus moves into the dialog"
        );
        assert!(page_scroll_locked(), "the page behind does not scroll");
        assert!(select(&root, "main").has_attribute("inert"));
        press(&focused(), "Escape");
        root.remove();
    }
}

#[test]
fn escape_close_button_and_backdrop_close_it_and_focus_returns() {
    for how in ["escape", "close", "backdrop"] {
        let (_app, root) = open_share("share");
        match how {
            "escape" => press(&focused(), "Escape"),
            "close" => click(&select(&root, ".dialog .close")),
            _ => click(&select(&root, ".backdrop")),
        }
        assert!(
            root.query_selector("[role=dialog]").unwrap().is_none(),
            "{how} closes it"
        );
        assert_eq!(
            focused_id(),
            "av-action-share",
            "after {how}, focus returns to the button"
        );
        assert!(!page_scroll_locked());
        assert!(!select(&root, "main").has_attribute("inert"));
        root.remove();
    }
}

#[test]
fn a_click_inside_the_dialog_does_not_close_it() {
    let (_app, root) = open_share("phone");
    click(&select(&root, ".dialog .qr-figure figcaption"));
    assert!(root.query_selector("[role=dialog]").unwrap().is_some());
    press(&focused(), "Escape");
}

#[test]
fn tab_stays_inside_the_dialog() {
    let (_app, root) = open_share("share");
    let dialog = select(&root, "[role=dialog]");
    let close = select(&dialog, ".close");
    close.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    press_with_shift(&close, "Tab", true);
    let last = focused();
    assert!(
        dialog.contains(Some(&last)),
        "Shift+Tab from the first element wraps to the last"
    );
    assert!(!last.is_same_node(Some(&close)));
    press(&last, "Tab");
    assert!(
        focused().is_same_node(Some(&close)),
        "Tab from the last element wraps to the first"
    );
    press(&focused(), "Escape");
}

#[test]
fn the_tabs_switch_with_clicks_and_arrows_without_touching_the_url() {
    let hash_before = window().location().hash().unwrap();
    let (_app, root) = open_share("app");
    click(&select(&root, "#av-tab-share-phone"));
    assert_eq!(
        text(&select(&root, ".dialog [role=tab][aria-selected=true]")),
        "手机中查看"
    );
    press(&focused(), "ArrowRight");
    assert_eq!(focused_id(), "av-tab-share-share");
    assert_eq!(
        text(&select(&root, ".dialog [role=tab][aria-selected=true]")),
        "分享"
    );
    press(&focused(), "ArrowRight");
    assert_eq!(focused_id(), "av-tab-share-app", "wraps");
    assert_eq!(
        window().location().hash().unwrap(),
        hash_before,
        "the overlay adds nothing to the history"
    );
    press(&focused(), "Escape");
}

#[test]
fn the_qr_codes_are_labelled_svg() {
    let (_app, root) = open_share("phone");
    let svg = select(&root, ".dialog svg.qr");
    assert_eq!(
        svg.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let label = svg.get_attribute("aria-label").unwrap();
    let url = text(&select(&root, ".share-url"));
    assert_eq!(label, format!("二维码：{url}"));
    assert!(
        url.starts_with("https://invest.example.cn/"),
        "the article's own url: {url}"
    );
    let drawn = svg.get_bounding_client_rect();
    assert!(
        drawn.width() > 100.0 && (drawn.width() - drawn.height()).abs() < 1.0,
        "drawn square: {}",
        drawn.width()
    );
    press(&focused(), "Escape");
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn copy_link_copies_or_shows_the_link_to_copy_by_hand() {
    let (_app, root) = open_share("share");
    click(&select(&root, "[data-action=copy-link]"));
    let mut status = String::new();
    for _ in 0..40 {
        sleep(50).await;
        status = text(&select(&root, ".copy-status"));
        if !status.is_empty() {
            break;
        }
    }
    let expected_url = text(&select(&root, ".share-targets"))
        .is_empty()
        .then(String::new)
        .unwrap_or_else(|| {
            select(&root, ".dialog svg.qr")
                .get_attribute("aria-label")
                .unwrap()
                .replace("二维码：", "")
        });
    if status == "已复制链接。" {
        // Where the test browser also lets us read the clipboard back, it must hold the article's URL.
        let clipboard = window().navigator().clipboard();
        if let Ok(read) = wasm_bindgen_futures::JsFuture::from(clipboard.read_text()).await {
            assert_eq!(read.as_string().unwrap(), expected_url);
        }
    } else {
        assert!(status.contains("手动复制"), "{status}");
        let input = select(&root, "#av-copy-fallback");
        let value = input
            .dyn_ref::<web_sys::HtmlInputElement>()
            .unwrap()
            .value();
        assert_eq!(value, expected_url);
        assert!(
            focused().is_same_node(Some(&input)),
            "the link is selected for copying by hand"
        );
    }
    press(&focused(), "Escape");
}

#[test]
fn leaving_the_article_closes_the_overlay() {
    let (app, root) = open_share("share");
    app.dispatch(Msg::Navigate(Route::Home));
    assert!(root.query_selector("[role=dialog]").unwrap().is_none());
    assert!(!page_scroll_locked());
    assert!(
        select_all(&root, "[role=tab]").len() >= 2,
        "the home view shows"
    );
}

/// The results shown, after checking there are some and each marks only `term`, and marks it at least once.
fn results_marking(root: &Element, term: &str) -> Vec<Element> {
    let results = select_all(root, "ol.results > li");
    assert!(
        !results.is_empty(),
        "{}",
        text(&select(root, ".search-results"))
    );
    for result in &results {
        let marks: Vec<String> = select_all(result, "mark").iter().map(text).collect();
        assert!(!marks.is_empty(), "every result shows where it matched");
        assert!(marks.iter().all(|mark| mark == term), "{marks:?}");
    }
    results
}

/// Types `text` into the search box as a reader would: the value changes and an `input` event fires.
fn type_query(root: &Element, text: &str) {
    let input = select(root, "#av-search");
    input
        .dyn_ref::<web_sys::HtmlInputElement>()
        .unwrap()
        .set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn typing_a_query_shows_marked_results() {
    reset_location().await;
    let (_app, root) = show_at(SAMPLE, Route::Home);
    let search = select(&root, "form[role=search]");
    assert_eq!(
        select(&search, "label").get_attribute("for").as_deref(),
        Some("av-search")
    );
    assert_eq!(
        select(&search, "input").get_attribute("type").as_deref(),
        Some("search")
    );
    type_query(&root, "黄河");
    sleep(400).await;
    assert!(
        window()
            .location()
            .hash()
            .unwrap()
            .starts_with("#/search?q="),
        "the route follows the query"
    );
    let results = results_marking(&root, "黄河");
    assert!(text(&select(&root, ".search-summary")).contains(&results.len().to_string()));
    // Back leaves the search for the view before it.
    window().history().unwrap().back().unwrap();
    sleep(300).await;
    assert!(root.query_selector("ol.results").unwrap().is_none());
    reset_location().await;
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_search_deep_link_shows_results_and_a_result_opens_marked() {
    reset_location().await;
    window()
        .location()
        .set_hash("#/search?q=%E9%BB%84%E6%B2%B3")
        .unwrap();
    sleep(50).await;
    let root = mount_point();
    let app = App::new(root.clone());
    app.show(
        "https://test.example.cn/b.json",
        &js_sys::JSON::parse(SAMPLE).unwrap(),
    );
    let input = select(&root, "#av-search");
    assert_eq!(
        input
            .dyn_ref::<web_sys::HtmlInputElement>()
            .unwrap()
            .value(),
        "黄河"
    );
    // The search engine's module loads first (here the one built into the test's module).
    until(|| {
        root.query_selector("ol.results a.result-title")
            .unwrap()
            .is_some()
    })
    .await;
    let first = select(&root, "ol.results a.result-title");
    let title = text(&first);
    let href = first.get_attribute("href").unwrap();
    assert!(href.contains("?q="), "{href}");
    click(&first);
    sleep(200).await;
    assert_eq!(text(&select(&root, "article h1")), title);
    let marks: Vec<String> = select_all(&root, "article mark").iter().map(text).collect();
    assert!(
        !marks.is_empty() && marks.iter().all(|mark| mark == "黄河"),
        "{marks:?}"
    );
    drop(app);
    reset_location().await;
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn no_results_says_so() {
    reset_location().await;
    let (_app, root) = show_at(SAMPLE, Route::Home);
    type_query(&root, "不存在的词语组合");
    sleep(400).await;
    assert!(text(&select(&root, ".search-summary")).contains("没有找到"));
    assert!(root.query_selector("ol.results").unwrap().is_none());
    reset_location().await;
}

// The site's prebuilt index (issue 8): files fetched as queries need them, through the browser's own `fetch`
// (replaced for the test by one that answers from index files built here, and counts what is asked).

/// Replaces `window.fetch` with one answering from `files` (URL → bytes; anything else is a 404) and logging
/// each URL asked for; the returned guard puts the browser's back.
struct FetchStub {
    original: JsValue,
    asked: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    _closure: Closure<dyn FnMut(String, JsValue) -> js_sys::Promise>,
}

impl FetchStub {
    /// A host of `files` that sends whole files, whatever was asked.
    fn install(files: std::collections::HashMap<String, Vec<u8>>) -> FetchStub {
        FetchStub::serving(files, false)
    }

    /// A host of `files` that sends the byte range a `Range` header asks for (`ranges`), or whole files. Asked
    /// URLs are logged with the range asked for after a space.
    fn serving(files: std::collections::HashMap<String, Vec<u8>>, ranges: bool) -> FetchStub {
        let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let log = asked.clone();
        let closure = Closure::<dyn FnMut(String, JsValue) -> js_sys::Promise>::new(
            move |url: String, init: JsValue| {
                // `bytes=start-last`, from the init's headers when there are any.
                let range = js_sys::Reflect::get(&init, &"headers".into())
                    .ok()
                    .and_then(|headers| headers.dyn_into::<web_sys::Headers>().ok())
                    .and_then(|headers| headers.get("Range").ok().flatten());
                log.borrow_mut().push(match &range {
                    Some(range) => format!("{url} {range}"),
                    None => url.clone(),
                });
                let part = range.as_deref().and_then(|range| {
                    let (start, last) = range.strip_prefix("bytes=")?.split_once('-')?;
                    Some((start.parse::<usize>().ok()?, last.parse::<usize>().ok()?))
                });
                let response = match (files.get(&url), part) {
                    (Some(bytes), Some((start, last))) if ranges => {
                        let init = web_sys::ResponseInit::new();
                        init.set_status(206);
                        let headers = web_sys::Headers::new().unwrap();
                        headers
                            .set(
                                "Content-Range",
                                &format!("bytes {start}-{last}/{}", bytes.len()),
                            )
                            .unwrap();
                        init.set_headers(&headers);
                        web_sys::Response::new_with_opt_buffer_source_and_init(
                            Some(&js_sys::Uint8Array::from(&bytes[start..=last])),
                            &init,
                        )
                        .unwrap()
                    }
                    // A copy owned by JavaScript: a view of wasm memory could change before the body is read.
                    (Some(bytes), _) => web_sys::Response::new_with_opt_buffer_source(Some(
                        &js_sys::Uint8Array::from(bytes.as_slice()),
                    ))
                    .unwrap(),
                    (None, _) => {
                        let init = web_sys::ResponseInit::new();
                        init.set_status(404);
                        web_sys::Response::new_with_opt_str_and_init(Some("no such file"), &init)
                            .unwrap()
                    }
                };
                let response: JsValue = response.into();
                js_sys::Promise::resolve(&response)
            },
        );
        let original = js_sys::Reflect::get(&window(), &"fetch".into()).unwrap();
        js_sys::Reflect::set(&window(), &"fetch".into(), closure.as_ref()).unwrap();
        FetchStub {
            original,
            asked,
            _closure: closure,
        }
    }

    fn asked(&self) -> Vec<String> {
        self.asked.borrow().clone()
    }
}

impl Drop for FetchStub {
    fn drop(&mut self) {
        js_sys::Reflect::set(&window(), &"fetch".into(), &self.original).unwrap();
    }
}

/// The sample bundle, its site naming an index at `https://test.example.cn/search/index.txt`, with the index's
/// files: its articles appear to live in `https://test.example.cn/bundles/other.json`.
fn sample_with_site_index() -> (String, std::collections::HashMap<String, Vec<u8>>) {
    use article_viewer::search::chunks::{self, Origin};
    let json = SAMPLE.replacen(
        "\"site\": {",
        "\"site\": {\n    \"search_index\": \"../search/index.txt\",",
        1,
    );
    assert_ne!(json, SAMPLE, "the sample's site object is found");
    let (parsed, _) = read_whole(&json);
    let origins: Vec<Origin> = parsed
        .articles()
        .iter()
        .map(|article| Origin {
            bundle: "../bundles/other.json".to_owned(),
            channel: parsed.channel(article.channel()).unwrap().name().to_owned(),
        })
        .collect();
    let (manifest, pieces) = chunks::build(parsed.articles(), &origins, None);
    let files = chunks::files(&manifest, pieces)
        .map(|piece| {
            (
                format!("https://test.example.cn/search/{}", piece.name),
                piece.bytes,
            )
        })
        .collect();
    (json, files)
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn the_site_index_loads_on_focus_and_searches_every_bundle() {
    // From a host that sends byte ranges, and from one that sends whole files: the same results.
    let with_ranges = search_the_site_index(true).await;
    let whole_files = search_the_site_index(false).await;
    assert_eq!(with_ranges, whole_files);
    // The same results as searching the bundle itself.
    reset_location().await;
    let (_app, root) = show_at(SAMPLE, Route::Home);
    type_query(&root, "黄河");
    sleep(400).await;
    let local: Vec<String> = select_all(&root, "ol.results a.result-title")
        .iter()
        .map(text)
        .collect();
    assert_eq!(with_ranges, local);
    reset_location().await;
}

/// Searches the sample through its site index, served with byte ranges or not; returns the results' titles.
async fn search_the_site_index(ranges: bool) -> Vec<String> {
    reset_location().await;
    let (json, files) = sample_with_site_index();
    let stub = FetchStub::serving(files, ranges);
    let (app, root) = show_at(&json, Route::Home);
    sleep(50).await;
    assert!(
        stub.asked().is_empty(),
        "nothing is fetched before the reader searches"
    );
    let input = select(&root, "#av-search");
    input.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    until(|| stub.asked().iter().any(|url| url.contains("/head-"))).await;
    let asked = stub.asked();
    assert_eq!(
        asked[0], "https://test.example.cn/search/index.txt",
        "{asked:?}"
    );
    assert!(asked.iter().any(|url| url.contains("/head-")), "{asked:?}");

    type_query(&root, "黄河");
    until(|| {
        root.query_selector(".search-results:not([aria-busy]) ol.results")
            .unwrap()
            .is_some()
    })
    .await;
    let results = results_marking(&root, "黄河");
    for result in &results {
        let href = select(result, "a.result-title")
            .get_attribute("href")
            .unwrap();
        assert!(
            href.contains("?bundle=https%3A%2F%2Ftest.example.cn%2Fbundles%2Fother.json#/article/"),
            "a result in another bundle opens the viewer on it: {href}"
        );
    }
    let asked = stub.asked();
    assert!(
        asked
            .iter()
            .any(|url| url.contains("/chars-") && url.contains(" bytes=")),
        "chunks are asked for as byte ranges: {asked:?}"
    );
    assert!(asked.iter().any(|url| url.contains("/pack-")), "{asked:?}");
    assert_eq!(
        asked.len(),
        asked.iter().collect::<std::collections::HashSet<_>>().len(),
        "no file or range is fetched twice: {asked:?}"
    );
    let titles: Vec<String> = results
        .iter()
        .map(|result| text(&select(result, "a")))
        .collect();
    drop(app);
    drop(stub);
    titles
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_missing_site_index_says_why() {
    reset_location().await;
    let (json, _) = sample_with_site_index();
    let _stub = FetchStub::install(std::collections::HashMap::new());
    let (_app, root) = show_at(&json, Route::Home);
    type_query(&root, "黄河");
    until(|| {
        root.query_selector(".search-summary")
            .unwrap()
            .is_some_and(|summary| text(&summary).contains("404"))
    })
    .await;
    let summary = text(&select(&root, ".search-summary"));
    assert!(summary.contains("搜索索引暂时无法读取"), "{summary}");
    assert!(
        summary.contains("https://test.example.cn/search/index.txt"),
        "{summary}"
    );
    assert!(summary.contains("404"), "{summary}");
    reset_location().await;
}

// Embedded on a partner's page (issue 9): the viewer in a shadow root, as www/embed.js mounts it.

/// The viewer's stylesheet, as the embed adopts it.
const STYLE: &str = include_str!("../www/style.css");

/// A partner page's global styles at their most hostile.
const HOSTILE: &str = "html { font-size: 10px } body { color: purple; font-family: serif; line-height: 4 } \
    * { margin: 40px; box-sizing: content-box } h1 { color: red; font-size: 50px } a { color: green !important }";

/// A host element in the body with an open shadow root holding the viewer's stylesheet and a mount point.
fn shadow_host() -> (Element, web_sys::ShadowRoot, Element) {
    let host = mount_point();
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let sheet = web_sys::CssStyleSheet::new().unwrap();
    sheet
        .replace_sync(&article_viewer::embed::stylesheet(STYLE))
        .unwrap();
    js_sys::Reflect::set(
        &shadow,
        &"adoptedStyleSheets".into(),
        &js_sys::Array::of1(&sheet),
    )
    .unwrap();
    let mount = document().create_element("div").unwrap();
    shadow.append_child(&mount).unwrap();
    (host, shadow, mount)
}

/// The sample bundle as a `data:` URL, which `fetch` reads in every browser.
fn sample_url() -> String {
    format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(SAMPLE))
    )
}

/// Embeds the sample at `article` (or its first channel) and waits until it shows.
async fn embedded(article: Option<&str>) -> (article_viewer::app::Embed, Element, Element) {
    let (host, _shadow, mount) = shadow_host();
    let embed = article_viewer::app::Embed::new(
        mount.clone(),
        &sample_url(),
        article.map(str::to_owned),
        None,
        true,
        None,
        None,
        None,
    );
    until(|| mount.query_selector("h1").unwrap().is_some()).await;
    (embed, host, mount)
}

// See: issue 16, an English embed whose bundle failed said why in Chinese.
#[wasm_bindgen_test::wasm_bindgen_test]
async fn an_english_embed_says_in_english_why_its_bundle_failed() {
    let cases = [
        (
            "/article-viewer-test/no-such-bundle.json",
            "The article bundle could not be fetched.",
        ),
        (
            "data:application/json,%7B",
            "The article bundle has errors and cannot be shown.",
        ),
        // Refused at once: nothing listens on port 9 of this machine.
        (
            "http://127.0.0.1:9/bundle.json",
            "The article bundle could not be fetched.",
        ),
        ("http://[::1", "The article bundle could not be fetched."),
    ];
    for (bundle, summary) in cases {
        let (host, _shadow, mount) = shadow_host();
        let _embed = article_viewer::app::Embed::new(
            mount.clone(),
            bundle,
            None,
            None,
            true,
            Some("en".to_owned()),
            None,
            None,
        );
        until(|| mount.query_selector("[role=alert]").unwrap().is_some()).await;
        let alert = text(&select(&mount, "[role=alert]"));
        assert!(alert.contains(summary), "{bundle}: {alert}");
        let interface = alert.replace(bundle, "");
        assert!(
            !interface
                .chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || "（）：。".contains(c)),
            "{bundle}: no Chinese of the viewer's own: {alert}"
        );
        host.remove();
    }
}

fn computed(element: &Element, properties: &[&str]) -> Vec<String> {
    let style = window().get_computed_style(element).unwrap().unwrap();
    properties
        .iter()
        .map(|property| style.get_property_value(property).unwrap())
        .collect()
}

/// Adds a `<style>` with `css` to the document's head; remove it when done.
fn add_global_style(css: &str) -> Element {
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(css));
    document().head().unwrap().append_child(&style).unwrap();
    style
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn an_embedded_viewer_renders_in_its_shadow_root_and_the_partners_css_cannot_reach_it() {
    reset_location().await;
    let (sample_id, sample_title) = sample_article(0);
    let (_embed, host, mount) = embedded(Some(&sample_id)).await;
    let title = select(&mount, "article h1");
    assert_eq!(text(&title), sample_title);
    assert!(
        title
            .get_root_node()
            .dyn_into::<web_sys::ShadowRoot>()
            .is_ok_and(|root| root.host() == host),
        "the article is in the host's shadow tree, not the page's"
    );
    let looks = [
        "color",
        "font-size",
        "margin-top",
        "font-family",
        "line-height",
    ];
    let before = computed(&title, &looks);
    assert_eq!(before[1], "28px", "1.75rem of the viewer's own 16px");
    let hostile = add_global_style(HOSTILE);
    assert_eq!(
        computed(&title, &looks),
        before,
        "the partner's CSS changes nothing"
    );
    let link = select(&mount, "nav.breadcrumb a");
    assert_ne!(computed(&link, &["color"])[0], "rgb(0, 128, 0)");
    hostile.remove();
    host.remove();
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn an_embedded_viewers_styles_stay_inside_it() {
    reset_location().await;
    // Page elements that share the viewer's tag and class names.
    let outside = document().create_element("div").unwrap();
    let heading = document().create_element("h1").unwrap();
    heading.set_class_name("viewer tab");
    heading.set_text_content(Some("partner"));
    outside.append_child(&heading).unwrap();
    document().body().unwrap().append_child(&outside).unwrap();
    let looks = [
        "color",
        "font-size",
        "margin-top",
        "background-color",
        "font-family",
    ];
    let before = computed(&heading, &looks);
    let (embed, host, _mount) = embedded(None).await;
    assert_eq!(computed(&heading, &looks), before);
    drop(embed);
    host.remove();
    outside.remove();
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn navigating_inside_an_embedded_viewer_leaves_the_address_alone() {
    reset_location().await;
    document().set_title("伙伴网站");
    let description = document().query_selector("meta[name=description]").unwrap();
    let address = window().location().href().unwrap();
    let history_length = window().history().unwrap().length().unwrap();
    let (_embed, host, mount) = embedded(Some(&sample_article(0).0)).await;
    click(&select(&mount, "nav.breadcrumb a:last-child"));
    until(|| mount.query_selector("[role=tab]").unwrap().is_some()).await;
    let other = select_all(&mount, "[role=tab]").pop().unwrap();
    click(&other);
    until(|| other.get_attribute("aria-selected").as_deref() == Some("true")).await;
    click(&select(&mount, ".article-list a"));
    until(|| mount.query_selector("article h1").unwrap().is_some()).await;
    type_query(&mount, "黄河");
    until(|| mount.query_selector("ol.results").unwrap().is_some()).await;
    results_marking(&mount, "黄河");
    assert_eq!(window().location().href().unwrap(), address);
    assert_eq!(
        window().history().unwrap().length().unwrap(),
        history_length
    );
    assert_eq!(document().title(), "伙伴网站", "the partner's title stays");
    assert_eq!(
        document().query_selector("meta[name=description]").unwrap(),
        description,
        "no description of the viewer's own"
    );
    host.remove();
}

/// Counts listeners added to and removed from `window` and `document` from now until `restore` is called.
struct GlobalListeners(JsValue);

impl GlobalListeners {
    fn watch() -> GlobalListeners {
        let install = js_sys::Function::new_no_args(
            "const add = EventTarget.prototype.addEventListener;
             const remove = EventTarget.prototype.removeEventListener;
             const global = (target) => target === window || target === document;
             const watch = { net: 0, all: 0, restore() {
               EventTarget.prototype.addEventListener = add;
               EventTarget.prototype.removeEventListener = remove;
             } };
             EventTarget.prototype.addEventListener = function (...args) {
               watch.all += 1;
               if (global(this)) watch.net += 1;
               return add.apply(this, args);
             };
             EventTarget.prototype.removeEventListener = function (...args) {
               watch.all -= 1;
               if (global(this)) watch.net -= 1;
               return remove.apply(this, args);
             };
             return watch;",
        );
        GlobalListeners(install.call0(&JsValue::NULL).unwrap())
    }

    /// Listeners on `window` or `document` added and not removed since watching began.
    fn net(&self) -> f64 {
        self.count("net")
    }

    /// Listeners on anything added and not removed since watching began.
    fn all(&self) -> f64 {
        self.count("all")
    }

    fn count(&self, name: &str) -> f64 {
        js_sys::Reflect::get(&self.0, &name.into())
            .unwrap()
            .as_f64()
            .unwrap()
    }
}

impl Drop for GlobalListeners {
    fn drop(&mut self) {
        let restore = js_sys::Reflect::get(&self.0, &"restore".into()).unwrap();
        restore
            .unchecked_into::<js_sys::Function>()
            .call0(&self.0)
            .unwrap();
    }
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn removing_an_embedded_viewer_leaves_no_listener_on_window_or_document() {
    reset_location().await;
    let watch = GlobalListeners::watch();
    // The counter sees a page viewer's own listeners (hashchange, scroll) come and go.
    let page = App::new(mount_point());
    assert_eq!(watch.net(), 2.0);
    drop(page);
    assert_eq!(watch.net(), 0.0);

    let (embed, host, mount) = embedded(Some(&sample_article(0).0)).await;
    click(&select(&mount, "#av-action-share"));
    until(|| mount.query_selector("[role=dialog]").unwrap().is_some()).await;
    type_query(&mount, "黄河");
    sleep(300).await;
    drop(embed);
    host.remove();
    assert_eq!(
        watch.net(),
        0.0,
        "an embedded viewer listens only on its own elements"
    );
    reset_location().await;
}

// Big bundles (issue 10): progress while one downloads, its article first, nothing kept per navigation.

/// A bundle of `count` articles `a0`, `a1`… in one channel, each titled 第<n>篇.
fn big_bundle(count: usize) -> String {
    let articles: Vec<String> = (0..count)
        .map(|n| {
            format!(
                r#"{{"id":"a{n}","channel":"focus","title":"第{n}篇","published":"2023-07-{:02}T12:00:00+08:00","body":"黄河流域生态保护和高质量发展，第{n}篇的正文。"}}"#,
                n % 28 + 1
            )
        })
        .collect();
    format!(
        r#"{{"format":"article-bundle","version":1,
            "site":{{"name":"投资山西","url":"https://invest.example.cn/"}},
            "channels":[{{"id":"focus","name":"焦点图"}}],
            "articles":[{}]}}"#,
        articles.join(",")
    )
}

/// Makes `fetch` of a URL ending in `name` answer `body` as a stream of `chunks` pieces, `delay_ms` apart, with
/// its length; other URLs are fetched as usual. Dropping the result restores `fetch`.
struct StreamedFetch(js_sys::Function);

impl StreamedFetch {
    fn serve(name: &str, body: &str, chunks: u32, delay_ms: u32) -> StreamedFetch {
        let install = js_sys::Function::new_with_args(
            "name, body, chunks, delay",
            "const bytes = new TextEncoder().encode(body);
             const size = Math.ceil(bytes.length / chunks);
             const real = window.fetch;
             window.fetch = async (url, ...rest) => {
               if (!String(url).endsWith(name)) return real(url, ...rest);
               let sent = 0;
               const stream = new ReadableStream({ async pull(controller) {
                 await new Promise((resolve) => setTimeout(resolve, delay));
                 if (sent >= bytes.length) return controller.close();
                 controller.enqueue(bytes.slice(sent, sent + size));
                 sent += size;
               } });
               return new Response(stream, { headers: {
                 'content-type': 'application/json', 'content-length': String(bytes.length) } });
             };
             return () => { window.fetch = real; };",
        );
        let arguments =
            js_sys::Array::of4(&name.into(), &body.into(), &chunks.into(), &delay_ms.into());
        let restore = install.apply(&JsValue::NULL, &arguments).unwrap();
        StreamedFetch(restore.unchecked_into())
    }
}

impl Drop for StreamedFetch {
    fn drop(&mut self) {
        self.0.call0(&JsValue::NULL).unwrap();
    }
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_big_bundle_shows_its_progress_then_the_article_asked_for_then_the_rest() {
    let json = big_bundle(3000);
    let _fetch = StreamedFetch::serve("/big.json", &json, 12, 15);
    reset_location().await;
    window().location().set_hash("#/article/a2500").unwrap();
    sleep(50).await;
    let root = mount_point();
    let app = std::rc::Rc::new(App::new(root.clone()));
    let loading = app.clone();
    wasm_bindgen_futures::spawn_local(async move { loading.load("big.json").await });

    // Watch every few milliseconds: the bar's values, and whether the article showed while it was still there.
    let mut values: Vec<u64> = Vec::new();
    let mut previewed = None;
    for _ in 0..2000 {
        let bar = root.query_selector("progress").unwrap();
        let heading = root.query_selector("#av-heading").unwrap();
        let showing = heading
            .as_ref()
            .is_some_and(|heading| text(heading) == "第2500篇");
        if let Some(bar) = &bar {
            if let (Some(value), Some(max)) = (bar.get_attribute("value"), bar.get_attribute("max"))
            {
                let value: u64 = value.parse().unwrap();
                let max: u64 = max.parse().unwrap();
                if max == json.len() as u64 && values.last() != Some(&value) {
                    values.push(value);
                }
            }
            if showing {
                previewed = previewed.or(heading);
            }
        } else if showing {
            break;
        }
        sleep(4).await;
    }
    assert!(
        values.len() >= 4 && values.windows(2).all(|pair| pair[0] < pair[1]),
        "the bar rose with the download: {values:?}"
    );
    let previewed = previewed.expect("the article asked for showed before the rest was read");
    assert!(
        root.query_selector("progress").unwrap().is_none(),
        "no bar once it is all read"
    );
    // See: issue 23. The bar above the preview went, and the article under it was rebuilt.
    assert!(
        select(&root, "#av-heading").is_same_node(Some(&previewed)),
        "the previewed heading is the one still shown"
    );
    // Every article was read: the channel lists its first page and offers the rest.
    app.dispatch(Msg::Navigate(Route::Home));
    assert_eq!(select_all(&root, ".article-list li").len(), 50);
    assert_eq!(
        text(&select(&root, "[data-action=more-articles]")),
        "显示更多文章（还有 2950 篇）"
    );
    click(&select(&root, "[data-action=more-articles]"));
    assert_eq!(select_all(&root, ".article-list li").len(), 100);
    reset_location().await;
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_thousand_navigations_leave_no_nodes_listeners_or_memory_behind() {
    reset_location().await;
    let (id, _) = sample_article(0);
    let watch = GlobalListeners::watch();
    let (app, root) = show_at(SAMPLE, Route::Home);
    let routes = [
        Route::Article(id.clone()),
        Route::Channel("news".to_owned()),
        Route::Match {
            article: id.clone(),
            query: "山西".to_owned(),
        },
        Route::Search("黄河".to_owned()),
    ];
    // Forth through the views, open and close the share overlay, and back: five navigations a round.
    let round = || {
        for route in &routes {
            app.dispatch(Msg::Navigate(route.clone()));
        }
        app.dispatch(Msg::Revisit {
            route: Route::Article(id.clone()),
            scroll_y: 0.0,
        });
        click(&select(&root, "#av-action-share"));
        press(&focused(), "Escape");
    };
    let measure = || {
        (
            document().query_selector_all("*").unwrap().length(),
            watch.all(),
            HELD.load(Ordering::Relaxed),
        )
    };
    // Warm up: the allocator settles, caches fill.
    for _ in 0..20 {
        round();
    }
    let (nodes, listeners, memory) = measure();
    for _ in 0..200 {
        round();
    }
    let after = measure();
    assert_eq!(after.0, nodes, "elements in the document");
    assert_eq!(after.1, listeners, "event listeners");
    assert_eq!(after.2, memory, "bytes held by the wasm allocator");
    drop(app);
    root.remove();
    reset_location().await;
}

// A static page taken over (issue 23): the viewer keeps the elements `article-viewer render` wrote, in whatever
// order the bundle and the viewer arrive, also when the article asked for is shown first from a preview.

/// `json` read whole, as the loader reads a bundle.
fn read_whole(json: &str) -> (bundle::Bundle, Vec<bundle::Diagnostic>) {
    let value: bundle::Value =
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(json).unwrap()).unwrap();
    bundle::from_value(&value).unwrap()
}

/// The bundle of the article `id` in `json` alone, as the loader shows it first when reading takes a while.
fn preview_of(json: &str, id: &str) -> bundle::Bundle {
    let value: bundle::Value =
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(json).unwrap()).unwrap();
    let Some(bundle::Value::Array(entries)) = value.get("articles") else {
        panic!("the fixture has articles")
    };
    let entry = entries
        .iter()
        .find(|entry| entry.get("id") == Some(&bundle::Value::String(id.to_owned())))
        .expect("the article is in the fixture");
    bundle::Reader::new(&value).unwrap().preview(entry).unwrap()
}

/// A mount point holding the static page of `route` in `json`, as `article-viewer render` writes it.
fn static_page(json: &str, route: &Route) -> Element {
    let (bundle, diagnostics) = read_whole(json);
    let state = State {
        bundle_url: Some("https://test.example.cn/bundles/test.json".to_owned()),
        load: Load::Ready {
            bundle,
            diagnostics,
        },
        route: route.clone(),
        listed: usize::MAX,
        ..State::default()
    };
    let root = mount_point();
    root.set_attribute("data-route", &route.to_hash()).unwrap();
    root.set_attribute("data-prerendered", "").unwrap();
    // Parsed by the browser, as a page from a server is: the markup is the view's own, of a fixture.
    root.set_inner_html(&article_viewer::node::to_html(&view::page(&state)));
    root
}

/// The `article` and `h1` elements a static page was parsed with.
struct StaticElements {
    article: Element,
    heading: Element,
}

impl StaticElements {
    fn of(root: &Element) -> StaticElements {
        StaticElements {
            article: select(root, "article"),
            heading: select(root, "article h1"),
        }
    }

    /// Asserts that the page shows one article and one heading, and that they are still the static ones.
    #[track_caller]
    fn check(&self, root: &Element, when: &str) {
        let articles = select_all(root, "article");
        let headings = select_all(root, "article h1");
        assert_eq!((articles.len(), headings.len()), (1, 1), "{when}: one copy");
        assert!(
            articles[0].is_same_node(Some(&self.article)),
            "{when}: the static article"
        );
        assert!(
            headings[0].is_same_node(Some(&self.heading)),
            "{when}: the static heading"
        );
    }
}

// See: issue 23, a preview's progress bar above the static article made the takeover rebuild it twice.
#[test]
async fn a_static_page_is_taken_over_with_its_own_elements_in_every_order() {
    reset_location().await;
    let (id, title) = sample_article(0);
    let route = Route::Article(id.clone());
    let size = SAMPLE.len() as u64;
    let fetching = |received: u64| {
        Msg::Progress(LoadProgress::Fetching {
            received,
            total: Some(size),
        })
    };
    let reading = |read: usize| Msg::Progress(LoadProgress::Reading { read, total: 5 });
    let whole = || Msg::Load(Ok(read_whole(SAMPLE)));
    // A bundle with an article that cannot be shown: notices of it come above the article once all is read.
    let with_a_bad_article = SAMPLE.replacen(
        r#""articles": ["#,
        r#""articles": [{"id": "bad", "channel": "focus"},"#,
        1,
    );
    assert_ne!(with_a_bad_article, SAMPLE);
    let orderings = [
        ("the bundle there first (preloaded)", vec![whole()]),
        (
            "the viewer first, then a slow bundle",
            vec![
                fetching(1),
                fetching(size / 2),
                fetching(size),
                reading(2),
                whole(),
            ],
        ),
        (
            "its article first, in a preview",
            vec![
                fetching(size),
                reading(1),
                Msg::Preview(preview_of(SAMPLE, &id)),
                reading(3),
                whole(),
            ],
        ),
        (
            "a preview, then notices above the article",
            vec![
                reading(1),
                Msg::Preview(preview_of(SAMPLE, &id)),
                Msg::Load(Ok(read_whole(&with_a_bad_article))),
            ],
        ),
    ];
    for (ordering, messages) in orderings {
        let root = static_page(SAMPLE, &route);
        let elements = StaticElements::of(&root);
        let app = App::new(root.clone());
        elements.check(&root, &format!("{ordering}: mounted"));
        for (step, msg) in messages.into_iter().enumerate() {
            app.dispatch(msg);
            elements.check(&root, &format!("{ordering}: after message {step}"));
            assert!(
                root.query_selector(".progress").unwrap().is_none(),
                "{ordering}: no progress bar pushes the article down"
            );
        }
        assert!(
            !root.has_attribute("data-prerendered"),
            "{ordering}: taken over"
        );
        assert_eq!(text(&select(&root, "article h1")), title);
        assert!(
            select(&root, "nav.breadcrumb a[href^='#/channel/']").is_connected(),
            "{ordering}: the viewer's own links"
        );
        drop(app);
        root.remove();
    }
    // A bundle that cannot be had leaves the static page as it was written.
    let root = static_page(SAMPLE, &route);
    let elements = StaticElements::of(&root);
    let app = App::new(root.clone());
    app.dispatch(fetching(1));
    app.dispatch(Msg::Load(Err(LoadFailure::Fetch {
        url: "https://test.example.cn/bundles/test.json".to_owned(),
        reason: FetchError::Http {
            status: 404,
            status_text: "Not Found".to_owned(),
        },
    })));
    elements.check(&root, "a failed load");
    assert!(
        root.has_attribute("data-prerendered"),
        "still the static page"
    );
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
    drop(app);
    root.remove();
}

// See: issue 23, through the real loader: a big bundle, streamed and read in slices, its article found first.
#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_static_page_keeps_its_article_while_a_big_bundle_loads() {
    reset_location().await;
    let json = big_bundle(3000);
    let _fetch = StreamedFetch::serve("/big.json", &json, 12, 15);
    let root = static_page(&json, &Route::Article("a2500".to_owned()));
    let elements = StaticElements::of(&root);
    let app = std::rc::Rc::new(App::new(root.clone()));
    let loading = app.clone();
    wasm_bindgen_futures::spawn_local(async move { loading.load("big.json").await });
    for step in 0.. {
        elements.check(&root, &format!("check {step} while loading"));
        if !root.has_attribute("data-prerendered") || step == 2000 {
            break;
        }
        sleep(4).await;
    }
    assert!(!root.has_attribute("data-prerendered"), "taken over");
    elements.check(&root, "once read");
    // Taken over with every article read: the breadcrumb's channel lists them.
    assert!(select(&root, "nav.breadcrumb a[href='#/channel/focus']").is_connected());
    app.dispatch(Msg::Navigate(Route::Channel("focus".to_owned())));
    assert_eq!(select_all(&root, ".article-list li").len(), 50);
    drop(app);
    root.remove();
    reset_location().await;
}

// The XSS corpus (issue 10, tests/xss/corpus.rs) through the real viewer: every article and share tab, every
// channel, searches, and hostile hashes through real hashchange events. A payload that ran would set
// `window.avPwned`, open a dialog, or navigate away.

#[path = "xss/corpus.rs"]
mod corpus;

/// Replaces `alert`, `confirm` and `prompt` with functions that set the canary.
fn trap_dialogs() {
    let trap = js_sys::Function::new_no_args("window.avPwned = 'dialog';");
    for name in ["alert", "confirm", "prompt", "print"] {
        js_sys::Reflect::set(&window(), &name.into(), &trap).unwrap();
    }
}

/// What in `root` could run script: elements that should not be there, handler attributes, script URLs.
fn dangers(root: &Element) -> Vec<String> {
    let never = [
        "script", "iframe", "frame", "object", "embed", "style", "link", "meta", "base", "math",
        "video", "audio", "marquee", "template", "noscript",
    ];
    let mut found = Vec::new();
    for element in select_all(root, "*") {
        let tag = element.tag_name().to_ascii_lowercase();
        if never.contains(&tag.as_str()) {
            found.push(format!("<{tag}>"));
        }
        for name in element.get_attribute_names().iter() {
            let name = name.as_string().unwrap().to_ascii_lowercase();
            let value = element.get_attribute(&name).unwrap_or_default();
            let url: String = value
                .chars()
                .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            let script_url = [
                "javascript:",
                "vbscript:",
                "data:text",
                "data:image/svg",
                "file:",
            ]
            .iter()
            .any(|scheme| url.starts_with(scheme));
            if name.starts_with("on")
                || name == "style"
                || name == "srcdoc"
                || (matches!(name.as_str(), "href" | "src" | "action") && script_url)
            {
                found.push(format!("<{tag} {name}={value:?}>"));
            }
        }
    }
    found
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn the_xss_corpus_runs_nothing_in_any_view() {
    reset_location().await;
    assert!(corpus::count() >= 150);
    trap_dialogs();
    let page = window().location().href().unwrap();
    let (app, root) = show_at(&corpus::bundle(), Route::Home);
    let check = |place: &str| {
        let canary = js_sys::Reflect::get(&window(), &"avPwned".into()).unwrap();
        assert!(canary.is_undefined(), "{place}: a payload ran: {canary:?}");
        let found = dangers(&root);
        assert!(found.is_empty(), "{place}: {found:?}");
    };
    for index in 0..corpus::bodies().len() {
        app.dispatch(Msg::Navigate(Route::Article(format!("x{index}"))));
        let markup = corpus::MARKUP[index % corpus::MARKUP.len()];
        assert_eq!(text(&select(&root, "article h1")), format!("标题{markup}"));
        for tab in ["app", "phone", "share"] {
            app.dispatch(Msg::OpenShare(
                article_viewer::share::ShareTab::parse(tab).unwrap(),
            ));
            check(&format!("x{index}, share tab {tab}"));
            app.dispatch(Msg::CloseShare);
        }
        check(&format!("article x{index}"));
    }
    for index in 0..corpus::MARKUP.len() {
        app.dispatch(Msg::Navigate(Route::Channel(format!("c{index}"))));
        check(&format!("channel c{index}"));
    }
    for query in ["avPwned", "script", "标题", "onerror", "\"><"] {
        app.dispatch(Msg::SetQuery(query.to_owned()));
        check(&format!("search {query}"));
    }
    // Hostile hashes, as routes; a few also as real hashchange events (Firefox throttles the History API
    // after a couple of hundred calls, which would starve the tests after this one).
    for hash in corpus::hashes() {
        app.dispatch(Msg::Navigate(Route::parse(&hash)));
        check(&hash);
    }
    for hash in corpus::hashes().iter().step_by(16) {
        window().location().set_hash(hash).unwrap();
        sleep(20).await;
        check(hash);
    }
    let now = window().location().href().unwrap();
    assert_eq!(
        now.split('#').next(),
        page.split('#').next(),
        "no navigation happened"
    );
    drop(app);
    reset_location().await;
}
