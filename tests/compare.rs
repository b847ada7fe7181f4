//! The comparison page (`/sammenlign/`, issue 39): a folder katalog takes, written on every
//! build, kept out of search engines, linkable from content with its query; and the case
//! pages carry what its script reads from them (the facts' `data-fact` rows, målform).

mod common;
use common::{GOOD_CASE, Project};

#[test]
fn the_comparison_page_is_reserved_written_linkable_and_not_indexed() {
    assert_eq!(
        katalog::reserved()
            .find(|r| r.name == "sammenlign")
            .map(|r| r.owner),
        Some("the comparison page".to_string())
    );
    let case = GOOD_CASE.replace("Tekst.", "[Samanlikn](/sammenlign/?saker=suldal,bergen).");
    let p = Project::new("compare", &[("content/eksempler/suldal.md", &case)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "a link to /sammenlign/ is valid:\n{stderr}");
    assert!(
        p.read("eksempler/suldal/index.html")
            .contains("href=\"../../sammenlign/?saker=suldal,bergen\""),
        "the link is relative and keeps its query"
    );
    let page = p.read("sammenlign/index.html");
    assert!(page.contains("<title>Sammenlign eksempler – Testkatalog</title>"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex, follow\">"));
    assert!(
        page.contains("id=\"compare-fallback\""),
        "an explanation without JavaScript"
    );
    assert!(page.contains("static/compare-page.js"));
    assert!(
        !page.contains("id=\"compare-bar\""),
        "no bar on the comparison itself"
    );
    assert!(!p.read("sitemap.xml").contains("/sammenlign/"));
}

#[test]
fn a_case_page_names_the_facts_the_comparison_reads_and_has_the_bar() {
    let p = Project::new(
        "compare-facts",
        &[("content/eksempler/suldal.md", GOOD_CASE)],
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let html = p.read("eksempler/suldal/index.html");
    for key in [
        "municipality",
        "county",
        "landsdel",
        "population",
        "malform",
        "period",
        "grant",
        "model-types",
        "target-groups",
        "links",
    ] {
        assert!(html.contains(&format!("data-fact=\"{key}\"")), "{key}");
    }
    // Suldal writes nynorsk; the facts are in the site's language (bokmål).
    assert!(
        html.contains("<dt>Målform</dt>\n    <dd>nynorsk</dd>"),
        "{html}"
    );
    assert!(html.contains("id=\"compare-bar\""));
    assert!(html.contains("static/compare.js"));
}
