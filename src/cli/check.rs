//! `article-viewer check`: validates bundles with the viewer's own code and says where each problem is.
//!
//! Problems that cost an article or channel, and problems with the bundle as a whole, are errors (exit code 1);
//! an optional field left out is a warning. Each is printed as `file:line:column: severity: path: message`.

use std::process::ExitCode;

use crate::bundle::{self, Effect};

use super::Failure;

/// The arguments of `article-viewer check`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "article-viewer check [--json] <bundle.json>...",
    before_help = "\
Validates article bundles exactly as the viewer reads them, and prints every problem with its file,
line:column, JSON path and what was expected:

  sample.json:12:18: error: articles[3].published: expected an RFC 3339 date-time with offset, ...

A problem that costs an article, a channel or the whole bundle is an error; an optional field that
is left out is a warning. Exits with 1 when there is an error, 0 otherwise."
)]
pub struct Args {
    /// The bundles to check
    #[arg(value_name = "bundle.json", required = true)]
    bundles: Vec<String>,
    /// Print the problems as a JSON array of {file, line, column, severity, path, message}
    #[arg(long)]
    json: bool,
}

/// One problem found, and where.
struct Problem {
    file: String,
    position: Option<(usize, usize)>,
    error: bool,
    path: String,
    message: String,
}

/// Runs `article-viewer check` with `args`.
pub fn run(args: Args) -> Result<ExitCode, Failure> {
    let mut problems = Vec::new();
    for file in &args.bundles {
        problems.extend(check_file(file));
    }
    let n_errors = problems.iter().filter(|problem| problem.error).count();
    if args.json {
        let list: Vec<serde_json::Value> = problems
            .iter()
            .map(|problem| {
                serde_json::json!({
                    "file": problem.file,
                    "line": problem.position.map(|position| position.0),
                    "column": problem.position.map(|position| position.1),
                    "severity": if problem.error { "error" } else { "warning" },
                    "path": problem.path,
                    "message": problem.message,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(list));
    } else {
        for problem in &problems {
            let position = problem
                .position
                .map_or_else(String::new, |(line, column)| format!("{line}:{column}:"));
            let severity = if problem.error { "error" } else { "warning" };
            println!(
                "{}:{position} {severity}: {}",
                problem.file, problem.message
            );
        }
        let n_warnings = problems.len() - n_errors;
        println!(
            "{} bundle(s) checked: {n_errors} error(s), {n_warnings} warning(s)",
            args.bundles.len()
        );
    }
    Ok(if n_errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn check_file(file: &str) -> Vec<Problem> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            return vec![Problem {
                file: file.to_owned(),
                position: None,
                error: true,
                path: String::new(),
                message: format!("cannot read {file}: {error}"),
            }]
        }
    };
    match bundle::from_json(&text) {
        Err(error) => {
            // A syntax error's place comes from the JSON parser; other errors' from their path.
            let position = match error.kind() {
                crate::bundle::ErrorKind::Syntax(_) => {
                    serde_json::from_str::<serde::de::IgnoredAny>(&text)
                        .err()
                        .map(|syntax| (syntax.line(), syntax.column()))
                }
                _ => locate(&text, error.path()),
            };
            vec![Problem {
                file: file.to_owned(),
                position,
                error: true,
                path: error.path().to_owned(),
                message: error.to_string(),
            }]
        }
        Ok((_, diagnostics)) => {
            let mut problems: Vec<Problem> = diagnostics
                .iter()
                .map(|diagnostic| Problem {
                    file: file.to_owned(),
                    position: locate(&text, diagnostic.error().path()),
                    error: !matches!(diagnostic.effect(), Effect::IgnoredField),
                    path: diagnostic.error().path().to_owned(),
                    message: diagnostic.to_string(),
                })
                .collect();
            // Images a reader will not see, named by the field that holds them: read from the JSON as written, so
            // that the index is the file's own even where an article before was skipped.
            let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let articles = json["articles"].as_array().map_or(&[][..], Vec::as_slice);
            for (index, article) in articles.iter().enumerate() {
                let lead = article["lead"]["src"]
                    .as_str()
                    .map(|src| (src.to_owned(), "lead.src"));
                let body = crate::markdown::image_urls(article["body"].as_str().unwrap_or(""))
                    .into_iter()
                    .map(|(url, _)| (url, "body"));
                for (url, field) in lead.into_iter().chain(body) {
                    if let Some(warning) = super::http_image_warning(&url) {
                        let path = format!("articles[{index}].{field}");
                        problems.push(Problem {
                            file: file.to_owned(),
                            position: locate(&text, &path),
                            error: false,
                            message: format!("{path}: {warning}"),
                            path,
                        });
                    }
                }
            }
            problems
        }
    }
}

/// One step of a JSON path.
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// The 1-based line and column (in characters) of the value at a JSON `path` (such as `articles[3].published`)
/// in `text`; for a path that does not exist, of the deepest part of it that does. `None` for text that is not
/// JSON where the path leads.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let steps = parse_path(path)?;
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    for step in steps {
        let found = match step {
            Step::Key(key) => find_member(bytes, at, key),
            Step::Index(index) => find_element(bytes, at, index),
        };
        match found {
            Some(value) => at = value,
            None => break,
        }
    }
    Some(line_column(text, at))
}

fn parse_path(path: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|part| !part.is_empty()) {
        let (key, mut indices) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        while let Some(rest) = indices.strip_prefix('[') {
            let end = rest.find(']')?;
            steps.push(Step::Index(rest[..end].parse().ok()?));
            indices = &rest[end + 1..];
        }
    }
    Some(steps)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The start of the value of the last member named `key` of the object at `at`.
fn find_member(bytes: &[u8], at: usize, key: &str) -> Option<usize> {
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut at = skip_space(bytes, at + 1);
    let mut found = None;
    while bytes.get(at) == Some(&b'"') {
        let key_end = skip_string(bytes, at)?;
        let name = serde_json::from_slice::<String>(&bytes[at..key_end]).ok()?;
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return found;
        }
        let value = skip_space(bytes, at + 1);
        if name == key {
            found = Some(value);
        }
        at = skip_space(bytes, skip_value(bytes, value)?);
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            _ => break,
        }
    }
    found
}

/// The start of element `index` of the array at `at`.
fn find_element(bytes: &[u8], at: usize, index: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    let mut at = skip_space(bytes, at + 1);
    for _ in 0..index {
        at = skip_space(bytes, skip_value(bytes, at)?);
        if bytes.get(at) != Some(&b',') {
            return None;
        }
        at = skip_space(bytes, at + 1);
    }
    (at < bytes.len() && bytes[at] != b']').then_some(at)
}

/// The end of the string starting at `at` (just past its closing quote).
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        match bytes.get(at)? {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
}

/// The end of the value starting at `at`. Nesting is counted, not recursed into.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut at = at;
            loop {
                match bytes.get(at)? {
                    b'"' => {
                        at = skip_string(bytes, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        _ => {
            let mut at = at;
            while bytes.get(at).is_some_and(|byte| {
                !matches!(byte, b',' | b'}' | b']') && !byte.is_ascii_whitespace()
            }) {
                at += 1;
            }
            Some(at)
        }
    }
}

fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"site\": {\"name\": \"站\", \"url\": \"invest\"},\n  \"articles\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"published\": \"2023-02-30\"}\n  ]\n}\n";

    #[test]
    fn paths_lead_to_their_values() {
        assert_eq!(locate(TEXT, "site.url"), Some((2, 32)));
        assert_eq!(locate(TEXT, "articles[1].published"), Some((5, 30)));
        assert_eq!(locate(TEXT, "articles[0]"), Some((4, 5)));
        assert_eq!(locate(TEXT, ""), Some((1, 1)));
    }

    #[test]
    fn missing_parts_lead_to_the_deepest_that_exists() {
        assert_eq!(locate(TEXT, "articles[0].title"), Some((4, 5)));
        assert_eq!(locate(TEXT, "articles[7].title"), Some((3, 15)));
        assert_eq!(locate("not json", "site.url"), Some((1, 1)));
    }
}
