//! Search results: local or from the site's index, each with its excerpt and the query's occurrences marked.

use crate::bundle::{Bundle, Channel};
use crate::node::{Element, Node};
use crate::route::Route;
use crate::search::remote::{Progress, Remote};
use crate::search::{self, Hit, Occurrence, SearchText};
use crate::state::State;
use crate::url;

use super::marks;
use super::*;

/// The search results page: how many were found, and each with its title, channel, date and excerpt marked.
pub(super) fn search_view(state: &State, bundle: &Bundle) -> Node {
    let Route::Search(typed) = &state.route else {
        return Element::new("section").into();
    };
    let typed = typed.trim();
    let t = state.lang.text();
    let failure = state.search.remote.as_ref().and_then(Remote::failure);
    let summary = if state.search.query.is_empty() {
        t.search_prompt.to_owned()
    } else if state.search.waiting && state.search.hits.is_empty() {
        t.searching.to_owned()
    } else if let (Some((url, error)), true) = (failure, state.search.hits.is_empty()) {
        t.index_unreadable
            .fill(&[url, t.colon, &error.describe(t)].concat())
    } else if state.search.hits.is_empty() {
        t.no_results.fill(&shorten(typed))
    } else {
        t.found.fill(state.search.hits.len(), &shorten(typed))
    };
    let mut section = Element::new("section")
        .with_attr("class", "search-results")
        .with_attr("part", "results")
        .with_attr("aria-labelledby", HEADING_ID);
    if state.search.waiting {
        // Results are on their way from the site's index.
        section = section.with_attr("aria-busy", "true");
    }
    section = section.with_child(heading(t.results)).with_child(
        Element::new("p")
            .with_attr("class", "search-summary")
            .with_attr("role", "status")
            .with_text(&summary),
    );
    let items: Vec<Node> = match &state.search.remote {
        None => local_results(state, bundle, typed),
        Some(remote) => remote_results(state, remote, typed),
    };
    if !items.is_empty() {
        section = section.with_child(
            Element::new("ol")
                .with_attr("class", "results")
                .with_children(items),
        );
    }
    if state.search.shown < state.search.hits.len() {
        let more = state.search.hits.len() - state.search.shown;
        section = section.with_child(more_button("more-results", &t.more_results.fill(more)));
    }
    section.into()
}

/// The results shown, from the bundle's own articles.
fn local_results(state: &State, bundle: &Bundle, typed: &str) -> Vec<Node> {
    let articles = bundle.articles();
    let hits = state.search.hits.iter().take(state.search.shown);
    hits.filter_map(|hit| {
        let article = articles.get(hit.article)?;
        let route = Route::Match {
            article: article.id().to_owned(),
            query: typed.to_owned(),
        };
        Some(result_item(&Found {
            href: route.to_hash(),
            text: &SearchText::of(article),
            occurrences: &hit.occurrences,
            channel: bundle.channel(article.channel()).map_or("", Channel::name),
            published: article.published().as_str(),
            date: &article.published().date(),
        }))
    })
    .collect()
}

/// The results shown, from the site's index: an article of another bundle opens the viewer on that bundle.
fn remote_results(state: &State, remote: &Remote, typed: &str) -> Vec<Node> {
    let hits: Vec<&Hit> = state.search.hits.iter().take(state.search.shown).collect();
    let articles: Vec<usize> = hits.iter().map(|hit| hit.article).collect();
    let Progress::Ready(fragments) = remote.fragments(&articles) else {
        return Vec::new();
    };
    let page = state.page_url.as_deref().map(|page| {
        let end = page.find(['?', '#']).unwrap_or(page.len());
        &page[..end]
    });
    hits.iter()
        .zip(fragments)
        .filter_map(|(hit, fragment)| {
            let fragment = fragment?;
            let hash = Route::Match {
                article: fragment.id.clone(),
                query: typed.to_owned(),
            }
            .to_hash();
            let bundle = remote.bundle_url(fragment);
            let href = match page {
                Some(page) if state.bundle_url.as_deref() != Some(bundle.as_str()) => {
                    format!("{page}?bundle={}{hash}", url::encode_component(&bundle))
                }
                _ => hash,
            };
            Some(result_item(&Found {
                href,
                text: &fragment.text,
                occurrences: &hit.occurrences,
                channel: &fragment.channel,
                published: &fragment.published,
                date: &fragment.date,
            }))
        })
        .collect()
}

/// What one search result shows.
struct Found<'a> {
    href: String,
    text: &'a SearchText,
    occurrences: &'a [Occurrence],
    channel: &'a str,
    published: &'a str,
    date: &'a str,
}

/// One search result: the marked title as a link, the channel and date, and the marked excerpt.
fn result_item(result: &Found<'_>) -> Node {
    Element::new("li")
        .with_attr("class", "result")
        .with_child(
            Element::new("a")
                .with_attr("class", "result-title")
                .with_attr("href", &result.href)
                .with_children(marks::segment_nodes(&search::field_segments(
                    result.text,
                    result.text.title.clone(),
                    result.occurrences,
                ))),
        )
        .with_child(
            Element::new("p")
                .with_attr("class", "article-item-meta")
                .with_child(
                    Element::new("span")
                        .with_attr("class", "channel-name")
                        .with_text(result.channel),
                )
                .with_child(
                    Element::new("time")
                        .with_attr("datetime", result.published)
                        .with_text(result.date),
                ),
        )
        .with_child(
            Element::new("p")
                .with_attr("class", "excerpt")
                .with_children(marks::segment_nodes(&search::excerpt(
                    result.text,
                    result.occurrences,
                ))),
        )
        .into()
}
