//! Bundles and articles for the tests of sharing: of the links here, and of the overlay in the view.

use crate::bundle::{from_json, Article, Bundle};

pub(crate) const SITE_WITH_APP: &str = r#"{"name": "投资山西", "url": "https://invest.example.cn/",
    "app": {"name": "山西日报", "url": "https://app.example.cn/open"}}"#;
pub(crate) const SITE_WITHOUT_APP: &str =
    r#"{"name": "投资山西", "url": "https://invest.example.cn/"}"#;

/// An article with a URL of its own, which has a query and a fragment.
pub(crate) const OWN_URL: &str = "https://a.cn/x?y=1&z=2#/article/k";

/// `own` has [`OWN_URL`]; `plain` has no `url`; both are in `focus`.
pub(crate) const ARTICLES: &str = r#"
    {"id": "own", "channel": "focus", "title": "黄河流域生态保护", "published": "2024-03-01T08:00:00+08:00",
     "body": "正文", "url": "https://a.cn/x?y=1&z=2#/article/k"},
    {"id": "plain", "channel": "focus", "title": "长治储能", "published": "2024-03-02T08:00:00+08:00",
     "body": "正文"}"#;

/// The viewer page, showing a channel when the overlay opens.
pub(crate) const PAGE_URL: &str =
    "https://h.example.cn/viewer/?bundle=bundles%2Fsample.json#/channel/focus";

/// The viewer page's address for `plain`.
pub(crate) const PLAIN_URL: &str =
    "https://h.example.cn/viewer/?bundle=bundles%2Fsample.json#/article/plain";

pub(crate) fn bundle_json(site: &str, articles: &str) -> String {
    format!(
        r#"{{"format": "article-bundle", "version": 1, "site": {site},
            "channels": [{{"id": "focus", "name": "焦点图"}}, {{"id": "news", "name": "要闻"}}],
            "articles": [{articles}]}}"#
    )
}

#[track_caller]
pub(crate) fn bundle(site: &str, articles: &str) -> Bundle {
    let (bundle, diagnostics) =
        from_json(&bundle_json(site, articles)).expect("the fixture parses");
    assert_eq!(diagnostics, [], "the fixture is clean");
    bundle
}

#[track_caller]
pub(crate) fn article<'b>(bundle: &'b Bundle, id: &str) -> &'b Article {
    bundle.article(id).expect("the fixture has the article")
}
