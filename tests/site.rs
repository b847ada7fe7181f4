//! Builds the bundled catalogue and checks what a visitor and a machine would see: every page
//! type, no broken internal link or asset, filter counts equal to the content's, a feed and a
//! sitemap that parse with absolute URLs, and open data that matches the content.

mod common;
use common::Project;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

struct Built {
    project: Project,
    /// Published cases' front matter by slug, parsed independently of katalog.
    cases: BTreeMap<String, Value>,
    base_url: String,
}

fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closing ---");
    serde_saphyr::from_str(&rest[..end]).expect("valid YAML")
}

fn build() -> Built {
    let project = Project::bundled("site");
    let (code, _, stderr) = project.katalog(&["build"]);
    assert_eq!(code, 0, "the bundled content must build:\n{stderr}");
    let mut cases = BTreeMap::new();
    for entry in std::fs::read_dir(project.root.join("content/eksempler")).unwrap() {
        let path = entry.unwrap().path();
        let fm = front_matter(&std::fs::read_to_string(&path).unwrap());
        if fm["draft"] != Value::Bool(true) {
            cases.insert(path.file_stem().unwrap().to_string_lossy().into_owned(), fm);
        }
    }
    let config: Value = serde_saphyr::from_str(
        &std::fs::read_to_string(project.root.join("content/katalog.yaml")).unwrap(),
    )
    .unwrap();
    let base_url = config["base_url"].as_str().unwrap().to_string();
    Built {
        project,
        cases,
        base_url,
    }
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// The values of `attr="..."` in `html`.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let start = i + needle.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

#[test]
fn bundled_site_is_complete_and_consistent() {
    let b = build();
    let out = b.project.output();
    assert!(
        b.cases.len() >= 7,
        "the seven foregangskommuner are bundled"
    );

    // Every page type.
    for page in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "katalog.json",
        "data/facets.json",
        "trykk/index.html",
        "sok/index.html",
        "om/index.html",
        "static/katalog.css",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    for key in ["modelltype", "malgruppe", "landsdel", "fylke", "storrelse"] {
        assert!(
            out.join(key).join("index.html").is_file(),
            "/{key}/ is missing"
        );
    }
    for (slug, fm) in &b.cases {
        let html = b.project.read(&format!("eksempler/{slug}/index.html"));
        let lang = fm["language"].as_str().unwrap_or("nb");
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{slug}: lang {lang}"
        );
        assert!(
            html.contains(&format!(
                "<link rel=\"canonical\" href=\"{}eksempler/{slug}/\"",
                b.base_url
            )),
            "{slug}: canonical"
        );
        for mt in fm["model_types"].as_array().unwrap() {
            let url = format!("../../modelltype/{}/", mt.as_str().unwrap());
            assert!(html.contains(&url), "{slug} links its model type {url}");
            let term = b
                .project
                .read(&format!("modelltype/{}/index.html", mt.as_str().unwrap()));
            assert!(
                term.contains(&format!("eksempler/{slug}/")),
                "term page {mt} lists {slug}"
            );
        }
    }

    // No broken internal link or asset reference on any page.
    let base_path = b
        .base_url
        .splitn(4, '/')
        .nth(3)
        .map(|p| format!("/{p}"))
        .unwrap();
    let mut broken = Vec::new();
    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        let dir = file.parent().unwrap();
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.is_empty() || url.starts_with('#') || url.contains(':') {
                continue;
            }
            let path = url.split(['#', '?']).next().unwrap();
            let target = match path.strip_prefix(&base_path) {
                Some(p) => out.join(p),
                None => dir.join(path),
            };
            let target = if path.ends_with('/') || path.is_empty() {
                target.join("index.html")
            } else {
                target
            };
            if !target.is_file() {
                broken.push(format!(
                    "{} -> {url}",
                    file.strip_prefix(&out).unwrap().display()
                ));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    // The filter table counts what the content says.
    let facets: Value = serde_json::from_str(&b.project.read("data/facets.json")).unwrap();
    assert_eq!(facets["cases"].as_array().unwrap().len(), b.cases.len());
    for (fi, key) in [(0, "model_types"), (1, "target_groups")] {
        let terms = facets["facets"][fi]["terms"].as_array().unwrap();
        for (ti, term) in terms.iter().enumerate() {
            let slug = term["slug"].as_str().unwrap();
            let expected = b
                .cases
                .values()
                .filter(|fm| {
                    fm[key]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|v| v == slug))
                })
                .count();
            let counted = facets["cases"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|row| {
                    row[5][fi]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|t| t.as_u64() == Some(ti as u64))
                })
                .count();
            assert_eq!(counted, expected, "{key} {slug}");
            let term_page = b.project.read(&format!(
                "{}/{slug}/index.html",
                facets["facets"][fi]["key"].as_str().unwrap()
            ));
            let listed = b
                .cases
                .keys()
                .filter(|s| term_page.contains(&format!("eksempler/{s}/\"")))
                .count();
            assert_eq!(listed, expected, "term page {slug} lists its cases");
        }
    }

    // Feed and sitemap parse as XML, with absolute URLs under base_url.
    let sitemap = b.project.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.iter().all(|l| l.starts_with(&b.base_url)), "{locs:?}");
    for slug in b.cases.keys() {
        assert!(
            locs.contains(&format!("{}eksempler/{slug}/", b.base_url).as_str()),
            "sitemap lacks {slug}"
        );
    }
    let atom = b.project.read("atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml is XML");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), b.cases.len().min(50));
    for link in doc.descendants().filter(|n| n.has_tag_name("link")) {
        assert!(link.attribute("href").unwrap().starts_with(&b.base_url));
    }
    let dates: Vec<&str> = entries
        .iter()
        .filter_map(|e| {
            e.descendants()
                .find(|n| n.has_tag_name("published"))
                .and_then(|n| n.text())
        })
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "feed is newest first: {dates:?}"
    );

    // Open data matches the content.
    let data: Value = serde_json::from_str(&b.project.read("katalog.json")).unwrap();
    let rows = data["cases"].as_array().unwrap();
    assert_eq!(rows.len(), b.cases.len());
    let mut seen = HashSet::new();
    for row in rows {
        let slug = row["slug"].as_str().unwrap();
        let fm = &b.cases[slug];
        seen.insert(slug);
        for key in [
            "title",
            "municipality",
            "municipality_number",
            "population",
            "model_types",
        ] {
            assert_eq!(row[key], fm[key], "{slug}.{key}");
        }
        assert_eq!(
            row["summary"].as_str().unwrap(),
            fm["summary"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(row["url"], format!("{}eksempler/{slug}/", b.base_url));
    }
    assert_eq!(seen.len(), b.cases.len());
}

#[test]
fn works_under_another_base_url_and_keeps_drafts_out() {
    let p = Project::bundled("base");
    p.write(
        "content/eksempler/utkast.md",
        &common::GOOD_CASE
            .replace("draft: false", "draft: true")
            .replace("language: nn", "language: nn\nupdated: 2024-02-01"),
    );
    let (code, _, stderr) = p.katalog(&["build", "--base-url", "https://kommune.example/sub/dir"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !p.output().join("eksempler/utkast").exists(),
        "a draft was published"
    );
    assert!(
        p.read("sitemap.xml")
            .contains("<loc>https://kommune.example/sub/dir/eksempler/")
    );
    assert!(
        p.read("404.html").contains("href=\"/sub/dir/"),
        "404 links from the base path"
    );
    let (code, _, _) = p.katalog(&["build", "--drafts"]);
    assert_eq!(code, 0);
    assert!(p.output().join("eksempler/utkast/index.html").is_file());
}

/// The names a plain page may not take (`katalog::reserved`) must cover every folder a build
/// makes at the site's root: a folder left out would let a page write into it.
#[test]
fn every_folder_at_the_root_is_a_plain_page_or_reserved() {
    let b = build();
    let reserved: Vec<String> = katalog::reserved().map(|r| r.name.to_string()).collect();
    let pages: Vec<String> = std::fs::read_dir(b.project.root.join("content"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".md").map(str::to_string))
        .collect();
    let mut folders = 0;
    for entry in std::fs::read_dir(b.project.output()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().into_string().unwrap();
            assert!(
                reserved.contains(&name) || pages.contains(&name),
                "{name}/ is neither a page nor reserved ({reserved:?})"
            );
            folders += 1;
        }
    }
    assert!(
        folders > 10,
        "the bundled site has cases, taxonomies, search, data…"
    );
}

#[test]
fn search_page_can_be_linked_and_is_kept_out_of_search_engines() {
    let case = common::GOOD_CASE.replace("Tekst.", "[Søk etter grendeutval](/sok/?q=grendeutval).");
    let p = Project::new("sok", &[("content/eksempler/suldal.md", &case)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "a link to /sok/ is valid:\n{stderr}");
    assert!(
        p.read("eksempler/suldal/index.html")
            .contains("href=\"../../sok/?q=grendeutval\""),
        "the link is relative and keeps its query"
    );
    let page = p.read("sok/index.html");
    assert!(page.contains("<title>Søk i katalogen – Testkatalog</title>"));
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/katalog/sok/\">"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex, follow\">"));
    assert!(
        page.contains("id=\"search-fallback\""),
        "an explanation without JavaScript"
    );
    assert!(!p.read("sitemap.xml").contains("/sok/"));
}

#[test]
fn a_site_without_search_has_no_search_box_bundle_or_related_cases() {
    let p = Project::bundled("no-search");
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let case = "eksempler/suldal-grendeutval/index.html";
    assert!(p.read(case).contains("<section class=\"related\""));
    assert!(p.output().join("search/meta.json.gz").is_file());

    p.edit("content/katalog.yaml", |config| {
        format!("search: false\n{config}")
    });
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    for gone in ["search", "sok", "static/search"] {
        assert!(
            !p.output().join(gone).exists(),
            "output/{gone} is still there"
        );
    }
    assert!(
        !p.read(case).contains("class=\"related\""),
        "related cases come from the index"
    );
    for html in html_files(&p.output()) {
        let text = std::fs::read_to_string(&html).unwrap();
        for needle in ["id=\"search-q\"", "static/search/", "sok/"] {
            assert!(!text.contains(needle), "{} has {needle}", html.display());
        }
    }
    assert!(
        p.read("index.html").contains("id=\"filter-links\""),
        "the filters stay"
    );

    // The index of the first build is gone from the cache, and `katalog search` says why.
    assert!(!p.root.join(".katalog-cache/search").exists());
    let (code, stdout, stderr) = p.katalog(&["search", "innbyggerpanel"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(
        stderr.contains("content/katalog.yaml says `search: false`"),
        "{stderr}"
    );

    // With no search page, a link to it is broken.
    let linking = common::GOOD_CASE.replace("Tekst.", "[Søk](/sok/?q=grendeutval).");
    p.write("content/eksempler/lenker-til-sok.md", &linking);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("content/eksempler/lenker-til-sok.md:"),
        "{stderr}"
    );
}

#[test]
fn a_site_theme_overrides_one_block_and_every_card() {
    let p = Project::bundled("theme-override");
    p.edit("content/katalog.yaml", |yaml| {
        yaml.replace("theme: default", "theme: min-kommune")
    });
    p.write(
        "themes/min-kommune/templates/base.html",
        r#"{% extends "default/base.html" %}{% block header %}<header class="min-kommune">Min kommune</header>{% endblock header %}"#,
    );
    p.write(
        "themes/min-kommune/templates/partials/card.html",
        r#"<li class="min-kort"><a href="{{ root }}{{ card.url }}">{{ card.title }}</a></li>"#,
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let cases = std::fs::read_dir(p.root.join("content/eksempler"))
        .unwrap()
        .count();
    let front = p.read("index.html");
    assert_eq!(
        front.matches(r#"<li class="min-kort">"#).count(),
        cases,
        "{front}"
    );
    assert!(
        !front.contains("card__title"),
        "the default card is still used"
    );
    assert!(front.contains(r#"<header class="min-kommune">"#));
    // The same case's card on pages at other depths links from there.
    let slug = attr_values(&front, "href")
        .into_iter()
        .find_map(|h| h.strip_prefix("eksempler/"))
        .expect("a card links to its case")
        .to_string();
    let county = p.read("fylke/vestland/index.html");
    assert!(
        county.contains(r#"<li class="min-kort"><a href="../../eksempler/"#),
        "{county}"
    );
    let with_related = std::fs::read_dir(p.output().join("eksempler"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path().join("index.html")).unwrap())
        .find(|html| html.contains(r#"<ul class="related__list">"#))
        .expect("some case has related cases");
    // Related cases are links with their place, not cards: a case page shows no card.
    assert!(with_related.contains(r#"<li><a href="../../eksempler/"#));
    assert!(!with_related.contains("min-kort") && !with_related.contains("card__title"));
    assert!(
        p.read(&format!("eksempler/{slug}index.html"))
            .contains(r#"<header class="min-kommune">"#)
    );
}

#[test]
fn a_card_template_that_fails_is_reported_once_per_case_and_nothing_is_written() {
    let p = Project::bundled("card-error");
    // A listing stops at its first failing card: one case per page puts every case first on a
    // page of its own, whatever the cases' dates and order.
    p.edit("content/katalog.yaml", |c| {
        c.replace("per_page: 30", "per_page: 1")
    });
    p.write(
        "themes/default/templates/partials/card.html",
        "<li>{{ card.nosuch.deeper }}</li>\n",
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let cases = std::fs::read_dir(p.root.join("content/eksempler"))
        .unwrap()
        .count();
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("error[template]"))
        .collect();
    assert_eq!(errors.len(), cases, "{stderr}");
    for e in &errors {
        assert!(
            e.starts_with(
                "themes/default/templates/partials/card.html:1:1: error[template]: rendering the card of eksempler/"
            ) && e.contains("Field `nosuch` is not defined"),
            "{e}"
        );
    }
    assert!(!p.output().exists(), "a failed build wrote output/");
}

/// Above `print_limit` (default 200) `/trykk/` holds no case, only the selections to print:
/// its size does not grow with the catalogue (a 10,000-case build's is in benches/README.md).
#[test]
fn the_print_page_above_the_limit_is_the_same_size_at_any_number_of_cases() {
    let size = |cases: usize| {
        let p = Project::generated(&format!("print-limit-{cases}"), cases, 1);
        let (code, _, stderr) = p.katalog(&["build"]);
        assert_eq!(code, 0, "{stderr}");
        let html = p.read("trykk/index.html");
        assert!(
            !html.contains("class=\"print-case\""),
            "{cases} cases: /trykk/ prints cases above the limit"
        );
        for facet in ["modelltype", "landsdel", "fylke", "storrelse"] {
            assert!(
                html.contains(&format!("href=\"?{facet}=")),
                "{cases} cases: /trykk/ offers no selection by {facet}"
            );
        }
        html.len()
    };
    let (small, large) = (size(250), size(500));
    // Only the counts beside the choices (a digit more or less) may differ.
    assert!(
        large.abs_diff(small) < 600,
        "/trykk/ is {small} bytes at 250 cases and {large} at 500"
    );
    assert!(large < 100_000, "/trykk/ is {large} bytes");
}
