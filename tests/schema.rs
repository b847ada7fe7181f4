//! The JSON Schema of a case's front matter, checked by an independent validator (Ajv, draft
//! 2020-12, run by node from tests/schema/validate.mjs): it compiles in strict mode, accepts
//! every bundled case and rejects each bad file of the validation tests that a schema can
//! express. `katalog build` publishes the same schema as schema/case.json.

mod common;
use common::{GOOD_CASE, Project, repo};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

/// The front matter of a Markdown file as JSON (YAML parsed by serde-saphyr, not by katalog).
fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closing ---");
    serde_saphyr::from_str(&rest[..end]).expect("valid YAML")
}

/// Validates `documents` (name, data) with Ajv; returns name -> (valid, errors).
fn ajv(schema: &Value, documents: &[(String, Value)]) -> Vec<(String, bool, Vec<String>)> {
    let input = json!({
        "schema": schema,
        "documents": documents.iter().map(|(n, d)| json!({"name": n, "data": d})).collect::<Vec<_>>(),
    });
    let mut child = Command::new("node")
        .arg(repo().join("tests/schema/validate.mjs"))
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node (20 or newer) is needed for this test: tests/run checks for it");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "tests/schema/validate.mjs failed (if ajv is missing, run `npm ci --ignore-scripts` or tests/run):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    results
        .into_iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["valid"].as_bool().unwrap(),
                r["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn schema_of(p: &Project) -> Value {
    let (code, stdout, stderr) = p.katalog(&["schema"]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("katalog schema prints JSON")
}

#[test]
fn accepts_every_bundled_case_and_is_published_with_the_site() {
    let p = Project::bundled("schema-bundled");
    let schema = schema_of(&p);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    // The vocabularies come from the project's katalog.yaml.
    let model_types = &schema["properties"]["model_types"]["anyOf"][0]["items"]["enum"];
    assert!(
        model_types
            .as_array()
            .unwrap()
            .contains(&json!("deltakende-budsjettering")),
        "{model_types}"
    );
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(p.root.join("content/eksempler")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        documents.push((name, front_matter(&std::fs::read_to_string(&path).unwrap())));
    }
    assert!(documents.len() >= 7);
    documents.push(("GOOD_CASE".into(), front_matter(GOOD_CASE)));
    for (name, valid, errors) in ajv(&schema, &documents) {
        assert!(
            valid,
            "{name} is valid for katalog but not for the schema: {errors:?}"
        );
    }

    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let published: Value = serde_json::from_str(&p.read("schema/case.json")).unwrap();
    assert_eq!(published, schema);
    assert_eq!(
        published["$id"],
        "https://example.org/katalog/schema/case.json"
    );
}

/// Each a bad case of tests/validation.rs: (what, replace, with). katalog rejects every one;
/// so must the schema. (Rules that compare values, such as a number that does not match the
/// name or a page that does not exist, are katalog's alone and not listed.)
const BAD: &[(&str, &str, &str)] = &[
    ("unknown key", "grant_nok:", "grant_nokk:"),
    (
        "missing required key",
        "summary: Grendeutvala knyter bygdene til kommunestyret.\n",
        "",
    ),
    (
        "wrong type: text for a number",
        "population: 3889",
        "population: mange",
    ),
    (
        "number below the minimum",
        "population: 3889",
        "population: 0",
    ),
    (
        "wrong type: text for a boolean",
        "draft: false",
        "draft: kanskje",
    ),
    (
        "unknown model type",
        "model_types: [naerdemokrati]",
        "model_types: [innbygerpanel]",
    ),
    (
        "unknown target group",
        "target_groups: [alle-innbyggere]",
        "target_groups: [ungdm]",
    ),
    (
        "no model type",
        "model_types: [naerdemokrati]",
        "model_types: []",
    ),
    (
        "model type twice",
        "model_types: [naerdemokrati]",
        "model_types: [naerdemokrati, naerdemokrati]",
    ),
    (
        "municipality number not quoted",
        "municipality_number: \"1134\"",
        "municipality_number: 1134",
    ),
    (
        "municipality number of three digits",
        "municipality_number: \"1134\"",
        "municipality_number: \"113\"",
    ),
    (
        "unknown municipality",
        "municipality: Suldal",
        "municipality: Sulldal",
    ),
    ("unknown county", "county: Rogaland", "county: Rogalan"),
    ("malformed date", "date: 2024-01-15", "date: 15.01.2024"),
    ("impossible date", "date: 2024-01-15", "date: 2023-02-29"),
    ("malformed month", "start: 2022-06", "start: 2022-6"),
    ("month 13", "start: 2022-06", "start: 2022-13"),
    (
        "javascript: URL",
        "url: \"https://www.suldal.kommune.no/\"",
        "url: \"javascript:alert(1)\"",
    ),
    (
        "protocol-relative URL",
        "url: \"https://www.suldal.kommune.no/\"",
        "url: \"//evil.example/\"",
    ),
    (
        "image without alt",
        "draft: false",
        "draft: false\nimage: { src: media/suldal.jpg }",
    ),
    (
        "image outside media/",
        "draft: false",
        "draft: false\nimage: { src: ../secret.jpg, alt: Hemmeleg }",
    ),
    ("SDG 18", "sdgs: [16]", "sdgs: [18]"),
    ("SDG 0", "sdgs: [16]", "sdgs: [0]"),
    ("amount with a space", "nok: 150000", "nok: 150 000"),
    ("unknown budget key", "nok: 150000", "nok: 150000, kr: 1"),
    (
        "not an e-mail address",
        "email: postmottak@example.no",
        "email: postmottak",
    ),
    ("unknown language", "language: nn", "language: se"),
    (
        "empty title",
        "title: \"Suldal: grendeutval\"",
        "title: \" \"",
    ),
    (
        "period without end",
        "period: { start: 2022-06, end: 2023-12 }",
        "period: { start: 2022-06 }",
    ),
    ("contact without name", "name: Kari Nordmann, ", ""),
];

#[test]
fn rejects_what_katalog_rejects() {
    let p = Project::new("schema-bad", &[]);
    let schema = schema_of(&p);
    let mut documents = vec![("GOOD_CASE".to_string(), front_matter(GOOD_CASE))];
    let long = format!("summary: {}", "ord ".repeat(101));
    let mut bad: Vec<(String, String)> = BAD
        .iter()
        .map(|(what, from, to)| {
            assert!(GOOD_CASE.contains(from), "fixture has no {from:?}");
            (what.to_string(), GOOD_CASE.replacen(from, to, 1))
        })
        .collect();
    bad.push((
        "summary over 400 characters".into(),
        GOOD_CASE.replace(
            "summary: Grendeutvala knyter bygdene til kommunestyret.",
            &long,
        ),
    ));
    for (what, text) in &bad {
        // katalog itself rejects each of them ...
        p.write("content/eksempler/suldal.md", text);
        let (code, _, stderr) = p.katalog(&["check"]);
        assert_eq!(code, 1, "katalog accepts \"{what}\":\n{stderr}");
        documents.push((what.clone(), front_matter(text)));
    }
    // ... and so does the schema.
    let results = ajv(&schema, &documents);
    assert_eq!(results.len(), documents.len());
    let (name, valid, errors) = &results[0];
    assert!(*valid, "{name}: {errors:?}");
    for (name, valid, _) in &results[1..] {
        assert!(!valid, "the schema accepts a case with {name}");
    }
}
