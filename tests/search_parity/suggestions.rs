//! What a query that finds nothing offers (rule 7 of the query language): the same suggestions
//! from the CLI, the client under node and in Chromium, for queries that find nothing, written
//! by hand and made from the bundle's terms by edits too many for typo tolerance.

use crate::common::{Project, Rng};
use crate::generate::{bundle_facets, bundle_terms};
use crate::harness::{Query, assert_parity, build, q};
use serde_json::Value;

/// Queries that find nothing in the bundled catalogue, each offering something.
const EMPTY: &[&str] = &[
    "gjøvik xyzzy",
    "xyzzy gjøvik",
    "innbygerpannel",
    "medvirkning qqqq budsjett",
    "ungdomsråd bodo xx",
    "kommunedelsutvalg qwerty",
    "grendeutvalx sunnfjord",
    "suldal zzzz grendeutval",
    "bylabbbbb",
    "ungdomsraadd",
    "innbyggermedverknadsordningane",
    "e-pxst",
    "digitalle verktoyy",
    "naerdemokratti",
    "vestlandettt",
    "innlandettt xyzzy",
];

/// `term` with `edits` edits (deletions, doublings, substitutions) spread over them.
fn mangled(rng: &mut Rng, term: &str, edits: usize) -> String {
    let mut t: Vec<char> = term.chars().collect();
    for _ in 0..edits {
        let i = rng.below(t.len());
        match rng.below(3) {
            0 if t.len() > 3 => {
                t.remove(i);
            }
            1 => t.insert(i, t[i]),
            _ => t[i] = *rng.pick(&['q', 'x', 'z', 'w']),
        }
    }
    t.into_iter().collect()
}

/// The hand-written queries, and terms of the bundle of `p` mangled, alone, beside another
/// term, and with a filter.
pub fn empty_queries(p: &Project) -> Vec<Query> {
    let bundle = p.output().join("search");
    let terms: Vec<(String, u64)> = bundle_terms(&bundle)
        .into_iter()
        .filter(|(t, _)| t.chars().count() >= 6 && t.chars().all(char::is_alphabetic))
        .collect();
    let facets = bundle_facets(&bundle);
    let mut rng = Rng(0x5eed_0f5a);
    let mut out: Vec<Query> = EMPTY.iter().map(|t| q("empty", *t)).collect();
    for _ in 0..40 {
        let word = rng.pick(&terms).0.clone();
        let other = rng.pick(&terms).0.clone();
        let edits = 3 + rng.below(2);
        let bad = mangled(&mut rng, &word, edits);
        let text = match rng.below(3) {
            0 => bad,
            1 => format!("{other} {bad}"),
            _ => format!("{bad} {other}"),
        };
        out.push(q("mangled", text));
    }
    let base = out.clone();
    for _ in 0..15 {
        let mut query = rng.pick(&base).clone();
        query.kind = "mangled, filtered";
        query.filters.push(rng.pick(&facets).clone());
        out.push(query);
    }
    out
}

#[test]
fn a_query_that_finds_nothing_gets_the_same_suggestions_on_every_side() {
    let p = Project::bundled("search-parity-suggestions");
    build(&p);
    let queries = empty_queries(&p);
    let answers = assert_parity("suggestions", &p, &queries);
    let mut offered = [0; 3];
    for (query, answer) in queries.iter().zip(&answers) {
        let s = &answer["suggestions"];
        if answer["total"] != 0 {
            assert_eq!(*s, Value::Null, "{query:?} found something: no suggestions");
            continue;
        }
        assert!(s.is_object(), "{query:?}: {answer}");
        for (i, key) in ["nearest", "without", "terms"].iter().enumerate() {
            if s[key].as_array().is_some_and(|a| !a.is_empty()) || s[key].is_object() {
                offered[i] += 1;
            }
        }
    }
    let empty = answers.iter().filter(|a| a["total"] == 0).count();
    println!("suggestions: {empty} empty queries; nearest, without, terms offered: {offered:?}");
    assert!(
        empty >= 40,
        "{empty} of {} queries found nothing",
        queries.len()
    );
    assert!(offered.iter().all(|&n| n >= 3), "{offered:?}");

    // The query without the word that matched nothing, and its count.
    let gjovik = &answers[0]["suggestions"];
    assert_eq!(gjovik["word"], "xyzzy");
    assert_eq!(gjovik["without"]["query"], "gjøvik");
    assert_eq!(gjovik["without"]["removed"], "xyzzy");
    assert!(gjovik["without"]["total"].as_u64().unwrap() > 0, "{gjovik}");
    // A word too far for typo tolerance: the nearest words, and the model type it is close to.
    let panel = &answers[2]["suggestions"];
    assert!(!panel["nearest"].as_array().unwrap().is_empty(), "{panel}");
    assert!(
        panel["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "modelltype" && t["slug"] == "innbyggerpanel"),
        "{panel}"
    );
}
