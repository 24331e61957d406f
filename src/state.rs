//! What the reader sees, and how it changes: [`State`], [`Msg`] and [`update`].
//!
//! The browser layer turns events (the bundle arrived, the hash changed) into messages; nothing here touches the page.

use std::cell::RefCell;

use std::rc::Rc;

use crate::bundle::{Article, Bundle, Channel, Diagnostic, Error};
use crate::fetch::FetchError;
use crate::route::Route;
use crate::search::remote::{Progress, Remote};
use crate::search::{Hit, Index, IndexBuild, Query};
use crate::share::{self, ShareTab, COPY_FALLBACK_ID, SHARE_TABS};
use crate::tabs::{tab_id, TabKey};
use crate::text::Lang;
use crate::url;

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
            embedded: false,
            lang: Lang::default(),
            progress: None,
            listed: LIST_PAGE,
        }
    }
}

/// Search: the index, once built, and what the current query found.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The index of the bundle's articles; built in slices after the first view is shown, or at once at the
    /// first search.
    pub index: Option<Rc<Index>>,
    /// The index being built, between slices.
    pub build: Option<Rc<RefCell<IndexBuild>>>,
    /// The results for the current `Route::Search`, best first.
    pub hits: Vec<Hit>,
    /// The query the hits are for.
    pub query: Query,
    /// How many results are shown.
    pub shown: usize,
    /// The site's prebuilt index, when the bundle names one (`site.search_index`): search then covers every
    /// article of the site, read from the index's files as queries need them, instead of this bundle's alone.
    pub remote: Option<Remote>,
    /// Whether the results wait for files of the site's index.
    pub waiting: bool,
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

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The bundle arrived, or could not be had.
    Load(Result<(Bundle, Vec<Diagnostic>), LoadFailure>),
    /// The reader followed a link or typed a hash: a new place.
    Navigate(Route),
    /// The reader went back or forward to a place seen before, which was scrolled to `scroll_y` pixels.
    Revisit {
        /// Where.
        route: Route,
        /// How far down the page was scrolled when the reader left it.
        scroll_y: f64,
    },
    /// An arrow, Home or End key in the tab list named `tablist`.
    MoveTab {
        /// The tab list's name, as in [`crate::tabs::Tabs::name`].
        tablist: String,
        /// The key.
        key: TabKey,
    },
    /// A text size was chosen.
    SetFontSize(FontSize),
    /// A colour scheme was chosen.
    SetTheme(Theme),
    /// A foot button of the article was pressed: open the share overlay at its tab.
    OpenShare(ShareTab),
    /// ×, Esc or the backdrop.
    CloseShare,
    /// A tab of the open overlay was chosen.
    SelectShareTab(ShareTab),
    /// 复制链接 was pressed.
    CopyLink,
    /// The clipboard took the link, or refused it.
    CopyFinished {
        /// Whether the link is on the clipboard.
        copied: bool,
    },
    /// 更多方式 was pressed: open the system share sheet.
    ShareNatively,
    /// The bundle is being fetched from this absolute URL: what it refers to by relative URL resolves against it.
    Fetch(String),
    /// Part of the bundle has arrived.
    Progress(LoadProgress),
    /// The article the route asks for, in a bundle of its own, while the rest of its bundle is read.
    Preview(Bundle),
    /// Build a slice of the search index: about `budget` units of work (see [`IndexBuild::step`]). The browser
    /// sends these, sized to keep each task short, once the first view is on screen.
    BuildIndex {
        /// The work to do now.
        budget: usize,
    },
    /// The reader typed in the search box (debounced) or submitted it.
    SetQuery(String),
    /// 显示更多结果 was pressed.
    ShowMoreResults,
    /// 显示更多文章 was pressed under a channel's list.
    ShowMoreArticles,
    /// The search box got focus: the moment to start loading the site's index, if there is one.
    SearchFocused,
    /// A file of the site's index arrived (its bytes) or could not be had (why).
    IndexFile {
        /// Its name, as [`Effect::FetchIndexFiles`] gave it.
        name: String,
        /// The bytes, or what went wrong.
        result: Result<Vec<u8>, FetchError>,
    },
}

impl Msg {
    /// The message of a control marked `data-action="<action>" data-value="<value>"` in the view.
    pub fn for_action(action: &str, value: &str) -> Option<Msg> {
        match action {
            "font-size" => FontSize::parse(value).map(Msg::SetFontSize),
            "theme" => Theme::parse(value).map(Msg::SetTheme),
            "open-share" => ShareTab::parse(value).map(Msg::OpenShare),
            "share-tab" => ShareTab::parse(value).map(Msg::SelectShareTab),
            "close-share" => Some(Msg::CloseShare),
            "copy-link" => Some(Msg::CopyLink),
            "share-natively" => Some(Msg::ShareNatively),
            "more-results" => Some(Msg::ShowMoreResults),
            "more-articles" => Some(Msg::ShowMoreArticles),
            _ => None,
        }
    }
}

/// What the browser layer must do after an update, beyond rendering.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Scroll the page to this many pixels from the top.
    ScrollTo(f64),
    /// Move focus to the page's heading (without scrolling), as after a page load.
    FocusHeading,
    /// Move focus to the element with this id.
    Focus(String),
    /// Show this route in the address bar, replacing the current history entry.
    ReplaceRoute(Route),
    /// Remember the preferences for later visits.
    SavePrefs(Prefs),
    /// Stop (`true`) or allow the page behind a modal dialog to scroll.
    LockScroll(bool),
    /// Put this text on the clipboard, then report with [`Msg::CopyFinished`].
    CopyText(String),
    /// Select the text of the field with this id, for copying by hand.
    SelectText(String),
    /// Send [`Msg::BuildIndex`] soon, after the browser has painted and handled input.
    ScheduleIndex,
    /// Show this route in the address bar as a new history entry (without navigating).
    PushRoute(Route),
    /// Scroll the first marked occurrence into view.
    RevealFirstMark,
    /// Fetch these files of the site's index, all at once, and report each with [`Msg::IndexFile`].
    FetchIndexFiles(Vec<IndexFile>),
    /// Open the system share sheet.
    OpenShareSheet {
        /// The article's title.
        title: String,
        /// The article's URL.
        url: String,
    },
}

impl Effect {
    /// Whether the effect is on the page rather than the viewer: its address, history, scroll position or storage.
    fn is_the_pages(&self) -> bool {
        matches!(
            self,
            Effect::ScrollTo(_)
                | Effect::PushRoute(_)
                | Effect::ReplaceRoute(_)
                | Effect::RevealFirstMark
                | Effect::SavePrefs(_)
        )
    }
}

/// A file of the site's index to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// Its name in the index, to report it by.
    pub name: String,
    /// Its absolute URL.
    pub url: String,
}

/// Applies a message, returning what the browser must do besides rendering.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut effects = handle(state, msg);
    if state.embedded {
        // A partner's page: its address bar, history, scroll position and storage are not the viewer's. Routes
        // live in the state alone, and the reader stays where they are on the page.
        effects.retain(|effect| !effect.is_the_pages());
    }
    effects
}

/// What a key pressed in the viewer does, if anything; the browser layer prevents the key's usual action
/// exactly when there is something to do.
pub fn key_action(state: &State, press: &KeyPress<'_>) -> Option<KeyAction> {
    if state.share.is_some() {
        // A modal dialog: Esc closes it, and Tab and Shift+Tab cycle inside it.
        match press.key {
            "Escape" => return Some(KeyAction::Send(Msg::CloseShare)),
            "Tab" => {
                return Some(KeyAction::KeepFocusIn {
                    backwards: press.shift,
                })
            }
            _ => {}
        }
    }
    if press.modified || press.shift {
        return None;
    }
    let key = TabKey::from_key(press.key)?;
    let tablist = press.tablist?.to_owned();
    Some(KeyAction::Send(Msg::MoveTab { tablist, key }))
}

/// A key press, as much of it as decides what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`, such as `Escape` or `ArrowLeft`.
    pub key: &'a str,
    /// Whether Shift was held.
    pub shift: bool,
    /// Whether Alt, Ctrl or Meta was held.
    pub modified: bool,
    /// The name of the tab list whose tab has focus, if one has.
    pub tablist: Option<&'a str>,
}

/// What a key press does.
#[derive(Debug, Clone)]
pub enum KeyAction {
    /// This message.
    Send(Msg),
    /// Tab in the open dialog: move focus from its last focusable element to its first (or, `backwards`, from the
    /// first to the last), keeping it inside.
    KeepFocusIn {
        /// Shift+Tab.
        backwards: bool,
    },
}

/// Applies a message for a viewer of its own page: [`update`] then leaves out what only such a viewer may do.
fn handle(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Fetch(url) => {
            state.bundle_url = Some(url);
            Vec::new()
        }
        Msg::Progress(progress) => {
            // Late news of a load that has ended changes nothing.
            if matches!(state.load, Load::Loading) || state.progress.is_some() {
                state.progress = Some(progress);
            }
            Vec::new()
        }
        Msg::Preview(bundle) => {
            if matches!(state.load, Load::Loading) {
                state.load = Load::Ready {
                    bundle,
                    diagnostics: Vec::new(),
                };
            }
            Vec::new()
        }
        Msg::Load(Ok((bundle, diagnostics))) => {
            state.progress = None;
            let remote = bundle.site().search_index().map(|index| {
                Remote::new(&match &state.bundle_url {
                    Some(base) => url::resolve(base, index),
                    None => index.to_owned(),
                })
            });
            // With the site's index there is nothing to build; a match's marks still come from this bundle.
            let mut effects = if remote.is_some() {
                Vec::new()
            } else {
                vec![Effect::ScheduleIndex]
            };
            state.load = Load::Ready {
                bundle,
                diagnostics,
            };
            state.search = SearchState {
                remote,
                ..SearchState::default()
            };
            effects.extend(arrive(state));
            effects
        }
        Msg::Load(Err(failure)) => {
            state.progress = None;
            state.load = Load::Failed(failure);
            Vec::new()
        }
        Msg::Navigate(route) => {
            // Leaving the article (the back button, say) closes its overlay.
            let mut effects = close_share(state, false);
            let was_showing_tabs = state.shows_channel_tabs();
            let previous = std::mem::replace(&mut state.route, route);
            if previous != state.route {
                // A channel newly opened starts with its first page; returning (Back) keeps what was shown.
                state.listed = LIST_PAGE;
            }
            let searching = matches!(
                (&previous, &state.route),
                (Route::Search(_), Route::Search(_))
            );
            if previous != state.route
                && !(was_showing_tabs && state.shows_channel_tabs())
                && !searching
            {
                effects.extend([Effect::FocusHeading, Effect::ScrollTo(0.0)]);
            }
            // Otherwise a tab switch keeps the reader where they are, focus on the tab they chose,
            // and a new query keeps focus in the search box.
            effects.extend(arrive(state));
            effects
        }
        Msg::Revisit { route, scroll_y } => {
            let mut effects = close_share(state, false);
            state.route = route;
            effects.extend([Effect::FocusHeading, Effect::ScrollTo(scroll_y.max(0.0))]);
            // Back at a match, its marks show, but the reader returns to where they were, not to the first mark.
            effects.extend(
                arrive(state)
                    .into_iter()
                    .filter(|effect| *effect != Effect::RevealFirstMark),
            );
            effects
        }
        Msg::MoveTab { tablist, key } if tablist == SHARE_TABS => move_share_tab(state, key),
        Msg::MoveTab { tablist, key } => move_tab(state, &tablist, key),
        Msg::SetFontSize(font_size) => {
            state.prefs.font_size = font_size;
            vec![Effect::SavePrefs(state.prefs)]
        }
        Msg::SetTheme(theme) => {
            state.prefs.theme = theme;
            vec![Effect::SavePrefs(state.prefs)]
        }
        Msg::OpenShare(tab) => {
            if state.share.is_some() || !state.share_tabs().contains(&tab) {
                return Vec::new();
            }
            state.share = Some(ShareOverlay {
                tab,
                opener: tab,
                copy: CopyStatus::Idle,
            });
            vec![
                Effect::LockScroll(true),
                Effect::Focus(tab_id(SHARE_TABS, tab.as_str())),
            ]
        }
        Msg::CloseShare => close_share(state, true),
        Msg::SelectShareTab(tab) => {
            let offered = state.share_tabs().contains(&tab);
            match &mut state.share {
                Some(overlay) if offered => overlay.tab = tab,
                _ => {}
            }
            Vec::new()
        }
        Msg::CopyLink => match (state.share.is_some(), state.shared_article()) {
            (true, Some((_, url))) => vec![Effect::CopyText(url)],
            _ => Vec::new(),
        },
        Msg::CopyFinished { copied } => match &mut state.share {
            Some(overlay) if copied => {
                overlay.copy = CopyStatus::Copied;
                Vec::new()
            }
            Some(overlay) => {
                overlay.copy = CopyStatus::Refused;
                vec![Effect::SelectText(COPY_FALLBACK_ID.to_owned())]
            }
            None => Vec::new(),
        },
        Msg::ShareNatively => match (state.share.is_some(), state.shared_article()) {
            (true, Some((title, url))) => vec![Effect::OpenShareSheet { title, url }],
            _ => Vec::new(),
        },
        Msg::BuildIndex { budget } => build_index(state, budget),
        Msg::SetQuery(query) => {
            let route = Route::Search(query);
            if state.route == route {
                return Vec::new();
            }
            // The first keystroke leaves the previous view in the history; later ones refine the same entry.
            let effect = if matches!(state.route, Route::Search(_)) {
                Effect::ReplaceRoute(route.clone())
            } else {
                Effect::PushRoute(route.clone())
            };
            let mut effects = close_share(state, false);
            state.route = route;
            effects.extend(run_search(state));
            effects.extend([effect, Effect::ScrollTo(0.0)]);
            effects
        }
        Msg::ShowMoreResults if state.search.remote.is_some() => {
            state.search.shown = (state.search.shown + RESULTS_PAGE).min(state.search.hits.len());
            refresh_remote(state)
        }
        Msg::ShowMoreResults => {
            let shown = (state.search.shown + RESULTS_PAGE).min(state.search.hits.len());
            if let Some(index) = &state.search.index {
                // Say where the terms occur in the newly shown hits too.
                let query = &state.search.query;
                for hit in state
                    .search
                    .hits
                    .iter_mut()
                    .take(shown)
                    .skip(state.search.shown)
                {
                    hit.occurrences = index.occurrences_in(query, hit.article);
                }
            }
            state.search.shown = shown;
            Vec::new()
        }
        Msg::ShowMoreArticles => {
            state.listed = state.listed.saturating_add(LIST_PAGE);
            Vec::new()
        }
        Msg::SearchFocused => match &mut state.search.remote {
            Some(remote) => {
                let names = remote.start();
                fetch(remote, names)
            }
            None => Vec::new(),
        },
        Msg::IndexFile { name, result } => {
            let Some(remote) = &mut state.search.remote else {
                return Vec::new();
            };
            let next = remote.received(&name, result);
            let mut effects = fetch(remote, next);
            // Files asked for together are needed together: search again once the last of them is in.
            if !remote.busy() {
                effects.extend(refresh_remote(state));
            }
            effects
        }
    }
}

/// The effect that fetches those of `names` not yet asked for, if any.
fn fetch(remote: &mut Remote, names: Vec<String>) -> Vec<Effect> {
    let files: Vec<IndexFile> = remote
        .request(names)
        .into_iter()
        .map(|name| IndexFile {
            url: remote.url_of(&name),
            name,
        })
        .collect();
    if files.is_empty() {
        Vec::new()
    } else {
        vec![Effect::FetchIndexFiles(files)]
    }
}

/// Searches the site's index for the current query with the files it has, asking for those it lacks: the
/// results show once their chunks and the fragment packs of the results shown have arrived.
fn refresh_remote(state: &mut State) -> Vec<Effect> {
    let search = &mut state.search;
    let Some(remote) = &mut search.remote else {
        return Vec::new();
    };
    if !matches!(state.route, Route::Search(_)) || search.query.is_empty() {
        search.waiting = false;
        return Vec::new();
    }
    let wanted = search.shown.max(RESULTS_PAGE);
    let needs = match remote.search(&search.query, wanted) {
        Progress::Needs(names) => names,
        Progress::Ready(hits) => {
            let top: Vec<usize> = hits.iter().take(wanted).map(|hit| hit.article).collect();
            search.shown = wanted.min(hits.len());
            search.hits = hits;
            match remote.fragments(&top) {
                Progress::Ready(_) => {
                    search.waiting = false;
                    return Vec::new();
                }
                Progress::Needs(names) => names,
            }
        }
    };
    let effects = fetch(remote, needs);
    // Nothing on its way means a file failed: stop waiting and show why.
    search.waiting = remote.busy();
    effects
}

/// What arriving at the current route takes: search results computed, or the first match revealed.
fn arrive(state: &mut State) -> Vec<Effect> {
    match &state.route {
        Route::Search(_) => run_search(state),
        Route::Match { .. } if matches!(state.load, Load::Ready { .. }) => {
            ensure_index(state);
            vec![Effect::RevealFirstMark]
        }
        _ => Vec::new(),
    }
}

/// Builds a slice of the index, and asks for the next one until it is built.
fn build_index(state: &mut State, budget: usize) -> Vec<Effect> {
    let (Load::Ready { bundle, .. }, None, None) =
        (&state.load, &state.search.index, &state.progress)
    else {
        return Vec::new();
    };
    let build = state
        .search
        .build
        .get_or_insert_with(|| Rc::new(RefCell::new(IndexBuild::new(bundle.articles()))));
    let built = build.borrow_mut().step(bundle.articles(), budget);
    match built {
        Some(index) => {
            state.search.build = None;
            state.search.index = Some(Rc::new(index));
            Vec::new()
        }
        None => vec![Effect::ScheduleIndex],
    }
}

/// The index, built now if it is not yet (finishing a build begun in slices).
fn ensure_index(state: &mut State) {
    if state.progress.is_some() {
        return;
    }
    while state.search.index.is_none() && matches!(state.load, Load::Ready { .. }) {
        build_index(state, usize::MAX);
    }
}

/// Runs the route's query, when the route is a search.
fn run_search(state: &mut State) -> Vec<Effect> {
    let Route::Search(text) = &state.route else {
        return Vec::new();
    };
    let query = Query::parse(text);
    if let Some(remote) = &mut state.search.remote {
        if state.search.query != query || state.search.hits.is_empty() {
            remote.retry();
            state.search.hits = Vec::new();
            state.search.shown = RESULTS_PAGE;
            state.search.query = query;
        }
        return refresh_remote(state);
    }
    ensure_index(state);
    let (Load::Ready { bundle, .. }, Some(index)) = (&state.load, &state.search.index) else {
        return Vec::new();
    };
    let articles = bundle.articles();
    let published = |article: usize| {
        articles
            .get(article)
            .map_or(0, |article| article.published().unix_seconds())
    };
    state.search.shown = RESULTS_PAGE;
    state.search.hits = index.search(&query, &published, state.search.shown);
    state.search.shown = state.search.shown.min(state.search.hits.len());
    state.search.query = query;
    Vec::new()
}

/// Closes the share overlay if it is open; `return_focus` sends focus back to the button that opened it.
fn close_share(state: &mut State, return_focus: bool) -> Vec<Effect> {
    let Some(overlay) = state.share.take() else {
        return Vec::new();
    };
    let mut effects = vec![Effect::LockScroll(false)];
    if return_focus {
        effects.push(Effect::Focus(share::action_id(overlay.opener)));
    }
    effects
}

fn move_share_tab(state: &mut State, key: TabKey) -> Vec<Effect> {
    let offered = state.share_tabs();
    let Some(overlay) = &mut state.share else {
        return Vec::new();
    };
    let current = offered
        .iter()
        .position(|tab| *tab == overlay.tab)
        .unwrap_or(0);
    let Some(&tab) = offered.get(key.apply(offered.len(), current)) else {
        return Vec::new();
    };
    overlay.tab = tab;
    vec![Effect::Focus(tab_id(SHARE_TABS, tab.as_str()))]
}

/// The channel tabs' name, as in [`crate::tabs::Tabs::name`].
pub const CHANNEL_TABS: &str = "channels";

fn move_tab(state: &mut State, tablist: &str, key: TabKey) -> Vec<Effect> {
    let Load::Ready { bundle, .. } = &state.load else {
        return Vec::new();
    };
    if tablist != CHANNEL_TABS || !state.shows_channel_tabs() {
        return Vec::new();
    }
    let channels = bundle.channels();
    let current = state.selected_channel_index(bundle).unwrap_or(0);
    let Some(channel) = channels.get(key.apply(channels.len(), current)) else {
        return Vec::new();
    };
    state.route = Route::Channel(channel.id().to_owned());
    vec![
        Effect::ReplaceRoute(state.route.clone()),
        Effect::Focus(tab_id(CHANNEL_TABS, channel.id())),
    ]
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

// The core is tested natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
