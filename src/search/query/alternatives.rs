//! Rule 2 of the query language: the index terms a word stands for: its own term, the terms it
//! is a prefix of, or else the two parts of a compound, or else the terms a typo or two away.

use super::{
    COMPOUND_FEW, COMPOUND_LINKS, COMPOUND_PART_MIN_CHARS, FUZZY_MAX_TERMS, FUZZY_ONE_MIN_CHARS,
    FUZZY_TWO_MIN_CHARS, PREFIX_MAX_TERMS, Word,
};
use crate::search::analyzer;
use crate::search::snapshot::Snapshot;
use std::collections::BTreeMap;

/// Edit distance with adjacent swaps (optimal string alignment), over characters; `None` when it
/// exceeds `max`.
pub(super) fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// Sorts candidate terms by (document frequency desc, term asc) and keeps `max`.
fn most_frequent(mut candidates: Vec<(String, u64)>, max: usize) -> Vec<(String, u64)> {
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    candidates.truncate(max);
    candidates
}

/// A compound the index does not hold, as two terms it does: the longest known head and a
/// known tail, each of [`COMPOUND_PART_MIN_CHARS`]+ characters, one of [`COMPOUND_LINKS`]
/// between them (`innbygghøring` → `innbygg`, `høring`).
fn compound(snap: &Snapshot, term: &str) -> tantivy::Result<Option<[String; 2]>> {
    let chars: Vec<char> = term.chars().collect();
    let min = COMPOUND_PART_MIN_CHARS;
    for at in (min..=chars.len().saturating_sub(min)).rev() {
        let head: String = chars[..at].iter().collect();
        let rest: String = chars[at..].iter().collect();
        for link in COMPOUND_LINKS {
            let Some(tail) = rest.strip_prefix(link) else {
                continue;
            };
            if tail.chars().count() >= min && snap.doc_freq(&head)? > 0 && snap.doc_freq(tail)? > 0
            {
                return Ok(Some([head, tail.to_string()]));
            }
        }
    }
    Ok(None)
}

/// What a word stands for (rule 2): any of `terms`, or both `parts` of a compound.
#[derive(Debug, Default)]
pub(super) struct Alternatives {
    pub terms: Vec<String>,
    pub parts: Option<[String; 2]>,
}

impl Alternatives {
    /// Every term the word may match by, the parts last.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.terms.iter().chain(self.parts.iter().flatten())
    }
}

/// The alternatives of each word (rule 2).
pub(super) fn alternatives(snap: &Snapshot, words: &[Word]) -> tantivy::Result<Vec<Alternatives>> {
    let mut all_terms: Option<Vec<(String, u64)>> = None;
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let mut alts = Vec::new();
        let mut df = 0;
        if !word.prefix_only {
            let own = snap.doc_freq(&word.term)?;
            if own > 0 {
                alts.push(word.term.clone());
                df += own;
            }
        }
        if word.prefix {
            let mut candidates: BTreeMap<String, u64> = BTreeMap::new();
            let rewritten = analyzer::rewritten_prefixes(&word.lower);
            for p in [&word.lower, &word.term].into_iter().chain(&rewritten) {
                candidates.extend(snap.terms_with_prefix(p)?);
            }
            candidates.remove(&word.term);
            let kept = most_frequent(candidates.into_iter().collect(), PREFIX_MAX_TERMS);
            for (term, n) in kept {
                df += n;
                alts.push(term);
            }
        }
        let parts = if !word.prefix_only && df < COMPOUND_FEW {
            compound(snap, &word.term)?
        } else {
            None
        };
        let letters = word.lower.chars().count();
        if alts.is_empty() && parts.is_none() && !word.prefix_only && letters >= FUZZY_ONE_MIN_CHARS
        {
            let max = if letters >= FUZZY_TWO_MIN_CHARS { 2 } else { 1 };
            if all_terms.is_none() {
                all_terms = Some(snap.terms()?);
            }
            let target: Vec<char> = word.term.chars().collect();
            let mut best = usize::MAX;
            let mut found: Vec<(String, u64)> = Vec::new();
            // Only terms of the word's first letter: the bundle's typo files are cut by it.
            for (term, df) in all_terms.iter().flatten() {
                let chars: Vec<char> = term.chars().collect();
                if chars.first() != target.first() {
                    continue;
                }
                if let Some(d) = edit_distance(&target, &chars, max.min(best)) {
                    if d < best {
                        best = d;
                        found.clear();
                    }
                    found.push((term.clone(), *df));
                }
            }
            alts = most_frequent(found, FUZZY_MAX_TERMS)
                .into_iter()
                .map(|(t, _)| t)
                .collect();
        }
        out.push(Alternatives { terms: alts, parts });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        let d = |a: &str, b: &str| edit_distance(&chars(a), &chars(b), 3);
        assert_eq!(d("innbyggerpanle", "innbyggerpanel"), Some(1));
        assert_eq!(d("budsjetering", "budsjettering"), Some(1));
        assert_eq!(d("kitten", "sitting"), Some(3));
        assert_eq!(d("abc", "abc"), Some(0));
        assert_eq!(d("", "abcd"), None);
        assert_eq!(edit_distance(&chars("abcdef"), &chars("badcfe"), 2), None);
        assert_eq!(d("ab", "ba"), Some(1));
        assert_eq!(d("ca", "abc"), Some(3));
    }
}
