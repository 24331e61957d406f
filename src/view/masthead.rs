//! The masthead: the site's name, the search box, and the reading controls (font size, theme).

use crate::node::{self, Element, Node};
use crate::route::Route;
use crate::state::{FontSize, Prefs, Theme};
use crate::text::Text;

/// The site's name (a link home), the search box (with this query, when offered) and the reading controls:
/// text size and colour scheme, set as `prefs` (none where the viewer does not run, as on static pages).
pub(super) fn masthead(
    site_name: Option<&str>,
    prefs: Option<Prefs>,
    search_box: Option<&str>,
    t: &Text,
) -> Element {
    let mut inner = Element::new("div").with_attr("class", "masthead-inner");
    // While the bundle loads, the site's name is not known yet: an empty stand-in keeps its place, and the
    // search box is already there (a query typed meanwhile runs once the bundle is in), so that the masthead
    // keeps its height and the page below does not jump when the bundle arrives.
    inner = inner.with_child(match site_name {
        Some(site_name) => Element::new("a")
            .with_attr("class", "site-name")
            .with_attr("href", Route::Home.to_hash())
            .with_text(site_name),
        None => Element::new("span").with_attr("class", "site-name"),
    });
    if let Some(query) = search_box {
        inner = inner.with_child(search_form(query, t));
    }
    if let Some(prefs) = prefs {
        inner = inner.with_child(reading_controls(prefs, t));
    }
    Element::new("header")
        .with_attr("class", "masthead")
        .with_attr("part", "masthead")
        .with_child(inner)
}

/// The reading controls: text size and colour scheme, `prefs` chosen.
fn reading_controls(prefs: Prefs, t: &Text) -> Element {
    let font_sizes = FontSize::ALL.map(|size| {
        let label = match size {
            FontSize::Small => t.small,
            FontSize::Medium => t.medium,
            FontSize::Large => t.large,
        };
        (size.as_str(), label, size == prefs.font_size)
    });
    let themes = Theme::ALL.map(|theme| {
        let label = match theme {
            Theme::Auto => t.auto,
            Theme::Light => t.light,
            Theme::Dark => t.dark,
        };
        (theme.as_str(), label, theme == prefs.theme)
    });
    Element::new("div")
        .with_attr("class", "reading-controls")
        .with_child(choice_group("font-size", t.text_size, &font_sizes))
        .with_child(choice_group("theme", t.appearance, &themes))
}

/// The search box: a labelled `type="search"` field in a `role="search"` form. Typing searches as one goes;
/// the form submits to `#/search` where the viewer does not run.
fn search_form(query: &str, t: &Text) -> Node {
    Element::new("form")
        .with_attr("class", "search-form")
        .with_attr("role", "search")
        .with_attr("action", "#/search")
        .with_child(
            Element::new("label")
                .with_attr("class", "visually-hidden")
                .with_attr("for", SEARCH_INPUT_ID)
                .with_text(t.search_articles),
        )
        .with_child(
            Element::new("input")
                .with_attr("id", SEARCH_INPUT_ID)
                .with_attr("class", "search-input")
                .with_attr("type", "search")
                .with_attr("name", "q")
                .with_attr("placeholder", t.search_articles)
                .with_attr("autocomplete", "off")
                .with_attr("enterkeyhint", "search")
                .with_attr("value", query),
        )
        .into()
}

/// The id of the search box.
pub const SEARCH_INPUT_ID: &str = "av-search";

/// A labelled row of toggle buttons, one of them pressed. `data-action`/`data-value` tell the browser layer
/// which [`crate::state::Msg`] a press means.
fn choice_group(
    action: &'static str,
    label: &str,
    choices: &[(&'static str, &'static str, bool)],
) -> Node {
    Element::new("div")
        .with_attr("class", "choice-group")
        .with_attr("role", "group")
        .with_attr("aria-label", label)
        .with_child(
            Element::new("span")
                .with_attr("class", "choice-label")
                .with_attr("aria-hidden", "true")
                .with_text(label),
        )
        .with_children(choices.iter().map(|(value, text, pressed)| {
            Element::new("button")
                .with_attr("type", "button")
                .with_attr("class", "choice")
                .with_attr(node::ACTION, action)
                .with_attr(node::ACTION_VALUE, *value)
                .with_attr("aria-pressed", if *pressed { "true" } else { "false" })
                .with_text(text)
                .into()
        }))
        .into()
}
