//! `article-viewer split`: one bundle per channel and month, nothing lost, nothing changed, the same bytes each time.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use serde_json::Value;

mod support;

use support::{article_viewer, scratch, Run};

fn split(input: &Path, out: &Path) -> Run {
    article_viewer([
        "split".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON")
}

fn keys(object: &Value) -> Vec<&str> {
    object
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// Two channels, three months, one article with a field the viewer ignores, in an order that interleaves them.
const BUNDLE: &str = r#"{
  "format": "article-bundle", "version": 1,
  "site": {"name": "投资山西", "url": "https://invest.example.cn/"},
  "articles": [
    {"id": "e1", "channel": "economy", "title": "一", "published": "2024-05-31T23:30:00+08:00", "body": "甲"},
    {"title": "二", "id": "f1", "channel": "focus", "published": "2024-05-02T08:00:00+08:00", "body": "乙", "x-legacy": 7},
    {"id": "e2", "channel": "economy", "title": "三", "published": "2024-06-01T00:10:00+08:00", "body": "丙"},
    {"id": "f2", "channel": "focus", "title": "四", "published": "2024-05-20T08:00:00+08:00", "body": "丁"}
  ],
  "channels": [{"id": "focus", "name": "焦点图"}, {"id": "economy", "name": "经济动态"}]
}"#;

#[test]
fn every_article_lands_once_in_the_bundle_of_its_channel_and_month() {
    let dir = scratch("split-groups");
    let input = dir.join("bundle.json");
    std::fs::write(&input, BUNDLE).expect("written");
    let out = dir.join("out");
    let run = split(&input, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let catalog = read_json(&out.join("catalog.json"));
    assert_eq!(catalog["format"], "article-bundle-catalog");
    let listed: Vec<(String, Vec<String>)> = catalog["bundles"]
        .as_array()
        .expect("bundles")
        .iter()
        .map(|entry| {
            let ids = entry["articles"].as_array().expect("ids");
            (
                entry["file"].as_str().expect("file").to_owned(),
                ids.iter()
                    .map(|id| id.as_str().expect("id").to_owned())
                    .collect(),
            )
        })
        .collect();
    // Channels in the bundle's order, months in order; 2024-05-31T23:30+08:00 is still May where it was written.
    let expected = [
        ("focus.2024-05.json", vec!["f1", "f2"]),
        ("economy.2024-05.json", vec!["e1"]),
        ("economy.2024-06.json", vec!["e2"]),
    ];
    assert_eq!(
        listed,
        expected
            .iter()
            .map(|(file, ids)| (
                (*file).to_owned(),
                ids.iter().map(|id| (*id).to_owned()).collect()
            ))
            .collect::<Vec<_>>()
    );

    let original = read_json(&input);
    for (file, ids) in &listed {
        let text = std::fs::read_to_string(out.join(file)).expect("a bundle per entry");
        let (bundle, diagnostics) =
            article_viewer::bundle::from_json(&text).expect("a valid bundle");
        assert!(diagnostics.is_empty(), "{file}: {diagnostics:?}");
        let part: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(keys(&part), keys(&original), "{file}");
        assert_eq!(part["site"], original["site"], "{file}");
        assert_eq!(part["channels"], original["channels"], "{file}");
        let shown: Vec<&str> = bundle
            .articles()
            .iter()
            .map(|article| article.id())
            .collect();
        assert_eq!(shown.len(), ids.len(), "{file}");
        // Each article object is copied whole, fields the viewer ignores included.
        for article in part["articles"].as_array().expect("articles") {
            let same = original["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .find(|candidate| candidate["id"] == article["id"])
                .expect("from the input");
            assert_eq!(article, same, "{file}");
            assert_eq!(keys(article), keys(same), "{file}: fields keep their order");
        }
    }
}

#[test]
fn the_same_bundle_gives_byte_identical_files() {
    let dir = scratch("split-determinism");
    let (first, second) = (dir.join("first"), dir.join("second"));
    for out in [&first, &second] {
        let run = split(Path::new("www/bundles/sample.json"), out);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let catalog = read_json(&first.join("catalog.json"));
    let mut files = vec!["catalog.json".to_owned()];
    for entry in catalog["bundles"].as_array().expect("bundles") {
        files.push(entry["file"].as_str().expect("file").to_owned());
    }
    assert!(
        files.len() > 2,
        "the sample spans channels and months: {files:?}"
    );
    for file in &files {
        assert_eq!(
            std::fs::read(first.join(file)).expect("first"),
            std::fs::read(second.join(file)).expect("second"),
            "{file}"
        );
    }
}

#[test]
fn a_bundle_that_would_lose_an_article_is_refused_with_the_path() {
    let dir = scratch("split-refused");
    let input = dir.join("bundle.json");
    std::fs::write(
        &input,
        BUNDLE.replace("2024-06-01T00:10:00+08:00", "yesterday"),
    )
    .expect("written");
    let out = dir.join("out");
    let run = split(&input, &out);
    assert_eq!(run.code, 1);
    let stderr = &run.stderr;
    assert!(stderr.contains("articles[2].published"), "{stderr}");
    assert!(!out.join("catalog.json").exists(), "nothing is written");
}
