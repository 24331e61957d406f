//! The import score: how well `article-viewer import` reads portal pages, measured on our own pages in the layouts
//! of a dozen Chinese news and government CMSs (`tests/data/import-score/<layout>/`), each page with the truth a
//! reader sees written beside it (`expected.toml`: title, publish time, source, the body's text, and text of the
//! page's chrome that must never be taken into the body).
//!
//! `make import-score` prints the table; `cargo test` holds the goals: title and publish time exact on ≥ 90% of
//! pages, source on ≥ 80% of the pages that name one, the body's characters recalled and precise to ≥ 0.9 on ≥ 85%
//! of pages, and no chrome in any body.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use article_viewer::markdown::{render, RenderOptions};
use article_viewer::node::Node;

const TITLE_GOAL: f64 = 0.90;
const PUBLISHED_GOAL: f64 = 0.90;
const SOURCE_GOAL: f64 = 0.80;
/// A body is good when both its recall and its precision by characters reach this…
const BODY_QUALITY: f64 = 0.90;
/// …and this share of the pages have a good body.
const BODY_GOAL: f64 = 0.85;

/// What a reader sees on one page, as `expected.toml` writes it.
struct Truth {
    file: String,
    title: String,
    published: String,
    source: Option<String>,
    /// Text of the page outside the article (navigation, sidebars, comments, footer) that no body may hold.
    chrome: Vec<String>,
    body: String,
}

/// What import made of one page: its front matter's fields and its text as the viewer shows it.
#[derive(Default)]
struct Imported {
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    /// The lead photo's caption, the body and the closing byline, one block per line.
    text: String,
}

struct Score {
    page: String,
    title: bool,
    published: bool,
    /// `None` when the page names no source.
    source: Option<bool>,
    recall: f64,
    precision: f64,
    leaked: Vec<String>,
    /// What differed, for the lines under the table.
    misses: Vec<String>,
}

impl Score {
    fn good_body(&self) -> bool {
        self.recall >= BODY_QUALITY && self.precision >= BODY_QUALITY
    }
}

fn score_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import-score")
}

/// The layouts' folders, in name order.
fn layouts() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(score_dir())
        .expect("tests/data/import-score is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[track_caller]
fn string(table: &DeTable<'_>, key: &str, file: &Path) -> Option<String> {
    table.get(key).map(|value| match value.get_ref() {
        DeValue::String(text) => text.to_string(),
        other => panic!("{}: {key} is a string, found {other:?}", file.display()),
    })
}

#[track_caller]
fn required(table: &DeTable<'_>, key: &str, file: &Path) -> String {
    string(table, key, file).unwrap_or_else(|| panic!("{}: a page has no {key}", file.display()))
}

/// The pages of one layout's `expected.toml`.
fn read_truths(layout: &Path) -> Vec<Truth> {
    let file = layout.join("expected.toml");
    let text =
        fs::read_to_string(&file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
    let table = DeTable::parse(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
    let Some(DeValue::Array(pages)) = table.get_ref().get("page").map(|pages| pages.get_ref())
    else {
        panic!("{}: no [[page]]", file.display());
    };
    pages
        .iter()
        .map(|page| {
            let DeValue::Table(page) = page.get_ref() else {
                panic!("{}: page is a table", file.display());
            };
            let chrome = match page.get("chrome").map(|chrome| chrome.get_ref()) {
                Some(DeValue::Array(items)) => items
                    .iter()
                    .map(|item| match item.get_ref() {
                        DeValue::String(text) => text.to_string(),
                        other => panic!("{}: chrome holds strings: {other:?}", file.display()),
                    })
                    .collect(),
                None => Vec::new(),
                Some(other) => panic!("{}: chrome is an array: {other:?}", file.display()),
            };
            Truth {
                file: required(page, "file", &file),
                title: required(page, "title", &file),
                published: required(page, "published", &file),
                source: string(page, "source", &file),
                chrome,
                body: required(page, "body", &file),
            }
        })
        .collect()
}

/// Imports every page of `layout` in one run, as an editor would, and reads back what each became.
fn import_layout(layout: &Path, truths: &[Truth]) -> Vec<Option<Imported>> {
    let name = layout.file_name().expect("a folder name").to_string_lossy();
    let out = support::scratch(&format!("import-score-{name}"));
    let mut args = vec![
        "import".to_owned(),
        "-o".to_owned(),
        out.display().to_string(),
    ];
    args.extend(
        truths
            .iter()
            .map(|truth| layout.join(&truth.file).display().to_string()),
    );
    // Exit status 1 only says a page had no title; that page then scores nothing.
    let run = support::article_viewer(&args);
    assert!(run.code == 0 || run.code == 1, "import ran: {}", run.stderr);
    truths
        .iter()
        .map(|truth| {
            let id = Path::new(&truth.file).file_stem().expect("a file name");
            let markdown = fs::read_to_string(out.join(id).with_extension("md")).ok()?;
            Some(read_article(&markdown))
        })
        .collect()
}

/// The fields and the shown text of an imported article.
fn read_article(markdown: &str) -> Imported {
    let (front_matter, body) = support::split_front_matter(markdown);
    let table = DeTable::parse(front_matter).expect("the front matter is TOML");
    let table = table.get_ref();
    let here = Path::new("front matter");
    let caption = match table.get("lead").map(|lead| lead.get_ref()) {
        Some(DeValue::Table(lead)) => string(lead, "caption", here),
        _ => None,
    };
    let mut text: Vec<String> = caption.into_iter().collect();
    text.extend(
        render(body, &RenderOptions::default())
            .iter()
            .map(Node::text_content),
    );
    text.extend(string(table, "byline", here));
    Imported {
        title: string(table, "title", here),
        published: string(table, "published", here),
        source: string(table, "source", here),
        text: text.join("\n"),
    }
}

/// The characters that count: white space (indents, line breaks, no-break spaces) never does.
fn characters(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The length of the longest common subsequence of `a` and `b`: the characters of one found, in order, in the other.
fn common_length(a: &[char], b: &[char]) -> usize {
    let mut previous = vec![0u32; b.len() + 1];
    let mut current = vec![0u32; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            current[j + 1] = if x == y {
                previous[j] + 1
            } else {
                current[j].max(previous[j + 1])
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] as usize
}

fn score(layout: &str, truth: &Truth, imported: Option<&Imported>) -> Score {
    let page = format!("{layout}/{}", truth.file);
    let empty = Imported::default();
    let got = imported.unwrap_or(&empty);
    let mut misses = Vec::new();
    if imported.is_none() {
        misses.push("no article".to_owned());
    }
    let mut check = |what: &str, expected: &str, found: Option<&String>| {
        let same = found.is_some_and(|found| found.trim() == expected);
        if !same && imported.is_some() {
            misses.push(format!(
                "{what} “{}”, expected “{expected}”",
                found.map_or("", |found| found)
            ));
        }
        same
    };
    let title = check("title", &truth.title, got.title.as_ref());
    let published = check("published", &truth.published, got.published.as_ref());
    let source = truth
        .source
        .as_ref()
        .map(|expected| check("source", expected, got.source.as_ref()));

    let expected = characters(&truth.body);
    let found = characters(&got.text);
    let common = common_length(&expected, &found) as f64;
    let recall = if expected.is_empty() {
        1.0
    } else {
        common / expected.len() as f64
    };
    let precision = if found.is_empty() {
        0.0
    } else {
        common / found.len() as f64
    };
    let leaked: Vec<String> = truth
        .chrome
        .iter()
        .filter(|chrome| got.text.contains(chrome.as_str()))
        .cloned()
        .collect();
    Score {
        page,
        title,
        published,
        source,
        recall,
        precision,
        leaked,
        misses,
    }
}

fn share(count: usize, of: usize) -> f64 {
    if of == 0 {
        1.0
    } else {
        count as f64 / of as f64
    }
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "MISS"
    }
}

/// The table `make import-score` prints: a row per page, the misses under it, then the goals.
fn table(scores: &[Score], layouts: usize) -> (String, Vec<String>) {
    let width = scores
        .iter()
        .map(|score| score.page.len())
        .max()
        .unwrap_or(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:width$}  title  time  source  recall  precision  chrome",
        "page"
    );
    for score in scores {
        let _ = writeln!(
            out,
            "{:width$}  {:5}  {:4}  {:6}  {:6.3}  {:9.3}  {}",
            score.page,
            mark(score.title),
            mark(score.published),
            score.source.map_or("-", mark),
            score.recall,
            score.precision,
            if score.leaked.is_empty() {
                "ok".to_owned()
            } else {
                format!("LEAK {:?}", score.leaked)
            },
        );
    }
    let misses: Vec<String> = scores
        .iter()
        .flat_map(|score| {
            score
                .misses
                .iter()
                .map(move |miss| format!("{}: {miss}", score.page))
        })
        .collect();
    if !misses.is_empty() {
        out.push('\n');
        for miss in &misses {
            let _ = writeln!(out, "{miss}");
        }
    }

    let pages = scores.len();
    let with_source = scores.iter().filter(|score| score.source.is_some()).count();
    let results = [
        (
            "title exact",
            share(scores.iter().filter(|s| s.title).count(), pages),
            TITLE_GOAL,
        ),
        (
            "publish time exact",
            share(scores.iter().filter(|s| s.published).count(), pages),
            PUBLISHED_GOAL,
        ),
        (
            "source exact (pages naming one)",
            share(
                scores.iter().filter(|s| s.source == Some(true)).count(),
                with_source,
            ),
            SOURCE_GOAL,
        ),
        (
            "body recall and precision >= 0.9",
            share(scores.iter().filter(|s| s.good_body()).count(), pages),
            BODY_GOAL,
        ),
    ];
    let leaks = scores
        .iter()
        .filter(|score| !score.leaked.is_empty())
        .count();
    let mean =
        |value: fn(&Score) -> f64| scores.iter().map(value).sum::<f64>() / pages.max(1) as f64;
    let _ = writeln!(out, "\n{pages} pages in {layouts} layouts");
    let mut failed = Vec::new();
    for (what, value, goal) in results {
        let met = value >= goal;
        let _ = writeln!(
            out,
            "{what:34} {:5.1}%  goal >= {:.0}%  {}",
            value * 100.0,
            goal * 100.0,
            if met { "met" } else { "MISSED" }
        );
        if !met {
            failed.push(format!(
                "{what}: {:.1}% < {:.0}%",
                value * 100.0,
                goal * 100.0
            ));
        }
    }
    let _ = writeln!(
        out,
        "{:34} {:5}   goal 0      {}",
        "bodies holding chrome",
        leaks,
        if leaks == 0 { "met" } else { "MISSED" }
    );
    if leaks > 0 {
        failed.push(format!("{leaks} bodies hold chrome"));
    }
    let _ = writeln!(
        out,
        "{:34} {:.3} / {:.3}",
        "mean body recall / precision",
        mean(|score| score.recall),
        mean(|score| score.precision)
    );
    (out, failed)
}

#[test]
fn import_reads_portal_pages_as_readers_see_them() {
    let layouts = layouts();
    let mut scores = Vec::new();
    for layout in &layouts {
        let name = layout
            .file_name()
            .expect("a folder name")
            .to_string_lossy()
            .into_owned();
        let truths = read_truths(layout);
        for truth in &truths {
            // The truth must be able to fail: chrome that the body itself holds would be no test.
            for chrome in &truth.chrome {
                assert!(
                    !truth.body.contains(chrome.as_str()),
                    "{name}/{}: chrome “{chrome}” is in the body",
                    truth.file
                );
            }
        }
        let imported = import_layout(layout, &truths);
        for (truth, imported) in truths.iter().zip(&imported) {
            scores.push(score(&name, truth, imported.as_ref()));
        }
    }
    assert!(
        scores.len() >= 30 && layouts.len() >= 10,
        "the set is at least 30 pages in 10 layouts: {} in {}",
        scores.len(),
        layouts.len()
    );
    let (table, failed) = table(&scores, layouts.len());
    println!("{table}");
    assert!(failed.is_empty(), "goals missed: {failed:?}\n{table}");
}

#[test]
fn common_length_counts_characters_found_in_order() {
    let chars = |text: &str| text.chars().collect::<Vec<_>>();
    assert_eq!(common_length(&chars("山西省太原市"), &chars("山西太原")), 4);
    assert_eq!(common_length(&chars("甲乙丙"), &chars("丙乙甲")), 1);
    assert_eq!(common_length(&chars(""), &chars("甲")), 0);
    assert_eq!(
        characters(" 第一段\n\u{3000}第二段 "),
        chars("第一段第二段")
    );
}
