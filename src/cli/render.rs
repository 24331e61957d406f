//! `article-viewer render`: static HTML pages, one per article and per channel (and an index), made by the same
//! view code as the viewer, so that every reader can read them: without JavaScript, in a text browser, in a feed
//! reader, or as a search engine's crawler.
//!
//! Each page is complete as plain HTML (no `<noscript>` needed). It carries the viewer's script too: when the wasm
//! loads, it reads the page's own markup back as its rendered tree and takes over that DOM, changing only what
//! differs (links become in-viewer routes), so there is no flash and no second copy of the article.
//!
//! The output directory is a whole static site: the pages, the bundle and its media under `bundles/`, each
//! article's oEmbed response under `oembed/`, and the viewer's files (`style.css`, `main.js`, `favicon.svg`,
//! `pkg/`, and the embed's) copied from `--assets`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::bundle::{self, Article, Bundle, Diagnostic};
use crate::node::{self, Element, Node};
use crate::route::Route;
use crate::state::{Load, State};
use crate::url;
use crate::view;

use super::Failure;

/// The arguments of `article-viewer render`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "article-viewer render <bundle.json> -o <dir> [--base-url <url>] [--assets <dir>]",
    before_help = "\
Writes a static site for a bundle into <dir>:
  index.html              the home view (the channel tabs and the first channel's articles)
  article/<id>.html       one page per article: full text, metadata, canonical link, Open Graph
                          and NewsArticle JSON-LD for search engines and link previews
  oembed/<id>.json        the article as oEmbed (rich: an iframe of embed.html), which partner CMSs
                          (WordPress, Discourse, Ghost…) find from the article's page when an editor
                          pastes its address
  channel/<id>.html       one page per channel
  bundles/                the bundle and the images it refers to
  style.css, main.js, favicon.svg, pkg/, embed.js, embed.html, embed-frame.*
                          the viewer, copied from --assets, which takes over the pages where
                          WebAssembly runs (tabs, search, share), and its embeds

Every page reads completely without JavaScript."
)]
pub struct Args {
    /// The bundle to render
    #[arg(value_name = "bundle.json")]
    bundle: String,
    /// Where to write the site (required)
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "dir",
        allow_hyphen_values = true
    )]
    output: String,
    /// Where the site will be published, for canonical links and previews (default: the bundle's site.url);
    /// articles with their own url keep it
    #[arg(long, value_name = "url", allow_hyphen_values = true)]
    base_url: Option<String>,
    /// The viewer's www directory to copy (default: www, when it exists)
    #[arg(long, value_name = "dir", allow_hyphen_values = true)]
    assets: Option<String>,
}

/// A host that stands for "the site being rendered" while URLs are resolved; no page ever shows it.
const LOCAL: &str = "https://render.invalid/";

/// Runs `article-viewer render` with `args`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let out = args.output.as_str();
    let bundle_path = Path::new(&args.bundle);
    let text = fs::read_to_string(bundle_path).map_err(|error| {
        Failure::Failed(format!("cannot read {}: {error}", bundle_path.display()))
    })?;
    let (bundle, diagnostics) = bundle::from_json(&text)
        .map_err(|error| Failure::Failed(format!("{}: {error}", bundle_path.display())))?;
    for diagnostic in &diagnostics {
        eprintln!("{}: warning: {diagnostic}", bundle_path.display());
    }
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| bundle.site().url().to_owned());
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };
    if url::absolute_http(&base_url).is_none() {
        return Err(Failure::Usage(format!(
            "--base-url must be an absolute http(s) URL, not {base_url:?}"
        )));
    }
    let out = Path::new(out);
    let bundle_name = bundle_path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("bundle.json")
        .to_owned();
    let site = Site {
        bundle,
        diagnostics,
        bundle_name,
        base_url,
    };
    let written = site
        .write(out, bundle_path, &text)
        .map_err(Failure::Failed)?;
    let assets = args
        .assets
        .as_deref()
        .map_or_else(|| PathBuf::from("www"), PathBuf::from);
    copy_assets(&assets, out, args.assets.is_some()).map_err(Failure::Failed)?;
    println!("wrote {written} pages to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// What a static site is made from.
struct Site {
    bundle: Bundle,
    diagnostics: Vec<Diagnostic>,
    /// The bundle's file name under `bundles/`.
    bundle_name: String,
    /// Where the site is published, ending in `/`.
    base_url: String,
}

impl Site {
    /// Every page of the site: its path under the output directory and its HTML.
    fn pages(&self) -> Vec<(String, String)> {
        // One state for every page, only its route changing: cloning the bundle per page made rendering
        // quadratic (10,000 articles took minutes).
        let mut state = State {
            bundle_url: Some(format!("{LOCAL}bundles/{}", self.bundle_name)),
            load: Load::Ready {
                bundle: self.bundle.clone(),
                diagnostics: self.diagnostics.clone(),
            },
            // Without the script, no 显示更多 button would work: a static channel page lists every article.
            listed: usize::MAX,
            // Nor would the search box, the reading controls or the share buttons: the viewer adds them when it
            // takes the page over.
            interactive: false,
            ..State::default()
        };
        let mut pages =
            Vec::with_capacity(1 + self.bundle.channels().len() + self.bundle.articles().len());
        state.route = Route::Home;
        pages.push((
            "index.html".to_owned(),
            self.page(&state, "index.html", None),
        ));
        for channel in self.bundle.channels() {
            let path = format!("channel/{}.html", channel.id());
            state.route = Route::Channel(channel.id().to_owned());
            let html = self.page(&state, &path, None);
            pages.push((path, html));
        }
        for article in self.bundle.articles() {
            let path = format!("article/{}.html", article.id());
            state.route = Route::Article(article.id().to_owned());
            let html = self.page(&state, &path, Some(article));
            pages.push((path, html));
        }
        pages
    }

    fn write(&self, out: &Path, bundle_path: &Path, bundle_text: &str) -> Result<usize, String> {
        let pages = self.pages();
        for (path, html) in &pages {
            write_file(&out.join(path), html.as_bytes())?;
        }
        for article in self.bundle.articles() {
            write_file(
                &out.join(format!("oembed/{}.json", article.id())),
                self.oembed(article).as_bytes(),
            )?;
        }
        write_file(
            &out.join("bundles").join(&self.bundle_name),
            bundle_text.as_bytes(),
        )?;
        // The images the bundle refers to by relative URL, next to the copied bundle as next to the original.
        let source_dir = bundle_path.parent().unwrap_or(Path::new("."));
        for relative in self.relative_media() {
            let from = source_dir.join(&relative);
            let to = out.join("bundles").join(&relative);
            if from.is_file() {
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent)
                        .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
                }
                fs::copy(&from, &to)
                    .map_err(|error| format!("cannot copy {}: {error}", from.display()))?;
            } else {
                eprintln!("warning: {} is referred to but missing", from.display());
            }
        }
        Ok(pages.len())
    }

    /// Relative image URLs of lead photos and bodies, as paths under the bundle's directory.
    fn relative_media(&self) -> Vec<String> {
        let mut found = Vec::new();
        for article in self.bundle.articles() {
            let mut urls: Vec<String> = article
                .lead()
                .map(|lead| lead.src().to_owned())
                .into_iter()
                .collect();
            urls.extend(
                crate::markdown::image_urls(article.body())
                    .into_iter()
                    .map(|(url, _)| url),
            );
            for src in urls {
                let is_relative =
                    !src.contains(':') && !src.starts_with('/') && !src.starts_with('#');
                let path = url::decode_component(src.split(['?', '#']).next().unwrap_or(""));
                if is_relative
                    && !path.split('/').any(|segment| segment == "..")
                    && !found.contains(&path)
                {
                    found.push(path);
                }
            }
        }
        found
    }

    /// One page at `path` (under the output directory) showing `state`'s route.
    fn page(&self, state: &State, path: &str, article: Option<&Article>) -> String {
        let depth = path.matches('/').count();
        let root = "../".repeat(depth);
        let mut tree = view::page(state);
        if let Node::Element(element) = &mut tree {
            element.rewrite_urls(&|value| static_url(value, &root));
        }
        let canonical = match article.and_then(Article::url) {
            Some(own) => own.to_owned(),
            None => format!("{}{path}", self.base_url),
        };
        let title = view::document_title(state);
        let mut head = vec![
            meta("viewport", "width=device-width, initial-scale=1"),
            Element::new("meta")
                .with_attr("http-equiv", "Content-Security-Policy")
                .with_attr("content", CSP)
                .into(),
            Element::new("title").with_text(&title).into(),
            Element::new("link")
                .with_attr("rel", "canonical")
                .with_attr("href", canonical.as_str())
                .into(),
            property("og:site_name", self.bundle.site().name()),
            property("og:title", &title),
            property("og:url", &canonical),
            property("og:locale", "zh_CN"),
        ];
        let mut json_ld = None;
        match article {
            Some(article) => {
                let description = view::description(article);
                head.push(meta("description", &description));
                head.push(property("og:type", "article"));
                head.push(property("og:description", &description));
                head.push(property(
                    "article:published_time",
                    article.published().as_str(),
                ));
                let channel = self
                    .bundle
                    .channel(article.channel())
                    .map(|channel| channel.name());
                if let Some(channel) = channel {
                    head.push(property("article:section", channel));
                }
                let image = self.lead_image(article);
                if let Some(image) = &image {
                    head.push(property("og:image", image));
                }
                json_ld = Some(news_article(
                    article,
                    &self.bundle,
                    &canonical,
                    &description,
                    image.as_deref(),
                ));
            }
            None => head.push(property("og:type", "website")),
        }
        if let Some(article) = article {
            // oEmbed discovery: a partner's CMS, given the article's address, finds its embed here.
            head.push(
                Element::new("link")
                    .with_attr("rel", "alternate")
                    .with_attr("type", "application/json+oembed")
                    .with_attr("href", self.oembed_url(article))
                    .with_attr("title", article.title())
                    .into(),
            );
        }
        head.push(
            Element::new("link")
                .with_attr("rel", "icon")
                .with_attr("href", format!("{root}favicon.svg"))
                .with_attr("type", "image/svg+xml")
                .into(),
        );
        head.push(
            Element::new("link")
                .with_attr("rel", "stylesheet")
                .with_attr("href", format!("{root}style.css"))
                .into(),
        );
        // The reader's module starts downloading with the page, not after main.js has run; main.js fetches the
        // wasm and the bundle itself (a preload of them is downloaded twice by WebKit). The search module is left
        // for the viewer to fetch when it is needed.
        head.push(
            Element::new("link")
                .with_attr("rel", "modulepreload")
                .with_attr("href", format!("{root}pkg/article_viewer.js"))
                .into(),
        );
        head.push(
            Element::new("script")
                .with_attr("src", format!("{root}main.js"))
                .with_attr("defer", "")
                .into(),
        );
        let app = Element::new("div")
            .with_attr("id", "app")
            .with_attr("class", "app")
            .with_attr("data-bundle", format!("{root}bundles/{}", self.bundle_name))
            .with_attr("data-route", state.route.to_hash())
            .with_attr("data-prerendered", "")
            .with_child(tree);
        let mut html = String::from(
            "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n",
        );
        for node in &head {
            html.push_str(&node::to_html(node));
            html.push('\n');
        }
        if let Some(json_ld) = json_ld {
            // Inside a script element only `</script` could end it: no `<` is left in the JSON.
            html.push_str("<script type=\"application/ld+json\">");
            html.push_str(&json_ld.replace('<', "\\u003c"));
            html.push_str("</script>\n");
        }
        html.push_str("</head>\n<body>\n");
        html.push_str(&node::to_html(&app.into()));
        html.push_str("\n</body>\n</html>\n");
        html
    }
}

impl Site {
    /// The lead photo's absolute URL, for link previews; `None` without one, or for a `data:` image.
    fn lead_image(&self, article: &Article) -> Option<String> {
        article
            .lead()
            .and_then(|lead| url::image_src(lead.src()).map(|src| src.into_owned()))
            .filter(|src| !src.starts_with("data:"))
            .map(|src| url::resolve(&self.bundle_url(), &src))
    }

    /// Where the bundle is published: `bundles/` under the site.
    fn bundle_url(&self) -> String {
        format!("{}bundles/{}", self.base_url, self.bundle_name)
    }

    fn oembed_url(&self, article: &Article) -> String {
        format!(
            "{}oembed/{}.json",
            self.base_url,
            url::encode_component(article.id())
        )
    }

    /// The article's oEmbed response (<https://oembed.com>, section 2.3): type `rich`, whose `html` is an iframe of
    /// the site's own `embed.html` showing the article, as the spec asks of rich content. A static file cannot
    /// honour `maxwidth`/`maxheight`: the iframe asks for 640 × 720 and the consumer may scale it (embed.html also
    /// posts its height to a framing page that listens). A thumbnail only with its size, which the spec requires.
    fn oembed(&self, article: &Article) -> String {
        let src = format!(
            "{}embed.html?bundle={}&article={}",
            self.base_url,
            url::encode_component(&self.bundle_url()),
            url::encode_component(article.id())
        );
        let iframe = Element::new("iframe")
            .with_attr("src", src)
            .with_attr("width", OEMBED_WIDTH.to_string())
            .with_attr("height", OEMBED_HEIGHT.to_string())
            .with_attr("title", article.title())
            .with_attr("loading", "lazy");
        let site = self.bundle.site();
        let mut value = serde_json::json!({
            "version": "1.0",
            "type": "rich",
            "title": article.title(),
            "provider_name": site.name(),
            "provider_url": site.url(),
            "html": node::to_html(&iframe.into()),
            "width": OEMBED_WIDTH,
            "height": OEMBED_HEIGHT,
        });
        if let Some(author) = article.author() {
            value["author_name"] = serde_json::json!(author);
        }
        let size = article.lead().and_then(|lead| lead.size());
        if let (Some(image), Some((width, height))) = (self.lead_image(article), size) {
            value["thumbnail_url"] = serde_json::json!(image);
            value["thumbnail_width"] = serde_json::json!(width);
            value["thumbnail_height"] = serde_json::json!(height);
        }
        value.to_string()
    }
}

/// The size the oEmbed iframe asks for, in CSS pixels: a reading column, and room for a title, a lead photo and
/// the first paragraphs.
const OEMBED_WIDTH: u32 = 640;
const OEMBED_HEIGHT: u32 = 720;

/// The reader page's policy (www/index.html), for the static pages too.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: data:; \
connect-src 'self' https:; object-src 'none'; require-trusted-types-for 'script'; base-uri 'none'; form-action 'none'";

/// A viewer route as the static page for it, and resolved media as paths relative to the page.
fn static_url(value: &str, root: &str) -> Option<String> {
    if let Some(local) = value.strip_prefix(LOCAL) {
        return Some(format!("{root}{local}"));
    }
    if !value.starts_with("#/") {
        return None;
    }
    Some(match Route::parse(value) {
        Route::Article(id) | Route::Match { article: id, .. } => {
            format!("{root}article/{}.html", url::encode_component(&id))
        }
        Route::Channel(id) => format!("{root}channel/{}.html", url::encode_component(&id)),
        Route::Home | Route::Search(_) => format!("{root}index.html"),
    })
}

fn meta(name: &'static str, content: &str) -> Node {
    Element::new("meta")
        .with_attr("name", name)
        .with_attr("content", content)
        .into()
}

fn property(name: &'static str, content: &str) -> Node {
    Element::new("meta")
        .with_attr("property", name)
        .with_attr("content", content)
        .into()
}

/// schema.org `NewsArticle` for search engines.
fn news_article(
    article: &Article,
    bundle: &Bundle,
    canonical: &str,
    description: &str,
    image: Option<&str>,
) -> String {
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title(),
        "datePublished": article.published().as_str(),
        "mainEntityOfPage": canonical,
        "url": canonical,
        "description": description,
        "publisher": { "@type": "Organization", "name": bundle.site().name(), "url": bundle.site().url() },
        "inLanguage": "zh-CN",
    });
    if let Some(author) = article.author() {
        value["author"] = serde_json::json!({ "@type": "Person", "name": author });
    }
    if let Some(image) = image {
        value["image"] = serde_json::json!([image]);
    }
    if let Some(channel) = bundle.channel(article.channel()) {
        value["articleSection"] = serde_json::json!(channel.name());
    }
    value.to_string()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    fs::write(path, bytes).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Copies the viewer's files into the site; a missing `pkg/` only means the pages stay plain HTML.
fn copy_assets(assets: &Path, out: &Path, asked: bool) -> Result<(), String> {
    if !assets.is_dir() {
        if asked {
            return Err(format!("--assets {} is not a directory", assets.display()));
        }
        eprintln!(
            "note: no {} directory: the pages are written without the viewer's files",
            assets.display()
        );
        return Ok(());
    }
    // The embeds (the element, and embed.html, the iframe that oEmbed responses show) as well as the reader.
    for name in [
        "style.css",
        "main.js",
        "favicon.svg",
        "embed.js",
        "embed.html",
        "embed-frame.js",
        "embed-frame.css",
    ] {
        let from = assets.join(name);
        if from.is_file() {
            fs::copy(&from, out.join(name))
                .map_err(|error| format!("cannot copy {}: {error}", from.display()))?;
        }
    }
    let pkg = assets.join("pkg");
    match fs::read_dir(&pkg) {
        Ok(entries) => {
            fs::create_dir_all(out.join("pkg"))
                .map_err(|error| format!("cannot create pkg: {error}"))?;
            for entry in entries.flatten() {
                let from = entry.path();
                if from.is_file() {
                    fs::copy(&from, out.join("pkg").join(entry.file_name()))
                        .map_err(|error| format!("cannot copy {}: {error}", from.display()))?;
                }
            }
        }
        Err(_) => eprintln!(
            "note: no {} (run `make build`): the pages read as plain HTML, without the viewer",
            pkg.display()
        ),
    }
    Ok(())
}
