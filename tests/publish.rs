//! What a public body publishes beside the catalogue (issue 35): the accessibility page linked
//! from every page, the licence wherever the content goes, security.txt, and the warnings of
//! `check` when katalog.yaml leaves these out.

mod common;
use common::{GOOD_CASE, KATALOG_YAML, Project};

const F: &str = "content/eksempler/suldal.md";

/// Every `.html` file of the built site, as paths under the output folder.
fn html_pages(p: &Project) -> Vec<String> {
    let out = p.output();
    walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// The bundled site links /tilgjengelighet/ from every page's footer, relative to the page
/// (the not-found page, served at any depth, from base_url's path).
#[test]
fn the_bundled_site_links_the_accessibility_page_from_every_page() {
    let p = Project::bundled("publish-bundled");
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let pages = html_pages(&p);
    assert!(pages.len() > 400, "{} pages", pages.len());
    let mut without = Vec::new();
    for rel in &pages {
        let html = p.read(rel);
        let footer = html.split("<footer").nth(1).unwrap_or("");
        let depth = rel.matches('/').count();
        let href = if rel == "404.html" {
            "/katalog/tilgjengelighet/".to_string()
        } else {
            format!("{}tilgjengelighet/", "../".repeat(depth))
        };
        if !footer.contains(&format!("<a href=\"{href}\"")) {
            without.push(rel.clone());
        }
    }
    assert!(
        without.is_empty(),
        "no link to /tilgjengelighet/ in the footer of {without:?}"
    );
    let page = p.read("tilgjengelighet/index.html");
    for text in [
        "WCAG 2.1",
        "axe-core",
        "/admin/",
        "uustatus.no",
        "mailto:tilgjengelighet@example.org",
        "<time datetime=\"2026-12-08\">",
    ] {
        assert!(page.contains(text), "/tilgjengelighet/ lacks {text}");
    }
    // The bundled katalog.yaml fills in every setting: check has no warning about them.
    let (_, stdout, _) = p.katalog(&["check"]);
    assert!(!stdout.contains("warning[license]"), "{stdout}");
    assert!(!stdout.contains("warning[accessibility]"), "{stdout}");
    assert!(!stdout.contains("warning[publisher]"), "{stdout}");
}

/// Without the sections the site builds, and check warns about each at katalog.yaml's line 1;
/// the accessibility page says the details are missing, and no dcat.ttl or security.txt is
/// written.
#[test]
fn a_site_without_the_sections_builds_and_is_warned() {
    let bare: String = KATALOG_YAML
        .lines()
        .filter(|l| {
            !["publisher:", "license:", "accessibility:"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(bare, KATALOG_YAML);
    let p = Project::new("publish-bare", &[(F, GOOD_CASE)]);
    p.write("content/katalog.yaml", &bare);
    let (code, stdout, stderr) = p.katalog(&["check"]);
    assert_eq!(code, 0, "warnings alone pass: {stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    for key in ["accessibility", "license", "publisher"] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("content/katalog.yaml:1:1: warning[{key}]: no "))),
            "no warning[{key}] in\n{stdout}"
        );
    }
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[accessibility]"), "{stderr}");
    let page = p.read("tilgjengelighet/index.html");
    assert!(page.contains("Utgiveren har ikke oppgitt ansvarlig virksomhet"));
    assert!(page.contains("WCAG 2.1"));
    assert!(!p.output().join("dcat.ttl").exists());
    assert!(!p.output().join(".well-known/security.txt").exists());
    let json: serde_json::Value = serde_json::from_str(&p.read("katalog.json")).unwrap();
    assert!(json["license"].is_null());
    assert!(!p.read("index.html").contains("rel=\"license\""));
    assert!(!p.read("atom.xml").contains("<rights>"));
}

/// The licence of katalog.yaml is in katalog.json, the feed's rights, every footer and each
/// case page.
#[test]
fn the_licence_goes_wherever_the_content_goes() {
    let p = Project::new("publish-licence", &[(F, GOOD_CASE)]);
    p.edit("content/katalog.yaml", |t| {
        t.replace("license: CC-BY-4.0", "license: NLOD-2.0")
    });
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&p.read("katalog.json")).unwrap();
    assert_eq!(
        json["license"],
        serde_json::json!({
            "id": "NLOD-2.0",
            "name": "Norsk lisens for offentlige data (NLOD) 2.0",
            "url": "https://data.norge.no/nlod/no/2.0",
        })
    );
    let feed = p.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let rights = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("rights"))
        .and_then(|n| n.text())
        .unwrap_or_default();
    assert!(rights.contains("NLOD") && rights.contains("https://data.norge.no/nlod/no/2.0"));
    let link = "<a rel=\"license\" href=\"https://data.norge.no/nlod/no/2.0\">NLOD 2.0</a>";
    let case = p.read("eksempler/suldal/index.html");
    let (main, footer) = case.split_once("<footer").unwrap();
    assert!(main.contains(link), "no licence on the case page");
    assert!(
        footer.contains(link),
        "no licence in the case page's footer"
    );
    assert!(p.read("index.html").contains(link));
}

/// With a security contact, /.well-known/security.txt carries RFC 9116's fields; Expires is a
/// year after the last accessibility check (or the newest case, if later), the same on every
/// build.
#[test]
fn a_security_contact_gives_security_txt() {
    let p = Project::new("publish-security", &[(F, GOOD_CASE)]);
    p.edit("content/katalog.yaml", |t| {
        format!("security_contact: https://example.org/sikkerhet\n{t}")
    });
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let txt = p.read(".well-known/security.txt");
    assert_eq!(
        txt,
        "Contact: https://example.org/sikkerhet\nExpires: 2027-12-01T00:00:00Z\nCanonical: https://example.org/katalog/.well-known/security.txt\nPreferred-Languages: nb, nn, en\n"
    );
    assert!(p.read("sitemap.xml").contains("tilgjengelighet/"));
}
