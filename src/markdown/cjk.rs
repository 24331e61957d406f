//! Classes of East Asian characters: the one definition that Markdown (soft breaks, emphasis, autolinks), the
//! importer's line joining and search's indexing share, so that they cannot disagree about a character.

/// East Asian wide, full-width and half-width characters (East Asian Width W, F and H; not emoji), Hangul jamo
/// included: Han, kana, bopomofo, Hangul, Yi, and their punctuation and forms. The "CJK characters" of the
/// CJK-friendly emphasis rules, and the characters CSS Text joins across a line break (see [`joins_lines`]).
pub fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'     // Hangul jamo (leading consonants)
        | '\u{2E80}'..='\u{303E}'   // CJK and Kangxi radicals, ideographic description, CJK symbols and punctuation
        | '\u{3041}'..='\u{33FF}'   // kana, bopomofo, Hangul compatibility jamo, kanbun, CJK compatibility
        | '\u{3400}'..='\u{4DBF}'   // Extension A
        | '\u{4E00}'..='\u{9FFF}'   // unified ideographs
        | '\u{A000}'..='\u{A4CF}'   // Yi
        | '\u{A960}'..='\u{A97F}'   // Hangul jamo extended A
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{D7B0}'..='\u{D7FF}'   // Hangul jamo extended B
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{FE10}'..='\u{FE19}'   // vertical forms
        | '\u{FE30}'..='\u{FE6F}'   // CJK compatibility forms, small form variants
        | '\u{FF00}'..='\u{FF60}'   // full-width forms
        | '\u{FF61}'..='\u{FFDC}'   // half-width forms
        | '\u{FFE0}'..='\u{FFE6}'   // full-width signs
        | '\u{1AFF0}'..='\u{1B16F}' // kana extensions
        | '\u{20000}'..='\u{3FFFD}' // extensions B and beyond
    )
}

/// Hangul jamo and syllables, full- and half-width. Korean puts spaces between words, so a line break between two
/// Hangul characters is a space like any other.
pub fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{FFA0}'..='\u{FFDC}'
    )
}

/// Whether a line break between `before` and `after` disappears instead of becoming a space: between two wide
/// characters, neither of them Hangul, as CSS Text's segment break transformation has it. Chinese and Japanese
/// put no space between words; a writer's line break inside a sentence must not add one.
pub fn joins_lines(before: char, after: char) -> bool {
    is_wide(before) && is_wide(after) && !is_hangul(before) && !is_hangul(after)
}

/// Letters of the scripts search indexes as bigrams: Han ideographs and radicals, kana, bopomofo and Hangul
/// syllables. Wide, but not punctuation: `，` and `。` are characters of their own in the index.
pub fn is_letter(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3100}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
    ) && !matches!(c, '\u{3000}'..='\u{303F}' | '\u{30FB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_japanese_lines_join_korean_and_latin_ones_do_not() {
        for (before, after) in [
            ('国', '家'),
            ('。', '中'),
            ('か', 'な'),
            ('カ', '漢'),
            ('）', '（'),
            ('ｶ', 'ﾅ'),
        ] {
            assert!(joins_lines(before, after), "{before}{after}");
        }
        for (before, after) in [
            ('한', '국'),
            ('국', '中'),
            ('中', '한'),
            ('a', '中'),
            ('中', 'a'),
            ('1', '2'),
            ('😀', '中'),
        ] {
            assert!(!joins_lines(before, after), "{before}{after}");
        }
    }

    #[test]
    fn search_letters_are_wide_characters_that_are_not_punctuation() {
        let letters = ('\u{0}'..='\u{3FFFF}').filter(|&c| is_letter(c));
        for c in letters {
            // U+3040 and U+3097..U+3098 are unassigned inside the kana block; Extension G and later reach past
            // what `is_wide` lists as assigned. Both are harmless either way.
            let unassigned =
                matches!(c, '\u{3040}' | '\u{3097}'..='\u{3098}' | '\u{3FFFE}'..='\u{3FFFF}');
            assert!(is_wide(c) || unassigned, "U+{:04X}", u32::from(c));
        }
        for c in ['，', '。', '、', '「', '・'] {
            assert!(is_wide(c) && !is_letter(c), "{c}");
        }
    }
}
