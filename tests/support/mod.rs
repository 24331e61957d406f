//! What the command-line tests share: running `article-viewer` as editors do, and scratch folders.

// Each test file is a crate of its own and uses only some of these.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;

/// How a run of `article-viewer` ended.
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `article-viewer` with `args` from the repository's root, so paths such as `www/bundles/sample.json` work.
pub fn article_viewer<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_article-viewer"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the command runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// An empty folder for `name` under the system's temporary folder, apart from other test processes.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("article-viewer-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The TOML front matter and the Markdown body of an article as `import` writes it (`+++` lines around the first).
#[track_caller]
pub fn split_front_matter(markdown: &str) -> (&str, &str) {
    markdown
        .strip_prefix("+++\n")
        .expect("the article starts with +++")
        .split_once("\n+++\n")
        .expect("the front matter ends with +++")
}
