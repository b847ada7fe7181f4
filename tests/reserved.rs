//! A plain page may not take a name that katalog's own pages and files use at the site's root
//! (`content/search.md` would write into the search index's folder). The names come from the
//! code (`katalog::reserved`), so a new folder in the site is tested as soon as it is reserved.

mod common;
use common::{GOOD_CASE, Project};

const PAGE: &str = "---\ntitle: En side\n---\nTekst.\n";

/// The reserved names a page could take: `.well-known` is reserved for the output's sake, but
/// `content/.well-known.md` is a hidden file, never a page, and no slug begins with a dot.
fn page_names() -> Vec<katalog::Reserved> {
    katalog::reserved()
        .filter(|r| !r.name.starts_with('.'))
        .collect()
}

#[test]
fn a_page_with_a_reserved_name_is_one_error_at_its_file_that_says_what_takes_it() {
    let reserved = page_names();
    assert!(reserved.iter().any(|r| r.name == "search"));
    let pages: Vec<(String, &str)> = reserved
        .iter()
        .map(|r| (format!("content/{}.md", r.name), PAGE))
        .collect();
    let files: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let p = Project::new("reserved", &files);
    let (code, stdout, _) = p.katalog(&["check", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    for r in &reserved {
        let path = format!("content/{}.md", r.name);
        let at: Vec<&serde_json::Value> = errors.iter().filter(|e| e["path"] == path).collect();
        assert_eq!(at.len(), 1, "{path}: {at:?}");
        assert_eq!((&at[0]["line"], &at[0]["col"]), (&1.into(), &1.into()));
        let message = at[0]["message"].as_str().unwrap();
        assert_eq!(
            message,
            format!(
                "the page name \"{0}\" is taken by {1} ({0}/); rename the file, e.g. to {0}-side.md",
                r.name, r.owner
            )
        );
    }
    assert_eq!(errors.len(), reserved.len(), "nothing else: {stdout}");
}

#[test]
fn the_suggested_names_and_cases_named_like_katalogs_folders_build() {
    let mut files: Vec<(String, &str)> = Vec::new();
    for r in page_names() {
        files.push((format!("content/{}-side.md", r.name), PAGE));
        // A case's folder is below eksempler/, where nothing of katalog's own lives.
        files.push((format!("content/eksempler/{}.md", r.name), GOOD_CASE));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let p = Project::new("reserved-renamed", &files);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    for r in page_names() {
        assert!(
            p.read(&format!("{}-side/index.html", r.name))
                .contains("En side")
        );
        assert!(
            p.read(&format!("eksempler/{}/index.html", r.name))
                .contains("grendeutval")
        );
    }
}
