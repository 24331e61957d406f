//! The reader's side of the search engine: loading its module, when the browser is idle or at once when a search
//! waits for it, and asking it. The module is loaded by a function the page gives the viewer (`www/main.js`,
//! `www/embed.js`: a dynamic `import()`, or the classic script from `file://`), which resolves to a `Searcher`
//! ([`crate::searcher`]); requests and replies cross as bytes.

use std::cell::RefCell;
use std::rc::Weak;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{js_message, window, Shared};
use crate::engine::{Reply, Request};
use crate::state::Msg;

/// How long a browser without `requestIdleCallback` (Safari) waits before loading the engine anyway.
const IDLE_FALLBACK_MS: i32 = 500;

#[wasm_bindgen]
extern "C" {
    /// A `Searcher` of the search module, as the reader calls it.
    pub type SearcherHandle;

    /// Answers request bytes with reply bytes.
    #[wasm_bindgen(method, catch)]
    fn handle(this: &SearcherHandle, request: &[u8]) -> Result<Vec<u8>, JsValue>;
}

/// The search engine of one viewer, as far as it has come.
pub(super) struct Link {
    /// Loads the module and resolves to a new `Searcher`; none when the page gave none.
    loader: Option<js_sys::Function>,
    stage: RefCell<Stage>,
}

enum Stage {
    /// Not asked for, or asked for once the browser is idle (and not yet started).
    Waiting,
    Loading,
    Ready(SearcherHandle),
    /// It could not be loaded, or stopped answering: nothing more is asked of it.
    Gone,
}

impl Link {
    pub(super) fn new(loader: Option<js_sys::Function>) -> Link {
        Link {
            loader,
            stage: RefCell::new(Stage::Waiting),
        }
    }

    /// Loads the engine for the viewer `viewer`, now or once the browser is idle, unless that has begun already.
    pub(super) fn load(&self, viewer: Weak<Shared>, idle: bool) {
        if !matches!(*self.stage.borrow(), Stage::Waiting) {
            return;
        }
        if !idle {
            self.start(viewer);
            return;
        }
        // Started at most once: by the idle callback, or earlier by a search (the callback then finds it begun).
        let later = Closure::once_into_js(move || {
            if let Some(shared) = viewer.upgrade() {
                shared.engine.load(Weak::clone(&viewer), false);
            }
        });
        let callback: &js_sys::Function = later.unchecked_ref();
        let idle_callback = js_sys::Reflect::has(&window(), &"requestIdleCallback".into())
            .unwrap_or(false)
            && window().request_idle_callback(callback).is_ok();
        if !idle_callback {
            let _ = window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(callback, IDLE_FALLBACK_MS);
        }
    }

    fn start(&self, viewer: Weak<Shared>) {
        *self.stage.borrow_mut() = Stage::Loading;
        let loading = match &self.loader {
            Some(loader) => loader
                .call0(&JsValue::UNDEFINED)
                .map(|promise| JsFuture::from(js_sys::Promise::resolve(&promise))),
            None => Err(JsValue::UNDEFINED),
        };
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = match loading {
                Ok(future) => future.await,
                Err(error) if error.is_undefined() => built_in(),
                Err(error) => Err(error),
            };
            let Some(shared) = viewer.upgrade() else {
                return;
            };
            let result = match loaded {
                Ok(searcher) => {
                    *shared.engine.stage.borrow_mut() = Stage::Ready(searcher.unchecked_into());
                    Ok(())
                }
                Err(error) => {
                    *shared.engine.stage.borrow_mut() = Stage::Gone;
                    Err(js_message(&error))
                }
            };
            shared.dispatch(Msg::EngineLoaded(result));
        });
    }

    /// The engine's replies to `request`; none when it is not loaded, or fails (it is then given up, and the
    /// failure reported to the viewer as a failed load).
    pub(super) fn ask(&self, request: &Request) -> Result<Vec<Reply>, String> {
        let stage = self.stage.borrow();
        let Stage::Ready(searcher) = &*stage else {
            return Ok(Vec::new());
        };
        let replies = searcher
            .handle(&request.encode())
            .map_err(|error| js_message(&error))
            .and_then(|bytes| {
                Reply::decode_all(&bytes).ok_or_else(|| "unreadable replies".to_owned())
            });
        drop(stage);
        if replies.is_err() {
            *self.stage.borrow_mut() = Stage::Gone;
        }
        replies
    }
}

/// Without a loader, the engine built into this module, if it has one (the browser tests'); else search is
/// unavailable.
fn built_in() -> Result<JsValue, JsValue> {
    #[cfg(feature = "engine")]
    {
        Ok(crate::searcher::Searcher::new().into())
    }
    #[cfg(not(feature = "engine"))]
    {
        Err("the page gave the viewer no search module".into())
    }
}
