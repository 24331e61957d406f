//! `article-viewer render`: static pages from the same view code as the viewer.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::scratch;

fn render(args: &[&str]) -> (i32, String, String) {
    let run = support::article_viewer(std::iter::once("render").chain(args.iter().copied()));
    (run.code, run.stdout, run.stderr)
}

#[test]
fn the_sample_renders_a_page_per_article_and_channel_with_its_metadata() {
    let out = scratch("render-sample");
    let (code, stdout, stderr) = render(&[
        "www/bundles/sample.json",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wrote 8 pages"), "{stdout}");
    for page in [
        "index.html",
        "channel/focus.html",
        "channel/economy.html",
        "bundles/sample.json",
        "bundles/media/lead.svg",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    let html = std::fs::read_to_string(out.join("article/yellow-river-corridor-2024.html"))
        .expect("the page");
    for expected in [
        r#"<link rel="canonical" href="https://invest.example.cn/focus/2024/03/yellow-river-corridor-2024.html">"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="article:published_time" content="2024-03-18T10:30:00+08:00">"#,
        r#""@type":"NewsArticle""#,
        r#"<h1 id="av-heading" part="title" tabindex="-1">沿黄生态文旅廊道建设提速 首批32个项目集中签约</h1>"#,
        r#"<time datetime="2024-03-18T10:30:00+08:00">2024-03-18 10:30:00</time>"#,
        r#"<img src="../bundles/media/lead.svg""#,
        r#"<a href="../channel/focus.html">焦点图</a>"#,
        r##"data-route="#/article/yellow-river-corridor-2024""##,
        r#"<script src="../main.js" defer=""></script>"#,
        // The reader downloads with the page (issue 17); the search module only when needed.
        r#"<link rel="modulepreload" href="../pkg/article_viewer.js">"#,
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(!html.contains("article_viewer_search"), "{html}");
    // main.js fetches the wasm itself: WebKit would download a preloaded copy a second time (issue 22).
    assert!(!html.contains(r#"rel="preload""#), "{html}");
    assert!(
        !html.contains("<noscript"),
        "complete without JavaScript, no <noscript> needed"
    );
    // Without the viewer, no control that needs it: no search box, reading controls or share buttons (the viewer
    // adds them when it takes the page over).
    for page in [
        "index.html",
        "channel/focus.html",
        "article/yellow-river-corridor-2024.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).expect("the page");
        for control in [
            "av-search",
            "reading-controls",
            "article-actions",
            "<button",
            "<input",
        ] {
            assert!(!html.contains(control), "{page} has {control}");
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// The keys of an oEmbed response (oembed.com, 2.3.4): any other is no part of the spec.
const OEMBED_KEYS: [&str; 14] = [
    "type",
    "version",
    "title",
    "author_name",
    "author_url",
    "provider_name",
    "provider_url",
    "cache_age",
    "thumbnail_url",
    "thumbnail_width",
    "thumbnail_height",
    "html",
    "width",
    "height",
];

#[test]
fn every_article_page_links_its_oembed_response_which_the_spec_accepts() {
    let out = scratch("render-oembed");
    let (code, _, stderr) = render(&[
        "www/bundles/sample.json",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    // The iframe's page and what it loads are part of the site.
    for file in [
        "embed.html",
        "embed-frame.js",
        "embed-frame.css",
        "embed.js",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let sample: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("www/bundles/sample.json").expect("the sample"),
    )
    .expect("JSON");
    let articles = sample["articles"].as_array().expect("articles");
    assert!(!articles.is_empty());
    let mut thumbnails = 0;
    for article in articles {
        let id = article["id"].as_str().expect("an id");
        let page =
            std::fs::read_to_string(out.join(format!("article/{id}.html"))).expect("the page");
        let discovery = format!(
            r#"<link rel="alternate" type="application/json+oembed" href="https://invest.example.cn/oembed/{id}.json" title=""#
        );
        assert!(
            page.contains(&discovery),
            "{id}: no discovery link in {page}"
        );

        let text =
            std::fs::read_to_string(out.join(format!("oembed/{id}.json"))).expect("the response");
        let response: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let response = response.as_object().expect("an object");
        for key in response.keys() {
            assert!(
                OEMBED_KEYS.contains(&key.as_str()),
                "{id}: {key} is no oEmbed key"
            );
        }
        // Required of every response, then of the rich type (2.3.4, 2.3.4.4).
        assert_eq!(response["version"], "1.0", "{id}");
        assert_eq!(response["type"], "rich", "{id}");
        for key in ["width", "height"] {
            assert!(
                response[key].as_u64().is_some_and(|pixels| pixels > 0),
                "{id}: {key}"
            );
        }
        let html = response["html"].as_str().expect("html");
        let src = format!(
            "https://invest.example.cn/embed.html?bundle=https%3A%2F%2Finvest.example.cn%2Fbundles%2Fsample.json&amp;article={id}"
        );
        assert!(
            html.starts_with(&format!(r#"<iframe src="{src}""#)),
            "{id}: {html}"
        );
        assert!(
            html.ends_with("></iframe>") && html.matches('<').count() == 2,
            "{id}: one iframe: {html}"
        );
        assert_eq!(response["title"], article["title"], "{id}");
        assert_eq!(response["provider_name"], sample["site"]["name"]);
        assert_eq!(response["provider_url"], sample["site"]["url"]);
        assert_eq!(response.get("author_name"), article.get("author"), "{id}");
        // A thumbnail comes with its size, or not at all.
        let thumbnail = ["thumbnail_url", "thumbnail_width", "thumbnail_height"]
            .map(|key| response.contains_key(key));
        assert!(
            thumbnail.iter().all(|&has| has == thumbnail[0]),
            "{id}: {thumbnail:?}"
        );
        if thumbnail[0] {
            thumbnails += 1;
            assert_eq!(
                response["thumbnail_url"],
                "https://invest.example.cn/bundles/media/lead.svg"
            );
            assert_eq!(response["thumbnail_width"], article["lead"]["width"]);
        }
    }
    assert_eq!(thumbnails, 1, "the sample's one lead photo with a size");
}

#[test]
fn hostile_text_cannot_leave_the_json_ld_or_the_markup() {
    let dir = scratch("render-hostile");
    let bundle = dir.join("hostile.json");
    std::fs::write(
        &bundle,
        r#"{"format":"article-bundle","version":1,"site":{"name":"站</script><script>alert(1)</script>","url":"https://a.cn/"},
            "channels":[{"id":"c","name":"栏目"}],
            "articles":[{"id":"x","channel":"c","title":"</script><script>alert(2)</script>","published":"2024-01-01T00:00:00+08:00",
                         "author":"\u003c/script>","body":"<script>alert(3)</script>"}]}"#,
    )
    .expect("written");
    let out = dir.join("site");
    let (code, _, stderr) = render(&[
        bundle.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--assets",
        "www",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(out.join("article/x.html")).expect("the page");
    assert_eq!(
        html.matches("<script").count(),
        2,
        "only main.js and the JSON-LD: {html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    let json_ld = html
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("JSON-LD");
    let value: serde_json::Value = serde_json::from_str(json_ld).expect("valid JSON");
    assert_eq!(value["headline"], "</script><script>alert(2)</script>");
    // The oEmbed iframe a partner's CMS pastes into its page: the title stays inside its attribute.
    let oembed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("oembed/x.json")).expect("the response"),
    )
    .expect("valid JSON");
    let iframe = oembed["html"].as_str().expect("html");
    assert_eq!(iframe.matches('<').count(), 2, "one iframe: {iframe}");
    assert!(
        iframe.contains(r#"title="&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;""#),
        "{iframe}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_says_what_is_wrong() {
    let (code, _, stderr) = render(&["tests/data/no-such.json", "-o", "target/never"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot read tests/data/no-such.json"),
        "{stderr}"
    );
    let (code, _, stderr) = render(&["tests/data/broken-bundle.json", "-o", "target/never"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("site.url: expected an absolute http(s) URL"),
        "{stderr}"
    );
    let (code, _, stderr) = render(&["www/bundles/sample.json"]);
    assert_eq!(code, 2);
    // clap names the missing option in its own words.
    assert!(
        stderr.contains("required arguments were not provided")
            && stderr.contains("--output <dir>"),
        "{stderr}"
    );
}
