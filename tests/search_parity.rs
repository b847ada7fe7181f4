//! Search parity: `katalog search --json` and the browser client (`static/search/search.js`)
//! give the same answer — the same ranked results with bit-identical scores, the same snippets
//! and the same facet counts — for hundreds of queries over the bundled content and a generated
//! 2,000-case corpus: single words, inflected forms, several words, prefixes, typos, stop words,
//! punctuation, with and without filters. The client answers twice: under node on the exported
//! bundle, and in headless Chromium in the built site's own front page (the scripts it loads,
//! the bundle fetched over HTTP). The queries are generated deterministically from the index's
//! own terms and a fixed list.

#[path = "../src/search/analyzer.rs"]
mod analyzer;
mod common;

use common::{Project, Rng};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The client under node, reading the bundle from disk.
const NODE_HELPER: &str = "tests/search-js/search.mjs";
/// The client in headless Chromium, in the built site served over HTTP.
const CHROMIUM_HELPER: &str = "tests/search-js/chromium.mjs";

/// A query and its filters (facet key, slug).
#[derive(Clone, Debug)]
struct Query {
    text: String,
    filters: Vec<(String, String)>,
    kind: &'static str,
}

fn q(kind: &'static str, text: impl Into<String>) -> Query {
    Query {
        text: text.into(),
        filters: Vec::new(),
        kind,
    }
}

fn build(p: &Project) {
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "katalog build failed:\n{stderr}");
}

/// `katalog search --json` for `query`: the answer, or {"error": stderr} on exit 2.
fn cli(root: &Path, query: &Query) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_katalog"));
    cmd.args(["search", "--json", "-n", "10", "--root"])
        .arg(root);
    for (k, v) in &query.filters {
        cmd.arg("--filter").arg(format!("{k}={v}"));
    }
    // After `--`, a query starting with "-" is still the query.
    cmd.arg("--").arg(&query.text);
    let out = cmd.output().expect("running katalog search");
    match out.status.code() {
        Some(0) => serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "katalog search {query:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        }),
        Some(2) => json!({ "error": String::from_utf8_lossy(&out.stderr).trim() }),
        other => panic!(
            "katalog search {query:?} exited with {other:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The browser client's answers from `helper` (one node process for all queries).
fn js(helper: &str, bundle: &Path, queries: &[Query]) -> Vec<Value> {
    let requests: Vec<Value> = queries
        .iter()
        .map(|query| {
            let mut filters = serde_json::Map::new();
            for (k, v) in &query.filters {
                filters
                    .entry(k.clone())
                    .or_insert_with(|| json!([]))
                    .as_array_mut()
                    .unwrap()
                    .push(json!(v));
            }
            json!({ "dir": bundle, "query": query.text, "filters": filters, "limit": 10 })
        })
        .collect();
    common::node_lines(helper, &[], &requests)
}

/// Numbers as the exact f64 they denote (JSON `1.0` from Rust and `1` from JS are the same
/// number), so that equality means bit-identical scores.
fn normalise(v: &Value) -> Value {
    match v {
        Value::Number(n) => {
            let f = n.as_f64().unwrap();
            json!(format!("{f:?} ({:#x})", f.to_bits()))
        }
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        other => other.clone(),
    }
}

/// What differs between two answers, coarsest first.
fn mismatch_class(cli: &Value, js: &Value) -> &'static str {
    if cli.get("error").is_some() || js.get("error").is_some() {
        return "one side failed";
    }
    let slugs = |v: &Value| -> Vec<Value> {
        v["results"]
            .as_array()
            .map(|r| r.iter().map(|x| x["slug"].clone()).collect())
            .unwrap_or_default()
    };
    if normalise(&cli["total"]) != normalise(&js["total"]) {
        "total"
    } else if slugs(cli) != slugs(js) {
        "ranking"
    } else if normalise(&cli["results"]) != normalise(&js["results"]) {
        let scores = |v: &Value| -> Vec<Value> {
            v["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| normalise(&x["score"]))
                .collect()
        };
        if scores(cli) != scores(js) {
            "scores"
        } else {
            "titles, urls or snippets"
        }
    } else if normalise(&cli["facets"]) != normalise(&js["facets"]) {
        "facet counts"
    } else {
        "query or filters echo"
    }
}

/// Runs every query through the CLI, the client under node and the client in Chromium, and
/// fails with the differences of each client from the CLI, by class.
fn assert_parity(name: &str, p: &Project, queries: &[Query]) -> Vec<Value> {
    let bundle = p.output().join("search");
    let sides = [
        ("node", js(NODE_HELPER, &bundle, queries)),
        ("chromium", js(CHROMIUM_HELPER, &bundle, queries)),
    ];
    let mut answers = Vec::new();
    let mut differences = Vec::new();
    let mut classes: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    let mut with_results = 0;
    for (i, query) in queries.iter().enumerate() {
        let cli_answer = cli(&p.root, query);
        for (side, from_js) in &sides {
            let js_answer = &from_js[i];
            let same = match (cli_answer.get("error"), js_answer.get("error")) {
                (Some(_), Some(_)) => true,
                _ => normalise(&cli_answer) == normalise(js_answer),
            };
            if !same {
                let class = mismatch_class(&cli_answer, js_answer);
                *classes.entry((side, class)).or_default() += 1;
                differences.push(format!(
                    "  [{}] {:?} {:?}: {class} ({side})\n    cli {}\n    {side} {}",
                    query.kind,
                    query.text,
                    query.filters,
                    brief(&cli_answer),
                    brief(js_answer)
                ));
            }
        }
        if cli_answer["total"].as_u64().unwrap_or(0) > 0 {
            with_results += 1;
        }
        answers.push(cli_answer);
    }
    assert!(
        differences.is_empty(),
        "{name}: {} differences over {} queries ({classes:?}); the first:\n{}",
        differences.len(),
        queries.len(),
        differences
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    println!(
        "{name}: {} queries ({with_results} with results), CLI, node and Chromium identical",
        queries.len()
    );
    answers
}

/// An answer in a line: total, then slug and score of each result.
fn brief(v: &Value) -> String {
    if let Some(e) = v.get("error") {
        return format!("error {e}");
    }
    let results: Vec<String> = v["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| format!("{} {}", x["slug"].as_str().unwrap_or("?"), x["score"]))
                .collect()
        })
        .unwrap_or_default();
    format!("total {} [{}]", v["total"], results.join(", "))
}

// ---- query generation --------------------------------------------------------------------

/// The JSON file `rel` of the bundle (`meta.json`, `terms/0.json`, …).
fn bundle_json(bundle: &Path, rel: impl AsRef<Path>) -> Value {
    serde_json::from_str(&std::fs::read_to_string(bundle.join(rel)).unwrap()).unwrap()
}

/// Every term of the bundle with its document frequency, from `search/lengths/*.json`.
fn bundle_terms(bundle: &Path) -> Vec<(String, u64)> {
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
fn bundle_facets(bundle: &Path) -> Vec<(String, String)> {
    let meta = bundle_json(bundle, "meta.json");
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
const FIXED: &[&str] = &[
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

fn queries(bundle: &Path, seed: u64, per_kind: usize) -> Vec<Query> {
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
fn pair_queries() -> Vec<Query> {
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
fn assert_pairs_agree(name: &str, bundle: &Path, queries: &[Query], answers: &[Value]) {
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

// ---- tests ---------------------------------------------------------------------------------

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

/// A frequent word, alone and last, is answered from its stored answer: the browser downloads
/// that file, found through the word's term block, beside the word's own shard (in case there
/// is none), not the facet table, nor the documents it shows, nor any other postings; with a
/// filter it scores the postings as usual. A label of the taxonomy of several words needs its
/// answer alone.
fn stored_answers_download_no_postings(bundle: &Path) {
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
        1,
        "{word}: its own shard only: {plain:?}"
    );
    assert!(
        !plain.contains(&"facets.json".to_string()),
        "{word}: {plain:?}"
    );
    assert!(answers[0]["total"].as_u64().unwrap() > 10, "{}", answers[0]);
    assert!(
        filtered.contains(&"facets.json".to_string()),
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
    let meta = bundle_json(bundle, "meta.json");
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
            !loaded.contains(&"facets.json".to_string()),
            "{query}: {loaded:?}"
        );
        assert!(answer["total"].as_u64().unwrap() > 10, "{answer}");
    }
}

/// What the last word, a prefix, needs is asked for in one round trip, right after
/// `meta.json`: the term blocks that hold its terms (a short prefix such as `for` spans
/// several), and, when they are few, the shards of those terms (its alternatives), not only
/// once the blocks have said which terms they are.
fn a_prefix_takes_one_round_trip(bundle: &Path) {
    let meta = bundle_json(bundle, "meta.json");
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
            let before = bundle_json(bundle, format!("terms/{}.json", k - 1));
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
    assert_eq!(blocks_read["meta.json"], 1, "{short}: {blocks_read:?}");
    for block in [k - 1, k] {
        assert_eq!(
            blocks_read.get(&format!("terms/{block}.json")),
            Some(&json!(2)),
            "{short}: the blocks that hold its terms, right after meta.json: {blocks_read:?}"
        );
    }
    let shards_read = rounds(&answers[1]);
    let own = shards.iter().position(|s| s == *word).unwrap();
    for shard in own..own + starting(word) {
        assert_eq!(
            shards_read.get(&format!("shards/{shard}.json")),
            Some(&json!(2)),
            "{two}: the shards of {word}'s terms, right after meta.json: {shards_read:?}"
        );
    }
    for answer in &answers {
        assert!(answer["total"].as_u64().unwrap() > 0, "{answer}");
    }
}

// ---- Norwegian acceptance ---------------------------------------------------------------

/// A published case of the test katalog.yaml.
fn case(
    title: &str,
    (municipality, number, county, population): (&str, &str, &str, u32),
    model_types: &str,
    language: &str,
    summary: &str,
    body: &str,
) -> String {
    format!(
        "---\ntitle: \"{title}\"\nmunicipality: {municipality}\nmunicipality_number: \"{number}\"\n\
         county: {county}\npopulation: {population}\nmodel_types: [{model_types}]\n\
         target_groups: [alle-innbyggere]\nsummary: {summary}\nlanguage: {language}\n\
         date: 2024-01-15\ndraft: false\n---\n{body}\n"
    )
}

const BAERUM: (&str, &str, &str, u32) = ("Bærum", "3201", "Akershus", 130921);
const BERGEN: (&str, &str, &str, u32) = ("Bergen", "4601", "Vestland", 291940);
const GJOVIK: (&str, &str, &str, u32) = ("Gjøvik", "3407", "Innlandet", 30903);
const SUNNFJORD: (&str, &str, &str, u32) = ("Sunnfjord", "4647", "Vestland", 22450);
const LORENSKOG: (&str, &str, &str, u32) = ("Lørenskog", "3222", "Akershus", 48188);
const BODO: (&str, &str, &str, u32) = ("Bodø", "1804", "Nordland", 53712);
const TROMSO: (&str, &str, &str, u32) = ("Tromsø", "5501", "Troms", 78745);

/// Cases whose words the tests know: each target case, and neighbours that share some words.
fn norwegian_project() -> Project {
    let files = [
        (
            "content/eksempler/barum-styre.md",
            case(
                "Bærum: saker fra grendene",
                BAERUM,
                "naerdemokrati",
                "nb",
                "Innspill fra bygdene samles før politisk behandling.",
                "## Slik gjør de det\n\nSaken går til kommunestyre for endelig vedtak etter at grendene har uttalt seg.",
            ),
        ),
        (
            "content/eksempler/bergen-panel.md",
            case(
                "Bergen: et innbyggerpanel om byutvikling",
                BERGEN,
                "innbyggerpanel",
                "nb",
                "Tilfeldig trukne innbyggere drøfter byutvikling.",
                "## Panelet\n\nInnbyggerpanelet møttes fire ganger. Innbyggerpanel er nytt i Bergen.",
            ),
        ),
        (
            "content/eksempler/gjovik-budsjett.md",
            case(
                "Gjøvik: deltakende budsjettering for ungdom",
                GJOVIK,
                "digitale-verktoy",
                "nb",
                "Ungdom stemmer over en del av budsjettet.",
                "## Budsjett\n\nDeltakende budsjettering ga ungdommene 500 000 kroner å fordele.",
            ),
        ),
        (
            "content/eksempler/sunnfjord-nn.md",
            case(
                "Sunnfjord: nærmiljøråd i bygdane",
                SUNNFJORD,
                "naerdemokrati",
                "nn",
                "Nærmiljøråda gjev bygdane ei stemme.",
                "## Korleis\n\nRåda kjem med innspel til planane, og vedtaka i kommunane byggjer på dei.",
            ),
        ),
        (
            "content/eksempler/lorenskog-ungdom.md",
            case(
                "Lørenskog: ungdomsrådet",
                LORENSKOG,
                "naerdemokrati",
                "nb",
                "Ungdomsrådet gir råd om budsjett og planer.",
                "## Rådet\n\nRådet deltar i arbeidet med budsjettet. Innbyggere under 18 år velger rådet.",
            ),
        ),
        (
            "content/eksempler/bodo-utvalg.md",
            case(
                "Bodø: kommunedelsutvalg",
                BODO,
                "naerdemokrati",
                "nb",
                "Utvalgene er valgt av innbyggerne i bydelene.",
                "## Utvalgene\n\nPanelet av folkevalgte møtes i bydelen. Deltakelse er åpen for alle.",
            ),
        ),
        (
            "content/eksempler/tromso-utkast.md",
            case(
                "Tromsø: hemmelig utkast",
                TROMSO,
                "innbyggerpanel",
                "nb",
                "Et utkast.",
                "Snøskredvarsling er ordet bare dette utkastet har.",
            )
            .replace("draft: false", "draft: true"),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Project::new("search-norwegian", &files)
}

fn slugs(answer: &Value) -> Vec<&str> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect()
}

#[test]
fn search_norwegian_queries_find_their_cases_in_cli_and_js() {
    let p = norwegian_project();
    build(&p);
    let cases: &[(&str, &str, usize)] = &[
        // An inflected form that does not occur finds the form that does.
        ("kommunestyret", "barum-styre", 1),
        ("Kommunestyrets vedtak", "barum-styre", 1),
        // Bokmål queries find nynorsk text where the stems agree (planene/planane,
        // vedtakene/vedtaka, kommunene/kommunane, bygdene/bygdane).
        ("vedtakene planene", "sunnfjord-nn", 1),
        // (as the last word "kommunene" is also a prefix: Bodø's "kommunedelsutvalg" matches)
        ("kommunene", "sunnfjord-nn", 2),
        ("bygdene", "sunnfjord-nn", 1),
        // A nynorsk form finds the bokmål case where the stems agree (budsjettering).
        ("budsjetteringa", "gjovik-budsjett", 1),
        // Typos.
        ("innbyggerpanle", "bergen-panel", 3),
        ("deltakende budsjetering", "gjovik-budsjett", 3),
        ("innbygerpanel bergen", "bergen-panel", 3),
        // Prefixes while typing.
        ("deltakende budsj", "gjovik-budsjett", 1),
        ("innbyggerp", "bergen-panel", 1),
    ];
    let queries: Vec<Query> = cases.iter().map(|(t, _, _)| q("norwegian", *t)).collect();
    let answers = assert_parity("Norwegian acceptance", &p, &queries);
    for ((query, slug, within), answer) in cases.iter().zip(&answers) {
        let found = slugs(answer);
        assert!(
            found.iter().take(*within).any(|s| s == slug),
            "{query:?}: expected {slug} in the top {within}, got {found:?}"
        );
    }
    // The match is marked in the snippet, by what the text says.
    let kommunestyre = &answers[0]["results"][0]["snippet"];
    assert!(
        kommunestyre
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["match"] == true && p["text"] == "kommunestyre"),
        "{kommunestyre}"
    );
    // Drafts are not indexed.
    let drafts = assert_parity("drafts", &p, &[q("draft", "snøskredvarsling")]);
    assert_eq!(drafts[0]["total"], 0);
}

/// The queries of issue 23, on the bundled catalogue: a bokmål reader's words find the nynorsk
/// cases (by municipality: the cases' slugs and sentences may change, their nynorsk stays).
#[test]
fn bokmal_queries_find_the_bundled_nynorsk_cases() {
    let p = Project::bundled("search-standards-bundled");
    build(&p);
    let cases: &[(&str, &str, usize)] = &[
        // Suldal writes grendeutval, grendeutvala, grendeutvalsordninga.
        ("grendeutvalget", "suldal", 1),
        // Sunnfjord writes digitale løysingar.
        ("digitale løsninger", "sunnfjord", 1),
        ("digitale løsninger sunnfjord", "sunnfjord", 1),
        // Bodø writes kommunedelsutvalg, and Suldal kommunedelsutval.
        ("kommunedelsutval bodø", "bodo", 1),
        ("kommunedelsutvalgene", "suldal", 10),
        // Sunnfjord writes innbyggjarar and høyring apart: the compound is read as its parts.
        ("innbyggerhøring", "sunnfjord", 2),
        ("innbyggerhøring sunnfjord", "sunnfjord", 1),
        // A nynorsk word being typed matches before its rewritten piece is whole.
        ("løysin", "sunnfjord", 1),
        ("digitale løysi", "sunnfjord", 1),
    ];
    let queries: Vec<Query> = cases.iter().map(|(t, _, _)| q("standards", *t)).collect();
    let answers = assert_parity("issue 23's queries", &p, &queries);
    for ((query, municipality, within), answer) in cases.iter().zip(&answers) {
        let found = slugs(answer);
        assert!(
            found
                .iter()
                .take(*within)
                .any(|s| s.starts_with(municipality)),
            "{query:?}: expected {municipality}'s case in the top {within}, got {found:?}"
        );
    }
}
