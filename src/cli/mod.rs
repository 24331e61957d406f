//! The `article-viewer` command line: the native tools editors use around the viewer. Native only.
//!
//! Each subcommand lives in its own module with a `run(args) -> Result<ExitCode, Failure>`; this module only
//! dispatches and prints help. Output for people goes to stdout, problems to stderr.

use std::fmt;
use std::process::ExitCode;

mod check;
mod image_size;
mod import;
mod index;
mod offline;
mod pack;
mod render;
mod split;

pub use check::locate;

/// The overview printed by `article-viewer --help`.
const HELP: &str = "\
article-viewer: tools for article bundles

Usage: article-viewer <command> [options]

Commands:
  check <bundle.json>...          Validate bundles; print each problem with its JSON path and line:column
  pack <dir> -o <bundle.json>     Make a bundle from site.toml and one Markdown file per article
  import <page.txt|page.html>...  Turn legacy article pages into Markdown articles for `pack`
  index <bundle.json>... --out <dir>
                                  Write the search index of a whole site, read a piece at a time
  split <bundle.json> --out <dir>
                                  One bundle per channel and month, and a catalog of which holds what
  offline <dir>                   Make a copied site readable from a disk (file://), search included
  render <bundle.json> -o <dir>   Write a static site: a page per article and per channel, readable
                                  without JavaScript and taken over by the viewer where it runs

Run `article-viewer <command> --help` for a command's options.
";

/// Runs the command line `args` (without the program name) and says how it ended.
pub fn main(args: &[String]) -> ExitCode {
    let Some((command, rest)) = args.split_first() else {
        eprint!("{HELP}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "check" => check::run(rest),
        "pack" => pack::run(rest),
        "import" => import::run(rest),
        "render" => render::run(rest),
        "index" => index::run(rest),
        "split" => split::run(rest),
        "offline" => offline::run(rest),
        "-h" | "--help" | "help" => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        "-V" | "--version" => {
            println!("article-viewer {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        other => Err(Failure::Usage(format!(
            "unknown command '{other}'; see `article-viewer --help`"
        ))),
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
    /// The command line was wrong (exit code 2).
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

/// The options of one subcommand: positional arguments, `-o <path>`, and flags.
#[derive(Debug, Default)]
pub struct Options {
    /// Arguments that are not options, in order.
    pub positional: Vec<String>,
    /// The value of `-o` (also spelled `--output` or `--out`).
    pub output: Option<String>,
    /// Flags given, such as `--json`.
    pub flags: Vec<String>,
    /// Options given with a value, such as `--base-url https://…`.
    pub values: Vec<(String, String)>,
    /// Whether `-h`/`--help` was given.
    pub help: bool,
}

impl Options {
    /// Reads `args`, accepting only the flags in `known_flags` (besides `-o` and `--help`).
    ///
    /// # Errors
    /// [`Failure::Usage`] for an unknown option or a missing `-o` value.
    pub fn parse(args: &[String], known_flags: &[&str]) -> Result<Options, Failure> {
        Options::parse_with_values(args, known_flags, &[])
    }

    /// The `-o` value, which the command needs: without it, a usage error saying `needs` (such as
    /// `"index needs --out <dir>"`).
    ///
    /// # Errors
    /// [`Failure::Usage`] when `-o` was not given.
    pub fn required_output(&self, needs: &str) -> Result<&str, Failure> {
        self.output
            .as_deref()
            .ok_or_else(|| Failure::Usage(needs.to_owned()))
    }

    /// Reads `args` like [`Options::parse`], also accepting the options in `valued`, each followed by a value.
    ///
    /// # Errors
    /// [`Failure::Usage`] for an unknown option or a missing value.
    pub fn parse_with_values(
        args: &[String],
        known_flags: &[&str],
        valued: &[&str],
    ) -> Result<Options, Failure> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                name if valued.contains(&name) => match args.next() {
                    Some(value) => options.values.push((name.to_owned(), value.clone())),
                    None => return Err(Failure::Usage(format!("{name} needs a value"))),
                },
                "-h" | "--help" => options.help = true,
                "-o" | "--output" | "--out" => match args.next() {
                    Some(value) => options.output = Some(value.clone()),
                    None => return Err(Failure::Usage(format!("{arg} needs a path"))),
                },
                flag if flag.starts_with('-') && flag.len() > 1 => {
                    if known_flags.contains(&flag) {
                        options.flags.push(flag.to_owned());
                    } else {
                        return Err(Failure::Usage(format!("unknown option '{flag}'")));
                    }
                }
                _ => options.positional.push(arg.clone()),
            }
        }
        Ok(options)
    }

    /// The value given for `name`, the last one if given twice.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether `flag` was given.
    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|given| given == flag)
    }
}

#[cfg(test)]
mod tests {
    use super::Options;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|&arg| arg.to_owned()).collect()
    }

    #[test]
    fn the_output_option_has_three_spellings() {
        for spelling in ["-o", "--output", "--out"] {
            let options =
                Options::parse(&args(&["in.json", spelling, "dir"]), &[]).expect("a known option");
            assert_eq!(options.output.as_deref(), Some("dir"), "{spelling}");
            assert_eq!(options.positional, ["in.json"], "{spelling}");
        }
    }

    #[test]
    fn an_output_option_without_a_path_is_a_usage_error() {
        assert!(Options::parse(&args(&["in.json", "--out"]), &[]).is_err());
    }
}
