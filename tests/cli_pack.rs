//! `article-viewer pack`, run as editors run it: sources in a directory, a bundle and its images out, and every
//! problem named by file and line. The sources in `tests/data/pack/good` pack into `tests/data/pack/good.json`
//! (`UPDATE_EXPECT=1 cargo test --test cli_pack` rewrites it).
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_article-viewer");
const GOOD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pack/good");
const GOOD_JSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pack/good.json");
const SAMPLE_SOURCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/bundles/src/sample");
const SAMPLE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/bundles");

const SITE: &str = r#"
[site]
name = "投资山西"
url = "https://invest.example.cn/"

[[channels]]
id = "focus"
name = "焦点图"

[[channels]]
id = "economy"
name = "经济动态"
"#;

const ARTICLE: &str = r#"+++
title = "标题"
published = "2024-04-02T09:30:00+08:00"
channel = "focus"
+++

正文。
"#;

#[test]
fn good_sources_pack_into_a_valid_bundle() {
    let scratch = scratch("good");
    let out = scratch.join("out/bundle.json");
    let output = pack(Path::new(GOOD), &out);
    assert_success(&output);
    assert!(
        stdout(&output).contains("3 articles, 3 images"),
        "{}",
        stdout(&output)
    );
    let json = fs::read_to_string(&out).expect("the bundle was written");
    expect_file(GOOD_JSON, &json);

    let (bundle, diagnostics) = article_viewer::bundle::from_json(&json).expect("a bundle");
    assert_eq!(diagnostics, []);
    let ids: Vec<&str> = bundle
        .articles()
        .iter()
        .map(|article| article.id())
        .collect();
    // `order` first; then by path, and `2024/q1.md` sorts before `brief.md`.
    assert_eq!(ids, ["lead-story", "q1-investment-2024", "brief"]);
    assert!(bundle.site().indent_paragraphs());
}

#[test]
fn relative_images_are_copied_to_the_path_written_beside_the_bundle() {
    let scratch = scratch("images");
    let out = scratch.join("out/bundle.json");
    assert_success(&pack(Path::new(GOOD), &out));
    for (source, target) in [
        ("media/lead.svg", "media/lead.svg"),
        ("media/deck.svg", "media/deck.svg"),
        // Written as `photos/signing.svg` in `2024/q1.md`: kept as written, so beside the bundle it is `photos/`.
        ("2024/photos/signing.svg", "photos/signing.svg"),
    ] {
        let copied = fs::read(scratch.join("out").join(target)).expect(target);
        assert_eq!(
            copied,
            fs::read(Path::new(GOOD).join(source)).expect(source)
        );
    }
    let mut files = list(&scratch.join("out"));
    files.sort();
    assert_eq!(
        files,
        [
            "bundle.json",
            "media/deck.svg",
            "media/lead.svg",
            "photos/signing.svg"
        ]
    );
}

#[test]
fn packing_twice_gives_the_same_bytes() {
    let scratch = scratch("twice");
    let (first, second) = (scratch.join("a/bundle.json"), scratch.join("b/bundle.json"));
    assert_success(&pack(Path::new(GOOD), &first));
    assert_success(&pack(Path::new(GOOD), &second));
    assert_success(&pack(Path::new(GOOD), &second));
    assert_eq!(
        fs::read(&first).expect("first"),
        fs::read(&second).expect("second")
    );
}

#[test]
fn the_sample_sources_reproduce_the_sample_bundle() {
    let scratch = scratch("sample");
    let out = scratch.join("sample.json");
    assert_success(&pack(Path::new(SAMPLE_SOURCES), &out));
    let packed = fs::read_to_string(&out).expect("the bundle was written");
    let committed =
        fs::read_to_string(Path::new(SAMPLE_DIR).join("sample.json")).expect("sample.json");
    assert!(
        packed == committed,
        "www/bundles/sample.json is out of date: run make sample"
    );
    assert_eq!(
        fs::read(scratch.join("media/lead.svg")).expect("copied"),
        fs::read(Path::new(SAMPLE_DIR).join("media/lead.svg")).expect("committed")
    );
}

#[test]
fn a_file_without_front_matter_is_named_at_line_1() {
    let output = pack_sources("no-front-matter", &[("a.md", "标题\n\n正文。\n")]);
    assert_failed(
        &output,
        "src/a.md:1: no front matter: the file must start with a line `+++`",
    );
}

#[test]
fn yaml_front_matter_is_refused_with_a_hint() {
    let output = pack_sources("yaml", &[("a.md", "---\ntitle: 标题\n---\n正文。\n")]);
    assert_failed(&output, "src/a.md:1: no front matter");
    assert!(
        stderr(&output).contains("YAML front matter between `---` lines is not read"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_bad_date_is_named_at_its_line() {
    let article = ARTICLE.replace("2024-04-02T09:30:00+08:00", "2023-02-30T10:00:00+08:00");
    let output = pack_sources("bad-date", &[("a.md", &article)]);
    assert_failed(
        &output,
        "src/a.md:3: published: expected an RFC 3339 date-time with offset, such as \
         2023-07-22T12:00:00+08:00, found \"2023-02-30T10:00:00+08:00\"",
    );
}

#[test]
fn a_date_without_offset_is_refused_written_either_way() {
    let quoted = ARTICLE.replace("+08:00", "");
    let unquoted = ARTICLE.replace("\"2024-04-02T09:30:00+08:00\"", "2024-04-02T09:30:00");
    let output = pack_sources("no-offset", &[("a.md", &quoted), ("b.md", &unquoted)]);
    assert_failed(&output, "src/a.md:3: published: expected an RFC 3339");
    assert_failed(&output, "src/b.md:3: published: expected an RFC 3339");
}

#[test]
fn an_unknown_channel_is_named_at_its_line_with_the_channels() {
    let article = ARTICLE.replace("\"focus\"", "\"sports\"");
    let output = pack_sources("unknown-channel", &[("a.md", &article)]);
    assert_failed(
        &output,
        "src/a.md:4: channel: \"sports\" is not in site.toml's channels (focus, economy)",
    );
}

#[test]
fn a_toml_syntax_error_has_line_and_column() {
    let article = ARTICLE.replace("title = \"标题\"", "title = \"标题");
    let output = pack_sources("toml-syntax", &[("a.md", &article)]);
    // The column where the closing quote is missing, counted in characters.
    assert_failed(
        &output,
        "src/a.md:2:12: invalid basic string, expected `\"`",
    );
}

#[test]
fn a_value_of_the_wrong_type_is_named() {
    let article = ARTICLE.replace("title = \"标题\"", "title = 2024");
    let output = pack_sources("wrong-type", &[("a.md", &article)]);
    assert_failed(
        &output,
        "src/a.md:2: title: expected a string, found the integer 2024",
    );
}

#[test]
fn unreadable_sources_are_named() {
    let scratch = scratch_sources("not-utf8", &[]);
    fs::write(scratch.join("src/a.md"), b"+++\ntitle = \"\xff\"\n+++\n").expect("write");
    let output = run(&scratch, &["pack", "src", "-o", "out/bundle.json"]);
    assert_failed(&output, "src/a.md:2: not UTF-8 text");

    let output = run(&scratch, &["pack", "missing", "-o", "out/bundle.json"]);
    assert_failed(&output, "missing: cannot read the directory: ");

    // A directory where site.toml should be.
    let scratch = scratch_sources("site-is-a-directory", &[("a.md", ARTICLE)]);
    fs::remove_file(scratch.join("src/site.toml")).expect("remove");
    fs::create_dir(scratch.join("src/site.toml")).expect("mkdir");
    let output = run(&scratch, &["pack", "src", "-o", "out/bundle.json"]);
    assert_failed(&output, "src/site.toml: cannot read: ");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_named_like_an_article_is_named() {
    let scratch = scratch_sources("dangling", &[("a.md", ARTICLE)]);
    std::os::unix::fs::symlink("nowhere.md", scratch.join("src/b.md")).expect("symlink");
    let output = run(&scratch, &["pack", "src", "-o", "out/bundle.json"]);
    assert_failed(&output, "src/b.md: cannot read: ");
}

#[test]
fn a_missing_site_toml_is_named() {
    let scratch = scratch_sources("no-site", &[("a.md", ARTICLE)]);
    fs::remove_file(scratch.join("src/site.toml")).expect("remove");
    let output = run(&scratch, &["pack", "src", "-o", "out/bundle.json"]);
    assert_failed(
        &output,
        "src/site.toml: not found; a source directory needs a site.toml",
    );
}

#[test]
fn a_missing_image_is_named_at_the_line_that_uses_it() {
    let lead = ARTICLE.replace("+++\n\n", "\n[lead]\nsrc = \"media/lead.jpg\"\n+++\n\n");
    let body = format!("{ARTICLE}\n![现场](media/photo.jpg)\n");
    let escaping = format!("{ARTICLE}\n![现场](../photo.jpg)\n");
    let output = pack_sources(
        "missing-image",
        &[("a.md", &lead), ("b.md", &body), ("c.md", &escaping)],
    );
    assert_failed(
        &output,
        "src/a.md:7: image \"media/lead.jpg\": cannot read ",
    );
    assert_failed(
        &output,
        "src/b.md:9: image \"media/photo.jpg\": cannot read ",
    );
    assert_failed(
        &output,
        "src/c.md:9: image \"../photo.jpg\" is outside the bundle's directory",
    );
}

#[test]
fn problems_the_viewer_finds_point_at_the_source_line() {
    let bad_url = ARTICLE.replace(
        "channel = \"focus\"",
        "channel = \"focus\"\nurl = \"ftp://x\"",
    );
    let same_id = ARTICLE.replace("+++\ntitle", "+++\nid = \"a\"\ntitle");
    let output = pack_sources(
        "viewer-problems",
        &[
            ("a.md", &bad_url),
            ("sub/b.md", &same_id),
            ("c d.md", ARTICLE),
        ],
    );
    assert_failed(
        &output,
        "src/a.md:5: url: expected an absolute http(s) URL, found \"ftp://x\"",
    );
    assert_failed(&output, "src/sub/b.md:2: id: already used by src/a.md");
    assert_failed(
        &output,
        "src/c d.md:1: id: expected an id of A-Z, a-z, 0-9, _ and -, found \"c d\" \
         (the id comes from the file name",
    );
}

#[test]
fn http_images_are_warnings_with_their_line_and_what_readers_see() {
    let article = ARTICLE.replace(
        "正文。\n",
        "正文。\n\n![图](http://img.example.cn/a.jpg)\n\n<p align=\"center\"><IMG src=http://img.example.cn/b.png></p>\n\n![好](https://img.example.cn/c.jpg)\n",
    );
    let output = pack_sources("http-images", &[("a.md", &article)]);
    assert_success(&output);
    let warnings = stderr(&output);
    for (line, url) in [
        (9, "http://img.example.cn/a.jpg"),
        (11, "http://img.example.cn/b.png"),
    ] {
        assert!(
            warnings.contains(&format!(
                "warning: src/a.md:{line}: image {url} is http:, which the viewer's page blocks"
            )),
            "{warnings}"
        );
    }
    assert!(
        warnings.contains("readers see its alt text, or nothing"),
        "{warnings}"
    );
    assert!(!warnings.contains("c.jpg"), "{warnings}");
}

#[test]
fn unknown_keys_are_warnings_with_their_line() {
    let article = ARTICLE.replace(
        "channel = \"focus\"",
        "channel = \"focus\"\nsubtitle = \"副题\"",
    );
    let output = pack_sources("unknown-key", &[("a.md", &article)]);
    assert_success(&output);
    assert!(
        stderr(&output).contains("warning: src/a.md:5: unknown key `subtitle` ignored"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn nothing_is_written_when_a_source_has_a_problem() {
    let bad = ARTICLE.replace("\"focus\"", "\"sports\"");
    let body = format!("{ARTICLE}\n![现场](media/photo.svg)\n");
    let scratch = scratch_sources(
        "nothing-written",
        &[
            ("a.md", &body),
            ("b.md", &bad),
            ("media/photo.svg", "<svg/>"),
        ],
    );
    let output = run(&scratch, &["pack", "src", "-o", "out/bundle.json"]);
    assert_failed(&output, "1 problem in src; out/bundle.json not written");
    assert!(
        !scratch.join("out").exists(),
        "{:?}",
        list(&scratch.join("out"))
    );
}

#[test]
fn keep_going_writes_the_valid_articles_and_names_the_others() {
    let unknown_channel = ARTICLE.replace("\"focus\"", "\"sports\"");
    let bad_date = ARTICLE.replace("2024-04-02T09:30:00+08:00", "2024-04-02 09:30");
    let missing_image = format!("{ARTICLE}\n![现场](media/missing.jpg)\n");
    let same_id = ARTICLE.replace("标题", "同名");
    let scratch = scratch_sources(
        "keep-going",
        &[
            ("a.md", ARTICLE),
            ("b.md", &unknown_channel),
            ("c.md", &bad_date),
            ("d.md", &missing_image),
            ("e/a.md", &same_id),
            ("f.md", &ARTICLE.replace("标题", "另一篇")),
        ],
    );
    let output = run(
        &scratch,
        &["pack", "--keep-going", "src", "-o", "out/bundle.json"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors = stderr(&output);
    for (file, line) in [
        ("src/b.md", 4),
        ("src/c.md", 3),
        ("src/d.md", 9),
        ("src/e/a.md", 1),
    ] {
        assert!(
            errors.contains(&format!("error: {file}:{line}: ")),
            "{file}:{line} in {errors}"
        );
    }
    assert!(
        errors.contains("written without 4 article files"),
        "{errors}"
    );
    assert!(
        stdout(&output).contains("out/bundle.json: 2 articles"),
        "{}",
        stdout(&output)
    );
    let json = fs::read_to_string(scratch.join("out/bundle.json")).expect("written");
    let (bundle, diagnostics) = article_viewer::bundle::from_json(&json).expect("a valid bundle");
    assert_eq!(diagnostics, []);
    let titles: Vec<&str> = bundle
        .articles()
        .iter()
        .map(|article| article.title())
        .collect();
    assert_eq!(titles, ["标题", "另一篇"]);
}

#[test]
fn help_and_usage_errors() {
    let scratch = scratch("usage");
    let output = run(&scratch, &["pack", "--help"]);
    assert_success(&output);
    assert!(stdout(&output).contains("Usage: article-viewer pack <dir> -o <bundle.json>"));
    assert!(stdout(&output).contains("TOML only"));

    let output = run(&scratch, &["pack", "src"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        // clap names the missing option in its own words.
        stderr(&output).contains("required arguments were not provided")
            && stderr(&output).contains("--output <bundle.json>"),
        "{}",
        stderr(&output)
    );
}

/// Runs `article-viewer pack <dir> -o <out>`.
fn pack(dir: &Path, out: &Path) -> Output {
    let dir = dir.to_str().expect("UTF-8 path");
    let out = out.to_str().expect("UTF-8 path");
    run(Path::new("."), &["pack", dir, "-o", out])
}

/// Writes `site.toml` (unless given) and `files` into `<scratch>/src` and packs it from `<scratch>`.
fn pack_sources(name: &str, files: &[(&str, &str)]) -> Output {
    let scratch = scratch_sources(name, files);
    run(&scratch, &["pack", "src", "-o", "out/bundle.json"])
}

fn scratch_sources(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let scratch = scratch(name);
    let sources = scratch.join("src");
    for (path, text) in [("site.toml", SITE)].iter().chain(files) {
        let path = sources.join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    scratch
}

/// An empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_pack")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clear the scratch directory");
    }
    fs::create_dir_all(&dir).expect("make the scratch directory");
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run article-viewer")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_success(output: &Output) {
    assert!(output.status.success(), "{}", stderr(output));
}

#[track_caller]
fn assert_failed(output: &Output, expected: &str) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    assert!(
        stderr(output).contains(&format!("error: {expected}")),
        "expected `error: {expected}` in:\n{}",
        stderr(output)
    );
}

/// Files under `dir`, as `/`-separated relative paths.
fn list(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
                files.push(parts.join("/"));
            }
        }
    }
    files
}

/// Compares `actual` with the file at `path`, or rewrites the file when `UPDATE_EXPECT` is set.
#[track_caller]
fn expect_file(path: &str, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(path, actual).expect("update the expected file");
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{path} differs; rerun with UPDATE_EXPECT=1 to update it. Packed:\n{actual}"
    );
}
