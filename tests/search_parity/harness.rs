//! The parity harness: one query through `katalog search --json`, the client under node and
//! the client in Chromium, and the comparison of their answers, number for number.

use crate::common::{self, Project};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// The client under node, reading the bundle from disk.
pub const NODE_HELPER: &str = "tests/search-js/search.mjs";
/// The client in headless Chromium, in the built site served over HTTP.
pub const CHROMIUM_HELPER: &str = "tests/search-js/chromium.mjs";

/// A query and its filters (facet key, slug).
#[derive(Clone, Debug)]
pub struct Query {
    pub text: String,
    pub filters: Vec<(String, String)>,
    pub kind: &'static str,
}

pub fn q(kind: &'static str, text: impl Into<String>) -> Query {
    Query {
        text: text.into(),
        filters: Vec::new(),
        kind,
    }
}

pub fn build(p: &Project) {
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "katalog build failed:\n{stderr}");
}

/// `katalog search --json` for `query`: the answer, or {"error": stderr} on exit 2.
pub fn cli(root: &Path, query: &Query) -> Value {
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
pub fn js(helper: &str, bundle: &Path, queries: &[Query]) -> Vec<Value> {
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
pub fn normalise(v: &Value) -> Value {
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
pub fn mismatch_class(cli: &Value, js: &Value) -> &'static str {
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
    } else if normalise(&cli["suggestions"]) != normalise(&js["suggestions"]) {
        "suggestions"
    } else {
        "query or filters echo"
    }
}

/// Runs every query through the CLI, the client under node and the client in Chromium, and
/// fails with the differences of each client from the CLI, by class.
pub fn assert_parity(name: &str, p: &Project, queries: &[Query]) -> Vec<Value> {
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
pub fn brief(v: &Value) -> String {
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

pub fn slugs(answer: &Value) -> Vec<&str> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect()
}
