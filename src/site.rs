//! The site model: published cases in listing order, plain pages, and the five facets with the
//! cases behind each term. Everything the renderer and the data files need, computed once.

use crate::config::Config;
use crate::markdown::{Rendered, slugify};
use crate::municipalities::{self, LANDSDELER, SIZE_CLASSES};
use crate::paths;
pub use crate::paths::FACET_KEYS;
use crate::strings::Strings;
use crate::validate::{CaseMeta, PageMeta};
use std::collections::HashSet;
use std::sync::Arc;

pub struct Case {
    pub slug: String,
    /// Source path, `content/eksempler/SLUG.md`.
    pub path: String,
    pub meta: Arc<CaseMeta>,
    pub body: Arc<Rendered>,
    /// The date of the last commit that touched the file (`history.rs`).
    pub committed: Option<String>,
    /// Per facet (FACET_KEYS order), the indices of this case's terms in that facet.
    pub terms: [Vec<usize>; 5],
    /// The page language: the case's own or the site's.
    pub lang: String,
    /// A hash of the source text: equal means the same page (for incremental rendering).
    pub fp: u64,
    /// Indices of its related cases, best first: found in the search index (`search::related`)
    /// by `build::write`, empty until then.
    pub related: Vec<usize>,
}

impl Case {
    pub fn url(&self) -> String {
        paths::case(&self.slug)
    }

    /// When the case last changed ("Sist endret"): `updated` if set, else its last commit.
    pub fn last_changed(&self) -> Option<&str> {
        self.meta.updated.as_deref().or(self.committed.as_deref())
    }

    /// When the case last changed, or else when it was published: the sitemap's `lastmod`.
    pub fn modified(&self) -> Option<&str> {
        self.last_changed().or(self.meta.date.as_deref())
    }
}

pub struct Page {
    pub slug: String,
    pub meta: PageMeta,
    pub body: Arc<Rendered>,
    pub fp: u64,
}

pub struct Facet {
    pub key: &'static str,
    pub label: String,
    pub terms: Vec<FacetTerm>,
}

pub struct FacetTerm {
    pub slug: String,
    pub label: String,
    pub description: String,
    /// Indices into `Site::cases`, in listing order.
    pub cases: Vec<usize>,
}

pub struct Site {
    pub config: Config,
    pub cases: Vec<Case>,
    pub pages: Vec<Page>,
    pub intro: Option<Page>,
    pub facets: Vec<Facet>,
    pub media: Vec<String>,
}

/// Every term of every facet as (facet key, slug, label, description), before cases are known.
fn all_terms(config: &Config, strings: &Strings) -> Vec<Facet> {
    let mut facets = Vec::new();
    for key in FACET_KEYS {
        let label = strings.get(&format!("facet_{key}"));
        let terms: Vec<FacetTerm> = match key {
            "modelltype" | "malgruppe" => config
                .taxonomy(key)
                .terms
                .iter()
                .map(|t| term(&t.slug, &t.label, &t.description))
                .collect(),
            "landsdel" => LANDSDELER
                .iter()
                .map(|(slug, label, _)| {
                    term(
                        slug,
                        label,
                        &strings.fill("term_description_landsdel", label),
                    )
                })
                .collect(),
            "fylke" => municipalities::registry()
                .counties()
                .into_iter()
                .map(|c| term(&slugify(c), c, &strings.fill("term_description_fylke", c)))
                .collect(),
            _ => SIZE_CLASSES
                .iter()
                .map(|(slug, _)| {
                    let label = strings.get(&format!("size_{}", slug.replace('-', "_")));
                    let description =
                        strings.fill("term_description_storrelse", &label.to_lowercase());
                    term(slug, &label, &description)
                })
                .collect(),
        };
        let label = match key {
            "modelltype" | "malgruppe" => config.taxonomy(key).label.clone(),
            _ => label,
        };
        facets.push(Facet { key, label, terms });
    }
    facets
}

fn term(slug: &str, label: &str, description: &str) -> FacetTerm {
    FacetTerm {
        slug: slug.to_string(),
        label: label.to_string(),
        description: description.to_string(),
        cases: Vec::new(),
    }
}

/// The paths (without leading `/`) of every page and file the site will have, so that links
/// can be checked before anything is rendered.
pub fn site_paths(
    config: &Config,
    strings: &Strings,
    case_slugs: &[&str],
    page_slugs: &[&str],
    media: &[String],
) -> HashSet<String> {
    let mut p: HashSet<String> = [
        "",
        paths::PRINT,
        paths::COMPARE,
        paths::FEED,
        paths::SITEMAP,
        paths::OPEN_DATA,
        paths::ROBOTS,
        paths::ACCESSIBILITY,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if config.search {
        p.insert(paths::SEARCH_PAGE.to_string());
    }
    if config.publishing.publisher.is_some() {
        p.insert(paths::DCAT.to_string());
    }
    for f in all_terms(config, strings) {
        p.insert(paths::taxonomy(f.key));
        for t in f.terms {
            p.insert(paths::term(f.key, &t.slug));
        }
    }
    p.insert(paths::MUNICIPALITIES.to_string());
    let registry = municipalities::registry();
    p.extend(
        registry
            .all
            .iter()
            .map(|m| paths::municipality(registry.slug(m))),
    );
    p.extend(case_slugs.iter().map(|s| paths::case(s)));
    p.extend(page_slugs.iter().map(|s| paths::page(s)));
    p.extend(media.iter().cloned());
    p
}

impl Site {
    pub fn new(
        config: Config,
        strings: &Strings,
        mut cases: Vec<Case>,
        mut pages: Vec<Page>,
        intro: Option<Page>,
        media: Vec<String>,
    ) -> Site {
        // Newest first; undated cases after dated ones; then by slug, so the order is stable.
        cases.sort_by(|a, b| {
            b.meta
                .date
                .cmp(&a.meta.date)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        let mut facets = all_terms(&config, strings);
        for (ci, case) in cases.iter_mut().enumerate() {
            let county = slugify(&case.meta.county);
            let landsdel = municipalities::landsdel_of(&case.meta.county).map_or("", |(s, _)| s);
            let size = municipalities::size_class_of(case.meta.population);
            let values: [Vec<&str>; 5] = [
                case.meta.model_types.iter().map(String::as_str).collect(),
                case.meta.target_groups.iter().map(String::as_str).collect(),
                vec![landsdel],
                vec![county.as_str()],
                vec![size],
            ];
            for (fi, vals) in values.iter().enumerate() {
                for v in vals {
                    if let Some(ti) = facets[fi].terms.iter().position(|t| t.slug == *v) {
                        facets[fi].terms[ti].cases.push(ci);
                        case.terms[fi].push(ti);
                    }
                }
            }
        }
        Site {
            config,
            cases,
            pages,
            intro,
            facets,
            media,
        }
    }
}
