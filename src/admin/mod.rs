//! The editors' form at `/admin/`, written when katalog.yaml has an `editor:` section: Decap
//! CMS's page, its configuration generated from the contract and the vocabularies (`form.rs`),
//! and katalog's script that fills in what follows from the municipality on saving.

mod form;
pub mod settings;

pub use settings::Editor;

use crate::municipalities::Registry;
use crate::paths;
use crate::site::Site;
use crate::views::escape;
use serde_json::{Map, Value, json};

/// The Decap CMS release the page loads from the CDN, and the subresource integrity hash of
/// its bundle: the npm copy pinned in package-lock.json, as tests/browser/admin.test.mjs checks.
pub const DECAP_URL: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";
pub const DECAP_INTEGRITY: &str =
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";

/// katalog's part of the page: the preview's stylesheet and what a save fills in.
const SCRIPT: &str = include_str!("cms.js");

/// The files of `/admin/` as (path, bytes); none without `editor:`.
pub fn files(site: &Site, registry: &Registry) -> Vec<(String, Vec<u8>)> {
    let Some(editor) = &site.config.editor else {
        return Vec::new();
    };
    let config =
        serde_json::to_string_pretty(&cms_config(site, editor, registry)).unwrap_or_default();
    let config = format!(
        "# Made by katalog from content/katalog.yaml and the content contract: do not edit, it is\n# written anew by every build. JSON is YAML, as Decap CMS reads it.\n{config}\n"
    );
    vec![
        (
            paths::admin("index.html"),
            page(site, registry).into_bytes(),
        ),
        (paths::admin("config.yml"), config.into_bytes()),
        (paths::admin("katalog-cms.js"), SCRIPT.as_bytes().to_vec()),
    ]
}

/// The CMS page: Decap's bundle with its integrity hash, the municipalities' table for cms.js.
fn page(site: &Site, registry: &Registry) -> String {
    let table: Map<String, Value> = registry
        .all
        .iter()
        .map(|m| {
            (
                m.number.to_string(),
                json!([m.name, m.county, m.population]),
            )
        })
        .collect();
    // JSON in a script element: no `</` may end it early.
    let table = Value::Object(table).to_string().replace("</", "<\\/");
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Redigering – {title}</title>\n</head>\n<body>\n<script type=\"application/json\" id=\"kommuner\">{table}</script>\n<script src=\"{DECAP_URL}\" integrity=\"{DECAP_INTEGRITY}\" crossorigin=\"anonymous\"></script>\n<script src=\"katalog-cms.js\"></script>\n</body>\n</html>\n",
        lang = site.config.language,
        title = escape(&site.config.title),
    )
}

/// Decap CMS's configuration: where to save, and the collections of cases and pages.
fn cms_config(site: &Site, editor: &Editor, registry: &Registry) -> Value {
    let config = &site.config;
    let mut backend = json!({
        "name": editor.host,
        "repo": editor.repository,
        "branch": editor.branch,
    });
    let mut set = |k: &str, v: Value| {
        if let Value::Object(m) = &mut backend {
            m.insert(k.to_string(), v);
        }
    };
    if let Some(id) = &editor.app_id {
        set("app_id", id.as_str().into());
    }
    match editor.host.as_str() {
        "github" => {
            if let Some(auth) = &editor.auth_url {
                set("base_url", auth.as_str().into());
            }
        }
        host => {
            if host == "gitlab" {
                set("auth_type", "pkce".into());
            }
            if let Some(url) = &editor.host_url {
                let api = if host == "gitlab" { "api/v4" } else { "api/v1" };
                set("base_url", url.as_str().into());
                set("api_root", format!("{url}/{api}").into());
            }
        }
    }
    let locale = match config.language.as_str() {
        "nn" => "nn_no",
        "en" => "en",
        _ => "nb_no",
    };
    let mut pages = vec![json!({
        "name": "forside",
        "label": "Forsiden",
        "file": "content/_index.md",
        "fields": form::page_fields(),
    })];
    pages.extend(site.pages.iter().map(|p| {
        json!({
            "name": p.slug,
            "label": p.meta.title,
            "file": format!("content/{}.md", p.slug),
            "preview_path": paths::page(&p.slug),
            "fields": form::page_fields(),
        })
    }));
    let mut c = json!({
        "backend": backend,
        // On localhost, with `npx decap-server` running, the form saves into the working tree.
        "local_backend": true,
        "locale": locale,
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": "content/media",
        "public_folder": "media",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": [
            {
                "name": "eksempler",
                "label": "Eksempler",
                "label_singular": "eksempel",
                "description": "Eksemplene i katalogen, i content/eksempler/. Redaktørveiledningen står i content/README.md.",
                "folder": "content/eksempler",
                "extension": "md",
                "format": "yaml-frontmatter",
                "create": true,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}}",
                "preview_path": format!("{}{{{{slug}}}}/", paths::CASES),
                "fields": form::case_fields(config, registry),
            },
            {
                "name": "sider",
                "label": "Sider",
                "description": "Forsiden og de vanlige sidene (content/NAVN.md).",
                "format": "yaml-frontmatter",
                "files": pages,
            },
        ],
    });
    if editor.pull_requests {
        // Each save becomes a branch and a pull request (Decap's editorial workflow).
        if let Value::Object(m) = &mut c {
            m.insert("publish_mode".into(), "editorial_workflow".into());
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    const CONFIG: &str = "title: T\nbase_url: https://example.org/k/\ntaxonomies:\n  modelltype:\n    label: M\n    terms:\n      - { slug: innbyggerpanel, label: Innbyggerpanel }\n  malgruppe:\n    label: G\n    terms: []\n";

    fn site(config: &str) -> Site {
        Site {
            config: parse("content/katalog.yaml", config).unwrap(),
            cases: Vec::new(),
            pages: Vec::new(),
            intro: None,
            facets: Vec::new(),
            media: Vec::new(),
        }
    }

    #[test]
    fn no_editor_section_writes_no_admin_folder() {
        assert!(files(&site(CONFIG), crate::municipalities::registry()).is_empty());
    }

    #[test]
    fn the_form_has_every_case_key_and_the_vocabularies() {
        let text =
            format!("{CONFIG}editor:\n  host: github\n  repository: o/r\n  pull_requests: true\n");
        let files = files(&site(&text), crate::municipalities::registry());
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "admin/index.html",
                "admin/config.yml",
                "admin/katalog-cms.js"
            ]
        );
        let yml = String::from_utf8(files[1].1.clone()).unwrap();
        let json = yml
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<String>();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["publish_mode"], "editorial_workflow");
        assert_eq!(v["backend"]["repo"], "o/r");
        let fields = v["collections"][0]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let mut keys: Vec<&str> = crate::validate::CASE_FIELDS
            .iter()
            .map(|f| f.name)
            .collect();
        keys.push("body");
        assert_eq!(names, keys);
        let field = |n: &str| fields.iter().find(|f| f["name"] == n).unwrap();
        assert_eq!(
            field("model_types")["options"],
            json!([{ "label": "Innbyggerpanel", "value": "innbyggerpanel" }])
        );
        assert_eq!(field("model_types")["min"], 1);
        assert_eq!(
            field("municipality_number")["options"]
                .as_array()
                .unwrap()
                .len(),
            357
        );
        assert_eq!(
            field("budget")["fields"][1]["fields"][1]["widget"],
            "number"
        );
        assert!(
            field("body")["default"]
                .as_str()
                .unwrap()
                .contains("## Erfaringer")
        );
        // Every key has a Norwegian label, not its name.
        for f in fields {
            assert_ne!(f["label"], f["name"], "{f}");
        }
        let page = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(page.contains(&format!("integrity=\"{DECAP_INTEGRITY}\"")));
        assert!(page.contains("\"1133\":[\"Hjelmeland\",\"Rogaland\","));
    }

    #[test]
    fn editor_settings_are_checked_at_their_lines() {
        let errs = |editor: &str| -> Vec<String> {
            parse(
                "content/katalog.yaml",
                &format!("{CONFIG}editor:\n{editor}"),
            )
            .unwrap_err()
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect()
        };
        assert_eq!(
            errs("  host: gitlob\n  repository: o/r\n"),
            [
                "content/katalog.yaml:12:9: error[editor.host]: unknown Git host \"gitlob\"; did you mean \"gitlab\"? (valid: github, gitlab, gitea)"
            ]
        );
        assert_eq!(
            errs("  host: github\n  repository: just-a-name\n  pull_requests: ja\n"),
            [
                "content/katalog.yaml:13:15: error[editor.repository]: \"just-a-name\" is not a repository: write OWNER/NAME as in the address on the Git host, e.g. kommune/inspirasjonskatalog",
                "content/katalog.yaml:14:18: error[editor.pull_requests]: must be true or false, found text",
            ]
        );
        let gitea = errs("  host: gitea\n  repository: o/r\n");
        assert!(
            gitea[0].contains("error[editor.app_id]: editor.host gitea needs app_id"),
            "{gitea:?}"
        );
        assert!(
            gitea[1].contains("error[editor.host_url]: editor.host gitea needs host_url"),
            "{gitea:?}"
        );
        let ok = parse("content/katalog.yaml", &format!("{CONFIG}editor:\n  host: gitlab\n  repository: o/r\n  app_id: abc\n  pull_requests: false\n")).unwrap();
        let e = ok.editor.unwrap();
        assert_eq!((e.branch.as_str(), e.pull_requests), ("main", false));
    }
}
