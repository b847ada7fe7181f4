//! Rule 7 of the query language: what to try when a query finds nothing, computed alike by
//! `katalog search` and the browser client (`static/search/suggest.js`).
//!
//! The query's *pieces* are its whitespace-separated parts. The **piece that emptied it** is
//! the first piece `e` such that the query of pieces `0..=e` has words and no result (with the
//! same filters); the **word that matched nothing** is the first word of that piece, as the
//! query of pieces `0..=e` analyses it, without alternatives (rule 2) and not prefix-only.
//! Then, at most [`SUGGEST_MAX`] of each:
//! - `nearest`: for the word that matched nothing, of [`PREFIX_MIN_CHARS`]+ characters, the index
//!   terms within D edits of its term, both folded (æ, å → a, ø → o; D = 1 under
//!   [`FUZZY_ONE_MIN_CHARS`] characters of the word, 2 under [`FUZZY_TWO_MIN_CHARS`], else 3),
//!   whose length differs from the term's by at most W (1, or 2 from [`FUZZY_TWO_MIN_CHARS`]:
//!   the lengths typo tolerance looks at, so that the browser reads few of the bundle's length
//!   files),
//!   that a query of the term alone analyses back to the term; nearest first, then the most
//!   frequent, then term order; each as the query with piece `e` replaced by the term;
//! - `without`: the query without piece `e`, if it has words and results, with its total;
//! - `terms`: the taxonomy terms with a label word (lowercased, folded, split on whitespace,
//!   of [`PREFIX_MIN_CHARS`]+ characters) that the folded word that matched nothing (as typed)
//!   begins (distance 0) or is within D edits of; nearest first, then facet and vocabulary
//!   order; each to be run, filtered by that term as well, as the query of `without` if there
//!   is one, else as no words.

use super::alternatives::{alternatives, edit_distance};
use super::words::tokens;
use super::{FUZZY_ONE_MIN_CHARS, FUZZY_TWO_MIN_CHARS, PREFIX_MIN_CHARS, Selection, answer, words};
use crate::search::snapshot::Snapshot;
use serde::Serialize;

pub const SUGGEST_MAX: usize = 3;

/// What to try instead of a query that found nothing.
#[derive(Serialize, Debug, Default, PartialEq)]
pub struct Suggestions {
    /// The word that matched nothing, as typed (lowercased), if one did.
    pub word: Option<String>,
    pub nearest: Vec<Nearest>,
    pub without: Option<Without>,
    pub terms: Vec<TermSuggestion>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Nearest {
    pub term: String,
    pub query: String,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Without {
    /// The piece left out.
    pub removed: String,
    pub query: String,
    pub total: usize,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct TermSuggestion {
    pub key: String,
    pub slug: String,
    pub label: String,
    /// The query to run with the filter added: `without`'s, or none.
    pub query: String,
}

/// Folds the letters Norwegian keyboards have and others lack, one character for one.
fn fold(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| match c {
            'æ' | 'å' => 'a',
            'ø' => 'o',
            c => c,
        })
        .collect()
}

/// How much longer or shorter than the word's term a nearest term may be: typo tolerance's
/// window, for a word of `letters` characters.
fn window(letters: usize) -> usize {
    if letters < FUZZY_TWO_MIN_CHARS { 1 } else { 2 }
}

/// The edits allowed between a word of `letters` characters and a suggestion.
fn reach(letters: usize) -> usize {
    if letters < FUZZY_ONE_MIN_CHARS {
        1
    } else if letters < FUZZY_TWO_MIN_CHARS {
        2
    } else {
        3
    }
}

/// The query's pieces, whitespace as Rust (and `suggest.js`) reads it.
fn pieces(query: &str) -> Vec<&str> {
    query.split_whitespace().collect()
}

/// Rule 7 for `query`, which found nothing with the filters `sel`.
pub(super) fn suggest(
    snap: &Snapshot,
    query: &str,
    sel: &Selection,
) -> tantivy::Result<Suggestions> {
    let pieces = pieces(query);
    let mut out = Suggestions::default();
    let mut emptied = None;
    for e in 0..pieces.len() {
        let head = pieces[..=e].join(" ");
        // The whole query is known to find nothing.
        let last = e + 1 == pieces.len();
        if !tokens(&head).is_empty() && (last || answer(snap, &head, sel, 0)?.total == 0) {
            emptied = Some(e);
            break;
        }
    }
    let Some(e) = emptied else {
        return Ok(out);
    };
    let rest = |with: Option<&str>| -> String {
        let mut kept: Vec<&str> = pieces.clone();
        match with {
            Some(w) => kept[e] = w,
            None => {
                kept.remove(e);
            }
        }
        kept.join(" ")
    };
    let without = rest(None);
    if !words(&without).is_empty() {
        let total = answer(snap, &without, sel, 0)?.total;
        if total > 0 {
            out.without = Some(Without {
                removed: pieces[e].to_string(),
                query: without.clone(),
                total,
            });
        }
    }
    let before = tokens(&pieces[..e].join(" ")).len();
    let ws = words(&pieces[..=e].join(" "));
    let alts = alternatives(snap, &ws)?;
    let Some(word) = ws
        .iter()
        .zip(&alts)
        .skip(before)
        .find(|(w, a)| !w.prefix_only && a.terms.is_empty() && a.parts.is_none())
        .map(|(w, _)| w)
    else {
        return Ok(out);
    };
    out.word = Some(word.lower.clone());
    let letters = word.lower.chars().count();
    if letters < PREFIX_MIN_CHARS {
        return Ok(out);
    }
    let max = reach(letters);
    let target = fold(&word.term);
    let mut near: Vec<(usize, u64, String)> = Vec::new();
    for (term, df) in snap.terms()? {
        let chars = fold(&term);
        if chars.len().abs_diff(target.len()) > window(letters) {
            continue;
        }
        let Some(d) = edit_distance(&target, &chars, max) else {
            continue;
        };
        let again = words(&term);
        if again.len() == 1 && again[0].term == term {
            near.push((d, df, term));
        }
    }
    near.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    out.nearest = near
        .into_iter()
        .take(SUGGEST_MAX)
        .map(|(_, _, term)| Nearest {
            query: rest(Some(&term)),
            term,
        })
        .collect();

    let browse = out
        .without
        .as_ref()
        .map(|w| w.query.clone())
        .unwrap_or_default();
    let typed = fold(&word.lower);
    let mut close: Vec<(usize, usize, usize)> = Vec::new();
    for (fi, facet) in snap.vocab.facets.iter().enumerate() {
        for (ti, term) in facet.terms.iter().enumerate() {
            let lower: String = term.label.chars().flat_map(char::to_lowercase).collect();
            let best = lower
                .split_whitespace()
                .map(fold)
                .filter(|w| w.len() >= PREFIX_MIN_CHARS)
                .filter_map(|w| {
                    if w.starts_with(&typed) {
                        Some(0)
                    } else {
                        edit_distance(&typed, &w, max)
                    }
                })
                .min();
            if let Some(d) = best {
                close.push((d, fi, ti));
            }
        }
    }
    close.sort();
    out.terms = close
        .into_iter()
        .take(SUGGEST_MAX)
        .map(|(_, fi, ti)| {
            let facet = &snap.vocab.facets[fi];
            TermSuggestion {
                key: facet.key.clone(),
                slug: facet.terms[ti].slug.clone(),
                label: facet.terms[ti].label.clone(),
                query: browse.clone(),
            }
        })
        .collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_character_for_one() {
        assert_eq!(fold("bærekraft"), fold("barekraft"));
        assert_eq!(fold("bodø").len(), 4);
        assert_eq!(fold("årsmøte"), "arsmote".chars().collect::<Vec<_>>());
    }

    #[test]
    fn the_reach_grows_with_the_word() {
        assert_eq!((window(8), window(9)), (1, 2));
        assert_eq!(reach(4), 1);
        assert_eq!(reach(8), 2);
        assert_eq!(reach(9), 3);
    }
}
