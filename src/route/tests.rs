use super::*;

fn article(id: &str) -> Route {
    Route::Article(id.to_owned())
}

fn channel(id: &str) -> Route {
    Route::Channel(id.to_owned())
}

pub(crate) fn search(query: &str) -> Route {
    Route::Search(query.to_owned())
}

pub(crate) fn matching(id: &str, query: &str) -> Route {
    Route::Match {
        article: id.to_owned(),
        query: query.to_owned(),
    }
}

#[track_caller]
fn check_parse(hash: &str, expect: Route) {
    assert_eq!(Route::parse(hash), expect, "Route::parse({hash:?})");
}

#[test]
fn routes_read_from_the_hash() {
    check_parse("", Route::Home);
    check_parse("#", Route::Home);
    check_parse("#/", Route::Home);
    check_parse("#/article/jin-shaan-2023", article("jin-shaan-2023"));
    check_parse("#/article/x/", article("x"));
    check_parse("#/channel/focus", channel("focus"));
    check_parse("#/article/x?from=share", article("x"));
    check_parse("/article/x", article("x"));
}

#[test]
fn unrecognised_hashes_go_home() {
    for hash in [
        "#/article/",
        "#/article",
        "#/channel/",
        "#/channel//",
        "#/somewhere/else",
        "#/Article/x",
        "#<script>",
        "#////",
        "#?q=1",
        "#/?article=x",
        "#/article?x",
    ] {
        check_parse(hash, Route::Home);
    }
}

#[test]
fn route_ids_are_percent_decoded() {
    check_parse("#/article/a%2Db", article("a-b"));
    check_parse("#/article/a%2db", article("a-b"));
    check_parse("#/channel/%66ocus", channel("focus"));
    check_parse("#/article/%E9%95%BF%E6%B2%BB", article("长治"));
    check_parse("#/article/a%2Fb", article("a/b"));
    check_parse("#/article/a%3Fb", article("a?b"));
    check_parse("#/article/%20", article(" "));
}

#[test]
fn malformed_escapes_stay_as_written() {
    check_parse("#/article/%", article("%"));
    check_parse("#/article/a%", article("a%"));
    check_parse("#/article/%zz", article("%zz"));
    check_parse("#/article/%4", article("%4"));
    check_parse("#/article/%-1", article("%-1"));
    check_parse("#/article/%é", article("%é"));
    check_parse("#/article/%%41", article("%A"));
}

#[test]
fn a_plus_sign_is_not_a_hex_digit_of_an_escape() {
    // Regression: `u8::from_str_radix` accepts a leading `+`, so `%+1` once decoded to U+0001. The WHATWG
    // percent-decoder leaves an escape whose two bytes are not both hex digits as written.
    check_parse("#/article/a%+1", article("a%+1"));
    check_parse("#/channel/%+f", channel("%+f"));
}

#[test]
fn invalid_utf8_in_escapes_becomes_replacement_characters() {
    check_parse("#/article/%FF", article("\u{FFFD}"));
    check_parse("#/article/%E4%B8", article("\u{FFFD}"));
    check_parse("#/article/a%E4%B8b", article("a\u{FFFD}b"));
    check_parse("#/article/%C0%AF", article("\u{FFFD}\u{FFFD}"));
}

#[track_caller]
fn check_hash(route: Route, expect: &str) {
    assert_eq!(route.to_hash(), expect);
    assert_eq!(
        Route::parse(expect),
        route,
        "the hash {expect:?} leads back"
    );
}

#[test]
fn hashes_percent_encode_all_but_unreserved_characters() {
    check_hash(Route::Home, "#/");
    check_hash(article("jin-shaan-2023"), "#/article/jin-shaan-2023");
    check_hash(article("a_b.c~D-1"), "#/article/a_b.c~D-1");
    check_hash(channel("focus"), "#/channel/focus");
    check_hash(article("长治"), "#/article/%E9%95%BF%E6%B2%BB");
    check_hash(channel("é"), "#/channel/%C3%A9");
    check_hash(article("😀"), "#/article/%F0%9F%98%80");
    check_hash(article("a/b"), "#/article/a%2Fb");
    check_hash(article("x/"), "#/article/x%2F");
    check_hash(article("a?b#c"), "#/article/a%3Fb%23c");
    check_hash(article("100%"), "#/article/100%25");
    check_hash(article("a b+c"), "#/article/a%20b%2Bc");
}

#[test]
fn routes_round_trip_through_the_hash() {
    for route in [
        Route::Home,
        article("a_b-1"),
        channel("focus"),
        article("长治储能"),
        channel("経済"),
        article("%E4"),
        article("\u{FFFD}"),
        article("<script>"),
        article(&"长".repeat(2000)),
    ] {
        assert_eq!(Route::parse(&route.to_hash()), route);
    }
}

/// A small deterministic generator (xorshift64*), so the fuzz loop needs no dependency and always sees the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// Parses `hash` without letting a panic escape, and checks that what it gives round-trips.
#[track_caller]
fn check_parse_is_total(hash: &str) {
    let parsed = std::panic::catch_unwind(|| Route::parse(hash));
    let Ok(route) = parsed else {
        panic!("Route::parse panicked on {hash:?}");
    };
    assert_eq!(
        Route::parse(&route.to_hash()),
        route,
        "{hash:?} parsed to {route:?}, whose hash is {:?}",
        route.to_hash()
    );
}

#[test]
fn malformed_hashes_never_panic_and_what_they_give_round_trips() {
    for hash in [
        "%",
        "%E4%B8",
        "%zz",
        "#/article/%FF",
        "#/article/%",
        "#/article/%%",
        "#/article/%E",
        "#/article/%E4%B8",
        "#/article/%F0%9F%98",
        "#/channel/%ED%A0%80",
        "#////",
        "#/channel/",
        "#?q=1",
        "#/article/长",
        "#/article/%长",
        "#/article/%E长",
        "#/article/长%",
        "##/article/x",
        "#/article/\0",
        "#/article/\u{FFFD}",
    ] {
        check_parse_is_total(hash);
    }
    check_parse_is_total(&format!("#/article/{}", "长".repeat(100_000)));
    check_parse_is_total(&format!("#/article/{}", "%E9%95%BF".repeat(10_000)));
    check_parse_is_total(&format!("#/channel/{}", "%".repeat(100_000)));
    check_parse_is_total(&"/".repeat(100_000));
}

#[test]
fn generated_hashes_never_panic_and_what_they_give_round_trips() {
    const PIECES: [&str; 26] = [
        "#", "/", "%", "?", "article", "channel", "a", "Z", "0", "9", "E", "f", "g", "-", "_", ".",
        "~", "+", " ", "长", "é", "😀", "\u{FFFD}", "\0", "%E4", "%B8",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let mut hash = String::new();
        if rng.below(2) == 0 {
            hash.push_str(["#/article/", "#/channel/", "#/", "#"][rng.below(4)]);
        }
        for _ in 0..rng.below(16) {
            hash.push_str(PIECES[rng.below(PIECES.len())]);
        }
        check_parse_is_total(&hash);
    }
}

#[test]
fn random_bytes_never_panic_and_what_they_give_round_trips() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let n = rng.below(24);
        let bytes: Vec<u8> = (0..n).map(|_| rng.next().to_le_bytes()[0]).collect();
        let text = String::from_utf8_lossy(&bytes);
        check_parse_is_total(&text);
        check_parse_is_total(&format!("#/article/{text}"));
    }
}

#[test]
fn search_routes_read_from_the_hash() {
    check_parse("#/search?q=%E9%BB%84%E6%B2%B3", search("黄河"));
    check_parse("#/search?q=黄河", search("黄河"));
    check_parse(
        "#/search?q=%E9%BB%84%E6%B2%B3+%E6%B5%81%E5%9F%9F",
        search("黄河 流域"),
    );
    check_parse("#/search?q=黄河%20流域", search("黄河 流域"));
    check_parse("#/search?q=a%2Bb", search("a+b"));
    check_parse(
        "#/search?q=%22%E9%BB%84%E6%B2%B3+%E6%B5%81%E5%9F%9F%22",
        search("\"黄河 流域\""),
    );
    check_parse("#/search?from=x&q=5G", search("5G"));
    check_parse("#/search?q=5G&from=x", search("5G"));
    check_parse("/search?q=5G", search("5G"));
    check_parse("#/search/?q=5G", search("5G"));
}

#[test]
fn a_search_without_a_query_is_the_empty_search() {
    for hash in [
        "#/search",
        "#/search/",
        "#/search?q=",
        "#/search?q=+",
        "#/search?q=%20%20",
        "#/search?x=1",
    ] {
        check_parse(hash, search(""));
    }
}

#[test]
fn search_routes_with_a_path_go_home() {
    check_parse("#/search/x", Route::Home);
    check_parse("#/search/x?q=黄河", Route::Home);
    check_parse("#/Search?q=黄河", Route::Home);
}

#[test]
fn an_article_with_a_query_is_a_match() {
    check_parse("#/article/a1?q=黄河", matching("a1", "黄河"));
    check_parse("#/article/a1?q=%E9%BB%84%E6%B2%B3", matching("a1", "黄河"));
    check_parse(
        "#/article/%E9%95%BF%E6%B2%BB?q=5G+%E7%9F%BF",
        matching("长治", "5G 矿"),
    );
    check_parse("#/article/a1/?q=黄河", matching("a1", "黄河"));
    // Without a query it is the plain article.
    check_parse("#/article/a1?q=", article("a1"));
    check_parse("#/article/a1?q=+", article("a1"));
    check_parse("#/article/a1?from=share", article("a1"));
    check_parse("#/article/?q=黄河", Route::Home);
    // Channels take no query.
    check_parse("#/channel/focus?q=黄河", channel("focus"));
}

#[test]
fn search_hashes_percent_encode_the_query() {
    check_hash(search("黄河"), "#/search?q=%E9%BB%84%E6%B2%B3");
    check_hash(search(""), "#/search");
    check_hash(search("a b+c"), "#/search?q=a%20b%2Bc");
    check_hash(search("&q=x#y"), "#/search?q=%26q%3Dx%23y");
    check_hash(matching("a1", "黄河"), "#/article/a1?q=%E9%BB%84%E6%B2%B3");
    check_hash(matching("a/b", "5G"), "#/article/a%2Fb?q=5G");
}

#[test]
fn search_routes_round_trip_through_the_hash() {
    for route in [
        search(""),
        search("黄河"),
        search("黄河 流域"),
        search(" 黄河 "),
        search("\"黄河 流域\""),
        search("＂黄河＂ 5G+智慧矿山"),
        search("%E4"),
        search("?q=&"),
        search("<script>"),
        search(&"长".repeat(2000)),
        matching("a1", "黄河"),
        matching("长治", "a+b c"),
        matching("a?q=b", "c&d"),
    ] {
        assert_eq!(Route::parse(&route.to_hash()), route, "{route:?}");
    }
}
