//! Requests and replies as bytes, to cross between the reader's wasm module and the search engine's.
//!
//! Bytes rather than JavaScript objects: one copy each way, however many articles' texts a request carries, and
//! no JSON or serde in the search module. Integers are LEB128 varints (signed ones zigzagged), strings and byte
//! strings are prefixed by their length, a list by its count, and each enum by a one-byte tag. Decoding checks
//! everything and never trusts a count for an allocation: bytes that are not a message decode to `None`.

use std::ops::Range;

use super::{Found, IndexFile, Marks, Place, Reply, Request, Results, Searchable};
use crate::fetch::FetchError;
use crate::search::chunks::Fragment;
use crate::search::{Occurrence, SearchText};

impl Request {
    /// The request as bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Writer::default();
        match self {
            Request::Local { count, longest } => {
                out.tag(0);
                out.number(u64::from(*count));
                out.number(u64::from(*longest));
            }
            Request::Site(manifest) => {
                out.tag(1);
                out.text(manifest);
            }
            Request::Build { texts, budget } => {
                out.tag(2);
                out.list(texts, |out, searchable| {
                    out.search_text(&searchable.text);
                    out.signed(searchable.published);
                });
                out.number(u64::from(*budget));
            }
            Request::Warm => out.tag(3),
            Request::Find { query, wanted } => {
                out.tag(4);
                out.text(query);
                out.number(u64::from(*wanted));
            }
            Request::Marks { query, article } => {
                out.tag(5);
                out.text(query);
                out.number(u64::from(*article));
            }
            Request::File { name, result } => {
                out.tag(6);
                out.text(name);
                match result {
                    Ok(bytes) => {
                        out.tag(0);
                        out.bytes(bytes);
                    }
                    Err(error) => {
                        out.tag(1);
                        out.fetch_error(error);
                    }
                }
            }
        }
        out.0
    }

    /// The request these bytes are, if they are one.
    pub fn decode(bytes: &[u8]) -> Option<Request> {
        let mut input = Reader(bytes);
        let request = match input.tag()? {
            0 => Request::Local {
                count: input.small()?,
                longest: input.small()?,
            },
            1 => Request::Site(input.text()?),
            2 => Request::Build {
                texts: input.list(|input| {
                    Some(Searchable {
                        text: input.search_text()?,
                        published: input.signed()?,
                    })
                })?,
                budget: input.small()?,
            },
            3 => Request::Warm,
            4 => Request::Find {
                query: input.text()?,
                wanted: input.small()?,
            },
            5 => Request::Marks {
                query: input.text()?,
                article: input.small()?,
            },
            6 => Request::File {
                name: input.text()?,
                result: match input.tag()? {
                    0 => Ok(input.bytes()?.to_vec()),
                    1 => Err(input.fetch_error()?),
                    _ => return None,
                },
            },
            _ => return None,
        };
        input.end(request)
    }
}

impl Reply {
    /// Replies as bytes.
    pub fn encode_all(replies: &[Reply]) -> Vec<u8> {
        let mut out = Writer::default();
        out.list(replies, Writer::reply);
        out.0
    }

    /// The replies these bytes are, if they are replies.
    pub fn decode_all(bytes: &[u8]) -> Option<Vec<Reply>> {
        let mut input = Reader(bytes);
        let replies = input.list(Reader::reply)?;
        input.end(replies)
    }
}

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn tag(&mut self, tag: u8) {
        self.0.push(tag);
    }

    fn number(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.0.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn signed(&mut self, value: i64) {
        self.number(((value << 1) ^ (value >> 63)) as u64);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.number(bytes.len() as u64);
        self.0.extend_from_slice(bytes);
    }

    fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn flag(&mut self, value: bool) {
        self.tag(u8::from(value));
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
        self.number(items.len() as u64);
        for item in items {
            each(self, item);
        }
    }

    fn range(&mut self, range: &Range<usize>) {
        self.number(range.start as u64);
        self.number(range.end as u64);
    }

    fn search_text(&mut self, text: &SearchText) {
        self.text(&text.text);
        for range in text.ranges() {
            self.range(&range);
        }
    }

    fn fetch_error(&mut self, error: &FetchError) {
        match error {
            FetchError::InvalidUrl => self.tag(0),
            FetchError::Network(detail) => {
                self.tag(1);
                self.text(detail);
            }
            FetchError::Http {
                status,
                status_text,
            } => {
                self.tag(2);
                self.number(u64::from(*status));
                self.text(status_text);
            }
            FetchError::Read(detail) => {
                self.tag(3);
                self.text(detail);
            }
            FetchError::TooBig => self.tag(4),
            FetchError::NoFileReader => self.tag(5),
            FetchError::Decompress(detail) => {
                self.tag(6);
                self.text(detail);
            }
            FetchError::Unreadable => self.tag(7),
        }
    }

    fn reply(&mut self, reply: &Reply) {
        match reply {
            Reply::Built => self.tag(0),
            Reply::Resend => self.tag(1),
            Reply::Fetch(files) => {
                self.tag(2);
                self.list(files, |out, file| {
                    out.text(&file.name);
                    out.text(&file.url);
                    match file.range {
                        None => out.tag(0),
                        Some((start, end)) => {
                            out.tag(1);
                            out.number(u64::from(start));
                            out.number(u64::from(end));
                        }
                    }
                });
            }
            Reply::Results(results) => {
                self.tag(3);
                self.text(&results.query);
                self.number(u64::from(results.total));
                self.list(&results.found, Writer::found);
                self.flag(results.waiting);
                match &results.failure {
                    None => self.tag(0),
                    Some((url, error)) => {
                        self.tag(1);
                        self.text(url);
                        self.fetch_error(error);
                    }
                }
            }
            Reply::Marks(marks) => {
                self.tag(4);
                self.text(&marks.query);
                self.number(u64::from(marks.article));
                self.list(&marks.occurrences, Writer::occurrence);
            }
        }
    }

    fn found(&mut self, found: &Found) {
        match &found.place {
            Place::Local(article) => {
                self.tag(0);
                self.number(u64::from(*article));
            }
            Place::Site(fragment) => {
                self.tag(1);
                for field in [
                    &fragment.id,
                    &fragment.bundle,
                    &fragment.channel,
                    &fragment.published,
                    &fragment.date,
                ] {
                    self.text(field);
                }
                self.search_text(&fragment.text);
            }
        }
        self.0.extend_from_slice(&found.score.to_le_bytes());
        self.list(&found.occurrences, Writer::occurrence);
    }

    fn occurrence(&mut self, occurrence: &Occurrence) {
        self.number(occurrence.term as u64);
        self.range(&occurrence.range);
    }
}

struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    /// `value`, if every byte was read.
    fn end<T>(&self, value: T) -> Option<T> {
        self.0.is_empty().then_some(value)
    }

    fn take(&mut self, count: usize) -> Option<&'b [u8]> {
        if count > self.0.len() {
            return None;
        }
        let (taken, rest) = self.0.split_at(count);
        self.0 = rest;
        Some(taken)
    }

    fn tag(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn number(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.tag()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }

    fn small<T: TryFrom<u64>>(&mut self) -> Option<T> {
        T::try_from(self.number()?).ok()
    }

    fn signed(&mut self) -> Option<i64> {
        let value = self.number()?;
        Some((value >> 1) as i64 ^ -((value & 1) as i64))
    }

    fn bytes(&mut self) -> Option<&'b [u8]> {
        let length = self.small()?;
        self.take(length)
    }

    fn text(&mut self) -> Option<String> {
        Some(std::str::from_utf8(self.bytes()?).ok()?.to_owned())
    }

    fn flag(&mut self) -> Option<bool> {
        match self.tag()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn list<T>(&mut self, mut each: impl FnMut(&mut Reader<'b>) -> Option<T>) -> Option<Vec<T>> {
        let count: usize = self.small()?;
        // Every item takes at least a byte: a count beyond the bytes left is not believed.
        if count > self.0.len() {
            return None;
        }
        (0..count).map(|_| each(self)).collect()
    }

    fn range(&mut self) -> Option<Range<usize>> {
        let start = self.small()?;
        let end = self.small()?;
        (start <= end).then_some(start..end)
    }

    fn search_text(&mut self) -> Option<SearchText> {
        Some(SearchText {
            text: self.text()?,
            title: self.range()?,
            caption: self.range()?,
            source: self.range()?,
            author: self.range()?,
            body: self.range()?,
        })
    }

    fn fetch_error(&mut self) -> Option<FetchError> {
        Some(match self.tag()? {
            0 => FetchError::InvalidUrl,
            1 => FetchError::Network(self.text()?),
            2 => FetchError::Http {
                status: self.small()?,
                status_text: self.text()?,
            },
            3 => FetchError::Read(self.text()?),
            4 => FetchError::TooBig,
            5 => FetchError::NoFileReader,
            6 => FetchError::Decompress(self.text()?),
            7 => FetchError::Unreadable,
            _ => return None,
        })
    }

    fn reply(&mut self) -> Option<Reply> {
        Some(match self.tag()? {
            0 => Reply::Built,
            1 => Reply::Resend,
            2 => Reply::Fetch(self.list(|input| {
                Some(IndexFile {
                    name: input.text()?,
                    url: input.text()?,
                    range: match input.tag()? {
                        0 => None,
                        1 => Some((input.small()?, input.small()?)),
                        _ => return None,
                    },
                })
            })?),
            3 => Reply::Results(Results {
                query: self.text()?,
                total: self.small()?,
                found: self.list(Reader::found)?,
                waiting: self.flag()?,
                failure: match self.tag()? {
                    0 => None,
                    1 => Some((self.text()?, self.fetch_error()?)),
                    _ => return None,
                },
            }),
            4 => Reply::Marks(Marks {
                query: self.text()?,
                article: self.small()?,
                occurrences: self.list(Reader::occurrence)?,
            }),
            _ => return None,
        })
    }

    fn found(&mut self) -> Option<Found> {
        let place = match self.tag()? {
            0 => Place::Local(self.small()?),
            1 => Place::Site(Box::new(Fragment {
                id: self.text()?,
                bundle: self.text()?,
                channel: self.text()?,
                published: self.text()?,
                date: self.text()?,
                text: self.search_text()?,
            })),
            _ => return None,
        };
        let score = f32::from_le_bytes(self.take(4)?.try_into().ok()?);
        Some(Found {
            place,
            score,
            occurrences: self.list(Reader::occurrence)?,
        })
    }

    fn occurrence(&mut self) -> Option<Occurrence> {
        Some(Occurrence {
            term: self.small()?,
            range: self.range()?,
        })
    }
}
