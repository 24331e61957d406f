//! The page as a node tree, built from [`State`]: masthead, article, channel lists, search results, overlay.
//!
//! Bundle data only ever fills text nodes and attribute values (URLs already checked by [`crate::url`]).

use crate::bundle::{Article, Bundle, Channel, Diagnostic, Effect};
use crate::markdown::{self, RenderOptions};
use crate::node::{Element, Node};
use crate::route::Route;
use crate::search::remote::{Progress, Remote};
use crate::search::{self, Hit, Occurrence, Query, SearchText};
use crate::share;
use crate::state::{FontSize, Load, LoadFailure, LoadProgress, Prefs, State, Theme, CHANNEL_TABS};
use crate::tabs::{self, Tab, TabTarget, Tabs};
use crate::text::{Lang, Text};
use crate::url;

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
        (Load::Ready { bundle, .. }, Some(overlay)) => match state.shown(bundle) {
            Shown::Article(article) => Some(share::overlay(state, overlay, bundle, article)),
            _ => None,
        },
        _ => None,
    };
    // The box, unless the partner embedding the viewer turned it off; the route's query fills it.
    // Not after a failed load: there is nothing to search.
    let search_box = (state.search_box && !matches!(state.load, Load::Failed(_)))
        .then(|| state.route.query().unwrap_or(""));
    let mut masthead = masthead(site_name, state.prefs, search_box, t);
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
        LoadFailure::Fetch { url, reason } => (t.fetch_failed, url, reason.clone()),
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
                        format!("{} — {site}", (t.search_for)(&shorten(query)))
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

/// About 120 characters of the article's text, for search results and link previews.
pub fn description(article: &Article) -> String {
    let text = SearchText::of(article);
    let body: String = text
        .text
        .chars()
        .skip(text.body.start)
        .map(|c| if c == '\u{2029}' { ' ' } else { c })
        .collect();
    let body = body.trim();
    match body.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_owned(),
    }
}

/// What the route shows in a loaded bundle.
pub enum Shown<'b> {
    /// An article.
    Article(&'b Article),
    /// A channel's list of articles.
    Channel(&'b Channel),
    /// The route names an article or channel the bundle does not have.
    NotFound,
    /// The bundle has no (valid) articles to show.
    Empty,
    /// Search results.
    Search,
    /// The bundle is still loading, and what the route names is not in the preview shown meanwhile.
    Loading,
}

fn route_view(state: &State, bundle: &Bundle) -> Node {
    let t = state.lang.text();
    match state.shown(bundle) {
        Shown::Article(article) => {
            let highlights = match (&state.route, &state.search.index) {
                (Route::Match { query, .. }, Some(index)) => {
                    let position = bundle
                        .articles()
                        .iter()
                        .position(|other| other.id() == article.id());
                    position.map(|position| Highlights {
                        text: SearchText::of(article),
                        occurrences: index.occurrences_in(&Query::parse(query), position),
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
            )
        }
        Shown::Search => search_view(state, bundle),
        Shown::Channel(channel) => channel_view(channel, bundle, state, t),
        Shown::NotFound => {
            let what = match &state.route {
                Route::Channel(id) => (t.no_channel)(&shorten(id)),
                Route::Article(id) | Route::Match { article: id, .. } => {
                    (t.no_article)(&shorten(id))
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
        LoadProgress::Fetching { received, total } => {
            (total.map(|_| received), total, (t.fetched)(received, total))
        }
        LoadProgress::Reading { read, total } => (
            Some(read as u64),
            Some(total as u64),
            (t.reading_articles)(read, total),
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

/// The article page, in the order of the portal page it replaces.
pub fn article_view(article: &Article, bundle: &Bundle, bundle_url: Option<&str>) -> Node {
    article_page(article, bundle, bundle_url, None, Lang::default())
}

/// Where a search's terms occur in an article, to mark them in its page.
struct Highlights {
    text: SearchText,
    occurrences: Vec<Occurrence>,
}

impl Highlights {
    /// A field's text as nodes, its occurrences marked.
    fn field(&self, field: std::ops::Range<usize>) -> Vec<Node> {
        search::segment_nodes(&search::field_segments(
            &self.text,
            field,
            &self.occurrences,
        ))
    }
}

fn article_page(
    article: &Article,
    bundle: &Bundle,
    bundle_url: Option<&str>,
    highlights: Option<&Highlights>,
    lang: Lang,
) -> Node {
    let t = lang.text();
    let site = bundle.site();
    let channel_name = bundle.channel(article.channel()).map_or("", Channel::name);
    let title = match highlights {
        Some(highlights) => highlights.field(highlights.text.title.clone()),
        None => vec![Node::Text(article.title().to_owned())],
    };
    let mut root = Element::new("article")
        .with_attr("class", "article")
        .with_attr("part", "article");
    if lang != Lang::Zh {
        // Bundles are Chinese news; only the interface around them speaks another language.
        root = root.with_attr("lang", Lang::Zh.tag());
    }
    root = root
        .with_attr("aria-labelledby", HEADING_ID)
        .with_child(breadcrumb(bundle, article.channel(), channel_name, t))
        .with_child(heading_of(title))
        .with_child(meta_line(article, t));

    if let Some(lead) = article.lead() {
        let src = url::image_src(lead.src()).map(|src| resolve(bundle_url, &src));
        if let Some(src) = src {
            let mut image = Element::new("img")
                .with_attr("src", src)
                .with_attr("alt", lead.alt());
            if let Some((width, height)) = lead.size() {
                // The photo's room is kept while it loads (CSS scales it, keeping this ratio).
                image = image
                    .with_attr("width", width.to_string())
                    .with_attr("height", height.to_string());
            }
            let mut figure = Element::new("figure")
                .with_attr("class", "lead")
                .with_child(image.with_attr("decoding", "async"));
            if let Some(caption) = lead.caption() {
                let caption = match highlights {
                    Some(highlights) => highlights.field(highlights.text.caption.clone()),
                    None => vec![Node::Text(caption.to_owned())],
                };
                figure = figure.with_child(Element::new("figcaption").with_children(caption));
            }
            root = root.with_child(figure);
        }
    }

    let options = RenderOptions {
        base_url: bundle_url.map(str::to_owned),
        site_url: Some(site.url().to_owned()),
        ..RenderOptions::default()
    };
    let mut body = markdown::render(article.body(), &options);
    if let Some(highlights) = highlights {
        let marks = search::disjoint(&highlights.occurrences);
        body = search::mark(body, highlights.text.body.start, &marks);
    }
    let class = if site.indent_paragraphs() {
        "article-body indented"
    } else {
        "article-body"
    };
    root = root.with_child(
        Element::new("div")
            .with_attr("class", class)
            .with_attr("part", "body")
            .with_children(body),
    );
    if let Some(byline) = article.byline() {
        root = root.with_child(
            Element::new("p")
                .with_attr("class", "byline")
                .with_text(byline),
        );
    }
    root = root.with_child(actions(bundle, t));
    if let Some(pager) = pager(article, bundle, t) {
        root = root.with_child(pager);
    }
    root.into()
}

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

/// 上一篇 / 下一篇: the neighbours in the channel's list, newer first.
fn pager(article: &Article, bundle: &Bundle, t: &Text) -> Option<Node> {
    let articles = channel_articles(bundle, article.channel());
    let index = articles
        .iter()
        .position(|other| other.id() == article.id())?;
    let newer = index.checked_sub(1).and_then(|newer| articles.get(newer));
    let older = articles.get(index + 1);
    if newer.is_none() && older.is_none() {
        return None;
    }
    let link = |neighbour: &Article, rel: &'static str, label: &str| -> Node {
        Element::new("a")
            .with_attr("class", rel)
            .with_attr("rel", rel)
            .with_attr("href", Route::Article(neighbour.id().to_owned()).to_hash())
            .with_child(
                Element::new("span")
                    .with_attr("class", "pager-label")
                    .with_text(label),
            )
            .with_child(
                Element::new("span")
                    .with_attr("class", "pager-title")
                    .with_text(neighbour.title()),
            )
            .into()
    };
    Some(
        Element::new("nav")
            .with_attr("class", "pager")
            .with_attr("aria-label", t.same_channel)
            .with_children(newer.map(|newer| link(newer, "prev", t.previous)))
            .with_children(older.map(|older| link(older, "next", t.next)))
            .into(),
    )
}

/// The home view: the channel tabs, and under the selected one its articles, newest first.
fn channel_view(channel: &Channel, bundle: &Bundle, state: &State, t: &Text) -> Node {
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
        list.push(more_button("more-articles", &(t.more_articles)(more)));
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

/// The site's name (a link home), the search box (with this query, when offered) and the reading controls:
/// text size and colour scheme.
fn masthead(site_name: Option<&str>, prefs: Prefs, search_box: Option<&str>, t: &Text) -> Element {
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
    inner = inner.with_child(
        Element::new("div")
            .with_attr("class", "reading-controls")
            .with_child(choice_group("font-size", t.text_size, &font_sizes))
            .with_child(choice_group("theme", t.appearance, &themes)),
    );
    Element::new("header")
        .with_attr("class", "masthead")
        .with_attr("part", "masthead")
        .with_child(inner)
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
                .with_attr("data-action", action)
                .with_attr("data-value", *value)
                .with_attr("aria-pressed", if *pressed { "true" } else { "false" })
                .with_text(text)
                .into()
        }))
        .into()
}

/// 投资山西 › 焦点图: the site leads to the home view, the channel to its tab.
fn breadcrumb(bundle: &Bundle, channel_id: &str, channel_name: &str, t: &Text) -> Node {
    Element::new("nav")
        .with_attr("class", "breadcrumb")
        .with_attr("aria-label", t.breadcrumb)
        .with_child(
            Element::new("ol")
                .with_child(
                    Element::new("li").with_child(
                        Element::new("a")
                            .with_attr("href", Route::Home.to_hash())
                            .with_text(bundle.site().name()),
                    ),
                )
                .with_child(
                    Element::new("li").with_child(
                        Element::new("a")
                            .with_attr("href", Route::Channel(channel_id.to_owned()).to_hash())
                            .with_text(channel_name),
                    ),
                ),
        )
        .into()
}

/// 发布时间 | 来源 | 作者 | 责任编辑, each only when present.
fn meta_line(article: &Article, t: &Text) -> Node {
    let published = Element::new("span")
        .with_attr("class", "meta-item")
        .with_text(t.published)
        .with_child(
            Element::new("time")
                .with_attr("datetime", article.published().as_str())
                .with_text(&article.published().to_string()),
        );
    let mut items = vec![published];
    for (label, value) in [
        (t.source, article.source()),
        (t.author, article.author()),
        (t.editor, article.editor()),
    ] {
        if let Some(value) = value {
            items.push(
                Element::new("span")
                    .with_attr("class", "meta-item")
                    .with_text(label)
                    .with_text(value),
            );
        }
    }
    let mut line = Element::new("p").with_attr("class", "meta");
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            line = line.with_child(
                Element::new("span")
                    .with_attr("class", "sep")
                    .with_attr("aria-hidden", "true")
                    .with_text(" | "),
            );
        }
        line = line.with_child(item);
    }
    line.into()
}

/// The three foot actions, each opening the share overlay at its tab (客户端中查看 only when the site has an app).
fn actions(bundle: &Bundle, t: &Text) -> Node {
    Element::new("footer")
        .with_attr("class", "article-actions")
        .with_attr("part", "actions")
        .with_children(share::offered_tabs(bundle).into_iter().map(|tab| {
            Element::new("button")
                .with_attr("type", "button")
                .with_attr("class", "action")
                .with_attr("id", share::action_id(tab))
                .with_attr("data-action", "open-share")
                .with_attr("data-value", tab.as_str())
                .with_attr("aria-haspopup", "dialog")
                .with_text(tab.label(t))
                .into()
        }))
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
        (t.skipped_articles)(n_skipped)
    } else {
        (t.ignored_items)(diagnostics.len())
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

/// The search results page: how many were found, and each with its title, channel, date and excerpt marked.
fn search_view(state: &State, bundle: &Bundle) -> Node {
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
    } else if let (Some(failure), true) = (failure, state.search.hits.is_empty()) {
        (t.index_unreadable)(failure)
    } else if state.search.hits.is_empty() {
        (t.no_results)(&shorten(typed))
    } else {
        (t.found)(state.search.hits.len(), &shorten(typed))
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
        section = section.with_child(more_button("more-results", &(t.more_results)(more)));
    }
    section.into()
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
        .with_attr("data-action", action)
        .with_text(label)
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
                .with_children(search::segment_nodes(&search::field_segments(
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
                .with_children(search::segment_nodes(&search::excerpt(
                    result.text,
                    result.occurrences,
                ))),
        )
        .into()
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

// The core is tested natively (`cargo test`); the wasm32 build has no `from_json`.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
