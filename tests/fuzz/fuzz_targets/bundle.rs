//! Any bytes as a bundle: parsing never panics, and what parses renders every view without panicking.
#![no_main]

use article_viewer::bundle::from_json;
use article_viewer::state::{update, Msg, State};
use article_viewer::route::Route;
use article_viewer::node::to_html;
use article_viewer::view::page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok((bundle, diagnostics)) = from_json(text) else {
        return;
    };
    let routes: Vec<Route> = bundle
        .articles()
        .iter()
        .take(4)
        .map(|article| Route::Article(article.id().to_owned()))
        .chain([Route::Home, Route::Search("的".to_owned())])
        .collect();
    let mut state = State::default();
    update(&mut state, Msg::Load(Ok((bundle, diagnostics))));
    for route in routes {
        update(&mut state, Msg::Navigate(route));
        let _ = to_html(&page(&state));
    }
});
