//! `katalog search`: katalog's own query language over the search index, scored canonically in
//! f64 so that the browser client (`themes/default/static/search/search.js`) computes the same
//! ranked list, bit for bit, from the exported bundle.
//!
//! # The query language (version 1)
//!
//! 1. **Words.** The query is split on whitespace and each word is analysed with the index's
//!    Norwegian analyzer (`analyzer.rs`). A word that yields several terms (`e-post` → `e`,
//!    `post`; `covid-19` → `covid`, `19`) becomes several words; a word that yields none (a stop
//!    word such as `og`, or punctuation) is dropped. (This is the same as analysing the whole
//!    query: the tokenizer splits on whitespace too.) For each remaining word we keep its term
//!    (the stem, `kommunestyret` → `kommunestyr`) and its lowercased, unstemmed form.
//!    One exception, for typing: when every word is a stop word, the last one, if it has at
//!    least [`PREFIX_MIN_CHARS`] characters, is kept as a *prefix-only* word (`kom` is a stop
//!    word, but also the start of `kommunestyret`): it matches only as a prefix (below), with
//!    neither an own term (stop words are not indexed) nor typo tolerance.
//! 2. **Every word must match** (AND), each in any field. A word matches a document that holds
//!    one of the word's *alternatives* in any text field:
//!    - its own term, if the index has it;
//!    - for the **last** word only, if its lowercased form has at least
//!      [`PREFIX_MIN_CHARS`] characters: the index terms that start with the lowercased,
//!      unstemmed word **or** with its stem (`innbyggerp` → `innbyggerpanel`, …), at most
//!      [`PREFIX_MAX_TERMS`] of them besides the term itself, the most frequent first
//!      (document frequency summed over the fields, then term order); besides these two
//!      prefixes, the rewritten ones of the standards table (`løysin` also as `løsning`, see
//!      `analyzer::rewritten_prefixes`), so a nynorsk word matches while it is being typed;
//!    - a **compound** read as its parts, when the alternatives above are rare (their document
//!      frequencies, summed over the fields, under [`COMPOUND_FEW`]): if the term splits into
//!      a head and a tail that are both index terms, each of [`COMPOUND_PART_MIN_CHARS`]+
//!      characters, with nothing, `s` or `e` between them (the Norwegian linking letters), a
//!      document that has both parts matches the word too (`innbyggerhøring` → `innbygg` and
//!      `høring`: Sunnfjord writes "innbyggjarar" and "høyring" apart). The longest head wins,
//!      then the link in the order nothing, `s`, `e`. The parts match as their own terms only;
//!      they count as alternatives for the score and the snippet marks;
//!    - only if nothing above gave anything (no term, no parts): **typo tolerance**. Words of [`FUZZY_ONE_MIN_CHARS`]+
//!      characters (counted on the lowercased word) may differ by one edit,
//!      [`FUZZY_TWO_MIN_CHARS`]+ by two; an edit is an insertion, deletion or substitution of
//!      one character or a swap of two adjacent ones (optimal string alignment), measured
//!      between the word's stem and the index terms that begin with the stem's first letter
//!      (people seldom mistype the first letter, and the bundle's typo files are cut by it, so
//!      that a typo reads a few kB, not whole lengths of the term list). Only the terms at the smallest distance
//!      found count, at most [`FUZZY_MAX_TERMS`], the most frequent first, then term order.
//!
//!    A word without alternatives matches nothing, so the query has no results.
//!    A query without words (empty, or only stop words shorter than 3 letters, or punctuation)
//!    matches every document.
//! 3. **Filters**: `KEY=SLUG` for the facets `modelltype`, `malgruppe`, `landsdel`, `fylke`,
//!    `storrelse`: a document must have one of the given slugs of every filtered facet (OR
//!    within a facet, AND across facets). Plain pages have no facets, so any filter hides them.
//! 4. **Score**: the sum, over every (term, field) where the term is an alternative of some word
//!    and the document has the term in the field, of `boost(field) · BM25`, each pair counted
//!    once, added in the order (term in code-point order, field in [`FIELDS`] order), in f64:
//!    - `idf = ln(1 + (N − n + 0.5) / (n + 0.5))` with N the number of documents and n the
//!      number of documents with the term in that field (shipped in the bundle, so JavaScript
//!      never computes a logarithm);
//!    - `avgdl = total_tokens(field) / N`, `dl` = the field's length as tantivy stores it (the
//!      fieldnorm id, decoded with tantivy's table);
//!    - `norm = K1 · (1 − B + B · dl / avgdl)`, `w = idf · (1 + K1) · boost`,
//!      `score += w · tf / (tf + norm)`, K1 = 1.2, B = 0.75.
//!
//!    This is tantivy's BM25 (same statistics, same formula) computed in f64 instead of f32.
//!    Documents are ranked by score, highest first, ties by ordinal (listing order: cases newest
//!    first, then pages by slug). Without words, every score is 0.
//! 5. **Facet counts** are counted the faceted way, as the front-page filters do: a document
//!    counts for a term of facet F when it matches the words and the filters of every *other*
//!    facet. Every term with at least one published case is listed, in vocabulary order.
//! 6. **Snippets**: from the stored excerpt (the summary, then the body's first
//!    [`EXCERPT_BODY_WORDS`](super::index::EXCERPT_BODY_WORDS) words), analysed with the same analyzer.
//!    A token is marked when its term is an alternative of some word. The window is
//!    [`SNIPPET_TOKENS`] tokens long and starts [`SNIPPET_CONTEXT`] tokens before a marked token
//!    (or at the start); of these windows the one with the most distinct marked terms, then the
//!    most marked tokens, then the earliest, wins; without marks, the text's first tokens. The
//!    text runs from the window's first token to its last (to the very start or end of the text
//!    when the window touches it), with `… ` / ` …` where it was cut.
//! 7. **Suggestions**, when the query has words and no result: the nearest index terms for the
//!    word that matched nothing, the query without the piece that emptied it (with its count),
//!    and the taxonomy terms whose labels are close; the exact rules are in `suggest.rs`.
//!
//! # JSON (`--json`), version 1
//!
//! ```json
//! {"query": "kommunestyret", "filters": {"fylke": ["rogaland"]}, "total": 2,
//!  "results": [{"slug": "suldal-grendeutval", "url": "eksempler/suldal-grendeutval/",
//!               "title": "Suldal: grendeutval", "score": 7.91,
//!               "snippet": [{"text": "Grendeutvala knyter bygdene til ", "match": false},
//!                           {"text": "kommunestyret", "match": true}]}],
//!  "facets": {"modelltype": {"innbyggerpanel": 0, "naerdemokrati": 2}, "malgruppe": {}, ...},
//!  "suggestions": null}
//! ```
//!
//! `suggestions` is `null` unless the query has words and `total` is 0; then (rule 7):
//!
//! ```json
//! {"word": "bodo",
//!  "nearest": [{"term": "bodø", "query": "kommunedelsutval bodø"}],
//!  "without": {"removed": "bodo", "query": "kommunedelsutval", "total": 1},
//!  "terms": [{"key": "fylke", "slug": "nordland", "label": "Nordland",
//!             "query": "kommunedelsutval"}]}
//! ```
//!
//! `word` is the word that matched nothing, or `null` (then `nearest` and `terms` are empty);
//! `without` is `null` when the query without that piece has no words or no result; a
//! `terms` entry is run as its `query` (`without`'s, or empty) with the filter `key=slug` added
//! to the query's own.
//!
//! `filters` echoes the filters in facet order, slugs in vocabulary order; `total` counts every
//! result, `results` holds the first `-n` (default 10); `url` is relative to the site root;
//! `facets` has all five keys in facet order, each term of the vocabulary with its count.
//!
//! # Where the rules live
//!
//! This file: the parameters, filters (rule 3), faceted counts (rule 5) and [`search`].
//! `words.rs`: rule 1. `alternatives.rs`: rule 2's alternatives. `scoring.rs`: rule 2's
//! matching, rule 4. `snippets.rs`: rule 6. `stored.rs`: the bundle's stored answers.
//! `suggest.rs`: rule 7. `print.rs`: the JSON above, the text for people and `katalog search` itself.
//!
//! [`FIELDS`]: super::index::FIELDS

mod alternatives;
mod print;
mod scoring;
mod snippets;
mod stored;
mod suggest;
#[cfg(test)]
mod tests;
mod words;

pub use print::{human, run};
pub use scoring::idf;
pub use snippets::{Analysed, Piece};
pub use stored::{StoredAnswer, stored_answer};
pub use suggest::{SUGGEST_MAX, Suggestions};
pub use words::{Word, words};

use super::index;
use super::snapshot::Snapshot;
use crate::diagnostics::{did_you_mean, suggest};
use crate::site::FACET_KEYS;
use alternatives::alternatives;
use scoring::{add_scores, by_rank, matching};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const PREFIX_MIN_CHARS: usize = 3;
pub const PREFIX_MAX_TERMS: usize = 30;
pub const FUZZY_ONE_MIN_CHARS: usize = 5;
pub const FUZZY_TWO_MIN_CHARS: usize = 9;
pub const FUZZY_MAX_TERMS: usize = 3;
pub const COMPOUND_FEW: u64 = 5;
pub const COMPOUND_PART_MIN_CHARS: usize = 4;
pub const COMPOUND_LINKS: [&str; 3] = ["", "s", "e"];
pub const SNIPPET_TOKENS: usize = 30;
pub const SNIPPET_CONTEXT: usize = 4;

/// Filters by facet index: the vocabulary indices of the slugs asked for.
pub type Selection = Vec<BTreeSet<u16>>;

/// Turns `KEY=SLUG[,SLUG…]` arguments into a selection, or explains what is wrong.
pub fn parse_filters(vocab: &index::Vocab, args: &[String]) -> Result<Selection, String> {
    let mut sel: Selection = vec![BTreeSet::new(); vocab.facets.len()];
    for arg in args {
        let Some((key, values)) = arg.split_once('=') else {
            return Err(format!(
                "--filter {arg}: write KEY=VALUE, e.g. --filter modelltype=innbyggerpanel (keys: {})",
                FACET_KEYS.join(", ")
            ));
        };
        let key = key.trim();
        let Some(fi) = vocab.facets.iter().position(|f| f.key == key) else {
            return Err(format!(
                "{} (keys: {})",
                suggest(
                    format!("--filter {arg}: unknown facet {key:?}"),
                    did_you_mean(key, FACET_KEYS.iter().copied())
                ),
                FACET_KEYS.join(", ")
            ));
        };
        let facet = &vocab.facets[fi];
        for value in values.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            let Some(ti) = facet.terms.iter().position(|t| t.slug == value) else {
                let slugs: Vec<&str> = facet.terms.iter().map(|t| t.slug.as_str()).collect();
                return Err(format!(
                    "{} (values: {})",
                    suggest(
                        format!("--filter {arg}: no published case has {key} {value:?}"),
                        did_you_mean(value, slugs.iter().copied())
                    ),
                    if slugs.is_empty() {
                        "none".to_string()
                    } else {
                        slugs.join(", ")
                    }
                ));
            };
            sel[fi].insert(ti as u16);
        }
    }
    Ok(sel)
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Hit {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub score: f64,
    pub snippet: Vec<Piece>,
}

/// The answer to a query, serialised as the documented JSON.
pub struct Answer {
    pub query: String,
    /// The filtered facets, in facet order.
    pub filters: Vec<FacetFilter>,
    pub total: usize,
    pub results: Vec<Hit>,
    /// Every facet, in facet order.
    pub facets: Vec<FacetCounts>,
    /// What to try instead (rule 7), when the query has words and found nothing.
    pub suggestions: Option<Suggestions>,
}

/// A facet the query filters by, and the slugs asked for (vocabulary order).
pub struct FacetFilter {
    pub key: String,
    pub slugs: Vec<String>,
}

/// A facet's faceted counts (rule 5): every term of its vocabulary, in vocabulary order.
pub struct FacetCounts {
    pub key: String,
    pub terms: Vec<TermCount>,
}

pub struct TermCount {
    pub slug: String,
    pub count: usize,
}

/// A zero count for every term of every facet (vocabulary order).
fn no_counts(snap: &Snapshot) -> Vec<Vec<usize>> {
    let facets = &snap.vocab.facets;
    facets.iter().map(|f| vec![0; f.terms.len()]).collect()
}

/// Counts a matching document's facet terms.
fn count(counts: &mut [Vec<usize>], facets: &[Vec<u16>]) {
    for (counts, terms) in counts.iter_mut().zip(facets) {
        for &t in terms {
            counts[t as usize] += 1;
        }
    }
}

/// Runs `query` with the filters `sel` and returns the first `limit` results, and what to try
/// instead if it has words and found nothing.
pub fn search(
    snap: &Snapshot,
    query: &str,
    sel: &Selection,
    limit: usize,
) -> tantivy::Result<Answer> {
    let mut out = answer(snap, query, sel, limit)?;
    if out.total == 0 && !words(query).is_empty() {
        out.suggestions = Some(suggest::suggest(snap, query, sel)?);
    }
    Ok(out)
}

/// [`search`] without the suggestions.
fn answer(snap: &Snapshot, query: &str, sel: &Selection, limit: usize) -> tantivy::Result<Answer> {
    let words = words(query);
    let alternatives = alternatives(snap, &words)?;
    let n = snap.docs as usize;
    // Every term of every word, once, in code-point order (= the summation order).
    let terms: BTreeSet<&String> = alternatives.iter().flat_map(|a| a.all()).collect();
    let mut postings = BTreeMap::new();
    for &term in &terms {
        postings.insert(term.as_str(), snap.postings(term)?);
    }

    let mut matched = vec![false; n];
    for d in matching(snap.docs, &alternatives, |t| {
        postings.get(t).map(Vec::as_slice)
    }) {
        matched[d as usize] = true;
    }

    // Rule 4, in (term, field) order.
    let mut score = vec![0f64; n];
    for fps in postings.values() {
        add_scores(snap, fps, &mut score);
    }

    // Rules 3 and 5: filters and faceted counts.
    let doc_facets = snap.doc_facets()?;
    let mut counts = no_counts(snap);
    let mut results: Vec<u32> = Vec::new();
    for (d, facets) in doc_facets.iter().enumerate() {
        if !matched[d] {
            continue;
        }
        let mut failed = None;
        let mut fails = 0;
        for (fi, wanted) in sel.iter().enumerate() {
            if !wanted.is_empty() && !facets[fi].iter().any(|t| wanted.contains(t)) {
                fails += 1;
                failed = Some(fi);
            }
        }
        match (fails, failed) {
            (0, _) => {
                results.push(d as u32);
                count(&mut counts, facets);
            }
            (1, Some(fi)) => {
                for &t in &facets[fi] {
                    counts[fi][t as usize] += 1;
                }
            }
            _ => {}
        }
    }
    results.sort_by(by_rank(&score));

    let marked: BTreeSet<&str> = terms.iter().map(|t| t.as_str()).collect();
    let mut hits_out = Vec::new();
    for &ord in results.iter().take(limit) {
        hits_out.push(Analysed::new(snap.doc(ord)?).hit(score[ord as usize], &marked));
    }
    let vocab = &snap.vocab;
    Ok(Answer {
        query: query.to_string(),
        filters: vocab
            .facets
            .iter()
            .zip(sel)
            .filter(|(_, s)| !s.is_empty())
            .map(|(f, s)| FacetFilter {
                key: f.key.clone(),
                slugs: s
                    .iter()
                    .map(|&t| f.terms[t as usize].slug.clone())
                    .collect(),
            })
            .collect(),
        total: results.len(),
        results: hits_out,
        facets: vocab
            .facets
            .iter()
            .zip(&counts)
            .map(|(f, c)| FacetCounts {
                key: f.key.clone(),
                terms: f
                    .terms
                    .iter()
                    .zip(c)
                    .map(|(t, &count)| TermCount {
                        slug: t.slug.clone(),
                        count,
                    })
                    .collect(),
            })
            .collect(),
        suggestions: None,
    })
}
