use super::corpus::{bundle_json, Rng};
use super::text::BREAK;
use super::tokens::{class, Class};
use super::*;
use crate::bundle::{from_json, Article, Bundle};
use std::collections::HashMap;

fn corpus(count: usize, body_chars: usize) -> Bundle {
    let (bundle, diagnostics) =
        from_json(&bundle_json(count, body_chars, 7)).expect("the generated bundle parses");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    bundle
}

fn is_word(c: char) -> bool {
    class(c) == Class::Word
}

/// The truth by brute force: the folded term occurs in the folded text, not inside a longer run of letters/digits,
/// and not across a break.
fn contains(text: &str, term: &str) -> bool {
    let text: Vec<char> = text.chars().map(fold).collect();
    let term: Vec<char> = term
        .chars()
        .map(|c| if c == BREAK { ' ' } else { fold(c) })
        .collect();
    if term.is_empty() || term.len() > text.len() {
        return false;
    }
    (0..=text.len() - term.len()).any(|start| {
        text[start..start + term.len()] == term[..]
            && !(is_word(term[0]) && start > 0 && is_word(text[start - 1]))
            && !(is_word(term[term.len() - 1])
                && text.get(start + term.len()).is_some_and(|&c| is_word(c)))
    })
}

#[test]
fn results_equal_brute_force_substring_truth() {
    let bundle = corpus(300, 400);
    let articles = bundle.articles();
    let index = Index::build(articles);
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let mut rng = Rng::new(42);
    let mut checked = 0;
    while checked < 200 {
        let source: Vec<char> = texts[rng.below(texts.len())].text.chars().collect();
        let length = 1 + rng.below(6);
        let start = rng.below(source.len().saturating_sub(length));
        let term: String = source[start..start + length].iter().collect();
        if term.contains(BREAK) || term.chars().any(|c| fold(c) == ' ') || term.contains('"') {
            continue;
        }
        let query = Query::parse(&term);
        let mut found: Vec<usize> = index
            .search(&query, &|_| 0, 0)
            .into_iter()
            .map(|hit| hit.article)
            .collect();
        found.sort_unstable();
        let truth: Vec<usize> = (0..texts.len())
            .filter(|&doc| contains(&texts[doc].text, &term))
            .collect();
        assert_eq!(found, truth, "query {term:?}");
        checked += 1;
    }
}

// Fixtures.

/// An article `a<n>` in channel `c`, published on 2024-01-01 unless changed.
pub(crate) fn doc(title: &str, body: &str) -> serde_json::Value {
    serde_json::json!({
        "channel": "c", "title": title, "published": "2024-01-01T08:00:00+08:00", "body": body,
    })
}

/// A bundle of `articles`, given the ids `a0`, `a1`, …
#[track_caller]
pub(crate) fn bundle(articles: Vec<serde_json::Value>) -> Bundle {
    let articles: Vec<serde_json::Value> = articles
        .into_iter()
        .enumerate()
        .map(|(index, mut article)| {
            article["id"] = format!("a{index}").into();
            article
        })
        .collect();
    let json = serde_json::json!({
        "format": "article-bundle", "version": 1,
        "site": {"name": "投资山西", "url": "https://invest.example.cn/"},
        "channels": [{"id": "c", "name": "频道"}],
        "articles": articles,
    });
    let (bundle, diagnostics) = from_json(&json.to_string()).expect("the fixture parses");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    bundle
}

/// The hits for `query` in `bundle`, newest first among equals, as the viewer asks.
fn search(bundle: &Bundle, query: &str) -> Vec<Hit> {
    let articles = bundle.articles();
    let published = |article: usize| articles[article].published().unix_seconds();
    Index::build(articles).search(&Query::parse(query), &published, usize::MAX)
}

/// The ids of the articles found, best first.
fn found(bundle: &Bundle, query: &str) -> Vec<String> {
    search(bundle, query)
        .iter()
        .map(|hit| bundle.articles()[hit.article].id().to_owned())
        .collect()
}

fn folded(text: &str) -> String {
    text.chars().map(fold).collect()
}

/// The text of `range` in `text`.
pub(crate) fn slice(text: &str, range: Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

/// What `query` finds in an article whose body is `body`: the text of each occurrence, in order.
#[track_caller]
fn check(body: &str, query: &str, expect: &[&str]) {
    let bundle = bundle(vec![doc("标题", body)]);
    let text = SearchText::of(&bundle.articles()[0]);
    let hits = search(&bundle, query);
    let occurrences: Vec<String> = hits
        .iter()
        .flat_map(|hit| &hit.occurrences)
        .map(|occurrence| slice(&text.text, occurrence.range.clone()))
        .collect();
    assert_eq!(occurrences, expect, "{query:?} in {body:?}");
}

fn terms(query: &str) -> Vec<String> {
    Query::parse(query).terms().map(str::to_owned).collect()
}

// The tokenizer, through what queries find.

#[test]
fn numbers_end_where_han_text_begins() {
    let body = "总投资2860亿元。";
    check(body, "2860", &["2860"]);
    check(body, "亿元", &["亿元"]);
    check(body, "2860亿元", &["2860亿元"]);
    check(body, "资2860亿", &["资2860亿"]);
    check(body, "亿", &["亿"]);
    // Numbers are whole tokens: part of one is not a match.
    check(body, "286", &[]);
    check(body, "860", &[]);
    check(body, "0亿", &[]);
}

#[test]
fn latin_and_digits_run_together_into_one_word() {
    let body = "推进5G+智慧矿山建设，G20峰会召开。";
    check(body, "5G", &["5G"]);
    check(body, "5g", &["5G"]);
    check(body, "5G+智慧矿山", &["5G+智慧矿山"]);
    check(body, "+智慧", &["+智慧"]);
    check(body, "智慧矿山", &["智慧矿山"]);
    check(body, "G", &[]);
    check(body, "5", &[]);
    check(body, "g20", &["G20"]);
    check(body, "G20峰会", &["G20峰会"]);
    check(body, "峰会", &["峰会"]);
    check(body, "20峰会", &[]);
    check(body, "G2", &[]);
}

#[test]
fn letters_match_in_any_case() {
    let body = "PM2.5 指数与 GDP 数据，App 上线。";
    check(body, "pm2", &["PM2"]);
    check(body, "Pm2.5", &["PM2.5"]);
    check(body, "gdp", &["GDP"]);
    check(body, "GdP", &["GDP"]);
    check(body, "APP", &["App"]);
    check(body, "aPP", &["App"]);
}

#[test]
fn full_width_forms_match_their_half_width_forms() {
    check("时间：12点", ":", &["："]);
    check("时间:12点", "：", &[":"]);
    check("２０２４年", "2024", &["２０２４"]);
    check("2024年", "２０２４年", &["2024年"]);
    check("公司（太原）", "(太原)", &["（太原）"]);
    check("abc公司", "ＡＢＣ", &["abc"]);
    check("abc公司", "ａｂｃ", &["abc"]);
    check("ＡＢＣ公司", "abc", &["ＡＢＣ"]);
    check("ＡＢＣ公司", "ABC", &["ＡＢＣ"]);
    check("ａｂｃ公司", "ABC", &["ａｂｃ"]);
}

#[test]
fn punctuation_is_matched_as_written() {
    let body = "生态保护、能源转型。科技创新！";
    check(body, "保护、能源", &["保护、能源"]);
    check(body, "、", &["、"]);
    check(body, "。", &["。"]);
    check(body, "转型。科技", &["转型。科技"]);
    check(body, "保护能源", &[]);
    check(body, "!", &["！"]);
    check(body, "?", &[]);
}

#[test]
fn emoji_are_matched_as_characters() {
    let body = "点赞👍黄河，🇨🇳加油";
    check(body, "👍", &["👍"]);
    check(body, "赞👍黄", &["赞👍黄"]);
    check(body, "👍黄河", &["👍黄河"]);
    check(body, "🇨🇳", &["🇨🇳"]);
    check(body, "😀", &[]);
    check(body, "赞黄", &[]);
}

#[test]
fn empty_and_white_space_queries_have_no_terms_and_find_nothing() {
    let bundle = bundle(vec![doc("标题", "黄河 流域\t生态"), doc("标题", "  ")]);
    for query in [
        "",
        " ",
        "   ",
        "\t\n",
        "\u{3000}\u{3000}",
        " \u{3000} ",
        "\"\"",
        "\" \"",
        "＂ ＂",
    ] {
        assert!(Query::parse(query).is_empty(), "{query:?}");
        assert_eq!(terms(query), Vec::<String>::new(), "{query:?}");
        assert_eq!(found(&bundle, query), Vec::<String>::new(), "{query:?}");
    }
}

#[test]
fn a_query_of_only_a_paragraph_separator_has_no_terms() {
    // U+2029 is white space as much as U+3000 is; typed or pasted alone, it is an empty query.
    let bundle = bundle(vec![doc("标题", "黄河 流域"), doc("标题", "黄河流域")]);
    assert_eq!(
        found(&bundle, "\u{2029}"),
        Vec::<String>::new(),
        "found by its plain space"
    );
    assert_eq!(terms("\u{2029}"), Vec::<String>::new());
    assert_eq!(
        terms("黄河\u{2029}流域"),
        ["黄河", "流域"],
        "it separates terms as a space does"
    );
}

#[test]
fn a_very_long_query_does_not_panic_and_only_its_start_counts() {
    let bundle = bundle(vec![doc("黄河", "黄河流域生态保护"), doc("标题", "黄河")]);
    // A 10,000-character query: the first MAX_QUERY_CHARS characters are 黄河 after spaces; the absent term after
    // them is not looked at.
    let query = format!(
        "{}黄河 不存在的词 {}",
        " ".repeat(MAX_QUERY_CHARS - 2),
        "长".repeat(10_000)
    );
    assert!(query.chars().count() > 10_000);
    assert_eq!(terms(&query), ["黄河"]);
    assert_eq!(found(&bundle, &query), found(&bundle, "黄河"));
    assert_eq!(found(&bundle, "黄河").len(), 2);

    for query in [
        "黄".repeat(10_000),
        "黄河 不存在 ".repeat(1_500),
        "a".repeat(10_000),
        "\"".repeat(10_000),
        "👍".repeat(10_000),
        "\u{2029}".repeat(10_000),
        format!("\"{}", "黄河 流域".repeat(2_000)),
    ] {
        let parsed = Query::parse(&query);
        let length: usize = parsed.terms().map(|term| term.chars().count()).sum();
        assert!(length <= MAX_QUERY_CHARS, "{} characters of terms", length);
        let start: String = query.chars().take(4).collect();
        assert_eq!(found(&bundle, &query).len(), 0, "{start:?}…");
    }
}

#[test]
fn a_quoted_phrase_matches_only_the_literal_text_with_its_space() {
    let bundle = bundle(vec![
        doc("标题", "保护黄河 流域生态"),
        doc("标题", "保护黄河流域生态"),
        doc("标题", "黄河，流域"),
    ]);
    assert_eq!(terms("\"黄河 流域\""), ["黄河 流域"]);
    assert_eq!(found(&bundle, "\"黄河 流域\""), ["a0"]);
    assert_eq!(found(&bundle, "＂黄河 流域＂"), ["a0"]);
    assert_eq!(found(&bundle, "\"黄河流域\""), ["a1"]);
    // Unquoted, the same words are two terms, both required anywhere.
    assert_eq!(terms("黄河 流域"), ["黄河", "流域"]);
    let mut unquoted = found(&bundle, "黄河 流域");
    unquoted.sort();
    assert_eq!(unquoted, ["a0", "a1", "a2"]);
}

#[test]
fn space_separated_terms_must_all_occur() {
    let bundle = bundle(vec![
        doc("标题", "黄河文化"),
        doc("标题", "流域治理"),
        doc("标题", "黄河与流域"),
        doc("流域", "黄河"),
    ]);
    let mut both = found(&bundle, "黄河 流域");
    both.sort();
    assert_eq!(both, ["a2", "a3"]);
    assert_eq!(found(&bundle, "黄河 流域 文化"), Vec::<String>::new());
    // Any white space separates terms, the ideographic space too.
    let mut both = found(&bundle, "黄河\u{3000}流域");
    both.sort();
    assert_eq!(both, ["a2", "a3"]);
}

#[test]
fn repeated_terms_count_once() {
    let bundle = bundle(vec![doc("标题", "黄河流域，黄河文化"), doc("黄河", "生态")]);
    assert_eq!(terms("黄河 黄河 \"黄河\" ＂黄河＂"), ["黄河"]);
    assert_eq!(terms("GDP gdp Gdp"), ["GDP"]);
    let once = search(&bundle, "黄河");
    let repeated = search(&bundle, "黄河 黄河 黄河");
    assert_eq!(repeated, once, "same hits, same scores, same occurrences");
    assert_eq!(once[0].occurrences.len() + once[1].occurrences.len(), 3);
}

#[test]
fn a_paragraph_separator_in_a_query_never_matches_across_paragraphs() {
    let bundle = bundle(vec![doc("标题", "保护黄河\n\n流域生态")]);
    for query in [
        "黄河\u{2029}流域",
        "\"黄河\u{2029}流域\"",
        "河\u{2029}流",
        "\u{2029}流域",
    ] {
        for hit in search(&bundle, query) {
            let text = SearchText::of(&bundle.articles()[hit.article]);
            for occurrence in &hit.occurrences {
                let matched = slice(&text.text, occurrence.range.clone());
                assert!(
                    !matched.contains(BREAK),
                    "{query:?} matched {matched:?} across the paragraphs"
                );
            }
        }
    }
    assert_eq!(found(&bundle, "\"黄河\u{2029}流域\""), Vec::<String>::new());
}

#[test]
fn no_match_crosses_a_paragraph_or_field_break() {
    // Each text ends one block or field with 黄河 and starts the next with 流域.
    for body in [
        "保护黄河\n\n流域生态",
        "# 保护黄河\n\n流域生态",
        "- 保护黄河\n- 流域生态",
        "> 保护黄河\n\n流域生态",
        "保护黄河  \n流域生态",
        "| 保护黄河 | 流域生态 |\n|---|---|\n| 甲 | 乙 |",
        "```\n保护黄河\n```\n\n流域生态",
    ] {
        let bundle = bundle(vec![doc("标题", body)]);
        assert_eq!(found(&bundle, "黄河流域"), Vec::<String>::new(), "{body:?}");
        assert_eq!(found(&bundle, "河流"), Vec::<String>::new(), "{body:?}");
        assert_eq!(found(&bundle, "黄河").len(), 1, "{body:?}");
        assert_eq!(found(&bundle, "流域").len(), 1, "{body:?}");
    }
    let mut article = doc("保护黄河", "流域生态");
    article["source"] = "黄河日报".into();
    article["author"] = "流域".into();
    article["lead"] = serde_json::json!({"src": "a.jpg", "alt": "", "caption": "流域黄河"});
    let bundle = bundle(vec![article]);
    assert_eq!(
        found(&bundle, "黄河流域"),
        Vec::<String>::new(),
        "title, caption"
    );
    assert_eq!(
        found(&bundle, "河黄"),
        Vec::<String>::new(),
        "caption, source"
    );
    assert_eq!(
        found(&bundle, "日报流域"),
        Vec::<String>::new(),
        "source, author"
    );
    assert_eq!(
        found(&bundle, "流域流域"),
        Vec::<String>::new(),
        "author, body"
    );
}

#[test]
fn a_soft_line_break_between_han_characters_joins_them() {
    // Chinese never puts a space there, so the text reads, and matches, as one run.
    check("保护黄河\n流域生态", "黄河流域", &["黄河流域"]);
    check("保护 GDP\n数据", "GDP 数据", &["GDP", "数据"]);
}

#[test]
fn a_single_han_character_matches_wherever_it_is() {
    check("黄河。河流，河", "河", &["河", "河", "河"]);
    check("黄河。河流，河", "流", &["流"]);
    check("长", "长", &["长"]);
}

#[test]
fn every_field_is_searched() {
    let mut article = doc("山西党政代表团", "正文内容");
    article["source"] = "山西日报".into();
    article["author"] = "杨文俊".into();
    article["lead"] =
        serde_json::json!({"src": "a.jpg", "alt": "座谈会", "caption": "座谈会在西安市举行"});
    let bundle = bundle(vec![article, doc("标题", "正文")]);
    for query in ["代表团", "西安市", "日报", "杨文俊", "内容"] {
        assert_eq!(found(&bundle, query), ["a0"], "{query:?}");
    }
    // The lead's alt text is not shown as text, so it is not searched apart from the caption.
    assert_eq!(found(&bundle, "座谈会").len(), 1);
}

// Exactness on generated corpora.

fn corpus_seeded(count: usize, body_chars: usize, seed: u64) -> Bundle {
    let (bundle, diagnostics) =
        from_json(&bundle_json(count, body_chars, seed)).expect("the generated bundle parses");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    bundle
}

/// Where the folded `term` occurs in `text`, by brute force, as [`contains`] decides.
fn brute_positions(text: &str, term: &str) -> Vec<usize> {
    let text: Vec<char> = text.chars().map(fold).collect();
    let term: Vec<char> = term.chars().map(fold).collect();
    if term.is_empty() || term.len() > text.len() {
        return Vec::new();
    }
    (0..=text.len() - term.len())
        .filter(|&start| {
            text[start..start + term.len()] == term[..]
                && !(is_word(term[0]) && start > 0 && is_word(text[start - 1]))
                && !(is_word(term[term.len() - 1])
                    && text.get(start + term.len()).is_some_and(|&c| is_word(c)))
        })
        .collect()
}

/// A random run of 1 to 6 characters of some article, without breaks, spaces or quotes.
fn random_term(texts: &[SearchText], rng: &mut Rng, from: Option<usize>) -> (usize, String) {
    loop {
        let doc = from.unwrap_or_else(|| rng.below(texts.len()));
        let source: Vec<char> = texts[doc].text.chars().collect();
        let length = 1 + rng.below(6);
        let start = rng.below(source.len().saturating_sub(length));
        let term: String = source[start..start + length].iter().collect();
        if !(term.contains(BREAK) || term.chars().any(|c| fold(c) == ' ') || term.contains('"')) {
            return (doc, term);
        }
    }
}

/// Runs `queries` queries of `n_terms` random terms on the corpus of `seed`, comparing results and every
/// occurrence with brute force.
#[track_caller]
fn check_exact(seed: u64, rng_seed: u64, n_terms: usize, queries: usize) {
    let bundle = corpus_seeded(300, 400, seed);
    let articles = bundle.articles();
    let index = Index::build(articles);
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let mut rng = Rng::new(rng_seed);
    let mut non_empty = 0;
    for _ in 0..queries {
        let (first_doc, first) = random_term(&texts, &mut rng, None);
        let mut terms = vec![first];
        while terms.len() < n_terms {
            // Half the time from the same article, so that many queries find something.
            let from = (rng.below(2) == 0).then_some(first_doc);
            terms.push(random_term(&texts, &mut rng, from).1);
        }
        let query = Query::parse(&terms.join(" "));
        let hits = index.search(&query, &|_| 0, usize::MAX);
        let mut got: Vec<usize> = hits.iter().map(|hit| hit.article).collect();
        got.sort_unstable();
        let truth: Vec<usize> = (0..texts.len())
            .filter(|&doc| terms.iter().all(|term| contains(&texts[doc].text, term)))
            .collect();
        assert_eq!(got, truth, "query {terms:?}");
        non_empty += usize::from(!truth.is_empty());
        // Each hit lists exactly the true occurrences of each (distinct) term.
        let parsed: Vec<String> = query.terms().map(str::to_owned).collect();
        for hit in &hits {
            for (index, term) in parsed.iter().enumerate() {
                let listed: Vec<usize> = hit
                    .occurrences
                    .iter()
                    .filter(|occurrence| occurrence.term == index)
                    .map(|occurrence| {
                        assert_eq!(occurrence.range.len(), term.chars().count());
                        occurrence.range.start
                    })
                    .collect();
                assert_eq!(
                    listed,
                    brute_positions(&texts[hit.article].text, term),
                    "occurrences of {term:?} in article {}",
                    hit.article
                );
            }
        }
    }
    assert!(
        non_empty > queries / 4,
        "only {non_empty} of {queries} queries found anything"
    );
}

#[test]
fn results_equal_brute_force_truth_on_a_second_corpus() {
    check_exact(1_234_567, 99, 1, 200);
}

#[test]
fn results_of_two_terms_equal_brute_force_truth() {
    check_exact(7, 4242, 2, 200);
    check_exact(1_234_567, 5, 2, 200);
}

// Ranking.

/// `text` padded with `。` to `length` characters, so that articles compare at equal length.
fn padded(text: &str, length: usize) -> String {
    let count = text.chars().count();
    assert!(count <= length, "{text:?} is longer than {length}");
    format!("{text}{}", "。".repeat(length - count))
}

fn published(mut article: serde_json::Value, at: &str) -> serde_json::Value {
    article["published"] = at.into();
    article
}

#[test]
fn a_title_hit_outranks_many_body_hits() {
    let title_hit = doc("黄河新闻", &padded("生态保护", 60));
    let body_hits = doc("今日新闻", &padded(&"黄河流域，".repeat(8), 60));
    // The body hits are newer, so the tie-break cannot be what decides.
    let body_hits = published(body_hits, "2025-01-01T08:00:00+08:00");
    let body_first = bundle(vec![body_hits.clone(), title_hit.clone()]);
    assert_eq!(found(&body_first, "黄河"), ["a1", "a0"]);
    let title_first = bundle(vec![title_hit, body_hits]);
    assert_eq!(found(&title_first, "黄河"), ["a0", "a1"]);
}

#[test]
fn more_occurrences_rank_higher() {
    let older = published(
        doc("新闻", &padded("黄河，黄河，黄河。", 80)),
        "2020-01-01T08:00:00+08:00",
    );
    let newer = doc("新闻", &padded("黄河。", 80));
    let bundle = bundle(vec![newer, older]);
    assert_eq!(found(&bundle, "黄河"), ["a1", "a0"]);
    let hits = search(&bundle, "黄河");
    assert!(hits[0].score > hits[1].score, "{hits:?}");
}

#[test]
fn terms_close_together_rank_above_the_same_terms_far_apart() {
    let far = doc("新闻", &format!("黄河{}流域", "。".repeat(60)));
    let near = published(
        doc("新闻", &format!("黄河流域{}", "。".repeat(60))),
        "2020-01-01T08:00:00+08:00",
    );
    let bundle = bundle(vec![far, near]);
    assert_eq!(found(&bundle, "黄河 流域"), ["a1", "a0"]);
    assert_eq!(found(&bundle, "流域 黄河"), ["a1", "a0"]);
}

#[test]
fn equal_matches_are_newest_first() {
    let bundle = bundle(vec![
        published(doc("新闻", "黄河"), "2023-05-01T08:00:00+08:00"),
        published(doc("新闻", "黄河"), "2024-05-01T08:00:00+08:00"),
        published(doc("新闻", "黄河"), "2022-05-01T08:00:00+08:00"),
        // The same moment in another offset: older by an hour.
        published(doc("新闻", "黄河"), "2024-05-01T08:00:00+09:00"),
    ]);
    assert_eq!(found(&bundle, "黄河"), ["a1", "a3", "a0", "a2"]);
    let hits = search(&bundle, "黄河");
    assert!(
        hits.windows(2).all(|pair| pair[0].score == pair[1].score),
        "{hits:?}"
    );
}

#[test]
fn hits_are_best_first_with_finite_scores() {
    let bundle = corpus(200, 300);
    for query in ["黄河", "生态 保护", "项目", "发展", "山西 项目"] {
        let hits = search(&bundle, query);
        assert!(!hits.is_empty(), "{query:?}");
        assert!(
            hits.iter()
                .all(|hit| hit.score.is_finite() && hit.score > 0.0),
            "{query:?}"
        );
        assert!(
            hits.windows(2).all(|pair| pair[0].score >= pair[1].score),
            "{query:?}"
        );
    }
}

// Highlights.

/// The segments as one string, marks in brackets.
fn render(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|segment| {
            if segment.marked {
                format!("[{}]", segment.text)
            } else {
                segment.text.clone()
            }
        })
        .collect()
}

/// The excerpt and title segments of the single article `article` for `query`.
#[track_caller]
fn highlights(article: serde_json::Value, query: &str) -> (String, String) {
    let bundle = bundle(vec![article]);
    let text = SearchText::of(&bundle.articles()[0]);
    let hits = search(&bundle, query);
    assert_eq!(hits.len(), 1, "{query:?} finds the article");
    let occurrences = &hits[0].occurrences;
    (
        render(&excerpt(&text, occurrences)),
        render(&field_segments(&text, text.title.clone(), occurrences)),
    )
}

#[test]
fn excerpt_and_title_mark_each_occurrence() {
    let (body, title) = highlights(doc("黄河之水", "保护黄河，治理黄河流域。"), "黄河");
    assert_eq!(body, "保护[黄河]，治理[黄河]流域。");
    assert_eq!(title, "[黄河]之水");
    let (body, title) = highlights(doc("GDP 增长", "GDP、gdp 与 ｇｄｐ，GDPs 不算"), "gdp");
    assert_eq!(body, "[GDP]、[gdp] 与 [ｇｄｐ]，GDPs 不算");
    assert_eq!(title, "[GDP] 增长");
    let (body, _) = highlights(doc("标题", "黄河黄河"), "黄河");
    assert_eq!(body, "[黄河][黄河]", "adjacent occurrences are two marks");
}

#[test]
fn overlapping_occurrences_get_disjoint_marks() {
    let (body, title) = highlights(doc("哈哈哈", "哈哈哈哈"), "哈哈");
    assert_eq!(title, "[哈哈]哈");
    assert_eq!(body, "[哈哈][哈哈]");
    let (body, title) = highlights(doc("黄河流", "黄河流"), "黄河 河流");
    assert_eq!(title, "[黄河]流");
    assert_eq!(body, "[黄河]流");
    let (body, _) = highlights(doc("标题", "黄河流"), "河流 黄河");
    assert_eq!(
        body, "[黄河]流",
        "the earlier occurrence wins, whichever term it is"
    );
}

#[test]
fn an_article_matching_only_in_its_title_shows_its_body_start_unmarked() {
    let body = "生态保护".repeat(40);
    let (excerpt, title) = highlights(doc("黄河新闻", &body), "黄河");
    assert_eq!(title, "[黄河]新闻");
    assert_eq!(
        excerpt,
        format!("{}…", &"生态保护".repeat(40)[..EXCERPT_CHARS * 3])
    );
    let (excerpt, _) = highlights(doc("黄河新闻", "短正文"), "黄河");
    assert_eq!(excerpt, "短正文");
}

#[test]
fn breaks_show_as_spaces_in_excerpts() {
    let (excerpt, _) = highlights(doc("标题", "第一段黄河。\n\n第二段黄河。"), "黄河");
    assert_eq!(excerpt, "第一段[黄河]。 第二段[黄河]。");
}

#[test]
fn an_occurrence_at_the_window_edge_is_never_cut() {
    // The window runs EXCERPT_CHARS from the body start; the second occurrence straddles its end.
    let term = "黄河流域生态";
    let body = format!(
        "{term}{}{term}{}",
        "。".repeat(EXCERPT_CHARS - 9),
        "。".repeat(50)
    );
    let (shown, _) = highlights(doc("标题", &body), term);
    let expect = format!("[{term}]{}[{term}]…", "。".repeat(EXCERPT_CHARS - 9));
    assert_eq!(shown, expect);

    // The best place is the 黄河流域 at 100, with 生态 soon after it; the window starts EXCERPT_CHARS / 3 before
    // it, where the 黄河流域 at 68 straddles the start.
    let gap = |n: usize| "。".repeat(n);
    let body = format!(
        "{}黄河流域{}黄河流域{}生态{}",
        gap(68),
        gap(28),
        gap(26),
        gap(100)
    );
    let bundle = bundle(vec![doc("标题", &body)]);
    let text = SearchText::of(&bundle.articles()[0]);
    let hits = search(&bundle, "黄河流域 生态");
    let segments = excerpt(&text, &hits[0].occurrences);
    assert_eq!(
        render(&segments),
        format!(
            "…[黄河流域]{}[黄河流域]{}[生态]{}…",
            gap(28),
            gap(26),
            gap(28)
        ),
    );
    check_excerpt(&text, &hits[0].occurrences, &["黄河流域", "生态"]);
}

/// Checks that `excerpt` marks exactly the true occurrences of `terms` in its window: each mark is one whole
/// occurrence, every occurrence in the window is marked unless it overlaps an earlier one, none is cut.
#[track_caller]
fn check_excerpt(text: &SearchText, occurrences: &[Occurrence], terms: &[&str]) {
    let segments = excerpt(text, occurrences);
    // Where the window is: the shown text (breaks as spaces) without the ellipses, found in the body.
    let mut inner: &[Segment] = &segments;
    let leading = inner
        .first()
        .is_some_and(|segment| segment.text == "…" && !segment.marked);
    if leading {
        inner = &inner[1..];
    }
    let trailing = inner
        .last()
        .is_some_and(|segment| segment.text == "…" && !segment.marked);
    if trailing {
        inner = &inner[..inner.len() - 1];
    }
    let shown: Vec<char> = inner
        .iter()
        .flat_map(|segment| segment.text.chars())
        .collect();
    let display: Vec<char> = text
        .text
        .chars()
        .map(|c| if c == BREAK { ' ' } else { c })
        .collect();
    let starts: Vec<usize> = (text.body.start..=text.body.end.saturating_sub(shown.len()))
        .filter(|&start| display[start..start + shown.len()] == shown[..])
        .collect();
    let [start] = starts[..] else {
        panic!(
            "the excerpt {:?} is not in the body once: {starts:?}",
            render(&segments)
        );
    };
    let window = start..start + shown.len();
    assert_eq!(
        leading,
        window.start > text.body.start,
        "{}",
        render(&segments)
    );
    assert_eq!(
        trailing,
        window.end < text.body.end,
        "{}",
        render(&segments)
    );
    // The marks, as char ranges of the search text.
    let mut marks = Vec::new();
    let mut cursor = window.start;
    for segment in inner {
        let length = segment.text.chars().count();
        if segment.marked {
            marks.push(cursor..cursor + length);
        }
        cursor += length;
    }
    // The truth: every occurrence of every term in the body, by brute force.
    let mut truth: Vec<Range<usize>> = terms
        .iter()
        .flat_map(|term| {
            let length = term.chars().count();
            brute_positions(&text.text, term)
                .into_iter()
                .map(move |start| start..start + length)
        })
        .filter(|range| range.start >= text.body.start && range.end <= text.body.end)
        .collect();
    truth.sort_by_key(|range| (range.start, range.end));
    for range in &truth {
        let cut = (range.start < window.start && range.end > window.start)
            || (range.start < window.end && range.end > window.end);
        let marked_whole = marks.contains(range);
        assert!(
            !cut || !marked_whole,
            "{range:?} is cut by the window {window:?}"
        );
        // Cut is allowed only for occurrences overlapping a marked one (dropped as not disjoint).
        if cut {
            assert!(
                marks
                    .iter()
                    .any(|mark| mark.start < range.end && range.start < mark.end),
                "{range:?} is cut by the window {window:?}: {}",
                render(&segments)
            );
        }
    }
    for mark in &marks {
        assert!(
            truth.contains(mark),
            "{mark:?} is not one whole occurrence: {}",
            render(&segments)
        );
        let mark_text = folded(&slice(&text.text, mark.clone()));
        assert!(
            terms.iter().any(|term| folded(term) == mark_text),
            "{mark_text:?} is no term of {terms:?}"
        );
    }
    assert!(
        marks.windows(2).all(|pair| pair[0].end <= pair[1].start),
        "marks overlap: {marks:?}"
    );
    // Every occurrence inside the window is marked, except those overlapping an earlier mark.
    let mut expect_marks: Vec<Range<usize>> = Vec::new();
    for range in truth
        .iter()
        .filter(|range| range.start >= window.start && range.end <= window.end)
    {
        if expect_marks
            .last()
            .is_none_or(|last| range.start >= last.end)
        {
            expect_marks.push(range.clone());
        }
    }
    // Ranges dropped at the window start because an earlier, cut-off-but-marked range overlaps them are fine:
    // compare only from the first mark on.
    assert_eq!(marks, expect_marks, "{}", render(&segments));
}

/// Checks that `field_segments` marks exactly the disjoint true occurrences of `terms` in `field`.
#[track_caller]
fn check_field(text: &SearchText, field: Range<usize>, occurrences: &[Occurrence], terms: &[&str]) {
    let segments = field_segments(text, field.clone(), occurrences);
    let shown: String = segments
        .iter()
        .map(|segment| segment.text.as_str())
        .collect();
    assert_eq!(
        shown,
        slice(&text.text, field.clone()).replace(BREAK, " "),
        "breaks show as spaces"
    );
    let mut marks = Vec::new();
    let mut cursor = field.start;
    for segment in &segments {
        let length = segment.text.chars().count();
        if segment.marked {
            marks.push(cursor..cursor + length);
        }
        cursor += length;
    }
    let mut truth: Vec<Range<usize>> = terms
        .iter()
        .flat_map(|term| {
            let length = term.chars().count();
            brute_positions(&text.text, term)
                .into_iter()
                .map(move |start| start..start + length)
        })
        .filter(|range| range.start >= field.start && range.end <= field.end)
        .collect();
    truth.sort_by_key(|range| (range.start, range.end));
    let mut expect_marks: Vec<Range<usize>> = Vec::new();
    for range in truth {
        if expect_marks
            .last()
            .is_none_or(|last| range.start >= last.end)
        {
            expect_marks.push(range);
        }
    }
    assert_eq!(marks, expect_marks, "{}", render(&segments));
}

#[test]
fn highlights_in_generated_articles_are_the_true_occurrences() {
    let bundle = corpus_seeded(200, 600, 31);
    let articles = bundle.articles();
    let index = Index::build(articles);
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let mut rng = Rng::new(77);
    let mut checked = 0;
    while checked < 150 {
        let (doc, first) = random_term(&texts, &mut rng, None);
        let mut typed = vec![first];
        if rng.below(2) == 0 {
            typed.push(random_term(&texts, &mut rng, Some(doc)).1);
        }
        let query = Query::parse(&typed.join(" "));
        let terms: Vec<&str> = query.terms().collect();
        for hit in index.search(&query, &|_| 0, 5).iter().take(5) {
            let text = &texts[hit.article];
            check_excerpt(text, &hit.occurrences, &terms);
            check_field(text, text.title.clone(), &hit.occurrences, &terms);
            check_field(text, text.body.clone(), &hit.occurrences, &terms);
            assert_eq!(index.occurrences_in(&query, hit.article), hit.occurrences);
        }
        checked += 1;
    }
}

// The searchable text.

#[test]
fn search_text_joins_the_fields_in_order() {
    let mut article = doc("标题", "正文");
    article["source"] = "来源".into();
    article["author"] = "作者".into();
    article["lead"] = serde_json::json!({"src": "a.jpg", "alt": "替代文字", "caption": "图片说明"});
    let bundle = bundle(vec![article, doc("只有标题", "正文")]);
    let text = SearchText::of(&bundle.articles()[0]);
    assert_eq!(
        text.text,
        "标题\u{2029}图片说明\u{2029}来源\u{2029}作者\u{2029}正文"
    );
    for (range, expect) in [
        (&text.title, "标题"),
        (&text.caption, "图片说明"),
        (&text.source, "来源"),
        (&text.author, "作者"),
        (&text.body, "正文"),
    ] {
        assert_eq!(slice(&text.text, range.clone()), expect, "{range:?}");
    }
    assert_eq!(
        (
            text.title.clone(),
            text.caption.clone(),
            text.source.clone(),
            text.author.clone(),
            text.body.clone()
        ),
        (0..2, 3..7, 8..10, 11..13, 14..16)
    );

    let bare = SearchText::of(&bundle.articles()[1]);
    assert_eq!(bare.text, "只有标题\u{2029}\u{2029}\u{2029}\u{2029}正文");
    assert_eq!(
        (
            bare.title,
            bare.caption,
            bare.source,
            bare.author,
            bare.body
        ),
        (0..4, 5..5, 6..6, 7..7, 8..10)
    );
}

#[test]
fn search_text_body_is_the_rendered_text_with_blocks_separated() {
    let body = "第一段**加粗**，[链接文字](https://example.cn/secret-url)。\n\n\
        ![图片替代](media/a.png)图后\n\n<b>原样 HTML</b>\n\n- 项一\n- 项二\n\n# 标题二\n\n```\ncode 块\n```";
    let bundle = bundle(vec![doc("标题", body)]);
    let article = &bundle.articles()[0];
    let text = SearchText::of(article);
    let body_text = slice(&text.text, text.body.clone());
    assert_eq!(body_text, flatten(&body_nodes(article)));
    let rendered = body_nodes(article);
    let rendered: String = rendered.iter().map(crate::node::to_html).collect();
    assert_eq!(
        body_text.split(BREAK).collect::<Vec<_>>(),
        [
            "第一段加粗，链接文字。",
            "图后",
            "原样 HTML",
            "项一",
            "项二",
            "标题二",
            "code 块\n"
        ],
        "{rendered}"
    );
    assert!(
        !body_text.contains("secret-url") && !body_text.contains("图片替代"),
        "{body_text:?}"
    );
}

#[test]
fn text_in_raw_html_is_searched_and_tags_urls_and_alt_text_are_not() {
    let body = "看<b>这里</b>。[链接文字](https://example.cn/secret) ![替代文字](a.png)";
    let bundle = bundle(vec![doc("标题", body)]);
    assert_eq!(found(&bundle, "<b>"), Vec::<String>::new());
    assert_eq!(found(&bundle, "看这里"), ["a0"]);
    assert_eq!(found(&bundle, "链接文字"), ["a0"]);
    assert_eq!(found(&bundle, "secret"), Vec::<String>::new());
    assert_eq!(found(&bundle, "替代文字"), Vec::<String>::new());
}

// The index.

#[test]
fn the_index_counts_its_articles_and_memory() {
    let empty = Index::build(&[]);
    assert_eq!((empty.len(), empty.is_empty()), (0, true));
    let small = corpus_seeded(10, 200, 5);
    let large = corpus_seeded(100, 200, 5);
    let small_index = Index::build(small.articles());
    let large_index = Index::build(large.articles());
    assert_eq!((small_index.len(), small_index.is_empty()), (10, false));
    assert_eq!(large_index.len(), 100);
    assert!(small_index.heap_bytes() > 0);
    assert!(
        large_index.heap_bytes() > small_index.heap_bytes(),
        "{small_index:?} {large_index:?}"
    );
    assert!(format!("{large_index:?}").contains("articles: 100"));
}

#[test]
fn an_empty_bundle_finds_nothing() {
    let empty = bundle(Vec::new());
    let index = Index::build(empty.articles());
    for query in ["黄河", "a", "", "5G 黄河"] {
        assert_eq!(
            index.search(&Query::parse(query), &|_| 0, usize::MAX),
            Vec::new(),
            "{query:?}"
        );
        assert_eq!(
            index.occurrences_in(&Query::parse(query), 0),
            Vec::new(),
            "{query:?}"
        );
    }
}

#[test]
fn occurrences_in_one_article_of_a_large_corpus_equal_brute_force_truth() {
    // Enough articles that common keys' postings are long and read by skipping.
    let bundle = corpus_seeded(1_500, 300, 2024);
    let articles = bundle.articles();
    let index = Index::build(articles);
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let mut rng = Rng::new(8);
    for _ in 0..400 {
        let (_, term) = random_term(&texts, &mut rng, None);
        // Often an article that has the term, sometimes one picked at random.
        let doc = if rng.below(2) == 0 {
            random_term(&texts, &mut rng, None).0
        } else {
            let (doc, _) = random_term(&texts, &mut rng, None);
            let with: Vec<usize> = (0..texts.len())
                .filter(|&other| contains(&texts[other].text, &term))
                .collect();
            with.get(rng.below(with.len())).copied().unwrap_or(doc)
        };
        let query = Query::parse(&term);
        let starts: Vec<usize> = index
            .occurrences_in(&query, doc)
            .iter()
            .map(|occurrence| occurrence.range.start)
            .collect();
        assert_eq!(
            starts,
            brute_positions(&texts[doc].text, &term),
            "{term:?} in article {doc}"
        );
    }
}

#[test]
fn only_the_first_detailed_hits_say_where_terms_occur() {
    let bundle = corpus(200, 300);
    let articles = bundle.articles();
    let index = Index::build(articles);
    let query = Query::parse("项目");
    let all = index.search(&query, &|_| 0, usize::MAX);
    let some = index.search(&query, &|_| 0, 3);
    assert!(all.len() > 3);
    assert_eq!(
        all.iter()
            .map(|hit| (hit.article, hit.score))
            .collect::<Vec<_>>(),
        some.iter()
            .map(|hit| (hit.article, hit.score))
            .collect::<Vec<_>>(),
        "the same hits in the same order"
    );
    assert_eq!(some[..3], all[..3]);
    assert!(some[3..].iter().all(|hit| hit.occurrences.is_empty()));
    for hit in &all {
        assert_eq!(hit.occurrences, index.occurrences_in(&query, hit.article));
    }
}

#[test]
fn positions_that_do_not_fit_make_the_build_start_again_with_room() {
    let bundle = corpus(20, 200);
    let articles = bundle.articles();
    // Too few position bits for these texts: the build measures the longest text instead of corrupting
    // postings, and starts again with room for it.
    let mut build = IndexBuild::with_packing(articles.len(), Packing::for_longest(3));
    let retried = loop {
        if let Some(index) = build.step(articles, 1000) {
            break index;
        }
    };
    let longest = articles
        .iter()
        .map(|article| SearchText::of(article).text.chars().count())
        .max()
        .expect("articles");
    assert_eq!(retried.packing, Packing::for_longest(longest));
    assert_eq!(retried, Index::build(articles));
}

#[test]
fn an_index_built_in_slices_is_the_index_built_at_once() {
    let bundle = corpus(300, 400);
    let articles = bundle.articles();
    let whole = Index::build(articles);
    // 300 articles of about 400 characters make about 120,000 characters and as many bytes of postings.
    for (budget, at_least) in [(1, 300), (97, 300), (5_000, 40), (100_000, 2)] {
        let mut build = IndexBuild::new(articles);
        let mut steps = 0;
        let sliced = loop {
            steps += 1;
            if let Some(index) = build.step(articles, budget) {
                break index;
            }
        };
        assert!(sliced == whole, "budget {budget}: a different index");
        assert!(steps >= at_least, "budget {budget}: {steps} steps");
        assert_eq!(
            build.step(articles, budget),
            None,
            "a finished build gives its index once"
        );
    }
}

// The chunked index (issue 8): a reader with only the chunks a query needs answers as the whole index does.

use super::chunks::{Manifest, Origin, Piece};
use super::remote::{IndexFile, Progress, Remote};

fn origins(articles: &[Article]) -> Vec<Origin> {
    articles
        .iter()
        .map(|article| Origin {
            bundle: format!("{}.json", article.channel()),
            channel: article.channel().to_uppercase(),
        })
        .collect()
}

/// The files of an index as a static host holds them, the manifest among them, and whether the host sends
/// byte ranges when asked for them (or whole files, as some hosts and file:// do).
#[derive(Default)]
struct Host {
    files: HashMap<String, Vec<u8>>,
    ranges: bool,
}

impl Host {
    fn with_ranges() -> Host {
        Host {
            files: HashMap::new(),
            ranges: true,
        }
    }

    /// Adds a build's files.
    fn add(&mut self, manifest: &Manifest, pieces: &[Piece]) {
        self.files.extend(
            chunks::files(manifest, pieces.to_vec()).map(|piece| (piece.name, piece.bytes)),
        );
    }

    /// What the host sends for `file`: the range asked for if it sends ranges, else the whole file.
    fn answer(&self, file: &IndexFile) -> Result<Vec<u8>, crate::fetch::FetchError> {
        let path = file.name.split('#').next().unwrap_or_default();
        let bytes = self.files.get(path).ok_or_else(not_found)?;
        match file.range {
            Some((start, end)) if self.ranges => bytes
                .get(start as usize..end as usize)
                .map(<[u8]>::to_vec)
                .ok_or(crate::fetch::FetchError::Http {
                    status: 416,
                    status_text: "Range Not Satisfiable".to_owned(),
                }),
            _ => Ok(bytes.clone()),
        }
    }
}

/// Serves a query from `host` the way the browser does: fetch what the reader asks for, hand it over, repeat.
/// Returns the hits and how many requests the query made.
fn remote_search(
    remote: &mut Remote,
    host: &Host,
    query: &Query,
    detailed: usize,
) -> (Vec<Hit>, usize) {
    let mut fetched = 0;
    for _ in 0..10 {
        let files = match remote.search(query, detailed) {
            Progress::Ready(hits) => return (hits, fetched),
            Progress::Needs(names) => remote.request(names),
        };
        assert!(!files.is_empty(), "a reader that needs files asks for them");
        for file in files {
            fetched += 1;
            for next in remote.received(&file.name, host.answer(&file)) {
                assert!(host.files.contains_key(&next));
            }
        }
    }
    panic!("a query needs at most a few rounds of files");
}

/// Random queries: substrings of 1 to 6 characters of the articles' text, every fourth with a second term.
fn random_queries(texts: &[SearchText], count: usize, seed: u64) -> Vec<Query> {
    let mut rng = Rng::new(seed);
    let mut queries = Vec::with_capacity(count);
    while queries.len() < count {
        let source: Vec<char> = texts[rng.below(texts.len())].text.chars().collect();
        let length = 1 + rng.below(6);
        let start = rng.below(source.len().saturating_sub(length));
        let mut query: String = source[start..start + length].iter().collect();
        if queries.len() % 4 == 3 {
            let other = rng.below(source.len().saturating_sub(3));
            query.push(' ');
            query.extend(&source[other..other + 3]);
        }
        let query = Query::parse(&query);
        if !query.is_empty() {
            queries.push(query);
        }
    }
    queries
}

#[test]
fn chunked_search_equals_the_whole_index_for_200_queries() {
    let bundle = corpus(400, 600);
    let articles = bundle.articles();
    let index = Index::build(articles);
    let (manifest, pieces) = chunks::build(articles, &origins(articles), None);
    // The manifest is a line per segment; the segment's listing is in its head, a piece of its own.
    let mut read_back = Manifest::parse(&manifest.to_text()).expect("the manifest reads back");
    assert!(
        manifest.to_text().lines().count() == 3,
        "{}",
        manifest.to_text()
    );
    let head = pieces
        .iter()
        .find(|piece| piece.name == manifest.segments[0].head)
        .expect("the head is a piece");
    let table = read_back.segments[0]
        .read_head(&head.bytes)
        .expect("the head reads back");
    assert_eq!(table.len(), articles.len());
    assert_eq!(read_back, manifest);
    assert!(
        manifest.segments[0].volumes().count() > 3,
        "the postings fill several volumes: {}",
        manifest.segments[0].volumes().count()
    );
    let published = |article: usize| articles[article].published().unix_seconds();
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    // Read with byte ranges, and from a host that sends whole files instead: the same results as the whole
    // index, every time.
    for mut host in [Host::with_ranges(), Host::default()] {
        host.add(&manifest, &pieces);
        let mut remote = Remote::new("https://example.cn/search/index.txt");
        let mut fetched = Vec::new();
        for query in random_queries(&texts, 200, 8) {
            let (from_chunks, count) = remote_search(&mut remote, &host, &query, 10);
            let whole = index.search(&query, &published, 10);
            assert_eq!(
                from_chunks,
                whole,
                "query {:?}, ranges {}",
                query.terms().collect::<Vec<_>>(),
                host.ranges
            );
            fetched.push(count);
        }
        // The first query fetched the manifest and the document table; later ones, only chunks not seen before.
        assert!(fetched[0] >= 3, "{fetched:?}");
        fetched.sort_unstable();
        assert!(
            fetched[fetched.len() / 2] <= 3,
            "a typical later query makes few requests: {fetched:?}"
        );
    }
}

#[test]
fn chunks_are_read_as_byte_ranges_until_the_host_sends_whole_volumes() {
    let bundle = corpus(200, 600);
    let articles = bundle.articles();
    let (manifest, pieces) = chunks::build(articles, &origins(articles), None);
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let queries = random_queries(&texts, 20, 3);
    let volume_sizes: HashMap<&str, usize> = pieces
        .iter()
        .filter(|piece| !piece.gzip)
        .map(|piece| (piece.name.as_str(), piece.bytes.len()))
        .collect();
    assert!(
        volume_sizes
            .values()
            .all(|&size| size <= chunks::VOLUME_BYTES),
        "{volume_sizes:?}"
    );
    for mut host in [Host::with_ranges(), Host::default()] {
        host.add(&manifest, &pieces);
        let mut remote = Remote::new("https://example.cn/search/index.txt");
        // The volumes asked for, by round.
        let mut rounds: Vec<Vec<IndexFile>> = Vec::new();
        for query in queries.iter().cycle().take(200) {
            let files = match remote.search(query, 10) {
                Progress::Ready(_) => continue,
                Progress::Needs(names) => remote.request(names),
            };
            let mut round = Vec::new();
            for file in files {
                remote.received(&file.name, host.answer(&file));
                if volume_sizes
                    .keys()
                    .any(|name| file.url.ends_with(&format!("/{name}")))
                {
                    round.push(file);
                }
            }
            if !round.is_empty() {
                rounds.push(round);
            }
        }
        assert!(rounds.len() > 1, "{rounds:?}");
        // Volumes are asked for in ranges at first either way; once a host has sent one whole, whole volumes,
        // which hold every chunk of them.
        assert!(
            rounds[0].iter().all(|file| file.range.is_some()),
            "{rounds:?}"
        );
        for file in rounds[1..].iter().flatten() {
            assert_eq!(file.range.is_some(), host.ranges, "{rounds:?}");
        }
        for file in rounds.iter().flatten() {
            let Some((start, end)) = file.range else {
                continue;
            };
            assert!(start < end && file.name.ends_with(&format!("#{start}-{end}")));
            assert!((end - start) as usize <= chunks::VOLUME_BYTES);
        }
    }
}

#[test]
fn results_show_fragments_with_their_bundle_channel_and_marked_excerpt() {
    let bundle = corpus(100, 600);
    let articles = bundle.articles();
    let (manifest, pieces) = chunks::build(articles, &origins(articles), None);
    let mut host = Host::with_ranges();
    host.add(&manifest, &pieces);
    let mut remote = Remote::new("https://example.cn/search/index.txt");
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let title: String = texts[57].text.chars().take(4).collect();
    let query = Query::parse(&title);
    let (hits, _) = remote_search(&mut remote, &host, &query, 10);
    let shown: Vec<usize> = hits.iter().take(10).map(|hit| hit.article).collect();
    let Progress::Needs(packs) = remote.fragments(&shown) else {
        panic!("the packs are fetched only once results are shown");
    };
    for file in remote.request(packs) {
        remote.received(&file.name, host.answer(&file));
    }
    let Progress::Ready(fragments) = remote.fragments(&shown) else {
        panic!("the packs arrived");
    };
    for (hit, fragment) in hits.iter().zip(fragments) {
        let fragment = fragment.expect("every hit has a fragment");
        let article = &articles[hit.article];
        assert_eq!(fragment.id, article.id());
        assert_eq!(fragment.bundle, format!("{}.json", article.channel()));
        assert_eq!(
            remote.bundle_url(fragment),
            format!("https://example.cn/search/{}.json", article.channel())
        );
        assert_eq!(fragment.channel, article.channel().to_uppercase());
        assert_eq!(fragment.published, article.published().as_str());
        assert_eq!(fragment.date, article.published().date());
        let whole = &texts[hit.article];
        assert_eq!(fragment.text.title, whole.title);
        assert!(whole.text.starts_with(&fragment.text.text));
        assert_eq!(
            field_segments(
                &fragment.text,
                fragment.text.title.clone(),
                &hit.occurrences
            ),
            field_segments(whole, whole.title.clone(), &hit.occurrences),
            "the title is marked as with the whole text"
        );
        // Where the excerpt's best place is within the kept text, the excerpt is the whole text's.
        let kept_end = fragment.text.body.end;
        if hit
            .occurrences
            .iter()
            .all(|occurrence| occurrence.range.end + EXCERPT_CHARS < kept_end)
        {
            assert_eq!(
                excerpt(&fragment.text, &hit.occurrences)
                    .iter()
                    .filter(|segment| segment.marked)
                    .count(),
                excerpt(whole, &hit.occurrences)
                    .iter()
                    .filter(|segment| segment.marked)
                    .count()
            );
        }
    }
}

#[test]
fn adding_articles_writes_one_new_segment_and_answers_as_a_full_rebuild() {
    let bundle = corpus(300, 500);
    let articles = bundle.articles();
    let origins = origins(articles);
    let (base, base_pieces) = chunks::build(&articles[..250], &origins[..250], None);
    let (updated, new_pieces) = chunks::build(articles, &origins, Some(&base));
    let (rebuilt, _) = chunks::build(articles, &origins, None);
    assert_eq!(updated.segments.len(), 2);
    assert_eq!(
        updated.segments[0], base.segments[0],
        "the base is kept as it was"
    );
    let base_names: Vec<&str> = base_pieces
        .iter()
        .map(|piece| piece.name.as_str())
        .collect();
    assert!(
        new_pieces
            .iter()
            .all(|piece| !base_names.contains(&piece.name.as_str())),
        "only the new segment's files are written"
    );
    assert!(new_pieces.len() < base_pieces.len() / 2);
    assert_eq!(rebuilt.segments.len(), 1);
    assert_ne!(updated.build_id, base.build_id);

    // Base plus delta, served together, answers every query exactly as the full rebuild.
    let mut incremental_files = Host::with_ranges();
    incremental_files.add(&base, &base_pieces);
    incremental_files.add(&updated, &new_pieces);
    let mut full_files = Host::with_ranges();
    let (_, rebuilt_pieces) = chunks::build(articles, &origins, None);
    full_files.add(&rebuilt, &rebuilt_pieces);
    let mut incremental = Remote::new("https://example.cn/i/index.txt");
    let mut full = Remote::new("https://example.cn/f/index.txt");
    let index = Index::build(articles);
    let published = |article: usize| articles[article].published().unix_seconds();
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    for query in random_queries(&texts, 200, 21) {
        let (from_segments, _) = remote_search(&mut incremental, &incremental_files, &query, 10);
        let (from_rebuild, _) = remote_search(&mut full, &full_files, &query, 10);
        assert_eq!(
            from_segments,
            from_rebuild,
            "query {:?}",
            query.terms().collect::<Vec<_>>()
        );
        assert_eq!(from_rebuild, index.search(&query, &published, 10));
    }

    // The same input again changes nothing; an edited article rebuilds the whole index as one segment.
    let (again, nothing) = chunks::build(articles, &origins, Some(&updated));
    assert_eq!(again, updated);
    assert!(nothing.is_empty());
    let mut edited = origins.clone();
    edited[3].channel = "改名的频道".to_owned();
    let (after_edit, _) = chunks::build(articles, &edited, Some(&updated));
    assert_eq!(after_edit.segments.len(), 1);
}

#[test]
fn segments_are_capped_and_then_compacted() {
    let bundle = corpus(60, 200);
    let articles = bundle.articles();
    let origins = origins(articles);
    let mut manifest = chunks::build(&articles[..10], &origins[..10], None).0;
    for end in 11..10 + chunks::MAX_SEGMENTS {
        manifest = chunks::build(&articles[..end], &origins[..end], Some(&manifest)).0;
    }
    assert_eq!(manifest.segments.len(), chunks::MAX_SEGMENTS);
    let end = 10 + chunks::MAX_SEGMENTS;
    let compacted = chunks::build(&articles[..end], &origins[..end], Some(&manifest)).0;
    assert_eq!(compacted.segments.len(), 1);
    assert_eq!(compacted.len(), end);
}

#[test]
fn chunking_is_deterministic_and_names_pieces_by_content() {
    let bundle = corpus(120, 300);
    let articles = bundle.articles();
    let first = chunks::build(articles, &origins(articles), None);
    let second = chunks::build(articles, &origins(articles), None);
    assert_eq!(first, second);
    for piece in &first.1 {
        assert!(
            piece.name.ends_with(".bin") && piece.name.len() > 20,
            "{}",
            piece.name
        );
    }
    let other = chunks::build(&articles[..119], &origins(&articles[..119]), None);
    assert_ne!(
        first.0.build_id, other.0.build_id,
        "another input, another build id"
    );
}

#[test]
fn a_broken_or_missing_index_file_costs_results_and_says_why_never_a_panic() {
    let bundle = corpus(80, 300);
    let articles = bundle.articles();
    let (manifest, pieces) = chunks::build(articles, &origins(articles), None);
    let query = Query::parse(
        &SearchText::of(&articles[5])
            .text
            .chars()
            .take(3)
            .collect::<String>(),
    );
    let mut rng = Rng::new(5);
    for round in 0..300 {
        // Every other round from a host that sends whole files: volumes are damaged either way.
        let mut host = if round % 2 == 0 {
            Host::with_ranges()
        } else {
            Host::default()
        };
        host.add(&manifest, &pieces);
        let files = &mut host.files;
        // Damage one file: cut it, flip bytes, or drop it.
        let mut names: Vec<String> = files.keys().cloned().collect();
        names.sort();
        let name = names[rng.below(names.len())].clone();
        match round % 3 {
            0 => {
                let bytes = files.get_mut(&name).expect("listed");
                let keep = rng.below(bytes.len() + 1);
                bytes.truncate(keep);
            }
            1 => {
                let bytes = files.get_mut(&name).expect("listed");
                for _ in 0..4 {
                    if !bytes.is_empty() {
                        let at = rng.below(bytes.len());
                        bytes[at] = rng.below(256) as u8;
                    }
                }
            }
            _ => {
                files.remove(&name);
            }
        }
        let mut remote = Remote::new("https://example.cn/index.txt");
        // Fetch until nothing more is asked for: every step must be safe, whatever the bytes.
        for _ in 0..10 {
            let asked = match remote.search(&query, 10) {
                Progress::Ready(hits) => {
                    let shown: Vec<usize> = hits.iter().map(|hit| hit.article).collect();
                    match remote.fragments(&shown) {
                        Progress::Ready(_) => break,
                        Progress::Needs(names) => remote.request(names),
                    }
                }
                Progress::Needs(names) => remote.request(names),
            };
            if asked.is_empty() {
                assert!(remote.failure().is_some(), "a stuck reader says why");
                break;
            }
            for file in asked {
                remote.received(&file.name, host.answer(&file));
            }
        }
    }
}

#[test]
fn fragment_packs_read_back_and_refuse_a_cut_pack() {
    let bundle = corpus(40, 300);
    let articles = bundle.articles();
    let texts: Vec<SearchText> = articles.iter().map(SearchText::of).collect();
    let bytes = chunks::pack(articles, &origins(articles), &texts);
    let fragments = chunks::read_pack(&bytes).expect("the pack reads back");
    assert_eq!(fragments.len(), articles.len());
    for ((fragment, article), text) in fragments.iter().zip(articles).zip(&texts) {
        assert_eq!(fragment.id, article.id());
        assert_eq!(fragment.bundle, format!("{}.json", article.channel()));
        assert_eq!(fragment.channel, article.channel().to_uppercase());
        assert_eq!(fragment.published, article.published().as_str());
        assert_eq!(fragment.date, article.published().date());
        assert_eq!(fragment.text.title, text.title);
        assert_eq!(
            fragment.text.body,
            text.body.start..text.body.start + chunks::EXCERPT_SOURCE_CHARS.min(text.body.len())
        );
        assert!(text.text.starts_with(&fragment.text.text));
    }
    for cut in 0..bytes.len() {
        assert_eq!(chunks::read_pack(&bytes[..cut]), None, "cut at {cut}");
    }
}

#[test]
fn a_term_is_checked_by_bigrams_every_other_character() {
    let cover = |text: &str| -> Vec<(u32, String)> {
        Term::parse(text)
            .cover()
            .into_iter()
            .map(|(offset, unit)| (offset, format!("{unit:?}")))
            .collect()
    };
    let bigram = |first: char, second: char| {
        format!("{:?}", QueryUnit::Exact(Unit::Pair(first, Some(second))))
    };
    assert_eq!(
        cover("黄河流域"),
        [(0, bigram('黄', '河')), (2, bigram('流', '域'))]
    );
    assert_eq!(
        cover("黄河流"),
        [(0, bigram('黄', '河')), (1, bigram('河', '流'))]
    );
    assert_eq!(
        cover("沿黄生态廊道"),
        [
            (0, bigram('沿', '黄')),
            (2, bigram('生', '态')),
            (4, bigram('廊', '道'))
        ]
    );
    assert_eq!(
        cover("黄"),
        [(0, format!("{:?}", QueryUnit::PairPrefix('黄')))]
    );
    // Punctuation pairs with its neighbour, as Han does: a term starting with a comma reads the postings of
    // `，位`, not those of every comma in every article.
    assert_eq!(cover("，位"), [(0, bigram(',', '位'))]);
    assert_eq!(
        cover("。进机"),
        [(0, bigram('。', '进')), (1, bigram('进', '机'))]
    );
    // Words are all kept; pair runs on either side are covered each on their own.
    assert_eq!(
        cover("黄河5G流域"),
        [
            (0, bigram('黄', '河')),
            (
                2,
                format!("{:?}", QueryUnit::Exact(Unit::Word("5g".into())))
            ),
            (4, bigram('流', '域'))
        ]
    );
}

/// What the browser reports for a file the server does not have.
fn not_found() -> crate::fetch::FetchError {
    crate::fetch::FetchError::Http {
        status: 404,
        status_text: "Not Found".to_owned(),
    }
}
