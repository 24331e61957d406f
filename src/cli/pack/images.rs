//! The images articles use by relative path: which file each names, and where beside the bundle it is copied.
//! Two different files may not land on the same path; URLs with a scheme or an absolute path are left alone.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::url;

use super::{PackError, Problems};

/// An image to copy: from `source` to the bundle's directory joined with `target`.
pub(super) struct Image {
    pub(super) source: PathBuf,
    pub(super) target: PathBuf,
}

/// Finds the file of every relative image and where it goes next to the bundle. `uses` are the article files
/// with the image URLs each uses and their lines.
pub(super) fn place_images<'a>(
    uses: impl IntoIterator<Item = (&'a Path, &'a [(String, usize)])>,
    problems: &mut Problems,
) -> Vec<Image> {
    // By target, with the article and line that first used it.
    let mut placed: BTreeMap<PathBuf, (PathBuf, &Path, usize)> = BTreeMap::new();
    for (article_file, images) in uses {
        let article_dir = article_file.parent().unwrap_or(Path::new("."));
        for (written, line) in images {
            let Some(path) = local_path(written) else {
                continue;
            };
            let error = |message: String| PackError::new(article_file, Some(*line), message);
            let Some(target) = target_path(path) else {
                problems.error(error(format!(
                    "image {written:?} is outside the bundle's directory; \
                     a relative image path must not start with ../"
                )));
                continue;
            };
            let source = article_dir.join(&target);
            match fs::metadata(&source) {
                Ok(metadata) if metadata.is_file() => {}
                Ok(_) => {
                    problems.error(error(format!(
                        "image {written:?}: {} is not a file",
                        source.display()
                    )));
                    continue;
                }
                Err(io_error) => {
                    problems.error(error(format!(
                        "image {written:?}: cannot read {}: {io_error}",
                        source.display()
                    )));
                    continue;
                }
            }
            match placed.get(&target) {
                None => {
                    placed.insert(target, (source, article_file, *line));
                }
                Some((first_source, first_file, first_line)) => {
                    if !same_file(first_source, &source) {
                        problems.error(error(format!(
                            "image {written:?} ({}) would be copied to {} beside the bundle, \
                             where {}:{first_line} already puts {}",
                            source.display(),
                            target.display(),
                            first_file.display(),
                            first_source.display(),
                        )));
                    }
                }
            }
        }
    }
    placed
        .into_iter()
        .map(|(target, (source, _, _))| Image { source, target })
        .collect()
}

/// The path part of an image URL that names a file next to the bundle: no scheme, not starting with `/`, `?`
/// or `#`. `None` for http(s), `data:` and other URLs, which are left as they are.
pub(super) fn local_path(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.is_empty() || url.starts_with(['/', '?', '#']) || has_scheme(url) {
        return None;
    }
    url.split(['?', '#']).next().filter(|path| !path.is_empty())
}

/// Whether `url` starts with a scheme such as `https:` or `data:` (RFC 3986 section 3.1).
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The relative path of the image file next to the bundle, percent-decoded, with `.` and `..` resolved;
/// `None` when it leaves the bundle's directory.
pub(super) fn target_path(path: &str) -> Option<PathBuf> {
    let mut segments: Vec<String> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            _ => segments.push(url::decode_component(segment)),
        }
    }
    Some(segments.iter().collect())
}

pub(super) fn same_file(one: &Path, other: &Path) -> bool {
    match (fs::canonicalize(one), fs::canonicalize(other)) {
        (Ok(one), Ok(other)) => one == other,
        _ => false,
    }
}
