//! A read view of the one-segment search index (`index.rs` builds it): its statistics, terms,
//! postings and stored documents, which `katalog search`, the bundle's export and the fuzz
//! targets all read the same way.

use super::index::{FIELDS, Fields, Vocab, fields_of};
use crate::site::FACET_KEYS;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{DocSet, Index, IndexReader, SegmentReader, TERMINATED, TantivyDocument, Term};

/// One (field, term)'s postings: (ordinal, term frequency, fieldnorm id) in ordinal order.
pub struct FieldPostings {
    pub field: usize,
    pub postings: Vec<(u32, u32, u8)>,
}

/// What a document shows in results.
pub struct DocInfo {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub excerpt: String,
}

/// A read view of the one-segment index: statistics, terms, postings, stored documents.
pub struct Snapshot {
    pub vocab: Vocab,
    #[cfg(test)]
    pub index: Index,
    fields: Fields,
    _reader: IndexReader,
    segment: Option<SegmentReader>,
    norms: Vec<Option<FieldNormReader>>,
    /// Number of documents (tantivy's N: max_doc).
    pub docs: u32,
    /// Per text field, the exact number of tokens in the index.
    pub total_tokens: [u64; FIELDS.len()],
}

impl Snapshot {
    pub fn new(index: &Index, vocab: Vocab) -> tantivy::Result<Snapshot> {
        let fields = fields_of(&index.schema())?;
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let segments = searcher.segment_readers();
        if segments.len() > 1 {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "the search index has {} segments instead of one; rebuild it",
                segments.len()
            )));
        }
        let segment = segments.first().cloned();
        let mut total_tokens = [0; FIELDS.len()];
        let mut norms = Vec::new();
        for (i, &field) in fields.text.iter().enumerate() {
            match &segment {
                Some(s) => {
                    total_tokens[i] = s.inverted_index(field)?.total_num_tokens();
                    norms.push(Some(s.get_fieldnorms_reader(field)?));
                }
                None => norms.push(None),
            }
        }
        Ok(Snapshot {
            vocab,
            #[cfg(test)]
            index: index.clone(),
            fields,
            docs: segment.as_ref().map_or(0, |s| s.max_doc()),
            segment,
            norms,
            total_tokens,
            _reader: reader,
        })
    }

    /// Every term of every text field, sorted (UTF-8 byte order = code point order), with its
    /// document frequency summed over the fields.
    pub fn terms(&self) -> tantivy::Result<Vec<(String, u64)>> {
        let mut all: Vec<(String, u64)> = Vec::new();
        let Some(segment) = &self.segment else {
            return Ok(all);
        };
        let mut merged: std::collections::BTreeMap<Vec<u8>, u64> = Default::default();
        for &field in &self.fields.text {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                *merged.entry(stream.key().to_vec()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
        for (key, df) in merged {
            let term = String::from_utf8(key).map_err(|e| {
                tantivy::TantivyError::InvalidArgument(format!("a term is not UTF-8: {e}"))
            })?;
            all.push((term, df));
        }
        Ok(all)
    }

    /// The terms that start with `prefix`, sorted, with their summed document frequencies.
    pub fn terms_with_prefix(&self, prefix: &str) -> tantivy::Result<Vec<(String, u64)>> {
        let mut merged: std::collections::BTreeMap<String, u64> = Default::default();
        let Some(segment) = &self.segment else {
            return Ok(Vec::new());
        };
        for &field in &self.fields.text {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()?;
            while stream.advance() {
                if !stream.key().starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *merged.entry(term.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        Ok(merged.into_iter().collect())
    }

    /// The summed document frequency of `term` (0: not in the index).
    pub fn doc_freq(&self, term: &str) -> tantivy::Result<u64> {
        let Some(segment) = &self.segment else {
            return Ok(0);
        };
        let mut n = 0;
        for &field in &self.fields.text {
            n += u64::from(
                segment
                    .inverted_index(field)?
                    .doc_freq(&Term::from_field_text(field, term))?,
            );
        }
        Ok(n)
    }

    /// The postings of `term` in each text field that has it, in field order.
    pub fn postings(&self, term: &str) -> tantivy::Result<Vec<FieldPostings>> {
        let mut out = Vec::new();
        let Some(segment) = &self.segment else {
            return Ok(out);
        };
        for (i, &field) in self.fields.text.iter().enumerate() {
            let inverted = segment.inverted_index(field)?;
            let key = Term::from_field_text(field, term);
            let Some(info) = inverted.get_term_info(&key)? else {
                continue;
            };
            out.push(FieldPostings {
                field: i,
                postings: read_postings(&inverted, &info, self.norms[i].as_ref())?,
            });
        }
        Ok(out)
    }

    /// Per document, per facet (FACET_KEYS order), the indices of its terms in `vocab`.
    pub fn doc_facets(&self) -> tantivy::Result<Vec<[Vec<u16>; FACET_KEYS.len()]>> {
        let mut out: Vec<[Vec<u16>; FACET_KEYS.len()]> =
            (0..self.docs).map(|_| Default::default()).collect();
        let Some(segment) = &self.segment else {
            return Ok(out);
        };
        for (fi, facet) in self.vocab.facets.iter().enumerate() {
            let Some(&field) = self.fields.facets.get(fi) else {
                continue;
            };
            let inverted = segment.inverted_index(field)?;
            for (ti, term) in facet.terms.iter().enumerate() {
                let key = Term::from_facet(field, &Facet::from_path([term.slug.as_str()]));
                let Some(mut postings) = inverted.read_postings(&key, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                while postings.doc() != TERMINATED {
                    if let Some(slot) = out.get_mut(postings.doc() as usize) {
                        slot[fi].push(ti as u16);
                    }
                    postings.advance();
                }
            }
        }
        Ok(out)
    }

    /// The stored fields of document `ord`.
    pub fn doc(&self, ord: u32) -> tantivy::Result<DocInfo> {
        self.docs_of(&[ord]).map(|mut d| d.remove(0))
    }

    /// The stored fields of the documents `ords`, in that order, through one store reader.
    pub fn docs_of(&self, ords: &[u32]) -> tantivy::Result<Vec<DocInfo>> {
        let Some(segment) = &self.segment else {
            return Err(tantivy::TantivyError::InvalidArgument(
                "the search index is empty".to_string(),
            ));
        };
        let store = segment.get_store_reader(4)?;
        let mut out = Vec::with_capacity(ords.len());
        for &ord in ords {
            let doc: TantivyDocument = store.get(ord)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            out.push(DocInfo {
                slug: text(self.fields.slug),
                url: text(self.fields.url),
                title: text(self.fields.text[0]),
                excerpt: text(self.fields.excerpt),
            });
        }
        Ok(out)
    }

    /// Every term of every text field with its postings per field, sorted by term.
    pub fn all_postings(&self) -> tantivy::Result<Vec<(String, Vec<FieldPostings>)>> {
        let mut merged: std::collections::BTreeMap<Vec<u8>, Vec<FieldPostings>> =
            Default::default();
        let Some(segment) = &self.segment else {
            return Ok(Vec::new());
        };
        for (i, &field) in self.fields.text.iter().enumerate() {
            let inverted = segment.inverted_index(field)?;
            let norms = self.norms[i].as_ref();
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let list = read_postings(&inverted, stream.value(), norms)?;
                merged
                    .entry(stream.key().to_vec())
                    .or_default()
                    .push(FieldPostings {
                        field: i,
                        postings: list,
                    });
            }
        }
        merged
            .into_iter()
            .map(|(key, fields)| {
                String::from_utf8(key)
                    .map(|term| (term, fields))
                    .map_err(|e| {
                        tantivy::TantivyError::InvalidArgument(format!("a term is not UTF-8: {e}"))
                    })
            })
            .collect()
    }
}

/// A term's postings in one field: (document, term frequency, fieldnorm id).
fn read_postings(
    inverted: &tantivy::InvertedIndexReader,
    info: &tantivy::postings::TermInfo,
    norms: Option<&FieldNormReader>,
) -> tantivy::Result<Vec<(u32, u32, u8)>> {
    let mut postings = inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
    let mut list = Vec::with_capacity(info.doc_freq as usize);
    while postings.doc() != TERMINATED {
        let doc = postings.doc();
        list.push((
            doc,
            postings.term_freq(),
            norms.map_or(0, |n| n.fieldnorm_id(doc)),
        ));
        postings.advance();
    }
    Ok(list)
}

/// The decoded length tantivy scores a fieldnorm id with.
pub fn fieldnorm(id: u8) -> u32 {
    FieldNormReader::id_to_fieldnorm(id)
}
