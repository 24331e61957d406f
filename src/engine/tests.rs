use super::*;
use crate::bundle::from_json;
use crate::search::corpus::{bundle_json, Rng};

/// The searchable texts of `count` generated articles, and the index built from them at once.
fn corpus(count: usize) -> (Vec<Searchable>, Index, u32) {
    let (bundle, _) = from_json(&bundle_json(count, 300, 5)).expect("the generated bundle parses");
    let articles = bundle.articles();
    let texts = articles
        .iter()
        .map(|article| Searchable {
            text: SearchText::of(article),
            published: article.published().unix_seconds(),
        })
        .collect();
    let longest = articles
        .iter()
        .map(crate::search::text_bound)
        .max()
        .unwrap_or(0);
    (texts, Index::build(articles), longest as u32)
}

/// Sends `request` through its bytes and returns the replies, through theirs.
fn ask(engine: &mut Engine, request: Request) -> Vec<Reply> {
    let request = Request::decode(&request.encode()).expect("the request decodes");
    let replies = engine.handle(request);
    Reply::decode_all(&Reply::encode_all(&replies)).expect("the replies decode")
}

/// Sends every text at once, and checks the index is then built.
fn build_at_once(engine: &mut Engine, texts: Vec<Searchable>) {
    let replies = ask(
        engine,
        Request::Build {
            texts,
            budget: u32::MAX,
        },
    );
    assert_eq!(replies, [Reply::Built]);
}

fn results(replies: Vec<Reply>) -> Results {
    match replies.as_slice() {
        [Reply::Results(results)] => results.clone(),
        other => panic!("one set of results: {other:?}"),
    }
}

#[test]
fn texts_sent_in_slices_are_indexed_as_the_whole_index_is() {
    let (texts, whole, longest) = corpus(60);
    let published: Vec<i64> = texts.iter().map(|text| text.published).collect();
    let mut engine = Engine::default();
    assert_eq!(ask(&mut engine, Request::Local { count: 60, longest }), []);
    let mut built = false;
    for (number, slice) in texts.chunks(7).enumerate() {
        let replies = ask(
            &mut engine,
            Request::Build {
                texts: slice.to_vec(),
                budget: 500,
            },
        );
        built |= replies == [Reply::Built];
        assert!(
            !built || number == texts.len() / 7,
            "built only once every text is in"
        );
    }
    while !built {
        let replies = ask(
            &mut engine,
            Request::Build {
                texts: Vec::new(),
                budget: 500,
            },
        );
        built = replies == [Reply::Built];
    }
    for query in ["黄河", "山西 投资", "5G", "的"] {
        let expected = whole.search(&Query::parse(query), &|doc| published[doc], 10);
        let found = results(ask(
            &mut engine,
            Request::Find {
                query: query.to_owned(),
                wanted: 10,
            },
        ));
        assert_eq!(found.query, query);
        assert_eq!(found.total as usize, expected.len(), "{query}");
        let pairs: Vec<(Place, f32, Vec<Occurrence>)> = found
            .found
            .into_iter()
            .map(|found| (found.place, found.score, found.occurrences))
            .collect();
        let expected: Vec<(Place, f32, Vec<Occurrence>)> = expected
            .into_iter()
            .take(10)
            .map(|hit| (Place::Local(hit.article as u32), hit.score, hit.occurrences))
            .collect();
        assert_eq!(pairs, expected, "{query}");
    }
}

#[test]
fn more_of_the_same_results_say_where_the_terms_occur_in_each() {
    let (texts, whole, longest) = corpus(80);
    let mut engine = Engine::default();
    ask(&mut engine, Request::Local { count: 80, longest });
    build_at_once(&mut engine, texts);
    let find = |wanted| Request::Find {
        query: "的".to_owned(),
        wanted,
    };
    let first = results(ask(&mut engine, find(10)));
    assert!(first.total > 20, "{}", first.total);
    let more = results(ask(&mut engine, find(20)));
    assert_eq!(more.found.len(), 20);
    assert_eq!(more.found[..10], first.found[..]);
    for found in &more.found {
        let Place::Local(article) = found.place else {
            panic!("local")
        };
        assert_eq!(
            found.occurrences,
            whole.occurrences_in(&Query::parse("的"), article as usize)
        );
    }
}

#[test]
fn a_text_longer_than_announced_is_asked_for_again() {
    let (texts, _, _) = corpus(5);
    let mut engine = Engine::default();
    // Announced far too short: the engine makes room, and the texts come again.
    ask(
        &mut engine,
        Request::Local {
            count: 5,
            longest: 3,
        },
    );
    let replies = ask(
        &mut engine,
        Request::Build {
            texts: texts.clone(),
            budget: u32::MAX,
        },
    );
    assert_eq!(replies, [Reply::Resend]);
    build_at_once(&mut engine, texts);
    let found = results(ask(
        &mut engine,
        Request::Find {
            query: "山西".to_owned(),
            wanted: 10,
        },
    ));
    assert!(found.total > 0);
}

#[test]
fn marks_say_where_the_terms_are_in_one_article() {
    let (texts, whole, longest) = corpus(20);
    let mut engine = Engine::default();
    assert_eq!(
        ask(
            &mut engine,
            Request::Marks {
                query: "山西".to_owned(),
                article: 2
            }
        ),
        [Reply::Marks(Marks {
            query: "山西".to_owned(),
            article: 2,
            occurrences: Vec::new()
        })],
        "nothing indexed yet"
    );
    ask(&mut engine, Request::Local { count: 20, longest });
    build_at_once(&mut engine, texts);
    let replies = ask(
        &mut engine,
        Request::Marks {
            query: "山西".to_owned(),
            article: 2,
        },
    );
    assert_eq!(
        replies,
        [Reply::Marks(Marks {
            query: "山西".to_owned(),
            article: 2,
            occurrences: whole.occurrences_in(&Query::parse("山西"), 2)
        })]
    );
}

#[test]
fn without_an_index_a_query_finds_nothing_and_files_are_ignored() {
    let mut engine = Engine::default();
    let found = results(ask(
        &mut engine,
        Request::Find {
            query: "山西".to_owned(),
            wanted: 10,
        },
    ));
    assert_eq!(
        (found.total, found.found.len(), found.waiting),
        (0, 0, false)
    );
    assert_eq!(ask(&mut engine, Request::Warm), []);
    assert_eq!(
        ask(
            &mut engine,
            Request::File {
                name: "index.txt".to_owned(),
                result: Ok(Vec::new())
            }
        ),
        []
    );
}

#[test]
fn every_request_and_reply_survives_its_bytes() {
    let text = SearchText {
        text: "黄河\u{2029}说明\u{2029}\u{2029}\u{2029}正文 5G".to_owned(),
        title: 0..2,
        caption: 3..5,
        source: 6..6,
        author: 7..7,
        body: 8..12,
    };
    let errors = [
        FetchError::InvalidUrl,
        FetchError::Network("offline".to_owned()),
        FetchError::Http {
            status: 404,
            status_text: "Not Found".to_owned(),
        },
        FetchError::Read("broken".to_owned()),
        FetchError::TooBig,
        FetchError::NoFileReader,
        FetchError::Decompress("bad gzip".to_owned()),
        FetchError::Unreadable,
    ];
    let mut requests = vec![
        Request::Local {
            count: u32::MAX,
            longest: 0,
        },
        Request::Site("https://example.cn/search/index.txt".to_owned()),
        Request::Build {
            texts: vec![
                Searchable {
                    text: text.clone(),
                    published: -62_135_596_800,
                },
                Searchable {
                    text: text.clone(),
                    published: i64::MAX,
                },
            ],
            budget: 8_000,
        },
        Request::Build {
            texts: Vec::new(),
            budget: 0,
        },
        Request::Warm,
        Request::Find {
            query: "黄河 \"流域\"".to_owned(),
            wanted: 10,
        },
        Request::Marks {
            query: String::new(),
            article: 7,
        },
        Request::File {
            name: "chars-0123.bin".to_owned(),
            result: Ok(vec![0, 255, 128]),
        },
    ];
    requests.extend(errors.iter().map(|error| Request::File {
        name: "docs.bin".to_owned(),
        result: Err(error.clone()),
    }));
    for request in requests {
        assert_eq!(Request::decode(&request.encode()), Some(request.clone()));
    }
    let fragment = Fragment {
        id: "a1".to_owned(),
        bundle: "https://example.cn/b/focus.json".to_owned(),
        channel: "焦点图".to_owned(),
        published: "2024-05-02T08:00:00+08:00".to_owned(),
        date: "2024-05-02".to_owned(),
        text,
    };
    let occurrences = vec![
        Occurrence {
            term: 1,
            range: 3..5,
        },
        Occurrence {
            term: 0,
            range: 8..10,
        },
    ];
    let mut replies = vec![
        Reply::Built,
        Reply::Resend,
        Reply::Fetch(vec![
            IndexFile {
                name: "index.txt".to_owned(),
                url: "https://example.cn/index.txt".to_owned(),
                range: None,
            },
            IndexFile {
                name: "chars-0123456789abcdef.bin#4096-70000".to_owned(),
                url: "https://example.cn/chars-0123456789abcdef.bin".to_owned(),
                range: Some((4096, 70000)),
            },
        ]),
        Reply::Results(Results::default()),
        Reply::Results(Results {
            query: "黄河".to_owned(),
            total: 12,
            found: vec![
                Found {
                    place: Place::Local(3),
                    score: 7.25,
                    occurrences: occurrences.clone(),
                },
                Found {
                    place: Place::Site(Box::new(fragment)),
                    score: f32::MIN_POSITIVE,
                    occurrences: Vec::new(),
                },
            ],
            waiting: true,
            failure: None,
        }),
        Reply::Marks(Marks {
            query: "黄河".to_owned(),
            article: 0,
            occurrences,
        }),
    ];
    replies.extend(errors.into_iter().map(|error| {
        Reply::Results(Results {
            failure: Some(("https://example.cn/docs.bin".to_owned(), error)),
            ..Results::default()
        })
    }));
    assert_eq!(
        Reply::decode_all(&Reply::encode_all(&replies)),
        Some(replies.clone())
    );
    assert_eq!(Reply::decode_all(&Reply::encode_all(&[])), Some(Vec::new()));
}

#[test]
fn bytes_that_are_not_a_message_decode_to_nothing() {
    let request = Request::Find {
        query: "黄河".to_owned(),
        wanted: 10,
    }
    .encode();
    // Cut short anywhere, or with a byte too many, it is not a request.
    for end in 0..request.len() {
        assert_eq!(Request::decode(&request[..end]), None, "{end}");
    }
    let mut longer = request.clone();
    longer.push(0);
    assert_eq!(Request::decode(&longer), None);
    // Unknown tags, a count beyond the bytes, a varint that never ends, text that is not UTF-8.
    for bytes in [
        &[9][..],
        &[2, 0xff, 0xff, 0xff, 0x0f],
        &[
            4, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01,
        ],
        &[1, 2, 0xff, 0xfe],
    ] {
        assert_eq!(Request::decode(bytes), None, "{bytes:?}");
        assert_eq!(Reply::decode_all(bytes), None, "{bytes:?}");
    }
    // Random bytes never panic.
    let mut rng = Rng::new(17);
    for _ in 0..2_000 {
        let length = rng.below(40);
        let bytes: Vec<u8> = (0..length).map(|_| rng.below(256) as u8).collect();
        let _ = Request::decode(&bytes);
        let _ = Reply::decode_all(&bytes);
    }
}
