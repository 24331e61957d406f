//! What the reader sees, and how it changes: [`State`], [`Msg`] and [`update`].
//!
//! The browser layer turns events (the bundle arrived, the hash changed) into messages; nothing here touches the page.

use std::fmt;

use crate::bundle::{Bundle, Diagnostic};
use crate::error::Error;
use crate::tabs::TabKey;
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
        let id = percent_decode(id.trim_end_matches('/'));
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
            Route::Article(id) => format!("#/article/{}", percent_encode(id)),
            Route::Channel(id) => format!("#/channel/{}", percent_encode(id)),
        }
    }
}

/// Decodes `%XX` escapes; malformed escapes stay as written and invalid UTF-8 becomes U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(value) => {
                decoded.push(value);
                index += 3;
            }
            None => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Escapes everything but unreserved characters, so that an id is one path segment of the hash.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
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
}

impl Msg {
    /// The message of a control marked `data-action="<action>" data-value="<value>"` in the view.
    pub fn for_action(action: &str, value: &str) -> Option<Msg> {
        match action {
            "font-size" => FontSize::parse(value).map(Msg::SetFontSize),
            "theme" => Theme::parse(value).map(Msg::SetTheme),
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
            let was_showing_tabs = state.shows_channel_tabs();
            let previous = std::mem::replace(&mut state.route, route);
            if previous == state.route || (was_showing_tabs && state.shows_channel_tabs()) {
                // A tab switch keeps the reader where they are, focus on the tab they chose.
                Vec::new()
            } else {
                vec![Effect::FocusHeading, Effect::ScrollTo(0.0)]
            }
        }
        Msg::Revisit { route, scroll_y } => {
            state.route = route;
            vec![Effect::FocusHeading, Effect::ScrollTo(scroll_y.max(0.0))]
        }
        Msg::MoveTab { tablist, key } => move_tab(state, &tablist, key),
        Msg::SetFontSize(font_size) => {
            state.prefs.font_size = font_size;
            vec![Effect::SavePrefs(state.prefs)]
        }
        Msg::SetTheme(theme) => {
            state.prefs.theme = theme;
            vec![Effect::SavePrefs(state.prefs)]
        }
    }
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
        Effect::Focus(crate::tabs::tab_id(CHANNEL_TABS, channel.id())),
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
