//! What the reader sees, and how it changes: [`State`], [`Msg`] and [`update`].
//!
//! The browser layer turns events (the bundle arrived, the hash changed) into messages; nothing here touches the page.

use std::fmt;

use crate::bundle::{Bundle, Diagnostic};
use crate::error::Error;
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
    /// No hash: the first article.
    #[default]
    Home,
    /// `#/article/<id>`.
    Article(String),
    /// `#/channel/<id>`.
    Channel(String),
}

impl Route {
    /// Reads a location hash such as `#/article/jin-shaan-2023`. Anything unrecognised is the home page.
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.strip_prefix('/').unwrap_or(path);
        let (kind, id) = path.split_once('/').unwrap_or((path, ""));
        let id = id.trim_end_matches('/');
        match kind {
            "article" if !id.is_empty() => Route::Article(id.to_owned()),
            "channel" if !id.is_empty() => Route::Channel(id.to_owned()),
            _ => Route::Home,
        }
    }

    /// The hash that leads here, such as `#/article/jin-shaan-2023`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Article(id) => format!("#/article/{id}"),
            Route::Channel(id) => format!("#/channel/{id}"),
        }
    }
}

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The bundle arrived, or could not be had.
    Load(Result<(Bundle, Vec<Diagnostic>), LoadFailure>),
    /// The reader went somewhere (a link, the back button, a typed hash).
    Navigate(Route),
}

/// Applies a message.
pub fn update(state: &mut State, msg: Msg) {
    match msg {
        Msg::Load(Ok((bundle, diagnostics))) => {
            state.load = Load::Ready {
                bundle,
                diagnostics,
            }
        }
        Msg::Load(Err(failure)) => state.load = Load::Failed(failure),
        Msg::Navigate(route) => state.route = route,
    }
}

impl State {
    /// What the current route shows in `bundle`.
    pub fn shown<'b>(&self, bundle: &'b Bundle) -> Shown<'b> {
        match &self.route {
            Route::Home => match bundle.articles().first() {
                Some(article) => Shown::Article(article),
                None => Shown::Empty,
            },
            Route::Article(id) => bundle.article(id).map_or(Shown::NotFound, Shown::Article),
            Route::Channel(id) => bundle.channel(id).map_or(Shown::NotFound, Shown::Channel),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_read_from_the_hash() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(
            Route::parse("#/article/jin-shaan-2023"),
            Route::Article("jin-shaan-2023".into())
        );
        assert_eq!(Route::parse("#/article/x/"), Route::Article("x".into()));
        assert_eq!(
            Route::parse("#/channel/focus"),
            Route::Channel("focus".into())
        );
        assert_eq!(Route::parse("#/article/"), Route::Home);
        assert_eq!(Route::parse("#/somewhere/else"), Route::Home);
        assert_eq!(Route::parse("#<script>"), Route::Home);
    }

    #[test]
    fn routes_round_trip_through_the_hash() {
        for route in [
            Route::Home,
            Route::Article("a_b-1".into()),
            Route::Channel("focus".into()),
        ] {
            assert_eq!(Route::parse(&route.to_hash()), route);
        }
    }
}
