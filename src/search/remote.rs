//! A reader of a chunked index ([`super::chunks`]) over the network, as a pure state: it says which files a query
//! needs, takes them as they arrive, and answers from what it has with the same search code as the whole index.
//!
//! Nothing here fetches: the browser layer fetches the files [`Remote::search`] and [`Remote::fragments`] ask
//! for, in parallel, and hands each back to [`Remote::received`]. Files are kept for the rest of the visit, so a
//! later query fetches only what earlier ones did not.

use std::collections::{HashMap, HashSet};

use super::chunks::{self, DocsTable, Fragment, Manifest, PACK_DOCS};
use super::{search_segments, Hit, Index, Query};
use crate::fetch::FetchError;
use crate::url;

/// A chunked index being read from `manifest_url`.
#[derive(Debug, Clone)]
pub struct Remote {
    manifest_url: String,
    manifest: Option<Manifest>,
    docs: HashMap<String, DocsTable>,
    /// The directories read (their listings are in the manifest's segments).
    directories: HashSet<String>,
    chunks: HashMap<String, Vec<u8>>,
    packs: HashMap<String, Vec<Fragment>>,
    /// Files asked for and not yet received.
    requested: HashSet<String>,
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
            directories: HashSet::new(),
            chunks: HashMap::new(),
            packs: HashMap::new(),
            requested: HashSet::new(),
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

    /// Of `names`, those not asked for yet (nor failed), now marked as asked for: the files to fetch.
    pub fn request(&mut self, names: Vec<String>) -> Vec<String> {
        names
            .into_iter()
            .filter(|name| {
                !self.has(name)
                    && !self.failed.contains(name)
                    && self.requested.insert(name.clone())
            })
            .collect()
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
            || self.directories.contains(name)
            || self.chunks.contains_key(name)
            || self.packs.contains_key(name)
    }

    /// A file arrived (`Ok` with its bytes) or could not be had (`Err` with why). Returns the files worth
    /// fetching right away: once the manifest is there, the document tables and directories every search needs.
    pub fn received(&mut self, name: &str, result: Result<Vec<u8>, FetchError>) -> Vec<String> {
        self.requested.remove(name);
        let bytes = match result {
            Ok(bytes) => bytes,
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

    /// Takes in a file of a segment, or a chunk; `None` when it is not what its name says.
    fn take(&mut self, name: &str, bytes: Vec<u8>) -> Option<()> {
        let segment = self.manifest.as_mut()?.segments.iter_mut().find(|segment| {
            segment.docs == name
                || segment.directory == name
                || segment.packs.iter().any(|pack| pack == name)
        });
        match segment {
            Some(segment) if segment.docs == name => {
                let table = DocsTable::parse(&bytes).filter(|table| table.len() == segment.len)?;
                self.docs.insert(name.to_owned(), table);
            }
            Some(segment) if segment.directory == name => {
                segment.read_directory(std::str::from_utf8(&bytes).ok()?)?;
                self.directories.insert(name.to_owned());
            }
            Some(_) => {
                self.packs
                    .insert(name.to_owned(), chunks::read_pack(&bytes)?);
            }
            // Chunks are checked when a search assembles them.
            None => {
                self.chunks.insert(name.to_owned(), bytes);
            }
        }
        Some(())
    }

    /// Notes that `name` could not be had, and why; it is not asked for again until [`Remote::retry`].
    fn refuse(&mut self, name: &str, reason: FetchError) {
        self.failure = Some((self.url_of(name), reason));
        self.failed.insert(name.to_owned());
    }

    /// The files needed before anything can be searched: the manifest, then each segment's document table and
    /// directory.
    pub fn start(&self) -> Vec<String> {
        match &self.manifest {
            None => vec![chunks::MANIFEST.to_owned()],
            Some(manifest) => manifest
                .segments
                .iter()
                .flat_map(|segment| [&segment.docs, &segment.directory])
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
            let Some(docs) = self.docs.get(&segment.docs) else {
                return Progress::Needs(vec![segment.docs.clone()]);
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
            .filter_map(|segment| self.docs.get(&segment.docs))
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
