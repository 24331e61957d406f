//! An article page, in the order of the portal page it replaces: breadcrumb, title, metadata line, lead photo
//! with its caption, body, byline, the pager and the three foot actions.

use crate::bundle::{Article, Bundle, Channel};
use crate::markdown::{self, RenderOptions};
use crate::node::{self, Element, Node};
use crate::route::Route;
use crate::search::{self, Occurrence, SearchText};
use crate::share;
use crate::text::{Lang, Text};
use crate::url;

use super::marks;
use super::*;

/// The article page, in the order of the portal page it replaces.
pub fn article_view(article: &Article, bundle: &Bundle, bundle_url: Option<&str>) -> Node {
    article_page(article, bundle, bundle_url, None, Lang::default(), true)
}

/// Where a search's terms occur in an article, to mark them in its page.
pub(super) struct Highlights {
    pub(super) text: SearchText,
    pub(super) occurrences: Vec<Occurrence>,
}

impl Highlights {
    /// A field's text as nodes, its occurrences marked.
    fn field(&self, field: std::ops::Range<usize>) -> Vec<Node> {
        marks::segment_nodes(&search::field_segments(
            &self.text,
            field,
            &self.occurrences,
        ))
    }
}

pub(super) fn article_page(
    article: &Article,
    bundle: &Bundle,
    bundle_url: Option<&str>,
    highlights: Option<&Highlights>,
    lang: Lang,
    actions_shown: bool,
) -> Node {
    let t = lang.text();
    let site = bundle.site();
    let channel_name = bundle.channel(article.channel()).map_or("", Channel::name);
    let title = match highlights {
        Some(highlights) => highlights.field(highlights.text.title.clone()),
        None => vec![Node::Text(article.title().to_owned())],
    };
    let mut root = Element::new("article")
        .with_attr("class", "article")
        .with_attr("part", "article");
    if lang != Lang::Zh {
        // Bundles are Chinese news; only the interface around them speaks another language.
        root = root.with_attr("lang", Lang::Zh.tag());
    }
    root = root
        .with_attr("aria-labelledby", HEADING_ID)
        .with_child(breadcrumb(bundle, article.channel(), channel_name, t))
        .with_child(heading_of(title))
        .with_child(meta_line(article, t));

    if let Some(lead) = article.lead() {
        let src = url::image_src(lead.src()).map(|src| resolve(bundle_url, &src));
        if let Some(src) = src {
            let mut image = Element::new("img")
                .with_attr("src", src)
                .with_attr("alt", lead.alt());
            if let Some((width, height)) = lead.size() {
                // The photo's room is kept while it loads (CSS scales it, keeping this ratio).
                image = image
                    .with_attr("width", width.to_string())
                    .with_attr("height", height.to_string());
            }
            let mut figure = Element::new("figure")
                .with_attr("class", "lead")
                .with_child(image.with_attr("decoding", "async"));
            if let Some(caption) = lead.caption() {
                let caption = match highlights {
                    Some(highlights) => highlights.field(highlights.text.caption.clone()),
                    None => vec![Node::Text(caption.to_owned())],
                };
                figure = figure.with_child(Element::new("figcaption").with_children(caption));
            }
            root = root.with_child(figure);
        }
    }

    let options = RenderOptions {
        base_url: bundle_url.map(str::to_owned),
        site_url: Some(site.url().to_owned()),
        ..RenderOptions::default()
    };
    let mut body = markdown::render(article.body(), &options);
    if let Some(highlights) = highlights {
        let marks = search::disjoint(&highlights.occurrences);
        body = marks::mark(body, highlights.text.body.start, &marks);
    }
    let class = if site.indent_paragraphs() {
        "article-body indented"
    } else {
        "article-body"
    };
    root = root.with_child(
        Element::new("div")
            .with_attr("class", class)
            .with_attr("part", "body")
            .with_children(body),
    );
    if let Some(byline) = article.byline() {
        root = root.with_child(
            Element::new("p")
                .with_attr("class", "byline")
                .with_text(byline),
        );
    }
    // The foot actions open the share overlay, which needs the viewer.
    if actions_shown {
        root = root.with_child(actions(bundle, t));
    }
    if let Some(pager) = pager(article, bundle, t) {
        root = root.with_child(pager);
    }
    root.into()
}

/// About 120 characters of the article's text, for search results and link previews.
pub fn description(article: &Article) -> String {
    let text = SearchText::of(article);
    let body: String = text
        .text
        .chars()
        .skip(text.body.start)
        .map(|c| if c == '\u{2029}' { ' ' } else { c })
        .collect();
    let body = body.trim();
    match body.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_owned(),
    }
}

/// 上一篇 / 下一篇: the neighbours in the channel's list, newer first.
fn pager(article: &Article, bundle: &Bundle, t: &Text) -> Option<Node> {
    let articles = channel_articles(bundle, article.channel());
    let index = articles
        .iter()
        .position(|other| other.id() == article.id())?;
    let newer = index.checked_sub(1).and_then(|newer| articles.get(newer));
    let older = articles.get(index + 1);
    if newer.is_none() && older.is_none() {
        return None;
    }
    let link = |neighbour: &Article, rel: &'static str, label: &str| -> Node {
        Element::new("a")
            .with_attr("class", rel)
            .with_attr("rel", rel)
            .with_attr("href", Route::Article(neighbour.id().to_owned()).to_hash())
            .with_child(
                Element::new("span")
                    .with_attr("class", "pager-label")
                    .with_text(label),
            )
            .with_child(
                Element::new("span")
                    .with_attr("class", "pager-title")
                    .with_text(neighbour.title()),
            )
            .into()
    };
    Some(
        Element::new("nav")
            .with_attr("class", "pager")
            .with_attr("aria-label", t.same_channel)
            .with_children(newer.map(|newer| link(newer, "prev", t.previous)))
            .with_children(older.map(|older| link(older, "next", t.next)))
            .into(),
    )
}

/// 投资山西 › 焦点图: the site leads to the home view, the channel to its tab.
fn breadcrumb(bundle: &Bundle, channel_id: &str, channel_name: &str, t: &Text) -> Node {
    Element::new("nav")
        .with_attr("class", "breadcrumb")
        .with_attr("aria-label", t.breadcrumb)
        .with_child(
            Element::new("ol")
                .with_child(
                    Element::new("li").with_child(
                        Element::new("a")
                            .with_attr("href", Route::Home.to_hash())
                            .with_text(bundle.site().name()),
                    ),
                )
                .with_child(
                    Element::new("li").with_child(
                        Element::new("a")
                            .with_attr("href", Route::Channel(channel_id.to_owned()).to_hash())
                            .with_text(channel_name),
                    ),
                ),
        )
        .into()
}

/// 发布时间 | 来源 | 作者 | 责任编辑, each only when present.
fn meta_line(article: &Article, t: &Text) -> Node {
    let published = Element::new("span")
        .with_attr("class", "meta-item")
        .with_text(t.published)
        .with_child(
            Element::new("time")
                .with_attr("datetime", article.published().as_str())
                .with_text(&article.published().to_string()),
        );
    let mut items = vec![published];
    for (label, value) in [
        (t.source, article.source()),
        (t.author, article.author()),
        (t.editor, article.editor()),
    ] {
        if let Some(value) = value {
            items.push(
                Element::new("span")
                    .with_attr("class", "meta-item")
                    .with_text(label)
                    .with_text(value),
            );
        }
    }
    let mut line = Element::new("p").with_attr("class", "meta");
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            line = line.with_child(
                Element::new("span")
                    .with_attr("class", "sep")
                    .with_attr("aria-hidden", "true")
                    .with_text(" | "),
            );
        }
        line = line.with_child(item);
    }
    line.into()
}

/// The three foot actions, each opening the share overlay at its tab (客户端中查看 only when the site has an app).
fn actions(bundle: &Bundle, t: &Text) -> Node {
    Element::new("footer")
        .with_attr("class", "article-actions")
        .with_attr("part", "actions")
        .with_children(share::offered_tabs(bundle).into_iter().map(|tab| {
            Element::new("button")
                .with_attr("type", "button")
                .with_attr("class", "action")
                .with_attr("id", share::action_id(tab))
                .with_attr(node::ACTION, "open-share")
                .with_attr(node::ACTION_VALUE, tab.as_str())
                .with_attr("aria-haspopup", "dialog")
                .with_text(tab.label(t))
                .into()
        }))
        .into()
}
