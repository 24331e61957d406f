//! A reader of a chunked index ([`super::chunks`]) over the network, as a pure state: it says which files a query
//! needs, takes them as they arrive, and answers from what it has with the same search code as the whole index.
//!
//! Nothing here fetches: [`Remote::request`] turns what [`Remote::search`] and [`Remote::fragments`] need into
//! [`IndexFile`]s for the browser layer to fetch, in parallel (chunks as byte ranges of their volumes, neighbours
//! joined into one range), and it hands each back to [`Remote::received`]. A host that answers a range with the
//! whole file is read in whole volumes from then on. What arrived is kept for the rest of the visit, so a later
//! query fetches only what earlier ones did not.

use std::collections::{HashMap, HashSet};

use super::chunks::{self, DocsTable, Fragment, Manifest, PACK_DOCS};
use super::{search_segments, Hit, Index, Query};
use crate::fetch::FetchError;
use crate::url;

/// Chunks of one volume at most this many bytes apart are fetched in one range, gap included: a request costs
/// more than a few hundred bytes.
const JOIN_GAP: u32 = 512;

/// A file of the index to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// What to hand it back to [`Remote::received`] as.
    pub name: String,
    /// Its absolute URL.
    pub url: String,
    /// The bytes wanted, `start..end`, when only part of the file is: ask for them with a `Range` header (the
    /// host may send the whole file instead).
    pub range: Option<(u32, u32)>,
}

/// A chunked index being read from `manifest_url`.
#[derive(Debug, Clone)]
pub struct Remote {
    manifest_url: String,
    manifest: Option<Manifest>,
    docs: HashMap<String, DocsTable>,
    chunks: HashMap<String, Vec<u8>>,
    packs: HashMap<String, Vec<Fragment>>,
    /// Files and chunks asked for and not yet received.
    requested: HashSet<String>,
    /// Whether to ask for chunks as byte ranges: until the host answers a range with the whole file.
    ranges: bool,
    /// Files that could not be had: not asked for again until [`Remote::retry`].
    failed: HashSet<String>,
    /// The last file that could not be had, and why.
    failure: Option<(String, FetchError)>,
}

/// What a question to a [`Remote`] comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress<T> {
    /// These files (names beside the manifest) must arrive first; some may already be on their way.
    Needs(Vec<String>),
    /// The answer.
    Ready(T),
}

impl Remote {
    /// A reader of the index whose manifest is at the absolute URL `manifest_url`; nothing is loaded yet.
    pub fn new(manifest_url: &str) -> Remote {
        Remote {
            manifest_url: manifest_url.to_owned(),
            manifest: None,
            docs: HashMap::new(),
            chunks: HashMap::new(),
            packs: HashMap::new(),
            requested: HashSet::new(),
            ranges: true,
            failed: HashSet::new(),
            failure: None,
        }
    }

    /// The absolute URL of a file of the index.
    pub fn url_of(&self, name: &str) -> String {
        url::resolve(&self.manifest_url, name)
    }

    /// Where the bundle a fragment names is, as an absolute URL.
    pub fn bundle_url(&self, fragment: &Fragment) -> String {
        self.url_of(&fragment.bundle)
    }

    /// Why the index could not be read, once a file has failed; cleared by [`Remote::retry`].
    pub fn failure(&self) -> Option<(&str, &FetchError)> {
        self.failure
            .as_ref()
            .map(|(url, error)| (url.as_str(), error))
    }

    /// Of `names` (of files, or chunks as [`super::chunks::Segment::chunks_for`] names them), those not asked
    /// for yet (nor failed), now marked as asked for, as the files to fetch: chunks as byte ranges of their
    /// volumes, neighbours joined, or whole volumes where the host does not send ranges.
    pub fn request(&mut self, names: Vec<String>) -> Vec<IndexFile> {
        let mut files = Vec::new();
        // Per volume, the byte ranges of its chunks wanted.
        let mut wanted: Vec<(String, Vec<(u32, u32)>)> = Vec::new();
        for name in names {
            if self.has(&name) || self.failed.contains(&name) || self.requested.contains(&name) {
                continue;
            }
            match chunks::parse_range_name(&name) {
                Some((volume, range)) => {
                    if self.requested.contains(volume) {
                        continue;
                    }
                    match wanted.iter_mut().find(|(known, _)| known == volume) {
                        Some((_, ranges)) => ranges.push(range),
                        None => wanted.push((volume.to_owned(), vec![range])),
                    }
                }
                None => files.push(self.file(name.clone(), None)),
            }
            self.requested.insert(name);
        }
        for (volume, mut ranges) in wanted {
            if !self.ranges {
                self.requested.insert(volume.clone());
                files.push(self.file(volume, None));
                continue;
            }
            ranges.sort_unstable();
            let mut joined: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
            for (start, end) in ranges {
                match joined.last_mut() {
                    Some(last) if start <= last.1.saturating_add(JOIN_GAP) => {
                        last.1 = last.1.max(end)
                    }
                    _ => joined.push((start, end)),
                }
            }
            for (start, end) in joined {
                let name = chunks::range_name(&volume, start, end);
                self.requested.insert(name.clone());
                files.push(self.file(name, Some((start, end))));
            }
        }
        files
    }

    /// The file to fetch for `name`: its URL is the volume's, for a range of one.
    fn file(&self, name: String, range: Option<(u32, u32)>) -> IndexFile {
        let path = chunks::parse_range_name(&name).map_or(name.as_str(), |(volume, _)| volume);
        IndexFile {
            url: self.url_of(path),
            name,
            range,
        }
    }

    /// Whether files are on their way.
    pub fn busy(&self) -> bool {
        !self.requested.is_empty()
    }

    /// Lets files that failed be asked for again (a new query is a new try).
    pub fn retry(&mut self) {
        self.failed.clear();
        self.failure = None;
    }

    /// Whether `name` has arrived.
    fn has(&self, name: &str) -> bool {
        if name == chunks::MANIFEST {
            return self.manifest.is_some();
        }
        self.docs.contains_key(name)
            || self.chunks.contains_key(name)
            || self.packs.contains_key(name)
    }

    /// A file arrived (`Ok` with its bytes) or could not be had (`Err` with why), by the name
    /// [`Remote::request`] gave it. For a byte range of a volume, the bytes may be the whole volume: a host
    /// that does not send ranges sends it all. Returns the files worth fetching right away: once the manifest is
    /// there, the segments' heads (document table and directory) every search needs.
    pub fn received(&mut self, name: &str, result: Result<Vec<u8>, FetchError>) -> Vec<String> {
        self.requested.remove(name);
        if let Some((volume, range)) = chunks::parse_range_name(name) {
            self.received_chunks(volume, range, result);
            return Vec::new();
        }
        let bytes = match result {
            Ok(bytes) => bytes,
            Err(reason) if self.is_volume(name) => {
                self.refuse_chunks(name, 0, u32::MAX, reason);
                return Vec::new();
            }
            Err(reason) => {
                self.refuse(name, reason);
                return Vec::new();
            }
        };
        let read = if name == chunks::MANIFEST {
            std::str::from_utf8(&bytes)
                .ok()
                .and_then(Manifest::parse)
                .map(|manifest| self.manifest = Some(manifest))
        } else if self.is_volume(name) {
            let taken = self.take_chunks(name, 0, u32::MAX, &bytes);
            if taken.is_none() {
                self.refuse_chunks(name, 0, u32::MAX, FetchError::Unreadable);
                return Vec::new();
            }
            taken
        } else {
            self.take(name, bytes)
        };
        if read.is_none() {
            self.refuse(name, FetchError::Unreadable);
            return Vec::new();
        }
        if name == chunks::MANIFEST {
            return self.start();
        }
        Vec::new()
    }

    /// The bytes `range` of `volume` arrived, or the whole volume, or an error.
    fn received_chunks(
        &mut self,
        volume: &str,
        (start, end): (u32, u32),
        result: Result<Vec<u8>, FetchError>,
    ) {
        let taken = match &result {
            Ok(bytes) if bytes.len() == (end - start) as usize => {
                self.take_chunks(volume, start, end, bytes)
            }
            // More than asked for: the whole file (a shorter one cannot hold the range).
            Ok(bytes) if bytes.len() >= end as usize => {
                self.ranges = false;
                self.take_chunks(volume, 0, u32::MAX, bytes)
            }
            Ok(_) => None,
            // A host may refuse ranges outright (416, or a body it cannot decode): whole volumes may still do.
            Err(_) if self.ranges => {
                self.ranges = false;
                self.forget_requested(volume, start, end);
                return;
            }
            Err(_) => None,
        };
        if taken.is_none() {
            let reason = result.err().unwrap_or(FetchError::Unreadable);
            self.refuse_chunks(volume, start, end, reason);
        }
    }

    /// Notes that the chunks of `volume` within `start..end` could not be had, and why.
    fn refuse_chunks(&mut self, volume: &str, start: u32, end: u32, reason: FetchError) {
        for name in self.chunks_in(volume, start, end) {
            self.requested.remove(&name);
            self.failed.insert(name);
        }
        self.refuse(volume, reason);
    }

    /// Forgets that the chunks of `volume` in `start..end` were asked for, so they are asked for again.
    fn forget_requested(&mut self, volume: &str, start: u32, end: u32) {
        for name in self.chunks_in(volume, start, end) {
            self.requested.remove(&name);
        }
    }

    /// Whether `name` is one of the segments' volumes.
    fn is_volume(&self, name: &str) -> bool {
        self.manifest.as_ref().is_some_and(|manifest| {
            manifest
                .segments
                .iter()
                .any(|segment| segment.volumes().any(|volume| volume == name))
        })
    }

    /// The names of the chunks of `volume` that lie within `start..end`.
    fn chunks_in(&self, volume: &str, start: u32, end: u32) -> Vec<String> {
        let Some(manifest) = &self.manifest else {
            return Vec::new();
        };
        manifest
            .segments
            .iter()
            .flat_map(|segment| segment.chunks_of(volume))
            .filter(|(_, (chunk_start, chunk_end))| start <= *chunk_start && *chunk_end <= end)
            .map(|(name, _)| name)
            .collect()
    }

    /// Takes in the chunks of `volume` within `start..end` from `bytes`, which begin at `start`; marks them
    /// received. `None` when the bytes are too short for a chunk the range holds.
    fn take_chunks(&mut self, volume: &str, start: u32, end: u32, bytes: &[u8]) -> Option<()> {
        let names = self.chunks_in(volume, start, end);
        let mut taken = Vec::with_capacity(names.len());
        for name in names {
            let (_, (chunk_start, chunk_end)) = chunks::parse_range_name(&name)?;
            let at = (chunk_start - start) as usize..(chunk_end - start) as usize;
            taken.push((name, bytes.get(at)?.to_vec()));
        }
        for (name, chunk) in taken {
            self.requested.remove(&name);
            self.chunks.insert(name, chunk);
        }
        self.requested.remove(volume);
        Some(())
    }

    /// Takes in a file of a segment, or a chunk; `None` when it is not what its name says.
    fn take(&mut self, name: &str, bytes: Vec<u8>) -> Option<()> {
        let segment =
            self.manifest.as_mut()?.segments.iter_mut().find(|segment| {
                segment.head == name || segment.packs.iter().any(|pack| pack == name)
            });
        match segment {
            Some(segment) if segment.head == name => {
                let table = segment.read_head(&bytes)?;
                self.docs.insert(name.to_owned(), table);
            }
            Some(_) => {
                self.packs
                    .insert(name.to_owned(), chunks::read_pack(&bytes)?);
            }
            None => return None,
        }
        Some(())
    }

    /// Notes that `name` could not be had, and why; it is not asked for again until [`Remote::retry`].
    fn refuse(&mut self, name: &str, reason: FetchError) {
        self.failure = Some((self.url_of(name), reason));
        self.failed.insert(name.to_owned());
    }

    /// The files needed before anything can be searched: the manifest, then each segment's head (its document
    /// table and directory).
    pub fn start(&self) -> Vec<String> {
        match &self.manifest {
            None => vec![chunks::MANIFEST.to_owned()],
            Some(manifest) => manifest
                .segments
                .iter()
                .map(|segment| &segment.head)
                .filter(|name| !self.has(name))
                .cloned()
                .collect(),
        }
    }

    /// The articles matching `query`, best first, the first `detailed` with their occurrences; or the files
    /// that must arrive first. Hits number articles across all segments, in the order they were indexed.
    pub fn search(&self, query: &Query, detailed: usize) -> Progress<Vec<Hit>> {
        let start = self.start();
        if !start.is_empty() {
            return Progress::Needs(start);
        }
        let Some(manifest) = &self.manifest else {
            return Progress::Needs(vec![chunks::MANIFEST.to_owned()]);
        };
        // Per segment, a partial index of the chunks the query needs, staged as `chunks_for` asks: each stage
        // needs the chunks of the one before, so a stage's missing chunks end the round.
        let has = |name: &str| self.chunks.contains_key(name);
        let mut partials: Vec<Index> = Vec::with_capacity(manifest.segments.len());
        let mut needed = Vec::new();
        for segment in &manifest.segments {
            let Some(docs) = self.docs.get(&segment.head) else {
                return Progress::Needs(vec![segment.head.clone()]);
            };
            let mut names: Vec<String> = Vec::new();
            let mut partial = self.assemble(docs, &names);
            // Each round loads more of what the plan reads; a handful settle any query (the bound is a guard).
            for _ in 0..16 {
                let wanted = segment.chunks_for(query, &partial, &names);
                let missing: Vec<String> =
                    wanted.iter().filter(|name| !has(name)).cloned().collect();
                if !missing.is_empty() {
                    needed.extend(missing);
                    break;
                }
                if wanted == names {
                    break;
                }
                names = wanted;
                partial = self.assemble(docs, &names);
            }
            partials.push(partial);
        }
        if !needed.is_empty() {
            return Progress::Needs(needed);
        }
        let tables: Vec<&DocsTable> = manifest
            .segments
            .iter()
            .filter_map(|segment| self.docs.get(&segment.head))
            .collect();
        let published = |article: usize| {
            let mut article = article;
            for table in &tables {
                if article < table.len() {
                    return table.published(article);
                }
                article -= table.len();
            }
            0
        };
        let segments: Vec<&Index> = partials.iter().collect();
        Progress::Ready(search_segments(&segments, query, &published, detailed))
    }

    /// A partial index of the loaded chunks among `names`; an empty one (finding nothing) when a chunk is not
    /// well formed, so a broken file costs results, never the viewer.
    fn assemble(&self, docs: &DocsTable, names: &[String]) -> Index {
        let loaded: Vec<(&str, &[u8])> = names
            .iter()
            .filter_map(|name| Some((name.as_str(), self.chunks.get(name)?.as_slice())))
            .collect();
        chunks::assemble(docs, &loaded)
            .or_else(|| chunks::assemble(docs, &[]))
            .unwrap_or_default()
    }

    /// The fragments of `articles` (as hits number them), or the packs that must arrive first.
    pub fn fragments(&self, articles: &[usize]) -> Progress<Vec<Option<&Fragment>>> {
        let Some(manifest) = &self.manifest else {
            return Progress::Needs(vec![chunks::MANIFEST.to_owned()]);
        };
        let mut needed = Vec::new();
        let mut found = Vec::with_capacity(articles.len());
        for &article in articles {
            let mut doc = article;
            let mut place = None;
            for segment in &manifest.segments {
                if doc < segment.len {
                    place = segment
                        .packs
                        .get(doc / PACK_DOCS)
                        .map(|pack| (pack, doc % PACK_DOCS));
                    break;
                }
                doc -= segment.len;
            }
            let Some((pack, at)) = place else {
                found.push(None);
                continue;
            };
            match self.packs.get(pack) {
                Some(fragments) => found.push(fragments.get(at)),
                None => {
                    if !needed.contains(pack) {
                        needed.push(pack.clone());
                    }
                    found.push(None);
                }
            }
        }
        if needed.is_empty() {
            Progress::Ready(found)
        } else {
            Progress::Needs(needed)
        }
    }
}
