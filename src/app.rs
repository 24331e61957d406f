//! The browser entry point: fetches the bundle, turns events into [`Msg`]s, and renders. Exists only on `wasm32`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::bundle::{self, Bundle, Diagnostic, Value};
use crate::dom;
use crate::error::{Error, ErrorKind};
use crate::state::{update, LoadFailure, Msg, Route, State};
use crate::view;

/// The bundle shown when the page's URL has no `?bundle=`.
pub const DEFAULT_BUNDLE: &str = "bundles/sample.json";

/// Starts the viewer in the page's `#app` element with the bundle named by `?bundle=`, or the sample bundle.
#[wasm_bindgen(start)]
pub fn run() -> Result<(), JsValue> {
    #[cfg(debug_assertions)]
    console_error_panic_hook();
    // A page without `#app` (such as the test runner's) only loads the module.
    let Some(root) = document().get_element_by_id("app") else {
        return Ok(());
    };
    let page_url = web_sys::Url::new(&window().location().href()?)?;
    let bundle_url = page_url
        .search_params()
        .get("bundle")
        .unwrap_or_else(|| DEFAULT_BUNDLE.to_owned());
    let app = App::new(root);
    wasm_bindgen_futures::spawn_local(async move {
        app.load(&bundle_url).await;
        // The viewer lives as long as the page.
        std::mem::forget(app);
    });
    Ok(())
}

#[cfg(debug_assertions)]
fn console_error_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}

/// A viewer mounted in one element. Dropping it stops it following the location hash.
pub struct App {
    shared: Rc<Shared>,
    _hashchange: EventListener,
}

struct Shared {
    root: web_sys::Element,
    state: RefCell<State>,
}

impl App {
    /// Shows the loading state in `root`, at the route of the location hash, and follows the hash from now on.
    pub fn new(root: web_sys::Element) -> App {
        let state = State {
            route: current_route(),
            ..State::default()
        };
        let shared = Rc::new(Shared {
            root,
            state: RefCell::new(state),
        });
        shared.render();
        let weak: Weak<Shared> = Rc::downgrade(&shared);
        let hashchange = EventListener::new(&window(), "hashchange", move |_| {
            if let Some(shared) = weak.upgrade() {
                shared.dispatch(Msg::Navigate(current_route()));
                shared.focus_heading();
            }
        });
        App {
            shared,
            _hashchange: hashchange,
        }
    }

    /// Fetches the bundle at `url` (relative to the page) and shows it, or shows why it could not be.
    pub async fn load(&self, url: &str) {
        let absolute_url =
            match web_sys::Url::new_with_base(url, &window().location().href().unwrap_or_default())
            {
                Ok(parsed) => parsed.href(),
                Err(_) => {
                    let failure = LoadFailure::Fetch {
                        url: url.to_owned(),
                        reason: "不是有效的网址".to_owned(),
                    };
                    self.shared.dispatch(Msg::Load(Err(failure)));
                    return;
                }
            };
        self.shared.state.borrow_mut().bundle_url = Some(absolute_url.clone());
        let loaded = fetch_json(&absolute_url).await.and_then(|json| {
            read_bundle(&json).map_err(|error| LoadFailure::Bundle {
                url: absolute_url.clone(),
                error,
            })
        });
        self.shared.dispatch(Msg::Load(loaded));
    }

    /// Shows a bundle that JavaScript has already parsed, as if it had been fetched from `url`.
    pub fn show(&self, url: &str, json: &JsValue) {
        self.shared.state.borrow_mut().bundle_url = Some(url.to_owned());
        let loaded = read_bundle(json).map_err(|error| LoadFailure::Bundle {
            url: url.to_owned(),
            error,
        });
        self.shared.dispatch(Msg::Load(loaded));
    }

    /// Applies a message and renders the result.
    pub fn dispatch(&self, msg: Msg) {
        self.shared.dispatch(msg);
    }
}

impl Shared {
    fn dispatch(&self, msg: Msg) {
        update(&mut self.state.borrow_mut(), msg);
        self.render();
    }

    fn render(&self) {
        let state = self.state.borrow();
        if let Err(error) = dom::replace_children(&self.root, &view::page(&state)) {
            web_sys::console::error_1(&error);
        }
        document().set_title(&view::document_title(&state));
    }

    /// After navigation the reader continues at the new page's heading, as after a page load.
    fn focus_heading(&self) {
        let selector = format!("#{}", view::HEADING_ID);
        if let Ok(Some(heading)) = self.root.query_selector(&selector) {
            if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
                let _ = heading.focus();
            }
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect_throw("the viewer runs in a window")
}

fn document() -> web_sys::Document {
    window()
        .document()
        .expect_throw("the window has a document")
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// Fetches `url` and parses it with the browser's own JSON parser.
async fn fetch_json(url: &str) -> Result<JsValue, LoadFailure> {
    let fetch_failure = |reason: String| LoadFailure::Fetch {
        url: url.to_owned(),
        reason,
    };
    let response = JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(|error| {
            fetch_failure(format!(
                "网络错误或跨域请求被拒绝（{}）",
                js_message(&error)
            ))
        })?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(fetch_failure(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    }
    .map_err(|error| fetch_failure(format!("读取失败（{}）", js_message(&error))))?;
    let text = text.as_string().unwrap_or_default();
    js_sys::JSON::parse(&text).map_err(|error| LoadFailure::Bundle {
        url: url.to_owned(),
        error: Error::new("", ErrorKind::Syntax(js_message(&error))),
    })
}

/// Reads a parsed JSON document as a bundle, through the same validation as everywhere else.
fn read_bundle(json: &JsValue) -> Result<(Bundle, Vec<Diagnostic>), Error> {
    let value: Value = serde_wasm_bindgen::from_value(json.clone()).map_err(|error| {
        let message = error.to_string();
        if message.contains(bundle::TOO_DEEP_MESSAGE) {
            Error::new("", ErrorKind::TooDeep)
        } else {
            Error::new("", ErrorKind::Syntax(message))
        }
    })?;
    bundle::from_value(&value)
}

fn js_message(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => error
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned()),
    }
}
