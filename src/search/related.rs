//! Related cases for each case page, found at build time in the build's own tantivy index by
//! more-like-this over a case's body and model types, and the same on every build of the same
//! content.
//!
//! **The query of a case** (Lucene's MoreLikeThis, which tantivy's `MoreLikeThisQuery` follows):
//! the body's terms that occur at least [`MIN_TERM_FREQ`] times in it, scored tf × idf, the
//! [`MAX_BODY_TERMS`] best, plus the words of its model types' labels (matched in the `labels`
//! field, each counting as [`MODEL_TYPE_TF`] occurrences). A term in no other document says
//! nothing about likeness; a body term in more than a tenth of all documents says little and
//! costs much (its postings are long), so both are left out. Each term is a `TermQuery` (BM25)
//! boosted by its score over the best term's, all `Should`.
//!
//! **Tuned for small corpora.** tantivy's defaults (a term must be in 5 documents) leave the
//! bundled 7 cases without any query terms; here a term needs one other document, and a body
//! term may be in up to [`MIN_MAX_DOC_FREQ`] documents however small the corpus.
//!
//! **Stable.** tantivy's `MoreLikeThisQuery` picks its terms by iterating a `HashMap`, so its cut
//! at 25 terms and the order of its clauses (hence the float sums) vary between runs. Here the
//! terms are picked and ordered by (score, field, term), so the scores are the same on every
//! build; ties between cases are broken by document order (listing order).
//!
//! **Fast.** A case's body terms and their frequencies are read from the index's postings in one
//! pass over the body field's term dictionary instead of analysing every body again; the queries
//! then run in parallel on one searcher.
//!
//! The case itself and plain pages are never related; a case with no usable term has none.

use super::analyzer;
use super::index::{self, FIELDS};
use super::query::idf;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use tantivy::collector::TopDocs;
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Index, TERMINATED, Term};

/// The most related cases a case page shows.
const MAX_RELATED: usize = 3;
/// Body terms per query (Lucene's default).
const MAX_BODY_TERMS: usize = 25;
/// A body term must occur this often in the case to speak for it (Lucene's default).
const MIN_TERM_FREQ: u32 = 2;
/// The share of all documents a body term may be in: at most one in `MAX_DOC_FREQ_DIV`…
const MAX_DOC_FREQ_DIV: u64 = 10;
/// …or in this many documents, whichever is more.
const MIN_MAX_DOC_FREQ: u64 = 3;
/// A model type's words weigh as much as a body word that occurs this often.
const MODEL_TYPE_TF: u32 = 3;

/// The text fields the query uses (indices into `index::FIELDS`).
const BODY: usize = 2;
const LABELS: usize = 5;

/// Per case (index into `site.cases`), the indices of its related cases, best first.
pub type Related = Vec<Vec<usize>>;

/// A hash of everything the related cases of `site` are found from: the documents in order,
/// each case's slug, body text and model types, each plain page's body text. Watch mode skips
/// the search for related cases when it is unchanged (an edited title or summary, a new date
/// that keeps the order).
pub fn inputs(site: &Site) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for case in &site.cases {
        case.slug.hash(&mut h);
        case.body.text.hash(&mut h);
        for &m in &case.terms[0] {
            site.facets[0].terms[m].label.hash(&mut h);
        }
        h.write_u8(0xff);
    }
    for page in &site.pages {
        page.body.text.hash(&mut h);
    }
    h.finish()
}

/// A term of a case's query and its score (tf × idf).
type Scored = (f64, Term);

/// The related cases of every case of `site`, from `index` (built from `site` by
/// `index::build`: case `i` is document `i`, plain pages follow).
pub fn compute(index: &Index, site: &Site) -> tantivy::Result<Related> {
    debug_assert_eq!((FIELDS[BODY].0, FIELDS[LABELS].0), ("body", "labels"));
    let cases = site.cases.len();
    let fields = index::fields_of(&index.schema())?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let docs = searcher.num_docs();
    if docs != (cases + site.pages.len()) as u64 {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "the search index has {docs} documents, the site {cases} cases and {} pages",
            site.pages.len()
        )));
    }
    let Some(segment) = searcher.segment_readers().first() else {
        return Ok(vec![Vec::new(); cases]);
    };

    // Each case's body terms, read from the postings: (score, index into `terms`).
    let max_df = (docs / MAX_DOC_FREQ_DIV).max(MIN_MAX_DOC_FREQ);
    let body_field = fields.text[BODY];
    let inverted = segment.inverted_index(body_field)?;
    let mut terms: Vec<Term> = Vec::new();
    let mut per_case: Vec<Vec<(f64, u32)>> = vec![Vec::new(); cases];
    let mut stream = inverted.terms().stream()?;
    while stream.advance() {
        let info = stream.value();
        let df = u64::from(info.doc_freq);
        if df < 2 || df > max_df {
            continue;
        }
        let Ok(text) = std::str::from_utf8(stream.key()) else {
            continue;
        };
        let idf = idf(df, docs);
        let t = terms.len() as u32;
        terms.push(Term::from_field_text(body_field, text));
        let mut postings =
            inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
        while postings.doc() != TERMINATED {
            let (doc, tf) = (postings.doc() as usize, postings.term_freq());
            if doc < cases && tf >= MIN_TERM_FREQ {
                per_case[doc].push((f64::from(tf) * idf, t));
            }
            postings.advance();
        }
    }

    // The words of each model type (the first facet), as the labels field holds them, with
    // their scores.
    let labels = segment.inverted_index(fields.text[LABELS])?;
    let model_types: Vec<Vec<Scored>> = site.facets[0]
        .terms
        .iter()
        .map(|t| {
            let mut tf: BTreeMap<String, u32> = BTreeMap::new();
            for word in analyzer::analyze(&t.label) {
                *tf.entry(word).or_default() += MODEL_TYPE_TF;
            }
            let mut scored = Vec::new();
            for (word, tf) in tf {
                let term = Term::from_field_text(fields.text[LABELS], &word);
                let df = u64::from(labels.doc_freq(&term)?);
                if df >= 2 {
                    scored.push((f64::from(tf) * idf(df, docs), term));
                }
            }
            Ok(scored)
        })
        .collect::<tantivy::Result<_>>()?;

    let by_score = |a: &Scored, b: &Scored| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1));
    per_case
        .into_par_iter()
        .enumerate()
        .map(|(i, mut body)| {
            // Term indices follow the term dictionary, so this is (score, term) order too.
            body.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            body.truncate(MAX_BODY_TERMS);
            let mut query: Vec<Scored> = body
                .into_iter()
                .map(|(score, t)| (score, terms[t as usize].clone()))
                .collect();
            for &m in &site.cases[i].terms[0] {
                for scored in &model_types[m] {
                    // Two model types may share a word: it counts once per model type.
                    match query.iter_mut().find(|(_, t)| *t == scored.1) {
                        Some(q) => q.0 += scored.0,
                        None => query.push(scored.clone()),
                    }
                }
            }
            query.sort_by(by_score);
            let Some(best) = query.first().map(|q| q.0) else {
                return Ok(Vec::new());
            };
            let clauses: Vec<(Occur, Box<dyn Query>)> = query
                .into_iter()
                .map(|(score, term)| {
                    let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    let q: Box<dyn Query> =
                        Box::new(BoostQuery::new(Box::new(q), (score / best) as f32));
                    (Occur::Should, q)
                })
                .collect();
            // Enough hits that the case itself and every plain page may be among them. TopDocs
            // orders equal scores by document, at its cut too.
            let limit = MAX_RELATED + 1 + site.pages.len();
            let hits = searcher.search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(limit).order_by_score(),
            )?;
            Ok(hits
                .into_iter()
                .map(|(_, addr)| addr.doc_id as usize)
                .filter(|&doc| doc != i && doc < cases)
                .take(MAX_RELATED)
                .collect())
        })
        .collect()
}
