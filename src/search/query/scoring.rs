//! Rules 2 and 4 of the query language over postings: which documents match every word, and
//! their canonical f64 BM25 scores and rank.

use super::alternatives::Alternatives;
use super::{B, K1};
use crate::search::index::FIELDS;
use crate::search::snapshot::{self, Snapshot};

/// tantivy's BM25 idf, in f64.
pub fn idf(n: u64, docs: u64) -> f64 {
    let n = n as f64;
    (1.0 + (docs as f64 - n + 0.5) / (n + 0.5)).ln()
}

/// One (field, term) pair's share of a document's score (rule 4).
fn contribution(idf: f64, boost: f64, tf: u32, dl: u32, avgdl: f64) -> f64 {
    let tf = f64::from(tf);
    let norm = K1 * (1.0 - B + B * f64::from(dl) / avgdl);
    let w = idf * (1.0 + K1) * boost;
    w * tf / (tf + norm)
}

/// Rule 4's order of documents: score (highest first), then ordinal.
pub(super) fn by_rank(score: &[f64]) -> impl Fn(&u32, &u32) -> std::cmp::Ordering + '_ {
    move |a, b| {
        score[*b as usize]
            .total_cmp(&score[*a as usize])
            .then(a.cmp(b))
    }
}

/// Adds one term's BM25 contributions (rule 4, its fields in field order) to `score`, indexed by
/// document ordinal.
pub(super) fn add_scores(snap: &Snapshot, fields: &[snapshot::FieldPostings], score: &mut [f64]) {
    let docs = u64::from(snap.docs);
    for fp in fields {
        let (_, boost) = FIELDS[fp.field];
        let idf = idf(fp.postings.len() as u64, docs);
        let avgdl = snap.total_tokens[fp.field] as f64 / docs as f64;
        for &(doc, tf, norm) in &fp.postings {
            score[doc as usize] += contribution(idf, boost, tf, snapshot::fieldnorm(norm), avgdl);
        }
    }
}

/// Rule 2: the documents, in ordinal order, in which every word has one of its `alternatives`
/// (every document of the `docs` when there is no word); `postings` gives a term's postings.
pub(super) fn matching<'a>(
    docs: u32,
    alternatives: &[Alternatives],
    postings: impl Fn(&str) -> Option<&'a [snapshot::FieldPostings]>,
) -> Vec<u32> {
    let docs_of = |terms: &[String]| -> Vec<u32> {
        let mut docs: Vec<u32> = terms
            .iter()
            .filter_map(|t| postings(t))
            .flat_map(|fields| fields.iter())
            .flat_map(|fp| fp.postings.iter().map(|&(doc, _, _)| doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        docs
    };
    // A word's documents: those of its terms, and those that have both parts of its compound.
    let docs_of_word = |alts: &Alternatives| -> Vec<u32> {
        let mut docs = docs_of(&alts.terms);
        if let Some([head, tail]) = &alts.parts {
            let tails = docs_of(std::slice::from_ref(tail));
            let both = docs_of(std::slice::from_ref(head))
                .into_iter()
                .filter(|d| tails.binary_search(d).is_ok());
            docs.extend(both);
            docs.sort_unstable();
            docs.dedup();
        }
        docs
    };
    let Some((first, rest)) = alternatives.split_first() else {
        return (0..docs).collect();
    };
    let mut out = docs_of_word(first);
    for alts in rest {
        let other = docs_of_word(alts);
        out.retain(|d| other.binary_search(d).is_ok());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bm25_matches_tantivys_formula() {
        // tantivy: idf(n=1, N=10) = ln(1 + 9.5 / 1.5)
        assert!((idf(1, 10) - (1.0f64 + 9.5 / 1.5).ln()).abs() < 1e-15);
        let c = contribution(1.0, 2.0, 1, 10, 10.0);
        assert!((c - 2.0 * 2.2 / (1.0 + 1.2)).abs() < 1e-12);
    }
}
