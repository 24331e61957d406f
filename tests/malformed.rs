//! The malformed-bundle corpus (issue 10): each case gives a clear message naming where the problem is, the good
//! article beside a bad one still shows, nothing panics, and every view of what loads still renders.
#![cfg(not(target_arch = "wasm32"))]

use article_viewer::bundle::from_json;
use article_viewer::node::to_html;
use article_viewer::route::Route;
use article_viewer::state::{update, LoadFailure, Msg, State};
use article_viewer::view::page;

const GOOD: &str = r#"{"id":"good","channel":"focus","title":"好文章","published":"2024-05-01T08:00:00+08:00","body":"正文"}"#;

/// A bundle with the good article and `bad` (an article's JSON) after it.
fn with_article(bad: &str) -> String {
    format!(
        r#"{{"format":"article-bundle","version":1,"site":{{"name":"投资山西","url":"https://invest.example.cn/"}},
        "channels":[{{"id":"focus","name":"焦点图"}}],"articles":[{GOOD},{bad}]}}"#
    )
}

/// A bundle with `site`, `channels` and `articles` as given (raw JSON).
fn with_parts(site: &str, channels: &str, articles: &str) -> String {
    format!(
        r#"{{"format":"article-bundle","version":1,"site":{site},"channels":{channels},"articles":{articles}}}"#
    )
}

const SITE: &str = r#"{"name":"投资山西","url":"https://invest.example.cn/"}"#;
const CHANNELS: &str = r#"[{"id":"focus","name":"焦点图"}]"#;

/// An article with `field` set to `value` (raw JSON), or left out when `value` is `None`.
fn article_with(field: &str, value: Option<&str>) -> String {
    let mut fields = vec![
        ("id", r#""bad""#.to_owned()),
        ("channel", r#""focus""#.to_owned()),
        ("title", r#""坏文章""#.to_owned()),
        ("published", r#""2024-05-02T08:00:00+08:00""#.to_owned()),
        ("body", r#""正文""#.to_owned()),
    ];
    fields.retain(|(name, _)| *name != field);
    if let Some(value) = value {
        fields.push((field_name(field), value.to_owned()));
    }
    let inner: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!(r#""{name}":{value}"#))
        .collect();
    format!("{{{}}}", inner.join(","))
}

fn field_name(field: &str) -> &'static str {
    match field {
        "id" => "id",
        "channel" => "channel",
        "title" => "title",
        "published" => "published",
        "body" => "body",
        "source" => "source",
        "author" => "author",
        "editor" => "editor",
        "byline" => "byline",
        "lead" => "lead",
        "url" => "url",
        _ => unreachable!("a field of the format"),
    }
}

/// Cases where the bundle as a whole is unusable: (name, text, what the message must name).
fn refused() -> Vec<(String, String, &'static str)> {
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let mut cases: Vec<(String, String, &'static str)> = vec![
        ("empty file".into(), String::new(), ""),
        ("white space".into(), "   \n".into(), ""),
        (
            "truncated".into(),
            "{\"format\":\"article-bundle\",\"version\":1,\"site\":".into(),
            "",
        ),
        (
            "truncated string".into(),
            "{\"format\":\"article-bu".into(),
            "",
        ),
        (
            "an HTML page".into(),
            "<!doctype html><title>404</title>".into(),
            "",
        ),
        ("array root".into(), "[]".into(), "a JSON object"),
        ("string root".into(), "\"bundle\"".into(), "a JSON object"),
        ("null root".into(), "null".into(), "a JSON object"),
        (
            "nesting 100 deep".into(),
            format!(r#"{{"format":"article-bundle","version":1,"x":{deep}}}"#),
            "64",
        ),
        (
            "lone surrogate".into(),
            with_article(
                r#"{"id":"s","channel":"focus","title":"\ud800","published":"2024-05-01T08:00:00+08:00","body":""}"#,
            ),
            "",
        ),
    ];
    for (name, text, path) in [
        ("format missing", r#"{"version":1}"#, "format"),
        ("format wrong", r#"{"format":"rss","version":1}"#, "format"),
        ("format a number", r#"{"format":1,"version":1}"#, "format"),
        (
            "version missing",
            r#"{"format":"article-bundle"}"#,
            "version",
        ),
        (
            "version a string",
            r#"{"format":"article-bundle","version":"1"}"#,
            "version",
        ),
        (
            "version 2",
            r#"{"format":"article-bundle","version":2}"#,
            "version",
        ),
        (
            "version 1.5",
            r#"{"format":"article-bundle","version":1.5}"#,
            "version",
        ),
    ] {
        cases.push((name.into(), text.into(), path));
    }
    for (name, site, path) in [
        ("site missing", "null", "site"),
        ("site a string", r#""投资山西""#, "site"),
        (
            "site.name missing",
            r#"{"url":"https://a.cn/"}"#,
            "site.name",
        ),
        (
            "site.name a number",
            r#"{"name":1,"url":"https://a.cn/"}"#,
            "site.name",
        ),
        (
            "site.name blank",
            r#"{"name":"  ","url":"https://a.cn/"}"#,
            "site.name",
        ),
        ("site.url missing", r#"{"name":"s"}"#, "site.url"),
        (
            "site.url relative",
            r#"{"name":"s","url":"invest"}"#,
            "site.url",
        ),
        (
            "site.url javascript:",
            r#"{"name":"s","url":"javascript:alert(1)"}"#,
            "site.url",
        ),
        ("site.url a number", r#"{"name":"s","url":1}"#, "site.url"),
    ] {
        let text = if site == "null" {
            r#"{"format":"article-bundle","version":1,"channels":[],"articles":[]}"#.to_owned()
        } else {
            with_parts(site, CHANNELS, "[]")
        };
        cases.push((name.into(), text, path));
    }
    for (name, channels, path) in [
        ("channels an object", "{}", "channels"),
        ("channels empty", "[]", "channels"),
        (
            "channels all bad",
            r#"[1, {"id":"A","name":"x"}]"#,
            "channels",
        ),
    ] {
        cases.push((name.into(), with_parts(SITE, channels, "[]"), path));
    }
    cases.push((
        "articles an object".into(),
        with_parts(SITE, CHANNELS, "{}"),
        "articles",
    ));
    cases.push((
        "articles missing".into(),
        format!(r#"{{"format":"article-bundle","version":1,"site":{SITE},"channels":{CHANNELS}}}"#),
        "articles",
    ));
    cases
}

/// Cases that cost one article, or one field: (name, the bad article, what the diagnostic must name).
fn skipped() -> Vec<(String, String, &'static str)> {
    let mut cases: Vec<(String, String, &'static str)> = Vec::new();
    for (field, values) in [
        (
            "id",
            vec![
                None,
                Some("1"),
                Some(r#""""#),
                Some(r#""has space""#),
                Some(r#""good""#),
                Some("null"),
            ],
        ),
        (
            "channel",
            vec![None, Some(r#""unknown""#), Some("1"), Some("[]")],
        ),
        ("title", vec![None, Some("1"), Some(r#""   ""#), Some("{}")]),
        (
            "published",
            vec![
                None,
                Some(r#""2023-02-30T10:00:00+08:00""#),
                Some(r#""2023-07-22T24:00:00+08:00""#),
                Some(r#""2023-07-22T12:00:00""#),
                Some(r#""2023-07-22T12:00:60+08:00""#),
                Some(r#""2023-13-01T12:00:00+08:00""#),
                Some("20230722"),
                Some(r#""yesterday""#),
            ],
        ),
        ("body", vec![None, Some("1"), Some("null"), Some("[]")]),
    ] {
        for value in values {
            let name = format!("{field} = {}", value.unwrap_or("(missing)"));
            cases.push((name, article_with(field, value), "articles[1]"));
        }
    }
    for (name, value) in [
        ("article a number", "1"),
        ("article a string", r#""x""#),
        ("article null", "null"),
        ("article an array", "[]"),
    ] {
        cases.push((name.into(), value.into(), "articles[1]"));
    }
    // Optional fields: the article shows without them.
    for (field, value) in [
        ("source", "1"),
        ("author", "[]"),
        ("editor", "{}"),
        ("byline", "false"),
        ("lead", r#""x""#),
        ("lead", r#"{"src":"javascript:alert(1)"}"#),
        ("lead", r#"{"alt":"no src"}"#),
        ("url", r#""not a url""#),
        ("url", r#""javascript:alert(1)""#),
    ] {
        cases.push((
            format!("{field} = {value}"),
            article_with(field, Some(value)),
            "articles[1]",
        ));
    }
    cases
}

/// Huge and deep inputs that must load and render without overflowing the stack or panicking.
fn huge() -> Vec<(String, String)> {
    let body = |text: String| {
        article_with(
            "body",
            Some(&serde_json::to_string(&text).expect("a string")),
        )
    };
    vec![
        ("100,000 block quotes".into(), body(">".repeat(100_000))),
        ("100,000 open brackets".into(), body("[".repeat(100_000))),
        ("100,000 list levels".into(), body("- ".repeat(100_000))),
        (
            "100,000 nested emphasis".into(),
            body("*a ".repeat(100_000)),
        ),
        (
            "a body of one 5 MB line".into(),
            body("黄河".repeat(900_000)),
        ),
        (
            "a 10 MB title".into(),
            article_with(
                "title",
                Some(&serde_json::to_string(&"长".repeat(3_500_000)).expect("a string")),
            ),
        ),
    ]
}

/// Loads `text` into a viewer and renders home, the good article, the bad one and a search.
fn load_and_render(text: &str) -> State {
    let mut state = State::default();
    let loaded = from_json(text).map_err(|error| LoadFailure::Bundle {
        url: "b.json".into(),
        error,
    });
    update(&mut state, Msg::Load(loaded));
    for route in [
        Route::Home,
        Route::Article("good".into()),
        Route::Article("bad".into()),
        Route::Search("黄河".into()),
        Route::Match {
            article: "bad".into(),
            query: "黄河".into(),
        },
    ] {
        update(&mut state, Msg::Navigate(route));
        let _ = to_html(&page(&state));
    }
    state
}

#[test]
fn the_corpus_has_at_least_60_cases() {
    let count = refused().len() + skipped().len() + huge().len();
    assert!(count >= 60, "{count}");
}

#[test]
fn a_bundle_that_cannot_be_used_says_where() {
    for (name, text, path) in refused() {
        let error = match from_json(&text) {
            Err(error) => error.to_string(),
            Ok(_) => panic!("{name}: accepted"),
        };
        assert!(!error.is_empty(), "{name}");
        assert!(error.contains(path), "{name}: {error}");
        let state = load_and_render(&text);
        let html = to_html(&page(&state));
        assert!(
            html.contains("role=\"alert\"") && html.contains("b.json"),
            "{name}: {html}"
        );
    }
}

#[test]
fn a_bad_article_or_field_costs_only_itself_and_is_named() {
    for (name, bad, path) in skipped() {
        let text = with_article(&bad);
        let (bundle, diagnostics) =
            from_json(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(
            bundle.article("good").is_some(),
            "{name}: the good article stays"
        );
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            messages.iter().any(|message| message.contains(path)),
            "{name}: {messages:?}"
        );
        let state = load_and_render(&text);
        let html = to_html(&page(&state));
        assert!(
            html.contains("class=\"notices\""),
            "{name}: the problem is listed on the page"
        );
    }
}

#[test]
fn huge_and_deep_input_loads_and_renders() {
    for (name, bad) in huge() {
        let text = with_article(&bad);
        let (bundle, _) = from_json(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(bundle.article("good").is_some(), "{name}");
        load_and_render(&text);
    }
}
