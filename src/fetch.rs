//! What can go wrong when the viewer gets a file (a bundle, a piece of the site's index), as data: the browser
//! layer reports it, and the view words it in the interface's language.

use crate::text::Text;

/// Why a file could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The address is not a URL.
    InvalidUrl,
    /// The request failed: offline, refused by the server's CORS headers or the page's policy. The browser's
    /// own message, for whoever fixes it.
    Network(String),
    /// The server answered with an error status.
    Http {
        /// The status code, such as 404.
        status: u16,
        /// The status text, such as `Not Found` (HTTP/2 has none).
        status_text: String,
    },
    /// The response broke off or could not be read; the browser's message.
    Read(String),
    /// Larger than a browser can hold in one piece (4 GiB).
    TooBig,
    /// A page opened from `file://` without the `main.js` that reads files there.
    NoFileReader,
    /// Compressed data that did not decompress; the browser's message.
    Decompress(String),
    /// The file arrived but is not what it should be, such as a search index this viewer cannot read.
    Unreadable,
}

impl FetchError {
    /// What went wrong, in the interface's language.
    pub fn describe(&self, t: &Text) -> String {
        let (what, detail) = match self {
            FetchError::InvalidUrl => (t.invalid_url, None),
            FetchError::Network(detail) => (t.network_failed, Some(detail)),
            FetchError::Http {
                status,
                status_text,
            } => {
                // HTTP/2 has no status text.
                let separator = if status_text.is_empty() { "" } else { " " };
                return format!("HTTP {status}{separator}{status_text}");
            }
            FetchError::Read(detail) => (t.read_failed, Some(detail)),
            FetchError::TooBig => (t.file_too_big, None),
            FetchError::NoFileReader => (t.no_file_reader, None),
            FetchError::Decompress(detail) => (t.decompress_failed, Some(detail)),
            FetchError::Unreadable => (t.not_an_index_file, None),
        };
        match detail {
            Some(detail) => [what, t.aside.0, detail, t.aside.1].concat(),
            None => what.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn every_problem_is_worded_in_each_language() {
        let problems = [
            FetchError::InvalidUrl,
            FetchError::Network("Failed to fetch".to_owned()),
            FetchError::Http {
                status: 404,
                status_text: "Not Found".to_owned(),
            },
            FetchError::Read("aborted".to_owned()),
            FetchError::TooBig,
            FetchError::NoFileReader,
            FetchError::Decompress("bad header".to_owned()),
            FetchError::Unreadable,
        ];
        for problem in &problems {
            let chinese = problem.describe(Lang::Zh.text());
            let english = problem.describe(Lang::En.text());
            assert!(!chinese.is_empty() && !english.is_empty(), "{problem:?}");
            assert!(english.is_ascii(), "{problem:?}: {english}");
        }
        let http = FetchError::Http {
            status: 500,
            status_text: String::new(),
        };
        assert_eq!(http.describe(Lang::En.text()), "HTTP 500");
        assert_eq!(
            FetchError::Network("Failed to fetch".to_owned()).describe(Lang::En.text()),
            "network error, or the server refused a cross-origin request (Failed to fetch)"
        );
    }
}
