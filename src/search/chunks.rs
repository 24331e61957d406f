//! The index in pieces, for sites too big to download whole (issue 8, first part): a small manifest says which
//! chunk holds which keys, and a reader fetches only the chunks a query's units live in, assembles a partial
//! [`Index`] from them and searches it with the same code as the whole index, so the results are the same.
//!
//! Pieces are named by a hash of their bytes, so the same input gives the same files and caches never go stale.
//! Not here yet: the browser side, fragment packs for result titles and excerpts, incremental updates.

use std::fmt::Write as _;
use std::ops::RangeInclusive;

use super::{
    char_key, read_varint, skip_tables, write_varint, DocStats, FastMap, Index, Packing, Postings,
    Query, QueryUnit, Unit, SECOND_MASK,
};

/// About how many bytes of postings a chunk holds before it is closed. Varint postings hardly compress (a chunk
/// gzips to some 22–32 kB, measured on the benchmark corpus), so this is also about what a chunk costs to fetch.
pub const CHUNK_BYTES: usize = 24 * 1024;

/// The first line of every manifest.
const MAGIC: &str = "article-viewer-index 1";

/// One file of a chunked index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The file name, with a content hash in it.
    pub name: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// What a reader loads first: the build id, the document table's file, and the first key of every chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Changes whenever any piece does.
    pub build_id: String,
    /// The file of per-document figures every search needs.
    pub docs: String,
    /// Character-key chunks: first key, file; sorted by key.
    chars: Vec<(u64, String)>,
    /// Word chunks: first word, file; sorted by word.
    words: Vec<(String, String)>,
}

/// Splits `index` into a manifest and its pieces (the manifest itself is [`Manifest::to_text`]).
pub fn split(index: &Index) -> (Manifest, Vec<Piece>) {
    let mut pieces = Vec::new();
    let mut docs = Vec::new();
    write_varint(&mut docs, u64::from(index.packing.position_bits));
    write_varint(&mut docs, u64::from(index.average_length.to_bits()));
    write_varint(&mut docs, index.docs.len() as u64);
    for doc in &index.docs {
        write_varint(&mut docs, u64::from(doc.length));
        write_varint(&mut docs, u64::from(doc.title_end));
    }
    let docs_piece = piece("docs", docs);
    let docs_name = docs_piece.name.clone();
    pieces.push(docs_piece);

    let mut chars = Vec::new();
    let mut chunk = Vec::new();
    let mut first: Option<u64> = None;
    for (position, &key) in index.char_keys.iter().enumerate() {
        let postings = index.char_postings(position);
        first.get_or_insert(key);
        write_varint(&mut chunk, key);
        write_entry(&mut chunk, &index.arena, postings);
        if chunk.len() >= CHUNK_BYTES {
            let done = piece("chars", std::mem::take(&mut chunk));
            chars.push((first.take().unwrap_or(key), done.name.clone()));
            pieces.push(done);
        }
    }
    if let Some(first) = first {
        let done = piece("chars", chunk);
        chars.push((first, done.name.clone()));
        pieces.push(done);
    }

    let mut sorted_words: Vec<(&str, Postings)> = index
        .words
        .iter()
        .map(|(word, postings)| (&**word, *postings))
        .collect();
    sorted_words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut words = Vec::new();
    let mut chunk = Vec::new();
    let mut first: Option<&str> = None;
    for (word, postings) in sorted_words {
        first.get_or_insert(word);
        write_varint(&mut chunk, word.len() as u64);
        chunk.extend_from_slice(word.as_bytes());
        write_entry(&mut chunk, &index.arena, postings);
        if chunk.len() >= CHUNK_BYTES {
            let done = piece("words", std::mem::take(&mut chunk));
            words.push((first.take().unwrap_or(word).to_owned(), done.name.clone()));
            pieces.push(done);
        }
    }
    if let Some(first) = first {
        let done = piece("words", chunk);
        words.push((first.to_owned(), done.name.clone()));
        pieces.push(done);
    }

    let mut all_names = String::new();
    for piece in &pieces {
        all_names.push_str(&piece.name);
    }
    let manifest = Manifest {
        build_id: format!("{:016x}", fnv1a(all_names.as_bytes())),
        docs: docs_name,
        chars,
        words,
    };
    (manifest, pieces)
}

fn write_entry(chunk: &mut Vec<u8>, arena: &[u8], postings: Postings) {
    let bytes = &arena[postings.offset as usize..(postings.offset + postings.length) as usize];
    write_varint(chunk, bytes.len() as u64);
    chunk.extend_from_slice(bytes);
}

fn piece(kind: &str, bytes: Vec<u8>) -> Piece {
    Piece {
        name: format!("{kind}-{:016x}.bin", fnv1a(&bytes)),
        bytes,
    }
}

/// FNV-1a, 64 bits: enough to name pieces by their contents.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Manifest {
    /// The manifest as text: one line per chunk.
    pub fn to_text(&self) -> String {
        let mut text = format!("{MAGIC}\nbuild {}\ndocs {}\n", self.build_id, self.docs);
        for (first, name) in &self.chars {
            let _ = writeln!(text, "chars {first:x} {name}");
        }
        for (first, name) in &self.words {
            let _ = writeln!(text, "words {} {name}", crate::url::encode_component(first));
        }
        text
    }

    /// Reads [`Manifest::to_text`]'s output; `None` when it is not a manifest of this version.
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut manifest = Manifest {
            build_id: String::new(),
            docs: String::new(),
            chars: Vec::new(),
            words: Vec::new(),
        };
        for line in lines {
            let mut parts = line.split(' ');
            match (parts.next()?, parts.next()?, parts.next()) {
                ("build", id, None) => manifest.build_id = id.to_owned(),
                ("docs", name, None) => manifest.docs = name.to_owned(),
                ("chars", first, Some(name)) => manifest
                    .chars
                    .push((u64::from_str_radix(first, 16).ok()?, name.to_owned())),
                ("words", first, Some(name)) => manifest
                    .words
                    .push((crate::url::decode_component(first), name.to_owned())),
                _ => return None,
            }
        }
        Some(manifest)
    }

    /// The chunk files a query's units live in (the document table aside), sorted and without repeats.
    ///
    /// Reading goes in two rounds: first (`loaded` is `None`) the chunks of each unit's own key; then, given the
    /// partial index those make, the chunks a rare bigram's second character needs (a rare bigram is stored under
    /// its first character's shared key, so the character after it is checked separately). A second round that
    /// names nothing new means the first was enough.
    pub fn chunks_for(&self, query: &Query, loaded: Option<&Index>) -> Vec<String> {
        let mut ranges: Vec<RangeInclusive<u64>> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let point = |key: u64| key..=key;
        let first_char = |c: char| char_key(c, None)..=char_key(c, None) | SECOND_MASK;
        for term in &query.terms {
            for (_, unit) in &term.units {
                match unit {
                    QueryUnit::Exact(Unit::Han(first, Some(second))) => {
                        let key = char_key(*first, Some(*second));
                        ranges.push(point(key));
                        ranges.push(point(char_key(*first, None) | SECOND_MASK));
                        if loaded.is_some_and(|index| index.char_keys.binary_search(&key).is_err())
                        {
                            ranges.push(first_char(*second));
                        }
                    }
                    QueryUnit::Exact(Unit::Han(first, None)) => {
                        ranges.push(point(char_key(*first, None)))
                    }
                    QueryUnit::HanPrefix(first) => ranges.push(first_char(*first)),
                    QueryUnit::Exact(Unit::Other(c)) => ranges.push(point(char_key(*c, None))),
                    QueryUnit::Exact(Unit::Word(word)) => words.push(word),
                }
            }
        }
        let mut names: Vec<String> = Vec::new();
        for range in ranges {
            let start = self
                .chars
                .partition_point(|(first, _)| first <= range.start())
                .saturating_sub(1);
            let end = self
                .chars
                .partition_point(|(first, _)| first <= range.end())
                .max(start + 1);
            names.extend(
                self.chars[start..end.min(self.chars.len())]
                    .iter()
                    .map(|(_, name)| name.clone()),
            );
        }
        for word in words {
            let at = self
                .words
                .partition_point(|(first, _)| first.as_str() <= word)
                .saturating_sub(1);
            names.extend(self.words.get(at).map(|(_, name)| name.clone()));
        }
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// A partial index from the document table and some chunks: it answers exactly as the whole index for any query
/// whose chunks (both rounds of [`Manifest::chunks_for`]) are among `chunks`. `None` for bytes that are not pieces.
pub fn assemble(docs: &[u8], chunks: &[(&str, &[u8])]) -> Option<Index> {
    let mut cursor = 0;
    let read = |bytes: &[u8], cursor: &mut usize| -> Option<u64> {
        (*cursor < bytes.len()).then(|| read_varint(bytes, cursor))
    };
    let position_bits = read(docs, &mut cursor)? as u32;
    let average_length = f32::from_bits(read(docs, &mut cursor)? as u32);
    let n_docs = read(docs, &mut cursor)? as usize;
    let mut doc_stats = Vec::with_capacity(n_docs.min(1 << 20));
    for _ in 0..n_docs {
        let length = read(docs, &mut cursor)? as u32;
        let title_end = read(docs, &mut cursor)? as u32;
        doc_stats.push(DocStats { length, title_end });
    }
    let mut char_entries: Vec<(u64, &[u8])> = Vec::new();
    let mut words: Vec<(Box<str>, &[u8])> = Vec::new();
    for (name, bytes) in chunks {
        let mut cursor = 0;
        while cursor < bytes.len() {
            if name.starts_with("words") {
                let length = read(bytes, &mut cursor)? as usize;
                let word = std::str::from_utf8(bytes.get(cursor..cursor + length)?).ok()?;
                cursor += length;
                let postings_length = read(bytes, &mut cursor)? as usize;
                words.push((word.into(), bytes.get(cursor..cursor + postings_length)?));
                cursor += postings_length;
            } else {
                let key = read(bytes, &mut cursor)?;
                let postings_length = read(bytes, &mut cursor)? as usize;
                char_entries.push((key, bytes.get(cursor..cursor + postings_length)?));
                cursor += postings_length;
            }
        }
    }
    char_entries.sort_unstable_by_key(|(key, _)| *key);
    char_entries.dedup_by_key(|(key, _)| *key);
    let mut arena = Vec::new();
    let mut char_keys = Vec::with_capacity(char_entries.len());
    let mut char_offsets = Vec::with_capacity(char_entries.len() + 1);
    for (key, postings) in char_entries {
        char_keys.push(key);
        char_offsets.push(arena.len() as u32);
        arena.extend_from_slice(postings);
    }
    char_offsets.push(arena.len() as u32);
    let mut word_map: FastMap<Box<str>, Postings> = FastMap::default();
    for (word, postings) in words {
        let offset = arena.len() as u32;
        arena.extend_from_slice(postings);
        word_map.insert(
            word,
            Postings {
                offset,
                length: postings.len() as u32,
            },
        );
    }
    let packing = Packing { position_bits };
    let all: Vec<Postings> = (0..char_keys.len())
        .map(|index| Postings {
            offset: char_offsets[index],
            length: char_offsets[index + 1] - char_offsets[index],
        })
        .chain(word_map.values().copied())
        .collect();
    let (skips, skip_table) = skip_tables(&arena, packing, all.iter());
    Some(Index {
        char_keys,
        char_offsets,
        words: word_map,
        arena,
        skips,
        skip_table,
        docs: doc_stats,
        average_length,
        packing,
    })
}
