//! `article-viewer index`: a chunked search index of bundles, for sites too big to search in one download.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use crate::bundle::{self, Article};
use crate::search::{chunks, Index};

use super::{Failure, Options};

const HELP: &str = "\
Usage: article-viewer index <bundle.json>... --out <dir>

Writes a chunked search index of the articles of all the bundles into <dir>:
  index.txt          the manifest: the build id, and which chunk holds which keys
  docs-<hash>.bin    the per-article figures every search needs
  chars-<hash>.bin   postings of character keys, about 24 kB each (gzip saves little)
  words-<hash>.bin   postings of Latin words and numbers

A reader loads the manifest, then only the chunks a query needs; the results are the same as
searching the whole index. File names carry a hash of their contents: the same input gives the
same files. (The viewer does not read these yet; see issue 8.)

Options:
  -o, --out <dir>   Where to write the index (required)
  -h, --help        Print this help
";

/// Runs `article-viewer index` with `args`.
pub fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let options = Options::parse(args, &[])?;
    if options.help {
        print!("{HELP}");
        return Ok(ExitCode::SUCCESS);
    }
    let Some(out) = options.output.as_deref() else {
        return Err(Failure::Usage("index needs --out <dir>".into()));
    };
    if options.positional.is_empty() {
        return Err(Failure::Usage(
            "index needs at least one bundle; see `article-viewer index --help`".into(),
        ));
    }
    let mut articles: Vec<Article> = Vec::new();
    for path in &options.positional {
        let text = fs::read_to_string(path)
            .map_err(|error| Failure::Failed(format!("cannot read {path}: {error}")))?;
        let (bundle, diagnostics) = bundle::from_json(&text)
            .map_err(|error| Failure::Failed(format!("{path}: {error}")))?;
        for diagnostic in diagnostics {
            eprintln!("{path}: warning: {diagnostic}");
        }
        articles.extend(bundle.articles().iter().cloned());
    }
    let index = Index::build(&articles);
    let (manifest, pieces) = chunks::split(&index);
    let out = Path::new(out);
    fs::create_dir_all(out)
        .map_err(|error| Failure::Failed(format!("cannot create {}: {error}", out.display())))?;
    let mut total = 0;
    for piece in &pieces {
        total += piece.bytes.len();
        let path = out.join(&piece.name);
        fs::write(&path, &piece.bytes).map_err(|error| {
            Failure::Failed(format!("cannot write {}: {error}", path.display()))
        })?;
    }
    let manifest_path = out.join("index.txt");
    fs::write(&manifest_path, manifest.to_text()).map_err(|error| {
        Failure::Failed(format!("cannot write {}: {error}", manifest_path.display()))
    })?;
    println!(
        "indexed {} articles: {} pieces, {total} bytes, build {}",
        articles.len(),
        pieces.len(),
        manifest.build_id
    );
    Ok(ExitCode::SUCCESS)
}
