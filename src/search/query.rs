//! Queries: what the reader typed, parsed into terms that must all occur, each a run of units at fixed offsets.

use super::fold;
use super::text::BREAK;
use super::tokens::{units, Unit, UnitRef};

/// A parsed query: terms that must all occur.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub(super) terms: Vec<Term>,
}

/// One term: a sequence of units at fixed char offsets, matched as contiguous text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Term {
    /// The term as typed, for display.
    pub(super) text: String,
    /// Units with their offsets from the term's start.
    pub(super) units: Vec<(u32, QueryUnit)>,
    /// Length in chars.
    pub(super) length: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum QueryUnit {
    /// Must be at its offset exactly.
    Exact(Unit),
    /// A paired character at the end of the term: whatever follows it in the text.
    PairPrefix(char),
}

/// The most characters of a query that are looked at; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

impl Query {
    /// Parses what a reader typed: space-separated terms, all of which must occur; `"quoted phrases"` (straight or
    /// full-width quotes) are one term, spaces and all. Terms fold as the text does; repeated terms count once.
    pub fn parse(input: &str) -> Query {
        let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
        let mut terms: Vec<Term> = Vec::new();
        // In a query every kind of white space separates, a typed paragraph break included.
        let is_space = |c: char| c.is_whitespace() || fold(c) == ' ';
        let mut add = |raw: &str| {
            let raw = raw.trim_matches(is_space);
            if raw.is_empty() {
                return;
            }
            let term = Term::parse(raw);
            if !term.units.is_empty() && !terms.iter().any(|known| known.units == term.units) {
                terms.push(term);
            }
        };
        for (index, part) in input.split(['"', '\u{FF02}']).enumerate() {
            if index % 2 == 1 {
                add(part);
            } else {
                part.split(is_space).for_each(&mut add);
            }
        }
        Query { terms }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms as typed, in order.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|term| term.text.as_str())
    }
}

impl Term {
    /// The units that check every character of the term: all but the pairs whose characters the pairs
    /// kept already name (every other one, and the last of a run).
    pub(super) fn cover(&self) -> Vec<(u32, &QueryUnit)> {
        let is_bigram = |unit: &QueryUnit| matches!(unit, QueryUnit::Exact(Unit::Pair(_, Some(_))));
        let mut kept: Vec<(u32, &QueryUnit)> = Vec::with_capacity(self.units.len());
        // The last character a kept bigram names.
        let mut covered_to: Option<u32> = None;
        for (index, (offset, unit)) in self.units.iter().enumerate() {
            if !is_bigram(unit) {
                kept.push((*offset, unit));
                continue;
            }
            let ends_run = !self
                .units
                .get(index + 1)
                .is_some_and(|(next, unit)| *next == offset + 1 && is_bigram(unit));
            let first_uncovered = covered_to.is_none_or(|end| end < *offset);
            let second_uncovered = covered_to.is_none_or(|end| end < offset + 1);
            if first_uncovered || (ends_run && second_uncovered) {
                kept.push((*offset, unit));
                covered_to = Some(offset + 1);
            }
        }
        kept
    }

    /// The unit at `offset`, if the term has one there.
    pub(super) fn unit_at(&self, offset: u32) -> Option<&QueryUnit> {
        self.units
            .iter()
            .find(|(at, _)| *at == offset)
            .map(|(_, unit)| unit)
    }

    pub(super) fn parse(raw: &str) -> Term {
        // A typed break is a space: only the text has breaks, so that no match crosses one.
        let folded: Vec<char> = raw
            .chars()
            .map(|c| if c == BREAK { ' ' } else { fold(c) })
            .collect();
        let mut found: Vec<(u32, Unit)> = Vec::new();
        units(&folded, |unit, position| {
            let unit = match unit {
                UnitRef::Pair(first, second) => Unit::Pair(first, second),
                UnitRef::Word(chars) => {
                    Unit::Word(chars.iter().collect::<String>().into_boxed_str())
                }
            };
            found.push((position, unit));
        });
        let length = folded.len();
        let mut units: Vec<(u32, QueryUnit)> = Vec::with_capacity(found.len());
        for (offset, unit) in found {
            // A character that only closes a run is already checked by the pair before it, which names it.
            let closes_bigram = matches!(
                units.last(),
                Some((previous, QueryUnit::Exact(Unit::Pair(_, Some(_))))) if previous + 1 == offset
            );
            match unit {
                Unit::Pair(_, None) if closes_bigram => {}
                // The text's next character is unknown at the term's end: any bigram starting here will do.
                Unit::Pair(first, None) if offset as usize + 1 == length => {
                    units.push((offset, QueryUnit::PairPrefix(first)))
                }
                unit => units.push((offset, QueryUnit::Exact(unit))),
            }
        }
        Term {
            text: raw.to_owned(),
            units,
            length,
        }
    }
}
