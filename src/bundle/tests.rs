use super::*;

/// A bundle with two channels, `focus` (焦点图) and `news` (要闻), around the given `articles` array items.
fn bundle_with_articles(articles: &str) -> String {
    format!(
        r#"{{"format": "article-bundle", "version": 1,
            "site": {{"name": "投资山西", "url": "https://invest.example.cn/"}},
            "channels": [{{"id": "focus", "name": "焦点图"}}, {{"id": "news", "name": "要闻"}}],
            "articles": [{articles}]}}"#
    )
}

/// A bundle with the given `site` and `channels` values and no articles.
fn bundle_with_site_and_channels(site: &str, channels: &str) -> String {
    format!(
        r#"{{"format": "article-bundle", "version": 1, "site": {site}, "channels": {channels}, "articles": []}}"#
    )
}

/// A valid article `a1` in `focus`, followed by `fields`. Repeated keys override earlier ones (the last one wins,
/// as in `JSON.parse`), so `fields` can replace any required field.
fn article_with(fields: &str) -> String {
    let separator = if fields.is_empty() { "" } else { ", " };
    format!(
        r#"{{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00",
            "body": "正文"{separator}{fields}}}"#
    )
}

#[track_caller]
fn parse_ok(json: &str) -> (Bundle, Vec<Diagnostic>) {
    match from_json(json) {
        Ok(parsed) => parsed,
        Err(error) => panic!("expected a bundle, got the error: {error}"),
    }
}

#[track_caller]
fn check_error(json: &str, expect: &str) {
    match from_json(json) {
        Ok((bundle, diagnostics)) => {
            panic!("expected the error {expect:?}, got {bundle:?} with {diagnostics:?}")
        }
        Err(error) => assert_eq!(error.to_string(), expect),
    }
}

#[track_caller]
fn check_diagnostics(json: &str, expect: &[&str]) {
    let (_, diagnostics) = parse_ok(json);
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages, expect);
}

#[track_caller]
fn article_ids(json: &str) -> Vec<String> {
    let (bundle, _) = parse_ok(json);
    bundle
        .articles()
        .iter()
        .map(|article| article.id().to_owned())
        .collect()
}

const COMPLETE_BUNDLE: &str = r#"{
    "format": "article-bundle",
    "version": 1,
    "generator": "cms-export 2.1",
    "site": {
        "name": "  投资山西  ",
        "url": " https://invest.example.cn/ ",
        "app": {"name": "山西日报", "url": "https://app.example.cn/open"},
        "logo": "ignored.png"
    },
    "channels": [
        {"id": "focus", "name": "焦点图", "color": "red"},
        {"id": "news", "name": "要闻"}
    ],
    "articles": [
        {
            "id": "jin-shaan_2023",
            "channel": "focus",
            "title": " 山西党政代表团赴陕西学习考察 ",
            "published": "2023-07-22T12:00:00+08:00",
            "source": "山西日报",
            "author": " 杨文俊 ",
            "editor": "赵彦",
            "lead": {"src": " media/lead.svg ", "alt": "座谈会现场", "caption": "7月21日，座谈会在西安市举行。"},
            "body": "7月20日至21日，山西党政代表团赴陕西学习考察。\n\n第二段。",
            "byline": "(杨文俊)",
            "url": "https://invest.example.cn/2023/07/22/1.html",
            "tags": ["黄河"]
        },
        {
            "id": "b2",
            "channel": "news",
            "title": "要闻标题",
            "published": "2023-07-21T09:30:00Z",
            "source": "",
            "author": "   ",
            "body": ""
        }
    ]
}"#;

#[test]
fn complete_bundle_parses_without_diagnostics() {
    let (bundle, diagnostics) = parse_ok(COMPLETE_BUNDLE);
    assert_eq!(diagnostics, []);

    let site = bundle.site();
    assert_eq!(site.name(), "投资山西");
    assert_eq!(site.url(), "https://invest.example.cn/");
    let app = site.app().expect("the site has an app");
    assert_eq!(app.name(), "山西日报");
    assert_eq!(app.url(), "https://app.example.cn/open");

    let channels: Vec<(&str, &str)> = bundle
        .channels()
        .iter()
        .map(|channel| (channel.id(), channel.name()))
        .collect();
    assert_eq!(channels, [("focus", "焦点图"), ("news", "要闻")]);
    assert_eq!(bundle.channel("news").map(Channel::name), Some("要闻"));
    assert_eq!(bundle.channel("sports"), None);

    assert_eq!(bundle.articles().len(), 2);
    let article = bundle
        .article("jin-shaan_2023")
        .expect("the first article is kept");
    assert_eq!(article.id(), "jin-shaan_2023");
    assert_eq!(article.channel(), "focus");
    assert_eq!(article.title(), "山西党政代表团赴陕西学习考察");
    assert_eq!(article.published().to_string(), "2023-07-22 12:00:00");
    assert_eq!(article.published().as_str(), "2023-07-22T12:00:00+08:00");
    assert_eq!(article.source(), Some("山西日报"));
    assert_eq!(article.author(), Some("杨文俊"));
    assert_eq!(article.editor(), Some("赵彦"));
    assert_eq!(
        article.body(),
        "7月20日至21日，山西党政代表团赴陕西学习考察。\n\n第二段。"
    );
    assert_eq!(article.byline(), Some("(杨文俊)"));
    assert_eq!(
        article.url(),
        Some("https://invest.example.cn/2023/07/22/1.html")
    );
    let lead = article.lead().expect("the article has a lead photo");
    assert_eq!(lead.src(), "media/lead.svg");
    assert_eq!(lead.alt(), "座谈会现场");
    assert_eq!(lead.caption(), Some("7月21日，座谈会在西安市举行。"));
}

#[test]
fn empty_optional_strings_count_as_absent() {
    let (bundle, diagnostics) = parse_ok(COMPLETE_BUNDLE);
    assert_eq!(diagnostics, []);
    let article = bundle.article("b2").expect("the second article is kept");
    assert_eq!(article.source(), None);
    assert_eq!(article.author(), None);
    assert_eq!(article.editor(), None);
    assert_eq!(article.lead(), None);
    assert_eq!(article.byline(), None);
    assert_eq!(article.url(), None);
    assert_eq!(article.body(), "");
}

#[test]
fn null_optional_fields_count_as_absent() {
    let json = bundle_with_articles(&article_with(
        r#""source": null, "lead": null, "url": null"#,
    ));
    let (bundle, diagnostics) = parse_ok(&json);
    assert_eq!(diagnostics, []);
    let article = &bundle.articles()[0];
    assert_eq!(
        (article.source(), article.lead(), article.url()),
        (None, None, None)
    );
}

#[test]
fn lead_without_alt_or_caption_has_empty_alt() {
    let json = bundle_with_articles(&article_with(
        r#""lead": {"src": "https://img.example.cn/a.jpg"}"#,
    ));
    let (bundle, diagnostics) = parse_ok(&json);
    assert_eq!(diagnostics, []);
    let lead = bundle.articles()[0].lead().expect("the lead is kept");
    assert_eq!(
        (lead.src(), lead.alt(), lead.caption()),
        ("https://img.example.cn/a.jpg", "", None)
    );
}

#[test]
fn a_lead_with_width_and_height_keeps_its_size() {
    let json = bundle_with_articles(&article_with(
        r#""lead": {"src": "a.jpg", "width": 640, "height": 427}"#,
    ));
    let (bundle, diagnostics) = parse_ok(&json);
    assert_eq!(diagnostics, []);
    let lead = bundle.articles()[0].lead().expect("the lead is kept");
    assert_eq!(lead.size(), Some((640, 427)));
    let json = bundle_with_articles(&article_with(r#""lead": {"src": "a.jpg"}"#));
    assert_eq!(
        parse_ok(&json).0.articles()[0].lead().and_then(Lead::size),
        None
    );
}

#[test]
fn a_bad_or_lone_lead_dimension_leaves_the_lead_out() {
    for (fields, message) in [
        (
            r#""width": 640"#,
            "ignored: articles[0].lead.height: missing; expected the height, with the width",
        ),
        (
            r#""height": 427"#,
            "ignored: articles[0].lead.width: missing; expected the width, with the height",
        ),
        (
            r#""width": 0, "height": 427"#,
            "ignored: articles[0].lead.width: expected a whole number of pixels, 1 to 100000, found 0",
        ),
        (
            r#""width": 640.5, "height": 427"#,
            "ignored: articles[0].lead.width: expected a whole number of pixels, 1 to 100000, found 640.5",
        ),
        (
            r#""width": 640, "height": "427""#,
            r#"ignored: articles[0].lead.height: expected a whole number of pixels, 1 to 100000, found "427""#,
        ),
    ] {
        let json = bundle_with_articles(&article_with(&format!(
            r#""lead": {{"src": "a.jpg", {fields}}}"#
        )));
        check_diagnostics(&json, &[message]);
        assert_eq!(parse_ok(&json).0.articles()[0].lead(), None, "{fields}");
    }
}

#[test]
fn site_without_app_has_none() {
    let (bundle, diagnostics) = parse_ok(&bundle_with_articles(""));
    assert_eq!(diagnostics, []);
    assert_eq!(bundle.site().app(), None);
    assert_eq!(bundle.articles(), []);
}

#[test]
fn last_of_repeated_keys_wins() {
    let json = bundle_with_articles(&article_with(r#""title": "改过的标题""#));
    let (bundle, _) = parse_ok(&json);
    assert_eq!(bundle.articles()[0].title(), "改过的标题");
}

// Errors: the bundle as a whole is unusable.

#[test]
fn text_that_is_not_json_is_an_error() {
    let error = from_json("{\"format\": ").expect_err("truncated JSON is refused");
    assert!(error.to_string().starts_with("not valid JSON: "), "{error}");
    assert_eq!(error.path(), "");
    check_error(
        "",
        "not valid JSON: EOF while parsing a value at line 1 column 0",
    );
    check_error(
        "<html>",
        "not valid JSON: expected value at line 1 column 1",
    );
}

#[test]
fn root_must_be_an_object() {
    check_error(
        "[]",
        "expected a JSON object (an article bundle), found an array",
    );
    check_error(
        "null",
        "expected a JSON object (an article bundle), found null",
    );
    check_error(
        r#""article-bundle""#,
        r#"expected a JSON object (an article bundle), found "article-bundle""#,
    );
}

#[test]
fn format_must_be_article_bundle() {
    check_error(
        r#"{"version": 1}"#,
        r#"format: missing; expected "article-bundle""#,
    );
    check_error(
        r#"{"format": "rss", "version": 1}"#,
        r#"format: expected "article-bundle", found "rss""#,
    );
    check_error(
        r#"{"format": 1}"#,
        r#"format: expected "article-bundle", found 1"#,
    );
}

#[test]
fn version_must_be_1() {
    check_error(
        r#"{"format": "article-bundle", "version": 2}"#,
        "version: this viewer reads version 1 bundles, found 2",
    );
    check_error(
        r#"{"format": "article-bundle", "version": "1"}"#,
        r#"version: expected the format version, the number 1, found "1""#,
    );
    check_error(
        r#"{"format": "article-bundle"}"#,
        "version: missing; expected the format version, the number 1",
    );
}

#[test]
fn site_must_have_a_name_and_an_absolute_url() {
    check_error(
        r#"{"format": "article-bundle", "version": 1, "channels": [], "articles": []}"#,
        "site: missing; expected an object with the site's name and url",
    );
    check_error(
        &bundle_with_site_and_channels(r#""投资山西""#, "[]"),
        r#"site: expected an object, found "投资山西""#,
    );
    check_error(
        &bundle_with_site_and_channels(r#"{"name": "投资山西", "url": "invest"}"#, "[]"),
        r#"site.url: expected an absolute http(s) URL, found "invest""#,
    );
    check_error(
        &bundle_with_site_and_channels(r#"{"name": "投资山西"}"#, "[]"),
        "site.url: missing; expected an absolute http(s) URL",
    );
    check_error(
        &bundle_with_site_and_channels(
            r#"{"name": "", "url": "https://invest.example.cn/"}"#,
            "[]",
        ),
        r#"site.name: expected a non-empty string, found """#,
    );
    check_error(
        &bundle_with_site_and_channels(
            r#"{"name": " \n ", "url": "https://invest.example.cn/"}"#,
            "[]",
        ),
        r#"site.name: expected a non-empty string, found " \n ""#,
    );
}

const GOOD_SITE: &str = r#"{"name": "投资山西", "url": "https://invest.example.cn/"}"#;

#[test]
fn channels_must_be_a_non_empty_array() {
    check_error(
        &bundle_with_site_and_channels(GOOD_SITE, "[]"),
        "channels: expected at least one channel, found an empty array",
    );
    check_error(
        &bundle_with_site_and_channels(GOOD_SITE, r#"{"focus": "焦点图"}"#),
        "channels: expected an array of channels, found an object",
    );
    check_error(
        r#"{"format": "article-bundle", "version": 1, "site": {"name": "投资山西", "url": "https://invest.example.cn/"}}"#,
        "channels: missing; expected an array of channels",
    );
}

#[test]
fn channels_that_are_all_invalid_are_an_error() {
    check_error(
        &bundle_with_site_and_channels(GOOD_SITE, r#"[{"id": "Focus", "name": "焦点图"}, "news"]"#),
        "channels: expected at least one channel, found no valid channel",
    );
}

#[test]
fn articles_must_be_an_array() {
    check_error(
        r#"{"format": "article-bundle", "version": 1, "site": {"name": "投资山西", "url": "https://invest.example.cn/"},
            "channels": [{"id": "focus", "name": "焦点图"}]}"#,
        "articles: missing; expected an array of articles",
    );
    check_error(
        r#"{"format": "article-bundle", "version": 1, "site": {"name": "投资山西", "url": "https://invest.example.cn/"},
            "channels": [{"id": "focus", "name": "焦点图"}], "articles": {}}"#,
        "articles: expected an array of articles, found an object",
    );
}

#[test]
fn json_nested_too_deep_is_an_error() {
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let json = bundle_with_articles(&article_with(&format!(r#""extra": {deep}"#)));
    let error = from_json(&json).expect_err("100 levels of nesting are refused");
    assert!(
        error.to_string().contains("nested deeper than 64 levels"),
        "{error}"
    );
    assert_eq!(error.to_string(), "nested deeper than 64 levels");
}

#[test]
fn json_nested_within_the_limit_is_fine() {
    let nested = format!("{}{}", "[".repeat(50), "]".repeat(50));
    let json = bundle_with_articles(&article_with(&format!(r#""extra": {nested}"#)));
    assert_eq!(article_ids(&json), ["a1"]);
}

#[test]
fn very_long_title_is_fine() {
    let title = "晋".repeat(100 * 1024 / 3);
    let json = bundle_with_articles(&article_with(&format!(r#""title": "{title}""#)));
    let (bundle, diagnostics) = parse_ok(&json);
    assert_eq!(diagnostics, []);
    assert_eq!(bundle.articles()[0].title(), title);
}

// Diagnostics: one channel, article or field is lost, the rest is shown.

#[test]
fn channel_with_bad_id_is_skipped() {
    let json = bundle_with_site_and_channels(
        GOOD_SITE,
        r#"[{"id": "Focus Pictures", "name": "焦点图"}, {"id": "news", "name": "要闻"}]"#,
    );
    check_diagnostics(
        &json,
        &[
            r#"channel skipped: channels[0].id: expected an id of a-z, 0-9 and -, found "Focus Pictures""#,
        ],
    );
    let (bundle, _) = parse_ok(&json);
    assert_eq!(bundle.channels().len(), 1);
    assert_eq!(bundle.channels()[0].id(), "news");
}

#[test]
fn channel_without_name_is_skipped() {
    check_diagnostics(
        &bundle_with_site_and_channels(
            GOOD_SITE,
            r#"[{"id": "focus"}, {"id": "news", "name": "要闻"}]"#,
        ),
        &["channel skipped: channels[0].name: missing; expected a non-empty string"],
    );
}

#[test]
fn duplicate_channel_id_skips_the_later_one() {
    let json = bundle_with_site_and_channels(
        GOOD_SITE,
        r#"[{"id": "focus", "name": "焦点图"}, {"id": "focus", "name": "另一个"}]"#,
    );
    check_diagnostics(
        &json,
        &["channel skipped: channels[1].id: already used by channels[0]"],
    );
    let (bundle, _) = parse_ok(&json);
    assert_eq!(bundle.channel("focus").map(Channel::name), Some("焦点图"));
}

#[test]
fn article_that_is_not_an_object_is_skipped() {
    let json = bundle_with_articles(&format!(r#""a0", {}"#, article_with("")));
    check_diagnostics(
        &json,
        &["article skipped: articles[0]: expected an object, found \"a0\""],
    );
    assert_eq!(article_ids(&json), ["a1"]);
}

#[test]
fn article_without_title_is_skipped() {
    let json = bundle_with_articles(
        r#"{"id": "a1", "channel": "focus", "published": "2023-07-22T12:00:00+08:00", "body": ""}"#,
    );
    check_diagnostics(
        &json,
        &[r#"article "a1" skipped: articles[0].title: missing; expected a non-empty string"#],
    );
    assert_eq!(article_ids(&json), Vec::<String>::new());
}

#[test]
fn article_with_numeric_title_is_skipped() {
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""title": 5"#)),
        &[r#"article "a1" skipped: articles[0].title: expected a non-empty string, found 5"#],
    );
}

#[test]
fn article_without_id_is_skipped_by_index() {
    check_diagnostics(
        &bundle_with_articles(
            r#"{"channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00", "body": ""}"#,
        ),
        &["article skipped: articles[0].id: missing; expected an article id"],
    );
}

#[test]
fn article_with_bad_id_characters_is_skipped() {
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""id": "a/../b""#)),
        &[
            r#"article "a/../b" skipped: articles[0].id: expected an id of A-Z, a-z, 0-9, _ and -, found "a/../b""#,
        ],
    );
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""id": """#)),
        &[r#"article skipped: articles[0].id: expected an id of A-Z, a-z, 0-9, _ and -, found """#],
    );
}

#[test]
fn article_in_unknown_channel_is_skipped_and_the_message_lists_the_channels() {
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""channel": "sports""#)),
        &[
            r#"article "a1" skipped: articles[0].channel: expected one of the channel ids (focus, news), found "sports""#,
        ],
    );
}

#[test]
fn duplicate_article_id_skips_the_later_one() {
    let first = article_with(r#""title": "第一篇""#);
    let second = article_with(r#""title": "第二篇""#);
    let json = bundle_with_articles(&format!("{first}, {second}"));
    check_diagnostics(
        &json,
        &[r#"article "a1" skipped: articles[1].id: already used by articles[0]"#],
    );
    let (bundle, _) = parse_ok(&json);
    assert_eq!(bundle.articles().len(), 1);
    assert_eq!(bundle.article("a1").map(Article::title), Some("第一篇"));
}

#[test]
fn published_without_offset_skips_the_article() {
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""published": "2023-07-22T12:00:00""#)),
        &[concat!(
            r#"article "a1" skipped: articles[0].published: "#,
            r#"expected an RFC 3339 date-time with offset, such as "2023-07-22T12:00:00+08:00", found "2023-07-22T12:00:00""#
        )],
    );
}

#[test]
fn published_on_a_day_that_does_not_exist_skips_the_article() {
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""published": "2023-02-30T12:00:00+08:00""#)),
        &[concat!(
            r#"article "a1" skipped: articles[0].published: "#,
            r#"expected an RFC 3339 date-time with offset, such as "2023-07-22T12:00:00+08:00", found "2023-02-30T12:00:00+08:00""#
        )],
    );
}

#[test]
fn published_at_hour_24_skips_the_article() {
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""published": "2023-07-22T24:00:00+08:00""#)),
        &[concat!(
            r#"article "a1" skipped: articles[0].published: "#,
            r#"expected an RFC 3339 date-time with offset, such as "2023-07-22T12:00:00+08:00", found "2023-07-22T24:00:00+08:00""#
        )],
    );
}

#[test]
fn article_without_body_is_skipped() {
    check_diagnostics(
        &bundle_with_articles(
            r#"{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00"}"#,
        ),
        &[
            r#"article "a1" skipped: articles[0].body: missing; expected the article body, a Markdown string"#,
        ],
    );
}

#[test]
fn numeric_source_is_ignored_and_the_article_kept() {
    let json = bundle_with_articles(&article_with(r#""source": 12, "author": "杨文俊""#));
    check_diagnostics(
        &json,
        &["ignored: articles[0].source: expected a string, found 12"],
    );
    let (bundle, _) = parse_ok(&json);
    let article = &bundle.articles()[0];
    assert_eq!(article.source(), None);
    assert_eq!(article.author(), Some("杨文俊"));
}

#[test]
fn lead_with_script_src_is_dropped_and_the_article_kept() {
    let json = bundle_with_articles(&article_with(
        r#""lead": {"src": "javascript:alert(1)", "caption": "图"}"#,
    ));
    check_diagnostics(
        &json,
        &[
            r#"ignored: articles[0].lead.src: expected an image URL: relative, absolute http(s), or a data: URL of a PNG, JPEG, GIF, WebP or AVIF image, found "javascript:alert(1)""#,
        ],
    );
    let (bundle, _) = parse_ok(&json);
    assert_eq!(bundle.articles()[0].lead(), None);
}

#[test]
fn lead_with_svg_data_src_is_dropped() {
    check_diagnostics(
        &bundle_with_articles(&article_with(
            r#""lead": {"src": "data:image/svg+xml,<svg onload=alert(1)>"}"#,
        )),
        &[
            r#"ignored: articles[0].lead.src: expected an image URL: relative, absolute http(s), or a data: URL of a PNG, JPEG, GIF, WebP or AVIF image, found "data:image/svg+xml,<svg onload=alert(1)>""#,
        ],
    );
}

#[test]
fn lead_that_is_not_an_object_is_dropped() {
    check_diagnostics(
        &bundle_with_articles(&article_with(r#""lead": "media/lead.svg""#)),
        &[
            r#"ignored: articles[0].lead: expected an object with src, alt and caption, found "media/lead.svg""#,
        ],
    );
}

#[test]
fn article_url_that_is_not_http_is_dropped() {
    let json = bundle_with_articles(&article_with(r#""url": "ftp://invest.example.cn/1.html""#));
    check_diagnostics(
        &json,
        &[
            r#"ignored: articles[0].url: expected an absolute http(s) URL, found "ftp://invest.example.cn/1.html""#,
        ],
    );
    let (bundle, _) = parse_ok(&json);
    assert_eq!(bundle.articles()[0].url(), None);
    assert_eq!(bundle.articles()[0].id(), "a1");
}

#[test]
fn bad_site_app_is_dropped_and_the_bundle_kept() {
    let site = r#"{"name": "投资山西", "url": "https://invest.example.cn/", "app": {"name": "山西日报", "url": "javascript:alert(1)"}}"#;
    let json = bundle_with_site_and_channels(site, r#"[{"id": "focus", "name": "焦点图"}]"#);
    check_diagnostics(
        &json,
        &[
            r#"ignored: site.app.url: expected an absolute http(s) URL, found "javascript:alert(1)""#,
        ],
    );
    let (bundle, _) = parse_ok(&json);
    assert_eq!(bundle.site().app(), None);
    assert_eq!(bundle.site().name(), "投资山西");

    let site = r#"{"name": "投资山西", "url": "https://invest.example.cn/", "app": "山西日报"}"#;
    check_diagnostics(
        &bundle_with_site_and_channels(site, r#"[{"id": "focus", "name": "焦点图"}]"#),
        &[r#"ignored: site.app: expected an object, found "山西日报""#],
    );
}

#[test]
fn long_values_are_cut_in_messages() {
    let long_id = "x".repeat(100);
    let json = bundle_with_articles(&article_with(&format!(r#""channel": "{long_id}""#)));
    let expect = format!(
        r#"article "a1" skipped: articles[0].channel: expected one of the channel ids (focus, news), found "{}"…"#,
        "x".repeat(60)
    );
    check_diagnostics(&json, &[expect.as_str()]);
}

#[test]
fn diagnostics_keep_bundle_order_and_the_good_articles() {
    let good = article_with(r#""id": "good""#);
    let bad_title = article_with(r#""id": "bad", "title": """#);
    let ignored_field = article_with(r#""id": "kept", "editor": ["赵彦"]"#);
    let json = bundle_with_articles(&format!("{good}, {bad_title}, {ignored_field}"));
    check_diagnostics(
        &json,
        &[
            r#"article "bad" skipped: articles[1].title: expected a non-empty string, found """#,
            "ignored: articles[2].editor: expected a string, found an array",
        ],
    );
    assert_eq!(article_ids(&json), ["good", "kept"]);
}

#[test]
fn skipped_article_diagnostic_names_its_id_and_index() {
    let json = bundle_with_articles(&format!(
        "{}, {}",
        article_with(""),
        article_with(r#""id": "b2", "channel": 3"#)
    ));
    let (_, diagnostics) = parse_ok(&json);
    assert_eq!(diagnostics.len(), 1);
    let diagnostic = &diagnostics[0];
    assert_eq!(
        diagnostic.effect(),
        &Effect::SkippedArticle {
            index: 1,
            id: Some("b2".to_owned())
        }
    );
    assert_eq!(diagnostic.error().path(), "articles[1].channel");
    let message = diagnostic.to_string();
    assert!(message.contains("\"b2\""), "{message}");
    assert!(message.contains("articles[1]"), "{message}");
    assert_eq!(
        message,
        r#"article "b2" skipped: articles[1].channel: expected a channel id, found 3"#
    );
}

// Timestamps.

#[track_caller]
fn timestamp(text: &str) -> Timestamp {
    match Timestamp::parse(text) {
        Some(timestamp) => timestamp,
        None => panic!("{text:?} should parse"),
    }
}

#[track_caller]
fn check_timestamp(text: &str, expect_display: Option<&str>) {
    let display = Timestamp::parse(text).map(|timestamp| timestamp.to_string());
    assert_eq!(
        display.as_deref(),
        expect_display,
        "Timestamp::parse({text:?})"
    );
}

#[test]
fn timestamp_shows_in_its_own_offset() {
    check_timestamp("2023-07-22T12:00:00+08:00", Some("2023-07-22 12:00:00"));
    check_timestamp("2023-07-22T04:00:00Z", Some("2023-07-22 04:00:00"));
    check_timestamp("2023-07-22T04:00:00z", Some("2023-07-22 04:00:00"));
    check_timestamp("2023-07-22T12:00:00-05:30", Some("2023-07-22 12:00:00"));
    check_timestamp("  2023-07-22T12:00:00+08:00 ", Some("2023-07-22 12:00:00"));
}

#[test]
fn timestamp_keeps_the_text_for_datetime() {
    assert_eq!(
        timestamp(" 2023-07-22T12:00:00.5+08:00 ").as_str(),
        "2023-07-22T12:00:00.5+08:00"
    );
}

#[test]
fn timestamp_accepts_fractional_seconds_lowercase_t_and_space() {
    check_timestamp(
        "2023-07-22T12:00:00.123456+08:00",
        Some("2023-07-22 12:00:00"),
    );
    check_timestamp("2023-07-22t12:00:00+08:00", Some("2023-07-22 12:00:00"));
    check_timestamp("2023-07-22 12:00:00+08:00", Some("2023-07-22 12:00:00"));
    check_timestamp("2023-07-22T12:00:00.+08:00", None);
}

#[test]
fn timestamp_checks_the_calendar() {
    check_timestamp("2024-02-29T00:00:00Z", Some("2024-02-29 00:00:00"));
    check_timestamp("2000-02-29T00:00:00Z", Some("2000-02-29 00:00:00"));
    check_timestamp("2023-02-29T00:00:00Z", None);
    check_timestamp("1900-02-29T00:00:00Z", None);
    check_timestamp("2023-02-30T12:00:00+08:00", None);
    check_timestamp("2023-04-31T12:00:00+08:00", None);
    check_timestamp("2023-13-01T12:00:00+08:00", None);
    check_timestamp("2023-00-01T12:00:00+08:00", None);
    check_timestamp("2023-07-00T12:00:00+08:00", None);
    check_timestamp("2023-07-22T24:00:00+08:00", None);
    check_timestamp("2023-07-22T12:60:00+08:00", None);
    check_timestamp("2023-07-22T12:00:60+08:00", None);
}

#[test]
fn timestamp_needs_an_offset_and_the_exact_shape() {
    check_timestamp("2023-07-22T12:00:00", None);
    check_timestamp("2023-07-22", None);
    check_timestamp("2023-07-22T12:00:00+0800", None);
    check_timestamp("2023-07-22T12:00:00+24:00", None);
    check_timestamp("2023-07-22T12:00:00+08:60", None);
    check_timestamp("2023/07/22T12:00:00+08:00", None);
    check_timestamp("2023-7-22T12:00:00+08:00Z", None);
    check_timestamp("2023-07-22T12:00:00+08:00 extra", None);
    check_timestamp("２０２３-07-22T12:00:00+08:00", None);
    check_timestamp("", None);
}

#[test]
fn timestamp_unix_seconds_account_for_the_offset() {
    assert_eq!(timestamp("1970-01-01T08:00:00+08:00").unix_seconds(), 0);
    assert_eq!(timestamp("1970-01-01T00:00:00Z").unix_seconds(), 0);
    assert_eq!(timestamp("1969-12-31T19:00:00-05:00").unix_seconds(), 0);
    assert_eq!(
        timestamp("2023-07-22T12:00:00+08:00").unix_seconds(),
        1_689_998_400
    );
    assert_eq!(
        timestamp("2000-03-01T00:00:00Z").unix_seconds(),
        951_868_800
    );
}

#[test]
fn timestamp_order_follows_the_moment_not_the_text() {
    let beijing_noon = timestamp("2023-07-22T12:00:00+08:00");
    let new_york_midnight = timestamp("2023-07-22T00:00:00-04:00");
    let sydney_one_pm = timestamp("2023-07-22T13:00:00+10:00");
    let london_five_am = timestamp("2023-07-22T05:00:00Z");
    assert_eq!(
        beijing_noon.unix_seconds(),
        new_york_midnight.unix_seconds()
    );
    assert!(sydney_one_pm.unix_seconds() < beijing_noon.unix_seconds());
    assert!(london_five_am.unix_seconds() > beijing_noon.unix_seconds());
}

#[test]
fn timestamp_date_is_in_its_own_offset() {
    assert_eq!(timestamp("2023-07-22T01:00:00+08:00").date(), "2023-07-22");
    assert_eq!(timestamp("2023-07-21T23:00:00-05:00").date(), "2023-07-21");
}

#[test]
fn sites_may_ask_for_indented_paragraphs() {
    let channels = r#"[{"id": "focus", "name": "焦点图"}]"#;
    let site =
        r#"{"name": "投资山西", "url": "https://invest.example.cn/", "indent_paragraphs": true}"#;
    let (bundle, diagnostics) = parse_ok(&bundle_with_site_and_channels(site, channels));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(bundle.site().indent_paragraphs());
    let (bundle, _) = parse_ok(&bundle_with_site_and_channels(GOOD_SITE, channels));
    assert!(!bundle.site().indent_paragraphs(), "off unless asked for");
    let site =
        r#"{"name": "投资山西", "url": "https://invest.example.cn/", "indent_paragraphs": "yes"}"#;
    check_diagnostics(
        &bundle_with_site_and_channels(site, channels),
        &[r#"ignored: site.indent_paragraphs: expected true or false, found "yes""#],
    );
}

#[test]
fn sites_may_name_a_search_index_to_fetch() {
    let channels = r#"[{"id": "focus", "name": "焦点图"}]"#;
    let site_with = |index: &str| {
        format!(
            r#"{{"name": "投资山西", "url": "https://invest.example.cn/", "search_index": {index}}}"#
        )
    };
    for (index, expect) in [
        (r#""search/index.txt""#, "search/index.txt"),
        (r#"" ../search/index.txt ""#, "../search/index.txt"),
        (
            r#""https://cdn.example.cn/s/index.txt""#,
            "https://cdn.example.cn/s/index.txt",
        ),
    ] {
        let (bundle, diagnostics) =
            parse_ok(&bundle_with_site_and_channels(&site_with(index), channels));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(bundle.site().search_index(), Some(expect));
    }
    let (bundle, _) = parse_ok(&bundle_with_site_and_channels(GOOD_SITE, channels));
    assert_eq!(bundle.site().search_index(), None, "none unless named");
    for (index, found) in [
        (r#""javascript:alert(1)""#, r#""javascript:alert(1)""#),
        (r#""file:///etc/passwd""#, r#""file:///etc/passwd""#),
        (r##""#/search""##, r##""#/search""##),
        ("42", "42"),
    ] {
        check_diagnostics(
            &bundle_with_site_and_channels(&site_with(index), channels),
            &[&format!("ignored: site.search_index: expected the URL of a search index manifest: relative, or absolute http(s), found {found}")],
        );
    }
}

/// The document as a browser hands it to [`Reader::new`]: everything but the articles, with `articles` emptied.
fn head_and_entries(json: &str) -> (Value, Vec<Value>) {
    let mut value: Value = serde_json::from_str(json).expect("test JSON");
    let Value::Object(members) = &mut value else {
        panic!("a bundle is an object")
    };
    let mut entries = Vec::new();
    for (key, member) in members.iter_mut() {
        if key == "articles" {
            if let Value::Array(items) = member {
                entries = std::mem::take(items);
            }
        }
    }
    (value, entries)
}

#[test]
fn reading_an_article_at_a_time_equals_reading_the_whole() {
    let json = bundle_with_articles(
        &[
            article_with(r#""id": "a1""#),
            article_with(r#""id": "a2", "published": "2023-02-30T12:00:00+08:00""#),
            article_with(r#""id": "a1", "title": "重复""#),
            article_with(r#""id": "a3", "channel": "news", "url": "javascript:alert(1)""#),
        ]
        .join(","),
    );
    let (head, entries) = head_and_entries(&json);
    let mut reader = Reader::new(&head).expect("a valid head");
    for (index, entry) in entries.iter().enumerate() {
        reader.read(index, entry);
    }
    assert_eq!(reader.finish(), parse_ok(&json));
}

#[test]
fn a_preview_is_the_site_and_channels_with_one_article() {
    let json = bundle_with_articles(
        &[
            article_with(r#""id": "a1", "published": "24:00""#),
            article_with(r#""id": "a1", "title": "第二篇""#),
        ]
        .join(","),
    );
    let (head, entries) = head_and_entries(&json);
    let reader = Reader::new(&head).expect("a valid head");
    assert_eq!(
        reader.preview(&entries[0]),
        None,
        "an invalid article has no preview"
    );
    let preview = reader.preview(&entries[1]).expect("a valid article");
    let (whole, _) = parse_ok(&json);
    assert_eq!(preview, whole, "the only valid a1 is the second entry");
}

#[test]
fn the_head_is_checked_before_any_article() {
    let (head, _) = head_and_entries(&bundle_with_site_and_channels(
        r#"{"name": "投资山西", "url": "ftp://x"}"#,
        r#"[{"id": "focus", "name": "焦点图"}]"#,
    ));
    let error = Reader::new(&head).expect_err("a bad site url");
    assert!(error.to_string().starts_with("site.url:"), "{error}");
}
