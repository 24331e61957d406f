use clap::Parser;

use crate::cli::{Cli, Command};

use super::fields::{looks_like_caption, parse_published, split_byline};
use super::page::{strip_non_content, Page, Piece};
use super::write::escape_markdown;
use super::*;

/// The seed page's shape, with short made-up text.
const SHORT_PAGE: &str = "投资山西 > 焦点图 >\n\n标题一行\n\n\
    发布时间:2023-07-22 12:00:00 | 来源:山西日报 | 作者:杨文俊 | 责任编辑:赵彦\n\n\
    7月21日，会议在太原举行。记者 史晓波摄\n\n第一段。\n\n第二段。(杨文俊)\n\n客户端中查看\n\n手机中查看\n\n分享\n\nx";

#[track_caller]
fn text(page: &str) -> Imported {
    import_text(page, &ImportOptions::default()).expect("the page has a title")
}

#[track_caller]
fn html(page: &str) -> Imported {
    import_html(page, &ImportOptions::default()).expect("the page has a title")
}

fn paragraphs(imported: &Imported) -> Vec<&str> {
    imported
        .body
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(text) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The meta line's fields as read: 发布时间 (RFC 3339), 来源, 作者 and 责任编辑.
#[track_caller]
fn assert_meta(
    imported: &Imported,
    published: &str,
    source: &str,
    author: &str,
    editor: Option<&str>,
) {
    assert_eq!(imported.published.as_deref(), Some(published));
    assert_eq!(imported.source.as_deref(), Some(source));
    assert_eq!(imported.author.as_deref(), Some(author));
    assert_eq!(imported.editor.as_deref(), editor);
}

#[track_caller]
fn assert_noted(imported: &Imported, fragment: &str) {
    assert!(
        imported.notes.iter().any(|note| note.contains(fragment)),
        "no note with {fragment:?} in {:#?}",
        imported.notes
    );
}

#[test]
fn text_page_splits_into_fields() {
    let imported = text(SHORT_PAGE);
    assert_eq!(imported.site_name.as_deref(), Some("投资山西"));
    assert_eq!(imported.channel_name.as_deref(), Some("焦点图"));
    assert_eq!(imported.channel, "imported");
    assert_eq!(imported.title, "标题一行");
    assert_meta(
        &imported,
        "2023-07-22T12:00:00+08:00",
        "山西日报",
        "杨文俊",
        Some("赵彦"),
    );
    let lead = imported.lead.as_ref().expect("the caption makes a lead");
    assert_eq!(
        lead.caption.as_deref(),
        Some("7月21日，会议在太原举行。记者 史晓波摄")
    );
    assert_eq!(lead.src, None);
    assert_eq!(paragraphs(&imported), ["第一段。", "第二段。"]);
    assert_eq!(imported.byline.as_deref(), Some("(杨文俊)"));
    assert_eq!(imported.notes.len(), 1, "{:?}", imported.notes);
    assert_noted(
        &imported,
        "photo caption without its photo: kept as the first paragraph",
    );
}

#[test]
fn text_page_becomes_front_matter_and_body() {
    let expected = "+++\n\
        title = \"标题一行\"\n\
        published = \"2023-07-22T12:00:00+08:00\"\n\
        channel = \"imported\"\n\
        channel_name = \"焦点图\"\n\
        source = \"山西日报\"\n\
        author = \"杨文俊\"\n\
        editor = \"赵彦\"\n\
        byline = \"(杨文俊)\"\n\
        # site: 投资山西 (from the breadcrumb; the site is set in site.toml)\n\
        +++\n\
        \n\
        7月21日，会议在太原举行。记者 史晓波摄\n\
        \n\
        第一段。\n\
        \n\
        第二段。\n";
    assert_eq!(text(SHORT_PAGE).to_markdown(), expected);
}

#[test]
fn options_set_offset_and_channel() {
    let options = ImportOptions {
        offset: "-05:00".to_owned(),
        channel: "focus".to_owned(),
        base_url: None,
    };
    let imported = import_text(SHORT_PAGE, &options).expect("the page has a title");
    assert_eq!(
        imported.published.as_deref(),
        Some("2023-07-22T12:00:00-05:00")
    );
    assert!(imported.to_markdown().contains("channel = \"focus\"\n"));
}

#[test]
fn empty_or_button_only_page_has_no_title() {
    let options = ImportOptions::default();
    assert_eq!(import_text("", &options), Err(ImportError::NoTitle));
    assert_eq!(import_text("\n  \n", &options), Err(ImportError::NoTitle));
    assert_eq!(
        import_text("客户端中查看\n手机中查看\n分享\nx", &options),
        Err(ImportError::NoTitle)
    );
    assert_eq!(
        import_text("投资山西 > 焦点图 >\n", &options),
        Err(ImportError::NoTitle)
    );
    assert_eq!(
        import_text(
            "发布时间：2023-07-22 12:00:00 | 来源：山西日报\n\n第一段。",
            &options
        ),
        Err(ImportError::NoTitle)
    );
    assert_eq!(import_html("", &options), Err(ImportError::NoTitle));
    assert_eq!(
        import_html("<html><body><p></p></body></html>", &options),
        Err(ImportError::NoTitle)
    );
    assert_eq!(
        ImportError::NoTitle.to_string(),
        "no title: expected a title line before the 发布时间 line"
    );
}

#[test]
fn text_without_meta_line_is_noted() {
    let imported = text("标题\n\n第一段。\n\n第二段。（新华社）");
    assert_eq!(imported.title, "标题");
    assert_eq!(imported.published, None);
    assert_eq!(paragraphs(&imported), ["第一段。", "第二段。"]);
    assert_eq!(imported.byline.as_deref(), Some("（新华社）"));
    assert_noted(&imported, "no meta line");
    assert_noted(&imported, "no breadcrumb");
    assert_noted(&imported, "no photo caption");
}

#[test]
fn meta_line_accepts_full_width_separators_and_reports_unknown_labels() {
    let imported = text("标题\n发布时间：2023-07-22 12:00 ｜ 来源：山西日报｜浏览：23｜作者:杨文俊 | 责任编辑 ： 赵彦\n第一段。");
    assert_meta(
        &imported,
        "2023-07-22T12:00:00+08:00",
        "山西日报",
        "杨文俊",
        Some("赵彦"),
    );
    assert_noted(&imported, "unknown meta field “浏览” (value “23”)");
}

#[test]
fn meta_fields_without_separators_split_at_labels() {
    let imported =
        text("标题\n发布时间：2023年7月22日 09:05 来源：山西日报 作者：杨文俊\n第一段。");
    assert_meta(
        &imported,
        "2023-07-22T09:05:00+08:00",
        "山西日报",
        "杨文俊",
        None,
    );
    assert_noted(&imported, "meta line has no 责任编辑");
}

#[test]
fn published_is_read_in_several_forms() {
    let mut notes = Vec::new();
    let offset = "+08:00";
    assert_eq!(
        parse_published("2023/7/2 8:00", offset, &mut notes).as_deref(),
        Some("2023-07-02T08:00:00+08:00")
    );
    assert_eq!(
        parse_published("2023-07-22T12:00:00+09:00", offset, &mut notes).as_deref(),
        Some("2023-07-22T12:00:00+09:00")
    );
    assert_eq!(notes, Vec::<String>::new());
    assert_eq!(
        parse_published("2023-07-22", offset, &mut notes).as_deref(),
        Some("2023-07-22T00:00:00+08:00")
    );
    assert_eq!(notes, ["发布时间 has no time of day: 00:00:00 assumed"]);
    notes.clear();
    assert_eq!(
        parse_published("2023-02-30 10:00", offset, &mut notes),
        None
    );
    assert_eq!(parse_published("昨天", offset, &mut notes), None);
    assert_eq!(notes.len(), 2, "{notes:?}");
}

#[test]
fn caption_must_look_like_one() {
    assert!(looks_like_caption(
        "7月21日，会议在西安市举行。记者 史晓波摄"
    ));
    assert!(looks_like_caption("游客在景区游览。（记者 孙磊 摄）"));
    assert!(looks_like_caption("图为新建成的大桥。王明 供图"));
    assert!(!looks_like_caption(
        "为深入贯彻落实会议精神，记者走访了多家企业。"
    ));
    let imported = text("标题\n发布时间：2023-07-22 12:00:00\n第一段不是图片说明。\n第二段。");
    assert_eq!(imported.lead, None);
    assert_eq!(paragraphs(&imported), ["第一段不是图片说明。", "第二段。"]);
    assert_noted(&imported, "no photo caption");
}

#[test]
fn byline_is_split_only_after_a_sentence() {
    assert_eq!(
        split_byline("参加有关活动。(杨文俊)"),
        Some(("参加有关活动。".to_owned(), "(杨文俊)".to_owned()))
    );
    assert_eq!(
        split_byline("（完）"),
        Some((String::new(), "（完）".to_owned()))
    );
    assert_eq!(split_byline("来到中欧班列(西安)"), None);
    assert_eq!(split_byline("没有署名。"), None);
    let imported = text("标题\n发布时间：2023-07-22 12:00:00\n第一段。\n（记者 杨文俊）");
    assert_eq!(paragraphs(&imported), ["第一段。"]);
    assert_eq!(imported.byline.as_deref(), Some("（记者 杨文俊）"));
}

#[test]
fn closing_editor_line_fills_the_editor() {
    let imported =
        text("标题\n发布时间：2023-07-22 12:00:00\n第一段。(杨文俊)\n【责任编辑：赵彦】");
    assert_eq!(imported.editor.as_deref(), Some("赵彦"));
    assert_eq!(imported.byline.as_deref(), Some("(杨文俊)"));
    assert_eq!(paragraphs(&imported), ["第一段。"]);
}

#[test]
fn breadcrumb_forms() {
    let imported =
        text("当前位置：首页 > 经济动态 > 正文\n标题\n发布时间：2023-07-22 12:00:00\n第一段。");
    assert_eq!(imported.site_name, None);
    assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
    let imported =
        text("三晋投资网 » 新闻中心 » 经济动态\n标题\n发布时间：2023-07-22 12:00:00\n第一段。");
    assert_eq!(imported.site_name.as_deref(), Some("三晋投资网"));
    assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
    assert_noted(&imported, "breadcrumb steps “新闻中心” ignored");
}

#[test]
fn page_controls_are_dropped_with_a_note() {
    let imported =
        text("标题\n发布时间：2023-07-22 12:00:00\n【打印本页】\n第一段。\n分享\n【关闭窗口】");
    assert_eq!(paragraphs(&imported), ["第一段。"]);
    assert_noted(&imported, "dropped page control text “【打印本页】”");
}

#[test]
fn markdown_syntax_stays_text() {
    assert_eq!(escape_markdown("# 标题"), r"\# 标题");
    assert_eq!(escape_markdown("> 引用"), r"\> 引用");
    assert_eq!(escape_markdown("- 一"), r"\- 一");
    assert_eq!(escape_markdown("+++"), r"\+++");
    assert_eq!(escape_markdown("* 二"), r"\* 二");
    assert_eq!(escape_markdown("1. 第一"), r"1\. 第一");
    assert_eq!(escape_markdown("2023) 年"), r"2023\) 年");
    assert_eq!(escape_markdown("2023年，1.5亿元"), "2023年，1.5亿元");
    assert_eq!(
        escape_markdown(r"*强调* _斜_ `代码` [链接](x) <b> a\b R&D ~~删~~"),
        r"\*强调\* \_斜\_ \`代码\` \[链接\](x) \<b> a\\b R\&D \~\~删\~\~"
    );
}

#[test]
fn escaped_body_renders_as_the_text() {
    let texts = [
        "# 不是标题",
        "1. 不是列表",
        "*不是强调*、[不是链接](https://example.cn)、<b>不是标签</b>、&amp; 不是实体、a\\b",
        "- 不是列表 | 也不是表格 |",
    ];
    let imported = Imported {
        title: "标题".to_owned(),
        body: texts
            .iter()
            .map(|text| Block::Paragraph((*text).to_owned()))
            .collect(),
        ..Imported::default()
    };
    let nodes = crate::markdown::render(
        &imported.body_markdown(),
        &crate::markdown::RenderOptions::default(),
    );
    let shown: Vec<String> = nodes
        .iter()
        .map(|node| match node {
            crate::node::Node::Element(element) if element.tag() == "p" => node.text_content(),
            other => panic!("expected only paragraphs, found {other:?}"),
        })
        .collect();
    assert_eq!(shown, texts);
}

#[test]
fn front_matter_strings_are_escaped() {
    let imported = Imported {
        title: "引号\"与\\反斜杠\n换行".to_owned(),
        channel: "imported".to_owned(),
        ..Imported::default()
    };
    assert!(imported.to_markdown().starts_with(
        "+++\ntitle = \"引号\\\"与\\\\反斜杠\\n换行\"\nchannel = \"imported\"\n+++\n"
    ));
}

#[test]
fn ids_come_from_file_names() {
    assert_eq!(
        article_id(Path::new("pages/jin shaan#2023.txt")),
        "jin-shaan-2023"
    );
    assert_eq!(article_id(Path::new("新闻.html")), "article");
    assert_eq!(article_id(Path::new("a_b-c.html")), "a_b-c");
    let mut used = HashSet::new();
    assert_eq!(unique_id("a", &mut used), "a");
    assert_eq!(unique_id("a", &mut used), "a-2");
    assert_eq!(unique_id("a", &mut used), "a-3");
}

/// The arguments `article-viewer import <args>` is given.
fn import_args(args: &[&str]) -> Result<Args, clap::Error> {
    let command_line = ["article-viewer", "import"].iter().chain(args);
    match Cli::try_parse_from(command_line)?.command {
        Command::Import(args) => Ok(args),
        other => panic!("expected import, found {other:?}"),
    }
}

#[test]
fn value_options_are_read_and_checked() {
    let args = import_args(&[
        "a.txt",
        "--offset",
        "+09:00",
        "-o",
        "out",
        "--channel=focus",
    ])
    .expect("valid options");
    assert_eq!(args.pages, ["a.txt"]);
    assert_eq!(args.output.as_deref(), Some("out"));
    assert_eq!(
        (args.offset.as_deref(), args.channel.as_deref()),
        (Some("+09:00"), Some("focus"))
    );
    let args = import_args(&["a.txt", "--offset", "-05:00"]).expect("a negative offset");
    assert_eq!(args.offset.as_deref(), Some("-05:00"));
    let args = import_args(&["a.txt", "--offset=z"]).expect("UTC");
    assert_eq!(args.offset.as_deref(), Some("Z"));
    for bad in [
        &["--offset", "8"][..],
        &["--offset", "+24:00"],
        &["--channel", "焦点"],
        &["--channel"],
    ] {
        let error = import_args(&[&["a.txt"], bad].concat()).expect_err("a usage error");
        assert_eq!(error.exit_code(), 2, "{bad:?}");
        assert!(error.to_string().contains(bad[0]), "{bad:?}: {error}");
    }
}

const PORTAL_PAGE: &str = include_str!("../../../tests/data/import/portal-page.html");

#[test]
fn portal_page_splits_into_fields() {
    let imported = html(PORTAL_PAGE);
    assert_eq!(imported.title, "太原综保区一季度进出口额同比增长两成");
    assert_meta(
        &imported,
        "2024-03-18T09:30:00+08:00",
        "山西经济日报",
        "王晓燕",
        Some("刘建国"),
    );
    assert_eq!(imported.site_name.as_deref(), Some("三晋投资网"));
    assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
    assert_eq!(
        imported.url.as_deref(),
        Some("https://www.sanjin-invest.example.cn/jjdt/202403/t20240318_4821.html")
    );
    assert_eq!(
        imported.lead,
        Some(Lead {
            src: Some(
                "https://www.sanjin-invest.example.cn/uploads/2024/03/zongbaoqu-line.jpg"
                    .to_owned()
            ),
            alt: Some("太原综合保税区一家电子企业的装配线".to_owned()),
            caption: Some(
                "3月15日，太原综合保税区一家电子企业的工人正在检测即将出口的产品。记者 陈立 摄"
                    .to_owned()
            ),
        })
    );
    assert_eq!(imported.byline.as_deref(), Some("（王晓燕）"));
    assert_eq!(imported.body.len(), 7, "{:#?}", imported.body);
    assert_eq!(
        imported.body.get(2),
        Some(&Block::Heading("研发投入持续加大".to_owned()))
    );
    let paragraphs = paragraphs(&imported);
    assert!(
        paragraphs[0].starts_with("记者从太原综合保税区管委会获悉"),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs[1].starts_with("“我们把通关流程"),
        "{paragraphs:?}"
    );
    assert!(paragraphs[2].contains("加大R&D投入"), "{paragraphs:?}");
    assert_eq!(
        paragraphs[3],
        "1.5亿元的保税维修项目已于3月初落地，预计全年可带动新增就业300余人。"
    );
    assert!(paragraphs[4].starts_with("下一步"), "{paragraphs:?}");
    assert!(paragraphs[5].ends_with("产业集群。"), "{paragraphs:?}");
    for paragraph in &paragraphs {
        assert!(!paragraph.contains(['\u{3000}', '\u{a0}']), "{paragraph:?}");
    }
    assert_noted(&imported, "unknown meta field “浏览次数” (value “1024”)");
    assert_noted(&imported, "such as “相关新闻”");
    assert!(!imported
        .notes
        .iter()
        .any(|note| note.contains("分享") || note.contains("手机中查看")));
}

#[test]
fn title_falls_back_to_the_title_element() {
    let imported = html(
        "<html><head><title>黄河大桥合龙 - 经济动态 - 三晋投资网</title></head><body>\
         <div class=\"info\">发布时间：2024-01-02 08:00:00</div>\
         <div class=\"content\"><p>第一段。</p><p>第二段。</p></div></body></html>",
    );
    assert_eq!(imported.title, "黄河大桥合龙");
    assert_noted(&imported, "without the suffix “- 经济动态 - 三晋投资网”");
    assert_eq!(
        imported.published.as_deref(),
        Some("2024-01-02T08:00:00+08:00")
    );
    assert_eq!(paragraphs(&imported), ["第一段。", "第二段。"]);
}

#[test]
fn sloppy_html_still_imports() {
    // Unclosed <li> and <p>, upper-case tags, a stray closing tag, a script with "<", entities.
    let imported = html(
        "<HTML><BODY><ul class=nav><li><a href=/>首页</a><li><a href=/jjdt/>经济动态</a></ul>\
         <script>if (a < b) { document.write('<p>x</p>'); }</script>\
         <DIV class=crumb><A href=/>首页</A> &gt; <A href=/jjdt/>经济动态</A></DIV>\
         <H2 class=title>晋中&nbsp;新建&ldquo;智慧&rdquo;物流园</H2>\
         <div class=info><span>来源：</span><a>晋中日报</a> <span>发布时间：</span>2024-05-06 10:20</div>\
         <DIV id=content><P>第一段，包含&#x4E2D;&#25991;实体。<P>第二段。</span>（记者 李华）</DIV>\
         <div class=footer>版权所有</div></BODY></HTML>",
    );
    assert_eq!(imported.title, "晋中 新建“智慧”物流园");
    assert_eq!(imported.channel_name.as_deref(), Some("经济动态"));
    assert_eq!(imported.source.as_deref(), Some("晋中日报"));
    assert_eq!(
        imported.published.as_deref(),
        Some("2024-05-06T10:20:00+08:00")
    );
    assert_eq!(
        paragraphs(&imported),
        ["第一段，包含中文实体。", "第二段。"]
    );
    assert_eq!(imported.byline.as_deref(), Some("（记者 李华）"));
}

#[test]
fn html_without_meta_is_noted() {
    let imported = html("<h1>标题</h1><div class=\"text\"><p>第一段。</p></div>");
    assert_eq!(imported.title, "标题");
    assert_eq!(paragraphs(&imported), ["第一段。"]);
    assert_noted(&imported, "no element with 发布时间");
    assert_noted(&imported, "no breadcrumb");
    assert_noted(&imported, "no lead photo");
}

#[test]
fn body_images_after_the_first_paragraph_stay_in_the_body() {
    let imported = html(
        "<h1>标题</h1><p>发布时间：2024-01-02 08:00</p><div class=\"content\">\
         <p>第一段。</p><p><img src=\"https://img.example.cn/a b.jpg\" alt=\"图\"></p>\
         <p><img src=\"/images/share-icon.png\" alt=\"\"></p><p>第二段。</p></div>",
    );
    assert_eq!(imported.lead, None);
    assert_eq!(
        imported.body,
        [
            Block::Paragraph("第一段。".to_owned()),
            Block::Image {
                src: "https://img.example.cn/a b.jpg".to_owned(),
                alt: "图".to_owned()
            },
            Block::Paragraph("第二段。".to_owned()),
        ]
    );
    assert!(imported
        .body_markdown()
        .contains("![图](https://img.example.cn/a%20b.jpg)"));
}

#[test]
fn http_images_are_written_as_https_with_a_note() {
    // The viewer's page allows https: images only; browsers load an http: image of an https page over https.
    let imported = html(
        "<h1>标题</h1><p>发布时间：2024-01-02 08:00</p><div class=\"content\">\
         <p>第一段。</p><p><img src=\"http://img.example.cn/a.jpg\" alt=\"图\"></p><p>第二段。</p></div>",
    );
    assert_eq!(
        imported.body.get(1),
        Some(&Block::Image {
            src: "https://img.example.cn/a.jpg".to_owned(),
            alt: "图".to_owned()
        })
    );
    assert_noted(
        &imported,
        "“http://img.example.cn/a.jpg” is http: written as https://img.example.cn/a.jpg",
    );
}

#[test]
fn meta_above_the_title_is_found() {
    let imported = html(
        "<div class=\"info\">发布时间：2024-01-02 08:00 来源：晋中日报</div><h1>标题</h1>\
         <div class=\"content\"><p>第一段。</p></div>",
    );
    assert_eq!(imported.title, "标题");
    assert_eq!(imported.source.as_deref(), Some("晋中日报"));
    assert_eq!(paragraphs(&imported), ["第一段。"]);
}

#[test]
fn truncated_pages_never_panic() {
    let options = ImportOptions::default();
    for (cut, _) in PORTAL_PAGE.char_indices().step_by(37) {
        let page = PORTAL_PAGE.get(..cut).expect("a char boundary");
        let _ = import_html(page, &options);
        let _ = import_text(page, &options);
        let tail = PORTAL_PAGE.get(cut..).expect("a char boundary");
        let _ = import_html(tail, &options);
    }
}

#[test]
fn entities_decode() {
    let page = Page::parse("<p>R&amp;D &lt;b&gt; &#20013;&#x6587; &unknown; & &nbsp;</p>")
        .expect("a page");
    let texts: Vec<&str> = page.pieces.iter().filter_map(Piece::raw_text).collect();
    assert_eq!(texts, ["R&D <b> 中文 &unknown; & \u{a0}"]);
}

#[test]
fn entities_decode_as_the_html_standard_says() {
    // In text, the names the standard allows without `;`, numeric references without `;`, and 128–159 as the
    // Windows-1252 characters they stand for. In attribute values, a name without `;` followed by `=` or a letter
    // stays as written, as in a query string.
    let page = Page::parse(
        "<p>&nbsp&copy &#20013 &#150; &hellip; &NotEqualTilde;</p>\
         <img src=\"a.jpg?x=1&copy=2&amp;y=3&#x26;z\" alt=\"R&amp;D &copy 2024\">",
    )
    .expect("a page");
    let texts: Vec<&str> = page.pieces.iter().filter_map(Piece::raw_text).collect();
    assert_eq!(texts, ["\u{a0}© 中 – … \u{2242}\u{338}"]);
    let image = page
        .pieces
        .iter()
        .find_map(Piece::image)
        .expect("the image");
    assert_eq!(image.src, "a.jpg?x=1&copy=2&y=3&z");
    assert_eq!(image.alt, "R&D © 2024");
}

#[test]
fn non_content_is_stripped_before_parsing() {
    assert_eq!(
        strip_non_content(
            "a<!-- <p>c</p> --><SCRIPT type=x>1<2</script>b<style>p>a{}</style><scripts>"
        ),
        "ab<scripts>"
    );
    assert_eq!(strip_non_content("a<script>never closed"), "a");
}
