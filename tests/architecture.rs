//! The crate's shape, checked from its source: modules depend on each other one way only, and the pure core never
//! names the browser. A cycle is reported with the edge that closes it and the file where that edge is written.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Who depends on whom: each top-level module of `src/`, with the modules its code names and, for each, one
/// file that names it.
type Graph = BTreeMap<String, BTreeMap<String, PathBuf>>;

/// The layers of `src/`, bottom first: a module may name modules of lower layers only. A new module takes its
/// place here, which is where the README's code map puts it too.
const LAYERS: [&[&str]; 10] = [
    // The node tree, URL rules and the interface's words: the vocabulary everything above speaks.
    &["node", "url", "text"],
    // Data read from outside, each on its own: bundles, routes, fetch failures; QR codes, tab lists, stylesheets.
    &["bundle", "route", "fetch", "qr", "tabs", "embed"],
    &["markdown"],
    &["search"],
    // Search as a state machine answering requests: the search module's whole world.
    &["engine"],
    &["share"],
    &["state"],
    &["view"],
    // The browser layer mounts what the view builds; the command line writes it.
    &["dom", "cli", "searcher"],
    &["app"],
];

/// The modules of the pure core, every layer below the browser's (`dom`): no browser API may be named in them.
fn core() -> impl Iterator<Item = &'static str> {
    LAYERS
        .iter()
        .take_while(|layer| !layer.contains(&"dom"))
        .flat_map(|layer| layer.iter().copied())
}

/// Names of the browser's APIs and of the crates that bind them.
const BROWSER: [&str; 5] = [
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "serde_wasm_bindgen",
];

#[test]
fn modules_depend_on_each_other_one_way_only() {
    let graph = graph_of(&source_files());
    assert!(
        graph.len() > 10,
        "the modules of src/ are found: {:?}",
        graph.keys()
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("{}", describe(&graph, &cycle));
    }
}

#[test]
fn every_module_names_only_modules_of_lower_layers() {
    let layer_of = |module: &str| LAYERS.iter().position(|layer| layer.contains(&module));
    let graph = graph_of(&source_files());
    let mut upward = Vec::new();
    for (from, edges) in &graph {
        let Some(from_layer) = layer_of(from) else {
            panic!(
                "src/{from} is in no layer: give it its place in LAYERS (tests/architecture.rs)"
            );
        };
        for (to, file) in edges {
            if layer_of(to).is_none_or(|to_layer| to_layer >= from_layer) {
                upward.push(format!("{from} → {to} ({})", file.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "dependencies that point up or sideways:\n  {}",
        upward.join("\n  ")
    );
}

#[test]
fn the_pure_core_never_names_the_browser() {
    for (path, text) in source_files() {
        let module = module_of(&path);
        if !core().any(|name| name == module) {
            continue;
        }
        for name in BROWSER {
            let named = words(without_tests(&text)).any(|word| word == name);
            assert!(
                !named,
                "{} names {name}: the core must stay testable natively",
                path.display()
            );
        }
    }
}

/// What only the search engine's module runs: the index, its build, the site index's reader and the search.
const ENGINE_INTERNALS: [&str; 4] = ["Index", "IndexBuild", "Remote", "search_segments"];

/// The modules above the engine that make the reader's module.
const READER: [&str; 4] = ["state", "view", "dom", "app"];

// See: issue 17. A reader who only reads never downloads the search engine: the reader's code asks the engine by
// `Effect::Engine`, and never builds or searches an index itself, which would link the engine into it.
#[test]
fn the_reader_asks_the_engine_and_never_searches_itself() {
    for (path, text) in source_files() {
        let file = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if !READER.contains(&module_of(&path).as_str())
            || matches!(file, "tests.rs" | "test_support.rs")
        {
            continue;
        }
        let code = without_tests(&text);
        for name in ENGINE_INTERNALS {
            assert!(
                !words(code).any(|word| word == name),
                "{} names {name}: the reader asks the search engine instead",
                path.display()
            );
        }
        assert!(
            !code.contains("engine::Engine"),
            "{} runs the engine: the reader asks it by Effect::Engine instead",
            path.display()
        );
    }
}

#[test]
fn a_back_edge_is_found_and_named() {
    let edge = |from: &str, to: &str| (from.to_owned(), to.to_owned());
    let mut graph = Graph::new();
    for (from, to) in [
        edge("view", "state"),
        edge("state", "bundle"),
        edge("view", "node"),
        edge("bundle", "node"),
    ] {
        graph.entry(to.clone()).or_default();
        graph
            .entry(from)
            .or_default()
            .insert(to, PathBuf::from("src/x.rs"));
    }
    assert_eq!(find_cycle(&graph), None);
    graph
        .entry("node".to_owned())
        .or_default()
        .insert("view".to_owned(), PathBuf::from("src/node.rs"));
    let cycle = find_cycle(&graph).expect("node → view closes a cycle");
    let message = describe(&graph, &cycle);
    assert!(message.contains("node → view (src/node.rs)"), "{message}");
}

/// Every `.rs` file under `src/` that is not a test file, with its text.
fn source_files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut pending = vec![root];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let name = path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .unwrap_or("");
                if !matches!(name, "tests.rs" | "test_support.rs" | "fixtures.rs") {
                    let text = fs::read_to_string(&path).expect("a source file is UTF-8");
                    files.push((path, text));
                }
            }
        }
    }
    files.sort();
    files
}

/// The top-level module a file belongs to: `src/search/chunks.rs` is in `search`.
fn module_of(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let relative = path.strip_prefix(&root).unwrap_or(path);
    let first = relative
        .components()
        .next()
        .and_then(|part| part.as_os_str().to_str())
        .unwrap_or("");
    first.trim_end_matches(".rs").to_owned()
}

/// The text before an inline `mod tests { … }`, which may name anything.
fn without_tests(text: &str) -> &str {
    let inline = [
        "#[cfg(test)]\nmod tests {",
        "#[cfg(all(test, not(target_arch = \"wasm32\")))]\nmod tests {",
    ];
    let cut = inline.iter().filter_map(|start| text.find(start)).min();
    &text[..cut.unwrap_or(text.len())]
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
}

fn graph_of(files: &[(PathBuf, String)]) -> Graph {
    let modules: BTreeSet<String> = files
        .iter()
        .map(|(path, _)| module_of(path))
        .filter(|module| !matches!(module.as_str(), "lib" | "main"))
        .collect();
    let mut graph: Graph = modules
        .iter()
        .map(|module| (module.clone(), BTreeMap::new()))
        .collect();
    for (path, text) in files {
        let here = module_of(path);
        let Some(edges) = graph.get_mut(&here) else {
            continue;
        };
        let code: String = without_tests(text)
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for named in named_modules(&code) {
            if named != here && modules.contains(&named) {
                let root = Path::new(env!("CARGO_MANIFEST_DIR"));
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                edges.entry(named).or_insert(shown);
            }
        }
    }
    graph
}

/// The top-level modules `text` names: `crate::search::Index`, and each of `use crate::{bundle, view::Node};`.
/// Comments are left out by the caller: a doc link to a module is no dependency on it.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        // `article_viewer::crate::` is no path; `$crate::` in macros names this crate too.
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (index, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let word = words(&group[index..]).next().unwrap_or("");
                        named.insert(word.to_owned());
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else if let Some(word) = words(rest).next() {
            if rest.starts_with(word) {
                named.insert(word.to_owned());
            }
        }
    }
    named
}

/// A cycle of modules, each depending on the next and the last on the first; `None` when there is none.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        graph: &Graph,
        module: &str,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(module.to_owned(), Mark::Open);
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flat_map(|edges| edges.keys()) {
            match marks.get(next) {
                Some(Mark::Open) => {
                    let start = path.iter().position(|on_path| on_path == next).unwrap_or(0);
                    return Some(path[start..].to_vec());
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(cycle) = visit(graph, next, marks, path) {
                        return Some(cycle);
                    }
                }
            }
        }
        path.pop();
        marks.insert(module.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for module in graph.keys() {
        if !marks.contains_key(module) {
            if let Some(cycle) = visit(graph, module, &mut marks, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

/// The cycle as its edges, each with the file that writes it; the last is the one that closes it.
fn describe(graph: &Graph, cycle: &[String]) -> String {
    let mut lines = vec![format!("an import cycle among {}:", cycle.join(", "))];
    for (index, from) in cycle.iter().enumerate() {
        let to = &cycle[(index + 1) % cycle.len()];
        let file = graph.get(from).and_then(|edges| edges.get(to));
        let closes = if index + 1 == cycle.len() {
            "   <- closes the cycle"
        } else {
            ""
        };
        lines.push(format!(
            "  {from} → {to} ({}){closes}",
            file.map_or(String::new(), |file| file.display().to_string())
        ));
    }
    lines.join("\n")
}
