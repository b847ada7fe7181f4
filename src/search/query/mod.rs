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
//!      (document frequency summed over the fields, then term order);
//!    - only if neither gave anything: **typo tolerance**. Words of [`FUZZY_ONE_MIN_CHARS`]+
//!      characters (counted on the lowercased word) may differ by one edit,
//!      [`FUZZY_TWO_MIN_CHARS`]+ by two; an edit is an insertion, deletion or substitution of
//!      one character or a swap of two adjacent ones (optimal string alignment), measured
//!      between the word's stem and the index terms. Only the terms at the smallest distance
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
//!
//! # JSON (`--json`), version 1
//!
//! ```json
//! {"query": "kommunestyret", "filters": {"fylke": ["rogaland"]}, "total": 2,
//!  "results": [{"slug": "suldal-grendeutval", "url": "eksempler/suldal-grendeutval/",
//!               "title": "Suldal: grendeutval", "score": 7.91,
//!               "snippet": [{"text": "Grendeutvala knyter bygdene til ", "match": false},
//!                           {"text": "kommunestyret", "match": true}]}],
//!  "facets": {"modelltype": {"innbyggerpanel": 0, "naerdemokrati": 2}, "malgruppe": {}, ...}}
//! ```
//!
//! `filters` echoes the filters in facet order, slugs in vocabulary order; `total` counts every
//! result, `results` holds the first `-n` (default 10); `url` is relative to the site root;
//! `facets` has all five keys in facet order, each term of the vocabulary with its count.

use super::analyzer;
use super::index::{self, FIELDS, Snapshot};
use crate::site::FACET_KEYS;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;
use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer, TokenStream, Tokenizer};

pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const PREFIX_MIN_CHARS: usize = 3;
pub const PREFIX_MAX_TERMS: usize = 30;
pub const FUZZY_ONE_MIN_CHARS: usize = 5;
pub const FUZZY_TWO_MIN_CHARS: usize = 9;
pub const FUZZY_MAX_TERMS: usize = 3;
pub const SNIPPET_TOKENS: usize = 30;
pub const SNIPPET_CONTEXT: usize = 4;

static ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(analyzer::analyzer);

/// One analysed token: its term and its byte range in the text.
struct Token {
    term: String,
    from: usize,
    to: usize,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut analyzer = ANALYZER.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Token {
            term: t.text.clone(),
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

/// A word of the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The analysed term (stem).
    pub term: String,
    /// The word as typed, lowercased like the analyzer does, not stemmed.
    pub lower: String,
    /// The last word: also matches as a prefix.
    pub prefix: bool,
    /// A stop word kept as the only word: matches as a prefix only (no own term, no typos).
    pub prefix_only: bool,
}

fn lowercase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// The words of `query` (rule 1).
pub fn words(query: &str) -> Vec<Word> {
    let tokens = tokens(query);
    let count = tokens.len();
    if count == 0 {
        return stop_word_prefix(query).into_iter().collect();
    }
    tokens
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let lower = lowercase(&query[t.from..t.to]);
            let prefix = i + 1 == count && lower.chars().count() >= PREFIX_MIN_CHARS;
            Word {
                term: t.term,
                lower,
                prefix,
                prefix_only: false,
            }
        })
        .collect()
}

/// A query of stop words only: its last word, if it has PREFIX_MIN_CHARS letters, as a
/// prefix-only word (`kom` on the way to `kommunestyret`).
fn stop_word_prefix(query: &str) -> Option<Word> {
    let mut tokenizer = SimpleTokenizer::default();
    let mut stream = tokenizer.token_stream(query);
    let mut last = None;
    while stream.advance() {
        last = Some(stream.token().text.clone());
    }
    // Every token was a stop word or too long (the cap counts the bytes before lowercasing).
    let raw = last.filter(|raw| raw.len() < analyzer::MAX_TOKEN_BYTES)?;
    let lower = lowercase(&raw);
    (lower.chars().count() >= PREFIX_MIN_CHARS).then(|| Word {
        term: lower.clone(),
        lower,
        prefix: true,
        prefix_only: true,
    })
}

/// Edit distance with adjacent swaps (optimal string alignment), over characters; `None` when it
/// exceeds `max`.
pub fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
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

/// tantivy's BM25 idf, in f64.
pub fn idf(n: u64, docs: u64) -> f64 {
    let n = n as f64;
    (1.0 + (docs as f64 - n + 0.5) / (n + 0.5)).ln()
}

/// One (field, term) pair's share of a document's score (rule 4).
pub fn contribution(idf: f64, boost: f64, tf: u32, dl: u32, avgdl: f64) -> f64 {
    let tf = f64::from(tf);
    let norm = K1 * (1.0 - B + B * f64::from(dl) / avgdl);
    let w = idf * (1.0 + K1) * boost;
    w * tf / (tf + norm)
}

/// Sorts candidate terms by (document frequency desc, term asc) and keeps `max`.
fn most_frequent(mut candidates: Vec<(String, u64)>, max: usize) -> Vec<String> {
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    candidates.truncate(max);
    candidates.into_iter().map(|(t, _)| t).collect()
}

/// The alternatives of each word (rule 2).
pub fn alternatives(snap: &Snapshot, words: &[Word]) -> tantivy::Result<Vec<Vec<String>>> {
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
                "--filter {arg}: unknown facet {key:?}{} (keys: {})",
                did_you_mean(key, FACET_KEYS.iter().copied()),
                FACET_KEYS.join(", ")
            ));
        };
        let facet = &vocab.facets[fi];
        for value in values.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            let Some(ti) = facet.terms.iter().position(|t| t.slug == value) else {
                let slugs: Vec<&str> = facet.terms.iter().map(|t| t.slug.as_str()).collect();
                return Err(format!(
                    "--filter {arg}: no published case has {key} {value:?}{} (values: {})",
                    did_you_mean(value, slugs.iter().copied()),
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

fn did_you_mean<'a>(input: &str, options: impl Iterator<Item = &'a str>) -> String {
    options
        .map(|o| (strsim::levenshtein(input, o), o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 3))
        .min()
        .map(|(_, o)| format!("; did you mean {o:?}?"))
        .unwrap_or_default()
}

/// A piece of a snippet.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    #[serde(rename = "match")]
    pub matched: bool,
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
    /// Per facet (vocabulary order), the selected slugs.
    pub filters: Vec<(String, Vec<String>)>,
    pub total: usize,
    pub results: Vec<Hit>,
    /// Per facet, every vocabulary term with its count.
    pub facets: Vec<(String, Vec<(String, usize)>)>,
}

/// Serialises a list of pairs as a JSON object, keeping the order.
struct Ordered<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for Ordered<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let facets: Vec<(String, Ordered<usize>)> = self
            .facets
            .iter()
            .map(|(k, v)| (k.clone(), Ordered(v)))
            .collect();
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("query", &self.query)?;
        map.serialize_entry("filters", &Ordered(&self.filters))?;
        map.serialize_entry("total", &self.total)?;
        map.serialize_entry("results", &self.results)?;
        map.serialize_entry("facets", &Ordered(&facets))?;
        map.end()
    }
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

/// Rule 5's order of documents: score (highest first), then ordinal.
fn by_rank(score: &[f64]) -> impl Fn(&u32, &u32) -> std::cmp::Ordering + '_ {
    move |a, b| {
        score[*b as usize]
            .total_cmp(&score[*a as usize])
            .then(a.cmp(b))
    }
}

/// Adds one term's BM25 contributions (rule 4, its fields in field order) to `score`, indexed by
/// document ordinal.
pub fn add_scores(snap: &Snapshot, fields: &[index::FieldPostings], score: &mut [f64]) {
    let docs = u64::from(snap.docs);
    for fp in fields {
        let (_, boost) = FIELDS[fp.field];
        let idf = idf(fp.postings.len() as u64, docs);
        let avgdl = snap.total_tokens[fp.field] as f64 / docs as f64;
        for &(doc, tf, norm) in &fp.postings {
            score[doc as usize] += contribution(idf, boost, tf, index::fieldnorm(norm), avgdl);
        }
    }
}

/// Rule 2: the documents, in ordinal order, in which every word has one of its `alternatives`
/// (every document of the `docs` when there is no word); `postings` gives a term's postings.
fn matching<'a>(
    docs: u32,
    alternatives: &[Vec<String>],
    postings: impl Fn(&str) -> Option<&'a [index::FieldPostings]>,
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
    let Some((first, rest)) = alternatives.split_first() else {
        return (0..docs).collect();
    };
    let mut out = docs_of(first);
    for alts in rest {
        let other = docs_of(alts);
        out.retain(|d| other.binary_search(d).is_ok());
    }
    out
}

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
    postings: impl Fn(&str) -> Option<&'a [index::FieldPostings]>,
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
            .any(|(a, s)| a.first().map(String::as_str) != Some(s))
    {
        return Ok(None);
    }
    let mut matches = matching(snap.docs, &alternatives, &postings);
    // Rule 4: every term once, in code-point order, as search() does.
    let terms: BTreeSet<&str> = alternatives.iter().flatten().map(String::as_str).collect();
    let lists: Vec<&[index::FieldPostings]> = terms.iter().filter_map(|t| postings(t)).collect();
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

/// Runs `query` with the filters `sel` and returns the first `limit` results.
pub fn search(
    snap: &Snapshot,
    query: &str,
    sel: &Selection,
    limit: usize,
) -> tantivy::Result<Answer> {
    let words = words(query);
    let alternatives = alternatives(snap, &words)?;
    let n = snap.docs as usize;
    // Every term of every word, once, in code-point order (= the summation order).
    let terms: BTreeSet<&String> = alternatives.iter().flatten().collect();
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
            .map(|(f, s)| {
                let slugs = s.iter().map(|&t| f.terms[t as usize].slug.clone());
                (f.key.clone(), slugs.collect())
            })
            .collect(),
        total: results.len(),
        results: hits_out,
        facets: vocab
            .facets
            .iter()
            .zip(&counts)
            .map(|(f, c)| {
                let terms = f.terms.iter().zip(c);
                let terms = terms.map(|(t, &n)| (t.slug.clone(), n)).collect();
                (f.key.clone(), terms)
            })
            .collect(),
    })
}

/// A document's stored fields with its excerpt analysed, once for all the snippets made of it.
pub struct Analysed {
    pub doc: index::DocInfo,
    tokens: Vec<Token>,
}

impl Analysed {
    pub fn new(doc: index::DocInfo) -> Analysed {
        let tokens = tokens(&doc.excerpt);
        Analysed { doc, tokens }
    }

    /// The document as a result: its fields, `score`, its snippet for the marked terms.
    fn hit(&self, score: f64, marked: &BTreeSet<&str>) -> Hit {
        let doc = &self.doc;
        Hit {
            slug: doc.slug.clone(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            score,
            snippet: snippet_of(&doc.excerpt, &self.tokens, marked),
        }
    }
}

/// The snippet of `text`, analysed into `tokens`, for the marked terms (rule 6).
fn snippet_of(text: &str, tokens: &[Token], marked: &BTreeSet<&str>) -> Vec<Piece> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let is_marked: Vec<bool> = tokens
        .iter()
        .map(|t| marked.contains(t.term.as_str()))
        .collect();
    let len = tokens.len();
    let mut start = 0;
    let mut best: Option<(usize, usize)> = None;
    let mut last_start = None;
    for m in (0..len).filter(|&i| is_marked[i]) {
        let s = m.saturating_sub(SNIPPET_CONTEXT);
        if last_start == Some(s) {
            continue;
        }
        last_start = Some(s);
        let end = (s + SNIPPET_TOKENS).min(len);
        let mut distinct: BTreeSet<&str> = BTreeSet::new();
        let mut count = 0;
        for i in s..end {
            if is_marked[i] {
                distinct.insert(&tokens[i].term);
                count += 1;
            }
        }
        let key = (distinct.len(), count);
        if best.is_none_or(|b| key > b) {
            best = Some(key);
            start = s;
        }
    }
    let end = (start + SNIPPET_TOKENS).min(len);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, matched: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if !matched && !last.matched => last.text.push_str(text),
            _ => pieces.push(Piece {
                text: text.to_string(),
                matched,
            }),
        }
    };
    let mut cursor = if start == 0 { 0 } else { tokens[start].from };
    if start > 0 {
        push("… ", false);
    }
    for i in start..end {
        if is_marked[i] {
            push(&text[cursor..tokens[i].from], false);
            push(&text[tokens[i].from..tokens[i].to], true);
            cursor = tokens[i].to;
        }
    }
    let stop = if end == len {
        text.len()
    } else {
        tokens[end - 1].to
    };
    push(&text[cursor..stop], false);
    if end < len {
        push(" …", false);
    }
    pieces
}

/// `katalog search`: the text to print on stdout, or what went wrong (exit 2).
pub fn run(
    root: &Path,
    query: &str,
    filters: &[String],
    limit: usize,
    json: bool,
) -> Result<String, String> {
    // An index left from before `search: false` would answer for a site that has no search.
    if let Ok(config) = crate::config::read(root)
        && !config.search
    {
        return Err(
            "this site has no search: content/katalog.yaml says `search: false`; remove that line (or write `search: true`) and run `katalog build`".to_string(),
        );
    }
    let (idx, vocab) = index::open(root)?;
    let dir = index::index_dir(root);
    let fail = |e: tantivy::TantivyError| {
        format!(
            "cannot read the search index at {}: {e}; run `katalog build --root {}` to rebuild it",
            dir.display(),
            root.display()
        )
    };
    let snap = Snapshot::new(&idx, vocab).map_err(fail)?;
    let sel = parse_filters(&snap.vocab, filters)?;
    let answer = search(&snap, query, &sel, limit).map_err(fail)?;
    if json {
        let mut text = serde_json::to_string(&answer).map_err(|e| e.to_string())?;
        text.push('\n');
        return Ok(text);
    }
    Ok(human(&answer))
}

/// The human-readable answer: numbered results with their address, score and snippet (marked
/// words in [brackets]), then the count.
pub fn human(answer: &Answer) -> String {
    let mut out = String::new();
    for (i, hit) in answer.results.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. {}  {}  ({:.3})\n",
            i + 1,
            hit.title,
            hit.url,
            hit.score
        ));
        let snippet: String = hit
            .snippet
            .iter()
            .map(|p| {
                if p.matched {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect();
        if !snippet.is_empty() {
            out.push_str(&format!("    {snippet}\n"));
        }
    }
    let filters: Vec<String> = answer
        .filters
        .iter()
        .map(|(k, v)| format!("{k}={}", v.join(",")))
        .collect();
    out.push_str(&format!(
        "{} result{} for {:?}{}{}\n",
        answer.total,
        if answer.total == 1 { "" } else { "s" },
        answer.query,
        if filters.is_empty() {
            String::new()
        } else {
            format!(" with {}", filters.join(" "))
        },
        if answer.total > answer.results.len() {
            format!(" (showing {}; -n N for more)", answer.results.len())
        } else {
            String::new()
        }
    ));
    out
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

    #[test]
    fn words_split_like_the_analyzer_and_mark_the_last_as_prefix() {
        let w = words("Kommunestyret og e-post");
        let terms: Vec<&str> = w.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["kommunestyr", "e", "post"]);
        assert_eq!(w[0].lower, "kommunestyret");
        assert!(!w[0].prefix && !w[1].prefix && w[2].prefix);
        assert!(!words("ungdom ab")[1].prefix, "two letters are too short");
        assert!(words("og i").is_empty());
        let kom = words("og kom");
        assert_eq!(kom.len(), 1);
        assert!(kom[0].prefix_only && kom[0].prefix);
        assert_eq!(kom[0].lower, "kom");
        assert!(words("kom og").is_empty(), "og has two letters");
    }

    #[test]
    fn snippet_marks_and_cuts() {
        let text = (0..100)
            .map(|i| format!("ord{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let marked: BTreeSet<&str> = ["ord50", "ord52"].into_iter().collect();
        let s = snippet_of(&text, &tokens(&text), &marked);
        assert_eq!(s[0].text, "… ord46 ord47 ord48 ord49 ");
        assert_eq!(
            s[1],
            Piece {
                text: "ord50".into(),
                matched: true
            }
        );
        assert!(s.last().unwrap().text.ends_with("ord75 …"));
        let none = snippet_of("Kort tekst.", &tokens("Kort tekst."), &BTreeSet::new());
        assert_eq!(
            none,
            [Piece {
                text: "Kort tekst.".into(),
                matched: false
            }]
        );
    }

    /// A small index of `docs` (title, summary, body, municipality, county, labels).
    fn tiny(docs: &[[&str; 6]]) -> Snapshot {
        use tantivy::TantivyDocument;
        let (schema, f) = index::schema();
        let tokenizers = tantivy::tokenizer::TokenizerManager::default();
        tokenizers.register(analyzer::ANALYZER, analyzer::analyzer());
        let mut writer = tantivy::Index::builder()
            .schema(schema)
            .tokenizers(tokenizers)
            .single_segment_index_writer(tantivy::directory::RamDirectory::create(), 15_000_000)
            .unwrap();
        for (i, fields) in docs.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            for (fi, text) in fields.iter().enumerate() {
                doc.add_text(f.text[fi], text);
            }
            doc.add_text(f.slug, format!("d{i}"));
            doc.add_text(f.url, format!("d{i}/"));
            doc.add_text(f.excerpt, fields[2]);
            writer.add_document(doc).unwrap();
        }
        let index = writer.finalize().unwrap();
        analyzer::register(&index);
        let vocab = index::Vocab {
            format: String::new(),
            version: 1,
            facets: Vec::new(),
        };
        Snapshot::new(&index, vocab).unwrap()
    }

    #[test]
    fn a_stored_answer_is_the_answer_to_any_form_of_the_words() {
        // "budsjett" has longer terms that start with it (prefix alternatives) and documents
        // with equal scores (ties by ordinal).
        let docs: Vec<[&str; 6]> = (0..40)
            .map(|i| match i % 5 {
                0 => ["Budsjett", "", "budsjett budsjett", "", "", ""],
                1 => ["", "budsjettmøte", "ord ord ord", "", "", ""],
                2 => ["", "", "budsjetteringa og budsjettet", "", "", ""],
                3 => ["Anna", "", "ingenting", "", "", ""],
                _ => ["", "", "budsjett og budsjettprosess", "", "", ""],
            })
            .collect();
        let snap = tiny(&docs);
        let owned: Vec<(String, Vec<index::FieldPostings>)> = snap
            .terms()
            .unwrap()
            .into_iter()
            .map(|(t, _)| {
                let p = snap.postings(&t).unwrap();
                (t, p)
            })
            .collect();
        let extensions = owned.iter().filter(|(t, _)| t.starts_with("budsjett"));
        assert!(extensions.count() >= 3, "budsjett has prefix alternatives");
        let postings = |t: &str| {
            owned
                .iter()
                .find(|(u, _)| u == t)
                .map(|(_, p)| p.as_slice())
        };
        let mut score = vec![0.0; docs.len()];
        let doc_facets = snap.doc_facets().unwrap();
        let ords: Vec<u32> = (0..snap.docs).collect();
        let stored: Vec<Analysed> = snap
            .docs_of(&ords)
            .unwrap()
            .into_iter()
            .map(Analysed::new)
            .collect();
        let cases: [(&[&str], &[&str]); 2] = [
            (&["budsjett"], &["budsjett", "Budsjettet", "budsjetta"]),
            (&["ord", "budsjett"], &["ord budsjett", "Ord budsjettet"]),
        ];
        let missing = stored_answer(
            &snap,
            &["ord", "ingen"],
            postings,
            &stored,
            &doc_facets,
            5,
            &mut score,
        );
        assert!(missing.unwrap().is_none(), "a stem that is not a term");
        for ((stems, forms), k) in cases.iter().flat_map(|c| [(c, 5), (c, 30)]) {
            let one = stored_answer(&snap, stems, postings, &stored, &doc_facets, k, &mut score)
                .unwrap()
                .unwrap();
            assert!(score.iter().all(|&s| s == 0.0), "the buffer is left zeroed");
            assert_eq!(one.results.len(), k.min(one.total));
            assert!(one.total > 0, "{stems:?}");
            let mut marks = one.results.iter().flat_map(|h| &h.snippet);
            assert!(marks.any(|p| p.matched), "the words are marked");
            for typed in *forms {
                let answer = search(&snap, typed, &Vec::new(), k).unwrap();
                // Order, scores, snippets and their marks.
                assert_eq!(answer.results, one.results, "{typed}, {k}");
                assert_eq!(answer.total, one.total, "{typed}");
                let counts: Vec<Vec<usize>> = answer
                    .facets
                    .iter()
                    .map(|(_, c)| c.iter().map(|(_, n)| *n).collect())
                    .collect();
                assert_eq!(counts, one.counts, "{typed}");
            }
        }
    }

    #[test]
    fn canonical_scores_equal_tantivys_own_bm25() {
        use tantivy::collector::TopDocs;
        use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
        use tantivy::schema::IndexRecordOption;
        let filler = "ord ".repeat(60);
        let docs = [
            [
                "Kommunestyret i Suldal",
                "Grendeutval",
                "Kommunestyret vedtok grendeutval.",
                "Suldal",
                "Rogaland Vestlandet",
                "Nærdemokrati",
            ],
            [
                "Ungdomsråd",
                "Ungdom i kommunestyret",
                &format!("Ungdom ungdom {filler} kommunestyret"),
                "Lørenskog",
                "Akershus Østlandet",
                "Barn og unge Ungdom",
            ],
            [
                "Innbyggerpanel",
                "Panel",
                "Tilfeldig trukne innbyggere drøfter kommunestyrets saker.",
                "Bergen",
                "Vestland Vestlandet",
                "Innbyggerpanel",
            ],
            [
                "Budsjett",
                "Deltakende budsjettering",
                &format!("{filler} ungdom budsjett"),
                "Gjøvik",
                "Innlandet Østlandet",
                "Budsjettprosess Ungdom",
            ],
        ];
        let snap = tiny(&docs);
        let index = &snap.index;
        let searcher = index.reader().unwrap().searcher();
        let (_, f) = index::schema();
        let queries = [
            "kommunestyret",
            "ungdom",
            "kommunestyret ungdom",
            "ungdom budsj",
            "innbyggerne",
        ];
        for query in queries {
            let answer = search(&snap, query, &Vec::new(), 10).unwrap();
            assert!(answer.total > 0, "{query}");
            let mut words_q: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            // Each word: any of its alternatives in any field (no term is shared by two words).
            for alts in alternatives(&snap, &words(query)).unwrap() {
                let mut fields: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for alt in &alts {
                    for (fi, (_, boost)) in FIELDS.iter().enumerate() {
                        let term = tantivy::Term::from_field_text(f.text[fi], alt);
                        let tq = TermQuery::new(term, IndexRecordOption::WithFreqs);
                        let boosted = BoostQuery::new(Box::new(tq), *boost as f32);
                        fields.push((Occur::Should, Box::new(boosted)));
                    }
                }
                words_q.push((Occur::Must, Box::new(BooleanQuery::new(fields))));
            }
            let top = searcher
                .search(
                    &BooleanQuery::new(words_q),
                    &TopDocs::with_limit(10).order_by_score(),
                )
                .unwrap();
            assert_eq!(top.len(), answer.total, "{query}");
            for (score, address) in top {
                let slug = format!("d{}", address.doc_id);
                let ours = answer
                    .results
                    .iter()
                    .find(|h| h.slug == slug)
                    .unwrap()
                    .score;
                assert!(
                    (ours - f64::from(score)).abs() < 1e-5 * ours.max(1.0),
                    "{query}: {slug}: canonical {ours}, tantivy {score}"
                );
            }
        }
    }

    #[test]
    fn bm25_matches_tantivys_formula() {
        // tantivy: idf(n=1, N=10) = ln(1 + 9.5 / 1.5)
        assert!((idf(1, 10) - (1.0f64 + 9.5 / 1.5).ln()).abs() < 1e-15);
        let c = contribution(1.0, 2.0, 1, 10, 10.0);
        assert!((c - 2.0 * 2.2 / (1.0 + 1.2)).abs() < 1e-12);
    }
}
