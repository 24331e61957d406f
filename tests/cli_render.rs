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
        r#"<link rel="preload" href="../pkg/article_viewer_bg.wasm" as="fetch" type="application/wasm" crossorigin="">"#,
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(!html.contains("article_viewer_search"), "{html}");
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
