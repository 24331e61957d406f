//! The search module's entry point: the [`crate::engine::Engine`] as a JavaScript class, `Searcher`, that takes a
//! request as bytes and returns its replies as bytes (see [`crate::engine::wire`]).
//!
//! Built into its own wasm module (`--features engine`), which the reader loads when search is first needed;
//! the browser tests build it into the reader's, and the reader uses it from there when no module is given.

use wasm_bindgen::prelude::*;

use crate::engine::{Engine, Reply, Request};

/// One viewer's search engine.
#[wasm_bindgen]
#[derive(Default)]
pub struct Searcher {
    engine: Engine,
}

#[wasm_bindgen]
impl Searcher {
    /// An engine that knows no articles yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Answers a request with its replies, both as bytes. Bytes that are not a request get no replies.
    pub fn handle(&mut self, request: &[u8]) -> Vec<u8> {
        let replies = match Request::decode(request) {
            Some(request) => self.engine.handle(request),
            None => Vec::new(),
        };
        Reply::encode_all(&replies)
    }
}
