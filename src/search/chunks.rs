//! The index in pieces, for sites too big to download whole (issue 8): a small manifest says which file holds
//! what, and a reader fetches only the chunks a query's units live in, assembles a partial [`Index`] from them and
//! searches it with the same code as the whole index, so the results are the same.
//!
//! An index is one or more *segments*, each the index of a run of articles: a full build writes one; adding
//! articles writes a new segment for them alone and leaves every file of the others as it was
//! ([`build`] with the previous manifest). [`super::search_segments`] ranks across segments with their figures
//! summed, so a base plus deltas answers exactly as one index of all the articles.
//!
//! Each segment has a head (its document table: lengths, title ends, publication times, what ranking needs; and
//! its directory), chunks of char-key and word postings of about [`CHUNK_BYTES`] laid out in volume files of about
//! [`VOLUME_BYTES`], which readers fetch in byte ranges, and fragment packs: for every [`PACK_DOCS`] articles, what
//! a result shows (id, bundle, channel, date, title, and the start of the text for the excerpt).
//!
//! Pieces are named by a hash of their bytes, so the same input gives the same files and caches never go stale.

use std::fmt::Write as _;
use std::ops::RangeInclusive;

use super::build::SECOND_MASK;
use super::postings::{read_whole_varint, write_varint, Packing, Postings};
use super::query::QueryUnit;
use super::tokens::{char_key, Unit};
use super::{DocStats, Index, Lookup, Query, SearchText};
use crate::bundle::Article;

mod assemble;
mod pack;

pub use assemble::assemble;
pub(super) use pack::pack;
pub use pack::{read_pack, Fragment, EXCERPT_SOURCE_CHARS, PACK_DOCS};

/// About how many bytes of postings a chunk holds before it is closed: the least a query fetches for one key, so
/// small keys cost little more than their own postings. A key bigger than this is a chunk of its own, so a query
/// fetches no neighbour's postings with it.
pub const CHUNK_BYTES: usize = 4 * 1024;

/// About how many bytes of chunks a volume file holds. Readers fetch chunks as byte ranges of their volume; where
/// the host answers a range request with the whole file (or `file://`), the whole volume, which is what bounds
/// the cost of a chunk there.
pub const VOLUME_BYTES: usize = 64 * 1024;

/// At most this many segments: adding articles beyond them rebuilds the index as one.
pub const MAX_SEGMENTS: usize = 8;

/// The manifest's file name, beside the pieces.
pub const MANIFEST: &str = "index.txt";

/// The first line of every manifest.
/// Version 3: punctuation is indexed in pairs, and postings are in volumes read by byte ranges.
const MAGIC: &str = "article-viewer-index 3";

/// One file of a chunked index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The file name, with a content hash in it.
    pub name: String,
    /// The contents.
    pub bytes: Vec<u8>,
    /// Whether it is stored gzip-compressed. Volumes are not: readers fetch byte ranges of them, and postings
    /// hardly compress (7% on the benchmark corpus).
    pub gzip: bool,
}

/// Where a chunk of postings is: a byte range of one of its segment's volumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Chunk {
    volume: u32,
    start: u32,
    end: u32,
}

/// Where an indexed article is shown, for its search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The bundle holding the article, relative to the index's folder (or absolute).
    pub bundle: String,
    /// The name of the article's channel.
    pub channel: String,
}

/// What a reader loads first: the build id and, per segment, which file holds what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Changes whenever any piece does.
    pub build_id: String,
    /// The segments, in article order.
    pub segments: Vec<Segment>,
}

/// The files of one segment. The manifest names its head, the file every search needs first: its document table
/// and its directory, which lists the rest (packs, volumes and their chunks; [`Segment::read_head`]). So the
/// manifest stays a line per segment, the listing, named by its content, is cached like every other piece, and
/// a reader needs one request for both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The file of the segment's document table and directory.
    pub head: String,
    /// How many articles the segment indexes.
    pub len: usize,
    /// A hash of everything the segment's files are made from: equal for the same articles.
    pub input: u64,
    /// Fragment packs, [`PACK_DOCS`] articles each, in order (empty until the directory is read).
    pub packs: Vec<String>,
    /// The volume files holding the chunks.
    volumes: Vec<String>,
    /// Character-key chunks: first key, where; sorted by key.
    chars: Vec<(u64, Chunk)>,
    /// Word chunks: first word, where; sorted by word.
    words: Vec<(String, Chunk)>,
}

/// The per-document figures of a segment, read from its document table.
#[derive(Debug, Clone)]
pub struct DocsTable {
    packing: Packing,
    stats: Vec<DocStats>,
    published: Vec<i64>,
}

impl DocsTable {
    /// How many articles the table describes.
    pub fn len(&self) -> usize {
        self.stats.len()
    }

    /// Whether it describes none.
    pub fn is_empty(&self) -> bool {
        self.stats.is_empty()
    }

    /// When the `doc`th article was published, in Unix seconds.
    pub fn published(&self, doc: usize) -> i64 {
        self.published.get(doc).copied().unwrap_or(0)
    }

    /// Reads a document table; `None` for bytes that are not one.
    pub fn parse(bytes: &[u8]) -> Option<DocsTable> {
        let mut cursor = 0;
        let mut read = || read_whole_varint(bytes, &mut cursor);
        let position_bits = u32::try_from(read()?).ok().filter(|bits| *bits < 32)?;
        let n_docs = usize::try_from(read()?).ok()?;
        let mut stats = Vec::with_capacity(n_docs.min(bytes.len()));
        let mut published = Vec::with_capacity(n_docs.min(bytes.len()));
        let mut last = 0i64;
        for _ in 0..n_docs {
            let length = u32::try_from(read()?).ok()?;
            let title_end = u32::try_from(read()?).ok()?;
            last = last.wrapping_add(unzigzag(read()?));
            stats.push(DocStats { length, title_end });
            published.push(last);
        }
        (cursor == bytes.len()).then_some(DocsTable {
            packing: Packing { position_bits },
            stats,
            published,
        })
    }
}

/// Writes the index of `articles` (with where each is shown, `origins[i]` for `articles[i]`).
///
/// With the `previous` manifest of the same folder, segments whose articles are unchanged at the start of
/// `articles` are kept, and only the articles after them are indexed, as a new segment: adding articles rewrites
/// the manifest and the new segment's files, nothing else. Any other change, or more than [`MAX_SEGMENTS`]
/// segments, rebuilds the index as one segment. Returns the manifest and the pieces to write (the kept
/// segments' pieces are already there).
pub fn build(
    articles: &[Article],
    origins: &[Origin],
    previous: Option<&Manifest>,
) -> (Manifest, Vec<Piece>) {
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let hashes: Vec<u64> = articles
        .iter()
        .zip(origins)
        .zip(&texts)
        .map(|((article, origin), text)| input_hash(article, origin, text))
        .collect();
    let mut kept: Vec<Segment> = Vec::new();
    let mut start = 0;
    if let Some(previous) = previous {
        for segment in &previous.segments {
            let end = start + segment.len;
            if end > articles.len() || combine(&hashes[start..end]) != segment.input {
                break;
            }
            kept.push(segment.clone());
            start = end;
        }
        let all_kept = kept.len() == previous.segments.len();
        if !all_kept || kept.len() >= MAX_SEGMENTS {
            kept.clear();
            start = 0;
        }
    }
    let mut pieces = Vec::new();
    if start < articles.len() || kept.is_empty() {
        let range = start..articles.len();
        let (segment, new_pieces) = segment(
            &articles[range.clone()],
            &origins[range.clone()],
            &texts[range.clone()],
            combine(&hashes[range]),
        );
        kept.push(segment);
        pieces = new_pieces;
    }
    // A head's name is a hash of the segment's listing, so it stands for all its files.
    let mut all_names = String::new();
    for segment in &kept {
        all_names.push_str(&segment.head);
    }
    let manifest = Manifest {
        build_id: format!("{:016x}", fnv1a(all_names.as_bytes())),
        segments: kept,
    };
    (manifest, pieces)
}

/// The files a build adds to its folder, as readers fetch them: the pieces, then the manifest as [`MANIFEST`],
/// last, to be written last.
pub fn files(manifest: &Manifest, pieces: Vec<Piece>) -> impl Iterator<Item = Piece> {
    let manifest = Piece {
        name: MANIFEST.to_owned(),
        bytes: manifest.to_text().into_bytes(),
        gzip: false,
    };
    pieces.into_iter().chain(std::iter::once(manifest))
}

/// One segment: the index of `articles`, split into pieces, with its fragment packs.
fn segment(
    articles: &[Article],
    origins: &[Origin],
    texts: &[SearchText],
    input: u64,
) -> (Segment, Vec<Piece>) {
    let index = Index::build(articles);
    let (mut segment, docs, mut pieces) = split(&index, articles);
    segment.input = input;
    for ((articles, origins), texts) in articles
        .chunks(PACK_DOCS)
        .zip(origins.chunks(PACK_DOCS))
        .zip(texts.chunks(PACK_DOCS))
    {
        let pack = piece("pack", pack(articles, origins, texts));
        segment.packs.push(pack.name.clone());
        pieces.push(pack);
    }
    let mut head = Vec::with_capacity(docs.len() + 8);
    write_varint(&mut head, docs.len() as u64);
    head.extend_from_slice(&docs);
    head.extend_from_slice(&segment.directory_bytes());
    let head = piece("head", head);
    segment.head = head.name.clone();
    pieces.push(head);
    (segment, pieces)
}

/// What the segment's files depend on, per article: changing any of it changes the hash.
fn input_hash(article: &Article, origin: &Origin, text: &SearchText) -> u64 {
    let mut bytes = Vec::with_capacity(text.text.len() + 128);
    for field in [
        article.id(),
        article.published().as_str(),
        &origin.bundle,
        &origin.channel,
        &text.text,
    ] {
        write_varint(&mut bytes, field.len() as u64);
        bytes.extend_from_slice(field.as_bytes());
    }
    for range in text.ranges() {
        write_varint(&mut bytes, range.start as u64);
        write_varint(&mut bytes, range.end as u64);
    }
    fnv1a(&bytes)
}

fn combine(hashes: &[u64]) -> u64 {
    let bytes: Vec<u8> = hashes.iter().flat_map(|hash| hash.to_le_bytes()).collect();
    fnv1a(&bytes)
}

/// Splits `index` (of `articles`) into a segment's document table and its volumes of chunks.
fn split(index: &Index, articles: &[Article]) -> (Segment, Vec<u8>, Vec<Piece>) {
    let mut pieces = Vec::new();
    let mut docs = Vec::new();
    write_varint(&mut docs, u64::from(index.packing.position_bits));
    write_varint(&mut docs, index.docs.len() as u64);
    let mut last = 0i64;
    for (doc, article) in index.docs.iter().zip(articles) {
        write_varint(&mut docs, u64::from(doc.length));
        write_varint(&mut docs, u64::from(doc.title_end));
        let published = article.published().unix_seconds();
        write_varint(&mut docs, zigzag(published.wrapping_sub(last)));
        last = published;
    }

    // Chunks: keys in order, each closed once it holds about CHUNK_BYTES, and a big key alone.
    let mut char_chunks: Vec<(u64, Vec<u8>)> = Vec::new();
    for (position, &key) in index.char_keys.iter().enumerate() {
        let postings = index.char_postings(position);
        let mut entry = Vec::with_capacity(postings.length as usize + 12);
        write_varint(&mut entry, key);
        write_entry(&mut entry, &index.arena, postings);
        add_to_chunks(&mut char_chunks, key, entry);
    }
    let mut sorted_words: Vec<(&str, Postings)> = index
        .words
        .iter()
        .map(|(word, postings)| (&**word, *postings))
        .collect();
    sorted_words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut word_chunks: Vec<(String, Vec<u8>)> = Vec::new();
    for (word, postings) in sorted_words {
        let mut entry = Vec::with_capacity(postings.length as usize + word.len() + 12);
        write_varint(&mut entry, word.len() as u64);
        entry.extend_from_slice(word.as_bytes());
        write_entry(&mut entry, &index.arena, postings);
        add_to_chunks(&mut word_chunks, word.to_owned(), entry);
    }
    let mut volumes = Vec::new();
    let chars = into_volumes("chars", char_chunks, &mut volumes, &mut pieces);
    let words = into_volumes("words", word_chunks, &mut volumes, &mut pieces);
    let segment = Segment {
        head: String::new(),
        len: index.docs.len(),
        input: 0,
        packs: Vec::new(),
        volumes,
        chars,
        words,
    };
    (segment, docs, pieces)
}

/// Adds a key's entry to the chunks being made: to the last one while it holds less than [`CHUNK_BYTES`] and the
/// entry is small; a big entry starts a chunk of its own, and the chunk after it starts afresh.
fn add_to_chunks<K>(chunks: &mut Vec<(K, Vec<u8>)>, key: K, entry: Vec<u8>) {
    match chunks.last_mut() {
        Some((_, chunk)) if chunk.len() < CHUNK_BYTES && entry.len() < CHUNK_BYTES => {
            chunk.extend_from_slice(&entry)
        }
        _ => chunks.push((key, entry)),
    }
}

/// Lays chunks out in volume files of about [`VOLUME_BYTES`] (`kind-<hash>.bin`, added to `volumes` and
/// `pieces`); returns each chunk's first key and place.
fn into_volumes<K>(
    kind: &str,
    chunks: Vec<(K, Vec<u8>)>,
    volumes: &mut Vec<String>,
    pieces: &mut Vec<Piece>,
) -> Vec<(K, Chunk)> {
    let mut placed = Vec::with_capacity(chunks.len());
    let mut volume: Vec<u8> = Vec::new();
    let mut close = |volume: &mut Vec<u8>, volumes: &mut Vec<String>| {
        if !volume.is_empty() {
            let done = Piece {
                gzip: false,
                ..piece(kind, std::mem::take(volume))
            };
            volumes.push(done.name.clone());
            pieces.push(done);
        }
    };
    for (first, bytes) in chunks {
        if !volume.is_empty() && volume.len() + bytes.len() > VOLUME_BYTES {
            close(&mut volume, volumes);
        }
        let start = volume.len() as u32;
        volume.extend_from_slice(&bytes);
        let chunk = Chunk {
            volume: volumes.len() as u32,
            start,
            end: volume.len() as u32,
        };
        placed.push((first, chunk));
    }
    close(&mut volume, volumes);
    placed
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

fn write_entry(chunk: &mut Vec<u8>, arena: &[u8], postings: Postings) {
    let bytes = &arena[postings.offset as usize..(postings.offset + postings.length) as usize];
    write_varint(chunk, bytes.len() as u64);
    chunk.extend_from_slice(bytes);
}

/// A gzip-stored piece, named by its kind and a hash of its bytes.
fn piece(kind: &str, bytes: Vec<u8>) -> Piece {
    Piece {
        name: format!("{kind}-{:016x}.bin", fnv1a(&bytes)),
        bytes,
        gzip: true,
    }
}

/// FNV-1a, 64 bits: enough to name pieces by their contents.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Manifest {
    /// The manifest as text: the format, the build id, and a line per segment.
    pub fn to_text(&self) -> String {
        let mut text = format!("{MAGIC}\nbuild {}\n", self.build_id);
        for segment in &self.segments {
            let _ = writeln!(
                text,
                "segment {} {} {:016x}",
                segment.head, segment.len, segment.input
            );
        }
        text
    }

    /// Reads [`Manifest::to_text`]'s output (segments without their directories read); `None` when it is not a
    /// manifest of this version.
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut manifest = Manifest {
            build_id: String::new(),
            segments: Vec::new(),
        };
        for line in lines {
            let fields: Vec<&str> = line.split(' ').collect();
            match fields.as_slice() {
                ["build", id] => manifest.build_id = (*id).to_owned(),
                ["segment", head, len, input] => manifest.segments.push(Segment {
                    head: piece_name(head)?,
                    len: len.parse().ok()?,
                    input: u64::from_str_radix(input, 16).ok()?,
                    packs: Vec::new(),
                    volumes: Vec::new(),
                    chars: Vec::new(),
                    words: Vec::new(),
                }),
                _ => return None,
            }
        }
        Some(manifest)
    }

    /// How many articles the index covers.
    pub fn len(&self) -> usize {
        self.segments.iter().map(|segment| segment.len).sum()
    }

    /// Whether it covers none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The name a byte range of a volume is asked for and handed back by: `volume#start-end`.
pub fn range_name(volume: &str, start: u32, end: u32) -> String {
    format!("{volume}#{start}-{end}")
}

/// The volume and byte range a name of [`range_name`] gives; `None` for the name of a whole file.
pub fn parse_range_name(name: &str) -> Option<(&str, (u32, u32))> {
    let (volume, range) = name.split_once('#')?;
    let (start, end) = range.split_once('-')?;
    let (start, end) = (start.parse().ok()?, end.parse().ok()?);
    (start <= end).then_some((volume, (start, end)))
}

/// The hash in a piece's name (`kind-<hash>.bin`).
fn name_hash(name: &str) -> u64 {
    name.rsplit('-')
        .next()
        .and_then(|rest| rest.strip_suffix(".bin"))
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or(0)
}

/// A file name from a manifest: a piece's name, never a path or a URL of its own, so a manifest can only make
/// a reader fetch files beside it.
fn piece_name(name: &str) -> Option<String> {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.')
        && !name.starts_with('.');
    plain.then(|| name.to_owned())
}

impl Segment {
    /// Every file of the segment (those the directory lists once it is read).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.head.as_str())
            .chain(self.packs.iter().map(String::as_str))
            .chain(self.volumes.iter().map(String::as_str))
    }

    /// The directory's contents: the packs' hashes, then per volume its kind, hash and chunks (the first key of
    /// each, as a step from the chunk before for character keys, and its length). Binary, as the listing of a
    /// big index is thousands of chunks that every reader loads.
    fn directory_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        write_varint(&mut bytes, self.packs.len() as u64);
        for name in &self.packs {
            bytes.extend_from_slice(&name_hash(name).to_le_bytes());
        }
        write_varint(&mut bytes, self.volumes.len() as u64);
        let mut last_key = 0;
        for (number, name) in self.volumes.iter().enumerate() {
            let is_volume = |chunk: &Chunk| chunk.volume as usize == number;
            let chars: Vec<&(u64, Chunk)> =
                self.chars.iter().filter(|(_, c)| is_volume(c)).collect();
            let words: Vec<&(String, Chunk)> =
                self.words.iter().filter(|(_, c)| is_volume(c)).collect();
            bytes.push(u8::from(chars.is_empty()));
            bytes.extend_from_slice(&name_hash(name).to_le_bytes());
            write_varint(&mut bytes, (chars.len() + words.len()) as u64);
            for (key, chunk) in chars {
                write_varint(&mut bytes, key - last_key);
                last_key = *key;
                write_varint(&mut bytes, u64::from(chunk.end - chunk.start));
            }
            for (word, chunk) in words {
                write_varint(&mut bytes, word.len() as u64);
                bytes.extend_from_slice(word.as_bytes());
                write_varint(&mut bytes, u64::from(chunk.end - chunk.start));
            }
        }
        bytes
    }

    /// Reads the segment's head: takes in its directory and returns its document table; `None` (and nothing
    /// taken) when it is not a head of this segment.
    pub fn read_head(&mut self, bytes: &[u8]) -> Option<DocsTable> {
        let mut cursor = 0;
        let docs_end = usize::try_from(read_whole_varint(bytes, &mut cursor)?)
            .ok()
            .and_then(|length| cursor.checked_add(length))?;
        let docs =
            DocsTable::parse(bytes.get(cursor..docs_end)?).filter(|docs| docs.len() == self.len)?;
        self.read_directory(&bytes[docs_end..])?;
        Some(docs)
    }

    /// Takes in the segment's directory; `None` (and nothing taken) when it is not one, or lists more packs than
    /// the segment's articles need.
    fn read_directory(&mut self, bytes: &[u8]) -> Option<()> {
        let mut cursor = 0;
        let read = |cursor: &mut usize| -> Option<u64> { read_whole_varint(bytes, cursor) };
        let hash = |cursor: &mut usize| -> Option<u64> {
            let end = cursor.checked_add(8)?;
            let hash = u64::from_le_bytes(bytes.get(*cursor..end)?.try_into().ok()?);
            *cursor = end;
            Some(hash)
        };
        let n_packs = usize::try_from(read(&mut cursor)?).ok()?;
        if n_packs != self.len.div_ceil(PACK_DOCS) {
            return None;
        }
        let mut packs = Vec::with_capacity(n_packs);
        for _ in 0..n_packs {
            packs.push(format!("pack-{:016x}.bin", hash(&mut cursor)?));
        }
        let n_volumes = usize::try_from(read(&mut cursor)?).ok()?;
        let (mut volumes, mut chars, mut words) = (Vec::new(), Vec::new(), Vec::new());
        let mut key: u64 = 0;
        for number in 0..n_volumes {
            let is_words = match bytes.get(cursor) {
                Some(0) => false,
                Some(1) => true,
                _ => return None,
            };
            cursor += 1;
            let kind = if is_words { "words" } else { "chars" };
            volumes.push(format!("{kind}-{:016x}.bin", hash(&mut cursor)?));
            let n_chunks = read(&mut cursor)?;
            let mut start: u32 = 0;
            for _ in 0..n_chunks {
                let first = if is_words {
                    let length = usize::try_from(read(&mut cursor)?).ok()?;
                    let end = cursor.checked_add(length)?;
                    let word = std::str::from_utf8(bytes.get(cursor..end)?)
                        .ok()?
                        .to_owned();
                    cursor = end;
                    Err(word)
                } else {
                    // Keys strictly increase: a step of 0 is not a directory's.
                    let step = read(&mut cursor)?;
                    if step == 0 && !chars.is_empty() {
                        return None;
                    }
                    key = key.checked_add(step)?;
                    Ok(key)
                };
                let end = start.checked_add(u32::try_from(read(&mut cursor)?).ok()?)?;
                let chunk = Chunk {
                    volume: number as u32,
                    start,
                    end,
                };
                start = end;
                match first {
                    Ok(key) => chars.push((key, chunk)),
                    Err(word) => words.push((word, chunk)),
                }
            }
        }
        // Chunks are found by binary search on their first keys.
        let sorted = words.windows(2).all(|pair| pair[0].0 < pair[1].0);
        if !sorted || cursor != bytes.len() {
            return None;
        }
        (self.packs, self.volumes, self.chars, self.words) = (packs, volumes, chars, words);
        Some(())
    }

    /// The volume files.
    pub fn volumes(&self) -> impl Iterator<Item = &str> {
        self.volumes.iter().map(String::as_str)
    }

    /// The chunks in the volume named `volume`, by name, with their byte ranges.
    pub fn chunks_of<'s>(
        &'s self,
        volume: &str,
    ) -> impl Iterator<Item = (String, (u32, u32))> + 's {
        let number = self.volumes.iter().position(|known| known == volume);
        self.chars
            .iter()
            .map(|(_, chunk)| chunk)
            .chain(self.words.iter().map(|(_, chunk)| chunk))
            .filter(move |chunk| Some(chunk.volume as usize) == number)
            .map(|chunk| (self.chunk_name(chunk), (chunk.start, chunk.end)))
    }

    /// The name a reader asks for a chunk by: its volume's, and the byte range in it.
    fn chunk_name(&self, chunk: &Chunk) -> String {
        let volume = self
            .volumes
            .get(chunk.volume as usize)
            .map_or("", String::as_str);
        range_name(volume, chunk.start, chunk.end)
    }

    /// The chunks a query needs, as far as `loaded`, the partial index assembled from the chunks named
    /// `assembled`, tells: sorted, without repeats, the document table aside.
    ///
    /// Reading goes in stages, each needing the chunks of the one before: the keys of the units that cover each
    /// term (and the shared keys of rare bigrams, in case they are rare); then what the search plans to read
    /// (`Index::plan`), given which of those keys exist; then the ranges of keys that final characters start.
    /// When every chunk it names is among `assembled`, the partial index answers as the whole segment.
    pub fn chunks_for(&self, query: &Query, loaded: &Index, assembled: &[String]) -> Vec<String> {
        let has = |name: &String| assembled.contains(name);
        let point = |key: u64| key..=key;
        let first_char = |c: char| char_key(c, None)..=char_key(c, None) | SECOND_MASK;
        let rare = |c: char| point(char_key(c, None) | SECOND_MASK);
        let own =
            |unit: &QueryUnit, ranges: &mut Vec<RangeInclusive<u64>>, words: &mut Vec<String>| {
                match unit {
                    QueryUnit::Exact(Unit::Pair(first, second)) => {
                        ranges.push(point(char_key(*first, *second)));
                        if second.is_some() {
                            ranges.push(rare(*first));
                        }
                    }
                    QueryUnit::Exact(Unit::Word(word)) => words.push(word.to_string()),
                    QueryUnit::PairPrefix(_) => {}
                }
            };
        let mut ranges: Vec<RangeInclusive<u64>> = Vec::new();
        let mut words: Vec<String> = Vec::new();
        for term in &query.terms {
            for (_, unit) in term.cover() {
                own(unit, &mut ranges, &mut words);
            }
        }
        let stage = self.files_of(&ranges, &words);
        if !stage.iter().all(has) {
            return stage;
        }
        let plans: Vec<_> = query.terms.iter().map(|term| loaded.plan(term)).collect();
        for (_, lookup) in plans.iter().flatten() {
            match lookup {
                Lookup::Unit(unit) => own(unit, &mut ranges, &mut words),
                // Its own key's chunk too: in a partial index a bigram lacks its key until that chunk is there.
                Lookup::Rare(first, second) => {
                    ranges.push(point(char_key(*first, Some(*second))));
                    ranges.push(rare(*first));
                }
                Lookup::Prefix(_) => {}
            }
        }
        let stage = self.files_of(&ranges, &words);
        if !stage.iter().all(has) {
            return stage;
        }
        for (_, lookup) in plans.iter().flatten() {
            match lookup {
                Lookup::Unit(QueryUnit::PairPrefix(first)) | Lookup::Prefix(first) => {
                    ranges.push(first_char(*first))
                }
                _ => {}
            }
        }
        self.files_of(&ranges, &words)
    }

    /// The chunks holding the char keys in `ranges` and the `words`.
    fn files_of(&self, ranges: &[RangeInclusive<u64>], words: &[String]) -> Vec<String> {
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
                    .map(|(_, chunk)| self.chunk_name(chunk)),
            );
        }
        for word in words {
            let at = self
                .words
                .partition_point(|(first, _)| first <= word)
                .saturating_sub(1);
            names.extend(self.words.get(at).map(|(_, chunk)| self.chunk_name(chunk)));
        }
        names.sort_unstable();
        names.dedup();
        names
    }
}
