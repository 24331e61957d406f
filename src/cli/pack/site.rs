//! `site.toml`: the bundle's `site` and `channels`, as the document the viewer's reader checks, with the line of
//! each field. Checking what the values mean (a URL, an id) is the reader's job, not this module's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::de::DeValue;

use crate::bundle::Value;

use super::source::{object, read_text, Doc, Fields};
use super::{PackError, Problems};

const SITE_FILE_KEYS: [&str; 2] = ["site", "channels"];
const SITE_KEYS: [&str; 4] = ["name", "url", "app", "indent_paragraphs"];
const APP_KEYS: [&str; 2] = ["name", "url"];
const CHANNEL_KEYS: [&str; 2] = ["id", "name"];

/// `site.toml`, read: the bundle's `site` object and `channels`, and the line of each JSON path (`site.url`,
/// `channels[1].id`).
pub(super) struct Site {
    pub(super) file: PathBuf,
    /// The `site` object, with the keys site.toml gives.
    pub(super) object: Value,
    /// The `channels` objects, in tab order.
    pub(super) channels: Vec<Value>,
    pub(super) lines: BTreeMap<String, usize>,
}

impl Site {
    /// The channel ids given, in tab order.
    pub(super) fn channel_ids(&self) -> Vec<&str> {
        self.channels
            .iter()
            .filter_map(|channel| match channel.get("id") {
                Some(Value::String(id)) => Some(id.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// Reads `file`, reporting its problems; `None` when it has one.
pub(super) fn read_site(file: &Path, problems: &mut Problems) -> Option<Site> {
    if !file.exists() {
        problems.error(PackError::new(
            file,
            None,
            "not found; a source directory needs a site.toml with [site] and [[channels]]",
        ));
        return None;
    }
    let text = read_text(file, problems)?;
    let doc = Doc {
        file,
        text: &text,
        offset: 0,
    };
    let table = doc.table(&text, problems)?;
    let n_errors = problems.errors.len();
    let mut lines = BTreeMap::new();
    let mut fields = Fields::of_file(&doc, &table, &mut lines, problems, &SITE_FILE_KEYS);

    let site_value = match fields.table("site") {
        Some((_, site_table)) => {
            let mut site = fields.nested(site_table, "site");
            site.warn_unknown(&SITE_KEYS);
            let name = site.string("name").map(Value::String);
            let url = site.string("url").map(Value::String);
            let indent_paragraphs = site.boolean("indent_paragraphs").map(Value::Bool);
            let app = site.table("app").map(|(_, app_table)| {
                let mut app = site.nested(app_table, "app");
                app.warn_unknown(&APP_KEYS);
                let name = app.string("name").map(Value::String);
                let url = app.string("url").map(Value::String);
                object([("name", name), ("url", url)])
            });
            object([
                ("name", name),
                ("url", url),
                ("app", app),
                ("indent_paragraphs", indent_paragraphs),
            ])
        }
        None => {
            if !table.contains_key("site") {
                fields.problems.error(PackError::new(
                    file,
                    Some(1),
                    "no [site] table; expected [site] with name and url",
                ));
            }
            object([])
        }
    };

    let mut channels = Vec::new();
    if let Some((span, value, _)) = fields.entry("channels") {
        let tables = match value {
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::Table(table) => Some(table),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        match tables {
            Some(tables) => {
                for (index, channel_table) in tables.into_iter().enumerate() {
                    let mut channel = fields.nested(channel_table, &format!("channels[{index}]"));
                    channel.warn_unknown(&CHANNEL_KEYS);
                    let id = channel.string("id").map(Value::String);
                    let name = channel.string("name").map(Value::String);
                    let first_line = channel.lines.get(&format!("channels[{index}].id")).copied();
                    if let Some(line) = first_line {
                        channel.lines.insert(format!("channels[{index}]"), line);
                    }
                    channels.push(object([("id", id), ("name", name)]));
                }
            }
            None => fields.mismatch(
                &span,
                "channels",
                "[[channels]] tables with id and name",
                value,
            ),
        }
    }
    (problems.errors.len() == n_errors).then(|| Site {
        file: file.to_owned(),
        object: site_value,
        channels,
        lines,
    })
}
