//! What the reader sees, and how it changes: [`State`], [`Msg`] and [`update`].
//!
//! The browser layer turns events (the bundle arrived, the hash changed) into messages; nothing here touches the page.

use std::fmt;

use crate::bundle::{Bundle, Diagnostic};
use crate::error::Error;
use crate::share::{self, COPY_FALLBACK_ID, SHARE_TABS};
use crate::tabs::{tab_id, TabKey};
use crate::url;
use crate::view::Shown;

/// Everything the view needs.
#[derive(Debug, Clone, Default)]
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
}

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

/// A tab of the share overlay, and the foot button that opens it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareTab {
    /// 客户端中查看: open the article in the site's app.
    App,
    /// 手机中查看: a QR code of the article's URL.
    Phone,
    /// 分享: WeChat, Weibo, QQ, Qzone, copy link, the system share sheet.
    Share,
}

impl ShareTab {
    /// Every tab, in the order offered.
    pub const ALL: [ShareTab; 3] = [ShareTab::App, ShareTab::Phone, ShareTab::Share];

    /// The name used in markup: `app`, `phone`, `share`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareTab::App => "app",
            ShareTab::Phone => "phone",
            ShareTab::Share => "share",
        }
    }

    /// The tab with this name.
    pub fn parse(name: &str) -> Option<ShareTab> {
        ShareTab::ALL.into_iter().find(|tab| tab.as_str() == name)
    }

    /// The label, as on the portal page.
    pub fn label(self) -> &'static str {
        match self {
            ShareTab::App => "客户端中查看",
            ShareTab::Phone => "手机中查看",
            ShareTab::Share => "分享",
        }
    }
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
        /// What went wrong, such as `HTTP 404 Not Found`.
        reason: String,
    },
    /// The bundle was fetched but is not a usable bundle.
    Bundle {
        /// The URL it came from.
        url: String,
        /// The problem, with its JSON path.
        error: Error,
    },
}

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadFailure::Fetch { url, reason } => write!(f, "无法获取文章包 {url}：{reason}"),
            LoadFailure::Bundle { url, error } => write!(f, "文章包 {url} 有误：{error}"),
        }
    }
}

/// A place in the viewer, as the URL hash gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Route {
    /// `#/` or no hash: the first channel's tab.
    #[default]
    Home,
    /// `#/article/<id>`.
    Article(String),
    /// `#/channel/<id>`: that channel's tab.
    Channel(String),
}

impl Route {
    /// Reads a location hash such as `#/article/jin-shaan-2023`; ids may be percent-encoded.
    /// Anything unrecognised is the home page: a hash from anywhere must never break the viewer.
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.split('?').next().unwrap_or("");
        let path = path.strip_prefix('/').unwrap_or(path);
        let (kind, id) = path.split_once('/').unwrap_or((path, ""));
        let id = url::decode_component(id.trim_end_matches('/'));
        match kind {
            "article" if !id.is_empty() => Route::Article(id),
            "channel" if !id.is_empty() => Route::Channel(id),
            _ => Route::Home,
        }
    }

    /// The hash that leads here, such as `#/article/jin-shaan-2023`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Article(id) => format!("#/article/{}", url::encode_component(id)),
            Route::Channel(id) => format!("#/channel/{}", url::encode_component(id)),
        }
    }
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
    /// Open the system share sheet.
    OpenShareSheet {
        /// The article's title.
        title: String,
        /// The article's URL.
        url: String,
    },
}

/// Applies a message, returning what the browser must do besides rendering.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Load(Ok((bundle, diagnostics))) => {
            state.load = Load::Ready {
                bundle,
                diagnostics,
            };
            Vec::new()
        }
        Msg::Load(Err(failure)) => {
            state.load = Load::Failed(failure);
            Vec::new()
        }
        Msg::Navigate(route) => {
            // Leaving the article (the back button, say) closes its overlay.
            let mut effects = close_share(state, false);
            let was_showing_tabs = state.shows_channel_tabs();
            let previous = std::mem::replace(&mut state.route, route);
            if previous != state.route && !(was_showing_tabs && state.shows_channel_tabs()) {
                effects.extend([Effect::FocusHeading, Effect::ScrollTo(0.0)]);
            }
            // Otherwise a tab switch keeps the reader where they are, focus on the tab they chose.
            effects
        }
        Msg::Revisit { route, scroll_y } => {
            let mut effects = close_share(state, false);
            state.route = route;
            effects.extend([Effect::FocusHeading, Effect::ScrollTo(scroll_y.max(0.0))]);
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
    }
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

impl State {
    /// What the current route shows in `bundle`.
    pub fn shown<'b>(&self, bundle: &'b Bundle) -> Shown<'b> {
        match &self.route {
            Route::Home => match bundle.channels().first() {
                Some(channel) => Shown::Channel(channel),
                None => Shown::Empty,
            },
            Route::Article(id) => bundle.article(id).map_or(Shown::NotFound, Shown::Article),
            Route::Channel(id) => bundle.channel(id).map_or(Shown::NotFound, Shown::Channel),
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
            Route::Article(_) => None,
        }
    }
}

// The core is tested natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
