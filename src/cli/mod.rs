//! The `article-viewer` command line: the native tools editors use around the viewer. Native only.
//!
//! Each subcommand lives in its own module with its arguments (`Args`, read by clap) and a
//! `run(Args) -> Result<ExitCode, Failure>`; this module only reads the command line and dispatches. Output for
//! people goes to stdout, problems to stderr. Exit status: 0 done, 1 the work failed, 2 a wrong command line.

use std::ffi::OsString;
use std::fmt;
use std::process::ExitCode;

use clap::Parser;

mod check;
mod image_size;
mod import;
mod index;
mod offline;
mod pack;
mod render;
mod split;

#[cfg(test)]
mod tests;

pub use check::locate;

/// Runs the command line `args`, the program's name first, and says how it ended.
pub fn main<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and the version go to stdout with status 0; usage errors to stderr with status 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Pack(args) => pack::run(args),
        Command::Import(args) => import::run(args),
        Command::Index(args) => index::run(args),
        Command::Split(args) => split::run(args),
        Command::Offline(args) => offline::run(args),
        Command::Render(args) => render::run(args),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Why a command did not do its work.
#[derive(Debug)]
pub enum Failure {
    /// The command line was wrong in a way only the command could tell (exit code 2).
    Usage(String),
    /// The work failed (exit code 1), such as an unreadable file.
    Failed(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) | Failure::Failed(message) => f.write_str(message),
        }
    }
}

/// The layout of every subcommand's help: what it does, how to call it, what it reads and writes, its arguments
/// and options, then notes such as the exit status.
const SUBCOMMAND_HELP: &str =
    "{about-with-newline}\n{usage-heading} {usage}\n\n{before-help}{all-args}{after-help}";

/// `article-viewer`: tools for article bundles.
#[derive(Debug, Parser)]
#[command(
    name = "article-viewer",
    version,
    about = "article-viewer: tools for article bundles",
    override_usage = "article-viewer <command> [options]",
    after_help = "Run `article-viewer <command> --help` for a command's options.",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands, in the order `--help` lists them.
#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Validate bundles; print each problem with its JSON path and line:column
    #[command(help_template = SUBCOMMAND_HELP, args_override_self = true)]
    Check(check::Args),
    /// Make a bundle from site.toml and one Markdown file per article
    #[command(help_template = SUBCOMMAND_HELP, args_override_self = true)]
    Pack(pack::Args),
    /// Turn legacy article pages into Markdown articles for `pack`
    #[command(help_template = SUBCOMMAND_HELP, args_override_self = true)]
    Import(import::Args),
    /// Write the search index of a whole site, read a piece at a time
    #[command(help_template = SUBCOMMAND_HELP, args_override_self = true)]
    Index(index::Args),
    /// One bundle per channel and month, and a catalog of which holds what
    #[command(help_template = SUBCOMMAND_HELP, args_override_self = true)]
    Split(split::Args),
    /// Make a copied site readable from a disk (file://), search included
    #[command(help_template = SUBCOMMAND_HELP, args_override_self = true)]
    Offline(offline::Args),
    /// Write a static site: a page per article and per channel, readable without JavaScript
    #[command(help_template = SUBCOMMAND_HELP, args_override_self = true)]
    Render(render::Args),
}

/// The warning for an image at `url` that the viewer's page will not load: an `http:` URL, which its
/// Content-Security-Policy (`img-src 'self' https: data:`) blocks on https pages, on http hosts other than its
/// own and from `file://`, without a message. `None` for any other URL.
pub(crate) fn http_image_warning(url: &str) -> Option<String> {
    let scheme_http = url
        .trim_start()
        .get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http:"));
    scheme_http.then(|| {
        format!(
            "image {url} is http:, which the viewer's page blocks (its Content-Security-Policy allows https: \
             images only): readers see its alt text, or nothing, in its place; use an https:// URL or a copy \
             beside the bundle"
        )
    })
}
