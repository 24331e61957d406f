//! Search benchmark (not a test): `make bench-search`, or `cargo bench --bench search --features corpus`.
//!
//! On a generated corpus of 10,000 Chinese articles of about 1,500 characters, reports how long the index takes to
//! build, how much memory it holds, and the latency of 200 queries (p50/p95). It also writes the corpus as a bundle
//! to `target/bench/corpus-10000.json` and its queries to `target/bench/queries.json`, for the same measurement in
//! headless Chromium (tests/e2e/search-bench.mjs).

use std::time::Instant;

use article_viewer::bundle::from_json;
use article_viewer::search::corpus::{bundle_json, Rng};
use article_viewer::search::{chunks, Index, Query, SearchText};

const ARTICLES: usize = 10_000;
const BODY_CHARS: usize = 1_500;
const QUERIES: usize = 200;

fn main() {
    let json = bundle_json(ARTICLES, BODY_CHARS, 2024);
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench can be made");
    std::fs::write(out.join("corpus-10000.json"), &json).expect("the corpus can be written");

    let (bundle, _) = from_json(&json).expect("the generated bundle parses");
    let articles = bundle.articles();
    if std::env::var_os("PROFILE").is_some() {
        profile(articles);
    }
    let started = Instant::now();
    let index = Index::build(articles);
    let build = started.elapsed();

    let queries = queries(articles);
    let queries_json = format!(
        "[{}]",
        queries
            .iter()
            .map(|query| format!("{query:?}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    std::fs::write(out.join("queries.json"), queries_json).expect("the queries can be written");
    let published = |article: usize| articles[article].published().unix_seconds();
    let mut latencies = Vec::with_capacity(queries.len());
    let mut total_hits = 0;
    for query in &queries {
        let started = Instant::now();
        let parsed = Query::parse(query);
        let hits = index.search(&parsed, &published, 10);
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        total_hits += hits.len();
        if std::env::var_os("PROFILE").is_some() && latencies.last().is_some_and(|&ms| ms > 8.0) {
            println!(
                "  (profile) slow: {query:?} {:.1} ms, {} hits",
                latencies.last().copied().unwrap_or_default(),
                hits.len()
            );
        }
    }
    latencies.sort_by(f64::total_cmp);
    let percentile = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    let body_chars: usize = articles
        .iter()
        .map(|article| SearchText::of(article).text.chars().count())
        .sum();
    println!("search benchmark, native (release)");
    println!(
        "  corpus: {} articles, {} searchable characters in all",
        articles.len(),
        body_chars
    );
    println!("  index build: {:.0} ms", build.as_secs_f64() * 1000.0);
    println!(
        "  index memory: {:.1} MB ({} bytes)",
        index.heap_bytes() as f64 / 1e6,
        index.heap_bytes()
    );
    let (char_keys, word_keys, arena) = index.shape();
    println!(
        "  keys: {char_keys} character keys, {word_keys} words; postings: {:.1} MB",
        arena as f64 / 1e6
    );
    chunked(&index, &queries);
    update(&index);
    println!(
        "  {} queries: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} hits in all)",
        queries.len(),
        percentile(0.5),
        percentile(0.95),
        latencies.last().copied().unwrap_or_default(),
        total_hits
    );
}

/// What adding articles to the corpus costs a chunked index: which files change.
fn update(before: &Index) {
    const ADDED: usize = 50;
    let json = bundle_json(ARTICLES + ADDED, BODY_CHARS, 2024);
    let (bundle, _) = from_json(&json).expect("the generated bundle parses");
    let after = Index::build(bundle.articles());
    let (_, old) = chunks::split(before);
    let (_, new) = chunks::split(&after);
    let old_names: std::collections::HashSet<&str> =
        old.iter().map(|piece| piece.name.as_str()).collect();
    let written: Vec<&chunks::Piece> = new
        .iter()
        .filter(|piece| !old_names.contains(piece.name.as_str()))
        .collect();
    println!(
        "  update: adding {ADDED} articles rewrites {} of {} files, {:.1} MB of {:.1} MB",
        written.len(),
        new.len(),
        written.iter().map(|piece| piece.bytes.len()).sum::<usize>() as f64 / 1e6,
        new.iter().map(|piece| piece.bytes.len()).sum::<usize>() as f64 / 1e6
    );
}

/// The benchmark's queries: substrings of the corpus of 1 to 6 characters, and some two-term queries,
/// the same every run.
fn queries(articles: &[article_viewer::bundle::Article]) -> Vec<String> {
    let mut rng = Rng::new(99);
    let mut queries = Vec::with_capacity(QUERIES);
    while queries.len() < QUERIES {
        let text = SearchText::of(&articles[rng.below(articles.len())]);
        let chars: Vec<char> = text.text.chars().collect();
        let piece = |rng: &mut Rng| -> String {
            let length = 1 + rng.below(6);
            let start = rng.below(chars.len().saturating_sub(length));
            chars[start..start + length].iter().collect()
        };
        let query = if queries.len() % 4 == 3 {
            format!("{} {}", piece(&mut rng), piece(&mut rng))
        } else {
            piece(&mut rng)
        };
        if query.chars().all(|c| !c.is_control() && c != '\u{2029}') && !query.trim().is_empty() {
            queries.push(query);
        }
    }
    queries
}

#[allow(dead_code)]
fn profile(articles: &[article_viewer::bundle::Article]) {
    let started = Instant::now();
    let mut n = 0;
    for article in articles {
        n += SearchText::of(article).text.len();
    }
    println!(
        "  (profile) search texts: {:.0} ms for {n} bytes",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// The chunked index (issue 8): its files, and what a query needs of them.
fn chunked(index: &Index, queries: &[String]) {
    let started = Instant::now();
    let (manifest, pieces) = chunks::split(index);
    let split = started.elapsed();
    let manifest_bytes = manifest.to_text().len();
    let total: usize = pieces.iter().map(|piece| piece.bytes.len()).sum();
    let docs = pieces
        .iter()
        .find(|piece| piece.name == manifest.docs)
        .map_or(0, |piece| piece.bytes.len());
    let mut per_query: Vec<(usize, usize)> = queries
        .iter()
        .map(|query| {
            let query = Query::parse(query);
            let first_round = manifest.chunks_for(&query, None);
            let loaded: Vec<(&str, &[u8])> = first_round
                .iter()
                .filter_map(|name| pieces.iter().find(|piece| &piece.name == name))
                .map(|piece| (piece.name.as_str(), piece.bytes.as_slice()))
                .collect();
            let docs = pieces
                .iter()
                .find(|piece| piece.name == manifest.docs)
                .map_or(&[][..], |piece| &piece.bytes);
            let partial = chunks::assemble(docs, &loaded);
            let mut names = manifest.chunks_for(&query, partial.as_ref());
            names.extend(first_round);
            names.sort_unstable();
            names.dedup();
            let bytes = names
                .iter()
                .filter_map(|name| pieces.iter().find(|piece| &piece.name == name))
                .map(|piece| piece.bytes.len())
                .sum();
            (names.len(), bytes)
        })
        .collect();
    per_query.sort_unstable();
    let median_chunks = per_query[per_query.len() / 2].0;
    let mut bytes: Vec<usize> = per_query.iter().map(|(_, bytes)| *bytes).collect();
    bytes.sort_unstable();
    println!(
        "  chunked: split in {:.0} ms into {} files, {:.1} MB (uncompressed); manifest {} kB, document table {} kB",
        split.as_secs_f64() * 1000.0,
        pieces.len() + 1,
        total as f64 / 1e6,
        manifest_bytes / 1000,
        docs / 1000
    );
    println!(
        "  chunked: a query needs a median of {median_chunks} chunks, {} kB (p95 {} kB) uncompressed, besides manifest and table",
        bytes[bytes.len() / 2] / 1000,
        bytes[bytes.len() * 95 / 100] / 1000
    );
}
