//! Messages, the effects they ask of the browser, and `update`, which applies one to the state: every decision
//! of the viewer is made here.

use crate::bundle::{Bundle, Diagnostic};
use crate::engine::{IndexFile, Reply, Request, Searchable};
use crate::fetch::FetchError;
use crate::route::Route;
use crate::search::{text_bound, SearchText};
use crate::share::{self, ShareTab, COPY_FALLBACK_ID, SHARE_TABS};
use crate::tabs::{tab_id, TabKey};
use crate::url;

use super::{
    CopyStatus, FontSize, Load, LoadFailure, LoadProgress, Prefs, SearchModule, SearchState,
    ShareOverlay, State, Theme, LIST_PAGE, RESULTS_PAGE,
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
    /// Build a slice of the search index: the texts of articles up to about `budget` chars, and about `budget`
    /// units of the engine's work (see [`Request::Build`]). The browser sends these, sized to
    /// keep each task short, once the first view is on screen and the engine is loaded.
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
    /// The search engine's module is loaded, or could not be (the browser's message).
    EngineLoaded(Result<(), String>),
    /// The search engine answered.
    EngineReplied(Reply),
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
    /// Load the search engine's module, now or (`idle`) when the browser has nothing else to do, and report with
    /// [`Msg::EngineLoaded`]. Asking again while it loads only brings an idle load forward.
    LoadEngine {
        /// Whether it can wait until the browser is idle: nobody is searching yet.
        idle: bool,
    },
    /// Send this request to the search engine, and each of its replies back with [`Msg::EngineReplied`].
    Engine(Request),
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

/// [`update`], with the search engine's answers applied in turn: what the message asks of the engine is asked of
/// `engine` at once, which the browser layer does once the engine is loaded (and the command line and tests always
/// can). The effects left are the page's.
pub fn update_with(
    state: &mut State,
    msg: Msg,
    engine: &mut dyn FnMut(Request) -> Vec<Reply>,
) -> Vec<Effect> {
    let mut page = Vec::new();
    let mut pending: std::collections::VecDeque<Effect> = update(state, msg).into();
    while let Some(effect) = pending.pop_front() {
        match effect {
            Effect::Engine(request) => {
                for reply in engine(request) {
                    pending.extend(update(state, Msg::EngineReplied(reply)));
                }
            }
            other => page.push(other),
        }
    }
    page
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
            let site = bundle
                .site()
                .search_index()
                .map(|index| match &state.bundle_url {
                    Some(base) => url::resolve(base, index),
                    None => index.to_owned(),
                });
            state.load = Load::Ready {
                bundle,
                diagnostics,
            };
            state.search = SearchState {
                module: std::mem::take(&mut state.search.module),
                focused: state.search.focused,
                site,
                ..SearchState::default()
            };
            // The engine is loaded when the browser is idle, unless a search asks for it sooner; a viewer
            // without a search box has it loaded only if a match's marks need it.
            let mut effects = match state.search.module {
                SearchModule::Absent if state.search_box => {
                    state.search.module = SearchModule::Loading;
                    vec![Effect::LoadEngine { idle: true }]
                }
                SearchModule::Ready => open_engine(state),
                SearchModule::Absent | SearchModule::Loading | SearchModule::Failed(_) => {
                    Vec::new()
                }
            };
            effects.extend(arrive(state, true));
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
            effects.extend(arrive(state, true));
            effects
        }
        Msg::Revisit { route, scroll_y } => {
            let mut effects = close_share(state, false);
            state.route = route;
            effects.extend([Effect::FocusHeading, Effect::ScrollTo(scroll_y.max(0.0))]);
            // Back at a match, its marks show, but the reader returns to where they were, not to the first mark.
            effects.extend(arrive(state, false));
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
            effects.extend([effect, Effect::ScrollTo(0.0)]);
            effects.extend(run_search(state));
            effects
        }
        Msg::ShowMoreResults => {
            let total = state
                .search
                .results
                .as_ref()
                .map_or(0, |results| results.total);
            let Route::Search(query) = &state.route else {
                return Vec::new();
            };
            if state.search.shown >= total as usize || state.search.module != SearchModule::Ready {
                return Vec::new();
            }
            state.search.shown += RESULTS_PAGE;
            vec![Effect::Engine(Request::Find {
                query: query.clone(),
                wanted: state.search.shown as u32,
            })]
        }
        Msg::ShowMoreArticles => {
            state.listed = state.listed.saturating_add(LIST_PAGE);
            Vec::new()
        }
        Msg::SearchFocused => {
            state.search.focused = true;
            match state.search.module {
                SearchModule::Ready if state.search.site.is_some() => {
                    vec![Effect::Engine(Request::Warm)]
                }
                _ => need_engine(state),
            }
        }
        Msg::IndexFile { name, result } => match state.search.module {
            SearchModule::Ready => vec![Effect::Engine(Request::File { name, result })],
            _ => Vec::new(),
        },
        // Loaded once per viewer; a second report changes nothing.
        Msg::EngineLoaded(Ok(())) if state.search.module == SearchModule::Ready => Vec::new(),
        Msg::EngineLoaded(Ok(())) => {
            state.search.module = SearchModule::Ready;
            if !state.is_loaded() {
                return Vec::new();
            }
            let mut effects = open_engine(state);
            if state.search.focused && state.search.site.is_some() {
                effects.push(Effect::Engine(Request::Warm));
            }
            let reveal = state.search.reveal;
            effects.extend(arrive(state, reveal));
            effects
        }
        Msg::EngineLoaded(Err(reason)) => {
            state.search.module = SearchModule::Failed(reason);
            state.search.waiting = false;
            Vec::new()
        }
        Msg::EngineReplied(reply) => engine_replied(state, reply),
    }
}

/// Tells the engine, newly loaded or given a new bundle, what to search: the site's index, or the bundle's
/// articles, which it then indexes a slice at a time.
fn open_engine(state: &mut State) -> Vec<Effect> {
    if let Some(site) = &state.search.site {
        return vec![Effect::Engine(Request::Site(site.clone()))];
    }
    let mut effects = open_local(state);
    effects.push(Effect::ScheduleIndex);
    effects
}

/// Tells the engine of the bundle's articles, unless it was told already.
fn open_local(state: &mut State) -> Vec<Effect> {
    let Load::Ready { bundle, .. } = &state.load else {
        return Vec::new();
    };
    if state.search.sent.is_some() {
        return Vec::new();
    }
    state.search.sent = Some(0);
    let articles = bundle.articles();
    vec![Effect::Engine(Request::Local {
        count: articles.len() as u32,
        longest: articles.iter().map(text_bound).max().unwrap_or(0) as u32,
    })]
}

/// The engine, loaded now, when something waits for it and it is not loaded.
fn need_engine(state: &mut State) -> Vec<Effect> {
    match state.search.module {
        SearchModule::Absent | SearchModule::Loading => {
            state.search.module = SearchModule::Loading;
            vec![Effect::LoadEngine { idle: false }]
        }
        SearchModule::Ready | SearchModule::Failed(_) => Vec::new(),
    }
}

/// Takes in what the engine answered.
fn engine_replied(state: &mut State, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Built => {
            state.search.built = true;
            Vec::new()
        }
        Reply::Resend => {
            state.search.sent = Some(0);
            state.search.built = false;
            match state.route {
                // A search or match waiting on the index sends them all again now, and asks again.
                Route::Search(_) | Route::Match { .. } => {
                    let reveal = state.search.reveal;
                    arrive(state, reveal)
                }
                _ => vec![Effect::ScheduleIndex],
            }
        }
        Reply::Fetch(files) => vec![Effect::FetchIndexFiles(files)],
        Reply::Results(results) => {
            if state.route.query() == Some(results.query.as_str())
                && matches!(state.route, Route::Search(_))
            {
                state.search.waiting = results.waiting;
                state.search.results = Some(results);
            }
            Vec::new()
        }
        Reply::Marks(marks) => {
            let reveal = std::mem::take(&mut state.search.reveal);
            let current =
                matches!(&state.route, Route::Match { query, .. } if *query == marks.query);
            state.search.marks = Some(marks);
            if reveal && current {
                vec![Effect::RevealFirstMark]
            } else {
                Vec::new()
            }
        }
    }
}

/// What arriving at the current route takes: the query's results, or the match's marks (the first revealed when
/// `reveal`), asked of the engine.
fn arrive(state: &mut State, reveal: bool) -> Vec<Effect> {
    match &state.route {
        Route::Search(_) => run_search(state),
        Route::Match { article, query } if state.is_loaded() => {
            let (article, query) = (article.clone(), query.clone());
            state.search.reveal = reveal;
            if state.search.module != SearchModule::Ready {
                return need_engine(state);
            }
            let mut effects = finish_index(state);
            let Load::Ready { bundle, .. } = &state.load else {
                return effects;
            };
            if let Some(position) = bundle.articles().iter().position(|a| a.id() == article) {
                effects.push(Effect::Engine(Request::Marks {
                    query,
                    article: position as u32,
                }));
            }
            effects
        }
        _ => Vec::new(),
    }
}

/// The texts of the next articles for the engine, about `budget` chars of them, and as much work on the index;
/// `None` when there is nothing to build (no engine, no whole bundle, or built already).
fn next_slice(state: &mut State, budget: usize) -> Option<Effect> {
    let (Load::Ready { bundle, .. }, Some(sent), false, None, SearchModule::Ready) = (
        &state.load,
        state.search.sent,
        state.search.built,
        &state.progress,
        &state.search.module,
    ) else {
        return None;
    };
    let mut texts = Vec::new();
    let mut chars = 0;
    for article in bundle.articles().iter().skip(sent) {
        if chars >= budget {
            break;
        }
        let text = SearchText::of(article);
        chars += text.text.len();
        texts.push(Searchable {
            text,
            published: article.published().unix_seconds(),
        });
    }
    state.search.sent = Some(sent + texts.len());
    Some(Effect::Engine(Request::Build {
        texts,
        budget: budget.min(u32::MAX as usize) as u32,
    }))
}

/// A slice of the index build, and the next one scheduled until the engine says it is built.
fn build_index(state: &mut State, budget: usize) -> Vec<Effect> {
    match next_slice(state, budget) {
        Some(slice) => vec![slice, Effect::ScheduleIndex],
        None => Vec::new(),
    }
}

/// Every text the engine still lacks, and the rest of the index built at once: a search is waiting for it.
fn finish_index(state: &mut State) -> Vec<Effect> {
    let mut effects = open_local(state);
    effects.extend(next_slice(state, usize::MAX));
    effects
}

/// Asks the engine for the route's query's results, when the route is a search.
fn run_search(state: &mut State) -> Vec<Effect> {
    let Route::Search(query) = &state.route else {
        return Vec::new();
    };
    let query = query.clone();
    if state.search.results.as_ref().map(|results| &results.query) != Some(&query) {
        state.search.results = None;
    }
    state.search.shown = RESULTS_PAGE;
    if !state.is_loaded() {
        return Vec::new();
    }
    if state.search.module != SearchModule::Ready {
        // The results wait for the engine (unless it could not be had).
        state.search.waiting = !matches!(state.search.module, SearchModule::Failed(_));
        return need_engine(state);
    }
    let mut effects = if state.search.site.is_some() {
        Vec::new()
    } else {
        finish_index(state)
    };
    effects.push(Effect::Engine(Request::Find {
        query,
        wanted: RESULTS_PAGE as u32,
    }));
    effects
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
