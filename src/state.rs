//! What the reader sees, and how it changes: [`State`], [`Msg`] and [`update`].
//!
//! The browser layer turns events (the bundle arrived, the hash changed) into messages; nothing here touches the page.

use crate::bundle::{Article, Bundle, Channel, Diagnostic, Error};
use crate::engine::{Marks, Results};
use crate::fetch::FetchError;
use crate::route::Route;
use crate::share::{self, ShareTab};
use crate::text::Lang;

/// Everything the view needs.
#[derive(Debug, Clone)]
pub struct State {
    /// The absolute URL the bundle came from: relative media URLs resolve against it. `None` when unknown.
    pub bundle_url: Option<String>,
    /// How far loading the bundle has got.
    pub load: Load,
    /// Where the reader is.
    pub route: Route,
    /// How the reader likes to read.
    pub prefs: Prefs,
    /// The viewer page's address (its hash is ignored): links to articles without a `url` of their own lead here.
    /// `None` when unknown, as when rendering static pages.
    pub page_url: Option<String>,
    /// What the browser offers.
    pub capabilities: Capabilities,
    /// The share overlay, while it is open.
    pub share: Option<ShareOverlay>,
    /// The search index and the results of the current query.
    pub search: SearchState,
    /// Whether the masthead offers the search box (a partner may embed the viewer without it).
    pub search_box: bool,
    /// Whether the viewer runs the page. The static pages `render` prints are not interactive until the viewer
    /// takes them over: without it they show only what works, so no search box, reading controls or share
    /// buttons. Default `true`.
    pub interactive: bool,
    /// Whether the viewer is one element of a partner's page rather than the page itself: its content is then not
    /// the page's `main` landmark, since the partner's page has its own and may embed several viewers; it is part
    /// of whichever landmark the partner puts it in. Default `false`.
    pub embedded: bool,
    /// The language of the interface (articles keep theirs).
    pub lang: Lang,
    /// How far the bundle has come, while it loads. With a bundle ready, that bundle is a preview: the one
    /// article the route asked for, shown while the others are read.
    pub progress: Option<LoadProgress>,
    /// How many articles a channel's list shows: a page at first, more on request, so that a channel of
    /// thousands opens at once. Static pages, without a script to show more, list them all.
    pub listed: usize,
}

/// How far a bundle being loaded has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProgress {
    /// Downloading: bytes received, of how many when the server said.
    Fetching {
        /// Bytes received.
        received: u64,
        /// Bytes to come in all, when known.
        total: Option<u64>,
    },
    /// Downloaded; articles validated so far, of how many.
    Reading {
        /// Articles read.
        read: usize,
        /// Articles in the bundle.
        total: usize,
    },
}

impl Default for State {
    fn default() -> State {
        State {
            bundle_url: None,
            load: Load::default(),
            route: Route::default(),
            prefs: Prefs::default(),
            page_url: None,
            capabilities: Capabilities::default(),
            share: None,
            search: SearchState::default(),
            search_box: true,
            interactive: true,
            embedded: false,
            lang: Lang::default(),
            progress: None,
            listed: LIST_PAGE,
        }
    }
}

/// Search, as the reader sees it: the engine (a module of its own, loaded when first needed), how far it has
/// the bundle's articles, and what the current query found.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The search engine's module.
    pub module: SearchModule,
    /// How many of the bundle's articles the engine has been given; `None` before it was told of them.
    pub sent: Option<usize>,
    /// Whether the engine has indexed them all.
    pub built: bool,
    /// The site's prebuilt index (its manifest's absolute URL), when the bundle names one (`site.search_index`):
    /// search then covers every article of the site, read from the index's files as queries need them, instead
    /// of this bundle's alone. A match's marks still come from this bundle.
    pub site: Option<String>,
    /// The results of the current `Route::Search`, once the engine has answered.
    pub results: Option<Results>,
    /// How many results are shown.
    pub shown: usize,
    /// Where the query's terms are in the article of the current `Route::Match`, once the engine has answered.
    pub marks: Option<Marks>,
    /// Whether the results wait for the engine: its module, or files of the site's index.
    pub waiting: bool,
    /// Whether the first mark is to be scrolled into view when the marks arrive.
    pub reveal: bool,
    /// Whether the search box has had focus: the moment to start reading the site's index.
    pub focused: bool,
}

/// The search engine's module, which the viewer loads when search is first needed (or the browser is idle).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SearchModule {
    /// Not asked for yet.
    #[default]
    Absent,
    /// On its way.
    Loading,
    /// Answering requests.
    Ready,
    /// It could not be loaded, and why (the browser's message): search is unavailable for this visit.
    Failed(String),
}

/// How many results are shown at first, and how many more each 显示更多 adds.
pub const RESULTS_PAGE: usize = 10;

/// How many articles a channel lists at first, and how many more each 显示更多文章 adds.
pub const LIST_PAGE: usize = 50;

/// Features some browsers have and others lack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// The system share sheet, `navigator.share`.
    pub native_share: bool,
}

/// The open share overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareOverlay {
    /// The tab shown.
    pub tab: ShareTab,
    /// The foot button that opened it, where focus returns when it closes.
    pub opener: ShareTab,
    /// How the last attempt to copy the link went.
    pub copy: CopyStatus,
}

/// The outcome of 复制链接.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CopyStatus {
    /// Not tried yet.
    #[default]
    Idle,
    /// The link is on the clipboard.
    Copied,
    /// The browser refused; the link is shown for copying by hand.
    Refused,
}

/// The bundle, or why there is none.
#[derive(Debug, Clone, Default)]
pub enum Load {
    /// Still fetching.
    #[default]
    Loading,
    /// Nothing to show, and why.
    Failed(LoadFailure),
    /// A bundle, with the problems that cost parts of it.
    Ready {
        /// The bundle.
        bundle: Bundle,
        /// Skipped articles and channels, ignored fields.
        diagnostics: Vec<Diagnostic>,
    },
}

/// Why no bundle could be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadFailure {
    /// The bundle could not be fetched (HTTP error, network, CORS) or its address was unusable.
    Fetch {
        /// The URL as the reader or page gave it.
        url: String,
        /// What went wrong.
        reason: FetchError,
    },
    /// The bundle was fetched but is not a usable bundle.
    Bundle {
        /// The URL it came from.
        url: String,
        /// The problem, with its JSON path.
        error: Error,
    },
}

/// The reader's display preferences, remembered across visits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prefs {
    /// Text size of articles and lists.
    pub font_size: FontSize,
    /// Light, dark, or as the system says.
    pub theme: Theme,
}

/// 小, 中 or 大.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FontSize {
    /// 小.
    Small,
    /// 中, the default.
    #[default]
    Medium,
    /// 大.
    Large,
}

/// The colour scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's `prefers-color-scheme`, the default.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl FontSize {
    /// Every size, in the order offered.
    pub const ALL: [FontSize; 3] = [FontSize::Small, FontSize::Medium, FontSize::Large];

    /// The name stored and used in markup: `small`, `medium`, `large`.
    pub fn as_str(self) -> &'static str {
        match self {
            FontSize::Small => "small",
            FontSize::Medium => "medium",
            FontSize::Large => "large",
        }
    }

    /// The size with this name.
    pub fn parse(name: &str) -> Option<FontSize> {
        FontSize::ALL.into_iter().find(|size| size.as_str() == name)
    }
}

impl Theme {
    /// Every theme, in the order offered.
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    /// The name stored and used in markup: `auto`, `light`, `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme with this name.
    pub fn parse(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|theme| theme.as_str() == name)
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

impl State {
    /// The article to show first, in a preview, while the bundle is read: the one the route names, unless a
    /// preview already shows (or the bundle is read, or failed).
    pub fn wanted_first(&self) -> Option<&str> {
        if !matches!(self.load, Load::Loading) {
            return None;
        }
        match &self.route {
            Route::Article(id) | Route::Match { article: id, .. } => Some(id),
            _ => None,
        }
    }

    /// Whether the whole bundle is read: not loading, not failed, and not a preview of one article.
    pub fn is_loaded(&self) -> bool {
        matches!(self.load, Load::Ready { .. }) && self.progress.is_none()
    }

    /// What the current route shows in `bundle`.
    pub fn shown<'b>(&self, bundle: &'b Bundle) -> Shown<'b> {
        if self.progress.is_some() {
            // A preview: its article, and nothing else until the bundle is read.
            return match &self.route {
                Route::Article(id) | Route::Match { article: id, .. } => {
                    bundle.article(id).map_or(Shown::Loading, Shown::Article)
                }
                _ => Shown::Loading,
            };
        }
        match &self.route {
            Route::Home => match bundle.channels().first() {
                Some(channel) => Shown::Channel(channel),
                None => Shown::Empty,
            },
            Route::Article(id) | Route::Match { article: id, .. } => {
                bundle.article(id).map_or(Shown::NotFound, Shown::Article)
            }
            Route::Channel(id) => bundle.channel(id).map_or(Shown::NotFound, Shown::Channel),
            Route::Search(_) => Shown::Search,
        }
    }

    /// The share tabs offered for the article shown; none when no article is shown.
    fn share_tabs(&self) -> Vec<ShareTab> {
        match &self.load {
            Load::Ready { bundle, .. } if matches!(self.shown(bundle), Shown::Article(_)) => {
                share::offered_tabs(bundle)
            }
            _ => Vec::new(),
        }
    }

    /// The title and URL of the article shown, when it has a URL to share.
    fn shared_article(&self) -> Option<(String, String)> {
        let Load::Ready { bundle, .. } = &self.load else {
            return None;
        };
        let Shown::Article(article) = self.shown(bundle) else {
            return None;
        };
        let url = share::article_url(article, self.page_url.as_deref())?;
        Some((article.title().to_owned(), url))
    }

    /// Whether the page shows the channel tabs: between two such views, a navigation is a tab switch.
    /// (A route to an unknown channel shows the not-found view, not tabs.)
    fn shows_channel_tabs(&self) -> bool {
        match &self.load {
            Load::Ready { bundle, .. } => matches!(self.shown(bundle), Shown::Channel(_)),
            _ => false,
        }
    }

    /// The index of the channel whose tab is selected, when the route shows the tabs.
    fn selected_channel_index(&self, bundle: &Bundle) -> Option<usize> {
        match &self.route {
            Route::Home => Some(0),
            Route::Channel(id) => bundle
                .channels()
                .iter()
                .position(|channel| channel.id() == id),
            Route::Article(_) | Route::Match { .. } | Route::Search(_) => None,
        }
    }
}

mod update;

pub use update::{key_action, update, update_with, Effect, KeyAction, KeyPress, Msg, CHANNEL_TABS};

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod test_support;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
