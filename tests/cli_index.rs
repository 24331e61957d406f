//! `article-viewer index`: a chunked search index, the same bytes for the same input.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn index(out: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .args(["index", "www/bundles/sample.json", "--out"])
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the command runs")
}

#[test]
fn the_same_bundles_give_byte_identical_files() {
    let base = std::env::temp_dir().join(format!("article-viewer-index-{}", std::process::id()));
    let (first, second) = (base.join("first"), base.join("second"));
    for out in [&first, &second] {
        let output = index(out);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
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
    let output = Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .args(["index", "www/bundles/sample.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the command runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("index needs --out <dir>"));
}
