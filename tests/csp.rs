//! The Content-Security-Policy of every built page (issue 35): each HTML page of the bundled
//! site, with a Markdown table whose columns are aligned added, carries one policy in a `<meta>`
//! ahead of anything it governs, that allows only the site itself (the inline favicon as a
//! data: image, a page's own `<style>` by its hash), and the page holds nothing that policy
//! would refuse: no inline script, no event-handler or style attribute, no `<style>` without its
//! hash. Chromium enforcing it is tests/browser/privacy.test.mjs.

mod common;
use base64::Engine as _;
use common::Project;
use std::path::Path;

const META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

/// The policy's directives: name → sources.
fn directives(policy: &str) -> Vec<(String, Vec<String>)> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

/// The text of each `<style …>…</style>` element of `html`.
fn styles(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<style") {
        let body = open + rest[open..].find('>').expect("an open <style");
        let close = body + rest[body..].find("</style>").expect("a closed <style>");
        out.push(&rest[body + 1..close]);
        rest = &rest[close..];
    }
    out
}

/// What in `html` the policy would refuse, as readable strings.
fn refused(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Some(at) = html.find(META) else {
        return vec!["no Content-Security-Policy meta element".into()];
    };
    if html.matches(META).count() != 1 {
        found.push("more than one policy".into());
    }
    let policy = &html[at + META.len()..];
    let policy = &policy[..policy.find('"').unwrap_or(0)];
    for first in [
        "<script",
        "<style",
        "<link rel=\"stylesheet\"",
        "<link rel=\"icon\"",
    ] {
        if html.find(first).is_some_and(|i| i < at) {
            found.push(format!("{first} before the policy"));
        }
    }
    let dirs = directives(policy);
    let sources = |name: &str| {
        dirs.iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };
    if sources("default-src") != ["'none'"] {
        found.push(format!("default-src is not 'none': {policy}"));
    }
    for (name, srcs) in &dirs {
        for s in srcs {
            let ok = s == "'self'"
                || s == "'none'"
                || (name == "img-src" && s == "data:")
                || (name == "style-src" && s.starts_with("'sha256-"));
            if !ok {
                found.push(format!("{name} allows {s}"));
            }
        }
    }
    let style_src = sources("style-src");
    for css in styles(html) {
        let digest = ring::digest::digest(&ring::digest::SHA256, css.as_bytes());
        let hash = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
        );
        if !style_src.contains(&hash) {
            found.push(format!("<style> without its hash {hash} in style-src"));
        }
    }
    // Contributor text has `"` escaped, so these can only be markup.
    for (i, _) in html.match_indices(" on") {
        let name: String = html[i + 3..]
            .chars()
            .take_while(char::is_ascii_lowercase)
            .collect();
        if !name.is_empty() && html[i + 3 + name.len()..].starts_with("=\"") {
            found.push(format!("an event handler attribute on{name}"));
        }
    }
    if html.contains(" style=\"") {
        found.push("a style attribute".into());
    }
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
        let src = tag
            .split(" src=\"")
            .nth(1)
            .map(|s| &s[..s.find('"').unwrap_or(0)]);
        match src {
            // A data block (schema.org JSON-LD) is never run, so script-src does not govern it.
            None if tag == "<script type=\"application/ld+json\"" => {}
            None => found.push(format!("an inline script: {tag}")),
            Some(s) if s.contains("//") => found.push(format!("a script from elsewhere: {s}")),
            Some(_) => {}
        }
    }
    found
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn every_page_carries_a_policy_that_allows_only_the_site_and_nothing_on_it_is_refused() {
    let p = Project::bundled("csp");
    p.write(
        "content/om.md",
        &format!(
            "{}\n\n| venstre | midten | høyre |\n| :- | :-: | -: |\n| a | b | c |\n",
            std::fs::read_to_string(p.root.join("content/om.md")).unwrap()
        ),
    );
    let (code, _, err) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{err}");
    let pages = html_files(&p.output());
    assert!(pages.len() > 400, "{} pages", pages.len());
    let mut bad = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        for problem in refused(&html) {
            bad.push(format!("{}: {problem}", page.display()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // The table kept its alignment, and a case page its print style.
    assert!(
        p.read("om/index.html")
            .contains("<th class=\"align-right\">høyre</th>")
    );
    let case = p.read("eksempler/suldal-grendeutval/index.html");
    assert_eq!(styles(&case).len(), 1, "the case page's print style");
}

#[test]
fn the_check_finds_what_a_policy_would_refuse() {
    let page = |body: &str| {
        format!(
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'\">{body}"
        )
    };
    assert!(refused(&page("<script src=\"static/a.js\"></script>")).is_empty());
    for body in [
        "<script>alert(1)</script>",
        "<script src=\"https://unpkg.com/x.js\"></script>",
        "<p style=\"color: red\">",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<style>p { color: red }</style>",
    ] {
        assert_eq!(refused(&page(body)).len(), 1, "{body}");
    }
    assert!(!refused("<html><script src=\"a.js\"></script>").is_empty());
}
