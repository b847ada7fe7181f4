//! The queries: a fixed list, and queries generated deterministically from the bundle's own
//! terms (single words, inflected, several, prefixes, typos, filtered), and the bokmål/nynorsk
//! pairs, with the check that both forms of a pair find the same cases.

use crate::analyzer;
use crate::common::Rng;
use crate::harness::{Query, q, slugs};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The JSON file `rel` of the bundle (`meta.json.gz`, `terms/0.json.gz`, …).
pub fn bundle_json(bundle: &Path, rel: impl AsRef<Path>) -> Value {
    crate::common::bundle_json(&bundle.join(rel))
}

/// Every term of the bundle with its document frequency, from `search/lengths/*.json.gz`.
pub fn bundle_terms(bundle: &Path) -> Vec<(String, u64)> {
    let mut terms = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(bundle.join("lengths"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let v = bundle_json(bundle, file);
        let list = v["terms"].as_array().unwrap();
        let df = v["df"].as_array().unwrap();
        for (t, d) in list.iter().zip(df) {
            terms.push((t.as_str().unwrap().to_string(), d.as_u64().unwrap()));
        }
    }
    terms.sort();
    terms
}

/// (facet key, slug) of every facet term of the bundle.
pub fn bundle_facets(bundle: &Path) -> Vec<(String, String)> {
    let meta = bundle_json(bundle, "meta.json.gz");
    let mut out = Vec::new();
    for f in meta["facets"].as_array().unwrap() {
        for t in f["terms"].as_array().unwrap() {
            out.push((
                f["key"].as_str().unwrap().to_string(),
                t["slug"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

/// Hand-written queries: Norwegian words and inflections, nynorsk, typos, prefixes, stop
/// words, punctuation, numbers, odd characters.
pub const FIXED: &[&str] = &[
    "",
    "   ",
    "og",
    "og i på",
    "kom",
    "og kom",
    "Kom ",
    "for",
    "mot",
    "hvordan",
    "ungdom kom",
    "kommunestyret",
    "kommunestyre",
    "Kommunestyrets",
    "kommunestyremøtene",
    "innbyggerpanel",
    "innbyggerpanelet",
    "innbyggerpanelene",
    "innbyggerpanle",
    "innbyggerpanle ungdom",
    "deltakende budsjettering",
    "deltakende budsjetering",
    "deltakande budsjettering",
    "ungdomsråd",
    "ungdomsrådet",
    "ungdomsråda",
    "ungdomsrda",
    "Ungdom",
    "ungdommen",
    "ungdommane",
    "innbyggjarane",
    "innbyggerne",
    "kommunane",
    "kommunene",
    "nærmiljøråd",
    "naermiljorad",
    "grendeutval",
    "grendeutvalg",
    "medvirkning",
    "medverknad",
    "medvirkningsrådet",
    "e-post",
    "covid-19",
    "2024",
    "1. januar 2020",
    "Bodø",
    "bodo",
    "Vestlandet",
    "Nord-Norge",
    "nord",
    "Rogaland",
    "Suldal",
    "suldal grendeutval",
    "innb",
    "inn",
    "in",
    "i",
    "kom",
    "kommu",
    "kommunes",
    "bud",
    "budsj",
    "delta",
    "deltakende budsj",
    "ungdom og eldre",
    "ungdom, eldre!",
    "«sitat»",
    "ÆØÅ æøå",
    "bærekraft",
    "barekraft",
    "baerekraft",
    "digitale verktøy",
    "digital",
    "gjestebud",
    "gjestebod",
    "xyzzy",
    "qqqqqqqqqqqqqqq",
    "og kommunestyremøtebehandlingsprosedyreendringsforslagene",
    "kommunestyret kommunestyret",
    "kommune kommunen kommunene",
    "-n",
    "--filter",
    "politisk organisering",
    "politsk organisring",
    "frivillighet",
    "frivillige lag og foreninger",
    "barnetråkk",
    "barnetrakk",
];

pub fn queries(bundle: &Path, seed: u64, per_kind: usize) -> Vec<Query> {
    let terms = bundle_terms(bundle);
    assert!(terms.len() > 100, "the bundle has terms");
    let words: Vec<&(String, u64)> = terms
        .iter()
        .filter(|(t, _)| t.chars().all(char::is_alphabetic))
        .collect();
    let common: Vec<&(String, u64)> = {
        let mut by_df = words.clone();
        by_df.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        by_df.into_iter().take(300).collect()
    };
    let long: Vec<&(String, u64)> = words
        .iter()
        .copied()
        .filter(|(t, _)| t.chars().count() >= 6)
        .collect();
    let facets = bundle_facets(bundle);
    let mut rng = Rng(seed);
    let mut out: Vec<Query> = FIXED.iter().map(|t| q("fixed", *t)).collect();
    let term = |rng: &mut Rng| -> String {
        if rng.below(2) == 0 {
            rng.pick(&common).0.clone()
        } else {
            rng.pick(&words).0.clone()
        }
    };
    for _ in 0..per_kind {
        out.push(q("single", term(&mut rng)));
    }
    const SUFFIXES: &[&str] = &[
        "ene", "en", "et", "er", "ane", "ar", "ens", "ets", "e", "a", "s",
    ];
    for _ in 0..per_kind {
        let t = term(&mut rng);
        out.push(q("inflected", format!("{t}{}", rng.pick(SUFFIXES))));
    }
    for _ in 0..per_kind {
        let n = 2 + rng.below(2);
        let text: Vec<String> = (0..n).map(|_| term(&mut rng)).collect();
        out.push(q("several", text.join(" ")));
    }
    for _ in 0..per_kind {
        let t: Vec<char> = rng.pick(&long).0.chars().collect();
        let k = 2 + rng.below(t.len() - 2);
        let prefix: String = t[..k].iter().collect();
        let text = if rng.below(3) == 0 {
            format!("{} {prefix}", term(&mut rng))
        } else {
            prefix
        };
        out.push(q("prefix", text));
    }
    for _ in 0..per_kind {
        let mut t: Vec<char> = rng.pick(&long).0.chars().collect();
        let edits = if t.len() >= 9 { 1 + rng.below(2) } else { 1 };
        for _ in 0..edits {
            let i = rng.below(t.len() - 1);
            match rng.below(4) {
                0 => {
                    t.remove(i);
                }
                1 => t.insert(i, *rng.pick(&['e', 'r', 'n', 'ø', 'a'])),
                2 => t[i] = *rng.pick(&['e', 'r', 'n', 'ø', 'a']),
                _ => t.swap(i, i + 1),
            }
        }
        let typo: String = t.into_iter().collect();
        let text = if rng.below(3) == 0 {
            format!("{typo} {}", term(&mut rng))
        } else {
            typo
        };
        out.push(q("typo", text));
    }
    let base: Vec<Query> = out.clone();
    for _ in 0..per_kind {
        let mut query = rng.pick(&base).clone();
        query.kind = "filtered";
        for _ in 0..1 + rng.below(3) {
            query.filters.push(rng.pick(&facets).clone());
        }
        out.push(query);
    }
    // Errors both sides must refuse.
    let mut bad = q("bad filter", "ungdom");
    bad.filters.push(("fylker".into(), "rogaland".into()));
    out.push(bad);
    let mut bad = q("bad filter", "ungdom");
    bad.filters.push(("modelltype".into(), "ingen-slik".into()));
    out.push(bad);
    out
}

/// Each form of each bokmål/nynorsk pair of `tests/data/standards/pairs.txt` as a query.
pub fn pair_queries() -> Vec<Query> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/standards/pairs.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pairs: Vec<Query> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .flat_map(|l| l.split('\t'))
        .map(|form| q("standards", form))
        .collect();
    assert!(pairs.len() >= 80, "{} forms", pairs.len());
    pairs
}

/// Both forms of each pair (`pair_queries`, at the end of `queries`) found the same cases,
/// wherever the index has their term: otherwise both find only typo neighbours, and a typo's
/// budget depends on the length of the word as typed, by design.
pub fn assert_pairs_agree(name: &str, bundle: &Path, queries: &[Query], answers: &[Value]) {
    let terms: std::collections::BTreeSet<String> =
        bundle_terms(bundle).into_iter().map(|(t, _)| t).collect();
    let pairs = pair_queries();
    let start = queries.len() - pairs.len();
    let found = |a: &Value| (a["total"].clone(), slugs(a).join(" "));
    let mut compared = 0;
    for i in (start..queries.len()).step_by(2) {
        let (bokmal, nynorsk) = (&queries[i].text, &queries[i + 1].text);
        let term = analyzer::analyze(bokmal);
        assert_eq!(term, analyzer::analyze(nynorsk), "{bokmal} / {nynorsk}");
        if !term.iter().all(|t| terms.contains(t)) {
            continue;
        }
        assert_eq!(
            found(&answers[i]),
            found(&answers[i + 1]),
            "{name}: {bokmal:?} and {nynorsk:?} find different cases"
        );
        assert!(answers[i]["total"].as_u64().unwrap_or(0) > 0, "{bokmal:?}");
        compared += 1;
    }
    println!(
        "{name}: {compared} of {} pairs in the index, each form finding the same cases",
        pairs.len() / 2
    );
    assert!(compared >= 10, "{name}: only {compared} pairs in the index");
}
