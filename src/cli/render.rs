//! `article-viewer render`: not written yet.

use std::process::ExitCode;

use super::Failure;

/// Runs `article-viewer render` with `args`.
pub fn run(_args: &[String]) -> Result<ExitCode, Failure> {
    Err(Failure::Failed("not implemented yet".to_owned()))
}
