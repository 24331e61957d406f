use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::bundle;

use super::article::split_front_matter;
use super::document::{article_path, line_of};
use super::images::{local_path, target_path};
use super::source::line_column;

#[test]
fn front_matter_and_body_are_split_at_the_fences() {
    let text = "+++\ntitle = \"a\"\n+++\n\n\nBody line\n\nMore.\n\n";
    let parts = split_front_matter(text).expect("a closed front matter");
    assert_eq!(parts.front_matter, "title = \"a\"\n");
    assert_eq!(parts.front_matter_offset, 4);
    assert_eq!(parts.body, "Body line\n\nMore.");
    assert_eq!(line_column(text, parts.body_offset), (6, 1));
}

#[test]
fn an_empty_body_is_allowed() {
    let parts = split_front_matter("+++\n+++").expect("a closed front matter");
    assert_eq!((parts.front_matter, parts.body), ("", ""));
}

#[test]
fn yaml_front_matter_gets_a_hint() {
    let message = split_front_matter("---\ntitle: a\n---\n").expect_err("YAML is not read");
    assert!(message.contains("YAML"), "{message}");
}

#[test]
fn an_unclosed_front_matter_is_refused() {
    let message = split_front_matter("+++\ntitle = \"a\"\n").expect_err("no closing fence");
    assert!(message.contains("not closed"), "{message}");
}

#[test]
fn only_relative_paths_are_local_images() {
    assert_eq!(local_path("media/lead.svg"), Some("media/lead.svg"));
    assert_eq!(local_path("./a%20b.png?v=2#x"), Some("./a%20b.png"));
    for url in [
        "https://example.cn/a.png",
        "data:image/png;base64,AAAA",
        "/media/a.png",
        "//cdn.example.cn/a.png",
        "#/article/a",
        "",
    ] {
        assert_eq!(local_path(url), None, "{url}");
    }
}

#[test]
fn targets_stay_inside_the_bundle_directory() {
    assert_eq!(
        target_path("./media/../media/a%20b.png"),
        Some(PathBuf::from("media/a b.png"))
    );
    assert_eq!(target_path("../a.png"), None);
    assert_eq!(target_path("media/../../a.png"), None);
}

#[test]
fn lines_and_columns_count_characters() {
    let text = "一二\n三四五";
    assert_eq!(line_column(text, 0), (1, 1));
    assert_eq!(line_column(text, "一二\n三".len()), (2, 2));
    assert_eq!(line_column(text, 1000), (2, 4));
}

#[test]
fn diagnostics_fall_back_to_the_enclosing_path() {
    let lines = BTreeMap::from([("lead".to_owned(), 7), ("channels[1].id".to_owned(), 9)]);
    assert_eq!(line_of(&lines, "lead.src"), Some(7));
    assert_eq!(line_of(&lines, "channels[1].id"), Some(9));
    assert_eq!(line_of(&lines, "channels[2].name"), None);
    assert_eq!(article_path("articles[3].lead.src"), Some((3, "lead.src")));
    assert_eq!(article_path("articles[0]"), Some((0, "")));
}

#[test]
fn the_sample_bundle_is_written_back_byte_for_byte() {
    let text = include_str!("../../../www/bundles/sample.json");
    let (bundle, diagnostics) = bundle::from_json(text).expect("the sample is a bundle");
    assert_eq!(diagnostics, []);
    assert_eq!(bundle::to_json(&bundle), text);
}

#[test]
fn the_bundle_is_written_as_the_viewer_reads_it() {
    // Padding is trimmed, and values that mean the same as no value are left out.
    let text = r#"{"format": "article-bundle", "version": 1,
        "site": {"name": " 站 ", "url": "https://example.cn/", "indent_paragraphs": false},
        "channels": [{"id": "a", "name": "频道"}],
        "articles": [{"id": "x", "channel": "a", "title": "标题", "published": "2024-01-02T08:00:00+08:00",
            "source": "", "lead": {"src": "a.png", "alt": "", "width": 4, "height": 3}, "body": "正文"}]}"#;
    let (bundle, diagnostics) = bundle::from_json(text).expect("a bundle");
    assert_eq!(diagnostics, []);
    let written = bundle::to_json(&bundle);
    assert_eq!(
        written,
        r#"{
  "format": "article-bundle",
  "version": 1,
  "site": {
    "name": "站",
    "url": "https://example.cn/"
  },
  "channels": [
    {
      "id": "a",
      "name": "频道"
    }
  ],
  "articles": [
    {
      "id": "x",
      "channel": "a",
      "title": "标题",
      "published": "2024-01-02T08:00:00+08:00",
      "lead": {
        "src": "a.png",
        "width": 4,
        "height": 3
      },
      "body": "正文"
    }
  ]
}
"#
    );
    let (read_back, _) = bundle::from_json(&written).expect("a bundle");
    assert_eq!(read_back, bundle);
}
