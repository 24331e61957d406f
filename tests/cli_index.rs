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
    for name in names.iter().filter(|name| name.ends_with(".bin")) {
        let bytes = std::fs::read(first.join(name)).expect("a piece");
        if name.starts_with("chars-") || name.starts_with("words-") {
            // Volumes are stored as readers read them, in byte ranges: never as gzip data.
            assert!(
                !bytes.is_empty() && !bytes.starts_with(&[0x1f, 0x8b]),
                "{name}"
            );
        } else {
            // Every other piece is stored gzip-compressed (readers' browsers decompress it).
            assert!(!gunzip(&bytes).is_empty());
        }
    }
    for name in &names {
        assert_eq!(
            std::fs::read(first.join(name)).expect("first"),
            std::fs::read(second.join(name)).expect("second"),
            "{name}"
        );
    }
    let manifest = std::fs::read_to_string(first.join("index.txt")).expect("the manifest");
    assert!(
        manifest.starts_with("article-viewer-index 3\nbuild "),
        "{manifest}"
    );
    assert!(
        manifest.contains("\nsegment head-") && manifest.lines().count() == 3,
        "{manifest}"
    );
    // Results link to the bundle by its path relative to the index.
    let pack = names
        .iter()
        .find(|name| name.starts_with("pack-"))
        .expect("a fragment pack");
    let pack = gunzip(&std::fs::read(first.join(pack)).expect("the pack"));
    let pack = String::from_utf8_lossy(&pack);
    assert!(
        pack.contains("../") && pack.contains("/www/bundles/sample.json"),
        "{pack}"
    );
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn a_new_bundle_appended_writes_only_a_new_segment() {
    let base = scratch("index-incremental");
    let (bundles, out) = (base.join("bundles"), base.join("search"));
    let run = article_viewer([
        "split".as_ref(),
        "www/bundles/sample.json".as_ref(),
        "--out".as_ref(),
        bundles.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut parts: Vec<std::path::PathBuf> = std::fs::read_dir(&bundles)
        .expect("split")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| !path.ends_with("catalog.json"))
        .collect();
    parts.sort();
    assert!(parts.len() >= 3, "{parts:?}");
    let index = |parts: &[std::path::PathBuf]| {
        let mut args: Vec<&std::ffi::OsStr> = vec!["index".as_ref()];
        args.extend(parts.iter().map(|path| path.as_os_str()));
        args.extend(["--out".as_ref(), out.as_os_str()]);
        article_viewer(args)
    };
    let run = index(&parts[..parts.len() - 1]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("in 1 segment(s) (0 unchanged)"),
        "{}",
        run.stdout
    );
    let files_before: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .expect("written")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| !path.ends_with("index.txt"))
        .map(|path| {
            (
                path.file_name()
                    .expect("named")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(&path).expect("readable"),
            )
        })
        .collect();
    let run = index(&parts);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("in 2 segment(s) (1 unchanged)"),
        "{}",
        run.stdout
    );
    let manifest = std::fs::read_to_string(out.join("index.txt")).expect("the manifest");
    let first_segment = manifest.lines().nth(2).expect("the first segment");
    assert!(
        files_before
            .iter()
            .any(|(name, _)| first_segment.contains(name.as_str())),
        "the first segment is the one written before: {manifest}"
    );
    for (name, bytes) in &files_before {
        assert_eq!(
            &std::fs::read(out.join(name)).expect("kept"),
            bytes,
            "{name}"
        );
    }
    // A file of the old build gone missing: nothing of it is trusted, the index is rebuilt whole.
    let (lost, _) = files_before
        .iter()
        .find(|(name, _)| name.starts_with("chars-"))
        .expect("a chunk");
    std::fs::remove_file(out.join(lost)).expect("removable");
    let run = index(&parts);
    assert!(
        run.stdout.contains("in 1 segment(s) (0 unchanged)"),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn index_needs_an_output_directory() {
    let run = article_viewer(["index", "www/bundles/sample.json"]);
    assert_eq!(run.code, 2);
    // clap names the missing option in its own words.
    assert!(
        run.stderr.contains("required arguments were not provided")
            && run.stderr.contains("--out <dir>"),
        "{}",
        run.stderr
    );
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut decompressed = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut decompressed)
        .expect("gzip data");
    decompressed
}
