//! The XSS corpus (issue 10): hostile text in every place a bundle, a URL or a query can put it, as one bundle
//! and a list of routes. Shared by the native check of the rendered tree (tests/xss.rs) and the browser check
//! through the real viewer in Chromium, Firefox and WebKit (tests/web.rs). Every payload, if it ran, would set
//! `window.avPwned`.

/// Markup that runs script if parsed as HTML (or SVG, or MathML), or breaks out of an attribute first.
pub const MARKUP: [&str; 22] = [
    "<script>window.avPwned=1</script>",
    "<img src=x onerror=\"window.avPwned=1\">",
    "<svg onload=\"window.avPwned=1\"></svg>",
    "<svg><script>window.avPwned=1</script></svg>",
    "<math><mtext><img src=x onerror=\"window.avPwned=1\"></mtext></math>",
    "<iframe srcdoc=\"<script>parent.avPwned=1</script>\"></iframe>",
    "<a href=\"javascript:window.avPwned=1\">x</a>",
    "<details open ontoggle=\"window.avPwned=1\">x</details>",
    "<body onload=window.avPwned=1>",
    "\"><img src=x onerror=window.avPwned=1>",
    "'><svg/onload=window.avPwned=1>",
    "<style>@import 'javascript:window.avPwned=1'</style>",
    "<object data=\"javascript:window.avPwned=1\"></object>",
    "<embed src=\"javascript:window.avPwned=1\">",
    "<form action=\"javascript:window.avPwned=1\"><button>x</button></form>",
    "<input autofocus onfocus=window.avPwned=1>",
    "<video><source onerror=\"window.avPwned=1\"></video>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.avPwned=1>\">",
    "<!--<img src=\"--><img src=x onerror=window.avPwned=1//\">",
    "<img src=\"x\" onerror=\"window.avPwned=1\" title=\"",
    "</textarea><script>window.avPwned=1</script>",
    "<marquee onstart=window.avPwned=1>x</marquee>",
];

/// URLs that run script (or show a document that could) if followed or loaded.
pub const URLS: [&str; 16] = [
    "javascript:window.avPwned=1",
    "JaVaScRiPt:window.avPwned=1",
    "&#106;avascript:window.avPwned=1",
    "&#x6A;&#x61;vascript:window.avPwned=1",
    "java&#x09;script:window.avPwned=1",
    "&#x01;javascript:window.avPwned=1",
    "%20javascript:window.avPwned=1",
    "javascript&colon;window.avPwned=1",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>window.avPwned=1</script>",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuYXZQd25lZD0xPC9zY3JpcHQ+",
    "DATA:image/svg+xml,<svg onload=window.avPwned=1>",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9d2luZG93LmF2UHduZWQ9MT4=",
    "file:///etc/passwd",
    "jar:javascript:window.avPwned=1",
];

/// Markdown bodies, each an article: markup raw and in every inline place, and each URL in every place a
/// Markdown URL can stand (link, image, autolink, reference definition, link title).
pub fn bodies() -> Vec<String> {
    let mut bodies: Vec<String> = MARKUP
        .iter()
        .map(|markup| format!("{markup}\n\n段落里的{markup}文字，*强调{markup}*，`{markup}`\n\n> {markup}\n\n- {markup}"))
        .collect();
    for url in URLS {
        bodies.push(format!("[链接]({url})"));
        bodies.push(format!("![图片]({url})"));
        bodies.push(format!("<{url}>"));
        bodies.push(format!("[链接][参考]\n\n[参考]: {url}"));
        bodies.push(format!("[链接](https://invest.example.cn/ \"{url}\")"));
        // Leading control characters and white space, as a browser's URL parser drops them.
        bodies.push(format!("[链接](\u{1}\u{7f} {url})"));
    }
    bodies
}

/// How many vectors the corpus holds: bodies, plus markup in each of the bundle's plain-text fields.
pub fn count() -> usize {
    bodies().len() + MARKUP.len() * TEXT_FIELDS.len() + URLS.len() * 3
}

/// The plain-text fields that take markup: the article's, the lead's, a channel's name and the site's name.
pub const TEXT_FIELDS: [&str; 8] = [
    "title", "source", "author", "editor", "byline", "caption", "alt", "channel",
];

/// The corpus as one bundle: an article per body, with markup in its plain-text fields, a hostile lead
/// `src`, and a channel named with markup. The site's name is markup too; `site.app.url` is a hostile URL.
pub fn bundle() -> String {
    let bodies = bodies();
    let mut channels = String::new();
    for (index, markup) in MARKUP.iter().enumerate() {
        if index > 0 {
            channels.push(',');
        }
        channels.push_str(&format!(r#"{{"id":"c{index}","name":{}}}"#, json(markup)));
    }
    let mut articles = String::new();
    for (index, body) in bodies.iter().enumerate() {
        let markup = MARKUP[index % MARKUP.len()];
        let url = URLS[index % URLS.len()];
        if index > 0 {
            articles.push(',');
        }
        articles.push_str(&format!(
            r#"{{"id":"x{index}","channel":"c{}","title":{},"published":"2024-05-01T08:00:00+08:00","source":{},"author":{},"editor":{},"byline":{},"lead":{{"src":{},"alt":{},"caption":{}}},"body":{},"url":{}}}"#,
            index % MARKUP.len(),
            json(&format!("标题{markup}")),
            json(markup),
            json(markup),
            json(markup),
            json(markup),
            json(if index % 2 == 0 { "media/lead.svg" } else { url }),
            json(markup),
            json(markup),
            json(body),
            // Half the articles have a hostile canonical URL (refused), so share and QR fall back to the viewer's.
            json(if index % 2 == 0 { "https://invest.example.cn/a.html?q=\"><script>" } else { url }),
        ));
    }
    format!(
        r#"{{"format":"article-bundle","version":1,"site":{{"name":{},"url":"https://invest.example.cn/","app":{{"name":{},"url":{}}}}},"channels":[{channels}],"articles":[{articles}]}}"#,
        json(MARKUP[0]),
        json(MARKUP[1]),
        json(URLS[0]),
    )
}

/// Routes from hostile hashes: markup and URLs in article ids, channel ids and queries.
pub fn hashes() -> Vec<String> {
    let mut hashes = Vec::new();
    for payload in MARKUP.iter().chain(URLS.iter()) {
        hashes.push(format!("#/article/{payload}"));
        hashes.push(format!("#/channel/{payload}"));
        hashes.push(format!("#/search?q={payload}"));
        hashes.push(format!("#/article/x0?q={payload}"));
    }
    hashes
}

/// `text` as a JSON string.
fn json(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                quoted.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
