//! `katalog search` and the search step of `katalog build`: where the index lives, what the
//! bundle holds, determinism, errors and exit codes, the human and JSON output.

mod common;

use common::{GOOD_CASE, Project, snapshot};
use serde_json::Value;

const F: &str = "content/eksempler/suldal.md";

fn built() -> Project {
    let p = Project::new("search-cli", &[(F, GOOD_CASE)]);
    p.write(
        "content/om.md",
        "---\ntitle: Om katalogen\ndescription: Om innbyggerpanel og kommunestyret.\n---\nTekst om katalogen.\n",
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    p
}

fn json(p: &Project, args: &[&str]) -> Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = p.katalog(&all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn search_the_index_lives_in_the_cache_and_the_bundle_in_the_output() {
    let p = built();
    let cache = p.root.join(".katalog-cache/search");
    assert!(cache.join("meta.json").is_file(), "tantivy's meta.json");
    assert!(cache.join("katalog-search.json").is_file());
    let leftovers: Vec<String> = std::fs::read_dir(p.root.join(".katalog-cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["search"], "no temporary folders left");
    let out = p.output().join("search");
    for file in [
        "meta.json.gz",
        "terms/0.json.gz",
        "shards/0.json.gz",
        "docs/0.json.gz",
    ] {
        assert!(out.join(file).is_file(), "output/search/{file}");
    }
    assert!(
        !out.join("docs/1.json.gz").exists(),
        "one case and one page, in one file"
    );
    // No tantivy file is deployed.
    for (path, _) in snapshot(&p.output()) {
        let name = path.to_string_lossy().into_owned();
        assert!(
            ![".term", ".idx", ".store", ".fieldnorm", ".managed.json"]
                .iter()
                .any(|x| name.ends_with(x)),
            "{name}"
        );
    }
    let meta = p.bundle_json("meta.json.gz");
    assert_eq!(meta["format"], "katalog-search-bundle");
    assert_eq!(meta["docs"], 2);
    assert_eq!(meta["fields"][0]["name"], "title");
    assert_eq!(meta["fields"][0]["boost"], 2.0);
    assert_eq!(meta["fieldnorms"].as_array().unwrap().len(), 256);
    assert_eq!(meta["fieldnorms"][41], 42, "tantivy's fieldnorm table");
    let docs = p.bundle_json("docs/0.json.gz");
    assert_eq!(docs.as_array().unwrap().len(), 2, "{docs}");
    assert_eq!(docs[0]["slug"], "suldal");
    assert_eq!(docs[0]["url"], "eksempler/suldal/");
}

#[test]
fn search_the_bundle_is_the_same_bytes_on_every_build() {
    let p = built();
    let first = snapshot(&p.output().join("search"));
    assert!(first.len() > 5);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(snapshot(&p.output().join("search")), first);
    // And the index was rebuilt in place, without leftovers.
    let entries = std::fs::read_dir(p.root.join(".katalog-cache"))
        .unwrap()
        .count();
    assert_eq!(entries, 1);
}

#[test]
fn search_json_answer_has_the_documented_shape() {
    let p = built();
    let a = json(&p, &["kommunestyret"]);
    let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 6, "{a}");
    assert_eq!(a["query"], "kommunestyret");
    assert_eq!(
        a["suggestions"],
        Value::Null,
        "found something: nothing to suggest"
    );
    assert_eq!(a["filters"], serde_json::json!({}));
    assert_eq!(a["total"], 2);
    let results = a["results"].as_array().unwrap();
    let first = results.iter().find(|r| r["slug"] == "suldal").unwrap();
    assert_eq!(first["url"], "eksempler/suldal/");
    assert_eq!(first["title"], "Suldal: grendeutval");
    assert!(first["score"].as_f64().unwrap() > 0.0);
    let snippet = first["snippet"].as_array().unwrap();
    assert!(
        snippet
            .iter()
            .any(|p| p["match"] == true && p["text"] == "kommunestyret"),
        "{first}"
    );
    for key in ["modelltype", "malgruppe", "landsdel", "fylke", "storrelse"] {
        assert!(a["facets"][key].is_object(), "{key}");
    }
    assert_eq!(a["facets"]["fylke"]["rogaland"], 1);
    // The page has no facets: a filter leaves only the case, and counts stay faceted.
    let f = json(&p, &["kommunestyret", "--filter", "fylke=rogaland"]);
    assert_eq!(f["filters"], serde_json::json!({"fylke": ["rogaland"]}));
    assert_eq!(f["total"], 1);
    assert_eq!(f["facets"]["fylke"]["rogaland"], 1);
    // No words: everything, listing order, score 0.
    let all = json(&p, &[""]);
    assert_eq!(all["total"], 2);
    assert_eq!(all["results"][0]["score"], 0.0);
    assert_eq!(
        json(&p, &["-n", "1", "kommunestyret"])["results"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(json(&p, &["xyzzyqwerty"])["total"], 0);
}

/// A query that finds nothing says what to try instead: the nearest words to the word that
/// matched nothing, the query without it and its count, close taxonomy terms; the same in
/// `--json` (`suggestions`, documented in src/search/query/mod.rs) and in the text.
#[test]
fn search_that_finds_nothing_suggests_what_to_try() {
    let p = Project::bundled("search-cli-suggestions");
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let a = json(&p, &["innbygerpannel gjøvik"]);
    assert_eq!(a["total"], 0);
    let s = &a["suggestions"];
    assert_eq!(s["word"], "innbygerpannel", "{s}");
    let nearest = s["nearest"].as_array().unwrap();
    assert!(!nearest.is_empty() && nearest.len() <= 3, "{s}");
    for n in nearest {
        let query = n["query"].as_str().unwrap();
        assert_eq!(query, format!("{} gjøvik", n["term"].as_str().unwrap()));
        assert!(json(&p, &[query])["total"].as_u64().unwrap() > 0, "{query}");
    }
    assert_eq!(s["without"]["removed"], "innbygerpannel");
    assert_eq!(s["without"]["query"], "gjøvik");
    let total = json(&p, &["gjøvik"])["total"].clone();
    assert!(total.as_u64().unwrap() > 0);
    assert_eq!(s["without"]["total"], total);
    let terms = s["terms"].as_array().unwrap();
    assert!(
        terms.iter().any(|t| t["key"] == "modelltype"
            && t["slug"] == "innbyggerpanel"
            && t["label"] == "Innbyggerpanel"
            && t["query"] == "gjøvik"),
        "{s}"
    );

    let (code, stdout, stderr) = p.katalog(&["search", "innbygerpannel", "gjøvik"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("0 results for \"innbygerpannel gjøvik\"\ntry instead:\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "  \"gjøvik\"  (without \"innbygerpannel\": {total} results)\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("  \"gjøvik\" --filter modelltype=innbyggerpanel  (Innbyggerpanel)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  (the nearest word to \"innbygerpannel\" in the index)\n"),
        "{stdout}"
    );

    // With a filter, the count is the filtered one, and a word nothing is near offers none.
    let f = json(&p, &["gjøvik xyzzy", "--filter", "fylke=innlandet"]);
    let s = &f["suggestions"];
    assert_eq!(s["word"], "xyzzy");
    assert_eq!(s["nearest"], serde_json::json!([]));
    let filtered = json(&p, &["gjøvik", "--filter", "fylke=innlandet"])["total"].clone();
    assert_eq!(s["without"]["total"], filtered);
    // A word alone that finds nothing has no query without it.
    assert_eq!(json(&p, &["xyzzy"])["suggestions"]["without"], Value::Null);
}

#[test]
fn search_human_output_marks_matches_and_counts() {
    let p = built();
    let (code, stdout, stderr) = p.katalog(&["search", "grendeutvala", "kommunestyret"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(" 1. Suldal: grendeutval  eksempler/suldal/  ("),
        "{stdout}"
    );
    assert!(stdout.contains("[Grendeutvala]"), "{stdout}");
    assert!(stdout.contains("[kommunestyret]"), "{stdout}");
    assert!(
        stdout.ends_with("1 result for \"grendeutvala kommunestyret\"\n"),
        "{stdout}"
    );
}

#[test]
fn search_errors_say_what_and_how_and_exit_2() {
    let p = Project::new("search-no-index", &[(F, GOOD_CASE)]);
    let (code, _, stderr) = p.katalog(&["search", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("there is no search index at"), "{stderr}");
    assert!(stderr.contains("run `katalog build --root"), "{stderr}");

    let p = built();
    let (code, _, stderr) = p.katalog(&["search", "x", "--filter", "fylker=rogaland"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown facet \"fylker\"; did you mean \"fylke\"?"),
        "{stderr}"
    );
    let (code, _, stderr) = p.katalog(&["search", "x", "--filter", "fylke=rogalan"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no published case has fylke \"rogalan\"; did you mean \"rogaland\"?"),
        "{stderr}"
    );
    let (code, _, stderr) = p.katalog(&["search", "x", "--filter", "fylke"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("write KEY=VALUE"), "{stderr}");

    // An index from an older katalog is refused with the way out.
    let vocab = p.root.join(".katalog-cache/search/katalog-search.json");
    std::fs::write(&vocab, "{}").unwrap();
    let (code, _, stderr) = p.katalog(&["search", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("another version of katalog"), "{stderr}");
}

#[test]
fn search_drafts_are_indexed_only_with_drafts() {
    let p = Project::new(
        "search-drafts",
        &[(F, &GOOD_CASE.replace("draft: false", "draft: true"))],
    );
    assert_eq!(p.katalog(&["build"]).0, 0);
    assert_eq!(json(&p, &["grendeutval"])["total"], 0);
    assert_eq!(p.katalog(&["build", "--drafts"]).0, 0);
    assert_eq!(json(&p, &["grendeutval"])["total"], 1);
}

/// The stored answers to one word, as (stem, answer), where the term blocks say they are
/// (`answers/ORDINAL.json.gz`).
fn one_word_answers(p: &Project) -> Vec<(String, Value)> {
    let bundle = p.output().join("search");
    let mut out = Vec::new();
    for (path, bytes) in snapshot(&bundle.join("terms")) {
        let block = common::json_of_gzip(&bytes).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let base = block["base"].as_u64().unwrap();
        for i in block["answers"].as_array().unwrap() {
            let i = i.as_u64().unwrap();
            let answer = common::bundle_json(&bundle.join(format!("answers/{}.json.gz", base + i)));
            let term = block["terms"][i as usize].as_str().unwrap();
            out.push((term.to_string(), answer));
        }
    }
    out
}

#[test]
fn a_frequent_words_stored_answer_is_one_front_page_long() {
    // (That answer equals `katalog search`'s: query/tests.rs and tests/search_parity.rs.)
    let p = Project::bundled("search-cli-per-page");
    p.edit("content/katalog.yaml", |c| {
        c.replace("per_page: 30", "per_page: 3")
    });
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let answers = one_word_answers(&p);
    assert!(
        answers.len() > 5,
        "frequent words have answers: {answers:?}"
    );
    for (term, top) in &answers {
        let results = top["results"].as_array().unwrap();
        assert_eq!(results.len(), 3, "{term}: {top}");
        assert!(
            results.iter().all(|r| r["title"].is_string()),
            "{term}: {top}"
        );
        assert!(top["total"].as_u64().unwrap() > 3, "{term}: {top}");
    }
}
