//! Full-text search over a bundle's articles, exact on Chinese: what it finds is literally in the text.
//!
//! Every character position of an article's searchable text is indexed exactly once, with its position:
//! a Han character as the bigram it starts (`黄河` at the position of 黄; `河` with "no next Han character" at the
//! end of a run), a run of letters and digits as one lower-cased token (`5g`, `2860`), and any other character
//! as itself. A query term is the same sequence of units at fixed offsets, so a match is verified from positions
//! alone: no dictionary segmentation, no misses, no false hits. Full-width forms fold to half-width and letters
//! to lower case, in the text and in queries alike; a fold maps one character to one, so positions stay valid
//! in the original text for excerpts and highlights.
//!
//! This module never touches the page: it takes articles and queries and returns hits and text segments.

use std::collections::HashMap;
use std::ops::Range;

use crate::bundle::Article;
use crate::markdown::{self, cjk, RenderOptions};
use crate::node::{Element, Node};

pub mod chunks;
#[cfg(any(test, feature = "corpus"))]
#[doc(hidden)]
pub mod corpus;
pub mod remote;

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

/// Separates blocks and fields in the searchable text. It is never indexed and no query can contain it,
/// so no match crosses from one paragraph or field into the next.
const BREAK: char = '\u{2029}';

/// The text of an article that search looks at, with where each field is in it (char offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    /// Title, caption, source, author and body text, joined by U+2029 (paragraph separator).
    pub text: String,
    /// The title's char range.
    pub title: Range<usize>,
    /// The caption's char range (empty when none).
    pub caption: Range<usize>,
    /// The source's char range (empty when none).
    pub source: Range<usize>,
    /// The author's char range (empty when none).
    pub author: Range<usize>,
    /// The body's char range: the text a reader sees, blocks separated by U+2029.
    pub body: Range<usize>,
}

impl SearchText {
    /// The fields' char ranges: title, caption, source, author, body.
    pub fn ranges(&self) -> [Range<usize>; 5] {
        [
            self.title.clone(),
            self.caption.clone(),
            self.source.clone(),
            self.author.clone(),
            self.body.clone(),
        ]
    }

    /// The searchable text of `article`; the body is its rendered Markdown, as the reader sees it.
    pub fn of(article: &Article) -> SearchText {
        let mut text = String::new();
        let mut n_chars = 0;
        let mut push_field = |text: &mut String, field: &str| -> Range<usize> {
            if !text.is_empty() {
                text.push(BREAK);
                n_chars += 1;
            }
            let start = n_chars;
            text.push_str(field);
            n_chars += field.chars().count();
            start..n_chars
        };
        let title = push_field(&mut text, article.title());
        let caption = push_field(
            &mut text,
            article.lead().and_then(|lead| lead.caption()).unwrap_or(""),
        );
        let source = push_field(&mut text, article.source().unwrap_or(""));
        let author = push_field(&mut text, article.author().unwrap_or(""));
        let body_text = flatten(&body_nodes(article));
        let body = push_field(&mut text, &body_text);
        SearchText {
            text,
            title,
            caption,
            source,
            author,
            body,
        }
    }
}

/// The body as the article view renders it (URL resolution does not change any text).
pub fn body_nodes(article: &Article) -> Vec<Node> {
    markdown::render(article.body(), &RenderOptions::default())
}

/// Elements after which text continues on a new line; their text never runs into their neighbours'.
const BLOCKS: [&str; 19] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "th",
    "td",
    "div",
    "hr",
    "br",
];

/// The text of rendered nodes, blocks separated by U+2029; [`mark`] walks nodes the same way.
pub fn flatten(nodes: &[Node]) -> String {
    let mut text = String::new();
    let mut walker = Walker::default();
    walker.walk(nodes, &mut |piece| match piece {
        Piece::Text(run) => text.push_str(run),
        Piece::Break => text.push(BREAK),
    });
    text
}

/// Walks nodes in document order, reporting text and the breaks between blocks (at most one in a row,
/// none at the start).
#[derive(Default)]
struct Walker {
    chars_so_far: usize,
    break_pending: bool,
}

enum Piece<'a> {
    Text(&'a str),
    Break,
}

impl Walker {
    fn walk<'n>(&mut self, nodes: &'n [Node], emit: &mut dyn FnMut(Piece<'n>)) {
        for node in nodes {
            match node {
                Node::Text(text) if !text.is_empty() => {
                    if std::mem::take(&mut self.break_pending) && self.chars_so_far > 0 {
                        emit(Piece::Break);
                        self.chars_so_far += 1;
                    }
                    emit(Piece::Text(text));
                    self.chars_so_far += text.chars().count();
                }
                Node::Text(_) => {}
                #[cfg(feature = "conformance")]
                Node::Raw(_) => {}
                Node::Element(element) => {
                    let block = BLOCKS.contains(&element.tag());
                    self.break_pending |= block;
                    self.walk(element.children(), emit);
                    self.break_pending |= block;
                }
            }
        }
    }
}

/// What kind of character, for indexing. Decided on folded characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Han, kana, Hangul: written without spaces; indexed as bigrams.
    Han,
    /// Letters and digits of other scripts: indexed as whole runs.
    Word,
    /// Any other character, white space included: indexed as itself.
    Other,
    /// A block or field break: never indexed, never matched.
    Break,
}

/// Folds full-width forms to half-width, white space and control characters to a space, and letters to lower case.
/// One character in, one out, so positions survive folding.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(u32::from(c) - 0xFEE0).map_or(c, |half| half.to_ascii_lowercase())
        }
        BREAK => BREAK,
        c if c.is_whitespace() || c.is_control() => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(single), None) => single,
                _ => c,
            }
        }
        c => c,
    }
}

fn class(folded: char) -> Class {
    if folded == BREAK {
        Class::Break
    } else if cjk::is_letter(folded) {
        Class::Han
    } else if folded.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// An index unit: what is found at one position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Unit {
    /// A Han character and the Han character after it, if any.
    Han(char, Option<char>),
    /// A whole run of letters and digits, folded.
    Word(Box<str>),
    /// Any other single character, folded.
    Other(char),
}

/// A unit as [`units`] reports it, the word borrowed from the text.
enum UnitRef<'t> {
    Han(char, Option<char>),
    Word(&'t [char]),
    Other(char),
}

/// A unit as a number, for the sorted key table; Han keys starting with the same character are contiguous.
fn char_key(first: char, second: Option<char>) -> u64 {
    (u64::from(u32::from(first)) << 21) | second.map_or(0, |c| u64::from(u32::from(c)))
}

/// Splits folded text into units with their char positions, in order. Breaks yield nothing.
fn units<'t>(folded: &'t [char], mut emit: impl FnMut(UnitRef<'t>, u32)) {
    let mut position = 0;
    while let Some(&c) = folded.get(position) {
        match class(c) {
            Class::Han => {
                let next = folded
                    .get(position + 1)
                    .copied()
                    .filter(|&next| class(next) == Class::Han);
                emit(UnitRef::Han(c, next), position as u32);
                position += 1;
            }
            Class::Word => {
                let end = folded[position..]
                    .iter()
                    .position(|&c| class(c) != Class::Word)
                    .map_or(folded.len(), |length| position + length);
                emit(UnitRef::Word(&folded[position..end]), position as u32);
                position = end;
            }
            Class::Other => {
                emit(UnitRef::Other(c), position as u32);
                position += 1;
            }
            Class::Break => position += 1,
        }
    }
}

/// Where one key's postings are in the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Postings {
    offset: u32,
    length: u32,
}

/// How the postings of an index pack a document's first position together with the document delta.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Packing {
    /// Bits a position takes: enough for the longest searchable text.
    position_bits: u32,
}

impl Packing {
    fn for_longest(longest: usize) -> Packing {
        Packing {
            position_bits: (usize::BITS - longest.leading_zeros()).max(1),
        }
    }

    /// The longest text whose positions fit.
    fn longest(self) -> usize {
        1 << self.position_bits
    }

    /// A record starting a new document: `doc_delta` and the first position in one varint.
    fn new_doc(self, doc_delta: u32, position: u32) -> u64 {
        (u64::from(doc_delta) << (self.position_bits + 1)) | (u64::from(position) << 1) | 1
    }

    /// `(doc_delta, position)` of a record whose low bit is set.
    fn split(self, value: u64) -> (u32, u32) {
        let mask = (1u64 << self.position_bits) - 1;
        (
            (value >> (self.position_bits + 1)) as u32,
            ((value >> 1) & mask) as u32,
        )
    }
}

/// Per-document figures for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DocStats {
    /// Searchable characters.
    length: u32,
    /// Where the title ends (chars).
    title_end: u32,
}

/// A fast hasher for the build's key tables (integers and short words from the index's own text; no
/// adversary can choose them to collide on purpose against anything but their own search).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

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

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The search index of a list of articles, built once per bundle.
///
/// Postings are one byte arena; each key's are a stream of varints in document and position order:
/// `doc_delta << (position_bits + 1) | position << 1 | 1` when an occurrence starts a new document, or
/// `position_delta << 1` for another occurrence in the same document. Writing needs no sorting, reading no counts.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Han and other-character keys, sorted; their postings are laid out in the same order, the postings of
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

/// Postings longer than this many bytes get a skip table...
const SKIP_MIN_BYTES: u32 = 2048;
/// ...with an entry every this many documents.
const SKIP_EVERY: u32 = 128;

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

/// Char keys with their key ids.
type KeyIds = Vec<(u64, u32)>;

/// Bigrams in at most this many documents share their first character's rare key.
const RARE_DOCS: u32 = 8;
/// The second half of a char key.
const SECOND_MASK: u64 = (1 << 21) - 1;
/// The second half of the key shared by a first character's rare bigrams: above every character.
const RARE_SECOND: u64 = SECOND_MASK;

/// The `(document, position)` records of postings being built.
fn records(bytes: &[u8], packing: Packing) -> Vec<(u32, u32)> {
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

/// How many char units are collected before they are sorted by key and written: enough that most keys get
/// several records at once, few enough to stay in cache.
const PENDING_UNITS: usize = 1 << 18;

/// The upper bound of an article's searchable text length: rendering drops Markdown syntax, never adds text.
fn text_bound(article: &Article) -> usize {
    let chars = |text: Option<&str>| text.map_or(0, |text| text.chars().count());
    chars(Some(article.title()))
        + chars(article.lead().and_then(|lead| lead.caption()))
        + chars(article.source())
        + chars(article.author())
        + chars(Some(article.body()))
        + 4
}

/// The state of a build: key tables, growing postings, and char units waiting to be written.
struct Builder {
    packing: Packing,
    /// Char keys with their ids, sorted by key: each flush merges its sorted keys in, reading both in order.
    char_ids: KeyIds,
    char_ids_next: KeyIds,
    word_ids: FastMap<Box<str>, u32>,
    growing: Vec<Growing>,
    /// `(key, doc, position)` of char units, in document and position order.
    pending: Vec<(u64, u32, u32)>,
    scratch: Vec<(u64, u32, u32)>,
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

    /// Adds the units of article number `doc`, and its statistics to `docs`; returns the characters read. A
    /// text longer than the packing allows is only measured (`longest`): the build starts again with room for it.
    fn read(
        &mut self,
        doc: u32,
        article: &Article,
        docs: &mut Vec<DocStats>,
        longest: &mut usize,
    ) -> usize {
        let text = SearchText::of(article);
        let folded: Vec<char> = text.text.chars().map(fold).collect();
        *longest = (*longest).max(folded.len());
        if folded.len() > self.packing.longest() {
            return folded.len();
        }
        let mut word = String::new();
        units(&folded, |unit, position| match unit {
            UnitRef::Han(first, second) => {
                self.pending.push((char_key(first, second), doc, position))
            }
            UnitRef::Other(c) => self.pending.push((char_key(c, None), doc, position)),
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
fn radix_sort_by_key(items: &mut Vec<(u64, u32, u32)>, scratch: &mut Vec<(u64, u32, u32)>) {
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
struct Growing {
    bytes: Vec<u8>,
    /// The last document written, plus one (0: none yet).
    doc_plus_one: u32,
    last_position: u32,
    /// How many documents it occurs in.
    n_docs: u32,
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
    packing: Packing,
    stage: Stage,
}

enum Stage {
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
        IndexBuild::with_packing(articles.len(), Packing::for_longest(bound))
    }

    fn with_packing(articles: usize, packing: Packing) -> IndexBuild {
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
        let mut spent = 0;
        while spent < budget {
            let packing = self.packing;
            match &mut self.stage {
                Stage::Reading {
                    builder,
                    docs,
                    next,
                    longest,
                } => match articles.get(*next) {
                    Some(article) => {
                        spent += builder.read(*next as u32, article, docs, longest);
                        *next += 1;
                    }
                    None if *longest > packing.longest() => {
                        *self = IndexBuild::with_packing(
                            articles.len(),
                            Packing::for_longest(*longest),
                        );
                    }
                    None => {
                        builder.flush();
                        let Stage::Reading { builder, docs, .. } =
                            std::mem::replace(&mut self.stage, Stage::Done)
                        else {
                            unreachable!("the stage was just matched")
                        };
                        self.stage = Stage::Laying(Box::new(Layout::new(*builder, docs)));
                    }
                },
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

/// The postings of a finished reading, being laid out in one arena: Han keys sorted so that those of one first
/// character are contiguous, then words, then the skip tables of long postings.
struct Layout {
    builder: Builder,
    docs: Vec<DocStats>,
    arena: Vec<u8>,
    char_keys: Vec<u64>,
    char_offsets: Vec<u32>,
    chars_end: u32,
    /// The next entry of `builder.char_ids` to lay out.
    next_char: usize,
    /// Words still to lay out.
    words: Vec<(Box<str>, u32)>,
    word_postings: FastMap<Box<str>, Postings>,
    /// Postings that get skip tables, once every key is laid out, and how many have them.
    long: Option<Vec<Postings>>,
    next_long: usize,
    skips: FastMap<u32, (u32, u32)>,
    skip_table: Vec<(u32, u32)>,
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
fn place(arena: &mut Vec<u8>, key: &mut Growing) -> Postings {
    let postings = Postings {
        offset: arena.len() as u32,
        length: key.bytes.len() as u32,
    };
    arena.extend_from_slice(&key.bytes);
    key.bytes = Vec::new();
    postings
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
        occurrences.sort_by_key(|occurrence| (occurrence.range.start, occurrence.term));
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
                    Lookup::Prefix(first) => self.source(&QueryUnit::HanPrefix(first)),
                };
                (offset, source)
            })
            .collect();
        sources.sort_by_key(|(_, source)| self.source_bytes(source));
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
            if let QueryUnit::Exact(Unit::Han(first, Some(second))) = unit {
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
            QueryUnit::Exact(Unit::Han(first, second)) => key(char_key(*first, *second)),
            QueryUnit::Exact(Unit::Other(c)) => key(char_key(*c, None)),
            QueryUnit::Exact(Unit::Word(word)) => match self.words.get(word) {
                Some(postings) => Source::Word(*postings),
                None => Source::Missing,
            },
            QueryUnit::HanPrefix(first) => {
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

/// Skip tables, by postings offset, and the entries they are ranges of.
type SkipTables = (FastMap<u32, (u32, u32)>, Vec<(u32, u32)>);

/// Skip tables for the long postings among `all`.
fn skip_tables<'p>(
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
fn add_skip_table(
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
struct DocPositions {
    docs: Vec<u32>,
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl DocPositions {
    /// Adds a position, in document and position order.
    fn push_one(&mut self, doc: u32, position: u32) {
        if self.docs.last() != Some(&doc) {
            self.docs.push(doc);
            self.starts.push(self.positions.len() as u32);
        }
        self.positions.push(position);
    }

    fn push(&mut self, doc: u32, positions: &[u32]) {
        self.docs.push(doc);
        self.starts.push(self.positions.len() as u32);
        self.positions.extend_from_slice(positions);
    }

    fn is_empty(&self) -> bool {
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

    fn get(&self, doc: u32) -> Option<&[u32]> {
        self.docs
            .binary_search(&doc)
            .ok()
            .map(|index| self.slice(index))
    }

    fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> {
        self.docs
            .iter()
            .enumerate()
            .map(|(index, &doc)| (doc, self.slice(index)))
    }
}

fn write_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn read_varint(bytes: &[u8], cursor: &mut usize) -> u64 {
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
fn read_whole_varint(bytes: &[u8], cursor: &mut usize) -> Option<u64> {
    let start = *cursor;
    let value = read_varint(bytes, cursor);
    (*cursor > start && bytes[*cursor - 1] < 0x80).then_some(value)
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

/// A parsed query: terms that must all occur.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

/// One term: a sequence of units at fixed char offsets, matched as contiguous text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// The term as typed, for display.
    text: String,
    /// Units with their offsets from the term's start.
    units: Vec<(u32, QueryUnit)>,
    /// Length in chars.
    length: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum QueryUnit {
    /// Must be at its offset exactly.
    Exact(Unit),
    /// A Han character at the end of the term: whatever follows it in the text.
    HanPrefix(char),
}

/// The most characters of a query that are looked at; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

impl Query {
    /// Parses what a reader typed: space-separated terms, all of which must occur; `"quoted phrases"` (straight or
    /// full-width quotes) are one term, spaces and all. Terms fold as the text does; repeated terms count once.
    pub fn parse(input: &str) -> Query {
        let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
        let mut terms: Vec<Term> = Vec::new();
        // In a query every kind of white space separates, a typed paragraph break included.
        let is_space = |c: char| c.is_whitespace() || fold(c) == ' ';
        let mut add = |raw: &str| {
            let raw = raw.trim_matches(is_space);
            if raw.is_empty() {
                return;
            }
            let term = Term::parse(raw);
            if !term.units.is_empty() && !terms.iter().any(|known| known.units == term.units) {
                terms.push(term);
            }
        };
        for (index, part) in input.split(['"', '\u{FF02}']).enumerate() {
            if index % 2 == 1 {
                add(part);
            } else {
                part.split(is_space).for_each(&mut add);
            }
        }
        Query { terms }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms as typed, in order.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|term| term.text.as_str())
    }
}

impl Term {
    /// The units that check every character of the term: all but the Han bigrams whose characters the bigrams
    /// kept already name (every other one, and the last of a run).
    fn cover(&self) -> Vec<(u32, &QueryUnit)> {
        let is_bigram = |unit: &QueryUnit| matches!(unit, QueryUnit::Exact(Unit::Han(_, Some(_))));
        let mut kept: Vec<(u32, &QueryUnit)> = Vec::with_capacity(self.units.len());
        // The last character a kept bigram names.
        let mut covered_to: Option<u32> = None;
        for (index, (offset, unit)) in self.units.iter().enumerate() {
            if !is_bigram(unit) {
                kept.push((*offset, unit));
                continue;
            }
            let ends_run = !self
                .units
                .get(index + 1)
                .is_some_and(|(next, unit)| *next == offset + 1 && is_bigram(unit));
            let first_uncovered = covered_to.is_none_or(|end| end < *offset);
            let second_uncovered = covered_to.is_none_or(|end| end < offset + 1);
            if first_uncovered || (ends_run && second_uncovered) {
                kept.push((*offset, unit));
                covered_to = Some(offset + 1);
            }
        }
        kept
    }

    /// The unit at `offset`, if the term has one there.
    fn unit_at(&self, offset: u32) -> Option<&QueryUnit> {
        self.units
            .iter()
            .find(|(at, _)| *at == offset)
            .map(|(_, unit)| unit)
    }

    fn parse(raw: &str) -> Term {
        // A typed break is a space: only the text has breaks, so that no match crosses one.
        let folded: Vec<char> = raw
            .chars()
            .map(|c| if c == BREAK { ' ' } else { fold(c) })
            .collect();
        let mut found: Vec<(u32, Unit)> = Vec::new();
        units(&folded, |unit, position| {
            let unit = match unit {
                UnitRef::Han(first, second) => Unit::Han(first, second),
                UnitRef::Word(chars) => {
                    Unit::Word(chars.iter().collect::<String>().into_boxed_str())
                }
                UnitRef::Other(c) => Unit::Other(c),
            };
            found.push((position, unit));
        });
        let length = folded.len();
        let mut units: Vec<(u32, QueryUnit)> = Vec::with_capacity(found.len());
        for (offset, unit) in found {
            // A Han character that only closes a run is already checked by the bigram before it, which names it.
            let closes_bigram = matches!(
                units.last(),
                Some((previous, QueryUnit::Exact(Unit::Han(_, Some(_))))) if previous + 1 == offset
            );
            match unit {
                Unit::Han(_, None) if closes_bigram => {}
                // The text's next character is unknown at the term's end: any bigram starting here will do.
                Unit::Han(first, None) if offset as usize + 1 == length => {
                    units.push((offset, QueryUnit::HanPrefix(first)))
                }
                unit => units.push((offset, QueryUnit::Exact(unit))),
            }
        }
        Term {
            text: raw.to_owned(),
            units,
            length,
        }
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

/// Where a query term occurs in an article's [`SearchText`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Which term of the query (in parse order).
    pub term: usize,
    /// The char range in the search text.
    pub range: Range<usize>,
}

/// A piece of displayed text, marked or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Whether it is one whole occurrence of a query term.
    pub marked: bool,
}

/// Occurrences that do not overlap: where two overlap, the earlier is kept whole and the later dropped.
pub fn disjoint(occurrences: &[Occurrence]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for occurrence in occurrences {
        if ranges
            .last()
            .is_none_or(|last| occurrence.range.start >= last.end)
        {
            ranges.push(occurrence.range.clone());
        }
    }
    ranges
}

/// The chars of `field` in `text` as segments, marking the occurrences inside it (positions relative to `text`).
pub fn field_segments(
    text: &SearchText,
    field: Range<usize>,
    occurrences: &[Occurrence],
) -> Vec<Segment> {
    let chars: Vec<char> = text.text.chars().collect();
    let inside: Vec<Occurrence> = occurrences
        .iter()
        .filter(|occurrence| {
            occurrence.range.start >= field.start && occurrence.range.end <= field.end
        })
        .cloned()
        .collect();
    segments(&chars, field, &disjoint(&inside))
}

/// About [`EXCERPT_CHARS`] characters of the body around the place where most different terms occur close
/// together, every occurrence in it marked; the start of the body when the body has none.
pub fn excerpt(text: &SearchText, occurrences: &[Occurrence]) -> Vec<Segment> {
    let chars: Vec<char> = text.text.chars().collect();
    let body = text.body.clone();
    let in_body: Vec<Occurrence> = occurrences
        .iter()
        .filter(|occurrence| {
            occurrence.range.start >= body.start && occurrence.range.end <= body.end
        })
        .cloned()
        .collect();
    // The best centre: the occurrence with the most distinct terms starting within the window after it (the
    // earliest such). One pass with a sliding window, so a body with a million occurrences costs a million steps.
    let mut in_body = in_body;
    in_body.sort_by_key(|occurrence| (occurrence.range.start, occurrence.term));
    let n_terms = in_body
        .iter()
        .map(|occurrence| occurrence.term + 1)
        .max()
        .unwrap_or(0);
    let mut in_window = vec![0usize; n_terms];
    let mut distinct = 0;
    let mut end = 0;
    let mut best: Option<(usize, std::cmp::Reverse<usize>, &Occurrence)> = None;
    for (index, first) in in_body.iter().enumerate() {
        while end < in_body.len()
            && in_body[end].range.start < first.range.start + EXCERPT_CHARS / 2
        {
            in_window[in_body[end].term] += 1;
            distinct += usize::from(in_window[in_body[end].term] == 1);
            end += 1;
        }
        let key = (distinct, std::cmp::Reverse(first.range.start));
        if best
            .as_ref()
            .is_none_or(|(d, start, _)| key >= (*d, *start))
        {
            best = Some((key.0, key.1, first));
        }
        let term = in_body[index].term;
        in_window[term] -= 1;
        distinct -= usize::from(in_window[term] == 0);
    }
    let best = best.map(|(_, _, first)| first);
    let mut window = match best {
        Some(best) => {
            let start = best
                .range
                .start
                .saturating_sub(EXCERPT_CHARS / 3)
                .max(body.start);
            start..(start + EXCERPT_CHARS).min(body.end)
        }
        None => body.start..(body.start + EXCERPT_CHARS).min(body.end),
    };
    // Never cut an occurrence: widen the window to whole ones.
    let ranges = disjoint(&in_body);
    for range in &ranges {
        if range.start < window.start && range.end > window.start {
            window.start = range.start;
        }
        if range.start < window.end && range.end > window.end {
            window.end = range.end;
        }
    }
    let inside: Vec<Range<usize>> = ranges
        .into_iter()
        .filter(|range| range.start >= window.start && range.end <= window.end)
        .collect();
    let mut pieces = segments(&chars, window.clone(), &inside);
    if window.start > body.start {
        pieces.insert(
            0,
            Segment {
                text: "…".to_owned(),
                marked: false,
            },
        );
    }
    if window.end < body.end {
        pieces.push(Segment {
            text: "…".to_owned(),
            marked: false,
        });
    }
    pieces
}

/// `chars[window]` cut at `marks` (sorted, disjoint, inside the window); breaks shown as spaces.
fn segments(chars: &[char], window: Range<usize>, marks: &[Range<usize>]) -> Vec<Segment> {
    let text_of = |range: Range<usize>| -> String {
        chars
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|&c| if c == BREAK { ' ' } else { c })
            .collect()
    };
    let mut pieces = Vec::new();
    let mut cursor = window.start;
    for mark in marks {
        if mark.start > cursor {
            pieces.push(Segment {
                text: text_of(cursor..mark.start),
                marked: false,
            });
        }
        pieces.push(Segment {
            text: text_of(mark.clone()),
            marked: true,
        });
        cursor = mark.end;
    }
    if cursor < window.end {
        pieces.push(Segment {
            text: text_of(cursor..window.end),
            marked: false,
        });
    }
    pieces
}

/// Segments as nodes: text, and `<mark>` for the marked ones.
pub fn segment_nodes(segments: &[Segment]) -> Vec<Node> {
    segments
        .iter()
        .map(|segment| {
            if segment.marked {
                Element::new("mark").with_text(&segment.text).into()
            } else {
                Node::Text(segment.text.clone())
            }
        })
        .collect()
}

/// `nodes` (as [`flatten`] walks them, starting at char `offset` of the search text) with the text inside
/// `marks` wrapped in `<mark>`; an occurrence that spans formatting is marked piece by piece.
pub fn mark(nodes: Vec<Node>, offset: usize, marks: &[Range<usize>]) -> Vec<Node> {
    let mut marker = Marker {
        walker: Walker {
            chars_so_far: 0,
            break_pending: false,
        },
        offset,
        marks,
    };
    marker.mark(nodes)
}

struct Marker<'m> {
    walker: Walker,
    offset: usize,
    marks: &'m [Range<usize>],
}

impl Marker<'_> {
    fn mark(&mut self, nodes: Vec<Node>) -> Vec<Node> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            match node {
                Node::Text(text) if !text.is_empty() => {
                    // Mirror Walker::walk exactly, so positions agree with `flatten`.
                    if std::mem::take(&mut self.walker.break_pending)
                        && self.walker.chars_so_far > 0
                    {
                        self.walker.chars_so_far += 1;
                    }
                    let start = self.offset + self.walker.chars_so_far;
                    let chars: Vec<char> = text.chars().collect();
                    self.walker.chars_so_far += chars.len();
                    let end = start + chars.len();
                    let local: Vec<Range<usize>> = self
                        .marks
                        .iter()
                        .filter(|mark| mark.start < end && mark.end > start)
                        .map(|mark| mark.start.max(start) - start..mark.end.min(end) - start)
                        .collect();
                    if local.is_empty() {
                        out.push(Node::Text(text));
                    } else {
                        out.extend(segment_nodes(&segments(&chars, 0..chars.len(), &local)));
                    }
                }
                Node::Text(text) => out.push(Node::Text(text)),
                #[cfg(feature = "conformance")]
                raw @ Node::Raw(_) => out.push(raw),
                Node::Element(element) => {
                    let block = BLOCKS.contains(&element.tag());
                    self.walker.break_pending |= block;
                    let (shell, children) = element.split_children();
                    let children = self.mark(children);
                    self.walker.break_pending |= block;
                    out.push(shell.with_children(children).into());
                }
            }
        }
        out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
