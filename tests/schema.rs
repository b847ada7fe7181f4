//! The JSON Schema of a case's front matter, checked by an independent validator (Ajv, draft
//! 2020-12, run by node from tests/schema/validate.mjs): it compiles in strict mode, accepts
//! every bundled case and rejects each invalid case of tests/invalid/ whose rule a schema can
//! express. `katalog build` publishes the same schema as schema/case.json.

mod common;
mod invalid;
use common::{GOOD_CASE, Project, repo};
use invalid::SchemaVerdict;
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

/// The front matter of a Markdown file as JSON (YAML parsed by serde-saphyr, not by katalog).
fn front_matter(text: &str) -> Value {
    parse_front_matter(text).expect("valid YAML")
}

fn parse_front_matter(text: &str) -> Result<Value, serde_saphyr::Error> {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closing ---");
    serde_saphyr::from_str(&rest[..end])
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

/// Each case of tests/invalid/: the schema rejects it where its schema.txt says `rejects` (the
/// rule is one a schema can express), and accepts it where it says `accepts` (the rule compares
/// values or looks at other files, which is katalog's alone); katalog rejects every one
/// (tests/validation.rs checks its exact errors).
#[test]
fn rejects_what_katalog_rejects() {
    let p = Project::new("schema-bad", &[]);
    let schema = schema_of(&p);
    let mut documents = vec![("GOOD_CASE".to_string(), front_matter(GOOD_CASE))];
    let mut verdicts = Vec::new();
    for f in invalid::fixtures() {
        let Some(case) = f.case() else { continue };
        assert!(
            f.expected.contains(": error["),
            "{}: katalog accepts it",
            f.rule
        );
        if f.schema == Some(SchemaVerdict::NotYaml) {
            assert!(
                parse_front_matter(case).is_err(),
                "tests/invalid/{}: schema.txt says not-yaml, but the front matter parses",
                f.rule
            );
            continue;
        }
        documents.push((f.rule.clone(), front_matter(case)));
        verdicts.push(f.schema);
    }
    let results = ajv(&schema, &documents);
    assert_eq!(results.len(), documents.len());
    let (name, valid, errors) = &results[0];
    assert!(*valid, "{name}: {errors:?}");
    for ((name, valid, errors), verdict) in results[1..].iter().zip(&verdicts) {
        match verdict {
            Some(SchemaVerdict::Rejects) => {
                assert!(!valid, "the schema accepts tests/invalid/{name}")
            }
            Some(SchemaVerdict::Accepts) => assert!(
                *valid,
                "the schema rejects tests/invalid/{name}, whose schema.txt says it accepts it: {errors:?}"
            ),
            Some(SchemaVerdict::NotYaml) => unreachable!("left out above"),
            None => panic!("tests/invalid/{name} has a case but no schema.txt"),
        }
    }
}
