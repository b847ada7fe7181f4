//! Search parity: `katalog search --json` and the browser client (`static/search/search.js`)
//! give the same answer — the same ranked results with bit-identical scores, the same snippets
//! and the same facet counts — for hundreds of queries over the bundled content and a generated
//! 2,000-case corpus: single words, inflected forms, several words, prefixes, typos, stop words,
//! punctuation, with and without filters. The client answers twice: under node on the exported
//! bundle, and in headless Chromium in the built site's own front page (the scripts it loads,
//! the bundle fetched over HTTP). The queries are generated deterministically from the index's
//! own terms and a fixed list.
//!
//! One idea a file: `harness.rs` (running and comparing the three), `generate.rs` (the
//! queries), `downloads.rs` (what the browser fetches), `norwegian.rs` (acceptance queries),
//! `suggestions.rs` (what an empty query offers). This file: the two big parity runs.

#[path = "../../src/search/analyzer.rs"]
mod analyzer;
#[path = "../common/mod.rs"]
mod common;
mod downloads;
mod generate;
mod harness;
mod norwegian;
mod suggestions;

use common::Project;
use downloads::{a_prefix_takes_one_round_trip, stored_answers_download_no_postings};
use generate::{assert_pairs_agree, pair_queries, queries};
use harness::{assert_parity, build};

#[test]
fn search_parity_bundled_content_cli_node_chromium() {
    let p = Project::bundled("search-parity-bundled");
    build(&p);
    let mut queries = queries(&p.output().join("search"), 0x9e37_79b9_7f4a_7c15, 40);
    assert!(queries.len() >= 300, "{} queries", queries.len());
    queries.extend(pair_queries());
    let answers = assert_parity("bundled content", &p, &queries);
    assert_pairs_agree(
        "bundled content",
        &p.output().join("search"),
        &queries,
        &answers,
    );
    let found = answers
        .iter()
        .filter(|a| a["total"].as_u64().unwrap_or(0) > 0)
        .count();
    assert!(found > queries.len() / 2, "most queries find something");
}

#[test]
fn search_parity_generated_corpus_cli_node_chromium() {
    let p = Project::generated("search-parity-corpus", 2000, 1);
    build(&p);
    let mut queries = queries(&p.output().join("search"), 0x2545_f491_4f6c_dd1d, 45);
    assert!(queries.len() >= 300, "{} queries", queries.len());
    // Queries that find nothing: their suggestions too, over a larger index.
    queries.extend(suggestions::empty_queries(&p));
    queries.extend(pair_queries());
    let answers = assert_parity("2,000-case corpus", &p, &queries);
    assert_pairs_agree(
        "2,000-case corpus",
        &p.output().join("search"),
        &queries,
        &answers,
    );
    // The corpus is big enough for every kind of query to find something.
    for kind in [
        "single",
        "inflected",
        "several",
        "prefix",
        "typo",
        "filtered",
    ] {
        let hits = queries
            .iter()
            .zip(&answers)
            .filter(|(q, a)| q.kind == kind && a["total"].as_u64().unwrap_or(0) > 0)
            .count();
        assert!(hits > 0, "no {kind} query found anything");
    }
    stored_answers_download_no_postings(&p.output().join("search"));
    a_prefix_takes_one_round_trip(&p.output().join("search"));
}
