//! article-viewer shows news article bundles in the browser.
//!
//! The crate is a pure core, tested natively, and a thin browser layer that exists only on `wasm32`:
//!
//! - [`bundle`] reads and validates article bundles (JSON) into [`bundle::Bundle`];
//! - [`markdown`] turns an article body into a [`view::Node`] tree;
//! - [`view`] builds the page as a node tree and prints it as HTML;
//! - [`state`] holds what the reader sees and changes it in response to a [`state::Msg`];
//! - [`tabs`] is the one tab-list component (WAI-ARIA tabs pattern);
//! - [`search`] indexes articles and finds them, exact on Chinese, with excerpts and highlights;
//! - [`share`] builds share links and the share overlay, with QR codes from [`qr`];
//! - [`url`] decides which URLs may reach an `href` or `src`, and resolves relative ones;
//! - [`text`] holds the interface's words, in Chinese and English;
//! - [`embed`] makes the page's stylesheet fit a viewer embedded in another site's page.
//!
//! Natively, [`cli`] is the `article-viewer` command (check, pack, import, render).
//!
//! The browser layer (`dom`, `app`) mounts node trees with `createElement`/`createTextNode` and never parses HTML.

#![forbid(unsafe_code)]

pub mod bundle;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod embed;
pub mod error;
pub mod markdown;
pub mod qr;
pub mod search;
pub mod share;
pub mod state;
pub mod tabs;
pub mod text;
pub mod url;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod dom;
