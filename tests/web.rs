//! Browser tests: a bundle mounted into a real document, checked through the DOM.
//! `make test` runs them in headless Chromium, Firefox and WebKit.
#![cfg(target_arch = "wasm32")]
// A test that finds the page not as expected should stop right there.
#![allow(clippy::unwrap_used)]

use article_viewer::app::App;
use article_viewer::state::{Msg, Route};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test as test;
use wasm_bindgen_test::wasm_bindgen_test_configure;
use web_sys::{Document, Element};

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("../www/bundles/sample.json");

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the body to mount a viewer into.
fn mount_point() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn show(json: &str) -> (App, Element) {
    let root = mount_point();
    let app = App::new(root.clone());
    app.dispatch(Msg::Navigate(Route::Home));
    let parsed = js_sys::JSON::parse(json).expect("fixture is JSON");
    app.show("https://test.example.cn/bundles/test.json", &parsed);
    (app, root)
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

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
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
    let (_app, root) = show(SAMPLE);
    let h1 = select(&root, "article h1");
    assert!(!text(&h1).is_empty());
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
    let nav = select(&root, "nav.breadcrumb");
    assert_eq!(select_all(&nav, "a").len(), 2);
    assert!(document().title().contains("投资山西"));
}

#[test]
fn markup_in_a_body_stays_inert_text() {
    let body = "<script>window.avPwned = 1</script>\n\n\
                段落 <img src=x onerror=\"window.avPwned = 2\"> 结束\n\n\
                [点我](javascript:window.avPwned=3) 和 [也点我](JaVa&#x53;cript:window.avPwned=4)";
    let (_app, root) = show(&bundle_with_body(body));
    let article_body = select(&root, ".article-body");
    assert!(
        select_all(&article_body, "script, img").is_empty(),
        "{}",
        article_body.inner_html()
    );
    assert!(text(&article_body).contains("<script>window.avPwned = 1</script>"));
    assert!(text(&article_body).contains("<img src=x onerror=\"window.avPwned = 2\">"));
    let links: Vec<String> = select_all(&article_body, "a")
        .iter()
        .map(Element::outer_html)
        .collect();
    assert!(links.is_empty(), "a refused URL became a link: {links:?}");
    assert!(text(&article_body).contains("点我"));
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn inert_payloads_never_run() {
    let body = "<img src=x onerror=\"window.avPwned = 1\">\n\n![x](javascript:window.avPwned=2)";
    let (_app, _root) = show(&bundle_with_body(body));
    sleep(100).await;
    let window = web_sys::window().unwrap();
    let canary = js_sys::Reflect::get(&window, &"avPwned".into()).unwrap();
    assert!(canary.is_undefined(), "a payload ran: {canary:?}");
}

#[test]
fn broken_bundle_shows_an_alert_naming_the_field() {
    let json = r#"{"format":"article-bundle","version":1,"site":{"name":"投资山西","url":"invest"},
                   "channels":[{"id":"focus","name":"焦点图"}],"articles":[]}"#;
    let (_app, root) = show(json);
    let alert = select(&root, "[role=alert]");
    assert!(
        text(&alert).contains(r#"site.url: expected an absolute http(s) URL, found "invest""#),
        "{}",
        text(&alert)
    );
}

#[test]
fn newer_format_version_is_refused_with_the_version_we_read() {
    let (_app, root) = show(r#"{"format":"article-bundle","version":2}"#);
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
    let (_app, root) = show(json);
    assert_eq!(text(&select(&root, "article h1")), "好文章");
    let notices = text(&select(&root, ".notices"));
    assert!(
        notices.contains("bad-date") && notices.contains("articles[1].published"),
        "{notices}"
    );
}

#[test]
fn navigating_shows_another_article_and_unknown_ids_say_so() {
    let (app, root) = show(SAMPLE);
    let first_title = text(&select(&root, "article h1"));
    let parsed = js_sys::JSON::parse(SAMPLE).unwrap();
    let articles = js_sys::Reflect::get(&parsed, &"articles".into()).unwrap();
    let second = js_sys::Reflect::get_u32(&articles, 1).unwrap();
    let second_id = js_sys::Reflect::get(&second, &"id".into())
        .unwrap()
        .as_string()
        .unwrap();
    let second_title = js_sys::Reflect::get(&second, &"title".into())
        .unwrap()
        .as_string()
        .unwrap();

    app.dispatch(Msg::Navigate(Route::Article(second_id)));
    assert_eq!(text(&select(&root, "article h1")), second_title);
    assert_ne!(first_title, second_title);

    app.dispatch(Msg::Navigate(Route::Article("<b>no-such</b>".into())));
    assert!(text(&select(&root, ".not-found")).contains("<b>no-such</b>"));
    assert!(select_all(&root, ".not-found b").is_empty());
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn the_location_hash_drives_the_route() {
    let (_app, root) = show(SAMPLE);
    let window = web_sys::window().unwrap();
    window.location().set_hash("#/channel/economy").unwrap();
    sleep(100).await;
    assert_eq!(text(&select(&root, "section.channel h1")), "经济动态");
    let first_link = select(&root, ".article-list a");
    let href = first_link.get_attribute("href").unwrap();
    window.location().set_hash(&href).unwrap();
    sleep(100).await;
    assert_eq!(text(&select(&root, "article h1")), text(&first_link));
    window.history().unwrap().back().unwrap();
    sleep(200).await;
    assert!(
        select_all(&root, "section.channel").len() == 1,
        "back returns to the channel"
    );
    window.location().set_hash("").unwrap();
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
    app.dispatch(Msg::Navigate(Route::Home));
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
