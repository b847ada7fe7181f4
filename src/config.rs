//! `content/katalog.yaml`: the site's settings and the vocabularies of its two taxonomies.

use crate::check::{Checker, is_http_url, is_slug};
use crate::diagnostics::Diagnostic;
use crate::yaml;

pub const LANGUAGES: [&str; 3] = ["nb", "nn", "en"];

/// The taxonomies of the contract and the case key that tags each.
pub const TAXONOMY_KEYS: [(&str, &str); 2] = [
    ("modelltype", "model_types"),
    ("malgruppe", "target_groups"),
];

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub per_page: usize,
    /// Pattern of the "propose a change" link, with `{path}` for the file's path under content/.
    pub edit_url: Option<String>,
    /// Whether the build makes the search index (and from it the search bundle and related
    /// cases); `search: false` leaves them all out.
    pub search: bool,
    /// `modelltype` then `malgruppe`.
    pub taxonomies: Vec<Taxonomy>,
    /// Above this many cases `/trykk/` holds no cases, only the selections to print.
    pub print_limit: usize,
    /// Questions to discuss that fit every case: the end of every printed selection.
    pub questions: Vec<String>,
    /// The editors' form (`/admin/`); none without an `editor:` section.
    pub editor: Option<crate::admin::Editor>,
    /// Publisher, licence, accessibility and security contact (`publish::settings`).
    pub publishing: crate::publish::Publishing,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub key: String,
    pub label: String,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub label: String,
    pub description: String,
    /// Questions to discuss for the cases with this term (case pages, printed selections).
    pub questions: Vec<String>,
}

impl Config {
    pub fn taxonomy(&self, key: &str) -> &Taxonomy {
        self.taxonomies
            .iter()
            .find(|t| t.key == key)
            .expect("both taxonomies exist after validation")
    }

    /// The path part of `base_url` (`/katalog/`), for pages served at any depth (404).
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

pub const KEYS: [&str; 16] = [
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "per_page",
    "edit_url",
    "search",
    "taxonomies",
    "print_limit",
    "questions",
    "editor",
    "publisher",
    "license",
    "accessibility",
    "security_contact",
];

/// How many cases `/trykk/` prints without a selection when `print_limit` is not set.
pub const DEFAULT_PRINT_LIMIT: usize = 200;

/// The path of the settings file as messages name it.
pub const PATH: &str = "content/katalog.yaml";

/// The text of `ROOT/content/katalog.yaml`; a missing file is a usage error (exit 2).
pub fn read_text(root: &std::path::Path) -> Result<String, crate::error::Error> {
    let path = root.join(PATH);
    std::fs::read_to_string(&path).map_err(|e| {
        crate::error::Error::Usage(format!(
            "cannot read {}: {e}. Run katalog in the folder that holds content/ and themes/, or pass --root DIR",
            path.display()
        ))
    })
}

/// Reads `ROOT/content/katalog.yaml`, for commands that need only the settings (`new`, `schema`).
/// A missing file is a usage error (exit 2), an invalid one a content error (exit 1).
pub fn read(root: &std::path::Path) -> Result<Config, crate::error::Error> {
    parse(PATH, &read_text(root)?).map_err(crate::error::Error::Content)
}

pub fn parse(path: &str, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut c = Checker::new(path);
    let root = match yaml::parse(text, 0) {
        Ok(n) => n,
        Err((pos, msg)) => {
            c.error(pos, "yaml", msg);
            return Err(c.diags);
        }
    };
    let Some(f) = c.fields(&root, "", &KEYS, &["title", "base_url", "taxonomies"]) else {
        return Err(c.diags);
    };
    let title = f.get("title").and_then(|n| c.string(n, "title"));
    let description = f
        .get("description")
        .and_then(|n| c.string(n, "description"));
    let base_url = f.get("base_url").and_then(|n| {
        let s = c.string(n, "base_url")?;
        if is_http_url(&s) {
            Some(if s.ends_with('/') { s } else { format!("{s}/") })
        } else {
            c.error(n.pos, "base_url", format!("\"{s}\" is not an absolute http(s) URL; write e.g. https://example.org/katalog/"));
            None
        }
    });
    let language = match f.get("language") {
        Some(n) => c
            .choice(n, "language", "language", &LANGUAGES)
            .map(str::to_string),
        None => Some("nb".to_string()),
    };
    let theme = match f.get("theme") {
        Some(n) => c.string(n, "theme").filter(|t| {
            let ok = is_slug(t);
            if !ok {
                c.error(
                    n.pos,
                    "theme",
                    format!("\"{t}\" is not a theme folder name (a-z, 0-9 and -)"),
                );
            }
            ok
        }),
        None => Some("default".to_string()),
    };
    let per_page = match f.get("per_page") {
        Some(n) => c.whole_number(n, "per_page", 1).map(|v| v as usize),
        None => Some(30),
    };
    let edit_url = f.get("edit_url").and_then(|n| {
        let s = c.string(n, "edit_url")?;
        if !is_http_url(&s) || !s.contains("{path}") {
            c.error(n.pos, "edit_url", "must be an http(s) URL containing {path}, e.g. https://github.com/ORG/REPO/edit/main/content/{path}");
            return None;
        }
        Some(s)
    });
    let search = match f.get("search") {
        Some(n) => c.boolean(n, "search"),
        None => Some(true),
    };
    let taxonomies = f
        .get("taxonomies")
        .map(|n| taxonomies(&mut c, n))
        .unwrap_or_default();
    let print_limit = match f.get("print_limit") {
        Some(n) => c.whole_number(n, "print_limit", 1).map(|v| v as usize),
        None => Some(DEFAULT_PRINT_LIMIT),
    };
    let questions = f
        .get("questions")
        .map(|n| questions(&mut c, n, "questions"))
        .unwrap_or_default();
    let editor = f
        .get("editor")
        .and_then(|n| crate::admin::settings::read(&mut c, n));
    let publishing = crate::publish::read(&mut c, &f);
    if !c.diags.is_empty() {
        return Err(c.diags);
    }
    match (
        title,
        base_url,
        language,
        theme,
        per_page,
        search,
        print_limit,
    ) {
        (
            Some(title),
            Some(base_url),
            Some(language),
            Some(theme),
            Some(per_page),
            Some(search),
            Some(print_limit),
        ) => Ok(Config {
            title,
            description: description.unwrap_or_default(),
            base_url,
            language,
            theme,
            per_page,
            edit_url,
            search,
            taxonomies,
            print_limit,
            questions,
            editor,
            publishing,
        }),
        _ => Err(c.diags),
    }
}

fn taxonomies(c: &mut Checker, node: &yaml::Node) -> Vec<Taxonomy> {
    let keys: Vec<&str> = TAXONOMY_KEYS.iter().map(|(k, _)| *k).collect();
    let Some(f) = c.fields(node, "taxonomies", &keys, &keys) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in keys {
        let Some(n) = f.get(key) else { continue };
        let prefix = format!("taxonomies.{key}");
        let Some(tf) = c.fields(n, &prefix, &["label", "terms"], &["label", "terms"]) else {
            continue;
        };
        let label = tf.get("label").and_then(|n| c.string(n, &tf.key("label")));
        let mut terms: Vec<Term> = Vec::new();
        if let Some(tn) = tf.get("terms") {
            for (i, t) in c.list(tn, &tf.key("terms")).iter().enumerate() {
                let tk = format!("{prefix}.terms[{i}]");
                let Some(g) = c.fields(
                    t,
                    &tk,
                    &["slug", "label", "description", "questions"],
                    &["slug", "label"],
                ) else {
                    continue;
                };
                let slug = g.get("slug").and_then(|n| {
                    let s = c.string(n, &g.key("slug"))?;
                    if !is_slug(&s) {
                        c.error(
                            n.pos,
                            &g.key("slug"),
                            format!("\"{s}\" is not a slug: use a-z, 0-9 and -"),
                        );
                        return None;
                    }
                    if terms.iter().any(|t| t.slug == s) {
                        c.error(n.pos, &g.key("slug"), format!("\"{s}\" is listed twice"));
                        return None;
                    }
                    Some(s)
                });
                let label = g.get("label").and_then(|n| c.string(n, &g.key("label")));
                let description = g
                    .get("description")
                    .and_then(|n| c.string(n, &g.key("description")))
                    .unwrap_or_default();
                let questions = g
                    .get("questions")
                    .map(|n| questions(c, n, &g.key("questions")))
                    .unwrap_or_default();
                if let (Some(slug), Some(label)) = (slug, label) {
                    terms.push(Term {
                        slug,
                        label,
                        description,
                        questions,
                    });
                }
            }
        }
        if let Some(label) = label {
            out.push(Taxonomy {
                key: key.to_string(),
                label,
                terms,
            });
        }
    }
    out
}

/// `questions`: a list of texts, each reported at its line when it is not one.
fn questions(c: &mut Checker, node: &yaml::Node, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, q) in c.list(node, key).iter().enumerate() {
        let key = format!("{key}[{i}]");
        match &q.value {
            // `- Hvem sitter i utvalget: politikere?` is a key and its value to YAML.
            yaml::Value::Map(_) | yaml::Value::Seq(_) => c.error(
                q.pos,
                &key,
                format!(
                    "must be one question as text, found {}; a question with \": \" in it needs quotes: - \"Hvem sitter i utvalget: …?\"",
                    q.value.kind()
                ),
            ),
            _ => out.extend(c.string(q, &key)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: T\nbase_url: https://example.org/katalog\ntaxonomies:\n  modelltype:\n    label: Modelltype\n    terms:\n      - { slug: innbyggerpanel, label: Innbyggerpanel }\n  malgruppe:\n    label: Målgruppe\n    terms: []\n";

    #[test]
    fn reads_a_minimal_config_with_defaults() {
        let c = parse("content/katalog.yaml", GOOD).unwrap();
        assert_eq!(c.base_url, "https://example.org/katalog/");
        assert_eq!(c.base_path(), "/katalog/");
        assert_eq!(c.language, "nb");
        assert_eq!(c.per_page, 30);
        assert!(c.search);
        assert_eq!(c.taxonomy("modelltype").terms[0].slug, "innbyggerpanel");
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let bad = GOOD.replace("title: T", "titel: T\nlanguage: nbb");
        let errs = parse("content/katalog.yaml", &bad).unwrap_err();
        let text: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert!(text.iter().any(|t| t.starts_with("content/katalog.yaml:1:1: error[titel]: unknown key \"titel\"; did you mean \"title\"?")), "{text:?}");
        assert!(text.iter().any(|t| t.starts_with("content/katalog.yaml:2:11: error[language]: unknown language \"nbb\"; did you mean \"nb\"?")), "{text:?}");
        assert!(
            text.iter()
                .any(|t| t.contains("missing required key \"title\"")),
            "{text:?}"
        );
    }

    #[test]
    fn questions_and_print_limit_are_optional_and_checked() {
        let c = parse("content/katalog.yaml", GOOD).unwrap();
        assert_eq!(c.print_limit, DEFAULT_PRINT_LIMIT);
        assert!(c.questions.is_empty());
        let with = GOOD.replace(
            "label: Innbyggerpanel }",
            "label: Innbyggerpanel, questions: [Hvem trekkes?] }",
        );
        let c = parse(
            "content/katalog.yaml",
            &format!("print_limit: 5\nquestions:\n  - Hva vil vi prøve?\n{with}"),
        )
        .unwrap();
        assert_eq!(c.print_limit, 5);
        assert_eq!(c.questions, ["Hva vil vi prøve?"]);
        assert_eq!(
            c.taxonomy("modelltype").terms[0].questions,
            ["Hvem trekkes?"]
        );
        let bad = format!("print_limit: 0\nquestions: Hva?\n{GOOD}");
        let text: Vec<String> = parse("content/katalog.yaml", &bad)
            .unwrap_err()
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect();
        assert!(
            text[0].starts_with("content/katalog.yaml:1:14: error[print_limit]:"),
            "{text:?}"
        );
        assert_eq!(
            text[1],
            "content/katalog.yaml:2:12: error[questions]: must be a list like [a, b], found text"
        );
    }

    #[test]
    fn search_can_be_turned_off_with_a_boolean_only() {
        let off = parse("content/katalog.yaml", &format!("search: false\n{GOOD}")).unwrap();
        assert!(!off.search);
        let errs = parse("content/katalog.yaml", &format!("search: nei\n{GOOD}")).unwrap_err();
        assert_eq!(
            errs[0].to_string().lines().next().unwrap(),
            "content/katalog.yaml:1:9: error[search]: must be true or false, found text"
        );
    }
}
