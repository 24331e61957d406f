//! `article-viewer check`, run as editors run it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

fn check(args: &[&str]) -> (i32, String) {
    let run = support::article_viewer(std::iter::once("check").chain(args.iter().copied()));
    (run.code, run.stdout)
}

#[test]
fn a_good_bundle_passes() {
    let (code, out) = check(&["www/bundles/sample.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn each_problem_is_named_with_file_line_column_and_path() {
    let (code, out) = check(&[
        "tests/data/partly-bad.json",
        "tests/data/broken-bundle.json",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("tests/data/partly-bad.json:23:20: error: article \"changzhi-battery-2023\" skipped: articles[1].published: expected an RFC 3339"),
        "{out}"
    );
    assert!(
        out.contains(r#"tests/data/broken-bundle.json:6:12: error: site.url: expected an absolute http(s) URL, found "invest""#),
        "{out}"
    );
}

#[test]
fn http_images_are_warnings_named_by_their_field() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_check");
    std::fs::create_dir_all(&dir).expect("scratch");
    let sample = std::fs::read_to_string("www/bundles/sample.json").expect("the sample");
    let mut json: serde_json::Value = serde_json::from_str(&sample).expect("JSON");
    json["articles"][1]["body"] = "正文\n\n<img src=\"http://img.example.cn/a.png\">".into();
    let file = dir.join("http-image.json");
    std::fs::write(&file, serde_json::to_string_pretty(&json).expect("JSON")).expect("written");
    let (code, out) = check(&[file.to_str().expect("UTF-8")]);
    assert_eq!(code, 0, "a warning, not an error: {out}");
    assert!(
        out.contains("warning: articles[1].body: image http://img.example.cn/a.png is http:, which the viewer's page blocks"),
        "{out}"
    );
    assert!(out.contains("0 error(s), 1 warning(s)"), "{out}");
}

#[test]
fn json_output_is_machine_readable() {
    let (code, out) = check(&["--json", "tests/data/broken-bundle.json"]);
    assert_eq!(code, 1);
    let problems: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(problems[0]["path"], "site.url");
    assert_eq!(problems[0]["line"], 6);
    assert_eq!(problems[0]["severity"], "error");
}

#[test]
fn unreadable_and_truncated_files_are_errors_with_their_names() {
    let (code, out) = check(&["tests/data/no-such-bundle.json"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "tests/data/no-such-bundle.json: error: cannot read tests/data/no-such-bundle.json"
        ),
        "{out}"
    );
    let dir = std::env::temp_dir().join(format!("article-viewer-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let truncated = dir.join("truncated.json");
    std::fs::write(&truncated, "{\"format\": \"article-bundle\",\n \"site\": {").expect("written");
    let (code, out) = check(&[truncated.to_str().expect("utf-8 path")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("truncated.json:2:10: error: not valid JSON"),
        "{out}"
    );
}

#[test]
fn help_explains_the_command() {
    let (code, out) = check(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: article-viewer check"), "{out}");
}
