//! article-viewer shows news article bundles in the browser.
//!
//! The crate is a pure core, tested natively, and a thin browser layer that exists only on `wasm32`. Modules
//! depend on the ones listed before them, never on those after (`tests/architecture.rs` checks it):
//!
//! - [`node`] is the node tree every view is made of, printed as HTML; [`url`] decides which URLs may reach an
//!   `href` or `src`; [`text`] holds the interface's words, in Chinese and English;
//! - [`bundle`] reads and validates article bundles (JSON) into [`bundle::Bundle`], with errors naming their path;
//! - [`route`] reads and writes the places of the viewer as URL hashes;
//! - [`markdown`] turns an article body into nodes; its [`markdown::cjk`] classes East Asian characters;
//! - [`qr`] draws QR codes; [`tabs`] is the one tab-list component (WAI-ARIA tabs pattern);
//! - [`search`] indexes articles and finds them, exact on Chinese; [`engine`] is search as a state machine
//!   answering requests, the separate wasm module the reader loads when search is first needed;
//! - [`share`] builds article and share links;
//! - [`state`] holds what the reader sees and changes it in response to a [`state::Msg`];
//! - [`view`] builds the page from the state; [`embed`] fits the stylesheet to a viewer in another site's page.
//!
//! Natively, [`cli`] is the `article-viewer` command (check, pack, import, render, split, index, offline).
//!
//! The browser layer (`dom`, `app`) mounts node trees with `createElement`/`createTextNode` and never parses HTML.
//! It is two wasm modules built from this crate: the reader (`--features reader`: `app`) that every page loads,
//! and the search engine (`--features engine`: `searcher`) that the reader loads when search is first needed.

#![forbid(unsafe_code)]

pub mod bundle;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod embed;
pub mod engine;
pub mod fetch;
pub mod markdown;
pub mod node;
pub mod qr;
pub mod route;
pub mod search;
pub mod share;
pub mod state;
pub mod tabs;
pub mod text;
pub mod url;
pub mod view;

#[cfg(all(target_arch = "wasm32", feature = "reader"))]
pub mod app;
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
mod dom;
#[cfg(all(target_arch = "wasm32", feature = "engine"))]
pub mod searcher;
