//! `article-viewer offline`: makes a site folder readable from a disk or USB stick, opened as `file://`.
//!
//! Browsers refuse `fetch` and ES modules on `file://` pages, but run classic scripts beside the page. So every
//! file the viewer reads (bundles, the search index, the wasm) gets a twin `<name>.js`, a script that hands the
//! file's bytes to the page (`articleViewerFile("<base64>")`); `www/main.js` reads through the twins when the
//! page's address is `file://`. Over http(s) the twins are never asked for.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use super::Failure;

/// The arguments of `article-viewer offline`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "article-viewer offline <dir>",
    before_help = "\
Makes the site in <dir> (the viewer's files, bundles, search index) readable when opened from a
disk, as file://..., where browsers refuse to fetch files: beside every .json, .txt, .bin and .wasm
file it writes a twin <name>.js that the viewer loads as a script instead. Copy the site first,
then run this on the copy:

  cp -r site /media/usb/site && article-viewer offline /media/usb/site

Search works from the disk too, reading the index's pieces through their twins. Running it again
rewrites only the twins whose file changed."
)]
pub struct Args {
    /// The copied site's folder
    #[arg(value_name = "dir")]
    dir: String,
}

/// The extensions of the files the viewer reads with `fetch`.
const READ_BY_FETCH: [&str; 4] = ["json", "txt", "bin", "wasm"];

/// Runs `article-viewer offline` with `args`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let dir = args.dir;
    let mut counts = (0, 0);
    write_twins(Path::new(&dir), &mut counts)?;
    println!(
        "{} files readable from disk in {dir}; twins written: {} (the others were up to date)",
        counts.0, counts.1
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the twins of the files under `dir`; counts (files, twins written).
fn write_twins(dir: &Path, counts: &mut (usize, usize)) -> Result<(), Failure> {
    let failed = |path: &Path, error: std::io::Error| {
        Failure::Failed(format!("cannot read {}: {error}", path.display()))
    };
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|error| failed(dir, error))?
        .collect::<Result<_, _>>()
        .map_err(|error| failed(dir, error))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            write_twins(&path, counts)?;
            continue;
        }
        let read_by_fetch = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| READ_BY_FETCH.contains(&extension));
        if !read_by_fetch {
            continue;
        }
        let bytes = fs::read(&path).map_err(|error| failed(&path, error))?;
        let twin = twin(&bytes);
        let mut twin_path = path.clone().into_os_string();
        twin_path.push(".js");
        counts.0 += 1;
        if fs::read(&twin_path).ok().as_deref() != Some(twin.as_bytes()) {
            fs::write(&twin_path, twin).map_err(|error| {
                Failure::Failed(format!(
                    "cannot write {}: {error}",
                    Path::new(&twin_path).display()
                ))
            })?;
            counts.1 += 1;
        }
    }
    Ok(())
}

/// The script that hands `bytes` to the page.
fn twin(bytes: &[u8]) -> String {
    format!("articleViewerFile(\"{}\");\n", base64(bytes))
}

/// Standard base64 with padding, as `atob` reads it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let value = group
            .iter()
            .enumerate()
            .fold(0u32, |value, (index, &byte)| {
                value | u32::from(byte) << (16 - 8 * index)
            });
        for index in 0..4 {
            if index <= group.len() {
                encoded.push(char::from(
                    ALPHABET[(value >> (18 - 6 * index) & 63) as usize],
                ));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_is_the_standard_alphabet_with_padding() {
        // RFC 4648, section 10.
        for (input, expect) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expect, "{input:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
