//! `article-viewer split`: one bundle per channel and month, so a reader page loads only the bundle of the article
//! it shows, and a catalog that says which bundle holds which article.
//!
//! The split works on the JSON as written (each article's object is copied whole, fields the viewer ignores too),
//! after the viewer's own validation has passed: a split must not lose an article quietly.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{json, Map, Value};

use crate::bundle::{self, Effect};

use super::Failure;

/// The arguments of `article-viewer split`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "article-viewer split <bundle.json> --out <dir>",
    before_help = "\
Splits a bundle into one bundle per channel and month, each a complete bundle (the same site and
channels) holding only the articles of that channel published in that month (in the month of the
article's own UTC offset):

  <dir>/<channel>.<YYYY-MM>.json   e.g. focus.2024-05.json
  <dir>/catalog.json               which file holds which article ids

Relative links and images resolve against a bundle's own URL: write the split bundles into the
folder of the original (or copy its media beside them) and they resolve as before.

Articles keep their order and every field as written. The bundle must have no error (run
`article-viewer check` to see them); warnings about ignored fields are printed and the fields kept.
The same input gives byte-identical files. Files already in <dir> that the catalog does not name
are left alone."
)]
pub struct Args {
    /// The bundle to split
    #[arg(value_name = "bundle.json")]
    bundle: String,
    /// Where to write the bundles (required)
    #[arg(
        short = 'o',
        long = "out",
        visible_alias = "output",
        value_name = "dir",
        allow_hyphen_values = true
    )]
    out: String,
}

/// The first field of a catalog, so a reader can tell it from a bundle.
const CATALOG_FORMAT: &str = "article-bundle-catalog";

/// Runs `article-viewer split` with `args`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let Args { bundle: input, out } = args;
    let text = fs::read_to_string(&input)
        .map_err(|error| Failure::Failed(format!("cannot read {input}: {error}")))?;
    let files = split(&text).map_err(|problems| {
        Failure::Failed(format!(
            "{input} cannot be split without losing articles:\n  {}",
            problems.join("\n  ")
        ))
    })?;
    for warning in &files.warnings {
        eprintln!("{input}: warning: {warning}");
    }
    let out = Path::new(&out);
    fs::create_dir_all(out)
        .map_err(|error| Failure::Failed(format!("cannot create {}: {error}", out.display())))?;
    for (name, contents) in &files.files {
        let path = out.join(name);
        fs::write(&path, contents).map_err(|error| {
            Failure::Failed(format!("cannot write {}: {error}", path.display()))
        })?;
    }
    println!(
        "split {} articles into {} bundles in {}",
        files.articles,
        files.files.len() - 1,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// What [`split`] makes: file names relative to the output folder, with their contents.
#[derive(Debug)]
pub struct Split {
    /// The bundles, then `catalog.json`.
    pub files: Vec<(String, String)>,
    /// How many articles were split.
    pub articles: usize,
    /// Problems that cost nothing (ignored optional fields), as `check` words them.
    pub warnings: Vec<String>,
}

/// Splits the bundle `text` per channel and month.
///
/// # Errors
/// Every problem that would cost an article or a channel, or the bundle's own error, with its JSON path.
pub fn split(text: &str) -> Result<Split, Vec<String>> {
    let (bundle, diagnostics) = bundle::from_json(text).map_err(|error| vec![error.to_string()])?;
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
        .iter()
        .partition(|diagnostic| !matches!(diagnostic.effect(), Effect::IgnoredField));
    if !errors.is_empty() {
        return Err(errors.iter().map(ToString::to_string).collect());
    }
    // The text parsed as a bundle, so it is a JSON object with an array of articles.
    let Ok(Value::Object(mut root)) = serde_json::from_str::<Value>(text) else {
        return Err(vec!["the bundle is not a JSON object".into()]);
    };
    // Taken in place, so `articles` keeps its position among the top-level fields in every part.
    let Some(Value::Array(entries)) = root.get_mut("articles").map(Value::take) else {
        return Err(vec!["articles: expected an array of articles".into()]);
    };

    let channel_order = |id: &str| {
        bundle
            .channels()
            .iter()
            .position(|channel| channel.id() == id)
            .unwrap_or(usize::MAX)
    };
    // (channel position, month) → the article objects, in bundle order.
    let mut groups: BTreeMap<(usize, String), (String, Vec<Value>)> = BTreeMap::new();
    let count = entries.len();
    for (index, entry) in entries.into_iter().enumerate() {
        let article = entry
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| bundle.article(id))
            .ok_or_else(|| vec![format!("articles[{index}]: not read as an article")])?;
        let date = article.published().date();
        let month = date
            .rsplit_once('-')
            .map_or(date.as_str(), |(month, _)| month);
        groups
            .entry((channel_order(article.channel()), month.to_owned()))
            .or_insert_with(|| (article.channel().to_owned(), Vec::new()))
            .1
            .push(entry);
    }

    let mut files = Vec::with_capacity(groups.len() + 1);
    let mut catalog = Vec::with_capacity(groups.len());
    for ((_, month), (channel, articles)) in groups {
        let name = format!("{channel}.{month}.json");
        let ids: Vec<Value> = articles
            .iter()
            .filter_map(|article| article.get("id").cloned())
            .collect();
        let mut part: Map<String, Value> = root.clone();
        part.insert("articles".into(), Value::Array(articles));
        files.push((name.clone(), to_text(&Value::Object(part))));
        catalog.push(json!({ "file": name, "channel": channel, "month": month, "articles": ids }));
    }
    let catalog = json!({ "format": CATALOG_FORMAT, "version": 1, "bundles": catalog });
    files.push(("catalog.json".into(), to_text(&catalog)));
    Ok(Split {
        files,
        articles: count,
        warnings: warnings.iter().map(ToString::to_string).collect(),
    })
}

fn to_text(value: &Value) -> String {
    let mut text = value.to_string();
    text.push('\n');
    text
}
