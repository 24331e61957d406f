use clap::{CommandFactory, Parser};

use super::{Cli, Command};

/// The subcommand `article-viewer <args>` runs, with its arguments.
fn parse(args: &[&str]) -> Result<Command, clap::Error> {
    Cli::try_parse_from(["article-viewer"].iter().chain(args)).map(|cli| cli.command)
}

#[test]
fn the_command_line_is_well_formed() {
    Cli::command().debug_assert();
}

#[test]
fn the_output_option_has_three_spellings() {
    for command in [
        &["pack", "src"][..],
        &["import", "in.txt"],
        &["render", "in.json"],
        &["index", "in.json"],
        &["split", "in.json"],
    ] {
        for spelling in ["-o", "--output", "--out"] {
            let parsed = parse(&[command, &[spelling, "out-dir"]].concat())
                .unwrap_or_else(|error| panic!("{command:?} {spelling}: {error}"));
            let shown = format!("{parsed:?}");
            assert!(
                shown.contains("\"out-dir\""),
                "{command:?} {spelling}: {shown}"
            );
        }
    }
}

#[test]
fn an_output_option_without_a_path_is_a_usage_error() {
    let error = parse(&["pack", "src", "--out"]).expect_err("--out needs a path");
    assert_eq!(error.exit_code(), 2);
    assert!(error.to_string().contains("--output"), "{error}");
}

#[test]
fn an_option_given_twice_keeps_the_last_value() {
    let parsed =
        parse(&["pack", "src", "-o", "first.json", "-o", "last.json"]).expect("a repeated option");
    let shown = format!("{parsed:?}");
    assert!(
        shown.contains("last.json") && !shown.contains("first.json"),
        "{shown}"
    );
}

#[test]
fn help_and_version_are_not_errors() {
    for args in [
        &["--help"][..],
        &["-V"],
        &["pack", "--help"],
        &["help", "pack"],
    ] {
        let error = parse(args).expect_err("clap answers help and version itself");
        assert_eq!(error.exit_code(), 0, "{args:?}");
    }
    let error = parse(&[]).expect_err("no command");
    assert_eq!(error.exit_code(), 2);
}
