//! Building an index, a slice at a time: units collected per document, sorted by key in batches and appended to
//! growing postings, then laid out in one arena with the rare bigrams of a first character sharing one key.

use std::collections::HashMap;

use crate::bundle::Article;

use super::postings::{add_skip_table, records, write_varint, Packing, Postings, SKIP_MIN_BYTES};
use super::tokens::{char_key, units, UnitRef};
use super::{fold, DocStats, Index, SearchText};

/// A fast hasher for the build's key tables (integers and short words from the index's own text; no
/// adversary can choose them to collide on purpose against anything but their own search).
#[derive(Default, Clone, Copy)]
pub(super) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Char keys with their key ids.
pub(super) type KeyIds = Vec<(u64, u32)>;

/// Bigrams in at most this many documents share their first character's rare key.
pub(super) const RARE_DOCS: u32 = 8;
/// The second half of a char key.
pub(super) const SECOND_MASK: u64 = (1 << 21) - 1;
/// The second half of the key shared by a first character's rare bigrams: above every character.
pub(super) const RARE_SECOND: u64 = SECOND_MASK;

/// How many char units are collected before they are sorted by key and written: enough that most keys get
/// several records at once, few enough to stay in cache.
pub(super) const PENDING_UNITS: usize = 1 << 18;

/// The upper bound of an article's searchable text length ([`SearchText::of`]): rendering drops Markdown syntax,
/// never adds text.
pub fn text_bound(article: &Article) -> usize {
    let chars = |text: Option<&str>| text.map_or(0, |text| text.chars().count());
    chars(Some(article.title()))
        + chars(article.lead().and_then(|lead| lead.caption()))
        + chars(article.source())
        + chars(article.author())
        + chars(Some(article.body()))
        + 4
}

/// The state of a build: key tables, growing postings, and char units waiting to be written.
pub(super) struct Builder {
    pub(super) packing: Packing,
    /// Char keys with their ids, sorted by key: each flush merges its sorted keys in, reading both in order.
    pub(super) char_ids: KeyIds,
    pub(super) char_ids_next: KeyIds,
    pub(super) word_ids: FastMap<Box<str>, u32>,
    pub(super) growing: Vec<Growing>,
    /// `(key, doc, position)` of char units, in document and position order.
    pub(super) pending: Vec<(u64, u32, u32)>,
    pub(super) scratch: Vec<(u64, u32, u32)>,
}

impl Builder {
    fn new(packing: Packing) -> Builder {
        Builder {
            packing,
            char_ids: Vec::new(),
            char_ids_next: Vec::new(),
            word_ids: FastMap::default(),
            growing: Vec::new(),
            pending: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Adds the units of document `doc`, and its statistics to `docs`; returns the characters read. A text
    /// longer than the packing allows is only measured (`longest`): the build starts again with room for it.
    fn read(
        &mut self,
        doc: u32,
        text: &SearchText,
        docs: &mut Vec<DocStats>,
        longest: &mut usize,
    ) -> usize {
        let folded: Vec<char> = text.text.chars().map(fold).collect();
        *longest = (*longest).max(folded.len());
        if folded.len() > self.packing.longest() {
            return folded.len();
        }
        let mut word = String::new();
        units(&folded, |unit, position| match unit {
            UnitRef::Pair(first, second) => {
                self.pending.push((char_key(first, second), doc, position))
            }
            UnitRef::Word(chars) => {
                word.clear();
                word.extend(chars);
                self.add_word(&word, doc, position);
            }
        });
        docs.push(DocStats {
            length: folded.len() as u32,
            title_end: text.title.end as u32,
        });
        if self.pending.len() >= PENDING_UNITS {
            self.flush();
        }
        folded.len()
    }

    fn new_key(&mut self) -> u32 {
        self.growing.push(Growing::default());
        (self.growing.len() - 1) as u32
    }

    fn add_word(&mut self, word: &str, doc: u32, position: u32) {
        let id = match self.word_ids.get(word) {
            Some(&id) => id,
            None => {
                let id = self.new_key();
                self.word_ids.insert(word.into(), id);
                id
            }
        };
        self.growing[id as usize].add(self.packing, doc, position);
    }

    /// Writes the pending units, grouped by key (a stable radix sort keeps each key's in order): one table
    /// look-up per key rather than per unit, and each key's postings written in one go.
    fn flush(&mut self) {
        radix_sort_by_key(&mut self.pending, &mut self.scratch);
        let pending = std::mem::take(&mut self.pending);
        let known = std::mem::take(&mut self.char_ids);
        let mut merged = std::mem::take(&mut self.char_ids_next);
        merged.clear();
        merged.reserve(known.len() + pending.len() / 8);
        let mut next_known = 0;
        for group in pending.chunk_by(|a, b| a.0 == b.0) {
            let key = group[0].0;
            while let Some(&entry) = known.get(next_known).filter(|entry| entry.0 < key) {
                merged.push(entry);
                next_known += 1;
            }
            let id = match known.get(next_known) {
                Some(&(known_key, id)) if known_key == key => {
                    next_known += 1;
                    id
                }
                _ => self.new_key(),
            };
            merged.push((key, id));
            let growing = &mut self.growing[id as usize];
            for &(_, doc, position) in group {
                growing.add(self.packing, doc, position);
            }
        }
        merged.extend_from_slice(&known[next_known..]);
        self.char_ids = merged;
        self.char_ids_next = known;
        self.pending = pending;
        self.pending.clear();
    }
}

/// Sorts by the 42-bit key, stably, 11 bits a pass; passes where every key has the same digit are skipped.
pub(super) fn radix_sort_by_key(
    items: &mut Vec<(u64, u32, u32)>,
    scratch: &mut Vec<(u64, u32, u32)>,
) {
    const DIGIT_BITS: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT_BITS;
    for pass in 0..4 {
        let shift = pass * DIGIT_BITS;
        let mut counts = [0usize; BUCKETS];
        for item in items.iter() {
            counts[((item.0 >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
        if counts.contains(&items.len()) {
            continue;
        }
        let mut next = 0;
        for count in counts.iter_mut() {
            let here = *count;
            *count = next;
            next += here;
        }
        scratch.clear();
        scratch.resize(items.len(), (0, 0, 0));
        for item in items.iter() {
            let bucket = ((item.0 >> shift) as usize) & (BUCKETS - 1);
            scratch[counts[bucket]] = *item;
            counts[bucket] += 1;
        }
        std::mem::swap(items, scratch);
    }
}

/// Postings being collected while building: one growing buffer per key.
#[derive(Default)]
pub(super) struct Growing {
    pub(super) bytes: Vec<u8>,
    /// The last document written, plus one (0: none yet).
    pub(super) doc_plus_one: u32,
    pub(super) last_position: u32,
    /// How many documents it occurs in.
    pub(super) n_docs: u32,
}

impl Growing {
    fn add(&mut self, packing: Packing, doc: u32, position: u32) {
        if self.doc_plus_one == doc + 1 {
            write_varint(
                &mut self.bytes,
                u64::from(position - self.last_position) << 1,
            );
        } else {
            write_varint(
                &mut self.bytes,
                packing.new_doc(doc + 1 - self.doc_plus_one, position),
            );
            self.doc_plus_one = doc + 1;
            self.n_docs += 1;
        }
        self.last_position = position;
    }
}

/// An index being built a slice at a time, so that a browser can index a big bundle between frames:
/// [`IndexBuild::step`] until it returns the index, which is the one [`Index::build`] makes of the same articles.
pub struct IndexBuild {
    pub(super) packing: Packing,
    pub(super) stage: Stage,
}

pub(super) enum Stage {
    /// Turning texts into postings, article by article.
    Reading {
        builder: Box<Builder>,
        docs: Vec<DocStats>,
        next: usize,
        longest: usize,
    },
    /// Laying the postings out in one arena.
    Laying(Box<Layout>),
    /// The index was returned.
    Done,
}

/// Not the postings: they are megabytes.
impl std::fmt::Debug for IndexBuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stage = match &self.stage {
            Stage::Reading { next, .. } => format!("reading article {next}"),
            Stage::Laying(layout) => format!("laying out key {}", layout.next_char),
            Stage::Done => "done".to_owned(),
        };
        f.debug_struct("IndexBuild").field("stage", &stage).finish()
    }
}

impl IndexBuild {
    /// Starts indexing `articles`; every [`step`](IndexBuild::step) must be given the same articles.
    pub fn new(articles: &[Article]) -> IndexBuild {
        // Positions are packed in as many bits as the longest text needs. The rendered text is never longer than
        // its sources, so their lengths bound it without rendering twice; should a text exceed the bound anyway,
        // the build starts again with the length found.
        let bound = articles.iter().map(text_bound).max().unwrap_or(0);
        IndexBuild::of_texts(articles.len(), bound)
    }

    /// Starts indexing `count` texts of at most `longest` chars, given to [`step_with`](IndexBuild::step_with).
    pub fn of_texts(count: usize, longest: usize) -> IndexBuild {
        IndexBuild::with_packing(count, Packing::for_longest(longest))
    }

    /// The number of the text the build reads next, while it is reading them. It starts again at 0 when a text
    /// was longer than announced.
    pub fn next_text(&self) -> Option<usize> {
        match &self.stage {
            Stage::Reading { next, .. } => Some(*next),
            _ => None,
        }
    }

    pub(super) fn with_packing(articles: usize, packing: Packing) -> IndexBuild {
        IndexBuild {
            packing,
            stage: Stage::Reading {
                builder: Box::new(Builder::new(packing)),
                docs: Vec::with_capacity(articles),
                next: 0,
                longest: 0,
            },
        }
    }

    /// Does about `budget` units of work, and returns the index once it is built. A unit is a character read
    /// or a byte of postings laid out; a step may overrun its budget by one article or one character's keys.
    pub fn step(&mut self, articles: &[Article], budget: usize) -> Option<Index> {
        let count = articles.len();
        self.step_with(count, |doc| articles.get(doc).map(SearchText::of), budget)
    }

    /// [`step`](IndexBuild::step) over `count` texts, the text of document `doc` being `text(doc)`. When that is
    /// `None` (not there yet), the step ends early; the next one asks again.
    pub fn step_with(
        &mut self,
        count: usize,
        mut text: impl FnMut(usize) -> Option<SearchText>,
        budget: usize,
    ) -> Option<Index> {
        let mut spent = 0;
        while spent < budget {
            let packing = self.packing;
            match &mut self.stage {
                Stage::Reading {
                    builder,
                    docs,
                    next,
                    longest,
                } if *next < count => match text(*next) {
                    Some(text) => {
                        spent += builder.read(*next as u32, &text, docs, longest);
                        *next += 1;
                    }
                    None => return None,
                },
                Stage::Reading { longest, .. } if *longest > packing.longest() => {
                    *self = IndexBuild::with_packing(count, Packing::for_longest(*longest));
                }
                Stage::Reading { builder, .. } => {
                    builder.flush();
                    let Stage::Reading { builder, docs, .. } =
                        std::mem::replace(&mut self.stage, Stage::Done)
                    else {
                        unreachable!("the stage was just matched")
                    };
                    self.stage = Stage::Laying(Box::new(Layout::new(*builder, docs)));
                }
                Stage::Laying(layout) => match layout.step(packing, budget - spent) {
                    Some(spent_laying) => spent += spent_laying,
                    None => {
                        let Stage::Laying(layout) = std::mem::replace(&mut self.stage, Stage::Done)
                        else {
                            unreachable!("the stage was just matched")
                        };
                        return Some(layout.finish(packing));
                    }
                },
                Stage::Done => return None,
            }
        }
        None
    }
}

/// The postings of a finished reading, being laid out in one arena: pair keys sorted so that those of one first
/// character are contiguous, then words, then the skip tables of long postings.
pub(super) struct Layout {
    pub(super) builder: Builder,
    pub(super) docs: Vec<DocStats>,
    pub(super) arena: Vec<u8>,
    pub(super) char_keys: Vec<u64>,
    pub(super) char_offsets: Vec<u32>,
    pub(super) chars_end: u32,
    /// The next entry of `builder.char_ids` to lay out.
    pub(super) next_char: usize,
    /// Words still to lay out.
    pub(super) words: Vec<(Box<str>, u32)>,
    pub(super) word_postings: FastMap<Box<str>, Postings>,
    /// Postings that get skip tables, once every key is laid out, and how many have them.
    pub(super) long: Option<Vec<Postings>>,
    pub(super) next_long: usize,
    pub(super) skips: FastMap<u32, (u32, u32)>,
    pub(super) skip_table: Vec<(u32, u32)>,
}

impl Layout {
    fn new(mut builder: Builder, docs: Vec<DocStats>) -> Layout {
        let mut words: Vec<(Box<str>, u32)> =
            std::mem::take(&mut builder.word_ids).into_iter().collect();
        // Laid out from the end: the order is the build's only, but it must not depend on a hash map's.
        words.sort_unstable_by(|a, b| b.cmp(a));
        let postings_bytes = builder.growing.iter().map(|key| key.bytes.len()).sum();
        Layout {
            arena: Vec::with_capacity(postings_bytes),
            char_keys: Vec::with_capacity(builder.char_ids.len()),
            char_offsets: Vec::with_capacity(builder.char_ids.len() + 1),
            chars_end: 0,
            next_char: 0,
            words,
            word_postings: FastMap::default(),
            long: None,
            next_long: 0,
            skips: FastMap::default(),
            skip_table: Vec::new(),
            builder,
            docs,
        }
    }

    /// Lays out about `budget` bytes of postings, or makes skip tables over as many; `None` once all is done.
    fn step(&mut self, packing: Packing, budget: usize) -> Option<usize> {
        let mut spent = 0;
        while spent < budget {
            if self.next_char < self.builder.char_ids.len() {
                spent += self.lay_out_next_character(packing);
            } else if let Some((word, id)) = self.words.pop() {
                let postings = place(&mut self.arena, &mut self.builder.growing[id as usize]);
                spent += postings.length as usize + 1;
                self.word_postings.insert(word, postings);
            } else if let Some(long) = &self.long {
                let &postings = long.get(self.next_long)?;
                spent += add_skip_table(
                    &self.arena,
                    packing,
                    postings,
                    &mut self.skips,
                    &mut self.skip_table,
                );
                self.next_long += 1;
            } else {
                self.char_offsets.push(self.chars_end);
                // Rare keys merged: fewer than the room made for them.
                self.char_keys.shrink_to_fit();
                self.char_offsets.shrink_to_fit();
                let chars = self.char_offsets.windows(2).map(|pair| Postings {
                    offset: pair[0],
                    length: pair[1] - pair[0],
                });
                let long = chars
                    .chain(self.word_postings.values().copied())
                    .filter(|postings| postings.length > SKIP_MIN_BYTES)
                    .collect();
                self.long = Some(long);
                spent += 1;
            }
        }
        Some(spent)
    }

    /// Lays out the keys of the next first character; returns the bytes laid out.
    fn lay_out_next_character(&mut self, packing: Packing) -> usize {
        let Builder {
            char_ids, growing, ..
        } = &mut self.builder;
        let first = char_ids[self.next_char].0 >> 21;
        let group_length = char_ids[self.next_char..]
            .iter()
            .take_while(|(key, _)| key >> 21 == first)
            .count();
        let group = &char_ids[self.next_char..self.next_char + group_length];
        self.next_char += group_length;
        let arena_before = self.arena.len();
        // Bigrams found in only a few documents share one key per first character: a table entry each would
        // cost more than their postings.
        let (rare, common): (KeyIds, KeyIds) = group.iter().partition(|(key, id)| {
            key & SECOND_MASK != 0 && growing[*id as usize].n_docs <= RARE_DOCS
        });
        let mut merged = (!rare.is_empty()).then(|| {
            let mut occurrences: Vec<(u32, u32)> = rare
                .iter()
                .flat_map(|(_, id)| records(&growing[*id as usize].bytes, packing))
                .collect();
            occurrences.sort_unstable();
            let mut merged = Growing::default();
            for (doc, position) in occurrences {
                merged.add(packing, doc, position);
            }
            (group[0].0 | RARE_SECOND, merged)
        });
        for (key, id) in common {
            self.char_keys.push(key);
            let postings = place(&mut self.arena, &mut growing[id as usize]);
            self.char_offsets.push(postings.offset);
            self.chars_end = postings.offset + postings.length;
        }
        if let Some((key, merged)) = &mut merged {
            self.char_keys.push(*key);
            let postings = place(&mut self.arena, merged);
            self.char_offsets.push(postings.offset);
            self.chars_end = postings.offset + postings.length;
        }
        for (_, id) in rare {
            growing[id as usize].bytes = Vec::new();
        }
        self.arena.len() - arena_before + group_length
    }

    fn finish(self, packing: Packing) -> Index {
        Index {
            char_keys: self.char_keys,
            char_offsets: self.char_offsets,
            words: self.word_postings,
            arena: self.arena,
            skips: self.skips,
            skip_table: self.skip_table,
            docs: self.docs,
            packing,
        }
    }
}

/// Moves `key`'s postings to the end of `arena`, and says where they are.
pub(super) fn place(arena: &mut Vec<u8>, key: &mut Growing) -> Postings {
    let postings = Postings {
        offset: arena.len() as u32,
        length: key.bytes.len() as u32,
    };
    arena.extend_from_slice(&key.bytes);
    key.bytes = Vec::new();
    postings
}
