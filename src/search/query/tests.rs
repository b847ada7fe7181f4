//! The query language's tests against a real index: a stored answer is the answer to every
//! form of its words, and the canonical scores are tantivy's own BM25.

use super::*;
use crate::search::analyzer;
use crate::search::index::{self, FIELDS};
use crate::search::snapshot;

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
    let owned: Vec<(String, Vec<snapshot::FieldPostings>)> = snap
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
                .map(|f| f.terms.iter().map(|t| t.count).collect())
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
            assert!(alts.parts.is_none(), "{query}: no compound here");
            for alt in &alts.terms {
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
