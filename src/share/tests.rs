use super::fixtures::*;
use super::*;

// Share links.

#[track_caller]
fn check_link(site: ShareSite, url: &str, title: &str, expect: &str) {
    assert_eq!(
        site.link(url, title),
        expect,
        "{site:?}.link({url:?}, {title:?})"
    );
}

#[test]
fn share_links_percent_encode_a_chinese_title_as_utf8() {
    let title = "%E9%BB%84%E6%B2%B3%E6%B5%81%E5%9F%9F%E7%94%9F%E6%80%81%E4%BF%9D%E6%8A%A4";
    let url = "https://invest.example.cn/focus/yellow-river.html";
    let encoded_url = "https%3A%2F%2Finvest.example.cn%2Ffocus%2Fyellow-river.html";
    check_link(
        ShareSite::Weibo,
        url,
        "黄河流域生态保护",
        &format!("https://service.weibo.com/share/share.php?url={encoded_url}&title={title}"),
    );
    check_link(
        ShareSite::Qq,
        url,
        "黄河流域生态保护",
        &format!(
            "https://connect.qq.com/widget/shareqq/index.html?url={encoded_url}&title={title}"
        ),
    );
    check_link(
        ShareSite::Qzone,
        url,
        "黄河流域生态保护",
        &format!(
            "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url={encoded_url}&title={title}"
        ),
    );
}

#[test]
fn share_links_percent_encode_every_reserved_character_of_the_title() {
    check_link(
        ShareSite::Weibo,
        "https://a.cn/",
        r#"A&B #1? x=y+z 100% "引号" '单'"#,
        concat!(
            "https://service.weibo.com/share/share.php?url=https%3A%2F%2Fa.cn%2F",
            "&title=A%26B%20%231%3F%20x%3Dy%2Bz%20100%25%20%22%E5%BC%95%E5%8F%B7%22%20%27%E5%8D%95%27",
        ),
    );
    check_link(
        ShareSite::Qq,
        "https://a.cn/",
        "a_b.c~d-e/f",
        "https://connect.qq.com/widget/shareqq/index.html?url=https%3A%2F%2Fa.cn%2F&title=a_b.c~d-e%2Ff",
    );
}

#[test]
fn share_links_percent_encode_an_article_url_with_its_own_query_and_fragment() {
    check_link(
        ShareSite::Qzone,
        OWN_URL,
        "黄河",
        concat!(
            "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey",
            "?url=https%3A%2F%2Fa.cn%2Fx%3Fy%3D1%26z%3D2%23%2Farticle%2Fk",
            "&title=%E9%BB%84%E6%B2%B3",
        ),
    );
}

/// The query of a share link as its `(name, raw value)` pairs, checking the link has exactly one `?` and no `#`.
#[track_caller]
fn query_pairs(link: &str) -> Vec<(&str, &str)> {
    assert!(!link.contains('#'), "a raw # would cut the query: {link}");
    let (_, query) = link.split_once('?').expect("a query");
    assert!(!query.contains('?'), "a second ? in {link}");
    query
        .split('&')
        .map(|pair| pair.split_once('=').expect("name=value"))
        .collect()
}

/// Whether `value` is only unreserved characters and `%XX` escapes with uppercase hex digits.
fn is_strictly_encoded(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3).unwrap_or_default();
            if hex.len() != 2 || !hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F')) {
                return false;
            }
            index += 3;
        } else if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            index += 1;
        } else {
            return false;
        }
    }
    true
}

#[test]
fn share_link_values_decode_back_to_the_url_and_title_exactly() {
    let cases = [
        ("https://invest.example.cn/a.html", "黄河流域生态保护"),
        (OWN_URL, r#"A&B #1? x=y+z 100% "引号" '单'"#),
        (PLAIN_URL, "%E4%B8 already%20escaped + plus"),
        (
            "http://例子.中国/文章?标题=黄河&页=2#段",
            "<b>粗</b> & \u{1F600} \t tab",
        ),
        ("https://a.cn/", ""),
    ];
    for site in ShareSite::ALL {
        for (url, title) in cases {
            let link = site.link(url, title);
            let pairs = query_pairs(&link);
            let names: Vec<&str> = pairs.iter().map(|(name, _)| *name).collect();
            assert_eq!(names, ["url", "title"], "{link}");
            for (_, value) in &pairs {
                assert!(is_strictly_encoded(value), "{value:?} in {link}");
            }
            assert_eq!(url::decode_component(pairs[0].1), url, "{link}");
            assert_eq!(url::decode_component(pairs[1].1), title, "{link}");
        }
    }
}

#[test]
fn share_sites_are_offered_in_order_with_their_names() {
    let labels: Vec<&str> = ShareSite::ALL
        .iter()
        .map(|site| site.label(crate::text::Lang::Zh.text()))
        .collect();
    assert_eq!(labels, ["微博", "QQ", "QQ空间"]);
}

// The article's URL.

#[test]
fn an_article_with_a_url_of_its_own_is_shared_at_it() {
    let bundle = bundle(SITE_WITH_APP, ARTICLES);
    let own = article(&bundle, "own");
    assert_eq!(article_url(own, Some(PAGE_URL)).as_deref(), Some(OWN_URL));
    assert_eq!(article_url(own, None).as_deref(), Some(OWN_URL));
}

#[track_caller]
fn check_article_url(page_url: Option<&str>, expect: Option<&str>) {
    let bundle = bundle(SITE_WITH_APP, ARTICLES);
    assert_eq!(
        article_url(article(&bundle, "plain"), page_url).as_deref(),
        expect,
        "page {page_url:?}"
    );
}

#[test]
fn an_article_without_url_is_shared_at_its_route_on_the_viewer_page() {
    check_article_url(Some(PAGE_URL), Some(PLAIN_URL));
    check_article_url(
        Some("https://h.example.cn/viewer/?bundle=bundles%2Fsample.json"),
        Some(PLAIN_URL),
    );
    check_article_url(
        Some("https://h.example.cn/viewer/#/channel/x"),
        Some("https://h.example.cn/viewer/#/article/plain"),
    );
    check_article_url(
        Some("https://h.example.cn/viewer/#/article/own"),
        Some("https://h.example.cn/viewer/#/article/plain"),
    );
    check_article_url(
        Some("https://h.example.cn/#"),
        Some("https://h.example.cn/#/article/plain"),
    );
    check_article_url(
        Some("https://h.example.cn/#a#b"),
        Some("https://h.example.cn/#/article/plain"),
    );
    check_article_url(
        Some("http://127.0.0.1:8000/"),
        Some("http://127.0.0.1:8000/#/article/plain"),
    );
}

#[test]
fn an_article_without_url_on_an_unknown_page_has_no_url() {
    check_article_url(None, None);
}

// The app link.

#[track_caller]
fn check_app_link(app_url: &str, article_id: &str, expect: &str) {
    let site = format!(
        r#"{{"name": "站", "url": "https://s.cn/", "app": {{"name": "客户端", "url": "{app_url}"}}}}"#
    );
    let bundle = bundle(&site, ARTICLES);
    let app = bundle.site().app().expect("the fixture has an app");
    assert_eq!(
        app_link(app, article_id),
        expect,
        "app {app_url:?}, article {article_id:?}"
    );
}

#[test]
fn the_app_link_adds_the_article_as_the_query() {
    check_app_link(
        "https://app.example.cn/open",
        "jin-shaan_2023",
        "https://app.example.cn/open?article=jin-shaan_2023",
    );
    check_app_link(
        "https://app.example.cn/",
        "a1",
        "https://app.example.cn/?article=a1",
    );
}

#[test]
fn the_app_link_appends_the_article_to_an_existing_query() {
    check_app_link(
        "https://app.example.cn/open?from=web",
        "a1",
        "https://app.example.cn/open?from=web&article=a1",
    );
    check_app_link(
        "https://app.example.cn/open?a=1&b=2",
        "a1",
        "https://app.example.cn/open?a=1&b=2&article=a1",
    );
}

#[test]
fn the_app_link_adds_no_separator_after_a_trailing_one() {
    check_app_link(
        "https://app.example.cn/open?",
        "a1",
        "https://app.example.cn/open?article=a1",
    );
    check_app_link(
        "https://app.example.cn/open?from=web&",
        "a1",
        "https://app.example.cn/open?from=web&article=a1",
    );
}

#[test]
fn the_app_link_keeps_the_fragment_after_the_parameter() {
    check_app_link(
        "https://app.example.cn/#/home",
        "a1",
        "https://app.example.cn/?article=a1#/home",
    );
    check_app_link(
        "https://app.example.cn/o?x=1#top",
        "a1",
        "https://app.example.cn/o?x=1&article=a1#top",
    );
    check_app_link(
        "https://app.example.cn/o#a?b",
        "a1",
        "https://app.example.cn/o?article=a1#a?b",
    );
}

#[test]
fn the_app_link_percent_encodes_the_article_id() {
    check_app_link(
        "https://app.example.cn/",
        "a&b=c#d?e f",
        "https://app.example.cn/?article=a%26b%3Dc%23d%3Fe%20f",
    );
    check_app_link(
        "https://app.example.cn/",
        "长治",
        "https://app.example.cn/?article=%E9%95%BF%E6%B2%BB",
    );
}

// Which tabs.

#[test]
fn the_app_tab_is_offered_only_when_the_site_has_an_app() {
    assert_eq!(
        offered_tabs(&bundle(SITE_WITH_APP, ARTICLES)),
        [ShareTab::App, ShareTab::Phone, ShareTab::Share]
    );
    assert_eq!(
        offered_tabs(&bundle(SITE_WITHOUT_APP, ARTICLES)),
        [ShareTab::Phone, ShareTab::Share]
    );
}

#[test]
fn foot_button_ids_name_their_tab() {
    assert_eq!(action_id(ShareTab::App), "av-action-app");
    assert_eq!(action_id(ShareTab::Phone), "av-action-phone");
    assert_eq!(action_id(ShareTab::Share), "av-action-share");
}
