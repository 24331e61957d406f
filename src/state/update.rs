//! Messages, the effects they ask of the browser, and `update`, which applies one to the state: every decision
//! of the viewer is made here.

use std::cell::RefCell;
use std::rc::Rc;

use crate::bundle::{Bundle, Diagnostic};
use crate::fetch::FetchError;
use crate::route::Route;
use crate::search::remote::{Progress, Remote};
use crate::search::{IndexBuild, Query};
use crate::share::{self, ShareTab, COPY_FALLBACK_ID, SHARE_TABS};
use crate::tabs::{tab_id, TabKey};
use crate::url;

use super::{
    CopyStatus, FontSize, Load, LoadFailure, LoadProgress, Prefs, SearchState, ShareOverlay, State,
    Theme, LIST_PAGE, RESULTS_PAGE,
};

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
