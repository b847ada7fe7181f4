//! Rule 2 of the query language: the index terms a word stands for: its own term, the terms it
//! is a prefix of, or else the terms a typo or two away.

use super::{FUZZY_MAX_TERMS, FUZZY_ONE_MIN_CHARS, FUZZY_TWO_MIN_CHARS, PREFIX_MAX_TERMS, Word};
use crate::search::snapshot::Snapshot;
use std::collections::BTreeMap;

/// Edit distance with adjacent swaps (optimal string alignment), over characters; `None` when it
/// exceeds `max`.
fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
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
fn most_frequent(mut candidates: Vec<(String, u64)>, max: usize) -> Vec<String> {
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    candidates.truncate(max);
    candidates.into_iter().map(|(t, _)| t).collect()
}

/// The alternatives of each word (rule 2).
pub(super) fn alternatives(snap: &Snapshot, words: &[Word]) -> tantivy::Result<Vec<Vec<String>>> {
    let mut all_terms: Option<Vec<(String, u64)>> = None;
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let mut alts = Vec::new();
        if !word.prefix_only && snap.doc_freq(&word.term)? > 0 {
            alts.push(word.term.clone());
        }
        if word.prefix {
            let mut candidates: BTreeMap<String, u64> = BTreeMap::new();
            for p in [&word.lower, &word.term] {
                candidates.extend(snap.terms_with_prefix(p)?);
            }
            candidates.remove(&word.term);
            alts.extend(most_frequent(
                candidates.into_iter().collect(),
                PREFIX_MAX_TERMS,
            ));
        }
        let letters = word.lower.chars().count();
        if alts.is_empty() && !word.prefix_only && letters >= FUZZY_ONE_MIN_CHARS {
            let max = if letters >= FUZZY_TWO_MIN_CHARS { 2 } else { 1 };
            if all_terms.is_none() {
                all_terms = Some(snap.terms()?);
            }
            let target: Vec<char> = word.term.chars().collect();
            let mut best = usize::MAX;
            let mut found: Vec<(String, u64)> = Vec::new();
            for (term, df) in all_terms.iter().flatten() {
                let chars: Vec<char> = term.chars().collect();
                if let Some(d) = edit_distance(&target, &chars, max.min(best)) {
                    if d < best {
                        best = d;
                        found.clear();
                    }
                    found.push((term.clone(), *df));
                }
            }
            alts = most_frequent(found, FUZZY_MAX_TERMS);
        }
        out.push(alts);
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
