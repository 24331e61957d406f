//! Reading elsewhere and sharing: the article's canonical URL, the app link, share links of Chinese social sites,
//! the ways of sharing the overlay offers (客户端中查看, 手机中查看, 分享), and the ids of its elements that the
//! state moves focus to. The overlay itself is drawn by the view.

use crate::bundle::{App, Article, Bundle};
use crate::route::Route;
use crate::text::Text;
use crate::url;

/// The share overlay's tab list name, as in [`crate::tabs::Tabs::name`].
pub const SHARE_TABS: &str = "share";

/// The id of the overlay's heading, which labels the dialog.
pub const TITLE_ID: &str = "av-share-title";

/// The id of the field that shows the link when the browser refuses to copy it.
pub const COPY_FALLBACK_ID: &str = "av-copy-fallback";

/// The address that leads a reader back to `article`: its own `url`, or else the viewer page at the article's route.
/// `page_url` is the viewer page's address; its fragment, if any, is replaced.
pub fn article_url(article: &Article, page_url: Option<&str>) -> Option<String> {
    if let Some(url) = article.url() {
        return Some(url.to_owned());
    }
    let page = page_url?.split('#').next().unwrap_or("");
    let route = Route::Article(article.id().to_owned()).to_hash();
    Some(format!("{page}{route}"))
}

/// The app's URL with the article's id as the query parameter `article`, before any fragment.
pub fn app_link(app: &App, article_id: &str) -> String {
    let (base, fragment) = match app.url().split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (app.url(), None),
    };
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    let mut link = format!(
        "{base}{separator}article={}",
        url::encode_component(article_id)
    );
    if let Some(fragment) = fragment {
        link.push('#');
        link.push_str(fragment);
    }
    link
}

/// A site with a web share endpoint. (WeChat has none: it is shared by scanning a QR code.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareSite {
    /// 微博.
    Weibo,
    /// QQ.
    Qq,
    /// QQ空间.
    Qzone,
}

impl ShareSite {
    /// Every site, in the order offered.
    pub const ALL: [ShareSite; 3] = [ShareSite::Weibo, ShareSite::Qq, ShareSite::Qzone];

    /// The site's name as readers know it.
    pub fn label(self, text: &Text) -> &'static str {
        match self {
            ShareSite::Weibo => text.weibo,
            ShareSite::Qq => "QQ",
            ShareSite::Qzone => text.qzone,
        }
    }

    /// The link that opens the site's share form for `url` with `title`, both percent-encoded.
    pub fn link(self, url: &str, title: &str) -> String {
        let endpoint = match self {
            ShareSite::Weibo => "https://service.weibo.com/share/share.php",
            ShareSite::Qq => "https://connect.qq.com/widget/shareqq/index.html",
            ShareSite::Qzone => "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey",
        };
        format!(
            "{endpoint}?url={}&title={}",
            url::encode_component(url),
            url::encode_component(title)
        )
    }
}

/// A tab of the share overlay, and the foot button that opens it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareTab {
    /// 客户端中查看: open the article in the site's app.
    App,
    /// 手机中查看: a QR code of the article's URL.
    Phone,
    /// 分享: WeChat, Weibo, QQ, Qzone, copy link, the system share sheet.
    Share,
}

impl ShareTab {
    /// Every tab, in the order offered.
    pub const ALL: [ShareTab; 3] = [ShareTab::App, ShareTab::Phone, ShareTab::Share];

    /// The name used in markup: `app`, `phone`, `share`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareTab::App => "app",
            ShareTab::Phone => "phone",
            ShareTab::Share => "share",
        }
    }

    /// The tab with this name.
    pub fn parse(name: &str) -> Option<ShareTab> {
        ShareTab::ALL.into_iter().find(|tab| tab.as_str() == name)
    }

    /// The label, as on the portal page (客户端中查看, 手机中查看, 分享) in Chinese.
    pub fn label(self, text: &Text) -> &'static str {
        match self {
            ShareTab::App => text.open_in_app,
            ShareTab::Phone => text.read_on_phone,
            ShareTab::Share => text.share,
        }
    }
}

/// The tabs the overlay offers for this bundle: 客户端中查看 only when the site has an app.
pub fn offered_tabs(bundle: &Bundle) -> Vec<ShareTab> {
    ShareTab::ALL
        .into_iter()
        .filter(|tab| *tab != ShareTab::App || bundle.site().app().is_some())
        .collect()
}

/// The id of the foot button that opens the overlay at `tab`; focus returns there when it closes.
pub fn action_id(tab: ShareTab) -> String {
    format!("av-action-{}", tab.as_str())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod fixtures;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
