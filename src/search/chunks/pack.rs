//! Fragment packs: what a search result shows of its article (id, bundle, channel, date, title and the start of
//! the text for the excerpt), for every [`PACK_DOCS`] articles of a segment, in one small file each.

use super::Origin;
use crate::bundle::Article;
use crate::search::postings::{read_whole_varint, write_varint};
use crate::search::SearchText;

/// How many articles a fragment pack describes.
pub const PACK_DOCS: usize = 8;

/// How many characters of an article's body a fragment keeps for the result's excerpt: the excerpt is centred on
/// the query when it occurs in them, and is the start of the body otherwise.
pub const EXCERPT_SOURCE_CHARS: usize = 160;

/// What a search result shows of an article, from a fragment pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The article's id.
    pub id: String,
    /// The bundle holding it, relative to the index's folder (or absolute).
    pub bundle: String,
    /// The name of its channel.
    pub channel: String,
    /// When it was published, RFC 3339, as written.
    pub published: String,
    /// The day it was published, `2024-05-02`.
    pub date: String,
    /// The searchable text up to [`EXCERPT_SOURCE_CHARS`] into the body; the body range ends there.
    pub text: SearchText,
}

/// A fragment pack: the bundle and channel names its articles use, then per article its id, the numbers of its
/// bundle and channel among those names, its publication time and the start of its search text (strings as
/// varint length and UTF-8), then the char ranges of its fields.
pub(in crate::search) fn pack(
    articles: &[Article],
    origins: &[Origin],
    texts: &[SearchText],
) -> Vec<u8> {
    let mut names: Vec<&str> = Vec::new();
    for origin in origins {
        for name in [origin.bundle.as_str(), origin.channel.as_str()] {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let number = |name: &str| names.iter().position(|known| *known == name).unwrap_or(0) as u64;
    let mut bytes = Vec::new();
    let write_text = |bytes: &mut Vec<u8>, text: &str| {
        write_varint(bytes, text.len() as u64);
        bytes.extend_from_slice(text.as_bytes());
    };
    write_varint(&mut bytes, names.len() as u64);
    for name in &names {
        write_text(&mut bytes, name);
    }
    write_varint(&mut bytes, articles.len() as u64);
    for ((article, origin), text) in articles.iter().zip(origins).zip(texts) {
        let kept_chars = text.body.start + EXCERPT_SOURCE_CHARS.min(text.body.len());
        let kept: String = text.text.chars().take(kept_chars).collect();
        write_text(&mut bytes, article.id());
        write_varint(&mut bytes, number(&origin.bundle));
        write_varint(&mut bytes, number(&origin.channel));
        write_text(&mut bytes, article.published().as_str());
        write_text(&mut bytes, &kept);
        for range in text.ranges() {
            write_varint(&mut bytes, range.start.min(kept_chars) as u64);
            write_varint(&mut bytes, range.end.min(kept_chars) as u64);
        }
    }
    bytes
}

/// Reads a fragment pack; `None` for bytes that are not one.
pub fn read_pack(bytes: &[u8]) -> Option<Vec<Fragment>> {
    let mut cursor = 0;
    let read = |cursor: &mut usize| -> Option<usize> {
        usize::try_from(read_whole_varint(bytes, cursor)?).ok()
    };
    let text = |cursor: &mut usize| -> Option<String> {
        let length = read(cursor)?;
        let end = cursor.checked_add(length)?;
        let text = std::str::from_utf8(bytes.get(*cursor..end)?)
            .ok()?
            .to_owned();
        *cursor = end;
        Some(text)
    };
    let n_names = read(&mut cursor)?;
    let mut names = Vec::with_capacity(n_names.min(bytes.len()));
    for _ in 0..n_names {
        names.push(text(&mut cursor)?);
    }
    let count = read(&mut cursor)?;
    let mut fragments = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let id = text(&mut cursor)?;
        let bundle = names.get(read(&mut cursor)?)?.clone();
        let channel = names.get(read(&mut cursor)?)?.clone();
        let published = text(&mut cursor)?;
        let kept = text(&mut cursor)?;
        let n_chars = kept.chars().count();
        let mut range = || -> Option<std::ops::Range<usize>> {
            let start = read(&mut cursor)?;
            let end = read(&mut cursor)?;
            (start <= end && end <= n_chars).then_some(start..end)
        };
        let [title, caption, source, author, body] = [(); 5].map(|()| range());
        fragments.push(Fragment {
            id,
            bundle,
            channel,
            // An RFC 3339 date-time starts with its date, in its own offset.
            date: published.get(..10).unwrap_or_default().to_owned(),
            published,
            text: SearchText {
                text: kept,
                title: title?,
                caption: caption?,
                source: source?,
                author: author?,
                body: body?,
            },
        });
    }
    (cursor == bytes.len()).then_some(fragments)
}
