//! The browser entry point: fetches the bundle, turns events into [`Msg`]s, renders, and carries out [`Effect`]s.
//! Exists only on `wasm32`; every decision is made in [`crate::state`].

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo::events::{EventListener, EventListenerOptions};
use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::dom;
use crate::node::{self, Node};
use crate::route::Route;
use crate::state::{
    key_action, update, update_with, Capabilities, Effect, FontSize, KeyAction, KeyPress,
    LoadFailure, Msg, Prefs, State, Theme,
};
use crate::tabs;
use crate::text::Lang;
use crate::view;

mod engine;
mod load;

use load::{fetch_bytes, load_into, next_task, now, read_bundle, SLICE_MS};

/// The bundle shown when the page's URL has no `?bundle=`.
pub const DEFAULT_BUNDLE: &str = "bundles/sample.json";

/// Where the preferences are remembered, in `localStorage`.
const FONT_SIZE_KEY: &str = "article-viewer:font-size";
const THEME_KEY: &str = "article-viewer:theme";

/// How long typing must pause before the search runs.
const TYPING_DELAY_MS: u32 = 150;

/// How long scrolling must pause before its position is written into the history entry.
/// Writing on every scroll event would hit the browsers' limits on `history.replaceState`.
const SCROLL_SAVE_DELAY_MS: u32 = 150;

/// Starts the viewer in the page's `#app` element with the bundle named by `?bundle=`, or the sample bundle.
/// Called by `www/main.js`: the module itself starts nothing, so a partner page that loads it for
/// `<article-viewer>` keeps its own `#app`. `search` loads the search module and resolves to a new `Searcher`
/// (called once, when search is first needed or the browser is idle). `bundle`, when given, is the page's own
/// `fetch()` of the bundle this function picks, started while the wasm downloaded; it is used instead of a
/// fetch of its own. (Not a `<link rel=preload>`: WebKit never answers a fetch with a preload, and downloads
/// the file twice.)
#[cfg(feature = "reader")]
#[wasm_bindgen]
pub fn run(
    search: Option<js_sys::Function>,
    bundle: Option<js_sys::Promise>,
) -> Result<(), JsValue> {
    #[cfg(debug_assertions)]
    console_error_panic_hook();
    // A page without `#app` (such as the test runner's) only loads the module.
    let Some(root) = document().get_element_by_id("app") else {
        return Ok(());
    };
    let page_url = web_sys::Url::new(&window().location().href()?)?;
    // `?bundle=` wins; a static page names its own bundle; else the sample.
    let bundle_url = page_url
        .search_params()
        .get("bundle")
        .or_else(|| root.get_attribute("data-bundle"))
        .unwrap_or_else(|| DEFAULT_BUNDLE.to_owned());
    let app = App::with_search(root, search);
    wasm_bindgen_futures::spawn_local(async move {
        load_into(Rc::downgrade(&app.shared), bundle_url, bundle).await;
        // The viewer lives as long as the page.
        std::mem::forget(app);
    });
    Ok(())
}

/// The viewer of one `<article-viewer>` element (`www/embed.js`), mounted in `root` inside the element's shadow
/// root. The element frees it when it is removed or its attributes change; every viewer on a page shares this
/// module's one wasm instance.
#[cfg(feature = "reader")]
#[wasm_bindgen]
pub struct Embed {
    _app: App,
}

#[cfg(feature = "reader")]
#[wasm_bindgen]
impl Embed {
    /// Shows the bundle at `bundle` (absolute, or relative to the page): the article `article`, or without one
    /// the first channel; in the colour scheme `theme` (`auto`, `light` or `dark`); with the search box unless
    /// `search` is false; with the interface in the language `lang` (`zh`, the default, or `en`).
    /// `viewer_page` is the viewer's own page (`index.html` beside `embed.js`): links that leave the embed
    /// (sharing an article without a `url` of its own, a result in another bundle) lead there.
    /// `search_module` loads the search module, as for [`run`].
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root: web_sys::Element,
        bundle: &str,
        article: Option<String>,
        theme: Option<String>,
        search: bool,
        lang: Option<String>,
        viewer_page: Option<String>,
        search_module: Option<js_sys::Function>,
    ) -> Embed {
        let route = article.map_or(Route::Home, Route::Article);
        let prefs = Prefs {
            theme: theme
                .and_then(|name| Theme::parse(&name))
                .unwrap_or_default(),
            ..Prefs::default()
        };
        let lang = lang.and_then(|tag| Lang::parse(&tag)).unwrap_or_default();
        let app = App::embedded(root, route, prefs, search, lang, viewer_page, search_module);
        app.start_loading(bundle);
        Embed { _app: app }
    }
}

/// The page's stylesheet rewritten for a viewer in a shadow root (see [`crate::embed`]).
#[cfg(feature = "reader")]
#[wasm_bindgen]
pub fn embed_stylesheet(css: &str) -> String {
    crate::embed::stylesheet(css)
}

#[cfg(debug_assertions)]
fn console_error_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}

/// A viewer mounted in one element. Dropping it removes its listeners.
pub struct App {
    shared: Rc<Shared>,
    _listeners: Vec<EventListener>,
}

/// Where a viewer lives, which decides who owns the address bar and the scroll position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Host {
    /// A page of its own: routes are the location hash, Back and Forward move between them, scroll positions
    /// are restored, preferences remembered.
    Page,
    /// Inside another site's page (`<article-viewer>`): routes live in memory, and the page's address, history,
    /// scroll position and storage stay the partner's. Nothing listens on `window` or `document`.
    Embedded,
}

struct Shared {
    /// Itself, for work that finishes later (the clipboard) and must not keep the viewer alive.
    me: Weak<Shared>,
    host: Host,
    root: web_sys::Element,
    state: RefCell<State>,
    /// The tree the DOM inside `root` shows now, to patch against.
    rendered: RefCell<Option<Node>>,
    /// A pending write of the scroll position; dropping it cancels it.
    scroll_save: RefCell<Option<Timeout>>,
    /// A pending search while the reader is still typing; dropping it cancels it.
    typing: RefCell<Option<Timeout>>,
    /// Whether a slice of the search index build is on its way: one at a time.
    index_slice_scheduled: Cell<bool>,
    /// The work a slice of the index build is given, adapted so that a slice takes about [`SLICE_MS`].
    index_slice_budget: Cell<usize>,
    /// The search engine: its module, once loaded.
    engine: engine::Link,
}

impl App {
    /// [`App::with_search`] with the search engine built into this module, if any (the browser tests').
    pub fn new(root: web_sys::Element) -> App {
        App::with_search(root, None)
    }

    /// Shows the loading state in `root`, at the route of the location hash and with the remembered preferences,
    /// and follows the hash, clicks, keys and scrolling from now on. `search` loads the search module.
    pub fn with_search(root: web_sys::Element, search: Option<js_sys::Function>) -> App {
        if let Ok(history) = window().history() {
            // The viewer restores scroll positions itself, after it has rendered the view returned to.
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
        let state = State {
            route: route_at(&root),
            prefs: stored_prefs(),
            page_url: window().location().href().ok(),
            capabilities: Capabilities {
                native_share: navigator_has("share"),
            },
            ..State::default()
        };
        App::mount(root, Host::Page, state, search)
    }

    /// A viewer inside another site's page: it starts at `route` with `prefs`, routes in memory and leaves the
    /// page's address, history, scroll and storage alone. Links out of it lead to `viewer_page`. `search_module`
    /// loads the search module.
    pub fn embedded(
        root: web_sys::Element,
        route: Route,
        prefs: Prefs,
        search: bool,
        lang: Lang,
        viewer_page: Option<String>,
        search_module: Option<js_sys::Function>,
    ) -> App {
        let state = State {
            route,
            prefs,
            search_box: search,
            embedded: true,
            lang,
            page_url: viewer_page,
            capabilities: Capabilities {
                native_share: navigator_has("share"),
            },
            ..State::default()
        };
        App::mount(root, Host::Embedded, state, search_module)
    }

    fn mount(
        root: web_sys::Element,
        host: Host,
        state: State,
        search: Option<js_sys::Function>,
    ) -> App {
        let shared = Rc::new_cyclic(|me| Shared {
            me: me.clone(),
            host,
            root: root.clone(),
            state: RefCell::new(state),
            rendered: RefCell::new(None),
            scroll_save: RefCell::new(None),
            typing: RefCell::new(None),
            index_slice_scheduled: Cell::new(false),
            index_slice_budget: Cell::new(20_000),
            engine: engine::Link::new(search),
        });
        // A static page's own markup stays until the bundle is there to take it over.
        if !root.has_attribute(PRERENDERED) {
            shared.render();
        }
        let mut listeners = Vec::new();
        if host == Host::Page {
            listeners.push(listen(&window(), "hashchange", &shared, |shared, _| {
                shared.on_hashchange()
            }));
            listeners.push(listen(&window(), "scroll", &shared, |shared, _| {
                shared.on_scroll()
            }));
        }
        listeners.extend([
            listen(&root, "click", &shared, Shared::on_click),
            listen(&root, "keydown", &shared, Shared::on_keydown),
            listen(&root, "input", &shared, Shared::on_input),
            listen(&root, "focusin", &shared, Shared::on_focusin),
            listen(&root, "submit", &shared, Shared::on_submit),
        ]);
        App {
            shared,
            _listeners: listeners,
        }
    }

    /// Fetches the bundle at `url` (relative to the page) and shows it, or shows why it could not be.
    pub async fn load(&self, url: &str) {
        load_into(Rc::downgrade(&self.shared), url.to_owned(), None).await;
    }

    /// Starts loading the bundle at `url`; a viewer dropped meanwhile is not kept alive for it.
    fn start_loading(&self, url: &str) {
        wasm_bindgen_futures::spawn_local(load_into(
            Rc::downgrade(&self.shared),
            url.to_owned(),
            None,
        ));
    }

    /// Shows a bundle that JavaScript has already parsed, as if it had been fetched from `url`.
    pub fn show(&self, url: &str, json: &JsValue) {
        self.shared.dispatch(Msg::Fetch(url.to_owned()));
        let loaded = read_bundle(json).map_err(|error| LoadFailure::Bundle {
            url: url.to_owned(),
            error,
        });
        self.shared.dispatch(Msg::Load(loaded));
    }

    /// Applies a message, renders, and carries out its effects.
    pub fn dispatch(&self, msg: Msg) {
        self.shared.dispatch(msg);
    }
}

/// Listens on `target` for as long as the returned listener lives, without keeping the viewer alive.
fn listen(
    target: &web_sys::EventTarget,
    event_type: &'static str,
    shared: &Rc<Shared>,
    handler: fn(&Shared, &web_sys::Event),
) -> EventListener {
    let weak: Weak<Shared> = Rc::downgrade(shared);
    // Not passive: the key handler must be able to stop Home/End from scrolling the page.
    let options = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(target, event_type, options, move |event| {
        if let Some(shared) = weak.upgrade() {
            handler(&shared, event);
        }
    })
}

impl Shared {
    fn dispatch(&self, msg: Msg) {
        // Searches and showing a loaded bundle are timed for the browser's performance tools (and `make bench`):
        // the update as the message's measure, then the rendering after it as `article-viewer:render`.
        let timing = match &msg {
            Msg::SetQuery(_) => Some("article-viewer:search"),
            Msg::Load(_) => Some("article-viewer:show"),
            _ => None,
        };
        let performance = timing.and_then(|_| window().performance());
        if let (Some(name), Some(performance)) = (timing, &performance) {
            let _ = performance.mark(&format!("{name}:start"));
        }
        let effects = self.settle(msg);
        if let (Some(name), Some(performance)) = (timing, &performance) {
            let _ = performance.measure_with_start_mark(name, &format!("{name}:start"));
            let _ = performance.mark("article-viewer:render:start");
        }
        self.render();
        if let (Some(_), Some(performance)) = (timing, &performance) {
            let _ = performance
                .measure_with_start_mark("article-viewer:render", "article-viewer:render:start");
        }
        for effect in effects {
            self.apply(effect);
        }
    }

    /// Applies a message to the state, with the engine's answers to what it asks: the engine, once loaded,
    /// answers at once, so its replies are in the state before it is rendered. An engine that fails is reported
    /// as one that could not be loaded.
    fn settle(&self, msg: Msg) -> Vec<Effect> {
        let mut failed = None;
        let mut ask = |request| {
            self.engine.ask(&request).unwrap_or_else(|reason| {
                failed = Some(reason);
                Vec::new()
            })
        };
        let mut state = self.state.borrow_mut();
        let mut effects = update_with(&mut state, msg, &mut ask);
        if let Some(reason) = failed {
            effects.extend(update(&mut state, Msg::EngineLoaded(Err(reason))));
        }
        effects
    }

    /// Builds a slice of the search index, sized from the time the last one took. The build is timed, from its
    /// first slice to its last, as `article-viewer:index` for the browser's performance tools.
    fn build_index_slice(&self) {
        let performance = window().performance();
        let starting = self.state.borrow().search.sent == Some(0);
        if let (true, Some(performance)) = (starting, &performance) {
            let _ = performance.mark("article-viewer:index:start");
        }
        let was_built = self.state.borrow().search.built;
        let budget = self.index_slice_budget.get();
        let started = now();
        let effects = self.settle(Msg::BuildIndex { budget });
        let next_budget = budget as f64 * SLICE_MS / (now() - started).max(0.5);
        self.index_slice_budget
            .set(next_budget.clamp(1e3, 1e7) as usize);
        if !was_built && self.state.borrow().search.built {
            if let Some(performance) = &performance {
                let _ = performance
                    .measure_with_start_mark("article-viewer:index", "article-viewer:index:start");
            }
            // Nothing on screen waits for the index (a search builds what is left at once), but a render
            // keeps the view the state's, whatever it shows.
            self.render();
        }
        for effect in effects {
            self.apply(effect);
        }
    }

    fn render(&self) {
        let state = self.state.borrow();
        let mut rendered = self.rendered.borrow_mut();
        if self.root.has_attribute(PRERENDERED) {
            // Take over a static page's markup only once the whole bundle is read. Until then, or when the
            // bundle cannot be had, the page as written stays readable; a preview would show the same article
            // again, pushed down by a progress bar.
            if !state.is_loaded() {
                return;
            }
            // Its markup, read back, is what the DOM shows: patching from it changes only what differs.
            *rendered = self
                .root
                .first_element_child()
                .and_then(|element| dom::read(&element));
            let _ = self.root.remove_attribute(PRERENDERED);
        }
        let tree = view::page(&state);
        if let Err(error) = dom::patch_children(&self.root, rendered.as_ref(), &tree) {
            web_sys::console::error_1(&error);
        }
        *rendered = Some(tree);
        // The page's title and description are the viewer's only on a page of its own, never on a partner's.
        if self.host == Host::Page {
            document().set_title(&view::document_title(&state));
            set_description(&view::document_description(&state));
        }
    }

    fn apply(&self, effect: Effect) {
        match effect {
            Effect::ScrollTo(scroll_y) => window().scroll_to_with_x_and_y(0.0, scroll_y),
            Effect::FocusHeading => {
                let selector = format!("#{}", view::HEADING_ID);
                if let Ok(Some(heading)) = self.root.query_selector(&selector) {
                    focus_without_scrolling(&heading);
                }
            }
            Effect::Focus(id) => {
                // Looked up inside the viewer, not the document: ids need only be unique within one viewer.
                if let Ok(Some(element)) = self.root.query_selector(&format!("#{id}")) {
                    focus_without_scrolling(&element);
                }
            }
            Effect::SelectText(id) => {
                if let Ok(Some(element)) = self.root.query_selector(&format!("#{id}")) {
                    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                        focus_without_scrolling(input);
                        input.select();
                    }
                }
            }
            Effect::LockScroll(locked) => lock_scroll(locked),
            Effect::LoadEngine { idle } => self.engine.load(self.me.clone(), idle),
            // Asked of the engine in `settle`: none reach here.
            Effect::Engine(_) => {}
            Effect::ScheduleIndex => {
                // In a task of its own, after the browser has painted and taken input: the first view is on
                // screen before the index is started, and no slice holds the thread for long.
                if self.index_slice_scheduled.replace(true) {
                    return;
                }
                let weak = self.me.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    next_task().await;
                    if let Some(shared) = weak.upgrade() {
                        shared.index_slice_scheduled.set(false);
                        shared.build_index_slice();
                    }
                });
            }
            Effect::PushRoute(route) => {
                if let Ok(history) = window().history() {
                    save_scroll_position();
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&route.to_hash()));
                }
            }
            Effect::RevealFirstMark => {
                if let Ok(Some(mark)) = self.root.query_selector(view::MARKS) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    mark.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
            Effect::CopyText(text) => {
                // Asked now, while the click that asked for it is being handled: Safari allows clipboard
                // writes only from within the user's gesture.
                let written = navigator_has("clipboard")
                    .then(|| JsFuture::from(window().navigator().clipboard().write_text(&text)));
                let weak = self.me.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let copied = match written {
                        Some(written) => written.await.is_ok(),
                        None => false,
                    };
                    if let Some(shared) = weak.upgrade() {
                        shared.dispatch(Msg::CopyFinished { copied });
                    }
                });
            }
            Effect::FetchIndexFiles(files) => {
                // All at once: the browser fetches them in parallel, and each is searched with as it lands.
                for file in files {
                    let weak = self.me.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = fetch_bytes(&file.url, file.range).await;
                        if let Some(shared) = weak.upgrade() {
                            shared.dispatch(Msg::IndexFile {
                                name: file.name,
                                result,
                            });
                        }
                    });
                }
            }
            Effect::OpenShareSheet { title, url } => {
                let data = web_sys::ShareData::new();
                data.set_title(&title);
                data.set_url(&url);
                if navigator_has("share") {
                    // The reader may cancel the sheet; there is nothing to report either way.
                    let _ = window().navigator().share_with_data(&data);
                }
            }
            Effect::ReplaceRoute(route) => {
                if let Ok(history) = window().history() {
                    let _ =
                        history.replace_state_with_url(&scroll_state(), "", Some(&route.to_hash()));
                }
            }
            Effect::SavePrefs(prefs) => {
                // Storage can be refused (private modes, quotas); the choice then lasts for this visit only.
                let storage = LocalStorage::raw();
                let _ = storage.set_item(FONT_SIZE_KEY, prefs.font_size.as_str());
                let _ = storage.set_item(THEME_KEY, prefs.theme.as_str());
            }
        }
    }

    fn on_hashchange(&self) {
        self.scroll_save.borrow_mut().take();
        let route = route_at(&self.root);
        let saved_scroll = window()
            .history()
            .ok()
            .and_then(|history| history.state().ok())
            .and_then(|state| js_sys::Reflect::get(&state, &"scrollY".into()).ok())
            .and_then(|scroll_y| scroll_y.as_f64());
        let msg = match saved_scroll {
            Some(scroll_y) => Msg::Revisit { route, scroll_y },
            None => Msg::Navigate(route),
        };
        self.dispatch(msg);
    }

    fn on_scroll(&self) {
        let timeout = Timeout::new(SCROLL_SAVE_DELAY_MS, save_scroll_position);
        // Replacing the pending write cancels it: only the position where scrolling stops is written.
        *self.scroll_save.borrow_mut() = Some(timeout);
    }

    fn on_click(&self, event: &web_sys::Event) {
        let Some(target) = event_element(event) else {
            return;
        };
        if let Ok(Some(control)) = target.closest(node::CONTROL) {
            let action = control.get_attribute(node::ACTION).unwrap_or_default();
            let value = control
                .get_attribute(node::ACTION_VALUE)
                .unwrap_or_default();
            if let Some(msg) = Msg::for_action(&action, &value) {
                self.dispatch(msg);
            }
        } else if let Ok(Some(link)) = target.closest(view::ROUTE_LINK) {
            if self.host == Host::Embedded {
                // In memory: following the link would change the partner page's address.
                event.prevent_default();
                let href = link.get_attribute("href").unwrap_or_default();
                self.dispatch(Msg::Navigate(Route::parse(&href)));
                return;
            }
            // The reader leaves this view: remember where it was scrolled, for the way back.
            self.scroll_save.borrow_mut().take();
            save_scroll_position();
        }
    }

    fn on_input(&self, event: &web_sys::Event) {
        let Some(input) = search_input(event) else {
            return;
        };
        let weak = self.me.clone();
        let timeout = Timeout::new(TYPING_DELAY_MS, move || {
            if let Some(shared) = weak.upgrade() {
                shared.dispatch(Msg::SetQuery(input.value()));
            }
        });
        // Replacing the pending search cancels it: only the pause after typing searches.
        *self.typing.borrow_mut() = Some(timeout);
    }

    fn on_focusin(&self, event: &web_sys::Event) {
        // The site's index, if any, starts loading when the reader is about to search, not before.
        if search_input(event).is_some() {
            self.dispatch(Msg::SearchFocused);
        }
    }

    fn on_submit(&self, event: &web_sys::Event) {
        event.prevent_default();
        let input = event_element(event)
            .and_then(|form| {
                form.query_selector(&format!("#{}", view::SEARCH_INPUT_ID))
                    .ok()
                    .flatten()
            })
            .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            self.typing.borrow_mut().take();
            self.dispatch(Msg::SetQuery(input.value()));
        }
    }

    fn on_keydown(&self, event: &web_sys::Event) {
        let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let tablist = event_element(event)
            .and_then(|target| target.closest(tabs::TAB).ok().flatten())
            .and_then(|tab| tab.parent_element())
            .and_then(|list| list.get_attribute(tabs::TABLIST));
        let key = event.key();
        let press = KeyPress {
            key: &key,
            shift: event.shift_key(),
            modified: event.alt_key() || event.ctrl_key() || event.meta_key(),
            tablist: tablist.as_deref(),
        };
        let action = key_action(&self.state.borrow(), &press);
        match action {
            Some(KeyAction::Send(msg)) => {
                event.prevent_default();
                self.dispatch(msg);
            }
            Some(KeyAction::KeepFocusIn { backwards }) => {
                if let Ok(Some(dialog)) = self.root.query_selector(view::DIALOG) {
                    if dom::cycle_focus(&dialog, backwards) {
                        event.prevent_default();
                    }
                }
            }
            None => {}
        }
    }
}

/// Whether `navigator` has this member: the Clipboard API is missing outside secure contexts, and the
/// system share sheet in most desktop browsers. Calling a missing one would throw.
fn navigator_has(name: &str) -> bool {
    js_sys::Reflect::get(&window().navigator(), &name.into())
        .is_ok_and(|member| !member.is_undefined())
}

/// Stops the page behind a modal dialog from scrolling, or lets it scroll again.
/// Set through the CSSOM, which CSP's `style-src` allows, on the document element, which a partner's styles
/// cannot override for an embedded viewer.
fn lock_scroll(locked: bool) {
    let Some(html) = document()
        .document_element()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = html.style();
    let _ = if locked {
        style.set_property("overflow", "hidden")
    } else {
        style.remove_property("overflow").map(|_| ())
    };
}

/// The search box, when it is what an event happened to.
fn search_input(event: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
    let input = event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    (input.id() == view::SEARCH_INPUT_ID).then_some(input)
}

fn event_element(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.target()?.dyn_into::<web_sys::Element>().ok()
}

fn focus_without_scrolling(element: &web_sys::Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}

/// `{ scrollY }` of the page now, the state kept in each history entry.
fn scroll_state() -> JsValue {
    let state = js_sys::Object::new();
    let scroll_y = window().scroll_y().unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&state, &"scrollY".into(), &scroll_y.into());
    state.into()
}

fn save_scroll_position() {
    if let Ok(history) = window().history() {
        let _ = history.replace_state(&scroll_state(), "");
    }
}

fn stored_prefs() -> Prefs {
    let storage = LocalStorage::raw();
    let stored = |key: &str| storage.get_item(key).ok().flatten();
    Prefs {
        font_size: stored(FONT_SIZE_KEY)
            .and_then(|name| FontSize::parse(&name))
            .unwrap_or_default(),
        theme: stored(THEME_KEY)
            .and_then(|name| Theme::parse(&name))
            .unwrap_or_default(),
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

/// The route of the location hash; without one, a static page's own route (its `data-route`), else home.
fn route_at(root: &web_sys::Element) -> Route {
    let hash = window().location().hash().unwrap_or_default();
    match root.get_attribute("data-route") {
        Some(own) if hash.is_empty() || hash == "#" => Route::parse(&own),
        _ => Route::parse(&hash),
    }
}

/// Sets the page's `<meta name="description">`, adding it when the page has none, so that search engines and link
/// previews describe what is shown.
fn set_description(text: &str) {
    let document = document();
    let meta = match document.query_selector("meta[name=description]") {
        Ok(Some(meta)) => meta,
        _ => {
            let Ok(meta) = document.create_element("meta") else {
                return;
            };
            let _ = meta.set_attribute("name", "description");
            if let Some(head) = document.head() {
                let _ = head.append_child(&meta);
            }
            meta
        }
    };
    let _ = meta.set_attribute("content", text);
}

/// Marks a mount point whose content a static page (`article-viewer render`) wrote.
const PRERENDERED: &str = "data-prerendered";

/// What a JavaScript exception says.
fn js_message(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => error
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned()),
    }
}
