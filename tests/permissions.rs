//! Where katalog writes: a build changes nothing but its output folder and its cache
//! (`.katalog-cache/`), whichever `--output` it is given, and leaves no staging folder behind;
//! the preview server writes nothing into the project but the cache.

mod common;
use common::{GOOD_CASE, Project};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file and folder under `dir` (relative path → the file's bytes, or `None` for a folder),
/// leaving out the subtrees named in `skip`.
fn tree(dir: &Path, skip: &[&str]) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            !skip.iter().any(|s| rel == *s)
        })
        .map(Result::unwrap)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

#[test]
fn a_build_writes_only_its_output_and_its_cache() {
    let p = Project::bundled("perm-build");
    p.write("content/media/kart med mellomrom..png", "ikkje eit bilete");
    let before = tree(&p.root, &[]);

    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let after = tree(&p.root, &["output", ".katalog-cache"]);
    assert_eq!(
        before, after,
        "the build changed the project outside output/ and .katalog-cache/"
    );
    let top: Vec<_> = std::fs::read_dir(&p.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !before.contains_key(n))
        .collect();
    assert_eq!(top.len(), 2, "new top-level entries: {top:?}");

    // An output folder elsewhere: beside it, nothing but the output appears.
    let elsewhere = common::temp_dir("perm-elsewhere");
    std::fs::write(elsewhere.join("mine.txt"), "not katalog's").unwrap();
    let out = elsewhere.join("nettstad");
    let (code, _, stderr) = p.katalog(&["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = p.katalog(&["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "a second build over its own output: {stderr}");
    let beside: Vec<_> = tree(&elsewhere, &["nettstad"]).into_keys().collect();
    assert_eq!(beside, ["mine.txt"], "left beside the output folder");
    assert!(out.join("index.html").is_file());
    assert_eq!(tree(&p.root, &["output", ".katalog-cache"]), before);
    std::fs::remove_dir_all(elsewhere).unwrap();
}

#[test]
fn a_failed_build_writes_nothing_at_all() {
    let p = Project::new("perm-failed", &[("content/eksempler/god.md", GOOD_CASE)]);
    p.write("content/eksempler/feil.md", "---\ntitle: [\n---\n");
    let before = tree(&p.root, &[]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(tree(&p.root, &[]), before);
}

#[test]
fn the_preview_server_writes_nothing_into_the_project_but_the_cache() {
    let p = Project::bundled("perm-serve");
    let before = tree(&p.root, &[]);
    {
        let server = common::serve(&p);
        // A page is served, so the preview was built (into a private temporary folder).
        let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        use std::io::{Read, Write};
        write!(
            s,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply:.200}");
    }
    assert_eq!(
        tree(&p.root, &[".katalog-cache"]),
        before,
        "serve wrote into the project"
    );
    assert!(!p.output().exists(), "serve wrote output/");
}
