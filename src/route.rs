//! Places in the viewer and the URL hashes that lead to them: `#/article/<id>`, `#/channel/<id>`, `#/search?q=…`.
//!
//! A hash can come from anywhere (a link, a partner, an attacker): reading one never fails and never panics.

use crate::url;

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
    /// `#/search?q=<query>`: the articles matching a query.
    Search(String),
    /// `#/article/<id>?q=<query>`: an article opened from search results, the query's occurrences marked.
    Match {
        /// The article's id.
        article: String,
        /// The query.
        query: String,
    },
}

impl Route {
    /// Reads a location hash such as `#/article/jin-shaan-2023`; ids may be percent-encoded.
    /// Anything unrecognised is the home page: a hash from anywhere must never break the viewer.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let path = path.strip_prefix('/').unwrap_or(path);
        let (kind, id) = path.split_once('/').unwrap_or((path, ""));
        let id = url::decode_component(id.trim_end_matches('/'));
        // `q` as in a form's query string: `+` is a space.
        let searched = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("q="))
            .map(|value| url::decode_component(&value.replace('+', " ")))
            .filter(|value| !value.trim().is_empty());
        match (kind, searched) {
            ("article", Some(query)) if !id.is_empty() => Route::Match { article: id, query },
            ("article", None) if !id.is_empty() => Route::Article(id),
            ("channel", _) if !id.is_empty() => Route::Channel(id),
            ("search", query) if id.is_empty() => Route::Search(query.unwrap_or_default()),
            _ => Route::Home,
        }
    }

    /// The hash that leads here, such as `#/article/jin-shaan-2023`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Article(id) => format!("#/article/{}", url::encode_component(id)),
            Route::Channel(id) => format!("#/channel/{}", url::encode_component(id)),
            Route::Search(query) if query.trim().is_empty() => "#/search".to_owned(),
            Route::Search(query) => format!("#/search?q={}", url::encode_component(query)),
            Route::Match { article, query } => format!(
                "#/article/{}?q={}",
                url::encode_component(article),
                url::encode_component(query)
            ),
        }
    }

    /// The query this route shows or highlights, if any.
    pub fn query(&self) -> Option<&str> {
        match self {
            Route::Search(query) | Route::Match { query, .. } => Some(query),
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
