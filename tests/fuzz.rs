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
