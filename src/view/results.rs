//! Search results, as the engine found them in the bundle or the site's index: each with its excerpt and the
//! query's occurrences marked.

use crate::bundle::{Bundle, Channel};
use crate::engine::{Found, Place};
use crate::node::{Element, Node};
use crate::route::Route;
use crate::search::{self, Occurrence, Query, SearchText};
use crate::state::{SearchModule, State};
use crate::url;

use super::marks;
use super::*;

/// The search results page: how many were found, and each with its title, channel, date and excerpt marked.
pub(super) fn search_view(state: &State, bundle: &Bundle) -> Node {
    let Route::Search(query) = &state.route else {
        return Element::new("section").into();
    };
    let typed = query.trim();
    let t = state.lang.text();
    // The engine's answer to this query, if it has answered.
    let results = state
        .search
        .results
        .as_ref()
        .filter(|results| results.query == *query);
    let total = results.map_or(0, |results| results.total as usize);
    let failure = results.and_then(|results| results.failure.as_ref());
    let summary = if Query::parse(query).is_empty() {
        t.search_prompt.to_owned()
    } else if let SearchModule::Failed(reason) = &state.search.module {
        t.search_unavailable.fill(reason)
    } else if results.is_none() || (state.search.waiting && total == 0) {
        t.searching.to_owned()
    } else if let (Some((url, error)), 0) = (failure, total) {
        t.index_unreadable
            .fill(&[url, t.colon, &error.describe(t)].concat())
    } else if total == 0 {
        t.no_results.fill(&shorten(typed))
    } else {
        t.found.fill(total, &shorten(typed))
    };
    let mut section = Element::new("section")
        .with_attr("class", "search-results")
        .with_attr("part", "results")
        .with_attr("aria-labelledby", HEADING_ID);
    if state.search.waiting {
        // Results are on their way: the engine, or files of the site's index.
        section = section.with_attr("aria-busy", "true");
    }
    section = section.with_child(heading(t.results)).with_child(
        Element::new("p")
            .with_attr("class", "search-summary")
            .with_attr("role", "status")
            .with_text(&summary),
    );
    let items: Vec<Node> = results
        .into_iter()
        .flat_map(|results| results.found.iter().take(state.search.shown))
        .filter_map(|found| result_item(state, bundle, typed, found))
        .collect();
    if !items.is_empty() {
        section = section.with_child(
            Element::new("ol")
                .with_attr("class", "results")
                .with_children(items),
        );
    }
    if state.search.shown < total {
        let more = total - state.search.shown;
        section = section.with_child(more_button("more-results", &t.more_results.fill(more)));
    }
    section.into()
}

/// One result: from the bundle's own articles, or from the site's index, where an article of another bundle
/// opens the viewer on that bundle.
fn result_item(state: &State, bundle: &Bundle, typed: &str, found: &Found) -> Option<Node> {
    let route = |id: &str| Route::Match {
        article: id.to_owned(),
        query: typed.to_owned(),
    };
    let item = match &found.place {
        Place::Local(position) => {
            let article = bundle.articles().get(*position as usize)?;
            draw(&Shown {
                href: route(article.id()).to_hash(),
                text: &SearchText::of(article),
                occurrences: &found.occurrences,
                channel: bundle.channel(article.channel()).map_or("", Channel::name),
                published: article.published().as_str(),
                date: &article.published().date(),
            })
        }
        Place::Site(fragment) => {
            let hash = route(&fragment.id).to_hash();
            let page = state.page_url.as_deref().map(|page| {
                let end = page.find(['?', '#']).unwrap_or(page.len());
                &page[..end]
            });
            let href = match page {
                Some(page) if state.bundle_url.as_deref() != Some(fragment.bundle.as_str()) => {
                    format!(
                        "{page}?bundle={}{hash}",
                        url::encode_component(&fragment.bundle)
                    )
                }
                _ => hash,
            };
            draw(&Shown {
                href,
                text: &fragment.text,
                occurrences: &found.occurrences,
                channel: &fragment.channel,
                published: &fragment.published,
                date: &fragment.date,
            })
        }
    };
    Some(item)
}

/// What one search result shows.
struct Shown<'a> {
    href: String,
    text: &'a SearchText,
    occurrences: &'a [Occurrence],
    channel: &'a str,
    published: &'a str,
    date: &'a str,
}

/// One search result: the marked title as a link, the channel and date, and the marked excerpt.
fn draw(result: &Shown<'_>) -> Node {
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
