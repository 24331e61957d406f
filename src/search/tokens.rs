//! Index units: text folded (full-width to half-width, case), then cut into whole letter and digit runs and, for
//! every other character, the pair it starts with the character after it, each with its char position.

use crate::markdown::cjk;

use super::text::BREAK;

/// What kind of character, for indexing. Decided on folded characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Han, kana, Hangul (written without spaces), and every character that is not a letter or digit,
    /// punctuation and white space included: indexed as pairs with the next such character. A pair is much rarer
    /// than its first character: `，位` is in few articles where `，` is in all of them, thousands of times, so a
    /// term that starts with punctuation reads few postings.
    Paired,
    /// Letters and digits of other scripts: indexed as whole runs.
    Word,
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

pub(super) fn class(folded: char) -> Class {
    if folded == BREAK {
        Class::Break
    } else if folded.is_alphanumeric() && !cjk::is_letter(folded) {
        Class::Word
    } else {
        Class::Paired
    }
}

/// An index unit: what is found at one position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Unit {
    /// A character and the character after it, if that is paired too: a Han bigram, or punctuation with its
    /// neighbour.
    Pair(char, Option<char>),
    /// A whole run of letters and digits, folded.
    Word(Box<str>),
}

/// A unit as [`units`] reports it, the word borrowed from the text.
pub(super) enum UnitRef<'t> {
    Pair(char, Option<char>),
    Word(&'t [char]),
}

/// A unit as a number, for the sorted key table; the keys of pairs starting with the same character are contiguous.
pub(super) fn char_key(first: char, second: Option<char>) -> u64 {
    (u64::from(u32::from(first)) << 21) | second.map_or(0, |c| u64::from(u32::from(c)))
}

/// Splits folded text into units with their char positions, in order. Breaks yield nothing.
pub(super) fn units<'t>(folded: &'t [char], mut emit: impl FnMut(UnitRef<'t>, u32)) {
    let mut position = 0;
    while let Some(&c) = folded.get(position) {
        match class(c) {
            Class::Paired => {
                let next = folded
                    .get(position + 1)
                    .copied()
                    .filter(|&next| class(next) == Class::Paired);
                emit(UnitRef::Pair(c, next), position as u32);
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
            Class::Break => position += 1,
        }
    }
}
