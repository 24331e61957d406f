//! Full-text search over a bundle's articles, exact on Chinese: what it finds is literally in the text.
//!
//! Every character position of an article's searchable text is indexed exactly once, with its position:
//! a run of letters and digits as one lower-cased token (`5g`, `2860`), and any other character (Han, punctuation,
//! white space) as the pair it starts (`黄河` at the position of 黄, `，位` at the position of the comma; `河` with
//! "no next character" before a letter, a break or the end). A query term is the same sequence of units at fixed offsets, so a match is verified from positions
//! alone: no dictionary segmentation, no misses, no false hits. Full-width forms fold to half-width and letters
//! to lower case, in the text and in queries alike; a fold maps one character to one, so positions stay valid
//! in the original text for excerpts and highlights.
//!
//! This module never touches the page: it takes articles and queries and returns hits and text segments.

use std::ops::Range;

use crate::bundle::Article;

use build::{FastMap, RARE_SECOND};
use postings::{read_varint, DocPositions, Packing, Postings};
use query::{QueryUnit, Term};
use tokens::{char_key, Unit};

mod build;
pub mod chunks;
#[cfg(any(test, feature = "corpus"))]
#[doc(hidden)]
pub mod corpus;
mod excerpt;
mod postings;
mod query;
pub mod remote;
mod text;
mod tokens;

pub use build::{text_bound, IndexBuild};
pub use excerpt::{disjoint, excerpt, field_segments, segments, Occurrence, Segment};
pub use query::{Query, MAX_QUERY_CHARS};
pub use text::{body_nodes, flatten, SearchText};
pub(crate) use text::{Walker, BLOCKS};
pub use tokens::fold;

/// How many characters an excerpt shows around its best match.
pub const EXCERPT_CHARS: usize = 90;

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalisation.
const B: f32 = 0.75;
/// A title occurrence counts as this many body occurrences...
const TITLE_WEIGHT: f32 = 5.0;
/// ...and a title hit adds this many times the term's idf on top, so that one title hit beats any body.
const TITLE_BONUS: f32 = 2.0;
/// The most a query's terms being close together adds, as a multiple of the mean idf.
const PROXIMITY_WEIGHT: f32 = 1.0;

/// Per-document figures for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DocStats {
    /// Searchable characters.
    length: u32,
    /// Where the title ends (chars).
    title_end: u32,
}

/// The search index of a list of articles, built once per bundle.
///
/// Postings are one byte arena; each key's are a stream of varints in document and position order:
/// `doc_delta << (position_bits + 1) | position << 1 | 1` when an occurrence starts a new document, or
/// `position_delta << 1` for another occurrence in the same document. Writing needs no sorting, reading no counts.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Pair keys, sorted; their postings are laid out in the same order, the postings of
    /// `char_keys[i]` at `char_offsets[i]..char_offsets[i + 1]`.
    char_keys: Vec<u64>,
    char_offsets: Vec<u32>,
    /// Word keys.
    words: FastMap<Box<str>, Postings>,
    arena: Vec<u8>,
    /// Skip tables of long postings, by the postings' arena offset: ranges of `skip_table`.
    skips: FastMap<u32, (u32, u32)>,
    /// `(doc + 1 before the record, arena offset of a new-document record)`, every [`SKIP_EVERY`] documents.
    skip_table: Vec<(u32, u32)>,
    docs: Vec<DocStats>,
    packing: Packing,
}

/// Not the postings: a bundle's index is megabytes.
impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("articles", &self.docs.len())
            .field("keys", &(self.char_keys.len() + self.words.len()))
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}

impl Index {
    /// Indexes `articles`; hits refer to articles by their index in this slice.
    pub fn build(articles: &[Article]) -> Index {
        let mut build = IndexBuild::new(articles);
        loop {
            if let Some(index) = build.step(articles, usize::MAX) {
                return index;
            }
        }
    }

    /// Where the postings of the char key at `index` are.
    fn char_postings(&self, index: usize) -> Postings {
        let offset = self.char_offsets[index];
        Postings {
            offset,
            length: self.char_offsets[index + 1] - offset,
        }
    }

    /// How many articles are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no articles are indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// How many distinct keys and postings bytes the index has, for measuring.
    #[doc(hidden)]
    pub fn shape(&self) -> (usize, usize, usize) {
        (self.char_keys.len(), self.words.len(), self.arena.len())
    }

    /// Bytes of heap the index holds (its tables and postings), for measuring.
    pub fn heap_bytes(&self) -> usize {
        let words: usize = self
            .words
            .keys()
            .map(|word| word.len() + std::mem::size_of::<(Box<str>, Postings)>() + 1)
            .sum();
        self.char_keys.capacity() * std::mem::size_of::<u64>()
            + self.char_offsets.capacity() * std::mem::size_of::<u32>()
            + words
            + self.arena.capacity()
            + self.skip_table.capacity() * std::mem::size_of::<(u32, u32)>()
            + self.skips.len() * (std::mem::size_of::<(u32, (u32, u32))>() + 1)
            + self.docs.capacity() * std::mem::size_of::<DocStats>()
    }

    /// The articles matching every term of `query`, best first; the first `detailed` hits also say where each
    /// term occurs (the rest have no occurrences, which only a results page needs).
    /// `published` gives each article's publication time (Unix seconds), for newest-first tie-breaking.
    pub fn search(
        &self,
        query: &Query,
        published: &dyn Fn(usize) -> i64,
        detailed: usize,
    ) -> Vec<Hit> {
        search_segments(&[self], query, published, detailed)
    }

    /// Where `query`'s terms occur in one article, verified like a search (each term that occurs at all).
    pub fn occurrences_in(&self, query: &Query, article: usize) -> Vec<Occurrence> {
        let mut occurrences = Vec::new();
        for (term_index, term) in query.terms.iter().enumerate() {
            let matches = self.term_matches(term, Some(article as u32));
            let Some(positions) = matches.get(article as u32) else {
                continue;
            };
            occurrences.extend(positions.iter().map(|&start| Occurrence {
                term: term_index,
                range: start as usize..start as usize + term.length,
            }));
        }
        // Keys are unique (a term occurs at a position once): an unstable sort orders them the same, with less code.
        occurrences.sort_unstable_by_key(|occurrence| (occurrence.range.start, occurrence.term));
        occurrences
    }

    /// The verified start positions of `term` in each document (or only in `only_doc`).
    fn term_matches(&self, term: &Term, only_doc: Option<u32>) -> DocPositions {
        // Each unit of the term must be found at its offset from the match's start. Read the smallest postings
        // first; each further one is read only for the documents still in the running, skipping the rest.
        let mut sources: Vec<(u32, Source)> = self
            .plan(term)
            .into_iter()
            .map(|(offset, lookup)| {
                let source = match lookup {
                    Lookup::Unit(unit) => self.source(unit),
                    Lookup::Rare(first, _) => {
                        let rare = char_key(first, None) | RARE_SECOND;
                        match self.char_keys.binary_search(&rare) {
                            Ok(index) => Source::Keys(index..index + 1),
                            Err(_) => Source::Missing,
                        }
                    }
                    Lookup::Prefix(first) => self.source(&QueryUnit::PairPrefix(first)),
                };
                (offset, source)
            })
            .collect();
        // Which of two equally large sources is read first changes nothing found.
        sources.sort_unstable_by_key(|(_, source)| self.source_bytes(source));
        // Candidate starts, narrowed unit by unit: a document stays while some start fits every unit read so far.
        let mut starts: Option<DocPositions> = None;
        let only = only_doc.map(|doc| [doc]);
        for (offset, source) in &sources {
            let wanted = match (&starts, &only) {
                (Some(starts), _) => Some(starts.docs.as_slice()),
                (None, Some(only)) => Some(&only[..]),
                (None, None) => None,
            };
            let list = self.read_source(source, wanted);
            let mut narrowed = DocPositions::default();
            match &starts {
                // The first unit at the term's start: its positions are the starts.
                None if *offset == 0 => narrowed = list,
                None => {
                    for (doc, positions) in list.iter() {
                        for &position in positions {
                            if let Some(start) = position.checked_sub(*offset) {
                                narrowed.push_one(doc, start);
                            }
                        }
                    }
                }
                Some(starts) => {
                    for (doc, doc_starts) in starts.iter() {
                        let Some(positions) = list.get(doc) else {
                            continue;
                        };
                        for &start in doc_starts {
                            if positions.binary_search(&(start + offset)).is_ok() {
                                narrowed.push_one(doc, start);
                            }
                        }
                    }
                }
            }
            if narrowed.is_empty() {
                return DocPositions::default();
            }
            starts = Some(narrowed);
        }
        starts.unwrap_or_default()
    }

    /// The postings to read to verify `term`, with the offsets they must be found at.
    ///
    /// Not every unit of the term: bigrams every other character cover it (`黄河流域` needs 黄河 and 流域, not
    /// 河流), which is as exact and reads less. A bigram this index lacks is rare: it is among its first
    /// character's rare ones, so the character after it is checked too, by the term's unit there, or, at the
    /// term's end, by every bigram starting with it. The chunked index plans its fetches with this same method,
    /// on the part of the index it has so far ([`chunks::Segment::chunks_for`]).
    fn plan<'t>(&self, term: &'t Term) -> Vec<(u32, Lookup<'t>)> {
        let mut work: Vec<(u32, &QueryUnit)> = term.cover();
        let mut taken: Vec<u32> = work.iter().map(|(offset, _)| *offset).collect();
        let mut lookups = Vec::with_capacity(work.len() + 1);
        while let Some((offset, unit)) = work.pop() {
            if let QueryUnit::Exact(Unit::Pair(first, Some(second))) = unit {
                if self
                    .char_keys
                    .binary_search(&char_key(*first, Some(*second)))
                    .is_err()
                {
                    lookups.push((offset, Lookup::Rare(*first, *second)));
                    if !taken.contains(&(offset + 1)) {
                        taken.push(offset + 1);
                        match term.unit_at(offset + 1) {
                            Some(next) => work.push((offset + 1, next)),
                            None => lookups.push((offset + 1, Lookup::Prefix(*second))),
                        }
                    }
                    continue;
                }
            }
            lookups.push((offset, Lookup::Unit(unit)));
        }
        lookups
    }

    /// Where a query unit's postings are.
    fn source(&self, unit: &QueryUnit) -> Source {
        let key = |key: u64| match self.char_keys.binary_search(&key) {
            Ok(index) => Source::Keys(index..index + 1),
            Err(_) => Source::Missing,
        };
        match unit {
            QueryUnit::Exact(Unit::Pair(first, second)) => key(char_key(*first, *second)),
            QueryUnit::Exact(Unit::Word(word)) => match self.words.get(word) {
                Some(postings) => Source::Word(*postings),
                None => Source::Missing,
            },
            QueryUnit::PairPrefix(first) => {
                // Every bigram starting with this character: a contiguous run of the sorted keys.
                let low = char_key(*first, None);
                let high = low | ((1 << 21) - 1);
                let start = self.char_keys.partition_point(|&key| key < low);
                let end = self.char_keys.partition_point(|&key| key <= high);
                if start == end {
                    Source::Missing
                } else {
                    Source::Keys(start..end)
                }
            }
        }
    }

    fn source_bytes(&self, source: &Source) -> u64 {
        match source {
            Source::Missing => 0,
            Source::Word(postings) => u64::from(postings.length),
            Source::Keys(range) => {
                u64::from(self.char_offsets[range.end] - self.char_offsets[range.start])
            }
        }
    }

    /// The positions of a source in every document, or only in `candidates` (sorted).
    fn read_source(&self, source: &Source, candidates: Option<&[u32]>) -> DocPositions {
        match source {
            Source::Missing => DocPositions::default(),
            Source::Word(postings) => self.decode(*postings, candidates),
            Source::Keys(range) if range.len() == 1 => {
                self.decode(self.char_postings(range.start), candidates)
            }
            Source::Keys(range) => {
                let lists: Vec<DocPositions> = range
                    .clone()
                    .map(|key| self.decode(self.char_postings(key), candidates))
                    .collect();
                self.merge(&lists)
            }
        }
    }

    /// The union of several keys' positions, by counting sort on documents and a small sort within each.
    fn merge(&self, lists: &[DocPositions]) -> DocPositions {
        let mut counts = vec![0u32; self.docs.len() + 1];
        for list in lists {
            for (doc, positions) in list.iter() {
                counts[doc as usize + 1] += positions.len() as u32;
            }
        }
        for index in 1..counts.len() {
            counts[index] += counts[index - 1];
        }
        let total = counts.last().copied().unwrap_or(0) as usize;
        let mut positions = vec![0u32; total];
        let mut fill = counts.clone();
        for list in lists {
            for (doc, doc_positions) in list.iter() {
                let at = fill[doc as usize] as usize;
                positions[at..at + doc_positions.len()].copy_from_slice(doc_positions);
                fill[doc as usize] += doc_positions.len() as u32;
            }
        }
        let mut merged = DocPositions::default();
        for doc in 0..self.docs.len() {
            let range = counts[doc] as usize..counts[doc + 1] as usize;
            if !range.is_empty() {
                let doc_positions = &mut positions[range];
                doc_positions.sort_unstable();
                merged.push(doc as u32, doc_positions);
            }
        }
        merged
    }

    /// Decodes one key's postings, for every document or only for `candidates` (sorted), skipping ahead through
    /// long postings with their skip table.
    fn decode(&self, postings: Postings, candidates: Option<&[u32]>) -> DocPositions {
        let mut list = DocPositions::default();
        let mut cursor = postings.offset as usize;
        let end = cursor + postings.length as usize;
        let skips = self.skips.get(&postings.offset).map_or(&[][..], |range| {
            &self.skip_table[range.0 as usize..range.1 as usize]
        });
        let mut doc_plus_one = 0;
        let mut position = 0;
        // Filtering pays only when few documents are wanted; for many, reading everything is as fast.
        let candidates = candidates.filter(|docs| docs.len() * 4 < self.docs.len());
        let mut wanted = candidates.map(|docs| docs.iter().copied().peekable());
        let mut jumped_for = None;
        while cursor < end {
            if let Some(wanted) = &mut wanted {
                let Some(&next_wanted) = wanted.peek() else {
                    break;
                };
                // Once per wanted document: jump to the last recorded document start at or before it.
                if jumped_for != Some(next_wanted) && doc_plus_one <= next_wanted {
                    jumped_for = Some(next_wanted);
                    let jump = skips.partition_point(|skip| skip.0 <= next_wanted);
                    if let Some(skip) = jump.checked_sub(1).and_then(|index| skips.get(index)) {
                        if skip.1 as usize > cursor && skip.0 > doc_plus_one {
                            cursor = skip.1 as usize;
                            doc_plus_one = skip.0;
                        }
                    }
                }
            }
            let value = read_varint(&self.arena, &mut cursor);
            if value & 1 == 1 {
                let (doc_delta, first) = self.packing.split(value);
                doc_plus_one += doc_delta;
                position = first;
            } else {
                position += (value >> 1) as u32;
            }
            let doc = doc_plus_one - 1;
            match &mut wanted {
                None => list.push_one(doc, position),
                Some(wanted) => {
                    while wanted.peek().is_some_and(|&next| next < doc) {
                        wanted.next();
                    }
                    if wanted.peek() == Some(&doc) {
                        list.push_one(doc, position);
                    }
                }
            }
        }
        list
    }
}

/// Searches several indexes as one: the articles of `segments[1]` follow those of `segments[0]`, and so on, and
/// the hits number them so. Ranking uses the figures of all segments together (article count, average length,
/// how many articles each term occurs in), so a base index plus delta segments ranks exactly as one index built
/// from all their articles; [`Index::search`] is this with one segment.
pub fn search_segments(
    segments: &[&Index],
    query: &Query,
    published: &dyn Fn(usize) -> i64,
    detailed: usize,
) -> Vec<Hit> {
    if query.terms.is_empty() {
        return Vec::new();
    }
    // per_segment[s][t]: where term t matches in segment s.
    let mut per_segment: Vec<Vec<DocPositions>> = Vec::with_capacity(segments.len());
    for segment in segments {
        per_segment.push(
            query
                .terms
                .iter()
                .map(|term| segment.term_matches(term, None))
                .collect(),
        );
    }
    let n_docs: usize = segments.iter().map(|segment| segment.docs.len()).sum();
    let total_length: u64 = segments
        .iter()
        .flat_map(|segment| &segment.docs)
        .map(|doc| u64::from(doc.length))
        .sum();
    let average = average_length(total_length, n_docs);
    let n_docs = n_docs as f32;
    let mut idfs: Vec<f32> = Vec::with_capacity(query.terms.len());
    for term in 0..query.terms.len() {
        let df: usize = per_segment.iter().map(|terms| terms[term].docs.len()).sum();
        if df == 0 {
            return Vec::new();
        }
        let df = df as f32;
        idfs.push((1.0 + (n_docs - df + 0.5) / (df + 0.5)).ln());
    }
    let mean_idf = idfs.iter().sum::<f32>() / idfs.len() as f32;
    // (score, published, global article number, segment, document in the segment)
    let mut ranked: Vec<(f32, i64, usize, usize, u32)> = Vec::new();
    let mut first_doc = 0;
    for (segment_number, (segment, per_term)) in segments.iter().zip(&per_segment).enumerate() {
        // Every term must match: start from the term with the fewest documents.
        let rarest = (0..per_term.len())
            .min_by_key(|&index| per_term[index].docs.len())
            .unwrap_or(0);
        'docs: for &doc in &per_term[rarest].docs {
            let mut positions_of_terms: Vec<&[u32]> = Vec::with_capacity(per_term.len());
            for matches in per_term {
                match matches.get(doc) {
                    Some(positions) => positions_of_terms.push(positions),
                    None => continue 'docs,
                }
            }
            let stats = segment.docs[doc as usize];
            let length_norm = 1.0 - B + B * stats.length as f32 / average;
            let mut score = 0.0;
            for (term_index, positions) in positions_of_terms.iter().enumerate() {
                let in_title =
                    positions.partition_point(|&position| position < stats.title_end) as f32;
                let tf = positions.len() as f32 - in_title + TITLE_WEIGHT * in_title;
                score += idfs[term_index] * tf * (K1 + 1.0) / (tf + K1 * length_norm);
                if in_title > 0.0 {
                    score += idfs[term_index] * TITLE_BONUS;
                }
            }
            if per_term.len() > 1 {
                let occurrences = occurrences_of(query, &positions_of_terms);
                score += mean_idf * PROXIMITY_WEIGHT * proximity(&occurrences);
            }
            let article = first_doc + doc as usize;
            ranked.push((score, published(article), article, segment_number, doc));
        }
        first_doc += segment.docs.len();
    }
    // Best first, then newest first, then bundle order: a total order, so an unstable sort is deterministic.
    ranked.sort_unstable_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    ranked
        .into_iter()
        .enumerate()
        .map(|(rank, (score, _, article, segment, doc))| Hit {
            article,
            score,
            occurrences: if rank < detailed {
                let positions: Vec<&[u32]> = per_segment[segment]
                    .iter()
                    .filter_map(|matches| matches.get(doc))
                    .collect();
                occurrences_of(query, &positions)
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// The average searchable length BM25 normalises by (at least 1, so empty articles divide by nothing).
fn average_length(total_length: u64, n_docs: usize) -> f32 {
    if n_docs == 0 {
        return 1.0;
    }
    (total_length as f32 / n_docs as f32).max(1.0)
}

/// One read of postings that verifying a term takes (see [`Index::plan`]).
enum Lookup<'t> {
    /// A unit's own key (or word, or the bigrams a final character starts).
    Unit(&'t QueryUnit),
    /// A bigram the index lacks: the shared key of the rare bigrams starting with its first character.
    Rare(char, char),
    /// Every bigram starting with this character, and the character alone.
    Prefix(char),
}

/// Where a query unit's postings are: one or more char keys (by index), a word, or nowhere.
enum Source {
    Keys(Range<usize>),
    Word(Postings),
    Missing,
}

/// Occurrences of each term (`positions[i]` are term `i`'s starts), by start.
fn occurrences_of(query: &Query, positions: &[&[u32]]) -> Vec<Occurrence> {
    let mut occurrences: Vec<Occurrence> = positions
        .iter()
        .enumerate()
        .flat_map(|(term_index, starts)| {
            let length = query.terms.get(term_index).map_or(0, |term| term.length);
            starts.iter().map(move |&start| Occurrence {
                term: term_index,
                range: start as usize..start as usize + length,
            })
        })
        .collect();
    occurrences.sort_unstable_by_key(|occurrence| (occurrence.range.start, occurrence.term));
    occurrences
}

/// How close the nearest occurrences of two different terms are: 1 when adjacent, falling towards 0 with distance.
fn proximity(occurrences: &[Occurrence]) -> f32 {
    let nearest = occurrences
        .windows(2)
        .filter(|pair| pair[0].term != pair[1].term)
        .map(|pair| pair[1].range.start.saturating_sub(pair[0].range.end))
        .min();
    match nearest {
        Some(gap) => 1.0 / (1.0 + gap as f32 / 8.0),
        None => 0.0,
    }
}

/// One article found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the article in the slice the index was built from.
    pub article: usize,
    /// Relevance; higher is better.
    pub score: f32,
    /// Every occurrence of every term, by start.
    pub occurrences: Vec<Occurrence>,
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests;
