//! The page as a node tree, built from [`State`]: masthead, article, channel lists, search results, overlay.
//!
//! Bundle data only ever fills text nodes and attribute values (URLs already checked by [`crate::url`]).

use crate::bundle::{Article, Bundle, Diagnostic, Effect};
use crate::node::{self, Element, Node};
use crate::route::Route;
use crate::search::SearchText;
use crate::state::{Load, LoadFailure, LoadProgress, Shown, State};
use crate::text::{Lang, Text};
use crate::url;

/// Links to a route of the viewer (`#/…`): a page viewer lets the browser follow them; an embedded one routes
/// them in memory.
pub const ROUTE_LINK: &str = "a[href^='#']";

/// Where the query's occurrences are marked in an article opened from search results: the first is scrolled to.
pub const MARKS: &str = ".article-body mark, .article h1 mark, figcaption mark";

/// The id of the element that takes focus after navigation: the page's `h1`.
pub const HEADING_ID: &str = "av-heading";

/// The whole viewer for the current state: masthead with the reading controls, then the page.
pub fn page(state: &State) -> Node {
    let t = state.lang.text();
    let (site_name, content) = match &state.load {
        Load::Loading => (None, vec![loading_panel(state.progress, t)]),
        Load::Failed(failure) => (None, vec![error_panel(failure, t)]),
        Load::Ready {
            bundle,
            diagnostics,
        } => {
            let mut content: Vec<Node> = notices(diagnostics, t).into_iter().collect();
            // A preview's article, with how far the rest of the bundle has come above it.
            if let (Some(progress), Shown::Article(_)) = (state.progress, state.shown(bundle)) {
                content.push(progress_bar(progress, t));
            }
            content.push(route_view(state, bundle));
            (Some(bundle.site().name()), content)
        }
    };
    let overlay = match (&state.load, &state.share) {
        (Load::Ready { bundle, .. }, Some(share_overlay)) => match state.shown(bundle) {
            Shown::Article(article) => {
                Some(overlay::overlay(state, share_overlay, bundle, article))
            }
            _ => None,
        },
        _ => None,
    };
    // The box, unless the partner embedding the viewer turned it off; the route's query fills it.
    // Not after a failed load: there is nothing to search.
    let search_box =
        (state.interactive && state.search_box && !matches!(state.load, Load::Failed(_)))
            .then(|| state.route.query().unwrap_or(""));
    let prefs = state.interactive.then_some(state.prefs);
    let mut masthead = masthead(site_name, prefs, search_box, t);
    // A page has one `main`, and an embedded viewer is a part of its partner's page, which has its own.
    let mut main = Element::new(if state.embedded { "div" } else { "main" })
        .with_attr("class", "page")
        .with_children(content);
    if overlay.is_some() {
        // Behind a modal dialog the page is inert: no focus, no clicks, not in the accessibility tree.
        masthead = masthead.with_attr("inert", "");
        main = main.with_attr("inert", "");
    }
    let mut viewer = Element::new("div").with_attr("class", "viewer");
    if state.lang != Lang::default() {
        // The interface's language; articles keep theirs (see article_page).
        viewer = viewer.with_attr("lang", state.lang.tag());
    }
    viewer
        .with_attr("data-theme", state.prefs.theme.as_str())
        .with_attr("data-font-size", state.prefs.font_size.as_str())
        .with_child(masthead)
        .with_child(main)
        .with_children(overlay)
        .into()
}

/// Says what failed in words for readers, then the exact problem and address for whoever fixes it.
fn error_panel(failure: &LoadFailure, t: &Text) -> Node {
    let (summary, url, detail) = match failure {
        LoadFailure::Fetch { url, reason } => (t.fetch_failed, url, reason.describe(t)),
        LoadFailure::Bundle { url, error } => (t.bundle_broken, url, error.to_string()),
    };
    Element::new("section")
        .with_attr("class", "error-panel")
        .with_attr("role", "alert")
        .with_child(heading(t.cannot_show))
        .with_child(Element::new("p").with_text(summary))
        .with_child(
            Element::new("p")
                .with_attr("class", "error-detail")
                .with_child(Element::new("code").with_text(&detail)),
        )
        .with_child(
            Element::new("p")
                .with_attr("class", "error-source")
                .with_text(t.bundle_address)
                .with_child(Element::new("code").with_text(url)),
        )
        .into()
}

/// The document title for the current state.
pub fn document_title(state: &State) -> String {
    let t = state.lang.text();
    match &state.load {
        Load::Loading => t.loading.to_owned(),
        Load::Failed(_) => t.cannot_show.to_owned(),
        Load::Ready { bundle, .. } => {
            let site = bundle.site().name();
            match state.shown(bundle) {
                Shown::Article(article) => format!("{} — {site}", article.title()),
                Shown::Channel(channel) => format!("{} — {site}", channel.name()),
                Shown::Search => match state.route.query().map(str::trim) {
                    Some(query) if !query.is_empty() => {
                        format!("{} — {site}", t.search_for.fill(&shorten(query)))
                    }
                    _ => format!("{} — {site}", t.search),
                },
                Shown::NotFound | Shown::Empty => site.to_owned(),
                Shown::Loading => t.loading.to_owned(),
            }
        }
    }
}

/// The page's description for the current state (`<meta name="description">`): the article's opening, or the
/// site's name with what is shown.
pub fn document_description(state: &State) -> String {
    match &state.load {
        Load::Ready { bundle, .. } => match state.shown(bundle) {
            Shown::Article(article) => description(article),
            _ => document_title(state),
        },
        _ => document_title(state),
    }
}

fn route_view(state: &State, bundle: &Bundle) -> Node {
    let t = state.lang.text();
    match state.shown(bundle) {
        Shown::Article(article) => {
            // The marks, once the engine has said where the match's terms are in this article.
            let highlights = match (&state.route, &state.search.marks) {
                (Route::Match { query, .. }, Some(marks))
                    if marks.query == *query
                        && bundle
                            .articles()
                            .get(marks.article as usize)
                            .map(Article::id)
                            == Some(article.id()) =>
                {
                    Some(Highlights {
                        text: SearchText::of(article),
                        occurrences: marks.occurrences.clone(),
                    })
                }
                _ => None,
            };
            article_page(
                article,
                bundle,
                state.bundle_url.as_deref(),
                highlights.as_ref(),
                state.lang,
                state.interactive,
            )
        }
        Shown::Search => search_view(state, bundle),
        Shown::Channel(channel) => channel_view(channel, bundle, state, t),
        Shown::NotFound => {
            let what = match &state.route {
                Route::Channel(id) => t.no_channel.fill(&shorten(id)),
                Route::Article(id) | Route::Match { article: id, .. } => {
                    t.no_article.fill(&shorten(id))
                }
                Route::Home | Route::Search(_) => String::new(),
            };
            Element::new("section")
                .with_attr("class", "not-found")
                .with_child(heading(t.page_not_found))
                .with_child(Element::new("p").with_text(&what))
                .with_child(
                    Element::new("p").with_child(
                        Element::new("a")
                            .with_attr("href", "#/")
                            .with_text(t.back_home),
                    ),
                )
                .into()
        }
        Shown::Empty => Element::new("section")
            .with_attr("class", "not-found")
            .with_child(heading(t.no_channels))
            .into(),
        Shown::Loading => loading_panel(state.progress, t),
    }
}

/// What shows while the bundle loads: a status, and how far it has come once that is known.
fn loading_panel(progress: Option<LoadProgress>, t: &Text) -> Node {
    let status = Element::new("p")
        .with_attr("class", "status")
        .with_attr("role", "status")
        .with_text(t.loading_article);
    Element::new("div")
        .with_attr("class", "loading")
        .with_child(status)
        .with_children(progress.map(|progress| progress_bar(progress, t)))
        .into()
}

/// A bar and figures for how far a bundle has come: bytes while it downloads (the bar is indeterminate when
/// the size is unknown), then articles while they are read.
fn progress_bar(progress: LoadProgress, t: &Text) -> Node {
    let (value, max, figures) = match progress {
        LoadProgress::Fetching { received, total } => (
            total.map(|_| received),
            total,
            t.download_progress(received, total),
        ),
        LoadProgress::Reading { read, total } => (
            Some(read as u64),
            Some(total as u64),
            t.reading_articles
                .fill(&read.to_string(), &total.to_string()),
        ),
    };
    let mut bar = Element::new("progress").with_attr("aria-label", t.loading_progress);
    if let (Some(value), Some(max)) = (value, max) {
        bar = bar
            .with_attr("max", max.max(1).to_string())
            .with_attr("value", value.min(max).to_string())
            .with_attr("aria-valuetext", &figures);
    }
    Element::new("div")
        .with_attr("class", "progress")
        .with_child(bar)
        .with_child(
            Element::new("p")
                .with_attr("class", "progress-figures")
                .with_text(&figures),
        )
        .into()
}

fn notices(diagnostics: &[Diagnostic], t: &Text) -> Option<Node> {
    if diagnostics.is_empty() {
        return None;
    }
    let n_skipped = diagnostics
        .iter()
        .filter(|diagnostic| matches!(diagnostic.effect(), Effect::SkippedArticle { .. }))
        .count();
    let summary = if n_skipped > 0 {
        t.skipped_articles.fill(n_skipped)
    } else {
        t.ignored_items.fill(diagnostics.len())
    };
    let items = diagnostics
        .iter()
        .map(|diagnostic| Element::new("li").with_text(&diagnostic.to_string()).into());
    Some(
        // No role: a `details` element is a disclosure widget, and may have no other.
        Element::new("details")
            .with_attr("class", "notices")
            .with_child(Element::new("summary").with_text(&summary))
            .with_child(Element::new("ul").with_children(items))
            .into(),
    )
}

fn heading(text: &str) -> Node {
    heading_of(vec![Node::Text(text.to_owned())])
}

fn heading_of(content: Vec<Node>) -> Node {
    Element::new("h1")
        .with_attr("id", HEADING_ID)
        .with_attr("part", "title")
        .with_attr("tabindex", "-1")
        .with_children(content)
        .into()
}

/// 显示更多…: a button that shows the next page of a list.
fn more_button(action: &str, label: &str) -> Node {
    Element::new("p")
        .with_attr("class", "more")
        .with_child(action_button(action, label))
        .into()
}

/// A button whose `data-action` the browser layer turns into a message ([`crate::state::Msg::for_action`]).
pub fn action_button(action: &str, label: &str) -> Element {
    Element::new("button")
        .with_attr("type", "button")
        .with_attr("class", "button")
        .with_attr(node::ACTION, action)
        .with_text(label)
}

fn resolve(base: Option<&str>, url: &str) -> String {
    match base {
        Some(base) => url::resolve(base, url),
        None => url.to_owned(),
    }
}

/// Route text from the address bar can be anything: show at most 80 characters of it.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

mod article;
mod channel;
mod marks;
mod masthead;
mod overlay;
mod results;

pub use article::{article_view, description};
pub use channel::channel_articles;
pub use masthead::SEARCH_INPUT_ID;
pub use overlay::DIALOG;

use article::{article_page, Highlights};
use channel::channel_view;
use masthead::masthead;
use results::search_view;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
