//! A channel's list of articles, a page at a time.

use crate::bundle::{Article, Bundle, Channel};
use crate::node::{Element, Node};
use crate::route::Route;
use crate::state::{State, CHANNEL_TABS};
use crate::tabs::{self, Tab, TabTarget, Tabs};
use crate::text::Text;
use crate::url;

use super::*;

/// The articles of a channel, newest first; ties keep bundle order.
pub fn channel_articles<'b>(bundle: &'b Bundle, channel_id: &str) -> Vec<&'b Article> {
    let mut articles: Vec<&Article> = bundle
        .articles()
        .iter()
        .filter(|article| article.channel() == channel_id)
        .collect();
    articles.sort_by_key(|article| std::cmp::Reverse(article.published().unix_seconds()));
    articles
}

/// The home view: the channel tabs, and under the selected one its articles, newest first.
pub(super) fn channel_view(channel: &Channel, bundle: &Bundle, state: &State, t: &Text) -> Node {
    let channels = bundle.channels();
    let tabs = Tabs {
        name: CHANNEL_TABS,
        label: t.channels,
        tabs: channels
            .iter()
            .map(|channel| Tab {
                key: channel.id(),
                label: channel.name(),
                target: TabTarget::Href(Route::Channel(channel.id().to_owned()).to_hash()),
            })
            .collect(),
        selected: channels
            .iter()
            .position(|other| other.id() == channel.id())
            .unwrap_or(0),
    };
    let articles = channel_articles(bundle, channel.id());
    let mut list = vec![];
    if articles.is_empty() {
        list.push(
            Element::new("p")
                .with_attr("class", "status")
                .with_text(t.empty_channel)
                .into(),
        );
    } else {
        let bundle_url = state.bundle_url.as_deref();
        list.push(
            Element::new("ul")
                .with_attr("class", "article-list")
                .with_children(
                    articles
                        .iter()
                        .take(state.listed)
                        .map(|article| list_item(article, bundle_url)),
                )
                .into(),
        );
    }
    if let Some(more) = articles
        .len()
        .checked_sub(state.listed)
        .filter(|&more| more > 0)
    {
        list.push(more_button("more-articles", &t.more_articles.fill(more)));
    }
    Element::new("section")
        .with_attr("class", "channel")
        .with_attr("aria-labelledby", HEADING_ID)
        .with_child(
            Element::new("h1")
                .with_attr("id", HEADING_ID)
                .with_attr("class", "visually-hidden")
                .with_attr("tabindex", "-1")
                .with_text(channel.name()),
        )
        .with_child(tabs::view(&tabs, list))
        .into()
}

/// One article in a list: thumbnail, title link, date and source.
fn list_item(article: &Article, bundle_url: Option<&str>) -> Node {
    let mut link = Element::new("a")
        .with_attr("class", "article-link")
        .with_attr("href", Route::Article(article.id().to_owned()).to_hash());
    let thumbnail = article
        .lead()
        .and_then(|lead| url::image_src(lead.src()).map(|src| resolve(bundle_url, &src)));
    if let Some(src) = thumbnail {
        // The title beside it names the link; the thumbnail is decoration.
        link = link.with_child(
            Element::new("img")
                .with_attr("class", "thumbnail")
                .with_attr("src", src)
                .with_attr("alt", "")
                .with_attr("loading", "lazy")
                .with_attr("decoding", "async"),
        );
    }
    link = link.with_child(
        Element::new("span")
            .with_attr("class", "article-title")
            .with_text(article.title()),
    );
    let mut meta = Element::new("p")
        .with_attr("class", "article-item-meta")
        .with_child(
            Element::new("time")
                .with_attr("datetime", article.published().as_str())
                .with_text(&article.published().date()),
        );
    if let Some(source) = article.source() {
        meta = meta.with_child(
            Element::new("span")
                .with_attr("class", "source")
                .with_text(source),
        );
    }
    Element::new("li")
        .with_attr("class", "article-item")
        .with_child(link)
        .with_child(meta)
        .into()
}
