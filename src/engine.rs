//! The search engine as a state machine of its own, talked to by messages: the reader sends [`Request`]s (the
//! articles' searchable text, queries, files of the site's index) and draws what comes back as [`Reply`]s (hits
//! as data: articles, scores, where the terms occur).
//!
//! It is a module of its own in the browser, loaded when search is first needed, so that a reader who only reads
//! never downloads it; requests and replies cross between the two as bytes ([`wire`]). Natively, and in the
//! browser tests, the same engine answers in the same process, through the same bytes.
//!
//! The engine never parses Markdown (the reader sends the text a reader sees) and never fetches: it names the
//! files of the site's index it needs, and the reader fetches them and hands them over.

use std::collections::VecDeque;

use crate::fetch::FetchError;
use crate::search::chunks::Fragment;
pub use crate::search::remote::IndexFile;
use crate::search::remote::{Progress, Remote};
use crate::search::{Hit, Index, IndexBuild, Occurrence, Query, SearchText};

pub mod wire;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// What the reader asks of the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Index the bundle's `count` articles, whose texts are at most `longest` chars (see
    /// [`crate::search::text_bound`]), sent next by [`Request::Build`]. Forgets any earlier articles and results.
    Local {
        /// How many articles.
        count: u32,
        /// The longest text there can be, in chars.
        longest: u32,
    },
    /// Search the site's chunked index, whose manifest is at this absolute URL, instead of the bundle's articles.
    Site(String),
    /// The searchable text of the next articles, in the bundle's order, then about `budget` units of work on the
    /// index (see [`IndexBuild::step`]).
    Build {
        /// The articles' texts.
        texts: Vec<Searchable>,
        /// The work to do now.
        budget: u32,
    },
    /// The search box has focus: fetch what any search of the site's index needs.
    Warm,
    /// The results of `query`, the first `wanted` with where its terms occur.
    Find {
        /// The query as typed.
        query: String,
        /// How many results are shown.
        wanted: u32,
    },
    /// Where `query`'s terms occur in the bundle's article number `article`, to mark them.
    Marks {
        /// The query as typed.
        query: String,
        /// The article's position in the bundle.
        article: u32,
    },
    /// A file of the site's index arrived (its bytes) or could not be had (why).
    File {
        /// Its name, as [`Reply::Fetch`] gave it.
        name: String,
        /// The bytes, or what went wrong.
        result: Result<Vec<u8>, FetchError>,
    },
}

/// An article as search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searchable {
    /// Its text, as the reader sees it.
    pub text: SearchText,
    /// When it was published (Unix seconds): newer articles rank first among equals.
    pub published: i64,
}

/// What the engine answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The bundle's articles are indexed.
    Built,
    /// A text was longer than announced: send them all again, from the first (the index makes room).
    Resend,
    /// Fetch these files of the site's index and hand each over with [`Request::File`].
    Fetch(Vec<IndexFile>),
    /// The results of a query, as they stand.
    Results(Results),
    /// Where a query's terms occur in one article.
    Marks(Marks),
}

/// The results of a query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// The query, as typed.
    pub query: String,
    /// How many articles match.
    pub total: u32,
    /// The first of them, best first, each with where the terms occur.
    pub found: Vec<Found>,
    /// Whether files of the site's index are on their way: more will follow.
    pub waiting: bool,
    /// The last file of the site's index that could not be had (its URL), and why.
    pub failure: Option<(String, FetchError)>,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The article.
    pub place: Place,
    /// How well it matches (BM25 with title and proximity boosts).
    pub score: f32,
    /// Where the query's terms occur in its searchable text, in order.
    pub occurrences: Vec<Occurrence>,
}

/// Where a result's article is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In the bundle: its position there.
    Local(u32),
    /// In the site's index: what a result shows of it (the bundle holding it resolved to an absolute URL).
    Site(Box<Fragment>),
}

/// Where a query's terms occur in one article of the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    /// The query, as typed.
    pub query: String,
    /// The article's position in the bundle.
    pub article: u32,
    /// The occurrences, in order.
    pub occurrences: Vec<Occurrence>,
}

/// The search engine: the bundle's index, or the site's, and the last query's hits.
#[derive(Debug, Default)]
pub struct Engine {
    local: Option<Local>,
    site: Option<Remote>,
    /// The query the site's index is answering, and how many results are wanted: answered again as files arrive.
    asked: Option<(String, u32)>,
    /// The last local query's hits, so that showing more of them does not search again.
    last: Option<(String, Vec<Hit>)>,
}

/// The bundle's articles: being indexed, then indexed.
#[derive(Debug)]
struct Local {
    count: usize,
    /// Texts sent and not read yet, numbered.
    texts: VecDeque<(usize, SearchText)>,
    published: Vec<i64>,
    build: Option<IndexBuild>,
    index: Option<Index>,
}

impl Engine {
    /// Answers a request.
    pub fn handle(&mut self, request: Request) -> Vec<Reply> {
        match request {
            Request::Local { count, longest } => {
                let count = count as usize;
                self.last = None;
                self.local = Some(Local {
                    count,
                    texts: VecDeque::new(),
                    published: Vec::with_capacity(count),
                    build: Some(IndexBuild::of_texts(count, longest as usize)),
                    index: None,
                });
                Vec::new()
            }
            Request::Site(manifest) => {
                self.site = Some(Remote::new(&manifest));
                self.asked = None;
                Vec::new()
            }
            Request::Build { texts, budget } => self.build(texts, budget as usize),
            Request::Warm => match &mut self.site {
                Some(site) => {
                    let start = site.start();
                    fetch(site, start)
                }
                None => Vec::new(),
            },
            Request::Find { query, wanted } => {
                if let Some(site) = &mut self.site {
                    // Asking again is a new try at files that failed; showing more of the same is not.
                    let more = matches!(&self.asked, Some((asked, before)) if *asked == query && *before < wanted);
                    if !more {
                        site.retry();
                    }
                    self.asked = Some((query, wanted));
                    return self.answer_from_site();
                }
                vec![Reply::Results(self.find_local(query, wanted as usize))]
            }
            Request::Marks { query, article } => {
                let occurrences = match self.local.as_ref().and_then(|local| local.index.as_ref()) {
                    Some(index) => index.occurrences_in(&Query::parse(&query), article as usize),
                    None => Vec::new(),
                };
                vec![Reply::Marks(Marks {
                    query,
                    article,
                    occurrences,
                })]
            }
            Request::File { name, result } => {
                let Some(site) = &mut self.site else {
                    return Vec::new();
                };
                let next = site.received(&name, result);
                let mut replies = fetch(site, next);
                // Files asked for together are needed together: answer again once the last of them is in.
                if !site.busy() {
                    replies.extend(self.answer_from_site());
                }
                replies
            }
        }
    }

    /// Takes the next texts, and works on the index.
    fn build(&mut self, texts: Vec<Searchable>, budget: usize) -> Vec<Reply> {
        let Some(local) = &mut self.local else {
            return Vec::new();
        };
        for searchable in texts {
            let number = local.published.len();
            if number >= local.count {
                break;
            }
            local.published.push(searchable.published);
            local.texts.push_back((number, searchable.text));
        }
        let Some(build) = &mut local.build else {
            return Vec::new();
        };
        let texts = &mut local.texts;
        let built = build.step_with(
            local.count,
            |wanted| match texts.front() {
                Some((number, _)) if *number == wanted => texts.pop_front().map(|(_, text)| text),
                _ => None,
            },
            budget,
        );
        if let Some(index) = built {
            local.build = None;
            local.index = Some(index);
            return vec![Reply::Built];
        }
        // Starting again means a text was longer than announced; the texts read are gone.
        if build.next_text() == Some(0) && !local.published.is_empty() {
            local.published.clear();
            local.texts.clear();
            return vec![Reply::Resend];
        }
        Vec::new()
    }

    /// The first `wanted` results of `query` from the bundle's index (none before it is built).
    fn find_local(&mut self, query: String, wanted: usize) -> Results {
        let Some((index, published)) = self
            .local
            .as_ref()
            .and_then(|local| Some((local.index.as_ref()?, &local.published)))
        else {
            return Results {
                query,
                ..Results::default()
            };
        };
        let parsed = Query::parse(&query);
        let hits = match self.last.take() {
            // More of the same results: say where the terms occur in the newly shown ones too.
            Some((last, mut hits)) if last == query => {
                for hit in hits.iter_mut().take(wanted) {
                    if hit.occurrences.is_empty() {
                        hit.occurrences = index.occurrences_in(&parsed, hit.article);
                    }
                }
                hits
            }
            _ => {
                let published = |article: usize| published.get(article).copied().unwrap_or(0);
                index.search(&parsed, &published, wanted)
            }
        };
        let results = Results {
            query: query.clone(),
            total: hits.len() as u32,
            found: hits
                .iter()
                .take(wanted)
                .map(|hit| Found {
                    place: Place::Local(hit.article as u32),
                    score: hit.score,
                    occurrences: hit.occurrences.clone(),
                })
                .collect(),
            waiting: false,
            failure: None,
        };
        self.last = Some((query, hits));
        results
    }

    /// Searches the site's index for the query asked with the files it has, asking for those it lacks: the
    /// results are complete once their chunks and the fragment packs of the results shown have arrived.
    fn answer_from_site(&mut self) -> Vec<Reply> {
        let (Some(site), Some((query, wanted))) = (&mut self.site, &self.asked) else {
            return Vec::new();
        };
        let wanted = *wanted as usize;
        let parsed = Query::parse(query);
        let mut results = Results {
            query: query.clone(),
            ..Results::default()
        };
        let mut replies = Vec::new();
        if !parsed.is_empty() {
            let needs = match site.search(&parsed, wanted) {
                Progress::Needs(names) => names,
                Progress::Ready(hits) => {
                    results.total = hits.len() as u32;
                    let top: Vec<usize> = hits.iter().take(wanted).map(|hit| hit.article).collect();
                    match site.fragments(&top) {
                        Progress::Ready(fragments) => {
                            results.found = hits
                                .iter()
                                .zip(fragments)
                                .filter_map(|(hit, fragment)| {
                                    let mut fragment = fragment?.clone();
                                    fragment.bundle = site.bundle_url(&fragment);
                                    Some(Found {
                                        place: Place::Site(Box::new(fragment)),
                                        score: hit.score,
                                        occurrences: hit.occurrences.clone(),
                                    })
                                })
                                .collect();
                            Vec::new()
                        }
                        Progress::Needs(names) => names,
                    }
                }
            };
            replies = fetch(site, needs);
            // Nothing on its way means a file failed: stop waiting and say why.
            results.waiting = site.busy();
        }
        results.failure = site
            .failure()
            .map(|(url, error)| (url.to_owned(), error.clone()));
        replies.push(Reply::Results(results));
        replies
    }
}

/// The reply that fetches those of `names` not yet asked for, if any.
fn fetch(site: &mut Remote, names: Vec<String>) -> Vec<Reply> {
    let files = site.request(names);
    if files.is_empty() {
        Vec::new()
    } else {
        vec![Reply::Fetch(files)]
    }
}
