//! Reading elsewhere and sharing: the article's canonical URL, the app link, share links of Chinese social sites,
//! and the overlay that offers them (客户端中查看, 手机中查看, 分享) with QR codes.

use crate::bundle::{App, Article, Bundle};
use crate::node::{Element, Node};
use crate::qr;
use crate::route::Route;
use crate::state::{CopyStatus, ShareOverlay, ShareTab, State};
use crate::tabs::{self, Tab, TabTarget, Tabs};
use crate::text::Text;
use crate::url;
use crate::view;

/// The share overlay's tab list name, as in [`Tabs::name`].
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

/// The overlay: a modal dialog with a backdrop, a close button and the share tabs.
pub fn overlay(state: &State, overlay: &ShareOverlay, bundle: &Bundle, article: &Article) -> Node {
    let t = state.lang.text();
    let offered = offered_tabs(bundle);
    let tabs = Tabs {
        name: SHARE_TABS,
        label: t.share_ways,
        tabs: offered
            .iter()
            .map(|tab| Tab {
                key: tab.as_str(),
                label: tab.label(t),
                target: TabTarget::Action("share-tab"),
            })
            .collect(),
        selected: offered
            .iter()
            .position(|tab| *tab == overlay.tab)
            .unwrap_or(0),
    };
    let article_url = article_url(article, state.page_url.as_deref());
    let panel = match overlay.tab {
        ShareTab::App => app_panel(bundle, article, t),
        ShareTab::Phone => phone_panel(article_url.as_deref(), t),
        ShareTab::Share => share_panel(state, overlay, article, article_url.as_deref()),
    };
    let dialog = Element::new("div")
        .with_attr("class", "dialog")
        .with_attr("role", "dialog")
        .with_attr("part", "dialog")
        .with_attr("aria-modal", "true")
        .with_attr("aria-labelledby", TITLE_ID)
        .with_child(
            Element::new("div")
                .with_attr("class", "dialog-header")
                .with_child(
                    Element::new("h2")
                        .with_attr("id", TITLE_ID)
                        .with_attr("class", "dialog-title")
                        .with_text(t.read_and_share),
                )
                .with_child(
                    Element::new("button")
                        .with_attr("type", "button")
                        .with_attr("class", "close")
                        .with_attr("data-action", "close-share")
                        .with_attr("aria-label", t.close)
                        .with_text("×"),
                ),
        )
        .with_child(
            Element::new("p")
                .with_attr("class", "dialog-subtitle")
                .with_text(article.title()),
        )
        .with_child(tabs::view(&tabs, panel));
    Element::new("div")
        .with_attr("class", "share-layer")
        .with_child(
            Element::new("div")
                .with_attr("class", "backdrop")
                .with_attr("data-action", "close-share"),
        )
        .with_child(dialog)
        .into()
}

fn app_panel(bundle: &Bundle, article: &Article, t: &Text) -> Vec<Node> {
    let Some(app) = bundle.site().app() else {
        return Vec::new();
    };
    let link = app_link(app, article.id());
    vec![
        Element::new("p")
            .with_attr("class", "share-lead")
            .with_text(&(t.read_in_app)(app.name()))
            .into(),
        Element::new("p")
            .with_child(
                external_link(&link, &(t.open_app)(app.name()))
                    .with_attr("class", "button primary"),
            )
            .into(),
        qr_figure(&link, t.app_qr, t),
    ]
}

fn phone_panel(article_url: Option<&str>, t: &Text) -> Vec<Node> {
    let Some(url) = article_url else {
        return vec![no_link(t)];
    };
    vec![
        qr_figure(url, t.phone_qr, t),
        Element::new("p")
            .with_attr("class", "share-url")
            .with_child(Element::new("a").with_attr("href", url).with_text(url))
            .into(),
    ]
}

fn share_panel(
    state: &State,
    overlay: &ShareOverlay,
    article: &Article,
    article_url: Option<&str>,
) -> Vec<Node> {
    let t = state.lang.text();
    let Some(url) = article_url else {
        return vec![no_link(t)];
    };
    let mut targets: Vec<Node> = ShareSite::ALL
        .iter()
        .map(|site| {
            let link = external_link(&site.link(url, article.title()), site.label(t))
                .with_attr("class", "button");
            Element::new("li").with_child(link).into()
        })
        .collect();
    // Buttons whose `data-action` the browser layer turns into a message.
    let action = |action: &'static str, label: &str| -> Node {
        Element::new("li")
            .with_child(view::action_button(action, label))
            .into()
    };
    targets.push(action("copy-link", t.copy_link));
    if state.capabilities.native_share {
        targets.push(action("share-natively", t.more_ways));
    }
    let mut nodes = vec![
        Element::new("div")
            .with_attr("class", "share-wechat")
            .with_child(Element::new("h3").with_text(t.wechat))
            .with_child(qr_figure(url, t.wechat_qr, t))
            .into(),
        Element::new("ul")
            .with_attr("class", "share-targets")
            .with_attr("aria-label", t.share_to)
            .with_children(targets)
            .into(),
    ];
    let status = match overlay.copy {
        CopyStatus::Idle => "",
        CopyStatus::Copied => t.copied,
        CopyStatus::Refused => t.copy_refused,
    };
    // Always present, so that screen readers announce the change when it fills.
    nodes.push(
        Element::new("p")
            .with_attr("class", "copy-status")
            .with_attr("role", "status")
            .with_text(status)
            .into(),
    );
    if overlay.copy == CopyStatus::Refused {
        nodes.push(
            Element::new("input")
                .with_attr("id", COPY_FALLBACK_ID)
                .with_attr("class", "copy-fallback")
                .with_attr("type", "text")
                .with_attr("readonly", "")
                .with_attr("aria-label", t.article_link)
                .with_attr("value", url)
                .into(),
        );
    }
    nodes
}

/// A QR code of `text` with a caption, or the reason there is none.
fn qr_figure(text: &str, caption: &str, t: &Text) -> Node {
    match qr::svg(text, &(t.qr_code)(text)) {
        Ok(code) => Element::new("figure")
            .with_attr("class", "qr-figure")
            .with_child(code)
            .with_child(Element::new("figcaption").with_text(caption))
            .into(),
        // No caption asking to scan a code that is not there.
        Err(qr::QrError::TooLong { chars }) => Element::new("p")
            .with_attr("class", "qr-error")
            .with_text(&(t.qr_too_long)(chars))
            .into(),
    }
}

fn external_link(href: &str, text: &str) -> Element {
    Element::new("a")
        .with_attr("href", href)
        .with_attr("target", "_blank")
        .with_attr("rel", "noopener noreferrer")
        .with_text(text)
}

fn no_link(t: &Text) -> Node {
    Element::new("p")
        .with_attr("class", "qr-error")
        .with_text(t.no_link)
        .into()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
