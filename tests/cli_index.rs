//! `article-viewer index`: a chunked search index, the same bytes for the same input.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{article_viewer, scratch};

#[test]
fn the_same_bundles_give_byte_identical_files() {
    let base = scratch("index");
    let (first, second) = (base.join("first"), base.join("second"));
    for out in [&first, &second] {
        let run = article_viewer([
            "index".as_ref(),
            "www/bundles/sample.json".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let mut names: Vec<String> = std::fs::read_dir(&first)
        .expect("written")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert!(names.contains(&"index.txt".to_owned()), "{names:?}");
    assert!(
        names.iter().any(|name| name.starts_with("chars-")),
        "{names:?}"
    );
    for name in &names {
        assert_eq!(
            std::fs::read(first.join(name)).expect("first"),
            std::fs::read(second.join(name)).expect("second"),
            "{name}"
        );
    }
    let manifest = std::fs::read_to_string(first.join("index.txt")).expect("the manifest");
    assert!(
        manifest.starts_with("article-viewer-index 1\nbuild "),
        "{manifest}"
    );
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn index_needs_an_output_directory() {
    let run = article_viewer(["index", "www/bundles/sample.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("index needs --out <dir>"));
}
