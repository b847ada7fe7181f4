//! Regression tests for what the fuzz targets in fuzz/ found: each input runs through the same
//! entry point (`katalog::fuzz`) as its target, which checks the target's promises.

/// `# Title {onclick=alert(1)}`: pulldown-cmark's heading attributes were written into the page
/// unsanitised when the body had no raw HTML, so a contributor could attach an event handler.
#[test]
fn heading_attributes_cannot_carry_event_handlers() {
    for body in [
        "# Om oss {onclick=alert(1)}\n",
        "## Mål {#mal .viktig onmouseover=\"alert(1)\" style=color:red}\n",
        "Tittel {onfocus=alert(1) autofocus tabindex=0}\n===\n",
    ] {
        let html = katalog::fuzz::markdown(body).unwrap_or_else(|e| panic!("{e}"));
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("<h"), "{html}");
    }
    let html = katalog::fuzz::markdown("## Summary {#summary lang=en}\n").unwrap();
    assert_eq!(html, "<h2 id=\"summary\" lang=\"en\">Summary</h2>\n");
}

/// A lone CR ends a line for YAML (and for editors), but katalog counted only LFs: front matter
/// with lone CRs got errors on lines past the end of the file, and a file with old Mac line
/// ends did not even start with `---`. Minimised from the fuzzer's crashes.
#[test]
fn a_lone_cr_ends_a_line_in_every_reported_position() {
    for text in ["---\n\r\rf\n---", "---\n\r\r\0\n---", "---\n\r\r:\n---"] {
        katalog::fuzz::front_matter(text).unwrap_or_else(|e| panic!("{e}"));
    }
    let diags = katalog::fuzz::front_matter("---\rtitle: A\rdraft: [yes\r---\rBody\r")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].starts_with("content/eksempler/fuzz.md:3:") && diags[0].contains("error[yaml]"),
        "{diags:?}"
    );
}
