//! The share overlay (客户端中查看, 手机中查看, 分享): a modal dialog with the share tabs, QR codes and links.

use crate::bundle::{Article, Bundle};
use crate::node::{self, Element, Node};
use crate::qr;
use crate::share::{
    app_link, article_url, offered_tabs, ShareSite, ShareTab, COPY_FALLBACK_ID, SHARE_TABS,
    TITLE_ID,
};
use crate::state::{CopyStatus, ShareOverlay, State};
use crate::tabs::{self, Tab, TabTarget, Tabs};
use crate::text::Text;

use super::action_button;

/// The overlay's dialog, which keeps focus inside while it is open.
pub const DIALOG: &str = "[role=dialog]";

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
                        .with_attr(node::ACTION, "close-share")
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
                .with_attr(node::ACTION, "close-share"),
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
            .with_text(&t.read_in_app.fill(app.name()))
            .into(),
        Element::new("p")
            .with_child(
                external_link(&link, &t.open_app.fill(app.name()))
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
            .with_child(action_button(action, label))
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
    match qr::svg(text, &t.qr_code.fill(text)) {
        Ok(code) => Element::new("figure")
            .with_attr("class", "qr-figure")
            .with_child(code)
            .with_child(Element::new("figcaption").with_text(caption))
            .into(),
        // No caption asking to scan a code that is not there.
        Err(qr::QrError::TooLong { chars }) => Element::new("p")
            .with_attr("class", "qr-error")
            .with_text(&t.qr_too_long.fill(chars))
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
