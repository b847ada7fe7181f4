//! The stored answers of the search bundle (`search/answers/`): the answer to each frequent word
//! typed alone and to each label of the taxonomy of more than one word, computed once at build
//! time with the CLI's own scoring so that the client reads one file instead of postings.

use super::{ANSWER_SHARE, DocFacets, err};
use crate::search::query;
use crate::search::snapshot::{FieldPostings, Snapshot};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;

/// The stored answers, as JSON: the words' by the term's ordinal, the labels' with their stems.
pub(super) struct Stored {
    pub words: BTreeMap<usize, String>,
    pub phrases: Vec<(Vec<String>, String)>,
}

/// What stored answers are made from: the index, every term's postings in term order, every
/// document's stored fields and facets, and the front page's page of results (their length).
pub(super) struct Answers<'a> {
    pub snap: &'a Snapshot,
    pub all: &'a [(String, Vec<FieldPostings>)],
    pub docs: &'a [query::Analysed],
    pub doc_facets: &'a [DocFacets],
    pub per_page: usize,
}

impl Answers<'_> {
    /// `query::stored_answer` for `stems`; `score` a buffer of one zero per document.
    fn stored(&self, stems: &[&str], score: &mut [f64]) -> io::Result<Option<query::StoredAnswer>> {
        let all = self.all;
        let postings = |t: &str| {
            all.binary_search_by(|(u, _)| u.as_str().cmp(t))
                .ok()
                .map(|i| all[i].1.as_slice())
        };
        query::stored_answer(
            self.snap,
            stems,
            postings,
            self.docs,
            self.doc_facets,
            self.per_page,
            score,
        )
        .map_err(err)
    }

    /// `stored`, as JSON.
    fn json(&self, stems: &[&str], score: &mut [f64]) -> io::Result<Option<String>> {
        match self.stored(stems, score)? {
            Some(answer) => serde_json::to_string(&answer)
                .map(Some)
                .map_err(io::Error::other),
            None => Ok(None),
        }
    }

    /// The stored answers, as JSON: to each frequent word typed alone (a term with more than a
    /// page of results in a field, in at least one document of [`ANSWER_SHARE`]), by the term's
    /// ordinal; to the taxonomy's labels of more
    /// than one word (`Deltakende budsjettering`, `Barn og unge`: what visitors type to find a
    /// model or a group), whose stems are `phrases`, with those stems.
    pub fn all(&self, phrases: Vec<Vec<String>>) -> io::Result<Stored> {
        let zeros = || vec![0f64; self.snap.docs as usize];
        let words: Vec<Option<(usize, String)>> = self
            .all
            .par_iter()
            .enumerate()
            .filter(|(_, (_, fields))| {
                let most = fields.iter().map(|fp| fp.postings.len()).max().unwrap_or(0);
                most > self.per_page && most * ANSWER_SHARE >= self.snap.docs as usize
            })
            .map_init(zeros, |score, (ord, (term, _))| {
                Ok(self.json(&[term], score)?.map(|json| (ord, json)))
            })
            .collect::<io::Result<_>>()?;
        let phrases: Vec<Option<(Vec<String>, String)>> = phrases
            .into_par_iter()
            .map_init(zeros, |score, stems| {
                let refs: Vec<&str> = stems.iter().map(String::as_str).collect();
                Ok(self.json(&refs, score)?.map(|json| (stems, json)))
            })
            .collect::<io::Result<_>>()?;
        Ok(Stored {
            words: words.into_iter().flatten().collect(),
            phrases: phrases.into_iter().flatten().collect(),
        })
    }
}

/// The stems of the taxonomy's labels of more than one word, sorted, each once.
pub(super) fn phrases(snap: &Snapshot) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for term in snap.vocab.facets.iter().flat_map(|f| &f.terms) {
        let stems: Vec<String> = query::words(&term.label)
            .into_iter()
            .map(|w| w.term)
            .collect();
        if stems.len() >= 2 && !out.contains(&stems) {
            out.push(stems);
        }
    }
    out.sort();
    out
}
