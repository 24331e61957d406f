//! `article-viewer index`: a chunked search index of bundles, for sites too big to search in one download.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use std::path::Component;

use crate::bundle::{self, Article};
use crate::search::chunks::{self, Manifest, Origin};
use crate::url;

use super::Failure;

/// The arguments of `article-viewer index`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "article-viewer index <bundle.json>... --out <dir>",
    before_help = "\
Writes a chunked search index of the articles of all the bundles into <dir>:
  index.txt          the manifest: the build id, and a line per segment
  head-<hash>.bin    a segment's per-article figures every search needs (lengths,
                     dates) and its directory: which pack, volume and chunk holds what
  chars-<hash>.bin   volumes of about 64 kB of postings of character pairs, in chunks
  words-<hash>.bin   the same for Latin words and numbers
  pack-<hash>.bin    what results show: id, bundle, channel, date, title and the start of
                     the text, for 32 articles each

Readers fetch the chunks they need as byte ranges of their volume (HTTP Range requests);
where a host answers with the whole file, or on file://, they read whole volumes. The
other .bin files are gzip-compressed (the viewer decompresses them) and volumes are
stored as they are read, so they cost readers the same on any host: serve all of them
as they are, without a Content-Encoding header.

A reader loads the manifest, then only the chunks a query needs, then the packs of the
results it shows; the results are the same as searching all the articles at once. Point
bundles at the index with \"search_index\" in their \"site\" (see docs/bundle-format.md).

File names carry a hash of their contents: the same input gives the same files. Run again
with more articles appended (a new month's bundle last, say) and only a segment for the
new articles is written, beside the files already there; any other change, or more than
8 segments, rebuilds the index. Files of earlier builds are not deleted: readers that
loaded the old manifest may still ask for them."
)]
pub struct Args {
    /// The bundles whose articles to index, in order
    #[arg(value_name = "bundle.json", required = true)]
    bundles: Vec<String>,
    /// Where to write the index (required)
    #[arg(
        short = 'o',
        long = "out",
        visible_alias = "output",
        value_name = "dir",
        allow_hyphen_values = true
    )]
    out: String,
}

/// Runs `article-viewer index` with `args`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let out = Path::new(&args.out);
    fs::create_dir_all(out)
        .map_err(|error| Failure::Failed(format!("cannot create {}: {error}", out.display())))?;
    let mut articles: Vec<Article> = Vec::new();
    let mut origins: Vec<Origin> = Vec::new();
    for path in &args.bundles {
        let text = fs::read_to_string(path)
            .map_err(|error| Failure::Failed(format!("cannot read {path}: {error}")))?;
        let (bundle, diagnostics) = bundle::from_json(&text)
            .map_err(|error| Failure::Failed(format!("{path}: {error}")))?;
        for diagnostic in diagnostics {
            eprintln!("{path}: warning: {diagnostic}");
        }
        let reference = relative_to(Path::new(path), out)?;
        for article in bundle.articles() {
            let channel = bundle
                .channel(article.channel())
                .map_or(article.channel(), |channel| channel.name());
            origins.push(Origin {
                bundle: reference.clone(),
                channel: channel.to_owned(),
            });
            articles.push(article.clone());
        }
    }
    let manifest_path = out.join(chunks::MANIFEST);
    // The previous build is reused only if every file it names is still there.
    let previous = fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|text| Manifest::parse(&text))
        .and_then(|manifest| complete(manifest, out));
    let (manifest, pieces) = chunks::build(&articles, &origins, previous.as_ref());
    let written = pieces.len() + 1;
    let mut total = 0;
    // The manifest comes last, so a reader never finds one that names a file not yet there.
    for piece in chunks::files(&manifest, pieces) {
        let (name, bytes) = if piece.gzip {
            (piece.name, gzip(&piece.bytes))
        } else {
            (piece.name, piece.bytes)
        };
        total += bytes.len();
        let path = out.join(&name);
        fs::write(&path, bytes).map_err(|error| {
            Failure::Failed(format!("cannot write {}: {error}", path.display()))
        })?;
    }
    let kept = manifest.segments.len() - usize::from(written > 1);
    println!(
        "indexed {} articles in {} segment(s) ({kept} unchanged): wrote {} files, {total} bytes, build {}",
        articles.len(),
        manifest.segments.len(),
        written,
        manifest.build_id
    );
    Ok(ExitCode::SUCCESS)
}

/// The previous build in `out`, its segments' directories read, if none of its files is missing or unreadable.
fn complete(mut manifest: Manifest, out: &Path) -> Option<Manifest> {
    for segment in &mut manifest.segments {
        segment.read_head(&gunzip(&fs::read(out.join(&segment.head)).ok()?)?)?;
        if !segment.files().all(|name| out.join(name).is_file()) {
            return None;
        }
    }
    Some(manifest)
}

/// `bytes` gunzipped; `None` for bytes that are not gzip data.
fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut decompressed = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut decompressed)
        .ok()?;
    Some(decompressed)
}

/// `path` as a URL path relative to the folder `dir`, such as `../bundles/focus.2024-05.json`.
fn relative_to(path: &Path, dir: &Path) -> Result<String, Failure> {
    let absolute = |path: &Path| {
        fs::canonicalize(path)
            .map_err(|error| Failure::Failed(format!("cannot find {}: {error}", path.display())))
    };
    let (path, dir) = (absolute(path)?, absolute(dir)?);
    let path: Vec<Component> = path.components().collect();
    let dir: Vec<Component> = dir.components().collect();
    let common = path.iter().zip(&dir).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); dir.len() - common];
    for component in &path[common..] {
        let part = component.as_os_str().to_string_lossy();
        parts.push(url::encode_component(&part));
    }
    Ok(parts.join("/"))
}

/// `bytes` gzip-compressed, the same bytes every time (no timestamp or name in the header).
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
