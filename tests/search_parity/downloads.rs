//! What the browser downloads: a frequent word's stored answer instead of postings, and a
//! prefix's files in one round trip.

use crate::common;
use crate::generate::{bundle_facets, bundle_json, bundle_terms};
use crate::harness::NODE_HELPER;
use serde_json::{Value, json};
use std::path::Path;

/// A frequent word, alone and last, is answered from its stored answer: the browser downloads
/// that file, found through the word's term block, not the facet table, nor the documents it
/// shows, nor any postings (its own are asked for only when it has no answer); with a
/// filter it scores the postings as usual. A label of the taxonomy of several words needs its
/// answer alone.
pub fn stored_answers_download_no_postings(bundle: &Path) {
    let mut common = bundle_terms(bundle);
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let word = common
        .iter()
        .find(|(t, _)| t.chars().count() >= 5)
        .unwrap()
        .0
        .clone();
    // The client finds a word's answer by the word's place in its term block (code-point order).
    let nordic = common
        .iter()
        .find(|(t, _)| t.chars().count() >= 5 && !t.is_ascii())
        .unwrap()
        .0
        .clone();
    let facet = bundle_facets(bundle).remove(0);
    let label = ["deltakende budsjettering", "Deltakande budsjetteringa"];
    let request = |query: &str, filters: Value| json!({ "dir": bundle, "query": query, "filters": filters, "limit": 10, "fresh": true });
    let mut requests = vec![
        request(&word, json!({})),
        request(&word, json!({ facet.0.clone(): [facet.1.clone()] })),
    ];
    requests.push(request(&nordic, json!({})));
    requests.extend(label.iter().map(|q| request(q, json!({}))));
    let answers = common::node_lines(NODE_HELPER, &[], &requests);
    let files = |a: &Value| -> Vec<String> {
        let list = a["files"].as_array().unwrap_or_else(|| panic!("{a}"));
        list.iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    };
    let (plain, filtered) = (files(&answers[0]), files(&answers[1]));
    let count =
        |files: &[String], folder: &str| files.iter().filter(|f| f.starts_with(folder)).count();
    assert_eq!(count(&plain, "answers/"), 1, "{word}: {plain:?}");
    assert_eq!(count(&plain, "docs/"), 0, "{word}: no documents: {plain:?}");
    assert_eq!(
        count(&plain, "shards/"),
        0,
        "{word}: no postings: {plain:?}"
    );
    assert!(
        !plain.contains(&"facets.json.gz".to_string()),
        "{word}: {plain:?}"
    );
    assert!(answers[0]["total"].as_u64().unwrap() > 10, "{}", answers[0]);
    assert!(
        filtered.contains(&"facets.json.gz".to_string()),
        "{word} filtered: {filtered:?}"
    );
    assert_eq!(
        count(&filtered, "docs/"),
        10,
        "{word} filtered: {filtered:?}"
    );
    let loaded = files(&answers[2]);
    assert_eq!(
        count(&loaded, "docs/"),
        0,
        "{nordic}: no documents: {loaded:?}"
    );

    // A label of the taxonomy, typed in other forms, is answered from its stored answer.
    let meta = bundle_json(bundle, "meta.json.gz");
    let stems = json!(["deltak", "budsjettering"]);
    assert!(
        meta["phrases"].as_array().unwrap().contains(&stems),
        "{}",
        meta["phrases"]
    );
    for (query, answer) in label.iter().zip(&answers[3..]) {
        let loaded = files(answer);
        assert_eq!(count(&loaded, "answers/"), 1, "{query}: {loaded:?}");
        assert_eq!(count(&loaded, "docs/"), 0, "{query}: {loaded:?}");
        assert_eq!(count(&loaded, "shards/"), 0, "{query}: {loaded:?}");
        assert_eq!(count(&loaded, "terms/"), 0, "{query}: {loaded:?}");
        assert!(
            !loaded.contains(&"facets.json.gz".to_string()),
            "{query}: {loaded:?}"
        );
        assert!(answer["total"].as_u64().unwrap() > 10, "{answer}");
    }
}

/// What the last word, a prefix, needs is asked for in one round trip, right after
/// `meta.json`: the term blocks that hold its terms (a short prefix such as `for` spans
/// several), and, when they are few, the shards of those terms (its alternatives), not only
/// once the blocks have said which terms they are.
pub fn a_prefix_takes_one_round_trip(bundle: &Path) {
    let meta = bundle_json(bundle, "meta.json.gz");
    let cut = |key: &str| -> Vec<String> {
        let list = meta[key].as_array().unwrap();
        list.iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    let (blocks, shards) = (cut("blocks"), cut("shards"));
    // A block whose first three letters begin the last term of the block before it.
    let (k, short) = (1..blocks.len())
        .find_map(|k| {
            let prefix: String = blocks[k].chars().take(3).collect();
            let before = bundle_json(bundle, format!("terms/{}.json.gz", k - 1));
            let last = before["terms"].as_array()?.last()?.as_str()?.to_string();
            (prefix.chars().count() == 3 && last.starts_with(&prefix)).then_some((k, prefix))
        })
        .expect("two neighbouring term blocks that share a three-letter prefix");

    // A word whose terms (at most 30, so all are alternatives) fill two to eight shards, and
    // which is its own stem, typed after a frequent word.
    let terms = bundle_terms(bundle);
    let starting = |p: &str| shards.iter().filter(|s| s.starts_with(p)).count();
    let candidates: Vec<&String> = shards
        .iter()
        .filter(|p| {
            let with = || {
                terms
                    .iter()
                    .filter(|(t, _)| t.starts_with(p.as_str()))
                    .count()
            };
            p.chars().count() >= 5 && (2..=8).contains(&starting(p)) && with() <= 30
        })
        .collect();
    let stems = common::node_lines("tests/search-js/stem.mjs", &["stem"], &candidates);
    let word = candidates
        .iter()
        .zip(&stems)
        .find(|(p, stem)| stem.as_str() == Some(p.as_str()))
        .expect("a word of several shards that is its own stem")
        .0;
    let first = terms.iter().max_by_key(|(t, df)| (*df, t.clone())).unwrap();
    let two = format!("{} {word}", first.0);

    let request = |query: &str| json!({ "dir": bundle, "query": query, "filters": {}, "limit": 10, "fresh": true });
    let answers = common::node_lines(NODE_HELPER, &[], &[request(&short), request(&two)]);
    let rounds = |a: &Value| {
        a["rounds"]
            .as_object()
            .unwrap_or_else(|| panic!("{a}"))
            .clone()
    };
    let blocks_read = rounds(&answers[0]);
    assert_eq!(blocks_read["meta.json.gz"], 1, "{short}: {blocks_read:?}");
    for block in [k - 1, k] {
        assert_eq!(
            blocks_read.get(&format!("terms/{block}.json.gz")),
            Some(&json!(2)),
            "{short}: the blocks that hold its terms, right after meta.json: {blocks_read:?}"
        );
    }
    let shards_read = rounds(&answers[1]);
    let own = shards.iter().position(|s| s == *word).unwrap();
    for shard in own..own + starting(word) {
        assert_eq!(
            shards_read.get(&format!("shards/{shard}.json.gz")),
            Some(&json!(2)),
            "{two}: the shards of {word}'s terms, right after meta.json: {shards_read:?}"
        );
    }
    for answer in &answers {
        assert!(answer["total"].as_u64().unwrap() > 0, "{answer}");
    }
}
