//! The stored answers of the search bundle: what a query of given stems answers without
//! filters, computed once at export so that the browser fetches it instead of scoring.

use super::scoring::{add_scores, by_rank, matching};
use super::snippets::Analysed;
use super::{Hit, Word, alternatives, count, no_counts};
use crate::search::snapshot::{self, Snapshot};
use crate::site::FACET_KEYS;
use serde::Serialize;
use std::collections::BTreeSet;

/// What a query without filters answers: its first results (as `katalog search` shows them),
/// how many documents match, and the facet counts.
#[derive(Debug, Serialize)]
pub struct StoredAnswer {
    pub results: Vec<Hit>,
    pub total: usize,
    /// Per facet (vocabulary order), per term, the number of matching documents.
    pub counts: Vec<Vec<usize>>,
}

/// The answer to a query of the words whose stems are `stems`, the last typed last (so also a
/// prefix), all terms of the index, without filters: its first `k` results; `None` when one of
/// the stems is not a term. Each word's alternatives depend on its stem alone (rule 2: an
/// earlier word has just its own term, as it is in the index; the last adds the terms that start
/// with it, and the typed form adds none, as a stem is a prefix of it), so the answer is the
/// same whatever forms were typed. `postings` gives a term's postings, `docs` and `doc_facets`
/// every document's stored fields and facet terms; `score` is a buffer of one zero per
/// document, left as it was found.
pub fn stored_answer<'a>(
    snap: &Snapshot,
    stems: &[&str],
    postings: impl Fn(&str) -> Option<&'a [snapshot::FieldPostings]>,
    docs: &[Analysed],
    doc_facets: &[[Vec<u16>; FACET_KEYS.len()]],
    k: usize,
    score: &mut [f64],
) -> tantivy::Result<Option<StoredAnswer>> {
    let words: Vec<Word> = stems
        .iter()
        .enumerate()
        .map(|(i, stem)| Word {
            term: stem.to_string(),
            lower: stem.to_string(),
            prefix: i + 1 == stems.len(),
            prefix_only: false,
        })
        .collect();
    let alternatives = alternatives(snap, &words)?;
    if stems.is_empty()
        || alternatives
            .iter()
            .zip(stems)
            .any(|(a, s)| a.parts.is_some() || a.terms.first().map(String::as_str) != Some(s))
    {
        return Ok(None);
    }
    let mut matches = matching(snap.docs, &alternatives, &postings);
    // Rule 4: every term once, in code-point order, as search() does.
    let terms: BTreeSet<&str> = alternatives
        .iter()
        .flat_map(|a| a.all())
        .map(String::as_str)
        .collect();
    let lists: Vec<&[snapshot::FieldPostings]> = terms.iter().filter_map(|t| postings(t)).collect();
    for fields in &lists {
        add_scores(snap, fields, score);
    }
    let mut counts = no_counts(snap);
    for &d in &matches {
        count(&mut counts, &doc_facets[d as usize]);
    }
    let total = matches.len();
    if total > k {
        matches.select_nth_unstable_by(k, by_rank(score));
    }
    let mut top = matches[..total.min(k)].to_vec();
    top.sort_unstable_by(by_rank(score));
    let results = top
        .iter()
        .map(|&d| docs[d as usize].hit(score[d as usize], &terms))
        .collect();
    for fp in lists.iter().flat_map(|fields| fields.iter()) {
        for &(doc, _, _) in &fp.postings {
            score[doc as usize] = 0.0;
        }
    }
    Ok(Some(StoredAnswer {
        results,
        total,
        counts,
    }))
}
