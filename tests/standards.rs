//! Bokmål and nynorsk meet in the analyzer: the pairs of `tests/data/standards/pairs.txt`
//! analyse to the same terms and the words of `apart.txt` to different ones, in Rust and in the
//! browser's twin alike; the two sides merge every stem the same way; and the merges the
//! standards table makes on Snowball's whole Norwegian vocabulary are the ones
//! `benches/README.md` reports.

#[path = "../src/search/analyzer.rs"]
mod analyzer;
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const NODE_HELPER: &str = "tests/search-js/stem.mjs";

fn read(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines of a tab-separated list, comments and blank lines left out.
fn rows(relative: &str) -> Vec<Vec<String>> {
    read(relative)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// The JS analyzer's terms of each text.
fn js_terms(texts: &[String]) -> Vec<Vec<String>> {
    common::node_lines(NODE_HELPER, &["analyze"], texts)
        .into_iter()
        .map(|v| {
            v.as_array()
                .expect("an array")
                .iter()
                .map(|pair| pair[1].as_str().expect("a term").to_string())
                .collect()
        })
        .collect()
}

fn js_strings(mode: &str, inputs: &[String]) -> Vec<String> {
    common::node_lines(NODE_HELPER, &[mode], inputs)
        .into_iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// Snowball's stems of its vocabulary (`tests/stemmer.rs` checks that tantivy gives these).
fn vocabulary_stems() -> Vec<String> {
    read("tests/data/snowball-norwegian/output.txt")
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn pairs_meet_and_false_friends_stay_apart_in_rust_and_js() {
    let pairs = rows("tests/data/standards/pairs.txt");
    assert!(pairs.len() >= 40, "{} pairs", pairs.len());
    let apart = rows("tests/data/standards/apart.txt");
    let words: Vec<String> = pairs.iter().chain(&apart).flatten().cloned().collect();
    let js: BTreeMap<&String, Vec<String>> = words.iter().zip(js_terms(&words)).collect();
    for pair in &pairs {
        let [bokmal, nynorsk] = &pair[..] else {
            panic!("pairs.txt: {pair:?} is not two words")
        };
        let term = analyzer::analyze(bokmal);
        assert_eq!(term.len(), 1, "{bokmal:?} → {term:?}");
        assert_eq!(
            analyzer::analyze(nynorsk),
            term,
            "{bokmal} / {nynorsk} (Rust)"
        );
        assert_eq!(js[bokmal], term, "{bokmal} (JS)");
        assert_eq!(js[nynorsk], term, "{nynorsk} (JS)");
    }
    for line in &apart {
        let terms: BTreeSet<Vec<String>> = line.iter().map(|w| analyzer::analyze(w)).collect();
        assert_eq!(
            terms.len(),
            line.len(),
            "{line:?} must stay apart: {terms:?}"
        );
        for word in line {
            assert_eq!(js[word], analyzer::analyze(word), "{word} (JS)");
        }
    }
    println!(
        "{} pairs meet, {} sets stay apart",
        pairs.len(),
        apart.len()
    );
}

#[test]
fn function_words_of_both_standards_are_stop_words_on_both_sides() {
    let text = "ikke ikkje fra frå hva kva hvordan korleis bare berre også òg selv sjølv \
                uten utan disse desse en ei et";
    let words: Vec<String> = text.split(' ').map(str::to_string).collect();
    for word in &words {
        assert_eq!(
            analyzer::analyze(word),
            Vec::<String>::new(),
            "{word} (Rust)"
        );
    }
    assert!(
        js_terms(&words).iter().all(Vec::is_empty),
        "JS keeps some of {words:?}"
    );
}

/// Every vocabulary stem, and a compound of each rule's `from` with stems before and after it.
fn stems_to_merge() -> Vec<String> {
    let stems = vocabulary_stems();
    let table = read("themes/default/static/search/stemmer.js");
    let froms: Vec<String> = table
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\""))
        .filter_map(|l| l.split_once("\", \"").map(|(from, _)| from.to_string()))
        .collect();
    assert!(froms.len() >= 25, "the table's rules: {froms:?}");
    let mut out = stems.clone();
    for (i, from) in froms.iter().enumerate() {
        for stem in stems.iter().skip(i * 50).take(50) {
            out.push(format!("{stem}{from}"));
            out.push(format!("{from}s{stem}"));
            out.push(format!("{from}{from}"));
        }
    }
    out
}

#[test]
fn js_merges_as_rust_and_merging_twice_changes_nothing() {
    let stems = stems_to_merge();
    let js = js_strings("merge", &stems);
    let mut changed = 0;
    for (stem, js) in stems.iter().zip(&js) {
        let rust = analyzer::merge(stem);
        assert_eq!(&rust, js, "merge({stem:?}): Rust / JS");
        assert_eq!(analyzer::merge(&rust), rust, "merge(merge({stem:?}))");
        changed += usize::from(&rust != stem);
    }
    println!("{} stems merged alike, {changed} changed", stems.len());
}

#[test]
fn a_term_begins_as_its_word_does() {
    // search.js analyses a snippet's token only if it begins with the first KEPT_PREFIX
    // characters of a marked term: true of every term, or a match would go unmarked.
    let output = std::process::Command::new("node")
        .arg(NODE_HELPER)
        .arg("info")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running node");
    assert!(output.status.success(), "{output:?}");
    let info: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let kept = info["KEPT_PREFIX"].as_u64().expect("KEPT_PREFIX") as usize;
    assert!(kept >= 1, "KEPT_PREFIX {kept}");
    let words: Vec<String> = read("tests/data/snowball-norwegian/voc.txt")
        .lines()
        .chain(stems_to_merge().iter().map(String::as_str))
        .map(str::to_string)
        .collect();
    for word in &words {
        for term in analyzer::analyze(word) {
            let start: String = term.chars().take(kept).collect();
            assert!(word.starts_with(&start), "{word:?} → {term:?}");
        }
    }
}

/// The merges on Snowball's vocabulary: distinct stems that become a term another stem also
/// becomes. benches/README.md reports these figures; change both together.
#[test]
fn merges_on_the_snowball_vocabulary_are_the_reported_ones() {
    let stems: BTreeSet<String> = vocabulary_stems().into_iter().collect();
    let mut by_term: BTreeMap<String, BTreeSet<&String>> = BTreeMap::new();
    for stem in &stems {
        by_term
            .entry(analyzer::merge(stem))
            .or_default()
            .insert(stem);
    }
    let merged: Vec<_> = by_term.iter().filter(|(_, s)| s.len() > 1).collect();
    let rewritten = stems.iter().filter(|s| analyzer::merge(s) != **s).count();
    for (term, group) in &merged {
        println!("  {term} ← {group:?}");
    }
    let in_groups: usize = merged.iter().map(|(_, s)| s.len()).sum();
    println!(
        "{} distinct stems, {} terms: {} groups of {in_groups} stems merged; {rewritten} stems rewritten",
        stems.len(),
        by_term.len(),
        merged.len()
    );
    assert_eq!(
        (stems.len(), by_term.len(), merged.len(), rewritten),
        (13_249, 13_215, 34, 130)
    );
}
