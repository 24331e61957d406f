//! Chunks read back: a partial [`Index`] from a segment's document table and the chunks a query fetched, which
//! the search reads exactly as it reads the whole index.

use super::DocsTable;
use crate::search::build::FastMap;
use crate::search::postings::{read_varint, read_whole_varint, skip_tables, Packing, Postings};
use crate::search::Index;

/// A partial index from a segment's document table and some of its chunks: it answers exactly as the whole
/// segment for any query whose chunks (both rounds of [`super::Segment::chunks_for`]) are among `chunks`. `None` for
/// bytes that are not chunks.
pub fn assemble<'c>(docs: &DocsTable, chunks: &[(&str, &'c [u8])]) -> Option<Index> {
    let read = read_whole_varint;
    let mut char_entries: Vec<(u64, &'c [u8])> = Vec::new();
    let mut words: Vec<(Box<str>, &'c [u8])> = Vec::new();
    // A piece of `length` bytes at the cursor, moving past it.
    let take = |bytes: &'c [u8], cursor: &mut usize, length: u64| -> Option<&'c [u8]> {
        let end = cursor.checked_add(usize::try_from(length).ok()?)?;
        let taken = bytes.get(*cursor..end)?;
        *cursor = end;
        Some(taken)
    };
    for (name, bytes) in chunks {
        let mut cursor = 0;
        while cursor < bytes.len() {
            if name.starts_with("words") {
                let length = read(bytes, &mut cursor)?;
                let word = std::str::from_utf8(take(bytes, &mut cursor, length)?).ok()?;
                let length = read(bytes, &mut cursor)?;
                words.push((word.into(), take(bytes, &mut cursor, length)?));
            } else {
                let key = read(bytes, &mut cursor)?;
                let length = read(bytes, &mut cursor)?;
                char_entries.push((key, take(bytes, &mut cursor, length)?));
            }
        }
    }
    // Pieces come over the network: postings that name a document the table lacks would make the search
    // index out of bounds, so they are refused here, once, rather than checked on every read.
    let valid = |postings: &&[u8]| well_formed(postings, docs.packing, docs.stats.len());
    if !char_entries.iter().map(|(_, postings)| postings).all(valid)
        || !words.iter().map(|(_, postings)| postings).all(valid)
    {
        return None;
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
    let packing = docs.packing;
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
        docs: docs.stats.clone(),
        packing,
    })
}

/// Whether `postings` decode to documents below `n_docs` in increasing order, positions that fit `packing`, and
/// end with a whole record.
fn well_formed(postings: &[u8], packing: Packing, n_docs: usize) -> bool {
    let mut cursor = 0;
    let mut doc_plus_one: u64 = 0;
    let mut position: u64 = 0;
    let limit = 1u64 << packing.position_bits;
    while cursor < postings.len() {
        let value = read_varint(postings, &mut cursor);
        if value & 1 == 1 {
            let (doc_delta, first) = packing.split(value);
            if doc_delta == 0 {
                return false;
            }
            doc_plus_one += u64::from(doc_delta);
            position = u64::from(first);
        } else {
            position += value >> 1;
        }
        if doc_plus_one == 0 || doc_plus_one > n_docs as u64 || position >= limit {
            return false;
        }
    }
    postings.last().is_none_or(|&byte| byte < 0x80)
}
