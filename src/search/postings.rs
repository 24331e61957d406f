//! Postings: where each key occurs, as varint streams of (document, position) in one arena, with skip tables
//! over the long ones, and how they are read back.

use super::build::FastMap;

/// Where one key's postings are in the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Postings {
    pub(super) offset: u32,
    pub(super) length: u32,
}

/// How the postings of an index pack a document's first position together with the document delta.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Packing {
    /// Bits a position takes: enough for the longest searchable text.
    pub(super) position_bits: u32,
}

impl Packing {
    pub(super) fn for_longest(longest: usize) -> Packing {
        Packing {
            position_bits: (usize::BITS - longest.leading_zeros()).max(1),
        }
    }

    /// The longest text whose positions fit.
    pub(super) fn longest(self) -> usize {
        1 << self.position_bits
    }

    /// A record starting a new document: `doc_delta` and the first position in one varint.
    pub(super) fn new_doc(self, doc_delta: u32, position: u32) -> u64 {
        (u64::from(doc_delta) << (self.position_bits + 1)) | (u64::from(position) << 1) | 1
    }

    /// `(doc_delta, position)` of a record whose low bit is set.
    pub(super) fn split(self, value: u64) -> (u32, u32) {
        let mask = (1u64 << self.position_bits) - 1;
        (
            (value >> (self.position_bits + 1)) as u32,
            ((value >> 1) & mask) as u32,
        )
    }
}

/// The `(document, position)` records of postings being built.
pub(super) fn records(bytes: &[u8], packing: Packing) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    let mut cursor = 0;
    let mut doc_plus_one = 0;
    let mut position = 0;
    while cursor < bytes.len() {
        let value = read_varint(bytes, &mut cursor);
        if value & 1 == 1 {
            let (doc_delta, first) = packing.split(value);
            doc_plus_one += doc_delta;
            position = first;
        } else {
            position += (value >> 1) as u32;
        }
        found.push((doc_plus_one - 1, position));
    }
    found
}

/// Postings longer than this many bytes get a skip table...
pub(super) const SKIP_MIN_BYTES: u32 = 2048;
/// ...with an entry every this many documents.
pub(super) const SKIP_EVERY: u32 = 128;

/// Skip tables, by postings offset, and the entries they are ranges of.
pub(super) type SkipTables = (FastMap<u32, (u32, u32)>, Vec<(u32, u32)>);

/// Skip tables for the long postings among `all`.
pub(super) fn skip_tables<'p>(
    arena: &[u8],
    packing: Packing,
    all: impl Iterator<Item = &'p Postings>,
) -> SkipTables {
    let mut skips = FastMap::default();
    let mut table = Vec::new();
    for &postings in all.filter(|postings| postings.length > SKIP_MIN_BYTES) {
        add_skip_table(arena, packing, postings, &mut skips, &mut table);
    }
    (skips, table)
}

/// Adds the skip table of `postings` to `table`, and where it is to `skips`; returns the bytes read.
pub(super) fn add_skip_table(
    arena: &[u8],
    packing: Packing,
    postings: Postings,
    skips: &mut FastMap<u32, (u32, u32)>,
    table: &mut Vec<(u32, u32)>,
) -> usize {
    let start = table.len() as u32;
    let mut cursor = postings.offset as usize;
    let end = cursor + postings.length as usize;
    let mut doc_plus_one = 0;
    let mut n_docs = 0;
    while cursor < end {
        let record = cursor;
        let value = read_varint(arena, &mut cursor);
        if value & 1 == 1 {
            if n_docs % SKIP_EVERY == 0 && n_docs > 0 {
                table.push((doc_plus_one, record as u32));
            }
            doc_plus_one += packing.split(value).0;
            n_docs += 1;
        }
    }
    skips.insert(postings.offset, (start, table.len() as u32));
    postings.length as usize
}

/// Documents with their positions of one key, flattened: `docs[i]` has `positions[starts[i]..starts[i + 1]]`.
#[derive(Debug, Default)]
pub(super) struct DocPositions {
    pub(super) docs: Vec<u32>,
    pub(super) starts: Vec<u32>,
    pub(super) positions: Vec<u32>,
}

impl DocPositions {
    /// Adds a position, in document and position order.
    pub(super) fn push_one(&mut self, doc: u32, position: u32) {
        if self.docs.last() != Some(&doc) {
            self.docs.push(doc);
            self.starts.push(self.positions.len() as u32);
        }
        self.positions.push(position);
    }

    pub(super) fn push(&mut self, doc: u32, positions: &[u32]) {
        self.docs.push(doc);
        self.starts.push(self.positions.len() as u32);
        self.positions.extend_from_slice(positions);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn slice(&self, index: usize) -> &[u32] {
        let start = self.starts[index] as usize;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.positions.len(), |&end| end as usize);
        &self.positions[start..end]
    }

    pub(super) fn get(&self, doc: u32) -> Option<&[u32]> {
        self.docs
            .binary_search(&doc)
            .ok()
            .map(|index| self.slice(index))
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> {
        self.docs
            .iter()
            .enumerate()
            .map(|(index, &doc)| (doc, self.slice(index)))
    }
}

pub(super) fn write_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

pub(super) fn read_varint(bytes: &[u8], cursor: &mut usize) -> u64 {
    let mut value = 0;
    let mut shift = 0;
    while let Some(&byte) = bytes.get(*cursor) {
        *cursor += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte < 0x80 || shift >= 63 {
            break;
        }
        shift += 7;
    }
    value
}

/// A varint that ends within `bytes`; `None` at the end or for one cut short (bytes from the network).
pub(super) fn read_whole_varint(bytes: &[u8], cursor: &mut usize) -> Option<u64> {
    let start = *cursor;
    let value = read_varint(bytes, cursor);
    (*cursor > start && bytes[*cursor - 1] < 0x80).then_some(value)
}
