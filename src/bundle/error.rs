//! Errors found while reading a bundle, each with the JSON path where it was found.
//!
//! Messages are meant for the editor who wrote the bundle: they name the path, say what was expected and show what was found.

use std::borrow::Cow;
use std::fmt;

/// A problem at one place of a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    path: String,
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not JSON; carries the JSON parser's own message.
    Syntax(String),
    /// The JSON nests deeper than [`super::MAX_DEPTH`] levels.
    TooDeep,
    /// A required field is absent or `null`.
    Missing {
        /// What the field should hold, such as "a non-empty string".
        expected: &'static str,
    },
    /// A value of the wrong type or shape.
    Invalid {
        /// What the field should hold.
        expected: Cow<'static, str>,
        /// A short description of what it holds, such as `"invest"` or `an array`.
        found: String,
    },
    /// The bundle's `version` is not one this viewer reads.
    UnsupportedVersion {
        /// A short description of the version found.
        found: String,
    },
    /// An id that an earlier entry already uses.
    Duplicate {
        /// The path of the earlier entry, such as `articles[1]`.
        first: String,
    },
}

impl Error {
    /// Makes an error at `path`, a JSON path such as `articles[3].published` (empty for the whole document).
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Error {
        Error {
            path: path.into(),
            kind,
        }
    }

    /// The JSON path of the problem, such as `articles[3].published`; empty for the document as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        match &self.kind {
            ErrorKind::Syntax(message) => write!(f, "not valid JSON: {message}"),
            ErrorKind::TooDeep => {
                write!(f, "nested deeper than {} levels", super::MAX_DEPTH)
            }
            ErrorKind::Missing { expected } => write!(f, "missing; expected {expected}"),
            ErrorKind::Invalid { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::UnsupportedVersion { found } => write!(
                f,
                "this viewer reads version {} bundles, found {found}",
                super::FORMAT_VERSION
            ),
            ErrorKind::Duplicate { first } => write!(f, "already used by {first}"),
        }
    }
}

impl std::error::Error for Error {}
