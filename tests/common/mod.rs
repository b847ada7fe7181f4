//! Helpers for the integration tests: throwaway katalog projects and running the binary.
#![allow(dead_code)]

pub mod sse;

use std::path::{Path, PathBuf};
use std::process::Command;

pub const KATALOG_YAML: &str = "title: Testkatalog
description: Eksempler til testing.
base_url: https://example.org/katalog/
language: nb
publisher: { name: Testkatalogen, organization_number: \"123456785\", email: katalog@example.org }
license: CC-BY-4.0
accessibility: { responsible: Testkatalogen, contact: uu@example.org, checked: 2026-12-01 }
taxonomies:
  modelltype:
    label: Modelltype
    terms:
      - { slug: innbyggerpanel, label: Innbyggerpanel, description: Panel av innbyggere. }
      - { slug: naerdemokrati, label: Nærdemokrati }
      - { slug: digitale-verktoy, label: Digitale verktøy }
  malgruppe:
    label: Målgruppe
    terms:
      - { slug: ungdom, label: Ungdom }
      - { slug: alle-innbyggere, label: Alle innbyggere }
";

/// A valid case: each validation test breaks one line of it.
pub const GOOD_CASE: &str = "---
title: \"Suldal: grendeutval\"
municipality: Suldal
municipality_number: \"1134\"
county: Rogaland
population: 3889
model_types: [naerdemokrati]
target_groups: [alle-innbyggere]
summary: Grendeutvala knyter bygdene til kommunestyret.
period: { start: 2022-06, end: 2023-12 }
grant_nok: 300000
budget:
  - period: Hausten 2022
    items:
      - { item: Møte i grendene, nok: 80000 }
      - { item: Digital dialog, nok: 120000 }
  - period: Våren 2023
    items:
      - { item: Evaluering, nok: 150000 }
sdgs: [16]
contact: { name: Kari Nordmann, role: Rådgjevar, email: postmottak@example.no }
links:
  - { title: Kommunen, url: \"https://www.suldal.kommune.no/\" }
language: nn
date: 2024-01-15
draft: false
---
Innleiing.

## Lokaldemokratimodellen

Tekst.

## Kopling til politisk organisering

Innspela går til kommunestyret.

## Kjelder og usikkerheit

Kommunen si nettside.
";

pub struct Project {
    pub root: PathBuf,
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub fn temp_dir(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "katalog-test-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Project {
    /// A project with the repository's themes, the test katalog.yaml and `files` (paths under
    /// the project root, e.g. `content/eksempler/a.md`).
    pub fn new(name: &str, files: &[(&str, &str)]) -> Project {
        let root = temp_dir(name);
        copy_dir(&repo().join("themes"), &root.join("themes"));
        let p = Project { root };
        p.write("content/katalog.yaml", KATALOG_YAML);
        for (path, text) in files {
            p.write(path, text);
        }
        p
    }

    /// A project with `cases` synthetic cases from `benches/corpus/gen_corpus.py` (seed `seed`)
    /// and the repository's themes.
    pub fn generated(name: &str, cases: usize, seed: u64) -> Project {
        let p = Project::new(name, &[]);
        let generator = repo().join("benches/corpus/gen_corpus.py");
        assert!(
            generator.is_file(),
            "the corpus generator is expected at {}",
            generator.display()
        );
        let status = Command::new("python3")
            .arg(&generator)
            .args([
                "--cases",
                &cases.to_string(),
                "--seed",
                &seed.to_string(),
                "--out",
            ])
            .arg(&p.root)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{} failed", generator.display());
        p
    }

    /// A project holding a copy of the bundled content/ and themes/.
    pub fn bundled(name: &str) -> Project {
        let root = temp_dir(name);
        copy_dir(&repo().join("themes"), &root.join("themes"));
        copy_dir(&repo().join("content"), &root.join("content"));
        Project { root }
    }

    pub fn write(&self, path: &str, text: &str) {
        let p = self.root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn output(&self) -> PathBuf {
        self.root.join("output")
    }

    /// Runs `katalog ARGS --root ROOT`; returns (exit code, stdout, stderr).
    pub fn katalog(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_katalog"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.output().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The JSON of the search bundle's file `rel` (under `output/search/`, gzip-compressed).
    pub fn bundle_json(&self, rel: &str) -> serde_json::Value {
        bundle_json(&self.output().join("search").join(rel))
    }

    /// Rewrites the project's file `path` (under the root) as `change` makes it.
    pub fn edit(&self, path: &str, change: impl FnOnce(&str) -> String) {
        let text =
            std::fs::read_to_string(self.root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        self.write(path, &change(&text));
    }
}

/// Every file under `dir` with its bytes, for comparing a folder before and after.
/// The JSON of a file of the search bundle: gzip-compressed JSON.
pub fn bundle_json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    json_of_gzip(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Gzip-compressed JSON, inflated and parsed.
pub fn json_of_gzip(bytes: &[u8]) -> Result<serde_json::Value, String> {
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut text)
        .map_err(|e| format!("not gzip data: {e}"))?;
    serde_json::from_slice(&text).map_err(|e| format!("not JSON: {e}"))
}

pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// A running `katalog serve`, killed when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `katalog serve --port 0` on `p` and waits until it listens.
pub fn serve(p: &Project) -> Server {
    serve_with(p, Command::new(env!("CARGO_BIN_EXE_katalog")))
}

/// [`serve`] with its preview folder in `tmp` (`tmp/katalog-serve-PID/site`).
pub fn serve_in(p: &Project, tmp: &Path) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_katalog"));
    cmd.env("TMPDIR", tmp);
    serve_with(p, cmd)
}

fn serve_with(p: &Project, mut cmd: Command) -> Server {
    use std::io::BufRead;
    let child = cmd
        .args(["serve", "--port", "0", "--root"])
        .arg(&p.root)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Owned by `Server` from here on, so the process is killed even if starting fails.
    let mut server = Server { child, port: 0 };
    let stderr = server.child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
            .expect("serve did not start");
        if let Some(i) = line.find("at http://127.0.0.1:") {
            server.port = line[i + 20..].split('/').next().unwrap().parse().unwrap();
            return server;
        }
    }
}

/// A deterministic xorshift generator, so generated inputs are the same on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Runs `node SCRIPT ARGS…` (SCRIPT relative to the repository) with one JSON value per line in
/// and out; the answers, one per input.
pub fn node_lines<T: serde::Serialize>(
    script: &str,
    args: &[&str],
    inputs: &[T],
) -> Vec<serde_json::Value> {
    use std::io::Write;
    use std::process::Stdio;
    let mut payload = String::new();
    for input in inputs {
        payload.push_str(&serde_json::to_string(input).unwrap());
        payload.push('\n');
    }
    let mut child = Command::new("node")
        .arg(repo().join(script))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("running node (>= 20 is needed for the JS parity tests): {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(payload.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().expect("writing to node");
    assert!(
        output.status.success(),
        "node {script} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .expect("UTF-8 from node")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line from node"))
        .collect();
    assert_eq!(
        answers.len(),
        inputs.len(),
        "node {script} answered every input"
    );
    answers
}
