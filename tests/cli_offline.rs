//! `article-viewer offline`: a script twin beside every file the viewer reads, so a copied site opens from disk.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{article_viewer, scratch};

#[test]
fn every_file_the_viewer_fetches_gets_a_twin_that_hands_over_its_bytes() {
    let site = scratch("offline");
    std::fs::create_dir_all(site.join("bundles/search")).expect("scratch");
    std::fs::write(site.join("bundles/a.json"), "{\"中\": 1}").expect("scratch");
    std::fs::write(site.join("bundles/search/index.txt"), "manifest").expect("scratch");
    std::fs::write(
        site.join("bundles/search/chars-1.bin"),
        [0u8, 0xff, 0x1f, 0x8b],
    )
    .expect("scratch");
    std::fs::write(site.join("style.css"), "body {}").expect("scratch");
    let run = article_viewer(["offline".as_ref(), site.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("3 files readable from disk"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("twins written: 3 "), "{}", run.stdout);
    let twin = |name: &str| std::fs::read_to_string(site.join(name)).expect("a twin");
    // {"中": 1} in UTF-8, base64.
    assert_eq!(
        twin("bundles/a.json.js"),
        "articleViewerFile(\"eyLkuK0iOiAxfQ==\");\n"
    );
    assert_eq!(
        twin("bundles/search/chars-1.bin.js"),
        "articleViewerFile(\"AP8fiw==\");\n"
    );
    assert!(
        !site.join("style.css.js").exists(),
        "stylesheets load from disk as they are"
    );

    // Again: nothing to write; after a change, only that twin.
    let run = article_viewer(["offline".as_ref(), site.as_os_str()]);
    assert!(run.stdout.contains("twins written: 0 "), "{}", run.stdout);
    std::fs::write(site.join("bundles/a.json"), "{}").expect("scratch");
    let run = article_viewer(["offline".as_ref(), site.as_os_str()]);
    assert!(run.stdout.contains("twins written: 1 "), "{}", run.stdout);
    assert_eq!(twin("bundles/a.json.js"), "articleViewerFile(\"e30=\");\n");
    let _ = std::fs::remove_dir_all(&site);
}

#[test]
fn offline_needs_one_folder() {
    let run = article_viewer(["offline"]);
    assert_eq!(run.code, 2);
    // clap names the missing folder in its own words.
    assert!(
        run.stderr.contains("required arguments were not provided") && run.stderr.contains("<dir>"),
        "{}",
        run.stderr
    );
}
