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
    let manifest = chunked(articles, &queries);
    update(&manifest);
    println!(
        "  {} queries: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} hits in all)",
        queries.len(),
        percentile(0.5),
        percentile(0.95),
        latencies.last().copied().unwrap_or_default(),
        total_hits
    );
}

/// What adding articles to the corpus costs a chunked index: which files are written.
fn update(base: &chunks::Manifest) {
    const ADDED: usize = 50;
    let json = bundle_json(ARTICLES + ADDED, BODY_CHARS, 2024);
    let (bundle, _) = from_json(&json).expect("the generated bundle parses");
    let articles = bundle.articles();
    let started = Instant::now();
    let (updated, written) = chunks::build(articles, &origins(articles), Some(base));
    let took = started.elapsed();
    let files: usize = updated
        .segments
        .iter()
        .map(|segment| segment.files().count())
        .sum();
    println!(
        "  update: adding {ADDED} articles takes {:.0} ms and writes {} files ({:.1} kB) and the manifest; \
         {} files in all, {} segments",
        took.as_secs_f64() * 1000.0,
        written.len(),
        written.iter().map(|piece| piece.bytes.len()).sum::<usize>() as f64 / 1e3,
        files + 1,
        updated.segments.len()
    );
}

/// Where the generated articles are, for their search results: one bundle per channel.
fn origins(articles: &[article_viewer::bundle::Article]) -> Vec<chunks::Origin> {
    articles
        .iter()
        .map(|article| chunks::Origin {
            bundle: format!("{}.json", article.channel()),
            channel: article.channel().to_owned(),
        })
        .collect()
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

/// The chunked index (issue 8): how long it takes to write, and its files.
fn chunked(articles: &[article_viewer::bundle::Article], queries: &[String]) -> chunks::Manifest {
    let started = Instant::now();
    let (manifest, pieces) = chunks::build(articles, &origins(articles), None);
    let took = started.elapsed();
    reader(&manifest, &pieces, queries);
    let size = |prefix: &str| -> (usize, usize) {
        let of_kind = pieces.iter().filter(|piece| piece.name.starts_with(prefix));
        (
            of_kind.clone().count(),
            of_kind.map(|piece| piece.bytes.len()).sum(),
        )
    };
    let total: usize = pieces.iter().map(|piece| piece.bytes.len()).sum();
    println!(
        "  chunked: built in {:.0} ms: {} files, {:.1} MB (uncompressed); manifest {} kB",
        took.as_secs_f64() * 1000.0,
        pieces.len() + 1,
        total as f64 / 1e6,
        manifest.to_text().len() / 1000,
    );
    for kind in ["docs", "chars", "words", "pack"] {
        let (count, bytes) = size(kind);
        println!("    {kind}: {count} files, {:.1} MB", bytes as f64 / 1e6);
    }
    manifest
}

/// What a reader downloads for the first 100 queries, one after the other in one visit, as the viewer fetches
/// them (what arrived kept for the visit; chunks as byte ranges of their volumes, other pieces gzip-compressed,
/// as stored): the native projection of `make bench-index`.
fn reader(manifest: &chunks::Manifest, pieces: &[chunks::Piece], queries: &[String]) {
    use article_viewer::search::remote::{Progress, Remote};
    use std::io::Write as _;
    let gzip_size = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).expect("in memory");
        encoder.finish().expect("in memory").len()
    };
    let files: std::collections::HashMap<String, (Vec<u8>, usize)> =
        chunks::files(manifest, pieces.to_vec())
            .map(|piece| {
                let size = if piece.gzip {
                    gzip_size(&piece.bytes)
                } else {
                    piece.bytes.len()
                };
                (piece.name, (piece.bytes, size))
            })
            .collect();
    let mut remote = Remote::new("https://example.cn/index.txt");
    let mut kinds: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut per_query = Vec::new();
    for (number, query) in queries.iter().take(100).enumerate() {
        let query = Query::parse(query);
        let mut bytes = 0;
        for _ in 0..10 {
            let needs = match remote.search(&query, 10) {
                Progress::Needs(names) => names,
                Progress::Ready(hits) => {
                    let top: Vec<usize> = hits.iter().take(10).map(|hit| hit.article).collect();
                    match remote.fragments(&top) {
                        Progress::Ready(_) => break,
                        Progress::Needs(names) => names,
                    }
                }
            };
            for file in remote.request(needs) {
                let path = file.name.split('#').next().unwrap_or_default();
                let (raw, size) = match (&files[path], file.range) {
                    ((whole, _), Some((start, end))) => {
                        let range = whole[start as usize..end as usize].to_vec();
                        let size = range.len();
                        (range, size)
                    }
                    ((whole, size), None) => (whole.clone(), *size),
                };
                if number > 0 {
                    let kind = path.split('-').next().unwrap_or(path);
                    *kinds.entry(kind.to_owned()).or_default() += size;
                }
                bytes += size;
                remote.received(&file.name, Ok(raw));
            }
        }
        if std::env::var_os("PROFILE").is_some() && number < 30 {
            println!("  (profile) {:?}: {} kB", queries[number], bytes / 1000);
        }
        per_query.push(bytes);
    }
    let cold = per_query[0];
    let mut later = per_query[1..].to_vec();
    later.sort_unstable();
    println!(
        "  reader (native projection, gzip): cold first query {:.1} kB; later queries p50 {:.1} kB, p95 {:.1} kB; \
         later bytes by kind: {}",
        cold as f64 / 1e3,
        later[later.len() / 2] as f64 / 1e3,
        later[later.len() * 95 / 100] as f64 / 1e3,
        kinds
            .iter()
            .map(|(kind, bytes)| format!("{kind} {:.0} kB", *bytes as f64 / 1e3))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
