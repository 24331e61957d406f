//! Reading source files: their text (UTF-8, with CRLF read as LF), TOML tables with the type of each value checked
//! and the line of each key noted, and the objects of the bundle document made of them. What the values mean is
//! for the viewer's reader to check, not this module.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::bundle::Value;

use super::{PackError, Problems};

/// A TOML document at `offset` in the text of `file`, to turn its spans into the file's lines.
pub(super) struct Doc<'a> {
    pub(super) file: &'a Path,
    pub(super) text: &'a str,
    pub(super) offset: usize,
}

impl Doc<'_> {
    pub(super) fn line(&self, span: &Range<usize>) -> usize {
        line_column(self.text, self.offset + span.start).0
    }

    pub(super) fn error(&self, span: &Range<usize>, message: impl Into<String>) -> PackError {
        PackError::new(self.file, Some(self.line(span)), message)
    }

    /// `toml` parsed as a table, or `None` with its problem reported.
    pub(super) fn table<'t>(&self, toml: &'t str, problems: &mut Problems) -> Option<DeTable<'t>> {
        self.parse(toml).map_err(|error| problems.error(error)).ok()
    }

    pub(super) fn parse<'t>(&self, toml: &'t str) -> Result<DeTable<'t>, PackError> {
        DeTable::parse(toml)
            .map(toml::Spanned::into_inner)
            .map_err(|error| {
                let start = error.span().map_or(0, |span| span.start);
                let (line, column) = line_column(self.text, self.offset + start);
                PackError {
                    file: self.file.to_owned(),
                    line: Some(line),
                    column: Some(column),
                    message: error.message().to_owned(),
                }
            })
    }
}

/// Reads the values of one TOML table, checking their types, noting the line of each, and warning of unknown keys.
pub(super) struct Fields<'d, 't, 'i> {
    pub(super) doc: &'d Doc<'d>,
    pub(super) table: &'t DeTable<'i>,
    /// The path of the table, such as `site.` or `lead.`, put before keys in messages and in `lines`.
    pub(super) prefix: String,
    pub(super) lines: &'t mut BTreeMap<String, usize>,
    pub(super) problems: &'t mut Problems,
}

impl<'d, 't, 'i> Fields<'d, 't, 'i> {
    pub(super) fn entry(&mut self, key: &str) -> Option<(Range<usize>, &'t DeValue<'i>, String)> {
        let (key_span, value) = self.table.get_key_value(key)?;
        let path = format!("{}{key}", self.prefix);
        self.lines
            .insert(path.clone(), self.doc.line(&key_span.span()));
        Some((key_span.span(), value.get_ref(), path))
    }

    pub(super) fn mismatch(
        &mut self,
        span: &Range<usize>,
        path: &str,
        expected: &str,
        value: &DeValue<'_>,
    ) {
        let found = describe(value);
        self.problems.error(
            self.doc
                .error(span, format!("{path}: expected {expected}, found {found}")),
        );
    }

    pub(super) fn string(&mut self, key: &str) -> Option<String> {
        let (span, value, path) = self.entry(key)?;
        match value {
            DeValue::String(text) => Some(text.to_string()),
            other => {
                self.mismatch(&span, &path, "a string", other);
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, key: &str) -> Option<bool> {
        let (span, value, path) = self.entry(key)?;
        match value {
            DeValue::Boolean(flag) => Some(*flag),
            other => {
                self.mismatch(&span, &path, "true or false", other);
                None
            }
        }
    }

    pub(super) fn integer(&mut self, key: &str) -> Option<i64> {
        let (span, value, path) = self.entry(key)?;
        let number = match value {
            DeValue::Integer(number) => number,
            other => {
                self.mismatch(&span, &path, "an integer", other);
                return None;
            }
        };
        let parsed = i64::from_str_radix(number.as_str(), number.radix()).ok();
        if parsed.is_none() {
            self.problems.error(
                self.doc
                    .error(&span, format!("{path}: {number} does not fit in 64 bits")),
            );
        }
        parsed
    }

    /// A table under `key`: its span and the table.
    pub(super) fn table(&mut self, key: &str) -> Option<(Range<usize>, &'t DeTable<'i>)> {
        let (span, value, path) = self.entry(key)?;
        match value {
            DeValue::Table(table) => Some((span, table)),
            other => {
                self.mismatch(&span, &path, "a table", other);
                None
            }
        }
    }

    /// Fields of the table under `key`, whose paths are `<prefix><key>.`.
    /// The fields of a file's whole `table`, with a warning for each key not in `known`.
    pub(super) fn of_file(
        doc: &'d Doc<'d>,
        table: &'t DeTable<'i>,
        lines: &'t mut BTreeMap<String, usize>,
        problems: &'t mut Problems,
        known: &[&str],
    ) -> Fields<'d, 't, 'i> {
        let mut fields = Fields {
            doc,
            table,
            prefix: String::new(),
            lines,
            problems,
        };
        fields.warn_unknown(known);
        fields
    }

    pub(super) fn nested<'s>(&'s mut self, table: &'t DeTable<'i>, key: &str) -> Fields<'s, 's, 'i>
    where
        't: 's,
    {
        Fields {
            doc: self.doc,
            table,
            prefix: format!("{}{key}.", self.prefix),
            lines: self.lines,
            problems: self.problems,
        }
    }

    pub(super) fn warn_unknown(&mut self, known: &[&str]) {
        let mut unknown: Vec<(usize, String)> = self
            .table
            .iter()
            .filter(|(key, _)| !known.contains(&key.get_ref().as_ref()))
            .map(|(key, _)| (self.doc.line(&key.span()), key.get_ref().to_string()))
            .collect();
        unknown.sort();
        for (line, key) in unknown {
            self.problems.warn(PackError::new(
                self.doc.file,
                Some(line),
                format!(
                    "unknown key `{}{key}` ignored; known keys here: {}",
                    self.prefix,
                    known.join(", ")
                ),
            ));
        }
    }
}

fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(text) => format!("{text:?}"),
        DeValue::Integer(number) => format!("the integer {number}"),
        DeValue::Float(number) => format!("the number {number}"),
        DeValue::Boolean(flag) => format!("{flag}"),
        DeValue::Datetime(datetime) => format!("the date-time {datetime}"),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// The text of `file`, with a byte-order mark dropped and CRLF line ends read as LF.
pub(super) fn read_text(file: &Path, problems: &mut Problems) -> Option<String> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.error(PackError::new(file, None, format!("cannot read: {error}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Some(text.replace("\r\n", "\n"))
        }
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
            problems.error(PackError::new(
                file,
                Some(line),
                "not UTF-8 text; save the file as UTF-8",
            ));
            None
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// An object of the fields that have a value, in the order given. A field without one is left out, so that the
/// viewer's reader, not a second copy of its rules, reports a missing required field.
pub(super) fn object<const N: usize>(fields: [(&str, Option<Value>); N]) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter_map(|(key, value)| Some((key.to_owned(), value?)))
            .collect(),
    )
}
