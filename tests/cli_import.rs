//! `article-viewer import`, run as editors run it: legacy article pages in, Markdown articles for `pack` out,
//! notes on stderr. The articles are then put in a bundle and shown, to prove nothing was lost or mangled.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use toml::de::{DeTable, DeValue};

use article_viewer::bundle::from_json;
use article_viewer::node::Node;
use article_viewer::view::article_view;

/// What one run of the command gave.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// A fresh, empty directory for the test `name`.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_import")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("the old scratch directory can be removed");
    }
    fs::create_dir_all(&dir).expect("the scratch directory can be made");
    dir
}

/// Runs `article-viewer import` with `args`.
fn import(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .arg("import")
        .args(args)
        .output()
        .expect("the command runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A front matter table: its string keys, and its tables (`[lead]`).
#[derive(Debug, Default)]
struct Table {
    strings: BTreeMap<String, String>,
    tables: BTreeMap<String, Table>,
}

impl Table {
    /// Reads a table that holds only strings and tables, as import writes them.
    #[track_caller]
    fn from_toml(table: &DeTable<'_>) -> Table {
        let mut read = Table::default();
        for (key, value) in table.iter() {
            let key = key.get_ref().to_string();
            match value.get_ref() {
                DeValue::String(text) => {
                    read.strings.insert(key, text.to_string());
                }
                DeValue::Table(inner) => {
                    read.tables.insert(key, Table::from_toml(inner));
                }
                other => panic!("{key} is a string or a table, found {other:?}"),
            }
        }
        read
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }
}

/// The front matter (read with the TOML parser `pack` uses) and the body of an imported article.
#[track_caller]
fn split_article(markdown: &str) -> (Table, String) {
    let (front_matter, body) = support::split_front_matter(markdown);
    let table = DeTable::parse(front_matter).expect("the front matter is TOML");
    (Table::from_toml(table.get_ref()), body.trim().to_owned())
}

#[track_caller]
fn string<'t>(table: &'t Table, key: &str) -> &'t str {
    table
        .get(key)
        .unwrap_or_else(|| panic!("front matter has a string {key}: {table:?}"))
}

/// The imported article in a one-article bundle, the lead given `lead_src` when it has none, then its page.
#[track_caller]
fn render(front: &Table, body: &str, lead_src: &str) -> Node {
    let lead = front.tables.get("lead");
    let json = serde_json::json!({
        "format": "article-bundle",
        "version": 1,
        "site": {"name": "投资山西", "url": "https://invest.example.cn/"},
        "channels": [{"id": string(front, "channel"), "name": string(front, "channel_name")}],
        "articles": [{
            "id": "imported-article",
            "channel": string(front, "channel"),
            "title": string(front, "title"),
            "published": string(front, "published"),
            "source": string(front, "source"),
            "author": string(front, "author"),
            "editor": string(front, "editor"),
            "lead": lead.map(|lead| serde_json::json!({
                "src": lead.get("src").unwrap_or(lead_src),
                "alt": lead.get("alt"),
                "caption": lead.get("caption"),
            })),
            "body": body,
            "byline": string(front, "byline"),
        }]
    });
    let (bundle, diagnostics) = from_json(&json.to_string()).expect("the bundle parses");
    assert_eq!(diagnostics, []);
    let article = bundle
        .article("imported-article")
        .expect("the article is in the bundle");
    article_view(
        article,
        &bundle,
        Some("https://invest.example.cn/bundles/a.json"),
    )
}

/// The text of every element with `tag` under the article body.
fn texts_of(page: &Node, tag: &str) -> Vec<String> {
    let body = page
        .descendants()
        .into_iter()
        .find(|element| {
            element
                .attr("class")
                .is_some_and(|class| class.starts_with("article-body"))
        })
        .expect("the page has an article body");
    Node::Element(body.clone())
        .descendants()
        .into_iter()
        .filter(|element| element.tag() == tag)
        .map(|element| Node::Element(element.clone()).text_content())
        .collect()
}

/// The text of the first element with `tag` on the page.
fn text_of(page: &Node, tag: &str) -> Option<String> {
    page.descendants()
        .into_iter()
        .find(|element| element.tag() == tag)
        .map(|element| Node::Element(element.clone()).text_content())
}

#[test]
fn seed_page_imports_every_field_and_renders() {
    let seed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/article-page.txt");
    // The seed is the product's reference page: without it this test would check nothing, so it fails.
    let seed_text = fs::read_to_string(&seed_path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (the seed page lies beside the repository, in shared/)",
            seed_path.display()
        )
    });
    // The seed's blocks, read independently: breadcrumb, title, meta, caption, paragraphs, four buttons.
    let lines: Vec<&str> = seed_text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let [_, _, _, caption, paragraphs @ .., _, _, _, _] = lines.as_slice() else {
        panic!("the seed page has its usual shape: {lines:?}");
    };
    let mut paragraphs: Vec<String> = paragraphs.iter().map(|line| (*line).to_owned()).collect();
    let last = paragraphs.last_mut().expect("the seed has paragraphs");
    *last = last
        .strip_suffix("(杨文俊)")
        .expect("the seed ends with its byline")
        .to_owned();

    let dir = scratch_dir("seed");
    let seed_arg = seed_path.to_string_lossy();
    let run = import(&[&seed_arg, "-o", &dir.to_string_lossy()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let out_path = dir.join("article-page.md");
    assert_eq!(run.stdout, format!("wrote {}\n", out_path.display()));
    assert_eq!(
        run.stderr,
        format!("{seed_arg}: photo caption without its photo: kept as the first paragraph; to show it as the lead photo's, move it under [lead] with the photo's src and alt\n")
    );

    let markdown = fs::read_to_string(&out_path).expect("the article was written");
    let (front, body) = split_article(&markdown);
    assert_eq!(
        string(&front, "title"),
        "山西党政代表团赴陕西学习考察 签订两省推动黄河流域生态保护和高质量发展战略合作框架协议"
    );
    assert_eq!(string(&front, "published"), "2023-07-22T12:00:00+08:00");
    assert_eq!(string(&front, "channel"), "imported");
    assert_eq!(string(&front, "channel_name"), "焦点图");
    assert_eq!(string(&front, "source"), "山西日报");
    assert_eq!(string(&front, "author"), "杨文俊");
    assert_eq!(string(&front, "editor"), "赵彦");
    assert_eq!(string(&front, "byline"), "(杨文俊)");
    // A caption without its photo is no lead (a lead is a photo): it stays, as the first paragraph.
    assert!(!front.tables.contains_key("lead"), "{markdown}");
    assert!(caption.starts_with("7月21日") && caption.ends_with("记者 史晓波摄"));
    let mut shown = vec![(*caption).to_owned()];
    shown.extend(paragraphs);
    assert_eq!(body.split("\n\n").collect::<Vec<_>>(), shown);

    let page = render(&front, &body, "unused.svg");
    assert_eq!(texts_of(&page, "p"), shown);
    assert_eq!(text_of(&page, "figcaption"), None);
    assert_eq!(
        text_of(&page, "h1").as_deref(),
        Some(string(&front, "title"))
    );

    // And `pack` takes the file as it was written, without a hand edit.
    fs::write(
        dir.join("site.toml"),
        "[site]\nname = \"投资山西\"\nurl = \"https://invest.example.cn/\"\n\n[[channels]]\nid = \"imported\"\nname = \"焦点图\"\n",
    )
    .expect("site.toml");
    let packed = Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .args(["pack", &dir.to_string_lossy(), "-o"])
        .arg(dir.join("out/bundle.json"))
        .output()
        .expect("the command runs");
    assert!(
        packed.status.success(),
        "{}",
        String::from_utf8_lossy(&packed.stderr)
    );
}

#[test]
fn portal_page_imports_with_its_fields() {
    let dir = scratch_dir("portal");
    let page_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/portal-page.html");
    let page_arg = page_path.to_string_lossy();
    let run = import(&[
        &page_arg,
        "-o",
        &dir.to_string_lossy(),
        "--channel",
        "economy",
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for note in [
        "unknown meta field “浏览次数” (value “1024”) ignored",
        "skipped 5 text blocks outside the article text, such as “相关新闻”",
    ] {
        assert!(
            run.stderr.contains(&format!("{page_arg}: {note}")),
            "{note:?} in {}",
            run.stderr
        );
    }
    for button in ["客户端中查看", "手机中查看", "分享", "×"] {
        assert!(
            !run.stderr.contains(button),
            "{button} is dropped silently: {}",
            run.stderr
        );
    }

    let markdown = fs::read_to_string(dir.join("portal-page.md")).expect("the article was written");
    let (front, body) = split_article(&markdown);
    assert_eq!(
        string(&front, "title"),
        "太原综保区一季度进出口额同比增长两成"
    );
    assert_eq!(string(&front, "published"), "2024-03-18T09:30:00+08:00");
    assert_eq!(string(&front, "channel"), "economy");
    assert_eq!(string(&front, "channel_name"), "经济动态");
    assert_eq!(string(&front, "source"), "山西经济日报");
    assert_eq!(string(&front, "author"), "王晓燕");
    assert_eq!(string(&front, "editor"), "刘建国");
    assert_eq!(string(&front, "byline"), "（王晓燕）");
    assert_eq!(
        string(&front, "url"),
        "https://www.sanjin-invest.example.cn/jjdt/202403/t20240318_4821.html"
    );
    let lead = front.tables.get("lead").expect("the page has a lead photo");
    assert_eq!(
        string(lead, "src"),
        "https://www.sanjin-invest.example.cn/uploads/2024/03/zongbaoqu-line.jpg"
    );
    assert_eq!(string(lead, "alt"), "太原综合保税区一家电子企业的装配线");
    assert_eq!(
        string(lead, "caption"),
        "3月15日，太原综合保税区一家电子企业的工人正在检测即将出口的产品。记者 陈立 摄"
    );

    let page = render(&front, &body, "unused.jpg");
    let paragraphs = texts_of(&page, "p");
    assert_eq!(paragraphs.len(), 6, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("记者从太原综合保税区管委会获悉"));
    assert!(paragraphs[1].starts_with("“我们把通关流程从原来的6个环节压缩到3个"));
    assert!(paragraphs[1].contains("企业通关成本下降约15%。"));
    assert!(paragraphs[2].contains("区内企业加大R&D投入"));
    assert!(paragraphs[3].starts_with("1.5亿元的保税维修项目"));
    assert!(paragraphs[4].contains("围绕*跨境电商*、保税维修、[文化艺术品]保税展示等新业态"));
    assert!(paragraphs[5].ends_with("形成了电子信息、新材料、跨境电商等产业集群。"));
    assert_eq!(texts_of(&page, "h3"), ["研发投入持续加大"]);
    assert_eq!(texts_of(&page, "em"), Vec::<String>::new());
    assert_eq!(texts_of(&page, "a"), Vec::<String>::new());
}

#[test]
fn unreadable_page_is_named_and_the_others_still_import() {
    let dir = scratch_dir("unreadable");
    let good = dir.join("good.txt");
    fs::write(
        &good,
        "标题\n\n发布时间：2023-07-22 12:00:00 | 来源：山西日报\n\n第一段。（记者）",
    )
    .expect("write");
    let missing = dir.join("no-such-page.txt");
    let run = import(&[
        &missing.to_string_lossy(),
        &good.to_string_lossy(),
        "-o",
        &dir.to_string_lossy(),
    ]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("error: {}: cannot read: ", missing.display())),
        "{}",
        run.stderr
    );
    assert!(dir.join("good.md").exists(), "{run:?}");
    assert!(!dir.join("no-such-page.md").exists());
}

#[test]
fn page_that_is_not_utf8_is_refused_with_advice() {
    let dir = scratch_dir("gbk");
    let page = dir.join("gbk.txt");
    // 山西 in GBK.
    fs::write(&page, [0xc9, 0xbd, 0xce, 0xf7]).expect("write");
    let run = import(&[&page.to_string_lossy(), "-o", &dir.to_string_lossy()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        format!(
            "error: {}: cannot read: not UTF-8 text, and the page declares no other encoding; convert it first, for example with `iconv -f GBK -t UTF-8`\n",
            page.display()
        )
    );
}

/// Imports the fixture `tests/data/import/<name>.html` into a scratch folder; returns its front matter and body.
fn import_fixture(name: &str) -> (Table, String) {
    let dir = scratch_dir(name);
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/import/{name}.html"));
    let run = import(&[&page.to_string_lossy(), "-o", &dir.to_string_lossy()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let markdown =
        fs::read_to_string(dir.join(format!("{name}.md"))).expect("the article was written");
    split_article(&markdown)
}

#[test]
fn upper_case_and_unquoted_markup_is_read_as_browsers_read_it() {
    // `<BR>` is a void element, not one that swallows the rest; `src=images/…` stays out of the text; `&nbsp[`
    // is a space (import writes white space as spaces) before `[`.
    let (front, body) = import_fixture("upper-case-markup");
    assert_eq!(string(&front, "title"), "晋中市召开重点项目推进会");
    assert_eq!(string(&front, "published"), "2021-05-06T10:20:00+08:00");
    assert_eq!(string(&front, "source"), "晋中日报");
    assert_eq!(string(&front, "channel_name"), "新闻中心");
    // The body's Markdown: `[` escaped so that it stays text.
    for part in [
        "第一段\n\n的一段，会议强调",
        "第二段 \\[图\\]会议指出",
        "第三段，与会人员",
    ] {
        assert!(body.contains(part), "{part:?} in {body}");
    }
    for leaked in ["src=", "height", "gif", "&nbsp"] {
        assert!(!body.contains(leaked), "{leaked} in {body}");
    }
}

#[test]
fn pages_in_the_encoding_they_declare_are_read() {
    for (name, title, published, first) in [
        (
            "gbk-meta-charset",
            "太谷区新增三个农业产业化项目",
            "2020-01-02T17:11:00+08:00",
            "记者从太谷区农业农村局获悉",
        ),
        (
            "gb2312-http-equiv",
            "阳泉市举办招商引资推介会",
            "2019-12-10T07:57:40+08:00",
            "阳泉市近日在太原举办招商引资推介会",
        ),
    ] {
        let (front, body) = import_fixture(name);
        assert_eq!(string(&front, "title"), title, "{name}");
        assert_eq!(string(&front, "published"), published, "{name}");
        assert!(body.starts_with(first), "{name}: {body}");
    }
}

#[test]
fn dates_are_read_as_portals_print_and_declare_them() {
    for (name, published, source) in [
        (
            "date-before-source",
            "2019-09-07T13:43:45+08:00",
            Some("证券市场红周刊"),
        ),
        (
            "date-chinese-format",
            "2019-06-15T08:18:00+08:00",
            Some("人民网"),
        ),
        (
            "source-before-date",
            "2019-12-10T07:57:40+08:00",
            Some("新华网"),
        ),
        ("date-alone-time-class", "2020-01-02T17:11:00+08:00", None),
        (
            "meta-article-published-time",
            "2021-03-04T08:30:00+08:00",
            None,
        ),
        ("meta-publishdate", "2022-07-08T16:45:00+08:00", None),
        ("meta-pubdate", "2020-11-12T09:05:00+08:00", None),
        ("json-ld-date-published", "2022-01-20T10:00:00+08:00", None),
        // The date after the source's value, with no label or separator of its own; then the page's font controls.
        (
            "source-then-date-no-separator",
            "2019-12-10T07:57:00+08:00",
            Some("大同新闻客户端"),
        ),
        // Shown without its time of day, declared with it: the declared time of the same day.
        (
            "date-only-shown-time-declared",
            "2020-01-02T17:11:00+08:00",
            Some("大同市人民政府办公室"),
        ),
        // A source without 来源, in an element that says it is the source; a source only the metadata names.
        (
            "source-unlabelled-in-marked-element",
            "2022-05-06T10:20:00+08:00",
            Some("北方财经周刊"),
        ),
        (
            "source-only-in-meta",
            "2021-04-08T09:12:00+08:00",
            Some("大同日报"),
        ),
        // The date and the source in one element named for both (`date-source`): the date is no source.
        (
            "date-and-source-in-one-element",
            "2020-03-05T09:12:00+08:00",
            Some("大同日报"),
        ),
        // 信息来源 read as 来源, its value ending where a field of a label unknown here (浏览次数：) starts.
        (
            "source-then-unknown-label",
            "2021-07-08T09:12:00+08:00",
            Some("大同市文化和旅游局"),
        ),
    ] {
        let (front, body) = import_fixture(name);
        assert_eq!(string(&front, "title"), "大同市文旅项目集中开工", "{name}");
        assert_eq!(string(&front, "published"), published, "{name}");
        assert_eq!(front.get("source"), source, "{name}");
        assert!(
            body.starts_with("记者从大同市文化和旅游局获悉"),
            "{name}: {body}"
        );
        assert!(
            !body.contains("2019") && !body.contains("来源"),
            "{name}: the meta line is not body: {body}"
        );
    }
}

#[test]
fn the_headline_is_the_one_the_page_declares_not_a_logo_or_sidebar() {
    for (name, title, first) in [
        (
            "title-logo-in-h1",
            "郑州地铁新线开通运营",
            "郑州地铁又一条新线今天开通运营",
        ),
        (
            "title-sidebar-h1-og-title",
            "基层治理的新探索",
            "在不少地方，基层治理正从",
        ),
    ] {
        let (front, body) = import_fixture(name);
        assert_eq!(string(&front, "title"), title, "{name}");
        assert!(body.starts_with(first), "{name}: {body}");
        assert!(
            front.get("published").is_some(),
            "{name}: the meta line after the headline is read"
        );
    }
}

#[test]
fn metadata_keeps_names_not_what_portals_print_after_them() {
    let (front, body) = import_fixture("metadata-junk");
    assert_eq!(string(&front, "editor"), "刘欢");
    assert_eq!(
        front.get("byline"),
        None,
        "a note about the original title is no byline"
    );
    assert!(
        body.ends_with("（原题为《运城苹果坐上中欧班列》）"),
        "{body}"
    );
    assert!(!body.contains("返回搜狐"), "{body}");
}

#[test]
fn images_are_resolved_against_where_the_page_was_published_or_dropped_with_a_note() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import/relative-images-no-base.html");
    let page_arg = page.to_string_lossy();
    // Nowhere to resolve them against: dropped, each with a note; the logo and the spacer are no lead photo.
    let dir = scratch_dir("relative-images");
    let run = import(&[&page_arg, "-o", &dir.to_string_lossy()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for note in [
        "lead photo “../../images/2023/04/line.jpg” dropped",
        "body image “detail.jpg” dropped",
        "give --base-url",
    ] {
        assert!(run.stderr.contains(note), "{note} in {}", run.stderr);
    }
    let markdown = fs::read_to_string(dir.join("relative-images-no-base.md")).expect("written");
    let (front, body) = split_article(&markdown);
    assert!(!front.tables.contains_key("lead"), "{markdown}");
    assert!(!body.contains("!["), "{body}");
    // With --base-url: absolute URLs.
    let run = import(&[
        &page_arg,
        "-o",
        &dir.to_string_lossy(),
        "--base-url",
        "https://www.changzhi.example.cn/news/2023/04/t20230418_1.html",
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let markdown = fs::read_to_string(dir.join("relative-images-no-base.md")).expect("written");
    let (front, body) = split_article(&markdown);
    let lead = front.tables.get("lead").expect("a lead photo");
    assert_eq!(
        string(lead, "src"),
        "https://www.changzhi.example.cn/news/images/2023/04/line.jpg"
    );
    assert_eq!(string(lead, "alt"), "电池生产线");
    assert!(
        body.contains("![车间一角](https://www.changzhi.example.cn/news/2023/04/detail.jpg)"),
        "{body}"
    );
    let run = import(&[
        &page_arg,
        "-o",
        &dir.to_string_lossy(),
        "--base-url",
        "news/",
    ]);
    assert_eq!(
        run.code,
        Some(2),
        "a relative --base-url is a usage error: {run:?}"
    );
}

#[test]
fn the_body_is_the_text_not_hidden_links_or_a_list_of_titles() {
    // A government page's 128 hidden county-site links and a list of related titles outweigh the article in
    // characters; hidden elements are skipped and text without sentence punctuation hardly counts.
    let (front, body) = import_fixture("hidden-links-and-related-list");
    assert_eq!(string(&front, "title"), "全省一季度重点工程开工率超九成");
    assert_eq!(
        body,
        "一季度，全省重点工程项目开工率达到百分之九十二，完成投资同比增长百分之十五。\n\n\
         省发展改革委表示，将继续强化要素保障，推动项目早开工、早投产、早见效。"
    );
}

#[test]
fn the_body_is_the_article_not_teasers_links_or_a_player() {
    let expected =
        "记者从大同市文化和旅游局获悉，今年首批十个文旅项目近日集中开工，总投资五十亿元。\n\n\
                    这些项目涵盖古城保护、乡村旅游和文化演艺等领域，建成后将进一步丰富游客体验。";
    // A feed of headline links with their summaries, longer than the article: list items' text weighs a quarter,
    // links' text nothing.
    let (front, body) = import_fixture("teaser-feed-longer-than-body");
    assert_eq!(string(&front, "source"), "大同日报");
    assert_eq!(body, expected);
    // Inside the article's element: a video player's placeholder (skipped, the body goes on), a line that is all
    // link (返回首页，查看更多) and 【纠错】.
    let (_, body) = import_fixture("links-and-player-inside-body");
    assert_eq!(body, expected);
    // The 责任编辑 line with an ad after it, both inside the article's element: the editor, and no ad.
    let (front, body) = import_fixture("editor-line-before-an-ad");
    assert_eq!(string(&front, "editor"), "王五");
    assert_eq!(body, expected);
}

#[test]
fn a_saved_wechat_article_keeps_its_body_and_account() {
    // WeChat's saved pages keep `visibility: hidden` on the text its script reveals; the account's name, in an
    // element WeChat calls its nickname, is the source; the hidden profile card is not read.
    let (front, body) = import_fixture("body-visibility-hidden");
    assert_eq!(string(&front, "title"), "古城墙修缮完工 夜游线路下月开放");
    assert_eq!(string(&front, "published"), "2021-03-04T18:20:00+08:00");
    assert_eq!(string(&front, "source"), "大同文旅");
    assert!(
        body.starts_with("历时两年的古城墙东段修缮工程日前完工"),
        "{body}"
    );
    assert!(
        body.contains("![](https://mmbiz.example.cn/wall/0.jpeg)"),
        "{body}"
    );
    assert!(body.ends_with("最大限度保留了城墙的历史风貌。"), "{body}");
    for chrome in ["阅读原文", "喜欢此内容", "讲好文旅故事"] {
        assert!(!body.contains(chrome), "{chrome} in {body}");
    }
}

#[test]
fn text_without_meta_line_is_noted() {
    let dir = scratch_dir("no-meta");
    let page = dir.join("no-meta.txt");
    fs::write(
        &page,
        "投资山西 > 焦点图 >\n\n标题\n\n第一段。\n\n第二段。(杨文俊)\n\n分享\n\nx\n",
    )
    .expect("write");
    let run = import(&[&page.to_string_lossy(), "-o", &dir.to_string_lossy()]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "{}: no meta line (发布时间：… | 来源：… | 作者：… | 责任编辑：…) after the title",
            page.display()
        )),
        "{}",
        run.stderr
    );
    let markdown = fs::read_to_string(dir.join("no-meta.md")).expect("the article was written");
    let (front, body) = split_article(&markdown);
    assert_eq!(string(&front, "title"), "标题");
    assert_eq!(front.get("published"), None);
    assert_eq!(body, "第一段。\n\n第二段。");
}

#[test]
fn empty_page_has_no_title() {
    let dir = scratch_dir("empty");
    let page = dir.join("empty.txt");
    fs::write(&page, "").expect("write");
    let run = import(&[&page.to_string_lossy(), "-o", &dir.to_string_lossy()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        format!(
            "error: {}: no title: expected a title line before the 发布时间 line\n",
            page.display()
        )
    );
    assert!(!dir.join("empty.md").exists());
}

#[test]
fn options_set_offset_channel_and_id() {
    let dir = scratch_dir("options");
    let page = dir.join("jin shaan#2023.txt");
    fs::write(&page, "标题\n\n发布时间：2023-07-22 12:00:00\n\n第一段。").expect("write");
    let run = import(&[
        &page.to_string_lossy(),
        "--offset",
        "-05:00",
        "--channel=focus",
        "-o",
        &dir.to_string_lossy(),
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let markdown = fs::read_to_string(dir.join("jin-shaan-2023.md"))
        .expect("the id is the sanitised file name");
    let (front, _) = split_article(&markdown);
    assert_eq!(string(&front, "published"), "2023-07-22T12:00:00-05:00");
    assert_eq!(string(&front, "channel"), "focus");
}

#[test]
fn wrong_command_lines_are_usage_errors() {
    for args in [
        &[][..],
        &["page.txt", "--offset", "8h"],
        &["page.txt", "--channel", "Focus"],
        &["page.txt", "--json"],
    ] {
        let run = import(args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(run.stderr.starts_with("error: "), "{args:?}: {run:?}");
    }
}

#[test]
fn help_explains_the_command() {
    let run = import(&["--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for part in [
        "Usage: article-viewer import <page.txt|page.html>... [-o <dir>]",
        "--channel <id>",
        "--offset <+HH:MM>",
        "+08:00, China time",
    ] {
        assert!(run.stdout.contains(part), "{part:?} in {}", run.stdout);
    }
}
