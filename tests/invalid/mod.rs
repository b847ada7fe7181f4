//! The invalid-content fixtures: each folder of tests/invalid/ breaks one rule of the content
//! contract, so a reader sees the rule's example beside its exact message.
//!
//! A folder `RULE/` holds
//! - `content/…`: the files that differ from a test project's (tests/common: the test
//!   katalog.yaml and no content), usually one case `content/eksempler/suldal.md` that is
//!   tests/common's GOOD_CASE with one line broken; a `content/katalog.yaml` only where the rule
//!   is about it;
//! - `expected.txt`: what `katalog check` prints, to the byte (`path:line:col: error[key]: …`);
//! - `schema.txt`, in every folder with a case: `rejects` when the JSON Schema of `katalog
//!   schema` can express the rule and so must reject the case, or `accepts` and on the next
//!   lines why the rule is katalog's alone (it compares values or looks at other files), or
//!   `not-yaml` when the front matter does not parse, so that no schema sees it.
//!
//! tests/validation.rs checks every folder with the binary, tests/schema.rs every case with Ajv.

use std::path::{Path, PathBuf};

/// What tests/schema.rs expects of the JSON Schema for a fixture's case.
#[derive(Debug, PartialEq)]
pub enum SchemaVerdict {
    Rejects,
    Accepts,
    /// The front matter is not YAML: there is nothing for the schema to judge.
    NotYaml,
}

pub struct Fixture {
    /// The folder's name.
    pub rule: String,
    /// Each file under `content/`: its path under the project root and its text.
    pub files: Vec<(String, String)>,
    pub expected: String,
    /// From `schema.txt`; `None` for a fixture without one.
    pub schema: Option<SchemaVerdict>,
}

impl Fixture {
    /// The fixture's case file (`content/eksempler/…`), if it has one.
    pub fn case(&self) -> Option<&str> {
        let mut cases = self
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("content/eksempler/"));
        cases.next().map(|(_, text)| text.as_str())
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every fixture, in the order of its folder's name.
pub fn fixtures() -> Vec<Fixture> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/invalid");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir.join("content"))
                .sort_by_file_name()
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let rel = e.path().strip_prefix(dir).unwrap();
                    (rel.to_string_lossy().replace('\\', "/"), read(e.path()))
                })
                .collect();
            files.sort();
            let schema = dir.join("schema.txt");
            let schema = schema
                .is_file()
                .then(|| match read(&schema).lines().next() {
                    Some("rejects") => SchemaVerdict::Rejects,
                    Some("accepts") => SchemaVerdict::Accepts,
                    Some("not-yaml") => SchemaVerdict::NotYaml,
                    other => panic!(
                        "{}: begins with {other:?}, not rejects, accepts or not-yaml",
                        schema.display()
                    ),
                });
            Fixture {
                rule: dir.file_name().unwrap().to_string_lossy().into_owned(),
                files,
                expected: read(&dir.join("expected.txt")),
                schema,
            }
        })
        .collect()
}
